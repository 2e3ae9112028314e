// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cleanupplan.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>
#include <vector>

class ElastiCacheClient;

// What became of one snapshot of a plan.
struct CleanupResult
{
    enum class Outcome : quint8 {
        NotRun, // stopped before its turn
        Deleted, // the service accepted the delete (the snapshot is "deleting")
        Skipped, // changed since the preview (gone, no longer available, replaced): never forced
        Failed, // the re-read or the delete failed; error says why
    };

    CleanupItem item;
    Outcome outcome = Outcome::NotRun;
    QString reason; // plain words: why skipped, the error, or why not run
    QString errorCode; // the service's code when it answered one

    static QString outcomeName(Outcome outcome); // "not run", "deleted", "skipped", "failed"
};

// Carries out a plan's deletions, one connection beside the other. Before each delete it re-reads the snapshot
// (DescribeSnapshots / DescribeServerlessCacheSnapshots by name) and skips it, with the reason, when it is gone, is
// no longer available (being copied, exported, restored, deleted), is automatic now, or is another snapshot of the
// same name. Each connection keeps to a request rate (a token bucket; both calls count) and a number of snapshots
// at once; a throttling answer (after the client's own retries) halves that connection's rate, pauses it (1 s,
// doubling to 30 s) and puts the snapshot back in line; steady success brings the rate back. stop() starts nothing
// new: calls under way finish, the rest are "not run". finished() comes exactly once, never from start().
class CleanupRun final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CleanupRun)

public:
    using ClientFor = std::function<ElastiCacheClient *(int connection)>;
    struct Options
    {
        double requestsPerSecond = 5; // per connection; a snapshot takes two requests
        int concurrency = 2; // snapshots under way at once per connection
        double minRequestsPerSecond = 0.5;
        int firstPauseMs = 1000; // after a throttling answer, doubled for each one after it
        int maxPauseMs = 30000;
    };
    struct Counts
    {
        int deleted = 0;
        int skipped = 0;
        int failed = 0;
        int notRun = 0; // includes those still waiting while the run is under way
    };

    CleanupRun(const CleanupPlan &plan, ClientFor clientFor, QObject *parent = nullptr);
    CleanupRun(const CleanupPlan &plan, ClientFor clientFor, Options options, QObject *parent = nullptr);
    ~CleanupRun() override;

    void start();
    void stop();
    bool isRunning() const;
    bool isStopping() const;
    bool isFinished() const;

    const QList<CleanupResult> &results() const; // in the plan's order
    Counts counts() const;
    int throttledAnswers() const;
    const QList<CleanupConnection> &connections() const;

    // connection, profile, account, region, source, kind, snapshot, bytes, outcome, reason, error_code.
    QByteArray resultsCsv() const;
    // {"Counts": {...}, "Results": [{"Connection", "Profile", "Account", "Region", "Source", "Kind", "SnapshotName",
    // "Bytes", "Outcome", "Reason", "ErrorCode"}]}
    QByteArray resultsJson() const;

Q_SIGNALS:
    void progressed(int done, int total);
    void itemFinished(int index);
    void throttled(int connection, int pauseMs);
    void finished();

private:
    struct Lane
    {
        std::deque<int> queue;
        int inFlight = 0;
        double rate = 0;
        double tokens = 0;
        qint64 refilledAtMs = 0;
        qint64 pausedUntilMs = 0;
        int pauseMs = 0;
        int successes = 0;
    };

    void pump();
    bool take(Lane &lane, qint64 nowMs);
    void reRead(int index);
    void checkThenDelete(int index, const SnapshotEntry &now);
    void deleteNow(int index);
    void onThrottled(int index);
    void onSucceededCall(int index);
    void complete(int index, CleanupResult::Outcome outcome, const QString &reason, const QString &code = QString());
    void finishIfDone();

    QList<CleanupConnection> m_connections;
    ClientFor m_clientFor;
    Options m_options;
    QList<CleanupResult> m_results;
    std::vector<Lane> m_lanes;
    QElapsedTimer m_clock;
    QTimer m_timer;
    int m_done = 0;
    int m_throttled = 0;
    bool m_started = false;
    bool m_stopping = false;
    bool m_finished = false;
};
