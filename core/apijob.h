// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "queryserializer.h"
#include "service/operationcall.h"
#include "service/serviceclient.h"
#include "snapshot.h"
#include "stringpool.h"

#include <QMetaObject>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

// One API call (all of its pages and retries) through a ServiceClient and its protocol. It starts on the
// next event-loop turn, emits exactly one typed finished() from the subclass, then deletes itself. abort()
// ends it with an ApiError::Kind::Cancelled result, and so does the destruction of its client.
//
// Each typed job can be consumed with signals or with onFinished(context, callable), which runs the callable
// once with the result, unless context is destroyed first (like QObject::connect with a context).
class ApiJob : public QObject, private ServiceTask
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiJob)

public:
    // What a typed job read from one page.
    struct PageRead
    {
        QString nextToken; // empty on the last page
        qsizetype items = 0; // how many items the page held, counted against the listing's limit
    };
    using PageTaker = std::function<ApiResult<PageRead>()>; // see pageReader()
    using PageReader = std::function<PageTaker(const QByteArray &body)>;
    // Bodies from this size up are read on a worker thread (pageReader()); shorter ones at once, as a hop costs
    // more than reading them.
    static constexpr qsizetype kReadApartBytes = 2048;

    ~ApiJob() override;

    QString operation() const;
    void abort();
    // For the listing jobs: keep every page for finished() (the default). A consumer that takes the pages as
    // they come (onPageReceived) turns it off, so that no event has to handle, or free, the whole list at once.
    void setAccumulate(bool accumulate);
    bool accumulates() const;

Q_SIGNALS:
    // Emitted before each attempt after the first (attempt counts from 1), for status displays.
    void retrying(int attempt, int delayMs, const ApiError &reason);

protected:
    ApiJob(ServiceClient *client, OperationCall call);

    // Called once per successful page with the XML body; returns the next page token (empty when this was the
    // last page) and the page's item count; or an error (a malformed page ends the job with it).
    virtual ApiResult<PageRead> handlePage(const QByteArray &xml);
    // The same with the whole answer, for protocols that read members from the status and headers too (REST);
    // by default handlePage(answer.body).
    virtual ApiResult<PageRead> handleAnswer(const HttpAnswer &answer);
    // Reading a page in two steps, so that long pages are read on a worker thread: a job's PageReader turns a
    // body into a PageTaker without touching the job (it may run while, or after, the job is destroyed); the
    // taker then runs on the job's thread and does what handlePage() would. A job that has one is never asked
    // handleAnswer(). Pages still reach the job one at a time and in order, and a page is read while the next
    // page's request is out. By default none: pages are read on the job's thread.
    virtual PageReader pageReader();
    // Called at most once per job, for an error answer before it is reported or retried: true when the job has
    // changed call (another endpoint or signing region, e.g. the bucket's region S3 named) and the same page
    // should be sent again at once. By default false.
    virtual bool retarget(const HttpAnswer &answer, const ApiError &error, OperationCall &call);
    // What is wrong with the call's input before anything is sent (a required member missing); checked when
    // the job starts, after the client's configuration. By default nothing.
    virtual std::optional<ApiError> inputError() const;
    virtual void finishWithError(const ApiError &error) = 0;
    virtual void finishWithSuccess() = 0;

private:
    void start() override;
    void cancel(const ApiError &error) override; // the client is going away
    class Private;
    std::unique_ptr<Private> d;
};

class SnapshotListJob final : public ApiJob
{
    Q_OBJECT
public:
    SnapshotListJob(ServiceClient *client, QueryParams params);
    QMetaObject::Connection onFinished(const QObject *context,
                                       std::function<void(const ApiResult<QList<Snapshot>> &)> callable);
    QMetaObject::Connection onPageReceived(const QObject *context,
                                           std::function<void(const QList<Snapshot> &)> callable);

Q_SIGNALS:
    void pageReceived(const QList<Snapshot> &page);
    void finished(const ApiResult<QList<Snapshot>> &result);

private:
    PageReader pageReader() override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;
    QList<Snapshot> m_items;
};

class SnapshotJob final : public ApiJob
{
    Q_OBJECT
public:
    SnapshotJob(ServiceClient *client, QString operation, QueryParams params);
    QMetaObject::Connection onFinished(const QObject *context,
                                       std::function<void(const ApiResult<Snapshot> &)> callable);
Q_SIGNALS:
    void finished(const ApiResult<Snapshot> &result);

private:
    ApiResult<PageRead> handlePage(const QByteArray &xml) override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;
    std::optional<Snapshot> m_item;
};

class ServerlessSnapshotListJob final : public ApiJob
{
    Q_OBJECT
public:
    ServerlessSnapshotListJob(ServiceClient *client, QueryParams params);
    QMetaObject::Connection onFinished(const QObject *context,
                                       std::function<void(const ApiResult<QList<ServerlessCacheSnapshot>> &)> callable);
    QMetaObject::Connection onPageReceived(const QObject *context,
                                           std::function<void(const QList<ServerlessCacheSnapshot> &)> callable);
Q_SIGNALS:
    void pageReceived(const QList<ServerlessCacheSnapshot> &page);
    void finished(const ApiResult<QList<ServerlessCacheSnapshot>> &result);

private:
    PageReader pageReader() override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;
    QList<ServerlessCacheSnapshot> m_items;
};

class ServerlessSnapshotJob final : public ApiJob
{
    Q_OBJECT
public:
    ServerlessSnapshotJob(ServiceClient *client, QString operation, QueryParams params);
    QMetaObject::Connection onFinished(const QObject *context,
                                       std::function<void(const ApiResult<ServerlessCacheSnapshot> &)> callable);
Q_SIGNALS:
    void finished(const ApiResult<ServerlessCacheSnapshot> &result);

private:
    ApiResult<PageRead> handlePage(const QByteArray &xml) override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;
    std::optional<ServerlessCacheSnapshot> m_item;
};

class CacheClusterListJob final : public ApiJob
{
    Q_OBJECT
public:
    CacheClusterListJob(ServiceClient *client, QueryParams params);
    QMetaObject::Connection onFinished(const QObject *context,
                                       std::function<void(const ApiResult<QList<CacheCluster>> &)> callable);
    QMetaObject::Connection onPageReceived(const QObject *context,
                                           std::function<void(const QList<CacheCluster> &)> callable);
Q_SIGNALS:
    void pageReceived(const QList<CacheCluster> &page);
    void finished(const ApiResult<QList<CacheCluster>> &result);

private:
    PageReader pageReader() override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;
    QList<CacheCluster> m_items;
};

class ReplicationGroupListJob final : public ApiJob
{
    Q_OBJECT
public:
    ReplicationGroupListJob(ServiceClient *client, QueryParams params);
    QMetaObject::Connection onFinished(const QObject *context,
                                       std::function<void(const ApiResult<QList<ReplicationGroup>> &)> callable);
    QMetaObject::Connection onPageReceived(const QObject *context,
                                           std::function<void(const QList<ReplicationGroup> &)> callable);
Q_SIGNALS:
    void pageReceived(const QList<ReplicationGroup> &page);
    void finished(const ApiResult<QList<ReplicationGroup>> &result);

private:
    PageReader pageReader() override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;
    QList<ReplicationGroup> m_items;
};

class ServerlessCacheListJob final : public ApiJob
{
    Q_OBJECT
public:
    ServerlessCacheListJob(ServiceClient *client, QueryParams params);
    QMetaObject::Connection onFinished(const QObject *context,
                                       std::function<void(const ApiResult<QList<ServerlessCache>> &)> callable);
    QMetaObject::Connection onPageReceived(const QObject *context,
                                           std::function<void(const QList<ServerlessCache> &)> callable);
Q_SIGNALS:
    void pageReceived(const QList<ServerlessCache> &page);
    void finished(const ApiResult<QList<ServerlessCache>> &result);

private:
    PageReader pageReader() override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;
    QList<ServerlessCache> m_items;
};

class EventListJob final : public ApiJob
{
    Q_OBJECT
public:
    EventListJob(ServiceClient *client, QueryParams params);
    QMetaObject::Connection onFinished(const QObject *context,
                                       std::function<void(const ApiResult<QList<Event>> &)> callable);
    QMetaObject::Connection onPageReceived(const QObject *context, std::function<void(const QList<Event> &)> callable);
Q_SIGNALS:
    void pageReceived(const QList<Event> &page);
    void finished(const ApiResult<QList<Event>> &result);

private:
    PageReader pageReader() override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;
    QList<Event> m_items;
};
