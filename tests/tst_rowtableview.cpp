// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "rowtableview.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QSet>
#include <QStandardItemModel>
#include <QStringListModel>
#include <QTest>

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

// A shown view of 5,000 rows, about twenty of them on screen.
struct ShownView
{
    QStringListModel model {rows(5000)};
    RowTableView view;

    bool show()
    {
        view.setModel(&model);
        view.resize(400, 300);
        view.show();
        return QTest::qWaitForWindowExposed(&view);
    }
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
    void relayout()
    {
        Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    }

    mutable QSet<int> touched;

private:
    int m_rows;
};

} // namespace

class TestRowTableView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsOnScreenFollowScrolling();
    void changeOnScreenRepaints();
    void changeOffScreenPaintsNothing();
    void emptyModelHasNoRowsOnScreen();
    void growingTouchesOnlyRowsOnScreen();
    void homeAndEndGoToTheFirstAndLastRow();
    void tabLeavesTheTable();
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

void TestRowTableView::emptyModelHasNoRowsOnScreen()
{
    QStringListModel model;
    RowTableView view;
    view.setModel(&model);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.rowsOnScreen(), std::make_pair(-1, -1));
}

// Rows appended and a change of layout (a sort, a filter) cost the view the rows on screen, not every row: a
// QTreeView asks the model about each of its rows after either, some 60 ms at a million.
void TestRowTableView::growingTouchesOnlyRowsOnScreen()
{
    TouchCountingModel model(20000);
    RowTableView view;
    view.setModel(&model);
    view.resize(400, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
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

QTEST_MAIN(TestRowTableView)
#include "tst_rowtableview.moc"
