// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportplan.h"

#include "snapshotnames.h"

#include <algorithm>

namespace ExportPlan {

QString defaultTargetName(const QString &sourceName, const QDateTime &now)
{
    const QString suffix = u"export-"_qs + now.toUTC().toString(u"yyyyMMdd-HHmmss"_qs);
    return SnapshotNames::derivedName(sourceName, suffix, 63);
}

QStringList nodeBasedObjectKeys(const QString &targetName, const Snapshot &snapshot)
{
    const QString name = SnapshotNames::normalized(targetName);
    QStringList shards;
    for (const NodeSnapshot &node : snapshot.nodeSnapshots) {
        if (!node.nodeGroupId.isEmpty() && !shards.contains(node.nodeGroupId))
            shards.append(node.nodeGroupId);
    }
    if (shards.isEmpty()) {
        const int count = std::max(1, snapshot.numNodeGroups.value_or(1));
        for (int i = 1; i <= count; ++i)
            shards.append(u"%1"_qs.arg(i, 4, 10, QLatin1Char('0')));
    }
    std::sort(shards.begin(), shards.end());
    QStringList keys;
    for (const QString &shard : std::as_const(shards))
        keys.append(name + u'-' + shard + u".rdb"_qs);
    return keys;
}

QStringList serverlessObjectKeys(const QString &snapshotName)
{
    return {SnapshotNames::normalized(snapshotName) + u"-0001.rdb"_qs};
}

int nextPollDelayMs(int previousDelayMs, qint64 remainingMs)
{
    constexpr int kFirst = 1000;
    constexpr int kMax = 15000;
    const int next = previousDelayMs <= 0 ? kFirst : std::min(kMax, previousDelayMs + previousDelayMs / 2);
    return static_cast<int>(std::clamp<qint64>(remainingMs, 0, next));
}

} // namespace ExportPlan
