// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The Restore dialog driven through its widgets (found by objectName) with real keystrokes and clicks, against
// the in-process sandbox over loopback HTTP: the defaults a seeded snapshot gives, each refusal shown next to its
// field with Restore off, .rdb objects picked from a bucket listing, a restore the service refuses (the input
// kept, the field focused), and restores through the window that the service accepts and that are followed until
// the new cache is available. Set CACHESNAP_SCREENSHOT_DIR to also save what the dialog looks like.

#include "cachewatch.h"
#include "connections.h"
#include "elasticacheclient.h"
#include "mainwindow.h"
#include "restoredialog.h"
#include "restoreplan.h"
#include "s3client.h"
#include "sandboxconfig.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "snapshotactions.h"
#include "snapshotentry.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTest>

#include <memory>

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
    QCoreApplication::processEvents();
    QDir().mkpath(dir);
    QVERIFY(widget->window()->grab().save(dir + u"/restore-"_s + name + u".png"_s));
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
    void severalDatabasesRefusedAfterTheService();
    void serverlessSnapshot();
    void objectsFromABucketListing();
    void pastedObjectArns();
    void fitsSmallScreenAndKeyboard();

private:
    SnapshotEntry find(const QString &name) const;
    std::unique_ptr<RestoreDialog> makeDialog(const QString &snapshot);

    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<ElastiCacheClient> m_client;
    std::unique_ptr<S3Client> m_s3;
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
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    const auto resolved = Connections::sandboxResolver(
        {m_server->url(), m_server->region(), m_server->accessKeyId(), m_server->secretAccessKey(), {}})({});
    QVERIFY(resolved);
    m_client = std::make_unique<ElastiCacheClient>(resolved.value());
    m_s3 = std::make_unique<S3Client>(resolved.value());
}

void TestRestoreDialog::cleanup()
{
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

// A three-shard cluster-mode Valkey group's snapshot: a new group like it, cluster mode locked on with the reason.
void TestRestoreDialog::defaultsFromClusterModeSnapshot()
{
    auto dialog = makeDialog(u"demo-valkey-rg-manual"_s);
    QVERIFY(dialog);
    const SnapshotEntry entry = find(u"demo-valkey-rg-manual"_s);
    const Snapshot &s = *entry.nodeSnapshot();

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

// The API does not say which databases a snapshot uses: a note first; once the service has refused a restore
// into cluster mode for that reason, cluster mode is refused with it, and without it the same restore may go.
void TestRestoreDialog::severalDatabasesRefusedAfterTheService()
{
    auto dialog = makeDialog(u"demo-before-upgrade"_s);
    QVERIFY(dialog);
    int sent = 0;
    dialog->setSubmitHandler([&sent] { ++sent; });
    auto *target = dialog->findChild<QComboBox *>(u"target"_s);
    target->setCurrentIndex(target->findText(u"Replication group"_s));
    auto *clusterMode = dialog->findChild<QCheckBox *>(u"clusterMode"_s);
    // Reached by its mnemonic (Alt+C), scrolled into view, ticked with the mouse.
    QTest::keyClick(dialog.get(), Qt::Key_C, Qt::AltModifier);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(clusterMode));
    QTest::mouseClick(clusterMode, Qt::LeftButton, {}, QPoint(8, clusterMode->height() / 2));
    QVERIFY(clusterMode->isChecked());
    QVERIFY(restoreButton(dialog.get())->isEnabled());
    QTest::mouseClick(restoreButton(dialog.get()), Qt::LeftButton);
    QCOMPARE(sent, 1);
    QVERIFY(!restoreButton(dialog.get())->isEnabled()); // sending
    const QString name = dialog->findChild<QLineEdit *>(u"name"_s)->text();
    ApiError refused = ApiError::make(ApiError::Kind::Service, u"InvalidParameterCombination"_s,
                                      u"Cannot restore a snapshot that uses more than one database into a "
                                      "cluster-mode-enabled replication group."_s);
    dialog->requestFailed(refused);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->findChild<QLineEdit *>(u"name"_s)->text(), name); // nothing typed is lost
    QVERIFY(shownReason(dialog.get(), Input::ClusterMode).contains(u"databases other than 0"_s));
    QVERIFY(dialog->findChild<QLabel *>(u"validation"_s)->text().contains(u"more than one database"_s));
    QVERIFY(!restoreButton(dialog.get())->isEnabled());
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(clusterMode));
    QTest::keyClick(clusterMode, Qt::Key_Space);
    QVERIFY(!clusterMode->isChecked());
    // Now off, it stays off: disabled, with the reason beside it.
    QVERIFY(!clusterMode->isEnabled());
    QVERIFY(shownReason(dialog.get(), Input::ClusterMode).contains(u"databases other than 0"_s));
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

QTEST_MAIN(TestRestoreDialog)
#include "tst_restoredialog.moc"
