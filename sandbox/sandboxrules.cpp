// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxrules.h"

#include "sandboxerrors.h"
#include "tagrules.h"

using namespace Qt::StringLiterals;
using namespace SandboxErrors;

namespace SandboxRules {

namespace {

constexpr int kMinutesPerDay = 24 * 60;
constexpr int kMinutesPerWeek = 7 * kMinutesPerDay;

bool isAsciiLetter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

// "hh24:mi" in minutes of the day; -1 when it is not that.
int minutesOfDay(QStringView text)
{
    if (text.size() != 5 || text.at(2) != u':' || !isAsciiDigit(text.at(0)) || !isAsciiDigit(text.at(1))
        || !isAsciiDigit(text.at(3)) || !isAsciiDigit(text.at(4)))
        return -1;
    const int hours = text.left(2).toInt();
    const int minutes = text.mid(3, 2).toInt();
    if (hours > 23 || minutes > 59)
        return -1;
    return hours * 60 + minutes;
}

// "ddd:hh24:mi" in minutes of the week; -1 when it is not that.
int minutesOfWeek(QStringView text)
{
    static const QStringList days {u"sun"_s, u"mon"_s, u"tue"_s, u"wed"_s, u"thu"_s, u"fri"_s, u"sat"_s};
    if (text.size() != 9 || text.at(3) != u':')
        return -1;
    const qsizetype day = days.indexOf(text.left(3).toString().toLower());
    const int minutes = minutesOfDay(text.mid(4));
    if (day < 0 || minutes < 0)
        return -1;
    return int(day) * kMinutesPerDay + minutes;
}

} // namespace

std::optional<ApiError> checkIdentifier(const QString &parameter, const QString &value, int maxLength)
{
    if (value.isEmpty())
        return invalidParameterValue(u"The parameter %1 must be provided and must not be blank."_s.arg(parameter));
    if (value.size() > maxLength)
        return invalidParameterValue(
            u"The parameter %1 must be between 1 and %2 characters long."_s.arg(parameter).arg(maxLength));
    bool ok = isAsciiLetter(value.front()) && !value.contains(u"--"_s) && !value.endsWith(u'-');
    for (QChar c : value)
        ok = ok && (isAsciiLetter(c) || isAsciiDigit(c) || c == u'-');
    if (!ok)
        return invalidParameterValue(
            u"The parameter %1 is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens."_s
                .arg(parameter));
    return std::nullopt;
}

int Range::length(int period) const
{
    const int span = (end - start + period) % period;
    return span == 0 ? period : span;
}

bool Range::overlaps(const Range &other, int period) const
{
    // Two ranges on a circle overlap when either one's start lies inside the other (ends are exclusive).
    const auto inside = [period](int point, const Range &r) {
        return (point - r.start + period) % period < r.length(period);
    };
    return inside(start, other) || inside(other.start, *this);
}

std::optional<Range> parseWeeklyWindow(const QString &text)
{
    const qsizetype dash = text.indexOf(u'-');
    if (dash < 0)
        return std::nullopt;
    const int start = minutesOfWeek(QStringView(text).left(dash));
    const int end = minutesOfWeek(QStringView(text).mid(dash + 1));
    if (start < 0 || end < 0)
        return std::nullopt;
    return Range {start, end};
}

std::optional<Range> parseDailyWindow(const QString &text)
{
    const qsizetype dash = text.indexOf(u'-');
    if (dash < 0)
        return std::nullopt;
    const int start = minutesOfDay(QStringView(text).left(dash));
    const int end = minutesOfDay(QStringView(text).mid(dash + 1));
    if (start < 0 || end < 0)
        return std::nullopt;
    return Range {start, end};
}

std::optional<ApiError> checkMaintenanceWindow(const QString &window)
{
    if (window.isEmpty())
        return std::nullopt;
    const auto range = parseWeeklyWindow(window);
    if (!range)
        return invalidParameterValue(
            u"Invalid maintenance window %1: it must be in the format ddd:hh24:mi-ddd:hh24:mi (UTC), for example sun:23:00-mon:01:30."_s
                .arg(window));
    if (range->start == range->end || range->length(kMinutesPerWeek) < 60)
        return invalidParameterValue(u"Maintenance window must be at least 60 minutes."_s);
    if (range->length(kMinutesPerWeek) > 24 * 60)
        return invalidParameterValue(u"Maintenance window must be less than 24 hours."_s);
    return std::nullopt;
}

std::optional<ApiError> checkRetention(const std::optional<int> &retention)
{
    if (retention && (*retention < 0 || *retention > 35))
        return invalidParameterValue(
            u"Invalid snapshot retention limit %1: it must be between 0 and 35 days (0 turns automatic backups off)."_s
                .arg(*retention));
    return std::nullopt;
}

std::optional<ApiError> checkSnapshotWindow(const QString &window)
{
    if (window.isEmpty())
        return std::nullopt;
    const auto range = parseDailyWindow(window);
    if (!range)
        return invalidParameterValue(
            u"Invalid snapshot window %1: it must be in the format hh24:mi-hh24:mi (UTC), for example 05:00-09:00."_s
                .arg(window));
    if (range->start == range->end || range->length(kMinutesPerDay) < 60)
        return invalidParameterValue(u"Snapshot window must be at least 60 minutes."_s);
    return std::nullopt;
}

std::optional<ApiError> checkWindowsApart(const QString &snapshotWindow, const QString &maintenanceWindow)
{
    const auto daily = parseDailyWindow(snapshotWindow);
    const auto weekly = parseWeeklyWindow(maintenanceWindow);
    if (!daily || !weekly)
        return std::nullopt;
    for (int day = 0; day < 7; ++day) {
        const Range onDay {day * kMinutesPerDay + daily->start,
                           (day * kMinutesPerDay + daily->start + daily->length(kMinutesPerDay)) % kMinutesPerWeek};
        if (onDay.overlaps(*weekly, kMinutesPerWeek))
            return invalidParameterValue(u"The snapshot window and maintenance window must not overlap."_s);
    }
    return std::nullopt;
}

std::optional<ApiError> checkDailySnapshotTime(const QString &time)
{
    if (time.isEmpty() || minutesOfDay(time) >= 0)
        return std::nullopt;
    return invalidParameterValue(
        u"Invalid daily snapshot time %1: it must be in the format HH:MM (24-hour clock, UTC), for example 04:00."_s
            .arg(time));
}

std::optional<ApiError> checkTags(const QList<Tag> &tags)
{
    for (const Tag &tag : tags) {
        // In characters, as the service counts them (a character outside the BMP is two UTF-16 units).
        if (tag.key.isEmpty() || TagRules::characterCount(tag.key) > 128)
            return invalidParameterValue(u"Tag keys must be between 1 and 128 characters in length."_s);
        if (TagRules::characterCount(tag.value) > 256)
            return invalidParameterValue(u"Tag values must be between 0 and 256 characters in length."_s);
        if (tag.key.startsWith(u"aws:"_s, Qt::CaseInsensitive))
            return invalidParameterValue(
                u"The prefix \"aws:\" is reserved for AWS use and cannot be used in a tag key (%1)."_s.arg(tag.key));
    }
    return std::nullopt;
}

ApiError tagQuotaExceeded()
{
    return make(
        400, u"TagQuotaPerResourceExceeded"_s,
        u"The request cannot be processed because it would cause the resource to have more than the allowed number of tags. The maximum number of tags permitted on a resource is 50."_s);
}

QList<Tag> mergedTags(const QList<Tag> &existing, const QList<Tag> &added)
{
    QList<Tag> merged = existing;
    for (const Tag &tag : added) {
        auto it = std::find_if(merged.begin(), merged.end(), [&](const Tag &t) { return t.key == tag.key; });
        Tag stored = tag;
        if (stored.value.isNull())
            stored.value = u""_s;
        if (it != merged.end())
            *it = stored;
        else
            merged.append(stored);
    }
    return merged;
}

std::optional<Arn> parseArn(const QString &arn)
{
    const QStringList parts = arn.split(u':');
    if (parts.size() != 7 || parts.at(0) != u"arn" || parts.at(2) != u"elasticache" || parts.at(1).isEmpty()
        || parts.at(3).isEmpty() || parts.at(4).isEmpty() || parts.at(5).isEmpty() || parts.at(6).isEmpty())
        return std::nullopt;
    return Arn {parts.at(1), parts.at(3), parts.at(4), parts.at(5), parts.at(6)};
}

ApiError invalidArn(const QString &arn)
{
    return make(400, u"InvalidARN"_s, u"The ARN %1 is not valid."_s.arg(arn));
}

std::optional<S3Object> parseS3ObjectArn(const QString &arn)
{
    const QString prefix = u"arn:aws:s3:::"_s;
    if (!arn.startsWith(prefix))
        return std::nullopt;
    const QString rest = arn.mid(prefix.size());
    const qsizetype slash = rest.indexOf(u'/');
    if (slash <= 0 || slash == rest.size() - 1 || rest.contains(u','))
        return std::nullopt;
    return S3Object {rest.left(slash), rest.mid(slash + 1)};
}

bool isDataTieringNodeType(const QString &nodeType)
{
    return nodeType.contains(u".r6gd."_s);
}

int compareVersions(const QString &a, const QString &b)
{
    const QStringList left = a.split(u'.');
    const QStringList right = b.split(u'.');
    for (qsizetype i = 0; i < std::max(left.size(), right.size()); ++i) {
        const int x = left.value(i).toInt();
        const int y = right.value(i).toInt();
        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}

} // namespace SandboxRules
