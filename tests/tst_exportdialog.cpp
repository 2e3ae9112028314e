// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The Export dialog's bucket check, driven through its widgets (found by objectName) with real keystrokes and
// clicks, against the sandbox's S3 over loopback HTTP: the items and verdicts each seeded bucket gets, Fix with
// its before/after and what S3 holds afterwards (every earlier grant and statement kept), a cancelled fix that
// writes nothing, Export held back until the bucket is ready or "Export anyway" is ticked, the bucket names
// offered (the snapshot's region first), and the dialog in the window. Set CACHESNAP_SCREENSHOT_DIR to also save
// what the dialog looks like.

#include "connections.h"
#include "exportcheck.h"
#include "exportcheckview.h"
#include "exportfixdialog.h"
#include "exportsnapshotdialog.h"
#include "mainwindow.h"
#include "s3client.h"
#include "sandboxconfig.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "snapshotactions.h"
#include "snapshotentry.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QDir>
#include <QFontMetrics>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using ExportCheck::ItemId;
using ExportCheck::Verdict;

namespace {

// An S3 call's result, waited for.
template<typename Output, typename Job> std::optional<ApiResult<Output>> await(Job *job)
{
    std::optional<ApiResult<Output>> result;
    QObject context;
    job->onFinished(&context, [&result](const ApiResult<Output> &r) { result = r; });
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
    QCoreApplication::processEvents();
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(dir + u"/dialog-"_s + name + u".png"_s));
}

// The ACL's grants as "type:id-or-uri:permission" lines, sorted.
QStringList grantLines(const S3::GetBucketAclOutput &acl)
{
    QStringList lines;
    for (const S3::Grant &grant : acl.grants) {
        const S3::Grantee grantee = grant.grantee.value_or(S3::Grantee());
        lines << grantee.type + u':' + (grantee.id.isEmpty() ? grantee.uri : grantee.id) + u':' + grant.permission;
    }
    lines.sort();
    return lines;
}

const QString kElastiCacheId = u"540804c33a284a299d2547575ce1010f2312ef3da9b3a053c8bc45bf233e4353"_s;
// Someone else the operator had already given read access.
const QString kAuditorId = u"0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"_s;

} // namespace

class TestExportDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void verdictsPerBucket_data();
    void verdictsPerBucket();
    void typingChecksOnceAfterThePause();
    void fixGrantKeepsEveryGrant();
    void cancelledFixWritesNothing();
    void aclsDisabledOffersBothFixes_data();
    void aclsDisabledOffersBothFixes();
    void exportAnywayIsExplicit();
    void completionListsTheRegionFirst();
    void fitsSmallScreenAndKeyboard();
    void windowChecksAndStaysOpenOnRefusal();

private:
    std::unique_ptr<ExportSnapshotDialog> makeDialog(const QString &snapshot, const QString &bucket,
                                                     const QString &target = QString());
    // Waits for the check of what the dialog shows now.
    static bool waitForReport(ExportSnapshotDialog *dialog);
    static Verdict shownVerdict(ExportSnapshotDialog *dialog, ItemId id);
    SnapshotEntry find(const QString &name) const;
    S3::GetBucketAclOutput readAcl(const QString &bucket);

    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<S3Client> m_s3;
};

void TestExportDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"CacheSnapTest"_s);
    QCoreApplication::setApplicationName(u"tst_exportdialog"_s);
}

void TestExportDialog::init()
{
    QSettings().clear();
    SandboxConfig config;
    config.seed = 7;
    config.seedSnapshots = 20;
    config.exportSeconds = 0.05;
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    const auto s3Config = Connections::sandboxResolver(
        {m_server->url(), m_server->region(), m_server->accessKeyId(), m_server->secretAccessKey(), {}})({});
    QVERIFY(s3Config);
    m_s3 = std::make_unique<S3Client>(s3Config.value());
}

void TestExportDialog::cleanup()
{
    m_s3.reset();
    m_server.reset();
}

SnapshotEntry TestExportDialog::find(const QString &name) const
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

std::unique_ptr<ExportSnapshotDialog> TestExportDialog::makeDialog(const QString &snapshot, const QString &bucket,
                                                                   const QString &target)
{
    const SnapshotEntry entry = find(snapshot);
    if (entry.isNull())
        return {};
    auto dialog = std::make_unique<ExportSnapshotDialog>(entry, m_server->region(), bucket);
    dialog->setCheckDelay(50);
    dialog->setS3Client(m_s3.get());
    if (!target.isEmpty()) {
        auto *field = dialog->findChild<QLineEdit *>(u"targetName"_s);
        field->selectAll();
        QTest::keyClicks(field, target);
    }
    dialog->show();
    if (!QTest::qWaitForWindowExposed(dialog.get()))
        return {};
    return dialog;
}

bool TestExportDialog::waitForReport(ExportSnapshotDialog *dialog)
{
    return QTest::qWaitFor([dialog] { return !dialog->isChecking() && dialog->currentReport(); }, 15000);
}

Verdict TestExportDialog::shownVerdict(ExportSnapshotDialog *dialog, ItemId id)
{
    QWidget *row = dialog->checkView()->itemWidget(id);
    if (!row)
        return Verdict(-1);
    // What is on screen: the verdict's words lead the title line, and the icon's accessible name says it too.
    const QString title = row->findChild<QLabel *>(u"itemTitle"_s)->text();
    const QString iconName = row->findChild<QLabel *>(u"verdictIcon"_s)->accessibleName();
    for (const Verdict v : {Verdict::Passes, Verdict::WillFail, Verdict::CantTell}) {
        const QString words = ExportCheckView::verdictWords(v);
        if (title.startsWith(u"<b>"_s + words.toHtmlEscaped() + u":</b>"_s) && iconName == words)
            return v;
    }
    return Verdict(-1);
}

S3::GetBucketAclOutput TestExportDialog::readAcl(const QString &bucket)
{
    S3::GetBucketAclRequest request;
    request.bucket = bucket;
    const auto result = await<S3::GetBucketAclOutput>(m_s3->getBucketAcl(request));
    if (!result || !*result)
        return {};
    return result->value();
}

// Each seeded bucket (docs/sandbox.md) gets the verdicts its state calls for, shown with icon and words; Export
// is enabled exactly when every item passes.
void TestExportDialog::verdictsPerBucket_data()
{
    QTest::addColumn<QString>("bucket");
    QTest::addColumn<QString>("target"); // empty: the dialog's default
    QTest::addColumn<int>("failing"); // the ItemId that will fail; -1: none
    QTest::addColumn<bool>("fixable");
    QTest::addColumn<QString>("screenshot");

    QTest::newRow("ready") << u"demo-exports-ready"_s << QString() << -1 << false << u"export-check-ready"_s;
    QTest::newRow("policy grant") << u"demo-exports-policy"_s << QString() << -1 << false << QString();
    QTest::newRow("no grant") << u"demo-exports-no-grant"_s << QString() << int(ItemId::ElastiCacheAccess) << true
                              << u"export-check-no-grant"_s;
    QTest::newRow("ACLs disabled") << u"demo-exports-new"_s << QString() << int(ItemId::ElastiCacheAccess) << true
                                   << u"export-check-acls-disabled"_s;
    QTest::newRow("other region") << u"demo-exports-elsewhere"_s << QString() << int(ItemId::BucketRegion) << false
                                  << u"export-check-other-region"_s;
    QTest::newRow("other account") << u"demo-exports-other-account"_s << QString() << int(ItemId::BucketOwner) << false
                                   << QString();
    QTest::newRow("objects there") << u"demo-exports-taken"_s << u"demo-valkey-rg-manual"_s << int(ItemId::ObjectsFree)
                                   << false << u"export-check-objects-exist"_s;
    QTest::newRow("no such bucket") << u"demo-exports-nowhere"_s << QString() << int(ItemId::BucketExists) << false
                                    << QString();
}

void TestExportDialog::verdictsPerBucket()
{
    QFETCH(QString, bucket);
    QFETCH(QString, target);
    QFETCH(int, failing);
    QFETCH(bool, fixable);
    QFETCH(QString, screenshot);

    auto dialog = makeDialog(u"demo-valkey-rg-manual"_s, bucket, target);
    QVERIFY(dialog);
    QVERIFY(waitForReport(dialog.get()));
    const ExportCheck::Report *report = dialog->currentReport();
    QCOMPARE(report->bucket, bucket);
    QVERIFY(!report->items.isEmpty());
    // Every item of the report is on screen, in its order, with its verdict.
    for (const ExportCheck::Item &item : report->items) {
        QCOMPARE(shownVerdict(dialog.get(), item.id), item.verdict);
        QWidget *row = dialog->checkView()->itemWidget(item.id);
        QVERIFY(row->isVisibleTo(dialog.get()));
        QVERIFY(row->accessibleName().startsWith(ExportCheckView::verdictWords(item.verdict) + u": "_s));
        if (!item.detail.isEmpty())
            QCOMPARE(row->findChild<QLabel *>(u"itemDetail"_s)->text(), item.detail);
        QCOMPARE(dialog->checkView()->fixButton(item.id) != nullptr, !item.fixes.isEmpty());
    }
    if (failing < 0) {
        for (const ExportCheck::Item &item : report->items)
            QVERIFY2(item.verdict == Verdict::Passes, qPrintable(item.title + u": "_s + item.detail));
        QVERIFY(dialog->checkView()->summary().contains(u"every check passes"_s));
        QVERIFY(okButton(dialog.get())->isEnabled());
        QVERIFY(!dialog->exportAnywayBox()->isEnabled());
    } else {
        QCOMPARE(shownVerdict(dialog.get(), ItemId(failing)), Verdict::WillFail);
        QVERIFY(dialog->checkView()->summary().contains(u"will fail"_s));
        QCOMPARE(dialog->checkView()->fixButton(ItemId(failing)) != nullptr, fixable);
        QVERIFY(!okButton(dialog.get())->isEnabled());
        QVERIFY(dialog->exportAnywayBox()->isEnabled());
    }
    if (!screenshot.isEmpty())
        ::screenshot(dialog.get(), screenshot);
}

// Typing a name key by key starts one check, after the pause, for the whole name; nothing blocks meanwhile.
void TestExportDialog::typingChecksOnceAfterThePause()
{
    auto dialog = makeDialog(u"demo-valkey-rg-manual"_s, QString());
    QVERIFY(dialog);
    dialog->setCheckDelay(400);
    QSignalSpy checks(dialog.get(), &ExportSnapshotDialog::checkFinished);
    const quint64 before = m_server->requestCount();
    auto *bucket = dialog->findChild<QLineEdit *>(u"bucket"_s);
    bucket->setFocus();
    QTest::keyClicks(bucket, u"demo-exports-ready"_s, Qt::NoModifier, 5);
    QVERIFY(dialog->isChecking());
    QVERIFY(!okButton(dialog.get())->isEnabled()); // not before the check says ready
    QVERIFY(checks.wait(10000));
    QTest::qWait(600);
    QCOMPARE(checks.count(), 1);
    QCOMPARE(dialog->currentReport()->bucket, u"demo-exports-ready"_s);
    // One ListBuckets for the completion and one check's calls (fewer than 20), not one check per keystroke.
    QVERIFY2(m_server->requestCount() - before < 20, qPrintable(QString::number(m_server->requestCount() - before)));
    QVERIFY(okButton(dialog.get())->isEnabled());

    // A newer input replaces the check under way: only the last name's report is shown.
    bucket->selectAll();
    QTest::keyClicks(bucket, u"demo-exports-no-grant"_s);
    dialog->setCheckDelay(0);
    bucket->selectAll();
    QTest::keyClicks(bucket, u"demo-exports-elsewhere"_s);
    QVERIFY(waitForReport(dialog.get()));
    QCOMPARE(dialog->currentReport()->bucket, u"demo-exports-elsewhere"_s);
    QCOMPARE(shownVerdict(dialog.get(), ItemId::BucketRegion), Verdict::WillFail);
}

// Fix on a bucket without ElastiCache's grant: the confirmation shows the ACL before and after (every existing
// grant in both), Apply writes it, the ACL read back keeps the earlier grants, and the check passes.
void TestExportDialog::fixGrantKeepsEveryGrant()
{
    const QString bucket = u"demo-exports-no-grant"_s;
    // An earlier grant of the operator's own: it must survive the fix.
    S3::GetBucketAclOutput acl = readAcl(bucket);
    QVERIFY(acl.owner);
    S3::PutBucketAclRequest put;
    put.bucket = bucket;
    S3::AccessControlPolicy policy;
    policy.owner = acl.owner;
    policy.grants = acl.grants;
    S3::Grant auditor;
    auditor.grantee = S3::Grantee {u"auditor"_s, QString(), kAuditorId, u"CanonicalUser"_s, QString()};
    auditor.permission = u"READ"_s;
    policy.grants.append(auditor);
    put.accessControlPolicy = policy;
    const auto written = await<S3::EmptyOutput>(m_s3->putBucketAcl(put));
    QVERIFY(written && *written);
    const QStringList earlier = grantLines(readAcl(bucket));
    QVERIFY(earlier.contains(u"CanonicalUser:"_s + kAuditorId + u":READ"_s));

    auto dialog = makeDialog(u"demo-valkey-rg-manual"_s, bucket);
    QVERIFY(dialog);
    QVERIFY(waitForReport(dialog.get()));
    QPushButton *fix = dialog->checkView()->fixButton(ItemId::ElastiCacheAccess);
    QVERIFY(fix);
    QTest::mouseClick(fix, Qt::LeftButton);
    QPointer<ExportFixDialog> confirm;
    QVERIFY(QTest::qWaitFor(
        [&] {
            confirm = dialog->findChild<ExportFixDialog *>();
            return confirm && confirm->isVisible();
        },
        5000));
    QCOMPARE(confirm->chosenFix().kind, ExportCheck::FixKind::GrantAcl);
    const QStringList before = confirm->beforeTexts();
    const QStringList after = confirm->afterTexts();
    QCOMPARE(before.size(), 1);
    QCOMPARE(before.first(), confirm->chosenFix().changes.first().before); // exactly what the fix writes over
    QCOMPARE(after.first(), confirm->chosenFix().changes.first().after);
    QVERIFY(before.first().contains(kAuditorId));
    QVERIFY(after.first().contains(kAuditorId));
    QVERIFY(!before.first().contains(kElastiCacheId));
    QVERIFY(after.first().contains(kElastiCacheId));
    // Nothing of before is missing from after: the fix only adds.
    const QStringList added = ExportFixDialog::addedLines(before.first(), after.first());
    QVERIFY(!added.isEmpty());
    QCOMPARE(ExportFixDialog::addedLines(after.first(), before.first()), QStringList());
    QVERIFY(confirm->findChild<QLabel *>(u"fixPromise"_s)->text().contains(u"Nothing is removed"_s));
    // Monospace and scrollable, never wrapped.
    auto *afterView = confirm->findChild<QPlainTextEdit *>(u"after0"_s);
    // By the glyphs' advances: some monospace fonts (Noto Sans Mono) do not set the fixed-pitch flag Qt reads.
    const QFontMetrics metrics(afterView->font());
    QCOMPARE(metrics.horizontalAdvance(u"iiii"_s), metrics.horizontalAdvance(u"WWWW"_s));
    QCOMPARE(afterView->lineWrapMode(), QPlainTextEdit::NoWrap);
    ::screenshot(confirm, u"export-fix-confirm-acl"_s);
    QCOMPARE(grantLines(readAcl(bucket)), earlier); // nothing written while it asks

    QSignalSpy fixed(dialog.get(), &ExportSnapshotDialog::fixFinished);
    QTest::mouseClick(confirm->findChild<QPushButton *>(u"applyFix"_s), Qt::LeftButton);
    QVERIFY(fixed.wait(10000));
    QCOMPARE(fixed.first().first().toBool(), true);
    QVERIFY(waitForReport(dialog.get()));
    QCOMPARE(shownVerdict(dialog.get(), ItemId::ElastiCacheAccess), Verdict::Passes);
    QVERIFY(okButton(dialog.get())->isEnabled());

    const QStringList now = grantLines(readAcl(bucket));
    for (const QString &grant : earlier)
        QVERIFY2(now.contains(grant), qPrintable(grant));
    for (const QString &permission : {u"READ"_s, u"WRITE"_s, u"READ_ACP"_s})
        QVERIFY(now.contains(u"CanonicalUser:"_s + kElastiCacheId + u':' + permission));
    QCOMPARE(now.size(), earlier.size() + 3);
}

// Cancel (and Escape) on the confirmation: nothing is written, the items stay as they were.
void TestExportDialog::cancelledFixWritesNothing()
{
    const QString bucket = u"demo-exports-no-grant"_s;
    const QStringList earlier = grantLines(readAcl(bucket));
    auto dialog = makeDialog(u"demo-valkey-rg-manual"_s, bucket);
    QVERIFY(dialog);
    QVERIFY(waitForReport(dialog.get()));
    const quint64 before = m_server->requestCount();
    QSignalSpy fixed(dialog.get(), &ExportSnapshotDialog::fixFinished);
    for (const bool escape : {false, true}) {
        QPushButton *fix = dialog->checkView()->fixButton(ItemId::ElastiCacheAccess);
        fix->setFocus();
        QTest::keyClick(fix, Qt::Key_Space); // from the keyboard
        ExportFixDialog *confirm = nullptr;
        QVERIFY(QTest::qWaitFor(
            [&] {
                confirm = dialog->findChild<ExportFixDialog *>();
                return confirm && confirm->isVisible();
            },
            5000));
        // Cancel has the focus: Enter alone does not write.
        QVERIFY(confirm->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel)->hasFocus()
                || !confirm->isActiveWindow());
        if (escape)
            QTest::keyClick(confirm, Qt::Key_Escape);
        else
            QTest::mouseClick(confirm->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel),
                              Qt::LeftButton);
        QTRY_VERIFY(!dialog->findChild<ExportFixDialog *>() || !dialog->findChild<ExportFixDialog *>()->isVisible());
    }
    QTest::qWait(300);
    QCOMPARE(fixed.count(), 0);
    QCOMPARE(m_server->requestCount(), before); // not one S3 call
    QCOMPARE(grantLines(readAcl(bucket)), earlier);
    QCOMPARE(shownVerdict(dialog.get(), ItemId::ElastiCacheAccess), Verdict::WillFail);
}

// ACLs disabled: the choice is offered explicitly and only the one picked is done; the bucket policy's other
// statements survive the policy fix.
void TestExportDialog::aclsDisabledOffersBothFixes_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("bucket policy") << int(ExportCheck::FixKind::AddPolicyStatement);
    QTest::newRow("re-enable ACLs") << int(ExportCheck::FixKind::EnableAclsAndGrant);
}

void TestExportDialog::aclsDisabledOffersBothFixes()
{
    QFETCH(int, kind);
    const QString bucket = u"demo-exports-new"_s;
    // A statement of the operator's own, which the policy fix must keep.
    const QString own = QString::fromUtf8(
        R"({"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*",)"
        R"("Action":"s3:*","Resource":["arn:aws:s3:::demo-exports-new","arn:aws:s3:::demo-exports-new/*"],)"
        R"("Condition":{"Bool":{"aws:SecureTransport":"false"}}}]})");
    S3::PutBucketPolicyRequest putPolicy;
    putPolicy.bucket = bucket;
    putPolicy.policy = own;
    const auto put = await<S3::EmptyOutput>(m_s3->putBucketPolicy(putPolicy));
    QVERIFY(put && *put);

    auto dialog = makeDialog(u"demo-valkey-rg-manual"_s, bucket);
    QVERIFY(dialog);
    QVERIFY(waitForReport(dialog.get()));
    const ExportCheck::Item *item = dialog->currentReport()->item(ItemId::ElastiCacheAccess);
    QVERIFY(item);
    QCOMPARE(item->verdict, Verdict::WillFail);
    QCOMPARE(item->fixes.size(), 2);
    QTest::mouseClick(dialog->checkView()->fixButton(ItemId::ElastiCacheAccess), Qt::LeftButton);
    ExportFixDialog *confirm = nullptr;
    QVERIFY(QTest::qWaitFor(
        [&] {
            confirm = dialog->findChild<ExportFixDialog *>();
            return confirm && confirm->isVisible();
        },
        5000));
    const QList<QRadioButton *> choices = confirm->findChildren<QRadioButton *>();
    QCOMPARE(choices.size(), 2);
    QVERIFY(confirm->findChild<QLabel *>(u"fixHeading"_s)->text().contains(u"Choose one"_s));
    const auto picked = ExportCheck::FixKind(kind);
    QRadioButton *choice = confirm->findChild<QRadioButton *>(u"fixChoice"_s + ExportCheck::fixKindName(picked));
    QVERIFY(choice);
    QTest::mouseClick(choice, Qt::LeftButton);
    QCOMPARE(confirm->chosenFix().kind, picked);
    // The documents shown are the chosen fix's.
    QCOMPARE(confirm->afterTexts().size(), confirm->chosenFix().changes.size());
    for (int i = 0; i < confirm->chosenFix().changes.size(); ++i)
        QCOMPARE(confirm->afterTexts().at(i), confirm->chosenFix().changes.at(i).after);
    ::screenshot(confirm,
                 picked == ExportCheck::FixKind::AddPolicyStatement ? u"export-fix-confirm-policy"_s
                                                                    : u"export-fix-confirm-enable-acls"_s);
    QSignalSpy fixed(dialog.get(), &ExportSnapshotDialog::fixFinished);
    QTest::mouseClick(confirm->findChild<QPushButton *>(u"applyFix"_s), Qt::LeftButton);
    QVERIFY(fixed.wait(10000));
    QCOMPARE(fixed.first().first().toBool(), true);
    QVERIFY(waitForReport(dialog.get()));
    QCOMPARE(shownVerdict(dialog.get(), ItemId::ElastiCacheAccess), Verdict::Passes);

    // What S3 holds now: only the picked fix was done, and the operator's statement is still there.
    S3::GetBucketPolicyRequest getPolicy;
    getPolicy.bucket = bucket;
    const auto policy = await<S3::GetBucketPolicyOutput>(m_s3->getBucketPolicy(getPolicy));
    QVERIFY(policy && *policy);
    const QJsonArray statements
        = QJsonDocument::fromJson(policy->value().policy.toUtf8()).object().value(u"Statement"_s).toArray();
    QStringList sids;
    for (const QJsonValue &s : statements)
        sids << s.toObject().value(u"Sid"_s).toString();
    QVERIFY2(sids.contains(u"DenyInsecureTransport"_s), qPrintable(policy->value().policy));
    S3::GetBucketOwnershipControlsRequest getOwnership;
    getOwnership.bucket = bucket;
    const auto ownership = await<S3::GetBucketOwnershipControlsOutput>(m_s3->getBucketOwnershipControls(getOwnership));
    QVERIFY(ownership && *ownership);
    const QString objectOwnership = ownership->value().ownershipControls->rules.first().objectOwnership;
    const QStringList grants = grantLines(readAcl(bucket));
    if (picked == ExportCheck::FixKind::AddPolicyStatement) {
        QCOMPARE(statements.size(), 2);
        QCOMPARE(objectOwnership, u"BucketOwnerEnforced"_s); // ACLs left off
        QVERIFY(!grants.join(u' ').contains(kElastiCacheId));
    } else {
        QCOMPARE(statements.size(), 1); // the policy untouched
        QCOMPARE(objectOwnership, u"BucketOwnerPreferred"_s);
        for (const QString &permission : {u"READ"_s, u"WRITE"_s, u"READ_ACP"_s})
            QVERIFY(grants.contains(u"CanonicalUser:"_s + kElastiCacheId + u':' + permission));
    }
}

// Export stays off while an item will fail or can't tell, until "Export anyway" is ticked; the tick belongs to
// the bucket it was given for.
void TestExportDialog::exportAnywayIsExplicit()
{
    auto dialog = makeDialog(u"demo-valkey-rg-manual"_s, u"demo-exports-other-account"_s);
    QVERIFY(dialog);
    QVERIFY(waitForReport(dialog.get()));
    QCheckBox *anyway = dialog->exportAnywayBox();
    QVERIFY(!okButton(dialog.get())->isEnabled());
    QVERIFY(anyway->isEnabled() && !anyway->isChecked());
    QTest::mouseClick(anyway, Qt::LeftButton);
    QVERIFY(anyway->isChecked());
    QVERIFY(okButton(dialog.get())->isEnabled());

    auto *bucket = dialog->findChild<QLineEdit *>(u"bucket"_s);
    bucket->selectAll();
    QTest::keyClicks(bucket, u"demo-exports-elsewhere"_s);
    QVERIFY(!anyway->isChecked()); // another bucket: decided again
    QVERIFY(!okButton(dialog.get())->isEnabled());
    QVERIFY(waitForReport(dialog.get()));
    QVERIFY(!okButton(dialog.get())->isEnabled());

    bucket->selectAll();
    QTest::keyClicks(bucket, u"demo-exports-ready"_s);
    QVERIFY(waitForReport(dialog.get()));
    QVERIFY(okButton(dialog.get())->isEnabled());
    QVERIFY(!anyway->isEnabled()); // nothing to override

    // Without any S3 client for the connection the check can't run: Export needs the tick.
    ExportSnapshotDialog unchecked(find(u"demo-valkey-rg-manual"_s), m_server->region(), u"demo-exports-ready"_s);
    unchecked.setCheckUnavailable(u"no credentials for S3"_s);
    QVERIFY(unchecked.checkView()->summary().contains(u"no credentials for S3"_s));
    QVERIFY(!okButton(&unchecked)->isEnabled());
    unchecked.exportAnywayBox()->setChecked(true);
    QVERIFY(okButton(&unchecked)->isEnabled());
}

// Bucket names come from one ListBuckets, asked when the field is first used; the snapshot's region first, the
// others marked with their region; picking one fills in the bare name.
void TestExportDialog::completionListsTheRegionFirst()
{
    const SnapshotEntry entry = find(u"demo-valkey-rg-manual"_s);
    ExportSnapshotDialog dialog(entry, m_server->region(), QString());
    QSignalSpy listed(&dialog, &ExportSnapshotDialog::bucketsListed);
    dialog.setS3Client(m_s3.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *bucket = dialog.findChild<QLineEdit *>(u"bucket"_s);
    bucket->setFocus();
    QVERIFY(listed.wait(10000) || listed.count() == 1);
    QCOMPARE(listed.first().first().toBool(), true);
    const QStringList offered = dialog.offeredBuckets();
    // The caller's buckets only (ListBuckets lists no other account's).
    QVERIFY(!offered.join(u'\n').contains(u"demo-exports-other-account"_s));
    QVERIFY2(offered.size() >= 6, qPrintable(offered.join(u'\n')));
    const qsizetype elsewhere = offered.indexOf(
        QRegularExpression(u"^demo-exports-elsewhere +\\(in [a-z0-9-]+, not the snapshot's region\\)$"_s));
    QVERIFY2(elsewhere >= 0, qPrintable(offered.join(u'\n')));
    for (qsizetype i = 0; i < offered.size(); ++i) {
        const bool marked = offered.at(i).contains(u"not the snapshot's region"_s);
        QCOMPARE(marked, i >= elsewhere); // every bucket in the region before every other
    }
    QVERIFY(offered.indexOf(u"demo-exports-ready"_s) < elsewhere);

    QTest::keyClicks(bucket, u"exports-"_s);
    QCompleter *completer = bucket->completer();
    QVERIFY(completer);
    QTRY_VERIFY(completer->popup()->isVisible());
    QStringList shown;
    for (int row = 0; row < completer->completionModel()->rowCount(); ++row)
        shown << completer->completionModel()->index(row, 0).data().toString();
    QCOMPARE(shown.first(), u"demo-exports-new"_s);
    QVERIFY(shown.last().startsWith(u"demo-exports-elsewhere "_s));
    ::screenshot(&dialog, u"export-completion"_s);
    QTest::keyClick(completer->popup(), Qt::Key_Up); // from no selection: the last row
    QTest::keyClick(completer->popup(), Qt::Key_Return);
    QCOMPARE(bucket->text(), u"demo-exports-elsewhere"_s); // the name, without the region mark

    // Once per dialog: using the field again asks nothing more.
    bucket->clearFocus();
    bucket->setFocus();
    QTest::qWait(200);
    QCOMPARE(listed.count(), 1);
}

// At 800×600 the dialog (and the fix confirmation) fit, and everything is reachable from the keyboard.
void TestExportDialog::fitsSmallScreenAndKeyboard()
{
    auto dialog = makeDialog(u"demo-valkey-rg-manual"_s, u"demo-exports-new"_s);
    QVERIFY(dialog);
    QVERIFY(waitForReport(dialog.get()));
    QVERIFY2(dialog->minimumSizeHint().height() <= 560 && dialog->minimumSizeHint().width() <= 780,
             qPrintable(u"%1x%2"_s.arg(dialog->minimumSizeHint().width()).arg(dialog->minimumSizeHint().height())));
    // It opens as tall as the screen allows (up to 720 pixels, for the check's items), never taller.
    const int available = dialog->screen()->availableSize().height();
    QCOMPARE(dialog->height(), std::max(std::min(720, available - 60), dialog->minimumSizeHint().height()));
    dialog->resize(780, 560);
    QCOMPARE(dialog->size(), QSize(780, 560));
    const int scrollTop = dialog->checkView()->findChild<QWidget *>(u"checkItems"_s)->mapTo(dialog.get(), QPoint()).y();

    // No jump: the items' area stays where it is and as big as it is whatever the check shows.
    auto *bucket = dialog->findChild<QLineEdit *>(u"bucket"_s);
    bucket->selectAll();
    QTest::keyClicks(bucket, u"demo-exports-ready"_s);
    QVERIFY(waitForReport(dialog.get()));
    QCOMPARE(dialog->checkView()->findChild<QWidget *>(u"checkItems"_s)->mapTo(dialog.get(), QPoint()).y(), scrollTop);
    QCOMPARE(dialog->size(), QSize(780, 560));
    bucket->selectAll();
    QTest::keyClicks(bucket, u"demo-exports-new"_s);
    QVERIFY(waitForReport(dialog.get()));
    QCOMPARE(dialog->size(), QSize(780, 560));
    ::screenshot(dialog.get(), u"export-check-800x600"_s);

    // Tab from the bucket reaches the prefix, the Fix button, "Export anyway" and the buttons.
    bucket->setFocus();
    QList<QWidget *> reached;
    QWidget *w = bucket;
    for (int i = 0; i < 12; ++i) {
        w = w->nextInFocusChain();
        while (w && !(w->focusPolicy() & Qt::TabFocus && w->isVisible() && w->isEnabled()))
            w = w->nextInFocusChain();
        if (!w || w == bucket)
            break;
        reached << w;
    }
    QVERIFY(reached.contains(dialog->findChild<QLineEdit *>(u"targetName"_s)));
    QVERIFY(reached.contains(dialog->checkView()->fixButton(ItemId::ElastiCacheAccess)));
    QVERIFY(reached.contains(dialog->exportAnywayBox()));
    QVERIFY(reached.contains(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel)));
    // Mnemonics: Alt+A ticks "Export anyway".
    QVERIFY(dialog->exportAnywayBox()->text().contains(u"&a"_s));

    QTest::mouseClick(dialog->checkView()->fixButton(ItemId::ElastiCacheAccess), Qt::LeftButton);
    ExportFixDialog *confirm = nullptr;
    QVERIFY(QTest::qWaitFor(
        [&] {
            confirm = dialog->findChild<ExportFixDialog *>();
            return confirm && confirm->isVisible();
        },
        5000));
    QVERIFY2(confirm->minimumSizeHint().height() <= 580,
             qPrintable(QString::number(confirm->minimumSizeHint().height())));
    confirm->resize(780, 580);
    ::screenshot(confirm, u"export-fix-800x600"_s);
    QTest::keyClick(confirm, Qt::Key_Escape);
    QTRY_VERIFY(!confirm->isVisible() || !dialog->findChild<ExportFixDialog *>());
}

// In the window: the dialog checks with the connection's S3 client; a refused export (ticked through "Export
// anyway") leaves the dialog open with the error, as before.
void TestExportDialog::windowChecksAndStaysOpenOnRefusal()
{
    MainWindow::Options options;
    options.resolver = Connections::sandboxResolver(
        {m_server->url(), m_server->region(), m_server->accessKeyId(), m_server->secretAccessKey(), {}});
    options.s3Resolver = options.resolver;
    options.sandboxUrl = m_server->url().toString();
    options.regions = {m_server->region()};
    options.restoreSettings = false;
    auto window = std::make_unique<MainWindow>(options);
    window->resize(1200, 800);
    window->show();
    QSignalSpy loaded(window.get(), &MainWindow::loadFinished);
    window->connectTo({u"sandbox"_s, m_server->region(), m_server->url().toString()});
    QVERIFY(loaded.wait(15000));
    QVERIFY(window->s3Client());
    QVERIFY(window->actions()->selectSnapshot(SnapshotEntry::Kind::NodeBased, u"demo-valkey-rg-manual"_s));
    QSignalSpy actions(window.get(), &MainWindow::actionFinished);
    window->actions()->exportSelected();
    QPointer<ExportSnapshotDialog> dialog;
    QVERIFY(QTest::qWaitFor(
        [&] {
            dialog = window->findChild<ExportSnapshotDialog *>();
            return dialog && dialog->isVisible();
        },
        5000));
    QVERIFY(dialog->checkView());
    auto *bucket = dialog->findChild<QLineEdit *>(u"bucket"_s);
    bucket->selectAll();
    QTest::keyClicks(bucket, u"demo-exports-no-grant"_s);
    QVERIFY(waitForReport(dialog));
    QCOMPARE(shownVerdict(dialog, ItemId::ElastiCacheAccess), Verdict::WillFail);
    QVERIFY(!okButton(dialog)->isEnabled());
    QTest::mouseClick(dialog->exportAnywayBox(), Qt::LeftButton);
    QVERIFY(okButton(dialog)->isEnabled());
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!actions.isEmpty(), 10000);
    QCOMPARE(actions.last().at(1).toBool(), false);
    QVERIFY(dialog->isVisible());
    auto *validation = dialog->findChild<QLabel *>(u"validation"_s);
    QVERIFY2(validation->isVisible() && validation->text().contains(u"has not been granted"_s),
             qPrintable(validation->text()));
    QVERIFY(!okButton(dialog)->isEnabled()); // the same refused request is not sent again

    // Fixed in the dialog, the same bucket exports.
    QTest::mouseClick(dialog->checkView()->fixButton(ItemId::ElastiCacheAccess), Qt::LeftButton);
    ExportFixDialog *confirm = nullptr;
    QVERIFY(QTest::qWaitFor(
        [&] {
            confirm = dialog->findChild<ExportFixDialog *>();
            return confirm && confirm->isVisible();
        },
        5000));
    QTest::mouseClick(confirm->findChild<QPushButton *>(u"applyFix"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->currentReport() && dialog->currentReport()->ready(), 10000);
    auto *target = dialog->findChild<QLineEdit *>(u"targetName"_s);
    target->selectAll();
    QTest::keyClicks(target, u"window-export"_s);
    QVERIFY(waitForReport(dialog));
    QVERIFY(okButton(dialog)->isEnabled());
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(actions.count() == 2, 10000);
    QCOMPARE(actions.last().at(1).toBool(), true);
    QTRY_VERIFY(dialog.isNull() || !dialog->isVisible());
}

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
