// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sharedstrings.h"
#include "snapshot.h"
#include "snapshotentry.h"

#include <QTest>

#include <thread>
#include <vector>

using namespace Qt::StringLiterals;

// SnapshotEntry keeps a snapshot packed, its shown strings as shared ids and its ARN as a prefix: what it gives
// back must be exactly what it was given.
class TestSnapshotEntry final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nodeBasedReadsBackWhole();
    void serverlessReadsBackWhole();
    void arnKeptWhenItDoesNotEndWithTheName_data();
    void arnKeptWhenItDoesNotEndWithTheName();
    void memberClusters();
    void equalityFollowsEveryMember();
    void sharedStringsFromManyThreads();
    void fullTableKeepsTextItself(); // last: it fills the table
};

namespace {

Snapshot groupSnapshot()
{
    Snapshot s;
    s.snapshotName = u"nightly-orders-é-2026"_s;
    s.replicationGroupId = u"orders"_s;
    s.replicationGroupDescription = u""_s; // present and empty: not the same as absent
    s.snapshotStatus = u"available"_s;
    s.snapshotSource = u"manual"_s;
    s.cacheNodeType = u"cache.r7g.large"_s;
    s.engine = u"redis"_s;
    s.engineVersion = u"7.1.0"_s;
    s.vpcId = u"vpc-0a1b"_s;
    s.snapshotRetentionLimit = 0;
    s.numNodeGroups = 2;
    s.port = 6379;
    s.autoMinorVersionUpgrade = false;
    s.kmsKeyId = u"arn:aws:kms:eu-west-1:111122223333:key/1234"_s;
    s.dataTiering = u"disabled"_s;
    s.cacheClusterCreateTime = Timestamp::fromMicroseconds(1709287200123456LL, 7200);
    s.arn = u"arn:aws:elasticache:eu-west-1:111122223333:snapshot:"_s + s.snapshotName;
    for (int shard = 1; shard <= 2; ++shard) {
        NodeSnapshot node;
        node.cacheClusterId = u"orders-000%1-001"_s.arg(shard);
        node.nodeGroupId = u"000%1"_s.arg(shard);
        node.cacheNodeId = u"0001"_s;
        node.cacheSize = u"%1 MB"_s.arg(shard * 100);
        node.snapshotCreateTime = Timestamp::fromMicroseconds(1764900000000000LL + shard);
        NodeGroupConfiguration config;
        config.nodeGroupId = node.nodeGroupId;
        config.slots = u"0-8191"_s;
        config.replicaCount = 1;
        config.replicaAvailabilityZones = QList<QString> {u"eu-west-1b"_s};
        node.nodeGroupConfiguration = config;
        s.nodeSnapshots.append(node);
    }
    return s;
}

ServerlessCacheSnapshot serverlessSnapshot()
{
    ServerlessCacheSnapshot s;
    s.serverlessCacheSnapshotName = u"sessions-backup"_s;
    s.arn = u"arn:aws:elasticache:eu-west-1:111122223333:serverlesscachesnapshot:sessions-backup"_s;
    s.snapshotType = u"manual"_s;
    s.status = u"exporting-soon"_s; // a status the app does not know
    s.createTime = Timestamp::fromMicroseconds(1764900000000000LL);
    s.expiryTime = Timestamp::fromMicroseconds(1767500000000000LL);
    s.bytesUsedForCache = u"4096"_s;
    s.serverlessCacheConfiguration = ServerlessCacheConfiguration {u"sessions"_s, u"valkey"_s, u"8"_s};
    return s;
}

} // namespace

void TestSnapshotEntry::nodeBasedReadsBackWhole()
{
    const Snapshot given = groupSnapshot();
    const SnapshotEntry entry(given);
    QVERIFY(!entry.serverlessSnapshot());
    const auto back = entry.nodeSnapshot();
    QVERIFY(back);
    QCOMPARE(*back, given);
    QVERIFY(back->replicationGroupDescription.isEmpty() && !back->replicationGroupDescription.isNull());
    QVERIFY(back->preferredOutpostArn.isNull());

    QCOMPARE(entry.name(), given.snapshotName);
    QCOMPARE(entry.arn(), given.arn);
    QCOMPARE(entry.replicationGroup(), u"orders"_s);
    QVERIFY(entry.cluster().isEmpty());
    QCOMPARE(entry.engineAndVersion(), u"redis 7.1.0"_s);
    QCOMPARE(entry.nodeType(), u"cache.r7g.large"_s);
    QCOMPARE(entry.kmsKeyId(), given.kmsKeyId);
    QCOMPARE(entry.vpcId(), u"vpc-0a1b"_s);
    QCOMPARE(entry.dataTiering(), u"disabled"_s);
    QCOMPARE(entry.retentionLimitDays(), std::optional<int>(0));
    QCOMPARE(entry.sizeBytes(), qint64(300) * 1024 * 1024);
    QCOMPARE(entry.shards(), 2);
    QCOMPARE(entry.status(), SnapshotEntry::Status::Available);

    // Copies share the body and stay equal to an entry made again from the same value.
    const SnapshotEntry copy = entry;
    QVERIFY(copy == entry);
    QVERIFY(SnapshotEntry(*back) == entry);
}

void TestSnapshotEntry::serverlessReadsBackWhole()
{
    const ServerlessCacheSnapshot given = serverlessSnapshot();
    const SnapshotEntry entry(given);
    QVERIFY(!entry.nodeSnapshot());
    QCOMPARE(*entry.serverlessSnapshot(), given);
    QCOMPARE(entry.kind(), SnapshotEntry::Kind::Serverless);
    QCOMPARE(entry.serverlessCache(), u"sessions"_s);
    QCOMPARE(entry.engineAndVersion(), u"valkey 8"_s);
    QCOMPARE(entry.statusText(), u"exporting-soon"_s);
    QCOMPARE(entry.status(), SnapshotEntry::Status::Unknown);
    QCOMPARE(entry.expiry(), given.expiryTime.toDateTime());
    QCOMPARE(entry.arn(), given.arn);
    QCOMPARE(entry.sizeBytes(), qint64(4096));
}

void TestSnapshotEntry::arnKeptWhenItDoesNotEndWithTheName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("arn");
    QTest::newRow("another name") << u"a"_s << u"arn:aws:elasticache:us-east-1:1:snapshot:b"_s;
    QTest::newRow("only the name") << u"snap"_s << u"snap"_s;
    QTest::newRow("absent") << u"snap"_s << QString();
    QTest::newRow("empty") << u"snap"_s << u""_s;
    QTest::newRow("no name") << QString() << u"arn:aws:elasticache:us-east-1:1:snapshot:x"_s;
    QTest::newRow("other case") << u"Snap"_s << u"arn:aws:elasticache:us-east-1:1:snapshot:snap"_s;
    // Kept as UTF-16 (names the service accepts are ASCII, kept as Latin-1).
    QTest::newRow("not Latin-1") << u"バックアップ-1"_s << u"arn:aws:elasticache:us-east-1:1:snapshot:バックアップ-1"_s;
    QTest::newRow("empty name") << u""_s << u"arn:aws:elasticache:us-east-1:1:snapshot:"_s;
}

void TestSnapshotEntry::arnKeptWhenItDoesNotEndWithTheName()
{
    QFETCH(QString, name);
    QFETCH(QString, arn);
    Snapshot s = groupSnapshot();
    s.snapshotName = name;
    s.arn = arn;
    const SnapshotEntry entry(s);
    QCOMPARE(entry.arn(), arn);
    QCOMPARE(entry.arn().isNull(), arn.isNull());
    QCOMPARE(entry.name(), name);
    QCOMPARE(entry.name().isNull(), name.isNull());
    QVERIFY(entry.nameView() == name);
    QCOMPARE(*entry.nodeSnapshot(), s);
}

void TestSnapshotEntry::memberClusters()
{
    const SnapshotEntry group(groupSnapshot());
    QVERIFY(group.hasMemberCluster(u"orders-0002-001"));
    QVERIFY(group.hasMemberCluster(u"ORDERS-0001-001"));
    QVERIFY(!group.hasMemberCluster(u"orders-0003-001"));
    QVERIFY(!group.hasMemberCluster(u"orders"));
    QVERIFY(!SnapshotEntry(serverlessSnapshot()).hasMemberCluster(u"sessions"));
}

void TestSnapshotEntry::equalityFollowsEveryMember()
{
    const Snapshot base = groupSnapshot();
    const SnapshotEntry entry(base);
    Snapshot deep = base;
    deep.nodeSnapshots[1].nodeGroupConfiguration->replicaAvailabilityZones.append(u"eu-west-1c"_s);
    QVERIFY(!(SnapshotEntry(deep) == entry));
    Snapshot absent = base;
    absent.replicationGroupDescription = QString(); // absent instead of empty
    QVERIFY(!(SnapshotEntry(absent) == entry));
    Snapshot renamed = base;
    renamed.snapshotName += u'x';
    renamed.arn += u'x';
    QVERIFY(!(SnapshotEntry(renamed) == entry));
    Snapshot otherRegion = base;
    otherRegion.arn.replace(u"eu-west-1"_s, u"eu-west-2"_s);
    QVERIFY(!(SnapshotEntry(otherRegion) == entry));
    QVERIFY(SnapshotEntry(Snapshot(base)) == entry);
}

void TestSnapshotEntry::sharedStringsFromManyThreads()
{
    // Four threads intern the same 2,000 new strings in different orders: each string gets one id, and every id
    // reads back its text.
    constexpr int count = 2000;
    std::vector<std::vector<quint32>> ids(4, std::vector<quint32>(count));
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([t, &ids] {
            for (int i = 0; i < count; ++i) {
                const int n = t % 2 ? count - 1 - i : i;
                ids[size_t(t)][size_t(n)] = SharedStrings::idOf(u"thread-test-%1"_s.arg(n));
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    for (int i = 0; i < count; ++i) {
        for (int t = 1; t < 4; ++t)
            QCOMPARE(ids[size_t(t)][size_t(i)], ids[0][size_t(i)]);
        QCOMPARE(SharedStrings::at(ids[0][size_t(i)]), u"thread-test-%1"_s.arg(i));
    }
    QCOMPARE(SharedStrings::idOf(QString()), SharedStrings::NullId);
    QCOMPARE(SharedStrings::idOf(u""_s), SharedStrings::EmptyId);
    QVERIFY(SharedStrings::at(SharedStrings::NullId).isNull());
    QVERIFY(SharedStrings::at(SharedStrings::EmptyId).isEmpty() && !SharedStrings::at(SharedStrings::EmptyId).isNull());
}

void TestSnapshotEntry::fullTableKeepsTextItself()
{
    // A server that sends ever new values fills the table; what comes after is kept by the entry itself.
    SharedStrings::setLimit(0); // clamped to what it holds
    QCOMPARE(SharedStrings::limit(), SharedStrings::size());
    Snapshot s = groupSnapshot();
    s.engine = u"never-seen-engine"_s;
    s.nodeSnapshots[1].cacheClusterId = u"never-seen-member"_s;
    s.arn = u"arn:aws:elasticache:never-seen-region:1:snapshot:"_s + s.snapshotName;
    const quint32 before = SharedStrings::size();
    const SnapshotEntry entry(s);
    QCOMPARE(SharedStrings::size(), before);
    QCOMPARE(SharedStrings::idOf(u"never-seen-engine"_s), SharedStrings::NotInterned);
    QCOMPARE(entry.engine(), u"never-seen-engine"_s);
    QCOMPARE(entry.nodeType(), u"cache.r7g.large"_s);
    QCOMPARE(entry.arn(), s.arn);
    QCOMPARE(*entry.nodeSnapshot(), s);
    QVERIFY(entry.hasMemberCluster(u"never-seen-member"));
    QVERIFY(entry.hasMemberCluster(u"orders-0001-001"));
    QVERIFY(!entry.hasMemberCluster(u"orders-0002-001"));
    QVERIFY(SnapshotEntry(s) == entry);
    SharedStrings::setLimit(SharedStrings::MaximumLimit);
    QCOMPARE(SharedStrings::limit(), SharedStrings::MaximumLimit);
}

QTEST_GUILESS_MAIN(TestSnapshotEntry)
#include "tst_snapshotentry.moc"
