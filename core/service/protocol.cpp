// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocol.h"

using namespace Qt::StringLiterals;

namespace {
// More than a screenful helps nobody; botocore prints the whole body.
constexpr qsizetype kShownBodyBytes = 1024;

// The body on one line as Python's repr shows bytes: printable text kept, everything else escaped.
QString escapedExcerpt(const QByteArray &body)
{
    const QString text = QString::fromUtf8(body.left(kShownBodyBytes));
    QString out;
    out.reserve(text.size() + 16);
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'\n')
            out += u"\\n"_s;
        else if (u == u'\r')
            out += u"\\r"_s;
        else if (u == u'\t')
            out += u"\\t"_s;
        else if (u == u'\\')
            out += u"\\\\"_s;
        else if (u < 0x20 || (u >= 0x7f && u < 0xa0) || u == 0xfffd || c.category() == QChar::Other_Control
                 || c.category() == QChar::Other_Format)
            out += u"\\x%1"_s.arg(u & 0xff, 2, 16, QChar(u'0'));
        else
            out += c;
    }
    if (body.size() > kShownBodyBytes)
        out += u"…"_s;
    return out;
}
} // namespace

Protocol::~Protocol() = default;

QString Protocol::unparseableCode()
{
    return u"ResponseParserError"_s;
}

ApiError Protocol::unparseable(const QString &why, bool invalidXml, const HttpAnswer &answer) const
{
    ApiError error;
    error.kind = ApiError::Kind::Parse;
    error.code = unparseableCode();
    error.httpStatus = answer.status;
    error.requestId = answer.requestId;
    if (!invalidXml) {
        error.message = u"Unable to parse response (%1)"_s.arg(why);
    } else {
        error.message = u"Unable to parse response (%1), invalid XML received. Further retries may succeed:\n%2"_s.arg(
            why, escapedExcerpt(redactedAnswerBody(answer.body)));
    }
    return error;
}

QString Protocol::reasonPhrase(const HttpAnswer &answer)
{
    switch (answer.status) {
    case 500:
        return u"Internal Server Error"_s;
    case 501:
        return u"Not Implemented"_s;
    case 502:
        return u"Bad Gateway"_s;
    case 503:
        return u"Service Unavailable"_s;
    case 504:
        return u"Gateway Timeout"_s;
    case 505:
        return u"HTTP Version Not Supported"_s;
    case 506:
        return u"Variant Also Negotiates"_s;
    case 507:
        return u"Insufficient Storage"_s;
    case 508:
        return u"Loop Detected"_s;
    case 510:
        return u"Not Extended"_s;
    case 511:
        return u"Network Authentication Required"_s;
    default:
        return QString::fromLatin1(answer.reasonPhrase).trimmed();
    }
}
