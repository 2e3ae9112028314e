// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "connectionchoice.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QListWidget;

// Which connections the window shows together: profiles ticked × regions ticked (or every region of the
// partition). The choice is remembered in the settings (profile and region names only, never a secret).
class FleetDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetDialog)

public:
    // profiles and regions: what can be ticked; current: the connections shown now (their profiles and regions
    // start ticked; one with an endpoint of its own, such as --endpoint-url's, keeps it when chosen again).
    // endpointUrl applies to every connection (the sandbox's).
    FleetDialog(const QStringList &profiles, const QStringList &regions, const QList<ConnectionChoice> &current,
                const QString &endpointUrl, QWidget *parent = nullptr);
    ~FleetDialog() override;

    QStringList checkedProfiles() const;
    QStringList checkedRegions() const; // "all" when every region of the partition is chosen
    // Profiles × regions, in the order shown.
    QList<ConnectionChoice> connections() const;
    void setChecked(const QStringList &profiles, const QStringList &regions);
    // A note under the count (empty: none), such as where the connections' requests go.
    void setNote(const QString &text);

    QListWidget *profileList() const;
    QListWidget *regionList() const;
    QCheckBox *allRegionsBox() const;

    static constexpr QLatin1StringView profilesKey {"fleet/profiles"};
    static constexpr QLatin1StringView regionsKey {"fleet/regions"};

private:
    void updateCount();

    QString m_endpointUrl;
    // The current connections' own endpoints, by their key without one.
    QHash<QString, QString> m_ownEndpoints;
    QListWidget *m_profiles = nullptr;
    QListWidget *m_regions = nullptr;
    QCheckBox *m_allRegions = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_note = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};
