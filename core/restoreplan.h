// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/elasticache.h"
#include "snapshot.h"
#include "snapshotnames.h"

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

// What a restore into a new cache decides before anything is called (the app's Restore dialog; no widgets): the
// defaults taken from a snapshot or from exported .rdb objects, the service's rules with the reason for each
// refusal in plain words, and the Create… request that carries the choice out. The rules and their sources are in
// tests/data/snapshot-rules.md ("Restore into a new cache").
namespace RestorePlan {

// Where the data comes from.
enum class Origin { NodeSnapshot, ServerlessSnapshot, S3Objects };
// What is created: CreateReplicationGroup, CreateCacheCluster (one node), CreateServerlessCache.
enum class Target { ReplicationGroup, CacheCluster, ServerlessCache };
// Which input a problem is about, so it is shown next to it.
enum class Input {
    Target,
    Objects,
    Name,
    Description,
    Engine,
    EngineVersion,
    NodeType,
    ClusterMode,
    Shards,
    Replicas,
    Port,
    ParameterGroup,
    SubnetGroup,
    SecurityGroups,
};
// Whether the data uses databases other than 0. The API does not say; the operator may know, and a refusal of the
// service says so.
enum class Databases { Unknown, One, Several };

// What the new cache starts from.
struct Source
{
    Origin origin = Origin::NodeSnapshot;
    QString snapshotName; // node-based or serverless
    QString snapshotArn;
    QString status; // the snapshot's ("available", "creating", …); empty when not known
    QStringList objectArns; // S3Objects: arn:aws:s3:::bucket/key.rdb
    QString engine; // "redis", "valkey", "memcached" (serverless); empty for objects until chosen
    QString engineVersion; // node-based: the full version ("7.1.0"); serverless: the major version ("7")
    QString nodeType;
    int shards = 1;
    std::optional<int> replicas; // per shard, when the snapshot says (its shards' NodeGroupConfiguration)
    bool clusterMode = false; // taken from a cluster-mode-enabled replication group
    bool fromReplicationGroup = false; // node-based: of a replication group, not a standalone cluster
    bool dataTiering = false;
    std::optional<int> port;
    QString parameterGroup;
    QString subnetGroup;
    QString vpcId;
    Databases databases = Databases::Unknown;

    bool operator==(const Source &) const = default;
};

Source fromSnapshot(const Snapshot &snapshot);
Source fromServerlessSnapshot(const ServerlessCacheSnapshot &snapshot);
// Objects exported to S3 (or copied there from another region); the engine is the operator's to choose.
Source fromObjects(const QStringList &objectArns, const QString &engine = QString());

// The new cache as the operator sets it.
struct Choice
{
    Target target = Target::ReplicationGroup;
    QString name;
    QString description;
    QString engine;
    QString engineVersion; // empty: the service's default
    QString nodeType;
    bool clusterMode = false;
    int shards = 1;
    int replicas = 0;
    std::optional<int> port;
    QString parameterGroup; // empty: the engine's default group
    QString parameterGroupFamily; // of the picked group, when the account's listing said
    QString engineFamily; // of the engine version (DescribeCacheEngineVersions), when known
    QString subnetGroup; // empty: the default subnet group
    QStringList securityGroupIds;
    QStringList subnetIds; // serverless: the subnets of the picked subnet group

    bool operator==(const Choice &) const = default;
};

// The targets that can be created from a source, in the order offered.
QList<Target> targetsFor(Origin origin);
// Why a target cannot be created from this source (empty: it can).
QString targetRefusal(const Source &source, Target target);
// The new cache as the snapshot was (engine and version, node type, shards, replicas, cluster mode, port, groups),
// with a new name that is not in existingNames.
Choice defaults(const Source &source, Target target, const QSet<QString> &existingNames = {});
// The target a source opens with: a standalone cluster's snapshot restores into a cluster, others into a
// replication group, a serverless snapshot into a serverless cache.
Target defaultTarget(const Source &source);

struct Issue
{
    Input field = Input::Name;
    QString text;
    bool refusal = true; // false: a note (the service decides; the operator should know)

    bool operator==(const Issue &) const = default;
};

// Every rule the choice breaks (refusals) or comes close to (notes), each once, in the fields' order.
// existingNames: the caches of the target's kind that exist already (lowercase).
QList<Issue> check(const Source &source, const Choice &choice, const QSet<QString> &existingNames = {});
bool allows(const QList<Issue> &issues); // no refusal among them

// Why cluster mode cannot be turned off (a snapshot of a cluster-mode-enabled group), or on; empty when it can.
QString clusterModeRefusal(const Source &source, const Choice &choice, bool enable);

// The service's name rules (stored in lowercase).
SnapshotNames::Verdict checkReplicationGroupId(const QString &id); // 1-40, letter first, letters, digits, hyphens
SnapshotNames::Verdict checkCacheClusterId(const QString &id); // 1-50, the same characters
SnapshotNames::Verdict checkServerlessCacheName(const QString &name); // 1-40, the same characters
SnapshotNames::Verdict checkName(Target target, const QString &name);
int maxNameLength(Target target);

// arn:aws:s3:::bucket/key.rdb (also aws-cn, aws-us-gov): a bucket name S3 allows, a key without commas that ends
// in .rdb.
SnapshotNames::Verdict checkObjectArn(const QString &arn);
QString objectArn(const QString &bucket, const QString &key, const QString &partition = QStringLiteral("aws"));
// The bucket and key of a well-formed object ARN (empty when it is not one).
std::pair<QString, QString> bucketAndKey(const QString &arn);

// cache.r6gd.*: the node types with data tiering.
bool isDataTieringNodeType(const QString &nodeType);
// The engine as people write it: "Redis OSS", "Valkey", "Memcached" (an unknown one as given).
QString engineName(const QString &engine);
// Compares dotted versions numerically ("7.1.0" < "7.10"); missing parts count as 0.
int compareVersions(const QString &a, const QString &b);
// The parameter group family of an engine version when the account's listing does not say ("redis7", "redis6.x",
// "redis5.0", "valkey8", "memcached1.6").
QString parameterGroupFamily(const QString &engine, const QString &version);
// The engine's default parameter group: default.<family>, or default.<family>.cluster.on for cluster mode.
QString defaultParameterGroup(const QString &family, bool clusterMode);
// Whether a parameter group's name says it is for cluster mode (the default groups' ".cluster.on"); nullopt for
// custom groups, whose cluster-enabled parameter only DescribeCacheParameters tells.
std::optional<bool> parameterGroupClusterMode(const QString &name);
// The same, also knowing that the snapshot's own group has the cluster mode of the cache it was taken of.
std::optional<bool> groupClusterMode(const Source &source, const QString &name);
// The hash slots of each of shards shards, split evenly (three: "0-5460", "5461-10921", "10922-16383").
QStringList slotRanges(int shards);

// Known node types for the picker (current generation first); other names may be typed.
QStringList knownNodeTypes();

// What "restored from" records for the new cache: the snapshot's name, or the objects' ARNs.
QString restoredFrom(const Source &source);

// The requests. The choice must pass check(); fields that do not apply to the target are left out.
CreateReplicationGroupRequest replicationGroupRequest(const Source &source, const Choice &choice);
CreateCacheClusterRequest cacheClusterRequest(const Source &source, const Choice &choice);
CreateServerlessCacheRequest serverlessCacheRequest(const Source &source, const Choice &choice);

} // namespace RestorePlan
