// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apijob.h"
#include "credentials.h"
#include "snapshot.h"
#include "retrypolicy.h"

#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;

struct ClientConfig
{
    QString region;
    QUrl endpoint; // from EndpointResolver; http only for loopback hosts
    std::shared_ptr<CredentialsProvider> credentials;
    RetryConfig retry;
    int transferTimeoutMs = 30000;
    QString userAgent; // defaults to "cachesnap/<version> Qt/<version>"
    // The Query-protocol service the jobs sign for and its API version; StsClient reuses the machinery for STS.
    QString signingName = QStringLiteral("elasticache");
    QString apiVersion = QStringLiteral("2015-02-02");
};

// The ElastiCache Query API (2015-02-02) over one QNetworkAccessManager. Each call returns a new job that
// starts on the next event-loop turn (so the caller can connect first), emits exactly one finished(), and
// deletes itself afterwards. Connect with a context object.
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

private:
    friend class ApiJob;
    friend class StsClient; // launches its AssumeRole jobs through the same Private
    class Private;
    std::unique_ptr<Private> d;
};
