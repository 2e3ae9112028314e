// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotfilterproxymodel.h"

#include "growthahead.h"

#include "bytekeysort.h"
#include "naturalorder.h"
#include "snapshotcolumns.h"
#include "snapshottablemodel.h"
#include "tagcache.h"
#include "tagrules.h"

#include <QGuiApplication>
#include <QPalette>

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <thread>
#include <tuple>

namespace {

using NaturalOrder::isDigit;
using NaturalOrder::lower;

// New rows are placed with one layout change, not a rowsInserted a landing place, when they are more than this many
// rows or land in more than this many places: each insertion costs every view a pass over its rows (a vertical header
// moves its sections), 1-2 ms at a million rows, and the last page of a fleet's listing, 50 rows in 50 places, held the
// window for 83 ms.
constexpr size_t kLayoutInsertThreshold = 64;
constexpr size_t kMostInsertPlaces = 4;
constexpr size_t kParallelKeyRows = 100000; // the fewest rows a thread writes sort keys for

// A byte string whose plain order is NaturalOrder::compareAscii's order: ASCII lowercased, and each run of digits
// written as '0', its length without leading zeros and its significant digits, so a longer number sorts after a
// shorter one and equal lengths compare digit by digit ('0' stands where a digit stood, so runs still sort
// before letters and after '-' and '.'). Other characters are appended as lowercase UTF-8.
void appendNaturalKey(QStringView text, std::string &out)
{
    qsizetype i = 0;
    while (i < text.size()) {
        const char16_t c = text[i].unicode();
        if (isDigit(c)) {
            while (i < text.size() && text[i] == u'0')
                ++i;
            const qsizetype start = i;
            while (i < text.size() && isDigit(text[i].unicode()))
                ++i;
            out.push_back('0');
            out.push_back(char(std::min<qsizetype>(i - start, 255)));
            for (qsizetype k = start; k < i; ++k)
                out.push_back(char(text[k].unicode()));
            continue;
        }
        if (c < 0x80)
            out.push_back(char(lower(c)));
        else
            out.append(text.mid(i, 1).toString().toLower().toStdString());
        ++i;
    }
}

// Appends text lowercased; false when it is not ASCII (the search then falls back to SnapshotFilter::matches).
bool appendLowerAscii(QStringView text, std::string &out)
{
    for (QChar c : text) {
        if (c.unicode() >= 0x80)
            return false;
        out.push_back(char(lower(c.unicode())));
    }
    return true;
}

// How many threads share work items when each should get at least perThread of them (1: none but the caller's).
unsigned threadsFor(size_t items, size_t perThread)
{
    return unsigned(std::clamp<size_t>(items / std::max<size_t>(perThread, 1), 1,
                                       std::max(std::thread::hardware_concurrency(), 1U)));
}

// Calls f(begin, end) over [0, count) in threads ranges, the first on the calling thread, the others on threads of
// their own; returns once every range is done.
template<typename F> void inRanges(size_t count, unsigned threads, const F &f)
{
    if (threads <= 1) {
        f(size_t(0), count);
        return;
    }
    std::vector<std::thread> helpers;
    const size_t share = count / threads;
    for (unsigned i = 1; i < threads; ++i)
        helpers.emplace_back(f, share * i, i + 1 == threads ? count : share * (i + 1));
    f(size_t(0), share);
    for (std::thread &helper : helpers)
        helper.join();
}

template<typename T> int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

// Where each fresh row (sorted by less) goes in into (sorted by less), as std::merge would place it (after the rows
// it ties with): its position in into as it is, never decreasing. A binary search per fresh row, where std::merge
// compares every row of into: a page of 2,000 rows merged into 1,000,000 costs some 40,000 comparisons.
template<typename Less>
std::vector<size_t> placesIn(const std::vector<int> &into, const std::vector<int> &fresh, Less less)
{
    std::vector<size_t> at(fresh.size());
    auto from = into.begin();
    for (size_t i = 0; i < fresh.size(); ++i) {
        from = std::upper_bound(from, into.end(), fresh[i], less);
        at[i] = size_t(from - into.begin());
    }
    return at;
}

// Inserts fresh at its places (placesIn()) in one pass that moves the rows.
void insertAt(std::vector<int> &into, GrowthAhead<int> &ahead, const std::vector<int> &fresh,
              const std::vector<size_t> &at)
{
    size_t end = into.size();
    ahead.reserveFor(into, into.size() + fresh.size());
    into.resize(into.size() + fresh.size());
    for (size_t i = fresh.size(); i-- > 0;) {
        std::move_backward(into.begin() + qsizetype(at[i]), into.begin() + qsizetype(end),
                           into.begin() + qsizetype(end + i + 1));
        into[at[i] + i] = fresh[i];
        end = at[i];
    }
}

// Merges fresh (sorted by less) into into (sorted by less), in place, as std::merge would.
template<typename Less>
void mergeInto(std::vector<int> &into, GrowthAhead<int> &ahead, const std::vector<int> &fresh, Less less)
{
    if (!fresh.empty())
        insertAt(into, ahead, fresh, placesIn(into, fresh, less));
}

} // namespace

SnapshotFilterProxyModel::SnapshotFilterProxyModel(QObject *parent)
    : QAbstractProxyModel(parent)
{
    m_collator.setNumericMode(true);
    m_collator.setCaseSensitivity(Qt::CaseInsensitive);
}

SnapshotFilterProxyModel::~SnapshotFilterProxyModel() = default;

void SnapshotFilterProxyModel::setSourceModel(QAbstractItemModel *model)
{
    beginResetModel();
    for (const QMetaObject::Connection &connection : std::as_const(m_sourceConnections))
        disconnect(connection);
    m_sourceConnections.clear();
    m_model = qobject_cast<SnapshotTableModel *>(model);
    Q_ASSERT(m_model || !model);
    QAbstractProxyModel::setSourceModel(model);
    if (m_model) {
        m_sourceConnections = {
            connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { beginResetModel(); }),
            connect(m_model, &QAbstractItemModel::modelReset, this,
                    [this] {
                        sourceReset();
                        endResetModel();
                    }),
            // The table model changes its layout only to remove many scattered rows at once.
            connect(m_model, &QAbstractItemModel::layoutAboutToBeChanged, this,
                    &SnapshotFilterProxyModel::sourceLayoutAboutToBeChanged),
            connect(m_model, &QAbstractItemModel::layoutChanged, this, &SnapshotFilterProxyModel::sourceLayoutChanged),
            connect(m_model, &QAbstractItemModel::rowsInserted, this, &SnapshotFilterProxyModel::sourceRowsInserted),
            connect(m_model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                    &SnapshotFilterProxyModel::sourceRowsAboutToBeRemoved),
            connect(m_model, &QAbstractItemModel::rowsRemoved, this, &SnapshotFilterProxyModel::sourceRowsRemoved),
            connect(m_model, &QAbstractItemModel::dataChanged, this, &SnapshotFilterProxyModel::sourceDataChanged),
            connect(m_model, &QAbstractItemModel::headerDataChanged, this, &QAbstractItemModel::headerDataChanged),
            connect(m_model, &SnapshotTableModel::connectionsChanged, this,
                    &SnapshotFilterProxyModel::connectionsChanged),
        };
    }
    sourceReset();
    endResetModel();
}

SnapshotTableModel *SnapshotFilterProxyModel::snapshotModel() const
{
    return m_model;
}

const SnapshotFilter &SnapshotFilterProxyModel::filter() const
{
    return m_filter;
}

void SnapshotFilterProxyModel::setFilter(const SnapshotFilter &filter)
{
    if (m_filter == filter)
        return;
    // Typing on in the search box only narrows: then only the rows shown now need a look.
    SnapshotFilter probe = filter;
    probe.setText(m_filter.text());
    probe.setReferenceTime(m_filter.referenceTime());
    const bool narrowing = probe == m_filter && filter.text().contains(m_filter.text(), Qt::CaseInsensitive)
        && (filter.minimumAgeDays() == 0 || filter.referenceTime() == m_filter.referenceTime());
    m_filter = filter;
    m_needle.clear();
    m_needleUsable = appendLowerAscii(m_filter.text(), m_needle) && !m_needle.empty();
    updatePrefixMatches();
    SnapshotFilter others = m_filter;
    others.setText(QString());
    m_onlyText = others.isEmpty();
    updateConnectionFilter();
    // A filter shown a moment ago on the same rows (a character typed, then deleted) shows the rows it showed then.
    const auto known = std::find_if(m_recentFilters.begin(), m_recentFilters.end(),
                                    [this](const RecentFilter &recent) { return recent.filter == m_filter; });
    if (known != m_recentFilters.end())
        relayoutWith([this, &known] { m_rows = known->rows; });
    else
        relayout(false, narrowing);
    rememberFilterResult();
    Q_EMIT filterChanged();
}

void SnapshotFilterProxyModel::rememberFilterResult()
{
    // Not with tag criteria: their answer changes as tags are read.
    if (m_filter.hasTagCriteria())
        return;
    std::erase_if(m_recentFilters, [this](const RecentFilter &recent) { return recent.filter == m_filter; });
    m_recentFilters.push_back({m_filter, m_rows});
    // At most kRecentFilters results, and twice the rows in all.
    size_t kept = 0;
    for (const RecentFilter &recent : m_recentFilters)
        kept += recent.rows.size();
    while (m_recentFilters.size() > 1
           && (m_recentFilters.size() > kRecentFilters || kept > 2 * std::max<size_t>(m_order.size(), 1))) {
        kept -= m_recentFilters.front().rows.size();
        m_recentFilters.erase(m_recentFilters.begin());
    }
}

void SnapshotFilterProxyModel::forgetFilterResults()
{
    m_recentFilters.clear();
}

void SnapshotFilterProxyModel::setParallelFilterRows(qsizetype rows)
{
    m_parallelFilterRows = size_t(std::max<qsizetype>(1, rows));
}

void SnapshotFilterProxyModel::updateConnectionFilter()
{
    m_connectionAccepted.clear();
    if (!m_model || !m_filter.hasConnectionCriteria())
        return;
    m_connectionAccepted.resize(size_t(m_model->connectionCount()));
    for (int connection = 0; connection < m_model->connectionCount(); ++connection) {
        const SnapshotTableModel::ConnectionLabel label = m_model->connectionLabel(connection);
        m_connectionAccepted[size_t(connection)]
            = m_filter.matchesConnection(label.profile, label.account, label.region);
    }
}

void SnapshotFilterProxyModel::connectionsChanged()
{
    forgetFilterResults();
    // An account learnt, or another set of connections: what filters or sorts on them is read again.
    updateConnectionFilter();
    const bool sortsOnConnection
        = m_sortColumn >= SnapshotTableModel::ProfileColumn && m_sortColumn <= SnapshotTableModel::RegionColumn;
    if (sortsOnConnection) {
        for (size_t row = 0; row < m_keys.size(); ++row)
            fillSortKey(int(row), m_keys[row]);
    }
    if (sortsOnConnection || m_filter.hasConnectionCriteria())
        relayout(sortsOnConnection);
    if (!m_rows.empty()) {
        Q_EMIT dataChanged(index(0, SnapshotTableModel::ProfileColumn),
                           index(int(m_rows.size()) - 1, SnapshotTableModel::RegionColumn));
    }
}

int SnapshotFilterProxyModel::compareText(const QString &left, const QString &right) const
{
    return NaturalOrder::compare(left, right, m_collator);
}

void SnapshotFilterProxyModel::sort(int column, Qt::SortOrder order)
{
    if (column >= SnapshotTableModel::ColumnCount)
        column = -1;
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    forgetFilterResults();
    if (column == m_sortColumn && column >= 0) {
        // The same column the other way round: compareRows() is a total order (ties end on the row), so the new
        // order is the old one reversed, shown rows included; no key to compare.
        m_sortOrder = order;
        relayoutWith([this] {
            std::reverse(m_order.begin(), m_order.end());
            std::reverse(m_rows.begin(), m_rows.end());
        });
        return;
    }
    if (column != m_sortColumn) {
        m_sortColumn = column;
        m_sortBytes.clear();
        m_sortBytesUnused = 0;
        for (size_t row = 0; row < m_keys.size(); ++row) {
            m_keys[row].text = {};
            fillSortKey(int(row), m_keys[row]);
        }
    }
    m_sortOrder = order;
    relayout(true);
}

int SnapshotFilterProxyModel::sortColumn() const
{
    return m_sortColumn;
}

Qt::SortOrder SnapshotFilterProxyModel::sortOrder() const
{
    return m_sortOrder;
}

QModelIndex SnapshotFilterProxyModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= int(m_rows.size()) || column >= columnCount())
        return QModelIndex();
    return createIndex(row, column);
}

QModelIndex SnapshotFilterProxyModel::parent(const QModelIndex &) const
{
    return QModelIndex();
}

QModelIndex SnapshotFilterProxyModel::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int SnapshotFilterProxyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SnapshotFilterProxyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_model ? 0 : m_model->columnCount();
}

bool SnapshotFilterProxyModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_rows.empty();
}

QModelIndex SnapshotFilterProxyModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!m_model || !proxyIndex.isValid() || proxyIndex.row() >= int(m_rows.size()))
        return QModelIndex();
    return m_model->index(m_rows[size_t(proxyIndex.row())], proxyIndex.column());
}

QModelIndex SnapshotFilterProxyModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != m_model)
        return QModelIndex();
    const int row = proxyRowOf(sourceIndex.row());
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

bool SnapshotFilterProxyModel::accepts(int sourceRow) const
{
    return acceptsIgnoringTags(sourceRow) && acceptsTags(sourceRow);
}

bool SnapshotFilterProxyModel::acceptsTags(int sourceRow) const
{
    if (!m_filter.hasTagCriteria() || tagsUnknown(sourceRow))
        return true;
    return m_filter.matchesTags(m_model->tagCache()->peek(m_model->snapshotAt(sourceRow).arn()).tags);
}

bool SnapshotFilterProxyModel::acceptsIgnoringTags(int sourceRow) const
{
    if (!m_connectionAccepted.empty()) {
        const size_t connection = size_t(m_model->connectionOf(sourceRow));
        if (connection >= m_connectionAccepted.size() || !m_connectionAccepted[connection])
            return false;
    }
    const RowKeys &keys = m_keys[size_t(sourceRow)];
    if (m_needleUsable && keys.ascii)
        return matchesText(keys) && (m_onlyText || m_filter.matchesIgnoringText(m_model->snapshotAt(sourceRow)));
    return m_filter.matches(m_model->snapshotAt(sourceRow));
}

bool SnapshotFilterProxyModel::matchesText(const RowKeys &keys) const
{
    const std::string_view hay = m_rowBytes.view(keys.haystack);
    if (hay.find(m_needle) != std::string_view::npos)
        return true;
    if (keys.arnPrefix == 0)
        return false;
    // The ARN is the prefix and then the name, which starts the haystack.
    const PrefixMatch &match = m_prefixMatches[keys.arnPrefix - 1];
    if (match.inside)
        return true;
    const std::string_view needle = m_needle;
    return std::any_of(match.splits.cbegin(), match.splits.cend(),
                       [&](size_t split) { return hay.starts_with(needle.substr(split)); });
}

void SnapshotFilterProxyModel::updatePrefixMatches()
{
    m_prefixMatches.assign(m_arnPrefixes.size(), PrefixMatch());
    if (!m_needleUsable)
        return;
    const std::string_view needle = m_needle;
    for (size_t i = 0; i < m_arnPrefixes.size(); ++i) {
        const std::string_view prefix = m_arnPrefixes[i];
        PrefixMatch &match = m_prefixMatches[i];
        match.inside = prefix.find(needle) != std::string_view::npos;
        for (size_t split = 1; split < needle.size(); ++split) {
            if (prefix.ends_with(needle.substr(0, split)))
                match.splits.push_back(split);
        }
    }
}

bool SnapshotFilterProxyModel::tagsUnknown(int sourceRow) const
{
    const TagCache *tags = m_model->tagCache();
    return !tags || tags->peek(m_model->snapshotAt(sourceRow).arn()).state != TagCache::State::Read;
}

bool SnapshotFilterProxyModel::isTagPending(const QModelIndex &proxyIndex) const
{
    if (!m_filter.hasTagCriteria() || !proxyIndex.isValid() || proxyIndex.row() >= int(m_rows.size()))
        return false;
    return tagsUnknown(m_rows[size_t(proxyIndex.row())]);
}

QStringList SnapshotFilterProxyModel::arnsMatchingAllButTags() const
{
    QStringList arns;
    if (!m_model)
        return arns;
    std::vector<quint8> accepted(m_keys.size(), 1);
    testIgnoringTags(accepted, accepted.size());
    for (int row : m_order) {
        if (accepted[size_t(row)])
            arns.append(m_model->snapshotAt(row).arn());
    }
    return arns;
}

int SnapshotFilterProxyModel::tagPendingRows() const
{
    if (!m_filter.hasTagCriteria())
        return 0;
    return int(std::count_if(m_rows.begin(), m_rows.end(), [this](int row) { return tagsUnknown(row); }));
}

QVariant SnapshotFilterProxyModel::data(const QModelIndex &proxyIndex, int role) const
{
    if ((role == Qt::ForegroundRole || role == Qt::ToolTipRole) && isTagPending(proxyIndex)) {
        if (role == Qt::ForegroundRole)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        if (proxyIndex.column() == SnapshotTableModel::NameColumn) {
            return tr("Tags not known yet: the row stays, greyed, until its tags are read, and then only if they "
                      "match the tag filter.");
        }
    }
    return QAbstractProxyModel::data(proxyIndex, role);
}

void SnapshotFilterProxyModel::testIgnoringTags(std::vector<quint8> &accepted, size_t tested) const
{
    // A full pass over a million rows takes some 40 ms on one core: given more than m_parallelFilterRows rows to test
    // a thread, it is shared with other threads, each testing a range of its own (the tests only read the rows' keys
    // and snapshots).
    inRanges(accepted.size(), threadsFor(tested, size_t(m_parallelFilterRows)),
             [this, &accepted](size_t begin, size_t end) {
                 for (size_t row = begin; row < end; ++row) {
                     if (accepted[row])
                         accepted[row] = acceptsIgnoringTags(int(row));
                 }
             });
}

void SnapshotFilterProxyModel::filterRows(bool narrowing)
{
    if (m_filter.isEmpty()) {
        m_rows = m_order;
        return;
    }
    m_accepted.assign(m_keys.size(), narrowing ? 0 : 1);
    if (narrowing) {
        for (int row : m_rows)
            m_accepted[size_t(row)] = 1;
    }
    // The tag cache, which another thread could not read safely, is consulted on the window's thread only, for the
    // rows the other criteria let through: a tag filter over a million rows had made the whole pass one thread's.
    const size_t rows = m_accepted.size();
    testIgnoringTags(m_accepted, narrowing ? m_rows.size() : rows);
    if (m_filter.hasTagCriteria()) {
        for (size_t row = 0; row < rows; ++row) {
            if (m_accepted[row])
                m_accepted[row] = acceptsTags(int(row));
        }
    }
    if (narrowing) {
        std::erase_if(m_rows, [this](int row) { return !m_accepted[size_t(row)]; });
    } else {
        m_rows.clear();
        for (int row : m_order) {
            if (m_accepted[size_t(row)])
                m_rows.push_back(row);
        }
    }
}

SnapshotFilterProxyModel::RowKeys SnapshotFilterProxyModel::keysFor(int sourceRow, const RowKeys *previous)
{
    // A status change leaves the name and the searched fields as they were: their bytes are kept, not written
    // again, so polling statuses for hours leaves nothing to compact.
    const auto store = [this, previous](KeyArena::Span RowKeys::*member) {
        if (previous && m_rowBytes.view(previous->*member) == m_scratch)
            return previous->*member;
        if (previous)
            m_rowBytesUnused += (previous->*member).size;
        return m_rowBytes.append(m_scratch);
    };
    const SnapshotEntry &entry = m_model->snapshotAt(sourceRow);
    RowKeys keys;
    if (previous)
        keys.text = previous->text; // kept by fillSortKey() if it has not changed
    const QString name = entry.name();
    m_scratch.clear();
    appendNaturalKey(name, m_scratch);
    keys.name = store(&RowKeys::name);
    fillSortKey(sourceRow, keys);
    // The ARN ends with the name: the haystack starts with the name, and the prefix before it is kept once for
    // every row that shares it. An ARN that does not end with the name is searched whole.
    std::string &hay = m_scratch;
    hay.clear();
    bool ascii = appendLowerAscii(name, hay);
    keys.arnPrefix = 0;
    if (const QString &prefix = entry.arnPrefix(); !prefix.isEmpty()) {
        auto known = m_arnPrefixIndex.constFind(prefix);
        if (known == m_arnPrefixIndex.constEnd()) {
            std::string lower;
            if (appendLowerAscii(prefix, lower)) {
                known = m_arnPrefixIndex.insert(prefix, quint32(m_arnPrefixes.size()));
                m_arnPrefixes.push_back(std::move(lower));
                updatePrefixMatches();
            }
        }
        if (known != m_arnPrefixIndex.constEnd())
            keys.arnPrefix = *known + 1;
        else
            ascii = false;
    } else {
        hay.push_back('\n');
        ascii = ascii && appendLowerAscii(entry.arn(), hay);
    }
    for (const QString *field : {&entry.cluster(), &entry.replicationGroup(), &entry.serverlessCache()}) {
        hay.push_back('\n');
        ascii = ascii && appendLowerAscii(*field, hay);
    }
    keys.ascii = ascii;
    if (!ascii)
        hay.clear();
    keys.haystack = store(&RowKeys::haystack);
    return keys;
}

void SnapshotFilterProxyModel::fillSortKey(int sourceRow, RowKeys &keys)
{
    std::string &key = m_sortScratch;
    key.clear();
    keys.number = 0;
    if (m_sortColumn == SnapshotTableModel::TagsColumn) {
        // From the tag cache: read tags by their text, then the rows not read yet.
        const SnapshotEntry &entry = m_model->snapshotAt(sourceRow);
        const TagCache *tags = m_model->tagCache();
        const TagCache::Entry *read = tags ? &tags->peek(entry.arn()) : nullptr;
        if (read && read->state == TagCache::State::Read)
            appendNaturalKey(TagRules::formatTagList(TagRules::sortedForDisplay(read->tags)), key);
        else
            keys.number = 1;
    } else if (m_sortColumn >= SnapshotTableModel::ProfileColumn && m_sortColumn <= SnapshotTableModel::RegionColumn) {
        const SnapshotTableModel::ConnectionLabel label = m_model->connectionLabel(m_model->connectionOf(sourceRow));
        appendNaturalKey(m_sortColumn == SnapshotTableModel::ProfileColumn       ? label.profile
                             : m_sortColumn == SnapshotTableModel::AccountColumn ? label.account
                                                                                 : label.region,
                         key);
    } else if (m_sortColumn >= 0 && m_sortColumn < SnapshotTableModel::ColumnCount) {
        const SnapshotColumns::SortKey sortKey
            = SnapshotColumns::info(m_sortColumn).sortKey(m_model->snapshotAt(sourceRow));
        keys.number = sortKey.number;
        appendNaturalKey(sortKey.text, key);
        if (sortKey.hasSecond) {
            // A NUL sorts before every byte of a key, so the first text + NUL + the second orders like the pair.
            key.push_back('\0');
            appendNaturalKey(sortKey.second, key);
        }
    }
    if (m_sortBytes.view(keys.text) != key) {
        m_sortBytesUnused += keys.text.size;
        keys.text = m_sortBytes.append(key);
    }
}

void SnapshotFilterProxyModel::forget(const RowKeys &keys)
{
    m_rowBytesUnused += keys.name.size + keys.haystack.size;
    m_sortBytesUnused += keys.text.size;
}

void SnapshotFilterProxyModel::compactIfWasteful()
{
    // Rewritten once more than half of an arena is unused, so its size stays within twice the live keys and each
    // byte is copied a bounded number of times.
    const auto wasteful = [](const KeyArena &arena, size_t unused) {
        return unused > 256 * 1024 && unused > arena.written() / 2;
    };
    if (wasteful(m_rowBytes, m_rowBytesUnused)) {
        KeyArena fresh;
        for (RowKeys &keys : m_keys) {
            keys.name = fresh.append(m_rowBytes.view(keys.name));
            keys.haystack = fresh.append(m_rowBytes.view(keys.haystack));
        }
        m_rowBytes = std::move(fresh);
        m_rowBytesUnused = 0;
    }
    if (wasteful(m_sortBytes, m_sortBytesUnused)) {
        KeyArena fresh;
        for (RowKeys &keys : m_keys)
            keys.text = fresh.append(m_sortBytes.view(keys.text));
        m_sortBytes = std::move(fresh);
        m_sortBytesUnused = 0;
    }
}

int SnapshotFilterProxyModel::compareRows(int left, int right) const
{
    if (m_sortColumn < 0)
        return threeWay(left, right);
    const RowKeys &a = m_keys[size_t(left)];
    const RowKeys &b = m_keys[size_t(right)];
    int order = threeWay(a.number, b.number);
    if (order == 0)
        order = m_sortBytes.view(a.text).compare(m_sortBytes.view(b.text));
    // Equal keys fall back to the name, then the kind, so the order is total and the same after every refresh.
    if (order == 0)
        order = m_rowBytes.view(a.name).compare(m_rowBytes.view(b.name));
    if (order == 0)
        order = threeWay(int(m_model->snapshotAt(left).kind()), int(m_model->snapshotAt(right).kind()));
    if (order == 0)
        order = threeWay(m_model->connectionOf(left), m_model->connectionOf(right));
    return order != 0 ? (order < 0 ? -1 : 1) : threeWay(left, right);
}

void SnapshotFilterProxyModel::sortOrder()
{
    if (m_sortColumn < 0) {
        std::sort(m_order.begin(), m_order.end());
        return;
    }
    // compareRows() as one byte string per row: the number (when the column has one), the text key, the name
    // key, the kind and the connection; the row breaks ties as in compareRows(). Each row's size first, then the
    // bytes written in place, both shared among the cores: a million rows make some 70 MB of keys.
    const bool numbers = std::any_of(m_keys.begin(), m_keys.end(), [](const RowKeys &k) { return k.number != 0; });
    const size_t rows = m_keys.size();
    const unsigned threads = threadsFor(rows, kParallelKeyRows);
    std::vector<quint32> at(rows + 1);
    inRanges(rows, threads, [&](size_t begin, size_t end) {
        for (size_t row = begin; row < end; ++row) {
            const RowKeys &keys = m_keys[row];
            at[row + 1] = quint32((numbers ? 8 : 0) + ByteKeySort::terminatedSize(m_sortBytes.view(keys.text))
                                  + ByteKeySort::terminatedSize(m_rowBytes.view(keys.name)) + 3);
        }
    });
    for (size_t row = 0; row < rows; ++row)
        at[row + 1] += at[row];
    const std::unique_ptr<char[]> bytes(new char[at[rows]]); // every byte written below
    inRanges(rows, threads, [&](size_t begin, size_t end) {
        for (size_t row = begin; row < end; ++row) {
            const RowKeys &keys = m_keys[row];
            char *out = bytes.get() + at[row];
            if (numbers) {
                const quint64 biased = quint64(keys.number) ^ (quint64(1) << 63);
                for (int shift = 56; shift >= 0; shift -= 8)
                    *out++ = char(quint8(biased >> shift));
            }
            out = ByteKeySort::writeTerminated(m_sortBytes.view(keys.text), out);
            out = ByteKeySort::writeTerminated(m_rowBytes.view(keys.name), out);
            *out++ = char(m_model->snapshotAt(int(row)).kind());
            const int connection = m_model->connectionOf(int(row));
            *out++ = char(quint8(connection >> 8));
            *out++ = char(quint8(connection));
        }
    });
    ByteKeySort::sort(m_order, std::string_view(bytes.get(), at[rows]), at, m_sortOrder == Qt::DescendingOrder);
}

bool SnapshotFilterProxyModel::lessRows(int left, int right) const
{
    const int order = compareRows(left, right);
    return m_sortOrder == Qt::AscendingOrder ? order < 0 : order > 0;
}

int SnapshotFilterProxyModel::proxyRowOf(int sourceRow) const
{
    if (!m_proxyOfValid) {
        const size_t rows = size_t(m_model ? m_model->rowCount() : 0);
        m_proxyOfAhead.reserveFor(m_proxyOf, rows);
        m_proxyOf.assign(rows, -1);
        for (size_t row = 0; row < m_rows.size(); ++row)
            m_proxyOf[size_t(m_rows[row])] = int(row);
        m_proxyOfValid = true;
    }
    return sourceRow >= 0 && size_t(sourceRow) < m_proxyOf.size() ? m_proxyOf[size_t(sourceRow)] : -1;
}

int SnapshotFilterProxyModel::orderPositionOf(int sourceRow) const
{
    if (!m_orderOfValid) {
        m_orderOfAhead.reserveFor(m_orderOf, m_order.size());
        m_orderOf.assign(m_order.size(), -1);
        for (size_t position = 0; position < m_order.size(); ++position)
            m_orderOf[size_t(m_order[position])] = int(position);
        m_orderOfValid = true;
    }
    return sourceRow >= 0 && size_t(sourceRow) < m_orderOf.size() ? m_orderOf[size_t(sourceRow)] : -1;
}

size_t SnapshotFilterProxyModel::remapBudgetOfOneCall() const
{
    return m_proxyOf.size() / 4;
}

void SnapshotFilterProxyModel::shownRowsMovedFrom(size_t first, size_t &budget)
{
    // The map from source rows to shown rows is mended where that costs less than building it again: a row the tag
    // filter turns away, or a status that moves a row, among thousands shown out of a million. Rebuilt, the map was
    // most of a tag answer's cost (each a pass over every source row), 160 ms of the window's thread for the answers
    // of 100 ms at a million snapshots.
    const size_t moved = m_rows.size() - std::min(first, m_rows.size());
    if (!m_proxyOfValid || moved > budget) {
        m_proxyOfValid = false;
        return;
    }
    budget -= moved;
    mapShownRows(first, m_rows.size());
}

void SnapshotFilterProxyModel::mapShownRows(size_t first, size_t end)
{
    if (!m_proxyOfValid)
        return;
    for (size_t row = first; row < end; ++row)
        m_proxyOf[size_t(m_rows[row])] = int(row);
}

void SnapshotFilterProxyModel::invalidateMaps()
{
    m_proxyOfValid = false;
    m_orderOfValid = false;
}

void SnapshotFilterProxyModel::sourceReset()
{
    forgetFilterResults();
    m_keys.clear();
    m_rowBytes.clear();
    m_sortBytes.clear();
    m_arnPrefixIndex.clear();
    m_arnPrefixes.clear();
    m_prefixMatches.clear();
    m_rowBytesUnused = 0;
    m_sortBytesUnused = 0;
    m_order.clear();
    m_rows.clear();
    invalidateMaps();
    if (!m_model)
        return;
    for (int row = 0; row < m_model->rowCount(); ++row)
        m_keys.push_back(keysFor(row));
    m_order.resize(size_t(m_model->rowCount()));
    for (size_t row = 0; row < m_order.size(); ++row)
        m_order[row] = int(row);
    if (m_sortColumn >= 0)
        sortOrder();
    filterRows(false);
}

void SnapshotFilterProxyModel::relayout(bool resort, bool narrowing)
{
    if (!m_model)
        return;
    relayoutWith([this, resort, narrowing] {
        if (resort) {
            sortOrder();
        }
        filterRows(narrowing);
    });
}

std::vector<std::pair<int, int>> SnapshotFilterProxyModel::sourceCells(const QModelIndexList &indexes) const
{
    std::vector<std::pair<int, int>> cells;
    cells.reserve(size_t(indexes.size()));
    for (const QModelIndex &index : indexes)
        cells.emplace_back(index.row() < int(m_rows.size()) ? m_rows[size_t(index.row())] : -1, index.column());
    return cells;
}

QModelIndexList SnapshotFilterProxyModel::proxyIndexesOf(const std::vector<std::pair<int, int>> &cells,
                                                         const std::vector<int> *remap) const
{
    QModelIndexList indexes;
    indexes.reserve(qsizetype(cells.size()));
    for (auto [row, column] : cells) {
        if (remap && row >= 0)
            row = (*remap)[size_t(row)];
        const int proxyRow = row < 0 ? -1 : proxyRowOf(row);
        indexes.append(proxyRow < 0 ? QModelIndex() : createIndex(proxyRow, column));
    }
    return indexes;
}

void SnapshotFilterProxyModel::relayoutWith(const std::function<void()> &recompute)
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    const std::vector<std::pair<int, int>> cells = sourceCells(before);
    recompute();
    invalidateMaps();
    changePersistentIndexList(before, proxyIndexesOf(cells));
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

int SnapshotFilterProxyModel::insertAccepted(const std::vector<int> &sourceRows, const std::vector<size_t> *places)
{
    if (sourceRows.empty())
        return -1;
    const auto less = [this](int a, int b) {
        return lessRows(a, b);
    };
    // Where each goes among the rows shown now; sourceRows are sorted, so the positions never decrease and rows
    // that land together are inserted as one range.
    std::vector<size_t> positions;
    if (places)
        positions = *places;
    else if (sourceRows.size() <= kLayoutInsertThreshold)
        positions = placesIn(m_rows, sourceRows, less);
    size_t landings = 0;
    for (size_t i = 0; i < positions.size(); ++i)
        landings += i == 0 || positions[i] != positions[i - 1];
    if (positions.empty() || landings > kMostInsertPlaces) {
        // Rows scattered through the order (a batch of pages sorted by date): one merge and one layout change cost
        // O(rows) where a signal per landing place costs O(rows) each.
        if (positions.empty())
            positions = placesIn(m_rows, sourceRows, less);
        relayoutWith([this, &sourceRows, &positions] { insertAt(m_rows, m_rowsAhead, sourceRows, positions); });
        return int(positions.front());
    }
    m_rowsAhead.reserveFor(m_rows, m_rows.size() + sourceRows.size());
    size_t remapBudget = remapBudgetOfOneCall();
    size_t inserted = 0;
    size_t begin = 0;
    while (begin < sourceRows.size()) {
        size_t end = begin + 1;
        while (end < sourceRows.size() && positions[end] == positions[begin])
            ++end;
        const int first = int(positions[begin] + inserted);
        beginInsertRows(QModelIndex(), first, first + int(end - begin) - 1);
        m_rows.insert(m_rows.begin() + first, sourceRows.begin() + qsizetype(begin),
                      sourceRows.begin() + qsizetype(end));
        shownRowsMovedFrom(size_t(first), remapBudget);
        endInsertRows();
        inserted += end - begin;
        begin = end;
    }
    return int(positions.front());
}

void SnapshotFilterProxyModel::removeProxyRows(std::vector<int> proxyRows)
{
    std::sort(proxyRows.begin(), proxyRows.end());
    size_t remapBudget = remapBudgetOfOneCall();
    // Contiguous runs from the back, so the rows in front keep their numbers.
    size_t end = proxyRows.size();
    while (end > 0) {
        size_t begin = end - 1;
        while (begin > 0 && proxyRows[begin - 1] == proxyRows[begin] - 1)
            --begin;
        const int first = proxyRows[begin];
        const int last = proxyRows[end - 1];
        beginRemoveRows(QModelIndex(), first, last);
        if (m_proxyOfValid) {
            for (int row = first; row <= last; ++row)
                m_proxyOf[size_t(m_rows[size_t(row)])] = -1;
        }
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
        shownRowsMovedFrom(size_t(first), remapBudget);
        endRemoveRows();
        end = begin;
    }
}

void SnapshotFilterProxyModel::sourceRowsInserted(const QModelIndex &parent, int first, int last)
{
    forgetFilterResults();
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    // Rows inserted in the middle shift the ones after them (the table model only appends, but be exact).
    if (first < int(m_order.size())) {
        for (int &row : m_order)
            row += row >= first ? count : 0;
        for (int &row : m_rows)
            row += row >= first ? count : 0;
    }
    invalidateMaps();
    std::vector<RowKeys> keys;
    keys.reserve(size_t(count));
    for (int row = first; row <= last; ++row)
        keys.push_back(keysFor(row));
    m_keys.insert(m_keys.begin() + first, std::make_move_iterator(keys.begin()), std::make_move_iterator(keys.end()));
    std::vector<int> fresh(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i)
        fresh[size_t(i)] = first + i;
    const auto less = [this](int a, int b) {
        return lessRows(a, b);
    };
    std::sort(fresh.begin(), fresh.end(), less);
    const std::vector<size_t> places = placesIn(m_order, fresh, less);
    // Every row shown (no filter): the rows shown are the order, and the new ones go to the same places there.
    // That spares the second binary search per row, a third of a merge's time at a million rows.
    const bool allShown = m_rows.size() == m_order.size();
    insertAt(m_order, m_orderAhead, fresh, places);
    std::vector<int> accepted;
    for (int row : fresh) {
        if (accepts(row))
            accepted.push_back(row);
    }
    Q_EMIT aboutToPlaceRows();
    const int firstPlaced = insertAccepted(accepted, allShown && accepted.size() == fresh.size() ? &places : nullptr);
    Q_EMIT rowsPlaced(firstPlaced);
}

void SnapshotFilterProxyModel::sourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    std::vector<int> gone;
    for (int row = first; row <= last; ++row) {
        const int proxyRow = proxyRowOf(row);
        if (proxyRow >= 0)
            gone.push_back(proxyRow);
    }
    removeProxyRows(std::move(gone));
}

void SnapshotFilterProxyModel::sourceRowsRemoved(const QModelIndex &parent, int first, int last)
{
    forgetFilterResults();
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    for (int row = first; row <= last; ++row)
        forget(m_keys[size_t(row)]);
    m_keys.erase(m_keys.begin() + first, m_keys.begin() + last + 1);
    compactIfWasteful();
    std::erase_if(m_order, [first, last](int row) { return row >= first && row <= last; });
    for (int &row : m_order)
        row -= row > last ? count : 0;
    for (int &row : m_rows)
        row -= row > last ? count : 0;
    invalidateMaps();
}

void SnapshotFilterProxyModel::sourceLayoutAboutToBeChanged()
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::NoLayoutChangeHint);
    m_layoutPersistent = persistentIndexList();
    m_layoutSources = sourceCells(m_layoutPersistent);
}

void SnapshotFilterProxyModel::sourceLayoutChanged()
{
    forgetFilterResults();
    const std::vector<int> &remap = m_model->removalRemap();
    QModelIndexList after;
    if (remap.size() != m_keys.size()) {
        // A layout change the table model does not explain: start over, and let go of the persistent indexes.
        sourceReset();
        after = QModelIndexList(m_layoutPersistent.size());
    } else {
        size_t kept = 0;
        for (size_t row = 0; row < m_keys.size(); ++row) {
            if (remap[row] < 0)
                forget(m_keys[row]);
            else
                m_keys[kept++] = m_keys[row];
        }
        m_keys.resize(kept);
        for (std::vector<int> *rows : {&m_order, &m_rows}) {
            std::erase_if(*rows, [&remap](int row) { return remap[size_t(row)] < 0; });
            for (int &row : *rows)
                row = remap[size_t(row)];
        }
        invalidateMaps();
        compactIfWasteful();
        after = proxyIndexesOf(m_layoutSources, &remap);
    }
    changePersistentIndexList(m_layoutPersistent, after);
    m_layoutPersistent.clear();
    m_layoutSources.clear();
    Q_EMIT layoutChanged({}, QAbstractItemModel::NoLayoutChangeHint);
}

void SnapshotFilterProxyModel::sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                                 const QList<int> &roles)
{
    forgetFilterResults();
    if (!topLeft.isValid() || topLeft.parent().isValid())
        return;
    const int first = topLeft.row();
    const int last = bottomRight.row();
    for (int row = first; row <= last; ++row)
        m_keys[size_t(row)] = keysFor(row, &m_keys[size_t(row)]);
    compactIfWasteful();
    const auto less = [this](int a, int b) {
        return lessRows(a, b);
    };
    if (first == last) {
        singleRowChanged(first, roles);
        return;
    }
    // Several rows at once: while one is put back in order, the others may be out of place, so take them all
    // out of the full order and put each back by binary search into what is left, which is sorted.
    const std::vector<int> previous = m_order;
    std::erase_if(m_order, [first, last](int row) { return row >= first && row <= last; });
    std::vector<int> changed(size_t(last - first + 1));
    for (int row = first; row <= last; ++row)
        changed[size_t(row - first)] = row;
    std::sort(changed.begin(), changed.end(), less);
    mergeInto(m_order, m_orderAhead, changed, less);
    m_orderOfValid = false;
    bool relayoutNeeded = m_order != previous;
    for (int row = first; row <= last && !relayoutNeeded; ++row)
        relayoutNeeded = (proxyRowOf(row) >= 0) != accepts(row);
    if (relayoutNeeded)
        relayout(false); // one layout change; persistent indexes (the selection) follow their rows
    std::vector<int> shown;
    for (int row = first; row <= last; ++row) {
        const int proxyRow = proxyRowOf(row);
        if (proxyRow >= 0)
            shown.push_back(proxyRow);
    }
    emitDataChanged(std::move(shown), topLeft.column(), bottomRight.column(), roles);
}

void SnapshotFilterProxyModel::singleRowChanged(int row, const QList<int> &roles)
{
    const auto less = [this](int a, int b) {
        return lessRows(a, b);
    };
    const int position = orderPositionOf(row);
    if (position < 0)
        return;
    const bool inPlace = (position == 0 || !less(row, m_order[size_t(position - 1)]))
        && (size_t(position) + 1 == m_order.size() || !less(m_order[size_t(position + 1)], row));
    if (!inPlace) {
        m_order.erase(m_order.begin() + position);
        m_order.insert(std::upper_bound(m_order.begin(), m_order.end(), row, less), row);
        m_orderOfValid = false;
    }
    const int proxyRow = proxyRowOf(row);
    const bool accepted = accepts(row);
    if (proxyRow < 0) {
        if (accepted)
            insertAccepted({row});
        return;
    }
    if (!accepted) {
        removeProxyRows({proxyRow});
        return;
    }
    int target = proxyRow;
    if (!inPlace) {
        // Move it among the shown rows, so a selected row stays selected as its status changes.
        // Its place among the others, without copying them: before it or after it.
        const auto at = m_rows.begin() + proxyRow;
        if (proxyRow > 0 && less(row, *(at - 1)))
            target = int(std::upper_bound(m_rows.begin(), at, row, less) - m_rows.begin());
        else
            target = proxyRow + int(std::upper_bound(at + 1, m_rows.end(), row, less) - (at + 1));
        if (target != proxyRow) {
            beginMoveRows(QModelIndex(), proxyRow, proxyRow, QModelIndex(), target > proxyRow ? target + 1 : target);
            if (target < proxyRow)
                std::rotate(m_rows.begin() + target, at, at + 1);
            else
                std::rotate(at, at + 1, m_rows.begin() + target + 1);
            mapShownRows(size_t(std::min(target, proxyRow)), size_t(std::max(target, proxyRow)) + 1);
            endMoveRows();
        }
    }
    emitDataChanged({target}, 0, columnCount() - 1, roles);
}

void SnapshotFilterProxyModel::emitDataChanged(std::vector<int> proxyRows, int firstColumn, int lastColumn,
                                               const QList<int> &roles)
{
    std::sort(proxyRows.begin(), proxyRows.end());
    size_t begin = 0;
    while (begin < proxyRows.size()) {
        size_t end = begin + 1;
        while (end < proxyRows.size() && proxyRows[end] == proxyRows[end - 1] + 1)
            ++end;
        Q_EMIT dataChanged(index(proxyRows[begin], firstColumn), index(proxyRows[end - 1], lastColumn), roles);
        begin = end;
    }
}
