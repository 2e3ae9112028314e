// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "connectionchoice.h"
#include "fleetinventory.h"
#include "snapshot.h"
#include "snapshotentry.h"
#include "snapshotsource.h"
#include "turnbudget.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <array>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class ApiJob;
class ElastiCacheClient;
class QTimer;
class SnapshotTableModel;

// Loads the snapshot list of the window's connections into a SnapshotTableModel: for each connection both listings
// (node-based and serverless) stream in page by page, are merged at most maxMergeRows a turn of the event loop (the
// window must not stop for more than a few tens of milliseconds), and each kind of each connection is completed
// (rows it no longer lists removed) only once its last page is in. Also lists the clusters, groups and serverless
// caches that snapshots can be taken of. A set of connections is listed by a FleetInventory (core): its bounds on
// concurrent listings (in total and per profile), each profile's account (STS GetCallerIdentity), each
// connection's state (FleetConnectionState); one failing never stops or hides the others. One connection is the
// window of old (its own two listings): finished(complete) and failed() say what they always said.
class SnapshotListing final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SnapshotListing)

public:
    explicit SnapshotListing(SnapshotTableModel *model, QObject *parent = nullptr);
    ~SnapshotListing() override;

    // Rows merged per turn of the event loop at most; fewer when merging takes longer than kMergeTurnMs (each row
    // costs more as the table grows: some 20 µs at a million).
    void setMaxMergeRows(qsizetype rows);
    static constexpr int kMergeTurnMs = 25;
    // A turn of at least twice this many rows merges them in two blocks, and stops after the first when the second
    // would not fit in the turn's wall time (TurnBudget::wallLimitMs()).
    static constexpr qsizetype kLeastMergeBlock = 200;
    // How each connection's snapshots are listed from the next listing on: per source, many sources at once, beside
    // one sweep of the manual snapshots (SnapshotSweep, the default: the same list several times faster, paging
    // plainly where it cannot be sure), or (false) plain sequential pages of DescribeSnapshots and
    // DescribeServerlessCacheSnapshots.
    void setPerSourceListing(bool perSource);
    // What lists each connection from the next listing on (a fleet's: from the next setFleet()), in place of the one
    // setPerSourceListing() chooses (a test's seam, as FleetInventory::setListerFactory() is; null: that choice).
    void setListerFactory(FleetInventory::ListerFactory factory);
    // Refreshes every so often when no listing is running; 0 turns it off.
    void setAutoRefreshSeconds(int seconds);
    // Another connection, or none: a running listing is abandoned (no finished()) and the rows are dropped.
    void setClient(ElastiCacheClient *client);
    // One connection of the set: its client, or (null) why it could not be made; group: what bounds it with
    // others (its profile).
    struct Connection
    {
        ElastiCacheClient *client = nullptr;
        std::optional<ApiError> setupError;
        QString group;
    };
    // Another set of connections (index i is the model's connection i), each listed with its own client:
    // running listings are abandoned and the rows dropped.
    void setConnections(const QList<Connection> &connections);
    // Replaces one connection's client (after its setup failed and was tried again); its rows are dropped.
    void setConnection(int connection, const Connection &replacement);
    // A set listed by a FleetInventory: resolver gives each connection's client configuration (the window hands
    // it the configurations of its own clients, so both share their credentials). Running listings are abandoned
    // and the rows dropped.
    void setFleet(const QList<ConnectionChoice> &connections, ConnectionResolver resolver);
    FleetInventory *inventory() const; // null unless setFleet()
    // Lists everything again, merged into the rows in place; a running listing is abandoned.
    void refresh();
    // Lists one connection again (Retry); the others go on.
    void refresh(int connection);
    // The inventory's bounds: connections listed at once, in total and per profile (FleetInventory::Options).
    void setMaxConcurrent(int total, int perProfile);

    bool hasClient() const;
    int connectionCount() const;
    ElastiCacheClient *client(int connection) const;
    const FleetConnectionState &state(int connection) const;
    // With several connections an answer that the region is not enabled for the account is a state of its own,
    // not a failure (the list of the enabled ones is complete); with one it is a failure, as it always was.
    bool isNotEnabled(int connection) const;
    bool isLoading() const;
    qint64 loadedCount() const; // snapshots received by the current (or last) listing, every connection
    QDateTime lastCompleted() const; // when a listing last ended with everything listed
    // Every part of the current (or last) listing that failed, in the order they failed; failed() names the first.
    const QList<std::pair<SnapshotEntry::Kind, ApiError>> &errors() const;
    // The connections whose last listing failed (not those whose region is not enabled).
    QList<int> failedConnections() const;
    int notEnabledCount() const;
    // How many connections are in phase; with finishedCount() (done, failed or not enabled), in constant time: the
    // status bar and the connections list count at each connection's change, and a set can hold 10,000.
    int phaseCount(FleetConnectionState::Phase phase) const;
    int finishedCount() const;
    // The clusters, replication groups and serverless caches of the last listing, of every connection or of one.
    QList<SnapshotSource> sources() const;
    QList<SnapshotSource> sources(int connection) const;

    // The listing leaves out the shards' NodeGroupConfiguration (slots, replicas, zones): ShowNodeGroupConfig
    // makes a 100,000-snapshot listing a third longer. It is fetched instead for the snapshot the operator looks
    // at: entry with its shards' configuration when it is known (a snapshot's shards never change), else entry as
    // it is, and the configuration is asked for once (after a short pause, so arrowing through rows sends
    // nothing); shardConfigReceived() says when it is in.
    SnapshotEntry withShardConfig(const SnapshotEntry &entry, int connection = 0);

Q_SIGNALS:
    void started();
    void progressed(qint64 loaded); // after each slice merged
    // The first of a listing's two parts that failed; the rows listed so far stay.
    void failed(SnapshotEntry::Kind kind, const ApiError &error);
    void finished(bool complete);
    // A connection's state changed (listing, its count, done, failed, not enabled).
    void connectionStateChanged(int connection);
    void sourcesChanged();
    void shardConfigReceived(const QString &name);

private:
    struct Lister;
    void abandon();
    void abandon(Lister &lister);
    void queue(int connection);
    void startQueued();
    void fleetStateChanged(int connection, const FleetConnectionState &state);
    // Every change of a connection's state ends here: the phase counts follow it, then connectionStateChanged().
    void stateChanged(int connection);
    void recountPhases();
    void fleetEnded(int connection);
    void endRound();
    void restartConnection(int connection, const QString &reason);
    void start(int connection);
    void listSources(int connection);
    // A page of a connection's listing, whoever listed it (the fleet's inventory, the sweep, the plain jobs): counted,
    // queued, merged on the next merge.
    void queuePage(Lister &lister, const QList<Snapshot> &page);
    void queuePage(Lister &lister, const QList<ServerlessCacheSnapshot> &page);
    void queuePage(Lister &lister, const QList<SnapshotEntry> &page);
    void schedulePageMerge();
    // A merge turn's growth of a nearly full hash (HashGrowth) in its place, or the wait for a pass to make it in;
    // whether it took the turn.
    bool growHashFirst();
    void mergePendingPages();
    void listFinished(int connection, SnapshotEntry::Kind kind, const std::optional<ApiError> &error);
    void completeFinishedLists();
    void completeList(int connection, SnapshotEntry::Kind kind, const std::optional<ApiError> &error);
    void connectionEnded(int connection);
    void replaceSources(int connection, SnapshotSource::Type type, QList<SnapshotSource> fresh);
    void fetchShardConfig();
    bool anyPending() const;

    SnapshotTableModel *m_model;
    std::vector<std::unique_ptr<Lister>> m_listers;
    std::array<int, 6> m_phaseCounts {}; // by FleetConnectionState::Phase, of m_listers
    TurnBudget m_mergeTurn {2000, kMergeTurnMs};
    bool m_growthWaited = false; // the last merge turn left a hash's growth to a pass of its own (HashGrowth)
    quint64 m_sourceRounds = 0;
    quint64 m_rounds = 0; // per-source listings started, each one's number (Lister::round)
    QList<QPointer<QObject>> m_retired; // abandoned per-source listings, until their deferred deletion
    FleetInventory *m_inventory = nullptr;
    bool m_perSource = true;
    FleetInventory::ListerFactory m_listerFactory; // null: as m_perSource says
    int m_maxConcurrent = 0; // 0: FleetInventory's defaults
    int m_maxPerProfile = 0;
    std::vector<int> m_fleetEnded; // connections the inventory has finished, completed once their pages are merged
    bool m_roundRunning = false; // a listing of the set (or of one connection) has not ended yet
    bool m_failed = false; // failed() was emitted in this round
    QList<std::pair<SnapshotEntry::Kind, ApiError>> m_errors;
    // Listings whose jobs have finished, completed once their pages are merged.
    std::vector<std::tuple<int, SnapshotEntry::Kind, std::optional<ApiError>>> m_finishedLists;
    QTimer *m_pageMerge = nullptr;
    QTimer *m_autoRefresh = nullptr;
    QDateTime m_lastCompleted;
    QHash<QString, QList<NodeSnapshot>> m_shardConfigs; // by connection and snapshot name
    QSet<QString> m_shardRequests; // asked for (answered or not)
    QString m_shardWanted;
    int m_shardConnection = 0;
    QTimer *m_shardFetch = nullptr;
};
