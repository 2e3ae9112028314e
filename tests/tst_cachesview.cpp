// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later

// The Caches tab (ui/cachesview.h) driven through its widgets, offscreen, against an in-process sandbox over loopback
// HTTP: every source listed with its backup settings, the sources without backups found (checked against the
// sandbox's own data), a settings change sent through the dialog and read back with a Describe call of its own, each
// refusal the dialog shows, a failed request that keeps the dialog and its input, and CacheWatch following a cache
// created in the sandbox until it is available. Set CACHESNAP_SCREENSHOT_DIR to also save what the tab and the
// dialog look like (caches-*.png).

#include "backupsettingsdialog.h"
#include "cachedetailspane.h"
#include "cachelisting.h"
#include "cachesview.h"
#include "cachetablemodel.h"
#include "cachewatch.h"
#include "connections.h"
#include "elasticacheclient.h"
#include "errorbar.h"
#include "mainwindow.h"
#include "rowtableview.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "snapshotlisting.h"
#include "snapshottablemodel.h"
#include "tagcache.h"
#include "tageditor.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <algorithm>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

template<typename Result, typename Job> std::optional<ApiResult<Result>> await(Job *job)
{
    std::optional<ApiResult<Result>> result;
    QObject context;
    job->onFinished(&context, [&result](const ApiResult<Result> &r) { result = r; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 15000))
        return std::nullopt;
    return result;
}

QPushButton *okButton(QDialog *dialog)
{
    return dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

void screenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("CACHESNAP_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QTest::qWait(50);
    QDir().mkpath(dir);
    QVERIFY(widget->window()->grab().save(dir + u"/caches-"_s + name + u".png"_s));
}

// The window at 800×600 (the details pane gives the table most of the room: PaneSplitter).
void screenshotSmall(QWidget *window, const QString &name)
{
    if (qEnvironmentVariableIsEmpty("CACHESNAP_SCREENSHOT_DIR"))
        return;
    const QSize size = window->size();
    window->resize(800, 600);
    screenshot(window, name);
    window->resize(size);
}

// An available manual snapshot of a cluster.
Snapshot manualSnapshot(const QString &name, const QString &clusterId, const QDateTime &created)
{
    Snapshot s;
    s.snapshotName = name;
    s.cacheClusterId = clusterId;
    s.snapshotSource = u"manual"_s;
    s.snapshotStatus = u"available"_s;
    NodeSnapshot node;
    node.cacheClusterId = clusterId;
    node.snapshotCreateTime = created;
    s.nodeSnapshots.append(node);
    return s;
}

// Types into a field as an operator does: everything selected, then the new text.
void retype(QWidget *field, const QString &text)
{
    field->setFocus();
    QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
    if (text.isEmpty())
        QTest::keyClick(field, Qt::Key_Delete);
    else
        QTest::keyClicks(field, text);
}

// Clusters cluster-<from> to cluster-<from + count - 1>, with this status.
QList<CacheSource> clusters(int from, int count, const QString &status)
{
    QList<CacheSource> sources;
    for (int i = from; i < from + count; ++i) {
        CacheSource source;
        source.kind = CacheSource::Kind::CacheCluster;
        source.id = u"cluster-%1"_s.arg(i, 6, 10, QChar(u'0'));
        source.arn = u"arn:aws:elasticache:us-east-1:123456789012:cluster:"_s + source.id;
        source.status = status;
        source.engine = u"redis"_s;
        sources.append(source);
    }
    return sources;
}

// The model's rows are exactly these sources.
bool rowsAre(const CacheTableModel &model, const QList<CacheSource> &sources)
{
    if (model.rowCount() != sources.size())
        return false;
    for (const CacheSource &source : sources) {
        const int row = model.rowOf(source.key());
        if (row < 0 || !(model.sourceAt(row) == source))
            return false;
    }
    return true;
}

} // namespace

class TestCachesView final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void sourcesListed();
    void unprotectedFound();
    void notEditableSources();
    void refusalsShown();
    void failedRequestKeepsInput();
    void settingsAppliedAndReadBack();
    void serviceRefusalShown();
    void followsCreatedCache();
    void followsMissingCache();
    void cacheTagsEditedInPlace();
    void newestFollowsRemovalsAtScale();
    void longSourceListMergedInSlices();
    void roomForALongListIsATurnOfItsOwn();
    void aTimerDueDuringASliceRunsBeforeTheNext();
    void groupsFilledApartBeforeShown();
    void newestReadForChangedSourcesOnly();
    void newestOfManySourcesReadInSlices();
    void tagsChangeNoNewestSnapshot();
    void otherConnectionsSnapshotsProtectNothing();

private:
    void makeServer(SandboxConfig config = {}, int seedSnapshots = 40);
    // A backup window of an hour that does not overlap the source's maintenance window, other than its own.
    static QString freeWindow(const CacheSource &source);
    // Sends the dialog's request and waits until it closes (the change was applied).
    static bool applyAndClose(BackupSettingsDialog *dialog);
    std::unique_ptr<MainWindow> makeWindow();
    // Waits until the caches and the snapshots are listed and the newest snapshots counted.
    static bool waitForCaches(MainWindow *window, int timeoutMs = 15000);
    // Opens the backup-settings dialog of a source through its details' button.
    static BackupSettingsDialog *openEditor(MainWindow *window, CacheSource::Kind kind, const QString &id);
    QList<CacheSource> sandboxSources() const;
    QList<SnapshotEntry> sandboxSnapshots() const;
    std::unique_ptr<ElastiCacheClient> client() const;

    std::unique_ptr<SandboxServer> m_server;
};

void TestCachesView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"CacheSnapTest"_s);
    QCoreApplication::setApplicationName(u"tst_cachesview"_s);
}

void TestCachesView::init()
{
    QSettings().clear();
    makeServer();
}

void TestCachesView::cleanup()
{
    m_server.reset();
}

void TestCachesView::makeServer(SandboxConfig config, int seedSnapshots)
{
    m_server.reset();
    config.seed = 12;
    config.seedSnapshots = seedSnapshots;
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

std::unique_ptr<MainWindow> TestCachesView::makeWindow()
{
    MainWindow::Options options;
    options.resolver = Connections::sandboxResolver(
        {m_server->url(), m_server->region(), m_server->accessKeyId(), m_server->secretAccessKey(), {}});
    options.sandboxUrl = m_server->url().toString();
    options.regions = {m_server->region()};
    options.restoreSettings = false;
    auto window = std::make_unique<MainWindow>(options);
    window->resize(1400, 850);
    window->show();
    if (QTest::qWaitForWindowExposed(window.get()) && window->height() != 850)
        window->resize(1400, 850); // a window manager may place it smaller at first
    window->connectTo({u"sandbox"_s, m_server->region(), m_server->url().toString()});
    return window;
}

std::unique_ptr<ElastiCacheClient> TestCachesView::client() const
{
    const auto config = Connections::sandboxResolver(
        {m_server->url(), m_server->region(), m_server->accessKeyId(), m_server->secretAccessKey(), {}})({});
    return config ? std::make_unique<ElastiCacheClient>(config.value()) : nullptr;
}

bool TestCachesView::waitForCaches(MainWindow *window, int timeoutMs)
{
    CachesView *caches = window->cachesView();
    const bool listed = QTest::qWaitFor(
        [&] {
            return caches->listing()->hasListed() && !caches->listing()->isLoading() && !window->listing()->isLoading()
                && window->listing()->lastCompleted().isValid()
                && caches->model()->rowCount() == caches->listing()->sources().size();
        },
        timeoutMs);
    QTest::qWait(400); // the newest snapshots are counted 300 ms after the snapshot table changed
    return listed;
}

BackupSettingsDialog *TestCachesView::openEditor(MainWindow *window, CacheSource::Kind kind, const QString &id)
{
    CachesView *caches = window->cachesView();
    window->tabs()->setCurrentWidget(caches);
    if (!caches->selectSource(kind, id))
        return nullptr;
    QPushButton *edit = caches->detailsPane()->editButton();
    if (!edit->isEnabled())
        return nullptr;
    QTest::mouseClick(edit, Qt::LeftButton);
    BackupSettingsDialog *dialog = nullptr;
    const bool open = QTest::qWaitFor(
        [&] {
            dialog = caches->openDialog();
            return dialog && dialog->isVisible();
        },
        5000);
    return open ? dialog : nullptr;
}

// What the sandbox holds, read directly from its state: the test's oracle.
QList<CacheSource> TestCachesView::sandboxSources() const
{
    QList<CacheSource> sources;
    QString marker;
    do {
        const auto page = m_server->state()->describeCacheClusters({}, marker);
        if (!page)
            return {};
        for (const CacheCluster &c : page.value().items)
            sources.append(CacheSource::fromCluster(c));
        marker = page.value().marker;
    } while (!marker.isEmpty());
    do {
        const auto page = m_server->state()->describeReplicationGroups({}, marker);
        if (!page)
            return {};
        for (const ReplicationGroup &g : page.value().items)
            sources.append(CacheSource::fromReplicationGroup(g));
        marker = page.value().marker;
    } while (!marker.isEmpty());
    do {
        const auto page = m_server->state()->describeServerlessCaches({}, marker);
        if (!page)
            return {};
        for (const ServerlessCache &c : page.value().items)
            sources.append(CacheSource::fromServerlessCache(c));
        marker = page.value().marker;
    } while (!marker.isEmpty());
    return sources;
}

QList<SnapshotEntry> TestCachesView::sandboxSnapshots() const
{
    QList<SnapshotEntry> entries;
    QString marker;
    do {
        const auto page = m_server->state()->describeSnapshots({}, marker);
        if (!page)
            return {};
        for (const Snapshot &s : page.value().items)
            entries.append(SnapshotEntry(s));
        marker = page.value().marker;
    } while (!marker.isEmpty());
    do {
        const auto page = m_server->state()->describeServerlessCacheSnapshots({}, marker);
        if (!page)
            return {};
        for (const ServerlessCacheSnapshot &s : page.value().items)
            entries.append(SnapshotEntry(s));
        marker = page.value().marker;
    } while (!marker.isEmpty());
    return entries;
}

// Every cluster, group and serverless cache the sandbox has is a row, with its settings as the service describes
// them; the snapshot table stays the tab shown first.
void TestCachesView::sourcesListed()
{
    auto window = makeWindow();
    QCOMPARE(window->tabs()->currentIndex(), 0);
    QVERIFY(waitForCaches(window.get()));
    CacheTableModel *model = window->cachesView()->model();
    const QList<CacheSource> expected = sandboxSources();
    QVERIFY(expected.size() > 3);
    QCOMPARE(model->rowCount(), expected.size());
    for (const CacheSource &source : expected) {
        const int row = model->rowOf(source.key());
        QVERIFY2(row >= 0, qPrintable(source.key()));
        const CacheSource &shown = model->sourceAt(row);
        QCOMPARE(shown.settings.retentionDays, source.settings.retentionDays);
        QCOMPARE(shown.settings.snapshotWindow, source.settings.snapshotWindow);
        QCOMPARE(shown.settings.dailySnapshotTime, source.settings.dailySnapshotTime);
        QCOMPARE(shown.settings.snapshottingClusterId, source.settings.snapshottingClusterId);
        QCOMPARE(shown.status, source.status);
        QCOMPARE(model->index(row, CacheTableModel::NameColumn).data().toString(), source.id);
        QCOMPARE(model->index(row, CacheTableModel::RetentionColumn).data().toString(),
                 CacheTableModel::retentionText(source));
        // A group's maintenance window is its members'.
        if (source.kind == CacheSource::Kind::ReplicationGroup && !source.memberClusters.isEmpty()) {
            const int member
                = model->rowOf(CacheSource::keyOf(CacheSource::Kind::CacheCluster, source.memberClusters.first()));
            QVERIFY(member >= 0);
            QCOMPARE(shown.maintenanceWindow, model->sourceAt(member).maintenanceWindow);
        }
    }

    // The newest snapshot of each source comes from the snapshot table.
    const UnprotectedSources::LatestBySource latest = UnprotectedSources::collect(sandboxSnapshots());
    int withSnapshots = 0;
    for (const CacheSource &source : expected) {
        const int row = model->rowOf(source.key());
        const QDateTime newest = latest.value(source.key()).any;
        QCOMPARE(model->index(row, CacheTableModel::LatestSnapshotColumn).data(CacheTableModel::RawRole).toDateTime(),
                 newest);
        withSnapshots += newest.isValid() ? 1 : 0;
    }
    QVERIFY(withSnapshots > 0);

    // Found in one look: a tab next to the snapshots; the details of a selected source show its settings.
    window->tabs()->setCurrentWidget(window->cachesView());
    const auto groupIt = std::find_if(expected.cbegin(), expected.cend(), [](const CacheSource &s) {
        return s.kind == CacheSource::Kind::ReplicationGroup && s.unsupported.isEmpty() && s.status == u"available";
    });
    QVERIFY(groupIt != expected.cend());
    const CacheSource group = *groupIt;
    QVERIFY(window->cachesView()->selectSource(group.kind, group.id));
    CacheDetailsPane *details = window->cachesView()->detailsPane();
    QCOMPARE(details->valueOf(u"Retention"_s), CacheTableModel::retentionText(group));
    QCOMPARE(details->valueOf(u"Snapshotting cluster"_s), CacheTableModel::snapshottingText(group));
    QVERIFY(details->editButton()->isEnabled());
    screenshot(window.get(), u"view"_s);
    screenshotSmall(window.get(), u"view-800x600"_s);
}

// The "Without backups" view lists exactly the caches whose retention is 0 and which have no usable manual snapshot
// in the last N days (worked out here from the sandbox's own data), with their count on the tab; N is editable.
void TestCachesView::unprotectedFound()
{
    auto window = makeWindow();
    QVERIFY(waitForCaches(window.get()));
    CachesView *caches = window->cachesView();
    window->tabs()->setCurrentWidget(caches);

    const QList<CacheSource> sources = sandboxSources();
    const QList<SnapshotEntry> snapshots = sandboxSnapshots();
    const auto expectedFor = [&](int days) {
        const QDateTime cutOff = QDateTime::currentDateTimeUtc().addDays(-days);
        QStringList ids;
        for (const CacheSource &s : sources) {
            const bool member = s.kind == CacheSource::Kind::CacheCluster && !s.replicationGroupId.isEmpty();
            const bool noBackups = s.engine == u"memcached" || (!s.clusterMode && s.nodeType == u"cache.t1.micro");
            if (member || noBackups || s.settings.retentionDays > 0)
                continue;
            const bool protectedByManual
                = std::any_of(snapshots.cbegin(), snapshots.cend(), [&](const SnapshotEntry &e) {
                      if (e.isAutomatic() || e.status() != SnapshotEntry::Status::Available || e.created() < cutOff)
                          return false;
                      switch (s.kind) {
                      case CacheSource::Kind::ServerlessCache:
                          return e.serverlessCache() == s.id;
                      case CacheSource::Kind::ReplicationGroup:
                          return e.kind() == SnapshotEntry::Kind::NodeBased && e.replicationGroup() == s.id;
                      case CacheSource::Kind::CacheCluster:
                          return e.kind() == SnapshotEntry::Kind::NodeBased && e.cluster() == s.id;
                      }
                      return false;
                  });
            if (!protectedByManual)
                ids.append(s.id);
        }
        ids.sort();
        return ids;
    };
    const auto shownIds = [caches] {
        QStringList ids;
        for (int row = 0; row < caches->proxy()->rowCount(); ++row)
            ids.append(caches->proxy()->index(row, CacheTableModel::NameColumn).data().toString());
        ids.sort();
        return ids;
    };

    QTest::mouseClick(caches->findChild<QToolButton *>(u"showUnprotected"_s), Qt::LeftButton);
    QVERIFY(caches->unprotectedOnly());
    const QStringList expected30 = expectedFor(30);
    QVERIFY2(expected30.size() >= 2, qPrintable(expected30.join(u", "_s))); // the sandbox's seeded promise
    QCOMPARE(shownIds(), expected30);
    QCOMPARE(caches->unprotectedCount(), expected30.size());
    QVERIFY2(window->tabs()->tabText(1).contains(QString::number(expected30.size())),
             qPrintable(window->tabs()->tabText(1)));
    QVERIFY(
        caches->findChild<QToolButton *>(u"showUnprotected"_s)->text().contains(QString::number(expected30.size())));
    // Each row says why in its details.
    QVERIFY(caches->selectSource(
        caches->model()->sourceAt(caches->proxy()->mapToSource(caches->proxy()->index(0, 0)).row()).kind,
        caches->proxy()->index(0, 0).data().toString()));
    QVERIFY(caches->detailsPane()->findChild<QLabel *>(u"unprotectedNote"_s)->isVisible());
    screenshot(window.get(), u"without-backups"_s);
    screenshotSmall(window.get(), u"without-backups-800x600"_s);

    // A longer look-back lets older manual snapshots count; typed into the days box.
    auto *days = caches->findChild<QSpinBox *>(u"unprotectedDays"_s);
    retype(days, u"3650"_s);
    QTRY_COMPARE(shownIds(), expectedFor(3650));
    QVERIFY(expectedFor(3650).size() <= expected30.size());
    retype(days, u"1"_s);
    QTRY_COMPARE(shownIds(), expectedFor(1));

    // Back to every cache.
    QTest::mouseClick(caches->findChild<QToolButton *>(u"showAllCaches"_s), Qt::LeftButton);
    QCOMPARE(caches->proxy()->rowCount(), sources.size());
}

// Members of replication groups and caches that cannot have backups are shown, but their settings cannot be
// edited, and the details say why.
void TestCachesView::notEditableSources()
{
    auto window = makeWindow();
    QVERIFY(waitForCaches(window.get()));
    CachesView *caches = window->cachesView();
    window->tabs()->setCurrentWidget(caches);
    int checked = 0;
    for (const CacheSource &s : sandboxSources()) {
        const bool member = s.kind == CacheSource::Kind::CacheCluster && !s.replicationGroupId.isEmpty();
        if (!member && s.unsupported.isEmpty())
            continue;
        QVERIFY(caches->selectSource(s.kind, s.id));
        QVERIFY(!caches->detailsPane()->editButton()->isEnabled());
        QVERIFY(!caches->editAction()->isEnabled());
        auto *why = caches->detailsPane()->findChild<QLabel *>(u"notEditableReason"_s);
        QVERIFY(why->isVisible());
        QVERIFY2(why->text().contains(member ? s.replicationGroupId : s.unsupported), qPrintable(why->text()));
        ++checked;
    }
    QVERIFY(checked > 0);
}

// Each rule the dialog applies shows its refusal with the reason, and OK stays off until the input is acceptable.
void TestCachesView::refusalsShown()
{
    auto window = makeWindow();
    QVERIFY(waitForCaches(window.get()));
    const QList<CacheSource> sources = sandboxSources();
    const auto find = [&](auto predicate) {
        const auto it = std::find_if(sources.cbegin(), sources.cend(), predicate);
        return it == sources.cend() ? std::optional<CacheSource>() : std::optional<CacheSource>(*it);
    };
    const auto editable = [](const CacheSource &s) {
        return s.unsupported.isEmpty() && s.status == u"available"
            && (s.kind != CacheSource::Kind::CacheCluster || s.replicationGroupId.isEmpty());
    };
    const std::optional<CacheSource> group = find([&](const CacheSource &s) {
        return editable(s) && s.kind == CacheSource::Kind::ReplicationGroup && !s.clusterMode
            && s.memberClusters.size() >= 2;
    });
    QVERIFY(group);
    CacheTableModel *model = window->cachesView()->model();
    const CacheSource shown = model->sourceAt(model->rowOf(group->key()));
    QVERIFY(!shown.maintenanceWindow.isEmpty());

    BackupSettingsDialog *dialog = openEditor(window.get(), group->kind, group->id);
    QVERIFY(dialog);
    auto *validation = dialog->findChild<QLabel *>(u"validation"_s);
    auto *window_ = dialog->findChild<QLineEdit *>(u"snapshotWindow"_s);
    auto *snapshotting = dialog->findChild<QComboBox *>(u"snapshottingCluster"_s);
    auto *retention = dialog->findChild<QSpinBox *>(u"retention"_s);
    QVERIFY(validation && window_ && snapshotting && retention);
    QVERIFY(!okButton(dialog)->isEnabled()); // nothing changes yet

    const auto refused = [&](const QString &reasonHas) {
        return validation->isVisible() && validation->text().contains(reasonHas) && !okButton(dialog)->isEnabled();
    };
    retype(window_, u"05:00-05:30"_s);
    QVERIFY2(refused(u"at least 60 minutes"_s), qPrintable(validation->text()));
    retype(window_, u"5 to 6"_s);
    QVERIFY2(refused(u"hh24:mi-hh24:mi"_s), qPrintable(validation->text()));
    // A window on the maintenance window's start time overlaps it.
    const auto maintenance = BackupRules::parseMaintenanceWindow(shown.maintenanceWindow);
    QVERIFY(maintenance);
    const int start = maintenance->startMinute % 1440;
    const QString overlapping = u"%1:%2-%3:%4"_s.arg(start / 60, 2, 10, QChar(u'0'))
                                    .arg(start % 60, 2, 10, QChar(u'0'))
                                    .arg((start / 60 + 1) % 24, 2, 10, QChar(u'0'))
                                    .arg(start % 60, 2, 10, QChar(u'0'));
    retype(window_, overlapping);
    QVERIFY2(refused(u"overlaps the maintenance window"_s), qPrintable(validation->text()));
    screenshot(dialog, u"settings-refusal"_s);
    retype(window_, group->settings.snapshotWindow);
    QVERIFY(!validation->isVisible());

    retype(snapshotting->lineEdit(), u"not-a-member"_s);
    QVERIFY2(refused(u"not a member"_s), qPrintable(validation->text()));
    retype(snapshotting->lineEdit(), QString());
    retype(retention, group->settings.retentionDays == 0 ? u"5"_s : QString::number(group->settings.retentionDays + 1));
    if (group->settings.retentionDays == 0 || !group->settings.snapshottingClusterId.isEmpty())
        QVERIFY2(refused(u"snapshotting cluster"_s), qPrintable(validation->text()));
    snapshotting->setCurrentIndex(1);
    QVERIFY2(!validation->isVisible(), qPrintable(validation->text()));
    QVERIFY(okButton(dialog)->isEnabled());
    QVERIFY(dialog->findChild<QLabel *>(u"changes"_s)->text().contains(u"What will change"_s));
    dialog->reject();

    // With cluster mode enabled the snapshotting cluster is shown but cannot be set, and says why.
    if (const std::optional<CacheSource> clusterMode = find([&](const CacheSource &s) {
            return editable(s) && s.kind == CacheSource::Kind::ReplicationGroup && s.clusterMode;
        })) {
        QTRY_VERIFY(!window->cachesView()->openDialog());
        dialog = openEditor(window.get(), clusterMode->kind, clusterMode->id);
        QVERIFY(dialog);
        snapshotting = dialog->findChild<QComboBox *>(u"snapshottingCluster"_s);
        QVERIFY(!snapshotting->isEnabled());
        QVERIFY(snapshotting->currentText().contains(u"cluster mode"_s));
        dialog->reject();
    } else {
        QFAIL("the sandbox has no available cluster-mode-enabled group");
    }

    // A serverless cache's daily time is HH:MM; turning backups off is named on OK and warned about.
    const std::optional<CacheSource> serverless = find([&](const CacheSource &s) {
        return editable(s) && s.kind == CacheSource::Kind::ServerlessCache && s.settings.retentionDays > 0;
    });
    QVERIFY(serverless);
    QTRY_VERIFY(!window->cachesView()->openDialog());
    dialog = openEditor(window.get(), serverless->kind, serverless->id);
    QVERIFY(dialog);
    validation = dialog->findChild<QLabel *>(u"validation"_s);
    auto *daily = dialog->findChild<QLineEdit *>(u"dailySnapshotTime"_s);
    QVERIFY(daily);
    retype(daily, u"25:00"_s);
    QVERIFY2(refused(u"HH:MM"_s), qPrintable(validation->text()));
    retype(daily, QString());
    QVERIFY2(refused(u"cannot be removed"_s), qPrintable(validation->text()));
    retype(daily, serverless->settings.dailySnapshotTime);
    retype(dialog->findChild<QSpinBox *>(u"retention"_s), u"0"_s);
    QVERIFY(dialog->findChild<QLabel *>(u"warning"_s)->isVisible());
    QCOMPARE(okButton(dialog)->text(), u"Turn off automatic backups"_s);
    QVERIFY(okButton(dialog)->isEnabled());
    dialog->reject();
}

// A request that fails is said in plain words in the dialog, which stays open with what was typed.
void TestCachesView::failedRequestKeepsInput()
{
    auto window = makeWindow();
    QVERIFY(waitForCaches(window.get()));
    window->client()->setRetryRandomSource([] { return 0.0; });
    const QList<CacheSource> sources = sandboxSources();
    const auto it = std::find_if(sources.cbegin(), sources.cend(), [](const CacheSource &s) {
        return s.kind == CacheSource::Kind::ServerlessCache && s.status == u"available";
    });
    QVERIFY(it != sources.cend());
    BackupSettingsDialog *dialog = openEditor(window.get(), it->kind, it->id);
    QVERIFY(dialog);
    auto *daily = dialog->findChild<QLineEdit *>(u"dailySnapshotTime"_s);
    const QString typed = it->settings.dailySnapshotTime == u"06:45" ? u"07:15"_s : u"06:45"_s;
    retype(daily, typed);
    QVERIFY(okButton(dialog)->isEnabled());
    m_server.reset(); // nothing answers any more
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    auto *validation = dialog->findChild<QLabel *>(u"validation"_s);
    QTRY_VERIFY_WITH_TIMEOUT(validation->isVisible() && validation->text().contains(u"The request failed"_s), 20000);
    QVERIFY(dialog->isVisible());
    QCOMPARE(daily->text(), typed);
    QVERIFY(daily->isEnabled());
    QVERIFY2(validation->text().contains(u"press OK to send it again"_s), qPrintable(validation->text()));
    QVERIFY(okButton(dialog)->isEnabled()); // a transient failure may be sent again as it is
    dialog->reject();
}

QString TestCachesView::freeWindow(const CacheSource &source)
{
    const auto maintenance = BackupRules::parseMaintenanceWindow(source.maintenanceWindow);
    for (int hour = 0; hour < 24; ++hour) {
        const QString window = u"%1:15-%2:15"_s.arg(hour, 2, 10, QChar(u'0')).arg((hour + 1) % 24, 2, 10, QChar(u'0'));
        if (window == source.settings.snapshotWindow)
            continue;
        if (!maintenance || !BackupRules::overlaps(*BackupRules::parseSnapshotWindow(window), *maintenance))
            return window;
    }
    return QString();
}

bool TestCachesView::applyAndClose(BackupSettingsDialog *dialog)
{
    QPointer<BackupSettingsDialog> guard(dialog);
    if (!okButton(dialog)->isEnabled())
        return false;
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    return QTest::qWaitFor([&guard] { return !guard || !guard->isVisible(); }, 10000);
}

// A change made in the dialog is what the service holds afterwards (read back with a Describe call of its own), and
// the row shows it: a cluster-mode-disabled group (retention, window, snapshotting cluster), a cluster whose backups
// are turned on, and a serverless cache's daily time.
void TestCachesView::settingsAppliedAndReadBack()
{
    auto window = makeWindow();
    QVERIFY(waitForCaches(window.get()));
    QSignalSpy notified(window.get(), &MainWindow::notified);
    CacheTableModel *model = window->cachesView()->model();
    auto describer = client();
    QVERIFY(describer);

    // The cluster-mode-disabled group: retention, window and the cluster the daily backup is taken from.
    const int groupRow = model->rowOf(u"rg/demo-redis-rg"_s);
    QVERIFY(groupRow >= 0);
    const CacheSource group = model->sourceAt(groupRow);
    QVERIFY(!group.clusterMode && group.memberClusters.size() == 2);
    const QString otherMember
        = group.memberClusters.at(group.settings.snapshottingClusterId == group.memberClusters.at(0) ? 1 : 0);
    const QString groupWindow = freeWindow(group);
    BackupSettingsDialog *dialog = openEditor(window.get(), group.kind, group.id);
    QVERIFY(dialog);
    retype(dialog->findChild<QSpinBox *>(u"retention"_s), u"9"_s);
    retype(dialog->findChild<QLineEdit *>(u"snapshotWindow"_s), groupWindow);
    auto *snapshotting = dialog->findChild<QComboBox *>(u"snapshottingCluster"_s);
    snapshotting->setCurrentIndex(snapshotting->findText(otherMember));
    QCOMPARE(okButton(dialog)->text(), u"Apply 3 changes"_s);
    QVERIFY(applyAndClose(dialog));
    ReplicationGroup readGroup;
    {
        DescribeReplicationGroupsRequest request;
        request.replicationGroupId = group.id;
        const auto result = await<QList<ReplicationGroup>>(describer->describeReplicationGroups(request));
        QVERIFY(result && *result && result->value().size() == 1);
        readGroup = result->value().first();
    }
    QCOMPARE(readGroup.snapshotRetentionLimit.value_or(-1), 9);
    QCOMPARE(readGroup.snapshotWindow, groupWindow);
    QCOMPARE(readGroup.snapshottingClusterId, otherMember);
    QCOMPARE(model->index(model->rowOf(group.key()), CacheTableModel::RetentionColumn).data().toString(), u"9 days"_s);
    QCOMPARE(model->sourceAt(model->rowOf(group.key())).settings.snapshottingClusterId, otherMember);
    QVERIFY(!notified.isEmpty() && notified.last().at(0).toString().contains(group.id));

    // A cluster without automatic backups gets them.
    const CacheSource cluster = model->sourceAt(model->rowOf(u"cc/demo-multidb-001"_s));
    QCOMPARE(cluster.settings.retentionDays, 0);
    QTRY_VERIFY(!window->cachesView()->openDialog());
    dialog = openEditor(window.get(), cluster.kind, cluster.id);
    QVERIFY(dialog);
    retype(dialog->findChild<QSpinBox *>(u"retention"_s), u"3"_s);
    QVERIFY(dialog->findChild<QLabel *>(u"changes"_s)->text().contains(u"on, kept 3 days"_s));
    QVERIFY(applyAndClose(dialog));
    {
        DescribeCacheClustersRequest request;
        request.cacheClusterId = cluster.id;
        const auto result = await<QList<CacheCluster>>(describer->describeCacheClusters(request));
        QVERIFY(result && *result && result->value().size() == 1);
        QCOMPARE(result->value().first().snapshotRetentionLimit.value_or(-1), 3);
        QCOMPARE(result->value().first().snapshotWindow, cluster.settings.snapshotWindow); // not sent, kept
    }

    // A serverless cache's daily snapshot time.
    const CacheSource serverless = model->sourceAt(model->rowOf(u"sc/demo-serverless"_s));
    const QString time = serverless.settings.dailySnapshotTime == u"02:30" ? u"03:45"_s : u"02:30"_s;
    QTRY_VERIFY(!window->cachesView()->openDialog());
    dialog = openEditor(window.get(), serverless.kind, serverless.id);
    QVERIFY(dialog);
    retype(dialog->findChild<QLineEdit *>(u"dailySnapshotTime"_s), time);
    QVERIFY(applyAndClose(dialog));
    {
        DescribeServerlessCachesRequest request;
        request.serverlessCacheName = serverless.id;
        const auto result = await<QList<ServerlessCache>>(describer->describeServerlessCaches(request));
        QVERIFY(result && *result && result->value().size() == 1);
        QCOMPARE(result->value().first().dailySnapshotTime, time);
        QCOMPARE(result->value().first().snapshotRetentionLimit, serverless.settings.retentionDays);
    }
    QCOMPARE(model->index(model->rowOf(serverless.key()), CacheTableModel::WindowColumn).data().toString(),
             u"daily at %1 UTC"_s.arg(time));
}

// What only the service can tell (the cluster started a backup after the list was read) comes back as its refusal,
// in the dialog, with the input kept; the same request is not sent again unchanged.
void TestCachesView::serviceRefusalShown()
{
    auto window = makeWindow();
    QVERIFY(waitForCaches(window.get()));
    const CacheSource cluster
        = window->cachesView()->model()->sourceAt(window->cachesView()->model()->rowOf(u"cc/demo-redis-001"_s));
    QCOMPARE(cluster.status, u"available"_s);
    BackupSettingsDialog *dialog = openEditor(window.get(), cluster.kind, cluster.id);
    QVERIFY(dialog);
    const QString days = QString::number(cluster.settings.retentionDays + 2);
    retype(dialog->findChild<QSpinBox *>(u"retention"_s), days);
    QVERIFY(okButton(dialog)->isEnabled());

    auto other = client();
    CreateSnapshotRequest snapshot;
    snapshot.cacheClusterId = cluster.id;
    snapshot.snapshotName = u"taken-meanwhile"_s;
    const auto taken = await<Snapshot>(other->createSnapshot(snapshot));
    QVERIFY(taken && *taken);

    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    auto *validation = dialog->findChild<QLabel *>(u"validation"_s);
    QTRY_VERIFY_WITH_TIMEOUT(validation->isVisible() && validation->text().contains(u"InvalidCacheClusterState"_s),
                             10000);
    QVERIFY2(validation->text().contains(u"The cache is busy"_s), qPrintable(validation->text()));
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->findChild<QSpinBox *>(u"retention"_s)->text(), days + u" days"_s);
    QVERIFY(!okButton(dialog)->isEnabled()); // refused: not again as it is
    dialog->reject();
}

// A cache the app starts (here created in the sandbox, as a restore does) is followed until it is available: its row
// appears with its live status, the "restored from" record is kept under restoredFrom/<ARN> and shown.
void TestCachesView::followsCreatedCache()
{
    SandboxConfig config;
    config.createSeconds = 1;
    makeServer(config);
    auto window = makeWindow();
    QVERIFY(waitForCaches(window.get()));
    CacheWatch *watch = window->cacheWatch();
    watch->setDelays(100, 300, 20000);
    QSignalSpy changed(watch, &CacheWatch::changed);
    QSignalSpy finished(watch, &CacheWatch::finished);

    auto creator = client();
    CreateCacheClusterRequest request;
    request.cacheClusterId = u"restored-multidb"_s;
    request.snapshotName = u"demo-multidb-manual"_s;
    const auto created = await<CreateCacheClusterResult>(creator->createCacheCluster(request));
    QVERIFY(created);
    if (!*created)
        QFAIL(qPrintable(created->error().toString()));
    watch->follow(CacheWatch::Kind::CacheCluster, request.cacheClusterId, request.snapshotName);
    QVERIFY(watch->isFollowing(CacheWatch::Kind::CacheCluster, request.cacheClusterId));

    QVERIFY(finished.wait(15000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().at(1).toString(), request.cacheClusterId);
    QCOMPARE(finished.first().at(2).toBool(), true);
    QVERIFY(finished.first().at(3).toString().contains(u"available"_s));
    QStringList statuses;
    for (const QList<QVariant> &args : std::as_const(changed))
        statuses.append(args.at(2).toString());
    QCOMPARE(statuses.last(), u"available"_s);
    QVERIFY2(statuses.first() == u"creating"_s, qPrintable(statuses.join(u", "_s)));

    const auto followed = watch->followed(CacheWatch::Kind::CacheCluster, request.cacheClusterId);
    QVERIFY(followed && followed->done && followed->ok && !followed->arn.isEmpty());
    QCOMPARE(QSettings().value(CacheWatch::restoredFromKey(followed->arn)).toString(), request.snapshotName);

    CacheTableModel *model = window->cachesView()->model();
    const int row = model->rowOf(u"cc/restored-multidb"_s);
    QVERIFY(row >= 0);
    QCOMPARE(model->sourceAt(row).status, u"available"_s);
    QCOMPARE(model->index(row, CacheTableModel::RestoredFromColumn).data().toString(), request.snapshotName);
    window->tabs()->setCurrentWidget(window->cachesView());
    QVERIFY(window->cachesView()->selectSource(CacheSource::Kind::CacheCluster, request.cacheClusterId));
    QCOMPARE(window->cachesView()->detailsPane()->valueOf(u"Restored from"_s), request.snapshotName);
}

// A followed cache that does not exist (deleted, or a create that never happened) ends the watch with a failure.
void TestCachesView::followsMissingCache()
{
    auto window = makeWindow();
    QVERIFY(waitForCaches(window.get()));
    CacheWatch *watch = window->cacheWatch();
    watch->setDelays(50, 100, 5000);
    QSignalSpy finished(watch, &CacheWatch::finished);
    QSignalSpy notified(window.get(), &MainWindow::notified);
    watch->follow(CacheWatch::Kind::ReplicationGroup, u"never-made"_s, u"some-snapshot"_s);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().at(2).toBool(), false);
    QVERIFY2(finished.first().at(3).toString().contains(u"no longer exists"_s),
             qPrintable(finished.first().at(3).toString()));
    QTRY_VERIFY(!notified.isEmpty());
    QVERIFY(window->errorBar()->text().contains(u"never-made"_s));
}

// More snapshots than one slice of the newest-snapshot pass (20,000 rows a turn): rows arriving are noted as they
// come, and a removal makes a full pass over every row, in slices, whose result replaces what was noted.
void TestCachesView::newestFollowsRemovalsAtScale()
{
    makeServer({}, 18000);
    auto window = makeWindow();
    QVERIFY(waitForCaches(window.get(), 90000));
    SnapshotTableModel *snapshots = window->model();
    QVERIFY2(snapshots->rowCount() > 20000, qPrintable(QString::number(snapshots->rowCount())));
    CacheTableModel *model = window->cachesView()->model();
    const auto newestShown = [model](const QString &key) {
        return model->index(model->rowOf(key), CacheTableModel::LatestSnapshotColumn)
            .data(CacheTableModel::RawRole)
            .toDateTime();
    };
    // As listed: each source's newest snapshot is the newest among the table's rows.
    UnprotectedSources::LatestBySource expected = UnprotectedSources::collect(snapshots->snapshots());
    QString key; // a cluster that has snapshots
    for (int row = 0; row < model->rowCount() && key.isEmpty(); ++row) {
        const CacheSource &source = model->sourceAt(row);
        if (source.kind == CacheSource::Kind::CacheCluster && expected.value(source.key()).any.isValid())
            key = source.key();
    }
    QVERIFY(!key.isEmpty());
    QCOMPARE(newestShown(key), expected.value(key).any);

    // Its newest snapshot goes from the table (as a deletion or a refresh would take it): the next newest shows.
    const QString newestName = expected.value(key).anyName;
    QVERIFY(snapshots->remove(SnapshotEntry::Kind::NodeBased, newestName));
    expected = UnprotectedSources::collect(snapshots->snapshots());
    QVERIFY(expected.value(key).anyName != newestName);
    QTRY_COMPARE_WITH_TIMEOUT(newestShown(key), expected.value(key).any, 10000);
    for (int row = 0; row < model->rowCount(); ++row) {
        const CacheSource &source = model->sourceAt(row);
        QCOMPARE(newestShown(source.key()), expected.value(source.key()).any);
    }
}

// A long list of sources is merged a slice a turn of the event loop (the window is never held for all of them at
// once); once whole, the rows are exactly the list's, and a list given meanwhile overtakes the one under way.
void TestCachesView::longSourceListMergedInSlices()
{
    CacheTableModel model;
    CacheFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(CacheTableModel::NameColumn);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    const QList<CacheSource> first = clusters(0, 23000, u"available"_s);
    model.setSources(first);
    QVERIFY(model.isApplyingSources());
    QVERIFY(model.rowCount() > 0 && model.rowCount() < first.size()); // a slice now, the rest on later turns
    QTRY_VERIFY(!model.isApplyingSources());
    QVERIFY(inserted.size() > 1);
    QVERIFY(rowsAre(model, first));
    QCOMPARE(proxy.rowCount(), first.size());
    QCOMPARE(proxy.index(0, CacheTableModel::NameColumn).data().toString(), u"cluster-000000"_s);

    // Overtaken half way: the rows end as the newer list, whose first 4,000 are gone, the next 4,000 changed and
    // 3,000 new at the end.
    QList<CacheSource> second = clusters(4000, 4000, u"modifying"_s) + clusters(8000, 15000, u"available"_s)
        + clusters(23000, 3000, u"creating"_s);
    model.setSources(clusters(0, 23000, u"snapshotting"_s));
    QVERIFY(model.isApplyingSources());
    model.setSources(second);
    QTRY_VERIFY(!model.isApplyingSources());
    QVERIFY(rowsAre(model, second));
    QCOMPARE(proxy.rowCount(), second.size());
    QCOMPARE(proxy.index(0, CacheTableModel::NameColumn).data().toString(), u"cluster-004000"_s);

    // A short list is merged at once.
    const QList<CacheSource> few = clusters(100, 10, u"available"_s);
    model.setSources(few);
    QVERIFY(!model.isApplyingSources());
    QVERIFY(rowsAre(model, few));
}

// Room for a list much longer than the rows the model has room for is made in a turn of its own, which merges
// nothing (growing the index to 375,000 keys took 15 ms, and in the call that handed the list over it held the window
// for 53 ms with the slice after it); right after another turn of the window's thread, in the same pass of the event
// loop, it waits for the next pass.
void TestCachesView::roomForALongListIsATurnOfItsOwn()
{
    CacheTableModel model;
    const QList<CacheSource> first = clusters(0, 1000, u"available"_s);
    model.setSources(first);
    QTRY_VERIFY(!model.isApplyingSources());

    // New rows first, so that any slice merged shows in the row count.
    const QList<CacheSource> longer = clusters(1000, 59000, u"available"_s) + first;
    QTest::qSleep(20); // no turn of this thread in this pass (TurnBudget: within 5 ms)
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setSources(longer);
    QVERIFY(model.isApplyingSources());
    QCOMPARE(model.rowCount(), first.size()); // the room made, nothing merged
    // The slices follow, one a pass of the event loop.
    QCoreApplication::processEvents();
    QCOMPARE(inserted.size(), 1);
    QCoreApplication::processEvents();
    QCOMPARE(inserted.size(), 2);
    QTRY_VERIFY(!model.isApplyingSources());
    QVERIFY(rowsAre(model, longer));

    const QList<CacheSource> longest = clusters(60000, 60000, u"available"_s) + longer;
    TurnBudget other(1000);
    QElapsedTimer sinceTurn;
    other.start();
    other.finish(0);
    sinceTurn.start();
    model.setSources(longest);
    if (sinceTurn.nsecsElapsed() > 1000000)
        QSKIP("the machine took over a millisecond between a turn and setSources(): no longer the same pass");
    QCOMPARE(model.rowCount(), longer.size());
    QCoreApplication::processEvents(); // the next pass: the room, and no slice yet
    QCOMPARE(model.rowCount(), longer.size());
    QVERIFY(model.isApplyingSources());
    QTRY_VERIFY(!model.isApplyingSources());
    QVERIFY(rowsAre(model, longest));
}

// The slices follow one another as a timer, not as queued calls: a pass of the event loop delivers its posted
// events before its timers, so a timer that fell due during a slice waited for the next slice, queued meanwhile (two
// slices and a layout held the loop for 54 ms at a million snapshots in one connection).
void TestCachesView::aTimerDueDuringASliceRunsBeforeTheNext()
{
    CacheTableModel model;
    const QList<CacheSource> first = clusters(0, 1000, u"available"_s);
    model.setSources(first);
    QTRY_VERIFY(!model.isApplyingSources());
    QTest::qSleep(20); // no turn of this thread in this pass (TurnBudget: within 5 ms)

    int slices = 0;
    std::optional<int> slicesWhenDue;
    QTimer due; // what the window's other work waits on: the next merge of snapshots, a repaint's timer
    due.setSingleShot(true);
    due.setInterval(0);
    connect(&due, &QTimer::timeout, this, [&] { slicesWhenDue = slices; });
    connect(&model, &QAbstractItemModel::rowsInserted, this, [&] {
        if (++slices == 1)
            due.start();
    });
    model.setSources(clusters(1000, 59000, u"available"_s) + first);
    QTRY_VERIFY(!model.isApplyingSources());
    QVERIFY2(slices >= 3, qPrintable(QString::number(slices)));
    QCOMPARE(slicesWhenDue, std::optional<int>(1));
}

// A long source list's groups get their members' maintenance window and engine version on a worker thread, and are
// shown only with them; the listing finishes once they are shown.
void TestCachesView::groupsFilledApartBeforeShown()
{
    const std::unique_ptr<ElastiCacheClient> elasticache = client();
    CacheListing listing;
    listing.setFillApartSources(0);
    listing.setClient(elasticache.get());
    const auto unfilled = [&listing] {
        QHash<QString, const CacheSource *> clusters;
        for (const CacheSource &cluster : listing.sources(CacheSource::Kind::CacheCluster))
            clusters.insert(cluster.id, &cluster);
        int groups = 0;
        for (const CacheSource &group : listing.sources(CacheSource::Kind::ReplicationGroup)) {
            const CacheSource *member
                = group.memberClusters.isEmpty() ? nullptr : clusters.value(group.memberClusters.first());
            if (member && !member->maintenanceWindow.isEmpty()
                && (group.maintenanceWindow != member->maintenanceWindow
                    || group.engineVersion != member->engineVersion))
                ++groups;
        }
        return groups;
    };
    int shownUnfilled = 0;
    int changes = 0;
    connect(&listing, &CacheListing::sourcesChanged, this, [&] {
        ++changes;
        shownUnfilled += unfilled();
    });
    QSignalSpy finished(&listing, &CacheListing::finished);
    listing.refresh();
    QVERIFY(finished.wait(15000));
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY(!listing.isLoading());
    // The serverless caches and the filled groups, at least: the clusters are announced on their own only when no
    // groups wait for them, and clusters that arrive while the groups are filled start that fill again instead.
    QVERIFY(changes >= 2);
    QCOMPARE(shownUnfilled, 0);
    int withMembers = 0;
    for (const CacheSource &group : listing.sources(CacheSource::Kind::ReplicationGroup))
        withMembers += group.memberClusters.isEmpty() || group.maintenanceWindow.isEmpty() ? 0 : 1;
    QVERIFY(withMembers > 0);

    // Listed again: the clusters come back while the groups are filled, or after; either way once, shown filled.
    finished.clear();
    listing.refresh();
    QVERIFY(finished.wait(15000));
    QCOMPARE(shownUnfilled, 0);
    QCOMPARE(unfilled(), 0);

    // Another connection while listing: nothing of the old one arrives, and it never finishes.
    finished.clear();
    listing.refresh();
    listing.setClient(nullptr);
    QTest::qWait(300);
    QVERIFY(listing.sources(CacheSource::Kind::ReplicationGroup).isEmpty());
    QVERIFY(listing.sources(CacheSource::Kind::CacheCluster).isEmpty());
    QVERIFY(!listing.isLoading());
    QCOMPARE(finished.size(), 0);
}

// The newest snapshots are read where the Caches view keeps them: all of them when the hash is another, and
// otherwise only the sources it names as changed; the counts of sources without backups follow row by row.
void TestCachesView::newestReadForChangedSourcesOnly()
{
    const auto cluster = [](const QString &id, int retentionDays) {
        CacheSource source;
        source.kind = CacheSource::Kind::CacheCluster;
        source.id = id;
        source.status = u"available"_s;
        source.engine = u"redis"_s;
        source.settings.retentionDays = retentionDays;
        return source;
    };
    const auto manual = [](const QString &name, const QString &clusterId, const QDateTime &created) {
        return SnapshotEntry(manualSnapshot(name, clusterId, created));
    };
    const QDateTime now(QDate(2026, 12, 4), QTime(12, 0), Qt::UTC);
    CacheTableModel model;
    model.setReferenceTime(now);
    model.setSources(QList<CacheSource> {cluster(u"bare-1"_s, 0), cluster(u"bare-2"_s, 0), cluster(u"kept"_s, 7)});
    QCOMPARE(model.unprotected().unprotected, 2);

    UnprotectedSources::LatestBySource latest;
    UnprotectedSources::note(latest, manual(u"old"_s, u"bare-1"_s, now.addDays(-90)));
    model.setLatest(&latest);
    QCOMPARE(model.unprotected().unprotected, 2); // a manual snapshot older than the 30 days protects nothing
    const int bare1 = model.rowOf(u"cc/bare-1"_s);
    QCOMPARE(model.latestAt(bare1).anyName, u"old"_s);

    // A recent manual snapshot of bare-1 and one of bare-2, but only bare-1 named as changed: only its row is read.
    QSet<QString> changed;
    UnprotectedSources::note(latest, manual(u"new-1"_s, u"bare-1"_s, now.addDays(-1)), &changed);
    UnprotectedSources::note(latest, manual(u"new-2"_s, u"bare-2"_s, now.addDays(-1)));
    QCOMPARE(changed, QSet<QString> {u"cc/bare-1"_s});
    QSignalSpy rowsChanged(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy counts(&model, &CacheTableModel::unprotectedChanged);
    model.latestChanged(changed);
    QCOMPARE(model.latestAt(bare1).anyName, u"new-1"_s);
    QVERIFY(!model.isUnprotected(bare1));
    QCOMPARE(model.latestAt(model.rowOf(u"cc/bare-2"_s)).anyName, QString());
    QCOMPARE(model.unprotected().unprotected, 1);
    QCOMPARE(counts.size(), 1);
    QCOMPARE(rowsChanged.size(), 1);
    QCOMPARE(rowsChanged.first().at(0).toModelIndex().row(), bare1);
    QCOMPARE(rowsChanged.first().at(1).toModelIndex().row(), bare1);

    // A key the table has no row for changes nothing; a new hash is read whole.
    model.latestChanged({u"cc/not-listed"_s});
    QCOMPARE(model.unprotected().unprotected, 1);
    model.setLatest(&latest);
    QCOMPARE(model.unprotected().unprotected, 0);

    // A source that goes takes its count with it.
    model.setLatest(nullptr);
    QVERIFY(!model.isReadingLatest());
    model.setSources(QList<CacheSource> {cluster(u"kept"_s, 7), cluster(u"bare-3"_s, 0)});
    QCOMPARE(model.unprotected().unprotected, 1);
    model.setUnprotectedDays(7);
    QCOMPARE(model.unprotected().unprotected, 1);
}

// A new hash over many rows is read a slice a turn of the event loop; once read, every row shows its newest snapshot
// and the count of sources without backups is right.
void TestCachesView::newestOfManySourcesReadInSlices()
{
    const QDateTime now(QDate(2026, 12, 4), QTime(12, 0), Qt::UTC);
    QList<CacheSource> sources;
    UnprotectedSources::LatestBySource latest;
    for (int i = 0; i < 60000; ++i) {
        CacheSource source;
        source.kind = CacheSource::Kind::CacheCluster;
        source.id = u"c-%1"_s.arg(i);
        source.status = u"available"_s;
        sources.append(source);
        if (i % 3 == 0) // every third has a manual snapshot from yesterday
            latest.insert(source.key(), {now.addDays(-1), u"s-%1"_s.arg(i), now.addDays(-1)});
    }
    CacheTableModel model;
    model.setReferenceTime(now);
    model.setSources(sources);
    QTRY_VERIFY(!model.isApplyingSources());
    QCOMPARE(model.unprotected().unprotected, 60000);
    model.setLatest(&latest);
    QVERIFY(model.isReadingLatest());
    // The first slice is read at once, 20,000 rows at most (a third of them protected).
    QVERIFY(model.unprotected().unprotected < 60000);
    QVERIFY(model.unprotected().unprotected >= 60000 - 20000 / 3 - 1);
    QTRY_VERIFY(!model.isReadingLatest());
    QCOMPARE(model.unprotected().unprotected, 40000);
    for (int i = 0; i < 60000; i += 997) {
        const int row = model.rowOf(u"cc/c-%1"_s.arg(i));
        QCOMPARE(model.latestAt(row).anyName, i % 3 == 0 ? u"s-%1"_s.arg(i) : QString());
        QCOMPARE(model.isUnprotected(row), i % 3 != 0);
    }
}

// Tags read into the snapshot table (a tag filter reads hundreds a second) start no pass over every row for the
// newest snapshots; a status that changes does.
void TestCachesView::tagsChangeNoNewestSnapshot()
{
    auto window = makeWindow();
    QVERIFY(waitForCaches(window.get()));
    CachesView *caches = window->cachesView();
    QTRY_VERIFY(!caches->isRecomputingLatest());
    SnapshotTableModel *snapshots = window->model();
    QVERIFY(snapshots->rowCount() > 10);
    Q_EMIT snapshots->dataChanged(snapshots->index(3, SnapshotTableModel::TagsColumn),
                                  snapshots->index(7, SnapshotTableModel::TagsColumn));
    QVERIFY(!caches->isRecomputingLatest());
    Q_EMIT snapshots->dataChanged(snapshots->index(3, SnapshotTableModel::StatusColumn),
                                  snapshots->index(3, SnapshotTableModel::StatusColumn));
    QVERIFY(caches->isRecomputingLatest());
    QTRY_VERIFY(!caches->isRecomputingLatest());
}

QTEST_MAIN(TestCachesView)
// A cache's own tags in the Caches tab's details: read for the selected cache, edited in place, and what the service
// holds afterwards is exactly what was typed (the sandbox's state is the oracle).
void TestCachesView::cacheTagsEditedInPlace()
{
    auto window = makeWindow();
    QVERIFY(waitForCaches(window.get()));
    CachesView *caches = window->cachesView();
    window->tabs()->setCurrentWidget(caches);
    QVERIFY(caches->selectSource(CacheSource::Kind::CacheCluster, u"demo-redis-001"_s));
    const QString arn = caches->detailsPane()->source().arn;
    QVERIFY(arn.endsWith(u":cluster:demo-redis-001"_s));
    TagEditor *editor = caches->detailsPane()->tagEditor();
    QCOMPARE(editor->arn(), arn);
    QTRY_COMPARE_WITH_TIMEOUT(window->tagCache()->peek(arn).state, TagCache::State::Read, 10000);
    QCOMPARE(editor->text(), u"cost-centre=cc-1042\nowner=platform-team"_s); // as seeded (docs/sandbox.md)

    auto *edit = editor->findChild<QPlainTextEdit *>(u"tagEdit"_s);
    QVERIFY(edit);
    edit->setPlainText(u"owner=cache-team\nteam=platform"_s);
    QVERIFY(editor->hasUnappliedChanges());
    auto *apply = editor->findChild<QPushButton *>(u"applyTags"_s);
    QVERIFY(apply && apply->isEnabled());
    QSignalSpy applied(editor, &TagEditor::applied);
    QTest::mouseClick(apply, Qt::LeftButton);
    QVERIFY(applied.wait(10000));
    QCOMPARE(applied.first().at(1).toBool(), true);
    QList<Tag> held = m_server->state()->tags(arn);
    std::sort(held.begin(), held.end(), [](const Tag &a, const Tag &b) { return a.key < b.key; });
    QCOMPARE(held.size(), 2);
    QCOMPARE(held.at(0).key, u"owner"_s);
    QCOMPARE(held.at(0).value, u"cache-team"_s);
    QCOMPARE(held.at(1).key, u"team"_s);
    QCOMPARE(held.at(1).value, u"platform"_s);
    QTRY_COMPARE_WITH_TIMEOUT(editor->text(), u"owner=cache-team\nteam=platform"_s, 10000);
    QVERIFY(!editor->hasUnappliedChanges());

    // Another cache: its own tags, and the snapshot table's details pane is not disturbed.
    QVERIFY(caches->selectSource(CacheSource::Kind::ServerlessCache, u"demo-serverless"_s));
    QVERIFY(editor->arn().endsWith(u":serverlesscache:demo-serverless"_s));
    QTRY_COMPARE_WITH_TIMEOUT(editor->text(), u"owner=web-team"_s, 10000);
}

// In a set of connections the tab lists the first one's caches: a snapshot of another region's or account's cluster
// of the same name says nothing of them.
void TestCachesView::otherConnectionsSnapshotsProtectNothing()
{
    const std::unique_ptr<ElastiCacheClient> elasticache = client();
    SnapshotTableModel snapshots;
    snapshots.setConnections({{u"home"_s, QString(), m_server->region()}, {u"other"_s, QString(), u"eu-west-1"_s}});
    CacheWatch watch;
    CachesView caches(&snapshots);
    caches.setClient(elasticache.get(), &watch);
    caches.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(caches.listing()->hasListed() && !caches.listing()->isLoading()
                                 && caches.model()->rowCount() == caches.listing()->sources().size()
                                 && !caches.model()->isApplyingSources(),
                             15000);
    // No snapshot listed yet: a cluster without automatic backups is without backups.
    QString bare;
    for (int row = 0; row < caches.model()->rowCount() && bare.isEmpty(); ++row) {
        const CacheSource &source = caches.model()->sourceAt(row);
        if (source.kind == CacheSource::Kind::CacheCluster && caches.model()->isUnprotected(row))
            bare = source.id;
    }
    QVERIFY2(!bare.isEmpty(), "the sandbox seeds clusters without automatic backups");
    const int before = caches.unprotectedCount();
    const auto isUnprotected = [&] {
        return caches.model()->isUnprotected(caches.model()->rowOf(u"cc/"_s + bare));
    };
    QVERIFY(isUnprotected());

    const auto manualOf = [&](const QString &name) {
        return QList<Snapshot> {manualSnapshot(name, bare, QDateTime::currentDateTimeUtc().addDays(-1))};
    };
    // A fresh manual snapshot of a cluster of that name in the second connection: the first one's is still bare.
    snapshots.beginRefresh(1);
    snapshots.mergePage(manualOf(u"elsewhere"_s), 1);
    snapshots.endRefresh(1, SnapshotEntry::Kind::NodeBased);
    QCOMPARE(snapshots.rowCount(), 1);
    QTest::qWait(600); // the newest snapshots are counted 300 ms after the table changed
    QVERIFY(isUnprotected());
    QCOMPARE(caches.unprotectedCount(), before);
    // The same snapshot in the first connection protects it.
    snapshots.beginRefresh(0);
    snapshots.mergePage(manualOf(u"here"_s), 0);
    snapshots.endRefresh(0, SnapshotEntry::Kind::NodeBased);
    QTRY_VERIFY(!isUnprotected());
    QCOMPARE(caches.unprotectedCount(), before - 1);
}

#include "tst_cachesview.moc"
