// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotentry.h"
#include "snapshotfilter.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QDateTime kNow(QDate(2026, 11, 25), QTime(12, 0), Qt::UTC);

Snapshot nodeSnapshot(const QString &name, const QString &group, const QString &cluster, const QString &source,
                      const QString &status, int ageDays, const QStringList &memberClusters = {})
{
    Snapshot s;
    s.snapshotName = name;
    s.replicationGroupId = group;
    s.cacheClusterId = cluster;
    s.snapshotSource = source;
    s.snapshotStatus = status;
    s.engine = u"redis"_s;
    s.engineVersion = u"7.1"_s;
    s.arn = u"arn:aws:elasticache:us-east-1:123456789012:snapshot:"_s + name;
    const QStringList members = memberClusters.isEmpty() ? QStringList {cluster} : memberClusters;
    for (const QString &member : members) {
        NodeSnapshot node;
        node.cacheClusterId = member;
        node.nodeGroupId = QString::number(s.nodeSnapshots.size() + 1).rightJustified(4, u'0');
        node.cacheSize = u"10 MB"_s;
        node.snapshotCreateTime = kNow.addDays(-ageDays);
        s.nodeSnapshots.append(node);
    }
    return s;
}

ServerlessCacheSnapshot serverlessSnapshot(const QString &name, const QString &cache, const QString &type,
                                           const QString &status, int ageDays)
{
    ServerlessCacheSnapshot s;
    s.serverlessCacheSnapshotName = name;
    s.arn = u"arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:"_s + name;
    s.snapshotType = type;
    s.status = status;
    s.createTime = kNow.addDays(-ageDays);
    s.expiryTime = kNow.addDays(7);
    s.bytesUsedForCache = u"4096"_s;
    s.serverlessCacheConfiguration = ServerlessCacheConfiguration {cache, u"valkey"_s, u"8"_s};
    return s;
}

QList<SnapshotEntry> corpus()
{
    return {
        SnapshotEntry(nodeSnapshot(u"automatic.orders-001-2026-11-01-03-15"_s, QString(), u"orders-001"_s,
                                   u"automated"_s, u"available"_s, 24)),
        SnapshotEntry(nodeSnapshot(u"orders-before-upgrade"_s, u"orders-rg"_s, QString(), u"manual"_s,
                                   u"available"_s, 90, {u"orders-rg-0001-001"_s, u"orders-rg-0002-001"_s})),
        SnapshotEntry(
            nodeSnapshot(u"Sessions-Nightly"_s, u"sessions"_s, u"sessions-001"_s, u"manual"_s, u"creating"_s, 0)),
        SnapshotEntry(serverlessSnapshot(u"cart-daily"_s, u"cart"_s, u"automatic"_s, u"available"_s, 3)),
        SnapshotEntry(serverlessSnapshot(u"cart-manual"_s, u"cart"_s, u"manual"_s, u"copying"_s, 40)),
    };
}

QStringList matchingNames(const SnapshotFilter &filter)
{
    QStringList names;
    for (const SnapshotEntry &entry : corpus()) {
        if (filter.matches(entry))
            names.append(entry.name());
    }
    return names;
}

} // namespace

class TestSnapshotFilter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void entryFields();
    void matching_data();
    void matching();
    void settersReportChanges();
    void clearRemovesEveryCriterion();
    void referenceTimeMattersOnlyWithAge();
    void sourceNames_data();
    void sourceNames();
};

void TestSnapshotFilter::entryFields()
{
    const QList<SnapshotEntry> entries = corpus();
    const SnapshotEntry &group = entries.at(1);
    QCOMPARE(group.kind(), SnapshotEntry::Kind::NodeBased);
    QCOMPARE(group.shards(), 2);
    QCOMPARE(group.sizeBytes(), qint64(20) * 1024 * 1024);
    QCOMPARE(group.created(), kNow.addDays(-90));
    QCOMPARE(group.source(), SnapshotEntry::Source::Manual);
    QVERIFY(!group.expiry().isValid());
    QCOMPARE(group.engineAndVersion(), u"redis 7.1"_s);

    const SnapshotEntry &automatic = entries.at(0);
    QVERIFY(automatic.isAutomatic());
    QVERIFY(!automatic.expiry().isValid()); // no retention limit known

    Snapshot withRetention = *automatic.nodeSnapshot();
    withRetention.snapshotRetentionLimit = 35;
    QCOMPARE(SnapshotEntry(withRetention).expiry(), kNow.addDays(-24 + 35));

    const SnapshotEntry &serverless = entries.at(3);
    QCOMPARE(serverless.kind(), SnapshotEntry::Kind::Serverless);
    QCOMPARE(serverless.serverlessCache(), u"cart"_s);
    QCOMPARE(serverless.sizeBytes(), qint64(4096));
    QCOMPARE(serverless.shards(), -1);
    QCOMPARE(serverless.status(), SnapshotEntry::Status::Available);
    QCOMPARE(serverless.engineAndVersion(), u"valkey 8"_s);
    QCOMPARE(serverless.expiry(), kNow.addDays(7));

    Snapshot odd = *automatic.nodeSnapshot();
    odd.snapshotStatus = u"exporting"_s;
    const SnapshotEntry unknown(odd);
    QCOMPARE(unknown.status(), SnapshotEntry::Status::Unknown);
    QCOMPARE(unknown.statusText(), u"exporting"_s);

    QVERIFY(entries.at(0) == SnapshotEntry(*automatic.nodeSnapshot()));
    QVERIFY(!(entries.at(0) == SnapshotEntry(odd)));
    QVERIFY(SnapshotEntry().isNull());
}

void TestSnapshotFilter::matching_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("cluster");
    QTest::addColumn<QString>("group");
    QTest::addColumn<int>("source");
    QTest::addColumn<int>("kind"); // -1 any
    QTest::addColumn<int>("status"); // -1 any
    QTest::addColumn<int>("ageDays");
    QTest::addColumn<QStringList>("expected");

    const QStringList all = [] {
        QStringList names;
        for (const SnapshotEntry &e : corpus())
            names.append(e.name());
        return names;
    }();
    const int any = int(SnapshotFilter::SourceFilter::Any);
    const int automatic = int(SnapshotFilter::SourceFilter::Automatic);
    const int manual = int(SnapshotFilter::SourceFilter::Manual);
    const int serverless = int(SnapshotEntry::Kind::Serverless);
    const int node = int(SnapshotEntry::Kind::NodeBased);

    QTest::newRow("empty filter matches all") << QString() << QString() << QString() << any << -1 << -1 << 0 << all;
    QTest::newRow("text is case-insensitive")
        << u"SESSIONS"_s << QString() << QString() << any << -1 << -1 << 0 << QStringList {u"Sessions-Nightly"_s};
    QTest::newRow("text matches cluster") << u"orders-001"_s << QString() << QString() << any << -1 << -1 << 0
                                          << QStringList {u"automatic.orders-001-2026-11-01-03-15"_s};
    QTest::newRow("text matches group") << u"orders-rg"_s << QString() << QString() << any << -1 << -1 << 0
                                        << QStringList {u"orders-before-upgrade"_s};
    QTest::newRow("text matches arn") << u"serverlesscachesnapshot:"_s << QString() << QString() << any << -1 << -1
                                      << 0 << QStringList {u"cart-daily"_s, u"cart-manual"_s};
    QTest::newRow("text matches nothing")
        << u"zzz"_s << QString() << QString() << any << -1 << -1 << 0 << QStringList {};
    QTest::newRow("cluster by id") << QString() << u"sessions-001"_s << QString() << any << -1 << -1 << 0
                                   << QStringList {u"Sessions-Nightly"_s};
    QTest::newRow("cluster by member node") << QString() << u"orders-rg-0002-001"_s << QString() << any << -1 << -1
                                            << 0 << QStringList {u"orders-before-upgrade"_s};
    QTest::newRow("cluster by serverless cache") << QString() << u"cart"_s << QString() << any << -1 << -1 << 0
                                                 << QStringList {u"cart-daily"_s, u"cart-manual"_s};
    QTest::newRow("group") << QString() << QString() << u"sessions"_s << any << -1 << -1 << 0
                           << QStringList {u"Sessions-Nightly"_s};
    QTest::newRow("automatic") << QString() << QString() << QString() << automatic << -1 << -1 << 0
                               << QStringList {u"automatic.orders-001-2026-11-01-03-15"_s, u"cart-daily"_s};
    QTest::newRow("manual serverless") << QString() << QString() << QString() << manual << serverless << -1 << 0
                                       << QStringList {u"cart-manual"_s};
    QTest::newRow("node-based available")
        << QString() << QString() << QString() << any << node << int(SnapshotEntry::Status::Available) << 0
        << QStringList {u"automatic.orders-001-2026-11-01-03-15"_s, u"orders-before-upgrade"_s};
    QTest::newRow("older than 30 days") << QString() << QString() << QString() << any << -1 << -1 << 30
                                        << QStringList {u"orders-before-upgrade"_s, u"cart-manual"_s};
    QTest::newRow("combined") << u"cart"_s << QString() << QString() << manual << -1 << -1 << 30
                              << QStringList {u"cart-manual"_s};
}

void TestSnapshotFilter::matching()
{
    QFETCH(QString, text);
    QFETCH(QString, cluster);
    QFETCH(QString, group);
    QFETCH(int, source);
    QFETCH(int, kind);
    QFETCH(int, status);
    QFETCH(int, ageDays);
    QFETCH(QStringList, expected);

    SnapshotFilter filter;
    filter.setReferenceTime(kNow);
    filter.setText(text);
    filter.setCluster(cluster);
    filter.setReplicationGroup(group);
    filter.setSource(SnapshotFilter::SourceFilter(source));
    if (kind >= 0)
        filter.setKind(SnapshotEntry::Kind(kind));
    if (status >= 0)
        filter.setStatus(SnapshotEntry::Status(status));
    filter.setMinimumAgeDays(ageDays);
    QCOMPARE(matchingNames(filter), expected);
}

void TestSnapshotFilter::settersReportChanges()
{
    SnapshotFilter filter;
    QVERIFY(filter.isEmpty());
    QVERIFY(filter.setText(u"abc"_s));
    QVERIFY(!filter.setText(u"abc"_s));
    QVERIFY(!filter.setText(u" abc "_s)); // surrounding blanks are not a criterion
    QVERIFY(filter.setCluster(u"c1"_s));
    QVERIFY(!filter.setCluster(u"c1"_s));
    QVERIFY(filter.setReplicationGroup(u"g1"_s));
    QVERIFY(!filter.setReplicationGroup(u"g1"_s));
    QVERIFY(filter.setSource(SnapshotFilter::SourceFilter::Manual));
    QVERIFY(!filter.setSource(SnapshotFilter::SourceFilter::Manual));
    QVERIFY(filter.setKind(SnapshotEntry::Kind::Serverless));
    QVERIFY(!filter.setKind(SnapshotEntry::Kind::Serverless));
    QVERIFY(filter.setStatus(SnapshotEntry::Status::Copying));
    QVERIFY(!filter.setStatus(SnapshotEntry::Status::Copying));
    QVERIFY(filter.setMinimumAgeDays(7));
    QVERIFY(!filter.setMinimumAgeDays(7));
    QVERIFY(filter.setMinimumAgeDays(-3));
    QCOMPARE(filter.minimumAgeDays(), 0);
    QVERIFY(!filter.isEmpty());
}

void TestSnapshotFilter::clearRemovesEveryCriterion()
{
    SnapshotFilter filter;
    QVERIFY(!filter.clear());
    filter.setStatus(SnapshotEntry::Status::Deleting);
    filter.setText(u"x"_s);
    QVERIFY(filter.clear());
    QVERIFY(filter.isEmpty());
    QVERIFY(filter == SnapshotFilter(filter));
    filter.setReferenceTime(kNow);
    QCOMPARE(matchingNames(filter).size(), corpus().size());
}

void TestSnapshotFilter::referenceTimeMattersOnlyWithAge()
{
    SnapshotFilter filter;
    QVERIFY(!filter.setReferenceTime(kNow));
    QVERIFY(filter.setMinimumAgeDays(30));
    QCOMPARE(matchingNames(filter).size(), 2);
    QVERIFY(filter.setReferenceTime(kNow.addDays(30)));
    // Exactly 30 days old is not "older than 30 days".
    QCOMPARE(matchingNames(filter),
             (QStringList {u"automatic.orders-001-2026-11-01-03-15"_s, u"orders-before-upgrade"_s, u"cart-daily"_s,
                           u"cart-manual"_s}));
}

void TestSnapshotFilter::sourceNames_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("expected"); // -1 unreadable
    QTest::newRow("all") << u"all"_s << int(SnapshotFilter::SourceFilter::Any);
    QTest::newRow("automatic") << u"Automatic"_s << int(SnapshotFilter::SourceFilter::Automatic);
    QTest::newRow("automated (response form)") << u"automated"_s << int(SnapshotFilter::SourceFilter::Automatic);
    QTest::newRow("system (request form)") << u"system"_s << int(SnapshotFilter::SourceFilter::Automatic);
    QTest::newRow("manual") << u"manual"_s << int(SnapshotFilter::SourceFilter::Manual);
    QTest::newRow("user (request form)") << u"user"_s << int(SnapshotFilter::SourceFilter::Manual);
    QTest::newRow("garbage") << u"sometimes"_s << -1;
}

void TestSnapshotFilter::sourceNames()
{
    QFETCH(QString, text);
    QFETCH(int, expected);
    const auto source = SnapshotFilter::sourceFilterFromString(text);
    QCOMPARE(source ? int(*source) : -1, expected);
    if (source)
        QCOMPARE(SnapshotFilter::sourceFilterFromString(SnapshotFilter::sourceFilterName(*source)), source);
}

QTEST_GUILESS_MAIN(TestSnapshotFilter)
#include "tst_snapshotfilter.moc"
