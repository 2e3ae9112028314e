// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionbar.h"

#include "connectionsdialog.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QToolBar>

using namespace Qt::StringLiterals;

ConnectionBar::ConnectionBar(Options options, QToolBar *toolbar)
    : QObject(toolbar)
    , m_options(std::move(options))
    , m_window(toolbar->window())
{
    m_connectionsAction = new QAction(tr("&Connections…"), this);
    m_connectionsAction->setObjectName(u"actionConnections"_s);
    m_connectionsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_connectionsAction->setEnabled(!m_options.fixed);
    if (m_options.fixed)
        m_connectionsAction->setToolTip(tr("The sandbox has one connection"));
    connect(m_connectionsAction, &QAction::triggered, this, &ConnectionBar::showConnectionsDialog);

    m_profileCombo = new QComboBox(toolbar);
    m_profileCombo->setObjectName(u"profileCombo"_s);
    m_profileCombo->setToolTip(tr("AWS profile"));
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
        m_profileCombo->addItems(m_options.profiles);
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
    const auto switchConnection = [this] {
        Q_EMIT chosen(m_options.fixed ? QString() : m_profileCombo->currentText(),
                      m_regionCombo->currentText().trimmed());
    };
    connect(m_profileCombo, &QComboBox::activated, this, switchConnection);
    connect(m_regionCombo, &QComboBox::activated, this, switchConnection);
}

ConnectionBar::~ConnectionBar() = default;

void ConnectionBar::show(const ConnectionChoice &choice)
{
    m_profile = choice.profile;
    if (!m_options.fixed) {
        if (m_profileCombo->findText(choice.profile) < 0 && !choice.profile.isEmpty())
            m_profileCombo->addItem(choice.profile);
        m_profileCombo->setCurrentText(choice.profile);
    }
    if (m_regionCombo->findText(choice.region) < 0 && !choice.region.isEmpty())
        m_regionCombo->addItem(choice.region);
    m_regionCombo->setCurrentText(choice.region);
}

QAction *ConnectionBar::connectionsAction() const
{
    return m_connectionsAction;
}

void ConnectionBar::showConnectionsDialog()
{
    auto *dialog = new ConnectionsDialog(m_options.credentialStore, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!m_profile.isEmpty())
        dialog->selectProfile(m_profile);
    connect(dialog, &ConnectionsDialog::storeChanged, this, [this] {
        if (!m_options.listProfiles)
            return;
        const QString current = m_profileCombo->currentText();
        const QSignalBlocker blocker(m_profileCombo);
        m_profileCombo->clear();
        m_profileCombo->addItems(m_options.listProfiles());
        m_profileCombo->setCurrentText(current);
    });
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (!dialog->selectedProfile().isEmpty())
            Q_EMIT chosen(dialog->selectedProfile(), dialog->selectedRegion());
    });
    dialog->open();
}
