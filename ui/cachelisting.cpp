// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cachelisting.h"

#include "backgroundwork.h"
#include "elasticacheclient.h"

#include <QLoggingCategory>

#include <algorithm>
#include <memory>
#include <utility>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcCaches, "cachesnap.ui.caches")

CacheListing::CacheListing(QObject *parent)
    : QObject(parent)
{
}

CacheListing::~CacheListing() = default;

void CacheListing::setClient(ElastiCacheClient *client)
{
    ++m_generation;
    for (const QPointer<ApiJob> &job : std::as_const(m_jobs))
        if (job)
            job->disconnect(this);
    m_jobs.clear();
    m_pending = 0;
    m_listed = false;
    m_errors.clear();
    m_client = client;
    if (std::any_of(m_sources.begin(), m_sources.end(), [](const QList<CacheSource> &l) { return !l.isEmpty(); })) {
        m_sources = {};
        Q_EMIT sourcesChanged();
    }
}

ElastiCacheClient *CacheListing::client() const
{
    return m_client;
}

bool CacheListing::isLoading() const
{
    return m_pending > 0;
}

bool CacheListing::hasListed() const
{
    return m_listed;
}

QList<CacheSource> CacheListing::sources() const
{
    QList<CacheSource> all;
    for (const QList<CacheSource> &kind : m_sources)
        all += kind;
    return all;
}

const QList<CacheSource> &CacheListing::sources(CacheSource::Kind kind) const
{
    return m_sources[size_t(kind)];
}

QList<QList<CacheSource>> CacheListing::sourcesByKind() const
{
    return {m_sources.begin(), m_sources.end()};
}

const QList<ApiError> &CacheListing::errors() const
{
    return m_errors;
}

namespace {

// One kind, every page: its items become CacheSources as each page arrives.
template<typename Job, typename Item, typename Convert, typename Done>
void listKind(QObject *context, Job *job, Convert convert, Done done)
{
    job->setAccumulate(false);
    auto fresh = std::make_shared<PageGather<CacheSource>>();
    job->onPageReceived(context, [fresh, convert](const QList<Item> &page) {
        QList<CacheSource> sources;
        sources.reserve(page.size());
        for (const Item &item : page)
            sources.append(convert(item));
        fresh->append(std::move(sources));
    });
    job->onFinished(context, [context, fresh, done](const ApiResult<QList<Item>> &result) {
        if (!result) {
            done({}, result.error());
            return;
        }
        fresh->finish(context, [done](QList<CacheSource> all) { done(std::move(all), std::nullopt); });
    });
}

} // namespace

void CacheListing::refresh()
{
    if (!m_client)
        return;
    const quint64 generation = ++m_generation;
    for (const QPointer<ApiJob> &job : std::as_const(m_jobs))
        if (job)
            job->disconnect(this);
    m_jobs.clear();
    m_errors.clear();
    m_pending = 3;
    Q_EMIT started();

    auto doneFor = [this, generation](CacheSource::Kind kind) {
        return [this, generation, kind](QList<CacheSource> fresh, const std::optional<ApiError> &error) {
            if (generation != m_generation)
                return;
            if (!error)
                replaceKind(kind, std::move(fresh));
            kindFinished(error);
        };
    };

    CacheClusterListJob *clusters = m_client->describeCacheClusters(DescribeCacheClustersRequest {});
    listKind<CacheClusterListJob, CacheCluster>(
        this, clusters, [](const CacheCluster &c) { return CacheSource::fromCluster(c); },
        doneFor(CacheSource::Kind::CacheCluster));
    ReplicationGroupListJob *groups = m_client->describeReplicationGroups(DescribeReplicationGroupsRequest {});
    listKind<ReplicationGroupListJob, ReplicationGroup>(
        this, groups, [](const ReplicationGroup &g) { return CacheSource::fromReplicationGroup(g); },
        doneFor(CacheSource::Kind::ReplicationGroup));
    ServerlessCacheListJob *serverless = m_client->describeServerlessCaches(DescribeServerlessCachesRequest {});
    listKind<ServerlessCacheListJob, ServerlessCache>(
        this, serverless, [](const ServerlessCache &c) { return CacheSource::fromServerlessCache(c); },
        doneFor(CacheSource::Kind::ServerlessCache));
    m_jobs = {clusters, groups, serverless};
}

void CacheListing::replaceKind(CacheSource::Kind kind, QList<CacheSource> fresh)
{
    BackgroundWork::dispose(std::exchange(m_sources[size_t(kind)], std::move(fresh)));
    fillMaintenanceWindows();
    Q_EMIT sourcesChanged();
}

void CacheListing::kindFinished(const std::optional<ApiError> &error)
{
    if (error) {
        qCWarning(lcCaches) << "listing caches failed:" << error->toString();
        m_errors.append(*error);
        if (m_errors.size() == 1)
            Q_EMIT failed(*error);
    }
    if (--m_pending > 0)
        return;
    m_listed = true;
    Q_EMIT finished(m_errors.isEmpty());
}

QString CacheListing::maintenanceWindowOf(const CacheSource &group) const
{
    for (const CacheSource &s : sources(CacheSource::Kind::CacheCluster)) {
        if (s.replicationGroupId == group.id && !s.maintenanceWindow.isEmpty())
            return s.maintenanceWindow;
    }
    return QString();
}

void CacheListing::fillMaintenanceWindows()
{
    // The first member's window and engine version per group, in one pass: looking them up among every source for
    // each group cost seconds in one event with 100,000 clusters.
    QHash<QString, QString> windows;
    QHash<QString, QString> versions;
    for (const CacheSource &member : sources(CacheSource::Kind::CacheCluster)) {
        if (member.replicationGroupId.isEmpty())
            continue;
        if (!member.maintenanceWindow.isEmpty() && !windows.contains(member.replicationGroupId))
            windows.insert(member.replicationGroupId, member.maintenanceWindow);
        if (!member.engineVersion.isEmpty() && !versions.contains(member.replicationGroupId))
            versions.insert(member.replicationGroupId, member.engineVersion);
    }
    if (windows.isEmpty() && versions.isEmpty())
        return;
    for (CacheSource &s : m_sources[size_t(CacheSource::Kind::ReplicationGroup)]) {
        if (const QString window = windows.value(s.id); !window.isEmpty())
            s.maintenanceWindow = window;
        // A group's description has no engine version either: its members'.
        if (s.engineVersion.isEmpty())
            s.engineVersion = versions.value(s.id);
    }
}

void CacheListing::upsert(const CacheSource &source)
{
    CacheSource fresh = source;
    if (fresh.kind == CacheSource::Kind::ReplicationGroup && fresh.maintenanceWindow.isEmpty())
        fresh.maintenanceWindow = maintenanceWindowOf(fresh);
    QList<CacheSource> &sources = m_sources[size_t(fresh.kind)];
    const auto it
        = std::find_if(sources.begin(), sources.end(), [&fresh](const CacheSource &s) { return s.id == fresh.id; });
    if (it != sources.end()) {
        if (fresh.kind == CacheSource::Kind::ReplicationGroup && fresh.maintenanceWindow.isEmpty())
            fresh.maintenanceWindow = it->maintenanceWindow;
        if (fresh.kind == CacheSource::Kind::ReplicationGroup && fresh.engineVersion.isEmpty())
            fresh.engineVersion = it->engineVersion;
        if (*it == fresh)
            return;
        *it = fresh;
    } else {
        sources.append(fresh);
    }
    Q_EMIT sourcesChanged();
}

void CacheListing::upsert(const CacheCluster &cluster)
{
    upsert(CacheSource::fromCluster(cluster));
}

void CacheListing::upsert(const ReplicationGroup &group)
{
    upsert(CacheSource::fromReplicationGroup(group));
}

void CacheListing::upsert(const ServerlessCache &cache)
{
    upsert(CacheSource::fromServerlessCache(cache));
}
