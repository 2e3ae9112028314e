// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "bytekeysort.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <numeric>
#include <string>
#include <tuple>
#include <vector>

class TestByteKeySort : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sortsAsPlainByteOrder_data();
    void sortsAsPlainByteOrder();
    void terminatedKeysOrderLikeTuples();
};

void TestByteKeySort::sortsAsPlainByteOrder_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("descending");
    // Below and above the size from which ranges are sorted in halves on two threads.
    QTest::newRow("few, ascending") << 5000 << false;
    QTest::newRow("few, descending") << 5000 << true;
    QTest::newRow("many, ascending") << 250000 << false;
    QTest::newRow("many, descending") << 250000 << true;
}

// Keys as the table's columns make them: long shared prefixes (an engine, a cluster id), so most rows tie on their
// first 16 bytes and are sorted again deeper, short keys, empty keys and duplicates (ordered by row).
void TestByteKeySort::sortsAsPlainByteOrder()
{
    QFETCH(int, count);
    QFETCH(bool, descending);
    QRandomGenerator random(29);
    std::string bytes;
    std::vector<quint32> at;
    std::vector<std::string> keys;
    for (int row = 0; row < count; ++row) {
        std::string key;
        switch (random.bounded(4)) {
        case 0:
            key = "redis 7.1 cluster-" + std::to_string(random.bounded(count / 3 + 1));
            break;
        case 1:
            key = "redis 7.1 cluster-" + std::to_string(random.bounded(50)) + "-snapshot-"
                + std::to_string(random.bounded(1000));
            break;
        case 2:
            key = std::string(1, char('a' + random.bounded(26)));
            break;
        default:
            break; // empty
        }
        at.push_back(quint32(bytes.size()));
        bytes += key;
        keys.push_back(key);
    }
    at.push_back(quint32(bytes.size()));
    std::vector<int> rows(static_cast<size_t>(count));
    std::iota(rows.begin(), rows.end(), 0);
    std::shuffle(rows.begin(), rows.end(), random);

    std::vector<int> expected = rows;
    std::sort(expected.begin(), expected.end(), [&](int a, int b) {
        const auto ka = std::tie(keys[size_t(a)], a);
        const auto kb = std::tie(keys[size_t(b)], b);
        return descending ? kb < ka : ka < kb;
    });
    ByteKeySort::sort(rows, bytes, at, descending);
    QVERIFY(rows == expected);
}

// Pairs of keys written one after the other, terminated, compare in plain byte order as the pairs do: a key that
// is a prefix of another sorts first whatever follows it, and the bytes 0 and 1 inside a key keep their order.
void TestByteKeySort::terminatedKeysOrderLikeTuples()
{
    const std::vector<std::string> keys {"",
                                         std::string(1, '\0'),
                                         std::string(1, '\1'),
                                         std::string("\0\1", 2),
                                         std::string("a\0", 2),
                                         "a",
                                         "ab",
                                         std::string("a\1b", 3),
                                         "\x02",
                                         "\xff"};
    const auto written = [](const std::string &first, const std::string &second) {
        std::string bytes(ByteKeySort::terminatedSize(first) + ByteKeySort::terminatedSize(second), '?');
        char *end = ByteKeySort::writeTerminated(second, ByteKeySort::writeTerminated(first, bytes.data()));
        return end == bytes.data() + bytes.size() ? bytes : std::string("size mismatch");
    };
    for (const std::string &a1 : keys) {
        for (const std::string &a2 : keys) {
            for (const std::string &b1 : keys) {
                for (const std::string &b2 : keys) {
                    const std::string a = written(a1, a2);
                    const std::string b = written(b1, b2);
                    QVERIFY(a != "size mismatch" && b != "size mismatch");
                    const bool less = std::tie(a1, a2) < std::tie(b1, b2);
                    QCOMPARE(std::string_view(a) < std::string_view(b), less);
                }
            }
        }
    }
}

QTEST_GUILESS_MAIN(TestByteKeySort)
#include "tst_bytekeysort.moc"
