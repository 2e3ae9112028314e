// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "snapshot.h"
#include "queryserializer.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class ElastiCacheClient;
class QNetworkReply;

// One API call (all of its pages and retries). Emits exactly one typed finished() from the subclass,
// then deletes itself. abort() ends it with an ApiError::Kind::Cancelled result.
class ApiJob : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiJob)

public:
    ~ApiJob() override;

    QString operation() const;
    void abort();

Q_SIGNALS:
    // Emitted before each attempt after the first (attempt counts from 1), for status displays.
    void retrying(int attempt, int delayMs, const ApiError &reason);

protected:
    ApiJob(ElastiCacheClient *client, QString operation, QueryParams params, QString pageTokenName);

    // Called once per successful page with the XML body; returns the next page token, or an empty
    // string when this was the last page; or an error (a malformed page ends the job with it).
    virtual ApiResult<QString> handlePage(const QByteArray &xml) = 0;
    virtual void finishWithError(const ApiError &error) = 0;
    virtual void finishWithSuccess() = 0;

private:
    friend class ElastiCacheClient;
    void start();
    void cancel(const QString &message); // ends the job with Kind::Cancelled (the client is going away)
    class Private;
    std::unique_ptr<Private> d;
};

class SnapshotListJob final : public ApiJob
{
    Q_OBJECT
public:
    SnapshotListJob(ElastiCacheClient *client, QueryParams params);
    // Keep every page for finished() (default true). A UI that takes pages as they come turns it off.
    void setAccumulate(bool accumulate);

Q_SIGNALS:
    void pageReceived(const QList<Snapshot> &page);
    void finished(const ApiResult<QList<Snapshot>> &result);

private:
    ApiResult<QString> handlePage(const QByteArray &xml) override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;
    QList<Snapshot> m_items;
    bool m_accumulate = true;
};

class SnapshotJob final : public ApiJob
{
    Q_OBJECT
public:
    SnapshotJob(ElastiCacheClient *client, QString operation, QueryParams params);
Q_SIGNALS:
    void finished(const ApiResult<Snapshot> &result);

private:
    ApiResult<QString> handlePage(const QByteArray &xml) override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;
    std::optional<Snapshot> m_item;
};

class ServerlessSnapshotListJob final : public ApiJob
{
    Q_OBJECT
public:
    ServerlessSnapshotListJob(ElastiCacheClient *client, QueryParams params);
    void setAccumulate(bool accumulate);
Q_SIGNALS:
    void pageReceived(const QList<ServerlessCacheSnapshot> &page);
    void finished(const ApiResult<QList<ServerlessCacheSnapshot>> &result);

private:
    ApiResult<QString> handlePage(const QByteArray &xml) override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;
    QList<ServerlessCacheSnapshot> m_items;
    bool m_accumulate = true;
};

class ServerlessSnapshotJob final : public ApiJob
{
    Q_OBJECT
public:
    ServerlessSnapshotJob(ElastiCacheClient *client, QString operation, QueryParams params);
Q_SIGNALS:
    void finished(const ApiResult<ServerlessCacheSnapshot> &result);

private:
    ApiResult<QString> handlePage(const QByteArray &xml) override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;
    std::optional<ServerlessCacheSnapshot> m_item;
};

class CacheClusterListJob final : public ApiJob
{
    Q_OBJECT
public:
    CacheClusterListJob(ElastiCacheClient *client, QueryParams params);
Q_SIGNALS:
    void finished(const ApiResult<QList<CacheCluster>> &result);

private:
    ApiResult<QString> handlePage(const QByteArray &xml) override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;
    QList<CacheCluster> m_items;
};

class ReplicationGroupListJob final : public ApiJob
{
    Q_OBJECT
public:
    ReplicationGroupListJob(ElastiCacheClient *client, QueryParams params);
Q_SIGNALS:
    void finished(const ApiResult<QList<ReplicationGroup>> &result);

private:
    ApiResult<QString> handlePage(const QByteArray &xml) override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;
    QList<ReplicationGroup> m_items;
};

class ServerlessCacheListJob final : public ApiJob
{
    Q_OBJECT
public:
    ServerlessCacheListJob(ElastiCacheClient *client, QueryParams params);
Q_SIGNALS:
    void finished(const ApiResult<QList<ServerlessCache>> &result);

private:
    ApiResult<QString> handlePage(const QByteArray &xml) override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;
    QList<ServerlessCache> m_items;
};
