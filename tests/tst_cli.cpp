// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandline.h"
#include "sandboxprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <future>
#include <memory>
#include <thread>

using namespace Qt::StringLiterals;

// cachesnap-cli end to end: the real binary against a real cachesnap-sandbox over loopback HTTP, compared with
// what the AWS CLI (v2, /usr/bin/aws) prints against the same sandbox where it has the command.

namespace {

constexpr auto kAccessKey = "AKIDSANDBOX";
constexpr auto kSecretKey = "sandbox-secret-key";
constexpr auto kRegion = "us-east-1";

using Run = ProgramRun;

// The sandbox processes these tests talk to (tests/sandboxprocess.h).
using Sandbox = SandboxProcess;

// The AWS CLI v2 and cachesnap-cli read AWS_REGION; one attempt, so that an error is printed at once.
QProcessEnvironment baseEnvironment(const QString &home)
{
    QProcessEnvironment env = isolatedAwsEnvironment(home, QString::fromLatin1(kAccessKey),
                                                     QString::fromLatin1(kSecretKey), QString::fromLatin1(kRegion));
    env.remove(u"AWS_DEFAULT_REGION"_s);
    env.insert(u"AWS_REGION"_s, QString::fromLatin1(kRegion));
    env.insert(u"AWS_MAX_ATTEMPTS"_s, u"1"_s);
    return env;
}

// An endpoint that answers every request with one fixed HTTP answer, on its own thread (runProgram() blocks
// this one) and counts the requests.
class FixedAnswerServer
{
public:
    FixedAnswerServer(int status, QByteArray reason, QByteArray contentType, QByteArray body)
    {
        std::promise<quint16> port;
        m_port = port.get_future();
        m_thread = std::thread([this, status, reason, contentType, body, promise = std::move(port)]() mutable {
            QTcpServer server;
            promise.set_value(server.listen(QHostAddress::LocalHost) ? server.serverPort() : 0);
            while (!m_stop) {
                if (!server.waitForNewConnection(50))
                    continue;
                std::unique_ptr<QTcpSocket> socket(server.nextPendingConnection());
                QByteArray request;
                qsizetype bodyStart = -1;
                qsizetype length = 0;
                while (socket->waitForReadyRead(5000)) {
                    request += socket->readAll();
                    if (bodyStart < 0 && (bodyStart = request.indexOf("\r\n\r\n")) >= 0) {
                        bodyStart += 4;
                        static const QRegularExpression contentLength(u"(?i)\r\ncontent-length: *(\\d+)"_s);
                        const auto m = contentLength.match(QString::fromLatin1(request.left(bodyStart)));
                        length = m.hasMatch() ? m.captured(1).toLongLong() : 0;
                    }
                    if (bodyStart >= 0 && request.size() >= bodyStart + length)
                        break;
                }
                ++m_requests;
                socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\nContent-Type: "
                              + contentType + "\r\nContent-Length: " + QByteArray::number(body.size())
                              + "\r\nConnection: close\r\n\r\n" + body);
                socket->waitForBytesWritten(5000);
                socket->disconnectFromHost();
                if (socket->state() != QAbstractSocket::UnconnectedState)
                    socket->waitForDisconnected(2000);
            }
        });
    }
    ~FixedAnswerServer()
    {
        m_stop = true;
        m_thread.join();
    }
    Q_DISABLE_COPY_MOVE(FixedAnswerServer)

    QString url() { return u"http://127.0.0.1:%1"_s.arg(m_port.get()); }
    int requests() const { return m_requests; }

private:
    std::shared_future<quint16> m_port;
    std::atomic<bool> m_stop = false;
    std::atomic<int> m_requests = 0;
    std::thread m_thread;
};

// An endpoint that answers every request with a 200 announcing 100,000 bytes and then sends one byte every
// intervalMs, on its own thread, until the client goes away.
class TrickleServer
{
public:
    explicit TrickleServer(int intervalMs)
    {
        std::promise<quint16> port;
        m_port = port.get_future();
        m_thread = std::thread([this, intervalMs, promise = std::move(port)]() mutable {
            QTcpServer server;
            promise.set_value(server.listen(QHostAddress::LocalHost) ? server.serverPort() : 0);
            while (!m_stop) {
                if (!server.waitForNewConnection(50))
                    continue;
                std::unique_ptr<QTcpSocket> socket(server.nextPendingConnection());
                QByteArray request;
                while (!request.contains("\r\n\r\n") && socket->waitForReadyRead(5000))
                    request += socket->readAll();
                ++m_requests;
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n<");
                socket->waitForBytesWritten(1000);
                const QDeadlineTimer giveUp(30000);
                while (!m_stop && !giveUp.hasExpired() && socket->state() == QAbstractSocket::ConnectedState) {
                    socket->waitForReadyRead(intervalMs); // returns early when the client closes
                    socket->readAll();
                    if (socket->state() != QAbstractSocket::ConnectedState)
                        break;
                    socket->write("x");
                    socket->waitForBytesWritten(1000);
                }
            }
        });
    }
    ~TrickleServer()
    {
        m_stop = true;
        m_thread.join();
    }
    Q_DISABLE_COPY_MOVE(TrickleServer)

    QString url() { return u"http://127.0.0.1:%1"_s.arg(m_port.get()); }
    int requests() const { return m_requests; }

private:
    std::shared_future<quint16> m_port;
    std::atomic<bool> m_stop = false;
    std::atomic<int> m_requests = 0;
    std::thread m_thread;
};

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void helpAndVersion_data();
    void helpAndVersion();
    void everyCommandHasAManualPage();
    void usageErrors_data();
    void usageErrors();

    void jsonMatchesAwsCli_data();
    void jsonMatchesAwsCli();
    void tableOutputListsEverySnapshot();
    void serviceErrors_data();
    void serviceErrors();
    void retriedErrors_data();
    void retriedErrors();
    void credentialErrors_data();
    void credentialErrors();
    void unparseableAnswers_data();
    void unparseableAnswers();
    void requestTimeouts_data();
    void requestTimeouts();

    void snapshotLifeCycle();
    void serverlessSnapshotLifeCycle();
    void exportNodeBased();
    void exportServerless();
    void exportErrors();
    void waitSnapshotAvailable();
    void waitFailures_data();
    void waitFailures();
    void debugRedactsSecrets();

private:
    Run cli(const QStringList &arguments, const QProcessEnvironment &env = {});
    Run aws(const QStringList &arguments);
    Run awsV1(const QStringList &arguments, QProcessEnvironment env);
    QJsonArray listSnapshots(const QStringList &filters = {});
    QJsonArray listServerlessSnapshots();
    QJsonObject firstAvailableSnapshot(bool clusterMode);

    QString m_cliBinary;
    QString m_awsBinary;
    QString m_awsV1Binary; // the AWS CLI v1 (botocore) on PATH, if any
    QTemporaryDir m_home;
    // Durations long enough that nothing changes during a comparison.
    std::unique_ptr<Sandbox> m_static;
    // Life cycles of a fraction of a second, for effects and waiting.
    std::unique_ptr<Sandbox> m_live;
    // Answers every request with Throttling; started by the first test that needs it.
    std::unique_ptr<Sandbox> m_throttled;
};

void TestCli::initTestCase()
{
    m_cliBinary = findBuiltBinary(u"cachesnap-cli"_s);
    QVERIFY2(!m_cliBinary.isEmpty(), "cachesnap-cli is not built");
    QVERIFY(m_home.isValid());

    const QFileInfo awsV2(u"/usr/bin/aws"_s);
    if (awsV2.isExecutable()) {
        const Run version = runProgram(awsV2.absoluteFilePath(), {u"--version"_s}, baseEnvironment(m_home.path()));
        if (version.out.startsWith("aws-cli/2"))
            m_awsBinary = awsV2.absoluteFilePath();
    }

    const QString awsOnPath = QStandardPaths::findExecutable(u"aws"_s);
    if (!awsOnPath.isEmpty() && QFileInfo(awsOnPath).canonicalFilePath() != QFileInfo(awsV2).canonicalFilePath()) {
        const Run version = runProgram(awsOnPath, {u"--version"_s}, baseEnvironment(m_home.path()));
        if (version.out.startsWith("aws-cli/1") || version.err.startsWith("aws-cli/1"))
            m_awsV1Binary = awsOnPath;
    }
    qInfo("comparing with AWS CLI v2: %s; v1: %s", m_awsBinary.isEmpty() ? "none" : qPrintable(m_awsBinary),
          m_awsV1Binary.isEmpty() ? "none" : qPrintable(m_awsV1Binary));

    m_static = std::make_unique<Sandbox>();
    QVERIFY2(m_static->start(
                 {u"--seed"_s, u"11"_s, u"--seed-snapshots"_s, u"140"_s, u"--snapshot-create-seconds"_s, u"36000"_s}),
             qPrintable(m_static->error()));
    m_live = std::make_unique<Sandbox>();
    QVERIFY2(
        m_live->start({u"--seed"_s, u"12"_s, u"--seed-snapshots"_s, u"30"_s, u"--snapshot-create-seconds"_s, u"0.5"_s}),
        qPrintable(m_live->error()));
}

Run TestCli::cli(const QStringList &arguments, const QProcessEnvironment &env)
{
    return runProgram(m_cliBinary, arguments, env.isEmpty() ? baseEnvironment(m_home.path()) : env);
}

Run TestCli::aws(const QStringList &arguments)
{
    return runProgram(m_awsBinary, QStringList {u"elasticache"_s} + arguments, baseEnvironment(m_home.path()));
}

// v1 reads its region from AWS_DEFAULT_REGION only.
Run TestCli::awsV1(const QStringList &arguments, QProcessEnvironment env)
{
    env.insert(u"AWS_DEFAULT_REGION"_s, env.value(u"AWS_REGION"_s));
    return runProgram(m_awsV1Binary, QStringList {u"elasticache"_s} + arguments, env);
}

QJsonArray TestCli::listSnapshots(const QStringList &filters)
{
    const Run run = cli(
        QStringList {u"--endpoint-url"_s, m_live->url(), u"--output"_s, u"json"_s, u"describe-snapshots"_s} + filters);
    if (run.exitCode != 0)
        qWarning().noquote() << describe(run);
    return parseObject(run.out).value(u"Snapshots").toArray();
}

QJsonArray TestCli::listServerlessSnapshots()
{
    const Run run
        = cli({u"--endpoint-url"_s, m_live->url(), u"--output"_s, u"json"_s, u"describe-serverless-cache-snapshots"_s});
    if (run.exitCode != 0)
        qWarning().noquote() << describe(run);
    return parseObject(run.out).value(u"ServerlessCacheSnapshots").toArray();
}

QJsonObject TestCli::firstAvailableSnapshot(bool clusterMode)
{
    for (const QJsonValue &value : listSnapshots()) {
        const QJsonObject s = value.toObject();
        const bool isClusterMode = s.value(u"NumNodeGroups").toInt(0) > 1;
        if (s.value(u"SnapshotStatus").toString() == u"available" && isClusterMode == clusterMode
            && s.value(u"DataTiering").toString() != u"enabled")
            return s;
    }
    return {};
}

void TestCli::helpAndVersion_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("--version") << QStringList {u"--version"_s}
                               << QStringList {u"cachesnap-cli "_s + QStringLiteral(CACHESNAP_VERSION)};
    QTest::newRow("--help") << QStringList {u"--help"_s}
                            << QStringList {u"describe-snapshots"_s, u"wait snapshot-available"_s, u"--endpoint-url"_s,
                                            u"Exit status"_s};
    QTest::newRow("help") << QStringList {u"help"_s} << QStringList {u"export-snapshot"_s};
    QTest::newRow("command --help") << QStringList {u"create-snapshot"_s, u"--help"_s}
                                    << QStringList {u"SYNOPSIS"_s, u"--snapshot-name NAME"_s,
                                                    u"(--replication-group-id ID | --cache-cluster-id ID)"_s};
    QTest::newRow("help command") << QStringList {u"help"_s, u"export-snapshot"_s}
                                  << QStringList {u"ExportServerlessCacheSnapshot"_s, u"--bucket BUCKET"_s};
    QTest::newRow("wait --help") << QStringList {u"wait"_s, u"snapshot-available"_s, u"--help"_s}
                                 << QStringList {u"--timeout SECONDS"_s};
}

void TestCli::helpAndVersion()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, expected);
    const Run run = cli(arguments);
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.err.isEmpty());
    for (const QString &text : expected)
        QVERIFY2(QString::fromUtf8(run.out).contains(text),
                 qPrintable(text + u" missing from:\n"_s + QString::fromUtf8(run.out)));
}

void TestCli::everyCommandHasAManualPage()
{
    for (const CommandSpec &spec : CommandLine::commands()) {
        const Run run = cli(spec.name.split(u' ') + QStringList {u"--help"_s});
        QCOMPARE(run.exitCode, 0);
        const QString text = QString::fromUtf8(run.out);
        QVERIFY2(text.contains(u"cachesnap-cli "_s + spec.name), qPrintable(spec.name));
        for (const QCommandLineOption &option : spec.options)
            QVERIFY2(text.contains(u"--"_s + option.names().constFirst()),
                     qPrintable(spec.name + u": "_s + option.names().constFirst()));
        QVERIFY2(CommandLine::generalHelp().contains(spec.name), qPrintable(spec.name));
    }
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    QTest::newRow("no command") << QStringList {} << u"no command given"_s;
    QTest::newRow("unknown command") << QStringList {u"describe-snapshot"_s}
                                     << u"unknown command \"describe-snapshot\""_s;
    QTest::newRow("unknown option") << QStringList {u"describe-snapshots"_s, u"--bogus"_s} << u"bogus"_s;
    QTest::newRow("option before command")
        << QStringList {u"--snapshot-name"_s, u"x"_s, u"describe-snapshots"_s} << u"before the command"_s;
    QTest::newRow("missing required") << QStringList {u"delete-snapshot"_s} << u"--snapshot-name is required"_s;
    QTest::newRow("missing value") << QStringList {u"delete-snapshot"_s, u"--snapshot-name"_s} << u"snapshot-name"_s;
    QTest::newRow("neither source") << QStringList {u"create-snapshot"_s, u"--snapshot-name"_s, u"a"_s}
                                    << u"exactly one of --replication-group-id, --cache-cluster-id"_s;
    QTest::newRow("both sources") << QStringList {u"create-snapshot"_s,
                                                  u"--snapshot-name"_s,
                                                  u"a"_s,
                                                  u"--replication-group-id"_s,
                                                  u"g"_s,
                                                  u"--cache-cluster-id"_s,
                                                  u"c"_s}
                                  << u"exactly one of"_s;
    QTest::newRow("bad source filter") << QStringList {u"describe-snapshots"_s, u"--snapshot-source"_s, u"automated"_s}
                                       << u"system or user"_s;
    QTest::newRow("bad output") << QStringList {u"--output"_s, u"text"_s, u"describe-snapshots"_s}
                                << u"--output takes \"json\" or \"table\""_s;
    QTest::newRow("bad timeout") << QStringList {u"wait"_s, u"snapshot-available"_s, u"--snapshot-name"_s,
                                                 u"a"_s,    u"--timeout"_s,          u"soon"_s}
                                 << u"--timeout takes a whole number"_s;
    QTest::newRow("page size out of range") << QStringList {u"describe-snapshots"_s, u"--page-size"_s, u"10"_s}
                                            << u"--page-size takes a whole number from 20 to 50"_s;
    QTest::newRow("waiter missing") << QStringList {u"wait"_s} << u"wait snapshot-available"_s;
    QTest::newRow("unknown waiter") << QStringList {u"wait"_s, u"cluster-available"_s} << u"unknown command"_s;
    QTest::newRow("stray argument") << QStringList {u"describe-snapshots"_s, u"extra"_s} << u"unexpected argument"_s;
    QTest::newRow("read timeout not a number")
        << QStringList {u"--cli-read-timeout"_s, u"soon"_s, u"describe-snapshots"_s}
        << u"--cli-read-timeout takes a whole number of seconds from 1"_s;
    QTest::newRow("request timeout zero") << QStringList {u"describe-snapshots"_s, u"--cli-request-timeout"_s, u"0"_s}
                                          << u"--cli-request-timeout takes a whole number of seconds from 1"_s;
    QTest::newRow("request timeout without value") << QStringList {u"describe-snapshots"_s, u"--cli-request-timeout"_s}
                                                   << u"--cli-request-timeout needs a value"_s;
    QTest::newRow("export without bucket")
        << QStringList {u"export-snapshot"_s, u"--snapshot-name"_s, u"a"_s} << u"--bucket is required"_s;
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    // An endpoint that nothing listens on: a usage error must not send anything.
    const Run run = cli(QStringList {u"--endpoint-url"_s, u"http://127.0.0.1:9"_s} + arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(QString::fromUtf8(run.err).contains(message), qPrintable(describe(run)));
    QVERIFY2(run.err.startsWith("cachesnap-cli: error: "), qPrintable(describe(run)));
}

void TestCli::jsonMatchesAwsCli_data()
{
    QTest::addColumn<QStringList>("arguments");
    // Members our (botocore 1.43) model has and Debian's awscli 2.9.19 model predates, so that CLI drops them.
    QTest::addColumn<QStringList>("newerMembers");

    QTest::newRow("describe-snapshots") << QStringList {u"describe-snapshots"_s} << QStringList {};
    QTest::newRow("manual only") << QStringList {u"describe-snapshots"_s, u"--snapshot-source"_s, u"user"_s}
                                 << QStringList {};
    QTest::newRow("automatic only") << QStringList {u"describe-snapshots"_s, u"--snapshot-source"_s, u"system"_s}
                                    << QStringList {};
    QTest::newRow("node group config") << QStringList {u"describe-snapshots"_s, u"--show-node-group-config"_s}
                                       << QStringList {};
    QTest::newRow("pages of 20") << QStringList {u"describe-snapshots"_s, u"--page-size"_s, u"20"_s} << QStringList {};
    QTest::newRow("describe-cache-clusters") << QStringList {u"describe-cache-clusters"_s} << QStringList {};
    QTest::newRow("describe-replication-groups")
        << QStringList {u"describe-replication-groups"_s} << QStringList {u"Engine"_s, u"ClusterMode"_s};
}

void TestCli::jsonMatchesAwsCli()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, newerMembers);
    if (m_awsBinary.isEmpty())
        QSKIP("awscli v2 (/usr/bin/aws) is not installed");

    const Run ours = cli(QStringList {u"--endpoint-url"_s, m_static->url(), u"--output"_s, u"json"_s} + arguments);
    QVERIFY2(ours.exitCode == 0, qPrintable(describe(ours)));
    const Run theirs = aws(arguments + QStringList {u"--endpoint-url"_s, m_static->url(), u"--output"_s, u"json"_s});
    QVERIFY2(theirs.exitCode == 0, qPrintable(describe(theirs)));

    QJsonObject a = parseObject(ours.out);
    const QJsonObject b = parseObject(theirs.out);
    QVERIFY(!a.isEmpty());
    QVERIFY(!a.constBegin().value().toArray().isEmpty());
    if (!newerMembers.isEmpty()) {
        QJsonArray items = a.constBegin().value().toArray();
        for (const QString &member : newerMembers) {
            bool present = false;
            for (qsizetype i = 0; i < items.size(); ++i) {
                QJsonObject item = items.at(i).toObject();
                present = present || item.contains(member);
                item.remove(member);
                items[i] = item;
            }
            QVERIFY2(present, qPrintable(member)); // we do print it
        }
        a.insert(a.constBegin().key(), items);
    }
    if (a != b) {
        // Name the first differing item so a failure is readable.
        const QJsonArray listA = a.constBegin().value().toArray();
        const QJsonArray listB = b.value(a.constBegin().key()).toArray();
        for (qsizetype i = 0; i < std::min(listA.size(), listB.size()); ++i) {
            if (listA.at(i) != listB.at(i)) {
                qWarning().noquote() << "ours:  "
                                     << QJsonDocument(listA.at(i).toObject()).toJson(QJsonDocument::Compact);
                qWarning().noquote() << "theirs:"
                                     << QJsonDocument(listB.at(i).toObject()).toJson(QJsonDocument::Compact);
                break;
            }
        }
        QCOMPARE(listA.size(), listB.size());
    }
    QVERIFY(a == b);
}

void TestCli::tableOutputListsEverySnapshot()
{
    const Run json = cli({u"--endpoint-url"_s, m_static->url(), u"--output"_s, u"json"_s, u"describe-snapshots"_s});
    QCOMPARE(json.exitCode, 0);
    const QJsonArray snapshots = parseObject(json.out).value(u"Snapshots").toArray();
    QVERIFY(snapshots.size() > 50); // more than one page

    const Run table = cli({u"--endpoint-url"_s, m_static->url(), u"describe-snapshots"_s});
    QCOMPARE(table.exitCode, 0);
    const QStringList lines = QString::fromUtf8(table.out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), snapshots.size() + 2); // header, one line per snapshot, the count
    QVERIFY(lines.constFirst().startsWith(u"NAME"));
    for (const QString &column :
         {u"STATUS"_s, u"SOURCE"_s, u"GROUP/CLUSTER"_s, u"ENGINE"_s, u"NODE TYPE"_s, u"SIZE"_s, u"CREATED"_s})
        QVERIFY2(lines.constFirst().contains(column), qPrintable(column));
    QCOMPARE(lines.constLast(), u"%1 snapshots"_s.arg(snapshots.size()));
    // Columns line up: every row has its status where the header has STATUS.
    const qsizetype statusColumn = lines.constFirst().indexOf(u"STATUS");
    for (qsizetype i = 0; i < snapshots.size(); ++i) {
        const QJsonObject s = snapshots.at(i).toObject();
        const QString &line = lines.at(i + 1);
        QVERIFY2(line.startsWith(s.value(u"SnapshotName").toString() + u' '), qPrintable(line));
        QVERIFY2(line.mid(statusColumn).startsWith(s.value(u"SnapshotStatus").toString()), qPrintable(line));
    }
}

void TestCli::serviceErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("operation");

    QTest::newRow("delete missing") << QStringList {u"delete-snapshot"_s, u"--snapshot-name"_s, u"missing-snap"_s}
                                    << u"SnapshotNotFoundFault"_s << u"DeleteSnapshot"_s;
    QTest::newRow("describe missing") << QStringList {u"describe-snapshots"_s, u"--snapshot-name"_s, u"missing-snap"_s}
                                      << u"SnapshotNotFoundFault"_s << u"DescribeSnapshots"_s;
    QTest::newRow("unknown cluster") << QStringList {u"describe-snapshots"_s, u"--cache-cluster-id"_s,
                                                     u"no-such-cluster"_s}
                                     << u"CacheClusterNotFound"_s << u"DescribeSnapshots"_s;
    QTest::newRow("create from unknown group") << QStringList {u"create-snapshot"_s, u"--snapshot-name"_s, u"x1"_s,
                                                               u"--replication-group-id"_s, u"no-such-group"_s}
                                               << u"ReplicationGroupNotFoundFault"_s << u"CreateSnapshot"_s;
    QTest::newRow("copy missing") << QStringList {u"copy-snapshot"_s, u"--source-snapshot-name"_s, u"missing-snap"_s,
                                                  u"--target-snapshot-name"_s, u"copy-of-missing"_s}
                                  << u"SnapshotNotFoundFault"_s << u"CopySnapshot"_s;
    QTest::newRow("serverless delete missing")
        << QStringList {u"delete-serverless-cache-snapshot"_s, u"--serverless-cache-snapshot-name"_s, u"missing-sl"_s}
        << u"ServerlessCacheSnapshotNotFoundFault"_s << u"DeleteServerlessCacheSnapshot"_s;
}

void TestCli::serviceErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, code);
    QFETCH(QString, operation);
    const QStringList ourArguments = QStringList {u"--endpoint-url"_s, m_static->url()} + arguments;
    const QStringList theirArguments = arguments + QStringList {u"--endpoint-url"_s, m_static->url()};
    const QString plain = u"\nAn error occurred (%1) when calling the %2 operation: "_s.arg(code, operation);
    const QString noted
        = u"\nAn error occurred (%1) when calling the %2 operation (reached max retries: 0): "_s.arg(code, operation);

    // Standard mode checks max attempts before retryability (botocore retries/standard.py), so with the one
    // attempt the base environment allows even an error that is never retried says "(reached max retries: 0)".
    const Run ours = cli(ourArguments);
    QVERIFY2(ours.exitCode == 254, qPrintable(describe(ours)));
    QVERIFY(ours.out.isEmpty());
    QVERIFY2(QString::fromUtf8(ours.err).startsWith(noted), qPrintable(describe(ours)));
    QVERIFY(ours.err.endsWith('\n'));

    // With the default three attempts the error is not retried and there is no note.
    QProcessEnvironment defaults = baseEnvironment(m_home.path());
    defaults.remove(u"AWS_MAX_ATTEMPTS"_s);
    const Run oursDefault = cli(ourArguments, defaults);
    QVERIFY2(oursDefault.exitCode == 254, qPrintable(describe(oursDefault)));
    QVERIFY2(QString::fromUtf8(oursDefault.err).startsWith(plain), qPrintable(describe(oursDefault)));
    QCOMPARE(oursDefault.err.mid(plain.size()), ours.err.mid(noted.size()));

    // Legacy mode (retryhandler.py) notes only a retryable error that used up its attempts.
    QProcessEnvironment legacy = baseEnvironment(m_home.path());
    legacy.insert(u"AWS_RETRY_MODE"_s, u"legacy"_s);
    const Run oursLegacy = cli(ourArguments, legacy);
    QVERIFY2(oursLegacy.exitCode == 254, qPrintable(describe(oursLegacy)));
    QCOMPARE(QString::fromUtf8(oursLegacy.err), QString::fromUtf8(oursDefault.err));

    // The AWS CLIs print the very same text where they have the command: v2 (standard mode only, exit 254) and
    // v1 (whose default is legacy mode, exit 255).
    if (!m_awsBinary.isEmpty() && !arguments.constFirst().contains(u"serverless")) {
        const Run theirs = aws(theirArguments);
        QCOMPARE(theirs.exitCode, 254);
        QCOMPARE(QString::fromUtf8(ours.err), QString::fromUtf8(theirs.err));
        const Run theirsDefault = runProgram(m_awsBinary, QStringList {u"elasticache"_s} + theirArguments, defaults);
        QCOMPARE(theirsDefault.exitCode, 254);
        QCOMPARE(QString::fromUtf8(oursDefault.err), QString::fromUtf8(theirsDefault.err));
    }
    if (!m_awsV1Binary.isEmpty()) {
        QProcessEnvironment standard = baseEnvironment(m_home.path());
        standard.insert(u"AWS_RETRY_MODE"_s, u"standard"_s);
        const Run v1Standard = awsV1(theirArguments, standard);
        QCOMPARE(v1Standard.exitCode, 255);
        QCOMPARE(QString::fromUtf8(ours.err), QString::fromUtf8(v1Standard.err));
        const Run v1Legacy = awsV1(theirArguments, baseEnvironment(m_home.path()));
        QCOMPARE(v1Legacy.exitCode, 255);
        QCOMPARE(QString::fromUtf8(oursLegacy.err), QString::fromUtf8(v1Legacy.err));
    }
}

// Errors that are retried until the attempts run out carry the number of retries in every mode.
void TestCli::retriedErrors_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("maxAttempts");

    QTest::newRow("standard, 1 attempt") << u"standard"_s << 1;
    QTest::newRow("standard, 2 attempts") << u"standard"_s << 2;
    QTest::newRow("legacy, 1 attempt") << u"legacy"_s << 1;
    QTest::newRow("legacy, 2 attempts") << u"legacy"_s << 2;
}

void TestCli::retriedErrors()
{
    QFETCH(QString, mode);
    QFETCH(int, maxAttempts);
    if (!m_throttled) {
        m_throttled = std::make_unique<Sandbox>();
        QVERIFY2(m_throttled->start({u"--throttle-rate"_s, u"1"_s}), qPrintable(m_throttled->error()));
    }
    const QStringList arguments {u"delete-snapshot"_s, u"--snapshot-name"_s, u"demo-before-upgrade"_s};
    QProcessEnvironment env = baseEnvironment(m_home.path());
    env.insert(u"AWS_RETRY_MODE"_s, mode);
    env.insert(u"AWS_MAX_ATTEMPTS"_s, QString::number(maxAttempts));

    const Run ours = cli(QStringList {u"--endpoint-url"_s, m_throttled->url()} + arguments, env);
    QVERIFY2(ours.exitCode == 254, qPrintable(describe(ours)));
    QCOMPARE(QString::fromUtf8(ours.err),
             u"\nAn error occurred (Throttling) when calling the DeleteSnapshot operation (reached max retries: %1): "
             "Rate exceeded\n"_s.arg(maxAttempts - 1));

    const QStringList theirArguments = arguments + QStringList {u"--endpoint-url"_s, m_throttled->url()};
    if (!m_awsBinary.isEmpty() && mode == u"standard") { // v2 refuses legacy mode
        const Run theirs = runProgram(m_awsBinary, QStringList {u"elasticache"_s} + theirArguments, env);
        QCOMPARE(theirs.exitCode, 254);
        QCOMPARE(QString::fromUtf8(ours.err), QString::fromUtf8(theirs.err));
    }
    if (!m_awsV1Binary.isEmpty()) {
        const Run theirs = awsV1(theirArguments, env);
        QCOMPARE(theirs.exitCode, 255);
        QCOMPARE(QString::fromUtf8(ours.err), QString::fromUtf8(theirs.err));
    }
}

void TestCli::credentialErrors_data()
{
    QTest::addColumn<QString>("accessKey");
    QTest::addColumn<QString>("secretKey");
    QTest::addColumn<QString>("code");

    QTest::newRow("wrong secret") << QString::fromLatin1(kAccessKey) << u"not-the-secret"_s
                                  << u"SignatureDoesNotMatch"_s;
    QTest::newRow("unknown key") << u"AKIDUNKNOWN"_s << QString::fromLatin1(kSecretKey) << u"InvalidClientTokenId"_s;
}

void TestCli::credentialErrors()
{
    QFETCH(QString, accessKey);
    QFETCH(QString, secretKey);
    QFETCH(QString, code);
    QProcessEnvironment env = baseEnvironment(m_home.path());
    env.insert(u"AWS_ACCESS_KEY_ID"_s, accessKey);
    env.insert(u"AWS_SECRET_ACCESS_KEY"_s, secretKey);
    const Run run = cli({u"--endpoint-url"_s, m_static->url(), u"describe-snapshots"_s}, env);
    QVERIFY2(run.exitCode == 254, qPrintable(describe(run)));
    QVERIFY2(
        run.err.contains(u"An error occurred (%1) when calling the DescribeSnapshots operation"_s.arg(code).toUtf8()),
        qPrintable(describe(run)));

    // No credentials at all: a configuration error, nothing is sent.
    env.remove(u"AWS_ACCESS_KEY_ID"_s);
    env.remove(u"AWS_SECRET_ACCESS_KEY"_s);
    const Run none = cli({u"--endpoint-url"_s, m_static->url(), u"describe-snapshots"_s}, env);
    QVERIFY2(none.exitCode == 253, qPrintable(describe(none)));
    QVERIFY(none.out.isEmpty());
    QVERIFY2(none.err.contains("credentials"), qPrintable(describe(none)));
}

void TestCli::snapshotLifeCycle()
{
    const QJsonObject source = firstAvailableSnapshot(false);
    QVERIFY(!source.isEmpty());
    const QString group = source.value(u"ReplicationGroupId").toString();
    const QString cluster = source.value(u"CacheClusterId").toString();
    const QStringList sourceOption = group.isEmpty() ? QStringList {u"--cache-cluster-id"_s, cluster}
                                                     : QStringList {u"--replication-group-id"_s, group};
    const QStringList common {u"--endpoint-url"_s, m_live->url(), u"--output"_s, u"json"_s};

    // create: the answer is the new snapshot, "creating", stored in lowercase
    Run run = cli(common + QStringList {u"create-snapshot"_s, u"--snapshot-name"_s, u"Cli-Made-1"_s} + sourceOption);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QJsonObject created = parseObject(run.out).value(u"Snapshot").toObject();
    QCOMPARE(created.value(u"SnapshotName").toString(), u"cli-made-1"_s);
    QCOMPARE(created.value(u"SnapshotStatus").toString(), u"creating"_s);
    QCOMPARE(created.value(u"SnapshotSource").toString(), u"manual"_s);
    QCOMPARE(listSnapshots({u"--snapshot-name"_s, u"cli-made-1"_s}).size(), 1);

    // a second create with the same name is refused
    run = cli(common + QStringList {u"create-snapshot"_s, u"--snapshot-name"_s, u"cli-made-1"_s} + sourceOption);
    QCOMPARE(run.exitCode, 254);
    QVERIFY(run.err.contains("SnapshotAlreadyExistsFault"));

    // copy of an available snapshot
    const QString sourceName = source.value(u"SnapshotName").toString();
    run = cli(common
              + QStringList {u"copy-snapshot"_s, u"--source-snapshot-name"_s, sourceName, u"--target-snapshot-name"_s,
                             u"cli-copy-1"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(parseObject(run.out).value(u"Snapshot").toObject().value(u"SnapshotName").toString(), u"cli-copy-1"_s);
    const QJsonArray copies = listSnapshots({u"--snapshot-name"_s, u"cli-copy-1"_s});
    QCOMPARE(copies.size(), 1);
    QCOMPARE(copies.at(0).toObject().value(u"SnapshotSource").toString(), u"manual"_s);

    // delete: answered with the snapshot, then it is gone
    QTRY_COMPARE_WITH_TIMEOUT(
        listSnapshots({u"--snapshot-name"_s, u"cli-copy-1"_s}).at(0).toObject().value(u"SnapshotStatus").toString(),
        u"available"_s, 20000);
    run = cli(common + QStringList {u"delete-snapshot"_s, u"--snapshot-name"_s, u"cli-copy-1"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(parseObject(run.out).value(u"Snapshot").toObject().value(u"SnapshotName").toString(), u"cli-copy-1"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        cli(common + QStringList {u"describe-snapshots"_s, u"--snapshot-name"_s, u"cli-copy-1"_s}).exitCode == 254,
        20000);

    // the table form of create tells people how to wait
    run = cli(
        QStringList {u"--endpoint-url"_s, m_live->url(), u"create-snapshot"_s, u"--snapshot-name"_s, u"cli-made-2"_s}
        + sourceOption);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY(run.out.contains("cli-made-2"));
    QVERIFY(run.out.contains("wait snapshot-available --snapshot-name cli-made-2"));
}

void TestCli::serverlessSnapshotLifeCycle()
{
    const QStringList common {u"--endpoint-url"_s, m_live->url(), u"--output"_s, u"json"_s};
    Run run = cli(common + QStringList {u"describe-serverless-caches"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonArray caches = parseObject(run.out).value(u"ServerlessCaches").toArray();
    QVERIFY(!caches.isEmpty());
    QString cacheName;
    for (const QJsonValue &c : caches) {
        if (c.toObject().value(u"Status").toString() == u"available")
            cacheName = c.toObject().value(u"ServerlessCacheName").toString();
    }
    QVERIFY(!cacheName.isEmpty());

    run = cli(common
              + QStringList {u"create-serverless-cache-snapshot"_s, u"--serverless-cache-snapshot-name"_s,
                             u"cli-sl-1"_s, u"--serverless-cache-name"_s, cacheName});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonObject created = parseObject(run.out).value(u"ServerlessCacheSnapshot").toObject();
    QCOMPARE(created.value(u"ServerlessCacheSnapshotName").toString(), u"cli-sl-1"_s);
    QCOMPARE(created.value(u"ServerlessCacheConfiguration").toObject().value(u"ServerlessCacheName").toString(),
             cacheName);

    run = cli(common + QStringList {u"describe-serverless-cache-snapshots"_s, u"--serverless-cache-name"_s, cacheName});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    bool listed = false;
    for (const QJsonValue &s : parseObject(run.out).value(u"ServerlessCacheSnapshots").toArray())
        listed = listed || s.toObject().value(u"ServerlessCacheSnapshotName").toString() == u"cli-sl-1";
    QVERIFY(listed);

    run = cli(common
              + QStringList {u"wait"_s, u"snapshot-available"_s, u"--snapshot-name"_s, u"cli-sl-1"_s, u"--timeout"_s,
                             u"60"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));

    run = cli(common
              + QStringList {u"copy-serverless-cache-snapshot"_s, u"--source-serverless-cache-snapshot-name"_s,
                             u"cli-sl-1"_s, u"--target-serverless-cache-snapshot-name"_s, u"cli-sl-2"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(parseObject(run.out)
                 .value(u"ServerlessCacheSnapshot")
                 .toObject()
                 .value(u"ServerlessCacheSnapshotName")
                 .toString(),
             u"cli-sl-2"_s);

    run = cli(common
              + QStringList {u"wait"_s, u"snapshot-available"_s, u"--snapshot-name"_s, u"cli-sl-2"_s, u"--timeout"_s,
                             u"60"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    run = cli(
        common
        + QStringList {u"delete-serverless-cache-snapshot"_s, u"--serverless-cache-snapshot-name"_s, u"cli-sl-2"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QTRY_VERIFY_WITH_TIMEOUT(cli(common
                                 + QStringList {u"describe-serverless-cache-snapshots"_s,
                                                u"--serverless-cache-snapshot-name"_s, u"cli-sl-2"_s})
                                     .exitCode
                                 == 254,
                             20000);
}

void TestCli::exportNodeBased()
{
    const QJsonObject source = firstAvailableSnapshot(true);
    QVERIFY(!source.isEmpty());
    const QString name = source.value(u"SnapshotName").toString();
    const qsizetype shards = std::max<qsizetype>(1, source.value(u"NodeSnapshots").toArray().size());
    QVERIFY(QDir(m_live->s3Root()).mkpath(u"cli-exports"_s));

    // Default target name: derived from the source, listed per shard.
    Run run = cli({u"--endpoint-url"_s, m_live->url(), u"export-snapshot"_s, u"--snapshot-name"_s, name, u"--bucket"_s,
                   u"cli-exports"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    static const QRegularExpression objectLine(u"^  s3://cli-exports/(\\S+-\\d{4}\\.rdb)$"_s,
                                               QRegularExpression::MultilineOption);
    QStringList keys;
    for (auto it = objectLine.globalMatch(QString::fromUtf8(run.out)); it.hasNext();)
        keys.append(it.next().captured(1));
    QCOMPARE(keys.size(), shards);
    for (const QString &key : keys) {
        QVERIFY2(key.startsWith(name.left(10).toLower().replace(u'.', u'-')), qPrintable(key));
        QTRY_VERIFY2_WITH_TIMEOUT(QFileInfo::exists(m_live->s3Root() + u"/cli-exports/"_s + key), qPrintable(key),
                                  20000);
    }

    // An explicit target name, with JSON output: stdout is CopySnapshot's document, the objects go to stderr.
    QTRY_COMPARE_WITH_TIMEOUT(
        listSnapshots({u"--snapshot-name"_s, name}).at(0).toObject().value(u"SnapshotStatus").toString(),
        u"available"_s, 20000);
    run = cli({u"--endpoint-url"_s, m_live->url(), u"--output"_s, u"json"_s, u"export-snapshot"_s, u"--snapshot-name"_s,
               name, u"--bucket"_s, u"cli-exports"_s, u"--target-snapshot-name"_s, u"Named-Export"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY(parseObject(run.out).contains(u"Snapshot"));
    QVERIFY2(run.err.contains("s3://cli-exports/named-export-0001.rdb"), qPrintable(describe(run)));
    // The sandbox writes the objects one after another.
    QTRY_COMPARE_WITH_TIMEOUT(QDir(m_live->s3Root() + u"/cli-exports"_s).entryList({u"named-export-*.rdb"_s}).size(),
                              shards, 20000);
    QVERIFY(QFileInfo::exists(m_live->s3Root() + u"/cli-exports/named-export-0001.rdb"_s));
}

void TestCli::exportServerless()
{
    QJsonObject source;
    for (const QJsonValue &value : listServerlessSnapshots()) {
        if (value.toObject().value(u"Status").toString() == u"available")
            source = value.toObject();
    }
    QVERIFY(!source.isEmpty());
    const QString name = source.value(u"ServerlessCacheSnapshotName").toString();
    QVERIFY(QDir(m_live->s3Root()).mkpath(u"cli-sl-exports"_s));

    Run run = cli({u"--endpoint-url"_s, m_live->url(), u"export-snapshot"_s, u"--snapshot-name"_s, name, u"--bucket"_s,
                   u"cli-sl-exports"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY(run.out.contains("ExportServerlessCacheSnapshot"));
    static const QRegularExpression objectLine(u"^  s3://cli-sl-exports/(\\S+\\.rdb)$"_s,
                                               QRegularExpression::MultilineOption);
    const auto match = objectLine.match(QString::fromUtf8(run.out));
    QVERIFY2(match.hasMatch(), qPrintable(describe(run)));
    QTRY_VERIFY2_WITH_TIMEOUT(QFileInfo::exists(m_live->s3Root() + u"/cli-sl-exports/"_s + match.captured(1)),
                              qPrintable(QDir(m_live->s3Root() + u"/cli-sl-exports"_s).entryList().join(u' ')), 20000);

    // A serverless export cannot be renamed.
    run = cli({u"--endpoint-url"_s, m_live->url(), u"export-snapshot"_s, u"--snapshot-name"_s, name, u"--bucket"_s,
               u"cli-sl-exports"_s, u"--target-snapshot-name"_s, u"other"_s});
    QCOMPARE(run.exitCode, 2);
}

void TestCli::exportErrors()
{
    const QJsonObject source = firstAvailableSnapshot(false);
    QVERIFY(!source.isEmpty());
    // No such bucket under --s3-root: the service's own error.
    Run run = cli({u"--endpoint-url"_s, m_live->url(), u"export-snapshot"_s, u"--snapshot-name"_s,
                   source.value(u"SnapshotName").toString(), u"--bucket"_s, u"no-such-bucket"_s});
    QCOMPARE(run.exitCode, 254);
    QVERIFY2(run.err.contains("when calling the CopySnapshot operation"), qPrintable(describe(run)));
    QVERIFY(run.err.contains("no-such-bucket"));
    // No such snapshot of either kind.
    run = cli({u"--endpoint-url"_s, m_live->url(), u"export-snapshot"_s, u"--snapshot-name"_s, u"nothing-here"_s,
               u"--bucket"_s, u"cli-exports"_s});
    QCOMPARE(run.exitCode, 254);
    QVERIFY2(run.err.contains("An error occurred (SnapshotNotFoundFault)"), qPrintable(describe(run)));
}

void TestCli::waitSnapshotAvailable()
{
    const QJsonObject source = firstAvailableSnapshot(false);
    QVERIFY(!source.isEmpty());
    const QString group = source.value(u"ReplicationGroupId").toString();
    const QStringList sourceOption = group.isEmpty()
        ? QStringList {u"--cache-cluster-id"_s, source.value(u"CacheClusterId").toString()}
        : QStringList {u"--replication-group-id"_s, group};
    Run run = cli(
        QStringList {u"--endpoint-url"_s, m_live->url(), u"create-snapshot"_s, u"--snapshot-name"_s, u"cli-wait-1"_s}
        + sourceOption);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    run = cli({u"--endpoint-url"_s, m_live->url(), u"wait"_s, u"snapshot-available"_s, u"--snapshot-name"_s,
               u"cli-wait-1"_s, u"--timeout"_s, u"60"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(
        listSnapshots({u"--snapshot-name"_s, u"cli-wait-1"_s}).at(0).toObject().value(u"SnapshotStatus").toString(),
        u"available"_s);
}

void TestCli::waitFailures_data()
{
    QTest::addColumn<QString>("snapshot");
    QTest::addColumn<QString>("message");

    QTest::newRow("missing") << u"no-such-snapshot"_s << u"not found"_s;
    QTest::newRow("timeout") << u"cli-slow-1"_s << u"timed out after 2 s"_s;
}

void TestCli::waitFailures()
{
    QFETCH(QString, snapshot);
    QFETCH(QString, message);
    if (snapshot == u"cli-slow-1") {
        // In the static sandbox a new snapshot stays "creating" for hours.
        const Run clusters
            = cli({u"--endpoint-url"_s, m_static->url(), u"--output"_s, u"json"_s, u"describe-cache-clusters"_s});
        QCOMPARE(clusters.exitCode, 0);
        QString cluster;
        for (const QJsonValue &c : parseObject(clusters.out).value(u"CacheClusters").toArray()) {
            const QJsonObject o = c.toObject();
            if (o.value(u"CacheClusterStatus").toString() == u"available"
                && o.value(u"ReplicationGroupId").isUndefined() && o.value(u"Engine").toString() != u"memcached")
                cluster = o.value(u"CacheClusterId").toString();
        }
        QVERIFY(!cluster.isEmpty());
        const Run create = cli({u"--endpoint-url"_s, m_static->url(), u"create-snapshot"_s, u"--snapshot-name"_s,
                                snapshot, u"--cache-cluster-id"_s, cluster});
        QVERIFY2(create.exitCode == 0, qPrintable(describe(create)));
    }
    const Run run = cli({u"--endpoint-url"_s, m_static->url(), u"wait"_s, u"snapshot-available"_s, u"--snapshot-name"_s,
                         snapshot, u"--timeout"_s, u"2"_s});
    QCOMPARE(run.exitCode, 255);
    QVERIFY2(run.err.contains("Waiter SnapshotAvailable failed"), qPrintable(describe(run)));
    QVERIFY2(QString::fromUtf8(run.err).contains(message), qPrintable(describe(run)));
}

void TestCli::debugRedactsSecrets()
{
    const QByteArray token = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN0123456789";
    QProcessEnvironment env = baseEnvironment(m_home.path());
    env.insert(u"AWS_SESSION_TOKEN"_s, QString::fromLatin1(token));
    const Run run = cli({u"--endpoint-url"_s, m_static->url(), u"--debug"_s, u"describe-snapshots"_s,
                         u"--snapshot-name"_s, u"missing-snap"_s},
                        env);
    QCOMPARE(run.exitCode, 254);
    // The log shows the exchange...
    QVERIFY2(run.err.contains("DescribeSnapshots"), qPrintable(describe(run)));
    QVERIFY2(run.err.contains("SnapshotName=missing-snap"), qPrintable(describe(run)));
    QVERIFY2(run.err.contains("SnapshotNotFoundFault"), qPrintable(describe(run)));
    QVERIFY2(run.err.contains(kAccessKey), qPrintable(describe(run))); // the key id is not a secret
    // ...but never a secret or a signature.
    QVERIFY(!run.err.contains(kSecretKey));
    QVERIFY(!run.err.contains(token));
    static const QRegularExpression signature(u"Signature=[0-9a-f]{16}"_s);
    QVERIFY2(!signature.match(QString::fromUtf8(run.err)).hasMatch(), qPrintable(describe(run)));
    // stdout stays clean for scripts.
    QVERIFY(run.out.isEmpty());
}

// An answer that is not the Query protocol's document is reported as the AWS CLI reports it (botocore's
// ResponseParserError: exit 255, "Unable to parse response (…)", not retried), while a proxy's bare 5xx page is an
// HTTP error named by its status and retried, as botocore does.
void TestCli::unparseableAnswers_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<int>("requests");
    QTest::addColumn<QString>("stderrStart");
    QTest::addColumn<bool>("sameAsV1"); // the AWS CLI v1 prints the same (reason aside) and exits 255

    const QString unparseable = u"\nUnable to parse response ("_s;
    // What Python's http.server sends for send_error(500): HTML that is not XML.
    QTest::newRow("HTML 500 page") << 500
                                   << QByteArray("<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n        <meta "
                                                 "charset=\"utf-8\">\n        <title>Error response</title>\n    "
                                                 "</head>\n    <body>\n        <h1>Error response</h1>\n    </body>\n"
                                                 "</html>\n")
                                   << 255 << 1 << unparseable << true;
    QTest::newRow("garbage 200") << 200 << QByteArray("hello garbage") << 255 << 1 << unparseable << true;
    QTest::newRow("empty 200") << 200 << QByteArray() << 255 << 1 << unparseable << true;
    // botocore fails with a bare KeyError here ("'DescribeSnapshotsResult'"); ours names what is wrong.
    QTest::newRow("XML that is not the answer")
        << 200 << QByteArray("<Foo><Bar>x</Bar></Foo>") << 255 << 1
        << unparseable + u"Unreadable DescribeSnapshots answer: expected"_s << false;
    // botocore reads a 200 as a result whatever it holds; an <ErrorResponse> in one is the service's error to us.
    QTest::newRow("ErrorResponse in a 200")
        << 200
        << QByteArray("<ErrorResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\"><Error><Type>Sender"
                      "</Type><Code>CacheClusterNotFound</Code><Message>Cluster x not found.</Message></Error>"
                      "<RequestId>rid-200</RequestId></ErrorResponse>")
        << 254 << 1
        << u"\nAn error occurred (CacheClusterNotFound) when calling the DescribeSnapshots operation: Cluster x not "
           "found.\n"_s
        << false;
    QTest::newRow("proxy <html> 502, retried")
        << 502 << QByteArray("<html><body><h1>502 Bad Gateway</h1></body></html>") << 254 << 3
        << u"\nAn error occurred (502) when calling the DescribeSnapshots operation (reached max retries: 2): Bad "
           "Gateway\n"_s
        << true;
}

void TestCli::unparseableAnswers()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(int, exitCode);
    QFETCH(int, requests);
    QFETCH(QString, stderrStart);
    QFETCH(bool, sameAsV1);

    QProcessEnvironment env = baseEnvironment(m_home.path());
    env.insert(u"AWS_RETRY_MODE"_s, u"standard"_s);
    env.insert(u"AWS_MAX_ATTEMPTS"_s, u"3"_s);
    const QStringList arguments {u"describe-snapshots"_s};
    {
        FixedAnswerServer server(status, status == 200 ? "OK" : "Error", "text/html", body);
        const Run ours = cli(QStringList {u"--endpoint-url"_s, server.url()} + arguments, env);
        QVERIFY2(ours.exitCode == exitCode, qPrintable(describe(ours)));
        QVERIFY2(QString::fromUtf8(ours.err).startsWith(stderrStart), qPrintable(describe(ours)));
        QVERIFY(ours.out.isEmpty());
        QCOMPARE(server.requests(), requests);
        if (exitCode == 255) {
            // The reason, line and column, then the body on one line, as botocore words it.
            static const QRegularExpression botocore(
                u"^\nUnable to parse response \\([^\n]+\\)(, invalid XML received\\. Further retries may succeed:\n"
                "[^\n]*)?\n$"_s);
            QVERIFY2(botocore.match(QString::fromUtf8(ours.err)).hasMatch(), qPrintable(describe(ours)));
        }
    }
    if (m_awsV1Binary.isEmpty() || !sameAsV1)
        return;
    FixedAnswerServer server(status, status == 200 ? "OK" : "Error", "text/html", body);
    const Run theirs = awsV1(arguments + QStringList {u"--endpoint-url"_s, server.url()}, env);
    QCOMPARE(theirs.exitCode, 255); // v1 exits 255 for service errors too
    QVERIFY2(QString::fromUtf8(theirs.err).startsWith(stderrStart), qPrintable(describe(theirs)));
    QCOMPARE(server.requests(), requests);
}

void TestCli::requestTimeouts_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("intervalMs");
    QTest::addColumn<QString>("message");
    QTest::newRow("body trickled, request timeout")
        << QStringList {u"--cli-request-timeout"_s, u"1"_s} << 100 << u"did not complete within 1 s"_s;
    QTest::newRow("silence, read timeout")
        << QStringList {u"--cli-read-timeout"_s, u"1"_s, u"--cli-request-timeout"_s, u"30"_s} << 4000
        << u"for 1 s (the idle timeout)"_s;
}

// A server that trickles an answer forever (or goes silent) fails the command at the configured timeout.
void TestCli::requestTimeouts()
{
    QFETCH(QStringList, options);
    QFETCH(int, intervalMs);
    QFETCH(QString, message);
    TrickleServer server(intervalMs);
    QElapsedTimer elapsed;
    elapsed.start();
    const Run run
        = cli(QStringList {u"--endpoint-url"_s, server.url()} + options + QStringList {u"describe-snapshots"_s});
    QVERIFY2(run.exitCode == 255, qPrintable(describe(run)));
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.startsWith("\nError when calling the DescribeSnapshots operation: "), qPrintable(describe(run)));
    QVERIFY2(QString::fromUtf8(run.err).contains(message), qPrintable(describe(run)));
    QCOMPARE(server.requests(), 1); // AWS_MAX_ATTEMPTS=1
    QVERIFY2(elapsed.elapsed() < 10000, qPrintable(QString::number(elapsed.elapsed())));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
