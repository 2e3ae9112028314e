// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later

// Tags in the window, end to end against an in-process sandbox over loopback HTTP: no ListTagsForResource until
// something shows tags, the Tags column reading only the rows on screen, the tag filter combined with the others
// (rows not read yet kept, greyed), the details pane's editor sending only the difference and reading it back,
// each refusal, and the Create and Copy dialogs' Tags. What the service holds is read back with a client of the
// test's own. Set CACHESNAP_SCREENSHOT_DIR to also save tags-*.png (the window as shown, and at 800×600).

#include "connections.h"
#include "copysnapshotdialog.h"
#include "createsnapshotdialog.h"
#include "detailspane.h"
#include "elasticacheclient.h"
#include "filterbar.h"
#include "mainwindow.h"
#include "resourcearn.h"
#include "rowtableview.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "snapshotactions.h"
#include "snapshotcolumns.h"
#include "snapshotfilterproxymodel.h"
#include "snapshotlisting.h"
#include "snapshottablemodel.h"
#include "tagcache.h"
#include "tagdemand.h"
#include "tageditor.h"
#include "tagrules.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QTreeView>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString kListTags = u"ListTagsForResource"_s;
const QString kAddTags = u"AddTagsToResource"_s;
const QString kRemoveTags = u"RemoveTagsFromResource"_s;

QSet<QString> tagSet(const QList<Tag> &tags)
{
    QSet<QString> set;
    for (const Tag &tag : tags)
        set.insert(tag.key + u'=' + tag.value);
    return set;
}

QList<Tag> tagList(std::initializer_list<std::pair<QString, QString>> pairs)
{
    QList<Tag> list;
    for (const auto &[key, value] : pairs)
        list.append(Tag {key, value});
    return list;
}

} // namespace

class TestTags final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void noTagCallsUntilShown();
    void savedHeaderOfAnOlderVersionKeepsTagsHidden();
    void columnReadsOnlyVisibleRows();
    void filterCombinesWithTheOthers();
    void throttlingSlowsTheReadsDown();
    void editorSendsOnlyTheDifference();
    void editorRefusesAndKeepsTheInput();
    void createAndCopyWithTags();

private:
    std::unique_ptr<MainWindow> makeWindow(bool restoreSettings = false);
    void connectAndLoad(MainWindow *window);
    template<typename Dialog> Dialog *waitForDialog(MainWindow *window);
    // Through the test's own client, not the window's.
    std::optional<QList<Tag>> listTags(const QString &arn);
    bool addTags(const QString &arn, const QList<Tag> &tags);
    QString arnOf(const QString &name) const;
    static QStringList visibleArns(MainWindow *window);
    static QStringList shownNames(MainWindow *window);
    static void selectRow(MainWindow *window, SnapshotEntry::Kind kind, const QString &name);
    static void setEditorText(TagEditor *editor, const QString &text);
    int calls(const QString &action) const { return m_calls.value(action); }
    // settled: once the tags being read have come in.
    void screenshot(MainWindow *window, const QString &name, bool settled = true);

    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<ElastiCacheClient> m_client;
    QHash<QString, int> m_calls; // the sandbox's answered requests, by action
};

void TestTags::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"CacheSnapTest"_s);
    QCoreApplication::setApplicationName(u"tst_tags"_s);
}

void TestTags::init()
{
    QSettings().clear();
    SandboxConfig config;
    config.seed = 7;
    config.seedSnapshots = 240; // several screens of rows
    config.snapshotCreateSeconds = 0.3;
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_calls.clear();
    connect(m_server.get(), &SandboxServer::requestHandled, this,
            [this](const QString &action, int, const QString &) { ++m_calls[action]; });
    const auto clientConfig = Connections::sandboxResolver(
        {m_server->url(), m_server->region(), m_server->accessKeyId(), m_server->secretAccessKey(), {}})({});
    QVERIFY(clientConfig);
    m_client = std::make_unique<ElastiCacheClient>(clientConfig.value());
    m_client->setRetryRandomSource([] { return 0.0; });
}

void TestTags::cleanup()
{
    m_client.reset();
    m_server.reset();
}

std::unique_ptr<MainWindow> TestTags::makeWindow(bool restoreSettings)
{
    MainWindow::Options options;
    options.resolver = Connections::sandboxResolver(
        {m_server->url(), m_server->region(), m_server->accessKeyId(), m_server->secretAccessKey(), {}});
    options.sandboxUrl = m_server->url().toString();
    options.regions = {m_server->region()};
    options.restoreSettings = restoreSettings;
    auto window = std::make_unique<MainWindow>(options);
    window->resize(1400, 800);
    window->show();
    return window;
}

void TestTags::connectAndLoad(MainWindow *window)
{
    QSignalSpy loaded(window, &MainWindow::loadFinished);
    window->connectTo({u"sandbox"_s, m_server->region(), m_server->url().toString()});
    QVERIFY(loaded.wait(30000));
    QCOMPARE(loaded.first().first().toBool(), true);
}

template<typename Dialog> Dialog *TestTags::waitForDialog(MainWindow *window)
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

std::optional<QList<Tag>> TestTags::listTags(const QString &arn)
{
    std::optional<ApiResult<TagListMessage>> result;
    ListTagsForResourceRequest request;
    request.resourceName = arn;
    m_client->listTagsForResource(request)->onFinished(
        this, [&result](const ApiResult<TagListMessage> &answer) { result = answer; });
    if (!waitFor(result, 15000) || !*result)
        return std::nullopt;
    return QList<Tag>(result->value().tagList);
}

bool TestTags::addTags(const QString &arn, const QList<Tag> &tags)
{
    std::optional<ApiResult<TagListMessage>> result;
    AddTagsToResourceRequest request;
    request.resourceName = arn;
    request.tags = tags;
    m_client->addTagsToResource(request)->onFinished(
        this, [&result](const ApiResult<TagListMessage> &answer) { result = answer; });
    return waitFor(result, 15000) && result->ok();
}

QString TestTags::arnOf(const QString &name) const
{
    const std::optional<Snapshot> snapshot = m_server->state()->snapshot(name);
    return snapshot ? snapshot->arn : QString();
}

QStringList TestTags::visibleArns(MainWindow *window)
{
    RowTableView *view = window->view();
    const QModelIndex top = view->indexAt(QPoint(1, 1));
    const QModelIndex bottom = view->indexAt(QPoint(1, view->viewport()->height() - 2));
    QStringList arns;
    if (!top.isValid())
        return arns;
    const int last = bottom.isValid() ? bottom.row() : window->proxy()->rowCount() - 1;
    for (int row = top.row(); row <= last; ++row)
        arns.append(
            window->model()->snapshotAt(window->proxy()->mapToSource(window->proxy()->index(row, 0)).row()).arn());
    return arns;
}

QStringList TestTags::shownNames(MainWindow *window)
{
    QStringList names;
    for (int row = 0; row < window->proxy()->rowCount(); ++row)
        names.append(window->proxy()->index(row, SnapshotTableModel::NameColumn).data().toString());
    names.sort();
    return names;
}

void TestTags::selectRow(MainWindow *window, SnapshotEntry::Kind kind, const QString &name)
{
    QVERIFY(window->actions()->selectSnapshot(kind, name));
    QCOMPARE(window->detailsPane()->snapshot().name(), name);
}

void TestTags::setEditorText(TagEditor *editor, const QString &text)
{
    auto *edit = editor->findChild<QPlainTextEdit *>(u"tagEdit"_s);
    QVERIFY(edit);
    QTRY_VERIFY(!edit->isReadOnly()); // the tags are read (or read back after an Apply)
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    // Line by line, as typed: Return between them.
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(edit, Qt::Key_Return);
        QTest::keyClicks(edit, lines[i]);
    }
    QCOMPARE(edit->toPlainText(), text);
}

void TestTags::screenshot(MainWindow *window, const QString &name, bool settled)
{
    const QString dir = qEnvironmentVariable("CACHESNAP_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    const QSize size = window->size();
    for (const QSize shot : {size, QSize(800, 600)}) {
        window->resize(shot);
        QTest::qWait(settled ? 300 : 150); // the layout, and the visible rows' tags after the pause
        if (settled)
            QTRY_VERIFY_WITH_TIMEOUT(window->tagCache()->callsRunning() == 0, 10000);
        QTest::qWait(50);
        const QString suffix = shot == size ? QString() : u"-800x600"_s;
        QVERIFY(window->grab().save(dir + u"/tags-"_s + name + suffix + u".png"_s));
    }
    window->resize(size);
}

// 240 snapshots and their sources cost no ListTagsForResource at start-up, nor on a refresh: only the selected
// snapshot and its source are read once one is selected.
void TestTags::noTagCallsUntilShown()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    QVERIFY(window->model()->rowCount() > 200);
    QTest::qWait(800); // past every pause the demand waits for
    QCOMPARE(calls(kListTags), 0);
    QCOMPARE(window->tagCache()->callsStarted(), 0);
    QVERIFY(window->view()->header()->isSectionHidden(SnapshotTableModel::TagsColumn)); // hidden by default

    QSignalSpy refreshed(window.get(), &MainWindow::loadFinished);
    window->listing()->refresh();
    QVERIFY(refreshed.wait(30000));
    QTest::qWait(300);
    QCOMPARE(calls(kListTags), 0);

    // The details pane reads the selected snapshot's tags and its source's, and shows them.
    const QString name = u"demo-before-upgrade"_s;
    selectRow(window.get(), SnapshotEntry::Kind::NodeBased, name);
    TagEditor *editor = window->detailsPane()->tagEditor();
    const QString arn = arnOf(name);
    QCOMPARE(editor->arn(), arn);
    const QString source = ResourceArn::sourceOf(window->detailsPane()->snapshot());
    QVERIFY(source.endsWith(u":cluster:demo-redis-001"));
    QTRY_COMPARE(window->tagCache()->peek(arn).state, TagCache::State::Read);
    QTRY_VERIFY(window->tagCache()->peek(source).state == TagCache::State::Read
                || window->tagCache()->peek(source).state == TagCache::State::Failed);
    QCOMPARE(calls(kListTags), 2);
    const std::optional<QList<Tag>> tags = listTags(arn);
    QVERIFY(tags);
    QCOMPARE(editor->text(), TagRules::formatTagList(TagRules::sortedForDisplay(TagRules::editable(*tags)), u"\n"));
    auto *sourceLabel = editor->findChild<QLabel *>(u"sourceTags"_s);
    QVERIFY(sourceLabel && sourceLabel->isVisible());
    QVERIFY2(sourceLabel->text().contains(u"cluster demo-redis-001"), qPrintable(sourceLabel->text()));
    // Read once: selecting it again asks for nothing.
    const int read = calls(kListTags);
    window->view()->clearSelection();
    selectRow(window.get(), SnapshotEntry::Kind::NodeBased, name);
    QTest::qWait(200);
    QCOMPARE(calls(kListTags), read);
}

// A header state saved before the Tags column existed (17 columns) does not show it: QHeaderView alone would show
// the new column, at the end, and read the tags of the rows on screen at every start.
void TestTags::savedHeaderOfAnOlderVersionKeepsTagsHidden()
{
    {
        QStandardItemModel older(1, int(SnapshotTableModel::TagsColumn));
        QTreeView view;
        view.setModel(&older);
        view.header()->setSectionHidden(SnapshotTableModel::KindColumn, true);
        view.header()->resizeSection(SnapshotTableModel::NameColumn, 333);
        QSettings().setValue(u"window/header"_s, view.header()->saveState());
    }
    auto window = makeWindow(true);
    window->resize(1400, 800);
    connectAndLoad(window.get());
    QHeaderView *header = window->view()->header();
    QCOMPARE(header->sectionSize(SnapshotTableModel::NameColumn), 333); // the saved state is used
    QVERIFY(header->isSectionHidden(SnapshotTableModel::KindColumn));
    QVERIFY(header->isSectionHidden(SnapshotTableModel::TagsColumn));
    QCOMPARE(header->visualIndex(SnapshotTableModel::TagsColumn),
             header->visualIndex(SnapshotTableModel::SourceColumn) + 1);
    QTest::qWait(300);
    QCOMPARE(calls(kListTags), 0);

    // Saved with it shown, it is shown again.
    header->setSectionHidden(SnapshotTableModel::TagsColumn, false);
    window->saveSettings();
    window.reset();
    window = makeWindow(true);
    QVERIFY(!window->view()->header()->isSectionHidden(SnapshotTableModel::TagsColumn));
}

// Showing the Tags column (from the View › Columns menu) reads the rows on screen and no others; scrolling to
// the end reads the rows there, not the ones scrolled past.
void TestTags::columnReadsOnlyVisibleRows()
{
    const QString tagged = u"demo-before-upgrade"_s;
    QVERIFY(addTags(arnOf(tagged), tagList({{u"team"_s, u"cache"_s}})));
    m_calls.clear();

    auto window = makeWindow();
    connectAndLoad(window.get());
    const int total = window->model()->rowCount();
    QMenu *columns = nullptr;
    for (QAction *action : window->menuBar()->actions()) {
        if (action->menu() && action->text().contains(u"View")) {
            for (QAction *sub : action->menu()->actions()) {
                if (sub->menu() && sub->text().contains(u"Columns"))
                    columns = sub->menu();
            }
        }
    }
    QVERIFY(columns);
    Q_EMIT columns->aboutToShow();
    QAction *tagsColumn = nullptr;
    for (QAction *action : columns->actions()) {
        if (action->text() == u"Tags")
            tagsColumn = action;
    }
    QVERIFY(tagsColumn);
    QVERIFY(!tagsColumn->isChecked());
    tagsColumn->trigger();
    QVERIFY(!window->view()->header()->isSectionHidden(SnapshotTableModel::TagsColumn));

    const QStringList visible = visibleArns(window.get());
    QVERIFY(visible.size() > 10);
    QVERIFY(visible.size() < total / 4);
    QTRY_VERIFY_WITH_TIMEOUT(window->tagCache()->callsStarted() > 0 && window->tagCache()->callsRunning() == 0, 10000);
    QTest::qWait(300);
    QCOMPARE(calls(kListTags), visible.size());
    for (const QString &arn : visible)
        QCOMPARE(window->tagCache()->peek(arn).state, TagCache::State::Read);
    // A row below the screen is not read, and its cell says so.
    const int below = window->proxy()->rowCount() - 1;
    const QModelIndex belowCell = window->proxy()->index(below, SnapshotTableModel::TagsColumn);
    QCOMPARE(belowCell.data().toString(), u"…"_s);
    QVERIFY(belowCell.data(Qt::ToolTipRole).toString().contains(u"Not read yet"));
    QCOMPARE(window->tagCache()
                 ->peek(window->model()->snapshotAt(window->proxy()->mapToSource(belowCell).row()).arn())
                 .state,
             TagCache::State::Unknown);

    // The tagged snapshot's cell, once it is on screen.
    auto *search = window->findChild<QLineEdit *>(u"searchEdit"_s);
    QTest::keyClicks(search, tagged);
    QTRY_COMPARE(window->proxy()->rowCount(), 1);
    const QModelIndex cell = window->proxy()->index(0, SnapshotTableModel::TagsColumn);
    const std::optional<QList<Tag>> taggedTags = listTags(arnOf(tagged));
    QVERIFY(taggedTags && tagSet(*taggedTags).contains(u"team=cache"_s));
    QTRY_COMPARE_WITH_TIMEOUT(cell.data().toString(), TagRules::formatTagList(TagRules::sortedForDisplay(*taggedTags)),
                              10000);
    search->clear();
    QTRY_COMPARE(window->proxy()->rowCount(), total);

    // To the end: only the last screen is read, not the rows between.
    const int before = calls(kListTags);
    window->view()->scrollToBottom();
    QTest::qWait(300);
    QTRY_VERIFY_WITH_TIMEOUT(window->tagCache()->callsRunning() == 0, 10000);
    const QStringList end = visibleArns(window.get());
    QVERIFY(end.size() > 10);
    // Read, or refused because the sandbox has deleted the snapshot meanwhile (its seeded ones expire).
    for (const QString &arn : end) {
        const TagCache::Entry &entry = window->tagCache()->peek(arn);
        QVERIFY2(entry.state == TagCache::State::Read
                     || (entry.state == TagCache::State::Failed && entry.error.code == u"SnapshotNotFoundFault"),
                 qPrintable(arn + u": "_s + entry.error.toString()));
    }
    QVERIFY2(calls(kListTags) - before <= end.size(), qPrintable(QString::number(calls(kListTags) - before)));
    int unread = 0;
    for (const SnapshotEntry &entry : window->model()->snapshots())
        unread += window->tagCache()->peek(entry.arn()).state == TagCache::State::Unknown;
    QVERIFY2(unread > total / 2, qPrintable(QString::number(unread)));

    // Hidden again: scrolling reads nothing more.
    tagsColumn->trigger();
    const int hidden = calls(kListTags);
    window->view()->scrollToTop();
    QTest::qWait(400);
    QCOMPARE(calls(kListTags), hidden);

    tagsColumn->trigger();
    selectRow(window.get(), SnapshotEntry::Kind::NodeBased, tagged);
    window->view()->scrollTo(window->view()->currentIndex());
    screenshot(window.get(), u"column"_s);
}

// The tag filter with the source filter: the rows the other filters let through are read (a few at a time), the
// ones not read yet are shown greyed, and only matches stay; changing the tag filter reuses what was read.
void TestTags::filterCombinesWithTheOthers()
{
    // team=cache on two manual snapshots and one automatic one; team=other on a third manual one.
    QStringList manual;
    QStringList automatic;
    QString marker;
    do {
        const auto page = m_server->state()->describeSnapshots({}, marker);
        QVERIFY(page);
        for (const Snapshot &s : page.value().items)
            (s.snapshotSource == u"manual" ? manual : automatic).append(s.snapshotName);
        marker = page.value().marker;
    } while (!marker.isEmpty());
    QVERIFY(manual.size() >= 3 && automatic.size() >= 1);
    QVERIFY(addTags(arnOf(manual[0]), tagList({{u"team"_s, u"cache"_s}})));
    QVERIFY(addTags(arnOf(manual[2]), tagList({{u"team"_s, u"cache"_s}, {u"keep"_s, u"true"_s}})));
    QVERIFY(addTags(arnOf(automatic[0]), tagList({{u"team"_s, u"cache"_s}})));
    QVERIFY(addTags(arnOf(manual[1]), tagList({{u"team"_s, u"other"_s}})));
    m_calls.clear();

    auto window = makeWindow();
    QAbstractItemModelTester proxyTester(window->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    connectAndLoad(window.get());
    const int total = window->model()->rowCount();
    int manualRows = 0;
    for (const SnapshotEntry &entry : window->model()->snapshots())
        manualRows += !entry.isAutomatic();

    // Slow answers, so the rows not read yet can be seen.
    m_server->setFaults(150, 0, 0, 0, 0);
    auto *source = window->findChild<QComboBox *>(u"sourceFilter"_s);
    source->setCurrentIndex(source->findData(int(SnapshotFilter::SourceFilter::Manual)));
    QCOMPARE(window->proxy()->rowCount(), manualRows);
    auto *tagFilter = window->findChild<QLineEdit *>(u"tagFilter"_s);
    QVERIFY(tagFilter);
    tagFilter->setFocus();
    QTest::keyClicks(tagFilter, u"team=cache"_s);
    QTRY_VERIFY(window->proxy()->filter().hasTagCriteria());
    // Nothing is known yet: every manual row stays, greyed, and the status bar counts what is read.
    QVERIFY(window->proxy()->rowCount() > 2);
    QVERIFY(window->proxy()->isTagPending(window->proxy()->index(0, 0)));
    QVERIFY(window->proxy()->index(0, 0).data(Qt::ForegroundRole).isValid());
    auto *progress = window->statusBar()->findChild<QLabel *>(u"tagProgress"_s);
    QVERIFY(progress);
    QTRY_VERIFY(progress->isVisible());
    QTRY_VERIFY2(progress->text().contains(u" of %1 read"_s.arg(QLocale().toString(manualRows))),
                 qPrintable(progress->text()));
    QVERIFY2(progress->text().contains(u"greyed"), qPrintable(progress->text()));
    QTRY_VERIFY_WITH_TIMEOUT(window->tagCache()->callsRunning() > 0, 5000);
    QVERIFY(window->tagCache()->callsRunning() <= window->tagCache()->maxConcurrent());
    screenshot(window.get(), u"filter-reading"_s, false);

    const auto done = [&window] {
        const TagCache::Progress p = window->tagCache()->progress(TagCache::Demand::Filter);
        return p.total > 0 && p.done == p.total && window->tagCache()->callsRunning() == 0;
    };
    QTRY_VERIFY_WITH_TIMEOUT(done(), 30000);
    m_server->setFaults(0, 0, 0, 0, 0);
    // A snapshot the sandbox deleted meanwhile (its seeded ones expire) could not be read: it stays, greyed, and
    // the status bar counts it. These are the rows shown besides the matches.
    const auto unreadable = [&window](bool manualOnly) {
        QStringList names;
        for (const SnapshotEntry &entry : window->model()->snapshots()) {
            const TagCache::Entry &tags = window->tagCache()->peek(entry.arn());
            if (tags.state == TagCache::State::Failed && !(manualOnly && entry.isAutomatic()))
                names.append(entry.name());
        }
        return names;
    };
    // The matches by the sandbox's own record of every row's tags (seeded ones included), and the unreadable rows.
    const auto shownWith
        = [this, &window, &unreadable](const QList<std::pair<QString, QString>> &criteria, bool manualOnly) {
              QStringList names = unreadable(manualOnly);
              for (const SnapshotEntry &entry : window->model()->snapshots()) {
                  if (manualOnly && entry.isAutomatic())
                      continue;
                  const QSet<QString> have = tagSet(m_server->state()->tags(entry.arn()));
                  QSet<QString> keys;
                  for (const QString &tag : have)
                      keys.insert(tag.section(u'=', 0, 0));
                  const bool all = std::all_of(criteria.cbegin(), criteria.cend(), [&](const auto &criterion) {
                      return criterion.second.isNull() ? keys.contains(criterion.first)
                                                       : have.contains(criterion.first + u'=' + criterion.second);
                  });
                  if (all && !names.contains(entry.name()))
                      names.append(entry.name());
              }
              names.sort();
              return names;
          };
    QTRY_COMPARE(shownNames(window.get()), shownWith({{u"team"_s, u"cache"_s}}, true));
    QVERIFY(shownNames(window.get()).contains(manual[0]) && shownNames(window.get()).contains(manual[2]));
    QVERIFY(!shownNames(window.get()).contains(manual[1]));
    QCOMPARE(window->proxy()->tagPendingRows(), unreadable(true).size());
    for (const SnapshotEntry &entry : window->model()->snapshots()) {
        const TagCache::Entry &tags = window->tagCache()->peek(entry.arn());
        if (tags.state == TagCache::State::Failed)
            QCOMPARE(tags.error.code, u"SnapshotNotFoundFault"_s);
    }
    if (!unreadable(true).isEmpty())
        QTRY_VERIFY2(progress->text().contains(u"could not be read"), qPrintable(progress->text()));
    // Each manual snapshot read once, the automatic ones not at all.
    QCOMPARE(calls(kListTags), manualRows);
    QTRY_VERIFY2(progress->text().startsWith(u"tags: %1 of %2 read"_s.arg(
                     QLocale().toString(manualRows - unreadable(true).size()), QLocale().toString(manualRows))),
                 qPrintable(progress->text()));

    // Any value of the key: the same snapshots, read already.
    tagFilter->selectAll();
    QTest::keyClicks(tagFilter, u"team"_s);
    QTRY_COMPARE(shownNames(window.get()), shownWith({{u"team"_s, QString()}}, true));
    QVERIFY(shownNames(window.get()).contains(manual[1]));
    // Two criteria, both must hold.
    tagFilter->selectAll();
    QTest::keyClicks(tagFilter, u"team=cache, keep=true"_s);
    QTRY_COMPARE(shownNames(window.get()), shownWith({{u"team"_s, u"cache"_s}, {u"keep"_s, u"true"_s}}, true));
    QVERIFY(shownNames(window.get()).contains(manual[2]));
    QCOMPARE(calls(kListTags), manualRows);
    window->view()->header()->setSectionHidden(SnapshotTableModel::TagsColumn, false);
    screenshot(window.get(), u"filter"_s);
    QCOMPARE(calls(kListTags), manualRows); // the rows shown are read already

    // Unreadable text filters by nothing and says why.
    tagFilter->selectAll();
    QTest::keyClicks(tagFilter, u"team=\"cache"_s);
    QTRY_VERIFY(!window->filterBar()->tagFilterError().isEmpty());
    QVERIFY(window->filterBar()->tagFilterError().contains(u"not closed"));
    QTRY_COMPARE(window->proxy()->rowCount(), manualRows);

    // Every source: the automatic snapshots are read now, and the automatic one joins.
    tagFilter->selectAll();
    QTest::keyClicks(tagFilter, u"team=cache"_s);
    source->setCurrentIndex(source->findData(int(SnapshotFilter::SourceFilter::Any)));
    QTRY_VERIFY_WITH_TIMEOUT(done() && window->tagCache()->progress(TagCache::Demand::Filter).total == total, 30000);
    QTRY_COMPARE(shownNames(window.get()), shownWith({{u"team"_s, u"cache"_s}}, false));
    QVERIFY(shownNames(window.get()).contains(automatic[0]));
    QCOMPARE(calls(kListTags), total);

    // Cleared: every row again, and no more reads.
    window->filterBar()->clear();
    QCOMPARE(window->proxy()->rowCount(), total);
    QTest::qWait(300);
    QCOMPARE(calls(kListTags), total);
}

// A throttled read (after the client's own retries) pauses the reading instead of adding calls, says so, and the
// rows are read once the service answers again.
void TestTags::throttlingSlowsTheReadsDown()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    TagCache *tags = window->tagCache();
    m_server->setFaults(0, 1.0, 0, 0, 0); // every request throttled
    window->view()->header()->setSectionHidden(SnapshotTableModel::TagsColumn, false);
    auto *progress = window->statusBar()->findChild<QLabel *>(u"tagProgress"_s);
    QVERIFY(progress);
    QTRY_VERIFY_WITH_TIMEOUT(progress->isVisible() && progress->text().contains(u"throttling"), 30000);
    // Slowed down: after the first throttled calls, a pause of 2 s and then one call at a time (each one still
    // throttled doubles the pause), so three more seconds of throttling start at most two more calls, where
    // reading on would have tried most of the ~40 rows on screen. A slower machine only starts fewer.
    QTest::qWait(3000);
    const qint64 started = tags->callsStarted();
    QVERIFY2(started <= tags->maxConcurrent() + 2, qPrintable(QString::number(started)));
    QVERIFY(visibleArns(window.get()).size() > 3 * started);
    // Each call was tried as the retry policy says (3 attempts), no more.
    QTRY_COMPARE_WITH_TIMEOUT(tags->callsRunning(), 0, 15000);
    QVERIFY2(calls(kListTags) <= 3 * tags->callsStarted(), qPrintable(QString::number(calls(kListTags))));

    m_server->setFaults(0, 0, 0, 0, 0);
    const QStringList visible = visibleArns(window.get());
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(visible.cbegin(), visible.cend(),
                                         [tags](const QString &arn) {
                                             return tags->peek(arn).state == TagCache::State::Read
                                                 || tags->peek(arn).error.code == u"SnapshotNotFoundFault";
                                         }),
                             30000);
    QTRY_VERIFY(!progress->isVisible()); // the notice goes once a read succeeds
}

// The editor sends only what changed (RemoveTagsFromResource, then AddTagsToResource), and what it shows
// afterwards is what ListTagsForResource says.
void TestTags::editorSendsOnlyTheDifference()
{
    const QString name = u"demo-before-upgrade"_s;
    const QString arn = arnOf(name);
    QVERIFY(addTags(arn, tagList({{u"owner"_s, u"alice"_s}, {u"keep"_s, u"true"_s}})));
    const std::optional<QList<Tag>> before = listTags(arn);
    QVERIFY(before);
    m_calls.clear();

    auto window = makeWindow();
    connectAndLoad(window.get());
    selectRow(window.get(), SnapshotEntry::Kind::NodeBased, name);
    TagEditor *editor = window->detailsPane()->tagEditor();
    QTRY_COMPARE(window->tagCache()->peek(arn).state, TagCache::State::Read);
    const QString shown = TagRules::formatTagList(TagRules::sortedForDisplay(TagRules::editable(*before)), u"\n");
    QCOMPARE(editor->text(), shown);
    auto *apply = editor->findChild<QPushButton *>(u"applyTags"_s);
    QVERIFY(apply);
    QVERIFY(!apply->isEnabled()); // nothing changed yet

    // keep removed, owner changed, cost-centre added; the other tags stay as they were.
    QList<Tag> wanted = TagRules::editable(*before);
    wanted.removeIf([](const Tag &t) { return t.key == u"keep" || t.key == u"owner"; });
    wanted.append(Tag {u"owner"_s, u"bob"_s});
    wanted.append(Tag {u"cost-centre"_s, u"42"_s});
    setEditorText(editor, TagRules::formatTagList(wanted, u"\n"));
    QVERIFY(editor->hasUnappliedChanges());
    QVERIFY(editor->problems().isEmpty());
    QVERIFY(apply->isEnabled());
    QSignalSpy applied(editor, &TagEditor::applied);
    QTest::mouseClick(apply, Qt::LeftButton);
    QVERIFY(applied.wait(10000));
    QCOMPARE(applied.first().at(1).toBool(), true);
    QCOMPARE(calls(kRemoveTags), 1);
    QCOMPARE(calls(kAddTags), 1);
    // Read back by the window (the cache forgot them) and by the test.
    QTRY_COMPARE_WITH_TIMEOUT(window->tagCache()->peek(arn).state, TagCache::State::Read, 10000);
    const std::optional<QList<Tag>> after = listTags(arn);
    QVERIFY(after);
    QCOMPARE(tagSet(TagRules::editable(*after)), tagSet(wanted));
    QTRY_COMPARE(editor->text(),
                 TagRules::formatTagList(TagRules::sortedForDisplay(TagRules::editable(*after)), u"\n"));
    QVERIFY(!editor->hasUnappliedChanges());
    QCOMPARE(editor->resultText(), u"Applied."_s);
    QTRY_VERIFY(window->statusBar()->currentMessage().contains(u"Tags of %1 changed"_s.arg(name)));

    // Only an addition: one AddTagsToResource, no removal.
    setEditorText(editor, editor->text() + u"\nnote=\" a=b \""_s);
    QTRY_VERIFY(apply->isEnabled());
    applied.clear();
    QTest::mouseClick(apply, Qt::LeftButton);
    QVERIFY(applied.wait(10000));
    QCOMPARE(applied.first().at(1).toBool(), true);
    QCOMPARE(calls(kRemoveTags), 1);
    QCOMPARE(calls(kAddTags), 2);
    const std::optional<QList<Tag>> last = listTags(arn);
    QVERIFY(last);
    QVERIFY(tagSet(*last).contains(u"note= a=b "_s));

    // Every tag deleted: one RemoveTagsFromResource with every key, nothing added.
    setEditorText(editor, QString());
    QTRY_VERIFY(apply->isEnabled());
    applied.clear();
    QTest::mouseClick(apply, Qt::LeftButton);
    QVERIFY(applied.wait(10000));
    QCOMPARE(applied.first().at(1).toBool(), true);
    QCOMPARE(calls(kRemoveTags), 2);
    QCOMPARE(calls(kAddTags), 2);
    const std::optional<QList<Tag>> none = listTags(arn);
    QVERIFY(none);
    QVERIFY(TagRules::editable(*none).isEmpty());
}

// Each rule refuses with its reason, before anything is sent; the text stays as typed, across a change of
// selection too; a refusal by the service is shown in words and not sent again unchanged.
void TestTags::editorRefusesAndKeepsTheInput()
{
    const QString name = u"demo-before-upgrade"_s;
    const QString arn = arnOf(name);
    auto window = makeWindow();
    connectAndLoad(window.get());
    selectRow(window.get(), SnapshotEntry::Kind::NodeBased, name);
    TagEditor *editor = window->detailsPane()->tagEditor();
    QTRY_COMPARE(window->tagCache()->peek(arn).state, TagCache::State::Read);
    auto *apply = editor->findChild<QPushButton *>(u"applyTags"_s);
    auto *problems = editor->findChild<QLabel *>(u"tagProblems"_s);
    QVERIFY(apply && problems);

    QStringList fiftyOne;
    for (int i = 1; i <= 51; ++i)
        fiftyOne.append(u"k%1=v"_s.arg(i));
    const QList<std::pair<QString, QString>> refusals {
        {u"=alice"_s, u"a tag needs a key"_s},
        {u"aws:owner=me"_s, u"reserved for AWS"_s},
        {QString(129, u'k') + u"=v"_s, u"the key has 129 characters; at most 128"_s},
        {u"note="_s + QString(257, u'v'), u"the value has 257 characters; at most 256"_s},
        {u"owner=a\nowner=b"_s, u"\"owner\" is given twice"_s},
        {fiftyOne.join(u'\n'), u"51 tags; a resource has at most 50"_s},
        {u"note=\"open"_s, u"a quote is not closed"_s},
    };
    for (const auto &[text, reason] : refusals) {
        setEditorText(editor, text);
        QVERIFY2(problems->isVisible() && problems->text().contains(reason),
                 qPrintable(reason + u" / "_s + problems->text()));
        QVERIFY(!apply->isEnabled());
        QCOMPARE(editor->text(), text); // nothing typed is lost
        if (reason.startsWith(u"reserved"))
            screenshot(window.get(), u"editor-refusal"_s);
    }
    QCOMPARE(calls(kAddTags), 0);
    QCOMPARE(calls(kRemoveTags), 0);

    // A character other services refuse is a warning, not a refusal.
    setEditorText(editor, u"cost#centre=1"_s);
    auto *warnings = editor->findChild<QLabel *>(u"tagWarnings"_s);
    QVERIFY(warnings->isVisible() && warnings->text().contains(u"\"#\""));
    QVERIFY(!problems->isVisible());
    QVERIFY(apply->isEnabled());

    // Another snapshot and back: the edit is still there, not applied.
    setEditorText(editor, u"owner=draft"_s);
    QString other;
    for (const SnapshotEntry &entry : window->model()->snapshots()) {
        if (entry.kind() == SnapshotEntry::Kind::NodeBased && entry.name() != name)
            other = entry.name();
    }
    selectRow(window.get(), SnapshotEntry::Kind::NodeBased, other);
    QVERIFY(editor->arn() != arn);
    QVERIFY(editor->text() != u"owner=draft"_s);
    selectRow(window.get(), SnapshotEntry::Kind::NodeBased, name);
    QCOMPARE(editor->text(), u"owner=draft"_s);
    QVERIFY(editor->hasUnappliedChanges());

    // The service refuses (the snapshot is gone meanwhile): said in words, the text kept, not sent again as is.
    DeleteSnapshotRequest remove;
    remove.snapshotName = name;
    QVERIFY(m_server->state()->deleteSnapshot(remove));
    QTRY_VERIFY_WITH_TIMEOUT(!m_server->state()->snapshot(name), 15000);
    QSignalSpy applied(editor, &TagEditor::applied);
    QTest::mouseClick(apply, Qt::LeftButton);
    QVERIFY(applied.wait(10000));
    QCOMPARE(applied.first().at(1).toBool(), false);
    QVERIFY2(editor->resultText().contains(u"Nothing was changed"), qPrintable(editor->resultText()));
    QVERIFY2(editor->resultText().contains(u"does not know this resource"), qPrintable(editor->resultText()));
    QCOMPARE(editor->text(), u"owner=draft"_s);
    QVERIFY(!apply->isEnabled());
    QCOMPARE(calls(kAddTags) + calls(kRemoveTags), 1); // the first call was refused; nothing followed it
}

// Create and Copy send the field's tags as the request's Tags; the dialogs refuse what the service would.
void TestTags::createAndCopyWithTags()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    QSignalSpy actions(window.get(), &MainWindow::actionFinished);
    selectRow(window.get(), SnapshotEntry::Kind::NodeBased, u"demo-before-upgrade"_s);

    window->actions()->createSnapshot();
    auto *create = waitForDialog<CreateSnapshotDialog>(window.get());
    QVERIFY(create);
    auto *name = create->findChild<QLineEdit *>(u"name"_s);
    name->selectAll();
    QTest::keyClicks(name, u"tagged-create"_s);
    auto *tags = create->findChild<QLineEdit *>(u"tags"_s);
    QVERIFY(tags);
    QPushButton *ok = create->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    QTest::keyClicks(tags, u"aws:owner=me"_s);
    QVERIFY(!ok->isEnabled());
    QVERIFY2(create->validationMessage().contains(u"reserved for AWS"), qPrintable(create->validationMessage()));
    tags->clear();
    QTest::keyClicks(tags, u"owner=ops, keep=true"_s);
    QVERIFY2(ok->isEnabled(), qPrintable(create->validationMessage()));
    QTest::mouseClick(ok, Qt::LeftButton);
    QVERIFY(actions.wait(10000));
    QCOMPARE(actions.last().at(1).toBool(), true);
    const std::optional<QList<Tag>> created = listTags(arnOf(u"tagged-create"_s));
    QVERIFY(created);
    QCOMPARE(tagSet(*created), (QSet<QString> {u"owner=ops"_s, u"keep=true"_s}));

    // Copy it with tags of its own.
    QTRY_VERIFY_WITH_TIMEOUT(m_server->state()->snapshot(u"tagged-create"_s)->snapshotStatus == u"available", 15000);
    selectRow(window.get(), SnapshotEntry::Kind::NodeBased, u"tagged-create"_s);
    window->actions()->copySelected();
    auto *copy = waitForDialog<CopySnapshotDialog>(window.get());
    QVERIFY(copy);
    auto *target = copy->findChild<QLineEdit *>(u"targetName"_s);
    target->selectAll();
    QTest::keyClicks(target, u"tagged-copy"_s);
    auto *copyTags = copy->findChild<QLineEdit *>(u"tags"_s);
    QVERIFY(copyTags);
    QTest::keyClicks(copyTags, u"owner=a, owner=b"_s);
    ok = copy->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    QVERIFY(copy->validationMessage().contains(u"given twice"));
    copyTags->clear();
    QTest::keyClicks(copyTags, u"purpose=copy test"_s);
    QVERIFY(ok->isEnabled());
    actions.clear();
    QTest::mouseClick(ok, Qt::LeftButton);
    QVERIFY(actions.wait(10000));
    QCOMPARE(actions.last().at(0).toString(), u"copy"_s);
    QCOMPARE(actions.last().at(1).toBool(), true);
    const std::optional<QList<Tag>> copied = listTags(arnOf(u"tagged-copy"_s));
    QVERIFY(copied);
    QCOMPARE(tagSet(*copied), QSet<QString> {u"purpose=copy test"_s});
}

QTEST_MAIN(TestTags)
#include "tst_tags.moc"
