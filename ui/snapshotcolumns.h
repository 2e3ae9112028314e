// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "snapshotentry.h"

#include <QIcon>
#include <QString>
#include <QStringView>
#include <QVariant>

class QHeaderView;
class QMenu;

// What each column of the snapshot table is, in one table: its header, default width and visibility, how a cell
// is shown, its typed value and what it sorts on. SnapshotTableModel (header and cells), SnapshotFilterProxyModel
// (sort keys) and the window's header (widths, visibility, the Columns menu) all read it; the column numbers are
// SnapshotTableModel::Column.
namespace SnapshotColumns {

// A column's sort key: a number (an enum, a count, bytes, an instant in ms) or text in natural order. second
// follows text after a NUL, so (engine, version) orders like the pair. Ties fall back to the name.
struct SortKey
{
    qint64 number = 0;
    QStringView text;
    QStringView second;
    bool hasSecond = false;
    QString made; // the text, when it is made for the key (an ARN) rather than read from the entry
};

struct Info
{
    const char *header = nullptr; // translated
    const char *headerToolTip = nullptr; // translated; null: the header
    int width = 110; // default, in pixels
    bool shownByDefault = true;
    bool hideable = true;
    Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignVCenter;
    QVariant (*display)(const SnapshotEntry &) = nullptr; // DisplayRole: formatting only
    QVariant (*raw)(const SnapshotEntry &) = nullptr; // RawRole: the typed value
    QVariant (*toolTip)(const SnapshotEntry &) = nullptr; // null: the shown text, when there is one
    QIcon (*decoration)(const SnapshotEntry &) = nullptr; // null: none
    SortKey (*sortKey)(const SnapshotEntry &) = nullptr;
};

// 0 <= column < SnapshotTableModel::ColumnCount.
const Info &info(int column);
QString headerText(int column);
QString headerToolTip(int column);
// The default widths and visibility.
void applyDefaults(QHeaderView *header);
// One column's default width, visibility and place: for a column a saved header state does not know (one added
// since the state was saved, which QHeaderView::restoreState() would show at the end).
void applyDefault(QHeaderView *header, int column);
// Fills menu with a check box per column that shows or hides it in header.
void fillMenu(QMenu *menu, QHeaderView *header);

} // namespace SnapshotColumns
