// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxbuckets.h"

#include "sandboxerrors.h"
#include "snapshotnames.h"

#include <algorithm>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

using namespace SandboxErrors;

namespace {
// The longest file name the usual file systems (ext4, XFS, tmpfs, APFS, NTFS) allow, in bytes.
constexpr qsizetype kMaxFileNameBytes = 255;

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
} // namespace

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

SandboxBuckets::SandboxBuckets(QString root, QString region, QString accountId)
    : m_root(std::move(root))
    , m_region(std::move(region))
    , m_accountId(std::move(accountId))
{
}

QString SandboxBuckets::objectPath(const QString &bucket, const QString &key) const
{
    if (!fitsFileNames(key))
        return QDir(m_root).filePath(bucket + u'/' + QString(longKeysFolder) + u'/' + longKeyName(key));
    return QDir(m_root).filePath(bucket + u'/' + key);
}

std::optional<ApiError> SandboxBuckets::checkExport(const QString &bucket, const QStringList &keys,
                                                    const QStringList &pendingKeys) const
{
    if (const auto verdict = SnapshotNames::checkBucketName(bucket); !verdict.ok)
        return invalidParameterValue(u"The S3 bucket %1 does not exist. %2"_s.arg(bucket, verdict.reason));
    const QString folder = QDir(m_root).filePath(bucket);
    if (m_root.isEmpty() || !QFileInfo(folder).isDir())
        return invalidParameterValue(u"The S3 bucket %1 does not exist."_s.arg(bucket));

    QJsonObject settings;
    QFile file(QDir(folder).filePath(QString(settingsFileName)));
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly))
            return make(500, u"InternalFailure"_s, u"The settings of bucket %1 cannot be read."_s.arg(bucket));
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject())
            return make(500, u"InternalFailure"_s,
                        u"The settings of bucket %1 are not a JSON object: %2"_s.arg(bucket, parseError.errorString()));
        settings = document.object();
    }
    if (settings.value(u"region").toString(m_region) != m_region)
        return invalidParameterValue(u"The S3 bucket %1 is outside of the region."_s.arg(bucket));
    if (settings.value(u"ownerAccountId").toString(m_accountId) != m_accountId)
        return invalidParameterValue(u"The S3 bucket %1 is not owned by the authenticated user."_s.arg(bucket));
    if (!settings.value(u"callerPermitted").toBool(true))
        return invalidParameterValue(
            u"The authenticated user does not have sufficient permissions to perform the desired activity."_s);
    if (settings.contains(u"grants")) {
        QStringList grants;
        for (const QJsonValue &grant : settings.value(u"grants").toArray())
            grants.append(grant.toString().toUpper());
        for (const QString &permission : {u"READ"_s, u"WRITE"_s, u"READ_ACP"_s}) {
            if (!grants.contains(permission))
                return invalidParameterValue(
                    u"ElastiCache has not been granted %1 permissions %2 on the S3 Bucket."_s.arg(permission, bucket));
        }
    }
    for (const QString &key : keys) {
        if (const QString problem = objectKeyProblem(key); !problem.isEmpty())
            return invalidParameterValue(
                u"%1 is not a valid object key for the S3 bucket %2. %3"_s.arg(key, bucket, problem));
        if (QFileInfo::exists(objectPath(bucket, key)) || pendingKeys.contains(key))
            return invalidParameterValue(
                u"The S3 bucket %1 already contains an object with key %2."_s.arg(bucket, key));
    }
    return std::nullopt;
}

bool SandboxBuckets::writeObjects(const QString &bucket, const QStringList &keys, const QString &snapshotName,
                                  QString *errorMessage) const
{
    // Checked again here: the keys of an export under way may come from a state file.
    if (const auto verdict = SnapshotNames::checkBucketName(bucket); !verdict.ok || m_root.isEmpty()) {
        *errorMessage = u"%1 is not a bucket of the sandbox"_s.arg(bucket);
        return false;
    }
    for (const QString &key : keys) {
        if (const QString problem = objectKeyProblem(key); !problem.isEmpty()) {
            *errorMessage = problem;
            return false;
        }
    }
    for (int i = 0; i < keys.size(); ++i) {
        const QString path = objectPath(bucket, keys.at(i));
        if (!fitsFileNames(keys.at(i))) {
            QSaveFile keyFile(path + u".key"_s);
            if (!QDir().mkpath(QFileInfo(path).absolutePath()) || !keyFile.open(QIODevice::WriteOnly)
                || keyFile.write(keys.at(i).toUtf8()) < 0 || !keyFile.commit()) {
                *errorMessage = u"cannot write %1: %2"_s.arg(keyFile.fileName(), keyFile.errorString());
                return false;
            }
        }
        if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
            *errorMessage = u"cannot create the folder of %1"_s.arg(path);
            return false;
        }
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            *errorMessage = file.errorString();
            return false;
        }
        // The RDB magic and version, an aux field naming the source, and the end-of-file opcode: enough for a
        // reader to recognise the format, not a loadable dump.
        QByteArray data("REDIS0011");
        const QByteArray aux = u"cachesnap-sandbox %1 shard %2"_s.arg(snapshotName).arg(i + 1).toUtf8();
        data += char(0xfa);
        data += char(aux.size() < 64 ? aux.size() : 63);
        data += aux.left(63);
        data += char(0xff);
        file.write(data);
        if (!file.commit()) {
            *errorMessage = file.errorString();
            return false;
        }
    }
    return true;
}
