// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "snapshot.h"

#include <QList>
#include <QString>

#include <optional>

// Request members for each operation, named as in the model. serializeRequest() in queryserializer.h turns
// them into the form body in model order.

struct DescribeSnapshotsRequest
{
    QString replicationGroupId;
    QString cacheClusterId;
    QString snapshotName;
    QString snapshotSource; // system | user
    std::optional<int> maxRecords; // 20..50; the client pages with 50 when unset
    std::optional<bool> showNodeGroupConfig;
};

struct CreateSnapshotRequest
{
    QString replicationGroupId;
    QString cacheClusterId;
    QString snapshotName;
    QString kmsKeyId;
    QList<Tag> tags;
};

struct CopySnapshotRequest
{
    QString sourceSnapshotName;
    QString targetSnapshotName;
    QString targetBucket;
    QString kmsKeyId;
    QList<Tag> tags;
};

struct DeleteSnapshotRequest
{
    QString snapshotName;
};

struct DescribeCacheClustersRequest
{
    QString cacheClusterId;
    std::optional<int> maxRecords; // 20..100
    std::optional<bool> showCacheNodeInfo;
    std::optional<bool> showCacheClustersNotInReplicationGroups;
};

struct DescribeReplicationGroupsRequest
{
    QString replicationGroupId;
    std::optional<int> maxRecords; // 20..100
};

struct DescribeServerlessCachesRequest
{
    QString serverlessCacheName;
    std::optional<int> maxResults; // 1..100 (model default 50)
};

struct DescribeServerlessCacheSnapshotsRequest
{
    QString serverlessCacheName;
    QString serverlessCacheSnapshotName;
    QString snapshotType;
    std::optional<int> maxResults; // 1..50
};

struct CreateServerlessCacheSnapshotRequest
{
    QString serverlessCacheSnapshotName;
    QString serverlessCacheName;
    QString kmsKeyId;
    QList<Tag> tags;
};

struct CopyServerlessCacheSnapshotRequest
{
    QString sourceServerlessCacheSnapshotName;
    QString targetServerlessCacheSnapshotName;
    QString kmsKeyId;
    QList<Tag> tags;
};

struct DeleteServerlessCacheSnapshotRequest
{
    QString serverlessCacheSnapshotName;
};

struct ExportServerlessCacheSnapshotRequest
{
    QString serverlessCacheSnapshotName;
    QString s3BucketName;
};
