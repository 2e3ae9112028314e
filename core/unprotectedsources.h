// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "backupsettings.h"
#include "snapshotentry.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>

// The sources without backups: every cache whose retention is 0 (no automatic backups) and which has no manual
// snapshot in the last N days. Pure functions over the sources and the snapshots the window already has.
namespace UnprotectedSources {

// The newest snapshots of one source among those seen.
struct Latest
{
    QDateTime any; // any snapshot, automatic or manual, whatever its status
    QString anyName;
    QDateTime manual; // the newest usable manual snapshot (available, or being restored from)
};

// By CacheSource::key(). A node-based snapshot counts for its replication group and for its cluster (a
// cluster-mode-disabled group's snapshot names both); a serverless snapshot for its serverless cache.
using LatestBySource = QHash<QString, Latest>;

// Notes one snapshot; the keys whose newest snapshots it changed are added to changed, when given.
void note(LatestBySource &latest, const SnapshotEntry &entry, QSet<QString> *changed = nullptr);
LatestBySource collect(const QList<SnapshotEntry> &entries);

struct Finding
{
    CacheSource source;
    QDateTime lastManual; // invalid: none among the snapshots seen
};

struct Result
{
    QList<Finding> unprotected; // in the order of sources
    // Sources not judged: members of a replication group (protected or not through their group) and caches that
    // cannot have backups at all (node-based Memcached, cache.t1.micro without cluster mode).
    int membersSkipped = 0;
    int unsupportedSkipped = 0;
};

// now - days is the cut-off: a manual snapshot created at or after it protects its source. days < 1 counts as 1.
Result find(const QList<CacheSource> &sources, const LatestBySource &latest, const QDateTime &now, int days);

// What find() makes of one source, for callers that walk their own rows (a table of hundreds of thousands of
// sources need not copy them into a list).
enum class Verdict { Protected, Unprotected, MemberSkipped, UnsupportedSkipped };
QDateTime cutOff(const QDateTime &now, int days);
Verdict judge(const CacheSource &source, const QDateTime &lastManual, const QDateTime &cutOff);

} // namespace UnprotectedSources
