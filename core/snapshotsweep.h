// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "snapshot.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class ElastiCacheClient;

// How a sweep ended, and what it took.
struct SweepResult
{
    bool complete = false; // every snapshot of the connection was emitted (and the last pages were the final list)
    bool cancelled = false;
    std::optional<ApiError> error; // why it is not complete (not set when cancelled)
    bool fellBack = false; // it listed plainly (sequential pages) after all
    QString fallbackReason; // why, in plain words

    qint64 nodeSnapshots = 0; // distinct snapshots in the final list
    qint64 serverlessSnapshots = 0;
    int sources = 0; // clusters, replication groups and serverless caches found, to be asked one by one
    int requests = 0; // requests sent, retries included
    int throttled = 0; // answers that were throttling errors
    int pageRetries = 0; // pages the sweep asked again after a job had given up (throttling, network)
    int peakConcurrency = 0; // the most requests in flight at once
    int finalConcurrency = 0; // the concurrency limit it ended with
    qint64 elapsedMs = 0;

    // "2,400 snapshots in 12.1 s (1,230 requests, 3 throttled)", then "; listed plainly: <reason>" after a fallback
    QString words() const;
};

// One connection's whole snapshot list, node-based and serverless, faster than sequential paging.
//
// Automatic snapshots always belong to a live source (a cluster, a replication group or a serverless cache)
// and are deleted with it, so they are listed per source, many sources at once, while the sources are being
// listed; manual snapshots, which outlive their source, come from one SnapshotSource=user sweep (and one
// SnapshotType=manual sweep for serverless) running beside them. The sources are listed again at the end.
// Where it cannot be sure the result is exactly what the plain sequential listing gives (a source appeared
// or vanished, an answer held a snapshot the filter should not have let through, the service refused a
// filter), it drops what it was doing and lists plainly, emitting restarted(reason) first.
//
// Pages come as they arrive, from several calls at once, in no order: consumers merge by name. Before a
// fallback the sweep emits each name once; after restarted() the plain listing's pages are emitted whole, and
// only they make the final list (a consumer that removes rows a listing did not return counts names from
// restarted() on). finished() comes exactly once; cancel() ends it with result.cancelled. Slots may delete the
// sweep (deleteLater() is kinder). A listing stops at the client's maxPages, as the plain jobs do.
//
// Concurrency adapts (AIMD): it starts at Options::initialConcurrency requests in flight, grows while answers
// succeed (doubling each round trip until the first throttling answer, then by one a round trip), up to
// Options::maxConcurrency, and halves at a throttling answer (once per round trip). The jobs retry throttled
// requests with the client's backoff and retry quota; a page whose job gave up on throttling or a transient
// error is asked again by the sweep after a growing pause, at most Options::maxPageRetries times. A request per
// source costs more requests than plain pages of 50: once throttling shows the rate the service allows, the
// sweep switches to the plain listing when that would now be quicker (Options::switchWhenThrottled).
class SnapshotSweep final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SnapshotSweep)

public:
    struct Options
    {
        int maxConcurrency = 32; // requests in flight at most
        int initialConcurrency = 4;
        bool allowPerSource = true; // false: the plain listing only
        int snapshotPageSize = 50; // MaxRecords / MaxResults of the snapshot listings (20–50; serverless 1–50)
        int sourcePageSize = 100; // of the source listings (20–100)
        int maxPageRetries = 8;
        // Under throttling, list plainly when the per-source listings left would take longer at the measured
        // rate than the whole plain listing (restarted() says so).
        bool switchWhenThrottled = true;
    };

    SnapshotSweep(ElastiCacheClient *client, Options options, QObject *parent = nullptr);
    explicit SnapshotSweep(ElastiCacheClient *client, QObject *parent = nullptr);
    ~SnapshotSweep() override;

    void start();
    void cancel();
    bool isRunning() const;
    // The concurrency limit now (for tests and status displays).
    int concurrency() const;

Q_SIGNALS:
    void nodePage(const QList<Snapshot> &page); // in any order, from several calls at once
    void serverlessPage(const QList<ServerlessCacheSnapshot> &page);
    // It has fallen back to the plain listing; pages from now on make the final list.
    void restarted(const QString &reason);
    void finished(const SweepResult &result);

private:
    class Private;
    std::unique_ptr<Private> d;
};
