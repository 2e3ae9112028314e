// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "connections.h"

#include <QObject>

#include <functional>
#include <memory>

class CredentialStore;
class QAction;
class QComboBox;
class QToolBar;
class QWidget;

// The toolbar's connection selector (profile and region) and the Connections dialog. A fixed connection (a
// sandbox's) is shown, greyed out, and cannot be changed.
class ConnectionBar final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionBar)

public:
    struct Options
    {
        QStringList profiles;
        QStringList regions;
        bool fixed = false;
        bool environment = false; // offer "Environment variables" (AWS_ACCESS_KEY_ID is set)
        std::shared_ptr<CredentialStore> credentialStore; // for the Connections dialog
        std::function<QStringList()> listProfiles; // re-read after the dialog changed something
    };

    // Adds its labels and combos to toolbar.
    ConnectionBar(Options options, QToolBar *toolbar);
    ~ConnectionBar() override;

    // Shows choice as the current connection.
    void show(const ConnectionChoice &choice);
    // Shows a set: each combo names its one profile or region, or says how many ("3 profiles"); picking a profile
    // or a region goes back to one connection (the set's first, with that change).
    void showSet(const QList<ConnectionChoice> &set);
    // Opens the Connections dialog (over the toolbar's window); accepting it emits chosen().
    QAction *connectionsAction() const;
    void showConnectionsDialog();

Q_SIGNALS:
    // The user picked a connection or a region: the shown connection with that change (a region switch keeps the
    // credentials in use). It may be the current connection.
    void chosen(const ConnectionChoice &choice);

private:
    void fillProfiles(const QStringList &profiles);
    int profileIndex(const ConnectionChoice &choice) const;

    Options m_options;
    ConnectionChoice m_choice;
    QWidget *m_window = nullptr;
    QAction *m_connectionsAction = nullptr;
    QComboBox *m_profileCombo = nullptr;
    QComboBox *m_regionCombo = nullptr;
    QString m_setRegions; // the region combo's text for a set of several regions ("3 regions"); empty otherwise
};
