// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTableView>

#include <utility>

// A table of many rows of one height (the snapshot and cache lists): whole rows selected, sortable by the header, no
// grid or row numbers, Tab leaving the table and Home/End going to the first and last row, as in a list.
//
// A QTableView rather than a QTreeView: a tree keeps an item for every row it shows and lays all of them out again
// after each insertion or change of layout, some 60 ms at a million rows, for every page merged, every keystroke
// and every sort; a table finds a row's place from its number (the rows are one height).
class RowTableView : public QTableView
{
    Q_OBJECT

public:
    explicit RowTableView(QWidget *parent = nullptr);

    // The column header, as QTreeView names it.
    QHeaderView *header() const { return horizontalHeader(); }

    // The model rows on screen, first and last; -1 for both when none.
    std::pair<int, int> rowsOnScreen() const;

protected:
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;
    QModelIndex moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers) override;
    void changeEvent(QEvent *event) override;

private:
    void updateRowHeight();
};
