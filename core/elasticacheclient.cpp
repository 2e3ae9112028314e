// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "elasticacheclient.h"

#include "queryserializer.h"
#include "service/queryprotocol.h"
#include "service/serviceclient.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
// MaxRecords / MaxResults outside the model's range is an InvalidParameterValue from the service; clamp instead.
std::optional<int> clamp(std::optional<int> value, int low, int high)
{
    if (!value)
        return value;
    return std::clamp(*value, low, high);
}
} // namespace

ElastiCacheClient::ElastiCacheClient(ClientConfig config, QObject *parent)
    : QObject(parent)
    , m_service(std::make_unique<ServiceClient>(std::move(config), std::make_unique<QueryProtocol>(u"2015-02-02"_s)))
{
}

ElastiCacheClient::~ElastiCacheClient()
{
    // Before the members go: a finished() slot may still look at this client.
    m_service->cancelAll(u"The client was destroyed."_s);
}

const ClientConfig &ElastiCacheClient::config() const
{
    return m_service->config();
}

qint64 ElastiCacheClient::clockOffsetMs() const
{
    return m_service->clockOffsetMs();
}

void ElastiCacheClient::setRetryRandomSource(std::function<double()> random)
{
    m_service->setRetryRandomSource(std::move(random));
}

std::function<double()> ElastiCacheClient::retryRandomSource() const
{
    return m_service->retryRandomSource();
}

SnapshotListJob *ElastiCacheClient::describeSnapshots(const DescribeSnapshotsRequest &request)
{
    DescribeSnapshotsRequest r = request;
    r.maxRecords = clamp(r.maxRecords, 20, 50);
    return new SnapshotListJob(m_service.get(), QuerySerializer::params(r));
}

SnapshotJob *ElastiCacheClient::createSnapshot(const CreateSnapshotRequest &request)
{
    return new SnapshotJob(m_service.get(), u"CreateSnapshot"_s, QuerySerializer::params(request));
}

SnapshotJob *ElastiCacheClient::copySnapshot(const CopySnapshotRequest &request)
{
    return new SnapshotJob(m_service.get(), u"CopySnapshot"_s, QuerySerializer::params(request));
}

SnapshotJob *ElastiCacheClient::deleteSnapshot(const DeleteSnapshotRequest &request)
{
    return new SnapshotJob(m_service.get(), u"DeleteSnapshot"_s, QuerySerializer::params(request));
}

CacheClusterListJob *ElastiCacheClient::describeCacheClusters(const DescribeCacheClustersRequest &request)
{
    DescribeCacheClustersRequest r = request;
    r.maxRecords = clamp(r.maxRecords, 20, 100);
    return new CacheClusterListJob(m_service.get(), QuerySerializer::params(r));
}

ReplicationGroupListJob *ElastiCacheClient::describeReplicationGroups(const DescribeReplicationGroupsRequest &request)
{
    DescribeReplicationGroupsRequest r = request;
    r.maxRecords = clamp(r.maxRecords, 20, 100);
    return new ReplicationGroupListJob(m_service.get(), QuerySerializer::params(r));
}

ServerlessCacheListJob *ElastiCacheClient::describeServerlessCaches(const DescribeServerlessCachesRequest &request)
{
    DescribeServerlessCachesRequest r = request;
    r.maxResults = clamp(r.maxResults, 1, 100);
    return new ServerlessCacheListJob(m_service.get(), QuerySerializer::params(r));
}

ServerlessSnapshotListJob *
ElastiCacheClient::describeServerlessCacheSnapshots(const DescribeServerlessCacheSnapshotsRequest &request)
{
    DescribeServerlessCacheSnapshotsRequest r = request;
    r.maxResults = clamp(r.maxResults, 1, 50);
    return new ServerlessSnapshotListJob(m_service.get(), QuerySerializer::params(r));
}

ServerlessSnapshotJob *
ElastiCacheClient::createServerlessCacheSnapshot(const CreateServerlessCacheSnapshotRequest &request)
{
    return new ServerlessSnapshotJob(m_service.get(), u"CreateServerlessCacheSnapshot"_s,
                                     QuerySerializer::params(request));
}

ServerlessSnapshotJob *ElastiCacheClient::copyServerlessCacheSnapshot(const CopyServerlessCacheSnapshotRequest &request)
{
    return new ServerlessSnapshotJob(m_service.get(), u"CopyServerlessCacheSnapshot"_s,
                                     QuerySerializer::params(request));
}

ServerlessSnapshotJob *
ElastiCacheClient::deleteServerlessCacheSnapshot(const DeleteServerlessCacheSnapshotRequest &request)
{
    return new ServerlessSnapshotJob(m_service.get(), u"DeleteServerlessCacheSnapshot"_s,
                                     QuerySerializer::params(request));
}

ServerlessSnapshotJob *
ElastiCacheClient::exportServerlessCacheSnapshot(const ExportServerlessCacheSnapshotRequest &request)
{
    return new ServerlessSnapshotJob(m_service.get(), u"ExportServerlessCacheSnapshot"_s,
                                     QuerySerializer::params(request));
}

EventListJob *ElastiCacheClient::describeEvents(const DescribeEventsRequest &request)
{
    DescribeEventsRequest r = request;
    r.maxRecords = clamp(r.maxRecords, 20, 100);
    return new EventListJob(m_service.get(), QuerySerializer::params(r));
}

CreateReplicationGroupJob *ElastiCacheClient::createReplicationGroup(const CreateReplicationGroupRequest &request)
{
    return new CreateReplicationGroupJob(m_service.get(), QuerySerializer::params(request));
}

CreateCacheClusterJob *ElastiCacheClient::createCacheCluster(const CreateCacheClusterRequest &request)
{
    return new CreateCacheClusterJob(m_service.get(), QuerySerializer::params(request));
}

CreateServerlessCacheJob *ElastiCacheClient::createServerlessCache(const CreateServerlessCacheRequest &request)
{
    return new CreateServerlessCacheJob(m_service.get(), QuerySerializer::params(request));
}

ModifyReplicationGroupJob *ElastiCacheClient::modifyReplicationGroup(const ModifyReplicationGroupRequest &request)
{
    return new ModifyReplicationGroupJob(m_service.get(), QuerySerializer::params(request));
}

ModifyCacheClusterJob *ElastiCacheClient::modifyCacheCluster(const ModifyCacheClusterRequest &request)
{
    return new ModifyCacheClusterJob(m_service.get(), QuerySerializer::params(request));
}

ModifyServerlessCacheJob *ElastiCacheClient::modifyServerlessCache(const ModifyServerlessCacheRequest &request)
{
    return new ModifyServerlessCacheJob(m_service.get(), QuerySerializer::params(request));
}

ListTagsForResourceJob *ElastiCacheClient::listTagsForResource(const ListTagsForResourceRequest &request)
{
    return new ListTagsForResourceJob(m_service.get(), QuerySerializer::params(request));
}

AddTagsToResourceJob *ElastiCacheClient::addTagsToResource(const AddTagsToResourceRequest &request)
{
    return new AddTagsToResourceJob(m_service.get(), QuerySerializer::params(request));
}

RemoveTagsFromResourceJob *ElastiCacheClient::removeTagsFromResource(const RemoveTagsFromResourceRequest &request)
{
    return new RemoveTagsFromResourceJob(m_service.get(), QuerySerializer::params(request));
}

DescribeCacheSubnetGroupsJob *
ElastiCacheClient::describeCacheSubnetGroups(const DescribeCacheSubnetGroupsRequest &request)
{
    DescribeCacheSubnetGroupsRequest r = request;
    r.maxRecords = clamp(r.maxRecords, 20, 100);
    return new DescribeCacheSubnetGroupsJob(m_service.get(), QuerySerializer::params(r));
}

DescribeCacheParameterGroupsJob *
ElastiCacheClient::describeCacheParameterGroups(const DescribeCacheParameterGroupsRequest &request)
{
    DescribeCacheParameterGroupsRequest r = request;
    r.maxRecords = clamp(r.maxRecords, 20, 100);
    return new DescribeCacheParameterGroupsJob(m_service.get(), QuerySerializer::params(r));
}

DescribeCacheEngineVersionsJob *
ElastiCacheClient::describeCacheEngineVersions(const DescribeCacheEngineVersionsRequest &request)
{
    DescribeCacheEngineVersionsRequest r = request;
    r.maxRecords = clamp(r.maxRecords, 20, 100);
    return new DescribeCacheEngineVersionsJob(m_service.get(), QuerySerializer::params(r));
}

DescribeSnapshotsPageJob *ElastiCacheClient::describeSnapshotsPage(const DescribeSnapshotsRequest &request)
{
    DescribeSnapshotsRequest r = request;
    r.maxRecords = clamp(r.maxRecords, 20, 50);
    return new DescribeSnapshotsPageJob(m_service.get(), QuerySerializer::params(r));
}

DescribeServerlessCacheSnapshotsPageJob *
ElastiCacheClient::describeServerlessCacheSnapshotsPage(const DescribeServerlessCacheSnapshotsRequest &request)
{
    DescribeServerlessCacheSnapshotsRequest r = request;
    r.maxResults = clamp(r.maxResults, 1, 50);
    return new DescribeServerlessCacheSnapshotsPageJob(m_service.get(), QuerySerializer::params(r));
}

DescribeCacheClustersPageJob *ElastiCacheClient::describeCacheClustersPage(const DescribeCacheClustersRequest &request)
{
    DescribeCacheClustersRequest r = request;
    r.maxRecords = clamp(r.maxRecords, 20, 100);
    return new DescribeCacheClustersPageJob(m_service.get(), QuerySerializer::params(r));
}

DescribeReplicationGroupsPageJob *
ElastiCacheClient::describeReplicationGroupsPage(const DescribeReplicationGroupsRequest &request)
{
    DescribeReplicationGroupsRequest r = request;
    r.maxRecords = clamp(r.maxRecords, 20, 100);
    return new DescribeReplicationGroupsPageJob(m_service.get(), QuerySerializer::params(r));
}

DescribeServerlessCachesPageJob *
ElastiCacheClient::describeServerlessCachesPage(const DescribeServerlessCachesRequest &request)
{
    DescribeServerlessCachesRequest r = request;
    r.maxResults = clamp(r.maxResults, 1, 100);
    return new DescribeServerlessCachesPageJob(m_service.get(), QuerySerializer::params(r));
}
