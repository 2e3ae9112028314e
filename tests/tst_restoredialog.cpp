// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The Restore dialog driven through its widgets (found by objectName) with real keystrokes and clicks, against
// the in-process sandbox over loopback HTTP: the defaults a seeded snapshot gives, each refusal shown next to its
// field with Restore off, .rdb objects picked from a bucket listing, a restore the service refuses (the input
// kept, the field focused), and restores through the window that the service accepts and that are followed until
// the new cache is available. Set CACHESNAP_SCREENSHOT_DIR to also save what the dialog looks like.

#include "cachewatch.h"
#include "connections.h"
#include "ec2client.h"
#include "elasticacheclient.h"
#include "mainwindow.h"
#include "restoredialog.h"
#include "restoreplan.h"
#include "rowtableview.h"
#include "s3client.h"
#include "sandboxconfig.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "snapshotactions.h"
#include "snapshotentry.h"
#include "testsupport.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTest>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using RestorePlan::Input;
using RestorePlan::Target;

namespace {

QPushButton *restoreButton(QDialog *dialog)
{
    return dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

void screenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("CACHESNAP_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QWidget *window = widget->window();
    QTest::qWait(200); // painted, and framed by the window manager
    QDir().mkpath(dir);
    // On X11 (xvfb-run with a window manager) as the screen shows it, frame and title included; else the widget.
    const QRect frame = window->frameGeometry();
    const QPixmap shot = QGuiApplication::platformName() == u"xcb"
        ? window->screen()->grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
        : window->grab();
    QVERIFY(shot.save(dir + u"/restore-"_s + name + u".png"_s));
}

// The reason shown next to a field, as the operator sees it (empty when none is shown).
QString shownReason(RestoreDialog *dialog, Input field)
{
    const QString text = dialog->reasonFor(field);
    return text;
}

// Whether the combo's item with this text can be chosen.
bool itemEnabled(QComboBox *combo, const QString &text)
{
    const auto *model = qobject_cast<QStandardItemModel *>(combo->model());
    const int row = combo->findText(text);
    return model && row >= 0 && model->item(row)->isEnabled();
}

} // namespace

class TestRestoreDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void defaultsFromClusterModeSnapshot();
    void defaultsFromStandaloneSnapshot();
    void clusterModeOnlyGoesOn();
    void nameRefusedAndTaken();
    void dataTieringOnlyOntoR6gd();
    void serverlessSnapshot();
    void objectsFromABucketListing();
    void pastedObjectArns();
    void securityGroupsOfTheSubnetGroupsVpc();
    void fitsSmallScreenAndKeyboard();
    void objectsPanelGetsRoom();
    void restoresFollowedUntilAvailable_data();
    void restoresFollowedUntilAvailable();
    void refusalByTheServiceKeepsTheInput();

private:
    SnapshotEntry find(const QString &name) const;
    std::unique_ptr<RestoreDialog> makeDialog(const QString &snapshot);
    std::unique_ptr<MainWindow> makeWindow();
    // Opens the window's Restore dialog on the snapshot (none: from S3) once the account is listed.
    RestoreDialog *openRestore(MainWindow *window, const QString &snapshot);
    template<typename T, typename Job> std::optional<ApiResult<T>> await(Job *job);

    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<ElastiCacheClient> m_client;
    std::unique_ptr<S3Client> m_s3;
    std::unique_ptr<Ec2Client> m_ec2;
};

void TestRestoreDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"CacheSnapTest"_s);
    QCoreApplication::setApplicationName(u"tst_restoredialog"_s);
}

void TestRestoreDialog::init()
{
    QSettings().clear();
    SandboxConfig config;
    config.seed = 7;
    config.seedSnapshots = 20;
    config.createSeconds = 1; // restored caches are "creating" this long
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    const auto resolved = Connections::sandboxResolver(
        {m_server->url(), m_server->region(), m_server->accessKeyId(), m_server->secretAccessKey(), {}})({});
    QVERIFY(resolved);
    m_client = std::make_unique<ElastiCacheClient>(resolved.value());
    m_s3 = std::make_unique<S3Client>(resolved.value());
    m_ec2 = std::make_unique<Ec2Client>(resolved.value()); // the sandbox's EC2 is on the same port
}

void TestRestoreDialog::cleanup()
{
    m_ec2.reset();
    m_s3.reset();
    m_client.reset();
    m_server.reset();
}

SnapshotEntry TestRestoreDialog::find(const QString &name) const
{
    QString marker;
    do {
        DescribeSnapshotsRequest request;
        request.showNodeGroupConfig = true;
        const auto page = m_server->state()->describeSnapshots(request, marker);
        if (!page)
            return SnapshotEntry();
        for (const Snapshot &s : page.value().items) {
            if (s.snapshotName == name)
                return SnapshotEntry(s);
        }
        marker = page.value().marker;
    } while (!marker.isEmpty());
    do {
        const auto page = m_server->state()->describeServerlessCacheSnapshots({}, marker);
        if (!page)
            return SnapshotEntry();
        for (const ServerlessCacheSnapshot &s : page.value().items) {
            if (s.serverlessCacheSnapshotName == name)
                return SnapshotEntry(s);
        }
        marker = page.value().marker;
    } while (!marker.isEmpty());
    return SnapshotEntry();
}

std::unique_ptr<RestoreDialog> TestRestoreDialog::makeDialog(const QString &snapshot)
{
    const SnapshotEntry entry = snapshot.isEmpty() ? SnapshotEntry() : find(snapshot);
    if (!snapshot.isEmpty() && entry.isNull())
        return {};
    auto dialog = std::make_unique<RestoreDialog>(entry);
    QSignalSpy listed(dialog.get(), &RestoreDialog::accountListed);
    dialog->setClient(m_client.get());
    dialog->setS3Client(m_s3.get());
    dialog->show();
    dialog->activateWindow(); // for its mnemonics
    if (!QTest::qWaitForWindowActive(dialog.get()) || !listed.wait(15000))
        return {};
    return dialog;
}

std::unique_ptr<MainWindow> TestRestoreDialog::makeWindow()
{
    MainWindow::Options options;
    options.resolver = Connections::sandboxResolver(
        {m_server->url(), m_server->region(), m_server->accessKeyId(), m_server->secretAccessKey(), {}});
    options.s3Resolver = options.resolver;
    options.ec2Resolver = options.resolver;
    options.sandboxUrl = m_server->url().toString();
    options.regions = {m_server->region()};
    options.restoreSettings = false;
    auto window = std::make_unique<MainWindow>(options);
    window->resize(1200, 800);
    window->show();
    QSignalSpy loaded(window.get(), &MainWindow::loadFinished);
    window->connectTo({u"sandbox"_s, m_server->region(), m_server->url().toString()});
    if (!loaded.wait(15000))
        return {};
    // Polled often, so that a cache "creating" for a second is seen available soon after.
    window->cacheWatch()->setDelays(100, 400, 60000);
    return window;
}

RestoreDialog *TestRestoreDialog::openRestore(MainWindow *window, const QString &snapshot)
{
    if (snapshot.isEmpty())
        window->view()->clearSelection();
    else if (!window->actions()->selectSnapshot(find(snapshot).kind(), snapshot))
        return nullptr;
    if (!window->actions()->restoreAction()->isEnabled())
        return nullptr;
    window->actions()->restoreAction()->trigger();
    return waitForChild<RestoreDialog>(
        window, [](RestoreDialog *dialog) { return dialog->isVisible() && !dialog->isLoading(); });
}

template<typename T, typename Job> std::optional<ApiResult<T>> TestRestoreDialog::await(Job *job)
{
    std::optional<ApiResult<T>> result;
    QObject context;
    job->onFinished(&context, [&result](const ApiResult<T> &r) { result = r; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 15000))
        return std::nullopt;
    return result;
}

// A three-shard cluster-mode Valkey group's snapshot: a new group like it, cluster mode locked on with the reason.
void TestRestoreDialog::defaultsFromClusterModeSnapshot()
{
    auto dialog = makeDialog(u"demo-valkey-rg-manual"_s);
    QVERIFY(dialog);
    const SnapshotEntry entry = find(u"demo-valkey-rg-manual"_s);
    const auto node = entry.nodeSnapshot();
    const Snapshot &s = *node;

    auto *target = dialog->findChild<QComboBox *>(u"target"_s);
    QCOMPARE(target->currentText(), u"Replication group"_s);
    // A single-node cluster cannot take it: offered disabled, with the reason under the field.
    QVERIFY(!itemEnabled(target, u"Single-node cluster"_s));
    QVERIFY2(shownReason(dialog.get(), Input::Target)
                 .contains(u"Single-node cluster: The snapshot is of a "
                           "cluster-mode-enabled group"_s),
             qPrintable(shownReason(dialog.get(), Input::Target)));
    QCOMPARE(dialog->findChild<QLineEdit *>(u"name"_s)->text(), u"demo-valkey-rg-manual-restored"_s);
    auto *engine = dialog->findChild<QComboBox *>(u"engine"_s);
    QCOMPARE(engine->currentData().toString(), s.engine);
    QVERIFY(!engine->isEnabled()); // a snapshot restores into its own engine
    QCOMPARE(dialog->findChild<QComboBox *>(u"engineVersion"_s)->currentData().toString(), s.engineVersion);
    QCOMPARE(dialog->findChild<QComboBox *>(u"nodeType"_s)->currentText(), s.cacheNodeType);
    auto *clusterMode = dialog->findChild<QCheckBox *>(u"clusterMode"_s);
    QVERIFY(clusterMode->isChecked());
    QVERIFY(!clusterMode->isEnabled());
    QVERIFY(shownReason(dialog.get(), Input::ClusterMode).contains(u"can turn cluster mode on, never off"_s));
    QCOMPARE(dialog->findChild<QSpinBox *>(u"shards"_s)->value(), s.numNodeGroups.value_or(0));
    QVERIFY(dialog->findChild<QSpinBox *>(u"shards"_s)->isEnabled());
    const int replicas = s.nodeSnapshots.constFirst().nodeGroupConfiguration->replicaCount.value_or(-1);
    QCOMPARE(dialog->findChild<QSpinBox *>(u"replicas"_s)->value(), replicas);
    QCOMPARE(dialog->findChild<QSpinBox *>(u"port"_s)->value(), s.port.value_or(0));
    QCOMPARE(dialog->choice().parameterGroup, s.cacheParameterGroupName);
    QCOMPARE(dialog->choice().subnetGroup, s.cacheSubnetGroupName);
    // Only the engine version's family's parameter groups are offered (first the engine's default).
    auto *parameterGroups = dialog->findChild<QComboBox *>(u"parameterGroup"_s);
    QStringList offered;
    for (int i = 1; i < parameterGroups->count(); ++i)
        offered << parameterGroups->itemData(i).toString();
    QCOMPARE(offered, QStringList({u"default.valkey8"_s, u"default.valkey8.cluster.on"_s}));
    // Engine versions: the snapshot's or newer (the sandbox also offers Valkey 7.2.6).
    auto *versions = dialog->findChild<QComboBox *>(u"engineVersion"_s);
    QCOMPARE(versions->count(), 1);
    QVERIFY2(dialog->isValid(), qPrintable(dialog->findChild<QLabel *>(u"validation"_s)->text()));
    QVERIFY(restoreButton(dialog.get())->isEnabled());
    ::screenshot(dialog.get(), u"node-based"_s);
}

// A standalone cluster's snapshot restores into a single-node cluster by default; a group is offered too.
void TestRestoreDialog::defaultsFromStandaloneSnapshot()
{
    auto dialog = makeDialog(u"demo-before-upgrade"_s);
    QVERIFY(dialog);
    auto *target = dialog->findChild<QComboBox *>(u"target"_s);
    QCOMPARE(target->currentText(), u"Single-node cluster"_s);
    QVERIFY(itemEnabled(target, u"Replication group"_s));
    QVERIFY(!dialog->findChild<QCheckBox *>(u"clusterMode"_s)->isChecked());
    QVERIFY(!dialog->findChild<QCheckBox *>(u"clusterMode"_s)->isEnabled());
    QVERIFY(shownReason(dialog.get(), Input::ClusterMode).contains(u"single-node cluster has cluster mode disabled"_s));
    QVERIFY(!dialog->findChild<QSpinBox *>(u"replicas"_s)->isEnabled());
    QVERIFY(dialog->findChild<QWidget *>(u"descriptionRow"_s)->isHidden()); // CreateCacheCluster has none
    QVERIFY(restoreButton(dialog.get())->isEnabled());

    // Into a replication group: replicas and cluster mode become choices, a description is asked for.
    target->setFocus();
    QTest::keyClick(target, Qt::Key_Up);
    QCOMPARE(target->currentText(), u"Replication group"_s);
    QVERIFY(dialog->findChild<QSpinBox *>(u"replicas"_s)->isEnabled());
    QVERIFY(dialog->findChild<QCheckBox *>(u"clusterMode"_s)->isEnabled());
    QVERIFY(!dialog->findChild<QWidget *>(u"descriptionRow"_s)->isHidden());
    QVERIFY(restoreButton(dialog.get())->isEnabled());
}

// Disabled → enabled is allowed (with the database-0 note), and the shards follow; a cluster-mode default group
// is switched along.
void TestRestoreDialog::clusterModeOnlyGoesOn()
{
    auto dialog = makeDialog(u"demo-before-upgrade"_s);
    QVERIFY(dialog);
    auto *target = dialog->findChild<QComboBox *>(u"target"_s);
    target->setCurrentIndex(target->findText(u"Replication group"_s));
    auto *clusterMode = dialog->findChild<QCheckBox *>(u"clusterMode"_s);
    auto *shards = dialog->findChild<QSpinBox *>(u"shards"_s);
    QVERIFY(!shards->isEnabled());
    clusterMode->setFocus();
    QTest::keyClick(clusterMode, Qt::Key_Space);
    QVERIFY(clusterMode->isChecked());
    QVERIFY(shards->isEnabled());
    QVERIFY(shownReason(dialog.get(), Input::ClusterMode).contains(u"database 0"_s));
    const RestorePlan::Choice c = dialog->choice();
    QVERIFY(c.parameterGroup.isEmpty() || RestorePlan::parameterGroupClusterMode(c.parameterGroup) != false);
    QVERIFY2(dialog->isValid(), qPrintable(dialog->findChild<QLabel *>(u"validation"_s)->text()));
    shards->setFocus();
    shards->selectAll();
    QTest::keyClicks(shards, u"4"_s);
    QCOMPARE(dialog->choice().shards, 4);
    QVERIFY(restoreButton(dialog.get())->isEnabled());

    // Nodes: above the default quota of 90 a note, above 500 a refusal.
    auto *replicas = dialog->findChild<QSpinBox *>(u"replicas"_s);
    shards->selectAll();
    QTest::keyClicks(shards, u"20"_s);
    replicas->setFocus();
    replicas->selectAll();
    QTest::keyClicks(replicas, u"5"_s);
    QVERIFY2(shownReason(dialog.get(), Input::Replicas).contains(u"120 nodes is more than the default quota of 90"_s),
             qPrintable(shownReason(dialog.get(), Input::Replicas)));
    QVERIFY(restoreButton(dialog.get())->isEnabled());
    shards->setFocus();
    shards->selectAll();
    QTest::keyClicks(shards, u"90"_s);
    QVERIFY(shownReason(dialog.get(), Input::Replicas).contains(u"540 nodes; a cluster has at most 500"_s));
    QVERIFY(!restoreButton(dialog.get())->isEnabled());
    // The spin boxes keep to the service's ranges: at most 5 replicas, 500 shards.
    replicas->selectAll();
    QTest::keyClicks(replicas, u"9"_s);
    QVERIFY(replicas->value() <= 5);
}

void TestRestoreDialog::nameRefusedAndTaken()
{
    auto dialog = makeDialog(u"demo-valkey-rg-manual"_s);
    QVERIFY(dialog);
    auto *name = dialog->findChild<QLineEdit *>(u"name"_s);
    name->setFocus();
    name->selectAll();
    QTest::keyClicks(name, u"1st-restore"_s);
    QCOMPARE(shownReason(dialog.get(), Input::Name), u"A name must start with a letter."_s);
    QVERIFY(!restoreButton(dialog.get())->isEnabled());
    QVERIFY(dialog->findChild<QLabel *>(u"validation"_s)->text().contains(u"Restore is off"_s));
    name->selectAll();
    QTest::keyClicks(name, u"orders--copy"_s);
    QCOMPARE(shownReason(dialog.get(), Input::Name), u"A name cannot contain two hyphens in a row."_s);
    name->selectAll();
    QTest::keyClicks(name, QString(41, u'a'));
    QVERIFY(shownReason(dialog.get(), Input::Name).contains(u"at most 40 characters"_s));
    ::screenshot(dialog.get(), u"refusal"_s);
    // A group that exists already (the snapshot's own source).
    dialog->setExistingNames(Target::ReplicationGroup, {u"demo-valkey-rg"_s});
    name->selectAll();
    QTest::keyClicks(name, u"Demo-Valkey-RG"_s);
    QCOMPARE(shownReason(dialog.get(), Input::Name), u"A replication group named demo-valkey-rg exists already."_s);
    QVERIFY(!restoreButton(dialog.get())->isEnabled());
    name->selectAll();
    QTest::keyClicks(name, u"demo-valkey-rg-2"_s);
    QVERIFY(shownReason(dialog.get(), Input::Name).isEmpty());
    QVERIFY(restoreButton(dialog.get())->isEnabled());
}

void TestRestoreDialog::dataTieringOnlyOntoR6gd()
{
    auto dialog = makeDialog(u"demo-tiered-manual"_s);
    QVERIFY(dialog);
    auto *nodeType = dialog->findChild<QComboBox *>(u"nodeType"_s);
    QVERIFY(nodeType->currentText().startsWith(u"cache.r6gd."_s));
    // Only r6gd node types are offered ...
    for (int i = 0; i < nodeType->count(); ++i)
        QVERIFY2(nodeType->itemText(i).startsWith(u"cache.r6gd."_s), qPrintable(nodeType->itemText(i)));
    QVERIFY(restoreButton(dialog.get())->isEnabled());
    // ... and another typed is refused, with the reason next to it.
    nodeType->setFocus();
    nodeType->lineEdit()->selectAll();
    QTest::keyClicks(nodeType->lineEdit(), u"cache.r7g.xlarge"_s);
    QVERIFY2(shownReason(dialog.get(), Input::NodeType).contains(u"restores only onto r6gd nodes"_s),
             qPrintable(shownReason(dialog.get(), Input::NodeType)));
    QVERIFY(!restoreButton(dialog.get())->isEnabled());
    QVERIFY(!itemEnabled(dialog->findChild<QComboBox *>(u"target"_s), u"Single-node cluster"_s));
    nodeType->lineEdit()->selectAll();
    QTest::keyClicks(nodeType->lineEdit(), u"cache.r6gd.2xlarge"_s);
    QVERIFY(shownReason(dialog.get(), Input::NodeType).isEmpty());
    QVERIFY(restoreButton(dialog.get())->isEnabled());
}

void TestRestoreDialog::serverlessSnapshot()
{
    auto dialog = makeDialog(u"demo-serverless-manual"_s);
    QVERIFY(dialog);
    auto *target = dialog->findChild<QComboBox *>(u"target"_s);
    QCOMPARE(target->currentText(), u"Serverless cache"_s);
    QCOMPARE(target->count(), 1);
    QCOMPARE(dialog->findChild<QLineEdit *>(u"name"_s)->text(), u"demo-serverless-manual-restored"_s);
    // Node-based fields are not shown for a serverless cache.
    for (const QString &row : {u"nodeTypeRow"_s, u"clusterModeRow"_s, u"shardsRow"_s, u"replicasRow"_s, u"portRow"_s,
                               u"parameterGroupRow"_s})
        QVERIFY2(dialog->findChild<QWidget *>(row)->isHidden(), qPrintable(row));
    const RestorePlan::Choice c = dialog->choice();
    QCOMPARE(c.engine, u"valkey"_s);
    QCOMPARE(RestorePlan::serverlessCacheRequest(dialog->source(), c).snapshotArnsToRestore,
             QStringList {find(u"demo-serverless-manual"_s).arn()});
    // Its subnets are those of a subnet group picked from the account.
    QVERIFY(c.subnetIds.isEmpty()); // the default: the service picks
    auto *subnets = dialog->findChild<QComboBox *>(u"subnetGroup"_s);
    subnets->setCurrentIndex(subnets->findData(u"cachesnap-private"_s));
    QCOMPARE(dialog->choice().subnetIds.size(), 3);
    QVERIFY(restoreButton(dialog.get())->isEnabled());
    ::screenshot(dialog.get(), u"serverless"_s);
}

// The third source: .rdb objects picked from a bucket listing by keyboard; several go into one cluster-mode group.
void TestRestoreDialog::objectsFromABucketListing()
{
    auto dialog = makeDialog(QString());
    QVERIFY(dialog);
    QVERIFY(dialog->findChild<QRadioButton *>(u"fromObjects"_s)->isChecked());
    QVERIFY(dialog->findChild<QRadioButton *>(u"fromSnapshot"_s)->isHidden());
    QVERIFY(shownReason(dialog.get(), Input::Objects).contains(u"Choose at least one .rdb object."_s));
    QVERIFY(!restoreButton(dialog.get())->isEnabled());

    auto *bucket = dialog->findChild<QLineEdit *>(u"bucket"_s);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(bucket));
    QSignalSpy listed(dialog.get(), &RestoreDialog::objectsListed);
    QTest::keyClicks(bucket, u"demo-exports-taken"_s);
    QTest::keyClick(bucket, Qt::Key_Return);
    QVERIFY(listed.wait(10000));
    QCOMPARE(listed.constFirst().constFirst().toBool(), true);
    auto *objects = dialog->findChild<QListWidget *>(u"objectList"_s);
    QCOMPARE(objects->count(), 3); // the three shards of an earlier export of demo-valkey-rg-manual
    QVERIFY(objects->item(0)->text().startsWith(u"demo-valkey-rg-manual-0001.rdb"_s));

    // Ticked by keyboard: Tab to the list, Space, Down, Space.
    QTest::keyClick(bucket, Qt::Key_Tab);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(objects));
    objects->setCurrentRow(0);
    QTest::keyClick(objects, Qt::Key_Space);
    QTest::keyClick(objects, Qt::Key_Down);
    QTest::keyClick(objects, Qt::Key_Space);
    const RestorePlan::Source s = dialog->source();
    QCOMPARE(s.objectArns,
             QStringList({u"arn:aws:s3:::demo-exports-taken/demo-valkey-rg-manual-0001.rdb"_s,
                          u"arn:aws:s3:::demo-exports-taken/demo-valkey-rg-manual-0002.rdb"_s}));
    auto *target = dialog->findChild<QComboBox *>(u"target"_s);
    QCOMPARE(target->currentText(), u"Replication group"_s);
    QVERIFY(!itemEnabled(target, u"Single-node cluster"_s));
    auto *clusterMode = dialog->findChild<QCheckBox *>(u"clusterMode"_s);
    QVERIFY(clusterMode->isChecked());
    QVERIFY(!clusterMode->isEnabled());
    QVERIFY(shownReason(dialog.get(), Input::ClusterMode).contains(u"Several .rdb objects"_s));
    QCOMPARE(dialog->findChild<QLineEdit *>(u"name"_s)->text(), u"demo-valkey-rg-manual-restored"_s);
    QVERIFY(dialog->findChild<QComboBox *>(u"engine"_s)->isEnabled());
    QVERIFY2(dialog->isValid(), qPrintable(dialog->findChild<QLabel *>(u"validation"_s)->text()));
    // Seeding a cluster-mode group from objects gives every shard its slots.
    const CreateReplicationGroupRequest request = RestorePlan::replicationGroupRequest(s, dialog->choice());
    QCOMPARE(request.nodeGroupConfiguration.size(), dialog->choice().shards);
    ::screenshot(dialog.get(), u"from-s3"_s);

    // One object: a single-node cluster can take it.
    QTest::keyClick(objects, Qt::Key_Space);
    QCOMPARE(dialog->source().objectArns.size(), 1);
    QVERIFY(itemEnabled(target, u"Single-node cluster"_s));
    QVERIFY(dialog->findChild<QCheckBox *>(u"clusterMode"_s)->isEnabled());

    // A bucket that does not exist: said next to the list, nothing chosen is lost.
    bucket->selectAll();
    QTest::keyClicks(bucket, u"demo-exports-nowhere"_s);
    QTest::keyClick(bucket, Qt::Key_Return);
    QVERIFY(listed.wait(10000));
    QCOMPARE(listed.constLast().constFirst().toBool(), false);
    QVERIFY(dialog->findChild<QLabel *>(u"objectsStatus"_s)->text().contains(u"could not be listed"_s));
    QCOMPARE(dialog->source().objectArns.size(), 1);
}

void TestRestoreDialog::pastedObjectArns()
{
    auto dialog = makeDialog(QString());
    QVERIFY(dialog);
    // Every field and button shown has a mnemonic of its own (here every row is shown, the objects' too).
    QHash<QChar, QString> mnemonics;
    const auto mnemonicOf = [](const QString &text) {
        const qsizetype at = text.indexOf(u'&');
        return at >= 0 && at + 1 < text.size() && text.at(at + 1) != u'&' ? text.at(at + 1).toLower() : QChar();
    };
    QStringList texts;
    for (const QLabel *label : dialog->findChildren<QLabel *>()) {
        if (label->buddy() && label->isVisibleTo(dialog.get()))
            texts << label->text();
    }
    for (const QAbstractButton *button : dialog->findChildren<QAbstractButton *>()) {
        if (button->isVisibleTo(dialog.get()))
            texts << button->text();
    }
    for (const QString &text : std::as_const(texts)) {
        const QChar key = mnemonicOf(text);
        if (key.isNull())
            continue;
        QVERIFY2(!mnemonics.contains(key), qPrintable(text + u" and "_s + mnemonics.value(key)));
        mnemonics.insert(key, text);
    }
    QVERIFY(mnemonics.size() >= 15);

    auto *arns = dialog->findChild<QPlainTextEdit *>(u"objectArns"_s);
    arns->setFocus();
    QTest::keyClicks(arns, u"s3://demo-exports-taken/demo-valkey-rg-manual-0001.rdb"_s);
    QVERIFY(shownReason(dialog.get(), Input::Objects).contains(u"is not an S3 object ARN"_s));
    QVERIFY(!restoreButton(dialog.get())->isEnabled());
    arns->selectAll();
    QTest::keyClicks(arns, u"arn:aws:s3:::demo-exports-taken/notes.txt"_s);
    QVERIFY(shownReason(dialog.get(), Input::Objects).contains(u"is not an .rdb object"_s));
    arns->selectAll();
    QTest::keyClicks(arns, u"arn:aws:s3:::demo-exports-taken/demo-valkey-rg-manual-0003.rdb"_s);
    QVERIFY(shownReason(dialog.get(), Input::Objects).isEmpty());
    QVERIFY2(dialog->isValid(), qPrintable(dialog->findChild<QLabel *>(u"validation"_s)->text()));
    // Into a serverless cache too, with the engine named.
    auto *target = dialog->findChild<QComboBox *>(u"target"_s);
    target->setCurrentIndex(target->findText(u"Serverless cache"_s));
    QVERIFY(dialog->findChild<QWidget *>(u"nodeTypeRow"_s)->isHidden());
    QVERIFY(restoreButton(dialog.get())->isEnabled());
}

// With EC2, the security groups are those of the chosen subnet group's VPC, ticked by keyboard; another VPC's
// subnet group lists its own.
void TestRestoreDialog::securityGroupsOfTheSubnetGroupsVpc()
{
    const SnapshotEntry entry = find(u"demo-before-upgrade"_s);
    QVERIFY(!entry.isNull());
    auto dialog = std::make_unique<RestoreDialog>(entry);
    QSignalSpy listed(dialog.get(), &RestoreDialog::accountListed);
    QSignalSpy groups(dialog.get(), &RestoreDialog::securityGroupsListed);
    dialog->setClient(m_client.get());
    dialog->setSecurityGroupSource(RestoreDialog::securityGroupsFrom(m_ec2.get()));
    dialog->show();
    dialog->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(dialog.get()));
    QVERIFY(listed.wait(15000));
    auto *subnetGroup = dialog->findChild<QComboBox *>(u"subnetGroup"_s);
    subnetGroup->setCurrentIndex(subnetGroup->findData(u"cachesnap-private"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!groups.isEmpty(), 10000);
    QCOMPARE(groups.constLast().constFirst().toBool(), true);
    auto *list = dialog->findChild<QListWidget *>(u"securityGroupList"_s);
    QVERIFY(list->isVisibleTo(dialog.get()));
    QVERIFY(dialog->findChild<QLineEdit *>(u"securityGroupIds"_s)->isHidden());
    QStringList shown;
    for (int i = 0; i < list->count(); ++i)
        shown << list->item(i)->text();
    QCOMPARE(shown, QStringList({u"sg-0e1a5c0de00000002 (cachesnap-redis)"_s, u"sg-0e1a5c0de00000001 (default)"_s}));
    QVERIFY(dialog->findChild<QLabel *>(u"securityGroupsStatus"_s)->text().contains(u"default security group"_s));

    // Alt+Y reaches the list; Space ticks the current group.
    QTest::keyClick(dialog.get(), Qt::Key_Y, Qt::AltModifier);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(list));
    list->setCurrentRow(0);
    QTest::keyClick(list, Qt::Key_Space);
    QCOMPARE(dialog->choice().securityGroupIds, QStringList {u"sg-0e1a5c0de00000002"_s});
    QCOMPARE(RestorePlan::cacheClusterRequest(dialog->source(), dialog->choice()).securityGroupIds,
             QStringList {u"sg-0e1a5c0de00000002"_s});
    QVERIFY(restoreButton(dialog.get())->isEnabled());

    // A subnet group in the other VPC: its groups, none ticked.
    const qsizetype before = groups.count();
    subnetGroup->setCurrentIndex(subnetGroup->findData(u"cachesnap-other-vpc"_s));
    QTRY_VERIFY_WITH_TIMEOUT(groups.count() > before, 10000);
    QCOMPARE(list->count(), 1);
    QCOMPARE(list->item(0)->text(), u"sg-0e1a5c0de00000003 (default)"_s);
    QVERIFY(dialog->choice().securityGroupIds.isEmpty());
}

void TestRestoreDialog::fitsSmallScreenAndKeyboard()
{
    auto dialog = makeDialog(u"demo-valkey-rg-manual"_s);
    QVERIFY(dialog);
    QVERIFY2(dialog->minimumSizeHint().height() <= 560 && dialog->minimumSizeHint().width() <= 780,
             qPrintable(u"%1x%2"_s.arg(dialog->minimumSizeHint().width()).arg(dialog->minimumSizeHint().height())));
    dialog->resize(780, 560);
    QCOMPARE(dialog->size(), QSize(780, 560));
    // Every field can be reached with Tab, in the form's order, and the buttons stay in view.
    auto *name = dialog->findChild<QLineEdit *>(u"name"_s);
    name->setFocus();
    QList<QWidget *> reached;
    QWidget *w = name;
    for (int i = 0; i < 30; ++i) {
        QTest::keyClick(w, Qt::Key_Tab);
        w = QApplication::focusWidget();
        if (!w || w == name || reached.contains(w))
            break;
        reached << w;
    }
    const QStringList expected
        = {u"description"_s, u"engineVersion"_s,  u"nodeType"_s,    u"shards"_s,          u"replicas"_s,
           u"port"_s,        u"parameterGroup"_s, u"subnetGroup"_s, u"securityGroupIds"_s};
    qsizetype previous = -1;
    for (const QString &objectName : expected) {
        QWidget *field = dialog->findChild<QWidget *>(objectName);
        const qsizetype at = reached.indexOf(field);
        QVERIFY2(at > previous, qPrintable(objectName));
        previous = at;
    }
    QVERIFY(reached.contains(restoreButton(dialog.get())));
    // The field with the focus is scrolled into view.
    auto *scroll = dialog->findChild<QScrollArea *>(u"restoreScroll"_s);
    QWidget *port = dialog->findChild<QWidget *>(u"port"_s);
    port->setFocus();
    QCoreApplication::processEvents();
    const QRect visible(scroll->widget()->mapFrom(scroll->viewport(), QPoint()), scroll->viewport()->size());
    QVERIFY(visible.contains(port->mapTo(scroll->widget(), QPoint(1, 1))));
    ::screenshot(dialog.get(), u"node-based-800x600"_s);
    // Escape cancels.
    QTest::keyClick(dialog.get(), Qt::Key_Escape);
    QVERIFY(!dialog->isVisible());
}

// Choosing exported objects shows a panel of its own: the dialog grows for it (within the screen), and never shrinks
// under the operator's hands when it goes away again.
void TestRestoreDialog::objectsPanelGetsRoom()
{
    auto dialog = makeDialog(u"demo-valkey-rg-manual"_s);
    QVERIFY(dialog);
    dialog->resize(720, 320);
    QCoreApplication::processEvents();
    QCOMPARE(dialog->height(), 320);
    auto *fromObjects = dialog->findChild<QRadioButton *>(u"fromObjects"_s);
    fromObjects->setFocus();
    QTest::keyClick(fromObjects, Qt::Key_Space);
    QVERIFY(fromObjects->isChecked());
    QTRY_VERIFY(dialog->height() > 320);
    // Objects start without cluster mode: the cluster-mode snapshot's parameter group gave way to the family's
    // default without it, so the only refusal is the missing objects.
    QVERIFY(!dialog->findChild<QCheckBox *>(u"clusterMode"_s)->isChecked());
    QTRY_COMPARE(dialog->findChild<QComboBox *>(u"parameterGroup"_s)->currentData().toString(), u"default.valkey8"_s);
    QCOMPARE(shownReason(dialog.get(), Input::ParameterGroup), QString());
    const int available = dialog->screen()->availableSize().height();
    QVERIFY2(dialog->height() <= available - 60, qPrintable(u"%1 of %2"_s.arg(dialog->height()).arg(available)));
    const int grown = dialog->height();
    auto *fromSnapshot = dialog->findChild<QRadioButton *>(u"fromSnapshot"_s);
    fromSnapshot->setFocus();
    QTest::keyClick(fromSnapshot, Qt::Key_Space);
    QVERIFY(fromSnapshot->isChecked());
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    QCOMPARE(dialog->height(), grown);
}

// Through the window: the service accepts the restore, the dialog closes, the new cache is followed until it is
// available (the sandbox keeps it "creating" for a second), the window says so, and "restored from" is kept under
// its ARN.
void TestRestoreDialog::restoresFollowedUntilAvailable_data()
{
    QTest::addColumn<QString>("snapshot"); // empty: from the objects of an earlier export
    QTest::addColumn<int>("kind"); // CacheWatch::Kind
    QTest::addColumn<QString>("name");

    QTest::newRow("cluster-mode group") << u"demo-valkey-rg-manual"_s << int(CacheWatch::Kind::ReplicationGroup)
                                        << u"demo-valkey-rg-manual-restored"_s;
    QTest::newRow("single-node cluster") << u"demo-before-upgrade"_s << int(CacheWatch::Kind::CacheCluster)
                                         << u"demo-before-upgrade-restored"_s;
    QTest::newRow("serverless") << u"demo-serverless-manual"_s << int(CacheWatch::Kind::ServerlessCache)
                                << u"demo-serverless-manual-restored"_s;
    QTest::newRow("objects in S3") << QString() << int(CacheWatch::Kind::ReplicationGroup)
                                   << u"demo-valkey-rg-manual-restored"_s;
}

void TestRestoreDialog::restoresFollowedUntilAvailable()
{
    QFETCH(QString, snapshot);
    QFETCH(int, kind);
    QFETCH(QString, name);
    auto window = makeWindow();
    QVERIFY(window);
    QPointer<RestoreDialog> dialog = openRestore(window.get(), snapshot);
    QVERIFY(dialog);
    QStringList objects;
    if (snapshot.isEmpty()) {
        QSignalSpy listed(dialog.data(), &RestoreDialog::objectsListed);
        auto *bucket = dialog->findChild<QLineEdit *>(u"bucket"_s);
        QTest::keyClicks(bucket, u"demo-exports-taken/demo-valkey-rg-manual-000"_s);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"listObjects"_s), Qt::LeftButton);
        QVERIFY(listed.wait(10000));
        auto *list = dialog->findChild<QListWidget *>(u"objectList"_s);
        QCOMPARE(list->count(), 3);
        for (int i = 0; i < list->count(); ++i)
            list->item(i)->setCheckState(Qt::Checked);
        objects = dialog->source().objectArns;
        QCOMPARE(objects.size(), 3);
        QCOMPARE(dialog->choice().shards, 3);
    }
    if (CacheWatch::Kind(kind) == CacheWatch::Kind::CacheCluster) {
        // The window's EC2 lists the subnet group's security groups; one is ticked.
        auto *list = dialog->findChild<QListWidget *>(u"securityGroupList"_s);
        QTRY_VERIFY_WITH_TIMEOUT(list->count() > 0, 10000);
        const QList<QListWidgetItem *> redis = list->findItems(u"(cachesnap-redis)"_s, Qt::MatchEndsWith);
        QCOMPARE(redis.size(), 1);
        redis.constFirst()->setCheckState(Qt::Checked);
        QCOMPARE(dialog->choice().securityGroupIds, QStringList {u"sg-0e1a5c0de00000002"_s});
    }
    QCOMPARE(dialog->choice().name, name);
    QVERIFY2(restoreButton(dialog)->isEnabled(), qPrintable(dialog->findChild<QLabel *>(u"validation"_s)->text()));

    QSignalSpy actions(window.get(), &MainWindow::actionFinished);
    QSignalSpy notified(window.get(), &MainWindow::notified);
    QTest::mouseClick(restoreButton(dialog), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!actions.isEmpty(), 10000);
    QCOMPARE(actions.constFirst().at(0).toString(), u"restore"_s);
    QVERIFY2(actions.constFirst().at(1).toBool(),
             qPrintable(dialog ? dialog->findChild<QLabel *>(u"validation"_s)->text() : QString()));
    QTRY_VERIFY(dialog.isNull() || !dialog->isVisible());
    // The service's answer in words, then the cache followed until available.
    QVERIFY(window->cacheWatch()->isFollowing(CacheWatch::Kind(kind), name)
            || window->cacheWatch()->followed(CacheWatch::Kind(kind), name).has_value());
    QTRY_VERIFY_WITH_TIMEOUT(window->cacheWatch()->followed(CacheWatch::Kind(kind), name)->done, 15000);
    const CacheWatch::Followed followed = *window->cacheWatch()->followed(CacheWatch::Kind(kind), name);
    QVERIFY2(followed.ok, qPrintable(followed.message));
    QCOMPARE(followed.status, u"available"_s);
    QVERIFY(!notified.isEmpty());
    QVERIFY2(notified.constLast().constFirst().toString().contains(u"%1 is available"_s.arg(name)),
             qPrintable(notified.constLast().constFirst().toString()));

    // The new cache, as the service describes it, and what it was restored from.
    const QString from = snapshot.isEmpty() ? objects.join(u", "_s) : snapshot;
    QString arn;
    switch (CacheWatch::Kind(kind)) {
    case CacheWatch::Kind::ReplicationGroup: {
        DescribeReplicationGroupsRequest request;
        request.replicationGroupId = name;
        const auto result = await<QList<ReplicationGroup>>(m_client->describeReplicationGroups(request));
        QVERIFY(result && *result);
        const ReplicationGroup &group = result->value().constFirst();
        QCOMPARE(group.status, u"available"_s);
        QCOMPARE(group.clusterEnabled, std::optional<bool>(true));
        QCOMPARE(group.nodeGroups.size(), 3);
        arn = group.arn;
        break;
    }
    case CacheWatch::Kind::CacheCluster: {
        DescribeCacheClustersRequest request;
        request.cacheClusterId = name;
        const auto result = await<QList<CacheCluster>>(m_client->describeCacheClusters(request));
        QVERIFY(result && *result);
        const CacheCluster &cluster = result->value().constFirst();
        QCOMPARE(cluster.cacheClusterStatus, u"available"_s);
        QCOMPARE(cluster.engine, find(snapshot).engine());
        QCOMPARE(cluster.securityGroups.size(), 1);
        QCOMPARE(cluster.securityGroups.constFirst().securityGroupId, u"sg-0e1a5c0de00000002"_s);
        arn = cluster.arn;
        break;
    }
    case CacheWatch::Kind::ServerlessCache: {
        DescribeServerlessCachesRequest request;
        request.serverlessCacheName = name;
        const auto result = await<QList<ServerlessCache>>(m_client->describeServerlessCaches(request));
        QVERIFY(result && *result);
        const ServerlessCache &cache = result->value().constFirst();
        QCOMPARE(cache.status, u"available"_s);
        QCOMPARE(cache.engine, find(snapshot).engine());
        arn = cache.arn;
        break;
    }
    }
    QVERIFY(!arn.isEmpty());
    QCOMPARE(CacheWatch::restoredFrom(arn), from);
    QCOMPARE(QSettings().value(u"restoredFrom/"_s + arn).toString(), from);
    QCOMPARE(CacheWatch::restoredFromAll().value(arn), from); // the Caches tab reads them all at once
}

// The service refuses: the dialog stays open with its words and advice, nothing typed is lost, the same request
// is not sent again. Here the snapshot's data is in several databases, which the API does not say: a note first,
// and once the service has refused for that reason, cluster mode is refused (and locked off) with it.
void TestRestoreDialog::refusalByTheServiceKeepsTheInput()
{
    auto window = makeWindow();
    QVERIFY(window);
    QPointer<RestoreDialog> dialog = openRestore(window.get(), u"demo-multidb-manual"_s);
    QVERIFY(dialog);
    auto *target = dialog->findChild<QComboBox *>(u"target"_s);
    target->setCurrentIndex(target->findText(u"Replication group"_s));
    auto *name = dialog->findChild<QLineEdit *>(u"name"_s);
    name->selectAll();
    QTest::keyClicks(name, u"orders-sharded"_s);
    auto *clusterMode = dialog->findChild<QCheckBox *>(u"clusterMode"_s);
    // Alt+C, the label's mnemonic, focuses and ticks the check box (as a button's mnemonic clicks it).
    QTest::keyClick(dialog, Qt::Key_C, Qt::AltModifier);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(clusterMode));
    QTRY_VERIFY(clusterMode->isChecked());
    QVERIFY(shownReason(dialog, Input::ClusterMode).contains(u"database 0"_s)); // a note: the API cannot tell
    QVERIFY(restoreButton(dialog)->isEnabled());

    QSignalSpy actions(window.get(), &MainWindow::actionFinished);
    QTest::keyClick(restoreButton(dialog), Qt::Key_Return);
    // Nothing can be changed while the request runs.
    QVERIFY(!clusterMode->isEnabled());
    QVERIFY(!name->isEnabled());
    QVERIFY(!dialog->findChild<QSpinBox *>(u"port"_s)->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!actions.isEmpty(), 10000);
    QCOMPARE(actions.constFirst().at(1).toBool(), false);
    QVERIFY(dialog->isVisible());
    const QString shown = dialog->findChild<QLabel *>(u"validation"_s)->text();
    QVERIFY2(shown.contains(u"InvalidParameterCombination"_s) && shown.contains(u"more than one database"_s),
             qPrintable(shown));
    QVERIFY2(shown.contains(u"restore it without cluster mode"_s), qPrintable(shown));
    QCOMPARE(name->text(), u"orders-sharded"_s);
    QVERIFY(name->isEnabled());
    // Unlocked as it was (an editable combo box's own line edit too).
    auto *nodeType = dialog->findChild<QComboBox *>(u"nodeType"_s);
    QVERIFY(nodeType->isEnabled() && nodeType->lineEdit()->isEnabled());
    QVERIFY(dialog->findChild<QSpinBox *>(u"port"_s)->isEnabled());
    QVERIFY(clusterMode->isChecked());
    QVERIFY(shownReason(dialog, Input::ClusterMode).contains(u"databases other than 0"_s));
    QVERIFY(!restoreButton(dialog)->isEnabled());
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(clusterMode));
    ::screenshot(dialog, u"service-refusal"_s);

    // Without cluster mode the same snapshot restores; off now, cluster mode stays off, with the reason beside it.
    QTest::keyClick(clusterMode, Qt::Key_Space);
    QVERIFY(!clusterMode->isChecked());
    QVERIFY(!clusterMode->isEnabled());
    QVERIFY(shownReason(dialog, Input::ClusterMode).contains(u"databases other than 0"_s));
    QCOMPARE(dialog->choice().parameterGroup, u"cachesnap-tuned"_s); // the snapshot's group again
    QVERIFY(restoreButton(dialog)->isEnabled());
    QTest::mouseClick(restoreButton(dialog), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(actions.count() == 2, 10000);
    QVERIFY(actions.constLast().at(1).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(
        window->cacheWatch()->followed(CacheWatch::Kind::ReplicationGroup, u"orders-sharded"_s)
            && window->cacheWatch()->followed(CacheWatch::Kind::ReplicationGroup, u"orders-sharded"_s)->done,
        15000);
    QVERIFY(window->cacheWatch()->followed(CacheWatch::Kind::ReplicationGroup, u"orders-sharded"_s)->ok);
}

QTEST_MAIN(TestRestoreDialog)
#include "tst_restoredialog.moc"
