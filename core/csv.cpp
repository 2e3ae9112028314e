// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "csv.h"

using namespace Qt::StringLiterals;

namespace Csv {

QString field(QStringView text)
{
    QString value = text.toString();
    if (!value.isEmpty()) {
        const QChar first = value.front();
        bool number = false;
        value.toDouble(&number);
        if (!number
            && (first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t' || first == u'\r'))
            value.prepend(u'\'');
    }
    const bool quote = value.contains(u',') || value.contains(u'"') || value.contains(u'\n') || value.contains(u'\r')
        || (!value.isEmpty() && (value.front().isSpace() || value.back().isSpace()));
    if (!quote)
        return value;
    value.replace(u'"', u"\"\""_s);
    return u'"' + value + u'"';
}

QString line(const QStringList &fields)
{
    QString out;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            out += u',';
        out += field(fields.at(i));
    }
    return out + u"\r\n"_s;
}

} // namespace Csv
