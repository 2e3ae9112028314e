// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The create, copy, export and delete dialogs, the details pane and the error bar, driven through their widgets
// (found by objectName) with real keystrokes and clicks, over a seeded in-process sandbox account and the XML
// captures in tests/data. Set CACHESNAP_SCREENSHOT_DIR to a folder to also save what each widget looks like.

#include "copysnapshotdialog.h"
#include "createsnapshotdialog.h"
#include "deletesnapshotdialog.h"
#include "detailspane.h"
#include "dialogutil.h"
#include "errorbar.h"
#include "exportplan.h"
#include "exportsnapshotdialog.h"
#include "responseparser.h"
#include "sandboxconfig.h"
#include "sandboxseeder.h"
#include "sandboxstate.h"
#include "service/queryprotocol.h"
#include "snapshotentry.h"
#include "snapshotnames.h"
#include "testsupport.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPalette>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString kRegion = u"us-east-1"_s;

// The serverless answer of the wire capture "sl-describe-all" (tests/data/wire-captures.md).
const QByteArray kServerlessXml
    = "<DescribeServerlessCacheSnapshotsResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\">\n"
      "  <DescribeServerlessCacheSnapshotsResult>\n"
      "    <ServerlessCacheSnapshots>\n"
      "      <ServerlessCacheSnapshot>\n"
      "        <ServerlessCacheSnapshotName>sl-manual-1</ServerlessCacheSnapshotName>\n"
      "        <ARN>arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:sl-manual-1</ARN>\n"
      "        <KmsKeyId>arn:aws:kms:us-east-1:123456789012:key/1234abcd</KmsKeyId>\n"
      "        <SnapshotType>manual</SnapshotType>\n"
      "        <Status>available</Status>\n"
      "        <CreateTime>2024-03-02T04:05:06.789Z</CreateTime>\n"
      "        <ExpiryTime>2024-04-01T04:05:06Z</ExpiryTime>\n"
      "        <BytesUsedForCache>1024</BytesUsedForCache>\n"
      "        <ServerlessCacheConfiguration>\n"
      "          <ServerlessCacheName>my-serverless</ServerlessCacheName>\n"
      "          <Engine>redis</Engine>\n"
      "          <MajorEngineVersion>7</MajorEngineVersion>\n"
      "        </ServerlessCacheConfiguration>\n"
      "      </ServerlessCacheSnapshot>\n"
      "    </ServerlessCacheSnapshots>\n"
      "  </DescribeServerlessCacheSnapshotsResult>\n"
      "  <ResponseMetadata>\n"
      "    <RequestId>2f60e5ad-2c3a-474e-b6ad-dd61690d01e5</RequestId>\n"
      "  </ResponseMetadata>\n"
      "</DescribeServerlessCacheSnapshotsResponse>";

// A seeded sandbox account (the fixtures of sandboxseeder.h plus generated clusters and groups), read through
// the sandbox's own Describe operations as the app reads them.
struct Account
{
    std::unique_ptr<SandboxState> state;
    QList<SnapshotSource> sources;
    QList<SnapshotEntry> snapshots;
    QSet<QString> names; // lowercase, as MainWindow::existingNames() gives them

    SnapshotEntry find(const QString &name) const
    {
        for (const SnapshotEntry &entry : snapshots) {
            if (entry.name() == name)
                return entry;
        }
        return SnapshotEntry();
    }
};

SandboxConfig sandboxConfig(const QString &s3Root = QString())
{
    SandboxConfig config;
    config.seed = 7;
    config.seedSnapshots = 60;
    config.seedAnchor = QDateTime(QDate(2026, 11, 30), QTime(6, 0), Qt::UTC);
    config.s3Root = s3Root;
    config.exportSeconds = 0.05;
    return config;
}

Account loadAccount(const QString &s3Root = QString())
{
    Account account;
    account.state = std::make_unique<SandboxState>(sandboxConfig(s3Root));
    SandboxSeeder::seed(*account.state);
    SandboxState &state = *account.state;

    QString marker;
    do {
        DescribeSnapshotsRequest request;
        request.showNodeGroupConfig = true;
        const auto page = state.describeSnapshots(request, marker);
        if (!page)
            qFatal("DescribeSnapshots failed: %s", qPrintable(page.error().toString()));
        for (const Snapshot &s : page.value().items)
            account.snapshots.append(SnapshotEntry(s));
        marker = page.value().marker;
    } while (!marker.isEmpty());
    do {
        const auto page = state.describeServerlessCacheSnapshots({}, marker);
        if (!page)
            qFatal("DescribeServerlessCacheSnapshots failed: %s", qPrintable(page.error().toString()));
        for (const ServerlessCacheSnapshot &s : page.value().items)
            account.snapshots.append(SnapshotEntry(s));
        marker = page.value().marker;
    } while (!marker.isEmpty());
    do {
        const auto page = state.describeCacheClusters({}, marker);
        for (const CacheCluster &c : page.value().items)
            account.sources.append(SnapshotSource::fromCluster(c));
        marker = page.value().marker;
    } while (!marker.isEmpty());
    do {
        const auto page = state.describeReplicationGroups({}, marker);
        for (const ReplicationGroup &g : page.value().items)
            account.sources.append(SnapshotSource::fromReplicationGroup(g));
        marker = page.value().marker;
    } while (!marker.isEmpty());
    do {
        const auto page = state.describeServerlessCaches({}, marker);
        for (const ServerlessCache &c : page.value().items)
            account.sources.append(SnapshotSource::fromServerlessCache(c));
        marker = page.value().marker;
    } while (!marker.isEmpty());
    for (const SnapshotEntry &entry : std::as_const(account.snapshots))
        account.names.insert(SnapshotNames::normalized(entry.name()));
    return account;
}

template<typename T> T *child(const QObject *parent, const QString &name)
{
    return parent->findChild<T *>(name);
}

QPushButton *okButton(const QDialog *dialog)
{
    auto *box = dialog->findChild<QDialogButtonBox *>();
    return box ? box->button(QDialogButtonBox::Ok) : nullptr;
}

// Clears a line edit the way a person does: select all, delete.
void clearByKeyboard(QWidget *edit)
{
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(edit, Qt::Key_Delete);
}

// keyClicks for any text: QTest's ASCII key table has no key for a non-ASCII letter, so that one is sent as a key
// event carrying the text, as an input method would.
void typeText(QWidget *widget, const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x80)
            QTest::keyClick(widget, char(c.unicode()));
        else
            QTest::sendKeyEvent(QTest::Click, widget, Qt::Key_unknown, QString(c), Qt::NoModifier);
    }
}

// A message that appears after the window was sized must not squeeze the fields: the window is at least as tall as
// its layout needs at its width.
bool fitsItsContents(QWidget *window)
{
    QLayout *layout = window->layout();
    layout->activate();
    const int needed
        = layout->hasHeightForWidth() ? layout->totalHeightForWidth(window->width()) : layout->totalSizeHint().height();
    if (window->height() >= needed)
        return true;
    qWarning() << window->objectName() << "is" << window->size() << "but needs a height of" << needed;
    return false;
}

void showAndWait(QWidget *widget)
{
    widget->show();
    QVERIFY(QTest::qWaitForWindowExposed(widget));
}

// With CACHESNAP_SCREENSHOT_DIR set, saves the widget as a person would see it.
void screenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("CACHESNAP_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    // Shown as the app shows it: open() gives a dialog its size hint, a window keeps the size the test gave it.
    if (!widget->isVisible()) {
        widget->show();
        QVERIFY(QTest::qWaitForWindowExposed(widget));
    }
    QCoreApplication::processEvents();
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(dir + u"/dialog-"_s + name + u".png"_s));
}

QStringList popupTexts(QCompleter *completer)
{
    QStringList texts;
    QAbstractItemModel *model = completer->completionModel();
    for (int row = 0; row < model->rowCount(); ++row)
        texts.append(model->index(row, 0).data().toString());
    return texts;
}

QTreeWidgetItem *findItem(QTreeWidget *tree, const QString &field, QTreeWidgetItem *under = nullptr)
{
    const int count = under ? under->childCount() : tree->topLevelItemCount();
    for (int i = 0; i < count; ++i) {
        QTreeWidgetItem *item = under ? under->child(i) : tree->topLevelItem(i);
        if (item->text(0) == field)
            return item;
    }
    return nullptr;
}

} // namespace

class TestDialogs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void createPrefillsUniqueValidName();
    void createPicksSourceBySearch_data();
    void createPicksSourceBySearch();
    void createRefusesUnknownSource();
    void createNameValidation_data();
    void createNameValidation();
    void createLiveValidationPerKeystroke();
    void createWarnsAboutBusySource();
    void createRefusesSourcesWithoutBackups_data();
    void createRefusesSourcesWithoutBackups();
    void createKmsKeyOptionalAndAccept();
    void createTypeWithoutSources();

    void copyPrefillAndValidation_data();
    void copyPrefillAndValidation();
    void copyPrefillAvoidsExistingNames();
    void copyKmsKeyOptional();

    void exportObjectNamesAgreeWithCliAndSandbox();
    void exportServerlessObjectNames();
    void exportBucketValidation_data();
    void exportBucketValidation();
    void exportRememberedBucketAndAccept();
    void exportRefusesWhatCannotBeExported();
    void exportRequirements_data();
    void exportRequirements();
    void exportAdviceFromSandbox_data();
    void exportAdviceFromSandbox();
    void exportAdviceForApiMessages_data();
    void exportAdviceForApiMessages();

    void deleteOne();
    void deleteMany();
    void deleteKeyboard();

    void detailsNodeBasedShards();
    void detailsServerless();
    void detailsCopyButtons();

    void errorBar();
    void messageColoursFollowPalette();

private:
    Account m_account;
};

void TestDialogs::initTestCase()
{
    // Screenshots in a dark palette too: CACHESNAP_SCREENSHOT_PALETTE=dark.
    if (qEnvironmentVariable("CACHESNAP_SCREENSHOT_PALETTE") == u"dark"_s) {
        QApplication::setStyle(u"Fusion"_s);
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
        dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3a));
        dark.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
        dark.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
        dark.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
        QApplication::setPalette(dark);
    }
    m_account = loadAccount();
    QVERIFY(m_account.sources.size() > 10);
    QVERIFY(!m_account.find(u"demo-valkey-rg-manual"_s).isNull());
    QVERIFY(!m_account.find(u"demo-serverless-manual"_s).isNull());
}

// --- create ------------------------------------------------------------------------------------------------------

void TestDialogs::createPrefillsUniqueValidName()
{
    const QDateTime now(QDate(2026, 11, 30), QTime(6, 12), Qt::UTC);
    QSet<QString> names = m_account.names;
    {
        CreateSnapshotDialog dialog(m_account.sources, names);
        dialog.setClock(now);
        dialog.selectSource(SnapshotSource::Type::ReplicationGroup, u"demo-valkey-rg"_s);
        auto *name = child<QLineEdit>(&dialog, u"name"_s);
        QVERIFY(name);
        QCOMPARE(name->text(), u"demo-valkey-rg-2026-11-30-0612"_s);
        QVERIFY(SnapshotNames::checkManualName(name->text()).ok);
        QVERIFY(okButton(&dialog)->isEnabled());
        QVERIFY(dialog.isValid());
        QCOMPARE(dialog.sourceType(), SnapshotSource::Type::ReplicationGroup);
        QCOMPARE(dialog.sourceId(), u"demo-valkey-rg"_s);
        screenshot(&dialog, u"create"_s);
    }
    // Taken already (in another case): the default moves on instead of clashing.
    names.insert(u"demo-valkey-rg-2026-11-30-0612"_s);
    names.insert(u"demo-valkey-rg-2026-11-30-0612-2"_s);
    CreateSnapshotDialog dialog(m_account.sources, names);
    dialog.setClock(now);
    dialog.selectSource(SnapshotSource::Type::ReplicationGroup, u"demo-valkey-rg"_s);
    QCOMPARE(child<QLineEdit>(&dialog, u"name"_s)->text(), u"demo-valkey-rg-2026-11-30-0612-3"_s);
    QVERIFY(dialog.isValid());

    // A long id is trimmed so the default still fits the 40-character limit.
    QList<SnapshotSource> sources = m_account.sources;
    sources.append({SnapshotSource::Type::CacheCluster, u"orders-analytics-warehouse-eu-primary-001"_s, u"available"_s,
                    u"redis cache.r7g.large"_s, QString()});
    CreateSnapshotDialog longDialog(sources, names);
    longDialog.setClock(now);
    longDialog.selectSource(SnapshotSource::Type::CacheCluster, u"orders-analytics-warehouse-eu-primary-001"_s);
    const QString longName = child<QLineEdit>(&longDialog, u"name"_s)->text();
    QVERIFY2(SnapshotNames::checkManualName(longName).ok, qPrintable(longName));
    QVERIFY(longName.endsWith(u"-2026-11-30-0612"_s));
    QVERIFY(okButton(&longDialog)->isEnabled());
}

void TestDialogs::createPicksSourceBySearch_data()
{
    QTest::addColumn<int>("typeIndex"); // position in the "sourceType" combo, reached with Down presses
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("expectedId");

    QTest::newRow("replication group, mid-word, upper case") << 0 << u"VALKEY-R"_s << u"demo-valkey-rg"_s;
    QTest::newRow("replication group, by engine word") << 0 << u"tiered"_s << u"demo-tiered-rg"_s;
    QTest::newRow("cluster") << 1 << u"redis-00"_s << u"demo-redis-001"_s;
    QTest::newRow("cluster, busy") << 1 << u"BUSY"_s << u"demo-busy-001"_s;
    QTest::newRow("serverless cache") << 2 << u"o-serverl"_s << u"demo-serverless"_s;
}

void TestDialogs::createPicksSourceBySearch()
{
    QFETCH(int, typeIndex);
    QFETCH(QString, typed);
    QFETCH(QString, expectedId);

    CreateSnapshotDialog dialog(m_account.sources, m_account.names);
    dialog.setClock(QDateTime(QDate(2026, 11, 30), QTime(6, 12), Qt::UTC));
    showAndWait(&dialog);
    auto *type = child<QComboBox>(&dialog, u"sourceType"_s);
    auto *source = child<QComboBox>(&dialog, u"source"_s);
    auto *name = child<QLineEdit>(&dialog, u"name"_s);
    QVERIFY(type && source && name);

    type->setFocus();
    QTest::keyClick(type, Qt::Key_Home);
    for (int i = 0; i < typeIndex; ++i)
        QTest::keyClick(type, Qt::Key_Down);
    QCOMPARE(type->currentIndex(), typeIndex);

    // Type into the searchable combo: the completer pops up with every item that contains the text.
    QLineEdit *edit = source->lineEdit();
    QVERIFY(edit);
    edit->setFocus();
    clearByKeyboard(edit);
    QTest::keyClicks(edit, typed);
    QCompleter *completer = source->completer();
    QVERIFY(completer);
    QTRY_VERIFY(completer->popup()->isVisible());
    const QStringList offered = popupTexts(completer);
    QVERIFY2(!offered.isEmpty(), qPrintable(typed));
    for (const QString &text : offered)
        QVERIFY2(text.contains(typed, Qt::CaseInsensitive), qPrintable(text));
    int sameType = 0;
    for (const SnapshotSource &s : std::as_const(m_account.sources)) {
        if (int(s.type) == typeIndex && QString(s.id + u" — "_s + s.detail).contains(typed, Qt::CaseInsensitive))
            ++sameType;
    }
    QCOMPARE(offered.size(), sameType); // only sources of the chosen type, all of those that match

    // Walk down the popup to the wanted source and take it with Enter.
    QAbstractItemView *popup = completer->popup();
    const int wanted = int(std::find_if(offered.cbegin(), offered.cend(),
                                        [&](const QString &t) { return t.startsWith(expectedId + u" "_s); })
                           - offered.cbegin());
    QVERIFY2(wanted < offered.size(), qPrintable(offered.join(u", ")));
    for (int i = 0; i <= wanted; ++i)
        QTest::keyClick(popup, Qt::Key_Down);
    QCOMPARE(popup->currentIndex().row(), wanted);
    QTest::keyClick(popup, Qt::Key_Return);
    QTRY_VERIFY(!popup->isVisible());

    QCOMPARE(dialog.sourceId(), expectedId);
    QCOMPARE(source->itemData(source->currentIndex()).toString(), expectedId);
    QCOMPARE(name->text(), SnapshotNames::derivedName(expectedId, u"2026-11-30-0612"_s));
    QCOMPARE(dialog.sourceType(), SnapshotSource::Type(typeIndex));

    // The bare id, typed in another case, names the same source.
    clearByKeyboard(edit);
    QTest::keyClicks(edit, expectedId.toUpper());
    QTest::keyClick(completer->popup(), Qt::Key_Escape);
    QCOMPARE(dialog.sourceId(), expectedId);
    QVERIFY2(dialog.isValid(), qPrintable(dialog.validationMessage()));
}

void TestDialogs::createRefusesUnknownSource()
{
    CreateSnapshotDialog dialog(m_account.sources, m_account.names);
    dialog.setClock(QDateTime(QDate(2026, 11, 30), QTime(6, 12), Qt::UTC));
    showAndWait(&dialog);
    auto *source = child<QComboBox>(&dialog, u"source"_s);
    auto *name = child<QLineEdit>(&dialog, u"name"_s);
    auto *validation = child<QLabel>(&dialog, u"validation"_s);
    QVERIFY(source && name && validation);
    const QString before = name->text();
    QVERIFY(dialog.isValid());

    clearByKeyboard(source->lineEdit());
    QTest::keyClicks(source->lineEdit(), u"no-such-group"_s);
    QVERIFY(!source->completer()->popup()->isVisible());
    QCOMPARE(popupTexts(source->completer()), QStringList());
    QCOMPARE(validation->text(), u"There is no replication group named \"no-such-group\" in this region."_s);
    QVERIFY(validation->isVisible());
    QVERIFY(!okButton(&dialog)->isEnabled());
    // The half-typed search is not made into a snapshot name.
    QCOMPARE(name->text(), before);

    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::keyClick(name, Qt::Key_Return);
    QCOMPARE(accepted.count(), 0);
}

void TestDialogs::createNameValidation_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("message"); // empty: valid

    QTest::newRow("valid") << u"before-upgrade-7"_s << QString();
    QTest::newRow("capitals are fine") << u"Before-Upgrade"_s << QString();
    QTest::newRow("40 characters") << u"a"_s.repeated(40) << QString();
    QTest::newRow("41 characters") << u"a"_s.repeated(41)
                                   << u"A name can have at most 40 characters (this one has 41)."_s;
    QTest::newRow("starts with a digit") << u"7-before"_s << u"A name must start with a letter."_s;
    QTest::newRow("starts with a hyphen") << u"-before"_s << u"A name must start with a letter."_s;
    QTest::newRow("underscore") << u"before_upgrade"_s
                                << u"Only letters, digits and hyphens are allowed (not \u201c_\u201d)."_s;
    QTest::newRow("dot") << u"before.upgrade"_s
                         << u"Only letters, digits and hyphens are allowed (not \u201c.\u201d)."_s;
    QTest::newRow("space") << u"before upgrade"_s
                           << u"Only letters, digits and hyphens are allowed (not \u201c \u201d)."_s;
    QTest::newRow("non-ASCII letter") << u"v\u00e4lkey"_s
                                      << u"Only letters, digits and hyphens are allowed (not \u201c\u00e4\u201d)."_s;
    QTest::newRow("two hyphens") << u"before--upgrade"_s << u"A name cannot contain two hyphens in a row."_s;
    QTest::newRow("trailing hyphen") << u"before-"_s << u"A name cannot end with a hyphen."_s;
    QTest::newRow("empty") << QString() << u"Enter a name for the snapshot."_s;
    QTest::newRow("exists") << u"demo-valkey-rg-manual"_s
                            << u"A snapshot named \"demo-valkey-rg-manual\" already exists."_s;
    QTest::newRow("exists in another case")
        << u"Demo-Before-UPGRADE"_s << u"A snapshot named \"demo-before-upgrade\" already exists."_s;
}

void TestDialogs::createNameValidation()
{
    QFETCH(QString, typed);
    QFETCH(QString, message);

    CreateSnapshotDialog dialog(m_account.sources, m_account.names);
    dialog.selectSource(SnapshotSource::Type::ReplicationGroup, u"demo-valkey-rg"_s);
    showAndWait(&dialog);
    auto *name = child<QLineEdit>(&dialog, u"name"_s);
    auto *validation = child<QLabel>(&dialog, u"validation"_s);
    QVERIFY(name && validation);
    clearByKeyboard(name);
    typeText(name, typed);
    QCOMPARE(name->text(), typed);

    QCOMPARE(validation->text(), message);
    QCOMPARE(validation->isVisible(), !message.isEmpty());
    QCOMPARE(okButton(&dialog)->isEnabled(), message.isEmpty());
    QCOMPARE(dialog.validationMessage(), message);
    QVERIFY(fitsItsContents(&dialog));
    // The rule check the sandbox enforces agrees with what the dialog shows.
    if (!message.contains(u"already exists"_s) && !typed.isEmpty())
        QCOMPARE(SnapshotNames::checkManualName(typed).ok, message.isEmpty());
    if (qstrcmp(QTest::currentDataTag(), "two hyphens") == 0)
        screenshot(&dialog, u"create-invalid"_s);
}

void TestDialogs::createLiveValidationPerKeystroke()
{
    QSet<QString> names = m_account.names;
    names.insert(u"db-1"_s);
    CreateSnapshotDialog dialog(m_account.sources, names);
    dialog.selectSource(SnapshotSource::Type::CacheCluster, u"demo-redis-001"_s);
    showAndWait(&dialog);
    auto *name = child<QLineEdit>(&dialog, u"name"_s);
    auto *validation = child<QLabel>(&dialog, u"validation"_s);
    QPushButton *ok = okButton(&dialog);
    const int validHeight = dialog.height();
    clearByKeyboard(name);
    QCOMPARE(validation->text(), u"Enter a name for the snapshot."_s);
    QVERIFY(dialog.height() > validHeight); // room for the message, the fields keep theirs
    QVERIFY(fitsItsContents(&dialog));
    QVERIFY(!ok->isEnabled());

    const QList<std::pair<QChar, QString>> steps = {
        {u'D', QString()},
        {u'b', QString()},
        {u'-', u"A name cannot end with a hyphen."_s},
        {u'1', u"A snapshot named \"db-1\" already exists."_s},
        {u'-', u"A name cannot end with a hyphen."_s},
        {u'-', u"A name cannot contain two hyphens in a row."_s},
        {u'x', u"A name cannot contain two hyphens in a row."_s},
    };
    QString typed;
    for (const auto &[key, expected] : steps) {
        QTest::keyClicks(name, QString(key));
        typed += key;
        QCOMPARE(name->text(), typed);
        QVERIFY2(validation->text() == expected, qPrintable(typed + u": "_s + validation->text()));
        QCOMPARE(ok->isEnabled(), expected.isEmpty());
    }
    // Backspace back to "Db-" then on to a free name.
    for (int i = 0; i < 3; ++i)
        QTest::keyClick(name, Qt::Key_Backspace);
    QCOMPARE(name->text(), u"Db-1"_s);
    QCOMPARE(validation->text(), u"A snapshot named \"db-1\" already exists."_s);
    QVERIFY(!ok->isEnabled());
    QTest::keyClick(name, Qt::Key_2);
    QCOMPARE(validation->text(), QString());
    QVERIFY(!validation->isVisible());
    QCOMPARE(dialog.height(), validHeight); // and no gap once it is gone
    QVERIFY(ok->isEnabled());
    QCOMPARE(dialog.snapshotName(), u"Db-12"_s);
}

void TestDialogs::createWarnsAboutBusySource()
{
    CreateSnapshotDialog dialog(m_account.sources, m_account.names);
    showAndWait(&dialog);
    auto *note = child<QLabel>(&dialog, u"sourceNote"_s);
    auto *status = child<QLabel>(&dialog, u"sourceStatus"_s);
    QVERIFY(note && status);
    QVERIFY(note->isVisible());
    QVERIFY(note->text().contains(u"cannot run any other operation"_s));
    QVERIFY(note->text().contains(u"snapshotting"_s));

    dialog.selectSource(SnapshotSource::Type::CacheCluster, u"demo-busy-001"_s);
    QCOMPARE(dialog.sourceId(), u"demo-busy-001"_s);
    QVERIFY(status->isVisible());
    QVERIFY2(status->text().startsWith(u"demo-busy-001 is \"modifying\" at the moment."_s), qPrintable(status->text()));
    QVERIFY(status->text().contains(u"available"_s));
    QVERIFY(fitsItsContents(&dialog));
    QVERIFY(note->isVisible()); // the warning comes on top of the note, not instead of it
    QVERIFY(note->text().contains(u"cannot run any other operation"_s));
    // A warning, not a refusal: the status may be stale and the service decides.
    QVERIFY(okButton(&dialog)->isEnabled());
    screenshot(&dialog, u"create-busy-source"_s);

    dialog.selectSource(SnapshotSource::Type::CacheCluster, u"demo-redis-001"_s);
    QVERIFY(!status->isVisible());
    QCOMPARE(status->text(), QString());

    dialog.selectSource(SnapshotSource::Type::ServerlessCache, u"demo-serverless-busy"_s);
    QVERIFY(status->isVisible());
    QVERIFY(status->text().startsWith(u"demo-serverless-busy is \"modifying\""_s));
    dialog.selectSource(SnapshotSource::Type::ServerlessCache, u"demo-serverless"_s);
    QVERIFY(!status->isVisible());
}

void TestDialogs::createRefusesSourcesWithoutBackups_data()
{
    QTest::addColumn<QString>("cluster");
    QTest::addColumn<QString>("reason");
    QTest::newRow("memcached") << u"demo-memcached"_s << u"Memcached"_s;
    QTest::newRow("t1.micro") << u"demo-legacy-t1"_s << u"cache.t1.micro"_s;
}

// The service has no backups for node-based Memcached or cache.t1.micro: the dialog says so before the operator
// types a name, and the sandbox, which refuses them as ElastiCache does, agrees.
void TestDialogs::createRefusesSourcesWithoutBackups()
{
    QFETCH(QString, cluster);
    QFETCH(QString, reason);
    CreateSnapshotDialog dialog(m_account.sources, m_account.names);
    showAndWait(&dialog);
    dialog.selectSource(SnapshotSource::Type::CacheCluster, cluster);
    QCOMPARE(dialog.sourceId(), cluster);
    auto *source = child<QComboBox>(&dialog, u"source"_s);
    QVERIFY(source);
    QVERIFY2(source->currentText().endsWith(u"(no backups)"_s), qPrintable(source->currentText()));
    auto *validation = child<QLabel>(&dialog, u"validation"_s);
    QVERIFY(validation);
    QVERIFY2(validation->text().contains(reason), qPrintable(validation->text()));
    QVERIFY(!okButton(&dialog)->isEnabled());
    QVERIFY(!dialog.isValid());
    screenshot(&dialog, u"create-no-backups-"_s + QString::fromLatin1(QTest::currentDataTag()));

    CreateSnapshotRequest request;
    request.cacheClusterId = cluster;
    request.snapshotName = u"should-be-refused"_s;
    const ApiResult<Snapshot> answer = m_account.state->createSnapshot(request);
    QVERIFY(!answer);
    QCOMPARE(answer.error().code, u"SnapshotFeatureNotSupportedFault"_s);

    // An available Redis cluster next to it can be backed up.
    dialog.selectSource(SnapshotSource::Type::CacheCluster, u"demo-redis-001"_s);
    QVERIFY(okButton(&dialog)->isEnabled());
}

void TestDialogs::createKmsKeyOptionalAndAccept()
{
    CreateSnapshotDialog dialog(m_account.sources, m_account.names);
    dialog.selectSource(SnapshotSource::Type::ServerlessCache, u"demo-serverless"_s);
    showAndWait(&dialog);
    auto *kms = child<QLineEdit>(&dialog, u"kmsKey"_s);
    QVERIFY(kms);
    QCOMPARE(kms->text(), QString());
    QVERIFY(!kms->placeholderText().isEmpty());
    QVERIFY(okButton(&dialog)->isEnabled());
    QCOMPARE(dialog.kmsKeyId(), QString());

    const QString key = u"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"_s;
    QTest::keyClicks(kms, u"  "_s + key);
    QCOMPARE(dialog.kmsKeyId(), key);
    QVERIFY(okButton(&dialog)->isEnabled());

    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(okButton(&dialog), Qt::LeftButton);
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(dialog.sourceType(), SnapshotSource::Type::ServerlessCache);
    QCOMPARE(dialog.sourceId(), u"demo-serverless"_s);
    QVERIFY(dialog.snapshotName().startsWith(u"demo-serverless-"_s));

    // The sandbox takes exactly what the dialog hands over.
    CreateServerlessCacheSnapshotRequest request;
    request.serverlessCacheName = dialog.sourceId();
    request.serverlessCacheSnapshotName = dialog.snapshotName();
    request.kmsKeyId = dialog.kmsKeyId();
    const auto created = loadAccount().state->createServerlessCacheSnapshot(request);
    QVERIFY2(created.ok(), qPrintable(created ? QString() : created.error().toString()));
    QCOMPARE(created.value().kmsKeyId, key);
}

void TestDialogs::createTypeWithoutSources()
{
    QList<SnapshotSource> sources;
    for (const SnapshotSource &s : std::as_const(m_account.sources)) {
        if (s.type != SnapshotSource::Type::ServerlessCache)
            sources.append(s);
    }
    CreateSnapshotDialog dialog(sources, m_account.names);
    showAndWait(&dialog);
    auto *type = child<QComboBox>(&dialog, u"sourceType"_s);
    type->setFocus();
    QTest::keyClick(type, Qt::Key_End);
    QCOMPARE(type->currentText(), u"Serverless cache"_s);
    QCOMPARE(child<QLabel>(&dialog, u"validation"_s)->text(), u"There is no source of this type in this region."_s);
    QVERIFY(!okButton(&dialog)->isEnabled());
    QTest::keyClick(type, Qt::Key_Home);
    QVERIFY(okButton(&dialog)->isEnabled());
}

// --- copy ---------------------------------------------------------------------------------------------------------

void TestDialogs::copyPrefillAndValidation_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("message");

    const QString nodeBased = u"demo-valkey-rg-manual"_s;
    const QString serverless = u"demo-serverless-manual"_s;
    QTest::newRow("node-based, new name") << nodeBased << u"valkey-before-8-1"_s << QString();
    QTest::newRow("node-based, capitals") << nodeBased << u"Valkey-Copy"_s << QString();
    QTest::newRow("node-based, empty") << nodeBased << QString() << u"Enter a name for the copy."_s;
    QTest::newRow("node-based, exists") << nodeBased << u"demo-before-upgrade"_s
                                        << u"A snapshot named \"demo-before-upgrade\" already exists."_s;
    QTest::newRow("node-based, exists in another case")
        << nodeBased << u"DEMO-Before-Upgrade"_s << u"A snapshot named \"demo-before-upgrade\" already exists."_s;
    QTest::newRow("node-based, itself") << nodeBased << u"Demo-Valkey-RG-Manual"_s
                                        << u"The copy needs a name of its own."_s;
    QTest::newRow("node-based, 1000 characters") << nodeBased << u"c"_s.repeated(1000) << QString();
    QTest::newRow("node-based, 1001 characters")
        << nodeBased << u"c"_s.repeated(1001) << u"A copy's name can have at most 1000 characters."_s;
    QTest::newRow("serverless, new name") << serverless << u"sl-before-upgrade"_s << QString();
    QTest::newRow("serverless, digit first") << serverless << u"1-copy"_s << u"A name must start with a letter."_s;
    QTest::newRow("serverless, two hyphens")
        << serverless << u"sl--copy"_s << u"A name cannot contain two hyphens in a row."_s;
    QTest::newRow("serverless, trailing hyphen")
        << serverless << u"sl-copy-"_s << u"A name cannot end with a hyphen."_s;
    QTest::newRow("serverless, exists") << serverless << u"Demo-Serverless-Manual"_s
                                        << u"The copy needs a name of its own."_s;
}

void TestDialogs::copyPrefillAndValidation()
{
    QFETCH(QString, source);
    QFETCH(QString, typed);
    QFETCH(QString, message);

    const SnapshotEntry entry = m_account.find(source);
    QVERIFY(!entry.isNull());
    CopySnapshotDialog dialog(entry, m_account.names);
    showAndWait(&dialog);
    auto *target = child<QLineEdit>(&dialog, u"targetName"_s);
    auto *validation = child<QLabel>(&dialog, u"validation"_s);
    QVERIFY(target && validation);
    QCOMPARE(child<QLabel>(&dialog, u"sourceName"_s)->text(), source);
    QCOMPARE(target->text(), source + u"-copy"_s);
    QVERIFY(okButton(&dialog)->isEnabled());
    QVERIFY(!validation->isVisible());

    clearByKeyboard(target);
    QTest::keyClicks(target, typed);
    QCOMPARE(validation->text(), message);
    QCOMPARE(validation->isVisible(), !message.isEmpty());
    QCOMPARE(okButton(&dialog)->isEnabled(), message.isEmpty());
    QCOMPARE(dialog.isValid(), message.isEmpty());
    QVERIFY(fitsItsContents(&dialog));
    if (message.isEmpty())
        QCOMPARE(dialog.targetName(), typed);

    // What the dialog lets through, the sandbox accepts; what it refuses for the rules, the sandbox refuses.
    if (!typed.isEmpty()) {
        const Account account = loadAccount();
        ApiError error;
        bool ok = false;
        if (entry.kind() == SnapshotEntry::Kind::Serverless) {
            CopyServerlessCacheSnapshotRequest request;
            request.sourceServerlessCacheSnapshotName = source;
            request.targetServerlessCacheSnapshotName = typed;
            const auto result = account.state->copyServerlessCacheSnapshot(request);
            ok = result.ok();
        } else {
            CopySnapshotRequest request;
            request.sourceSnapshotName = source;
            request.targetSnapshotName = typed;
            const auto result = account.state->copySnapshot(request);
            ok = result.ok();
        }
        QCOMPARE(ok, message.isEmpty());
    }
    if (qstrcmp(QTest::currentDataTag(), "node-based, exists") == 0)
        screenshot(&dialog, u"copy-clash"_s);
}

void TestDialogs::copyPrefillAvoidsExistingNames()
{
    const SnapshotEntry automatic = [this] {
        for (const SnapshotEntry &e : std::as_const(m_account.snapshots)) {
            if (e.isAutomatic() && e.cluster() == u"demo-redis-001"_s)
                return e;
        }
        return SnapshotEntry();
    }();
    QVERIFY(!automatic.isNull());
    QVERIFY(automatic.name().startsWith(u"automatic.demo-redis-001-"_s));

    QSet<QString> names = m_account.names;
    CopySnapshotDialog first(automatic, names);
    const QString prefilled = child<QLineEdit>(&first, u"targetName"_s)->text();
    // A copy is a manual snapshot: the default drops the automatic name's dot.
    QCOMPARE(prefilled, QString(automatic.name() + u"-copy"_s).replace(u'.', u'-'));
    QVERIFY(!prefilled.contains(u'.'));
    QVERIFY(SnapshotNames::checkCopyTargetName(prefilled).ok);
    QVERIFY(first.isValid());
    screenshot(&first, u"copy"_s);

    names.insert(prefilled);
    CopySnapshotDialog second(automatic, names);
    const QString next = child<QLineEdit>(&second, u"targetName"_s)->text();
    QCOMPARE(next, QString(automatic.name() + u"-copy-2"_s).replace(u'.', u'-'));
    QVERIFY(second.isValid());
}

void TestDialogs::copyKmsKeyOptional()
{
    SnapshotEntry encrypted;
    for (const SnapshotEntry &e : std::as_const(m_account.snapshots)) {
        if (e.isEncryptedWithKms() && e.kind() == SnapshotEntry::Kind::NodeBased && !e.isAutomatic())
            encrypted = e;
    }
    QVERIFY2(!encrypted.isNull(), "the seeded account has a KMS-encrypted manual snapshot");
    CopySnapshotDialog dialog(encrypted, m_account.names);
    showAndWait(&dialog);
    auto *kms = child<QLineEdit>(&dialog, u"kmsKey"_s);
    QVERIFY(kms);
    QVERIFY(kms->placeholderText().contains(encrypted.kmsKeyId()));
    QCOMPARE(dialog.kmsKeyId(), QString());
    QVERIFY(okButton(&dialog)->isEnabled());

    QTest::keyClicks(kms, u"alias/backups"_s);
    QCOMPARE(dialog.kmsKeyId(), u"alias/backups"_s);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::keyClick(child<QLineEdit>(&dialog, u"targetName"_s), Qt::Key_Return);
    QCOMPARE(accepted.count(), 1);

    const SnapshotEntry plain = m_account.find(u"demo-before-upgrade"_s);
    CopySnapshotDialog plainDialog(plain, m_account.names);
    QVERIFY(!plain.isEncryptedWithKms());
    QCOMPARE(child<QLineEdit>(&plainDialog, u"kmsKey"_s)->placeholderText(), u"Optional"_s);
}

// --- export -------------------------------------------------------------------------------------------------------

void TestDialogs::exportObjectNamesAgreeWithCliAndSandbox()
{
    QTemporaryDir s3;
    QVERIFY(s3.isValid());
    QVERIFY(QDir(s3.path()).mkdir(u"team-backups"_s));
    const Account account = loadAccount(s3.path());
    const SnapshotEntry entry = account.find(u"demo-valkey-rg-manual"_s);
    QCOMPARE(entry.shards(), 3);
    QCOMPARE(entry.nodeSnapshot()->nodeSnapshots.size(), 3);

    ExportSnapshotDialog dialog(entry, kRegion, u"team-backups"_s);
    // Prefilled as cachesnap-cli export-snapshot names it, with the time: a second export of the same snapshot
    // must not meet the first one's objects.
    QVERIFY(child<QLineEdit>(&dialog, u"targetName"_s)->text().startsWith(u"demo-valkey-rg-manual-export-"_s));
    dialog.setClock(QDateTime(QDate(2026, 12, 1), QTime(9, 30, 5), Qt::UTC));
    showAndWait(&dialog);
    auto *target = child<QLineEdit>(&dialog, u"targetName"_s);
    auto *objects = child<QLabel>(&dialog, u"objectNames"_s);
    QVERIFY(target && objects);
    QVERIFY(target->isEnabled());
    QCOMPARE(target->text(), u"demo-valkey-rg-manual-export-20261201-093005"_s);
    QCOMPARE(target->text(),
             ExportPlan::defaultTargetName(entry.name(), QDateTime(QDate(2026, 12, 1), QTime(9, 30, 5), Qt::UTC)));
    const QStringList expected = {u"demo-valkey-rg-manual-export-20261201-093005-0001.rdb"_s,
                                  u"demo-valkey-rg-manual-export-20261201-093005-0002.rdb"_s,
                                  u"demo-valkey-rg-manual-export-20261201-093005-0003.rdb"_s};
    QCOMPARE(dialog.objectNames(), expected);
    QCOMPARE(objects->text(), expected.join(u'\n'));

    clearByKeyboard(target);
    QTest::keyClicks(target, u"Nightly/Valkey-RG"_s);
    QCOMPARE(objects->text().split(u'\n').first(), u"nightly/valkey-rg-0001.rdb"_s);
    QCOMPARE(dialog.objectNames(), ExportPlan::nodeBasedObjectKeys(dialog.targetName(), *entry.nodeSnapshot()));
    QVERIFY(dialog.isValid());
    dialog.setClock(QDateTime(QDate(2026, 12, 2), QTime(0, 0), Qt::UTC)); // an edited name is the operator's
    QCOMPARE(dialog.targetName(), u"Nightly/Valkey-RG"_s);
    screenshot(&dialog, u"export"_s);

    // Export for real in the sandbox: the objects that appear in the bucket are the ones the dialog showed.
    CopySnapshotRequest request;
    request.sourceSnapshotName = entry.name();
    request.targetSnapshotName = dialog.targetName();
    request.targetBucket = dialog.bucket();
    const auto result = account.state->copySnapshot(request);
    QVERIFY2(result.ok(), qPrintable(result ? QString() : result.error().toString()));
    const QString last = s3.filePath(u"team-backups/"_s + dialog.objectNames().last());
    QTRY_VERIFY_WITH_TIMEOUT((account.state->advance(), QFile::exists(last)), 5000);
    for (const QString &key : dialog.objectNames())
        QVERIFY2(QFile::exists(s3.filePath(u"team-backups/"_s + key)), qPrintable(key));
    QCOMPARE(QDir(s3.filePath(u"team-backups/nightly"_s)).entryList(QDir::Files).size(), 3);

    // Exporting again to the same names is what the "already contains an object" advice is for.
    const auto again = account.state->copySnapshot(request);
    QVERIFY(!again.ok());
    QVERIFY(ExportSnapshotDialog::adviceFor(again.error(), kRegion).contains(u"already in the bucket"_s));
}

void TestDialogs::exportServerlessObjectNames()
{
    QTemporaryDir s3;
    QVERIFY(QDir(s3.path()).mkdir(u"team-backups"_s));
    const Account account = loadAccount(s3.path());
    const SnapshotEntry entry = account.find(u"demo-serverless-manual"_s);
    QVERIFY(!entry.isNull());
    ExportSnapshotDialog dialog(entry, kRegion, u"team-backups"_s);
    auto *target = child<QLineEdit>(&dialog, u"targetName"_s);
    QVERIFY(!target->isEnabled()); // ExportServerlessCacheSnapshot takes no name
    QCOMPARE(dialog.objectNames(), QStringList {u"demo-serverless-manual-0001.rdb"_s});
    QCOMPARE(dialog.objectNames(), ExportPlan::serverlessObjectKeys(entry.name()));
    QCOMPARE(child<QLabel>(&dialog, u"objectNames"_s)->text(), u"demo-serverless-manual-0001.rdb"_s);
    screenshot(&dialog, u"export-serverless"_s);

    ExportServerlessCacheSnapshotRequest request;
    request.serverlessCacheSnapshotName = entry.name();
    request.s3BucketName = dialog.bucket();
    QVERIFY(account.state->exportServerlessCacheSnapshot(request).ok());
    const QString object = s3.filePath(u"team-backups/"_s + dialog.objectNames().first());
    QTRY_VERIFY_WITH_TIMEOUT((account.state->advance(), QFile::exists(object)), 5000);
}

void TestDialogs::exportBucketValidation_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("message");

    QTest::newRow("plain") << u"team-backups"_s << QString();
    QTest::newRow("dots") << u"backups.example.com"_s << QString();
    QTest::newRow("3 characters") << u"abc"_s << QString();
    QTest::newRow("63 characters") << u"b"_s.repeated(63) << QString();
    QTest::newRow("digits only") << u"123456"_s << QString();
    QTest::newRow("2 characters") << u"ab"_s << u"A bucket name has 3 to 63 characters."_s;
    QTest::newRow("64 characters") << u"b"_s.repeated(64) << u"A bucket name has 3 to 63 characters."_s;
    QTest::newRow("upper case") << u"Team-Backups"_s
                                << u"A bucket name has only lowercase letters, digits, dots and hyphens."_s;
    QTest::newRow("underscore") << u"team_backups"_s
                                << u"A bucket name has only lowercase letters, digits, dots and hyphens."_s;
    QTest::newRow("space") << u"team backups"_s
                           << u"A bucket name has only lowercase letters, digits, dots and hyphens."_s;
    QTest::newRow("IP address") << u"192.168.10.4"_s << u"A bucket name cannot be an IP address."_s;
    QTest::newRow("two dots") << u"team..backups"_s
                              << u"A bucket name cannot have two dots in a row or start or end with a dot."_s;
    QTest::newRow("leading dot") << u".team"_s
                                 << u"A bucket name cannot have two dots in a row or start or end with a dot."_s;
    QTest::newRow("leading hyphen") << u"-team"_s
                                    << u"Each part of a bucket name starts and ends with a letter or digit."_s;
    QTest::newRow("trailing hyphen") << u"team-"_s
                                     << u"Each part of a bucket name starts and ends with a letter or digit."_s;
    QTest::newRow("hyphen before dot") << u"team-.backups"_s
                                       << u"Each part of a bucket name starts and ends with a letter or digit."_s;
    QTest::newRow("xn-- prefix") << u"xn--backups"_s << u"A bucket name cannot start with \"xn--\"."_s;
    QTest::newRow("sthree- prefix") << u"sthree-backups"_s << u"A bucket name cannot start with \"sthree-\"."_s;
    QTest::newRow("-s3alias suffix") << u"backups-s3alias"_s << u"A bucket name cannot end with \"-s3alias\"."_s;
    QTest::newRow("--ol-s3 suffix") << u"backups--ol-s3"_s << u"A bucket name cannot end with \"--ol-s3\"."_s;
    QTest::newRow("empty") << QString() << u"Enter the name of a bucket in us-east-1."_s;
}

void TestDialogs::exportBucketValidation()
{
    QFETCH(QString, typed);
    QFETCH(QString, message);

    ExportSnapshotDialog dialog(m_account.find(u"demo-valkey-rg-manual"_s), kRegion, u"team-backups"_s);
    showAndWait(&dialog);
    auto *bucket = child<QLineEdit>(&dialog, u"bucket"_s);
    auto *validation = child<QLabel>(&dialog, u"validation"_s);
    QVERIFY(bucket && validation);
    QVERIFY(dialog.isValid());
    clearByKeyboard(bucket);
    QTest::keyClicks(bucket, typed);
    QCOMPARE(dialog.bucket(), typed);
    QCOMPARE(validation->text(), message);
    QCOMPARE(validation->isVisible(), !message.isEmpty());
    QCOMPARE(okButton(&dialog)->isEnabled(), message.isEmpty());
    QCOMPARE(okButton(&dialog)->text(), typed.isEmpty() ? u"Export"_s : u"Export to s3://"_s + typed);
    QVERIFY(fitsItsContents(&dialog));
    if (qstrcmp(QTest::currentDataTag(), "upper case") == 0)
        screenshot(&dialog, u"export-invalid-bucket"_s);
}

void TestDialogs::exportRememberedBucketAndAccept()
{
    const SnapshotEntry entry = m_account.find(u"demo-before-upgrade"_s);
    {
        ExportSnapshotDialog dialog(entry, kRegion, QString());
        QCOMPARE(child<QLineEdit>(&dialog, u"bucket"_s)->text(), QString());
        QVERIFY(!okButton(&dialog)->isEnabled());
        QCOMPARE(dialog.validationMessage(), u"Enter the name of a bucket in us-east-1."_s);
    }
    ExportSnapshotDialog dialog(entry, kRegion, u"ops-snapshots-use1"_s);
    dialog.setClock(QDateTime(QDate(2026, 12, 1), QTime(23, 59, 59), Qt::UTC));
    showAndWait(&dialog);
    QCOMPARE(child<QLineEdit>(&dialog, u"bucket"_s)->text(), u"ops-snapshots-use1"_s);
    QCOMPARE(child<QLabel>(&dialog, u"sourceName"_s)->text(), u"demo-before-upgrade"_s);
    QCOMPARE(child<QLineEdit>(&dialog, u"targetName"_s)->text(), u"demo-before-upgrade-export-20261201-235959"_s);
    QCOMPARE(okButton(&dialog)->text(), u"Export to s3://ops-snapshots-use1"_s);
    QVERIFY(okButton(&dialog)->isEnabled());
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(okButton(&dialog), Qt::LeftButton);
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(dialog.bucket(), u"ops-snapshots-use1"_s);
    QCOMPARE(dialog.targetName(), u"demo-before-upgrade-export-20261201-235959"_s);
}

void TestDialogs::exportRefusesWhatCannotBeExported()
{
    const SnapshotEntry tiered = m_account.find(u"demo-tiered-manual"_s);
    QCOMPARE(tiered.dataTiering(), u"enabled"_s);
    ExportSnapshotDialog dialog(tiered, kRegion, u"team-backups"_s);
    QCOMPARE(dialog.validationMessage(), u"This snapshot is of a data-tiering cluster; those cannot be exported."_s);
    QVERIFY(!okButton(&dialog)->isEnabled());
    // Fixing the bucket does not make it exportable.
    QTest::keyClicks(child<QLineEdit>(&dialog, u"bucket"_s), u"x"_s);
    QVERIFY(!okButton(&dialog)->isEnabled());

    SnapshotEntry busy;
    for (const SnapshotEntry &e : std::as_const(m_account.snapshots)) {
        if (e.kind() == SnapshotEntry::Kind::NodeBased && e.status() != SnapshotEntry::Status::Available
            && e.dataTiering() != u"enabled"_s)
            busy = e;
    }
    QVERIFY2(!busy.isNull(), "the seeded account has a node-based snapshot mid-operation");
    ExportSnapshotDialog busyDialog(busy, kRegion, u"team-backups"_s);
    QCOMPARE(busyDialog.validationMessage(),
             u"The snapshot is \"%1\"; only an available snapshot can be exported."_s.arg(busy.statusText()));
    QVERIFY(!okButton(&busyDialog)->isEnabled());
}

void TestDialogs::exportRequirements_data()
{
    QTest::addColumn<QString>("region");
    QTest::addColumn<bool>("optIn");
    QTest::addColumn<QString>("grantee"); // on a line of its own in the text

    const QString canonical = u"540804c33a284a299d2547575ce1010f2312ef3da9b3a053c8bc45bf233e4353"_s;
    QTest::newRow("us-east-1") << u"us-east-1"_s << false << canonical;
    QTest::newRow("eu-west-1") << u"eu-west-1"_s << false << canonical;
    QTest::newRow("ap-southeast-2") << u"ap-southeast-2"_s << false << canonical;
    QTest::newRow("us-gov-west-1") << u"us-gov-west-1"_s << false
                                   << u"40fa568277ad703bd160f66ae4f83fc9dfdfd06c2f1b5060ca22442ac3ef8be6"_s;
    for (const char *region : {"ap-east-1", "me-south-1", "af-south-1", "eu-south-1", "il-central-1", "ap-east-2"}) {
        const QString name = QString::fromLatin1(region);
        QTest::newRow(region) << name << true << name + u".elasticache-snapshot.amazonaws.com"_s;
    }
}

void TestDialogs::exportRequirements()
{
    QFETCH(QString, region);
    QFETCH(bool, optIn);
    QFETCH(QString, grantee);

    ExportSnapshotDialog dialog(m_account.find(u"demo-before-upgrade"_s), region, QString());
    auto *requirements = child<QLabel>(&dialog, u"requirements"_s);
    QVERIFY(requirements);
    const QString text = requirements->text();
    QCOMPARE(ExportSnapshotDialog::isOptInRegion(region), optIn);
    QVERIFY(text.contains(u"be in %1, the snapshot's region, and be owned by your account"_s.arg(region)));
    QVERIFY(text.contains(u"data-tiering"_s));
    QVERIFY(text.contains(u"not with a customer-managed KMS key"_s));
    // The grantee stands alone on its line, so it is never broken at a hyphen and can be copied whole.
    const QStringList lines = text.split(u'\n');
    QVERIFY2(lines.contains(u"      "_s + grantee), qPrintable(text));
    const QList<QString> otherGrantees = {u"540804c33a284a299d2547575ce1010f2312ef3da9b3a053c8bc45bf233e4353"_s,
                                          u"40fa568277ad703bd160f66ae4f83fc9dfdfd06c2f1b5060ca22442ac3ef8be6"_s,
                                          u".elasticache-snapshot.amazonaws.com"_s};
    for (const QString &other : otherGrantees) {
        if (!grantee.contains(other))
            QVERIFY2(!text.contains(other), qPrintable(other));
    }
    if (optIn) {
        for (const QString &action : {u"s3:PutObject"_s, u"s3:GetObject"_s, u"s3:ListBucket"_s, u"s3:GetBucketAcl"_s,
                                      u"s3:ListMultipartUploadParts"_s, u"s3:ListBucketMultipartUploads"_s})
            QVERIFY2(text.contains(action), qPrintable(action));
        QVERIFY(text.contains(u"bucket policy"_s));
        QVERIFY(text.contains(u"opt-in region"_s));
    } else {
        QVERIFY(text.contains(u"\"List objects\", \"Write objects\" and \"Read bucket permissions\""_s));
        QVERIFY(text.contains(u"bucket's ACL"_s));
    }
    if (region == u"ap-east-1"_s)
        screenshot(&dialog, u"export-opt-in-region"_s);
}

void TestDialogs::exportAdviceFromSandbox_data()
{
    QTest::addColumn<QString>("bucket");
    QTest::addColumn<QByteArray>("settings"); // .bucket.json; empty: none; "-": no bucket folder
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("region"); // the region the advice is given for
    QTest::addColumn<QString>("advice"); // must appear in adviceFor()

    const QString node = u"demo-valkey-rg-manual"_s;
    const QString serverless = u"demo-serverless-manual"_s;
    const QString use1 = u"us-east-1"_s;
    QTest::newRow("missing") << u"nowhere-bucket"_s << "-"_ba << node << use1
                             << u"There is no bucket of that name. Create it in us-east-1"_s;
    QTest::newRow("missing, serverless") << u"nowhere-bucket"_s << "-"_ba << serverless << use1
                                         << u"There is no bucket of that name."_s;
    QTest::newRow("other region") << u"eu-bucket"_s << "{\"region\": \"eu-west-1\"}"_ba << node << use1
                                  << u"The bucket is in another region. Export to a bucket in us-east-1"_s;
    QTest::newRow("not owned") << u"their-bucket"_s << "{\"ownerAccountId\": \"210987654321\"}"_ba << node << use1
                               << u"belongs to another account"_s;
    QTest::newRow("caller not permitted") << u"locked-bucket"_s << "{\"callerPermitted\": false}"_ba << node << use1
                                          << u"s3:GetBucketLocation and s3:ListAllMyBuckets"_s;
    QTest::newRow("READ missing") << u"no-read"_s << "{\"grants\": [\"WRITE\", \"READ_ACP\"]}"_ba << node << use1
                                  << u"its grant lacks \"List objects\" (READ)"_s;
    QTest::newRow("WRITE missing") << u"no-write"_s << "{\"grants\": [\"READ\", \"READ_ACP\"]}"_ba << node << use1
                                   << u"its grant lacks \"Write objects\" (WRITE)"_s;
    QTest::newRow("READ_ACP missing") << u"no-acp"_s << "{\"grants\": [\"READ\", \"WRITE\"]}"_ba << node << use1
                                      << u"its grant lacks \"Read bucket permissions\" (READ_ACP)"_s;
    QTest::newRow("READ_ACP missing, serverless")
        << u"no-acp"_s << "{\"grants\": [\"READ\", \"WRITE\"]}"_ba << serverless << use1
        << u"540804c33a284a299d2547575ce1010f2312ef3da9b3a053c8bc45bf233e4353"_s;
    QTest::newRow("WRITE missing, opt-in region")
        << u"no-write"_s << "{\"grants\": [\"READ\", \"READ_ACP\"]}"_ba << node << u"me-south-1"_s
        << u"the bucket policy does not allow s3:PutObject to the service principal. Fix: a bucket policy"_s;
    QTest::newRow("WRITE missing, opt-in region, principal")
        << u"no-write"_s << "{\"grants\": [\"READ\", \"READ_ACP\"]}"_ba << node << u"me-south-1"_s
        << u"\n      me-south-1.elasticache-snapshot.amazonaws.com\n"_s;
    QTest::newRow("READ missing, opt-in region") << u"no-read"_s << "{\"grants\": [\"WRITE\", \"READ_ACP\"]}"_ba << node
                                                 << u"ap-east-1"_s << u"does not allow s3:ListBucket"_s;
    QTest::newRow("object exists") << u"full-bucket"_s << QByteArray() << node << use1
                                   << u"An object of that name is already in the bucket"_s;
    QTest::newRow("data tiering") << u"team-backups"_s << QByteArray() << u"demo-tiered-manual"_s << use1
                                  << u"data-tiering clusters (r6gd) cannot be exported"_s;
}

void TestDialogs::exportAdviceFromSandbox()
{
    QFETCH(QString, bucket);
    QFETCH(QByteArray, settings);
    QFETCH(QString, source);
    QFETCH(QString, region);
    QFETCH(QString, advice);

    QTemporaryDir s3;
    QVERIFY(s3.isValid());
    if (settings != "-") {
        QVERIFY(QDir(s3.path()).mkdir(bucket));
        if (!settings.isEmpty()) {
            QVERIFY(QJsonDocument::fromJson(settings).isObject());
            QFile file(s3.filePath(bucket + u"/.bucket.json"_s));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(settings);
        }
    }
    const Account account = loadAccount(s3.path());
    const SnapshotEntry entry = account.find(source);
    QVERIFY(!entry.isNull());
    // What the dialog would send: its own bucket field and object names.
    ExportSnapshotDialog dialog(entry, region, bucket);
    if (bucket == u"full-bucket"_s) {
        QFile existing(s3.filePath(bucket + u'/' + dialog.objectNames().first()));
        QVERIFY(existing.open(QIODevice::WriteOnly));
    }
    ApiError error;
    if (entry.kind() == SnapshotEntry::Kind::Serverless) {
        ExportServerlessCacheSnapshotRequest request;
        request.serverlessCacheSnapshotName = entry.name();
        request.s3BucketName = dialog.bucket();
        const auto result = account.state->exportServerlessCacheSnapshot(request);
        QVERIFY(!result.ok());
        error = result.error();
    } else {
        CopySnapshotRequest request;
        request.sourceSnapshotName = entry.name();
        request.targetSnapshotName = dialog.targetName();
        request.targetBucket = dialog.bucket();
        const auto result = account.state->copySnapshot(request);
        QVERIFY(!result.ok());
        error = result.error();
    }
    const QString text = ExportSnapshotDialog::adviceFor(error, region);
    QVERIFY2(text.contains(advice), qPrintable(error.toString() + u"\n→ "_s + text));
}

void TestDialogs::exportAdviceForApiMessages_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("advice"); // empty: no bucket advice

    // The messages of the CopySnapshot API reference (snapshot-rules.md [A6]), with a bucket name filled in.
    const QString ipv = u"InvalidParameterValue"_s;
    QTest::newRow("outside of the region")
        << ipv << u"The S3 bucket my-bucket is outside of the region."_s << u"in another region"_s;
    QTest::newRow("does not exist") << ipv << u"The S3 bucket my-bucket does not exist."_s << u"no bucket"_s;
    QTest::newRow("not owned") << ipv << u"The S3 bucket my-bucket is not owned by the authenticated user."_s
                               << u"another account"_s;
    QTest::newRow("caller permissions")
        << ipv << u"The authenticated user does not have sufficient permissions to perform the desired activity."_s
        << u"elasticache:CopySnapshot"_s;
    QTest::newRow("object exists")
        << ipv << u"The S3 bucket my-bucket already contains an object with key my-backup-0001.rdb."_s
        << u"already in the bucket"_s;
    QTest::newRow("READ") << ipv << u"ElastiCache has not been granted READ permissions my-bucket on the S3 Bucket."_s
                          << u"\"List objects\" (READ)"_s;
    QTest::newRow("WRITE") << ipv << u"ElastiCache has not been granted WRITE permissions my-bucket on the S3 Bucket."_s
                           << u"\"Write objects\" (WRITE)"_s;
    QTest::newRow("READ_ACP") << ipv
                              << u"ElastiCache has not been granted READ_ACP permissions my-bucket on the S3 Bucket."_s
                              << u"\"Read bucket permissions\" (READ_ACP)"_s;
    QTest::newRow("IAM access denied") << u"AccessDenied"_s
                                       << u"User: arn:aws:iam::123456789012:user/ops is not authorized to perform: "
                                          "elasticache:CopySnapshot"_s
                                       << u"Your own credentials lack permissions"_s;
    QTest::newRow("KMS key on export") << u"InvalidParameterCombination"_s
                                       << u"KmsKeyId cannot be used when exporting a snapshot to Amazon S3: exported "
                                          "objects use S3 server-side encryption."_s
                                       << u"cannot use a KMS key"_s;
    QTest::newRow("snapshot missing") << u"SnapshotNotFoundFault"_s << u"Snapshot nightly not found."_s << QString();
    QTest::newRow("KMS key missing is not a bucket")
        << ipv << u"The KMS key arn:aws:kms:us-east-1:123456789012:key/x does not exist."_s << QString();
    QTest::newRow("throttled") << u"Throttling"_s << u"Rate exceeded"_s << QString();
}

void TestDialogs::exportAdviceForApiMessages()
{
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(QString, advice);

    // As the client sees them: parsed from the service's XML error document.
    const QByteArray body = u"<ErrorResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\"><Error>"
                            "<Type>Sender</Type><Code>%1</Code><Message>%2</Message></Error>"
                            "<RequestId>5f0c1a6e-0000-4000-8000-000000000001</RequestId></ErrorResponse>"_s
                                .arg(code, message.toHtmlEscaped())
                                .toUtf8();
    const ApiError error = QueryProtocol::errorResponse(body, 400);
    QCOMPARE(error.kind, ApiError::Kind::Service);
    QCOMPARE(error.code, code);
    QCOMPARE(error.message, message);
    const QString text = ExportSnapshotDialog::adviceFor(error, kRegion);
    if (advice.isEmpty())
        QCOMPARE(text, QString());
    else
        QVERIFY2(text.contains(advice), qPrintable(text));
}

// --- delete -------------------------------------------------------------------------------------------------------

void TestDialogs::deleteOne()
{
    DeleteSnapshotDialog dialog({u"demo-before-upgrade"_s}, 0);
    showAndWait(&dialog);
    auto *list = child<QListWidget>(&dialog, u"names"_s);
    auto *question = child<QLabel>(&dialog, u"question"_s);
    auto *automatic = child<QLabel>(&dialog, u"automaticNote"_s);
    QVERIFY(list && question && automatic);
    QCOMPARE(list->count(), 1);
    QCOMPARE(list->item(0)->text(), u"demo-before-upgrade"_s);
    QVERIFY(question->text().contains(u"cannot be undone"_s));
    QVERIFY(question->text().startsWith(u"Delete this snapshot?"_s));
    QVERIFY(!automatic->isVisible());
    QCOMPARE(child<QPushButton>(&dialog, u"deleteButton"_s)->text(), u"Delete 1 snapshot"_s);
    QCOMPARE(dialog.windowTitle(), u"Delete 1 snapshot"_s);

    DeleteSnapshotDialog automaticDialog({u"automatic.demo-redis-001-2026-11-29-03-15"_s}, 1);
    showAndWait(&automaticDialog);
    auto *note = child<QLabel>(&automaticDialog, u"automaticNote"_s);
    QVERIFY(note->isVisible());
    QVERIFY(note->text().startsWith(u"It is an automatic backup"_s));
    screenshot(&automaticDialog, u"delete-one"_s);
}

void TestDialogs::deleteMany()
{
    QStringList names;
    for (const SnapshotEntry &e : std::as_const(m_account.snapshots)) {
        if (e.isAutomatic() && names.isEmpty())
            names.append(e.name());
    }
    for (const SnapshotEntry &e : std::as_const(m_account.snapshots)) {
        if (!e.isAutomatic() && names.size() < 3)
            names.append(e.name());
    }
    QCOMPARE(names.size(), 3);
    DeleteSnapshotDialog dialog(names, 1);
    showAndWait(&dialog);
    auto *list = child<QListWidget>(&dialog, u"names"_s);
    QStringList shown;
    for (int i = 0; i < list->count(); ++i)
        shown.append(list->item(i)->text());
    QCOMPARE(shown, names);
    QCOMPARE(dialog.names(), names);
    QCOMPARE(child<QPushButton>(&dialog, u"deleteButton"_s)->text(), u"Delete 3 snapshots"_s);
    QCOMPARE(dialog.deleteButton(), child<QPushButton>(&dialog, u"deleteButton"_s));
    const QString question = child<QLabel>(&dialog, u"question"_s)->text();
    QVERIFY(question.startsWith(u"Delete these 3 snapshots?"_s));
    QVERIFY(question.contains(u"cannot be undone"_s));
    auto *note = child<QLabel>(&dialog, u"automaticNote"_s);
    QVERIFY(note->isVisible());
    QCOMPARE(note->text(),
             u"1 of them is an automatic backup, which would expire on its own when its retention ends."_s);
    screenshot(&dialog, u"delete-many"_s);

    DeleteSnapshotDialog two({u"automatic.a-2026-11-29-03-15"_s, u"automatic.b-2026-11-29-03-15"_s}, 2);
    QCOMPARE(child<QLabel>(&two, u"automaticNote"_s)->text(),
             u"All 2 are automatic backups: they would expire on their own when their retention ends."_s);
    DeleteSnapshotDialog mixed({u"a"_s, u"automatic.b-2026-11-29-03-15"_s, u"automatic.c-2026-11-29-03-15"_s}, 2);
    QCOMPARE(child<QLabel>(&mixed, u"automaticNote"_s)->text(),
             u"2 of them are automatic backups, which would expire on their own when their retention ends."_s);

    QStringList many;
    for (int i = 1; i <= 40; ++i)
        many.append(u"cleanup-candidate-%1"_s.arg(i, 3, 10, QChar(u'0')));
    DeleteSnapshotDialog long_(many, 0);
    QCOMPARE(child<QPushButton>(&long_, u"deleteButton"_s)->text(), u"Delete 40 snapshots"_s);
    QCOMPARE(child<QListWidget>(&long_, u"names"_s)->count(), 40);
    screenshot(&long_, u"delete-40"_s);
}

void TestDialogs::deleteKeyboard()
{
    const QStringList names = {u"demo-before-upgrade"_s, u"demo-valkey-rg-manual"_s};
    {
        DeleteSnapshotDialog dialog(names, 0);
        showAndWait(&dialog);
        dialog.activateWindow(); // what a window manager does for a new dialog; bare X servers have none
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        QPushButton *cancel = child<QPushButton>(&dialog, u"cancelButton"_s);
        QPushButton *del = child<QPushButton>(&dialog, u"deleteButton"_s);
        QVERIFY(cancel && del);
        QCOMPARE(QApplication::focusWidget(), cancel);
        QVERIFY(cancel->isDefault());
        QVERIFY(!del->isDefault());
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QSignalSpy rejected(&dialog, &QDialog::rejected);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QCOMPARE(accepted.count(), 0);
        QCOMPARE(rejected.count(), 1);
        QVERIFY(!dialog.isVisible());
    }
    {
        DeleteSnapshotDialog dialog(names, 0);
        showAndWait(&dialog);
        dialog.activateWindow(); // what a window manager does for a new dialog; bare X servers have none
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QSignalSpy rejected(&dialog, &QDialog::rejected);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QCOMPARE(accepted.count(), 0);
        QCOMPARE(rejected.count(), 1);
    }
    {
        // Enter stays with the default (Cancel) even when the focus is on the Delete button: only a deliberate
        // click or Space deletes.
        DeleteSnapshotDialog dialog(names, 0);
        showAndWait(&dialog);
        dialog.activateWindow(); // what a window manager does for a new dialog; bare X servers have none
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        QPushButton *del = child<QPushButton>(&dialog, u"deleteButton"_s);
        del->setFocus();
        QTRY_COMPARE(QApplication::focusWidget(), del);
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QSignalSpy rejected(&dialog, &QDialog::rejected);
        QTest::keyClick(del, Qt::Key_Enter);
        QCOMPARE(accepted.count(), 0);
        QCOMPARE(rejected.count(), 1);
    }
    {
        DeleteSnapshotDialog dialog(names, 0);
        showAndWait(&dialog);
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QTest::mouseClick(child<QPushButton>(&dialog, u"deleteButton"_s), Qt::LeftButton);
        QCOMPARE(accepted.count(), 1);
    }
}

// --- details ------------------------------------------------------------------------------------------------------

void TestDialogs::detailsNodeBasedShards()
{
    const auto page = ResponseParser::describeSnapshots(testData(u"describe-snapshots-all-members.xml"_s));
    QVERIFY(page.ok());
    const Snapshot snapshot = page.value().items.first();
    QCOMPARE(snapshot.nodeSnapshots.size(), 2);

    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *pane = new DetailsPane(&window);
    layout->addWidget(pane);
    window.resize(520, 900);
    pane->setSnapshot(SnapshotEntry(snapshot));
    showAndWait(&window);
    auto *tree = child<QTreeWidget>(pane, u"detailsFields"_s);
    QVERIFY(tree);
    QCOMPARE(child<QLabel>(pane, u"detailsTitle"_s)->text(), u"all-members \"quoted\" \\ back"_s);

    // The values as the XML capture has them.
    const QList<std::pair<QString, QString>> expected = {
        {u"Name"_s, u"all-members \"quoted\" \\ back"_s},
        {u"Status"_s, u"available"_s},
        {u"Kind"_s, u"node-based"_s},
        {u"Source"_s, u"manual"_s},
        {u"ARN"_s, u"arn:aws:elasticache:us-east-1:123456789012:snapshot:all-members"_s},
        {u"Created"_s, u"2024-03-02 04:05:06  (2024-03-02T04:05:06Z)"_s},
        {u"KMS key"_s, u"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"_s},
        {u"Replication group"_s, u"rg-all"_s},
        {u"Group description"_s, u"line one\nline\ttwo & <more> ünïcødé \u2028 ✓"_s},
        {u"Cache cluster"_s, u"rg-all-0001-001"_s},
        {u"Engine"_s, u"valkey 7.2"_s},
        {u"Node type"_s, u"cache.r7g.xlarge"_s},
        {u"Cache nodes"_s, u"3"_s},
        {u"Shards (node groups)"_s, u"2"_s},
        {u"Automatic failover"_s, u"enabled"_s},
        {u"Data tiering"_s, u"enabled"_s},
        {u"VPC"_s, u"vpc-0fedcba987654321"_s},
        {u"Subnet group"_s, u"subnets-b"_s},
        {u"Parameter group"_s, u"custom.valkey7"_s},
        {u"Port"_s, u"6380"_s},
        {u"Availability zone"_s, u"Multiple"_s},
        {u"Retention limit (days)"_s, u"35"_s},
        {u"Snapshot window"_s, u"01:30-02:30"_s},
        {u"Maintenance window"_s, u"sat:22:00-sun:01:00"_s},
        {u"Auto minor version upgrade"_s, u"yes"_s},
        {u"Notification topic"_s, u"arn:aws:sns:us-east-1:123456789012:events"_s},
        {u"Cluster created"_s, u"2022-12-31 23:59:59  (2022-12-31T23:59:59Z)"_s},
    };
    for (const auto &[field, value] : expected) {
        QTreeWidgetItem *item = findItem(tree, field);
        QVERIFY2(item, qPrintable(field));
        QCOMPARE(item->text(1), value);
    }
    QCOMPARE(pane->valueOf(u"Port"_s), u"6380"_s);
    // 1.5 GB + 0 MB, in bytes as well as human-readable.
    const QString size = findItem(tree, u"Size"_s)->text(1);
    QVERIFY2(size.contains(QLocale().toString(qint64(1610612736)) + u" bytes"_s), qPrintable(size));
    QVERIFY2(size.startsWith(u"1.5"_s), qPrintable(size));

    QTreeWidgetItem *nodes = findItem(tree, u"Node snapshots"_s);
    QVERIFY(nodes);
    QCOMPARE(nodes->text(1), u"2"_s);
    QVERIFY(nodes->isExpanded());
    QCOMPARE(nodes->childCount(), 2);
    struct Shard
    {
        QString label, cluster, size, slotRange, replicas, zone, created;
    };
    // The service's "1.5 GB" and "0 MB", in the total's style: the service's units and the byte count.
    const QLocale locale;
    const QList<Shard> shards = {
        {u"Shard 0001"_s, u"rg-all-0001-001"_s,
         u"1"_s + locale.decimalPoint() + u"5 GB  ("_s + locale.toString(qint64(1610612736)) + u" bytes)"_s,
         u"0-8191"_s, u"2"_s, u"us-east-1a"_s, u"2024-03-02 04:05:06  (2024-03-02T04:05:06Z)"_s},
        {u"Shard 0002"_s, u"rg-all-0002-001"_s, u"0 bytes"_s, u"8192-16383"_s, u"0"_s, u"us-east-1b"_s,
         u"2024-03-02 04:05:06  (2024-03-02T04:05:06Z)"_s},
    };
    for (int i = 0; i < shards.size(); ++i) {
        const Shard &shard = shards.at(i);
        QTreeWidgetItem *item = nodes->child(i);
        QCOMPARE(item->text(0), shard.label);
        QVERIFY(item->isExpanded()); // slots and sizes in sight without a click
        QVERIFY2(item->text(1).contains(shard.cluster + u"/0001"_s), qPrintable(item->text(1)));
        QVERIFY2(item->text(1).contains(shard.size.section(u"  ("_s, 0, 0)), qPrintable(item->text(1)));
        QVERIFY(item->text(1).contains(u"slots "_s + shard.slotRange));
        QCOMPARE(findItem(tree, u"Cache cluster"_s, item)->text(1), shard.cluster);
        QCOMPARE(findItem(tree, u"Cache node"_s, item)->text(1), u"0001"_s);
        QCOMPARE(findItem(tree, u"Size"_s, item)->text(1), shard.size);
        QCOMPARE(findItem(tree, u"Slots"_s, item)->text(1), shard.slotRange);
        QCOMPARE(findItem(tree, u"Replicas"_s, item)->text(1), shard.replicas);
        QCOMPARE(findItem(tree, u"Primary zone"_s, item)->text(1), shard.zone);
        QCOMPARE(findItem(tree, u"Snapshot created"_s, item)->text(1), shard.created);
        QVERIFY(findItem(tree, u"Node created"_s, item));
    }
    // Not serverless fields.
    QVERIFY(!findItem(tree, u"Serverless cache"_s));
    QVERIFY(!findItem(tree, u"Bytes used for cache"_s));

    // A seeded 3-shard group from the sandbox: one node snapshot per shard, slots that cover 0-16383.
    const SnapshotEntry seeded = m_account.find(u"demo-valkey-rg-manual"_s);
    pane->setSnapshot(seeded);
    nodes = findItem(tree, u"Node snapshots"_s);
    QVERIFY(nodes);
    QCOMPARE(nodes->childCount(), 3);
    QStringList slots;
    for (int i = 0; i < nodes->childCount(); ++i)
        slots.append(findItem(tree, u"Slots"_s, nodes->child(i))->text(1));
    QVERIFY2(slots.first().startsWith(u"0-"_s) && slots.last().endsWith(u"-16383"_s), qPrintable(slots.join(u' ')));
    QCOMPARE(pane->valueOf(u"Shards (node groups)"_s), u"3"_s);
    QCOMPARE(child<QLabel>(pane, u"detailsTitle"_s)->text(), u"demo-valkey-rg-manual"_s);
    screenshot(&window, u"details-node-based"_s);
}

void TestDialogs::detailsServerless()
{
    const auto page = ResponseParser::describeServerlessCacheSnapshots(kServerlessXml);
    QVERIFY(page.ok());
    DetailsPane pane;
    pane.resize(480, 500);
    pane.setSnapshot(SnapshotEntry(page.value().items.first()));
    auto *tree = child<QTreeWidget>(&pane, u"detailsFields"_s);
    const QList<std::pair<QString, QString>> expected = {
        {u"Name"_s, u"sl-manual-1"_s},
        {u"Status"_s, u"available"_s},
        {u"Kind"_s, u"serverless"_s},
        {u"Source"_s, u"manual"_s},
        {u"ARN"_s, u"arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:sl-manual-1"_s},
        {u"Created"_s, u"2024-03-02 04:05:06  (2024-03-02T04:05:06Z)"_s},
        {u"KMS key"_s, u"arn:aws:kms:us-east-1:123456789012:key/1234abcd"_s},
        {u"Expires"_s, u"2024-04-01 04:05:06  (2024-04-01T04:05:06Z)"_s},
        {u"Serverless cache"_s, u"my-serverless"_s},
        {u"Engine"_s, u"redis 7"_s},
        {u"Snapshot type"_s, u"manual"_s},
        {u"Bytes used for cache"_s, u"1024"_s},
    };
    for (const auto &[field, value] : expected) {
        QTreeWidgetItem *item = findItem(tree, field);
        QVERIFY2(item, qPrintable(field));
        QCOMPARE(item->text(1), value);
    }
    QVERIFY(findItem(tree, u"Size"_s)->text(1).contains(QLocale().toString(1024) + u" bytes"_s));
    for (const QString &nodeOnly : {u"Node snapshots"_s, u"Replication group"_s, u"Node type"_s, u"Port"_s})
        QVERIFY2(!findItem(tree, nodeOnly), qPrintable(nodeOnly));
    screenshot(&pane, u"details-serverless"_s);
}

void TestDialogs::detailsCopyButtons()
{
    const auto nodePage = ResponseParser::describeSnapshots(testData(u"describe-snapshots-all-members.xml"_s));
    const auto serverlessPage = ResponseParser::describeServerlessCacheSnapshots(kServerlessXml);
    QVERIFY(nodePage.ok() && serverlessPage.ok());
    DetailsPane pane;
    showAndWait(&pane);
    auto *copyName = child<QPushButton>(&pane, u"copyNameButton"_s);
    auto *copyArn = child<QPushButton>(&pane, u"copyArnButton"_s);
    QVERIFY(copyName && copyArn);
    QVERIFY(!copyName->isEnabled());
    QVERIFY(!copyArn->isEnabled());
    QCOMPARE(child<QLabel>(&pane, u"detailsTitle"_s)->text(), u"No snapshot selected"_s);

    QClipboard *clipboard = QApplication::clipboard();
    for (const SnapshotEntry &entry :
         {SnapshotEntry(nodePage.value().items.first()), SnapshotEntry(serverlessPage.value().items.first())}) {
        pane.setSnapshot(entry);
        clipboard->setText(u"sentinel"_s);
        QTest::mouseClick(copyName, Qt::LeftButton);
        QCOMPARE(clipboard->text(), entry.name());
        clipboard->setText(u"sentinel"_s);
        QTest::mouseClick(copyArn, Qt::LeftButton);
        QCOMPARE(clipboard->text(), entry.arn());
        QVERIFY(entry.arn().startsWith(u"arn:aws:elasticache:"_s));
    }
    // The capture's second snapshot has no ARN: nothing to copy.
    const SnapshotEntry sparse(nodePage.value().items.at(1));
    pane.setSnapshot(sparse);
    QVERIFY(copyName->isEnabled());
    QVERIFY(!copyArn->isEnabled());

    pane.setSelectionCount(3);
    QCOMPARE(child<QLabel>(&pane, u"detailsTitle"_s)->text(), u"3 snapshots selected"_s);
    QVERIFY(!copyName->isEnabled());
    clipboard->setText(u"sentinel"_s);
    QTest::mouseClick(copyName, Qt::LeftButton);
    QCOMPARE(clipboard->text(), u"sentinel"_s);
}

// --- error bar ----------------------------------------------------------------------------------------------------

void TestDialogs::errorBar()
{
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *bar = new ErrorBar(&window);
    layout->addWidget(bar);
    layout->addStretch();
    window.resize(900, 200);
    showAndWait(&window);
    QVERIFY(!bar->isVisible());

    // A real refusal: the sandbox's answer to an export into a bucket in another region.
    QTemporaryDir s3;
    QVERIFY(QDir(s3.path()).mkdir(u"eu-bucket"_s));
    {
        QFile settings(s3.filePath(u"eu-bucket/.bucket.json"_s));
        QVERIFY(settings.open(QIODevice::WriteOnly));
        settings.write("{\"region\": \"eu-west-1\"}");
    }
    const Account account = loadAccount(s3.path());
    CopySnapshotRequest request;
    request.sourceSnapshotName = u"demo-before-upgrade"_s;
    request.targetSnapshotName = u"demo-before-upgrade"_s;
    request.targetBucket = u"eu-bucket"_s;
    const auto result = account.state->copySnapshot(request);
    QVERIFY(!result.ok());
    ApiError error = result.error();
    error.requestId = u"5f0c1a6e-0000-4000-8000-000000000001"_s;
    const QString advice = ExportSnapshotDialog::adviceFor(error, kRegion);
    QVERIFY(!advice.isEmpty());

    int retries = 0;
    bar->showError(u"Could not export demo-before-upgrade to s3://eu-bucket."_s, error, advice,
                   [&retries] { ++retries; });
    QVERIFY(bar->isVisible());
    auto *text = child<QLabel>(bar, u"errorText"_s);
    auto *retry = child<QPushButton>(bar, u"retryButton"_s);
    auto *dismiss = child<QPushButton>(bar, u"dismissButton"_s);
    QVERIFY(text && retry && dismiss);
    QCOMPARE(bar->text(), text->text());
    const QStringList lines = text->text().split(u'\n');
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0), u"Could not export demo-before-upgrade to s3://eu-bucket."_s);
    QCOMPARE(lines.at(1),
             u"InvalidParameterValue: The S3 bucket eu-bucket is outside of the region. (HTTP 400, "
             "request id 5f0c1a6e-0000-4000-8000-000000000001)"_s);
    QCOMPARE(lines.at(2), advice);
    QVERIFY(retry->isVisible());
    screenshot(&window, u"errorbar"_s);

    QTest::mouseClick(retry, Qt::LeftButton);
    QCOMPARE(retries, 1);
    QVERIFY(!bar->isVisible());

    // Without a retry action there is no Retry button; Dismiss hides the bar and retries nothing.
    bar->showMessage(u"The list may be incomplete."_s, u"Throttling: Rate exceeded"_s);
    QVERIFY(bar->isVisible());
    QVERIFY(!retry->isVisible());
    QCOMPARE(bar->text(), u"The list may be incomplete.\nThrottling: Rate exceeded"_s);
    QTest::mouseClick(dismiss, Qt::LeftButton);
    QVERIFY(!bar->isVisible());
    QCOMPARE(retries, 1);

    // A second error replaces the first and its retry action.
    int second = 0;
    bar->showError(u"Could not copy a."_s, error, QString(), [&retries] { ++retries; });
    bar->showError(u"Could not copy b."_s, error, QString(), [&second] { ++second; });
    QVERIFY(bar->text().startsWith(u"Could not copy b."_s));
    QTest::mouseClick(retry, Qt::LeftButton);
    QCOMPARE(second, 1);
    QCOMPARE(retries, 1);
}

void TestDialogs::messageColoursFollowPalette()
{
    // The shades a person can read on each: a dark red on a dark window would vanish.
    QLabel light;
    QPalette lightPalette;
    lightPalette.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    light.setPalette(lightPalette);
    DialogUtil::styleAsError(&light);
    QLabel dark;
    QPalette darkPalette;
    darkPalette.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setPalette(darkPalette);
    DialogUtil::styleAsError(&dark);
    QVERIFY(light.styleSheet() != dark.styleSheet());
    const auto colourOf = [](const QLabel &label) {
        return QColor(label.styleSheet().section(u':', 1).remove(u';').trimmed());
    };
    QVERIFY(colourOf(light).isValid() && colourOf(dark).isValid());
    QVERIFY(colourOf(light).lightness() < 128);
    QVERIFY(colourOf(dark).lightness() > 128);
    DialogUtil::styleAsWarning(&dark);
    QVERIFY(colourOf(dark).lightness() > 128);
}

QTEST_MAIN(TestDialogs)
#include "tst_dialogs.moc"
