// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// Who ElastiCache is to S3 in each partition and Region, what a bucket must grant it for an export, and the
// merges that grant it without removing anything. Plain values in and out (no S3 client types), so the export
// check, its fixes and the sandbox's export apply one rule. The rule and its sources are in
// tests/data/snapshot-rules.md ("Export to S3", "What CacheSnap applies").
namespace ExportAccess {

enum class Method {
    AclGrant, // a bucket ACL grant to ElastiCache's canonical user
    BucketPolicy, // a bucket policy statement for ElastiCache's service principal
};

// The grant a Region takes.
struct GrantRule
{
    QString region;
    QString partition; // "aws", "aws-us-gov", "aws-cn", "aws-iso", ...
    bool optIn = false; // an "aws" Region launched after 20 March 2019
    // False where CacheSnap does not know ElastiCache's grantee (China, ISO, EUSC): the check can't tell.
    bool known = false;
    QList<Method> methods; // the accepted methods, the documented one first; empty when !known

    QString canonicalId; // AclGrant: the grantee
    QStringList aclPermissions; // AclGrant: "READ", "WRITE", "READ_ACP" (FULL_CONTROL covers them)

    QString servicePrincipal; // BucketPolicy: "<region>.elasticache-snapshot.amazonaws.com"
    QString arnPartition; // BucketPolicy: "aws" in arn:aws:s3:::bucket
    QStringList bucketActions; // BucketPolicy: on arn:…:s3:::<bucket>
    QStringList objectActions; // BucketPolicy: on arn:…:s3:::<bucket>/*

    bool accepts(Method method) const;
    QStringList policyActions() const; // bucketActions then objectActions
};

GrantRule ruleFor(const QString &region);
QString partitionOf(const QString &region);
bool isOptInRegion(const QString &region);

// The canonical IDs of the ElastiCache grantee (tests/data/snapshot-rules.md).
QString commercialCanonicalId();
QString govCloudCanonicalId();

// A bucket ACL as GetBucketAcl returns it and PutBucketAcl takes it.
struct Grant
{
    QString granteeType; // "CanonicalUser", "Group", "AmazonCustomerByEmail"
    QString id; // CanonicalUser
    QString displayName;
    QString uri; // Group
    QString email; // AmazonCustomerByEmail
    QString permission; // FULL_CONTROL, READ, WRITE, READ_ACP, WRITE_ACP

    bool operator==(const Grant &) const = default;
};

struct Acl
{
    QString ownerId;
    QString ownerDisplayName;
    QList<Grant> grants;

    bool operator==(const Acl &) const = default;
};

// S3's Object Ownership setting; empty when the bucket has no ownership controls (ACLs on, as before 2023).
bool aclsEnabled(const QString &objectOwnership);

// The rule's ACL permissions the ACL does not give the rule's canonical user directly, in the rule's order.
QStringList missingAclPermissions(const GrantRule &rule, const Acl &acl);

struct AclMerge
{
    Acl before;
    Acl after; // before plus the missing grants, appended; the owner and every existing grant as they were
    QList<Grant> added;
    bool changed() const { return !added.isEmpty(); }
};
AclMerge mergeAcl(const GrantRule &rule, const Acl &acl);

// The ACL as `aws s3api get-bucket-acl` prints it (Owner, then Grants), for before/after texts.
QString aclDocument(const Acl &acl);

struct PolicyEvaluation
{
    bool readable = true; // false: the text is not a JSON policy document
    QString problem; // why not readable
    QStringList missingActions; // required actions no Allow statement gives on their resource
    QStringList deniedActions; // required actions a Deny statement refuses (no merge can fix those)
    bool granted() const { return readable && missingActions.isEmpty() && deniedActions.isEmpty(); }
};
// policyJson empty means the bucket has no policy.
PolicyEvaluation evaluatePolicy(const GrantRule &rule, const QString &bucket, const QString &policyJson);

struct PolicyMerge
{
    bool ok = false; // false: the policy could not be read, or the rule has no policy method
    QString problem;
    QString before; // the policy as read, formatted as the after text is (empty when there was none)
    QString after; // what PutBucketPolicy writes
    bool changed = false;
    QStringList stillDenied; // Deny statements CacheSnap will not remove
};
// Extends the statement for the rule's principal (CacheSnap's own Sid "ElastiCacheExport", or the first plain
// Allow statement naming only that principal) with what it lacks, or appends one; keeps every other statement and
// the document's other members (Version, Id). Nothing is removed. Granted already: changed is false and after
// equals before.
PolicyMerge mergePolicy(const GrantRule &rule, const QString &bucket, const QString &policyJson);

// The export's decision as the service makes it: granted by one of the Region's methods, or the first
// permission missing, in the service's words ("READ", "WRITE", "READ_ACP").
struct Decision
{
    bool known = true; // false: no rule for the Region
    bool granted = false;
    Method grantedBy = Method::AclGrant;
    QStringList missing; // in the service's words, for "ElastiCache has not been granted %1 permissions"
};
Decision decide(const QString &region, const QString &bucket, const Acl &acl, const QString &policyJson,
                const QString &objectOwnership);

// The ACL permission the service names for a missing policy action (s3:ListBucket → READ, …).
QString serviceWordFor(const QString &action);

} // namespace ExportAccess
