// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The clean-up planner (core/cleanupplan.h) on rows made here: each rule, their combinations, the automatic
// snapshots, the held rows, the totals, and the CSV and JSON documents.
#include "cleanupplan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QDateTime kNow(QDate(2026, 12, 1), QTime(12, 0), Qt::UTC);

struct Spec
{
    QString name;
    int ageDays = 1;
    bool automatic = false;
    QString group; // replication group
    QString cluster;
    QString serverless; // serverless cache
    QString status = u"available"_s;
    qint64 megabytes = 1024;
    int connection = 0;
};

Spec spec(const QString &name, int ageDays, bool automatic = false, const QString &group = QString(),
          const QString &cluster = QString(), const QString &serverless = QString(),
          const QString &status = u"available"_s, qint64 megabytes = 1024, int connection = 0)
{
    Spec s;
    s.name = name;
    s.ageDays = ageDays;
    s.automatic = automatic;
    s.group = group;
    s.cluster = cluster;
    s.serverless = serverless;
    s.status = status;
    s.megabytes = megabytes;
    s.connection = connection;
    return s;
}

SnapshotEntry entryOf(const Spec &spec)
{
    const QDateTime created = kNow.addDays(-spec.ageDays);
    if (!spec.serverless.isEmpty()) {
        ServerlessCacheSnapshot s;
        s.serverlessCacheSnapshotName = spec.name;
        s.snapshotType = spec.automatic ? u"automatic"_s : u"manual"_s;
        s.status = spec.status;
        s.createTime = created;
        s.bytesUsedForCache = QString::number(spec.megabytes * 1024 * 1024);
        ServerlessCacheConfiguration config;
        config.serverlessCacheName = spec.serverless;
        config.engine = u"valkey"_s;
        s.serverlessCacheConfiguration = config;
        return SnapshotEntry(s);
    }
    Snapshot s;
    s.snapshotName = spec.name;
    s.snapshotSource = spec.automatic ? u"automated"_s : u"manual"_s;
    s.snapshotStatus = spec.status;
    s.replicationGroupId = spec.group;
    s.cacheClusterId = spec.cluster;
    s.snapshotRetentionLimit = spec.automatic ? std::optional<int>(35) : std::nullopt;
    NodeSnapshot node;
    node.snapshotCreateTime = created;
    node.cacheSize = u"%1 MB"_s.arg(spec.megabytes);
    s.nodeSnapshots.append(node);
    return SnapshotEntry(s);
}

CleanupConnection connection(const QString &region, QSet<QString> groups, QSet<QString> clusters = {},
                             QSet<QString> serverless = {})
{
    CleanupConnection c;
    c.choice.profile = u"prod"_s;
    c.choice.region = region;
    c.accountId = u"123456789012"_s;
    c.sources.known = true;
    c.sources.replicationGroups = std::move(groups);
    c.sources.clusters = std::move(clusters);
    c.sources.serverlessCaches = std::move(serverless);
    return c;
}

CleanupInput input(const QList<Spec> &specs)
{
    CleanupInput in;
    in.now = kNow;
    in.connections = {connection(u"eu-west-1"_s, {u"live-rg"_s}, {u"live-c"_s}, {u"live-s"_s}),
                      connection(u"us-east-1"_s, {u"other-rg"_s})};
    for (const Spec &spec : specs)
        in.rows.append({spec.connection, entryOf(spec)});
    return in;
}

QStringList names(const QList<CleanupItem> &items)
{
    QStringList list;
    for (const CleanupItem &item : items)
        list << item.entry.name();
    return list;
}

// A small fleet: live and gone sources, old and new, manual and automatic.
QList<Spec> fleet()
{
    QList<Spec> specs;
    specs << spec(u"rg-old-1"_s, 100, false, u"live-rg"_s) << spec(u"rg-old-2"_s, 60, false, u"live-rg"_s)
          << spec(u"rg-new-1"_s, 5, false, u"live-rg"_s) << spec(u"rg-new-2"_s, 2, false, u"live-rg"_s)
          << spec(u"gone-old"_s, 90, false, u"gone-rg"_s) << spec(u"gone-new"_s, 3, false, u"gone-rg"_s)
          << spec(u"c-old"_s, 40, false, QString(), u"live-c"_s)
          << spec(u"gonec-old"_s, 40, false, QString(), u"gone-c"_s)
          << spec(u"s-old"_s, 45, false, QString(), QString(), u"live-s"_s)
          << spec(u"sgone-old"_s, 45, false, QString(), QString(), u"gone-s"_s)
          << spec(u"automatic.live-rg-old"_s, 40, true, u"live-rg"_s)
          << spec(u"automatic.live-rg-new"_s, 1, true, u"live-rg"_s)
          << spec(u"other-old"_s, 70, false, u"other-rg"_s, QString(), QString(), u"available"_s, 512, 1)
          << spec(u"other-gone"_s, 70, false, u"x-rg"_s, QString(), QString(), u"available"_s, 512, 1);
    return specs;
}

} // namespace

class TestCleanupPlan final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachRule_data();
    void eachRule();
    void noSelectingRuleRefused();
    void keepNewestCountsManualOfEachSource();
    void automaticSnapshotsAreReportedNotDeleted();
    void notAvailableListedWithStatus();
    void skipTagsAndUnreadTagsHeld();
    void unknownSourcesHeld();
    void totalsAndCost();
    void csvAndJson();
    void wordsCountDaysAndHours();
};

void TestCleanupPlan::eachRule_data()
{
    QTest::addColumn<std::optional<int>>("olderThan");
    QTest::addColumn<bool>("sourceGone");
    QTest::addColumn<std::optional<int>>("keepNewest");
    QTest::addColumn<QList<int>>("connections");
    QTest::addColumn<QStringList>("expected");

    const std::optional<int> none;
    QTest::newRow("older than 30") << std::optional<int>(30) << false << none << QList<int>()
                                   << QStringList {u"gone-old"_s,  u"rg-old-1"_s,  u"rg-old-2"_s,
                                                   u"gonec-old"_s, u"c-old"_s,     u"sgone-old"_s,
                                                   u"s-old"_s,     u"other-old"_s, u"other-gone"_s};
    QTest::newRow("source gone") << none << true << none << QList<int>()
                                 << QStringList {u"gone-old"_s, u"gone-new"_s, u"gonec-old"_s, u"sgone-old"_s,
                                                 u"other-gone"_s};
    QTest::newRow("older than 30 AND source gone")
        << std::optional<int>(30) << true << none << QList<int>()
        << QStringList {u"gone-old"_s, u"gonec-old"_s, u"sgone-old"_s, u"other-gone"_s};
    QTest::newRow("keep newest 1 alone") << none << false << std::optional<int>(1) << QList<int>()
                                         << QStringList {u"gone-old"_s, u"rg-old-1"_s, u"rg-old-2"_s, u"rg-new-1"_s};
    QTest::newRow("older than 30, keep newest 3")
        << std::optional<int>(30) << false << std::optional<int>(3) << QList<int>() << QStringList {u"rg-old-1"_s};
    QTest::newRow("older than 30, only connection 1")
        << std::optional<int>(30) << false << none << QList<int> {1} << QStringList {u"other-old"_s, u"other-gone"_s};
    QTest::newRow("source gone, only connection 0")
        << none << true << none << QList<int> {0}
        << QStringList {u"gone-old"_s, u"gone-new"_s, u"gonec-old"_s, u"sgone-old"_s};
}

void TestCleanupPlan::eachRule()
{
    QFETCH(std::optional<int>, olderThan);
    QFETCH(bool, sourceGone);
    QFETCH(std::optional<int>, keepNewest);
    QFETCH(QList<int>, connections);
    QFETCH(QStringList, expected);

    CleanupRules rules;
    rules.olderThanDays = olderThan;
    rules.sourceGone = sourceGone;
    rules.keepNewest = keepNewest;
    rules.connections = connections;
    const CleanupPlan plan = CleanupPlan::make(input(fleet()), rules);
    QVERIFY2(plan.problem().isEmpty(), qPrintable(plan.problem()));
    // Grouped by connection, then source (groups, clusters, serverless caches), oldest first.
    QCOMPARE(names(plan.toDelete()), expected);
    for (const CleanupItem &item : plan.toDelete()) {
        QVERIFY(!item.entry.isAutomatic());
        QVERIFY(!plan.reasonWords(item).isEmpty());
    }
}

void TestCleanupPlan::noSelectingRuleRefused()
{
    CleanupRules rules;
    rules.skipTags = {{u"keep"_s, std::nullopt}};
    const CleanupPlan plan = CleanupPlan::make(input(fleet()), rules);
    QVERIFY(!plan.problem().isEmpty());
    QVERIFY(plan.toDelete().isEmpty());
    QCOMPARE(plan.totals().count, 0);

    rules.olderThanDays = -1;
    QVERIFY(!CleanupPlan::make(input(fleet()), rules).problem().isEmpty());
}

void TestCleanupPlan::keepNewestCountsManualOfEachSource()
{
    // Five manual snapshots of one group, one of them still being created: it is among the newest and kept.
    QList<Spec> specs;
    specs << spec(u"a"_s, 50, false, u"live-rg"_s) << spec(u"b"_s, 40, false, u"live-rg"_s)
          << spec(u"c"_s, 30, false, u"live-rg"_s) << spec(u"d"_s, 20, false, u"live-rg"_s)
          << spec(u"e"_s, 10, false, u"live-rg"_s, QString(), QString(), u"creating"_s)
          << spec(u"automatic.x"_s, 1, true, u"live-rg"_s) << spec(u"automatic.y"_s, 2, true, u"live-rg"_s);
    CleanupRules rules;
    rules.keepNewest = 2;
    const CleanupPlan plan = CleanupPlan::make(input(specs), rules);
    QCOMPARE(names(plan.toDelete()), (QStringList {u"a"_s, u"b"_s, u"c"_s}));
    QCOMPARE(plan.keptNewest(), 2);
    QVERIFY(plan.automatic().isEmpty()); // keepNewest alone says nothing about automatic snapshots

    rules.keepNewest = 0;
    QCOMPARE(CleanupPlan::make(input(specs), rules).toDelete().size(), 4);
    QCOMPARE(CleanupPlan::make(input(specs), rules).notAvailable().size(), 1);
}

void TestCleanupPlan::automaticSnapshotsAreReportedNotDeleted()
{
    CleanupRules rules;
    rules.olderThanDays = 30;
    const CleanupPlan plan = CleanupPlan::make(input(fleet()), rules);
    QCOMPARE(plan.automatic().size(), 1);
    const CleanupAutomatic &a = plan.automatic().first();
    QCOMPARE(a.count, 1);
    QCOMPARE(a.source, u"replication group live-rg"_s);
    QCOMPARE(a.bytes, 1024LL * 1024 * 1024);
    QCOMPARE(a.retentionDays, 35);
    QVERIFY(a.words().contains(u"retention"_s));
    QVERIFY(a.words().contains(u"lower"_s));
    QVERIFY(!names(plan.toDelete()).contains(u"automatic.live-rg-old"_s));
}

void TestCleanupPlan::notAvailableListedWithStatus()
{
    QList<Spec> specs;
    specs << spec(u"copying-old"_s, 90, false, u"live-rg"_s, QString(), QString(), u"copying"_s)
          << spec(u"old"_s, 90, false, u"live-rg"_s)
          << spec(u"exporting-old"_s, 90, false, QString(), QString(), u"live-s"_s, u"copying"_s);
    CleanupRules rules;
    rules.olderThanDays = 30;
    const CleanupPlan plan = CleanupPlan::make(input(specs), rules);
    QCOMPARE(names(plan.toDelete()), QStringList {u"old"_s});
    QCOMPARE(names(plan.notAvailable()), (QStringList {u"copying-old"_s, u"exporting-old"_s}));
    QVERIFY(plan.reasonWords(plan.notAvailable().first()).contains(u"copying"_s));
}

void TestCleanupPlan::skipTagsAndUnreadTagsHeld()
{
    CleanupInput in = input(fleet());
    int asked = 0;
    in.tags = [&asked](const CleanupRow &row) -> std::optional<QList<Tag>> {
        ++asked;
        if (row.entry.name() == u"rg-old-1")
            return QList<Tag> {{u"keep"_s, u"true"_s}};
        if (row.entry.name() == u"rg-old-2")
            return QList<Tag> {{u"keep"_s, u"false"_s}};
        if (row.entry.name() == u"c-old")
            return QList<Tag> {{u"legal-hold"_s, QString()}};
        if (row.entry.name() == u"s-old")
            return std::nullopt; // not read
        return QList<Tag>();
    };
    CleanupRules rules;
    rules.olderThanDays = 30;
    rules.connections = {0};
    rules.skipTags = {{u"keep"_s, u"true"_s}, {u"legal-hold"_s, std::nullopt}};
    const CleanupPlan plan = CleanupPlan::make(in, rules);
    QCOMPARE(names(plan.toDelete()), (QStringList {u"gone-old"_s, u"rg-old-2"_s, u"gonec-old"_s, u"sgone-old"_s}));
    QCOMPARE(plan.keptByTag(), 2);
    QCOMPARE(names(plan.held()), QStringList {u"s-old"_s});
    QCOMPARE(plan.held().first().reason, CleanupItem::Reason::TagsNotRead);
    QCOMPARE(plan.rowsNeedingTags().size(), 1);
    QCOMPARE(in.rows.at(plan.rowsNeedingTags().first()).entry.name(), u"s-old"_s);
    // Tags are asked for only the candidates that would otherwise go (7 manual old ones in connection 0).
    QCOMPARE(asked, 7);

    // No lookup at all: every candidate is held, none deleted.
    in.tags = nullptr;
    const CleanupPlan unread = CleanupPlan::make(in, rules);
    QVERIFY(unread.toDelete().isEmpty());
    QCOMPARE(unread.held().size(), 7);
}

void TestCleanupPlan::unknownSourcesHeld()
{
    CleanupInput in = input(fleet());
    in.connections[1].sources.known = false;
    CleanupRules rules;
    rules.sourceGone = true;
    const CleanupPlan plan = CleanupPlan::make(in, rules);
    QVERIFY(!names(plan.toDelete()).contains(u"other-gone"_s));
    QVERIFY(!names(plan.toDelete()).contains(u"other-old"_s));
    QCOMPARE(names(plan.held()), (QStringList {u"other-old"_s, u"other-gone"_s}));
    QCOMPARE(plan.held().first().reason, CleanupItem::Reason::SourcesNotListed);
}

void TestCleanupPlan::totalsAndCost()
{
    QList<Spec> specs;
    specs << spec(u"a"_s, 90, false, u"gone-rg"_s, QString(), QString(), u"available"_s, 2048)
          << spec(u"b"_s, 90, false, u"gone-rg"_s, QString(), QString(), u"available"_s, 1024)
          << spec(u"c"_s, 90, false, u"gone-rg"_s, QString(), QString(), u"available"_s, 1024, 1);
    CleanupInput in = input(specs);
    in.pricePerGbMonth = 0.085;
    CleanupRules rules;
    rules.olderThanDays = 30;
    const CleanupPlan plan = CleanupPlan::make(in, rules);
    const CleanupTotals totals = plan.totals();
    QCOMPARE(totals.count, 3);
    QCOMPARE(totals.bytes, 4LL * 1024 * 1024 * 1024);
    QCOMPARE(totals.unknownSize, 0);
    QVERIFY(qAbs(totals.monthlyCost - 0.34) < 1e-9);
    QCOMPARE(CleanupPlan::formatBytes(totals.bytes), u"4.0 GB"_s);
    QCOMPARE(CleanupPlan::formatCost(totals.monthlyCost), u"$0.34"_s);
    QCOMPARE(plan.rowsInScope(), 3);

    in.pricePerGbMonth = 0.1;
    QVERIFY(qAbs(CleanupPlan::make(in, rules).totals().monthlyCost - 0.4) < 1e-9);
    in.pricePerGbMonth = -1;
    QVERIFY(!CleanupPlan::make(in, rules).problem().isEmpty());
}

void TestCleanupPlan::csvAndJson()
{
    CleanupRules rules;
    rules.olderThanDays = 30;
    rules.sourceGone = true;
    const CleanupPlan plan = CleanupPlan::make(input(fleet()), rules);
    const QList<QByteArray> lines = plan.toCsv().trimmed().split('\n');
    QVERIFY(plan.toCsv().endsWith("\r\n"));
    QCOMPARE(lines.first().trimmed(),
             "connection,profile,account,region,source,kind,snapshot,status,created,bytes,monthly_cost,action,reason");
    // One line per snapshot to delete plus the automatic source.
    QCOMPARE(lines.size(), 1 + plan.toDelete().size() + plan.automatic().size());
    QVERIFY(lines.at(1).startsWith(
        "0,prod,123456789012,eu-west-1,replication group gone-rg,node-based,gone-old,available,2026-09-02T12:00:00Z,"));
    QVERIFY(lines.at(1).contains(",delete,"));

    const QJsonObject root = QJsonDocument::fromJson(plan.toJson()).object();
    QCOMPARE(root.value(u"Totals"_s).toObject().value(u"Count"_s).toInt(), 4);
    const QJsonArray toDelete = root.value(u"Delete"_s).toArray();
    QCOMPARE(toDelete.size(), 4);
    QCOMPARE(toDelete.at(0).toObject().value(u"SnapshotName"_s).toString(), u"gone-old"_s);
    QCOMPARE(toDelete.at(3).toObject().value(u"SnapshotName"_s).toString(), u"other-gone"_s);
    QCOMPARE(toDelete.at(3).toObject().value(u"Connection"_s).toInt(), 1);
    QCOMPARE(root.value(u"Connections"_s).toArray().at(1).toObject().value(u"Region"_s).toString(), u"us-east-1"_s);
    QCOMPARE(root.value(u"Rules"_s).toObject().value(u"OlderThanDays"_s).toInt(), 30);
    QCOMPARE(root.value(u"PricePerGbMonth"_s).toDouble(), 0.085);
}

// The plan's words count days (one "day"), and hours and minutes where a rule of days needs them: a snapshot a day
// and six hours old under "older than 1 day" said "created 1 days ago (more than 1)".
void TestCleanupPlan::wordsCountDaysAndHours()
{
    CleanupRules rules;
    rules.olderThanDays = 1;
    CleanupInput in = input({spec(u"week-old"_s, 9, false, u"live-rg"_s)});
    for (const auto &[name, seconds] :
         {std::pair(u"three-days"_s, (3 * 24 + 5) * 3600), std::pair(u"thirty-hours"_s, 30 * 3600),
          std::pair(u"just-past"_s, 24 * 3600 + 12 * 60)}) {
        Snapshot snapshot = *entryOf(spec(name, 1, false, u"live-rg"_s)).nodeSnapshot();
        snapshot.nodeSnapshots[0].snapshotCreateTime = kNow.addSecs(-seconds);
        in.rows.append({0, SnapshotEntry(snapshot)});
    }
    const CleanupPlan plan = CleanupPlan::make(in, rules);
    QCOMPARE(rules.words(), u"manual snapshots older than 1 day"_s);
    QStringList reasons;
    for (const CleanupItem &item : plan.toDelete())
        reasons << plan.reasonWords(item);
    QCOMPARE(reasons,
             (QStringList {u"created 9 days ago (more than 1 day)"_s, u"created 3 days 5 hours ago (more than 1 day)"_s,
                           u"created 30 hours ago (more than 1 day)"_s,
                           u"created 24 hours 12 minutes ago (more than 1 day)"_s}));
    rules.olderThanDays = 30;
    QCOMPARE(rules.words(), u"manual snapshots older than 30 days"_s);
}

QTEST_GUILESS_MAIN(TestCleanupPlan)
#include "tst_cleanupplan.moc"
