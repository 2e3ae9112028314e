// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "restoreplan.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace RestorePlan {

namespace {

constexpr int kMaxReplicas = 5;
constexpr int kDefaultNodeQuota = 90;
constexpr int kHashSlots = 16384;

SnapshotNames::Verdict fail(const QString &reason)
{
    return SnapshotNames::Verdict {false, reason};
}

// The identifier rules of ElastiCache's resources (letters, digits and hyphens; a letter first; no "--", no
// trailing hyphen), with the resource's own maximum.
SnapshotNames::Verdict checkIdentifier(const QString &name, int maxLength)
{
    if (name.isEmpty())
        return fail(u"Enter a name."_s);
    if (name.size() > maxLength)
        return fail(u"A name can have at most %1 characters (this one has %2)."_s.arg(maxLength).arg(name.size()));
    const auto letter = [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
    };
    if (!letter(name.front()))
        return fail(u"A name must start with a letter."_s);
    for (QChar c : name) {
        if (!letter(c) && !(c >= u'0' && c <= u'9') && c != u'-')
            return fail(u"Only letters, digits and hyphens are allowed (not \u201c%1\u201d)."_s.arg(c));
    }
    if (name.contains(u"--"))
        return fail(u"A name cannot contain two hyphens in a row."_s);
    if (name.endsWith(u'-'))
        return fail(u"A name cannot end with a hyphen."_s);
    return {};
}

QString kindWords(Target target)
{
    switch (target) {
    case Target::ReplicationGroup:
        return u"replication group"_s;
    case Target::CacheCluster:
        return u"cluster"_s;
    case Target::ServerlessCache:
        return u"serverless cache"_s;
    }
    return QString();
}

bool isNodeBased(Target target)
{
    return target != Target::ServerlessCache;
}

// The shard and node limit the service can be raised to: 500 from Redis OSS 5.0.6 (and every Valkey), 250 before.
int raisedNodeLimit(const Choice &choice)
{
    if (choice.engine == u"redis" && !choice.engineVersion.isEmpty()
        && compareVersions(choice.engineVersion, u"5.0.6"_s) < 0)
        return 250;
    return 500;
}

int objectCount(const Source &source)
{
    return int(source.objectArns.size());
}

} // namespace

Source fromSnapshot(const Snapshot &snapshot)
{
    Source s;
    s.origin = Origin::NodeSnapshot;
    s.snapshotName = snapshot.snapshotName;
    s.snapshotArn = snapshot.arn;
    s.status = snapshot.snapshotStatus;
    s.engine = snapshot.engine;
    s.engineVersion = snapshot.engineVersion;
    s.nodeType = snapshot.cacheNodeType;
    s.fromReplicationGroup = !snapshot.replicationGroupId.isEmpty();
    s.shards = std::max(1, snapshot.numNodeGroups.value_or(1));
    // A snapshot of a cluster-mode-enabled group: its parameter group is a cluster-mode one, it has several shards,
    // or it was taken of the group as a whole (no CacheClusterId; a cluster-mode-disabled group's snapshot names the
    // node it was taken from).
    s.clusterMode = parameterGroupClusterMode(snapshot.cacheParameterGroupName).value_or(false) || s.shards > 1
        || (s.fromReplicationGroup && snapshot.cacheClusterId.isEmpty());
    for (const NodeSnapshot &node : snapshot.nodeSnapshots) {
        if (node.nodeGroupConfiguration && node.nodeGroupConfiguration->replicaCount) {
            s.replicas = node.nodeGroupConfiguration->replicaCount;
            break;
        }
    }
    s.dataTiering = snapshot.dataTiering == u"enabled" || isDataTieringNodeType(snapshot.cacheNodeType);
    s.port = snapshot.port;
    s.parameterGroup = snapshot.cacheParameterGroupName;
    s.subnetGroup = snapshot.cacheSubnetGroupName;
    s.vpcId = snapshot.vpcId;
    return s;
}

Source fromServerlessSnapshot(const ServerlessCacheSnapshot &snapshot)
{
    Source s;
    s.origin = Origin::ServerlessSnapshot;
    s.snapshotName = snapshot.serverlessCacheSnapshotName;
    s.snapshotArn = snapshot.arn;
    s.status = snapshot.status;
    if (snapshot.serverlessCacheConfiguration) {
        s.engine = snapshot.serverlessCacheConfiguration->engine;
        s.engineVersion = snapshot.serverlessCacheConfiguration->majorEngineVersion;
    }
    return s;
}

Source fromObjects(const QStringList &objectArns, const QString &engine)
{
    Source s;
    s.origin = Origin::S3Objects;
    s.objectArns = objectArns;
    s.engine = engine;
    return s;
}

QList<Target> targetsFor(Origin origin)
{
    switch (origin) {
    case Origin::NodeSnapshot:
        return {Target::ReplicationGroup, Target::CacheCluster};
    case Origin::ServerlessSnapshot:
        return {Target::ServerlessCache};
    case Origin::S3Objects:
        return {Target::ReplicationGroup, Target::CacheCluster, Target::ServerlessCache};
    }
    return {};
}

QString targetRefusal(const Source &source, Target target)
{
    if (!targetsFor(source.origin).contains(target)) {
        return source.origin == Origin::ServerlessSnapshot
            ? u"A serverless snapshot restores into a new serverless cache."_s
            : u"A node-based snapshot restores into a replication group or a single-node cluster."_s;
    }
    if (target == Target::CacheCluster) {
        if (source.clusterMode)
            return u"The snapshot is of a cluster-mode-enabled group. A single-node cluster has cluster mode "
                   "disabled, and a restore can turn cluster mode on but never off."_s;
        if (source.dataTiering)
            return u"The snapshot was taken with data tiering, which only replication groups of r6gd nodes have."_s;
        if (source.origin == Origin::S3Objects && objectCount(source) > 1)
            return u"A single-node cluster is seeded from one .rdb object; %1 are chosen."_s.arg(objectCount(source));
    }
    return QString();
}

Target defaultTarget(const Source &source)
{
    if (source.origin == Origin::ServerlessSnapshot)
        return Target::ServerlessCache;
    if (source.origin == Origin::NodeSnapshot && !source.fromReplicationGroup && !source.clusterMode
        && !source.dataTiering)
        return Target::CacheCluster;
    return Target::ReplicationGroup;
}

Choice defaults(const Source &source, Target target, const QSet<QString> &existingNames)
{
    Choice c;
    c.target = target;
    QString base = source.snapshotName;
    if (source.origin == Origin::S3Objects) {
        const QString key = bucketAndKey(source.objectArns.value(0)).second;
        base = key.section(u'/', -1);
        if (base.endsWith(u".rdb"_s, Qt::CaseInsensitive))
            base.chop(4);
        // "<prefix>-0001.rdb", as an export names its objects: the prefix names the data.
        static const QRegularExpression shardSuffix(u"-\\d{4}$"_s);
        base.remove(shardSuffix);
    }
    if (base.startsWith(u"automatic."_s))
        base = base.mid(10);
    const int max = maxNameLength(target);
    if (base.isEmpty())
        base = u"cache"_s;
    c.name = SnapshotNames::derivedName(base, u"restored"_s, max);
    for (int n = 2; existingNames.contains(c.name.toLower()) && n < 1000; ++n)
        c.name = SnapshotNames::derivedName(base, u"restored-%1"_s.arg(n), max);

    c.description = source.origin == Origin::S3Objects
        ? (objectCount(source) == 1 ? u"Restored from %1"_s.arg(source.objectArns.constFirst())
                                    : u"Restored from %1 .rdb objects in S3"_s.arg(objectCount(source)))
        : u"Restored from snapshot %1"_s.arg(source.snapshotName);
    if (c.description.size() > 255)
        c.description = c.description.left(254) + QChar(0x2026);

    c.engine = source.engine.isEmpty() ? u"redis"_s : source.engine;
    c.engineVersion = source.engineVersion;
    if (!isNodeBased(target))
        return c;

    c.nodeType = source.nodeType;
    if (c.nodeType.isEmpty())
        c.nodeType = u"cache.r7g.large"_s;
    c.port = source.port;
    c.subnetGroup = source.subnetGroup;
    if (target == Target::CacheCluster) {
        c.clusterMode = false;
        c.shards = 1;
        c.replicas = 0;
        if (groupClusterMode(source, source.parameterGroup) != std::optional<bool>(true))
            c.parameterGroup = source.parameterGroup;
        return c;
    }
    c.clusterMode = source.clusterMode || (source.origin == Origin::S3Objects && objectCount(source) > 1);
    c.shards
        = c.clusterMode ? std::max(source.shards, source.origin == Origin::S3Objects ? objectCount(source) : 1) : 1;
    c.replicas = std::clamp(source.replicas.value_or(source.fromReplicationGroup ? 1 : 0), 0, kMaxReplicas);
    c.parameterGroup = source.parameterGroup;
    return c;
}

QString clusterModeRefusal(const Source &source, const Choice &choice, bool enable)
{
    if (choice.target == Target::CacheCluster)
        return enable ? u"A single-node cluster has cluster mode disabled; restore into a replication group for "
                        "cluster mode."_s
                      : QString();
    if (choice.target == Target::ServerlessCache)
        return u"A serverless cache has no cluster mode setting."_s;
    if (!enable && source.clusterMode)
        return u"The snapshot is of a cluster-mode-enabled group: a restore can turn cluster mode on, never off."_s;
    if (!enable && source.origin == Origin::S3Objects && objectCount(source) > 1)
        return u"Several .rdb objects restore into one cluster-mode-enabled group; without cluster mode a group "
               "is seeded from one object."_s;
    if (enable && source.databases == Databases::Several)
        return u"The data uses databases other than 0, and cluster mode has only database 0: the restore would "
               "fail."_s;
    return QString();
}

QList<Issue> check(const Source &source, const Choice &choice, const QSet<QString> &existingNames)
{
    QList<Issue> issues;
    const auto refuse = [&issues](Input field, const QString &text) {
        issues.append({field, text, true});
    };
    const auto note = [&issues](Input field, const QString &text) {
        issues.append({field, text, false});
    };
    const bool nodeBased = isNodeBased(choice.target);
    const bool group = choice.target == Target::ReplicationGroup;

    if (const QString why = targetRefusal(source, choice.target); !why.isEmpty())
        refuse(Input::Target, why);
    if (source.origin != Origin::S3Objects && !source.status.isEmpty() && source.status != u"available")
        refuse(Input::Target,
               u"The snapshot is %1: a snapshot can be restored once it is available."_s.arg(source.status));

    if (source.origin == Origin::S3Objects) {
        if (source.objectArns.isEmpty())
            refuse(Input::Objects, u"Choose at least one .rdb object."_s);
        QSet<QString> seen;
        for (const QString &arn : source.objectArns) {
            if (const SnapshotNames::Verdict v = checkObjectArn(arn); !v.ok) {
                refuse(Input::Objects, v.reason);
                break;
            }
            if (seen.contains(arn)) {
                refuse(Input::Objects, u"%1 is chosen twice."_s.arg(arn));
                break;
            }
            seen.insert(arn);
        }
    }

    if (const SnapshotNames::Verdict v = checkName(choice.target, choice.name); !v.ok)
        refuse(Input::Name, v.reason);
    else if (existingNames.contains(choice.name.toLower()))
        refuse(Input::Name, u"A %1 named %2 exists already."_s.arg(kindWords(choice.target), choice.name.toLower()));

    if (group && choice.description.trimmed().isEmpty())
        refuse(Input::Description, u"Enter a description: a replication group needs one."_s);
    if (choice.target == Target::ServerlessCache && choice.description.size() > 255)
        refuse(Input::Description,
               u"A description has at most 255 characters (this one has %1)."_s.arg(choice.description.size()));

    const QStringList engines
        = nodeBased ? QStringList {u"valkey"_s, u"redis"_s} : QStringList {u"valkey"_s, u"redis"_s, u"memcached"_s};
    if (!engines.contains(choice.engine))
        refuse(Input::Engine,
               nodeBased ? u"A node-based cache restores Valkey or Redis OSS data."_s
                         : u"A serverless cache runs Valkey, Redis OSS or Memcached."_s);

    if (!choice.engineVersion.isEmpty() && !source.engineVersion.isEmpty() && choice.engine == source.engine
        && compareVersions(choice.engineVersion, source.engineVersion) < 0)
        refuse(Input::EngineVersion,
               u"%1 %2 is older than the snapshot's %3: data restores into the same version or a newer one."_s.arg(
                   engineName(choice.engine), choice.engineVersion, source.engineVersion));
    if (group && choice.clusterMode && choice.engine == u"redis" && !choice.engineVersion.isEmpty()
        && compareVersions(choice.engineVersion, u"3.2.4"_s) < 0)
        refuse(Input::EngineVersion, u"Cluster mode needs Redis OSS 3.2.4 or later."_s);

    if (nodeBased) {
        static const QRegularExpression nodeTypePattern(u"^cache\\.[a-z][a-z0-9-]*\\.[a-z0-9]+$"_s);
        if (choice.nodeType.isEmpty())
            refuse(Input::NodeType, u"Choose a node type."_s);
        else if (!nodeTypePattern.match(choice.nodeType).hasMatch())
            refuse(Input::NodeType, u"Node types are named like cache.r7g.large."_s);
        else if (source.dataTiering && !isDataTieringNodeType(choice.nodeType))
            refuse(Input::NodeType,
                   u"The snapshot was taken with data tiering: it restores only onto r6gd nodes "
                   "(cache.r6gd.*)."_s);
        else if (choice.target == Target::CacheCluster && isDataTieringNodeType(choice.nodeType))
            refuse(Input::NodeType, u"Data tiering (r6gd nodes) is only for replication groups."_s);
        else if (choice.nodeType == u"cache.t1.micro" && !choice.clusterMode)
            refuse(Input::NodeType, u"cache.t1.micro has no backup and restore without cluster mode."_s);
    }

    if (group) {
        if (const QString why = clusterModeRefusal(source, choice, choice.clusterMode); !why.isEmpty())
            refuse(Input::ClusterMode, why);
        else if (choice.clusterMode && !source.clusterMode && source.databases == Databases::Unknown)
            note(Input::ClusterMode,
                 u"Cluster mode has only database 0: if the data uses other databases (SELECT 1 and up), the "
                 "service fails the restore."_s);
    } else if (choice.clusterMode) {
        refuse(Input::ClusterMode, clusterModeRefusal(source, choice, true));
    }

    if (nodeBased) {
        const int limit = raisedNodeLimit(choice);
        if (!choice.clusterMode && choice.shards != 1)
            refuse(Input::Shards, u"Without cluster mode a group has one shard."_s);
        else if (choice.shards < 1 || choice.shards > limit)
            refuse(Input::Shards, u"A cluster-mode-enabled group has 1 to %1 shards."_s.arg(limit));

        if (choice.target == Target::CacheCluster && choice.replicas != 0)
            refuse(Input::Replicas, u"A single-node cluster has no replicas."_s);
        else if (choice.replicas < 0 || choice.replicas > kMaxReplicas)
            refuse(Input::Replicas, u"A shard has 0 to %1 replicas."_s.arg(kMaxReplicas));
        else if (choice.shards >= 1 && choice.shards <= limit) {
            const int nodes = choice.shards * (1 + choice.replicas);
            if (nodes > limit)
                refuse(Input::Replicas,
                       u"%1 shards with %2 replicas each are %3 nodes; a cluster has at most %4."_s.arg(choice.shards)
                           .arg(choice.replicas)
                           .arg(nodes)
                           .arg(limit));
            else if (nodes > kDefaultNodeQuota)
                note(Input::Replicas,
                     u"%1 nodes is more than the default quota of %2 nodes per cluster: the account needs a raised "
                     "quota."_s.arg(nodes)
                         .arg(kDefaultNodeQuota));
        }

        if (choice.port && (*choice.port < 1 || *choice.port > 65535))
            refuse(Input::Port, u"A port is a number from 1 to 65535."_s);

        if (!choice.parameterGroup.isEmpty()) {
            const std::optional<bool> groupMode = groupClusterMode(source, choice.parameterGroup);
            const QString family = !choice.engineFamily.isEmpty() ? choice.engineFamily
                : !choice.parameterGroupFamily.isEmpty()          ? choice.parameterGroupFamily
                                                         : parameterGroupFamily(choice.engine, choice.engineVersion);
            // The snapshot's own custom group: its cache's cluster mode says what its cluster-enabled is.
            const QString whose = parameterGroupClusterMode(choice.parameterGroup)
                ? QString()
                : u" (the group of the snapshot's cache)"_s;
            if (!choice.parameterGroupFamily.isEmpty() && !choice.engineFamily.isEmpty()
                && choice.parameterGroupFamily != choice.engineFamily)
                refuse(Input::ParameterGroup,
                       u"%1 is a group for %2; %3 %4 needs one for %5."_s.arg(
                           choice.parameterGroup, choice.parameterGroupFamily, engineName(choice.engine),
                           choice.engineVersion, choice.engineFamily));
            else if (groupMode && *groupMode != choice.clusterMode)
                refuse(Input::ParameterGroup,
                       choice.clusterMode
                           ? u"%1%2 has cluster mode off; cluster mode needs a group with cluster-enabled set to yes, "
                             "such as %3."_s.arg(choice.parameterGroup, whose, defaultParameterGroup(family, true))
                           : u"%1%2 has cluster mode on; without cluster mode choose a group with cluster-enabled set "
                             "to no, such as %3."_s.arg(choice.parameterGroup, whose,
                                                        defaultParameterGroup(family, false)));
        }
    }

    static const QRegularExpression securityGroupId(u"^sg-[0-9a-f]{8}([0-9a-f]{9})?$"_s);
    for (const QString &id : choice.securityGroupIds) {
        if (!securityGroupId.match(id).hasMatch()) {
            refuse(Input::SecurityGroups,
                   u"%1 is not a security group ID (sg- and 8 or 17 hexadecimal digits)."_s.arg(id));
            break;
        }
    }

    // In the fields' order, refusals before notes within a field.
    std::stable_sort(issues.begin(), issues.end(), [](const Issue &a, const Issue &b) {
        return a.field != b.field ? int(a.field) < int(b.field) : a.refusal > b.refusal;
    });
    return issues;
}

bool allows(const QList<Issue> &issues)
{
    return std::none_of(issues.cbegin(), issues.cend(), [](const Issue &issue) { return issue.refusal; });
}

SnapshotNames::Verdict checkReplicationGroupId(const QString &id)
{
    return checkIdentifier(id, 40);
}

SnapshotNames::Verdict checkCacheClusterId(const QString &id)
{
    return checkIdentifier(id, 50);
}

SnapshotNames::Verdict checkServerlessCacheName(const QString &name)
{
    return checkIdentifier(name, 40);
}

SnapshotNames::Verdict checkName(Target target, const QString &name)
{
    switch (target) {
    case Target::ReplicationGroup:
        return checkReplicationGroupId(name);
    case Target::CacheCluster:
        return checkCacheClusterId(name);
    case Target::ServerlessCache:
        return checkServerlessCacheName(name);
    }
    return {};
}

int maxNameLength(Target target)
{
    return target == Target::CacheCluster ? 50 : 40;
}

std::pair<QString, QString> bucketAndKey(const QString &arn)
{
    static const QRegularExpression pattern(u"^arn:(aws|aws-cn|aws-us-gov):s3:::([^/]+)/(.+)$"_s);
    const QRegularExpressionMatch match = pattern.match(arn);
    if (!match.hasMatch())
        return {};
    return {match.captured(2), match.captured(3)};
}

QString objectArn(const QString &bucket, const QString &key, const QString &partition)
{
    return u"arn:%1:s3:::%2/%3"_s.arg(partition, bucket, key);
}

SnapshotNames::Verdict checkObjectArn(const QString &arn)
{
    if (arn.isEmpty())
        return fail(u"Enter the ARN of an .rdb object."_s);
    const auto [bucket, key] = bucketAndKey(arn);
    if (bucket.isEmpty())
        return fail(u"%1 is not an S3 object ARN (arn:aws:s3:::bucket/key.rdb)."_s.arg(arn));
    if (const SnapshotNames::Verdict v = SnapshotNames::checkBucketName(bucket); !v.ok)
        return fail(u"%1: %2"_s.arg(arn, v.reason));
    if (key.contains(u','))
        return fail(u"%1: the object's name cannot contain a comma."_s.arg(arn));
    for (QChar c : key) {
        if (c.category() == QChar::Other_Control)
            return fail(u"%1: the object's name cannot contain control characters."_s.arg(arn));
    }
    if (key.toUtf8().size() > 1024)
        return fail(u"%1: an object's name has at most 1024 bytes."_s.arg(arn.left(80) + QChar(0x2026)));
    if (!key.endsWith(u".rdb"_s, Qt::CaseInsensitive))
        return fail(u"%1 is not an .rdb object: ElastiCache restores Valkey and Redis OSS RDB files."_s.arg(arn));
    return {};
}

bool isDataTieringNodeType(const QString &nodeType)
{
    return nodeType.startsWith(u"cache.r6gd."_s);
}

QString engineName(const QString &engine)
{
    if (engine == u"redis")
        return u"Redis OSS"_s;
    if (engine == u"valkey")
        return u"Valkey"_s;
    if (engine == u"memcached")
        return u"Memcached"_s;
    return engine;
}

int compareVersions(const QString &a, const QString &b)
{
    const QStringList left = a.split(u'.');
    const QStringList right = b.split(u'.');
    for (qsizetype i = 0; i < std::max(left.size(), right.size()); ++i) {
        const int l = left.value(i).toInt();
        const int r = right.value(i).toInt();
        if (l != r)
            return l < r ? -1 : 1;
    }
    return 0;
}

QString parameterGroupFamily(const QString &engine, const QString &version)
{
    const QStringList parts = version.split(u'.');
    const int major = parts.value(0).toInt();
    const QString minor = parts.value(1, u"0"_s);
    if (engine == u"valkey")
        return u"valkey%1"_s.arg(major);
    if (engine == u"memcached")
        return u"memcached%1.%2"_s.arg(major).arg(minor);
    if (engine != u"redis" || version.isEmpty())
        return QString();
    if (major >= 7)
        return u"redis%1"_s.arg(major);
    if (major == 6)
        return u"redis6.x"_s;
    return u"redis%1.%2"_s.arg(major).arg(minor);
}

QString defaultParameterGroup(const QString &family, bool clusterMode)
{
    if (family.isEmpty())
        return QString();
    return u"default."_s + family + (clusterMode ? u".cluster.on"_s : QString());
}

std::optional<bool> groupClusterMode(const Source &source, const QString &name)
{
    if (const std::optional<bool> known = parameterGroupClusterMode(name))
        return known;
    if (source.origin == Origin::NodeSnapshot && !name.isEmpty()
        && name.compare(source.parameterGroup, Qt::CaseInsensitive) == 0)
        return source.clusterMode;
    return std::nullopt;
}

std::optional<bool> parameterGroupClusterMode(const QString &name)
{
    if (!name.startsWith(u"default."_s))
        return std::nullopt;
    return name.endsWith(u".cluster.on"_s);
}

QStringList slotRanges(int shards)
{
    QStringList ranges;
    for (int shard = 0; shard < shards; ++shard)
        ranges << u"%1-%2"_s.arg(qint64(shard) * kHashSlots / shards).arg(qint64(shard + 1) * kHashSlots / shards - 1);
    return ranges;
}

QStringList knownNodeTypes()
{
    // From the CacheNodeType documentation of botocore's model (current generation), smallest first per family.
    static const QStringList types = [] {
        QStringList list;
        const auto add = [&list](const QString &family, const QStringList &sizes) {
            for (const QString &size : sizes)
                list << u"cache."_s + family + u'.' + size;
        };
        const QStringList large
            = {u"large"_s, u"xlarge"_s, u"2xlarge"_s, u"4xlarge"_s, u"8xlarge"_s, u"12xlarge"_s, u"16xlarge"_s};
        add(u"r7g"_s, large);
        add(u"m7g"_s, large);
        add(u"r6g"_s, large);
        add(u"m6g"_s, large);
        add(u"r6gd"_s, {u"xlarge"_s, u"2xlarge"_s, u"4xlarge"_s, u"8xlarge"_s, u"12xlarge"_s, u"16xlarge"_s});
        add(u"t4g"_s, {u"micro"_s, u"small"_s, u"medium"_s});
        add(u"t3"_s, {u"micro"_s, u"small"_s, u"medium"_s});
        add(u"r5"_s, {u"large"_s, u"xlarge"_s, u"2xlarge"_s, u"4xlarge"_s, u"12xlarge"_s, u"24xlarge"_s});
        add(u"m5"_s, {u"large"_s, u"xlarge"_s, u"2xlarge"_s, u"4xlarge"_s, u"12xlarge"_s, u"24xlarge"_s});
        return list;
    }();
    return types;
}

QString restoredFrom(const Source &source)
{
    return source.origin == Origin::S3Objects ? source.objectArns.join(u", "_s) : source.snapshotName;
}

CreateReplicationGroupRequest replicationGroupRequest(const Source &source, const Choice &choice)
{
    CreateReplicationGroupRequest r;
    r.replicationGroupId = choice.name.toLower();
    r.replicationGroupDescription = choice.description.trimmed();
    r.engine = choice.engine;
    r.engineVersion = choice.engineVersion;
    r.cacheNodeType = choice.nodeType;
    r.cacheParameterGroupName = choice.parameterGroup;
    r.cacheSubnetGroupName = choice.subnetGroup;
    r.securityGroupIds = choice.securityGroupIds;
    r.port = choice.port;
    if (source.origin == Origin::S3Objects) {
        r.snapshotArns = source.objectArns;
    } else {
        r.snapshotName = source.snapshotName;
    }
    r.clusterMode = choice.clusterMode ? u"enabled"_s : u"disabled"_s;
    if (choice.clusterMode) {
        // AutomaticFailoverEnabled must be on for cluster mode; seeding from .rdb objects needs each shard's slots.
        r.automaticFailoverEnabled = true;
        r.numNodeGroups = choice.shards;
        r.replicasPerNodeGroup = choice.replicas;
        if (source.origin == Origin::S3Objects) {
            for (const QString &slots : slotRanges(choice.shards)) {
                NodeGroupConfiguration shard;
                shard.slots = slots;
                shard.replicaCount = choice.replicas;
                r.nodeGroupConfiguration.append(shard);
            }
        }
    } else {
        r.numCacheClusters = 1 + choice.replicas;
        // Automatic failover needs a replica to fail over to.
        r.automaticFailoverEnabled = choice.replicas > 0;
    }
    if (isDataTieringNodeType(choice.nodeType))
        r.dataTieringEnabled = true; // required with r6gd nodes
    return r;
}

CreateCacheClusterRequest cacheClusterRequest(const Source &source, const Choice &choice)
{
    CreateCacheClusterRequest r;
    r.cacheClusterId = choice.name.toLower();
    r.engine = choice.engine;
    r.engineVersion = choice.engineVersion;
    r.cacheNodeType = choice.nodeType;
    r.numCacheNodes = 1;
    r.cacheParameterGroupName = choice.parameterGroup;
    r.cacheSubnetGroupName = choice.subnetGroup;
    r.securityGroupIds = choice.securityGroupIds;
    r.port = choice.port;
    if (source.origin == Origin::S3Objects) {
        r.snapshotArns = source.objectArns;
    } else {
        r.snapshotName = source.snapshotName;
    }
    return r;
}

CreateServerlessCacheRequest serverlessCacheRequest(const Source &source, const Choice &choice)
{
    CreateServerlessCacheRequest r;
    r.serverlessCacheName = choice.name.toLower();
    r.description = choice.description;
    r.engine = choice.engine;
    r.majorEngineVersion = choice.engineVersion.section(u'.', 0, 0);
    r.securityGroupIds = choice.securityGroupIds;
    r.subnetIds = choice.subnetIds;
    if (source.origin == Origin::S3Objects) {
        r.snapshotArnsToRestore = source.objectArns;
    } else {
        r.snapshotArnsToRestore.append(source.snapshotArn);
    }
    return r;
}

} // namespace RestorePlan
