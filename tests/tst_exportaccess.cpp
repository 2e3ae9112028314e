// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The export grant per Region and the ACL and policy merges (core/exportaccess.*): pure functions, no network.
#include "exportaccess.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ExportAccess;

class TestExportAccess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rulePerRegion_data();
    void rulePerRegion();
    void rulesMatchTheReference();
    void optInRegionsMatchTheReference();
    void aclMissing_data();
    void aclMissing();
    void aclMergeKeepsEverything();
    void aclMergeIsIdempotent();
    void aclMergeOfGovCloud();
    void aclDocumentIsWhatTheAwsCliPrints();
    void policyEvaluation_data();
    void policyEvaluation();
    void policyMergeIntoNoPolicy();
    void policyMergeKeepsOtherStatementsVersionAndId();
    void policyMergeExtendsOurStatement();
    void policyMergeExtendsAPlainStatementForThePrincipal();
    void policyMergeIsIdempotent();
    void policyMergeTakesASingleStatementObject();
    void policyMergeNeverRemovesADeny();
    void policyMergeRefusesUnreadable();
    void policyMergeWhereNoPolicyMethod();
    void decision_data();
    void decision();
};

namespace {

const QString kOwner = u"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"_s;
const QString kOther = u"a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00"_s;

Grant canonical(const QString &id, const QString &permission, const QString &name = QString())
{
    Grant grant;
    grant.granteeType = u"CanonicalUser"_s;
    grant.id = id;
    grant.displayName = name;
    grant.permission = permission;
    return grant;
}

Grant group(const QString &uri, const QString &permission)
{
    Grant grant;
    grant.granteeType = u"Group"_s;
    grant.uri = uri;
    grant.permission = permission;
    return grant;
}

Acl ownerOnly()
{
    Acl acl;
    acl.ownerId = kOwner;
    acl.ownerDisplayName = u"ops"_s;
    acl.grants = {canonical(kOwner, u"FULL_CONTROL"_s, u"ops"_s)};
    return acl;
}

QJsonObject parse(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("not JSON: %s\n%s", qPrintable(error.errorString()), qPrintable(text));
    return document.object();
}

QList<QJsonObject> statements(const QString &policy)
{
    QList<QJsonObject> out;
    for (const QJsonValue &value : parse(policy).value(u"Statement"_s).toArray())
        out.append(value.toObject());
    return out;
}

// The documented statement for a bucket in an opt-in Region (snapshot-rules.md, [C5] 2019-2021).
QString documentedStatement(const QString &region, const QString &bucket)
{
    return uR"({"Sid":"Stmt15399483","Effect":"Allow","Principal":{"Service":"%1.elasticache-snapshot.amazonaws.com"},
 "Action":["s3:PutObject","s3:GetObject","s3:ListBucket","s3:GetBucketAcl","s3:ListMultipartUploadParts",
 "s3:ListBucketMultipartUploads"],"Resource":["arn:aws:s3:::%2","arn:aws:s3:::%2/*"]})"_s.arg(region, bucket);
}

const QString kOtherStatement = uR"({"Sid":"DenyInsecure","Effect":"Deny","Principal":"*","Action":"s3:*",
 "Resource":["arn:aws:s3:::b1","arn:aws:s3:::b1/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}})"_s;
const QString kReaderStatement = uR"({"Sid":"Readers","Effect":"Allow",
 "Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b1/*"})"_s;

} // namespace

void TestExportAccess::rulePerRegion_data()
{
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("partition");
    QTest::addColumn<bool>("known");
    QTest::addColumn<bool>("optIn");
    QTest::addColumn<bool>("acl");
    QTest::addColumn<bool>("policy");
    QTest::addColumn<QString>("canonicalId");
    QTest::addColumn<QString>("principal");

    const QString commercial = u"540804c33a284a299d2547575ce1010f2312ef3da9b3a053c8bc45bf233e4353"_s;
    const QString gov = u"40fa568277ad703bd160f66ae4f83fc9dfdfd06c2f1b5060ca22442ac3ef8be6"_s;
    QTest::newRow("us-east-1") << u"us-east-1"_s << u"aws"_s << true << false << true << true << commercial
                               << u"us-east-1.elasticache-snapshot.amazonaws.com"_s;
    QTest::newRow("eu-north-1 (Dec 2018)") << u"eu-north-1"_s << u"aws"_s << true << false << true << true << commercial
                                           << u"eu-north-1.elasticache-snapshot.amazonaws.com"_s;
    QTest::newRow("ap-northeast-3") << u"ap-northeast-3"_s << u"aws"_s << true << false << true << true << commercial
                                    << u"ap-northeast-3.elasticache-snapshot.amazonaws.com"_s;
    QTest::newRow("ap-east-1 opt-in") << u"ap-east-1"_s << u"aws"_s << true << true << false << true << QString()
                                      << u"ap-east-1.elasticache-snapshot.amazonaws.com"_s;
    QTest::newRow("me-south-1 opt-in") << u"me-south-1"_s << u"aws"_s << true << true << false << true << QString()
                                       << u"me-south-1.elasticache-snapshot.amazonaws.com"_s;
    QTest::newRow("a future aws Region") << u"xx-new-9"_s << u"aws"_s << true << true << false << true << QString()
                                         << u"xx-new-9.elasticache-snapshot.amazonaws.com"_s;
    QTest::newRow("us-gov-west-1") << u"us-gov-west-1"_s << u"aws-us-gov"_s << true << false << true << false << gov
                                   << QString();
    QTest::newRow("us-gov-east-1") << u"us-gov-east-1"_s << u"aws-us-gov"_s << true << false << true << false << gov
                                   << QString();
    QTest::newRow("cn-north-1") << u"cn-north-1"_s << u"aws-cn"_s << false << false << false << false << QString()
                                << QString();
    QTest::newRow("us-iso-east-1") << u"us-iso-east-1"_s << u"aws-iso"_s << false << false << false << false
                                   << QString() << QString();
    QTest::newRow("us-isob-east-1") << u"us-isob-east-1"_s << u"aws-iso-b"_s << false << false << false << false
                                    << QString() << QString();
    QTest::newRow("eusc-de-east-1") << u"eusc-de-east-1"_s << u"aws-eusc"_s << false << false << false << false
                                    << QString() << QString();
}

void TestExportAccess::rulePerRegion()
{
    QFETCH(QString, region);
    QFETCH(QString, partition);
    QFETCH(bool, known);
    QFETCH(bool, optIn);
    QFETCH(bool, acl);
    QFETCH(bool, policy);
    QFETCH(QString, canonicalId);
    QFETCH(QString, principal);

    const GrantRule rule = ruleFor(region);
    QCOMPARE(rule.partition, partition);
    QCOMPARE(partitionOf(region), partition);
    QCOMPARE(rule.known, known);
    QCOMPARE(rule.optIn, optIn);
    QCOMPARE(isOptInRegion(region), optIn);
    QCOMPARE(rule.accepts(Method::AclGrant), acl);
    QCOMPARE(rule.accepts(Method::BucketPolicy), policy);
    QCOMPARE(rule.canonicalId, canonicalId);
    QCOMPARE(rule.servicePrincipal, principal);
    if (acl) {
        QCOMPARE(rule.methods.constFirst(), Method::AclGrant); // the documented method comes first
        QCOMPARE(rule.aclPermissions, (QStringList {u"READ"_s, u"WRITE"_s, u"READ_ACP"_s}));
    }
    if (policy) {
        QCOMPARE(rule.bucketActions,
                 (QStringList {u"s3:ListBucket"_s, u"s3:GetBucketAcl"_s, u"s3:ListBucketMultipartUploads"_s}));
        QCOMPARE(rule.objectActions,
                 (QStringList {u"s3:PutObject"_s, u"s3:GetObject"_s, u"s3:ListMultipartUploadParts"_s}));
    }
    if (!known)
        QVERIFY(rule.methods.isEmpty());
}

void TestExportAccess::rulesMatchTheReference()
{
    // The table in tests/data/snapshot-rules.md and the code say the same thing.
    const QString rules = QString::fromUtf8(testData(u"snapshot-rules.md"_s));
    const qsizetype table = rules.indexOf(u"What CacheSnap applies"_s);
    QVERIFY(table > 0);
    const QString applied = rules.mid(table, rules.indexOf(u"\n- Permissions the **caller**"_s) - table);
    QVERIFY(applied.contains(commercialCanonicalId()));
    QVERIFY(applied.contains(govCloudCanonicalId()));
    QVERIFY(applied.contains(u"`<region>.elasticache-snapshot.amazonaws.com`"_s));
    const GrantRule optIn = ruleFor(u"ap-east-1"_s);
    for (const QString &action : optIn.policyActions())
        QVERIFY2(applied.contains(u'`' + action + u'`'), qPrintable(action));
}

void TestExportAccess::optInRegionsMatchTheReference()
{
    const QString rules = QString::fromUtf8(testData(u"snapshot-rules.md"_s));
    const auto regionsOfRow = [&rules](const QString &rowStart) {
        const qsizetype at = rules.indexOf(rowStart);
        const QString row = rules.mid(at, rules.indexOf(u'\n', at) - at);
        const QString cell = row.split(u'|').value(2);
        QStringList regions;
        static const QRegularExpression name(u"\\b([a-z]{2}-[a-z]+-\\d)\\b"_s);
        for (auto it = name.globalMatch(cell); it.hasNext();)
            regions.append(it.next().captured(1));
        return regions;
    };
    const QStringList defaults = regionsOfRow(u"  | `aws`, Regions enabled by default"_s);
    const QStringList optIns = regionsOfRow(u"  | `aws`, opt-in Regions"_s);
    QCOMPARE(defaults.size(), 17);
    QCOMPARE(optIns.size(), 17);
    for (const QString &region : defaults)
        QVERIFY2(!isOptInRegion(region) && ruleFor(region).accepts(Method::AclGrant), qPrintable(region));
    for (const QString &region : optIns)
        QVERIFY2(isOptInRegion(region) && !ruleFor(region).accepts(Method::AclGrant), qPrintable(region));
}

void TestExportAccess::aclMissing_data()
{
    QTest::addColumn<QList<Grant>>("grants");
    QTest::addColumn<QStringList>("missing");
    const QString ec = commercialCanonicalId();
    const QList<Grant> owner = ownerOnly().grants;
    QTest::newRow("owner only") << owner << QStringList {u"READ"_s, u"WRITE"_s, u"READ_ACP"_s};
    QTest::newRow("READ only") << (owner + QList<Grant> {canonical(ec, u"READ"_s)})
                               << QStringList {u"WRITE"_s, u"READ_ACP"_s};
    QTest::newRow("all three")
        << (owner + QList<Grant> {canonical(ec, u"READ"_s), canonical(ec, u"WRITE"_s), canonical(ec, u"READ_ACP"_s)})
        << QStringList();
    QTest::newRow("full control") << (owner + QList<Grant> {canonical(ec, u"FULL_CONTROL"_s)}) << QStringList();
    QTest::newRow("upper-case id") << (owner
                                       + QList<Grant> {canonical(ec.toUpper(), u"READ"_s), canonical(ec, u"WRITE"_s),
                                                       canonical(ec, u"READ_ACP"_s)})
                                   << QStringList();
    QTest::newRow("to someone else") << (owner
                                         + QList<Grant> {canonical(kOther, u"READ"_s), canonical(kOther, u"WRITE"_s),
                                                         canonical(kOther, u"READ_ACP"_s)})
                                     << QStringList {u"READ"_s, u"WRITE"_s, u"READ_ACP"_s};
    QTest::newRow("to all users is not to ElastiCache")
        << (owner + QList<Grant> {group(u"http://acs.amazonaws.com/groups/global/AllUsers"_s, u"FULL_CONTROL"_s)})
        << QStringList {u"READ"_s, u"WRITE"_s, u"READ_ACP"_s};
    QTest::newRow("WRITE_ACP does not count")
        << (owner + QList<Grant> {canonical(ec, u"WRITE_ACP"_s)}) << QStringList {u"READ"_s, u"WRITE"_s, u"READ_ACP"_s};
}

void TestExportAccess::aclMissing()
{
    QFETCH(QList<Grant>, grants);
    QFETCH(QStringList, missing);
    Acl acl = ownerOnly();
    acl.grants = grants;
    QCOMPARE(missingAclPermissions(ruleFor(u"us-east-1"_s), acl), missing);
}

void TestExportAccess::aclMergeKeepsEverything()
{
    Acl acl = ownerOnly();
    acl.grants.append(canonical(kOther, u"READ"_s, u"auditor"_s));
    acl.grants.append(group(u"http://acs.amazonaws.com/groups/s3/LogDelivery"_s, u"WRITE"_s));
    acl.grants.append(canonical(commercialCanonicalId(), u"READ"_s));
    const AclMerge merge = mergeAcl(ruleFor(u"eu-west-1"_s), acl);
    QVERIFY(merge.changed());
    QCOMPARE(merge.before, acl);
    QCOMPARE(merge.after.ownerId, acl.ownerId);
    QCOMPARE(merge.after.ownerDisplayName, acl.ownerDisplayName);
    // Every grant that was there is there, in its place; only the two missing ones are appended.
    QCOMPARE(merge.after.grants.mid(0, acl.grants.size()), acl.grants);
    QCOMPARE(merge.added,
             (QList<Grant> {canonical(commercialCanonicalId(), u"WRITE"_s),
                            canonical(commercialCanonicalId(), u"READ_ACP"_s)}));
    QCOMPARE(merge.after.grants.size(), acl.grants.size() + 2);
    QVERIFY(missingAclPermissions(ruleFor(u"eu-west-1"_s), merge.after).isEmpty());
}

void TestExportAccess::aclMergeIsIdempotent()
{
    const GrantRule rule = ruleFor(u"us-west-2"_s);
    const AclMerge first = mergeAcl(rule, ownerOnly());
    const AclMerge second = mergeAcl(rule, first.after);
    QVERIFY(first.changed());
    QVERIFY(!second.changed());
    QCOMPARE(second.after, first.after);
}

void TestExportAccess::aclMergeOfGovCloud()
{
    const AclMerge merge = mergeAcl(ruleFor(u"us-gov-west-1"_s), ownerOnly());
    QCOMPARE(merge.added.size(), 3);
    for (const Grant &grant : merge.added)
        QCOMPARE(grant.id, govCloudCanonicalId());
    // No rule, no change: CacheSnap never guesses a grantee.
    QVERIFY(!mergeAcl(ruleFor(u"cn-north-1"_s), ownerOnly()).changed());
}

void TestExportAccess::aclDocumentIsWhatTheAwsCliPrints()
{
    Acl acl = ownerOnly();
    acl.grants.append(group(u"http://acs.amazonaws.com/groups/s3/LogDelivery"_s, u"WRITE"_s));
    const QString text = aclDocument(acl);
    QCOMPARE(text, uR"({
    "Owner": {
        "DisplayName": "ops",
        "ID": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    },
    "Grants": [
        {
            "Grantee": {
                "DisplayName": "ops",
                "ID": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
                "Type": "CanonicalUser"
            },
            "Permission": "FULL_CONTROL"
        },
        {
            "Grantee": {
                "Type": "Group",
                "URI": "http://acs.amazonaws.com/groups/s3/LogDelivery"
            },
            "Permission": "WRITE"
        }
    ]
}
)"_s);
    // And it is JSON, with the owner first as S3 and the AWS CLI give it.
    QCOMPARE(parse(text).value(u"Grants"_s).toArray().size(), 2);
    Acl empty;
    empty.ownerId = u"x\"y"_s;
    QCOMPARE(parse(aclDocument(empty)).value(u"Owner"_s).toObject().value(u"ID"_s).toString(), u"x\"y"_s);
}

void TestExportAccess::policyEvaluation_data()
{
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("policy");
    QTest::addColumn<bool>("readable");
    QTest::addColumn<QStringList>("missing");
    QTest::addColumn<QStringList>("denied");

    const QStringList all = ruleFor(u"ap-east-1"_s).policyActions();
    const auto doc = [](const QString &statementsText) {
        return uR"({"Version":"2012-10-17","Statement":[%1]})"_s.arg(statementsText);
    };
    QTest::newRow("no policy") << u"ap-east-1"_s << QString() << true << all << QStringList();
    QTest::newRow("the documented statement") << u"ap-east-1"_s << doc(documentedStatement(u"ap-east-1"_s, u"b1"_s))
                                              << true << QStringList() << QStringList();
    QTest::newRow("for another Region's principal")
        << u"ap-east-1"_s << doc(documentedStatement(u"me-south-1"_s, u"b1"_s)) << true << all << QStringList();
    QTest::newRow("for another bucket") << u"ap-east-1"_s << doc(documentedStatement(u"ap-east-1"_s, u"b2"_s)) << true
                                        << all << QStringList();
    QTest::newRow("s3:* on both, a principal list")
        << u"ap-east-1"_s << doc(uR"({"Effect":"Allow","Principal":{"Service":["elasticache.amazonaws.com",
            "ap-east-1.elasticache-snapshot.amazonaws.com"]},"Action":"s3:*","Resource":["arn:aws:s3:::b1",
            "arn:aws:s3:::b1/*"]})"_s)
        << true << QStringList() << QStringList();
    QTest::newRow("wildcard resource and lower-case actions")
        << u"ap-east-1"_s
        << doc(uR"({"Effect":"Allow","Principal":{"Service":"ap-east-1.elasticache-snapshot.amazonaws.com"},
            "Action":["s3:putobject","s3:Get*","s3:List*"],"Resource":"arn:aws:s3:::b?*"})"_s)
        << true << QStringList() << QStringList();
    QTest::newRow("objects only") << u"ap-east-1"_s << doc(uR"({"Effect":"Allow","Principal":{"Service":
            "ap-east-1.elasticache-snapshot.amazonaws.com"},"Action":"s3:*","Resource":"arn:aws:s3:::b1/*"})"_s)
                                  << true
                                  << QStringList {u"s3:ListBucket"_s, u"s3:GetBucketAcl"_s,
                                                  u"s3:ListBucketMultipartUploads"_s}
                                  << QStringList();
    QTest::newRow("a Condition does not count")
        << u"ap-east-1"_s
        << doc(uR"({"Effect":"Allow","Principal":{"Service":"ap-east-1.elasticache-snapshot.amazonaws.com"},
            "Action":"s3:*","Resource":["arn:aws:s3:::b1","arn:aws:s3:::b1/*"],
            "Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}})"_s)
        << true << all << QStringList();
    QTest::newRow("a wildcard principal does not count")
        << u"ap-east-1"_s << doc(uR"({"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b1",
            "arn:aws:s3:::b1/*"]})"_s)
        << true << all << QStringList();
    QTest::newRow("a Deny wins") << u"ap-east-1"_s
                                 << doc(documentedStatement(u"ap-east-1"_s, u"b1"_s) + uR"(,{"Effect":"Deny",
            "Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::b1/*"})"_s)
                                 << true << QStringList() << QStringList {u"s3:PutObject"_s};
    QTest::newRow("a single statement object")
        << u"ap-east-1"_s
        << uR"({"Version":"2012-10-17","Statement":%1})"_s.arg(documentedStatement(u"ap-east-1"_s, u"b1"_s)) << true
        << QStringList() << QStringList();
    QTest::newRow("default Region, policy accepted too")
        << u"us-east-1"_s << doc(documentedStatement(u"us-east-1"_s, u"b1"_s)) << true << QStringList()
        << QStringList();
    QTest::newRow("not JSON") << u"ap-east-1"_s << u"{\"Version\":"_s << false << all << QStringList();
    QTest::newRow("not an object") << u"ap-east-1"_s << u"[1,2]"_s << false << all << QStringList();
}

void TestExportAccess::policyEvaluation()
{
    QFETCH(QString, region);
    QFETCH(QString, policy);
    QFETCH(bool, readable);
    QFETCH(QStringList, missing);
    QFETCH(QStringList, denied);
    const PolicyEvaluation evaluation = evaluatePolicy(ruleFor(region), u"b1"_s, policy);
    QCOMPARE(evaluation.readable, readable);
    QCOMPARE(evaluation.missingActions, missing);
    QCOMPARE(evaluation.deniedActions, denied);
    QCOMPARE(evaluation.granted(), readable && missing.isEmpty() && denied.isEmpty());
    if (!readable)
        QVERIFY(!evaluation.problem.isEmpty());
}

void TestExportAccess::policyMergeIntoNoPolicy()
{
    const GrantRule rule = ruleFor(u"ap-east-1"_s);
    const PolicyMerge merge = mergePolicy(rule, u"b1"_s, QString());
    QVERIFY(merge.ok);
    QVERIFY(merge.changed);
    QCOMPARE(merge.before, QString());
    const QJsonObject after = parse(merge.after);
    QCOMPARE(after.value(u"Version"_s).toString(), u"2012-10-17"_s);
    const QList<QJsonObject> list = statements(merge.after);
    QCOMPARE(list.size(), 1);
    QCOMPARE(list[0].value(u"Sid"_s).toString(), u"ElastiCacheExport"_s);
    QCOMPARE(list[0].value(u"Effect"_s).toString(), u"Allow"_s);
    QCOMPARE(list[0].value(u"Principal"_s).toObject().value(u"Service"_s).toString(),
             u"ap-east-1.elasticache-snapshot.amazonaws.com"_s);
    QCOMPARE(list[0].value(u"Resource"_s).toArray(), (QJsonArray {u"arn:aws:s3:::b1"_s, u"arn:aws:s3:::b1/*"_s}));
    QCOMPARE(list[0].value(u"Action"_s).toArray(), QJsonArray::fromStringList(rule.policyActions()));
    QVERIFY(evaluatePolicy(rule, u"b1"_s, merge.after).granted());
}

void TestExportAccess::policyMergeKeepsOtherStatementsVersionAndId()
{
    const QString policy = uR"({"Version":"2008-10-17","Id":"Policy-ops-7","Statement":[%1,%2]})"_s.arg(
        kOtherStatement, kReaderStatement);
    const PolicyMerge merge = mergePolicy(ruleFor(u"me-south-1"_s), u"b1"_s, policy);
    QVERIFY(merge.ok);
    QVERIFY(merge.changed);
    QCOMPARE(parse(merge.before), parse(policy));
    const QJsonObject after = parse(merge.after);
    QCOMPARE(after.value(u"Version"_s).toString(), u"2008-10-17"_s);
    QCOMPARE(after.value(u"Id"_s).toString(), u"Policy-ops-7"_s);
    const QList<QJsonObject> list = statements(merge.after);
    QCOMPARE(list.size(), 3);
    QCOMPARE(list[0], parse(kOtherStatement)); // every statement that was there, unchanged, in its place
    QCOMPARE(list[1], parse(kReaderStatement));
    QCOMPARE(list[2].value(u"Sid"_s).toString(), u"ElastiCacheExport"_s);
    // The conditional Deny (aws:SecureTransport) is not taken as refusing ElastiCache.
    QVERIFY(merge.stillDenied.isEmpty());
    QVERIFY(evaluatePolicy(ruleFor(u"me-south-1"_s), u"b1"_s, merge.after).granted());
}

void TestExportAccess::policyMergeExtendsOurStatement()
{
    const QString policy = uR"({"Version":"2012-10-17","Statement":[%1,{"Sid":"ElastiCacheExport","Effect":"Allow",
        "Principal":{"Service":"ap-east-1.elasticache-snapshot.amazonaws.com"},"Action":"s3:PutObject",
        "Resource":"arn:aws:s3:::b1/*"}]})"_s.arg(kReaderStatement);
    const PolicyMerge merge = mergePolicy(ruleFor(u"ap-east-1"_s), u"b1"_s, policy);
    QVERIFY(merge.changed);
    const QList<QJsonObject> list = statements(merge.after);
    QCOMPARE(list.size(), 2); // extended, not a second statement
    QCOMPARE(list[0], parse(kReaderStatement));
    const QJsonArray actions = list[1].value(u"Action"_s).toArray();
    QCOMPARE(actions.first().toString(), u"s3:PutObject"_s); // what it had stays first
    QCOMPARE(actions.size(), 6);
    QCOMPARE(list[1].value(u"Resource"_s).toArray(), (QJsonArray {u"arn:aws:s3:::b1/*"_s, u"arn:aws:s3:::b1"_s}));
    QVERIFY(evaluatePolicy(ruleFor(u"ap-east-1"_s), u"b1"_s, merge.after).granted());
}

void TestExportAccess::policyMergeExtendsAPlainStatementForThePrincipal()
{
    const QString policy = uR"({"Statement":[{"Sid":"Mine","Effect":"Allow","Principal":{"Service":
        "ap-east-1.elasticache-snapshot.amazonaws.com"},"Action":["s3:GetObject","s3:PutObject","s3:DeleteObject"],
        "Resource":["arn:aws:s3:::b1/*"]}]})"_s;
    const PolicyMerge merge = mergePolicy(ruleFor(u"ap-east-1"_s), u"b1"_s, policy);
    const QList<QJsonObject> list = statements(merge.after);
    QCOMPARE(list.size(), 1);
    QCOMPARE(list[0].value(u"Sid"_s).toString(), u"Mine"_s);
    const QStringList actions = list[0].value(u"Action"_s).toVariant().toStringList();
    QVERIFY(actions.contains(u"s3:DeleteObject"_s)); // nothing removed, even what ElastiCache does not need
    QCOMPARE(actions.mid(0, 3), (QStringList {u"s3:GetObject"_s, u"s3:PutObject"_s, u"s3:DeleteObject"_s}));
    QCOMPARE(actions.size(), 7);
    QVERIFY(!parse(merge.after).contains(u"Version"_s)); // not added where the operator left it out
}

void TestExportAccess::policyMergeIsIdempotent()
{
    const GrantRule rule = ruleFor(u"ap-east-1"_s);
    const PolicyMerge first
        = mergePolicy(rule, u"b1"_s, uR"({"Version":"2012-10-17","Statement":[%1]})"_s.arg(kReaderStatement));
    const PolicyMerge second = mergePolicy(rule, u"b1"_s, first.after);
    QVERIFY(first.changed);
    QVERIFY(!second.changed);
    QCOMPARE(second.after, second.before);
    QCOMPARE(parse(second.after), parse(first.after));
}

void TestExportAccess::policyMergeTakesASingleStatementObject()
{
    const PolicyMerge merge = mergePolicy(ruleFor(u"ap-east-1"_s), u"b1"_s,
                                          uR"({"Version":"2012-10-17","Statement":%1})"_s.arg(kReaderStatement));
    const QList<QJsonObject> list = statements(merge.after);
    QCOMPARE(list.size(), 2);
    QCOMPARE(list[0], parse(kReaderStatement));
}

void TestExportAccess::policyMergeNeverRemovesADeny()
{
    const QString deny = uR"({"Sid":"NoWrites","Effect":"Deny","Principal":"*","Action":"s3:PutObject",
        "Resource":"arn:aws:s3:::b1/*"})"_s;
    const PolicyMerge merge
        = mergePolicy(ruleFor(u"ap-east-1"_s), u"b1"_s, uR"({"Version":"2012-10-17","Statement":[%1]})"_s.arg(deny));
    QVERIFY(merge.ok);
    QCOMPARE(merge.stillDenied, QStringList {u"s3:PutObject"_s});
    QCOMPARE(statements(merge.after).constFirst(), parse(deny));
    QVERIFY(!evaluatePolicy(ruleFor(u"ap-east-1"_s), u"b1"_s, merge.after).granted());
}

void TestExportAccess::policyMergeRefusesUnreadable()
{
    const PolicyMerge merge = mergePolicy(ruleFor(u"ap-east-1"_s), u"b1"_s, u"{\"Statement\": 7}"_s);
    QVERIFY(!merge.ok);
    QVERIFY(merge.problem.contains(u"Statement"_s));
    QVERIFY(merge.after.isEmpty());
}

void TestExportAccess::policyMergeWhereNoPolicyMethod()
{
    QVERIFY(!mergePolicy(ruleFor(u"us-gov-west-1"_s), u"b1"_s, QString()).ok);
    QVERIFY(!mergePolicy(ruleFor(u"cn-north-1"_s), u"b1"_s, QString()).ok);
}

void TestExportAccess::decision_data()
{
    QTest::addColumn<QString>("region");
    QTest::addColumn<QList<Grant>>("extraGrants");
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("ownership");
    QTest::addColumn<bool>("granted");
    QTest::addColumn<QStringList>("missing");

    const QString ec = commercialCanonicalId();
    const QList<Grant> three = {canonical(ec, u"READ"_s), canonical(ec, u"WRITE"_s), canonical(ec, u"READ_ACP"_s)};
    const QString usPolicy = uR"({"Statement":[%1]})"_s.arg(documentedStatement(u"us-east-1"_s, u"b1"_s));
    const QString hkPolicy = uR"({"Statement":[%1]})"_s.arg(documentedStatement(u"ap-east-1"_s, u"b1"_s));
    const QStringList all = {u"READ"_s, u"WRITE"_s, u"READ_ACP"_s};
    QTest::newRow("default, granted by ACL")
        << u"us-east-1"_s << three << QString() << u"BucketOwnerPreferred"_s << true << QStringList();
    QTest::newRow("default, no ownership controls")
        << u"us-east-1"_s << three << QString() << QString() << true << QStringList();
    QTest::newRow("default, ACLs disabled ignore the grant")
        << u"us-east-1"_s << three << QString() << u"BucketOwnerEnforced"_s << false << all;
    QTest::newRow("default, granted by policy with ACLs disabled")
        << u"us-east-1"_s << QList<Grant>() << usPolicy << u"BucketOwnerEnforced"_s << true << QStringList();
    QTest::newRow("default, READ only") << u"us-east-1"_s << QList<Grant> {canonical(ec, u"READ"_s)} << QString()
                                        << u"ObjectWriter"_s << false << QStringList {u"WRITE"_s, u"READ_ACP"_s};
    QTest::newRow("opt-in, ACL grant does not count")
        << u"ap-east-1"_s << three << QString() << u"BucketOwnerPreferred"_s << false << all;
    QTest::newRow("opt-in, policy") << u"ap-east-1"_s << QList<Grant>() << hkPolicy << u"BucketOwnerEnforced"_s << true
                                    << QStringList();
    QTest::newRow("opt-in, policy lacks PutObject")
        << u"ap-east-1"_s << QList<Grant>()
        << uR"({"Statement":[{"Effect":"Allow","Principal":{"Service":"ap-east-1.elasticache-snapshot.amazonaws.com"},
            "Action":["s3:GetObject","s3:ListBucket","s3:GetBucketAcl","s3:ListMultipartUploadParts",
            "s3:ListBucketMultipartUploads"],"Resource":["arn:aws:s3:::b1","arn:aws:s3:::b1/*"]}]})"_s
        << u"BucketOwnerEnforced"_s << false << QStringList {u"WRITE"_s};
    // An explicit Deny in the policy wins over the ACL's grant, as S3 evaluates them.
    QTest::newRow("default, ACL grant but the policy denies")
        << u"us-east-1"_s << three
        << uR"({"Statement":[{"Effect":"Deny","Principal":{"Service":"us-east-1.elasticache-snapshot.amazonaws.com"},
            "Action":"s3:PutObject","Resource":"arn:aws:s3:::b1/*"}]})"_s
        << u"BucketOwnerPreferred"_s << false << QStringList {u"WRITE"_s};
}

void TestExportAccess::decision()
{
    QFETCH(QString, region);
    QFETCH(QList<Grant>, extraGrants);
    QFETCH(QString, policy);
    QFETCH(QString, ownership);
    QFETCH(bool, granted);
    QFETCH(QStringList, missing);
    Acl acl = ownerOnly();
    acl.grants += extraGrants;
    const Decision decision = decide(region, u"b1"_s, acl, policy, ownership);
    QVERIFY(decision.known);
    QCOMPARE(decision.granted, granted);
    QCOMPARE(decision.missing, missing);
    QVERIFY(!decide(u"cn-north-1"_s, u"b1"_s, acl, policy, ownership).known);
}

QTEST_GUILESS_MAIN(TestExportAccess)
#include "tst_exportaccess.moc"
