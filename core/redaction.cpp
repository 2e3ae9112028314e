// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "redaction.h"

#include <QRegularExpression>
#include <QXmlStreamReader>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Redaction {

namespace {
// Matched case-insensitively as substrings of a member or element name.
constexpr QByteArrayView kSecretFragments[] = {
    "secret",      "password", "authtoken", "sessiontoken", "securitytoken", "privatekey", "credential",
    "tokencode", // STS AssumeRole's MFA code
    "accesstoken", // an SSO access token
};

constexpr QByteArrayView kWholeHeaders[] = {
    "x-amz-security-token",
    "cookie",
    "set-cookie",
    "proxy-authorization",
};
} // namespace

bool isSecretName(QByteArrayView name)
{
    const QByteArray lower = name.toByteArray().toLower();
    for (const auto fragment : kSecretFragments) {
        if (lower.contains(fragment))
            return true;
    }
    return false;
}

QByteArray headerValue(const QByteArray &name, const QByteArray &value)
{
    const QByteArray lower = name.toLower();
    for (const auto whole : kWholeHeaders) {
        if (lower == whole)
            return value.isEmpty() ? value : QByteArray(kPlaceholder);
    }
    if (lower == "authorization") {
        static const QRegularExpression signature(u"(Signature=)[^,\\s]*"_s, QRegularExpression::CaseInsensitiveOption);
        QString text = QString::fromLatin1(value);
        const bool hasSignature = text.contains(signature);
        text.replace(signature, u"\\1"_s + QLatin1StringView(kPlaceholder));
        // An Authorization scheme we do not know (Basic, Bearer) is a secret as a whole.
        return hasSignature ? text.toLatin1() : QByteArray(kPlaceholder);
    }
    return value;
}

QByteArray formBody(const QByteArray &body)
{
    if (body.isEmpty())
        return body;
    QByteArrayList parts = body.split('&');
    for (QByteArray &part : parts) {
        const qsizetype eq = part.indexOf('=');
        const QByteArray name = eq < 0 ? part : part.left(eq);
        if (eq >= 0 && isSecretName(name))
            part = name + '=' + kPlaceholder;
    }
    return parts.join('&');
}

namespace {
// The local part of an element name as written: "s:SecretAccessKey" -> "SecretAccessKey".
QStringView localName(QStringView qualified)
{
    const qsizetype colon = qualified.lastIndexOf(u':');
    return colon < 0 ? qualified : qualified.mid(colon + 1);
}

// What the text looks like to a pattern: the text of elements with secret-looking names and no child elements.
// Only for what an XML reader cannot read (a document malformed before its end), as a second line of defence.
QString patternMasked(const QString &text)
{
    static const QRegularExpression element(u"<([A-Za-z_][\\w.:-]*)(\\s[^>]*)?>([^<]*)</\\1\\s*>"_s);
    QString out;
    qsizetype last = 0;
    auto it = element.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        if (!isSecretName(localName(m.capturedView(1)).toUtf8()))
            continue;
        out += QStringView(text).mid(last, m.capturedStart(3) - last);
        out += QLatin1StringView(kPlaceholder);
        last = m.capturedEnd(3);
    }
    return last == 0 ? text : out + QStringView(text).mid(last);
}

// Values this short are masked where they stand only: "true" in <AuthTokenEnabled> is no secret to hunt for.
constexpr qsizetype kMinimumValueToMaskElsewhere = 8;

struct OpenElement
{
    bool secret = false;
    bool hasChildren = false;
    qsizetype contentStart = 0; // just after its start tag
    qsizetype lastChildEnd = 0; // just after the end tag of its latest child element
};
} // namespace

// Reads the document with an XML reader, as the parsers do, so that what is masked is what a parser reads as the
// element's text (CDATA sections, character references, text split by comments or processing instructions),
// under any namespace prefix, not what a pattern recognises. The whole content of a secret element without child
// elements is replaced; each value read is also masked wherever else it appears in the body. A document that
// ends (or turns malformed) inside a secret element keeps nothing of it after its start tag.
QByteArray xmlBody(const QByteArray &body)
{
    const QString text = QString::fromUtf8(body);
    QXmlStreamReader reader(text);
    // Prefixes are read as written, so an undeclared one ("s:SecretAccessKey" without xmlns:s) is no error here.
    reader.setNamespaceProcessing(false);
    QList<OpenElement> open;
    QList<std::pair<qsizetype, qsizetype>> masked; // [start, end) in text
    QStringList values; // of secret elements, as read
    QString value;
    while (!reader.atEnd()) {
        const QXmlStreamReader::TokenType token = reader.readNext();
        if (reader.hasError())
            break;
        // Exact after a start or an end tag (the reader may have read further after text).
        const qsizetype offset = qsizetype(reader.characterOffset());
        switch (token) {
        case QXmlStreamReader::StartElement:
            if (!open.isEmpty())
                open.last().hasChildren = true;
            open.append({isSecretName(localName(reader.qualifiedName()).toUtf8()), false, offset});
            value.clear();
            break;
        case QXmlStreamReader::Characters:
            if (!open.isEmpty() && open.last().secret) {
                value += reader.text();
                // Text beside child elements (a <Credentials> wrapper's own text) is masked by value.
                if (open.last().hasChildren && !reader.isWhitespace())
                    values.append(reader.text().toString());
            }
            break;
        case QXmlStreamReader::EndElement:
            if (!open.isEmpty()) {
                const OpenElement element = open.takeLast();
                if (element.secret && !element.hasChildren) {
                    const qsizetype endTag = text.lastIndexOf(u"</"_s, offset - 1);
                    masked.append({element.contentStart, qMax(endTag, element.contentStart)});
                    if (!value.trimmed().isEmpty())
                        values.append(value);
                }
                value.clear();
                if (!open.isEmpty())
                    open.last().lastChildEnd = offset;
            }
            break;
        default:
            break;
        }
    }
    if (reader.hasError() && !open.isEmpty() && open.last().secret) {
        // Cut short or malformed inside a secret element: nothing of it after its start tag (or, for a wrapper
        // such as <Credentials>, after its latest complete child) is kept.
        const OpenElement &innermost = open.last();
        masked.append({innermost.hasChildren ? innermost.lastChildEnd : innermost.contentStart, text.size()});
    }
    if (masked.isEmpty() && !reader.hasError())
        return body;
    std::sort(masked.begin(), masked.end());
    QString out;
    out.reserve(text.size());
    qsizetype last = 0;
    for (const auto &[start, end] : std::as_const(masked)) {
        if (start < last) { // inside a range already replaced
            last = qMax(last, end);
            continue;
        }
        if (end <= start) // <SecretAccessKey/>: nothing to hide
            continue;
        out += QStringView(text).mid(last, start - last);
        out += QLatin1StringView(kPlaceholder);
        last = end;
    }
    out += QStringView(text).mid(last);
    if (reader.hasError())
        out = patternMasked(out);
    QByteArrayList secrets;
    for (const QString &v : std::as_const(values)) {
        for (const QString &candidate : {v, v.trimmed()}) {
            if (candidate.size() >= kMinimumValueToMaskElsewhere && !secrets.contains(candidate.toUtf8()))
                secrets.append(candidate.toUtf8());
        }
    }
    const QByteArray result = knownSecrets(out.toUtf8(), secrets);
    return result == text.toUtf8() ? body : result;
}

QByteArray knownSecrets(QByteArray text, const QByteArrayList &secrets)
{
    for (const QByteArray &secret : secrets) {
        if (!secret.isEmpty())
            text.replace(secret, kPlaceholder);
    }
    return text;
}

} // namespace Redaction
