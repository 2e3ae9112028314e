// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportaccess.h"
#include "pseudoterminal.h"
#include "sandboxprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

// The export check from the command line, end to end: the real cachesnap-cli against a real cachesnap-sandbox
// (ElastiCache and S3 on one loopback port), with the AWS CLI v2 (/usr/bin/aws s3api) setting buckets up and
// reading back what the fixes wrote.

namespace {

constexpr auto kAccessKey = "AKIDSANDBOX";
constexpr auto kSecretKey = "sandbox-secret-key";
constexpr auto kRegion = "us-east-1";
// Seeded by the sandbox: a node-based snapshot of 3 shards, and a serverless one.
constexpr auto kNodeSnapshot = "demo-valkey-rg-manual";
constexpr auto kServerlessSnapshot = "demo-serverless-manual";

QProcessEnvironment environment(const QString &home, const QString &url)
{
    QProcessEnvironment env = isolatedAwsEnvironment(home, QString::fromLatin1(kAccessKey),
                                                     QString::fromLatin1(kSecretKey), QString::fromLatin1(kRegion));
    env.insert(u"AWS_REGION"_s, QString::fromLatin1(kRegion));
    env.insert(u"AWS_MAX_ATTEMPTS"_s, u"1"_s);
    env.insert(u"AWS_ENDPOINT_URL_S3"_s, url);
    env.insert(u"CACHESNAP_NO_KEYCHAIN"_s, u"1"_s);
    return env;
}

// Item id -> verdict, from a JSON report.
QHash<QString, QString> verdicts(const QJsonObject &report)
{
    QHash<QString, QString> out;
    for (const QJsonValue &item : report.value(u"Items").toArray())
        out.insert(item.toObject().value(u"Id").toString(), item.toObject().value(u"Verdict").toString());
    return out;
}

QJsonObject item(const QJsonObject &report, const QString &id)
{
    for (const QJsonValue &value : report.value(u"Items").toArray()) {
        if (value.toObject().value(u"Id").toString() == id)
            return value.toObject();
    }
    return {};
}

QStringList fixKinds(const QJsonObject &item)
{
    QStringList kinds;
    for (const QJsonValue &fix : item.value(u"Fixes").toArray())
        kinds.append(fix.toObject().value(u"Kind").toString());
    return kinds;
}

// The grants of `aws s3api get-bucket-acl` as "<id or uri>:<permission>".
QStringList grantsOf(const QJsonObject &acl)
{
    QStringList out;
    for (const QJsonValue &value : acl.value(u"Grants").toArray()) {
        const QJsonObject grantee = value.toObject().value(u"Grantee").toObject();
        const QString who
            = grantee.contains(u"ID") ? grantee.value(u"ID").toString() : grantee.value(u"URI").toString();
        out.append(who + u':' + value.toObject().value(u"Permission").toString());
    }
    return out;
}

} // namespace

class TestCheckExportBucket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void seededStates_data();
    void seededStates();
    void tableReport();
    void sourceNotExportable();
    void callerDeniedOnlyWarns();
    void unknownSnapshot();

    void fixAclKeepsGrants();
    void fixPolicyKeepsStatements();
    void fixReenablesAcls();
    void fixNeedsTerminalOrYes();
    void fixConfirmedOnTerminal();
    void fixRefusedWhenBucketChanged();

    void exportCheckRefusesBeforeCalling();
    void copyCheckRefusesBeforeCalling();
    void exportCheckPassesThrough();
    void sandboxExportFollowsTheRule();
    void debugLogsTheCheckTime();

private:
    ProgramRun cli(const QStringList &arguments);
    QJsonObject checkJson(const QStringList &arguments, int expectedExit);
    ProgramRun s3api(const QStringList &arguments);
    QJsonObject s3apiJson(const QStringList &arguments);
    // The keys under prefix, read with `aws s3api list-objects-v2` (which prints nothing when there are none).
    QStringList objectKeys(const QString &bucket, const QString &prefix);
    // A new bucket, as S3 creates them (ACLs disabled), with ownership set when given.
    void createBucket(const QString &name, const QString &ownership = {});
    void putAcl(const QString &bucket, const QJsonObject &policy);
    QJsonObject aclWithExtraGrant(const QString &bucket);

    QString m_cliBinary;
    QString m_aws;
    QTemporaryDir m_home;
    std::unique_ptr<SandboxProcess> m_sandbox;
    QProcessEnvironment m_env;
};

void TestCheckExportBucket::initTestCase()
{
    m_cliBinary = findBuiltBinary(u"cachesnap-cli"_s);
    QVERIFY2(!m_cliBinary.isEmpty(), "cachesnap-cli is not built");
    QVERIFY(m_home.isValid());
    if (QFileInfo(u"/usr/bin/aws"_s).isExecutable())
        m_aws = u"/usr/bin/aws"_s;
    QVERIFY2(!m_aws.isEmpty(), "the AWS CLI v2 (/usr/bin/aws) reads back what the fixes wrote; it is not installed");
    m_sandbox = std::make_unique<SandboxProcess>();
    QVERIFY2(m_sandbox->start({u"--snapshot-create-seconds"_s, u"0.3"_s}), qPrintable(m_sandbox->error()));
    m_env = environment(m_home.path(), m_sandbox->url());
}

ProgramRun TestCheckExportBucket::cli(const QStringList &arguments)
{
    return runProgram(m_cliBinary, QStringList {u"--endpoint-url"_s, m_sandbox->url()} + arguments, m_env);
}

QJsonObject TestCheckExportBucket::checkJson(const QStringList &arguments, int expectedExit)
{
    const ProgramRun run = cli(QStringList {u"--output"_s, u"json"_s, u"check-export-bucket"_s} + arguments);
    if (run.exitCode != expectedExit) {
        qWarning().noquote() << describe(run);
        return {};
    }
    return parseObject(run.out);
}

ProgramRun TestCheckExportBucket::s3api(const QStringList &arguments)
{
    return runProgram(m_aws,
                      QStringList {u"s3api"_s} + arguments
                          + QStringList {u"--endpoint-url"_s, m_sandbox->url(), u"--output"_s, u"json"_s},
                      m_env);
}

QJsonObject TestCheckExportBucket::s3apiJson(const QStringList &arguments)
{
    const ProgramRun run = s3api(arguments);
    if (run.exitCode != 0)
        qWarning().noquote() << describe(run);
    return parseObject(run.out);
}

QStringList TestCheckExportBucket::objectKeys(const QString &bucket, const QString &prefix)
{
    const ProgramRun run = s3api({u"list-objects-v2"_s, u"--bucket"_s, bucket, u"--prefix"_s, prefix});
    if (run.exitCode != 0) {
        qWarning().noquote() << describe(run);
        return {u"<list-objects-v2 failed>"_s};
    }
    QStringList keys;
    if (run.out.trimmed().isEmpty())
        return keys;
    for (const QJsonValue &value : parseObject(run.out).value(u"Contents").toArray())
        keys.append(value.toObject().value(u"Key").toString());
    return keys;
}

void TestCheckExportBucket::createBucket(const QString &name, const QString &ownership)
{
    ProgramRun run = s3api({u"create-bucket"_s, u"--bucket"_s, name});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    if (!ownership.isEmpty()) {
        run = s3api({u"put-bucket-ownership-controls"_s, u"--bucket"_s, name, u"--ownership-controls"_s,
                     u"Rules=[{ObjectOwnership=%1}]"_s.arg(ownership)});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    }
}

void TestCheckExportBucket::putAcl(const QString &bucket, const QJsonObject &policy)
{
    const ProgramRun run = s3api({u"put-bucket-acl"_s, u"--bucket"_s, bucket, u"--access-control-policy"_s,
                                  QString::fromUtf8(QJsonDocument(policy).toJson(QJsonDocument::Compact))});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
}

// The bucket's ACL as it is, plus READ for an unrelated canonical user and READ for the log-delivery group.
QJsonObject TestCheckExportBucket::aclWithExtraGrant(const QString &bucket)
{
    QJsonObject acl = s3apiJson({u"get-bucket-acl"_s, u"--bucket"_s, bucket});
    QJsonArray grants = acl.value(u"Grants").toArray();
    grants.append(
        QJsonObject {{u"Grantee"_s, QJsonObject {{u"Type"_s, u"CanonicalUser"_s}, {u"ID"_s, QString(64, u'a')}}},
                     {u"Permission"_s, u"READ"_s}});
    grants.append(QJsonObject {
        {u"Grantee"_s,
         QJsonObject {{u"Type"_s, u"Group"_s}, {u"URI"_s, u"http://acs.amazonaws.com/groups/s3/LogDelivery"_s}}},
        {u"Permission"_s, u"WRITE"_s}});
    acl.insert(u"Grants"_s, grants);
    acl.remove(u"ResponseMetadata"_s);
    return acl;
}

void TestCheckExportBucket::seededStates_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("failing"); // the items that will fail, comma-separated, in report order
    QTest::addColumn<QStringList>("accessFixes"); // the ElastiCacheAccess item's fix kinds
    QTest::addColumn<QString>("cantTell"); // the items that can't be told; every other one passes

    const QString node = QString::fromLatin1(kNodeSnapshot);
    const QString serverless = QString::fromLatin1(kServerlessSnapshot);
    const QStringList target {u"--snapshot-name"_s, node, u"--target-snapshot-name"_s, u"check-export"_s};
    QTest::newRow("ready") << QStringList {u"--bucket"_s, u"demo-exports-ready"_s} + target << 0 << QString()
                           << QStringList() << QString();
    QTest::newRow("ready, serverless") << QStringList {u"--bucket"_s, u"demo-exports-ready"_s,
                                                       u"--serverless-cache-snapshot-name"_s, serverless}
                                       << 0 << QString() << QStringList() << QString();
    QTest::newRow("granted by the policy, ACLs disabled") << QStringList {u"--bucket"_s, u"demo-exports-policy"_s}
            + target << 0 << QString() << QStringList() << QString();
    QTest::newRow("no grant, ACLs enabled")
        << QStringList {u"--bucket"_s, u"demo-exports-no-grant"_s} + target << 1 << u"ElastiCacheAccess"_s
        << QStringList {u"GrantAcl"_s, u"AddPolicyStatement"_s} << QString();
    QTest::newRow("ACLs disabled") << QStringList {u"--bucket"_s, u"demo-exports-new"_s} + target << 1
                                   << u"ElastiCacheAccess,AclsEnabled"_s
                                   << QStringList {u"AddPolicyStatement"_s, u"EnableAclsAndGrant"_s} << QString();
    QTest::newRow("another region") << QStringList {u"--bucket"_s, u"demo-exports-elsewhere"_s} + target << 1
                                    << u"BucketRegion"_s << QStringList() << QString();
    QTest::newRow("another account") << QStringList {u"--bucket"_s, u"demo-exports-other-account"_s} + target << 1
                                     << u"BucketOwner"_s << QStringList()
                                     << u"BucketRegion,ElastiCacheAccess,AclsEnabled,ObjectsFree,Encryption,"
                                        "CallerPermissions"_s;
    QTest::newRow("objects already there")
        << QStringList {u"--bucket"_s, u"demo-exports-taken"_s,     u"--snapshot-name"_s,
                        node,          u"--target-snapshot-name"_s, node}
        << 1 << u"ObjectsFree"_s << QStringList() << QString();
    QTest::newRow("objects free under another name") << QStringList {u"--bucket"_s, u"demo-exports-taken"_s} + target
                                                     << 0 << QString() << QStringList() << QString();
    QTest::newRow("no such bucket") << QStringList {u"--bucket"_s, u"no-such-bucket-here"_s} + target << 1
                                    << u"BucketExists"_s << QStringList() << QString();
    QTest::newRow("invalid name") << QStringList {u"--bucket"_s, u"Not_A_Bucket"_s} + target << 1 << u"BucketName"_s
                                  << QStringList() << QString();
}

void TestCheckExportBucket::seededStates()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, failing);
    QFETCH(QStringList, accessFixes);
    QFETCH(QString, cantTell);

    const QJsonObject report = checkJson(arguments, exitCode);
    QVERIFY(!report.isEmpty());
    QCOMPARE(report.value(u"Bucket").toString(), arguments.at(1));
    QCOMPARE(report.value(u"Region").toString(), QString::fromLatin1(kRegion));
    QCOMPARE(report.value(u"Ready").toBool(), exitCode == 0);
    QCOMPARE(report.value(u"Overall").toString(), exitCode == 0 ? u"Passes"_s : u"WillFail"_s);
    QStringList failed;
    QStringList unknown;
    for (const QJsonValue &value : report.value(u"Items").toArray()) {
        const QJsonObject i = value.toObject();
        QVERIFY2(!i.value(u"Title").toString().isEmpty() && !i.value(u"Detail").toString().isEmpty(),
                 qPrintable(i.value(u"Id").toString()));
        const QString verdict = i.value(u"Verdict").toString();
        if (verdict == u"WillFail")
            failed.append(i.value(u"Id").toString());
        else if (verdict == u"CantTell")
            unknown.append(i.value(u"Id").toString());
        else
            QCOMPARE(verdict, u"Passes"_s);
        // An item S3 refused to answer names the permission; an item that passes names none.
        if (verdict == u"CantTell")
            QVERIFY2(!i.value(u"MissingPermissions").toArray().isEmpty(), qPrintable(i.value(u"Id").toString()));
        if (verdict == u"Passes")
            QVERIFY(i.value(u"MissingPermissions").toArray().isEmpty());
    }
    QCOMPARE(failed.join(u','), failing);
    // Another account's bucket answers AccessDenied to everything: those items can't be told, never "passes".
    QCOMPARE(unknown.join(u','), cantTell);
    if (!accessFixes.isEmpty()) {
        QCOMPARE(fixKinds(item(report, u"ElastiCacheAccess"_s)), accessFixes);
        // Every fix shows the documents it writes, before and after.
        for (const QJsonValue &fix : item(report, u"ElastiCacheAccess"_s).value(u"Fixes").toArray()) {
            const QJsonArray changes = fix.toObject().value(u"Changes").toArray();
            QVERIFY(!changes.isEmpty());
            for (const QJsonValue &change : changes)
                QVERIFY(change.toObject().value(u"Before").toString() != change.toObject().value(u"After").toString());
        }
    }
}

void TestCheckExportBucket::tableReport()
{
    const ProgramRun run = cli({u"check-export-bucket"_s, u"--bucket"_s, u"demo-exports-new"_s, u"--snapshot-name"_s,
                                QString::fromLatin1(kNodeSnapshot)});
    QCOMPARE(run.exitCode, 1);
    const QString text = QString::fromUtf8(run.out);
    QVERIFY2(text.startsWith(u"Export check of s3://demo-exports-new"_s), qPrintable(text));
    QVERIFY(text.contains(u"WILL FAIL"_s));
    QVERIFY(text.contains(u"passes"_s));
    QVERIFY(text.contains(u"Fix (--fix): Allow ElastiCache in the bucket policy"_s));
    QVERIFY(text.contains(u"Fix (--fix --fix-method acl): Re-enable ACLs"_s));
    QVERIFY(run.err.isEmpty());
}

void TestCheckExportBucket::sourceNotExportable()
{
    // A data-tiering snapshot, or one that is not available, from the seeded ones.
    const ProgramRun list = cli({u"--output"_s, u"json"_s, u"describe-snapshots"_s});
    QCOMPARE(list.exitCode, 0);
    QString name;
    for (const QJsonValue &value : parseObject(list.out).value(u"Snapshots").toArray()) {
        const QJsonObject s = value.toObject();
        if (s.value(u"DataTiering").toString() == u"enabled" || s.value(u"Engine").toString() == u"memcached") {
            name = s.value(u"SnapshotName").toString();
            break;
        }
    }
    if (name.isEmpty())
        QSKIP("the seeded snapshots have no data-tiering or Memcached snapshot");
    const QJsonObject report = checkJson(
        {u"--bucket"_s, u"demo-exports-ready"_s, u"--snapshot-name"_s, name, u"--target-snapshot-name"_s, u"dt"_s}, 1);
    QCOMPARE(verdicts(report).value(u"SourceExportable"_s), u"WillFail"_s);
}

void TestCheckExportBucket::callerDeniedOnlyWarns()
{
    // A bucket the caller's own policy keeps it from: every S3 call on it is AccessDenied.
    const QString bucket = u"check-denied"_s;
    QVERIFY(QDir(m_sandbox->s3Root()).mkpath(bucket));
    QFile settings(m_sandbox->s3Root() + u'/' + bucket + u"/.bucket.json"_s);
    QVERIFY(settings.open(QIODevice::WriteOnly));
    settings.write(R"({"callerPermitted": false})");
    settings.close();

    const ProgramRun run = cli({u"--output"_s, u"json"_s, u"check-export-bucket"_s, u"--bucket"_s, bucket,
                                u"--serverless-cache-snapshot-name"_s, QString::fromLatin1(kServerlessSnapshot)});
    // Serverless: nothing is known to fail, only unknown; exit 0 with a warning.
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY2(run.err.contains("warning"), qPrintable(describe(run)));
    const QJsonObject report = parseObject(run.out);
    QCOMPARE(report.value(u"Overall").toString(), u"CantTell"_s);
    QCOMPARE(report.value(u"Ready").toBool(), false);
    const QJsonObject access = item(report, u"ElastiCacheAccess"_s);
    QCOMPARE(access.value(u"Verdict").toString(), u"CantTell"_s);
    QVERIFY(access.value(u"MissingPermissions").toArray().contains(u"s3:GetBucketAcl"_s));
    QCOMPARE(item(report, u"ObjectsFree"_s).value(u"Verdict").toString(), u"CantTell"_s);
    QCOMPARE(item(report, u"ObjectsFree"_s).value(u"MissingPermissions").toArray(), QJsonArray {u"s3:ListBucket"_s});

    // Node-based: CopySnapshot needs s3:GetBucketLocation, which the caller lacks here: that will fail.
    const QJsonObject nodeReport = checkJson({u"--bucket"_s, bucket, u"--snapshot-name"_s,
                                              QString::fromLatin1(kNodeSnapshot), u"--target-snapshot-name"_s, u"x"_s},
                                             1);
    QCOMPARE(verdicts(nodeReport).value(u"CallerPermissions"_s), u"WillFail"_s);
}

void TestCheckExportBucket::unknownSnapshot()
{
    const ProgramRun run = cli({u"check-export-bucket"_s, u"--bucket"_s, u"demo-exports-ready"_s, u"--snapshot-name"_s,
                                u"no-such-snapshot"_s});
    QCOMPARE(run.exitCode, 254);
    QVERIFY2(run.err.contains("SnapshotNotFoundFault"), qPrintable(describe(run)));
    const ProgramRun usage
        = cli({u"check-export-bucket"_s, u"--bucket"_s, u"demo-exports-ready"_s, u"--serverless-cache-snapshot-name"_s,
               QString::fromLatin1(kServerlessSnapshot), u"--target-snapshot-name"_s, u"x"_s});
    QCOMPARE(usage.exitCode, 2);
}

void TestCheckExportBucket::fixAclKeepsGrants()
{
    const QString bucket = u"check-fix-acl"_s;
    createBucket(bucket, u"BucketOwnerPreferred"_s);
    putAcl(bucket, aclWithExtraGrant(bucket));
    const QStringList before = grantsOf(s3apiJson({u"get-bucket-acl"_s, u"--bucket"_s, bucket}));
    QCOMPARE(before.size(), 3);

    const ProgramRun run
        = cli({u"--output"_s, u"json"_s, u"check-export-bucket"_s, u"--bucket"_s, bucket, u"--snapshot-name"_s,
               QString::fromLatin1(kNodeSnapshot), u"--target-snapshot-name"_s, u"fix-acl"_s, u"--fix"_s, u"--yes"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonObject report = parseObject(run.out);
    QCOMPARE(report.value(u"Ready").toBool(), true);
    const QJsonArray applied = report.value(u"FixesApplied").toArray();
    QCOMPARE(applied.size(), 1);
    QCOMPARE(applied.at(0).toObject().value(u"Kind").toString(), u"GrantAcl"_s);
    QVERIFY(applied.at(0).toObject().value(u"Applied").toBool());
    // The change was shown (stderr with JSON output).
    QVERIFY2(run.err.contains("Bucket ACL, before:") && run.err.contains("Bucket ACL, after:"),
             qPrintable(describe(run)));

    const QStringList after = grantsOf(s3apiJson({u"get-bucket-acl"_s, u"--bucket"_s, bucket}));
    const QString elastiCache = ExportAccess::commercialCanonicalId();
    QStringList expected = before;
    expected << elastiCache + u":READ"_s << elastiCache + u":WRITE"_s << elastiCache + u":READ_ACP"_s;
    QCOMPARE(after, expected);

    // Once granted, --fix has nothing left to do and changes nothing.
    const ProgramRun again = cli({u"check-export-bucket"_s, u"--bucket"_s, bucket, u"--snapshot-name"_s,
                                  QString::fromLatin1(kNodeSnapshot), u"--fix"_s});
    QVERIFY2(again.exitCode == 0, qPrintable(describe(again)));
    QCOMPARE(grantsOf(s3apiJson({u"get-bucket-acl"_s, u"--bucket"_s, bucket})), expected);
}

void TestCheckExportBucket::fixPolicyKeepsStatements()
{
    const QString bucket = u"check-fix-policy"_s;
    createBucket(bucket);
    const QJsonObject other {{u"Sid"_s, u"ReadForAuditors"_s},
                             {u"Effect"_s, u"Allow"_s},
                             {u"Principal"_s, QJsonObject {{u"AWS"_s, u"arn:aws:iam::111122223333:root"_s}}},
                             {u"Action"_s, u"s3:GetObject"_s},
                             {u"Resource"_s, u"arn:aws:s3:::check-fix-policy/audit/*"_s}};
    const QJsonObject policy {
        {u"Version"_s, u"2012-10-17"_s}, {u"Id"_s, u"AuditPolicy"_s}, {u"Statement"_s, QJsonArray {other}}};
    ProgramRun run = s3api({u"put-bucket-policy"_s, u"--bucket"_s, bucket, u"--policy"_s,
                            QString::fromUtf8(QJsonDocument(policy).toJson(QJsonDocument::Compact))});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QStringList aclBefore = grantsOf(s3apiJson({u"get-bucket-acl"_s, u"--bucket"_s, bucket}));

    // ACLs are disabled: two fixes are offered; --fix takes the first, the bucket policy.
    run = cli({u"check-export-bucket"_s, u"--bucket"_s, bucket, u"--snapshot-name"_s,
               QString::fromLatin1(kNodeSnapshot), u"--target-snapshot-name"_s, u"fix-policy"_s, u"--fix"_s,
               u"--yes"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY2(run.out.contains("Bucket policy, before:") && run.out.contains("The check again, after the change"),
             qPrintable(describe(run)));

    const QJsonObject read = s3apiJson({u"get-bucket-policy"_s, u"--bucket"_s, bucket});
    const QJsonObject written = QJsonDocument::fromJson(read.value(u"Policy").toString().toUtf8()).object();
    QCOMPARE(written.value(u"Version").toString(), u"2012-10-17"_s);
    QCOMPARE(written.value(u"Id").toString(), u"AuditPolicy"_s);
    const QJsonArray statements = written.value(u"Statement").toArray();
    QCOMPARE(statements.size(), 2);
    QCOMPARE(statements.at(0).toObject(), other);
    const QJsonObject added = statements.at(1).toObject();
    QCOMPARE(added.value(u"Effect").toString(), u"Allow"_s);
    QCOMPARE(added.value(u"Principal").toObject().value(u"Service").toString(),
             u"us-east-1.elasticache-snapshot.amazonaws.com"_s);
    // ACLs stay off and the ACL is as it was.
    const QJsonObject ownership = s3apiJson({u"get-bucket-ownership-controls"_s, u"--bucket"_s, bucket});
    QCOMPARE(ownership.value(u"OwnershipControls")
                 .toObject()
                 .value(u"Rules")
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(u"ObjectOwnership"),
             u"BucketOwnerEnforced"_s);
    QCOMPARE(grantsOf(s3apiJson({u"get-bucket-acl"_s, u"--bucket"_s, bucket})), aclBefore);
}

void TestCheckExportBucket::fixReenablesAcls()
{
    const QString bucket = u"check-fix-reenable"_s;
    createBucket(bucket);
    const QStringList before = grantsOf(s3apiJson({u"get-bucket-acl"_s, u"--bucket"_s, bucket}));
    const ProgramRun run
        = cli({u"--output"_s, u"json"_s, u"check-export-bucket"_s, u"--bucket"_s, bucket, u"--snapshot-name"_s,
               QString::fromLatin1(kNodeSnapshot), u"--fix"_s, u"--yes"_s, u"--fix-method"_s, u"acl"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(parseObject(run.out).value(u"FixesApplied").toArray().at(0).toObject().value(u"Kind").toString(),
             u"EnableAclsAndGrant"_s);
    const QJsonObject ownership = s3apiJson({u"get-bucket-ownership-controls"_s, u"--bucket"_s, bucket});
    QCOMPARE(ownership.value(u"OwnershipControls")
                 .toObject()
                 .value(u"Rules")
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(u"ObjectOwnership"),
             u"BucketOwnerPreferred"_s);
    const QString elastiCache = ExportAccess::commercialCanonicalId();
    const QStringList expected
        = before + QStringList {elastiCache + u":READ"_s, elastiCache + u":WRITE"_s, elastiCache + u":READ_ACP"_s};
    QCOMPARE(grantsOf(s3apiJson({u"get-bucket-acl"_s, u"--bucket"_s, bucket})), expected);
    // No policy was written.
    QCOMPARE(s3api({u"get-bucket-policy"_s, u"--bucket"_s, bucket}).exitCode, 254);
}

void TestCheckExportBucket::fixNeedsTerminalOrYes()
{
    const QString bucket = u"check-fix-no-terminal"_s;
    createBucket(bucket, u"BucketOwnerPreferred"_s);
    const QStringList before = grantsOf(s3apiJson({u"get-bucket-acl"_s, u"--bucket"_s, bucket}));
    // runProgram gives the program a pipe, not a terminal.
    const ProgramRun run = cli({u"check-export-bucket"_s, u"--bucket"_s, bucket, u"--snapshot-name"_s,
                                QString::fromLatin1(kNodeSnapshot), u"--fix"_s});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("nothing was changed: standard input is not a terminal"), qPrintable(describe(run)));
    QVERIFY(run.out.contains("Bucket ACL, after:"));
    QCOMPARE(grantsOf(s3apiJson({u"get-bucket-acl"_s, u"--bucket"_s, bucket})), before);

    // A failure CacheSnap cannot fix (the bucket's region): nothing to fix, and the check's status.
    const ProgramRun wrongMethod
        = cli({u"check-export-bucket"_s, u"--bucket"_s, u"demo-exports-elsewhere"_s, u"--snapshot-name"_s,
               QString::fromLatin1(kNodeSnapshot), u"--fix"_s, u"--yes"_s});
    QCOMPARE(wrongMethod.exitCode, 1);
    QVERIFY2(wrongMethod.err.contains("nothing to fix"), qPrintable(describe(wrongMethod)));
}

void TestCheckExportBucket::fixConfirmedOnTerminal()
{
    const QString bucket = u"check-fix-terminal"_s;
    createBucket(bucket, u"BucketOwnerPreferred"_s);
    const QStringList before = grantsOf(s3apiJson({u"get-bucket-acl"_s, u"--bucket"_s, bucket}));
    for (const QByteArray &answer : {QByteArray("n\n"), QByteArray("y\n")}) {
        PseudoTerminal terminal;
        QVERIFY(terminal.isValid());
        QProcess process;
        process.setProcessEnvironment(m_env);
        process.setStandardInputFile(terminal.slavePath());
        process.start(m_cliBinary,
                      {u"--endpoint-url"_s, m_sandbox->url(), u"check-export-bucket"_s, u"--bucket"_s, bucket,
                       u"--snapshot-name"_s, QString::fromLatin1(kNodeSnapshot), u"--fix"_s});
        QVERIFY(process.waitForStarted());
        QByteArray err;
        QDeadlineTimer deadline(30000);
        while (!err.contains("[y/N]") && !deadline.hasExpired() && process.state() == QProcess::Running) {
            process.waitForReadyRead(100);
            err += process.readAllStandardError();
        }
        QVERIFY2(err.contains("Apply \"Grant ElastiCache access in the bucket ACL\"? [y/N]"), err.constData());
        QVERIFY(terminal.type(answer));
        QVERIFY(process.waitForFinished(30000));
        const QByteArray out = process.readAllStandardOutput();
        if (answer == "n\n") {
            QCOMPARE(process.exitCode(), 1);
            QVERIFY2(out.contains("Nothing was changed."), out.constData());
            QCOMPARE(grantsOf(s3apiJson({u"get-bucket-acl"_s, u"--bucket"_s, bucket})), before);
        } else {
            QCOMPARE(process.exitCode(), 0);
            QVERIFY2(out.contains("Done: Granted ElastiCache READ, WRITE, READ_ACP"), out.constData());
            QCOMPARE(grantsOf(s3apiJson({u"get-bucket-acl"_s, u"--bucket"_s, bucket})).size(), before.size() + 3);
        }
    }
}

void TestCheckExportBucket::fixRefusedWhenBucketChanged()
{
    const QString bucket = u"check-fix-changed"_s;
    createBucket(bucket, u"BucketOwnerPreferred"_s);
    PseudoTerminal terminal;
    QVERIFY(terminal.isValid());
    QProcess process;
    process.setProcessEnvironment(m_env);
    process.setStandardInputFile(terminal.slavePath());
    process.start(m_cliBinary,
                  {u"--endpoint-url"_s, m_sandbox->url(), u"check-export-bucket"_s, u"--bucket"_s, bucket,
                   u"--snapshot-name"_s, QString::fromLatin1(kNodeSnapshot), u"--fix"_s});
    QVERIFY(process.waitForStarted());
    QByteArray err;
    QDeadlineTimer deadline(30000);
    while (!err.contains("[y/N]") && !deadline.hasExpired() && process.state() == QProcess::Running) {
        process.waitForReadyRead(100);
        err += process.readAllStandardError();
    }
    QVERIFY2(err.contains("[y/N]"), err.constData());
    // While the fix waits for its answer, someone else changes the ACL.
    const QJsonObject changed = aclWithExtraGrant(bucket);
    putAcl(bucket, changed);
    const QStringList theirs = grantsOf(s3apiJson({u"get-bucket-acl"_s, u"--bucket"_s, bucket}));
    QVERIFY(terminal.type("y\n"));
    QVERIFY(process.waitForFinished(30000));
    err += process.readAllStandardError();
    QCOMPARE(process.exitCode(), 1);
    QVERIFY2(err.contains("The bucket ACL changed since the check; nothing was written"), err.constData());
    // Their change is what the bucket holds: nothing was overwritten.
    QCOMPARE(grantsOf(s3apiJson({u"get-bucket-acl"_s, u"--bucket"_s, bucket})), theirs);
}

void TestCheckExportBucket::exportCheckRefusesBeforeCalling()
{
    const ProgramRun run = cli({u"--debug"_s, u"export-snapshot"_s, u"--snapshot-name"_s,
                                QString::fromLatin1(kNodeSnapshot), u"--bucket"_s, u"demo-exports-no-grant"_s,
                                u"--target-snapshot-name"_s, u"refused-export"_s, u"--check"_s});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("would fail; nothing was exported"), qPrintable(describe(run)));
    QVERIFY(run.err.contains("ElastiCache has access to the bucket"));
    // The debug log has every request sent: the check's S3 calls, and no CopySnapshot.
    QVERIFY2(run.err.contains("GetBucketAcl") || run.err.contains("?acl"), qPrintable(describe(run)));
    QVERIFY2(!run.err.contains("Action=CopySnapshot"), qPrintable(describe(run)));
    QCOMPARE(objectKeys(u"demo-exports-no-grant"_s, u"refused-export"_s), QStringList());
}

void TestCheckExportBucket::copyCheckRefusesBeforeCalling()
{
    const ProgramRun run = cli({u"--debug"_s, u"copy-snapshot"_s, u"--source-snapshot-name"_s,
                                QString::fromLatin1(kNodeSnapshot), u"--target-snapshot-name"_s, u"refused-copy"_s,
                                u"--target-bucket"_s, u"demo-exports-elsewhere"_s, u"--check"_s});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("The bucket is in the snapshot's region"), qPrintable(describe(run)));
    QVERIFY2(!run.err.contains("Action=CopySnapshot"), qPrintable(describe(run)));
    const ProgramRun listed
        = cli({u"--output"_s, u"json"_s, u"describe-snapshots"_s, u"--snapshot-name"_s, u"refused-copy"_s});
    QVERIFY(parseObject(listed.out).value(u"Snapshots").toArray().isEmpty());
}

void TestCheckExportBucket::exportCheckPassesThrough()
{
    const ProgramRun run
        = cli({u"export-snapshot"_s, u"--snapshot-name"_s, QString::fromLatin1(kNodeSnapshot), u"--bucket"_s,
               u"demo-exports-ready"_s, u"--target-snapshot-name"_s, u"checked-export"_s, u"--check"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY(run.out.contains("s3://demo-exports-ready/checked-export-0001.rdb"));
    QTRY_COMPARE_WITH_TIMEOUT(objectKeys(u"demo-exports-ready"_s, u"checked-export-"_s).size(), 3, 30000);
    // Now the objects are there: the same export is refused by the check.
    const ProgramRun again
        = cli({u"export-snapshot"_s, u"--snapshot-name"_s, QString::fromLatin1(kNodeSnapshot), u"--bucket"_s,
               u"demo-exports-ready"_s, u"--target-snapshot-name"_s, u"checked-export"_s, u"--check"_s});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains("already exists"), qPrintable(describe(again)));
}

void TestCheckExportBucket::sandboxExportFollowsTheRule()
{
    // Without --check the service itself refuses, in its words, where the check said it would fail.
    const ProgramRun run = cli({u"export-snapshot"_s, u"--snapshot-name"_s, QString::fromLatin1(kNodeSnapshot),
                                u"--bucket"_s, u"demo-exports-new"_s, u"--target-snapshot-name"_s, u"unchecked"_s});
    QCOMPARE(run.exitCode, 254);
    QVERIFY2(run.err.contains("ElastiCache has not been granted READ permissions"), qPrintable(describe(run)));
    // The policy-granted bucket (ACLs disabled) accepts it, as the check said.
    const ProgramRun policy
        = cli({u"export-snapshot"_s, u"--snapshot-name"_s, QString::fromLatin1(kNodeSnapshot), u"--bucket"_s,
               u"demo-exports-policy"_s, u"--target-snapshot-name"_s, u"by-policy"_s, u"--check"_s});
    QVERIFY2(policy.exitCode == 0, qPrintable(describe(policy)));
}

void TestCheckExportBucket::debugLogsTheCheckTime()
{
    // The exports above leave the source "exporting" for a moment.
    const ProgramRun wait = cli({u"wait"_s, u"snapshot-available"_s, u"--snapshot-name"_s,
                                 QString::fromLatin1(kNodeSnapshot), u"--timeout"_s, u"60"_s});
    QVERIFY2(wait.exitCode == 0, qPrintable(describe(wait)));
    const ProgramRun run = cli({u"--debug"_s, u"check-export-bucket"_s, u"--bucket"_s, u"demo-exports-ready"_s,
                                u"--snapshot-name"_s, QString::fromLatin1(kNodeSnapshot)});
    QCOMPARE(run.exitCode, 0);
    static const QRegularExpression line(
        u"export check of s3://demo-exports-ready: every S3 call answered in (\\d+) ms"_s);
    const auto match = line.match(QString::fromUtf8(run.err));
    QVERIFY2(match.hasMatch(), qPrintable(describe(run)));
    qInfo("the export check against the sandbox took %s ms", qPrintable(match.captured(1)));
}

QTEST_GUILESS_MAIN(TestCheckExportBucket)
#include "tst_checkexportbucket.moc"
