// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "sandboxbuckets.h"
#include "sandboxconfig.h"
#include "sandboxevents.h"
#include "snapshot.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <map>
#include <memory>
#include <optional>

template<typename T> struct SandboxPage
{
    QList<T> items;
    QString marker; // empty on the last page
};

// The ElastiCache account the sandbox simulates: sources (clusters, replication groups, serverless caches), their
// snapshots, and the operations of the API with the service's rules and errors. Names are stored lowercase. Status
// changes happen in time: every operation that takes time schedules a transition, and one QTimer applies them when
// due (each call also applies whatever is due first, so answers never lag behind the clock).
class SandboxState final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SandboxState)

public:
    explicit SandboxState(SandboxConfig config, QObject *parent = nullptr);
    ~SandboxState() override;

    const SandboxConfig &config() const;
    void setConfig(const SandboxConfig &config);

    // The API, one call per operation. marker is the opaque paging token of the request (Marker or NextToken).
    ApiResult<SandboxPage<Snapshot>> describeSnapshots(const DescribeSnapshotsRequest &request, const QString &marker);
    ApiResult<Snapshot> createSnapshot(const CreateSnapshotRequest &request);
    ApiResult<Snapshot> copySnapshot(const CopySnapshotRequest &request);
    ApiResult<Snapshot> deleteSnapshot(const DeleteSnapshotRequest &request);
    ApiResult<SandboxPage<CacheCluster>> describeCacheClusters(const DescribeCacheClustersRequest &request,
                                                               const QString &marker);
    ApiResult<SandboxPage<ReplicationGroup>> describeReplicationGroups(const DescribeReplicationGroupsRequest &request,
                                                                       const QString &marker);
    ApiResult<SandboxPage<ServerlessCache>> describeServerlessCaches(const DescribeServerlessCachesRequest &request,
                                                                     const QString &marker);
    ApiResult<SandboxPage<ServerlessCacheSnapshot>>
    describeServerlessCacheSnapshots(const DescribeServerlessCacheSnapshotsRequest &request, const QString &marker);
    ApiResult<ServerlessCacheSnapshot>
    createServerlessCacheSnapshot(const CreateServerlessCacheSnapshotRequest &request);
    ApiResult<ServerlessCacheSnapshot> copyServerlessCacheSnapshot(const CopyServerlessCacheSnapshotRequest &request);
    ApiResult<ServerlessCacheSnapshot>
    deleteServerlessCacheSnapshot(const DeleteServerlessCacheSnapshotRequest &request);
    ApiResult<ServerlessCacheSnapshot>
    exportServerlessCacheSnapshot(const ExportServerlessCacheSnapshotRequest &request);
    ApiResult<SandboxEventPage> describeEvents(const SandboxEventQuery &query);

    // The account's S3 buckets (the S3 front and the exports share them) and the events DescribeEvents reports.
    SandboxBuckets &buckets();
    SandboxEvents &events();
    // A change made through buckets() (the S3 front): saved like any other.
    void notifyChanged();

    // Population, for the seeder, persistence and tests. A source's template is the snapshot its backups copy
    // (every member but name, status, source, times, ARN).
    void clear();
    void addCacheCluster(const CacheCluster &cluster, const Snapshot &snapshotTemplate);
    void addReplicationGroup(const ReplicationGroup &group, const Snapshot &snapshotTemplate);
    void addServerlessCache(const ServerlessCache &cache, qint64 bytesUsed);
    void addSnapshot(const Snapshot &snapshot);
    void addServerlessSnapshot(const ServerlessCacheSnapshot &snapshot);
    // Puts a seeded snapshot mid-operation: it reaches its next status after the given delay.
    void scheduleSeededTransition(const QString &snapshotName, bool serverless, double afterSeconds);

    int snapshotCount() const;
    int serverlessSnapshotCount() const;
    int cacheClusterCount() const;
    int replicationGroupCount() const;
    int serverlessCacheCount() const;
    std::optional<Snapshot> snapshot(const QString &name) const;
    std::optional<ServerlessCacheSnapshot> serverlessSnapshot(const QString &name) const;
    QDateTime nextTransition() const; // invalid when nothing is under way

    // Applies every transition that is due now.
    void advance();

    QJsonObject toJson() const;
    bool fromJson(const QJsonObject &json, QString *errorMessage);

Q_SIGNALS:
    // Something changed (an operation or a transition): a cue for saving and for views.
    void changed();

private:
    struct ClusterRecord
    {
        CacheCluster cluster;
        Snapshot snapshotTemplate;
    };
    struct GroupRecord
    {
        ReplicationGroup group;
        Snapshot snapshotTemplate;
    };
    struct ServerlessCacheRecord
    {
        ServerlessCache cache;
        qint64 bytesUsed = 0;
    };
    enum class TransitionKind {
        SnapshotAvailable,
        SnapshotGone,
        SnapshotSourceReleased, // a copy or export from it finished
        ServerlessAvailable,
        ServerlessGone,
        ServerlessSourceReleased,
        ClusterAvailable,
        GroupAvailable,
        ExportObject, // one object of an export is written (or the export fails there)
    };
    struct Transition
    {
        TransitionKind kind;
        QString name;
        QString bucket; // exports: the bucket the objects go to
        QStringList objectKeys; // exports: the objects written when done
        QString serverlessSource; // ExportObject: not empty when the export is of a serverless snapshot
        QString copiedFrom; // a copy's target becoming available: the snapshot it was copied from
        int objectIndex = -1; // ExportObject: which object of the export (0-based)
        QList<qint64> objectSizes; // exports: the size each object is given, in bytes
        int failAfter = -1; // exports: >= 0 fails the export after writing that many objects
    };
    static Transition transition(TransitionKind kind, const QString &name);

    // Why a transition read from a state file is not one the API could have scheduled; empty when it is.
    static QString transitionProblem(const Transition &transition);
    std::optional<ApiError> checkExportBucket(const QString &bucket, const QStringList &keys) const;
    std::optional<ApiError> checkManualQuota(const QString &source, bool serverless) const;
    void schedule(double seconds, Transition transition);
    void rearmTimer();
    void apply(const Transition &transition);
    // Schedules an accepted export: its objects one at a time over the export's duration, then the source released.
    void startExport(bool serverless, const QString &sourceName, const QString &bucket, const QStringList &keys,
                     const QList<qint64> &sizes);
    void writeExportObject(const Transition &transition);
    void finishExport(const Transition &transition);
    void failExport(const Transition &transition, const QString &reason);
    void recordSnapshotEvent(bool serverless, const QString &name, const QString &message);
    QString arn(const QString &resourceType, const QString &name) const;

    SandboxConfig m_config;
    std::map<QString, Snapshot> m_snapshots;
    std::map<QString, ServerlessCacheSnapshot> m_serverlessSnapshots;
    std::map<QString, ClusterRecord> m_clusters;
    std::map<QString, GroupRecord> m_groups;
    std::map<QString, ServerlessCacheRecord> m_serverlessCaches;
    // Manual snapshot creations per source, for the per-day quota.
    QHash<QString, QList<QDateTime>> m_manualLog;
    std::multimap<qint64, Transition> m_transitions; // due time in ms since epoch
    std::unique_ptr<SandboxBuckets> m_buckets;
    SandboxEvents m_events;
    QTimer m_timer;
};
