// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tableformatter.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace TableFormatter {

namespace {
QString orDash(const QString &text)
{
    return text.isEmpty() ? u"-"_s : text;
}

QString engineText(const QString &engine, const QString &version)
{
    if (engine.isEmpty())
        return u"-"_s;
    return version.isEmpty() ? engine : engine + u' ' + version;
}

QString countLine(qsizetype count, const char *singular, const char *plural)
{
    return u"%1 %2\n"_s.arg(count).arg(QLatin1StringView(count == 1 ? singular : plural));
}

// Characters that would move the cursor, end the line, or reorder what follows it on a terminal.
bool mustEscape(char32_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069) || (c >= 0xd800 && c <= 0xdfff); // the last: a lone surrogate
}

QString escaped(char32_t c)
{
    switch (c) {
    case u'\t':
        return u"\\t"_s;
    case u'\n':
        return u"\\n"_s;
    case u'\r':
        return u"\\r"_s;
    default:
        break;
    }
    if (c < 0x80)
        return u"\\x%1"_s.arg(uint(c), 2, 16, QChar(u'0'));
    return u"\\u%1"_s.arg(uint(c), 4, 16, QChar(u'0'));
}
} // namespace

QString cell(QStringView text, qsizetype maxWidth)
{
    maxWidth = std::max<qsizetype>(maxWidth, 1);
    QString out;
    out.reserve(std::min(text.size(), maxWidth) + 8);
    // Where out may be cut so that an ellipsis still fits: after the last whole character or escape that leaves
    // room for it.
    qsizetype cut = 0;
    qsizetype i = 0;
    while (i < text.size() && out.size() <= maxWidth) {
        char32_t c = text.at(i).unicode();
        qsizetype length = 1;
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            length = 2;
        }
        if (c == u'\\')
            out += u"\\\\"_s;
        else if (mustEscape(c))
            out += escaped(c);
        else
            out += text.mid(i, length);
        i += length;
        if (out.size() < maxWidth)
            cut = out.size();
    }
    if (i == text.size() && out.size() <= maxWidth)
        return out;
    out.truncate(cut);
    out += u'\u2026';
    return out;
}

QString render(const QList<Column> &columns, const QList<QStringList> &rows)
{
    // Cells as the table shows them (bounded, escaped): what is kept and printed is proportional to the output,
    // whatever the size of the values.
    QList<QStringList> shown;
    shown.reserve(rows.size());
    for (const QStringList &row : rows) {
        QStringList cells;
        cells.reserve(columns.size());
        for (qsizetype i = 0; i < columns.size(); ++i)
            cells.append(cell(row.value(i)));
        shown.append(std::move(cells));
    }
    QList<qsizetype> widths;
    for (const Column &c : columns)
        widths.append(cell(c.header).size());
    for (const QStringList &row : shown) {
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row.at(i).size());
    }
    const auto renderRow = [&](const QStringList &cells) -> QString {
        QString line;
        for (qsizetype i = 0; i < columns.size(); ++i) {
            const QString text = cells.value(i);
            if (i > 0)
                line += u"  "_s;
            const bool last = i == columns.size() - 1;
            if (columns.at(i).alignRight)
                line += text.rightJustified(widths.at(i));
            else
                line += last ? text : text.leftJustified(widths.at(i));
        }
        while (line.endsWith(u' '))
            line.chop(1);
        return line + u'\n';
    };
    QStringList headers;
    for (const Column &c : columns)
        headers.append(cell(c.header));
    QString out = renderRow(headers);
    out.reserve(out.size() * (shown.size() + 1));
    for (const QStringList &row : shown)
        out += renderRow(row);
    return out;
}

QString humanSize(qint64 bytes)
{
    if (bytes < 0)
        return u"-"_s;
    constexpr const char *units[] = {"KB", "MB", "GB", "TB"};
    if (bytes < 1024)
        return u"%1 B"_s.arg(bytes);
    double value = static_cast<double>(bytes);
    int unit = -1;
    while (value >= 1024.0 && unit < 3) {
        value /= 1024.0;
        ++unit;
    }
    return u"%1 %2"_s.arg(value, 0, 'f', value < 10 ? 1 : 0).arg(QLatin1StringView(units[unit]));
}

QString humanTime(const QDateTime &time)
{
    if (!time.isValid())
        return u"-"_s;
    return time.toUTC().toString(u"yyyy-MM-dd HH:mm"_s) + u" UTC"_s;
}

QString snapshots(const QList<Snapshot> &snapshots)
{
    if (snapshots.isEmpty())
        return u"No snapshots.\n"_s;
    const QList<Column> columns = {{u"NAME"_s},   {u"STATUS"_s},    {u"SOURCE"_s},     {u"GROUP/CLUSTER"_s},
                                   {u"ENGINE"_s}, {u"NODE TYPE"_s}, {u"SIZE"_s, true}, {u"CREATED"_s}};
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
        return u"No serverless cache snapshots.\n"_s;
    const QList<Column> columns = {{u"NAME"_s},   {u"STATUS"_s},     {u"TYPE"_s},    {u"SERVERLESS CACHE"_s},
                                   {u"ENGINE"_s}, {u"SIZE"_s, true}, {u"CREATED"_s}, {u"EXPIRES"_s}};
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
        return u"No cache clusters.\n"_s;
    const QList<Column> columns
        = {{u"CLUSTER"_s},     {u"STATUS"_s}, {u"REPLICATION GROUP"_s},        {u"ENGINE"_s}, {u"NODE TYPE"_s},
           {u"NODES"_s, true}, {u"ZONE"_s},   {u"SNAPSHOT RETENTION"_s, true}, {u"CREATED"_s}};
    QList<QStringList> rows;
    for (const CacheCluster &c : clusters) {
        rows.append({c.cacheClusterId, orDash(c.cacheClusterStatus), orDash(c.replicationGroupId),
                     engineText(c.engine, c.engineVersion), orDash(c.cacheNodeType),
                     c.numCacheNodes ? QString::number(*c.numCacheNodes) : u"-"_s, orDash(c.preferredAvailabilityZone),
                     c.snapshotRetentionLimit ? u"%1 d"_s.arg(*c.snapshotRetentionLimit) : u"-"_s,
                     humanTime(c.cacheClusterCreateTime.toDateTime())});
    }
    return render(columns, rows) + countLine(clusters.size(), "cache cluster", "cache clusters");
}

QString replicationGroups(const QList<ReplicationGroup> &groups)
{
    if (groups.isEmpty())
        return u"No replication groups.\n"_s;
    const QList<Column> columns
        = {{u"REPLICATION GROUP"_s}, {u"STATUS"_s},        {u"ENGINE"_s},       {u"NODE TYPE"_s},
           {u"SHARDS"_s, true},      {u"MEMBERS"_s, true}, {u"CLUSTER MODE"_s}, {u"SNAPSHOT RETENTION"_s, true},
           {u"DESCRIPTION"_s}};
    QList<QStringList> rows;
    for (const ReplicationGroup &g : groups) {
        const QString clusterMode = g.clusterEnabled ? (*g.clusterEnabled ? u"enabled"_s : u"disabled"_s) : u"-"_s;
        rows.append({g.replicationGroupId, orDash(g.status), orDash(g.engine), orDash(g.cacheNodeType),
                     QString::number(g.nodeGroups.size()), QString::number(g.memberClusters.size()), clusterMode,
                     g.snapshotRetentionLimit ? u"%1 d"_s.arg(*g.snapshotRetentionLimit) : u"-"_s,
                     orDash(g.description)});
    }
    return render(columns, rows) + countLine(groups.size(), "replication group", "replication groups");
}

QString serverlessCaches(const QList<ServerlessCache> &caches)
{
    if (caches.isEmpty())
        return u"No serverless caches.\n"_s;
    const QList<Column> columns = {{u"SERVERLESS CACHE"_s},         {u"STATUS"_s},         {u"ENGINE"_s},
                                   {u"SNAPSHOT RETENTION"_s, true}, {u"DAILY SNAPSHOT"_s}, {u"CREATED"_s}};
    QList<QStringList> rows;
    for (const ServerlessCache &c : caches) {
        rows.append({c.serverlessCacheName, orDash(c.status),
                     engineText(c.engine, c.fullEngineVersion.isEmpty() ? c.majorEngineVersion : c.fullEngineVersion),
                     c.snapshotRetentionLimit ? u"%1 d"_s.arg(*c.snapshotRetentionLimit) : u"-"_s,
                     orDash(c.dailySnapshotTime), humanTime(c.createTime.toDateTime())});
    }
    return render(columns, rows) + countLine(caches.size(), "serverless cache", "serverless caches");
}

QString events(const QList<Event> &events)
{
    if (events.isEmpty())
        return u"No events.\n"_s;
    const QList<Column> columns = {{u"DATE"_s}, {u"SOURCE TYPE"_s}, {u"SOURCE"_s}, {u"MESSAGE"_s}};
    QList<QStringList> rows;
    rows.reserve(events.size());
    for (const Event &e : events) {
        const QDateTime date = e.date.toDateTime();
        rows.append({date.isValid() ? date.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s) + u" UTC"_s : u"-"_s,
                     orDash(e.sourceType), orDash(e.sourceIdentifier), orDash(e.message)});
    }
    return render(columns, rows) + countLine(events.size(), "event", "events");
}

QString tags(const QList<Tag> &tags)
{
    if (tags.isEmpty())
        return u"No tags.\n"_s;
    const QList<Column> columns = {{u"KEY"_s}, {u"VALUE"_s}};
    QList<QStringList> rows;
    rows.reserve(tags.size());
    for (const Tag &t : tags)
        rows.append({t.key, t.value});
    return render(columns, rows) + countLine(tags.size(), "tag", "tags");
}

QString cacheSubnetGroups(const QList<CacheSubnetGroup> &groups)
{
    if (groups.isEmpty())
        return u"No cache subnet groups.\n"_s;
    const QList<Column> columns = {{u"SUBNET GROUP"_s}, {u"VPC"_s}, {u"SUBNETS"_s}, {u"DESCRIPTION"_s}};
    QList<QStringList> rows;
    for (const CacheSubnetGroup &g : groups) {
        QStringList subnets;
        for (const Subnet &subnet : g.subnets)
            subnets.append(subnet.subnetIdentifier);
        rows.append({g.cacheSubnetGroupName, orDash(g.vpcId), subnets.isEmpty() ? u"-"_s : subnets.join(u", "_s),
                     orDash(g.cacheSubnetGroupDescription)});
    }
    return render(columns, rows) + countLine(groups.size(), "cache subnet group", "cache subnet groups");
}

QString cacheParameterGroups(const QList<CacheParameterGroup> &groups)
{
    if (groups.isEmpty())
        return u"No cache parameter groups.\n"_s;
    const QList<Column> columns = {{u"PARAMETER GROUP"_s}, {u"FAMILY"_s}, {u"GLOBAL"_s}, {u"DESCRIPTION"_s}};
    QList<QStringList> rows;
    for (const CacheParameterGroup &g : groups) {
        rows.append({g.cacheParameterGroupName, orDash(g.cacheParameterGroupFamily),
                     g.isGlobal ? (*g.isGlobal ? u"yes"_s : u"no"_s) : u"-"_s, orDash(g.description)});
    }
    return render(columns, rows) + countLine(groups.size(), "cache parameter group", "cache parameter groups");
}

QString cacheEngineVersions(const QList<CacheEngineVersion> &versions)
{
    if (versions.isEmpty())
        return u"No engine versions.\n"_s;
    const QList<Column> columns = {{u"ENGINE"_s}, {u"VERSION"_s}, {u"PARAMETER GROUP FAMILY"_s}, {u"DESCRIPTION"_s}};
    QList<QStringList> rows;
    for (const CacheEngineVersion &v : versions) {
        rows.append({orDash(v.engine), orDash(v.engineVersion), orDash(v.cacheParameterGroupFamily),
                     orDash(v.cacheEngineVersionDescription.isEmpty() ? v.cacheEngineDescription
                                                                      : v.cacheEngineVersionDescription)});
    }
    return render(columns, rows) + countLine(versions.size(), "engine version", "engine versions");
}

QString backupSettings(const std::optional<int> &retentionDays, const QString &window, const QString &fromCluster)
{
    if (!retentionDays)
        return QString();
    if (*retentionDays == 0)
        return u"Automatic backups: off (retention 0).\n"_s;
    QString text = u"Automatic backups: daily"_s;
    if (!window.isEmpty())
        text += u" at "_s + cell(window) + u" UTC"_s;
    text += *retentionDays == 1 ? u", kept 1 day"_s : u", kept %1 days"_s.arg(*retentionDays);
    if (!fromCluster.isEmpty())
        text += u", taken from cluster "_s + cell(fromCluster);
    return text + u".\n"_s;
}

} // namespace TableFormatter
