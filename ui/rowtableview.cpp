// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "rowtableview.h"

#include "laidtextdelegate.h"

#include <QEvent>
#include <QHeaderView>
#include <QMetaMethod>
#include <QScrollBar>
#include <QStyle>
#include <QStyleOptionViewItem>

RowTableView::RowTableView(QWidget *parent)
    : QTableView(parent)
{
    setShowGrid(false);
    setWordWrap(false);
    setCornerButtonEnabled(false);
    setTabKeyNavigation(false);
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // The rows on screen are painted again after every page merged while a list loads: their texts are laid out
    // once, not at every paint.
    setItemDelegate(new LaidTextDelegate(this));

    QHeaderView *rows = verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed); // never asks a row its height
    QHeaderView *columns = horizontalHeader();
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    columns->setHighlightSections(false); // every column of a selected row is selected
    columns->setSectionsMovable(true);
    columns->setStretchLastSection(true);
    updateRowHeight();
    setSortingEnabled(true);
}

void RowTableView::setModel(QAbstractItemModel *model)
{
    QTableView::setModel(model);
    // Before each change of layout (every merge of pages into the sorted list, every sort), QHeaderView goes over all
    // its sections for those resized or hidden, to keep them across the change: for the row header, a pass over every
    // row, some 5 ms at a million, and a fifth of the window's time while twenty listings streamed in. Here no row
    // ever is (one height, Fixed, none hidden: filtering is the proxy's), so the pass finds none, and without it the
    // header does what it does then: takes the new number of rows. Qt 6.4 makes that connection by name; the slot is
    // looked up first, so that a Qt without it keeps the pass and says nothing.
    const QMetaObject *header = verticalHeader()->metaObject();
    const int pass = header->indexOfSlot("_q_sectionsAboutToBeChanged(QList<QPersistentModelIndex>,"
                                         "QAbstractItemModel::LayoutChangeHint)");
    if (model && pass >= 0) {
        QObject::disconnect(model, QMetaMethod::fromSignal(&QAbstractItemModel::layoutAboutToBeChanged),
                            verticalHeader(), header->method(pass));
    }
}

std::pair<int, int> RowTableView::rowsOnScreen() const
{
    if (!model() || model()->rowCount(rootIndex()) == 0)
        return {-1, -1};
    const int first = rowAtY(0);
    if (first < 0)
        return {-1, -1};
    const int last = rowAtY(viewport()->height() - 1);
    return {first, last >= 0 ? last : model()->rowCount(rootIndex()) - 1};
}

// Reckoned from the row height, as every row is one height and none is hidden. QTableView asks the row header, which
// after a change of layout that added rows first works out where each of its sections starts, a pass over every row
// (8-11% of the window's time while a million rows over 20 connections streamed in, two such passes a merge, where the
// repaint that needs it follows one merge in ten).
int RowTableView::rowAtY(int y) const
{
    const int height = verticalHeader()->defaultSectionSize();
    const int at = y + verticalOffset();
    if (height <= 0 || at < 0 || !model())
        return -1;
    const int row = at / height;
    return row < model()->rowCount(rootIndex()) ? row : -1;
}

int RowTableView::rowY(int row) const
{
    return row * verticalHeader()->defaultSectionSize() - verticalOffset();
}

void RowTableView::beginPlacingRows()
{
    if (m_placing)
        return;
    Placing placing;
    placing.scroll = QPoint(horizontalOffset(), verticalOffset());
    placing.viewport = viewport()->size();
    const auto [first, last] = rowsOnScreen();
    const QModelIndex current = currentIndex();
    const bool selectedOnScreen
        = current.isValid() && current.row() >= first && current.row() <= last && selectionModel()->isSelected(current);
    if (first >= 0 && (verticalOffset() > 0 || selectedOnScreen)) {
        // The selected row stays where it is on screen; else the first row.
        const int anchor = selectedOnScreen ? current.row() : first;
        placing.anchor = model()->index(anchor, 0, rootIndex());
        placing.anchorY = rowY(anchor);
        placing.top = model()->index(first, 0, rootIndex());
        placing.bottom = model()->index(last, 0, rootIndex());
        placing.topRow = first;
        placing.topY = rowY(first);
        placing.rowsShown = last - first;
    }
    // Updates already held (a parent's setUpdatesEnabled(false)) stay as they are. The attribute alone, not
    // setUpdatesEnabled(false): enabling that again repaints the widget whole.
    placing.holdsUpdates = !viewport()->testAttribute(Qt::WA_UpdatesDisabled);
    if (placing.holdsUpdates)
        viewport()->setAttribute(Qt::WA_UpdatesDisabled, true);
    m_placing = std::move(placing);
}

void RowTableView::endPlacingRows(int firstChangedRow)
{
    if (!m_placing)
        return;
    const Placing before = std::move(*m_placing);
    m_placing.reset();
    // The view lays its items out after a change of layout in a later pass of the event loop, and asks for a
    // repaint of the viewport there: done now, while the viewport takes no update.
    executeDelayedItemsLayout();
    // The rows on screen stay where they were: scrolled to the selected one, or the one that was at the top.
    // (Scrolling while the viewport takes no update moves no pixel.)
    bool kept = false;
    const bool anchored = before.anchor.isValid() && before.top.isValid() && before.bottom.isValid();
    if (anchored) {
        verticalScrollBar()->setValue(verticalOffset() + rowY(before.anchor.row()) - before.anchorY);
        // Nothing placed among the rows shown, nor after them in the space below the list's end; and each row's
        // alternate colour as it was (an even number of rows placed above).
        const int top = before.top.row();
        kept = rowY(top) == before.topY && before.bottom.row() == top + before.rowsShown
            && rowsOnScreen() == std::pair(top, before.bottom.row())
            && (!alternatingRowColors() || (top - before.topRow) % 2 == 0);
    }
    if (!before.holdsUpdates)
        return;
    viewport()->setAttribute(Qt::WA_UpdatesDisabled, false);
    if (before.viewport != viewport()->size() || before.scroll.x() != horizontalOffset()) {
        viewport()->update();
    } else if (anchored) {
        if (!kept)
            viewport()->update();
    } else {
        // A row on screen changed when one was placed at or above the last row on screen; when the rows do not fill
        // the viewport, the last row is the list's last, so rows placed below the list's end repaint too.
        const int last = rowsOnScreen().second;
        if (before.scroll.y() != verticalOffset() || (firstChangedRow >= 0 && (last < 0 || firstChangedRow <= last)))
            viewport()->update();
    }
}

void RowTableView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    // A change to rows off screen repaints nothing (a refresh changes rows all over a million).
    if (topLeft.isValid() && topLeft.parent() == rootIndex()) {
        const auto [first, last] = rowsOnScreen();
        if (first >= 0 && (bottomRight.row() < first || topLeft.row() > last))
            return;
    }
    QTableView::dataChanged(topLeft, bottomRight, roles);
}

QModelIndex RowTableView::moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers)
{
    // Home and End go to the first and last row, in the current column (a table's go to the first and last column
    // of the row, and with Ctrl to the top left and bottom right cells).
    if ((cursorAction != MoveHome && cursorAction != MoveEnd) || !model())
        return QTableView::moveCursor(cursorAction, modifiers);
    const int rows = model()->rowCount(rootIndex());
    int row = cursorAction == MoveHome ? 0 : rows - 1;
    const int step = cursorAction == MoveHome ? 1 : -1;
    while (row >= 0 && row < rows && isRowHidden(row))
        row += step;
    int column = currentIndex().isValid() ? currentIndex().column() : -1;
    for (int visual = 0; column < 0 && visual < horizontalHeader()->count(); ++visual) {
        const int logical = horizontalHeader()->logicalIndex(visual);
        if (!isColumnHidden(logical))
            column = logical;
    }
    if (row < 0 || row >= rows || column < 0)
        return currentIndex();
    return model()->index(row, column, rootIndex());
}

void RowTableView::changeEvent(QEvent *event)
{
    QTableView::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        updateRowHeight();
}

void RowTableView::updateRowHeight()
{
    // The height of a line of text beside an icon, as the item delegate sizes a cell.
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    option.features = QStyleOptionViewItem::HasDisplay | QStyleOptionViewItem::HasDecoration;
    option.text = QStringLiteral("Xg");
    const int height = style()->sizeFromContents(QStyle::CT_ItemViewItem, &option, QSize(), this).height();
    verticalHeader()->setMinimumSectionSize(1);
    verticalHeader()->setDefaultSectionSize(height);
}
