// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "flattreeview.h"

#include <QScrollBar>

FlatTreeView::FlatTreeView(QWidget *parent)
    : QTreeView(parent)
{
    setRootIsDecorated(false);
    setItemsExpandable(false);
    setUniformRowHeights(true); // lays out 1,000,000 rows without asking each one its height
    setAllColumnsShowFocus(true);
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSortingEnabled(true);
}

std::pair<int, int> FlatTreeView::rowsOnScreen() const
{
    if (!model() || model()->rowCount(rootIndex()) == 0)
        return {-1, -1};
    const QModelIndex first = indexAt(QPoint(0, 0));
    if (!first.isValid())
        return {-1, -1};
    const QModelIndex last = indexAt(QPoint(0, viewport()->height() - 1));
    return {first.row(), last.isValid() ? last.row() : model()->rowCount(rootIndex()) - 1};
}

void FlatTreeView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    // Only a flat table of rows of one height: a tree's rows, or rows of their own heights, need QTreeView's search.
    if (topLeft.isValid() && topLeft.parent() == rootIndex() && uniformRowHeights() && !rootIsDecorated()) {
        const auto [first, last] = rowsOnScreen();
        if (first >= 0 && (bottomRight.row() < first || topLeft.row() > last))
            return; // off screen: nothing to repaint
    }
    QTreeView::dataChanged(topLeft, bottomRight, roles);
}
