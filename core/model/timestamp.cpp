// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "timestamp.h"

using namespace Qt::StringLiterals;

namespace {

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z in microseconds since the epoch.
constexpr qint64 kMinUsecs = -62135596800LL * 1000000;
constexpr qint64 kMaxUsecs = 253402300799LL * 1000000 + 999999;
constexpr int kMaxOffsetSeconds = 24 * 3600;

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

QString twoDigits(int n)
{
    return QString::number(n).rightJustified(2, u'0');
}

} // namespace

Timestamp::Timestamp(const QDateTime &time)
{
    if (!time.isValid())
        return;
    // QDateTime reaches ±292 million years, where milliseconds times 1000 would overflow: outside 0001–9999 the
    // timestamp is invalid, as a parsed one is.
    const qint64 ms = time.toMSecsSinceEpoch();
    if (ms < floorDiv(kMinUsecs, 1000) || ms > kMaxUsecs / 1000)
        return;
    *this = fromMicroseconds(ms * 1000, time.timeSpec() == Qt::OffsetFromUTC ? time.offsetFromUtc() : 0);
}

Timestamp Timestamp::fromMicroseconds(qint64 usecsSinceEpoch, int offsetSeconds)
{
    Timestamp t;
    // Offsets beyond a day are no zone's (and -INT_MIN would overflow when printed).
    if (usecsSinceEpoch >= kMinUsecs && usecsSinceEpoch <= kMaxUsecs && offsetSeconds > -kMaxOffsetSeconds
        && offsetSeconds < kMaxOffsetSeconds) {
        t.m_usecs = usecsSinceEpoch;
        t.m_offset = offsetSeconds;
    }
    return t;
}

qint64 Timestamp::toMSecsSinceEpoch() const
{
    return floorDiv(m_usecs, 1000);
}

QDateTime Timestamp::toDateTime() const
{
    if (!isValid())
        return {};
    const qint64 ms = toMSecsSinceEpoch();
    if (m_offset == 0)
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::OffsetFromUTC, m_offset);
}

QString Timestamp::toPythonIso() const
{
    if (!isValid())
        return {};
    const qint64 local = m_usecs + qint64(m_offset) * 1000000;
    const qint64 seconds = floorDiv(local, 1000000);
    const int micros = int(local - seconds * 1000000);
    const QDateTime wall = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    QString out = wall.toString(u"yyyy-MM-ddTHH:mm:ss"_s);
    if (micros != 0)
        out += u'.' + QString::number(micros).rightJustified(6, u'0');
    const int offset = m_offset;
    const int magnitude = offset < 0 ? -offset : offset;
    out += (offset < 0 ? u'-' : u'+') + twoDigits(magnitude / 3600) + u':' + twoDigits(magnitude / 60 % 60);
    if (magnitude % 60)
        out += u':' + twoDigits(magnitude % 60);
    return out;
}

QString Timestamp::toServiceIso() const
{
    if (!isValid())
        return {};
    // By hand: QDateTime::toString() formats through QString::asprintf, which was a third of the sandbox's cost
    // of serving a page.
    const qint64 seconds = floorDiv(m_usecs, 1000000);
    const int micros = int(m_usecs - seconds * 1000000);
    const QDateTime utc = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    const QDate date = utc.date();
    const QTime clock = utc.time();
    char text[28];
    const auto put = [&text](int at, int value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10)
            text[at + i] = char('0' + value % 10);
    };
    put(0, date.year(), 4);
    text[4] = '-';
    put(5, date.month(), 2);
    text[7] = '-';
    put(8, date.day(), 2);
    text[10] = 'T';
    put(11, clock.hour(), 2);
    text[13] = ':';
    put(14, clock.minute(), 2);
    text[16] = ':';
    put(17, clock.second(), 2);
    text[19] = '.';
    int end = 20;
    if (micros % 1000 == 0) {
        put(end, micros / 1000, 3);
        end += 3;
    } else {
        put(end, micros, 6);
        end += 6;
    }
    text[end++] = 'Z';
    return QString::fromLatin1(text, end);
}

std::optional<Timestamp> Timestamp::parse(QStringView text)
{
    const QStringView s = text.trimmed();
    const qsizetype size = s.size();
    auto digit = [&s](qsizetype i) {
        return s.at(i).unicode() >= u'0' && s.at(i).unicode() <= u'9';
    };
    auto number = [&](qsizetype pos, int count, int &value) {
        if (pos + count > size)
            return false;
        value = 0;
        for (qsizetype i = pos; i < pos + count; ++i) {
            if (!digit(i))
                return false;
            value = value * 10 + (s.at(i).unicode() - u'0');
        }
        return true;
    };
    if (size == 0)
        return std::nullopt;

    // Epoch seconds, as botocore also accepts. At most 12 digits of seconds: the year-9999 bound, and no
    // overflow when they become microseconds.
    if (size <= 20 && s.indexOf(u'-') < 0 && s.indexOf(u':') < 0) {
        const qsizetype dot = s.indexOf(u'.');
        const QStringView whole = dot < 0 ? s : s.left(dot);
        const QStringView fraction = dot < 0 ? QStringView() : s.mid(dot + 1);
        if (whole.isEmpty() || whole.size() > 12 || (dot >= 0 && fraction.isEmpty()))
            return std::nullopt;
        qint64 seconds = 0;
        for (const QChar c : whole) {
            if (c.unicode() < u'0' || c.unicode() > u'9')
                return std::nullopt;
            seconds = seconds * 10 + (c.unicode() - u'0');
        }
        qint64 micros = 0;
        int places = 0;
        for (const QChar c : fraction) {
            if (c.unicode() < u'0' || c.unicode() > u'9')
                return std::nullopt;
            if (places++ < 6)
                micros = micros * 10 + (c.unicode() - u'0');
        }
        for (; places < 6; ++places)
            micros *= 10;
        const Timestamp t = fromMicroseconds(seconds * 1000000 + micros);
        return t.isValid() ? std::optional<Timestamp>(t) : std::nullopt;
    }

    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, micros = 0;
    if (!number(0, 4, year) || size < 19 || s.at(4) != u'-' || !number(5, 2, month) || s.at(7) != u'-'
        || !number(8, 2, day) || (s.at(10) != u'T' && s.at(10) != u't' && s.at(10) != u' ') || !number(11, 2, hour)
        || s.at(13) != u':' || !number(14, 2, minute) || s.at(16) != u':' || !number(17, 2, second))
        return std::nullopt;
    qsizetype pos = 19;
    if (pos < size && (s.at(pos) == u'.' || s.at(pos) == u',')) {
        ++pos;
        int places = 0;
        while (pos < size && digit(pos)) {
            if (places < 6)
                micros = micros * 10 + (s.at(pos).unicode() - u'0');
            ++places;
            ++pos;
        }
        if (places == 0)
            return std::nullopt;
        for (; places < 6; ++places)
            micros *= 10;
    }
    int offsetSeconds = 0;
    if (pos < size) {
        const QChar zone = s.at(pos);
        if ((zone == u'Z' || zone == u'z') && pos + 1 == size) {
            pos = size;
        } else if (zone == u'+' || zone == u'-') {
            int hh = 0, mm = 0;
            if (!number(pos + 1, 2, hh))
                return std::nullopt;
            pos += 3;
            if (pos < size && s.at(pos) == u':')
                ++pos;
            if (pos < size) {
                if (!number(pos, 2, mm))
                    return std::nullopt;
                pos += 2;
            }
            if (pos != size || hh > 23 || mm > 59)
                return std::nullopt;
            offsetSeconds = (zone == u'-' ? -1 : 1) * (hh * 3600 + mm * 60);
        } else {
            return std::nullopt;
        }
    }
    const QDate date(year, month, day);
    const QTime time(hour, minute, second);
    if (year < 1 || !date.isValid() || !time.isValid())
        return std::nullopt;
    const qint64 wallSeconds = QDateTime(date, time, Qt::UTC).toSecsSinceEpoch();
    const Timestamp t = fromMicroseconds((wallSeconds - offsetSeconds) * 1000000 + micros, offsetSeconds);
    if (!t.isValid())
        return std::nullopt;
    return t;
}
