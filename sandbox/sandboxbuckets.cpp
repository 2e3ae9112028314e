// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxbuckets.h"

#include "sandboxerrors.h"
#include "snapshotnames.h"

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
// An object key must stay inside its bucket folder.
bool isSafeKey(const QString &key)
{
    if (key.isEmpty() || key.startsWith(u'/') || key.contains(u'\\') || key.contains(QChar(0)))
        return false;
    const QStringList parts = key.split(u'/');
    return std::none_of(parts.cbegin(), parts.cend(),
                        [](const QString &part) { return part == u".." || part == u"." || part.isEmpty(); });
}
} // namespace

SandboxBuckets::SandboxBuckets(QString root, QString region, QString accountId)
    : m_root(std::move(root))
    , m_region(std::move(region))
    , m_accountId(std::move(accountId))
{
}

QString SandboxBuckets::objectPath(const QString &bucket, const QString &key) const
{
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
            return make(
                500, u"InternalFailure"_s,
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
        if (!isSafeKey(key))
            return invalidParameterValue(u"%1 is not a valid object key for the S3 bucket %2."_s.arg(key, bucket));
        if (key == QString(settingsFileName) || QFileInfo::exists(objectPath(bucket, key)) || pendingKeys.contains(key))
            return invalidParameterValue(
                u"The S3 bucket %1 already contains an object with key %2."_s.arg(bucket, key));
    }
    return std::nullopt;
}

bool SandboxBuckets::writeObjects(const QString &bucket, const QStringList &keys, const QString &snapshotName,
                                  QString *errorMessage) const
{
    for (int i = 0; i < keys.size(); ++i) {
        const QString path = objectPath(bucket, keys.at(i));
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
