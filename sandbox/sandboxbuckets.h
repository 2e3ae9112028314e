// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"

#include <QString>
#include <QStringList>

#include <optional>

// The sandbox's S3: a root folder with one folder per bucket. A bucket folder may hold a settings file,
// ".bucket.json", with the bucket's region, owner and what ElastiCache was granted:
//   {"region": "eu-west-1", "ownerAccountId": "210987654321", "grants": ["READ", "WRITE"], "callerPermitted": true}
// Every member is optional; without the file a bucket is in the sandbox's region, owned by the caller, and grants
// ElastiCache READ, WRITE and READ_ACP. Objects are plain files under the bucket folder; an object whose key has a
// part between slashes longer than a file name may be (255 bytes) is kept as ".long-keys/<SHA-256 of the key>", with
// the key itself beside it in "<SHA-256>.key".
class SandboxBuckets
{
public:
    static constexpr QLatin1StringView settingsFileName {".bucket.json"};
    static constexpr QLatin1StringView longKeysFolder {".long-keys"};
    // S3's limit on an object key, in bytes of UTF-8.
    static constexpr qsizetype maxKeyBytes = 1024;

    // Why key cannot name an object of a sandbox bucket (empty, longer than S3 allows, or leaving the bucket's
    // folder: "..", ".", empty parts, a leading slash, backslashes, NUL, control characters; or one of the
    // sandbox's own files); an empty string when it can.
    static QString objectKeyProblem(const QString &key);

    SandboxBuckets(QString root, QString region, QString accountId);

    // The first reason ElastiCache would refuse to export the given objects into bucket (keys already promised to
    // a running export count as existing), as the service words it; nullopt when the export may go ahead.
    std::optional<ApiError> checkExport(const QString &bucket, const QStringList &keys,
                                        const QStringList &pendingKeys) const;
    // Writes one small RDB-looking object per key.
    bool writeObjects(const QString &bucket, const QStringList &keys, const QString &snapshotName,
                      QString *errorMessage) const;
    QString objectPath(const QString &bucket, const QString &key) const;

private:
    QString m_root;
    QString m_region;
    QString m_accountId;
};
