// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QLabel;
class QStatusBar;
class SnapshotFilterProxyModel;
class SnapshotListing;

// The status bar's permanent part: a busy indicator and the count so far while a listing loads, how many snapshots are
// shown of how many, and when the list was last complete.
class ListingStatus final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListingStatus)

public:
    // Adds its widgets to statusBar.
    ListingStatus(SnapshotListing *listing, SnapshotFilterProxyModel *proxy, QStatusBar *statusBar);
    ~ListingStatus() override;

    QString text() const;

private:
    void update();

    SnapshotListing *m_listing;
    SnapshotFilterProxyModel *m_proxy;
    QLabel *m_countLabel = nullptr;
    QLabel *m_refreshedLabel = nullptr;
    QWidget *m_loading = nullptr; // a busy indicator and m_loadLabel, shown while a listing loads
    QLabel *m_loadLabel = nullptr;
    bool m_lastFailed = false; // the last listing ended with an error
};
