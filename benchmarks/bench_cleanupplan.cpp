// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later

// The clean-up plan at scale: N snapshot rows over C connections (25 automatic and 5 manual a source, one a week, a
// twentieth of the sources gone), then times CleanupPlan::make() with the rules combined (older than 30 days AND
// source gone is one run, older than 30 days keeping the newest 2 with a skip tag another), and writing the plan
// as CSV and JSON. Prints figures; asserts nothing, except that the plans are not empty.
//
//   build/dev/benchmarks/bench_cleanupplan [--snapshots 1000000] [--connections 20]

#include "cleanupplan.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

const QDateTime kNow(QDate(2026, 12, 1), QTime(12, 0), Qt::UTC);

struct Fleet
{
    CleanupInput input;
    StringPool pool;
};

void build(Fleet &fleet, int snapshots, int connections)
{
    constexpr int kPerSource = 30;
    const int sources = std::max(1, snapshots / kPerSource);
    fleet.input.now = kNow;
    for (int c = 0; c < connections; ++c) {
        CleanupConnection connection;
        connection.choice.profile = u"profile-%1"_s.arg(c % 4);
        connection.choice.region = u"region-%1"_s.arg(c);
        connection.accountId = u"1234567890%1"_s.arg(c % 4, 2, 10, QChar(u'0'));
        connection.sources.known = true;
        fleet.input.connections.append(connection);
    }
    fleet.input.rows.reserve(snapshots);
    for (int i = 0; i < snapshots; ++i) {
        const int source = i % sources;
        const int connection = source % connections;
        const QString group = u"rg-%1"_s.arg(source);
        if (source % 20 != 0)
            fleet.input.connections[connection].sources.replicationGroups.insert(group);
        const int ordinal = i / sources; // 0 … kPerSource-1 within the source
        const bool automatic = ordinal % 6 != 0; // five manual snapshots a source, 6 weeks apart
        Snapshot s;
        s.snapshotName
            = automatic ? u"automatic.%1-%2"_s.arg(group).arg(ordinal) : u"%1-manual-%2"_s.arg(group).arg(ordinal);
        s.snapshotSource = automatic ? u"automated"_s : u"manual"_s;
        s.snapshotStatus = u"available"_s;
        s.replicationGroupId = group;
        s.engine = u"redis"_s;
        s.snapshotRetentionLimit = automatic ? std::optional<int>(35) : std::nullopt;
        NodeSnapshot node;
        node.snapshotCreateTime = kNow.addSecs(-qint64(ordinal) * 7 * 24 * 3600 - (i % 3600));
        node.cacheSize = u"%1 MB"_s.arg(100 + i % 900);
        s.nodeSnapshots.append(node);
        fleet.input.rows.append({connection, SnapshotEntry(std::move(s), &fleet.pool)});
    }
}

double msOf(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption snapshotsOption(u"snapshots"_s, u"Rows (default 1000000)."_s, u"N"_s, u"1000000"_s);
    const QCommandLineOption connectionsOption(u"connections"_s, u"Connections (default 20)."_s, u"C"_s, u"20"_s);
    parser.addOptions({snapshotsOption, connectionsOption});
    parser.process(app);
    const int snapshots = std::max(1, parser.value(snapshotsOption).toInt());
    const int connections = std::max(1, parser.value(connectionsOption).toInt());

    Fleet fleet;
    QElapsedTimer timer;
    timer.start();
    build(fleet, snapshots, connections);
    std::printf("bench_cleanupplan: %d rows over %d connections built in %.0f ms\n", snapshots, connections,
                msOf(timer));

    CleanupRules gone;
    gone.olderThanDays = 30;
    gone.sourceGone = true;
    timer.restart();
    const CleanupPlan first = CleanupPlan::make(fleet.input, gone);
    const double firstMs = msOf(timer);
    const CleanupTotals firstTotals = first.totals();
    std::printf("  older than 30 days AND source gone: %.0f ms; %lld to delete (%s, %s a month), %lld automatic "
                "sources reported\n",
                firstMs, qlonglong(firstTotals.count), qPrintable(CleanupPlan::formatBytes(firstTotals.bytes)),
                qPrintable(CleanupPlan::formatCost(firstTotals.monthlyCost)), qlonglong(first.automatic().size()));

    CleanupRules keep;
    keep.olderThanDays = 30;
    keep.keepNewest = 2;
    keep.skipTags = {{u"keep"_s, u"true"_s}};
    CleanupInput withTags = fleet.input;
    const QList<Tag> none;
    const QList<Tag> kept {{u"keep"_s, u"true"_s}};
    withTags.tags = [&](const CleanupRow &row) -> std::optional<QList<Tag>> {
        return row.entry.replicationGroup().endsWith(u'7') ? kept : none;
    };
    timer.restart();
    const CleanupPlan second = CleanupPlan::make(withTags, keep);
    const double secondMs = msOf(timer);
    const CleanupTotals secondTotals = second.totals();
    std::printf("  older than 30 days, keep newest 2, skip tag keep=true: %.0f ms; %lld to delete (%s, %s a month), "
                "%lld kept newest, %lld kept by tag\n",
                secondMs, qlonglong(secondTotals.count), qPrintable(CleanupPlan::formatBytes(secondTotals.bytes)),
                qPrintable(CleanupPlan::formatCost(secondTotals.monthlyCost)), qlonglong(second.keptNewest()),
                qlonglong(second.keptByTag()));

    timer.restart();
    const QByteArray csv = second.toCsv();
    const double csvMs = msOf(timer);
    timer.restart();
    const QByteArray json = second.toJson();
    const double jsonMs = msOf(timer);
    std::printf("  CSV of the second plan: %.0f ms (%lld bytes); JSON: %.0f ms (%lld bytes)\n", csvMs,
                qlonglong(csv.size()), jsonMs, qlonglong(json.size()));
    std::printf("rerun: build/dev/benchmarks/bench_cleanupplan --snapshots %d --connections %d\n", snapshots,
                connections);
    return firstTotals.count > 0 && secondTotals.count > 0 ? 0 : 1;
}
