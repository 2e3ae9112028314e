// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later

// The window over a set of connections (profiles × regions) against one in-process sandbox serving two accounts in
// three regions, one of them not enabled for the second account: one grid, each connection's state, a failing
// connection that does not stop the others and its Retry, actions routed to the row's own connection, a delete
// across connections, restores followed by their own connection, the Caches tab and the toolbar with a set, the
// window at 800×600, and the set kept in the settings.

#include "cachedetailspane.h"
#include "cachelisting.h"
#include "cachesview.h"
#include "cachetablemodel.h"
#include "cachewatch.h"
#include "cleanupdialog.h"
#include "connectionbar.h"
#include "connections.h"
#include "connectionspanel.h"
#include "deletesnapshotdialog.h"
#include "detailspane.h"
#include "endpointresolver.h"
#include "errorbar.h"
#include "filterbar.h"
#include "fittingtoolbar.h"
#include "fleetdialog.h"
#include "fleetinventory.h"
#include "mainwindow.h"
#include "restoredialog.h"
#include "rowtableview.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "snapshotactions.h"
#include "snapshotfilterproxymodel.h"
#include "snapshotlisting.h"
#include "snapshotstatuspoller.h"
#include "snapshottablemodel.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString kHome = u"123456789012"_s;
const QString kStaging = u"210987654321"_s;
const QString kStagingKey = u"AKIDFLEETSTAGING"_s;
const QString kStagingSecret = u"fleet-staging-secret"_s;
const QStringList kRegions {u"us-east-1"_s, u"eu-west-1"_s, u"ap-southeast-2"_s};

} // namespace

class TestFleetWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void severalRegionsAndAccountsInOneGrid();
    void failingConnectionDoesNotBlockTheOthers();
    void actionsGoToTheRowsConnection();
    void deleteAcrossConnections();
    void tagsAreReadThroughTheRowsConnection();
    void setIsRememberedWithoutSecrets();
    void setsAreBounded();
    void anEndpointGivenForOneConnectionStaysWithIt();
    void cleanUpSaysWhichListsAreNotWhole();
    void failuresAreSummedUpByProfileAndReason();
    void oneConnectionIsAsBefore();
    void toolbarSaysItIsASet();
    void connectionsListCanBeClosed();
    void fitsEightHundredBySixHundred();
    void toolbarDropsTextsNotItems();
    void cachesTabShowsTheChosenConnection();
    void cachesOfAFailedConnectionAfterRetry();
    void aConnectionsSnapshotsOnEnter();
    void restoreInAnyConnectionIsFollowed();
    void followNotesGoWithTheirConnection();
    void connectionStatesChangeWithMergesNotPages();

private:
    // sandboxMode: the window knows its connections are a sandbox's (and so remembers nothing).
    std::unique_ptr<MainWindow> makeWindow(bool sandboxMode = true);
    QList<ConnectionChoice> fleet() const;
    void connectAndLoad(MainWindow *window, bool expectComplete = true, QList<ConnectionChoice> set = {});
    int expectedRows() const; // every snapshot of every enabled (account, region)
    static int connectionOf(const MainWindow *window, const QString &profile, const QString &region);
    static int rowOf(const MainWindow *window, int connection, const QString &name);
    bool selectRows(MainWindow *window, const QList<std::pair<int, QString>> &rows);
    void startServer(double cacheCreateSeconds); // a cache is "creating" that long
    // Restores demo-multidb-manual of that connection into a new cluster through the Restore dialog, with its default
    // name (returned; empty when the dialog did not open or could not restore).
    QString restoreThrough(MainWindow *window, int connection);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SandboxServer> m_server;
    // Connections whose resolver hands out a wrong secret (AWS then refuses their signature: SignatureDoesNotMatch).
    QSet<QString> m_broken;
};

void TestFleetWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"CacheSnapTest"_s);
    QCoreApplication::setApplicationName(u"tst_fleetwindow"_s);
}

void TestFleetWindow::init()
{
    QSettings().clear();
    m_broken.clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(m_dir->filePath(u"s3/exports-bucket"_s)));
    startServer(1);
}

void TestFleetWindow::startServer(double cacheCreateSeconds)
{
    m_server.reset();
    SandboxConfig config;
    config.seed = 11;
    config.seedSnapshots = 12;
    config.s3Root = m_dir->filePath(u"s3"_s);
    config.snapshotCreateSeconds = 0.4;
    config.createSeconds = cacheCreateSeconds;
    config.region = kRegions.first();
    config.regions = kRegions.mid(1);
    config.accountKeys = {{kStaging, kStagingKey, kStagingSecret, kRegions.first(2)}};
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

void TestFleetWindow::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

std::unique_ptr<MainWindow> TestFleetWindow::makeWindow(bool sandboxMode)
{
    MainWindow::Options options;
    const ConnectionResolver sandbox = Connections::sandboxResolver(
        {m_server->url(), m_server->region(), m_server->accessKeyId(), m_server->secretAccessKey(), {}}, kRegions,
        {{u"staging"_s, kStagingKey, kStagingSecret},
         {u"legacy"_s, m_server->accessKeyId(), m_server->secretAccessKey()}});
    options.resolver = [this, sandbox](const ConnectionChoice &choice) {
        ApiResult<ClientConfig> config = sandbox(choice);
        if (config && m_broken.contains(choice.key())) {
            AwsCredentials wrong;
            wrong.accessKeyId = m_server->accessKeyId();
            wrong.secretAccessKey = u"not-the-secret"_s;
            config.value().credentials = std::make_shared<StaticCredentialsProvider>(wrong);
        }
        return config;
    };
    options.s3Resolver = sandbox;
    if (sandboxMode)
        options.sandboxUrl = m_server->url().toString();
    options.profiles = {u"sandbox"_s, u"staging"_s};
    options.regions = kRegions;
    options.restoreSettings = false;
    auto window = std::make_unique<MainWindow>(options);
    window->resize(1400, 800);
    window->show();
    new QAbstractItemModelTester(window->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest, window.get());
    return window;
}

QList<ConnectionChoice> TestFleetWindow::fleet() const
{
    return ConnectionChoice::expand({u"sandbox"_s, u"staging"_s}, kRegions, u"aws"_s, m_server->url().toString());
}

void TestFleetWindow::connectAndLoad(MainWindow *window, bool expectComplete, QList<ConnectionChoice> set)
{
    QSignalSpy loaded(window, &MainWindow::loadFinished);
    window->connectToSet(set.isEmpty() ? fleet() : set);
    QVERIFY(loaded.wait(15000));
    QCOMPARE(loaded.last().first().toBool(), expectComplete);
}

int TestFleetWindow::expectedRows() const
{
    int rows = 0;
    for (const QString &account : {kHome, kStaging}) {
        for (const QString &region : kRegions) {
            if (SandboxState *state = m_server->state(account, region))
                rows += state->snapshotCount() + state->serverlessSnapshotCount();
        }
    }
    return rows;
}

int TestFleetWindow::connectionOf(const MainWindow *window, const QString &profile, const QString &region)
{
    for (int connection = 0; connection < window->connectionCount(); ++connection) {
        const ConnectionChoice &choice = window->connections().at(connection);
        if (choice.profile == profile && choice.region == region)
            return connection;
    }
    return -1;
}

int TestFleetWindow::rowOf(const MainWindow *window, int connection, const QString &name)
{
    return window->model()->rowOf(connection, SnapshotEntry::Kind::NodeBased, name);
}

bool TestFleetWindow::selectRows(MainWindow *window, const QList<std::pair<int, QString>> &rows)
{
    window->view()->selectionModel()->clearSelection();
    for (const auto &[connection, name] : rows) {
        const int row = rowOf(window, connection, name);
        if (row < 0)
            return false;
        const QModelIndex index = window->proxy()->mapFromSource(window->model()->index(row, 0));
        if (!index.isValid())
            return false;
        window->view()->selectionModel()->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    return true;
}

// Six connections (two profiles × three regions), five of them enabled: every snapshot of the five in one table,
// each row with its profile, account and region; the sixth "not enabled", which does not make the list incomplete.
void TestFleetWindow::severalRegionsAndAccountsInOneGrid()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    QCOMPARE(window->connectionCount(), 6);
    QCOMPARE(window->model()->rowCount(), expectedRows());
    QVERIFY(window->connectionsDock()->isVisible());

    // Every row's Profile, Account and Region are its connection's, and its ARN names the same account and region.
    SnapshotTableModel *model = window->model();
    QSet<QString> regions;
    QSet<QString> accounts;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString arn = model->snapshotAt(row).arn();
        const QString region = model->index(row, SnapshotTableModel::RegionColumn).data().toString();
        const QString account = model->index(row, SnapshotTableModel::AccountColumn).data().toString();
        QCOMPARE(arn.section(u':', 3, 3), region);
        QCOMPARE(arn.section(u':', 4, 4), account);
        const ConnectionChoice &choice = window->connections().at(model->connectionOf(row));
        QCOMPARE(model->index(row, SnapshotTableModel::ProfileColumn).data().toString(), choice.profile);
        QCOMPARE(region, choice.region);
        regions.insert(region);
        accounts.insert(account);
    }
    QCOMPARE(regions.size(), 3);
    QCOMPARE(accounts, (QSet<QString> {kHome, kStaging}));
    // The same fixture in each of the five: five rows, one per connection.
    int fixtures = 0;
    for (int connection = 0; connection < 6; ++connection)
        fixtures += rowOf(window.get(), connection, u"demo-multidb-manual"_s) >= 0;
    QCOMPARE(fixtures, 5);
    const QHeaderView *header = window->view()->header();
    for (int column :
         {SnapshotTableModel::ProfileColumn, SnapshotTableModel::AccountColumn, SnapshotTableModel::RegionColumn})
        QVERIFY(!header->isSectionHidden(column));

    // The connections list: five done with their counts, one not enabled; the status bar calls the list refreshed.
    ConnectionsPanel *panel = window->connectionsPanel();
    const int notEnabled = connectionOf(window.get(), u"staging"_s, u"ap-southeast-2"_s);
    for (int connection = 0; connection < 6; ++connection) {
        const QString state = panel->stateText(connection);
        if (connection == notEnabled)
            QCOMPARE(state, u"not enabled"_s);
        else
            QVERIFY2(state.startsWith(u"done: "_s), qPrintable(state));
    }
    const int home = connectionOf(window.get(), u"sandbox"_s, u"eu-west-1"_s);
    QCOMPARE(panel->list()->topLevelItem(home)->text(ConnectionsPanel::AccountColumn), kHome);
    QVERIFY2(window->statusText().contains(u"refreshed at"_s) && window->statusText().contains(u"not enabled"_s),
             qPrintable(window->statusText()));
    QVERIFY(!window->errorBar()->isVisible());

    // The region and account filters: only that region's rows, then only that account's there.
    auto *regionFilter = window->filterBar()->findChild<QComboBox *>(u"regionFilter"_s);
    auto *accountFilter = window->filterBar()->findChild<QComboBox *>(u"accountFilter"_s);
    QVERIFY(regionFilter && accountFilter && !regionFilter->isHidden() && !accountFilter->isHidden());
    regionFilter->setCurrentIndex(regionFilter->findData(u"eu-west-1"_s));
    const int euRows = m_server->state(kHome, u"eu-west-1"_s)->snapshotCount()
        + m_server->state(kHome, u"eu-west-1"_s)->serverlessSnapshotCount()
        + m_server->state(kStaging, u"eu-west-1"_s)->snapshotCount()
        + m_server->state(kStaging, u"eu-west-1"_s)->serverlessSnapshotCount();
    QCOMPARE(window->proxy()->rowCount(), euRows);
    accountFilter->setCurrentIndex(accountFilter->findData(kStaging));
    QCOMPARE(window->proxy()->rowCount(),
             m_server->state(kStaging, u"eu-west-1"_s)->snapshotCount()
                 + m_server->state(kStaging, u"eu-west-1"_s)->serverlessSnapshotCount());
    for (int row = 0; row < window->proxy()->rowCount(); ++row) {
        const QModelIndex index = window->proxy()->index(row, SnapshotTableModel::RegionColumn);
        QCOMPARE(index.data().toString(), u"eu-west-1"_s);
        QCOMPARE(index.siblingAtColumn(SnapshotTableModel::AccountColumn).data().toString(), kStaging);
    }
    // Sorted by region: every row in region order.
    window->proxy()->sort(SnapshotTableModel::RegionColumn, Qt::AscendingOrder);
    window->filterBar()->clear();
    QString previous;
    for (int row = 0; row < window->proxy()->rowCount(); ++row) {
        const QString region = window->proxy()->index(row, SnapshotTableModel::RegionColumn).data().toString();
        QVERIFY(previous <= region);
        previous = region;
    }
}

// One connection fails (AWS refuses its profile's signature): its state says why in plain words, the others are all
// listed, the status bar and the error bar say the list is incomplete; Retry lists it once it works, and only it.
void TestFleetWindow::failingConnectionDoesNotBlockTheOthers()
{
    const ConnectionChoice legacy {u"legacy"_s, u"eu-west-1"_s, m_server->url().toString()};
    m_broken.insert(legacy.key());
    auto window = makeWindow();
    connectAndLoad(window.get(), false, fleet() << legacy);
    QCOMPARE(window->connectionCount(), 7);
    const int failed = 6;
    ConnectionsPanel *panel = window->connectionsPanel();
    // Briefly in the list's column, in full in its tooltip.
    QCOMPARE(panel->stateText(failed), u"failed: credentials refused"_s);
    QVERIFY(panel->list()->columnWidth(ConnectionsPanel::StateColumn)
            > panel->list()->fontMetrics().horizontalAdvance(panel->stateText(failed)));
    const QString tip = panel->list()->topLevelItem(failed)->toolTip(ConnectionsPanel::StateColumn);
    QVERIFY2(tip.startsWith(u"failed: AWS did not accept the credentials (SignatureDoesNotMatch)"_s), qPrintable(tip));
    QCOMPARE(window->model()->rowCount(), expectedRows());
    for (int connection = 0; connection < 6; ++connection) {
        if (panel->stateText(connection) != u"not enabled")
            QVERIFY2(panel->stateText(connection).startsWith(u"done: "_s), qPrintable(panel->stateText(connection)));
    }
    QVERIFY2(window->statusText().contains(u"list incomplete (1 of 7 connections failed)"_s),
             qPrintable(window->statusText()));
    QVERIFY(window->errorBar()->isVisible());
    QVERIFY2(window->errorBar()->text().contains(u"1 of 7"_s), qPrintable(window->errorBar()->text()));
    // The listing's phase counts (kept as states change, for sets of thousands) are the states' own.
    using Phase = FleetConnectionState::Phase;
    const auto countsMatchStates = [&window] {
        SnapshotListing *listing = window->listing();
        int finished = 0;
        for (const Phase phase :
             {Phase::Waiting, Phase::Resolving, Phase::Listing, Phase::Done, Phase::Failed, Phase::NotEnabled}) {
            int count = 0;
            for (int connection = 0; connection < listing->connectionCount(); ++connection)
                count += listing->state(connection).phase == phase;
            if (listing->phaseCount(phase) != count)
                return false;
        }
        for (int connection = 0; connection < listing->connectionCount(); ++connection)
            finished += listing->state(connection).finished();
        return listing->finishedCount() == finished;
    };
    QVERIFY(countsMatchStates());
    QCOMPARE(window->listing()->phaseCount(Phase::Failed), 1);
    QCOMPARE(window->listing()->phaseCount(Phase::NotEnabled), 1);
    QCOMPARE(window->listing()->phaseCount(Phase::Done), 5);
    QCOMPARE(window->findChild<QLabel *>(u"connectionsSummary"_s)->text(), u"5 of 7 listed, 1 failed, 1 not enabled"_s);

    // Retry from the list: only that connection is listed again.
    m_broken.clear();
    panel->list()->setCurrentItem(panel->list()->topLevelItem(failed));
    QVERIFY(panel->retryButton()->isEnabled());
    QSignalSpy loaded(window.get(), &MainWindow::loadFinished);
    QSignalSpy changes(window->listing(), &SnapshotListing::connectionStateChanged);
    QTest::mouseClick(panel->retryButton(), Qt::LeftButton);
    QVERIFY(loaded.wait(15000));
    QCOMPARE(loaded.last().first().toBool(), true);
    for (const QList<QVariant> &change : std::as_const(changes))
        QCOMPARE(change.first().toInt(), failed);
    QVERIFY2(panel->stateText(failed).startsWith(u"done: "_s), qPrintable(panel->stateText(failed)));
    QCOMPARE(panel->list()->topLevelItem(failed)->text(ConnectionsPanel::AccountColumn), kHome);
    const SandboxState *home = m_server->state(kHome, u"eu-west-1"_s);
    QCOMPARE(window->model()->rowCount(), expectedRows() + home->snapshotCount() + home->serverlessSnapshotCount());
    QVERIFY(!window->errorBar()->isVisible());
    QVERIFY2(!window->statusText().contains(u"incomplete"_s), qPrintable(window->statusText()));
    QVERIFY(countsMatchStates());
    QCOMPARE(window->listing()->phaseCount(Phase::Failed), 0);
    QCOMPARE(window->listing()->phaseCount(Phase::Done), 6);
    QCOMPARE(window->listing()->finishedCount(), 7);
}

// The same snapshot name in every connection: a delete of staging's eu-west-1 row deletes it there, and nowhere
// else, and its notification names the connection; Copy and Export open on the row's own connection (its region).
void TestFleetWindow::actionsGoToTheRowsConnection()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    const QString name = u"demo-multidb-manual"_s;
    const int target = connectionOf(window.get(), u"staging"_s, u"eu-west-1"_s);
    QVERIFY(selectRows(window.get(), {{target, name}}));
    QCOMPARE(window->actions()->selectedRows().size(), 1);
    QCOMPARE(window->actions()->selectedRows().first().first, target);
    QCOMPARE(window->actions()->route(target).region, u"eu-west-1"_s);
    QCOMPARE(window->actions()->route(target).client, window->clientOf(target));
    QCOMPARE(window->clientOf(target)->config().region, u"eu-west-1"_s);
    QCOMPARE(window->detailsPane()->valueOf(u"Connection"_s), u"staging @ eu-west-1 (210987654321)"_s);

    QSignalSpy notifications(window.get(), &MainWindow::notified);
    window->actions()->deleteSelected();
    DeleteSnapshotDialog *confirm = nullptr;
    QTRY_VERIFY((confirm = window->findChild<DeleteSnapshotDialog *>()) && confirm->isVisible());
    QTest::mouseClick(confirm->deleteButton(), Qt::LeftButton);
    window->pollerOf(target)->setDelays(100, 300, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(!m_server->state(kStaging, u"eu-west-1"_s)->snapshot(name), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(window.get(), target, name) < 0, 15000);
    // Nowhere else: the other account in that region, that account elsewhere, and their rows.
    QVERIFY(m_server->state(kHome, u"eu-west-1"_s)->snapshot(name));
    QVERIFY(m_server->state(kStaging, u"us-east-1"_s)->snapshot(name));
    QVERIFY(m_server->state(kHome, u"us-east-1"_s)->snapshot(name));
    QVERIFY(rowOf(window.get(), connectionOf(window.get(), u"sandbox"_s, u"eu-west-1"_s), name) >= 0);
    QVERIFY(rowOf(window.get(), connectionOf(window.get(), u"staging"_s, u"us-east-1"_s), name) >= 0);
    QTRY_VERIFY_WITH_TIMEOUT(!notifications.isEmpty(), 15000);
    // The notification names the connection: the same name is in every connection.
    const QString said = notifications.last().first().toString();
    QVERIFY2(said.startsWith(u"staging @ eu-west-1: "_s) && said.contains(name), qPrintable(said));
}

// Three rows of three connections (two accounts, three regions) deleted together: each in its own place, the
// confirmation names where each one is, and the one the service refuses (already being deleted, behind the window's
// back) is reported with its connection and reason while the other two are deleted.
void TestFleetWindow::deleteAcrossConnections()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    const QString name = u"demo-redis-rg-manual"_s;
    const int first = connectionOf(window.get(), u"sandbox"_s, u"ap-southeast-2"_s);
    const int second = connectionOf(window.get(), u"staging"_s, u"us-east-1"_s);
    const int refused = connectionOf(window.get(), u"sandbox"_s, u"eu-west-1"_s);
    for (int connection : {first, second, refused})
        window->pollerOf(connection)->setDelays(100, 300, 30000);
    QVERIFY(selectRows(window.get(), {{first, name}, {second, name}, {refused, name}}));
    QCOMPARE(window->actions()->deleteAction()->text(), u"&Delete 3 snapshots…"_s);
    window->actions()->deleteSelected();
    DeleteSnapshotDialog *confirm = nullptr;
    QTRY_VERIFY((confirm = window->findChild<DeleteSnapshotDialog *>()) && confirm->isVisible());
    QVERIFY2(confirm->names().contains(name + u" (sandbox @ ap-southeast-2)"_s),
             qPrintable(confirm->names().join(u'|')));
    QVERIFY(confirm->names().contains(name + u" (staging @ us-east-1)"_s));
    DeleteSnapshotRequest behindTheBack;
    behindTheBack.snapshotName = name;
    QVERIFY(m_server->state(kHome, u"eu-west-1"_s)->deleteSnapshot(behindTheBack));
    QTest::mouseClick(confirm->deleteButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_server->state(kHome, u"ap-southeast-2"_s)->snapshot(name)
                                 && !m_server->state(kStaging, u"us-east-1"_s)->snapshot(name),
                             15000);
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(window.get(), first, name) < 0 && rowOf(window.get(), second, name) < 0, 15000);
    // The refusal, per snapshot: which, where and why.
    QTRY_VERIFY_WITH_TIMEOUT(window->errorBar()->isVisible(), 15000);
    const QString text = window->errorBar()->text();
    QVERIFY2(text.contains(u"Could not delete 1 of 3 snapshots: %1."_s.arg(name)), qPrintable(text));
    QVERIFY2(text.contains(name + u" (sandbox @ eu-west-1): "_s), qPrintable(text));
    // The others keep theirs.
    QVERIFY(m_server->state(kHome, u"us-east-1"_s)->snapshot(name));
    QVERIFY(m_server->state(kStaging, u"eu-west-1"_s)->snapshot(name));
}

// One tag cache for the set: a row's tags are read through the connection its ARN names (another account's region
// answers only with its own data), so the same name in two places shows each one's tags.
void TestFleetWindow::tagsAreReadThroughTheRowsConnection()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    const QString name = u"demo-before-upgrade"_s;
    const int staging = connectionOf(window.get(), u"staging"_s, u"eu-west-1"_s);
    const int stagingRow = rowOf(window.get(), staging, name);
    QVERIFY(stagingRow >= 0);
    const QString arn = window->model()->snapshotAt(stagingRow).arn();
    QCOMPARE(arn.section(u':', 3, 4), u"eu-west-1:"_s + kStaging);
    m_server->state(kStaging, u"eu-west-1"_s)->setTags(arn, {Tag {u"owner"_s, u"staging-eu"_s}});
    QVERIFY(selectRows(window.get(), {{staging, name}}));
    QTRY_COMPARE_WITH_TIMEOUT(window->model()->tagsText(window->model()->snapshotAt(stagingRow)), u"owner=staging-eu"_s,
                              10000);
    const int home = connectionOf(window.get(), u"sandbox"_s, u"us-east-1"_s);
    const int homeRow = rowOf(window.get(), home, name);
    QVERIFY(selectRows(window.get(), {{home, name}}));
    QTRY_COMPARE_WITH_TIMEOUT(window->model()->tagsText(window->model()->snapshotAt(homeRow)),
                              u"keep=true, owner=platform-team"_s, 10000);
}

// The set (profiles and regions, no secret) is kept for the next start, and the chooser starts from it.
void TestFleetWindow::setIsRememberedWithoutSecrets()
{
    {
        auto window = makeWindow(false);
        connectAndLoad(window.get());
        window->saveSettings();
    }
    QSettings().sync();
    const QList<ConnectionChoice> remembered = MainWindow::rememberedSet();
    QCOMPARE(remembered, fleet());
    QFile file(QSettings().fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("ap-southeast-2"));
    QVERIFY(!text.contains(kStagingSecret.toUtf8()));
    QVERIFY(!text.contains(m_server->secretAccessKey().toUtf8()));

    // A new window opens the chooser ticked as the set was; accepting it shows the set again.
    auto window = makeWindow(false);
    window->connectToSet(remembered);
    QSignalSpy loaded(window.get(), &MainWindow::loadFinished);
    QVERIFY(loaded.wait(15000));
    window->chooseConnections();
    FleetDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window->findChild<FleetDialog *>()) && dialog->isVisible());
    QCOMPARE(dialog->checkedProfiles(), (QStringList {u"sandbox"_s, u"staging"_s}));
    QCOMPARE(dialog->checkedRegions(), kRegions);
    // Untick a region: four connections.
    dialog->regionList()->item(2)->setCheckState(Qt::Unchecked);
    QCOMPARE(dialog->connections().size(), 4);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QVERIFY(loaded.wait(15000));
    QCOMPARE(window->connectionCount(), 4);
    QCOMPARE(MainWindow::rememberedSet().size(), 4);
    QCOMPARE(QSettings().value(FleetDialog::regionsKey).toStringList(), kRegions.first(2));
}

// An endpoint given for one connection (--endpoint-url) is not where the set's other profiles send their credentials:
// the chooser says so, and its connections carry no endpoint (each profile's own, or AWS's, applies). The sandbox's
// endpoint is every connection's.
void TestFleetWindow::anEndpointGivenForOneConnectionStaysWithIt()
{
    for (const bool sandboxMode : {false, true}) {
        auto window = makeWindow(sandboxMode);
        QSignalSpy loaded(window.get(), &MainWindow::loadFinished);
        window->connectTo({u"sandbox"_s, kRegions.first(), m_server->url().toString()});
        QVERIFY(loaded.wait(15000));
        window->chooseConnections();
        FleetDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window->findChild<FleetDialog *>()) && dialog->isVisible());
        dialog->setChecked({u"sandbox"_s, u"staging"_s}, kRegions);
        auto *note = dialog->findChild<QLabel *>(u"fleetNote"_s);
        QCOMPARE(note->isVisible(), !sandboxMode);
        QCOMPARE(note->text().contains(m_server->url().toString()), !sandboxMode);
        const QList<ConnectionChoice> chosen = dialog->connections();
        QCOMPARE(chosen.size(), 6);
        for (const ConnectionChoice &choice : chosen) {
            // The connection it was given for keeps it: the same profile in the same region.
            const bool own = choice.profile == u"sandbox" && choice.region == kRegions.first();
            QCOMPARE(choice.endpointUrl, sandboxMode || own ? m_server->url().toString() : QString());
        }
        // Chosen alone again, it is the connection it was: it lists from the same endpoint.
        dialog->setChecked({u"sandbox"_s}, kRegions.first(1));
        QCOMPARE(dialog->connections(),
                 QList<ConnectionChoice>({{u"sandbox"_s, kRegions.first(), m_server->url().toString()}}));
        dialog->accept();
        QVERIFY(loaded.wait(15000));
        QVERIFY(loaded.last().first().toBool());
        QCOMPARE(window->connection().endpointUrl, m_server->url().toString());
        QVERIFY(window->model()->rowCount() > 0);
    }
}

// The error bar names what failed in a few lines, a profile's regions that failed for one reason in one, so that
// it leaves the table its room (eleven failed connections made it some 280 pixels tall); the connections list has
// each one.
void TestFleetWindow::failuresAreSummedUpByProfileAndReason()
{
    // Each profile's key is refused (a profile's credentials serve all its regions); profile sandbox lists.
    const QString url = m_server->url().toString();
    const QStringList everyRegion = EndpointResolver::regions(u"aws"_s);
    QVERIFY(everyRegion.size() > 3);
    const QList<ConnectionChoice> set = ConnectionChoice::expand({u"extra"_s}, everyRegion, u"aws"_s, url)
        + ConnectionChoice::expand({u"one"_s}, kRegions.first(1), u"aws"_s, url)
        + ConnectionChoice::expand({u"staging"_s, u"legacy"_s, u"sandbox"_s}, kRegions, u"aws"_s, url);
    for (const ConnectionChoice &choice : set) {
        if (choice.profile != u"sandbox")
            m_broken.insert(choice.key());
    }
    auto window = makeWindow();
    connectAndLoad(window.get(), false, set);
    const QStringList lines = window->errorBar()->text().split(u'\n');
    QCOMPARE(lines.size(), 5);
    QCOMPARE(
        lines.at(0),
        u"Could not list %1 of %2 connections; the list may be incomplete."_s.arg(m_broken.size()).arg(set.size()));
    const QString refused = u": failed: AWS did not accept the credentials"_s;
    QVERIFY2(lines.at(1).startsWith(
                 u"extra in %1 regions (%2, %3, …)"_s.arg(everyRegion.size()).arg(everyRegion.at(0), everyRegion.at(1))
                 + refused),
             qPrintable(lines.at(1)));
    QVERIFY2(lines.at(2).startsWith(u"one @ us-east-1"_s + refused), qPrintable(lines.at(2)));
    QVERIFY2(lines.at(3).startsWith(u"staging in us-east-1, eu-west-1, ap-southeast-2"_s + refused),
             qPrintable(lines.at(3)));
    QCOMPARE(lines.at(4), u"…and 3 more: the connections list names each one."_s);
    // Profile sandbox's rows are all there.
    int homeRows = 0;
    for (const QString &region : kRegions)
        homeRows += m_server->state(kHome, region)->snapshotCount()
            + m_server->state(kHome, region)->serverlessSnapshotCount();
    QCOMPARE(window->model()->rowCount(), homeRows);
}

// The Clean up dialog's plan is made from the rows the window has: a connection whose listing failed (or has not
// ended) is marked in its list of connections, and a note says the plan lacks what it did not list.
void TestFleetWindow::cleanUpSaysWhichListsAreNotWhole()
{
    const ConnectionChoice legacy {u"legacy"_s, u"eu-west-1"_s, m_server->url().toString()};
    m_broken.insert(legacy.key());
    auto window = makeWindow();
    connectAndLoad(window.get(), false, fleet() << legacy);
    window->findChild<QAction *>(u"actionCleanUp"_s)->trigger();
    CleanupDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window->findChild<CleanupDialog *>()) && dialog->isVisible());
    auto *connections = dialog->findChild<QListWidget *>(u"connectionList"_s);
    QCOMPARE(connections->count(), 7);
    for (int row = 0; row < 6; ++row) {
        QVERIFY2(!connections->item(row)->text().contains(u" — "_s), qPrintable(connections->item(row)->text()));
        QVERIFY(connections->item(row)->icon().isNull());
    }
    const QString failed = connections->item(6)->text();
    QVERIFY2(failed.startsWith(u"legacy · "_s) && failed.contains(u" — failed: AWS did not accept the credentials"_s),
             qPrintable(failed));
    QVERIFY(!connections->item(6)->icon().isNull());
    auto *note = dialog->findChild<QLabel *>(u"notWhole"_s);
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().startsWith(u"1 connection is not fully listed"_s), qPrintable(note->text()));
    // And the plan saved from it says so.
    QTRY_VERIFY(dialog->plan().rules().olderThanDays.has_value());
    const QJsonArray planned
        = QJsonDocument::fromJson(dialog->plan().toJson()).object().value(u"Connections"_s).toArray();
    QCOMPARE(planned.size(), 7);
    QVERIFY(planned.at(6).toObject().value(u"NotFullyListed"_s).toString().startsWith(u"failed: "_s));
    QVERIFY(!planned.at(0).toObject().contains(u"NotFullyListed"_s));
    dialog->close();

    // Once Retry has listed it (its key now right), the plan's lists are whole.
    m_broken.clear();
    QSignalSpy loaded(window.get(), &MainWindow::loadFinished);
    window->retryConnection(6);
    QVERIFY(loaded.wait(15000));
    QVERIFY(loaded.last().first().toBool());
    window->findChild<QAction *>(u"actionCleanUp"_s)->trigger();
    QTRY_VERIFY((dialog = window->findChild<CleanupDialog *>()) && dialog->isVisible());
    QVERIFY(!dialog->findChild<QLabel *>(u"notWhole"_s)->isVisible());
    QVERIFY(!dialog->findChild<QListWidget *>(u"connectionList"_s)->item(6)->text().contains(u" — "_s));
    dialog->close();
}

// A set is listed whole, with a row per connection: the chooser offers no more than ConnectionChoice::kMostInASet,
// and a settings file naming more (not written by the app) is not opened.
void TestFleetWindow::setsAreBounded()
{
    QStringList profiles;
    for (int i = 0; i <= 1000; ++i)
        profiles.append(u"p%1"_s.arg(i));
    const QStringList regions = QString(u"us-east-1,us-east-2,us-west-1,us-west-2,eu-west-1,eu-west-2,eu-west-3,"
                                        "eu-central-1,ap-southeast-1,ap-southeast-2"_s)
                                    .split(u',');
    QCOMPARE(profiles.size() * regions.size(), ConnectionChoice::kMostInASet + 10);
    FleetDialog dialog(profiles, regions, {}, {});
    dialog.setChecked(profiles, regions);
    QPushButton *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    const QString count = dialog.findChild<QLabel *>(u"fleetCount"_s)->text();
    QVERIFY2(count.contains(u"at most %1"_s.arg(QLocale().toString(ConnectionChoice::kMostInASet))), qPrintable(count));
    dialog.profileList()->item(1000)->setCheckState(Qt::Unchecked); // exactly the most
    QVERIFY(ok->isEnabled());
    QCOMPARE(dialog.connections().size(), ConnectionChoice::kMostInASet);

    QStringList keys;
    for (const ConnectionChoice &choice : ConnectionChoice::expand(profiles, regions))
        keys.append(choice.key());
    QSettings().setValue(u"fleet/connections"_s, keys.mid(0, ConnectionChoice::kMostInASet));
    QCOMPARE(MainWindow::rememberedSet().size(), ConnectionChoice::kMostInASet);
    QSettings().setValue(u"fleet/connections"_s, keys);
    QVERIFY(MainWindow::rememberedSet().isEmpty());
}

// Back to one connection: the connections list goes, the Region column's rows are the one region's, and the next
// start opens that connection alone.
void TestFleetWindow::oneConnectionIsAsBefore()
{
    auto window = makeWindow(false);
    connectAndLoad(window.get());
    QSignalSpy loaded(window.get(), &MainWindow::loadFinished);
    window->connectTo({u"sandbox"_s, kRegions.first(), m_server->url().toString()});
    QVERIFY(loaded.wait(15000));
    QCOMPARE(loaded.last().first().toBool(), true);
    QCOMPARE(window->connectionCount(), 1);
    QVERIFY(!window->connectionsDock()->isVisible());
    QCOMPARE(window->model()->rowCount(),
             m_server->state(kHome, kRegions.first())->snapshotCount()
                 + m_server->state(kHome, kRegions.first())->serverlessSnapshotCount());
    QCOMPARE(window->model()->connectionCount(), 1);
    QVERIFY(MainWindow::rememberedSet().isEmpty());
    QVERIFY(window->findChild<QComboBox *>(u"regionFilter"_s)->isHidden());
    // Nothing to list: View › Connections list is off.
    QVERIFY(!window->findChild<QAction *>(u"actionConnectionsList"_s)->isEnabled());
}

// The toolbar's combos say the window shows a set ("2 profiles", "3 regions"), not its first connection
// ("Profile: sandbox" above six connections of two profiles); picking a region goes back to one connection, the
// set's first profile in that region.
void TestFleetWindow::toolbarSaysItIsASet()
{
    auto window = makeWindow(false);
    connectAndLoad(window.get());
    auto *profileCombo = window->findChild<QComboBox *>(u"profileCombo"_s);
    auto *regionCombo = window->findChild<QComboBox *>(u"regionCombo"_s);
    QVERIFY(profileCombo && regionCombo);
    QCOMPARE(profileCombo->currentIndex(), -1);
    QCOMPARE(profileCombo->placeholderText(), u"2 profiles"_s);
    QCOMPARE(regionCombo->currentText(), u"3 regions"_s);

    // Enter on "3 regions" changes nothing.
    QTest::keyClick(regionCombo, Qt::Key_Return);
    QTest::qWait(50);
    QCOMPARE(window->connectionCount(), 6);

    const ConnectionChoice first = window->connections().first();
    const QString region = kRegions.at(1) == first.region ? kRegions.at(2) : kRegions.at(1);
    QSignalSpy loaded(window.get(), &MainWindow::loadFinished);
    const int index = regionCombo->findText(region);
    QVERIFY(index >= 0);
    regionCombo->setCurrentIndex(index);
    Q_EMIT regionCombo->activated(index);
    QVERIFY(loaded.wait(15000));
    QCOMPARE(window->connectionCount(), 1);
    QCOMPARE(window->connection().profile, first.profile);
    QCOMPARE(window->connection().region, region);
    QCOMPARE(profileCombo->currentText(), first.profile);
    QVERIFY(profileCombo->placeholderText().isEmpty());
    QCOMPARE(regionCombo->currentText(), region);

    // The set again, then a profile: that profile in the set's first region (not in "3 regions").
    connectAndLoad(window.get());
    QCOMPARE(regionCombo->currentText(), u"3 regions"_s);
    auto *bar = window->findChild<ConnectionBar *>();
    QVERIFY(bar);
    QSignalSpy chosen(bar, &ConnectionBar::chosen);
    const int staging = profileCombo->findData(u"staging"_s);
    QVERIFY(staging >= 0);
    profileCombo->setCurrentIndex(staging);
    Q_EMIT profileCombo->activated(staging);
    QCOMPARE(chosen.size(), 1);
    const auto choice = chosen.first().first().value<ConnectionChoice>();
    QCOMPARE(choice.profile, u"staging"_s);
    QCOMPARE(choice.region, first.region);
    QTRY_COMPARE(window->connectionCount(), 1);
    QCOMPARE(window->connection().profile, u"staging"_s);
}

// With a set, the connections list can be closed for the table's room (View › Connections list, or the dock's own
// close button) and shown again; choosing a set shows it. It could be neither: the action was greyed out.
void TestFleetWindow::connectionsListCanBeClosed()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    QDockWidget *dock = window->connectionsDock();
    QVERIFY(dock->isVisible());
    QVERIFY(dock->features().testFlag(QDockWidget::DockWidgetClosable));
    auto *action = window->findChild<QAction *>(u"actionConnectionsList"_s);
    QVERIFY(action->isEnabled());
    QVERIFY(action->isChecked());
    const int tableWidth = window->view()->width();
    action->trigger();
    QTRY_VERIFY(!dock->isVisible());
    QVERIFY(!action->isChecked());
    QTRY_VERIFY(window->view()->width() > tableWidth);
    action->trigger();
    QTRY_VERIFY(dock->isVisible());
    dock->close();
    QTRY_VERIFY(!dock->isVisible());
    QSignalSpy loaded(window.get(), &MainWindow::loadFinished);
    window->connectToSet(fleet());
    QVERIFY(loaded.wait(15000));
    QVERIFY(dock->isVisible());
}

// The toolbar of a set (its widest: "3 profiles", "3 regions") keeps every item on a narrow window, its buttons
// dropping their texts instead, the less used ones' first; with text it needed some 1,400 px, and at 1024 px the
// region, the connections chooser, the interval and the details toggle went behind the » menu.
void TestFleetWindow::toolbarDropsTextsNotItems()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    auto *toolbar = window->findChild<FittingToolBar *>(u"mainToolBar"_s);
    QVERIFY(toolbar);
    auto *more = toolbar->findChild<QToolButton *>(u"qt_toolbar_ext_button"_s);
    QVERIFY(more);
    const auto allShown = [&] {
        if (more->isVisible())
            return false;
        for (QAction *action : toolbar->actions()) {
            QWidget *widget = toolbar->widgetForAction(action);
            if (!action->isVisible() || !widget)
                continue;
            const QRect inBar(widget->mapTo(toolbar, QPoint(0, 0)), widget->size());
            if (!widget->isVisible() || !toolbar->rect().contains(inBar))
                return false;
        }
        return true;
    };
    const auto textShown = [&](QAction *action) {
        auto *button = qobject_cast<QToolButton *>(toolbar->widgetForAction(action));
        return button
            && button->width() > button->iconSize().width() + button->fontMetrics().horizontalAdvance(u"Cre"_s);
    };
    QAction *create = window->actions()->createAction();
    QAction *restore = window->actions()->restoreAction();

    const auto resize = [&](int width) {
        window->resize(width, 600);
        return QTest::qWaitFor([&] { return window->width() == width; });
    };
    QVERIFY(resize(1600));
    QTRY_COMPARE(toolbar->texts(), FittingToolBar::Texts::All);
    QTRY_VERIFY(allShown() && textShown(create) && textShown(restore));
    const int all = toolbar->sizeHint().width();

    // A pixel short of that: the less used ones' texts go first.
    QVERIFY(resize(all - 1));
    QTRY_COMPARE(toolbar->texts(), FittingToolBar::Texts::Some);
    QTRY_VERIFY(allShown() && textShown(create) && !textShown(restore));
    const int some = toolbar->sizeHint().width();
    QVERIFY(some < all);
    // A pixel short of that: no texts.
    QVERIFY(resize(some - 1));
    QTRY_COMPARE(toolbar->texts(), FittingToolBar::Texts::None);
    QTRY_VERIFY(allShown() && !textShown(create));
    // The way back, with room for each step again (and a little to spare, so that texts do not come and go at one
    // width).
    QVERIFY(resize(some));
    QTest::qWait(50);
    QCOMPARE(toolbar->texts(), FittingToolBar::Texts::None);
    QVERIFY(resize(some + 20));
    QTRY_COMPARE(toolbar->texts(), FittingToolBar::Texts::Some);
    QTRY_VERIFY(allShown() && textShown(create));

    // Usual narrow windows keep every item.
    for (const int width : {1024, 800}) {
        QVERIFY(resize(width));
        QTRY_VERIFY2(allShown(), qPrintable(u"at %1 px, texts %2"_s.arg(width).arg(int(toolbar->texts()))));
    }
    QVERIFY(resize(all + 20));
    QTRY_COMPARE(toolbar->texts(), FittingToolBar::Texts::All);
    QTRY_VERIFY(allShown() && textShown(restore));
}

void TestFleetWindow::fitsEightHundredBySixHundred()
{
    // With the connections list, the details pane and seven short combos (profile, account and region besides the
    // four of one connection), the window still fits 800×600: the combos give way to a few letters each.
    auto window = makeWindow();
    connectAndLoad(window.get());
    window->resize(800, 600);
    QTRY_COMPARE(window->width(), 800);
    QVERIFY(window->connectionsDock()->isVisible());
    const QSize minimum = window->minimumSizeHint().expandedTo(window->minimumSize());
    QVERIFY2(minimum.width() <= 800, qPrintable(QString::number(minimum.width())));
    QTRY_VERIFY(window->filterBar()->isWrapped());
    int shown = 0;
    for (auto *combo : window->filterBar()->findChildren<QComboBox *>()) {
        if (combo->isEditable() || combo->isHidden())
            continue;
        ++shown;
        QVERIFY2(combo->width() >= combo->minimumWidth(), qPrintable(combo->objectName()));
        // Whole inside the filter bar, not cut off at the window's edge.
        const QRect inBar(combo->mapTo(window->filterBar(), QPoint(0, 0)), combo->size());
        QVERIFY2(window->filterBar()->rect().contains(inBar), qPrintable(combo->objectName()));
    }
    QCOMPARE(shown, 7);
    // The table has the most room of the three (the details pane gave way: it kept 340 px and left the table 230).
    QTRY_VERIFY2(
        window->view()->width() > window->detailsPane()->width(),
        qPrintable(u"table %1 px, details %2"_s.arg(window->view()->width()).arg(window->detailsPane()->width())));
    QVERIFY(window->view()->width() > window->connectionsDock()->width());
    // The Caches tab's pane gives way no further than its buttons need: they were cut off at its edge.
    window->findChild<QTabWidget *>()->setCurrentWidget(window->cachesView());
    CacheDetailsPane *cachePane = window->cachesView()->detailsPane();
    QTRY_VERIFY(cachePane->isVisible() && cachePane->width() > 0);
    for (const QPushButton *button : {cachePane->editButton(), cachePane->showSnapshotsButton()}) {
        const int right = button->mapTo(cachePane, QPoint(button->width(), 0)).x();
        QVERIFY2(right <= cachePane->width(),
                 qPrintable(u"%1 ends at %2 of %3 px"_s.arg(button->text()).arg(right).arg(cachePane->width())));
    }
    // The connections' summary ("5 of 6 listed, 1 not enabled") has the panel's width to itself, not what Retry
    // leaves (four lines at 800×600 under X with a larger font than this test's).
    auto *summary = window->connectionsPanel()->findChild<QLabel *>(u"connectionsSummary"_s);
    QVERIFY(summary);
    QVERIFY2(summary->text().contains(u"not enabled"_s), qPrintable(summary->text()));
    QTRY_COMPARE(summary->width(), window->connectionsPanel()->width());
    QVERIFY2(summary->height() <= 2 * summary->fontMetrics().lineSpacing(),
             qPrintable(QString::number(summary->height())));
}

// The Caches tab lists one connection's caches: the first at start, then the one selected in the connections list,
// and it says whose. It listed the first connection's alone, unnamed: with that connection failing, an operator saw
// an empty tab and an error of a connection they had not asked about.
void TestFleetWindow::cachesTabShowsTheChosenConnection()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    CachesView *caches = window->cachesView();
    auto *name = caches->findChild<QLabel *>(u"cachesConnection"_s);
    QVERIFY(name);
    // Every cache listed is the connection's: its ARN names the connection's region and account.
    const auto listsOnly = [&](int connection) {
        const ConnectionChoice &choice = window->connections().at(connection);
        const QString account = window->model()->connectionLabel(connection).account;
        const CacheTableModel *model = caches->model();
        if (caches->listing()->isLoading() || model->rowCount() == 0)
            return false;
        for (int row = 0; row < model->rowCount(); ++row) {
            const QString arn = model->sourceAt(row).arn;
            if (arn.section(u':', 3, 3) != choice.region || arn.section(u':', 4, 4) != account)
                return false;
        }
        return name->isVisibleTo(caches) && name->text().contains(choice.profile + u" @ "_s + choice.region);
    };
    QCOMPARE(caches->shownConnection(), 0);
    QTRY_VERIFY(listsOnly(0));

    // Another account in another region, chosen in the connections list.
    const int chosen = connectionOf(window.get(), u"staging"_s, kRegions.at(1));
    QVERIFY(chosen > 0);
    QVERIFY(window->model()->connectionLabel(chosen).account != window->model()->connectionLabel(0).account);
    QTreeWidget *list = window->connectionsPanel()->list();
    list->setCurrentItem(list->topLevelItem(chosen));
    QCOMPARE(caches->shownConnection(), chosen);
    QTRY_VERIFY(listsOnly(chosen));

    // "Show its snapshots" shows that connection's snapshots of the source, not another region's of the same name.
    QVERIFY(caches->selectSource(CacheSource::Kind::ReplicationGroup, u"demo-redis-rg"_s));
    auto *show = caches->findChild<QAction *>(u"actionShowCacheSnapshots"_s);
    QVERIFY(show);
    show->trigger();
    QTRY_VERIFY(window->proxy()->rowCount() > 0);
    QTRY_VERIFY(window->proxy()->rowCount() < window->model()->rowCount());
    for (int row = 0; row < window->proxy()->rowCount(); ++row) {
        const int source = window->proxy()->mapToSource(window->proxy()->index(row, 0)).row();
        QCOMPARE(window->model()->connectionOf(source), chosen);
    }
    int elsewhere = 0;
    for (int row = 0; row < window->model()->rowCount(); ++row) {
        const SnapshotEntry &entry = window->model()->snapshotAt(row);
        elsewhere += window->model()->connectionOf(row) != chosen && entry.nodeSnapshot()
            && entry.nodeSnapshot()->replicationGroupId == u"demo-redis-rg"_s;
    }
    QVERIFY2(elsewhere > 0, "no other connection has the group: the filter shows nothing");

    // With none selected, the first again.
    list->setCurrentItem(nullptr);
    QTRY_VERIFY(listsOnly(0));
}

// The Caches tab on a connection whose key AWS refuses: its error, under the line naming it; after Retry (the key
// fixed) it lists that connection's caches through the connection's new client.
void TestFleetWindow::cachesOfAFailedConnectionAfterRetry()
{
    const ConnectionChoice legacy {u"legacy"_s, u"eu-west-1"_s, m_server->url().toString()};
    m_broken.insert(legacy.key());
    auto window = makeWindow();
    connectAndLoad(window.get(), false, fleet() << legacy);
    const int failed = 6;
    CachesView *caches = window->cachesView();
    QTreeWidget *list = window->connectionsPanel()->list();
    list->setCurrentItem(list->topLevelItem(failed));
    QCOMPARE(caches->shownConnection(), failed);
    auto *name = caches->findChild<QLabel *>(u"cachesConnection"_s);
    QVERIFY(name->text().contains(u"legacy @ eu-west-1"_s));
    auto *error = caches->findChild<ErrorBar *>();
    QVERIFY(error);
    QTRY_VERIFY(error->isVisibleTo(caches) && !caches->listing()->isLoading());
    QVERIFY2(error->text().contains(u"SignatureDoesNotMatch"_s), qPrintable(error->text()));
    QCOMPARE(caches->model()->rowCount(), 0);

    m_broken.clear();
    QSignalSpy loaded(window.get(), &MainWindow::loadFinished);
    QTest::mouseClick(window->connectionsPanel()->retryButton(), Qt::LeftButton);
    QVERIFY(loaded.wait(15000));
    QTRY_VERIFY(!caches->listing()->isLoading() && caches->model()->rowCount() > 0);
    QVERIFY(!error->isVisibleTo(caches));
    for (int row = 0; row < caches->model()->rowCount(); ++row) {
        const QString arn = caches->model()->sourceAt(row).arn;
        QCOMPARE(arn.section(u':', 3, 3), u"eu-west-1"_s);
        QCOMPARE(arn.section(u':', 4, 4), kHome);
    }
}

// Enter (or a double-click) on a connection in the list shows only that connection's snapshots: its profile,
// account and region chosen in the filters, on the Snapshots tab.
void TestFleetWindow::aConnectionsSnapshotsOnEnter()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    auto *tabs = window->findChild<QTabWidget *>();
    tabs->setCurrentWidget(window->cachesView());
    const int chosen = connectionOf(window.get(), u"staging"_s, kRegions.at(1));
    QVERIFY(chosen > 0);
    int rowsOfChosen = 0;
    for (int row = 0; row < window->model()->rowCount(); ++row)
        rowsOfChosen += window->model()->connectionOf(row) == chosen;
    QVERIFY(rowsOfChosen > 0 && rowsOfChosen < window->model()->rowCount());

    QTreeWidget *list = window->connectionsPanel()->list();
    list->setCurrentItem(list->topLevelItem(chosen));
    QTest::keyClick(list, Qt::Key_Return);
    QCOMPARE(tabs->currentIndex(), 0);
    QTRY_COMPARE(window->proxy()->rowCount(), rowsOfChosen);
    for (int row = 0; row < window->proxy()->rowCount(); ++row) {
        const int source = window->proxy()->mapToSource(window->proxy()->index(row, 0)).row();
        QCOMPARE(window->model()->connectionOf(source), chosen);
    }
    // Clear filters: every connection's again.
    window->filterBar()->clear();
    QTRY_COMPARE(window->proxy()->rowCount(), window->model()->rowCount());
}

QString TestFleetWindow::restoreThrough(MainWindow *window, int connection)
{
    if (!selectRows(window, {{connection, u"demo-multidb-manual"_s}}))
        return {};
    QAction *restore = window->actions()->restoreAction();
    if (!restore->isEnabled())
        return {};
    restore->trigger();
    RestoreDialog *dialog = waitForChild<RestoreDialog>(
        window, [](RestoreDialog *shown) { return shown->isVisible() && !shown->isLoading(); });
    if (!dialog)
        return {};
    const QString name = dialog->choice().name;
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    if (dialog->choice().target != RestorePlan::Target::CacheCluster || !ok->isEnabled())
        return {};
    QSignalSpy finished(window->actions(), &SnapshotActions::finished);
    QTest::mouseClick(ok, Qt::LeftButton);
    if (!finished.wait(10000) || !finished.constLast().at(1).toBool())
        return {};
    return name;
}

// A restore from another connection's snapshot than the first's: the new cache is made in that connection (its
// account and region) and followed there until available, the notification names the connection, and the Caches
// tab showing that connection has it as the watch describes it. Before, only the first connection's restores were
// followed.
void TestFleetWindow::restoreInAnyConnectionIsFollowed()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    const int target = connectionOf(window.get(), u"staging"_s, kRegions.at(1));
    QVERIFY(target > 0);
    CacheWatch *watch = window->cacheWatchOf(target);
    QVERIFY(watch && watch != window->cacheWatchOf(0));
    watch->setDelays(100, 300, 30000);

    QTreeWidget *list = window->connectionsPanel()->list();
    list->setCurrentItem(list->topLevelItem(target));
    CachesView *caches = window->cachesView();
    QCOMPARE(caches->shownConnection(), target);
    QTRY_VERIFY_WITH_TIMEOUT(caches->listing()->hasListed() && !caches->listing()->isLoading(), 10000);

    QSignalSpy notified(window.get(), &MainWindow::notified);
    const QString name = restoreThrough(window.get(), target);
    QVERIFY(!name.isEmpty());

    QTRY_VERIFY_WITH_TIMEOUT(watch->followed(CacheWatch::Kind::CacheCluster, name).has_value(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(watch->followed(CacheWatch::Kind::CacheCluster, name)->done, 15000);
    const CacheWatch::Followed followed = *watch->followed(CacheWatch::Kind::CacheCluster, name);
    QVERIFY2(followed.ok, qPrintable(followed.message));
    QCOMPARE(followed.arn.section(u':', 3, 4), kRegions.at(1) + u':' + kStaging);
    QVERIFY(m_server->state(kStaging, kRegions.at(1))->cacheCluster(name));
    QVERIFY(!m_server->state(kHome, kRegions.at(1))->cacheCluster(name));
    QVERIFY(!window->cacheWatchOf(0)->followed(CacheWatch::Kind::CacheCluster, name));
    QVERIFY(!notified.isEmpty());
    const QString said = notified.constLast().constFirst().toString();
    QVERIFY2(said.startsWith(u"staging @ %1: "_s.arg(kRegions.at(1))) && said.contains(name + u" is available"_s),
             qPrintable(said));

    // The Caches tab on that connection, listed before the restore, has the new cache from the watch's descriptions:
    // available, restored from the snapshot.
    const auto rowOf = [caches, &name] {
        return caches->model()->rowOf(u"cc/"_s + name);
    };
    QTRY_VERIFY(rowOf() >= 0 && caches->model()->sourceAt(rowOf()).status == u"available"_s);
    QCOMPARE(caches->model()->index(rowOf(), CacheTableModel::RestoredFromColumn).data().toString(),
             u"demo-multidb-manual"_s);
}

// The Caches tab shows the notes of the watch of the connection it lists: a cache being restored through another
// connection than the first is "following" on that connection's tab, and the note comes back with the connection
// after another one was shown (the notes are cleared when the tab changes connection).
void TestFleetWindow::followNotesGoWithTheirConnection()
{
    startServer(600); // the restored cache stays "creating"
    auto window = makeWindow();
    connectAndLoad(window.get());
    const int target = connectionOf(window.get(), u"staging"_s, kRegions.at(1));
    QVERIFY(target > 0);
    window->cacheWatchOf(target)->setDelays(100, 300, 600000);
    QTreeWidget *list = window->connectionsPanel()->list();
    CachesView *caches = window->cachesView();
    const auto show = [&](int connection) {
        list->setCurrentItem(list->topLevelItem(connection));
        return caches->shownConnection() == connection && QTest::qWaitFor([&] {
                   return caches->listing()->hasListed() && !caches->listing()->isLoading()
                       && !caches->model()->isApplyingSources();
               });
    };
    QVERIFY(show(target));

    const QString name = restoreThrough(window.get(), target);
    QVERIFY(!name.isEmpty());
    const auto note = [&] {
        const int row = caches->model()->rowOf(u"cc/"_s + name);
        return row < 0 ? u"(not listed)"_s : caches->model()->followNoteAt(row);
    };
    QTRY_COMPARE(note(), u"following"_s);
    QCOMPARE(caches->model()->sourceAt(caches->model()->rowOf(u"cc/"_s + name)).status, u"creating"_s);

    QVERIFY(show(0));
    QCOMPARE(note(), u"(not listed)"_s);
    QVERIFY(show(target));
    QTRY_COMPARE(note(), u"following"_s);
}

// A connection's state changes with what the window shows (its phase, its rows merged), not with every page the
// inventory hands over (the connections list and the status bar were repainted for each page): whenever it
// changes, the count it gives is the connection's rows in the table.
void TestFleetWindow::connectionStatesChangeWithMergesNotPages()
{
    auto window = makeWindow();
    QSignalSpy loaded(window.get(), &MainWindow::loadFinished);
    QStringList mismatches;
    int listingChanges = 0;
    QObject watching; // ends the connection before the locals it writes to go
    connect(window->listing(), &SnapshotListing::connectionStateChanged, &watching, [&](int connection) {
        const FleetConnectionState state = window->listing()->state(connection);
        if (state.phase != FleetConnectionState::Phase::Listing)
            return;
        ++listingChanges;
        qint64 rows = 0;
        for (int row = 0; row < window->model()->rowCount(); ++row)
            rows += window->model()->connectionOf(row) == connection ? 1 : 0;
        if (state.snapshots != rows)
            mismatches.append(u"connection %1: %2 listed, %3 rows"_s.arg(connection).arg(state.snapshots).arg(rows));
    });
    window->connectToSet(fleet());
    QVERIFY(loaded.wait(15000));
    QVERIFY(listingChanges > 0);
    QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.join(u"; "_s)));
}

QTEST_MAIN(TestFleetWindow)
#include "tst_fleetwindow.moc"
