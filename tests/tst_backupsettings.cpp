// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "backupsettings.h"
#include "unprotectedsources.h"

#include <QTest>

using namespace Qt::StringLiterals;

// The backup-settings rules (core/backupsettings.*) and the "sources without backups" check
// (core/unprotectedsources.*); the rules and their sources are in tests/data/snapshot-rules.md.
class TestBackupSettings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void snapshotWindow_data();
    void snapshotWindow();
    void maintenanceWindow_data();
    void maintenanceWindow();
    void dailyTime_data();
    void dailyTime();
    void overlap_data();
    void overlap();
    void fromDescriptions();
    void notEditable_data();
    void notEditable();
    void validate_data();
    void validate();
    void replicationGroupRequest_data();
    void replicationGroupRequest();
    void clusterAndServerlessRequests();
    void describeChanges();
    void latestSnapshots();
    void unprotected_data();
    void unprotected();
};

namespace {

CacheSource group(bool clusterMode, int retention, const QString &snapshotting = u"orders-001"_s)
{
    CacheSource s;
    s.kind = CacheSource::Kind::ReplicationGroup;
    s.id = u"orders"_s;
    s.status = u"available"_s;
    s.engine = u"redis"_s;
    s.nodeType = u"cache.r7g.large"_s;
    s.clusterMode = clusterMode;
    s.memberClusters = {u"orders-001"_s, u"orders-002"_s};
    s.maintenanceWindow = u"sun:05:00-sun:06:00"_s;
    s.settings.retentionDays = retention;
    s.settings.snapshotWindow = u"03:00-04:00"_s;
    s.settings.snapshottingClusterId = clusterMode ? QString() : snapshotting;
    return s;
}

CacheSource cluster(int retention)
{
    CacheSource s;
    s.kind = CacheSource::Kind::CacheCluster;
    s.id = u"sessions"_s;
    s.status = u"available"_s;
    s.engine = u"valkey"_s;
    s.nodeType = u"cache.t4g.small"_s;
    s.maintenanceWindow = u"wed:02:00-wed:03:30"_s;
    s.settings.retentionDays = retention;
    s.settings.snapshotWindow = u"22:00-23:00"_s;
    return s;
}

CacheSource serverless(int retention)
{
    CacheSource s;
    s.kind = CacheSource::Kind::ServerlessCache;
    s.id = u"carts"_s;
    s.status = u"available"_s;
    s.engine = u"valkey"_s;
    s.settings.retentionDays = retention;
    s.settings.dailySnapshotTime = u"04:00"_s;
    return s;
}

QList<BackupRules::Field> fieldsOf(const QList<BackupRules::Problem> &problems)
{
    QList<BackupRules::Field> fields;
    for (const BackupRules::Problem &p : problems) {
        fields.append(p.field);
        if (p.reason.isEmpty())
            qWarning("a problem without a reason");
    }
    return fields;
}

SnapshotEntry nodeSnapshot(const QString &name, const QString &groupId, const QString &clusterId, bool automatic,
                           const QDateTime &created, const QString &status = u"available"_s)
{
    Snapshot s;
    s.snapshotName = name;
    s.replicationGroupId = groupId;
    s.cacheClusterId = clusterId;
    s.snapshotStatus = status;
    s.snapshotSource = automatic ? u"automated"_s : u"manual"_s;
    NodeSnapshot node;
    node.snapshotCreateTime = created;
    s.nodeSnapshots.append(node);
    return SnapshotEntry(s);
}

SnapshotEntry serverlessSnapshot(const QString &name, const QString &cache, bool automatic, const QDateTime &created)
{
    ServerlessCacheSnapshot s;
    s.serverlessCacheSnapshotName = name;
    s.snapshotType = automatic ? u"automated"_s : u"manual"_s;
    s.status = u"available"_s;
    s.createTime = created;
    s.serverlessCacheConfiguration = ServerlessCacheConfiguration {cache, u"valkey"_s, u"8"_s};
    return SnapshotEntry(s);
}

const QDateTime kNow = QDateTime(QDate(2026, 6, 30), QTime(12, 0), Qt::UTC);

} // namespace

void TestBackupSettings::snapshotWindow_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("start"); // -1: refused
    QTest::addColumn<int>("length");
    QTest::addColumn<QString>("reasonHas");
    QTest::newRow("one hour") << u"05:00-06:00"_s << 300 << 60 << QString();
    QTest::newRow("the API's example") << u"05:00-09:00"_s << 300 << 240 << QString();
    QTest::newRow("past midnight") << u"23:30-00:30"_s << 1410 << 60 << QString();
    QTest::newRow("spaces around") << u" 01:15-02:30 "_s << 75 << 75 << QString();
    QTest::newRow("59 minutes") << u"05:00-05:59"_s << -1 << 0 << u"at least 60 minutes"_s;
    QTest::newRow("59 minutes past midnight") << u"23:31-00:30"_s << -1 << 0 << u"59 minutes"_s;
    QTest::newRow("start equals end") << u"05:00-05:00"_s << -1 << 0 << u"at least 60 minutes"_s;
    QTest::newRow("one digit hour") << u"5:00-06:00"_s << -1 << 0 << u"hh24:mi-hh24:mi"_s;
    QTest::newRow("hour 24") << u"24:00-01:00"_s << -1 << 0 << u"hh24:mi-hh24:mi"_s;
    QTest::newRow("minute 60") << u"05:60-07:00"_s << -1 << 0 << u"hh24:mi-hh24:mi"_s;
    QTest::newRow("no end") << u"05:00"_s << -1 << 0 << u"hh24:mi-hh24:mi"_s;
    QTest::newRow("weekly form") << u"sun:05:00-sun:06:00"_s << -1 << 0 << u"hh24:mi-hh24:mi"_s;
    QTest::newRow("empty") << QString() << -1 << 0 << u"hh24:mi-hh24:mi"_s;
}

void TestBackupSettings::snapshotWindow()
{
    QFETCH(QString, text);
    QFETCH(int, start);
    QFETCH(int, length);
    QFETCH(QString, reasonHas);
    QString reason;
    const auto window = BackupRules::parseSnapshotWindow(text, &reason);
    QCOMPARE(window.has_value(), start >= 0);
    if (window) {
        QCOMPARE(window->startMinute, start);
        QCOMPARE(window->lengthMinutes, length);
        QVERIFY(reason.isEmpty());
    } else {
        QVERIFY2(reason.contains(reasonHas), qPrintable(reason));
    }
}

void TestBackupSettings::maintenanceWindow_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("start"); // -1: refused
    QTest::addColumn<int>("length");
    QTest::newRow("the API's example") << u"sun:23:00-mon:01:30"_s << 23 * 60 << 150;
    QTest::newRow("same day") << u"wed:02:00-wed:03:30"_s << 3 * 1440 + 120 << 90;
    QTest::newRow("Saturday into Sunday") << u"sat:23:00-sun:01:00"_s << 6 * 1440 + 1380 << 120;
    QTest::newRow("capitals") << u"Tue:04:00-TUE:05:00"_s << 2 * 1440 + 240 << 60;
    QTest::newRow("unknown day") << u"sun:05:00-xyz:06:00"_s << -1 << 0;
    QTest::newRow("daily form") << u"05:00-06:00"_s << -1 << 0;
    QTest::newRow("same instant") << u"mon:05:00-mon:05:00"_s << -1 << 0;
    QTest::newRow("empty") << QString() << -1 << 0;
}

void TestBackupSettings::maintenanceWindow()
{
    QFETCH(QString, text);
    QFETCH(int, start);
    QFETCH(int, length);
    QString reason;
    const auto window = BackupRules::parseMaintenanceWindow(text, &reason);
    QCOMPARE(window.has_value(), start >= 0);
    QCOMPARE(reason.isEmpty(), start >= 0);
    if (window) {
        QCOMPARE(window->startMinute, start);
        QCOMPARE(window->lengthMinutes, length);
    }
}

void TestBackupSettings::dailyTime_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("minutes"); // -1: refused
    QTest::newRow("the API's example") << u"11:00"_s << 660;
    QTest::newRow("midnight") << u"00:00"_s << 0;
    QTest::newRow("last minute") << u"23:59"_s << 1439;
    QTest::newRow("hour 24") << u"24:00"_s << -1;
    QTest::newRow("one digit") << u"4:00"_s << -1;
    QTest::newRow("a range") << u"04:00-05:00"_s << -1;
    QTest::newRow("seconds") << u"04:00:00"_s << -1;
}

void TestBackupSettings::dailyTime()
{
    QFETCH(QString, text);
    QFETCH(int, minutes);
    QString reason;
    const auto time = BackupRules::parseDailyTime(text, &reason);
    QCOMPARE(time.value_or(-1), minutes);
    QCOMPARE(reason.isEmpty(), minutes >= 0);
}

void TestBackupSettings::overlap_data()
{
    QTest::addColumn<QString>("daily");
    QTest::addColumn<QString>("weekly");
    QTest::addColumn<bool>("overlaps");
    QTest::newRow("inside") << u"05:00-06:00"_s << u"sun:05:15-sun:05:45"_s << true;
    QTest::newRow("crosses the start") << u"05:00-06:00"_s << u"sun:05:30-sun:06:30"_s << true;
    QTest::newRow("crosses the end") << u"05:00-06:00"_s << u"thu:04:30-thu:05:30"_s << true;
    QTest::newRow("contains it") << u"05:00-06:00"_s << u"mon:04:00-mon:07:00"_s << true;
    QTest::newRow("ends as it starts") << u"05:00-06:00"_s << u"sun:06:00-sun:07:00"_s << false;
    QTest::newRow("starts as it ends") << u"05:00-06:00"_s << u"sun:04:00-sun:05:00"_s << false;
    QTest::newRow("another hour") << u"05:00-06:00"_s << u"sat:10:00-sat:11:00"_s << false;
    QTest::newRow("daily past midnight") << u"23:30-00:30"_s << u"mon:00:00-mon:01:00"_s << true;
    QTest::newRow("daily past midnight, clear") << u"23:30-00:30"_s << u"mon:00:30-mon:01:30"_s << false;
    QTest::newRow("weekly past Saturday") << u"00:30-01:30"_s << u"sat:23:00-sun:01:00"_s << true;
    QTest::newRow("a whole day of maintenance") << u"12:00-13:00"_s << u"tue:00:00-wed:00:00"_s << true;
}

void TestBackupSettings::overlap()
{
    QFETCH(QString, daily);
    QFETCH(QString, weekly);
    QFETCH(bool, overlaps);
    const auto d = BackupRules::parseSnapshotWindow(daily);
    const auto w = BackupRules::parseMaintenanceWindow(weekly);
    QVERIFY(d && w);
    QCOMPARE(BackupRules::overlaps(*d, *w), overlaps);
}

void TestBackupSettings::fromDescriptions()
{
    ReplicationGroup g;
    g.replicationGroupId = u"orders"_s;
    g.arn = u"arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:orders"_s;
    g.status = u"available"_s;
    g.memberClusters = {u"orders-001"_s, u"orders-002"_s};
    g.nodeGroups.append(NodeGroup {});
    g.snapshottingClusterId = u"orders-002"_s;
    g.snapshotRetentionLimit = 7;
    g.snapshotWindow = u"03:00-04:00"_s;
    g.clusterEnabled = false;
    g.cacheNodeType = u"cache.r7g.large"_s;
    const CacheSource rg = CacheSource::fromReplicationGroup(g, u"sun:05:00-sun:06:00"_s);
    QCOMPARE(rg.kind, CacheSource::Kind::ReplicationGroup);
    QCOMPARE(rg.key(), u"rg/orders"_s);
    QCOMPARE(rg.memberClusters, QStringList({u"orders-001"_s, u"orders-002"_s}));
    QCOMPARE(rg.settings, (BackupSettings {7, u"03:00-04:00"_s, QString(), u"orders-002"_s}));
    QCOMPARE(rg.maintenanceWindow, u"sun:05:00-sun:06:00"_s);
    QCOMPARE(rg.engine, u"redis"_s); // no Engine in the answer: every group is Valkey or Redis OSS
    QVERIFY(!rg.clusterMode);
    QVERIFY(rg.unsupported.isEmpty());

    CacheCluster c;
    c.cacheClusterId = u"legacy"_s;
    c.engine = u"memcached"_s;
    c.cacheClusterStatus = u"available"_s;
    c.preferredMaintenanceWindow = u"mon:01:00-mon:02:00"_s;
    const CacheSource cc = CacheSource::fromCluster(c);
    QCOMPARE(cc.settings.retentionDays, 0); // absent: no automatic backups
    QVERIFY(!cc.unsupported.isEmpty());
    QCOMPARE(cc.maintenanceWindow, u"mon:01:00-mon:02:00"_s);

    ServerlessCache s;
    s.serverlessCacheName = u"carts"_s;
    s.status = u"available"_s;
    s.engine = u"valkey"_s;
    s.majorEngineVersion = u"8"_s;
    s.snapshotRetentionLimit = 3;
    s.dailySnapshotTime = u"11:00"_s;
    const CacheSource sc = CacheSource::fromServerlessCache(s);
    QCOMPARE(sc.key(), u"sc/carts"_s);
    QCOMPARE(sc.settings, (BackupSettings {3, QString(), u"11:00"_s, QString()}));
    QCOMPARE(sc.engineVersion, u"8"_s);
}

void TestBackupSettings::notEditable_data()
{
    QTest::addColumn<CacheSource>("source");
    QTest::addColumn<QString>("reasonHas"); // empty: editable
    QTest::newRow("available group") << group(false, 1) << QString();
    CacheSource member = cluster(1);
    member.replicationGroupId = u"orders"_s;
    QTest::newRow("member of a group") << member << u"set on the group"_s;
    CacheSource memcached = cluster(0);
    memcached.engine = u"memcached"_s;
    memcached.unsupported = u"Node-based Memcached clusters have no backups"_s;
    QTest::newRow("memcached") << memcached << u"Memcached"_s;
    CacheSource modifying = serverless(1);
    modifying.status = u"modifying"_s;
    QTest::newRow("modifying") << modifying << u"carts is modifying"_s;
}

void TestBackupSettings::notEditable()
{
    QFETCH(CacheSource, source);
    QFETCH(QString, reasonHas);
    const QString why = BackupRules::whyNotEditable(source);
    QCOMPARE(why.isEmpty(), reasonHas.isEmpty());
    QVERIFY2(why.contains(reasonHas), qPrintable(why));
    QCOMPARE(BackupRules::validate(source, source.settings).isEmpty(), reasonHas.isEmpty());
}

void TestBackupSettings::validate_data()
{
    using F = BackupRules::Field;
    QTest::addColumn<CacheSource>("source");
    QTest::addColumn<BackupSettings>("wanted");
    QTest::addColumn<QList<BackupRules::Field>>("fields");
    QTest::addColumn<QString>("reasonHas");

    const CacheSource cmd = group(false, 0);
    QTest::newRow("no change") << cmd << cmd.settings << QList<F>() << QString();
    QTest::newRow("turn on with the snapshotting cluster")
        << cmd << BackupSettings {7, u"03:00-04:00"_s, {}, u"orders-001"_s} << QList<F>() << QString();
    QTest::newRow("35 days") << cmd << BackupSettings {35, u"03:00-04:00"_s, {}, u"orders-001"_s} << QList<F>()
                             << QString();
    QTest::newRow("36 days") << cmd << BackupSettings {36, u"03:00-04:00"_s, {}, u"orders-001"_s}
                             << QList<F>({F::Retention}) << u"0 to 35 days"_s;
    QTest::newRow("negative") << cmd << BackupSettings {-1, u"03:00-04:00"_s, {}, u"orders-001"_s}
                              << QList<F>({F::Retention}) << u"0 to 35 days"_s;
    QTest::newRow("turn on without a snapshotting cluster")
        << group(false, 0, QString()) << BackupSettings {7, u"03:00-04:00"_s, {}, {}}
        << QList<F>({F::SnapshottingCluster}) << u"needs a snapshotting cluster"_s;
    QTest::newRow("not a member") << cmd << BackupSettings {7, u"03:00-04:00"_s, {}, u"payments-001"_s}
                                  << QList<F>({F::SnapshottingCluster}) << u"not a member of orders"_s;
    QTest::newRow("another member") << group(false, 5) << BackupSettings {5, u"03:00-04:00"_s, {}, u"orders-002"_s}
                                    << QList<F>() << QString();
    QTest::newRow("cluster mode: snapshotting cluster")
        << group(true, 1) << BackupSettings {1, u"03:00-04:00"_s, {}, u"orders-001"_s}
        << QList<F>({F::SnapshottingCluster}) << u"cluster mode enabled"_s;
    QTest::newRow("cluster mode: turn on")
        << group(true, 0) << BackupSettings {3, u"03:00-04:00"_s, {}, {}} << QList<F>() << QString();
    QTest::newRow("window too short") << cmd << BackupSettings {0, u"03:00-03:30"_s, {}, u"orders-001"_s}
                                      << QList<F>({F::SnapshotWindow}) << u"at least 60 minutes"_s;
    QTest::newRow("window format") << cmd << BackupSettings {0, u"3-4"_s, {}, u"orders-001"_s}
                                   << QList<F>({F::SnapshotWindow}) << u"hh24:mi-hh24:mi"_s;
    QTest::newRow("window over maintenance") << cmd << BackupSettings {0, u"04:30-05:30"_s, {}, u"orders-001"_s}
                                             << QList<F>({F::SnapshotWindow}) << u"sun:05:00-sun:06:00"_s;
    QTest::newRow("window next to maintenance")
        << cmd << BackupSettings {0, u"04:00-05:00"_s, {}, u"orders-001"_s} << QList<F>() << QString();
    CacheSource unknownMaintenance = cmd;
    unknownMaintenance.maintenanceWindow.clear();
    QTest::newRow("maintenance window unknown")
        << unknownMaintenance << BackupSettings {0, u"05:00-06:00"_s, {}, u"orders-001"_s} << QList<F>() << QString();
    QTest::newRow("window removed") << cmd << BackupSettings {0, QString(), {}, u"orders-001"_s}
                                    << QList<F>({F::SnapshotWindow}) << u"cannot be removed"_s;
    QTest::newRow("two problems") << cmd << BackupSettings {40, u"03:00-03:10"_s, {}, u"orders-001"_s}
                                  << QList<F>({F::Retention, F::SnapshotWindow}) << u"0 to 35 days"_s;
    QTest::newRow("cluster: window over maintenance")
        << cluster(1) << BackupSettings {1, u"01:30-02:30"_s, {}, {}} << QList<F>({F::SnapshotWindow})
        << u"overlaps the maintenance window wed:02:00-wed:03:30"_s;
    QTest::newRow("cluster: turn off") << cluster(5) << BackupSettings {0, u"22:00-23:00"_s, {}, {}} << QList<F>()
                                       << QString();
    QTest::newRow("serverless: time") << serverless(0) << BackupSettings {2, {}, u"23:15"_s, {}} << QList<F>()
                                      << QString();
    QTest::newRow("serverless: bad time")
        << serverless(0) << BackupSettings {2, {}, u"25:00"_s, {}} << QList<F>({F::DailySnapshotTime}) << u"HH:MM"_s;
    QTest::newRow("serverless: time removed") << serverless(2) << BackupSettings {2, {}, QString(), {}}
                                              << QList<F>({F::DailySnapshotTime}) << u"cannot be removed"_s;
    QTest::newRow("serverless: 36 days") << serverless(2) << BackupSettings {36, {}, u"04:00"_s, {}}
                                         << QList<F>({F::Retention}) << u"35"_s;
}

void TestBackupSettings::validate()
{
    QFETCH(CacheSource, source);
    QFETCH(BackupSettings, wanted);
    QFETCH(QList<BackupRules::Field>, fields);
    QFETCH(QString, reasonHas);
    const QList<BackupRules::Problem> problems = BackupRules::validate(source, wanted);
    QCOMPARE(fieldsOf(problems), fields);
    if (!problems.isEmpty())
        QVERIFY2(problems.first().reason.contains(reasonHas), qPrintable(problems.first().reason));
}

void TestBackupSettings::replicationGroupRequest_data()
{
    QTest::addColumn<CacheSource>("source");
    QTest::addColumn<BackupSettings>("wanted");
    QTest::addColumn<std::optional<int>>("retention");
    QTest::addColumn<QString>("window");
    QTest::addColumn<QString>("snapshotting");

    QTest::newRow("turn on: both named") << group(false, 0) << BackupSettings {7, u"03:00-04:00"_s, {}, u"orders-001"_s}
                                         << std::optional<int>(7) << QString() << u"orders-001"_s;
    QTest::newRow("retention only") << group(false, 3) << BackupSettings {9, u"03:00-04:00"_s, {}, u"orders-001"_s}
                                    << std::optional<int>(9) << QString() << QString();
    QTest::newRow("window only") << group(false, 3) << BackupSettings {3, u" 07:00-08:00 "_s, {}, u"orders-001"_s}
                                 << std::optional<int>() << u"07:00-08:00"_s << QString();
    QTest::newRow("another snapshotting cluster")
        << group(false, 3) << BackupSettings {3, u"03:00-04:00"_s, {}, u"orders-002"_s} << std::optional<int>(3)
        << QString() << u"orders-002"_s;
    QTest::newRow("cluster mode: turn on") << group(true, 0) << BackupSettings {1, u"03:00-04:00"_s, {}, {}}
                                           << std::optional<int>(1) << QString() << QString();
    QTest::newRow("turn off") << group(false, 4) << BackupSettings {0, u"03:00-04:00"_s, {}, u"orders-001"_s}
                              << std::optional<int>(0) << QString() << QString();
}

void TestBackupSettings::replicationGroupRequest()
{
    QFETCH(CacheSource, source);
    QFETCH(BackupSettings, wanted);
    QFETCH(std::optional<int>, retention);
    QFETCH(QString, window);
    QFETCH(QString, snapshotting);
    QVERIFY(BackupRules::validate(source, wanted).isEmpty());
    QVERIFY(BackupRules::hasChanges(source, wanted));
    const ModifyReplicationGroupMessage request = BackupRules::replicationGroupRequest(source, wanted);
    ModifyReplicationGroupMessage expected;
    expected.replicationGroupId = u"orders"_s;
    expected.snapshotRetentionLimit = retention;
    expected.snapshotWindow = window;
    expected.snapshottingClusterId = snapshotting;
    QCOMPARE(request, expected); // nothing else of the group, and no ApplyImmediately
}

void TestBackupSettings::clusterAndServerlessRequests()
{
    const CacheSource c = cluster(0);
    QVERIFY(!BackupRules::hasChanges(c, c.settings));
    const BackupSettings wantedCluster {2, u"20:00-21:30"_s, {}, {}};
    ModifyCacheClusterMessage expectedCluster;
    expectedCluster.cacheClusterId = u"sessions"_s;
    expectedCluster.snapshotRetentionLimit = 2;
    expectedCluster.snapshotWindow = u"20:00-21:30"_s;
    QCOMPARE(BackupRules::cacheClusterRequest(c, wantedCluster), expectedCluster);

    const CacheSource s = serverless(5);
    const BackupSettings timeOnly {5, {}, u"01:45"_s, {}};
    QVERIFY(BackupRules::hasChanges(s, timeOnly));
    ModifyServerlessCacheRequest expectedServerless;
    expectedServerless.serverlessCacheName = u"carts"_s;
    expectedServerless.dailySnapshotTime = u"01:45"_s;
    QCOMPARE(BackupRules::serverlessCacheRequest(s, timeOnly), expectedServerless);
    expectedServerless.snapshotRetentionLimit = 0;
    expectedServerless.dailySnapshotTime.clear();
    QCOMPARE(BackupRules::serverlessCacheRequest(s, BackupSettings {0, {}, u"04:00"_s, {}}), expectedServerless);
}

void TestBackupSettings::describeChanges()
{
    const CacheSource g = group(false, 0);
    const QStringList on = BackupRules::describeChanges(g, {7, u"05:00-06:30"_s, {}, u"orders-002"_s});
    QCOMPARE(on.size(), 3);
    QVERIFY2(on.at(0).contains(u"on, kept 7 days"), qPrintable(on.at(0)));
    QVERIFY2(on.at(1).contains(u"03:00-04:00 → 05:00-06:30"), qPrintable(on.at(1)));
    QVERIFY2(on.at(2).contains(u"orders-001 → orders-002"), qPrintable(on.at(2)));
    const QStringList off = BackupRules::describeChanges(group(false, 4), {0, u"03:00-04:00"_s, {}, u"orders-001"_s});
    QCOMPARE(off.size(), 1);
    QVERIFY2(off.first().contains(u"off"), qPrintable(off.first()));
    QVERIFY(BackupRules::describeChanges(g, g.settings).isEmpty());
}

void TestBackupSettings::latestSnapshots()
{
    const QList<SnapshotEntry> entries {
        nodeSnapshot(u"orders-manual"_s, u"orders"_s, u"orders-001"_s, false, kNow.addDays(-3)),
        nodeSnapshot(u"automatic.orders-2026-06-29"_s, u"orders"_s, u"orders-001"_s, true, kNow.addDays(-1)),
        nodeSnapshot(u"orders-creating"_s, u"orders"_s, QString(), false, kNow.addSecs(-60), u"creating"_s),
        nodeSnapshot(u"sessions-old"_s, QString(), u"sessions"_s, false, kNow.addDays(-40)),
        serverlessSnapshot(u"carts-manual"_s, u"carts"_s, false, kNow.addDays(-2)),
    };
    const UnprotectedSources::LatestBySource latest = UnprotectedSources::collect(entries);
    const auto orders = latest.value(u"rg/orders"_s);
    QCOMPARE(orders.any, kNow.addSecs(-60));
    QCOMPARE(orders.anyName, u"orders-creating"_s);
    QCOMPARE(orders.manual, kNow.addDays(-3)); // the one being created does not count yet
    QCOMPARE(latest.value(u"cc/orders-001"_s).manual, kNow.addDays(-3));
    QCOMPARE(latest.value(u"cc/sessions"_s).manual, kNow.addDays(-40));
    QCOMPARE(latest.value(u"sc/carts"_s).manual, kNow.addDays(-2));
    QVERIFY(!latest.contains(u"rg/sessions"_s));
}

void TestBackupSettings::unprotected_data()
{
    QTest::addColumn<int>("days");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("30 days") << 30 << QStringList({u"cc/sessions"_s, u"sc/idle"_s});
    QTest::newRow("2 days") << 2 << QStringList({u"rg/orders"_s, u"cc/sessions"_s, u"sc/idle"_s});
    QTest::newRow("50 days") << 50 << QStringList({u"sc/idle"_s});
    QTest::newRow("0 counts as 1") << 0 << QStringList({u"rg/orders"_s, u"cc/sessions"_s, u"sc/idle"_s});
}

void TestBackupSettings::unprotected()
{
    QFETCH(int, days);
    QFETCH(QStringList, expected);
    CacheSource ordersGroup = group(false, 0); // a manual snapshot 3 days ago
    CacheSource member = cluster(0);
    member.id = u"orders-001"_s;
    member.replicationGroupId = u"orders"_s;
    CacheSource sessions = cluster(0); // a manual snapshot 40 days ago
    CacheSource memcached = cluster(0);
    memcached.id = u"legacy"_s;
    memcached.unsupported = u"no backups"_s;
    CacheSource carts = serverless(7); // automatic backups
    CacheSource idle = serverless(0); // nothing at all
    idle.id = u"idle"_s;
    const QList<CacheSource> sources {ordersGroup, member, sessions, memcached, carts, idle};
    const QList<SnapshotEntry> entries {
        nodeSnapshot(u"orders-manual"_s, u"orders"_s, u"orders-001"_s, false, kNow.addDays(-3)),
        nodeSnapshot(u"sessions-old"_s, QString(), u"sessions"_s, false, kNow.addDays(-40)),
        nodeSnapshot(u"automatic.sessions"_s, QString(), u"sessions"_s, true, kNow.addDays(-1)),
    };
    const UnprotectedSources::Result result
        = UnprotectedSources::find(sources, UnprotectedSources::collect(entries), kNow, days);
    QStringList keys;
    for (const UnprotectedSources::Finding &finding : result.unprotected)
        keys.append(finding.source.key());
    QCOMPARE(keys, expected);
    QCOMPARE(result.membersSkipped, 1);
    QCOMPARE(result.unsupportedSkipped, 1);
    for (const UnprotectedSources::Finding &finding : result.unprotected)
        QCOMPARE(finding.lastManual.isValid(), finding.source.id != u"idle");
}

QTEST_GUILESS_MAIN(TestBackupSettings)
#include "tst_backupsettings.moc"
