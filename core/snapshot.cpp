// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshot.h"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

bool Snapshot::isAutomatic() const
{
    return snapshotSource == u"automated";
}

qint64 Snapshot::totalSizeBytes() const
{
    qint64 total = -1;
    for (const NodeSnapshot &node : nodeSnapshots) {
        const qint64 bytes = parseCacheSize(node.cacheSize);
        if (bytes < 0)
            continue;
        if (total < 0)
            total = 0;
        // Saturates: a size beyond 8 EiB is not one to add up exactly.
        total = bytes > std::numeric_limits<qint64>::max() - total ? std::numeric_limits<qint64>::max() : total + bytes;
    }
    return total;
}

QDateTime Snapshot::createTime() const
{
    Timestamp earliest;
    for (const NodeSnapshot &node : nodeSnapshots) {
        if (node.snapshotCreateTime.isValid() && (!earliest.isValid() || node.snapshotCreateTime < earliest))
            earliest = node.snapshotCreateTime;
    }
    return earliest.toDateTime();
}

qint64 parseCacheSize(QStringView text)
{
    text = text.trimmed();
    if (text.isEmpty())
        return -1;
    // The number: ASCII digits and points, read by std::from_chars. QStringView::toDouble() converts through the
    // locale's number parsing, and this is called for each node of each snapshot a listing merges: it was a tenth
    // of the window's merge time at a million rows.
    std::array<char, 64> ascii {};
    qsizetype split = 0;
    while (split < text.size() && ((text[split] >= u'0' && text[split] <= u'9') || text[split] == u'.')) {
        if (split < qsizetype(ascii.size()))
            ascii[size_t(split)] = char(text[split].unicode());
        ++split;
    }
    double number = 0;
    if (split <= qsizetype(ascii.size())) {
        const char *end = ascii.data() + split;
        const auto [stop, error] = std::from_chars(ascii.data(), end, number, std::chars_format::fixed);
        if (error != std::errc() || stop != end)
            return -1;
    } else {
        bool ok = false; // longer than any size: the slow way, for the same answer
        number = text.left(split).toDouble(&ok);
        if (!ok)
            return -1;
    }
    if (!std::isfinite(number) || number < 0)
        return -1;
    const QStringView unit = text.mid(split).trimmed();
    double factor = 0;
    if (unit.isEmpty() || unit.compare(u"bytes", Qt::CaseInsensitive) == 0
        || unit.compare(u"B", Qt::CaseInsensitive) == 0)
        factor = 1;
    else if (unit.compare(u"KB", Qt::CaseInsensitive) == 0)
        factor = 1024.0;
    else if (unit.compare(u"MB", Qt::CaseInsensitive) == 0)
        factor = 1024.0 * 1024;
    else if (unit.compare(u"GB", Qt::CaseInsensitive) == 0)
        factor = 1024.0 * 1024 * 1024;
    else if (unit.compare(u"TB", Qt::CaseInsensitive) == 0)
        factor = 1024.0 * 1024 * 1024 * 1024;
    else
        return -1;
    // 2^63 and above do not fit a qint64 (converting them would be undefined): not a size we can read.
    const double bytes = std::round(number * factor);
    if (!(bytes < 9223372036854775808.0))
        return -1;
    return static_cast<qint64>(bytes);
}

QString cacheSizeText(qint64 bytes, const QLocale &locale)
{
    return locale.formattedDataSize(qMax<qint64>(0, bytes), 1, QLocale::DataSizeTraditionalFormat);
}
