// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "lifecyclecommands.h"

#include "elasticacheclient.h"
#include "model/jsonwriter.h"
#include "requestoptions.h"
#include "tableformatter.h"

#include <QHash>
#include <QObject>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

QCommandLineOption valueOption(const QString &name, const QString &description, const QString &valueName)
{
    return QCommandLineOption(name, description, valueName);
}

QCommandLineOption flagOption(const QString &name, const QString &description)
{
    return QCommandLineOption(name, description);
}

// The options every restore command shares, by member name, so their texts stay the same.
QCommandLineOption tagsOption(const QString &what)
{
    return valueOption(u"tags"_s,
                       u"Tags for %1, one or more: Key=owner,Value=ops Key=keep,Value=true (the AWS CLI's shorthand) "
                       "or JSON, '[{\"Key\":\"owner\",\"Value\":\"ops\"}]'."_s.arg(what),
                       u"TAGS"_s);
}

QCommandLineOption securityGroupsOption()
{
    return valueOption(u"security-group-ids"_s, u"The VPC security groups, one or more IDs (sg-…)."_s, u"IDS"_s);
}

QCommandLineOption retentionOption()
{
    return valueOption(u"snapshot-retention-limit"_s,
                       u"Days an automatic snapshot is kept; 0 turns automatic backups off."_s, u"DAYS"_s);
}

QCommandLineOption windowOption()
{
    return valueOption(u"snapshot-window"_s,
                       u"The daily time range (UTC) in which automatic backups start, hh24:mi-hh24:mi, "
                       "for example 05:00-06:00."_s,
                       u"RANGE"_s);
}

QCommandLineOption maintenanceOption()
{
    return valueOption(u"preferred-maintenance-window"_s,
                       u"The weekly maintenance window (UTC), ddd:hh24:mi-ddd:hh24:mi, for example "
                       "sun:23:00-mon:01:30."_s,
                       u"RANGE"_s);
}

QCommandLineOption pageSizeOption(const QString &what)
{
    return valueOption(u"page-size"_s, u"%1 per request, 20 to 100 (default 100)."_s.arg(what), u"N"_s);
}

void addRestoreSpecs(QList<CommandSpec> &list)
{
    {
        CommandSpec c;
        c.name = u"create-replication-group"_s;
        c.operations = u"CreateReplicationGroup"_s;
        c.summary = u"Create a replication group; restore a snapshot into a new one."_s;
        c.description
            = u"Creates a Valkey or Redis OSS replication group, \"creating\" at first and \"available\" when done "
              "(see describe-replication-groups). To restore: --snapshot-name (a node-based snapshot of this region, "
              "whose status is \"restoring\" meanwhile), --snapshot-arns (the .rdb objects of an export in S3, "
              "perhaps copied there from another region) or --serverless-cache-snapshot-name. The service checks "
              "the combination (a cluster-mode-disabled snapshot may go into cluster mode, not the other way round; "
              "data tiering needs a data-tiering node type) and names what it refuses."_s;
        c.options = {
            valueOption(u"replication-group-id"_s, u"The new group's name (stored in lowercase)."_s, u"ID"_s),
            valueOption(u"replication-group-description"_s, u"A description of the group."_s, u"TEXT"_s),
            valueOption(u"snapshot-name"_s, u"Restore this node-based snapshot."_s, u"NAME"_s),
            valueOption(u"snapshot-arns"_s,
                        u"Restore these .rdb objects in S3, one or more ARNs (arn:aws:s3:::bucket/key.rdb)."_s,
                        u"ARNS"_s),
            valueOption(u"serverless-cache-snapshot-name"_s, u"Restore this serverless cache snapshot."_s, u"NAME"_s),
            valueOption(u"cache-node-type"_s, u"The node type (cache.r7g.large, …)."_s, u"TYPE"_s),
            valueOption(u"engine"_s, u"valkey or redis."_s, u"ENGINE"_s),
            valueOption(u"engine-version"_s, u"The engine version."_s, u"VERSION"_s),
            valueOption(u"cluster-mode"_s, u"enabled, disabled or compatible."_s, u"MODE"_s),
            valueOption(u"num-node-groups"_s, u"The number of shards (cluster mode)."_s, u"N"_s),
            valueOption(u"replicas-per-node-group"_s, u"Replicas in each shard."_s, u"N"_s),
            valueOption(u"num-cache-clusters"_s, u"Clusters of a group with one shard (primary and replicas)."_s,
                        u"N"_s),
            valueOption(u"node-group-configuration"_s,
                        u"Each shard's configuration, one or more: NodeGroupId=0001,Slots=0-8191,ReplicaCount=1 or "
                        "JSON."_s,
                        u"SHARDS"_s),
            valueOption(u"preferred-cache-cluster-azs"_s, u"Availability zones of the clusters, one or more."_s,
                        u"ZONES"_s),
            valueOption(u"primary-cluster-id"_s, u"Make the group from this existing cluster as its primary."_s,
                        u"ID"_s),
            valueOption(u"cache-parameter-group-name"_s, u"The parameter group (default: the engine's)."_s, u"NAME"_s),
            valueOption(u"cache-subnet-group-name"_s, u"The subnet group, which places the group in a VPC."_s,
                        u"NAME"_s),
            securityGroupsOption(),
            valueOption(u"port"_s, u"The port the nodes accept connections on."_s, u"PORT"_s),
            flagOption(u"automatic-failover-enabled"_s, u"Turn automatic failover on."_s),
            flagOption(u"no-automatic-failover-enabled"_s, u"Turn automatic failover off."_s),
            flagOption(u"multi-az-enabled"_s, u"Turn Multi-AZ on."_s),
            flagOption(u"no-multi-az-enabled"_s, u"Turn Multi-AZ off."_s),
            flagOption(u"transit-encryption-enabled"_s, u"Encrypt connections (TLS)."_s),
            flagOption(u"no-transit-encryption-enabled"_s, u"Do not encrypt connections."_s),
            flagOption(u"at-rest-encryption-enabled"_s, u"Encrypt data on disk."_s),
            flagOption(u"no-at-rest-encryption-enabled"_s, u"Do not encrypt data on disk."_s),
            valueOption(u"kms-key-id"_s, u"Encrypt at rest with this KMS key."_s, u"KEY"_s),
            flagOption(u"data-tiering-enabled"_s, u"Use data tiering (r6gd node types)."_s),
            flagOption(u"no-data-tiering-enabled"_s, u"Do not use data tiering."_s),
            retentionOption(),
            windowOption(),
            maintenanceOption(),
            tagsOption(u"the group"_s),
        };
        c.required = {u"replication-group-id"_s, u"replication-group-description"_s};
        c.examples = {u"cachesnap-cli create-replication-group --replication-group-id restored "
                      "--replication-group-description \"restored from nightly\" --snapshot-name nightly "
                      "--cache-subnet-group-name private --security-group-ids sg-0123 --tags Key=owner,Value=ops"_s,
                      u"cachesnap-cli create-replication-group --replication-group-id moved "
                      "--replication-group-description \"from S3\" --engine valkey --cache-node-type cache.r7g.large "
                      "--snapshot-arns arn:aws:s3:::my-backups/nightly-0001.rdb"_s};
        RequestOptions::bind<CreateReplicationGroupRequest>(c);
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"create-cache-cluster"_s;
        c.operations = u"CreateCacheCluster"_s;
        c.summary = u"Create a single-node cluster; restore a snapshot into it."_s;
        c.description = u"Creates a cache cluster, \"creating\" at first and \"available\" when done (see "
                        "describe-cache-clusters). To restore a single-shard snapshot into one Valkey or Redis OSS "
                        "node: --snapshot-name, or --snapshot-arns for the .rdb object of an export in S3."_s;
        c.options = {
            valueOption(u"cache-cluster-id"_s, u"The new cluster's name (stored in lowercase)."_s, u"ID"_s),
            valueOption(u"snapshot-name"_s, u"Restore this node-based snapshot."_s, u"NAME"_s),
            valueOption(u"snapshot-arns"_s, u"Restore this .rdb object in S3 (its ARN)."_s, u"ARNS"_s),
            valueOption(u"cache-node-type"_s, u"The node type."_s, u"TYPE"_s),
            valueOption(u"engine"_s, u"valkey, redis or memcached."_s, u"ENGINE"_s),
            valueOption(u"engine-version"_s, u"The engine version."_s, u"VERSION"_s),
            valueOption(u"num-cache-nodes"_s, u"The number of nodes (1 for Valkey and Redis OSS)."_s, u"N"_s),
            valueOption(u"preferred-availability-zone"_s, u"The availability zone of the node."_s, u"ZONE"_s),
            valueOption(u"cache-parameter-group-name"_s, u"The parameter group (default: the engine's)."_s, u"NAME"_s),
            valueOption(u"cache-subnet-group-name"_s, u"The subnet group, which places the cluster in a VPC."_s,
                        u"NAME"_s),
            securityGroupsOption(),
            valueOption(u"port"_s, u"The port the node accepts connections on."_s, u"PORT"_s),
            flagOption(u"transit-encryption-enabled"_s, u"Encrypt connections (TLS)."_s),
            flagOption(u"no-transit-encryption-enabled"_s, u"Do not encrypt connections."_s),
            retentionOption(),
            windowOption(),
            maintenanceOption(),
            tagsOption(u"the cluster"_s),
        };
        c.required = {u"cache-cluster-id"_s};
        c.examples = {u"cachesnap-cli create-cache-cluster --cache-cluster-id restored-1 --snapshot-name nightly "
                      "--cache-node-type cache.t4g.small"_s};
        RequestOptions::bind<CreateCacheClusterRequest>(c);
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"create-serverless-cache"_s;
        c.operations = u"CreateServerlessCache"_s;
        c.summary = u"Create a serverless cache; restore snapshots into it."_s;
        c.description = u"Creates a serverless cache, \"creating\" at first and \"available\" when done (see "
                        "describe-serverless-caches). To restore: --snapshot-arns-to-restore with the ARN of a "
                        "serverless cache snapshot (arn:aws:elasticache:…:serverlesscachesnapshot:NAME) or of .rdb "
                        "objects in S3."_s;
        c.options = {
            valueOption(u"serverless-cache-name"_s, u"The new cache's name (stored in lowercase)."_s, u"NAME"_s),
            valueOption(u"engine"_s, u"valkey, redis or memcached."_s, u"ENGINE"_s),
            valueOption(u"major-engine-version"_s, u"The engine's major version (8, 7, …)."_s, u"VERSION"_s),
            valueOption(u"description"_s, u"A description of the cache."_s, u"TEXT"_s),
            valueOption(u"snapshot-arns-to-restore"_s, u"Restore these snapshots, one or more ARNs."_s, u"ARNS"_s),
            valueOption(u"subnet-ids"_s, u"The VPC subnets, one or more IDs (subnet-…)."_s, u"IDS"_s),
            securityGroupsOption(),
            valueOption(u"cache-usage-limits"_s,
                        u"The cache's limits: DataStorage={Maximum=10,Unit=GB},ECPUPerSecond={Maximum=5000} or "
                        "JSON."_s,
                        u"LIMITS"_s),
            valueOption(u"kms-key-id"_s, u"Encrypt the data with this KMS key."_s, u"KEY"_s),
            retentionOption(),
            valueOption(u"daily-snapshot-time"_s, u"When the daily automatic snapshot starts (UTC), HH:MM."_s,
                        u"TIME"_s),
            tagsOption(u"the cache"_s),
        };
        c.required = {u"serverless-cache-name"_s, u"engine"_s};
        c.examples = {u"cachesnap-cli create-serverless-cache --serverless-cache-name restored --engine valkey "
                      "--snapshot-arns-to-restore arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:"
                      "daily"_s};
        RequestOptions::bind<CreateServerlessCacheRequest>(c);
        list.append(c);
    }
}

void addBackupSettingsSpecs(QList<CommandSpec> &list)
{
    const QCommandLineOption applyNow
        = flagOption(u"apply-immediately"_s, u"Apply the changes now rather than in the next maintenance window."_s);
    const QCommandLineOption applyLater
        = flagOption(u"no-apply-immediately"_s, u"Leave the changes for the next maintenance window."_s);
    {
        CommandSpec c;
        c.name = u"modify-replication-group"_s;
        c.operations = u"ModifyReplicationGroup"_s;
        c.summary = u"Change a replication group's settings (automatic backups, …)."_s;
        c.description = u"Changes the settings of a replication group, among them its automatic backups: "
                        "--snapshot-retention-limit (0 turns them off), --snapshot-window and, where cluster mode is "
                        "disabled, the cluster they are taken from (--snapshotting-cluster-id). The service checks "
                        "the values (a window of at least 60 minutes that does not overlap the maintenance window) "
                        "and names what it refuses."_s;
        c.options = {
            valueOption(u"replication-group-id"_s, u"The replication group to change."_s, u"ID"_s),
            retentionOption(),
            windowOption(),
            valueOption(u"snapshotting-cluster-id"_s,
                        u"The member cluster automatic backups are taken from (cluster mode disabled only)."_s,
                        u"ID"_s),
            maintenanceOption(),
            valueOption(u"replication-group-description"_s, u"A new description."_s, u"TEXT"_s),
            valueOption(u"cache-parameter-group-name"_s, u"Another parameter group."_s, u"NAME"_s),
            securityGroupsOption(),
            flagOption(u"automatic-failover-enabled"_s, u"Turn automatic failover on."_s),
            flagOption(u"no-automatic-failover-enabled"_s, u"Turn automatic failover off."_s),
            flagOption(u"multi-az-enabled"_s, u"Turn Multi-AZ on."_s),
            flagOption(u"no-multi-az-enabled"_s, u"Turn Multi-AZ off."_s),
            applyNow,
            applyLater,
        };
        c.required = {u"replication-group-id"_s};
        c.examples = {u"cachesnap-cli modify-replication-group --replication-group-id my-redis-rg "
                      "--snapshot-retention-limit 7 --snapshot-window 03:00-04:00 --apply-immediately"_s};
        RequestOptions::bind<ModifyReplicationGroupRequest>(c);
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"modify-cache-cluster"_s;
        c.operations = u"ModifyCacheCluster"_s;
        c.summary = u"Change a cache cluster's settings (automatic backups, …)."_s;
        c.description = u"Changes the settings of a cache cluster, among them its automatic backups "
                        "(--snapshot-retention-limit, 0 turns them off, and --snapshot-window). A cluster that "
                        "belongs to a replication group is changed through modify-replication-group."_s;
        c.options = {
            valueOption(u"cache-cluster-id"_s, u"The cluster to change."_s, u"ID"_s),
            retentionOption(),
            windowOption(),
            maintenanceOption(),
            valueOption(u"cache-parameter-group-name"_s, u"Another parameter group."_s, u"NAME"_s),
            securityGroupsOption(),
            applyNow,
            applyLater,
        };
        c.required = {u"cache-cluster-id"_s};
        c.examples
            = {u"cachesnap-cli modify-cache-cluster --cache-cluster-id my-cluster --snapshot-retention-limit 0"_s};
        RequestOptions::bind<ModifyCacheClusterRequest>(c);
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"modify-serverless-cache"_s;
        c.operations = u"ModifyServerlessCache"_s;
        c.summary = u"Change a serverless cache's settings (automatic backups, …)."_s;
        c.description = u"Changes the settings of a serverless cache, among them its automatic backups: "
                        "--snapshot-retention-limit (0 turns them off) and --daily-snapshot-time. Changes apply at "
                        "once."_s;
        c.options = {
            valueOption(u"serverless-cache-name"_s, u"The serverless cache to change."_s, u"NAME"_s),
            retentionOption(),
            valueOption(u"daily-snapshot-time"_s, u"When the daily automatic snapshot starts (UTC), HH:MM."_s,
                        u"TIME"_s),
            valueOption(u"description"_s, u"A new description."_s, u"TEXT"_s),
            securityGroupsOption(),
            valueOption(u"cache-usage-limits"_s,
                        u"New limits: DataStorage={Maximum=10,Unit=GB},ECPUPerSecond={Maximum=5000} or JSON."_s,
                        u"LIMITS"_s),
        };
        c.required = {u"serverless-cache-name"_s};
        c.examples = {u"cachesnap-cli modify-serverless-cache --serverless-cache-name my-cache "
                      "--snapshot-retention-limit 7 --daily-snapshot-time 03:00"_s};
        RequestOptions::bind<ModifyServerlessCacheRequest>(c);
        list.append(c);
    }
}

void addTagSpecs(QList<CommandSpec> &list)
{
    const QCommandLineOption resource = valueOption(
        u"resource-name"_s,
        u"The resource's ARN: arn:aws:elasticache:REGION:ACCOUNT:snapshot:NAME (or cluster:, replicationgroup:, "
        "serverlesscache:, serverlesscachesnapshot:, …)."_s,
        u"ARN"_s);
    {
        CommandSpec c;
        c.name = u"list-tags-for-resource"_s;
        c.operations = u"ListTagsForResource"_s;
        c.summary = u"List the tags of a snapshot, cache or other resource."_s;
        c.description = u"Lists the tags (key and value) of an ElastiCache resource, named by its ARN (the ARN "
                        "member of describe-snapshots, describe-replication-groups, …)."_s;
        c.options = {resource};
        c.required = {u"resource-name"_s};
        c.examples = {u"cachesnap-cli list-tags-for-resource --resource-name "
                      "arn:aws:elasticache:us-east-1:123456789012:snapshot:nightly"_s};
        RequestOptions::bind<ListTagsForResourceRequest>(c);
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"add-tags-to-resource"_s;
        c.operations = u"AddTagsToResource"_s;
        c.summary = u"Add or change tags of a resource."_s;
        c.description = u"Adds tags to an ElastiCache resource named by its ARN; a tag whose key is already there "
                        "gets the new value. Prints the resource's tags afterwards. The service's limits apply (50 "
                        "tags a resource; keys of 1 to 128 characters, values of up to 256; no \"aws:\" keys)."_s;
        c.options = {resource, tagsOption(u"the resource"_s)};
        c.required = {u"resource-name"_s, u"tags"_s};
        c.examples = {u"cachesnap-cli add-tags-to-resource --resource-name ARN --tags Key=owner,Value=ops "
                      "Key=keep,Value=true"_s};
        RequestOptions::bind<AddTagsToResourceRequest>(c);
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"remove-tags-from-resource"_s;
        c.operations = u"RemoveTagsFromResource"_s;
        c.summary = u"Remove tags from a resource."_s;
        c.description = u"Removes the tags with the given keys from an ElastiCache resource named by its ARN. "
                        "Prints the resource's tags afterwards."_s;
        c.options
            = {resource, valueOption(u"tag-keys"_s, u"The keys of the tags to remove, one or more."_s, u"KEYS"_s)};
        c.required = {u"resource-name"_s, u"tag-keys"_s};
        c.examples = {u"cachesnap-cli remove-tags-from-resource --resource-name ARN --tag-keys keep owner"_s};
        RequestOptions::bind<RemoveTagsFromResourceRequest>(c);
        list.append(c);
    }
}

void addAccountSpecs(QList<CommandSpec> &list)
{
    {
        CommandSpec c;
        c.name = u"describe-cache-subnet-groups"_s;
        c.operations = u"DescribeCacheSubnetGroups"_s;
        c.summary = u"List the subnet groups a cache can be placed in (all pages)."_s;
        c.description = u"Lists the account's cache subnet groups (each a VPC and some of its subnets), following "
                        "every page (Marker)."_s;
        c.options = {
            valueOption(u"cache-subnet-group-name"_s, u"Only this subnet group."_s, u"NAME"_s),
            pageSizeOption(u"Subnet groups"_s),
        };
        c.ranges.insert(u"page-size"_s, {20, 100});
        RequestOptions::bind<DescribeCacheSubnetGroupsRequest>(c, {u"page-size"_s});
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"describe-cache-parameter-groups"_s;
        c.operations = u"DescribeCacheParameterGroups"_s;
        c.summary = u"List the cache parameter groups (all pages)."_s;
        c.description = u"Lists the account's cache parameter groups, the engines' default ones and your own, "
                        "following every page (Marker)."_s;
        c.options = {
            valueOption(u"cache-parameter-group-name"_s, u"Only this parameter group."_s, u"NAME"_s),
            pageSizeOption(u"Parameter groups"_s),
        };
        c.ranges.insert(u"page-size"_s, {20, 100});
        RequestOptions::bind<DescribeCacheParameterGroupsRequest>(c, {u"page-size"_s});
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"describe-cache-engine-versions"_s;
        c.operations = u"DescribeCacheEngineVersions"_s;
        c.summary = u"List the engine versions a cache can run (all pages)."_s;
        c.description = u"Lists the engines and versions the service offers, with each one's parameter group "
                        "family, following every page (Marker)."_s;
        c.options = {
            valueOption(u"engine"_s, u"Only this engine (valkey, redis, memcached)."_s, u"ENGINE"_s),
            valueOption(u"engine-version"_s, u"Only this version."_s, u"VERSION"_s),
            valueOption(u"cache-parameter-group-family"_s, u"Only versions of this family (redis7, …)."_s, u"FAMILY"_s),
            flagOption(u"default-only"_s, u"Only each engine's default version."_s),
            flagOption(u"no-default-only"_s, u"Every version (the default)."_s),
            pageSizeOption(u"Versions"_s),
        };
        c.ranges.insert(u"page-size"_s, {20, 100});
        RequestOptions::bind<DescribeCacheEngineVersionsRequest>(c, {u"page-size"_s});
        list.append(c);
    }
}

// ---- running ---------------------------------------------------------------------------------------------------

using Done = std::function<void(const LifecycleCommands::Outcome &)>;

template<ModelShape S> QByteArray awsCliJson(const S &result)
{
    AwsCliJsonWriter writer;
    writer.object(result);
    return writer.take();
}

template<typename Op> using Method = ElastiCacheCall<Op> *(ElastiCacheClient::*)(const typename Op::Request &);

// One call: the request from the options (and adjust, for what is not a member), the result printed whole.
template<typename Op>
void call(ElastiCacheClient *client, const ParsedCommandLine &command, QObject *context, Done done, Method<Op> method,
          std::function<QString(const typename Op::Result &)> table,
          std::function<void(typename Op::Request &)> adjust = {})
{
    typename Op::Request request;
    if (const std::optional<QString> error = RequestOptions::fill(command, request)) {
        QTimer::singleShot(0, context, [done, text = *error] {
            LifecycleCommands::Outcome outcome;
            outcome.usageError = text;
            done(outcome);
        });
        return;
    }
    if (adjust)
        adjust(request);
    const bool json = command.global.output == OutputFormat::Json;
    (client->*method)(request)->onFinished(context, [done, table, json](const ApiResult<typename Op::Result> &r) {
        LifecycleCommands::Outcome outcome;
        outcome.operation = QString(Op::name);
        if (!r) {
            outcome.error = r.error();
            return done(outcome);
        }
        typename Op::Result result = r.value();
        // The AWS CLI prints a paginated list whole, even when empty.
        if constexpr (ElastiCachePaging<Op>::paged)
            (result.*ElastiCachePaging<Op>::items).setPresent();
        outcome.out = json ? awsCliJson(result) : table(result).toUtf8();
        done(outcome);
    });
}

template<typename Request> std::function<void(Request &)> withPageSize(const ParsedCommandLine &command)
{
    if (!command.isSet(u"page-size"_s))
        return {};
    const int size = command.value(u"page-size"_s).toInt();
    return [size](Request &request) {
        request.maxRecords = size;
    };
}

template<typename T> QList<T> listOf(const std::optional<T> &value)
{
    return value ? QList<T> {*value} : QList<T> {};
}

QString creating(const QString &kind, const QString &name, const QString &command, const QString &option)
{
    return u"%1 %2 is being created; \"cachesnap-cli %3 %4 %2\" shows when it is available.\n"_s.arg(
        kind, TableFormatter::cell(name), command, option);
}

const QHash<QString, std::function<void(ElastiCacheClient *, const ParsedCommandLine &, QObject *, Done)>> &runners()
{
    using namespace ElastiCacheOperation;
    using Runner = std::function<void(ElastiCacheClient *, const ParsedCommandLine &, QObject *, Done)>;
    static const QHash<QString, Runner> table = {
        {u"create-replication-group"_s,
         [](ElastiCacheClient *client, const ParsedCommandLine &command, QObject *context, Done done) {
             call<CreateReplicationGroup>(client, command, context, done, &ElastiCacheClient::createReplicationGroup,
                                          [](const CreateReplicationGroupResult &r) {
                                              const QList<ReplicationGroup> groups = listOf(r.replicationGroup);
                                              QString text = TableFormatter::replicationGroups(groups);
                                              if (!groups.isEmpty())
                                                  text += creating(
                                                      u"Replication group"_s, groups.constFirst().replicationGroupId,
                                                      u"describe-replication-groups"_s, u"--replication-group-id"_s);
                                              return text;
                                          });
         }},
        {u"create-cache-cluster"_s,
         [](ElastiCacheClient *client, const ParsedCommandLine &command, QObject *context, Done done) {
             call<CreateCacheCluster>(client, command, context, done, &ElastiCacheClient::createCacheCluster,
                                      [](const CreateCacheClusterResult &r) {
                                          const QList<CacheCluster> clusters = listOf(r.cacheCluster);
                                          QString text = TableFormatter::cacheClusters(clusters);
                                          if (!clusters.isEmpty())
                                              text += creating(u"Cache cluster"_s, clusters.constFirst().cacheClusterId,
                                                               u"describe-cache-clusters"_s, u"--cache-cluster-id"_s);
                                          return text;
                                      });
         }},
        {u"create-serverless-cache"_s,
         [](ElastiCacheClient *client, const ParsedCommandLine &command, QObject *context, Done done) {
             call<CreateServerlessCache>(client, command, context, done, &ElastiCacheClient::createServerlessCache,
                                         [](const CreateServerlessCacheResult &r) {
                                             const QList<ServerlessCache> caches = listOf(r.serverlessCache);
                                             QString text = TableFormatter::serverlessCaches(caches);
                                             if (!caches.isEmpty())
                                                 text += creating(
                                                     u"Serverless cache"_s, caches.constFirst().serverlessCacheName,
                                                     u"describe-serverless-caches"_s, u"--serverless-cache-name"_s);
                                             return text;
                                         });
         }},
        {u"modify-replication-group"_s,
         [](ElastiCacheClient *client, const ParsedCommandLine &command, QObject *context, Done done) {
             call<ModifyReplicationGroup>(client, command, context, done, &ElastiCacheClient::modifyReplicationGroup,
                                          [](const ModifyReplicationGroupResult &r) {
                                              const QList<ReplicationGroup> groups = listOf(r.replicationGroup);
                                              QString text = TableFormatter::replicationGroups(groups);
                                              for (const ReplicationGroup &g : groups)
                                                  text += TableFormatter::backupSettings(g.snapshotRetentionLimit,
                                                                                         g.snapshotWindow,
                                                                                         g.snapshottingClusterId);
                                              return text;
                                          });
         }},
        {u"modify-cache-cluster"_s,
         [](ElastiCacheClient *client, const ParsedCommandLine &command, QObject *context, Done done) {
             call<ModifyCacheCluster>(client, command, context, done, &ElastiCacheClient::modifyCacheCluster,
                                      [](const ModifyCacheClusterResult &r) {
                                          const QList<CacheCluster> clusters = listOf(r.cacheCluster);
                                          QString text = TableFormatter::cacheClusters(clusters);
                                          for (const CacheCluster &c : clusters)
                                              text += TableFormatter::backupSettings(c.snapshotRetentionLimit,
                                                                                     c.snapshotWindow, QString());
                                          return text;
                                      });
         }},
        {u"modify-serverless-cache"_s,
         [](ElastiCacheClient *client, const ParsedCommandLine &command, QObject *context, Done done) {
             call<ModifyServerlessCache>(client, command, context, done, &ElastiCacheClient::modifyServerlessCache,
                                         [](const ModifyServerlessCacheResult &r) {
                                             const QList<ServerlessCache> caches = listOf(r.serverlessCache);
                                             QString text = TableFormatter::serverlessCaches(caches);
                                             for (const ServerlessCache &c : caches)
                                                 text += TableFormatter::backupSettings(c.snapshotRetentionLimit,
                                                                                        c.dailySnapshotTime, QString());
                                             return text;
                                         });
         }},
        {u"list-tags-for-resource"_s,
         [](ElastiCacheClient *client, const ParsedCommandLine &command, QObject *context, Done done) {
             call<ListTagsForResource>(client, command, context, done, &ElastiCacheClient::listTagsForResource,
                                       [](const TagListMessage &r) { return TableFormatter::tags(r.tagList); });
         }},
        {u"add-tags-to-resource"_s,
         [](ElastiCacheClient *client, const ParsedCommandLine &command, QObject *context, Done done) {
             call<AddTagsToResource>(client, command, context, done, &ElastiCacheClient::addTagsToResource,
                                     [](const TagListMessage &r) { return TableFormatter::tags(r.tagList); });
         }},
        {u"remove-tags-from-resource"_s,
         [](ElastiCacheClient *client, const ParsedCommandLine &command, QObject *context, Done done) {
             call<RemoveTagsFromResource>(client, command, context, done, &ElastiCacheClient::removeTagsFromResource,
                                          [](const TagListMessage &r) { return TableFormatter::tags(r.tagList); });
         }},
        {u"describe-cache-subnet-groups"_s,
         [](ElastiCacheClient *client, const ParsedCommandLine &command, QObject *context, Done done) {
             call<DescribeCacheSubnetGroups>(
                 client, command, context, done, &ElastiCacheClient::describeCacheSubnetGroups,
                 [](const CacheSubnetGroupMessage &r) {
                     return TableFormatter::cacheSubnetGroups(r.cacheSubnetGroups);
                 },
                 withPageSize<DescribeCacheSubnetGroupsRequest>(command));
         }},
        {u"describe-cache-parameter-groups"_s,
         [](ElastiCacheClient *client, const ParsedCommandLine &command, QObject *context, Done done) {
             call<DescribeCacheParameterGroups>(
                 client, command, context, done, &ElastiCacheClient::describeCacheParameterGroups,
                 [](const CacheParameterGroupsMessage &r) {
                     return TableFormatter::cacheParameterGroups(r.cacheParameterGroups);
                 },
                 withPageSize<DescribeCacheParameterGroupsRequest>(command));
         }},
        {u"describe-cache-engine-versions"_s,
         [](ElastiCacheClient *client, const ParsedCommandLine &command, QObject *context, Done done) {
             call<DescribeCacheEngineVersions>(
                 client, command, context, done, &ElastiCacheClient::describeCacheEngineVersions,
                 [](const CacheEngineVersionMessage &r) {
                     return TableFormatter::cacheEngineVersions(r.cacheEngineVersions);
                 },
                 withPageSize<DescribeCacheEngineVersionsRequest>(command));
         }},
    };
    return table;
}

} // namespace

namespace LifecycleCommands {

void addSpecs(QList<CommandSpec> &list)
{
    addRestoreSpecs(list);
    addBackupSettingsSpecs(list);
    addTagSpecs(list);
    addAccountSpecs(list);
}

bool handles(const QString &commandName)
{
    return runners().contains(commandName);
}

void run(ElastiCacheClient *client, const ParsedCommandLine &command, QObject *context,
         std::function<void(const Outcome &)> done)
{
    runners().value(command.command->name)(client, command, context, std::move(done));
}

} // namespace LifecycleCommands
