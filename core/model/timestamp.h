// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

#include <compare>
#include <limits>
#include <optional>

// A model timestamp as the service sent it: an instant with microsecond precision and the UTC offset it was
// written with. QDateTime keeps milliseconds only, and awscli v2 prints what botocore read (Python datetime:
// microseconds), so a listing keeps these 16 bytes, not a QDateTime; toDateTime() is for arithmetic and display.
class Timestamp
{
public:
    constexpr Timestamp() = default;
    // Milliseconds of the value, its offset if it is Qt::OffsetFromUTC, UTC otherwise.
    Timestamp(const QDateTime &time); // NOLINT(google-explicit-constructor): a QDateTime is a timestamp
    // Invalid outside 0001-01-01–9999-12-31 UTC, or with an offset of a day or more.
    static Timestamp fromMicroseconds(qint64 usecsSinceEpoch, int offsetSeconds = 0);

    // ISO 8601 as the service and botocore write it: 2024-03-01T10:00:00.123456Z, …Z, …+02:00, …+0200, no
    // zone (taken as UTC); fractions beyond microseconds are truncated. Also epoch seconds ("1709287200.5").
    // Years outside 0001–9999 and out-of-range epoch values give nullopt.
    static std::optional<Timestamp> parse(QStringView text);

    constexpr bool isValid() const { return m_usecs != kInvalid; }
    constexpr qint64 toMicroseconds() const { return m_usecs; }
    qint64 toMSecsSinceEpoch() const;
    constexpr int offsetSeconds() const { return m_offset; }
    QDateTime toDateTime() const; // milliseconds; Qt::UTC, or Qt::OffsetFromUTC with the offset

    // Python's datetime.isoformat() of what botocore parsed, as awscli v2 prints it:
    // "2023-11-20T08:30:00+00:00", "2024-03-01T10:00:00.123000+00:00" (six digits when not whole seconds).
    QString toPythonIso() const;
    // The service's form, in UTC: "2024-03-02T04:05:06.789Z", with six digits when there are microseconds.
    QString toServiceIso() const;

    // Instants compare; the offset is how it was written, not what it is.
    friend constexpr bool operator==(const Timestamp &a, const Timestamp &b)
    {
        return a.m_usecs == b.m_usecs && a.m_offset == b.m_offset;
    }
    friend constexpr std::strong_ordering operator<=>(const Timestamp &a, const Timestamp &b)
    {
        return a.m_usecs <=> b.m_usecs;
    }

private:
    static constexpr qint64 kInvalid = std::numeric_limits<qint64>::min();
    qint64 m_usecs = kInvalid; // since the epoch, UTC
    qint32 m_offset = 0; // seconds east of UTC, as written
};
