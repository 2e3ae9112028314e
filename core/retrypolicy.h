// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"

#include <QDateTime>
#include <QString>

#include <functional>
#include <limits>
#include <optional>

// How a client retries, as configured by AWS_RETRY_MODE / AWS_MAX_ATTEMPTS or the profile's retry_mode /
// max_attempts.
struct RetryConfig
{
    enum class Mode {
        Standard, // botocore "standard": 3 attempts, backoff capped at 20 s, retry quota
        Legacy, // botocore "legacy": 5 attempts, uncapped backoff, no quota
        Adaptive, // accepted; behaves like Standard (no client-side rate limiting yet), see note()
    };

    Mode mode = Mode::Standard;
    int maxAttempts = 3; // total attempts including the first one; at least 1

    // The SDK defaults for a mode (Standard/Adaptive 3 attempts, Legacy 5).
    static RetryConfig forMode(Mode mode);
    static std::optional<Mode> parseMode(QStringView text); // "standard" | "legacy" | "adaptive"
    static QString modeName(Mode mode);
    // A remark for logs and --debug when the mode is not implemented exactly; empty otherwise.
    QString note() const;

    bool operator==(const RetryConfig &) const = default;
};

// botocore's retry quota (retries/quota.py): a token bucket shared by all calls of one client, so that an
// outage does not multiply the load with retries.
class RetryQuota
{
public:
    static constexpr int kInitialCapacity = 500;
    static constexpr int kRetryCost = 5;
    static constexpr int kTimeoutRetryCost = 10;
    static constexpr int kNoRetryIncrement = 1;

    explicit RetryQuota(int capacity = kInitialCapacity);
    bool acquire(int amount);
    void release(int amount);
    int available() const;
    int maximum() const;

private:
    int m_max;
    int m_available;
};

// The retry state of one request (one page of a call) across its attempts.
struct RetryState
{
    int attempt = 1; // the attempt that is about to be sent or was just answered, from 1
    int quotaHeld = 0; // capacity taken from the quota for the latest retry, refunded on success
    bool clockCorrected = false;
};

struct RetryDecision
{
    enum class Action {
        GiveUp, // report the error (with error.attempts set by the caller)
        Retry, // wait delayMs, then send again
        CorrectClockRetry // add clockAdjustmentMs to the client's clock offset, then send again at once
    };
    Action action = Action::GiveUp;
    int delayMs = 0;
    qint64 clockAdjustmentMs = 0;
    QString reason; // for the debug log: "Throttling", "max attempts (3) reached", "retry quota exhausted", …
};

// Pure retry decisions in the manner of botocore's standard mode (retries/standard.py): throttling codes,
// 5xx, network errors and timeouts are retried with `random() * 2**(attempt-1)` seconds of backoff (capped at
// 20 s), at most maxAttempts attempts, each retry paid from the quota. A clock-skew error whose answer carries
// a Date far from ours is corrected and retried once. Nothing else is retried.
class RetryPolicy
{
public:
    using RandomSource = std::function<double()>; // uniform in [0, 1)

    // How far the server's clock may be from ours before a skew error is blamed on our clock (the service
    // accepts 5 minutes).
    static constexpr qint64 kClockSkewThresholdMs = 4 * 60 * 1000;
    // The largest skew corrected, as the AWS SDK for Java v2 bounds it (ClockSkewAdjuster: the skew in seconds
    // must fit an int, about 68 years; botocore corrects no skew at all). A Date further away is not a clock we
    // could be off by: the error is reported as it is.
    static constexpr qint64 kMaxClockCorrectionMs = qint64(std::numeric_limits<qint32>::max()) * 1000;
    static constexpr int kMaxBackoffMs = 20 * 1000;

    explicit RetryPolicy(RetryConfig config = {}, RandomSource random = {});

    const RetryConfig &config() const;
    const RandomSource &randomSource() const;
    RetryQuota &quota();
    const RetryQuota &quota() const;

    static bool isRetryable(const ApiError &error);
    // The wait before the retry that follows failed attempt `attempt` (from 1).
    int backoffMs(int attempt) const;

    // After attempt state.attempt failed with error. serverDate is the answer's Date header (invalid when
    // absent); signedAt the (corrected) time the request was signed with. Advances state when retrying.
    RetryDecision onFailure(const ApiError &error, const QDateTime &serverDate, const QDateTime &signedAt,
                            RetryState &state);
    // After a 2xx answer: refunds the quota (what the last retry took, or the no-retry increment).
    void onSuccess(RetryState &state);

    // How far (server minus signing time, in ms) a skew error says our clock is off, or nothing when the Date
    // does not show a skew beyond the threshold, or one beyond kMaxClockCorrectionMs.
    static std::optional<qint64> clockSkewCorrection(const ApiError &error, const QDateTime &serverDate,
                                                     const QDateTime &signedAt);

private:
    RetryConfig m_config;
    RandomSource m_random;
    RetryQuota m_quota;
};
