// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "retrypolicy.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

RetryConfig RetryConfig::forMode(Mode mode)
{
    RetryConfig config;
    config.mode = mode;
    config.maxAttempts = mode == Mode::Legacy ? 5 : 3;
    return config;
}

std::optional<RetryConfig::Mode> RetryConfig::parseMode(QStringView text)
{
    const QString t = text.trimmed().toString().toLower();
    if (t == u"standard")
        return Mode::Standard;
    if (t == u"legacy")
        return Mode::Legacy;
    if (t == u"adaptive")
        return Mode::Adaptive;
    return std::nullopt;
}

QString RetryConfig::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Standard:
        return u"standard"_s;
    case Mode::Legacy:
        return u"legacy"_s;
    case Mode::Adaptive:
        return u"adaptive"_s;
    }
    return {};
}

QString RetryConfig::note() const
{
    if (mode == Mode::Adaptive)
        return u"retry mode adaptive: client-side rate limiting is not implemented; retrying as in standard mode"_s;
    return {};
}

RetryQuota::RetryQuota(int capacity)
    : m_max(capacity)
    , m_available(capacity)
{
}

bool RetryQuota::acquire(int amount)
{
    if (amount > m_available)
        return false;
    m_available -= amount;
    return true;
}

void RetryQuota::release(int amount)
{
    m_available = std::min(m_max, m_available + std::max(0, amount));
}

int RetryQuota::available() const
{
    return m_available;
}

int RetryQuota::maximum() const
{
    return m_max;
}

RetryPolicy::RetryPolicy(RetryConfig config, RandomSource random)
    : m_config(std::move(config))
    , m_random(std::move(random))
{
    m_config.maxAttempts = std::max(1, m_config.maxAttempts);
    if (!m_random)
        m_random = [] {
            return QRandomGenerator::global()->generateDouble();
        };
}

const RetryConfig &RetryPolicy::config() const
{
    return m_config;
}

const RetryPolicy::RandomSource &RetryPolicy::randomSource() const
{
    return m_random;
}

RetryQuota &RetryPolicy::quota()
{
    return m_quota;
}

const RetryQuota &RetryPolicy::quota() const
{
    return m_quota;
}

bool RetryPolicy::isRetryable(const ApiError &error)
{
    return error.isThrottling() || error.isTransient();
}

int RetryPolicy::backoffMs(int attempt) const
{
    const double scaleMs = 1000.0 * std::pow(2.0, std::max(0, attempt - 1));
    const double capped
        = m_config.mode == RetryConfig::Mode::Legacy ? scaleMs : std::min<double>(scaleMs, kMaxBackoffMs);
    const double r = std::clamp(m_random(), 0.0, 1.0);
    return static_cast<int>(std::llround(std::min<double>(r * capped, std::numeric_limits<int>::max())));
}

std::optional<qint64> RetryPolicy::clockSkewCorrection(const ApiError &error, const QDateTime &serverDate,
                                                       const QDateTime &signedAt)
{
    if (!error.isClockSkew() || !serverDate.isValid() || !signedAt.isValid())
        return std::nullopt;
    const qint64 skew = signedAt.msecsTo(serverDate);
    if (std::abs(skew) < kClockSkewThresholdMs || std::abs(skew) > kMaxClockCorrectionMs)
        return std::nullopt;
    return skew;
}

RetryDecision RetryPolicy::onFailure(const ApiError &error, const QDateTime &serverDate, const QDateTime &signedAt,
                                     RetryState &state)
{
    RetryDecision decision;
    if (!state.clockCorrected) {
        if (const auto skew = clockSkewCorrection(error, serverDate, signedAt)) {
            // A wrong clock fails every attempt alike, so fix it and try again at once, outside the retry budget.
            state.clockCorrected = true;
            ++state.attempt;
            decision.action = RetryDecision::Action::CorrectClockRetry;
            decision.clockAdjustmentMs = *skew;
            decision.reason = u"clock skew of %1 s corrected from the server's Date"_s.arg(*skew / 1000);
            return decision;
        }
        if (error.isClockSkew() && serverDate.isValid() && signedAt.isValid()
            && std::abs(signedAt.msecsTo(serverDate)) > kMaxClockCorrectionMs) {
            decision.reason = u"the server's Date (%1) is too far from our clock to be a skew worth correcting"_s.arg(
                serverDate.toString(Qt::ISODate));
            return decision;
        }
    }
    if (!isRetryable(error)) {
        decision.reason = u"not retryable"_s;
        return decision;
    }
    if (state.attempt >= m_config.maxAttempts) {
        decision.reason = u"max attempts (%1) reached"_s.arg(m_config.maxAttempts);
        return decision;
    }
    if (m_config.mode != RetryConfig::Mode::Legacy) {
        const int cost = error.kind == ApiError::Kind::Timeout ? RetryQuota::kTimeoutRetryCost : RetryQuota::kRetryCost;
        if (!m_quota.acquire(cost)) {
            decision.reason = u"retry quota exhausted"_s;
            return decision;
        }
        state.quotaHeld = cost;
    }
    decision.action = RetryDecision::Action::Retry;
    decision.delayMs = backoffMs(state.attempt);
    decision.reason = error.code.isEmpty() ? error.message : error.code;
    ++state.attempt;
    return decision;
}

void RetryPolicy::onSuccess(RetryState &state)
{
    if (m_config.mode == RetryConfig::Mode::Legacy)
        return;
    m_quota.release(state.quotaHeld > 0 ? state.quotaHeld : RetryQuota::kNoRetryIncrement);
    state.quotaHeld = 0;
}
