// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "requestoptions.h"

#include <QJsonDocument>
#include <QRegularExpression>

#include <cstdio>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace RequestOptions {

QString cliName(QLatin1StringView memberName)
{
    QString name = memberName.toString();
    if (name.contains(u'-'))
        return name;
    // "ARNs", "AZs": one word, as botocore reads them.
    static const QRegularExpression special(u"[A-Z]{2,}s$"_s);
    const QRegularExpressionMatch m = special.match(name);
    if (m.hasMatch())
        name = name.left(m.capturedStart()) + u'-' + m.captured().toLower();
    static const QRegularExpression firstCap(u"(.)([A-Z][a-z]+)"_s);
    static const QRegularExpression endCap(u"([a-z0-9])([A-Z])"_s);
    name.replace(firstCap, u"\\1-\\2"_s);
    name.replace(endCap, u"\\1-\\2"_s);
    return name.toLower();
}

namespace {

// The AWS CLI's shorthand grammar (awscli/shorthand.py, documented in "Using shorthand syntax with the AWS CLI"):
//   parameter     = keyval *("," keyval)
//   keyval        = key "=" [values]
//   values        = csv-list / explicit-list / hash-literal
//   csv-list      = first-value *("," second-value)    ; one item is a plain value, more a list
//   explicit-list = "[" [value *("," value)] "]"
//   hash-literal  = "{" [key "=" value *("," key "=" value)] "}"
// with single- or double-quoted values (\' or \" and \\ escaped inside) and "\," for a comma in a bare value.
class ShorthandParser
{
public:
    explicit ShorthandParser(const QString &text)
        : m_text(text)
    {
    }

    ShorthandResult parse()
    {
        ShorthandResult result;
        QJsonObject params;
        bool ok = keyval(params, true);
        qsizetype lastIndex = m_index;
        while (ok && !atEnd()) {
            ok = expect(u',', true);
            if (!ok)
                break;
            ok = keyval(params, true);
            if (!ok && m_duplicate) {
                m_error = u"Second instance of key \"%1\" encountered for input:\n%2\nThis is often because there "
                          "is a preceding \",\" instead of a space."_s.arg(m_duplicateKey, location(lastIndex + 1));
            }
            lastIndex = m_index;
        }
        if (!ok) {
            result.error = m_error;
            return result;
        }
        result.value = params;
        return result;
    }

private:
    static bool isSpace(QChar c)
    {
        return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\v' || c == u'\f';
    }
    static bool isUnicodeSpace(QChar c) { return isSpace(c) || c.isSpace(); }
    static bool startWord(QChar ch)
    {
        const char16_t c = ch.unicode();
        return c == 0x21 || (c >= 0x23 && c <= 0x26) || (c >= 0x28 && c <= 0x2b) || (c >= 0x2d && c <= 0x3c)
            || (c >= 0x3e && c <= 0x5a) || (c >= 0x5c && c <= 0x7a) || c >= 0x7c;
    }
    // A bare first value goes on over '=' (Value=a=b is "a=b") and stops at ',', ']', '}' and quotes.
    static bool firstFollow(QChar ch)
    {
        const char16_t c = ch.unicode();
        return isUnicodeSpace(ch) || c == 0x21 || (c >= 0x23 && c <= 0x26) || (c >= 0x28 && c <= 0x2b)
            || (c >= 0x2d && c <= 0x5c) || (c >= 0x5e && c <= 0x7c) || c >= 0x7e;
    }
    // A later value of a csv list stops at '=' too, which is how "a=b,c=d" tells the next key from a list item.
    static bool secondFollow(QChar ch)
    {
        const char16_t c = ch.unicode();
        return isUnicodeSpace(ch) || c == 0x21 || (c >= 0x23 && c <= 0x26) || (c >= 0x28 && c <= 0x2b)
            || (c >= 0x2d && c <= 0x3c) || c >= 0x3e;
    }

    bool atEnd() const { return m_index >= m_text.size(); }
    QChar current() const { return atEnd() ? QChar() : m_text.at(m_index); }
    bool currentIs(QChar c) const { return !atEnd() && m_text.at(m_index) == c; }

    void skipSpace()
    {
        while (!atEnd() && isSpace(m_text.at(m_index)))
            ++m_index;
    }

    QString location(qsizetype index) const
    {
        QString consumed = m_text;
        QString remaining;
        qsizetype spaces = index;
        const qsizetype lastNewline = m_text.left(index).lastIndexOf(u'\n');
        if (lastNewline >= 0)
            spaces = index - lastNewline - 1;
        const qsizetype nextNewline = m_text.indexOf(u'\n', index);
        if (nextNewline >= 0) {
            consumed = m_text.left(nextNewline);
            remaining = m_text.mid(nextNewline);
        }
        return consumed + u'\n' + QString(spaces, u' ') + u'^' + remaining;
    }

    bool syntaxError(const QString &expected, const QString &actual)
    {
        m_error = u"Expected: '%1', received: '%2' for input:\n%3"_s.arg(expected, actual, location(m_index));
        return false;
    }

    bool expect(QChar c, bool consumeSpace = false)
    {
        if (consumeSpace)
            skipSpace();
        if (atEnd())
            return syntaxError(QString(c), u"EOF"_s);
        if (m_text.at(m_index) != c)
            return syntaxError(QString(c), QString(m_text.at(m_index)));
        ++m_index;
        if (consumeSpace)
            skipSpace();
        return true;
    }

    QString key()
    {
        const qsizetype start = m_index;
        while (!atEnd()) {
            const QChar c = m_text.at(m_index);
            if (!(c.isLetterOrNumber() && c.unicode() < 0x80) && c != u'-' && c != u'_' && c != u'.' && c != u'#'
                && c != u'/' && c != u':')
                break;
            ++m_index;
        }
        return m_text.mid(start, m_index - start);
    }

    bool keyval(QJsonObject &into, bool topLevel)
    {
        const QString name = key();
        if (!expect(u'=', true))
            return false;
        QJsonValue v;
        if (!values(v))
            return false;
        if (topLevel && into.contains(name)) {
            m_duplicate = true;
            m_duplicateKey = name;
            return false;
        }
        into.insert(name, v);
        return true;
    }

    bool values(QJsonValue &out)
    {
        if (atEnd()) {
            out = u""_s;
            return true;
        }
        if (currentIs(u'['))
            return explicitList(out);
        if (currentIs(u'{'))
            return hashLiteral(out);
        return csvValue(out);
    }

    // A bare value: "\," is a comma; trailing blanks are dropped.
    QString bare(bool second)
    {
        QString value;
        bool first = true;
        while (!atEnd()) {
            if (m_text.at(m_index) == u'\\' && m_index + 1 < m_text.size() && m_text.at(m_index + 1) == u',') {
                value += u',';
                m_index += 2;
            } else if (first ? startWord(m_text.at(m_index))
                             : (second ? secondFollow(m_text.at(m_index)) : firstFollow(m_text.at(m_index)))) {
                value += m_text.at(m_index);
                ++m_index;
            } else {
                break;
            }
            first = false;
        }
        while (!value.isEmpty() && isUnicodeSpace(value.back()))
            value.chop(1);
        return value;
    }

    bool quoted(QString &out)
    {
        const QChar quote = m_text.at(m_index);
        qsizetype i = m_index + 1;
        QString raw;
        while (i < m_text.size()) {
            const QChar c = m_text.at(i);
            if (c == u'\\' && i + 1 < m_text.size() && (m_text.at(i + 1) == u'\\' || m_text.at(i + 1) == quote)) {
                raw += c;
                raw += m_text.at(i + 1);
                i += 2;
                continue;
            }
            if (c == quote)
                break;
            raw += c;
            ++i;
        }
        if (i >= m_text.size())
            return syntaxError(quote == u'\'' ? u"<singled quoted>"_s : u"<double quoted>"_s, u"<none>"_s);
        m_index = i + 1;
        raw.replace(u"\\"_s + quote, QString(quote));
        raw.replace(u"\\\\"_s, u"\\"_s);
        out = raw;
        return true;
    }

    bool firstValue(QString &out)
    {
        if (currentIs(u'\'') || currentIs(u'"'))
            return quoted(out);
        out = bare(false);
        return true;
    }

    bool secondValue(QString &out)
    {
        if (currentIs(u'\'') || currentIs(u'"'))
            return quoted(out);
        const qsizetype start = m_index;
        out = bare(true);
        if (m_index == start)
            return syntaxError(u"<second>"_s, u"<none>"_s);
        return true;
    }

    bool csvValue(QJsonValue &out)
    {
        QString first;
        if (!firstValue(first))
            return false;
        skipSpace();
        if (atEnd() || !currentIs(u',')) {
            out = first;
            return true;
        }
        if (!expect(u',', true))
            return false;
        QJsonArray list {first};
        while (true) {
            QString next;
            const QString savedError = m_error;
            bool ok = secondValue(next);
            if (ok) {
                skipSpace();
                if (atEnd()) {
                    list.append(next);
                    break;
                }
                ok = expect(u',', true);
            }
            if (!ok) {
                // "a=b,c,d=e": d is the next key, not an item; go back to the comma before it.
                if (atEnd())
                    return false;
                m_error = savedError;
                while (m_index >= 0 && (m_index >= m_text.size() || m_text.at(m_index) != u','))
                    --m_index;
                break;
            }
            list.append(next);
        }
        if (list.size() == 1)
            out = first;
        else
            out = list;
        return true;
    }

    bool explicitValue(QJsonValue &out)
    {
        if (currentIs(u'['))
            return explicitList(out);
        if (currentIs(u'{'))
            return hashLiteral(out);
        QString value;
        if (!firstValue(value))
            return false;
        out = value;
        return true;
    }

    bool explicitList(QJsonValue &out)
    {
        if (!expect(u'[', true))
            return false;
        QJsonArray list;
        while (!currentIs(u']')) {
            QJsonValue item;
            if (!explicitValue(item))
                return false;
            list.append(item);
            skipSpace();
            if (!currentIs(u']')) {
                if (!expect(u','))
                    return false;
                skipSpace();
            }
        }
        if (!expect(u']'))
            return false;
        out = list;
        return true;
    }

    bool hashLiteral(QJsonValue &out)
    {
        if (!expect(u'{', true))
            return false;
        QJsonObject object;
        while (!currentIs(u'}')) {
            const QString name = key();
            if (!expect(u'=', true))
                return false;
            QJsonValue v;
            if (!explicitValue(v))
                return false;
            skipSpace();
            if (!currentIs(u'}')) {
                if (!expect(u','))
                    return false;
                skipSpace();
            }
            object.insert(name, v);
        }
        if (!expect(u'}'))
            return false;
        out = object;
        return true;
    }

    const QString &m_text;
    qsizetype m_index = 0;
    QString m_error;
    bool m_duplicate = false;
    QString m_duplicateKey;
};

} // namespace

ShorthandResult parseShorthand(const QString &text)
{
    return ShorthandParser(text).parse();
}

namespace Detail {

QString describeValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return u'\'' + value.toString() + u'\'';
    case QJsonValue::Bool:
        return value.toBool() ? u"True"_s : u"False"_s;
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return u"None"_s;
}

bool invalidType(const QString &path, const QJsonValue &value, QStringView expected, QString *error)
{
    QString given;
    switch (value.type()) {
    case QJsonValue::String:
        given = u"a string"_s;
        break;
    case QJsonValue::Bool:
        given = u"a boolean"_s;
        break;
    case QJsonValue::Double:
        given = u"a number"_s;
        break;
    case QJsonValue::Array:
        given = u"a list"_s;
        break;
    case QJsonValue::Object:
        given = u"an object"_s;
        break;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        given = u"null"_s;
        break;
    }
    *error = u"Invalid type for parameter %1, value: %2, type: %3, valid types: %4"_s.arg(path, describeValue(value),
                                                                                          given, expected);
    return false;
}

std::optional<qint64> wholeNumber(QStringView text)
{
    const QStringView trimmed = text.trimmed();
    bool ok = false;
    const qint64 value = trimmed.startsWith(u'+') ? trimmed.mid(1).toLongLong(&ok) : trimmed.toLongLong(&ok);
    if (!ok || trimmed.startsWith(u"+-") || trimmed.startsWith(u"++"))
        return std::nullopt;
    return value;
}

std::optional<QJsonValue> parseValue(const QString &option, const QString &text, bool allowShorthand, QString *error)
{
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(u'[') || trimmed.startsWith(u'{')) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(trimmed.toUtf8(), &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            *error = u"Error parsing parameter '--%1': Invalid JSON: %2 at character %3\nJSON received: %4"_s
                         .arg(option, parseError.errorString())
                         .arg(parseError.offset)
                         .arg(text);
            return std::nullopt;
        }
        return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    }
    if (!allowShorthand) {
        *error = u"Error parsing parameter '--%1': expected a JSON value, received: %2"_s.arg(option, text);
        return std::nullopt;
    }
    const ShorthandResult parsed = parseShorthand(text);
    if (!parsed.error.isEmpty()) {
        *error = u"Error parsing parameter '--%1': %2"_s.arg(option, parsed.error);
        return std::nullopt;
    }
    return QJsonValue(parsed.value);
}

void unboundOption(const QString &command, const QString &option, QLatin1StringView shape)
{
    std::fprintf(
        stderr, "cachesnap-cli: internal error: the option --%s of \"%s\" is no member of %s (or has the wrong form)\n",
        qPrintable(option), qPrintable(command), shape.data());
    std::abort();
}

} // namespace Detail

} // namespace RequestOptions
