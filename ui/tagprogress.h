// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QLabel;
class QStatusBar;
class QTimer;
class SnapshotFilterProxyModel;
class TagCache;

// The status bar's word on the tag filter: how many of the rows that pass the other filters have their tags read
// ("tags: 120 of 3,400 read"), that the rest are shown greyed until then, and why reading stopped or slowed down.
// Hidden while there is no tag filter and nothing to say.
class TagProgress final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TagProgress)

public:
    // Adds its label to statusBar, before the widgets already there.
    TagProgress(TagCache *cache, SnapshotFilterProxyModel *proxy, QStatusBar *statusBar);
    ~TagProgress() override;

    QString text() const;

private:
    void schedule();
    void update();

    TagCache *m_cache;
    SnapshotFilterProxyModel *m_proxy;
    QLabel *m_label = nullptr;
    QTimer *m_update = nullptr;
};
