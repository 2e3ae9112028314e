// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxbuckets.h"

#include "sandboxerrors.h"
#include "snapshotnames.h"

#include <algorithm>

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>

using namespace Qt::StringLiterals;

using namespace SandboxErrors;

namespace {
// The longest file name the usual file systems (ext4, XFS, tmpfs, APFS, NTFS) allow, in bytes.
constexpr qsizetype kMaxFileNameBytes = 255;
constexpr qsizetype kMaxSettingsBytes = 1024 * 1024;
constexpr qsizetype kMaxEmailLength = 128;

const QStringList kOwnerships {u"BucketOwnerEnforced"_s, u"BucketOwnerPreferred"_s, u"ObjectWriter"_s};
const QStringList kPermissions {u"FULL_CONTROL"_s, u"WRITE"_s, u"WRITE_ACP"_s, u"READ"_s, u"READ_ACP"_s};
const QStringList kGroups {u"http://acs.amazonaws.com/groups/global/AllUsers"_s,
                           u"http://acs.amazonaws.com/groups/global/AuthenticatedUsers"_s,
                           u"http://acs.amazonaws.com/groups/s3/LogDelivery"_s};
const QStringList kSseAlgorithms {u"AES256"_s, u"aws:kms"_s, u"aws:kms:dsse"_s};

bool fitsFileNames(const QString &key)
{
    const QStringList parts = key.split(u'/');
    return std::all_of(parts.cbegin(), parts.cend(),
                       [](const QString &part) { return part.toUtf8().size() <= kMaxFileNameBytes; });
}

QString longKeyName(const QString &key)
{
    return QString::fromLatin1(QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString md5Hex(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Md5).toHex());
}

// A value for a message: quoted, escaped as JSON, and cut.
QString quoted(const QString &value)
{
    QByteArray json = QJsonDocument(QJsonArray {value.left(100)}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2)) + (value.size() > 100 ? u"\u2026"_s : QString());
}

bool isHex(const QString &text, qsizetype length)
{
    static const QRegularExpression hex(u"^[0-9a-f]*$"_s);
    return text.size() == length && hex.match(text).hasMatch();
}

QDateTime readTime(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toUTC();
}

QString typeName(SandboxGrant::Type type)
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

QString grantProblem(const SandboxGrant &grant)
{
    if (!kPermissions.contains(grant.permission))
        return u"permission %1 is not one of %2"_s.arg(quoted(grant.permission), kPermissions.join(u", "));
    switch (grant.type) {
    case SandboxGrant::Type::CanonicalUser:
        if (!isHex(grant.grantee, 64))
            return u"canonical user ID %1 is not 64 lowercase hex digits"_s.arg(quoted(grant.grantee));
        break;
    case SandboxGrant::Type::Group:
        if (!kGroups.contains(grant.grantee))
            return u"group %1 is not one of S3's predefined groups"_s.arg(quoted(grant.grantee));
        break;
    case SandboxGrant::Type::Email:
        if (grant.grantee.size() > kMaxEmailLength || !grant.grantee.contains(u'@'))
            return u"e-mail address %1 is not one"_s.arg(quoted(grant.grantee));
        break;
    }
    return {};
}

// ---- policies ---------------------------------------------------------------------------------------------------

QStringList stringOrList(const QJsonValue &value)
{
    if (value.isString())
        return {value.toString()};
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(item.toString());
    return list;
}

// IAM's wildcards: * any run of characters, ? one character; actions match case-insensitively.
bool wildcardMatch(const QString &pattern, const QString &text, Qt::CaseSensitivity cs)
{
    const QRegularExpression re(
        QRegularExpression::anchoredPattern(
            QRegularExpression::wildcardToRegularExpression(pattern, QRegularExpression::UnanchoredWildcardConversion)),
        cs == Qt::CaseInsensitive ? QRegularExpression::CaseInsensitiveOption : QRegularExpression::NoPatternOption);
    return re.match(text).hasMatch();
}

bool anyMatches(const QStringList &patterns, const QString &text, Qt::CaseSensitivity cs)
{
    return std::any_of(patterns.cbegin(), patterns.cend(),
                       [&](const QString &pattern) { return wildcardMatch(pattern, text, cs); });
}

QString arnPartition(const QString &region)
{
    if (region.startsWith(u"us-gov-"))
        return u"aws-us-gov"_s;
    if (region.startsWith(u"cn-"))
        return u"aws-cn"_s;
    return u"aws"_s;
}

enum class PolicyVerdict { NotMentioned, Allowed, Denied };

// What the bucket policy says about one of ElastiCache's service principals doing action on resource.
PolicyVerdict policyVerdict(const QJsonArray &statements, const QStringList &principals, const QString &action,
                            const QString &resource)
{
    PolicyVerdict verdict = PolicyVerdict::NotMentioned;
    for (const QJsonValue &value : statements) {
        const QJsonObject statement = value.toObject();
        const QJsonValue principal = statement.value(u"Principal"_s);
        bool forUs = principal.toString() == u"*";
        if (!forUs) {
            const QStringList services = stringOrList(principal.toObject().value(u"Service"_s));
            forUs = std::any_of(principals.cbegin(), principals.cend(),
                                [&](const QString &p) { return services.contains(p); });
        }
        if (!forUs || !anyMatches(stringOrList(statement.value(u"Action"_s)), action, Qt::CaseInsensitive)
            || !anyMatches(stringOrList(statement.value(u"Resource"_s)), resource, Qt::CaseSensitive))
            continue;
        if (statement.value(u"Effect"_s).toString() == u"Deny")
            return PolicyVerdict::Denied;
        if (statement.value(u"Effect"_s).toString() == u"Allow")
            verdict = PolicyVerdict::Allowed;
    }
    return verdict;
}

} // namespace

// ---- the export rule --------------------------------------------------------------------------------------------

namespace SandboxExportGrant {

QString missingPermission(const SandboxBucket &bucket, const QString &region)
{
    const QString elastiCache = SandboxBuckets::elastiCacheCanonicalId(region);
    const auto grantedByAcl = [&](const QString &permission) {
        if (!bucket.aclsEnabled())
            return false;
        return std::any_of(bucket.grants.cbegin(), bucket.grants.cend(), [&](const SandboxGrant &g) {
            return g.type == SandboxGrant::Type::CanonicalUser && g.grantee == elastiCache
                && (g.permission == permission || g.permission == u"FULL_CONTROL");
        });
    };
    const QJsonArray statements = [&] {
        const QJsonObject policy = QJsonDocument::fromJson(bucket.policy.toUtf8()).object();
        const QJsonValue statement = policy.value(u"Statement"_s);
        return statement.isObject() ? QJsonArray {statement} : statement.toArray();
    }();
    const QStringList principals {region + u".elasticache-snapshot.amazonaws.com"_s, u"elasticache.amazonaws.com"_s};
    const QString bucketArn = u"arn:%1:s3:::%2"_s.arg(arnPartition(region), bucket.name);
    const QString objectArn = bucketArn + u"/*"_s;
    const auto allowedByPolicy = [&](const QList<QPair<QString, QString>> &actions) {
        return std::all_of(actions.cbegin(), actions.cend(), [&](const auto &action) {
            return policyVerdict(statements, principals, action.first, action.second) == PolicyVerdict::Allowed;
        });
    };
    const QList<QPair<QString, QList<QPair<QString, QString>>>> needs {
        {u"READ"_s,
         {{u"s3:ListBucket"_s, bucketArn},
          {u"s3:ListBucketMultipartUploads"_s, bucketArn},
          {u"s3:GetObject"_s, objectArn},
          {u"s3:ListMultipartUploadParts"_s, objectArn}}},
        {u"WRITE"_s, {{u"s3:PutObject"_s, objectArn}}},
        {u"READ_ACP"_s, {{u"s3:GetBucketAcl"_s, bucketArn}}},
    };
    for (const auto &[permission, actions] : needs) {
        const bool denied = std::any_of(actions.cbegin(), actions.cend(), [&](const auto &action) {
            return policyVerdict(statements, principals, action.first, action.second) == PolicyVerdict::Denied;
        });
        if (denied || !(grantedByAcl(permission) || allowedByPolicy(actions)))
            return permission;
    }
    return {};
}

} // namespace SandboxExportGrant

// ---- SandboxBuckets ---------------------------------------------------------------------------------------------

bool SandboxBucket::aclsEnabled() const
{
    return ownership != u"BucketOwnerEnforced";
}

QList<SandboxGrant> SandboxBucket::ownerOnlyAcl() const
{
    return {{SandboxGrant::Type::CanonicalUser, SandboxBuckets::canonicalUserId(ownerAccountId), u"FULL_CONTROL"_s}};
}

QString SandboxBuckets::objectKeyProblem(const QString &key)
{
    if (key.isEmpty())
        return u"An object key cannot be empty."_s;
    if (key.toUtf8().size() > maxKeyBytes)
        return u"An object key can have at most %1 bytes of UTF-8 (this one has %2)."_s.arg(maxKeyBytes)
            .arg(key.toUtf8().size());
    if (key.startsWith(u'/') || key.contains(u'\\'))
        return u"An object key of the sandbox cannot start with a slash or contain a backslash."_s;
    for (const QChar c : key) {
        if (c.category() == QChar::Other_Control)
            return u"An object key of the sandbox cannot contain control characters."_s;
    }
    const QStringList parts = key.split(u'/');
    if (std::any_of(parts.cbegin(), parts.cend(),
                    [](const QString &part) { return part == u".." || part == u"." || part.isEmpty(); }))
        return u"An object key of the sandbox cannot have empty, \".\" or \"..\" parts."_s;
    if (key == QString(settingsFileName) || parts.constFirst() == QString(longKeysFolder))
        return u"The object key %1 is reserved by the sandbox."_s.arg(key);
    return {};
}

QString SandboxBuckets::canonicalUserId(const QString &accountId)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(QString(u"cachesnap-sandbox canonical user "_s + accountId).toUtf8(),
                                 QCryptographicHash::Sha256)
            .toHex());
}

QString SandboxBuckets::elastiCacheCanonicalId(const QString &region)
{
    if (region.startsWith(u"us-gov-"))
        return u"40fa568277ad703bd160f66ae4f83fc9dfdfd06c2f1b5060ca22442ac3ef8be6"_s;
    return u"540804c33a284a299d2547575ce1010f2312ef3da9b3a053c8bc45bf233e4353"_s;
}

bool SandboxBuckets::isRegionName(const QString &region)
{
    static const QRegularExpression form(u"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$"_s);
    return form.match(region).hasMatch();
}

std::optional<SandboxBucket> SandboxBuckets::bucketFromJson(const QJsonObject &json, const QString &name,
                                                            const QString &defaultRegion, const QString &defaultOwner,
                                                            bool withObjects, QString *errorMessage)
{
    const auto fail = [&](const QString &problem) -> std::optional<SandboxBucket> {
        *errorMessage = u"bucket %1: %2"_s.arg(quoted(name), problem);
        return std::nullopt;
    };
    if (const auto verdict = SnapshotNames::checkBucketName(name); !verdict.ok)
        return fail(verdict.reason);
    SandboxBucket bucket;
    bucket.name = name;
    bucket.region = json.value(u"region"_s).toString(defaultRegion);
    if (!isRegionName(bucket.region))
        return fail(u"region %1 is not a region name"_s.arg(quoted(bucket.region)));
    bucket.ownerAccountId = json.value(u"ownerAccountId"_s).toString(defaultOwner);
    static const QRegularExpression account(u"^[0-9]{12}$"_s);
    if (!account.match(bucket.ownerAccountId).hasMatch())
        return fail(u"owner account %1 is not 12 digits"_s.arg(quoted(bucket.ownerAccountId)));
    bucket.created = json.contains(u"created"_s) ? readTime(json.value(u"created"_s)) : QDateTime::currentDateTimeUtc();
    if (!bucket.created.isValid())
        return fail(u"creation time %1 is not a time"_s.arg(quoted(json.value(u"created"_s).toString())));
    bucket.callerDenied = !json.value(u"callerPermitted"_s).toBool(true);
    bucket.stateOnly = json.value(u"stateOnly"_s).toBool(false);

    const bool legacy = !json.contains(u"ownership"_s) && !json.contains(u"acl"_s);
    if (legacy) {
        // The earlier settings file: a list of what ElastiCache was granted, with ACLs enabled.
        bucket.ownership = u"ObjectWriter"_s;
        const QStringList granted = json.contains(u"grants"_s) ? stringOrList(json.value(u"grants"_s))
                                                               : QStringList {u"READ"_s, u"WRITE"_s, u"READ_ACP"_s};
        if (granted.size() >= maxGrants)
            return fail(u"%1 grants are more than %2"_s.arg(granted.size()).arg(maxGrants));
        bucket.grants = bucket.ownerOnlyAcl();
        for (const QString &permission : granted)
            bucket.grants.append(
                {SandboxGrant::Type::CanonicalUser, elastiCacheCanonicalId(bucket.region), permission.toUpper()});
    } else {
        bucket.ownership = json.value(u"ownership"_s).toString();
        if (!bucket.ownership.isEmpty() && !kOwnerships.contains(bucket.ownership))
            return fail(
                u"object ownership %1 is not one of %2"_s.arg(quoted(bucket.ownership), kOwnerships.join(u", ")));
        const QJsonArray grants = json.value(u"acl"_s).toArray();
        if (grants.size() > maxGrants)
            return fail(u"%1 grants are more than %2"_s.arg(grants.size()).arg(maxGrants));
        for (const QJsonValue &value : grants) {
            const QJsonObject o = value.toObject();
            SandboxGrant grant;
            const QString type = o.value(u"type"_s).toString();
            if (type == u"CanonicalUser")
                grant.type = SandboxGrant::Type::CanonicalUser;
            else if (type == u"Group")
                grant.type = SandboxGrant::Type::Group;
            else if (type == u"AmazonCustomerByEmail")
                grant.type = SandboxGrant::Type::Email;
            else
                return fail(
                    u"grantee type %1 is not CanonicalUser, Group or AmazonCustomerByEmail"_s.arg(quoted(type)));
            grant.grantee = o.value(u"grantee"_s).toString();
            grant.permission = o.value(u"permission"_s).toString();
            bucket.grants.append(grant);
        }
    }
    for (const SandboxGrant &grant : std::as_const(bucket.grants)) {
        if (const QString problem = grantProblem(grant); !problem.isEmpty())
            return fail(problem);
    }
    bucket.policy = json.value(u"policy"_s).toString();
    if (bucket.policy.toUtf8().size() > maxPolicyBytes)
        return fail(u"the bucket policy has more than %1 bytes"_s.arg(maxPolicyBytes));
    if (!bucket.policy.isEmpty() && !QJsonDocument::fromJson(bucket.policy.toUtf8()).isObject())
        return fail(u"the bucket policy is not a JSON object"_s);
    const QJsonObject encryption = json.value(u"encryption"_s).toObject();
    bucket.sseAlgorithm = encryption.value(u"algorithm"_s).toString(u"AES256"_s);
    if (!kSseAlgorithms.contains(bucket.sseAlgorithm))
        return fail(u"encryption %1 is not one of %2"_s.arg(quoted(bucket.sseAlgorithm), kSseAlgorithms.join(u", ")));
    bucket.kmsKeyId = encryption.value(u"kmsKeyId"_s).toString();
    if (bucket.kmsKeyId.size() > 2048)
        return fail(u"the KMS key id is longer than 2048 characters"_s);
    bucket.bucketKeyEnabled = encryption.value(u"bucketKeyEnabled"_s).toBool();

    if (withObjects) {
        const QJsonArray objects = json.value(u"objects"_s).toArray();
        if (objects.size() > maxObjectsPerBucket)
            return fail(u"%1 objects are more than %2"_s.arg(objects.size()).arg(maxObjectsPerBucket));
        for (const QJsonValue &value : objects) {
            const QJsonObject o = value.toObject();
            const QString key = o.value(u"key"_s).toString();
            if (const QString problem = objectKeyProblem(key); !problem.isEmpty())
                return fail(u"object key %1 is not valid: %2"_s.arg(quoted(key), problem));
            SandboxObject object;
            const QString size = o.value(u"size"_s).toString();
            static const QRegularExpression digits(u"^[0-9]{1,15}$"_s);
            if (!digits.match(size).hasMatch() || size.toLongLong() > maxObjectSize)
                return fail(u"object size %1 is not a byte count of up to 5 TB"_s.arg(quoted(size)));
            object.size = size.toLongLong();
            object.etag = o.value(u"etag"_s).toString();
            if (!isHex(object.etag, 32))
                return fail(u"ETag %1 is not 32 lowercase hex digits"_s.arg(quoted(object.etag)));
            object.lastModified = readTime(o.value(u"lastModified"_s));
            if (!object.lastModified.isValid())
                return fail(u"last modified %1 is not a time"_s.arg(quoted(o.value(u"lastModified"_s).toString())));
            object.contentType = o.value(u"contentType"_s).toString();
            if (object.contentType.size() > 256)
                return fail(u"a content type is longer than 256 characters"_s);
            if (bucket.objects.count(key))
                return fail(u"object %1 is there twice"_s.arg(quoted(key)));
            bucket.objects[key] = object;
        }
    }
    return bucket;
}

QJsonObject SandboxBuckets::bucketToJson(const SandboxBucket &bucket, bool withObjects)
{
    QJsonObject o;
    o.insert(u"name"_s, bucket.name);
    o.insert(u"region"_s, bucket.region);
    o.insert(u"ownerAccountId"_s, bucket.ownerAccountId);
    o.insert(u"created"_s, bucket.created.toUTC().toString(Qt::ISODateWithMs));
    o.insert(u"ownership"_s, bucket.ownership);
    QJsonArray grants;
    for (const SandboxGrant &grant : bucket.grants)
        grants.append(QJsonObject {
            {u"type"_s, typeName(grant.type)}, {u"grantee"_s, grant.grantee}, {u"permission"_s, grant.permission}});
    o.insert(u"acl"_s, grants);
    if (!bucket.policy.isEmpty())
        o.insert(u"policy"_s, bucket.policy);
    QJsonObject encryption {{u"algorithm"_s, bucket.sseAlgorithm}, {u"bucketKeyEnabled"_s, bucket.bucketKeyEnabled}};
    if (!bucket.kmsKeyId.isEmpty())
        encryption.insert(u"kmsKeyId"_s, bucket.kmsKeyId);
    o.insert(u"encryption"_s, encryption);
    if (bucket.callerDenied)
        o.insert(u"callerPermitted"_s, false);
    if (bucket.stateOnly)
        o.insert(u"stateOnly"_s, true);
    if (withObjects) {
        QJsonArray objects;
        for (const auto &[key, object] : bucket.objects) {
            QJsonObject item {{u"key"_s, key},
                              {u"size"_s, QString::number(object.size)},
                              {u"etag"_s, object.etag},
                              {u"lastModified"_s, object.lastModified.toUTC().toString(Qt::ISODateWithMs)}};
            if (!object.contentType.isEmpty())
                item.insert(u"contentType"_s, object.contentType);
            objects.append(item);
        }
        o.insert(u"objects"_s, objects);
    }
    return o;
}

SandboxBuckets::SandboxBuckets(QString root, QString region, QString accountId)
    : m_root(std::move(root))
    , m_region(std::move(region))
    , m_accountId(std::move(accountId))
{
}

QString SandboxBuckets::root() const
{
    return m_root;
}

QString SandboxBuckets::accountId() const
{
    return m_accountId;
}

QString SandboxBuckets::objectPath(const QString &bucket, const QString &key) const
{
    if (!fitsFileNames(key))
        return QDir(m_root).filePath(bucket + u'/' + QString(longKeysFolder) + u'/' + longKeyName(key));
    return QDir(m_root).filePath(bucket + u'/' + key);
}

SandboxBucket *SandboxBuckets::find(const QString &name)
{
    if (!SnapshotNames::checkBucketName(name).ok)
        return nullptr;
    auto it = m_buckets.find(name);
    const QString folder = m_root.isEmpty() ? QString() : QDir(m_root).filePath(name);
    if (it == m_buckets.end()) {
        if (folder.isEmpty() || !QFileInfo(folder).isDir() || m_buckets.size() >= size_t(maxBuckets))
            return nullptr;
        QJsonObject settings;
        QFile file(QDir(folder).filePath(QString(settingsFileName)));
        if (file.exists()) {
            QJsonParseError parseError;
            const QJsonDocument document = file.open(QIODevice::ReadOnly)
                ? QJsonDocument::fromJson(file.read(kMaxSettingsBytes), &parseError)
                : QJsonDocument();
            if (!document.isObject()) {
                qWarning("cachesnap-sandbox: %s is not a JSON object; the folder is not a bucket",
                         qPrintable(file.fileName()));
                return nullptr;
            }
            settings = document.object();
        }
        QString error;
        auto bucket = bucketFromJson(settings, name, m_region, m_accountId, false, &error);
        if (!bucket) {
            qWarning("cachesnap-sandbox: %s: %s", qPrintable(file.fileName()), qPrintable(error));
            return nullptr;
        }
        it = m_buckets.emplace(name, std::move(*bucket)).first;
    }
    if (!folder.isEmpty() && !it->second.stateOnly)
        syncObjects(it->second);
    return &it->second;
}

QList<const SandboxBucket *> SandboxBuckets::all()
{
    if (!m_root.isEmpty()) {
        const QStringList folders = QDir(m_root).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        for (const QString &folder : folders)
            find(folder);
    }
    QList<const SandboxBucket *> list;
    for (const auto &[name, bucket] : m_buckets)
        list.append(&bucket);
    return list;
}

const std::map<QString, SandboxBucket> &SandboxBuckets::loaded() const
{
    return m_buckets;
}

bool SandboxBuckets::add(const SandboxBucket &bucket, QString *errorMessage)
{
    if (m_buckets.size() >= size_t(maxBuckets)) {
        *errorMessage = u"the sandbox holds at most %1 buckets"_s.arg(maxBuckets);
        return false;
    }
    const bool mirrored = !m_root.isEmpty() && !bucket.stateOnly;
    if (mirrored && !QDir(m_root).mkpath(bucket.name)) {
        *errorMessage = u"cannot create the folder of bucket %1"_s.arg(bucket.name);
        return false;
    }
    m_buckets[bucket.name] = bucket;
    for (const auto &[key, object] : bucket.objects) {
        Q_UNUSED(object)
        if (mirrored && !QFileInfo::exists(objectPath(bucket.name, key)))
            writeFile(bucket.name, key, QByteArray(), errorMessage);
    }
    settingsChanged(bucket);
    return true;
}

bool SandboxBuckets::remove(const QString &name, QString *errorMessage)
{
    const auto it = m_buckets.find(name);
    if (!m_root.isEmpty() && (it == m_buckets.end() || !it->second.stateOnly)) {
        QDir folder(QDir(m_root).filePath(name));
        if (folder.exists() && !folder.removeRecursively()) {
            *errorMessage = u"cannot remove the folder of bucket %1"_s.arg(name);
            return false;
        }
    }
    m_buckets.erase(name);
    return true;
}

void SandboxBuckets::settingsChanged(const SandboxBucket &bucket)
{
    if (m_root.isEmpty() || bucket.stateOnly)
        return;
    QSaveFile file(QDir(QDir(m_root).filePath(bucket.name)).filePath(QString(settingsFileName)));
    if (file.open(QIODevice::WriteOnly)) {
        file.write(QJsonDocument(bucketToJson(bucket, false)).toJson(QJsonDocument::Indented));
        file.commit();
    }
}

bool SandboxBuckets::writeFile(const QString &bucket, const QString &key, const QByteArray &data,
                               QString *errorMessage) const
{
    // Checked again here: keys may come from a state file.
    if (const auto verdict = SnapshotNames::checkBucketName(bucket); !verdict.ok || m_root.isEmpty()) {
        *errorMessage = u"%1 is not a bucket of the sandbox"_s.arg(bucket);
        return false;
    }
    if (const QString problem = objectKeyProblem(key); !problem.isEmpty()) {
        *errorMessage = problem;
        return false;
    }
    const QString path = objectPath(bucket, key);
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        *errorMessage = u"cannot create the folder of %1"_s.arg(path);
        return false;
    }
    if (!fitsFileNames(key)) {
        QSaveFile keyFile(path + u".key"_s);
        if (!keyFile.open(QIODevice::WriteOnly) || keyFile.write(key.toUtf8()) < 0 || !keyFile.commit()) {
            *errorMessage = u"cannot write %1: %2"_s.arg(keyFile.fileName(), keyFile.errorString());
            return false;
        }
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) < 0 || !file.commit()) {
        *errorMessage = u"cannot write %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

bool SandboxBuckets::putObject(SandboxBucket &bucket, const QString &key, const QByteArray &data,
                               const QString &contentType, QString *errorMessage)
{
    if (!bucket.objects.count(key) && bucket.objects.size() >= size_t(maxObjectsPerBucket)) {
        *errorMessage = u"a sandbox bucket holds at most %1 objects"_s.arg(maxObjectsPerBucket);
        return false;
    }
    if (!m_root.isEmpty() && !bucket.stateOnly && !writeFile(bucket.name, key, data, errorMessage))
        return false;
    bucket.objects[key] = SandboxObject {data.size(), md5Hex(data), QDateTime::currentDateTimeUtc(), contentType};
    return true;
}

bool SandboxBuckets::putObjectOfSize(SandboxBucket &bucket, const QString &key, const QByteArray &data, qint64 size,
                                     QString *errorMessage)
{
    if (!putObject(bucket, key, data, u"application/octet-stream"_s, errorMessage))
        return false;
    SandboxObject &object = bucket.objects[key];
    object.size = std::clamp<qint64>(size, data.size(), maxObjectSize);
    // A multipart upload's ETag is the MD5 of the parts' MD5s and the part count; ours is one of that form.
    object.etag = md5Hex(key.toUtf8() + QByteArray::number(object.size));
    return true;
}

void SandboxBuckets::deleteObject(SandboxBucket &bucket, const QString &key)
{
    bucket.objects.erase(key);
    if (!m_root.isEmpty() && !bucket.stateOnly && objectKeyProblem(key).isEmpty()) {
        const QString path = objectPath(bucket.name, key);
        QFile::remove(path);
        if (!fitsFileNames(key))
            QFile::remove(path + u".key"_s);
    }
}

void SandboxBuckets::clear()
{
    m_buckets.clear();
}

void SandboxBuckets::syncObjects(SandboxBucket &bucket) const
{
    // The folder is what holds objects when there is a root: files added by hand are objects, and objects whose
    // file is gone are gone.
    const QDir folder(QDir(m_root).filePath(bucket.name));
    std::map<QString, SandboxObject> present;
    QDirIterator it(folder.path(), QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    qsizetype seen = 0;
    while (it.hasNext() && seen++ < maxObjectsPerBucket) {
        const QString path = it.next();
        QString key = folder.relativeFilePath(path);
        if (key == QString(settingsFileName) || key.endsWith(u".key"_s))
            continue;
        if (key.startsWith(QString(longKeysFolder) + u'/')) {
            QFile keyFile(path + u".key"_s);
            if (!keyFile.open(QIODevice::ReadOnly))
                continue;
            key = QString::fromUtf8(keyFile.read(maxKeyBytes + 1));
            if (fitsFileNames(key))
                continue;
        }
        if (!objectKeyProblem(key).isEmpty())
            continue;
        if (const auto known = bucket.objects.find(key); known != bucket.objects.end()) {
            present.emplace(key, known->second);
            continue;
        }
        const QFileInfo info(it.fileInfo());
        SandboxObject object;
        object.size = info.size();
        object.lastModified = info.lastModified().toUTC();
        object.etag = md5Hex(path.toUtf8() + QByteArray::number(info.size()));
        if (info.size() <= maxPutBytes) {
            QFile file(path);
            if (file.open(QIODevice::ReadOnly))
                object.etag = md5Hex(file.readAll());
        }
        present.emplace(key, object);
    }
    bucket.objects = std::move(present);
}

std::optional<ApiError> SandboxBuckets::checkExport(const QString &name, const QString &region, const QStringList &keys,
                                                    const QStringList &pendingKeys)
{
    if (const auto verdict = SnapshotNames::checkBucketName(name); !verdict.ok)
        return invalidParameterValue(u"The S3 bucket %1 does not exist. %2"_s.arg(name, verdict.reason));
    SandboxBucket *bucket = find(name);
    if (!bucket)
        return invalidParameterValue(u"The S3 bucket %1 does not exist."_s.arg(name));
    if (bucket->region != region)
        return invalidParameterValue(u"The S3 bucket %1 is outside of the region."_s.arg(name));
    if (bucket->ownerAccountId != m_accountId)
        return invalidParameterValue(u"The S3 bucket %1 is not owned by the authenticated user."_s.arg(name));
    if (bucket->callerDenied)
        return invalidParameterValue(
            u"The authenticated user does not have sufficient permissions to perform the desired activity."_s);
    if (const QString missing = SandboxExportGrant::missingPermission(*bucket, region); !missing.isEmpty())
        return invalidParameterValue(
            u"ElastiCache has not been granted %1 permissions %2 on the S3 Bucket."_s.arg(missing, name));
    for (const QString &key : keys) {
        if (const QString problem = objectKeyProblem(key); !problem.isEmpty())
            return invalidParameterValue(
                u"%1 is not a valid object key for the S3 bucket %2. %3"_s.arg(key, name, problem));
        if (bucket->objects.count(key) || pendingKeys.contains(key))
            return invalidParameterValue(u"The S3 bucket %1 already contains an object with key %2."_s.arg(name, key));
    }
    return std::nullopt;
}
