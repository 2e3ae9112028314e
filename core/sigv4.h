// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

// AWS Signature Version 4, header-signed (the form the AWS SDKs use for the ElastiCache Query API), and the
// matching verification for the sandbox server. Pure functions over byte strings; no network.
namespace SigV4 {

using Header = QPair<QByteArray, QByteArray>;
using HeaderList = QList<Header>;

struct Request
{
    QByteArray method = "POST";
    QByteArray path = "/"; // as sent on the wire, without the query
    QByteArray query; // raw query string without '?'
    HeaderList headers; // in sending order; names in any case; repeated names allowed
    QByteArray body;
};

struct SigningParams
{
    QString accessKeyId;
    QString secretAccessKey;
    QString sessionToken; // sent as X-Amz-Security-Token when not empty
    QString region;
    QString service = QStringLiteral("elasticache");
    QDateTime time; // the signing instant, converted to UTC
    bool normalizePath = true;
    // Encode the path (already percent-encoded as sent) once more for the canonical request, as every service
    // but S3 expects; S3 signs the path exactly as sent (botocore's S3SigV4Auth).
    bool doubleEncodePath = true;
    bool signBody = false; // add and sign x-amz-content-sha256 (the AWS SDKs do not for the Query API)
    bool signSessionToken = true; // false: the token header is added after signing, unsigned
};

// What sign() computed, for tests and for --debug output (which must redact the signature).
struct Signature
{
    QByteArray canonicalRequest;
    QByteArray stringToSign;
    QByteArray signature; // lower-case hex
    QByteArray authorization;
};

QByteArray amzDate(const QDateTime &time); // "20150830T123600Z"
QDateTime parseAmzDate(const QByteArray &text); // invalid when text is not in that form
QByteArray credentialScope(const QByteArray &date8, const QString &region, const QString &service);

QByteArray uriEncode(const QByteArray &bytes, bool keepSlash);
// The path of the canonical request: normalised (dot segments and empty segments removed) when normalize, then
// percent-encoded once more when doubleEncode; S3 takes it as sent (neither).
QByteArray canonicalUri(const QByteArray &path, bool normalize, bool doubleEncode = true);
QByteArray canonicalQuery(const QByteArray &query);
// The header names sign() signs: every header present except those proxies and HTTP stacks rewrite
// (user-agent, expect, x-amzn-trace-id) and authorization itself; lower-case, sorted, unique.
QList<QByteArray> headersToSign(const HeaderList &headers);
QByteArray canonicalHeaders(const HeaderList &headers, const QList<QByteArray> &signedHeaders);
QByteArray canonicalRequest(const Request &request, const QList<QByteArray> &signedHeaders, bool normalizePath,
                            bool doubleEncodePath = true);
QByteArray stringToSign(const QByteArray &amzDate, const QByteArray &scope, const QByteArray &canonicalRequest);
QByteArray signingKey(const QString &secretAccessKey, const QByteArray &date8, const QString &region,
                      const QString &service);
QByteArray signature(const QByteArray &signingKey, const QByteArray &stringToSign);

// The Host header for url, as botocore writes it: the host (IPv6 in brackets, IDN in ACE form) and ":port"
// only when the URL names a port other than the scheme's default. Set it on the QNetworkRequest as a raw
// header too: Qt then sends it unchanged (its own default keeps an explicit ":443"), so what is signed is
// what the server sees.
QByteArray hostHeader(const QUrl &url);

// request.headers must already hold Host (see hostHeader()) and Content-Type as they will be sent.
// Replaces any X-Amz-Date, X-Amz-Security-Token, x-amz-content-sha256 (when signing the body) and
// Authorization in request.headers, appends them in that order and returns what was computed.
Signature sign(Request &request, const SigningParams &params);

// --- Verification (the sandbox server's side) ---

struct Authorization
{
    QString accessKeyId;
    QByteArray date8;
    QString region;
    QString service;
    QList<QByteArray> signedHeaders;
    QByteArray signature;
};

// Parses "AWS4-HMAC-SHA256 Credential=…/…/…/…/aws4_request, SignedHeaders=…, Signature=…".
// On failure returns nothing and sets *error to an AWS-style IncompleteSignature message.
std::optional<Authorization> parseAuthorization(const QByteArray &value, QString *error);

enum class VerifyStatus {
    Ok,
    MissingAuthorization, // MissingAuthenticationToken (403)
    MalformedAuthorization, // IncompleteSignature (400): missing parts, unsupported algorithm, no date
    UnknownAccessKey, // InvalidClientTokenId (403)
    WrongRegion, // SignatureDoesNotMatch (403): scope names another region
    WrongService, // SignatureDoesNotMatch (403): scope names another service
    SignatureMismatch, // SignatureDoesNotMatch (403): also a scope date that differs from X-Amz-Date
    Expired, // RequestExpired (400): X-Amz-Date too far from now
};

struct VerifyOptions
{
    QString region;
    QString service = QStringLiteral("elasticache");
    bool normalizePath = true;
    bool doubleEncodePath = true; // false for S3 (see SigningParams)
    QDateTime now; // invalid: no expiry check
    qint64 maxSkewSeconds = 300; // how far X-Amz-Date may be from now, either way
};

struct VerifyResult
{
    VerifyStatus status = VerifyStatus::MissingAuthorization;
    QString message; // AWS-style text for the error document
    QString accessKeyId;
    QDateTime requestTime; // the parsed X-Amz-Date (or Date), when there was one
    QString sessionToken; // X-Amz-Security-Token as sent, for the caller to check
    QByteArray canonicalRequest; // what the server computed (AWS echoes these for SignatureDoesNotMatch)
    QByteArray stringToSign;

    bool ok() const;
    QString awsErrorCode() const; // empty when ok
    int httpStatus() const; // 200 when ok
};

// Returns the secret for an access key id, or nothing for an unknown key.
using SecretLookup = std::function<std::optional<QString>(const QString &accessKeyId)>;

// Re-computes the signature over the request's own SignedHeaders and Credential scope.
VerifyResult verify(const Request &request, const SecretLookup &lookupSecret, const VerifyOptions &options);

} // namespace SigV4
