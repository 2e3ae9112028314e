// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cachelisting.h"

#include "backgroundwork.h"
#include "elasticacheclient.h"
#include "gatherpages.h"

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
    m_filledRound = ++m_fillRound; // a list being filled is of the connection before
    m_groupsToFill = {};
    m_upsertedWhileFilling.clear();
    m_finishWhenFilled = false;
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
    return m_pending > 0 || m_finishWhenFilled;
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
    m_finishWhenFilled = false; // this listing finishes instead
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
    gatherPages<CacheSource, CacheCluster>(
        this, clusters, [](const CacheCluster &c) { return CacheSource::fromCluster(c); },
        doneFor(CacheSource::Kind::CacheCluster));
    ReplicationGroupListJob *groups = m_client->describeReplicationGroups(DescribeReplicationGroupsRequest {});
    gatherPages<CacheSource, ReplicationGroup>(
        this, groups, [](const ReplicationGroup &g) { return CacheSource::fromReplicationGroup(g); },
        doneFor(CacheSource::Kind::ReplicationGroup));
    ServerlessCacheListJob *serverless = m_client->describeServerlessCaches(DescribeServerlessCachesRequest {});
    gatherPages<CacheSource, ServerlessCache>(
        this, serverless, [](const ServerlessCache &c) { return CacheSource::fromServerlessCache(c); },
        doneFor(CacheSource::Kind::ServerlessCache));
    m_jobs = {clusters, groups, serverless};
}

void CacheListing::replaceKind(CacheSource::Kind kind, QList<CacheSource> fresh)
{
    if (kind == CacheSource::Kind::ReplicationGroup) {
        fillGroups(std::move(fresh)); // shown once their members' settings are in
        return;
    }
    BackgroundWork::dispose(std::exchange(m_sources[size_t(kind)], std::move(fresh)));
    if (kind != CacheSource::Kind::CacheCluster)
        Q_EMIT sourcesChanged();
    else if (fillPending())
        fillGroups(m_groupsToFill); // with these clusters instead
    else if (!m_sources[size_t(CacheSource::Kind::ReplicationGroup)].isEmpty())
        fillGroups(m_sources[size_t(CacheSource::Kind::ReplicationGroup)]);
    else
        Q_EMIT sourcesChanged();
}

void CacheListing::fillGroups(QList<CacheSource> groups)
{
    const quint64 round = ++m_fillRound;
    const QList<CacheSource> &clusters = m_sources[size_t(CacheSource::Kind::CacheCluster)];
    if (clusters.size() + groups.size() < m_fillApartSources) {
        installGroups(withMembersSettings(std::move(groups), clusters));
        return;
    }
    // Hundreds of thousands of sources: a walk over every cluster, then a copy of every group, took 160 ms of the
    // window's time. Done on a worker; a later change of the lists fills again and this round's answer is dropped.
    m_groupsToFill = groups;
    BackgroundWork::run(
        this,
        [groups = std::move(groups), clusters]() mutable { return withMembersSettings(std::move(groups), clusters); },
        [this, round](QList<CacheSource> filled) {
            if (round == m_fillRound)
                installGroups(std::move(filled));
        });
}

void CacheListing::installGroups(QList<CacheSource> groups)
{
    m_filledRound = m_fillRound;
    m_groupsToFill = {};
    BackgroundWork::dispose(std::exchange(m_sources[size_t(CacheSource::Kind::ReplicationGroup)], std::move(groups)));
    // Single groups updated while their list was filled apart: again, on the list now shown.
    for (const CacheSource &group : std::exchange(m_upsertedWhileFilling, {}))
        upsert(group, false);
    Q_EMIT sourcesChanged();
    if (std::exchange(m_finishWhenFilled, false)) {
        m_listed = true;
        Q_EMIT finished(m_errors.isEmpty());
    }
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
    if (fillPending()) {
        m_finishWhenFilled = true; // finished once the groups are shown
        return;
    }
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

QList<CacheSource> CacheListing::withMembersSettings(QList<CacheSource> groups, const QList<CacheSource> &clusters)
{
    // The first member's window and engine version per group, in one pass: looking them up among every source for
    // each group cost seconds in one event with 100,000 clusters.
    QHash<QString, QString> windows;
    QHash<QString, QString> versions;
    for (const CacheSource &member : clusters) {
        if (member.replicationGroupId.isEmpty())
            continue;
        if (!member.maintenanceWindow.isEmpty() && !windows.contains(member.replicationGroupId))
            windows.insert(member.replicationGroupId, member.maintenanceWindow);
        if (!member.engineVersion.isEmpty() && !versions.contains(member.replicationGroupId))
            versions.insert(member.replicationGroupId, member.engineVersion);
    }
    if (windows.isEmpty() && versions.isEmpty())
        return groups;
    for (CacheSource &s : groups) {
        if (const QString window = windows.value(s.id); !window.isEmpty())
            s.maintenanceWindow = window;
        // A group's description has no engine version either: its members'.
        if (s.engineVersion.isEmpty())
            s.engineVersion = versions.value(s.id);
    }
    return groups;
}

void CacheListing::upsert(const CacheSource &source)
{
    upsert(source, true);
}

void CacheListing::upsert(const CacheSource &source, bool announce)
{
    if (source.kind == CacheSource::Kind::ReplicationGroup && fillPending())
        m_upsertedWhileFilling.append(source);
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
    if (announce)
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
