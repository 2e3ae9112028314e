// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleetdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace {

QListWidget *checkList(const QString &objectName, const QStringList &items, QWidget *parent)
{
    auto *list = new QListWidget(parent);
    list->setObjectName(objectName);
    list->setUniformItemSizes(true);
    for (const QString &text : items) {
        auto *item = new QListWidgetItem(text, list);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    return list;
}

QStringList checked(const QListWidget *list)
{
    QStringList names;
    for (int row = 0; row < list->count(); ++row) {
        if (list->item(row)->checkState() == Qt::Checked)
            names.append(list->item(row)->text());
    }
    return names;
}

ConnectionChoice withoutEndpoint(ConnectionChoice choice)
{
    choice.endpointUrl.clear();
    return choice;
}

} // namespace

FleetDialog::FleetDialog(const QStringList &profiles, const QStringList &regions,
                         const QList<ConnectionChoice> &current, const QString &endpointUrl, QWidget *parent)
    : QDialog(parent)
    , m_endpointUrl(endpointUrl)
{
    setObjectName(u"fleetDialog"_s);
    setWindowTitle(tr("Choose connections"));
    m_profiles = checkList(u"fleetProfiles"_s, profiles, this);
    m_regions = checkList(u"fleetRegions"_s, regions, this);
    m_allRegions = new QCheckBox(tr("&All regions of the partition"), this);
    m_allRegions->setObjectName(u"fleetAllRegions"_s);
    m_allRegions->setToolTip(tr("Every ElastiCache region of the partition, including those not enabled for an "
                                "account (they show as \"not enabled\")"));
    m_count = new QLabel(this);
    m_count->setObjectName(u"fleetCount"_s);
    m_note = new QLabel(this);
    m_note->setObjectName(u"fleetNote"_s);
    m_note->setWordWrap(true);
    m_note->hide();
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);

    auto *profilesLabel = new QLabel(tr("&Profiles"), this);
    profilesLabel->setBuddy(m_profiles);
    auto *regionsLabel = new QLabel(tr("&Regions"), this);
    regionsLabel->setBuddy(m_regions);
    auto *layout = new QGridLayout(this);
    layout->addWidget(new QLabel(tr("The window lists every snapshot of each ticked profile in each ticked region, "
                                    "in one table."),
                                 this),
                      0, 0, 1, 2);
    layout->addWidget(profilesLabel, 1, 0);
    layout->addWidget(regionsLabel, 1, 1);
    layout->addWidget(m_profiles, 2, 0);
    layout->addWidget(m_regions, 2, 1);
    layout->addWidget(m_allRegions, 3, 1);
    layout->addWidget(m_count, 4, 0, 1, 2);
    layout->addWidget(m_note, 5, 0, 1, 2);
    layout->addWidget(m_buttons, 6, 0, 1, 2);

    QStringList currentProfiles;
    QStringList currentRegions;
    for (const ConnectionChoice &choice : current) {
        if (!choice.endpointUrl.isEmpty() && choice.endpointUrl != m_endpointUrl)
            m_ownEndpoints.insert(withoutEndpoint(choice).key(), choice.endpointUrl);
        currentProfiles.append(choice.profile.isEmpty() ? choice.profileLabel() : choice.profile);
        currentRegions.append(choice.region);
    }
    if (current.size() <= 1) {
        // From one connection: start from what was chosen last time, if anything.
        const QSettings settings;
        currentProfiles += settings.value(profilesKey).toStringList();
        currentRegions += settings.value(regionsKey).toStringList();
    }
    setChecked(currentProfiles, currentRegions);

    connect(m_profiles, &QListWidget::itemChanged, this, &FleetDialog::updateCount);
    connect(m_regions, &QListWidget::itemChanged, this, &FleetDialog::updateCount);
    connect(m_allRegions, &QCheckBox::toggled, this, [this](bool on) {
        m_regions->setEnabled(!on);
        updateCount();
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        QSettings settings;
        settings.setValue(profilesKey, checkedProfiles());
        settings.setValue(regionsKey, checkedRegions());
        accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateCount();
}

FleetDialog::~FleetDialog() = default;

void FleetDialog::setChecked(const QStringList &profiles, const QStringList &regions)
{
    const QSet<QString> p(profiles.cbegin(), profiles.cend());
    const QSet<QString> r(regions.cbegin(), regions.cend());
    // Counted once below, not at each item (each count expands profiles × regions).
    const QSignalBlocker profilesQuiet(m_profiles);
    const QSignalBlocker regionsQuiet(m_regions);
    const QSignalBlocker allQuiet(m_allRegions);
    for (int row = 0; row < m_profiles->count(); ++row)
        m_profiles->item(row)->setCheckState(p.contains(m_profiles->item(row)->text()) ? Qt::Checked : Qt::Unchecked);
    for (int row = 0; row < m_regions->count(); ++row)
        m_regions->item(row)->setCheckState(r.contains(m_regions->item(row)->text()) ? Qt::Checked : Qt::Unchecked);
    m_allRegions->setChecked(r.contains(u"all"_s));
    m_regions->setEnabled(!m_allRegions->isChecked());
    updateCount();
}

void FleetDialog::setNote(const QString &text)
{
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
}

QStringList FleetDialog::checkedProfiles() const
{
    return checked(m_profiles);
}

QStringList FleetDialog::checkedRegions() const
{
    return m_allRegions->isChecked() ? QStringList {u"all"_s} : checked(m_regions);
}

QList<ConnectionChoice> FleetDialog::connections() const
{
    QList<ConnectionChoice> chosen
        = ConnectionChoice::expand(checkedProfiles(), checkedRegions(), u"aws"_s, m_endpointUrl);
    // Only the same profile in the same region is sent to an endpoint given for one connection.
    if (!m_ownEndpoints.isEmpty()) {
        for (ConnectionChoice &choice : chosen) {
            if (choice.endpointUrl.isEmpty())
                choice.endpointUrl = m_ownEndpoints.value(choice.key());
        }
    }
    return chosen;
}

QListWidget *FleetDialog::profileList() const
{
    return m_profiles;
}

QListWidget *FleetDialog::regionList() const
{
    return m_regions;
}

QCheckBox *FleetDialog::allRegionsBox() const
{
    return m_allRegions;
}

void FleetDialog::updateCount()
{
    const qsizetype count = connections().size();
    const QString tooMany = ConnectionChoice::tooManyInASet(count);
    m_count->setText(!tooMany.isEmpty() ? tooMany + u' ' + tr("Tick fewer profiles or regions.")
                         : count == 0   ? tr("Tick at least one profile and one region.")
                         : count == 1   ? tr("1 connection")
                                        : tr("%1 connections").arg(count));
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(count > 0 && tooMany.isEmpty());
    ok->setText(count == 1 ? tr("Show 1 connection") : tr("Show %1 connections").arg(count));
}
