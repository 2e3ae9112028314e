// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "stsclient.h"

#include "service/queryprotocol.h"
#include "service/serviceclient.h"

#include <QRegularExpression>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {
ApiError parseError(const QString &message)
{
    ApiError e;
    e.kind = ApiError::Kind::Parse;
    e.code = u"MalformedResponse"_s;
    e.message = message;
    return e;
}
} // namespace

namespace StsXml {

ApiResult<AssumeRoleResult> assumeRoleResponse(const QByteArray &xml)
{
    QXmlStreamReader reader(xml);
    AssumeRoleResult result;
    QString expiration;
    QStringList path;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement()) {
            path.append(reader.name().toString());
            if (path.size() == 1 && path.first() != u"AssumeRoleResponse")
                return parseError(u"Expected an AssumeRoleResponse document, found <%1>."_s.arg(path.first()));
            continue;
        }
        if (reader.isEndElement()) {
            path.removeLast();
            continue;
        }
        if (!reader.isCharacters() || path.size() != 4 || path.at(1) != u"AssumeRoleResult")
            continue;
        const QString text = reader.text().toString().trimmed();
        const QString &group = path.at(2);
        const QString &leaf = path.at(3);
        if (group == u"Credentials") {
            if (leaf == u"AccessKeyId")
                result.credentials.accessKeyId += text;
            else if (leaf == u"SecretAccessKey")
                result.credentials.secretAccessKey += text;
            else if (leaf == u"SessionToken")
                result.credentials.sessionToken += text;
            else if (leaf == u"Expiration")
                expiration += text;
        } else if (group == u"AssumedRoleUser") {
            if (leaf == u"Arn")
                result.assumedRoleArn += text;
            else if (leaf == u"AssumedRoleId")
                result.assumedRoleId += text;
        }
    }
    if (reader.hasError())
        return parseError(u"The AssumeRole answer is not well-formed XML: %1"_s.arg(reader.errorString()));
    result.credentials.expiration = QDateTime::fromString(expiration, Qt::ISODateWithMs).toUTC();
    if (!result.credentials.isValid() || result.credentials.sessionToken.isEmpty()
        || !result.credentials.expiration.isValid())
        return parseError(u"The AssumeRole answer lacks AccessKeyId, SecretAccessKey, SessionToken or a valid "
                          "Expiration."_s);
    return result;
}

ApiResult<CallerIdentity> callerIdentityResponse(const QByteArray &xml)
{
    QXmlStreamReader reader(xml);
    CallerIdentity result;
    QStringList path;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement()) {
            path.append(reader.name().toString());
            if (path.size() == 1 && path.first() != u"GetCallerIdentityResponse")
                return parseError(u"Expected a GetCallerIdentityResponse document, found <%1>."_s.arg(path.first()));
            continue;
        }
        if (reader.isEndElement()) {
            path.removeLast();
            continue;
        }
        if (!reader.isCharacters() || path.size() != 3 || path.at(1) != u"GetCallerIdentityResult")
            continue;
        const QString text = reader.text().toString().trimmed();
        const QString &leaf = path.at(2);
        // An answer is a few hundred bytes; a longer member is not an answer (the service's ARNs are at most 2,048).
        constexpr qsizetype kMaxMember = 2048;
        QString *member = leaf == u"Account" ? &result.account
            : leaf == u"Arn"                 ? &result.arn
            : leaf == u"UserId"              ? &result.userId
                                             : nullptr;
        if (member) {
            *member += text;
            if (member->size() > kMaxMember)
                return parseError(
                    u"The GetCallerIdentity answer's %1 is longer than %2 characters."_s.arg(leaf).arg(kMaxMember));
        }
    }
    if (reader.hasError())
        return parseError(u"The GetCallerIdentity answer is not well-formed XML: %1"_s.arg(reader.errorString()));
    if (result.account.isEmpty())
        return parseError(u"The GetCallerIdentity answer lacks the Account."_s);
    // An account ID is 12 digits; it ends up in tables and file names, so nothing else is taken for one.
    static const QRegularExpression accountId(u"^[0-9]{12}$"_s);
    if (!accountId.match(result.account).hasMatch())
        return parseError(u"The GetCallerIdentity answer's Account is not an account ID (12 digits)."_s);
    return result;
}

} // namespace StsXml

AssumeRoleJob::AssumeRoleJob(ServiceClient *client, QueryParams params)
    : ApiJob(client, {u"AssumeRole"_s, std::move(params), QString()})
{
}

QMetaObject::Connection AssumeRoleJob::onFinished(const QObject *context,
                                                  std::function<void(const ApiResult<AssumeRoleResult> &)> callable)
{
    return connect(this, &AssumeRoleJob::finished, context, std::move(callable));
}

ApiResult<ApiJob::PageRead> AssumeRoleJob::handlePage(const QByteArray &xml)
{
    auto result = StsXml::assumeRoleResponse(xml);
    if (!result)
        return result.error();
    m_result = result.value();
    return PageRead {QString(), 1};
}

void AssumeRoleJob::finishWithError(const ApiError &error)
{
    Q_EMIT finished(error);
}

void AssumeRoleJob::finishWithSuccess()
{
    Q_EMIT finished(m_result.value_or(AssumeRoleResult()));
}

GetCallerIdentityJob::GetCallerIdentityJob(ServiceClient *client)
    : ApiJob(client, {u"GetCallerIdentity"_s, QueryParams(), QString()})
{
}

QMetaObject::Connection
GetCallerIdentityJob::onFinished(const QObject *context,
                                 std::function<void(const ApiResult<CallerIdentity> &)> callable)
{
    return connect(this, &GetCallerIdentityJob::finished, context, std::move(callable));
}

ApiResult<ApiJob::PageRead> GetCallerIdentityJob::handlePage(const QByteArray &xml)
{
    auto result = StsXml::callerIdentityResponse(xml);
    if (!result)
        return result.error();
    m_result = result.value();
    return PageRead {QString(), 1};
}

void GetCallerIdentityJob::finishWithError(const ApiError &error)
{
    Q_EMIT finished(error);
}

void GetCallerIdentityJob::finishWithSuccess()
{
    Q_EMIT finished(m_result.value_or(CallerIdentity()));
}

StsClient::StsClient(ClientConfig config, QObject *parent)
    : QObject(parent)
{
    config.signingName = u"sts"_s;
    m_service = std::make_unique<ServiceClient>(std::move(config), std::make_unique<QueryProtocol>(u"2011-06-15"_s));
}

StsClient::~StsClient()
{
    m_service->cancelAll(u"The client was destroyed."_s);
}

QueryParams StsClient::params(const AssumeRoleRequest &r)
{
    QueryParams p;
    auto add = [&p](const QString &name, const QString &value) {
        if (!value.isEmpty())
            p.append({name, value});
    };
    add(u"RoleArn"_s, r.roleArn);
    add(u"RoleSessionName"_s, r.roleSessionName);
    if (r.durationSeconds)
        p.append({u"DurationSeconds"_s, QString::number(*r.durationSeconds)});
    add(u"ExternalId"_s, r.externalId);
    add(u"SerialNumber"_s, r.serialNumber);
    add(u"TokenCode"_s, r.tokenCode);
    return p;
}

AssumeRoleJob *StsClient::assumeRole(const AssumeRoleRequest &request)
{
    return new AssumeRoleJob(m_service.get(), params(request));
}

GetCallerIdentityJob *StsClient::getCallerIdentity()
{
    return new GetCallerIdentityJob(m_service.get());
}
