// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "backupsettings.h"

#include "sharedstrings.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

constexpr int kMinutesPerDay = 24 * 60;
constexpr int kMinutesPerWeek = 7 * kMinutesPerDay;

QString tr(const char *text)
{
    return QCoreApplication::translate("BackupRules", text);
}

// Backups exist for Valkey, Redis OSS and Serverless Memcached; not for node-based Memcached, and not for
// cache.t1.micro unless cluster mode is enabled (snapshot-rules.md, [C1]). The same rule as SnapshotSource's.
QString unsupportedReason(const QString &engine, const QString &nodeType, bool clusterMode)
{
    // Shared: a listing has a source for each of up to hundreds of thousands of caches.
    if (engine.compare(u"memcached", Qt::CaseInsensitive) == 0)
        return SharedStrings::shared(tr("Node-based Memcached clusters have no backups: only Valkey, Redis OSS and "
                                        "Serverless Memcached caches can be backed up."));
    if (!clusterMode && nodeType == u"cache.t1.micro")
        return SharedStrings::shared(tr("cache.t1.micro nodes have no backups unless cluster mode is enabled."));
    return QString();
}

// "hh:mm" with two digits each, 00:00 to 23:59.
std::optional<int> parseClock(QStringView text)
{
    static const QRegularExpression clock(u"^([01][0-9]|2[0-3]):([0-5][0-9])$"_s);
    const QRegularExpressionMatch match = clock.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    return match.capturedView(1).toInt() * 60 + match.capturedView(2).toInt();
}

int dayIndex(QStringView day)
{
    static const QStringList days {u"sun"_s, u"mon"_s, u"tue"_s, u"wed"_s, u"thu"_s, u"fri"_s, u"sat"_s};
    for (int i = 0; i < days.size(); ++i)
        if (day.compare(days.at(i), Qt::CaseInsensitive) == 0)
            return i;
    return -1;
}

// Whether point lies on the arc [start, start + length) of a circle of the given circumference.
bool onArc(int point, int start, int length, int circumference)
{
    const int offset = ((point - start) % circumference + circumference) % circumference;
    return offset < length;
}

QString orNone(const QString &value)
{
    return value.isEmpty() ? tr("(none)") : value;
}

bool sendsWindow(const CacheSource &source, const BackupSettings &wanted)
{
    return source.kind != CacheSource::Kind::ServerlessCache && !wanted.snapshotWindow.isEmpty()
        && wanted.snapshotWindow != source.settings.snapshotWindow;
}

bool sendsDailyTime(const CacheSource &source, const BackupSettings &wanted)
{
    return source.kind == CacheSource::Kind::ServerlessCache && !wanted.dailySnapshotTime.isEmpty()
        && wanted.dailySnapshotTime != source.settings.dailySnapshotTime;
}

bool turnsOn(const CacheSource &source, const BackupSettings &wanted)
{
    return source.settings.retentionDays == 0 && wanted.retentionDays > 0;
}

// The snapshotting cluster is sent when it changes, and when backups of a cluster-mode-disabled group are turned
// on ("Must specify both SnapshotRetentionLimit and SnapshottingClusterId to turn on snapshots").
bool sendsSnapshottingCluster(const CacheSource &source, const BackupSettings &wanted)
{
    if (source.kind != CacheSource::Kind::ReplicationGroup || source.clusterMode
        || wanted.snapshottingClusterId.isEmpty())
        return false;
    return wanted.snapshottingClusterId != source.settings.snapshottingClusterId || turnsOn(source, wanted);
}

} // namespace

QString CacheSource::key() const
{
    return keyOf(kind, id);
}

QString CacheSource::keyOf(Kind kind, const QString &id)
{
    switch (kind) {
    case Kind::ReplicationGroup:
        return u"rg/"_s + id;
    case Kind::CacheCluster:
        return u"cc/"_s + id;
    case Kind::ServerlessCache:
        return u"sc/"_s + id;
    }
    return id;
}

QString CacheSource::kindName(Kind kind)
{
    switch (kind) {
    case Kind::ReplicationGroup:
        return tr("Replication group");
    case Kind::CacheCluster:
        return tr("Cluster");
    case Kind::ServerlessCache:
        return tr("Serverless cache");
    }
    return QString();
}

CacheSource CacheSource::fromCluster(const CacheCluster &c)
{
    CacheSource s;
    s.kind = Kind::CacheCluster;
    s.id = c.cacheClusterId;
    s.arn = c.arn;
    s.status = c.cacheClusterStatus;
    s.engine = c.engine;
    s.engineVersion = c.engineVersion;
    s.nodeType = c.cacheNodeType;
    s.replicationGroupId = c.replicationGroupId;
    s.maintenanceWindow = c.preferredMaintenanceWindow;
    s.unsupported = unsupportedReason(c.engine, c.cacheNodeType, false);
    s.settings.retentionDays = c.snapshotRetentionLimit.value_or(0);
    s.settings.snapshotWindow = c.snapshotWindow;
    return s;
}

CacheSource CacheSource::fromReplicationGroup(const ReplicationGroup &g, const QString &maintenanceWindow)
{
    CacheSource s;
    s.kind = Kind::ReplicationGroup;
    s.id = g.replicationGroupId;
    s.arn = g.arn;
    s.status = g.status;
    // Older answers have no Engine in a group's description; every replication group is Valkey or Redis OSS.
    s.engine = g.engine.isEmpty() ? u"redis"_s : g.engine;
    s.nodeType = g.cacheNodeType;
    s.shards = int(g.nodeGroups.size());
    s.clusterMode = g.clusterEnabled.value_or(g.nodeGroups.size() > 1);
    s.memberClusters = QStringList(g.memberClusters.cbegin(), g.memberClusters.cend());
    s.maintenanceWindow = maintenanceWindow;
    s.unsupported = unsupportedReason(s.engine, g.cacheNodeType, s.clusterMode);
    s.settings.retentionDays = g.snapshotRetentionLimit.value_or(0);
    s.settings.snapshotWindow = g.snapshotWindow;
    s.settings.snapshottingClusterId = g.snapshottingClusterId;
    return s;
}

CacheSource CacheSource::fromServerlessCache(const ServerlessCache &c)
{
    CacheSource s;
    s.kind = Kind::ServerlessCache;
    s.id = c.serverlessCacheName;
    s.arn = c.arn;
    s.status = c.status;
    s.engine = c.engine;
    s.engineVersion = c.fullEngineVersion.isEmpty() ? c.majorEngineVersion : c.fullEngineVersion;
    s.settings.retentionDays = c.snapshotRetentionLimit.value_or(0);
    s.settings.dailySnapshotTime = c.dailySnapshotTime;
    return s;
}

namespace BackupRules {

std::optional<DailyWindow> parseSnapshotWindow(const QString &text, QString *reason)
{
    const QStringList parts = text.trimmed().split(u'-');
    // Minutes of the day, -1 when not a time (plain ints: GCC at -O1 took the optionals for uninitialised).
    const int start = parts.size() == 2 ? parseClock(parts.at(0)).value_or(-1) : -1;
    const int end = parts.size() == 2 ? parseClock(parts.at(1)).value_or(-1) : -1;
    if (start < 0 || end < 0) {
        if (reason)
            *reason = tr("Write the backup window as hh24:mi-hh24:mi in UTC, for example 05:00-06:00.");
        return std::nullopt;
    }
    const int length = ((end - start) % kMinutesPerDay + kMinutesPerDay) % kMinutesPerDay;
    if (length < kMinWindowMinutes) {
        if (reason)
            *reason = tr("The backup window must be at least 60 minutes long; %1 is %2 minutes.")
                          .arg(text.trimmed())
                          .arg(length);
        return std::nullopt;
    }
    return DailyWindow {start, length};
}

std::optional<WeeklyWindow> parseMaintenanceWindow(const QString &text, QString *reason)
{
    static const QRegularExpression pattern(u"^([A-Za-z]{3}):([0-9]{2}:[0-9]{2})-([A-Za-z]{3}):([0-9]{2}:[0-9]{2})$"_s);
    const QRegularExpressionMatch match = pattern.match(text.trimmed());
    const int startDay = match.hasMatch() ? dayIndex(match.capturedView(1)) : -1;
    const int endDay = match.hasMatch() ? dayIndex(match.capturedView(3)) : -1;
    const int startTime = match.hasMatch() ? parseClock(match.capturedView(2)).value_or(-1) : -1;
    const int endTime = match.hasMatch() ? parseClock(match.capturedView(4)).value_or(-1) : -1;
    if (startDay < 0 || endDay < 0 || startTime < 0 || endTime < 0) {
        if (reason)
            *reason = tr("A maintenance window is written ddd:hh24:mi-ddd:hh24:mi in UTC, for example "
                         "sun:23:00-mon:01:30.");
        return std::nullopt;
    }
    const int start = startDay * kMinutesPerDay + startTime;
    const int end = endDay * kMinutesPerDay + endTime;
    const int length = ((end - start) % kMinutesPerWeek + kMinutesPerWeek) % kMinutesPerWeek;
    if (length == 0) {
        if (reason)
            *reason = tr("The maintenance window %1 starts and ends at the same time.").arg(text.trimmed());
        return std::nullopt;
    }
    return WeeklyWindow {start, length};
}

std::optional<int> parseDailyTime(const QString &text, QString *reason)
{
    const std::optional<int> time = parseClock(text.trimmed());
    if (!time && reason)
        *reason = tr("Write the daily snapshot time as HH:MM in UTC, for example 04:00.");
    return time;
}

bool overlaps(const DailyWindow &daily, const WeeklyWindow &weekly)
{
    if (daily.lengthMinutes <= 0 || weekly.lengthMinutes <= 0)
        return false;
    for (int day = 0; day < 7; ++day) {
        const int start = day * kMinutesPerDay + daily.startMinute;
        // Two arcs share a point when either starts on the other.
        if (onArc(start, weekly.startMinute, weekly.lengthMinutes, kMinutesPerWeek)
            || onArc(weekly.startMinute, start, daily.lengthMinutes, kMinutesPerWeek))
            return true;
    }
    return false;
}

QString whyNotEditable(const CacheSource &source)
{
    if (!source.unsupported.isEmpty())
        return source.unsupported;
    if (source.kind == CacheSource::Kind::CacheCluster && !source.replicationGroupId.isEmpty())
        return tr("%1 is a member of replication group %2: its automatic backups are set on the group.")
            .arg(source.id, source.replicationGroupId);
    if (source.status != u"available")
        return tr("%1 is %2: its backup settings can be changed once it is available.")
            .arg(source.id, source.status.isEmpty() ? tr("in an unknown state") : source.status);
    return QString();
}

QList<Problem> validate(const CacheSource &source, const BackupSettings &wanted)
{
    QList<Problem> problems;
    if (const QString why = whyNotEditable(source); !why.isEmpty())
        problems.append({Field::Source, why});

    if (wanted.retentionDays < 0 || wanted.retentionDays > kMaxRetentionDays)
        problems.append({Field::Retention,
                         tr("Retention is 0 to 35 days (0 turns automatic backups off); %1 is outside that.")
                             .arg(wanted.retentionDays)});

    if (source.kind == CacheSource::Kind::ServerlessCache) {
        QString reason;
        if (wanted.dailySnapshotTime != source.settings.dailySnapshotTime) {
            if (wanted.dailySnapshotTime.isEmpty())
                problems.append({Field::DailySnapshotTime,
                                 tr("A serverless cache's daily snapshot time cannot be removed, only changed.")});
            else if (!parseDailyTime(wanted.dailySnapshotTime, &reason))
                problems.append({Field::DailySnapshotTime, reason});
        }
        return problems;
    }

    if (wanted.snapshotWindow != source.settings.snapshotWindow) {
        QString reason;
        if (wanted.snapshotWindow.isEmpty()) {
            problems.append({Field::SnapshotWindow,
                             tr("A backup window cannot be removed once set, only changed (without one, the service "
                                "chooses it).")});
        } else if (const std::optional<DailyWindow> daily = parseSnapshotWindow(wanted.snapshotWindow, &reason)) {
            if (const std::optional<WeeklyWindow> weekly = parseMaintenanceWindow(source.maintenanceWindow);
                weekly && overlaps(*daily, *weekly))
                problems.append({Field::SnapshotWindow,
                                 tr("The backup window %1 overlaps the maintenance window %2; the service refuses "
                                    "windows that overlap.")
                                     .arg(wanted.snapshotWindow.trimmed(), source.maintenanceWindow)});
        } else {
            problems.append({Field::SnapshotWindow, reason});
        }
    }

    if (source.kind == CacheSource::Kind::ReplicationGroup) {
        if (source.clusterMode) {
            if (wanted.snapshottingClusterId != source.settings.snapshottingClusterId
                && !wanted.snapshottingClusterId.isEmpty())
                problems.append({Field::SnapshottingCluster,
                                 tr("%1 has cluster mode enabled: every shard is backed up, and no snapshotting "
                                    "cluster can be set.")
                                     .arg(source.id)});
        } else if (!wanted.snapshottingClusterId.isEmpty()
                   && !source.memberClusters.contains(wanted.snapshottingClusterId)) {
            problems.append({Field::SnapshottingCluster,
                             tr("%1 is not a member of %2; the snapshotting cluster must be one of its clusters (%3).")
                                 .arg(wanted.snapshottingClusterId, source.id, source.memberClusters.join(u", "_s))});
        } else if (wanted.snapshottingClusterId.isEmpty() && wanted.retentionDays > 0
                   && (turnsOn(source, wanted) || !source.settings.snapshottingClusterId.isEmpty())) {
            problems.append({Field::SnapshottingCluster,
                             tr("Choose the cluster the daily backup is taken from: the service needs a "
                                "snapshotting cluster to turn automatic backups on.")});
        }
    }
    return problems;
}

bool hasChanges(const CacheSource &source, const BackupSettings &wanted)
{
    return wanted.retentionDays != source.settings.retentionDays || sendsWindow(source, wanted)
        || sendsDailyTime(source, wanted) || sendsSnapshottingCluster(source, wanted);
}

QStringList describeChanges(const CacheSource &source, const BackupSettings &wanted)
{
    QStringList lines;
    const int from = source.settings.retentionDays;
    const int to = wanted.retentionDays;
    if (from != to) {
        if (to == 0)
            lines.append(
                tr("Automatic backups: off (retention %1 → 0 days); no new daily backups are taken.").arg(from));
        else if (from == 0)
            lines.append(tr("Automatic backups: on, kept %1 days (retention 0 → %1).").arg(to));
        else
            lines.append(tr("Retention: %1 → %2 days.").arg(from).arg(to));
    }
    if (sendsWindow(source, wanted))
        lines.append(tr("Backup window (UTC): %1 → %2.")
                         .arg(orNone(source.settings.snapshotWindow), wanted.snapshotWindow.trimmed()));
    if (sendsDailyTime(source, wanted))
        lines.append(tr("Daily snapshot time (UTC): %1 → %2.")
                         .arg(orNone(source.settings.dailySnapshotTime), wanted.dailySnapshotTime.trimmed()));
    if (sendsSnapshottingCluster(source, wanted)
        && wanted.snapshottingClusterId != source.settings.snapshottingClusterId)
        lines.append(tr("Snapshotting cluster: %1 → %2.")
                         .arg(orNone(source.settings.snapshottingClusterId), wanted.snapshottingClusterId));
    return lines;
}

ModifyReplicationGroupMessage replicationGroupRequest(const CacheSource &source, const BackupSettings &wanted)
{
    ModifyReplicationGroupMessage request;
    request.replicationGroupId = source.id;
    if (wanted.retentionDays != source.settings.retentionDays || sendsSnapshottingCluster(source, wanted))
        request.snapshotRetentionLimit = wanted.retentionDays;
    if (sendsWindow(source, wanted))
        request.snapshotWindow = wanted.snapshotWindow.trimmed();
    if (sendsSnapshottingCluster(source, wanted))
        request.snapshottingClusterId = wanted.snapshottingClusterId;
    return request;
}

ModifyCacheClusterMessage cacheClusterRequest(const CacheSource &source, const BackupSettings &wanted)
{
    ModifyCacheClusterMessage request;
    request.cacheClusterId = source.id;
    if (wanted.retentionDays != source.settings.retentionDays)
        request.snapshotRetentionLimit = wanted.retentionDays;
    if (sendsWindow(source, wanted))
        request.snapshotWindow = wanted.snapshotWindow.trimmed();
    return request;
}

ModifyServerlessCacheRequest serverlessCacheRequest(const CacheSource &source, const BackupSettings &wanted)
{
    ModifyServerlessCacheRequest request;
    request.serverlessCacheName = source.id;
    if (wanted.retentionDays != source.settings.retentionDays)
        request.snapshotRetentionLimit = wanted.retentionDays;
    if (sendsDailyTime(source, wanted))
        request.dailySnapshotTime = wanted.dailySnapshotTime.trimmed();
    return request;
}

} // namespace BackupRules
