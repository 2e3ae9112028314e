// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>

// The service's API rate limits as a token bucket per caller key (the sandbox uses account, region and service):
// a bucket holds at most burst requests and refills at rate requests a second; a request finding it empty is
// throttled. Times are passed in (milliseconds of a monotonic clock), so the rule is tested without waiting.
class SandboxRateLimiter
{
public:
    // A limiter keeps at most this many buckets (the sandbox's served accounts, regions and services stay far
    // below it); a full one forgets the buckets that have refilled, which is the same as never having seen them.
    static constexpr qsizetype maxBuckets = 100000;

    SandboxRateLimiter() = default;
    SandboxRateLimiter(double ratePerSecond, int burst);

    bool isEnabled() const;
    // true: the request is within the limit and takes one token; false: throttle it.
    bool admit(const QString &key, qint64 nowMs);
    qsizetype bucketCount() const;

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 lastMs = 0;
    };
    void forgetFullBuckets(qint64 nowMs);

    double m_rate = 0;
    double m_burst = 0;
    QHash<QString, Bucket> m_buckets;
};
