// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxserver.h"

#include "endpointresolver.h"
#include "sandboxec2.h"
#include "sandboxerrors.h"
#include "sandboxfleet.h"
#include "sandboxhandler.h"
#include "sandboxs3.h"
#include "sandboxseeder.h"
#include "sandboxstate.h"
#include "sandboxsts.h"
#include "sigv4.h"

#include <QAbstractHttpServer>
#include <QFile>
#include <QFileInfo>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QLocale>
#include <QLoggingCategory>
#include <QPointer>
#include <QSaveFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcSandbox)

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
    }
}

QByteArray httpDate(const QDateTime &time)
{
    return QLocale::c().toString(time.toUTC(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1();
}

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    default:
        return "OTHER";
    }
}

// How the AWS Query front end words a request outside the 5-minute window (as a SignatureDoesNotMatch, 403).
QString expiredMessage(const QDateTime &requestTime, const QDateTime &now, int maxSkewSeconds)
{
    const auto stamp = [](const QDateTime &t) {
        return QString::fromLatin1(SigV4::amzDate(t));
    };
    const int minutes = maxSkewSeconds / 60;
    if (requestTime < now)
        return u"Signature expired: %1 is now earlier than %2 (%3 - %4 min.)"_s.arg(
            stamp(requestTime), stamp(now.addSecs(-maxSkewSeconds)), stamp(now), QString::number(minutes));
    return u"Signature not yet current: %1 is still later than %2 (%3 + %4 min.)"_s.arg(
        stamp(requestTime), stamp(now.addSecs(maxSkewSeconds)), stamp(now), QString::number(minutes));
}

constexpr char kIdleTimerName[] = "cachesnap-sandbox-idle";

// What the service answers for a region the caller's account has not enabled (an opt-in region): the key is not
// known there. Query services (ElastiCache, STS) say InvalidClientTokenId, EC2 AuthFailure (snapshot-rules.md,
// "Fleet: regions and accounts").
ApiError regionNotEnabled(bool ec2)
{
    if (ec2)
        return SandboxErrors::make(401, u"AuthFailure"_s,
                                   u"AWS was not able to validate the provided access credentials"_s);
    return SandboxErrors::make(403, u"InvalidClientTokenId"_s,
                               u"The security token included in the request is invalid."_s);
}

// The access key and region of a SigV4 Authorization header; empty when it is not one.
std::pair<QString, QString> signedKeyAndRegion(const QByteArray &authorization)
{
    QString error;
    const auto parsed = SigV4::parseAuthorization(authorization, &error);
    if (!parsed)
        return {};
    return {parsed->accessKeyId, parsed->region};
}

// Accepts connections for QAbstractHttpServer (which takes them with nextPendingConnection()) and gives each socket an
// idle timer: Qt 6.4's HTTP server keeps a connection open for as long as the client does. Any byte in either
// direction restarts the timer; when it runs out the connection is closed, or cut when the client has stopped
// reading what it was sent.
class IdleClosingTcpServer final : public QTcpServer
{
public:
    IdleClosingTcpServer(int idleMs, QObject *parent)
        : QTcpServer(parent)
        , m_idleMs(idleMs)
    {
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        auto *idle = new QTimer(socket);
        idle->setObjectName(QLatin1StringView(kIdleTimerName));
        idle->setSingleShot(true);
        idle->setInterval(m_idleMs);
        connect(idle, &QTimer::timeout, socket, [socket] {
            if (socket->bytesToWrite() > 0)
                socket->abort();
            else
                socket->disconnectFromHost();
        });
        const auto restart = [idle] {
            idle->start();
        };
        connect(socket, &QIODevice::readyRead, idle, restart);
        connect(socket, &QIODevice::bytesWritten, idle, restart);
        idle->start();
        addPendingConnection(socket);
    }

private:
    int m_idleMs;
};

// An answer that is held back (injected latency) is not idleness: the timer waits until it is written.
void pauseIdleTimer(QTcpSocket *socket)
{
    if (auto *idle = socket->findChild<QTimer *>(QLatin1StringView(kIdleTimerName), Qt::FindDirectChildrenOnly))
        idle->stop();
}

} // namespace

// Qt HttpServer parses HTTP/1.1 and keeps connections alive; answering through the socket ourselves gives
// control over the exact bytes (headers, faults that cut a response short).
class SandboxServer::HttpServer final : public QAbstractHttpServer
{
public:
    explicit HttpServer(SandboxServer *owner)
        : m_owner(owner)
    {
    }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        m_owner->handle(request, socket);
        return true;
    }
    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override { }

private:
    SandboxServer *m_owner;
};

SandboxServer::SandboxServer(SandboxConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_state(std::make_unique<SandboxState>(m_config))
    , m_sts(std::make_unique<SandboxSts>(m_config))
    , m_ec2(std::make_unique<SandboxEc2>(m_config))
    , m_fleet(std::make_unique<SandboxFleet>(m_config, m_state.get(), m_ec2.get()))
    , m_rateLimiter(m_config.rateLimit, m_config.effectiveRateBurst())
    , m_http(std::make_unique<HttpServer>(this))
    , m_random(quint32(m_config.seed ^ (m_config.seed >> 32)))
{
    m_sts->setAccounts(m_fleet->accounts());
    m_clock.start();
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(1000);
    connect(&m_saveTimer, &QTimer::timeout, this, [this] {
        QString error;
        if (!saveState(&error))
            qCWarning(lcSandbox) << "cannot save the sandbox state:" << error;
    });
    connect(m_state.get(), &SandboxState::changed, this, [this] {
        if (!m_config.statePath.isEmpty())
            m_saveTimer.start();
    });
}

SandboxServer::~SandboxServer()
{
    QString error;
    if (!saveState(&error))
        qCWarning(lcSandbox) << "cannot save the sandbox state:" << error;
}

bool SandboxServer::start(QString *errorMessage)
{
    QString error;
    bool loaded = false;
    if (!m_config.statePath.isEmpty() && QFileInfo::exists(m_config.statePath)) {
        QFile file(m_config.statePath);
        if (!file.open(QIODevice::ReadOnly)) {
            error = u"cannot read %1: %2"_s.arg(m_config.statePath, file.errorString());
        } else {
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
            if (parseError.error != QJsonParseError::NoError)
                error = u"%1 is not JSON: %2"_s.arg(m_config.statePath, parseError.errorString());
            else if (!m_state->fromJson(document.object(), &error))
                error = u"%1: %2"_s.arg(m_config.statePath, error);
            else
                loaded = true;
        }
        if (!loaded) {
            if (errorMessage)
                *errorMessage = error;
            return false;
        }
    }
    if (!loaded)
        SandboxSeeder::seed(*m_state);
    if (m_config.seedAllAtStart) {
        for (const auto &[account, regions] : SandboxFleet::servedRegions(m_config)) {
            for (const QString &region : regions)
                m_fleet->state(account, region);
        }
    }

    if (!m_config.address.isLoopback() && !m_config.allowRemote) {
        if (errorMessage)
            *errorMessage
                = u"%1 is not a loopback address: the sandbox accepts its documented keys, so it serves only "
                  "this machine unless remote access is allowed explicitly"_s.arg(m_config.address.toString());
        return false;
    }
    const int idleMs = int(std::clamp(m_config.idleTimeoutSeconds * 1000.0, 1.0, 24.0 * 3600 * 1000));
    auto *tcp = new IdleClosingTcpServer(idleMs, m_http.get());
    if (!tcp->listen(m_config.address, m_config.port)) {
        if (errorMessage)
            *errorMessage = u"cannot listen on %1: %2"_s.arg(url().authority(), tcp->errorString());
        delete tcp;
        return false;
    }
    m_http->bind(tcp);
    m_port = tcp->serverPort();
    return true;
}

bool SandboxServer::isListening() const
{
    return m_port != 0;
}

QUrl SandboxServer::url() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(m_config.address.toString()); // QUrl puts an IPv6 address in brackets
    url.setPort(m_port != 0 ? m_port : m_config.port);
    url.setPath(u"/"_s);
    return url;
}

quint16 SandboxServer::port() const
{
    return m_port;
}

const SandboxConfig &SandboxServer::config() const
{
    return m_config;
}

QString SandboxServer::accessKeyId() const
{
    return m_config.accessKeyId;
}

QString SandboxServer::secretAccessKey() const
{
    return m_config.secretAccessKey;
}

QString SandboxServer::region() const
{
    return m_config.region;
}

SandboxState *SandboxServer::state() const
{
    return m_state.get();
}

SandboxSts *SandboxServer::sts() const
{
    return m_sts.get();
}

SandboxEc2 *SandboxServer::ec2() const
{
    return m_ec2.get();
}

SandboxFleet *SandboxServer::fleet() const
{
    return m_fleet.get();
}

SandboxState *SandboxServer::state(const QString &accountId, const QString &region) const
{
    return m_fleet->state(accountId, region);
}

quint64 SandboxServer::requestCount() const
{
    return m_requests;
}

void SandboxServer::setFaults(int latencyMs, double throttleRate, double errorRate, double dropRate,
                              double truncateRate)
{
    m_config.latencyMs = latencyMs;
    m_config.throttleRate = throttleRate;
    m_config.errorRate = errorRate;
    m_config.dropRate = dropRate;
    m_config.truncateRate = truncateRate;
}

void SandboxServer::setRateLimit(double requestsPerSecond, int burst)
{
    m_config.rateLimit = requestsPerSecond;
    m_config.rateBurst = burst;
    m_rateLimiter = SandboxRateLimiter(m_config.rateLimit, m_config.effectiveRateBurst());
}

void SandboxServer::setLatencyJitter(int jitterMs)
{
    m_config.latencyJitterMs = jitterMs;
}

bool SandboxServer::withinRateLimit(const QString &accountId, const QString &region, QStringView service)
{
    if (!m_rateLimiter.isEnabled())
        return true;
    return m_rateLimiter.admit(accountId + u'/' + region + u'/' + service, m_clock.elapsed());
}

bool SandboxServer::saveState(QString *errorMessage)
{
    m_saveTimer.stop();
    if (m_config.statePath.isEmpty())
        return true;
    QSaveFile file(m_config.statePath);
    if (!file.open(QIODevice::WriteOnly)) {
        if (errorMessage)
            *errorMessage = u"cannot write %1: %2"_s.arg(m_config.statePath, file.errorString());
        return false;
    }
    file.write(QJsonDocument(m_state->toJson()).toJson(QJsonDocument::Compact));
    if (!file.commit()) {
        if (errorMessage)
            *errorMessage = u"cannot write %1: %2"_s.arg(m_config.statePath, file.errorString());
        return false;
    }
    return true;
}

bool SandboxServer::roll(double rate)
{
    if (rate <= 0)
        return false;
    return rate >= 1 || m_random.generateDouble() < rate;
}

void SandboxServer::handle(const QHttpServerRequest &request, QTcpSocket *socket)
{
    ++m_requests;
    const QString requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QByteArray body = request.body();
    const QByteArray query = request.url().query(QUrl::FullyEncoded).toLatin1();
    const bool closeAfter = request.value("connection").toLower() == "close";

    SandboxResponse response;
    Fault fault = Fault::None;
    QueryParams params = QuerySerializer::parseFormBody(query);
    params += QuerySerializer::parseFormBody(body);
    const QString action = [&] {
        for (const auto &[name, value] : params) {
            if (name == u"Action")
                return value;
        }
        return QString();
    }();

    // S3 (sandboxs3.cpp): requests signed for service "s3", with S3's own signature rules and documents.
    if (m_config.verifySignatures && SandboxS3::isS3Request(request.value("authorization"))) {
        handleS3(request, socket, requestId, closeAfter);
        return;
    }

    // STS and the SSO portal (sandboxsts.cpp): their own signing service, or a bearer token instead of SigV4.
    const bool forSts = SandboxSts::isStsRequest(request.value("authorization"), params);
    const bool forSsoPortal = SandboxSts::isSsoPortalRequest(methodName(request.method()), request.url().path());
    // EC2 (sandboxec2.cpp): signed for "ec2", answered and refused in EC2's documents.
    const bool forEc2 = !forSts && SandboxEc2::isEc2Request(request.value("authorization"), params);
    const auto errorResponse = [&](const ApiError &error) {
        return forEc2 ? SandboxEc2::errorResponse(error, action, requestId)
                      : SandboxHandler::errorResponse(error, action, requestId);
    };
    QString callerKeyId;
    // Whose data answers: the signing key's account in the region of the signature's scope.
    QString callerAccount = m_config.accountId;
    QString callerRegion = m_config.region;

    std::optional<ApiError> refusal;
    if (m_config.verifySignatures && !forSsoPortal) {
        SigV4::Request signedRequest;
        signedRequest.method = methodName(request.method());
        signedRequest.path = request.url().path(QUrl::FullyEncoded).toLatin1();
        if (signedRequest.path.isEmpty())
            signedRequest.path = "/";
        signedRequest.query = query;
        signedRequest.headers = request.headers();
        signedRequest.body = body;
        SigV4::VerifyOptions options;
        // One region's sandbox refuses another region's signature as a regional endpoint does; a fleet serves
        // every region and answers for the ones an account does not serve below.
        options.region = m_config.servesFleet() ? QString() : m_config.region;
        options.now = QDateTime::currentDateTimeUtc().addSecs(m_config.clockOffsetSeconds);
        options.maxSkewSeconds = SandboxDefaults::maxClockSkewSeconds;
        if (forSts)
            options.service = u"sts"_s;
        else if (forEc2)
            options.service = u"ec2"_s;
        const SigV4::VerifyResult verdict = SigV4::verify(
            signedRequest,
            [&](const QString &id) -> std::optional<QString> {
                if (auto secret = m_fleet->secretFor(id))
                    return secret;
                return m_sts->secretFor(id);
            },
            options);
        callerKeyId = verdict.accessKeyId;
        if (verdict.status == SigV4::VerifyStatus::Expired) {
            // AWS Query services (ElastiCache, RDS, STS, IAM) answer a skewed clock with this form, which botocore
            // and our RetryPolicy recognise as clock skew by its message.
            refusal = SandboxErrors::make(
                403, u"SignatureDoesNotMatch"_s,
                expiredMessage(verdict.requestTime, options.now, SandboxDefaults::maxClockSkewSeconds));
        } else if (!verdict.ok()) {
            refusal = SandboxErrors::make(verdict.httpStatus(), verdict.awsErrorCode(), verdict.message);
        } else {
            refusal = m_sts->checkSessionToken(verdict.accessKeyId, verdict.sessionToken);
        }
        if (verdict.ok() && !refusal) {
            const QString temporaryAccount = m_sts->accountOf(verdict.accessKeyId);
            callerAccount = temporaryAccount.isEmpty() ? m_fleet->accountOf(verdict.accessKeyId) : temporaryAccount;
            callerRegion = signedKeyAndRegion(request.value("authorization")).second;
            // STS's global endpoint signs for us-east-1, which every account can use.
            const bool globalSts = forSts && callerRegion == u"us-east-1";
            if (!EndpointResolver::isValidRegionName(callerRegion))
                refusal = SandboxErrors::make(
                    403, u"SignatureDoesNotMatch"_s,
                    u"Credential should be scoped to a valid region, not '%1'. "_s.arg(callerRegion));
            else if (!globalSts && !m_fleet->serves(callerAccount, callerRegion))
                refusal = regionNotEnabled(forEc2);
        }
    }

    const QStringView service = forSts ? u"sts" : forEc2 ? u"ec2" : u"elasticache";
    if (refusal) {
        response = errorResponse(*refusal);
    } else if (!forSsoPortal && !withinRateLimit(callerAccount, callerRegion, service)) {
        response = errorResponse(SandboxErrors::make(400, u"Throttling"_s, u"Rate exceeded"_s));
    } else if (roll(m_config.throttleRate)) {
        response = errorResponse(SandboxErrors::make(400, u"Throttling"_s, u"Rate exceeded"_s));
    } else if (roll(m_config.errorRate)) {
        const bool unavailable = m_random.generateDouble() < 0.5;
        response = errorResponse(
            unavailable ? SandboxErrors::make(503, u"ServiceUnavailable"_s, u"Service is unavailable."_s)
                        : SandboxErrors::make(500, u"InternalFailure"_s, u"An internal error has occurred."_s));
    } else if (forSsoPortal) {
        response
            = m_sts->handleSsoPortal(request.value("x-amz-sso_bearer_token"), QuerySerializer::parseFormBody(query));
    } else if (forSts) {
        response = m_sts->handleSts(params, callerKeyId, callerAccount, requestId);
    } else {
        if (forEc2) {
            SandboxEc2 *ec2 = m_fleet->ec2(callerAccount, callerRegion);
            response = ec2 ? ec2->handle(params, requestId) : errorResponse(regionNotEnabled(true));
        } else {
            SandboxState *state = m_fleet->state(callerAccount, callerRegion);
            response
                = state ? SandboxHandler::handle(*state, params, requestId) : errorResponse(regionNotEnabled(false));
        }
        if (roll(m_config.dropRate))
            fault = Fault::Drop;
        else if (roll(m_config.truncateRate))
            fault = Fault::Truncate;
    }
    respond(socket, response, requestId, fault, closeAfter);
}

void SandboxServer::handleS3(const QHttpServerRequest &request, QTcpSocket *socket, const QString &requestId,
                             bool closeAfter)
{
    SandboxS3::Request s3;
    s3.method = methodName(request.method());
    s3.path = request.url().path(QUrl::FullyEncoded).toLatin1();
    s3.query = request.url().query(QUrl::FullyEncoded).toLatin1();
    s3.headers = request.headers();
    s3.body = request.body();
    SandboxS3::Caller caller;
    caller.secretFor = [this](const QString &id) -> std::optional<QString> {
        if (auto secret = m_fleet->secretFor(id))
            return secret;
        return m_sts->secretFor(id);
    };
    caller.checkToken = [this](const QString &id, const QString &token) {
        return m_sts->checkSessionToken(id, token);
    };
    // S3's buckets are the account's, whatever region a request is signed for: the key's account's bucket store
    // (SandboxS3 checks the signature itself; an unknown key is refused there).
    const auto [keyId, signedRegion] = signedKeyAndRegion(request.value("authorization"));
    const QString temporaryAccount = m_sts->accountOf(keyId);
    const QString account = temporaryAccount.isEmpty() ? m_fleet->accountOf(keyId) : temporaryAccount;
    caller.accountId = account.isEmpty() ? m_config.accountId : account;
    SandboxState *state = m_fleet->state(caller.accountId, m_fleet->bucketRegion(caller.accountId));
    if (!state)
        state = m_state.get();
    caller.now = QDateTime::currentDateTimeUtc().addSecs(m_config.clockOffsetSeconds);

    Fault fault = Fault::None;
    SandboxResponse response;
    const bool head = s3.method == "HEAD";
    const auto slowDown = [&] {
        return SandboxS3::errorResponse(SandboxErrors::make(503, u"SlowDown"_s, u"Please reduce your request rate."_s),
                                        requestId, {}, head);
    };
    if (!account.isEmpty() && !withinRateLimit(account, signedRegion, u"s3")) {
        response = slowDown();
    } else if (roll(m_config.throttleRate)) {
        response = slowDown();
    } else if (roll(m_config.errorRate)) {
        response = SandboxS3::errorResponse(
            SandboxErrors::make(500, u"InternalError"_s, u"We encountered an internal error. Please try again."_s),
            requestId, {}, head);
    } else {
        response = SandboxS3::handle(*state, s3, caller, requestId);
        if (!head && roll(m_config.dropRate))
            fault = Fault::Drop;
        else if (!head && roll(m_config.truncateRate))
            fault = Fault::Truncate;
    }
    respond(socket, response, requestId, fault, closeAfter);
}

void SandboxServer::respond(QTcpSocket *socket, const SandboxResponse &response, const QString &requestId, Fault fault,
                            bool closeAfter)
{
    Q_EMIT requestHandled(response.action, response.httpStatus, response.errorCode);

    int delayMs = m_config.latencyMs;
    if (m_config.latencyJitterMs > 0)
        delayMs += int(m_random.bounded(quint32(m_config.latencyJitterMs) + 1));
    if (delayMs > 0) {
        pauseIdleTimer(socket);
        QPointer<QTcpSocket> guard(socket);
        QTimer::singleShot(delayMs, socket, [this, guard, response, requestId, fault, closeAfter] {
            if (guard)
                write(guard, response, requestId, fault, closeAfter);
        });
        return;
    }
    write(socket, response, requestId, fault, closeAfter);
}

void SandboxServer::write(QTcpSocket *socket, const SandboxResponse &response, const QString &requestId, Fault fault,
                          bool closeAfter)
{
    QByteArray body = response.body;
    if (fault == Fault::Truncate)
        body.truncate(body.size() / 2); // a complete HTTP message whose XML stops half-way
    QByteArray head;
    head.reserve(256);
    head += "HTTP/1.1 " + QByteArray::number(response.httpStatus) + ' ' + reasonPhrase(response.httpStatus) + "\r\n";
    head += "x-amzn-RequestId: " + requestId.toLatin1() + "\r\n";
    head += "Content-Type: " + response.contentType + "\r\n";
    for (const auto &[name, value] : response.headers)
        head += name + ": " + value + "\r\n";
    head += "Content-Length: " + QByteArray::number(response.headOnly ? response.contentLength : body.size()) + "\r\n";
    head += "Date: " + httpDate(QDateTime::currentDateTimeUtc().addSecs(m_config.clockOffsetSeconds)) + "\r\n";
    if (closeAfter)
        head += "Connection: close\r\n";
    head += "\r\n";
    // One write: QTcpSocket sends each write() as its own segment, and a body held back by Nagle behind an
    // unacknowledged head waited for the client's delayed ACK (a 40 ms stall on about one answer in a hundred).
    if (response.headOnly) {
        socket->write(head);
        if (closeAfter)
            socket->disconnectFromHost();
        return;
    }
    head.reserve(head.size() + body.size());
    if (fault == Fault::Drop) {
        // A drop announces the whole body and then closes the connection half-way through it.
        head += body.left(body.size() / 2);
        socket->write(head);
        socket->flush();
        socket->disconnectFromHost();
        return;
    }
    head += body;
    socket->write(head);
    if (closeAfter)
        socket->disconnectFromHost();
}
