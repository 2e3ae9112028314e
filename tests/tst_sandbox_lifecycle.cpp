// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The sandbox's restore, backup-settings, tag and account-catalog operations over real loopback HTTP: requests signed
// with the core signer, answers read with the model's generic reader.
#include "queryserializer.h"
#include "responseparser.h"
#include "sandboxrules.h"
#include "sandboxseeder.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "service/queryprotocol.h"
#include "sigv4.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
namespace Op = ElastiCacheOperation;

namespace {

struct Answer
{
    int status = 0;
    QByteArray body;
};

constexpr auto &params = queryParams;

const QString kArn = u"arn:aws:elasticache:us-east-1:123456789012:"_s;

QStringList tagKeys(const QList<Tag> &tags)
{
    QStringList keys;
    for (const Tag &t : tags)
        keys.append(t.key + u'=' + t.value);
    return keys;
}

QueryParams tagParams(int first, int count, const QString &prefix = u"k"_s)
{
    QueryParams members;
    for (int i = 0; i < count; ++i) {
        members.append({u"Tags.Tag.%1.Key"_s.arg(i + 1), prefix + QString::number(first + i)});
        members.append({u"Tags.Tag.%1.Value"_s.arg(i + 1), u"v"_s});
    }
    return members;
}

// The model's result of an operation: the generic reader for the operations it is instantiated for, the earlier
// operations' own readers for the rest.
template<typename O> ApiResult<typename O::Result> parse(const QByteArray &xml)
{
    using R = typename O::Result;
    const auto wrap = [](const auto &page, auto items) -> ApiResult<R> {
        if (!page.ok())
            return page.error();
        R result;
        result.*items = page.value().items;
        return result;
    };
    if constexpr (std::is_same_v<O, Op::DescribeCacheClusters>)
        return wrap(ResponseParser::describeCacheClusters(xml), &R::cacheClusters);
    else if constexpr (std::is_same_v<O, Op::DescribeReplicationGroups>)
        return wrap(ResponseParser::describeReplicationGroups(xml), &R::replicationGroups);
    else if constexpr (std::is_same_v<O, Op::DescribeServerlessCaches>)
        return wrap(ResponseParser::describeServerlessCaches(xml), &R::serverlessCaches);
    else if constexpr (std::is_same_v<O, Op::DescribeSnapshots>)
        return wrap(ResponseParser::describeSnapshots(xml), &R::snapshots);
    else if constexpr (requires(R r) { r.snapshot; }) {
        const auto snapshot = ResponseParser::snapshotResult(xml, QString(O::name));
        if (!snapshot.ok())
            return snapshot.error();
        R result;
        result.snapshot = snapshot.value();
        return result;
    } else if constexpr (requires(R r) { r.serverlessCacheSnapshot; }) {
        const auto snapshot = ResponseParser::serverlessSnapshotResult(xml, QString(O::name));
        if (!snapshot.ok())
            return snapshot.error();
        R result;
        result.serverlessCacheSnapshot = snapshot.value();
        return result;
    } else {
        return ResponseParser::operationResult<O>(xml);
    }
}

} // namespace

class TestSandboxLifecycle final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void seededData();
    void restoreReplicationGroupOverTime();
    void restoreClusterModeDisabledAndSingleNode();
    void restoreFromS3Objects();
    void restoreServerless();
    void restoreRefusals_data();
    void restoreRefusals();
    void backupSettings();
    void backupSettingsRefusals_data();
    void backupSettingsRefusals();
    void tagsOnEveryResource();
    void tagRefusals_data();
    void tagRefusals();
    void tagsCountCharacters();
    void tagsOfCreatedAndCopiedSnapshots();
    void catalogPagingAndFilters();
    void catalogRefusals_data();
    void catalogRefusals();
    void persistenceRoundTrip();
    void hostileStateFiles_data();
    void hostileStateFiles();

private:
    SandboxConfig baseConfig() const;
    void startServer(const SandboxConfig &config);
    Answer call(const QString &action, const QueryParams &members);
    template<typename O> typename O::Result ok(const QueryParams &members);
    ApiError refused(const QString &action, const QueryParams &members);
    QString snapshotStatus(const QString &name);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
};

SandboxConfig TestSandboxLifecycle::baseConfig() const
{
    SandboxConfig config;
    config.seed = 12;
    config.seedSnapshots = 40;
    config.seedAnchor = QDateTime(QDate(2026, 11, 1), QTime(12, 0), Qt::UTC);
    config.snapshotCreateSeconds = 0.3;
    config.createSeconds = 0.6;
    return config;
}

void TestSandboxLifecycle::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_nam = std::make_unique<QNetworkAccessManager>();
    startServer(baseConfig());
}

void TestSandboxLifecycle::cleanup()
{
    m_server.reset();
    m_nam.reset();
    m_dir.reset();
}

void TestSandboxLifecycle::startServer(const SandboxConfig &config)
{
    m_server.reset();
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

Answer TestSandboxLifecycle::call(const QString &action, const QueryParams &members)
{
    const QUrl url = m_server->url();
    SigV4::Request request;
    request.method = "POST";
    request.path = "/";
    request.headers = {{"Host", "127.0.0.1:" + QByteArray::number(url.port())},
                       {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    request.body = QuerySerializer::formBody(action, members);
    SigV4::SigningParams signing;
    signing.accessKeyId = m_server->accessKeyId();
    signing.secretAccessKey = m_server->secretAccessKey();
    signing.region = m_server->region();
    signing.time = QDateTime::currentDateTimeUtc();
    SigV4::sign(request, signing);
    QNetworkRequest networkRequest(url);
    for (const auto &[name, value] : request.headers) {
        if (name.compare("host", Qt::CaseInsensitive) != 0)
            networkRequest.setRawHeader(name, value);
    }
    QNetworkReply *reply = m_nam->post(networkRequest, request.body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    Answer answer;
    if (finished.wait(20000)) {
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
    }
    reply->deleteLater();
    return answer;
}

template<typename O> typename O::Result TestSandboxLifecycle::ok(const QueryParams &members)
{
    const Answer answer = call(QString(O::name), members);
    [&] {
        QVERIFY2(answer.status == 200, answer.body.constData());
    }();
    const auto result = parse<O>(answer.body);
    [&] {
        QVERIFY2(result.ok(), answer.body.constData());
    }();
    return result.ok() ? result.value() : typename O::Result {};
}

ApiError TestSandboxLifecycle::refused(const QString &action, const QueryParams &members)
{
    const Answer answer = call(action, members);
    return QueryProtocol::errorResponse(answer.body, answer.status);
}

QString TestSandboxLifecycle::snapshotStatus(const QString &name)
{
    const auto snapshot = m_server->state()->snapshot(name);
    return snapshot ? snapshot->snapshotStatus : QString();
}

// The plan's "Sandbox data" contract, through the operations that show it.
void TestSandboxLifecycle::seededData()
{
    const auto subnetGroups = ok<Op::DescribeCacheSubnetGroups>({});
    QHash<QString, QString> vpcs;
    for (const CacheSubnetGroup &g : subnetGroups.cacheSubnetGroups) {
        vpcs.insert(g.cacheSubnetGroupName, g.vpcId);
        QVERIFY(!g.subnets.isEmpty());
        QCOMPARE(g.arn, kArn + u"subnetgroup:"_s + g.cacheSubnetGroupName);
    }
    QCOMPARE(vpcs,
             (QHash<QString, QString> {{u"default"_s, u"vpc-0e1a5c0de0000d001"_s},
                                       {u"cachesnap-private"_s, u"vpc-0e1a5c0de0000d001"_s},
                                       {u"cachesnap-other-vpc"_s, u"vpc-0e1a5c0de0000d002"_s}}));
    QStringList parameterGroups;
    for (const CacheParameterGroup &g : ok<Op::DescribeCacheParameterGroups>({}).cacheParameterGroups)
        parameterGroups.append(g.cacheParameterGroupName);
    for (const QString &name : {u"default.redis7"_s, u"default.redis7.cluster.on"_s, u"default.valkey8"_s,
                                u"default.valkey8.cluster.on"_s, u"default.memcached1.6"_s, u"cachesnap-tuned"_s})
        QVERIFY2(parameterGroups.contains(name), qPrintable(name));

    // Every seeded cluster has a snapshot window apart from its maintenance window, a contract security group and a
    // subnet group that exists.
    const auto clusters = ok<Op::DescribeCacheClusters>({});
    QVERIFY(clusters.cacheClusters.size() > 10);
    int retentionZero = 0;
    for (const CacheCluster &c : clusters.cacheClusters) {
        QVERIFY2(!SandboxRules::checkWindowsApart(c.snapshotWindow, c.preferredMaintenanceWindow),
                 qPrintable(c.cacheClusterId));
        QVERIFY(!SandboxRules::checkMaintenanceWindow(c.preferredMaintenanceWindow));
        QVERIFY(vpcs.contains(c.cacheSubnetGroupName));
        QVERIFY(c.securityGroups.value(0).securityGroupId.startsWith(u"sg-0e1a5c0de0000000"_s));
        retentionZero += c.replicationGroupId.isEmpty() && c.snapshotRetentionLimit == 0 ? 1 : 0;
    }
    QVERIFY(retentionZero >= 3);
    for (const QString &id : {u"demo-busy-001"_s, u"demo-legacy-t1"_s, u"demo-multidb-001"_s})
        QCOMPARE(m_server->state()->cacheCluster(id)->snapshotRetentionLimit, 0);
    QCOMPARE(m_server->state()->serverlessCache(u"demo-serverless-busy"_s)->snapshotRetentionLimit, 0);
    // The retention-0 source with a recent manual snapshot; the unprotected ones have none.
    const auto multidb = ok<Op::DescribeSnapshots>(params({{u"CacheClusterId", u"demo-multidb-001"_s}}));
    QCOMPARE(multidb.snapshots.size(), 1);
    QCOMPARE(multidb.snapshots.at(0).snapshotSource, u"manual"_s);
    QVERIFY(multidb.snapshots.at(0).createTime() > baseConfig().seedAnchor.addDays(-30));
    QCOMPARE(ok<Op::DescribeSnapshots>(params({{u"CacheClusterId", u"demo-busy-001"_s}})).snapshots.size(), 0);

    const auto group = ok<Op::DescribeReplicationGroups>(params({{u"ReplicationGroupId", u"demo-redis-rg"_s}}));
    QCOMPARE(group.replicationGroups.size(), 1);
    const ReplicationGroup &g = group.replicationGroups.at(0);
    QCOMPARE(g.clusterEnabled, false);
    QCOMPARE(g.snapshottingClusterId, u"demo-redis-rg-002"_s);
    QCOMPARE(g.snapshotRetentionLimit, 5);
    QCOMPARE(g.memberClusters, (QList<QString> {u"demo-redis-rg-001"_s, u"demo-redis-rg-002"_s}));
    QVERIFY(!ok<Op::DescribeServerlessCaches>({}).serverlessCaches.value(0).dailySnapshotTime.isEmpty());

    // Tags on sources and snapshots.
    const auto tags = [&](const QString &arn) {
        return tagKeys(ok<Op::ListTagsForResource>(params({{u"ResourceName", arn}})).tagList);
    };
    QCOMPARE(tags(kArn + u"snapshot:demo-before-upgrade"_s), (QStringList {u"owner=platform-team"_s, u"keep=true"_s}));
    QVERIFY(tags(kArn + u"replicationgroup:demo-redis-rg"_s).contains(u"cost-centre=cc-3307"_s));
    QVERIFY(tags(kArn + u"cluster:demo-redis-001"_s).contains(u"owner=platform-team"_s));
    QCOMPARE(tags(kArn + u"serverlesscachesnapshot:demo-serverless-manual"_s), QStringList {u"owner=web-team"_s});
    QCOMPARE(tags(kArn + u"snapshot:demo-redis-rg-manual"_s).first(), u"keep=true"_s);
    // A cluster mode disabled group's snapshot names the group and its snapshotting cluster.
    const auto groupSnapshot = m_server->state()->snapshot(u"demo-redis-rg-manual"_s);
    QCOMPARE(groupSnapshot->replicationGroupId, u"demo-redis-rg"_s);
    QCOMPARE(groupSnapshot->cacheClusterId, u"demo-redis-rg-002"_s);
}

void TestSandboxLifecycle::restoreReplicationGroupOverTime()
{
    const auto created = ok<Op::CreateReplicationGroup>(params({{u"ReplicationGroupId", u"Restored-Valkey"_s},
                                                                {u"ReplicationGroupDescription", u"restore test"_s},
                                                                {u"SnapshotName", u"demo-valkey-rg-manual"_s},
                                                                {u"NumNodeGroups", u"2"_s},
                                                                {u"ReplicasPerNodeGroup", u"1"_s},
                                                                {u"CacheNodeType", u"cache.r7g.large"_s}}));
    QVERIFY(created.replicationGroup);
    const ReplicationGroup &g = *created.replicationGroup;
    QCOMPARE(g.replicationGroupId, u"restored-valkey"_s); // stored lowercase
    QCOMPARE(g.status, u"creating"_s);
    QCOMPARE(g.clusterEnabled, true);
    QCOMPARE(g.cacheNodeType, u"cache.r7g.large"_s);
    QCOMPARE(g.nodeGroups.size(), 2);
    QCOMPARE(g.memberClusters.size(), 4);
    QCOMPARE(g.nodeGroups.at(1).slots, u"8192-16383"_s);
    QCOMPARE(g.engine, u"valkey"_s);
    QCOMPARE(g.arn, kArn + u"replicationgroup:restored-valkey"_s);
    // The snapshot is "restoring" while the group is created, and cannot be deleted then.
    QCOMPARE(snapshotStatus(u"demo-valkey-rg-manual"_s), u"restoring"_s);
    QCOMPARE(refused(u"DeleteSnapshot"_s, params({{u"SnapshotName", u"demo-valkey-rg-manual"_s}})).code,
             u"InvalidSnapshotState"_s);
    // Without Tags the new group takes the snapshot's, and its members the group's.
    QCOMPARE(tagKeys(m_server->state()->tags(g.arn)), QStringList {u"keep=true"_s});
    QCOMPARE(tagKeys(m_server->state()->tags(kArn + u"cluster:restored-valkey-0002-002"_s)),
             QStringList {u"keep=true"_s});
    // Listed with the seeded ones.
    const auto listed = ok<Op::DescribeReplicationGroups>(params({{u"ReplicationGroupId", u"restored-valkey"_s}}));
    QCOMPARE(listed.replicationGroups.value(0).status, u"creating"_s);
    QCOMPARE(ok<Op::DescribeCacheClusters>(params({{u"CacheClusterId", u"restored-valkey-0001-001"_s}}))
                 .cacheClusters.value(0)
                 .cacheClusterStatus,
             u"creating"_s);
    // Backups are refused while it is created.
    QCOMPARE(refused(u"CreateSnapshot"_s,
                     params({{u"ReplicationGroupId", u"restored-valkey"_s}, {u"SnapshotName", u"too-early"_s}}))
                 .code,
             u"InvalidReplicationGroupState"_s);

    QVERIFY(spinUntil(
        [&] {
            return ok<Op::DescribeReplicationGroups>(params({{u"ReplicationGroupId", u"restored-valkey"_s}}))
                       .replicationGroups.value(0)
                       .status
                == u"available";
        },
        10000));
    QCOMPARE(ok<Op::DescribeCacheClusters>(params({{u"CacheClusterId", u"restored-valkey-0002-002"_s}}))
                 .cacheClusters.value(0)
                 .cacheClusterStatus,
             u"available"_s);
    QCOMPARE(snapshotStatus(u"demo-valkey-rg-manual"_s), u"available"_s);
    // The restored group takes backups like a seeded one: two node snapshots, the new node type.
    const auto backup = ok<Op::CreateSnapshot>(
        params({{u"ReplicationGroupId", u"restored-valkey"_s}, {u"SnapshotName", u"restored-backup"_s}}));
    QCOMPARE(backup.snapshot->numNodeGroups, 2);
    QCOMPARE(backup.snapshot->cacheNodeType, u"cache.r7g.large"_s);
    QCOMPARE(backup.snapshot->engine, u"valkey"_s);
    QCOMPARE(refused(u"CreateReplicationGroup"_s,
                     params({{u"ReplicationGroupId", u"restored-valkey"_s},
                             {u"ReplicationGroupDescription", u"again"_s},
                             {u"SnapshotName", u"demo-valkey-rg-manual"_s}}))
                 .code,
             u"ReplicationGroupAlreadyExists"_s);
}

void TestSandboxLifecycle::restoreClusterModeDisabledAndSingleNode()
{
    // Cluster mode disabled snapshot into a cluster mode disabled group with a replica, and into cluster mode
    // (allowed: disabled to enabled).
    const auto disabled = ok<Op::CreateReplicationGroup>(params({{u"ReplicationGroupId", u"rg-cmd"_s},
                                                                 {u"ReplicationGroupDescription", u"d"_s},
                                                                 {u"SnapshotName", u"demo-redis-rg-manual"_s},
                                                                 {u"NumCacheClusters", u"2"_s},
                                                                 {u"SnapshotRetentionLimit", u"3"_s},
                                                                 {u"Tags.Tag.1.Key", u"owner"_s},
                                                                 {u"Tags.Tag.1.Value", u"me"_s}}));
    QCOMPARE(disabled.replicationGroup->clusterEnabled, false);
    QCOMPARE(disabled.replicationGroup->memberClusters, (QList<QString> {u"rg-cmd-001"_s, u"rg-cmd-002"_s}));
    QCOMPARE(disabled.replicationGroup->snapshottingClusterId, u"rg-cmd-002"_s);
    QCOMPARE(disabled.replicationGroup->cacheNodeType, u"cache.m6g.large"_s); // the snapshot's
    // Request tags win over the snapshot's.
    QCOMPARE(tagKeys(m_server->state()->tags(kArn + u"replicationgroup:rg-cmd"_s)), QStringList {u"owner=me"_s});
    const auto enabled = ok<Op::CreateReplicationGroup>(params({{u"ReplicationGroupId", u"rg-cme"_s},
                                                                {u"ReplicationGroupDescription", u"d"_s},
                                                                {u"SnapshotName", u"demo-redis-rg-manual"_s},
                                                                {u"NumNodeGroups", u"3"_s}}));
    QCOMPARE(enabled.replicationGroup->clusterEnabled, true);
    QCOMPARE(enabled.replicationGroup->nodeGroups.size(), 3);
    // A data-tiering snapshot onto a data-tiering node type.
    const auto tiered = ok<Op::CreateReplicationGroup>(params({{u"ReplicationGroupId", u"rg-tiered"_s},
                                                               {u"ReplicationGroupDescription", u"d"_s},
                                                               {u"SnapshotName", u"demo-tiered-manual"_s},
                                                               {u"CacheNodeType", u"cache.r6gd.2xlarge"_s}}));
    QCOMPARE(tiered.replicationGroup->dataTiering, u"enabled"_s);
    // A multi-database snapshot into cluster mode disabled.
    QCOMPARE(ok<Op::CreateReplicationGroup>(params({{u"ReplicationGroupId", u"rg-multidb"_s},
                                                    {u"ReplicationGroupDescription", u"d"_s},
                                                    {u"SnapshotName", u"demo-multidb-manual"_s}}))
                 .replicationGroup->clusterEnabled,
             false);

    // A single-node cluster: the snapshot's engine, version and node type unless changed.
    const auto single = ok<Op::CreateCacheCluster>(params({{u"CacheClusterId", u"one-node"_s},
                                                           {u"SnapshotName", u"demo-before-upgrade"_s},
                                                           {u"CacheNodeType", u"cache.m7g.large"_s},
                                                           {u"PreferredMaintenanceWindow", u"sat:22:00-sat:23:30"_s},
                                                           {u"SnapshotWindow", u"01:00-02:00"_s}}));
    const CacheCluster &c = *single.cacheCluster;
    QCOMPARE(c.cacheClusterStatus, u"creating"_s);
    QCOMPARE(c.engine, u"redis"_s);
    QCOMPARE(c.engineVersion, u"7.1.0"_s);
    QCOMPARE(c.cacheNodeType, u"cache.m7g.large"_s);
    QCOMPARE(c.preferredMaintenanceWindow, u"sat:22:00-sat:23:30"_s);
    QCOMPARE(c.snapshotRetentionLimit, 0);
    QCOMPARE(tagKeys(m_server->state()->tags(c.arn)),
             tagKeys(m_server->state()->tags(kArn + u"snapshot:demo-before-upgrade"_s)));
    QVERIFY(spinUntil(
        [&] {
            return ok<Op::DescribeCacheClusters>(params({{u"CacheClusterId", u"one-node"_s}}))
                       .cacheClusters.value(0)
                       .cacheClusterStatus
                == u"available";
        },
        10000));
    const auto described = ok<Op::DescribeCacheClusters>(
        params({{u"CacheClusterId", u"one-node"_s}, {u"ShowCacheNodeInfo", u"true"_s}}));
    QCOMPARE(described.cacheClusters.value(0).cacheNodes.size(), 1);
    // A Memcached cluster without a snapshot.
    QCOMPARE(ok<Op::CreateCacheCluster>(params({{u"CacheClusterId", u"mc-new"_s},
                                                {u"Engine", u"memcached"_s},
                                                {u"CacheNodeType", u"cache.t4g.small"_s},
                                                {u"NumCacheNodes", u"3"_s}}))
                 .cacheCluster->numCacheNodes,
             3);
}

void TestSandboxLifecycle::restoreFromS3Objects()
{
    const QString taken = u"arn:aws:s3:::demo-exports-taken/demo-valkey-rg-manual-000%1.rdb"_s;
    const auto group = ok<Op::CreateReplicationGroup>(params({{u"ReplicationGroupId", u"from-s3"_s},
                                                              {u"ReplicationGroupDescription", u"seeded from S3"_s},
                                                              {u"SnapshotArns.SnapshotArn.1", taken.arg(1)},
                                                              {u"SnapshotArns.SnapshotArn.2", taken.arg(2)},
                                                              {u"SnapshotArns.SnapshotArn.3", taken.arg(3)},
                                                              {u"Engine", u"valkey"_s},
                                                              {u"CacheNodeType", u"cache.m6g.large"_s},
                                                              {u"NumNodeGroups", u"2"_s}}));
    // The shards asked for, whatever the number of objects.
    QCOMPARE(group.replicationGroup->nodeGroups.size(), 2);
    QCOMPARE(group.replicationGroup->status, u"creating"_s);
    const auto single = ok<Op::CreateCacheCluster>(params({{u"CacheClusterId", u"from-s3-one"_s},
                                                           {u"SnapshotArns.SnapshotArn.1", taken.arg(1)},
                                                           {u"Engine", u"redis"_s},
                                                           {u"CacheNodeType", u"cache.m6g.large"_s}}));
    QCOMPARE(single.cacheCluster->cacheClusterStatus, u"creating"_s);

    const auto refusal = [&](const QString &arn) {
        return refused(u"CreateCacheCluster"_s,
                       params({{u"CacheClusterId", u"s3-refused"_s},
                               {u"SnapshotArns.SnapshotArn.1", arn},
                               {u"Engine", u"redis"_s},
                               {u"CacheNodeType", u"cache.m6g.large"_s}}));
    };
    const ApiError missing = refusal(u"arn:aws:s3:::demo-exports-taken/absent.rdb"_s);
    QCOMPARE(missing.code, u"InvalidParameterValue"_s);
    QVERIFY2(missing.message.contains(u"absent.rdb"_s), qPrintable(missing.message));
    QVERIFY(refusal(u"arn:aws:s3:::demo-exports-elsewhere/x.rdb"_s).message.contains(u"outside of the region"_s));
    QVERIFY(refusal(u"arn:aws:s3:::demo-exports-no-grant/x.rdb"_s).message.contains(u"READ"_s));
    QVERIFY(refusal(u"arn:aws:s3:::no-such-bucket-here/x.rdb"_s).message.contains(u"does not exist"_s));
    QCOMPARE(refusal(u"arn:aws:s3:::demo-exports-taken/a,b.rdb"_s).code, u"InvalidParameterValue"_s);
    QCOMPARE(refusal(u"s3://demo-exports-taken/x.rdb"_s).code, u"InvalidParameterValue"_s);
    // A cluster is seeded from one object.
    QCOMPARE(refused(u"CreateCacheCluster"_s,
                     params({{u"CacheClusterId", u"two-objects"_s},
                             {u"SnapshotArns.SnapshotArn.1", taken.arg(1)},
                             {u"SnapshotArns.SnapshotArn.2", taken.arg(2)},
                             {u"Engine", u"redis"_s},
                             {u"CacheNodeType", u"cache.m6g.large"_s}}))
                 .code,
             u"InvalidParameterValue"_s);
}

void TestSandboxLifecycle::restoreServerless()
{
    const auto fromServerless = ok<Op::CreateServerlessCache>(
        params({{u"ServerlessCacheName", u"sl-restored"_s},
                {u"Engine", u"valkey"_s},
                {u"SnapshotArnsToRestore.SnapshotArn.1", kArn + u"serverlesscachesnapshot:demo-serverless-manual"_s},
                {u"DailySnapshotTime", u"03:30"_s},
                {u"SnapshotRetentionLimit", u"7"_s}}));
    const ServerlessCache &c = *fromServerless.serverlessCache;
    QCOMPARE(c.status, u"creating"_s);
    QCOMPARE(c.majorEngineVersion, u"8"_s);
    QCOMPARE(c.dailySnapshotTime, u"03:30"_s);
    QCOMPARE(c.snapshotRetentionLimit, 7);
    QCOMPARE(c.arn, kArn + u"serverlesscache:sl-restored"_s);
    // Only the request's tags (none here), never the snapshot's.
    QVERIFY(m_server->state()->tags(c.arn).isEmpty());
    // Tags of a cache being created cannot be listed yet (the service answers an error until it is available).
    QCOMPARE(refused(u"ListTagsForResource"_s, params({{u"ResourceName", c.arn}})).code,
             u"InvalidServerlessCacheStateFault"_s);
    const auto fromS3 = ok<Op::CreateServerlessCache>(params(
        {{u"ServerlessCacheName", u"sl-from-s3"_s},
         {u"Engine", u"redis"_s},
         {u"SnapshotArnsToRestore.SnapshotArn.1", u"arn:aws:s3:::demo-exports-taken/demo-valkey-rg-manual-0001.rdb"_s},
         {u"Tags.Tag.1.Key", u"owner"_s},
         {u"Tags.Tag.1.Value", u"web-team"_s}}));
    QCOMPARE(fromS3.serverlessCache->majorEngineVersion, u"7"_s);
    const auto fromNode = ok<Op::CreateServerlessCache>(
        params({{u"ServerlessCacheName", u"sl-from-node"_s},
                {u"Engine", u"valkey"_s},
                {u"SnapshotArnsToRestore.SnapshotArn.1", kArn + u"snapshot:demo-before-upgrade"_s}}));
    QCOMPARE(fromNode.serverlessCache->engine, u"valkey"_s); // Redis OSS restores into Valkey
    // Both available (sl-from-s3 was created a few calls later, which a loaded machine makes a while later).
    QVERIFY(spinUntil(
        [&] {
            for (const QString &name : {u"sl-restored"_s, u"sl-from-s3"_s}) {
                if (ok<Op::DescribeServerlessCaches>(params({{u"ServerlessCacheName", name}}))
                        .serverlessCaches.value(0)
                        .status
                    != u"available")
                    return false;
            }
            return true;
        },
        10000));
    QCOMPARE(
        tagKeys(
            ok<Op::ListTagsForResource>(params({{u"ResourceName", kArn + u"serverlesscache:sl-from-s3"_s}})).tagList),
        QStringList {u"owner=web-team"_s});
}

void TestSandboxLifecycle::restoreRefusals_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QueryParams>("members");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("messagePart");
    const auto group = [](std::initializer_list<std::pair<const char16_t *, QString>> more) {
        QueryParams members
            = params({{u"ReplicationGroupId", u"new-group"_s}, {u"ReplicationGroupDescription", u"d"_s}});
        members.append(params(more));
        return members;
    };
    const QString rg = u"CreateReplicationGroup"_s;
    const QString cc = u"CreateCacheCluster"_s;
    const QString sc = u"CreateServerlessCache"_s;
    QTest::newRow("group exists") << rg
                                  << params({{u"ReplicationGroupId", u"Demo-Valkey-RG"_s},
                                             {u"ReplicationGroupDescription", u"d"_s},
                                             {u"SnapshotName", u"demo-valkey-rg-manual"_s}})
                                  << u"ReplicationGroupAlreadyExists"_s << u"demo-valkey-rg"_s;
    QTest::newRow("cluster exists") << cc
                                    << params({{u"CacheClusterId", u"demo-redis-001"_s},
                                               {u"SnapshotName", u"demo-before-upgrade"_s}})
                                    << u"CacheClusterAlreadyExists"_s << u"demo-redis-001"_s;
    QTest::newRow("serverless exists") << sc
                                       << params({{u"ServerlessCacheName", u"demo-serverless"_s},
                                                  {u"Engine", u"valkey"_s}})
                                       << u"ServerlessCacheAlreadyExistsFault"_s << u"demo-serverless"_s;
    QTest::newRow("no snapshot") << rg << group({{u"SnapshotName", u"no-such-snapshot"_s}})
                                 << u"SnapshotNotFoundFault"_s << u"no-such-snapshot"_s;
    QTest::newRow("no snapshot (cluster)")
        << cc << params({{u"CacheClusterId", u"c1"_s}, {u"SnapshotName", u"no-such-snapshot"_s}})
        << u"SnapshotNotFoundFault"_s << u"no-such-snapshot"_s;
    QTest::newRow("enabled to disabled") << rg
                                         << group({{u"SnapshotName", u"demo-valkey-rg-manual"_s},
                                                   {u"ClusterMode", u"disabled"_s}})
                                         << u"InvalidParameterCombination"_s << u"cluster mode disabled"_s;
    QTest::newRow("enabled to disabled group")
        << rg
        << group({{u"SnapshotName", u"demo-valkey-rg-manual"_s}, {u"CacheParameterGroupName", u"default.valkey8"_s}})
        << u"InvalidParameterCombination"_s << u"cluster mode disabled"_s;
    QTest::newRow("enabled to single node")
        << cc << params({{u"CacheClusterId", u"c1"_s}, {u"SnapshotName", u"demo-valkey-rg-manual"_s}})
        << u"InvalidParameterCombination"_s << u"single-node"_s;
    QTest::newRow("tiering onto r6g") << rg
                                      << group({{u"SnapshotName", u"demo-tiered-manual"_s},
                                                {u"CacheNodeType", u"cache.r6g.xlarge"_s}})
                                      << u"InvalidParameterCombination"_s << u"r6gd"_s;
    QTest::newRow("tiering node type for a cluster")
        << cc
        << params({{u"CacheClusterId", u"c1"_s}, {u"Engine", u"redis"_s}, {u"CacheNodeType", u"cache.r6gd.xlarge"_s}})
        << u"InvalidParameterCombination"_s << u"replication groups"_s;
    QTest::newRow("tiering flag off r6gd")
        << rg << group({{u"CacheNodeType", u"cache.m6g.large"_s}, {u"DataTieringEnabled", u"true"_s}})
        << u"InvalidParameterCombination"_s << u"r6gd"_s;
    QTest::newRow("multi-database into cluster mode")
        << rg << group({{u"SnapshotName", u"demo-multidb-manual"_s}, {u"NumNodeGroups", u"2"_s}})
        << u"InvalidParameterCombination"_s << u"more than one database"_s;
    QTest::newRow("multi-database into serverless")
        << sc
        << params({{u"ServerlessCacheName", u"sl1"_s},
                   {u"Engine", u"redis"_s},
                   {u"SnapshotArnsToRestore.SnapshotArn.1", kArn + u"snapshot:demo-multidb-manual"_s}})
        << u"InvalidParameterCombination"_s << u"more than one database"_s;
    QTest::newRow("id starts with a digit")
        << rg << params({{u"ReplicationGroupId", u"1group"_s}, {u"ReplicationGroupDescription", u"d"_s}})
        << u"InvalidParameterValue"_s << u"not a valid identifier"_s;
    QTest::newRow("id with --") << cc << params({{u"CacheClusterId", u"a--b"_s}, {u"Engine", u"redis"_s}})
                                << u"InvalidParameterValue"_s << u"not a valid identifier"_s;
    QTest::newRow("id ends with -") << sc << params({{u"ServerlessCacheName", u"cache-"_s}, {u"Engine", u"redis"_s}})
                                    << u"InvalidParameterValue"_s << u"not a valid identifier"_s;
    QTest::newRow("group id of 41") << rg
                                    << params({{u"ReplicationGroupId", QString(41, u'a')},
                                               {u"ReplicationGroupDescription", u"d"_s}})
                                    << u"InvalidParameterValue"_s << u"between 1 and 40"_s;
    QTest::newRow("cluster id of 51") << cc << params({{u"CacheClusterId", QString(51, u'a')}, {u"Engine", u"redis"_s}})
                                      << u"InvalidParameterValue"_s << u"between 1 and 50"_s;
    QTest::newRow("no description") << rg << params({{u"ReplicationGroupId", u"g1"_s}}) << u"MissingParameter"_s
                                    << u"ReplicationGroupDescription"_s;
    QTest::newRow("valkey into redis") << rg
                                       << group(
                                              {{u"SnapshotName", u"demo-valkey-rg-manual"_s}, {u"Engine", u"redis"_s}})
                                       << u"InvalidParameterCombination"_s << u"engine valkey"_s;
    QTest::newRow("downgrade") << cc
                               << params({{u"CacheClusterId", u"c1"_s},
                                          {u"SnapshotName", u"demo-before-upgrade"_s},
                                          {u"EngineVersion", u"7.0.7"_s}})
                               << u"InvalidParameterCombination"_s << u"earlier engine version"_s;
    QTest::newRow("unknown version") << cc
                                     << params({{u"CacheClusterId", u"c1"_s},
                                                {u"Engine", u"redis"_s},
                                                {u"CacheNodeType", u"cache.m6g.large"_s},
                                                {u"EngineVersion", u"9.9.9"_s}})
                                     << u"InvalidParameterValue"_s << u"9.9.9"_s;
    QTest::newRow("memcached from a snapshot")
        << cc
        << params(
               {{u"CacheClusterId", u"c1"_s}, {u"Engine", u"memcached"_s}, {u"SnapshotName", u"demo-before-upgrade"_s}})
        << u"InvalidParameterCombination"_s << u"Valkey or Redis OSS"_s;
    QTest::newRow("two redis nodes") << cc
                                     << params({{u"CacheClusterId", u"c1"_s},
                                                {u"SnapshotName", u"demo-before-upgrade"_s},
                                                {u"NumCacheNodes", u"2"_s}})
                                     << u"InvalidParameterValue"_s << u"NumCacheNodes"_s;
    QTest::newRow("both sources") << rg
                                  << group({{u"SnapshotName", u"demo-before-upgrade"_s},
                                            {u"SnapshotArns.SnapshotArn.1",
                                             u"arn:aws:s3:::demo-exports-taken/demo-valkey-rg-manual-0001.rdb"_s}})
                                  << u"InvalidParameterCombination"_s << u"SnapshotArns"_s;
    QTest::newRow("no subnet group") << rg
                                     << group({{u"SnapshotName", u"demo-before-upgrade"_s},
                                               {u"CacheSubnetGroupName", u"nowhere"_s}})
                                     << u"CacheSubnetGroupNotFoundFault"_s << u"nowhere"_s;
    QTest::newRow("no parameter group") << cc
                                        << params({{u"CacheClusterId", u"c1"_s},
                                                   {u"SnapshotName", u"demo-before-upgrade"_s},
                                                   {u"CacheParameterGroupName", u"nothing"_s}})
                                        << u"CacheParameterGroupNotFound"_s << u"nothing"_s;
    QTest::newRow("parameter group of another family") << cc
                                                       << params({{u"CacheClusterId", u"c1"_s},
                                                                  {u"SnapshotName", u"demo-before-upgrade"_s},
                                                                  {u"CacheParameterGroupName", u"default.valkey8"_s}})
                                                       << u"InvalidParameterCombination"_s << u"family"_s;
    QTest::newRow("windows overlap") << cc
                                     << params({{u"CacheClusterId", u"c1"_s},
                                                {u"SnapshotName", u"demo-before-upgrade"_s},
                                                {u"SnapshotWindow", u"05:00-06:00"_s},
                                                {u"PreferredMaintenanceWindow", u"mon:05:30-mon:06:30"_s}})
                                     << u"InvalidParameterValue"_s << u"must not overlap"_s;
    QTest::newRow("retention 36") << rg
                                  << group({{u"SnapshotName", u"demo-before-upgrade"_s},
                                            {u"SnapshotRetentionLimit", u"36"_s}})
                                  << u"InvalidParameterValue"_s << u"35"_s;
    QTest::newRow("51 tags") << sc <<
        [] {
            QueryParams members = params({{u"ServerlessCacheName", u"sl1"_s}, {u"Engine", u"valkey"_s}});
            members.append(tagParams(1, 51));
            return members;
        }() << u"TagQuotaPerResourceExceeded"_s
                             << u"50"_s;
    QTest::newRow("serverless snapshot missing")
        << sc
        << params({{u"ServerlessCacheName", u"sl1"_s},
                   {u"Engine", u"valkey"_s},
                   {u"SnapshotArnsToRestore.SnapshotArn.1", kArn + u"serverlesscachesnapshot:nothing"_s}})
        << u"ServerlessCacheSnapshotNotFoundFault"_s << u"nothing"_s;
    QTest::newRow("memcached snapshot into valkey")
        << sc
        << params({{u"ServerlessCacheName", u"sl1"_s},
                   {u"Engine", u"valkey"_s},
                   {u"SnapshotArnsToRestore.SnapshotArn.1",
                    kArn + u"serverlesscachesnapshot:demo-memcached-serverless-manual"_s}})
        << u"InvalidParameterCombination"_s << u"memcached"_s;
    QTest::newRow("not a snapshot ARN") << sc
                                        << params({{u"ServerlessCacheName", u"sl1"_s},
                                                   {u"Engine", u"valkey"_s},
                                                   {u"SnapshotArnsToRestore.SnapshotArn.1",
                                                    kArn + u"cluster:demo-redis-001"_s}})
                                        << u"InvalidParameterValue"_s << u"not a snapshot"_s;
    QTest::newRow("serverless major version")
        << sc << params({{u"ServerlessCacheName", u"sl1"_s}, {u"Engine", u"redis"_s}, {u"MajorEngineVersion", u"6"_s}})
        << u"InvalidParameterValue"_s << u"major engine version"_s;
    QTest::newRow("daily snapshot time") << sc
                                         << params({{u"ServerlessCacheName", u"sl1"_s},
                                                    {u"Engine", u"redis"_s},
                                                    {u"DailySnapshotTime", u"4:00"_s}})
                                         << u"InvalidParameterValue"_s << u"HH:MM"_s;
    QTest::newRow("no engine") << sc << params({{u"ServerlessCacheName", u"sl1"_s}}) << u"MissingParameter"_s
                               << u"Engine"_s;
}

void TestSandboxLifecycle::restoreRefusals()
{
    QFETCH(QString, action);
    QFETCH(QueryParams, members);
    QFETCH(QString, code);
    QFETCH(QString, messagePart);
    const int groups = m_server->state()->replicationGroupCount();
    const int clusters = m_server->state()->cacheClusterCount();
    const int serverless = m_server->state()->serverlessCacheCount();
    const Answer answer = call(action, members);
    QVERIFY(answer.status == 400 || answer.status == 404);
    const ApiError error = QueryProtocol::errorResponse(answer.body, answer.status);
    QCOMPARE(error.code, code);
    QVERIFY2(error.message.contains(messagePart), qPrintable(error.message));
    QCOMPARE(m_server->state()->replicationGroupCount(), groups);
    QCOMPARE(m_server->state()->cacheClusterCount(), clusters);
    QCOMPARE(m_server->state()->serverlessCacheCount(), serverless);
    QCOMPARE(snapshotStatus(u"demo-before-upgrade"_s), u"available"_s); // nothing held "restoring"
}

void TestSandboxLifecycle::backupSettings()
{
    // A cluster mode disabled group: retention, window and snapshotting cluster change at once, for the group and
    // its members, whatever ApplyImmediately says.
    const auto group = ok<Op::ModifyReplicationGroup>(params({{u"ReplicationGroupId", u"demo-redis-rg"_s},
                                                              {u"SnapshotRetentionLimit", u"12"_s},
                                                              {u"SnapshotWindow", u"22:00-23:30"_s},
                                                              {u"SnapshottingClusterId", u"demo-redis-rg-001"_s},
                                                              {u"ApplyImmediately", u"false"_s}}));
    QCOMPARE(group.replicationGroup->snapshotRetentionLimit, 12);
    QCOMPARE(group.replicationGroup->snapshotWindow, u"22:00-23:30"_s);
    QCOMPARE(group.replicationGroup->snapshottingClusterId, u"demo-redis-rg-001"_s);
    QCOMPARE(group.replicationGroup->status, u"available"_s);
    const auto member = ok<Op::DescribeCacheClusters>(params({{u"CacheClusterId", u"demo-redis-rg-002"_s}}));
    QCOMPARE(member.cacheClusters.value(0).snapshotRetentionLimit, 12);
    QCOMPARE(member.cacheClusters.value(0).snapshotWindow, u"22:00-23:30"_s);
    // The next backup says so too.
    const auto backup = ok<Op::CreateSnapshot>(
        params({{u"ReplicationGroupId", u"demo-redis-rg"_s}, {u"SnapshotName", u"after-change"_s}}));
    QCOMPARE(backup.snapshot->snapshotRetentionLimit, 12);
    QCOMPARE(backup.snapshot->snapshotWindow, u"22:00-23:30"_s);
    // Both windows given: checked against each other, not against the old ones; overlapping, nothing changes.
    QCOMPARE(refused(u"ModifyCacheCluster"_s,
                     params({{u"CacheClusterId", u"demo-redis-001"_s},
                             {u"SnapshotWindow", u"05:00-06:00"_s},
                             {u"PreferredMaintenanceWindow", u"sun:05:30-sun:06:30"_s},
                             {u"SnapshotRetentionLimit", u"0"_s}}))
                 .message,
             u"The snapshot window and maintenance window must not overlap."_s);
    QCOMPARE(m_server->state()->cacheCluster(u"demo-redis-001"_s)->snapshotRetentionLimit, 7);
    const auto cluster = ok<Op::ModifyCacheCluster>(params({{u"CacheClusterId", u"demo-redis-001"_s},
                                                            {u"SnapshotWindow", u"05:00-06:00"_s},
                                                            {u"PreferredMaintenanceWindow", u"tue:08:00-tue:09:00"_s},
                                                            {u"SnapshotRetentionLimit", u"0"_s}}));
    QCOMPARE(cluster.cacheCluster->snapshotRetentionLimit, 0);
    QCOMPARE(cluster.cacheCluster->preferredMaintenanceWindow, u"tue:08:00-tue:09:00"_s);
    // An empty window is no window: the one there stays (once the backup above has released the group).
    QVERIFY(spinUntil([&] { return m_server->state()->replicationGroup(u"demo-redis-rg"_s)->status == u"available"; },
                      5000));
    QCOMPARE(ok<Op::ModifyReplicationGroup>(params({{u"ReplicationGroupId", u"demo-redis-rg"_s},
                                                    {u"SnapshotWindow", u""_s},
                                                    {u"SnapshotRetentionLimit", u"4"_s}}))
                 .replicationGroup->snapshotWindow,
             u"22:00-23:30"_s);
    const auto serverless = ok<Op::ModifyServerlessCache>(params({{u"ServerlessCacheName", u"demo-serverless"_s},
                                                                  {u"DailySnapshotTime", u"23:15"_s},
                                                                  {u"SnapshotRetentionLimit", u"35"_s}}));
    QCOMPARE(serverless.serverlessCache->dailySnapshotTime, u"23:15"_s);
    QCOMPARE(serverless.serverlessCache->snapshotRetentionLimit, 35);
    QCOMPARE(m_server->state()->serverlessCache(u"demo-serverless"_s)->dailySnapshotTime, u"23:15"_s);
}

void TestSandboxLifecycle::backupSettingsRefusals_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QueryParams>("members");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    const QString rg = u"ModifyReplicationGroup"_s;
    const QString cc = u"ModifyCacheCluster"_s;
    const QString sc = u"ModifyServerlessCache"_s;
    const auto redisRg = [](const char16_t *name, const QString &value) {
        return params({{u"ReplicationGroupId", u"demo-redis-rg"_s}, {name, value}});
    };
    QTest::newRow("retention 36")
        << rg << redisRg(u"SnapshotRetentionLimit", u"36"_s) << u"InvalidParameterValue"_s
        << u"Invalid snapshot retention limit 36: it must be between 0 and 35 days (0 turns automatic backups off)."_s;
    QTest::newRow("retention -1")
        << cc << params({{u"CacheClusterId", u"demo-redis-001"_s}, {u"SnapshotRetentionLimit", u"-1"_s}})
        << u"InvalidParameterValue"_s
        << u"Invalid snapshot retention limit -1: it must be between 0 and 35 days (0 turns automatic backups off)."_s;
    QTest::newRow("window form")
        << rg << redisRg(u"SnapshotWindow", u"5:00-6:00"_s) << u"InvalidParameterValue"_s
        << u"Invalid snapshot window 5:00-6:00: it must be in the format hh24:mi-hh24:mi (UTC), for example 05:00-09:00."_s;
    QTest::newRow("window 59 minutes") << rg << redisRg(u"SnapshotWindow", u"10:00-10:59"_s)
                                       << u"InvalidParameterValue"_s
                                       << u"Snapshot window must be at least 60 minutes."_s;
    QTest::newRow("window over midnight, 30 minutes")
        << rg << redisRg(u"SnapshotWindow", u"23:45-00:15"_s) << u"InvalidParameterValue"_s
        << u"Snapshot window must be at least 60 minutes."_s;
    QTest::newRow("overlaps maintenance")
        << rg << redisRg(u"SnapshotWindow", u"04:30-05:30"_s) << u"InvalidParameterValue"_s
        << u"The snapshot window and maintenance window must not overlap."_s;
    QTest::newRow("maintenance form")
        << cc
        << params({{u"CacheClusterId", u"demo-redis-001"_s},
                   {u"PreferredMaintenanceWindow", u"sunday:05:00-sunday:06:00"_s}})
        << u"InvalidParameterValue"_s
        << u"Invalid maintenance window sunday:05:00-sunday:06:00: it must be in the format ddd:hh24:mi-ddd:hh24:mi (UTC), for example sun:23:00-mon:01:30."_s;
    QTest::newRow("maintenance 30 minutes")
        << cc
        << params({{u"CacheClusterId", u"demo-redis-001"_s}, {u"PreferredMaintenanceWindow", u"sun:05:00-sun:05:30"_s}})
        << u"InvalidParameterValue"_s << u"Maintenance window must be at least 60 minutes."_s;
    QTest::newRow("snapshotting cluster, cluster mode")
        << rg
        << params(
               {{u"ReplicationGroupId", u"demo-valkey-rg"_s}, {u"SnapshottingClusterId", u"demo-valkey-rg-0001-001"_s}})
        << u"InvalidParameterCombination"_s
        << u"Cannot set snapshotting cluster for cluster mode enabled replication group."_s;
    QTest::newRow("snapshotting cluster not a member")
        << rg << redisRg(u"SnapshottingClusterId", u"demo-redis-001"_s) << u"CacheClusterNotFound"_s
        << u"Specified snapshotting cluster does not exist"_s;
    QTest::newRow("member's settings")
        << cc << params({{u"CacheClusterId", u"demo-redis-rg-001"_s}, {u"SnapshotRetentionLimit", u"3"_s}})
        << u"InvalidParameterCombination"_s
        << u"Cache cluster demo-redis-rg-001 is a member of replication group demo-redis-rg: change its backup settings with ModifyReplicationGroup."_s;
    QTest::newRow("memcached")
        << cc << params({{u"CacheClusterId", u"demo-memcached"_s}, {u"SnapshotRetentionLimit", u"3"_s}})
        << u"InvalidParameterCombination"_s
        << u"Snapshots are not supported for clusters running memcached: SnapshotRetentionLimit and SnapshotWindow do not apply."_s;
    QTest::newRow("busy cluster") << cc
                                  << params(
                                         {{u"CacheClusterId", u"demo-busy-001"_s}, {u"SnapshotRetentionLimit", u"3"_s}})
                                  << u"InvalidCacheClusterState"_s
                                  << u"Cache cluster demo-busy-001 is not in the available state (it is modifying)."_s;
    QTest::newRow("no group") << rg << params({{u"ReplicationGroupId", u"nope"_s}, {u"SnapshotRetentionLimit", u"1"_s}})
                              << u"ReplicationGroupNotFoundFault"_s << u"Replication group nope not found."_s;
    QTest::newRow("no cluster") << cc << params({{u"CacheClusterId", u"nope"_s}, {u"SnapshotRetentionLimit", u"1"_s}})
                                << u"CacheClusterNotFound"_s << u"CacheCluster not found: nope"_s;
    QTest::newRow("no serverless cache") << sc
                                         << params({{u"ServerlessCacheName", u"nope"_s},
                                                    {u"SnapshotRetentionLimit", u"1"_s}})
                                         << u"ServerlessCacheNotFoundFault"_s << u"Serverless cache nope not found."_s;
    QTest::newRow("busy serverless cache")
        << sc << params({{u"ServerlessCacheName", u"demo-serverless-busy"_s}, {u"SnapshotRetentionLimit", u"1"_s}})
        << u"InvalidServerlessCacheStateFault"_s
        << u"Serverless cache demo-serverless-busy is not in the available state (it is modifying)."_s;
    QTest::newRow("daily time")
        << sc << params({{u"ServerlessCacheName", u"demo-serverless"_s}, {u"DailySnapshotTime", u"24:00"_s}})
        << u"InvalidParameterValue"_s
        << u"Invalid daily snapshot time 24:00: it must be in the format HH:MM (24-hour clock, UTC), for example 04:00."_s;
    QTest::newRow("serverless retention")
        << sc << params({{u"ServerlessCacheName", u"demo-serverless"_s}, {u"SnapshotRetentionLimit", u"40"_s}})
        << u"InvalidParameterValue"_s
        << u"Invalid snapshot retention limit 40: it must be between 0 and 35 days (0 turns automatic backups off)."_s;
}

void TestSandboxLifecycle::backupSettingsRefusals()
{
    QFETCH(QString, action);
    QFETCH(QueryParams, members);
    QFETCH(QString, code);
    QFETCH(QString, message);
    const QJsonObject before = m_server->state()->toJson();
    const ApiError error = refused(action, members);
    QCOMPARE(error.code, code);
    QCOMPARE(error.message, message);
    // Nothing changed.
    QJsonObject after = m_server->state()->toJson();
    after.insert(u"savedAt"_s, before.value(u"savedAt"_s));
    QVERIFY(after == before);
}

void TestSandboxLifecycle::tagsOnEveryResource()
{
    const QStringList arns {kArn + u"snapshot:demo-valkey-rg-manual"_s,
                            kArn + u"cluster:demo-memcached"_s,
                            kArn + u"replicationgroup:demo-valkey-rg"_s,
                            kArn + u"serverlesscache:demo-serverless"_s,
                            kArn + u"serverlesscachesnapshot:demo-serverless-manual"_s,
                            kArn + u"subnetgroup:cachesnap-private"_s,
                            kArn + u"parametergroup:cachesnap-tuned"_s};
    for (const QString &arn : arns) {
        const auto before = ok<Op::ListTagsForResource>(params({{u"ResourceName", arn}})).tagList;
        // Adding answers every tag of the resource; the same key takes the new value; a value may be empty.
        const auto added = ok<Op::AddTagsToResource>(params({{u"ResourceName", arn},
                                                             {u"Tags.Tag.1.Key", u"team"_s},
                                                             {u"Tags.Tag.1.Value", u"first"_s},
                                                             {u"Tags.Tag.2.Key", u"empty"_s},
                                                             {u"Tags.Tag.2.Value", u""_s}}));
        QCOMPARE(added.tagList.size(), before.size() + 2);
        const auto again = ok<Op::AddTagsToResource>(
            params({{u"ResourceName", arn}, {u"Tags.Tag.1.Key", u"team"_s}, {u"Tags.Tag.1.Value", u"second"_s}}));
        QVERIFY2(tagKeys(again.tagList).contains(u"team=second"_s), qPrintable(arn));
        QCOMPARE(again.tagList.size(), before.size() + 2);
        const auto removed = ok<Op::RemoveTagsFromResource>(
            params({{u"ResourceName", arn}, {u"TagKeys.member.1", u"team"_s}, {u"TagKeys.member.2", u"empty"_s}}));
        QCOMPARE(removed.tagList, before);
        QCOMPARE(ok<Op::ListTagsForResource>(params({{u"ResourceName", arn}})).tagList, before);
    }
    // Tags on a group go to its member clusters.
    ok<Op::AddTagsToResource>(params({{u"ResourceName", kArn + u"replicationgroup:demo-redis-rg"_s},
                                      {u"Tags.Tag.1.Key", u"env"_s},
                                      {u"Tags.Tag.1.Value", u"prod"_s}}));
    QVERIFY(
        tagKeys(ok<Op::ListTagsForResource>(params({{u"ResourceName", kArn + u"cluster:demo-redis-rg-002"_s}})).tagList)
            .contains(u"env=prod"_s));
    ok<Op::RemoveTagsFromResource>(
        params({{u"ResourceName", kArn + u"replicationgroup:demo-redis-rg"_s}, {u"TagKeys.member.1", u"env"_s}}));
    QVERIFY(!tagKeys(m_server->state()->tags(kArn + u"cluster:demo-redis-rg-001"_s)).contains(u"env=prod"_s));
    // 50 tags fit; the 51st does not, and nothing of that request is kept.
    const QString snapshot = kArn + u"snapshot:demo-tiered-manual"_s;
    const int had = int(m_server->state()->tags(snapshot).size());
    QueryParams fill = params({{u"ResourceName", snapshot}});
    fill.append(tagParams(1, 50 - had));
    QCOMPARE(ok<Op::AddTagsToResource>(fill).tagList.size(), 50);
    QueryParams more = params({{u"ResourceName", snapshot}});
    more.append(tagParams(100, 1));
    QCOMPARE(refused(u"AddTagsToResource"_s, more).code, u"TagQuotaPerResourceExceeded"_s);
    QCOMPARE(m_server->state()->tags(snapshot).size(), 50);
    // An existing key does not count twice.
    QueryParams same = params({{u"ResourceName", snapshot}});
    same.append(tagParams(1, 1));
    QCOMPARE(ok<Op::AddTagsToResource>(same).tagList.size(), 50);
}

void TestSandboxLifecycle::tagRefusals_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QueryParams>("members");
    QTest::addColumn<QString>("code");
    const QString list = u"ListTagsForResource"_s;
    const QString add = u"AddTagsToResource"_s;
    const QString remove = u"RemoveTagsFromResource"_s;
    const auto name = [](const QString &arn) {
        return params({{u"ResourceName", arn}});
    };
    const auto tag = [](const QString &arn, const QString &key, const QString &value) {
        return params({{u"ResourceName", arn}, {u"Tags.Tag.1.Key", key}, {u"Tags.Tag.1.Value", value}});
    };
    QTest::newRow("snapshot") << list << name(kArn + u"snapshot:nope"_s) << u"SnapshotNotFoundFault"_s;
    QTest::newRow("cluster") << list << name(kArn + u"cluster:nope"_s) << u"CacheClusterNotFound"_s;
    QTest::newRow("group") << add << tag(kArn + u"replicationgroup:nope"_s, u"k"_s, u"v"_s)
                           << u"ReplicationGroupNotFoundFault"_s;
    QTest::newRow("serverless cache") << list << name(kArn + u"serverlesscache:nope"_s)
                                      << u"ServerlessCacheNotFoundFault"_s;
    QTest::newRow("serverless snapshot") << remove
                                         << params({{u"ResourceName", kArn + u"serverlesscachesnapshot:nope"_s},
                                                    {u"TagKeys.member.1", u"k"_s}})
                                         << u"ServerlessCacheSnapshotNotFoundFault"_s;
    QTest::newRow("subnet group") << list << name(kArn + u"subnetgroup:nope"_s) << u"CacheSubnetGroupNotFoundFault"_s;
    QTest::newRow("parameter group") << list << name(kArn + u"parametergroup:nope"_s)
                                     << u"CacheParameterGroupNotFound"_s;
    QTest::newRow("user") << list << name(kArn + u"user:nope"_s) << u"UserNotFound"_s;
    QTest::newRow("not an ARN") << list << name(u"demo-redis-001"_s) << u"InvalidARN"_s;
    QTest::newRow("another service") << list << name(u"arn:aws:s3:::demo-exports-taken"_s) << u"InvalidARN"_s;
    QTest::newRow("another account") << list << name(u"arn:aws:elasticache:us-east-1:210987654321:cluster:x"_s)
                                     << u"InvalidARN"_s;
    QTest::newRow("another region") << list << name(u"arn:aws:elasticache:eu-west-1:123456789012:cluster:x"_s)
                                    << u"InvalidARN"_s;
    QTest::newRow("unknown kind") << list << name(kArn + u"widget:x"_s) << u"InvalidARN"_s;
    QTest::newRow("aws: key") << add << tag(kArn + u"cluster:demo-redis-001"_s, u"aws:owner"_s, u"x"_s)
                              << u"InvalidParameterValue"_s;
    QTest::newRow("AWS: key") << add << tag(kArn + u"cluster:demo-redis-001"_s, u"AWS:owner"_s, u"x"_s)
                              << u"InvalidParameterValue"_s;
    QTest::newRow("key of 129") << add << tag(kArn + u"cluster:demo-redis-001"_s, QString(129, u'k'), u"x"_s)
                                << u"InvalidParameterValue"_s;
    QTest::newRow("value of 257") << add << tag(kArn + u"cluster:demo-redis-001"_s, u"k"_s, QString(257, u'v'))
                                  << u"InvalidParameterValue"_s;
    // Characters, not UTF-16 units: 129 characters outside the BMP are refused (128 pass: tagsCountCharacters).
    QTest::newRow("key of 129 astral") << add
                                       << tag(kArn + u"cluster:demo-redis-001"_s, u"\U0001F600"_s.repeated(129), u"x"_s)
                                       << u"InvalidParameterValue"_s;
    QTest::newRow("no key") << add
                            << params({{u"ResourceName", kArn + u"cluster:demo-redis-001"_s},
                                       {u"Tags.Tag.1.Value", u"v"_s}})
                            << u"InvalidParameterValue"_s;
    QTest::newRow("no tags") << add << name(kArn + u"cluster:demo-redis-001"_s) << u"MissingParameter"_s;
    QTest::newRow("missing key") << remove
                                 << params({{u"ResourceName", kArn + u"cluster:demo-redis-001"_s},
                                            {u"TagKeys.member.1", u"not-there"_s}})
                                 << u"TagNotFound"_s;
    QTest::newRow("default parameter group")
        << add << tag(kArn + u"parametergroup:default.redis7"_s, u"k"_s, u"v"_s) << u"InvalidParameterValue"_s;
}

void TestSandboxLifecycle::tagRefusals()
{
    QFETCH(QString, action);
    QFETCH(QueryParams, members);
    QFETCH(QString, code);
    const QList<Tag> before = m_server->state()->tags(kArn + u"cluster:demo-redis-001"_s);
    const ApiError error = refused(action, members);
    QCOMPARE(error.code, code);
    QVERIFY(!error.message.isEmpty());
    QCOMPARE(m_server->state()->tags(kArn + u"cluster:demo-redis-001"_s), before);
}

// A key of 128 and a value of 256 characters outside the BMP (twice as many UTF-16 units) are within the limits,
// as the app's TagRules counts them.
void TestSandboxLifecycle::tagsCountCharacters()
{
    const QString arn = kArn + u"cluster:demo-redis-001"_s;
    const QString key = u"\U0001F600"_s.repeated(128);
    const QString value = u"\U0001F680"_s.repeated(256);
    QCOMPARE(key.size(), 256);
    const auto added = ok<Op::AddTagsToResource>(
        params({{u"ResourceName", arn}, {u"Tags.Tag.1.Key", key}, {u"Tags.Tag.1.Value", value}}));
    QVERIFY(tagKeys(added.tagList).contains(key + u'=' + value));
    ok<Op::RemoveTagsFromResource>(params({{u"ResourceName", arn}, {u"TagKeys.member.1", key}}));
}

void TestSandboxLifecycle::tagsOfCreatedAndCopiedSnapshots()
{
    // Without Tags a snapshot takes its source's; with Tags only those.
    ok<Op::CreateSnapshot>(params({{u"CacheClusterId", u"demo-redis-001"_s}, {u"SnapshotName", u"inherits"_s}}));
    QCOMPARE(m_server->state()->tags(kArn + u"snapshot:inherits"_s),
             m_server->state()->tags(kArn + u"cluster:demo-redis-001"_s));
    ok<Op::CreateSnapshot>(params({{u"ReplicationGroupId", u"demo-valkey-rg"_s},
                                   {u"SnapshotName", u"own-tags"_s},
                                   {u"Tags.Tag.1.Key", u"keep"_s},
                                   {u"Tags.Tag.1.Value", u"true"_s}}));
    QCOMPARE(tagKeys(m_server->state()->tags(kArn + u"snapshot:own-tags"_s)), QStringList {u"keep=true"_s});
    QVERIFY(spinUntil([&] { return snapshotStatus(u"own-tags"_s) == u"available"; }, 5000));
    ok<Op::CopySnapshot>(params({{u"SourceSnapshotName", u"own-tags"_s}, {u"TargetSnapshotName", u"copy-inherits"_s}}));
    QCOMPARE(tagKeys(m_server->state()->tags(kArn + u"snapshot:copy-inherits"_s)), QStringList {u"keep=true"_s});
    QCOMPARE(refused(u"CopySnapshot"_s,
                     [] {
                         QueryParams members = params({{u"SourceSnapshotName", u"demo-before-upgrade"_s},
                                                       {u"TargetSnapshotName", u"too-many"_s}});
                         members.append(tagParams(1, 51));
                         return members;
                     }())
                 .code,
             u"TagQuotaPerResourceExceeded"_s);
    ok<Op::CreateServerlessCacheSnapshot>(params({{u"ServerlessCacheName", u"demo-serverless"_s},
                                                  {u"ServerlessCacheSnapshotName", u"sl-tagged"_s},
                                                  {u"Tags.Tag.1.Key", u"owner"_s},
                                                  {u"Tags.Tag.1.Value", u"me"_s}}));
    QCOMPARE(tagKeys(m_server->state()->tags(kArn + u"serverlesscachesnapshot:sl-tagged"_s)),
             QStringList {u"owner=me"_s});
    ok<Op::CreateServerlessCacheSnapshot>(
        params({{u"ServerlessCacheName", u"demo-serverless"_s}, {u"ServerlessCacheSnapshotName", u"sl-plain"_s}}));
    QVERIFY(m_server->state()->tags(kArn + u"serverlesscachesnapshot:sl-plain"_s).isEmpty());
    QCOMPARE(refused(u"CreateSnapshot"_s,
                     params({{u"CacheClusterId", u"demo-redis-001"_s},
                             {u"SnapshotName", u"bad-tag"_s},
                             {u"Tags.Tag.1.Key", u"aws:x"_s},
                             {u"Tags.Tag.1.Value", u"v"_s}}))
                 .code,
             u"InvalidParameterValue"_s);
    // A deleted snapshot's tags go with it.
    QVERIFY(spinUntil([&] { return snapshotStatus(u"copy-inherits"_s) == u"available"; }, 5000));
    ok<Op::DeleteSnapshot>(params({{u"SnapshotName", u"copy-inherits"_s}}));
    QVERIFY(spinUntil([&] { return !m_server->state()->snapshot(u"copy-inherits"_s); }, 5000));
    QVERIFY(m_server->state()->tags(kArn + u"snapshot:copy-inherits"_s).isEmpty());
}

void TestSandboxLifecycle::catalogPagingAndFilters()
{
    // Enough parameter groups for pages of 20.
    for (int i = 0; i < 30; ++i) {
        CacheParameterGroup group;
        group.cacheParameterGroupName = u"custom-%1"_s.arg(i, 2, 10, QChar(u'0'));
        group.cacheParameterGroupFamily = u"valkey8"_s;
        group.description = u"custom"_s;
        group.isGlobal = false;
        m_server->state()->addParameterGroup(group);
    }
    QStringList names;
    QString marker;
    int pages = 0;
    do {
        QueryParams members = params({{u"MaxRecords", u"20"_s}});
        if (!marker.isEmpty())
            members.append({u"Marker"_s, marker});
        const auto page = ok<Op::DescribeCacheParameterGroups>(members);
        QVERIFY(page.cacheParameterGroups.size() <= 20);
        for (const CacheParameterGroup &g : page.cacheParameterGroups)
            names.append(g.cacheParameterGroupName);
        marker = page.marker;
        QVERIFY(++pages < 10);
    } while (!marker.isEmpty());
    QCOMPARE(pages, 3);
    QCOMPARE(names.size(), 42); // 12 seeded + 30
    QCOMPARE(QSet<QString>(names.cbegin(), names.cend()).size(), names.size());
    QCOMPARE(ok<Op::DescribeCacheParameterGroups>(params({{u"CacheParameterGroupName", u"CacheSnap-Tuned"_s}}))
                 .cacheParameterGroups.value(0)
                 .cacheParameterGroupFamily,
             u"redis7"_s);
    QCOMPARE(ok<Op::DescribeCacheSubnetGroups>(params({{u"CacheSubnetGroupName", u"cachesnap-other-vpc"_s}}))
                 .cacheSubnetGroups.value(0)
                 .subnets.size(),
             2);

    // Engine versions: by engine, family, version (or major version), default only.
    const auto versions = [&](const QueryParams &members) {
        QStringList list;
        for (const CacheEngineVersion &v : ok<Op::DescribeCacheEngineVersions>(members).cacheEngineVersions)
            list.append(v.engine + u' ' + v.engineVersion);
        return list;
    };
    QCOMPARE(versions(params({{u"Engine", u"valkey"_s}})), (QStringList {u"valkey 7.2.6"_s, u"valkey 8.0.1"_s}));
    QCOMPARE(versions(params({{u"CacheParameterGroupFamily", u"redis7"_s}})),
             (QStringList {u"redis 7.0.7"_s, u"redis 7.1.0"_s}));
    QCOMPARE(versions(params({{u"Engine", u"redis"_s}, {u"EngineVersion", u"7"_s}})),
             (QStringList {u"redis 7.0.7"_s, u"redis 7.1.0"_s}));
    QCOMPARE(versions(params({{u"Engine", u"redis"_s}, {u"DefaultOnly", u"true"_s}})), QStringList {u"redis 7.1.0"_s});
    QCOMPARE(versions(params({{u"Engine", u"mongodb"_s}})), QStringList());
    QCOMPARE(versions({}).size(), 8);
}

void TestSandboxLifecycle::catalogRefusals_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QueryParams>("members");
    QTest::addColumn<QString>("code");
    QTest::newRow("subnet group") << u"DescribeCacheSubnetGroups"_s << params({{u"CacheSubnetGroupName", u"nope"_s}})
                                  << u"CacheSubnetGroupNotFoundFault"_s;
    QTest::newRow("parameter group") << u"DescribeCacheParameterGroups"_s
                                     << params({{u"CacheParameterGroupName", u"nope"_s}})
                                     << u"CacheParameterGroupNotFound"_s;
    for (const QString &action :
         {u"DescribeCacheSubnetGroups"_s, u"DescribeCacheParameterGroups"_s, u"DescribeCacheEngineVersions"_s}) {
        QTest::addRow("%s MaxRecords 19", qPrintable(action))
            << action << params({{u"MaxRecords", u"19"_s}}) << u"InvalidParameterValue"_s;
        QTest::addRow("%s MaxRecords 101", qPrintable(action))
            << action << params({{u"MaxRecords", u"101"_s}}) << u"InvalidParameterValue"_s;
        QTest::addRow("%s foreign marker", qPrintable(action))
            << action << params({{u"Marker", u"bm90LW91cnM"_s}}) << u"InvalidParameterValue"_s;
    }
}

void TestSandboxLifecycle::catalogRefusals()
{
    QFETCH(QString, action);
    QFETCH(QueryParams, members);
    QFETCH(QString, code);
    QCOMPARE(refused(action, members).code, code);
}

void TestSandboxLifecycle::persistenceRoundTrip()
{
    SandboxConfig config = baseConfig();
    config.statePath = m_dir->filePath(u"state.json"_s);
    config.createSeconds = 1.5;
    startServer(config);
    ok<Op::CreateReplicationGroup>(params({{u"ReplicationGroupId", u"kept-group"_s},
                                           {u"ReplicationGroupDescription", u"kept"_s},
                                           {u"SnapshotName", u"demo-redis-rg-manual"_s},
                                           {u"Tags.Tag.1.Key", u"owner"_s},
                                           {u"Tags.Tag.1.Value", u"kept"_s}}));
    ok<Op::ModifyReplicationGroup>(
        params({{u"ReplicationGroupId", u"demo-redis-rg"_s}, {u"SnapshotRetentionLimit", u"21"_s}}));
    ok<Op::AddTagsToResource>(params({{u"ResourceName", kArn + u"snapshot:demo-before-upgrade"_s},
                                      {u"Tags.Tag.1.Key", u"reviewed"_s},
                                      {u"Tags.Tag.1.Value", u"yes"_s}}));
    const QJsonObject saved = m_server->state()->toJson();
    QString error;
    QVERIFY2(m_server->saveState(&error), qPrintable(error));

    // A new sandbox on the same file has all of it, and the restore still finishes.
    startServer(config);
    QCOMPARE(m_server->state()->replicationGroup(u"kept-group"_s)->status, u"creating"_s);
    QCOMPARE(snapshotStatus(u"demo-redis-rg-manual"_s), u"restoring"_s);
    QCOMPARE(tagKeys(m_server->state()->tags(kArn + u"replicationgroup:kept-group"_s)), QStringList {u"owner=kept"_s});
    QVERIFY(tagKeys(m_server->state()->tags(kArn + u"snapshot:demo-before-upgrade"_s)).contains(u"reviewed=yes"_s));
    QCOMPARE(m_server->state()->replicationGroup(u"demo-redis-rg"_s)->snapshotRetentionLimit, 21);
    QCOMPARE(ok<Op::DescribeCacheSubnetGroups>({}).cacheSubnetGroups.size(), 3);
    QCOMPARE(ok<Op::DescribeCacheParameterGroups>(params({{u"CacheParameterGroupName", u"cachesnap-tuned"_s}}))
                 .cacheParameterGroups.size(),
             1);
    QJsonObject reloaded = m_server->state()->toJson();
    reloaded.insert(u"savedAt"_s, saved.value(u"savedAt"_s));
    QCOMPARE(reloaded.value(u"tags"_s), saved.value(u"tags"_s));
    QCOMPARE(reloaded.value(u"parameterGroups"_s), saved.value(u"parameterGroups"_s));
    QVERIFY(
        spinUntil([&] { return m_server->state()->replicationGroup(u"kept-group"_s)->status == u"available"; }, 10000));
    QCOMPARE(snapshotStatus(u"demo-redis-rg-manual"_s), u"available"_s);
    // The multi-database rule survives too: it comes from the parameter group's databases.
    QCOMPARE(refused(u"CreateReplicationGroup"_s,
                     params({{u"ReplicationGroupId", u"g2"_s},
                             {u"ReplicationGroupDescription", u"d"_s},
                             {u"SnapshotName", u"demo-multidb-manual"_s},
                             {u"ClusterMode", u"enabled"_s}}))
                 .code,
             u"InvalidParameterCombination"_s);

    // A state file from before subnet groups, parameter groups and tags existed gets the seeded groups.
    QJsonObject old = m_server->state()->toJson();
    old.remove(u"subnetGroups"_s);
    old.remove(u"parameterGroups"_s);
    old.remove(u"tags"_s);
    SandboxState older(config);
    QVERIFY2(older.fromJson(old, &error), qPrintable(error));
    QCOMPARE(older.describeCacheSubnetGroups({}, {}).value().items.size(), 3);
}

void TestSandboxLifecycle::hostileStateFiles_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("messagePart");
    const auto subnetGroup = [](const QString &name, const QString &vpc, const QString &subnet) {
        return QJsonArray {QJsonObject {{u"CacheSubnetGroupName"_s, name},
                                        {u"VpcId"_s, vpc},
                                        {u"Subnets"_s, QJsonArray {QJsonObject {{u"SubnetIdentifier"_s, subnet}}}}}};
    };
    QTest::newRow("subnet group name") << u"subnetGroups"_s
                                       << QJsonValue(subnetGroup(u"../etc"_s, u"vpc-0e1a5c0de0000d001"_s,
                                                                 u"subnet-0e1a5c0de0000a001"_s))
                                       << u"name"_s;
    QTest::newRow("vpc id") << u"subnetGroups"_s
                            << QJsonValue(subnetGroup(u"g"_s, u"vpc-<script>"_s, u"subnet-0e1a5c0de0000a001"_s))
                            << u"VPC id"_s;
    QTest::newRow("subnet id") << u"subnetGroups"_s
                               << QJsonValue(subnetGroup(u"g"_s, u"vpc-0e1a5c0de0000d001"_s, u"subnet-x"_s))
                               << u"subnet id"_s;
    QJsonArray manySubnets;
    for (int i = 0; i < 21; ++i)
        manySubnets.append(
            QJsonObject {{u"SubnetIdentifier"_s, u"subnet-0e1a5c0de0000a%1"_s.arg(i, 3, 10, QChar(u'0'))}});
    QTest::newRow("21 subnets") << u"subnetGroups"_s
                                << QJsonValue(QJsonArray {QJsonObject {{u"CacheSubnetGroupName"_s, u"g"_s},
                                                                       {u"VpcId"_s, u"vpc-0e1a5c0de0000d001"_s},
                                                                       {u"Subnets"_s, manySubnets}}})
                                << u"subnets"_s;
    QTest::newRow("family") << u"parameterGroups"_s
                            << QJsonValue(QJsonArray {QJsonObject {{u"CacheParameterGroupName"_s, u"p"_s},
                                                                   {u"CacheParameterGroupFamily"_s, u"mysql8"_s},
                                                                   {u"databases"_s, 1}}})
                            << u"family"_s;
    QTest::newRow("databases") << u"parameterGroups"_s
                               << QJsonValue(QJsonArray {QJsonObject {{u"CacheParameterGroupName"_s, u"p"_s},
                                                                      {u"CacheParameterGroupFamily"_s, u"redis7"_s},
                                                                      {u"databases"_s, 1000000}}})
                               << u"databases"_s;
    QJsonArray tooMany;
    for (int i = 0; i < 51; ++i)
        tooMany.append(QJsonObject {{u"Key"_s, u"k%1"_s.arg(i)}, {u"Value"_s, u"v"_s}});
    QTest::newRow("51 tags") << u"tags"_s << QJsonValue(QJsonObject {{kArn + u"cluster:demo-redis-001"_s, tooMany}})
                             << u"51 tags"_s;
    QTest::newRow("tag key") << u"tags"_s
                             << QJsonValue(QJsonObject {
                                    {kArn + u"cluster:demo-redis-001"_s,
                                     QJsonArray {QJsonObject {{u"Key"_s, QString(200, u'k')}, {u"Value"_s, u"v"_s}}}}})
                             << u"128"_s;
    QTest::newRow("tag of another account")
        << u"tags"_s
        << QJsonValue(QJsonObject {{u"arn:aws:elasticache:us-east-1:999999999999:cluster:x"_s, QJsonArray {}}})
        << u"ARN"_s;
    QTest::newRow("tag not a string") << u"tags"_s
                                      << QJsonValue(QJsonObject {{kArn + u"cluster:demo-redis-001"_s,
                                                                  QJsonArray {QJsonObject {{u"Key"_s, 5}}}}})
                                      << u"Key and Value"_s;
    QTest::newRow("restore of a serverless cache")
        << u"transitions"_s
        << QJsonValue(QJsonArray {QJsonObject {{u"due"_s, u"2026-11-01T12:00:00.000Z"_s},
                                               {u"kind"_s, 11},
                                               {u"name"_s, u"demo-serverless"_s},
                                               {u"restoredFrom"_s, u"demo-before-upgrade"_s}}})
        << u"not a restore"_s;
}

void TestSandboxLifecycle::hostileStateFiles()
{
    QFETCH(QString, key);
    QFETCH(QJsonValue, value);
    QFETCH(QString, messagePart);
    QJsonObject root = m_server->state()->toJson();
    root.insert(key, value);
    SandboxState state(baseConfig());
    QString error;
    QVERIFY(!state.fromJson(root, &error));
    QVERIFY2(error.contains(messagePart), qPrintable(error));
    QCOMPARE(state.snapshotCount(), 0); // nothing half-loaded
}

QTEST_GUILESS_MAIN(TestSandboxLifecycle)
#include "tst_sandbox_lifecycle.moc"
