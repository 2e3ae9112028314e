// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "snapshot.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>

// The JSON documents `aws elasticache …` (awscli v2) prints: API member names in model order, 4-space
// indentation, numbers and booleans typed, absent members omitted, lists the answer had printed even when
// empty, timestamps as Python's
// isoformat() ("2023-11-20T08:30:00+00:00", "2024-03-01T10:00:00.123456+00:00"), non-ASCII unescaped, and
// a final newline. A non-empty marker / next token is printed as the model places it (first).
namespace JsonOutput {

QByteArray describeSnapshots(const QList<Snapshot> &snapshots, const QString &marker = {});
QByteArray snapshotResult(const Snapshot &snapshot); // {"Snapshot": {...}}

// describeSnapshots() written page by page as the pages arrive, so that printing a long list overlaps fetching
// it: finish() gives the very bytes describeSnapshots() gives for all the appended snapshots.
class SnapshotListWriter
{
public:
    SnapshotListWriter();
    ~SnapshotListWriter();
    SnapshotListWriter(const SnapshotListWriter &) = delete;
    SnapshotListWriter &operator=(const SnapshotListWriter &) = delete;

    void append(const QList<Snapshot> &snapshots);
    QByteArray finish(); // the writer is spent afterwards

private:
    struct Private;
    std::unique_ptr<Private> d;
};

QByteArray describeServerlessCacheSnapshots(const QList<ServerlessCacheSnapshot> &snapshots,
                                            const QString &nextToken = {});
QByteArray serverlessSnapshotResult(const ServerlessCacheSnapshot &snapshot); // {"ServerlessCacheSnapshot": {...}}
QByteArray describeCacheClusters(const QList<CacheCluster> &clusters, const QString &marker = {});
QByteArray describeReplicationGroups(const QList<ReplicationGroup> &groups, const QString &marker = {});
QByteArray describeServerlessCaches(const QList<ServerlessCache> &caches, const QString &nextToken = {});
QByteArray describeEvents(const QList<Event> &events, const QString &marker = {});

// awscli v2's form of a timestamp; a Qt::OffsetFromUTC value keeps its offset, anything else prints in UTC.
QString cliTimestamp(const Timestamp &time);

// Compact, lossless conversion for persisting state (the sandbox): the same member names, timestamps as
// ISO 8601 with their precision and offset. fromJson(toJson(x)) == x; a member of the wrong type is an
// ApiError{Kind::Parse}.
QJsonObject toJson(const Snapshot &snapshot);
QJsonObject toJson(const ServerlessCacheSnapshot &snapshot);
ApiResult<Snapshot> snapshotFromJson(const QJsonObject &object);
ApiResult<ServerlessCacheSnapshot> serverlessSnapshotFromJson(const QJsonObject &object);

} // namespace JsonOutput
