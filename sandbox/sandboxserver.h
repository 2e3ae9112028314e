// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandboxconfig.h"
#include "sandboxratelimiter.h"

#include <QElapsedTimer>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrl>

#include <memory>

class QHttpServerRequest;
class QTcpSocket;
class SandboxEc2;
class SandboxFleet;
class SandboxState;
class SandboxSts;
struct SandboxResponse;

// A local ElastiCache endpoint over HTTP/1.1 (keep-alive) on Qt HttpServer: checks SigV4 on every request,
// serves the Query API from a SandboxState, answers with the service's status codes, headers (Date,
// x-amzn-RequestId) and XML, and injects faults on demand. The desktop app embeds one in-process; the
// cachesnap-sandbox binary wraps one.
class SandboxServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SandboxServer)

public:
    explicit SandboxServer(SandboxConfig config, QObject *parent = nullptr);
    // Saves the state (when a state file is configured).
    ~SandboxServer() override;

    // Loads the state file if there is one (otherwise seeds) and starts listening. On failure returns false
    // and says why.
    bool start(QString *errorMessage = nullptr);
    bool isListening() const;
    QUrl url() const; // http://127.0.0.1:PORT
    quint16 port() const;

    const SandboxConfig &config() const;
    QString accessKeyId() const;
    QString secretAccessKey() const;
    QString region() const;
    SandboxState *state() const; // the configured account's, in the configured region
    SandboxSts *sts() const; // STS AssumeRole and the SSO portal, and the temporary keys they issued
    SandboxEc2 *ec2() const; // EC2's DescribeSecurityGroups and the account's security groups
    // Every account in every region it serves (SandboxConfig::accountKeys and regions).
    SandboxFleet *fleet() const;
    // An account's state in a region (seeded on first use); nullptr when the account does not serve the region.
    SandboxState *state(const QString &accountId, const QString &region) const;

    // Writes the state file now (no-op without one). Also happens shortly after every change and on destruction.
    bool saveState(QString *errorMessage = nullptr);

    // Fault injection may change while running (tests, the app's demo menu).
    void setFaults(int latencyMs, double throttleRate, double errorRate, double dropRate, double truncateRate);
    // Requests per second per account, region and service, with a bucket of burst requests (0: one second's
    // worth); 0 turns the limit off. Starts every caller with a full bucket.
    void setRateLimit(double requestsPerSecond, int burst = 0);
    void setLatencyJitter(int jitterMs);
    quint64 requestCount() const;

Q_SIGNALS:
    void requestHandled(const QString &action, int httpStatus, const QString &errorCode);

private:
    class HttpServer;
    enum class Fault { None, Drop, Truncate };

    void handle(const QHttpServerRequest &request, QTcpSocket *socket);
    void handleS3(const QHttpServerRequest &request, QTcpSocket *socket, const QString &requestId, bool closeAfter);
    void respond(QTcpSocket *socket, const SandboxResponse &response, const QString &requestId, Fault fault,
                 bool closeAfter);
    void write(QTcpSocket *socket, const SandboxResponse &response, const QString &requestId, Fault fault,
               bool closeAfter);
    bool roll(double rate);
    // Whether the caller (account, region, service) is still within the rate limit; takes one request from it.
    bool withinRateLimit(const QString &accountId, const QString &region, QStringView service);

    SandboxConfig m_config;
    std::unique_ptr<SandboxState> m_state;
    std::unique_ptr<SandboxSts> m_sts;
    std::unique_ptr<SandboxEc2> m_ec2;
    std::unique_ptr<SandboxFleet> m_fleet;
    SandboxRateLimiter m_rateLimiter;
    QElapsedTimer m_clock; // monotonic, for the rate limit
    std::unique_ptr<HttpServer> m_http;
    QTimer m_saveTimer;
    QRandomGenerator m_random;
    quint16 m_port = 0;
    quint64 m_requests = 0;
};
