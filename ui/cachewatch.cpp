// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cachewatch.h"

#include "elasticacheclient.h"

#include <QLoggingCategory>
#include <QSettings>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcCacheWatch, "cachesnap.ui.cachewatch")

namespace {

// A poll that fails this many times in a row (the network, throttling) ends the watch: the cache may be fine,
// but we can no longer say.
constexpr int kMaxFailedPollsInARow = 8;

QString failureWords(const QString &status)
{
    if (status == u"create-failed")
        return CacheWatch::tr("the service could not create it (create-failed); see its events in the console "
                              "or with describe-events");
    if (status == u"restore-failed")
        return CacheWatch::tr("the restore from the snapshot failed (restore-failed)");
    if (status == u"incompatible-network")
        return CacheWatch::tr("its network is not usable (incompatible-network): check the subnet group and "
                              "security groups");
    if (status == u"incompatible-parameters")
        return CacheWatch::tr("its parameter group does not fit (incompatible-parameters)");
    if (status == u"deleting" || status == u"deleted")
        return CacheWatch::tr("it is being deleted (%1)").arg(status);
    return CacheWatch::tr("its status is %1").arg(status);
}

} // namespace

CacheWatch::CacheWatch(QObject *parent)
    : QObject(parent)
{
}

CacheWatch::~CacheWatch() = default;

void CacheWatch::setClient(ElastiCacheClient *client)
{
    clear();
    m_client = client;
}

void CacheWatch::follow(Kind kind, const QString &id, const QString &restoredFrom)
{
    if (id.isEmpty())
        return;
    const QString key = keyOf(kind, id);
    Watch watch;
    watch.state.kind = kind;
    watch.state.id = id;
    watch.state.restoredFrom = restoredFrom;
    watch.delayMs = m_initialDelayMs;
    watch.generation = ++m_generation;
    watch.since.start();
    m_order.removeAll(key);
    m_order.append(key);
    m_watches.insert(key, watch);
    schedule(key);
}

bool CacheWatch::isFollowing(Kind kind, const QString &id) const
{
    const auto it = m_watches.constFind(keyOf(kind, id));
    return it != m_watches.constEnd() && !it->state.done;
}

std::optional<CacheWatch::Followed> CacheWatch::followed(Kind kind, const QString &id) const
{
    const auto it = m_watches.constFind(keyOf(kind, id));
    if (it == m_watches.constEnd())
        return std::nullopt;
    return it->state;
}

QList<CacheWatch::Followed> CacheWatch::followed() const
{
    QList<Followed> list;
    list.reserve(m_order.size());
    for (const QString &key : m_order)
        list.append(m_watches.value(key).state);
    return list;
}

void CacheWatch::clear()
{
    m_watches.clear();
    m_order.clear();
    ++m_generation; // answers still in flight are ignored
}

void CacheWatch::setDelays(int initialMs, int maximumMs, int giveUpAfterMs)
{
    m_initialDelayMs = qMax(0, initialMs);
    m_maximumDelayMs = qMax(m_initialDelayMs, maximumMs);
    m_giveUpAfterMs = qMax(0, giveUpAfterMs);
}

QString CacheWatch::restoredFromKey(const QString &arn)
{
    return u"restoredFrom/"_s + arn;
}

QString CacheWatch::restoredFrom(const QString &arn)
{
    if (arn.isEmpty())
        return QString();
    return QSettings().value(restoredFromKey(arn)).toString();
}

QHash<QString, QString> CacheWatch::restoredFromAll()
{
    QSettings settings;
    settings.beginGroup(u"restoredFrom"_s);
    QHash<QString, QString> records;
    const QStringList arns = settings.childKeys();
    for (const QString &arn : arns)
        records.insert(arn, settings.value(arn).toString());
    return records;
}

void CacheWatch::recordRestoredFrom(const QString &arn, const QString &restoredFrom)
{
    if (arn.isEmpty() || restoredFrom.isEmpty())
        return;
    QSettings settings;
    if (settings.value(restoredFromKey(arn)).toString() != restoredFrom)
        settings.setValue(restoredFromKey(arn), restoredFrom);
}

QString CacheWatch::kindName(Kind kind)
{
    switch (kind) {
    case Kind::ReplicationGroup:
        return tr("replication group");
    case Kind::CacheCluster:
        return tr("cluster");
    case Kind::ServerlessCache:
        return tr("serverless cache");
    }
    return QString();
}

std::optional<bool> CacheWatch::settledOutcome(const QString &status)
{
    if (status == u"available")
        return true;
    static const QStringList failures {u"create-failed"_s,           u"restore-failed"_s, u"incompatible-network"_s,
                                       u"incompatible-parameters"_s, u"deleting"_s,       u"deleted"_s};
    if (failures.contains(status))
        return false;
    return std::nullopt;
}

QString CacheWatch::keyOf(Kind kind, const QString &id)
{
    switch (kind) {
    case Kind::ReplicationGroup:
        return u"rg/"_s + id;
    case Kind::CacheCluster:
        return u"cc/"_s + id;
    case Kind::ServerlessCache:
        return u"sc/"_s + id;
    }
    return id;
}

void CacheWatch::schedule(const QString &key)
{
    const auto it = m_watches.constFind(key);
    if (it == m_watches.constEnd() || it->state.done)
        return;
    const quint64 generation = it->generation;
    QTimer::singleShot(it->delayMs, this, [this, key, generation] { poll(key, generation); });
}

void CacheWatch::poll(const QString &key, quint64 generation)
{
    const auto it = m_watches.constFind(key);
    if (it == m_watches.constEnd() || it->generation != generation || it->state.done)
        return;
    if (!m_client) {
        finish(key, false, tr("Stopped following %1: the connection changed.").arg(it->state.id));
        return;
    }
    const QString id = it->state.id;
    switch (it->state.kind) {
    case Kind::ReplicationGroup: {
        DescribeReplicationGroupsRequest request;
        request.replicationGroupId = id;
        m_client->describeReplicationGroups(request)->onFinished(
            this, [this, key, generation, id](const ApiResult<QList<ReplicationGroup>> &result) {
                if (!result)
                    return handleError(key, generation, result.error());
                for (const ReplicationGroup &group : result.value()) {
                    if (group.replicationGroupId != id)
                        continue;
                    noteArn(key, generation, group.arn);
                    Q_EMIT replicationGroupDescribed(group);
                    return handleAnswer(key, generation, group.status, group.arn);
                }
                handleGone(key, generation);
            });
        break;
    }
    case Kind::CacheCluster: {
        DescribeCacheClustersRequest request;
        request.cacheClusterId = id;
        m_client->describeCacheClusters(request)->onFinished(
            this, [this, key, generation, id](const ApiResult<QList<CacheCluster>> &result) {
                if (!result)
                    return handleError(key, generation, result.error());
                for (const CacheCluster &cluster : result.value()) {
                    if (cluster.cacheClusterId != id)
                        continue;
                    noteArn(key, generation, cluster.arn);
                    Q_EMIT clusterDescribed(cluster);
                    return handleAnswer(key, generation, cluster.cacheClusterStatus, cluster.arn);
                }
                handleGone(key, generation);
            });
        break;
    }
    case Kind::ServerlessCache: {
        DescribeServerlessCachesRequest request;
        request.serverlessCacheName = id;
        m_client->describeServerlessCaches(request)->onFinished(
            this, [this, key, generation, id](const ApiResult<QList<ServerlessCache>> &result) {
                if (!result)
                    return handleError(key, generation, result.error());
                for (const ServerlessCache &cache : result.value()) {
                    if (cache.serverlessCacheName != id)
                        continue;
                    noteArn(key, generation, cache.arn);
                    Q_EMIT serverlessCacheDescribed(cache);
                    return handleAnswer(key, generation, cache.status, cache.arn);
                }
                handleGone(key, generation);
            });
        break;
    }
    }
}

void CacheWatch::handleAnswer(const QString &key, quint64 generation, const QString &status, const QString &arn)
{
    auto it = m_watches.find(key);
    if (it == m_watches.end() || it->generation != generation || it->state.done)
        return;
    it->failedPolls = 0;
    noteArn(key, generation, arn);
    const bool statusChanged = it->state.status != status;
    it->state.status = status;
    const Kind kind = it->state.kind;
    const QString id = it->state.id;
    if (statusChanged)
        Q_EMIT changed(kind, id, status);
    it = m_watches.find(key); // a slot may have changed what is followed
    if (it == m_watches.end() || it->generation != generation || it->state.done)
        return;
    if (const std::optional<bool> outcome = settledOutcome(status)) {
        const QString what = kindName(kind);
        finish(key, *outcome,
               *outcome ? tr("The %1 %2 is available.").arg(what, id)
                        : tr("The %1 %2 failed: %3.").arg(what, id, failureWords(status)));
        return;
    }
    rescheduleOrGiveUp(key);
}

void CacheWatch::noteArn(const QString &key, quint64 generation, const QString &arn)
{
    // Recorded before the description is passed on, so a view showing it finds the record.
    auto it = m_watches.find(key);
    if (it == m_watches.end() || it->generation != generation || arn.isEmpty() || it->state.arn == arn)
        return;
    it->state.arn = arn;
    recordRestoredFrom(arn, it->state.restoredFrom);
}

void CacheWatch::handleError(const QString &key, quint64 generation, const ApiError &error)
{
    auto it = m_watches.find(key);
    if (it == m_watches.end() || it->generation != generation || it->state.done)
        return;
    if (error.code.contains(u"NotFound"))
        return handleGone(key, generation);
    // A failed poll says nothing about the cache: keep polling, slower, but not forever.
    qCDebug(lcCacheWatch) << "poll of" << it->state.id << "failed:" << error.toString();
    if (++it->failedPolls >= kMaxFailedPollsInARow) {
        finish(key, false,
               tr("Stopped following %1: its status could not be read (%2).").arg(it->state.id, error.toString()));
        return;
    }
    rescheduleOrGiveUp(key);
}

void CacheWatch::handleGone(const QString &key, quint64 generation)
{
    const auto it = m_watches.constFind(key);
    if (it == m_watches.constEnd() || it->generation != generation || it->state.done)
        return;
    const QString what = kindName(it->state.kind);
    const QString id = it->state.id;
    if (it->state.status != u"deleted")
        Q_EMIT changed(it->state.kind, id, u"deleted"_s);
    finish(key, false, tr("The %1 %2 failed: it no longer exists.").arg(what, id));
}

void CacheWatch::finish(const QString &key, bool ok, const QString &message)
{
    auto it = m_watches.find(key);
    if (it == m_watches.end() || it->state.done)
        return;
    it->state.done = true;
    it->state.ok = ok;
    it->state.message = message;
    ++it->generation;
    const Kind kind = it->state.kind;
    const QString id = it->state.id;
    Q_EMIT finished(kind, id, ok, message);
}

void CacheWatch::rescheduleOrGiveUp(const QString &key)
{
    auto it = m_watches.find(key);
    if (it == m_watches.end())
        return;
    if (it->since.elapsed() > m_giveUpAfterMs) {
        finish(key, false,
               tr("Stopped following %1: it was still %2 after %3 minutes.")
                   .arg(it->state.id, it->state.status.isEmpty() ? tr("unknown") : it->state.status,
                        QString::number(it->since.elapsed() / 60000)));
        return;
    }
    it->delayMs = qMin(m_maximumDelayMs, it->delayMs * 3 / 2 + 250);
    schedule(key);
}
