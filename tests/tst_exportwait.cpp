// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later

// cachesnap-cli describe-events and export-snapshot / copy-snapshot --wait end to end: the real binary against a
// real cachesnap-sandbox process over loopback HTTP (S3 on the same port, through AWS_ENDPOINT_URL_S3), and
// describe-events compared with what the AWS CLI v2 prints against the same sandbox.

#include "sandboxprocess.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
constexpr auto kAccessKey = "AKIDSANDBOX";
constexpr auto kSecretKey = "sandbox-secret-key";
constexpr auto kRegion = "us-east-1";
} // namespace

class TestExportWait final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void exportWaitsForTheObjects();
    void serverlessExportWaits();
    void copySnapshotWaits();
    void waitNeedsABucket();
    void waitTimesOut();
    void waitReportsAFailedExport();
    void describeEvents();
    void describeEventsLikeTheAwsCli();
    void describeEventsRefusesABadTime();

private:
    QProcessEnvironment environment(const SandboxProcess &sandbox) const;
    ProgramRun cli(const SandboxProcess &sandbox, const QStringList &arguments);
    QJsonObject availableSnapshot(const SandboxProcess &sandbox, bool serverless);

    QString m_cliBinary;
    QString m_awsBinary;
    QTemporaryDir m_home;
    std::unique_ptr<SandboxProcess> m_live; // exports that take a second
    std::unique_ptr<SandboxProcess> m_slow; // exports that take ten minutes
    std::unique_ptr<SandboxProcess> m_failing; // exports that fail after their first object
};

void TestExportWait::initTestCase()
{
    m_cliBinary = findBuiltBinary(u"cachesnap-cli"_s);
    QVERIFY2(!m_cliBinary.isEmpty(), "cachesnap-cli is not built");
    QVERIFY(m_home.isValid());
    const QFileInfo awsV2(u"/usr/bin/aws"_s);
    if (awsV2.isExecutable()
        && runProgram(awsV2.absoluteFilePath(), {u"--version"_s}, environment(SandboxProcess()))
               .out.startsWith("aws-cli/2"))
        m_awsBinary = awsV2.absoluteFilePath();
    m_live = std::make_unique<SandboxProcess>();
    QVERIFY2(m_live->start({u"--seed"_s, u"21"_s, u"--seed-snapshots"_s, u"30"_s, u"--snapshot-create-seconds"_s,
                            u"1"_s, u"--export-seconds"_s, u"1.5"_s}),
             qPrintable(m_live->error()));
    m_slow = std::make_unique<SandboxProcess>();
    QVERIFY2(m_slow->start({u"--seed"_s, u"22"_s, u"--seed-snapshots"_s, u"30"_s, u"--snapshot-create-seconds"_s,
                            u"1"_s, u"--export-seconds"_s, u"600"_s}),
             qPrintable(m_slow->error()));
    m_failing = std::make_unique<SandboxProcess>();
    QVERIFY2(m_failing->start({u"--seed"_s, u"23"_s, u"--seed-snapshots"_s, u"30"_s, u"--export-seconds"_s, u"1.5"_s,
                               u"--export-fail-after-objects"_s, u"1"_s}),
             qPrintable(m_failing->error()));
}

QProcessEnvironment TestExportWait::environment(const SandboxProcess &sandbox) const
{
    QProcessEnvironment env = isolatedAwsEnvironment(m_home.path(), QString::fromLatin1(kAccessKey),
                                                     QString::fromLatin1(kSecretKey), QString::fromLatin1(kRegion));
    env.remove(u"AWS_DEFAULT_REGION"_s);
    env.insert(u"AWS_REGION"_s, QString::fromLatin1(kRegion));
    env.insert(u"AWS_MAX_ATTEMPTS"_s, u"1"_s);
    // --endpoint-url is ElastiCache's; S3 is found as the SDKs find it.
    if (!sandbox.url().isEmpty())
        env.insert(u"AWS_ENDPOINT_URL_S3"_s, sandbox.url());
    return env;
}

ProgramRun TestExportWait::cli(const SandboxProcess &sandbox, const QStringList &arguments)
{
    return runProgram(m_cliBinary, QStringList {u"--endpoint-url"_s, sandbox.url()} + arguments, environment(sandbox));
}

QJsonObject TestExportWait::availableSnapshot(const SandboxProcess &sandbox, bool serverless)
{
    const ProgramRun run = cli(
        sandbox,
        {u"--output"_s, u"json"_s, serverless ? u"describe-serverless-cache-snapshots"_s : u"describe-snapshots"_s});
    const QJsonArray list
        = parseObject(run.out).value(serverless ? u"ServerlessCacheSnapshots" : u"Snapshots").toArray();
    for (const QJsonValue &value : list) {
        const QJsonObject s = value.toObject();
        const QString status = s.value(serverless ? u"Status" : u"SnapshotStatus").toString();
        const QString engine = s.value(u"ServerlessCacheConfiguration").toObject().value(u"Engine").toString();
        if (status == u"available" && s.value(u"DataTiering").toString() != u"enabled" && engine != u"memcached"
            && (serverless || s.value(u"NodeSnapshots").toArray().size() > 1))
            return s;
    }
    return {};
}

void TestExportWait::exportWaitsForTheObjects()
{
    const QJsonObject source = availableSnapshot(*m_live, false);
    QVERIFY(!source.isEmpty());
    const qsizetype shards = source.value(u"NodeSnapshots").toArray().size();
    QVERIFY(QDir(m_live->s3Root()).mkpath(u"wait-exports"_s));
    const ProgramRun run
        = cli(*m_live,
              {u"export-snapshot"_s, u"--snapshot-name"_s, source.value(u"SnapshotName").toString(), u"--bucket"_s,
               u"wait-exports"_s, u"--target-snapshot-name"_s, u"Waited"_s, u"--wait"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    // The objects are all there when it returns.
    for (qsizetype i = 1; i <= shards; ++i)
        QVERIFY(QFileInfo::exists(m_live->s3Root() + u"/wait-exports/waited-%1.rdb"_s.arg(i, 4, 10, QChar(u'0'))));
    // One line on stdout, the result; progress on stderr.
    const QString out = QString::fromUtf8(run.out);
    QVERIFY2(out.startsWith(u"exported to s3://wait-exports/waited (%1 objects, "_s.arg(shards)), qPrintable(out));
    QCOMPARE(out.count(u'\n'), 1);
    QVERIFY2(run.err.contains("exporting: 0 of ") || run.err.contains("exporting: 1 of "), qPrintable(describe(run)));
    QVERIFY(run.err.contains("s3://wait-exports/waited-0001.rdb"));

    // With JSON output stdout is CopySnapshot's document, and it comes once the objects are there.
    const ProgramRun json = cli(*m_live,
                                {u"--output"_s, u"json"_s, u"export-snapshot"_s, u"--snapshot-name"_s,
                                 source.value(u"SnapshotName").toString(), u"--bucket"_s, u"wait-exports"_s,
                                 u"--target-snapshot-name"_s, u"waited-json"_s, u"--wait"_s});
    QVERIFY2(json.exitCode == 0, qPrintable(describe(json)));
    QVERIFY(parseObject(json.out).contains(u"Snapshot"));
    QVERIFY2(json.err.contains("exported to s3://wait-exports/waited-json ("), qPrintable(describe(json)));
}

void TestExportWait::serverlessExportWaits()
{
    const QJsonObject source = availableSnapshot(*m_live, true);
    QVERIFY(!source.isEmpty());
    const QString name = source.value(u"ServerlessCacheSnapshotName").toString();
    QVERIFY(QDir(m_live->s3Root()).mkpath(u"wait-serverless"_s));
    const ProgramRun run = cli(*m_live,
                               {u"export-snapshot"_s, u"--snapshot-name"_s, name, u"--bucket"_s, u"wait-serverless"_s,
                                u"--wait"_s, u"--timeout"_s, u"60"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY2(run.out.startsWith(
                 QByteArray("exported to s3://wait-serverless/" + name.toLower().toUtf8() + "-0001.rdb (1 object, ")),
             qPrintable(describe(run)));
}

void TestExportWait::copySnapshotWaits()
{
    const QJsonObject source = availableSnapshot(*m_live, false);
    QVERIFY(!source.isEmpty());
    QVERIFY(QDir(m_live->s3Root()).mkpath(u"wait-copies"_s));
    const ProgramRun run
        = cli(*m_live,
              {u"copy-snapshot"_s, u"--source-snapshot-name"_s, source.value(u"SnapshotName").toString(),
               u"--target-snapshot-name"_s, u"copied-out"_s, u"--target-bucket"_s, u"wait-copies"_s, u"--wait"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY2(run.out.startsWith("exported to s3://wait-copies/copied-out"), qPrintable(describe(run)));
    QVERIFY(QFileInfo::exists(m_live->s3Root() + u"/wait-copies/copied-out-0001.rdb"_s));
}

void TestExportWait::waitNeedsABucket()
{
    const ProgramRun run = cli(
        *m_live,
        {u"copy-snapshot"_s, u"--source-snapshot-name"_s, u"a"_s, u"--target-snapshot-name"_s, u"b"_s, u"--wait"_s});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--target-bucket"), qPrintable(describe(run)));
}

void TestExportWait::waitTimesOut()
{
    const QJsonObject source = availableSnapshot(*m_slow, false);
    QVERIFY(!source.isEmpty());
    QVERIFY(QDir(m_slow->s3Root()).mkpath(u"slow-exports"_s));
    const ProgramRun run = cli(*m_slow,
                               {u"export-snapshot"_s, u"--snapshot-name"_s, source.value(u"SnapshotName").toString(),
                                u"--bucket"_s, u"slow-exports"_s, u"--wait"_s, u"--timeout"_s, u"2"_s});
    QCOMPARE(run.exitCode, 255);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains("deadline") && run.err.contains("exporting: 0 of "), qPrintable(describe(run)));
    QVERIFY2(run.elapsedMs >= 1900 && run.elapsedMs < 20000, qPrintable(describe(run)));
}

void TestExportWait::waitReportsAFailedExport()
{
    const QJsonObject source = availableSnapshot(*m_failing, false);
    QVERIFY(!source.isEmpty());
    const QString name = source.value(u"SnapshotName").toString();
    QVERIFY(QDir(m_failing->s3Root()).mkpath(u"failing-exports"_s));
    const ProgramRun run = cli(*m_failing,
                               {u"export-snapshot"_s, u"--snapshot-name"_s, name, u"--bucket"_s, u"failing-exports"_s,
                                u"--target-snapshot-name"_s, u"doomed"_s, u"--wait"_s});
    QCOMPARE(run.exitCode, 255);
    QVERIFY(run.out.isEmpty());
    // The service's event, in its words.
    QVERIFY2(run.err.contains(QByteArray("export of " + name.toUtf8() + " to s3://failing-exports/doomed failed: "))
                 && run.err.contains("Access Denied"),
             qPrintable(describe(run)));
}

void TestExportWait::describeEvents()
{
    // An export finishing is an event of its snapshot.
    const QJsonObject source = availableSnapshot(*m_live, false);
    QVERIFY(!source.isEmpty());
    const QString name = source.value(u"SnapshotName").toString();
    QVERIFY(QDir(m_live->s3Root()).mkpath(u"event-exports"_s));
    const QString since = QDateTime::currentDateTimeUtc().addSecs(-5).toString(Qt::ISODate);
    ProgramRun run = cli(*m_live,
                         {u"export-snapshot"_s, u"--snapshot-name"_s, name, u"--bucket"_s, u"event-exports"_s,
                          u"--target-snapshot-name"_s, u"evented"_s, u"--wait"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));

    run = cli(*m_live,
              {u"--output"_s, u"json"_s, u"describe-events"_s, u"--start-time"_s, since, u"--page-size"_s, u"20"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonArray events = parseObject(run.out).value(u"Events").toArray();
    bool found = false;
    for (const QJsonValue &value : events) {
        const QJsonObject event = value.toObject();
        QVERIFY(event.contains(u"Date"));
        found = found || event.value(u"SourceIdentifier").toString() == name
            || event.value(u"Message").toString().contains(name);
    }
    QVERIFY2(found, qPrintable(describe(run)));

    // The table names the same events.
    run = cli(*m_live, {u"describe-events"_s, u"--start-time"_s, since});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY2(run.out.startsWith("DATE") && run.out.contains(name.toUtf8()), qPrintable(describe(run)));
}

void TestExportWait::describeEventsLikeTheAwsCli()
{
    if (m_awsBinary.isEmpty())
        QSKIP("the AWS CLI v2 is not at /usr/bin/aws");
    const QString since = QDateTime::currentDateTimeUtc().addSecs(-3600).toString(Qt::ISODate);
    // At least one event: an export that has ended.
    const QJsonObject source = availableSnapshot(*m_live, true);
    QVERIFY(!source.isEmpty());
    QVERIFY(QDir(m_live->s3Root()).mkpath(u"compared-exports"_s));
    const ProgramRun exported
        = cli(*m_live,
              {u"export-snapshot"_s, u"--snapshot-name"_s, source.value(u"ServerlessCacheSnapshotName").toString(),
               u"--bucket"_s, u"compared-exports"_s, u"--wait"_s});
    QVERIFY2(exported.exitCode == 0, qPrintable(describe(exported)));
    const QStringList filters {u"--start-time"_s, since};
    const ProgramRun ours = cli(*m_live, QStringList {u"--output"_s, u"json"_s, u"describe-events"_s} + filters);
    QVERIFY2(ours.exitCode == 0, qPrintable(describe(ours)));
    const ProgramRun theirs = runProgram(m_awsBinary,
                                         QStringList {u"--endpoint-url"_s, m_live->url(), u"--output"_s, u"json"_s,
                                                      u"elasticache"_s, u"describe-events"_s}
                                             + filters,
                                         environment(*m_live));
    QVERIFY2(theirs.exitCode == 0, qPrintable(describe(theirs)));
    QVERIFY(!parseObject(ours.out).value(u"Events").toArray().isEmpty());
    QCOMPARE(QString::fromUtf8(ours.out), QString::fromUtf8(theirs.out));
}

void TestExportWait::describeEventsRefusesABadTime()
{
    const ProgramRun run = cli(*m_live, {u"describe-events"_s, u"--start-time"_s, u"last tuesday"_s});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--start-time"), qPrintable(describe(run)));
}

QTEST_GUILESS_MAIN(TestExportWait)
#include "tst_exportwait.moc"
