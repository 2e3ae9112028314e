// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshottablemodel.h"

#include "resourcearn.h"
#include "snapshotcolumns.h"
#include "tagcache.h"
#include "tagrules.h"

#include <QCoreApplication>
#include <QTimer>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

// More separate runs of removed rows than this are removed in one layout change (see removalRemap()).
constexpr size_t kMaxRemovedRuns = 16;

} // namespace

SnapshotTableModel::SnapshotTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_connections(1)
{
    // A row's connection costs nothing: it fits in what padding the generation left.
    static_assert(sizeof(Row) == sizeof(SnapshotEntry) + 8, "a row grew with its connection");
}

SnapshotTableModel::~SnapshotTableModel() = default;

int SnapshotTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SnapshotTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SnapshotTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const Row &row = m_rows[size_t(index.row())];
    const SnapshotEntry &entry = row.entry;
    const SnapshotColumns::Info &column = SnapshotColumns::info(index.column());
    if (role == ConnectionRole)
        return int(row.connection);
    if (index.column() >= ProfileColumn && index.column() <= RegionColumn && role != KindRole && role != NameRole)
        return connectionData(index.column(), row.connection, role);
    if (index.column() == TagsColumn) {
        switch (role) {
        case Qt::DisplayRole:
        case RawRole:
            return tagsText(entry);
        case Qt::ToolTipRole:
            return tagsToolTip(entry);
        default:
            break;
        }
    }
    if (index.column() == StatusColumn && (role == Qt::DisplayRole || role == Qt::ToolTipRole)
        && !m_statusNotes.isEmpty()) {
        if (QString note = noteFor(row.connection, entry); !note.isEmpty())
            return note;
    }
    switch (role) {
    case Qt::DisplayRole:
        return column.display(entry);
    case RawRole:
        return column.raw(entry);
    case KindRole:
        return QVariant::fromValue(entry.kind());
    case NameRole:
        return entry.name();
    case Qt::ToolTipRole: {
        if (column.toolTip)
            return column.toolTip(entry);
        const QVariant text = column.display(entry);
        return text.toString().isEmpty() ? QVariant() : text;
    }
    case Qt::DecorationRole:
        return column.decoration ? QVariant(column.decoration(entry)) : QVariant();
    case Qt::TextAlignmentRole:
        return QVariant(column.alignment);
    default:
        return QVariant();
    }
}

QVariant SnapshotTableModel::connectionData(int column, int connection, int role) const
{
    const ConnectionLabel label = connectionLabel(connection);
    const QString &text = column == ProfileColumn ? label.profile
        : column == AccountColumn                 ? label.account
                                                  : label.region;
    switch (role) {
    case Qt::DisplayRole:
    case RawRole:
        return text;
    case Qt::ToolTipRole:
        return text.isEmpty() ? QVariant() : QVariant(text);
    case Qt::TextAlignmentRole:
        return QVariant(SnapshotColumns::info(column).alignment);
    default:
        return QVariant();
    }
}

QVariant SnapshotTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QVariant();
    switch (role) {
    case Qt::TextAlignmentRole:
        return QVariant(SnapshotColumns::info(section).alignment);
    case Qt::DisplayRole:
        return SnapshotColumns::headerText(section);
    case Qt::ToolTipRole:
        return SnapshotColumns::headerToolTip(section);
    default:
        return QVariant();
    }
}

const SnapshotEntry &SnapshotTableModel::snapshotAt(int row) const
{
    Q_ASSERT(row >= 0 && size_t(row) < m_rows.size());
    return m_rows[size_t(row)].entry;
}

int SnapshotTableModel::connectionOf(int row) const
{
    Q_ASSERT(row >= 0 && size_t(row) < m_rows.size());
    return m_rows[size_t(row)].connection;
}

int SnapshotTableModel::rowOf(SnapshotEntry::Kind kind, QAnyStringView name) const
{
    return rowOf(0, kind, name);
}

int SnapshotTableModel::rowOf(int connection, SnapshotEntry::Kind kind, QAnyStringView name) const
{
    if (connection < 0 || size_t(connection) >= m_connections.size())
        return -1;
    const quint32 hash = RowIndex::hashOf(connection, int(kind), name);
    return m_index.find(hash, [&](int row) { return isRowOf(row, connection, kind, name); });
}

bool SnapshotTableModel::isRowOf(int row, int connection, SnapshotEntry::Kind kind, QAnyStringView name) const
{
    const Row &r = m_rows[size_t(row)];
    return r.connection == connection && r.entry.kind() == kind && r.entry.nameView() == name;
}

void SnapshotTableModel::setConnections(const QList<ConnectionLabel> &labels)
{
    const int count = int(std::max<qsizetype>(1, labels.size()));
    bool changed = count != int(m_connections.size());
    if (count < int(m_connections.size())) {
        std::vector<int> gone;
        for (size_t row = 0; row < m_rows.size(); ++row) {
            if (m_rows[row].connection >= count)
                gone.push_back(int(row));
        }
        if (!gone.empty())
            removeRows(std::move(gone));
        m_connections.resize(size_t(count));
    }
    for (int connection = 0; connection < count; ++connection) {
        ConnectionLabel label = connection < labels.size() ? labels.at(connection) : ConnectionLabel();
        ConnectionRows &rows = connectionRows(connection);
        if (label.account.isEmpty())
            label.account = rows.label.account; // learnt from the rows: still theirs
        if (!(rows.label == label)) {
            rows.label = std::move(label);
            changed = true;
        }
    }
    // Not dataChanged() over every row: the proxy would take each row out of its order and put it back. The proxy
    // reads the labels again on connectionsChanged() and tells the view.
    if (changed)
        Q_EMIT connectionsChanged();
}

int SnapshotTableModel::connectionCount() const
{
    return int(m_connections.size());
}

SnapshotTableModel::ConnectionLabel SnapshotTableModel::connectionLabel(int connection) const
{
    if (connection < 0 || size_t(connection) >= m_connections.size())
        return ConnectionLabel();
    return m_connections[size_t(connection)].label;
}

void SnapshotTableModel::setConnectionAccount(int connection, const QString &account)
{
    if (connection < 0 || account.isEmpty() || connectionRows(connection).label.account == account)
        return;
    connectionRows(connection).label.account = account;
    Q_EMIT connectionsChanged();
}

void SnapshotTableModel::learnAccount(int connection, const SnapshotEntry &entry)
{
    // arn:<partition>:elasticache:<region>:<account>:snapshot:<name>: the service names the account.
    if (!connectionRows(connection).label.account.isEmpty())
        return;
    const QString account = entry.arn().section(u':', 4, 4);
    if (!account.isEmpty())
        setConnectionAccount(connection, account);
}

QList<SnapshotEntry> SnapshotTableModel::snapshots() const
{
    QList<SnapshotEntry> entries;
    entries.reserve(qsizetype(m_rows.size()));
    for (const Row &row : m_rows)
        entries.append(row.entry);
    return entries;
}

void SnapshotTableModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_rows.shrink_to_fit();
    bool accountsForgotten = false;
    m_index.clear();
    for (ConnectionRows &connection : m_connections) {
        // An account learnt from the rows was theirs: the next connection at this index may be another account's.
        accountsForgotten = accountsForgotten || !connection.label.account.isEmpty();
        connection.label.account.clear();
        connection.rows = {};
        connection.listed = {};
    }
    m_clusterCounts.clear();
    m_groupCounts.clear();
    m_serverlessCounts.clear();
    m_statusNotes.clear();
    endResetModel();
    if (accountsForgotten)
        Q_EMIT connectionsChanged();
}

void SnapshotTableModel::clearConnection(int connection)
{
    std::vector<int> rows;
    for (size_t row = 0; row < m_rows.size(); ++row) {
        if (m_rows[row].connection == connection)
            rows.push_back(int(row));
    }
    if (!rows.empty())
        removeRows(std::move(rows));
}

namespace {
QString noteKey(int connection, SnapshotEntry::Kind kind, const QString &name)
{
    return QString::number(connection) + (kind == SnapshotEntry::Kind::Serverless ? u"/s/"_s : u"/n/"_s) + name;
}
} // namespace

QString SnapshotTableModel::noteFor(int connection, const SnapshotEntry &entry) const
{
    return m_statusNotes.value(noteKey(connection, entry.kind(), entry.name()));
}

void SnapshotTableModel::setStatusNote(SnapshotEntry::Kind kind, const QString &name, const QString &note)
{
    setStatusNote(0, kind, name, note);
}

void SnapshotTableModel::setStatusNote(int connection, SnapshotEntry::Kind kind, const QString &name,
                                       const QString &note)
{
    const QString key = noteKey(connection, kind, name);
    if (m_statusNotes.value(key) == note)
        return;
    if (note.isEmpty())
        m_statusNotes.remove(key);
    else
        m_statusNotes.insert(key, note);
    if (const int row = rowOf(connection, kind, name); row >= 0)
        Q_EMIT dataChanged(index(row, StatusColumn), index(row, StatusColumn), {Qt::DisplayRole, Qt::ToolTipRole});
}

QString SnapshotTableModel::statusNote(SnapshotEntry::Kind kind, const QString &name) const
{
    return statusNote(0, kind, name);
}

QString SnapshotTableModel::statusNote(int connection, SnapshotEntry::Kind kind, const QString &name) const
{
    return m_statusNotes.value(noteKey(connection, kind, name));
}

void SnapshotTableModel::beginRefresh()
{
    for (int connection = 0; connection < int(m_connections.size()); ++connection)
        beginRefresh(connection);
}

void SnapshotTableModel::beginRefresh(int connection)
{
    ConnectionRows &rows = connectionRows(connection);
    ++rows.generation;
    rows.listed = {};
}

void SnapshotTableModel::tally(const Row &row, int delta)
{
    ConnectionRows &rows = m_connections[row.connection];
    const size_t kind = size_t(row.entry.kind());
    rows.rows[kind] += delta;
    if (row.generation == rows.generation)
        rows.listed[kind] += delta;
}

void SnapshotTableModel::mergePage(QList<SnapshotEntry> page, int connection)
{
    std::vector<std::pair<int, QList<SnapshotEntry>>> pages;
    pages.emplace_back(connection, std::move(page));
    mergePages(std::move(pages));
}

void SnapshotTableModel::mergePages(std::vector<std::pair<int, QList<SnapshotEntry>>> pages)
{
    std::vector<Row> rows; // new, of every page
    for (auto &[connection, page] : pages) {
        const quint32 generation = connectionRows(connection).generation;
        if (!page.isEmpty())
            learnAccount(connection, page.first());
        QList<SnapshotEntry> added;
        int firstChanged = -1;
        int lastChanged = -1;
        const auto flushChanged = [&] {
            if (firstChanged >= 0)
                Q_EMIT dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));
            firstChanged = lastChanged = -1;
        };
        // A refresh lists the snapshots in the order of the rows it listed before: the row after the last one found
        // is tried first. At a million rows the name index is 16 MB, and a lookup in it a cache miss or two.
        int next = -1;
        for (SnapshotEntry &entry : page) {
            if (entry.isNull())
                continue;
            const bool atNext = next >= 0 && size_t(next) < m_rows.size()
                && isRowOf(next, connection, entry.kind(), entry.nameView());
            const int row = atNext ? next : rowOf(connection, entry.kind(), entry.nameView());
            if (row < 0) {
                added.append(std::move(entry));
                continue;
            }
            next = row + 1;
            Row &existing = m_rows[size_t(row)];
            if (existing.generation != generation) {
                ++connectionRows(connection).listed[size_t(existing.entry.kind())];
                existing.generation = generation;
            }
            if (existing.entry == entry)
                continue;
            // Pages arrive in the order of the model's rows on a refresh, so neighbouring changes coalesce. A
            // range is announced before the next row changes: whoever listens sees only what was announced.
            if (firstChanged >= 0 && row == lastChanged + 1) {
                lastChanged = row;
            } else {
                flushChanged();
                firstChanged = lastChanged = row;
            }
            count(existing.entry, -1);
            count(entry, +1);
            existing.entry = std::move(entry);
        }
        flushChanged();
        // A page can name one snapshot twice only through a service bug; keep the last.
        QHash<QString, size_t> pending[2];
        for (SnapshotEntry &entry : added) {
            QHash<QString, size_t> &seen = pending[int(entry.kind())];
            const auto it = seen.constFind(entry.name());
            if (it != seen.constEnd()) {
                rows[*it].entry = std::move(entry);
                continue;
            }
            seen.insert(entry.name(), rows.size());
            rows.push_back(Row {std::move(entry), generation, quint16(connection)});
        }
    }
    if (rows.empty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows(QModelIndex(), first, first + int(rows.size()) - 1);
    m_index.reserve(m_rows.size() + rows.size());
    for (Row &row : rows) {
        m_index.insert(hashOf(row), int(m_rows.size()));
        count(row.entry, +1);
        tally(row, +1);
        m_rows.push_back(std::move(row));
    }
    endInsertRows();
}

void SnapshotTableModel::mergePage(QList<Snapshot> page, int connection)
{
    mergePage(SnapshotEntry::fromPage(std::move(page)), connection);
}

void SnapshotTableModel::mergePage(QList<ServerlessCacheSnapshot> page, int connection)
{
    mergePage(SnapshotEntry::fromPage(std::move(page)), connection);
}

void SnapshotTableModel::endRefresh(SnapshotEntry::Kind kind)
{
    endRefresh(-1, kind);
}

void SnapshotTableModel::endRefresh(int connection, SnapshotEntry::Kind kind)
{
    // connection -1: every connection's. Whether any row can be stale is known without a pass over every row (some
    // 20 ms at a million).
    const auto anyStale = [this, kind](const ConnectionRows &rows) {
        return rows.rows[size_t(kind)] != rows.listed[size_t(kind)];
    };
    if (connection >= 0 ? !anyStale(connectionRows(connection))
                        : std::none_of(m_connections.cbegin(), m_connections.cend(), anyStale))
        return;
    std::vector<int> stale;
    for (size_t row = 0; row < m_rows.size(); ++row) {
        const Row &r = m_rows[row];
        if (r.entry.kind() == kind && (connection < 0 || r.connection == connection)
            && r.generation != m_connections[r.connection].generation)
            stale.push_back(int(row));
    }
    if (!stale.empty())
        removeRows(std::move(stale));
}

void SnapshotTableModel::upsert(SnapshotEntry entry)
{
    upsertIn(0, std::move(entry));
}

void SnapshotTableModel::upsertIn(int connection, SnapshotEntry entry)
{
    if (entry.isNull())
        return;
    const int row = rowOf(connection, entry.kind(), entry.nameView());
    if (row < 0) {
        mergePage(QList<SnapshotEntry> {std::move(entry)}, connection);
        return;
    }
    if (m_rows[size_t(row)].entry == entry)
        return;
    count(m_rows[size_t(row)].entry, -1);
    count(entry, +1);
    m_rows[size_t(row)].entry = std::move(entry);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void SnapshotTableModel::upsert(Snapshot snapshot, int connection)
{
    upsertIn(connection, SnapshotEntry(std::move(snapshot)));
}

void SnapshotTableModel::upsert(ServerlessCacheSnapshot snapshot, int connection)
{
    upsertIn(connection, SnapshotEntry(std::move(snapshot)));
}

bool SnapshotTableModel::remove(SnapshotEntry::Kind kind, const QString &name)
{
    return removeIn(0, kind, name);
}

bool SnapshotTableModel::removeIn(int connection, SnapshotEntry::Kind kind, const QString &name)
{
    const int row = rowOf(connection, kind, name);
    if (row < 0)
        return false;
    removeRows(std::vector<int> {row});
    return true;
}

void SnapshotTableModel::setTagCache(TagCache *cache)
{
    disconnect(m_tagsConnection);
    m_tags = cache;
    if (m_tags) {
        if (!m_tagFlush) {
            m_tagFlush = new QTimer(this);
            m_tagFlush->setObjectName(u"tagFlushTimer"_s);
            m_tagFlush->setSingleShot(true);
            m_tagFlush->setInterval(100);
            connect(m_tagFlush, &QTimer::timeout, this, &SnapshotTableModel::flushTagChanges);
        }
        m_tagsConnection = connect(m_tags, &TagCache::tagsChanged, this, [this](const QString &arn) {
            m_tagChanges.insert(arn);
            if (!m_tagFlush->isActive())
                m_tagFlush->start();
        });
    }
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, TagsColumn), index(rowCount() - 1, TagsColumn));
}

void SnapshotTableModel::flushTagChanges()
{
    const QSet<QString> changed = std::exchange(m_tagChanges, {});
    for (const QString &arn : changed) {
        const auto snapshot = ResourceArn::snapshotOf(arn);
        if (!snapshot)
            continue;
        // The same snapshot can be a row of two connections (two profiles of one account).
        for (int connection = 0; connection < connectionCount(); ++connection) {
            const int row = rowOf(connection, snapshot->first, snapshot->second);
            if (row >= 0 && m_rows[size_t(row)].entry.arn() == arn)
                Q_EMIT dataChanged(index(row, TagsColumn), index(row, TagsColumn), {Qt::DisplayRole, RawRole});
        }
    }
}

TagCache *SnapshotTableModel::tagCache() const
{
    return m_tags;
}

QString SnapshotTableModel::tagsText(const SnapshotEntry &entry) const
{
    if (!m_tags)
        return QString();
    const TagCache::Entry &tags = m_tags->peek(entry.arn());
    switch (tags.state) {
    case TagCache::State::Read:
        return TagRules::formatTagList(TagRules::sortedForDisplay(tags.tags));
    case TagCache::State::Failed:
        return tr("(could not read)");
    case TagCache::State::Unknown:
    case TagCache::State::Pending:
        break;
    }
    return u"…"_s;
}

QString SnapshotTableModel::tagsToolTip(const SnapshotEntry &entry) const
{
    if (!m_tags)
        return QString();
    const TagCache::Entry &tags = m_tags->peek(entry.arn());
    switch (tags.state) {
    case TagCache::State::Read:
        return tags.tags.isEmpty() ? tr("No tags")
                                   : TagRules::formatTagList(TagRules::sortedForDisplay(tags.tags), u"\n");
    case TagCache::State::Failed:
        return tr("The tags could not be read: %1")
            .arg(tags.error.message.isEmpty() ? tags.error.code : tags.error.message);
    case TagCache::State::Unknown:
    case TagCache::State::Pending:
        break;
    }
    return tr("Not read yet: tags are read (ListTagsForResource) for the rows on screen");
}

const QHash<QString, int> &SnapshotTableModel::clusterCounts() const
{
    return m_clusterCounts;
}

const QHash<QString, int> &SnapshotTableModel::replicationGroupCounts() const
{
    return m_groupCounts;
}

const QHash<QString, int> &SnapshotTableModel::serverlessCacheCounts() const
{
    return m_serverlessCounts;
}

void SnapshotTableModel::count(const SnapshotEntry &entry, int delta)
{
    const auto add = [delta](QHash<QString, int> &counts, const QString &id) {
        if (id.isEmpty())
            return;
        const auto it = counts.find(id);
        if (it == counts.end())
            counts.insert(id, delta);
        else if ((*it += delta) == 0)
            counts.erase(it);
    };
    add(m_clusterCounts, entry.kind() == SnapshotEntry::Kind::Serverless ? entry.serverlessCache() : entry.cluster());
    add(m_groupCounts, entry.replicationGroup());
    if (entry.kind() == SnapshotEntry::Kind::Serverless)
        add(m_serverlessCounts, entry.serverlessCache());
}

SnapshotTableModel::ConnectionRows &SnapshotTableModel::connectionRows(int connection)
{
    Q_ASSERT(connection >= 0 && connection <= 0xffff);
    if (size_t(connection) >= m_connections.size())
        m_connections.resize(size_t(connection) + 1);
    return m_connections[size_t(connection)];
}

quint32 SnapshotTableModel::hashOf(const Row &row) const
{
    return RowIndex::hashOf(row.connection, int(row.entry.kind()), row.entry.nameView());
}

void SnapshotTableModel::removeRows(std::vector<int> rows)
{
    if (rows.empty())
        return;
    size_t runs = 0;
    for (size_t i = 0; i < rows.size(); ++i)
        runs += i == 0 || rows[i] != rows[i - 1] + 1;
    if (runs > kMaxRemovedRuns) {
        removeScatteredRows(rows);
        return;
    }
    // Remove contiguous runs from the back so earlier row numbers stay valid.
    size_t end = rows.size();
    while (end > 0) {
        size_t begin = end - 1;
        while (begin > 0 && rows[begin - 1] == rows[begin] - 1)
            --begin;
        const int first = rows[begin];
        const int last = rows[end - 1];
        beginRemoveRows(QModelIndex(), first, last);
        for (int row = first; row <= last; ++row) {
            const Row &gone = m_rows[size_t(row)];
            count(gone.entry, -1);
            tally(gone, -1);
            m_index.remove(hashOf(gone), row);
        }
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
        endRemoveRows();
        end = begin;
    }
    // The rows after each removed one move up by how many were removed before them: renumbered in place, where
    // hashing every name again cost a million-row table over 100 ms for one deleted snapshot.
    m_index.renumber([&rows](int row) {
        return row > rows.front() ? row - int(std::lower_bound(rows.begin(), rows.end(), row) - rows.begin()) : row;
    });
}

void SnapshotTableModel::removeScatteredRows(const std::vector<int> &rows)
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::NoLayoutChangeHint);
    m_removalRemap.assign(m_rows.size(), 0);
    for (int row : rows) {
        m_removalRemap[size_t(row)] = -1;
        const SnapshotEntry &entry = m_rows[size_t(row)].entry;
        count(entry, -1);
        tally(m_rows[size_t(row)], -1);
        m_index.remove(hashOf(m_rows[size_t(row)]), row);
    }
    int next = 0;
    for (int &row : m_removalRemap)
        row = row < 0 ? -1 : next++;
    size_t kept = 0;
    for (size_t row = 0; row < m_rows.size(); ++row) {
        if (m_removalRemap[row] >= 0)
            m_rows[kept++] = std::move(m_rows[row]);
    }
    m_rows.resize(kept);
    // Renumbered in place: cheaper than hashing every name again.
    m_index.renumber([this](int row) { return m_removalRemap[size_t(row)]; });
    const QModelIndexList before = persistentIndexList();
    QModelIndexList after;
    after.reserve(before.size());
    for (const QModelIndex &index : before) {
        const int row = m_removalRemap[size_t(index.row())];
        after.append(row < 0 ? QModelIndex() : this->index(row, index.column()));
    }
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::NoLayoutChangeHint);
    m_removalRemap.clear();
}

const std::vector<int> &SnapshotTableModel::removalRemap() const
{
    return m_removalRemap;
}
