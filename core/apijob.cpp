// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "apijob.h"

#include "elasticacheclient_p.h"
#include "queryserializer.h"
#include "redaction.h"
#include "responseparser.h"
#include "sigv4.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace {
constexpr QByteArrayView kContentType = "application/x-www-form-urlencoded; charset=utf-8";

ApiError makeError(ApiError::Kind kind, const QString &code, const QString &message)
{
    ApiError e;
    e.kind = kind;
    e.code = code;
    e.message = message;
    return e;
}

QString networkErrorCode(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return u"ConnectionRefused"_qs;
    case QNetworkReply::RemoteHostClosedError:
        return u"ConnectionClosed"_qs;
    case QNetworkReply::HostNotFoundError:
        return u"HostNotFound"_qs;
    case QNetworkReply::SslHandshakeFailedError:
        return u"TlsError"_qs;
    default:
        return u"NetworkError"_qs;
    }
}

// The server's clock as its Date header tells it ("Tue, 24 Nov 2026 15:08:13 GMT").
QDateTime serverDate(const QNetworkReply *reply)
{
    const QByteArray value = reply->rawHeader("Date");
    if (value.isEmpty())
        return {};
    QString text = QString::fromLatin1(value).trimmed();
    // Qt's RFC 2822 parser knows numeric zones only, and HTTP dates always say GMT.
    if (text.endsWith(u" GMT"_qs) || text.endsWith(u" UTC"_qs))
        text = text.chopped(4) + u" +0000"_qs;
    const QDateTime date = QDateTime::fromString(text, Qt::RFC2822Date);
    return date.isValid() ? date.toUTC() : QDateTime();
}

QString describeHeaders(const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArrayList &secrets)
{
    QString text;
    for (const auto &[name, value] : headers) {
        text += u"\n  "_qs + QString::fromLatin1(name) + u": "_qs
            + QString::fromLatin1(Redaction::knownSecrets(Redaction::headerValue(name, value), secrets));
    }
    return text;
}
} // namespace

class ApiJob::Private
{
public:
    Private(ApiJob *q, ElastiCacheClient *client, QString operation, QueryParams params, QString pageTokenName)
        : q(q)
        , client(client)
        , operation(std::move(operation))
        , params(std::move(params))
        , pageTokenName(std::move(pageTokenName))
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
        QByteArray body;
        int page = 1;
        int attempt = 1;
        int status = 200;
    };
    // Reads one page; when expectedToken is set, the next page has already been asked for with that token.
    void readPage(const PageAnswer &answer, const std::optional<QString> &expectedToken);
    void readPendingPage();
    bool advanceTo(const QString &token); // false (and failed) when the service repeats a token
    void fail(ApiError error);
    void succeed();
    void dropReply();

    ApiJob *q;
    QPointer<ElastiCacheClient> client;
    QString operation;
    QueryParams params;
    QString pageTokenName;
    QString pageToken;
    QStringList seenTokens;
    RetryState retry;
    QPointer<QNetworkReply> reply;
    QTimer retryTimer;
    QDateTime signedAt;
    QByteArrayList secrets; // of the current attempt's credentials, kept out of the log
    std::optional<PageAnswer> pending; // a page answered but not read yet (its successor is on its way)
    QString pendingToken;
    int page = 1;
    bool started = false;
    bool done = false;
};

void ApiJob::Private::start()
{
    if (started || done)
        return;
    started = true;
    if (!client) {
        fail(makeError(ApiError::Kind::Cancelled, u"Cancelled"_qs, u"The client was destroyed."_qs));
        return;
    }
    if (const QString problem = client->d->endpointProblem(); !problem.isEmpty()) {
        fail(makeError(ApiError::Kind::Config, u"InvalidEndpoint"_qs, problem));
        return;
    }
    if (!client->d->config.credentials) {
        fail(makeError(ApiError::Kind::Credentials, u"NoCredentials"_qs, u"Unable to locate credentials."_qs));
        return;
    }
    sendAttempt();
}

void ApiJob::Private::sendAttempt()
{
    if (done)
        return;
    if (!client) {
        fail(makeError(ApiError::Kind::Cancelled, u"Cancelled"_qs, u"The client was destroyed."_qs));
        return;
    }
    // Fetched for every attempt: later providers refresh expiring credentials.
    client->d->config.credentials->fetch(q, [this](const ApiResult<AwsCredentials> &credentials) {
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
        fail(makeError(ApiError::Kind::Cancelled, u"Cancelled"_qs, u"The client was destroyed."_qs));
        return;
    }
    auto *cd = client->d.get();
    QueryParams body = params;
    if (!pageToken.isEmpty())
        body.append(qMakePair(pageTokenName, pageToken));

    SigV4::Request signedRequest;
    signedRequest.method = "POST";
    const QByteArray path = cd->config.endpoint.path(QUrl::FullyEncoded).toLatin1();
    signedRequest.path = path.isEmpty() ? QByteArray("/") : path;
    const QByteArray host = SigV4::hostHeader(cd->config.endpoint);
    signedRequest.headers = {{"Host", host}, {"Content-Type", kContentType.toByteArray()}};
    signedRequest.body = QuerySerializer::formBody(operation, cd->config.apiVersion, body);

    SigV4::SigningParams signing;
    signing.accessKeyId = credentials.accessKeyId;
    signing.secretAccessKey = credentials.secretAccessKey;
    signing.sessionToken = credentials.sessionToken;
    signing.region = cd->config.region;
    signing.service = cd->config.signingName;
    signedAt = cd->now();
    signing.time = signedAt;
    SigV4::sign(signedRequest, signing);
    secrets = {credentials.secretAccessKey.toUtf8(), credentials.sessionToken.toUtf8()};

    // The AWS CLI's order: Host, Accept-Encoding, Content-Type, User-Agent, X-Amz-Date, (token), Authorization.
    QList<QPair<QByteArray, QByteArray>> headers;
    auto header = [&signedRequest](QByteArrayView name) {
        for (const auto &[n, v] : std::as_const(signedRequest.headers)) {
            if (n.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        }
        return QByteArray();
    };
    headers.append({"Host", host});
    headers.append({QByteArray("Accept-Encoding"), QByteArray("identity")});
    headers.append({"Content-Type", kContentType.toByteArray()});
    headers.append({"User-Agent", cd->config.userAgent.toUtf8()});
    headers.append({"X-Amz-Date", header("X-Amz-Date")});
    if (const QByteArray token = header("X-Amz-Security-Token"); !token.isEmpty())
        headers.append({"X-Amz-Security-Token", token});
    headers.append({"Authorization", header("Authorization")});

    QNetworkRequest request(cd->config.endpoint);
    for (const auto &[name, value] : std::as_const(headers))
        request.setRawHeader(name, value);
    request.setTransferTimeout(cd->config.transferTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);

    qCDebug(lcApi).noquote() << u"%1 page %2 attempt %3: POST %4"_qs.arg(operation)
                                    .arg(page)
                                    .arg(retry.attempt)
                                    .arg(cd->config.endpoint.toDisplayString())
                             << describeHeaders(headers, secrets)
                             << u"\n  body: "_qs
            + QString::fromUtf8(Redaction::knownSecrets(Redaction::formBody(signedRequest.body), secrets));

    QNetworkReply *r = cd->nam.post(request, signedRequest.body);
    r->setParent(q);
    reply = r;
    QObject::connect(r, &QNetworkReply::finished, q, [this, r] { onReplyFinished(r); });
    // Not earlier: QNetworkAccessManager starts the request from a queued call of its own, which a page read
    // queued before it would hold up. Queued, since reading may end the job and delete this reply.
    QObject::connect(
        r, &QNetworkReply::requestSent, q, [this] { readPendingPage(); }, Qt::QueuedConnection);
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

    const QNetworkReply::NetworkError networkError = finishedReply->error();
    const QVariant statusAttribute = finishedReply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const QByteArray body = finishedReply->isOpen() ? finishedReply->readAll() : QByteArray();
    const QDateTime date = serverDate(finishedReply);
    const int status = statusAttribute.isValid() ? statusAttribute.toInt() : 0;

    if (lcApi().isDebugEnabled()) {
        QList<QPair<QByteArray, QByteArray>> responseHeaders;
        for (const auto &pair : finishedReply->rawHeaderPairs())
            responseHeaders.append(pair);
        qCDebug(lcApi).noquote() << u"%1 page %2 attempt %3: HTTP %4 %5"_qs.arg(operation)
                                        .arg(page)
                                        .arg(retry.attempt)
                                        .arg(status)
                                        .arg(networkError == QNetworkReply::NoError ? QString()
                                                                                    : finishedReply->errorString())
                                 << describeHeaders(responseHeaders, secrets)
                                 << u"\n  body: "_qs
                + QString::fromUtf8(Redaction::knownSecrets(Redaction::xmlBody(body), secrets));
    }

    // Transport failures (refused, reset, closed mid-answer, timeout) count even when a status line arrived:
    // a body cut short must never be parsed as a short list.
    const bool transportFailure = networkError != QNetworkReply::NoError
        && (networkError < QNetworkReply::ContentAccessDenied || networkError == QNetworkReply::ProtocolFailure
            || !statusAttribute.isValid());
    if (transportFailure) {
        const QString target = client ? client->d->config.endpoint.toDisplayString() : QString();
        ApiError error;
        if (networkError == QNetworkReply::OperationCanceledError || networkError == QNetworkReply::TimeoutError) {
            // We never abort a reply we still listen to, so a cancelled one is the transfer timeout.
            const int timeoutMs = client ? client->d->config.transferTimeoutMs : 0;
            error = makeError(ApiError::Kind::Timeout, u"Timeout"_qs,
                              u"No answer from %1 within %2 ms."_qs.arg(target).arg(timeoutMs));
        } else {
            error = makeError(ApiError::Kind::Network, networkErrorCode(networkError),
                              u"Could not complete the request to %1: %2"_qs.arg(target, finishedReply->errorString()));
        }
        onFailure(error, QDateTime());
        return;
    }

    if (status < 200 || status >= 300) {
        ApiError error = ResponseParser::errorResponse(body, status);
        if (error.requestId.isEmpty())
            error.requestId = QString::fromLatin1(finishedReply->rawHeader("x-amzn-RequestId"));
        onFailure(error, date);
        return;
    }

    if (client)
        client->d->retry.onSuccess(retry);
    const PageAnswer answer {body, page, retry.attempt, status};
    if (!pageTokenName.isEmpty()) {
        if (const QString token = ResponseParser::peekPageToken(body, operation, pageTokenName); !token.isEmpty()) {
            // Ask for the next page first and read this one while the service works on that request: reading a
            // page takes a few milliseconds, which would otherwise be added to every round trip.
            if (!advanceTo(token))
                return;
            pending = answer;
            pendingToken = token;
            sendAttempt(); // this page is read once that request is out, at the latest when it is answered
            return;
        }
    }
    readPage(answer, std::nullopt);
}

void ApiJob::Private::readPendingPage()
{
    if (!pending || done)
        return;
    const PageAnswer answer = std::move(*pending);
    pending.reset();
    readPage(answer, pendingToken);
}

void ApiJob::Private::readPage(const PageAnswer &answer, const std::optional<QString> &expectedToken)
{
    const QPointer<ApiJob> guard(q);
    ApiResult<QString> next = q->handlePage(answer.body);
    if (!guard || done) // abort() from a pageReceived slot
        return;
    if (!next) {
        ApiError error = next.error();
        error.kind = ApiError::Kind::Parse;
        error.httpStatus = answer.status;
        error.attempts = answer.attempt;
        if (error.message.isEmpty())
            error.message = u"The answer to %1 could not be read."_qs.arg(operation);
        error.message = u"Page %1 of %2: %3"_qs.arg(answer.page).arg(operation, error.message);
        fail(error);
        return;
    }
    const QString token = next.value();
    if (expectedToken) {
        if (token != *expectedToken) {
            ApiError error
                = makeError(ApiError::Kind::Parse, u"PaginationError"_qs,
                            u"Page %1 of %2 names two different values of %3 (%4 and %5)."_qs.arg(answer.page)
                                .arg(operation, pageTokenName, *expectedToken, token));
            error.httpStatus = answer.status;
            error.attempts = answer.attempt;
            fail(error);
        }
        return; // the next page was asked for already
    }
    if (token.isEmpty() || pageTokenName.isEmpty()) {
        succeed();
        return;
    }
    if (!advanceTo(token))
        return;
    sendAttempt();
}

bool ApiJob::Private::advanceTo(const QString &token)
{
    if (seenTokens.contains(token)) {
        fail(makeError(
            ApiError::Kind::Parse, u"PaginationError"_qs,
            u"The service sent the same %1 twice (%2); stopping instead of looping."_qs.arg(pageTokenName, token)));
        return false;
    }
    seenTokens.append(token);
    pageToken = token;
    ++page;
    retry = RetryState();
    return true;
}

void ApiJob::Private::onFailure(ApiError error, const QDateTime &date)
{
    if (!client) {
        fail(makeError(ApiError::Kind::Cancelled, u"Cancelled"_qs, u"The client was destroyed."_qs));
        return;
    }
    const int attempt = retry.attempt;
    const RetryDecision decision = client->d->retry.onFailure(error, date, signedAt, retry);
    error.attempts = attempt;
    switch (decision.action) {
    case RetryDecision::Action::GiveUp:
        qCDebug(lcApi).noquote() << u"%1: not retrying (%2): %3"_qs.arg(operation, decision.reason, error.toString());
        fail(error);
        return;
    case RetryDecision::Action::CorrectClockRetry:
        client->d->clockOffsetMs += decision.clockAdjustmentMs;
        qCWarning(lcApi).noquote() << u"%1: %2; retrying"_qs.arg(operation, decision.reason);
        break;
    case RetryDecision::Action::Retry:
        qCDebug(lcApi).noquote() << u"%1: %2, retrying after %3 ms (attempt %4 of %5)"_qs
                                        .arg(operation, decision.reason)
                                        .arg(decision.delayMs)
                                        .arg(retry.attempt)
                                        .arg(client->d->retry.config().maxAttempts);
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

ApiJob::ApiJob(ElastiCacheClient *client, QString operation, QueryParams params, QString pageTokenName)
    : d(std::make_unique<Private>(this, client, std::move(operation), std::move(params), std::move(pageTokenName)))
{
    connect(&d->retryTimer, &QTimer::timeout, this, [this] { d->sendAttempt(); });
}

ApiJob::~ApiJob()
{
    d->done = true;
    d->dropReply();
}

QString ApiJob::operation() const
{
    return d->operation;
}

void ApiJob::start()
{
    d->start();
}

void ApiJob::cancel(const QString &message)
{
    d->fail(makeError(ApiError::Kind::Cancelled, u"Cancelled"_qs, message));
}

void ApiJob::abort()
{
    d->fail(makeError(ApiError::Kind::Cancelled, u"Cancelled"_qs, u"%1 was cancelled."_qs.arg(d->operation)));
}

// --- the typed jobs ---

namespace {
template<typename T>
ApiResult<QString> takePage(const ApiResult<ResponseParser::Page<T>> &page, QList<T> &items, bool accumulate,
                            QList<T> *delivered)
{
    if (!page)
        return page.error();
    if (accumulate)
        items += page.value().items;
    if (delivered)
        *delivered = page.value().items;
    return page.value().nextToken;
}
} // namespace

SnapshotListJob::SnapshotListJob(ElastiCacheClient *client, QueryParams params)
    : ApiJob(client, u"DescribeSnapshots"_qs, std::move(params), u"Marker"_qs)
{
}

void SnapshotListJob::setAccumulate(bool accumulate)
{
    m_accumulate = accumulate;
}

ApiResult<QString> SnapshotListJob::handlePage(const QByteArray &xml)
{
    QList<Snapshot> page;
    auto next = takePage(ResponseParser::describeSnapshots(xml), m_items, m_accumulate, &page);
    if (next)
        Q_EMIT pageReceived(page);
    return next;
}

void SnapshotListJob::finishWithError(const ApiError &error)
{
    Q_EMIT finished(error);
}

void SnapshotListJob::finishWithSuccess()
{
    Q_EMIT finished(std::move(m_items));
}

SnapshotJob::SnapshotJob(ElastiCacheClient *client, QString operation, QueryParams params)
    : ApiJob(client, std::move(operation), std::move(params), QString())
{
}

ApiResult<QString> SnapshotJob::handlePage(const QByteArray &xml)
{
    auto result = ResponseParser::snapshotResult(xml, operation());
    if (!result)
        return result.error();
    m_item = result.value();
    return QString();
}

void SnapshotJob::finishWithError(const ApiError &error)
{
    Q_EMIT finished(error);
}

void SnapshotJob::finishWithSuccess()
{
    Q_EMIT finished(m_item.value_or(Snapshot()));
}

ServerlessSnapshotListJob::ServerlessSnapshotListJob(ElastiCacheClient *client, QueryParams params)
    : ApiJob(client, u"DescribeServerlessCacheSnapshots"_qs, std::move(params), u"NextToken"_qs)
{
}

void ServerlessSnapshotListJob::setAccumulate(bool accumulate)
{
    m_accumulate = accumulate;
}

ApiResult<QString> ServerlessSnapshotListJob::handlePage(const QByteArray &xml)
{
    QList<ServerlessCacheSnapshot> page;
    auto next = takePage(ResponseParser::describeServerlessCacheSnapshots(xml), m_items, m_accumulate, &page);
    if (next)
        Q_EMIT pageReceived(page);
    return next;
}

void ServerlessSnapshotListJob::finishWithError(const ApiError &error)
{
    Q_EMIT finished(error);
}

void ServerlessSnapshotListJob::finishWithSuccess()
{
    Q_EMIT finished(std::move(m_items));
}

ServerlessSnapshotJob::ServerlessSnapshotJob(ElastiCacheClient *client, QString operation, QueryParams params)
    : ApiJob(client, std::move(operation), std::move(params), QString())
{
}

ApiResult<QString> ServerlessSnapshotJob::handlePage(const QByteArray &xml)
{
    auto result = ResponseParser::serverlessSnapshotResult(xml, operation());
    if (!result)
        return result.error();
    m_item = result.value();
    return QString();
}

void ServerlessSnapshotJob::finishWithError(const ApiError &error)
{
    Q_EMIT finished(error);
}

void ServerlessSnapshotJob::finishWithSuccess()
{
    Q_EMIT finished(m_item.value_or(ServerlessCacheSnapshot()));
}

CacheClusterListJob::CacheClusterListJob(ElastiCacheClient *client, QueryParams params)
    : ApiJob(client, u"DescribeCacheClusters"_qs, std::move(params), u"Marker"_qs)
{
}

ApiResult<QString> CacheClusterListJob::handlePage(const QByteArray &xml)
{
    return takePage(ResponseParser::describeCacheClusters(xml), m_items, true,
                    static_cast<decltype(m_items) *>(nullptr));
}

void CacheClusterListJob::finishWithError(const ApiError &error)
{
    Q_EMIT finished(error);
}

void CacheClusterListJob::finishWithSuccess()
{
    Q_EMIT finished(std::move(m_items));
}

ReplicationGroupListJob::ReplicationGroupListJob(ElastiCacheClient *client, QueryParams params)
    : ApiJob(client, u"DescribeReplicationGroups"_qs, std::move(params), u"Marker"_qs)
{
}

ApiResult<QString> ReplicationGroupListJob::handlePage(const QByteArray &xml)
{
    return takePage(ResponseParser::describeReplicationGroups(xml), m_items, true,
                    static_cast<decltype(m_items) *>(nullptr));
}

void ReplicationGroupListJob::finishWithError(const ApiError &error)
{
    Q_EMIT finished(error);
}

void ReplicationGroupListJob::finishWithSuccess()
{
    Q_EMIT finished(std::move(m_items));
}

ServerlessCacheListJob::ServerlessCacheListJob(ElastiCacheClient *client, QueryParams params)
    : ApiJob(client, u"DescribeServerlessCaches"_qs, std::move(params), u"NextToken"_qs)
{
}

ApiResult<QString> ServerlessCacheListJob::handlePage(const QByteArray &xml)
{
    return takePage(ResponseParser::describeServerlessCaches(xml), m_items, true,
                    static_cast<decltype(m_items) *>(nullptr));
}

void ServerlessCacheListJob::finishWithError(const ApiError &error)
{
    Q_EMIT finished(error);
}

void ServerlessCacheListJob::finishWithSuccess()
{
    Q_EMIT finished(std::move(m_items));
}
