// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTreeView>

#include <utility>

// A QTreeView for a flat table of many rows (the snapshot and cache lists): no tree decoration, rows of one height,
// whole rows selected, sortable by the header.
//
// QTreeView::dataChanged() looks the changed row up among all the rows it lays out, a linear search from the last
// row it painted, to refresh a height cache that rows of one height do not use. A refresh that changes a thousand
// scattered rows of a million made a thousand such searches: seconds on the window's thread. Here a change to rows
// off screen costs nothing, and one on screen repaints as before.
class FlatTreeView : public QTreeView
{
    Q_OBJECT

public:
    explicit FlatTreeView(QWidget *parent = nullptr);

    // The model rows on screen, first and last; -1 for both when none.
    std::pair<int, int> rowsOnScreen() const;

protected:
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;
};
