// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later

// The main window end to end, against an in-process sandbox over loopback HTTP: loading, filtering, the
// create / copy / export / delete actions through their dialogs, live status, failures and persistence.

#include "connections.h"
#include "copysnapshotdialog.h"
#include "createsnapshotdialog.h"
#include "credentialchain.h"
#include "deletesnapshotdialog.h"
#include "detailspane.h"
#include "ec2client.h"
#include "errorbar.h"
#include "exportsnapshotdialog.h"
#include "filterbar.h"
#include "filterchoicemodel.h"
#include "mainwindow.h"
#include "rowtableview.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "snapshotactions.h"
#include "snapshotfilterproxymodel.h"
#include "snapshotlisting.h"
#include "snapshotstatuspoller.h"
#include "snapshottablemodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFocusEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace Qt::StringLiterals;

using namespace std::chrono_literals;

class TestMainWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void loadsEverySnapshot();
    void filtersCombine();
    void filterChoicesPreparedApart();
    void createCopyExportDelete();
    void serverlessCreateAndDelete();
    void mergesALongListingInSlices();
    void countsDoNotLayOutTheWindow();
    void failedListingShowsErrorAndRetries();
    void refreshKeepsSelectionAndUpdatesInPlace();
    void invalidCreateNameKeepsOkDisabled();
    void settingsPersist();
    void menusAndAbout();
    void environmentCredentialsSurviveARegionSwitch();
    void ec2ClientFollowsTheConnection();
    void countAndDeleteStateAfterDelete();
    void exportDialogStaysOpenOnError();
    void serverlessExportTwice();
    void shardSlotsShown();
    void createOffersGroupNotItsNodes();

private:
    std::unique_ptr<MainWindow> makeWindow(bool restoreSettings = false, qsizetype maxMergeRows = 0);
    void connectAndLoad(MainWindow *window);
    template<typename Dialog> Dialog *waitForDialog(MainWindow *window);
    static void clickOk(QDialog *dialog);
    static QStringList shownNames(const MainWindow *window);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SandboxServer> m_server;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings and data folders under ~/.qttest, not the user's
    QCoreApplication::setOrganizationName(u"CacheSnapTest"_s);
    QCoreApplication::setApplicationName(u"tst_mainwindow"_s);
}

void TestMainWindow::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(m_dir->filePath(u"s3/exports-bucket"_s)));
    SandboxConfig config;
    config.seed = 7;
    config.seedSnapshots = 60;
    config.s3Root = m_dir->filePath(u"s3"_s);
    config.snapshotCreateSeconds = 0.6;
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

void TestMainWindow::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

std::unique_ptr<MainWindow> TestMainWindow::makeWindow(bool restoreSettings, qsizetype maxMergeRows)
{
    MainWindow::Options options;
    options.resolver = Connections::sandboxResolver(
        {m_server->url(), m_server->region(), m_server->accessKeyId(), m_server->secretAccessKey(), {}});
    options.sandboxUrl = m_server->url().toString();
    options.regions = {m_server->region()};
    options.restoreSettings = restoreSettings;
    if (maxMergeRows > 0)
        options.maxMergeRows = maxMergeRows;
    auto window = std::make_unique<MainWindow>(options);
    window->resize(1400, 800);
    window->show();
    window->poller()->setDelays(100, 300, 30000);
    return window;
}

void TestMainWindow::connectAndLoad(MainWindow *window)
{
    QSignalSpy loaded(window, &MainWindow::loadFinished);
    window->connectTo({u"sandbox"_s, m_server->region(), m_server->url().toString()});
    QVERIFY(loaded.wait(15000));
    QCOMPARE(loaded.first().first().toBool(), true);
}

template<typename Dialog> Dialog *TestMainWindow::waitForDialog(MainWindow *window)
{
    Dialog *dialog = nullptr;
    const bool found = QTest::qWaitFor(
        [&] {
            dialog = window->findChild<Dialog *>();
            return dialog && dialog->isVisible();
        },
        5000);
    return found ? dialog : nullptr;
}

void TestMainWindow::clickOk(QDialog *dialog)
{
    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    QVERIFY(buttons);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    QVERIFY(ok);
    QVERIFY2(ok->isEnabled(), "the dialog's OK button is disabled");
    QTest::mouseClick(ok, Qt::LeftButton);
}

QStringList TestMainWindow::shownNames(const MainWindow *window)
{
    QStringList names;
    const QAbstractItemModel *proxy = window->proxy();
    for (int row = 0; row < proxy->rowCount(); ++row)
        names.append(proxy->index(row, SnapshotTableModel::NameColumn).data().toString());
    return names;
}

// A listing longer than a slice is merged over several turns of the event loop; it is complete (and a refresh
// removes what the service no longer lists) only once every slice is in.
void TestMainWindow::mergesALongListingInSlices()
{
    auto window = makeWindow(false, 7);
    QAbstractItemModelTester proxyTester(window->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(window->model(), &QAbstractItemModel::rowsInserted);
    // What the service lists: its node-based and serverless snapshots.
    const auto served = [this] {
        return m_server->state()->snapshotCount() + m_server->state()->serverlessSnapshotCount();
    };
    connectAndLoad(window.get());
    const int expected = served();
    QCOMPARE(window->model()->rowCount(), expected);
    QVERIFY2(inserted.count() >= expected / 7, qPrintable(QString::number(inserted.count())));
    QVERIFY(window->statusText().contains(u"refreshed at"));

    // The service forgets a manual snapshot; the next refresh, again in slices, drops its row and only it.
    const QString gone = u"demo-before-upgrade"_s;
    QVERIFY(window->model()->rowOf(SnapshotEntry::Kind::NodeBased, gone) >= 0);
    DeleteSnapshotRequest request;
    request.snapshotName = gone;
    QVERIFY(m_server->state()->deleteSnapshot(request));
    QTRY_COMPARE_WITH_TIMEOUT(served(), expected - 1, 15000);
    // A seeded snapshot that was deleting may finish before, or while, the refresh lists its page (a slow, e.g.
    // sanitized, run takes seconds for either), so the rows are what the service listed at some moment in between.
    const int before = served();
    QVERIFY(before <= expected - 1);
    QSignalSpy loaded(window.get(), &MainWindow::loadFinished);
    window->listing()->refresh();
    QVERIFY(loaded.wait(15000));
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(window->model()->rowOf(SnapshotEntry::Kind::NodeBased, gone), -1);
    const int after = served();
    const int rows = window->model()->rowCount();
    QVERIFY2(
        after <= rows && rows <= before,
        qPrintable(u"%1 rows, the service had %2 before the refresh and %3 after"_s.arg(rows).arg(before).arg(after)));
}

namespace {
// Counts the layout requests a widget receives.
class LayoutRequests final : public QObject
{
public:
    int count = 0;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        count += event->type() == QEvent::LayoutRequest;
        return false;
    }
};
} // namespace

// The status bar's count changes with every merge; the window is not laid out again for each (a layout of the
// whole window cost 25-60 ms at a million rows, one per merge).
void TestMainWindow::countsDoNotLayOutTheWindow()
{
    auto window = makeWindow(false, 3);
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QTest::qWait(100); // the first layouts of a new window
    LayoutRequests requests;
    window->installEventFilter(&requests);
    QStringList counts;
    connect(window->model(), &QAbstractItemModel::rowsInserted, this,
            [&] { counts.append(window->statusText().section(u" · "_s, 0, 0)); });
    connectAndLoad(window.get());
    counts.removeDuplicates();
    QVERIFY2(counts.size() >= 15, qPrintable(counts.join(u", "_s)));
    // A few remain: the progress bar shown and hidden, the time of the listing, a count gaining a digit.
    QVERIFY2(requests.count <= counts.size() / 3, qPrintable(QString::number(requests.count)));
}

void TestMainWindow::loadsEverySnapshot()
{
    auto window = makeWindow();
    QAbstractItemModelTester modelTester(window->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(window->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    connectAndLoad(window.get());

    const int expected = m_server->state()->snapshotCount() + m_server->state()->serverlessSnapshotCount();
    QVERIFY(expected > 50); // more than one page of each listing
    QCOMPARE(window->model()->rowCount(), expected);
    QCOMPARE(window->proxy()->rowCount(), expected);
    QVERIFY(window->windowTitle().contains(u"CacheSnap"));
    QVERIFY(window->windowTitle().contains(u"sandbox"));
    QVERIFY2(window->statusText().contains(QLocale().toString(expected) + u" snapshots"_s),
             qPrintable(window->statusText()));
    QVERIFY(window->statusText().contains(u"refreshed at"));
    QVERIFY(window->listing()->lastCompleted().isValid());

    // Both kinds, side by side.
    bool node = false;
    bool serverless = false;
    for (const SnapshotEntry &entry : window->model()->snapshots()) {
        node |= entry.kind() == SnapshotEntry::Kind::NodeBased;
        serverless |= entry.kind() == SnapshotEntry::Kind::Serverless;
    }
    QVERIFY(node && serverless);

    // The details pane follows the selection.
    QVERIFY(window->actions()->selectSnapshot(SnapshotEntry::Kind::NodeBased, u"demo-before-upgrade"_s));
    QCOMPARE(window->detailsPane()->snapshot().name(), u"demo-before-upgrade"_s);
    QCOMPARE(window->detailsPane()->valueOf(u"Cache cluster"_s), u"demo-redis-001"_s);
}

void TestMainWindow::filtersCombine()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    const int total = window->model()->rowCount();

    auto *search = window->findChild<QLineEdit *>(u"searchEdit"_s);
    QVERIFY(search);
    search->setFocus();
    QTest::keyClicks(search, u"DEMO"_s); // case-insensitive
    QTRY_VERIFY(window->proxy()->rowCount() < total);
    const QStringList demo = shownNames(window.get());
    QVERIFY(!demo.isEmpty());
    for (const SnapshotEntry &entry : window->model()->snapshots()) {
        const bool matches = entry.name().contains(u"demo") || entry.cluster().contains(u"demo")
            || entry.replicationGroup().contains(u"demo") || entry.serverlessCache().contains(u"demo")
            || entry.arn().contains(u"demo");
        QCOMPARE(demo.contains(entry.name()), matches);
    }
    QVERIFY2(window->statusText().startsWith(u"Showing %1 of %2"_s.arg(demo.size()).arg(total)),
             qPrintable(window->statusText()));

    // Combined with the source filter: manual demo snapshots only.
    auto *source = window->findChild<QComboBox *>(u"sourceFilter"_s);
    QVERIFY(source);
    source->setCurrentIndex(source->findData(int(SnapshotFilter::SourceFilter::Manual)));
    const QStringList manualDemo = shownNames(window.get());
    QVERIFY(!manualDemo.isEmpty());
    QVERIFY(manualDemo.size() < demo.size());
    for (int row = 0; row < window->proxy()->rowCount(); ++row) {
        const QModelIndex index = window->proxy()->mapToSource(window->proxy()->index(row, 0));
        QVERIFY(!window->model()->snapshotAt(index.row()).isAutomatic());
    }

    // The cluster combo is filled from the listing with counts and narrows further.
    auto *cluster = window->findChild<QComboBox *>(u"clusterFilter"_s);
    QVERIFY(cluster);
    QTRY_VERIFY(cluster->findData(u"demo-redis-001"_s) > 0); // refilled on a turn of the event loop after the load
    const int demoCluster = cluster->findData(u"demo-redis-001"_s);
    QVERIFY(cluster->itemText(demoCluster).startsWith(u"demo-redis-001 ("));
    cluster->setCurrentIndex(demoCluster);
    QCOMPARE(shownNames(window.get()), QStringList {u"demo-before-upgrade"_s});

    // One action clears them all.
    window->filterBar()->clear();
    QCOMPARE(window->proxy()->rowCount(), total);
    QCOMPARE(search->text(), QString());
    QCOMPARE(cluster->currentIndex(), 0);
    QCOMPARE(source->currentIndex(), 0);
}

// The cluster and group combos list the ids with snapshots and their counts, serverless caches marked, also when
// their choices are prepared on a worker thread; the current choice stays listed when it has no snapshots left.
void TestMainWindow::filterChoicesPreparedApart()
{
    auto window = makeWindow();
    window->filterBar()->setChoicesApartFrom(0);
    connectAndLoad(window.get());
    auto *cluster = window->findChild<QComboBox *>(u"clusterFilter"_s);
    auto *group = window->findChild<QComboBox *>(u"groupFilter"_s);
    QVERIFY(cluster && group);
    const QHash<QString, int> clusters = window->model()->clusterCounts();
    const QHash<QString, int> groups = window->model()->replicationGroupCounts();
    QTRY_COMPARE(cluster->count(), 1 + clusters.size());
    QTRY_COMPARE(group->count(), 1 + groups.size());
    QString previous;
    int serverless = 0;
    for (int i = 1; i < cluster->count(); ++i) {
        const QString id = cluster->itemData(i).toString();
        QVERIFY2(previous < id, qPrintable(id)); // sorted
        previous = id;
        QVERIFY2(cluster->itemText(i).startsWith(u"%1 (%2"_s.arg(id).arg(clusters.value(id))),
                 qPrintable(cluster->itemText(i)));
        const bool isServerless = window->model()->serverlessCacheCounts().value(id) == clusters.value(id);
        QCOMPARE(cluster->itemText(i).endsWith(u", serverless)"_s), isServerless);
        serverless += isServerless ? 1 : 0;
    }
    QVERIFY(serverless > 0);
    for (int i = 1; i < group->count(); ++i)
        QVERIFY(groups.contains(group->itemData(i).toString()));

    // Refilled after a refresh, the current choice kept.
    const int chosen = cluster->findData(u"demo-redis-001"_s);
    QVERIFY(chosen > 0);
    cluster->setCurrentIndex(chosen);
    QSignalSpy loaded(window.get(), &MainWindow::loadFinished);
    window->listing()->refresh();
    QVERIFY(loaded.wait(15000));
    QTest::qWait(600); // the refill's timer and its worker
    QCOMPARE(cluster->currentData().toString(), u"demo-redis-001"_s);
    QCOMPARE(cluster->count(), 1 + clusters.size());
    // Not being edited, a combo shows the start of its text, however narrow it is (a line edit shows its cursor,
    // which setting the text puts at the end).
    QCOMPARE(group->currentText(), u"All replication groups"_s);
    QCOMPARE(group->lineEdit()->cursorPosition(), 0);
    QVERIFY(cluster->currentText().startsWith(u"demo-redis-001"_s));
    QCOMPARE(cluster->lineEdit()->cursorPosition(), 0);
    group->setEditText(u"no such group"_s);
    Q_EMIT group->lineEdit()->editingFinished(); // as when focus leaves it: the current choice comes back
    QCOMPARE(group->currentText(), u"All replication groups"_s);
    QCOMPARE(group->lineEdit()->cursorPosition(), 0);
    // Tabbed through (Tab selects all, which puts the cursor at the end): the start again once focus moves on,
    // but not when a popup (the completer's) or another window takes it.
    group->lineEdit()->end(false);
    QFocusEvent toPopup(QEvent::FocusOut, Qt::PopupFocusReason);
    QApplication::sendEvent(group, &toPopup);
    QCoreApplication::processEvents();
    QCOMPARE(group->lineEdit()->cursorPosition(), group->currentText().size());
    QFocusEvent tabbedOn(QEvent::FocusOut, Qt::TabFocusReason);
    QApplication::sendEvent(group, &tabbedOn);
    QTRY_COMPARE(group->lineEdit()->cursorPosition(), 0);

    // A choice the counts no longer have stays listed, with none.
    FilterChoiceModel choices(u"All clusters"_s);
    QVERIFY(choices.setChoices(FilterChoiceModel::prepare({{u"b"_s, 2}, {u"a"_s, 1}, {u"c"_s, 3}}), u"bb"_s));
    QCOMPARE(choices.rowCount(), 5);
    QCOMPARE(choices.rowOf(u"bb"_s), 3);
    QVERIFY(choices.data(choices.index(3)).toString().startsWith(u"bb (0"_s));
    QCOMPARE(choices.rowOf(u"c"_s), 4);
    QVERIFY(!choices.setChoices(FilterChoiceModel::prepare({{u"b"_s, 2}, {u"a"_s, 1}, {u"c"_s, 3}}), u"bb"_s));
    QVERIFY(choices.setChoices(FilterChoiceModel::prepare({{u"b"_s, 2}, {u"a"_s, 1}, {u"c"_s, 3}}), u"a"_s));
    QCOMPARE(choices.rowCount(), 4);
}

void TestMainWindow::createCopyExportDelete()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    const int before = window->model()->rowCount();
    QSignalSpy actions(window.get(), &MainWindow::actionFinished);
    QSignalSpy notifications(window.get(), &MainWindow::notified);

    // Create: pick the cluster, type a name (with capitals: the service stores it lowercase).
    window->actions()->createSnapshot();
    auto *create = waitForDialog<CreateSnapshotDialog>(window.get());
    QVERIFY(create);
    create->selectSource(SnapshotSource::Type::CacheCluster, u"demo-redis-001"_s);
    QCOMPARE(create->sourceId(), u"demo-redis-001"_s);
    auto *name = create->findChild<QLineEdit *>(u"name"_s);
    QVERIFY(name);
    name->selectAll();
    QTest::keyClicks(name, u"E2E-Before-Maintenance"_s);
    clickOk(create);
    QVERIFY(actions.wait(10000));
    QCOMPARE(actions.last().at(0).toString(), u"create"_s);
    QCOMPARE(actions.last().at(1).toBool(), true);
    const QString created = u"e2e-before-maintenance"_s;
    int row = window->model()->rowOf(SnapshotEntry::Kind::NodeBased, created);
    QVERIFY(row >= 0);
    QCOMPARE(window->model()->rowCount(), before + 1);
    QCOMPARE(window->model()->snapshotAt(row).status(), SnapshotEntry::Status::Creating);
    QCOMPARE(window->actions()->selectedSnapshots().value(0).name(), created); // the new row is selected
    // Live status: the row turns available without a refresh, and a notification says so.
    QTRY_COMPARE_WITH_TIMEOUT(
        window->model()->snapshotAt(window->model()->rowOf(SnapshotEntry::Kind::NodeBased, created)).status(),
        SnapshotEntry::Status::Available, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(!notifications.isEmpty(), 5000);
    QVERIFY2(notifications.last().first().toString().contains(u"finished"),
             qPrintable(notifications.last().first().toString()));
    QCOMPARE(m_server->state()->snapshot(created)->snapshotStatus, u"available"_s);

    // Copy the new snapshot.
    QVERIFY(window->actions()->selectSnapshot(SnapshotEntry::Kind::NodeBased, created));
    window->actions()->copySelected();
    auto *copy = waitForDialog<CopySnapshotDialog>(window.get());
    QVERIFY(copy);
    QCOMPARE(copy->source().name(), created);
    auto *target = copy->findChild<QLineEdit *>(u"targetName"_s);
    QVERIFY(target);
    target->selectAll();
    QTest::keyClicks(target, u"e2e-copy"_s);
    clickOk(copy);
    QTRY_VERIFY_WITH_TIMEOUT(window->model()->rowOf(SnapshotEntry::Kind::NodeBased, u"e2e-copy"_s) >= 0, 10000);
    QCOMPARE(actions.last().at(0).toString(), u"copy"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        window->model()->snapshotAt(window->model()->rowOf(SnapshotEntry::Kind::NodeBased, u"e2e-copy"_s)).status(),
        SnapshotEntry::Status::Available, 15000);
    QVERIFY(m_server->state()->snapshot(u"e2e-copy"_s));

    // Export the copy to the bucket: one object per node snapshot appears in the sandbox's S3.
    QVERIFY(window->actions()->selectSnapshot(SnapshotEntry::Kind::NodeBased, u"e2e-copy"_s));
    window->actions()->exportSelected();
    auto *exportDialog = waitForDialog<ExportSnapshotDialog>(window.get());
    QVERIFY(exportDialog);
    auto *bucket = exportDialog->findChild<QLineEdit *>(u"bucket"_s);
    QVERIFY(bucket);
    bucket->selectAll();
    QTest::keyClicks(bucket, u"exports-bucket"_s);
    auto *exportTarget = exportDialog->findChild<QLineEdit *>(u"targetName"_s);
    QVERIFY(exportTarget);
    exportTarget->selectAll();
    QTest::keyClicks(exportTarget, u"e2e-export"_s);
    const QStringList objects = exportDialog->objectNames();
    QCOMPARE(objects, QStringList {u"e2e-export-0001.rdb"_s});
    clickOk(exportDialog);
    QTRY_VERIFY_WITH_TIMEOUT(!actions.isEmpty() && actions.last().at(0).toString() == u"export"_s, 10000);
    QCOMPARE(actions.last().at(1).toBool(), true);
    const QString object = m_dir->filePath(u"s3/exports-bucket/e2e-export-0001.rdb"_s);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(object), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(notifications.last().first().toString().contains(u"s3://exports-bucket"), 15000);
    // The bucket is remembered for this connection and region.
    window->actions()->exportSelected();
    exportDialog = waitForDialog<ExportSnapshotDialog>(window.get());
    QVERIFY(exportDialog);
    QCOMPARE(exportDialog->bucket(), u"exports-bucket"_s);
    exportDialog->reject();

    // Delete both: one confirmation naming them; the rows go once the service has deleted them.
    QTRY_COMPARE_WITH_TIMEOUT(
        window->model()->snapshotAt(window->model()->rowOf(SnapshotEntry::Kind::NodeBased, u"e2e-copy"_s)).status(),
        SnapshotEntry::Status::Available, 15000);
    QVERIFY(window->actions()->selectSnapshot(SnapshotEntry::Kind::NodeBased, created));
    const QModelIndex copyIndex = window->proxy()->mapFromSource(
        window->model()->index(window->model()->rowOf(SnapshotEntry::Kind::NodeBased, u"e2e-copy"_s), 0));
    window->view()->selectionModel()->select(copyIndex, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QCOMPARE(window->actions()->selectedSnapshots().size(), 2);
    window->actions()->deleteSelected();
    auto *confirm = waitForDialog<DeleteSnapshotDialog>(window.get());
    QVERIFY(confirm);
    QCOMPARE(QSet<QString>(confirm->names().cbegin(), confirm->names().cend()),
             (QSet<QString> {created, u"e2e-copy"_s}));
    QCOMPARE(confirm->deleteButton()->text(), u"Delete 2 snapshots"_s);
    QTest::mouseClick(confirm->deleteButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(window->model()->rowOf(SnapshotEntry::Kind::NodeBased, created) < 0, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(window->model()->rowOf(SnapshotEntry::Kind::NodeBased, u"e2e-copy"_s) < 0, 15000);
    QVERIFY(!m_server->state()->snapshot(created));
    QVERIFY(!m_server->state()->snapshot(u"e2e-copy"_s));
    QCOMPARE(window->model()->rowCount(), before);
}

void TestMainWindow::serverlessCreateAndDelete()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    QSignalSpy actions(window.get(), &MainWindow::actionFinished);

    window->actions()->createSnapshot();
    auto *create = waitForDialog<CreateSnapshotDialog>(window.get());
    QVERIFY(create);
    create->selectSource(SnapshotSource::Type::ServerlessCache, u"demo-serverless"_s);
    QCOMPARE(create->sourceType(), SnapshotSource::Type::ServerlessCache);
    auto *name = create->findChild<QLineEdit *>(u"name"_s);
    name->selectAll();
    QTest::keyClicks(name, u"e2e-serverless"_s);
    clickOk(create);
    QVERIFY(actions.wait(10000));
    QCOMPARE(actions.last().at(1).toBool(), true);
    QTRY_COMPARE_WITH_TIMEOUT(
        window->model()
            ->snapshotAt(window->model()->rowOf(SnapshotEntry::Kind::Serverless, u"e2e-serverless"_s))
            .status(),
        SnapshotEntry::Status::Available, 15000);

    QVERIFY(window->actions()->selectSnapshot(SnapshotEntry::Kind::Serverless, u"e2e-serverless"_s));
    window->actions()->deleteSelected();
    auto *confirm = waitForDialog<DeleteSnapshotDialog>(window.get());
    QVERIFY(confirm);
    QCOMPARE(confirm->names(), QStringList {u"e2e-serverless"_s});
    // Escape cancels and deletes nothing.
    QTest::keyClick(confirm, Qt::Key_Escape);
    QTRY_VERIFY(!confirm->isVisible() || confirm->result() == QDialog::Rejected);
    QTest::qWait(200);
    QVERIFY(m_server->state()->serverlessSnapshot(u"e2e-serverless"_s));

    window->actions()->deleteSelected();
    confirm = waitForDialog<DeleteSnapshotDialog>(window.get());
    QVERIFY(confirm);
    QTest::mouseClick(confirm->deleteButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(window->model()->rowOf(SnapshotEntry::Kind::Serverless, u"e2e-serverless"_s) < 0, 15000);
    QVERIFY(!m_server->state()->serverlessSnapshot(u"e2e-serverless"_s));
}

void TestMainWindow::failedListingShowsErrorAndRetries()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    const int total = window->model()->rowCount();

    // Every request now fails with a 500 (after the client's retries): the error shows in the window,
    // the rows already listed stay, and nothing claims the list is complete.
    m_server->setFaults(0, 0, 1.0, 0, 0);
    QSignalSpy loaded(window.get(), &MainWindow::loadFinished);
    window->listing()->refresh();
    QVERIFY(loaded.wait(30000));
    QCOMPARE(loaded.last().first().toBool(), false);
    ErrorBar *bar = window->errorBar();
    QVERIFY(bar->isVisible());
    QVERIFY2(bar->text().contains(u"InternalFailure") || bar->text().contains(u"ServiceUnavailable"),
             qPrintable(bar->text()));
    QCOMPARE(window->model()->rowCount(), total);

    // Retry from the bar once the service is healthy again.
    m_server->setFaults(0, 0, 0, 0, 0);
    auto *retry = bar->findChild<QPushButton *>(u"retryButton"_s);
    QVERIFY(retry && retry->isVisible());
    QTest::mouseClick(retry, Qt::LeftButton);
    QVERIFY(loaded.wait(15000));
    QCOMPARE(loaded.last().first().toBool(), true);
    QVERIFY(!bar->isVisible());
    // Complete again: exactly what the service holds. A seeded deletion may finish just after the listing read its
    // snapshot (the sanitizer build is slow enough for that): the next refresh then lists it gone.
    const auto held = [this] {
        return m_server->state()->snapshotCount() + m_server->state()->serverlessSnapshotCount();
    };
    for (int attempt = 0; attempt < 3 && window->model()->rowCount() != held(); ++attempt) {
        window->listing()->refresh();
        QVERIFY(loaded.wait(15000));
        QCOMPARE(loaded.last().first().toBool(), true);
    }
    QCOMPARE(window->model()->rowCount(), held());
    const int now = window->model()->rowCount();

    // A truncated answer is an error too, never a silently short list.
    m_server->setFaults(0, 0, 0, 0, 1.0);
    window->listing()->refresh();
    QVERIFY(loaded.wait(30000));
    QCOMPARE(loaded.last().first().toBool(), false);
    QVERIFY(bar->isVisible());
    QCOMPARE(window->model()->rowCount(), now);
}

void TestMainWindow::refreshKeepsSelectionAndUpdatesInPlace()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    QVERIFY(window->actions()->selectSnapshot(SnapshotEntry::Kind::NodeBased, u"demo-before-upgrade"_s));
    const int total = window->model()->rowCount();
    QSignalSpy resets(window->model(), &QAbstractItemModel::modelReset);

    // Something changed on the service side: a snapshot is deleted behind the app's back.
    const QString victim = [&] {
        for (const SnapshotEntry &entry : window->model()->snapshots()) {
            if (entry.kind() == SnapshotEntry::Kind::NodeBased && !entry.isAutomatic()
                && entry.name() != u"demo-before-upgrade" && entry.status() == SnapshotEntry::Status::Available)
                return entry.name();
        }
        return QString();
    }();
    QVERIFY(!victim.isEmpty());
    QVERIFY(m_server->state()->snapshot(victim));
    ElastiCacheClient *client = window->client();
    DeleteSnapshotRequest request;
    request.snapshotName = victim;
    QSignalSpy deleted(client->deleteSnapshot(request), &SnapshotJob::finished);
    QVERIFY(deleted.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(!m_server->state()->snapshot(victim), 10000);

    QSignalSpy loaded(window.get(), &MainWindow::loadFinished);
    window->listing()->refresh();
    QVERIFY(loaded.wait(15000));
    QCOMPARE(resets.count(), 0); // merged, not reset
    QCOMPARE(window->model()->rowCount(), total - 1);
    QVERIFY(window->model()->rowOf(SnapshotEntry::Kind::NodeBased, victim) < 0);
    const QList<SnapshotEntry> selected = window->actions()->selectedSnapshots();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().name(), u"demo-before-upgrade"_s);
}

void TestMainWindow::invalidCreateNameKeepsOkDisabled()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    window->actions()->createSnapshot();
    auto *create = waitForDialog<CreateSnapshotDialog>(window.get());
    QVERIFY(create);
    auto *name = create->findChild<QLineEdit *>(u"name"_s);
    QVERIFY(name);
    QVERIFY2(create->isValid(), qPrintable(create->validationMessage())); // the suggested default is valid
    QPushButton *ok = create->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    name->selectAll();
    QTest::keyClicks(name, u"Demo-Before-Upgrade"_s); // exists already, in another case
    QVERIFY(!ok->isEnabled());
    QVERIFY(!create->validationMessage().isEmpty());
    name->selectAll();
    QTest::keyClicks(name, u"1-starts-with-a-digit"_s);
    QVERIFY(!ok->isEnabled());
    name->selectAll();
    QTest::keyClicks(name, u"fine-name"_s);
    QVERIFY(ok->isEnabled());
    create->reject();
}

void TestMainWindow::settingsPersist()
{
    {
        auto window = makeWindow(true);
        connectAndLoad(window.get());
        auto *source = window->findChild<QComboBox *>(u"sourceFilter"_s);
        source->setCurrentIndex(source->findData(int(SnapshotFilter::SourceFilter::Automatic)));
        auto *search = window->findChild<QLineEdit *>(u"searchEdit"_s);
        QTest::keyClicks(search, u"demo-redis"_s);
        QTRY_COMPARE(window->proxy()->filter().text(), u"demo-redis"_s);
        window->view()->header()->setSectionHidden(SnapshotTableModel::EngineColumn, true);
        window->close(); // saves
    }
    // No secret is ever written to the settings.
    QFile file(QSettings().fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QVERIFY(!written.contains(m_server->secretAccessKey().toUtf8()));

    // The columns come back; the filters do not (a fresh start shows every snapshot, see the README).
    auto window = makeWindow(true);
    QVERIFY(window->proxy()->filter().isEmpty());
    QCOMPARE(window->findChild<QLineEdit *>(u"searchEdit"_s)->text(), QString());
    QCOMPARE(window->findChild<QComboBox *>(u"sourceFilter"_s)->currentIndex(), 0);
    QVERIFY(window->view()->header()->isSectionHidden(SnapshotTableModel::EngineColumn));
    connectAndLoad(window.get());
    QVERIFY(window->proxy()->rowCount() > 0);
    QCOMPARE(window->proxy()->rowCount(), window->model()->rowCount());
    // The sandbox is not remembered as the user's last real connection.
    QVERIFY(!Connections::lastConnection().has_value());
}

void TestMainWindow::menusAndAbout()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    // Every action is in a menu as well, with its shortcut; the sandbox has one connection only.
    auto *connections = window->findChild<QAction *>(u"actionConnections"_s);
    QVERIFY(connections);
    QVERIFY(!connections->isEnabled());
    for (const QString &name : {u"actionRefresh"_s, u"actionCreate"_s, u"actionCopy"_s, u"actionExport"_s,
                                u"actionDelete"_s, u"actionFind"_s, u"actionClearFilters"_s}) {
        auto *action = window->findChild<QAction *>(name);
        QVERIFY2(action, qPrintable(name));
        QVERIFY2(!action->shortcut().isEmpty(), qPrintable(name));
        QVERIFY2(!action->associatedObjects().isEmpty(), qPrintable(name));
    }
    auto *about = window->findChild<QAction *>(u"actionAbout"_s);
    QVERIFY(about);
    about->trigger();
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = window->findChild<QMessageBox *>(u"aboutBox"_s)) && box->isVisible());
    QVERIFY(box->text().contains(QStringLiteral(CACHESNAP_VERSION)));
    box->close();
}

QTEST_MAIN(TestMainWindow)
// Only AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION and no ~/.aws, through the real credential chain:
// the environment is a connection of its own, and a region switch keeps its keys (never "default" as a profile).
void TestMainWindow::environmentCredentialsSurviveARegionSwitch()
{
    QTemporaryDir home;
    const QByteArray savedHome = qgetenv("HOME");
    qputenv("HOME", QFile::encodeName(home.path()));
    const QList<QByteArray> names
        = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION",      "AWS_ENDPOINT_URL_ELASTICACHE",
           "AWS_PROFILE",       "AWS_DEFAULT_REGION",    "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"};
    for (const QByteArray &name : names)
        qunsetenv(name.constData());
    qputenv("AWS_ACCESS_KEY_ID", m_server->accessKeyId().toUtf8());
    qputenv("AWS_SECRET_ACCESS_KEY", m_server->secretAccessKey().toUtf8());
    qputenv("AWS_REGION", m_server->region().toUtf8());
    qputenv("AWS_ENDPOINT_URL_ELASTICACHE", m_server->url().toString().toUtf8());
    const auto restore = qScopeGuard([&] {
        for (const QByteArray &name : names)
            qunsetenv(name.constData());
        qputenv("HOME", savedHome);
    });
    QVERIFY(!QFile::exists(home.filePath(u".aws"_s)));

    MainWindow::Options options;
    options.resolver = Connections::credentialChainResolver();
    options.profiles = Connections::profileNames();
    options.regions = Connections::regionNames();
    options.environmentConnection = CredentialChain::environmentHasKeys();
    options.restoreSettings = false;
    QVERIFY(options.environmentConnection);
    QVERIFY2(!options.profiles.contains(u"default"_s), qPrintable(options.profiles.join(u", ")));
    MainWindow window(options);
    window.show();
    QSignalSpy loaded(&window, &MainWindow::loadFinished);
    window.connectTo(Connections::startChoice(std::nullopt));
    QVERIFY(loaded.wait(15000));
    QCOMPARE(loaded.last().first().toBool(), true);
    auto *profileCombo = window.findChild<QComboBox *>(u"profileCombo"_s);
    auto *regionCombo = window.findChild<QComboBox *>(u"regionCombo"_s);
    QVERIFY(profileCombo && regionCombo);
    QCOMPARE(profileCombo->currentText(), u"Environment variables"_s);
    QCOMPARE(regionCombo->currentText(), m_server->region());
    QVERIFY(window.windowTitle().contains(u"Environment variables @ "_s + m_server->region()));

    // Another region, then back: the environment's keys stay in use.
    const auto pickRegion = [&](const QString &region) {
        const int index = regionCombo->findText(region);
        QVERIFY(index >= 0);
        regionCombo->setCurrentIndex(index);
        Q_EMIT regionCombo->activated(index);
    };
    pickRegion(u"eu-west-1"_s);
    QTRY_COMPARE(window.connection().region, u"eu-west-1"_s);
    QVERIFY(window.connection().environment);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 2, 15000);
    QVERIFY2(!window.errorBar()->isVisible() || !window.errorBar()->text().contains(u"ProfileNotFound"),
             qPrintable(window.errorBar()->text()));
    QCOMPARE(profileCombo->currentText(), u"Environment variables"_s);
    pickRegion(m_server->region());
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 3, 15000);
    QCOMPARE(loaded.last().first().toBool(), true);
    QVERIFY(window.connection().environment);
    QVERIFY(window.model()->rowCount() > 0);
}

// The connection's EC2 client (the Restore dialog's security groups): the sandbox's, on its port, as the app sets it
// up; none without a resolver; none, and why, when the resolver fails.
void TestMainWindow::ec2ClientFollowsTheConnection()
{
    MainWindow::Options options;
    options.resolver = Connections::sandboxResolver(
        {m_server->url(), m_server->region(), m_server->accessKeyId(), m_server->secretAccessKey(), {}});
    options.ec2Resolver = options.resolver;
    options.restoreSettings = false;
    MainWindow window(options);
    QSignalSpy loaded(&window, &MainWindow::loadFinished);
    const ConnectionChoice sandbox {u"sandbox"_s, m_server->region(), m_server->url().toString()};
    window.connectTo(sandbox);
    QVERIFY(loaded.wait(15000));
    QVERIFY(window.ec2Client());
    QCOMPARE(window.ec2Client()->config().endpoint, m_server->url());
    std::optional<ApiResult<Ec2::DescribeSecurityGroupsResult>> groups;
    window.ec2Client()->describeSecurityGroups()->onFinished(
        &window, [&groups](const ApiResult<Ec2::DescribeSecurityGroupsResult> &r) { groups = r; });
    QTRY_VERIFY_WITH_TIMEOUT(groups.has_value(), 15000);
    QVERIFY2(*groups, qPrintable(*groups ? QString() : groups->error().toString()));
    QCOMPARE(groups->value().securityGroups.size(), 3);

    options.ec2Resolver = nullptr;
    MainWindow without(options);
    without.connectTo(sandbox);
    QVERIFY(!without.ec2Client());
    QVERIFY(without.ec2Problem().isEmpty());

    options.ec2Resolver = [](const ConnectionChoice &) -> ApiResult<ClientConfig> {
        return ApiError::make(ApiError::Kind::Config, u"NoRegion"_s, u"You must specify a region."_s);
    };
    MainWindow failing(options);
    failing.connectTo(sandbox);
    QVERIFY(!failing.ec2Client());
    QVERIFY2(failing.ec2Problem().contains(u"You must specify a region."_s), qPrintable(failing.ec2Problem()));
}

// After a delete the count has no "Showing … of …" without a filter; rows being deleted cannot be deleted again;
// a batch delete is announced once, naming every snapshot.
void TestMainWindow::countAndDeleteStateAfterDelete()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    QSignalSpy notifications(window.get(), &MainWindow::notified);
    QStringList manual;
    for (int row = 0; row < window->model()->rowCount() && manual.size() < 2; ++row) {
        const SnapshotEntry entry = window->model()->snapshotAt(row);
        if (entry.kind() == SnapshotEntry::Kind::NodeBased && !entry.isAutomatic()
            && entry.status() == SnapshotEntry::Status::Available)
            manual.append(entry.name());
    }
    QCOMPARE(manual.size(), 2);
    const int before = window->model()->rowCount();
    QVERIFY(window->actions()->selectSnapshot(SnapshotEntry::Kind::NodeBased, manual.at(0)));
    const QModelIndex second = window->proxy()->mapFromSource(
        window->model()->index(window->model()->rowOf(SnapshotEntry::Kind::NodeBased, manual.at(1)), 0));
    window->view()->selectionModel()->select(second, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    window->actions()->deleteSelected();
    auto *confirm = waitForDialog<DeleteSnapshotDialog>(window.get());
    QVERIFY(confirm);
    QTest::mouseClick(confirm->deleteButton(), Qt::LeftButton);
    // Answered: both rows are "deleting" and still selected, so Delete is off.
    QTRY_VERIFY_WITH_TIMEOUT(
        window->actions()->selectedSnapshots().size() == 2
            && window->actions()->selectedSnapshots().at(0).status() == SnapshotEntry::Status::Deleting
            && window->actions()->selectedSnapshots().at(1).status() == SnapshotEntry::Status::Deleting,
        15000);
    QVERIFY(!window->actions()->deleteAction()->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(window->model()->rowCount(), before - 2, 15000);
    QCOMPARE(window->proxy()->rowCount(), before - 2);
    QCOMPARE(window->statusText().section(u" · "_s, 0, 0), u"%1 snapshots"_s.arg(before - 2));
    QTRY_VERIFY_WITH_TIMEOUT(!notifications.isEmpty(), 15000);
    QCOMPARE(notifications.count(), 1);
    const QString text = notifications.first().first().toString();
    QVERIFY2(text.contains(manual.at(0)) && text.contains(manual.at(1)), qPrintable(text));
}

// A refused export leaves the dialog open on the error with the bucket to change; the same request is not sent
// again; the refused bucket is not remembered, the one that worked is.
void TestMainWindow::exportDialogStaysOpenOnError()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    QVERIFY(window->actions()->selectSnapshot(SnapshotEntry::Kind::NodeBased, u"demo-before-upgrade"_s));
    QSignalSpy actions(window.get(), &MainWindow::actionFinished);
    window->actions()->exportSelected();
    // Deleted once it is accepted: watched, not dereferenced after that.
    QPointer<ExportSnapshotDialog> dialog = waitForDialog<ExportSnapshotDialog>(window.get());
    QVERIFY(dialog);
    auto *bucket = dialog->findChild<QLineEdit *>(u"bucket"_s);
    bucket->selectAll();
    QTest::keyClicks(bucket, u"no-such-bucket"_s);
    clickOk(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(!actions.isEmpty(), 10000);
    QCOMPARE(actions.last().at(1).toBool(), false);
    QVERIFY(dialog->isVisible());
    QVERIFY(!window->errorBar()->isVisible());
    auto *validation = dialog->findChild<QLabel *>(u"validation"_s);
    QVERIFY2(validation->isVisible() && validation->text().contains(u"Change the bucket"),
             qPrintable(validation->text()));
    QVERIFY(bucket->hasFocus() || QApplication::focusWidget() == bucket || !dialog->isActiveWindow());
    auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled()); // the same refused request is not sent again
    QVERIFY(!QSettings().allKeys().join(u' ').contains(u"export/"));

    bucket->selectAll();
    QTest::keyClicks(bucket, u"exports-bucket"_s);
    QVERIFY(ok->isEnabled());
    clickOk(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(actions.count() == 2, 10000);
    QCOMPARE(actions.last().at(1).toBool(), true);
    QTRY_VERIFY(dialog.isNull() || !dialog->isVisible());
    window->actions()->exportSelected();
    auto *again = waitForDialog<ExportSnapshotDialog>(window.get());
    QVERIFY(again);
    QCOMPARE(again->bucket(), u"exports-bucket"_s);
    again->reject();
}

// Exporting a serverless snapshot twice: no prefix row, and the refusal names the bucket, not a prefix.
void TestMainWindow::serverlessExportTwice()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    QString name;
    for (int row = 0; row < window->model()->rowCount() && name.isEmpty(); ++row) {
        const SnapshotEntry entry = window->model()->snapshotAt(row);
        if (entry.kind() == SnapshotEntry::Kind::Serverless && entry.status() == SnapshotEntry::Status::Available
            && entry.engine() != u"memcached")
            name = entry.name();
    }
    QVERIFY(!name.isEmpty());
    QSignalSpy actions(window.get(), &MainWindow::actionFinished);
    QSignalSpy notifications(window.get(), &MainWindow::notified);
    for (int round = 0; round < 2; ++round) {
        QVERIFY(window->actions()->selectSnapshot(SnapshotEntry::Kind::Serverless, name));
        window->actions()->exportSelected();
        auto *dialog = waitForDialog<ExportSnapshotDialog>(window.get());
        QVERIFY(dialog);
        QVERIFY(!dialog->findChild<QLineEdit *>(u"targetName"_s)->isVisible());
        QVERIFY(!dialog->findChild<QLabel *>(u"requirements"_s)->text().contains(u"data-tiering"));
        auto *bucket = dialog->findChild<QLineEdit *>(u"bucket"_s);
        bucket->selectAll();
        QTest::keyClicks(bucket, u"exports-bucket"_s);
        clickOk(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(actions.count() == round + 1, 10000);
        if (round == 0) {
            QCOMPARE(actions.last().at(1).toBool(), true);
            QTRY_VERIFY_WITH_TIMEOUT(!notifications.isEmpty(), 15000);
            QVERIFY(notifications.last().first().toString().contains(u"finished"));
            continue;
        }
        QCOMPARE(actions.last().at(1).toBool(), false);
        QVERIFY(dialog->isVisible());
        const QString text = dialog->findChild<QLabel *>(u"validation"_s)->text();
        QVERIFY2(text.contains(u"another bucket") && !text.contains(u"prefix"), qPrintable(text));
        QCOMPARE(notifications.count(), 1); // no "finished" after the failure
        dialog->reject();
    }
}

// The details pane shows each shard's slots, fetched for the selected snapshot (the listing leaves them out).
void TestMainWindow::shardSlotsShown()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    QString name;
    for (int row = 0; row < window->model()->rowCount() && name.isEmpty(); ++row) {
        const SnapshotEntry entry = window->model()->snapshotAt(row);
        if (entry.kind() == SnapshotEntry::Kind::NodeBased && entry.shards() > 1)
            name = entry.name();
    }
    QVERIFY(!name.isEmpty());
    const SnapshotEntry listed
        = window->model()->snapshotAt(window->model()->rowOf(SnapshotEntry::Kind::NodeBased, name));
    QVERIFY(!listed.nodeSnapshot()->nodeSnapshots.first().nodeGroupConfiguration);
    QVERIFY(window->actions()->selectSnapshot(SnapshotEntry::Kind::NodeBased, name));
    auto *fields = window->detailsPane()->findChild<QTreeWidget *>();
    QVERIFY(fields);
    const auto slotLines = [&] {
        QStringList lines;
        const QList<QTreeWidgetItem *> nodes = fields->findItems(u"Node snapshots"_s, Qt::MatchExactly, 0);
        for (int i = 0; !nodes.isEmpty() && i < nodes.first()->childCount(); ++i) {
            if (nodes.first()->child(i)->text(1).contains(u"slots "))
                lines.append(nodes.first()->child(i)->text(1));
        }
        return lines;
    };
    QTRY_COMPARE_WITH_TIMEOUT(slotLines().size(), listed.nodeSnapshot()->nodeSnapshots.size(), 10000);
    QVERIFY2(slotLines().first().contains(u"slots 0-"), qPrintable(slotLines().first()));
}

// A node of a cluster-mode-enabled group is not offered; typed in, the dialog says to choose the group.
void TestMainWindow::createOffersGroupNotItsNodes()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    QTRY_VERIFY_WITH_TIMEOUT(!window->listing()->sources().isEmpty(), 10000);
    QString member, group;
    QSet<QString> clusterModeGroups;
    for (const SnapshotSource &s : window->listing()->sources()) {
        if (s.type == SnapshotSource::Type::ReplicationGroup && s.clusterMode)
            clusterModeGroups.insert(s.id);
    }
    for (const SnapshotSource &s : window->listing()->sources()) {
        if (s.type == SnapshotSource::Type::CacheCluster && clusterModeGroups.contains(s.replicationGroupId)) {
            member = s.id;
            group = s.replicationGroupId;
        }
    }
    QVERIFY(!member.isEmpty());
    window->actions()->createSnapshot();
    auto *create = waitForDialog<CreateSnapshotDialog>(window.get());
    QVERIFY(create);
    create->selectSource(SnapshotSource::Type::CacheCluster, member);
    auto *source = create->findChild<QComboBox *>(u"source"_s);
    QCOMPARE(source->findData(member), -1);
    QVERIFY2(create->validationMessage().contains(group) && create->validationMessage().contains(u"cluster mode"),
             qPrintable(create->validationMessage()));
    QVERIFY(!create->isValid());
    create->reject();
}

#include "tst_mainwindow.moc"
