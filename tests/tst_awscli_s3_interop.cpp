// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The sandbox's S3, its exports and its events through the real AWS CLI (awscli v1 on PATH and Debian's v2):
// `aws s3api … --endpoint-url` and `aws elasticache describe-events` against cachesnap-sandbox processes.
#include "awscli.h"
#include "sandboxprocess.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString kElastiCacheId = u"540804c33a284a299d2547575ce1010f2312ef3da9b3a053c8bc45bf233e4353"_s;

QStringList strings(const QJsonValue &array, const QString &member)
{
    QStringList list;
    for (const QJsonValue &item : array.toArray())
        list.append(member.isEmpty() ? item.toString() : item.toObject().value(member).toString());
    return list;
}

} // namespace

class TestAwsCliS3Interop final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void init();

    void bucketSettingsRoundTrip();
    void regionsAndOwners();
    void objects();
    void exportReadBackAndEvents();
    void failedExportIsAnEvent();

private:
    ProgramRun aws(const SandboxProcess &sandbox, const QStringList &arguments, const QString &region = u"us-east-1"_s);
    QString bucket(const QString &base) const { return base + u'-' + m_tag; }

    QTemporaryDir m_home;
    QString m_cli;
    QString m_tag;
    int m_errorExit = 255;
    std::unique_ptr<SandboxProcess> m_sandbox;
    std::unique_ptr<SandboxProcess> m_failing;
};

void TestAwsCliS3Interop::initTestCase_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("tag");
    QTest::addColumn<int>("errorExit");

    const AwsClis clis = findAwsClis();
    QTest::newRow("awscli-v1") << clis.v1 << u"v1"_s << 255;
    QTest::newRow("awscli-v2") << clis.v2 << u"v2"_s << 254;
}

void TestAwsCliS3Interop::initTestCase()
{
    QVERIFY(m_home.isValid());
    m_sandbox = std::make_unique<SandboxProcess>();
    QVERIFY2(m_sandbox->start({u"--seed-snapshots"_s, u"10"_s, u"--snapshot-create-seconds"_s, u"0.5"_s,
                               u"--export-seconds"_s, u"1.5"_s}),
             qPrintable(m_sandbox->error()));
    m_failing = std::make_unique<SandboxProcess>();
    QVERIFY2(m_failing->start({u"--seed-snapshots"_s, u"5"_s, u"--export-seconds"_s, u"0.6"_s,
                               u"--export-fail-after-objects"_s, u"1"_s}),
             qPrintable(m_failing->error()));
}

void TestAwsCliS3Interop::init()
{
    QFETCH_GLOBAL(QString, program);
    QFETCH_GLOBAL(QString, tag);
    QFETCH_GLOBAL(int, errorExit);
    if (program.isEmpty())
        QSKIP("this AWS CLI is not installed");
    m_cli = program;
    m_tag = tag;
    m_errorExit = errorExit;
}

ProgramRun TestAwsCliS3Interop::aws(const SandboxProcess &sandbox, const QStringList &arguments, const QString &region)
{
    const QProcessEnvironment environment
        = isolatedAwsEnvironment(m_home.path(), u"AKIDSANDBOX"_s, u"sandbox-secret-key"_s, region);
    return runProgram(m_cli, arguments + QStringList {u"--endpoint-url"_s, sandbox.url(), u"--output"_s, u"json"_s},
                      environment);
}

void TestAwsCliS3Interop::bucketSettingsRoundTrip()
{
    const QString name = bucket(u"settings"_s);
    ProgramRun run = aws(*m_sandbox, {u"s3api"_s, u"create-bucket"_s, u"--bucket"_s, name});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    run = aws(*m_sandbox, {u"s3api"_s, u"get-bucket-ownership-controls"_s, u"--bucket"_s, name});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(
        strings(parseObject(run.out).value(u"OwnershipControls"_s).toObject().value(u"Rules"_s), u"ObjectOwnership"_s),
        QStringList {u"BucketOwnerEnforced"_s});

    // ACLs are disabled on a new bucket: a grant is refused with S3's code.
    const QStringList grant {u"s3api"_s, u"put-bucket-acl"_s, u"--bucket"_s,
                             name,       u"--grant-read"_s,   u"id="_s + kElastiCacheId};
    run = aws(*m_sandbox, grant);
    QCOMPARE(run.exitCode, m_errorExit);
    QVERIFY2(run.err.contains("AccessControlListNotSupported"), qPrintable(describe(run)));

    run = aws(*m_sandbox,
              {u"s3api"_s, u"put-bucket-ownership-controls"_s, u"--bucket"_s, name, u"--ownership-controls"_s,
               u"Rules=[{ObjectOwnership=BucketOwnerPreferred}]"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QString owner = parseObject(aws(*m_sandbox, {u"s3api"_s, u"get-bucket-acl"_s, u"--bucket"_s, name}).out)
                              .value(u"Owner"_s)
                              .toObject()
                              .value(u"ID"_s)
                              .toString();
    QCOMPARE(owner.size(), 64);
    const QJsonObject policy {
        {u"Owner"_s, QJsonObject {{u"ID"_s, owner}}},
        {u"Grants"_s,
         QJsonArray {
             QJsonObject {{u"Grantee"_s, QJsonObject {{u"Type"_s, u"CanonicalUser"_s}, {u"ID"_s, owner}}},
                          {u"Permission"_s, u"FULL_CONTROL"_s}},
             QJsonObject {{u"Grantee"_s, QJsonObject {{u"Type"_s, u"CanonicalUser"_s}, {u"ID"_s, kElastiCacheId}}},
                          {u"Permission"_s, u"READ"_s}},
             QJsonObject {{u"Grantee"_s, QJsonObject {{u"Type"_s, u"CanonicalUser"_s}, {u"ID"_s, kElastiCacheId}}},
                          {u"Permission"_s, u"WRITE"_s}},
             QJsonObject {{u"Grantee"_s, QJsonObject {{u"Type"_s, u"CanonicalUser"_s}, {u"ID"_s, kElastiCacheId}}},
                          {u"Permission"_s, u"READ_ACP"_s}}}}};
    run = aws(*m_sandbox,
              {u"s3api"_s, u"put-bucket-acl"_s, u"--bucket"_s, name, u"--access-control-policy"_s,
               QString::fromUtf8(QJsonDocument(policy).toJson(QJsonDocument::Compact))});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    run = aws(*m_sandbox, {u"s3api"_s, u"get-bucket-acl"_s, u"--bucket"_s, name});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonArray grants = parseObject(run.out).value(u"Grants"_s).toArray();
    QCOMPARE(strings(grants, u"Permission"_s), QStringList({u"FULL_CONTROL"_s, u"READ"_s, u"WRITE"_s, u"READ_ACP"_s}));
    QCOMPARE(grants.at(1).toObject().value(u"Grantee"_s).toObject().value(u"ID"_s).toString(), kElastiCacheId);

    const QString text = u"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                         "\"us-east-1.elasticache-snapshot.amazonaws.com\"},\"Action\":\"s3:PutObject\",\"Resource\":"
                         "\"arn:aws:s3:::%1/*\"}]}"_s.arg(name);
    run = aws(*m_sandbox, {u"s3api"_s, u"put-bucket-policy"_s, u"--bucket"_s, name, u"--policy"_s, text});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    run = aws(*m_sandbox, {u"s3api"_s, u"get-bucket-policy"_s, u"--bucket"_s, name});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(parseObject(run.out).value(u"Policy"_s).toString(), text);
    run = aws(*m_sandbox, {u"s3api"_s, u"get-bucket-encryption"_s, u"--bucket"_s, name});
    QVERIFY2(run.out.contains("\"SSEAlgorithm\": \"AES256\""), qPrintable(describe(run)));
}

void TestAwsCliS3Interop::regionsAndOwners()
{
    const QString name = bucket(u"eu"_s);
    ProgramRun run = aws(*m_sandbox,
                         {u"s3api"_s, u"create-bucket"_s, u"--bucket"_s, name, u"--create-bucket-configuration"_s,
                          u"LocationConstraint=eu-west-1"_s},
                         u"eu-west-1"_s);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    // Signed for us-east-1: the CLI follows S3's answer to the bucket's region.
    run = aws(*m_sandbox, {u"s3api"_s, u"head-bucket"_s, u"--bucket"_s, name});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    run = aws(*m_sandbox, {u"s3api"_s, u"get-bucket-location"_s, u"--bucket"_s, name});
    QCOMPARE(parseObject(run.out).value(u"LocationConstraint"_s).toString(), u"eu-west-1"_s);
    run = aws(*m_sandbox, {u"s3api"_s, u"get-bucket-acl"_s, u"--bucket"_s, name});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    run = aws(*m_sandbox, {u"s3api"_s, u"get-bucket-location"_s, u"--bucket"_s, u"demo-exports-ready"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY(parseObject(run.out).value(u"LocationConstraint"_s).isNull());

    run = aws(*m_sandbox, {u"s3api"_s, u"get-bucket-acl"_s, u"--bucket"_s, u"demo-exports-other-account"_s});
    QCOMPARE(run.exitCode, m_errorExit);
    QVERIFY2(run.err.contains("AccessDenied"), qPrintable(describe(run)));
    run = aws(*m_sandbox,
              {u"s3api"_s, u"head-bucket"_s, u"--bucket"_s, u"demo-exports-ready"_s, u"--expected-bucket-owner"_s,
               u"210987654321"_s});
    QCOMPARE(run.exitCode, m_errorExit);
    QVERIFY2(run.err.contains("403"), qPrintable(describe(run)));
    run = aws(*m_sandbox, {u"s3api"_s, u"list-buckets"_s});
    const QStringList names = strings(parseObject(run.out).value(u"Buckets"_s), u"Name"_s);
    QVERIFY(names.contains(u"demo-exports-new"_s));
    QVERIFY(!names.contains(u"demo-exports-other-account"_s));
}

void TestAwsCliS3Interop::objects()
{
    const QString name = bucket(u"objects"_s);
    QCOMPARE(aws(*m_sandbox, {u"s3api"_s, u"create-bucket"_s, u"--bucket"_s, name}).exitCode, 0);
    const QString file = m_home.filePath(u"body.rdb"_s);
    QFile body(file);
    QVERIFY(body.open(QIODevice::WriteOnly));
    body.write("REDIS0011 a small body");
    body.close();
    for (const QString &key : {u"dir/one.rdb"_s, u"dir/sub/two.rdb"_s, u"three with spaces.rdb"_s}) {
        const ProgramRun put
            = aws(*m_sandbox, {u"s3api"_s, u"put-object"_s, u"--bucket"_s, name, u"--key"_s, key, u"--body"_s, file});
        QVERIFY2(put.exitCode == 0, qPrintable(describe(put)));
        QCOMPARE(parseObject(put.out).value(u"ETag"_s).toString().size(), 34);
    }
    QVERIFY(QFile::exists(m_sandbox->s3Root() + u'/' + name + u"/dir/sub/two.rdb"_s));
    ProgramRun run = aws(
        *m_sandbox,
        {u"s3api"_s, u"list-objects-v2"_s, u"--bucket"_s, name, u"--prefix"_s, u"dir/"_s, u"--delimiter"_s, u"/"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QJsonObject listing = parseObject(run.out);
    QCOMPARE(strings(listing.value(u"Contents"_s), u"Key"_s), QStringList {u"dir/one.rdb"_s});
    QCOMPARE(strings(listing.value(u"CommonPrefixes"_s), u"Prefix"_s), QStringList {u"dir/sub/"_s});
    // Paging: one key a page, followed by the CLI.
    run = aws(*m_sandbox, {u"s3api"_s, u"list-objects-v2"_s, u"--bucket"_s, name, u"--page-size"_s, u"1"_s});
    QCOMPARE(strings(parseObject(run.out).value(u"Contents"_s), u"Key"_s),
             QStringList({u"dir/one.rdb"_s, u"dir/sub/two.rdb"_s, u"three with spaces.rdb"_s}));
    run = aws(*m_sandbox, {u"s3api"_s, u"head-object"_s, u"--bucket"_s, name, u"--key"_s, u"three with spaces.rdb"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(parseObject(run.out).value(u"ContentLength"_s).toInt(), 22);
    run = aws(*m_sandbox, {u"s3api"_s, u"head-object"_s, u"--bucket"_s, name, u"--key"_s, u"missing.rdb"_s});
    QCOMPARE(run.exitCode, m_errorExit);
    QVERIFY2(run.err.contains("404"), qPrintable(describe(run)));
    run = aws(*m_sandbox, {u"s3api"_s, u"delete-object"_s, u"--bucket"_s, name, u"--key"_s, u"dir/one.rdb"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY(!QFile::exists(m_sandbox->s3Root() + u'/' + name + u"/dir/one.rdb"_s));
}

void TestAwsCliS3Interop::exportReadBackAndEvents()
{
    const QString target = u"cli-export-"_s + m_tag;
    ProgramRun run = aws(*m_sandbox,
                         {u"elasticache"_s, u"copy-snapshot"_s, u"--source-snapshot-name"_s, u"demo-valkey-rg-manual"_s,
                          u"--target-snapshot-name"_s, target, u"--target-bucket"_s, u"demo-exports-ready"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QStringList keys;
    QTRY_VERIFY_WITH_TIMEOUT((keys = strings(parseObject(aws(*m_sandbox,
                                                             {u"s3api"_s, u"list-objects-v2"_s, u"--bucket"_s,
                                                              u"demo-exports-ready"_s, u"--prefix"_s, target + u'-'})
                                                             .out)
                                                 .value(u"Contents"_s),
                                             u"Key"_s))
                                     .size()
                                 == 3,
                             20000);
    QCOMPARE(keys, QStringList({target + u"-0001.rdb"_s, target + u"-0002.rdb"_s, target + u"-0003.rdb"_s}));
    run = aws(*m_sandbox,
              {u"s3api"_s, u"head-object"_s, u"--bucket"_s, u"demo-exports-ready"_s, u"--key"_s, keys.first()});
    QVERIFY2(parseObject(run.out).value(u"ContentLength"_s).toDouble() > 1024 * 1024, qPrintable(describe(run)));

    // The export's event, once the source is available again.
    const QString success
        = u"Export of snapshot 'demo-valkey-rg-manual' to Amazon S3 bucket 'demo-exports-ready' succeeded"_s;
    QTRY_VERIFY_WITH_TIMEOUT(
        strings(parseObject(aws(*m_sandbox,
                                {u"elasticache"_s, u"describe-events"_s, u"--source-type"_s, u"snapshot"_s,
                                 u"--source-identifier"_s, u"demo-valkey-rg-manual"_s, u"--duration"_s, u"60"_s})
                                .out)
                    .value(u"Events"_s),
                u"Message"_s)
            .contains(success),
        20000);
    run = aws(*m_sandbox, {u"elasticache"_s, u"describe-events"_s, u"--max-records"_s, u"20"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonObject first = parseObject(run.out).value(u"Events"_s).toArray().at(0).toObject();
    QCOMPARE(QStringList(first.keys()), QStringList({u"Date"_s, u"Message"_s, u"SourceIdentifier"_s, u"SourceType"_s}));
    run = aws(*m_sandbox, {u"elasticache"_s, u"describe-events"_s, u"--max-records"_s, u"5"_s});
    QCOMPARE(run.exitCode, m_errorExit);
    QVERIFY2(run.err.contains("InvalidParameterValue"), qPrintable(describe(run)));

    // The refusals follow the buckets' real state.
    const QList<QPair<QString, QString>> refusals {
        {u"demo-exports-no-grant"_s, u"ElastiCache has not been granted READ permissions demo-exports-no-grant"_s},
        {u"demo-exports-new"_s, u"ElastiCache has not been granted READ permissions demo-exports-new"_s},
        {u"demo-exports-elsewhere"_s, u"The S3 bucket demo-exports-elsewhere is outside of the region."_s},
        {u"demo-exports-other-account"_s,
         u"The S3 bucket demo-exports-other-account is not owned by the authenticated user."_s},
        {u"demo-exports-taken"_s,
         u"The S3 bucket demo-exports-taken already contains an object with key demo-valkey-rg-manual-0001.rdb."_s}};
    for (const auto &[bucketName, message] : refusals) {
        run = aws(*m_sandbox,
                  {u"elasticache"_s, u"copy-snapshot"_s, u"--source-snapshot-name"_s, u"demo-valkey-rg-manual"_s,
                   u"--target-snapshot-name"_s, u"demo-valkey-rg-manual"_s, u"--target-bucket"_s, bucketName});
        QCOMPARE(run.exitCode, m_errorExit);
        QVERIFY2(run.err.contains(message.toUtf8()), qPrintable(describe(run)));
    }
}

void TestAwsCliS3Interop::failedExportIsAnEvent()
{
    const QString target = u"doomed-"_s + m_tag;
    ProgramRun run = aws(*m_failing,
                         {u"elasticache"_s, u"copy-snapshot"_s, u"--source-snapshot-name"_s, u"demo-valkey-rg-manual"_s,
                          u"--target-snapshot-name"_s, target, u"--target-bucket"_s, u"demo-exports-ready"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QStringList messages;
    QTRY_VERIFY_WITH_TIMEOUT(
        !(messages = strings(parseObject(aws(*m_failing,
                                             {u"elasticache"_s, u"describe-events"_s, u"--source-type"_s, u"snapshot"_s,
                                              u"--source-identifier"_s, u"demo-valkey-rg-manual"_s})
                                             .out)
                                 .value(u"Events"_s),
                             u"Message"_s))
             .filter(target)
             .isEmpty(),
        20000);
    QVERIFY2(messages.filter(target).constFirst().startsWith(
                 u"Export of snapshot 'demo-valkey-rg-manual' to Amazon S3 bucket 'demo-exports-ready' failed:"_s),
             qPrintable(messages.join(u'\n')));
    run = aws(*m_failing,
              {u"s3api"_s, u"list-objects-v2"_s, u"--bucket"_s, u"demo-exports-ready"_s, u"--prefix"_s, target + u'-'});
    QCOMPARE(strings(parseObject(run.out).value(u"Contents"_s), u"Key"_s), QStringList {target + u"-0001.rdb"_s});
}

QTEST_GUILESS_MAIN(TestAwsCliS3Interop)
#include "tst_awscli_s3_interop.moc"
