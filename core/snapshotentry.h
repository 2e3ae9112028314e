// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/interning.h"
#include "snapshot.h"
#include "stringpool.h"

#include <QAnyStringView>
#include <QDateTime>
#include <QString>

#include <memory>
#include <optional>

// One row of the snapshot list: a node-based Snapshot or a ServerlessCacheSnapshot behind one interface.
// A listing keeps a million of these, so an entry is compact: the values that filtering and sorting touch on
// every row are computed once, the shown strings are SharedStrings ids, the ARN is kept as its prefix when it
// ends with the name (as every ARN the service sends does), and the whole value is packed (core/model/packing.h)
// and read back when it is asked for (the details pane, an action, the CLI's JSON). Copies share one body.
class SnapshotEntry
{
public:
    enum class Kind : quint8 { NodeBased, Serverless };
    enum class Status : quint8 { Unknown, Creating, Available, Restoring, Copying, Deleting };
    enum class Source : quint8 { Automatic, Manual };

    SnapshotEntry();
    SnapshotEntry(const SnapshotEntry &other) noexcept;
    SnapshotEntry(SnapshotEntry &&other) noexcept;
    SnapshotEntry &operator=(const SnapshotEntry &other) noexcept;
    SnapshotEntry &operator=(SnapshotEntry &&other) noexcept;
    ~SnapshotEntry();
    void swap(SnapshotEntry &other) noexcept;
    // With a pool, the snapshot's repeated strings are shared with earlier snapshots'.
    explicit SnapshotEntry(Snapshot snapshot, StringPool *pool = nullptr);
    explicit SnapshotEntry(ServerlessCacheSnapshot snapshot, StringPool *pool = nullptr);
    // A page's rows, in its order.
    static QList<SnapshotEntry> fromPage(QList<Snapshot> page);
    static QList<SnapshotEntry> fromPage(QList<ServerlessCacheSnapshot> page);

    Kind kind() const;
    QString name() const;
    QAnyStringView nameView() const; // without a copy: valid while the entry (or a copy of it) lives
    Status status() const;
    QString statusText() const; // as the service says it ("available"), for unknown statuses too
    Source source() const;
    bool isAutomatic() const;
    const QString &replicationGroup() const;
    const QString &cluster() const; // CacheClusterId (empty for cluster-mode groups and serverless)
    const QString &serverlessCache() const; // empty for node-based snapshots
    const QString &engine() const;
    const QString &engineVersion() const;
    QString engineAndVersion() const;
    const QString &nodeType() const;
    int shards() const; // -1 when unknown or not applicable
    qint64 sizeBytes() const; // -1 when unknown
    QDateTime created() const;
    const QString &kmsKeyId() const;
    bool isEncryptedWithKms() const;
    QString arn() const;
    // The ARN without the name it ends with (shared by every snapshot of an account, region and kind); empty when
    // the ARN does not end with the name.
    const QString &arnPrefix() const;
    // Node-based snapshots of a whole replication group name their member clusters only in the node snapshots.
    bool hasMemberCluster(QStringView cacheClusterId) const; // case-insensitive
    const QString &vpcId() const;
    std::optional<int> retentionLimitDays() const;
    // Serverless: ExpiryTime. Automatic node-based snapshots: creation plus the retention limit.
    QDateTime expiry() const;
    const QString &dataTiering() const;
    bool isSettled() const; // available, or an unknown status the app cannot wait for

    bool isNull() const;
    // The whole value as it was given, read back (null for the other kind).
    std::shared_ptr<const Snapshot> nodeSnapshot() const;
    std::shared_ptr<const ServerlessCacheSnapshot> serverlessSnapshot() const;

    bool operator==(const SnapshotEntry &other) const;

    static QString statusName(Status status);
    static Status statusFromString(QStringView text);
    static QString kindName(Kind kind);
    static QString sourceName(Source source);

private:
    struct Body;
    const QString &string(int slot) const;

    const Body *m_body = nullptr; // shared by copies, counted (one allocation with the packed value)
    qint64 m_sizeBytes = -1;
    QDateTime m_created;
    qint16 m_shards = -1;
    Kind m_kind = Kind::NodeBased;
    Status m_status = Status::Unknown;
    Source m_source = Source::Manual;
};

Q_DECLARE_METATYPE(SnapshotEntry::Kind)
Q_DECLARE_METATYPE(SnapshotEntry::Status)
Q_DECLARE_METATYPE(SnapshotEntry::Source)
