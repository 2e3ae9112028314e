// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exportaccess.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

struct Snapshot;
struct ServerlessCacheSnapshot;

// Whether an export to a bucket will work, item by item, before anything is called: the reasons exports fail
// (tests/data/snapshot-rules.md, "Export to S3") as a value. evaluate() is a pure function from the facts S3 and
// ElastiCache gave (ExportCheckRunner collects them) to the items; each item says whether it passes, will fail or
// cannot be told, in plain words, and offers the fixes CacheSnap can make (ExportCheckFixer applies one).
namespace ExportCheck {

enum class Verdict { Passes, WillFail, CantTell };

enum class ItemId {
    BucketName, // DNS-compliant (SnapshotNames::checkBucketName)
    BucketExists,
    BucketRegion, // the snapshot's region
    BucketOwner, // the caller's account
    ElastiCacheAccess, // granted by the region's method (ExportAccess)
    AclsEnabled, // only where the region's method is an ACL grant
    ObjectsFree, // none of the objects the export writes exists yet
    SourceExportable, // engine, data tiering, status
    Encryption, // default encryption with a customer-managed KMS key (a note)
    CallerPermissions, // what the export call itself needs of the caller (s3:GetBucketLocation, s3:ListAllMyBuckets)
};

enum class FixKind {
    GrantAcl, // PutBucketAcl with the merged ACL
    AddPolicyStatement, // PutBucketPolicy with the merged policy
    EnableAclsAndGrant, // PutBucketOwnershipControls (BucketOwnerPreferred), then PutBucketAcl
};

// One document a fix changes, exactly as it is and as it will be.
struct Change
{
    QString what; // "Bucket ACL", "Bucket policy", "Object Ownership"
    QString before;
    QString after;
};

struct Fix
{
    FixKind kind = FixKind::GrantAcl;
    QString title; // "Grant ElastiCache access in the bucket ACL"
    QString detail; // what it does and what it keeps
    QList<Change> changes; // in the order they are written
};

struct Item
{
    ItemId id = ItemId::BucketName;
    Verdict verdict = Verdict::CantTell;
    QString title; // "ElastiCache has access"
    QString detail; // plain words: why, and what to do
    QStringList missingPermissions; // CantTell because S3 said AccessDenied: the caller's IAM actions it lacks
    QList<Fix> fixes; // empty when CacheSnap cannot fix it
};

// What one S3 call answered, for the check.
struct Outcome
{
    enum class State {
        NotMade, // not asked (yet)
        Ok, // answered (a documented "absent" answer such as NoSuchBucketPolicy counts as Ok with no value)
        Denied, // AccessDenied / 403
        NoBucket, // NoSuchBucket / 404
        Failed, // anything else (network, throttling after retries, an unreadable answer)
    };
    State state = State::NotMade;
    QString code; // S3's error code
    QString message;

    static Outcome ok();
    bool isOk() const { return state == State::Ok; }
};

// The source snapshot, as far as the check needs it.
struct Source
{
    bool serverless = false;
    QString name;
    QString engine; // "redis", "valkey", "memcached"
    QString status; // "available", …
    bool dataTiering = false;
    QStringList objectKeys; // what the export writes (ExportPlan)
};
// targetName: CopySnapshot's TargetSnapshotName (node-based; the objects' prefix).
Source sourceOf(const Snapshot &snapshot, const QString &targetName);
Source sourceOf(const ServerlessCacheSnapshot &snapshot);

// Everything the check reads. The runner fills it; tests build it by hand.
struct Facts
{
    QString bucket;
    QString region; // the snapshot's (the client's) region
    std::optional<Source> source; // empty when the snapshot could not be read (sourceProblem says why)
    QString sourceProblem;

    Outcome listBuckets; // ListBuckets (s3:ListAllMyBuckets)
    bool bucketListed = false; // among the caller's buckets
    QString listedRegion; // ListBuckets' BucketRegion for it, when given

    Outcome headBucket; // HeadBucket (s3:ListBucket)
    QString headRegion; // x-amz-bucket-region

    Outcome location; // GetBucketLocation (s3:GetBucketLocation)
    QString bucketRegion; // the region GetBucketLocation names (empty constraint = us-east-1)

    Outcome acl; // GetBucketAcl (s3:GetBucketAcl)
    ExportAccess::Acl aclValue;
    QString callerCanonicalId; // ListBuckets' Owner.ID

    Outcome policy; // GetBucketPolicy (s3:GetBucketPolicy); Ok with an empty text for NoSuchBucketPolicy
    QString policyText;

    Outcome ownership; // GetBucketOwnershipControls; Ok with empty for OwnershipControlsNotFoundError
    QString objectOwnership;

    Outcome encryption; // GetBucketEncryption (s3:GetEncryptionConfiguration); Ok with empty when none
    QString sseAlgorithm; // "AES256", "aws:kms", "aws:kms:dsse"
    QString kmsKeyId;

    Outcome objects; // ListObjectsV2 under the keys' prefix (s3:ListBucket)
    QStringList existingKeys; // the listed keys that are among source->objectKeys
};

struct Report
{
    QString bucket;
    QString region;
    QList<Item> items;

    // WillFail if any item will fail, else CantTell if any cannot be told, else Passes.
    Verdict overall() const;
    bool ready() const { return overall() == Verdict::Passes; }
    const Item *item(ItemId id) const; // null when the check left it out (nothing to say without a bucket)
};

// The items in a fixed order (ItemId's). Items about a bucket that does not exist, or whose name is invalid, are
// left out.
Report evaluate(const Facts &facts);

// Names for output (JSON members and values in the API's style: "ElastiCacheAccess", "WillFail", "GrantAcl").
QString idName(ItemId id);
QString verdictName(Verdict verdict);
QString fixKindName(FixKind kind);

// The IAM action each S3 call the check makes needs of the caller.
QString permissionFor(const QString &operation);

} // namespace ExportCheck
