// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tableformatter.h"

#include <algorithm>

namespace TableFormatter {

namespace {
QString orDash(const QString &text)
{
    return text.isEmpty() ? u"-"_qs : text;
}

QString engineText(const QString &engine, const QString &version)
{
    if (engine.isEmpty())
        return u"-"_qs;
    return version.isEmpty() ? engine : engine + u' ' + version;
}

QString countLine(qsizetype count, const char *singular, const char *plural)
{
    return u"%1 %2\n"_qs.arg(count).arg(QLatin1StringView(count == 1 ? singular : plural));
}
} // namespace

QString render(const QList<Column> &columns, const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const Column &c : columns)
        widths.append(c.header.size());
    for (const QStringList &row : rows) {
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row.at(i).size());
    }
    const auto renderRow = [&](const QStringList &cells) -> QString {
        QString line;
        for (qsizetype i = 0; i < columns.size(); ++i) {
            const QString cell = cells.value(i);
            if (i > 0)
                line += u"  "_qs;
            const bool last = i == columns.size() - 1;
            if (columns.at(i).alignRight)
                line += cell.rightJustified(widths.at(i));
            else
                line += last ? cell : cell.leftJustified(widths.at(i));
        }
        while (line.endsWith(u' '))
            line.chop(1);
        return line + u'\n';
    };
    QStringList headers;
    for (const Column &c : columns)
        headers.append(c.header);
    QString out = renderRow(headers);
    out.reserve(out.size() * (rows.size() + 1));
    for (const QStringList &row : rows)
        out += renderRow(row);
    return out;
}

QString humanSize(qint64 bytes)
{
    if (bytes < 0)
        return u"-"_qs;
    constexpr const char *units[] = {"KB", "MB", "GB", "TB"};
    if (bytes < 1024)
        return u"%1 B"_qs.arg(bytes);
    double value = static_cast<double>(bytes);
    int unit = -1;
    while (value >= 1024.0 && unit < 3) {
        value /= 1024.0;
        ++unit;
    }
    return u"%1 %2"_qs.arg(value, 0, 'f', value < 10 ? 1 : 0).arg(QLatin1StringView(units[unit]));
}

QString humanTime(const QDateTime &time)
{
    if (!time.isValid())
        return u"-"_qs;
    return time.toUTC().toString(u"yyyy-MM-dd HH:mm"_qs) + u" UTC"_qs;
}

QString snapshots(const QList<Snapshot> &snapshots)
{
    if (snapshots.isEmpty())
        return u"No snapshots.\n"_qs;
    const QList<Column> columns = {{u"NAME"_qs},   {u"STATUS"_qs},    {u"SOURCE"_qs},     {u"GROUP/CLUSTER"_qs},
                                   {u"ENGINE"_qs}, {u"NODE TYPE"_qs}, {u"SIZE"_qs, true}, {u"CREATED"_qs}};
    QList<QStringList> rows;
    rows.reserve(snapshots.size());
    for (const Snapshot &s : snapshots) {
        rows.append({s.snapshotName, orDash(s.snapshotStatus), orDash(s.snapshotSource),
                     orDash(s.replicationGroupId.isEmpty() ? s.cacheClusterId : s.replicationGroupId),
                     engineText(s.engine, s.engineVersion), orDash(s.cacheNodeType), humanSize(s.totalSizeBytes()),
                     humanTime(s.createTime())});
    }
    return render(columns, rows) + countLine(snapshots.size(), "snapshot", "snapshots");
}

QString serverlessSnapshots(const QList<ServerlessCacheSnapshot> &snapshots)
{
    if (snapshots.isEmpty())
        return u"No serverless cache snapshots.\n"_qs;
    const QList<Column> columns = {{u"NAME"_qs},   {u"STATUS"_qs},     {u"TYPE"_qs},    {u"SERVERLESS CACHE"_qs},
                                   {u"ENGINE"_qs}, {u"SIZE"_qs, true}, {u"CREATED"_qs}, {u"EXPIRES"_qs}};
    QList<QStringList> rows;
    rows.reserve(snapshots.size());
    for (const ServerlessCacheSnapshot &s : snapshots) {
        const ServerlessCacheConfiguration config
            = s.serverlessCacheConfiguration.value_or(ServerlessCacheConfiguration {});
        bool ok = false;
        const qint64 bytes = s.bytesUsedForCache.toLongLong(&ok);
        rows.append({s.serverlessCacheSnapshotName, orDash(s.status), orDash(s.snapshotType),
                     orDash(config.serverlessCacheName), engineText(config.engine, config.majorEngineVersion),
                     ok ? humanSize(bytes) : orDash(s.bytesUsedForCache), humanTime(s.createTime.toDateTime()),
                     humanTime(s.expiryTime.toDateTime())});
    }
    return render(columns, rows)
        + countLine(snapshots.size(), "serverless cache snapshot", "serverless cache snapshots");
}

QString cacheClusters(const QList<CacheCluster> &clusters)
{
    if (clusters.isEmpty())
        return u"No cache clusters.\n"_qs;
    const QList<Column> columns
        = {{u"CLUSTER"_qs},     {u"STATUS"_qs}, {u"REPLICATION GROUP"_qs},        {u"ENGINE"_qs}, {u"NODE TYPE"_qs},
           {u"NODES"_qs, true}, {u"ZONE"_qs},   {u"SNAPSHOT RETENTION"_qs, true}, {u"CREATED"_qs}};
    QList<QStringList> rows;
    for (const CacheCluster &c : clusters) {
        rows.append({c.cacheClusterId, orDash(c.cacheClusterStatus), orDash(c.replicationGroupId),
                     engineText(c.engine, c.engineVersion), orDash(c.cacheNodeType),
                     c.numCacheNodes ? QString::number(*c.numCacheNodes) : u"-"_qs, orDash(c.preferredAvailabilityZone),
                     c.snapshotRetentionLimit ? u"%1 d"_qs.arg(*c.snapshotRetentionLimit) : u"-"_qs,
                     humanTime(c.cacheClusterCreateTime.toDateTime())});
    }
    return render(columns, rows) + countLine(clusters.size(), "cache cluster", "cache clusters");
}

QString replicationGroups(const QList<ReplicationGroup> &groups)
{
    if (groups.isEmpty())
        return u"No replication groups.\n"_qs;
    const QList<Column> columns
        = {{u"REPLICATION GROUP"_qs}, {u"STATUS"_qs},        {u"ENGINE"_qs},       {u"NODE TYPE"_qs},
           {u"SHARDS"_qs, true},      {u"MEMBERS"_qs, true}, {u"CLUSTER MODE"_qs}, {u"SNAPSHOT RETENTION"_qs, true},
           {u"DESCRIPTION"_qs}};
    QList<QStringList> rows;
    for (const ReplicationGroup &g : groups) {
        const QString clusterMode = g.clusterEnabled ? (*g.clusterEnabled ? u"enabled"_qs : u"disabled"_qs) : u"-"_qs;
        rows.append({g.replicationGroupId, orDash(g.status), orDash(g.engine), orDash(g.cacheNodeType),
                     QString::number(g.nodeGroups.size()), QString::number(g.memberClusters.size()), clusterMode,
                     g.snapshotRetentionLimit ? u"%1 d"_qs.arg(*g.snapshotRetentionLimit) : u"-"_qs,
                     orDash(g.description)});
    }
    return render(columns, rows) + countLine(groups.size(), "replication group", "replication groups");
}

QString serverlessCaches(const QList<ServerlessCache> &caches)
{
    if (caches.isEmpty())
        return u"No serverless caches.\n"_qs;
    const QList<Column> columns = {{u"SERVERLESS CACHE"_qs},         {u"STATUS"_qs},         {u"ENGINE"_qs},
                                   {u"SNAPSHOT RETENTION"_qs, true}, {u"DAILY SNAPSHOT"_qs}, {u"CREATED"_qs}};
    QList<QStringList> rows;
    for (const ServerlessCache &c : caches) {
        rows.append({c.serverlessCacheName, orDash(c.status),
                     engineText(c.engine, c.fullEngineVersion.isEmpty() ? c.majorEngineVersion : c.fullEngineVersion),
                     c.snapshotRetentionLimit ? u"%1 d"_qs.arg(*c.snapshotRetentionLimit) : u"-"_qs,
                     orDash(c.dailySnapshotTime), humanTime(c.createTime.toDateTime())});
    }
    return render(columns, rows) + countLine(caches.size(), "serverless cache", "serverless caches");
}

} // namespace TableFormatter
