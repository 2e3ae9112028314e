// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "cachedetailspane.h"
#include "cachesview.h"
#include "cachewatch.h"
#include "cleanupdialog.h"
#include "connectionbar.h"
#include "connectionfailures.h"
#include "connectionspanel.h"
#include "detailspane.h"
#include "ec2client.h"
#include "elasticacheclient.h"
#include "emptystateoverlay.h"
#include "errorbar.h"
#include "exportfollowing.h"
#include "filterbar.h"
#include "fittingtoolbar.h"
#include "fleetdialog.h"
#include "listingstatus.h"
#include "panesplitter.h"
#include "restoredialog.h"
#include "rowtableview.h"
#include "s3client.h"
#include "snapshotactions.h"
#include "snapshotcolumns.h"
#include "snapshotfilterproxymodel.h"
#include "snapshotlisting.h"
#include "snapshotstatuspoller.h"
#include "snapshottablemodel.h"
#include "statusicons.h"
#include "tagcache.h"
#include "tagdemand.h"
#include "tageditor.h"
#include "tagprogress.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

MainWindow::MainWindow(Options options, QWidget *parent)
    : QMainWindow(parent)
    , m_options(std::move(options))
{
    setObjectName(u"mainWindow"_s);
    setWindowIcon(StatusIcons::appIcon());
    m_model = new SnapshotTableModel(this);
    m_proxy = new SnapshotFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_poller = new SnapshotStatusPoller(this);
    m_following = new ExportFollowing(this);
    m_cacheWatch = new CacheWatch(this);
    m_listing = new SnapshotListing(m_model, this);
    m_listing->setMaxMergeRows(m_options.maxMergeRows);
    m_actions = new SnapshotActions(m_listing, m_poller, this);
    m_tagCache = new TagCache(this);
    m_model->setTagCache(m_tagCache);
    m_actions->setTagCache(m_tagCache);
    m_detailsAction = new QAction(StatusIcons::action(u"details"_s), tr("Details &pane"), this);
    m_detailsAction->setObjectName(u"actionDetails"_s);
    m_detailsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_detailsAction->setToolTip(tr("Show or hide the details pane") + u" ("_s
                                + m_detailsAction->shortcut().toString(QKeySequence::NativeText) + u')');
    m_detailsAction->setCheckable(true);
    m_detailsAction->setChecked(true);
    addAction(m_detailsAction);

    m_chooseConnections = new QAction(StatusIcons::action(u"connections"_s), tr("&Choose connections…"), this);
    m_chooseConnections->setObjectName(u"actionChooseConnections"_s);
    m_chooseConnections->setIconText(tr("Connections…"));
    m_chooseConnections->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    m_chooseConnections->setToolTip(tr("Show several profiles and regions in one table") + u" ("_s
                                    + m_chooseConnections->shortcut().toString(QKeySequence::NativeText) + u')');
    connect(m_chooseConnections, &QAction::triggered, this, &MainWindow::chooseConnections);
    addAction(m_chooseConnections);

    buildToolBar();
    buildCentral();
    m_status = new ListingStatus(m_listing, m_proxy, statusBar());
    m_tagProgress = new TagProgress(m_tagCache, m_proxy, statusBar());
    m_tagDemand = new TagDemand(m_tagCache, m_view, m_proxy, this);
    m_details->tagEditor()->setTagCache(m_tagCache);
    // The connections of a set, each with its state and Retry; hidden with one connection. With a set it can be
    // closed (its ×, View › Connections list) for the table's room, and comes back when a set is chosen again.
    m_connectionsPanel = new ConnectionsPanel(m_listing, m_model, this);
    m_connectionsDock = new QDockWidget(tr("Connections"), this);
    m_connectionsDock->setObjectName(u"connectionsDock"_s);
    m_connectionsDock->setWidget(m_connectionsPanel);
    addDockWidget(Qt::LeftDockWidgetArea, m_connectionsDock);
    m_connectionsDock->hide();
    buildMenus();
    m_actions->attach(m_view, m_proxy, m_errorBar);
    connectParts();

    resize(defaultSize());
    if (m_options.restoreSettings)
        restoreSettings();
    updateTitle();
}

QSize MainWindow::defaultSize() const
{
    QSize size(1500, 900);
    if (const QScreen *screen = this->screen())
        size = size.boundedTo(screen->availableSize() - QSize(40, 40)); // room for the frame
    return size.expandedTo(minimumSizeHint());
}

MainWindow::~MainWindow() = default;

bool MainWindow::isSandbox() const
{
    return !m_options.sandboxUrl.isEmpty();
}

void MainWindow::buildToolBar()
{
    // The actions, then the connection selector and the auto-refresh interval.
    auto *toolbar = new FittingToolBar(tr("Main"), this);
    toolbar->setObjectName(u"mainToolBar"_s);
    toolbar->setMovable(false);
    addToolBar(toolbar);

    toolbar->addAction(m_actions->refreshAction());
    toolbar->addSeparator();
    toolbar->addActions({m_actions->createAction(), m_actions->copyAction(), m_actions->exportAction(),
                         m_actions->restoreAction(), m_actions->deleteAction()});
    toolbar->addSeparator();
    auto *spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);

    ConnectionBar::Options connectionOptions {
        m_options.profiles,        m_options.regions,     isSandbox(), m_options.environmentConnection && !isSandbox(),
        m_options.credentialStore, m_options.listProfiles};
    m_connectionBar = new ConnectionBar(std::move(connectionOptions), toolbar);
    connect(m_connectionBar, &ConnectionBar::chosen, this, [this](const ConnectionChoice &choice) {
        // The same connection again retries it when it failed.
        if (m_connections.size() > 1 || !(choice == m_connection) || !m_client)
            connectTo(choice);
    });

    toolbar->addAction(m_chooseConnections);

    m_autoRefreshCombo = new QComboBox(toolbar);
    m_autoRefreshCombo->setObjectName(u"autoRefreshCombo"_s);
    m_autoRefreshCombo->setToolTip(tr("Refresh the list automatically"));
    m_autoRefreshCombo->addItem(tr("Auto-refresh off"), 0);
    m_autoRefreshCombo->addItem(tr("Every 30 s"), 30);
    m_autoRefreshCombo->addItem(tr("Every minute"), 60);
    m_autoRefreshCombo->addItem(tr("Every 5 min"), 300);
    m_autoRefreshCombo->addItem(tr("Every 15 min"), 900);
    toolbar->addWidget(m_autoRefreshCombo);
    connect(m_autoRefreshCombo, &QComboBox::currentIndexChanged, this,
            [this] { setAutoRefreshSeconds(m_autoRefreshCombo->currentData().toInt()); });
    toolbar->addAction(m_detailsAction);
    // On a narrow window the buttons drop their texts, those of the less used ones first: creating and exporting a
    // snapshot keep theirs longest.
    toolbar->setTextDroppedFirst({m_actions->refreshAction(), m_actions->copyAction(), m_actions->restoreAction(),
                                  m_actions->deleteAction(), m_chooseConnections, m_detailsAction});
}

void MainWindow::buildCentral()
{
    m_filterBar = new FilterBar(m_proxy, m_listing, this);

    m_view = new RowTableView(this);
    m_view->setObjectName(u"snapshotView"_s);
    m_view->setModel(m_proxy);
    // Pages merged off screen repaint no row.
    connect(m_proxy, &SnapshotFilterProxyModel::aboutToPlaceRows, m_view, &RowTableView::beginPlacingRows);
    connect(m_proxy, &SnapshotFilterProxyModel::rowsPlaced, m_view, &RowTableView::endPlacingRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->sortByColumn(SnapshotTableModel::CreatedColumn, Qt::DescendingOrder);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    QHeaderView *header = m_view->header();
    header->setSectionsMovable(true);
    header->setStretchLastSection(false);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    SnapshotColumns::applyDefaults(header);

    m_details = new DetailsPane(this);
    m_splitter = new PaneSplitter(m_view, m_details, 340, this);
    m_splitter->setObjectName(u"mainSplitter"_s);
    m_emptyState = new EmptyStateOverlay(m_view, m_proxy, m_filterBar->clearAction());

    // The keyboard's way to the context menu (Shift+F10, the Menu key), at the current row.
    auto *contextMenu = new QAction(tr("Context menu"), m_view);
    contextMenu->setObjectName(u"actionContextMenu"_s);
    contextMenu->setShortcuts({QKeySequence(Qt::SHIFT | Qt::Key_F10), QKeySequence(Qt::Key_Menu)});
    contextMenu->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(contextMenu, &QAction::triggered, this, &MainWindow::showContextMenuAtCurrentRow);
    m_view->addAction(contextMenu);

    m_errorBar = new ErrorBar(this);

    // Two tabs: the snapshots (the default) and the caches they are taken of, with their automatic backups.
    auto *snapshotsPage = new QWidget(this);
    snapshotsPage->setObjectName(u"snapshotsPage"_s);
    auto *snapshotsLayout = new QVBoxLayout(snapshotsPage);
    snapshotsLayout->setContentsMargins(0, 4, 0, 0);
    snapshotsLayout->addWidget(m_filterBar);
    snapshotsLayout->addWidget(m_splitter, 1);
    m_caches = new CachesView(m_model, this);
    m_caches->detailsPane()->setTagCache(m_tagCache);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"mainTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(snapshotsPage, StatusIcons::kindIcon(SnapshotEntry::Kind::NodeBased), tr("Snapshots"));
    m_tabs->addTab(m_caches, tr("Caches"));

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_errorBar);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_connectionBar->connectionsAction());
    file->addAction(m_chooseConnections);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(u"actionQuit"_s);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *snapshot = menuBar()->addMenu(tr("&Snapshot"));
    snapshot->addAction(m_actions->refreshAction());
    snapshot->addSeparator();
    snapshot->addActions({m_actions->createAction(), m_actions->copyAction(), m_actions->exportAction(),
                          m_actions->restoreAction(), m_actions->deleteAction()});
    snapshot->addSeparator();
    snapshot->addActions({m_actions->copyNameAction(), m_actions->copyArnAction()});
    snapshot->addSeparator();
    QAction *cleanUp = snapshot->addAction(tr("C&lean up…"), this, &MainWindow::openCleanup);
    cleanUp->setObjectName(u"actionCleanUp"_s);
    cleanUp->setToolTip(tr("Plan which manual snapshots can go, with the totals, and delete them"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_filterBar->findAction());
    view->addAction(m_filterBar->clearAction());
    view->addSeparator();
    view->addAction(m_detailsAction);
    QAction *connectionsList = m_connectionsDock->toggleViewAction();
    connectionsList->setObjectName(u"actionConnectionsList"_s);
    connectionsList->setText(tr("Connections &list"));
    view->addAction(connectionsList);
    auto *showSnapshots = view->addAction(tr("S&napshots"), this, [this] { m_tabs->setCurrentIndex(0); });
    showSnapshots->setObjectName(u"actionShowSnapshotsTab"_s);
    showSnapshots->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    auto *showCaches = view->addAction(tr("C&aches"), this, [this] { m_tabs->setCurrentWidget(m_caches); });
    showCaches->setObjectName(u"actionShowCachesTab"_s);
    showCaches->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    view->addAction(m_caches->showUnprotectedAction());
    connect(m_caches->showUnprotectedAction(), &QAction::triggered, this, [this](bool on) {
        if (on)
            m_tabs->setCurrentWidget(m_caches);
    });
    view->addSeparator();
    QMenu *columns = view->addMenu(tr("&Columns"));
    connect(columns, &QMenu::aboutToShow, this,
            [this, columns] { SnapshotColumns::fillMenu(columns, m_view->header()); });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About CacheSnap"), this, &MainWindow::showAbout);
    about->setObjectName(u"actionAbout"_s);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::connectParts()
{
    connect(m_poller, &SnapshotStatusPoller::updated, m_model, qOverload<SnapshotEntry>(&SnapshotTableModel::upsert));
    connect(m_poller, &SnapshotStatusPoller::removed, m_model, &SnapshotTableModel::remove);
    connect(m_poller, &SnapshotStatusPoller::settled, this,
            [this](const QString &description, bool success, const QString &detail) {
                pollerSettled(0, description, success, detail);
            });
    connect(m_connectionsPanel, &ConnectionsPanel::retryRequested, this, &MainWindow::retryConnection);
    connect(m_connectionsPanel, &ConnectionsPanel::currentConnectionChanged, m_actions, [this](int connection) {
        if (connection >= 0)
            m_actions->setCurrentConnection(connection);
        showCachesOf(std::max(connection, 0));
    });
    connect(m_connectionsPanel, &ConnectionsPanel::showRequested, this, [this](int connection) {
        m_filterBar->showConnection(connection);
        m_tabs->setCurrentIndex(0);
    });

    // A followed export speaks through its source's row and the status bar while it runs, and a notification
    // when it ends.
    connect(m_actions, &SnapshotActions::exportAccepted, this, [this](int connection, const FollowedExport &record) {
        if (ExportFollowing *following = followingOf(connection))
            following->follow(record);
    });
    connect(m_following, &ExportFollowing::progressed, this,
            [this](const FollowedExport &record, const QString &text) { exportProgressed(0, record, text); });
    connect(
        m_following, &ExportFollowing::finished, this,
        [this](const FollowedExport &record, bool ok, const QString &text) { exportFinished(0, record, ok, text); });

    // A restore the service accepted: "restored from" is kept for the Caches view, and the new cache is followed by
    // its connection's CacheWatch.
    watchCaches(m_cacheWatch, 0);
    connect(m_actions, &SnapshotActions::restoreAccepted, this,
            [this](int connection, CacheWatch::Kind kind, const QString &id, const QString &arn,
                   const QString &restoredFrom) {
                CacheWatch::recordRestoredFrom(arn, restoredFrom);
                if (CacheWatch *watch = cacheWatchOf(connection))
                    watch->follow(kind, id, restoredFrom);
            });

    // The Caches tab: listed with every refresh, its count of caches without backups on the tab itself.
    connect(m_listing, &SnapshotListing::started, m_caches, &CachesView::refresh);
    // A failure is shown in the dialog, where the operator is; the status bar says it too.
    connect(m_caches, &CachesView::notified, this, [this](const QString &text, bool) {
        statusBar()->showMessage(text, 15000);
        Q_EMIT notified(text);
    });
    connect(m_caches, &CachesView::unprotectedCountChanged, this, [this](int count) {
        const int index = m_tabs->indexOf(m_caches);
        m_tabs->setTabText(index, count > 0 ? tr("Caches (%1 without backups)").arg(count) : tr("Caches"));
        m_tabs->setTabIcon(index, count > 0 ? StatusIcons::action(u"check-fails"_s) : QIcon());
    });
    connect(m_caches, &CachesView::showSnapshotsRequested, this, [this](const CacheSource &source) {
        m_filterBar->clear();
        m_filterBar->showConnection(m_caches->shownConnection());
        if (auto *search = m_filterBar->findChild<QLineEdit *>(u"searchEdit"_s))
            search->setText(source.id);
        m_tabs->setCurrentIndex(0);
        m_view->setFocus();
    });
    // The snapshot actions' shortcuts (Delete, Copy, …) act on the snapshot table's selection: not while the
    // Caches tab is what the operator sees.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == 0) {
            m_actions->updateEnabled();
            return;
        }
        for (QAction *action : {m_actions->copyAction(), m_actions->exportAction(), m_actions->deleteAction(),
                                m_actions->copyNameAction(), m_actions->copyArnAction()})
            action->setEnabled(false);
    });

    connect(m_listing, &SnapshotListing::failed, this, [this](SnapshotEntry::Kind kind, const ApiError &error) {
        if (m_listing->connectionCount() > 1)
            return; // per connection, in the connections list; the bar sums them up once the set is listed
        m_errorBar->showError(kind == SnapshotEntry::Kind::NodeBased
                                  ? tr("Could not list the snapshots; the list may be incomplete.")
                                  : tr("Could not list the serverless snapshots; the list may be incomplete."),
                              error, QString(), [this] { m_listing->refresh(); });
    });
    connect(m_listing, &SnapshotListing::finished, this, &MainWindow::listingFinished);
    connect(m_listing, &SnapshotListing::finished, this, [this](bool complete) {
        if (!complete && m_listing->connectionCount() > 1)
            showFleetErrors();
        else if (!complete && m_listing->errors().size() > 1)
            showListingErrors();
    });
    connect(m_listing, &SnapshotListing::shardConfigReceived, this, &MainWindow::updateDetails);
    // A refresh reads again the tags that could not be read (while something still shows them).
    connect(m_listing, &SnapshotListing::started, m_tagCache, &TagCache::forgetFailures);
    for (TagEditor *editor : {m_details->tagEditor(), m_caches->detailsPane()->tagEditor()}) {
        connect(editor, &TagEditor::applied, this,
                [this](const QString &, bool, const QString &message) { statusBar()->showMessage(message, 15000); });
    }

    connect(m_actions, &SnapshotActions::finished, this, &MainWindow::actionFinished);
    connect(m_actions, &SnapshotActions::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &MainWindow::updateDetails);

    connect(m_view, &QWidget::customContextMenuRequested, m_actions, &SnapshotActions::popupContextMenu);
    connect(m_view, &QAbstractItemView::doubleClicked, this, [this] { m_detailsAction->setChecked(true); });
    connect(m_view->header(), &QWidget::customContextMenuRequested, this, &MainWindow::showHeaderMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateDetails);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::updateDetails);
    connect(m_detailsAction, &QAction::toggled, m_details, &QWidget::setVisible);
}

void MainWindow::pollerSettled(int connection, const QString &description, bool success, const QString &detail)
{
    if (description.isEmpty())
        return;
    notify(inConnection(connection,
                        success ? tr("%1 finished: %2").arg(description, detail)
                                : tr("%1 failed: %2").arg(description, detail)),
           !success);
}

void MainWindow::exportProgressed(int connection, const FollowedExport &record, const QString &text)
{
    m_model->setStatusNote(connection, ExportFollowing::entryKind(record.kind), record.snapshotName, text);
    statusBar()->showMessage(inConnection(connection, tr("%1: %2").arg(record.snapshotName, text)), 15000);
}

void MainWindow::exportFinished(int connection, const FollowedExport &record, bool ok, const QString &text)
{
    m_model->setStatusNote(connection, ExportFollowing::entryKind(record.kind), record.snapshotName, QString());
    const QString description = tr("Export of %1 to s3://%2").arg(record.snapshotName, record.bucket);
    notify(inConnection(connection,
                        ok ? tr("%1 finished: %2").arg(description, text) : tr("%1 failed: %2").arg(description, text)),
           !ok);
}

void MainWindow::showAbout()
{
    auto *box = new QMessageBox(
        QMessageBox::NoIcon, tr("About CacheSnap"),
        tr("<h3>CacheSnap %1</h3>"
           "<p>Browse, filter, create, copy, delete and export AWS ElastiCache snapshots "
           "&mdash; node-based and serverless, side by side.</p>"
           "<p>Speaks the ElastiCache Query API (2015-02-02) with Signature Version 4.</p>"
           "<p>Built with Qt %2, running on Qt %3.</p>"
           "<p>License: GPL-3.0-or-later</p>")
            .arg(QStringLiteral(CACHESNAP_VERSION), QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion())),
        QMessageBox::Close, this);
    box->setObjectName(u"aboutBox"_s);
    box->setIconPixmap(StatusIcons::appIcon().pixmap(64, 64));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::showHeaderMenu(const QPoint &pos)
{
    // popup(), not exec(): no nested event loop while the list may be streaming in.
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    SnapshotColumns::fillMenu(menu, m_view->header());
    menu->popup(m_view->header()->mapToGlobal(pos));
}

void MainWindow::showContextMenuAtCurrentRow()
{
    QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || !m_view->selectionModel()->isRowSelected(current.row(), current.parent())) {
        const QModelIndexList selected = m_view->selectionModel()->selectedRows();
        current = selected.isEmpty() ? QModelIndex() : selected.first();
    }
    QPoint pos(m_view->viewport()->width() / 4, 0);
    if (current.isValid()) {
        m_view->scrollTo(current);
        const QRect row = m_view->visualRect(current.siblingAtColumn(SnapshotTableModel::NameColumn));
        pos = QPoint(row.left() + std::min(row.width(), 80), row.bottom());
    }
    m_actions->popupContextMenu(pos);
}

void MainWindow::showListingErrors()
{
    // Both listings failed: say so with both errors, not only the first.
    QStringList details;
    for (const auto &[kind, error] : m_listing->errors())
        details.append((kind == SnapshotEntry::Kind::NodeBased ? tr("Node-based: %1") : tr("Serverless: %1"))
                           .arg(error.toString()));
    m_errorBar->showMessage(tr("Could not list the node-based or the serverless snapshots; the list may be "
                               "incomplete."),
                            details.join(u'\n'), [this] { m_listing->refresh(); });
}

void MainWindow::setAutoRefreshSeconds(int seconds)
{
    const int index = m_autoRefreshCombo->findData(seconds);
    if (index >= 0 && index != m_autoRefreshCombo->currentIndex()) {
        m_autoRefreshCombo->setCurrentIndex(index); // re-enters through currentIndexChanged
        return;
    }
    m_listing->setAutoRefreshSeconds(seconds);
}

void MainWindow::disconnectAll()
{
    m_listing->setClient(nullptr);
    m_poller->setClient(nullptr);
    m_cacheWatch->setClient(nullptr);
    m_caches->setClient(nullptr, m_cacheWatch);
    m_tagCache->setClient(nullptr);
    m_following->setConnection(nullptr, nullptr, QString(), QString(), QString());
    m_actions->setConnection(nullptr, QString(), QString());
    m_actions->setS3Client(nullptr);
    m_actions->setSecurityGroupSource(nullptr);
    m_actions->setConnectionCount(1);
    m_errorBar->dismiss();
    if (m_client) {
        m_client->deleteLater();
        m_client = nullptr;
    }
    if (m_s3Client) {
        m_s3Client->deleteLater();
        m_s3Client = nullptr;
    }
    if (m_ec2Client) {
        m_ec2Client->deleteLater();
        m_ec2Client = nullptr;
    }
    m_ec2Problem.clear();
    m_s3Problem.clear();
    for (Member &member : m_members) {
        // Their followers stop (the kept records stay for the next time), their pollers go.
        member.following->setConnection(nullptr, nullptr, QString(), QString(), QString());
        member.following->deleteLater();
        member.poller->setClient(nullptr);
        member.poller->deleteLater();
        member.watch->setClient(nullptr);
        member.watch->deleteLater();
        for (QObject *client : {static_cast<QObject *>(member.client.data()), static_cast<QObject *>(member.s3.data()),
                                static_cast<QObject *>(member.ec2.data())}) {
            if (client)
                client->deleteLater();
        }
    }
    m_members.clear();
}

MainWindow::Resolved MainWindow::resolve(const ConnectionChoice &choice)
{
    Resolved resolved;
    const ApiResult<ClientConfig> config = m_options.resolver
        ? m_options.resolver(choice)
        : ApiResult<ClientConfig>(ApiError {
            ApiError::Kind::Config, u"NoResolver"_s, tr("No way to resolve connections is set up."), 0, {}, {}, 1});
    if (!config) {
        resolved.error = config.error();
        m_configs.remove(choice.key());
        return resolved;
    }
    m_configs.insert(choice.key(), config.value());
    resolved.region = config.value().region;
    ConnectionChoice resolvedChoice = choice;
    resolvedChoice.region = resolved.region;
    resolved.client = new ElastiCacheClient(config.value(), this);
    if (m_options.s3Resolver) {
        ApiResult<ClientConfig> s3Config = m_options.s3Resolver(resolvedChoice);
        if (s3Config) {
            // One credentials provider for both clients: one MFA prompt, one cache of assumed-role credentials.
            s3Config.value().credentials = config.value().credentials;
            resolved.s3 = new S3Client(s3Config.value(), this);
        } else {
            resolved.s3Problem = s3Config.error().toString();
        }
    }
    if (m_options.ec2Resolver) {
        ApiResult<ClientConfig> ec2Config = m_options.ec2Resolver(resolvedChoice);
        if (ec2Config) {
            ec2Config.value().credentials = config.value().credentials;
            resolved.ec2 = new Ec2Client(ec2Config.value(), this);
        } else {
            resolved.ec2Problem = ec2Config.error().toString();
        }
    }
    return resolved;
}

QString MainWindow::settingsScope(const ConnectionChoice &choice) const
{
    if (isSandbox())
        return choice.profile.isEmpty() || choice.profile == u"sandbox" ? u"sandbox"_s : u"sandbox-"_s + choice.profile;
    return choice.environment ? u"(environment)"_s : choice.profile;
}

void MainWindow::connectTo(const ConnectionChoice &choice)
{
    disconnectAll();
    m_connection = choice;
    m_connections = {choice};
    m_model->setConnections({{choice.profileLabel(), QString(), choice.region}});
    m_connectionsPanel->setConnections({});
    m_connectionsDock->hide();
    m_connectionsDock->toggleViewAction()->setEnabled(false);
    m_connectionBar->show(choice);

    Resolved resolved = resolve(choice);
    if (resolved.error) {
        m_errorBar->showError(tr("Cannot connect with %1 in %2.")
                                  .arg(choice.environment ? Connections::displayName(choice).toLower()
                                                          : tr("profile \"%1\"").arg(Connections::displayName(choice)),
                                       choice.region.isEmpty() ? tr("the default region") : choice.region),
                              *resolved.error, QString(), [this, choice] { connectTo(choice); });
        updateTitle();
        Q_EMIT loadFinished(false);
        return;
    }
    m_connection.region = resolved.region;
    m_connections = {m_connection};
    m_model->setConnections({{m_connection.profileLabel(), QString(), m_connection.region}});
    m_connectionBar->show(m_connection); // the region the chain resolved, not only the one chosen
    m_client = resolved.client;
    m_s3Client = resolved.s3;
    m_s3Problem = resolved.s3Problem;
    m_ec2Client = resolved.ec2;
    m_ec2Problem = resolved.ec2Problem;
    if (m_options.s3Resolver)
        m_actions->setS3Client(m_s3Client, m_s3Client ? QString() : m_s3Problem);
    // The Restore dialog picks security groups from the subnet group's VPC; without EC2 they are typed.
    if (m_options.ec2Resolver)
        m_actions->setSecurityGroupSource(RestoreDialog::securityGroupsFrom(m_ec2Client), m_ec2Problem);
    m_listing->setClient(m_client);
    m_poller->setClient(m_client);
    m_cacheWatch->setClient(m_client);
    m_caches->setClient(m_client, m_cacheWatch);
    m_tagCache->setClient(m_client);
    const QString scope = settingsScope(m_connection);
    m_actions->setConnection(m_client, m_connection.region, scope);
    // The sandbox's port changes every start, so its exports belong to "the sandbox", not to its URL.
    m_following->setConnection(m_client, m_s3Client, scope.isEmpty() ? u"default"_s : scope, m_connection.region,
                               isSandbox() ? QString() : m_connection.endpointUrl);
    updateTitle();
    if (!isSandbox()) { // its port changes every start: remembering it would break the next plain start
        Connections::remember(m_connection);
        QSettings().remove(u"fleet/connections"_s); // one connection now: the next start opens it alone
    }
    m_listing->refresh();
}

void MainWindow::connectToSet(const QList<ConnectionChoice> &connections)
{
    if (connections.size() <= 1) {
        connectTo(connections.value(0));
        return;
    }
    disconnectAll();
    m_connections = connections;
    m_connection = connections.first();
    m_connectionBar->showSet(connections);
    QList<SnapshotTableModel::ConnectionLabel> labels;
    for (const ConnectionChoice &choice : connections)
        labels.append({choice.profileLabel(), QString(), choice.region});
    m_model->setConnections(labels);

    // Connection 0 is the window's own parts (the Caches tab, CacheWatch, the accessors); each other connection
    // gets its clients, status poller and export following. A connection that cannot be set up is a failed row of
    // the connections list, with Retry: the others go on.
    m_configs.clear();
    for (int index = 0; index < int(connections.size()); ++index)
        setUpMember(index, connections.at(index));
    // The set is listed by a FleetInventory (its bounds, each profile's account, each connection's state) with the
    // configurations of the window's own clients; one that could not be resolved is resolved again there, and
    // fails there with its reason.
    m_listing->setFleet(connections, [this](const ConnectionChoice &choice) -> ApiResult<ClientConfig> {
        const auto known = m_configs.constFind(choice.key());
        if (known != m_configs.constEnd())
            return *known;
        if (!m_options.resolver)
            return ApiError {
                ApiError::Kind::Config, u"NoResolver"_s, tr("No way to resolve connections is set up."), 0, {}, {}, 1};
        return m_options.resolver(choice);
    });
    m_model->setConnections(labels);
    m_poller->setClient(m_client);
    m_cacheWatch->setClient(m_client);
    m_caches->setClient(m_client, m_cacheWatch, 0, connections.first().label());
    m_tagCache->setClient(m_client);
    // One tag cache for the set: each ARN names its account and region, and its tags are read (and edited) through
    // the connection that lists it.
    m_tagCache->setClientForArn([this](const QString &arn) { return clientForArn(arn); });
    applyRoutes();
    m_connectionsPanel->setConnections(connections);
    m_connectionsDock->show();
    m_connectionsDock->toggleViewAction()->setEnabled(true);
    // The state's words fit, in at most a third of the window: the table keeps the room it needs.
    resizeDocks({m_connectionsDock}, {std::min(420, width() / 3)}, Qt::Horizontal);
    // Where each snapshot is: shown once the table holds more than one connection, unless the operator chose
    // otherwise (any of the three shown already).
    QHeaderView *header = m_view->header();
    if (header->isSectionHidden(SnapshotTableModel::ProfileColumn)
        && header->isSectionHidden(SnapshotTableModel::AccountColumn)
        && header->isSectionHidden(SnapshotTableModel::RegionColumn)) {
        for (int column :
             {SnapshotTableModel::ProfileColumn, SnapshotTableModel::AccountColumn, SnapshotTableModel::RegionColumn})
            header->setSectionHidden(column, false);
    }
    updateTitle();
    if (!isSandbox()) {
        QStringList keys;
        for (const ConnectionChoice &choice : connections)
            keys.append(choice.key());
        QSettings().setValue(u"fleet/connections"_s, keys);
    }
    m_listing->refresh();
}

void MainWindow::setUpMember(int connection, const ConnectionChoice &choice)
{
    Resolved resolved = resolve(choice);
    ConnectionChoice resolvedChoice = choice;
    if (!resolved.region.isEmpty())
        resolvedChoice.region = resolved.region;
    const QString scope = settingsScope(resolvedChoice);
    if (connection == 0) {
        m_client = resolved.client;
        m_s3Client = resolved.s3;
        m_s3Problem = resolved.s3Problem;
        m_ec2Client = resolved.ec2;
        m_ec2Problem = resolved.ec2Problem;
        m_connectionError = resolved.error;
        m_following->setConnection(m_client, m_s3Client, scope.isEmpty() ? u"default"_s : scope, resolvedChoice.region,
                                   isSandbox() ? QString() : resolvedChoice.endpointUrl);
        return;
    }
    const size_t at = size_t(connection - 1);
    if (m_members.size() <= at)
        m_members.resize(at + 1);
    Member &member = m_members[at];
    if (!member.poller) {
        member.poller = new SnapshotStatusPoller(this);
        member.following = new ExportFollowing(this);
        member.watch = new CacheWatch(this);
        watchCaches(member.watch, connection);
        connect(member.poller, &SnapshotStatusPoller::updated, m_model,
                [this, connection](const SnapshotEntry &entry) { m_model->upsertIn(connection, entry); });
        connect(member.poller, &SnapshotStatusPoller::removed, m_model,
                [this, connection](SnapshotEntry::Kind kind, const QString &name) {
                    m_model->removeIn(connection, kind, name);
                });
        connect(member.poller, &SnapshotStatusPoller::settled, this,
                [this, connection](const QString &description, bool success, const QString &detail) {
                    pollerSettled(connection, description, success, detail);
                });
        connect(member.following, &ExportFollowing::progressed, this,
                [this, connection](const FollowedExport &record, const QString &text) {
                    exportProgressed(connection, record, text);
                });
        connect(member.following, &ExportFollowing::finished, this,
                [this, connection](const FollowedExport &record, bool ok, const QString &text) {
                    exportFinished(connection, record, ok, text);
                });
    }
    for (QObject *client : {static_cast<QObject *>(member.client.data()), static_cast<QObject *>(member.s3.data()),
                            static_cast<QObject *>(member.ec2.data())}) {
        if (client)
            client->deleteLater();
    }
    member.choice = resolvedChoice;
    member.client = resolved.client;
    member.s3 = resolved.s3;
    member.s3Problem = resolved.s3Problem;
    member.ec2 = resolved.ec2;
    member.ec2Problem = resolved.ec2Problem;
    member.error = resolved.error;
    member.poller->setClient(member.client);
    member.watch->setClient(member.client);
    member.following->setConnection(member.client, member.s3, scope.isEmpty() ? u"default"_s : scope,
                                    resolvedChoice.region, isSandbox() ? QString() : resolvedChoice.endpointUrl);
}

void MainWindow::applyRoutes()
{
    m_actions->setConnectionCount(int(m_connections.size()));
    for (int connection = 0; connection < int(m_connections.size()); ++connection) {
        SnapshotActions::Route route;
        if (connection == 0) {
            route.client = m_client;
            route.s3 = m_s3Client;
            route.s3Unavailable = m_s3Client ? QString() : m_s3Problem;
            if (m_options.ec2Resolver)
                route.securityGroups = RestoreDialog::securityGroupsFrom(m_ec2Client);
            route.poller = m_poller;
            route.region = m_connections.first().region;
            route.settingsScope = settingsScope(m_connections.first());
        } else {
            const Member &member = m_members[size_t(connection - 1)];
            route.client = member.client;
            route.s3 = member.s3;
            route.s3Unavailable = member.s3 ? QString() : member.s3Problem;
            if (m_options.ec2Resolver)
                route.securityGroups = RestoreDialog::securityGroupsFrom(member.ec2);
            route.securityGroupsUnavailable = member.ec2Problem;
            route.poller = member.poller;
            route.region = member.choice.region;
            route.settingsScope = settingsScope(member.choice);
        }
        if (connection == 0)
            route.securityGroupsUnavailable = m_ec2Problem;
        route.label = m_connections.at(connection).label();
        m_actions->setRoute(connection, std::move(route));
    }
}

void MainWindow::retryConnection(int connection)
{
    if (connection < 0 || connection >= connectionCount())
        return;
    if (m_connections.size() == 1) {
        if (!m_client)
            connectTo(m_connections.first());
        else
            m_listing->refresh();
        return;
    }
    // Set up again first: the credentials may work now (a renewed SSO login, a fixed profile).
    if (connection == 0) {
        for (QObject *client : {static_cast<QObject *>(m_client), static_cast<QObject *>(m_s3Client),
                                static_cast<QObject *>(m_ec2Client)}) {
            if (client)
                client->deleteLater();
        }
        setUpMember(0, m_connections.first());
        m_poller->setClient(m_client);
        m_cacheWatch->setClient(m_client);
        m_tagCache->setClient(m_client);
        m_tagCache->setClientForArn([this](const QString &arn) { return clientForArn(arn); });
    } else {
        setUpMember(connection, m_connections.at(connection));
    }
    // The Caches tab lists the connection's caches again through its new client, if it shows them.
    if (m_caches->shownConnection() == connection)
        showCachesOf(connection, true);
    applyRoutes();
    // The listing resolves it again too (from m_configs, just set up).
    m_listing->refresh(connection);
}

// In a set, the Caches tab lists one connection's caches: the one selected in the connections list, else the first.
void MainWindow::showCachesOf(int connection, bool again)
{
    if (connectionCount() < 2 || connection >= connectionCount())
        return;
    ElastiCacheClient *client = clientOf(connection);
    if (!again && m_caches->shownConnection() == connection && m_caches->client() == client)
        return;
    m_caches->setClient(client, cacheWatchOf(connection), connection, m_connections.at(connection).label());
    m_caches->refresh();
}

ElastiCacheClient *MainWindow::clientForArn(const QString &arn) const
{
    // arn:<partition>:elasticache:<region>:<account>:…
    const QString region = arn.section(u':', 3, 3);
    const QString account = arn.section(u':', 4, 4);
    ElastiCacheClient *sameRegion = nullptr;
    for (int connection = 0; connection < connectionCount(); ++connection) {
        ElastiCacheClient *client = clientOf(connection);
        if (!client || m_connections.at(connection).region != region)
            continue;
        const QString known = m_model->connectionLabel(connection).account;
        if (known == account)
            return client;
        if (known.isEmpty() && !sameRegion)
            sameRegion = client;
    }
    return sameRegion;
}

const QList<ConnectionChoice> &MainWindow::connections() const
{
    return m_connections;
}

int MainWindow::connectionCount() const
{
    return int(m_connections.size());
}

// Connection 1… of a set; null for connection 0 (the window's own parts) and past the set.
const MainWindow::Member *MainWindow::memberOf(int connection) const
{
    if (connection < 1 || size_t(connection - 1) >= m_members.size())
        return nullptr;
    return &m_members[size_t(connection - 1)];
}

ElastiCacheClient *MainWindow::clientOf(int connection) const
{
    if (connection == 0)
        return m_client;
    const Member *member = memberOf(connection);
    return member ? member->client : nullptr;
}

SnapshotStatusPoller *MainWindow::pollerOf(int connection) const
{
    if (connection == 0)
        return m_poller;
    const Member *member = memberOf(connection);
    return member ? member->poller : nullptr;
}

CacheWatch *MainWindow::cacheWatchOf(int connection) const
{
    if (connection == 0)
        return m_cacheWatch;
    const Member *member = memberOf(connection);
    return member ? member->watch : nullptr;
}

// A followed cache (a restore) speaks through the status bar while it is made, and ends in a notification:
// available, or the failure in plain words. In a set, both name the connection.
void MainWindow::watchCaches(CacheWatch *watch, int connection)
{
    connect(watch, &CacheWatch::changed, this,
            [this, connection](CacheWatch::Kind kind, const QString &id, const QString &status) {
                statusBar()->showMessage(
                    inConnection(connection, tr("The %1 %2 is %3.").arg(CacheWatch::kindName(kind), id, status)),
                    15000);
            });
    connect(watch, &CacheWatch::finished, this,
            [this, connection](CacheWatch::Kind, const QString &, bool ok, const QString &message) {
                notify(inConnection(connection, message), !ok);
            });
}

// In a set the same snapshot or cache name is often in several connections: what is said of one names its
// connection ("prod @ eu-west-1: …").
QString MainWindow::inConnection(int connection, const QString &text) const
{
    if (connectionCount() < 2 || connection < 0 || connection >= connectionCount())
        return text;
    return tr("%1: %2").arg(m_connections.at(connection).label(), text);
}

ExportFollowing *MainWindow::followingOf(int connection) const
{
    if (connection == 0)
        return m_following;
    const Member *member = memberOf(connection);
    return member ? member->following : nullptr;
}

ConnectionsPanel *MainWindow::connectionsPanel() const
{
    return m_connectionsPanel;
}

QDockWidget *MainWindow::connectionsDock() const
{
    return m_connectionsDock;
}

QAction *MainWindow::chooseConnectionsAction() const
{
    return m_chooseConnections;
}

void MainWindow::chooseConnections()
{
    const QString endpoint = isSandbox() ? m_connection.endpointUrl : QString();
    QStringList profiles = m_options.listProfiles ? m_options.listProfiles() : m_options.profiles;
    if (profiles.isEmpty())
        profiles = m_options.profiles;
    auto *dialog = new FleetDialog(profiles, m_options.regions, m_connections, endpoint, this);
    // An endpoint given for this connection (--endpoint-url) is not sent other profiles' credentials.
    if (endpoint.isEmpty() && !m_connection.endpointUrl.isEmpty())
        dialog->setNote(tr("Each connection goes to its profile's endpoint (endpoint_url, AWS_ENDPOINT_URL) or to its "
                           "region's AWS endpoint. %1 stays with %2 in %3 alone.")
                            .arg(m_connection.endpointUrl, m_connection.profileLabel(), m_connection.region));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { connectToSet(dialog->connections()); });
    dialog->open();
}

QList<ConnectionChoice> MainWindow::rememberedSet()
{
    const QStringList keys = QSettings().value(u"fleet/connections"_s).toStringList();
    // The chooser never makes a larger set: a file that names one was not written by this app.
    if (const QString refusal = ConnectionChoice::tooManyInASet(keys.size()); !refusal.isEmpty()) {
        qWarning().noquote() << u"The settings' fleet/connections is not opened:"_s << refusal;
        return {};
    }
    QList<ConnectionChoice> set;
    for (const QString &key : keys) {
        if (const std::optional<ConnectionChoice> choice = ConnectionChoice::fromKey(key))
            set.append(*choice);
    }
    return set.size() > 1 ? set : QList<ConnectionChoice>();
}

void MainWindow::showFleetErrors()
{
    // In the details, which failed and why: a profile's regions that failed for one reason (its key refused) are one
    // line, and a few lines at most, so that the bar leaves the table its room; the connections list has them all.
    // The others' rows are all there.
    const QList<int> failed = m_listing->failedConnections();
    if (failed.isEmpty())
        return;
    ConnectionFailures failures;
    for (int connection : failed) {
        const ConnectionChoice &choice = m_connections.value(connection);
        failures.add(choice.profileLabel(), choice.region, m_listing->state(connection).words());
    }
    constexpr size_t kShownGroups = 3;
    QStringList details;
    qsizetype shown = 0;
    for (const ConnectionFailures::Group &g : failures.groups()) {
        if (size_t(details.size()) == kShownGroups)
            break;
        QString where;
        if (g.regions.size() == 1)
            where = ConnectionChoice::label(g.profile, g.regions.first());
        else if (g.regions.size() <= 3)
            where = tr("%1 in %2").arg(g.profile, g.regions.join(u", "_s));
        else
            where = tr("%1 in %2 regions (%3, …)")
                        .arg(g.profile)
                        .arg(g.regions.size())
                        .arg(g.regions.first(2).join(u", "_s));
        details.append(where + u": "_s + g.reason);
        shown += g.regions.size();
    }
    if (shown < failed.size())
        details.append(tr("…and %1 more: the connections list names each one.").arg(failed.size() - shown));
    m_errorBar->showMessage(tr("Could not list %1 of %2 connections; the list may be incomplete.")
                                .arg(failed.size())
                                .arg(m_connections.size()),
                            details.join(u'\n'), [this, failed] {
                                for (int connection : failed)
                                    retryConnection(connection);
                            });
}

const ConnectionChoice &MainWindow::connection() const
{
    return m_connection;
}

void MainWindow::listingFinished(bool complete)
{
    if (complete && m_errorBar->isVisible() && m_errorBar->text().contains(tr("the list may be incomplete")))
        m_errorBar->dismiss();
    Q_EMIT loadFinished(complete);
}

QString MainWindow::statusText() const
{
    return m_status->text();
}

EmptyStateOverlay *MainWindow::emptyState() const
{
    return m_emptyState;
}

void MainWindow::updateDetails()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.size() > 1) {
        m_details->setSelectionCount(int(rows.size()));
        return;
    }
    if (rows.isEmpty()) {
        m_details->setSnapshot(SnapshotEntry());
        return;
    }
    const QModelIndex source = m_proxy->mapToSource(rows.first());
    const int connection = m_model->connectionOf(source.row());
    QString where;
    if (m_connections.size() > 1) {
        const QString account = m_model->connectionLabel(connection).account;
        where = m_connections.value(connection).label();
        if (!account.isEmpty())
            where += u" ("_s + account + u')';
    }
    m_details->setSnapshot(m_listing->withShardConfig(m_model->snapshotAt(source.row()), connection), where);
}

void MainWindow::updateTitle()
{
    QString title = u"CacheSnap"_s;
    if (m_connections.size() > 1) {
        QStringList profiles;
        QStringList regions;
        for (const ConnectionChoice &choice : std::as_const(m_connections)) {
            profiles.append(choice.profileLabel());
            regions.append(choice.region);
        }
        profiles.removeDuplicates();
        regions.removeDuplicates();
        title += (isSandbox() ? tr(" — sandbox (%1): ").arg(m_options.sandboxUrl) : u" — "_s)
            + tr("%1 connections (%2, %3)")
                  .arg(m_connections.size())
                  .arg(profiles.size() == 1 ? tr("1 profile") : tr("%1 profiles").arg(profiles.size()),
                       regions.size() == 1 ? tr("1 region") : tr("%1 regions").arg(regions.size()));
    } else if (isSandbox())
        title += m_connection.region.isEmpty()
            ? tr(" — sandbox (%1)").arg(m_options.sandboxUrl)
            : tr(" — sandbox (%1, %2)").arg(m_options.sandboxUrl, m_connection.region);
    else if (!m_connection.region.isEmpty())
        title += u" — "_s + Connections::displayName(m_connection) + u" @ "_s + m_connection.region;
    setWindowTitle(title);
}

void MainWindow::notify(const QString &text, bool failure)
{
    statusBar()->showMessage(text, 15000);
    if (failure)
        m_errorBar->showMessage(text, QString());
    if (QSystemTrayIcon::isSystemTrayAvailable() && !isActiveWindow()) {
        static QSystemTrayIcon *tray = nullptr;
        if (!tray) {
            tray = new QSystemTrayIcon(StatusIcons::appIcon(), qApp);
            tray->show();
        }
        tray->showMessage(u"CacheSnap"_s, text, failure ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information,
                          8000);
    }
    Q_EMIT notified(text);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
    restoreState(settings.value(u"window/state"_s).toByteArray());
    m_splitter->setPaneWidth(settings.value(u"window/detailsWidth"_s).toInt());
    // Columns added since the state was saved (the state does not say how many it knew before the Tags column,
    // the first one added) take their defaults: QHeaderView would show them, at the end.
    if (m_view->header()->restoreState(settings.value(u"window/header"_s).toByteArray())) {
        const int known = settings.value(u"window/headerColumns"_s, int(SnapshotTableModel::TagsColumn)).toInt();
        for (int column = std::max(known, 0); column < SnapshotTableModel::ColumnCount; ++column)
            SnapshotColumns::applyDefault(m_view->header(), column);
    }
    m_detailsAction->setChecked(settings.value(u"window/details"_s, true).toBool());
    setAutoRefreshSeconds(settings.value(u"refresh/intervalSeconds"_s, 0).toInt());
    m_caches->restoreSettings();
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    settings.setValue(u"window/detailsWidth"_s, m_splitter->paneWidth());
    settings.remove(u"window/splitter"_s); // the splitter's state, before the pane's width was kept on its own
    settings.setValue(u"window/header"_s, m_view->header()->saveState());
    settings.setValue(u"window/headerColumns"_s, int(SnapshotTableModel::ColumnCount));
    settings.setValue(u"window/details"_s, m_detailsAction->isChecked());
    settings.setValue(u"refresh/intervalSeconds"_s, m_autoRefreshCombo->currentData().toInt());
    m_caches->saveSettings();
    // The filters are not kept: a fresh start shows every snapshot. Forget what older versions kept.
    settings.remove(u"filters"_s);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

SnapshotTableModel *MainWindow::model() const
{
    return m_model;
}

SnapshotFilterProxyModel *MainWindow::proxy() const
{
    return m_proxy;
}

SnapshotListing *MainWindow::listing() const
{
    return m_listing;
}

SnapshotActions *MainWindow::actions() const
{
    return m_actions;
}

FilterBar *MainWindow::filterBar() const
{
    return m_filterBar;
}

RowTableView *MainWindow::view() const
{
    return m_view;
}

DetailsPane *MainWindow::detailsPane() const
{
    return m_details;
}

ErrorBar *MainWindow::errorBar() const
{
    return m_errorBar;
}

SnapshotStatusPoller *MainWindow::poller() const
{
    return m_poller;
}

ExportFollowing *MainWindow::exportFollowing() const
{
    return m_following;
}

CacheWatch *MainWindow::cacheWatch() const
{
    return m_cacheWatch;
}

CachesView *MainWindow::cachesView() const
{
    return m_caches;
}

QTabWidget *MainWindow::tabs() const
{
    return m_tabs;
}

ElastiCacheClient *MainWindow::client() const
{
    return m_client;
}

S3Client *MainWindow::s3Client() const
{
    return m_s3Client;
}

Ec2Client *MainWindow::ec2Client() const
{
    return m_ec2Client;
}

QString MainWindow::ec2Problem() const
{
    return m_ec2Problem;
}

void MainWindow::openCleanup()
{
    // Every connection of the window, each row with its own; the clients are the ones of now, so that a run never
    // deletes through another connection's client after the window has moved on (a client gone fails its rows).
    QList<CleanupConnection> connections;
    QList<QPointer<ElastiCacheClient>> clients;
    for (int index = 0; index < connectionCount(); ++index) {
        CleanupConnection connection;
        connection.choice = m_connections.at(index);
        const FleetConnectionState &state = m_listing->state(index);
        connection.accountId = state.accountId;
        // Its sources count only once its listing is done: "no longer exists" is never judged on a partial list.
        connection.sources.known = state.phase == FleetConnectionState::Phase::Done;
        if (!state.finished() || state.phase == FleetConnectionState::Phase::Failed)
            connection.notWhole = state.words();
        for (const SnapshotSource &source : m_listing->sources(index)) {
            switch (source.type) {
            case SnapshotSource::Type::ReplicationGroup:
                connection.sources.replicationGroups.insert(source.id);
                break;
            case SnapshotSource::Type::CacheCluster:
                connection.sources.clusters.insert(source.id);
                break;
            case SnapshotSource::Type::ServerlessCache:
                connection.sources.serverlessCaches.insert(source.id);
                break;
            }
        }
        connections.append(connection);
        clients.append(clientOf(index));
    }
    QList<CleanupRow> rows;
    rows.reserve(m_model->rowCount());
    for (int row = 0; row < m_model->rowCount(); ++row)
        rows.append({m_model->connectionOf(row), m_model->snapshotAt(row)});
    // One tag cache for every connection: it reads each snapshot's tags through the connection its ARN names.
    QPointer<TagCache> tags = m_tagCache;
    auto *dialog = new CleanupDialog(
        connections, rows,
        [clients](int index) { return index >= 0 && index < clients.size() ? clients.at(index).data() : nullptr; },
        [tags](int) { return tags.data(); }, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CleanupDialog::runFinished, m_listing, qOverload<>(&SnapshotListing::refresh));
    dialog->open();
}

TagCache *MainWindow::tagCache() const
{
    return m_tagCache;
}

TagDemand *MainWindow::tagDemand() const
{
    return m_tagDemand;
}
