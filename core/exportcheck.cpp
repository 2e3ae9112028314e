// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportcheck.h"

#include "exportplan.h"
#include "model/elasticache.h"
#include "snapshotnames.h"

using namespace Qt::StringLiterals;
using namespace ExportAccess;

namespace ExportCheck {

namespace {

Item makeItem(ItemId id, Verdict verdict, QString title, QString detail)
{
    Item item;
    item.id = id;
    item.verdict = verdict;
    item.title = std::move(title);
    item.detail = std::move(detail);
    return item;
}

// An item that cannot be told because S3 refused the caller the call that would tell it.
Item deniedItem(ItemId id, const QString &title, const QString &what, const QString &operation)
{
    Item item = makeItem(id, Verdict::CantTell, title,
                         u"Can't tell %1: S3 refused %2 (%3). Your credentials need %4 on the bucket."_s.arg(
                             what, operation, u"AccessDenied"_s, permissionFor(operation)));
    item.missingPermissions = {permissionFor(operation)};
    return item;
}

Item failedItem(ItemId id, const QString &title, const QString &what, const QString &operation, const Outcome &o)
{
    return makeItem(id, Verdict::CantTell, title,
                    u"Can't tell %1: %2 failed (%3%4)."_s.arg(what, operation, o.code,
                                                              o.message.isEmpty() ? QString() : u": "_s + o.message));
}

Item unreadItem(ItemId id, const QString &title, const QString &what, const QString &operation, const Outcome &o)
{
    if (o.state == Outcome::State::Denied)
        return deniedItem(id, title, what, operation);
    return failedItem(id, title, what, operation, o);
}

bool anyNoBucket(const Facts &f)
{
    for (const Outcome *o : {&f.headBucket, &f.location, &f.acl, &f.policy, &f.ownership, &f.encryption, &f.objects}) {
        if (o->state == Outcome::State::NoBucket)
            return true;
    }
    return false;
}

bool anyAnswered(const Facts &f)
{
    for (const Outcome *o : {&f.headBucket, &f.location, &f.acl, &f.policy, &f.ownership, &f.encryption, &f.objects}) {
        if (o->isOk() || o->state == Outcome::State::Denied)
            return true;
    }
    return false;
}

QString knownBucketRegion(const Facts &f)
{
    if (f.location.isOk())
        return f.bucketRegion;
    if (!f.headRegion.isEmpty())
        return f.headRegion;
    return f.listedRegion;
}

Item sourceItem(const Facts &f)
{
    const QString title = u"The snapshot can be exported"_s;
    if (!f.source)
        return makeItem(ItemId::SourceExportable, Verdict::CantTell, title,
                        u"Can't tell whether the snapshot can be exported: %1"_s.arg(f.sourceProblem));
    const Source &s = *f.source;
    if (s.engine.compare(u"memcached"_s, Qt::CaseInsensitive) == 0)
        return makeItem(ItemId::SourceExportable, Verdict::WillFail, title,
                        s.serverless ? u"%1 is a Memcached snapshot; ExportServerlessCacheSnapshot exports Valkey and "
                                       "Redis OSS snapshots only."_s.arg(s.name)
                                     : u"%1 is a Memcached snapshot; only Valkey and Redis OSS snapshots can be "
                                       "exported."_s.arg(s.name));
    if (s.dataTiering)
        return makeItem(
            ItemId::SourceExportable, Verdict::WillFail, title,
            u"%1 is a snapshot of a data-tiering cluster (r6gd); those cannot be exported to S3."_s.arg(s.name));
    if (s.status != u"available")
        return makeItem(ItemId::SourceExportable, Verdict::WillFail, title,
                        u"%1 is \"%2\"; only an available snapshot can be exported. Wait until it is available."_s.arg(
                            s.name, s.status));
    return makeItem(ItemId::SourceExportable, Verdict::Passes, title,
                    u"%1 is an available %2 snapshot."_s.arg(s.name, s.engine.isEmpty() ? u"Redis OSS"_s : s.engine));
}

struct AccessResult
{
    Item item;
    QList<Fix> fixes; // also offered by the ACLs item when ACLs are off
    bool granted = false;
    bool grantedByPolicy = false;
};

QString methodWords(const GrantRule &rule)
{
    if (rule.methods.constFirst() == Method::AclGrant)
        return u"an ACL grant of %1 to ElastiCache's canonical ID %2"_s.arg(rule.aclPermissions.join(u", "_s),
                                                                            rule.canonicalId);
    return u"a bucket policy statement allowing %1 %2"_s.arg(rule.servicePrincipal, rule.policyActions().join(u", "_s));
}

AccessResult accessItem(const Facts &f)
{
    AccessResult r;
    const QString title = u"ElastiCache has access to the bucket"_s;
    const GrantRule rule = ruleFor(f.region);
    if (!rule.known) {
        r.item
            = makeItem(ItemId::ElastiCacheAccess, Verdict::CantTell, title,
                       u"Can't tell: CacheSnap does not know how ElastiCache is granted access to buckets in %1 "
                       "(partition %2). Check the ElastiCache guide's \"Exporting a backup\" for that partition."_s.arg(
                           f.region, rule.partition));
        return r;
    }
    // Unknown ownership is taken as ACLs on (the grant fix then says so if S3 refuses it).
    const bool aclsOff = f.ownership.isOk() && !aclsEnabled(f.objectOwnership);

    QStringList notes;
    QStringList unreadable;
    bool aclKnownMissing = false;
    QStringList aclMissing;
    if (rule.accepts(Method::AclGrant)) {
        // A Deny in the bucket policy refuses ElastiCache whatever the ACL grants.
        const bool policyDenies = f.policy.isOk() && !rule.servicePrincipal.isEmpty()
            && !evaluatePolicy(rule, f.bucket, f.policyText).deniedActions.isEmpty();
        if (f.acl.isOk()) {
            aclMissing = missingAclPermissions(rule, f.aclValue);
            if (aclMissing.isEmpty() && !aclsOff && !policyDenies) {
                r.granted = true;
                r.item = makeItem(ItemId::ElastiCacheAccess, Verdict::Passes, title,
                                  u"The bucket ACL grants ElastiCache's canonical ID %1 %2."_s.arg(
                                      rule.canonicalId, rule.aclPermissions.join(u", "_s)));
                return r;
            }
            aclKnownMissing = true;
            if (aclMissing.isEmpty() && !aclsOff) {
                // Only the policy's Deny stands in the way; the policy's note below says so where the region
                // takes a policy.
                if (!rule.accepts(Method::BucketPolicy))
                    notes.append(u"The bucket ACL grants ElastiCache what it needs, but a Deny statement in the "
                                 "bucket policy refuses it (a Deny wins over any grant); CacheSnap removes nothing, so "
                                 "edit that statement yourself."_s);
            } else {
                notes.append(aclMissing.isEmpty()
                                 ? u"The bucket ACL grants ElastiCache what it needs, but ACLs are disabled (Object "
                                   "Ownership is \"Bucket owner enforced\"), so S3 ignores the grant."_s
                                 : u"The bucket ACL does not grant ElastiCache's canonical ID %1 %2."_s.arg(
                                     rule.canonicalId, aclMissing.join(u", "_s)));
            }
        } else {
            unreadable.append(u"GetBucketAcl"_s);
        }
    }
    bool policyKnownMissing = false;
    std::optional<PolicyMerge> merge;
    if (rule.accepts(Method::BucketPolicy)) {
        if (f.policy.isOk()) {
            const PolicyEvaluation evaluation = evaluatePolicy(rule, f.bucket, f.policyText);
            if (evaluation.granted()) {
                r.granted = true;
                r.grantedByPolicy = true;
                r.item = makeItem(ItemId::ElastiCacheAccess, Verdict::Passes, title,
                                  u"The bucket policy allows %1 %2 on the bucket and its objects."_s.arg(
                                      rule.servicePrincipal, rule.policyActions().join(u", "_s)));
                return r;
            }
            policyKnownMissing = true;
            if (!evaluation.readable)
                notes.append(evaluation.problem);
            else if (!evaluation.deniedActions.isEmpty())
                notes.append(u"A Deny statement in the bucket policy refuses %1 %2; CacheSnap removes nothing, so "
                             "edit that statement yourself."_s.arg(rule.servicePrincipal,
                                                                   evaluation.deniedActions.join(u", "_s)));
            else if (f.policyText.trimmed().isEmpty())
                notes.append(u"The bucket has no policy allowing %1."_s.arg(rule.servicePrincipal));
            else
                notes.append(u"The bucket policy does not allow %1 %2."_s.arg(rule.servicePrincipal,
                                                                              evaluation.missingActions.join(u", "_s)));
            merge = mergePolicy(rule, f.bucket, f.policyText);
        } else {
            unreadable.append(u"GetBucketPolicy"_s);
        }
    }

    // The fixes: only where the document to change was read, so its before text is exact.
    QList<Fix> aclFixes;
    if (aclKnownMissing) {
        const AclMerge aclMerge = mergeAcl(rule, f.aclValue);
        const Change aclChange {u"Bucket ACL"_s, aclDocument(aclMerge.before), aclDocument(aclMerge.after)};
        if (!aclsOff) {
            Fix fix;
            fix.kind = FixKind::GrantAcl;
            fix.title = u"Grant ElastiCache access in the bucket ACL"_s;
            fix.detail = u"Adds %1 for ElastiCache's canonical ID to the bucket ACL (PutBucketAcl). The owner and "
                         "every existing grant are kept."_s.arg(aclMissing.join(u", "_s));
            fix.changes = {aclChange};
            if (aclMerge.changed())
                aclFixes.append(fix);
        } else {
            Fix fix;
            fix.kind = FixKind::EnableAclsAndGrant;
            fix.title = u"Re-enable ACLs, then grant ElastiCache access in the ACL"_s;
            fix.detail = u"Sets Object Ownership to \"Bucket owner preferred\" (PutBucketOwnershipControls), which "
                         "turns ACLs back on (the bucket stays yours, and new objects uploaded with the "
                         "bucket-owner-full-control ACL become yours), then adds %1 for ElastiCache's canonical ID "
                         "(PutBucketAcl), keeping every existing grant."_s.arg(rule.aclPermissions.join(u", "_s));
            fix.changes = {{u"Object Ownership"_s, f.objectOwnership, u"BucketOwnerPreferred"_s}, aclChange};
            aclFixes.append(fix);
        }
    }
    QList<Fix> policyFixes;
    if (merge && merge->ok && merge->changed && merge->stillDenied.isEmpty()) {
        Fix fix;
        fix.kind = FixKind::AddPolicyStatement;
        fix.title = u"Allow ElastiCache in the bucket policy"_s;
        fix.detail = u"Adds (or extends) one statement allowing %1 %2 on the bucket and its objects "
                     "(PutBucketPolicy). Every other statement, the Version and the Id are kept."_s.arg(
                         rule.servicePrincipal, rule.policyActions().join(u", "_s));
        fix.changes = {{u"Bucket policy"_s, merge->before, merge->after}};
        policyFixes.append(fix);
    }
    // With ACLs off, the policy comes first: it changes nothing but the policy.
    r.fixes = aclsOff ? policyFixes + aclFixes : aclFixes + policyFixes;
    if (rule.methods.constFirst() == Method::BucketPolicy)
        r.fixes = policyFixes;

    QStringList missingPermissions;
    for (const QString &operation : unreadable)
        missingPermissions.append(permissionFor(operation));
    const bool deniedRead = !unreadable.isEmpty()
        && ((unreadable.contains(u"GetBucketAcl"_s) && f.acl.state == Outcome::State::Denied)
            || (unreadable.contains(u"GetBucketPolicy"_s) && f.policy.state == Outcome::State::Denied));
    QString detail = notes.join(u' ');
    if (!unreadable.isEmpty()) {
        QStringList words;
        for (const QString &operation : unreadable) {
            const Outcome &o = operation == u"GetBucketAcl" ? f.acl : f.policy;
            words.append(o.state == Outcome::State::Denied
                             ? u"%1 was refused (your credentials need %2)"_s.arg(operation, permissionFor(operation))
                             : u"%1 failed (%2)"_s.arg(operation, o.code));
        }
        detail = (detail.isEmpty() ? QString() : detail + u' ')
            + u"Can't tell whether ElastiCache is granted access: %1. In %2 ElastiCache needs %3."_s.arg(
                words.join(u"; "_s), f.region, methodWords(rule));
        r.item = makeItem(ItemId::ElastiCacheAccess, Verdict::CantTell, title, detail);
        if (deniedRead)
            r.item.missingPermissions = missingPermissions;
        r.item.fixes = r.fixes;
        return r;
    }
    if (!aclKnownMissing && !policyKnownMissing) {
        r.item = makeItem(ItemId::ElastiCacheAccess, Verdict::CantTell, title, u"Can't tell: nothing was read."_s);
        return r;
    }
    detail += u" In %1 ElastiCache needs %2."_s.arg(f.region, methodWords(rule));
    r.item = makeItem(ItemId::ElastiCacheAccess, Verdict::WillFail, title, detail);
    r.item.fixes = r.fixes;
    return r;
}

} // namespace

Outcome Outcome::ok()
{
    Outcome o;
    o.state = State::Ok;
    return o;
}

Source sourceOf(const Snapshot &snapshot, const QString &targetName)
{
    Source s;
    s.name = snapshot.snapshotName;
    s.engine = snapshot.engine;
    s.status = snapshot.snapshotStatus;
    s.dataTiering = snapshot.dataTiering == u"enabled";
    s.objectKeys = ExportPlan::nodeBasedObjectKeys(targetName, snapshot);
    return s;
}

Source sourceOf(const ServerlessCacheSnapshot &snapshot)
{
    Source s;
    s.serverless = true;
    s.name = snapshot.serverlessCacheSnapshotName;
    s.engine = snapshot.serverlessCacheConfiguration ? snapshot.serverlessCacheConfiguration->engine : QString();
    s.status = snapshot.status;
    s.objectKeys = ExportPlan::serverlessObjectKeys(snapshot.serverlessCacheSnapshotName);
    return s;
}

Verdict Report::overall() const
{
    Verdict verdict = Verdict::Passes;
    for (const Item &item : items) {
        if (item.verdict == Verdict::WillFail)
            return Verdict::WillFail;
        if (item.verdict == Verdict::CantTell)
            verdict = Verdict::CantTell;
    }
    return verdict;
}

const Item *Report::item(ItemId id) const
{
    for (const Item &item : items) {
        if (item.id == id)
            return &item;
    }
    return nullptr;
}

Report evaluate(const Facts &f)
{
    Report report;
    report.bucket = f.bucket;
    report.region = f.region;
    QList<Item> &items = report.items;

    const QString nameTitle = u"The bucket name is valid"_s;
    if (const SnapshotNames::Verdict name = SnapshotNames::checkBucketName(f.bucket); !name.ok) {
        items.append(makeItem(ItemId::BucketName, Verdict::WillFail, nameTitle,
                              name.reason + u" ElastiCache can only reach buckets with DNS-compliant names."_s));
        items.append(sourceItem(f));
        return report;
    }
    items.append(makeItem(ItemId::BucketName, Verdict::Passes, nameTitle,
                          u"\"%1\" is a DNS-compliant bucket name."_s.arg(f.bucket)));

    // Exists: S3 answers 404/NoSuchBucket for a name no account has, 403 for someone's bucket.
    const QString existsTitle = u"The bucket exists"_s;
    if (anyNoBucket(f)) {
        items.append(makeItem(ItemId::BucketExists, Verdict::WillFail, existsTitle,
                              u"There is no bucket named %1. Create it in %2 (the snapshot's region), or check the "
                              "spelling."_s.arg(f.bucket, f.region)));
        items.append(sourceItem(f));
        return report;
    }
    if (f.bucketListed || anyAnswered(f))
        items.append(makeItem(ItemId::BucketExists, Verdict::Passes, existsTitle, u"s3://%1 exists."_s.arg(f.bucket)));
    else
        items.append(unreadItem(ItemId::BucketExists, existsTitle, u"whether the bucket exists"_s, u"HeadBucket"_s,
                                f.headBucket));

    // Region.
    const QString regionTitle = u"The bucket is in the snapshot's region"_s;
    if (const QString bucketRegion = knownBucketRegion(f); !bucketRegion.isEmpty()) {
        if (bucketRegion == f.region)
            items.append(makeItem(ItemId::BucketRegion, Verdict::Passes, regionTitle,
                                  u"The bucket is in %1, as the snapshot is."_s.arg(f.region)));
        else
            items.append(makeItem(ItemId::BucketRegion, Verdict::WillFail, regionTitle,
                                  u"The bucket is in %1, the snapshot in %2; ElastiCache exports only to a bucket in "
                                  "the snapshot's region. Use a bucket in %2 (copy the objects with S3 afterwards if "
                                  "you need them in %1)."_s.arg(bucketRegion, f.region)));
    } else {
        items.append(unreadItem(ItemId::BucketRegion, regionTitle, u"which region the bucket is in"_s,
                                u"GetBucketLocation"_s, f.location));
    }

    // Owner.
    const QString ownerTitle = u"The bucket is your account's"_s;
    if (f.bucketListed)
        items.append(makeItem(ItemId::BucketOwner, Verdict::Passes, ownerTitle,
                              u"The bucket is among your account's buckets."_s));
    else if (f.listBuckets.isOk())
        items.append(makeItem(ItemId::BucketOwner, Verdict::WillFail, ownerTitle,
                              u"The bucket is not among your account's buckets: another account owns it. ElastiCache "
                              "exports only to a bucket the snapshot's account owns."_s));
    else if (f.acl.isOk() && !f.callerCanonicalId.isEmpty() && f.aclValue.ownerId == f.callerCanonicalId)
        items.append(makeItem(ItemId::BucketOwner, Verdict::Passes, ownerTitle,
                              u"The bucket's owner is your account's canonical user."_s));
    else
        items.append(
            unreadItem(ItemId::BucketOwner, ownerTitle, u"who owns the bucket"_s, u"ListBuckets"_s, f.listBuckets));

    // ElastiCache's access, and ACLs where the method is an ACL grant.
    const AccessResult access = accessItem(f);
    items.append(access.item);
    const GrantRule rule = ruleFor(f.region);
    if (rule.known && rule.methods.constFirst() == Method::AclGrant) {
        const QString aclTitle = u"The bucket's ACLs are enabled"_s;
        if (!f.ownership.isOk()) {
            items.append(unreadItem(ItemId::AclsEnabled, aclTitle, u"whether the bucket's ACLs are enabled"_s,
                                    u"GetBucketOwnershipControls"_s, f.ownership));
        } else if (aclsEnabled(f.objectOwnership)) {
            items.append(
                makeItem(ItemId::AclsEnabled, Verdict::Passes, aclTitle,
                         f.objectOwnership.isEmpty()
                             ? u"The bucket has no ownership controls, so its ACL applies."_s
                             : u"Object Ownership is \"%1\", so the bucket's ACL applies."_s.arg(f.objectOwnership)));
        } else if (access.granted) {
            items.append(makeItem(ItemId::AclsEnabled, Verdict::Passes, aclTitle,
                                  u"ACLs are disabled (Object Ownership \"Bucket owner enforced\"), but ElastiCache's "
                                  "access comes from the bucket policy, so it needs no ACL."_s));
        } else {
            Item item = makeItem(
                ItemId::AclsEnabled, Verdict::WillFail, aclTitle,
                u"ACLs are disabled (Object Ownership \"Bucket owner enforced\", the default for buckets created since "
                "April 2023), so S3 refuses an ACL grant (AccessControlListNotSupported) and ignores any. Choose: "
                "allow ElastiCache in the bucket policy (ACLs stay off), or re-enable ACLs (Object Ownership \"Bucket "
                "owner preferred\") and grant ElastiCache in the ACL, as the ElastiCache guide describes."_s);
            item.fixes = access.fixes;
            items.append(item);
        }
    }

    // Objects.
    const QString objectsTitle = u"The export's objects are not there yet"_s;
    if (!f.source) {
        items.append(makeItem(ItemId::ObjectsFree, Verdict::CantTell, objectsTitle,
                              u"Can't tell which objects the export writes: %1"_s.arg(f.sourceProblem)));
    } else if (f.objects.isOk()) {
        if (f.existingKeys.isEmpty()) {
            items.append(makeItem(ItemId::ObjectsFree, Verdict::Passes, objectsTitle,
                                  u"None of %1 exists yet."_s.arg(f.source->objectKeys.join(u", "_s))));
        } else {
            QStringList urls;
            for (const QString &key : f.existingKeys)
                urls.append(u"s3://%1/%2"_s.arg(f.bucket, key));
            items.append(makeItem(ItemId::ObjectsFree, Verdict::WillFail, objectsTitle,
                                  (f.source->serverless
                                       ? u"%1 already exists; ElastiCache never overwrites an object, and a serverless "
                                         "export is named after the snapshot. Export to another bucket, or delete "
                                         "the old object."_s
                                       : u"%1 already exists; ElastiCache never overwrites an object. Choose another "
                                         "target name, or delete the old objects."_s)
                                      .arg(urls.join(u", "_s))));
        }
    } else {
        items.append(unreadItem(ItemId::ObjectsFree, objectsTitle, u"whether the export's objects already exist"_s,
                                u"ListObjectsV2"_s, f.objects));
    }

    items.append(sourceItem(f));

    // Encryption: a note, never a failure.
    const QString encryptionTitle = u"The bucket's default encryption"_s;
    if (f.encryption.isOk()) {
        const bool kms = f.sseAlgorithm.startsWith(u"aws:kms"_s);
        const bool customerKey = kms && !f.kmsKeyId.isEmpty() && !f.kmsKeyId.endsWith(u"alias/aws/s3"_s);
        if (customerKey)
            items.append(makeItem(ItemId::Encryption, Verdict::Passes, encryptionTitle,
                                  u"Note: the bucket's default encryption uses the KMS key %1. An export cannot use a "
                                  "customer-managed KMS key; the objects get S3 server-side encryption, and you can "
                                  "re-encrypt them by copying them with S3 afterwards."_s.arg(f.kmsKeyId)));
        else
            items.append(makeItem(ItemId::Encryption, Verdict::Passes, encryptionTitle,
                                  f.sseAlgorithm.isEmpty()
                                      ? u"No default encryption is configured; S3 encrypts new objects (SSE-S3)."_s
                                      : u"Default encryption is %1, which an export can use."_s.arg(f.sseAlgorithm)));
    } else {
        items.append(unreadItem(ItemId::Encryption, encryptionTitle, u"how the bucket encrypts new objects"_s,
                                u"GetBucketEncryption"_s, f.encryption));
    }

    // What the export call itself needs of the caller ([C13]: CopySnapshot needs both on "*").
    const QString callerTitle = u"Your permissions for the export call"_s;
    QStringList lacking;
    // S3 refuses GetBucketLocation on another account's bucket whatever the caller may do: that refusal is the
    // owner's item, not a missing permission of the caller's.
    const bool othersBucket = !f.bucketListed && f.listBuckets.isOk();
    if (f.location.state == Outcome::State::Denied && !othersBucket)
        lacking.append(permissionFor(u"GetBucketLocation"_s));
    if (f.listBuckets.state == Outcome::State::Denied)
        lacking.append(permissionFor(u"ListBuckets"_s));
    const bool serverless = f.source && f.source->serverless;
    if (!lacking.isEmpty()) {
        Item item = makeItem(ItemId::CallerPermissions, serverless ? Verdict::CantTell : Verdict::WillFail, callerTitle,
                             serverless ? u"Your credentials lack %1. The IAM reference lists them for CopySnapshot; "
                                          "for ExportServerlessCacheSnapshot it does not say, so CacheSnap can't tell "
                                          "whether the export needs them."_s.arg(lacking.join(u" and "_s))
                                        : u"Your credentials lack %1, which CopySnapshot needs to export (besides "
                                          "elasticache:CopySnapshot)."_s.arg(lacking.join(u" and "_s)));
        item.missingPermissions = lacking;
        items.append(item);
    } else if (othersBucket && f.location.state == Outcome::State::Denied) {
        Item item = makeItem(ItemId::CallerPermissions, Verdict::CantTell, callerTitle,
                             u"S3 refuses GetBucketLocation on a bucket of another account, so whether your "
                             "credentials have s3:GetBucketLocation cannot be told here (they have "
                             "s3:ListAllMyBuckets)."_s);
        item.missingPermissions = {permissionFor(u"GetBucketLocation"_s)}; // what S3 refused, as the other items say
        items.append(item);
    } else if (f.location.isOk() && f.listBuckets.isOk()) {
        items.append(makeItem(ItemId::CallerPermissions, Verdict::Passes, callerTitle,
                              u"Your credentials have s3:GetBucketLocation and s3:ListAllMyBuckets, which the export "
                              "needs besides elasticache:%1."_s.arg(serverless ? u"ExportServerlessCacheSnapshot"_s
                                                                               : u"CopySnapshot"_s)));
    } else {
        const Outcome &o = f.location.isOk() ? f.listBuckets : f.location;
        items.append(failedItem(ItemId::CallerPermissions, callerTitle,
                                u"whether your credentials have s3:GetBucketLocation and s3:ListAllMyBuckets"_s,
                                f.location.isOk() ? u"ListBuckets"_s : u"GetBucketLocation"_s, o));
    }
    return report;
}

QString idName(ItemId id)
{
    switch (id) {
    case ItemId::BucketName:
        return u"BucketName"_s;
    case ItemId::BucketExists:
        return u"BucketExists"_s;
    case ItemId::BucketRegion:
        return u"BucketRegion"_s;
    case ItemId::BucketOwner:
        return u"BucketOwner"_s;
    case ItemId::ElastiCacheAccess:
        return u"ElastiCacheAccess"_s;
    case ItemId::AclsEnabled:
        return u"AclsEnabled"_s;
    case ItemId::ObjectsFree:
        return u"ObjectsFree"_s;
    case ItemId::SourceExportable:
        return u"SourceExportable"_s;
    case ItemId::Encryption:
        return u"Encryption"_s;
    case ItemId::CallerPermissions:
        return u"CallerPermissions"_s;
    }
    return QString();
}

QString verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Passes:
        return u"Passes"_s;
    case Verdict::WillFail:
        return u"WillFail"_s;
    case Verdict::CantTell:
        return u"CantTell"_s;
    }
    return QString();
}

QString fixKindName(FixKind kind)
{
    switch (kind) {
    case FixKind::GrantAcl:
        return u"GrantAcl"_s;
    case FixKind::AddPolicyStatement:
        return u"AddPolicyStatement"_s;
    case FixKind::EnableAclsAndGrant:
        return u"EnableAclsAndGrant"_s;
    }
    return QString();
}

QString permissionFor(const QString &operation)
{
    if (operation == u"ListBuckets")
        return u"s3:ListAllMyBuckets"_s;
    if (operation == u"HeadBucket" || operation == u"ListObjectsV2")
        return u"s3:ListBucket"_s;
    if (operation == u"GetBucketEncryption")
        return u"s3:GetEncryptionConfiguration"_s;
    if (operation == u"HeadObject")
        return u"s3:GetObject"_s;
    return u"s3:"_s + operation; // GetBucketLocation, GetBucketAcl, GetBucketPolicy, Put…, GetBucketOwnershipControls
}

} // namespace ExportCheck
