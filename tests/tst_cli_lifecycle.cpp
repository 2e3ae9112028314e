// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandline.h"
#include "requestoptions.h"
#include "sandboxprocess.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

// cachesnap-cli's restore, tag, backup-settings and account-listing commands end to end: the real binary against a
// real cachesnap-sandbox process over loopback HTTP, compared with the AWS CLI v2 (/usr/bin/aws) against the same
// sandbox for a few commands. The option reading under them (the AWS CLI's shorthand syntax and option names) is
// checked against what awscli itself produces for the same input.

namespace {

constexpr auto kAccessKey = "AKIDSANDBOX";
constexpr auto kSecretKey = "sandbox-secret-key";
constexpr auto kRegion = "us-east-1";

using Run = ProgramRun;

QProcessEnvironment baseEnvironment(const QString &home)
{
    QProcessEnvironment env = isolatedAwsEnvironment(home, QString::fromLatin1(kAccessKey),
                                                     QString::fromLatin1(kSecretKey), QString::fromLatin1(kRegion));
    env.remove(u"AWS_DEFAULT_REGION"_s);
    env.insert(u"AWS_REGION"_s, QString::fromLatin1(kRegion));
    env.insert(u"AWS_MAX_ATTEMPTS"_s, u"1"_s);
    return env;
}

// {key: value} of a TagList, to compare regardless of order.
QMap<QString, QString> tagMap(const QJsonArray &tags)
{
    QMap<QString, QString> map;
    for (const QJsonValue &t : tags)
        map.insert(t.toObject().value(u"Key").toString(), t.toObject().value(u"Value").toString());
    return map;
}

} // namespace

class TestCliLifecycle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void optionNames_data();
    void optionNames();
    void shorthand_data();
    void shorthand();
    void usageErrors_data();
    void usageErrors();

    void restoreReplicationGroup();
    void restoreAcrossClusterModes();
    void restoreCacheCluster();
    void restoreFromExportedObjects();
    void restoreServerlessCache();
    void backupSettings();
    void tags();
    void tagsOnCreateAndCopy();
    void accountListings_data();
    void accountListings();
    void errorKinds();

private:
    Run cli(const QStringList &arguments, const QProcessEnvironment &env = {});
    QJsonObject json(const QStringList &arguments); // --output json; the document, or {} (and a failure) on error
    Run aws(const QStringList &arguments);
    QJsonObject availableSnapshot(const std::function<bool(const QJsonObject &)> &wanted);
    QString waitForStatus(const QString &command, const QString &idOption, const QString &id, const QString &listKey,
                          const QString &statusKey, const QString &wanted);

    QString m_cliBinary;
    QString m_awsBinary;
    QTemporaryDir m_home;
    std::unique_ptr<SandboxProcess> m_sandbox;
};

void TestCliLifecycle::initTestCase()
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
    qInfo("comparing with AWS CLI v2: %s", m_awsBinary.isEmpty() ? "none" : qPrintable(m_awsBinary));
}

// The sandbox starts with the first test that talks to it (the option-reading tests need none).
void TestCliLifecycle::init()
{
    const QByteArray function = QTest::currentTestFunction();
    if (m_sandbox || function == "optionNames" || function == "shorthand" || function == "usageErrors")
        return;
    // Restored caches are "creating" for a second; snapshots and exports are quick.
    m_sandbox = std::make_unique<SandboxProcess>();
    QVERIFY2(m_sandbox->start({u"--seed"_s, u"31"_s, u"--seed-snapshots"_s, u"40"_s, u"--snapshot-create-seconds"_s,
                               u"0.5"_s, u"--export-seconds"_s, u"0"_s, u"--create-seconds"_s, u"1"_s}),
             qPrintable(m_sandbox->error()));
}

Run TestCliLifecycle::cli(const QStringList &arguments, const QProcessEnvironment &env)
{
    return runProgram(m_cliBinary, QStringList {u"--endpoint-url"_s, m_sandbox->url()} + arguments,
                      env.isEmpty() ? baseEnvironment(m_home.path()) : env);
}

QJsonObject TestCliLifecycle::json(const QStringList &arguments)
{
    const Run run = cli(QStringList {u"--output"_s, u"json"_s} + arguments);
    if (run.exitCode != 0) {
        qWarning().noquote() << arguments.join(u' ') << describe(run);
        return {};
    }
    return parseObject(run.out);
}

Run TestCliLifecycle::aws(const QStringList &arguments)
{
    return runProgram(m_awsBinary,
                      QStringList {u"elasticache"_s} + arguments
                          + QStringList {u"--endpoint-url"_s, m_sandbox->url(), u"--output"_s, u"json"_s},
                      baseEnvironment(m_home.path()));
}

QJsonObject TestCliLifecycle::availableSnapshot(const std::function<bool(const QJsonObject &)> &wanted)
{
    const QJsonArray snapshots = json({u"describe-snapshots"_s}).value(u"Snapshots").toArray();
    for (const QJsonValue &value : snapshots) {
        const QJsonObject s = value.toObject();
        if (s.value(u"SnapshotStatus").toString() == u"available" && s.value(u"DataTiering").toString() != u"enabled"
            && wanted(s))
            return s;
    }
    return {};
}

// Polls a describe command until the item's status is wanted (or 20 s pass); returns the last status seen.
QString TestCliLifecycle::waitForStatus(const QString &command, const QString &idOption, const QString &id,
                                        const QString &listKey, const QString &statusKey, const QString &wanted)
{
    QString status;
    QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        const QJsonArray items = json({command, idOption, id}).value(listKey).toArray();
        status = items.isEmpty() ? u"(missing)"_s : items.at(0).toObject().value(statusKey).toString();
        if (status == wanted)
            break;
        QTest::qWait(200);
    }
    return status;
}

// ---- option reading (no sandbox) --------------------------------------------------------------------------------

void TestCliLifecycle::optionNames_data()
{
    QTest::addColumn<QString>("member");
    QTest::addColumn<QString>("option");
    // The names botocore's xform_name gives (the AWS CLI's options for these members).
    QTest::newRow("plain") << u"ReplicationGroupId"_s << u"replication-group-id"_s;
    QTest::newRow("AZ inside") << u"MultiAZEnabled"_s << u"multi-az-enabled"_s;
    QTest::newRow("AZs at the end") << u"PreferredCacheClusterAZs"_s << u"preferred-cache-cluster-azs"_s;
    QTest::newRow("AZ first") << u"AZMode"_s << u"az-mode"_s;
    QTest::newRow("Arns") << u"SnapshotArnsToRestore"_s << u"snapshot-arns-to-restore"_s;
    QTest::newRow("Ids") << u"SecurityGroupIds"_s << u"security-group-ids"_s;
    QTest::newRow("snapshotting") << u"SnapshottingClusterId"_s << u"snapshotting-cluster-id"_s;
    QTest::newRow("ECPU") << u"ECPUPerSecond"_s << u"ecpu-per-second"_s;
    QTest::newRow("ARN alone") << u"ARN"_s << u"arn"_s;
}

void TestCliLifecycle::optionNames()
{
    QFETCH(QString, member);
    QFETCH(QString, option);
    const QByteArray latin1 = member.toLatin1();
    QCOMPARE(RequestOptions::cliName(QLatin1StringView(latin1)), option);
}

void TestCliLifecycle::shorthand_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QByteArray>("expected"); // awscli's ShorthandParser result as JSON, or the start of its error

    // Each expected value is what awscli's own parser (awscli/shorthand.py) returns for the input.
    QTest::newRow("tag") << u"Key=owner,Value=ops"_s << QByteArray(R"({"Key":"owner","Value":"ops"})");
    QTest::newRow("csv list") << u"a=b,c"_s << QByteArray(R"({"a":["b","c"]})");
    QTest::newRow("csv list then key") << u"a=b,c,d=e"_s << QByteArray(R"({"a":["b","c"],"d":"e"})");
    QTest::newRow("explicit list") << u"a=[b,c]"_s << QByteArray(R"({"a":["b","c"]})");
    QTest::newRow("hash") << u"a={b=c,d=[e,f]}"_s << QByteArray(R"({"a":{"b":"c","d":["e","f"]}})");
    QTest::newRow("quoted") << uR"(Key='a,b',Value="x\"y")"_s << QByteArray(R"({"Key":"a,b","Value":"x\"y"})");
    QTest::newRow("escaped comma") << uR"(Key=a\,b,Value=c)"_s << QByteArray(R"({"Key":"a,b","Value":"c"})");
    QTest::newRow("blanks") << u"Key=, Value= spaced out "_s << QByteArray(R"({"Key":"","Value":"spaced out"})");
    QTest::newRow("equals in value") << u"Value=a=b"_s << QByteArray(R"({"Value":"a=b"})");
    QTest::newRow("empty value") << u"Key=a,Value="_s << QByteArray(R"({"Key":"a","Value":""})");
    QTest::newRow("blanks around") << u"a = b , c = d"_s << QByteArray(R"({"a":"b","c":"d"})");
    QTest::newRow("nested limits") << u"DataStorage={Maximum=10,Unit=GB},ECPUPerSecond={Maximum=5000}"_s
                                   << QByteArray(R"({"DataStorage":{"Maximum":"10","Unit":"GB"},)"
                                                 R"("ECPUPerSecond":{"Maximum":"5000"}})");
    QTest::newRow("non-ASCII and blank") << u"a=\u00e9t\u00e9,b=x y"_s << QByteArray(R"({"a":"été","b":"x y"})");
    QTest::newRow("shard") << u"NodeGroupId=0001,Slots=0-8191,ReplicaCount=1,ReplicaAvailabilityZones=us-east-1a,"
                              "us-east-1b"_s
                           << QByteArray(R"({"NodeGroupId":"0001","ReplicaAvailabilityZones":["us-east-1a",)"
                                         R"("us-east-1b"],"ReplicaCount":"1","Slots":"0-8191"})");
    QTest::newRow("escaped quote") << uR"(a='it\'s')"_s << QByteArray(R"({"a":"it's"})");
    QTest::newRow("empty list and hash") << u"a=[],b={}"_s << QByteArray(R"({"a":[],"b":{}})");
    QTest::newRow("duplicate key") << u"Key=a,Key=b"_s
                                   << QByteArray("Second instance of key \"Key\" encountered for input:\n"
                                                 "Key=a,Key=b\n      ^\n");
    QTest::newRow("second equals") << u"Key=a,Value=="_s
                                   << QByteArray("Expected: ',', received: '=' for input:\nKey=a,Value==\n"
                                                 "            ^");
    QTest::newRow("trailing comma") << u"a=b,"_s
                                    << QByteArray("Expected: '<second>', received: '<none>' for input:\na=b,\n    ^");
    QTest::newRow("open list") << u"a=[b,c"_s
                               << QByteArray("Expected: ',', received: 'EOF' for input:\na=[b,c\n      ^");
}

void TestCliLifecycle::shorthand()
{
    QFETCH(QString, input);
    QFETCH(QByteArray, expected);
    const RequestOptions::ShorthandResult result = RequestOptions::parseShorthand(input);
    if (expected.startsWith('{')) {
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(QJsonDocument(result.value).toJson(QJsonDocument::Compact), expected);
    } else {
        QVERIFY2(result.error.toUtf8().startsWith(expected), qPrintable(result.error));
    }
}

void TestCliLifecycle::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    const QStringList addTags {u"add-tags-to-resource"_s, u"--resource-name"_s, u"arn:x"_s, u"--tags"_s};
    QTest::newRow("required description")
        << QStringList {u"create-replication-group"_s, u"--replication-group-id"_s, u"r1"_s}
        << u"--replication-group-description is required"_s;
    QTest::newRow("required engine") << QStringList {u"create-serverless-cache"_s, u"--serverless-cache-name"_s,
                                                     u"s1"_s}
                                     << u"--engine is required"_s;
    QTest::newRow("tags missing") << QStringList {u"add-tags-to-resource"_s, u"--resource-name"_s, u"arn:x"_s}
                                  << u"--tags is required"_s;
    QTest::newRow("tags without value") << addTags << u"--tags needs at least one value"_s;
    QTest::newRow("tag-keys without value")
        << QStringList {u"remove-tags-from-resource"_s, u"--resource-name"_s, u"arn:x"_s, u"--tag-keys"_s, u"--debug"_s}
        << u"--tag-keys needs at least one value"_s;
    QTest::newRow("port not a number") << QStringList {u"create-cache-cluster"_s, u"--cache-cluster-id"_s, u"c1"_s,
                                                       u"--port"_s, u"six"_s}
                                       << u"--port takes a whole number, not \"six\""_s;
    QTest::newRow("retention not a number") << QStringList {u"modify-replication-group"_s, u"--replication-group-id"_s,
                                                            u"g"_s, u"--snapshot-retention-limit"_s, u"7d"_s}
                                            << u"--snapshot-retention-limit takes a whole number"_s;
    QTest::newRow("unknown tag member") << addTags + QStringList {u"Key=a,Valu=b"_s}
                                        << u"Unknown parameter in Tags[0]: \"Valu\", must be one of: Key, Value"_s;
    QTest::newRow("shorthand syntax") << addTags + QStringList {u"Key=a,Value=="_s}
                                      << u"Error parsing parameter '--tags': Expected: ',', received: '='"_s;
    QTest::newRow("value a list") << addTags + QStringList {u"Key=a,Value=b,c"_s}
                                  << u"Invalid type for parameter Tags[0].Value"_s;
    QTest::newRow("JSON broken") << addTags + QStringList {u"[{\"Key\":\"a\""_s}
                                 << u"Error parsing parameter '--tags': Invalid JSON"_s;
    QTest::newRow("JSON number key") << addTags + QStringList {u"[{\"Key\":1,\"Value\":\"v\"}]"_s}
                                     << u"Invalid type for parameter Tags[0].Key, value: 1"_s;
    QTest::newRow("limits not a number") << QStringList {u"create-serverless-cache"_s,
                                                         u"--serverless-cache-name"_s,
                                                         u"s1"_s,
                                                         u"--engine"_s,
                                                         u"valkey"_s,
                                                         u"--cache-usage-limits"_s,
                                                         u"DataStorage={Maximum=ten,Unit=GB}"_s}
                                         << u"CacheUsageLimits.DataStorage.Maximum"_s;
    QTest::newRow("tags on create-snapshot")
        << QStringList {u"create-snapshot"_s, u"--snapshot-name"_s, u"s"_s, u"--cache-cluster-id"_s, u"c"_s,
                        u"--tags"_s,          u"Key=a,Other=b"_s}
        << u"Unknown parameter in Tags[0]: \"Other\""_s;
    QTest::newRow("words after --tags=") << QStringList {u"add-tags-to-resource"_s, u"--resource-name"_s, u"arn:x"_s,
                                                         u"--tags=Key=a,Value=b"_s, u"Key=c,Value=d"_s}
                                         << u"unexpected argument \"Key=c,Value=d\""_s;
    QTest::newRow("two words for one value")
        << QStringList {u"modify-cache-cluster"_s, u"--cache-cluster-id"_s, u"c"_s, u"d"_s} << u"unexpected argument"_s;
}

void TestCliLifecycle::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    // Nothing listens there: a usage error must not send anything.
    const Run run = runProgram(m_cliBinary, QStringList {u"--endpoint-url"_s, u"http://127.0.0.1:9"_s} + arguments,
                               baseEnvironment(m_home.path()));
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.startsWith("cachesnap-cli: error: "), qPrintable(describe(run)));
    QVERIFY2(QString::fromUtf8(run.err).contains(message), qPrintable(describe(run)));
}

// ---- restore ------------------------------------------------------------------------------------------------

void TestCliLifecycle::restoreReplicationGroup()
{
    const QJsonObject snapshot
        = availableSnapshot([](const QJsonObject &s) { return s.value(u"NumNodeGroups").toInt(1) == 1; });
    QVERIFY(!snapshot.isEmpty());
    const QString name = snapshot.value(u"SnapshotName").toString();

    // Every kind of option at once: strings, whole numbers, a flag pair (the last one counts), lists, shorthand tags.
    const QJsonObject created = json({u"create-replication-group"_s,
                                      u"--replication-group-id"_s,
                                      u"Cli-Restored-1"_s,
                                      u"--replication-group-description"_s,
                                      u"restored by tst_cli_lifecycle"_s,
                                      u"--snapshot-name"_s,
                                      name,
                                      u"--cache-subnet-group-name"_s,
                                      u"cachesnap-private"_s,
                                      u"--security-group-ids"_s,
                                      u"sg-0e1a5c0de00000001"_s,
                                      u"sg-0e1a5c0de00000002"_s,
                                      u"--snapshot-retention-limit"_s,
                                      u"3"_s,
                                      u"--snapshot-window"_s,
                                      u"03:00-04:00"_s,
                                      u"--preferred-maintenance-window"_s,
                                      u"sun:05:00-sun:06:00"_s,
                                      u"--automatic-failover-enabled"_s,
                                      u"--no-automatic-failover-enabled"_s,
                                      u"--num-cache-clusters"_s,
                                      u"1"_s,
                                      u"--tags"_s,
                                      u"Key=owner,Value=ops"_s,
                                      u"Key=keep,Value=true"_s})
                                    .value(u"ReplicationGroup")
                                    .toObject();
    QVERIFY(!created.isEmpty());
    QCOMPARE(created.value(u"ReplicationGroupId").toString(), u"cli-restored-1"_s);
    QCOMPARE(created.value(u"Status").toString(), u"creating"_s);
    QCOMPARE(created.value(u"Description").toString(), u"restored by tst_cli_lifecycle"_s);
    QCOMPARE(created.value(u"SnapshotRetentionLimit").toInt(), 3);
    QCOMPARE(created.value(u"SnapshotWindow").toString(), u"03:00-04:00"_s);
    QCOMPARE(created.value(u"AutomaticFailover").toString(), u"disabled"_s);
    const QString arn = created.value(u"ARN").toString();
    QVERIFY2(arn.endsWith(u":replicationgroup:cli-restored-1"), qPrintable(arn));

    // creating → available, with the tags given at creation
    QCOMPARE(waitForStatus(u"describe-replication-groups"_s, u"--replication-group-id"_s, u"cli-restored-1"_s,
                           u"ReplicationGroups"_s, u"Status"_s, u"available"_s),
             u"available"_s);
    const QJsonArray tags = json({u"list-tags-for-resource"_s, u"--resource-name"_s, arn}).value(u"TagList").toArray();
    QCOMPARE(tagMap(tags), (QMap<QString, QString> {{u"owner"_s, u"ops"_s}, {u"keep"_s, u"true"_s}}));

    // The table form says how to follow it.
    const Run table = cli({u"create-replication-group"_s, u"--replication-group-id"_s, u"cli-restored-2"_s,
                           u"--replication-group-description"_s, u"second"_s, u"--snapshot-name"_s, name});
    QVERIFY2(table.exitCode == 0, qPrintable(describe(table)));
    QVERIFY2(table.out.contains("cli-restored-2") && table.out.contains("creating"), qPrintable(describe(table)));
    QVERIFY(table.out.contains("describe-replication-groups --replication-group-id cli-restored-2"));

    // The name is taken now: the service's error, exit status 254.
    const Run again = cli({u"create-replication-group"_s, u"--replication-group-id"_s, u"cli-restored-1"_s,
                           u"--replication-group-description"_s, u"again"_s, u"--snapshot-name"_s, name});
    QCOMPARE(again.exitCode, 254);
    QVERIFY2(again.err.contains("An error occurred (ReplicationGroupAlreadyExists) when calling the "
                                "CreateReplicationGroup operation"),
             qPrintable(describe(again)));
}

void TestCliLifecycle::restoreAcrossClusterModes()
{
    // Cluster mode disabled → enabled is allowed: one shard's data into two shards.
    const QJsonObject single
        = availableSnapshot([](const QJsonObject &s) { return s.value(u"NumNodeGroups").toInt(1) == 1; });
    QVERIFY(!single.isEmpty());
    const QJsonObject created
        = json({u"create-replication-group"_s, u"--replication-group-id"_s, u"cli-sharded"_s,
                u"--replication-group-description"_s, u"into cluster mode"_s, u"--snapshot-name"_s,
                single.value(u"SnapshotName").toString(), u"--cluster-mode"_s, u"enabled"_s, u"--num-node-groups"_s,
                u"2"_s, u"--replicas-per-node-group"_s, u"1"_s, u"--automatic-failover-enabled"_s})
              .value(u"ReplicationGroup")
              .toObject();
    QVERIFY(!created.isEmpty());
    QCOMPARE(created.value(u"ClusterEnabled").toBool(), true);

    // Enabled → disabled is refused by the service, with its reason.
    const QJsonObject sharded
        = availableSnapshot([](const QJsonObject &s) { return s.value(u"NumNodeGroups").toInt(1) > 1; });
    QVERIFY(!sharded.isEmpty());
    const Run refused = cli({u"create-replication-group"_s, u"--replication-group-id"_s, u"cli-unsharded"_s,
                             u"--replication-group-description"_s, u"out of cluster mode"_s, u"--snapshot-name"_s,
                             sharded.value(u"SnapshotName").toString(), u"--cluster-mode"_s, u"disabled"_s,
                             u"--num-cache-clusters"_s, u"1"_s});
    QCOMPARE(refused.exitCode, 254);
    QVERIFY2(refused.err.contains("when calling the CreateReplicationGroup operation"), qPrintable(describe(refused)));
    QVERIFY(refused.out.isEmpty());
}

void TestCliLifecycle::restoreCacheCluster()
{
    const QJsonObject snapshot = availableSnapshot([](const QJsonObject &s) {
        return s.value(u"NumNodeGroups").toInt(1) == 1 && s.value(u"Engine").toString() != u"memcached";
    });
    QVERIFY(!snapshot.isEmpty());
    const QJsonObject created
        = json({u"create-cache-cluster"_s, u"--cache-cluster-id"_s, u"cli-single-1"_s, u"--snapshot-name"_s,
                snapshot.value(u"SnapshotName").toString(), u"--cache-node-type"_s,
                snapshot.value(u"CacheNodeType").toString(), u"--snapshot-retention-limit"_s, u"2"_s, u"--tags"_s,
                u"[{\"Key\":\"cost-centre\",\"Value\":\"42\"}]"_s})
              .value(u"CacheCluster")
              .toObject();
    QVERIFY(!created.isEmpty());
    QCOMPARE(created.value(u"CacheClusterId").toString(), u"cli-single-1"_s);
    QCOMPARE(created.value(u"CacheClusterStatus").toString(), u"creating"_s);
    QCOMPARE(created.value(u"SnapshotRetentionLimit").toInt(), 2);
    QCOMPARE(waitForStatus(u"describe-cache-clusters"_s, u"--cache-cluster-id"_s, u"cli-single-1"_s, u"CacheClusters"_s,
                           u"CacheClusterStatus"_s, u"available"_s),
             u"available"_s);
    const QJsonArray tags = json({u"list-tags-for-resource"_s, u"--resource-name"_s, created.value(u"ARN").toString()})
                                .value(u"TagList")
                                .toArray();
    QCOMPARE(tagMap(tags), (QMap<QString, QString> {{u"cost-centre"_s, u"42"_s}}));
}

void TestCliLifecycle::restoreFromExportedObjects()
{
    // Export a snapshot's shards to S3, then restore from the objects' ARNs (the route to another region).
    const QJsonObject snapshot
        = availableSnapshot([](const QJsonObject &s) { return s.value(u"NumNodeGroups").toInt(1) == 1; });
    QVERIFY(!snapshot.isEmpty());
    QVERIFY(QDir(m_sandbox->s3Root()).mkpath(u"cli-restore-source"_s));
    const Run exported = cli({u"export-snapshot"_s, u"--snapshot-name"_s, snapshot.value(u"SnapshotName").toString(),
                              u"--bucket"_s, u"cli-restore-source"_s, u"--target-snapshot-name"_s, u"moved"_s});
    QVERIFY2(exported.exitCode == 0, qPrintable(describe(exported)));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(m_sandbox->s3Root() + u"/cli-restore-source/moved-0001.rdb"_s), 20000);

    const QJsonObject created = json({u"create-replication-group"_s, u"--replication-group-id"_s, u"cli-from-s3"_s,
                                      u"--replication-group-description"_s, u"from exported objects"_s, u"--engine"_s,
                                      snapshot.value(u"Engine").toString(), u"--cache-node-type"_s,
                                      snapshot.value(u"CacheNodeType").toString(), u"--snapshot-arns"_s,
                                      u"arn:aws:s3:::cli-restore-source/moved-0001.rdb"_s})
                                    .value(u"ReplicationGroup")
                                    .toObject();
    QVERIFY(!created.isEmpty());
    QCOMPARE(created.value(u"Status").toString(), u"creating"_s);

    // An object that is not there: the service says so.
    const Run missing = cli({u"create-replication-group"_s, u"--replication-group-id"_s, u"cli-from-nothing"_s,
                             u"--replication-group-description"_s, u"no object"_s, u"--engine"_s,
                             snapshot.value(u"Engine").toString(), u"--cache-node-type"_s,
                             snapshot.value(u"CacheNodeType").toString(), u"--snapshot-arns"_s,
                             u"arn:aws:s3:::cli-restore-source/not-there-0001.rdb"_s});
    QCOMPARE(missing.exitCode, 254);
}

void TestCliLifecycle::restoreServerlessCache()
{
    const QJsonArray snapshots
        = json({u"describe-serverless-cache-snapshots"_s}).value(u"ServerlessCacheSnapshots").toArray();
    QJsonObject snapshot;
    for (const QJsonValue &value : snapshots) {
        if (value.toObject().value(u"Status").toString() == u"available")
            snapshot = value.toObject();
    }
    QVERIFY(!snapshot.isEmpty());
    const QString engine
        = snapshot.value(u"ServerlessCacheConfiguration").toObject().value(u"Engine").toString(u"valkey"_s);

    const QJsonObject created
        = json({u"create-serverless-cache"_s, u"--serverless-cache-name"_s, u"Cli-Serverless-1"_s, u"--engine"_s,
                engine, u"--snapshot-arns-to-restore"_s, snapshot.value(u"ARN").toString(), u"--security-group-ids"_s,
                u"sg-0e1a5c0de00000001"_s, u"--daily-snapshot-time"_s, u"04:00"_s, u"--snapshot-retention-limit"_s,
                u"2"_s, u"--tags"_s,
                u"[{\"Key\":\"owner\",\"Value\":\"data\"},{\"Key\":\"keep\",\"Value\":\"true\"}]"_s})
              .value(u"ServerlessCache")
              .toObject();
    QVERIFY(!created.isEmpty());
    QCOMPARE(created.value(u"ServerlessCacheName").toString(), u"cli-serverless-1"_s);
    QCOMPARE(created.value(u"Status").toString(), u"creating"_s);
    QCOMPARE(created.value(u"DailySnapshotTime").toString(), u"04:00"_s);
    QCOMPARE(created.value(u"SnapshotRetentionLimit").toInt(), 2);
    QCOMPARE(waitForStatus(u"describe-serverless-caches"_s, u"--serverless-cache-name"_s, u"cli-serverless-1"_s,
                           u"ServerlessCaches"_s, u"Status"_s, u"available"_s),
             u"available"_s);
    const QJsonArray tags = json({u"list-tags-for-resource"_s, u"--resource-name"_s, created.value(u"ARN").toString()})
                                .value(u"TagList")
                                .toArray();
    QCOMPARE(tagMap(tags), (QMap<QString, QString> {{u"owner"_s, u"data"_s}, {u"keep"_s, u"true"_s}}));
}

// ---- backup settings ---------------------------------------------------------------------------------------

void TestCliLifecycle::backupSettings()
{
    // A replication group with cluster mode disabled: retention, window and the snapshotting cluster.
    QJsonObject group;
    for (const QJsonValue &value : json({u"describe-replication-groups"_s}).value(u"ReplicationGroups").toArray()) {
        const QJsonObject g = value.toObject();
        if (g.value(u"Status").toString() == u"available" && !g.value(u"ClusterEnabled").toBool()
            && !g.value(u"MemberClusters").toArray().isEmpty())
            group = g;
    }
    QVERIFY(!group.isEmpty());
    const QString groupId = group.value(u"ReplicationGroupId").toString();
    const QString member = group.value(u"MemberClusters").toArray().last().toString();
    QJsonObject modified = json({u"modify-replication-group"_s, u"--replication-group-id"_s, groupId,
                                 u"--snapshot-retention-limit"_s, u"9"_s, u"--snapshot-window"_s, u"01:30-02:30"_s,
                                 u"--snapshotting-cluster-id"_s, member, u"--apply-immediately"_s})
                               .value(u"ReplicationGroup")
                               .toObject();
    QCOMPARE(modified.value(u"SnapshotRetentionLimit").toInt(), 9);
    QCOMPARE(modified.value(u"SnapshotWindow").toString(), u"01:30-02:30"_s);
    QCOMPARE(modified.value(u"SnapshottingClusterId").toString(), member);
    const QJsonObject described = json({u"describe-replication-groups"_s, u"--replication-group-id"_s, groupId})
                                      .value(u"ReplicationGroups")
                                      .toArray()
                                      .at(0)
                                      .toObject();
    QCOMPARE(described.value(u"SnapshotRetentionLimit").toInt(), 9);
    QCOMPARE(described.value(u"SnapshotWindow").toString(), u"01:30-02:30"_s);

    // The table says what the backups are now.
    const Run table = cli({u"modify-replication-group"_s, u"--replication-group-id"_s, groupId,
                           u"--snapshot-retention-limit"_s, u"0"_s, u"--no-apply-immediately"_s});
    QVERIFY2(table.exitCode == 0, qPrintable(describe(table)));
    QVERIFY2(table.out.contains("Automatic backups: off (retention 0)."), qPrintable(describe(table)));

    // A window shorter than an hour is the service's to refuse (exit status 254), not the CLI's.
    const Run shortWindow = cli({u"modify-replication-group"_s, u"--replication-group-id"_s, groupId,
                                 u"--snapshot-window"_s, u"01:00-01:30"_s});
    QCOMPARE(shortWindow.exitCode, 254);
    QVERIFY2(shortWindow.err.contains("when calling the ModifyReplicationGroup operation"),
             qPrintable(describe(shortWindow)));

    // A cluster outside any replication group.
    QString clusterId;
    for (const QJsonValue &value :
         json({u"describe-cache-clusters"_s, u"--show-cache-clusters-not-in-replication-groups"_s})
             .value(u"CacheClusters")
             .toArray()) {
        const QJsonObject c = value.toObject();
        if (c.value(u"CacheClusterStatus").toString() == u"available" && c.value(u"Engine").toString() != u"memcached")
            clusterId = c.value(u"CacheClusterId").toString();
    }
    QVERIFY(!clusterId.isEmpty());
    modified = json({u"modify-cache-cluster"_s, u"--cache-cluster-id"_s, clusterId, u"--snapshot-retention-limit"_s,
                     u"4"_s, u"--snapshot-window"_s, u"22:00-23:00"_s, u"--apply-immediately"_s})
                   .value(u"CacheCluster")
                   .toObject();
    QCOMPARE(modified.value(u"SnapshotRetentionLimit").toInt(), 4);
    QCOMPARE(modified.value(u"SnapshotWindow").toString(), u"22:00-23:00"_s);
    if (!m_awsBinary.isEmpty()) {
        // The same change again (it changes nothing now): the AWS CLI prints the very same document.
        const QStringList again {
            u"modify-cache-cluster"_s, u"--cache-cluster-id"_s, clusterId, u"--snapshot-retention-limit"_s, u"4"_s,
            u"--apply-immediately"_s};
        const Run ours = cli(QStringList {u"--output"_s, u"json"_s} + again);
        QVERIFY2(ours.exitCode == 0, qPrintable(describe(ours)));
        const Run theirs = aws(again);
        QVERIFY2(theirs.exitCode == 0, qPrintable(describe(theirs)));
        QCOMPARE(QString::fromUtf8(ours.out), QString::fromUtf8(theirs.out));
    }

    // A serverless cache: retention and the daily snapshot time.
    QString cacheName;
    for (const QJsonValue &value : json({u"describe-serverless-caches"_s}).value(u"ServerlessCaches").toArray()) {
        if (value.toObject().value(u"Status").toString() == u"available")
            cacheName = value.toObject().value(u"ServerlessCacheName").toString();
    }
    QVERIFY(!cacheName.isEmpty());
    modified = json({u"modify-serverless-cache"_s, u"--serverless-cache-name"_s, cacheName,
                     u"--snapshot-retention-limit"_s, u"5"_s, u"--daily-snapshot-time"_s, u"02:15"_s})
                   .value(u"ServerlessCache")
                   .toObject();
    QCOMPARE(modified.value(u"SnapshotRetentionLimit").toInt(), 5);
    QCOMPARE(modified.value(u"DailySnapshotTime").toString(), u"02:15"_s);
    const Run tooLong = cli({u"modify-serverless-cache"_s, u"--serverless-cache-name"_s, cacheName,
                             u"--snapshot-retention-limit"_s, u"36"_s});
    QCOMPARE(tooLong.exitCode, 254);
}

// ---- tags ---------------------------------------------------------------------------------------------------

void TestCliLifecycle::tags()
{
    const QJsonObject snapshot = availableSnapshot([](const QJsonObject &) { return true; });
    QVERIFY(!snapshot.isEmpty());
    const QString arn = snapshot.value(u"ARN").toString();
    QVERIFY2(arn.contains(u":snapshot:"), qPrintable(arn));
    const QMap<QString, QString> before
        = tagMap(json({u"list-tags-for-resource"_s, u"--resource-name"_s, arn}).value(u"TagList").toArray());

    // Shorthand, several tags in one option; the answer is the resource's tags afterwards.
    QJsonObject answer = json({u"add-tags-to-resource"_s, u"--resource-name"_s, arn, u"--tags"_s,
                               u"Key=cli-owner,Value=ops"_s, u"Key=cli-keep,Value=true"_s});
    QMap<QString, QString> expected = before;
    expected.insert(u"cli-owner"_s, u"ops"_s);
    expected.insert(u"cli-keep"_s, u"true"_s);
    QCOMPARE(tagMap(answer.value(u"TagList").toArray()), expected);

    // JSON; a key given again changes its value.
    answer = json({u"add-tags-to-resource"_s, u"--resource-name"_s, arn, u"--tags"_s,
                   u"[{\"Key\":\"cli-owner\",\"Value\":\"data team\"},{\"Key\":\"cli-note\",\"Value\":\"a+b@c\"}]"_s});
    expected.insert(u"cli-owner"_s, u"data team"_s);
    expected.insert(u"cli-note"_s, u"a+b@c"_s);
    QCOMPARE(tagMap(answer.value(u"TagList").toArray()), expected);
    // A quoted shorthand value keeps what a bare one would drop (blanks at the end).
    answer
        = json({u"add-tags-to-resource"_s, u"--resource-name"_s, arn, u"--tags"_s, u"Key=cli-quoted,Value='x = y '"_s});
    expected.insert(u"cli-quoted"_s, u"x = y "_s);
    QCOMPARE(tagMap(answer.value(u"TagList").toArray()), expected);

    // The AWS CLI prints the same document for the same state.
    const Run ours = cli({u"--output"_s, u"json"_s, u"list-tags-for-resource"_s, u"--resource-name"_s, arn});
    QVERIFY2(ours.exitCode == 0, qPrintable(describe(ours)));
    if (!m_awsBinary.isEmpty()) {
        const Run theirs = aws({u"list-tags-for-resource"_s, u"--resource-name"_s, arn});
        QVERIFY2(theirs.exitCode == 0, qPrintable(describe(theirs)));
        QCOMPARE(QString::fromUtf8(ours.out), QString::fromUtf8(theirs.out));
    }

    // Removing: --tag-keys takes several words; the table lists what is left.
    const Run removed = cli({u"remove-tags-from-resource"_s, u"--resource-name"_s, arn, u"--tag-keys"_s, u"cli-owner"_s,
                             u"cli-note"_s, u"cli-quoted"_s});
    QVERIFY2(removed.exitCode == 0, qPrintable(describe(removed)));
    QVERIFY2(removed.out.contains("cli-keep") && !removed.out.contains("cli-owner"), qPrintable(describe(removed)));
    QVERIFY(removed.out.startsWith("KEY "));
    expected.remove(u"cli-owner"_s);
    expected.remove(u"cli-note"_s);
    expected.remove(u"cli-quoted"_s);
    QCOMPARE(tagMap(json({u"list-tags-for-resource"_s, u"--resource-name"_s, arn}).value(u"TagList").toArray()),
             expected);

    // The service's limits are the service's: an aws: key is refused with its error.
    const Run reserved
        = cli({u"add-tags-to-resource"_s, u"--resource-name"_s, arn, u"--tags"_s, u"Key=aws:owner,Value=x"_s});
    QCOMPARE(reserved.exitCode, 254);
    QVERIFY2(reserved.err.contains("when calling the AddTagsToResource operation"), qPrintable(describe(reserved)));
}

void TestCliLifecycle::tagsOnCreateAndCopy()
{
    const QJsonObject source
        = availableSnapshot([](const QJsonObject &s) { return s.value(u"NumNodeGroups").toInt(1) == 1; });
    QVERIFY(!source.isEmpty());
    const QString group = source.value(u"ReplicationGroupId").toString();
    const QStringList sourceOption = group.isEmpty()
        ? QStringList {u"--cache-cluster-id"_s, source.value(u"CacheClusterId").toString()}
        : QStringList {u"--replication-group-id"_s, group};

    const QJsonObject created = json(QStringList {u"create-snapshot"_s, u"--snapshot-name"_s, u"cli-tagged-1"_s,
                                                  u"--tags"_s, u"Key=keep,Value=true"_s}
                                     + sourceOption)
                                    .value(u"Snapshot")
                                    .toObject();
    QVERIFY(!created.isEmpty());
    QCOMPARE(tagMap(json({u"list-tags-for-resource"_s, u"--resource-name"_s, created.value(u"ARN").toString()})
                        .value(u"TagList")
                        .toArray()),
             (QMap<QString, QString> {{u"keep"_s, u"true"_s}}));

    const QJsonObject copied
        = json({u"copy-snapshot"_s, u"--source-snapshot-name"_s, source.value(u"SnapshotName").toString(),
                u"--target-snapshot-name"_s, u"cli-tagged-copy"_s, u"--tags"_s, u"Key=owner,Value=ops"_s})
              .value(u"Snapshot")
              .toObject();
    QVERIFY(!copied.isEmpty());
    QCOMPARE(tagMap(json({u"list-tags-for-resource"_s, u"--resource-name"_s, copied.value(u"ARN").toString()})
                        .value(u"TagList")
                        .toArray()),
             (QMap<QString, QString> {{u"owner"_s, u"ops"_s}}));

    // Serverless: create and copy.
    QString cacheName;
    for (const QJsonValue &value : json({u"describe-serverless-caches"_s}).value(u"ServerlessCaches").toArray()) {
        if (value.toObject().value(u"Status").toString() == u"available")
            cacheName = value.toObject().value(u"ServerlessCacheName").toString();
    }
    QVERIFY(!cacheName.isEmpty());
    const QJsonObject serverless
        = json({u"create-serverless-cache-snapshot"_s, u"--serverless-cache-snapshot-name"_s, u"cli-sl-tagged"_s,
                u"--serverless-cache-name"_s, cacheName, u"--tags"_s, u"Key=cost-centre,Value=7"_s})
              .value(u"ServerlessCacheSnapshot")
              .toObject();
    QVERIFY(!serverless.isEmpty());
    // The service reads a serverless snapshot's tags once it is available (InvalidServerlessCacheSnapshotStateFault
    // before).
    QCOMPARE(waitForStatus(u"describe-serverless-cache-snapshots"_s, u"--serverless-cache-snapshot-name"_s,
                           u"cli-sl-tagged"_s, u"ServerlessCacheSnapshots"_s, u"Status"_s, u"available"_s),
             u"available"_s);
    QCOMPARE(tagMap(json({u"list-tags-for-resource"_s, u"--resource-name"_s, serverless.value(u"ARN").toString()})
                        .value(u"TagList")
                        .toArray()),
             (QMap<QString, QString> {{u"cost-centre"_s, u"7"_s}}));
    const QJsonObject serverlessCopy
        = json({u"copy-serverless-cache-snapshot"_s, u"--source-serverless-cache-snapshot-name"_s, u"cli-sl-tagged"_s,
                u"--target-serverless-cache-snapshot-name"_s, u"cli-sl-tagged-copy"_s, u"--tags"_s,
                u"[{\"Key\":\"keep\",\"Value\":\"true\"}]"_s})
              .value(u"ServerlessCacheSnapshot")
              .toObject();
    QVERIFY(!serverlessCopy.isEmpty());
    QCOMPARE(waitForStatus(u"describe-serverless-cache-snapshots"_s, u"--serverless-cache-snapshot-name"_s,
                           u"cli-sl-tagged-copy"_s, u"ServerlessCacheSnapshots"_s, u"Status"_s, u"available"_s),
             u"available"_s);
    QCOMPARE(tagMap(json({u"list-tags-for-resource"_s, u"--resource-name"_s, serverlessCopy.value(u"ARN").toString()})
                        .value(u"TagList")
                        .toArray()),
             (QMap<QString, QString> {{u"keep"_s, u"true"_s}}));
}

// ---- the account's groups and versions -----------------------------------------------------------------------

void TestCliLifecycle::accountListings_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("listKey");
    QTest::addColumn<QString>("nameKey");
    QTest::addColumn<QStringList>("names"); // names that must be listed
    QTest::addColumn<bool>("compare"); // with the AWS CLI v2

    QTest::newRow("subnet groups") << QStringList {u"describe-cache-subnet-groups"_s} << u"CacheSubnetGroups"_s
                                   << u"CacheSubnetGroupName"_s
                                   << QStringList {u"default"_s, u"cachesnap-private"_s, u"cachesnap-other-vpc"_s}
                                   << true;
    QTest::newRow("one subnet group") << QStringList {u"describe-cache-subnet-groups"_s, u"--cache-subnet-group-name"_s,
                                                      u"cachesnap-private"_s}
                                      << u"CacheSubnetGroups"_s << u"CacheSubnetGroupName"_s
                                      << QStringList {u"cachesnap-private"_s} << false;
    QTest::newRow("parameter groups") << QStringList {u"describe-cache-parameter-groups"_s, u"--page-size"_s, u"20"_s}
                                      << u"CacheParameterGroups"_s << u"CacheParameterGroupName"_s
                                      << QStringList {u"default.redis7"_s, u"default.valkey8"_s, u"cachesnap-tuned"_s}
                                      << true;
    QTest::newRow("engine versions") << QStringList {u"describe-cache-engine-versions"_s, u"--engine"_s, u"valkey"_s}
                                     << u"CacheEngineVersions"_s << u"Engine"_s << QStringList {u"valkey"_s} << true;
}

void TestCliLifecycle::accountListings()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, listKey);
    QFETCH(QString, nameKey);
    QFETCH(QStringList, names);
    QFETCH(bool, compare);

    const Run ours = cli(QStringList {u"--output"_s, u"json"_s} + arguments);
    QVERIFY2(ours.exitCode == 0, qPrintable(describe(ours)));
    const QJsonArray items = parseObject(ours.out).value(listKey).toArray();
    QVERIFY(!items.isEmpty());
    QStringList listed;
    for (const QJsonValue &item : items)
        listed.append(item.toObject().value(nameKey).toString());
    for (const QString &name : names)
        QVERIFY2(listed.contains(name), qPrintable(name + u" not in "_s + listed.join(u", "_s)));
    if (arguments.contains(u"--engine"_s)) {
        listed.removeDuplicates();
        QCOMPARE(listed, QStringList {arguments.last()});
    }

    // The table lists the same items.
    const Run table = cli(arguments);
    QVERIFY2(table.exitCode == 0, qPrintable(describe(table)));
    QVERIFY2(table.out.contains(u"\n%1 "_s.arg(items.size()).toUtf8()), qPrintable(describe(table)));

    if (compare && !m_awsBinary.isEmpty()) {
        const Run theirs = aws(arguments);
        QVERIFY2(theirs.exitCode == 0, qPrintable(describe(theirs)));
        QCOMPARE(parseObject(ours.out), parseObject(theirs.out));
        QCOMPARE(QString::fromUtf8(ours.out), QString::fromUtf8(theirs.out));
    }
}

// ---- one error of each kind --------------------------------------------------------------------------------

void TestCliLifecycle::errorKinds()
{
    // 254: the service's error, the AWS CLI's line byte for byte.
    const QStringList missing {u"list-tags-for-resource"_s, u"--resource-name"_s,
                               u"arn:aws:elasticache:us-east-1:123456789012:snapshot:no-such-snapshot"_s};
    const Run service = cli(missing);
    QCOMPARE(service.exitCode, 254);
    QVERIFY(service.out.isEmpty());
    QVERIFY2(service.err.startsWith("\nAn error occurred ("), qPrintable(describe(service)));
    QVERIFY(service.err.contains("when calling the ListTagsForResource operation"));
    if (!m_awsBinary.isEmpty()) {
        const Run theirs = runProgram(
            m_awsBinary, QStringList {u"elasticache"_s} + missing + QStringList {u"--endpoint-url"_s, m_sandbox->url()},
            baseEnvironment(m_home.path()));
        QCOMPARE(theirs.exitCode, 254);
        QCOMPARE(QString::fromUtf8(service.err), QString::fromUtf8(theirs.err));
    }

    // 253: no credentials; nothing is sent.
    QProcessEnvironment noKeys = baseEnvironment(m_home.path());
    noKeys.remove(u"AWS_ACCESS_KEY_ID"_s);
    noKeys.remove(u"AWS_SECRET_ACCESS_KEY"_s);
    const Run config = cli({u"describe-cache-subnet-groups"_s}, noKeys);
    QCOMPARE(config.exitCode, 253);
    QVERIFY(config.out.isEmpty());

    // 255: nobody answers.
    const Run network = runProgram(m_cliBinary,
                                   {u"--endpoint-url"_s, u"http://127.0.0.1:9"_s, u"modify-serverless-cache"_s,
                                    u"--serverless-cache-name"_s, u"x"_s, u"--snapshot-retention-limit"_s, u"1"_s},
                                   baseEnvironment(m_home.path()));
    QCOMPARE(network.exitCode, 255);
    QVERIFY2(network.err.contains("when calling the ModifyServerlessCache operation"), qPrintable(describe(network)));

    // 2: a usage error (see usageErrors for the kinds).
    const Run usage = cli({u"describe-cache-engine-versions"_s, u"--page-size"_s, u"5"_s});
    QCOMPARE(usage.exitCode, 2);
}

QTEST_GUILESS_MAIN(TestCliLifecycle)
#include "tst_cli_lifecycle.moc"
