// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxhandler.h"

#include "sandboxerrors.h"
#include "sandboxstate.h"
#include "sandboxxml.h"

#include "model/queryparams.h"

using namespace Qt::StringLiterals;
using namespace SandboxErrors;

namespace {

// A tag without a Key (Tags.Tag.1.Value alone) is the service's InvalidParameterValue.
template<typename Request> std::optional<ApiError> tagProblem(const Request &request)
{
    if constexpr (requires { request.tags; }) {
        for (qsizetype i = 0; i < request.tags.size(); ++i) {
            if (request.tags.at(i).key.isNull())
                return invalidParameterValue(u"Tag %1 has no Key."_s.arg(i + 1));
        }
    }
    return std::nullopt;
}

template<typename T, typename Write>
SandboxResponse answer(const QString &action, const ApiResult<T> &result, const QString &requestId, Write write)
{
    if (!result.ok())
        return SandboxHandler::errorResponse(result.error(), action, requestId);
    SandboxResponse response;
    response.action = action;
    response.body = write(result.value());
    return response;
}

} // namespace

namespace SandboxHandler {

SandboxResponse errorResponse(const ApiError &error, const QString &action, const QString &requestId)
{
    SandboxResponse response;
    response.httpStatus = error.httpStatus;
    response.action = action;
    response.errorCode = error.code;
    response.body = SandboxXml::error(error, requestId);
    return response;
}

SandboxResponse handle(SandboxState &state, const QueryParams &params, const QString &requestId)
{
    QueryParamReader m(params);
    const QString action = m.value(u"Action"_s);
    if (action.isEmpty())
        return errorResponse(make(400, u"MissingAction"_s, u"The request must contain the parameter Action."_s), action,
                             requestId);
    if (!m.has(u"Version"_s))
        return errorResponse(missingParameter(u"Version"_s), action, requestId);
    if (m.value(u"Version"_s) != kElastiCacheApiVersion)
        return errorResponse(make(400, u"NoSuchVersion"_s,
                                  u"The requested version (%1) of service AmazonElastiCache does not exist."_s.arg(
                                      m.value(u"Version"_s))),
                             action, requestId);

    // Reads Op's request with the model's description, then answers with call(request)'s result.
    const auto serve = [&]<typename Op>(Op, auto call, auto write) {
        typename Op::Request request;
        QueryParamReader reader(params);
        if (!reader.read(request))
            return errorResponse(invalidParameterValue(reader.errorMessage()), action, requestId);
        if (auto problem = tagProblem(request))
            return errorResponse(*problem, action, requestId);
        return answer(action, call(request), requestId, write);
    };
    const auto snapshotDoc = [&](const Snapshot &s) {
        return SandboxXml::snapshotResult(action, s, requestId);
    };
    const auto serverlessDoc = [&](const ServerlessCacheSnapshot &s) {
        return SandboxXml::serverlessSnapshotResult(action, s, requestId);
    };
    namespace Op = ElastiCacheOperation;

    if (action == Op::DescribeSnapshots::name)
        return serve(
            Op::DescribeSnapshots {}, [&](const auto &r) { return state.describeSnapshots(r, r.marker); },
            [&](const auto &page) { return SandboxXml::describeSnapshots(page, requestId); });
    if (action == Op::CreateSnapshot::name)
        return serve(
            Op::CreateSnapshot {}, [&](const auto &r) { return state.createSnapshot(r); }, snapshotDoc);
    if (action == Op::CopySnapshot::name)
        return serve(
            Op::CopySnapshot {}, [&](const auto &r) { return state.copySnapshot(r); }, snapshotDoc);
    if (action == Op::DeleteSnapshot::name)
        return serve(
            Op::DeleteSnapshot {}, [&](const auto &r) { return state.deleteSnapshot(r); }, snapshotDoc);
    if (action == Op::DescribeCacheClusters::name)
        return serve(
            Op::DescribeCacheClusters {}, [&](const auto &r) { return state.describeCacheClusters(r, r.marker); },
            [&](const auto &page) { return SandboxXml::describeCacheClusters(page, requestId); });
    if (action == Op::DescribeReplicationGroups::name)
        return serve(
            Op::DescribeReplicationGroups {},
            [&](const auto &r) { return state.describeReplicationGroups(r, r.marker); },
            [&](const auto &page) { return SandboxXml::describeReplicationGroups(page, requestId); });
    if (action == Op::DescribeServerlessCaches::name)
        return serve(
            Op::DescribeServerlessCaches {},
            [&](const auto &r) { return state.describeServerlessCaches(r, r.nextToken); },
            [&](const auto &page) { return SandboxXml::describeServerlessCaches(page, requestId); });
    if (action == Op::DescribeServerlessCacheSnapshots::name)
        return serve(
            Op::DescribeServerlessCacheSnapshots {},
            [&](const auto &r) { return state.describeServerlessCacheSnapshots(r, r.nextToken); },
            [&](const auto &page) { return SandboxXml::describeServerlessCacheSnapshots(page, requestId); });
    if (action == Op::CreateServerlessCacheSnapshot::name)
        return serve(
            Op::CreateServerlessCacheSnapshot {}, [&](const auto &r) { return state.createServerlessCacheSnapshot(r); },
            serverlessDoc);
    if (action == Op::CopyServerlessCacheSnapshot::name)
        return serve(
            Op::CopyServerlessCacheSnapshot {}, [&](const auto &r) { return state.copyServerlessCacheSnapshot(r); },
            serverlessDoc);
    if (action == Op::DeleteServerlessCacheSnapshot::name)
        return serve(
            Op::DeleteServerlessCacheSnapshot {}, [&](const auto &r) { return state.deleteServerlessCacheSnapshot(r); },
            serverlessDoc);
    if (action == Op::ExportServerlessCacheSnapshot::name)
        return serve(
            Op::ExportServerlessCacheSnapshot {}, [&](const auto &r) { return state.exportServerlessCacheSnapshot(r); },
            serverlessDoc);
    // The restore, backup-settings and tag operations: their answers are the model's result shapes.
    const auto result = [&]<typename Op>(Op op, auto call, auto wrap) {
        return serve(op, call,
                     [&](const auto &value) { return SandboxXml::modelResult(action, wrap(value), requestId); });
    };
    const auto same = [](const auto &value) {
        return value;
    };
    if (action == Op::CreateReplicationGroup::name)
        return result(
            Op::CreateReplicationGroup {}, [&](const auto &r) { return state.createReplicationGroup(r); },
            [](const ReplicationGroup &g) { return CreateReplicationGroupResult {g}; });
    if (action == Op::ModifyReplicationGroup::name)
        return result(
            Op::ModifyReplicationGroup {}, [&](const auto &r) { return state.modifyReplicationGroup(r); },
            [](const ReplicationGroup &g) { return ModifyReplicationGroupResult {g}; });
    if (action == Op::CreateCacheCluster::name)
        return result(
            Op::CreateCacheCluster {}, [&](const auto &r) { return state.createCacheCluster(r); },
            [](const CacheCluster &c) { return CreateCacheClusterResult {c}; });
    if (action == Op::ModifyCacheCluster::name)
        return result(
            Op::ModifyCacheCluster {}, [&](const auto &r) { return state.modifyCacheCluster(r); },
            [](const CacheCluster &c) { return ModifyCacheClusterResult {c}; });
    if (action == Op::CreateServerlessCache::name)
        return result(
            Op::CreateServerlessCache {}, [&](const auto &r) { return state.createServerlessCache(r); },
            [](const ServerlessCache &c) { return CreateServerlessCacheResponse {c}; });
    if (action == Op::ModifyServerlessCache::name)
        return result(
            Op::ModifyServerlessCache {}, [&](const auto &r) { return state.modifyServerlessCache(r); },
            [](const ServerlessCache &c) { return ModifyServerlessCacheResponse {c}; });
    if (action == Op::ListTagsForResource::name)
        return result(
            Op::ListTagsForResource {}, [&](const auto &r) { return state.listTagsForResource(r); }, same);
    if (action == Op::AddTagsToResource::name)
        return result(
            Op::AddTagsToResource {}, [&](const auto &r) { return state.addTagsToResource(r); }, same);
    if (action == Op::RemoveTagsFromResource::name)
        return result(
            Op::RemoveTagsFromResource {}, [&](const auto &r) { return state.removeTagsFromResource(r); }, same);
    if (action == Op::DescribeCacheSubnetGroups::name)
        return result(
            Op::DescribeCacheSubnetGroups {},
            [&](const auto &r) { return state.describeCacheSubnetGroups(r, r.marker); },
            [](const SandboxPage<CacheSubnetGroup> &page) {
                CacheSubnetGroupMessage message {page.marker, page.items};
                message.cacheSubnetGroups.setPresent();
                return message;
            });
    if (action == Op::DescribeCacheParameterGroups::name)
        return result(
            Op::DescribeCacheParameterGroups {},
            [&](const auto &r) { return state.describeCacheParameterGroups(r, r.marker); },
            [](const SandboxPage<CacheParameterGroup> &page) {
                CacheParameterGroupsMessage message {page.marker, page.items};
                message.cacheParameterGroups.setPresent();
                return message;
            });
    if (action == Op::DescribeCacheEngineVersions::name)
        return result(
            Op::DescribeCacheEngineVersions {},
            [&](const auto &r) { return state.describeCacheEngineVersions(r, r.marker); },
            [](const SandboxPage<CacheEngineVersion> &page) {
                CacheEngineVersionMessage message {page.marker, page.items};
                message.cacheEngineVersions.setPresent();
                return message;
            });
    if (action == u"DescribeEvents") {
        SandboxEventQuery query;
        query.sourceIdentifier = m.value(u"SourceIdentifier"_s);
        query.sourceType = m.value(u"SourceType"_s);
        query.startTime = m.value(u"StartTime"_s);
        query.endTime = m.value(u"EndTime"_s);
        query.duration = m.value(u"Duration"_s);
        query.maxRecords = m.value(u"MaxRecords"_s);
        query.marker = m.value(u"Marker"_s);
        return answer(action, state.describeEvents(query), requestId,
                      [&](const SandboxEventPage &page) { return SandboxXml::describeEvents(page, requestId); });
    }
    return errorResponse(
        make(400, u"InvalidAction"_s, u"The action %1 is not valid for this web service."_s.arg(action)), action,
        requestId);
}

} // namespace SandboxHandler
