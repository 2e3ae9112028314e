// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "snapshotfilter.h"

#include <QCollator>
#include <QSortFilterProxyModel>

class SnapshotTableModel;

// Filters with a SnapshotFilter and sorts on the typed values of SnapshotTableModel's rows, reading the rows
// directly rather than through QVariant: with 100,000 rows every comparison counts.
class SnapshotFilterProxyModel final : public QSortFilterProxyModel
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

    // Natural order ("node-2" before "node-10"), case-insensitive.
    int compareText(const QString &left, const QString &right) const;

Q_SIGNALS:
    void filterChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    SnapshotTableModel *m_model = nullptr;
    SnapshotFilter m_filter;
    QCollator m_collator;
};
