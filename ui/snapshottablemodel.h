// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hashgrowth.h"
#include "rowindex.h"
#include "snapshotentry.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>

#include <array>
#include <deque>
#include <optional>
#include <vector>

// The snapshot list as a flat table. Rows are keyed by connection + kind + name and updated by merge (never reset
// on refresh), so selection, sort and scroll survive the periodic and post-action refreshes. A row carries its
// connection as a small index into the window's set of connections (0 when there is one); the functions without
// a connection mean connection 0.
class QTimer;
class TagCache;

class SnapshotTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SnapshotTableModel)

public:
    // What each column shows and sorts on is in SnapshotColumns.
    enum Column {
        NameColumn,
        KindColumn,
        StatusColumn,
        SourceColumn,
        ReplicationGroupColumn,
        ClusterColumn,
        EngineColumn,
        NodeTypeColumn,
        ShardsColumn,
        SizeColumn,
        CreatedColumn,
        EncryptedColumn,
        ArnColumn,
        VpcColumn,
        RetentionColumn,
        ExpiryColumn,
        DataTieringColumn,
        TagsColumn, // from the connection's TagCache, not the row (see setTagCache())
        // From the row's connection (connectionLabel()), not the snapshot. After Tags: a saved header state keeps
        // the columns it knew in their places.
        ProfileColumn,
        AccountColumn,
        RegionColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        RawRole = Qt::UserRole, // typed value for sorting: QString, qint64 bytes, QDateTime, int enum
        KindRole,
        NameRole,
        ConnectionRole, // the row's connection index
    };

    // What the Profile, Account and Region columns show for a connection's rows.
    struct ConnectionLabel
    {
        QString profile; // "default", a profile's name, "Environment variables"
        QString account; // empty until known: then taken from the first snapshot ARN listed
        QString region;
        bool operator==(const ConnectionLabel &) const = default;
    };

    explicit SnapshotTableModel(QObject *parent = nullptr);
    ~SnapshotTableModel() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const SnapshotEntry &snapshotAt(int row) const;
    int connectionOf(int row) const;
    int rowOf(SnapshotEntry::Kind kind, QAnyStringView name) const;
    int rowOf(int connection, SnapshotEntry::Kind kind, QAnyStringView name) const;
    QList<SnapshotEntry> snapshots() const;

    // The window's connections, in index order: what the Profile, Account and Region columns show. Rows of
    // connections past the new count are dropped.
    void setConnections(const QList<ConnectionLabel> &labels);
    int connectionCount() const; // at least 1
    ConnectionLabel connectionLabel(int connection) const;
    void setConnectionAccount(int connection, const QString &account);

    // Drops everything (a new connection).
    void clear();
    // Drops one connection's rows (another client for it).
    void clearConnection(int connection);
    // A refresh: mergePage() for every page as it arrives, then endRefresh() per kind once its listing is
    // complete, which removes the rows of that kind (and that connection) the listing no longer contains.
    // Without a connection: every connection's.
    void beginRefresh();
    void beginRefresh(int connection);
    void mergePage(QList<SnapshotEntry> page, int connection = 0);
    // Pages of several connections at once: their new rows are inserted together (one insertion for the sorting
    // proxy to place, where a page each cost it a pass over its order per connection).
    void mergePages(std::vector<std::pair<int, QList<SnapshotEntry>>> pages);
    // Pages as read by the list jobs (their repeated strings already the process's shared copies).
    void mergePage(QList<Snapshot> page, int connection = 0);
    void mergePage(QList<ServerlessCacheSnapshot> page, int connection = 0);
    void endRefresh(SnapshotEntry::Kind kind);
    void endRefresh(int connection, SnapshotEntry::Kind kind);
    // Single-row changes from actions and status polls.
    void upsert(SnapshotEntry entry);
    void upsert(Snapshot snapshot, int connection = 0);
    void upsert(ServerlessCacheSnapshot snapshot, int connection = 0);
    void upsertIn(int connection, SnapshotEntry entry);
    bool remove(SnapshotEntry::Kind kind, const QString &name);
    bool removeIn(int connection, SnapshotEntry::Kind kind, const QString &name);
    // What an operation the service does not describe in the row says about it ("exporting: 2 of 3 objects, 1.4
    // GB so far"): shown in the Status column instead of the status, and as its tooltip, until set empty. Kept by
    // name, so a row listed later shows it too; clear() forgets the notes.
    void setStatusNote(SnapshotEntry::Kind kind, const QString &name, const QString &note);
    void setStatusNote(int connection, SnapshotEntry::Kind kind, const QString &name, const QString &note);
    QString statusNote(SnapshotEntry::Kind kind, const QString &name) const;
    QString statusNote(int connection, SnapshotEntry::Kind kind, const QString &name) const;

    // Where the Tags column reads its cells: the cache's entry for the row's ARN, "…" until it is read. The
    // column never asks for tags (TagDemand says what to read); each read repaints its row. Null: no tags.
    void setTagCache(TagCache *cache);
    TagCache *tagCache() const;
    // The Tags cell's text for a snapshot ("key=value, …", "…" while unread), and its tooltip.
    QString tagsText(const SnapshotEntry &entry) const;
    QString tagsToolTip(const SnapshotEntry &entry) const;

    // Many scattered rows (the snapshots a refresh no longer lists) are removed in one layout change: one
    // rowsRemoved per contiguous run would cost the proxy and the view O(rows) each, seconds for a thousand.
    // While that layoutChanged is emitted, this maps each former row to its new number, or -1 if removed;
    // empty otherwise.
    const std::vector<int> &removalRemap() const;

    // How many rows name each cluster (CacheClusterId, or the serverless cache of a serverless snapshot) and
    // each replication group, kept up to date as rows change: the filter combos show these counts, and tallying
    // 100,000 rows at every refill would hold up the window.
    const QHash<QString, int> &clusterCounts() const;
    const QHash<QString, int> &replicationGroupCounts() const;
    // The serverless caches' share of clusterCounts(): the cluster combo marks those ids as serverless.
    const QHash<QString, int> &serverlessCacheCounts() const;

Q_SIGNALS:
    // The connections' labels changed (setConnections(), an account learnt): the Profile, Account and Region
    // columns, and what filters on them, must be read again. (No dataChanged() for them: the proxy says it.)
    void connectionsChanged();

private:
    // The connection fits in the padding after the generation: a row costs what it did with one connection.
    struct Row
    {
        SnapshotEntry entry;
        quint32 generation = 0;
        quint16 connection = 0;
    };
    // Per connection: the generation of its current refresh, its label.
    struct ConnectionRows
    {
        quint32 generation = 0;
        ConnectionLabel label;
        // Its rows of each kind, and of those the ones its current refresh listed: when they are as many, ending the
        // refresh has no stale row to look for (a first listing, a refresh that found every row again).
        std::array<qsizetype, 2> rows {};
        std::array<qsizetype, 2> listed {};
    };
    void tally(const Row &row, int delta); // a row added (1) or removed (-1)

    ConnectionRows &connectionRows(int connection); // grows the list as needed
    quint32 hashOf(const Row &row) const; // its key's in m_index
    bool isRowOf(int row, int connection, SnapshotEntry::Kind kind, QAnyStringView name) const;
    void learnAccount(int connection, const SnapshotEntry &entry);
    QVariant connectionData(int column, int connection, int role) const;
    void removeRows(std::vector<int> rows); // ascending
    void removeScatteredRows(const std::vector<int> &rows); // ascending
    void count(const SnapshotEntry &entry, int delta);

    // In blocks, not one array: at a million rows, growing one array was an event of half a second (a new
    // buffer of tens of megabytes, every page of it touched for the first time in one go).
    std::deque<Row> m_rows;
    std::vector<ConnectionRows> m_connections; // at least one
    RowIndex m_index; // every row by connection, kind and name
    QHash<QString, int> m_clusterCounts;
    QHash<QString, int> m_groupCounts;
    QHash<QString, int> m_serverlessCounts;
    HashGrowth::Watch m_countsGrowth {&m_clusterCounts, &m_groupCounts, &m_serverlessCounts};
    std::vector<int> m_removalRemap;
    QHash<QString, QString> m_statusNotes; // by connection, kind and name
    TagCache *m_tags = nullptr;
    QMetaObject::Connection m_tagsConnection;
    // Rows whose tags changed, announced together: a tag filter's reads arrive dozens a second, and each row a
    // filter then drops changes the counts the window shows (a relayout of the window each time).
    QSet<QString> m_tagChanges;
    QTimer *m_tagFlush = nullptr;
    void flushTagChanges();
    QString noteFor(int connection, const SnapshotEntry &entry) const;
};
