// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/elasticache.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// A cache snapshots can be taken of (a replication group, a cluster, a serverless cache) with its automatic-backup
// settings, as the service describes it. Plain values: the Caches view, the backup-settings dialog and the
// "sources without backups" check read them. The rules and their sources: tests/data/snapshot-rules.md,
// "Automatic-backup settings".
struct BackupSettings
{
    int retentionDays = 0; // 0: no automatic backups
    QString snapshotWindow; // node-based: "hh24:mi-hh24:mi" (UTC); empty: the service chooses
    QString dailySnapshotTime; // serverless: "HH:MM" (UTC)
    QString snapshottingClusterId; // a cluster-mode-disabled replication group's member that is backed up

    bool operator==(const BackupSettings &) const = default;
};

struct CacheSource
{
    Q_DECLARE_TR_FUNCTIONS(CacheSource)

public:
    enum class Kind { ReplicationGroup, CacheCluster, ServerlessCache };

    Kind kind = Kind::ReplicationGroup;
    QString id;
    QString arn;
    QString status;
    QString engine;
    QString engineVersion;
    QString nodeType;
    bool clusterMode = false; // a replication group with cluster mode enabled
    int shards = 0; // a replication group's node groups
    QStringList memberClusters; // a replication group's clusters
    QString replicationGroupId; // a cluster's group, when it is a member of one
    QString maintenanceWindow; // "ddd:hh24:mi-ddd:hh24:mi" (UTC); a group's is its members'
    // Why the service keeps no backups of it (node-based Memcached, cache.t1.micro without cluster mode); empty
    // when it can have them.
    QString unsupported;
    BackupSettings settings;

    bool operator==(const CacheSource &) const = default;

    // "rg/<id>", "cc/<id>", "sc/<id>": one key space for the three kinds.
    QString key() const;
    static QString keyOf(Kind kind, const QString &id);
    static QString kindName(Kind kind); // "Replication group", "Cluster", "Serverless cache"

    static CacheSource fromCluster(const CacheCluster &cluster);
    // A group's description has no maintenance window: it is its members', so pass one of theirs.
    static CacheSource fromReplicationGroup(const ReplicationGroup &group, const QString &maintenanceWindow = {});
    static CacheSource fromServerlessCache(const ServerlessCache &cache);
};

namespace BackupRules {

inline constexpr int kMaxRetentionDays = 35;
inline constexpr int kMinWindowMinutes = 60;

// A daily window in minutes after midnight UTC; it may run past midnight.
struct DailyWindow
{
    int startMinute = 0;
    int lengthMinutes = 0;
};

// A weekly window in minutes after Sunday 00:00 UTC; it may run past Saturday night.
struct WeeklyWindow
{
    int startMinute = 0;
    int lengthMinutes = 0;
};

// Each parser gives nullopt and the reason (in words for the operator) for text it refuses.
std::optional<DailyWindow> parseSnapshotWindow(const QString &text, QString *reason = nullptr);
std::optional<WeeklyWindow> parseMaintenanceWindow(const QString &text, QString *reason = nullptr);
std::optional<int> parseDailyTime(const QString &text, QString *reason = nullptr); // minutes after midnight
// Whether some day's snapshot window shares a minute with the weekly maintenance window (windows that only touch,
// one ending at the minute the other starts, do not overlap).
bool overlaps(const DailyWindow &daily, const WeeklyWindow &weekly);

enum class Field { Source, Retention, SnapshotWindow, DailySnapshotTime, SnapshottingCluster };

struct Problem
{
    Field field = Field::Source;
    QString reason;

    bool operator==(const Problem &) const = default;
};

// Why the source's backup settings cannot be changed at all (empty when they can): no backups for its engine or
// node type, a member of a replication group (set on the group), not available.
QString whyNotEditable(const CacheSource &source);

// What is wrong with wanted for source, every problem in the order of the fields; empty when it may be sent.
// Only what changes is checked against the service's rules, as only that is sent (see the request builders).
QList<Problem> validate(const CacheSource &source, const BackupSettings &wanted);

// The settings the operator can change for this kind, filled from the source.
bool hasChanges(const CacheSource &source, const BackupSettings &wanted);
// The changes in words, one line each ("Retention: 0 → 7 days").
QStringList describeChanges(const CacheSource &source, const BackupSettings &wanted);

// The requests that change what differs (and only that; nothing else of the cache). A cluster-mode-disabled
// group whose automatic backups are turned on also names its snapshotting cluster, as the service requires.
// ApplyImmediately is not sent: backup settings take effect at once, and sending it would also apply the
// cache's other pending modifications.
ModifyReplicationGroupMessage replicationGroupRequest(const CacheSource &source, const BackupSettings &wanted);
ModifyCacheClusterMessage cacheClusterRequest(const CacheSource &source, const BackupSettings &wanted);
ModifyServerlessCacheRequest serverlessCacheRequest(const CacheSource &source, const BackupSettings &wanted);

} // namespace BackupRules
