// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// SandboxState's cache life cycle: restores into new caches (CreateReplicationGroup, CreateCacheCluster,
// CreateServerlessCache), the backup settings (Modify*), tags on every resource, and the subnet groups, parameter
// groups and engine versions a restore picks from. The rules and their sources: tests/data/snapshot-rules.md,
// "Sandbox: restore, backup settings, tags".
#include "sandboxstate.h"

#include "sandboxbuckets.h"
#include "sandboxerrors.h"
#include "sandboxrules.h"

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace SandboxErrors;
using SandboxPaging::decodeMarker;
using SandboxPaging::pageOf;

namespace {

constexpr int kMaxShards = 500;
constexpr int kMaxReplicas = 5;

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

// The engine versions the sandbox offers, oldest first per engine; the last of each engine is its default.
struct EngineVersionEntry
{
    const char *engine;
    const char *version;
    const char *family;
};
constexpr EngineVersionEntry kEngineVersions[] = {
    {"memcached", "1.6.17", "memcached1.6"},
    {"memcached", "1.6.22", "memcached1.6"},
    {"redis", "3.2.10", "redis3.2"},
    {"redis", "6.2.6", "redis6.x"},
    {"redis", "7.0.7", "redis7"},
    {"redis", "7.1.0", "redis7"},
    {"valkey", "7.2.6", "valkey7"},
    {"valkey", "8.0.1", "valkey8"},
};

CacheEngineVersion engineVersion(const EngineVersionEntry &e)
{
    CacheEngineVersion v;
    v.engine = QString::fromLatin1(e.engine);
    v.engineVersion = QString::fromLatin1(e.version);
    v.cacheParameterGroupFamily = QString::fromLatin1(e.family);
    v.cacheEngineDescription = v.engine == u"memcached" ? u"Memcached"_s
        : v.engine == u"redis"                          ? u"Redis"_s
                                                        : u"Valkey"_s;
    v.cacheEngineVersionDescription = u"%1 version %2"_s.arg(v.cacheEngineDescription, v.engineVersion);
    return v;
}

std::optional<CacheEngineVersion> findEngineVersion(const QString &engine, const QString &version)
{
    for (const auto &e : kEngineVersions) {
        if (engine == QLatin1StringView(e.engine) && version == QLatin1StringView(e.version))
            return engineVersion(e);
    }
    return std::nullopt;
}

QString defaultEngineVersion(const QString &engine)
{
    QString latest;
    for (const auto &e : kEngineVersions) {
        if (engine == QLatin1StringView(e.engine))
            latest = QString::fromLatin1(e.version);
    }
    return latest;
}

bool isClusterModeParameterGroup(const QString &name)
{
    return name.endsWith(u".cluster.on"_s);
}

// A snapshot taken of a cluster mode enabled replication group.
bool isClusterModeSnapshot(const Snapshot &s)
{
    return isClusterModeParameterGroup(s.cacheParameterGroupName) || s.numNodeGroups.value_or(1) > 1
        || s.nodeSnapshots.size() > 1;
}

QString pad(int number, int width)
{
    return u"%1"_s.arg(number, width, 10, QChar(u'0'));
}

QString endpointHost(const QString &id, const QString &region)
{
    return u"%1.abc123.%2.cache.amazonaws.com"_s.arg(id, region);
}

// A maintenance window the service would pick: one hour a week that does not overlap the snapshot window.
QString defaultMaintenanceWindow(const QString &snapshotWindow)
{
    for (int hour = 5; hour < 29; ++hour) {
        const QString window = u"sun:%1:00-sun:%2:00"_s.arg(pad(hour % 24, 2), pad((hour + 1) % 24, 2));
        if (hour % 24 != 23 && !SandboxRules::checkWindowsApart(snapshotWindow, window))
            return window;
    }
    return u"sun:05:00-sun:06:00"_s;
}

QString defaultSnapshotWindow(const QString &maintenanceWindow)
{
    for (int hour = 3; hour < 27; ++hour) {
        const QString window = u"%1:00-%2:00"_s.arg(pad(hour % 24, 2), pad((hour + 1) % 24, 2));
        if (!SandboxRules::checkWindowsApart(window, maintenanceWindow))
            return window;
    }
    return u"03:00-04:00"_s;
}

std::optional<ApiError> checkBackupSettings(const std::optional<int> &retention, const QString &snapshotWindow,
                                            const QString &maintenanceWindow)
{
    if (auto error = SandboxRules::checkRetention(retention))
        return error;
    if (auto error = SandboxRules::checkSnapshotWindow(snapshotWindow))
        return error;
    if (auto error = SandboxRules::checkMaintenanceWindow(maintenanceWindow))
        return error;
    return std::nullopt;
}

std::optional<ApiError> checkNewTags(const QList<Tag> &tags)
{
    if (auto error = SandboxRules::checkTags(tags))
        return error;
    if (tags.size() > SandboxRules::maxTagsPerResource)
        return SandboxRules::tagQuotaExceeded();
    return std::nullopt;
}

QList<Tag> storedTags(const QList<Tag> &tags)
{
    return SandboxRules::mergedTags({}, tags);
}

ApiError notAvailable(const QString &code, const QString &what, const QString &id, const QString &status)
{
    return make(400, code, u"%1 %2 is not in the available state (it is %3)."_s.arg(what, id, status));
}

// Engines: a Redis OSS snapshot restores into Redis OSS or Valkey (the upgrade path); a Valkey one only into Valkey;
// never into an earlier version of the same engine.
std::optional<ApiError> checkEngineFor(const QString &what, const QString &sourceEngine, const QString &sourceVersion,
                                       const QString &engine, const QString &version)
{
    if (sourceEngine.isEmpty())
        return std::nullopt;
    if (sourceEngine != engine && !(sourceEngine == u"redis" && engine == u"valkey"))
        return invalidParameterCombination(
            u"Cannot restore %1 of engine %2 into a cache of engine %3."_s.arg(what, sourceEngine, engine));
    if (sourceEngine == engine && !sourceVersion.isEmpty() && !version.isEmpty()
        && SandboxRules::compareVersions(version, sourceVersion) < 0)
        return invalidParameterCombination(
            u"Cannot restore %1 of engine version %2 into the earlier engine version %3: engine versions can be upgraded, not downgraded."_s
                .arg(what, sourceVersion, version));
    return std::nullopt;
}

} // namespace

// ---- population -------------------------------------------------------------------------------------------------

void SandboxState::addSubnetGroup(const CacheSubnetGroup &group)
{
    m_subnetGroups[group.cacheSubnetGroupName.toLower()] = group;
}

void SandboxState::addParameterGroup(const CacheParameterGroup &group, int databases)
{
    m_parameterGroups[group.cacheParameterGroupName.toLower()] = ParameterGroupRecord {group, databases};
}

void SandboxState::setTags(const QString &arn, const QList<Tag> &tags)
{
    if (tags.isEmpty())
        m_tags.erase(arn);
    else
        m_tags[arn] = tags;
}

QList<Tag> SandboxState::tags(const QString &arn) const
{
    const auto it = m_tags.find(arn);
    return it == m_tags.end() ? QList<Tag>() : it->second;
}

std::optional<CacheCluster> SandboxState::cacheCluster(const QString &id) const
{
    const auto it = m_clusters.find(id.toLower());
    if (it == m_clusters.end())
        return std::nullopt;
    return it->second.cluster;
}

std::optional<ReplicationGroup> SandboxState::replicationGroup(const QString &id) const
{
    const auto it = m_groups.find(id.toLower());
    if (it == m_groups.end())
        return std::nullopt;
    return it->second.group;
}

std::optional<ServerlessCache> SandboxState::serverlessCache(const QString &name) const
{
    const auto it = m_serverlessCaches.find(name.toLower());
    if (it == m_serverlessCaches.end())
        return std::nullopt;
    return it->second.cache;
}

void SandboxState::updateCacheCluster(const CacheCluster &cluster)
{
    if (auto it = m_clusters.find(cluster.cacheClusterId.toLower()); it != m_clusters.end())
        it->second.cluster = cluster;
}

void SandboxState::updateReplicationGroup(const ReplicationGroup &group)
{
    if (auto it = m_groups.find(group.replicationGroupId.toLower()); it != m_groups.end())
        it->second.group = group;
}

void SandboxState::updateServerlessCache(const ServerlessCache &cache)
{
    if (auto it = m_serverlessCaches.find(cache.serverlessCacheName.toLower()); it != m_serverlessCaches.end())
        it->second.cache = cache;
}

// ---- restores ---------------------------------------------------------------------------------------------------

bool SandboxState::isMultiDatabase(const Snapshot &snapshot) const
{
    const auto it = m_parameterGroups.find(snapshot.cacheParameterGroupName.toLower());
    return it != m_parameterGroups.end() && it->second.databases > 1;
}

std::optional<ApiError> SandboxState::checkS3Objects(const QStringList &arns, const QString &parameter) const
{
    for (const QString &arn : arns) {
        const auto object = SandboxRules::parseS3ObjectArn(arn);
        if (!object)
            return invalidParameterValue(
                u"Invalid %1 %2: an S3 object ARN has the form arn:aws:s3:::bucket/key.rdb (no commas in the key)."_s
                    .arg(parameter, arn));
        const SandboxBucket *bucket = m_buckets->find(object->bucket);
        if (!bucket)
            return invalidParameterValue(u"The S3 bucket %1 does not exist."_s.arg(object->bucket));
        if (bucket->region != m_config.region)
            return invalidParameterValue(
                u"The S3 bucket %1 is outside of the region: ElastiCache restores only from a bucket in its own region."_s
                    .arg(object->bucket));
        if (SandboxExportGrant::missingPermission(*bucket, m_config.region) == u"READ")
            return invalidParameterValue(
                u"ElastiCache has not been granted READ permissions on the S3 object %1."_s.arg(arn));
        if (!bucket->objects.count(object->key))
            return invalidParameterValue(u"No object found at %1: the S3 bucket %2 has no object with key %3."_s.arg(
                arn, object->bucket, object->key));
    }
    return std::nullopt;
}

std::optional<ApiError> SandboxState::restoreSource(const QString &snapshotName, const QStringList &snapshotArns,
                                                    Snapshot *source, bool *multiDatabase) const
{
    *multiDatabase = false;
    if (!snapshotName.isEmpty() && !snapshotArns.isEmpty())
        return invalidParameterCombination(u"SnapshotName and SnapshotArns cannot be specified together."_s);
    if (!snapshotName.isEmpty()) {
        const auto it = m_snapshots.find(snapshotName.toLower());
        if (it == m_snapshots.end())
            return make(404, u"SnapshotNotFoundFault"_s, u"Snapshot %1 not found."_s.arg(snapshotName));
        if (it->second.snapshotStatus != u"available" && it->second.snapshotStatus != u"restoring")
            return make(400, u"InvalidSnapshotState"_s,
                        u"Snapshot %1 is %2; it can be restored only when available."_s.arg(it->second.snapshotName,
                                                                                            it->second.snapshotStatus));
        *source = it->second;
        *multiDatabase = isMultiDatabase(it->second);
        return std::nullopt;
    }
    if (!snapshotArns.isEmpty()) {
        if (auto error = checkS3Objects(snapshotArns, u"SnapshotArns"_s))
            return error;
        // The objects' engine is not known until they are read: the new cache's own settings decide.
        *source = Snapshot();
    }
    return std::nullopt;
}

ApiResult<ReplicationGroup> SandboxState::createReplicationGroup(const CreateReplicationGroupRequest &request)
{
    advance();
    if (request.replicationGroupId.isEmpty())
        return missingParameter(u"ReplicationGroupId"_s);
    if (request.replicationGroupDescription.isNull())
        return missingParameter(u"ReplicationGroupDescription"_s);
    if (auto error = SandboxRules::checkIdentifier(u"ReplicationGroupId"_s, request.replicationGroupId, 40))
        return *error;
    const QString id = request.replicationGroupId.toLower();
    if (m_groups.count(id))
        return make(400, u"ReplicationGroupAlreadyExists"_s, u"Replication group %1 already exists."_s.arg(id));
    if (!request.serverlessCacheSnapshotName.isEmpty())
        return invalidParameterValue(
            u"The sandbox restores replication groups from SnapshotName or SnapshotArns, not from serverless snapshots."_s);

    Snapshot source;
    bool multiDatabase = false;
    if (auto error = restoreSource(request.snapshotName, request.snapshotArns, &source, &multiDatabase))
        return *error;
    const bool fromSnapshot = !request.snapshotName.isEmpty();
    const QString what = fromSnapshot ? u"snapshot %1"_s.arg(source.snapshotName) : u"the snapshot"_s;

    const QString engine = !request.engine.isEmpty() ? request.engine.toLower()
        : !source.engine.isEmpty()                   ? source.engine
                                                     : u"redis"_s;
    if (engine != u"redis" && engine != u"valkey")
        return invalidParameterValue(
            u"Invalid engine %1: a replication group runs valkey or redis."_s.arg(request.engine));
    QString version = request.engineVersion;
    if (version.isEmpty())
        version = source.engine == engine && !source.engineVersion.isEmpty() ? source.engineVersion
                                                                             : defaultEngineVersion(engine);
    const auto engineVersion = findEngineVersion(engine, version);
    if (!engineVersion)
        return invalidParameterValue(
            u"Cannot find version %1 for %2 (see DescribeCacheEngineVersions)."_s.arg(version, engine));
    if (auto error = checkEngineFor(what, source.engine, source.engineVersion, engine, version))
        return *error;

    const QString nodeType = !request.cacheNodeType.isEmpty() ? request.cacheNodeType : source.cacheNodeType;
    if (nodeType.isEmpty())
        return invalidParameterValue(u"The parameter CacheNodeType must be provided and must not be blank."_s);
    if (!nodeType.startsWith(u"cache."_s))
        return invalidParameterValue(u"Invalid node type %1."_s.arg(nodeType));

    // Cluster mode of the new group: asked for with ClusterMode, a cluster mode parameter group or more than one
    // shard.
    const QString clusterMode = request.clusterMode.toLower();
    if (!clusterMode.isEmpty() && clusterMode != u"enabled" && clusterMode != u"disabled"
        && clusterMode != u"compatible")
        return invalidParameterValue(
            u"Invalid value %1 for ClusterMode. Valid values are enabled, disabled and compatible."_s.arg(
                request.clusterMode));
    const int shardsAsked = request.numNodeGroups.value_or(int(request.nodeGroupConfiguration.size()));
    if (auto error = checkRange(u"NumNodeGroups"_s, request.numNodeGroups, 1, kMaxShards))
        return *error;
    const bool clusterParameterGroup = isClusterModeParameterGroup(request.cacheParameterGroupName);
    const bool clusterEnabled = clusterMode == u"enabled" || clusterMode == u"compatible" || clusterParameterGroup
        || shardsAsked > 1
        || (clusterMode.isEmpty() && request.cacheParameterGroupName.isEmpty() && fromSnapshot
            && isClusterModeSnapshot(source));
    if (clusterMode == u"disabled" && (shardsAsked > 1 || clusterParameterGroup))
        return invalidParameterCombination(
            u"A cluster mode disabled replication group has one node group (shard) and a parameter group with cluster-enabled no."_s);
    if (!request.cacheParameterGroupName.isEmpty() && !clusterParameterGroup && clusterEnabled)
        return invalidParameterCombination(
            u"Cache parameter group %1 has cluster-enabled no: a cluster mode enabled replication group needs one with cluster-enabled yes (default.<family>.cluster.on)."_s
                .arg(request.cacheParameterGroupName));
    if (fromSnapshot && isClusterModeSnapshot(source) && !clusterEnabled)
        return invalidParameterCombination(
            u"Cannot restore snapshot %1 of a cluster mode enabled replication group into a cluster mode disabled replication group."_s
                .arg(source.snapshotName));
    if (fromSnapshot && !isClusterModeSnapshot(source) && clusterEnabled && source.engine == u"redis"
        && SandboxRules::compareVersions(source.engineVersion, u"3.2.4"_s) < 0)
        return invalidParameterCombination(
            u"Snapshot %1 is of Redis OSS %2: restoring a cluster mode disabled snapshot into cluster mode needs version 3.2.4 or later."_s
                .arg(source.snapshotName, source.engineVersion));
    if (multiDatabase && clusterEnabled)
        return invalidParameterCombination(
            u"Snapshot %1 has data in more than one database; a cluster mode enabled replication group supports only database 0."_s
                .arg(source.snapshotName));

    // Data tiering: r6gd node types only, and a data-tiering snapshot only onto them.
    const bool tieringNode = SandboxRules::isDataTieringNodeType(nodeType);
    if (request.dataTieringEnabled.value_or(false) && !tieringNode)
        return invalidParameterCombination(
            u"Data tiering is only supported for replication groups using the r6gd node type."_s);
    if (tieringNode && request.dataTieringEnabled && !*request.dataTieringEnabled)
        return invalidParameterCombination(u"DataTieringEnabled must be set to true when using r6gd nodes."_s);
    if (fromSnapshot && source.dataTiering == u"enabled" && !tieringNode)
        return invalidParameterCombination(
            u"Snapshot %1 was taken with data tiering; it can be restored only onto a data-tiering node type (cache.r6gd.*), not %2."_s
                .arg(source.snapshotName, nodeType));

    // Shards and replicas.
    int shards = 1;
    if (clusterEnabled)
        shards = shardsAsked > 0 ? shardsAsked
            : fromSnapshot       ? std::max(1, source.numNodeGroups.value_or(int(source.nodeSnapshots.size())))
                                 : 1;
    if (auto error = checkRange(u"ReplicasPerNodeGroup"_s, request.replicasPerNodeGroup, 0, kMaxReplicas))
        return *error;
    if (auto error = checkRange(u"NumCacheClusters"_s, request.numCacheClusters, 1, 6))
        return *error;
    if (clusterEnabled && request.numCacheClusters && shards > 1)
        return invalidParameterCombination(
            u"NumCacheClusters is not used with more than one node group (shard): use ReplicasPerNodeGroup."_s);
    int replicas = request.replicasPerNodeGroup ? *request.replicasPerNodeGroup
        : request.numCacheClusters              ? *request.numCacheClusters - 1
                                                : (request.automaticFailoverEnabled.value_or(clusterEnabled) ? 1 : 0);
    const bool failover = request.automaticFailoverEnabled.value_or(clusterEnabled || replicas > 0);
    if (clusterEnabled && !failover)
        return invalidParameterCombination(
            u"Automatic failover must be enabled for a cluster mode enabled replication group."_s);
    if (failover && replicas < 1 && !clusterEnabled)
        return invalidParameterCombination(
            u"Automatic failover needs at least one read replica: NumCacheClusters must be at least 2."_s);
    if (shards * (replicas + 1) > kMaxShards)
        return make(
            400, u"NodeGroupsPerReplicationGroupQuotaExceeded"_s,
            u"The request would create %1 nodes; a replication group has at most %2."_s.arg(shards * (replicas + 1))
                .arg(kMaxShards));

    // Subnet group and parameter group.
    const QString subnetGroupName
        = request.cacheSubnetGroupName.isEmpty() ? u"default"_s : request.cacheSubnetGroupName.toLower();
    const auto subnetIt = m_subnetGroups.find(subnetGroupName);
    if (subnetIt == m_subnetGroups.end())
        return make(400, u"CacheSubnetGroupNotFoundFault"_s,
                    u"Cache subnet group %1 does not exist."_s.arg(request.cacheSubnetGroupName));
    const QString family = engineVersion->cacheParameterGroupFamily;
    const QString parameterGroupName = !request.cacheParameterGroupName.isEmpty()
        ? request.cacheParameterGroupName.toLower()
        : u"default.%1%2"_s.arg(family, clusterEnabled ? u".cluster.on"_s : QString());
    const auto parameterIt = m_parameterGroups.find(parameterGroupName);
    if (parameterIt == m_parameterGroups.end())
        return make(404, u"CacheParameterGroupNotFound"_s,
                    u"Cache parameter group %1 not found."_s.arg(parameterGroupName));
    if (parameterIt->second.group.cacheParameterGroupFamily != family)
        return invalidParameterCombination(
            u"Cache parameter group %1 is of family %2, but engine %3 %4 needs family %5."_s.arg(
                parameterGroupName, parameterIt->second.group.cacheParameterGroupFamily, engine, version, family));

    // Backup settings and the maintenance window.
    if (auto error = checkBackupSettings(request.snapshotRetentionLimit, request.snapshotWindow,
                                         request.preferredMaintenanceWindow))
        return *error;
    QString snapshotWindow = request.snapshotWindow;
    QString maintenanceWindow = request.preferredMaintenanceWindow;
    if (!snapshotWindow.isEmpty() && !maintenanceWindow.isEmpty()) {
        if (auto error = SandboxRules::checkWindowsApart(snapshotWindow, maintenanceWindow))
            return *error;
    }
    if (maintenanceWindow.isEmpty())
        maintenanceWindow = defaultMaintenanceWindow(snapshotWindow);
    if (snapshotWindow.isEmpty())
        snapshotWindow = defaultSnapshotWindow(maintenanceWindow);
    if (auto error = checkNewTags(request.tags))
        return *error;
    if (auto error = checkRange(u"Port"_s, request.port, 1, 65535))
        return *error;

    // The new group, its member clusters and the template of its snapshots.
    const QDateTime at = now();
    const int retention = request.snapshotRetentionLimit.value_or(0);
    const int port = request.port.value_or(fromSnapshot && source.port ? *source.port : 6379);
    const bool tiering = tieringNode;
    const QString kms = !request.kmsKeyId.isEmpty() ? request.kmsKeyId : QString();
    ReplicationGroup g;
    g.replicationGroupId = id;
    g.description = request.replicationGroupDescription;
    g.status = u"creating"_s;
    g.pendingModifiedValues = ReplicationGroupPendingModifiedValues {};
    g.automaticFailover = failover ? u"enabled"_s : u"disabled"_s;
    g.multiAZ = request.multiAZEnabled.value_or(false) ? u"enabled"_s : u"disabled"_s;
    g.snapshotRetentionLimit = retention;
    g.snapshotWindow = snapshotWindow;
    g.clusterEnabled = clusterEnabled;
    g.cacheNodeType = nodeType;
    g.authTokenEnabled = !request.authToken.isEmpty();
    g.transitEncryptionEnabled = request.transitEncryptionEnabled.value_or(false);
    if (*g.transitEncryptionEnabled)
        g.transitEncryptionMode
            = request.transitEncryptionMode.isEmpty() ? u"required"_s : request.transitEncryptionMode;
    g.atRestEncryptionEnabled = request.atRestEncryptionEnabled.value_or(!kms.isEmpty());
    g.kmsKeyId = kms;
    g.arn = arn(u"replicationgroup"_s, id);
    g.logDeliveryConfigurations.setPresent();
    g.replicationGroupCreateTime = at;
    g.dataTiering = tiering ? u"enabled"_s : u"disabled"_s;
    g.autoMinorVersionUpgrade = request.autoMinorVersionUpgrade.value_or(true);
    g.networkType = request.networkType.isEmpty() ? u"ipv4"_s : request.networkType;
    g.ipDiscovery = request.ipDiscovery.isEmpty() ? u"ipv4"_s : request.ipDiscovery;
    g.clusterMode = clusterMode.isEmpty() ? (clusterEnabled ? u"enabled"_s : u"disabled"_s) : clusterMode;
    g.engine = engine;
    if (clusterEnabled) {
        Endpoint configurationEndpoint;
        configurationEndpoint.address = u"clustercfg."_s + endpointHost(id, m_config.region);
        configurationEndpoint.port = port;
        g.configurationEndpoint = configurationEndpoint;
    }

    Snapshot t;
    t.replicationGroupId = id;
    t.replicationGroupDescription = g.description;
    t.cacheNodeType = nodeType;
    t.engine = engine;
    t.engineVersion = version;
    t.preferredMaintenanceWindow = maintenanceWindow;
    t.topicArn = request.notificationTopicArn;
    t.port = port;
    t.cacheParameterGroupName = parameterGroupName;
    t.cacheSubnetGroupName = subnetGroupName;
    t.vpcId = subnetIt->second.vpcId;
    t.autoMinorVersionUpgrade = g.autoMinorVersionUpgrade;
    t.snapshotRetentionLimit = retention;
    t.snapshotWindow = snapshotWindow;
    if (clusterEnabled)
        t.numNodeGroups = shards;
    t.automaticFailover = g.automaticFailover;
    t.kmsKeyId = kms;
    t.dataTiering = g.dataTiering;

    const QStringList securityGroups = request.securityGroupIds;
    QList<CacheCluster> members;
    for (int shard = 0; shard < shards; ++shard) {
        const QString nodeGroupId = clusterEnabled ? pad(shard + 1, 4) : pad(1, 4);
        NodeGroup nodeGroup;
        nodeGroup.nodeGroupId = nodeGroupId;
        nodeGroup.status = u"creating"_s;
        NodeGroupConfiguration configuration = request.nodeGroupConfiguration.value(shard);
        configuration.nodeGroupId = nodeGroupId;
        if (clusterEnabled) {
            if (configuration.slots.isEmpty())
                configuration.slots = u"%1-%2"_s.arg(shard * 16384 / shards).arg((shard + 1) * 16384 / shards - 1);
            nodeGroup.slots = configuration.slots;
        }
        configuration.replicaCount = replicas;
        for (int member = 0; member <= replicas; ++member) {
            CacheCluster c;
            c.cacheClusterId = clusterEnabled ? u"%1-%2-%3"_s.arg(id, nodeGroupId, pad(member + 1, 3))
                                              : u"%1-%2"_s.arg(id, pad(member + 1, 3));
            c.cacheNodeType = nodeType;
            c.engine = engine;
            c.engineVersion = version;
            c.cacheClusterStatus = u"creating"_s;
            c.numCacheNodes = 1;
            c.preferredAvailabilityZone = m_config.region + QChar(u'a' + (shard + member) % 3);
            c.cacheClusterCreateTime = at;
            c.preferredMaintenanceWindow = maintenanceWindow;
            c.pendingModifiedValues = PendingModifiedValues {};
            c.cacheSecurityGroups.setPresent();
            CacheParameterGroupStatus parameterGroup;
            parameterGroup.cacheParameterGroupName = parameterGroupName;
            parameterGroup.parameterApplyStatus = u"in-sync"_s;
            parameterGroup.cacheNodeIdsToReboot.setPresent();
            c.cacheParameterGroup = parameterGroup;
            c.cacheSubnetGroupName = subnetGroupName;
            c.autoMinorVersionUpgrade = g.autoMinorVersionUpgrade;
            for (const QString &sg : securityGroups) {
                SecurityGroupMembership membership;
                membership.securityGroupId = sg;
                membership.status = u"active"_s;
                c.securityGroups.append(membership);
            }
            c.replicationGroupId = id;
            c.snapshotRetentionLimit = retention;
            c.snapshotWindow = snapshotWindow;
            c.authTokenEnabled = g.authTokenEnabled;
            c.transitEncryptionEnabled = g.transitEncryptionEnabled;
            c.transitEncryptionMode = g.transitEncryptionMode;
            c.atRestEncryptionEnabled = g.atRestEncryptionEnabled;
            c.arn = arn(u"cluster"_s, c.cacheClusterId);
            c.replicationGroupLogDeliveryEnabled = false;
            c.logDeliveryConfigurations.setPresent();
            c.networkType = g.networkType;
            c.ipDiscovery = g.ipDiscovery;
            if (member == 0)
                configuration.primaryAvailabilityZone = c.preferredAvailabilityZone;
            else
                configuration.replicaAvailabilityZones.append(c.preferredAvailabilityZone);
            g.memberClusters.append(c.cacheClusterId);
            NodeGroupMember nodeGroupMember;
            nodeGroupMember.cacheClusterId = c.cacheClusterId;
            nodeGroupMember.cacheNodeId = u"0001"_s;
            nodeGroupMember.preferredAvailabilityZone = c.preferredAvailabilityZone;
            if (!clusterEnabled)
                nodeGroupMember.currentRole = member == 0 ? u"primary"_s : u"replica"_s;
            nodeGroup.nodeGroupMembers.append(nodeGroupMember);
            members.append(c);
        }
        g.nodeGroups.append(nodeGroup);
        NodeSnapshot node;
        node.cacheClusterId = clusterEnabled ? u"%1-%2-001"_s.arg(id, nodeGroupId) : u"%1-001"_s.arg(id);
        if (clusterEnabled)
            node.nodeGroupId = nodeGroupId;
        node.cacheNodeId = u"0001"_s;
        node.cacheNodeCreateTime = at;
        // The restored data spread over the new shards.
        qint64 sourceMegabytes = 0;
        for (const NodeSnapshot &n : std::as_const(source.nodeSnapshots))
            sourceMegabytes += n.cacheSize.section(u' ', 0, 0).toLongLong() << (n.cacheSize.endsWith(u"GB"_s) ? 10 : 0);
        node.cacheSize = u"%1 MB"_s.arg(std::max<qint64>(5, sourceMegabytes / shards));
        if (clusterEnabled)
            node.nodeGroupConfiguration = configuration;
        t.nodeSnapshots.append(node);
    }
    if (!clusterEnabled && retention > 0)
        g.snapshottingClusterId = g.memberClusters.value(replicas > 0 ? 1 : 0);
    if (!clusterEnabled) {
        // A cluster mode disabled group's snapshot names its snapshotting cluster (or the primary) as well.
        t.cacheClusterId = g.snapshottingClusterId.isEmpty() ? g.memberClusters.value(0) : g.snapshottingClusterId;
        t.numCacheNodes = 1;
        t.cacheClusterCreateTime = at;
        if (!t.nodeSnapshots.isEmpty())
            t.nodeSnapshots.first().cacheClusterId = t.cacheClusterId;
    }

    // The request's tags, or else the snapshot's; the group's members carry the group's.
    const QList<Tag> newTags = request.tags.isEmpty() && fromSnapshot ? tags(arn(u"snapshot"_s, source.snapshotName))
                                                                      : storedTags(request.tags);
    for (CacheCluster &c : members) {
        Snapshot memberTemplate = t;
        memberTemplate.nodeSnapshots.clear();
        if (!clusterEnabled) {
            // A member of a cluster mode disabled group can be backed up on its own.
            memberTemplate.cacheClusterId = c.cacheClusterId;
            NodeSnapshot node = t.nodeSnapshots.value(0);
            node.cacheClusterId = c.cacheClusterId;
            memberTemplate.nodeSnapshots = {node};
        }
        m_clusters[c.cacheClusterId] = ClusterRecord {c, memberTemplate};
        setTags(c.arn, newTags);
    }
    m_groups[id] = GroupRecord {g, t};
    setTags(g.arn, newTags);
    Transition created = transition(TransitionKind::GroupCreated, id);
    if (fromSnapshot) {
        created.restoredFrom = source.snapshotName;
        m_snapshots[source.snapshotName].snapshotStatus = u"restoring"_s;
    }
    schedule(m_config.createSeconds, created);
    Q_EMIT changed();
    return g;
}

ApiResult<CacheCluster> SandboxState::createCacheCluster(const CreateCacheClusterRequest &request)
{
    advance();
    if (request.cacheClusterId.isEmpty())
        return missingParameter(u"CacheClusterId"_s);
    if (auto error = SandboxRules::checkIdentifier(u"CacheClusterId"_s, request.cacheClusterId, 50))
        return *error;
    const QString id = request.cacheClusterId.toLower();
    if (m_clusters.count(id))
        return make(400, u"CacheClusterAlreadyExists"_s, u"Cache cluster %1 already exists."_s.arg(id));
    if (!request.replicationGroupId.isEmpty())
        return invalidParameterValue(
            u"The sandbox does not add clusters to an existing replication group; create a replication group instead."_s);

    Snapshot source;
    bool multiDatabase = false;
    if (auto error = restoreSource(request.snapshotName, request.snapshotArns, &source, &multiDatabase))
        return *error;
    const bool fromSnapshot = !request.snapshotName.isEmpty();
    const bool restoring = fromSnapshot || !request.snapshotArns.isEmpty();
    const QString engine = !request.engine.isEmpty() ? request.engine.toLower() : source.engine;
    if (engine.isEmpty())
        return invalidParameterValue(u"The parameter Engine must be provided and must not be blank."_s);
    if (engine != u"redis" && engine != u"valkey" && engine != u"memcached")
        return invalidParameterValue(u"Invalid engine %1: a cluster runs valkey, redis or memcached."_s.arg(engine));
    if (engine == u"memcached" && restoring)
        return invalidParameterCombination(
            u"SnapshotName and SnapshotArns are valid only for clusters running Valkey or Redis OSS."_s);
    if (request.snapshotArns.size() > 1)
        return invalidParameterValue(
            u"SnapshotArns of a cache cluster is a single-element list: one .rdb object seeds its one node."_s);
    QString version = request.engineVersion;
    if (version.isEmpty())
        version = source.engine == engine && !source.engineVersion.isEmpty() ? source.engineVersion
                                                                             : defaultEngineVersion(engine);
    const auto engineVersion = findEngineVersion(engine, version);
    if (!engineVersion)
        return invalidParameterValue(
            u"Cannot find version %1 for %2 (see DescribeCacheEngineVersions)."_s.arg(version, engine));
    const QString what = u"snapshot %1"_s.arg(source.snapshotName);
    if (auto error = checkEngineFor(what, source.engine, source.engineVersion, engine, version))
        return *error;
    const int nodes = request.numCacheNodes.value_or(1);
    if (engine != u"memcached" && nodes != 1)
        return invalidParameterValue(
            u"Cannot create a Valkey or Redis OSS cluster with a NumCacheNodes parameter greater than 1."_s);
    if (auto error = checkRange(u"NumCacheNodes"_s, request.numCacheNodes, 1, 40))
        return *error;

    const QString nodeType = !request.cacheNodeType.isEmpty() ? request.cacheNodeType : source.cacheNodeType;
    if (nodeType.isEmpty())
        return invalidParameterValue(u"The parameter CacheNodeType must be provided and must not be blank."_s);
    if (!nodeType.startsWith(u"cache."_s))
        return invalidParameterValue(u"Invalid node type %1."_s.arg(nodeType));
    if (fromSnapshot && isClusterModeSnapshot(source))
        return invalidParameterCombination(
            u"Cannot restore snapshot %1 of a cluster mode enabled replication group into a single-node cluster (cluster mode disabled)."_s
                .arg(source.snapshotName));
    if (SandboxRules::isDataTieringNodeType(nodeType))
        return invalidParameterCombination(
            u"Data tiering (the r6gd node types) is only supported for replication groups."_s);
    if (fromSnapshot && source.dataTiering == u"enabled")
        return invalidParameterCombination(
            u"Snapshot %1 was taken with data tiering; it can be restored only onto a data-tiering node type (cache.r6gd.*) in a replication group."_s
                .arg(source.snapshotName));

    const QString subnetGroupName
        = request.cacheSubnetGroupName.isEmpty() ? u"default"_s : request.cacheSubnetGroupName.toLower();
    const auto subnetIt = m_subnetGroups.find(subnetGroupName);
    if (subnetIt == m_subnetGroups.end())
        return make(400, u"CacheSubnetGroupNotFoundFault"_s,
                    u"Cache subnet group %1 does not exist."_s.arg(request.cacheSubnetGroupName));
    const QString family = engineVersion->cacheParameterGroupFamily;
    const QString parameterGroupName = !request.cacheParameterGroupName.isEmpty()
        ? request.cacheParameterGroupName.toLower()
        : u"default.%1"_s.arg(family);
    const auto parameterIt = m_parameterGroups.find(parameterGroupName);
    if (parameterIt == m_parameterGroups.end())
        return make(404, u"CacheParameterGroupNotFound"_s,
                    u"Cache parameter group %1 not found."_s.arg(parameterGroupName));
    if (parameterIt->second.group.cacheParameterGroupFamily != family)
        return invalidParameterCombination(
            u"Cache parameter group %1 is of family %2, but engine %3 %4 needs family %5."_s.arg(
                parameterGroupName, parameterIt->second.group.cacheParameterGroupFamily, engine, version, family));
    if (isClusterModeParameterGroup(parameterGroupName))
        return invalidParameterCombination(
            u"Cache parameter group %1 has cluster-enabled yes: a single-node cluster needs one with cluster-enabled no."_s
                .arg(parameterGroupName));

    const bool memcached = engine == u"memcached";
    if (memcached && (request.snapshotRetentionLimit.value_or(0) > 0 || !request.snapshotWindow.isEmpty()))
        return invalidParameterCombination(
            u"Snapshots are not supported for clusters running memcached: SnapshotRetentionLimit and SnapshotWindow do not apply."_s);
    if (auto error = checkBackupSettings(request.snapshotRetentionLimit, request.snapshotWindow,
                                         request.preferredMaintenanceWindow))
        return *error;
    QString snapshotWindow = request.snapshotWindow;
    QString maintenanceWindow = request.preferredMaintenanceWindow;
    if (!snapshotWindow.isEmpty() && !maintenanceWindow.isEmpty()) {
        if (auto error = SandboxRules::checkWindowsApart(snapshotWindow, maintenanceWindow))
            return *error;
    }
    if (maintenanceWindow.isEmpty())
        maintenanceWindow = defaultMaintenanceWindow(snapshotWindow);
    if (snapshotWindow.isEmpty() && !memcached)
        snapshotWindow = defaultSnapshotWindow(maintenanceWindow);
    if (auto error = checkNewTags(request.tags))
        return *error;
    if (auto error = checkRange(u"Port"_s, request.port, 1, 65535))
        return *error;

    const QDateTime at = now();
    const int port = request.port.value_or(memcached ? 11211 : (source.port ? *source.port : 6379));
    CacheCluster c;
    c.cacheClusterId = id;
    if (memcached) {
        Endpoint configurationEndpoint;
        configurationEndpoint.address = endpointHost(id, m_config.region).replace(u".abc123."_s, u".abc123.cfg."_s);
        configurationEndpoint.port = port;
        c.configurationEndpoint = configurationEndpoint;
    }
    c.clientDownloadLandingPage = u"https://console.aws.amazon.com/elasticache/home#client-download:"_s;
    c.cacheNodeType = nodeType;
    c.engine = engine;
    c.engineVersion = version;
    c.cacheClusterStatus = u"creating"_s;
    c.numCacheNodes = nodes;
    c.preferredAvailabilityZone
        = request.preferredAvailabilityZone.isEmpty() ? m_config.region + u"a"_s : request.preferredAvailabilityZone;
    c.cacheClusterCreateTime = at;
    c.preferredMaintenanceWindow = maintenanceWindow;
    c.pendingModifiedValues = PendingModifiedValues {};
    c.cacheSecurityGroups.setPresent();
    CacheParameterGroupStatus parameterGroup;
    parameterGroup.cacheParameterGroupName = parameterGroupName;
    parameterGroup.parameterApplyStatus = u"in-sync"_s;
    parameterGroup.cacheNodeIdsToReboot.setPresent();
    c.cacheParameterGroup = parameterGroup;
    c.cacheSubnetGroupName = subnetGroupName;
    c.autoMinorVersionUpgrade = request.autoMinorVersionUpgrade.value_or(true);
    for (const QString &sg : request.securityGroupIds) {
        SecurityGroupMembership membership;
        membership.securityGroupId = sg;
        membership.status = u"active"_s;
        c.securityGroups.append(membership);
    }
    if (!memcached) {
        c.snapshotRetentionLimit = request.snapshotRetentionLimit.value_or(0);
        c.snapshotWindow = snapshotWindow;
        c.authTokenEnabled = !request.authToken.isEmpty();
    }
    c.transitEncryptionEnabled = request.transitEncryptionEnabled.value_or(false);
    c.atRestEncryptionEnabled = false;
    c.arn = arn(u"cluster"_s, id);
    c.replicationGroupLogDeliveryEnabled = false;
    c.logDeliveryConfigurations.setPresent();
    c.networkType = request.networkType.isEmpty() ? u"ipv4"_s : request.networkType;
    c.ipDiscovery = request.ipDiscovery.isEmpty() ? u"ipv4"_s : request.ipDiscovery;

    Snapshot t;
    t.cacheClusterId = id;
    t.cacheNodeType = nodeType;
    t.engine = engine;
    t.engineVersion = version;
    t.numCacheNodes = 1;
    t.preferredAvailabilityZone = c.preferredAvailabilityZone;
    t.cacheClusterCreateTime = at;
    t.preferredMaintenanceWindow = maintenanceWindow;
    t.topicArn = request.notificationTopicArn;
    t.port = port;
    t.cacheParameterGroupName = parameterGroupName;
    t.cacheSubnetGroupName = subnetGroupName;
    t.vpcId = subnetIt->second.vpcId;
    t.autoMinorVersionUpgrade = c.autoMinorVersionUpgrade;
    t.snapshotRetentionLimit = c.snapshotRetentionLimit;
    t.snapshotWindow = snapshotWindow;
    t.dataTiering = u"disabled"_s;
    NodeSnapshot node;
    node.cacheNodeId = u"0001"_s;
    node.cacheNodeCreateTime = at;
    node.cacheSize = source.nodeSnapshots.isEmpty() ? u"5 MB"_s : source.nodeSnapshots.constFirst().cacheSize;
    t.nodeSnapshots.append(node);

    m_clusters[id] = ClusterRecord {c, t};
    setTags(c.arn,
            request.tags.isEmpty() && fromSnapshot ? tags(arn(u"snapshot"_s, source.snapshotName))
                                                   : storedTags(request.tags));
    Transition created = transition(TransitionKind::ClusterCreated, id);
    if (fromSnapshot) {
        created.restoredFrom = source.snapshotName;
        m_snapshots[source.snapshotName].snapshotStatus = u"restoring"_s;
    }
    schedule(m_config.createSeconds, created);
    Q_EMIT changed();
    return c;
}

ApiResult<ServerlessCache> SandboxState::createServerlessCache(const CreateServerlessCacheRequest &request)
{
    advance();
    if (request.serverlessCacheName.isEmpty())
        return missingParameter(u"ServerlessCacheName"_s);
    if (request.engine.isEmpty())
        return missingParameter(u"Engine"_s);
    if (auto error = SandboxRules::checkIdentifier(u"ServerlessCacheName"_s, request.serverlessCacheName, 40))
        return *error;
    const QString name = request.serverlessCacheName.toLower();
    if (m_serverlessCaches.count(name))
        return make(400, u"ServerlessCacheAlreadyExistsFault"_s, u"Serverless cache %1 already exists."_s.arg(name));
    const QString engine = request.engine.toLower();
    if (engine != u"redis" && engine != u"valkey" && engine != u"memcached")
        return invalidParameterValue(
            u"Invalid engine %1: a serverless cache runs valkey, redis or memcached."_s.arg(request.engine));
    static const QHash<QString, QStringList> majors {
        {u"redis"_s, {u"7"_s}}, {u"valkey"_s, {u"7"_s, u"8"_s}}, {u"memcached"_s, {u"1.6"_s}}};
    const QString major
        = request.majorEngineVersion.isEmpty() ? majors.value(engine).constLast() : request.majorEngineVersion;
    if (!majors.value(engine).contains(major))
        return invalidParameterValue(u"Invalid major engine version %1 for %2: it offers %3."_s.arg(
            major, engine, majors.value(engine).join(u", "_s)));

    // What the data comes from: serverless snapshots, node-based snapshots, or .rdb objects in S3.
    qint64 bytesUsed = 0;
    QStringList s3Objects;
    for (const QString &snapshotArn : request.snapshotArnsToRestore) {
        if (snapshotArn.startsWith(u"arn:aws:s3:::"_s)) {
            s3Objects.append(snapshotArn);
            continue;
        }
        const auto parsed = SandboxRules::parseArn(snapshotArn);
        if (!parsed || parsed->region != m_config.region || parsed->account != m_config.accountId)
            return invalidParameterValue(
                u"Invalid SnapshotArnsToRestore %1: expected the ARN of a serverless cache snapshot or snapshot of this account and region, or of an S3 object."_s
                    .arg(snapshotArn));
        if (parsed->resourceType == u"serverlesscachesnapshot") {
            const auto it = m_serverlessSnapshots.find(parsed->name.toLower());
            if (it == m_serverlessSnapshots.end())
                return make(404, u"ServerlessCacheSnapshotNotFoundFault"_s,
                            u"Serverless cache snapshot %1 not found."_s.arg(parsed->name));
            const ServerlessCacheSnapshot &s = it->second;
            if (s.status != u"available")
                return make(400, u"InvalidServerlessCacheSnapshotStateFault"_s,
                            u"Serverless cache snapshot %1 is %2; it can be restored only when available."_s.arg(
                                s.serverlessCacheSnapshotName, s.status));
            const QString sourceEngine
                = s.serverlessCacheConfiguration ? s.serverlessCacheConfiguration->engine : QString();
            const QString sourceMajor
                = s.serverlessCacheConfiguration ? s.serverlessCacheConfiguration->majorEngineVersion : QString();
            if (auto error = checkEngineFor(u"serverless cache snapshot %1"_s.arg(s.serverlessCacheSnapshotName),
                                            sourceEngine, sourceMajor, engine, major))
                return *error;
            bytesUsed += s.bytesUsedForCache.toLongLong();
        } else if (parsed->resourceType == u"snapshot") {
            const auto it = m_snapshots.find(parsed->name.toLower());
            if (it == m_snapshots.end())
                return make(404, u"SnapshotNotFoundFault"_s, u"Snapshot %1 not found."_s.arg(parsed->name));
            const Snapshot &s = it->second;
            if (s.snapshotStatus != u"available")
                return make(400, u"InvalidSnapshotState"_s,
                            u"Snapshot %1 is %2; it can be restored only when available."_s.arg(s.snapshotName,
                                                                                                s.snapshotStatus));
            if (engine == u"memcached")
                return invalidParameterCombination(
                    u"Snapshot %1 is a Valkey or Redis OSS snapshot; a Memcached serverless cache cannot restore it."_s
                        .arg(s.snapshotName));
            if (s.dataTiering == u"enabled")
                return invalidParameterCombination(
                    u"Snapshot %1 was taken with data tiering; it can be restored only onto a data-tiering node type (cache.r6gd.*)."_s
                        .arg(s.snapshotName));
            if (isMultiDatabase(s))
                return invalidParameterCombination(
                    u"Snapshot %1 has data in more than one database; a serverless cache supports only database 0."_s
                        .arg(s.snapshotName));
            if (auto error = checkEngineFor(u"snapshot %1"_s.arg(s.snapshotName), s.engine,
                                            s.engineVersion.section(u'.', 0, 0), engine, major))
                return *error;
            for (const NodeSnapshot &n : s.nodeSnapshots)
                bytesUsed += (n.cacheSize.section(u' ', 0, 0).toLongLong() << 20);
        } else {
            return invalidParameterValue(
                u"Invalid SnapshotArnsToRestore %1: a %2 is not a snapshot."_s.arg(snapshotArn, parsed->resourceType));
        }
    }
    if (!s3Objects.isEmpty()) {
        if (engine == u"memcached")
            return invalidParameterCombination(
                u"A Memcached serverless cache cannot be restored from .rdb objects in Amazon S3."_s);
        if (auto error = checkS3Objects(s3Objects, u"SnapshotArnsToRestore"_s))
            return *error;
        for (const QString &object : std::as_const(s3Objects)) {
            const auto parsed = SandboxRules::parseS3ObjectArn(object);
            if (const SandboxBucket *bucket = m_buckets->find(parsed->bucket))
                bytesUsed += bucket->objects.at(parsed->key).size;
        }
    }
    if (auto error = SandboxRules::checkRetention(request.snapshotRetentionLimit))
        return *error;
    if (auto error = SandboxRules::checkDailySnapshotTime(request.dailySnapshotTime))
        return *error;
    if (auto error = checkNewTags(request.tags))
        return *error;

    ServerlessCache c;
    c.serverlessCacheName = name;
    c.description = request.description.isNull() ? QString() : request.description;
    c.createTime = now();
    c.status = u"creating"_s;
    c.engine = engine;
    c.majorEngineVersion = major;
    c.fullEngineVersion = engine == u"memcached" ? u"1.6"_s : engine == u"redis" ? u"7.1"_s : major + u".0"_s;
    c.cacheUsageLimits = request.cacheUsageLimits;
    c.kmsKeyId = request.kmsKeyId;
    c.securityGroupIds = request.securityGroupIds;
    Endpoint endpoint;
    endpoint.address = endpointHost(name, m_config.region).replace(u".abc123."_s, u"-abc123.serverless."_s);
    endpoint.port = engine == u"memcached" ? 11211 : 6379;
    c.endpoint = endpoint;
    Endpoint reader = endpoint;
    reader.port = *endpoint.port + 1;
    c.readerEndpoint = reader;
    c.arn = arn(u"serverlesscache"_s, name);
    c.userGroupId = request.userGroupId;
    c.subnetIds = request.subnetIds;
    if (c.subnetIds.isEmpty()) {
        if (const auto it = m_subnetGroups.find(u"default"_s); it != m_subnetGroups.end()) {
            for (const Subnet &subnet : it->second.subnets)
                c.subnetIds.append(subnet.subnetIdentifier);
        }
    }
    c.snapshotRetentionLimit = request.snapshotRetentionLimit.value_or(0);
    c.dailySnapshotTime = request.dailySnapshotTime.isEmpty() ? u"00:00"_s : request.dailySnapshotTime;
    c.networkType = request.networkType.isEmpty() ? u"ipv4"_s : request.networkType;
    m_serverlessCaches[name] = ServerlessCacheRecord {c, bytesUsed};
    setTags(c.arn, storedTags(request.tags));
    schedule(m_config.createSeconds, transition(TransitionKind::ServerlessCacheCreated, name));
    Q_EMIT changed();
    return c;
}

void SandboxState::finishCreate(const Transition &t)
{
    switch (t.kind) {
    case TransitionKind::ClusterCreated:
        if (auto it = m_clusters.find(t.name);
            it != m_clusters.end() && it->second.cluster.cacheClusterStatus == u"creating") {
            CacheCluster &c = it->second.cluster;
            c.cacheClusterStatus = u"available"_s;
            for (int i = 1; i <= c.numCacheNodes.value_or(1); ++i) {
                CacheNode node;
                node.cacheNodeId = pad(i, 4);
                node.cacheNodeStatus = u"available"_s;
                node.cacheNodeCreateTime = now();
                Endpoint endpoint;
                endpoint.address = endpointHost(u"%1.%2"_s.arg(c.cacheClusterId, pad(i, 4)), m_config.region);
                endpoint.port = it->second.snapshotTemplate.port.value_or(6379);
                node.endpoint = endpoint;
                node.parameterGroupStatus = u"in-sync"_s;
                node.customerAvailabilityZone = c.preferredAvailabilityZone;
                c.cacheNodes.append(node);
            }
        }
        break;
    case TransitionKind::GroupCreated:
        if (auto it = m_groups.find(t.name); it != m_groups.end() && it->second.group.status == u"creating") {
            ReplicationGroup &g = it->second.group;
            g.status = u"available"_s;
            for (NodeGroup &nodeGroup : g.nodeGroups) {
                nodeGroup.status = u"available"_s;
                if (!g.clusterEnabled.value_or(false)) {
                    Endpoint primary;
                    primary.address = u"master."_s + endpointHost(g.replicationGroupId, m_config.region);
                    primary.port = it->second.snapshotTemplate.port.value_or(6379);
                    nodeGroup.primaryEndpoint = primary;
                    Endpoint reader = primary;
                    reader.address = u"replica."_s + endpointHost(g.replicationGroupId, m_config.region);
                    nodeGroup.readerEndpoint = reader;
                }
            }
            for (const QString &member : std::as_const(g.memberClusters)) {
                if (auto c = m_clusters.find(member); c != m_clusters.end())
                    c->second.cluster.cacheClusterStatus = u"available"_s;
            }
        }
        break;
    case TransitionKind::ServerlessCacheCreated:
        if (auto it = m_serverlessCaches.find(t.name);
            it != m_serverlessCaches.end() && it->second.cache.status == u"creating")
            it->second.cache.status = u"available"_s;
        break;
    default:
        break;
    }
    if (!t.restoredFrom.isEmpty())
        releaseRestoring(t.restoredFrom);
}

void SandboxState::releaseRestoring(const QString &snapshotName)
{
    for (const auto &entry : m_transitions) {
        if (entry.second.restoredFrom == snapshotName)
            return; // another restore from it is still under way
    }
    if (auto it = m_snapshots.find(snapshotName); it != m_snapshots.end() && it->second.snapshotStatus == u"restoring")
        it->second.snapshotStatus = u"available"_s;
}

// ---- backup settings --------------------------------------------------------------------------------------------

ApiResult<ReplicationGroup> SandboxState::modifyReplicationGroup(const ModifyReplicationGroupRequest &request)
{
    advance();
    if (request.replicationGroupId.isEmpty())
        return missingParameter(u"ReplicationGroupId"_s);
    const auto it = m_groups.find(request.replicationGroupId.toLower());
    if (it == m_groups.end())
        return make(404, u"ReplicationGroupNotFoundFault"_s,
                    u"Replication group %1 not found."_s.arg(request.replicationGroupId));
    ReplicationGroup &g = it->second.group;
    if (g.status != u"available")
        return notAvailable(u"InvalidReplicationGroupState"_s, u"Replication group"_s, g.replicationGroupId, g.status);
    const bool clusterEnabled = g.clusterEnabled.value_or(false);
    if (!request.snapshottingClusterId.isEmpty()) {
        if (clusterEnabled)
            return invalidParameterCombination(
                u"Cannot set snapshotting cluster for cluster mode enabled replication group."_s);
        if (!g.memberClusters.contains(request.snapshottingClusterId.toLower()))
            return make(404, u"CacheClusterNotFound"_s, u"Specified snapshotting cluster does not exist"_s);
    }
    // Turning automatic backups on in a cluster mode disabled group needs a snapshotting cluster.
    if (!clusterEnabled && request.snapshotRetentionLimit.value_or(0) > 0 && g.snapshotRetentionLimit.value_or(0) == 0
        && request.snapshottingClusterId.isEmpty() && g.snapshottingClusterId.isEmpty())
        return invalidParameterCombination(
            u"Must specify both SnapshotRetentionLimit and SnapshottingClusterId to turn on snapshots"_s);
    if (auto error = checkBackupSettings(request.snapshotRetentionLimit, request.snapshotWindow,
                                         request.preferredMaintenanceWindow))
        return *error;
    Snapshot &t = it->second.snapshotTemplate;
    const QString snapshotWindow = request.snapshotWindow.isEmpty() ? g.snapshotWindow : request.snapshotWindow;
    const QString maintenanceWindow = request.preferredMaintenanceWindow.isEmpty() ? t.preferredMaintenanceWindow
                                                                                   : request.preferredMaintenanceWindow;
    if (auto error = SandboxRules::checkWindowsApart(snapshotWindow, maintenanceWindow))
        return *error;
    const int retention = request.snapshotRetentionLimit.value_or(g.snapshotRetentionLimit.value_or(0));
    if (!request.replicationGroupDescription.isNull())
        g.description = request.replicationGroupDescription;

    g.snapshotRetentionLimit = retention;
    g.snapshotWindow = snapshotWindow;
    if (!clusterEnabled) {
        if (!request.snapshottingClusterId.isEmpty())
            g.snapshottingClusterId = request.snapshottingClusterId.toLower();
    }
    t.snapshotRetentionLimit = retention;
    t.snapshotWindow = snapshotWindow;
    t.preferredMaintenanceWindow = maintenanceWindow;
    if (!request.replicationGroupDescription.isNull())
        t.replicationGroupDescription = g.description;
    for (const QString &member : std::as_const(g.memberClusters)) {
        if (auto c = m_clusters.find(member); c != m_clusters.end()) {
            c->second.cluster.snapshotRetentionLimit = retention;
            c->second.cluster.snapshotWindow = snapshotWindow;
            c->second.cluster.preferredMaintenanceWindow = maintenanceWindow;
            c->second.snapshotTemplate.snapshotRetentionLimit = retention;
            c->second.snapshotTemplate.snapshotWindow = snapshotWindow;
            c->second.snapshotTemplate.preferredMaintenanceWindow = maintenanceWindow;
        }
    }
    Q_EMIT changed();
    return g;
}

ApiResult<CacheCluster> SandboxState::modifyCacheCluster(const ModifyCacheClusterRequest &request)
{
    advance();
    if (request.cacheClusterId.isEmpty())
        return missingParameter(u"CacheClusterId"_s);
    const auto it = m_clusters.find(request.cacheClusterId.toLower());
    if (it == m_clusters.end())
        return make(404, u"CacheClusterNotFound"_s, u"CacheCluster not found: %1"_s.arg(request.cacheClusterId));
    CacheCluster &c = it->second.cluster;
    if (c.cacheClusterStatus != u"available")
        return notAvailable(u"InvalidCacheClusterState"_s, u"Cache cluster"_s, c.cacheClusterId, c.cacheClusterStatus);
    const bool backupSettings = request.snapshotRetentionLimit || !request.snapshotWindow.isEmpty();
    if (backupSettings && !c.replicationGroupId.isEmpty())
        return invalidParameterCombination(
            u"Cache cluster %1 is a member of replication group %2: change its backup settings with ModifyReplicationGroup."_s
                .arg(c.cacheClusterId, c.replicationGroupId));
    if (backupSettings && c.engine == u"memcached")
        return invalidParameterCombination(
            u"Snapshots are not supported for clusters running memcached: SnapshotRetentionLimit and SnapshotWindow do not apply."_s);
    if (backupSettings && c.cacheNodeType == u"cache.t1.micro")
        return invalidParameterCombination(
            u"Snapshots are not supported for cache node type cache.t1.micro: SnapshotRetentionLimit and SnapshotWindow do not apply."_s);
    if (auto error = checkBackupSettings(request.snapshotRetentionLimit, request.snapshotWindow,
                                         request.preferredMaintenanceWindow))
        return *error;
    const QString snapshotWindow = request.snapshotWindow.isEmpty() ? c.snapshotWindow : request.snapshotWindow;
    const QString maintenanceWindow = request.preferredMaintenanceWindow.isEmpty() ? c.preferredMaintenanceWindow
                                                                                   : request.preferredMaintenanceWindow;
    if (auto error = SandboxRules::checkWindowsApart(snapshotWindow, maintenanceWindow))
        return *error;
    if (request.snapshotRetentionLimit)
        c.snapshotRetentionLimit = request.snapshotRetentionLimit;
    c.snapshotWindow = snapshotWindow;
    c.preferredMaintenanceWindow = maintenanceWindow;
    Snapshot &t = it->second.snapshotTemplate;
    t.snapshotRetentionLimit = c.snapshotRetentionLimit;
    t.snapshotWindow = c.snapshotWindow;
    t.preferredMaintenanceWindow = maintenanceWindow;
    Q_EMIT changed();
    return c;
}

ApiResult<ServerlessCache> SandboxState::modifyServerlessCache(const ModifyServerlessCacheRequest &request)
{
    advance();
    if (request.serverlessCacheName.isEmpty())
        return missingParameter(u"ServerlessCacheName"_s);
    const auto it = m_serverlessCaches.find(request.serverlessCacheName.toLower());
    if (it == m_serverlessCaches.end())
        return make(404, u"ServerlessCacheNotFoundFault"_s,
                    u"Serverless cache %1 not found."_s.arg(request.serverlessCacheName));
    ServerlessCache &c = it->second.cache;
    if (c.status != u"available")
        return notAvailable(u"InvalidServerlessCacheStateFault"_s, u"Serverless cache"_s, c.serverlessCacheName,
                            c.status);
    if (auto error = SandboxRules::checkRetention(request.snapshotRetentionLimit))
        return *error;
    if (auto error = SandboxRules::checkDailySnapshotTime(request.dailySnapshotTime))
        return *error;
    if (request.snapshotRetentionLimit)
        c.snapshotRetentionLimit = request.snapshotRetentionLimit;
    if (!request.dailySnapshotTime.isEmpty())
        c.dailySnapshotTime = request.dailySnapshotTime;
    if (!request.description.isNull())
        c.description = request.description;
    Q_EMIT changed();
    return c;
}

// ---- tags -------------------------------------------------------------------------------------------------------

std::optional<ApiError> SandboxState::checkTaggable(const QString &resourceArn, bool forChange) const
{
    const auto parsed = SandboxRules::parseArn(resourceArn);
    if (!parsed)
        return SandboxRules::invalidArn(resourceArn);
    if (parsed->region != m_config.region || parsed->account != m_config.accountId)
        return make(400, u"InvalidARN"_s,
                    u"The ARN %1 is not of a resource of account %2 in region %3."_s.arg(
                        resourceArn, m_config.accountId, m_config.region));
    const QString name = parsed->name.toLower();
    const QString &type = parsed->resourceType;
    if (type == u"cluster") {
        if (!m_clusters.count(name))
            return make(404, u"CacheClusterNotFound"_s, u"CacheCluster not found: %1"_s.arg(parsed->name));
    } else if (type == u"replicationgroup") {
        const auto it = m_groups.find(name);
        if (it == m_groups.end())
            return make(404, u"ReplicationGroupNotFoundFault"_s,
                        u"Replication group %1 not found."_s.arg(parsed->name));
        if (it->second.group.status == u"creating" || (forChange && it->second.group.status == u"deleting"))
            return notAvailable(u"InvalidReplicationGroupState"_s, u"Replication group"_s, name,
                                it->second.group.status);
    } else if (type == u"snapshot") {
        if (!m_snapshots.count(name))
            return make(404, u"SnapshotNotFoundFault"_s, u"Snapshot %1 not found."_s.arg(parsed->name));
    } else if (type == u"serverlesscache") {
        const auto it = m_serverlessCaches.find(name);
        if (it == m_serverlessCaches.end())
            return make(404, u"ServerlessCacheNotFoundFault"_s, u"Serverless cache %1 not found."_s.arg(parsed->name));
        if (it->second.cache.status == u"creating")
            return notAvailable(u"InvalidServerlessCacheStateFault"_s, u"Serverless cache"_s, name,
                                it->second.cache.status);
    } else if (type == u"serverlesscachesnapshot") {
        const auto it = m_serverlessSnapshots.find(name);
        if (it == m_serverlessSnapshots.end())
            return make(404, u"ServerlessCacheSnapshotNotFoundFault"_s,
                        u"Serverless cache snapshot %1 not found."_s.arg(parsed->name));
        if (it->second.status == u"creating")
            return notAvailable(u"InvalidServerlessCacheSnapshotStateFault"_s, u"Serverless cache snapshot"_s, name,
                                it->second.status);
    } else if (type == u"subnetgroup") {
        if (!m_subnetGroups.count(name))
            return make(400, u"CacheSubnetGroupNotFoundFault"_s,
                        u"Cache subnet group %1 does not exist."_s.arg(parsed->name));
    } else if (type == u"parametergroup") {
        if (!m_parameterGroups.count(name))
            return make(404, u"CacheParameterGroupNotFound"_s,
                        u"Cache parameter group %1 not found."_s.arg(parsed->name));
        if (forChange && name.startsWith(u"default."_s))
            return invalidParameterValue(
                u"Tags cannot be added to or removed from the default parameter group %1."_s.arg(name));
    } else if (type == u"user") {
        return make(404, u"UserNotFound"_s, u"User %1 not found."_s.arg(parsed->name));
    } else if (type == u"usergroup") {
        return make(404, u"UserGroupNotFound"_s, u"User group %1 not found."_s.arg(parsed->name));
    } else if (type == u"reserved-instance") {
        return make(404, u"ReservedCacheNodeNotFound"_s, u"Reserved cache node %1 not found."_s.arg(parsed->name));
    } else if (type == u"securitygroup") {
        return make(404, u"CacheSecurityGroupNotFound"_s, u"Cache security group %1 not found."_s.arg(parsed->name));
    } else {
        return SandboxRules::invalidArn(resourceArn);
    }
    return std::nullopt;
}

namespace {
// Tags are kept under the ARN as the service writes it (the name lowercase).
QString canonicalArn(const QString &resourceArn)
{
    const auto parsed = SandboxRules::parseArn(resourceArn);
    return u"arn:%1:elasticache:%2:%3:%4:%5"_s.arg(parsed->partition, parsed->region, parsed->account,
                                                   parsed->resourceType, parsed->name.toLower());
}

TagListMessage tagList(const QList<Tag> &tags)
{
    TagListMessage message;
    message.tagList = tags;
    message.tagList.setPresent();
    return message;
}
} // namespace

QStringList SandboxState::membersOf(const QString &resourceArn) const
{
    const auto parsed = SandboxRules::parseArn(resourceArn);
    if (!parsed || parsed->resourceType != u"replicationgroup")
        return {};
    const auto it = m_groups.find(parsed->name);
    return it == m_groups.end() ? QStringList() : QStringList(it->second.group.memberClusters);
}

ApiResult<TagListMessage> SandboxState::listTagsForResource(const ListTagsForResourceRequest &request)
{
    advance();
    if (request.resourceName.isEmpty())
        return missingParameter(u"ResourceName"_s);
    if (auto error = checkTaggable(request.resourceName, false))
        return *error;
    return tagList(tags(canonicalArn(request.resourceName)));
}

ApiResult<TagListMessage> SandboxState::addTagsToResource(const AddTagsToResourceRequest &request)
{
    advance();
    if (request.resourceName.isEmpty())
        return missingParameter(u"ResourceName"_s);
    if (request.tags.isEmpty())
        return missingParameter(u"Tags"_s);
    if (auto error = checkTaggable(request.resourceName, true))
        return *error;
    if (auto error = SandboxRules::checkTags(request.tags))
        return *error;
    const QString key = canonicalArn(request.resourceName);
    const QList<Tag> merged = SandboxRules::mergedTags(tags(key), request.tags);
    if (merged.size() > SandboxRules::maxTagsPerResource)
        return SandboxRules::tagQuotaExceeded();
    setTags(key, merged);
    for (const QString &member : membersOf(key)) {
        const QString memberArn = arn(u"cluster"_s, member);
        setTags(memberArn, SandboxRules::mergedTags(tags(memberArn), request.tags));
    }
    Q_EMIT changed();
    return tagList(merged);
}

ApiResult<TagListMessage> SandboxState::removeTagsFromResource(const RemoveTagsFromResourceRequest &request)
{
    advance();
    if (request.resourceName.isEmpty())
        return missingParameter(u"ResourceName"_s);
    if (request.tagKeys.isEmpty())
        return missingParameter(u"TagKeys"_s);
    if (auto error = checkTaggable(request.resourceName, true))
        return *error;
    const QString key = canonicalArn(request.resourceName);
    QList<Tag> remaining = tags(key);
    for (const QString &tagKey : request.tagKeys) {
        const auto it
            = std::find_if(remaining.cbegin(), remaining.cend(), [&](const Tag &t) { return t.key == tagKey; });
        if (it == remaining.cend())
            return make(404, u"TagNotFound"_s,
                        u"The tag with key %1 was not found on resource %2."_s.arg(tagKey, request.resourceName));
        remaining.erase(it);
    }
    setTags(key, remaining);
    for (const QString &member : membersOf(key)) {
        const QString memberArn = arn(u"cluster"_s, member);
        QList<Tag> memberTags = tags(memberArn);
        memberTags.removeIf([&](const Tag &t) { return request.tagKeys.contains(t.key); });
        setTags(memberArn, memberTags);
    }
    Q_EMIT changed();
    return tagList(remaining);
}

// ---- subnet groups, parameter groups, engine versions ----------------------------------------------------------

ApiResult<SandboxPage<CacheSubnetGroup>>
SandboxState::describeCacheSubnetGroups(const DescribeCacheSubnetGroupsRequest &request, const QString &marker)
{
    advance();
    if (auto error = checkRange(u"MaxRecords"_s, request.maxRecords, 20, 100))
        return *error;
    const QString name = request.cacheSubnetGroupName.toLower();
    if (!name.isEmpty() && !m_subnetGroups.count(name))
        return make(400, u"CacheSubnetGroupNotFoundFault"_s,
                    u"Cache subnet group %1 does not exist."_s.arg(request.cacheSubnetGroupName));
    return pageOf<CacheSubnetGroup>(
        u"DescribeCacheSubnetGroups"_s, marker, request.maxRecords.value_or(100), m_subnetGroups,
        [&](const CacheSubnetGroup &g) { return name.isEmpty() || g.cacheSubnetGroupName == name; },
        [](const CacheSubnetGroup &g) { return g; });
}

ApiResult<SandboxPage<CacheParameterGroup>>
SandboxState::describeCacheParameterGroups(const DescribeCacheParameterGroupsRequest &request, const QString &marker)
{
    advance();
    if (auto error = checkRange(u"MaxRecords"_s, request.maxRecords, 20, 100))
        return *error;
    const QString name = request.cacheParameterGroupName.toLower();
    if (!name.isEmpty() && !m_parameterGroups.count(name))
        return make(404, u"CacheParameterGroupNotFound"_s,
                    u"Cache parameter group %1 not found."_s.arg(request.cacheParameterGroupName));
    return pageOf<CacheParameterGroup>(
        u"DescribeCacheParameterGroups"_s, marker, request.maxRecords.value_or(100), m_parameterGroups,
        [&](const ParameterGroupRecord &r) { return name.isEmpty() || r.group.cacheParameterGroupName == name; },
        [](const ParameterGroupRecord &r) { return r.group; });
}

ApiResult<SandboxPage<CacheEngineVersion>>
SandboxState::describeCacheEngineVersions(const DescribeCacheEngineVersionsRequest &request, const QString &marker)
{
    advance();
    if (auto error = checkRange(u"MaxRecords"_s, request.maxRecords, 20, 100))
        return *error;
    // Keyed "engine/version" with the version's numbers padded, so pages run oldest to newest per engine.
    std::map<QString, CacheEngineVersion> matching;
    const bool defaultOnly = request.defaultOnly.value_or(false);
    for (const auto &entry : kEngineVersions) {
        const CacheEngineVersion v = engineVersion(entry);
        if (!request.engine.isEmpty() && v.engine != request.engine.toLower())
            continue;
        if (!request.cacheParameterGroupFamily.isEmpty()
            && v.cacheParameterGroupFamily != request.cacheParameterGroupFamily)
            continue;
        // An EngineVersion names a version or a major version ("7" matches 7.0.7 and 7.1.0).
        if (!request.engineVersion.isEmpty() && v.engineVersion != request.engineVersion
            && !v.engineVersion.startsWith(request.engineVersion + u'.'))
            continue;
        QString key = v.engine + u'/';
        for (const QString &part : v.engineVersion.split(u'.'))
            key += part.rightJustified(4, u'0') + u'.';
        if (defaultOnly) {
            // Only the newest version of each engine (or of the asked major version).
            const auto same = std::find_if(matching.begin(), matching.end(),
                                           [&](const auto &m) { return m.second.engine == v.engine; });
            if (same != matching.end()) {
                if (SandboxRules::compareVersions(same->second.engineVersion, v.engineVersion) >= 0)
                    continue;
                matching.erase(same);
            }
        }
        matching[key] = v;
    }
    return pageOf<CacheEngineVersion>(
        u"DescribeCacheEngineVersions"_s, marker, request.maxRecords.value_or(100), matching,
        [](const CacheEngineVersion &) { return true; }, [](const CacheEngineVersion &v) { return v; });
}
