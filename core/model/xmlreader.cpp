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
    : m_document(xml)
    , m_reader(m_document)
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

QString ModelXmlReader::text()
{
    return elementText(false);
}

QString ModelXmlReader::internedText()
{
    return elementText(true);
}

// An element's text, as QXmlStreamReader::readElementText(ErrorOnUnexpectedElement) read it (an element inside is an
// error), without a result grown as it appends: the text is nearly always one token, copied at its size, or, for an
// interned member, looked up in the pool as it stands in the reader and not copied at all when it is pooled already.
QString ModelXmlReader::elementText(bool interned)
{
    if (!m_reader.isStartElement())
        return QStringLiteral("");
    QString result; // null until the first characters
    qsizetype pieces = 0;
    bool pooled = false; // result is the pool's copy
    for (;;) {
        switch (m_reader.readNext()) {
        case XmlPullReader::Characters:
            if (pieces++ == 0) {
                if (interned)
                    result = m_pool->pooled(m_reader.text());
                pooled = !result.isNull();
                if (!pooled)
                    result = m_reader.text().toString();
            } else {
                result += m_reader.text(); // text broken by a comment or a processing instruction
                pooled = false;
            }
            break;
        case XmlPullReader::Comment:
        case XmlPullReader::ProcessingInstruction:
            break;
        case XmlPullReader::EndElement:
            if (result.isEmpty())
                return QStringLiteral("");
            if (pieces > 1)
                result.squeeze();
            // Only the whole text is pooled, once it is known: never the first piece of a broken one.
            return interned && !pooled ? m_pool->interned(std::move(result)) : result;
        case XmlPullReader::StartElement:
            fail(u"<"_s + m_reader.name().toString() + u"> inside a text value"_s);
            return QStringLiteral("");
        default:
            if (!m_reader.hasError())
                fail(u"Unexpected "_s + m_reader.tokenString() + u" inside a text value"_s);
            return QStringLiteral("");
        }
    }
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
    if (std::optional<QString> value = m_reader.attribute(local, colon >= 0))
        out = std::move(*value);
}
