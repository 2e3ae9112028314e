// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxevents.h"

#include "model/timestamp.h"
#include "sandboxerrors.h"

#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace SandboxErrors;

namespace {

const QStringList kSourceTypes {u"cache-cluster"_s,
                                u"cache-parameter-group"_s,
                                u"cache-security-group"_s,
                                u"cache-subnet-group"_s,
                                u"replication-group"_s,
                                u"serverless-cache"_s,
                                u"serverless-cache-snapshot"_s,
                                u"user"_s,
                                u"user-group"_s,
                                QString(SandboxEvents::snapshotSourceType)};

constexpr int kMaxDurationMinutes = SandboxEvents::keptDays * 24 * 60;

QString encodeMarker(qint64 sequence)
{
    return QString::fromLatin1(QByteArray("DescribeEvents\n" + QByteArray::number(sequence))
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<qint64> decodeMarker(const QString &marker)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        marker.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || !decoded.decoded.startsWith("DescribeEvents\n"))
        return std::nullopt;
    bool ok = false;
    const qint64 sequence = decoded.decoded.mid(15).toLongLong(&ok);
    return ok ? std::optional<qint64>(sequence) : std::nullopt;
}

std::optional<QDateTime> readTime(const QString &text)
{
    const auto parsed = Timestamp::parse(text);
    if (!parsed)
        return std::nullopt;
    const QDateTime time = parsed->toDateTime();
    return time.isValid() ? std::optional<QDateTime>(time.toUTC()) : std::nullopt;
}

} // namespace

void SandboxEvents::record(const QString &sourceIdentifier, const QString &sourceType, const QString &message,
                           const QDateTime &at)
{
    forget(at);
    if (m_events.size() >= maxEvents)
        m_events.removeFirst();
    m_events.append({sourceIdentifier, sourceType, message.left(maxMessageLength), at.toUTC(), m_nextSequence++});
}

void SandboxEvents::forget(const QDateTime &now)
{
    const QDateTime horizon = now.addDays(-keptDays);
    const auto firstKept
        = std::find_if(m_events.cbegin(), m_events.cend(), [&](const SandboxEvent &e) { return e.date >= horizon; });
    m_events.erase(m_events.cbegin(), firstKept);
}

ApiResult<SandboxEventPage> SandboxEvents::describe(const SandboxEventQuery &query, const QDateTime &now) const
{
    int maxRecords = 100;
    if (!query.maxRecords.isNull()) {
        bool ok = false;
        maxRecords = query.maxRecords.toInt(&ok);
        if (!ok)
            return invalidParameterValue(u"Invalid value '%1' for MaxRecords: not an integer."_s.arg(query.maxRecords));
        if (maxRecords < 20 || maxRecords > 100)
            return outOfRange(u"MaxRecords"_s, maxRecords, 20, 100);
    }
    if (!query.sourceType.isEmpty() && !kSourceTypes.contains(query.sourceType))
        return invalidParameterValue(u"Invalid value '%1' for SourceType. Valid values are %2."_s.arg(
            query.sourceType, kSourceTypes.join(u", ")));
    std::optional<QDateTime> start;
    std::optional<QDateTime> end;
    if (!query.startTime.isEmpty() && !(start = readTime(query.startTime)))
        return invalidParameterValue(u"Invalid value '%1' for StartTime: not an ISO 8601 time."_s.arg(query.startTime));
    if (!query.endTime.isEmpty() && !(end = readTime(query.endTime)))
        return invalidParameterValue(u"Invalid value '%1' for EndTime: not an ISO 8601 time."_s.arg(query.endTime));
    std::optional<int> duration;
    if (!query.duration.isEmpty()) {
        bool ok = false;
        duration = query.duration.toInt(&ok);
        if (!ok)
            return invalidParameterValue(u"Invalid value '%1' for Duration: not an integer."_s.arg(query.duration));
        if (*duration < 1 || *duration > kMaxDurationMinutes)
            return outOfRange(u"Duration"_s, *duration, 1, kMaxDurationMinutes);
    }
    // The window: by default the last hour; Duration counts back from EndTime (or now), or on from StartTime.
    if (start && duration && !end)
        end = start->addSecs(qint64(*duration) * 60);
    if (!end)
        end = now;
    if (!start)
        start = end->addSecs(-qint64(duration.value_or(60)) * 60);
    if (*start > *end)
        return invalidParameterCombination(u"StartTime must be before EndTime."_s);

    std::optional<qint64> before;
    if (!query.marker.isEmpty() && !(before = decodeMarker(query.marker)))
        return invalidMarker();
    const QString identifier = query.sourceIdentifier.toLower();
    SandboxEventPage page;
    const QDateTime horizon = now.addDays(-keptDays);
    for (auto it = m_events.crbegin(); it != m_events.crend(); ++it) {
        if (before && it->sequence >= *before)
            continue;
        if (it->date < *start || it->date > *end || it->date < horizon)
            continue;
        if (!query.sourceType.isEmpty() && it->sourceType != query.sourceType)
            continue;
        if (!identifier.isEmpty() && it->sourceIdentifier.toLower() != identifier)
            continue;
        if (page.events.size() == maxRecords) {
            page.marker = encodeMarker(page.events.constLast().sequence);
            break;
        }
        page.events.append(*it);
    }
    return page;
}

QList<SandboxEvent> SandboxEvents::all() const
{
    return m_events;
}

void SandboxEvents::clear()
{
    m_events.clear();
}

QJsonArray SandboxEvents::toJson() const
{
    QJsonArray array;
    for (const SandboxEvent &e : m_events)
        array.append(QJsonObject {{u"sourceIdentifier"_s, e.sourceIdentifier},
                                  {u"sourceType"_s, e.sourceType},
                                  {u"message"_s, e.message},
                                  {u"date"_s, e.date.toString(Qt::ISODateWithMs)}});
    return array;
}

bool SandboxEvents::fromJson(const QJsonArray &json, QString *errorMessage)
{
    clear();
    if (json.size() > maxEvents) {
        *errorMessage = u"%1 events are more than %2"_s.arg(json.size()).arg(maxEvents);
        return false;
    }
    QDateTime previous;
    for (const QJsonValue &value : json) {
        const QJsonObject o = value.toObject();
        SandboxEvent e;
        e.sourceIdentifier = o.value(u"sourceIdentifier"_s).toString();
        e.sourceType = o.value(u"sourceType"_s).toString();
        e.message = o.value(u"message"_s).toString();
        e.date = QDateTime::fromString(o.value(u"date"_s).toString(), Qt::ISODateWithMs).toUTC();
        QString problem;
        if (e.sourceIdentifier.isEmpty() || e.sourceIdentifier.size() > 1024)
            problem = u"an event's source identifier is empty or longer than 1024 characters"_s;
        else if (!kSourceTypes.contains(e.sourceType))
            problem = u"an event's source type is not one of %1"_s.arg(kSourceTypes.join(u", "));
        else if (e.message.isEmpty() || e.message.size() > maxMessageLength)
            problem = u"an event's message is empty or longer than %1 characters"_s.arg(maxMessageLength);
        else if (!e.date.isValid())
            problem = u"an event's date is not a time"_s;
        else if (previous.isValid() && e.date < previous)
            problem = u"events are not in the order they happened"_s;
        if (!problem.isEmpty()) {
            *errorMessage = problem;
            clear();
            return false;
        }
        previous = e.date;
        e.sequence = m_nextSequence++;
        m_events.append(e);
    }
    return true;
}
