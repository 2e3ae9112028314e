// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "connectionchoice.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;
class SnapshotListing;
class SnapshotTableModel;

// The window's connections, one row each: profile and region, account, and where its listing is ("listing… 1,200",
// "done: 3,400 in 2.1 s", "failed: <the reason in plain words>", "region not enabled for this account"), with Retry
// for a failed one. One connection's failure never hides the others' rows or state.
class ConnectionsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionsPanel)

public:
    enum Column { ConnectionColumn, AccountColumn, StateColumn, ColumnCount };

    ConnectionsPanel(SnapshotListing *listing, SnapshotTableModel *model, QWidget *parent = nullptr);
    ~ConnectionsPanel() override;

    void setConnections(const QList<ConnectionChoice> &connections);
    QTreeWidget *list() const;
    QPushButton *retryButton() const;
    // The row's state in words, as shown.
    QString stateText(int connection) const;
    int currentConnection() const; // -1: none

Q_SIGNALS:
    void retryRequested(int connection);
    void currentConnectionChanged(int connection);
    // Double-click or Enter on a connection: show only its snapshots.
    void showRequested(int connection);

private:
    void update(int connection);
    void updateAll();
    void updateRetry();
    bool canRetry(int connection) const;

    SnapshotListing *m_listing;
    SnapshotTableModel *m_model;
    QList<ConnectionChoice> m_connections;
    QTreeWidget *m_list = nullptr;
    QPushButton *m_retry = nullptr;
    QLabel *m_summary = nullptr;
};
