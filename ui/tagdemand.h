// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QTimer;
class RowTableView;
class SnapshotFilterProxyModel;
class TagCache;

// Tells the TagCache which snapshots' tags the table needs, and nothing more: the rows on screen while the Tags
// column is shown (or while a tag filter greys the rows whose tags are unknown), and with a tag filter every row
// the other filters let through, in the order shown. Nothing is asked for while the window is hidden, and a
// scroll through 100,000 rows asks only for where it stops (the visible rows are taken 100 ms after the view
// settles).
class TagDemand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TagDemand)

public:
    TagDemand(TagCache *cache, RowTableView *view, SnapshotFilterProxyModel *proxy, QObject *parent = nullptr);
    ~TagDemand() override;

    // Names the demand now rather than after the pause (tests).
    void updateNow();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void scheduleVisible();
    void scheduleFilter();
    void updateVisible();
    void updateFilter();

    TagCache *m_cache;
    RowTableView *m_view;
    // The view's viewport, compared by address only: its events also arrive while the view is being destroyed,
    // when the view can no longer be asked for it.
    const QObject *m_viewport;
    SnapshotFilterProxyModel *m_proxy;
    QTimer *m_visible = nullptr;
    QTimer *m_filter = nullptr; // the filter's list again, after rows changed
    QTimer *m_filterNow = nullptr; // the filter's list for a new filter, in an event of its own
};
