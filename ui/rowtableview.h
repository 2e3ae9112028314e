// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTableView>

#include <optional>
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

    // Every row is one height and none is hidden, so the row header keeps no section of its own across a change of
    // layout: its pass over every row before each one, to find such sections, is left out (see rowtableview.cpp).
    void setModel(QAbstractItemModel *model) override;

    // The model rows on screen, first and last; -1 for both when none.
    std::pair<int, int> rowsOnScreen() const;

    // Rows are being placed among the ones shown (a page merged into a sorted list), and no row before
    // firstChangedRow moves: the rows on screen are painted again only when one of them changed. Qt repaints a
    // view's every visible row after any insertion or change of layout; while a million rows stream in, most pages
    // land off screen, and the repaint after each merge (10-30 ms of the window's thread) was most of the wait that
    // followed it. Between the two calls the viewport takes no update; the end repaints it whole when the rows on
    // screen or the viewport's size changed (firstChangedRow < 0: no row moved).
    //
    // Once the list is scrolled, or the selected current row is on screen, what the screen shows stays in place: the
    // selected row on screen (else the first row on screen) keeps its place, and rows placed above it scroll the view
    // by as much, so that the row being read or selected is not pushed away (off screen) while the list loads. At
    // the top with no row selected on screen, the list shows its first rows as they come.
    void beginPlacingRows();
    void endPlacingRows(int firstChangedRow);

protected:
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;
    QModelIndex moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers) override;
    void changeEvent(QEvent *event) override;

private:
    void updateRowHeight();
    // The row at y in the viewport (-1 past the last), and where a row starts there.
    int rowAtY(int y) const;
    int rowY(int row) const;

    struct Placing
    {
        QPoint scroll;
        QSize viewport;
        QPersistentModelIndex anchor; // the row kept where it is on screen, when what the screen shows stays in place
        int anchorY = 0; // where it starts in the viewport (above it when partly scrolled away)
        QPersistentModelIndex top; // the first and last rows on screen then
        QPersistentModelIndex bottom;
        int topRow = 0;
        int topY = 0;
        int rowsShown = 0; // rows on screen after it
        bool holdsUpdates = false;
    };
    std::optional<Placing> m_placing; // set while rows are placed with the viewport's updates held
};
