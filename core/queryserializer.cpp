// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "queryserializer.h"

namespace QuerySerializer {

namespace {

const QString kVersion = QStringLiteral("2015-02-02");

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

QString decodeComponent(const QByteArray &encoded)
{
    QByteArray bytes;
    bytes.reserve(encoded.size());
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded.at(i);
        if (c == '+') {
            bytes += ' ';
        } else if (c == '%' && i + 2 < encoded.size() && hexValue(encoded.at(i + 1)) >= 0
                   && hexValue(encoded.at(i + 2)) >= 0) {
            bytes += static_cast<char>(hexValue(encoded.at(i + 1)) * 16 + hexValue(encoded.at(i + 2)));
            i += 2;
        } else {
            bytes += c; // a stray '%' stays literal, as Python's unquote_plus leaves it
        }
    }
    return QString::fromUtf8(bytes);
}

} // namespace

QByteArray encodeComponent(const QString &text)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    const QByteArray utf8 = text.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() * 3);
    for (const char c : utf8) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
            || c == '-' || c == '~') {
            out += c;
        } else if (c == ' ') {
            out += '+';
        } else {
            const auto u = static_cast<unsigned char>(c);
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 0xF];
        }
    }
    return out;
}

QByteArray formBody(const QString &action, const QueryParams &params)
{
    return formBody(action, kVersion, params);
}

QByteArray formBody(const QString &action, const QString &version, const QueryParams &params)
{
    QByteArray body = "Action=" + encodeComponent(action) + "&Version=" + encodeComponent(version);
    for (const auto &[name, value] : params)
        body += '&' + encodeComponent(name) + '=' + encodeComponent(value);
    return body;
}

QueryParams parseFormBody(const QByteArray &body)
{
    QueryParams params;
    for (const QByteArray &part : body.split('&')) {
        if (part.isEmpty())
            continue;
        const qsizetype eq = part.indexOf('=');
        if (eq < 0)
            params.append({decodeComponent(part), QString()});
        else
            params.append({decodeComponent(part.left(eq)), decodeComponent(part.mid(eq + 1))});
    }
    return params;
}

} // namespace QuerySerializer
