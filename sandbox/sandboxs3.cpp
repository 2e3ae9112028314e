// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxs3.h"

#include "sandboxerrors.h"
#include "sandboxstate.h"
#include "snapshotnames.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>
#include <QUrlQuery>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

using namespace Qt::StringLiterals;

namespace SandboxS3 {

namespace {

using SandboxErrors::make;

constexpr QLatin1StringView kNamespace {"http://s3.amazonaws.com/doc/2006-03-01/"};
constexpr QLatin1StringView kXsi {"http://www.w3.org/2001/XMLSchema-instance"};
// S3 allows 15 minutes of clock skew either way.
constexpr qint64 kMaxSkewSeconds = 15 * 60;
constexpr qsizetype kMaxXmlBody = 64 * 1024;
const QByteArray kUnsignedPayload = "UNSIGNED-PAYLOAD";

QString sha256Hex(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

std::optional<QByteArray> header(const SigV4::HeaderList &headers, const QByteArray &name)
{
    for (const auto &[n, v] : headers) {
        if (n.trimmed().toLower() == name)
            return v.trimmed();
    }
    return std::nullopt;
}

QString httpDate(const QDateTime &time)
{
    return QLocale::c().toString(time.toUTC(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s);
}

QString isoTime(const QDateTime &time)
{
    return time.toUTC().toString(u"yyyy-MM-ddThh:mm:ss.zzzZ"_s);
}

class Xml
{
public:
    Xml()
        : m_writer(&m_buffer)
    {
        m_writer.writeStartDocument();
    }
    QXmlStreamWriter &w() { return m_writer; }
    void start(const QString &root)
    {
        m_writer.writeStartElement(root);
        m_writer.writeDefaultNamespace(kNamespace);
    }
    QByteArray finish()
    {
        m_writer.writeEndDocument();
        return m_buffer;
    }

private:
    QByteArray m_buffer;
    QXmlStreamWriter m_writer;
};

SandboxResponse xmlAnswer(const QString &action, const QByteArray &body, int status = 200)
{
    SandboxResponse r;
    r.httpStatus = status;
    r.action = action;
    r.contentType = "application/xml";
    r.body = body;
    return r;
}

SandboxResponse emptyAnswer(const QString &action, int status = 200)
{
    SandboxResponse r;
    r.httpStatus = status;
    r.action = action;
    r.contentType = "application/xml";
    return r;
}

struct Failure
{
    ApiError error;
    QList<QPair<QString, QString>> members;
    QList<QPair<QByteArray, QByteArray>> headers;
};

Failure failure(int status, const QString &code, const QString &message, QList<QPair<QString, QString>> members = {})
{
    return Failure {make(status, code, message), std::move(members), {}};
}

Failure noSuchBucket(const QString &bucket)
{
    return failure(404, u"NoSuchBucket"_s, u"The specified bucket does not exist"_s, {{u"BucketName"_s, bucket}});
}

Failure accessDenied()
{
    return failure(403, u"AccessDenied"_s, u"Access Denied"_s);
}

Failure malformedXml()
{
    return failure(400, u"MalformedXML"_s,
                   u"The XML you provided was not well-formed or did not validate against our published schema"_s);
}

// ---- the request -------------------------------------------------------------------------------------------------

struct Parsed
{
    QString bucket;
    QString key;
    QUrlQuery query;
    QString region; // the signing region
    QString action;
};

bool hasParam(const QUrlQuery &query, const QString &name)
{
    return query.hasQueryItem(name);
}

QString param(const QUrlQuery &query, const QString &name)
{
    return query.queryItemValue(name, QUrl::FullyDecoded);
}

// Runs the checks S3 makes on a SigV4 header signature; the verified access key id, or the failure.
std::variant<QString, Failure> authenticate(const Request &request, const Caller &caller, QString *region)
{
    const auto authorization = header(request.headers, "authorization");
    if (!authorization || authorization->isEmpty())
        return accessDenied();
    QString parseError;
    const auto auth = SigV4::parseAuthorization(*authorization, &parseError);
    if (!auth)
        return failure(400, u"AuthorizationHeaderMalformed"_s,
                       u"The authorization header is malformed; %1"_s.arg(parseError));
    *region = auth->region;
    if (!SandboxBuckets::isRegionName(auth->region))
        return failure(400, u"AuthorizationHeaderMalformed"_s,
                       u"The authorization header is malformed; the region '%1' is wrong; expecting 'us-east-1'"_s.arg(
                           auth->region),
                       {{u"Region"_s, u"us-east-1"_s}});
    const auto amzDate = header(request.headers, "x-amz-date");
    const QDateTime requestTime = amzDate ? SigV4::parseAmzDate(*amzDate) : QDateTime();
    if (!requestTime.isValid())
        return failure(403, u"AccessDenied"_s, u"AWS authentication requires a valid Date or x-amz-date header"_s);
    const std::optional<QString> secret = caller.secretFor(auth->accessKeyId);
    if (!secret)
        return failure(403, u"InvalidAccessKeyId"_s,
                       u"The AWS Access Key Id you provided does not exist in our records."_s,
                       {{u"AWSAccessKeyId"_s, auth->accessKeyId}});
    if (auth->date8 != amzDate->left(8))
        return failure(400, u"AuthorizationHeaderMalformed"_s,
                       u"The authorization header is malformed; Invalid credential date. Date is not the same as "
                       "X-Amz-Date."_s);
    const auto payloadHash = header(request.headers, "x-amz-content-sha256");
    if (!payloadHash)
        return failure(400, u"InvalidRequest"_s, u"Missing required header for this request: x-amz-content-sha256"_s);
    static const QRegularExpression hex64(u"^[0-9a-f]{64}$"_s);
    const bool isHash = hex64.match(QString::fromLatin1(*payloadHash)).hasMatch();
    if (!isHash && *payloadHash != kUnsignedPayload)
        return failure(
            400, u"InvalidArgument"_s, u"x-amz-content-sha256 must be UNSIGNED-PAYLOAD, or a valid sha256 value."_s,
            {{u"ArgumentName"_s, u"x-amz-content-sha256"_s}, {u"ArgumentValue"_s, QString::fromLatin1(*payloadHash)}});

    // S3's canonical request: the path URI-encoded once (the wire form decoded, then encoded), never normalised,
    // and the payload hash as the header gives it.
    const QByteArray path = request.path.isEmpty() ? QByteArray("/") : request.path;
    const QByteArray canonical = request.method + '\n' + SigV4::uriEncode(QByteArray::fromPercentEncoding(path), true)
        + '\n' + SigV4::canonicalQuery(request.query) + '\n'
        + SigV4::canonicalHeaders(request.headers, auth->signedHeaders) + '\n' + auth->signedHeaders.join(';') + '\n'
        + *payloadHash;
    const QByteArray scope = SigV4::credentialScope(auth->date8, auth->region, auth->service);
    const QByteArray stringToSign = SigV4::stringToSign(*amzDate, scope, canonical);
    const QByteArray expected
        = SigV4::signature(SigV4::signingKey(*secret, auth->date8, auth->region, auth->service), stringToSign);
    if (!auth->signedHeaders.contains("host") || expected != auth->signature.toLower())
        return failure(403, u"SignatureDoesNotMatch"_s,
                       u"The request signature we calculated does not match the signature you provided. Check your "
                       "key and signing method."_s,
                       {{u"AWSAccessKeyId"_s, auth->accessKeyId},
                        {u"StringToSign"_s, QString::fromUtf8(stringToSign)},
                        {u"SignatureProvided"_s, QString::fromLatin1(auth->signature)},
                        {u"CanonicalRequest"_s, QString::fromUtf8(canonical)}});
    const qint64 skew = requestTime.secsTo(caller.now);
    if (skew > kMaxSkewSeconds || -skew > kMaxSkewSeconds)
        return failure(403, u"RequestTimeTooSkewed"_s,
                       u"The difference between the request time and the current time is too large."_s,
                       {{u"RequestTime"_s, QString::fromLatin1(*amzDate)},
                        {u"ServerTime"_s, isoTime(caller.now)},
                        {u"MaxAllowedSkewMilliseconds"_s, QString::number(kMaxSkewSeconds * 1000)}});
    if (isHash && QString::fromLatin1(*payloadHash) != sha256Hex(request.body))
        return failure(400, u"XAmzContentSHA256Mismatch"_s,
                       u"The provided 'x-amz-content-sha256' header does not match what was computed."_s,
                       {{u"ClientComputedContentSHA256"_s, QString::fromLatin1(*payloadHash)},
                        {u"S3ComputedContentSHA256"_s, sha256Hex(request.body)}});
    const QString token = QString::fromUtf8(header(request.headers, "x-amz-security-token").value_or(QByteArray()));
    if (caller.checkToken) {
        if (const auto refusal = caller.checkToken(auth->accessKeyId, token)) {
            if (refusal->code == u"ExpiredToken")
                return failure(400, u"ExpiredToken"_s, u"The provided token has expired."_s);
            return failure(400, u"InvalidToken"_s, u"The provided token is malformed or otherwise invalid."_s);
        }
    }
    return auth->accessKeyId;
}

// ---- ACLs --------------------------------------------------------------------------------------------------------

QString grantTypeName(SandboxGrant::Type type)
{
    switch (type) {
    case SandboxGrant::Type::CanonicalUser:
        return u"CanonicalUser"_s;
    case SandboxGrant::Type::Group:
        return u"Group"_s;
    case SandboxGrant::Type::Email:
        return u"AmazonCustomerByEmail"_s;
    }
    return {};
}

const QString kAllUsers = u"http://acs.amazonaws.com/groups/global/AllUsers"_s;
const QString kAuthenticatedUsers = u"http://acs.amazonaws.com/groups/global/AuthenticatedUsers"_s;
const QString kLogDelivery = u"http://acs.amazonaws.com/groups/s3/LogDelivery"_s;

std::optional<QList<SandboxGrant>> cannedAcl(const QString &name, const SandboxBucket &bucket)
{
    QList<SandboxGrant> grants = bucket.ownerOnlyAcl();
    const auto group = [&](const QString &uri, const QString &permission) {
        grants.append({SandboxGrant::Type::Group, uri, permission});
    };
    if (name == u"private" || name == u"bucket-owner-full-control" || name == u"bucket-owner-read")
        return grants;
    if (name == u"public-read") {
        group(kAllUsers, u"READ"_s);
        return grants;
    }
    if (name == u"public-read-write") {
        group(kAllUsers, u"READ"_s);
        group(kAllUsers, u"WRITE"_s);
        return grants;
    }
    if (name == u"authenticated-read") {
        group(kAuthenticatedUsers, u"READ"_s);
        return grants;
    }
    if (name == u"log-delivery-write") {
        group(kLogDelivery, u"WRITE"_s);
        group(kLogDelivery, u"READ_ACP"_s);
        return grants;
    }
    return std::nullopt;
}

// x-amz-grant-read: id="…", uri="…", emailAddress="…" (and -write, -read-acp, -write-acp, -full-control).
std::variant<QList<SandboxGrant>, Failure> headerGrants(const SigV4::HeaderList &headers, bool *any)
{
    static const QList<QPair<QByteArray, QString>> kinds {{"x-amz-grant-full-control", u"FULL_CONTROL"_s},
                                                          {"x-amz-grant-read", u"READ"_s},
                                                          {"x-amz-grant-read-acp", u"READ_ACP"_s},
                                                          {"x-amz-grant-write", u"WRITE"_s},
                                                          {"x-amz-grant-write-acp", u"WRITE_ACP"_s}};
    static const QRegularExpression item(u"^\\s*(id|uri|emailAddress)\\s*=\\s*\"?([^\"]*)\"?\\s*$"_s);
    QList<SandboxGrant> grants;
    *any = false;
    for (const auto &[name, permission] : kinds) {
        const auto value = header(headers, name);
        if (!value)
            continue;
        *any = true;
        for (const QString &part : QString::fromUtf8(*value).split(u',')) {
            const auto match = item.match(part);
            if (!match.hasMatch())
                return failure(400, u"InvalidArgument"_s, u"Invalid grant header value: %1"_s.arg(part.trimmed()));
            const QString type = match.captured(1);
            grants.append({type == u"id"        ? SandboxGrant::Type::CanonicalUser
                               : type == u"uri" ? SandboxGrant::Type::Group
                                                : SandboxGrant::Type::Email,
                           match.captured(2), permission});
        }
    }
    return grants;
}

std::variant<QList<SandboxGrant>, Failure> bodyGrants(const QByteArray &body)
{
    QXmlStreamReader xml(body);
    QList<SandboxGrant> grants;
    SandboxGrant current;
    bool inGrantee = false;
    QString granteeType;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const QStringView name = xml.name();
            if (name == u"Grant") {
                current = SandboxGrant();
                granteeType.clear();
            } else if (name == u"Grantee") {
                inGrantee = true;
                granteeType = xml.attributes().value(kXsi, u"type"_s).toString();
                if (granteeType.isEmpty())
                    granteeType = xml.attributes().value(u"xsi:type"_s).toString();
            } else if (inGrantee && (name == u"ID" || name == u"URI" || name == u"EmailAddress")) {
                current.type = name == u"ID" ? SandboxGrant::Type::CanonicalUser
                    : name == u"URI"         ? SandboxGrant::Type::Group
                                             : SandboxGrant::Type::Email;
                current.grantee = xml.readElementText().trimmed();
            } else if (name == u"Permission") {
                current.permission = xml.readElementText().trimmed();
            }
        } else if (xml.isEndElement()) {
            if (xml.name() == u"Grantee")
                inGrantee = false;
            else if (xml.name() == u"Grant") {
                if (current.grantee.isEmpty() || current.permission.isEmpty())
                    return malformedXml();
                grants.append(current);
            }
        }
    }
    if (xml.hasError())
        return malformedXml();
    return grants;
}

// The text of the first element called name in an XML body (nullopt when the body is not well-formed XML).
std::optional<QString> firstElement(const QByteArray &body, QStringView name)
{
    QXmlStreamReader xml(body);
    QString found;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == name && found.isNull())
            found = xml.readElementText().trimmed();
    }
    if (xml.hasError())
        return std::nullopt;
    return found.isNull() ? u""_s : found;
}

void writeOwner(QXmlStreamWriter &w, const SandboxBucket &bucket)
{
    w.writeStartElement(u"Owner"_s);
    w.writeTextElement(u"ID"_s, SandboxBuckets::canonicalUserId(bucket.ownerAccountId));
    w.writeEndElement();
}

QString grantProblem(const QList<SandboxGrant> &grants)
{
    static const QStringList permissions {u"FULL_CONTROL"_s, u"WRITE"_s, u"WRITE_ACP"_s, u"READ"_s, u"READ_ACP"_s};
    static const QRegularExpression hex64(u"^[0-9a-f]{64}$"_s);
    if (grants.size() > SandboxBuckets::maxGrants)
        return u"An ACL can have at most %1 grants."_s.arg(SandboxBuckets::maxGrants);
    for (const SandboxGrant &g : grants) {
        if (!permissions.contains(g.permission))
            return u"Invalid permission: %1"_s.arg(g.permission);
        if (g.type == SandboxGrant::Type::CanonicalUser && !hex64.match(g.grantee).hasMatch())
            return u"Invalid id: %1"_s.arg(g.grantee);
        if (g.type == SandboxGrant::Type::Group && g.grantee != kAllUsers && g.grantee != kAuthenticatedUsers
            && g.grantee != kLogDelivery)
            return u"Invalid group uri: %1"_s.arg(g.grantee);
        if (g.type == SandboxGrant::Type::Email && (!g.grantee.contains(u'@') || g.grantee.size() > 128))
            return u"Invalid email address: %1"_s.arg(g.grantee);
    }
    return {};
}

// ---- operations --------------------------------------------------------------------------------------------------

class Front
{
public:
    Front(SandboxState &state, const Request &request, const Caller &caller, Parsed parsed)
        : m_state(state)
        , m_buckets(state.buckets())
        , m_request(request)
        , m_caller(caller)
        , m_p(std::move(parsed))
    {
    }

    std::variant<SandboxResponse, Failure> run();

private:
    using Result = std::variant<SandboxResponse, Failure>;

    bool head() const { return m_request.method == "HEAD"; }
    // The bucket the request names, if the caller may use it as this operation does.
    std::variant<SandboxBucket *, Failure> bucketFor(bool regionMatters, bool headBucket = false);
    void changed(const SandboxBucket &bucket)
    {
        m_buckets.settingsChanged(bucket);
        m_state.notifyChanged();
    }

    Result listBuckets();
    Result createBucket();
    Result deleteBucket();
    Result headBucket();
    Result getLocation();
    Result getAcl();
    Result putAcl();
    Result getPolicy();
    Result putPolicy();
    Result deletePolicy();
    Result getOwnership();
    Result putOwnership();
    Result deleteOwnership();
    Result getEncryption();
    Result putEncryption();
    Result listObjectsV2();
    Result headObject();
    Result putObject();
    Result deleteObject();

    SandboxState &m_state;
    SandboxBuckets &m_buckets;
    const Request &m_request;
    const Caller &m_caller;
    Parsed m_p;
};

std::variant<SandboxBucket *, Failure> Front::bucketFor(bool regionMatters, bool headBucket)
{
    SandboxBucket *bucket = m_buckets.find(m_p.bucket);
    if (!bucket)
        return noSuchBucket(m_p.bucket);
    const QByteArray regionHeader = bucket->region.toLatin1();
    if (bucket->ownerAccountId != m_caller.accountId || bucket->callerDenied) {
        Failure denied = accessDenied();
        if (headBucket)
            denied.headers.append({"x-amz-bucket-region", regionHeader});
        return denied;
    }
    if (const auto expected = header(m_request.headers, "x-amz-expected-bucket-owner");
        expected && QString::fromLatin1(*expected) != bucket->ownerAccountId)
        return accessDenied();
    if (regionMatters && m_p.region != bucket->region) {
        if (head()) {
            Failure moved
                = failure(headBucket ? 301 : 400, headBucket ? u"PermanentRedirect"_s : u"BadRequest"_s, QString());
            moved.headers.append({"x-amz-bucket-region", regionHeader});
            return moved;
        }
        Failure wrong
            = failure(400, u"AuthorizationHeaderMalformed"_s,
                      u"The authorization header is malformed; the region '%1' is wrong; expecting '%2'"_s.arg(
                          m_p.region, bucket->region),
                      {{u"Region"_s, bucket->region}});
        wrong.headers.append({"x-amz-bucket-region", regionHeader});
        return wrong;
    }
    return bucket;
}

#define S3_BUCKET(var, regionMatters)                                                                                  \
    SandboxBucket *var = nullptr;                                                                                      \
    if (auto found = bucketFor(regionMatters); std::holds_alternative<Failure>(found))                                 \
        return std::get<Failure>(found);                                                                               \
    else                                                                                                               \
        var = std::get<SandboxBucket *>(found)

Front::Result Front::run()
{
    const QByteArray &method = m_request.method;
    const QUrlQuery &q = m_p.query;
    if (m_p.bucket.isEmpty()) {
        m_p.action = u"ListBuckets"_s;
        if (method == "GET")
            return listBuckets();
        return failure(405, u"MethodNotAllowed"_s, u"The specified method is not allowed against this resource."_s);
    }
    if (!m_p.key.isEmpty()) {
        if (method == "PUT" && !hasParam(q, u"acl"_s) && !hasParam(q, u"tagging"_s))
            return putObject();
        if (method == "HEAD")
            return headObject();
        if (method == "DELETE" && q.isEmpty())
            return deleteObject();
        return failure(501, u"NotImplemented"_s,
                       u"A header you provided implies functionality that is not implemented"_s);
    }
    if (method == "PUT") {
        if (hasParam(q, u"acl"_s))
            return putAcl();
        if (hasParam(q, u"policy"_s))
            return putPolicy();
        if (hasParam(q, u"ownershipControls"_s))
            return putOwnership();
        if (hasParam(q, u"encryption"_s))
            return putEncryption();
        if (q.isEmpty())
            return createBucket();
    } else if (method == "GET") {
        if (hasParam(q, u"acl"_s))
            return getAcl();
        if (hasParam(q, u"policy"_s))
            return getPolicy();
        if (hasParam(q, u"location"_s))
            return getLocation();
        if (hasParam(q, u"ownershipControls"_s))
            return getOwnership();
        if (hasParam(q, u"encryption"_s))
            return getEncryption();
        if (param(q, u"list-type"_s) == u"2")
            return listObjectsV2();
    } else if (method == "HEAD") {
        return headBucket();
    } else if (method == "DELETE") {
        if (hasParam(q, u"policy"_s))
            return deletePolicy();
        if (hasParam(q, u"ownershipControls"_s))
            return deleteOwnership();
        if (q.isEmpty())
            return deleteBucket();
    }
    return failure(501, u"NotImplemented"_s, u"A header you provided implies functionality that is not implemented"_s);
}

Front::Result Front::listBuckets()
{
    Xml xml;
    QXmlStreamWriter &w = xml.w();
    xml.start(u"ListAllMyBucketsResult"_s);
    w.writeStartElement(u"Owner"_s);
    w.writeTextElement(u"ID"_s, SandboxBuckets::canonicalUserId(m_caller.accountId));
    w.writeEndElement();
    w.writeStartElement(u"Buckets"_s);
    for (const SandboxBucket *bucket : m_buckets.all()) {
        if (bucket->ownerAccountId != m_caller.accountId)
            continue;
        w.writeStartElement(u"Bucket"_s);
        w.writeTextElement(u"Name"_s, bucket->name);
        w.writeTextElement(u"CreationDate"_s, isoTime(bucket->created));
        w.writeTextElement(u"BucketRegion"_s, bucket->region);
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndElement();
    return xmlAnswer(m_p.action, xml.finish());
}

Front::Result Front::createBucket()
{
    m_p.action = u"CreateBucket"_s;
    if (const auto verdict = SnapshotNames::checkBucketName(m_p.bucket); !verdict.ok)
        return failure(400, u"InvalidBucketName"_s, u"The specified bucket is not valid."_s,
                       {{u"BucketName"_s, m_p.bucket}});
    std::optional<QString> constraint;
    if (!m_request.body.trimmed().isEmpty()) {
        if (m_request.body.size() > kMaxXmlBody)
            return malformedXml();
        constraint = firstElement(m_request.body, u"LocationConstraint");
        if (!constraint)
            return malformedXml();
    }
    const QString location = constraint && !constraint->isEmpty() ? *constraint : u"us-east-1"_s;
    if (constraint && *constraint == u"us-east-1")
        return failure(400, u"InvalidLocationConstraint"_s, u"The specified location-constraint is not valid"_s,
                       {{u"LocationConstraint"_s, *constraint}});
    if (!SandboxBuckets::isRegionName(location))
        return failure(400, u"InvalidLocationConstraint"_s, u"The specified location-constraint is not valid"_s,
                       {{u"LocationConstraint"_s, location}});
    if (location != m_p.region)
        return failure(400, u"IllegalLocationConstraintException"_s,
                       u"The %1 location constraint is incompatible for the region specific endpoint this request "
                       "was sent to."_s.arg(constraint && !constraint->isEmpty() ? location : u"unspecified"_s));
    if (const SandboxBucket *existing = m_buckets.find(m_p.bucket)) {
        if (existing->ownerAccountId != m_caller.accountId)
            return failure(409, u"BucketAlreadyExists"_s,
                           u"The requested bucket name is not available. The bucket namespace is shared by all users "
                           "of the system. Please select a different name and try again."_s,
                           {{u"BucketName"_s, m_p.bucket}});
        if (existing->region != u"us-east-1")
            return failure(409, u"BucketAlreadyOwnedByYou"_s,
                           u"Your previous request to create the named bucket succeeded and you already own it."_s,
                           {{u"BucketName"_s, m_p.bucket}});
        SandboxResponse r = emptyAnswer(m_p.action);
        r.headers.append({"Location", "/" + m_p.bucket.toUtf8()});
        return r;
    }
    SandboxBucket bucket;
    bucket.name = m_p.bucket;
    bucket.region = location;
    bucket.ownerAccountId = m_caller.accountId;
    bucket.created = m_caller.now;
    bucket.ownership = u"BucketOwnerEnforced"_s;
    if (const auto ownership = header(m_request.headers, "x-amz-object-ownership")) {
        bucket.ownership = QString::fromLatin1(*ownership);
        if (bucket.ownership != u"BucketOwnerEnforced" && bucket.ownership != u"BucketOwnerPreferred"
            && bucket.ownership != u"ObjectWriter")
            return failure(400, u"InvalidArgument"_s,
                           u"Invalid x-amz-object-ownership header: %1"_s.arg(bucket.ownership));
    }
    bucket.grants = bucket.ownerOnlyAcl();
    bool anyGrantHeader = false;
    auto granted = headerGrants(m_request.headers, &anyGrantHeader);
    if (std::holds_alternative<Failure>(granted))
        return std::get<Failure>(granted);
    if (const auto canned = header(m_request.headers, "x-amz-acl")) {
        const auto acl = cannedAcl(QString::fromLatin1(*canned), bucket);
        if (!acl)
            return failure(400, u"InvalidArgument"_s, u"Invalid canned ACL: %1"_s.arg(QString::fromLatin1(*canned)));
        bucket.grants = *acl;
    } else if (anyGrantHeader) {
        bucket.grants = std::get<QList<SandboxGrant>>(granted);
    }
    if (const QString problem = grantProblem(bucket.grants); !problem.isEmpty())
        return failure(400, u"InvalidArgument"_s, problem);
    if (!bucket.aclsEnabled() && bucket.grants != bucket.ownerOnlyAcl())
        return failure(400, u"InvalidBucketAclWithObjectOwnership"_s,
                       u"Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"_s);
    QString error;
    if (!m_buckets.add(bucket, &error))
        return failure(400, u"TooManyBuckets"_s, u"You have attempted to create more buckets than allowed"_s);
    m_state.notifyChanged();
    SandboxResponse r = emptyAnswer(m_p.action);
    r.headers.append({"Location", "/" + m_p.bucket.toUtf8()});
    return r;
}

Front::Result Front::deleteBucket()
{
    m_p.action = u"DeleteBucket"_s;
    S3_BUCKET(bucket, true);
    if (!bucket->objects.empty())
        return failure(409, u"BucketNotEmpty"_s, u"The bucket you tried to delete is not empty"_s,
                       {{u"BucketName"_s, m_p.bucket}});
    QString error;
    if (!m_buckets.remove(m_p.bucket, &error))
        return failure(500, u"InternalError"_s, error);
    m_state.notifyChanged();
    return emptyAnswer(m_p.action, 204);
}

Front::Result Front::headBucket()
{
    m_p.action = u"HeadBucket"_s;
    auto found = bucketFor(true, true);
    if (std::holds_alternative<Failure>(found))
        return std::get<Failure>(found);
    const SandboxBucket *bucket = std::get<SandboxBucket *>(found);
    SandboxResponse r = emptyAnswer(m_p.action);
    r.headers.append({"x-amz-bucket-region", bucket->region.toLatin1()});
    r.headers.append({QByteArray("x-amz-access-point-alias"), QByteArray("false")});
    return r;
}

Front::Result Front::getLocation()
{
    m_p.action = u"GetBucketLocation"_s;
    S3_BUCKET(bucket, false);
    Xml xml;
    xml.start(u"LocationConstraint"_s);
    if (bucket->region != u"us-east-1")
        xml.w().writeCharacters(bucket->region);
    xml.w().writeEndElement();
    return xmlAnswer(m_p.action, xml.finish());
}

Front::Result Front::getAcl()
{
    m_p.action = u"GetBucketAcl"_s;
    S3_BUCKET(bucket, true);
    Xml xml;
    QXmlStreamWriter &w = xml.w();
    xml.start(u"AccessControlPolicy"_s);
    writeOwner(w, *bucket);
    w.writeStartElement(u"AccessControlList"_s);
    for (const SandboxGrant &grant : std::as_const(bucket->grants)) {
        w.writeStartElement(u"Grant"_s);
        w.writeStartElement(u"Grantee"_s);
        w.writeNamespace(kXsi, u"xsi"_s);
        w.writeAttribute(kXsi, u"type"_s, grantTypeName(grant.type));
        w.writeTextElement(grant.type == SandboxGrant::Type::CanonicalUser ? u"ID"_s
                               : grant.type == SandboxGrant::Type::Group   ? u"URI"_s
                                                                           : u"EmailAddress"_s,
                           grant.grantee);
        w.writeEndElement();
        w.writeTextElement(u"Permission"_s, grant.permission);
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndElement();
    return xmlAnswer(m_p.action, xml.finish());
}

Front::Result Front::putAcl()
{
    m_p.action = u"PutBucketAcl"_s;
    S3_BUCKET(bucket, true);
    bool anyGrantHeader = false;
    auto granted = headerGrants(m_request.headers, &anyGrantHeader);
    if (std::holds_alternative<Failure>(granted))
        return std::get<Failure>(granted);
    const auto canned = header(m_request.headers, "x-amz-acl");
    const bool hasBody = !m_request.body.trimmed().isEmpty();
    if (canned && anyGrantHeader)
        return failure(400, u"InvalidRequest"_s, u"Specifying both Canned ACLs and Header Grants is not allowed"_s);
    if (hasBody && (canned || anyGrantHeader))
        return failure(400, u"UnexpectedContent"_s, u"This request does not support content"_s);
    QList<SandboxGrant> grants;
    if (canned) {
        const auto acl = cannedAcl(QString::fromLatin1(*canned), *bucket);
        if (!acl)
            return failure(400, u"InvalidArgument"_s, u"Invalid canned ACL: %1"_s.arg(QString::fromLatin1(*canned)));
        grants = *acl;
    } else if (anyGrantHeader) {
        grants = std::get<QList<SandboxGrant>>(granted);
    } else if (hasBody) {
        if (m_request.body.size() > kMaxXmlBody)
            return malformedXml();
        auto parsed = bodyGrants(m_request.body);
        if (std::holds_alternative<Failure>(parsed))
            return failure(400, u"MalformedACLError"_s,
                           u"The XML you provided was not well-formed or did not validate against our published "
                           "schema"_s);
        grants = std::get<QList<SandboxGrant>>(parsed);
    } else {
        return failure(400, u"MissingSecurityHeader"_s, u"Your request was missing a required header"_s,
                       {{u"MissingHeaderName"_s, u"x-amz-acl"_s}});
    }
    if (const QString problem = grantProblem(grants); !problem.isEmpty())
        return failure(400, grants.size() > SandboxBuckets::maxGrants ? u"MalformedACLError"_s : u"InvalidArgument"_s,
                       problem);
    if (!bucket->aclsEnabled() && grants != bucket->ownerOnlyAcl())
        return failure(400, u"AccessControlListNotSupported"_s, u"The bucket does not allow ACLs"_s);
    bucket->grants = grants;
    changed(*bucket);
    return emptyAnswer(m_p.action);
}

Front::Result Front::getPolicy()
{
    m_p.action = u"GetBucketPolicy"_s;
    S3_BUCKET(bucket, true);
    if (bucket->policy.isEmpty())
        return failure(404, u"NoSuchBucketPolicy"_s, u"The bucket policy does not exist"_s,
                       {{u"BucketName"_s, m_p.bucket}});
    SandboxResponse r = emptyAnswer(m_p.action);
    r.contentType = "application/json";
    r.body = bucket->policy.toUtf8();
    return r;
}

Front::Result Front::putPolicy()
{
    m_p.action = u"PutBucketPolicy"_s;
    S3_BUCKET(bucket, true);
    if (m_request.body.size() > SandboxBuckets::maxPolicyBytes)
        return failure(400, u"PolicyTooLarge"_s, u"Policy exceeds the maximum allowed document size."_s);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(m_request.body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return failure(400, u"MalformedPolicy"_s, u"Policies must be valid JSON and the first byte must be '{'"_s);
    const QJsonValue statement = document.object().value(u"Statement"_s);
    if (!statement.isArray() && !statement.isObject())
        return failure(400, u"MalformedPolicy"_s, u"Missing required field Statement"_s);
    bucket->policy = QString::fromUtf8(m_request.body);
    changed(*bucket);
    return emptyAnswer(m_p.action, 204);
}

Front::Result Front::deletePolicy()
{
    m_p.action = u"DeleteBucketPolicy"_s;
    S3_BUCKET(bucket, true);
    bucket->policy.clear();
    changed(*bucket);
    return emptyAnswer(m_p.action, 204);
}

Front::Result Front::getOwnership()
{
    m_p.action = u"GetBucketOwnershipControls"_s;
    S3_BUCKET(bucket, true);
    if (bucket->ownership.isEmpty())
        return failure(404, u"OwnershipControlsNotFoundError"_s, u"The bucket ownership controls were not found"_s,
                       {{u"BucketName"_s, m_p.bucket}});
    Xml xml;
    xml.start(u"OwnershipControls"_s);
    xml.w().writeStartElement(u"Rule"_s);
    xml.w().writeTextElement(u"ObjectOwnership"_s, bucket->ownership);
    xml.w().writeEndElement();
    xml.w().writeEndElement();
    return xmlAnswer(m_p.action, xml.finish());
}

Front::Result Front::putOwnership()
{
    m_p.action = u"PutBucketOwnershipControls"_s;
    S3_BUCKET(bucket, true);
    if (m_request.body.size() > kMaxXmlBody)
        return malformedXml();
    const auto ownership = firstElement(m_request.body, u"ObjectOwnership");
    if (!ownership || ownership->isEmpty())
        return malformedXml();
    if (*ownership != u"BucketOwnerEnforced" && *ownership != u"BucketOwnerPreferred" && *ownership != u"ObjectWriter")
        return malformedXml();
    if (*ownership == u"BucketOwnerEnforced" && bucket->grants != bucket->ownerOnlyAcl())
        return failure(400, u"InvalidBucketAclWithObjectOwnership"_s,
                       u"Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"_s);
    bucket->ownership = *ownership;
    changed(*bucket);
    return emptyAnswer(m_p.action);
}

Front::Result Front::deleteOwnership()
{
    m_p.action = u"DeleteBucketOwnershipControls"_s;
    S3_BUCKET(bucket, true);
    bucket->ownership.clear();
    changed(*bucket);
    return emptyAnswer(m_p.action, 204);
}

Front::Result Front::getEncryption()
{
    m_p.action = u"GetBucketEncryption"_s;
    S3_BUCKET(bucket, true);
    Xml xml;
    QXmlStreamWriter &w = xml.w();
    xml.start(u"ServerSideEncryptionConfiguration"_s);
    w.writeStartElement(u"Rule"_s);
    w.writeStartElement(u"ApplyServerSideEncryptionByDefault"_s);
    w.writeTextElement(u"SSEAlgorithm"_s, bucket->sseAlgorithm);
    if (!bucket->kmsKeyId.isEmpty())
        w.writeTextElement(u"KMSMasterKeyID"_s, bucket->kmsKeyId);
    w.writeEndElement();
    w.writeTextElement(u"BucketKeyEnabled"_s, bucket->bucketKeyEnabled ? u"true"_s : u"false"_s);
    w.writeEndElement();
    w.writeEndElement();
    return xmlAnswer(m_p.action, xml.finish());
}

Front::Result Front::putEncryption()
{
    m_p.action = u"PutBucketEncryption"_s;
    S3_BUCKET(bucket, true);
    if (m_request.body.size() > kMaxXmlBody)
        return malformedXml();
    const auto algorithm = firstElement(m_request.body, u"SSEAlgorithm");
    if (!algorithm || (*algorithm != u"AES256" && *algorithm != u"aws:kms" && *algorithm != u"aws:kms:dsse"))
        return malformedXml();
    const QString key = firstElement(m_request.body, u"KMSMasterKeyID").value_or(QString());
    if (key.size() > 2048)
        return malformedXml();
    bucket->sseAlgorithm = *algorithm;
    bucket->kmsKeyId = *algorithm == u"AES256" ? QString() : key;
    bucket->bucketKeyEnabled = firstElement(m_request.body, u"BucketKeyEnabled").value_or(QString()) == u"true";
    changed(*bucket);
    return emptyAnswer(m_p.action);
}

Front::Result Front::listObjectsV2()
{
    m_p.action = u"ListObjectsV2"_s;
    S3_BUCKET(bucket, true);
    const QUrlQuery &q = m_p.query;
    const QString prefix = param(q, u"prefix"_s);
    const QString delimiter = param(q, u"delimiter"_s);
    const QString startAfter = param(q, u"start-after"_s);
    const QString token = param(q, u"continuation-token"_s);
    const bool urlEncoding = param(q, u"encoding-type"_s) == u"url";
    if (hasParam(q, u"encoding-type"_s) && !urlEncoding)
        return failure(400, u"InvalidArgument"_s, u"Invalid Encoding Method specified in Request"_s,
                       {{u"ArgumentName"_s, u"encoding-type"_s}});
    int maxKeys = 1000;
    if (hasParam(q, u"max-keys"_s)) {
        bool ok = false;
        maxKeys = param(q, u"max-keys"_s).toInt(&ok);
        if (!ok || maxKeys < 0)
            return failure(400, u"InvalidArgument"_s, u"Provided max-keys not an integer or within integer range"_s,
                           {{u"ArgumentName"_s, u"max-keys"_s}});
        maxKeys = std::min(maxKeys, 1000);
    }
    QString after = startAfter;
    if (!token.isEmpty()) {
        const auto decoded = QByteArray::fromBase64Encoding(token.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || !decoded.decoded.startsWith("cachesnap-sandbox\n"))
            return failure(400, u"InvalidArgument"_s, u"The continuation token provided is incorrect"_s,
                           {{u"ArgumentName"_s, u"continuation-token"_s}});
        after = QString::fromUtf8(decoded.decoded.mid(18));
    }
    const bool fetchOwner = param(q, u"fetch-owner"_s) == u"true";

    struct Entry
    {
        QString key;
        const SandboxObject *object; // nullptr: a common prefix
    };
    QList<Entry> entries;
    bool truncated = false;
    QString last;
    auto it = after.isEmpty() ? bucket->objects.begin() : bucket->objects.upper_bound(after);
    QString lastPrefix;
    for (; it != bucket->objects.end(); ++it) {
        const QString &key = it->first;
        if (!key.startsWith(prefix))
            continue;
        QString common;
        if (!delimiter.isEmpty()) {
            const qsizetype at = key.indexOf(delimiter, prefix.size());
            if (at >= 0)
                common = key.left(at + delimiter.size());
        }
        if (!common.isEmpty() && common == lastPrefix)
            continue;
        if (!common.isEmpty() && !after.isEmpty() && after.startsWith(common))
            continue; // a prefix already listed on an earlier page
        if (entries.size() == maxKeys) {
            truncated = true;
            break;
        }
        if (!common.isEmpty()) {
            lastPrefix = common;
            entries.append({common, nullptr});
            last = common + QChar(u'\xFFFF'); // past every key under this prefix (the highest UTF-16 unit)
        } else {
            entries.append({key, &it->second});
            last = key;
        }
    }
    const auto encoded = [&](const QString &text) {
        return urlEncoding ? QString::fromLatin1(QUrl::toPercentEncoding(text, "/")) : text;
    };
    Xml xml;
    QXmlStreamWriter &w = xml.w();
    xml.start(u"ListBucketResult"_s);
    w.writeTextElement(u"Name"_s, bucket->name);
    w.writeTextElement(u"Prefix"_s, encoded(prefix));
    if (!delimiter.isEmpty())
        w.writeTextElement(u"Delimiter"_s, encoded(delimiter));
    w.writeTextElement(u"MaxKeys"_s, QString::number(maxKeys));
    if (urlEncoding)
        w.writeTextElement(u"EncodingType"_s, u"url"_s);
    w.writeTextElement(u"KeyCount"_s, QString::number(entries.size()));
    w.writeTextElement(u"IsTruncated"_s, truncated ? u"true"_s : u"false"_s);
    if (!token.isEmpty())
        w.writeTextElement(u"ContinuationToken"_s, token);
    if (truncated)
        w.writeTextElement(u"NextContinuationToken"_s,
                           QString::fromLatin1(QByteArray("cachesnap-sandbox\n" + last.toUtf8()).toBase64()));
    if (!startAfter.isEmpty())
        w.writeTextElement(u"StartAfter"_s, encoded(startAfter));
    for (const Entry &entry : std::as_const(entries)) {
        if (!entry.object)
            continue;
        w.writeStartElement(u"Contents"_s);
        w.writeTextElement(u"Key"_s, encoded(entry.key));
        w.writeTextElement(u"LastModified"_s, isoTime(entry.object->lastModified));
        w.writeTextElement(u"ETag"_s, u"\"%1\""_s.arg(entry.object->etag));
        w.writeTextElement(u"Size"_s, QString::number(entry.object->size));
        if (fetchOwner)
            writeOwner(w, *bucket);
        w.writeTextElement(u"StorageClass"_s, u"STANDARD"_s);
        w.writeEndElement();
    }
    for (const Entry &entry : std::as_const(entries)) {
        if (entry.object)
            continue;
        w.writeStartElement(u"CommonPrefixes"_s);
        w.writeTextElement(u"Prefix"_s, encoded(entry.key));
        w.writeEndElement();
    }
    w.writeEndElement();
    return xmlAnswer(m_p.action, xml.finish());
}

Front::Result Front::headObject()
{
    m_p.action = u"HeadObject"_s;
    S3_BUCKET(bucket, true);
    const auto it = bucket->objects.find(m_p.key);
    if (it == bucket->objects.end())
        return failure(404, u"NoSuchKey"_s, u"The specified key does not exist."_s, {{u"Key"_s, m_p.key}});
    const SandboxObject &object = it->second;
    SandboxResponse r = emptyAnswer(m_p.action);
    r.contentType = object.contentType.isEmpty() ? QByteArray("binary/octet-stream") : object.contentType.toLatin1();
    r.headers.append({"ETag", "\"" + object.etag.toLatin1() + "\""});
    r.headers.append({"Last-Modified", httpDate(object.lastModified).toLatin1()});
    r.headers.append({QByteArray("Accept-Ranges"), QByteArray("bytes")});
    r.headers.append({"x-amz-server-side-encryption", bucket->sseAlgorithm.toLatin1()});
    r.contentLength = object.size;
    return r;
}

Front::Result Front::putObject()
{
    m_p.action = u"PutObject"_s;
    S3_BUCKET(bucket, true);
    if (const QString problem = SandboxBuckets::objectKeyProblem(m_p.key); !problem.isEmpty())
        return failure(
            400, m_p.key.toUtf8().size() > SandboxBuckets::maxKeyBytes ? u"KeyTooLongError"_s : u"InvalidArgument"_s,
            problem);
    if (m_request.body.size() > SandboxBuckets::maxPutBytes)
        return failure(400, u"EntityTooLarge"_s, u"Your proposed upload exceeds the maximum allowed size"_s,
                       {{u"ProposedSize"_s, QString::number(m_request.body.size())},
                        {u"MaxSizeAllowed"_s, QString::number(SandboxBuckets::maxPutBytes)}});
    if (const auto md5 = header(m_request.headers, "content-md5")) {
        if (QByteArray::fromBase64(*md5) != QCryptographicHash::hash(m_request.body, QCryptographicHash::Md5))
            return failure(400, u"BadDigest"_s, u"The Content-MD5 you specified did not match what we received."_s);
    }
    if (const auto acl = header(m_request.headers, "x-amz-acl");
        acl && !bucket->aclsEnabled() && *acl != "bucket-owner-full-control")
        return failure(400, u"AccessControlListNotSupported"_s, u"The bucket does not allow ACLs"_s);
    const QString contentType
        = QString::fromLatin1(header(m_request.headers, "content-type").value_or("binary/octet-stream"));
    QString error;
    if (!m_buckets.putObject(*bucket, m_p.key, m_request.body, contentType.left(256), &error))
        return failure(500, u"InternalError"_s, error);
    m_state.notifyChanged();
    SandboxResponse r = emptyAnswer(m_p.action);
    r.headers.append({"ETag", "\"" + bucket->objects[m_p.key].etag.toLatin1() + "\""});
    r.headers.append({"x-amz-server-side-encryption", bucket->sseAlgorithm.toLatin1()});
    return r;
}

Front::Result Front::deleteObject()
{
    m_p.action = u"DeleteObject"_s;
    S3_BUCKET(bucket, true);
    if (bucket->objects.count(m_p.key)) {
        m_buckets.deleteObject(*bucket, m_p.key);
        m_state.notifyChanged();
    }
    return emptyAnswer(m_p.action, 204);
}

#undef S3_BUCKET

} // namespace

bool isS3Request(const QByteArray &authorization)
{
    if (authorization.isEmpty())
        return false;
    QString error;
    const auto parsed = SigV4::parseAuthorization(authorization, &error);
    return parsed && parsed->service == u"s3";
}

SandboxResponse errorResponse(const ApiError &error, const QString &requestId,
                              const QList<QPair<QString, QString>> &members, bool head)
{
    SandboxResponse r;
    r.httpStatus = error.httpStatus;
    r.errorCode = error.code;
    r.contentType = "application/xml";
    r.headers.append({"x-amz-request-id", requestId.toLatin1()});
    if (head) {
        r.headOnly = true;
        return r;
    }
    Xml xml;
    QXmlStreamWriter &w = xml.w();
    w.writeStartElement(u"Error"_s);
    w.writeTextElement(u"Code"_s, error.code);
    w.writeTextElement(u"Message"_s, error.message);
    for (const auto &[name, value] : members)
        w.writeTextElement(name, value);
    w.writeTextElement(u"RequestId"_s, requestId);
    w.writeTextElement(
        u"HostId"_s,
        QString::fromLatin1(QCryptographicHash::hash(requestId.toUtf8(), QCryptographicHash::Sha256).toBase64()));
    w.writeEndElement();
    r.body = xml.finish();
    return r;
}

SandboxResponse handle(SandboxState &state, const Request &request, const Caller &caller, const QString &requestId)
{
    state.advance();
    const bool head = request.method == "HEAD";
    Parsed parsed;
    auto verdict = authenticate(request, caller, &parsed.region);
    if (std::holds_alternative<Failure>(verdict)) {
        const Failure &f = std::get<Failure>(verdict);
        SandboxResponse r = errorResponse(f.error, requestId, f.members, head);
        r.headers += f.headers;
        return r;
    }
    // Path-style: /<bucket>/<key>, the key decoded once.
    const QByteArray path = request.path.isEmpty() ? QByteArray("/") : request.path;
    const qsizetype slash = path.indexOf('/', 1);
    parsed.bucket
        = QString::fromUtf8(QByteArray::fromPercentEncoding(slash < 0 ? path.mid(1) : path.mid(1, slash - 1)));
    parsed.key = slash < 0 ? QString() : QString::fromUtf8(QByteArray::fromPercentEncoding(path.mid(slash + 1)));
    parsed.query.setQuery(QString::fromUtf8(request.query));
    Front front(state, request, caller, parsed);
    auto result = front.run();
    if (std::holds_alternative<Failure>(result)) {
        const Failure &f = std::get<Failure>(result);
        SandboxResponse r = errorResponse(f.error, requestId, f.members, head);
        r.headers += f.headers;
        return r;
    }
    SandboxResponse r = std::get<SandboxResponse>(result);
    r.headers.prepend({"x-amz-request-id", requestId.toLatin1()});
    r.headOnly = head;
    if (!head)
        r.contentLength = r.body.size();
    return r;
}

} // namespace SandboxS3
