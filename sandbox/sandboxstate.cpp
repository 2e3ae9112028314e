// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxstate.h"

#include "sandboxbuckets.h"
#include "sandboxerrors.h"
#include "sandboxpaging.h"
#include "sandboxrules.h"
#include "snapshotnames.h"
#include "stablehash.h"

#include <QLoggingCategory>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSandbox, "cachesnap.sandbox")

using namespace SandboxErrors;
using SandboxPaging::decodeMarker;
using SandboxPaging::pageOf;

namespace {

QDateTime now()
{
    return QDateTime::currentDateTimeUtc();
}

std::optional<ApiError> checkRange(const QString &parameter, const std::optional<int> &value, int minimum, int maximum)
{
    if (value && (*value < minimum || *value > maximum))
        return outOfRange(parameter, *value, minimum, maximum);
    return std::nullopt;
}

Snapshot withoutNodeGroupConfig(Snapshot snapshot)
{
    for (NodeSnapshot &node : snapshot.nodeSnapshots)
        node.nodeGroupConfiguration.reset();
    return snapshot;
}

bool involvesCluster(const Snapshot &snapshot, const QString &clusterId)
{
    if (snapshot.cacheClusterId == clusterId)
        return true;
    return std::any_of(snapshot.nodeSnapshots.cbegin(), snapshot.nodeSnapshots.cend(),
                       [&](const NodeSnapshot &node) { return node.cacheClusterId == clusterId; });
}

qint64 toMs(double seconds)
{
    return static_cast<qint64>(seconds * 1000.0);
}

// "123 MB" (a node snapshot's CacheSize) in bytes; 0 when it is not in that form.
qint64 cacheBytes(const QString &cacheSize)
{
    static const QStringList units {u"B"_s, u"KB"_s, u"MB"_s, u"GB"_s, u"TB"_s};
    const QStringList parts = cacheSize.split(u' ');
    if (parts.size() != 2 || !units.contains(parts.at(1)))
        return 0;
    return parts.at(0).toLongLong() << (10 * units.indexOf(parts.at(1)));
}

// An RDB file is smaller than the memory it came from; how much smaller depends on the data. The same key gives
// the same size every time.
qint64 exportedSize(qint64 cacheBytes, const QString &key)
{
    const qint64 base = cacheBytes > 0 ? cacheBytes : qint64(4) << 20;
    const double share = 0.55 + double(stableHash(key, 7) % 350) / 1000.0;
    return std::max<qint64>(512, qint64(double(base) * share));
}

// The small file that stands in for an exported shard: the RDB magic and version, the aux fields a real dump starts
// with, and the end-of-file opcode with a zero checksum (checksums off). A reader recognises the format; it holds
// no keys.
QByteArray rdbStandIn(const QString &snapshotName, int shard, qint64 size)
{
    QByteArray data("REDIS0011");
    const auto aux = [&data](const QByteArray &key, const QByteArray &value) {
        data += char(0xfa);
        data += char(key.size());
        data += key;
        data += char(std::min<qsizetype>(value.size(), 63));
        data += value.left(63);
    };
    aux("redis-ver", "7.1.0");
    aux("redis-bits", "64");
    aux("ctime", QByteArray::number(QDateTime::currentSecsSinceEpoch()));
    aux("used-mem", QByteArray::number(size));
    aux("aof-base", "0");
    aux("cachesnap-sandbox", u"%1 shard %2"_s.arg(snapshotName).arg(shard).toUtf8());
    data += char(0xff);
    data += QByteArray(8, '\0');
    return data;
}

} // namespace

SandboxState::SandboxState(SandboxConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_buckets(std::make_shared<SandboxBuckets>(m_config.s3Root, m_config.region, m_config.accountId))
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &SandboxState::advance);
}

SandboxState::~SandboxState() = default;

const SandboxConfig &SandboxState::config() const
{
    return m_config;
}

void SandboxState::setConfig(const SandboxConfig &config)
{
    const bool sameBuckets = config.s3Root == m_config.s3Root && config.region == m_config.region
        && config.accountId == m_config.accountId;
    m_config = config;
    if (!sameBuckets && m_ownsBuckets)
        m_buckets = std::make_shared<SandboxBuckets>(m_config.s3Root, m_config.region, m_config.accountId);
}

void SandboxState::shareBucketsOf(SandboxState &owner)
{
    m_buckets = owner.m_buckets;
    m_ownsBuckets = false;
}

bool SandboxState::ownsBuckets() const
{
    return m_ownsBuckets;
}

SandboxBuckets &SandboxState::buckets()
{
    return *m_buckets;
}

SandboxEvents &SandboxState::events()
{
    return m_events;
}

void SandboxState::notifyChanged()
{
    Q_EMIT changed();
}

ApiResult<SandboxEventPage> SandboxState::describeEvents(const SandboxEventQuery &query)
{
    advance();
    return m_events.describe(query);
}

SandboxState::Transition SandboxState::transition(TransitionKind kind, const QString &name)
{
    Transition t;
    t.kind = kind;
    t.name = name;
    return t;
}

QString SandboxState::arn(const QString &resourceType, const QString &name) const
{
    return u"arn:aws:elasticache:%1:%2:%3:%4"_s.arg(m_config.region, m_config.accountId, resourceType, name);
}

// ---- node-based snapshots ----------------------------------------------------------------------------------------

ApiResult<SandboxPage<Snapshot>> SandboxState::describeSnapshots(const DescribeSnapshotsRequest &request,
                                                                 const QString &marker)
{
    advance();
    if (auto error = checkRange(u"MaxRecords"_s, request.maxRecords, 20, 50))
        return *error;
    if (!request.cacheClusterId.isEmpty() && !request.replicationGroupId.isEmpty())
        return invalidParameterCombination(u"Cannot specify both CacheClusterId and ReplicationGroupId."_s);
    QString wantedSource;
    if (!request.snapshotSource.isNull()) {
        if (request.snapshotSource == u"system")
            wantedSource = u"automated"_s;
        else if (request.snapshotSource == u"user")
            wantedSource = u"manual"_s;
        else
            return invalidParameterValue(
                u"Invalid value %1 for SnapshotSource. Valid values are system and user."_s.arg(
                    request.snapshotSource));
    }
    const QString clusterId = request.cacheClusterId.toLower();
    const QString groupId = request.replicationGroupId.toLower();
    const QString name = request.snapshotName.toLower();

    const auto matches = [&](const Snapshot &s) {
        if (!clusterId.isEmpty() && !involvesCluster(s, clusterId))
            return false;
        if (!groupId.isEmpty() && s.replicationGroupId != groupId)
            return false;
        if (!wantedSource.isEmpty() && s.snapshotSource != wantedSource)
            return false;
        return true;
    };
    const bool showConfig = request.showNodeGroupConfig.value_or(false);
    const auto present = [showConfig](const Snapshot &s) {
        return showConfig ? s : withoutNodeGroupConfig(s);
    };

    if (!clusterId.isEmpty() && m_clusters.find(clusterId) == m_clusters.end()) {
        // Manual snapshots outlive their cluster, so its name still filters them.
        const bool known = std::any_of(m_snapshots.cbegin(), m_snapshots.cend(),
                                       [&](const auto &entry) { return involvesCluster(entry.second, clusterId); });
        if (!known)
            return make(404, u"CacheClusterNotFound"_s, u"CacheCluster not found: %1"_s.arg(request.cacheClusterId));
    }
    if (!request.snapshotName.isEmpty()) {
        const auto it = m_snapshots.find(name);
        if (it == m_snapshots.end() || !matches(it->second))
            return make(404, u"SnapshotNotFoundFault"_s, u"Snapshot %1 not found."_s.arg(request.snapshotName));
        if (!marker.isEmpty() && !decodeMarker(u"DescribeSnapshots"_s, marker))
            return invalidMarker();
        SandboxPage<Snapshot> page;
        page.items.append(present(it->second));
        return page;
    }
    if (clusterId.isEmpty() && groupId.isEmpty())
        return pageOf<Snapshot>(u"DescribeSnapshots"_s, marker, request.maxRecords.value_or(50), m_snapshots, matches,
                                present);
    // By source: from the index's candidates.
    const auto indexed = m_snapshotsBySource.find(clusterId.isEmpty() ? u"g:"_s + groupId : u"c:"_s + clusterId);
    return SandboxPaging::pageOfIndexed<Snapshot>(u"DescribeSnapshots"_s, marker, request.maxRecords.value_or(50),
                                                  indexed == m_snapshotsBySource.end() ? nullptr : &indexed->second,
                                                  m_snapshots, matches, present);
}

void SandboxState::indexSnapshot(const QString &key, const Snapshot &snapshot)
{
    if (!snapshot.cacheClusterId.isEmpty())
        m_snapshotsBySource[u"c:"_s + snapshot.cacheClusterId].insert(key);
    for (const NodeSnapshot &node : snapshot.nodeSnapshots) {
        if (!node.cacheClusterId.isEmpty())
            m_snapshotsBySource[u"c:"_s + node.cacheClusterId].insert(key);
    }
    if (!snapshot.replicationGroupId.isEmpty())
        m_snapshotsBySource[u"g:"_s + snapshot.replicationGroupId].insert(key);
}

void SandboxState::indexServerlessSnapshot(const QString &key, const ServerlessCacheSnapshot &snapshot)
{
    if (snapshot.serverlessCacheConfiguration && !snapshot.serverlessCacheConfiguration->serverlessCacheName.isEmpty())
        m_snapshotsBySource[u"s:"_s + snapshot.serverlessCacheConfiguration->serverlessCacheName.toLower()].insert(key);
}

ApiResult<Snapshot> SandboxState::createSnapshot(const CreateSnapshotRequest &request)
{
    advance();
    if (request.snapshotName.isEmpty())
        return missingParameter(u"SnapshotName"_s);
    if (request.cacheClusterId.isEmpty() && request.replicationGroupId.isEmpty())
        return invalidParameterValue(u"Either CacheClusterId or ReplicationGroupId must be specified."_s);
    if (!request.cacheClusterId.isEmpty() && !request.replicationGroupId.isEmpty())
        return invalidParameterCombination(u"Cannot specify both CacheClusterId and ReplicationGroupId."_s);
    if (const auto verdict = SnapshotNames::checkManualName(request.snapshotName); !verdict.ok)
        return invalidParameterValue(u"Invalid snapshot name %1: %2"_s.arg(request.snapshotName, verdict.reason));
    const QString name = SnapshotNames::normalized(request.snapshotName);
    if (m_snapshots.count(name))
        return make(400, u"SnapshotAlreadyExistsFault"_s, u"Snapshot %1 already exists."_s.arg(name));

    Snapshot snapshot;
    QString source;
    if (!request.cacheClusterId.isEmpty()) {
        source = request.cacheClusterId.toLower();
        const auto it = m_clusters.find(source);
        if (it == m_clusters.end())
            return make(404, u"CacheClusterNotFound"_s, u"CacheCluster not found: %1"_s.arg(request.cacheClusterId));
        const CacheCluster &cluster = it->second.cluster;
        if (cluster.engine == u"memcached")
            return make(400, u"SnapshotFeatureNotSupportedFault"_s,
                        u"Snapshots are not supported for cache clusters running memcached: %1."_s.arg(source));
        if (cluster.cacheNodeType == u"cache.t1.micro")
            return make(400, u"SnapshotFeatureNotSupportedFault"_s,
                        u"Snapshots are not supported for cache node type cache.t1.micro: %1."_s.arg(source));
        if (!cluster.replicationGroupId.isEmpty()) {
            const auto group = m_groups.find(cluster.replicationGroupId);
            if (group != m_groups.end() && group->second.group.clusterEnabled.value_or(false))
                return invalidParameterCombination(
                    u"Cache cluster %1 belongs to the cluster mode enabled replication group %2; take the snapshot of the replication group instead."_s
                        .arg(source, cluster.replicationGroupId));
        }
        if (cluster.cacheClusterStatus != u"available")
            return make(400, u"InvalidCacheClusterState"_s,
                        u"Cache cluster %1 is not in the available state (it is %2)."_s.arg(
                            source, cluster.cacheClusterStatus));
        snapshot = it->second.snapshotTemplate;
    } else {
        source = request.replicationGroupId.toLower();
        const auto it = m_groups.find(source);
        if (it == m_groups.end())
            return make(404, u"ReplicationGroupNotFoundFault"_s,
                        u"Replication group %1 not found."_s.arg(request.replicationGroupId));
        if (it->second.group.status != u"available")
            return make(400, u"InvalidReplicationGroupState"_s,
                        u"Replication group %1 is not in the available state (it is %2)."_s.arg(
                            source, it->second.group.status));
        snapshot = it->second.snapshotTemplate;
    }
    if (auto error = SandboxRules::checkTags(request.tags))
        return *error;
    if (request.tags.size() > SandboxRules::maxTagsPerResource)
        return SandboxRules::tagQuotaExceeded();
    if (auto error = checkManualQuota(source, false))
        return *error;

    const QDateTime at = now();
    snapshot.snapshotName = name;
    snapshot.snapshotStatus = u"creating"_s;
    snapshot.snapshotSource = u"manual"_s;
    snapshot.arn = arn(u"snapshot"_s, name);
    if (!request.kmsKeyId.isEmpty())
        snapshot.kmsKeyId = request.kmsKeyId;
    for (NodeSnapshot &node : snapshot.nodeSnapshots)
        node.snapshotCreateTime = at;
    m_snapshots[name] = snapshot;
    indexSnapshot(name, snapshot);
    // The request's tags, or else the source's (tests/data/snapshot-rules.md, tags).
    setTags(snapshot.arn,
            request.tags.isEmpty()
                ? tags(arn(request.cacheClusterId.isEmpty() ? u"replicationgroup"_s : u"cluster"_s, source))
                : SandboxRules::mergedTags({}, request.tags));
    m_manualLog[source].append(at);

    if (!request.cacheClusterId.isEmpty()) {
        m_clusters[source].cluster.cacheClusterStatus = u"snapshotting"_s;
        schedule(m_config.snapshotCreateSeconds, transition(TransitionKind::ClusterAvailable, source));
    } else {
        m_groups[source].group.status = u"snapshotting"_s;
        schedule(m_config.snapshotCreateSeconds, transition(TransitionKind::GroupAvailable, source));
    }
    schedule(m_config.snapshotCreateSeconds, transition(TransitionKind::SnapshotAvailable, name));
    Q_EMIT changed();
    return withoutNodeGroupConfig(snapshot);
}

ApiResult<Snapshot> SandboxState::copySnapshot(const CopySnapshotRequest &request)
{
    advance();
    if (request.sourceSnapshotName.isEmpty())
        return missingParameter(u"SourceSnapshotName"_s);
    if (request.targetSnapshotName.isEmpty())
        return missingParameter(u"TargetSnapshotName"_s);
    const auto sourceIt = m_snapshots.find(request.sourceSnapshotName.toLower());
    if (sourceIt == m_snapshots.end())
        return make(404, u"SnapshotNotFoundFault"_s, u"Snapshot %1 not found."_s.arg(request.sourceSnapshotName));
    if (const auto verdict = SnapshotNames::checkCopyTargetName(request.targetSnapshotName); !verdict.ok)
        return invalidParameterValue(
            u"Invalid target snapshot name %1: %2"_s.arg(request.targetSnapshotName, verdict.reason));
    Snapshot &source = sourceIt->second;
    const QString target = SnapshotNames::normalized(request.targetSnapshotName);
    if (auto error = SandboxRules::checkTags(request.tags))
        return *error;
    if (request.tags.size() > SandboxRules::maxTagsPerResource)
        return SandboxRules::tagQuotaExceeded();

    if (!request.targetBucket.isEmpty()) {
        // An export: objects in the bucket, no new snapshot in ElastiCache.
        if (!request.kmsKeyId.isEmpty())
            return invalidParameterCombination(
                u"KmsKeyId cannot be used when exporting a snapshot to Amazon S3: exported objects use S3 server-side encryption."_s);
        if (source.dataTiering == u"enabled")
            return invalidParameterValue(
                u"Snapshot %1 was taken from a cluster with data tiering; exporting it to Amazon S3 is not supported."_s
                    .arg(source.snapshotName));
        if (source.snapshotStatus != u"available")
            return make(400, u"InvalidSnapshotState"_s,
                        u"Snapshot %1 is %2; it can be exported only when available."_s.arg(source.snapshotName,
                                                                                            source.snapshotStatus));
        QStringList keys;
        const int objects = std::max<int>(1, int(source.nodeSnapshots.size()));
        for (int i = 1; i <= objects; ++i)
            keys.append(u"%1-%2.rdb"_s.arg(target).arg(i, 4, 10, QChar(u'0')));
        if (auto error = checkExportBucket(request.targetBucket, keys))
            return *error;
        source.snapshotStatus = u"copying"_s;
        QList<qint64> sizes;
        for (int i = 0; i < objects; ++i) {
            const QString cacheSize
                = i < source.nodeSnapshots.size() ? source.nodeSnapshots.at(i).cacheSize : QString();
            sizes.append(exportedSize(cacheBytes(cacheSize), keys.at(i)));
        }
        startExport(false, source.snapshotName, request.targetBucket, keys, sizes);
        Q_EMIT changed();
        return withoutNodeGroupConfig(source);
    }

    if (m_snapshots.count(target))
        return make(400, u"SnapshotAlreadyExistsFault"_s, u"Snapshot %1 already exists."_s.arg(target));
    if (source.snapshotStatus != u"available")
        return make(400, u"InvalidSnapshotState"_s,
                    u"Snapshot %1 is %2; it can be copied only when available."_s.arg(source.snapshotName,
                                                                                      source.snapshotStatus));
    if (auto error = checkManualQuota(QString(), false))
        return *error;

    Snapshot copy = source;
    copy.snapshotName = target;
    copy.snapshotStatus = u"creating"_s;
    copy.snapshotSource = u"manual"_s; // a copy of an automatic backup is manual
    copy.arn = arn(u"snapshot"_s, target);
    if (!request.kmsKeyId.isEmpty())
        copy.kmsKeyId = request.kmsKeyId;
    source.snapshotStatus = u"copying"_s;
    const QString sourceName = source.snapshotName;
    m_snapshots[target] = copy;
    indexSnapshot(target, copy);
    setTags(copy.arn,
            request.tags.isEmpty() ? tags(arn(u"snapshot"_s, sourceName)) : SandboxRules::mergedTags({}, request.tags));
    schedule(m_config.copySeconds(), transition(TransitionKind::SnapshotSourceReleased, sourceName));
    Transition available = transition(TransitionKind::SnapshotAvailable, target);
    available.copiedFrom = sourceName;
    schedule(m_config.copySeconds(), available);
    Q_EMIT changed();
    return withoutNodeGroupConfig(copy);
}

ApiResult<Snapshot> SandboxState::deleteSnapshot(const DeleteSnapshotRequest &request)
{
    advance();
    if (request.snapshotName.isEmpty())
        return missingParameter(u"SnapshotName"_s);
    const auto it = m_snapshots.find(request.snapshotName.toLower());
    if (it == m_snapshots.end())
        return make(404, u"SnapshotNotFoundFault"_s, u"Snapshot %1 not found."_s.arg(request.snapshotName));
    Snapshot &snapshot = it->second;
    if (snapshot.snapshotStatus != u"available")
        return make(400, u"InvalidSnapshotState"_s,
                    u"Snapshot %1 is %2; only an available snapshot can be deleted."_s.arg(snapshot.snapshotName,
                                                                                           snapshot.snapshotStatus));
    snapshot.snapshotStatus = u"deleting"_s;
    schedule(m_config.deleteSeconds(), transition(TransitionKind::SnapshotGone, snapshot.snapshotName));
    Q_EMIT changed();
    return withoutNodeGroupConfig(snapshot);
}

// ---- sources ----------------------------------------------------------------------------------------------------

ApiResult<SandboxPage<CacheCluster>> SandboxState::describeCacheClusters(const DescribeCacheClustersRequest &request,
                                                                         const QString &marker)
{
    advance();
    if (auto error = checkRange(u"MaxRecords"_s, request.maxRecords, 20, 100))
        return *error;
    const QString id = request.cacheClusterId.toLower();
    if (!id.isEmpty() && m_clusters.find(id) == m_clusters.end())
        return make(404, u"CacheClusterNotFound"_s, u"CacheCluster not found: %1"_s.arg(request.cacheClusterId));
    const bool onlyStandalone = request.showCacheClustersNotInReplicationGroups.value_or(false);
    return pageOf<CacheCluster>(
        u"DescribeCacheClusters"_s, marker, request.maxRecords.value_or(100), m_clusters,
        [&](const ClusterRecord &r) {
            return (id.isEmpty() || r.cluster.cacheClusterId == id)
                && (!onlyStandalone || r.cluster.replicationGroupId.isEmpty());
        },
        [](const ClusterRecord &r) { return r.cluster; });
}

ApiResult<SandboxPage<ReplicationGroup>>
SandboxState::describeReplicationGroups(const DescribeReplicationGroupsRequest &request, const QString &marker)
{
    advance();
    if (auto error = checkRange(u"MaxRecords"_s, request.maxRecords, 20, 100))
        return *error;
    const QString id = request.replicationGroupId.toLower();
    if (!id.isEmpty() && m_groups.find(id) == m_groups.end())
        return make(404, u"ReplicationGroupNotFoundFault"_s,
                    u"Replication group %1 not found."_s.arg(request.replicationGroupId));
    return pageOf<ReplicationGroup>(
        u"DescribeReplicationGroups"_s, marker, request.maxRecords.value_or(100), m_groups,
        [&](const GroupRecord &r) { return id.isEmpty() || r.group.replicationGroupId == id; },
        [](const GroupRecord &r) { return r.group; });
}

ApiResult<SandboxPage<ServerlessCache>>
SandboxState::describeServerlessCaches(const DescribeServerlessCachesRequest &request, const QString &marker)
{
    advance();
    if (auto error = checkRange(u"MaxResults"_s, request.maxResults, 1, 100))
        return *error;
    const QString name = request.serverlessCacheName.toLower();
    if (!name.isEmpty() && m_serverlessCaches.find(name) == m_serverlessCaches.end())
        return make(404, u"ServerlessCacheNotFoundFault"_s,
                    u"Serverless cache %1 not found."_s.arg(request.serverlessCacheName));
    return pageOf<ServerlessCache>(
        u"DescribeServerlessCaches"_s, marker, request.maxResults.value_or(50), m_serverlessCaches,
        [&](const ServerlessCacheRecord &r) { return name.isEmpty() || r.cache.serverlessCacheName == name; },
        [](const ServerlessCacheRecord &r) { return r.cache; });
}

// ---- serverless snapshots ---------------------------------------------------------------------------------------

ApiResult<SandboxPage<ServerlessCacheSnapshot>>
SandboxState::describeServerlessCacheSnapshots(const DescribeServerlessCacheSnapshotsRequest &request,
                                               const QString &marker)
{
    advance();
    if (auto error = checkRange(u"MaxResults"_s, request.maxResults, 1, 50))
        return *error;
    if (!request.snapshotType.isEmpty() && request.snapshotType != u"automatic" && request.snapshotType != u"manual")
        return invalidParameterValue(
            u"Invalid value %1 for SnapshotType. Valid values are automatic and manual."_s.arg(request.snapshotType));
    const QString cacheName = request.serverlessCacheName.toLower();
    if (!cacheName.isEmpty() && m_serverlessCaches.find(cacheName) == m_serverlessCaches.end())
        return make(404, u"ServerlessCacheNotFoundFault"_s,
                    u"Serverless cache %1 not found."_s.arg(request.serverlessCacheName));
    const auto matches = [&](const ServerlessCacheSnapshot &s) {
        if (!cacheName.isEmpty()
            && (!s.serverlessCacheConfiguration || s.serverlessCacheConfiguration->serverlessCacheName != cacheName))
            return false;
        return request.snapshotType.isEmpty() || s.snapshotType == request.snapshotType;
    };
    const auto present = [](const ServerlessCacheSnapshot &s) {
        return s;
    };
    if (!request.serverlessCacheSnapshotName.isEmpty()) {
        const auto it = m_serverlessSnapshots.find(request.serverlessCacheSnapshotName.toLower());
        if (it == m_serverlessSnapshots.end() || !matches(it->second))
            return make(404, u"ServerlessCacheSnapshotNotFoundFault"_s,
                        u"Serverless cache snapshot %1 not found."_s.arg(request.serverlessCacheSnapshotName));
        SandboxPage<ServerlessCacheSnapshot> page;
        page.items.append(it->second);
        return page;
    }
    if (cacheName.isEmpty())
        return pageOf<ServerlessCacheSnapshot>(u"DescribeServerlessCacheSnapshots"_s, marker,
                                               request.maxResults.value_or(50), m_serverlessSnapshots, matches,
                                               present);
    // One cache's: from the index's candidates.
    const auto indexed = m_snapshotsBySource.find(u"s:"_s + cacheName);
    return SandboxPaging::pageOfIndexed<ServerlessCacheSnapshot>(
        u"DescribeServerlessCacheSnapshots"_s, marker, request.maxResults.value_or(50),
        indexed == m_snapshotsBySource.end() ? nullptr : &indexed->second, m_serverlessSnapshots, matches, present);
}

ApiResult<ServerlessCacheSnapshot>
SandboxState::createServerlessCacheSnapshot(const CreateServerlessCacheSnapshotRequest &request)
{
    advance();
    if (request.serverlessCacheSnapshotName.isEmpty())
        return missingParameter(u"ServerlessCacheSnapshotName"_s);
    if (request.serverlessCacheName.isEmpty())
        return missingParameter(u"ServerlessCacheName"_s);
    if (const auto verdict = SnapshotNames::checkServerlessName(request.serverlessCacheSnapshotName); !verdict.ok)
        return invalidParameterValue(u"Invalid serverless cache snapshot name %1: %2"_s.arg(
            request.serverlessCacheSnapshotName, verdict.reason));
    const QString name = SnapshotNames::normalized(request.serverlessCacheSnapshotName);
    if (m_serverlessSnapshots.count(name))
        return make(400, u"ServerlessCacheSnapshotAlreadyExistsFault"_s,
                    u"Serverless cache snapshot %1 already exists."_s.arg(name));
    const QString cacheName = request.serverlessCacheName.toLower();
    const auto cacheIt = m_serverlessCaches.find(cacheName);
    if (cacheIt == m_serverlessCaches.end())
        return make(404, u"ServerlessCacheNotFoundFault"_s,
                    u"Serverless cache %1 not found."_s.arg(request.serverlessCacheName));
    const ServerlessCache &cache = cacheIt->second.cache;
    if (cache.status != u"available")
        return make(400, u"InvalidServerlessCacheStateFault"_s,
                    u"Serverless cache %1 is not in the available state (it is %2)."_s.arg(cacheName, cache.status));
    if (auto error = SandboxRules::checkTags(request.tags))
        return *error;
    if (request.tags.size() > SandboxRules::maxTagsPerResource)
        return SandboxRules::tagQuotaExceeded();
    if (auto error = checkManualQuota(cacheName, true))
        return *error;

    const QDateTime at = now();
    ServerlessCacheSnapshot snapshot;
    snapshot.serverlessCacheSnapshotName = name;
    snapshot.arn = arn(u"serverlesscachesnapshot"_s, name);
    snapshot.kmsKeyId = request.kmsKeyId.isEmpty() ? cache.kmsKeyId : request.kmsKeyId;
    snapshot.snapshotType = u"manual"_s;
    snapshot.status = u"creating"_s;
    snapshot.createTime = at;
    snapshot.bytesUsedForCache = QString::number(cacheIt->second.bytesUsed);
    snapshot.serverlessCacheConfiguration
        = ServerlessCacheConfiguration {cache.serverlessCacheName, cache.engine, cache.majorEngineVersion};
    m_serverlessSnapshots[name] = snapshot;
    indexServerlessSnapshot(name, snapshot);
    setTags(snapshot.arn, SandboxRules::mergedTags({}, request.tags));
    m_manualLog[u"serverless:"_s + cacheName].append(at);
    schedule(m_config.snapshotCreateSeconds, transition(TransitionKind::ServerlessAvailable, name));
    Q_EMIT changed();
    return snapshot;
}

ApiResult<ServerlessCacheSnapshot>
SandboxState::copyServerlessCacheSnapshot(const CopyServerlessCacheSnapshotRequest &request)
{
    advance();
    if (request.sourceServerlessCacheSnapshotName.isEmpty())
        return missingParameter(u"SourceServerlessCacheSnapshotName"_s);
    if (request.targetServerlessCacheSnapshotName.isEmpty())
        return missingParameter(u"TargetServerlessCacheSnapshotName"_s);
    const auto sourceIt = m_serverlessSnapshots.find(request.sourceServerlessCacheSnapshotName.toLower());
    if (sourceIt == m_serverlessSnapshots.end())
        return make(404, u"ServerlessCacheSnapshotNotFoundFault"_s,
                    u"Serverless cache snapshot %1 not found."_s.arg(request.sourceServerlessCacheSnapshotName));
    if (const auto verdict = SnapshotNames::checkServerlessName(request.targetServerlessCacheSnapshotName); !verdict.ok)
        return invalidParameterValue(u"Invalid serverless cache snapshot name %1: %2"_s.arg(
            request.targetServerlessCacheSnapshotName, verdict.reason));
    const QString target = SnapshotNames::normalized(request.targetServerlessCacheSnapshotName);
    if (m_serverlessSnapshots.count(target))
        return make(400, u"ServerlessCacheSnapshotAlreadyExistsFault"_s,
                    u"Serverless cache snapshot %1 already exists."_s.arg(target));
    ServerlessCacheSnapshot &source = sourceIt->second;
    if (source.status != u"available")
        return make(400, u"InvalidServerlessCacheSnapshotStateFault"_s,
                    u"Serverless cache snapshot %1 is %2; it can be copied only when available."_s.arg(
                        source.serverlessCacheSnapshotName, source.status));
    if (auto error = SandboxRules::checkTags(request.tags))
        return *error;
    if (request.tags.size() > SandboxRules::maxTagsPerResource)
        return SandboxRules::tagQuotaExceeded();
    if (auto error = checkManualQuota(QString(), true))
        return *error;

    ServerlessCacheSnapshot copy = source;
    copy.serverlessCacheSnapshotName = target;
    copy.arn = arn(u"serverlesscachesnapshot"_s, target);
    copy.snapshotType = u"manual"_s;
    copy.status = u"creating"_s;
    copy.expiryTime = QDateTime();
    if (!request.kmsKeyId.isEmpty())
        copy.kmsKeyId = request.kmsKeyId;
    source.status = u"copying"_s;
    const QString sourceName = source.serverlessCacheSnapshotName;
    m_serverlessSnapshots[target] = copy;
    indexServerlessSnapshot(target, copy);
    setTags(copy.arn, SandboxRules::mergedTags({}, request.tags));
    schedule(m_config.copySeconds(), transition(TransitionKind::ServerlessSourceReleased, sourceName));
    Transition available = transition(TransitionKind::ServerlessAvailable, target);
    available.copiedFrom = sourceName;
    schedule(m_config.copySeconds(), available);
    Q_EMIT changed();
    return copy;
}

ApiResult<ServerlessCacheSnapshot>
SandboxState::deleteServerlessCacheSnapshot(const DeleteServerlessCacheSnapshotRequest &request)
{
    advance();
    if (request.serverlessCacheSnapshotName.isEmpty())
        return missingParameter(u"ServerlessCacheSnapshotName"_s);
    const auto it = m_serverlessSnapshots.find(request.serverlessCacheSnapshotName.toLower());
    if (it == m_serverlessSnapshots.end())
        return make(404, u"ServerlessCacheSnapshotNotFoundFault"_s,
                    u"Serverless cache snapshot %1 not found."_s.arg(request.serverlessCacheSnapshotName));
    ServerlessCacheSnapshot &snapshot = it->second;
    if (snapshot.status != u"available")
        return make(400, u"InvalidServerlessCacheSnapshotStateFault"_s,
                    u"Serverless cache snapshot %1 is %2; only an available snapshot can be deleted."_s.arg(
                        snapshot.serverlessCacheSnapshotName, snapshot.status));
    snapshot.status = u"deleting"_s;
    schedule(m_config.deleteSeconds(),
             transition(TransitionKind::ServerlessGone, snapshot.serverlessCacheSnapshotName));
    Q_EMIT changed();
    return snapshot;
}

ApiResult<ServerlessCacheSnapshot>
SandboxState::exportServerlessCacheSnapshot(const ExportServerlessCacheSnapshotRequest &request)
{
    advance();
    if (request.serverlessCacheSnapshotName.isEmpty())
        return missingParameter(u"ServerlessCacheSnapshotName"_s);
    if (request.s3BucketName.isEmpty())
        return missingParameter(u"S3BucketName"_s);
    const auto it = m_serverlessSnapshots.find(request.serverlessCacheSnapshotName.toLower());
    if (it == m_serverlessSnapshots.end())
        return make(404, u"ServerlessCacheSnapshotNotFoundFault"_s,
                    u"Serverless cache snapshot %1 not found."_s.arg(request.serverlessCacheSnapshotName));
    ServerlessCacheSnapshot &snapshot = it->second;
    if (snapshot.serverlessCacheConfiguration && snapshot.serverlessCacheConfiguration->engine == u"memcached")
        return invalidParameterValue(
            u"Exporting serverless cache snapshots to Amazon S3 is available for Valkey and Redis OSS only."_s);
    if (snapshot.status != u"available")
        return make(400, u"InvalidServerlessCacheSnapshotStateFault"_s,
                    u"Serverless cache snapshot %1 is %2; it can be exported only when available."_s.arg(
                        snapshot.serverlessCacheSnapshotName, snapshot.status));
    const QStringList keys {snapshot.serverlessCacheSnapshotName + u"-0001.rdb"};
    if (auto error = checkExportBucket(request.s3BucketName, keys))
        return *error;
    snapshot.status = u"copying"_s;
    startExport(true, snapshot.serverlessCacheSnapshotName, request.s3BucketName, keys,
                {exportedSize(snapshot.bytesUsedForCache.toLongLong(), keys.constFirst())});
    Q_EMIT changed();
    return snapshot;
}

// ---- rules ------------------------------------------------------------------------------------------------------

std::optional<ApiError> SandboxState::checkExportBucket(const QString &bucket, const QStringList &keys) const
{
    QStringList pending;
    for (const auto &entry : m_transitions) {
        if (entry.second.bucket == bucket)
            pending += entry.second.objectKeys;
    }
    return m_buckets->checkExport(bucket, m_config.region, keys, pending);
}

std::optional<ApiError> SandboxState::checkManualQuota(const QString &source, bool serverless) const
{
    const QString code = serverless ? u"ServerlessCacheSnapshotQuotaExceededFault"_s : u"SnapshotQuotaExceededFault"_s;
    const int maxTotal = serverless ? m_config.maxManualServerlessSnapshots : m_config.maxManualSnapshots;
    if (maxTotal > 0) {
        int manual = 0;
        if (serverless) {
            for (const auto &entry : m_serverlessSnapshots)
                manual += entry.second.snapshotType == u"manual" ? 1 : 0;
        } else {
            for (const auto &entry : m_snapshots)
                manual += entry.second.snapshotSource == u"manual" ? 1 : 0;
        }
        if (manual >= maxTotal)
            return make(
                400, code,
                u"The request cannot be processed because it would exceed the maximum number of snapshots (%1)."_s.arg(
                    maxTotal));
    }
    const int perDay
        = serverless ? m_config.manualServerlessSnapshotsPerCachePerDay : m_config.manualSnapshotsPerSourcePerDay;
    if (!source.isEmpty() && perDay > 0) {
        const QDateTime since = now().addSecs(-24 * 3600);
        const QList<QDateTime> log = m_manualLog.value(serverless ? u"serverless:"_s + source : source);
        const auto recent = std::count_if(log.cbegin(), log.cend(), [&](const QDateTime &t) { return t > since; });
        if (recent >= perDay)
            return make(
                400, code,
                u"The request cannot be processed because it would exceed the maximum number of manual snapshots of %1 in 24 hours (%2)."_s
                    .arg(source)
                    .arg(perDay));
    }
    return std::nullopt;
}

// ---- time -------------------------------------------------------------------------------------------------------

void SandboxState::schedule(double seconds, Transition transition)
{
    const qint64 due = now().toMSecsSinceEpoch() + toMs(std::max(0.0, seconds));
    m_transitions.emplace(due, std::move(transition));
    rearmTimer();
}

void SandboxState::scheduleSeededTransition(const QString &snapshotName, bool serverless, double afterSeconds)
{
    const QString name = snapshotName.toLower();
    QString status;
    if (serverless) {
        const auto it = m_serverlessSnapshots.find(name);
        if (it == m_serverlessSnapshots.end())
            return;
        status = it->second.status;
    } else {
        const auto it = m_snapshots.find(name);
        if (it == m_snapshots.end())
            return;
        status = it->second.snapshotStatus;
    }
    TransitionKind kind;
    if (status == u"creating")
        kind = serverless ? TransitionKind::ServerlessAvailable : TransitionKind::SnapshotAvailable;
    else if (status == u"copying")
        kind = serverless ? TransitionKind::ServerlessSourceReleased : TransitionKind::SnapshotSourceReleased;
    else if (status == u"deleting")
        kind = serverless ? TransitionKind::ServerlessGone : TransitionKind::SnapshotGone;
    else
        return;
    schedule(afterSeconds, transition(kind, name));
}

void SandboxState::rearmTimer()
{
    if (m_transitions.empty()) {
        m_timer.stop();
        return;
    }
    const qint64 wait = m_transitions.begin()->first - now().toMSecsSinceEpoch();
    m_timer.start(int(std::clamp<qint64>(wait, 0, std::numeric_limits<int>::max())));
}

QDateTime SandboxState::nextTransition() const
{
    if (m_transitions.empty())
        return {};
    return QDateTime::fromMSecsSinceEpoch(m_transitions.begin()->first, Qt::UTC);
}

void SandboxState::advance()
{
    const qint64 current = now().toMSecsSinceEpoch();
    bool any = false;
    while (!m_transitions.empty() && m_transitions.begin()->first <= current) {
        const Transition transition = m_transitions.begin()->second;
        m_transitions.erase(m_transitions.begin());
        apply(transition);
        any = true;
    }
    rearmTimer();
    if (any)
        Q_EMIT changed();
}

void SandboxState::apply(const Transition &t)
{
    switch (t.kind) {
    case TransitionKind::SnapshotAvailable:
        if (auto it = m_snapshots.find(t.name); it != m_snapshots.end() && it->second.snapshotStatus == u"creating") {
            it->second.snapshotStatus = u"available"_s;
            const Snapshot &s = it->second;
            if (!t.copiedFrom.isEmpty())
                recordSnapshotEvent(
                    false, t.name,
                    u"Snapshot copy succeeded for snapshot with ID '%1' (copied from snapshot '%2')"_s.arg(
                        t.name, t.copiedFrom));
            else if (!s.replicationGroupId.isEmpty())
                recordSnapshotEvent(
                    false, t.name,
                    u"Snapshot succeeded for snapshot with ID '%1' of replication group with ID '%2'"_s.arg(
                        t.name, s.replicationGroupId));
            else
                recordSnapshotEvent(false, t.name,
                                    u"Snapshot succeeded for snapshot with ID '%1' of cache cluster with ID '%2'"_s.arg(
                                        t.name, s.cacheClusterId));
        }
        break;
    case TransitionKind::SnapshotGone:
        if (m_snapshots.erase(t.name)) {
            m_tags.erase(arn(u"snapshot"_s, t.name));
            recordSnapshotEvent(false, t.name, u"Deleted snapshot with ID '%1'"_s.arg(t.name));
        }
        break;
    case TransitionKind::SnapshotSourceReleased:
        if (auto it = m_snapshots.find(t.name); it != m_snapshots.end() && it->second.snapshotStatus == u"copying")
            it->second.snapshotStatus = u"available"_s;
        finishExport(t);
        break;
    case TransitionKind::ServerlessAvailable:
        if (auto it = m_serverlessSnapshots.find(t.name);
            it != m_serverlessSnapshots.end() && it->second.status == u"creating") {
            it->second.status = u"available"_s;
            const auto &config = it->second.serverlessCacheConfiguration;
            if (!t.copiedFrom.isEmpty())
                recordSnapshotEvent(
                    true, t.name,
                    u"Snapshot copy succeeded for serverless cache snapshot with ID '%1' (copied from serverless cache snapshot '%2')"_s
                        .arg(t.name, t.copiedFrom));
            else
                recordSnapshotEvent(
                    true, t.name,
                    u"Snapshot succeeded for serverless cache snapshot with ID '%1' of serverless cache with ID '%2'"_s
                        .arg(t.name, config ? config->serverlessCacheName : QString()));
        }
        break;
    case TransitionKind::ServerlessGone:
        if (m_serverlessSnapshots.erase(t.name)) {
            m_tags.erase(arn(u"serverlesscachesnapshot"_s, t.name));
            recordSnapshotEvent(true, t.name, u"Deleted serverless cache snapshot with ID '%1'"_s.arg(t.name));
        }
        break;
    case TransitionKind::ServerlessSourceReleased:
        if (auto it = m_serverlessSnapshots.find(t.name);
            it != m_serverlessSnapshots.end() && it->second.status == u"copying")
            it->second.status = u"available"_s;
        finishExport(t);
        break;
    case TransitionKind::ExportObject:
        writeExportObject(t);
        break;
    case TransitionKind::ClusterCreated:
    case TransitionKind::GroupCreated:
    case TransitionKind::ServerlessCacheCreated:
        finishCreate(t);
        break;
    case TransitionKind::ClusterAvailable:
        if (auto it = m_clusters.find(t.name);
            it != m_clusters.end() && it->second.cluster.cacheClusterStatus == u"snapshotting")
            it->second.cluster.cacheClusterStatus = u"available"_s;
        break;
    case TransitionKind::GroupAvailable:
        if (auto it = m_groups.find(t.name); it != m_groups.end() && it->second.group.status == u"snapshotting")
            it->second.group.status = u"available"_s;
        break;
    }
}

// ---- exports ----------------------------------------------------------------------------------------------------

void SandboxState::startExport(bool serverless, const QString &sourceName, const QString &bucket,
                               const QStringList &keys, const QList<qint64> &sizes)
{
    const double total = m_config.exportDurationSeconds();
    const int failAfter = m_config.exportFailAfterObjects;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        Transition object = transition(TransitionKind::ExportObject, sourceName);
        object.serverlessSource = serverless ? u"serverless"_s : QString();
        object.bucket = bucket;
        object.objectKeys = {keys.at(i)};
        object.objectSizes = {sizes.value(i)};
        object.objectIndex = int(i);
        object.failAfter = failAfter;
        schedule(total * double(i + 1) / double(keys.size() + 1), object);
    }
    Transition release = transition(
        serverless ? TransitionKind::ServerlessSourceReleased : TransitionKind::SnapshotSourceReleased, sourceName);
    release.bucket = bucket;
    release.objectKeys = keys;
    release.objectSizes = sizes;
    release.failAfter = failAfter;
    schedule(total, release);
}

void SandboxState::writeExportObject(const Transition &t)
{
    if (t.objectKeys.size() != 1)
        return;
    const QString key = t.objectKeys.constFirst();
    if (t.failAfter >= 0 && t.objectIndex >= t.failAfter) {
        failExport(t, u"ElastiCache could not write the object %1 (Access Denied)"_s.arg(key));
        return;
    }
    SandboxBucket *bucket = m_buckets->find(t.bucket);
    if (!bucket) {
        failExport(t, u"The S3 bucket %1 does not exist."_s.arg(t.bucket));
        return;
    }
    QString error;
    if (!m_buckets->putObjectOfSize(*bucket, key, rdbStandIn(t.name, t.objectIndex + 1, t.objectSizes.value(0)),
                                    t.objectSizes.value(0), &error)) {
        qCWarning(lcSandbox) << "export of" << t.name << "to" << t.bucket << "failed:" << error;
        failExport(t, u"ElastiCache could not write the object %1"_s.arg(key));
    }
}

void SandboxState::finishExport(const Transition &t)
{
    if (t.bucket.isEmpty())
        return;
    // Objects an earlier sandbox had not written one by one (a state file of an older form) are written now.
    SandboxBucket *bucket = m_buckets->find(t.bucket);
    for (qsizetype i = 0; bucket && i < t.objectKeys.size(); ++i) {
        if (bucket->objects.count(t.objectKeys.at(i)))
            continue;
        QString error;
        if (!m_buckets->putObjectOfSize(*bucket, t.objectKeys.at(i),
                                        rdbStandIn(t.name, int(i) + 1, t.objectSizes.value(i)), t.objectSizes.value(i),
                                        &error))
            qCWarning(lcSandbox) << "export of" << t.name << "to" << t.bucket << "failed:" << error;
    }
    const bool serverless = t.kind == TransitionKind::ServerlessSourceReleased;
    recordSnapshotEvent(serverless, t.name,
                        u"Export of %1 '%2' to Amazon S3 bucket '%3' succeeded"_s.arg(
                            serverless ? u"serverless cache snapshot"_s : u"snapshot"_s, t.name, t.bucket));
}

void SandboxState::failExport(const Transition &t, const QString &reason)
{
    const bool serverless = !t.serverlessSource.isEmpty();
    const TransitionKind release
        = serverless ? TransitionKind::ServerlessSourceReleased : TransitionKind::SnapshotSourceReleased;
    for (auto it = m_transitions.begin(); it != m_transitions.end();) {
        const Transition &other = it->second;
        if (other.name == t.name && other.bucket == t.bucket
            && (other.kind == TransitionKind::ExportObject || other.kind == release))
            it = m_transitions.erase(it);
        else
            ++it;
    }
    if (serverless) {
        if (auto it = m_serverlessSnapshots.find(t.name);
            it != m_serverlessSnapshots.end() && it->second.status == u"copying")
            it->second.status = u"available"_s;
    } else if (auto it = m_snapshots.find(t.name); it != m_snapshots.end() && it->second.snapshotStatus == u"copying") {
        it->second.snapshotStatus = u"available"_s;
    }
    recordSnapshotEvent(serverless, t.name,
                        u"Export of %1 '%2' to Amazon S3 bucket '%3' failed: %4"_s.arg(
                            serverless ? u"serverless cache snapshot"_s : u"snapshot"_s, t.name, t.bucket, reason));
}

void SandboxState::recordSnapshotEvent(bool serverless, const QString &name, const QString &message)
{
    m_events.record(name,
                    serverless ? QString(SandboxEvents::serverlessSnapshotSourceType)
                               : QString(SandboxEvents::snapshotSourceType),
                    message);
}

// ---- population -------------------------------------------------------------------------------------------------

void SandboxState::clear()
{
    m_snapshots.clear();
    m_snapshotsBySource.clear();
    m_serverlessSnapshots.clear();
    m_clusters.clear();
    m_groups.clear();
    m_serverlessCaches.clear();
    m_subnetGroups.clear();
    m_parameterGroups.clear();
    m_tags.clear();
    m_manualLog.clear();
    m_transitions.clear();
    if (m_ownsBuckets)
        m_buckets->clear();
    m_events.clear();
    m_timer.stop();
}

void SandboxState::addCacheCluster(const CacheCluster &cluster, const Snapshot &snapshotTemplate)
{
    m_clusters[cluster.cacheClusterId.toLower()] = ClusterRecord {cluster, snapshotTemplate};
}

void SandboxState::addReplicationGroup(const ReplicationGroup &group, const Snapshot &snapshotTemplate)
{
    m_groups[group.replicationGroupId.toLower()] = GroupRecord {group, snapshotTemplate};
}

void SandboxState::addServerlessCache(const ServerlessCache &cache, qint64 bytesUsed)
{
    m_serverlessCaches[cache.serverlessCacheName.toLower()] = ServerlessCacheRecord {cache, bytesUsed};
}

void SandboxState::addSnapshot(const Snapshot &snapshot)
{
    const QString key = snapshot.snapshotName.toLower();
    m_snapshots[key] = snapshot;
    indexSnapshot(key, snapshot);
}

void SandboxState::addServerlessSnapshot(const ServerlessCacheSnapshot &snapshot)
{
    const QString key = snapshot.serverlessCacheSnapshotName.toLower();
    m_serverlessSnapshots[key] = snapshot;
    indexServerlessSnapshot(key, snapshot);
}

int SandboxState::snapshotCount() const
{
    return int(m_snapshots.size());
}

int SandboxState::serverlessSnapshotCount() const
{
    return int(m_serverlessSnapshots.size());
}

int SandboxState::cacheClusterCount() const
{
    return int(m_clusters.size());
}

int SandboxState::replicationGroupCount() const
{
    return int(m_groups.size());
}

int SandboxState::serverlessCacheCount() const
{
    return int(m_serverlessCaches.size());
}

std::optional<Snapshot> SandboxState::snapshot(const QString &name) const
{
    const auto it = m_snapshots.find(name.toLower());
    if (it == m_snapshots.end())
        return std::nullopt;
    return it->second;
}

std::optional<ServerlessCacheSnapshot> SandboxState::serverlessSnapshot(const QString &name) const
{
    const auto it = m_serverlessSnapshots.find(name.toLower());
    if (it == m_serverlessSnapshots.end())
        return std::nullopt;
    return it->second;
}
