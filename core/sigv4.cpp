// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sigv4.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

#include <algorithm>

namespace SigV4 {

namespace {

constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";
constexpr char kTerminator[] = "aws4_request";

QByteArray hmac(const QByteArray &key, const QByteArray &message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

QByteArray sha256Hex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

bool isUnreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
        || c == '_' || c == '~';
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// Trims and collapses every run of whitespace (folded continuation lines included) into one space.
QByteArray canonicalHeaderValue(const QByteArray &value)
{
    QByteArray out;
    out.reserve(value.size());
    bool pendingSpace = false;
    for (const char c : value) {
        if (isSpace(c)) {
            pendingSpace = !out.isEmpty();
            continue;
        }
        if (pendingSpace) {
            out += ' ';
            pendingSpace = false;
        }
        out += c;
    }
    return out;
}

// RFC 3986 section 5.2.4, plus the AWS rule that empty segments ("//") collapse, as botocore does.
QByteArray removeDotSegments(const QByteArray &path)
{
    if (path.isEmpty())
        return QByteArrayLiteral("/");
    QList<QByteArray> output;
    for (const QByteArray &segment : path.split('/')) {
        if (segment.isEmpty() || segment == ".")
            continue;
        if (segment == "..") {
            if (!output.isEmpty())
                output.removeLast();
            continue;
        }
        output.append(segment);
    }
    QByteArray result = path.startsWith('/') ? QByteArrayLiteral("/") : QByteArray();
    result += output.join('/');
    if (path.endsWith('/') && !output.isEmpty())
        result += '/';
    return result;
}

void removeHeaders(HeaderList &headers, const QByteArray &lowerName)
{
    headers.removeIf([&](const Header &h) { return h.first.toLower() == lowerName; });
}

std::optional<QByteArray> headerValue(const HeaderList &headers, const QByteArray &lowerName)
{
    for (const Header &h : headers) {
        if (h.first.toLower() == lowerName)
            return h.second.trimmed();
    }
    return std::nullopt;
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return diff == 0;
}

VerifyResult fail(VerifyResult result, VerifyStatus status, const QString &message)
{
    result.status = status;
    result.message = message;
    return result;
}

} // namespace

QByteArray amzDate(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
}

QDateTime parseAmzDate(const QByteArray &text)
{
    if (text.size() != 16 || text.at(8) != 'T' || text.at(15) != 'Z')
        return {};
    for (int i = 0; i < 15; ++i) {
        if (i != 8 && (text.at(i) < '0' || text.at(i) > '9'))
            return {};
    }
    const auto num = [&](int from, int len) {
        return text.mid(from, len).toInt();
    };
    const QDate date(num(0, 4), num(4, 2), num(6, 2));
    const QTime time(num(9, 2), num(11, 2), num(13, 2));
    if (!date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, Qt::UTC);
}

QByteArray credentialScope(const QByteArray &date8, const QString &region, const QString &service)
{
    return date8 + '/' + region.toUtf8() + '/' + service.toUtf8() + '/' + kTerminator;
}

QByteArray uriEncode(const QByteArray &bytes, bool keepSlash)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(bytes.size() * 3);
    for (const char c : bytes) {
        if (isUnreserved(c) || (keepSlash && c == '/')) {
            out += c;
        } else {
            const auto u = static_cast<unsigned char>(c);
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 0xF];
        }
    }
    return out;
}

QByteArray canonicalUri(const QByteArray &path, bool normalize, bool doubleEncode)
{
    const QByteArray p = normalize ? removeDotSegments(path) : (path.isEmpty() ? QByteArrayLiteral("/") : path);
    return doubleEncode ? uriEncode(p, true) : p;
}

QByteArray canonicalQuery(const QByteArray &query)
{
    QList<QPair<QByteArray, QByteArray>> pairs;
    for (const QByteArray &part : query.split('&')) {
        if (part.isEmpty())
            continue;
        const qsizetype eq = part.indexOf('=');
        const QByteArray key = eq < 0 ? part : part.left(eq);
        const QByteArray value = eq < 0 ? QByteArray() : part.mid(eq + 1);
        // Decode first so that already-encoded and raw forms give the same canonical bytes.
        pairs.append({uriEncode(QByteArray::fromPercentEncoding(key), false),
                      uriEncode(QByteArray::fromPercentEncoding(value), false)});
    }
    std::sort(pairs.begin(), pairs.end());
    QByteArray out;
    for (const auto &[key, value] : std::as_const(pairs)) {
        if (!out.isEmpty())
            out += '&';
        out += key + '=' + value;
    }
    return out;
}

QList<QByteArray> headersToSign(const HeaderList &headers)
{
    static const QList<QByteArray> unsigned_ = {"authorization", "user-agent", "expect", "x-amzn-trace-id"};
    QList<QByteArray> names;
    for (const Header &h : headers) {
        const QByteArray name = h.first.trimmed().toLower();
        if (!unsigned_.contains(name) && !names.contains(name))
            names.append(name);
    }
    std::sort(names.begin(), names.end());
    return names;
}

QByteArray canonicalHeaders(const HeaderList &headers, const QList<QByteArray> &signedHeaders)
{
    QByteArray out;
    for (const QByteArray &name : signedHeaders) {
        QByteArray joined;
        bool first = true;
        for (const Header &h : headers) {
            if (h.first.trimmed().toLower() != name)
                continue;
            if (!first)
                joined += ',';
            joined += canonicalHeaderValue(h.second);
            first = false;
        }
        out += name + ':' + joined + '\n';
    }
    return out;
}

QByteArray canonicalRequest(const Request &request, const QList<QByteArray> &signedHeaders, bool normalizePath,
                            bool doubleEncodePath)
{
    return request.method + '\n' + canonicalUri(request.path, normalizePath, doubleEncodePath) + '\n'
        + canonicalQuery(request.query) + '\n' + canonicalHeaders(request.headers, signedHeaders) + '\n'
        + signedHeaders.join(';') + '\n' + sha256Hex(request.body);
}

QByteArray stringToSign(const QByteArray &amzDate, const QByteArray &scope, const QByteArray &canonicalRequest)
{
    return QByteArray(kAlgorithm) + '\n' + amzDate + '\n' + scope + '\n' + sha256Hex(canonicalRequest);
}

QByteArray signingKey(const QString &secretAccessKey, const QByteArray &date8, const QString &region,
                      const QString &service)
{
    const QByteArray kDate = hmac("AWS4" + secretAccessKey.toUtf8(), date8);
    const QByteArray kRegion = hmac(kDate, region.toUtf8());
    const QByteArray kService = hmac(kRegion, service.toUtf8());
    return hmac(kService, kTerminator);
}

QByteArray signature(const QByteArray &signingKey, const QByteArray &stringToSign)
{
    return hmac(signingKey, stringToSign).toHex();
}

QByteArray hostHeader(const QUrl &url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    const int defaultPort = url.scheme() == QLatin1StringView("https") ? 443
        : url.scheme() == QLatin1StringView("http")                    ? 80
                                                                       : -1;
    if (url.port() != -1 && url.port() != defaultPort)
        host += ':' + QByteArray::number(url.port());
    return host;
}

Signature sign(Request &request, const SigningParams &params)
{
    const QDateTime when = params.time.isValid() ? params.time.toUTC() : QDateTime::currentDateTimeUtc();
    const QByteArray date = amzDate(when);
    const QByteArray date8 = date.left(8);
    const bool hasToken = !params.sessionToken.isEmpty();

    removeHeaders(request.headers, "authorization");
    removeHeaders(request.headers, "x-amz-date");
    if (hasToken)
        removeHeaders(request.headers, "x-amz-security-token");
    if (params.signBody)
        removeHeaders(request.headers, "x-amz-content-sha256");

    request.headers.append({QByteArrayLiteral("X-Amz-Date"), date});
    if (hasToken && params.signSessionToken)
        request.headers.append({QByteArrayLiteral("X-Amz-Security-Token"), params.sessionToken.toUtf8()});
    if (params.signBody)
        request.headers.append({QByteArrayLiteral("x-amz-content-sha256"), sha256Hex(request.body)});

    const QList<QByteArray> signedHeaders = headersToSign(request.headers);
    const QByteArray scope = credentialScope(date8, params.region, params.service);

    Signature result;
    result.canonicalRequest = canonicalRequest(request, signedHeaders, params.normalizePath, params.doubleEncodePath);
    result.stringToSign = stringToSign(date, scope, result.canonicalRequest);
    result.signature
        = signature(signingKey(params.secretAccessKey, date8, params.region, params.service), result.stringToSign);
    result.authorization = QByteArray(kAlgorithm) + " Credential=" + params.accessKeyId.toUtf8() + '/' + scope
        + ", SignedHeaders=" + signedHeaders.join(';') + ", Signature=" + result.signature;

    if (hasToken && !params.signSessionToken)
        request.headers.append({QByteArrayLiteral("X-Amz-Security-Token"), params.sessionToken.toUtf8()});
    request.headers.append({QByteArrayLiteral("Authorization"), result.authorization});
    return result;
}

std::optional<Authorization> parseAuthorization(const QByteArray &value, QString *error)
{
    const auto failWith = [&](const QString &message) -> std::optional<Authorization> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QByteArray trimmed = value.trimmed();
    const qsizetype space = trimmed.indexOf(' ');
    const QByteArray algorithm = space < 0 ? trimmed : trimmed.left(space);
    if (algorithm != kAlgorithm) {
        return failWith(QStringLiteral("Unsupported AWS 'algorithm': '%1'. Authorization=%2")
                            .arg(QString::fromUtf8(algorithm), QString::fromUtf8(trimmed)));
    }

    QByteArray credential;
    QByteArray signedHeaders;
    QByteArray signatureHex;
    for (const QByteArray &rawPart : trimmed.mid(space + 1).split(',')) {
        const QByteArray part = rawPart.trimmed();
        const qsizetype eq = part.indexOf('=');
        if (eq <= 0)
            continue;
        const QByteArray key = part.left(eq).trimmed();
        const QByteArray val = part.mid(eq + 1).trimmed();
        if (key == "Credential")
            credential = val;
        else if (key == "SignedHeaders")
            signedHeaders = val;
        else if (key == "Signature")
            signatureHex = val;
    }

    QStringList missing;
    if (credential.isEmpty())
        missing << QStringLiteral("Authorization header requires 'Credential' parameter.");
    if (signatureHex.isEmpty())
        missing << QStringLiteral("Authorization header requires 'Signature' parameter.");
    if (signedHeaders.isEmpty())
        missing << QStringLiteral("Authorization header requires 'SignedHeaders' parameter.");
    if (!missing.isEmpty())
        return failWith(missing.join(u' ') + QStringLiteral(" Authorization=") + QString::fromUtf8(trimmed));

    const QList<QByteArray> scope = credential.split('/');
    const bool dateOk = scope.size() == 5 && scope.at(1).size() == 8
        && std::all_of(scope.at(1).cbegin(), scope.at(1).cend(), [](char c) { return c >= '0' && c <= '9'; });
    if (!dateOk || scope.at(0).isEmpty() || scope.at(2).isEmpty() || scope.at(3).isEmpty()) {
        return failWith(QStringLiteral("Credential should be scoped to a valid region, not '%1'. Authorization=%2")
                            .arg(QString::fromUtf8(credential), QString::fromUtf8(trimmed)));
    }
    if (scope.at(4) != kTerminator) {
        return failWith(QStringLiteral("Credential should be scoped with a valid terminator: 'aws4_request', not '%1'.")
                            .arg(QString::fromUtf8(scope.at(4))));
    }

    Authorization auth;
    auth.accessKeyId = QString::fromUtf8(scope.at(0));
    auth.date8 = scope.at(1);
    auth.region = QString::fromUtf8(scope.at(2));
    auth.service = QString::fromUtf8(scope.at(3));
    auth.signature = signatureHex;
    for (const QByteArray &name : signedHeaders.split(';')) {
        if (!name.isEmpty())
            auth.signedHeaders.append(name.toLower());
    }
    return auth;
}

bool VerifyResult::ok() const
{
    return status == VerifyStatus::Ok;
}

QString VerifyResult::awsErrorCode() const
{
    switch (status) {
    case VerifyStatus::Ok:
        return {};
    case VerifyStatus::MissingAuthorization:
        return QStringLiteral("MissingAuthenticationToken");
    case VerifyStatus::MalformedAuthorization:
        return QStringLiteral("IncompleteSignature");
    case VerifyStatus::UnknownAccessKey:
        return QStringLiteral("InvalidClientTokenId");
    case VerifyStatus::WrongRegion:
    case VerifyStatus::WrongService:
    case VerifyStatus::SignatureMismatch:
        return QStringLiteral("SignatureDoesNotMatch");
    case VerifyStatus::Expired:
        return QStringLiteral("RequestExpired");
    }
    return {};
}

int VerifyResult::httpStatus() const
{
    switch (status) {
    case VerifyStatus::Ok:
        return 200;
    case VerifyStatus::MalformedAuthorization:
    case VerifyStatus::Expired:
        return 400;
    case VerifyStatus::MissingAuthorization:
    case VerifyStatus::UnknownAccessKey:
    case VerifyStatus::WrongRegion:
    case VerifyStatus::WrongService:
    case VerifyStatus::SignatureMismatch:
        return 403;
    }
    return 403;
}

VerifyResult verify(const Request &request, const SecretLookup &lookupSecret, const VerifyOptions &options)
{
    VerifyResult result;
    if (const auto token = headerValue(request.headers, "x-amz-security-token"))
        result.sessionToken = QString::fromUtf8(*token);

    const auto authHeader = headerValue(request.headers, "authorization");
    if (!authHeader || authHeader->isEmpty())
        return fail(result, VerifyStatus::MissingAuthorization,
                    QStringLiteral("Request is missing Authentication Token"));

    QString parseError;
    const auto auth = parseAuthorization(*authHeader, &parseError);
    if (!auth)
        return fail(result, VerifyStatus::MalformedAuthorization, parseError);
    result.accessKeyId = auth->accessKeyId;

    QByteArray date;
    if (const auto amz = headerValue(request.headers, "x-amz-date")) {
        date = *amz;
        result.requestTime = parseAmzDate(date);
        if (!result.requestTime.isValid()) {
            return fail(
                result, VerifyStatus::MalformedAuthorization,
                QStringLiteral("Date must be in ISO-8601 'basic format'. Got '%1'.").arg(QString::fromUtf8(date)));
        }
    } else if (const auto http = headerValue(request.headers, "date")) {
        date = *http;
        result.requestTime = QDateTime::fromString(QString::fromLatin1(date), Qt::RFC2822Date).toUTC();
        if (!result.requestTime.isValid()) {
            return fail(result, VerifyStatus::MalformedAuthorization,
                        QStringLiteral("Date header is not a valid HTTP date: '%1'.").arg(QString::fromUtf8(date)));
        }
    } else {
        return fail(result, VerifyStatus::MalformedAuthorization,
                    QStringLiteral("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
                                   "header. Authorization=%1")
                        .arg(QString::fromUtf8(*authHeader)));
    }
    if (!auth->signedHeaders.contains("host")) {
        return fail(result, VerifyStatus::MalformedAuthorization,
                    QStringLiteral("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."));
    }

    if (!options.region.isEmpty() && auth->region != options.region) {
        return fail(result, VerifyStatus::WrongRegion,
                    QStringLiteral("Credential should be scoped to a valid region, not '%1'. ").arg(auth->region));
    }
    if (!options.service.isEmpty() && auth->service != options.service) {
        return fail(result, VerifyStatus::WrongService,
                    QStringLiteral("Credential should be scoped to correct service: '%1'. ").arg(options.service));
    }

    const std::optional<QString> secret = lookupSecret ? lookupSecret(auth->accessKeyId) : std::nullopt;
    if (!secret) {
        return fail(result, VerifyStatus::UnknownAccessKey,
                    QStringLiteral("The security token included in the request is invalid."));
    }

    const QByteArray requestDate8 = amzDate(result.requestTime).left(8);
    if (auth->date8 != requestDate8) {
        return fail(
            result, VerifyStatus::SignatureMismatch,
            QStringLiteral("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
                           "from HTTP: '%1' != '%2', from '%3'.")
                .arg(QString::fromLatin1(auth->date8), QString::fromLatin1(requestDate8), QString::fromUtf8(date)));
    }

    // The string to sign carries the date exactly as sent when it is X-Amz-Date.
    const QByteArray stsDate = parseAmzDate(date).isValid() ? date : amzDate(result.requestTime);
    result.canonicalRequest
        = canonicalRequest(request, auth->signedHeaders, options.normalizePath, options.doubleEncodePath);
    result.stringToSign
        = stringToSign(stsDate, credentialScope(auth->date8, auth->region, auth->service), result.canonicalRequest);
    const QByteArray expected
        = signature(signingKey(*secret, auth->date8, auth->region, auth->service), result.stringToSign);
    if (!constantTimeEquals(expected, auth->signature.toLower())) {
        return fail(result, VerifyStatus::SignatureMismatch,
                    QStringLiteral("The request signature we calculated does not match the signature you provided. "
                                   "Check your AWS Secret Access Key and signing method. Consult the service "
                                   "documentation for details."));
    }

    if (options.now.isValid()) {
        const qint64 skew = result.requestTime.secsTo(options.now.toUTC());
        if (skew > options.maxSkewSeconds || -skew > options.maxSkewSeconds) {
            return fail(result, VerifyStatus::Expired,
                        QStringLiteral("Request has expired. Timestamp date is %1, now is %2.")
                            .arg(result.requestTime.toString(Qt::ISODate), options.now.toUTC().toString(Qt::ISODate)));
        }
    }

    result.status = VerifyStatus::Ok;
    return result;
}

} // namespace SigV4
