// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "connectionsdialog.h"
#include "copysnapshotdialog.h"
#include "createsnapshotdialog.h"
#include "deletesnapshotdialog.h"
#include "detailspane.h"
#include "dialogutil.h"
#include "errorbar.h"
#include "exportsnapshotdialog.h"
#include "filterchoicemodel.h"
#include "snapshotfilterproxymodel.h"
#include "snapshotnames.h"
#include "snapshotstatuspoller.h"
#include "snapshottablemodel.h"
#include "statusicons.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QLoggingCategory>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcMainWindow, "cachesnap.ui.mainwindow")

namespace {

constexpr int kSearchDebounceMs = 150;
constexpr int kPageMergeMs = 150;

QString settingsKeyPart(QString text)
{
    // QSettings treats '/' as a group separator.
    return text.isEmpty() ? u"default"_qs : text.replace(u'/', u'_');
}

} // namespace

MainWindow::MainWindow(Options options, QWidget *parent)
    : QMainWindow(parent)
    , m_options(std::move(options))
{
    setObjectName(u"mainWindow"_qs);
    setWindowIcon(StatusIcons::appIcon());
    m_model = new SnapshotTableModel(this);
    m_proxy = new SnapshotFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_poller = new SnapshotStatusPoller(this);

    buildActions();
    buildMenus();
    buildUi();

    connect(m_poller, &SnapshotStatusPoller::updated, this,
            [this](const SnapshotEntry &entry) { m_model->upsert(entry); });
    connect(m_poller, &SnapshotStatusPoller::removed, this,
            [this](SnapshotEntry::Kind kind, const QString &name) { m_model->remove(kind, name); });
    connect(m_poller, &SnapshotStatusPoller::settled, this,
            [this](const QString &description, bool success, const QString &detail) {
                if (description.isEmpty())
                    return;
                notify(success ? tr("%1 finished: %2").arg(description, detail)
                               : tr("%1 failed: %2").arg(description, detail),
                       !success);
            });

    if (m_options.restoreSettings)
        restoreSettings();
    updateTitle();
    updateActions();
    updateStatus();
}

MainWindow::~MainWindow()
{
    for (const QPointer<ApiJob> &job : std::as_const(m_listJobs)) {
        if (job)
            job->disconnect(this);
    }
}

void MainWindow::buildActions()
{
    const auto make = [this](const QString &objectName, const QString &text, const QString &icon,
                             const QKeySequence &shortcut, const QString &toolTip) {
        auto *action = new QAction(text, this);
        action->setObjectName(objectName);
        if (!icon.isEmpty())
            action->setIcon(StatusIcons::action(icon));
        if (!shortcut.isEmpty()) {
            action->setShortcut(shortcut);
            action->setToolTip(toolTip + u" ("_qs + shortcut.toString(QKeySequence::NativeText) + u')');
        } else {
            action->setToolTip(toolTip);
        }
        action->setShortcutContext(Qt::WindowShortcut);
        addAction(action);
        return action;
    };
    m_refreshAction = make(u"actionRefresh"_qs, tr("&Refresh"), u"refresh"_qs, QKeySequence(Qt::Key_F5),
                           tr("Reload the snapshot list"));
    m_createAction = make(u"actionCreate"_qs, tr("&Create snapshot…"), u"create"_qs, QKeySequence(Qt::CTRL | Qt::Key_N),
                          tr("Take a manual snapshot of a cache"));
    m_copyAction = make(u"actionCopy"_qs, tr("C&opy…"), u"copy"_qs, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
                        tr("Copy the selected snapshot to a new name"));
    m_exportAction = make(u"actionExport"_qs, tr("&Export to S3…"), u"export"_qs,
                          QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), tr("Export the selected snapshot to S3"));
    m_deleteAction = make(u"actionDelete"_qs, tr("&Delete…"), u"delete"_qs, QKeySequence(Qt::Key_Delete),
                          tr("Delete the selected snapshots"));
    m_clearFiltersAction = make(u"actionClearFilters"_qs, tr("Clear &filters"), u"filter-clear"_qs,
                                QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), tr("Show every snapshot"));
    m_findAction = make(u"actionFind"_qs, tr("&Find"), u"search"_qs, QKeySequence::Find, tr("Search snapshots"));
    m_detailsAction = make(u"actionDetails"_qs, tr("Details &pane"), u"details"_qs, QKeySequence(Qt::CTRL | Qt::Key_I),
                           tr("Show or hide the details pane"));
    m_detailsAction->setCheckable(true);
    m_detailsAction->setChecked(true);
    m_copyNameAction = make(u"actionCopyName"_qs, tr("Copy &name"), QString(), QKeySequence::Copy,
                            tr("Copy the selected snapshot names"));
    m_copyNameAction->setShortcutContext(Qt::WidgetShortcut);
    m_copyArnAction = make(u"actionCopyArn"_qs, tr("Copy &ARN"), QString(), QKeySequence(), tr("Copy the ARN"));

    connect(m_refreshAction, &QAction::triggered, this, &MainWindow::refresh);
    connect(m_createAction, &QAction::triggered, this, &MainWindow::createSnapshot);
    connect(m_copyAction, &QAction::triggered, this, &MainWindow::copySelected);
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::exportSelected);
    connect(m_deleteAction, &QAction::triggered, this, &MainWindow::deleteSelected);
    connect(m_clearFiltersAction, &QAction::triggered, this, &MainWindow::clearFilters);
    connect(m_copyNameAction, &QAction::triggered, this, [this] {
        QStringList names;
        for (const SnapshotEntry &entry : selectedSnapshots())
            names.append(entry.name());
        QApplication::clipboard()->setText(names.join(u'\n'));
    });
    connect(m_copyArnAction, &QAction::triggered, this, [this] {
        QStringList arns;
        for (const SnapshotEntry &entry : selectedSnapshots())
            arns.append(entry.arn());
        QApplication::clipboard()->setText(arns.join(u'\n'));
    });
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_connectionsAction = file->addAction(tr("&Connections…"), this, &MainWindow::showConnections);
    m_connectionsAction->setObjectName(u"actionConnections"_qs);
    m_connectionsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_connectionsAction->setEnabled(m_options.sandboxUrl.isEmpty());
    if (!m_options.sandboxUrl.isEmpty())
        m_connectionsAction->setToolTip(tr("The sandbox has one connection"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(u"actionQuit"_qs);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *snapshot = menuBar()->addMenu(tr("&Snapshot"));
    snapshot->addAction(m_refreshAction);
    snapshot->addSeparator();
    snapshot->addAction(m_createAction);
    snapshot->addAction(m_copyAction);
    snapshot->addAction(m_exportAction);
    snapshot->addAction(m_deleteAction);
    snapshot->addSeparator();
    snapshot->addAction(m_copyNameAction);
    snapshot->addAction(m_copyArnAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_findAction);
    view->addAction(m_clearFiltersAction);
    view->addSeparator();
    view->addAction(m_detailsAction);
    QMenu *columns = view->addMenu(tr("&Columns"));
    connect(columns, &QMenu::aboutToShow, this, [this, columns] { fillColumnsMenu(columns); });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About CacheSnap"), this, &MainWindow::showAbout);
    about->setObjectName(u"actionAbout"_qs);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::showConnections()
{
    auto *dialog = new ConnectionsDialog(m_options.credentialStore, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!m_connection.profile.isEmpty())
        dialog->selectProfile(m_connection.profile);
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
        const QString profile = dialog->selectedProfile();
        if (profile.isEmpty())
            return;
        ConnectionChoice choice = m_connection;
        choice.profile = profile;
        if (!dialog->selectedRegion().isEmpty())
            choice.region = dialog->selectedRegion();
        if (!(choice == m_connection))
            connectTo(choice);
    });
    dialog->open();
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
    box->setObjectName(u"aboutBox"_qs);
    box->setIconPixmap(StatusIcons::appIcon().pixmap(64, 64));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::fillColumnsMenu(QMenu *menu)
{
    menu->clear();
    QHeaderView *header = m_view->header();
    for (int column = 0; column < SnapshotTableModel::ColumnCount; ++column) {
        QAction *action = menu->addAction(m_model->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        action->setEnabled(column != SnapshotTableModel::NameColumn);
        connect(action, &QAction::toggled, header,
                [header, column](bool on) { header->setSectionHidden(column, !on); });
    }
}

void MainWindow::buildUi()
{
    // Toolbar: actions, then the connection selector and the auto-refresh interval.
    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(u"mainToolBar"_qs);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setMovable(false);
    toolbar->addAction(m_refreshAction);
    toolbar->addSeparator();
    toolbar->addAction(m_createAction);
    toolbar->addAction(m_copyAction);
    toolbar->addAction(m_exportAction);
    toolbar->addAction(m_deleteAction);
    toolbar->addSeparator();

    auto *spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);

    m_profileCombo = new QComboBox(toolbar);
    m_profileCombo->setObjectName(u"profileCombo"_qs);
    m_profileCombo->setToolTip(tr("AWS profile"));
    m_profileCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_regionCombo = new QComboBox(toolbar);
    m_regionCombo->setObjectName(u"regionCombo"_qs);
    m_regionCombo->setToolTip(tr("Region"));
    m_regionCombo->setEditable(true);
    m_regionCombo->setInsertPolicy(QComboBox::NoInsert);
    m_regionCombo->setMinimumContentsLength(14);
    if (!m_options.sandboxUrl.isEmpty()) {
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
        ConnectionChoice choice = m_connection;
        if (m_options.sandboxUrl.isEmpty())
            choice.profile = m_profileCombo->currentText();
        choice.region = m_regionCombo->currentText().trimmed();
        if (!(choice == m_connection))
            connectTo(choice);
    };
    connect(m_profileCombo, &QComboBox::activated, this, switchConnection);
    connect(m_regionCombo, &QComboBox::activated, this, switchConnection);

    m_autoRefreshCombo = new QComboBox(toolbar);
    m_autoRefreshCombo->setObjectName(u"autoRefreshCombo"_qs);
    m_autoRefreshCombo->setToolTip(tr("Refresh the list automatically"));
    m_autoRefreshCombo->addItem(tr("Auto-refresh off"), 0);
    m_autoRefreshCombo->addItem(tr("Every 30 s"), 30);
    m_autoRefreshCombo->addItem(tr("Every minute"), 60);
    m_autoRefreshCombo->addItem(tr("Every 5 min"), 300);
    m_autoRefreshCombo->addItem(tr("Every 15 min"), 900);
    toolbar->addWidget(m_autoRefreshCombo);
    m_autoRefresh = new QTimer(this);
    connect(m_autoRefresh, &QTimer::timeout, this, [this] {
        if (!isLoading())
            refresh();
    });
    connect(m_autoRefreshCombo, &QComboBox::currentIndexChanged, this,
            [this] { setAutoRefreshSeconds(m_autoRefreshCombo->currentData().toInt()); });
    toolbar->addAction(m_detailsAction);

    // Filter row.
    m_search = new QLineEdit(this);
    m_search->setObjectName(u"searchEdit"_qs);
    m_search->setPlaceholderText(tr("Search name, cluster, group, ARN (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(StatusIcons::action(u"search"_qs), QLineEdit::LeadingPosition);
    m_search->setMinimumWidth(260);
    auto *escape = new QAction(m_search);
    escape->setShortcut(Qt::Key_Escape);
    escape->setShortcutContext(Qt::WidgetShortcut);
    connect(escape, &QAction::triggered, m_search, &QLineEdit::clear);
    m_search->addAction(escape);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    m_searchDebounce = new QTimer(this);
    m_searchDebounce->setSingleShot(true);
    m_searchDebounce->setInterval(kSearchDebounceMs);
    connect(m_search, &QLineEdit::textChanged, m_searchDebounce, qOverload<>(&QTimer::start));
    connect(m_searchDebounce, &QTimer::timeout, this, &MainWindow::applyFilterFromWidgets);

    const auto makeCombo = [this](const QString &objectName, const QString &toolTip) {
        auto *combo = new QComboBox(this);
        combo->setObjectName(objectName);
        combo->setToolTip(toolTip);
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        return combo;
    };
    m_clusterFilter = makeCombo(u"clusterFilter"_qs, tr("Cache cluster or serverless cache"));
    m_clusterChoices = new FilterChoiceModel(tr("All clusters"), m_clusterFilter);
    m_clusterFilter->setModel(m_clusterChoices);
    DialogUtil::makeSearchable(m_clusterFilter);
    // Sized by a length, not by the widest of possibly thousands of items measured at every refill.
    m_clusterFilter->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_clusterFilter->setMinimumContentsLength(22);
    m_groupFilter = makeCombo(u"groupFilter"_qs, tr("Replication group"));
    m_groupChoices = new FilterChoiceModel(tr("All replication groups"), m_groupFilter);
    m_groupFilter->setModel(m_groupChoices);
    DialogUtil::makeSearchable(m_groupFilter);
    m_groupFilter->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_groupFilter->setMinimumContentsLength(22);
    // An edited combo selects the matching item once editing ends.
    for (QComboBox *combo : {m_clusterFilter, m_groupFilter}) {
        connect(combo->lineEdit(), &QLineEdit::editingFinished, combo, [combo] {
            const int index = combo->findText(combo->currentText(), Qt::MatchFixedString);
            if (index >= 0)
                combo->setCurrentIndex(index);
            else
                combo->setEditText(combo->itemText(combo->currentIndex()));
        });
    }
    m_sourceFilter = makeCombo(u"sourceFilter"_qs, tr("Automatic or manual"));
    m_sourceFilter->addItem(tr("All sources"), int(SnapshotFilter::SourceFilter::Any));
    m_sourceFilter->addItem(tr("Automatic"), int(SnapshotFilter::SourceFilter::Automatic));
    m_sourceFilter->addItem(tr("Manual"), int(SnapshotFilter::SourceFilter::Manual));
    m_kindFilter = makeCombo(u"kindFilter"_qs, tr("Node-based or serverless"));
    m_kindFilter->addItem(tr("All kinds"), -1);
    m_kindFilter->addItem(tr("Node-based"), int(SnapshotEntry::Kind::NodeBased));
    m_kindFilter->addItem(tr("Serverless"), int(SnapshotEntry::Kind::Serverless));
    m_statusFilter = makeCombo(u"statusFilter"_qs, tr("Snapshot status"));
    m_statusFilter->addItem(tr("All statuses"), -1);
    for (auto status :
         {SnapshotEntry::Status::Available, SnapshotEntry::Status::Creating, SnapshotEntry::Status::Copying,
          SnapshotEntry::Status::Restoring, SnapshotEntry::Status::Deleting})
        m_statusFilter->addItem(StatusIcons::icon(status), SnapshotEntry::statusName(status), int(status));
    m_ageFilter = makeCombo(u"ageFilter"_qs, tr("Only snapshots older than…"));
    m_ageFilter->addItem(tr("Any age"), 0);
    for (int days : {1, 7, 30, 90, 180, 365})
        m_ageFilter->addItem(days == 1 ? tr("Older than 1 day") : tr("Older than %1 days").arg(days), days);
    // Connected once all exist: filling a combo selects its first item, and the filter reads every combo.
    for (QComboBox *combo : {m_clusterFilter, m_groupFilter, m_sourceFilter, m_kindFilter, m_statusFilter, m_ageFilter})
        connect(combo, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilterFromWidgets);
    auto *clearButton = new QToolButton(this);
    clearButton->setDefaultAction(m_clearFiltersAction);
    clearButton->setObjectName(u"clearFiltersButton"_qs);

    auto *filterRow = new QHBoxLayout;
    filterRow->setContentsMargins(0, 0, 0, 0);
    filterRow->addWidget(m_search, 2);
    filterRow->addWidget(m_clusterFilter, 1);
    filterRow->addWidget(m_groupFilter, 1);
    filterRow->addWidget(m_sourceFilter);
    filterRow->addWidget(m_kindFilter);
    filterRow->addWidget(m_statusFilter);
    filterRow->addWidget(m_ageFilter);
    filterRow->addWidget(clearButton);

    // The table.
    m_view = new QTreeView(this);
    m_view->setObjectName(u"snapshotView"_qs);
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setItemsExpandable(false);
    m_view->setUniformRowHeights(true); // lets the view lay out 100,000 rows without asking each one
    m_view->setAllColumnsShowFocus(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(SnapshotTableModel::CreatedColumn, Qt::DescendingOrder);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->addAction(m_copyNameAction);
    connect(m_view, &QWidget::customContextMenuRequested, this, &MainWindow::showContextMenu);
    connect(m_view, &QAbstractItemView::doubleClicked, this, [this] { m_detailsAction->setChecked(true); });
    QHeaderView *header = m_view->header();
    header->setSectionsMovable(true);
    header->setStretchLastSection(false);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    header->setDefaultSectionSize(110);
    header->resizeSection(SnapshotTableModel::NameColumn, 360);
    header->resizeSection(SnapshotTableModel::StatusColumn, 100);
    header->resizeSection(SnapshotTableModel::KindColumn, 95);
    header->resizeSection(SnapshotTableModel::SourceColumn, 85);
    header->resizeSection(SnapshotTableModel::ReplicationGroupColumn, 150);
    header->resizeSection(SnapshotTableModel::ClusterColumn, 150);
    header->resizeSection(SnapshotTableModel::NodeTypeColumn, 130);
    header->resizeSection(SnapshotTableModel::ShardsColumn, 60);
    header->resizeSection(SnapshotTableModel::SizeColumn, 85);
    header->resizeSection(SnapshotTableModel::CreatedColumn, 130);
    header->resizeSection(SnapshotTableModel::ArnColumn, 320);
    for (int column = 0; column < SnapshotTableModel::ColumnCount; ++column)
        header->setSectionHidden(column,
                                 !SnapshotTableModel::isColumnShownByDefault(SnapshotTableModel::Column(column)));
    connect(header, &QWidget::customContextMenuRequested, this, &MainWindow::showHeaderMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        updateDetails();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::updateDetails);

    m_details = new DetailsPane(this);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"mainSplitter"_qs);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({1100, 420});
    connect(m_detailsAction, &QAction::toggled, m_details, &QWidget::setVisible);

    m_errorBar = new ErrorBar(this);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_errorBar);
    layout->addLayout(filterRow);
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    // Status bar: counts and refresh time (permanent, so transient messages do not hide them).
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(u"countLabel"_qs);
    m_refreshedLabel = new QLabel(this);
    m_refreshedLabel->setObjectName(u"refreshedLabel"_qs);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(u"loadProgress"_qs);
    m_progress->setRange(0, 0);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(true);
    m_progress->hide();
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_countLabel);
    statusBar()->addPermanentWidget(m_refreshedLabel);

    // Model changes: counts, actions, details, and the filter combos' counts (throttled: with 100,000 rows
    // counting takes milliseconds, and pages arrive faster than that during a load).
    m_pageMerge = new QTimer(this);
    m_pageMerge->setObjectName(u"pageMergeTimer"_qs);
    m_pageMerge->setSingleShot(true);
    m_pageMerge->setInterval(kPageMergeMs);
    connect(m_pageMerge, &QTimer::timeout, this, &MainWindow::mergePendingPages);
    m_comboUpdate = new QTimer(this);
    m_comboUpdate->setObjectName(u"filterComboTimer"_qs);
    m_comboUpdate->setSingleShot(true);
    m_comboUpdate->setInterval(400);
    connect(m_comboUpdate, &QTimer::timeout, this, &MainWindow::updateFilterCombos);
    const auto modelChanged = [this] {
        updateStatus();
        // While a listing streams in the counts change all the time: refill less often (it ends with a refill).
        if (!m_comboUpdate->isActive())
            m_comboUpdate->start(isLoading() ? 2000 : 400);
    };
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, modelChanged);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, modelChanged);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, modelChanged);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, [this] { updateStatus(); });
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        updateDetails();
        updateActions();
    });
}

void MainWindow::setAutoRefreshSeconds(int seconds)
{
    const int index = m_autoRefreshCombo->findData(seconds);
    if (index >= 0 && index != m_autoRefreshCombo->currentIndex()) {
        m_autoRefreshCombo->setCurrentIndex(index); // re-enters through currentIndexChanged
        return;
    }
    if (seconds > 0)
        m_autoRefresh->start(seconds * 1000);
    else
        m_autoRefresh->stop();
}

std::optional<ConnectionChoice> MainWindow::lastConnection()
{
    QSettings settings;
    if (!settings.contains(u"connection/region"_qs))
        return std::nullopt;
    return ConnectionChoice {settings.value(u"connection/profile"_qs).toString(),
                             settings.value(u"connection/region"_qs).toString(),
                             settings.value(u"connection/endpoint"_qs).toString()};
}

void MainWindow::connectTo(const ConnectionChoice &choice)
{
    for (const QPointer<ApiJob> &job : std::as_const(m_listJobs)) {
        if (job)
            job->abort();
    }
    m_listJobs.clear();
    dropPendingPages();
    m_pendingLists = 0;
    m_poller->setClient(nullptr);
    m_model->clear(); // another account or region: nothing of the old list applies
    m_sources.clear();
    m_errorBar->dismiss();
    m_connection = choice;
    if (m_client) {
        m_client->deleteLater();
        m_client = nullptr;
    }
    if (m_options.sandboxUrl.isEmpty()) {
        if (m_profileCombo->findText(choice.profile) < 0 && !choice.profile.isEmpty())
            m_profileCombo->addItem(choice.profile);
        m_profileCombo->setCurrentText(choice.profile);
    }
    if (m_regionCombo->findText(choice.region) < 0 && !choice.region.isEmpty())
        m_regionCombo->addItem(choice.region);
    m_regionCombo->setCurrentText(choice.region);

    const ApiResult<ClientConfig> config = m_options.resolver
        ? m_options.resolver(choice)
        : ApiResult<ClientConfig>(ApiError {
            ApiError::Kind::Config, u"NoResolver"_qs, tr("No way to resolve connections is set up."), 0, {}, {}, 1});
    if (!config) {
        m_errorBar->showError(tr("Cannot connect with profile \"%1\" in %2.")
                                  .arg(choice.profile.isEmpty() ? u"default"_qs : choice.profile, choice.region),
                              config.error(), QString(), [this, choice] { connectTo(choice); });
        updateTitle();
        updateActions();
        updateStatus();
        Q_EMIT loadFinished(false);
        return;
    }
    m_connection.region = config.value().region;
    m_client = new ElastiCacheClient(config.value(), this);
    m_poller->setClient(m_client);
    updateTitle();
    if (m_options.sandboxUrl.isEmpty()) {
        // The sandbox's port changes every start: remembering it would break the next plain start.
        QSettings settings;
        settings.setValue(u"connection/profile"_qs, m_connection.profile);
        settings.setValue(u"connection/region"_qs, m_connection.region);
        settings.setValue(u"connection/endpoint"_qs, m_connection.endpointUrl);
    }
    refresh();
}

const ConnectionChoice &MainWindow::connection() const
{
    return m_connection;
}

void MainWindow::refresh()
{
    if (!m_client)
        return;
    for (const QPointer<ApiJob> &job : std::as_const(m_listJobs)) {
        if (job) {
            job->disconnect(this);
            job->abort();
        }
    }
    m_listJobs.clear();
    dropPendingPages();
    m_listFailed = false;
    m_loadedThisRefresh = 0;
    m_pendingLists = 2;
    m_model->beginRefresh();
    m_progress->setRange(0, 0);
    m_progress->setFormat(tr("Loading…"));
    m_progress->show();
    m_refreshAction->setEnabled(false);

    SnapshotListJob *nodeJob = m_client->describeSnapshots(DescribeSnapshotsRequest {});
    nodeJob->setAccumulate(false);
    connect(nodeJob, &SnapshotListJob::pageReceived, this, [this](const QList<Snapshot> &page) {
        m_loadedThisRefresh += page.size();
        m_pendingNodePages.append(page);
        schedulePageMerge();
    });
    connect(nodeJob, &SnapshotListJob::finished, this, [this](const ApiResult<QList<Snapshot>> &result) {
        listFinished(SnapshotEntry::Kind::NodeBased, result ? std::nullopt : std::optional(result.error()));
    });
    ServerlessSnapshotListJob *serverlessJob
        = m_client->describeServerlessCacheSnapshots(DescribeServerlessCacheSnapshotsRequest {});
    serverlessJob->setAccumulate(false);
    connect(serverlessJob, &ServerlessSnapshotListJob::pageReceived, this,
            [this](const QList<ServerlessCacheSnapshot> &page) {
                m_loadedThisRefresh += page.size();
                m_pendingServerlessPages.append(page);
                schedulePageMerge();
            });
    connect(serverlessJob, &ServerlessSnapshotListJob::finished, this,
            [this](const ApiResult<QList<ServerlessCacheSnapshot>> &result) {
                listFinished(SnapshotEntry::Kind::Serverless, result ? std::nullopt : std::optional(result.error()));
            });
    m_listJobs = {nodeJob, serverlessJob};
    loadSources();
    updateStatus();
}

void MainWindow::schedulePageMerge()
{
    // The first rows show at once; after that, pages that arrive close together are merged (and painted)
    // together: a repaint per page would cost more than the page itself with 100,000 rows.
    if (m_model->rowCount() == 0)
        mergePendingPages();
    else if (!m_pageMerge->isActive())
        m_pageMerge->start(kPageMergeMs);
}

void MainWindow::mergePendingPages()
{
    // At most Options::maxMergeRows a turn of the event loop, the rest on the next turns: merging costs about 5 µs
    // a row, and the window must not stop for more than a few tens of milliseconds.
    m_pageMerge->stop();
    qsizetype budget = std::max<qsizetype>(1, m_options.maxMergeRows);
    const auto take = [&budget](auto &pending) {
        const qsizetype n = std::min(budget, pending.size());
        budget -= n;
        if (n == pending.size())
            return std::exchange(pending, {});
        auto slice = pending.first(n);
        pending.remove(0, n);
        return slice;
    };
    if (!m_pendingNodePages.isEmpty())
        m_model->mergePage(take(m_pendingNodePages));
    if (budget > 0 && !m_pendingServerlessPages.isEmpty())
        m_model->mergePage(take(m_pendingServerlessPages));
    m_progress->setFormat(tr("Loading… %1").arg(QLocale().toString(m_loadedThisRefresh)));
    if (!m_pendingNodePages.isEmpty() || !m_pendingServerlessPages.isEmpty())
        m_pageMerge->start(0);
    else if (!m_finishedLists.empty())
        QTimer::singleShot(0, this, &MainWindow::completeFinishedLists); // a turn of its own, too
}

void MainWindow::dropPendingPages()
{
    m_pageMerge->stop();
    m_pendingNodePages.clear();
    m_pendingServerlessPages.clear();
    m_finishedLists.clear();
}

void MainWindow::listFinished(SnapshotEntry::Kind kind, const std::optional<ApiError> &error)
{
    // Completed once its last pages are merged.
    m_finishedLists.emplace_back(kind, error);
    mergePendingPages();
}

void MainWindow::completeFinishedLists()
{
    if (m_finishedLists.empty() || !m_pendingNodePages.isEmpty() || !m_pendingServerlessPages.isEmpty())
        return;
    for (const auto &[kind, error] : std::exchange(m_finishedLists, {}))
        completeList(kind, error);
}

void MainWindow::completeList(SnapshotEntry::Kind kind, const std::optional<ApiError> &error)
{
    if (error) {
        // Keep what was listed: a partial list with a visible error beats an empty one, and it is never
        // presented as complete.
        if (!m_listFailed) {
            m_listFailed = true;
            m_errorBar->showError(kind == SnapshotEntry::Kind::NodeBased
                                      ? tr("Could not list the snapshots; the list may be incomplete.")
                                      : tr("Could not list the serverless snapshots; the list may be incomplete."),
                                  *error, QString(), [this] { refresh(); });
        }
    } else {
        m_model->endRefresh(kind);
    }
    if (--m_pendingLists > 0)
        return;
    m_listJobs.clear();
    m_progress->hide();
    m_refreshAction->setEnabled(true);
    if (!m_listFailed) {
        m_lastRefreshed = QDateTime::currentDateTime();
        if (m_errorBar->isVisible() && m_errorBar->text().contains(tr("the list may be incomplete")))
            m_errorBar->dismiss();
    }
    // The combos on the next turn of the event loop: this one has merged the last pages.
    m_comboUpdate->start(0);
    updateStatus();
    updateActions();
    Q_EMIT loadFinished(!m_listFailed);
}

void MainWindow::loadSources()
{
    // The create dialog's source lists and the filter combos; a failure here does not hide snapshots.
    QList<SnapshotSource> *sources = &m_sources;
    const auto replace = [sources](SnapshotSource::Type type, QList<SnapshotSource> fresh) {
        sources->erase(std::remove_if(sources->begin(), sources->end(),
                                      [type](const SnapshotSource &s) { return s.type == type; }),
                       sources->end());
        sources->append(fresh);
    };
    DescribeCacheClustersRequest clustersRequest;
    clustersRequest.showCacheClustersNotInReplicationGroups = false;
    CacheClusterListJob *clusters = m_client->describeCacheClusters(clustersRequest);
    connect(clusters, &CacheClusterListJob::finished, this, [this, replace](const ApiResult<QList<CacheCluster>> &r) {
        if (!r) {
            qCWarning(lcMainWindow) << "DescribeCacheClusters failed:" << r.error().toString();
            return;
        }
        QList<SnapshotSource> fresh;
        fresh.reserve(r.value().size());
        for (const CacheCluster &c : r.value())
            fresh.append(SnapshotSource::fromCluster(c));
        replace(SnapshotSource::Type::CacheCluster, fresh);
        m_comboUpdate->start(0); // on a later turn of the event loop: both take a while with 30,000 clusters
    });
    ReplicationGroupListJob *groups = m_client->describeReplicationGroups(DescribeReplicationGroupsRequest {});
    connect(groups, &ReplicationGroupListJob::finished, this,
            [this, replace](const ApiResult<QList<ReplicationGroup>> &r) {
                if (!r) {
                    qCWarning(lcMainWindow) << "DescribeReplicationGroups failed:" << r.error().toString();
                    return;
                }
                QList<SnapshotSource> fresh;
                fresh.reserve(r.value().size());
                for (const ReplicationGroup &g : r.value())
                    fresh.append(SnapshotSource::fromReplicationGroup(g));
                replace(SnapshotSource::Type::ReplicationGroup, fresh);
                m_comboUpdate->start(0);
            });
    ServerlessCacheListJob *caches = m_client->describeServerlessCaches(DescribeServerlessCachesRequest {});
    connect(caches, &ServerlessCacheListJob::finished, this,
            [this, replace](const ApiResult<QList<ServerlessCache>> &r) {
                if (!r) {
                    qCWarning(lcMainWindow) << "DescribeServerlessCaches failed:" << r.error().toString();
                    return;
                }
                QList<SnapshotSource> fresh;
                fresh.reserve(r.value().size());
                for (const ServerlessCache &c : r.value())
                    fresh.append(SnapshotSource::fromServerlessCache(c));
                replace(SnapshotSource::Type::ServerlessCache, fresh);
                m_comboUpdate->start(0);
            });
}

bool MainWindow::isLoading() const
{
    return m_pendingLists > 0;
}

QDateTime MainWindow::lastRefreshed() const
{
    return m_lastRefreshed;
}

void MainWindow::applyFilterFromWidgets()
{
    SnapshotFilter filter = m_proxy->filter();
    filter.setReferenceTime(QDateTime::currentDateTimeUtc());
    filter.setText(m_search->text());
    filter.setCluster(m_clusterFilter->currentData().toString());
    filter.setReplicationGroup(m_groupFilter->currentData().toString());
    filter.setSource(SnapshotFilter::SourceFilter(m_sourceFilter->currentData().toInt()));
    const int kind = m_kindFilter->currentData().toInt();
    filter.setKind(kind < 0 ? std::nullopt : std::optional(SnapshotEntry::Kind(kind)));
    const int status = m_statusFilter->currentData().toInt();
    filter.setStatus(status < 0 ? std::nullopt : std::optional(SnapshotEntry::Status(status)));
    filter.setMinimumAgeDays(m_ageFilter->currentData().toInt());
    m_proxy->setFilter(filter);
    m_clearFiltersAction->setEnabled(!filter.isEmpty());
    updateStatus();
}

void MainWindow::clearFilters()
{
    for (QComboBox *combo :
         {m_clusterFilter, m_groupFilter, m_sourceFilter, m_kindFilter, m_statusFilter, m_ageFilter}) {
        const QSignalBlocker blocker(combo);
        combo->setCurrentIndex(0);
    }
    {
        const QSignalBlocker blocker(m_search);
        m_search->clear();
    }
    m_searchDebounce->stop();
    applyFilterFromWidgets();
}

void MainWindow::updateFilterCombos()
{
    // The model keeps the counts; the clusters and groups listed by DescribeCacheClusters and
    // DescribeReplicationGroups are offered too, with no snapshots yet, and so is the current choice (a filter
    // restored from the settings, before its cluster is listed).
    const auto refill
        = [this](QComboBox *combo, FilterChoiceModel *choices, const QHash<QString, int> &counts, bool groups) {
              const QString current = combo->currentData().toString();
              std::vector<std::pair<QString, int>> list;
              list.reserve(size_t(counts.size()));
              for (auto it = counts.cbegin(); it != counts.cend(); ++it)
                  list.emplace_back(it.key(), it.value());
              const auto offer = [&](const QString &id) {
                  if (!id.isEmpty() && !counts.contains(id))
                      list.emplace_back(id, 0);
              };
              for (const SnapshotSource &source : std::as_const(m_sources)) {
                  if ((source.type == SnapshotSource::Type::ReplicationGroup) == groups)
                      offer(source.id);
              }
              offer(current);
              const QSignalBlocker blocker(combo);
              if (choices->setChoices(std::move(list)))
                  combo->setCurrentIndex(qMax(0, choices->rowOf(current)));
          };
    refill(m_clusterFilter, m_clusterChoices, m_model->clusterCounts(), false);
    refill(m_groupFilter, m_groupChoices, m_model->replicationGroupCounts(), true);
}

void MainWindow::updateActions()
{
    const QList<SnapshotEntry> selected = selectedSnapshots();
    const bool connected = m_client != nullptr;
    m_createAction->setEnabled(connected);
    m_copyAction->setEnabled(connected && selected.size() == 1);
    m_exportAction->setEnabled(connected && selected.size() == 1);
    m_deleteAction->setEnabled(connected && !selected.isEmpty());
    m_copyNameAction->setEnabled(!selected.isEmpty());
    m_copyArnAction->setEnabled(!selected.isEmpty());
    m_deleteAction->setText(selected.size() > 1 ? tr("&Delete %1 snapshots…").arg(selected.size()) : tr("&Delete…"));
}

void MainWindow::updateStatus()
{
    const QLocale locale;
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    m_countLabel->setText(shown == total
                              ? tr("%1 snapshots").arg(locale.toString(total))
                              : tr("Showing %1 of %2 snapshots").arg(locale.toString(shown), locale.toString(total)));
    if (isLoading())
        m_refreshedLabel->setText(tr("loading…"));
    else if (m_lastRefreshed.isValid())
        m_refreshedLabel->setText(
            tr("refreshed at %1").arg(locale.toString(m_lastRefreshed.time(), QLocale::ShortFormat)));
    else
        m_refreshedLabel->setText(m_client ? tr("not loaded") : tr("not connected"));
}

QString MainWindow::statusText() const
{
    return m_countLabel->text() + u" · "_qs + m_refreshedLabel->text();
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
    m_details->setSnapshot(m_model->snapshotAt(source.row()));
}

void MainWindow::updateTitle()
{
    QString title = u"CacheSnap"_qs;
    if (!m_connection.region.isEmpty()) {
        if (!m_options.sandboxUrl.isEmpty())
            title += tr(" — sandbox (%1, %2)").arg(m_options.sandboxUrl, m_connection.region);
        else
            title += u" — "_qs + (m_connection.profile.isEmpty() ? u"default"_qs : m_connection.profile) + u" @ "_qs
                + m_connection.region;
    } else if (!m_options.sandboxUrl.isEmpty()) {
        title += tr(" — sandbox (%1)").arg(m_options.sandboxUrl);
    }
    setWindowTitle(title);
}

QList<SnapshotEntry> MainWindow::selectedSnapshots() const
{
    QList<SnapshotEntry> entries;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    entries.reserve(rows.size());
    for (const QModelIndex &index : rows)
        entries.append(m_model->snapshotAt(m_proxy->mapToSource(index).row()));
    return entries;
}

bool MainWindow::selectSnapshot(SnapshotEntry::Kind kind, const QString &name)
{
    const int row = m_model->rowOf(kind, name);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return false;
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

QSet<QString> MainWindow::existingNames() const
{
    QSet<QString> names;
    names.reserve(m_model->rowCount());
    for (int row = 0; row < m_model->rowCount(); ++row)
        names.insert(SnapshotNames::normalized(m_model->snapshotAt(row).name()));
    return names;
}

void MainWindow::showHeaderMenu(const QPoint &pos)
{
    // popup(), not exec(): no nested event loop while the list may be streaming in.
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    fillColumnsMenu(menu);
    menu->popup(m_view->header()->mapToGlobal(pos));
}

void MainWindow::showContextMenu(const QPoint &pos)
{
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(m_copyNameAction);
    menu->addAction(m_copyArnAction);
    menu->addSeparator();
    menu->addAction(m_createAction);
    menu->addAction(m_copyAction);
    menu->addAction(m_exportAction);
    menu->addAction(m_deleteAction);
    menu->addSeparator();
    menu->addAction(m_refreshAction);
    menu->popup(m_view->viewport()->mapToGlobal(pos));
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
        tray->showMessage(u"CacheSnap"_qs, text, failure ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information,
                          8000);
    }
    Q_EMIT notified(text);
}

// --- actions -------------------------------------------------------------------------------------------------

void MainWindow::createSnapshot()
{
    if (!m_client)
        return;
    auto *dialog = new CreateSnapshotDialog(m_sources, existingNames(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // Preselect the source of the selected snapshot: the usual "another one of these" case.
    const QList<SnapshotEntry> selected = selectedSnapshots();
    if (selected.size() == 1) {
        const SnapshotEntry &entry = selected.first();
        if (entry.kind() == SnapshotEntry::Kind::Serverless)
            dialog->selectSource(SnapshotSource::Type::ServerlessCache, entry.serverlessCache());
        else if (!entry.replicationGroup().isEmpty())
            dialog->selectSource(SnapshotSource::Type::ReplicationGroup, entry.replicationGroup());
        else if (!entry.cluster().isEmpty())
            dialog->selectSource(SnapshotSource::Type::CacheCluster, entry.cluster());
    }
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        startCreate(dialog->sourceType(), dialog->sourceId(), dialog->snapshotName(), dialog->kmsKeyId());
    });
    dialog->open();
}

void MainWindow::startCreate(SnapshotSource::Type type, const QString &source, const QString &name,
                             const QString &kmsKey)
{
    if (!m_client)
        return;
    const QString description = tr("Snapshot %1 of %2").arg(name, source);
    const auto retry = [this, type, source, name, kmsKey] {
        startCreate(type, source, name, kmsKey);
    };
    if (type == SnapshotSource::Type::ServerlessCache) {
        CreateServerlessCacheSnapshotRequest request;
        request.serverlessCacheName = source;
        request.serverlessCacheSnapshotName = name;
        request.kmsKeyId = kmsKey;
        ServerlessSnapshotJob *job = m_client->createServerlessCacheSnapshot(request);
        connect(job, &ServerlessSnapshotJob::finished, this,
                [this, name, description, retry](const ApiResult<ServerlessCacheSnapshot> &result) {
                    if (!result) {
                        m_errorBar->showError(tr("Could not create snapshot %1.").arg(name), result.error(), QString(),
                                              retry);
                        Q_EMIT actionFinished(u"create"_qs, false);
                        return;
                    }
                    m_model->upsert(result.value());
                    const QString stored = result.value().serverlessCacheSnapshotName;
                    selectSnapshot(SnapshotEntry::Kind::Serverless, stored);
                    m_poller->watch(SnapshotEntry::Kind::Serverless, stored, SnapshotStatusPoller::Expect::Available,
                                    description);
                    statusBar()->showMessage(tr("Creating snapshot %1…").arg(stored), 10000);
                    Q_EMIT actionFinished(u"create"_qs, true);
                });
        return;
    }
    CreateSnapshotRequest request;
    if (type == SnapshotSource::Type::ReplicationGroup)
        request.replicationGroupId = source;
    else
        request.cacheClusterId = source;
    request.snapshotName = name;
    request.kmsKeyId = kmsKey;
    SnapshotJob *job = m_client->createSnapshot(request);
    connect(job, &SnapshotJob::finished, this, [this, name, description, retry](const ApiResult<Snapshot> &result) {
        if (!result) {
            m_errorBar->showError(tr("Could not create snapshot %1.").arg(name), result.error(), QString(), retry);
            Q_EMIT actionFinished(u"create"_qs, false);
            return;
        }
        m_model->upsert(result.value());
        const QString stored = result.value().snapshotName;
        selectSnapshot(SnapshotEntry::Kind::NodeBased, stored);
        m_poller->watch(SnapshotEntry::Kind::NodeBased, stored, SnapshotStatusPoller::Expect::Available, description);
        statusBar()->showMessage(tr("Creating snapshot %1…").arg(stored), 10000);
        Q_EMIT actionFinished(u"create"_qs, true);
    });
}

void MainWindow::copySelected()
{
    const QList<SnapshotEntry> selected = selectedSnapshots();
    if (!m_client || selected.size() != 1)
        return;
    auto *dialog = new CopySnapshotDialog(selected.first(), existingNames(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { startCopy(dialog->source(), dialog->targetName(), dialog->kmsKeyId()); });
    dialog->open();
}

void MainWindow::startCopy(const SnapshotEntry &source, const QString &target, const QString &kmsKey)
{
    if (!m_client)
        return;
    const QString description = tr("Copy of %1 to %2").arg(source.name(), target);
    const auto retry = [this, source, target, kmsKey] {
        startCopy(source, target, kmsKey);
    };
    const auto failed = [this, source, retry](const ApiError &error) {
        m_errorBar->showError(tr("Could not copy %1.").arg(source.name()), error, QString(), retry);
        Q_EMIT actionFinished(u"copy"_qs, false);
    };
    if (source.kind() == SnapshotEntry::Kind::Serverless) {
        CopyServerlessCacheSnapshotRequest request;
        request.sourceServerlessCacheSnapshotName = source.name();
        request.targetServerlessCacheSnapshotName = target;
        request.kmsKeyId = kmsKey;
        ServerlessSnapshotJob *job = m_client->copyServerlessCacheSnapshot(request);
        connect(job, &ServerlessSnapshotJob::finished, this,
                [this, source, description, failed](const ApiResult<ServerlessCacheSnapshot> &result) {
                    if (!result)
                        return failed(result.error());
                    m_model->upsert(result.value());
                    const QString stored = result.value().serverlessCacheSnapshotName;
                    m_poller->watch(SnapshotEntry::Kind::Serverless, stored, SnapshotStatusPoller::Expect::Available,
                                    description);
                    m_poller->watch(SnapshotEntry::Kind::Serverless, source.name(),
                                    SnapshotStatusPoller::Expect::Available, QString());
                    selectSnapshot(SnapshotEntry::Kind::Serverless, stored);
                    Q_EMIT actionFinished(u"copy"_qs, true);
                });
        return;
    }
    CopySnapshotRequest request;
    request.sourceSnapshotName = source.name();
    request.targetSnapshotName = target;
    request.kmsKeyId = kmsKey;
    SnapshotJob *job = m_client->copySnapshot(request);
    connect(job, &SnapshotJob::finished, this, [this, source, description, failed](const ApiResult<Snapshot> &result) {
        if (!result)
            return failed(result.error());
        m_model->upsert(result.value());
        const QString stored = result.value().snapshotName;
        m_poller->watch(SnapshotEntry::Kind::NodeBased, stored, SnapshotStatusPoller::Expect::Available, description);
        m_poller->watch(SnapshotEntry::Kind::NodeBased, source.name(), SnapshotStatusPoller::Expect::Available,
                        QString());
        selectSnapshot(SnapshotEntry::Kind::NodeBased, stored);
        Q_EMIT actionFinished(u"copy"_qs, true);
    });
}

QString MainWindow::exportBucketKey() const
{
    return u"export/"_qs + settingsKeyPart(m_options.sandboxUrl.isEmpty() ? m_connection.profile : u"sandbox"_qs) + u'/'
        + settingsKeyPart(m_connection.region) + u"/bucket"_qs;
}

void MainWindow::exportSelected()
{
    const QList<SnapshotEntry> selected = selectedSnapshots();
    if (!m_client || selected.size() != 1)
        return;
    auto *dialog = new ExportSnapshotDialog(selected.first(), m_connection.region,
                                            QSettings().value(exportBucketKey()).toString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { startExport(dialog->source(), dialog->bucket(), dialog->targetName()); });
    dialog->open();
}

void MainWindow::startExport(const SnapshotEntry &source, const QString &bucket, const QString &target)
{
    if (!m_client)
        return;
    QSettings().setValue(exportBucketKey(), bucket);
    const QString description = tr("Export of %1 to s3://%2").arg(source.name(), bucket);
    const auto retry = [this, source, bucket, target] {
        startExport(source, bucket, target);
    };
    const QString region = m_connection.region;
    const auto failed = [this, source, bucket, region, retry](const ApiError &error) {
        m_errorBar->showError(tr("Could not export %1 to s3://%2.").arg(source.name(), bucket), error,
                              ExportSnapshotDialog::adviceFor(error, region), retry);
        Q_EMIT actionFinished(u"export"_qs, false);
    };
    if (source.kind() == SnapshotEntry::Kind::Serverless) {
        ExportServerlessCacheSnapshotRequest request;
        request.serverlessCacheSnapshotName = source.name();
        request.s3BucketName = bucket;
        ServerlessSnapshotJob *job = m_client->exportServerlessCacheSnapshot(request);
        connect(job, &ServerlessSnapshotJob::finished, this,
                [this, source, description, failed](const ApiResult<ServerlessCacheSnapshot> &result) {
                    if (!result)
                        return failed(result.error());
                    m_model->upsert(result.value());
                    m_poller->watch(SnapshotEntry::Kind::Serverless, source.name(),
                                    SnapshotStatusPoller::Expect::Available, description);
                    Q_EMIT actionFinished(u"export"_qs, true);
                });
        return;
    }
    CopySnapshotRequest request;
    request.sourceSnapshotName = source.name();
    request.targetSnapshotName = target;
    request.targetBucket = bucket;
    SnapshotJob *job = m_client->copySnapshot(request);
    connect(job, &SnapshotJob::finished, this, [this, source, description, failed](const ApiResult<Snapshot> &result) {
        if (!result)
            return failed(result.error());
        // The answer describes the source snapshot (now "copying"); no new snapshot appears in ElastiCache.
        if (result.value().snapshotName == source.name())
            m_model->upsert(result.value());
        m_poller->watch(SnapshotEntry::Kind::NodeBased, source.name(), SnapshotStatusPoller::Expect::Available,
                        description);
        Q_EMIT actionFinished(u"export"_qs, true);
    });
}

void MainWindow::deleteSelected()
{
    const QList<SnapshotEntry> selected = selectedSnapshots();
    if (!m_client || selected.isEmpty())
        return;
    QStringList names;
    int automatic = 0;
    QList<std::pair<SnapshotEntry::Kind, QString>> targets;
    for (const SnapshotEntry &entry : selected) {
        names.append(entry.name());
        automatic += entry.isAutomatic() ? 1 : 0;
        targets.append({entry.kind(), entry.name()});
    }
    auto *dialog = new DeleteSnapshotDialog(names, automatic, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, targets] {
        // Only what still exists: a refresh may have removed rows while the dialog was open.
        QList<std::pair<SnapshotEntry::Kind, QString>> existing;
        for (const auto &target : targets) {
            if (m_model->rowOf(target.first, target.second) >= 0)
                existing.append(target);
        }
        startDelete(existing);
    });
    dialog->open();
}

void MainWindow::startDelete(const QList<std::pair<SnapshotEntry::Kind, QString>> &targets)
{
    if (!m_client || targets.isEmpty())
        return;
    struct Batch
    {
        int pending = 0;
        QList<std::pair<SnapshotEntry::Kind, QString>> failed;
        std::optional<ApiError> lastError;
    };
    auto batch = std::make_shared<Batch>();
    batch->pending = int(targets.size());
    const auto done
        = [this, batch](SnapshotEntry::Kind kind, const QString &name, const std::optional<ApiError> &error) {
              if (error) {
                  batch->failed.append({kind, name});
                  batch->lastError = error;
              } else {
                  m_poller->watch(kind, name, SnapshotStatusPoller::Expect::Gone, tr("Deletion of %1").arg(name));
              }
              if (--batch->pending > 0)
                  return;
              if (batch->failed.isEmpty()) {
                  Q_EMIT actionFinished(u"delete"_qs, true);
                  return;
              }
              QStringList failedNames;
              for (const auto &f : std::as_const(batch->failed))
                  failedNames.append(f.second);
              const auto failed = batch->failed;
              m_errorBar->showError(tr("Could not delete %1.").arg(failedNames.join(u", ")), *batch->lastError,
                                    QString(), [this, failed] { startDelete(failed); });
              Q_EMIT actionFinished(u"delete"_qs, false);
          };
    for (const auto &[kind, name] : targets) {
        if (kind == SnapshotEntry::Kind::Serverless) {
            DeleteServerlessCacheSnapshotRequest request;
            request.serverlessCacheSnapshotName = name;
            ServerlessSnapshotJob *job = m_client->deleteServerlessCacheSnapshot(request);
            connect(job, &ServerlessSnapshotJob::finished, this,
                    [this, done, name](const ApiResult<ServerlessCacheSnapshot> &result) {
                        if (result)
                            m_model->upsert(result.value());
                        done(SnapshotEntry::Kind::Serverless, name,
                             result ? std::nullopt : std::optional(result.error()));
                    });
        } else {
            DeleteSnapshotRequest request;
            request.snapshotName = name;
            SnapshotJob *job = m_client->deleteSnapshot(request);
            connect(job, &SnapshotJob::finished, this, [this, done, name](const ApiResult<Snapshot> &result) {
                if (result)
                    m_model->upsert(result.value());
                done(SnapshotEntry::Kind::NodeBased, name, result ? std::nullopt : std::optional(result.error()));
            });
        }
    }
}

// --- settings ------------------------------------------------------------------------------------------------

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(u"window/geometry"_qs).toByteArray());
    restoreState(settings.value(u"window/state"_qs).toByteArray());
    m_splitter->restoreState(settings.value(u"window/splitter"_qs).toByteArray());
    m_view->header()->restoreState(settings.value(u"window/header"_qs).toByteArray());
    m_detailsAction->setChecked(settings.value(u"window/details"_qs, true).toBool());
    loadFiltersFromSettings();
    setAutoRefreshSeconds(settings.value(u"refresh/intervalSeconds"_qs, 0).toInt());
}

void MainWindow::loadFiltersFromSettings()
{
    QSettings settings;
    settings.beginGroup(u"filters"_qs);
    const auto select = [](QComboBox *combo, const QVariant &data) {
        const QSignalBlocker blocker(combo);
        const int index = combo->findData(data);
        combo->setCurrentIndex(qMax(0, index));
    };
    const auto selectId = [](QComboBox *combo, FilterChoiceModel *choices, const QString &id) {
        if (id.isEmpty())
            return;
        const QSignalBlocker blocker(combo);
        choices->setChoices({{id, 0}}); // listed with its count once the snapshots are
        combo->setCurrentIndex(choices->rowOf(id));
    };
    {
        const QSignalBlocker blocker(m_search);
        m_search->setText(settings.value(u"text"_qs).toString());
    }
    selectId(m_clusterFilter, m_clusterChoices, settings.value(u"cluster"_qs).toString());
    selectId(m_groupFilter, m_groupChoices, settings.value(u"replicationGroup"_qs).toString());
    select(m_sourceFilter, settings.value(u"source"_qs, int(SnapshotFilter::SourceFilter::Any)).toInt());
    select(m_kindFilter, settings.value(u"kind"_qs, -1).toInt());
    select(m_statusFilter, settings.value(u"status"_qs, -1).toInt());
    select(m_ageFilter, settings.value(u"minimumAgeDays"_qs, 0).toInt());
    settings.endGroup();
    applyFilterFromWidgets();
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(u"window/geometry"_qs, saveGeometry());
    settings.setValue(u"window/state"_qs, saveState());
    settings.setValue(u"window/splitter"_qs, m_splitter->saveState());
    settings.setValue(u"window/header"_qs, m_view->header()->saveState());
    settings.setValue(u"window/details"_qs, m_detailsAction->isChecked());
    settings.setValue(u"refresh/intervalSeconds"_qs, m_autoRefreshCombo->currentData().toInt());
    const SnapshotFilter &filter = m_proxy->filter();
    settings.beginGroup(u"filters"_qs);
    settings.setValue(u"text"_qs, filter.text());
    settings.setValue(u"cluster"_qs, filter.cluster());
    settings.setValue(u"replicationGroup"_qs, filter.replicationGroup());
    settings.setValue(u"source"_qs, int(filter.source()));
    settings.setValue(u"kind"_qs, filter.kind() ? int(*filter.kind()) : -1);
    settings.setValue(u"status"_qs, filter.status() ? int(*filter.status()) : -1);
    settings.setValue(u"minimumAgeDays"_qs, filter.minimumAgeDays());
    settings.endGroup();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

// --- accessors -----------------------------------------------------------------------------------------------

SnapshotTableModel *MainWindow::model() const
{
    return m_model;
}

SnapshotFilterProxyModel *MainWindow::proxy() const
{
    return m_proxy;
}

QTreeView *MainWindow::view() const
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

ElastiCacheClient *MainWindow::client() const
{
    return m_client;
}
