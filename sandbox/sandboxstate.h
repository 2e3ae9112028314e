// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "sandboxbuckets.h"
#include "sandboxconfig.h"
#include "sandboxevents.h"
#include "sandboxpaging.h"
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
#include <set>

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

    // Restores into new caches (sandboxlifecycle.cpp): the new cache is "creating" for config().createSeconds, then
    // "available"; a snapshot restored from is "restoring" meanwhile.
    ApiResult<ReplicationGroup> createReplicationGroup(const CreateReplicationGroupRequest &request);
    ApiResult<CacheCluster> createCacheCluster(const CreateCacheClusterRequest &request);
    ApiResult<ServerlessCache> createServerlessCache(const CreateServerlessCacheRequest &request);
    // The backup settings (retention, window, snapshotting cluster, daily snapshot time) and the maintenance window;
    // they take effect at once, whatever ApplyImmediately says, as they do in the service.
    ApiResult<ReplicationGroup> modifyReplicationGroup(const ModifyReplicationGroupRequest &request);
    ApiResult<CacheCluster> modifyCacheCluster(const ModifyCacheClusterRequest &request);
    ApiResult<ServerlessCache> modifyServerlessCache(const ModifyServerlessCacheRequest &request);
    // Tags on every resource the sandbox has, by ARN.
    ApiResult<TagListMessage> listTagsForResource(const ListTagsForResourceRequest &request);
    ApiResult<TagListMessage> addTagsToResource(const AddTagsToResourceRequest &request);
    ApiResult<TagListMessage> removeTagsFromResource(const RemoveTagsFromResourceRequest &request);
    ApiResult<SandboxPage<CacheSubnetGroup>> describeCacheSubnetGroups(const DescribeCacheSubnetGroupsRequest &request,
                                                                       const QString &marker);
    ApiResult<SandboxPage<CacheParameterGroup>>
    describeCacheParameterGroups(const DescribeCacheParameterGroupsRequest &request, const QString &marker);
    ApiResult<SandboxPage<CacheEngineVersion>>
    describeCacheEngineVersions(const DescribeCacheEngineVersionsRequest &request, const QString &marker);

    // The account's S3 buckets (the S3 front and the exports share them) and the events DescribeEvents reports.
    SandboxBuckets &buckets();
    SandboxEvents &events();
    // Keeps its buckets in owner's store (S3's buckets are the account's, whichever region they are in): this state
    // then neither clears, seeds nor replaces them.
    void shareBucketsOf(SandboxState &owner);
    bool ownsBuckets() const;
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
    void addSubnetGroup(const CacheSubnetGroup &group);
    // databases > 1: the group's "databases" parameter lets data live in more than one database, so a snapshot of a
    // cache using it is a multi-database snapshot (which cannot be restored into cluster mode).
    void addParameterGroup(const CacheParameterGroup &group, int databases = 1);
    void setTags(const QString &arn, const QList<Tag> &tags);
    QList<Tag> tags(const QString &arn) const;
    std::optional<CacheCluster> cacheCluster(const QString &id) const;
    std::optional<ReplicationGroup> replicationGroup(const QString &id) const;
    std::optional<ServerlessCache> serverlessCache(const QString &name) const;
    // Changes a seeded source's settings in place (the seeder's backup settings).
    void updateCacheCluster(const CacheCluster &cluster);
    void updateReplicationGroup(const ReplicationGroup &group);
    void updateServerlessCache(const ServerlessCache &cache);
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
        // Restores (new caches): the cache becomes available; its snapshot, if any, is released from "restoring".
        ClusterCreated,
        GroupCreated,
        ServerlessCacheCreated,
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
        QString restoredFrom; // created caches: the node-based snapshot held "restoring" until then
    };
    struct ParameterGroupRecord
    {
        CacheParameterGroup group;
        int databases = 1;
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
    // The resource an ARN names, or the NotFound fault the service answers for it (InvalidARN when it is not one).
    std::optional<ApiError> checkTaggable(const QString &arn, bool forChange) const;
    // The member clusters of the replication group an ARN names (tags set on a group go to its members too).
    QStringList membersOf(const QString &resourceArn) const;
    // Where a restore's data comes from: a snapshot name or S3 object ARNs. Fills *source (the restored snapshot
    // for SnapshotName, a stand-in for S3 objects) and says whether the data came from several databases.
    std::optional<ApiError> restoreSource(const QString &snapshotName, const QStringList &snapshotArns,
                                          Snapshot *source, bool *multiDatabase) const;
    std::optional<ApiError> checkS3Objects(const QStringList &arns, const QString &parameter) const;
    bool isMultiDatabase(const Snapshot &snapshot) const;
    void finishCreate(const Transition &transition);
    // Reads the subnet groups, parameter groups and tags of a state file as strictly as the rest; the reason when it
    // cannot (sandboxpersistence.cpp).
    QString readCatalogAndTags(const QJsonObject &root);
    void releaseRestoring(const QString &snapshotName);
    // Records a snapshot (by its key in m_snapshots) under its cluster(s) and group, for DescribeSnapshots by source.
    void indexSnapshot(const QString &key, const Snapshot &snapshot);
    void indexServerlessSnapshot(const QString &key, const ServerlessCacheSnapshot &snapshot);

    SandboxConfig m_config;
    std::map<QString, Snapshot> m_snapshots;
    // "c:<cluster id>" (the snapshot's and its node snapshots') and "g:<group id>" → keys of m_snapshots,
    // "s:<serverless cache name>" → keys of m_serverlessSnapshots. A superset: entries of deleted or replaced snapshots
    // stay and are checked against the snapshots when used. Without it, a listing per source scans every snapshot
    // (100,000 per request; at 600,000 snapshots the sandbox spent two thirds of its time walking the serverless ones).
    std::map<QString, std::set<QString>> m_snapshotsBySource;
    std::map<QString, ServerlessCacheSnapshot> m_serverlessSnapshots;
    std::map<QString, ClusterRecord> m_clusters;
    std::map<QString, GroupRecord> m_groups;
    std::map<QString, ServerlessCacheRecord> m_serverlessCaches;
    std::map<QString, CacheSubnetGroup> m_subnetGroups;
    std::map<QString, ParameterGroupRecord> m_parameterGroups;
    std::map<QString, QList<Tag>> m_tags; // by ARN
    // Manual snapshot creations per source, for the per-day quota.
    QHash<QString, QList<QDateTime>> m_manualLog;
    std::multimap<qint64, Transition> m_transitions; // due time in ms since epoch
    std::shared_ptr<SandboxBuckets> m_buckets;
    bool m_ownsBuckets = true;
    SandboxEvents m_events;
    QTimer m_timer;
};
