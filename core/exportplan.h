// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "snapshot.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

// What an export decides before and between calls (cachesnap-cli export-snapshot and wait, the app's Export
// dialog): names, object keys, delays.
namespace ExportPlan {

// "<source>-export-<yyyymmdd-hhmmss>" cleaned and trimmed to the manual-name rules (SnapshotNames::derivedName),
// so it is readable, unique per second and safe as an S3 key prefix.
QString defaultTargetName(const QString &sourceName, const QDateTime &now);

// The objects ElastiCache writes for a node-based export: "<target>-0001.rdb", "<target>-0002.rdb", ... one per
// node snapshot (one per shard), the target name in lowercase.
QStringList nodeBasedObjectKeys(const QString &targetName, const Snapshot &snapshot);
// A serverless export is named after the snapshot itself: "<snapshot>-0001.rdb".
QStringList serverlessObjectKeys(const QString &snapshotName);

// The waiter's next delay: starts at 1 s, grows by half each poll, at most 15 s, never past the deadline.
int nextPollDelayMs(int previousDelayMs, qint64 remainingMs);

} // namespace ExportPlan
