// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The Clean up dialog (ui/cleanupdialog.h) through its widgets, offscreen, over the in-process sandbox: the preview
// follows the rules, the Delete button names the totals and asks to confirm them (Cancel deletes nothing), the run
// shows each row's result and deletes what was previewed, Stop leaves the rest not run, a skip tag holds rows until
// their tags are read, the plan and the results saved; and the window's Snapshot › Clean up… action.
#include "cleanupdialog.h"
#include "cleanuplisting.h"
#include "connections.h"
#include "credentials.h"
#include "elasticacheclient.h"
#include "mainwindow.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "snapshotfixtures.h"
#include "snapshotlisting.h"
#include "snapshottablemodel.h"
#include "tagcache.h"
#include "testsupport.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// Every snapshot row of the tree (the leaves under connection › source), by name → its result column.
QHash<QString, QString> planRows(QTreeWidget *tree)
{
    QHash<QString, QString> rows;
    for (int c = 0; c < tree->topLevelItemCount(); ++c) {
        QTreeWidgetItem *connection = tree->topLevelItem(c);
        for (int s = 0; s < connection->childCount(); ++s) {
            QTreeWidgetItem *source = connection->child(s);
            for (int r = 0; r < source->childCount(); ++r)
                rows.insert(source->child(r)->text(0), source->child(r)->text(4));
        }
    }
    return rows;
}

// With CACHESNAP_SCREENSHOT_DIR set, saves the dialog as a person would see it.
void screenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("CACHESNAP_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QTest::qWait(50);
    QDir().mkpath(dir);
    QVERIFY(widget->window()->grab().save(dir + u"/cleanup-"_s + name + u".png"_s));
}

} // namespace

class TestCleanupDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void previewFollowsTheRules();
    void confirmThenRunDeletesThePreview();
    void stopInTheMiddle();
    void skipTagHoldsUntilTagsAreRead();
    void windowOpensTheDialog();
    void fitsASmallScreen();

private:
    std::unique_ptr<CleanupDialog> makeDialog();
    QMessageBox *confirmation(CleanupDialog *dialog);

    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<ElastiCacheClient> m_client;
    std::unique_ptr<TagCache> m_tags;
    QTemporaryDir m_dir;
};

void TestCleanupDialog::init()
{
    SandboxConfig config;
    config.seed = 8;
    config.seedSnapshots = 20;
    config.snapshotDeleteSeconds = 0.2;
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    for (int i = 1; i <= 4; ++i)
        m_server->state()->addSnapshot(orphanSnapshot(u"cd-gone-%1"_s.arg(i), u"cd-gone-rg"_s, 100 * i));
    ClientConfig client;
    client.region = m_server->region();
    client.endpoint = m_server->url();
    AwsCredentials credentials;
    credentials.accessKeyId = m_server->accessKeyId();
    credentials.secretAccessKey = m_server->secretAccessKey();
    client.credentials = std::make_shared<StaticCredentialsProvider>(credentials);
    m_client = std::make_unique<ElastiCacheClient>(client);
    m_tags = std::make_unique<TagCache>();
    m_tags->setClient(m_client.get());
}

void TestCleanupDialog::cleanup()
{
    m_tags.reset();
    m_client.reset();
    m_server.reset();
}

std::unique_ptr<CleanupDialog> TestCleanupDialog::makeDialog()
{
    CleanupListing listing(m_client.get());
    std::optional<ApiResult<CleanupListing::Result>> listed;
    listing.start([&listed](const ApiResult<CleanupListing::Result> &result) { listed = result; });
    if (!waitFor(listed, 10000) || !*listed)
        qFatal("the listing failed");
    CleanupConnection connection;
    connection.choice.region = m_server->region();
    connection.accountId = u"123456789012"_s;
    connection.sources = listed->value().sources;
    QList<CleanupRow> rows;
    for (const SnapshotEntry &entry : listed->value().snapshots)
        rows.append({0, entry});
    auto dialog = std::make_unique<CleanupDialog>(
        QList<CleanupConnection> {connection}, rows, [this](int) { return m_client.get(); },
        [this](int) { return m_tags.get(); });
    dialog->show();
    return dialog;
}

QMessageBox *TestCleanupDialog::confirmation(CleanupDialog *dialog)
{
    QMessageBox *box = nullptr;
    spinUntil(
        [&] {
            box = dialog->findChild<QMessageBox *>(u"cleanupConfirm"_s);
            return box && box->isVisible();
        },
        5000);
    return box;
}

void TestCleanupDialog::previewFollowsTheRules()
{
    const auto dialog = makeDialog();
    auto *tree = dialog->findChild<QTreeWidget *>(u"planTree"_s);
    auto *older = dialog->findChild<QSpinBox *>(u"olderDays"_s);
    auto *gone = dialog->findChild<QCheckBox *>(u"goneCheck"_s);
    auto *keep = dialog->findChild<QCheckBox *>(u"keepCheck"_s);
    auto *totals = dialog->findChild<QLabel *>(u"totals"_s);
    auto *deleteButton = dialog->findChild<QPushButton *>(u"deleteButton"_s);
    QVERIFY(tree && older && gone && keep && totals && deleteButton);
    // Days counted in words: one day, else days.
    QCOMPARE(older->text(), u"90 days"_s);
    older->setValue(1);
    QCOMPARE(older->text(), u"1 day"_s);
    older->setValue(90);
    QCOMPARE(older->text(), u"90 days"_s);

    // Older than 90 days AND source gone: the four orphans, under their connection and source.
    gone->setChecked(true);
    QVERIFY(spinUntil([&] { return dialog->plan().rules().sourceGone; }, 2000));
    QHash<QString, QString> rows = planRows(tree);
    for (int i = 1; i <= 4; ++i)
        QVERIFY(rows.contains(u"cd-gone-%1"_s.arg(i)));
    QCOMPARE(rows.size(), dialog->plan().toDelete().size());
    screenshot(dialog.get(), u"preview"_s);
    const CleanupTotals t = dialog->plan().totals();
    QVERIFY2(totals->text().contains(u"%1 snapshots"_s.arg(t.count)), qPrintable(totals->text()));
    QVERIFY(deleteButton->isEnabled());
    QCOMPARE(deleteButton->text(),
             u"Delete %1 snapshots (%2, %3 a month)…"_s.arg(t.count).arg(CleanupPlan::formatBytes(t.bytes),
                                                                         CleanupPlan::formatCost(t.monthlyCost)));

    // 250 days: only the two oldest; keep the newest 1 of the source: still those two (the newest is 100 days old).
    older->setValue(250);
    QVERIFY(spinUntil([&] { return dialog->plan().rules().olderThanDays == 250; }, 2000));
    rows = planRows(tree);
    QVERIFY(!rows.contains(u"cd-gone-1"_s) && !rows.contains(u"cd-gone-2"_s));
    QVERIFY(rows.contains(u"cd-gone-3"_s) && rows.contains(u"cd-gone-4"_s));
    keep->setChecked(true);
    QVERIFY(spinUntil([&] { return dialog->plan().rules().keepNewest.has_value(); }, 2000));
    QVERIFY(planRows(tree).contains(u"cd-gone-4"_s));

    // The plan saved, as CSV and as JSON.
    int asked = 0;
    dialog->setAskPath([&](const QString &, const QString &suggested) {
        ++asked;
        return m_dir.filePath(suggested);
    });
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"savePlanCsv"_s), Qt::LeftButton);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"savePlanJson"_s), Qt::LeftButton);
    QCOMPARE(asked, 2);
    QFile csv(m_dir.filePath(u"cleanup-plan.csv"_s));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QVERIFY(csv.readAll().contains(",cd-gone-4,"));
    QFile json(m_dir.filePath(u"cleanup-plan.json"_s));
    QVERIFY(json.open(QIODevice::ReadOnly));
    QVERIFY(json.readAll().contains("\"SnapshotName\": \"cd-gone-4\""));
}

void TestCleanupDialog::confirmThenRunDeletesThePreview()
{
    const auto dialog = makeDialog();
    dialog->findChild<QCheckBox *>(u"goneCheck"_s)->setChecked(true);
    QVERIFY(spinUntil([&] { return dialog->plan().rules().sourceGone; }, 2000));
    const QList<CleanupItem> planned = dialog->plan().toDelete();
    QVERIFY(planned.size() >= 4);
    auto *deleteButton = dialog->findChild<QPushButton *>(u"deleteButton"_s);

    // Cancel (the default button) deletes nothing.
    QTest::mouseClick(deleteButton, Qt::LeftButton);
    QMessageBox *box = confirmation(dialog.get());
    QVERIFY(box);
    const CleanupTotals t = dialog->plan().totals();
    QCOMPARE(box->text(),
             u"Delete %1 snapshots (%2, %3 a month)? This cannot be undone."_s.arg(t.count).arg(
                 CleanupPlan::formatBytes(t.bytes), CleanupPlan::formatCost(t.monthlyCost)));
    QCOMPARE(box->defaultButton()->objectName(), u"confirmCancelButton"_s);
    screenshot(box, u"confirm"_s);
    QTest::keyClick(box, Qt::Key_Return);
    QVERIFY(spinUntil([&] { return !dialog->findChild<QMessageBox *>(u"cleanupConfirm"_s); }, 2000));
    QVERIFY(!dialog->run());
    QVERIFY(m_server->state()->snapshot(u"cd-gone-1"_s));
    // The preview has no Result column (its reasons get the room); the run shows it.
    auto *tree = dialog->findChild<QTreeWidget *>(u"planTree"_s);
    QVERIFY(tree->isColumnHidden(4));

    QTest::mouseClick(deleteButton, Qt::LeftButton);
    box = confirmation(dialog.get());
    QVERIFY(box);
    QTest::mouseClick(box->findChild<QPushButton *>(u"confirmDeleteButton"_s), Qt::LeftButton);
    QVERIFY(spinUntil([&] { return dialog->run() && dialog->run()->isFinished(); }, 15000));
    QVERIFY(!tree->isColumnHidden(4));
    const QHash<QString, QString> rows = planRows(tree);
    for (const CleanupItem &item : planned)
        QCOMPARE(rows.value(item.entry.name()), u"deleted"_s);
    QCOMPARE(dialog->run()->counts().deleted, planned.size());
    QVERIFY(spinUntil([&] { return !m_server->state()->snapshot(u"cd-gone-1"_s); }, 5000));
    QVERIFY(dialog->findChild<QLabel *>(u"totals"_s)->text().startsWith(u"Deleted %1 snapshots"_s.arg(planned.size())));
    screenshot(dialog.get(), u"results"_s);
    QVERIFY(!deleteButton->isEnabled());

    auto *save = dialog->findChild<QPushButton *>(u"saveResults"_s);
    QVERIFY(save->isVisible());
    dialog->setAskPath([this](const QString &, const QString &suggested) { return m_dir.filePath(suggested); });
    QTest::mouseClick(save, Qt::LeftButton);
    QFile results(m_dir.filePath(u"cleanup-results.csv"_s));
    QVERIFY(results.open(QIODevice::ReadOnly));
    QCOMPARE(results.readAll().count(",deleted,"), planned.size());
}

void TestCleanupDialog::stopInTheMiddle()
{
    for (int i = 1; i <= 6; ++i)
        m_server->state()->addSnapshot(orphanSnapshot(u"cd-more-%1"_s.arg(i), u"cd-more-rg"_s, 120));
    const auto dialog = makeDialog();
    CleanupRun::Options slow;
    slow.requestsPerSecond = 4;
    slow.concurrency = 1;
    dialog->setRunOptions(slow);
    dialog->findChild<QCheckBox *>(u"goneCheck"_s)->setChecked(true);
    QVERIFY(spinUntil([&] { return dialog->plan().rules().sourceGone; }, 2000));
    const int total = int(dialog->plan().toDelete().size());
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"deleteButton"_s), Qt::LeftButton);
    QMessageBox *box = confirmation(dialog.get());
    QVERIFY(box);
    QTest::mouseClick(box->findChild<QPushButton *>(u"confirmDeleteButton"_s), Qt::LeftButton);
    auto *stop = dialog->findChild<QPushButton *>(u"stopButton"_s);
    QVERIFY(spinUntil([&] { return dialog->run() && dialog->run()->counts().deleted >= 1; }, 10000));
    QVERIFY(stop->isVisible());
    QVERIFY(!dialog->findChild<QPushButton *>(u"closeButton"_s)->isEnabled());
    QTest::keyClick(dialog.get(), Qt::Key_Escape); // does not close it while the run is under way
    QVERIFY(dialog->isVisible());
    QTest::mouseClick(stop, Qt::LeftButton);
    QVERIFY(spinUntil([&] { return dialog->run()->isFinished(); }, 10000));
    const CleanupRun::Counts n = dialog->run()->counts();
    QVERIFY(n.notRun >= 1);
    QCOMPARE(n.deleted + n.skipped + n.failed + n.notRun, total);
    const QHash<QString, QString> rows = planRows(dialog->findChild<QTreeWidget *>(u"planTree"_s));
    QCOMPARE(rows.values().count(u"not run"_s), n.notRun);
    QVERIFY(dialog->findChild<QPushButton *>(u"closeButton"_s)->isEnabled());
}

void TestCleanupDialog::skipTagHoldsUntilTagsAreRead()
{
    m_server->state()->setTags(u"arn:aws:elasticache:us-east-1:123456789012:snapshot:cd-gone-2"_s,
                               {{u"keep"_s, u"true"_s}});
    const auto dialog = makeDialog();
    dialog->findChild<QCheckBox *>(u"goneCheck"_s)->setChecked(true);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"skipTags"_s), u"keep=true"_s);
    // First everything is held (tags not read yet); the TagCache reads them and the preview follows.
    QVERIFY(spinUntil([&] { return !dialog->plan().rules().skipTags.isEmpty() && dialog->plan().held().isEmpty(); },
                      10000));
    const QHash<QString, QString> rows = planRows(dialog->findChild<QTreeWidget *>(u"planTree"_s));
    QVERIFY(rows.contains(u"cd-gone-1"_s));
    QVERIFY(!rows.contains(u"cd-gone-2"_s));
    QVERIFY(dialog->plan().keptByTag() >= 1);
}

void TestCleanupDialog::windowOpensTheDialog()
{
    MainWindow::Options options;
    options.resolver = Connections::sandboxResolver(
        {m_server->url(), m_server->region(), m_server->accessKeyId(), m_server->secretAccessKey(), {}});
    options.sandboxUrl = m_server->url().toString();
    options.regions = {m_server->region()};
    options.restoreSettings = false;
    MainWindow window(options);
    window.resize(1200, 700);
    window.show();
    QSignalSpy loaded(&window, &MainWindow::loadFinished);
    window.connectTo({u"sandbox"_s, m_server->region(), m_server->url().toString()});
    QVERIFY(loaded.wait(30000));
    QVERIFY(spinUntil([&] { return !window.listing()->sources().isEmpty(); }, 10000));
    auto *action = window.findChild<QAction *>(u"actionCleanUp"_s);
    QVERIFY(action);
    action->trigger();
    CleanupDialog *dialog = nullptr;
    QVERIFY(spinUntil([&] { return (dialog = window.findChild<CleanupDialog *>()) && dialog->isVisible(); }, 5000));
    dialog->findChild<QCheckBox *>(u"goneCheck"_s)->setChecked(true);
    QVERIFY(spinUntil([&] { return dialog->plan().rules().sourceGone; }, 2000));
    QCOMPARE(dialog->plan().rowsInScope(), window.model()->rowCount());
    QVERIFY(planRows(dialog->findChild<QTreeWidget *>(u"planTree"_s)).contains(u"cd-gone-4"_s));
    dialog->close();
}

QTEST_MAIN(TestCleanupDialog)
// Opened on a screen narrower than its own size (the offscreen platform's is 800 wide), the dialog is within the
// screen, with its buttons on it: it opened 1000×700 whatever the screen, and at 800×600 Delete and Close were off
// the screen's edge.
void TestCleanupDialog::fitsASmallScreen()
{
    auto dialog = makeDialog();
    const QSize available = dialog->screen()->availableSize();
    QVERIFY2(available.width() < 1000 || available.height() < 700,
             qPrintable(u"the screen is %1×%2, larger than the dialog's own size"_s.arg(available.width())
                            .arg(available.height())));
    QVERIFY2(dialog->width() <= available.width() && dialog->height() <= available.height(),
             qPrintable(u"%1×%2"_s.arg(dialog->width()).arg(dialog->height())));
    QTRY_VERIFY(dialog->findChild<QPushButton *>(u"deleteButton"_s)->isEnabled());
    for (const QString &name : {u"deleteButton"_s, u"closeButton"_s, u"savePlanCsv"_s}) {
        auto *button = dialog->findChild<QPushButton *>(name);
        QVERIFY2(button, qPrintable(name));
        const QRect shown(button->mapTo(dialog.get(), QPoint(0, 0)), button->size());
        QVERIFY2(dialog->rect().contains(shown), qPrintable(name));
    }
    screenshot(dialog.get(), u"small-screen"_s);
}

#include "tst_cleanupdialog.moc"
