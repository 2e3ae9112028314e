// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "apierror.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace {
// The codes botocore's standard retry mode treats as throttling (botocore/retries/standard.py).
constexpr QLatin1StringView kThrottlingCodes[] = {
    QLatin1StringView("Throttling"),
    QLatin1StringView("ThrottlingException"),
    QLatin1StringView("ThrottledException"),
    QLatin1StringView("RequestThrottledException"),
    QLatin1StringView("TooManyRequestsException"),
    QLatin1StringView("ProvisionedThroughputExceededException"),
    QLatin1StringView("TransactionInProgressException"),
    QLatin1StringView("RequestLimitExceeded"),
    QLatin1StringView("BandwidthLimitExceeded"),
    QLatin1StringView("LimitExceededException"),
    QLatin1StringView("RequestThrottled"),
    QLatin1StringView("SlowDown"),
    QLatin1StringView("PriorRequestNotComplete"),
    QLatin1StringView("EC2ThrottledException"),
};

constexpr QLatin1StringView kClockSkewCodes[] = {
    QLatin1StringView("RequestTimeTooSkewed"),
    QLatin1StringView("RequestExpired"),
    QLatin1StringView("InvalidSignatureException"),
    QLatin1StringView("RequestInTheFuture"),
    QLatin1StringView("AuthFailure"),
    QLatin1StringView("SignatureDoesNotMatch"),
};

// Transient service codes from botocore's standard mode.
constexpr QLatin1StringView kTransientCodes[] = {
    QLatin1StringView("RequestTimeout"),
    QLatin1StringView("RequestTimeoutException"),
    QLatin1StringView("PriorRequestNotComplete"),
    QLatin1StringView("InternalError"),
};

template<std::size_t N> bool contains(const QLatin1StringView (&codes)[N], const QString &code)
{
    for (const auto &c : codes) {
        if (code == c)
            return true;
    }
    return false;
}
} // namespace

ApiError ApiError::make(Kind kind, QString code, QString message)
{
    ApiError e;
    e.kind = kind;
    e.code = std::move(code);
    e.message = std::move(message);
    return e;
}

bool ApiError::isThrottling() const
{
    return kind == Kind::Service && (httpStatus == 429 || contains(kThrottlingCodes, code));
}

bool ApiError::isClockSkew() const
{
    // SignatureDoesNotMatch is only a skew when the message says so; the caller compares clocks too.
    return kind == Kind::Service && contains(kClockSkewCodes, code);
}

bool ApiError::isCredentialRefusal() const
{
    static const QStringList codes {u"InvalidClientTokenId"_s,       u"UnrecognizedClientException"_s,
                                    u"SignatureDoesNotMatch"_s,      u"IncompleteSignature"_s,
                                    u"InvalidSignatureException"_s,  u"ExpiredToken"_s,
                                    u"ExpiredTokenException"_s,      u"RequestExpired"_s,
                                    u"MissingAuthenticationToken"_s, u"AuthFailure"_s,
                                    u"InvalidAccessKeyId"_s};
    return kind == Kind::Service && codes.contains(code);
}

bool ApiError::isTransient() const
{
    switch (kind) {
    case Kind::Network:
    case Kind::Timeout:
        return true;
    case Kind::Http:
        return httpStatus == 500 || httpStatus == 502 || httpStatus == 503 || httpStatus == 504;
    case Kind::Service:
        return httpStatus == 500 || httpStatus == 502 || httpStatus == 503 || httpStatus == 504
            || contains(kTransientCodes, code);
    case Kind::Parse:
    case Kind::Credentials:
    case Kind::Config:
    case Kind::Cancelled:
        return false;
    }
    return false;
}

void ApiError::bound()
{
    if (message.size() > kMostMessageChars) {
        const qsizetype cut = message.size() - kMostMessageChars;
        message = message.left(kMostMessageChars) + u"… (%1 more characters)"_s.arg(cut);
    }
    for (QString *token : {&code, &type, &requestId}) {
        if (token->size() > kMostTokenChars)
            *token = token->left(kMostTokenChars) + u'…';
    }
}

QString ApiError::toString() const
{
    QString text = code.isEmpty() ? message : (message.isEmpty() ? code : code + u": " + message);
    QStringList details;
    if (httpStatus > 0)
        details << u"HTTP "_s + QString::number(httpStatus);
    if (!requestId.isEmpty())
        details << u"request id "_s + requestId;
    if (attempts > 1)
        details << QString::number(attempts) + u" attempts"_s;
    if (!details.isEmpty())
        text += u" ("_s + details.join(u", ") + u')';
    return text;
}
