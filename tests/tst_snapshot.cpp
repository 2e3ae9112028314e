// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "apierror.h"
#include "snapshot.h"
#include "snapshotentry.h"

#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;

class TestSnapshot final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cacheSize_data();
    void cacheSize();
    void cacheSizeWrittenAsTheServiceWritesIt();
    void totalSizeAndCreateTime();
    void nodeGroupConfigurationIsAValue();
    void stringPoolSharesEqualText();
    void errorClassification_data();
    void errorClassification();
};

void TestSnapshot::cacheSize_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("bytes");
    QTest::newRow("zero MB") << u"0 MB"_s << qint64(0);
    QTest::newRow("5 MB") << u"5 MB"_s << qint64(5) * 1024 * 1024;
    QTest::newRow("fraction GB") << u"1.5 GB"_s << qint64(1536) * 1024 * 1024;
    QTest::newRow("bytes") << u"1024 bytes"_s << qint64(1024);
    QTest::newRow("bare number") << u"77"_s << qint64(77);
    QTest::newRow("empty") << QString() << qint64(-1);
    QTest::newRow("unknown unit") << u"5 parsecs"_s << qint64(-1);
    QTest::newRow("garbage") << u"MB"_s << qint64(-1);
    QTest::newRow("4000000 TB") << u"4000000 TB"_s << qint64(4000000) * 1024 * 1024 * 1024 * 1024;
    // 2^63 bytes and more do not fit: unreadable, not undefined behaviour.
    QTest::newRow("8 EiB") << u"8388608 TB"_s << qint64(-1);
    QTest::newRow("400 digits") << QString(400, u'9') + u" TB"_s << qint64(-1);
    QTest::newRow("long fraction") << u"0.000000000000000000000000000001 TB"_s << qint64(0);
    QTest::newRow("no integer part") << u".5 MB"_s << qint64(512) * 1024;
    QTest::newRow("no fraction") << u"5. MB"_s << qint64(5) * 1024 * 1024;
    QTest::newRow("two points") << u"1.2.3 MB"_s << qint64(-1);
    QTest::newRow("a point alone") << u". MB"_s << qint64(-1);
    QTest::newRow("rounded") << u"0.1 KB"_s << qint64(102);
    QTest::newRow("no space, lower case") << u"12mb"_s << qint64(12) * 1024 * 1024;
    QTest::newRow("spaces around") << u"  3 KB  "_s << qint64(3072);
    QTest::newRow("other digits") << u"\u0663 MB"_s << qint64(-1);
    QTest::newRow("sign") << u"-1 MB"_s << qint64(-1);
}

void TestSnapshot::cacheSize()
{
    QFETCH(QString, text);
    QFETCH(qint64, bytes);
    QCOMPARE(parseCacheSize(text), bytes);
}

// Sizes are shown in the service's units (KB, MB, GB, TB of 1,024, as CacheSize says and AWS bills), and read back
// as they were written; the window's locale gives the decimal separator.
void TestSnapshot::cacheSizeWrittenAsTheServiceWritesIt()
{
    const QLocale c = QLocale::c();
    QCOMPARE(cacheSizeText(0, c), u"0 bytes"_s);
    QCOMPARE(cacheSizeText(812, c), u"812 bytes"_s);
    QCOMPARE(cacheSizeText(qint64(845) * 1024 * 1024, c), u"845.0 MB"_s);
    QCOMPARE(cacheSizeText(qint64(1536) * 1024 * 1024, c), u"1.5 GB"_s);
    QCOMPARE(cacheSizeText(qint64(3) * 1024 * 1024 * 1024 * 1024, c), u"3.0 TB"_s);
    for (const qint64 bytes : {qint64(812), qint64(845) * 1024 * 1024, qint64(1536) * 1024 * 1024})
        QCOMPARE(parseCacheSize(cacheSizeText(bytes, c)), bytes);
    QCOMPARE(cacheSizeText(qint64(1536) * 1024 * 1024, QLocale(QLocale::German)), u"1,5 GB"_s);
}

void TestSnapshot::totalSizeAndCreateTime()
{
    Snapshot s;
    QCOMPARE(s.totalSizeBytes(), qint64(-1));
    {
        // Three shards of 4000000 TB: more than a qint64 holds, so the total saturates (signed overflow before).
        Snapshot huge;
        NodeSnapshot shard;
        shard.cacheSize = u"4000000 TB"_s;
        for (int i = 0; i < 3; ++i)
            huge.nodeSnapshots.append(shard);
        QCOMPARE(huge.totalSizeBytes(), std::numeric_limits<qint64>::max());
    }
    QVERIFY(!s.createTime().isValid());
    NodeSnapshot a;
    a.cacheSize = u"2 MB"_s;
    a.snapshotCreateTime = QDateTime(QDate(2024, 3, 2), QTime(4, 5, 7), Qt::UTC);
    NodeSnapshot b;
    b.cacheSize = u"3 MB"_s;
    b.snapshotCreateTime = QDateTime(QDate(2024, 3, 2), QTime(4, 5, 6, 120), Qt::UTC);
    s.nodeSnapshots = {a, b};
    QCOMPARE(s.totalSizeBytes(), qint64(5) * 1024 * 1024);
    QCOMPARE(s.createTime(), b.snapshotCreateTime);
    s.snapshotSource = u"automated"_s;
    QVERIFY(s.isAutomatic());
    s.snapshotSource = u"manual"_s;
    QVERIFY(!s.isAutomatic());
}

// NodeSnapshot keeps its NodeGroupConfiguration on the heap (HeapOptional) but it behaves as the std::optional
// it replaced: absent by default, copied with its node snapshot, compared by value.
void TestSnapshot::nodeGroupConfigurationIsAValue()
{
    NodeSnapshot a;
    QVERIFY(!a.nodeGroupConfiguration);
    QVERIFY(!a.nodeGroupConfiguration.has_value());
    NodeGroupConfiguration configuration;
    configuration.nodeGroupId = u"0001"_s;
    configuration.slots = u"0-8191"_s;
    a.nodeGroupConfiguration = configuration;
    QVERIFY(a.nodeGroupConfiguration);
    QCOMPARE(a.nodeGroupConfiguration->slots, u"0-8191"_s);

    NodeSnapshot b = a; // a copy, not a shared value
    QCOMPARE(b, a);
    b.nodeGroupConfiguration->slots = u"8192-16383"_s;
    QCOMPARE(a.nodeGroupConfiguration->slots, u"0-8191"_s);
    QVERIFY(!(b == a));
    b = a;
    QCOMPARE(b, a);

    NodeSnapshot moved = std::move(b);
    QCOMPARE(moved, a);
    moved.nodeGroupConfiguration.reset();
    QVERIFY(!moved.nodeGroupConfiguration);
    QVERIFY(!(moved == a));
    moved.nodeGroupConfiguration = std::nullopt;
    QCOMPARE(moved, NodeSnapshot());
}

// The pool gives equal text one buffer, whether it meets the text again in the same buffer (a parsed page shares
// its repeated values) or in another one; what it remembers of buffers never leaks into other text.
void TestSnapshot::stringPoolSharesEqualText()
{
    StringPool pool;
    const QString first = u"cache.r7g.large"_s;
    QString sameBuffer = first;
    QString otherBuffer = QString(u"cache.r7g."_s) + u"large"_s;
    QVERIFY(otherBuffer.constData() != first.constData());
    QString a = first;
    pool.intern(a);
    pool.intern(sameBuffer);
    pool.intern(otherBuffer);
    QCOMPARE(otherBuffer, first);
    QCOMPARE(otherBuffer.constData(), a.constData());
    QCOMPARE(sameBuffer.constData(), a.constData());
    QCOMPARE(pool.size(), 1);

    // After forgetRecent() the buffers it remembered may be freed and reused for other text.
    pool.forgetRecent();
    for (int i = 0; i < 100; ++i) {
        QString text = u"node-"_s + QString::number(i);
        pool.intern(text);
        QCOMPARE(text, u"node-"_s + QString::number(i));
        pool.forgetRecent();
    }
    QCOMPARE(pool.size(), 101);

    Snapshot s;
    s.engine = u"redis"_s;
    s.cacheClusterId = u"c-1"_s;
    NodeSnapshot node;
    node.cacheClusterId = QString(u"c-"_s) + u"1"_s;
    s.nodeSnapshots.append(node);
    internStrings(pool, s);
    QCOMPARE(s.nodeSnapshots.first().cacheClusterId.constData(), s.cacheClusterId.constData());
}

void TestSnapshot::errorClassification_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("throttling");
    QTest::addColumn<bool>("transient");
    const int service = int(ApiError::Kind::Service);
    QTest::newRow("Throttling") << service << u"Throttling"_s << 400 << true << false;
    QTest::newRow("RequestLimitExceeded") << service << u"RequestLimitExceeded"_s << 400 << true << false;
    QTest::newRow("InternalFailure 500") << service << u"InternalFailure"_s << 500 << false << true;
    QTest::newRow("ServiceUnavailable 503") << service << u"ServiceUnavailable"_s << 503 << false << true;
    QTest::newRow("not found") << service << u"SnapshotNotFoundFault"_s << 404 << false << false;
    QTest::newRow("already exists") << service << u"SnapshotAlreadyExistsFault"_s << 400 << false << false;
    QTest::newRow("network") << int(ApiError::Kind::Network) << QString() << 0 << false << true;
    QTest::newRow("timeout") << int(ApiError::Kind::Timeout) << QString() << 0 << false << true;
    QTest::newRow("proxy 502 page") << int(ApiError::Kind::Http) << QString() << 502 << false << true;
    QTest::newRow("proxy 403 page") << int(ApiError::Kind::Http) << QString() << 403 << false << false;
    QTest::newRow("parse") << int(ApiError::Kind::Parse) << QString() << 200 << false << false;
}

void TestSnapshot::errorClassification()
{
    QFETCH(int, kind);
    QFETCH(QString, code);
    QFETCH(int, status);
    QFETCH(bool, throttling);
    QFETCH(bool, transient);
    ApiError e;
    e.kind = ApiError::Kind(kind);
    e.code = code;
    e.httpStatus = status;
    QCOMPARE(e.isThrottling(), throttling);
    QCOMPARE(e.isTransient(), transient);
}

QTEST_GUILESS_MAIN(TestSnapshot)
#include "tst_snapshot.moc"
