// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// RestorePlan: the defaults a restore takes from a snapshot or from .rdb objects, every rule of
// tests/data/snapshot-rules.md ("Restore into a new cache") with its reason, and the requests it builds.

#include "restoreplan.h"
#include "testsupport.h"

#include <QTest>

using namespace Qt::StringLiterals;
using RestorePlan::Choice;
using RestorePlan::Input;
using RestorePlan::Origin;
using RestorePlan::Source;
using RestorePlan::Target;

namespace {

NodeSnapshot node(const QString &cluster, const QString &group, const QString &slots, int replicas)
{
    NodeSnapshot n;
    n.cacheClusterId = cluster;
    n.nodeGroupId = group;
    NodeGroupConfiguration config;
    config.nodeGroupId = group;
    config.slots = slots;
    config.replicaCount = replicas;
    n.nodeGroupConfiguration = config;
    return n;
}

// A snapshot of a three-shard cluster-mode-enabled Valkey group, as DescribeSnapshots with ShowNodeGroupConfig
// gives it.
Snapshot clusterModeSnapshot()
{
    Snapshot s;
    s.snapshotName = u"demo-valkey-rg-manual"_s;
    s.arn = u"arn:aws:elasticache:us-east-1:123456789012:snapshot:demo-valkey-rg-manual"_s;
    s.replicationGroupId = u"demo-valkey-rg"_s;
    s.engine = u"valkey"_s;
    s.engineVersion = u"8.0.1"_s;
    s.cacheNodeType = u"cache.r7g.large"_s;
    s.numNodeGroups = 3;
    s.automaticFailover = u"enabled"_s;
    s.port = 6379;
    s.cacheParameterGroupName = u"default.valkey8.cluster.on"_s;
    s.cacheSubnetGroupName = u"cachesnap-private"_s;
    s.vpcId = u"vpc-0e1a5c0de0000d001"_s;
    s.dataTiering = u"disabled"_s;
    for (int shard = 0; shard < 3; ++shard)
        s.nodeSnapshots.append(node(u"demo-valkey-rg-000%1-001"_s.arg(shard + 1), u"000%1"_s.arg(shard + 1),
                                    RestorePlan::slotRanges(3).at(shard), 2));
    return s;
}

// A standalone Redis OSS 7.1 cluster's snapshot (cluster mode disabled, no replication group).
Snapshot standaloneSnapshot()
{
    Snapshot s;
    s.snapshotName = u"demo-before-upgrade"_s;
    s.cacheClusterId = u"demo-redis-001"_s;
    s.engine = u"redis"_s;
    s.engineVersion = u"7.1.0"_s;
    s.cacheNodeType = u"cache.t3.micro"_s;
    s.numCacheNodes = 1;
    s.port = 6380;
    s.cacheParameterGroupName = u"default.redis7"_s;
    s.cacheSubnetGroupName = u"default"_s;
    s.dataTiering = u"disabled"_s;
    NodeSnapshot n;
    n.cacheNodeId = u"0001"_s;
    n.cacheSize = u"6 MB"_s;
    s.nodeSnapshots.append(n);
    return s;
}

// A cluster-mode-disabled group's snapshot: taken from one of its nodes, which it names.
Snapshot groupSnapshot()
{
    Snapshot s = standaloneSnapshot();
    s.snapshotName = u"orders-nightly"_s;
    s.replicationGroupId = u"orders"_s;
    s.cacheClusterId = u"orders-002"_s;
    s.numNodeGroups = 1;
    s.automaticFailover = u"enabled"_s;
    s.nodeSnapshots = {node(u"orders-002"_s, u"0001"_s, QString(), 2)};
    return s;
}

Snapshot tieredSnapshot()
{
    Snapshot s = clusterModeSnapshot();
    s.snapshotName = u"demo-tiered-manual"_s;
    s.engine = u"redis"_s;
    s.engineVersion = u"7.1.0"_s;
    s.cacheNodeType = u"cache.r6gd.xlarge"_s;
    s.cacheParameterGroupName = u"default.redis7.cluster.on"_s;
    s.numNodeGroups = 2;
    s.dataTiering = u"enabled"_s;
    s.nodeSnapshots.removeLast();
    return s;
}

ServerlessCacheSnapshot serverlessSnapshot()
{
    ServerlessCacheSnapshot s;
    s.serverlessCacheSnapshotName = u"demo-serverless-manual"_s;
    s.arn = u"arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:demo-serverless-manual"_s;
    ServerlessCacheConfiguration config;
    config.serverlessCacheName = u"demo-serverless"_s;
    config.engine = u"valkey"_s;
    config.majorEngineVersion = u"8"_s;
    s.serverlessCacheConfiguration = config;
    return s;
}

const QString kObject1 = u"arn:aws:s3:::demo-exports-taken/demo-valkey-rg-manual-0001.rdb"_s;
const QString kObject2 = u"arn:aws:s3:::demo-exports-taken/demo-valkey-rg-manual-0002.rdb"_s;

// The texts of the issues about one field, refusals and notes apart.
QStringList refusals(const QList<RestorePlan::Issue> &issues, Input field)
{
    QStringList texts;
    for (const RestorePlan::Issue &issue : issues) {
        if (issue.field == field && issue.refusal)
            texts << issue.text;
    }
    return texts;
}

QStringList notes(const QList<RestorePlan::Issue> &issues, Input field)
{
    QStringList texts;
    for (const RestorePlan::Issue &issue : issues) {
        if (issue.field == field && !issue.refusal)
            texts << issue.text;
    }
    return texts;
}

QString describe(const QList<RestorePlan::Issue> &issues)
{
    QStringList lines;
    for (const RestorePlan::Issue &issue : issues)
        lines << u"%1%2: %3"_s.arg(issue.refusal ? u"refused "_s : u"note "_s).arg(int(issue.field)).arg(issue.text);
    return lines.join(u'\n');
}

} // namespace

class TestRestorePlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sourceOfClusterModeSnapshot();
    void sourceOfStandaloneAndGroupSnapshots();
    void sourceOfServerlessAndObjects();
    void defaultsPassTheRules();
    void defaultNameAvoidsExistingCaches();
    void targetsPerOrigin();
    void clusterModeOnlyGoesOn();
    void dataTieringOnlyOntoR6gd();
    void multipleDatabasesNotIntoClusterMode();
    void names_data();
    void names();
    void nameTakenAlready();
    void shardAndReplicaBounds_data();
    void shardAndReplicaBounds();
    void engineVersionAndParameterGroup();
    void objectArns_data();
    void objectArns();
    void objectsIntoTargets();
    void replicationGroupRequestFromSnapshot();
    void replicationGroupRequestWithoutClusterMode();
    void replicationGroupRequestFromObjects();
    void cacheClusterRequest();
    void serverlessRequests();
    void helpers();
    void rulesAreRecorded();
};

void TestRestorePlan::sourceOfClusterModeSnapshot()
{
    const Source s = RestorePlan::fromSnapshot(clusterModeSnapshot());
    QCOMPARE(s.origin, Origin::NodeSnapshot);
    QCOMPARE(s.snapshotName, u"demo-valkey-rg-manual"_s);
    QCOMPARE(s.engine, u"valkey"_s);
    QCOMPARE(s.engineVersion, u"8.0.1"_s);
    QCOMPARE(s.nodeType, u"cache.r7g.large"_s);
    QCOMPARE(s.shards, 3);
    QCOMPARE(s.replicas, std::optional<int>(2));
    QVERIFY(s.clusterMode);
    QVERIFY(s.fromReplicationGroup);
    QVERIFY(!s.dataTiering);
    QCOMPARE(s.port, std::optional<int>(6379));
    QCOMPARE(s.parameterGroup, u"default.valkey8.cluster.on"_s);
    QCOMPARE(s.subnetGroup, u"cachesnap-private"_s);
    QCOMPARE(s.vpcId, u"vpc-0e1a5c0de0000d001"_s);
    QCOMPARE(RestorePlan::defaultTarget(s), Target::ReplicationGroup);

    const Choice c = RestorePlan::defaults(s, Target::ReplicationGroup);
    QCOMPARE(c.name, u"demo-valkey-rg-manual-restored"_s);
    QCOMPARE(c.description, u"Restored from snapshot demo-valkey-rg-manual"_s);
    QCOMPARE(c.engine, u"valkey"_s);
    QCOMPARE(c.engineVersion, u"8.0.1"_s);
    QCOMPARE(c.nodeType, u"cache.r7g.large"_s);
    QVERIFY(c.clusterMode);
    QCOMPARE(c.shards, 3);
    QCOMPARE(c.replicas, 2);
    QCOMPARE(c.port, std::optional<int>(6379));
    QCOMPARE(c.parameterGroup, u"default.valkey8.cluster.on"_s);
    QCOMPARE(c.subnetGroup, u"cachesnap-private"_s);

    // Without ShowNodeGroupConfig the shards' replicas are unknown: a group keeps one, as a failover target.
    Snapshot listed = clusterModeSnapshot();
    for (NodeSnapshot &n : listed.nodeSnapshots)
        n.nodeGroupConfiguration.reset();
    QCOMPARE(RestorePlan::fromSnapshot(listed).replicas, std::nullopt);
    QCOMPARE(RestorePlan::defaults(RestorePlan::fromSnapshot(listed), Target::ReplicationGroup).replicas, 1);

    // A one-shard cluster-mode group is told by its parameter group, or by having no node named in the snapshot.
    Snapshot oneShard = clusterModeSnapshot();
    oneShard.numNodeGroups = 1;
    oneShard.nodeSnapshots.resize(1);
    QVERIFY(RestorePlan::fromSnapshot(oneShard).clusterMode);
    oneShard.cacheParameterGroupName = u"cachesnap-tuned"_s;
    QVERIFY(RestorePlan::fromSnapshot(oneShard).clusterMode);
}

void TestRestorePlan::sourceOfStandaloneAndGroupSnapshots()
{
    const Source standalone = RestorePlan::fromSnapshot(standaloneSnapshot());
    QVERIFY(!standalone.clusterMode);
    QVERIFY(!standalone.fromReplicationGroup);
    QCOMPARE(standalone.shards, 1);
    QCOMPARE(RestorePlan::defaultTarget(standalone), Target::CacheCluster);
    const Choice cluster = RestorePlan::defaults(standalone, Target::CacheCluster);
    QCOMPARE(cluster.name, u"demo-before-upgrade-restored"_s);
    QCOMPARE(cluster.nodeType, u"cache.t3.micro"_s);
    QCOMPARE(cluster.port, std::optional<int>(6380));
    QCOMPARE(cluster.parameterGroup, u"default.redis7"_s);
    QCOMPARE(cluster.replicas, 0);
    QVERIFY(!cluster.clusterMode);

    const Source group = RestorePlan::fromSnapshot(groupSnapshot());
    QVERIFY(!group.clusterMode);
    QVERIFY(group.fromReplicationGroup);
    QCOMPARE(RestorePlan::defaultTarget(group), Target::ReplicationGroup);
    const Choice c = RestorePlan::defaults(group, Target::ReplicationGroup);
    QVERIFY(!c.clusterMode);
    QCOMPARE(c.shards, 1);
    QCOMPARE(c.replicas, 2);

    // An automatic snapshot's name gives the cache's name without its "automatic." prefix.
    Snapshot automatic = standaloneSnapshot();
    automatic.snapshotName = u"automatic.demo-redis-001-2026-11-24-04-12"_s;
    QCOMPARE(RestorePlan::defaults(RestorePlan::fromSnapshot(automatic), Target::CacheCluster).name,
             u"demo-redis-001-2026-11-24-04-12-restored"_s);
}

void TestRestorePlan::sourceOfServerlessAndObjects()
{
    const Source serverless = RestorePlan::fromServerlessSnapshot(serverlessSnapshot());
    QCOMPARE(serverless.origin, Origin::ServerlessSnapshot);
    QCOMPARE(serverless.engine, u"valkey"_s);
    QCOMPARE(serverless.engineVersion, u"8"_s);
    QCOMPARE(RestorePlan::defaultTarget(serverless), Target::ServerlessCache);
    const Choice c = RestorePlan::defaults(serverless, Target::ServerlessCache);
    QCOMPARE(c.name, u"demo-serverless-manual-restored"_s);
    QCOMPARE(c.engine, u"valkey"_s);
    QCOMPARE(c.engineVersion, u"8"_s);
    QVERIFY(c.nodeType.isEmpty());
    QCOMPARE(RestorePlan::restoredFrom(serverless), u"demo-serverless-manual"_s);

    const Source objects = RestorePlan::fromObjects({kObject1, kObject2}, u"valkey"_s);
    QCOMPARE(objects.origin, Origin::S3Objects);
    QCOMPARE(RestorePlan::defaultTarget(objects), Target::ReplicationGroup);
    const Choice o = RestorePlan::defaults(objects, Target::ReplicationGroup);
    // Named after the export's prefix, without the shard number.
    QCOMPARE(o.name, u"demo-valkey-rg-manual-restored"_s);
    QCOMPARE(o.description, u"Restored from 2 .rdb objects in S3"_s);
    QVERIFY(o.clusterMode); // several objects go into one cluster-mode group
    QCOMPARE(o.shards, 2);
    QCOMPARE(RestorePlan::restoredFrom(objects), kObject1 + u", "_s + kObject2);
    QCOMPARE(RestorePlan::defaults(RestorePlan::fromObjects({kObject1}), Target::CacheCluster).engine, u"redis"_s);
}

void TestRestorePlan::defaultsPassTheRules()
{
    const QList<Source> sources = {
        RestorePlan::fromSnapshot(clusterModeSnapshot()),
        RestorePlan::fromSnapshot(standaloneSnapshot()),
        RestorePlan::fromSnapshot(groupSnapshot()),
        RestorePlan::fromSnapshot(tieredSnapshot()),
        RestorePlan::fromServerlessSnapshot(serverlessSnapshot()),
        RestorePlan::fromObjects({kObject1}, u"redis"_s),
    };
    for (const Source &source : sources) {
        const Choice c = RestorePlan::defaults(source, RestorePlan::defaultTarget(source));
        const auto issues = RestorePlan::check(source, c);
        QVERIFY2(RestorePlan::allows(issues), qPrintable(source.snapshotName + u'\n' + describe(issues)));
    }
}

void TestRestorePlan::defaultNameAvoidsExistingCaches()
{
    const Source s = RestorePlan::fromSnapshot(clusterModeSnapshot());
    const QSet<QString> existing = {u"demo-valkey-rg-manual-restored"_s, u"demo-valkey-rg-manual-restored-2"_s};
    const Choice c = RestorePlan::defaults(s, Target::ReplicationGroup, existing);
    QCOMPARE(c.name, u"demo-valkey-rg-manual-restored-3"_s);
    QVERIFY(RestorePlan::allows(RestorePlan::check(s, c, existing)));

    // Long snapshot names are shortened to the target's maximum (40 for a group, 50 for a cluster).
    Snapshot longName = standaloneSnapshot();
    longName.snapshotName = u"a-very-long-snapshot-name-that-goes-on-and-on-and-on"_s;
    const Source l = RestorePlan::fromSnapshot(longName);
    QVERIFY(RestorePlan::defaults(l, Target::ReplicationGroup).name.size() >= 39); // less a hyphen at the cut
    QVERIFY(RestorePlan::defaults(l, Target::ReplicationGroup).name.size() <= 40);
    QVERIFY(RestorePlan::defaults(l, Target::ReplicationGroup).name.endsWith(u"-restored"_s));
    QVERIFY(RestorePlan::defaults(l, Target::CacheCluster).name.size() >= 49);
    QVERIFY(RestorePlan::defaults(l, Target::CacheCluster).name.size() <= 50);
}

void TestRestorePlan::targetsPerOrigin()
{
    QCOMPARE(RestorePlan::targetsFor(Origin::NodeSnapshot),
             QList<Target>({Target::ReplicationGroup, Target::CacheCluster}));
    QCOMPARE(RestorePlan::targetsFor(Origin::ServerlessSnapshot), QList<Target>({Target::ServerlessCache}));
    QCOMPARE(RestorePlan::targetsFor(Origin::S3Objects).size(), 3);

    const Source cme = RestorePlan::fromSnapshot(clusterModeSnapshot());
    QVERIFY(RestorePlan::targetRefusal(cme, Target::ReplicationGroup).isEmpty());
    QVERIFY(RestorePlan::targetRefusal(cme, Target::CacheCluster).contains(u"never off"_s));
    QVERIFY(!RestorePlan::targetRefusal(cme, Target::ServerlessCache).isEmpty());
    const Source cmd = RestorePlan::fromSnapshot(standaloneSnapshot());
    QVERIFY(RestorePlan::targetRefusal(cmd, Target::CacheCluster).isEmpty());
    const Source serverless = RestorePlan::fromServerlessSnapshot(serverlessSnapshot());
    QVERIFY(RestorePlan::targetRefusal(serverless, Target::ReplicationGroup).contains(u"serverless cache"_s));

    // A snapshot is restored once it is available.
    Snapshot creating = clusterModeSnapshot();
    creating.snapshotStatus = u"creating"_s;
    const Source notYet = RestorePlan::fromSnapshot(creating);
    QCOMPARE(
        refusals(RestorePlan::check(notYet, RestorePlan::defaults(notYet, Target::ReplicationGroup)), Input::Target),
        QStringList {u"The snapshot is creating: a snapshot can be restored once it is available."_s});
    creating.snapshotStatus = u"available"_s;
    QVERIFY(RestorePlan::allows(RestorePlan::check(RestorePlan::fromSnapshot(creating),
                                                   RestorePlan::defaults(notYet, Target::ReplicationGroup))));

    // The refusal is check()'s too, on the Target field.
    Choice c = RestorePlan::defaults(cme, Target::CacheCluster);
    QCOMPARE(refusals(RestorePlan::check(cme, c), Input::Target).size(), 1);
}

void TestRestorePlan::clusterModeOnlyGoesOn()
{
    // Disabled → enabled is allowed.
    const Source group = RestorePlan::fromSnapshot(groupSnapshot());
    Choice c = RestorePlan::defaults(group, Target::ReplicationGroup);
    c.clusterMode = true;
    c.shards = 3;
    c.parameterGroup = u"default.redis7.cluster.on"_s;
    auto issues = RestorePlan::check(group, c);
    QVERIFY2(RestorePlan::allows(issues), qPrintable(describe(issues)));
    QVERIFY(RestorePlan::clusterModeRefusal(group, c, true).isEmpty());
    // ... with a note: the data must be in database 0 alone, which the API cannot tell.
    QCOMPARE(notes(issues, Input::ClusterMode).size(), 1);
    QVERIFY(notes(issues, Input::ClusterMode).constFirst().contains(u"database 0"_s));

    // Enabled → disabled is refused, with the reason.
    const Source cme = RestorePlan::fromSnapshot(clusterModeSnapshot());
    c = RestorePlan::defaults(cme, Target::ReplicationGroup);
    c.clusterMode = false;
    c.shards = 1;
    c.parameterGroup = u"default.valkey8"_s;
    issues = RestorePlan::check(cme, c);
    QVERIFY(!RestorePlan::allows(issues));
    QCOMPARE(refusals(issues, Input::ClusterMode),
             QStringList {u"The snapshot is of a cluster-mode-enabled group: a restore can turn cluster mode on, never "
                          "off."_s});
    QCOMPARE(RestorePlan::clusterModeRefusal(cme, c, false), refusals(issues, Input::ClusterMode).constFirst());
    // A cluster-mode source needs no database note.
    c.clusterMode = true;
    c.shards = 3;
    c.parameterGroup = u"default.valkey8.cluster.on"_s;
    QVERIFY(notes(RestorePlan::check(cme, c), Input::ClusterMode).isEmpty());
    // Without cluster mode a group has one shard.
    c = RestorePlan::defaults(group, Target::ReplicationGroup);
    c.shards = 2;
    QCOMPARE(refusals(RestorePlan::check(group, c), Input::Shards),
             QStringList {u"Without cluster mode a group has one shard."_s});
}

void TestRestorePlan::dataTieringOnlyOntoR6gd()
{
    const Source tiered = RestorePlan::fromSnapshot(tieredSnapshot());
    QVERIFY(tiered.dataTiering);
    Choice c = RestorePlan::defaults(tiered, Target::ReplicationGroup);
    QVERIFY(RestorePlan::allows(RestorePlan::check(tiered, c)));
    c.nodeType = u"cache.r6gd.2xlarge"_s;
    QVERIFY(RestorePlan::allows(RestorePlan::check(tiered, c)));
    c.nodeType = u"cache.r7g.xlarge"_s;
    const auto issues = RestorePlan::check(tiered, c);
    QCOMPARE(refusals(issues, Input::NodeType),
             QStringList {u"The snapshot was taken with data tiering: it restores only onto r6gd nodes "
                          "(cache.r6gd.*)."_s});
    // A single-node cluster has no data tiering at all (a cluster-mode-disabled group's tiered snapshot included).
    Snapshot tieredGroup = groupSnapshot();
    tieredGroup.cacheNodeType = u"cache.r6gd.xlarge"_s;
    tieredGroup.dataTiering = u"enabled"_s;
    QVERIFY(!RestorePlan::fromSnapshot(tieredGroup).clusterMode);
    QVERIFY(RestorePlan::targetRefusal(RestorePlan::fromSnapshot(tieredGroup), Target::CacheCluster)
                .contains(u"data tiering"_s));
    // A snapshot without tiering may go onto r6gd nodes (in a group), which turns tiering on in the request.
    const Source plain = RestorePlan::fromSnapshot(clusterModeSnapshot());
    c = RestorePlan::defaults(plain, Target::ReplicationGroup);
    c.nodeType = u"cache.r6gd.xlarge"_s;
    QVERIFY(RestorePlan::allows(RestorePlan::check(plain, c)));
    QCOMPARE(RestorePlan::replicationGroupRequest(plain, c).dataTieringEnabled, std::optional<bool>(true));
    const Source standalone = RestorePlan::fromSnapshot(standaloneSnapshot());
    c = RestorePlan::defaults(standalone, Target::CacheCluster);
    c.nodeType = u"cache.r6gd.xlarge"_s;
    QCOMPARE(refusals(RestorePlan::check(standalone, c), Input::NodeType),
             QStringList {u"Data tiering (r6gd nodes) is only for replication groups."_s});
    // cache.t1.micro has no restore without cluster mode.
    c.nodeType = u"cache.t1.micro"_s;
    QCOMPARE(refusals(RestorePlan::check(standalone, c), Input::NodeType).size(), 1);
}

void TestRestorePlan::multipleDatabasesNotIntoClusterMode()
{
    Source group = RestorePlan::fromSnapshot(groupSnapshot());
    group.databases = RestorePlan::Databases::Several;
    Choice c = RestorePlan::defaults(group, Target::ReplicationGroup);
    QVERIFY(RestorePlan::allows(RestorePlan::check(group, c))); // without cluster mode: fine
    c.clusterMode = true;
    c.shards = 2;
    c.parameterGroup = u"default.redis7.cluster.on"_s;
    const auto issues = RestorePlan::check(group, c);
    QCOMPARE(refusals(issues, Input::ClusterMode),
             QStringList {u"The data uses databases other than 0, and cluster mode has only database 0: the restore "
                          "would fail."_s});
    QVERIFY(notes(issues, Input::ClusterMode).isEmpty());
    // Known to use database 0 alone: no note.
    group.databases = RestorePlan::Databases::One;
    QVERIFY(RestorePlan::check(group, c).isEmpty());
}

void TestRestorePlan::names_data()
{
    QTest::addColumn<int>("target");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("reason"); // empty: allowed

    const int group = int(Target::ReplicationGroup);
    const int cluster = int(Target::CacheCluster);
    const int serverless = int(Target::ServerlessCache);
    QTest::newRow("group ok") << group << u"orders-restored"_s << QString();
    QTest::newRow("upper case is stored lower") << group << u"Orders-Restored"_s << QString();
    QTest::newRow("group 40") << group << QString(40, u'a') << QString();
    QTest::newRow("group 41") << group << QString(41, u'a') << u"at most 40 characters (this one has 41)"_s;
    QTest::newRow("cluster 50") << cluster << QString(50, u'a') << QString();
    QTest::newRow("cluster 51") << cluster << QString(51, u'a') << u"at most 50 characters"_s;
    QTest::newRow("serverless 40") << serverless << QString(40, u'a') << QString();
    QTest::newRow("serverless 41") << serverless << QString(41, u'a') << u"at most 40 characters"_s;
    QTest::newRow("empty") << group << QString() << u"Enter a name."_s;
    QTest::newRow("digit first") << cluster << u"1orders"_s << u"must start with a letter"_s;
    QTest::newRow("underscore") << serverless << u"my_cache"_s << u"not \u201c_\u201d"_s;
    QTest::newRow("dot") << group << u"my.cache"_s << u"not \u201c.\u201d"_s;
    QTest::newRow("double hyphen") << cluster << u"my--cache"_s << u"two hyphens in a row"_s;
    QTest::newRow("trailing hyphen") << serverless << u"my-cache-"_s << u"cannot end with a hyphen"_s;
}

void TestRestorePlan::names()
{
    QFETCH(int, target);
    QFETCH(QString, name);
    QFETCH(QString, reason);
    const SnapshotNames::Verdict v = RestorePlan::checkName(Target(target), name);
    QCOMPARE(v.ok, reason.isEmpty());
    QVERIFY2(v.reason.contains(reason), qPrintable(v.reason));
    // check() reports it on the Name field.
    const Source s = Target(target) == Target::ServerlessCache
        ? RestorePlan::fromServerlessSnapshot(serverlessSnapshot())
        : RestorePlan::fromSnapshot(standaloneSnapshot());
    Choice c = RestorePlan::defaults(s, Target(target));
    c.name = name;
    const QStringList texts = refusals(RestorePlan::check(s, c), Input::Name);
    QCOMPARE(texts.isEmpty(), reason.isEmpty());
    if (!reason.isEmpty())
        QCOMPARE(texts.constFirst(), v.reason);
}

void TestRestorePlan::nameTakenAlready()
{
    const Source s = RestorePlan::fromSnapshot(standaloneSnapshot());
    Choice c = RestorePlan::defaults(s, Target::CacheCluster);
    c.name = u"Demo-Redis-001"_s;
    QCOMPARE(refusals(RestorePlan::check(s, c, {u"demo-redis-001"_s}), Input::Name),
             QStringList {u"A cluster named demo-redis-001 exists already."_s});
}

void TestRestorePlan::shardAndReplicaBounds_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<int>("shards");
    QTest::addColumn<int>("replicas");
    QTest::addColumn<int>("field");
    QTest::addColumn<QString>("refusal"); // empty: allowed
    QTest::addColumn<QString>("note");

    const int shards = int(Input::Shards);
    const int replicas = int(Input::Replicas);
    QTest::newRow("1x0") << u"8.0.1"_s << 1 << 0 << shards << QString() << QString();
    QTest::newRow("15x5 = 90 nodes") << u"8.0.1"_s << 15 << 5 << replicas << QString() << QString();
    QTest::newRow("0 shards") << u"8.0.1"_s << 0 << 1 << shards << u"1 to 500 shards"_s << QString();
    QTest::newRow("501 shards") << u"8.0.1"_s << 501 << 0 << shards << u"1 to 500 shards"_s << QString();
    QTest::newRow("6 replicas") << u"8.0.1"_s << 2 << 6 << replicas << u"0 to 5 replicas"_s << QString();
    QTest::newRow("-1 replicas") << u"8.0.1"_s << 2 << -1 << replicas << u"0 to 5 replicas"_s << QString();
    QTest::newRow("91 nodes: quota note")
        << u"8.0.1"_s << 91 << 0 << replicas << QString() << u"default quota of 90 nodes"_s;
    QTest::newRow("500 nodes") << u"8.0.1"_s << 100 << 4 << replicas << QString() << u"raised quota"_s;
    QTest::newRow("504 nodes") << u"8.0.1"_s << 84 << 5 << replicas << u"504 nodes; a cluster has at most 500"_s
                               << QString();
}

void TestRestorePlan::shardAndReplicaBounds()
{
    QFETCH(QString, version);
    QFETCH(int, shards);
    QFETCH(int, replicas);
    QFETCH(int, field);
    QFETCH(QString, refusal);
    QFETCH(QString, note);
    const Source s = RestorePlan::fromSnapshot(clusterModeSnapshot());
    Choice c = RestorePlan::defaults(s, Target::ReplicationGroup);
    c.engineVersion = version;
    c.shards = shards;
    c.replicas = replicas;
    const auto issues = RestorePlan::check(s, c);
    const QStringList refused = refusals(issues, Input(field));
    QCOMPARE(refused.isEmpty(), refusal.isEmpty());
    if (!refusal.isEmpty())
        QVERIFY2(refused.constFirst().contains(refusal), qPrintable(refused.constFirst()));
    const QStringList noted = notes(issues, Input(field));
    QCOMPARE(noted.isEmpty(), note.isEmpty());
    if (!note.isEmpty())
        QVERIFY2(noted.constFirst().contains(note), qPrintable(noted.constFirst()));
}

void TestRestorePlan::engineVersionAndParameterGroup()
{
    const Source s = RestorePlan::fromSnapshot(groupSnapshot()); // Redis OSS 7.1.0
    Choice c = RestorePlan::defaults(s, Target::ReplicationGroup);
    c.engineVersion = u"7.1"_s; // the same version, written short
    QVERIFY(RestorePlan::allows(RestorePlan::check(s, c)));
    c.engineVersion = u"6.2.6"_s;
    QCOMPARE(refusals(RestorePlan::check(s, c), Input::EngineVersion),
             QStringList {u"Redis OSS 6.2.6 is older than the snapshot's 7.1.0: data restores into the same version or "
                          "a newer one."_s});
    c.engineVersion = QString(); // the service's default
    QVERIFY(RestorePlan::allows(RestorePlan::check(s, c)));

    // The parameter group must be of the engine version's family ...
    c.engineVersion = u"7.1.0"_s;
    c.engineFamily = u"redis7"_s;
    c.parameterGroup = u"cachesnap-tuned"_s;
    c.parameterGroupFamily = u"redis6.x"_s;
    QCOMPARE(refusals(RestorePlan::check(s, c), Input::ParameterGroup),
             QStringList {u"cachesnap-tuned is a group for redis6.x; Redis OSS 7.1.0 needs one for redis7."_s});
    c.parameterGroupFamily = u"redis7"_s;
    QVERIFY(RestorePlan::allows(RestorePlan::check(s, c)));
    // ... and a default group's cluster mode must be the group's.
    c.clusterMode = true;
    c.shards = 2;
    c.parameterGroup = u"default.redis7"_s;
    QCOMPARE(refusals(RestorePlan::check(s, c), Input::ParameterGroup),
             QStringList {u"default.redis7 has cluster mode off; cluster mode needs a group with cluster-enabled set "
                          "to yes, such as default.redis7.cluster.on."_s});
    c.clusterMode = false;
    c.shards = 1;
    c.parameterGroup = u"default.redis7.cluster.on"_s;
    QVERIFY(refusals(RestorePlan::check(s, c), Input::ParameterGroup).constFirst().contains(u"default.redis7."_s));
    // The snapshot's own custom group has the cluster mode of the cache the snapshot was taken of.
    Snapshot tuned = groupSnapshot();
    tuned.cacheParameterGroupName = u"cachesnap-tuned"_s;
    const Source t = RestorePlan::fromSnapshot(tuned);
    QCOMPARE(RestorePlan::groupClusterMode(t, u"cachesnap-tuned"_s), std::optional<bool>(false));
    QCOMPARE(RestorePlan::groupClusterMode(t, u"another-custom"_s), std::nullopt);
    QCOMPARE(RestorePlan::groupClusterMode(t, u"default.redis7.cluster.on"_s), std::optional<bool>(true));
    c = RestorePlan::defaults(t, Target::ReplicationGroup);
    QCOMPARE(c.parameterGroup, u"cachesnap-tuned"_s);
    QVERIFY(RestorePlan::allows(RestorePlan::check(t, c)));
    c.clusterMode = true;
    c.shards = 2;
    QCOMPARE(
        refusals(RestorePlan::check(t, c), Input::ParameterGroup),
        QStringList {u"cachesnap-tuned (the group of the snapshot's cache) has cluster mode off; cluster mode needs "
                     "a group with cluster-enabled set to yes, such as default.redis7.cluster.on."_s});
    c.parameterGroup = u"another-custom"_s; // unknown: the service checks it
    QVERIFY(RestorePlan::allows(RestorePlan::check(t, c)));

    // Cluster mode needs Redis OSS 3.2.4.
    Snapshot old = groupSnapshot();
    old.engineVersion = u"3.2.10"_s;
    c = RestorePlan::defaults(RestorePlan::fromSnapshot(old), Target::ReplicationGroup);
    c.clusterMode = true;
    c.parameterGroup.clear();
    c.engineVersion = u"3.2.4"_s;
    QVERIFY(refusals(RestorePlan::check(RestorePlan::fromSnapshot(old), c), Input::EngineVersion)
                .constFirst()
                .contains(u"older than the snapshot's 3.2.10"_s));
    // Before Redis OSS 5.0.6 a cluster has at most 250 nodes.
    c.engineVersion = u"5.0.5"_s;
    c.shards = 251;
    c.replicas = 0;
    QVERIFY(refusals(RestorePlan::check(RestorePlan::fromSnapshot(old), c), Input::Shards)
                .constFirst()
                .contains(u"1 to 250 shards"_s));
    // Port and security group IDs.
    c = RestorePlan::defaults(s, Target::ReplicationGroup);
    c.port = 70000;
    c.securityGroupIds = {u"sg-0e1a5c0de00000001"_s, u"default"_s};
    const auto issues = RestorePlan::check(s, c);
    QCOMPARE(refusals(issues, Input::Port), QStringList {u"A port is a number from 1 to 65535."_s});
    QCOMPARE(refusals(issues, Input::SecurityGroups).size(), 1);
    QVERIFY(refusals(issues, Input::SecurityGroups).constFirst().startsWith(u"default is not a security group ID"_s));
    c.port = 6379;
    c.securityGroupIds = {u"sg-0123abcd"_s, u"sg-0e1a5c0de00000001"_s};
    QVERIFY(RestorePlan::allows(RestorePlan::check(s, c)));
    // A group needs a description.
    c.description = u"  "_s;
    QCOMPARE(refusals(RestorePlan::check(s, c), Input::Description).size(), 1);
}

void TestRestorePlan::objectArns_data()
{
    QTest::addColumn<QString>("arn");
    QTest::addColumn<QString>("reason");
    QTest::newRow("ok") << kObject1 << QString();
    QTest::newRow("nested key") << u"arn:aws:s3:::my-bucket/exports/2026/x-0001.RDB"_s << QString();
    QTest::newRow("govcloud") << u"arn:aws-us-gov:s3:::my-bucket/x.rdb"_s << QString();
    QTest::newRow("china") << u"arn:aws-cn:s3:::my-bucket/x.rdb"_s << QString();
    QTest::newRow("empty") << QString() << u"Enter the ARN"_s;
    QTest::newRow("s3 url") << u"s3://my-bucket/x.rdb"_s << u"is not an S3 object ARN"_s;
    QTest::newRow("no key") << u"arn:aws:s3:::my-bucket"_s << u"is not an S3 object ARN"_s;
    QTest::newRow("empty key") << u"arn:aws:s3:::my-bucket/"_s << u"is not an S3 object ARN"_s;
    QTest::newRow("region in arn") << u"arn:aws:s3:us-east-1::my-bucket/x.rdb"_s << u"is not an S3 object ARN"_s;
    QTest::newRow("other partition") << u"arn:aws-xx:s3:::my-bucket/x.rdb"_s << u"is not an S3 object ARN"_s;
    QTest::newRow("bad bucket") << u"arn:aws:s3:::My_Bucket/x.rdb"_s << u"lowercase letters"_s;
    QTest::newRow("comma") << u"arn:aws:s3:::my-bucket/a,b.rdb"_s << u"cannot contain a comma"_s;
    QTest::newRow("control") << u"arn:aws:s3:::my-bucket/a\tb.rdb"_s << u"control characters"_s;
    QTest::newRow("not rdb") << u"arn:aws:s3:::my-bucket/x.json"_s << u"is not an .rdb object"_s;
    QTest::newRow("long key") << u"arn:aws:s3:::my-bucket/"_s + QString(1021, u'k') + u".rdb"_s
                              << u"at most 1024 bytes"_s;
}

void TestRestorePlan::objectArns()
{
    QFETCH(QString, arn);
    QFETCH(QString, reason);
    const SnapshotNames::Verdict v = RestorePlan::checkObjectArn(arn);
    QCOMPARE(v.ok, reason.isEmpty());
    QVERIFY2(v.reason.contains(reason), qPrintable(v.reason));
    const Source s = RestorePlan::fromObjects({arn}, u"redis"_s);
    const auto issues = RestorePlan::check(s, RestorePlan::defaults(s, Target::ReplicationGroup));
    QCOMPARE(refusals(issues, Input::Objects).isEmpty(), reason.isEmpty());
}

void TestRestorePlan::objectsIntoTargets()
{
    QCOMPARE(RestorePlan::bucketAndKey(kObject1),
             std::make_pair(u"demo-exports-taken"_s, u"demo-valkey-rg-manual-0001.rdb"_s));
    QCOMPARE(RestorePlan::objectArn(u"b"_s, u"k/x.rdb"_s), u"arn:aws:s3:::b/k/x.rdb"_s);

    const Source none = RestorePlan::fromObjects({}, u"redis"_s);
    QCOMPARE(refusals(RestorePlan::check(none, RestorePlan::defaults(none, Target::ReplicationGroup)), Input::Objects),
             QStringList {u"Choose at least one .rdb object."_s});
    const Source twice = RestorePlan::fromObjects({kObject1, kObject1}, u"redis"_s);
    QVERIFY(refusals(RestorePlan::check(twice, RestorePlan::defaults(twice, Target::ReplicationGroup)), Input::Objects)
                .constFirst()
                .endsWith(u"is chosen twice."_s));

    // Several objects: a cluster-mode group; not a group without cluster mode, not a single-node cluster.
    const Source two = RestorePlan::fromObjects({kObject1, kObject2}, u"valkey"_s);
    Choice c = RestorePlan::defaults(two, Target::ReplicationGroup);
    QVERIFY(RestorePlan::allows(RestorePlan::check(two, c)));
    c.clusterMode = false;
    c.shards = 1;
    QVERIFY(
        refusals(RestorePlan::check(two, c), Input::ClusterMode).constFirst().contains(u"seeded from one object"_s));
    QCOMPARE(RestorePlan::targetRefusal(two, Target::CacheCluster),
             u"A single-node cluster is seeded from one .rdb object; 2 are chosen."_s);
    // Into a serverless cache, with the engine chosen.
    c = RestorePlan::defaults(two, Target::ServerlessCache);
    QVERIFY(RestorePlan::allows(RestorePlan::check(two, c)));
    c.engine = u"memcached"_s;
    QVERIFY(RestorePlan::allows(RestorePlan::check(two, c)));
    c = RestorePlan::defaults(two, Target::ReplicationGroup);
    c.engine = u"memcached"_s;
    QCOMPARE(refusals(RestorePlan::check(two, c), Input::Engine),
             QStringList {u"A node-based cache restores Valkey or Redis OSS data."_s});
}

void TestRestorePlan::replicationGroupRequestFromSnapshot()
{
    const Source s = RestorePlan::fromSnapshot(clusterModeSnapshot());
    Choice c = RestorePlan::defaults(s, Target::ReplicationGroup);
    c.name = u"Orders-Copy"_s;
    c.shards = 4;
    c.replicas = 1;
    c.securityGroupIds = {u"sg-0e1a5c0de00000002"_s};
    const CreateReplicationGroupRequest r = RestorePlan::replicationGroupRequest(s, c);
    QCOMPARE(r.replicationGroupId, u"orders-copy"_s);
    QCOMPARE(r.replicationGroupDescription, u"Restored from snapshot demo-valkey-rg-manual"_s);
    QCOMPARE(r.snapshotName, u"demo-valkey-rg-manual"_s);
    QVERIFY(r.snapshotArns.isEmpty());
    QCOMPARE(r.engine, u"valkey"_s);
    QCOMPARE(r.engineVersion, u"8.0.1"_s);
    QCOMPARE(r.cacheNodeType, u"cache.r7g.large"_s);
    QCOMPARE(r.clusterMode, u"enabled"_s);
    QCOMPARE(r.numNodeGroups, std::optional<int>(4));
    QCOMPARE(r.replicasPerNodeGroup, std::optional<int>(1));
    QCOMPARE(r.automaticFailoverEnabled, std::optional<bool>(true));
    QCOMPARE(r.numCacheClusters, std::nullopt);
    QVERIFY(r.nodeGroupConfiguration.isEmpty()); // the service spreads a snapshot's slots itself
    QCOMPARE(r.cacheParameterGroupName, u"default.valkey8.cluster.on"_s);
    QCOMPARE(r.cacheSubnetGroupName, u"cachesnap-private"_s);
    QCOMPARE(QStringList(r.securityGroupIds), QStringList {u"sg-0e1a5c0de00000002"_s});
    QCOMPARE(r.port, std::optional<int>(6379));
    QCOMPARE(r.dataTieringEnabled, std::nullopt);
}

void TestRestorePlan::replicationGroupRequestWithoutClusterMode()
{
    const Source s = RestorePlan::fromSnapshot(groupSnapshot());
    Choice c = RestorePlan::defaults(s, Target::ReplicationGroup);
    CreateReplicationGroupRequest r = RestorePlan::replicationGroupRequest(s, c);
    QCOMPARE(r.clusterMode, u"disabled"_s);
    QCOMPARE(r.numCacheClusters, std::optional<int>(3)); // a primary and two replicas
    QCOMPARE(r.numNodeGroups, std::nullopt);
    QCOMPARE(r.replicasPerNodeGroup, std::nullopt);
    QCOMPARE(r.automaticFailoverEnabled, std::optional<bool>(true));
    c.replicas = 0;
    c.parameterGroup.clear();
    c.subnetGroup.clear();
    c.port.reset();
    r = RestorePlan::replicationGroupRequest(s, c);
    QCOMPARE(r.numCacheClusters, std::optional<int>(1));
    QCOMPARE(r.automaticFailoverEnabled, std::optional<bool>(false)); // nothing to fail over to
    // Left out, the service's defaults apply.
    QVERIFY(r.cacheParameterGroupName.isNull());
    QVERIFY(r.cacheSubnetGroupName.isNull());
    QCOMPARE(r.port, std::nullopt);
}

void TestRestorePlan::replicationGroupRequestFromObjects()
{
    const Source s = RestorePlan::fromObjects({kObject1, kObject2}, u"valkey"_s);
    Choice c = RestorePlan::defaults(s, Target::ReplicationGroup);
    c.shards = 3;
    c.replicas = 2;
    const CreateReplicationGroupRequest r = RestorePlan::replicationGroupRequest(s, c);
    QCOMPARE(QStringList(r.snapshotArns), QStringList({kObject1, kObject2}));
    QVERIFY(r.snapshotName.isNull());
    QCOMPARE(r.numNodeGroups, std::optional<int>(3));
    // Seeding a cluster-mode group from .rdb objects needs each shard's slots.
    QCOMPARE(r.nodeGroupConfiguration.size(), 3);
    QStringList slots;
    for (const NodeGroupConfiguration &shard : r.nodeGroupConfiguration) {
        slots << shard.slots;
        QCOMPARE(shard.replicaCount, std::optional<int>(2));
    }
    QCOMPARE(slots, QStringList({u"0-5460"_s, u"5461-10921"_s, u"10922-16383"_s}));
}

void TestRestorePlan::cacheClusterRequest()
{
    const Source s = RestorePlan::fromSnapshot(standaloneSnapshot());
    const Choice c = RestorePlan::defaults(s, Target::CacheCluster);
    const CreateCacheClusterRequest r = RestorePlan::cacheClusterRequest(s, c);
    QCOMPARE(r.cacheClusterId, u"demo-before-upgrade-restored"_s);
    QCOMPARE(r.snapshotName, u"demo-before-upgrade"_s);
    QCOMPARE(r.numCacheNodes, std::optional<int>(1));
    QCOMPARE(r.engine, u"redis"_s);
    QCOMPARE(r.engineVersion, u"7.1.0"_s);
    QCOMPARE(r.cacheNodeType, u"cache.t3.micro"_s);
    QCOMPARE(r.cacheParameterGroupName, u"default.redis7"_s);
    QCOMPARE(r.port, std::optional<int>(6380));

    const Source o = RestorePlan::fromObjects({kObject1}, u"redis"_s);
    const CreateCacheClusterRequest fromObject
        = RestorePlan::cacheClusterRequest(o, RestorePlan::defaults(o, Target::CacheCluster));
    QCOMPARE(QStringList(fromObject.snapshotArns), QStringList {kObject1});
    QVERIFY(fromObject.snapshotName.isNull());
}

void TestRestorePlan::serverlessRequests()
{
    const Source s = RestorePlan::fromServerlessSnapshot(serverlessSnapshot());
    Choice c = RestorePlan::defaults(s, Target::ServerlessCache);
    c.subnetIds = {u"subnet-1"_s, u"subnet-2"_s};
    c.securityGroupIds = {u"sg-0e1a5c0de00000001"_s};
    CreateServerlessCacheRequest r = RestorePlan::serverlessCacheRequest(s, c);
    QCOMPARE(r.serverlessCacheName, u"demo-serverless-manual-restored"_s);
    QCOMPARE(r.engine, u"valkey"_s);
    QCOMPARE(r.majorEngineVersion, u"8"_s);
    QCOMPARE(QStringList(r.snapshotArnsToRestore), QStringList {serverlessSnapshot().arn});
    QCOMPARE(QStringList(r.subnetIds), QStringList({u"subnet-1"_s, u"subnet-2"_s}));
    QCOMPARE(QStringList(r.securityGroupIds), QStringList {u"sg-0e1a5c0de00000001"_s});
    QCOMPARE(r.description, u"Restored from snapshot demo-serverless-manual"_s);

    const Source o = RestorePlan::fromObjects({kObject1, kObject2}, u"redis"_s);
    c = RestorePlan::defaults(o, Target::ServerlessCache);
    c.engineVersion = u"7.1"_s;
    r = RestorePlan::serverlessCacheRequest(o, c);
    QCOMPARE(QStringList(r.snapshotArnsToRestore), QStringList({kObject1, kObject2}));
    QCOMPARE(r.majorEngineVersion, u"7"_s);
    c.description = QString(256, u'd');
    QCOMPARE(refusals(RestorePlan::check(o, c), Input::Description).size(), 1);
}

void TestRestorePlan::helpers()
{
    QCOMPARE(RestorePlan::compareVersions(u"7.1.0"_s, u"7.1"_s), 0);
    QCOMPARE(RestorePlan::compareVersions(u"7.1.0"_s, u"7.10"_s), -1);
    QCOMPARE(RestorePlan::compareVersions(u"8.0.1"_s, u"7.2.4"_s), 1);
    QCOMPARE(RestorePlan::parameterGroupFamily(u"redis"_s, u"7.1.0"_s), u"redis7"_s);
    QCOMPARE(RestorePlan::parameterGroupFamily(u"redis"_s, u"6.2.6"_s), u"redis6.x"_s);
    QCOMPARE(RestorePlan::parameterGroupFamily(u"redis"_s, u"5.0.6"_s), u"redis5.0"_s);
    QCOMPARE(RestorePlan::parameterGroupFamily(u"redis"_s, u"3.2.10"_s), u"redis3.2"_s);
    QCOMPARE(RestorePlan::parameterGroupFamily(u"valkey"_s, u"8.0.1"_s), u"valkey8"_s);
    QCOMPARE(RestorePlan::parameterGroupFamily(u"memcached"_s, u"1.6.22"_s), u"memcached1.6"_s);
    QCOMPARE(RestorePlan::defaultParameterGroup(u"redis7"_s, true), u"default.redis7.cluster.on"_s);
    QCOMPARE(RestorePlan::defaultParameterGroup(u"valkey8"_s, false), u"default.valkey8"_s);
    QCOMPARE(RestorePlan::parameterGroupClusterMode(u"default.redis7"_s), std::optional<bool>(false));
    QCOMPARE(RestorePlan::parameterGroupClusterMode(u"default.redis7.cluster.on"_s), std::optional<bool>(true));
    QCOMPARE(RestorePlan::parameterGroupClusterMode(u"cachesnap-tuned"_s), std::nullopt);
    QCOMPARE(RestorePlan::slotRanges(1), QStringList {u"0-16383"_s});
    // The same split as the sandbox's seeded groups (shard * 16384 / shards).
    QCOMPARE(RestorePlan::slotRanges(3), QStringList({u"0-5460"_s, u"5461-10921"_s, u"10922-16383"_s}));
    const QStringList five = RestorePlan::slotRanges(500);
    QCOMPARE(five.size(), 500);
    QCOMPARE(five.constLast(), u"16351-16383"_s);
    QVERIFY(RestorePlan::isDataTieringNodeType(u"cache.r6gd.xlarge"_s));
    QVERIFY(!RestorePlan::isDataTieringNodeType(u"cache.r6g.xlarge"_s));
    for (const QString &type : RestorePlan::knownNodeTypes())
        QVERIFY2(type.startsWith(u"cache."_s) && type.count(u'.') == 2, qPrintable(type));
}

void TestRestorePlan::rulesAreRecorded()
{
    // Each rule above has its row, with its source, in tests/data/snapshot-rules.md.
    const QString rules = QString::fromUtf8(testData(u"snapshot-rules.md"_s));
    const qsizetype at = rules.indexOf(u"### Restore into a new cache"_s);
    QVERIFY(at > 0);
    const QString section = rules.mid(at, rules.indexOf(u"\n### "_s, at + 1) - at);
    for (const QString &row : {u"| Cluster mode: disabled → enabled allowed, enabled → disabled refused |"_s,
                               u"| Several databases |"_s, u"| Data tiering |"_s, u"| Replication group ID | 1–40"_s,
                               u"| Cache cluster ID | the same characters, 1–50"_s, u"| Serverless cache name |"_s,
                               u"| Shards |"_s, u"| Replicas | 0–5"_s, u"| Engine version |"_s,
                               u"| Parameter group |"_s, u"| S3 object ARNs |"_s, u"| S3 objects and targets |"_s})
        QVERIFY2(section.contains(row), qPrintable(row));
    for (const QString &source : {u"[RS1]"_s, u"[RS2]"_s, u"[RS3]"_s, u"[RS4]"_s, u"[RS5]"_s, u"[RS6]"_s})
        QVERIFY2(section.count(source) >= 2, qPrintable(source)); // cited, and listed with its address
}

QTEST_GUILESS_MAIN(TestRestorePlan)
#include "tst_restoreplan.moc"
