// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "serviceclient.h"

#include "apilog.h"
#include "endpointresolver.h"
#include "redaction.h"
#include "sigv4.h"

#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

// Debug output (every request and response) only when asked for: --debug or QT_LOGGING_RULES.
Q_LOGGING_CATEGORY(lcApi, "cachesnap.api", QtInfoMsg)

namespace {
QString networkErrorCode(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return u"ConnectionRefused"_s;
    case QNetworkReply::RemoteHostClosedError:
        return u"ConnectionClosed"_s;
    case QNetworkReply::HostNotFoundError:
        return u"HostNotFound"_s;
    case QNetworkReply::SslHandshakeFailedError:
        return u"TlsError"_s;
    default:
        return u"NetworkError"_s;
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
    if (text.endsWith(u" GMT"_s) || text.endsWith(u" UTC"_s))
        text = text.chopped(4) + u" +0000"_s;
    const QDateTime date = QDateTime::fromString(text, Qt::RFC2822Date);
    return date.isValid() ? date.toUTC() : QDateTime();
}

QString describeHeaders(const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArrayList &secrets)
{
    QString text;
    for (const auto &[name, value] : headers) {
        text += u"\n  "_s + QString::fromLatin1(name) + u": "_s
            + QString::fromLatin1(Redaction::knownSecrets(Redaction::headerValue(name, value), secrets));
    }
    return text;
}

QByteArray headerValue(const SigV4::HeaderList &headers, QByteArrayView name)
{
    for (const auto &[n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

// Why a reply was aborted by watchLimits(), kept on the reply until receive() reads it.
constexpr char kLimitProperty[] = "cachesnap.limit";
enum class Limit { None, Deadline, Size };

void stopAt(QNetworkReply *reply, Limit limit)
{
    if (reply->isFinished())
        return;
    reply->setProperty(kLimitProperty, int(limit));
    reply->abort();
}

QString describeDuration(int ms)
{
    if (ms % 1000 == 0)
        return u"%1 s"_s.arg(ms / 1000);
    return u"%1 ms"_s.arg(ms);
}

QString describeBytes(qint64 bytes)
{
    constexpr qint64 kMiB = 1024 * 1024;
    if (bytes % kMiB == 0)
        return u"%1 MiB"_s.arg(bytes / kMiB);
    return u"%1 bytes"_s.arg(bytes);
}

// Whether reply carried less than its Content-Length announced (a close mid-answer that Qt did not report).
std::optional<qint64> shortBy(const QNetworkReply *reply, qsizetype received, int status)
{
    if (reply->operation() == QNetworkAccessManager::HeadOperation || status == 204 || status == 304
        || (status >= 100 && status < 200))
        return std::nullopt;
    if (reply->rawHeader("Transfer-Encoding").toLower().contains("chunked"))
        return std::nullopt;
    bool ok = false;
    const qint64 announced = reply->rawHeader("Content-Length").trimmed().toLongLong(&ok);
    if (!ok || announced <= received)
        return std::nullopt;
    return announced;
}

QNetworkReply *sendOn(QNetworkAccessManager &nam, const QNetworkRequest &request, const QByteArray &method,
                      const QByteArray &body)
{
    if (method == "POST")
        return nam.post(request, body);
    if (method == "PUT")
        return nam.put(request, body);
    if (method == "GET" && body.isEmpty())
        return nam.get(request);
    if (method == "HEAD")
        return nam.head(request);
    if (method == "DELETE" && body.isEmpty())
        return nam.deleteResource(request);
    return nam.sendCustomRequest(request, method, body);
}
} // namespace

ServiceTask::~ServiceTask() = default;

class ServiceClient::Private
{
public:
    Private(ClientConfig config, std::unique_ptr<const Protocol> protocol)
        : config(std::move(config))
        , protocol(std::move(protocol))
        , retry(this->config.retry)
    {
    }

    struct Launched
    {
        QPointer<QObject> job;
        ServiceTask *task;
    };

    // Qt's HTTP/1.1 opens at most 6 connections to a host per QNetworkAccessManager (Qt 6.4 has no setting for it)
    // and queues further requests: a caller with more calls in flight at once (SnapshotSweep) gets another
    // manager, so that its requests are not held back to 6. One manager is all the others ever use.
    static constexpr int kRequestsPerManager = 6;
    static constexpr int kMaxManagers = 12;
    struct Manager
    {
        std::unique_ptr<QNetworkAccessManager> nam;
        std::shared_ptr<int> inFlight = std::make_shared<int>(0);
    };
    Manager &manager();

    ClientConfig config;
    std::unique_ptr<const Protocol> protocol;
    std::vector<Manager> managers;
    RetryPolicy retry;
    qint64 clockOffsetMs = 0;
    QList<Launched> jobs;
};

ServiceClient::Private::Manager &ServiceClient::Private::manager()
{
    Manager *least = nullptr;
    for (Manager &m : managers) {
        if (*m.inFlight < kRequestsPerManager)
            return m;
        if (!least || *m.inFlight < *least->inFlight)
            least = &m;
    }
    if (least && int(managers.size()) >= kMaxManagers)
        return *least;
    Manager m;
    m.nam = std::make_unique<QNetworkAccessManager>();
    m.nam->setAutoDeleteReplies(false);
    managers.push_back(std::move(m));
    return managers.back();
}

ServiceClient::ServiceClient(ClientConfig config, std::unique_ptr<const Protocol> protocol, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(std::move(config), std::move(protocol)))
{
    Q_ASSERT(d->protocol);
    if (d->config.userAgent.isEmpty())
        d->config.userAgent
            = u"cachesnap/%1 Qt/%2"_s.arg(QLatin1StringView(CACHESNAP_VERSION), QLatin1StringView(qVersion()));
    ClientConfig &c = d->config;
    if (c.transferTimeoutMs <= 0)
        c.transferTimeoutMs = ClientConfig::kDefaultTransferTimeoutMs;
    if (c.totalTimeoutMs <= 0)
        c.totalTimeoutMs = ClientConfig::kDefaultTotalTimeoutMs;
    if (c.maxAnswerBytes <= 0)
        c.maxAnswerBytes = ClientConfig::kDefaultMaxAnswerBytes;
    if (c.maxPages <= 0)
        c.maxPages = ClientConfig::kDefaultMaxPages;
    if (c.maxItems <= 0)
        c.maxItems = ClientConfig::kDefaultMaxItems;
    if (const QString note = d->config.retry.note(); !note.isEmpty())
        qCInfo(lcApi).noquote() << note;
}

ServiceClient::~ServiceClient()
{
    cancelAll(u"The client was destroyed."_s);
}

const ClientConfig &ServiceClient::config() const
{
    return d->config;
}

const Protocol &ServiceClient::protocol() const
{
    return *d->protocol;
}

qint64 ServiceClient::clockOffsetMs() const
{
    return d->clockOffsetMs;
}

QDateTime ServiceClient::now() const
{
    return QDateTime::currentDateTimeUtc().addMSecs(d->clockOffsetMs);
}

void ServiceClient::setRetryRandomSource(std::function<double()> random)
{
    d->retry = RetryPolicy(d->config.retry, std::move(random));
}

std::function<double()> ServiceClient::retryRandomSource() const
{
    return d->retry.randomSource();
}

int ServiceClient::maxAttempts() const
{
    return d->retry.config().maxAttempts;
}

void ServiceClient::refuseRedirects(QNetworkRequest &request)
{
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
}

// The transfer timeout only catches silence: a body trickled one byte at a time, or a chunked answer that never
// ends, would run forever without a deadline. The size cap is checked as the bytes arrive and against the announced
// Content-Length, so that a huge answer is never held whole.
void ServiceClient::watchLimits(QNetworkReply *reply, int totalTimeoutMs, qint64 maxAnswerBytes)
{
    // Qt stops reading from the socket when this much is buffered and not read: never more than the cap in memory.
    reply->setReadBufferSize(maxAnswerBytes + 1);
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    QObject::connect(deadline, &QTimer::timeout, reply, [reply] { stopAt(reply, Limit::Deadline); });
    QObject::connect(reply, &QNetworkReply::finished, deadline, &QTimer::stop);
    deadline->start(totalTimeoutMs);
    QObject::connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, maxAnswerBytes] {
        bool ok = false;
        const qint64 announced = reply->rawHeader("Content-Length").trimmed().toLongLong(&ok);
        if (ok && announced > maxAnswerBytes)
            stopAt(reply, Limit::Size);
    });
    QObject::connect(reply, &QIODevice::readyRead, reply, [reply, maxAnswerBytes] {
        if (reply->bytesAvailable() > maxAnswerBytes)
            stopAt(reply, Limit::Size);
    });
}

std::optional<ApiError> ServiceClient::limitError(const QNetworkReply *reply, const QString &target, int totalTimeoutMs,
                                                  qint64 maxAnswerBytes)
{
    switch (Limit(reply->property(kLimitProperty).toInt())) {
    case Limit::Deadline:
        return ApiError::make(ApiError::Kind::Timeout, u"Timeout"_s,
                              u"The answer from %1 did not complete within %2 (the deadline of one request)."_s.arg(
                                  target, describeDuration(totalTimeoutMs)));
    case Limit::Size:
        return ApiError::make(
            ApiError::Kind::Parse, u"ResponseTooLarge"_s,
            u"The answer from %1 is larger than %2; stopped reading it."_s.arg(target, describeBytes(maxAnswerBytes)));
    case Limit::None:
        break;
    }
    return std::nullopt;
}

std::optional<ApiError> ServiceClient::configurationError() const
{
    if (d->config.region.isEmpty())
        return ApiError::make(ApiError::Kind::Config, u"InvalidEndpoint"_s,
                              u"No region is set; pass --region or set AWS_REGION."_s);
    if (const auto checked = EndpointResolver::checkEndpointUrl(d->config.endpoint); !checked)
        return ApiError::make(ApiError::Kind::Config, u"InvalidEndpoint"_s, checked.error().message);
    if (!d->config.credentials)
        return ApiError::make(ApiError::Kind::Credentials, u"NoCredentials"_s, u"Unable to locate credentials."_s);
    return std::nullopt;
}

void ServiceClient::launch(QObject *job, ServiceTask *task)
{
    d->jobs.removeIf([](const Private::Launched &l) { return l.job.isNull(); });
    d->jobs.append({job, task});
    QTimer::singleShot(0, job, [task] { task->start(); });
}

void ServiceClient::cancelAll(const QString &message)
{
    const QList<Private::Launched> jobs = std::exchange(d->jobs, {});
    for (const Private::Launched &launched : jobs) {
        if (launched.job)
            launched.task->cancel(ApiError::make(ApiError::Kind::Cancelled, u"Cancelled"_s, message));
    }
}

ServiceClient::Attempt ServiceClient::send(const HttpRequest &request, const AwsCredentials &credentials,
                                           const QString &label)
{
    const ClientConfig &config = d->config;
    const QUrl endpoint = request.endpoint.isEmpty() ? config.endpoint : request.endpoint;
    QUrl url = endpoint;
    if (!request.path.isEmpty())
        url.setPath(QString::fromLatin1(request.path), QUrl::TolerantMode);
    if (!request.query.isEmpty())
        url.setQuery(QString::fromLatin1(request.query), QUrl::TolerantMode);

    SigV4::Request signedRequest;
    signedRequest.method = request.method;
    const QByteArray path = request.path.isEmpty() ? endpoint.path(QUrl::FullyEncoded).toLatin1() : request.path;
    signedRequest.path = path.isEmpty() ? QByteArray("/") : path;
    signedRequest.query = request.query;
    const QByteArray host = SigV4::hostHeader(endpoint);
    signedRequest.headers = {{"Host", host}};
    signedRequest.headers += request.headers;
    signedRequest.body = request.body;

    SigV4::SigningParams signing;
    signing.accessKeyId = credentials.accessKeyId;
    signing.secretAccessKey = credentials.secretAccessKey;
    signing.sessionToken = credentials.sessionToken;
    signing.region = request.signingRegion.isEmpty() ? config.region : request.signingRegion;
    signing.service = config.signingName;
    signing.signBody = request.signPayload;
    if (request.signPathAsSent) {
        signing.normalizePath = false;
        signing.doubleEncodePath = false;
    }
    Attempt attempt;
    attempt.signedAt = now();
    attempt.label = label;
    signing.time = attempt.signedAt;
    SigV4::sign(signedRequest, signing);
    attempt.secrets = {credentials.secretAccessKey.toUtf8(), credentials.sessionToken.toUtf8()};

    // The AWS CLI's order: Host, Accept-Encoding, the protocol's (Content-Type), User-Agent, X-Amz-Date,
    // (x-amz-content-sha256), (token), Authorization.
    QList<QPair<QByteArray, QByteArray>> headers;
    headers.append({"Host", host});
    headers.append({QByteArray("Accept-Encoding"), QByteArray("identity")});
    headers += request.headers;
    headers.append({"User-Agent", config.userAgent.toUtf8()});
    headers.append({"X-Amz-Date", headerValue(signedRequest.headers, "X-Amz-Date")});
    if (request.signPayload)
        headers.append({"x-amz-content-sha256", headerValue(signedRequest.headers, "x-amz-content-sha256")});
    if (const QByteArray token = headerValue(signedRequest.headers, "X-Amz-Security-Token"); !token.isEmpty())
        headers.append({"X-Amz-Security-Token", token});
    headers.append({"Authorization", headerValue(signedRequest.headers, "Authorization")});

    QNetworkRequest networkRequest(url);
    for (const auto &[name, value] : std::as_const(headers))
        networkRequest.setRawHeader(name, value);
    networkRequest.setTransferTimeout(config.transferTimeoutMs);
    refuseRedirects(networkRequest);

    qCDebug(lcApi).noquote() << u"%1: %2 %3"_s.arg(label, QString::fromLatin1(request.method), url.toDisplayString())
                             << describeHeaders(headers, attempt.secrets)
                             << u"\n  body: "_s
            + QString::fromUtf8(Redaction::knownSecrets(d->protocol->redactedRequestBody(request.body),
                                                        attempt.secrets));

    Private::Manager &manager = d->manager();
    attempt.reply = sendOn(*manager.nam, networkRequest, request.method, request.body);
    ++*manager.inFlight;
    // Counted until the reply finishes or is deleted, whichever comes first.
    const auto released = std::make_shared<bool>(false);
    const auto release = [inFlight = manager.inFlight, released] {
        if (!std::exchange(*released, true))
            --*inFlight;
    };
    connect(attempt.reply, &QNetworkReply::finished, this, release);
    connect(attempt.reply, &QObject::destroyed, this, release);
    watchLimits(attempt.reply, config.totalTimeoutMs, config.maxAnswerBytes);
    return attempt;
}

ApiResult<HttpAnswer> ServiceClient::receive(QNetworkReply *reply, const Attempt &attempt) const
{
    const QNetworkReply::NetworkError networkError = reply->error();
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    HttpAnswer answer;
    answer.body = reply->isOpen() ? reply->readAll() : QByteArray();
    answer.date = serverDate(reply);
    answer.status = statusAttribute.isValid() ? statusAttribute.toInt() : 0;
    answer.reasonPhrase = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
    answer.requestId = QString::fromLatin1(reply->rawHeader("x-amzn-RequestId"));
    if (answer.requestId.isEmpty())
        answer.requestId = QString::fromLatin1(reply->rawHeader("x-amz-request-id")); // S3's
    for (const auto &pair : reply->rawHeaderPairs())
        answer.headers.append(pair);

    if (lcApi().isDebugEnabled()) {
        const QList<QPair<QByteArray, QByteArray>> &responseHeaders = answer.headers;
        qCDebug(lcApi).noquote() << u"%1: HTTP %2 %3"_s.arg(attempt.label)
                                        .arg(answer.status)
                                        .arg(networkError == QNetworkReply::NoError ? QString() : reply->errorString())
                                 << describeHeaders(responseHeaders, attempt.secrets)
                                 << u"\n  body: "_s
                + QString::fromUtf8(Redaction::knownSecrets(d->protocol->redactedAnswerBody(answer.body),
                                                            attempt.secrets));
    }

    // The server the request went to: the endpoint, or the host a request named itself (an S3 bucket's).
    QString target = d->config.endpoint.toDisplayString();
    if (const QUrl sent = reply->url(); sent.host() != d->config.endpoint.host())
        target = sent.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment).toDisplayString() + u'/';
    if (std::optional<ApiError> error = limitError(reply, target, d->config.totalTimeoutMs, d->config.maxAnswerBytes)) {
        if (error->kind == ApiError::Kind::Parse) { // too large: what the answer's head said is worth keeping
            error->httpStatus = answer.status;
            error->requestId = answer.requestId;
        }
        return *error;
    }

    // Transport failures (refused, reset, closed mid-answer, timeout) count even when a status line arrived:
    // a body cut short must never be parsed as a short list.
    const bool transportFailure = networkError != QNetworkReply::NoError
        && (networkError < QNetworkReply::ContentAccessDenied || networkError == QNetworkReply::ProtocolFailure
            || !statusAttribute.isValid());
    if (!transportFailure) {
        // Qt does not always report a connection closed before the announced Content-Length arrived.
        if (const std::optional<qint64> announced = shortBy(reply, answer.body.size(), answer.status)) {
            return ApiError::make(ApiError::Kind::Network, u"ConnectionClosed"_s,
                                  u"Could not complete the request to %1: the connection ended after %2 of the %3 "
                                  "bytes the answer announced."_s.arg(target)
                                      .arg(answer.body.size())
                                      .arg(*announced));
        }
        return answer;
    }
    if (networkError == QNetworkReply::OperationCanceledError || networkError == QNetworkReply::TimeoutError) {
        // We never abort a reply we still listen to but for the limits above, so a cancelled one is the transfer
        // timeout.
        return ApiError::make(
            ApiError::Kind::Timeout, u"Timeout"_s,
            u"No data from %1 for %2 (the idle timeout)."_s.arg(target, describeDuration(d->config.transferTimeoutMs)));
    }
    return ApiError::make(ApiError::Kind::Network, networkErrorCode(networkError),
                          u"Could not complete the request to %1: %2"_s.arg(target, reply->errorString()));
}

RetryDecision ServiceClient::retryDecision(const ApiError &error, const QDateTime &serverDate,
                                           const QDateTime &signedAt, RetryState &state)
{
    const RetryDecision decision = d->retry.onFailure(error, serverDate, signedAt, state);
    if (decision.action == RetryDecision::Action::CorrectClockRetry)
        d->clockOffsetMs += decision.clockAdjustmentMs;
    return decision;
}

void ServiceClient::recordSuccess(RetryState &state)
{
    d->retry.onSuccess(state);
}
