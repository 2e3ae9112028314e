// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionspanel.h"

#include "laidtextdelegate.h"
#include "snapshotlisting.h"
#include "snapshottablemodel.h"
#include "statusicons.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ConnectionsPanel::ConnectionsPanel(SnapshotListing *listing, SnapshotTableModel *model, QWidget *parent)
    : QWidget(parent)
    , m_listing(listing)
    , m_model(model)
{
    setObjectName(u"connectionsPanel"_s);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(u"connectionsList"_s);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({tr("Connection"), tr("Account"), tr("State")});
    // The state is what one scans the list for: right after the connection, so that a narrow list shows it; the
    // account (in the table's own column too) comes last and takes the rest.
    m_list->header()->moveSection(StateColumn, AccountColumn);
    m_list->header()->setStretchLastSection(true);
    m_list->setColumnWidth(ConnectionColumn, 175);
    // Wide enough for the usual brief states whole ("failed: credentials refused", "done: 12,345 in 10.2 s").
    const int padding = 2 * style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_list) + 8;
    m_list->setColumnWidth(
        StateColumn, qMax(150, m_list->fontMetrics().horizontalAdvance(tr("failed: credentials refused")) + padding));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setItemDelegate(new LaidTextDelegate(m_list)); // repainted as every connection's count grows
    m_retry = new QPushButton(tr("&Retry"), this);
    m_retry->setObjectName(u"retryConnectionButton"_s);
    m_retry->setToolTip(tr("List the selected connection again (or every failed one, when none is selected)"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(u"connectionsSummary"_s);
    m_summary->setWordWrap(true);

    // The summary has the panel's width to itself: beside Retry, in a narrow window, "5 of 6 listed, 1 not enabled"
    // took four lines.
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_retry);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_summary);
    layout->addLayout(buttons);

    connect(m_retry, &QPushButton::clicked, this, [this] {
        const int current = currentConnection();
        if (current >= 0 && canRetry(current)) {
            Q_EMIT retryRequested(current);
            return;
        }
        for (int connection = 0; connection < int(m_connections.size()); ++connection) {
            if (canRetry(connection))
                Q_EMIT retryRequested(connection);
        }
    });
    connect(m_list, &QTreeWidget::currentItemChanged, this, [this] {
        updateRetry();
        Q_EMIT currentConnectionChanged(currentConnection());
    });
    connect(m_list, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem *item) { Q_EMIT showRequested(m_list->indexOfTopLevelItem(item)); });
    connect(m_listing, &SnapshotListing::connectionStateChanged, this, &ConnectionsPanel::update);
    connect(m_model, &SnapshotTableModel::connectionsChanged, this, &ConnectionsPanel::updateAll);
}

ConnectionsPanel::~ConnectionsPanel() = default;

void ConnectionsPanel::setConnections(const QList<ConnectionChoice> &connections)
{
    m_connections = connections;
    m_list->clear();
    for (const ConnectionChoice &choice : connections) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(ConnectionColumn, choice.label());
        item->setToolTip(ConnectionColumn,
                         tr("%1: double-click or Enter shows only its snapshots").arg(item->text(ConnectionColumn)));
    }
    updateAll();
}

QTreeWidget *ConnectionsPanel::list() const
{
    return m_list;
}

QPushButton *ConnectionsPanel::retryButton() const
{
    return m_retry;
}

int ConnectionsPanel::currentConnection() const
{
    QTreeWidgetItem *item = m_list->currentItem();
    return item ? m_list->indexOfTopLevelItem(item) : -1;
}

QString ConnectionsPanel::stateText(int connection) const
{
    QTreeWidgetItem *item = m_list->topLevelItem(connection);
    return item ? item->text(StateColumn) : QString();
}

bool ConnectionsPanel::canRetry(int connection) const
{
    const FleetConnectionState::Phase phase = m_listing->state(connection).phase;
    return phase == FleetConnectionState::Phase::Failed || phase == FleetConnectionState::Phase::NotEnabled;
}

void ConnectionsPanel::updateAll()
{
    for (int connection = 0; connection < m_list->topLevelItemCount(); ++connection)
        update(connection);
}

void ConnectionsPanel::update(int connection)
{
    QTreeWidgetItem *item = m_list->topLevelItem(connection);
    if (!item)
        return;
    const FleetConnectionState &state = m_listing->state(connection);
    QString account = state.accountId;
    if (account.isEmpty())
        account = m_model->connectionLabel(connection).account;
    item->setText(AccountColumn, account);
    // The column says it briefly ("failed: credentials refused"); its tooltip, the error bar and the CLI in full.
    item->setText(StateColumn, state.brief());
    QIcon icon;
    QString tip = state.words();
    switch (state.phase) {
    case FleetConnectionState::Phase::Waiting:
    case FleetConnectionState::Phase::Resolving:
        icon = StatusIcons::icon(SnapshotEntry::Status::Unknown);
        break;
    case FleetConnectionState::Phase::Listing:
        icon = StatusIcons::icon(SnapshotEntry::Status::Creating);
        break;
    case FleetConnectionState::Phase::Done:
        icon = StatusIcons::action(u"check-passes"_s);
        break;
    case FleetConnectionState::Phase::Failed:
        icon = StatusIcons::action(u"check-fails"_s);
        if (state.error)
            tip += u"\n\n"_s + state.error->toString();
        break;
    case FleetConnectionState::Phase::NotEnabled:
        icon = StatusIcons::action(u"check-unknown"_s);
        tip = tr("The region is not enabled for this account (AWS did not accept the credentials there). Enable "
                 "it in the account's settings, or leave it out of the connections.");
        break;
    }
    item->setIcon(ConnectionColumn, icon);
    item->setToolTip(StateColumn, tip);
    updateRetry();
}

void ConnectionsPanel::updateRetry()
{
    // The listing's counts, in constant time (a state changes thousands of times in a set of thousands); none while
    // the list is empty (one connection).
    using Phase = FleetConnectionState::Phase;
    const bool shown = !m_connections.isEmpty();
    const int failed = shown ? m_listing->phaseCount(Phase::Failed) : 0;
    const int notEnabled = shown ? m_listing->phaseCount(Phase::NotEnabled) : 0;
    const int done = shown ? m_listing->phaseCount(Phase::Done) : 0;
    const int current = currentConnection();
    m_retry->setEnabled(current >= 0 ? canRetry(current) : failed + notEnabled > 0);
    QStringList parts {tr("%1 of %2 listed").arg(done).arg(m_connections.size())};
    if (failed > 0)
        parts.append(tr("%1 failed").arg(failed));
    if (notEnabled > 0)
        parts.append(tr("%1 not enabled").arg(notEnabled));
    m_summary->setText(parts.join(u", "_s));
}
