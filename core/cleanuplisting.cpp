// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cleanuplisting.h"

#include "elasticacheclient.h"

#include <QTimer>

using namespace Qt::StringLiterals;

CleanupListing::CleanupListing(ElastiCacheClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
}

CleanupListing::~CleanupListing() = default;

void CleanupListing::start(std::function<void(const ApiResult<Result> &)> done)
{
    m_done = std::move(done);
    if (!m_client) {
        QTimer::singleShot(0, this, [this] {
            partDone(ApiError::make(ApiError::Kind::Config, u"NoClient"_s, u"No connection to list."_s));
        });
        m_pending = 1;
        return;
    }
    m_pending = 5;
    m_client->describeSnapshots(DescribeSnapshotsRequest())
        ->onFinished(this, [this](const ApiResult<QList<Snapshot>> &result) {
            if (result) {
                for (const Snapshot &s : result.value())
                    m_result.snapshots.append(SnapshotEntry(s));
            }
            partDone(result ? std::nullopt : std::optional<ApiError>(result.error()));
        });
    m_client->describeServerlessCacheSnapshots(DescribeServerlessCacheSnapshotsRequest())
        ->onFinished(this, [this](const ApiResult<QList<ServerlessCacheSnapshot>> &result) {
            if (result) {
                for (const ServerlessCacheSnapshot &s : result.value())
                    m_result.snapshots.append(SnapshotEntry(s));
            }
            partDone(result ? std::nullopt : std::optional<ApiError>(result.error()));
        });
    m_client->describeCacheClusters(DescribeCacheClustersRequest())
        ->onFinished(this, [this](const ApiResult<QList<CacheCluster>> &result) {
            if (result) {
                for (const CacheCluster &c : result.value())
                    m_result.sources.clusters.insert(c.cacheClusterId);
            }
            partDone(result ? std::nullopt : std::optional<ApiError>(result.error()));
        });
    m_client->describeReplicationGroups(DescribeReplicationGroupsRequest())
        ->onFinished(this, [this](const ApiResult<QList<ReplicationGroup>> &result) {
            if (result) {
                for (const ReplicationGroup &g : result.value())
                    m_result.sources.replicationGroups.insert(g.replicationGroupId);
            }
            partDone(result ? std::nullopt : std::optional<ApiError>(result.error()));
        });
    m_client->describeServerlessCaches(DescribeServerlessCachesRequest())
        ->onFinished(this, [this](const ApiResult<QList<ServerlessCache>> &result) {
            if (result) {
                for (const ServerlessCache &c : result.value())
                    m_result.sources.serverlessCaches.insert(c.serverlessCacheName);
            }
            partDone(result ? std::nullopt : std::optional<ApiError>(result.error()));
        });
}

void CleanupListing::partDone(const std::optional<ApiError> &error)
{
    if (error && !m_error)
        m_error = error;
    if (--m_pending > 0)
        return;
    const auto done = std::move(m_done);
    m_done = nullptr;
    if (!done)
        return;
    if (m_error)
        return done(*m_error);
    m_result.sources.known = true;
    done(m_result);
}

CleanupTagReader::CleanupTagReader(ClientFor clientFor, int concurrency, QObject *parent)
    : QObject(parent)
    , m_clientFor(std::move(clientFor))
    , m_concurrency(std::max(1, concurrency))
{
}

CleanupTagReader::~CleanupTagReader() = default;

void CleanupTagReader::read(const QList<CleanupRow> &rows, std::function<void(const Result &)> done)
{
    m_done = std::move(done);
    for (const CleanupRow &row : rows) {
        if (!row.entry.arn().isEmpty())
            m_queue.append({row.connection, row.entry.arn()});
    }
    QTimer::singleShot(0, this, &CleanupTagReader::next);
}

void CleanupTagReader::next()
{
    while (m_inFlight < m_concurrency && m_nextIndex < m_queue.size()) {
        const int connection = m_queue.at(m_nextIndex).first;
        const QString arn = m_queue.at(m_nextIndex++).second; // a variable of its own: lambdas capture it
        ElastiCacheClient *client = m_clientFor ? m_clientFor(connection) : nullptr;
        if (!client) {
            ++m_result.failed;
            continue;
        }
        ++m_inFlight;
        ListTagsForResourceRequest request;
        request.resourceName = arn;
        client->listTagsForResource(request)->onFinished(this, [this, arn](const ApiResult<TagListMessage> &result) {
            --m_inFlight;
            if (result) {
                m_result.tags.insert(arn, result.value().tagList);
            } else {
                if (m_result.failed++ == 0)
                    m_result.firstError = result.error().toString();
            }
            next();
        });
    }
    if (m_inFlight == 0 && m_nextIndex >= m_queue.size() && m_done) {
        const auto done = std::move(m_done);
        m_done = nullptr;
        done(m_result);
    }
}
