// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// SandboxState's JSON form: snapshots through the core's lossless JsonOutput conversion, the sources and the
// pending transitions (with their due times) in the sandbox's own small schema.
#include "sandboxstate.h"

#include "jsonoutput.h"

#include <QJsonArray>

namespace {

constexpr int kFormatVersion = 1;

QJsonValue time(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QDateTime readTime(const QJsonObject &o, QLatin1StringView key)
{
    const QString text = o.value(key).toString();
    if (text.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    return t.toUTC();
}

void putInt(QJsonObject &o, QLatin1StringView key, const std::optional<int> &v)
{
    if (v)
        o.insert(key, *v);
}

void putBool(QJsonObject &o, QLatin1StringView key, const std::optional<bool> &v)
{
    if (v)
        o.insert(key, *v);
}

void putText(QJsonObject &o, QLatin1StringView key, const QString &v)
{
    if (!v.isNull())
        o.insert(key, v);
}

QString readText(const QJsonObject &o, QLatin1StringView key)
{
    const QJsonValue v = o.value(key);
    return v.isString() ? v.toString() : QString();
}

std::optional<int> readInt(const QJsonObject &o, QLatin1StringView key)
{
    const QJsonValue v = o.value(key);
    return v.isDouble() ? std::optional<int>(v.toInt()) : std::nullopt;
}

std::optional<bool> readBool(const QJsonObject &o, QLatin1StringView key)
{
    const QJsonValue v = o.value(key);
    return v.isBool() ? std::optional<bool>(v.toBool()) : std::nullopt;
}

QJsonArray strings(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QStringList readStrings(const QJsonObject &o, QLatin1StringView key)
{
    QStringList list;
    for (const QJsonValue &v : o.value(key).toArray())
        list.append(v.toString());
    return list;
}

QJsonObject clusterToJson(const CacheCluster &c)
{
    QJsonObject o;
    putText(o, QLatin1StringView("CacheClusterId"), c.cacheClusterId);
    putText(o, QLatin1StringView("CacheNodeType"), c.cacheNodeType);
    putText(o, QLatin1StringView("Engine"), c.engine);
    putText(o, QLatin1StringView("EngineVersion"), c.engineVersion);
    putText(o, QLatin1StringView("CacheClusterStatus"), c.cacheClusterStatus);
    putInt(o, QLatin1StringView("NumCacheNodes"), c.numCacheNodes);
    putText(o, QLatin1StringView("PreferredAvailabilityZone"), c.preferredAvailabilityZone);
    o.insert(QLatin1StringView("CacheClusterCreateTime"), time(c.cacheClusterCreateTime));
    putBool(o, QLatin1StringView("AutoMinorVersionUpgrade"), c.autoMinorVersionUpgrade);
    putText(o, QLatin1StringView("ReplicationGroupId"), c.replicationGroupId);
    putInt(o, QLatin1StringView("SnapshotRetentionLimit"), c.snapshotRetentionLimit);
    putText(o, QLatin1StringView("SnapshotWindow"), c.snapshotWindow);
    putBool(o, QLatin1StringView("AtRestEncryptionEnabled"), c.atRestEncryptionEnabled);
    putText(o, QLatin1StringView("ARN"), c.arn);
    return o;
}

CacheCluster clusterFromJson(const QJsonObject &o)
{
    CacheCluster c;
    c.cacheClusterId = readText(o, QLatin1StringView("CacheClusterId"));
    c.cacheNodeType = readText(o, QLatin1StringView("CacheNodeType"));
    c.engine = readText(o, QLatin1StringView("Engine"));
    c.engineVersion = readText(o, QLatin1StringView("EngineVersion"));
    c.cacheClusterStatus = readText(o, QLatin1StringView("CacheClusterStatus"));
    c.numCacheNodes = readInt(o, QLatin1StringView("NumCacheNodes"));
    c.preferredAvailabilityZone = readText(o, QLatin1StringView("PreferredAvailabilityZone"));
    c.cacheClusterCreateTime = readTime(o, QLatin1StringView("CacheClusterCreateTime"));
    c.autoMinorVersionUpgrade = readBool(o, QLatin1StringView("AutoMinorVersionUpgrade"));
    c.replicationGroupId = readText(o, QLatin1StringView("ReplicationGroupId"));
    c.snapshotRetentionLimit = readInt(o, QLatin1StringView("SnapshotRetentionLimit"));
    c.snapshotWindow = readText(o, QLatin1StringView("SnapshotWindow"));
    c.atRestEncryptionEnabled = readBool(o, QLatin1StringView("AtRestEncryptionEnabled"));
    c.arn = readText(o, QLatin1StringView("ARN"));
    return c;
}

QJsonObject groupToJson(const ReplicationGroup &g)
{
    QJsonObject o;
    putText(o, QLatin1StringView("ReplicationGroupId"), g.replicationGroupId);
    putText(o, QLatin1StringView("Description"), g.description);
    putText(o, QLatin1StringView("Status"), g.status);
    o.insert(QLatin1StringView("MemberClusters"), strings(g.memberClusters));
    QJsonArray nodeGroups;
    for (const NodeGroup &n : g.nodeGroups) {
        QJsonObject node;
        putText(node, QLatin1StringView("NodeGroupId"), n.nodeGroupId);
        putText(node, QLatin1StringView("Status"), n.status);
        putText(node, QLatin1StringView("Slots"), n.slots);
        nodeGroups.append(node);
    }
    o.insert(QLatin1StringView("NodeGroups"), nodeGroups);
    putText(o, QLatin1StringView("SnapshottingClusterId"), g.snapshottingClusterId);
    putText(o, QLatin1StringView("AutomaticFailover"), g.automaticFailover);
    putInt(o, QLatin1StringView("SnapshotRetentionLimit"), g.snapshotRetentionLimit);
    putText(o, QLatin1StringView("SnapshotWindow"), g.snapshotWindow);
    putBool(o, QLatin1StringView("ClusterEnabled"), g.clusterEnabled);
    putText(o, QLatin1StringView("CacheNodeType"), g.cacheNodeType);
    putBool(o, QLatin1StringView("AtRestEncryptionEnabled"), g.atRestEncryptionEnabled);
    putText(o, QLatin1StringView("KmsKeyId"), g.kmsKeyId);
    putText(o, QLatin1StringView("ARN"), g.arn);
    o.insert(QLatin1StringView("ReplicationGroupCreateTime"), time(g.replicationGroupCreateTime));
    putText(o, QLatin1StringView("DataTiering"), g.dataTiering);
    putText(o, QLatin1StringView("Engine"), g.engine);
    return o;
}

ReplicationGroup groupFromJson(const QJsonObject &o)
{
    ReplicationGroup g;
    g.replicationGroupId = readText(o, QLatin1StringView("ReplicationGroupId"));
    g.description = readText(o, QLatin1StringView("Description"));
    g.status = readText(o, QLatin1StringView("Status"));
    g.memberClusters = readStrings(o, QLatin1StringView("MemberClusters"));
    for (const QJsonValue &v : o.value(QLatin1StringView("NodeGroups")).toArray()) {
        const QJsonObject node = v.toObject();
        g.nodeGroups.append(NodeGroup {readText(node, QLatin1StringView("NodeGroupId")),
                                       readText(node, QLatin1StringView("Status")),
                                       readText(node, QLatin1StringView("Slots"))});
    }
    g.snapshottingClusterId = readText(o, QLatin1StringView("SnapshottingClusterId"));
    g.automaticFailover = readText(o, QLatin1StringView("AutomaticFailover"));
    g.snapshotRetentionLimit = readInt(o, QLatin1StringView("SnapshotRetentionLimit"));
    g.snapshotWindow = readText(o, QLatin1StringView("SnapshotWindow"));
    g.clusterEnabled = readBool(o, QLatin1StringView("ClusterEnabled"));
    g.cacheNodeType = readText(o, QLatin1StringView("CacheNodeType"));
    g.atRestEncryptionEnabled = readBool(o, QLatin1StringView("AtRestEncryptionEnabled"));
    g.kmsKeyId = readText(o, QLatin1StringView("KmsKeyId"));
    g.arn = readText(o, QLatin1StringView("ARN"));
    g.replicationGroupCreateTime = readTime(o, QLatin1StringView("ReplicationGroupCreateTime"));
    g.dataTiering = readText(o, QLatin1StringView("DataTiering"));
    g.engine = readText(o, QLatin1StringView("Engine"));
    return g;
}

QJsonObject serverlessCacheToJson(const ServerlessCache &c)
{
    QJsonObject o;
    putText(o, QLatin1StringView("ServerlessCacheName"), c.serverlessCacheName);
    putText(o, QLatin1StringView("Description"), c.description);
    o.insert(QLatin1StringView("CreateTime"), time(c.createTime));
    putText(o, QLatin1StringView("Status"), c.status);
    putText(o, QLatin1StringView("Engine"), c.engine);
    putText(o, QLatin1StringView("MajorEngineVersion"), c.majorEngineVersion);
    putText(o, QLatin1StringView("FullEngineVersion"), c.fullEngineVersion);
    putText(o, QLatin1StringView("KmsKeyId"), c.kmsKeyId);
    putText(o, QLatin1StringView("ARN"), c.arn);
    putInt(o, QLatin1StringView("SnapshotRetentionLimit"), c.snapshotRetentionLimit);
    putText(o, QLatin1StringView("DailySnapshotTime"), c.dailySnapshotTime);
    return o;
}

ServerlessCache serverlessCacheFromJson(const QJsonObject &o)
{
    ServerlessCache c;
    c.serverlessCacheName = readText(o, QLatin1StringView("ServerlessCacheName"));
    c.description = readText(o, QLatin1StringView("Description"));
    c.createTime = readTime(o, QLatin1StringView("CreateTime"));
    c.status = readText(o, QLatin1StringView("Status"));
    c.engine = readText(o, QLatin1StringView("Engine"));
    c.majorEngineVersion = readText(o, QLatin1StringView("MajorEngineVersion"));
    c.fullEngineVersion = readText(o, QLatin1StringView("FullEngineVersion"));
    c.kmsKeyId = readText(o, QLatin1StringView("KmsKeyId"));
    c.arn = readText(o, QLatin1StringView("ARN"));
    c.snapshotRetentionLimit = readInt(o, QLatin1StringView("SnapshotRetentionLimit"));
    c.dailySnapshotTime = readText(o, QLatin1StringView("DailySnapshotTime"));
    return c;
}

} // namespace

QJsonObject SandboxState::toJson() const
{
    QJsonObject root;
    root.insert(u"format"_qs, u"cachesnap-sandbox"_qs);
    root.insert(u"version"_qs, kFormatVersion);
    root.insert(u"savedAt"_qs, time(QDateTime::currentDateTimeUtc()));

    QJsonArray clusters;
    for (const auto &[id, record] : m_clusters) {
        QJsonObject o = clusterToJson(record.cluster);
        o.insert(u"snapshotTemplate"_qs, JsonOutput::toJson(record.snapshotTemplate));
        clusters.append(o);
    }
    root.insert(u"cacheClusters"_qs, clusters);

    QJsonArray groups;
    for (const auto &[id, record] : m_groups) {
        QJsonObject o = groupToJson(record.group);
        o.insert(u"snapshotTemplate"_qs, JsonOutput::toJson(record.snapshotTemplate));
        groups.append(o);
    }
    root.insert(u"replicationGroups"_qs, groups);

    QJsonArray caches;
    for (const auto &[name, record] : m_serverlessCaches) {
        QJsonObject o = serverlessCacheToJson(record.cache);
        o.insert(u"bytesUsed"_qs, QString::number(record.bytesUsed));
        caches.append(o);
    }
    root.insert(u"serverlessCaches"_qs, caches);

    QJsonArray snapshots;
    for (const auto &[name, snapshot] : m_snapshots)
        snapshots.append(JsonOutput::toJson(snapshot));
    root.insert(u"snapshots"_qs, snapshots);

    QJsonArray serverlessSnapshots;
    for (const auto &[name, snapshot] : m_serverlessSnapshots)
        serverlessSnapshots.append(JsonOutput::toJson(snapshot));
    root.insert(u"serverlessSnapshots"_qs, serverlessSnapshots);

    QJsonObject manualLog;
    for (auto it = m_manualLog.cbegin(); it != m_manualLog.cend(); ++it) {
        QJsonArray times;
        for (const QDateTime &t : *it)
            times.append(time(t));
        manualLog.insert(it.key(), times);
    }
    root.insert(u"manualLog"_qs, manualLog);

    QJsonArray transitions;
    for (const auto &[due, t] : m_transitions) {
        QJsonObject o;
        o.insert(u"due"_qs, time(QDateTime::fromMSecsSinceEpoch(due, Qt::UTC)));
        o.insert(u"kind"_qs, int(t.kind));
        o.insert(u"name"_qs, t.name);
        if (!t.bucket.isEmpty()) {
            o.insert(u"bucket"_qs, t.bucket);
            o.insert(u"objectKeys"_qs, strings(t.objectKeys));
        }
        transitions.append(o);
    }
    root.insert(u"transitions"_qs, transitions);
    return root;
}

bool SandboxState::fromJson(const QJsonObject &root, QString *errorMessage)
{
    if (root.value(u"format"_qs).toString() != u"cachesnap-sandbox"
        || root.value(u"version"_qs).toInt() != kFormatVersion) {
        *errorMessage = u"not a cachesnap-sandbox state file of version %1"_qs.arg(kFormatVersion);
        return false;
    }
    clear();
    const auto fail = [&](const QString &what, const ApiError &error) {
        *errorMessage = u"%1: %2"_qs.arg(what, error.message);
        clear();
        return false;
    };
    for (const QJsonValue &v : root.value(u"cacheClusters"_qs).toArray()) {
        const QJsonObject o = v.toObject();
        const auto templ = JsonOutput::snapshotFromJson(o.value(u"snapshotTemplate"_qs).toObject());
        if (!templ)
            return fail(u"cache cluster template"_qs, templ.error());
        addCacheCluster(clusterFromJson(o), templ.value());
    }
    for (const QJsonValue &v : root.value(u"replicationGroups"_qs).toArray()) {
        const QJsonObject o = v.toObject();
        const auto templ = JsonOutput::snapshotFromJson(o.value(u"snapshotTemplate"_qs).toObject());
        if (!templ)
            return fail(u"replication group template"_qs, templ.error());
        addReplicationGroup(groupFromJson(o), templ.value());
    }
    for (const QJsonValue &v : root.value(u"serverlessCaches"_qs).toArray()) {
        const QJsonObject o = v.toObject();
        addServerlessCache(serverlessCacheFromJson(o), o.value(u"bytesUsed"_qs).toString().toLongLong());
    }
    for (const QJsonValue &v : root.value(u"snapshots"_qs).toArray()) {
        const auto snapshot = JsonOutput::snapshotFromJson(v.toObject());
        if (!snapshot)
            return fail(u"snapshot"_qs, snapshot.error());
        addSnapshot(snapshot.value());
    }
    for (const QJsonValue &v : root.value(u"serverlessSnapshots"_qs).toArray()) {
        const auto snapshot = JsonOutput::serverlessSnapshotFromJson(v.toObject());
        if (!snapshot)
            return fail(u"serverless snapshot"_qs, snapshot.error());
        addServerlessSnapshot(snapshot.value());
    }
    const QJsonObject manualLog = root.value(u"manualLog"_qs).toObject();
    for (auto it = manualLog.begin(); it != manualLog.end(); ++it) {
        QList<QDateTime> times;
        for (const QJsonValue &t : it->toArray())
            times.append(QDateTime::fromString(t.toString(), Qt::ISODateWithMs).toUTC());
        m_manualLog.insert(it.key(), times);
    }
    for (const QJsonValue &v : root.value(u"transitions"_qs).toArray()) {
        const QJsonObject o = v.toObject();
        const int kind = o.value(u"kind"_qs).toInt(-1);
        if (kind < int(TransitionKind::SnapshotAvailable) || kind > int(TransitionKind::GroupAvailable)) {
            *errorMessage = u"unknown transition kind %1"_qs.arg(kind);
            clear();
            return false;
        }
        Transition t {TransitionKind(kind),
                      o.value(u"name"_qs).toString(),
                      o.value(u"bucket"_qs).toString(),
                      readStrings(o, QLatin1StringView("objectKeys")),
                      {}};
        const QDateTime due = readTime(o, QLatin1StringView("due"));
        m_transitions.emplace(due.isValid() ? due.toMSecsSinceEpoch() : 0, std::move(t));
    }
    // Whatever fell due while the sandbox was stopped happens now.
    advance();
    return true;
}
