// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "unprotectedsources.h"

namespace UnprotectedSources {

namespace {

void noteFor(LatestBySource &latest, const QString &key, const SnapshotEntry &entry, QSet<QString> *changed)
{
    Latest &l = latest[key];
    const QDateTime created = entry.created();
    if (!created.isValid())
        return;
    bool newer = false;
    if (!l.any.isValid() || created > l.any) {
        l.any = created;
        l.anyName = entry.name();
        newer = true;
    }
    // A snapshot still being created (or copied into) may yet fail, and one being deleted is going: neither
    // protects its source.
    const bool usable
        = entry.status() == SnapshotEntry::Status::Available || entry.status() == SnapshotEntry::Status::Restoring;
    if (!entry.isAutomatic() && usable && (!l.manual.isValid() || created > l.manual)) {
        l.manual = created;
        newer = true;
    }
    if (newer && changed)
        changed->insert(key);
}

} // namespace

void note(LatestBySource &latest, const SnapshotEntry &entry, QSet<QString> *changed)
{
    if (entry.isNull())
        return;
    if (entry.kind() == SnapshotEntry::Kind::Serverless) {
        if (!entry.serverlessCache().isEmpty())
            noteFor(latest, CacheSource::keyOf(CacheSource::Kind::ServerlessCache, entry.serverlessCache()), entry,
                    changed);
        return;
    }
    if (!entry.replicationGroup().isEmpty())
        noteFor(latest, CacheSource::keyOf(CacheSource::Kind::ReplicationGroup, entry.replicationGroup()), entry,
                changed);
    if (!entry.cluster().isEmpty())
        noteFor(latest, CacheSource::keyOf(CacheSource::Kind::CacheCluster, entry.cluster()), entry, changed);
}

LatestBySource collect(const QList<SnapshotEntry> &entries)
{
    LatestBySource latest;
    for (const SnapshotEntry &entry : entries)
        note(latest, entry);
    return latest;
}

QDateTime cutOff(const QDateTime &now, int days)
{
    return now.addDays(-qMax(1, days));
}

Verdict judge(const CacheSource &source, const QDateTime &lastManual, const QDateTime &cutOff)
{
    if (source.kind == CacheSource::Kind::CacheCluster && !source.replicationGroupId.isEmpty())
        return Verdict::MemberSkipped;
    if (!source.unsupported.isEmpty())
        return Verdict::UnsupportedSkipped;
    if (source.settings.retentionDays > 0)
        return Verdict::Protected;
    if (lastManual.isValid() && lastManual >= cutOff)
        return Verdict::Protected;
    return Verdict::Unprotected;
}

Result find(const QList<CacheSource> &sources, const LatestBySource &latest, const QDateTime &now, int days)
{
    Result result;
    const QDateTime cut = cutOff(now, days);
    for (const CacheSource &source : sources) {
        const QDateTime lastManual = latest.value(source.key()).manual;
        switch (judge(source, lastManual, cut)) {
        case Verdict::MemberSkipped:
            ++result.membersSkipped;
            break;
        case Verdict::UnsupportedSkipped:
            ++result.unsupportedSkipped;
            break;
        case Verdict::Unprotected:
            result.unprotected.append({source, lastManual});
            break;
        case Verdict::Protected:
            break;
        }
    }
    return result;
}

} // namespace UnprotectedSources
