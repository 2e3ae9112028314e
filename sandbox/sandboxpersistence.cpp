// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// SandboxState's JSON form: snapshots and their sources through the model's lossless JSON form, the pending
// transitions (with their due times) in the sandbox's own small schema.
#include "sandboxstate.h"

#include "jsonoutput.h"
#include "model/jsonwriter.h"

#include <QJsonArray>

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
        }
        transitions.append(o);
    }
    root.insert(u"transitions"_s, transitions);
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
        addReplicationGroup(group, templ.value());
    }
    for (const QJsonValue &v : root.value(u"serverlessCaches"_s).toArray()) {
        const QJsonObject o = v.toObject();
        ServerlessCache cache;
        QString error;
        if (!sourceFromJson(o, cache, &error))
            return fail(u"serverless cache"_s, error);
        addServerlessCache(cache, o.value(u"bytesUsed"_s).toString().toLongLong());
    }
    for (const QJsonValue &v : root.value(u"snapshots"_s).toArray()) {
        const auto snapshot = JsonOutput::snapshotFromJson(v.toObject());
        if (!snapshot)
            return fail(u"snapshot"_s, snapshot.error());
        addSnapshot(snapshot.value());
    }
    for (const QJsonValue &v : root.value(u"serverlessSnapshots"_s).toArray()) {
        const auto snapshot = JsonOutput::serverlessSnapshotFromJson(v.toObject());
        if (!snapshot)
            return fail(u"serverless snapshot"_s, snapshot.error());
        addServerlessSnapshot(snapshot.value());
    }
    const QJsonObject manualLog = root.value(u"manualLog"_s).toObject();
    for (auto it = manualLog.begin(); it != manualLog.end(); ++it) {
        QList<QDateTime> times;
        for (const QJsonValue &t : it->toArray())
            times.append(QDateTime::fromString(t.toString(), Qt::ISODateWithMs).toUTC());
        m_manualLog.insert(it.key(), times);
    }
    for (const QJsonValue &v : root.value(u"transitions"_s).toArray()) {
        const QJsonObject o = v.toObject();
        const int kind = o.value(u"kind"_s).toInt(-1);
        if (kind < int(TransitionKind::SnapshotAvailable) || kind > int(TransitionKind::GroupAvailable)) {
            *errorMessage = u"unknown transition kind %1"_s.arg(kind);
            clear();
            return false;
        }
        Transition t {TransitionKind(kind),
                      o.value(u"name"_s).toString(),
                      o.value(u"bucket"_s).toString(),
                      readStrings(o, QLatin1StringView("objectKeys")),
                      {}};
        const QDateTime due = readTime(o, QLatin1StringView("due"));
        m_transitions.emplace(due.isValid() ? due.toMSecsSinceEpoch() : 0, std::move(t));
    }
    // Whatever fell due while the sandbox was stopped happens now.
    advance();
    return true;
}
