// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotsource.h"

#include "sharedstrings.h"
#include "snapshot.h"

namespace {

// Backups exist for Valkey, Redis OSS and Serverless Memcached; not for node-based Memcached, and not for
// cache.t1.micro unless cluster mode is enabled (snapshot-rules.md, [C1]; the service answers
// SnapshotFeatureNotSupportedFault).
QString unsupportedReason(const QString &engine, const QString &nodeType, bool clusterMode)
{
    // Shared: a listing has a source for each of up to hundreds of thousands of caches.
    if (engine.compare(u"memcached", Qt::CaseInsensitive) == 0)
        return SharedStrings::shared(SnapshotSource::tr(
            "Node-based Memcached clusters have no backups: only Valkey, Redis OSS and Serverless Memcached "
            "caches can be snapshotted."));
    if (!clusterMode && nodeType == u"cache.t1.micro")
        return SharedStrings::shared(SnapshotSource::tr(
            "cache.t1.micro nodes have no backups unless cluster mode is enabled; move the cluster to a "
            "current node type to back it up."));
    return QString();
}

} // namespace

SnapshotSource SnapshotSource::fromCluster(const CacheCluster &c)
{
    QString detail = QString(c.engine + u' ' + c.cacheNodeType).trimmed();
    if (!c.replicationGroupId.isEmpty())
        detail += tr(", in %1").arg(c.replicationGroupId);
    // Whether a member's group has cluster mode is not in the cluster's description; the members of a
    // cluster-mode group are backed up through their group, so a cluster is judged as cluster mode disabled.
    return {Type::CacheCluster,
            c.cacheClusterId,
            c.cacheClusterStatus,
            SharedStrings::shared(detail), // few distinct details among many sources
            unsupportedReason(c.engine, c.cacheNodeType, false),
            c.replicationGroupId};
}

SnapshotSource SnapshotSource::fromReplicationGroup(const ReplicationGroup &g)
{
    const QString detail = QString(g.engine + u' ' + g.cacheNodeType).trimmed()
        + (g.nodeGroups.size() > 1 ? tr(", %1 shards").arg(g.nodeGroups.size()) : QString());
    const bool clusterMode = g.clusterEnabled.value_or(g.nodeGroups.size() > 1);
    return {Type::ReplicationGroup,
            g.replicationGroupId,
            g.status,
            SharedStrings::shared(detail),
            unsupportedReason(g.engine, g.cacheNodeType, clusterMode),
            QString(),
            clusterMode};
}

SnapshotSource SnapshotSource::fromServerlessCache(const ServerlessCache &c)
{
    // Serverless Memcached has backups.
    return {Type::ServerlessCache, c.serverlessCacheName, c.status,
            SharedStrings::shared(QString(c.engine + u' ' + c.majorEngineVersion).trimmed()), QString()};
}
