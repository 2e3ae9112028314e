// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apijob.h"
#include "elasticachecall.h"
#include "service/clientconfig.h"
#include "snapshot.h"

#include <QObject>

#include <functional>
#include <memory>

class ServiceClient;

// The ElastiCache API (Query protocol, 2015-02-02): a typed façade over a ServiceClient. Each call returns a
// new job that starts on the next event-loop turn (so the caller can connect first), emits exactly one
// finished(), and deletes itself afterwards. Connect with a context object, or use the job's onFinished().
class ElastiCacheClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ElastiCacheClient)

public:
    explicit ElastiCacheClient(ClientConfig config, QObject *parent = nullptr);
    ~ElastiCacheClient() override;

    const ClientConfig &config() const;
    // Applies the clock offset learned from a clock-skew answer to later requests too.
    qint64 clockOffsetMs() const;
    // Replaces the retry backoff's random source (uniform in [0, 1)); tests pass 0 for immediate retries.
    void setRetryRandomSource(std::function<double()> random);
    std::function<double()> retryRandomSource() const;

    SnapshotListJob *describeSnapshots(const DescribeSnapshotsRequest &request);
    SnapshotJob *createSnapshot(const CreateSnapshotRequest &request);
    SnapshotJob *copySnapshot(const CopySnapshotRequest &request);
    SnapshotJob *deleteSnapshot(const DeleteSnapshotRequest &request);

    CacheClusterListJob *describeCacheClusters(const DescribeCacheClustersRequest &request);
    ReplicationGroupListJob *describeReplicationGroups(const DescribeReplicationGroupsRequest &request);
    ServerlessCacheListJob *describeServerlessCaches(const DescribeServerlessCachesRequest &request);

    ServerlessSnapshotListJob *describeServerlessCacheSnapshots(const DescribeServerlessCacheSnapshotsRequest &request);
    ServerlessSnapshotJob *createServerlessCacheSnapshot(const CreateServerlessCacheSnapshotRequest &request);
    ServerlessSnapshotJob *copyServerlessCacheSnapshot(const CopyServerlessCacheSnapshotRequest &request);
    ServerlessSnapshotJob *deleteServerlessCacheSnapshot(const DeleteServerlessCacheSnapshotRequest &request);
    ServerlessSnapshotJob *exportServerlessCacheSnapshot(const ExportServerlessCacheSnapshotRequest &request);

    // All pages (Marker). Without StartTime or Duration the service returns the last hour; MaxRecords is 20 to 100.
    EventListJob *describeEvents(const DescribeEventsRequest &request);

    // Restore into a new cache: SnapshotName / SnapshotArns (node-based), SnapshotArnsToRestore (serverless).
    CreateReplicationGroupJob *createReplicationGroup(const CreateReplicationGroupRequest &request);
    CreateCacheClusterJob *createCacheCluster(const CreateCacheClusterRequest &request);
    CreateServerlessCacheJob *createServerlessCache(const CreateServerlessCacheRequest &request);

    // Automatic-backup settings (SnapshotRetentionLimit, SnapshotWindow / DailySnapshotTime, SnapshottingClusterId).
    ModifyReplicationGroupJob *modifyReplicationGroup(const ModifyReplicationGroupRequest &request);
    ModifyCacheClusterJob *modifyCacheCluster(const ModifyCacheClusterRequest &request);
    ModifyServerlessCacheJob *modifyServerlessCache(const ModifyServerlessCacheRequest &request);

    // Tags of any ElastiCache resource by ARN; Add and Remove answer with the resource's tags afterwards.
    ListTagsForResourceJob *listTagsForResource(const ListTagsForResourceRequest &request);
    AddTagsToResourceJob *addTagsToResource(const AddTagsToResourceRequest &request);
    RemoveTagsFromResourceJob *removeTagsFromResource(const RemoveTagsFromResourceRequest &request);

    // All pages (Marker), one result holding every item; MaxRecords is 20 to 100.
    DescribeCacheSubnetGroupsJob *describeCacheSubnetGroups(const DescribeCacheSubnetGroupsRequest &request);
    DescribeCacheParameterGroupsJob *describeCacheParameterGroups(const DescribeCacheParameterGroupsRequest &request);
    DescribeCacheEngineVersionsJob *describeCacheEngineVersions(const DescribeCacheEngineVersionsRequest &request);

    // One page each (the request's Marker / NextToken; the result names the next one), for callers that page
    // themselves, several listings at once (SnapshotSweep). MaxRecords / MaxResults are clamped as above.
    DescribeSnapshotsPageJob *describeSnapshotsPage(const DescribeSnapshotsRequest &request);
    DescribeServerlessCacheSnapshotsPageJob *
    describeServerlessCacheSnapshotsPage(const DescribeServerlessCacheSnapshotsRequest &request);
    DescribeCacheClustersPageJob *describeCacheClustersPage(const DescribeCacheClustersRequest &request);
    DescribeReplicationGroupsPageJob *describeReplicationGroupsPage(const DescribeReplicationGroupsRequest &request);
    DescribeServerlessCachesPageJob *describeServerlessCachesPage(const DescribeServerlessCachesRequest &request);

private:
    std::unique_ptr<ServiceClient> m_service;
};
