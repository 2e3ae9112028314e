// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxseeder.h"

#include "sandboxrules.h"
#include "sandboxstate.h"
#include "stablehash.h"

#include <QByteArray>

#include <random>
#include <tuple>
#include <utility>

using namespace Qt::StringLiterals;

namespace SandboxSeeder {

namespace {

constexpr QLatin1StringView kDefaultVpc {"vpc-0e1a5c0de0000d001"};
constexpr QLatin1StringView kOtherVpc {"vpc-0e1a5c0de0000d002"};

struct EngineChoice
{
    QString engine;
    QString version;
    QString parameterGroupFamily; // "redis7", "valkey8"
};

class Seeder
{
public:
    explicit Seeder(SandboxState &state)
        : m_state(state)
        , m_config(state.config())
        , m_rng(m_config.seed)
    {
        QDateTime anchor
            = m_config.seedAnchor.isValid() ? m_config.seedAnchor.toUTC() : QDateTime::currentDateTimeUtc();
        anchor.setTime(QTime(anchor.time().hour(), anchor.time().minute()));
        m_anchor = anchor;
        m_budget = std::max(0, m_config.seedSnapshots);
        m_serverlessBudget = m_budget / 5;
    }

    void run()
    {
        m_state.clear();
        seedCatalog(m_state);
        fixtures();
        int index = 1;
        while (m_budget > 0) {
            const bool standalone = chance(0.62);
            const QString name = generatedName(index, !standalone);
            const EngineChoice engine = pickEngine();
            if (standalone)
                standaloneCluster(name, engine, true);
            else
                clusterModeGroup(name, engine, int(uniform(2, 6)), false);
            ++index;
        }
        int cacheIndex = 1;
        while (m_serverlessBudget > 0) {
            const QString name = u"%1-%2-sl"_s.arg(pick(kApps), pad(cacheIndex++, 3));
            serverlessCache(name, pickEngine(), u"available"_s, true);
        }
        midOperation();
        if (m_state.ownsBuckets())
            buckets();
    }

private:
    static inline const QStringList kEnvironments {u"prod"_s, u"staging"_s, u"dev"_s, u"qa"_s};
    static inline const QStringList kApps {u"orders"_s,      u"sessions"_s,  u"cart"_s,     u"catalog"_s,
                                           u"leaderboard"_s, u"ratelimit"_s, u"search"_s,   u"inventory"_s,
                                           u"payments"_s,    u"feeds"_s,     u"profiles"_s, u"recommend"_s};
    static inline const QStringList kNodeTypes {u"cache.t3.micro"_s,  u"cache.t4g.small"_s,  u"cache.m6g.large"_s,
                                                u"cache.r6g.large"_s, u"cache.r7g.xlarge"_s, u"cache.m7g.xlarge"_s};
    static inline const QStringList kManualNames {u"before-upgrade"_s, u"pre-migration"_s, u"nightly"_s,
                                                  u"release"_s,        u"keep"_s,          u"debug"_s};

    double uniform01() { return std::uniform_real_distribution<double>(0.0, 1.0)(m_rng); }
    bool chance(double p) { return uniform01() < p; }
    qint64 uniform(qint64 low, qint64 high) { return std::uniform_int_distribution<qint64>(low, high)(m_rng); }
    const QString &pick(const QStringList &list) { return list.at(uniform(0, list.size() - 1)); }
    static QString pad(qint64 number, int width) { return u"%1"_s.arg(number, width, 10, QChar(u'0')); }

    QString generatedName(int index, bool group)
    {
        const QString environment = pick(kEnvironments);
        const QString app = pick(kApps);
        return u"%1-%2-%3%4"_s.arg(environment, app, group ? u"rg-"_s : QString(), pad(index, 3));
    }

    EngineChoice pickEngine()
    {
        if (chance(0.35))
            return chance(0.5) ? EngineChoice {u"valkey"_s, u"7.2.6"_s, u"valkey7"_s}
                               : EngineChoice {u"valkey"_s, u"8.0.1"_s, u"valkey8"_s};
        switch (uniform(0, 2)) {
        case 0:
            return {u"redis"_s, u"6.2.6"_s, u"redis6.x"_s};
        case 1:
            return {u"redis"_s, u"7.0.7"_s, u"redis7"_s};
        default:
            return {u"redis"_s, u"7.1.0"_s, u"redis7"_s};
        }
    }

    QString kmsKey()
    {
        return u"arn:aws:kms:%1:%2:key/%3-%4-%5-%6-%7"_s.arg(m_config.region, m_config.accountId)
            .arg(uniform(0, 0xffffffffLL), 8, 16, QChar(u'0'))
            .arg(uniform(0, 0xffff), 4, 16, QChar(u'0'))
            .arg(uniform(0, 0xffff), 4, 16, QChar(u'0'))
            .arg(uniform(0, 0xffff), 4, 16, QChar(u'0'))
            .arg(uniform(0, 0xffffffffffffLL), 12, 16, QChar(u'0'));
    }

    QString az(int i) const { return m_config.region + QChar(u'a' + (i % 3)); }
    QString arn(const QString &type, const QString &name) const
    {
        return u"arn:aws:elasticache:%1:%2:%3:%4"_s.arg(m_config.region, m_config.accountId, type, name);
    }
    // Never 0 MB: an available snapshot of even an empty cache holds a few megabytes. One in ten is of a small
    // cache; its size is not drawn, so that the seeded data stay what they were for every seed.
    QString size()
    {
        if (chance(0.1))
            return u"%1 MB"_s.arg(5 + (m_smallCaches++ * 7) % 59);
        return u"%1 MB"_s.arg(uniform(1, 24000));
    }

    // "ddd:hh24:mi-ddd:hh24:mi", one hour long, as the service writes it ("tue:09:00-tue:10:00").
    static QString maintenanceWindow(int day, int hour)
    {
        static const QStringList days {u"sun"_s, u"mon"_s, u"tue"_s, u"wed"_s, u"thu"_s, u"fri"_s, u"sat"_s};
        return u"%1:%2:00-%1:%3:00"_s.arg(days.at(day), pad(hour, 2), pad(hour + 1, 2));
    }

    // The versions a serverless cache reports: its major version ("7", "8", "1.6" for Memcached) and the full one
    // ("7.1"); serverless Redis OSS is 7 only, so a Redis OSS 6 choice made for node-based clusters becomes 7.
    static std::pair<QString, QString> serverlessVersions(const EngineChoice &engine)
    {
        if (engine.engine == u"memcached")
            return {u"1.6"_s, u"1.6"_s};
        if (engine.engine == u"redis")
            return {u"7"_s, u"7.1"_s};
        return {engine.version.section(u'.', 0, 0), engine.version.section(u'.', 0, 1)};
    }

    int retention()
    {
        if (chance(0.15))
            return 0;
        static const int common[] = {1, 3, 7, 7, 7, 14, 14, 30, 35};
        return common[uniform(0, 8)];
    }

    // The common members of a source's snapshots; name, status, source, node snapshot times and ARN come later.
    Snapshot templateFor(const EngineChoice &engine, const QString &nodeType, int retentionDays, int windowHour,
                         const QString &kms, const QDateTime &created, bool clusterMode)
    {
        Snapshot t;
        t.cacheNodeType = nodeType;
        t.engine = engine.engine;
        t.engineVersion = engine.version;
        t.preferredMaintenanceWindow = maintenanceWindow(int(uniform(0, 6)), windowHour % 9 + 1);
        if (chance(0.3))
            t.topicArn = u"arn:aws:sns:%1:%2:cache-events"_s.arg(m_config.region, m_config.accountId);
        t.port = 6379;
        t.cacheParameterGroupName
            = u"default.%1%2"_s.arg(engine.parameterGroupFamily, clusterMode ? u".cluster.on"_s : QString());
        t.cacheSubnetGroupName = chance(0.5) ? u"default"_s : u"cachesnap-private"_s;
        // Both seeded subnet groups are in the default VPC; the draw stays so the generated data stay the same.
        t.vpcId = chance(0.7) ? QString(kDefaultVpc) : QString(kDefaultVpc);
        t.autoMinorVersionUpgrade = chance(0.8);
        t.snapshotRetentionLimit = retentionDays;
        t.snapshotWindow = u"%1:00-%2:00"_s.arg(pad(windowHour, 2), pad((windowHour + 1) % 24, 2));
        t.kmsKeyId = kms;
        t.dataTiering = u"disabled"_s;
        if (!clusterMode) {
            t.numCacheNodes = 1;
            t.cacheClusterCreateTime = created;
        }
        return t;
    }

    void addSnapshots(const Snapshot &templ, const QString &sourceId, int automaticCount, int manualCount,
                      int windowHour)
    {
        for (int day = 1; day <= automaticCount && m_budget > 0; ++day) {
            QDateTime at = m_anchor.addDays(-day);
            at.setTime(QTime(windowHour, int(uniform(0, 59)), int(uniform(0, 59))));
            Snapshot s = templ;
            s.snapshotName = u"automatic.%1-%2"_s.arg(sourceId, at.toString(u"yyyy-MM-dd-HH-mm"_s));
            s.snapshotSource = u"automated"_s;
            finish(s, at);
        }
        for (int i = 0; i < manualCount && m_budget > 0; ++i) {
            const QDateTime at = m_anchor.addSecs(-uniform(3600, 400LL * 24 * 3600));
            Snapshot s = templ;
            s.snapshotName = u"%1-%2-%3"_s.arg(sourceId, pick(kManualNames), at.toString(u"yyyyMMdd"_s));
            if (m_state.snapshot(s.snapshotName))
                s.snapshotName += u'-' + QString::number(i + 1);
            s.snapshotSource = u"manual"_s;
            finish(s, at);
        }
    }

    void finish(Snapshot &s, const QDateTime &at, const QString &status = u"available"_s)
    {
        s.snapshotStatus = status;
        s.arn = arn(u"snapshot"_s, s.snapshotName);
        for (NodeSnapshot &node : s.nodeSnapshots) {
            node.snapshotCreateTime = at;
            node.cacheSize = size();
        }
        m_state.addSnapshot(s);
        --m_budget;
        if (s.snapshotSource == u"automated") {
            // Automatic snapshots carry their source's tags.
            const bool group = !s.replicationGroupId.isEmpty();
            const QList<Tag> sourceTags = m_state.tags(
                arn(group ? u"replicationgroup"_s : u"cluster"_s, group ? s.replicationGroupId : s.cacheClusterId));
            if (!sourceTags.isEmpty())
                m_state.setTags(s.arn, sourceTags);
        }
        if (s.snapshotSource == u"manual") {
            m_manualNames.append(s.snapshotName);
            tagSnapshot(s.arn, s.snapshotName);
        }
    }

    // The members of a source that CacheSnap does not read, filled as the service fills them, so that every
    // member of the model's shape is answered (and printed by the CLIs) with a realistic value.
    // They are derived from the source's name, not drawn, so that the seeded snapshots stay what they were.
    QString endpointHost(const QString &id) const
    {
        return u"%1.abc123.%2.cache.amazonaws.com"_s.arg(id, m_config.region);
    }

    static QString derivedHex(const QString &id, QStringView salt)
    {
        return QString::number(qHash(QString(id + salt), 0) & 0x7fffffffU, 16).rightJustified(8, u'0');
    }

    void completeCluster(CacheCluster &c, const QString &parameterGroupFamily)
    {
        const bool memcached = c.engine == u"memcached";
        const int port = memcached ? 11211 : 6379;
        if (memcached) {
            Endpoint configurationEndpoint;
            configurationEndpoint.address = endpointHost(c.cacheClusterId).replace(u".abc123."_s, u".abc123.cfg."_s);
            configurationEndpoint.port = port;
            c.configurationEndpoint = configurationEndpoint;
        }
        c.clientDownloadLandingPage = u"https://console.aws.amazon.com/elasticache/home#client-download:"_s;
        const uint h = qHash(c.cacheClusterId, 0);
        c.preferredMaintenanceWindow = apart(maintenanceWindow(int(h % 7), int(h / 7 % 8 + 1)), c.snapshotWindow);
        c.pendingModifiedValues = PendingModifiedValues {};
        c.cacheSecurityGroups.setPresent();
        CacheParameterGroupStatus parameterGroup;
        parameterGroup.cacheParameterGroupName
            = u"default."_s + parameterGroupFamily + (c.replicationGroupId.isEmpty() ? QString() : u".cluster.on"_s);
        parameterGroup.parameterApplyStatus = u"in-sync"_s;
        parameterGroup.cacheNodeIdsToReboot.setPresent();
        c.cacheParameterGroup = parameterGroup;
        c.cacheSubnetGroupName = u"default"_s;
        SecurityGroupMembership securityGroup;
        securityGroup.securityGroupId
            = !memcached && (h & 0x200) ? u"sg-0e1a5c0de00000002"_s : u"sg-0e1a5c0de00000001"_s;
        securityGroup.status = u"active"_s;
        c.securityGroups.append(securityGroup);
        const bool transit = !memcached && (qHash(c.cacheClusterId, 0) & 0x100);
        if (!memcached) {
            c.authTokenEnabled = false;
            c.transitEncryptionEnabled = transit;
        } else {
            c.transitEncryptionEnabled = false;
        }
        if (transit)
            c.transitEncryptionMode = u"required"_s;
        if (!c.atRestEncryptionEnabled)
            c.atRestEncryptionEnabled = false;
        c.replicationGroupLogDeliveryEnabled = false;
        c.logDeliveryConfigurations.setPresent();
        c.networkType = u"ipv4"_s;
        c.ipDiscovery = u"ipv4"_s;
    }

    void completeGroup(ReplicationGroup &g)
    {
        g.pendingModifiedValues = ReplicationGroupPendingModifiedValues {};
        g.multiAZ = g.automaticFailover == u"enabled" ? u"enabled"_s : u"disabled"_s;
        if (g.clusterEnabled.value_or(false)) {
            Endpoint configurationEndpoint;
            configurationEndpoint.address = u"clustercfg."_s + endpointHost(g.replicationGroupId);
            configurationEndpoint.port = 6379;
            g.configurationEndpoint = configurationEndpoint;
        }
        g.authTokenEnabled = false;
        g.transitEncryptionEnabled = true;
        g.transitEncryptionMode = u"required"_s;
        g.logDeliveryConfigurations.setPresent();
        g.autoMinorVersionUpgrade = true;
        g.networkType = u"ipv4"_s;
        g.ipDiscovery = u"ipv4"_s;
        g.clusterMode = g.clusterEnabled.value_or(false) ? u"enabled"_s : u"disabled"_s;
    }

    void completeServerlessCache(ServerlessCache &c)
    {
        CacheUsageLimits limits;
        DataStorage storage;
        const uint h = qHash(c.serverlessCacheName, 0);
        storage.maximum = int(h % 96 + 5);
        storage.unit = u"GB"_s;
        limits.dataStorage = storage;
        ECPUPerSecond ecpu;
        ecpu.maximum = int(h / 96 % 96 + 5) * 1000;
        limits.ecpuPerSecond = ecpu;
        c.cacheUsageLimits = limits;
        c.securityGroupIds.append(u"sg-0e1a5c0de00000001"_s);
        Endpoint endpoint;
        endpoint.address = endpointHost(c.serverlessCacheName).replace(u".abc123."_s, u"-abc123.serverless."_s);
        endpoint.port = 6379;
        c.endpoint = endpoint;
        Endpoint reader = endpoint;
        reader.port = 6380;
        c.readerEndpoint = reader;
        for (int i = 1; i <= 3; ++i)
            c.subnetIds.append(u"subnet-0e1a5c0de0000a%1"_s.arg(pad(i, 3)));
        c.networkType = u"ipv4"_s;
    }

    Snapshot standaloneCluster(const QString &id, const EngineChoice &engine, bool withSnapshots,
                               const QString &nodeType = QString(), const QString &status = u"available"_s)
    {
        const int drawn = retention();
        const int retentionDays = m_fixtureRetention > 0 ? m_fixtureRetention : drawn;
        const int windowHour = int(uniform(0, 23));
        const QString kms = chance(0.4) ? kmsKey() : QString();
        const QDateTime created = m_anchor.addSecs(-uniform(40LL * 24 * 3600, 900LL * 24 * 3600));
        CacheCluster c;
        c.cacheClusterId = id;
        c.cacheNodeType = nodeType.isEmpty() ? pick(kNodeTypes) : nodeType;
        c.engine = engine.engine;
        c.engineVersion = engine.version;
        c.cacheClusterStatus = status;
        c.numCacheNodes = 1;
        c.preferredAvailabilityZone = az(int(uniform(0, 2)));
        c.cacheClusterCreateTime = created;
        c.autoMinorVersionUpgrade = true;
        c.snapshotRetentionLimit = retentionDays;
        c.snapshotWindow = u"%1:00-%2:00"_s.arg(pad(windowHour, 2), pad((windowHour + 1) % 24, 2));
        c.atRestEncryptionEnabled = !kms.isEmpty() || chance(0.3);
        c.arn = arn(u"cluster"_s, id);
        completeCluster(c, engine.parameterGroupFamily);

        Snapshot t = templateFor(engine, c.cacheNodeType, retentionDays, windowHour, kms, created, false);
        t.cacheClusterId = id;
        t.preferredAvailabilityZone = c.preferredAvailabilityZone;
        t.snapshotWindow = c.snapshotWindow;
        t.preferredMaintenanceWindow = c.preferredMaintenanceWindow;
        c.cacheSubnetGroupName = t.cacheSubnetGroupName;
        NodeSnapshot node;
        node.cacheNodeId = u"0001"_s;
        node.cacheNodeCreateTime = created;
        node.cacheSize = size();
        t.nodeSnapshots.append(node);
        m_state.addCacheCluster(c, t);
        tagSource(c.arn, id);
        if (withSnapshots)
            addSnapshots(t, id, retentionDays, int(uniform(0, 4)), windowHour);
        return t;
    }

    Snapshot clusterModeGroup(const QString &id, const EngineChoice &engine, int shards, bool dataTiering,
                              bool withSnapshots = true)
    {
        const int retentionDays = retention();
        const int windowHour = int(uniform(0, 23));
        const QString kms = chance(0.5) ? kmsKey() : QString();
        const QDateTime created = m_anchor.addSecs(-uniform(40LL * 24 * 3600, 900LL * 24 * 3600));
        const int replicas = int(uniform(1, 2));
        const QString nodeType = dataTiering ? u"cache.r6gd.xlarge"_s : pick(kNodeTypes);

        ReplicationGroup g;
        g.replicationGroupId = id;
        g.description = dataTiering ? u"Data tiering (r6gd) cluster for %1"_s.arg(id)
                                    : u"Cluster-mode %1 group with %2 shards"_s.arg(engine.engine).arg(shards);
        g.status = u"available"_s;
        g.snapshotRetentionLimit = retentionDays;
        g.snapshotWindow = u"%1:00-%2:00"_s.arg(pad(windowHour, 2), pad((windowHour + 1) % 24, 2));
        g.automaticFailover = u"enabled"_s;
        g.clusterEnabled = true;
        g.cacheNodeType = nodeType;
        g.atRestEncryptionEnabled = true;
        g.kmsKeyId = kms;
        g.arn = arn(u"replicationgroup"_s, id);
        g.replicationGroupCreateTime = created;
        g.dataTiering = dataTiering ? u"enabled"_s : u"disabled"_s;
        g.engine = engine.engine;

        Snapshot t = templateFor(engine, nodeType, retentionDays, windowHour, kms, created, true);
        t.replicationGroupId = id;
        t.replicationGroupDescription = g.description;
        t.numNodeGroups = shards;
        t.automaticFailover = u"enabled"_s;
        t.dataTiering = g.dataTiering;
        for (int shard = 0; shard < shards; ++shard) {
            const QString nodeGroupId = pad(shard + 1, 4);
            const QString slots = u"%1-%2"_s.arg(shard * 16384 / shards).arg((shard + 1) * 16384 / shards - 1);
            NodeGroup nodeGroup;
            nodeGroup.nodeGroupId = nodeGroupId;
            nodeGroup.status = u"available"_s;
            nodeGroup.slots = slots;
            NodeGroupConfiguration configuration;
            configuration.nodeGroupId = nodeGroupId;
            configuration.slots = slots;
            configuration.replicaCount = replicas;
            configuration.primaryAvailabilityZone = az(shard);
            for (int r = 0; r < replicas; ++r)
                configuration.replicaAvailabilityZones.append(az(shard + r + 1));
            for (int member = 0; member <= replicas; ++member) {
                CacheCluster c;
                c.cacheClusterId = u"%1-%2-%3"_s.arg(id, nodeGroupId, pad(member + 1, 3));
                c.cacheNodeType = nodeType;
                c.engine = engine.engine;
                c.engineVersion = engine.version;
                c.cacheClusterStatus = u"available"_s;
                c.numCacheNodes = 1;
                c.preferredAvailabilityZone = az(shard + member);
                c.cacheClusterCreateTime = created;
                c.autoMinorVersionUpgrade = true;
                c.replicationGroupId = id;
                c.snapshotRetentionLimit = retentionDays;
                c.snapshotWindow = g.snapshotWindow;
                c.atRestEncryptionEnabled = true;
                c.arn = arn(u"cluster"_s, c.cacheClusterId);
                g.memberClusters.append(c.cacheClusterId);
                NodeGroupMember nodeGroupMember;
                nodeGroupMember.cacheClusterId = c.cacheClusterId;
                nodeGroupMember.cacheNodeId = u"0001"_s;
                nodeGroupMember.preferredAvailabilityZone = c.preferredAvailabilityZone;
                nodeGroup.nodeGroupMembers.append(nodeGroupMember);
                completeCluster(c, engine.parameterGroupFamily);
                c.cacheSubnetGroupName = t.cacheSubnetGroupName;
                t.preferredMaintenanceWindow = apart(t.preferredMaintenanceWindow, t.snapshotWindow);
                c.preferredMaintenanceWindow = t.preferredMaintenanceWindow;
                Snapshot memberTemplate = t;
                memberTemplate.nodeSnapshots.clear();
                m_state.addCacheCluster(c, memberTemplate);
            }
            g.nodeGroups.append(nodeGroup);
            NodeSnapshot node;
            node.cacheClusterId = u"%1-%2-001"_s.arg(id, nodeGroupId);
            node.nodeGroupId = nodeGroupId;
            node.cacheNodeId = u"0001"_s;
            node.nodeGroupConfiguration = configuration;
            node.cacheNodeCreateTime = created;
            node.cacheSize = size();
            t.nodeSnapshots.append(node);
        }
        g.snapshottingClusterId = g.memberClusters.value(0);
        completeGroup(g);
        m_state.addReplicationGroup(g, t);
        tagSource(g.arn, id);
        if (withSnapshots)
            addSnapshots(t, id, retentionDays, int(uniform(0, 4)), windowHour);
        return t;
    }

    ServerlessCache serverlessCache(const QString &name, const EngineChoice &engine, const QString &status,
                                    bool withSnapshots)
    {
        ServerlessCache c;
        c.serverlessCacheName = name;
        c.description = u"Serverless %1 cache %2"_s.arg(engine.engine, name);
        c.createTime = m_anchor.addSecs(-uniform(30LL * 24 * 3600, 500LL * 24 * 3600));
        c.status = status;
        c.engine = engine.engine;
        std::tie(c.majorEngineVersion, c.fullEngineVersion) = serverlessVersions(engine);
        c.kmsKeyId = chance(0.4) ? kmsKey() : QString();
        c.arn = arn(u"serverlesscache"_s, name);
        c.snapshotRetentionLimit = int(uniform(1, 35));
        const int hour = int(uniform(0, 23));
        c.dailySnapshotTime = u"%1:00"_s.arg(pad(hour, 2));
        completeServerlessCache(c);
        const qint64 bytes = uniform(1024, 8LL * 1024 * 1024 * 1024);
        m_state.addServerlessCache(c, bytes);

        const auto add = [&](const QString &snapshotName, const QString &type, const QDateTime &at) {
            ServerlessCacheSnapshot s;
            s.serverlessCacheSnapshotName = snapshotName;
            s.arn = arn(u"serverlesscachesnapshot"_s, snapshotName);
            s.kmsKeyId = c.kmsKeyId;
            s.snapshotType = type;
            s.status = u"available"_s;
            s.createTime = at;
            if (type == u"automatic")
                s.expiryTime = at.addDays(*c.snapshotRetentionLimit);
            s.bytesUsedForCache = QString::number(std::max<qint64>(0, bytes - uniform(0, bytes / 4)));
            s.serverlessCacheConfiguration = ServerlessCacheConfiguration {name, engine.engine, c.majorEngineVersion};
            m_state.addServerlessSnapshot(s);
            --m_serverlessBudget;
            if (type == u"manual")
                m_serverlessManualNames.append(snapshotName);
        };
        if (!withSnapshots)
            return c;
        for (int day = 1; day <= *c.snapshotRetentionLimit && m_serverlessBudget > 0; ++day) {
            QDateTime at = m_anchor.addDays(-day);
            at.setTime(QTime(hour, int(uniform(0, 59)), int(uniform(0, 59))));
            add(u"automatic.%1-%2"_s.arg(name, at.toString(u"yyyy-MM-dd-HH-mm"_s)), u"automatic"_s, at);
        }
        const int manual = int(uniform(0, 3));
        for (int i = 1; i <= manual && m_serverlessBudget > 0; ++i)
            add(u"%1-manual-%2"_s.arg(name).arg(i), u"manual"_s, m_anchor.addSecs(-uniform(3600, 200LL * 24 * 3600)));
        return c;
    }

    // A weekly maintenance window that does not overlap the daily snapshot window: moved by 12 hours when it would.
    static QString apart(const QString &maintenance, const QString &snapshotWindow)
    {
        if (!SandboxRules::checkWindowsApart(snapshotWindow, maintenance))
            return maintenance;
        const auto range = SandboxRules::parseWeeklyWindow(maintenance);
        if (!range)
            return maintenance;
        static const QStringList days {u"sun"_s, u"mon"_s, u"tue"_s, u"wed"_s, u"thu"_s, u"fri"_s, u"sat"_s};
        const auto format = [](int minute) {
            const int m = minute % (7 * 24 * 60);
            return u"%1:%2:%3"_s.arg(days.at(m / (24 * 60)), pad(m / 60 % 24, 2), pad(m % 60, 2));
        };
        return format(range->start + 12 * 60) + u'-' + format(range->end + 12 * 60);
    }

    // Tags, derived from names (not drawn, so the seeded snapshots stay what they were): about half the generated
    // sources carry an owner and a cost centre, a third of the manual snapshots an owner, a few "keep".
    static inline const QStringList kOwners {u"platform-team"_s, u"payments-team"_s, u"search-team"_s, u"web-team"_s};
    void tagSource(const QString &arn, const QString &id)
    {
        const uint h = stableHash(id, 3);
        if (h % 2)
            return;
        m_state.setTags(arn,
                        {Tag {u"owner"_s, kOwners.at(int(h / 2 % 4))},
                         Tag {u"cost-centre"_s, u"cc-%1"_s.arg(1000 + h / 8 % 9000)}});
    }
    void tagSnapshot(const QString &arn, const QString &name)
    {
        const uint h = stableHash(name, 5);
        QList<Tag> tags;
        if (h % 3 == 0)
            tags.append(Tag {u"owner"_s, kOwners.at(int(h / 3 % 4))});
        if (h % 7 == 0)
            tags.append(Tag {u"keep"_s, u"true"_s});
        if (!tags.isEmpty())
            m_state.setTags(arn, tags);
    }

    // A fixture's snapshot: its size given, nothing drawn.
    void fixtureSnapshot(Snapshot s, const QString &name, const QDateTime &at, const QString &cacheSize)
    {
        if (m_budget <= 0)
            return;
        s.snapshotName = name;
        s.snapshotSource = u"manual"_s;
        s.snapshotStatus = u"available"_s;
        s.arn = arn(u"snapshot"_s, name);
        for (NodeSnapshot &node : s.nodeSnapshots) {
            node.snapshotCreateTime = at;
            node.cacheSize = cacheSize;
        }
        m_state.addSnapshot(s);
        --m_budget;
    }

    // demo-redis-rg: a cluster mode disabled Redis OSS group (a primary and a replica) with daily backups taken
    // from the replica, and its manual snapshot demo-redis-rg-manual. Nothing drawn.
    void clusterModeDisabledFixture()
    {
        const QString id = u"demo-redis-rg"_s;
        const QDateTime created = m_anchor.addDays(-200);
        const QString snapshotWindow = u"03:00-04:00"_s;
        const QString maintenance = u"sun:05:00-sun:06:00"_s;
        ReplicationGroup g;
        g.replicationGroupId = id;
        g.description = u"Cluster mode disabled Redis OSS group (primary and replica)"_s;
        g.status = u"available"_s;
        g.snapshotRetentionLimit = 5;
        g.snapshotWindow = snapshotWindow;
        g.automaticFailover = u"enabled"_s;
        g.clusterEnabled = false;
        g.cacheNodeType = u"cache.m6g.large"_s;
        g.atRestEncryptionEnabled = true;
        g.arn = arn(u"replicationgroup"_s, id);
        g.replicationGroupCreateTime = created;
        g.dataTiering = u"disabled"_s;
        g.engine = u"redis"_s;
        // A cluster mode disabled group's snapshot names its snapshotting cluster as well as the group.
        Snapshot t;
        t.replicationGroupId = id;
        t.replicationGroupDescription = g.description;
        t.cacheClusterId = u"demo-redis-rg-002"_s;
        t.numCacheNodes = 1;
        t.cacheClusterCreateTime = created;
        t.cacheNodeType = g.cacheNodeType;
        t.engine = u"redis"_s;
        t.engineVersion = u"7.1.0"_s;
        t.preferredMaintenanceWindow = maintenance;
        t.port = 6379;
        t.cacheParameterGroupName = u"default.redis7"_s;
        t.cacheSubnetGroupName = u"cachesnap-private"_s;
        t.vpcId = kDefaultVpc;
        t.autoMinorVersionUpgrade = true;
        t.snapshotRetentionLimit = 5;
        t.snapshotWindow = snapshotWindow;
        t.numNodeGroups = 1;
        t.automaticFailover = u"enabled"_s;
        t.dataTiering = u"disabled"_s;
        NodeGroup nodeGroup;
        nodeGroup.nodeGroupId = u"0001"_s;
        nodeGroup.status = u"available"_s;
        Endpoint primary;
        primary.address = u"master."_s + endpointHost(id);
        primary.port = 6379;
        nodeGroup.primaryEndpoint = primary;
        Endpoint reader = primary;
        reader.address = u"replica."_s + endpointHost(id);
        nodeGroup.readerEndpoint = reader;
        for (int member = 1; member <= 2; ++member) {
            CacheCluster c;
            c.cacheClusterId = u"%1-%2"_s.arg(id, pad(member, 3));
            c.cacheNodeType = g.cacheNodeType;
            c.engine = u"redis"_s;
            c.engineVersion = u"7.1.0"_s;
            c.cacheClusterStatus = u"available"_s;
            c.numCacheNodes = 1;
            c.preferredAvailabilityZone = az(member - 1);
            c.cacheClusterCreateTime = created;
            c.autoMinorVersionUpgrade = true;
            c.replicationGroupId = id;
            c.snapshotRetentionLimit = 5;
            c.snapshotWindow = snapshotWindow;
            c.atRestEncryptionEnabled = true;
            c.arn = arn(u"cluster"_s, c.cacheClusterId);
            completeCluster(c, u"redis7"_s);
            c.preferredMaintenanceWindow = maintenance;
            c.cacheParameterGroup->cacheParameterGroupName = u"default.redis7"_s;
            c.cacheSubnetGroupName = t.cacheSubnetGroupName;
            g.memberClusters.append(c.cacheClusterId);
            NodeGroupMember m;
            m.cacheClusterId = c.cacheClusterId;
            m.cacheNodeId = u"0001"_s;
            m.preferredAvailabilityZone = c.preferredAvailabilityZone;
            m.currentRole = member == 1 ? u"primary"_s : u"replica"_s;
            nodeGroup.nodeGroupMembers.append(m);
            Snapshot memberTemplate = t;
            memberTemplate.cacheClusterId = c.cacheClusterId;
            NodeSnapshot memberNode;
            memberNode.cacheClusterId = c.cacheClusterId;
            memberNode.nodeGroupId = u"0001"_s;
            memberNode.cacheNodeId = u"0001"_s;
            memberNode.cacheNodeCreateTime = created;
            memberNode.cacheSize = u"2310 MB"_s;
            memberTemplate.nodeSnapshots = {memberNode};
            m_state.addCacheCluster(c, memberTemplate);
        }
        g.nodeGroups.append(nodeGroup);
        g.snapshottingClusterId = u"demo-redis-rg-002"_s;
        NodeSnapshot node;
        node.cacheClusterId = g.snapshottingClusterId;
        node.nodeGroupId = u"0001"_s;
        node.cacheNodeId = u"0001"_s;
        node.cacheNodeCreateTime = created;
        node.cacheSize = u"2310 MB"_s;
        t.nodeSnapshots.append(node);
        completeGroup(g);
        m_state.addReplicationGroup(g, t);
        m_state.setTags(g.arn, {Tag {u"owner"_s, u"payments-team"_s}, Tag {u"cost-centre"_s, u"cc-3307"_s}});
        fixtureSnapshot(t, u"demo-redis-rg-manual"_s, m_anchor.addDays(-4), u"2310 MB"_s);
        m_state.setTags(arn(u"snapshot"_s, u"demo-redis-rg-manual"_s),
                        {Tag {u"keep"_s, u"true"_s}, Tag {u"cost-centre"_s, u"cc-3307"_s}});
    }

    // demo-multidb-001: a single-node Redis OSS cluster on the custom parameter group cachesnap-tuned (databases 16,
    // data in several databases), without automatic backups but with a recent manual snapshot, demo-multidb-manual,
    // which cannot be restored into cluster mode. Nothing drawn.
    void multiDatabaseFixture()
    {
        const QString id = u"demo-multidb-001"_s;
        const QDateTime created = m_anchor.addDays(-120);
        CacheCluster c;
        c.cacheClusterId = id;
        c.cacheNodeType = u"cache.r6g.large"_s;
        c.engine = u"redis"_s;
        c.engineVersion = u"7.1.0"_s;
        c.cacheClusterStatus = u"available"_s;
        c.numCacheNodes = 1;
        c.preferredAvailabilityZone = az(1);
        c.cacheClusterCreateTime = created;
        c.autoMinorVersionUpgrade = true;
        c.snapshotRetentionLimit = 0;
        c.snapshotWindow = u"06:30-07:30"_s;
        c.atRestEncryptionEnabled = false;
        c.arn = arn(u"cluster"_s, id);
        completeCluster(c, u"redis7"_s);
        c.cacheParameterGroup->cacheParameterGroupName = u"cachesnap-tuned"_s;
        c.preferredMaintenanceWindow = u"wed:02:00-wed:03:00"_s;
        Snapshot t;
        t.cacheClusterId = id;
        t.cacheNodeType = c.cacheNodeType;
        t.engine = c.engine;
        t.engineVersion = c.engineVersion;
        t.numCacheNodes = 1;
        t.preferredAvailabilityZone = c.preferredAvailabilityZone;
        t.cacheClusterCreateTime = created;
        t.preferredMaintenanceWindow = c.preferredMaintenanceWindow;
        t.port = 6379;
        t.cacheParameterGroupName = u"cachesnap-tuned"_s;
        t.cacheSubnetGroupName = c.cacheSubnetGroupName;
        t.vpcId = kDefaultVpc;
        t.autoMinorVersionUpgrade = true;
        t.snapshotRetentionLimit = 0;
        t.snapshotWindow = c.snapshotWindow;
        t.dataTiering = u"disabled"_s;
        NodeSnapshot node;
        node.cacheNodeId = u"0001"_s;
        node.cacheNodeCreateTime = created;
        node.cacheSize = u"845 MB"_s;
        t.nodeSnapshots.append(node);
        m_state.addCacheCluster(c, t);
        m_state.setTags(c.arn, {Tag {u"owner"_s, u"platform-team"_s}});
        fixtureSnapshot(t, u"demo-multidb-manual"_s, m_anchor.addDays(-3), u"845 MB"_s);
    }

    // Backup settings the "sources without backups" view and the tests rely on, set on the fixtures after they are
    // made (so nothing drawn changes): demo-busy-001, demo-legacy-t1 and demo-serverless-busy have no automatic
    // backups and no manual snapshot; demo-memcached has no backup settings at all (Memcached has no backups).
    void fixtureSettings()
    {
        for (const QString &id : {u"demo-busy-001"_s, u"demo-legacy-t1"_s}) {
            if (auto c = m_state.cacheCluster(id)) {
                c->snapshotRetentionLimit = 0;
                m_state.updateCacheCluster(*c);
            }
        }
        if (auto c = m_state.cacheCluster(u"demo-memcached"_s)) {
            c->snapshotRetentionLimit.reset();
            c->snapshotWindow = QString();
            m_state.updateCacheCluster(*c);
        }
        if (auto c = m_state.serverlessCache(u"demo-serverless-busy"_s)) {
            c->snapshotRetentionLimit = 0;
            m_state.updateServerlessCache(*c);
        }
        const auto tag = [&](const QString &type, const QString &name, const QList<Tag> &tags) {
            m_state.setTags(arn(type, name), tags);
        };
        tag(u"cluster"_s, u"demo-redis-001"_s,
            {Tag {u"owner"_s, u"platform-team"_s}, Tag {u"cost-centre"_s, u"cc-1042"_s}});
        tag(u"replicationgroup"_s, u"demo-valkey-rg"_s,
            {Tag {u"owner"_s, u"search-team"_s}, Tag {u"cost-centre"_s, u"cc-2201"_s}});
        tag(u"serverlesscache"_s, u"demo-serverless"_s, {Tag {u"owner"_s, u"web-team"_s}});
        tag(u"snapshot"_s, u"demo-before-upgrade"_s,
            {Tag {u"owner"_s, u"platform-team"_s}, Tag {u"keep"_s, u"true"_s}});
        tag(u"snapshot"_s, u"demo-valkey-rg-manual"_s, {Tag {u"keep"_s, u"true"_s}});
        tag(u"snapshot"_s, u"demo-tiered-manual"_s, {Tag {u"cost-centre"_s, u"cc-2201"_s}});
        tag(u"serverlesscachesnapshot"_s, u"demo-serverless-manual"_s, {Tag {u"owner"_s, u"web-team"_s}});
    }

    void fixtures()
    {
        const EngineChoice redis7 {u"redis"_s, u"7.1.0"_s, u"redis7"_s};
        const EngineChoice valkey8 {u"valkey"_s, u"8.0.1"_s, u"valkey8"_s};
        const EngineChoice memcached {u"memcached"_s, u"1.6.22"_s, u"memcached1.6"_s};

        m_fixtureRetention = 7; // it has an automatic snapshot, so automatic backups are on
        const Snapshot demo = standaloneCluster(u"demo-redis-001"_s, redis7, false, u"cache.t3.micro"_s);
        m_fixtureRetention = 0;
        if (m_budget > 0) {
            Snapshot s = demo;
            s.snapshotName = u"demo-before-upgrade"_s;
            s.snapshotSource = u"manual"_s;
            finish(s, m_anchor.addDays(-2));
        }
        if (m_budget > 0) {
            QDateTime at = m_anchor.addDays(-1);
            at.setTime(QTime(4, 12));
            Snapshot s = demo;
            s.snapshotName = u"automatic.demo-redis-001-%1"_s.arg(at.toString(u"yyyy-MM-dd-HH-mm"_s));
            s.snapshotSource = u"automated"_s;
            finish(s, at);
        }
        const Snapshot valkeyGroup = clusterModeGroup(u"demo-valkey-rg"_s, valkey8, 3, false, false);
        if (m_budget > 0) {
            Snapshot s = valkeyGroup;
            s.snapshotName = u"demo-valkey-rg-manual"_s;
            s.snapshotSource = u"manual"_s;
            finish(s, m_anchor.addDays(-3));
        }
        const Snapshot tiered = clusterModeGroup(u"demo-tiered-rg"_s, redis7, 2, true, false);
        if (m_budget > 0) {
            Snapshot s = tiered;
            s.snapshotName = u"demo-tiered-manual"_s;
            s.snapshotSource = u"manual"_s;
            finish(s, m_anchor.addDays(-5));
        }
        standaloneCluster(u"demo-busy-001"_s, redis7, false, u"cache.m6g.large"_s, u"modifying"_s);
        standaloneCluster(u"demo-legacy-t1"_s, EngineChoice {u"redis"_s, u"3.2.10"_s, u"redis3.2"_s}, false,
                          u"cache.t1.micro"_s);
        standaloneCluster(u"demo-memcached"_s, memcached, false, u"cache.m6g.large"_s);

        serverlessCache(u"demo-serverless-busy"_s, redis7, u"modifying"_s, false);
        const ServerlessCache memcachedServerless
            = serverlessCache(u"demo-memcached-serverless"_s, memcached, u"available"_s, false);
        addServerlessFixture(u"demo-memcached-serverless-manual"_s, memcachedServerless);
        const ServerlessCache demoServerless = serverlessCache(u"demo-serverless"_s, valkey8, u"available"_s, false);
        addServerlessFixture(u"demo-serverless-manual"_s, demoServerless);
        clusterModeDisabledFixture();
        multiDatabaseFixture();
        fixtureSettings();
        // The fixtures are documented as available; only generated snapshots may be caught mid-operation.
        m_manualNames.clear();
    }

    // One bucket for every state an export check reports. Drawn from nothing random, so the seeded snapshots stay
    // what they were for every seed.
    void buckets()
    {
        SandboxBuckets &buckets = m_state.buckets();
        const QString otherRegion = m_config.region == u"eu-west-1" ? u"us-west-2"_s : u"eu-west-1"_s;
        const auto bucket
            = [&](const QString &name, const QString &region, const QString &owner, const QString &ownership) {
                  SandboxBucket b;
                  b.name = name;
                  b.region = region;
                  b.ownerAccountId = owner;
                  b.created = m_anchor.addDays(-30);
                  b.ownership = ownership;
                  b.grants = b.ownerOnlyAcl();
                  b.stateOnly = true;
                  return b;
              };
        const auto withElastiCacheGrant = [](SandboxBucket b) {
            for (const QString &permission : {u"READ"_s, u"WRITE"_s, u"READ_ACP"_s})
                b.grants.append(
                    {SandboxGrant::Type::CanonicalUser, SandboxBuckets::elastiCacheCanonicalId(b.region), permission});
            return b;
        };
        const QString us = m_config.accountId;
        QList<SandboxBucket> list {
            withElastiCacheGrant(bucket(u"demo-exports-ready"_s, m_config.region, us, u"BucketOwnerPreferred"_s)),
            bucket(u"demo-exports-no-grant"_s, m_config.region, us, u"BucketOwnerPreferred"_s),
            bucket(u"demo-exports-new"_s, m_config.region, us, u"BucketOwnerEnforced"_s),
            withElastiCacheGrant(bucket(u"demo-exports-elsewhere"_s, otherRegion, us, u"BucketOwnerPreferred"_s)),
            withElastiCacheGrant(
                bucket(u"demo-exports-other-account"_s, m_config.region, u"210987654321"_s, u"BucketOwnerPreferred"_s)),
            withElastiCacheGrant(bucket(u"demo-exports-taken"_s, m_config.region, us, u"BucketOwnerPreferred"_s)),
        };
        SandboxBucket policy = bucket(u"demo-exports-policy"_s, m_config.region, us, u"BucketOwnerEnforced"_s);
        policy.policy
            = QString::fromUtf8(
                  R"({"Version":"2012-10-17","Statement":[{"Sid":"ElastiCacheExports",)"
                  R"("Effect":"Allow","Principal":{"Service":"%1.elasticache-snapshot.amazonaws.com"},)"
                  R"("Action":["s3:PutObject","s3:GetObject","s3:ListBucket","s3:GetBucketAcl",)"
                  R"("s3:ListMultipartUploadParts","s3:ListBucketMultipartUploads"],)"
                  R"("Resource":["arn:aws:s3:::demo-exports-policy","arn:aws:s3:::demo-exports-policy/*"]}]})")
                  .arg(m_config.region);
        list.append(policy);
        for (const SandboxBucket &b : std::as_const(list)) {
            QString error;
            if (!buckets.add(b, &error))
                qWarning("cachesnap-sandbox: cannot seed bucket %s: %s", qPrintable(b.name), qPrintable(error));
        }
        // An export of demo-valkey-rg-manual (3 shards) already went there.
        if (SandboxBucket *taken = buckets.find(u"demo-exports-taken"_s)) {
            static const qint64 sizes[] = {1288490189, 1203982336, 1347420160};
            for (int shard = 1; shard <= 3; ++shard) {
                const QString key = u"demo-valkey-rg-manual-%1.rdb"_s.arg(shard, 4, 10, QChar(u'0'));
                QString error;
                buckets.putObjectOfSize(*taken, key, QByteArray("REDIS0011\xff"), sizes[shard - 1], &error);
                taken->objects[key].lastModified = m_anchor.addDays(-3).addSecs(300 + shard * 40);
            }
        }
    }

    void addServerlessFixture(const QString &name, const ServerlessCache &cache)
    {
        ServerlessCacheSnapshot s;
        s.serverlessCacheSnapshotName = name;
        s.arn = arn(u"serverlesscachesnapshot"_s, name);
        s.kmsKeyId = cache.kmsKeyId;
        s.snapshotType = u"manual"_s;
        s.status = u"available"_s;
        s.createTime = m_anchor.addDays(-1);
        s.bytesUsedForCache = u"268435456"_s;
        s.serverlessCacheConfiguration
            = ServerlessCacheConfiguration {cache.serverlessCacheName, cache.engine, cache.majorEngineVersion};
        m_state.addServerlessSnapshot(s);
        if (m_serverlessBudget > 0)
            --m_serverlessBudget;
    }

    // A few generated manual snapshots are caught mid-operation and finish within a few create-durations.
    void midOperation()
    {
        const int count = std::min<int>(m_manualNames.size() / 25 + (m_manualNames.size() >= 6 ? 3 : 0), 40);
        static const QString statuses[] = {u"creating"_s, u"copying"_s, u"deleting"_s};
        for (int i = 0; i < count; ++i) {
            const QString name = m_manualNames.at(int(uniform(0, m_manualNames.size() - 1)));
            auto snapshot = m_state.snapshot(name);
            if (!snapshot || snapshot->snapshotStatus != u"available")
                continue;
            snapshot->snapshotStatus = statuses[i % 3];
            m_state.addSnapshot(*snapshot);
            m_state.scheduleSeededTransition(name, false, m_config.snapshotCreateSeconds * (1 + i % 4));
        }
        if (m_serverlessManualNames.size() >= 3) {
            const QString name = m_serverlessManualNames.at(int(uniform(0, m_serverlessManualNames.size() - 1)));
            if (auto snapshot = m_state.serverlessSnapshot(name)) {
                snapshot->status = u"creating"_s;
                m_state.addServerlessSnapshot(*snapshot);
                m_state.scheduleSeededTransition(name, true, m_config.snapshotCreateSeconds * 2);
            }
        }
    }

    SandboxState &m_state;
    const SandboxConfig m_config;
    std::mt19937_64 m_rng;
    QDateTime m_anchor;
    int m_budget = 0;
    int m_smallCaches = 0;
    int m_fixtureRetention = 0;
    int m_serverlessBudget = 0;
    QStringList m_manualNames;
    QStringList m_serverlessManualNames;
};

} // namespace

void seed(SandboxState &state)
{
    Seeder(state).run();
}

void seedCatalog(SandboxState &state)
{
    const SandboxConfig &config = state.config();
    const auto arn = [&](const QString &type, const QString &name) {
        return u"arn:aws:elasticache:%1:%2:%3:%4"_s.arg(config.region, config.accountId, type, name);
    };
    const auto subnetGroup
        = [&](const QString &name, const QString &description, QLatin1StringView vpc, QChar series, int subnets) {
              CacheSubnetGroup g;
              g.cacheSubnetGroupName = name;
              g.cacheSubnetGroupDescription = description;
              g.vpcId = vpc;
              for (int i = 1; i <= subnets; ++i) {
                  Subnet subnet;
                  subnet.subnetIdentifier = u"subnet-0e1a5c0de0000%1%2"_s.arg(series).arg(i, 3, 10, QChar(u'0'));
                  subnet.subnetAvailabilityZone = AvailabilityZone {config.region + QChar(u'a' + (i - 1) % 3)};
                  subnet.supportedNetworkTypes = QList<QString> {u"ipv4"_s};
                  g.subnets.append(subnet);
              }
              g.arn = arn(u"subnetgroup"_s, name);
              g.supportedNetworkTypes = QList<QString> {u"ipv4"_s};
              state.addSubnetGroup(g);
          };
    subnetGroup(u"default"_s, u"Default CacheSubnetGroup"_s, kDefaultVpc, u'a', 3);
    subnetGroup(u"cachesnap-private"_s, u"Private subnets for CacheSnap's caches"_s, kDefaultVpc, u'b', 3);
    subnetGroup(u"cachesnap-other-vpc"_s, u"Subnets in the second VPC"_s, kOtherVpc, u'c', 2);

    const auto parameterGroup
        = [&](const QString &name, const QString &family, const QString &description, int databases) {
              CacheParameterGroup g;
              g.cacheParameterGroupName = name;
              g.cacheParameterGroupFamily = family;
              g.description = description;
              g.isGlobal = false;
              g.arn = arn(u"parametergroup"_s, name);
              state.addParameterGroup(g, databases);
          };
    parameterGroup(u"default.memcached1.6"_s, u"memcached1.6"_s, u"Default parameter group for memcached1.6"_s, 1);
    for (const QString &family : {u"redis3.2"_s, u"redis6.x"_s, u"redis7"_s, u"valkey7"_s, u"valkey8"_s}) {
        parameterGroup(u"default."_s + family, family, u"Default parameter group for "_s + family, 1);
        parameterGroup(u"default.%1.cluster.on"_s.arg(family), family,
                       u"Customized default parameter group for %1 with cluster mode on"_s.arg(family), 1);
    }
    parameterGroup(u"cachesnap-tuned"_s, u"redis7"_s,
                   u"CacheSnap tuned Redis OSS 7 (databases 16, data in several databases)"_s, 16);
}

} // namespace SandboxSeeder
