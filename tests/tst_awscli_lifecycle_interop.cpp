// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The sandbox's restore, backup-settings, tag and account-catalog operations through the real AWS CLI: one call per
// operation and per notable refusal with the pip-installed awscli v1 (botocore), a few with Debian's awscli v2 (whose
// older model has no serverless operations), checking what they print. If botocore accepts and parses what the
// sandbox says, the wire form is right.
#include "awscli.h"
#include "queryserializer.h"
#include "sandboxprocess.h"
#include "sigv4.h"
#include "testsupport.h"

#include <QFileInfo>
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

const QString kAccessKey = u"AKIDSANDBOX"_s;
const QString kSecretKey = u"sandbox-secret-key"_s;
const QString kRegion = u"us-east-1"_s;
const QString kArn = u"arn:aws:elasticache:us-east-1:123456789012:"_s;
constexpr double kCreateSeconds = 2.0; // --create-seconds of the sandbox

struct XmlNode
{
    QString name;
    QString text;
    QList<XmlNode> children;
};

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
        if (xml.name() == QString(action + u"Result"))
            return readElement(xml);
        xml.skipCurrentElement();
    }
    return std::nullopt;
}

// Every element the sandbox sent is printed with its value, and nothing else is.
void compareTree(const XmlNode &node, const QJsonValue &printed, const QString &path, QStringList *problems)
{
    if (printed.isArray()) {
        const QJsonArray items = printed.toArray();
        if (items.size() != node.children.size()) {
            problems->append(u"%1: %2 items sent, %3 printed"_s.arg(path).arg(node.children.size()).arg(items.size()));
            return;
        }
        for (int i = 0; i < items.size(); ++i)
            compareTree(node.children.at(i), items.at(i), path + u"[]"_s, problems);
        return;
    }
    if (printed.isObject()) {
        const QJsonObject object = printed.toObject();
        QSet<QString> sent;
        for (const XmlNode &child : node.children) {
            const QString childPath = path + u'/' + child.name;
            sent.insert(child.name);
            if (!object.contains(child.name))
                problems->append(childPath + u": sent but not printed"_s);
            else
                compareTree(child, object.value(child.name), childPath, problems);
        }
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!sent.contains(it.key()))
                problems->append(path + u'/' + it.key() + u": printed but not sent"_s);
        }
        return;
    }
    const QString shown = printed.isBool() ? (printed.toBool() ? u"true"_s : u"false"_s)
        : printed.isDouble()               ? QString::number(printed.toDouble())
                                           : printed.toString();
    const bool same = shown == node.text || (printed.isDouble() && node.text.toDouble() == printed.toDouble())
        || (QDateTime::fromString(node.text, Qt::ISODateWithMs).isValid()
            && QDateTime::fromString(node.text, Qt::ISODateWithMs) == QDateTime::fromString(shown, Qt::ISODateWithMs));
    if (!same)
        problems->append(u"%1: sent \"%2\", printed \"%3\""_s.arg(path, node.text, shown));
}

struct CliError
{
    QString code;
    QString operation;
    QString message;
};

// "An error occurred (Code) when calling the Op operation: Message", as both CLIs print.
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

QStringList values(const QJsonArray &items, const QString &key)
{
    QStringList result;
    for (const QJsonValue &item : items)
        result.append(item.toObject().value(key).toString());
    return result;
}

QStringList tagTexts(const QJsonObject &printed)
{
    QStringList result;
    for (const QJsonValue &tag : printed.value(u"TagList"_s).toArray())
        result.append(tag[u"Key"_s].toString() + u'=' + tag[u"Value"_s].toString());
    return result;
}

} // namespace

class TestAwsCliLifecycleInterop final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void catalog();
    void restoreReplicationGroup();
    void restoreRefusals_data();
    void restoreRefusals();
    void restoreClusterAndServerless();
    void backupSettings();
    void backupSettingsRefusals_data();
    void backupSettingsRefusals();
    void tags();
    void tagRefusals_data();
    void tagRefusals();
    void awsCliV2();

private:
    ProgramRun aws(const QString &program, const QStringList &arguments);
    QJsonObject ok(const QStringList &arguments, const QString &program = {});
    QByteArray rawAnswer(const QString &action, const QueryParams &members);
    void comparePrinted(const QString &action, const QueryParams &members, const QJsonObject &printed);
    // The Status of the one resource a Describe call names, read from the sandbox's answer.
    QString statusOf(const QString &action, const QString &parameter, const QString &id);

    QString m_v1;
    QString m_v2;
    QTemporaryDir m_home;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<SandboxProcess> m_sandbox;
};

void TestAwsCliLifecycleInterop::initTestCase()
{
    // `aws` on PATH is the pip-installed v1; /usr/bin/aws is Debian's v2.
    const AwsClis clis = findAwsClis();
    m_v1 = clis.v1;
    m_v2 = clis.v2;
    if (m_v1.isEmpty())
        QSKIP("awscli v1 is not installed");
    QVERIFY(m_home.isValid());
    m_nam = std::make_unique<QNetworkAccessManager>();
    m_sandbox = std::make_unique<SandboxProcess>();
    QVERIFY2(m_sandbox->start({u"--seed"_s, u"31"_s, u"--seed-snapshots"_s, u"30"_s, u"--create-seconds"_s,
                               QString::number(kCreateSeconds), u"--snapshot-create-seconds"_s, u"1"_s}),
             qPrintable(m_sandbox->error()));
}

ProgramRun TestAwsCliLifecycleInterop::aws(const QString &program, const QStringList &arguments)
{
    return runProgram(program,
                      QStringList {u"elasticache"_s} + arguments
                          + QStringList {u"--endpoint-url"_s, m_sandbox->url(), u"--output"_s, u"json"_s},
                      isolatedAwsEnvironment(m_home.path(), kAccessKey, kSecretKey, kRegion));
}

QJsonObject TestAwsCliLifecycleInterop::ok(const QStringList &arguments, const QString &program)
{
    const ProgramRun run = aws(program.isEmpty() ? m_v1 : program, arguments);
    [&] {
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    }();
    return run.out.trimmed().isEmpty() ? QJsonObject() : parseObject(run.out);
}

QByteArray TestAwsCliLifecycleInterop::rawAnswer(const QString &action, const QueryParams &members)
{
    SigV4::Request request;
    request.method = "POST";
    request.path = "/";
    request.headers = {{"Host", "127.0.0.1:" + QByteArray::number(m_sandbox->port())},
                       {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    request.body = QuerySerializer::formBody(action, members);
    SigV4::SigningParams signing;
    signing.accessKeyId = kAccessKey;
    signing.secretAccessKey = kSecretKey;
    signing.region = kRegion;
    signing.time = QDateTime::currentDateTimeUtc();
    SigV4::sign(request, signing);
    QNetworkRequest networkRequest {QUrl(m_sandbox->url() + u'/')};
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

// What the CLI printed is exactly what the sandbox sends for the same request.
void TestAwsCliLifecycleInterop::comparePrinted(const QString &action, const QueryParams &members,
                                                const QJsonObject &printed)
{
    const auto result = resultElement(rawAnswer(action, members), action);
    QVERIFY(result);
    QStringList problems;
    compareTree(*result, printed, action, &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

QString TestAwsCliLifecycleInterop::statusOf(const QString &action, const QString &parameter, const QString &id)
{
    const auto result = resultElement(rawAnswer(action, {{parameter, id}}), action);
    if (!result)
        return {};
    for (const XmlNode &list : result->children) {
        for (const XmlNode &item : list.children) {
            for (const XmlNode &member : item.children) {
                if (member.name == u"Status")
                    return member.text;
            }
        }
    }
    return {};
}

void TestAwsCliLifecycleInterop::catalog()
{
    const QJsonObject subnetGroups = ok({u"describe-cache-subnet-groups"_s});
    QCOMPARE(values(subnetGroups[u"CacheSubnetGroups"_s].toArray(), u"VpcId"_s),
             (QStringList {u"vpc-0e1a5c0de0000d002"_s, u"vpc-0e1a5c0de0000d001"_s, u"vpc-0e1a5c0de0000d001"_s}));
    comparePrinted(u"DescribeCacheSubnetGroups"_s, {}, subnetGroups);
    // --page-size is MaxRecords: the CLI follows the Marker and prints every group once.
    const QJsonObject parameterGroups = ok({u"describe-cache-parameter-groups"_s, u"--page-size"_s, u"20"_s});
    const QStringList names
        = values(parameterGroups[u"CacheParameterGroups"_s].toArray(), u"CacheParameterGroupName"_s);
    QVERIFY(names.contains(u"cachesnap-tuned"_s));
    QVERIFY(names.contains(u"default.valkey8.cluster.on"_s));
    const QJsonObject versions = ok({u"describe-cache-engine-versions"_s, u"--engine"_s, u"valkey"_s});
    QCOMPARE(values(versions[u"CacheEngineVersions"_s].toArray(), u"EngineVersion"_s),
             (QStringList {u"7.2.6"_s, u"8.0.1"_s}));
    comparePrinted(u"DescribeCacheEngineVersions"_s, queryParams({{u"Engine", u"valkey"_s}}), versions);
    const ProgramRun missing
        = aws(m_v1, {u"describe-cache-subnet-groups"_s, u"--cache-subnet-group-name"_s, u"nope"_s});
    QCOMPARE(missing.exitCode, 255);
    QCOMPARE(parseError(missing.err)->code, u"CacheSubnetGroupNotFoundFault"_s);
}

void TestAwsCliLifecycleInterop::restoreReplicationGroup()
{
    const QJsonObject created = ok({u"create-replication-group"_s, u"--replication-group-id"_s, u"cli-restored"_s,
                                    u"--replication-group-description"_s, u"restored by the AWS CLI"_s,
                                    u"--snapshot-name"_s, u"demo-valkey-rg-manual"_s, u"--num-node-groups"_s, u"2"_s,
                                    u"--cache-node-type"_s, u"cache.r7g.large"_s});
    const QJsonObject group = created[u"ReplicationGroup"_s].toObject();
    QCOMPARE(group[u"Status"_s].toString(), u"creating"_s);
    QCOMPARE(group[u"ClusterEnabled"_s].toBool(), true);
    QCOMPARE(group[u"NodeGroups"_s].toArray().size(), 2);
    QCOMPARE(group[u"CacheNodeType"_s].toString(), u"cache.r7g.large"_s);
    // From exported objects in S3.
    const QJsonObject fromS3
        = ok({u"create-replication-group"_s, u"--replication-group-id"_s, u"cli-from-s3"_s,
              u"--replication-group-description"_s, u"from S3"_s, u"--snapshot-arns"_s,
              u"arn:aws:s3:::demo-exports-taken/demo-valkey-rg-manual-0001.rdb"_s,
              u"arn:aws:s3:::demo-exports-taken/demo-valkey-rg-manual-0002.rdb"_s, u"--engine"_s, u"valkey"_s,
              u"--cache-node-type"_s, u"cache.m6g.large"_s, u"--num-node-groups"_s, u"2"_s});
    QCOMPARE(fromS3[u"ReplicationGroup"_s][u"Status"_s].toString(), u"creating"_s);
    // creating → available after --create-seconds; then every member of the group as the sandbox sends it is
    // printed by the CLI (compared once it no longer changes).
    QVERIFY(spinUntil(
        [&] {
            return statusOf(u"DescribeReplicationGroups"_s, u"ReplicationGroupId"_s, u"cli-restored"_s) == u"available";
        },
        int(kCreateSeconds * 1000) + 10000));
    const QJsonObject described
        = ok({u"describe-replication-groups"_s, u"--replication-group-id"_s, u"cli-restored"_s});
    QCOMPARE(described[u"ReplicationGroups"_s][0][u"Status"_s].toString(), u"available"_s);
    comparePrinted(u"DescribeReplicationGroups"_s, queryParams({{u"ReplicationGroupId", u"cli-restored"_s}}),
                   described);
}

void TestAwsCliLifecycleInterop::restoreRefusals_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("messagePart");
    const auto group = [](const QString &id, const QStringList &more) {
        return QStringList {u"create-replication-group"_s, u"--replication-group-id"_s, id,
                            u"--replication-group-description"_s, u"d"_s}
        + more;
    };
    QTest::newRow("group exists") << group(u"demo-valkey-rg"_s, {u"--snapshot-name"_s, u"demo-valkey-rg-manual"_s})
                                  << u"ReplicationGroupAlreadyExists"_s << u"already exists"_s;
    QTest::newRow("no snapshot") << group(u"g1"_s, {u"--snapshot-name"_s, u"no-such-snapshot"_s})
                                 << u"SnapshotNotFoundFault"_s << u"no-such-snapshot"_s;
    QTest::newRow("enabled to disabled") << group(
        u"g1"_s, {u"--snapshot-name"_s, u"demo-valkey-rg-manual"_s, u"--cluster-mode"_s, u"disabled"_s})
                                         << u"InvalidParameterCombination"_s << u"cluster mode disabled"_s;
    QTest::newRow("data tiering onto r6g")
        << group(u"g1"_s, {u"--snapshot-name"_s, u"demo-tiered-manual"_s, u"--cache-node-type"_s, u"cache.r6g.large"_s})
        << u"InvalidParameterCombination"_s << u"r6gd"_s;
    QTest::newRow("several databases into cluster mode")
        << group(u"g1"_s, {u"--snapshot-name"_s, u"demo-multidb-manual"_s, u"--num-node-groups"_s, u"2"_s})
        << u"InvalidParameterCombination"_s << u"more than one database"_s;
    QTest::newRow("name") << group(u"9-lives"_s, {}) << u"InvalidParameterValue"_s << u"not a valid identifier"_s;
    QTest::newRow("cluster exists") << QStringList {u"create-cache-cluster"_s, u"--cache-cluster-id"_s,
                                                    u"demo-redis-001"_s, u"--snapshot-name"_s, u"demo-before-upgrade"_s}
                                    << u"CacheClusterAlreadyExists"_s << u"already exists"_s;
    QTest::newRow("serverless exists") << QStringList {u"create-serverless-cache"_s, u"--serverless-cache-name"_s,
                                                       u"demo-serverless"_s, u"--engine"_s, u"valkey"_s}
                                       << u"ServerlessCacheAlreadyExistsFault"_s << u"already exists"_s;
    QTest::newRow("S3 object missing") << QStringList {u"create-cache-cluster"_s,
                                                       u"--cache-cluster-id"_s,
                                                       u"c1"_s,
                                                       u"--engine"_s,
                                                       u"redis"_s,
                                                       u"--cache-node-type"_s,
                                                       u"cache.m6g.large"_s,
                                                       u"--snapshot-arns"_s,
                                                       u"arn:aws:s3:::demo-exports-taken/absent.rdb"_s}
                                       << u"InvalidParameterValue"_s << u"absent.rdb"_s;
}

void TestAwsCliLifecycleInterop::restoreRefusals()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, code);
    QFETCH(QString, messagePart);
    const ProgramRun run = aws(m_v1, arguments);
    QCOMPARE(run.exitCode, 255);
    const auto error = parseError(run.err);
    QVERIFY2(error, run.err.constData());
    QCOMPARE(error->code, code);
    QVERIFY2(error->message.contains(messagePart), qPrintable(error->message));
}

void TestAwsCliLifecycleInterop::restoreClusterAndServerless()
{
    const QJsonObject cluster
        = ok({u"create-cache-cluster"_s, u"--cache-cluster-id"_s, u"cli-one"_s, u"--snapshot-name"_s,
              u"demo-before-upgrade"_s, u"--tags"_s, u"Key=owner,Value=cli"_s});
    QCOMPARE(cluster[u"CacheCluster"_s][u"CacheClusterStatus"_s].toString(), u"creating"_s);
    QCOMPARE(cluster[u"CacheCluster"_s][u"Engine"_s].toString(), u"redis"_s);
    const QJsonObject serverless
        = ok({u"create-serverless-cache"_s, u"--serverless-cache-name"_s, u"cli-serverless"_s, u"--engine"_s,
              u"valkey"_s, u"--snapshot-arns-to-restore"_s, kArn + u"serverlesscachesnapshot:demo-serverless-manual"_s,
              u"--daily-snapshot-time"_s, u"02:00"_s});
    QCOMPARE(serverless[u"ServerlessCache"_s][u"Status"_s].toString(), u"creating"_s);
    QCOMPARE(serverless[u"ServerlessCache"_s][u"DailySnapshotTime"_s].toString(), u"02:00"_s);
    QVERIFY(spinUntil(
        [&] {
            return statusOf(u"DescribeServerlessCaches"_s, u"ServerlessCacheName"_s, u"cli-serverless"_s)
                == u"available";
        },
        int(kCreateSeconds * 1000) + 10000));
    const QJsonObject listed = ok({u"describe-serverless-caches"_s, u"--serverless-cache-name"_s, u"cli-serverless"_s});
    comparePrinted(u"DescribeServerlessCaches"_s, queryParams({{u"ServerlessCacheName", u"cli-serverless"_s}}), listed);
}

void TestAwsCliLifecycleInterop::backupSettings()
{
    const QJsonObject group
        = ok({u"modify-replication-group"_s, u"--replication-group-id"_s, u"demo-redis-rg"_s,
              u"--snapshot-retention-limit"_s, u"9"_s, u"--snapshot-window"_s, u"01:00-02:30"_s,
              u"--snapshotting-cluster-id"_s, u"demo-redis-rg-001"_s, u"--apply-immediately"_s})[u"ReplicationGroup"_s]
              .toObject();
    QCOMPARE(group[u"SnapshotRetentionLimit"_s].toInt(), 9);
    QCOMPARE(group[u"SnapshotWindow"_s].toString(), u"01:00-02:30"_s);
    QCOMPARE(group[u"SnapshottingClusterId"_s].toString(), u"demo-redis-rg-001"_s);
    const QJsonObject cluster = ok({u"modify-cache-cluster"_s, u"--cache-cluster-id"_s, u"demo-redis-001"_s,
                                    u"--snapshot-retention-limit"_s, u"0"_s})[u"CacheCluster"_s]
                                    .toObject();
    QCOMPARE(cluster[u"SnapshotRetentionLimit"_s].toInt(), 0);
    const QJsonObject serverless
        = ok({u"modify-serverless-cache"_s, u"--serverless-cache-name"_s, u"demo-serverless"_s,
              u"--daily-snapshot-time"_s, u"05:45"_s, u"--snapshot-retention-limit"_s, u"14"_s})[u"ServerlessCache"_s]
              .toObject();
    QCOMPARE(serverless[u"DailySnapshotTime"_s].toString(), u"05:45"_s);
    QCOMPARE(serverless[u"SnapshotRetentionLimit"_s].toInt(), 14);
}

void TestAwsCliLifecycleInterop::backupSettingsRefusals_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("snapshotting cluster, cluster mode")
        << QStringList {u"modify-replication-group"_s, u"--replication-group-id"_s, u"demo-valkey-rg"_s,
                        u"--snapshotting-cluster-id"_s, u"demo-valkey-rg-0001-001"_s}
        << u"InvalidParameterCombination"_s
        << u"Cannot set snapshotting cluster for cluster mode enabled replication group."_s;
    QTest::newRow("windows overlap") << QStringList {u"modify-replication-group"_s, u"--replication-group-id"_s,
                                                     u"demo-redis-rg"_s, u"--snapshot-window"_s, u"04:30-05:30"_s}
                                     << u"InvalidParameterValue"_s
                                     << u"The snapshot window and maintenance window must not overlap."_s;
    QTest::newRow("window of 30 minutes")
        << QStringList {u"modify-cache-cluster"_s, u"--cache-cluster-id"_s, u"demo-redis-001"_s, u"--snapshot-window"_s,
                        u"10:00-10:30"_s}
        << u"InvalidParameterValue"_s << u"Snapshot window must be at least 60 minutes."_s;
    QTest::newRow("retention 36")
        << QStringList {u"modify-serverless-cache"_s, u"--serverless-cache-name"_s, u"demo-serverless"_s,
                        u"--snapshot-retention-limit"_s, u"36"_s}
        << u"InvalidParameterValue"_s
        << u"Invalid snapshot retention limit 36: it must be between 0 and 35 days (0 turns automatic backups off)."_s;
}

void TestAwsCliLifecycleInterop::backupSettingsRefusals()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, code);
    QFETCH(QString, message);
    const ProgramRun run = aws(m_v1, arguments);
    QCOMPARE(run.exitCode, 255);
    const auto error = parseError(run.err);
    QVERIFY2(error, run.err.constData());
    QCOMPARE(error->code, code);
    QCOMPARE(error->message, message);
}

void TestAwsCliLifecycleInterop::tags()
{
    const QString cluster = kArn + u"cluster:demo-memcached"_s;
    QCOMPARE(
        tagTexts(ok({u"list-tags-for-resource"_s, u"--resource-name"_s, kArn + u"snapshot:demo-before-upgrade"_s})),
        (QStringList {u"owner=platform-team"_s, u"keep=true"_s}));
    QCOMPARE(tagTexts(ok({u"add-tags-to-resource"_s, u"--resource-name"_s, cluster, u"--tags"_s,
                          u"Key=team,Value=cache"_s, u"Key=cost-centre,Value="_s})),
             (QStringList {u"team=cache"_s, u"cost-centre="_s}));
    QCOMPARE(tagTexts(ok({u"remove-tags-from-resource"_s, u"--resource-name"_s, cluster, u"--tag-keys"_s, u"team"_s})),
             QStringList {u"cost-centre="_s});
    // CreateSnapshot's Tags are the new snapshot's.
    ok({u"create-snapshot"_s, u"--replication-group-id"_s, u"demo-redis-rg"_s, u"--snapshot-name"_s, u"cli-tagged"_s,
        u"--tags"_s, u"Key=keep,Value=true"_s});
    QCOMPARE(tagTexts(ok({u"list-tags-for-resource"_s, u"--resource-name"_s, kArn + u"snapshot:cli-tagged"_s})),
             QStringList {u"keep=true"_s});
}

void TestAwsCliLifecycleInterop::tagRefusals_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("code");
    const QString cluster = kArn + u"cluster:demo-redis-001"_s;
    QStringList many {u"add-tags-to-resource"_s, u"--resource-name"_s, cluster, u"--tags"_s};
    for (int i = 0; i < 51; ++i)
        many.append(u"Key=k%1,Value=v"_s.arg(i));
    QTest::newRow("51 tags") << many << u"TagQuotaPerResourceExceeded"_s;
    QTest::newRow("aws: prefix") << QStringList {u"add-tags-to-resource"_s, u"--resource-name"_s, cluster, u"--tags"_s,
                                                 u"Key=aws:owner,Value=x"_s}
                                 << u"InvalidParameterValue"_s;
    QTest::newRow("unknown cluster") << QStringList {u"list-tags-for-resource"_s, u"--resource-name"_s,
                                                     kArn + u"cluster:nope"_s}
                                     << u"CacheClusterNotFound"_s;
    QTest::newRow("unknown serverless snapshot")
        << QStringList {u"list-tags-for-resource"_s, u"--resource-name"_s, kArn + u"serverlesscachesnapshot:nope"_s}
        << u"ServerlessCacheSnapshotNotFoundFault"_s;
    QTest::newRow("not an ARN") << QStringList {u"list-tags-for-resource"_s, u"--resource-name"_s, u"demo-redis-001"_s}
                                << u"InvalidARN"_s;
    QTest::newRow("missing key") << QStringList {u"remove-tags-from-resource"_s, u"--resource-name"_s, cluster,
                                                 u"--tag-keys"_s, u"not-there"_s}
                                 << u"TagNotFound"_s;
}

void TestAwsCliLifecycleInterop::tagRefusals()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, code);
    const ProgramRun run = aws(m_v1, arguments);
    QCOMPARE(run.exitCode, 255);
    const auto error = parseError(run.err);
    QVERIFY2(error, run.err.constData());
    QCOMPARE(error->code, code);
}

// Debian's awscli v2 (an older model, no serverless operations): the catalog, a restore, tags and a refusal.
void TestAwsCliLifecycleInterop::awsCliV2()
{
    if (m_v2.isEmpty())
        QSKIP("awscli v2 is not installed");
    const QJsonObject subnetGroups = ok({u"describe-cache-subnet-groups"_s}, m_v2);
    QCOMPARE(subnetGroups[u"CacheSubnetGroups"_s].toArray().size(), 3);
    const QJsonObject created = ok({u"create-replication-group"_s, u"--replication-group-id"_s, u"cli-v2-restored"_s,
                                    u"--replication-group-description"_s, u"v2"_s, u"--snapshot-name"_s,
                                    u"demo-redis-rg-manual"_s, u"--num-cache-clusters"_s, u"2"_s},
                                   m_v2);
    QCOMPARE(created[u"ReplicationGroup"_s][u"Status"_s].toString(), u"creating"_s);
    QCOMPARE(created[u"ReplicationGroup"_s][u"MemberClusters"_s].toArray().size(), 2);
    QCOMPARE(
        tagTexts(
            ok({u"list-tags-for-resource"_s, u"--resource-name"_s, kArn + u"replicationgroup:demo-redis-rg"_s}, m_v2)),
        (QStringList {u"owner=payments-team"_s, u"cost-centre=cc-3307"_s}));
    const ProgramRun refused = aws(m_v2,
                                   {u"modify-replication-group"_s, u"--replication-group-id"_s, u"demo-valkey-rg"_s,
                                    u"--snapshotting-cluster-id"_s, u"demo-valkey-rg-0001-001"_s});
    QCOMPARE(refused.exitCode, 254);
    QCOMPARE(parseError(refused.err)->code, u"InvalidParameterCombination"_s);
}

QTEST_GUILESS_MAIN(TestAwsCliLifecycleInterop)
#include "tst_awscli_lifecycle_interop.moc"
