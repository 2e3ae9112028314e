// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later

// The window follows the exports it started (ui/exportfollowing.h): through the Export dialog and past its closing,
// in the source row and a notification, and on after the app restarts; against an in-process sandbox over loopback
// HTTP (ElastiCache and S3 on one port), with real widgets offscreen.

#include "connections.h"
#include "errorbar.h"
#include "exportfollowing.h"
#include "exportsnapshotdialog.h"
#include "mainwindow.h"
#include "sandboxserver.h"
#include "snapshotactions.h"
#include "snapshotstatuspoller.h"
#include "snapshottablemodel.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

class TestExportFollowing final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void followsPastTheDialog();
    void failureByEvent();
    void resumesAfterRestart();
    void keepsOtherConnectionsExports();
    void hostileStateIgnored();

private:
    void makeServer(double exportSeconds, int failAfterObjects = -1);
    std::unique_ptr<MainWindow> makeWindow();
    // Exports the first available node-based snapshot through the dialog; returns its name (empty on failure).
    QString exportThroughDialog(MainWindow *window, const QString &target);
    static QString statusShown(MainWindow *window, const QString &name);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SandboxServer> m_server;
};

void TestExportFollowing::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings under ~/.qttest, not the user's
    QCoreApplication::setOrganizationName(u"CacheSnapTest"_s);
    QCoreApplication::setApplicationName(u"tst_exportfollowing"_s);
}

void TestExportFollowing::makeServer(double exportSeconds, int failAfterObjects)
{
    m_server.reset();
    SandboxConfig config;
    config.seed = 9;
    config.seedSnapshots = 20;
    config.s3Root = m_dir->filePath(u"s3"_s);
    config.snapshotCreateSeconds = 0.3;
    config.exportSeconds = exportSeconds;
    config.exportFailAfterObjects = failAfterObjects;
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

void TestExportFollowing::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(m_dir->filePath(u"s3/exports-bucket"_s)));
    makeServer(2.0);
}

void TestExportFollowing::cleanup()
{
    m_server.reset();
    m_dir.reset();
    QSettings().clear();
}

std::unique_ptr<MainWindow> TestExportFollowing::makeWindow()
{
    MainWindow::Options options;
    options.resolver = Connections::sandboxResolver(
        {m_server->url(), m_server->region(), m_server->accessKeyId(), m_server->secretAccessKey(), {}});
    options.sandboxUrl = m_server->url().toString();
    options.s3Resolver = options.resolver; // the sandbox's S3 is on the same port
    options.regions = {m_server->region()};
    options.restoreSettings = false;
    auto window = std::make_unique<MainWindow>(options);
    window->resize(1200, 700);
    window->show();
    window->poller()->setDelays(100, 300, 30000);
    window->exportFollowing()->setFirstDelayMs(100);
    QSignalSpy loaded(window.get(), &MainWindow::loadFinished);
    window->connectTo({u"sandbox"_s, m_server->region(), m_server->url().toString()});
    if (!loaded.wait(15000))
        return nullptr;
    return window;
}

QString TestExportFollowing::statusShown(MainWindow *window, const QString &name)
{
    const int row = window->model()->rowOf(SnapshotEntry::Kind::NodeBased, name);
    if (row < 0)
        return {};
    return window->model()->index(row, SnapshotTableModel::StatusColumn).data().toString();
}

QString TestExportFollowing::exportThroughDialog(MainWindow *window, const QString &target)
{
    QString name;
    for (int row = 0; row < window->model()->rowCount() && name.isEmpty(); ++row) {
        const SnapshotEntry entry = window->model()->snapshotAt(row);
        if (entry.kind() == SnapshotEntry::Kind::NodeBased && entry.status() == SnapshotEntry::Status::Available
            && entry.dataTiering() != u"enabled")
            name = entry.name();
    }
    if (name.isEmpty() || !window->actions()->selectSnapshot(SnapshotEntry::Kind::NodeBased, name))
        return {};
    window->actions()->exportSelected();
    ExportSnapshotDialog *dialog = nullptr;
    const bool shown = QTest::qWaitFor(
        [&] {
            dialog = window->findChild<ExportSnapshotDialog *>();
            return dialog && dialog->isVisible();
        },
        5000);
    if (!shown)
        return {};
    auto *bucket = dialog->findChild<QLineEdit *>(u"bucket"_s);
    auto *targetName = dialog->findChild<QLineEdit *>(u"targetName"_s);
    if (!bucket || !targetName)
        return {};
    bucket->selectAll();
    QTest::keyClicks(bucket, u"exports-bucket"_s);
    targetName->selectAll();
    QTest::keyClicks(targetName, target);
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    // Export is enabled once the bucket check (debounced, against the sandbox's S3) has found nothing that will fail.
    if (!ok || !QTest::qWaitFor([ok] { return ok->isEnabled(); }, 10000))
        return {};
    const QPointer<ExportSnapshotDialog> watched(dialog);
    QTest::mouseClick(ok, Qt::LeftButton);
    // The dialog closes once the service accepted the export; following goes on without it.
    if (!QTest::qWaitFor([&] { return watched.isNull() || !watched->isVisible(); }, 10000))
        return {};
    return name;
}

void TestExportFollowing::followsPastTheDialog()
{
    auto window = makeWindow();
    QVERIFY(window);
    QSignalSpy notifications(window.get(), &MainWindow::notified);
    const QString name = exportThroughDialog(window.get(), u"Followed-In-Window"_s);
    QVERIFY(!name.isEmpty());
    QVERIFY(!window->findChild<ExportSnapshotDialog *>() || !window->findChild<ExportSnapshotDialog *>()->isVisible());
    QCOMPARE(window->exportFollowing()->count(), 1);
    QCOMPARE(ExportFollowing::kept().size(), 1);

    // The row says how far it got, while it runs.
    QTRY_VERIFY_WITH_TIMEOUT(statusShown(window.get(), name).startsWith(u"exporting: "_s), 5000);
    const int row = window->model()->rowOf(SnapshotEntry::Kind::NodeBased, name);
    QVERIFY(window->model()
                ->index(row, SnapshotTableModel::StatusColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .startsWith(u"exporting: "_s));

    // Then one notification with where it went, and the row is itself again.
    QTRY_VERIFY_WITH_TIMEOUT(!notifications.isEmpty(), 20000);
    const QString text = notifications.last().first().toString();
    QVERIFY2(text.contains(u"finished: exported to s3://exports-bucket/followed-in-window"_s), qPrintable(text));
    QCOMPARE(notifications.size(), 1);
    QCOMPARE(window->exportFollowing()->count(), 0);
    QVERIFY(ExportFollowing::kept().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(statusShown(window.get(), name), u"available"_s, 10000);
    QVERIFY(QFile::exists(m_dir->filePath(u"s3/exports-bucket/followed-in-window-0001.rdb"_s)));
}

void TestExportFollowing::failureByEvent()
{
    makeServer(1.0, 0);
    auto window = makeWindow();
    QVERIFY(window);
    QSignalSpy notifications(window.get(), &MainWindow::notified);
    const QString name = exportThroughDialog(window.get(), u"refused-later"_s);
    QVERIFY(!name.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!notifications.isEmpty(), 20000);
    const QString text = notifications.last().first().toString();
    QVERIFY2(text.contains(u"failed: export of %1 to s3://exports-bucket/refused-later-0001.rdb failed: "_s.arg(name))
                 && text.contains(u"Access Denied"_s),
             qPrintable(text));
    // A failure also stays in the error bar.
    QTRY_VERIFY(window->errorBar()->isVisible());
    QVERIFY(ExportFollowing::kept().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(statusShown(window.get(), name), u"available"_s, 10000);
}

void TestExportFollowing::resumesAfterRestart()
{
    makeServer(4.0);
    QString name;
    {
        auto first = makeWindow();
        QVERIFY(first);
        name = exportThroughDialog(first.get(), u"across-restart"_s);
        QVERIFY(!name.isEmpty());
        QCOMPARE(first->exportFollowing()->count(), 1);
    } // the app quits while the export runs

    const QList<FollowedExport> kept = ExportFollowing::kept();
    QCOMPARE(kept.size(), 1);
    QCOMPARE(kept.first().snapshotName, name);
    QCOMPARE(kept.first().profile, u"sandbox"_s);
    QCOMPARE(kept.first().bucket, u"exports-bucket"_s);
    // Nothing secret is kept.
    QSettings().sync();
    QFile settingsFile(QSettings().fileName());
    QVERIFY(settingsFile.open(QIODevice::ReadOnly));
    const QByteArray settingsText = settingsFile.readAll();
    QVERIFY(settingsText.contains("across-restart"));
    QVERIFY(!settingsText.contains(m_server->secretAccessKey().toUtf8()));
    QVERIFY(!settingsText.contains(m_server->accessKeyId().toUtf8()));

    auto second = makeWindow();
    QVERIFY(second);
    QSignalSpy notifications(second.get(), &MainWindow::notified);
    QCOMPARE(second->exportFollowing()->count(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(statusShown(second.get(), name).startsWith(u"exporting: "_s), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!notifications.isEmpty(), 20000);
    const QString text = notifications.last().first().toString();
    QVERIFY2(text.contains(u"exported to s3://exports-bucket/across-restart"_s), qPrintable(text));
    QVERIFY(ExportFollowing::kept().isEmpty());
}

void TestExportFollowing::keepsOtherConnectionsExports()
{
    FollowedExport other;
    other.profile = u"prod"_s;
    other.region = u"eu-west-1"_s;
    other.snapshotName = u"nightly"_s;
    other.bucket = u"prod-backups"_s;
    other.keys = {u"nightly-0001.rdb"_s};
    other.acceptedAt = QDateTime::currentDateTimeUtc();
    QSettings().setValue(ExportFollowing::settingsKey, FollowedExport::listToJson({other}));

    auto window = makeWindow();
    QVERIFY(window);
    QCOMPARE(window->exportFollowing()->count(), 0); // not this connection's
    const QString name = exportThroughDialog(window.get(), u"beside-another"_s);
    QVERIFY(!name.isEmpty());
    QCOMPARE(ExportFollowing::kept().size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(window->exportFollowing()->count(), 0, 20000);
    // Its own is forgotten once done; the other connection's stays for when it is used again.
    QCOMPARE(ExportFollowing::kept(), QList<FollowedExport> {other});
}

void TestExportFollowing::hostileStateIgnored()
{
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"Ignoring the kept exports"_s));
    QSettings().setValue(ExportFollowing::settingsKey,
                         QByteArray(R"({"exports": [{"version": 1, "profile": "sandbox", "secret": "x"}]})"));
    auto window = makeWindow();
    QVERIFY(window);
    QCOMPARE(window->exportFollowing()->count(), 0);
    // Following a new export replaces what could not be read.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"Ignoring the kept exports"_s));
    const QString name = exportThroughDialog(window.get(), u"after-garbage"_s);
    QVERIFY(!name.isEmpty());
    QCOMPARE(ExportFollowing::kept().size(), 1);
}

QTEST_MAIN(TestExportFollowing)
#include "tst_exportfollowing.moc"
