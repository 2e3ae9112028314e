// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "laidtextdelegate.h"
#include "rowtableview.h"

#include <QApplication>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QScreen>
#include <QScrollBar>
#include <QSet>
#include <QStandardItemModel>
#include <QStringListModel>
#include <QStyledItemDelegate>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;

namespace {

// Counts the paint events of the view's viewport.
class PaintCounter final : public QObject
{
public:
    int paints = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return QObject::eventFilter(watched, event);
    }
};

QStringList rows(int count)
{
    QStringList names;
    for (int i = 0; i < count; ++i)
        names.append(u"snapshot-%1"_s.arg(i));
    return names;
}

// Shows view of model at 400 × 300, about twenty rows on screen.
bool showWith(RowTableView &view, QAbstractItemModel *model)
{
    view.setModel(model);
    view.resize(400, 300);
    view.show();
    return QTest::qWaitForWindowExposed(&view);
}

// A shown view of 5,000 rows.
struct ShownView
{
    QStringListModel model {rows(5000)};
    RowTableView view;

    bool show() { return showWith(view, &model); }
};

// A flat table of numbered rows that records which rows the view asked anything about (an index, data or flags).
class TouchCountingModel final : public QAbstractTableModel
{
public:
    explicit TouchCountingModel(int rows)
        : m_rows(rows)
    {
    }
    int rowCount(const QModelIndex &parent = QModelIndex()) const override { return parent.isValid() ? 0 : m_rows; }
    int columnCount(const QModelIndex &parent = QModelIndex()) const override { return parent.isValid() ? 0 : 3; }
    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override
    {
        touched.insert(row);
        return QAbstractTableModel::index(row, column, parent);
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        touched.insert(index.row());
        return role == Qt::DisplayRole ? QVariant(u"row %1"_s.arg(index.row())) : QVariant();
    }
    Qt::ItemFlags flags(const QModelIndex &index) const override
    {
        touched.insert(index.row());
        return QAbstractTableModel::flags(index);
    }
    void append(int count)
    {
        beginInsertRows(QModelIndex(), m_rows, m_rows + count - 1);
        m_rows += count;
        endInsertRows();
    }
    // A change of layout, with rows more or fewer in it (as the sorting proxy places merged rows among its own).
    void relayout(int more = 0)
    {
        Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        m_rows += more;
        Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    }

    mutable QSet<int> touched;

private:
    int m_rows;
};

// What the window shows now (its backing store), against the view painted afresh: equal when nothing on screen is
// stale.
bool showsWhatItWouldPaint(QWidget &view)
{
    const QImage shown = view.screen()->grabWindow(view.winId()).toImage().convertToFormat(QImage::Format_RGB32);
    const QImage fresh = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
    return !shown.isNull() && shown == fresh;
}

} // namespace

class TestRowTableView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsOnScreenFollowScrolling();
    void changeOnScreenRepaints();
    void changeOffScreenPaintsNothing();
    void rowsPlacedOffScreenPaintNothing();
    void rowsPlacedOnScreenRepaint_data();
    void rowsPlacedOnScreenRepaint();
    void aScrolledListKeepsItsRowsInPlace();
    void theTopOfTheListShowsNewFirstRows();
    void emptyModelHasNoRowsOnScreen();
    void growingTouchesOnlyRowsOnScreen();
    void aChangeOfLayoutTellsTheRowHeaderTheRows();
    void homeAndEndGoToTheFirstAndLastRow();
    void tabLeavesTheTable();
    void laidTextPaintsAsTheStyleDoes_data();
    void laidTextPaintsAsTheStyleDoes();
};

void TestRowTableView::rowsOnScreenFollowScrolling()
{
    ShownView shown;
    QVERIFY(shown.show());
    QStringListModel &model = shown.model;
    RowTableView &view = shown.view;

    auto [first, last] = view.rowsOnScreen();
    QCOMPARE(first, 0);
    QVERIFY2(last > 3 && last < 100, qPrintable(QString::number(last)));

    view.scrollTo(model.index(3000), QAbstractItemView::PositionAtTop);
    std::tie(first, last) = view.rowsOnScreen();
    QCOMPARE(first, 3000);
    QVERIFY(last > 3000 && last < 3100);
}

void TestRowTableView::changeOnScreenRepaints()
{
    ShownView shown;
    QVERIFY(shown.show());
    QStringListModel &model = shown.model;
    RowTableView &view = shown.view;
    view.scrollTo(model.index(2000), QAbstractItemView::PositionAtTop);
    QCoreApplication::processEvents();

    PaintCounter counter;
    view.viewport()->installEventFilter(&counter);
    QVERIFY(model.setData(model.index(2001), u"renamed"_s));
    QTRY_VERIFY(counter.paints > 0);
}

void TestRowTableView::changeOffScreenPaintsNothing()
{
    ShownView shown;
    QVERIFY(shown.show());
    QStringListModel &model = shown.model;
    RowTableView &view = shown.view;
    QCoreApplication::processEvents();

    PaintCounter counter;
    view.viewport()->installEventFilter(&counter);
    for (int row = 1000; row < 5000; row += 7)
        QVERIFY(model.setData(model.index(row), u"renamed"_s));
    QTest::qWait(50);
    QCOMPARE(counter.paints, 0);

    // Scrolled there, the row shows what it says now.
    view.scrollTo(model.index(1007), QAbstractItemView::PositionAtTop);
    QTRY_VERIFY(counter.paints > 0);
    QCOMPARE(view.rowsOnScreen().first, 1007);
    QCOMPARE(view.indexAt(QPoint(0, 0)).data().toString(), u"renamed"_s);
}

void TestRowTableView::rowsPlacedOffScreenPaintNothing()
{
    ShownView shown;
    QVERIFY(shown.show());
    QStringListModel &model = shown.model;
    RowTableView &view = shown.view;
    view.scrollTo(model.index(100), QAbstractItemView::PositionAtTop);
    QTest::qWait(50);
    const int top = view.rowsOnScreen().first;
    const int maximum = view.verticalScrollBar()->maximum();

    PaintCounter counter;
    view.viewport()->installEventFilter(&counter);
    // Rows placed below the screen, as one insertion and as a change of layout (of rows, as the snapshot list's).
    view.beginPlacingRows();
    QVERIFY(model.insertRows(3000, 40));
    view.endPlacingRows(3000);
    view.beginPlacingRows();
    Q_EMIT model.layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    Q_EMIT model.layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    view.endPlacingRows(500);
    QTest::qWait(50);
    QCOMPARE(counter.paints, 0);
    QCOMPARE(view.rowsOnScreen().first, top);
    QCOMPARE(view.verticalScrollBar()->maximum(), maximum + 40 * view.verticalHeader()->defaultSectionSize());
    QVERIFY(showsWhatItWouldPaint(view));

    // Updates are taken again after the placing: a change on screen repaints.
    QVERIFY(model.setData(model.index(top + 1), u"renamed"_s));
    QTRY_VERIFY(counter.paints > 0);
    QTRY_VERIFY(showsWhatItWouldPaint(view));
    QCOMPARE(view.indexAt(QPoint(0, view.rowViewportPosition(top + 1))).data().toString(), u"renamed"_s);
}

void TestRowTableView::rowsPlacedOnScreenRepaint_data()
{
    QTest::addColumn<int>("rows"); // in the model before
    QTest::addColumn<int>("at"); // where the new row is placed
    QTest::newRow("on screen") << 5000 << 102;
    QTest::newRow("after the last row, on screen") << 3 << 3;
}

void TestRowTableView::rowsPlacedOnScreenRepaint()
{
    QFETCH(int, rows);
    QFETCH(int, at);
    ShownView shown;
    shown.model.setStringList(::rows(rows));
    QVERIFY(shown.show());
    QStringListModel &model = shown.model;
    RowTableView &view = shown.view;
    if (rows > 100)
        view.scrollTo(model.index(100), QAbstractItemView::PositionAtTop);
    QTest::qWait(50);
    const int top = view.rowsOnScreen().first;

    PaintCounter counter;
    view.viewport()->installEventFilter(&counter);
    view.beginPlacingRows();
    QVERIFY(model.insertRows(at, 1));
    QVERIFY(model.setData(model.index(at), u"placed"_s));
    view.endPlacingRows(at);
    QTRY_VERIFY(counter.paints > 0);
    QTRY_VERIFY(showsWhatItWouldPaint(view));
    // The row at the top stays there.
    QCOMPARE(view.rowsOnScreen().first, top);
    QCOMPARE(view.indexAt(QPoint(0, 0)).data().toString(), model.index(top).data().toString());
}

// Scrolled down the list, with a row selected, while pages are placed above the screen: what the screen shows stays
// where it is, to the pixel, and is not painted again; a row placed on screen above the selected one moves the rows
// above that one.
void TestRowTableView::aScrolledListKeepsItsRowsInPlace()
{
    ShownView shown;
    QVERIFY(shown.show());
    QStringListModel &model = shown.model;
    RowTableView &view = shown.view;
    view.scrollTo(model.index(100), QAbstractItemView::PositionAtTop);
    view.verticalScrollBar()->setValue(view.verticalScrollBar()->value() + 5); // row 100 partly scrolled away
    view.selectionModel()->setCurrentIndex(model.index(105), QItemSelectionModel::ClearAndSelect);
    QTest::qWait(50);
    const int y = view.rowViewportPosition(100);
    QVERIFY2(y < 0, qPrintable(QString::number(y)));
    const auto [top, last] = view.rowsOnScreen();
    QCOMPARE(top, 100);

    PaintCounter counter;
    view.viewport()->installEventFilter(&counter);
    // Even numbers of rows above the screen: each row on screen keeps its alternate colour.
    view.beginPlacingRows();
    QVERIFY(model.insertRows(10, 40));
    view.endPlacingRows(10);
    view.beginPlacingRows(); // rows placed at the top and below the screen
    QVERIFY(model.insertRows(0, 2));
    QVERIFY(model.insertRows(4000, 2));
    view.endPlacingRows(0);
    view.beginPlacingRows(); // a change of layout that moves nothing
    Q_EMIT model.layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    Q_EMIT model.layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    view.endPlacingRows(-1);
    QTest::qWait(50);
    QCOMPARE(counter.paints, 0);
    QCOMPARE(view.rowsOnScreen(), std::pair(top + 42, last + 42));
    QCOMPARE(view.rowViewportPosition(top + 42), y);
    QCOMPARE(view.indexAt(QPoint(0, 0)).data().toString(), u"snapshot-100"_s);
    QCOMPARE(view.currentIndex().row(), 147);
    QVERIFY(view.selectionModel()->isRowSelected(147));
    QVERIFY(showsWhatItWouldPaint(view));

    // A row placed on screen above the selected one: the selected row stays where it is, the rows above it move up,
    // and the screen shows them.
    const int selectedY = view.visualRect(view.currentIndex()).top();
    view.beginPlacingRows();
    QVERIFY(model.insertRows(top + 44, 1));
    QVERIFY(model.setData(model.index(top + 44), u"placed"_s));
    view.endPlacingRows(top + 44);
    QTRY_VERIFY(counter.paints > 0);
    QTRY_VERIFY(showsWhatItWouldPaint(view));
    QCOMPARE(view.currentIndex().row(), 148);
    QCOMPARE(view.visualRect(view.currentIndex()).top(), selectedY);
    QCOMPARE(view.rowsOnScreen().first, top + 43);
    QCOMPARE(view.indexAt(QPoint(0, 0)).data().toString(), u"snapshot-101"_s);
    QCOMPARE(view.indexAt(QPoint(0, view.rowViewportPosition(top + 44))).data().toString(), u"placed"_s);

    // One row placed above the screen: the rows on screen stay, and are painted in the other alternate colours.
    QTest::qWait(50);
    counter.paints = 0;
    view.beginPlacingRows();
    QVERIFY(model.insertRows(0, 1));
    view.endPlacingRows(0);
    QTRY_VERIFY(counter.paints > 0);
    QTRY_VERIFY(showsWhatItWouldPaint(view));
    QCOMPARE(view.rowsOnScreen().first, top + 44);
    QCOMPARE(view.visualRect(view.currentIndex()).top(), selectedY);
    QCOMPARE(view.indexAt(QPoint(0, 0)).data().toString(), u"snapshot-101"_s);
}

// At the top of the list, with no row selected on screen, new first rows come into view; with the selected row on
// screen, that row stays where it is, wherever rows are placed above it.
void TestRowTableView::theTopOfTheListShowsNewFirstRows()
{
    ShownView shown;
    QVERIFY(shown.show());
    QStringListModel &model = shown.model;
    RowTableView &view = shown.view;
    view.setFocus(); // which makes row 0 current, not selected
    QTest::qWait(50);

    view.beginPlacingRows();
    QVERIFY(model.insertRows(0, 3));
    QVERIFY(model.setData(model.index(0), u"newest"_s));
    view.endPlacingRows(0);
    QTRY_VERIFY(showsWhatItWouldPaint(view));
    QCOMPARE(view.rowsOnScreen().first, 0);
    QCOMPARE(view.indexAt(QPoint(0, 0)).data().toString(), u"newest"_s);

    view.selectionModel()->setCurrentIndex(model.index(2), QItemSelectionModel::ClearAndSelect);
    QTest::qWait(50);
    const int y = view.visualRect(model.index(2)).top();
    view.beginPlacingRows();
    QVERIFY(model.insertRows(0, 3));
    view.endPlacingRows(0);
    QTRY_VERIFY(showsWhatItWouldPaint(view));
    QCOMPARE(view.currentIndex().row(), 5);
    QCOMPARE(view.visualRect(view.currentIndex()).top(), y);
    QCOMPARE(view.indexAt(QPoint(0, 0)).data().toString(), u"newest"_s);

    // Rows placed between the first row on screen and the selected one: the selected row stays where it is, and the
    // rows above it move up.
    view.beginPlacingRows();
    QVERIFY(model.insertRows(4, 2));
    view.endPlacingRows(4);
    QTRY_VERIFY(showsWhatItWouldPaint(view));
    QCOMPARE(view.currentIndex().row(), 7);
    QCOMPARE(view.visualRect(view.currentIndex()).top(), y);
    QCOMPARE(view.rowsOnScreen().first, 5);
}

void TestRowTableView::emptyModelHasNoRowsOnScreen()
{
    QStringListModel model;
    RowTableView view;
    view.setModel(&model);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.rowsOnScreen(), std::make_pair(-1, -1));
}

// The row header does not go over its rows before a change of layout (RowTableView::setModel()): after one that adds
// or removes rows, it has the model's rows all the same, one height each, and the view scrolls to the last.
void TestRowTableView::aChangeOfLayoutTellsTheRowHeaderTheRows()
{
    TouchCountingModel model(1000);
    RowTableView view;
    QVERIFY(showWith(view, &model));
    QHeaderView *rows = view.verticalHeader();
    const int height = rows->defaultSectionSize();
    // The header's pass is no longer connected: disconnecting it again finds nothing.
    QVERIFY(!QObject::disconnect(
        &model, SIGNAL(layoutAboutToBeChanged(QList<QPersistentModelIndex>, QAbstractItemModel::LayoutChangeHint)),
        rows, SLOT(_q_sectionsAboutToBeChanged(QList<QPersistentModelIndex>, QAbstractItemModel::LayoutChangeHint))));
    const auto check = [&](int expected) {
        QCoreApplication::processEvents();
        QCOMPARE(model.rowCount(), expected);
        QCOMPARE(rows->count(), expected);
        QCOMPARE(rows->length(), expected * height);
        QCOMPARE(view.rowViewportPosition(expected - 1) - view.rowViewportPosition(0), (expected - 1) * height);
        view.scrollToBottom();
        QCoreApplication::processEvents();
        QCOMPARE(view.rowsOnScreen().second, expected - 1);
        QCOMPARE(view.indexAt(QPoint(5, view.viewport()->height() - 2)).row(), expected - 1);
        // The rows on screen (reckoned from the row height) are the ones Qt finds there, scrolled to a part of a row.
        for (const int value : {0, height * 7 + height / 3, view.verticalScrollBar()->maximum() / 2 + 1,
                                view.verticalScrollBar()->maximum()}) {
            view.verticalScrollBar()->setValue(value);
            const int last = view.rowAt(view.viewport()->height() - 1);
            QCOMPARE(view.rowsOnScreen(), std::pair(view.rowAt(0), last >= 0 ? last : expected - 1));
        }
        view.scrollToTop();
    };
    model.relayout(500);
    check(1500);
    if (QTest::currentTestFailed())
        return;
    model.relayout(-1200);
    check(300);
    if (QTest::currentTestFailed())
        return;
    model.relayout(); // a sort
    check(300);
    if (QTest::currentTestFailed())
        return;
    // A new row height (a font change) reaches every row, those the changes of layout added too.
    view.setFont(QFont(view.font().family(), view.font().pointSize() + 6));
    QCoreApplication::processEvents();
    QVERIFY(rows->defaultSectionSize() > height);
    QCOMPARE(rows->length(), 300 * rows->defaultSectionSize());
}

// Rows appended and a change of layout (a sort, a filter) cost the view the rows on screen, not every row: a
// QTreeView asks the model about each of its rows after either, some 60 ms at a million.
void TestRowTableView::growingTouchesOnlyRowsOnScreen()
{
    TouchCountingModel model(20000);
    RowTableView view;
    QVERIFY(showWith(view, &model));
    const auto [first, last] = view.rowsOnScreen();
    QVERIFY(first == 0 && last > 3);

    const auto settle = [] {
        QTest::qWait(50);
        QCoreApplication::processEvents();
    };
    settle();
    model.touched.clear();
    model.append(20000);
    settle();
    QCOMPARE(model.rowCount(), 40000);
    QVERIFY2(model.touched.size() <= last + 1, qPrintable(QString::number(model.touched.size())));

    model.touched.clear();
    model.relayout();
    settle();
    QVERIFY2(model.touched.size() <= last + 1, qPrintable(QString::number(model.touched.size())));

    // Scrolled to the end, the rows appended are there.
    view.scrollToBottom();
    settle();
    QCOMPARE(view.rowsOnScreen().second, 39999);
    QCOMPARE(view.indexAt(QPoint(1, view.viewport()->height() - 2)).data().toString(), u"row 39999"_s);
}

void TestRowTableView::homeAndEndGoToTheFirstAndLastRow()
{
    QStandardItemModel model(500, 3);
    RowTableView view;
    view.setModel(&model);
    view.setSortingEnabled(false);
    view.resize(400, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setCurrentIndex(model.index(10, 1));

    QTest::keyClick(&view, Qt::Key_End);
    QCOMPARE(view.currentIndex(), model.index(499, 1));
    QCOMPARE(view.rowsOnScreen().second, 499);
    QVERIFY(view.selectionModel()->isRowSelected(499, QModelIndex()));
    QTest::keyClick(&view, Qt::Key_Home);
    QCOMPARE(view.currentIndex(), model.index(0, 1));
    QCOMPARE(view.rowsOnScreen().first, 0);

    // With nothing current: the first shown column.
    view.setColumnHidden(0, true);
    view.setCurrentIndex(QModelIndex());
    QTest::keyClick(&view, Qt::Key_End);
    QCOMPARE(view.currentIndex(), model.index(499, 1));
}

void TestRowTableView::tabLeavesTheTable()
{
    QStringListModel model(rows(50));
    QWidget window;
    auto *layout = new QHBoxLayout(&window);
    auto *view = new RowTableView;
    view->setModel(&model);
    auto *edit = new QLineEdit;
    layout->addWidget(view);
    layout->addWidget(edit);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    view->setFocus();
    view->setCurrentIndex(model.index(3));
    QTest::keyClick(view, Qt::Key_Tab);
    QVERIFY(edit->hasFocus());
    QCOMPARE(view->currentIndex(), model.index(3));
}

namespace {

// The view's rows as painted, with the delegate it has.
QImage painted(QAbstractItemView *view)
{
    view->viewport()->update();
    QCoreApplication::processEvents();
    return view->viewport()->grab().toImage().convertToFormat(QImage::Format_RGB32);
}

// Pixels that differ between two paintings of the same size, or -1.
int differingPixels(const QImage &a, const QImage &b)
{
    if (a.size() != b.size())
        return -1;
    int differing = 0;
    for (int y = 0; y < a.height(); ++y) {
        const auto *lineA = reinterpret_cast<const QRgb *>(a.constScanLine(y));
        const auto *lineB = reinterpret_cast<const QRgb *>(b.constScanLine(y));
        for (int x = 0; x < a.width(); ++x)
            differing += lineA[x] != lineB[x] ? 1 : 0;
    }
    return differing;
}

} // namespace

void TestRowTableView::laidTextPaintsAsTheStyleDoes_data()
{
    QTest::addColumn<bool>("tree");
    QTest::addColumn<int>("nameWidth");
    QTest::newRow("table, names whole") << false << 420;
    QTest::newRow("table, names elided") << false << 150;
    QTest::newRow("tree, names elided") << true << 130;
}

// The same pixels as QStyledItemDelegate: text after an icon or not, elided in the middle or whole, aligned left or
// right, in a selected row (highlighted text), in the current cell (its focus frame), in a bold or
// coloured cell, and what it leaves to the style (a check box, a line break) as the style draws it.
void TestRowTableView::laidTextPaintsAsTheStyleDoes()
{
    QFETCH(bool, tree);
    QFETCH(int, nameWidth);
    QStandardItemModel model(0, 3);
    QPixmap square(16, 16);
    square.fill(Qt::darkCyan);
    const QIcon icon(square);
    for (int i = 0; i < 12; ++i) {
        auto *name = new QStandardItem(
            u"automatic.prod-orders-rg-%1-2026-12-0%2-03-15"_s.arg(i, 3, 10, QChar(u'0')).arg(i % 9 + 1));
        if (i % 3 != 2)
            name->setIcon(icon);
        auto *size = new QStandardItem(u"%1 MB"_s.arg(i * 1234 + 5));
        size->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        auto *status = new QStandardItem(i == 7 ? u"in two\u2028lines"_s : u"available"_s);
        if (i == 4) {
            QFont bold = status->font();
            bold.setBold(true);
            status->setFont(bold);
            status->setForeground(Qt::red);
        }
        if (i == 9)
            status->setCheckable(true);
        model.appendRow({name, size, status});
    }
    std::unique_ptr<QAbstractItemView> view;
    if (tree) {
        auto *treeView = new QTreeView;
        treeView->setRootIsDecorated(false);
        treeView->setUniformRowHeights(true);
        view.reset(treeView);
    } else {
        view.reset(new RowTableView);
    }
    view->setModel(&model);
    view->setTextElideMode(Qt::ElideMiddle);
    auto *header
        = tree ? static_cast<QTreeView *>(view.get())->header() : static_cast<RowTableView *>(view.get())->header();
    header->resizeSection(0, nameWidth);
    header->resizeSection(1, 90);
    view->resize(700, 330);
    view->show();
    QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    view->setFocus();
    view->selectionModel()->select(model.index(2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    view->selectionModel()->setCurrentIndex(model.index(5, 1), QItemSelectionModel::NoUpdate);

    // A RowTableView has a LaidTextDelegate of its own: the style's delegate first.
    view->setItemDelegate(new QStyledItemDelegate(view.get()));
    const QImage byStyle = painted(view.get());
    auto *delegate = new LaidTextDelegate(view.get());
    view->setItemDelegate(delegate);
    const QImage laid = painted(view.get());
    // Laid out once each: the twelve names, the sizes but the current cell's, "available" plain and bold (the
    // check box's and the two lines are left to the style).
    QCOMPARE(delegate->kept(), 12 + 11 + 2);
    QCOMPARE(laid.size(), byStyle.size());
    if (differingPixels(laid, byStyle) != 0) {
        byStyle.save(QDir::temp().filePath(u"laidtext-style.png"_s));
        laid.save(QDir::temp().filePath(u"laidtext-laid.png"_s));
    }
    QCOMPARE(differingPixels(laid, byStyle), 0);
    // Painted again from what it keeps: the same.
    QCOMPARE(differingPixels(painted(view.get()), byStyle), 0);
}

QTEST_MAIN(TestRowTableView)
#include "tst_rowtableview.moc"
