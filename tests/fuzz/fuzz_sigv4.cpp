// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// SigV4 canonicalization and verification (sigv4.*). The input is an HTTP request as text, as the signing suites
// write it ("METHOD target HTTP/1.1", headers, empty line, body). Every canonical piece is computed; an
// Authorization and X-Amz-Date the input carries are parsed and verified as the sandbox would; and the request is
// signed and must then verify: whatever the client signs, the sandbox accepts.
#include "fuzzsupport.h"

#include "sigv4.h"

using namespace Qt::StringLiterals;

namespace {

const QString kKeyId = u"AKIDEXAMPLE"_s;
const QString kSecret = u"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"_s;

// What an HTTP/1.1 stack can carry at all: a header name is a token, a value has no CR, LF or NUL.
bool isToken(const QByteArray &name)
{
    if (name.isEmpty())
        return false;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

bool carriable(const SigV4::Request &r)
{
    if (!isToken(r.method))
        return false;
    for (const auto &[name, value] : r.headers) {
        if (!isToken(name) || value.contains('\r') || value.contains('\n') || value.contains('\0'))
            return false;
    }
    for (const char c : QByteArray(r.path + r.query)) {
        if (c <= ' ' || c == 0x7f || c == '#')
            return false;
    }
    return r.path.startsWith('/');
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    FuzzSupport::init();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const FuzzSupport::TextRequest text = FuzzSupport::parseTextRequest(FuzzSupport::bytes(data, size));
    SigV4::Request request;
    request.method = text.method;
    request.path = text.path;
    request.query = text.query;
    request.headers = text.headers;
    request.body = text.body;

    // The pieces, as the suites check them.
    for (const bool normalize : {true, false})
        (void)SigV4::canonicalUri(request.path, normalize);
    (void)SigV4::canonicalQuery(request.query);
    (void)SigV4::uriEncode(request.path, false);
    const QList<QByteArray> signedHeaders = SigV4::headersToSign(request.headers);
    (void)SigV4::canonicalHeaders(request.headers, signedHeaders);
    (void)SigV4::canonicalRequest(request, signedHeaders, true);
    const QDateTime inputDate = SigV4::parseAmzDate(text.header("x-amz-date").trimmed());
    if (inputDate.isValid() && SigV4::amzDate(inputDate) != text.header("x-amz-date").trimmed())
        FuzzSupport::fail("parseAmzDate and amzDate are inverse", QString::fromLatin1(text.header("x-amz-date")));

    // The sandbox's side, on whatever Authorization the input carries.
    QString error;
    (void)SigV4::parseAuthorization(text.header("authorization"), &error);
    const auto lookup = [](const QString &id) -> std::optional<QString> {
        if (id == kKeyId)
            return kSecret;
        return std::nullopt;
    };
    SigV4::VerifyOptions options;
    options.region = u"us-east-1"_s;
    options.now = inputDate.isValid() ? inputDate : QDateTime(QDate(2015, 8, 30), QTime(12, 36), Qt::UTC);
    (void)SigV4::verify(request, lookup, options);

    // Sign, then verify what was signed.
    if (!carriable(request))
        return 0;
    SigV4::Request toSign = request;
    toSign.headers.removeIf([](const SigV4::Header &h) {
        const QByteArray n = h.first.toLower();
        return n == "authorization" || n == "x-amz-date" || n == "x-amz-security-token" || n == "x-amz-content-sha256";
    });
    if (text.header("host").isNull())
        toSign.headers.prepend({"Host", "example.amazonaws.com"});
    SigV4::SigningParams params;
    params.accessKeyId = kKeyId;
    params.secretAccessKey = kSecret;
    params.region = u"us-east-1"_s;
    params.time = options.now;
    params.sessionToken = size % 3 == 0 ? u"token/with+slash="_s : QString();
    params.signBody = size % 2 == 0;
    const SigV4::Signature signature = SigV4::sign(toSign, params);
    const SigV4::VerifyResult verdict = SigV4::verify(toSign, lookup, options);
    if (!verdict.ok())
        FuzzSupport::fail(
            "a request sign() signed verifies",
            verdict.message + u"\n--- signer's canonical request:\n"_s + QString::fromLatin1(signature.canonicalRequest)
                + u"\n--- verifier's canonical request:\n"_s + QString::fromLatin1(verdict.canonicalRequest));
    return 0;
}
