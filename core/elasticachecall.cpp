// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "elasticachecall.h"

#include "responseparser.h"

ElastiCacheCallJob::ElastiCacheCallJob(ServiceClient *client, OperationCall call)
    : ApiJob(client, std::move(call))
{
}

ElastiCacheCallJob::~ElastiCacheCallJob() = default;

namespace {
// Snapshots' repeated strings go into the process's shared table (their rows keep them as ids); other answers'
// into a pool of their own, freed with the answer.
template<typename Op>
constexpr StringPool::Scope kPoolScope
    = std::is_same_v<
          Op,
          ElastiCacheOperation::
              DescribeSnapshots> || std::is_same_v<Op, ElastiCacheOperation::DescribeServerlessCacheSnapshots>
    ? StringPool::Scope::Shared
    : StringPool::Scope::Local;

template<typename Op> QString pageTokenName()
{
    if constexpr (ElastiCachePaging<Op>::paged)
        return QStringLiteral("Marker");
    else
        return QString();
}
} // namespace

template<typename Op>
ElastiCacheCall<Op>::ElastiCacheCall(ServiceClient *client, QueryParams params)
    : ElastiCacheCallJob(client, {QString(Op::name), std::move(params), pageTokenName<Op>()})
{
}

template<typename Op>
QMetaObject::Connection ElastiCacheCall<Op>::onFinished(const QObject *context,
                                                        std::function<void(const ApiResult<Result> &)> callable)
{
    return connect(this, &ElastiCacheCallJob::finished, context,
                   [this, callable = std::move(callable)] { callable(result()); });
}

template<typename Op> const ApiResult<typename Op::Result> &ElastiCacheCall<Op>::result() const
{
    Q_ASSERT(m_result);
    return *m_result;
}

template<typename Op> ApiJob::PageReader ElastiCacheCall<Op>::pageReader()
{
    // Read on any thread; only the taker touches the job.
    return [this](const QByteArray &xml) -> PageTaker {
        StringPool pool(kPoolScope<Op>);
        return [this, page = ResponseParser::operationResult<Op>(xml, &pool)]() mutable {
            return takePage(std::move(page));
        };
    };
}

template<typename Op> ApiResult<ApiJob::PageRead> ElastiCacheCall<Op>::takePage(ApiResult<Result> &&page)
{
    if (!page)
        return page.error();
    if constexpr (ElastiCachePaging<Op>::paged) {
        constexpr auto items = ElastiCachePaging<Op>::items;
        constexpr auto marker = ElastiCachePaging<Op>::marker;
        Result &value = page.value();
        const qsizetype count = (value.*items).size();
        QString next = value.*marker;
        if (!m_output) {
            m_output = std::move(value);
        } else {
            (*m_output).*items += value.*items;
        }
        ((*m_output).*marker).clear();
        return PageRead {std::move(next), count};
    } else {
        m_output = std::move(page.value());
        return PageRead {QString(), 1};
    }
}

template<typename Op> void ElastiCacheCall<Op>::finishWithError(const ApiError &error)
{
    m_result = error;
    Q_EMIT finished();
}

template<typename Op> void ElastiCacheCall<Op>::finishWithSuccess()
{
    m_result = m_output ? std::move(*m_output) : Result();
    m_output.reset();
    Q_EMIT finished();
}

template class ElastiCacheCall<ElastiCacheOperation::CreateReplicationGroup>;
template class ElastiCacheCall<ElastiCacheOperation::CreateCacheCluster>;
template class ElastiCacheCall<ElastiCacheOperation::CreateServerlessCache>;
template class ElastiCacheCall<ElastiCacheOperation::ModifyReplicationGroup>;
template class ElastiCacheCall<ElastiCacheOperation::ModifyCacheCluster>;
template class ElastiCacheCall<ElastiCacheOperation::ModifyServerlessCache>;
template class ElastiCacheCall<ElastiCacheOperation::ListTagsForResource>;
template class ElastiCacheCall<ElastiCacheOperation::AddTagsToResource>;
template class ElastiCacheCall<ElastiCacheOperation::RemoveTagsFromResource>;
template class ElastiCacheCall<ElastiCacheOperation::DescribeCacheSubnetGroups>;
template class ElastiCacheCall<ElastiCacheOperation::DescribeCacheParameterGroups>;
template class ElastiCacheCall<ElastiCacheOperation::DescribeCacheEngineVersions>;
template class ElastiCacheCall<ElastiCacheOperation::DescribeSnapshots>;
template class ElastiCacheCall<ElastiCacheOperation::DescribeServerlessCacheSnapshots>;
template class ElastiCacheCall<ElastiCacheOperation::DescribeCacheClusters>;
template class ElastiCacheCall<ElastiCacheOperation::DescribeReplicationGroups>;
template class ElastiCacheCall<ElastiCacheOperation::DescribeServerlessCaches>;
