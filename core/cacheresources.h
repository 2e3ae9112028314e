// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The sources of snapshots, as far as CacheSnap needs them (the model's shapes are larger; members we do
// not use are skipped by the parser like any unknown element).

struct CacheCluster
{
    QString cacheClusterId;
    QString cacheNodeType;
    QString engine;
    QString engineVersion;
    QString cacheClusterStatus;
    std::optional<int> numCacheNodes;
    QString preferredAvailabilityZone;
    QDateTime cacheClusterCreateTime;
    std::optional<bool> autoMinorVersionUpgrade;
    QString replicationGroupId;
    std::optional<int> snapshotRetentionLimit;
    QString snapshotWindow;
    std::optional<bool> atRestEncryptionEnabled;
    QString arn;

    bool operator==(const CacheCluster &) const = default;
};

struct NodeGroup
{
    QString nodeGroupId;
    QString status;
    QString slots;

    bool operator==(const NodeGroup &) const = default;
};

struct ReplicationGroup
{
    QString replicationGroupId;
    QString description;
    QString status;
    QStringList memberClusters; // element <ClusterId>
    QList<NodeGroup> nodeGroups;
    QString snapshottingClusterId;
    QString automaticFailover;
    std::optional<int> snapshotRetentionLimit;
    QString snapshotWindow;
    std::optional<bool> clusterEnabled;
    QString cacheNodeType;
    std::optional<bool> atRestEncryptionEnabled;
    QString kmsKeyId;
    QString arn;
    QDateTime replicationGroupCreateTime;
    QString dataTiering;
    QString engine;

    bool operator==(const ReplicationGroup &) const = default;
};

struct ServerlessCache
{
    QString serverlessCacheName;
    QString description;
    QDateTime createTime;
    QString status;
    QString engine;
    QString majorEngineVersion;
    QString fullEngineVersion;
    QString kmsKeyId;
    QString arn;
    std::optional<int> snapshotRetentionLimit;
    QString dailySnapshotTime;

    bool operator==(const ServerlessCache &) const = default;
};
