// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// cachesnap-cli plan-cleanup against the in-process sandbox over loopback HTTP: the plan as JSON, table and CSV with
// its totals, the preview equal to what --execute then deletes, --execute refused without a terminal and without
// --yes, the number typed on a terminal, tags read only for the candidates, a failed connection beside a listed one,
// and the usage errors.
#include "pseudoterminal.h"
#include "sandboxdefaults.h"
#include "sandboxprocess.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "snapshotfixtures.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

QStringList namesIn(const QJsonArray &array, const QString &outcome = QString())
{
    QStringList names;
    for (const QJsonValue &value : array) {
        const QJsonObject o = value.toObject();
        if (outcome.isEmpty() || o.value(u"Outcome"_s).toString() == outcome)
            names << o.value(u"SnapshotName"_s).toString();
    }
    names.sort();
    return names;
}

} // namespace

class TestPlanCleanup final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void planAsJsonTableAndCsv();
    void previewEqualsWhatExecuteDeletes();
    void executeNeedsTerminalOrYes();
    void executeConfirmedOnTerminal();
    void skipTagReadsOnlyCandidates();
    void failedConnectionBesideListedOne();
    void usageErrors_data();
    void usageErrors();

private:
    ProgramRun cli(const QStringList &arguments);
    void addOrphans();
    int liveCount(const QStringList &names) const;

    QString m_cliBinary;
    QTemporaryDir m_home;
    std::unique_ptr<SandboxServer> m_server;
    QProcessEnvironment m_env;
};

void TestPlanCleanup::initTestCase()
{
    m_cliBinary = findBuiltBinary(u"cachesnap-cli"_s);
    QVERIFY2(!m_cliBinary.isEmpty(), "cachesnap-cli is not built");
    QVERIFY(m_home.isValid());
}

void TestPlanCleanup::init()
{
    SandboxConfig config;
    config.seed = 21;
    config.seedSnapshots = 30;
    config.snapshotDeleteSeconds = 0.2;
    config.regions = {u"eu-west-2"_s}; // and us-east-1: eu-west-1 is a region the account has not enabled
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_env = isolatedAwsEnvironment(m_home.path(), m_server->accessKeyId(), m_server->secretAccessKey(),
                                   m_server->region());
    addOrphans();
}

void TestPlanCleanup::cleanup()
{
    m_server.reset();
}

ProgramRun TestPlanCleanup::cli(const QStringList &arguments)
{
    return runProgramInEventLoop(m_cliBinary, QStringList {u"--endpoint-url"_s, m_server->url().toString()} + arguments,
                                 m_env, {}, 30000);
}

// Three manual snapshots of a replication group that is gone, 100, 200 and 300 days old.
void TestPlanCleanup::addOrphans()
{
    for (int i = 1; i <= 3; ++i)
        m_server->state()->addSnapshot(orphanSnapshot(u"pc-gone-%1"_s.arg(i), u"pc-gone-rg"_s, 100 * i));
}

int TestPlanCleanup::liveCount(const QStringList &names) const
{
    int count = 0;
    for (const QString &name : names) {
        const auto snapshot = m_server->state()->snapshot(name);
        count += snapshot && snapshot->snapshotStatus == u"available" ? 1 : 0;
    }
    return count;
}

void TestPlanCleanup::planAsJsonTableAndCsv()
{
    const ProgramRun json = cli({u"--output"_s, u"json"_s, u"plan-cleanup"_s, u"--source-gone"_s,
                                 u"--older-than-days"_s, u"150"_s, u"--price-per-gb-month"_s, u"0.1"_s});
    QVERIFY2(json.exitCode == 0, qPrintable(describe(json)));
    const QJsonObject plan = parseObject(json.out);
    const QStringList planned = namesIn(plan.value(u"Delete"_s).toArray());
    QVERIFY(planned.contains(u"pc-gone-2"_s));
    QVERIFY(planned.contains(u"pc-gone-3"_s));
    QVERIFY(!planned.contains(u"pc-gone-1"_s)); // 100 days: not older than 150
    const QJsonObject totals = plan.value(u"Totals"_s).toObject();
    QCOMPARE(totals.value(u"Count"_s).toInt(), planned.size());
    qint64 bytes = 0;
    for (const QJsonValue &v : plan.value(u"Delete"_s).toArray())
        bytes += qint64(v.toObject().value(u"Bytes"_s).toDouble());
    QCOMPARE(qint64(totals.value(u"Bytes"_s).toDouble()), bytes);
    QCOMPARE(totals.value(u"MonthlyCost"_s).toDouble(), std::round(double(bytes) / (1 << 30) * 0.1 * 100) / 100);
    QCOMPARE(plan.value(u"Connections"_s).toArray().at(0).toObject().value(u"Account"_s).toString(), u"123456789012"_s);

    const ProgramRun table = cli(
        {u"plan-cleanup"_s, u"--source-gone"_s, u"--older-than-days"_s, u"150"_s, u"--price-per-gb-month"_s, u"0.1"_s});
    QVERIFY2(table.exitCode == 0, qPrintable(describe(table)));
    QVERIFY2(table.out.contains("replication group pc-gone-rg"), table.out.constData());
    QVERIFY2(table.out.contains(u"Total: %1 snapshots to delete"_s.arg(planned.size()).toUtf8()),
             table.out.constData());
    QVERIFY(table.out.contains("a month at $0.1 per GB-month"));

    const ProgramRun csv
        = cli({u"--output"_s, u"csv"_s, u"plan-cleanup"_s, u"--source-gone"_s, u"--older-than-days"_s, u"150"_s});
    QVERIFY2(csv.exitCode == 0, qPrintable(describe(csv)));
    const QList<QByteArray> lines = csv.out.trimmed().split('\n');
    QVERIFY(lines.first().startsWith("connection,profile,account,region,source,kind,snapshot,"));
    int deleteLines = 0;
    for (const QByteArray &line : lines)
        deleteLines += line.contains(",delete,") ? 1 : 0;
    QCOMPARE(deleteLines, planned.size());
    // Nothing was deleted by any of them.
    QCOMPARE(liveCount(planned), planned.size());
}

void TestPlanCleanup::previewEqualsWhatExecuteDeletes()
{
    const QStringList rules {u"plan-cleanup"_s, u"--source-gone"_s, u"--keep-newest"_s, u"1"_s};
    const ProgramRun preview = cli(QStringList {u"--output"_s, u"json"_s} + rules);
    QVERIFY2(preview.exitCode == 0, qPrintable(describe(preview)));
    const QStringList planned = namesIn(parseObject(preview.out).value(u"Delete"_s).toArray());
    QVERIFY(planned.contains(u"pc-gone-2"_s));
    QVERIFY(planned.contains(u"pc-gone-3"_s));
    QVERIFY(!planned.contains(u"pc-gone-1"_s)); // the newest of its source is kept
    const int before = m_server->state()->snapshotCount();

    const ProgramRun execute
        = cli(QStringList {u"--output"_s, u"json"_s} + rules + QStringList {u"--execute"_s, u"--yes"_s});
    QVERIFY2(execute.exitCode == 0, qPrintable(describe(execute)));
    const QJsonObject results = parseObject(execute.out);
    const QJsonArray list = results.value(u"Results"_s).toArray();
    QCOMPARE(namesIn(list, u"deleted"_s), planned);
    QCOMPARE(namesIn(list), planned);
    QCOMPARE(results.value(u"Counts"_s).toObject().value(u"Deleted"_s).toInt(), planned.size());
    QVERIFY2(execute.err.contains(u"[%1/%1] deleted"_s.arg(planned.size()).toUtf8()), execute.err.constData());
    QVERIFY(spinUntil([&] { return m_server->state()->snapshotCount() == before - planned.size(); }, 5000));
    QVERIFY(m_server->state()->snapshot(u"pc-gone-1"_s));
    QCOMPARE(liveCount(planned), 0);
}

void TestPlanCleanup::executeNeedsTerminalOrYes()
{
    const ProgramRun run = cli({u"plan-cleanup"_s, u"--source-gone"_s, u"--execute"_s});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("nothing was deleted") && run.err.contains("--yes"), qPrintable(describe(run)));
    QCOMPARE(liveCount({u"pc-gone-1"_s, u"pc-gone-2"_s, u"pc-gone-3"_s}), 3);
}

void TestPlanCleanup::executeConfirmedOnTerminal()
{
    for (const QByteArray &answer : {QByteArray("2\n"), QByteArray("3\n")}) {
        PseudoTerminal terminal;
        QVERIFY(terminal.isValid());
        QProcess process;
        process.setProcessEnvironment(m_env);
        process.setStandardInputFile(terminal.slavePath());
        process.start(m_cliBinary,
                      {u"--endpoint-url"_s, m_server->url().toString(), u"plan-cleanup"_s, u"--older-than-days"_s,
                       u"50"_s, u"--source-gone"_s, u"--execute"_s});
        QVERIFY(process.waitForStarted());
        QByteArray err;
        spinUntil(
            [&] {
                err += process.readAllStandardError();
                return err.contains("to confirm:") || process.state() != QProcess::Running;
            },
            20000);
        // The named totals: three snapshots of 1 GB each.
        QVERIFY2(err.contains("Delete 3 snapshots (3.0 GB, $0.26 a month)? This cannot be undone. Type 3 to confirm:"),
                 err.constData());
        QVERIFY(terminal.type(answer));
        QVERIFY(spinUntil([&] { return process.state() == QProcess::NotRunning; }, 20000));
        err += process.readAllStandardError();
        const QByteArray out = process.readAllStandardOutput();
        if (answer == "2\n") {
            QCOMPARE(process.exitCode(), 1);
            QVERIFY2(err.contains("Not confirmed: nothing was deleted."), err.constData());
            QCOMPARE(liveCount({u"pc-gone-1"_s, u"pc-gone-2"_s, u"pc-gone-3"_s}), 3);
        } else {
            QCOMPARE(process.exitCode(), 0);
            QVERIFY2(out.contains("Deleted 3 snapshots (3.0 GB), skipped 0, failed 0, not run 0."), out.constData());
            QCOMPARE(liveCount({u"pc-gone-1"_s, u"pc-gone-2"_s, u"pc-gone-3"_s}), 0);
        }
    }
}

void TestPlanCleanup::skipTagReadsOnlyCandidates()
{
    m_server->state()->setTags(u"arn:aws:elasticache:us-east-1:123456789012:snapshot:pc-gone-2"_s,
                               {{u"legal-hold"_s, QString()}});
    int tagReads = 0;
    connect(m_server.get(), &SandboxServer::requestHandled, this, [&tagReads](const QString &action) {
        if (action == u"ListTagsForResource")
            ++tagReads;
    });
    const ProgramRun run = cli({u"--output"_s, u"json"_s, u"plan-cleanup"_s, u"--source-gone"_s, u"--older-than-days"_s,
                                u"50"_s, u"--skip-tag"_s, u"legal-hold"_s, u"--skip-tag"_s, u"keep=true"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonObject plan = parseObject(run.out);
    const QStringList planned = namesIn(plan.value(u"Delete"_s).toArray());
    QVERIFY(planned.contains(u"pc-gone-1"_s));
    QVERIFY(!planned.contains(u"pc-gone-2"_s));
    QVERIFY(planned.contains(u"pc-gone-3"_s));
    QCOMPARE(plan.value(u"Kept"_s).toObject().value(u"Tagged"_s).toInt() + planned.size(), tagReads);
    QVERIFY(tagReads < m_server->state()->snapshotCount()); // not every snapshot's tags
    QCOMPARE(plan.value(u"Rules"_s).toObject().value(u"SkipTags"_s).toArray().size(), 2);
}

void TestPlanCleanup::failedConnectionBesideListedOne()
{
    // Profile wrong's key is refused everywhere. The sandbox does not serve eu-west-1: a region the account has not
    // enabled (the key STS took is refused there), skipped, as inventory does, and not a failure.
    QFile credentials(m_home.filePath(u"credentials"_s));
    QVERIFY(credentials.open(QIODevice::WriteOnly));
    credentials.write(u"[default]\naws_access_key_id = %1\naws_secret_access_key = %2\n"
                      "[wrong]\naws_access_key_id = AKIDNOSUCHKEY\naws_secret_access_key = nothing\n"_s
                          .arg(m_server->accessKeyId(), m_server->secretAccessKey())
                          .toUtf8());
    credentials.close();
    m_env.remove(u"AWS_ACCESS_KEY_ID"_s);
    m_env.remove(u"AWS_SECRET_ACCESS_KEY"_s);
    m_env.insert(u"AWS_SHARED_CREDENTIALS_FILE"_s, credentials.fileName());

    const QStringList plan {u"plan-cleanup"_s, u"--regions"_s, u"us-east-1,eu-west-1"_s, u"--source-gone"_s};
    const ProgramRun run
        = cli(QStringList {u"--output"_s, u"json"_s} + plan + QStringList {u"--profiles"_s, u"default,wrong"_s});
    QCOMPARE(run.exitCode, 254);
    const QString err = QString::fromUtf8(run.err);
    // One line for the profile's two regions refused for one reason, one for the region not enabled.
    QVERIFY2(err.startsWith(u"cachesnap-cli: plan-cleanup: profile wrong, regions us-east-1, eu-west-1, not in the "
                            "plan: AWS did not accept the credentials (InvalidClientTokenId)"_s),
             qPrintable(err));
    QVERIFY2(err.contains(u"cachesnap-cli: plan-cleanup: not enabled for account %1 (profile default), skipped: "
                          "eu-west-1\n"_s.arg(SandboxDefaults::accountId)),
             qPrintable(err));
    QCOMPARE(err.count(u'\n'), 2);
    const QJsonObject document = parseObject(run.out);
    QVERIFY(namesIn(document.value(u"Delete"_s).toArray()).contains(u"pc-gone-3"_s));
    // The saved plan says which connections' snapshots are not in it, and why.
    const QJsonArray connections = document.value(u"Connections"_s).toArray();
    QCOMPARE(connections.size(), 4);
    for (const QJsonValue &value : connections) {
        const QJsonObject connection = value.toObject();
        const QString notListed = connection.value(u"NotFullyListed"_s).toString();
        if (connection.value(u"Profile"_s).toString() == u"wrong")
            QVERIFY2(notListed.startsWith(u"failed: AWS did not accept the credentials"_s), qPrintable(notListed));
        else
            QVERIFY2(!connection.contains(u"NotFullyListed"_s), qPrintable(notListed));
    }

    // Without the refused profile, a region not enabled is no failure.
    const ProgramRun enabledOnly = cli(plan + QStringList {u"--profiles"_s, u"default"_s});
    QCOMPARE(enabledOnly.exitCode, 0);
    QVERIFY2(enabledOnly.out.contains("pc-gone-3"), qPrintable(describe(enabledOnly)));
}

void TestPlanCleanup::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("no selecting rule") << QStringList {u"--skip-tag"_s, u"keep"_s} << QByteArray("at least one rule");
    QTest::newRow("--yes without --execute")
        << QStringList {u"--source-gone"_s, u"--yes"_s} << QByteArray("--yes only goes with --execute");
    QTest::newRow("negative days") << QStringList {u"--older-than-days"_s, u"-1"_s} << QByteArray("older-than-days");
    QTest::newRow("bad price") << QStringList {u"--source-gone"_s, u"--price-per-gb-month"_s, u"cheap"_s}
                               << QByteArray("--price-per-gb-month takes");
    QTest::newRow("bad region") << QStringList {u"--source-gone"_s, u"--regions"_s, u"mars-1,"_s}
                                << QByteArray("--regions");
}

void TestPlanCleanup::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const ProgramRun run = cli(QStringList {u"plan-cleanup"_s} + arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(describe(run)));
    QCOMPARE(liveCount({u"pc-gone-1"_s, u"pc-gone-2"_s, u"pc-gone-3"_s}), 3);
}

QTEST_GUILESS_MAIN(TestPlanCleanup)
#include "tst_plancleanup.moc"
