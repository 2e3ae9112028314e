// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later

// The main window as a first day with it found it, against an in-process sandbox over loopback HTTP: it fits
// small screens, the filter row wraps, an empty result offers to clear the filters, the keyboard opens the context
// menu, the cluster filter lists what can match, and the details pane shows whole values.

#include "busyindicator.h"
#include "connections.h"
#include "detailspane.h"
#include "emptystateoverlay.h"
#include "errorbar.h"
#include "filterbar.h"
#include "mainwindow.h"
#include "panesplitter.h"
#include "rowtableview.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "snapshotactions.h"
#include "snapshotcolumns.h"
#include "snapshotfilterproxymodel.h"
#include "snapshotlisting.h"
#include "snapshotstatuspoller.h"
#include "snapshottablemodel.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QCompleter>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitterHandle>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QTreeWidget>

#include <cmath>
#include <memory>
#include <numbers>

using namespace Qt::StringLiterals;

class TestWindowLayout final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void fitsSmallScreens();
    void defaultColumnsFitTheDefaultWidth();
    void emptyResultOffersToClearFilters();
    void keyboardOpensTheContextMenu();
    void searchClearButtonGoesWithTheText();
    void filtersAreNotRestored();
    void bothListingErrorsShow();
    void busyOnlyWhileLoading();
    void busyIndicatorShowsItsStep();
    void clusterFilterListsWhatCanMatch();
    void detailsShowWholeValues();
    void detailsPaneGivesWayToTheTable();
    void detailsLabelsLeaveTheValuesRoom();

private:
    std::unique_ptr<MainWindow> makeWindow(bool restoreSettings = false);
    void connectAndLoad(MainWindow *window);
    void startServer(int snapshots);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SandboxServer> m_server;
};

void TestWindowLayout::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"CacheSnapTest"_s);
    QCoreApplication::setApplicationName(u"tst_windowlayout"_s);
}

void TestWindowLayout::init()
{
    QSettings().clear();
    startServer(60);
}

void TestWindowLayout::startServer(int snapshots)
{
    m_server.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    SandboxConfig config;
    config.seed = 7;
    config.seedSnapshots = snapshots;
    config.s3Root = m_dir->filePath(u"s3"_s);
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

void TestWindowLayout::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

std::unique_ptr<MainWindow> TestWindowLayout::makeWindow(bool restoreSettings)
{
    MainWindow::Options options;
    options.resolver = Connections::sandboxResolver(
        {m_server->url(), m_server->region(), m_server->accessKeyId(), m_server->secretAccessKey(), {}});
    options.sandboxUrl = m_server->url().toString();
    options.regions = {m_server->region()};
    options.restoreSettings = restoreSettings;
    auto window = std::make_unique<MainWindow>(options);
    window->show();
    window->poller()->setDelays(100, 300, 30000);
    return window;
}

void TestWindowLayout::connectAndLoad(MainWindow *window)
{
    QSignalSpy loaded(window, &MainWindow::loadFinished);
    window->connectTo({u"sandbox"_s, m_server->region(), m_server->url().toString()});
    QVERIFY(loaded.wait(30000));
    QCOMPARE(loaded.first().first().toBool(), true);
}

void TestWindowLayout::fitsSmallScreens()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    const QSize minimum = window->minimumSizeHint().expandedTo(window->minimumSize());
    qInfo() << "minimum size" << minimum << "toolbar" << window->findChild<QToolBar *>()->minimumSizeHint()
            << "filter bar" << window->filterBar()->minimumSizeHint() << "status bar"
            << window->statusBar()->minimumSizeHint() << "details" << window->detailsPane()->minimumSizeHint();
    QVERIFY2(minimum.width() <= 640, qPrintable(QString::number(minimum.width())));
    QVERIFY2(minimum.height() <= 480, qPrintable(QString::number(minimum.height())));

    // At 800×600 the window is as wide as asked, the filter row has wrapped, and the table has room.
    window->resize(800, 600);
    QTRY_COMPARE(window->width(), 800);
    QTRY_VERIFY(window->filterBar()->isWrapped());
    QVERIFY(window->view()->viewport()->width() > 300);
    for (auto *combo : window->filterBar()->findChildren<QComboBox *>()) {
        // The profile, account and region combos are shown only with several connections.
        if (combo->isEditable() || combo->isHidden())
            continue;
        // The short combos keep their text whole ("available", not "ava…ble").
        QVERIFY2(combo->width() >= combo->sizeHint().width(), qPrintable(combo->objectName()));
    }

    // Wide again: one row.
    window->resize(1500, 900);
    QTRY_VERIFY(!window->filterBar()->isWrapped());
}

void TestWindowLayout::defaultColumnsFitTheDefaultWidth()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    QCOMPARE(window->size(), window->defaultSize());
    // The default on a screen of 1600×1000 or more (the offscreen screen here is 800×600).
    window->resize(1500, 900);
    QTRY_COMPARE(window->width(), 1500);
    QVERIFY(window->detailsPane()->isVisible());
    QVERIFY(window->detailsPane()->width() >= 300);
    QHeaderView *header = window->view()->header();
    int width = 0;
    for (int column = 0; column < header->count(); ++column)
        width += header->isSectionHidden(column) ? 0 : header->sectionSize(column);
    QVERIFY2(width <= window->view()->viewport()->width(),
             qPrintable(u"columns %1 px, table %2 px"_s.arg(width).arg(window->view()->viewport()->width())));
    QTRY_VERIFY(!window->view()->horizontalScrollBar()->isVisible());
}

void TestWindowLayout::emptyResultOffersToClearFilters()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    EmptyStateOverlay *empty = window->emptyState();
    QVERIFY(empty);
    QVERIFY(!empty->isVisible());
    const int total = window->proxy()->rowCount();

    auto *search = window->findChild<QLineEdit *>(u"searchEdit"_s);
    search->setFocus();
    QTest::keyClicks(search, u"no-such-snapshot-anywhere"_s);
    QTRY_COMPARE(window->proxy()->rowCount(), 0);
    QTRY_VERIFY(empty->isVisible());
    QVERIFY(empty->findChild<QLabel *>()->text().contains(u"No snapshots match the filters"));
    QPushButton *clear = empty->clearButton();
    QVERIFY(clear->isVisible());
    QTest::mouseClick(clear, Qt::LeftButton);
    QCOMPARE(window->proxy()->rowCount(), total);
    QCOMPARE(search->text(), QString());
    QVERIFY(!empty->isVisible());
}

void TestWindowLayout::keyboardOpensTheContextMenu()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    QVERIFY(window->actions()->selectSnapshot(SnapshotEntry::Kind::NodeBased, u"demo-before-upgrade"_s));
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    window->view()->setFocus();
    for (const auto &[key, modifiers] :
         {std::pair {Qt::Key_F10, Qt::ShiftModifier}, std::pair {Qt::Key_Menu, Qt::NoModifier}}) {
        QTest::keyClick(window->view(), key, modifiers);
        QMenu *menu = nullptr;
        QTRY_VERIFY((menu = window->findChild<QMenu *>(QString(), Qt::FindDirectChildrenOnly)) && menu->isVisible());
        QVERIFY(menu->actions().contains(window->findChild<QAction *>(u"actionCopyName"_s)));
        // At the selected row, not at the corner of the screen.
        const QRect row = window->view()->visualRect(window->view()->currentIndex());
        const QPoint rowTop = window->view()->viewport()->mapToGlobal(row.topLeft());
        QVERIFY2(qAbs(menu->pos().y() - rowTop.y()) < 3 * row.height() + 4,
                 qPrintable(u"menu at %1, row at %2"_s.arg(menu->pos().y()).arg(rowTop.y())));
        menu->close();
        QTRY_VERIFY(!window->findChild<QMenu *>(QString(), Qt::FindDirectChildrenOnly));
        QApplication::setActiveWindow(window.get()); // the offscreen platform gives it back to no one
        window->view()->setFocus();
    }
}

void TestWindowLayout::searchClearButtonGoesWithTheText()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    auto *search = window->findChild<QLineEdit *>(u"searchEdit"_s);
    auto *clearText = search->findChild<QAction *>(u"_q_qlineeditclearaction"_s);
    QVERIFY(clearText);
    QWidget *button = clearText->associatedObjects().isEmpty()
        ? nullptr
        : qobject_cast<QWidget *>(clearText->associatedObjects().constLast());
    QVERIFY(button);
    search->setFocus();
    QTest::keyClicks(search, u"demo"_s);
    QTRY_COMPARE(button->property("opacity").toReal(), 1.0);
    // The search applies after its typing pause; only then is there a filter for Clear filters to clear.
    QTRY_COMPARE(window->proxy()->filter().text(), u"demo"_s);
    QTRY_VERIFY(window->filterBar()->clearAction()->isEnabled());
    // Clearing every filter at once takes the text, and with it the line edit's own clear button.
    window->filterBar()->clearAction()->trigger();
    QCOMPARE(search->text(), QString());
    QTRY_COMPARE(button->property("opacity").toReal(), 0.0);
}

void TestWindowLayout::filtersAreNotRestored()
{
    {
        auto window = makeWindow(true);
        connectAndLoad(window.get());
        auto *search = window->findChild<QLineEdit *>(u"searchEdit"_s);
        QTest::keyClicks(search, u"demo-redis"_s);
        QTRY_COMPARE(window->proxy()->filter().text(), u"demo-redis"_s);
        window->close();
    }
    // A fresh start shows every snapshot, with nothing in the search box.
    auto window = makeWindow(true);
    QVERIFY(window->proxy()->filter().isEmpty());
    QCOMPARE(window->findChild<QLineEdit *>(u"searchEdit"_s)->text(), QString());
    connectAndLoad(window.get());
    QCOMPARE(window->proxy()->rowCount(), window->model()->rowCount());
    QVERIFY2(!window->statusText().startsWith(u"Showing"), qPrintable(window->statusText()));
}

void TestWindowLayout::bothListingErrorsShow()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    QVERIFY2(window->statusText().contains(u" · refreshed at "), qPrintable(window->statusText()));
    QVERIFY(window->statusBar()->findChild<QWidget *>(u"countSeparator"_s)->isVisible());
    m_server->setFaults(0, 0, 1.0, 0, 0);
    // Paging plainly, the two listings fail each on its own, and both errors show.
    window->listing()->setPerSourceListing(false);
    QSignalSpy loaded(window.get(), &MainWindow::loadFinished);
    window->listing()->refresh();
    QVERIFY(loaded.wait(60000));
    QCOMPARE(loaded.last().first().toBool(), false);
    QCOMPARE(window->listing()->errors().size(), 2);
    const QString text = window->errorBar()->text();
    QVERIFY2(text.contains(u"Node-based: ") && text.contains(u"Serverless: "), qPrintable(text));
    QVERIFY2(text.count(u"InternalFailure") + text.count(u"ServiceUnavailable") >= 2, qPrintable(text));
    QVERIFY2(window->statusText().contains(u"list incomplete"), qPrintable(window->statusText()));
    QVERIFY2(!window->statusText().contains(u"not loaded"), qPrintable(window->statusText()));

    // Per source (the default) one listing makes both kinds: one error, shown within seconds (the sweep gives up
    // after three pages fail in a row), the rows kept, and the list still not called complete.
    window->listing()->setPerSourceListing(true);
    // (Asking each page again with growing pauses would take minutes, past this wait.)
    const int rows = window->model()->rowCount();
    window->listing()->refresh();
    QVERIFY(loaded.wait(60000));
    QCOMPARE(loaded.last().first().toBool(), false);
    QCOMPARE(window->listing()->errors().size(), 1);
    const ApiError error = window->listing()->errors().first().second;
    QVERIFY2(error.code == u"InternalFailure" || error.code == u"ServiceUnavailable", qPrintable(error.toString()));
    QCOMPARE(window->model()->rowCount(), rows);
    QVERIFY2(window->statusText().contains(u"list incomplete"), qPrintable(window->statusText()));
}

void TestWindowLayout::busyOnlyWhileLoading()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    auto *loading = window->statusBar()->findChild<QWidget *>(u"loadProgress"_s);
    auto *busy = window->statusBar()->findChild<BusyIndicator *>();
    auto *label = window->statusBar()->findChild<QLabel *>(u"loadLabel"_s);
    QVERIFY(loading && busy && label);
    // Loaded: hidden, and not stepping.
    QVERIFY(!loading->isVisible());
    QVERIFY(!busy->isSpinning());

    // With every answer 300 ms late, a refresh loads for a while: the indicator steps round, and the label says how
    // many snapshots came so far.
    m_server->setFaults(300, 0, 0, 0, 0);
    QSignalSpy loaded(window.get(), &MainWindow::loadFinished);
    // Each count shows as it comes (ListingStatus, connected first, has set the label when this runs).
    int agreed = 0;
    QStringList disagreed;
    connect(window->listing(), &SnapshotListing::progressed, window.get(), [&](qint64 count) {
        const QString expected = u"Loading… "_s + QLocale().toString(count);
        if (label->text() == expected)
            ++agreed;
        else
            disagreed.append(label->text() + u" for "_s + expected);
    });
    window->listing()->refresh();
    QTRY_VERIFY(loading->isVisible());
    QVERIFY(busy->isSpinning());
    const int first = busy->step();
    QTRY_VERIFY(busy->step() != first);
    QVERIFY2(label->text().startsWith(u"Loading…"_s), qPrintable(label->text()));
    const QSize size = label->size();

    QVERIFY(!loaded.isEmpty() || loaded.wait(30000));
    QVERIFY(agreed > 0);
    QVERIFY2(disagreed.isEmpty(), qPrintable(disagreed.join(u"; "_s)));
    // The label kept its size as the count grew, so the window was not laid out again.
    QCOMPARE(label->size(), size);
    QVERIFY(!loading->isVisible());
    QVERIFY(!busy->isSpinning());
    const int stopped = busy->step();
    QTest::qWait(3 * BusyIndicator::kStepMs);
    QCOMPARE(busy->step(), stopped);
}

// The darkest point of the ring is the step's dot, clockwise from twelve o'clock, and it moves round a dot a step.
void TestWindowLayout::busyIndicatorShowsItsStep()
{
    BusyIndicator busy;
    busy.resize(64, 64);
    const auto darkestDot = [&busy] {
        const QImage image = busy.grab().toImage();
        QPoint darkest;
        int least = 256;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                if (const int gray = qGray(image.pixel(x, y)); gray < least) {
                    least = gray;
                    darkest = {x, y};
                }
            }
        }
        // Clockwise from twelve o'clock, in dots.
        const QPointF from = QPointF(darkest) + QPointF(0.5, 0.5) - QRectF(image.rect()).center();
        const double turn = std::atan2(from.x(), -from.y()) / (2 * std::numbers::pi);
        return int(std::lround((turn < 0 ? turn + 1 : turn) * BusyIndicator::kDots)) % BusyIndicator::kDots;
    };
    QCOMPARE(darkestDot(), busy.step());
    busy.show();
    QVERIFY(busy.isSpinning());
    const int first = busy.step();
    QTRY_VERIFY(busy.step() != first);
    busy.hide();
    QVERIFY(!busy.isSpinning());
    QCOMPARE(darkestDot(), busy.step());
    QVERIFY(busy.step() != first);
}

void TestWindowLayout::clusterFilterListsWhatCanMatch()
{
    startServer(3000);
    auto window = makeWindow();
    connectAndLoad(window.get());
    auto *cluster = window->findChild<QComboBox *>(u"clusterFilter"_s);
    QTRY_VERIFY(cluster->count() > 20);

    // Members of cluster mode enabled replication groups, and clusters without snapshots, would only ever show an
    // empty table. (A cluster mode disabled group's snapshots name their snapshotting cluster, which may be listed.)
    QSet<QString> members;
    QString marker;
    do {
        const auto page = m_server->state()->describeCacheClusters(DescribeCacheClustersRequest {}, marker);
        QVERIFY(page.ok());
        for (const CacheCluster &c : page.value().items) {
            const auto group = m_server->state()->replicationGroup(c.replicationGroupId);
            if (group && group->clusterEnabled.value_or(false))
                members.insert(c.cacheClusterId);
        }
        marker = page.value().marker;
    } while (!marker.isEmpty());
    QVERIFY(!members.isEmpty());
    int serverless = 0;
    for (int row = 1; row < cluster->count(); ++row) {
        const QString id = cluster->itemData(row).toString();
        const QString text = cluster->itemText(row);
        QVERIFY2(!text.contains(u"(0"), qPrintable(text));
        QVERIFY2(!members.contains(id), qPrintable(id));
        // Every entry matches something when chosen.
        if (row % 25 == 1 || text.contains(u"serverless")) {
            cluster->setCurrentIndex(row);
            QVERIFY2(window->proxy()->rowCount() > 0, qPrintable(text));
        }
        if (text.contains(u"serverless")) {
            ++serverless;
            QVERIFY(!cluster->itemIcon(row).isNull());
            for (int shown = 0; shown < window->proxy()->rowCount(); ++shown) {
                const QModelIndex source = window->proxy()->mapToSource(window->proxy()->index(shown, 0));
                QCOMPARE(window->model()->snapshotAt(source.row()).kind(), SnapshotEntry::Kind::Serverless);
            }
        }
    }
    QVERIFY(serverless > 0);
    cluster->setCurrentIndex(0);

    // More than ten rows at a time, in the list and in the completions typed into it.
    QVERIFY(cluster->maxVisibleItems() > 10);
    QVERIFY(cluster->completer()->maxVisibleItems() > 10);
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    cluster->lineEdit()->setFocus();
    cluster->lineEdit()->selectAll();
    QTest::keyClicks(cluster->lineEdit(), u"-"_s);
    QAbstractItemView *popup = cluster->completer()->popup();
    QTRY_VERIFY(popup->isVisible());
    QVERIFY(cluster->completer()->completionCount() > 10);
    const int rowHeight = popup->sizeHintForRow(0);
    QVERIFY2(popup->viewport()->height() > 10 * rowHeight,
             qPrintable(u"%1 px for rows of %2 px"_s.arg(popup->viewport()->height()).arg(rowHeight)));
    popup->hide();
}

void TestWindowLayout::detailsShowWholeValues()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    QVERIFY(window->actions()->selectSnapshot(SnapshotEntry::Kind::NodeBased, u"demo-valkey-rg-manual"_s));
    auto *tree = window->detailsPane()->findChild<QTreeWidget *>(u"detailsFields"_s);
    QVERIFY(tree);
    QCOMPARE(tree->textElideMode(), Qt::ElideNone);

    // A narrow pane: the ARN wraps onto more lines instead of losing its middle.
    window->resize(900, 700);
    QTRY_VERIFY(tree->header()->sectionSize(1)
                < tree->fontMetrics().horizontalAdvance(window->detailsPane()->valueOf(u"ARN"_s)));
    const QTreeWidgetItem *arn = tree->findItems(u"ARN"_s, Qt::MatchExactly, 0).value(0);
    const QTreeWidgetItem *name = tree->findItems(u"Name"_s, Qt::MatchExactly, 0).value(0);
    QVERIFY(arn && name);
    QTRY_VERIFY(tree->visualItemRect(arn).height() >= 2 * tree->fontMetrics().height());
    QVERIFY(tree->visualItemRect(arn).height() > tree->visualItemRect(name).height());

    // One style for the total and each shard (not the service's "21248 MB" as it came): the service's units to a
    // tenth, and the byte count.
    static const QRegularExpression style(u"^[\\d,]+\\.\\d [KMGT]B  \\([\\d,]+ bytes\\)$"_s);
    const QString total = window->detailsPane()->valueOf(u"Size"_s);
    QVERIFY2(style.match(total).hasMatch(), qPrintable(total));
    const QList<QTreeWidgetItem *> sizes = tree->findItems(u"Size"_s, Qt::MatchExactly | Qt::MatchRecursive, 0);
    QVERIFY(sizes.size() > 1);
    for (const QTreeWidgetItem *size : sizes)
        QVERIFY2(style.match(size->text(1)).hasMatch(), qPrintable(size->text(1)));

    // A value can be opened for selecting part of it, read-only.
    tree->setCurrentItem(const_cast<QTreeWidgetItem *>(arn), 1);
    tree->editItem(const_cast<QTreeWidgetItem *>(arn), 1);
    auto *editor = tree->findChild<QLineEdit *>(u"detailsValueEditor"_s);
    QVERIFY(editor);
    QVERIFY(editor->isReadOnly());
    QCOMPARE(editor->text(), arn->text(1));
}

// The pane keeps its width as the window grows, and gives way on a narrow window, down to two fifths: at 800×600
// beside the connections list it left the table 230 px and kept 340. The operator's drag is its width from then on,
// kept with the window.
void TestWindowLayout::detailsPaneGivesWayToTheTable()
{
    const auto paneShare = [](const MainWindow *window) {
        const auto *splitter = window->findChild<PaneSplitter *>(u"mainSplitter"_s);
        return double(window->detailsPane()->width()) / (splitter->width() - splitter->handleWidth());
    };
    {
        auto window = makeWindow(true);
        connectAndLoad(window.get());
        auto *splitter = window->findChild<PaneSplitter *>(u"mainSplitter"_s);
        QVERIFY(splitter);
        window->resize(1500, 900);
        QTRY_COMPARE(window->width(), 1500);
        QTRY_COMPARE(window->detailsPane()->width(), 340);

        window->resize(800, 600);
        QTRY_COMPARE(window->width(), 800);
        QTRY_VERIFY2(paneShare(window.get()) <= PaneSplitter::kPaneShare + 0.01,
                     qPrintable(QString::number(window->detailsPane()->width())));
        QVERIFY(window->view()->width() > window->detailsPane()->width());
        window->resize(1500, 900);
        QTRY_COMPARE(window->detailsPane()->width(), 340);

        // Hidden while the window narrows, it comes back within its share.
        auto *details = window->findChild<QAction *>(u"actionDetails"_s);
        details->setChecked(false);
        QTRY_VERIFY(!window->detailsPane()->isVisible());
        window->resize(800, 600);
        QTRY_COMPARE(window->width(), 800);
        details->setChecked(true);
        // Laid out (a pane just shown is 0 px wide until then), and within its share.
        QTRY_VERIFY2(window->detailsPane()->width() > 0 && paneShare(window.get()) <= PaneSplitter::kPaneShare + 0.01,
                     qPrintable(QString::number(window->detailsPane()->width())));

        // Dragged narrower on a wide window: that width from then on.
        window->resize(1500, 900);
        QTRY_COMPARE(window->detailsPane()->width(), 340);
        QSplitterHandle *handle = splitter->handle(1);
        const QPoint middle = handle->rect().center();
        QTest::mousePress(handle, Qt::LeftButton, {}, middle);
        QTest::mouseMove(handle, middle + QPoint(60, 0));
        QTest::mouseRelease(handle, Qt::LeftButton, {}, middle + QPoint(60, 0));
        QTRY_COMPARE(window->detailsPane()->width(), 280);
        QCOMPARE(splitter->paneWidth(), 280);
        window->resize(1400, 900);
        QTRY_COMPARE(window->width(), 1400);
        QCOMPARE(window->detailsPane()->width(), 280);

        // Dragged past two fifths: it stays while only the height changes (an error bar, a wrapped filter row),
        // and gives way when the width does.
        const QPoint from = handle->rect().center();
        QTest::mousePress(handle, Qt::LeftButton, {}, from);
        QTest::mouseMove(handle, from - QPoint(420, 0));
        QTest::mouseRelease(handle, Qt::LeftButton, {}, from - QPoint(420, 0));
        QTRY_COMPARE(window->detailsPane()->width(), 700);
        QVERIFY(paneShare(window.get()) > PaneSplitter::kPaneShare);
        window->resize(1400, 800);
        QTRY_COMPARE(window->height(), 800);
        QCOMPARE(window->detailsPane()->width(), 700);
        window->resize(1300, 800);
        QTRY_COMPARE(window->width(), 1300);
        QTRY_VERIFY(paneShare(window.get()) <= PaneSplitter::kPaneShare + 0.01);
        splitter->setPaneWidth(280);
        window->close();
    }
    auto window = makeWindow(true);
    window->resize(1500, 900);
    QTRY_COMPARE(window->width(), 1500);
    QTRY_COMPARE(window->detailsPane()->width(), 280);
}

// The labels take at most two fifths of the list and wrap past it: a column as wide as the longest label
// ("Auto minor version upgrade", indented) left the values a third of a narrow pane.
void TestWindowLayout::detailsLabelsLeaveTheValuesRoom()
{
    auto window = makeWindow();
    connectAndLoad(window.get());
    auto *tree = window->detailsPane()->findChild<QTreeWidget *>(u"detailsFields"_s);
    QVERIFY(tree);
    // With nothing selected, the labels' column is as wide as its heading (it was a sliver: "Fiel").
    QCOMPARE(tree->topLevelItemCount(), 0);
    QTRY_VERIFY(tree->header()->sectionSize(0) >= tree->header()->sectionSizeHint(0));
    QVERIFY(window->actions()->selectSnapshot(SnapshotEntry::Kind::NodeBased, u"demo-valkey-rg-manual"_s));
    // Looked up each time: the pane fills its list again when the snapshot's row changes.
    const QString longLabel = u"Auto minor version upgrade"_s;
    const auto height = [tree](const QString &label) {
        const QTreeWidgetItem *item = tree->findItems(label, Qt::MatchExactly, 0).value(0);
        return item ? tree->visualItemRect(item).height() : -1;
    };
    QVERIFY(height(longLabel) > 0 && height(u"Kind"_s) > 0);
    window->resize(800, 600);
    QTRY_COMPARE(window->width(), 800);
    const int room = tree->viewport()->width();
    QVERIFY2(tree->fontMetrics().horizontalAdvance(longLabel) + tree->indentation() > room * 0.4,
             "the pane is wide enough for the longest label: this test shows nothing");
    QTRY_VERIFY2(tree->header()->sectionSize(0) <= int(room * DetailsPane::kLabelShare),
                 qPrintable(u"labels %1 px of %2"_s.arg(tree->header()->sectionSize(0)).arg(room)));
    QVERIFY(tree->header()->sectionSize(1) >= room - int(room * DetailsPane::kLabelShare));
    // The long label wraps onto a second line (its value, "yes" or "no", is one line).
    QTRY_VERIFY(height(longLabel) > height(u"Kind"_s));

    // A wide pane: every label whole on one line, the column as wide as the longest.
    window->resize(1500, 900);
    QTRY_COMPARE(window->width(), 1500);
    window->findChild<PaneSplitter *>(u"mainSplitter"_s)->setPaneWidth(600);
    QTRY_VERIFY(window->detailsPane()->width() >= 550);
    QTRY_VERIFY(tree->header()->sectionSize(0)
                >= tree->fontMetrics().horizontalAdvance(longLabel) + tree->indentation());
    QTRY_COMPARE(height(longLabel), height(u"Kind"_s));
}

QTEST_MAIN(TestWindowLayout)
#include "tst_windowlayout.moc"
