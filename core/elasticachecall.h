// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apijob.h"
#include "model/elasticache.h"

#include <functional>
#include <optional>

// One call of an operation of model/elasticache.h whose answer is its whole result structure: the restore
// calls (CreateReplicationGroup, CreateCacheCluster, CreateServerlessCache), the backup-settings calls
// (Modify…), the tag calls and the Describe calls of the account's groups. Listings named in
// ElastiCachePaging follow every Marker and deliver one result holding every page's items.
//
// Like every ApiJob it starts on the next event-loop turn, emits finished() exactly once and deletes itself
// afterwards; ElastiCacheCall<Op>::onFinished() delivers the typed result.
class ElastiCacheCallJob : public ApiJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ElastiCacheCallJob)

public:
    ~ElastiCacheCallJob() override;

Q_SIGNALS:
    void finished();

protected:
    ElastiCacheCallJob(ServiceClient *client, OperationCall call);
};

// Which results are pages: the member holding the items and the one holding the next page's Marker.
template<typename Op> struct ElastiCachePaging
{
    static constexpr bool paged = false;
};

template<> struct ElastiCachePaging<ElastiCacheOperation::DescribeCacheSubnetGroups>
{
    static constexpr bool paged = true;
    static constexpr auto items = &CacheSubnetGroupMessage::cacheSubnetGroups;
    static constexpr auto marker = &CacheSubnetGroupMessage::marker;
};

template<> struct ElastiCachePaging<ElastiCacheOperation::DescribeCacheParameterGroups>
{
    static constexpr bool paged = true;
    static constexpr auto items = &CacheParameterGroupsMessage::cacheParameterGroups;
    static constexpr auto marker = &CacheParameterGroupsMessage::marker;
};

template<> struct ElastiCachePaging<ElastiCacheOperation::DescribeCacheEngineVersions>
{
    static constexpr bool paged = true;
    static constexpr auto items = &CacheEngineVersionMessage::cacheEngineVersions;
    static constexpr auto marker = &CacheEngineVersionMessage::marker;
};

template<typename Op> class ElastiCacheCall final : public ElastiCacheCallJob
{
public:
    using Result = typename Op::Result;

    ElastiCacheCall(ServiceClient *client, QueryParams params);

    QMetaObject::Connection onFinished(const QObject *context, std::function<void(const ApiResult<Result> &)> callable);
    // The result once finished() has been emitted.
    const ApiResult<Result> &result() const;

private:
    PageReader pageReader() override;
    ApiResult<PageRead> takePage(ApiResult<Result> &&page);
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;

    std::optional<ApiResult<Result>> m_result;
    std::optional<Result> m_output; // every page so far
};

using CreateReplicationGroupJob = ElastiCacheCall<ElastiCacheOperation::CreateReplicationGroup>;
using CreateCacheClusterJob = ElastiCacheCall<ElastiCacheOperation::CreateCacheCluster>;
using CreateServerlessCacheJob = ElastiCacheCall<ElastiCacheOperation::CreateServerlessCache>;
using ModifyReplicationGroupJob = ElastiCacheCall<ElastiCacheOperation::ModifyReplicationGroup>;
using ModifyCacheClusterJob = ElastiCacheCall<ElastiCacheOperation::ModifyCacheCluster>;
using ModifyServerlessCacheJob = ElastiCacheCall<ElastiCacheOperation::ModifyServerlessCache>;
using ListTagsForResourceJob = ElastiCacheCall<ElastiCacheOperation::ListTagsForResource>;
using AddTagsToResourceJob = ElastiCacheCall<ElastiCacheOperation::AddTagsToResource>;
using RemoveTagsFromResourceJob = ElastiCacheCall<ElastiCacheOperation::RemoveTagsFromResource>;
using DescribeCacheSubnetGroupsJob = ElastiCacheCall<ElastiCacheOperation::DescribeCacheSubnetGroups>;
using DescribeCacheParameterGroupsJob = ElastiCacheCall<ElastiCacheOperation::DescribeCacheParameterGroups>;
using DescribeCacheEngineVersionsJob = ElastiCacheCall<ElastiCacheOperation::DescribeCacheEngineVersions>;
// One page of a listing (the request's Marker / NextToken), its next token in the result, for callers that page
// themselves (SnapshotSweep).
using DescribeSnapshotsPageJob = ElastiCacheCall<ElastiCacheOperation::DescribeSnapshots>;
using DescribeServerlessCacheSnapshotsPageJob = ElastiCacheCall<ElastiCacheOperation::DescribeServerlessCacheSnapshots>;
using DescribeCacheClustersPageJob = ElastiCacheCall<ElastiCacheOperation::DescribeCacheClusters>;
using DescribeReplicationGroupsPageJob = ElastiCacheCall<ElastiCacheOperation::DescribeReplicationGroups>;
using DescribeServerlessCachesPageJob = ElastiCacheCall<ElastiCacheOperation::DescribeServerlessCaches>;

extern template class ElastiCacheCall<ElastiCacheOperation::CreateReplicationGroup>;
extern template class ElastiCacheCall<ElastiCacheOperation::CreateCacheCluster>;
extern template class ElastiCacheCall<ElastiCacheOperation::CreateServerlessCache>;
extern template class ElastiCacheCall<ElastiCacheOperation::ModifyReplicationGroup>;
extern template class ElastiCacheCall<ElastiCacheOperation::ModifyCacheCluster>;
extern template class ElastiCacheCall<ElastiCacheOperation::ModifyServerlessCache>;
extern template class ElastiCacheCall<ElastiCacheOperation::ListTagsForResource>;
extern template class ElastiCacheCall<ElastiCacheOperation::AddTagsToResource>;
extern template class ElastiCacheCall<ElastiCacheOperation::RemoveTagsFromResource>;
extern template class ElastiCacheCall<ElastiCacheOperation::DescribeCacheSubnetGroups>;
extern template class ElastiCacheCall<ElastiCacheOperation::DescribeCacheParameterGroups>;
extern template class ElastiCacheCall<ElastiCacheOperation::DescribeCacheEngineVersions>;
extern template class ElastiCacheCall<ElastiCacheOperation::DescribeSnapshots>;
extern template class ElastiCacheCall<ElastiCacheOperation::DescribeServerlessCacheSnapshots>;
extern template class ElastiCacheCall<ElastiCacheOperation::DescribeCacheClusters>;
extern template class ElastiCacheCall<ElastiCacheOperation::DescribeReplicationGroups>;
extern template class ElastiCacheCall<ElastiCacheOperation::DescribeServerlessCaches>;
