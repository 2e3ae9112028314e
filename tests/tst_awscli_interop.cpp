// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The sandbox through the real AWS CLI: every operation it serves, driven with `aws elasticache … --endpoint-url`
// by the pip-installed awscli v1 (botocore) and Debian's awscli v2, checking what they print. If botocore accepts
// and parses everything the sandbox says, the wire form is right.
#include "awscli.h"
#include "queryserializer.h"
#include "sandboxprocess.h"
#include "sigv4.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

// The documented sandbox key pair (docs/sandbox.md).
const QString kAccessKey = u"AKIDSANDBOX"_s;
const QString kSecretKey = u"sandbox-secret-key"_s;
const QString kRegion = u"us-east-1"_s;

constexpr int kSeededSnapshots = 1000; // enough for more than 20 replication groups
constexpr int kStaticSnapshots = kSeededSnapshots + 1; // and "interop-creating", made at the start
constexpr double kLiveSeconds = 3.0; // --snapshot-create-seconds of the live sandbox (copy: same, delete: half)

struct XmlNode
{
    QString name;
    QString text;
    QList<XmlNode> children;
};

// Reads the element the reader is on, with its text and children.
XmlNode readElement(QXmlStreamReader &xml)
{
    XmlNode node;
    node.name = xml.name().toString();
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement())
            node.children.append(readElement(xml));
        else if (xml.isCharacters())
            node.text += xml.text();
        else if (xml.isEndElement())
            break;
    }
    return node;
}

// The <OpResult> element of an answer, or nullopt.
std::optional<XmlNode> resultElement(const QByteArray &body, const QString &action)
{
    QXmlStreamReader xml(body);
    if (!xml.readNextStartElement() || xml.name() != QString(action + u"Response"))
        return std::nullopt;
    while (xml.readNextStartElement()) {
        if (xml.name() == QString(action + u"Result")) {
            XmlNode result = readElement(xml);
            if (xml.hasError())
                return std::nullopt;
            return result;
        }
        xml.skipCurrentElement();
    }
    return std::nullopt;
}

bool sameScalar(const QString &xmlText, const QJsonValue &printed)
{
    switch (printed.type()) {
    case QJsonValue::Bool:
        return xmlText == (printed.toBool() ? u"true" : u"false");
    case QJsonValue::Double:
        return xmlText.toDouble() == printed.toDouble();
    case QJsonValue::String: {
        if (printed.toString() == xmlText)
            return true;
        // awscli v2 prints timestamps in its own ISO 8601 form ("2026-08-09T07:12:39+00:00").
        const QDateTime sent = QDateTime::fromString(xmlText, Qt::ISODateWithMs);
        const QDateTime shown = QDateTime::fromString(printed.toString(), Qt::ISODateWithMs);
        return sent.isValid() && shown.isValid() && sent == shown;
    }
    default:
        return false;
    }
}

// Every element the sandbox sent must be printed, with its value, and nothing else may be: walks the XML and the
// CLI's JSON side by side. Elements listed in absent (paths like "ReplicationGroups[]/Engine") are ones the CLI's
// older model predates, so it drops them by design.
void compareTree(const XmlNode &node, const QJsonValue &printed, const QString &path, const QStringList &absent,
                 QStringList *problems)
{
    if (printed.isArray()) {
        const QJsonArray items = printed.toArray();
        if (items.size() != node.children.size()) {
            problems->append(u"%1: %2 items sent, %3 printed"_s.arg(path).arg(node.children.size()).arg(items.size()));
            return;
        }
        for (int i = 0; i < items.size(); ++i)
            compareTree(node.children.at(i), items.at(i), path + u"[]"_s, absent, problems);
        return;
    }
    if (printed.isObject()) {
        const QJsonObject object = printed.toObject();
        QSet<QString> sent;
        for (const XmlNode &child : node.children) {
            const QString childPath = path.isEmpty() ? child.name : path + u'/' + child.name;
            if (sent.contains(child.name))
                problems->append(childPath + u": sent twice"_s);
            sent.insert(child.name);
            if (!object.contains(child.name)) {
                if (!absent.contains(childPath))
                    problems->append(childPath + u": sent but not printed"_s);
                continue;
            }
            compareTree(child, object.value(child.name), childPath, absent, problems);
        }
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!sent.contains(it.key()))
                problems->append((path.isEmpty() ? it.key() : path + u'/' + it.key()) + u": printed but not sent"_s);
        }
        return;
    }
    if (!node.children.isEmpty()) {
        problems->append(path + u": a structure was sent, a value printed"_s);
        return;
    }
    if (!sameScalar(node.text, printed))
        problems->append(u"%1: sent \"%2\", printed %3"_s.arg(
            path, node.text, QString::fromUtf8(QJsonDocument(QJsonArray {printed}).toJson(QJsonDocument::Compact))));
}

struct CliError
{
    QString code;
    QString operation;
    QString message;
};

// "An error occurred (Code) when calling the Op operation[ (reached max retries: N)]: Message", as both CLIs print.
std::optional<CliError> parseError(const QByteArray &err)
{
    static const QRegularExpression pattern(
        u"^An error occurred \\((\\w+)\\) when calling the (\\w+) operation(?: \\(reached max retries: \\d+\\))?: (.+)$"_s,
        QRegularExpression::MultilineOption);
    const auto match = pattern.match(QString::fromUtf8(err));
    if (!match.hasMatch())
        return std::nullopt;
    return CliError {match.captured(1), match.captured(2), match.captured(3).trimmed()};
}

QStringList names(const QJsonArray &items, const QString &key)
{
    QStringList result;
    for (const QJsonValue &item : items)
        result.append(item.toObject().value(key).toString());
    return result;
}

constexpr auto &params = queryParams; // the short name these tests use (tests/support/testsupport.h)

} // namespace

class TestAwsCliInterop final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void init();

    void pagingReturnsEverySnapshot();
    void pagingOtherLists_data();
    void pagingOtherLists();
    void printsEverythingTheSandboxSends_data();
    void printsEverythingTheSandboxSends();
    void filters_data();
    void filters();
    void serviceErrors_data();
    void serviceErrors();
    void exportErrors_data();
    void exportErrors();
    void signatureRefusals_data();
    void signatureRefusals();
    void snapshotLifeCycle();
    void serverlessLifeCycle();

private:
    ProgramRun aws(const SandboxProcess &sandbox, const QStringList &arguments, const QProcessEnvironment &env = {});
    QByteArray rawAnswer(const SandboxProcess &sandbox, const QString &action, const QueryParams &members);
    QJsonArray rawAll(const SandboxProcess &sandbox, const QString &action, const QString &listElement,
                      const QString &limitName, int limit, const QString &tokenName, const QString &idElement);
    bool cliHasServerless();
    QString statusOf(const QString &name, bool serverless, qint64 *returnedAtMs = nullptr);
    QStringList pollStatus(const QString &name, bool serverless, const QString &until, int timeoutMs = 30000);
    QString prefixed(const QString &name) const;
    void writeBucket(const QString &root, const QString &name, const QJsonObject &settings);

    QString m_cli; // the program of the current global row
    QString m_tag; // "v1" or "v2": keeps the names two CLIs create apart
    int m_errorExit = 0; // 255 (v1) or 254 (v2)
    QTemporaryDir m_home;
    QHash<QString, bool> m_serverless; // per program: does its model know the serverless operations
    QElapsedTimer m_clock;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    // Snapshots that stay as they are for hours: paging, printing, filters, errors.
    std::unique_ptr<SandboxProcess> m_static;
    // Life cycles of a few seconds and a quota of one manual snapshot per source and day.
    std::unique_ptr<SandboxProcess> m_live;
    // Clocks 10 minutes ahead and behind, and 4 minutes ahead (still inside the 5-minute window).
    std::unique_ptr<SandboxProcess> m_ahead;
    std::unique_ptr<SandboxProcess> m_behind;
    std::unique_ptr<SandboxProcess> m_nearlyAhead;
};

void TestAwsCliInterop::initTestCase_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("tag");
    QTest::addColumn<int>("errorExit");

    // `aws` on PATH is the pip-installed v1; /usr/bin/aws is Debian's v2. Each row runs only if that CLI is there.
    const AwsClis clis = findAwsClis();
    QTest::newRow("awscli-v1") << clis.v1 << u"v1"_s << 255;
    QTest::newRow("awscli-v2") << clis.v2 << u"v2"_s << 254;
}

void TestAwsCliInterop::initTestCase()
{
    m_clock.start();
    QVERIFY(m_home.isValid());
    m_nam = std::make_unique<QNetworkAccessManager>();

    const auto start = [](std::unique_ptr<SandboxProcess> &sandbox, const QStringList &arguments) {
        sandbox = std::make_unique<SandboxProcess>();
        return sandbox->start(arguments);
    };
    QVERIFY2(start(m_static,
                   {u"--seed"_s, u"21"_s, u"--seed-snapshots"_s, QString::number(kSeededSnapshots),
                    u"--snapshot-create-seconds"_s, u"36000"_s}),
             qPrintable(m_static->error()));
    QVERIFY2(start(m_live,
                   {u"--seed"_s, u"22"_s, u"--seed-snapshots"_s, u"60"_s, u"--snapshot-create-seconds"_s,
                    QString::number(kLiveSeconds), u"--manual-snapshots-per-day"_s, u"1"_s,
                    u"--serverless-snapshots-per-day"_s, u"1"_s}),
             qPrintable(m_live->error()));
    QVERIFY2(start(m_ahead, {u"--seed-snapshots"_s, u"5"_s, u"--clock-offset-seconds"_s, u"600"_s}),
             qPrintable(m_ahead->error()));
    QVERIFY2(start(m_behind, {u"--seed-snapshots"_s, u"5"_s, u"--clock-offset-seconds"_s, u"-600"_s}),
             qPrintable(m_behind->error()));
    QVERIFY2(start(m_nearlyAhead, {u"--seed-snapshots"_s, u"5"_s, u"--clock-offset-seconds"_s, u"240"_s}),
             qPrintable(m_nearlyAhead->error()));

    // The static sandbox's buckets, one per documented export refusal, and a snapshot that stays "creating".
    const QString root = m_static->s3Root();
    writeBucket(root, u"exports"_s, {});
    writeBucket(root, u"far-away"_s, {{u"region"_s, u"eu-west-1"_s}});
    writeBucket(root, u"someone-else"_s, {{u"ownerAccountId"_s, u"210987654321"_s}});
    writeBucket(root, u"locked"_s, {{u"callerPermitted"_s, false}});
    writeBucket(root, u"no-read"_s, {{u"grants"_s, QJsonArray {u"WRITE"_s, u"READ_ACP"_s}}});
    writeBucket(root, u"no-write"_s, {{u"grants"_s, QJsonArray {u"READ"_s, u"READ_ACP"_s}}});
    writeBucket(root, u"no-acp"_s, {{u"grants"_s, QJsonArray {u"READ"_s, u"WRITE"_s}}});
    QFile taken(root + u"/exports/taken-0001.rdb"_s);
    QVERIFY(taken.open(QIODevice::WriteOnly));
    taken.write("REDIS0011");
    taken.close();
    writeBucket(m_live->s3Root(), u"exports"_s, {});

    const QByteArray created
        = rawAnswer(*m_static, u"CreateSnapshot"_s,
                    params({{u"ReplicationGroupId", u"demo-valkey-rg"_s}, {u"SnapshotName", u"interop-creating"_s}}));
    QVERIFY2(created.contains("<SnapshotStatus>creating</SnapshotStatus>"), created.constData());
}

void TestAwsCliInterop::init()
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

ProgramRun TestAwsCliInterop::aws(const SandboxProcess &sandbox, const QStringList &arguments,
                                  const QProcessEnvironment &env)
{
    const QProcessEnvironment environment
        = env.isEmpty() ? isolatedAwsEnvironment(m_home.path(), kAccessKey, kSecretKey, kRegion) : env;
    return runProgram(m_cli,
                      QStringList {u"elasticache"_s} + arguments
                          + QStringList {u"--endpoint-url"_s, sandbox.url(), u"--output"_s, u"json"_s},
                      environment);
}

QByteArray TestAwsCliInterop::rawAnswer(const SandboxProcess &sandbox, const QString &action,
                                        const QueryParams &members)
{
    SigV4::Request request;
    request.method = "POST";
    request.path = "/";
    request.headers = {{"Host", "127.0.0.1:" + QByteArray::number(sandbox.port())},
                       {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    request.body = QuerySerializer::formBody(action, members);
    SigV4::SigningParams signing;
    signing.accessKeyId = kAccessKey;
    signing.secretAccessKey = kSecretKey;
    signing.region = kRegion;
    signing.time = QDateTime::currentDateTimeUtc();
    SigV4::sign(request, signing);
    QNetworkRequest networkRequest {QUrl(sandbox.url() + u'/')};
    for (const auto &[name, value] : request.headers) {
        if (name.compare("host", Qt::CaseInsensitive) != 0)
            networkRequest.setRawHeader(name, value);
    }
    QNetworkReply *reply = m_nam->post(networkRequest, request.body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(20000))
        reply->abort();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

// Every item of a list operation, paged by hand over the wire with big pages: the truth the CLI's paging must match.
QJsonArray TestAwsCliInterop::rawAll(const SandboxProcess &sandbox, const QString &action, const QString &listElement,
                                     const QString &limitName, int limit, const QString &tokenName,
                                     const QString &idElement)
{
    QJsonArray ids;
    QString token;
    for (int pages = 0; pages < 1000; ++pages) {
        QueryParams members {{limitName, QString::number(limit)}};
        if (!token.isEmpty())
            members.append({tokenName, token});
        const auto result = resultElement(rawAnswer(sandbox, action, members), action);
        if (!result)
            return {};
        token.clear();
        for (const XmlNode &child : result->children) {
            if (child.name == tokenName)
                token = child.text;
            if (child.name != listElement)
                continue;
            for (const XmlNode &item : child.children) {
                for (const XmlNode &member : item.children) {
                    if (member.name == idElement)
                        ids.append(member.text);
                }
            }
        }
        if (token.isEmpty())
            break;
    }
    return ids;
}

bool TestAwsCliInterop::cliHasServerless()
{
    const auto it = m_serverless.constFind(m_cli);
    if (it != m_serverless.cend())
        return *it;
    // An unknown option makes the CLI stop before sending anything; an unknown operation is an "Invalid choice".
    const ProgramRun probe
        = runProgram(m_cli, {u"elasticache"_s, u"describe-serverless-caches"_s, u"--cachesnap-probe"_s},
                     isolatedAwsEnvironment(m_home.path(), kAccessKey, kSecretKey, kRegion));
    const bool known = !probe.err.contains("Invalid choice");
    m_serverless.insert(m_cli, known);
    return known;
}

QString TestAwsCliInterop::prefixed(const QString &name) const
{
    return m_tag + u'-' + name;
}

void TestAwsCliInterop::writeBucket(const QString &root, const QString &name, const QJsonObject &settings)
{
    const QString folder = root + u'/' + name;
    QVERIFY(QDir().mkpath(folder));
    if (settings.isEmpty())
        return;
    QFile file(folder + u"/.bucket.json"_s);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(settings).toJson());
}

// The status the CLI prints for one snapshot of the live sandbox, or the error code it prints.
QString TestAwsCliInterop::statusOf(const QString &name, bool serverless, qint64 *returnedAtMs)
{
    const ProgramRun run = serverless
        ? aws(*m_live, {u"describe-serverless-cache-snapshots"_s, u"--serverless-cache-snapshot-name"_s, name})
        : aws(*m_live, {u"describe-snapshots"_s, u"--snapshot-name"_s, name});
    if (returnedAtMs)
        *returnedAtMs = m_clock.elapsed();
    if (run.exitCode != 0) {
        const auto error = parseError(run.err);
        return error ? error->code : u"exit %1"_s.arg(run.exitCode);
    }
    const QJsonArray items
        = parseObject(run.out).value(serverless ? u"ServerlessCacheSnapshots" : u"Snapshots").toArray();
    if (items.size() != 1)
        return u"%1 snapshots"_s.arg(items.size());
    return items.first().toObject().value(serverless ? u"Status" : u"SnapshotStatus").toString();
}

// Asks until the status is until; returns every status seen, in order.
QStringList TestAwsCliInterop::pollStatus(const QString &name, bool serverless, const QString &until, int timeoutMs)
{
    QStringList seen;
    const qint64 deadline = m_clock.elapsed() + timeoutMs;
    while (m_clock.elapsed() < deadline) {
        seen.append(statusOf(name, serverless));
        if (seen.last() == until)
            break;
        QTest::qWait(1000);
    }
    return seen;
}

void TestAwsCliInterop::pagingReturnsEverySnapshot()
{
    const ProgramRun all = aws(*m_static, {u"describe-snapshots"_s, u"--page-size"_s, u"20"_s});
    QVERIFY2(all.exitCode == 0, qPrintable(describe(all)));
    const QJsonObject printed = parseObject(all.out);
    QCOMPARE(printed.keys(), QStringList {u"Snapshots"_s}); // one merged list, no marker
    const QStringList every = names(printed.value(u"Snapshots").toArray(), u"SnapshotName"_s);
    QCOMPARE(every.size(), kStaticSnapshots);
    QCOMPARE(QSet<QString>(every.cbegin(), every.cend()).size(), kStaticSnapshots);

    // The CLI's own resume token wraps the sandbox's opaque marker (and a cut mid-page); resuming goes on exactly
    // where it stopped.
    const ProgramRun head
        = aws(*m_static, {u"describe-snapshots"_s, u"--page-size"_s, u"20"_s, u"--max-items"_s, u"30"_s});
    QVERIFY2(head.exitCode == 0, qPrintable(describe(head)));
    const QJsonObject first = parseObject(head.out);
    const QString token = first.value(u"NextToken").toString();
    QVERIFY(!token.isEmpty());
    const ProgramRun tail = aws(
        *m_static,
        {u"describe-snapshots"_s, u"--page-size"_s, u"20"_s, u"--starting-token"_s, token, u"--max-items"_s, u"45"_s});
    QVERIFY2(tail.exitCode == 0, qPrintable(describe(tail)));
    const QStringList resumed = names(first.value(u"Snapshots").toArray(), u"SnapshotName"_s)
        + names(parseObject(tail.out).value(u"Snapshots").toArray(), u"SnapshotName"_s);
    QCOMPARE(resumed.size(), 75);
    QCOMPARE(resumed, every.mid(0, 75));
}

void TestAwsCliInterop::pagingOtherLists_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("pageSize");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("listElement");
    QTest::addColumn<QString>("limitName");
    QTest::addColumn<int>("bigPage");
    QTest::addColumn<QString>("tokenName");
    QTest::addColumn<QString>("idElement");
    QTest::addColumn<bool>("serverless");
    QTest::newRow("cache clusters") << u"describe-cache-clusters"_s << u"20"_s << u"DescribeCacheClusters"_s
                                    << u"CacheClusters"_s << u"MaxRecords"_s << 100 << u"Marker"_s
                                    << u"CacheClusterId"_s << false;
    QTest::newRow("replication groups") << u"describe-replication-groups"_s << u"20"_s << u"DescribeReplicationGroups"_s
                                        << u"ReplicationGroups"_s << u"MaxRecords"_s << 100 << u"Marker"_s
                                        << u"ReplicationGroupId"_s << false;
    QTest::newRow("serverless caches") << u"describe-serverless-caches"_s << u"3"_s << u"DescribeServerlessCaches"_s
                                       << u"ServerlessCaches"_s << u"MaxResults"_s << 100 << u"NextToken"_s
                                       << u"ServerlessCacheName"_s << true;
    QTest::newRow("serverless snapshots")
        << u"describe-serverless-cache-snapshots"_s << u"20"_s << u"DescribeServerlessCacheSnapshots"_s
        << u"ServerlessCacheSnapshots"_s << u"MaxResults"_s << 50 << u"NextToken"_s << u"ServerlessCacheSnapshotName"_s
        << true;
}

void TestAwsCliInterop::pagingOtherLists()
{
    QFETCH(QString, command);
    QFETCH(QString, pageSize);
    QFETCH(QString, action);
    QFETCH(QString, listElement);
    QFETCH(QString, limitName);
    QFETCH(int, bigPage);
    QFETCH(QString, tokenName);
    QFETCH(QString, idElement);
    QFETCH(bool, serverless);
    if (serverless && !cliHasServerless())
        QSKIP("this AWS CLI's model predates the serverless operations");

    const QJsonArray truth = rawAll(*m_static, action, listElement, limitName, bigPage, tokenName, idElement);
    QVERIFY2(truth.size() > pageSize.toInt(), "the seeded account must need more than one page");
    const ProgramRun run = aws(*m_static, {command, u"--page-size"_s, pageSize});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonObject printed = parseObject(run.out);
    QCOMPARE(printed.keys(), QStringList {listElement});
    QStringList expected;
    for (const QJsonValue &id : truth)
        expected.append(id.toString());
    QCOMPARE(names(printed.value(listElement).toArray(), idElement), expected);
}

void TestAwsCliInterop::printsEverythingTheSandboxSends_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QueryParams>("members");
    QTest::addColumn<bool>("serverless");
    // Paths of members Debian's awscli 2.9.19 model predates (it drops them); awscli v1 must print everything.
    QTest::addColumn<QStringList>("newerMembers");

    QTest::newRow("snapshots with shard configuration")
        << QStringList {u"describe-snapshots"_s, u"--show-node-group-config"_s, u"--max-records"_s, u"50"_s}
        << u"DescribeSnapshots"_s << params({{u"MaxRecords", u"50"_s}, {u"ShowNodeGroupConfig", u"true"_s}}) << false
        << QStringList();
    QTest::newRow("one snapshot of a replication group")
        << QStringList {u"describe-snapshots"_s, u"--snapshot-name"_s, u"demo-valkey-rg-manual"_s}
        << u"DescribeSnapshots"_s << params({{u"SnapshotName", u"demo-valkey-rg-manual"_s}}) << false << QStringList();
    QTest::newRow("cache clusters") << QStringList {u"describe-cache-clusters"_s, u"--max-records"_s, u"100"_s}
                                    << u"DescribeCacheClusters"_s << params({{u"MaxRecords", u"100"_s}}) << false
                                    << QStringList();
    QTest::newRow("replication groups") << QStringList {u"describe-replication-groups"_s, u"--max-records"_s, u"100"_s}
                                        << u"DescribeReplicationGroups"_s << params({{u"MaxRecords", u"100"_s}})
                                        << false
                                        << QStringList {u"ReplicationGroups[]/Engine"_s,
                                                        u"ReplicationGroups[]/ClusterMode"_s};
    QTest::newRow("serverless caches") << QStringList {u"describe-serverless-caches"_s, u"--max-results"_s, u"50"_s}
                                       << u"DescribeServerlessCaches"_s << params({{u"MaxResults", u"50"_s}}) << true
                                       << QStringList();
    QTest::newRow("serverless snapshots")
        << QStringList {u"describe-serverless-cache-snapshots"_s, u"--max-results"_s, u"50"_s}
        << u"DescribeServerlessCacheSnapshots"_s << params({{u"MaxResults", u"50"_s}}) << true << QStringList();
}

void TestAwsCliInterop::printsEverythingTheSandboxSends()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, action);
    QFETCH(QueryParams, members);
    QFETCH(bool, serverless);
    QFETCH(QStringList, newerMembers);
    if (serverless && !cliHasServerless())
        QSKIP("this AWS CLI's model predates the serverless operations");

    const QByteArray sent = rawAnswer(*m_static, action, members);
    const auto result = resultElement(sent, action);
    QVERIFY2(result, sent.left(400).constData());
    const ProgramRun run = aws(*m_static, arguments);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonObject printed = parseObject(run.out);
    QVERIFY(!printed.isEmpty());
    QStringList problems;
    compareTree(*result, printed, QString(), m_tag == u"v2" ? newerMembers : QStringList(), &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 20).join(u'\n')));
}

void TestAwsCliInterop::filters_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("member");
    QTest::addColumn<QString>("expected");
    // One cluster's automatic snapshots, so botocore does not spend seconds parsing most of the account.
    QTest::newRow("system") << QStringList {u"--cache-cluster-id"_s, u"demo-redis-001"_s, u"--snapshot-source"_s,
                                            u"system"_s}
                            << u"SnapshotSource"_s << u"automated"_s;
    QTest::newRow("user") << QStringList {u"--snapshot-source"_s, u"user"_s} << u"SnapshotSource"_s << u"manual"_s;
    QTest::newRow("replication group") << QStringList {u"--replication-group-id"_s, u"demo-valkey-rg"_s}
                                       << u"ReplicationGroupId"_s << u"demo-valkey-rg"_s;
}

void TestAwsCliInterop::filters()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, member);
    QFETCH(QString, expected);
    const ProgramRun run = aws(*m_static, QStringList {u"describe-snapshots"_s, u"--page-size"_s, u"50"_s} + arguments);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonArray snapshots = parseObject(run.out).value(u"Snapshots").toArray();
    QVERIFY(!snapshots.isEmpty());
    QVERIFY(snapshots.size() < kStaticSnapshots);
    for (const QJsonValue &snapshot : snapshots)
        QCOMPARE(snapshot.toObject().value(member).toString(), expected);
}

void TestAwsCliInterop::serviceErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message"); // a part of the printed message
    QTest::addColumn<bool>("serverless");

    const auto row = [](const char *name, const QStringList &arguments, const QString &operation, const QString &code,
                        const QString &message, bool serverless = false) {
        QTest::newRow(name) << arguments << operation << code << message << serverless;
    };
    row("describe missing snapshot", {u"describe-snapshots"_s, u"--snapshot-name"_s, u"no-such-snap"_s},
        u"DescribeSnapshots"_s, u"SnapshotNotFoundFault"_s, u"no-such-snap"_s);
    // A CR must reach botocore's XML parser as &#13;, or it would be read as LF.
    row("name with a CR, in the message", {u"describe-snapshots"_s, u"--snapshot-name"_s, u"a <&>\rb"_s},
        u"DescribeSnapshots"_s, u"SnapshotNotFoundFault"_s, u"Snapshot a <&>\rb not found."_s);
    row("delete missing snapshot", {u"delete-snapshot"_s, u"--snapshot-name"_s, u"no-such-snap"_s}, u"DeleteSnapshot"_s,
        u"SnapshotNotFoundFault"_s, u"no-such-snap"_s);
    row("describe missing cluster", {u"describe-snapshots"_s, u"--cache-cluster-id"_s, u"no-such-cluster"_s},
        u"DescribeSnapshots"_s, u"CacheClusterNotFound"_s, u"no-such-cluster"_s);
    row("create on missing cluster",
        {u"create-snapshot"_s, u"--cache-cluster-id"_s, u"no-such-cluster"_s, u"--snapshot-name"_s, u"x1"_s},
        u"CreateSnapshot"_s, u"CacheClusterNotFound"_s, u"no-such-cluster"_s);
    row("create on missing group",
        {u"create-snapshot"_s, u"--replication-group-id"_s, u"no-such-group"_s, u"--snapshot-name"_s, u"x1"_s},
        u"CreateSnapshot"_s, u"ReplicationGroupNotFoundFault"_s, u"no-such-group"_s);
    row("create existing, other case",
        {u"create-snapshot"_s, u"--cache-cluster-id"_s, u"demo-redis-001"_s, u"--snapshot-name"_s,
         u"Demo-Before-Upgrade"_s},
        u"CreateSnapshot"_s, u"SnapshotAlreadyExistsFault"_s, u"demo-before-upgrade"_s);
    row("copy onto existing",
        {u"copy-snapshot"_s, u"--source-snapshot-name"_s, u"demo-before-upgrade"_s, u"--target-snapshot-name"_s,
         u"demo-valkey-rg-manual"_s},
        u"CopySnapshot"_s, u"SnapshotAlreadyExistsFault"_s, u"demo-valkey-rg-manual"_s);
    row("copy while creating",
        {u"copy-snapshot"_s, u"--source-snapshot-name"_s, u"interop-creating"_s, u"--target-snapshot-name"_s, u"x1"_s},
        u"CopySnapshot"_s, u"InvalidSnapshotState"_s, u"creating"_s);
    row("page below 20", {u"describe-snapshots"_s, u"--max-records"_s, u"19"_s}, u"DescribeSnapshots"_s,
        u"InvalidParameterValue"_s, u"MaxRecords"_s);
    row("source automated (the filter says system)", {u"describe-snapshots"_s, u"--snapshot-source"_s, u"automated"_s},
        u"DescribeSnapshots"_s, u"InvalidParameterValue"_s, u"SnapshotSource"_s);
    row("name starting with a digit",
        {u"create-snapshot"_s, u"--cache-cluster-id"_s, u"demo-redis-001"_s, u"--snapshot-name"_s, u"1abc"_s},
        u"CreateSnapshot"_s, u"InvalidParameterValue"_s, u"1abc"_s);
    row("cluster and group",
        {u"describe-snapshots"_s, u"--cache-cluster-id"_s, u"demo-redis-001"_s, u"--replication-group-id"_s,
         u"demo-valkey-rg"_s},
        u"DescribeSnapshots"_s, u"InvalidParameterCombination"_s, u"ReplicationGroupId"_s);
    row("serverless snapshot missing",
        {u"describe-serverless-cache-snapshots"_s, u"--serverless-cache-snapshot-name"_s, u"no-such-snap"_s},
        u"DescribeServerlessCacheSnapshots"_s, u"ServerlessCacheSnapshotNotFoundFault"_s, u"no-such-snap"_s, true);
    row("serverless cache missing",
        {u"create-serverless-cache-snapshot"_s, u"--serverless-cache-name"_s, u"no-such-cache"_s,
         u"--serverless-cache-snapshot-name"_s, u"s1"_s},
        u"CreateServerlessCacheSnapshot"_s, u"ServerlessCacheNotFoundFault"_s, u"no-such-cache"_s, true);
    row("serverless memcached export",
        {u"export-serverless-cache-snapshot"_s, u"--serverless-cache-snapshot-name"_s,
         u"demo-memcached-serverless-manual"_s, u"--s3-bucket-name"_s, u"exports"_s},
        u"ExportServerlessCacheSnapshot"_s, u"InvalidParameterValue"_s, u"Valkey and Redis OSS only"_s, true);
}

void TestAwsCliInterop::serviceErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, operation);
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(bool, serverless);
    if (serverless && !cliHasServerless())
        QSKIP("this AWS CLI's model predates the serverless operations");
    const ProgramRun run = aws(*m_static, arguments);
    QVERIFY2(run.exitCode == m_errorExit, qPrintable(describe(run)));
    QVERIFY(run.out.isEmpty());
    const auto error = parseError(run.err);
    QVERIFY2(error, qPrintable(describe(run)));
    QCOMPARE(error->code, code);
    QCOMPARE(error->operation, operation);
    QVERIFY2(error->message.contains(message), qPrintable(error->message));
}

void TestAwsCliInterop::exportErrors_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("bucket");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    const QString source = u"demo-before-upgrade"_s;
    const QString invalid = u"InvalidParameterValue"_s;
    QTest::newRow("bucket missing") << source << u"e1"_s << u"no-such-bucket"_s << QStringList() << invalid
                                    << u"The S3 bucket no-such-bucket does not exist."_s;
    QTest::newRow("other region") << source << u"e1"_s << u"far-away"_s << QStringList() << invalid
                                  << u"The S3 bucket far-away is outside of the region."_s;
    QTest::newRow("not owned") << source << u"e1"_s << u"someone-else"_s << QStringList() << invalid
                               << u"The S3 bucket someone-else is not owned by the authenticated user."_s;
    QTest::newRow("caller not permitted")
        << source << u"e1"_s << u"locked"_s << QStringList() << invalid
        << u"The authenticated user does not have sufficient permissions to perform the desired activity."_s;
    QTest::newRow("no READ") << source << u"e1"_s << u"no-read"_s << QStringList() << invalid
                             << u"ElastiCache has not been granted READ permissions no-read on the S3 Bucket."_s;
    QTest::newRow("no WRITE") << source << u"e1"_s << u"no-write"_s << QStringList() << invalid
                              << u"ElastiCache has not been granted WRITE permissions no-write on the S3 Bucket."_s;
    QTest::newRow("no READ_ACP") << source << u"e1"_s << u"no-acp"_s << QStringList() << invalid
                                 << u"ElastiCache has not been granted READ_ACP permissions no-acp on the S3 Bucket."_s;
    QTest::newRow("object exists") << source << u"Taken"_s << u"exports"_s << QStringList() << invalid
                                   << u"The S3 bucket exports already contains an object with key taken-0001.rdb."_s;
    QTest::newRow("data tiering") << u"demo-tiered-manual"_s << u"e1"_s << u"exports"_s << QStringList() << invalid
                                  << u"data tiering"_s;
    QTest::newRow("customer KMS key") << source << u"e1"_s << u"exports"_s
                                      << QStringList {u"--kms-key-id"_s, u"alias/mine"_s}
                                      << u"InvalidParameterCombination"_s << u"KmsKeyId"_s;
}

void TestAwsCliInterop::exportErrors()
{
    QFETCH(QString, source);
    QFETCH(QString, target);
    QFETCH(QString, bucket);
    QFETCH(QStringList, extra);
    QFETCH(QString, code);
    QFETCH(QString, message);
    const QStringList before = QDir(m_static->s3Root() + u"/exports"_s).entryList(QDir::Files);
    const ProgramRun run = aws(*m_static,
                               QStringList {u"copy-snapshot"_s, u"--source-snapshot-name"_s, source,
                                            u"--target-snapshot-name"_s, target, u"--target-bucket"_s, bucket}
                                   + extra);
    QVERIFY2(run.exitCode == m_errorExit, qPrintable(describe(run)));
    QVERIFY(run.out.isEmpty());
    const auto error = parseError(run.err);
    QVERIFY2(error, qPrintable(describe(run)));
    QCOMPARE(error->operation, u"CopySnapshot"_s);
    QCOMPARE(error->code, code);
    QVERIFY2(error->message.contains(message), qPrintable(error->message));
    QCOMPARE(QDir(m_static->s3Root() + u"/exports"_s).entryList(QDir::Files), before);
}

void TestAwsCliInterop::signatureRefusals_data()
{
    QTest::addColumn<QString>("clock"); // which sandbox: "" (right), "ahead", "behind", "nearly ahead"
    QTest::addColumn<QString>("accessKeyId");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("code"); // empty: accepted
    QTest::addColumn<QString>("message");
    QTest::newRow("wrong secret") << QString() << kAccessKey << u"not-the-secret"_s << kRegion
                                  << u"SignatureDoesNotMatch"_s << u"The request signature we calculated"_s;
    QTest::newRow("unknown key") << QString() << u"AKIDUNKNOWNKEY"_s << kSecretKey << kRegion
                                 << u"InvalidClientTokenId"_s
                                 << u"The security token included in the request is invalid"_s;
    QTest::newRow("other region") << QString() << kAccessKey << kSecretKey << u"eu-west-1"_s
                                  << u"SignatureDoesNotMatch"_s << u"Credential should be scoped to a valid region"_s;
    QTest::newRow("client 10 minutes slow")
        << u"ahead"_s << kAccessKey << kSecretKey << kRegion << u"SignatureDoesNotMatch"_s << u"Signature expired: "_s;
    QTest::newRow("client 10 minutes fast") << u"behind"_s << kAccessKey << kSecretKey << kRegion
                                            << u"SignatureDoesNotMatch"_s << u"Signature not yet current: "_s;
    QTest::newRow("client 4 minutes slow")
        << u"nearly ahead"_s << kAccessKey << kSecretKey << kRegion << QString() << QString();
}

void TestAwsCliInterop::signatureRefusals()
{
    QFETCH(QString, clock);
    QFETCH(QString, accessKeyId);
    QFETCH(QString, secret);
    QFETCH(QString, region);
    QFETCH(QString, code);
    QFETCH(QString, message);
    const SandboxProcess &sandbox = clock == u"ahead" ? *m_ahead
        : clock == u"behind"                          ? *m_behind
        : clock == u"nearly ahead"                    ? *m_nearlyAhead
                                                      : *m_static;
    const ProgramRun run = aws(sandbox, {u"describe-snapshots"_s, u"--snapshot-name"_s, u"demo-before-upgrade"_s},
                               isolatedAwsEnvironment(m_home.path(), accessKeyId, secret, region));
    if (code.isEmpty()) {
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QCOMPARE(names(parseObject(run.out).value(u"Snapshots").toArray(), u"SnapshotName"_s),
                 QStringList {u"demo-before-upgrade"_s});
        return;
    }
    QVERIFY2(run.exitCode == m_errorExit, qPrintable(describe(run)));
    QVERIFY(run.out.isEmpty());
    const auto error = parseError(run.err);
    QVERIFY2(error, qPrintable(describe(run)));
    QCOMPARE(error->code, code);
    QVERIFY2(error->message.startsWith(message), qPrintable(error->message));
}

void TestAwsCliInterop::snapshotLifeCycle()
{
    // awscli v1 snapshots a single-node cluster, v2 a cluster-mode replication group (every shard).
    const bool group = m_tag == u"v2";
    const QStringList sourceArguments = group ? QStringList {u"--replication-group-id"_s, u"demo-valkey-rg"_s}
                                              : QStringList {u"--cache-cluster-id"_s, u"demo-redis-001"_s};
    const QString life = prefixed(u"life"_s);
    const QString copyName = prefixed(u"life-copy"_s);
    const QString exportName = prefixed(u"export"_s);

    // An export runs meanwhile: the source stays copying, then one object per shard appears in the bucket.
    ProgramRun run = aws(*m_live,
                         {u"copy-snapshot"_s, u"--source-snapshot-name"_s, u"demo-valkey-rg-manual"_s,
                          u"--target-snapshot-name"_s, exportName.toUpper(), u"--target-bucket"_s, u"exports"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QJsonObject printed = parseObject(run.out).value(u"Snapshot").toObject();
    QCOMPARE(printed.value(u"SnapshotName").toString(), u"demo-valkey-rg-manual"_s);
    QCOMPARE(printed.value(u"SnapshotStatus").toString(), u"copying"_s);

    // Create: creating, then available. The name is stored lowercase.
    run = aws(*m_live,
              QStringList {u"create-snapshot"_s, u"--snapshot-name"_s, life.toUpper(), u"--tags"_s,
                           u"Key=team,Value=ops & data"_s}
                  + sourceArguments);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonObject created = parseObject(run.out).value(u"Snapshot").toObject();
    QCOMPARE(created.value(u"SnapshotName").toString(), life);
    QCOMPARE(created.value(u"SnapshotStatus").toString(), u"creating"_s);
    QCOMPARE(created.value(u"SnapshotSource").toString(), u"manual"_s);
    QCOMPARE(created.value(u"NodeSnapshots").toArray().size(), group ? 3 : 1);
    QStringList seen = pollStatus(life, false, u"available"_s);
    QCOMPARE(seen.last(), u"available"_s);
    seen.removeLast();
    QCOMPARE(seen, QStringList(seen.size(), u"creating"_s));
    // What the create printed is what the sandbox holds (the status aside, which moved on).
    {
        const auto held = resultElement(rawAnswer(*m_live, u"DescribeSnapshots"_s, params({{u"SnapshotName", life}})),
                                        u"DescribeSnapshots"_s);
        QVERIFY(held && !held->children.isEmpty() && !held->children.first().children.isEmpty());
        XmlNode snapshot = held->children.first().children.first();
        QJsonObject expected = created;
        for (XmlNode &member : snapshot.children) {
            if (member.name == u"SnapshotStatus")
                member.text = u"creating"_s;
        }
        QStringList problems;
        compareTree(snapshot, expected, u"Snapshot"_s, {}, &problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    // The export (started first, same duration) is done by now or soon.
    QCOMPARE(pollStatus(u"demo-valkey-rg-manual"_s, false, u"available"_s).last(), u"available"_s);
    const QDir bucket(m_live->s3Root() + u"/exports"_s);
    const QStringList objects {exportName + u"-0001.rdb", exportName + u"-0002.rdb", exportName + u"-0003.rdb"};
    for (const QString &object : objects) {
        QFile file(bucket.filePath(object));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(object));
        QVERIFY(file.readAll().startsWith("REDIS"));
    }

    // Copy: the target is a manual snapshot being created while the source is copying; both end available.
    const qint64 copyStarted = m_clock.elapsed();
    run = aws(*m_live, {u"copy-snapshot"_s, u"--source-snapshot-name"_s, life, u"--target-snapshot-name"_s, copyName});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonObject copied = parseObject(run.out).value(u"Snapshot").toObject();
    QCOMPARE(copied.value(u"SnapshotName").toString(), copyName);
    QCOMPARE(copied.value(u"SnapshotStatus").toString(), u"creating"_s);
    QCOMPARE(copied.value(u"SnapshotSource").toString(), u"manual"_s);
    qint64 askedBy = 0;
    const QString during = statusOf(life, false, &askedBy);
    // Only an answer that came back before the copy could have finished must say copying.
    if (askedBy - copyStarted < qint64(kLiveSeconds * 1000))
        QCOMPARE(during, u"copying"_s);
    else
        QVERIFY2(during == u"copying" || during == u"available", qPrintable(during));
    seen = pollStatus(copyName, false, u"available"_s);
    QCOMPARE(seen.last(), u"available"_s);
    seen.removeLast();
    QCOMPARE(seen, QStringList(seen.size(), u"creating"_s));
    QCOMPARE(pollStatus(life, false, u"available"_s).last(), u"available"_s);

    // Delete: deleting, then gone.
    run = aws(*m_live, {u"delete-snapshot"_s, u"--snapshot-name"_s, copyName});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(parseObject(run.out).value(u"Snapshot").toObject().value(u"SnapshotStatus").toString(), u"deleting"_s);
    seen = pollStatus(copyName, false, u"SnapshotNotFoundFault"_s);
    QCOMPARE(seen.last(), u"SnapshotNotFoundFault"_s);
    seen.removeLast();
    QCOMPARE(seen, QStringList(seen.size(), u"deleting"_s));

    // The live sandbox allows one manual snapshot per source and day.
    run = aws(*m_live,
              QStringList {u"create-snapshot"_s, u"--snapshot-name"_s, prefixed(u"life-2"_s)} + sourceArguments);
    QVERIFY2(run.exitCode == m_errorExit, qPrintable(describe(run)));
    const auto error = parseError(run.err);
    QVERIFY2(error, qPrintable(describe(run)));
    QCOMPARE(error->code, u"SnapshotQuotaExceededFault"_s);
    QCOMPARE(error->operation, u"CreateSnapshot"_s);
}

void TestAwsCliInterop::serverlessLifeCycle()
{
    if (!cliHasServerless())
        QSKIP("this AWS CLI's model predates the serverless operations");
    const QString first = prefixed(u"sl-first"_s);
    const QString second = prefixed(u"sl-second"_s);

    ProgramRun run
        = aws(*m_live,
              {u"create-serverless-cache-snapshot"_s, u"--serverless-cache-name"_s, u"demo-serverless"_s,
               u"--serverless-cache-snapshot-name"_s, first.toUpper(), u"--tags"_s, u"Key=team,Value=ops"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QJsonObject printed = parseObject(run.out).value(u"ServerlessCacheSnapshot").toObject();
    QCOMPARE(printed.value(u"ServerlessCacheSnapshotName").toString(), first);
    QCOMPARE(printed.value(u"Status").toString(), u"creating"_s);
    QCOMPARE(printed.value(u"SnapshotType").toString(), u"manual"_s);
    QCOMPARE(printed.value(u"ServerlessCacheConfiguration").toObject().value(u"ServerlessCacheName").toString(),
             u"demo-serverless"_s);
    QStringList seen = pollStatus(first, true, u"available"_s);
    QCOMPARE(seen.last(), u"available"_s);
    seen.removeLast();
    QCOMPARE(seen, QStringList(seen.size(), u"creating"_s));

    const qint64 copyStarted = m_clock.elapsed();
    run = aws(*m_live,
              {u"copy-serverless-cache-snapshot"_s, u"--source-serverless-cache-snapshot-name"_s, first,
               u"--target-serverless-cache-snapshot-name"_s, second});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    printed = parseObject(run.out).value(u"ServerlessCacheSnapshot").toObject();
    QCOMPARE(printed.value(u"ServerlessCacheSnapshotName").toString(), second);
    QCOMPARE(printed.value(u"Status").toString(), u"creating"_s);
    qint64 askedBy = 0;
    const QString during = statusOf(first, true, &askedBy);
    if (askedBy - copyStarted < qint64(kLiveSeconds * 1000))
        QCOMPARE(during, u"copying"_s);
    QCOMPARE(pollStatus(second, true, u"available"_s).last(), u"available"_s);
    QCOMPARE(pollStatus(first, true, u"available"_s).last(), u"available"_s);

    // Export: copying while it runs (there is no "exporting" status), then the object is in the bucket.
    run = aws(*m_live,
              {u"export-serverless-cache-snapshot"_s, u"--serverless-cache-snapshot-name"_s, second,
               u"--s3-bucket-name"_s, u"exports"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(parseObject(run.out).value(u"ServerlessCacheSnapshot").toObject().value(u"Status").toString(),
             u"copying"_s);
    QCOMPARE(pollStatus(second, true, u"available"_s).last(), u"available"_s);
    QFile object(m_live->s3Root() + u"/exports/"_s + second + u"-0001.rdb"_s);
    QVERIFY(object.open(QIODevice::ReadOnly));
    QVERIFY(object.readAll().startsWith("REDIS"));

    run = aws(*m_live, {u"delete-serverless-cache-snapshot"_s, u"--serverless-cache-snapshot-name"_s, second});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(parseObject(run.out).value(u"ServerlessCacheSnapshot").toObject().value(u"Status").toString(),
             u"deleting"_s);
    seen = pollStatus(second, true, u"ServerlessCacheSnapshotNotFoundFault"_s);
    QCOMPARE(seen.last(), u"ServerlessCacheSnapshotNotFoundFault"_s);
    seen.removeLast();
    QCOMPARE(seen, QStringList(seen.size(), u"deleting"_s));

    // One manual snapshot per serverless cache and day in the live sandbox.
    run = aws(*m_live,
              {u"create-serverless-cache-snapshot"_s, u"--serverless-cache-name"_s, u"demo-serverless"_s,
               u"--serverless-cache-snapshot-name"_s, prefixed(u"sl-third"_s)});
    QVERIFY2(run.exitCode == m_errorExit, qPrintable(describe(run)));
    const auto error = parseError(run.err);
    QVERIFY2(error, qPrintable(describe(run)));
    QCOMPARE(error->code, u"ServerlessCacheSnapshotQuotaExceededFault"_s);
}

QTEST_GUILESS_MAIN(TestAwsCliInterop)
#include "tst_awscli_interop.moc"
