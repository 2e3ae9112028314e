// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotfilterproxymodel.h"

#include "snapshottablemodel.h"

#include <limits>

namespace {

bool isAscii(QStringView text)
{
    for (QChar c : text) {
        if (c.unicode() >= 0x80)
            return false;
    }
    return true;
}

char16_t lower(char16_t c)
{
    return (c >= u'A' && c <= u'Z') ? char16_t(c + (u'a' - u'A')) : c;
}

bool isDigit(char16_t c)
{
    return c >= u'0' && c <= u'9';
}

// Natural, case-insensitive order for ASCII text. QCollator (ICU) gives the same order for the identifiers
// AWS allows, but costs around a microsecond per call: too slow for sorting 100,000 rows in 150 ms.
int naturalCompareAscii(QStringView a, QStringView b)
{
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        const char16_t ca = a[i].unicode();
        const char16_t cb = b[j].unicode();
        if (isDigit(ca) && isDigit(cb)) {
            qsizetype ei = i;
            qsizetype ej = j;
            while (ei < a.size() && a[ei] == u'0')
                ++ei;
            while (ej < b.size() && b[ej] == u'0')
                ++ej;
            const qsizetype si = ei;
            const qsizetype sj = ej;
            while (ei < a.size() && isDigit(a[ei].unicode()))
                ++ei;
            while (ej < b.size() && isDigit(b[ej].unicode()))
                ++ej;
            if (ei - si != ej - sj)
                return ei - si < ej - sj ? -1 : 1;
            for (qsizetype k = 0; k < ei - si; ++k) {
                if (a[si + k] != b[sj + k])
                    return a[si + k] < b[sj + k] ? -1 : 1;
            }
            i = ei;
            j = ej;
            continue;
        }
        const char16_t la = lower(ca);
        const char16_t lb = lower(cb);
        if (la != lb)
            return la < lb ? -1 : 1;
        ++i;
        ++j;
    }
    if (i < a.size())
        return 1;
    if (j < b.size())
        return -1;
    return 0;
}

qint64 instantKey(const QDateTime &instant)
{
    return instant.isValid() ? instant.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min();
}

template<typename T> int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

} // namespace

SnapshotFilterProxyModel::SnapshotFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    m_collator.setNumericMode(true);
    m_collator.setCaseSensitivity(Qt::CaseInsensitive);
    setSortRole(SnapshotTableModel::RawRole);
}

SnapshotFilterProxyModel::~SnapshotFilterProxyModel() = default;

void SnapshotFilterProxyModel::setSourceModel(QAbstractItemModel *model)
{
    m_model = qobject_cast<SnapshotTableModel *>(model);
    Q_ASSERT(m_model || !model);
    QSortFilterProxyModel::setSourceModel(model);
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
    m_filter = filter;
    invalidateRowsFilter();
    Q_EMIT filterChanged();
}

int SnapshotFilterProxyModel::compareText(const QString &left, const QString &right) const
{
    if (isAscii(left) && isAscii(right))
        return naturalCompareAscii(left, right);
    return m_collator.compare(left, right);
}

bool SnapshotFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid() || !m_model)
        return false;
    return m_filter.matches(m_model->snapshotAt(sourceRow));
}

bool SnapshotFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_model)
        return QSortFilterProxyModel::lessThan(left, right);
    const SnapshotEntry &a = m_model->snapshotAt(left.row());
    const SnapshotEntry &b = m_model->snapshotAt(right.row());
    int order = 0;
    switch (SnapshotTableModel::Column(left.column())) {
    case SnapshotTableModel::NameColumn:
        break;
    case SnapshotTableModel::KindColumn:
        order = threeWay(int(a.kind()), int(b.kind()));
        break;
    case SnapshotTableModel::StatusColumn:
        order = threeWay(int(a.status()), int(b.status()));
        break;
    case SnapshotTableModel::SourceColumn:
        order = threeWay(int(a.source()), int(b.source()));
        break;
    case SnapshotTableModel::ReplicationGroupColumn:
        order = compareText(a.replicationGroup(), b.replicationGroup());
        break;
    case SnapshotTableModel::ClusterColumn:
        order = compareText(a.kind() == SnapshotEntry::Kind::Serverless ? a.serverlessCache() : a.cluster(),
                            b.kind() == SnapshotEntry::Kind::Serverless ? b.serverlessCache() : b.cluster());
        break;
    case SnapshotTableModel::EngineColumn:
        order = compareText(a.engine(), b.engine());
        if (order == 0)
            order = compareText(a.engineVersion(), b.engineVersion());
        break;
    case SnapshotTableModel::NodeTypeColumn:
        order = compareText(a.nodeType(), b.nodeType());
        break;
    case SnapshotTableModel::ShardsColumn:
        order = threeWay(a.shards(), b.shards());
        break;
    case SnapshotTableModel::SizeColumn:
        order = threeWay(a.sizeBytes(), b.sizeBytes());
        break;
    case SnapshotTableModel::CreatedColumn:
        order = threeWay(instantKey(a.created()), instantKey(b.created()));
        break;
    case SnapshotTableModel::EncryptedColumn:
        order = compareText(a.kmsKeyId(), b.kmsKeyId());
        break;
    case SnapshotTableModel::ArnColumn:
        order = compareText(a.arn(), b.arn());
        break;
    case SnapshotTableModel::VpcColumn:
        order = compareText(a.vpcId(), b.vpcId());
        break;
    case SnapshotTableModel::RetentionColumn:
        order = threeWay(a.retentionLimitDays().value_or(-1), b.retentionLimitDays().value_or(-1));
        break;
    case SnapshotTableModel::ExpiryColumn:
        order = threeWay(instantKey(a.expiry()), instantKey(b.expiry()));
        break;
    case SnapshotTableModel::DataTieringColumn:
        order = compareText(a.dataTiering(), b.dataTiering());
        break;
    case SnapshotTableModel::ColumnCount:
        break;
    }
    // Equal keys fall back to the name, so the order is total and the same after every refresh.
    if (order == 0)
        order = compareText(a.name(), b.name());
    return order < 0;
}
