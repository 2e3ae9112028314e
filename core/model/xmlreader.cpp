// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "xmlreader.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

QString quoted(QStringView text)
{
    constexpr qsizetype kMax = 40;
    QString shown;
    shown.reserve(qMin(text.size(), kMax) + 3);
    for (const QChar c : text.left(kMax))
        shown += (c.unicode() < 0x20 || c.unicode() == 0x7f) ? QChar(u' ') : c;
    if (text.size() > kMax)
        shown += u'…';
    return u'"' + shown + u'"';
}

} // namespace

ModelXmlReader::ModelXmlReader(const QByteArray &xml, StringPool *pool)
    : m_reader(xml)
    , m_pool(pool ? pool : &m_ownPool)
{
}

QString ModelXmlReader::errorMessage() const
{
    return m_message.isEmpty() ? m_reader.errorString() + location() : m_message;
}

void ModelXmlReader::fail(const QString &what)
{
    if (m_reader.hasError())
        return;
    m_message = what + location();
    m_reader.raiseError(what);
}

QString ModelXmlReader::location() const
{
    return u" (line "_s + QString::number(m_reader.lineNumber()) + u", column "_s
        + QString::number(m_reader.columnNumber()) + u')';
}

// readElementText() grows its result as it appends, so a string that is kept gets its spare capacity back.
QString ModelXmlReader::text()
{
    QString t = m_reader.readElementText(QXmlStreamReader::ErrorOnUnexpectedElement);
    if (t.isNull())
        t = QStringLiteral("");
    else if (t.capacity() > t.size())
        t.squeeze();
    return t;
}

QString ModelXmlReader::internedText()
{
    QString t = text();
    if (t.isEmpty())
        return t;
    return m_pool->interned(std::move(t));
}

std::optional<qint64> ModelXmlReader::integerText(qint64 min, qint64 max)
{
    const QString t = text();
    if (failed())
        return std::nullopt;
    bool ok = false;
    const qint64 value = QStringView(t).trimmed().toLongLong(&ok);
    if (!ok || value < min || value > max) {
        fail(u'<' + m_reader.name().toString() + u"> is not an integer: "_s + quoted(t));
        return std::nullopt;
    }
    return value;
}

std::optional<double> ModelXmlReader::doubleText()
{
    const QString t = text();
    if (failed())
        return std::nullopt;
    bool ok = false;
    const double value = QStringView(t).trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value)) {
        fail(u'<' + m_reader.name().toString() + u"> is not a number: "_s + quoted(t));
        return std::nullopt;
    }
    return value;
}

std::optional<bool> ModelXmlReader::booleanText()
{
    const QString t = text();
    if (failed())
        return std::nullopt;
    const QStringView v = QStringView(t).trimmed();
    if (v.compare(u"true", Qt::CaseInsensitive) == 0)
        return true;
    if (v.compare(u"false", Qt::CaseInsensitive) == 0)
        return false;
    fail(u'<' + m_reader.name().toString() + u"> is not a boolean: "_s + quoted(t));
    return std::nullopt;
}

Timestamp ModelXmlReader::timestampText()
{
    const QString t = text();
    if (failed())
        return {};
    const std::optional<Timestamp> value = Timestamp::parse(t);
    if (!value) {
        fail(u'<' + m_reader.name().toString() + u"> is not a timestamp: "_s + quoted(t));
        return {};
    }
    return *value;
}

// botocore (RestXMLParser) matches an attribute by its name whatever namespace URI its prefix stands for:
// "xsi:type" is the attribute "type" in any namespace, "type" one without a namespace.
void ModelXmlReader::readAttribute(QString &out, QLatin1StringView wireName)
{
    const qsizetype colon = wireName.indexOf(u':');
    const QLatin1StringView local = colon < 0 ? wireName : wireName.sliced(colon + 1);
    const auto attributes = m_reader.attributes();
    for (const QXmlStreamAttribute &attribute : attributes) {
        if (attribute.name() == local && (colon < 0) == attribute.namespaceUri().isEmpty()) {
            out = attribute.value().toString();
            return;
        }
    }
}
