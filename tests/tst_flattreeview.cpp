// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "flattreeview.h"

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
    FlatTreeView view;

    bool show()
    {
        view.setModel(&model);
        view.resize(400, 300);
        view.show();
        return QTest::qWaitForWindowExposed(&view);
    }
};

} // namespace

class TestFlatTreeView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsOnScreenFollowScrolling();
    void changeOnScreenRepaints();
    void changeOffScreenPaintsNothing();
    void emptyModelHasNoRowsOnScreen();
};

void TestFlatTreeView::rowsOnScreenFollowScrolling()
{
    ShownView shown;
    QVERIFY(shown.show());
    QStringListModel &model = shown.model;
    FlatTreeView &view = shown.view;

    auto [first, last] = view.rowsOnScreen();
    QCOMPARE(first, 0);
    QVERIFY2(last > 3 && last < 100, qPrintable(QString::number(last)));

    view.scrollTo(model.index(3000), QAbstractItemView::PositionAtTop);
    std::tie(first, last) = view.rowsOnScreen();
    QCOMPARE(first, 3000);
    QVERIFY(last > 3000 && last < 3100);
}

void TestFlatTreeView::changeOnScreenRepaints()
{
    ShownView shown;
    QVERIFY(shown.show());
    QStringListModel &model = shown.model;
    FlatTreeView &view = shown.view;
    view.scrollTo(model.index(2000), QAbstractItemView::PositionAtTop);
    QCoreApplication::processEvents();

    PaintCounter counter;
    view.viewport()->installEventFilter(&counter);
    QVERIFY(model.setData(model.index(2001), u"renamed"_s));
    QTRY_VERIFY(counter.paints > 0);
}

void TestFlatTreeView::changeOffScreenPaintsNothing()
{
    ShownView shown;
    QVERIFY(shown.show());
    QStringListModel &model = shown.model;
    FlatTreeView &view = shown.view;
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

void TestFlatTreeView::emptyModelHasNoRowsOnScreen()
{
    QStringListModel model;
    FlatTreeView view;
    view.setModel(&model);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.rowsOnScreen(), std::make_pair(-1, -1));
}

QTEST_MAIN(TestFlatTreeView)
#include "tst_flattreeview.moc"
