// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "elasticacheclient.h"

#include "elasticacheclient_p.h"
#include "endpointresolver.h"
#include "queryserializer.h"

#include <QTimer>

#include <algorithm>

// Debug output (every request and response) only when asked for: --debug or QT_LOGGING_RULES.
Q_LOGGING_CATEGORY(lcApi, "cachesnap.api", QtInfoMsg)

namespace {
// MaxRecords / MaxResults outside the model's range is an InvalidParameterValue from the service; clamp instead.
std::optional<int> clamp(std::optional<int> value, int low, int high)
{
    if (!value)
        return value;
    return std::clamp(*value, low, high);
}
} // namespace

ElastiCacheClient::Private::Private(ClientConfig config)
    : config(std::move(config))
    , retry(this->config.retry)
{
    if (this->config.userAgent.isEmpty())
        this->config.userAgent
            = u"cachesnap/%1 Qt/%2"_qs.arg(QLatin1StringView(CACHESNAP_VERSION), QLatin1StringView(qVersion()));
    if (this->config.transferTimeoutMs <= 0)
        this->config.transferTimeoutMs = 30000;
    nam.setAutoDeleteReplies(false);
    if (const QString note = this->config.retry.note(); !note.isEmpty())
        qCInfo(lcApi).noquote() << note;
}

QString ElastiCacheClient::Private::endpointProblem() const
{
    if (config.region.isEmpty())
        return u"No region is set; pass --region or set AWS_REGION."_qs;
    const auto checked = EndpointResolver::checkEndpointUrl(config.endpoint);
    return checked ? QString() : checked.error().message;
}

QDateTime ElastiCacheClient::Private::now() const
{
    return QDateTime::currentDateTimeUtc().addMSecs(clockOffsetMs);
}

ElastiCacheClient::ElastiCacheClient(ClientConfig config, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(std::move(config)))
{
}

ElastiCacheClient::~ElastiCacheClient()
{
    const auto jobs = d->jobs;
    for (const QPointer<ApiJob> &job : jobs) {
        if (job)
            job->cancel(u"The client was destroyed."_qs);
    }
}

const ClientConfig &ElastiCacheClient::config() const
{
    return d->config;
}

qint64 ElastiCacheClient::clockOffsetMs() const
{
    return d->clockOffsetMs;
}

void ElastiCacheClient::setRetryRandomSource(std::function<double()> random)
{
    d->retry = RetryPolicy(d->config.retry, std::move(random));
}

SnapshotListJob *ElastiCacheClient::describeSnapshots(const DescribeSnapshotsRequest &request)
{
    DescribeSnapshotsRequest r = request;
    r.maxRecords = clamp(r.maxRecords, 20, 50);
    return d->launch(new SnapshotListJob(this, QuerySerializer::params(r)));
}

SnapshotJob *ElastiCacheClient::createSnapshot(const CreateSnapshotRequest &request)
{
    return d->launch(new SnapshotJob(this, u"CreateSnapshot"_qs, QuerySerializer::params(request)));
}

SnapshotJob *ElastiCacheClient::copySnapshot(const CopySnapshotRequest &request)
{
    return d->launch(new SnapshotJob(this, u"CopySnapshot"_qs, QuerySerializer::params(request)));
}

SnapshotJob *ElastiCacheClient::deleteSnapshot(const DeleteSnapshotRequest &request)
{
    return d->launch(new SnapshotJob(this, u"DeleteSnapshot"_qs, QuerySerializer::params(request)));
}

CacheClusterListJob *ElastiCacheClient::describeCacheClusters(const DescribeCacheClustersRequest &request)
{
    DescribeCacheClustersRequest r = request;
    r.maxRecords = clamp(r.maxRecords, 20, 100);
    return d->launch(new CacheClusterListJob(this, QuerySerializer::params(r)));
}

ReplicationGroupListJob *ElastiCacheClient::describeReplicationGroups(const DescribeReplicationGroupsRequest &request)
{
    DescribeReplicationGroupsRequest r = request;
    r.maxRecords = clamp(r.maxRecords, 20, 100);
    return d->launch(new ReplicationGroupListJob(this, QuerySerializer::params(r)));
}

ServerlessCacheListJob *ElastiCacheClient::describeServerlessCaches(const DescribeServerlessCachesRequest &request)
{
    DescribeServerlessCachesRequest r = request;
    r.maxResults = clamp(r.maxResults, 1, 100);
    return d->launch(new ServerlessCacheListJob(this, QuerySerializer::params(r)));
}

ServerlessSnapshotListJob *
ElastiCacheClient::describeServerlessCacheSnapshots(const DescribeServerlessCacheSnapshotsRequest &request)
{
    DescribeServerlessCacheSnapshotsRequest r = request;
    r.maxResults = clamp(r.maxResults, 1, 50);
    return d->launch(new ServerlessSnapshotListJob(this, QuerySerializer::params(r)));
}

ServerlessSnapshotJob *
ElastiCacheClient::createServerlessCacheSnapshot(const CreateServerlessCacheSnapshotRequest &request)
{
    return d->launch(
        new ServerlessSnapshotJob(this, u"CreateServerlessCacheSnapshot"_qs, QuerySerializer::params(request)));
}

ServerlessSnapshotJob *ElastiCacheClient::copyServerlessCacheSnapshot(const CopyServerlessCacheSnapshotRequest &request)
{
    return d->launch(
        new ServerlessSnapshotJob(this, u"CopyServerlessCacheSnapshot"_qs, QuerySerializer::params(request)));
}

ServerlessSnapshotJob *
ElastiCacheClient::deleteServerlessCacheSnapshot(const DeleteServerlessCacheSnapshotRequest &request)
{
    return d->launch(
        new ServerlessSnapshotJob(this, u"DeleteServerlessCacheSnapshot"_qs, QuerySerializer::params(request)));
}

ServerlessSnapshotJob *
ElastiCacheClient::exportServerlessCacheSnapshot(const ExportServerlessCacheSnapshotRequest &request)
{
    return d->launch(
        new ServerlessSnapshotJob(this, u"ExportServerlessCacheSnapshot"_qs, QuerySerializer::params(request)));
}
