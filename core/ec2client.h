// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "apijob.h"
#include "model/ec2.h"
#include "service/clientconfig.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

class Ec2Client;

// One call of an EC2 operation (model/ec2.h), all its pages and retries, untyped: Ec2Call<Op> below carries the
// result. Like every ApiJob it starts on the next event-loop turn, emits finished() exactly once and deletes
// itself afterwards.
class Ec2CallJob : public ApiJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Ec2CallJob)

public:
    ~Ec2CallJob() override;

Q_SIGNALS:
    void finished();

protected:
    Ec2CallJob(ServiceClient *client, OperationCall call);
};

// The typed face of one EC2 call: ApiResult<Op::Result>. A paginated operation (one with Op::resultKey) follows
// every NextToken within the client's maxPages/maxItems and delivers one result holding every page's items (its
// NextToken empty). Consume it with onFinished(context, callable), which runs callable once unless context is
// destroyed first.
template<typename Op> class Ec2Call final : public Ec2CallJob
{
public:
    using Result = typename Op::Result;

    QMetaObject::Connection onFinished(const QObject *context, std::function<void(const ApiResult<Result> &)> callable);
    // The result once finished() has been emitted.
    const ApiResult<Result> &result() const;

private:
    friend class Ec2Client;
    Ec2Call(ServiceClient *client, OperationCall call);

    ApiResult<PageRead> handlePage(const QByteArray &xml) override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;

    std::optional<ApiResult<Result>> m_result;
    std::optional<Result> m_output; // every page so far
};

using DescribeSecurityGroupsJob = Ec2Call<Ec2Operation::DescribeSecurityGroups>;

extern template class Ec2Call<Ec2Operation::DescribeSecurityGroups>;

// Amazon EC2 (the ec2 protocol, API version 2016-11-15, signed for "ec2"): a typed façade over its own
// ServiceClient, one method per operation, each returning a new job. CacheSnap asks EC2 only for what the
// restore dialog offers: the account's security groups (for caches in a VPC they are EC2 security groups).
//
// Where requests go: config.endpoint when set (CredentialChain::resolveEc2ClientConfig: AWS_ENDPOINT_URL_EC2, the
// profile's services section, endpoint_url, or a sandbox's loopback endpoint; http only to loopback), else EC2's
// regional endpoint for config.region (https://ec2.<region>.<partition suffix>/).
class Ec2Client final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Ec2Client)

public:
    // config.signingName is set to "ec2".
    explicit Ec2Client(ClientConfig config, QObject *parent = nullptr);
    ~Ec2Client() override; // cancels the jobs still running

    // The configuration as used: endpoint is the configured one, or EC2's regional endpoint.
    const ClientConfig &config() const;
    qint64 clockOffsetMs() const;
    // Replaces the retry backoff's random source (uniform in [0, 1)); tests pass 0 for immediate retries.
    void setRetryRandomSource(std::function<double()> random);

    // Every page: all the groups the request selects (GroupIds, GroupNames, Filters), in the service's order.
    // A NextToken in the request starts the listing there; MaxResults sets the page size (5–1000).
    DescribeSecurityGroupsJob *describeSecurityGroups(const Ec2::DescribeSecurityGroupsRequest &request = {});

private:
    template<typename Op> Ec2Call<Op> *start(const typename Op::Request &request);

    std::unique_ptr<ServiceClient> m_service;
};
