// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotlisting.h"

#include "apijob.h"
#include "elasticacheclient.h"
#include "snapshottablemodel.h"

#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcListing, "cachesnap.ui.listing")

namespace {

constexpr int kPageMergeMs = 150;
constexpr int kShardFetchMs = 250;

} // namespace

SnapshotListing::SnapshotListing(SnapshotTableModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
{
    m_pageMerge = new QTimer(this);
    m_pageMerge->setObjectName(u"pageMergeTimer"_s);
    m_pageMerge->setSingleShot(true);
    m_pageMerge->setInterval(kPageMergeMs);
    connect(m_pageMerge, &QTimer::timeout, this, &SnapshotListing::mergePendingPages);
    m_shardFetch = new QTimer(this);
    m_shardFetch->setSingleShot(true);
    m_shardFetch->setInterval(kShardFetchMs);
    connect(m_shardFetch, &QTimer::timeout, this, &SnapshotListing::fetchShardConfig);
    m_autoRefresh = new QTimer(this);
    m_autoRefresh->setObjectName(u"autoRefreshTimer"_s);
    connect(m_autoRefresh, &QTimer::timeout, this, [this] {
        if (!isLoading())
            refresh();
    });
}

SnapshotListing::~SnapshotListing()
{
    for (const QPointer<ApiJob> &job : std::as_const(m_jobs)) {
        if (job)
            job->disconnect(this);
    }
}

void SnapshotListing::setMaxMergeRows(qsizetype rows)
{
    m_maxMergeRows = std::max<qsizetype>(1, rows);
}

void SnapshotListing::setAutoRefreshSeconds(int seconds)
{
    if (seconds > 0)
        m_autoRefresh->start(seconds * 1000);
    else
        m_autoRefresh->stop();
}

void SnapshotListing::setClient(ElastiCacheClient *client)
{
    abandon();
    m_pendingLists = 0;
    m_client = client;
    m_model->clear(); // another account or region: nothing of the old list applies
    m_sources.clear();
    m_shardConfigs.clear();
    m_shardRequests.clear();
    m_shardFetch->stop();
}

void SnapshotListing::abandon()
{
    for (const QPointer<ApiJob> &job : std::as_const(m_jobs)) {
        if (job) {
            job->disconnect(this);
            job->abort();
        }
    }
    m_jobs.clear();
    m_pageMerge->stop();
    m_pendingNodePages.clear();
    m_pendingServerlessPages.clear();
    m_finishedLists.clear();
}

void SnapshotListing::refresh()
{
    if (!m_client)
        return;
    abandon();
    m_failed = false;
    m_errors.clear();
    m_loaded = 0;
    m_pendingLists = 2;
    m_model->beginRefresh();

    SnapshotListJob *nodeJob = m_client->describeSnapshots(DescribeSnapshotsRequest {});
    nodeJob->setAccumulate(false);
    // The model's strings are interned once, by the parser, as each page is read.
    nodeJob->setStringPool(m_model->stringPool());
    connect(nodeJob, &SnapshotListJob::pageReceived, this, [this](const QList<Snapshot> &page) {
        m_loaded += page.size();
        m_pendingNodePages.append(page);
        schedulePageMerge();
    });
    connect(nodeJob, &SnapshotListJob::finished, this, [this](const ApiResult<QList<Snapshot>> &result) {
        listFinished(SnapshotEntry::Kind::NodeBased, result ? std::nullopt : std::optional(result.error()));
    });
    ServerlessSnapshotListJob *serverlessJob
        = m_client->describeServerlessCacheSnapshots(DescribeServerlessCacheSnapshotsRequest {});
    serverlessJob->setAccumulate(false);
    serverlessJob->setStringPool(m_model->stringPool());
    connect(serverlessJob, &ServerlessSnapshotListJob::pageReceived, this,
            [this](const QList<ServerlessCacheSnapshot> &page) {
                m_loaded += page.size();
                m_pendingServerlessPages.append(page);
                schedulePageMerge();
            });
    connect(serverlessJob, &ServerlessSnapshotListJob::finished, this,
            [this](const ApiResult<QList<ServerlessCacheSnapshot>> &result) {
                listFinished(SnapshotEntry::Kind::Serverless, result ? std::nullopt : std::optional(result.error()));
            });
    m_jobs = {nodeJob, serverlessJob};
    Q_EMIT started();
    listSources();
}

void SnapshotListing::schedulePageMerge()
{
    // The first rows show at once; after that, pages that arrive close together are merged (and painted)
    // together: a repaint per page would cost more than the page itself with 100,000 rows.
    if (m_model->rowCount() == 0)
        mergePendingPages();
    else if (!m_pageMerge->isActive())
        m_pageMerge->start(kPageMergeMs);
}

void SnapshotListing::mergePendingPages()
{
    // At most m_maxMergeRows a turn of the event loop, the rest on the next turns: merging costs about 5 µs a
    // row, and the window must not stop for more than a few tens of milliseconds.
    m_pageMerge->stop();
    qsizetype budget = m_maxMergeRows;
    const auto take = [&budget](auto &pending) {
        const qsizetype n = std::min(budget, pending.size());
        budget -= n;
        if (n == pending.size())
            return std::exchange(pending, {});
        auto slice = pending.first(n);
        pending.remove(0, n);
        return slice;
    };
    if (!m_pendingNodePages.isEmpty())
        m_model->mergePage(take(m_pendingNodePages), SnapshotTableModel::Strings::Interned);
    if (budget > 0 && !m_pendingServerlessPages.isEmpty())
        m_model->mergePage(take(m_pendingServerlessPages), SnapshotTableModel::Strings::Interned);
    Q_EMIT progressed(m_loaded);
    if (!m_pendingNodePages.isEmpty() || !m_pendingServerlessPages.isEmpty())
        m_pageMerge->start(0);
    else if (!m_finishedLists.empty())
        QTimer::singleShot(0, this, &SnapshotListing::completeFinishedLists); // a turn of its own, too
}

void SnapshotListing::listFinished(SnapshotEntry::Kind kind, const std::optional<ApiError> &error)
{
    // Completed once its last pages are merged.
    m_finishedLists.emplace_back(kind, error);
    mergePendingPages();
}

void SnapshotListing::completeFinishedLists()
{
    if (m_finishedLists.empty() || !m_pendingNodePages.isEmpty() || !m_pendingServerlessPages.isEmpty())
        return;
    for (const auto &[kind, error] : std::exchange(m_finishedLists, {}))
        completeList(kind, error);
}

void SnapshotListing::completeList(SnapshotEntry::Kind kind, const std::optional<ApiError> &error)
{
    if (error) {
        // Keep what was listed: a partial list with a visible error beats an empty one, and it is never
        // presented as complete.
        m_errors.append({kind, *error});
        if (!m_failed) {
            m_failed = true;
            Q_EMIT failed(kind, *error);
        }
    } else {
        m_model->endRefresh(kind);
    }
    if (--m_pendingLists > 0)
        return;
    if (!m_failed)
        m_lastCompleted = QDateTime::currentDateTime();
    Q_EMIT finished(!m_failed);
}

namespace {
// Lists one kind of source page by page: each page becomes SnapshotSources as it arrives (a page is small), so no
// event has to convert, or free, tens of thousands of fully described clusters at once. The kind's sources are
// replaced together when the listing completes; a failure keeps the ones listed before.
template<typename Job, typename Item>
void listSourcesOf(SnapshotListing *listing, Job *job, SnapshotSource (*convert)(const Item &),
                   std::function<void(QList<SnapshotSource>)> replace)
{
    job->setAccumulate(false);
    auto fresh = std::make_shared<QList<SnapshotSource>>();
    job->onPageReceived(listing, [fresh, convert](const QList<Item> &page) {
        fresh->reserve(fresh->size() + page.size());
        for (const Item &item : page)
            fresh->append(convert(item));
    });
    job->onFinished(listing, [job, fresh, replace = std::move(replace)](const ApiResult<QList<Item>> &r) {
        if (!r) {
            qCWarning(lcListing) << job->operation() << "failed:" << r.error().toString();
            return;
        }
        replace(std::move(*fresh));
    });
}
} // namespace

void SnapshotListing::listSources()
{
    // For the create dialog's source lists and the filter combos; a failure here does not hide snapshots.
    auto replacing = [this](SnapshotSource::Type type) {
        return [this, type](QList<SnapshotSource> fresh) {
            replaceSources(type, std::move(fresh));
        };
    };
    DescribeCacheClustersRequest clustersRequest;
    clustersRequest.showCacheClustersNotInReplicationGroups = false;
    CacheClusterListJob *clusters = m_client->describeCacheClusters(clustersRequest);
    listSourcesOf(this, clusters, &SnapshotSource::fromCluster, replacing(SnapshotSource::Type::CacheCluster));
    ReplicationGroupListJob *groups = m_client->describeReplicationGroups(DescribeReplicationGroupsRequest {});
    listSourcesOf(this, groups, &SnapshotSource::fromReplicationGroup,
                  replacing(SnapshotSource::Type::ReplicationGroup));
    ServerlessCacheListJob *caches = m_client->describeServerlessCaches(DescribeServerlessCachesRequest {});
    listSourcesOf(this, caches, &SnapshotSource::fromServerlessCache, replacing(SnapshotSource::Type::ServerlessCache));
    m_jobs += {clusters, groups, caches};
}

void SnapshotListing::replaceSources(SnapshotSource::Type type, QList<SnapshotSource> fresh)
{
    m_sources.erase(
        std::remove_if(m_sources.begin(), m_sources.end(), [type](const SnapshotSource &s) { return s.type == type; }),
        m_sources.end());
    m_sources.append(std::move(fresh));
    Q_EMIT sourcesChanged();
}

bool SnapshotListing::hasClient() const
{
    return m_client != nullptr;
}

bool SnapshotListing::isLoading() const
{
    return m_pendingLists > 0;
}

qint64 SnapshotListing::loadedCount() const
{
    return m_loaded;
}

const QList<std::pair<SnapshotEntry::Kind, ApiError>> &SnapshotListing::errors() const
{
    return m_errors;
}

QDateTime SnapshotListing::lastCompleted() const
{
    return m_lastCompleted;
}

const QList<SnapshotSource> &SnapshotListing::sources() const
{
    return m_sources;
}

SnapshotEntry SnapshotListing::withShardConfig(const SnapshotEntry &entry)
{
    const Snapshot *snapshot = entry.nodeSnapshot();
    if (!snapshot || snapshot->nodeSnapshots.isEmpty())
        return entry;
    const bool complete = std::all_of(snapshot->nodeSnapshots.cbegin(), snapshot->nodeSnapshots.cend(),
                                      [](const NodeSnapshot &node) { return bool(node.nodeGroupConfiguration); });
    if (complete)
        return entry;
    const auto cached = m_shardConfigs.constFind(entry.name());
    if (cached == m_shardConfigs.constEnd()) {
        if (!m_shardRequests.contains(entry.name()) && m_client) {
            m_shardWanted = entry.name();
            m_shardFetch->start();
        }
        return entry;
    }
    Snapshot copy = *snapshot;
    for (NodeSnapshot &node : copy.nodeSnapshots) {
        for (const NodeSnapshot &known : *cached) {
            if (known.nodeGroupId == node.nodeGroupId && known.cacheClusterId == node.cacheClusterId
                && known.cacheNodeId == node.cacheNodeId) {
                node.nodeGroupConfiguration = known.nodeGroupConfiguration;
                break;
            }
        }
    }
    return SnapshotEntry(std::move(copy));
}

void SnapshotListing::fetchShardConfig()
{
    const QString name = m_shardWanted;
    if (!m_client || name.isEmpty() || m_shardRequests.contains(name))
        return;
    m_shardRequests.insert(name);
    DescribeSnapshotsRequest request;
    request.snapshotName = name;
    request.showNodeGroupConfig = true;
    SnapshotListJob *job = m_client->describeSnapshots(request);
    connect(job, &SnapshotListJob::finished, this, [this, name](const ApiResult<QList<Snapshot>> &result) {
        if (!result || result.value().isEmpty()) {
            qCDebug(lcListing) << "no shard configuration for" << name;
            return;
        }
        m_shardConfigs.insert(name, result.value().first().nodeSnapshots);
        Q_EMIT shardConfigReceived(name);
    });
}
