// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "snapshotentry.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>

#include <optional>
#include <vector>

// The snapshot list as a flat table. Rows are keyed by kind + name and updated by merge (never reset on
// refresh), so selection, sort and scroll survive the periodic and post-action refreshes.
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
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        RawRole = Qt::UserRole, // typed value for sorting: QString, qint64 bytes, QDateTime, int enum
        KindRole,
        NameRole,
    };

    explicit SnapshotTableModel(QObject *parent = nullptr);
    ~SnapshotTableModel() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const SnapshotEntry &snapshotAt(int row) const;
    int rowOf(SnapshotEntry::Kind kind, const QString &name) const;
    QList<SnapshotEntry> snapshots() const;

    // Drops everything (a new connection).
    void clear();
    // A refresh: mergePage() for every page as it arrives, then endRefresh() per kind once its listing is
    // complete, which removes the rows of that kind the listing no longer contains.
    void beginRefresh();
    void mergePage(QList<SnapshotEntry> page);
    // Whether a page's repeated strings already come from stringPool() (a list job given the pool interns them
    // as it reads) or still need interning here.
    enum class Strings { NotInterned, Interned };
    void mergePage(QList<Snapshot> page, Strings strings = Strings::NotInterned);
    void mergePage(QList<ServerlessCacheSnapshot> page, Strings strings = Strings::NotInterned);
    // The pool the rows' repeated strings are shared through, for the list jobs that fill the model.
    StringPool *stringPool() { return &m_pool; }
    void endRefresh(SnapshotEntry::Kind kind);
    // Single-row changes from actions and status polls.
    void upsert(SnapshotEntry entry);
    void upsert(Snapshot snapshot);
    void upsert(ServerlessCacheSnapshot snapshot);
    bool remove(SnapshotEntry::Kind kind, const QString &name);
    // What an operation the service does not describe in the row says about it ("exporting: 2 of 3 objects, 1.4
    // GB so far"): shown in the Status column instead of the status, and as its tooltip, until set empty. Kept by
    // name, so a row listed later shows it too; clear() forgets the notes.
    void setStatusNote(SnapshotEntry::Kind kind, const QString &name, const QString &note);
    QString statusNote(SnapshotEntry::Kind kind, const QString &name) const;

    qsizetype internedStrings() const;

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

private:
    struct Row
    {
        SnapshotEntry entry;
        quint32 generation = 0;
    };

    QHash<QString, int> &indexFor(SnapshotEntry::Kind kind);
    const QHash<QString, int> &indexFor(SnapshotEntry::Kind kind) const;
    void rebuildIndex();
    void removeRows(std::vector<int> rows); // ascending
    void removeScatteredRows(const std::vector<int> &rows); // ascending
    void count(const SnapshotEntry &entry, int delta);

    std::vector<Row> m_rows;
    QHash<QString, int> m_nodeIndex;
    QHash<QString, int> m_serverlessIndex;
    StringPool m_pool;
    QHash<QString, int> m_clusterCounts;
    QHash<QString, int> m_groupCounts;
    QHash<QString, int> m_serverlessCounts;
    std::vector<int> m_removalRemap;
    QHash<QString, QString> m_statusNotes; // by kind and name
    TagCache *m_tags = nullptr;
    QMetaObject::Connection m_tagsConnection;
    // Rows whose tags changed, announced together: a tag filter's reads arrive dozens a second, and each row a
    // filter then drops changes the counts the window shows (a relayout of the window each time).
    QSet<QString> m_tagChanges;
    QTimer *m_tagFlush = nullptr;
    void flushTagChanges();
    QString noteFor(const SnapshotEntry &entry) const;
    quint32 m_generation = 0;
};
