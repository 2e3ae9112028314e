// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "backupsettings.h"
#include "turnbudget.h"
#include "unprotectedsources.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QSortFilterProxyModel>

#include <vector>

class QTimer;

// The Caches view's rows: every source with its automatic-backup settings, its newest snapshot among those the
// window has listed, the "restored from" record the app keeps, and whether it is without backups. Rows are merged
// by key (kind and id), never reset, so the selection survives refreshes and followed caches' updates.
class CacheTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CacheTableModel)

public:
    enum Column {
        NameColumn,
        KindColumn,
        EngineColumn,
        StatusColumn,
        RetentionColumn,
        WindowColumn,
        SnapshottingClusterColumn,
        LatestSnapshotColumn,
        RestoredFromColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        RawRole = Qt::UserRole, // typed value for sorting: QString, int days, QDateTime
        KeyRole, // CacheSource::key()
        UnprotectedRole, // bool
    };

    explicit CacheTableModel(QObject *parent = nullptr);
    ~CacheTableModel() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The listing's sources, all of them: rows merged by key, the rows not among them removed. A long list is
    // merged a slice a turn of the event loop (isApplyingSources() meanwhile); a new list overtakes one under way.
    void setSources(const QList<CacheSource> &sources);
    void setSources(const QList<QList<CacheSource>> &sources); // several lists, as one
    bool isApplyingSources() const;
    // The newest snapshots per source, from the snapshot table: read now for every row, and for rows added later.
    // Read where they are kept (the Caches view's, which outlives this model), not copied: a copy shared with the
    // hash its keeper goes on updating is copied whole on the keeper's next change (370,000 sources at a million
    // snapshots). Null: the hash is going; the rows keep what they show.
    void setLatest(const UnprotectedSources::LatestBySource *latest);
    bool isReadingLatest() const; // setLatest()'s reading of every row is under way (a slice a turn)
    // These sources' newest snapshots changed in the hash setLatest() gave: only their rows are read again.
    void latestChanged(const QSet<QString> &keys);
    // "Without backups": retention 0 and no manual snapshot in the last `days` days, counted from now (the time
    // of each recount unless set).
    void setUnprotectedDays(int days);
    int unprotectedDays() const;
    void setReferenceTime(const QDateTime &now);
    // What CacheWatch says of a cache it follows ("creating", "available", the failure), shown beside its status.
    void setFollowNote(const QString &key, const QString &note);
    void clearFollowNotes();
    // Re-reads the "restored from" records (restoredFrom/<ARN>).
    void reloadRestoredFrom();

    const CacheSource &sourceAt(int row) const;
    int rowOf(const QString &key) const;
    QList<CacheSource> sources() const;
    const UnprotectedSources::Latest &latestAt(int row) const;
    QString restoredFromAt(int row) const;
    QString followNoteAt(int row) const;
    bool isUnprotected(int row) const;
    // How many sources are without backups, and how many were not judged (members of a group, caches that cannot
    // have backups): kept up to date row by row, never counted over every row but when the days or the time change.
    struct UnprotectedCounts
    {
        int unprotected = 0;
        int membersSkipped = 0;
        int unsupportedSkipped = 0;
    };
    const UnprotectedCounts &unprotected() const;

    static QString retentionText(const CacheSource &source);
    static QString windowText(const CacheSource &source);
    static QString snapshottingText(const CacheSource &source);
    static QString kindText(const CacheSource &source);
    static QString dayCount(int days); // "1 day", "7 days"

Q_SIGNALS:
    void unprotectedChanged();

private:
    // A row points into the lists setSources() was given (kept in m_lists) rather than copying its source: a
    // CacheSource is some 330 bytes, and at a million snapshots the tab has 370,000 rows.
    struct Row
    {
        const CacheSource *source = nullptr;
        QString key; // source.key(), made once
        UnprotectedSources::Latest latest;
        QString restoredFrom;
        bool unprotected = false;
        bool counted = false; // its verdict is in m_counts
        UnprotectedSources::Verdict verdict = UnprotectedSources::Verdict::Protected;
        quint32 pass = 0; // the setSources() pass that last saw it
    };

    static constexpr qsizetype kSourcesPerTurn = 2000; // at most; fewer when they take longer than 25 ms
    static constexpr qsizetype kLatestRowsPerTurn = 20000; // at most; fewer when they take longer than 25 ms
    // Room for up to this many rows is made in the first slice (a millisecond or two); for more, in a turn of its own.
    static constexpr qsizetype kRoomInSlice = 50000;
    void applySources();
    bool makeRoom();
    TurnBudget m_applyTurn {kSourcesPerTurn};
    void readLatest();
    TurnBudget m_latestTurn {kLatestRowsPerTurn};
    void continueLater();
    void recount();
    QDateTime cutOff() const;
    // Judges a row again and counts it; true when its "without backups" flag changed.
    bool judge(Row &row, const QDateTime &cutOff);
    void uncount(Row &row);
    // Reads a row's newest snapshots again and judges it: its row number in latestRows when only those changed, in
    // flagRows when its flag did.
    void refreshLatest(int row, const QDateTime &cutOff, std::vector<int> &latestRows, std::vector<int> &flagRows);
    // dataChanged() over these columns of these rows (ascending), a run of neighbours at a time.
    void announce(const std::vector<int> &rows, int firstColumn, int lastColumn);
    void rebuildIndex();
    QVariant display(const Row &row, int column) const;
    QVariant raw(const Row &row, int column) const;

    std::vector<Row> m_rows;
    QHash<QString, int> m_index;
    // The list setSources() is merging, the next of it to merge, its pass number, the "restored from" records.
    QList<QList<CacheSource>> m_incoming;
    // Every list a row may point into: the last whole pass's and those given since (read only, so never detached).
    QList<QList<QList<CacheSource>>> m_lists;
    qsizetype m_incomingList = 0; // the list of m_incoming, and its next source
    qsizetype m_incomingNext = 0;
    quint32 m_pass = 0;
    QHash<QString, QString> m_restored;
    bool m_restoredRead = false; // m_restored is this pass's (read in its first slice)
    QTimer *m_continuation = nullptr; // continueLater()'s turn (applying, else reading the newest)
    qsizetype m_roomFor = 0; // rows the list being merged may need room for; 0: made
    bool m_roomWaits = false; // makeRoom() waits for the next pass of the event loop
    const UnprotectedSources::LatestBySource *m_latest = nullptr;
    qsizetype m_latestNext = -1; // the next row setLatest()'s pass reads; -1: none under way
    QHash<QString, QString> m_followNotes;
    UnprotectedCounts m_counts;
    int m_days = 30;
    QDateTime m_now;
};

// Sorts on the raw values and, when asked, shows only the sources without backups.
class CacheFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CacheFilterProxyModel)

public:
    explicit CacheFilterProxyModel(QObject *parent = nullptr);
    ~CacheFilterProxyModel() override;

    void setUnprotectedOnly(bool only);
    bool unprotectedOnly() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    bool m_unprotectedOnly = false;
};
