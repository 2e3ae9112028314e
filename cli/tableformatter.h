// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "snapshot.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The "--output table" form: aligned columns for people, one row per item, a count at the end.
namespace TableFormatter {

struct Column
{
    QString header;
    bool alignRight = false;
};

// The widest a cell may be, in characters: a longer value is cut to this width, its last character an ellipsis.
inline constexpr qsizetype maxCellWidth = 80;

// A value as one table cell: control characters (C0, DEL, C1), line and paragraph separators and bidirectional
// controls are escaped C-style (\n, \t, \x1b, \u2028), a backslash is doubled so that an escape cannot
// be forged, and the result is cut to maxWidth characters ending in "…" when longer. Reads only as much of text as
// it shows, so a huge value costs no more than a short one.
QString cell(QStringView text, qsizetype maxWidth = maxCellWidth);

// Pads every column to its widest cell (counted in characters, each cell made safe by cell()), two spaces apart,
// no trailing blanks.
QString render(const QList<Column> &columns, const QList<QStringList> &rows);

QString snapshots(const QList<Snapshot> &snapshots);
QString serverlessSnapshots(const QList<ServerlessCacheSnapshot> &snapshots);
QString cacheClusters(const QList<CacheCluster> &clusters);
QString replicationGroups(const QList<ReplicationGroup> &groups);
QString serverlessCaches(const QList<ServerlessCache> &caches);
QString events(const QList<Event> &events);
QString tags(const QList<Tag> &tags);
QString cacheSubnetGroups(const QList<CacheSubnetGroup> &groups);
QString cacheParameterGroups(const QList<CacheParameterGroup> &groups);
QString cacheEngineVersions(const QList<CacheEngineVersion> &versions);
// One line on a source's automatic backups: "Automatic backups: daily at 05:00-06:00 UTC, kept 7 days, taken from
// cluster x." or "Automatic backups: off (retention 0)."
QString backupSettings(const std::optional<int> &retentionDays, const QString &window, const QString &fromCluster);

// "5.0 MB", "1.5 GB", "812 B"; "-" when unknown (negative).
QString humanSize(qint64 bytes);
// "2024-03-02 04:05 UTC"; "-" when invalid.
QString humanTime(const QDateTime &time);

} // namespace TableFormatter
