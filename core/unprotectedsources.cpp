// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "unprotectedsources.h"

namespace UnprotectedSources {

namespace {

void noteFor(LatestBySource &latest, const QString &key, const SnapshotEntry &entry)
{
    Latest &l = latest[key];
    const QDateTime created = entry.created();
    if (!created.isValid())
        return;
    if (!l.any.isValid() || created > l.any) {
        l.any = created;
        l.anyName = entry.name();
    }
    // A snapshot still being created (or copied into) may yet fail, and one being deleted is going: neither
    // protects its source.
    const bool usable
        = entry.status() == SnapshotEntry::Status::Available || entry.status() == SnapshotEntry::Status::Restoring;
    if (!entry.isAutomatic() && usable && (!l.manual.isValid() || created > l.manual))
        l.manual = created;
}

} // namespace

void note(LatestBySource &latest, const SnapshotEntry &entry)
{
    if (entry.isNull())
        return;
    if (entry.kind() == SnapshotEntry::Kind::Serverless) {
        if (!entry.serverlessCache().isEmpty())
            noteFor(latest, CacheSource::keyOf(CacheSource::Kind::ServerlessCache, entry.serverlessCache()), entry);
        return;
    }
    if (!entry.replicationGroup().isEmpty())
        noteFor(latest, CacheSource::keyOf(CacheSource::Kind::ReplicationGroup, entry.replicationGroup()), entry);
    if (!entry.cluster().isEmpty())
        noteFor(latest, CacheSource::keyOf(CacheSource::Kind::CacheCluster, entry.cluster()), entry);
}

LatestBySource collect(const QList<SnapshotEntry> &entries)
{
    LatestBySource latest;
    for (const SnapshotEntry &entry : entries)
        note(latest, entry);
    return latest;
}

Result find(const QList<CacheSource> &sources, const LatestBySource &latest, const QDateTime &now, int days)
{
    Result result;
    const QDateTime cutOff = now.addDays(-qMax(1, days));
    for (const CacheSource &source : sources) {
        if (source.kind == CacheSource::Kind::CacheCluster && !source.replicationGroupId.isEmpty()) {
            ++result.membersSkipped;
            continue;
        }
        if (!source.unsupported.isEmpty()) {
            ++result.unsupportedSkipped;
            continue;
        }
        if (source.settings.retentionDays > 0)
            continue;
        const QDateTime lastManual = latest.value(source.key()).manual;
        if (lastManual.isValid() && lastManual >= cutOff)
            continue;
        result.unprotected.append({source, lastManual});
    }
    return result;
}

} // namespace UnprotectedSources
