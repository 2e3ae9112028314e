// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "queryparams.h"

#include "jsonwriter.h"

using namespace Qt::StringLiterals;

namespace ModelQueryDetail {

// botocore's _timestamp_iso8601: whole seconds as …:SSZ, otherwise six digits.
QString timestampText(const Timestamp &t)
{
    const QString iso = t.toServiceIso(); // …SS.mmmZ or …SS.uuuuuuZ
    const qsizetype dot = iso.indexOf(u'.');
    const QStringView fraction = QStringView(iso).mid(dot + 1, iso.size() - dot - 2);
    if (fraction.count(u'0') == fraction.size())
        return iso.left(dot) + u'Z';
    return iso.left(dot + 1) + fraction.toString().leftJustified(6, u'0') + u'Z';
}

QString doubleText(double value)
{
    return QString::fromLatin1(AwsCliJsonWriter::pythonFloat(value));
}

QString capitalised(QLatin1StringView name)
{
    QString text = name;
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

} // namespace ModelQueryDetail

QueryParamReader::QueryParamReader(const QueryParams &params, QueryDialect dialect)
    : m_dialect(dialect)
{
    for (const auto &[name, value] : params) {
        if (!m_values.contains(name))
            m_values.insert(name, value.isNull() ? u""_s : value);
    }
}

QString QueryParamReader::value(const QString &name) const
{
    return m_values.value(name);
}

bool QueryParamReader::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
    return false;
}

std::optional<qint64> QueryParamReader::integer(const QString &name, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 v = value(name).toLongLong(&ok);
    if (!ok || v < min || v > max) {
        fail(u"Value (%1) for parameter %2 is invalid. Must be an integer."_s.arg(value(name), name));
        return std::nullopt;
    }
    return v;
}

bool QueryParamReader::hasUnder(const QString &prefix) const
{
    for (auto it = m_values.cbegin(); it != m_values.cend(); ++it) {
        if (it.key().startsWith(prefix))
            return true;
    }
    return false;
}
