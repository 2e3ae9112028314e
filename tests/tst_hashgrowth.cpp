// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later

// HashGrowth: watched hashes grown once three quarters full, one a call, the largest first, on their own thread only.

#include "hashgrowth.h"

#include <QHash>
#include <QSet>
#include <QTest>
#include <QThread>

#include <memory>
#include <type_traits>

using namespace Qt::StringLiterals;

namespace {

// Keys until the hash has this many.
template<typename Hash> void fillTo(Hash &hash, qsizetype size)
{
    for (qsizetype i = hash.size(); i < size; ++i) {
        if constexpr (std::is_same_v<Hash, QSet<QString>>)
            hash.insert(u"key-%1"_s.arg(i));
        else
            hash.insert(u"key-%1"_s.arg(i), int(i));
    }
}

} // namespace

class TestHashGrowth final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void growsAHashThreeQuartersFull();
    void leavesSmallHashesAlone();
    void growsOneACallTheLargestFirst();
    void forgetsHashesWhoseWatchEnded();
    void growsOnlyItsOwnThreadsHashes();
    void triesAHashThatCannotGrowOnce();
};

void TestHashGrowth::growsAHashThreeQuartersFull()
{
    QHash<QString, int> hash;
    hash.reserve(HashGrowth::kFromCapacity);
    const qsizetype capacity = hash.capacity();
    QCOMPARE(capacity, HashGrowth::kFromCapacity);
    const HashGrowth::Watch watch(&hash);

    fillTo(hash, capacity * 3 / 4 - 1);
    double estimate = -1;
    QVERIFY(!HashGrowth::anyNearlyFull(&estimate));
    QCOMPARE(estimate, 0.0);
    QVERIFY(!HashGrowth::growOne());
    QCOMPARE(hash.capacity(), capacity);

    fillTo(hash, capacity * 3 / 4);
    QVERIFY(HashGrowth::anyNearlyFull());
    QVERIFY(HashGrowth::growOne());
    QCOMPARE(hash.capacity(), capacity * 2); // one doubling, as the hash's own growth would make
    QCOMPARE(hash.size(), capacity * 3 / 4);
    QCOMPARE(hash.value(u"key-0"_s), 0);
    QCOMPARE(hash.value(u"key-%1"_s.arg(capacity * 3 / 4 - 1)), int(capacity * 3 / 4 - 1));
    QVERIFY(!HashGrowth::anyNearlyFull());
    QVERIFY(!HashGrowth::growOne());

    // The next time, at three quarters of the new capacity, the growth is estimated from this one.
    fillTo(hash, capacity * 2 * 3 / 4);
    QVERIFY(HashGrowth::anyNearlyFull(&estimate));
    QVERIFY2(estimate > 0, qPrintable(QString::number(estimate)));
    QVERIFY(HashGrowth::growOne());
    QCOMPARE(hash.capacity(), capacity * 4);
}

void TestHashGrowth::leavesSmallHashesAlone()
{
    QSet<QString> set;
    fillTo(set, HashGrowth::kFromCapacity / 2 - 1); // just under the point where it doubles by itself
    QCOMPARE(set.capacity(), HashGrowth::kFromCapacity / 2);
    const HashGrowth::Watch watch(&set);
    QVERIFY(!HashGrowth::anyNearlyFull());
    QVERIFY(!HashGrowth::growOne());
    QCOMPARE(set.capacity(), HashGrowth::kFromCapacity / 2);
}

void TestHashGrowth::growsOneACallTheLargestFirst()
{
    QHash<QString, int> small;
    QSet<QString> large;
    small.reserve(HashGrowth::kFromCapacity);
    large.reserve(HashGrowth::kFromCapacity * 2);
    fillTo(small, small.capacity() * 3 / 4);
    fillTo(large, large.capacity() * 3 / 4);
    const HashGrowth::Watch watch(&small, &large);

    QVERIFY(HashGrowth::growOne());
    QCOMPARE(large.capacity(), HashGrowth::kFromCapacity * 4);
    QCOMPARE(small.capacity(), HashGrowth::kFromCapacity);
    QVERIFY(HashGrowth::anyNearlyFull());
    QVERIFY(HashGrowth::growOne());
    QCOMPARE(small.capacity(), HashGrowth::kFromCapacity * 2);
    QVERIFY(!HashGrowth::growOne());
}

void TestHashGrowth::forgetsHashesWhoseWatchEnded()
{
    QHash<QString, int> kept;
    QHash<QString, int> forgotten;
    kept.reserve(HashGrowth::kFromCapacity);
    forgotten.reserve(HashGrowth::kFromCapacity);
    const HashGrowth::Watch keptWatch(&kept);
    {
        const HashGrowth::Watch watch(&forgotten);
        fillTo(forgotten, forgotten.capacity() * 3 / 4);
        QVERIFY(HashGrowth::anyNearlyFull());
    }
    QVERIFY(!HashGrowth::anyNearlyFull());
    QVERIFY(!HashGrowth::growOne());
    QCOMPARE(forgotten.capacity(), HashGrowth::kFromCapacity);

    fillTo(kept, kept.capacity() * 3 / 4);
    QVERIFY(HashGrowth::growOne());
    QCOMPARE(kept.capacity(), HashGrowth::kFromCapacity * 2);
}

void TestHashGrowth::growsOnlyItsOwnThreadsHashes()
{
    QHash<QString, int> hash;
    hash.reserve(HashGrowth::kFromCapacity);
    fillTo(hash, hash.capacity() * 3 / 4);
    const HashGrowth::Watch watch(&hash);

    bool grewThere = true;
    std::unique_ptr<QThread> thread(QThread::create([&grewThere] { grewThere = HashGrowth::growOne(); }));
    thread->start();
    QVERIFY(thread->wait(10000));
    QVERIFY(!grewThere);
    QCOMPARE(hash.capacity(), HashGrowth::kFromCapacity);
    QVERIFY(HashGrowth::growOne());
    QCOMPARE(hash.capacity(), HashGrowth::kFromCapacity * 2);
}

// A hash at its largest (reserve() changes nothing) is tried once, not by every turn after.
void TestHashGrowth::triesAHashThatCannotGrowOnce()
{
    struct Full
    {
        qsizetype size() const { return HashGrowth::kFromCapacity; }
        qsizetype capacity() const { return HashGrowth::kFromCapacity; }
        void reserve(qsizetype) { ++tries; }
        int tries = 0;
    } full;
    const HashGrowth::Watch watch(&full);
    QVERIFY(HashGrowth::anyNearlyFull());
    QVERIFY(HashGrowth::growOne());
    QCOMPARE(full.tries, 1);
    QVERIFY(!HashGrowth::anyNearlyFull());
    QVERIFY(!HashGrowth::growOne());
    QCOMPARE(full.tries, 1);
}

QTEST_GUILESS_MAIN(TestHashGrowth)
#include "tst_hashgrowth.moc"
