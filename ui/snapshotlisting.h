// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "snapshot.h"
#include "snapshotentry.h"
#include "snapshotsource.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <optional>
#include <utility>
#include <vector>

class ApiJob;
class ElastiCacheClient;
class QTimer;
class SnapshotTableModel;

// Loads the snapshot list into a SnapshotTableModel: both listings (node-based and serverless) stream in page by
// page, are merged at most maxMergeRows a turn of the event loop (the window must not stop for more than a few tens
// of milliseconds), and each kind is completed (rows it no longer lists removed) only once its last page is in.
// Also lists the clusters, groups and serverless caches that snapshots can be taken of.
class SnapshotListing final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SnapshotListing)

public:
    explicit SnapshotListing(SnapshotTableModel *model, QObject *parent = nullptr);
    ~SnapshotListing() override;

    // Rows merged per turn of the event loop (about 5 µs of the window's time each).
    void setMaxMergeRows(qsizetype rows);
    // Refreshes every so often when no listing is running; 0 turns it off.
    void setAutoRefreshSeconds(int seconds);
    // Another connection, or none: a running listing is abandoned (no finished()) and the rows are dropped.
    void setClient(ElastiCacheClient *client);
    // Lists everything again, merged into the rows in place; a running listing is abandoned.
    void refresh();

    bool hasClient() const;
    bool isLoading() const;
    qint64 loadedCount() const; // snapshots received by the current (or last) listing
    QDateTime lastCompleted() const; // when a listing last ended with everything listed
    // Every part of the current (or last) listing that failed, in the order they failed; failed() names the first.
    const QList<std::pair<SnapshotEntry::Kind, ApiError>> &errors() const;
    // The clusters, replication groups and serverless caches of the last listing.
    const QList<SnapshotSource> &sources() const;

    // The listing leaves out the shards' NodeGroupConfiguration (slots, replicas, zones): ShowNodeGroupConfig
    // makes a 100,000-snapshot listing a third longer. It is fetched instead for the snapshot the operator looks
    // at: entry with its shards' configuration when it is known (a snapshot's shards never change), else entry as
    // it is, and the configuration is asked for once (after a short pause, so arrowing through rows sends
    // nothing); shardConfigReceived() says when it is in.
    SnapshotEntry withShardConfig(const SnapshotEntry &entry);

Q_SIGNALS:
    void started();
    void progressed(qint64 loaded); // after each slice merged
    // The first of a listing's two parts that failed; the rows listed so far stay.
    void failed(SnapshotEntry::Kind kind, const ApiError &error);
    void finished(bool complete);
    void sourcesChanged();
    void shardConfigReceived(const QString &name);

private:
    void abandon();
    void listSources();
    void schedulePageMerge();
    void mergePendingPages();
    void listFinished(SnapshotEntry::Kind kind, const std::optional<ApiError> &error);
    void completeFinishedLists();
    void completeList(SnapshotEntry::Kind kind, const std::optional<ApiError> &error);
    void replaceSources(SnapshotSource::Type type, QList<SnapshotSource> fresh);
    void fetchShardConfig();

    SnapshotTableModel *m_model;
    QPointer<ElastiCacheClient> m_client;
    qsizetype m_maxMergeRows = 2000;
    QList<QPointer<ApiJob>> m_jobs; // the two listings and the sources' three
    int m_pendingLists = 0;
    bool m_failed = false;
    QList<std::pair<SnapshotEntry::Kind, ApiError>> m_errors;
    qint64 m_loaded = 0;
    QList<Snapshot> m_pendingNodePages;
    QList<ServerlessCacheSnapshot> m_pendingServerlessPages;
    // Listings whose jobs have finished, completed once their pages are merged.
    std::vector<std::pair<SnapshotEntry::Kind, std::optional<ApiError>>> m_finishedLists;
    QTimer *m_pageMerge = nullptr;
    QTimer *m_autoRefresh = nullptr;
    QDateTime m_lastCompleted;
    QList<SnapshotSource> m_sources;
    QHash<QString, QList<NodeSnapshot>> m_shardConfigs; // by snapshot name
    QSet<QString> m_shardRequests; // asked for (answered or not) through this client
    QString m_shardWanted;
    QTimer *m_shardFetch = nullptr;
};
