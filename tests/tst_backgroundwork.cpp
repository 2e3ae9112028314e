// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "backgroundwork.h"
#include "growthahead.h"

#include <QTest>
#include <QThread>

#include <algorithm>
#include <array>
#include <atomic>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

constexpr int kWaitMs = 20000; // a ceiling for a hung test, not a timing assertion

// Pages of uneven sizes (some empty) holding 0, 1, 2, … in order.
PageGather<QString> numberedPages(int pages, qsizetype *total)
{
    PageGather<QString> gather;
    int next = 0;
    for (int page = 0; page < pages; ++page) {
        QList<QString> items;
        for (int i = 0; i < (page * 7) % 13; ++i)
            items.append(QString::number(next++));
        gather.append(items);
    }
    *total = next;
    return gather;
}

// Tells on which thread the last of its copies was destroyed.
struct Tracker
{
    std::shared_ptr<std::atomic<Qt::HANDLE>> destroyedOn;
    ~Tracker()
    {
        if (destroyedOn)
            destroyedOn->store(QThread::currentThreadId());
    }
};

} // namespace

class TestBackgroundWork final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void queueTakesOldestFirst();
    void shortListAtOnce();
    void longListOnAWorker();
    void largeItemsApartSooner();
    void notAfterContextDestroyed();
    void disposeFreesOnAWorker();
    void workersYieldToTheWindowsThread();
    void largeVectorGrowsIntoABufferMadeAhead();
};

// Slices of any size across pages of uneven sizes: every item once, in order, each slice at most what was asked.
void TestBackgroundWork::queueTakesOldestFirst()
{
    PageQueue<QString> queue;
    QVERIFY(queue.isEmpty());
    int next = 0;
    for (int page = 0; page < 40; ++page) {
        QList<QString> items;
        for (int i = 0; i < (page * 7) % 13; ++i)
            items.append(QString::number(next++));
        queue.append(items);
    }
    QCOMPARE(queue.size(), qsizetype(next));
    int expected = 0;
    for (qsizetype n : {1, 5, 12, 3, 50, 7, 1000}) {
        const QList<QString> slice = queue.take(n);
        QCOMPARE(slice.size(), std::min(n, qsizetype(next - expected)));
        for (const QString &item : slice)
            QCOMPARE(item, QString::number(expected++));
        QCOMPARE(queue.size(), qsizetype(next - expected));
    }
    QVERIFY(queue.isEmpty());
    QVERIFY(queue.take(10).isEmpty());
    queue.append({u"a"_s, u"b"_s});
    queue.clear();
    QVERIFY(queue.isEmpty());
}

void TestBackgroundWork::shortListAtOnce()
{
    qsizetype total = 0;
    PageGather<QString> gather = numberedPages(20, &total);
    QCOMPARE(gather.size(), total);
    QObject context;
    std::optional<QList<QString>> all;
    gather.finish(&context, [&](QList<QString> list) { all = std::move(list); });
    QVERIFY(all.has_value()); // before finish() returned
    QCOMPARE(all->size(), total);
    for (qsizetype i = 0; i < total; ++i)
        QCOMPARE(all->at(i), QString::number(i));
    QCOMPARE(gather.size(), 0);
}

void TestBackgroundWork::longListOnAWorker()
{
    qsizetype total = 0;
    PageGather<QString> gather = numberedPages(300, &total);
    QObject context;
    std::optional<QList<QString>> all;
    Qt::HANDLE deliveredOn = nullptr;
    gather.finish(
        &context,
        [&](QList<QString> list) {
            deliveredOn = QThread::currentThreadId();
            all = std::move(list);
        },
        /*apartFrom*/ 1);
    QVERIFY(!all.has_value()); // put together elsewhere, handed back later
    QTRY_VERIFY_WITH_TIMEOUT(all.has_value(), kWaitMs);
    QCOMPARE(deliveredOn, QThread::currentThreadId());
    QCOMPARE(all->size(), total);
    QCOMPARE(all->capacity(), total); // exactly sized
    QVERIFY(all->isDetached()); // the receiver's alone: changing it copies nothing
    for (qsizetype i = 0; i < total; ++i)
        QCOMPARE(all->at(i), QString::number(i));
}

void TestBackgroundWork::largeItemsApartSooner()
{
    // The bound is in bytes: 300 items of 4 KB are put together elsewhere, 300 strings at once.
    struct Large
    {
        std::array<char, 4096> bytes {};
    };
    static_assert(PageGather<Large>::kApartItems == 256);
    static_assert(PageGather<QString>::kApartItems > 40000);
    PageGather<Large> large;
    for (int page = 0; page < 3; ++page)
        large.append(QList<Large>(100));
    QObject context;
    std::optional<qsizetype> largeCount;
    large.finish(&context, [&](QList<Large> list) { largeCount = list.size(); });
    QVERIFY(!largeCount.has_value());
    QTRY_COMPARE_WITH_TIMEOUT(largeCount.value_or(0), 300, kWaitMs);

    qsizetype total = 0;
    PageGather<QString> strings = numberedPages(300, &total);
    std::optional<qsizetype> stringCount;
    strings.finish(&context, [&](QList<QString> list) { stringCount = list.size(); });
    QCOMPARE(stringCount.value_or(0), total);
}

void TestBackgroundWork::notAfterContextDestroyed()
{
    qsizetype total = 0;
    PageGather<QString> gather = numberedPages(300, &total);
    auto context = std::make_unique<QObject>();
    bool called = false;
    gather.finish(
        context.get(), [&](QList<QString>) { called = true; }, 1);
    context.reset();
    BackgroundWork::pool()->waitForDone(kWaitMs);
    QTest::qWait(50);
    QVERIFY(!called);
}

void TestBackgroundWork::disposeFreesOnAWorker()
{
    auto destroyedOn = std::make_shared<std::atomic<Qt::HANDLE>>(nullptr);
    QList<Tracker> list;
    list.append(Tracker {destroyedOn});
    BackgroundWork::dispose(std::move(list));
    QVERIFY(BackgroundWork::pool()->waitForDone(kWaitMs));
    QVERIFY(destroyedOn->load() != nullptr);
    QVERIFY(destroyedOn->load() != QThread::currentThreadId());
}

// Work started from the window's thread and from a worker runs nicer than the window's thread, by the same step.
void TestBackgroundWork::workersYieldToTheWindowsThread()
{
#ifndef Q_OS_LINUX
    QSKIP("priorities of threads are set on Linux only");
#endif
    const int windows = BackgroundWork::currentNiceness();
    const int expected = std::min(windows + BackgroundWork::kNiceness, 19);
    QVERIFY2(expected > windows, "the test itself runs at the lowest priority");
    std::atomic<int> nested = -100;
    std::optional<int> direct;
    QObject context;
    BackgroundWork::run(
        &context,
        [&nested] {
            // Started from a worker: a thread the pool makes now inherits the worker's priority, not the window's.
            for (int i = 0; i < 4; ++i)
                BackgroundWork::start([&nested] { nested.store(BackgroundWork::currentNiceness()); });
            return BackgroundWork::currentNiceness();
        },
        [&direct](int niceness) { direct = niceness; });
    QTRY_VERIFY_WITH_TIMEOUT(direct.has_value(), kWaitMs);
    QVERIFY(BackgroundWork::pool()->waitForDone(kWaitMs));
    QCOMPARE(*direct, expected);
    QCOMPARE(nested.load(), expected);
    QCOMPARE(BackgroundWork::currentNiceness(), windows);
}

// A vector of ints past half a MiB asks for its next buffer (2^18 items, 1 MiB) at 60% full; growing past its
// capacity, it moves into that buffer with its items; a small one never asks.
void TestBackgroundWork::largeVectorGrowsIntoABufferMadeAhead()
{
    GrowthAhead<int> ahead;
    std::vector<int> items;
    const auto growTo = [&](size_t size) {
        ahead.reserveFor(items, size);
        while (items.size() < size)
            items.push_back(int(items.size()));
    };
    growTo(1000);
    QVERIFY(!ahead.isReady(1));
    growTo(size_t(1) << 17); // 512 KiB: its capacity, all used
    QCOMPARE(items.capacity(), size_t(1) << 17);
    QTRY_VERIFY(ahead.isReady(size_t(1) << 18));
    const int *before = items.data();
    growTo((size_t(1) << 17) + 1);
    QVERIFY(items.data() != before);
    QCOMPARE(items.capacity(), size_t(1) << 18);
    QVERIFY(!ahead.isReady(1)); // taken
    for (size_t i = 0; i < items.size(); ++i)
        QCOMPARE(items[i], int(i));
}

QTEST_GUILESS_MAIN(TestBackgroundWork)
#include "tst_backgroundwork.moc"
