// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ec2client.h"

#include "endpointresolver.h"
#include "model/queryparams.h"
#include "service/ec2protocol.h"
#include "service/serviceclient.h"

#include <utility>

using namespace Qt::StringLiterals;

Ec2CallJob::Ec2CallJob(ServiceClient *client, OperationCall call)
    : ApiJob(client, std::move(call))
{
}

Ec2CallJob::~Ec2CallJob() = default;

template<typename Op>
Ec2Call<Op>::Ec2Call(ServiceClient *client, OperationCall call)
    : Ec2CallJob(client, std::move(call))
{
}

template<typename Op>
QMetaObject::Connection Ec2Call<Op>::onFinished(const QObject *context,
                                                std::function<void(const ApiResult<Result> &)> callable)
{
    return connect(this, &Ec2CallJob::finished, context,
                   [this, callable = std::move(callable)] { callable(result()); });
}

template<typename Op> const ApiResult<typename Op::Result> &Ec2Call<Op>::result() const
{
    Q_ASSERT(m_result);
    return *m_result;
}

template<typename Op> ApiResult<ApiJob::PageRead> Ec2Call<Op>::handlePage(const QByteArray &xml)
{
    ApiResult<Result> page = Ec2Protocol::decodeResult<Op>(xml);
    if (!page)
        return page.error();
    Result &value = page.value();
    if constexpr (requires { Op::resultKey; }) {
        const qsizetype count = (value.*Op::resultKey).size();
        QString next = std::exchange(value.*Op::outputToken, QString());
        if (!m_output)
            m_output = std::move(value);
        else
            (*m_output).*Op::resultKey += value.*Op::resultKey;
        return PageRead {std::move(next), count};
    } else {
        m_output = std::move(value);
        return PageRead {QString(), 1};
    }
}

template<typename Op> void Ec2Call<Op>::finishWithError(const ApiError &error)
{
    m_result = error;
    Q_EMIT finished();
}

template<typename Op> void Ec2Call<Op>::finishWithSuccess()
{
    m_result = m_output ? std::move(*m_output) : Result();
    m_output.reset();
    Q_EMIT finished();
}

template class Ec2Call<Ec2Operation::DescribeSecurityGroups>;

namespace {
ClientConfig ec2Config(ClientConfig config)
{
    config.signingName = u"ec2"_s;
    if (config.endpoint.isEmpty()) {
        // A malformed region leaves it empty: the jobs then fail with the service client's configuration error.
        if (const ApiResult<QUrl> endpoint = EndpointResolver::serviceEndpoint(u"ec2"_s, config.region))
            config.endpoint = endpoint.value();
    }
    return config;
}
} // namespace

Ec2Client::Ec2Client(ClientConfig config, QObject *parent)
    : QObject(parent)
    , m_service(std::make_unique<ServiceClient>(ec2Config(std::move(config)),
                                                std::make_unique<Ec2Protocol>(QString(kEc2ApiVersion))))
{
}

Ec2Client::~Ec2Client()
{
    m_service->cancelAll(u"The client was destroyed."_s);
}

const ClientConfig &Ec2Client::config() const
{
    return m_service->config();
}

qint64 Ec2Client::clockOffsetMs() const
{
    return m_service->clockOffsetMs();
}

void Ec2Client::setRetryRandomSource(std::function<double()> random)
{
    m_service->setRetryRandomSource(std::move(random));
}

template<typename Op> Ec2Call<Op> *Ec2Client::start(const typename Op::Request &request)
{
    OperationCall call;
    call.operation = Op::name;
    call.params = toQueryParams(request, QueryDialect::Ec2);
    if constexpr (requires { Op::inputToken; })
        call.pageTokenName = Op::inputToken;
    auto *job = new Ec2Call<Op>(m_service.get(), std::move(call));
    return job;
}

DescribeSecurityGroupsJob *Ec2Client::describeSecurityGroups(const Ec2::DescribeSecurityGroupsRequest &request)
{
    return start<Ec2Operation::DescribeSecurityGroups>(request);
}
