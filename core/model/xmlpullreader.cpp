// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "xmlpullreader.h"

#include <QLatin1StringView>

#include <array>
#include <cstring>

using namespace Qt::StringLiterals;

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// ASCII name characters: 1 may start a name, 2 may follow.
constexpr std::array<unsigned char, 256> kNameClass = [] {
    std::array<unsigned char, 256> classes {};
    for (int c = 0; c < 128; ++c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':')
            classes[c] = 1;
        else if ((c >= '0' && c <= '9') || c == '-' || c == '.')
            classes[c] = 2;
    }
    return classes;
}();

bool isNameStart(char c)
{
    return kNameClass[static_cast<unsigned char>(c)] == 1;
}

bool isNameChar(char c)
{
    return kNameClass[static_cast<unsigned char>(c)] != 0;
}

// Bytes a text can hold as they are: printable ASCII but the markup ('<', '&') and ']' (of "]]>"), tabs and line
// feeds. The others are looked at one by one: UTF-8, carriage returns, references, control characters.
constexpr std::array<bool, 256> kPlainText = [] {
    std::array<bool, 256> plain {};
    for (int c = 0x20; c < 0x80; ++c)
        plain[c] = c != '<' && c != '&' && c != ']';
    plain['\t'] = plain['\n'] = true;
    return plain;
}();

bool startsWith(const char *p, const char *end, QByteArrayView prefix)
{
    return end - p >= prefix.size() && std::memcmp(p, prefix.data(), size_t(prefix.size())) == 0;
}

const char *find(const char *p, const char *end, QByteArrayView what)
{
    const qsizetype at = QByteArrayView(p, end - p).indexOf(what);
    return at < 0 ? nullptr : p + at;
}

bool isXmlChar(char32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
}

void appendUtf8(QByteArray &out, char32_t c)
{
    if (c < 0x80) {
        out.append(char(c));
    } else if (c < 0x800) {
        out.append(char(0xC0 | (c >> 6)));
        out.append(char(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.append(char(0xE0 | (c >> 12)));
        out.append(char(0x80 | ((c >> 6) & 0x3F)));
        out.append(char(0x80 | (c & 0x3F)));
    } else {
        out.append(char(0xF0 | (c >> 18)));
        out.append(char(0x80 | ((c >> 12) & 0x3F)));
        out.append(char(0x80 | ((c >> 6) & 0x3F)));
        out.append(char(0x80 | (c & 0x3F)));
    }
}

qsizetype colonIn(QByteArrayView name) // names are short: a loop beats memchr's set-up
{
    for (qsizetype i = 0; i < name.size(); ++i) {
        if (name[i] == ':')
            return i;
    }
    return -1;
}

QByteArrayView localPart(QByteArrayView qualified)
{
    const qsizetype colon = colonIn(qualified);
    return colon < 0 ? qualified : qualified.sliced(colon + 1);
}

QByteArrayView prefixPart(QByteArrayView qualified)
{
    const qsizetype colon = colonIn(qualified);
    return colon < 0 ? QByteArrayView() : qualified.first(colon);
}

QString shown(QByteArrayView name)
{
    return QString::fromLatin1(name.first(qMin<qsizetype>(name.size(), 60)));
}

} // namespace

XmlPullReader::XmlPullReader(QByteArrayView document)
    : m_begin(document.data())
    , m_end(document.data() + document.size())
    , m_pos(document.data())
{
}

QString XmlPullReader::tokenString() const
{
    static constexpr std::array<const char *, 9> names {"NoToken",     "Invalid",      "StartDocument",
                                                        "EndDocument", "StartElement", "EndElement",
                                                        "Characters",  "Comment",      "ProcessingInstruction"};
    return QString::fromLatin1(names[size_t(m_token)]);
}

bool XmlPullReader::isWhitespace() const
{
    if (m_token != Characters)
        return false;
    for (const QChar c : m_text) {
        if (c.unicode() > 0x7f || !isSpace(char(c.unicode())))
            return false;
    }
    return true;
}

void XmlPullReader::raiseError(const QString &message)
{
    if (hasError())
        return;
    m_error = message.isEmpty() ? u"error"_s : message;
    m_token = Invalid;
}

XmlPullReader::TokenType XmlPullReader::fail(const QString &message, const char *at)
{
    if (!hasError()) {
        m_error = message;
        m_errorAt = qBound(m_begin, at, m_end);
    }
    m_token = Invalid;
    return Invalid;
}

qint64 XmlPullReader::lineNumber() const
{
    const char *stop = m_errorAt ? m_errorAt : m_pos;
    qint64 line = 1;
    for (const char *p = m_begin; p < stop; ++p) {
        if (*p == '\n' || (*p == '\r' && (p + 1 == stop || p[1] != '\n')))
            ++line;
    }
    return line;
}

qint64 XmlPullReader::columnNumber() const
{
    const char *stop = m_errorAt ? m_errorAt : m_pos;
    const char *p = stop;
    while (p > m_begin && p[-1] != '\n' && p[-1] != '\r')
        --p;
    qint64 column = 0;
    for (; p < stop; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if ((c & 0xC0) != 0x80)
            column += c >= 0xF0 ? 2 : 1; // four bytes are two UTF-16 units
    }
    return column;
}

XmlPullReader::TokenType XmlPullReader::readNext()
{
    switch (m_token) {
    case Invalid:
    case EndDocument:
        return m_token;
    case NoToken:
        if (!atDocumentStart())
            return Invalid;
        return m_token = StartDocument;
    default:
        break;
    }
    if (!m_attributes.isEmpty())
        m_attributes.clear();
    if (m_emptyElement) { // <a/>: its end, the name as it was
        m_emptyElement = false;
        while (!m_namespaces.isEmpty() && m_namespaces.last().depth == m_open.size())
            m_namespaces.removeLast();
        m_open.removeLast();
        m_rootClosed = m_open.isEmpty();
        return m_token = EndElement;
    }
    for (;;) {
        if (m_pos == m_end) {
            if (!m_open.isEmpty())
                return fail(u"the document ends before <"_s + shown(m_open.last()) + u"> is closed"_s, m_pos);
            if (!m_rootClosed)
                return fail(u"the document has no element"_s, m_pos);
            return m_token = EndDocument;
        }
        if (*m_pos == '<')
            return readMarkup();
        if (!m_open.isEmpty())
            return readText();
        if (!isSpace(*m_pos))
            return fail(m_rootClosed ? u"text after the document element"_s : u"text before the document element"_s,
                        m_pos);
        ++m_pos;
    }
}

// A byte order mark, and the XML declaration: <?xml version="1.0" [encoding="UTF-8"] [standalone="yes|no"]?>.
bool XmlPullReader::atDocumentStart()
{
    if (startsWith(m_pos, m_end, "\xEF\xBB\xBF"))
        m_pos += 3;
    else if (startsWith(m_pos, m_end, "\xFE\xFF") || startsWith(m_pos, m_end, "\xFF\xFE"))
        return fail(u"the document is UTF-16; this reader reads UTF-8"_s, m_pos) != Invalid;
    if (!startsWith(m_pos, m_end, "<?xml") || m_end - m_pos < 6 || !(isSpace(m_pos[5]) || m_pos[5] == '?'))
        return true;
    const char *close = find(m_pos, m_end, "?>");
    if (!close)
        return fail(u"the XML declaration does not end"_s, m_end) != Invalid;
    const char *p = m_pos + 5;
    const std::array<QByteArrayView, 3> names {"version", "encoding", "standalone"};
    size_t next = 0;
    while (p < close) {
        const char *spaceStart = p;
        while (p < close && isSpace(*p))
            ++p;
        if (p == close)
            break;
        if (p == spaceStart)
            return fail(u"expected a space in the XML declaration"_s, p) != Invalid;
        size_t which = next;
        while (which < names.size() && !startsWith(p, close, names[which]))
            ++which;
        if (which == names.size() || (next == 0 && which != 0))
            return fail(u"an XML declaration that is not version, encoding and standalone in that order"_s, p)
                != Invalid;
        p += names[which].size();
        while (p < close && isSpace(*p))
            ++p;
        if (p == close || *p != '=')
            return fail(u"expected '=' in the XML declaration"_s, p) != Invalid;
        ++p;
        while (p < close && isSpace(*p))
            ++p;
        if (p == close || (*p != '"' && *p != '\''))
            return fail(u"expected a quoted value in the XML declaration"_s, p) != Invalid;
        const char quote = *p++;
        const char *valueEnd = static_cast<const char *>(std::memchr(p, quote, size_t(close - p)));
        if (!valueEnd)
            return fail(u"a value in the XML declaration does not end"_s, close) != Invalid;
        const QByteArrayView value(p, valueEnd - p);
        bool good = false;
        if (which == 0) {
            good = value == "1.0";
        } else if (which == 1) {
            good = value.compare("UTF-8", Qt::CaseInsensitive) == 0 || value.compare("UTF8", Qt::CaseInsensitive) == 0;
            if (!good)
                return fail(u"the document's encoding is "_s + shown(value) + u"; this reader reads UTF-8"_s, p)
                    != Invalid;
        } else {
            good = value == "yes" || value == "no";
        }
        if (!good)
            return fail(u"the XML declaration's "_s + QLatin1StringView(names[which]) + u" is not valid"_s, p)
                != Invalid;
        p = valueEnd + 1;
        next = which + 1;
    }
    if (next == 0)
        return fail(u"the XML declaration has no version"_s, m_pos) != Invalid;
    m_pos = close + 2;
    return true;
}

XmlPullReader::TokenType XmlPullReader::readMarkup()
{
    const char *p = m_pos + 1;
    if (p == m_end)
        return fail(u"the document ends inside a tag"_s, p);
    switch (*p) {
    case '/':
        return readEndTag();
    case '?':
        return readProcessingInstruction();
    case '!':
        if (startsWith(m_pos, m_end, "<!--"))
            return readComment();
        if (startsWith(m_pos, m_end, "<![CDATA[")) {
            if (m_open.isEmpty())
                return fail(u"a CDATA section outside the document element"_s, m_pos);
            return readText();
        }
        if (startsWith(m_pos, m_end, "<!DOCTYPE"))
            return fail(u"a DOCTYPE: this reader accepts no DTD"_s, m_pos);
        return fail(u"'<!' that starts no comment and no CDATA section"_s, m_pos);
    default:
        return readStartTag();
    }
}

// A name of ASCII letters, digits, '_', '-', '.' and ':' that starts with a letter, '_' or ':' (an XML name; AWS's
// names are all ASCII). Returns from itself when there is none.
const char *XmlPullReader::scanName(const char *from) const
{
    if (from == m_end || !isNameStart(*from))
        return from;
    const char *p = from + 1;
    while (p < m_end && isNameChar(*p))
        ++p;
    return p;
}

// The name at p (a tag's, a processing instruction's target) that checkName() accepts, and p past it; else
// fails, with missing when no name starts there.
bool XmlPullReader::readName(const char *&p, QByteArrayView &name, const QString &missing)
{
    const char *end = scanName(p);
    if (end == p) {
        const bool outsideAscii = p < m_end && static_cast<unsigned char>(*p) >= 0x80;
        return fail(outsideAscii ? u"a name with characters outside ASCII"_s : missing, p) != Invalid;
    }
    name = QByteArrayView(p, end - p);
    if (!checkName(name, p))
        return false;
    p = end;
    return true;
}

// A qualified name as namespaces allow: at most one ':', with a name on both sides (a local name that starts with a
// digit, '-' or '.' is no name; QXmlStreamReader refuses it in an element's name, not in an attribute's).
bool XmlPullReader::checkName(QByteArrayView qualified, const char *at)
{
    const char *next = at + qualified.size();
    if (next < m_end && static_cast<unsigned char>(*next) >= 0x80)
        return fail(u"a name with characters outside ASCII"_s, next) != Invalid;
    const qsizetype colon = colonIn(qualified);
    if (colon < 0)
        return true;
    if (colon == 0 || colon == qualified.size() - 1 || qualified.sliced(colon + 1).contains(':')
        || !isNameStart(qualified[colon + 1]))
        return fail(u"the name "_s + shown(qualified) + u" is not a qualified name"_s, at) != Invalid;
    return true;
}

const QString *XmlPullReader::namespaceUri(QByteArrayView prefix) const
{
    static const QString xml = u"http://www.w3.org/XML/1998/namespace"_s;
    if (prefix == "xml")
        return &xml;
    for (qsizetype i = m_namespaces.size() - 1; i >= 0; --i) {
        if (m_namespaces[i].prefix == prefix)
            return &m_namespaces[i].uri;
    }
    return nullptr;
}

XmlPullReader::TokenType XmlPullReader::readStartTag()
{
    if (m_rootClosed)
        return fail(u"a second document element"_s, m_pos);
    if (m_open.size() >= kMaxDepth)
        return fail(u"elements nested more than %1 deep"_s.arg(kMaxDepth), m_pos);
    const char *p = m_pos + 1;
    QByteArrayView qualified;
    if (!readName(p, qualified, u"'<' that starts no tag"_s))
        return Invalid;
    const qsizetype depth = m_open.size() + 1;
    bool empty = false;
    for (;;) {
        const char *spaceStart = p;
        while (p < m_end && isSpace(*p))
            ++p;
        if (p == m_end)
            return fail(u"the document ends inside the tag <"_s + shown(qualified) + u'>', p);
        if (*p == '>') {
            ++p;
            break;
        }
        if (*p == '/') {
            if (p + 1 < m_end && p[1] == '>') {
                p += 2;
                empty = true;
                break;
            }
            return fail(u"expected '>' after '/'"_s, p + 1);
        }
        const char *attributeEnd = scanName(p);
        if (attributeEnd == p || p == spaceStart)
            return fail(u"expected an attribute or the end of the tag <"_s + shown(qualified) + u'>', p);
        const QByteArrayView attributeName(p, attributeEnd - p);
        if (!checkName(attributeName, p))
            return Invalid;
        p = attributeEnd;
        while (p < m_end && isSpace(*p))
            ++p;
        if (p == m_end || *p != '=')
            return fail(u"expected '=' after the attribute "_s + shown(attributeName), p);
        ++p;
        while (p < m_end && isSpace(*p))
            ++p;
        if (p == m_end || (*p != '"' && *p != '\''))
            return fail(u"expected the quoted value of the attribute "_s + shown(attributeName), p);
        const char quote = *p++;
        const char *valueEnd = static_cast<const char *>(std::memchr(p, quote, size_t(m_end - p)));
        if (!valueEnd)
            return fail(u"the document ends inside the value of the attribute "_s + shown(attributeName), m_end);
        const QByteArrayView raw(p, valueEnd - p);
        if (m_attributes.size() == kMaxAttributes)
            return fail(u"an element with more than %1 attributes"_s.arg(kMaxAttributes), p);
        for (const Attribute &other : std::as_const(m_attributes)) {
            if (other.qualifiedName == attributeName)
                return fail(u"the attribute "_s + shown(attributeName) + u" twice"_s, p);
        }
        QString value;
        if (!decodeAttribute(raw, value)) // its errors, now, as QXmlStreamReader finds them
            return Invalid;
        m_attributes.append({attributeName, raw});
        if (attributeName == "xmlns" || attributeName.startsWith("xmlns:")) {
            const QByteArrayView prefix = attributeName == "xmlns" ? QByteArrayView() : attributeName.sliced(6);
            if (prefix == "xmlns" || (prefix == "xml") != (value == u"http://www.w3.org/XML/1998/namespace"))
                return fail(u"the namespace declaration "_s + shown(attributeName) + u" is not allowed"_s, p);
            if (!prefix.isEmpty()) {
                if (value.isEmpty())
                    return fail(u"the namespace prefix "_s + shown(prefix) + u" is declared with no URI"_s, p);
                if (m_namespaces.size() == kMaxNamespaces)
                    return fail(u"more than %1 namespace prefixes declared at once"_s.arg(kMaxNamespaces), p);
                m_namespaces.append({prefix, value, depth});
            }
        }
        p = valueEnd + 1;
    }
    const QByteArrayView elementPrefix = prefixPart(qualified);
    if (!elementPrefix.isEmpty() && (elementPrefix == "xmlns" || !namespaceUri(elementPrefix)))
        return fail(u"the namespace prefix "_s + shown(elementPrefix) + u" is not declared"_s, m_pos + 1);
    for (qsizetype i = 0; i < m_attributes.size(); ++i) {
        const QByteArrayView name = m_attributes[i].qualifiedName;
        const QByteArrayView prefix = prefixPart(name);
        if (prefix.isEmpty() || prefix == "xmlns")
            continue;
        const QString *uri = namespaceUri(prefix);
        if (!uri)
            return fail(u"the namespace prefix "_s + shown(prefix) + u" is not declared"_s, m_pos + 1);
        // Two prefixes of one namespace make the same attribute.
        for (qsizetype j = 0; j < i; ++j) {
            const QByteArrayView other = m_attributes[j].qualifiedName;
            const QByteArrayView otherPrefix = prefixPart(other);
            if (otherPrefix.isEmpty() || otherPrefix == "xmlns" || localPart(other) != localPart(name))
                continue;
            if (*namespaceUri(otherPrefix) == *uri)
                return fail(u"the attribute "_s + shown(localPart(name)) + u" twice in one namespace"_s, m_pos + 1);
        }
    }
    m_open.append(qualified);
    setName(qualified);
    m_emptyElement = empty;
    m_pos = p;
    return m_token = StartElement;
}

XmlPullReader::TokenType XmlPullReader::readEndTag()
{
    const char *p = m_pos + 2;
    QByteArrayView qualified;
    if (!readName(p, qualified, u"an end tag without a name"_s))
        return Invalid;
    while (p < m_end && isSpace(*p))
        ++p;
    if (p == m_end)
        return fail(u"the document ends inside the tag </"_s + shown(qualified) + u'>', p);
    if (*p != '>')
        return fail(u"expected '>' to end the tag </"_s + shown(qualified) + u'>', p);
    if (m_open.isEmpty())
        return fail(u"the end tag </"_s + shown(qualified) + u"> closes no element"_s, m_pos);
    if (m_open.last() != qualified)
        return fail(u"the end tag </"_s + shown(qualified) + u"> where <"_s + shown(m_open.last())
                        + u"> should close"_s,
                    m_pos);
    while (!m_namespaces.isEmpty() && m_namespaces.last().depth == m_open.size())
        m_namespaces.removeLast();
    m_open.removeLast();
    m_rootClosed = m_open.isEmpty();
    setName(qualified);
    m_pos = p + 1;
    return m_token = EndElement;
}

// Checks that [p, end) holds XML characters in UTF-8; at the first that is not, fails and returns false.
bool XmlPullReader::skipUtf8(const char *&p, const char *end)
{
    const auto *u = reinterpret_cast<const unsigned char *>(p);
    const qsizetype left = end - p;
    const unsigned char c = u[0];
    int length = 0;
    char32_t code = 0;
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
        code = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        code = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        code = c & 0x07;
    }
    if (length == 0 || left < length)
        return fail(u"bytes that are not UTF-8"_s, p) != Invalid;
    for (int i = 1; i < length; ++i) {
        if ((u[i] & 0xC0) != 0x80)
            return fail(u"bytes that are not UTF-8"_s, p) != Invalid;
        code = (code << 6) | (u[i] & 0x3F);
    }
    const char32_t least = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
    if (code < least || !isXmlChar(code))
        return fail(code < least
                        ? u"bytes that are not UTF-8"_s
                        : u"the character U+%1, which XML does not allow"_s.arg(uint(code), 4, 16, QChar(u'0')),
                    p)
            != Invalid;
    p += length;
    return true;
}

// A reference at p ('&'): one of the five entities XML predefines, or a character reference. Appends its character
// in UTF-8 and moves p past the ';'.
bool XmlPullReader::appendReference(const char *&p, const char *end, QByteArray &out)
{
    const char *start = p;
    const char *semicolon = static_cast<const char *>(std::memchr(p, ';', size_t(qMin<qsizetype>(end - p, 12))));
    if (!semicolon)
        return fail(u"'&' that starts no reference (write &amp;)"_s, start) != Invalid;
    const QByteArrayView name(p + 1, semicolon - p - 1);
    p = semicolon + 1;
    if (name == "lt") {
        out.append('<');
    } else if (name == "gt") {
        out.append('>');
    } else if (name == "amp") {
        out.append('&');
    } else if (name == "apos") {
        out.append('\'');
    } else if (name == "quot") {
        out.append('"');
    } else if (name.startsWith('#') && name.size() > 1) {
        const bool hex = name[1] == 'x';
        const QByteArrayView digits = name.sliced(hex ? 2 : 1);
        char32_t code = 0;
        bool good = !digits.isEmpty();
        for (const char d : digits) {
            int v = -1;
            if (d >= '0' && d <= '9')
                v = d - '0';
            else if (hex && d >= 'a' && d <= 'f')
                v = d - 'a' + 10;
            else if (hex && d >= 'A' && d <= 'F')
                v = d - 'A' + 10;
            if (v < 0 || code > 0x10FFFF) {
                good = false;
                break;
            }
            code = code * (hex ? 16 : 10) + char32_t(v);
        }
        if (!good || !isXmlChar(code))
            return fail(u"the reference &"_s + shown(name) + u"; names no XML character"_s, start) != Invalid;
        appendUtf8(out, code);
    } else {
        return fail(u"the entity &"_s + shown(name) + u"; is none of XML's own (this reader accepts no DTD)"_s, start)
            != Invalid;
    }
    return true;
}

// Checks that [p, end) holds XML characters only (UTF-8, no control characters but tabs and line ends); at the first
// that is not, fails, naming where it was.
bool XmlPullReader::checkCharacters(const char *p, const char *end, QStringView where)
{
    while (p < end) {
        const auto c = static_cast<unsigned char>(*p);
        if (c >= 0x80) {
            if (!skipUtf8(p, end))
                return false;
        } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            return fail(u"a control character in "_s + where, p) != Invalid;
        } else {
            ++p;
        }
    }
    return true;
}

XmlPullReader::TokenType XmlPullReader::readComment()
{
    const char *p = m_pos + 4;
    const char *dashes = find(p, m_end, "--");
    if (!dashes)
        return fail(u"the document ends inside a comment"_s, m_end);
    if (dashes + 2 == m_end || dashes[2] != '>')
        return fail(u"'--' inside a comment"_s, dashes);
    if (!checkCharacters(p, dashes, u"a comment"))
        return Invalid;
    m_text.clear();
    m_pos = dashes + 3;
    return m_token = Comment;
}

XmlPullReader::TokenType XmlPullReader::readProcessingInstruction()
{
    const char *p = m_pos + 2;
    QByteArrayView target;
    if (!readName(p, target, u"a processing instruction without a target"_s))
        return Invalid;
    if (target.contains(':'))
        return fail(u"a processing instruction's target with ':'"_s, m_pos + 2);
    if (target.compare("xml", Qt::CaseInsensitive) == 0)
        return fail(u"an XML declaration that is not at the start of the document"_s, m_pos);
    const char *close = find(p, m_end, "?>");
    if (!close)
        return fail(u"the document ends inside a processing instruction"_s, m_end);
    if (p != close && !isSpace(*p))
        return fail(u"expected a space after the processing instruction's target"_s, p);
    if (!checkCharacters(p, close, u"a processing instruction"))
        return Invalid;
    m_text.clear();
    m_pos = close + 2;
    return m_token = ProcessingInstruction;
}

// Text up to the next markup that is not a CDATA section. Nearly always plain: then decoded as it stands.
XmlPullReader::TokenType XmlPullReader::readText()
{
    const char *p = m_pos;
    const char *copiedTo = p; // bytes before this are in m_scratch (when used)
    bool usesScratch = false;
    const auto copyUpTo = [&](const char *at) {
        if (!usesScratch) {
            m_scratch.clear();
            usesScratch = true;
        }
        m_scratch.append(copiedTo, at - copiedTo);
    };
    while (p < m_end) {
        while (p < m_end && kPlainText[static_cast<unsigned char>(*p)])
            ++p;
        if (p == m_end)
            break;
        const auto c = static_cast<unsigned char>(*p);
        if (c == '<') {
            if (!startsWith(p, m_end, "<![CDATA["))
                break;
            copyUpTo(p);
            const char *start = p + 9;
            const char *close = find(start, m_end, "]]>");
            if (!close)
                return fail(u"the document ends inside a CDATA section"_s, m_end);
            for (const char *q = start; q < close;) {
                const auto b = static_cast<unsigned char>(*q);
                if (b >= 0x80) {
                    const char *from = q;
                    if (!skipUtf8(q, close))
                        return Invalid;
                    m_scratch.append(from, q - from);
                } else if (b == '\r') {
                    m_scratch.append('\n');
                    q += (q + 1 < close && q[1] == '\n') ? 2 : 1;
                } else if (b < 0x20 && b != '\t' && b != '\n') {
                    return fail(u"a control character in a CDATA section"_s, q);
                } else {
                    m_scratch.append(char(b));
                    ++q;
                }
            }
            p = copiedTo = close + 3;
        } else if (c >= 0x80) {
            if (!skipUtf8(p, m_end))
                return Invalid;
        } else if (c == '&') {
            copyUpTo(p);
            if (!appendReference(p, m_end, m_scratch))
                return Invalid;
            copiedTo = p;
        } else if (c == '\r') {
            copyUpTo(p);
            m_scratch.append('\n');
            p += (p + 1 < m_end && p[1] == '\n') ? 2 : 1;
            copiedTo = p;
        } else if (c == ']') {
            if (startsWith(p, m_end, "]]>"))
                return fail(u"']]>' in text"_s, p);
            ++p;
        } else {
            return fail(u"the control character U+%1 in text"_s.arg(uint(c), 4, 16, QChar(u'0')), p);
        }
    }
    if (usesScratch) {
        copyUpTo(p);
        decodeText(m_scratch);
    } else {
        decodeText(QByteArrayView(m_pos, p - m_pos));
    }
    m_pos = p;
    return m_token = Characters;
}

void XmlPullReader::setName(QByteArrayView qualified)
{
    const QByteArrayView local = localPart(qualified);
    m_name.resize(local.size());
    char16_t *out = reinterpret_cast<char16_t *>(m_name.data());
    for (const char c : local)
        *out++ = char16_t(static_cast<unsigned char>(c));
}

void XmlPullReader::decodeText(QByteArrayView utf8)
{
    m_text.resize(utf8.size()); // UTF-16 never takes more units than UTF-8 takes bytes
    const QChar *end = m_decoder.appendToBuffer(m_text.data(), utf8);
    m_text.truncate(end - m_text.constData());
}

// An attribute's value: references resolved, and each tab, line end and line feed a space (XML's attribute-value
// normalization). Fails at what the text of an element may not hold either.
bool XmlPullReader::decodeAttribute(QByteArrayView raw, QString &out)
{
    QByteArray bytes;
    bytes.reserve(raw.size());
    const char *p = raw.data();
    const char *end = p + raw.size();
    while (p < end) {
        const auto c = static_cast<unsigned char>(*p);
        if (c == '<') {
            return fail(u"'<' in an attribute value"_s, p) != Invalid;
        } else if (c == '&') {
            if (!appendReference(p, end, bytes))
                return false;
        } else if (c == '\r') {
            bytes.append(' ');
            p += (p + 1 < end && p[1] == '\n') ? 2 : 1;
        } else if (c == '\t' || c == '\n') {
            bytes.append(' ');
            ++p;
        } else if (c < 0x20) {
            return fail(u"a control character in an attribute value"_s, p) != Invalid;
        } else if (c >= 0x80) {
            const char *from = p;
            if (!skipUtf8(p, end))
                return false;
            bytes.append(from, p - from);
        } else {
            bytes.append(char(c));
            ++p;
        }
    }
    out.resize(bytes.size()); // not QString::fromUtf8(), which drops a U+FEFF at the start
    out.truncate(m_decoder.appendToBuffer(out.data(), bytes) - out.constData());
    return true;
}

std::optional<QString> XmlPullReader::attribute(QLatin1StringView localName, bool inNamespace)
{
    for (const Attribute &a : std::as_const(m_attributes)) {
        const QByteArrayView prefix = prefixPart(a.qualifiedName);
        if (a.qualifiedName == "xmlns" || prefix == "xmlns" || prefix.isEmpty() == inNamespace)
            continue;
        if (localPart(a.qualifiedName) != QByteArrayView(localName.data(), localName.size()))
            continue;
        QString value;
        if (!decodeAttribute(a.rawValue, value))
            return std::nullopt;
        return value;
    }
    return std::nullopt;
}

QList<std::pair<QString, QString>> XmlPullReader::attributes()
{
    QList<std::pair<QString, QString>> all;
    for (const Attribute &a : std::as_const(m_attributes)) {
        if (a.qualifiedName == "xmlns" || prefixPart(a.qualifiedName) == "xmlns")
            continue;
        QString value;
        if (!decodeAttribute(a.rawValue, value))
            break;
        all.append({QString::fromLatin1(a.qualifiedName), value});
    }
    return all;
}

bool XmlPullReader::readNextStartElement()
{
    while (readNext() != Invalid) {
        if (m_token == EndElement || m_token == EndDocument)
            return false;
        if (m_token == StartElement)
            return true;
    }
    return false;
}

void XmlPullReader::skipCurrentElement()
{
    int depth = 1;
    while (depth && readNext() != Invalid) {
        if (m_token == EndElement)
            --depth;
        else if (m_token == StartElement)
            ++depth;
    }
}
