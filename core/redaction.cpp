// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "redaction.h"

#include <QRegularExpression>

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
        static const QRegularExpression signature(u"(Signature=)[^,\\s]*"_s,
                                                  QRegularExpression::CaseInsensitiveOption);
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

QByteArray xmlBody(const QByteArray &body)
{
    static const QRegularExpression element(u"<([A-Za-z_][\\w.-]*)(\\s[^>]*)?>([^<]*)</\\1\\s*>"_s);
    const QString text = QString::fromUtf8(body);
    QString out;
    out.reserve(text.size());
    qsizetype last = 0;
    auto it = element.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        if (!isSecretName(m.captured(1).toUtf8()))
            continue;
        out += QStringView(text).mid(last, m.capturedStart(3) - last);
        out += QLatin1StringView(kPlaceholder);
        last = m.capturedEnd(3);
    }
    if (last == 0)
        return body;
    out += QStringView(text).mid(last);
    return out.toUtf8();
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
