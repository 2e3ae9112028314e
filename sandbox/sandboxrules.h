// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "model/elasticache.h"

#include <QList>
#include <QString>

#include <optional>

// The service's rules for the restore, backup-settings and tag operations, as pure functions: each answers the
// error the service would answer (code and message), or nothing when the value passes. The sources of the rules are
// in tests/data/snapshot-rules.md ("Sandbox: restore, backup settings, tags").
namespace SandboxRules {

// Cluster ids (1-50), replication group ids and serverless cache names (1-40): letters, digits and hyphens, a letter
// first, no "--", no trailing hyphen.
std::optional<ApiError> checkIdentifier(const QString &parameter, const QString &value, int maxLength);

// A weekly window "ddd:hh24:mi-ddd:hh24:mi" (PreferredMaintenanceWindow): its start and end in minutes of the week
// (Sunday 00:00 is 0); nullopt when it is not in that form.
struct Range
{
    int start = 0;
    int end = 0; // may be below start when the range wraps around the week (or the day)
    int length(int period) const;
    bool overlaps(const Range &other, int period) const;
};
std::optional<Range> parseWeeklyWindow(const QString &text);
// A daily window "hh24:mi-hh24:mi" (SnapshotWindow), in minutes of the day.
std::optional<Range> parseDailyWindow(const QString &text);

// An empty value is no value: the Modify operations leave the setting as it is (a window cannot be unset).
std::optional<ApiError> checkMaintenanceWindow(const QString &window);
std::optional<ApiError> checkRetention(const std::optional<int> &retention);
std::optional<ApiError> checkSnapshotWindow(const QString &window);
// The snapshot window must not overlap the weekly maintenance window (on any day).
std::optional<ApiError> checkWindowsApart(const QString &snapshotWindow, const QString &maintenanceWindow);
// Serverless DailySnapshotTime: "HH:MM", 24-hour clock, UTC.
std::optional<ApiError> checkDailySnapshotTime(const QString &time);

// Tags: a key of 1-128 and a value of 0-256 Unicode characters (ElastiCache allows any character), no "aws:" key
// prefix; at most 50 on a resource (TagQuotaPerResourceExceeded).
inline constexpr int maxTagsPerResource = 50;
std::optional<ApiError> checkTags(const QList<Tag> &tags);
ApiError tagQuotaExceeded();
// tags merged into existing (a key already there takes the new value), in the order keys were first added.
QList<Tag> mergedTags(const QList<Tag> &existing, const QList<Tag> &added);

// An ElastiCache ARN, "arn:<partition>:elasticache:<region>:<account>:<type>:<name>".
struct Arn
{
    QString partition;
    QString region;
    QString account;
    QString resourceType; // cluster, replicationgroup, snapshot, serverlesscache, serverlesscachesnapshot, …
    QString name;
};
std::optional<Arn> parseArn(const QString &arn);
ApiError invalidArn(const QString &arn);

// An S3 object ARN, "arn:aws:s3:::bucket/key" (no commas in the key, as the API requires).
struct S3Object
{
    QString bucket;
    QString key;
};
std::optional<S3Object> parseS3ObjectArn(const QString &arn);

// The data-tiering node types (r6gd).
bool isDataTieringNodeType(const QString &nodeType);

// "7.1.0" < "7.2.4": dotted versions compared number by number ("6.x" counts as 6.0).
int compareVersions(const QString &a, const QString &b);

} // namespace SandboxRules
