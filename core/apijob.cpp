// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "apijob.h"

#include "backgroundwork.h"

#include "responseparser.h"
#include "service/apilog.h"

#include <QFutureWatcher>
#include <QNetworkReply>
#include <QPointer>
#include <QPromise>
#include <QSet>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {
ApiError clientGone()
{
    return ApiError::make(ApiError::Kind::Cancelled, u"Cancelled"_s, u"The client was destroyed."_s);
}
} // namespace

// The attempt loop of one call: credentials, the protocol's request for each page, the service client's
// send/receive, retries, pages in order. It reaches the client only through ServiceClient's public API.
class ApiJob::Private
{
public:
    Private(ApiJob *q, ServiceClient *client, OperationCall call)
        : q(q)
        , client(client)
        , call(std::move(call))
    {
        retryTimer.setSingleShot(true);
    }

    void start();
    void sendAttempt();
    void send(const AwsCredentials &credentials);
    void onReplyFinished(QNetworkReply *finishedReply);
    void onFailure(ApiError error, const QDateTime &date);
    struct PageAnswer
    {
        HttpAnswer answer;
        int page = 1;
        int attempt = 1;
    };
    // Reads one page; when expectedToken is set, the next page has already been asked for with that token.
    void readPage(const PageAnswer &answer, const std::optional<QString> &expectedToken);
    // What follows a page's reading, wherever it was read.
    void pageRead(const PageAnswer &answer, const std::optional<QString> &expectedToken, ApiResult<PageRead> next);
    void onPageReadApart();
    void readPendingPage();
    void handleAnswer(const ApiResult<HttpAnswer> &received);
    // false (and failed) when the service repeats a token or the listing passes its page limit
    bool advanceTo(const QString &token);
    ApiError limitError(const QString &what) const;
    void fail(ApiError error);
    void succeed();
    void dropReply();

    ApiJob *q;
    QPointer<ServiceClient> client;
    OperationCall call;
    bool accumulate = true;
    QString pageToken;
    QSet<QString> seenTokens;
    int maxPages = ClientConfig::kDefaultMaxPages;
    qint64 maxItems = ClientConfig::kDefaultMaxItems;
    qint64 itemsRead = 0;
    RetryState retry;
    QPointer<QNetworkReply> reply;
    ServiceClient::Attempt attempt; // the latest one sent
    QTimer retryTimer;
    std::optional<PageAnswer> pending; // a page answered but not read yet (its successor is on its way)
    QString pendingToken;
    // A page being read on a worker thread, and an answer that came meanwhile (handled once that page is read).
    struct Reading
    {
        PageAnswer answer;
        std::optional<QString> expectedToken;
    };
    std::optional<Reading> reading;
    std::optional<ApiResult<HttpAnswer>> waiting;
    std::unique_ptr<QFutureWatcher<ApiJob::PageTaker>> readWatcher;
    int page = 1;
    bool retargeted = false;
    bool started = false;
    bool done = false;
};

void ApiJob::Private::start()
{
    if (started || done)
        return;
    started = true;
    if (!client) {
        fail(clientGone());
        return;
    }
    if (const std::optional<ApiError> problem = client->configurationError()) {
        fail(*problem);
        return;
    }
    if (const std::optional<ApiError> problem = q->inputError()) {
        fail(*problem);
        return;
    }
    maxPages = client->config().maxPages;
    maxItems = client->config().maxItems;
    sendAttempt();
}

void ApiJob::Private::sendAttempt()
{
    if (done)
        return;
    if (!client) {
        fail(clientGone());
        return;
    }
    // Fetched for every attempt: later providers refresh expiring credentials.
    client->config().credentials->fetch(q, [this](const ApiResult<AwsCredentials> &credentials) {
        if (done)
            return;
        if (!credentials) {
            ApiError error = credentials.error();
            error.kind = ApiError::Kind::Credentials;
            fail(error);
            return;
        }
        send(credentials.value());
    });
}

void ApiJob::Private::send(const AwsCredentials &credentials)
{
    if (!client) {
        fail(clientGone());
        return;
    }
    const HttpRequest request = client->protocol().encode(call, pageToken);
    attempt = client->send(request, credentials,
                           u"%1 page %2 attempt %3"_s.arg(call.operation).arg(page).arg(retry.attempt));
    QNetworkReply *r = attempt.reply;
    r->setParent(q);
    reply = r;
    QObject::connect(r, &QNetworkReply::finished, q, [this, r] { onReplyFinished(r); });
    // Not earlier: QNetworkAccessManager starts the request from a queued call of its own, which a page read
    // queued before it would hold up. Queued, since reading may end the job and delete this reply. Only while this
    // is the request in flight: a small answer can come in the same turn as its requestSent(), and the page it
    // brings must wait for the next page's request, not be read when this request's queued call arrives.
    QObject::connect(
        r, &QNetworkReply::requestSent, q,
        [this, r] {
            if (reply == r)
                readPendingPage();
        },
        Qt::QueuedConnection);
}

void ApiJob::Private::onReplyFinished(QNetworkReply *finishedReply)
{
    if (finishedReply != reply)
        return;
    reply = nullptr;
    finishedReply->deleteLater();
    if (done)
        return;
    // Pages are delivered in order, whatever this answer is. A pageReceived slot may end (or delete) the job.
    const QPointer<ApiJob> guard(q);
    readPendingPage();
    if (!guard || done)
        return;
    if (!client) {
        fail(clientGone());
        return;
    }

    const ApiResult<HttpAnswer> received = client->receive(finishedReply, attempt);
    if (reading) {
        waiting = received;
        return;
    }
    handleAnswer(received);
}

void ApiJob::Private::handleAnswer(const ApiResult<HttpAnswer> &received)
{
    if (!client) {
        fail(clientGone());
        return;
    }
    if (!received) {
        onFailure(received.error(), QDateTime());
        return;
    }
    const HttpAnswer &answer = received.value();
    if (answer.status < 200 || answer.status >= 300) {
        ApiError error = client->protocol().decodeError(answer);
        error.bound();
        if (!retargeted && q->retarget(answer, error, call)) {
            retargeted = true;
            qCDebug(lcApi).noquote() << u"%1: sending page %2 again to %3 (%4)"_s.arg(
                call.operation, QString::number(page), call.request.endpoint.toDisplayString(), error.code);
            sendAttempt();
            return;
        }
        onFailure(error, answer.date);
        return;
    }

    client->recordSuccess(retry);
    const PageAnswer pageAnswer {answer, page, retry.attempt};
    if (!call.pageTokenName.isEmpty()) {
        if (const QString token = client->protocol().peekPageToken(call, answer.body); !token.isEmpty()) {
            // Ask for the next page first and read this one while the service works on that request: reading a
            // page takes a few milliseconds, which would otherwise be added to every round trip.
            if (!advanceTo(token))
                return;
            pending = pageAnswer;
            pendingToken = token;
            sendAttempt(); // this page is read once that request is out, at the latest when it is answered
            return;
        }
    }
    readPage(pageAnswer, std::nullopt);
}

void ApiJob::Private::readPendingPage()
{
    if (!pending || done || reading)
        return;
    const PageAnswer answer = std::move(*pending);
    pending.reset();
    readPage(answer, pendingToken);
}

void ApiJob::Private::readPage(const PageAnswer &answer, const std::optional<QString> &expectedToken)
{
    const PageReader reader = q->pageReader();
    if (!reader || answer.answer.body.size() < kReadApartBytes) {
        // A pageReceived slot may delete the job.
        const QPointer<ApiJob> guard(q);
        ApiResult<PageRead> next = reader ? reader(answer.answer.body)() : q->handleAnswer(answer.answer);
        if (guard)
            pageRead(answer, expectedToken, std::move(next));
        return;
    }
    // The reader holds nothing of the job, so the job may go while it runs: its watcher goes with it.
    if (!readWatcher) {
        readWatcher = std::make_unique<QFutureWatcher<PageTaker>>();
        QObject::connect(readWatcher.get(), &QFutureWatcherBase::finished, q, [this] { onPageReadApart(); });
    }
    reading = Reading {answer, expectedToken};
    auto promise = std::make_shared<QPromise<PageTaker>>();
    readWatcher->setFuture(promise->future());
    promise->start();
    BackgroundWork::start([promise, reader, body = answer.answer.body] {
        promise->addResult(reader(body));
        promise->finish();
    });
}

void ApiJob::Private::onPageReadApart()
{
    if (!reading || done)
        return;
    const Reading read = std::move(*reading);
    reading.reset();
    const PageTaker taker = readWatcher->future().resultCount() > 0 ? readWatcher->result() : PageTaker();
    const QPointer<ApiJob> guard(q);
    ApiResult<PageRead> next = taker
        ? taker()
        : ApiError::make(ApiError::Kind::Parse, Protocol::unparseableCode(),
                         u"Page %1 of %2 was not read."_s.arg(read.answer.page).arg(call.operation));
    if (!guard)
        return;
    pageRead(read.answer, read.expectedToken, std::move(next));
    if (!guard || done || !waiting)
        return;
    const ApiResult<HttpAnswer> received = std::move(*waiting);
    waiting.reset();
    handleAnswer(received);
}

void ApiJob::Private::pageRead(const PageAnswer &answer, const std::optional<QString> &expectedToken,
                               ApiResult<PageRead> next)
{
    if (done) // abort() from a pageReceived slot
        return;
    if (!next) {
        if (!client) {
            fail(clientGone());
            return;
        }
        const QString where = u"Page %1 of %2"_s.arg(answer.page).arg(call.operation);
        ApiError error
            = client->protocol().unreadableAnswer(answer.answer, next.error(), answer.page > 1 ? where : QString());
        error.bound();
        if (error.kind == ApiError::Kind::Service && !expectedToken) {
            // A 2xx answer that carries the service's error document is that error, retried as it would be
            // with an error status (a pipelined page never gets here: its token was read from a result).
            onFailure(error, answer.answer.date);
            return;
        }
        error.attempts = answer.attempt;
        fail(error);
        return;
    }
    itemsRead += next.value().items;
    if (itemsRead > maxItems) {
        fail(limitError(u"%1 items in %2 pages"_s.arg(itemsRead).arg(answer.page)));
        return;
    }
    const QString token = next.value().nextToken;
    if (expectedToken) {
        if (token != *expectedToken) {
            ApiError error
                = ApiError::make(ApiError::Kind::Parse, u"PaginationError"_s,
                                 u"Page %1 of %2 names two different values of %3 (%4 and %5)."_s.arg(answer.page)
                                     .arg(call.operation, call.pageTokenName, *expectedToken, token));
            error.httpStatus = answer.answer.status;
            error.attempts = answer.attempt;
            fail(error);
        }
        return; // the next page was asked for already
    }
    if (token.isEmpty() || call.pageTokenName.isEmpty()) {
        succeed();
        return;
    }
    if (!advanceTo(token))
        return;
    sendAttempt();
}

ApiError ApiJob::Private::limitError(const QString &what) const
{
    return ApiError::make(ApiError::Kind::Parse, u"PaginationLimit"_s,
                          u"%1 stopped after %2: one listing reads at most %3 pages and %4 items, more than any "
                          "real account holds (the service keeps sending a new %5)."_s.arg(call.operation, what)
                              .arg(maxPages)
                              .arg(maxItems)
                              .arg(call.pageTokenName));
}

bool ApiJob::Private::advanceTo(const QString &token)
{
    if (seenTokens.contains(token)) {
        fail(ApiError::make(
            ApiError::Kind::Parse, u"PaginationError"_s,
            u"The service sent the same %1 twice (%2); stopping instead of looping."_s.arg(call.pageTokenName, token)));
        return false;
    }
    if (page >= maxPages) {
        fail(limitError(u"%1 pages"_s.arg(page)));
        return false;
    }
    seenTokens.insert(token);
    pageToken = token;
    ++page;
    retry = RetryState();
    return true;
}

void ApiJob::Private::onFailure(ApiError error, const QDateTime &date)
{
    if (!client) {
        fail(clientGone());
        return;
    }
    const int attemptNumber = retry.attempt;
    const RetryDecision decision = client->retryDecision(error, date, attempt.signedAt, retry);
    error.attempts = attemptNumber;
    switch (decision.action) {
    case RetryDecision::Action::GiveUp:
        qCDebug(lcApi).noquote() << u"%1: not retrying (%2): %3"_s.arg(call.operation, decision.reason,
                                                                       error.toString());
        fail(error);
        return;
    case RetryDecision::Action::CorrectClockRetry:
        qCWarning(lcApi).noquote() << u"%1: %2; retrying"_s.arg(call.operation, decision.reason);
        break;
    case RetryDecision::Action::Retry:
        qCDebug(lcApi).noquote() << u"%1: %2, retrying after %3 ms (attempt %4 of %5)"_s
                                        .arg(call.operation, decision.reason)
                                        .arg(decision.delayMs)
                                        .arg(retry.attempt)
                                        .arg(client->maxAttempts());
        break;
    }
    const QPointer<ApiJob> guard(q);
    Q_EMIT q->retrying(retry.attempt, decision.delayMs, error);
    if (!guard || done)
        return;
    retryTimer.start(decision.delayMs);
}

void ApiJob::Private::dropReply()
{
    retryTimer.stop();
    if (QNetworkReply *r = reply.data()) {
        reply = nullptr;
        r->disconnect(q);
        r->abort();
        delete r;
    }
}

void ApiJob::Private::fail(ApiError error)
{
    if (done)
        return;
    done = true;
    dropReply();
    const QPointer<ApiJob> guard(q);
    q->finishWithError(error);
    if (guard)
        q->deleteLater();
}

void ApiJob::Private::succeed()
{
    if (done)
        return;
    done = true;
    dropReply();
    const QPointer<ApiJob> guard(q);
    q->finishWithSuccess();
    if (guard)
        q->deleteLater();
}

ApiJob::ApiJob(ServiceClient *client, OperationCall call)
    : d(std::make_unique<Private>(this, client, std::move(call)))
{
    connect(&d->retryTimer, &QTimer::timeout, this, [this] { d->sendAttempt(); });
    if (client)
        client->launch(this, this);
    else
        QTimer::singleShot(0, this, [this] { d->start(); });
}

ApiJob::~ApiJob()
{
    d->done = true;
    d->dropReply();
}

ApiResult<ApiJob::PageRead> ApiJob::handlePage(const QByteArray &)
{
    return ApiError::make(ApiError::Kind::Parse, Protocol::unparseableCode(),
                          u"%1 has no reader for its answer."_s.arg(d->call.operation));
}

ApiResult<ApiJob::PageRead> ApiJob::handleAnswer(const HttpAnswer &answer)
{
    return handlePage(answer.body);
}

ApiJob::PageReader ApiJob::pageReader()
{
    return {};
}

bool ApiJob::retarget(const HttpAnswer &, const ApiError &, OperationCall &)
{
    return false;
}

std::optional<ApiError> ApiJob::inputError() const
{
    return std::nullopt;
}

QString ApiJob::operation() const
{
    return d->call.operation;
}

void ApiJob::setAccumulate(bool accumulate)
{
    d->accumulate = accumulate;
}

bool ApiJob::accumulates() const
{
    return d->accumulate;
}

void ApiJob::start()
{
    d->start();
}

void ApiJob::cancel(const ApiError &error)
{
    d->fail(error);
}

void ApiJob::abort()
{
    d->fail(ApiError::make(ApiError::Kind::Cancelled, u"Cancelled"_s, u"%1 was cancelled."_s.arg(d->call.operation)));
}

// --- the typed jobs ---

namespace {
// A listing job's page: handed to pageReceived, and kept for finished() while the job accumulates.
template<typename Job, typename T>
ApiResult<ApiJob::PageRead> takePage(Job *job, ApiResult<ResponseParser::Page<T>> &&page, QList<T> &items)
{
    if (!page)
        return page.error();
    ResponseParser::Page<T> &value = page.value();
    if (job->accumulates())
        items += value.items;
    Q_EMIT job->pageReceived(value.items);
    return ApiJob::PageRead {std::move(value.nextToken), value.items.size()};
}

// A listing job's PageReader: read parses a body (on any thread) and the taker hands the page to the job. Only
// the taker touches the job. Snapshots' repeated strings become the process's shared copies as they are read
// (their rows keep them as ids; StringPool::Scope::Shared).
template<typename Job, typename T, typename Read> ApiJob::PageReader listReader(Job *job, QList<T> &items, Read read)
{
    return [job, &items, read](const QByteArray &xml) -> ApiJob::PageTaker {
        ApiResult<ResponseParser::Page<T>> page = [&] {
            if constexpr (std::is_invocable_v<Read, const QByteArray &, StringPool *>) {
                StringPool pool(StringPool::Scope::Shared);
                return read(xml, &pool);
            } else {
                return read(xml);
            }
        }();
        return [job, &items, page = std::move(page)]() mutable {
            return takePage(job, std::move(page), items);
        };
    };
}
} // namespace

SnapshotListJob::SnapshotListJob(ServiceClient *client, QueryParams params)
    : ApiJob(client, {u"DescribeSnapshots"_s, std::move(params), u"Marker"_s})
{
}

QMetaObject::Connection SnapshotListJob::onFinished(const QObject *context,
                                                    std::function<void(const ApiResult<QList<Snapshot>> &)> callable)
{
    return connect(this, &SnapshotListJob::finished, context, std::move(callable));
}

QMetaObject::Connection SnapshotListJob::onPageReceived(const QObject *context,
                                                        std::function<void(const QList<Snapshot> &)> callable)
{
    return connect(this, &SnapshotListJob::pageReceived, context, std::move(callable));
}

ApiJob::PageReader SnapshotListJob::pageReader()
{
    return listReader(this, m_items, &ResponseParser::describeSnapshots);
}

void SnapshotListJob::finishWithError(const ApiError &error)
{
    Q_EMIT finished(error);
}

void SnapshotListJob::finishWithSuccess()
{
    Q_EMIT finished(std::move(m_items));
}

SnapshotJob::SnapshotJob(ServiceClient *client, QString operation, QueryParams params)
    : ApiJob(client, {std::move(operation), std::move(params), QString()})
{
}

QMetaObject::Connection SnapshotJob::onFinished(const QObject *context,
                                                std::function<void(const ApiResult<Snapshot> &)> callable)
{
    return connect(this, &SnapshotJob::finished, context, std::move(callable));
}

ApiResult<ApiJob::PageRead> SnapshotJob::handlePage(const QByteArray &xml)
{
    auto result = ResponseParser::snapshotResult(xml, operation());
    if (!result)
        return result.error();
    m_item = result.value();
    return PageRead {QString(), 1};
}

void SnapshotJob::finishWithError(const ApiError &error)
{
    Q_EMIT finished(error);
}

void SnapshotJob::finishWithSuccess()
{
    Q_EMIT finished(m_item.value_or(Snapshot()));
}

ServerlessSnapshotListJob::ServerlessSnapshotListJob(ServiceClient *client, QueryParams params)
    : ApiJob(client, {u"DescribeServerlessCacheSnapshots"_s, std::move(params), u"NextToken"_s})
{
}

QMetaObject::Connection
ServerlessSnapshotListJob::onFinished(const QObject *context,
                                      std::function<void(const ApiResult<QList<ServerlessCacheSnapshot>> &)> callable)
{
    return connect(this, &ServerlessSnapshotListJob::finished, context, std::move(callable));
}

QMetaObject::Connection
ServerlessSnapshotListJob::onPageReceived(const QObject *context,
                                          std::function<void(const QList<ServerlessCacheSnapshot> &)> callable)
{
    return connect(this, &ServerlessSnapshotListJob::pageReceived, context, std::move(callable));
}

ApiJob::PageReader ServerlessSnapshotListJob::pageReader()
{
    return listReader(this, m_items, &ResponseParser::describeServerlessCacheSnapshots);
}

void ServerlessSnapshotListJob::finishWithError(const ApiError &error)
{
    Q_EMIT finished(error);
}

void ServerlessSnapshotListJob::finishWithSuccess()
{
    Q_EMIT finished(std::move(m_items));
}

ServerlessSnapshotJob::ServerlessSnapshotJob(ServiceClient *client, QString operation, QueryParams params)
    : ApiJob(client, {std::move(operation), std::move(params), QString()})
{
}

QMetaObject::Connection
ServerlessSnapshotJob::onFinished(const QObject *context,
                                  std::function<void(const ApiResult<ServerlessCacheSnapshot> &)> callable)
{
    return connect(this, &ServerlessSnapshotJob::finished, context, std::move(callable));
}

ApiResult<ApiJob::PageRead> ServerlessSnapshotJob::handlePage(const QByteArray &xml)
{
    auto result = ResponseParser::serverlessSnapshotResult(xml, operation());
    if (!result)
        return result.error();
    m_item = result.value();
    return PageRead {QString(), 1};
}

void ServerlessSnapshotJob::finishWithError(const ApiError &error)
{
    Q_EMIT finished(error);
}

void ServerlessSnapshotJob::finishWithSuccess()
{
    Q_EMIT finished(m_item.value_or(ServerlessCacheSnapshot()));
}

CacheClusterListJob::CacheClusterListJob(ServiceClient *client, QueryParams params)
    : ApiJob(client, {u"DescribeCacheClusters"_s, std::move(params), u"Marker"_s})
{
}

QMetaObject::Connection
CacheClusterListJob::onFinished(const QObject *context,
                                std::function<void(const ApiResult<QList<CacheCluster>> &)> callable)
{
    return connect(this, &CacheClusterListJob::finished, context, std::move(callable));
}

QMetaObject::Connection CacheClusterListJob::onPageReceived(const QObject *context,
                                                            std::function<void(const QList<CacheCluster> &)> callable)
{
    return connect(this, &CacheClusterListJob::pageReceived, context, std::move(callable));
}

ApiJob::PageReader CacheClusterListJob::pageReader()
{
    return listReader(this, m_items, &ResponseParser::describeCacheClusters);
}

void CacheClusterListJob::finishWithError(const ApiError &error)
{
    Q_EMIT finished(error);
}

void CacheClusterListJob::finishWithSuccess()
{
    Q_EMIT finished(std::move(m_items));
}

ReplicationGroupListJob::ReplicationGroupListJob(ServiceClient *client, QueryParams params)
    : ApiJob(client, {u"DescribeReplicationGroups"_s, std::move(params), u"Marker"_s})
{
}

QMetaObject::Connection
ReplicationGroupListJob::onFinished(const QObject *context,
                                    std::function<void(const ApiResult<QList<ReplicationGroup>> &)> callable)
{
    return connect(this, &ReplicationGroupListJob::finished, context, std::move(callable));
}

QMetaObject::Connection
ReplicationGroupListJob::onPageReceived(const QObject *context,
                                        std::function<void(const QList<ReplicationGroup> &)> callable)
{
    return connect(this, &ReplicationGroupListJob::pageReceived, context, std::move(callable));
}

ApiJob::PageReader ReplicationGroupListJob::pageReader()
{
    return listReader(this, m_items, &ResponseParser::describeReplicationGroups);
}

void ReplicationGroupListJob::finishWithError(const ApiError &error)
{
    Q_EMIT finished(error);
}

void ReplicationGroupListJob::finishWithSuccess()
{
    Q_EMIT finished(std::move(m_items));
}

ServerlessCacheListJob::ServerlessCacheListJob(ServiceClient *client, QueryParams params)
    : ApiJob(client, {u"DescribeServerlessCaches"_s, std::move(params), u"NextToken"_s})
{
}

QMetaObject::Connection
ServerlessCacheListJob::onFinished(const QObject *context,
                                   std::function<void(const ApiResult<QList<ServerlessCache>> &)> callable)
{
    return connect(this, &ServerlessCacheListJob::finished, context, std::move(callable));
}

QMetaObject::Connection
ServerlessCacheListJob::onPageReceived(const QObject *context,
                                       std::function<void(const QList<ServerlessCache> &)> callable)
{
    return connect(this, &ServerlessCacheListJob::pageReceived, context, std::move(callable));
}

ApiJob::PageReader ServerlessCacheListJob::pageReader()
{
    return listReader(this, m_items, &ResponseParser::describeServerlessCaches);
}

void ServerlessCacheListJob::finishWithError(const ApiError &error)
{
    Q_EMIT finished(error);
}

void ServerlessCacheListJob::finishWithSuccess()
{
    Q_EMIT finished(std::move(m_items));
}

EventListJob::EventListJob(ServiceClient *client, QueryParams params)
    : ApiJob(client, {u"DescribeEvents"_s, std::move(params), u"Marker"_s})
{
}

QMetaObject::Connection EventListJob::onFinished(const QObject *context,
                                                 std::function<void(const ApiResult<QList<Event>> &)> callable)
{
    return connect(this, &EventListJob::finished, context, std::move(callable));
}

QMetaObject::Connection EventListJob::onPageReceived(const QObject *context,
                                                     std::function<void(const QList<Event> &)> callable)
{
    return connect(this, &EventListJob::pageReceived, context, std::move(callable));
}

ApiJob::PageReader EventListJob::pageReader()
{
    return listReader(this, m_items, &ResponseParser::describeEvents);
}

void EventListJob::finishWithError(const ApiError &error)
{
    Q_EMIT finished(error);
}

void EventListJob::finishWithSuccess()
{
    Q_EMIT finished(std::move(m_items));
}
