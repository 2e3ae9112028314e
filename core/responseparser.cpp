// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "responseparser.h"

#include "model/xmlreader.h"
#include "service/queryprotocol.h"

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

using L1 = QLatin1StringView;

struct ResponseMetadata
{
    QString requestId;
    bool operator==(const ResponseMetadata &) const = default;
};

} // namespace

template<> struct Shape<ResponseMetadata>
{
    static constexpr auto fields = std::make_tuple(field("RequestId", &ResponseMetadata::requestId));
};

namespace {

ApiError parseError(const ModelXmlReader &p, QStringView operation, const QString &requestId)
{
    ApiError error;
    error.kind = ApiError::Kind::Parse;
    error.code = u"MalformedResponse"_s;
    error.message = u"Unreadable "_s + operation + u" answer: "_s + p.errorMessage();
    error.requestId = requestId;
    return error;
}

// A 2xx answer carrying an <ErrorResponse> is still the service's error; the caller knows the status.
ApiError serviceErrorIn(const QByteArray &xml)
{
    return QueryProtocol::errorResponse(xml, 0);
}

// <OpResponse><OpResult>members of Op::Result</OpResult><ResponseMetadata>…</ResponseMetadata></OpResponse>, to
// the end of the document: a document is only accepted when it is complete, so a list is never silently short.
template<typename Op>
ApiResult<typename Op::Result> readResult(const QByteArray &xml, QString *requestIdOut = nullptr,
                                          StringPool *pool = nullptr)
{
    ModelXmlReader p(xml, pool);
    XmlPullReader &r = p.reader();
    typename Op::Result result;
    ResponseMetadata metadata;
    const QString operation = Op::name;
    bool errorDocument = false;
    [&] {
        if (!r.readNextStartElement()) {
            if (!r.hasError())
                p.fail(u"the answer has no XML document element"_s);
            return;
        }
        if (r.name() == u"ErrorResponse") {
            errorDocument = true;
            return;
        }
        const QString expectedRoot = Op::name + u"Response"_s;
        if (r.name() != expectedRoot) {
            p.fail(u"expected <"_s + expectedRoot + u"> but the document element is <"_s + r.name().toString() + u'>');
            return;
        }
        bool seenResult = false;
        while (r.readNextStartElement()) {
            if (r.name() == Op::resultElement) {
                if (seenResult) {
                    p.fail(u"a second <"_s + Op::resultElement + u"> element"_s);
                    return;
                }
                seenResult = true;
                p.read(result);
            } else if (r.name() == u"ResponseMetadata") {
                p.read(metadata);
            } else {
                r.skipCurrentElement();
            }
            if (p.failed())
                return;
        }
        if (p.failed())
            return;
        // Whatever follows the document element must be well-formed too (comments, whitespace).
        while (!r.atEnd())
            r.readNext();
        if (p.failed())
            return;
        if (!seenResult) {
            p.fail(u"the document has no <"_s + Op::resultElement + u"> element"_s);
            return;
        }
        // A result of one structure (CreateSnapshotResult: <Snapshot>) is nothing without it.
        if constexpr (fieldCount<typename Op::Result> == 1) {
            constexpr auto only = std::get<0>(Shape<typename Op::Result>::fields);
            if constexpr (StructureOptional<typename decltype(only)::Type>) {
                if (!(result.*(only.member)))
                    p.fail(u"the result has no <"_s + only.name + u"> element"_s);
            }
        }
    }();
    if (errorDocument)
        return serviceErrorIn(xml);
    if (p.failed())
        return parseError(p, operation, metadata.requestId);
    if (requestIdOut)
        *requestIdOut = metadata.requestId;
    return result;
}

template<typename Op, auto Items, auto Token,
         typename T = typename std::remove_cvref_t<decltype(std::declval<typename Op::Result>().*Items)>::value_type>
ApiResult<ResponseParser::Page<T>> readPage(const QByteArray &xml, StringPool *pool = nullptr)
{
    QString requestId;
    ApiResult<typename Op::Result> result = readResult<Op>(xml, &requestId, pool);
    if (!result.ok())
        return result.error();
    ResponseParser::Page<T> page;
    page.items = std::move(static_cast<QList<T> &>(result.value().*Items));
    page.nextToken = std::move(result.value().*Token);
    page.requestId = std::move(requestId);
    return page;
}

template<typename Op, auto Item>
ApiResult<typename std::remove_cvref_t<decltype(*(std::declval<typename Op::Result>().*Item))>>
readSingle(const QByteArray &xml)
{
    ApiResult<typename Op::Result> result = readResult<Op>(xml);
    if (!result.ok())
        return result.error();
    auto &item = result.value().*Item;
    if (!item) {
        ApiError error;
        error.kind = ApiError::Kind::Parse;
        error.code = u"MalformedResponse"_s;
        error.message = u"Unreadable "_s + Op::name + u" answer: the result has no <"_s
            + std::get<0>(Shape<typename Op::Result>::fields).name + u"> element"_s;
        return error;
    }
    return std::move(*item);
}

} // namespace

namespace ResponseParser {

namespace Op = ElastiCacheOperation;

ApiResult<Page<Snapshot>> describeSnapshots(const QByteArray &xml, StringPool *pool)
{
    return readPage<Op::DescribeSnapshots, &DescribeSnapshotsResult::snapshots, &DescribeSnapshotsResult::marker>(xml,
                                                                                                                  pool);
}

QString peekPageToken(const QByteArray &xml, QStringView operation, QStringView tokenName)
{
    // The reader reads no further than asked: the token near the start, not the rest of a page.
    ModelXmlReader p(xml);
    XmlPullReader &r = p.reader();
    if (!r.readNextStartElement() || r.name() != QString(operation + u"Response"))
        return {};
    if (!r.readNextStartElement() || r.name() != QString(operation + u"Result"))
        return {};
    if (!r.readNextStartElement() || r.name() != tokenName)
        return {};
    const QString token = p.text();
    return p.failed() ? QString() : token;
}

ApiResult<Snapshot> snapshotResult(const QByteArray &xml, const QString &operation)
{
    if (operation == Op::CreateSnapshot::name)
        return readSingle<Op::CreateSnapshot, &CreateSnapshotResult::snapshot>(xml);
    if (operation == Op::CopySnapshot::name)
        return readSingle<Op::CopySnapshot, &CopySnapshotResult::snapshot>(xml);
    return readSingle<Op::DeleteSnapshot, &DeleteSnapshotResult::snapshot>(xml);
}

ApiResult<Page<ServerlessCacheSnapshot>> describeServerlessCacheSnapshots(const QByteArray &xml, StringPool *pool)
{
    return readPage<Op::DescribeServerlessCacheSnapshots,
                    &DescribeServerlessCacheSnapshotsResult::serverlessCacheSnapshots,
                    &DescribeServerlessCacheSnapshotsResult::nextToken>(xml, pool);
}

ApiResult<ServerlessCacheSnapshot> serverlessSnapshotResult(const QByteArray &xml, const QString &operation)
{
    if (operation == Op::CreateServerlessCacheSnapshot::name)
        return readSingle<Op::CreateServerlessCacheSnapshot,
                          &CreateServerlessCacheSnapshotResult::serverlessCacheSnapshot>(xml);
    if (operation == Op::CopyServerlessCacheSnapshot::name)
        return readSingle<Op::CopyServerlessCacheSnapshot, &CopyServerlessCacheSnapshotResult::serverlessCacheSnapshot>(
            xml);
    if (operation == Op::ExportServerlessCacheSnapshot::name)
        return readSingle<Op::ExportServerlessCacheSnapshot,
                          &ExportServerlessCacheSnapshotResult::serverlessCacheSnapshot>(xml);
    return readSingle<Op::DeleteServerlessCacheSnapshot, &DeleteServerlessCacheSnapshotResult::serverlessCacheSnapshot>(
        xml);
}

ApiResult<Page<CacheCluster>> describeCacheClusters(const QByteArray &xml)
{
    return readPage<Op::DescribeCacheClusters, &DescribeCacheClustersResult::cacheClusters,
                    &DescribeCacheClustersResult::marker>(xml);
}

ApiResult<Page<ReplicationGroup>> describeReplicationGroups(const QByteArray &xml)
{
    return readPage<Op::DescribeReplicationGroups, &DescribeReplicationGroupsResult::replicationGroups,
                    &DescribeReplicationGroupsResult::marker>(xml);
}

ApiResult<Page<ServerlessCache>> describeServerlessCaches(const QByteArray &xml)
{
    return readPage<Op::DescribeServerlessCaches, &DescribeServerlessCachesResult::serverlessCaches,
                    &DescribeServerlessCachesResult::nextToken>(xml);
}

ApiResult<Page<Event>> describeEvents(const QByteArray &xml)
{
    return readPage<Op::DescribeEvents, &DescribeEventsResult::events, &DescribeEventsResult::marker>(xml);
}

std::optional<QDateTime> parseTimestamp(QStringView text)
{
    const std::optional<Timestamp> t = Timestamp::parse(text);
    if (!t)
        return std::nullopt;
    return t->toDateTime();
}

template<typename Op> ApiResult<typename Op::Result> operationResult(const QByteArray &xml, StringPool *pool)
{
    return readResult<Op>(xml, nullptr, pool);
}

template ApiResult<Op::CreateReplicationGroup::Result> operationResult<Op::CreateReplicationGroup>(const QByteArray &,
                                                                                                   StringPool *);
template ApiResult<Op::CreateCacheCluster::Result> operationResult<Op::CreateCacheCluster>(const QByteArray &,
                                                                                           StringPool *);
template ApiResult<Op::CreateServerlessCache::Result> operationResult<Op::CreateServerlessCache>(const QByteArray &,
                                                                                                 StringPool *);
template ApiResult<Op::ModifyReplicationGroup::Result> operationResult<Op::ModifyReplicationGroup>(const QByteArray &,
                                                                                                   StringPool *);
template ApiResult<Op::ModifyCacheCluster::Result> operationResult<Op::ModifyCacheCluster>(const QByteArray &,
                                                                                           StringPool *);
template ApiResult<Op::ModifyServerlessCache::Result> operationResult<Op::ModifyServerlessCache>(const QByteArray &,
                                                                                                 StringPool *);
template ApiResult<Op::ListTagsForResource::Result> operationResult<Op::ListTagsForResource>(const QByteArray &,
                                                                                             StringPool *);
template ApiResult<Op::AddTagsToResource::Result> operationResult<Op::AddTagsToResource>(const QByteArray &,
                                                                                         StringPool *);
template ApiResult<Op::RemoveTagsFromResource::Result> operationResult<Op::RemoveTagsFromResource>(const QByteArray &,
                                                                                                   StringPool *);
template ApiResult<Op::DescribeCacheSubnetGroups::Result>
operationResult<Op::DescribeCacheSubnetGroups>(const QByteArray &, StringPool *);
template ApiResult<Op::DescribeCacheParameterGroups::Result>
operationResult<Op::DescribeCacheParameterGroups>(const QByteArray &, StringPool *);
template ApiResult<Op::DescribeCacheEngineVersions::Result>
operationResult<Op::DescribeCacheEngineVersions>(const QByteArray &, StringPool *);
template ApiResult<Op::DescribeSnapshots::Result> operationResult<Op::DescribeSnapshots>(const QByteArray &,
                                                                                         StringPool *);
template ApiResult<Op::DescribeServerlessCacheSnapshots::Result>
operationResult<Op::DescribeServerlessCacheSnapshots>(const QByteArray &, StringPool *);
template ApiResult<Op::DescribeCacheClusters::Result> operationResult<Op::DescribeCacheClusters>(const QByteArray &,
                                                                                                 StringPool *);
template ApiResult<Op::DescribeReplicationGroups::Result>
operationResult<Op::DescribeReplicationGroups>(const QByteArray &, StringPool *);
template ApiResult<Op::DescribeServerlessCaches::Result>
operationResult<Op::DescribeServerlessCaches>(const QByteArray &, StringPool *);

} // namespace ResponseParser
