// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QAbstractItemView;
class QAction;
class QLabel;
class QPushButton;
class SnapshotFilterProxyModel;

// Over an empty table whose snapshots the filters hide: "No snapshots match the filters" and a button that clears
// them, instead of a blank table. Hidden whenever a row shows or there are no snapshots at all.
class EmptyStateOverlay final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmptyStateOverlay)

public:
    EmptyStateOverlay(QAbstractItemView *view, SnapshotFilterProxyModel *proxy, QAction *clearFilters);
    ~EmptyStateOverlay() override;

    QPushButton *clearButton() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void update();
    void place();

    QAbstractItemView *m_view;
    SnapshotFilterProxyModel *m_proxy;
    QLabel *m_text = nullptr;
    QPushButton *m_clear = nullptr;
};
