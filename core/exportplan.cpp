// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportplan.h"

#include "snapshotnames.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ExportPlan {

QString defaultTargetName(const QString &sourceName, const QDateTime &now)
{
    const QString suffix = u"export-"_s + now.toUTC().toString(u"yyyyMMdd-HHmmss"_s);
    return SnapshotNames::derivedName(sourceName, suffix, 63);
}

QStringList nodeBasedObjectKeys(const QString &targetName, const Snapshot &snapshot)
{
    const QString name = SnapshotNames::normalized(targetName);
    const qsizetype objects = std::max<qsizetype>(1, snapshot.nodeSnapshots.size());
    QStringList keys;
    for (qsizetype i = 1; i <= objects; ++i)
        keys.append(name + u'-' + u"%1"_s.arg(i, 4, 10, QLatin1Char('0')) + u".rdb"_s);
    return keys;
}

QStringList serverlessObjectKeys(const QString &snapshotName)
{
    return {SnapshotNames::normalized(snapshotName) + u"-0001.rdb"_s};
}

int nextPollDelayMs(int previousDelayMs, qint64 remainingMs)
{
    constexpr int kFirst = 1000;
    constexpr int kMax = 15000;
    const int next = previousDelayMs <= 0 ? kFirst : std::min(kMax, previousDelayMs + previousDelayMs / 2);
    return static_cast<int>(std::clamp<qint64>(remainingMs, 0, next));
}

} // namespace ExportPlan
