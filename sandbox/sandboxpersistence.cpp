// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// SandboxState's JSON form: snapshots and their sources through the model's lossless JSON form, the pending
// transitions (with their due times) in the sandbox's own small schema.
#include "sandboxstate.h"

#include "jsonoutput.h"
#include "model/jsonwriter.h"
#include "sandboxbuckets.h"
#include "sandboxrules.h"
#include "sandboxseeder.h"
#include "snapshotnames.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

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

// The sources' members through the model's lossless JSON form (every member of the shape).
template<ModelShape S> bool sourceFromJson(const QJsonObject &o, S &out, QString *error)
{
    return fromJsonObject(o, out, error);
}

// ---- what a state file may hold ---------------------------------------------------------------------------------
// A state file is read as strictly as a request: every name, key, status, size and count in it is one the API could
// have produced, so that an edited file cannot make the sandbox write outside its S3 root, forge output or ask for
// absurd amounts of memory or disk.

// More than any node or serverless cache holds.
constexpr qint64 kMaxBytes = qint64(16) << 40;
// ElastiCache's most shards in a replication group (and nodes in a cluster) is 500.
constexpr qsizetype kMaxNodes = 500;
constexpr qsizetype kMaxLogEntries = 100000;
// More subnet and parameter groups than an account may have in a region, subnets than a subnet group may have, and
// tagged resources than the sandbox holds.
constexpr qsizetype kMaxCatalogEntries = 1000;
constexpr qsizetype kMaxSubnets = 20;
constexpr int kMaxDatabases = 10000;
constexpr qsizetype kMaxTaggedResources = 500000;

// A value for a message: quoted, escaped as JSON, and cut.
QString quoted(const QString &value)
{
    QByteArray json = QJsonDocument(QJsonArray {value.left(100)}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2)) + (value.size() > 100 ? u"\u2026"_s : QString());
}

QString problem(const SnapshotNames::Verdict &verdict, const QString &what, const QString &value)
{
    return verdict.ok ? QString() : u"%1 %2 is not valid: %3"_s.arg(what, quoted(value), verdict.reason);
}

// Cluster, replication group and serverless cache ids: as the API would accept them when creating one, stored
// lowercase.
QString sourceIdProblem(const QString &id, const QString &what)
{
    if (id != id.toLower())
        return u"%1 %2 is not lowercase"_s.arg(what, quoted(id));
    return problem(SnapshotNames::checkServerlessName(id), what, id);
}

// Node-based snapshot names: the widest a client can create (a copy's name), stored lowercase.
QString snapshotNameProblem(const QString &name)
{
    if (name != name.toLower())
        return u"snapshot name %1 is not lowercase"_s.arg(quoted(name));
    return problem(SnapshotNames::checkCopyTargetName(name), u"snapshot name"_s, name);
}

// Serverless snapshot names: a client's, or an automatic one ("automatic.<a client's>").
QString serverlessNameProblem(const QString &name)
{
    if (name != name.toLower())
        return u"serverless snapshot name %1 is not lowercase"_s.arg(quoted(name));
    const QString automatic = u"automatic."_s;
    const QString own = name.startsWith(automatic) ? name.mid(automatic.size()) : name;
    return problem(SnapshotNames::checkServerlessName(own), u"serverless snapshot name"_s, name);
}

QString statusProblem(const QString &status, const QStringList &allowed, const QString &what)
{
    if (allowed.contains(status))
        return {};
    return u"%1 status %2 is not one of %3"_s.arg(what, quoted(status), allowed.join(u", "));
}

const QStringList kSnapshotStatuses {u"creating"_s, u"available"_s, u"restoring"_s, u"copying"_s, u"deleting"_s};
const QStringList kClusterStatuses {u"available"_s,
                                    u"creating"_s,
                                    u"deleted"_s,
                                    u"deleting"_s,
                                    u"incompatible-network"_s,
                                    u"modifying"_s,
                                    u"rebooting cache cluster nodes"_s,
                                    u"restore-failed"_s,
                                    u"snapshotting"_s};
const QStringList kGroupStatuses {u"available"_s, u"creating"_s,      u"modifying"_s,
                                  u"deleting"_s,  u"create-failed"_s, u"snapshotting"_s};
const QStringList kServerlessCacheStatuses {u"available"_s, u"creating"_s, u"deleting"_s, u"create-failed"_s,
                                            u"modifying"_s};

// "123 MB" as the service writes a node's CacheSize (empty when unknown), at most kMaxBytes.
QString cacheSizeProblem(const QString &size)
{
    if (size.isEmpty())
        return {};
    static const QRegularExpression form(u"^([0-9]{1,13}) (B|KB|MB|GB|TB)$"_s);
    const QRegularExpressionMatch m = form.match(size);
    if (m.hasMatch()) {
        const int shift = QStringList {u"B"_s, u"KB"_s, u"MB"_s, u"GB"_s, u"TB"_s}.indexOf(m.captured(2)) * 10;
        if (m.captured(1).toLongLong() <= (kMaxBytes >> shift))
            return {};
    }
    return u"cache size %1 is not a size of up to 16 TB"_s.arg(quoted(size));
}

// A byte count written as decimal digits (empty when unknown), at most kMaxBytes.
QString byteCountProblem(const QString &bytes, const QString &what)
{
    static const QRegularExpression digits(u"^[0-9]{1,15}$"_s);
    if (bytes.isEmpty() || (digits.match(bytes).hasMatch() && bytes.toLongLong() <= kMaxBytes))
        return {};
    return u"%1 %2 is not a byte count of up to 16 TB"_s.arg(what, quoted(bytes));
}

QString countProblem(const std::optional<int> &count, int maximum, const QString &what)
{
    if (!count || (*count >= 0 && *count <= maximum))
        return {};
    return u"%1 %2 is not between 0 and %3"_s.arg(what).arg(*count).arg(maximum);
}

// The members of a node-based snapshot (or a source's snapshot template, which has no name or status yet).
QString snapshotProblem(const Snapshot &s, bool isTemplate)
{
    QStringList problems;
    if (!isTemplate) {
        problems << snapshotNameProblem(s.snapshotName)
                 << statusProblem(s.snapshotStatus, kSnapshotStatuses, u"snapshot"_s);
        if (s.snapshotSource != u"manual" && s.snapshotSource != u"automated")
            problems << u"snapshot source %1 is not manual or automated"_s.arg(quoted(s.snapshotSource));
    }
    if (!s.cacheClusterId.isEmpty())
        problems << sourceIdProblem(s.cacheClusterId, u"cache cluster id"_s);
    if (!s.replicationGroupId.isEmpty())
        problems << sourceIdProblem(s.replicationGroupId, u"replication group id"_s);
    problems << countProblem(s.numCacheNodes, kMaxNodes, u"NumCacheNodes"_s)
             << countProblem(s.numNodeGroups, kMaxNodes, u"NumNodeGroups"_s);
    if (s.nodeSnapshots.size() > kMaxNodes)
        problems << u"%1 node snapshots are more than %2"_s.arg(s.nodeSnapshots.size()).arg(kMaxNodes);
    for (const NodeSnapshot &node : s.nodeSnapshots) {
        problems << cacheSizeProblem(node.cacheSize);
        if (!node.cacheClusterId.isEmpty())
            problems << sourceIdProblem(node.cacheClusterId, u"node's cache cluster id"_s);
    }
    problems.removeAll(QString());
    return problems.value(0);
}

QString serverlessSnapshotProblem(const ServerlessCacheSnapshot &s)
{
    QStringList problems {serverlessNameProblem(s.serverlessCacheSnapshotName),
                          statusProblem(s.status, kSnapshotStatuses, u"serverless snapshot"_s),
                          byteCountProblem(s.bytesUsedForCache, u"BytesUsedForCache"_s)};
    if (s.serverlessCacheConfiguration && !s.serverlessCacheConfiguration->serverlessCacheName.isEmpty())
        problems << sourceIdProblem(s.serverlessCacheConfiguration->serverlessCacheName, u"serverless cache name"_s);
    problems.removeAll(QString());
    return problems.value(0);
}

QString clusterProblem(const CacheCluster &c)
{
    QStringList problems {sourceIdProblem(c.cacheClusterId, u"cache cluster id"_s),
                          statusProblem(c.cacheClusterStatus, kClusterStatuses, u"cache cluster"_s),
                          countProblem(c.numCacheNodes, kMaxNodes, u"NumCacheNodes"_s)};
    if (!c.replicationGroupId.isEmpty())
        problems << sourceIdProblem(c.replicationGroupId, u"replication group id"_s);
    if (c.cacheNodes.size() > kMaxNodes)
        problems << u"%1 cache nodes are more than %2"_s.arg(c.cacheNodes.size()).arg(kMaxNodes);
    problems.removeAll(QString());
    return problems.value(0);
}

QString groupProblem(const ReplicationGroup &g)
{
    QStringList problems {sourceIdProblem(g.replicationGroupId, u"replication group id"_s),
                          statusProblem(g.status, kGroupStatuses, u"replication group"_s)};
    if (g.memberClusters.size() > kMaxNodes || g.nodeGroups.size() > kMaxNodes)
        problems << u"replication group %1 has more than %2 members or shards"_s.arg(quoted(g.replicationGroupId))
                        .arg(kMaxNodes);
    for (const QString &member : g.memberClusters)
        problems << sourceIdProblem(member, u"member cluster id"_s);
    problems.removeAll(QString());
    return problems.value(0);
}

QString serverlessCacheProblem(const ServerlessCache &c, const QString &bytesUsed)
{
    QStringList problems {sourceIdProblem(c.serverlessCacheName, u"serverless cache name"_s),
                          statusProblem(c.status, kServerlessCacheStatuses, u"serverless cache"_s),
                          byteCountProblem(bytesUsed, u"bytesUsed"_s)};
    problems.removeAll(QString());
    return problems.value(0);
}

} // namespace

QJsonObject SandboxState::toJson() const
{
    QJsonObject root;
    root.insert(u"format"_s, u"cachesnap-sandbox"_s);
    root.insert(u"version"_s, kFormatVersion);
    root.insert(u"savedAt"_s, time(QDateTime::currentDateTimeUtc()));

    QJsonArray clusters;
    for (const auto &[id, record] : m_clusters) {
        QJsonObject o = toJsonObject(record.cluster);
        o.insert(u"snapshotTemplate"_s, JsonOutput::toJson(record.snapshotTemplate));
        clusters.append(o);
    }
    root.insert(u"cacheClusters"_s, clusters);

    QJsonArray groups;
    for (const auto &[id, record] : m_groups) {
        QJsonObject o = toJsonObject(record.group);
        o.insert(u"snapshotTemplate"_s, JsonOutput::toJson(record.snapshotTemplate));
        groups.append(o);
    }
    root.insert(u"replicationGroups"_s, groups);

    QJsonArray caches;
    for (const auto &[name, record] : m_serverlessCaches) {
        QJsonObject o = toJsonObject(record.cache);
        o.insert(u"bytesUsed"_s, QString::number(record.bytesUsed));
        caches.append(o);
    }
    root.insert(u"serverlessCaches"_s, caches);

    QJsonArray snapshots;
    for (const auto &[name, snapshot] : m_snapshots)
        snapshots.append(JsonOutput::toJson(snapshot));
    root.insert(u"snapshots"_s, snapshots);

    QJsonArray serverlessSnapshots;
    for (const auto &[name, snapshot] : m_serverlessSnapshots)
        serverlessSnapshots.append(JsonOutput::toJson(snapshot));
    root.insert(u"serverlessSnapshots"_s, serverlessSnapshots);

    QJsonObject manualLog;
    for (auto it = m_manualLog.cbegin(); it != m_manualLog.cend(); ++it) {
        QJsonArray times;
        for (const QDateTime &t : *it)
            times.append(time(t));
        manualLog.insert(it.key(), times);
    }
    root.insert(u"manualLog"_s, manualLog);

    QJsonArray transitions;
    for (const auto &[due, t] : m_transitions) {
        QJsonObject o;
        o.insert(u"due"_s, time(QDateTime::fromMSecsSinceEpoch(due, Qt::UTC)));
        o.insert(u"kind"_s, int(t.kind));
        o.insert(u"name"_s, t.name);
        if (!t.bucket.isEmpty()) {
            o.insert(u"bucket"_s, t.bucket);
            o.insert(u"objectKeys"_s, strings(t.objectKeys));
            QJsonArray sizes;
            for (const qint64 size : t.objectSizes)
                sizes.append(QString::number(size));
            o.insert(u"objectSizes"_s, sizes);
            o.insert(u"failAfter"_s, t.failAfter);
        }
        if (t.kind == TransitionKind::ExportObject) {
            o.insert(u"objectIndex"_s, t.objectIndex);
            o.insert(u"serverless"_s, !t.serverlessSource.isEmpty());
        }
        if (!t.copiedFrom.isEmpty())
            o.insert(u"copiedFrom"_s, t.copiedFrom);
        if (!t.restoredFrom.isEmpty())
            o.insert(u"restoredFrom"_s, t.restoredFrom);
        transitions.append(o);
    }
    root.insert(u"transitions"_s, transitions);

    QJsonArray buckets;
    for (const auto &[name, bucket] : m_buckets->loaded())
        buckets.append(SandboxBuckets::bucketToJson(bucket, true));
    root.insert(u"buckets"_s, buckets);
    root.insert(u"events"_s, m_events.toJson());

    QJsonArray subnetGroups;
    for (const auto &[name, group] : m_subnetGroups)
        subnetGroups.append(toJsonObject(group));
    root.insert(u"subnetGroups"_s, subnetGroups);
    QJsonArray parameterGroups;
    for (const auto &[name, record] : m_parameterGroups) {
        QJsonObject o = toJsonObject(record.group);
        o.insert(u"databases"_s, record.databases);
        parameterGroups.append(o);
    }
    root.insert(u"parameterGroups"_s, parameterGroups);
    QJsonObject tags;
    for (const auto &[resource, list] : m_tags) {
        QJsonArray array;
        for (const Tag &tag : list)
            array.append(QJsonObject {{u"Key"_s, tag.key}, {u"Value"_s, tag.value}});
        tags.insert(resource, array);
    }
    root.insert(u"tags"_s, tags);
    return root;
}

bool SandboxState::fromJson(const QJsonObject &root, QString *errorMessage)
{
    if (root.value(u"format"_s).toString() != u"cachesnap-sandbox"
        || root.value(u"version"_s).toInt() != kFormatVersion) {
        *errorMessage = u"not a cachesnap-sandbox state file of version %1"_s.arg(kFormatVersion);
        return false;
    }
    clear();
    const auto fail = [&](const QString &what, const auto &error) {
        if constexpr (std::is_same_v<std::remove_cvref_t<decltype(error)>, ApiError>)
            *errorMessage = u"%1: %2"_s.arg(what, error.message);
        else
            *errorMessage = u"%1: %2"_s.arg(what, error);
        clear();
        return false;
    };
    for (const QJsonValue &v : root.value(u"cacheClusters"_s).toArray()) {
        const QJsonObject o = v.toObject();
        const auto templ = JsonOutput::snapshotFromJson(o.value(u"snapshotTemplate"_s).toObject());
        if (!templ)
            return fail(u"cache cluster template"_s, templ.error());
        CacheCluster cluster;
        QString error;
        if (!sourceFromJson(o, cluster, &error))
            return fail(u"cache cluster"_s, error);
        if (const QString problem = clusterProblem(cluster); !problem.isEmpty())
            return fail(u"cache cluster"_s, problem);
        if (const QString problem = snapshotProblem(templ.value(), true); !problem.isEmpty())
            return fail(u"cache cluster template"_s, problem);
        addCacheCluster(cluster, templ.value());
    }
    for (const QJsonValue &v : root.value(u"replicationGroups"_s).toArray()) {
        const QJsonObject o = v.toObject();
        const auto templ = JsonOutput::snapshotFromJson(o.value(u"snapshotTemplate"_s).toObject());
        if (!templ)
            return fail(u"replication group template"_s, templ.error());
        ReplicationGroup group;
        QString error;
        if (!sourceFromJson(o, group, &error))
            return fail(u"replication group"_s, error);
        if (const QString problem = groupProblem(group); !problem.isEmpty())
            return fail(u"replication group"_s, problem);
        if (const QString problem = snapshotProblem(templ.value(), true); !problem.isEmpty())
            return fail(u"replication group template"_s, problem);
        addReplicationGroup(group, templ.value());
    }
    for (const QJsonValue &v : root.value(u"serverlessCaches"_s).toArray()) {
        const QJsonObject o = v.toObject();
        ServerlessCache cache;
        QString error;
        if (!sourceFromJson(o, cache, &error))
            return fail(u"serverless cache"_s, error);
        const QString bytesUsed = o.value(u"bytesUsed"_s).toString();
        if (const QString problem = serverlessCacheProblem(cache, bytesUsed); !problem.isEmpty())
            return fail(u"serverless cache"_s, problem);
        addServerlessCache(cache, bytesUsed.toLongLong());
    }
    for (const QJsonValue &v : root.value(u"snapshots"_s).toArray()) {
        const auto snapshot = JsonOutput::snapshotFromJson(v.toObject());
        if (!snapshot)
            return fail(u"snapshot"_s, snapshot.error());
        if (const QString problem = snapshotProblem(snapshot.value(), false); !problem.isEmpty())
            return fail(u"snapshot"_s, problem);
        if (m_snapshots.count(snapshot.value().snapshotName))
            return fail(u"snapshot"_s, u"%1 is there twice"_s.arg(quoted(snapshot.value().snapshotName)));
        addSnapshot(snapshot.value());
    }
    for (const QJsonValue &v : root.value(u"serverlessSnapshots"_s).toArray()) {
        const auto snapshot = JsonOutput::serverlessSnapshotFromJson(v.toObject());
        if (!snapshot)
            return fail(u"serverless snapshot"_s, snapshot.error());
        if (const QString problem = serverlessSnapshotProblem(snapshot.value()); !problem.isEmpty())
            return fail(u"serverless snapshot"_s, problem);
        if (m_serverlessSnapshots.count(snapshot.value().serverlessCacheSnapshotName))
            return fail(u"serverless snapshot"_s,
                        u"%1 is there twice"_s.arg(quoted(snapshot.value().serverlessCacheSnapshotName)));
        addServerlessSnapshot(snapshot.value());
    }
    const QJsonObject manualLog = root.value(u"manualLog"_s).toObject();
    for (auto it = manualLog.begin(); it != manualLog.end(); ++it) {
        const QString serverlessPrefix = u"serverless:"_s;
        const QString source = it.key().startsWith(serverlessPrefix) ? it.key().mid(serverlessPrefix.size()) : it.key();
        if (const QString problem = sourceIdProblem(source, u"source"_s); !problem.isEmpty())
            return fail(u"manual snapshot log"_s, problem);
        const QJsonArray entries = it->toArray();
        if (entries.size() > kMaxLogEntries)
            return fail(
                u"manual snapshot log"_s,
                u"%1 entries for %2 are more than %3"_s.arg(entries.size()).arg(quoted(it.key())).arg(kMaxLogEntries));
        QList<QDateTime> times;
        for (const QJsonValue &t : entries) {
            const QDateTime time = QDateTime::fromString(t.toString(), Qt::ISODateWithMs);
            if (!time.isValid())
                return fail(u"manual snapshot log"_s, u"%1 is not a time"_s.arg(quoted(t.toString())));
            times.append(time.toUTC());
        }
        m_manualLog.insert(it.key(), times);
    }
    for (const QJsonValue &v : root.value(u"transitions"_s).toArray()) {
        const QJsonObject o = v.toObject();
        const int kind = o.value(u"kind"_s).toInt(-1);
        if (kind < int(TransitionKind::SnapshotAvailable) || kind > int(TransitionKind::ServerlessCacheCreated)) {
            *errorMessage = u"unknown transition kind %1"_s.arg(kind);
            clear();
            return false;
        }
        Transition t = transition(TransitionKind(kind), o.value(u"name"_s).toString());
        t.bucket = o.value(u"bucket"_s).toString();
        t.objectKeys = readStrings(o, QLatin1StringView("objectKeys"));
        t.copiedFrom = o.value(u"copiedFrom"_s).toString();
        t.restoredFrom = o.value(u"restoredFrom"_s).toString();
        t.objectIndex = o.value(u"objectIndex"_s).toInt(-1);
        t.failAfter = o.value(u"failAfter"_s).toInt(-1);
        t.serverlessSource = o.value(u"serverless"_s).toBool() ? u"serverless"_s : QString();
        const QJsonArray sizes = o.value(u"objectSizes"_s).toArray();
        if (sizes.size() > kMaxNodes)
            return fail(u"operation under way"_s, u"more than %1 object sizes"_s.arg(kMaxNodes));
        for (const QJsonValue &size : sizes) {
            if (const QString problem = byteCountProblem(size.toString(), u"object size"_s);
                !problem.isEmpty() || size.toString().isEmpty())
                return fail(u"operation under way"_s,
                            problem.isEmpty() ? u"an object size is not a byte count"_s : problem);
            t.objectSizes.append(size.toString().toLongLong());
        }
        if (const QString problem = transitionProblem(t); !problem.isEmpty())
            return fail(u"operation under way"_s, problem);
        const QDateTime due = readTime(o, QLatin1StringView("due"));
        if (!due.isValid())
            return fail(u"operation under way"_s,
                        u"due time %1 is not a time"_s.arg(quoted(o.value(u"due"_s).toString())));
        m_transitions.emplace(due.toMSecsSinceEpoch(), std::move(t));
    }
    const QJsonArray buckets = root.value(u"buckets"_s).toArray();
    if (buckets.size() > SandboxBuckets::maxBuckets)
        return fail(u"buckets"_s, u"%1 buckets are more than %2"_s.arg(buckets.size()).arg(SandboxBuckets::maxBuckets));
    for (const QJsonValue &v : buckets) {
        const QJsonObject o = v.toObject();
        const QString name = o.value(u"name"_s).toString();
        QString error;
        const auto bucket = SandboxBuckets::bucketFromJson(o, name, m_config.region, m_config.accountId, true, &error);
        if (!bucket)
            return fail(u"buckets"_s, error);
        if (m_buckets->loaded().count(name))
            return fail(u"buckets"_s, u"%1 is there twice"_s.arg(quoted(name)));
        if (!m_buckets->add(*bucket, &error))
            return fail(u"buckets"_s, error);
    }
    QString eventsError;
    if (!m_events.fromJson(root.value(u"events"_s).toArray(), &eventsError))
        return fail(u"events"_s, eventsError);
    if (const QString problem = readCatalogAndTags(root); !problem.isEmpty()) {
        *errorMessage = problem;
        clear();
        return false;
    }
    // Whatever fell due while the sandbox was stopped happens now.
    advance();
    return true;
}

QString SandboxState::readCatalogAndTags(const QJsonObject &root)
{
    // A state file written before these existed gets the seeded ones.
    if (!root.contains(u"subnetGroups"_s) && !root.contains(u"parameterGroups"_s))
        SandboxSeeder::seedCatalog(*this);
    static const QRegularExpression groupName(u"^[a-z][a-z0-9.-]{0,254}$"_s);
    static const QRegularExpression awsId(u"^(vpc|subnet)-[0-9a-f]{8,17}$"_s);
    const QJsonArray subnetGroups = root.value(u"subnetGroups"_s).toArray();
    if (subnetGroups.size() > kMaxCatalogEntries)
        return u"subnet groups: %1 are more than %2"_s.arg(subnetGroups.size()).arg(kMaxCatalogEntries);
    for (const QJsonValue &v : subnetGroups) {
        CacheSubnetGroup group;
        QString error;
        if (!fromJsonObject(v.toObject(), group, &error))
            return u"subnet group: %1"_s.arg(error);
        if (!groupName.match(group.cacheSubnetGroupName).hasMatch())
            return u"subnet group: name %1 is not a valid lowercase name"_s.arg(quoted(group.cacheSubnetGroupName));
        if (!awsId.match(group.vpcId).hasMatch() || !group.vpcId.startsWith(u"vpc-"_s))
            return u"subnet group: VPC id %1 is not valid"_s.arg(quoted(group.vpcId));
        if (group.subnets.size() > kMaxSubnets)
            return u"subnet group: %1 subnets are more than %2"_s.arg(group.subnets.size()).arg(kMaxSubnets);
        for (const Subnet &subnet : group.subnets) {
            if (!awsId.match(subnet.subnetIdentifier).hasMatch() || !subnet.subnetIdentifier.startsWith(u"subnet-"_s))
                return u"subnet group: subnet id %1 is not valid"_s.arg(quoted(subnet.subnetIdentifier));
        }
        if (m_subnetGroups.count(group.cacheSubnetGroupName))
            return u"subnet group: %1 is there twice"_s.arg(quoted(group.cacheSubnetGroupName));
        addSubnetGroup(group);
    }
    static const QStringList families {u"memcached1.4"_s, u"memcached1.5"_s, u"memcached1.6"_s, u"redis2.6"_s,
                                       u"redis2.8"_s,     u"redis3.2"_s,     u"redis4.0"_s,     u"redis5.0"_s,
                                       u"redis6.x"_s,     u"redis7"_s,       u"valkey7"_s,      u"valkey8"_s};
    const QJsonArray parameterGroups = root.value(u"parameterGroups"_s).toArray();
    if (parameterGroups.size() > kMaxCatalogEntries)
        return u"parameter groups: %1 are more than %2"_s.arg(parameterGroups.size()).arg(kMaxCatalogEntries);
    for (const QJsonValue &v : parameterGroups) {
        const QJsonObject o = v.toObject();
        CacheParameterGroup group;
        QString error;
        if (!fromJsonObject(o, group, &error))
            return u"parameter group: %1"_s.arg(error);
        if (!groupName.match(group.cacheParameterGroupName).hasMatch())
            return u"parameter group: name %1 is not a valid lowercase name"_s.arg(
                quoted(group.cacheParameterGroupName));
        if (!families.contains(group.cacheParameterGroupFamily))
            return u"parameter group: family %1 is not one of %2"_s.arg(quoted(group.cacheParameterGroupFamily),
                                                                        families.join(u", "_s));
        const int databases = o.value(u"databases"_s).toInt(-1);
        if (databases < 1 || databases > kMaxDatabases)
            return u"parameter group: databases %1 is not between 1 and %2"_s.arg(databases).arg(kMaxDatabases);
        if (m_parameterGroups.count(group.cacheParameterGroupName))
            return u"parameter group: %1 is there twice"_s.arg(quoted(group.cacheParameterGroupName));
        addParameterGroup(group, databases);
    }
    const QJsonObject tags = root.value(u"tags"_s).toObject();
    if (tags.size() > kMaxTaggedResources)
        return u"tags: %1 resources are more than %2"_s.arg(tags.size()).arg(kMaxTaggedResources);
    for (auto it = tags.begin(); it != tags.end(); ++it) {
        const auto parsed = SandboxRules::parseArn(it.key());
        if (!parsed || parsed->region != m_config.region || parsed->account != m_config.accountId
            || parsed->name != parsed->name.toLower())
            return u"tags: %1 is not the ARN of a resource of this account and region"_s.arg(quoted(it.key()));
        const QJsonArray array = it->toArray();
        if (array.size() > SandboxRules::maxTagsPerResource)
            return u"tags: %1 has %2 tags, more than %3"_s.arg(quoted(it.key()))
                .arg(array.size())
                .arg(SandboxRules::maxTagsPerResource);
        QList<Tag> list;
        for (const QJsonValue &t : array) {
            const QJsonObject o = t.toObject();
            if (!o.value(u"Key"_s).isString() || !o.value(u"Value"_s).isString())
                return u"tags: a tag of %1 has no Key and Value strings"_s.arg(quoted(it.key()));
            list.append(Tag {o.value(u"Key"_s).toString(), o.value(u"Value"_s).toString()});
        }
        if (auto error = SandboxRules::checkTags(list))
            return u"tags of %1: %2"_s.arg(quoted(it.key()), error->message);
        setTags(it.key(), list);
    }
    return {};
}

QString SandboxState::transitionProblem(const Transition &t)
{
    if (!t.restoredFrom.isEmpty() && t.kind != TransitionKind::ClusterCreated && t.kind != TransitionKind::GroupCreated)
        return u"a restore's snapshot for an operation that is not a restore"_s;
    if (!t.copiedFrom.isEmpty()) {
        if (t.kind == TransitionKind::SnapshotAvailable) {
            if (const QString problem = snapshotNameProblem(t.copiedFrom); !problem.isEmpty())
                return problem;
        } else if (t.kind == TransitionKind::ServerlessAvailable) {
            if (const QString problem = serverlessNameProblem(t.copiedFrom); !problem.isEmpty())
                return problem;
        } else {
            return u"a copy's source for an operation that is not a copy"_s;
        }
    }
    const bool exports = t.kind == TransitionKind::SnapshotSourceReleased
        || t.kind == TransitionKind::ServerlessSourceReleased || t.kind == TransitionKind::ExportObject;
    switch (t.kind) {
    case TransitionKind::ExportObject:
        if (t.serverlessSource.isEmpty() ? !snapshotNameProblem(t.name).isEmpty()
                                         : !serverlessNameProblem(t.name).isEmpty())
            return u"snapshot name %1 is not valid"_s.arg(quoted(t.name));
        if (t.bucket.isEmpty() || t.objectKeys.size() != 1 || t.objectSizes.size() != 1 || t.objectIndex < 0
            || t.objectIndex >= kMaxNodes)
            return u"an export's object needs a bucket, one key, one size and an index below %1"_s.arg(kMaxNodes);
        break;
    case TransitionKind::SnapshotAvailable:
    case TransitionKind::SnapshotGone:
    case TransitionKind::SnapshotSourceReleased:
        if (const QString problem = snapshotNameProblem(t.name); !problem.isEmpty())
            return problem;
        break;
    case TransitionKind::ServerlessAvailable:
    case TransitionKind::ServerlessGone:
    case TransitionKind::ServerlessSourceReleased:
        if (const QString problem = serverlessNameProblem(t.name); !problem.isEmpty())
            return problem;
        break;
    case TransitionKind::ClusterAvailable:
        return sourceIdProblem(t.name, u"cache cluster id"_s);
    case TransitionKind::GroupAvailable:
        return sourceIdProblem(t.name, u"replication group id"_s);
    case TransitionKind::ClusterCreated:
    case TransitionKind::GroupCreated:
    case TransitionKind::ServerlessCacheCreated:
        if (!t.bucket.isEmpty() || !t.objectKeys.isEmpty())
            return u"a bucket for an operation that is not an export"_s;
        if (!t.restoredFrom.isEmpty()) {
            if (const QString problem = snapshotNameProblem(t.restoredFrom); !problem.isEmpty())
                return problem;
        }
        return sourceIdProblem(t.name,
                               t.kind == TransitionKind::ClusterCreated     ? u"cache cluster id"_s
                                   : t.kind == TransitionKind::GroupCreated ? u"replication group id"_s
                                                                            : u"serverless cache name"_s);
    }
    if (t.bucket.isEmpty()) {
        if (!t.objectKeys.isEmpty())
            return u"object keys without a bucket"_s;
        return {};
    }
    if (!exports)
        return u"a bucket for an operation that is not an export"_s;
    if (const auto verdict = SnapshotNames::checkBucketName(t.bucket); !verdict.ok)
        return u"bucket %1 is not valid: %2"_s.arg(quoted(t.bucket), verdict.reason);
    if (t.objectKeys.isEmpty() || t.objectKeys.size() > kMaxNodes)
        return u"an export writes 1 to %1 objects, not %2"_s.arg(kMaxNodes).arg(t.objectKeys.size());
    if (!t.objectSizes.isEmpty() && t.objectSizes.size() != t.objectKeys.size())
        return u"an export has %1 object keys but %2 sizes"_s.arg(t.objectKeys.size()).arg(t.objectSizes.size());
    if (t.failAfter < -1 || t.failAfter > kMaxNodes)
        return u"an export fails after %1 objects, not between -1 and %2"_s.arg(t.failAfter).arg(kMaxNodes);
    for (const QString &key : t.objectKeys) {
        if (const QString problem = SandboxBuckets::objectKeyProblem(key); !problem.isEmpty())
            return u"object key %1 is not valid: %2"_s.arg(quoted(key), problem);
    }
    return {};
}
