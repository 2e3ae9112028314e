// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "nameset.h"
#include "rowindex.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <map>

using namespace Qt::StringLiterals;

// The snapshot table's index of rows against a std::map kept beside it, through random inserts, removals and
// renumbering, with hashes that collide far more than real ones do; and the NameSet built on it against a QSet.
class TestRowIndex final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hashIgnoresTheEncoding();
    void followsAMapThroughRandomChanges();
    void nameSetIsASet();
    void largeTableGrowsIntoOneMadeApart();
};

void TestRowIndex::hashIgnoresTheEncoding()
{
    const QString name = u"nightly-é-2026"_s;
    const QByteArray latin1 = name.toLatin1();
    QCOMPARE(RowIndex::hashOf(3, 1, QLatin1StringView(latin1)), RowIndex::hashOf(3, 1, name));
    QVERIFY(RowIndex::hashOf(3, 1, name) != RowIndex::hashOf(3, 0, name));
    QVERIFY(RowIndex::hashOf(3, 1, name) != RowIndex::hashOf(2, 1, name));
    QVERIFY(RowIndex::hashOf(0, 0, u"a"_s) != RowIndex::hashOf(0, 0, u"b"_s));
}

void TestRowIndex::followsAMapThroughRandomChanges()
{
    // Keys are numbers; their "hash" keeps only a few bits so that chains are long and wrap around the table.
    QRandomGenerator random(42);
    RowIndex index;
    std::map<int, int> rowOfKey; // key -> row
    std::vector<int> keyOfRow; // row -> key
    const auto hashOf = [](int key) {
        return quint32(key % 13) * 0x9e3779b1u;
    };
    const auto find = [&](int key) {
        return index.find(hashOf(key), [&](int row) { return keyOfRow[size_t(row)] == key; });
    };
    int nextKey = 0;
    for (int step = 0; step < 20000; ++step) {
        const int what = random.bounded(10);
        if (what < 6 || keyOfRow.empty()) {
            const int key = nextKey++;
            index.insert(hashOf(key), int(keyOfRow.size()));
            rowOfKey[key] = int(keyOfRow.size());
            keyOfRow.push_back(key);
        } else if (what < 9) {
            // Remove a row, then renumber the ones after it, as the table model does.
            const int row = random.bounded(int(keyOfRow.size()));
            const int key = keyOfRow[size_t(row)];
            QVERIFY(index.remove(hashOf(key), row));
            QVERIFY(!index.remove(hashOf(key), row));
            rowOfKey.erase(key);
            keyOfRow.erase(keyOfRow.begin() + row);
            index.renumber([row](int r) { return r > row ? r - 1 : r; });
            for (auto &entry : rowOfKey)
                entry.second -= entry.second > row ? 1 : 0;
        } else {
            const int key = random.bounded(nextKey + 5);
            const auto known = rowOfKey.find(key);
            QCOMPARE(find(key), known == rowOfKey.end() ? -1 : known->second);
        }
        QCOMPARE(index.size(), rowOfKey.size());
    }
    for (const auto &[key, row] : rowOfKey)
        QCOMPARE(find(key), row);
    QVERIFY(rowOfKey.size() > 1000);
    index.clear();
    QCOMPARE(find(rowOfKey.begin()->first), -1);
}

void TestRowIndex::nameSetIsASet()
{
    QRandomGenerator random(7);
    NameSet names;
    QSet<QString> expected;
    for (int i = 0; i < 30000; ++i) {
        QString name = u"automatic.cluster-%1-2026-12-%2"_s.arg(random.bounded(5000)).arg(random.bounded(31));
        if (i % 1000 == 0)
            name = QString(40000 + i, u'x'); // longer than a block
        if (i % 777 == 0)
            name += u"-バックアップ"_s;
        const bool fresh = !expected.contains(name);
        QCOMPARE(names.insert(name), fresh);
        expected.insert(name);
        QVERIFY(names.contains(name));
        QCOMPARE(names.size(), expected.size());
    }
    for (const QString &name : std::as_const(expected))
        QVERIFY(names.contains(name));
    QVERIFY(!names.contains(u"automatic.cluster-5000-2026-12-1"_s));
    QVERIFY(!names.contains(QString()));
    QVERIFY(names.insert(QString())); // the empty name is a name
    QVERIFY(!names.insert(u""_s));
    names.clear();
    QCOMPARE(names.size(), 0);
    QVERIFY(!names.contains(*expected.cbegin()));
    QVERIFY(names.insert(*expected.cbegin()));
}

// A table of 2^19 slots (8 bytes each) doubles at 70% full; from 60% its next table is made on a worker, and the
// doubling takes it: every row is still found, and a second doubling prepares again.
void TestRowIndex::largeTableGrowsIntoOneMadeApart()
{
    RowIndex index;
    const auto hashOf = [](int row) {
        return quint32(row) * 2654435761u;
    };
    int rows = 0;
    const auto insertUpTo = [&](int count) {
        for (; rows < count; ++rows)
            index.insert(hashOf(rows), rows);
    };
    insertUpTo((1 << 19) * 6 / 10 - 10);
    QVERIFY(!index.growthPrepared()); // not yet 60% full
    insertUpTo((1 << 19) * 6 / 10 + 10);
    QTRY_VERIFY(index.growthPrepared());
    insertUpTo((1 << 19) * 7 / 10 + 10); // doubled, into the table made apart
    QVERIFY(!index.growthPrepared());
    for (int row = 0; row < rows; ++row)
        QCOMPARE(index.find(hashOf(row), [row](int found) { return found == row; }), row);
    QCOMPARE(index.size(), size_t(rows));
    insertUpTo((1 << 20) * 6 / 10 + 10);
    QTRY_VERIFY(index.growthPrepared());
    index.clear();
    QVERIFY(!index.growthPrepared());
}

QTEST_GUILESS_MAIN(TestRowIndex)
#include "tst_rowindex.moc"
