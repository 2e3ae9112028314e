// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "clientconfig.h"
#include "httpexchange.h"
#include "protocol.h"
#include "retrypolicy.h"

#include <QByteArrayList>
#include <QDateTime>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

class QNetworkReply;
class QNetworkRequest;

// What a service client launches: started on the next event-loop turn (so the caller can connect first),
// cancelled when the client is destroyed before it ends.
class ServiceTask
{
public:
    virtual ~ServiceTask();
    virtual void start() = 0;
    virtual void cancel(const ApiError &error) = 0;
};

// The layer under every service: one QNetworkAccessManager, the configuration, the retry policy (with its
// quota shared by all calls), the clock offset learned from clock-skew answers, SigV4 signing, and the jobs it
// launched. A protocol (Query, later REST-XML) plugs in beside it; typed façades (ElastiCacheClient,
// StsClient) sit on top. Knows nothing of any operation.
class ServiceClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceClient)

public:
    ServiceClient(ClientConfig config, std::unique_ptr<const Protocol> protocol, QObject *parent = nullptr);
    ~ServiceClient() override; // cancels the jobs still running

    const ClientConfig &config() const;
    const Protocol &protocol() const;
    // Added to the local clock for signing, from clock-skew answers.
    qint64 clockOffsetMs() const;
    QDateTime now() const; // the local clock corrected by the learned offset, UTC
    // Replaces the retry backoff's random source (uniform in [0, 1)); tests pass 0 for immediate retries.
    void setRetryRandomSource(std::function<double()> random);
    // The one set, or an empty function (the default source).
    std::function<double()> retryRandomSource() const;
    int maxAttempts() const;

    // The redirect policy of every request a client in core sends with credentials (a SigV4 signature, an SSO
    // bearer token): redirects are never followed, so credentials never reach another origin; a 3xx answer is
    // the caller's to report as an error (as botocore does).
    static void refuseRedirects(QNetworkRequest &request);
    // The total deadline and the answer-size cap of one reply (ClientConfig's totalTimeoutMs and maxAnswerBytes),
    // which every request a client in core sends has; once the reply has finished, limitError() says whether one of
    // them stopped it, as the error to report (target names the server).
    static void watchLimits(QNetworkReply *reply, int totalTimeoutMs, qint64 maxAnswerBytes);
    static std::optional<ApiError> limitError(const QNetworkReply *reply, const QString &target, int totalTimeoutMs,
                                              qint64 maxAnswerBytes);

    // Why nothing can be sent (no region, an unusable endpoint, no credentials provider); nothing when fine.
    std::optional<ApiError> configurationError() const;

    // Starts task on the next event-loop turn (unless job is gone by then) and cancels it when this client is
    // destroyed or cancelAll() is called first.
    void launch(QObject *job, ServiceTask *task);
    // Ends every running job with Kind::Cancelled and message.
    void cancelAll(const QString &message);

    // One attempt on the wire.
    struct Attempt
    {
        QNetworkReply *reply = nullptr; // the caller takes it (setParent) and deletes it
        QDateTime signedAt; // the corrected time it was signed for
        QByteArrayList secrets; // of the credentials used, kept out of the debug log
        QString label; // "DescribeSnapshots page 2 attempt 1", for the debug log
    };
    // Signs request with credentials for now() and sends it to the endpoint.
    Attempt send(const HttpRequest &request, const AwsCredentials &credentials, const QString &label);
    // The answer of a finished reply, or its transport failure (refused, reset, closed mid-answer, timed out):
    // a body cut short is never passed on as an answer.
    ApiResult<HttpAnswer> receive(QNetworkReply *reply, const Attempt &attempt) const;
    // After a failed attempt: whether and when to retry. A clock-skew correction is applied to now() here.
    RetryDecision retryDecision(const ApiError &error, const QDateTime &serverDate, const QDateTime &signedAt,
                                RetryState &state);
    // After a 2xx answer: refunds the retry quota.
    void recordSuccess(RetryState &state);

private:
    class Private;
    std::unique_ptr<Private> d;
};
