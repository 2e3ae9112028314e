// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotentry.h"

#include "model/interning.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace {

const QString &emptyString()
{
    static const QString empty;
    return empty;
}

} // namespace

SnapshotEntry::SnapshotEntry() = default;

SnapshotEntry::SnapshotEntry(Snapshot snapshot, StringPool *pool)
    : m_kind(Kind::NodeBased)
{
    if (pool)
        internStrings(*pool, snapshot);
    m_sizeBytes = snapshot.totalSizeBytes();
    m_created = snapshot.createTime();
    m_status = statusFromString(snapshot.snapshotStatus);
    m_source = snapshot.isAutomatic() ? Source::Automatic : Source::Manual;
    int shards = -1;
    if (snapshot.numNodeGroups) {
        shards = *snapshot.numNodeGroups;
    } else if (!snapshot.nodeSnapshots.isEmpty()) {
        QSet<QString> groups;
        for (const NodeSnapshot &node : std::as_const(snapshot.nodeSnapshots))
            groups.insert(node.nodeGroupId);
        shards = int(groups.size());
    }
    m_shards = qint16(qBound(-1, shards, 32767));
    m_node = std::make_shared<const Snapshot>(std::move(snapshot));
}

SnapshotEntry::SnapshotEntry(ServerlessCacheSnapshot snapshot, StringPool *pool)
    : m_kind(Kind::Serverless)
{
    if (pool)
        internStrings(*pool, snapshot);
    bool ok = false;
    const qint64 bytes = snapshot.bytesUsedForCache.trimmed().toLongLong(&ok);
    m_sizeBytes = ok && bytes >= 0 ? bytes : -1;
    m_created = snapshot.createTime.toDateTime();
    m_status = statusFromString(snapshot.status);
    m_source = snapshot.snapshotType.compare(u"automatic", Qt::CaseInsensitive) == 0
            || snapshot.snapshotType.compare(u"automated", Qt::CaseInsensitive) == 0
        ? Source::Automatic
        : Source::Manual;
    m_serverless = std::make_shared<const ServerlessCacheSnapshot>(std::move(snapshot));
}

SnapshotEntry::Kind SnapshotEntry::kind() const
{
    return m_kind;
}

const QString &SnapshotEntry::name() const
{
    if (m_node)
        return m_node->snapshotName;
    if (m_serverless)
        return m_serverless->serverlessCacheSnapshotName;
    return emptyString();
}

SnapshotEntry::Status SnapshotEntry::status() const
{
    return m_status;
}

QString SnapshotEntry::statusText() const
{
    if (m_status != Status::Unknown)
        return statusName(m_status);
    if (m_node)
        return m_node->snapshotStatus;
    if (m_serverless)
        return m_serverless->status;
    return QString();
}

SnapshotEntry::Source SnapshotEntry::source() const
{
    return m_source;
}

bool SnapshotEntry::isAutomatic() const
{
    return m_source == Source::Automatic;
}

const QString &SnapshotEntry::replicationGroup() const
{
    return m_node ? m_node->replicationGroupId : emptyString();
}

const QString &SnapshotEntry::cluster() const
{
    return m_node ? m_node->cacheClusterId : emptyString();
}

const QString &SnapshotEntry::serverlessCache() const
{
    if (m_serverless && m_serverless->serverlessCacheConfiguration)
        return m_serverless->serverlessCacheConfiguration->serverlessCacheName;
    return emptyString();
}

const QString &SnapshotEntry::engine() const
{
    if (m_node)
        return m_node->engine;
    if (m_serverless && m_serverless->serverlessCacheConfiguration)
        return m_serverless->serverlessCacheConfiguration->engine;
    return emptyString();
}

const QString &SnapshotEntry::engineVersion() const
{
    if (m_node)
        return m_node->engineVersion;
    if (m_serverless && m_serverless->serverlessCacheConfiguration)
        return m_serverless->serverlessCacheConfiguration->majorEngineVersion;
    return emptyString();
}

QString SnapshotEntry::engineAndVersion() const
{
    const QString &version = engineVersion();
    if (version.isEmpty())
        return engine();
    return engine() % u' ' % version;
}

const QString &SnapshotEntry::nodeType() const
{
    return m_node ? m_node->cacheNodeType : emptyString();
}

int SnapshotEntry::shards() const
{
    return m_shards;
}

qint64 SnapshotEntry::sizeBytes() const
{
    return m_sizeBytes;
}

QDateTime SnapshotEntry::created() const
{
    return m_created;
}

const QString &SnapshotEntry::kmsKeyId() const
{
    if (m_node)
        return m_node->kmsKeyId;
    if (m_serverless)
        return m_serverless->kmsKeyId;
    return emptyString();
}

bool SnapshotEntry::isEncryptedWithKms() const
{
    return !kmsKeyId().isEmpty();
}

const QString &SnapshotEntry::arn() const
{
    if (m_node)
        return m_node->arn;
    if (m_serverless)
        return m_serverless->arn;
    return emptyString();
}

const QString &SnapshotEntry::vpcId() const
{
    return m_node ? m_node->vpcId : emptyString();
}

std::optional<int> SnapshotEntry::retentionLimitDays() const
{
    if (m_node)
        return m_node->snapshotRetentionLimit;
    return std::nullopt;
}

QDateTime SnapshotEntry::expiry() const
{
    if (m_serverless)
        return m_serverless->expiryTime.toDateTime();
    // Manual snapshots never expire; automatic ones go when the retention limit passes.
    if (m_node && isAutomatic() && m_node->snapshotRetentionLimit && *m_node->snapshotRetentionLimit > 0
        && m_created.isValid())
        return m_created.addDays(*m_node->snapshotRetentionLimit);
    return QDateTime();
}

const QString &SnapshotEntry::dataTiering() const
{
    return m_node ? m_node->dataTiering : emptyString();
}

bool SnapshotEntry::isSettled() const
{
    return m_status == Status::Available || m_status == Status::Unknown;
}

bool SnapshotEntry::isNull() const
{
    return !m_node && !m_serverless;
}

const Snapshot *SnapshotEntry::nodeSnapshot() const
{
    return m_node.get();
}

const ServerlessCacheSnapshot *SnapshotEntry::serverlessSnapshot() const
{
    return m_serverless.get();
}

bool SnapshotEntry::operator==(const SnapshotEntry &other) const
{
    if (m_kind != other.m_kind)
        return false;
    if (m_node)
        return other.m_node && (m_node == other.m_node || *m_node == *other.m_node);
    if (m_serverless)
        return other.m_serverless && (m_serverless == other.m_serverless || *m_serverless == *other.m_serverless);
    return other.isNull();
}

QString SnapshotEntry::statusName(Status status)
{
    switch (status) {
    case Status::Creating:
        return u"creating"_s;
    case Status::Available:
        return u"available"_s;
    case Status::Restoring:
        return u"restoring"_s;
    case Status::Copying:
        return u"copying"_s;
    case Status::Deleting:
        return u"deleting"_s;
    case Status::Unknown:
        break;
    }
    return u"unknown"_s;
}

SnapshotEntry::Status SnapshotEntry::statusFromString(QStringView text)
{
    for (Status status : {Status::Creating, Status::Available, Status::Restoring, Status::Copying, Status::Deleting}) {
        if (text.compare(statusName(status), Qt::CaseInsensitive) == 0)
            return status;
    }
    return Status::Unknown;
}

QString SnapshotEntry::kindName(Kind kind)
{
    return kind == Kind::Serverless ? u"serverless"_s : u"node-based"_s;
}

QString SnapshotEntry::sourceName(Source source)
{
    return source == Source::Automatic ? u"automatic"_s : u"manual"_s;
}
