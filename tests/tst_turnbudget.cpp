// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "turnbudget.h"

#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;

namespace {

// Keeps the thread busy for ms of its CPU time (however long other threads keep it off the CPU meanwhile).
void busy(int ms)
{
    const qint64 until = TurnBudget::threadCpuNs() + qint64(ms) * 1000000;
    volatile quint64 spin = 0;
    while (TurnBudget::threadCpuNs() < until)
        spin = spin + 1;
}

// A budget by its items' CPU cost alone: where tests run side by side, the wall bounds make the turns shorter.
TurnBudget byCpuAlone()
{
    TurnBudget budget(2000, 25, 100);
    budget.setWallShare(0);
    budget.setPassMs(0);
    return budget;
}

} // namespace

class TestTurnBudget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstTurnTakesTheMost();
    void slowItemsMakeShorterTurns();
    void aCheapTurnDoesNotMakeTheNextLong();
    void waitingIsNotCounted();
    void aStretchedTurnMakesTheNextShorter();
    void theRestOfThePassIsLeftRoomFor();
    void aTurnJustBeforeSharesThePass();
    void fewItemsSayNothing();
    void neverMoreThanTheMost();
};

void TestTurnBudget::firstTurnTakesTheMost()
{
    TurnBudget budget(2000, 25, 100);
    QCOMPARE(budget.start(), 2000);
}

// 2,000 items in 100 ms of work: 25 ms fit about 500 of them.
void TestTurnBudget::slowItemsMakeShorterTurns()
{
    TurnBudget budget = byCpuAlone();
    QCOMPARE(budget.start(), 2000);
    busy(100);
    budget.finish(2000);
    const qsizetype next = budget.start();
    QVERIFY2(next >= 300 && next <= 550, qPrintable(QString::number(next)));
    // Cheaper items again: the turns grow back, never past the most.
    busy(1);
    budget.finish(next);
    QVERIFY(budget.start() > next);
    for (int i = 0; i < 10; ++i) {
        budget.start();
        budget.finish(2000); // no work at all
    }
    QCOMPARE(budget.start(), 2000);
}

// Items of 50 µs, then one turn of items ten times cheaper: the next turn may grow by a quarter, not to the most (a
// turn of 2,000 dear items would take 100 ms).
void TestTurnBudget::aCheapTurnDoesNotMakeTheNextLong()
{
    TurnBudget budget = byCpuAlone();
    budget.start();
    busy(100);
    budget.finish(2000);
    const qsizetype steady = budget.start(); // about 500
    busy(25);
    budget.finish(steady);
    QVERIFY2(budget.start() <= steady * 5 / 4 + 25, qPrintable(QString::number(budget.start())));
    busy(3);
    budget.finish(steady);
    const qsizetype next = budget.start();
    QVERIFY2(next > steady && next <= steady * 3 / 2 + 25, qPrintable(u"%1 after %2"_s.arg(next).arg(steady)));
}

// A turn that waited (its thread off the CPU, as when the machine is busy) took no longer to do its items: 2,000 in
// 2 ms of CPU are 1,000 a millisecond, not 20. Its wait makes the next turn shorter all the same (the wall bound):
// 7.5 ms of items (30 ms of wall time at the longest stretch), not 25.
void TestTurnBudget::waitingIsNotCounted()
{
    TurnBudget budget(100000, 25, 100);
    budget.setPassMs(0); // the wall bound alone: each turn here follows the last at once
    budget.start();
    QThread::msleep(100);
    busy(2);
    budget.finish(2000);
    QCOMPARE(budget.stretch(), 4.0);
    const qsizetype next = budget.start();
    QVERIFY2(next >= 3700 && next <= 7900, qPrintable(QString::number(next)));
    // Without the wall bound, 25 ms of them.
    budget.setWallShare(0);
    QVERIFY2(budget.start() >= 12500 && budget.start() <= 25000, qPrintable(QString::number(budget.start())));
}

// Items of 10 µs: a turn takes 25 ms of them, until one turn's wall time is four times its CPU time; then 7.5 ms of
// them (30 ms of wall time at that stretch), and more again, slowly, as the turns get the CPU back.
void TestTurnBudget::aStretchedTurnMakesTheNextShorter()
{
    TurnBudget budget(100000, 25, 100);
    budget.setPassMs(0); // the wall bound alone: each turn here follows the last at once
    budget.start();
    busy(10);
    budget.finish(1000);
    budget.start();
    busy(10);
    QThread::msleep(40); // as if the thread waited for a core
    budget.finish(1000);
    QCOMPARE(budget.stretch(), 4.0);
    const qsizetype stretched = budget.start();
    QVERIFY2(stretched >= 650 && stretched <= 850, qPrintable(QString::number(stretched)));
    for (int i = 0; i < 30; ++i) {
        busy(10);
        budget.finish(1000);
        budget.start();
    }
    QVERIFY2(budget.stretch() < 4.0, qPrintable(QString::number(budget.stretch())));
    const qsizetype after = budget.start();
    QVERIFY2(after > stretched * 6 / 5 && after <= 2600, qPrintable(u"%1 after %2"_s.arg(after).arg(stretched)));
}

// Items of 10 µs, a turn followed at once by the next one, and 30 ms of wall time between them (the repaint of what
// the turn merged, other events): a turn then takes what fits in the 15 ms left of a 45 ms pass, at most 1,500
// items, where the same turn followed later takes 2,500 (25 ms). A wait before a turn that did not follow at once
// (a merge timer's interval) is not measured; the rest is let go of as passes get short again.
void TestTurnBudget::theRestOfThePassIsLeftRoomFor()
{
    TurnBudget budget(100000, 25, 100);
    budget.setWallShare(0); // the pass bound alone
    budget.setPassMs(45);
    TurnBudget later = budget;
    for (TurnBudget *b : {&budget, &later}) {
        b->start();
        busy(10);
        b->finish(1000, b == &budget);
    }
    QThread::msleep(30);
    const qsizetype alone = later.start();
    const qsizetype next = budget.start();
    QVERIFY2(budget.restMs() >= 30, qPrintable(QString::number(budget.restMs())));
    QCOMPARE(later.restMs(), 0.0);
    QVERIFY2(next <= 1500 && next < alone, qPrintable(u"%1, alone %2"_s.arg(next).arg(alone)));
    // Followed later: the wait is not a rest.
    const double rest = budget.restMs();
    busy(10);
    budget.finish(1000);
    QThread::msleep(60);
    budget.start();
    QCOMPARE(budget.restMs(), rest);
    // Short rests let it go.
    for (int i = 0; i < 30; ++i) {
        busy(10);
        budget.finish(1000, true);
        budget.start();
    }
    QVERIFY2(budget.restMs() < rest / 5, qPrintable(u"%1 after %2"_s.arg(budget.restMs()).arg(rest)));
    QVERIFY2(budget.start() > next, qPrintable(u"%1 after %2"_s.arg(budget.start()).arg(next)));
    // Unbounded, a turn takes its 25 ms again.
    budget.setPassMs(0);
    QVERIFY2(budget.start() > 1500 && budget.start() <= 2500, qPrintable(QString::number(budget.start())));
}

// Items of 10 µs for a budget of 25 ms turns in passes of 35 ms: alone, a turn takes 2,500 of them; right after a
// turn of 20 ms of CPU, another budget's (another kind of work in the same pass of the event loop) or its own (a
// continuation it queued, run before the timers and input that came due), at most what fits in the 15 ms left, and a
// fifth of the pass at least. After a pause, a turn is its own again.
void TestTurnBudget::aTurnJustBeforeSharesThePass()
{
    TurnBudget budget(100000, 25, 100);
    budget.setWallShare(0); // the pass bound alone
    budget.setPassMs(35);
    // A turn alone: 10 ms of CPU for 1,000 items, then a pause. Where tests run side by side, the thread may wait for
    // a core in the middle of the turn, which stretches it and rightly makes the next one shorter: the best of three.
    const auto turnAlone = [&budget] {
        qsizetype items = 0;
        for (int attempt = 0; attempt < 3 && items <= 2000; ++attempt) {
            busy(10);
            budget.finish(1000);
            QThread::msleep(20);
            items = budget.start();
        }
        return items;
    };
    budget.start();
    const qsizetype alone = turnAlone();
    QVERIFY2(alone > 2000, qPrintable(QString::number(alone)));

    TurnBudget other(100000, 25, 100);
    other.start();
    busy(20);
    other.finish(1000);
    const qsizetype afterAnother = budget.start();
    QVERIFY2(afterAnother >= 700 && afterAnother <= 1500, qPrintable(u"%1, alone %2"_s.arg(afterAnother).arg(alone)));

    other.start();
    busy(20);
    other.finish(1000);
    QThread::msleep(20);
    QVERIFY2(budget.start() > 2000, qPrintable(QString::number(budget.start())));

    busy(20);
    budget.finish(2000, true);
    const qsizetype afterItsOwn = budget.start();
    QVERIFY2(afterItsOwn >= 700 && afterItsOwn <= 1500, qPrintable(u"%1, alone %2"_s.arg(afterItsOwn).arg(alone)));
    const qsizetype againAlone = turnAlone();
    QVERIFY2(againAlone > 2000, qPrintable(QString::number(againAlone)));
}

void TestTurnBudget::fewItemsSayNothing()
{
    TurnBudget budget = byCpuAlone();
    budget.start();
    busy(50);
    budget.finish(99);
    QCOMPARE(budget.start(), 2000);
    // However slow the items, a turn takes the fewest.
    busy(200);
    budget.finish(100);
    QCOMPARE(budget.start(), 100);
}

void TestTurnBudget::neverMoreThanTheMost()
{
    TurnBudget budget(2000, 25, 100);
    budget.setMaxItems(7);
    QCOMPARE(budget.start(), 7);
    budget.finish(7);
    QCOMPARE(budget.start(), 7);
    budget.setMaxItems(0);
    QCOMPARE(budget.maxItems(), 1);
}

QTEST_GUILESS_MAIN(TestTurnBudget)
#include "tst_turnbudget.moc"
