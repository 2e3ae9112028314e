// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxhandler.h"

#include "sandboxerrors.h"
#include "sandboxstate.h"
#include "sandboxxml.h"

#include <QHash>
#include <QMap>
#include <QRegularExpression>

using namespace SandboxErrors;

namespace {

// The members of one request, with typed getters that remember the first malformed value.
class Members
{
public:
    explicit Members(const QueryParams &params)
    {
        for (const auto &[name, value] : params) {
            if (!m_values.contains(name))
                m_values.insert(name, value);
        }
    }

    bool has(const QString &name) const { return m_values.contains(name); }

    // Absent members are null strings; present but empty ones are empty, non-null strings.
    QString text(const QString &name) const
    {
        const auto it = m_values.constFind(name);
        if (it == m_values.cend())
            return QString();
        return it->isNull() ? u""_qs : *it;
    }

    std::optional<int> integer(const QString &name)
    {
        if (!has(name))
            return std::nullopt;
        bool ok = false;
        const int value = text(name).toInt(&ok);
        if (!ok && !m_error)
            m_error = invalidParameterValue(
                u"Value (%1) for parameter %2 is invalid. Must be an integer."_qs.arg(text(name), name));
        return ok ? std::optional<int>(value) : std::nullopt;
    }

    std::optional<bool> boolean(const QString &name)
    {
        if (!has(name))
            return std::nullopt;
        const QString value = text(name).toLower();
        if (value == u"true")
            return true;
        if (value == u"false")
            return false;
        if (!m_error)
            m_error = invalidParameterValue(
                u"Value (%1) for parameter %2 is invalid. Must be true or false."_qs.arg(text(name), name));
        return std::nullopt;
    }

    // Tags.Tag.N.Key / Tags.Tag.N.Value, N from 1 and without gaps.
    QList<Tag> tags()
    {
        static const QRegularExpression pattern(u"^Tags\\.Tag\\.(\\d+)\\.(Key|Value)$"_qs);
        QMap<int, Tag> byIndex;
        for (auto it = m_values.cbegin(); it != m_values.cend(); ++it) {
            const auto match = pattern.match(it.key());
            if (!match.hasMatch())
                continue;
            Tag &tag = byIndex[match.captured(1).toInt()];
            if (match.captured(2) == u"Key")
                tag.key = it->isNull() ? u""_qs : *it;
            else
                tag.value = it->isNull() ? u""_qs : *it;
        }
        QList<Tag> tags;
        int expected = 1;
        for (auto it = byIndex.cbegin(); it != byIndex.cend(); ++it, ++expected) {
            if (it.key() != expected || it->key.isNull()) {
                if (!m_error)
                    m_error = invalidParameterValue(u"Tag %1 has no Key, or the tag list has a gap."_qs.arg(it.key()));
                return {};
            }
            tags.append(*it);
        }
        return tags;
    }

    const std::optional<ApiError> &error() const { return m_error; }

private:
    QHash<QString, QString> m_values;
    std::optional<ApiError> m_error;
};

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
    Members m(params);
    const QString action = m.text(u"Action"_qs);
    if (action.isEmpty())
        return errorResponse(make(400, u"MissingAction"_qs, u"The request must contain the parameter Action."_qs),
                             action, requestId);
    if (!m.has(u"Version"_qs))
        return errorResponse(missingParameter(u"Version"_qs), action, requestId);
    if (m.text(u"Version"_qs) != u"2015-02-02")
        return errorResponse(make(400, u"NoSuchVersion"_qs,
                                  u"The requested version (%1) of service AmazonElastiCache does not exist."_qs.arg(
                                      m.text(u"Version"_qs))),
                             action, requestId);

    const auto failed = [&]() -> std::optional<SandboxResponse> {
        if (m.error())
            return errorResponse(*m.error(), action, requestId);
        return std::nullopt;
    };
    const auto snapshotDoc = [&](const Snapshot &s) {
        return SandboxXml::snapshotResult(action, s, requestId);
    };
    const auto serverlessDoc = [&](const ServerlessCacheSnapshot &s) {
        return SandboxXml::serverlessSnapshotResult(action, s, requestId);
    };

    if (action == u"DescribeSnapshots") {
        DescribeSnapshotsRequest r;
        r.replicationGroupId = m.text(u"ReplicationGroupId"_qs);
        r.cacheClusterId = m.text(u"CacheClusterId"_qs);
        r.snapshotName = m.text(u"SnapshotName"_qs);
        r.snapshotSource = m.text(u"SnapshotSource"_qs);
        r.maxRecords = m.integer(u"MaxRecords"_qs);
        r.showNodeGroupConfig = m.boolean(u"ShowNodeGroupConfig"_qs);
        if (auto error = failed())
            return *error;
        return answer(action, state.describeSnapshots(r, m.text(u"Marker"_qs)), requestId,
                      [&](const auto &page) { return SandboxXml::describeSnapshots(page, requestId); });
    }
    if (action == u"CreateSnapshot") {
        CreateSnapshotRequest r;
        r.replicationGroupId = m.text(u"ReplicationGroupId"_qs);
        r.cacheClusterId = m.text(u"CacheClusterId"_qs);
        r.snapshotName = m.text(u"SnapshotName"_qs);
        r.kmsKeyId = m.text(u"KmsKeyId"_qs);
        r.tags = m.tags();
        if (auto error = failed())
            return *error;
        return answer(action, state.createSnapshot(r), requestId, snapshotDoc);
    }
    if (action == u"CopySnapshot") {
        CopySnapshotRequest r;
        r.sourceSnapshotName = m.text(u"SourceSnapshotName"_qs);
        r.targetSnapshotName = m.text(u"TargetSnapshotName"_qs);
        r.targetBucket = m.text(u"TargetBucket"_qs);
        r.kmsKeyId = m.text(u"KmsKeyId"_qs);
        r.tags = m.tags();
        if (auto error = failed())
            return *error;
        return answer(action, state.copySnapshot(r), requestId, snapshotDoc);
    }
    if (action == u"DeleteSnapshot") {
        DeleteSnapshotRequest r;
        r.snapshotName = m.text(u"SnapshotName"_qs);
        return answer(action, state.deleteSnapshot(r), requestId, snapshotDoc);
    }
    if (action == u"DescribeCacheClusters") {
        DescribeCacheClustersRequest r;
        r.cacheClusterId = m.text(u"CacheClusterId"_qs);
        r.maxRecords = m.integer(u"MaxRecords"_qs);
        r.showCacheNodeInfo = m.boolean(u"ShowCacheNodeInfo"_qs);
        r.showCacheClustersNotInReplicationGroups = m.boolean(u"ShowCacheClustersNotInReplicationGroups"_qs);
        if (auto error = failed())
            return *error;
        return answer(action, state.describeCacheClusters(r, m.text(u"Marker"_qs)), requestId,
                      [&](const auto &page) { return SandboxXml::describeCacheClusters(page, requestId); });
    }
    if (action == u"DescribeReplicationGroups") {
        DescribeReplicationGroupsRequest r;
        r.replicationGroupId = m.text(u"ReplicationGroupId"_qs);
        r.maxRecords = m.integer(u"MaxRecords"_qs);
        if (auto error = failed())
            return *error;
        return answer(action, state.describeReplicationGroups(r, m.text(u"Marker"_qs)), requestId,
                      [&](const auto &page) { return SandboxXml::describeReplicationGroups(page, requestId); });
    }
    if (action == u"DescribeServerlessCaches") {
        DescribeServerlessCachesRequest r;
        r.serverlessCacheName = m.text(u"ServerlessCacheName"_qs);
        r.maxResults = m.integer(u"MaxResults"_qs);
        if (auto error = failed())
            return *error;
        return answer(action, state.describeServerlessCaches(r, m.text(u"NextToken"_qs)), requestId,
                      [&](const auto &page) { return SandboxXml::describeServerlessCaches(page, requestId); });
    }
    if (action == u"DescribeServerlessCacheSnapshots") {
        DescribeServerlessCacheSnapshotsRequest r;
        r.serverlessCacheName = m.text(u"ServerlessCacheName"_qs);
        r.serverlessCacheSnapshotName = m.text(u"ServerlessCacheSnapshotName"_qs);
        r.snapshotType = m.text(u"SnapshotType"_qs);
        r.maxResults = m.integer(u"MaxResults"_qs);
        if (auto error = failed())
            return *error;
        return answer(action, state.describeServerlessCacheSnapshots(r, m.text(u"NextToken"_qs)), requestId,
                      [&](const auto &page) { return SandboxXml::describeServerlessCacheSnapshots(page, requestId); });
    }
    if (action == u"CreateServerlessCacheSnapshot") {
        CreateServerlessCacheSnapshotRequest r;
        r.serverlessCacheSnapshotName = m.text(u"ServerlessCacheSnapshotName"_qs);
        r.serverlessCacheName = m.text(u"ServerlessCacheName"_qs);
        r.kmsKeyId = m.text(u"KmsKeyId"_qs);
        r.tags = m.tags();
        if (auto error = failed())
            return *error;
        return answer(action, state.createServerlessCacheSnapshot(r), requestId, serverlessDoc);
    }
    if (action == u"CopyServerlessCacheSnapshot") {
        CopyServerlessCacheSnapshotRequest r;
        r.sourceServerlessCacheSnapshotName = m.text(u"SourceServerlessCacheSnapshotName"_qs);
        r.targetServerlessCacheSnapshotName = m.text(u"TargetServerlessCacheSnapshotName"_qs);
        r.kmsKeyId = m.text(u"KmsKeyId"_qs);
        r.tags = m.tags();
        if (auto error = failed())
            return *error;
        return answer(action, state.copyServerlessCacheSnapshot(r), requestId, serverlessDoc);
    }
    if (action == u"DeleteServerlessCacheSnapshot") {
        DeleteServerlessCacheSnapshotRequest r;
        r.serverlessCacheSnapshotName = m.text(u"ServerlessCacheSnapshotName"_qs);
        return answer(action, state.deleteServerlessCacheSnapshot(r), requestId, serverlessDoc);
    }
    if (action == u"ExportServerlessCacheSnapshot") {
        ExportServerlessCacheSnapshotRequest r;
        r.serverlessCacheSnapshotName = m.text(u"ServerlessCacheSnapshotName"_qs);
        r.s3BucketName = m.text(u"S3BucketName"_qs);
        return answer(action, state.exportServerlessCacheSnapshot(r), requestId, serverlessDoc);
    }
    return errorResponse(
        make(400, u"InvalidAction"_qs, u"The action %1 is not valid for this web service."_qs.arg(action)), action,
        requestId);
}

} // namespace SandboxHandler
