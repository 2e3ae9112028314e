// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The export check as a pure function (core/exportcheck.*): facts in, items out, every item and verdict.
#include "exportcheck.h"
#include "model/elasticache.h"

#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;
using namespace ExportCheck;

class TestExportCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readyBucketPassesEveryItem();
    void items_data();
    void items();
    void deniedReadsAreCantTellAndNamePermissions_data();
    void deniedReadsAreCantTellAndNamePermissions();
    void invalidNameStopsEarly();
    void missingBucketStopsEarly();
    void grantFixShowsTheExactAcl();
    void aclsDisabledOffersTheChoice();
    void optInRegionOffersThePolicy();
    void policyGrantWithAclsDisabledPasses();
    void unknownPartitionCantTell();
    void serverlessSource();
    void names();
};

namespace {

const QString kOwner = u"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"_s;

ExportAccess::Grant grant(const QString &id, const QString &permission)
{
    ExportAccess::Grant g;
    g.granteeType = u"CanonicalUser"_s;
    g.id = id;
    g.permission = permission;
    return g;
}

Outcome denied()
{
    Outcome o;
    o.state = Outcome::State::Denied;
    o.code = u"AccessDenied"_s;
    o.message = u"Access Denied"_s;
    return o;
}

Outcome noBucket()
{
    Outcome o;
    o.state = Outcome::State::NoBucket;
    o.code = u"NoSuchBucket"_s;
    return o;
}

// A bucket in us-east-1 that is ready: ACLs on, ElastiCache granted, nothing there yet.
Facts ready()
{
    Facts f;
    f.bucket = u"ready-bucket"_s;
    f.region = u"us-east-1"_s;
    Source s;
    s.name = u"nightly"_s;
    s.engine = u"redis"_s;
    s.status = u"available"_s;
    s.objectKeys = {u"nightly-x-0001.rdb"_s, u"nightly-x-0002.rdb"_s};
    f.source = s;
    f.listBuckets = Outcome::ok();
    f.bucketListed = true;
    f.callerCanonicalId = kOwner;
    f.headBucket = Outcome::ok();
    f.location = Outcome::ok();
    f.bucketRegion = u"us-east-1"_s;
    f.acl = Outcome::ok();
    f.aclValue.ownerId = kOwner;
    f.aclValue.grants = {grant(kOwner, u"FULL_CONTROL"_s)};
    for (const QString &p : {u"READ"_s, u"WRITE"_s, u"READ_ACP"_s})
        f.aclValue.grants.append(grant(ExportAccess::commercialCanonicalId(), p));
    f.policy = Outcome::ok();
    f.ownership = Outcome::ok();
    f.objectOwnership = u"BucketOwnerPreferred"_s;
    f.encryption = Outcome::ok();
    f.sseAlgorithm = u"AES256"_s;
    f.objects = Outcome::ok();
    return f;
}

using Mutation = std::function<void(Facts &)>;

} // namespace

Q_DECLARE_METATYPE(Mutation)

void TestExportCheck::readyBucketPassesEveryItem()
{
    const Report report = evaluate(ready());
    QCOMPARE(report.items.size(), 10);
    for (const Item &item : report.items) {
        QVERIFY2(item.verdict == Verdict::Passes, qPrintable(idName(item.id) + u": "_s + item.detail));
        QVERIFY(!item.title.isEmpty());
        QVERIFY(!item.detail.isEmpty());
        QVERIFY(item.fixes.isEmpty());
    }
    QVERIFY(report.ready());
    QCOMPARE(report.overall(), Verdict::Passes);
    // In ItemId order.
    for (qsizetype i = 1; i < report.items.size(); ++i)
        QVERIFY(int(report.items[i - 1].id) < int(report.items[i].id));
}

void TestExportCheck::items_data()
{
    QTest::addColumn<Mutation>("mutate");
    QTest::addColumn<ItemId>("id");
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<QString>("words"); // a phrase the detail must have

    QTest::newRow("another region") << Mutation([](Facts &f) { f.bucketRegion = u"eu-west-1"_s; })
                                    << ItemId::BucketRegion << Verdict::WillFail << u"eu-west-1"_s;
    QTest::newRow("region from HeadBucket when GetBucketLocation is refused") << Mutation([](Facts &f) {
        f.location = denied();
        f.headRegion = u"us-west-2"_s;
    }) << ItemId::BucketRegion << Verdict::WillFail << u"us-west-2"_s;
    QTest::newRow("another owner") << Mutation([](Facts &f) { f.bucketListed = false; }) << ItemId::BucketOwner
                                   << Verdict::WillFail << u"another account"_s;
    QTest::newRow("owner from the ACL when ListBuckets is refused") << Mutation([](Facts &f) {
        f.listBuckets = denied();
        f.bucketListed = false;
    }) << ItemId::BucketOwner << Verdict::Passes << u"canonical user"_s;
    QTest::newRow("ACL lacks WRITE and READ_ACP")
        << Mutation([](Facts &f) { f.aclValue.grants.resize(2); }) << ItemId::ElastiCacheAccess << Verdict::WillFail
        << u"WRITE, READ_ACP"_s;
    QTest::newRow("ACLs disabled") << Mutation([](Facts &f) { f.objectOwnership = u"BucketOwnerEnforced"_s; })
                                   << ItemId::AclsEnabled << Verdict::WillFail << u"Bucket owner enforced"_s;
    QTest::newRow("ACLs disabled also fails the access")
        << Mutation([](Facts &f) { f.objectOwnership = u"BucketOwnerEnforced"_s; }) << ItemId::ElastiCacheAccess
        << Verdict::WillFail << u"S3 ignores the grant"_s;
    QTest::newRow("no ownership controls") << Mutation([](Facts &f) { f.objectOwnership.clear(); })
                                           << ItemId::AclsEnabled << Verdict::Passes << u"no ownership controls"_s;
    QTest::newRow("objects there") << Mutation([](Facts &f) { f.existingKeys = {u"nightly-x-0002.rdb"_s}; })
                                   << ItemId::ObjectsFree << Verdict::WillFail
                                   << u"s3://ready-bucket/nightly-x-0002.rdb"_s;
    QTest::newRow("data tiering") << Mutation([](Facts &f) { f.source->dataTiering = true; })
                                  << ItemId::SourceExportable << Verdict::WillFail << u"data-tiering"_s;
    QTest::newRow("memcached") << Mutation([](Facts &f) { f.source->engine = u"memcached"_s; })
                               << ItemId::SourceExportable << Verdict::WillFail << u"Memcached"_s;
    QTest::newRow("creating") << Mutation([](Facts &f) { f.source->status = u"creating"_s; })
                              << ItemId::SourceExportable << Verdict::WillFail << u"\"creating\""_s;
    QTest::newRow("unknown source") << Mutation([](Facts &f) {
        f.source.reset();
        f.sourceProblem = u"DescribeSnapshots failed."_s;
    }) << ItemId::SourceExportable << Verdict::CantTell
                                    << u"DescribeSnapshots failed."_s;
    QTest::newRow("customer-managed KMS key is a note") << Mutation([](Facts &f) {
        f.sseAlgorithm = u"aws:kms"_s;
        f.kmsKeyId = u"arn:aws:kms:us-east-1:111122223333:key/1234abcd"_s;
    }) << ItemId::Encryption << Verdict::Passes << u"customer-managed"_s;
    QTest::newRow("no default encryption")
        << Mutation([](Facts &f) { f.sseAlgorithm.clear(); }) << ItemId::Encryption << Verdict::Passes << u"SSE-S3"_s;
    QTest::newRow("caller lacks s3:GetBucketLocation")
        << Mutation([](Facts &f) { f.location = denied(); }) << ItemId::CallerPermissions << Verdict::WillFail
        << u"s3:GetBucketLocation"_s;
    QTest::newRow("another account's bucket refuses GetBucketLocation: not the caller's permission")
        << Mutation([](Facts &f) {
               f.bucketListed = false;
               f.location = denied();
           })
        << ItemId::CallerPermissions << Verdict::CantTell << u"another account"_s;
    QTest::newRow("caller lacks s3:ListAllMyBuckets") << Mutation([](Facts &f) {
        f.listBuckets = denied();
        f.bucketListed = false;
    }) << ItemId::CallerPermissions << Verdict::WillFail
                                                      << u"s3:ListAllMyBuckets"_s;
    QTest::newRow("a network failure is CantTell, never passes") << Mutation([](Facts &f) {
        f.objects.state = Outcome::State::Failed;
        f.objects.code = u"ConnectionRefused"_s;
    }) << ItemId::ObjectsFree << Verdict::CantTell << u"ConnectionRefused"_s;
    QTest::newRow("a Deny in the policy") << Mutation([](Facts &f) {
        f.region = u"ap-east-1"_s;
        f.bucketRegion = u"ap-east-1"_s;
        f.policyText = uR"({"Statement":[{"Effect":"Allow","Principal":{"Service":
            "ap-east-1.elasticache-snapshot.amazonaws.com"},"Action":"s3:*","Resource":["arn:aws:s3:::ready-bucket",
            "arn:aws:s3:::ready-bucket/*"]},{"Effect":"Deny","Principal":"*","Action":"s3:PutObject",
            "Resource":"arn:aws:s3:::ready-bucket/*"}]})"_s;
    }) << ItemId::ElastiCacheAccess << Verdict::WillFail
                                          << u"Deny statement"_s;
    // The ACL grants everything, but a Deny in the policy wins (S3's evaluation).
    QTest::newRow("an ACL grant and a Deny in the policy") << Mutation([](Facts &f) {
        f.policyText = uR"({"Statement":[{"Effect":"Deny","Principal":{"Service":
            "us-east-1.elasticache-snapshot.amazonaws.com"},"Action":"s3:PutObject",
            "Resource":"arn:aws:s3:::ready-bucket/*"}]})"_s;
    }) << ItemId::ElastiCacheAccess << Verdict::WillFail << u"Deny statement"_s;
}

void TestExportCheck::items()
{
    QFETCH(Mutation, mutate);
    QFETCH(ItemId, id);
    QFETCH(Verdict, verdict);
    QFETCH(QString, words);
    Facts facts = ready();
    mutate(facts);
    const Report report = evaluate(facts);
    const Item *item = report.item(id);
    QVERIFY(item);
    QCOMPARE(verdictName(item->verdict), verdictName(verdict));
    QVERIFY2(item->detail.contains(words), qPrintable(item->detail));
    if (verdict == Verdict::WillFail)
        QCOMPARE(report.overall(), Verdict::WillFail);
    if (verdict != Verdict::Passes)
        QVERIFY(!report.ready());
}

void TestExportCheck::deniedReadsAreCantTellAndNamePermissions_data()
{
    QTest::addColumn<Mutation>("mutate");
    QTest::addColumn<ItemId>("id");
    QTest::addColumn<QString>("permission");
    QTest::newRow("GetBucketAcl") << Mutation([](Facts &f) { f.acl = denied(); }) << ItemId::ElastiCacheAccess
                                  << u"s3:GetBucketAcl"_s;
    QTest::newRow("GetBucketPolicy, opt-in") << Mutation([](Facts &f) {
        f.region = u"me-south-1"_s;
        f.bucketRegion = u"me-south-1"_s;
        f.policy = denied();
    }) << ItemId::ElastiCacheAccess << u"s3:GetBucketPolicy"_s;
    QTest::newRow("GetBucketLocation") << Mutation([](Facts &f) { f.location = denied(); }) << ItemId::BucketRegion
                                       << u"s3:GetBucketLocation"_s;
    QTest::newRow("ListBuckets") << Mutation([](Facts &f) {
        f.listBuckets = denied();
        f.bucketListed = false;
        f.acl = denied();
    }) << ItemId::BucketOwner << u"s3:ListAllMyBuckets"_s;
    QTest::newRow("ListObjectsV2") << Mutation([](Facts &f) { f.objects = denied(); }) << ItemId::ObjectsFree
                                   << u"s3:ListBucket"_s;
    QTest::newRow("GetBucketOwnershipControls") << Mutation([](Facts &f) { f.ownership = denied(); })
                                                << ItemId::AclsEnabled << u"s3:GetBucketOwnershipControls"_s;
    QTest::newRow("GetBucketEncryption") << Mutation([](Facts &f) { f.encryption = denied(); }) << ItemId::Encryption
                                         << u"s3:GetEncryptionConfiguration"_s;
}

void TestExportCheck::deniedReadsAreCantTellAndNamePermissions()
{
    QFETCH(Mutation, mutate);
    QFETCH(ItemId, id);
    QFETCH(QString, permission);
    Facts facts = ready();
    mutate(facts);
    const Report report = evaluate(facts);
    const Item *item = report.item(id);
    QVERIFY(item);
    QCOMPARE(verdictName(item->verdict), u"CantTell"_s);
    QCOMPARE(item->missingPermissions, QStringList {permission});
    QVERIFY2(item->detail.contains(permission), qPrintable(item->detail));
    QVERIFY(!report.ready());
}

void TestExportCheck::invalidNameStopsEarly()
{
    Facts facts = ready();
    facts.bucket = u"My_Bucket"_s;
    const Report report = evaluate(facts);
    QCOMPARE(report.items.size(), 2);
    QCOMPARE(report.items[0].id, ItemId::BucketName);
    QCOMPARE(report.items[0].verdict, Verdict::WillFail);
    QCOMPARE(report.items[1].id, ItemId::SourceExportable);
    QVERIFY(!report.item(ItemId::ElastiCacheAccess));
}

void TestExportCheck::missingBucketStopsEarly()
{
    Facts facts = ready();
    facts.bucketListed = false;
    facts.headBucket = noBucket();
    facts.acl = noBucket();
    const Report report = evaluate(facts);
    QCOMPARE(report.items.size(), 3);
    QCOMPARE(report.item(ItemId::BucketExists)->verdict, Verdict::WillFail);
    QVERIFY(report.item(ItemId::BucketExists)->detail.contains(u"Create it in us-east-1"_s));
    QCOMPARE(report.overall(), Verdict::WillFail);
    // A 403 means someone's bucket exists.
    facts = ready();
    facts.bucketListed = false;
    facts.headBucket = denied();
    QCOMPARE(evaluate(facts).item(ItemId::BucketExists)->verdict, Verdict::Passes);
}

void TestExportCheck::grantFixShowsTheExactAcl()
{
    Facts facts = ready();
    facts.aclValue.grants.resize(1); // the owner only
    const Report report = evaluate(facts);
    const Item *access = report.item(ItemId::ElastiCacheAccess);
    QCOMPARE(access->verdict, Verdict::WillFail);
    QCOMPARE(access->fixes.size(), 2); // the documented ACL grant first, then the policy
    const Fix &fix = access->fixes[0];
    QCOMPARE(fix.kind, FixKind::GrantAcl);
    QCOMPARE(fix.changes.size(), 1);
    const ExportAccess::AclMerge merge = ExportAccess::mergeAcl(ExportAccess::ruleFor(u"us-east-1"_s), facts.aclValue);
    QCOMPARE(fix.changes[0].what, u"Bucket ACL"_s);
    QCOMPARE(fix.changes[0].before, ExportAccess::aclDocument(facts.aclValue));
    QCOMPARE(fix.changes[0].after, ExportAccess::aclDocument(merge.after));
    QCOMPARE(access->fixes[1].kind, FixKind::AddPolicyStatement);
    QVERIFY(access->fixes[1].changes[0].after.contains(u"us-east-1.elasticache-snapshot.amazonaws.com"_s));
}

void TestExportCheck::aclsDisabledOffersTheChoice()
{
    Facts facts = ready();
    facts.aclValue.grants.resize(1);
    facts.objectOwnership = u"BucketOwnerEnforced"_s;
    const Report report = evaluate(facts);
    const Item *acls = report.item(ItemId::AclsEnabled);
    QCOMPARE(acls->verdict, Verdict::WillFail);
    QVERIFY(acls->detail.contains(u"Choose"_s));
    QCOMPARE(acls->fixes.size(), 2);
    QCOMPARE(acls->fixes[0].kind, FixKind::AddPolicyStatement); // ACLs stay off
    QCOMPARE(acls->fixes[1].kind, FixKind::EnableAclsAndGrant);
    QCOMPARE(acls->fixes[1].changes.size(), 2);
    QCOMPARE(acls->fixes[1].changes[0].what, u"Object Ownership"_s);
    QCOMPARE(acls->fixes[1].changes[0].before, u"BucketOwnerEnforced"_s);
    QCOMPARE(acls->fixes[1].changes[0].after, u"BucketOwnerPreferred"_s);
    QCOMPARE(report.item(ItemId::ElastiCacheAccess)->fixes.size(), 2);
}

void TestExportCheck::optInRegionOffersThePolicy()
{
    Facts facts = ready();
    facts.region = u"ap-east-1"_s;
    facts.bucketRegion = u"ap-east-1"_s;
    const Report report = evaluate(facts);
    QVERIFY(!report.item(ItemId::AclsEnabled)); // not an ACL Region
    const Item *access = report.item(ItemId::ElastiCacheAccess);
    QCOMPARE(access->verdict, Verdict::WillFail); // the ACL grant does not count here
    QCOMPARE(access->fixes.size(), 1);
    QCOMPARE(access->fixes[0].kind, FixKind::AddPolicyStatement);
    QCOMPARE(access->fixes[0].changes[0].before, QString()); // there was no policy
    QVERIFY(access->fixes[0].changes[0].after.contains(u"ap-east-1.elasticache-snapshot.amazonaws.com"_s));
}

void TestExportCheck::policyGrantWithAclsDisabledPasses()
{
    Facts facts = ready();
    facts.aclValue.grants.resize(1);
    facts.objectOwnership = u"BucketOwnerEnforced"_s;
    facts.policyText = ExportAccess::mergePolicy(ExportAccess::ruleFor(u"us-east-1"_s), facts.bucket, {}).after;
    const Report report = evaluate(facts);
    QCOMPARE(report.item(ItemId::ElastiCacheAccess)->verdict, Verdict::Passes);
    QCOMPARE(report.item(ItemId::AclsEnabled)->verdict, Verdict::Passes);
    QVERIFY(report.ready());
}

void TestExportCheck::unknownPartitionCantTell()
{
    Facts facts = ready();
    facts.region = u"cn-north-1"_s;
    facts.bucketRegion = u"cn-north-1"_s;
    const Report report = evaluate(facts);
    const Item *access = report.item(ItemId::ElastiCacheAccess);
    QCOMPARE(access->verdict, Verdict::CantTell);
    QVERIFY(access->fixes.isEmpty());
    QVERIFY(access->detail.contains(u"aws-cn"_s));
    QCOMPARE(report.overall(), Verdict::CantTell);
}

void TestExportCheck::serverlessSource()
{
    ServerlessCacheSnapshot snapshot;
    snapshot.serverlessCacheSnapshotName = u"Daily-1"_s;
    snapshot.status = u"available"_s;
    snapshot.serverlessCacheConfiguration = ServerlessCacheConfiguration {u"cache"_s, u"valkey"_s, u"8"_s};
    const Source source = sourceOf(snapshot);
    QVERIFY(source.serverless);
    QCOMPARE(source.objectKeys, QStringList {u"daily-1-0001.rdb"_s});
    Facts facts = ready();
    facts.source = source;
    facts.location = denied();
    const Report report = evaluate(facts);
    QCOMPARE(report.item(ItemId::SourceExportable)->verdict, Verdict::Passes);
    // The IAM reference lists s3:GetBucketLocation for CopySnapshot only: for a serverless export, can't tell.
    QCOMPARE(report.item(ItemId::CallerPermissions)->verdict, Verdict::CantTell);
    snapshot.serverlessCacheConfiguration->engine = u"memcached"_s;
    facts.source = sourceOf(snapshot);
    QVERIFY(evaluate(facts).item(ItemId::SourceExportable)->detail.contains(u"Valkey and Redis OSS"_s));
}

void TestExportCheck::names()
{
    QCOMPARE(idName(ItemId::ElastiCacheAccess), u"ElastiCacheAccess"_s);
    QCOMPARE(verdictName(Verdict::CantTell), u"CantTell"_s);
    QCOMPARE(fixKindName(FixKind::EnableAclsAndGrant), u"EnableAclsAndGrant"_s);
    QCOMPARE(permissionFor(u"ListBuckets"_s), u"s3:ListAllMyBuckets"_s);
    QCOMPARE(permissionFor(u"GetBucketAcl"_s), u"s3:GetBucketAcl"_s);
}

QTEST_GUILESS_MAIN(TestExportCheck)
#include "tst_exportcheck.moc"
