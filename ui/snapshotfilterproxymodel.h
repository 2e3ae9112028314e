// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "growthahead.h"
#include "keyarena.h"
#include "snapshotfilter.h"

#include <QAbstractProxyModel>
#include <QCollator>

#include <deque>
#include <functional>
#include <string>
#include <vector>

class SnapshotTableModel;

// Filters SnapshotTableModel's rows with a SnapshotFilter and sorts them on their typed values, reading the rows
// directly rather than through QVariant and QModelIndex. It keeps every source row in sort order (m_order) and the
// accepted ones as a subsequence of it (m_rows), so a filter keystroke is one pass over the rows with no sorting,
// a sort is one std::sort, and the pages and status changes that stream in are merged in place. Always dynamic:
// inserts, removals and changes of the source keep the order and the filter, with persistent indexes (the
// selection) following their rows.
class SnapshotFilterProxyModel final : public QAbstractProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SnapshotFilterProxyModel)

public:
    explicit SnapshotFilterProxyModel(QObject *parent = nullptr);
    ~SnapshotFilterProxyModel() override;

    void setSourceModel(QAbstractItemModel *model) override;
    SnapshotTableModel *snapshotModel() const;

    const SnapshotFilter &filter() const;
    // Re-filters only when the filter differs from the current one.
    void setFilter(const SnapshotFilter &filter);
    // A full re-filter of many rows is shared among the machine's cores, each given at least this many rows
    // (200,000 unless set; fewer in tests).
    void setParallelFilterRows(qsizetype rows);

    // With tag criteria, a row whose tags have not been read (or could not be) is kept, shown greyed, until they
    // are known: it is neither dropped nor counted as a match. The tags come from the table model's TagCache.
    bool isTagPending(const QModelIndex &proxyIndex) const;
    // The ARNs of every row the filter lets through but for its tag criteria, in the shown order: what the tag
    // criteria need read.
    QStringList arnsMatchingAllButTags() const;
    // Rows shown only because their tags are not known yet.
    int tagPendingRows() const;

    QVariant data(const QModelIndex &proxyIndex, int role = Qt::DisplayRole) const override;

    // Natural order ("node-2" before "node-10"), case-insensitive.
    int compareText(const QString &left, const QString &right) const;

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const; // -1: the source's order
    Qt::SortOrder sortOrder() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

Q_SIGNALS:
    void filterChanged();
    // Around the rows that new source rows bring (inserted, or placed in one change of layout): no row before
    // firstRow moved (-1: no row shown changed). A view repaints only when that reaches the rows on screen.
    void aboutToPlaceRows();
    void rowsPlaced(int firstRow);

private:
    // What sorting and searching read for one source row, kept beside the rows: comparing these is a memcmp,
    // where comparing the QStrings naturally costs several times that and a case-insensitive search more. The
    // bytes live in two arenas, so a row's keys cost 40 bytes plus their text.
    struct RowKeys
    {
        qint64 number = 0; // the sort column's value when it is a number, an instant or an enum
        KeyArena::Span text; // in m_sortBytes: the sort column's natural-order key when it is text
        KeyArena::Span name; // in m_rowBytes: the name's natural-order key, the tie-break of every column
        KeyArena::Span haystack; // in m_rowBytes: the searched fields, lowercased; empty when not ascii
        // The ARN's prefix, its index in m_arnPrefixes plus one (0: the haystack holds the whole ARN). A million
        // rows share a few prefixes ("arn:aws:elasticache:us-east-1:123456789012:snapshot:"): the haystack then
        // starts with the name, and the prefix is searched once per filter.
        quint32 arnPrefix = 0;
        bool ascii = true;
    };
    // How the needle meets an ARN prefix: inside it, or across its end into the name (splits: the lengths of the
    // needle's starts that the prefix ends with).
    struct PrefixMatch
    {
        bool inside = false;
        std::vector<size_t> splits;
    };
    bool matchesText(const RowKeys &keys) const;
    void updatePrefixMatches();
    // Writes the keys' bytes; with the row's previous keys, reuses those that have not changed and counts the
    // others as unused.
    RowKeys keysFor(int sourceRow, const RowKeys *previous = nullptr);
    void fillSortKey(int sourceRow, RowKeys &keys);
    void forget(const RowKeys &keys); // its bytes are no longer used
    void compactIfWasteful();
    void updateConnectionFilter(); // m_connectionAccepted from the filter and the model's connection labels
    void connectionsChanged();
    bool accepts(int sourceRow) const;
    bool acceptsIgnoringTags(int sourceRow) const; // safe on any thread
    bool acceptsTags(int sourceRow) const; // the window's thread only (the tag cache)
    // Clears accepted[row] where the criteria other than tags turn the row away, testing the rows still set (about
    // tested of them), on several threads when there are many.
    void testIgnoringTags(std::vector<quint8> &accepted, size_t tested) const;
    bool tagsUnknown(int sourceRow) const;
    // m_rows from m_order, or (narrowing) from m_rows itself, testing the rows in source order: the keys and
    // the table's rows are then read front to back, not in the sorted order's random one.
    void filterRows(bool narrowing);
    int compareRows(int left, int right) const; // a total order on source rows for the current sort column
    bool lessRows(int left, int right) const; // compareRows in the current sort order
    void sortOrder(); // sorts m_order by lessRows, faster than std::sort with it
    int proxyRowOf(int sourceRow) const;
    int orderPositionOf(int sourceRow) const;
    void invalidateMaps();
    // After the rows shown from first on moved (rows inserted or removed there): the map from source rows mended,
    // as long as that costs less than building it again (budget, in rows, spent), else let go of.
    void shownRowsMovedFrom(size_t first, size_t &budget);
    void mapShownRows(size_t first, size_t end); // m_proxyOf for the rows shown in [first, end), when it is kept
    size_t remapBudgetOfOneCall() const;
    // Recomputes m_rows from m_order (and m_order itself when resort) as one layout change; narrowing: the new
    // filter accepts a subset of what the old one did, so only m_rows is filtered.
    void relayout(bool resort, bool narrowing = false);
    // The source row (or -1) and column of each proxy index; and back, through an old-to-new source row map.
    std::vector<std::pair<int, int>> sourceCells(const QModelIndexList &indexes) const;
    QModelIndexList proxyIndexesOf(const std::vector<std::pair<int, int>> &cells,
                                   const std::vector<int> *remap = nullptr) const;
    // One layout change around recompute(), which replaces m_rows; persistent indexes follow their source rows.
    void relayoutWith(const std::function<void()> &recompute);
    // Inserts rows sorted by lessRows, at places in m_rows when known (else found): the first row placed, -1 for
    // none.
    int insertAccepted(const std::vector<int> &sourceRows, const std::vector<size_t> *places = nullptr);
    void removeProxyRows(std::vector<int> proxyRows);

    void sourceReset();
    void sourceRowsInserted(const QModelIndex &parent, int first, int last);
    void sourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void sourceRowsRemoved(const QModelIndex &parent, int first, int last);
    void sourceLayoutAboutToBeChanged();
    void sourceLayoutChanged();
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void singleRowChanged(int row, const QList<int> &roles);
    void emitDataChanged(std::vector<int> proxyRows, int firstColumn, int lastColumn, const QList<int> &roles);

    SnapshotTableModel *m_model = nullptr;
    SnapshotFilter m_filter;
    QCollator m_collator;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    std::deque<RowKeys> m_keys; // per source row; in blocks, so that it grows without moving (see m_rows)
    KeyArena m_rowBytes;
    KeyArena m_sortBytes;
    size_t m_rowBytesUnused = 0;
    size_t m_sortBytesUnused = 0;
    std::string m_scratch;
    std::string m_sortScratch;
    std::vector<quint8> m_accepted; // per source row, while filtering
    std::string m_needle; // the filter's text, lowercased, when it is ASCII
    bool m_needleUsable = false;
    QHash<QString, quint32> m_arnPrefixIndex; // ARN prefix -> its index in m_arnPrefixes
    std::vector<std::string> m_arnPrefixes; // lowercased
    std::vector<PrefixMatch> m_prefixMatches; // per prefix, for m_needle
    // The latest filters' shown rows, oldest first, while the rows, their order and their data stay as they were.
    struct RecentFilter
    {
        SnapshotFilter filter;
        std::vector<int> rows;
    };
    static constexpr size_t kRecentFilters = 16;
    std::vector<RecentFilter> m_recentFilters;
    void rememberFilterResult();
    void forgetFilterResults();
    size_t m_parallelFilterRows = 200000;
    bool m_onlyText = false; // the filter has no criterion but its text
    std::vector<quint8> m_connectionAccepted; // per connection, when the filter names a profile, account or region
    std::vector<int> m_order; // every source row, in sort order
    std::vector<int> m_rows; // proxy row -> source row: the accepted subsequence of m_order
    mutable std::vector<int> m_proxyOf; // source row -> proxy row or -1, rebuilt when needed
    mutable std::vector<int> m_orderOf; // source row -> position in m_order, rebuilt when needed
    // Their next buffers, made ahead on a worker once they are large (core/growthahead.h).
    GrowthAhead<int> m_orderAhead;
    GrowthAhead<int> m_rowsAhead;
    mutable GrowthAhead<int> m_proxyOfAhead;
    mutable GrowthAhead<int> m_orderOfAhead;
    mutable bool m_proxyOfValid = false;
    mutable bool m_orderOfValid = false;
    QModelIndexList m_layoutPersistent; // during a layout change of the source
    std::vector<std::pair<int, int>> m_layoutSources; // their source rows and columns
    QList<QMetaObject::Connection> m_sourceConnections;
};
