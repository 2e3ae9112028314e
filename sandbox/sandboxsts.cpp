// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxsts.h"

#include "sandboxerrors.h"
#include "sandboxxml.h"
#include "sigv4.h"
#include "stablehash.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QXmlStreamWriter>

using namespace Qt::StringLiterals;

namespace {
QString randomText(int length, QStringView alphabet)
{
    QString text;
    text.reserve(length);
    for (int i = 0; i < length; ++i)
        text += alphabet.at(QRandomGenerator::global()->bounded(int(alphabet.size())));
    return text;
}

constexpr QStringView kUpper = u"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr QStringView kMixed = u"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

QString member(const QueryParams &params, const QString &name)
{
    for (const auto &[n, v] : params) {
        if (n == name)
            return v.isNull() ? u""_s : v;
    }
    return QString();
}

SandboxResponse jsonResponse(int status, const QJsonObject &body)
{
    SandboxResponse r;
    r.httpStatus = status;
    r.action = u"GetRoleCredentials"_s;
    r.contentType = "application/json";
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    if (status != 200)
        r.errorCode = body.value(u"__type"_s).toString();
    return r;
}

SandboxResponse jsonError(int status, const QString &type, const QString &message)
{
    return jsonResponse(status, QJsonObject {{u"__type"_s, type}, {u"message"_s, message}});
}

// IAM's unique IDs: a prefix (AIDA a user, AROA a role) and 17 characters, here derived from the name they stand
// for so that they are the same at every start.
QString uniqueId(QStringView prefix, const QString &name)
{
    QString id = prefix.toString();
    quint32 h = stableHash(name);
    for (int i = 0; i < 17; ++i) {
        id += kUpper.at(int(h % quint32(kUpper.size())));
        h = h / quint32(kUpper.size()) ^ stableHash(name, quint32(i + 1));
    }
    return id;
}
} // namespace

SandboxSts::SandboxSts(const SandboxConfig &config)
    : m_config(config)
    , m_accounts {config.accountId}
    , m_now([] { return QDateTime::currentDateTimeUtc(); })
{
}

void SandboxSts::setAccounts(const QStringList &accountIds)
{
    m_accounts = accountIds;
    if (!m_accounts.contains(m_config.accountId))
        m_accounts.prepend(m_config.accountId);
}

void SandboxSts::requireMfa(const QString &roleArn, const QString &serialNumber, const QString &tokenCode)
{
    m_mfa.insert(roleArn, {serialNumber, tokenCode});
}

void SandboxSts::requireExternalId(const QString &roleArn, const QString &externalId)
{
    m_externalIds.insert(roleArn, externalId);
}

void SandboxSts::addSsoToken(const QString &accessToken, const QString &accountId, const QString &roleName,
                             const QDateTime &expiresAt)
{
    m_ssoTokens.insert(accessToken, SsoToken {accountId, roleName, expiresAt.toUTC()});
}

void SandboxSts::setLifetimeOverride(int seconds)
{
    m_lifetimeOverride = seconds;
}

void SandboxSts::setClock(std::function<QDateTime()> now)
{
    m_now = std::move(now);
}

bool SandboxSts::isStsRequest(const QByteArray &authorization, const QueryParams &params)
{
    if (!authorization.isEmpty()) {
        QString error;
        const auto parsed = SigV4::parseAuthorization(authorization, &error);
        return parsed && parsed->service == u"sts";
    }
    const QString action = member(params, u"Action"_s);
    return action == u"AssumeRole" || action == u"GetCallerIdentity";
}

bool SandboxSts::isSsoPortalRequest(const QByteArray &method, const QString &path)
{
    return method == "GET" && path == u"/federation/credentials";
}

SandboxSts::Issued SandboxSts::issue(int seconds, const QString &accountId, const QString &roleName,
                                     const QString &sessionName, QString *accessKeyId)
{
    *accessKeyId = u"ASIA"_s + randomText(16, kUpper);
    Issued issued;
    issued.secret = randomText(40, kMixed);
    issued.token = u"IQoJb3JpZ2luX2VjE"_s + randomText(180, kMixed);
    const int lifetime = m_lifetimeOverride > 0 ? m_lifetimeOverride : seconds;
    issued.expiration = m_now().addSecs(lifetime);
    issued.expiration.setTime(
        QTime(issued.expiration.time().hour(), issued.expiration.time().minute(), issued.expiration.time().second()));
    issued.accountId = accountId;
    issued.arn = u"arn:aws:sts::%1:assumed-role/%2/%3"_s.arg(accountId, roleName, sessionName);
    issued.userId = uniqueId(u"AROA", u"arn:aws:iam::%1:role/%2"_s.arg(accountId, roleName)) + u':' + sessionName;
    m_issued.insert(*accessKeyId, issued);
    return issued;
}

SandboxResponse SandboxSts::handleSts(const QueryParams &params, const QString &callerKeyId,
                                      const QString &callerAccountId, const QString &requestId)
{
    using SandboxErrors::make;
    const QString action = member(params, u"Action"_s);
    const auto fail = [&](const ApiError &e) {
        return SandboxHandler::errorResponse(e, action, requestId);
    };
    if (member(params, u"Version"_s) != u"2011-06-15")
        return fail(make(400, u"InvalidAction"_s,
                         u"Could not find operation %1 for version %2"_s.arg(action, member(params, u"Version"_s))));
    const auto issued = m_issued.constFind(callerKeyId);
    const QString caller = issued != m_issued.cend() ? issued->accountId : callerAccountId;
    if (action == u"GetCallerIdentity") {
        QByteArray xml;
        QXmlStreamWriter w(&xml);
        w.writeStartElement(u"GetCallerIdentityResponse"_s);
        w.writeDefaultNamespace(u"https://sts.amazonaws.com/doc/2011-06-15/"_s);
        w.writeStartElement(u"GetCallerIdentityResult"_s);
        if (issued != m_issued.cend()) {
            w.writeTextElement(u"Arn"_s, issued->arn);
            w.writeTextElement(u"UserId"_s, issued->userId);
        } else {
            w.writeTextElement(u"Arn"_s, u"arn:aws:iam::%1:user/sandbox"_s.arg(caller));
            w.writeTextElement(u"UserId"_s, uniqueId(u"AIDA", caller + u'/' + callerKeyId));
        }
        w.writeTextElement(u"Account"_s, caller);
        w.writeEndElement();
        w.writeStartElement(u"ResponseMetadata"_s);
        w.writeTextElement(u"RequestId"_s, requestId);
        w.writeEndElement();
        w.writeEndElement();
        SandboxResponse r;
        r.action = action;
        r.body = xml;
        return r;
    }
    if (action != u"AssumeRole")
        return fail(make(400, u"InvalidAction"_s,
                         u"The sandbox's STS offers AssumeRole and GetCallerIdentity only, not %1."_s.arg(action)));

    const QString roleArn = member(params, u"RoleArn"_s);
    const QString sessionName = member(params, u"RoleSessionName"_s);
    if (roleArn.isEmpty() || sessionName.isEmpty())
        return fail(make(400, u"ValidationError"_s,
                         u"1 validation error detected: Value null at '%1' failed to satisfy constraint: Member must "
                         "not be null"_s.arg(roleArn.isEmpty() ? u"roleArn"_s : u"roleSessionName"_s)));
    static const QRegularExpression sessionPattern(u"^[\\w+=,.@-]{2,64}$"_s);
    if (!sessionPattern.match(sessionName).hasMatch())
        return fail(make(400, u"ValidationError"_s,
                         u"1 validation error detected: Value '%1' at 'roleSessionName' failed to satisfy constraint: "
                         "Member must satisfy regular expression pattern: [\\w+=,.@-]*"_s.arg(sessionName)));
    int duration = 3600;
    if (const QString d = member(params, u"DurationSeconds"_s); !d.isNull()) {
        bool ok = false;
        duration = d.toInt(&ok);
        if (!ok || duration < 900 || duration > 43200)
            return fail(make(400, u"ValidationError"_s,
                             u"1 validation error detected: Value '%1' at 'durationSeconds' failed to satisfy "
                             "constraint: Member must have value between 900 and 43200"_s.arg(d)));
    }
    static const QRegularExpression rolePattern(u"^arn:aws:iam::(\\d{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]+)$"_s);
    const auto match = rolePattern.match(roleArn);
    const QString denied = u"User: arn:aws:iam::%1:user/sandbox (%2) is not authorized to perform: sts:AssumeRole on "
                           "resource: %3"_s.arg(caller, callerKeyId, roleArn);
    if (!match.hasMatch() || !m_accounts.contains(match.captured(1)))
        return fail(make(403, u"AccessDenied"_s, denied));
    if (const auto it = m_mfa.constFind(roleArn); it != m_mfa.cend()) {
        const QString serial = member(params, u"SerialNumber"_s);
        const QString code = member(params, u"TokenCode"_s);
        if (serial.isEmpty() || code.isEmpty() || serial != it->first)
            return fail(make(403, u"AccessDenied"_s, denied + u" (the role requires MFA)"_s));
        if (code != it->second)
            return fail(make(403, u"AccessDenied"_s,
                             u"MultiFactorAuthentication failed with invalid MFA one time "
                             "pass code."_s));
    }
    if (const auto it = m_externalIds.constFind(roleArn); it != m_externalIds.cend()) {
        if (member(params, u"ExternalId"_s) != *it)
            return fail(make(403, u"AccessDenied"_s, denied));
    }

    QString keyId;
    const QString roleAccount = match.captured(1);
    const QString roleName = match.captured(2);
    const Issued credentials = issue(duration, roleAccount, roleName, sessionName, &keyId);

    QByteArray xml;
    QXmlStreamWriter w(&xml);
    w.writeStartElement(u"AssumeRoleResponse"_s);
    w.writeDefaultNamespace(u"https://sts.amazonaws.com/doc/2011-06-15/"_s);
    w.writeStartElement(u"AssumeRoleResult"_s);
    w.writeStartElement(u"AssumedRoleUser"_s);
    w.writeTextElement(u"AssumedRoleId"_s, credentials.userId);
    w.writeTextElement(u"Arn"_s, credentials.arn);
    w.writeEndElement();
    w.writeStartElement(u"Credentials"_s);
    w.writeTextElement(u"AccessKeyId"_s, keyId);
    w.writeTextElement(u"SecretAccessKey"_s, credentials.secret);
    w.writeTextElement(u"SessionToken"_s, credentials.token);
    w.writeTextElement(u"Expiration"_s, credentials.expiration.toString(Qt::ISODate));
    w.writeEndElement();
    w.writeEndElement();
    w.writeStartElement(u"ResponseMetadata"_s);
    w.writeTextElement(u"RequestId"_s, requestId);
    w.writeEndElement();
    w.writeEndElement();

    SandboxResponse r;
    r.action = action;
    r.body = xml;
    return r;
}

SandboxResponse SandboxSts::handleSsoPortal(const QByteArray &bearerToken, const QueryParams &query)
{
    const QString accountId = member(query, u"account_id"_s);
    const QString roleName = member(query, u"role_name"_s);
    if (accountId.isEmpty() || roleName.isEmpty())
        return jsonError(400, u"InvalidRequestException"_s, u"account_id and role_name are required."_s);
    const auto it = m_ssoTokens.constFind(QString::fromUtf8(bearerToken));
    if (bearerToken.isEmpty() || it == m_ssoTokens.cend() || it->expiresAt <= m_now())
        return jsonError(401, u"UnauthorizedException"_s, u"Session token not found or invalid"_s);
    if ((!it->accountId.isEmpty() && it->accountId != accountId)
        || (!it->roleName.isEmpty() && it->roleName != roleName))
        return jsonError(403, u"ForbiddenException"_s, u"No access"_s);
    QString keyId;
    const QString account = m_accounts.contains(accountId) ? accountId : m_config.accountId;
    const Issued issued = issue(3600, account, roleName, u"sandbox"_s, &keyId);
    return jsonResponse(200,
                        QJsonObject {{u"roleCredentials"_s,
                                      QJsonObject {{u"accessKeyId"_s, keyId},
                                                   {u"secretAccessKey"_s, issued.secret},
                                                   {u"sessionToken"_s, issued.token},
                                                   {u"expiration"_s, double(issued.expiration.toMSecsSinceEpoch())}}}});
}

std::optional<QString> SandboxSts::secretFor(const QString &accessKeyId) const
{
    const auto it = m_issued.constFind(accessKeyId);
    if (it == m_issued.cend())
        return std::nullopt;
    return it->secret;
}

bool SandboxSts::isTemporaryKey(const QString &accessKeyId) const
{
    return m_issued.contains(accessKeyId);
}

QString SandboxSts::accountOf(const QString &accessKeyId) const
{
    const auto it = m_issued.constFind(accessKeyId);
    return it == m_issued.cend() ? QString() : it->accountId;
}

std::optional<ApiError> SandboxSts::checkSessionToken(const QString &accessKeyId, const QString &sessionToken) const
{
    const auto it = m_issued.constFind(accessKeyId);
    if (it == m_issued.cend())
        return std::nullopt;
    if (sessionToken != it->token)
        return SandboxErrors::make(403, u"InvalidClientTokenId"_s,
                                   u"The security token included in the request is invalid."_s);
    if (it->expiration <= m_now())
        return SandboxErrors::make(403, u"ExpiredToken"_s, u"The security token included in the request is expired"_s);
    return std::nullopt;
}

int SandboxSts::issuedCount() const
{
    return int(m_issued.size());
}
