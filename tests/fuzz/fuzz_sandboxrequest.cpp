// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The sandbox's request parsing (sandboxhandler.*, sandboxsts.*), without a network. The input is an HTTP request
// as text ("METHOD target HTTP/1.1", headers, empty line, form body), taken apart as SandboxServer::handle() does:
// the query string's and the body's form members, the signature check, then the ElastiCache front on a freshly
// seeded account (so every input starts from the same state), STS and the SSO portal. The signature check's
// verdict is computed but not obeyed, so that unsigned inputs reach the handler.
#include "fuzzsupport.h"

#include "queryserializer.h"
#include "sandboxconfig.h"
#include "sandboxhandler.h"
#include "sandboxseeder.h"
#include "sandboxstate.h"
#include "sandboxsts.h"
#include "sigv4.h"

#include <QDir>
#include <QJsonObject>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {

SandboxConfig g_config;
QJsonObject g_account; // the seeded account, as a state file: loading it is cheaper than seeding again

// Every answer is a document a client's XML reader accepts, whatever the request held.
void checkWellFormed(const SandboxResponse &response)
{
    if (response.contentType != "text/xml")
        return;
    QXmlStreamReader reader(response.body);
    while (!reader.atEnd())
        reader.readNext();
    if (reader.hasError())
        FuzzSupport::fail("the sandbox's answers are well-formed XML",
                          reader.errorString() + u"\n"_s + QString::fromUtf8(response.body));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    FuzzSupport::init();
    // One bucket exists, so that exports get past "no such bucket"; nothing is written within one input (exports
    // finish seconds later, and the state is dropped at the end of the input).
    const QString s3 = FuzzSupport::scratchDir() + u"/s3"_s;
    if (!QDir().mkpath(s3 + u"/fuzz-bucket"_s))
        qFatal("cannot create %s", qPrintable(s3));
    g_config.s3Root = s3;
    g_config.seedSnapshots = 12;
    g_config.seedAnchor = QDateTime(QDate(2026, 1, 15), QTime(12, 0), Qt::UTC);
    SandboxState seeded(g_config);
    SandboxSeeder::seed(seeded);
    g_account = seeded.toJson();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const FuzzSupport::TextRequest text = FuzzSupport::parseTextRequest(FuzzSupport::bytes(data, size));
    QueryParams params = QuerySerializer::parseFormBody(text.query);
    params += QuerySerializer::parseFormBody(text.body);

    SandboxSts sts(g_config);
    const QByteArray authorization = text.header("authorization");
    const bool forSts = SandboxSts::isStsRequest(authorization, params);
    const QString path = QString::fromUtf8(text.path);
    if (SandboxSts::isSsoPortalRequest(text.method, path)) {
        (void)sts.handleSsoPortal(text.header("x-amz-sso_bearer_token"), QuerySerializer::parseFormBody(text.query));
        return 0;
    }

    SigV4::Request signedRequest;
    signedRequest.method = text.method;
    signedRequest.path = text.path.isEmpty() ? QByteArray("/") : text.path;
    signedRequest.query = text.query;
    signedRequest.headers = text.headers;
    signedRequest.body = text.body;
    SigV4::VerifyOptions options;
    options.region = g_config.region;
    options.now = g_config.seedAnchor;
    if (forSts)
        options.service = u"sts"_s;
    const SigV4::VerifyResult verdict = SigV4::verify(
        signedRequest,
        [&](const QString &id) -> std::optional<QString> {
            if (id == g_config.accessKeyId)
                return g_config.secretAccessKey;
            return sts.secretFor(id);
        },
        options);
    (void)verdict.awsErrorCode();
    (void)sts.checkSessionToken(verdict.accessKeyId, verdict.sessionToken);

    const QString requestId = u"00000000-0000-4000-8000-000000000000"_s;
    if (forSts) {
        checkWellFormed(sts.handleSts(params, g_config.accessKeyId, g_config.accountId, requestId));
        return 0;
    }
    SandboxState state(g_config);
    QString error;
    if (!state.fromJson(g_account, &error))
        qFatal("the seeded account does not load: %s", qPrintable(error));
    const SandboxResponse response = SandboxHandler::handle(state, params, requestId);
    if (response.httpStatus < 200 || response.httpStatus > 599)
        FuzzSupport::fail("the handler answers with an HTTP status", QString::number(response.httpStatus));
    if (response.httpStatus != 200 && response.errorCode.isEmpty())
        FuzzSupport::fail("an error answer names its code", QString::fromUtf8(response.body));
    checkWellFormed(response);
    return 0;
}
