// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "heapoptional.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// Value types mirroring the ElastiCache 2015-02-02 model shapes, member for member and in model order.
// A null QString / unset optional means "absent from the answer"; serializers omit absent members.

struct NodeGroupConfiguration
{
    QString nodeGroupId;
    QString slots;
    std::optional<int> replicaCount;
    QString primaryAvailabilityZone;
    QStringList replicaAvailabilityZones;
    QString primaryOutpostArn;
    QStringList replicaOutpostArns;

    bool operator==(const NodeGroupConfiguration &) const = default;
};

struct NodeSnapshot
{
    QString cacheClusterId;
    QString nodeGroupId;
    QString cacheNodeId;
    HeapOptional<NodeGroupConfiguration> nodeGroupConfiguration; // only with ShowNodeGroupConfig
    QString cacheSize; // as the service writes it, e.g. "5 MB"
    QDateTime cacheNodeCreateTime;
    QDateTime snapshotCreateTime;

    bool operator==(const NodeSnapshot &) const = default;
};

struct Snapshot
{
    QString snapshotName;
    QString replicationGroupId;
    QString replicationGroupDescription;
    QString cacheClusterId;
    QString snapshotStatus; // creating | available | restoring | copying | deleting
    QString snapshotSource; // automated | manual
    QString cacheNodeType;
    QString engine;
    QString engineVersion;
    std::optional<int> numCacheNodes;
    QString preferredAvailabilityZone;
    QString preferredOutpostArn;
    QDateTime cacheClusterCreateTime;
    QString preferredMaintenanceWindow;
    QString topicArn;
    std::optional<int> port;
    QString cacheParameterGroupName;
    QString cacheSubnetGroupName;
    QString vpcId;
    std::optional<bool> autoMinorVersionUpgrade;
    std::optional<int> snapshotRetentionLimit;
    QString snapshotWindow;
    std::optional<int> numNodeGroups;
    QString automaticFailover; // enabled | disabled | enabling | disabling
    QList<NodeSnapshot> nodeSnapshots;
    QString kmsKeyId;
    QString arn;
    QString dataTiering; // enabled | disabled

    bool operator==(const Snapshot &) const = default;

    bool isAutomatic() const;
    // Sum of the node snapshots' CacheSize values, in bytes; -1 when none can be read.
    qint64 totalSizeBytes() const;
    // The earliest SnapshotCreateTime of the node snapshots (the instant the backup was taken).
    QDateTime createTime() const;
};

// Parses ElastiCache's CacheSize text ("5 MB", "0 MB", "1.5 GB", "1024 bytes") into bytes; -1 if unreadable.
qint64 parseCacheSize(QStringView text);

struct ServerlessCacheConfiguration
{
    QString serverlessCacheName;
    QString engine;
    QString majorEngineVersion;

    bool operator==(const ServerlessCacheConfiguration &) const = default;
};

struct ServerlessCacheSnapshot
{
    QString serverlessCacheSnapshotName;
    QString arn;
    QString kmsKeyId;
    QString snapshotType; // automatic | manual
    QString status; // creating | available | copying | deleting (exports keep it "copying")
    QDateTime createTime;
    QDateTime expiryTime;
    QString bytesUsedForCache; // a string in the model
    std::optional<ServerlessCacheConfiguration> serverlessCacheConfiguration;

    bool operator==(const ServerlessCacheSnapshot &) const = default;
};

struct Tag
{
    QString key;
    QString value;
    bool operator==(const Tag &) const = default;
};
