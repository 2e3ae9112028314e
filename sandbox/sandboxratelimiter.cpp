// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxratelimiter.h"

#include <algorithm>

SandboxRateLimiter::SandboxRateLimiter(double ratePerSecond, int burst)
    : m_rate(ratePerSecond > 0 ? ratePerSecond : 0)
    , m_burst(std::max(1, burst))
{
}

bool SandboxRateLimiter::isEnabled() const
{
    return m_rate > 0;
}

qsizetype SandboxRateLimiter::bucketCount() const
{
    return m_buckets.size();
}

void SandboxRateLimiter::forgetFullBuckets(qint64 nowMs)
{
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        const double refilled = it->tokens + double(nowMs - it->lastMs) * m_rate / 1000.0;
        if (refilled >= m_burst)
            it = m_buckets.erase(it);
        else
            ++it;
    }
}

bool SandboxRateLimiter::admit(const QString &key, qint64 nowMs)
{
    if (!isEnabled())
        return true;
    auto it = m_buckets.find(key);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= maxBuckets)
            forgetFullBuckets(nowMs);
        if (m_buckets.size() >= maxBuckets)
            return false; // every bucket is in use: too many callers at once is throttling too
        it = m_buckets.insert(key, Bucket {m_burst, nowMs});
    }
    // A clock that went backwards (it should not: the sandbox passes a monotonic one) refills nothing.
    const qint64 elapsed = std::max<qint64>(0, nowMs - it->lastMs);
    it->tokens = std::min(m_burst, it->tokens + double(elapsed) * m_rate / 1000.0);
    it->lastMs = std::max(it->lastMs, nowMs);
    if (it->tokens < 1.0)
        return false;
    it->tokens -= 1.0;
    return true;
}
