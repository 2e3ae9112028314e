// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The sandbox through the real AWS CLI: every operation it serves, driven with `aws elasticache … --endpoint-url`
// by the pip-installed awscli v1 (botocore) and Debian's awscli v2, checking what they print. If botocore accepts
// and parses everything the sandbox says, the wire form is right.
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

namespace {

// The documented sandbox key pair (docs/sandbox.md).
const QString kAccessKey = u"AKIDSANDBOX"_qs;
const QString kSecretKey = u"sandbox-secret-key"_qs;
const QString kRegion = u"us-east-1"_qs;

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
            problems->append(u"%1: %2 items sent, %3 printed"_qs.arg(path).arg(node.children.size()).arg(items.size()));
            return;
        }
        for (int i = 0; i < items.size(); ++i)
            compareTree(node.children.at(i), items.at(i), path + u"[]"_qs, absent, problems);
        return;
    }
    if (printed.isObject()) {
        const QJsonObject object = printed.toObject();
        QSet<QString> sent;
        for (const XmlNode &child : node.children) {
            const QString childPath = path.isEmpty() ? child.name : path + u'/' + child.name;
            if (sent.contains(child.name))
                problems->append(childPath + u": sent twice"_qs);
            sent.insert(child.name);
            if (!object.contains(child.name)) {
                if (!absent.contains(childPath))
                    problems->append(childPath + u": sent but not printed"_qs);
                continue;
            }
            compareTree(child, object.value(child.name), childPath, absent, problems);
        }
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!sent.contains(it.key()))
                problems->append((path.isEmpty() ? it.key() : path + u'/' + it.key()) + u": printed but not sent"_qs);
        }
        return;
    }
    if (!node.children.isEmpty()) {
        problems->append(path + u": a structure was sent, a value printed"_qs);
        return;
    }
    if (!sameScalar(node.text, printed))
        problems->append(u"%1: sent \"%2\", printed %3"_qs.arg(
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
        u"^An error occurred \\((\\w+)\\) when calling the (\\w+) operation(?: \\(reached max retries: \\d+\\))?: (.+)$"_qs,
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

// The AWS CLI's real program: a pyenv shim re-execs through bash and pyenv on every call, which costs time.
QString resolveShim(const QString &path)
{
    if (!path.contains(u"/shims/"))
        return path;
    const QString pyenv = QFileInfo(QFileInfo(path).absolutePath() + u"/../bin/pyenv"_qs).absoluteFilePath();
    const QString program = QFileInfo(pyenv).isExecutable() ? pyenv : QStandardPaths::findExecutable(u"pyenv"_qs);
    if (program.isEmpty())
        return path;
    const ProgramRun which
        = runProgram(program, {u"which"_qs, QFileInfo(path).fileName()}, QProcessEnvironment::systemEnvironment());
    const QString resolved = QString::fromUtf8(which.out).trimmed();
    return which.exitCode == 0 && QFileInfo(resolved).isExecutable() ? resolved : path;
}

QString cliVersion(const QString &program)
{
    if (program.isEmpty())
        return {};
    const ProgramRun run = runProgram(program, {u"--version"_qs}, QProcessEnvironment::systemEnvironment());
    // awscli v1 printed its version on stderr in older releases.
    return QString::fromUtf8(run.out + run.err).trimmed();
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
    QString v1;
    QString v2;
    QStringList candidates {QStandardPaths::findExecutable(u"aws"_qs), u"/usr/bin/aws"_qs};
    for (const QString &candidate : candidates) {
        if (candidate.isEmpty() || !QFileInfo(candidate).isExecutable())
            continue;
        const QString version = cliVersion(candidate);
        if (version.startsWith(u"aws-cli/1.") && v1.isEmpty())
            v1 = resolveShim(candidate);
        else if (version.startsWith(u"aws-cli/2.") && v2.isEmpty())
            v2 = candidate;
    }
    QTest::newRow("awscli-v1") << v1 << u"v1"_qs << 255;
    QTest::newRow("awscli-v2") << v2 << u"v2"_qs << 254;
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
                   {u"--seed"_qs, u"21"_qs, u"--seed-snapshots"_qs, QString::number(kSeededSnapshots),
                    u"--snapshot-create-seconds"_qs, u"36000"_qs}),
             qPrintable(m_static->error()));
    QVERIFY2(start(m_live,
                   {u"--seed"_qs, u"22"_qs, u"--seed-snapshots"_qs, u"60"_qs, u"--snapshot-create-seconds"_qs,
                    QString::number(kLiveSeconds), u"--manual-snapshots-per-day"_qs, u"1"_qs,
                    u"--serverless-snapshots-per-day"_qs, u"1"_qs}),
             qPrintable(m_live->error()));
    QVERIFY2(start(m_ahead, {u"--seed-snapshots"_qs, u"5"_qs, u"--clock-offset-seconds"_qs, u"600"_qs}),
             qPrintable(m_ahead->error()));
    QVERIFY2(start(m_behind, {u"--seed-snapshots"_qs, u"5"_qs, u"--clock-offset-seconds"_qs, u"-600"_qs}),
             qPrintable(m_behind->error()));
    QVERIFY2(start(m_nearlyAhead, {u"--seed-snapshots"_qs, u"5"_qs, u"--clock-offset-seconds"_qs, u"240"_qs}),
             qPrintable(m_nearlyAhead->error()));

    // The static sandbox's buckets, one per documented export refusal, and a snapshot that stays "creating".
    const QString root = m_static->s3Root();
    writeBucket(root, u"exports"_qs, {});
    writeBucket(root, u"far-away"_qs, {{u"region"_qs, u"eu-west-1"_qs}});
    writeBucket(root, u"someone-else"_qs, {{u"ownerAccountId"_qs, u"210987654321"_qs}});
    writeBucket(root, u"locked"_qs, {{u"callerPermitted"_qs, false}});
    writeBucket(root, u"no-read"_qs, {{u"grants"_qs, QJsonArray {u"WRITE"_qs, u"READ_ACP"_qs}}});
    writeBucket(root, u"no-write"_qs, {{u"grants"_qs, QJsonArray {u"READ"_qs, u"READ_ACP"_qs}}});
    writeBucket(root, u"no-acp"_qs, {{u"grants"_qs, QJsonArray {u"READ"_qs, u"WRITE"_qs}}});
    QFile taken(root + u"/exports/taken-0001.rdb"_qs);
    QVERIFY(taken.open(QIODevice::WriteOnly));
    taken.write("REDIS0011");
    taken.close();
    writeBucket(m_live->s3Root(), u"exports"_qs, {});

    const QByteArray created
        = rawAnswer(*m_static, u"CreateSnapshot"_qs,
                    params({{u"ReplicationGroupId", u"demo-valkey-rg"_qs}, {u"SnapshotName", u"interop-creating"_qs}}));
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
                      QStringList {u"elasticache"_qs} + arguments
                          + QStringList {u"--endpoint-url"_qs, sandbox.url(), u"--output"_qs, u"json"_qs},
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
        = runProgram(m_cli, {u"elasticache"_qs, u"describe-serverless-caches"_qs, u"--cachesnap-probe"_qs},
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
    QFile file(folder + u"/.bucket.json"_qs);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(settings).toJson());
}

// The status the CLI prints for one snapshot of the live sandbox, or the error code it prints.
QString TestAwsCliInterop::statusOf(const QString &name, bool serverless, qint64 *returnedAtMs)
{
    const ProgramRun run = serverless
        ? aws(*m_live, {u"describe-serverless-cache-snapshots"_qs, u"--serverless-cache-snapshot-name"_qs, name})
        : aws(*m_live, {u"describe-snapshots"_qs, u"--snapshot-name"_qs, name});
    if (returnedAtMs)
        *returnedAtMs = m_clock.elapsed();
    if (run.exitCode != 0) {
        const auto error = parseError(run.err);
        return error ? error->code : u"exit %1"_qs.arg(run.exitCode);
    }
    const QJsonArray items
        = parseObject(run.out).value(serverless ? u"ServerlessCacheSnapshots" : u"Snapshots").toArray();
    if (items.size() != 1)
        return u"%1 snapshots"_qs.arg(items.size());
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
    const ProgramRun all = aws(*m_static, {u"describe-snapshots"_qs, u"--page-size"_qs, u"20"_qs});
    QVERIFY2(all.exitCode == 0, qPrintable(describe(all)));
    const QJsonObject printed = parseObject(all.out);
    QCOMPARE(printed.keys(), QStringList {u"Snapshots"_qs}); // one merged list, no marker
    const QStringList every = names(printed.value(u"Snapshots").toArray(), u"SnapshotName"_qs);
    QCOMPARE(every.size(), kStaticSnapshots);
    QCOMPARE(QSet<QString>(every.cbegin(), every.cend()).size(), kStaticSnapshots);

    // The CLI's own resume token wraps the sandbox's opaque marker (and a cut mid-page); resuming goes on exactly
    // where it stopped.
    const ProgramRun head
        = aws(*m_static, {u"describe-snapshots"_qs, u"--page-size"_qs, u"20"_qs, u"--max-items"_qs, u"30"_qs});
    QVERIFY2(head.exitCode == 0, qPrintable(describe(head)));
    const QJsonObject first = parseObject(head.out);
    const QString token = first.value(u"NextToken").toString();
    QVERIFY(!token.isEmpty());
    const ProgramRun tail = aws(*m_static,
                                {u"describe-snapshots"_qs, u"--page-size"_qs, u"20"_qs, u"--starting-token"_qs, token,
                                 u"--max-items"_qs, u"45"_qs});
    QVERIFY2(tail.exitCode == 0, qPrintable(describe(tail)));
    const QStringList resumed = names(first.value(u"Snapshots").toArray(), u"SnapshotName"_qs)
        + names(parseObject(tail.out).value(u"Snapshots").toArray(), u"SnapshotName"_qs);
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
    QTest::newRow("cache clusters") << u"describe-cache-clusters"_qs << u"20"_qs << u"DescribeCacheClusters"_qs
                                    << u"CacheClusters"_qs << u"MaxRecords"_qs << 100 << u"Marker"_qs
                                    << u"CacheClusterId"_qs << false;
    QTest::newRow("replication groups") << u"describe-replication-groups"_qs << u"20"_qs
                                        << u"DescribeReplicationGroups"_qs << u"ReplicationGroups"_qs
                                        << u"MaxRecords"_qs << 100 << u"Marker"_qs << u"ReplicationGroupId"_qs << false;
    QTest::newRow("serverless caches") << u"describe-serverless-caches"_qs << u"3"_qs << u"DescribeServerlessCaches"_qs
                                       << u"ServerlessCaches"_qs << u"MaxResults"_qs << 100 << u"NextToken"_qs
                                       << u"ServerlessCacheName"_qs << true;
    QTest::newRow("serverless snapshots")
        << u"describe-serverless-cache-snapshots"_qs << u"20"_qs << u"DescribeServerlessCacheSnapshots"_qs
        << u"ServerlessCacheSnapshots"_qs << u"MaxResults"_qs << 50 << u"NextToken"_qs
        << u"ServerlessCacheSnapshotName"_qs << true;
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
    const ProgramRun run = aws(*m_static, {command, u"--page-size"_qs, pageSize});
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
        << QStringList {u"describe-snapshots"_qs, u"--show-node-group-config"_qs, u"--max-records"_qs, u"50"_qs}
        << u"DescribeSnapshots"_qs << params({{u"MaxRecords", u"50"_qs}, {u"ShowNodeGroupConfig", u"true"_qs}}) << false
        << QStringList();
    QTest::newRow("one snapshot of a replication group")
        << QStringList {u"describe-snapshots"_qs, u"--snapshot-name"_qs, u"demo-valkey-rg-manual"_qs}
        << u"DescribeSnapshots"_qs << params({{u"SnapshotName", u"demo-valkey-rg-manual"_qs}}) << false
        << QStringList();
    QTest::newRow("cache clusters") << QStringList {u"describe-cache-clusters"_qs, u"--max-records"_qs, u"100"_qs}
                                    << u"DescribeCacheClusters"_qs << params({{u"MaxRecords", u"100"_qs}}) << false
                                    << QStringList();
    QTest::newRow("replication groups") << QStringList {u"describe-replication-groups"_qs, u"--max-records"_qs,
                                                        u"100"_qs}
                                        << u"DescribeReplicationGroups"_qs << params({{u"MaxRecords", u"100"_qs}})
                                        << false << QStringList {u"ReplicationGroups[]/Engine"_qs, u"ReplicationGroups[]/ClusterMode"_qs};
    QTest::newRow("serverless caches") << QStringList {u"describe-serverless-caches"_qs, u"--max-results"_qs, u"50"_qs}
                                       << u"DescribeServerlessCaches"_qs << params({{u"MaxResults", u"50"_qs}}) << true
                                       << QStringList();
    QTest::newRow("serverless snapshots")
        << QStringList {u"describe-serverless-cache-snapshots"_qs, u"--max-results"_qs, u"50"_qs}
        << u"DescribeServerlessCacheSnapshots"_qs << params({{u"MaxResults", u"50"_qs}}) << true << QStringList();
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
    QTest::newRow("system") << QStringList {u"--cache-cluster-id"_qs, u"demo-redis-001"_qs, u"--snapshot-source"_qs,
                                            u"system"_qs}
                            << u"SnapshotSource"_qs << u"automated"_qs;
    QTest::newRow("user") << QStringList {u"--snapshot-source"_qs, u"user"_qs} << u"SnapshotSource"_qs << u"manual"_qs;
    QTest::newRow("replication group") << QStringList {u"--replication-group-id"_qs, u"demo-valkey-rg"_qs}
                                       << u"ReplicationGroupId"_qs << u"demo-valkey-rg"_qs;
}

void TestAwsCliInterop::filters()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, member);
    QFETCH(QString, expected);
    const ProgramRun run
        = aws(*m_static, QStringList {u"describe-snapshots"_qs, u"--page-size"_qs, u"50"_qs} + arguments);
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
    row("describe missing snapshot", {u"describe-snapshots"_qs, u"--snapshot-name"_qs, u"no-such-snap"_qs},
        u"DescribeSnapshots"_qs, u"SnapshotNotFoundFault"_qs, u"no-such-snap"_qs);
    // A CR must reach botocore's XML parser as &#13;, or it would be read as LF.
    row("name with a CR, in the message", {u"describe-snapshots"_qs, u"--snapshot-name"_qs, u"a <&>\rb"_qs},
        u"DescribeSnapshots"_qs, u"SnapshotNotFoundFault"_qs, u"Snapshot a <&>\rb not found."_qs);
    row("delete missing snapshot", {u"delete-snapshot"_qs, u"--snapshot-name"_qs, u"no-such-snap"_qs},
        u"DeleteSnapshot"_qs, u"SnapshotNotFoundFault"_qs, u"no-such-snap"_qs);
    row("describe missing cluster", {u"describe-snapshots"_qs, u"--cache-cluster-id"_qs, u"no-such-cluster"_qs},
        u"DescribeSnapshots"_qs, u"CacheClusterNotFound"_qs, u"no-such-cluster"_qs);
    row("create on missing cluster",
        {u"create-snapshot"_qs, u"--cache-cluster-id"_qs, u"no-such-cluster"_qs, u"--snapshot-name"_qs, u"x1"_qs},
        u"CreateSnapshot"_qs, u"CacheClusterNotFound"_qs, u"no-such-cluster"_qs);
    row("create on missing group",
        {u"create-snapshot"_qs, u"--replication-group-id"_qs, u"no-such-group"_qs, u"--snapshot-name"_qs, u"x1"_qs},
        u"CreateSnapshot"_qs, u"ReplicationGroupNotFoundFault"_qs, u"no-such-group"_qs);
    row("create existing, other case",
        {u"create-snapshot"_qs, u"--cache-cluster-id"_qs, u"demo-redis-001"_qs, u"--snapshot-name"_qs,
         u"Demo-Before-Upgrade"_qs},
        u"CreateSnapshot"_qs, u"SnapshotAlreadyExistsFault"_qs, u"demo-before-upgrade"_qs);
    row("copy onto existing",
        {u"copy-snapshot"_qs, u"--source-snapshot-name"_qs, u"demo-before-upgrade"_qs, u"--target-snapshot-name"_qs,
         u"demo-valkey-rg-manual"_qs},
        u"CopySnapshot"_qs, u"SnapshotAlreadyExistsFault"_qs, u"demo-valkey-rg-manual"_qs);
    row("copy while creating",
        {u"copy-snapshot"_qs, u"--source-snapshot-name"_qs, u"interop-creating"_qs, u"--target-snapshot-name"_qs,
         u"x1"_qs},
        u"CopySnapshot"_qs, u"InvalidSnapshotState"_qs, u"creating"_qs);
    row("page below 20", {u"describe-snapshots"_qs, u"--max-records"_qs, u"19"_qs}, u"DescribeSnapshots"_qs,
        u"InvalidParameterValue"_qs, u"MaxRecords"_qs);
    row("source automated (the filter says system)",
        {u"describe-snapshots"_qs, u"--snapshot-source"_qs, u"automated"_qs}, u"DescribeSnapshots"_qs,
        u"InvalidParameterValue"_qs, u"SnapshotSource"_qs);
    row("name starting with a digit",
        {u"create-snapshot"_qs, u"--cache-cluster-id"_qs, u"demo-redis-001"_qs, u"--snapshot-name"_qs, u"1abc"_qs},
        u"CreateSnapshot"_qs, u"InvalidParameterValue"_qs, u"1abc"_qs);
    row("cluster and group",
        {u"describe-snapshots"_qs, u"--cache-cluster-id"_qs, u"demo-redis-001"_qs, u"--replication-group-id"_qs,
         u"demo-valkey-rg"_qs},
        u"DescribeSnapshots"_qs, u"InvalidParameterCombination"_qs, u"ReplicationGroupId"_qs);
    row("serverless snapshot missing",
        {u"describe-serverless-cache-snapshots"_qs, u"--serverless-cache-snapshot-name"_qs, u"no-such-snap"_qs},
        u"DescribeServerlessCacheSnapshots"_qs, u"ServerlessCacheSnapshotNotFoundFault"_qs, u"no-such-snap"_qs, true);
    row("serverless cache missing",
        {u"create-serverless-cache-snapshot"_qs, u"--serverless-cache-name"_qs, u"no-such-cache"_qs,
         u"--serverless-cache-snapshot-name"_qs, u"s1"_qs},
        u"CreateServerlessCacheSnapshot"_qs, u"ServerlessCacheNotFoundFault"_qs, u"no-such-cache"_qs, true);
    row("serverless memcached export",
        {u"export-serverless-cache-snapshot"_qs, u"--serverless-cache-snapshot-name"_qs,
         u"demo-memcached-serverless-manual"_qs, u"--s3-bucket-name"_qs, u"exports"_qs},
        u"ExportServerlessCacheSnapshot"_qs, u"InvalidParameterValue"_qs, u"Valkey and Redis OSS only"_qs, true);
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
    const QString source = u"demo-before-upgrade"_qs;
    const QString invalid = u"InvalidParameterValue"_qs;
    QTest::newRow("bucket missing") << source << u"e1"_qs << u"no-such-bucket"_qs << QStringList() << invalid
                                    << u"The S3 bucket no-such-bucket does not exist."_qs;
    QTest::newRow("other region") << source << u"e1"_qs << u"far-away"_qs << QStringList() << invalid
                                  << u"The S3 bucket far-away is outside of the region."_qs;
    QTest::newRow("not owned") << source << u"e1"_qs << u"someone-else"_qs << QStringList() << invalid
                               << u"The S3 bucket someone-else is not owned by the authenticated user."_qs;
    QTest::newRow("caller not permitted")
        << source << u"e1"_qs << u"locked"_qs << QStringList() << invalid
        << u"The authenticated user does not have sufficient permissions to perform the desired activity."_qs;
    QTest::newRow("no READ") << source << u"e1"_qs << u"no-read"_qs << QStringList() << invalid
                             << u"ElastiCache has not been granted READ permissions no-read on the S3 Bucket."_qs;
    QTest::newRow("no WRITE") << source << u"e1"_qs << u"no-write"_qs << QStringList() << invalid
                              << u"ElastiCache has not been granted WRITE permissions no-write on the S3 Bucket."_qs;
    QTest::newRow("no READ_ACP")
        << source << u"e1"_qs << u"no-acp"_qs << QStringList() << invalid
        << u"ElastiCache has not been granted READ_ACP permissions no-acp on the S3 Bucket."_qs;
    QTest::newRow("object exists") << source << u"Taken"_qs << u"exports"_qs << QStringList() << invalid
                                   << u"The S3 bucket exports already contains an object with key taken-0001.rdb."_qs;
    QTest::newRow("data tiering") << u"demo-tiered-manual"_qs << u"e1"_qs << u"exports"_qs << QStringList() << invalid
                                  << u"data tiering"_qs;
    QTest::newRow("customer KMS key") << source << u"e1"_qs << u"exports"_qs
                                      << QStringList {u"--kms-key-id"_qs, u"alias/mine"_qs}
                                      << u"InvalidParameterCombination"_qs << u"KmsKeyId"_qs;
}

void TestAwsCliInterop::exportErrors()
{
    QFETCH(QString, source);
    QFETCH(QString, target);
    QFETCH(QString, bucket);
    QFETCH(QStringList, extra);
    QFETCH(QString, code);
    QFETCH(QString, message);
    const QStringList before = QDir(m_static->s3Root() + u"/exports"_qs).entryList(QDir::Files);
    const ProgramRun run = aws(*m_static,
                               QStringList {u"copy-snapshot"_qs, u"--source-snapshot-name"_qs, source,
                                            u"--target-snapshot-name"_qs, target, u"--target-bucket"_qs, bucket}
                                   + extra);
    QVERIFY2(run.exitCode == m_errorExit, qPrintable(describe(run)));
    QVERIFY(run.out.isEmpty());
    const auto error = parseError(run.err);
    QVERIFY2(error, qPrintable(describe(run)));
    QCOMPARE(error->operation, u"CopySnapshot"_qs);
    QCOMPARE(error->code, code);
    QVERIFY2(error->message.contains(message), qPrintable(error->message));
    QCOMPARE(QDir(m_static->s3Root() + u"/exports"_qs).entryList(QDir::Files), before);
}

void TestAwsCliInterop::signatureRefusals_data()
{
    QTest::addColumn<QString>("clock"); // which sandbox: "" (right), "ahead", "behind", "nearly ahead"
    QTest::addColumn<QString>("accessKeyId");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("code"); // empty: accepted
    QTest::addColumn<QString>("message");
    QTest::newRow("wrong secret") << QString() << kAccessKey << u"not-the-secret"_qs << kRegion
                                  << u"SignatureDoesNotMatch"_qs << u"The request signature we calculated"_qs;
    QTest::newRow("unknown key") << QString() << u"AKIDUNKNOWNKEY"_qs << kSecretKey << kRegion
                                 << u"InvalidClientTokenId"_qs
                                 << u"The security token included in the request is invalid"_qs;
    QTest::newRow("other region") << QString() << kAccessKey << kSecretKey << u"eu-west-1"_qs
                                  << u"SignatureDoesNotMatch"_qs << u"Credential should be scoped to a valid region"_qs;
    QTest::newRow("client 10 minutes slow") << u"ahead"_qs << kAccessKey << kSecretKey << kRegion
                                            << u"SignatureDoesNotMatch"_qs << u"Signature expired: "_qs;
    QTest::newRow("client 10 minutes fast") << u"behind"_qs << kAccessKey << kSecretKey << kRegion
                                            << u"SignatureDoesNotMatch"_qs << u"Signature not yet current: "_qs;
    QTest::newRow("client 4 minutes slow")
        << u"nearly ahead"_qs << kAccessKey << kSecretKey << kRegion << QString() << QString();
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
    const ProgramRun run = aws(sandbox, {u"describe-snapshots"_qs, u"--snapshot-name"_qs, u"demo-before-upgrade"_qs},
                               isolatedAwsEnvironment(m_home.path(), accessKeyId, secret, region));
    if (code.isEmpty()) {
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QCOMPARE(names(parseObject(run.out).value(u"Snapshots").toArray(), u"SnapshotName"_qs),
                 QStringList {u"demo-before-upgrade"_qs});
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
    const QStringList sourceArguments = group ? QStringList {u"--replication-group-id"_qs, u"demo-valkey-rg"_qs}
                                              : QStringList {u"--cache-cluster-id"_qs, u"demo-redis-001"_qs};
    const QString life = prefixed(u"life"_qs);
    const QString copyName = prefixed(u"life-copy"_qs);
    const QString exportName = prefixed(u"export"_qs);

    // An export runs meanwhile: the source stays copying, then one object per shard appears in the bucket.
    ProgramRun run = aws(*m_live,
                         {u"copy-snapshot"_qs, u"--source-snapshot-name"_qs, u"demo-valkey-rg-manual"_qs,
                          u"--target-snapshot-name"_qs, exportName.toUpper(), u"--target-bucket"_qs, u"exports"_qs});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QJsonObject printed = parseObject(run.out).value(u"Snapshot").toObject();
    QCOMPARE(printed.value(u"SnapshotName").toString(), u"demo-valkey-rg-manual"_qs);
    QCOMPARE(printed.value(u"SnapshotStatus").toString(), u"copying"_qs);

    // Create: creating, then available. The name is stored lowercase.
    run = aws(*m_live,
              QStringList {u"create-snapshot"_qs, u"--snapshot-name"_qs, life.toUpper(), u"--tags"_qs,
                           u"Key=team,Value=ops & data"_qs}
                  + sourceArguments);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonObject created = parseObject(run.out).value(u"Snapshot").toObject();
    QCOMPARE(created.value(u"SnapshotName").toString(), life);
    QCOMPARE(created.value(u"SnapshotStatus").toString(), u"creating"_qs);
    QCOMPARE(created.value(u"SnapshotSource").toString(), u"manual"_qs);
    QCOMPARE(created.value(u"NodeSnapshots").toArray().size(), group ? 3 : 1);
    QStringList seen = pollStatus(life, false, u"available"_qs);
    QCOMPARE(seen.last(), u"available"_qs);
    seen.removeLast();
    QCOMPARE(seen, QStringList(seen.size(), u"creating"_qs));
    // What the create printed is what the sandbox holds (the status aside, which moved on).
    {
        const auto held = resultElement(rawAnswer(*m_live, u"DescribeSnapshots"_qs, params({{u"SnapshotName", life}})),
                                        u"DescribeSnapshots"_qs);
        QVERIFY(held && !held->children.isEmpty() && !held->children.first().children.isEmpty());
        XmlNode snapshot = held->children.first().children.first();
        QJsonObject expected = created;
        for (XmlNode &member : snapshot.children) {
            if (member.name == u"SnapshotStatus")
                member.text = u"creating"_qs;
        }
        QStringList problems;
        compareTree(snapshot, expected, u"Snapshot"_qs, {}, &problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    // The export (started first, same duration) is done by now or soon.
    QCOMPARE(pollStatus(u"demo-valkey-rg-manual"_qs, false, u"available"_qs).last(), u"available"_qs);
    const QDir bucket(m_live->s3Root() + u"/exports"_qs);
    const QStringList objects {exportName + u"-0001.rdb", exportName + u"-0002.rdb", exportName + u"-0003.rdb"};
    for (const QString &object : objects) {
        QFile file(bucket.filePath(object));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(object));
        QVERIFY(file.readAll().startsWith("REDIS"));
    }

    // Copy: the target is a manual snapshot being created while the source is copying; both end available.
    const qint64 copyStarted = m_clock.elapsed();
    run = aws(*m_live,
              {u"copy-snapshot"_qs, u"--source-snapshot-name"_qs, life, u"--target-snapshot-name"_qs, copyName});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonObject copied = parseObject(run.out).value(u"Snapshot").toObject();
    QCOMPARE(copied.value(u"SnapshotName").toString(), copyName);
    QCOMPARE(copied.value(u"SnapshotStatus").toString(), u"creating"_qs);
    QCOMPARE(copied.value(u"SnapshotSource").toString(), u"manual"_qs);
    qint64 askedBy = 0;
    const QString during = statusOf(life, false, &askedBy);
    // Only an answer that came back before the copy could have finished must say copying.
    if (askedBy - copyStarted < qint64(kLiveSeconds * 1000))
        QCOMPARE(during, u"copying"_qs);
    else
        QVERIFY2(during == u"copying" || during == u"available", qPrintable(during));
    seen = pollStatus(copyName, false, u"available"_qs);
    QCOMPARE(seen.last(), u"available"_qs);
    seen.removeLast();
    QCOMPARE(seen, QStringList(seen.size(), u"creating"_qs));
    QCOMPARE(pollStatus(life, false, u"available"_qs).last(), u"available"_qs);

    // Delete: deleting, then gone.
    run = aws(*m_live, {u"delete-snapshot"_qs, u"--snapshot-name"_qs, copyName});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(parseObject(run.out).value(u"Snapshot").toObject().value(u"SnapshotStatus").toString(), u"deleting"_qs);
    seen = pollStatus(copyName, false, u"SnapshotNotFoundFault"_qs);
    QCOMPARE(seen.last(), u"SnapshotNotFoundFault"_qs);
    seen.removeLast();
    QCOMPARE(seen, QStringList(seen.size(), u"deleting"_qs));

    // The live sandbox allows one manual snapshot per source and day.
    run = aws(*m_live,
              QStringList {u"create-snapshot"_qs, u"--snapshot-name"_qs, prefixed(u"life-2"_qs)} + sourceArguments);
    QVERIFY2(run.exitCode == m_errorExit, qPrintable(describe(run)));
    const auto error = parseError(run.err);
    QVERIFY2(error, qPrintable(describe(run)));
    QCOMPARE(error->code, u"SnapshotQuotaExceededFault"_qs);
    QCOMPARE(error->operation, u"CreateSnapshot"_qs);
}

void TestAwsCliInterop::serverlessLifeCycle()
{
    if (!cliHasServerless())
        QSKIP("this AWS CLI's model predates the serverless operations");
    const QString first = prefixed(u"sl-first"_qs);
    const QString second = prefixed(u"sl-second"_qs);

    ProgramRun run
        = aws(*m_live,
              {u"create-serverless-cache-snapshot"_qs, u"--serverless-cache-name"_qs, u"demo-serverless"_qs,
               u"--serverless-cache-snapshot-name"_qs, first.toUpper(), u"--tags"_qs, u"Key=team,Value=ops"_qs});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QJsonObject printed = parseObject(run.out).value(u"ServerlessCacheSnapshot").toObject();
    QCOMPARE(printed.value(u"ServerlessCacheSnapshotName").toString(), first);
    QCOMPARE(printed.value(u"Status").toString(), u"creating"_qs);
    QCOMPARE(printed.value(u"SnapshotType").toString(), u"manual"_qs);
    QCOMPARE(printed.value(u"ServerlessCacheConfiguration").toObject().value(u"ServerlessCacheName").toString(),
             u"demo-serverless"_qs);
    QStringList seen = pollStatus(first, true, u"available"_qs);
    QCOMPARE(seen.last(), u"available"_qs);
    seen.removeLast();
    QCOMPARE(seen, QStringList(seen.size(), u"creating"_qs));

    const qint64 copyStarted = m_clock.elapsed();
    run = aws(*m_live,
              {u"copy-serverless-cache-snapshot"_qs, u"--source-serverless-cache-snapshot-name"_qs, first,
               u"--target-serverless-cache-snapshot-name"_qs, second});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    printed = parseObject(run.out).value(u"ServerlessCacheSnapshot").toObject();
    QCOMPARE(printed.value(u"ServerlessCacheSnapshotName").toString(), second);
    QCOMPARE(printed.value(u"Status").toString(), u"creating"_qs);
    qint64 askedBy = 0;
    const QString during = statusOf(first, true, &askedBy);
    if (askedBy - copyStarted < qint64(kLiveSeconds * 1000))
        QCOMPARE(during, u"copying"_qs);
    QCOMPARE(pollStatus(second, true, u"available"_qs).last(), u"available"_qs);
    QCOMPARE(pollStatus(first, true, u"available"_qs).last(), u"available"_qs);

    // Export: copying while it runs (there is no "exporting" status), then the object is in the bucket.
    run = aws(*m_live,
              {u"export-serverless-cache-snapshot"_qs, u"--serverless-cache-snapshot-name"_qs, second,
               u"--s3-bucket-name"_qs, u"exports"_qs});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(parseObject(run.out).value(u"ServerlessCacheSnapshot").toObject().value(u"Status").toString(),
             u"copying"_qs);
    QCOMPARE(pollStatus(second, true, u"available"_qs).last(), u"available"_qs);
    QFile object(m_live->s3Root() + u"/exports/"_qs + second + u"-0001.rdb"_qs);
    QVERIFY(object.open(QIODevice::ReadOnly));
    QVERIFY(object.readAll().startsWith("REDIS"));

    run = aws(*m_live, {u"delete-serverless-cache-snapshot"_qs, u"--serverless-cache-snapshot-name"_qs, second});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(parseObject(run.out).value(u"ServerlessCacheSnapshot").toObject().value(u"Status").toString(),
             u"deleting"_qs);
    seen = pollStatus(second, true, u"ServerlessCacheSnapshotNotFoundFault"_qs);
    QCOMPARE(seen.last(), u"ServerlessCacheSnapshotNotFoundFault"_qs);
    seen.removeLast();
    QCOMPARE(seen, QStringList(seen.size(), u"deleting"_qs));

    // One manual snapshot per serverless cache and day in the live sandbox.
    run = aws(*m_live,
              {u"create-serverless-cache-snapshot"_qs, u"--serverless-cache-name"_qs, u"demo-serverless"_qs,
               u"--serverless-cache-snapshot-name"_qs, prefixed(u"sl-third"_qs)});
    QVERIFY2(run.exitCode == m_errorExit, qPrintable(describe(run)));
    const auto error = parseError(run.err);
    QVERIFY2(error, qPrintable(describe(run)));
    QCOMPARE(error->code, u"ServerlessCacheSnapshotQuotaExceededFault"_qs);
}

QTEST_GUILESS_MAIN(TestAwsCliInterop)
#include "tst_awscli_interop.moc"
