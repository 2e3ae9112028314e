// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>

struct CacheCluster;
struct ReplicationGroup;
struct ServerlessCache;

// Something a snapshot can be taken of.
struct SnapshotSource
{
    Q_DECLARE_TR_FUNCTIONS(SnapshotSource)

public:
    enum class Type { ReplicationGroup, CacheCluster, ServerlessCache };
    Type type = Type::ReplicationGroup;
    QString id;
    QString status; // "available", "modifying", …: a source must be available to be backed up
    QString detail; // engine, node type: shown next to the id
    // Why the service has no backups for it (Memcached clusters, cache.t1.micro without cluster mode), in
    // words for the operator; empty when it can be backed up. See tests/data/snapshot-rules.md.
    QString unsupported;
    QString replicationGroupId {}; // a cluster's group, if it is a node of one
    bool clusterMode = false; // a replication group with cluster mode enabled: its nodes are backed up through it

    bool operator==(const SnapshotSource &) const = default;

    static SnapshotSource fromCluster(const CacheCluster &cluster);
    static SnapshotSource fromReplicationGroup(const ReplicationGroup &group);
    static SnapshotSource fromServerlessCache(const ServerlessCache &cache);
};
