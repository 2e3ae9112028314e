// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cachesview.h"

#include "backupsettingsdialog.h"
#include "cachedetailspane.h"
#include "cachelisting.h"
#include "cachetablemodel.h"
#include "cachewatch.h"
#include "dialogutil.h"
#include "elasticacheclient.h"
#include "errorbar.h"
#include "panesplitter.h"
#include "rowtableview.h"
#include "snapshottablemodel.h"
#include "statusicons.h"

#include <QAction>
#include <QButtonGroup>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

CacheSource::Kind sourceKind(CacheWatch::Kind kind)
{
    switch (kind) {
    case CacheWatch::Kind::ReplicationGroup:
        return CacheSource::Kind::ReplicationGroup;
    case CacheWatch::Kind::CacheCluster:
        return CacheSource::Kind::CacheCluster;
    case CacheWatch::Kind::ServerlessCache:
        return CacheSource::Kind::ServerlessCache;
    }
    return CacheSource::Kind::ReplicationGroup;
}

} // namespace

CachesView::CachesView(SnapshotTableModel *snapshots, QWidget *parent)
    : QWidget(parent)
    , m_snapshots(snapshots)
{
    setObjectName(u"cachesView"_s);
    m_listing = new CacheListing(this);
    m_model = new CacheTableModel(this);
    m_proxy = new CacheFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);

    // The two views side by side, each with its count: the caches without backups are found in one look.
    m_showAll = new QToolButton(this);
    m_showAll->setObjectName(u"showAllCaches"_s);
    m_showUnprotected = new QToolButton(this);
    m_showUnprotected->setObjectName(u"showUnprotected"_s);
    m_showUnprotected->setIcon(StatusIcons::action(u"check-fails"_s));
    m_showUnprotected->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_showUnprotected->setToolTip(tr("Caches whose automatic backups are off and which have no manual snapshot "
                                     "from the last days given"));
    for (QToolButton *button : {m_showAll, m_showUnprotected}) {
        button->setCheckable(true);
        button->setAutoRaise(false);
    }
    auto *group = new QButtonGroup(this);
    group->setExclusive(true);
    group->addButton(m_showAll);
    group->addButton(m_showUnprotected);
    m_showAll->setChecked(true);

    m_unprotectedAction = new QAction(tr("Sources &without backups"), this);
    m_unprotectedAction->setObjectName(u"actionUnprotectedSources"_s);
    m_unprotectedAction->setCheckable(true);
    connect(m_unprotectedAction, &QAction::toggled, this, &CachesView::setUnprotectedOnly);
    connect(m_showUnprotected, &QToolButton::toggled, this, &CachesView::setUnprotectedOnly);

    auto *daysLabel = new QLabel(tr("no manual snapshot in the &last"), this);
    m_days = new QSpinBox(this);
    m_days->setObjectName(u"unprotectedDays"_s);
    m_days->setRange(1, 3650);
    m_days->setValue(30);
    DialogUtil::countDays(m_days);
    m_days->setToolTip(tr("A manual snapshot taken within this many days counts as a backup"));
    daysLabel->setBuddy(m_days);
    connect(m_days, &QSpinBox::valueChanged, this, &CachesView::setUnprotectedDays);

    auto *refreshButton = new QToolButton(this);
    refreshButton->setObjectName(u"refreshCaches"_s);
    refreshButton->setIcon(StatusIcons::action(u"refresh"_s));
    refreshButton->setToolTip(tr("List the caches again"));
    connect(refreshButton, &QToolButton::clicked, this, &CachesView::refresh);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_showAll);
    top->addWidget(m_showUnprotected);
    top->addSpacing(6);
    top->addWidget(daysLabel);
    top->addWidget(m_days);
    top->addStretch(1);
    top->addWidget(refreshButton);

    m_note = new QLabel(this);
    m_note->setObjectName(u"unprotectedNote"_s);
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);
    m_note->setForegroundRole(QPalette::PlaceholderText);

    m_errorBar = new ErrorBar(this);
    m_errorBar->setObjectName(u"cachesErrorBar"_s);

    m_view = new RowTableView(this);
    m_view->setObjectName(u"cacheView"_s);
    m_view->setModel(m_proxy);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->sortByColumn(CacheTableModel::NameColumn, Qt::AscendingOrder);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    QHeaderView *header = m_view->header();
    header->setSectionsMovable(true);
    header->setStretchLastSection(true);
    const QList<std::pair<int, int>> widths {{CacheTableModel::NameColumn, 180},
                                             {CacheTableModel::KindColumn, 190},
                                             {CacheTableModel::EngineColumn, 95},
                                             {CacheTableModel::StatusColumn, 100},
                                             {CacheTableModel::RetentionColumn, 80},
                                             {CacheTableModel::WindowColumn, 125},
                                             {CacheTableModel::SnapshottingClusterColumn, 130},
                                             {CacheTableModel::LatestSnapshotColumn, 120}};
    for (const auto &[column, width] : widths)
        header->resizeSection(column, width);

    m_details = new CacheDetailsPane(this);
    m_splitter = new PaneSplitter(m_view, m_details, 330, this);
    m_splitter->setObjectName(u"cachesSplitter"_s);

    m_editAction = new QAction(tr("&Edit backup settings…"), this);
    m_editAction->setObjectName(u"actionEditBackupSettings"_s);
    m_editAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    m_editAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_editAction->setEnabled(false);
    connect(m_editAction, &QAction::triggered, this, &CachesView::editSelected);
    auto *showSnapshots = new QAction(tr("Show its &snapshots"), this);
    showSnapshots->setObjectName(u"actionShowCacheSnapshots"_s);
    connect(showSnapshots, &QAction::triggered, this, [this] {
        bool ok = false;
        const CacheSource source = selected(&ok);
        if (ok)
            Q_EMIT showSnapshotsRequested(source);
    });
    m_view->addAction(m_editAction);
    m_view->addAction(showSnapshots);
    addAction(m_editAction);

    // In a set, whose caches these are: the first connection's listed alone, and an operator whose first connection
    // failed saw an empty tab and that connection's error without its name.
    m_connectionName = new QLabel(this);
    m_connectionName->setObjectName(u"cachesConnection"_s);
    m_connectionName->setWordWrap(true);
    m_connectionName->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_connectionName);
    layout->addWidget(m_errorBar);
    layout->addLayout(top);
    layout->addWidget(m_note);
    layout->addWidget(m_splitter, 1);

    // The newest snapshot per source follows the snapshot table, at most every 300 ms while it loads.
    m_latestTimer = new QTimer(this);
    m_latestTimer->setObjectName(u"latestSnapshotsTimer"_s);
    m_latestTimer->setSingleShot(true);
    m_latestTimer->setInterval(300);
    connect(m_latestTimer, &QTimer::timeout, this, &CachesView::recomputeLatest);
    connect(m_snapshots, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { noteInserted(first, last); });
    // Rows gone or moved: a pass under way starts again; rows changed in place: another pass after it.
    connect(m_snapshots, &QAbstractItemModel::rowsRemoved, this, [this] { rebuildLatest(true); });
    connect(m_snapshots, &QAbstractItemModel::modelReset, this, [this] { rebuildLatest(true); });
    connect(m_snapshots, &QAbstractItemModel::layoutChanged, this, [this] { rebuildLatest(true); });
    // Not for the Tags column: tags say nothing of the newest snapshots, and a tag filter reads hundreds a second
    // (each started a pass over every row at a million snapshots).
    connect(m_snapshots, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                if (topLeft.column() != SnapshotTableModel::TagsColumn
                    || bottomRight.column() != SnapshotTableModel::TagsColumn)
                    rebuildLatest(false);
            });

    connect(m_listing, &CacheListing::sourcesChanged, this,
            [this] { m_model->setSources(m_listing->sourcesByKind()); });
    connect(m_listing, &CacheListing::started, m_errorBar, &ErrorBar::dismiss);
    connect(m_listing, &CacheListing::failed, this, [this](const ApiError &error) {
        m_errorBar->showError(tr("Could not list the caches; the list may be incomplete."), error, QString(),
                              [this] { refresh(); });
    });
    connect(m_model, &CacheTableModel::unprotectedChanged, this, &CachesView::updateCounts);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &CachesView::updateCounts);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &CachesView::updateCounts);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &CachesView::updateDetails);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &CachesView::updateDetails);
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        const QModelIndex source = m_proxy->mapToSource(index);
        if (source.isValid())
            Q_EMIT showSnapshotsRequested(m_model->sourceAt(source.row()));
    });
    connect(m_details, &CacheDetailsPane::editRequested, this, &CachesView::openEditor);
    connect(m_details, &CacheDetailsPane::showSnapshotsRequested, this, &CachesView::showSnapshotsRequested);

    updateCounts();
    updateDetails();
}

CachesView::~CachesView()
{
    m_model->setLatest(nullptr); // the model, a child, outlives m_latest
}

void CachesView::setClient(ElastiCacheClient *client, CacheWatch *watch, int connection, const QString &name)
{
    if (m_dialog)
        m_dialog->reject();
    m_errorBar->dismiss();
    m_client = client;
    m_listing->setClient(client);
    m_connectionName->setText((client ? tr("Caches of <b>%1</b>.")
                                      : tr("The caches of <b>%1</b> cannot be listed: the connection could not "
                                           "be set up (the connections list says why)."))
                                  .arg(name.toHtmlEscaped())
                              + u' ' + tr("Select another connection in the connections list to see its caches."));
    m_connectionName->setVisible(!name.isEmpty());
    const bool otherWatch = watch != m_watch;
    if (otherWatch)
        setWatch(watch);
    if (std::exchange(m_shownConnection, connection) != connection)
        rebuildLatest(true);
    else if (!otherWatch)
        return;
    showFollowNotes();
}

// What the shown connection's CacheWatch describes and says of the caches it follows goes into the list.
void CachesView::setWatch(CacheWatch *watch)
{
    if (m_watch)
        disconnect(m_watch, nullptr, this, nullptr);
    m_watch = watch;
    if (!watch)
        return;
    connect(watch, &CacheWatch::clusterDescribed, this,
            [this](const CacheCluster &cluster) { m_listing->upsert(cluster); });
    connect(watch, &CacheWatch::replicationGroupDescribed, this,
            [this](const ReplicationGroup &group) { m_listing->upsert(group); });
    connect(watch, &CacheWatch::serverlessCacheDescribed, this,
            [this](const ServerlessCache &cache) { m_listing->upsert(cache); });
    connect(watch, &CacheWatch::changed, this, [this](CacheWatch::Kind kind, const QString &id, const QString &status) {
        const bool following = m_watch && m_watch->isFollowing(kind, id);
        m_model->setFollowNote(CacheSource::keyOf(sourceKind(kind), id),
                               following && !CacheWatch::settledOutcome(status) ? tr("following") : QString());
        m_model->reloadRestoredFrom();
    });
    connect(watch, &CacheWatch::finished, this,
            [this](CacheWatch::Kind kind, const QString &id, bool ok, const QString &message) {
                m_model->setFollowNote(CacheSource::keyOf(sourceKind(kind), id), ok ? QString() : message);
                m_model->reloadRestoredFrom();
            });
}

void CachesView::showFollowNotes()
{
    m_model->clearFollowNotes();
    if (!m_watch)
        return;
    for (const CacheWatch::Followed &cache : m_watch->followed()) {
        QString note;
        if (!cache.done)
            note = CacheWatch::settledOutcome(cache.status) ? QString() : tr("following");
        else if (!cache.ok)
            note = cache.message;
        m_model->setFollowNote(CacheSource::keyOf(sourceKind(cache.kind), cache.id), note);
    }
}

int CachesView::shownConnection() const
{
    return m_shownConnection;
}

ElastiCacheClient *CachesView::client() const
{
    return m_client;
}

void CachesView::refresh()
{
    if (m_client)
        m_listing->refresh();
}

void CachesView::setUnprotectedOnly(bool only)
{
    m_proxy->setUnprotectedOnly(only);
    // The toolbar buttons and the menu's action say the same.
    const QSignalBlocker blockAction(m_unprotectedAction);
    m_unprotectedAction->setChecked(only);
    const QSignalBlocker blockAll(m_showAll);
    const QSignalBlocker blockUnprotected(m_showUnprotected);
    (only ? m_showUnprotected : m_showAll)->setChecked(true);
    updateCounts();
}

bool CachesView::unprotectedOnly() const
{
    return m_proxy->unprotectedOnly();
}

void CachesView::setUnprotectedDays(int days)
{
    if (m_days->value() != days) {
        m_days->setValue(days); // re-enters through valueChanged
        return;
    }
    m_model->setUnprotectedDays(days);
    updateDetails();
}

int CachesView::unprotectedCount() const
{
    return m_model->unprotected().unprotected;
}

void CachesView::updateCounts()
{
    const CacheTableModel::UnprotectedCounts &result = m_model->unprotected();
    const int count = result.unprotected;
    m_showAll->setText(tr("All caches (%1)").arg(m_model->rowCount()));
    m_showUnprotected->setText(tr("Without backups (%1)").arg(count));
    QFont font = m_showUnprotected->font();
    font.setBold(count > 0);
    m_showUnprotected->setFont(font);

    QStringList notes;
    if (unprotectedOnly()) {
        if (!m_listing->hasListed() && m_listing->isLoading())
            notes.append(tr("Listing the caches…"));
        else if (count == 0)
            notes.append(tr("Every cache has automatic backups or a manual snapshot from the last %1.")
                             .arg(CacheTableModel::dayCount(m_model->unprotectedDays())));
        if (result.membersSkipped > 0)
            notes.append(result.membersSkipped == 1
                             ? tr("1 cluster in a replication group is judged through its group.")
                             : tr("%1 clusters in replication groups are judged through their group.")
                                   .arg(result.membersSkipped));
        if (result.unsupportedSkipped > 0)
            notes.append(result.unsupportedSkipped == 1
                             ? tr("1 cache cannot have backups at all (node-based Memcached, cache.t1.micro) and is "
                                  "not listed.")
                             : tr("%1 caches cannot have backups at all (node-based Memcached, cache.t1.micro) and "
                                  "are not listed.")
                                   .arg(result.unsupportedSkipped));
        notes.append(tr("Only the snapshots listed in the snapshot table are counted."));
    }
    m_note->setText(notes.join(u' '));
    m_note->setVisible(!notes.isEmpty());
    Q_EMIT unprotectedCountChanged(count);
}

void CachesView::scheduleLatest()
{
    if (!m_latestTimer->isActive())
        m_latestTimer->start();
}

void CachesView::noteInserted(int first, int last)
{
    // A pass under way reaches rows inserted before its next row again: noting twice changes nothing.
    for (int row = first; row <= last; ++row) {
        if (m_snapshots->connectionOf(row) != m_shownConnection)
            continue;
        const SnapshotEntry &entry = m_snapshots->snapshotAt(row);
        UnprotectedSources::note(m_latest, entry, &m_latestChanged);
        if (m_rebuildRow >= 0)
            UnprotectedSources::note(m_rebuilding, entry);
    }
    scheduleLatest();
}

bool CachesView::isRecomputingLatest() const
{
    return m_rebuildNeeded || m_rebuildRow >= 0;
}

void CachesView::rebuildLatest(bool rowsMoved)
{
    // A newest snapshot may have gone or changed: every row again, after the pass under way, or at once when rows
    // moved under it.
    m_rebuildNeeded = true;
    if (rowsMoved)
        m_rebuildRow = -1;
    scheduleLatest();
}

void CachesView::continueLatest()
{
    m_continuationQueued = false;
    recomputeLatest();
}

void CachesView::recomputeLatest()
{
    constexpr int kRowsPerTurn = 20000; // about 15 ms of the window's time
    if (m_rebuildNeeded && m_rebuildRow < 0) {
        m_rebuildNeeded = false;
        m_rebuilding.clear();
        // As many sources as last time, most likely: room for them, under three quarters full (HashGrowth).
        m_rebuilding.reserve(m_latest.size() * 4 / 3 + 1);
        m_rebuildRow = 0;
    }
    if (m_rebuildRow >= 0) {
        const int rows = m_snapshots->rowCount();
        const int end = std::min(rows, m_rebuildRow + kRowsPerTurn);
        for (int row = m_rebuildRow; row < end; ++row) {
            if (m_snapshots->connectionOf(row) == m_shownConnection)
                UnprotectedSources::note(m_rebuilding, m_snapshots->snapshotAt(row));
        }
        m_rebuildRow = end;
        if (end < rows) {
            // One continuation at a time (the timer may call in the middle of a pass too).
            if (!std::exchange(m_continuationQueued, true))
                QMetaObject::invokeMethod(this, &CachesView::continueLatest, Qt::QueuedConnection);
            return;
        }
        m_latest = std::exchange(m_rebuilding, {});
        m_rebuildRow = -1;
        m_latestReplaced = true;
        if (m_rebuildNeeded)
            scheduleLatest(); // rows changed meanwhile
    }
    // Publishing a new hash walks every source (hundreds of thousands at a million snapshots); otherwise only the
    // sources whose newest snapshot changed since the last publication are read. While rows stream in, publish at
    // most a tenth of the time.
    QElapsedTimer publishing;
    publishing.start();
    if (std::exchange(m_latestReplaced, false))
        m_model->setLatest(&m_latest);
    else
        m_model->latestChanged(m_latestChanged);
    m_latestChanged.clear();
    updateDetails();
    m_latestTimer->setInterval(int(std::clamp<qint64>(publishing.elapsed() * 10, 300, 10000)));
}

CacheSource CachesView::selected(bool *ok) const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    *ok = !rows.isEmpty();
    if (!*ok)
        return CacheSource();
    return m_model->sourceAt(m_proxy->mapToSource(rows.first()).row());
}

bool CachesView::selectSource(CacheSource::Kind kind, const QString &id)
{
    const int row = m_model->rowOf(CacheSource::keyOf(kind, id));
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return false;
    m_view->setCurrentIndex(index);
    m_view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

void CachesView::updateDetails()
{
    bool ok = false;
    const CacheSource source = selected(&ok);
    if (!ok) {
        m_details->clear();
        m_editAction->setEnabled(false);
        return;
    }
    const int row = m_model->rowOf(source.key());
    CacheDetailsPane::Shown shown;
    shown.source = source;
    shown.latest = m_model->latestAt(row);
    shown.restoredFrom = m_model->restoredFromAt(row);
    shown.followNote = m_model->followNoteAt(row);
    shown.unprotected = m_model->isUnprotected(row);
    shown.unprotectedDays = m_model->unprotectedDays();
    m_details->showSource(shown);
    m_editAction->setEnabled(BackupRules::whyNotEditable(source).isEmpty());
}

void CachesView::editSelected()
{
    bool ok = false;
    const CacheSource source = selected(&ok);
    if (ok && BackupRules::whyNotEditable(source).isEmpty())
        openEditor(source);
}

void CachesView::openEditor(const CacheSource &source)
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    auto *dialog = new BackupSettingsDialog(source, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    QPointer<BackupSettingsDialog> guard(dialog);
    dialog->setSubmitHandler([this, guard] { apply(guard); });
    dialog->open();
}

void CachesView::apply(QPointer<BackupSettingsDialog> dialog)
{
    if (!dialog)
        return;
    if (!m_client) {
        dialog->requestFailed(ApiError {ApiError::Kind::Config, u"NotConnected"_s, tr("Not connected."), 0, {}, {}, 1});
        return;
    }
    const CacheSource before = dialog->source();
    const BackupSettings wanted = dialog->wanted();
    auto failed = [this, dialog, before](const ApiError &error) {
        Q_EMIT notified(tr("Changing the backup settings of %1 failed: %2").arg(before.id, error.toString()), true);
        if (dialog)
            dialog->requestFailed(error);
    };
    switch (before.kind) {
    case CacheSource::Kind::ReplicationGroup:
        m_client->modifyReplicationGroup(BackupRules::replicationGroupRequest(before, wanted))
            ->onFinished(this, [this, dialog, before, failed](const ApiResult<ModifyReplicationGroupResult> &result) {
                if (!result)
                    return failed(result.error());
                if (result.value().replicationGroup)
                    applied(dialog, before, CacheSource::fromReplicationGroup(*result.value().replicationGroup));
                else
                    applied(dialog, before, before);
            });
        break;
    case CacheSource::Kind::CacheCluster:
        m_client->modifyCacheCluster(BackupRules::cacheClusterRequest(before, wanted))
            ->onFinished(this, [this, dialog, before, failed](const ApiResult<ModifyCacheClusterResult> &result) {
                if (!result)
                    return failed(result.error());
                applied(dialog, before,
                        result.value().cacheCluster ? CacheSource::fromCluster(*result.value().cacheCluster) : before);
            });
        break;
    case CacheSource::Kind::ServerlessCache:
        m_client->modifyServerlessCache(BackupRules::serverlessCacheRequest(before, wanted))
            ->onFinished(this, [this, dialog, before, failed](const ApiResult<ModifyServerlessCacheResponse> &result) {
                if (!result)
                    return failed(result.error());
                applied(dialog, before,
                        result.value().serverlessCache
                            ? CacheSource::fromServerlessCache(*result.value().serverlessCache)
                            : before);
            });
        break;
    }
}

void CachesView::applied(QPointer<BackupSettingsDialog> dialog, const CacheSource &before, const CacheSource &after)
{
    // The answer describes the cache as it is now: its row shows that, not what was asked for.
    m_listing->upsert(after);
    const QStringList changes = BackupRules::describeChanges(before, after.settings);
    Q_EMIT notified(changes.isEmpty() ? tr("The backup settings of %1 were sent.").arg(before.id)
                                      : tr("Backup settings of %1 changed: %2").arg(before.id, changes.join(u' ')),
                    false);
    if (dialog)
        dialog->accept();
}

CacheListing *CachesView::listing() const
{
    return m_listing;
}

CacheTableModel *CachesView::model() const
{
    return m_model;
}

CacheFilterProxyModel *CachesView::proxy() const
{
    return m_proxy;
}

RowTableView *CachesView::view() const
{
    return m_view;
}

CacheDetailsPane *CachesView::detailsPane() const
{
    return m_details;
}

QAction *CachesView::editAction() const
{
    return m_editAction;
}

QAction *CachesView::showUnprotectedAction() const
{
    return m_unprotectedAction;
}

BackupSettingsDialog *CachesView::openDialog() const
{
    return m_dialog;
}

void CachesView::saveSettings() const
{
    QSettings settings;
    settings.setValue(u"caches/header"_s, m_view->header()->saveState());
    settings.setValue(u"caches/detailsWidth"_s, m_splitter->paneWidth());
    settings.remove(u"caches/splitter"_s); // the splitter's state, before the pane's width was kept on its own
    settings.setValue(u"caches/unprotectedDays"_s, m_days->value());
}

void CachesView::restoreSettings()
{
    QSettings settings;
    m_view->header()->restoreState(settings.value(u"caches/header"_s).toByteArray());
    m_splitter->setPaneWidth(settings.value(u"caches/detailsWidth"_s).toInt());
    setUnprotectedDays(settings.value(u"caches/unprotectedDays"_s, 30).toInt());
}
