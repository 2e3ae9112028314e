// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxec2.h"

#include "sandboxerrors.h"
#include "sigv4.h"

#include "model/queryparams.h"
#include "model/xmlwriter.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;
using SandboxErrors::make;

namespace {

constexpr int kMinResults = 5;
constexpr int kMaxResults = 1000;

template<typename T> ShapeList<T> present(QList<T> items)
{
    ShapeList<T> list(std::move(items));
    list.setPresent();
    return list;
}

Ec2::IpPermission allTraffic()
{
    Ec2::IpPermission p;
    p.ipProtocol = u"-1"_s;
    return p;
}

// The rules EC2 gives a new group: all traffic out. A VPC's default group also lets its own members in.
Ec2::SecurityGroup group(const QString &id, const QString &name, const QString &description, const QString &vpcId,
                         const QString &accountId, const QString &region)
{
    Ec2::SecurityGroup g;
    g.groupId = id;
    g.groupName = name;
    g.description = description;
    g.vpcId = vpcId;
    g.ownerId = accountId;
    g.securityGroupArn = u"arn:aws:ec2:%1:%2:security-group/%3"_s.arg(region, accountId, id);
    Ec2::IpPermission out = allTraffic();
    Ec2::IpRange anywhere;
    anywhere.cidrIp = u"0.0.0.0/0"_s;
    out.ipRanges = present<Ec2::IpRange>({anywhere});
    out.userIdGroupPairs.setPresent();
    out.ipv6Ranges.setPresent();
    out.prefixListIds.setPresent();
    g.ipPermissionsEgress = present<Ec2::IpPermission>({out});
    g.ipPermissions.setPresent();
    return g;
}

Ec2::SecurityGroup defaultGroup(const QString &id, const QString &vpcId, const QString &accountId,
                                const QString &region)
{
    Ec2::SecurityGroup g = group(id, u"default"_s, u"default VPC security group"_s, vpcId, accountId, region);
    Ec2::IpPermission in = allTraffic();
    Ec2::UserIdGroupPair self;
    self.userId = accountId;
    self.groupId = id;
    in.userIdGroupPairs = present<Ec2::UserIdGroupPair>({self});
    in.ipRanges.setPresent();
    in.ipv6Ranges.setPresent();
    in.prefixListIds.setPresent();
    g.ipPermissions = present<Ec2::IpPermission>({in});
    return g;
}

// EC2's filter values: * any run of characters, ? exactly one character, \ escapes the next one.
bool wildcardMatch(QStringView pattern, QStringView text)
{
    QString expression;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QChar c = pattern.at(i);
        if (c == u'\\' && i + 1 < pattern.size())
            expression += QRegularExpression::escape(pattern.at(++i));
        else if (c == u'*')
            expression += u".*"_s;
        else if (c == u'?')
            expression += u"."_s;
        else
            expression += QRegularExpression::escape(c);
    }
    const QRegularExpression re(QRegularExpression::anchoredPattern(expression),
                                QRegularExpression::DotMatchesEverythingOption);
    return re.match(text).hasMatch();
}

// Why a filter name cannot be used: EC2 does not know it, or the sandbox does not implement it (the rule filters).
std::optional<ApiError> filterProblem(const QString &name)
{
    static const QStringList known {u"vpc-id"_s,      u"group-id"_s, u"group-name"_s,
                                    u"description"_s, u"owner-id"_s, u"tag-key"_s};
    if (known.contains(name) || (name.startsWith(u"tag:") && name.size() > 4))
        return std::nullopt;
    if (name.startsWith(u"ip-permission.") || name.startsWith(u"egress.ip-permission."))
        return make(400, u"InvalidFilter"_s, u"The sandbox does not implement the filter '%1'."_s.arg(name));
    return make(400, u"InvalidFilter"_s, u"The filter '%1' is invalid"_s.arg(name));
}

// The values a filter (one filterProblem() accepts) looks at in one group.
QStringList filterValues(const QString &name, const Ec2::SecurityGroup &g)
{
    if (name == u"vpc-id")
        return QStringList {g.vpcId};
    if (name == u"group-id")
        return QStringList {g.groupId};
    if (name == u"group-name")
        return QStringList {g.groupName};
    if (name == u"description")
        return QStringList {g.description};
    if (name == u"owner-id")
        return QStringList {g.ownerId};
    if (name == u"tag-key") {
        QStringList keys;
        for (const Ec2::Tag &tag : g.tags)
            keys.append(tag.key);
        return keys;
    }
    if (name.startsWith(u"tag:")) {
        QStringList values;
        for (const Ec2::Tag &tag : g.tags) {
            if (tag.key == QStringView(name).mid(4))
                values.append(tag.value);
        }
        return values;
    }
    return {};
}

// The token of the page that starts at group index: opaque to clients, checked when it comes back.
QString pageToken(qsizetype index, const QString &groupId)
{
    return QString::fromLatin1(QByteArray("sandbox-ec2:" + QByteArray::number(index) + ':' + groupId.toLatin1())
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<qsizetype> pageStart(const QString &token, const QList<Ec2::SecurityGroup> &groups)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        token.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || !decoded.decoded.startsWith("sandbox-ec2:"))
        return std::nullopt;
    const QList<QByteArray> parts = decoded.decoded.mid(12).split(':');
    bool ok = false;
    const qsizetype index = parts.value(0).toLongLong(&ok);
    if (!ok || parts.size() != 2 || index < 0 || index >= groups.size()
        || groups.at(index).groupId != QString::fromLatin1(parts.at(1)))
        return std::nullopt;
    return index;
}

bool isWellFormedGroupId(const QString &id)
{
    static const QRegularExpression pattern(u"^sg-([0-9a-f]{8}|[0-9a-f]{17})$"_s);
    return pattern.match(id).hasMatch();
}

} // namespace

SandboxEc2::SandboxEc2(const SandboxConfig &config)
    : m_accountId(config.accountId)
{
    const QString region = config.region;
    m_groups = {
        defaultGroup(kDefaultGroupId, kDefaultVpcId, m_accountId, region),
        group(kRedisGroupId, u"cachesnap-redis"_s, u"Redis and Valkey clients of the sandbox's caches"_s, kDefaultVpcId,
              m_accountId, region),
        defaultGroup(kOtherDefaultGroupId, kOtherVpcId, m_accountId, region),
    };
    Ec2::SecurityGroup &redis = m_groups[1];
    Ec2::IpPermission clients;
    clients.ipProtocol = u"tcp"_s;
    clients.fromPort = 6379;
    clients.toPort = 6380;
    Ec2::IpRange vpc;
    vpc.cidrIp = u"10.0.0.0/16"_s;
    vpc.description = u"the application subnets"_s;
    clients.ipRanges = present<Ec2::IpRange>({vpc});
    clients.userIdGroupPairs.setPresent();
    clients.ipv6Ranges.setPresent();
    clients.prefixListIds.setPresent();
    redis.ipPermissions = present<Ec2::IpPermission>({clients});
    Ec2::Tag name;
    name.key = u"Name"_s;
    name.value = u"cachesnap-redis"_s;
    Ec2::Tag owner;
    owner.key = u"owner"_s;
    owner.value = u"platform"_s;
    redis.tags = present<Ec2::Tag>({name, owner});
}

bool SandboxEc2::isEc2Request(const QByteArray &authorization, const QueryParams &params)
{
    if (!authorization.isEmpty()) {
        QString error;
        const auto parsed = SigV4::parseAuthorization(authorization, &error);
        return parsed && parsed->service == u"ec2";
    }
    return std::any_of(params.cbegin(), params.cend(),
                       [](const auto &param) { return param.first == u"Version" && param.second == kEc2ApiVersion; });
}

const QList<Ec2::SecurityGroup> &SandboxEc2::securityGroups() const
{
    return m_groups;
}

void SandboxEc2::addSecurityGroup(Ec2::SecurityGroup group)
{
    m_groups.append(std::move(group));
}

SandboxResponse SandboxEc2::errorResponse(const ApiError &error, const QString &action, const QString &requestId)
{
    ApiError e = error;
    if (e.code == u"SignatureDoesNotMatch"
        && (e.message.startsWith(u"Signature expired") || e.message.startsWith(u"Signature not yet current")))
        e = make(400, u"RequestExpired"_s, u"Request has expired."_s);
    else if (e.code == u"SignatureDoesNotMatch")
        e = make(401, u"AuthFailure"_s, u"AWS was not able to validate the provided access credentials"_s);
    else if (e.code == u"Throttling")
        e = make(503, u"RequestLimitExceeded"_s, u"Request limit exceeded."_s);
    else if (e.code == u"InternalFailure")
        e = make(500, u"InternalError"_s, u"An internal error has occurred."_s);
    else if (e.code == u"ServiceUnavailable")
        e = make(503, u"Unavailable"_s, u"The server is overloaded and can't handle the request."_s);

    QByteArray body;
    XmlWriter w(&body);
    w.writeStartElement(u"Response"_s);
    w.writeStartElement(u"Errors"_s);
    w.writeStartElement(u"Error"_s);
    w.writeTextElement(u"Code"_s, e.code);
    w.writeTextElement(u"Message"_s, e.message);
    w.writeEndElement();
    w.writeEndElement();
    w.writeTextElement(u"RequestID"_s, requestId);
    w.writeEndElement();

    SandboxResponse response;
    response.httpStatus = e.httpStatus;
    response.action = action;
    response.errorCode = e.code;
    response.body = std::move(body);
    return response;
}

SandboxResponse SandboxEc2::handle(const QueryParams &params, const QString &requestId) const
{
    QueryParamReader reader(params, QueryDialect::Ec2);
    const QString action = reader.value(u"Action"_s);
    if (action.isEmpty())
        return errorResponse(make(400, u"MissingAction"_s, u"The request must contain the parameter Action."_s), action,
                             requestId);
    if (reader.value(u"Version"_s) != kEc2ApiVersion)
        return errorResponse(
            SandboxErrors::invalidParameterValue(u"The sandbox serves EC2 API version %1, not \"%2\"."_s.arg(
                kEc2ApiVersion, reader.value(u"Version"_s))),
            action, requestId);
    if (action != Ec2Operation::DescribeSecurityGroups::name)
        return errorResponse(
            make(400, u"InvalidAction"_s, u"The action %1 is not valid for this web service."_s.arg(action)), action,
            requestId);

    Ec2::DescribeSecurityGroupsRequest request;
    if (!reader.read(request))
        return errorResponse(SandboxErrors::invalidParameterValue(reader.errorMessage()), action, requestId);
    const auto result = describeSecurityGroups(request);
    if (!result)
        return errorResponse(result.error(), action, requestId);

    SandboxResponse response;
    response.action = action;
    XmlWriter w(&response.body);
    w.writeStartElement(u"DescribeSecurityGroupsResponse"_s);
    w.writeDefaultNamespace(kEc2XmlNamespace);
    w.writeTextElement(u"requestId"_s, requestId);
    writeModelXml(w, result.value());
    w.writeEndElement();
    return response;
}

ApiResult<Ec2::DescribeSecurityGroupsResult>
SandboxEc2::describeSecurityGroups(const Ec2::DescribeSecurityGroupsRequest &request) const
{
    if (request.maxResults && (*request.maxResults < kMinResults || *request.maxResults > kMaxResults))
        return SandboxErrors::invalidParameterValue(
            u"Value ( %1 ) for parameter maxResults is invalid. Expecting a value between %2 and %3."_s.arg(
                QString::number(*request.maxResults), QString::number(kMinResults), QString::number(kMaxResults)));
    for (const QString &id : request.groupIds) {
        if (!isWellFormedGroupId(id))
            return make(400, u"InvalidGroupId.Malformed"_s, u"Invalid id: \"%1\" (expecting \"sg-...\")"_s.arg(id));
        if (std::none_of(m_groups.cbegin(), m_groups.cend(), [&id](const auto &g) { return g.groupId == id; }))
            return make(400, u"InvalidGroup.NotFound"_s, u"The security group '%1' does not exist"_s.arg(id));
    }
    for (const QString &name : request.groupNames) {
        if (std::none_of(m_groups.cbegin(), m_groups.cend(),
                         [&name](const auto &g) { return g.groupName == name && g.vpcId == kDefaultVpcId; }))
            return make(400, u"InvalidGroup.NotFound"_s,
                        u"The security group '%1' does not exist in default VPC '%2'"_s.arg(name, kDefaultVpcId));
    }
    for (const Ec2::Filter &filter : request.filters) {
        if (const auto problem = filterProblem(filter.name))
            return *problem;
    }
    if (request.dryRun.value_or(false))
        return make(412, u"DryRunOperation"_s, u"Request would have succeeded, but DryRun flag is set."_s);

    const auto selected = [&request](const Ec2::SecurityGroup &g) {
        if (!request.groupIds.isEmpty() && !request.groupIds.contains(g.groupId))
            return false;
        if (!request.groupNames.isEmpty() && !(g.vpcId == kDefaultVpcId && request.groupNames.contains(g.groupName)))
            return false;
        return std::all_of(request.filters.cbegin(), request.filters.cend(), [&g](const Ec2::Filter &filter) {
            const QStringList values = filterValues(filter.name, g);
            return std::any_of(filter.values.cbegin(), filter.values.cend(), [&values](const QString &pattern) {
                return std::any_of(values.cbegin(), values.cend(),
                                   [&pattern](const QString &value) { return wildcardMatch(pattern, value); });
            });
        });
    };

    qsizetype start = 0;
    if (!request.nextToken.isEmpty()) {
        const auto at = pageStart(request.nextToken, m_groups);
        if (!at)
            return make(400, u"InvalidPaginationToken"_s,
                        u"The specified pagination token is not valid or is expired."_s);
        start = *at;
    }
    const qsizetype pageSize = request.maxResults.value_or(int(m_groups.size()));
    Ec2::DescribeSecurityGroupsResult result;
    result.securityGroups.setPresent();
    for (qsizetype i = start; i < m_groups.size(); ++i) {
        if (!selected(m_groups.at(i)))
            continue;
        if (result.securityGroups.size() == pageSize) {
            result.nextToken = pageToken(i, m_groups.at(i).groupId);
            break;
        }
        result.securityGroups.append(m_groups.at(i));
    }
    return result;
}
