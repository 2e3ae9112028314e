// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>

// One grant of an S3 access control list: a grantee (a canonical user, a predefined group or an e-mail address)
// and one of S3's permissions.
struct SandboxGrant
{
    enum class Type { CanonicalUser, Group, Email };
    Type type = Type::CanonicalUser;
    QString grantee; // the canonical user ID, the group's URI or the e-mail address
    QString permission; // FULL_CONTROL, WRITE, WRITE_ACP, READ, READ_ACP

    bool operator==(const SandboxGrant &other) const = default;
};

struct SandboxObject
{
    qint64 size = 0;
    QString etag; // 32 hex digits of MD5, without quotes
    QDateTime lastModified;
    QString contentType;
};

// One bucket of the sandbox's S3: where it is, whose it is, who may do what, and what it holds.
struct SandboxBucket
{
    QString name;
    QString region;
    QString ownerAccountId;
    QDateTime created;
    // Object Ownership: BucketOwnerEnforced (ACLs disabled, what new buckets get since April 2023),
    // BucketOwnerPreferred or ObjectWriter (ACLs enabled); empty: no ownership controls at all.
    QString ownership;
    QList<SandboxGrant> grants; // the bucket ACL, the owner's own grant (FULL_CONTROL on creation) included
    QString policy; // the bucket policy's JSON text, verbatim; empty: none
    QString sseAlgorithm = QStringLiteral("AES256"); // AES256, aws:kms or aws:kms:dsse
    QString kmsKeyId;
    bool bucketKeyEnabled = false;
    // The caller's own IAM policy keeps it from this bucket (a sandbox stand-in for missing s3:ListAllMyBuckets /
    // s3:GetBucketLocation permissions): every S3 call on it is AccessDenied and an export "does not have
    // sufficient permissions".
    bool callerDenied = false;
    // Kept in the state only, never as a folder of the S3 root (the seeded buckets): objects put into it keep
    // their size and digest, not their bytes.
    bool stateOnly = false;
    std::map<QString, SandboxObject> objects;

    bool aclsEnabled() const;
    // The ACL a new bucket has: its owner with FULL_CONTROL.
    QList<SandboxGrant> ownerOnlyAcl() const;
};

// The sandbox's S3 buckets. They live in the sandbox's state (and its state file); with an S3 root folder each
// bucket is also a folder there, holding its objects as files (a key with a part longer than a file name may be,
// 255 bytes, is kept as ".long-keys/<SHA-256 of the key>", with the key itself beside it in "<SHA-256>.key") and its
// settings in ".bucket.json". A folder of the root that the state does not know is taken in as a bucket when it is
// first named; its ".bucket.json" may also be in the earlier form
//   {"region": "eu-west-1", "ownerAccountId": "210987654321", "grants": ["READ", "WRITE"], "callerPermitted": true}
// (every member optional; without "grants" ElastiCache has READ, WRITE and READ_ACP). Files put into a bucket
// folder by hand are objects of the bucket, and objects whose file was removed are gone.
class SandboxBuckets
{
public:
    static constexpr QLatin1StringView settingsFileName {".bucket.json"};
    static constexpr QLatin1StringView longKeysFolder {".long-keys"};
    // S3's limit on an object key, in bytes of UTF-8.
    static constexpr qsizetype maxKeyBytes = 1024;
    // S3's limits: a bucket policy of at most 20 KB, an ACL of at most 100 grants; 10,000 buckets per account.
    static constexpr qsizetype maxPolicyBytes = 20 * 1024;
    static constexpr qsizetype maxGrants = 100;
    static constexpr qsizetype maxBuckets = 10000;
    // The sandbox's own limits: objects per bucket, and bytes of one PutObject it keeps.
    static constexpr qsizetype maxObjectsPerBucket = 100000;
    static constexpr qint64 maxPutBytes = 16 * 1024 * 1024;
    // S3's largest object.
    static constexpr qint64 maxObjectSize = qint64(5) << 40;

    // Why key cannot name an object of a sandbox bucket (empty, longer than S3 allows, or leaving the bucket's
    // folder: "..", ".", empty parts, a leading slash, backslashes, NUL, control characters; or one of the
    // sandbox's own files); an empty string when it can.
    static QString objectKeyProblem(const QString &key);
    // The 64 hex digits of an account's canonical user ID (derived from the account ID, the same every time).
    static QString canonicalUserId(const QString &accountId);
    // The canonical user ID ElastiCache's exports use in the partition of region (GovCloud has its own).
    static QString elastiCacheCanonicalId(const QString &region);
    static bool isRegionName(const QString &region);
    // A bucket read from a state file or a settings file, checked as strictly as a request; the earlier
    // .bucket.json form is migrated (see the class comment). Objects are read when withObjects is set.
    static std::optional<SandboxBucket> bucketFromJson(const QJsonObject &json, const QString &name,
                                                       const QString &defaultRegion, const QString &defaultOwner,
                                                       bool withObjects, QString *errorMessage);
    static QJsonObject bucketToJson(const SandboxBucket &bucket, bool withObjects);

    // root may be empty: buckets then live in memory (and the state file) only.
    SandboxBuckets(QString root, QString region, QString accountId);

    QString root() const;
    QString accountId() const;
    QString objectPath(const QString &bucket, const QString &key) const;

    // The bucket of that name (taking in a folder of the S3 root the first time), nullptr when there is none.
    SandboxBucket *find(const QString &name);
    // Every bucket, the S3 root's folders included, by name.
    QList<const SandboxBucket *> all();
    // Adds a bucket (its folder and settings file too, with an S3 root); false with a message when it cannot.
    bool add(const SandboxBucket &bucket, QString *errorMessage);
    bool remove(const QString &name, QString *errorMessage);
    // Writes the bucket's settings file after a change (nothing without an S3 root).
    void settingsChanged(const SandboxBucket &bucket);
    // Stores an object; data is written to the bucket's folder when there is an S3 root, and otherwise only
    // its size and digest are kept.
    bool putObject(SandboxBucket &bucket, const QString &key, const QByteArray &data, const QString &contentType,
                   QString *errorMessage);
    // An object whose recorded size is size while what is stored is data (an export's small RDB stand-in).
    bool putObjectOfSize(SandboxBucket &bucket, const QString &key, const QByteArray &data, qint64 size,
                         QString *errorMessage);
    void deleteObject(SandboxBucket &bucket, const QString &key);
    void clear();

    // For the state file: the buckets the state holds (not the S3 root's folders it has not taken in yet).
    const std::map<QString, SandboxBucket> &loaded() const;

    // The first reason ElastiCache would refuse to export the given objects into bucket from region (keys already
    // promised to a running export count as existing), as the service words it; nullopt when the export may go
    // ahead.
    std::optional<ApiError> checkExport(const QString &bucket, const QString &region, const QStringList &keys,
                                        const QStringList &pendingKeys);

private:
    void syncObjects(SandboxBucket &bucket) const;
    bool writeFile(const QString &bucket, const QString &key, const QByteArray &data, QString *errorMessage) const;

    QString m_root;
    QString m_region;
    QString m_accountId;
    std::map<QString, SandboxBucket> m_buckets;
};

// The rule by which the sandbox's exports decide whether ElastiCache may write into a bucket. Kept in one function
// so that it can follow the per-partition table of the export check when that exists.
namespace SandboxExportGrant {

// The first of READ, WRITE and READ_ACP that ElastiCache exporting from region has not been granted on bucket
// (empty when all three are), by the export check's rule (ExportAccess::decide: the grant method of the region's
// partition, tests/data/snapshot-rules.md). Where that rule does not know the partition: an ACL grant to the
// partition's ElastiCache canonical ID (while ACLs are enabled), or a bucket policy that allows the service principal
// "<region>.elasticache-snapshot.amazonaws.com" (or "elasticache.amazonaws.com") the matching actions: READ
// s3:ListBucket and s3:ListBucketMultipartUploads on the bucket and s3:GetObject and s3:ListMultipartUploadParts on its
// objects, WRITE s3:PutObject on its objects, READ_ACP s3:GetBucketAcl on the bucket. A matching Deny statement takes
// the permission away.
QString missingPermission(const SandboxBucket &bucket, const QString &region);

} // namespace SandboxExportGrant
