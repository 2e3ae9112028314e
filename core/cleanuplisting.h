// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "cleanupplan.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>

class ElastiCacheClient;

// What a clean-up plan needs from one connection, for cachesnap-cli plan-cleanup and the tests: every snapshot
// (DescribeSnapshots and DescribeServerlessCacheSnapshots, all pages) and the live sources (DescribeCacheClusters,
// DescribeReplicationGroups, DescribeServerlessCaches), the five listings at once. done() runs once, never from
// inside start(): with the snapshots and sources, or the first error (a partial list is never a plan's input).
class CleanupListing final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CleanupListing)

public:
    struct Result
    {
        QList<SnapshotEntry> snapshots;
        CleanupSources sources;
    };

    CleanupListing(ElastiCacheClient *client, QObject *parent = nullptr);
    ~CleanupListing() override;

    void start(std::function<void(const ApiResult<Result> &)> done);

private:
    void partDone(const std::optional<ApiError> &error);

    QPointer<ElastiCacheClient> m_client;
    std::function<void(const ApiResult<Result> &)> m_done;
    Result m_result;
    std::optional<ApiError> m_error;
    int m_pending = 0;
};

// Reads the tags (ListTagsForResource) of the given rows, a few at a time per connection. done() runs once, never
// from inside read(), with the tags of each ARN read; a row whose tags could not be read is missing from the map
// (so a plan holds it), and its error is counted.
class CleanupTagReader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CleanupTagReader)

public:
    using ClientFor = std::function<ElastiCacheClient *(int connection)>;
    struct Result
    {
        QHash<QString, QList<Tag>> tags; // by ARN
        int failed = 0;
        QString firstError;
    };

    CleanupTagReader(ClientFor clientFor, int concurrency = 4, QObject *parent = nullptr);
    ~CleanupTagReader() override;

    void read(const QList<CleanupRow> &rows, std::function<void(const Result &)> done);

private:
    void next();

    ClientFor m_clientFor;
    int m_concurrency;
    QList<std::pair<int, QString>> m_queue; // connection, ARN
    qsizetype m_nextIndex = 0;
    int m_inFlight = 0;
    Result m_result;
    std::function<void(const Result &)> m_done;
};
