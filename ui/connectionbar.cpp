// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionbar.h"

#include "connectionsdialog.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QToolBar>

using namespace Qt::StringLiterals;

namespace {
constexpr int kProfileRole = Qt::UserRole;
constexpr int kEnvironmentRole = Qt::UserRole + 1;
} // namespace

ConnectionBar::ConnectionBar(Options options, QToolBar *toolbar)
    : QObject(toolbar)
    , m_options(std::move(options))
    , m_window(toolbar->window())
{
    // A menu shows no tooltip, so the reason the action is off is in its text.
    m_connectionsAction = new QAction(
        m_options.fixed ? tr("&Connections… (off: the sandbox has one connection)") : tr("&Connections…"), this);
    m_connectionsAction->setObjectName(u"actionConnections"_s);
    m_connectionsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_connectionsAction->setEnabled(!m_options.fixed);
    if (m_options.fixed) {
        m_connectionsAction->setToolTip(tr("The sandbox has one connection"));
        m_connectionsAction->setStatusTip(
            tr("Connections are off in sandbox mode: the sandbox has one connection. Start CacheSnap without "
               "--sandbox to use AWS profiles."));
    }
    connect(m_connectionsAction, &QAction::triggered, this, &ConnectionBar::showConnectionsDialog);

    m_profileCombo = new QComboBox(toolbar);
    m_profileCombo->setObjectName(u"profileCombo"_s);
    m_profileCombo->setToolTip(m_options.fixed ? tr("Sandbox mode has one connection") : tr("AWS profile"));
    m_profileCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_regionCombo = new QComboBox(toolbar);
    m_regionCombo->setObjectName(u"regionCombo"_s);
    m_regionCombo->setToolTip(tr("Region"));
    m_regionCombo->setEditable(true);
    m_regionCombo->setInsertPolicy(QComboBox::NoInsert);
    m_regionCombo->setMinimumContentsLength(14);
    if (m_options.fixed) {
        m_profileCombo->addItem(tr("sandbox"));
        m_profileCombo->setEnabled(false);
        m_regionCombo->setEnabled(false);
    } else {
        fillProfiles(m_options.profiles);
    }
    m_regionCombo->addItems(m_options.regions);
    auto *profileLabel = new QLabel(tr("Profile:"), toolbar);
    profileLabel->setBuddy(m_profileCombo);
    toolbar->addWidget(profileLabel);
    toolbar->addWidget(m_profileCombo);
    auto *regionLabel = new QLabel(tr(" Region:"), toolbar);
    regionLabel->setBuddy(m_regionCombo);
    toolbar->addWidget(regionLabel);
    toolbar->addWidget(m_regionCombo);
    connect(m_profileCombo, &QComboBox::activated, this, [this](int index) {
        if (m_options.fixed)
            return;
        ConnectionChoice choice = m_choice;
        choice.environment = m_profileCombo->itemData(index, kEnvironmentRole).toBool();
        choice.profile = choice.environment ? QString() : m_profileCombo->itemData(index, kProfileRole).toString();
        if (m_setRegions.isEmpty())
            choice.region = m_regionCombo->currentText().trimmed();
        Q_EMIT chosen(choice);
    });
    connect(m_regionCombo, &QComboBox::activated, this, [this] {
        ConnectionChoice choice = m_choice;
        const QString region = m_regionCombo->currentText().trimmed();
        if (!m_setRegions.isEmpty() && region == m_setRegions)
            return; // Enter on "3 regions"
        if (!region.isEmpty())
            choice.region = region;
        Q_EMIT chosen(choice);
    });
}

ConnectionBar::~ConnectionBar() = default;

void ConnectionBar::fillProfiles(const QStringList &profiles)
{
    const QSignalBlocker blocker(m_profileCombo);
    m_profileCombo->clear();
    if (m_options.environment) {
        m_profileCombo->addItem(tr("Environment variables"));
        m_profileCombo->setItemData(0, true, kEnvironmentRole);
        m_profileCombo->setItemData(0, tr("The keys in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"), Qt::ToolTipRole);
    }
    for (const QString &name : profiles)
        m_profileCombo->addItem(name, name);
}

int ConnectionBar::profileIndex(const ConnectionChoice &choice) const
{
    if (choice.environment)
        return m_profileCombo->findData(true, kEnvironmentRole);
    return m_profileCombo->findData(choice.profile.isEmpty() ? u"default"_s : choice.profile, kProfileRole);
}

void ConnectionBar::show(const ConnectionChoice &choice)
{
    m_choice = choice;
    m_setRegions.clear();
    if (!m_options.fixed) {
        const QSignalBlocker blocker(m_profileCombo);
        m_profileCombo->setPlaceholderText(QString());
        int index = profileIndex(choice);
        if (index < 0) {
            m_profileCombo->addItem(Connections::displayName(choice), choice.profile);
            m_profileCombo->setItemData(m_profileCombo->count() - 1, choice.environment, kEnvironmentRole);
            index = m_profileCombo->count() - 1;
        }
        m_profileCombo->setCurrentIndex(index);
    }
    const QSignalBlocker blocker(m_regionCombo);
    if (m_regionCombo->findText(choice.region) < 0 && !choice.region.isEmpty())
        m_regionCombo->addItem(choice.region);
    m_regionCombo->setCurrentText(choice.region);
}

// The set's first connection in the combos said "Profile: old-audit" above nine connections of three profiles.
void ConnectionBar::showSet(const QList<ConnectionChoice> &set)
{
    if (set.isEmpty())
        return;
    show(set.first());
    QStringList profiles;
    QStringList regions;
    for (const ConnectionChoice &choice : set) {
        profiles.append(Connections::displayName(choice));
        regions.append(choice.region);
    }
    profiles.removeDuplicates();
    regions.removeDuplicates();
    if (profiles.size() > 1 && !m_options.fixed) {
        const QSignalBlocker blocker(m_profileCombo);
        m_profileCombo->setPlaceholderText(tr("%1 profiles").arg(profiles.size()));
        m_profileCombo->setCurrentIndex(-1);
    }
    if (regions.size() > 1) {
        const QSignalBlocker blocker(m_regionCombo);
        m_setRegions = tr("%1 regions").arg(regions.size());
        m_regionCombo->setCurrentIndex(-1);
        m_regionCombo->setEditText(m_setRegions);
    }
}

QAction *ConnectionBar::connectionsAction() const
{
    return m_connectionsAction;
}

void ConnectionBar::showConnectionsDialog()
{
    auto *dialog = new ConnectionsDialog(m_options.credentialStore, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_choice.environment)
        dialog->selectEnvironment();
    else if (!m_choice.profile.isEmpty())
        dialog->selectProfile(m_choice.profile);
    connect(dialog, &ConnectionsDialog::storeChanged, this, [this] {
        if (!m_options.listProfiles)
            return;
        fillProfiles(m_options.listProfiles());
        show(m_choice);
    });
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (!dialog->selectedIsEnvironment() && dialog->selectedProfile().isEmpty())
            return;
        ConnectionChoice choice = m_choice;
        choice.environment = dialog->selectedIsEnvironment();
        choice.profile = choice.environment ? QString() : dialog->selectedProfile();
        choice.region = dialog->selectedRegion();
        Q_EMIT chosen(choice);
    });
    dialog->open();
}
