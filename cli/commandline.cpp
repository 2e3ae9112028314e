// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandline.h"

#include "endpointresolver.h"
#include "lifecyclecommands.h"
#include "model/elasticache.h"
#include "requestoptions.h"
#include "tagrules.h"

#include <QCommandLineParser>
#include <QCoreApplication>

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

QCommandLineOption helpOption()
{
    return flagOption(u"help"_s, u"Show this help and exit."_s);
}

QList<CommandSpec> buildCommands()
{
    QList<CommandSpec> list;

    {
        CommandSpec c;
        c.name = u"describe-snapshots"_s;
        c.operations = u"DescribeSnapshots"_s;
        c.summary = u"List node-based snapshots (all pages)."_s;
        c.description = u"Lists the snapshots of node-based Valkey and Redis OSS clusters and replication groups, "
                        "following every page (Marker) until the list is complete. Filters combine as in the API: "
                        "--snapshot-source takes \"system\" (automatic snapshots) or \"user\" (manual ones), while "
                        "the answer calls them \"automated\" and \"manual\"."_s;
        c.options = {
            valueOption(u"cache-cluster-id"_s, u"Only snapshots taken from this cluster."_s, u"ID"_s),
            valueOption(u"replication-group-id"_s, u"Only snapshots of this replication group."_s, u"ID"_s),
            valueOption(u"snapshot-name"_s, u"Only the snapshot with this name."_s, u"NAME"_s),
            valueOption(u"snapshot-source"_s, u"\"system\" for automatic snapshots, \"user\" for manual ones."_s,
                        u"SOURCE"_s),
            flagOption(u"show-node-group-config"_s, u"Include each shard's configuration (slots, zones)."_s),
            valueOption(u"page-size"_s, u"Snapshots per request, 20 to 50 (default 50)."_s, u"N"_s),
        };
        c.choices.insert(u"snapshot-source"_s, {u"system"_s, u"user"_s});
        c.ranges.insert(u"page-size"_s, {20, 50});
        c.examples = {u"cachesnap-cli describe-snapshots --replication-group-id my-redis-rg"_s,
                      u"cachesnap-cli --output json describe-snapshots --snapshot-source user"_s};
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"describe-serverless-cache-snapshots"_s;
        c.operations = u"DescribeServerlessCacheSnapshots"_s;
        c.summary = u"List serverless cache snapshots (all pages)."_s;
        c.description = u"Lists the snapshots of serverless caches, following every page (NextToken)."_s;
        c.options = {
            valueOption(u"serverless-cache-name"_s, u"Only snapshots of this serverless cache."_s, u"NAME"_s),
            valueOption(u"serverless-cache-snapshot-name"_s, u"Only the snapshot with this name."_s, u"NAME"_s),
            valueOption(u"snapshot-type"_s, u"\"automatic\" or \"manual\"."_s, u"TYPE"_s),
            valueOption(u"page-size"_s, u"Snapshots per request, 1 to 50 (default 50)."_s, u"N"_s),
        };
        c.ranges.insert(u"page-size"_s, {1, 50});
        c.examples = {u"cachesnap-cli describe-serverless-cache-snapshots --serverless-cache-name my-cache"_s};
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"inventory"_s;
        c.operations
            = u"GetCallerIdentity (STS, once per profile), DescribeSnapshots, DescribeServerlessCacheSnapshots, "
              "DescribeCacheClusters, DescribeReplicationGroups, DescribeServerlessCaches (per profile and region)"_s;
        c.summary = u"List every snapshot of several profiles and regions, with profile, account and region."_s;
        c.description
            = u"Lists the node-based and serverless snapshots of every profile in --profiles in every region in "
              "--regions, several at once (24 connections, 12 of one profile). Each profile's account comes from STS "
              "GetCallerIdentity, once. Each connection's automatic snapshots are listed per cluster, replication "
              "group and serverless cache, many at once, beside one listing of the manual snapshots: the same "
              "snapshots as plain paging, several times faster; where it cannot be sure of that, it pages plainly "
              "(--sequential always does). Without --profiles: --profile, else the credential chain's default; without "
              "--regions: --region, else each profile's region; \"all\" is every region of the profile's partition. "
              "Rows come by connection in the order given, node-based then serverless, each by name. A region the "
              "account has not enabled is noted on standard error and is no error. A connection that fails is "
              "named on standard error with the reason, the other connections' snapshots are still printed, and "
              "the exit status is the first failed connection's: 253 configuration or credentials, 254 the "
              "service's error, 255 anything else. --output json prints {\"Snapshots\": [...], "
              "\"ServerlessCacheSnapshots\": [...], \"Connections\": [...]}, each snapshot as describe-snapshots "
              "prints it after its Profile, AccountId and Region; csv prints a header line and a line per snapshot."_s;
        c.options = {
            valueOption(u"profiles"_s, u"The profiles to list, comma-separated."_s, u"PROFILES"_s),
            valueOption(u"regions"_s, u"The regions to list, comma-separated, or \"all\"."_s, u"REGIONS"_s),
            flagOption(u"sequential"_s,
                       u"Page through DescribeSnapshots and DescribeServerlessCacheSnapshots plainly, without "
                       "listing per source."_s),
        };
        c.checkValues = [](const ParsedCommandLine &command) -> std::optional<QString> {
            for (const QString &name : {u"profiles"_s, u"regions"_s}) {
                if (!command.isSet(name))
                    continue;
                const QStringList items = command.value(name).split(u',');
                for (const QString &item : items) {
                    if (item.trimmed().isEmpty())
                        return u"--%1 takes names separated by commas, not \"%2\"."_s.arg(name, command.value(name));
                    if (name == u"regions" && item.trimmed() != u"all"
                        && !EndpointResolver::isValidRegionName(item.trimmed()))
                        return u"--regions: \"%1\" is not a region name (or \"all\")."_s.arg(item.trimmed());
                }
            }
            return std::nullopt;
        };
        c.csvOutput = true;
        c.examples = {u"cachesnap-cli inventory --profiles prod,staging --regions eu-west-1,us-east-1"_s,
                      u"cachesnap-cli --output csv inventory --profiles prod --regions all > snapshots.csv"_s};
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"plan-cleanup"_s;
        c.operations
            = u"GetCallerIdentity (STS, once per profile), DescribeSnapshots, "
              "DescribeServerlessCacheSnapshots, DescribeCacheClusters, DescribeReplicationGroups, "
              "DescribeServerlessCaches (per profile and region); ListTagsForResource (only the snapshots a "
              "--skip-tag rule must check); with --execute DescribeSnapshots or DescribeServerlessCacheSnapshots "
              "then DeleteSnapshot or DeleteServerlessCacheSnapshot for each snapshot"_s;
        c.summary = u"Plan which manual snapshots can go, with the totals; --execute deletes them."_s;
        c.description
            = u"Lists every connection of --profiles and --regions (as inventory does) and prints the snapshots the "
              "rules would delete, grouped by connection and source, with the totals: count, size and the monthly "
              "storage cost at --price-per-gb-month (default 0.085 US dollars, us-east-1's backup storage price). "
              "Only manual snapshots are deleted. Rules combine: --older-than-days and --source-gone select (both "
              "must hold when both are given); --keep-newest keeps the newest K manual snapshots of each source "
              "(alone it selects the others); --skip-tag keeps a snapshot carrying the tag (KEY for any value, "
              "KEY=VALUE for that value; repeatable, any one keeps it), and a snapshot whose tags cannot be read is "
              "held, never deleted. At least one of --older-than-days, --source-gone and --keep-newest is needed. "
              "Automatic snapshots are never deleted: those the rules match are listed per source with the way to "
              "keep fewer (a lower retention). Snapshots that are not available (being created, copied, exported) "
              "are listed as not deletable now. Nothing is deleted without --execute. With --execute the command "
              "asks on the terminal for the number of snapshots to be typed (--yes: without asking; without a "
              "terminal and without --yes nothing is deleted and the exit status is 1), then re-reads each snapshot "
              "right before deleting it and skips it, with the reason, if it changed since the plan (gone, no "
              "longer available). Progress goes to standard error, each snapshot's result to standard output "
              "(--output json or csv: the results only). Requests keep to --requests-per-second per connection "
              "(default 5) and slow down when the service throttles. Exit status: 0, or 254/255 when a deletion "
              "failed, or the first failed connection's status (253, 254, 255)."_s;
        c.options = {
            valueOption(u"profiles"_s, u"The profiles to plan for, comma-separated."_s, u"P,..."_s),
            valueOption(u"regions"_s, u"The regions to plan for, comma-separated, or \"all\"."_s, u"R,...|all"_s),
            valueOption(u"older-than-days"_s, u"Manual snapshots created more than N days ago."_s, u"N"_s),
            flagOption(u"source-gone"_s,
                       u"Manual snapshots whose cluster, replication group or serverless cache no longer exists."_s),
            valueOption(u"keep-newest"_s, u"Keep the newest K manual snapshots of each source."_s, u"K"_s),
            valueOption(u"skip-tag"_s, u"Keep snapshots carrying this tag (KEY or KEY=VALUE; repeatable)."_s,
                        u"KEY[=VALUE]"_s),
            valueOption(u"price-per-gb-month"_s,
                        u"Backup storage price in US dollars per GB-month for the estimate (default 0.085)."_s,
                        u"PRICE"_s),
            flagOption(u"execute"_s, u"Delete the planned snapshots, after confirmation."_s),
            flagOption(u"yes"_s, u"With --execute: do not ask."_s),
            valueOption(u"requests-per-second"_s,
                        u"With --execute: requests a second per connection, 1 to 100 (default 5)."_s, u"N"_s),
        };
        c.repeatable = {u"skip-tag"_s};
        c.ranges.insert(u"older-than-days"_s, {0, 36500});
        c.ranges.insert(u"keep-newest"_s, {0, 100000});
        c.ranges.insert(u"requests-per-second"_s, {1, 100});
        c.needs.insert(u"yes"_s, u"execute"_s);
        c.needs.insert(u"requests-per-second"_s, u"execute"_s);
        c.checkValues = [](const ParsedCommandLine &command) -> std::optional<QString> {
            for (const QString &name : {u"profiles"_s, u"regions"_s}) {
                if (!command.isSet(name))
                    continue;
                for (const QString &item : command.value(name).split(u',')) {
                    if (item.trimmed().isEmpty())
                        return u"--%1 takes names separated by commas, not \"%2\"."_s.arg(name, command.value(name));
                    if (name == u"regions" && item.trimmed() != u"all"
                        && !EndpointResolver::isValidRegionName(item.trimmed()))
                        return u"--regions: \"%1\" is not a region name (or \"all\")."_s.arg(item.trimmed());
                }
            }
            if (command.isSet(u"price-per-gb-month"_s)) {
                bool ok = false;
                const double price = command.value(u"price-per-gb-month"_s).toDouble(&ok);
                if (!ok || !(price >= 0) || price > 1000)
                    return u"--price-per-gb-month takes a number of dollars from 0 to 1000, not \"%1\"."_s.arg(
                        command.value(u"price-per-gb-month"_s));
            }
            for (const QString &text : command.list(u"skip-tag"_s)) {
                const TagRules::ParsedFilter parsed = TagRules::parseFilter(text);
                if (!parsed.error.isEmpty() || parsed.criteria.isEmpty())
                    return u"--skip-tag takes KEY or KEY=VALUE, not \"%1\"."_s.arg(text);
            }
            if (!command.isSet(u"older-than-days"_s) && !command.isSet(u"source-gone"_s)
                && !command.isSet(u"keep-newest"_s))
                return u"give at least one rule that selects snapshots: --older-than-days, --source-gone or "
                       "--keep-newest."_s;
            return std::nullopt;
        };
        c.csvOutput = true;
        c.examples = {u"cachesnap-cli plan-cleanup --older-than-days 90 --source-gone"_s,
                      u"cachesnap-cli plan-cleanup --profiles prod,staging --regions all --older-than-days 30 "
                      "--keep-newest 3 --skip-tag keep=true"_s,
                      u"cachesnap-cli --output csv plan-cleanup --source-gone > plan.csv"_s,
                      u"cachesnap-cli plan-cleanup --older-than-days 90 --source-gone --execute"_s};
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"create-snapshot"_s;
        c.operations = u"CreateSnapshot"_s;
        c.summary = u"Take a manual snapshot of a replication group or cluster."_s;
        c.description = u"Starts a manual snapshot. The snapshot is \"creating\" at first and becomes \"available\" "
                        "when done (see \"wait snapshot-available\"). Names have 1 to 40 letters, digits or hyphens, "
                        "start with a letter and are stored in lowercase. Cluster-mode-enabled groups can only be "
                        "backed up as a whole (--replication-group-id)."_s;
        c.options = {
            valueOption(u"snapshot-name"_s, u"The new snapshot's name."_s, u"NAME"_s),
            valueOption(u"replication-group-id"_s, u"Snapshot this replication group."_s, u"ID"_s),
            valueOption(u"cache-cluster-id"_s, u"Snapshot this single cluster."_s, u"ID"_s),
            valueOption(u"kms-key-id"_s, u"Encrypt the snapshot with this KMS key."_s, u"KEY"_s),
            valueOption(u"tags"_s,
                        u"Tags for the snapshot, one or more: Key=owner,Value=ops Key=keep,Value=true (the AWS CLI's "
                        "shorthand) or JSON, '[{\"Key\":\"owner\",\"Value\":\"ops\"}]'."_s,
                        u"TAGS"_s),
        };
        c.required = {u"snapshot-name"_s};
        c.exactlyOneOf = {{u"replication-group-id"_s, u"cache-cluster-id"_s}};
        RequestOptions::bind<CreateSnapshotRequest>(c);
        c.examples
            = {u"cachesnap-cli create-snapshot --snapshot-name before-upgrade --replication-group-id my-redis-rg"_s};
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"copy-snapshot"_s;
        c.operations = u"CopySnapshot"_s;
        c.summary = u"Copy a snapshot (a manual copy, or an export with --target-bucket)."_s;
        c.description = u"Makes a manual copy of a snapshot in the same region. With --target-bucket the copy is "
                        "exported to that S3 bucket instead, as one <target>-0001.rdb object per shard (see also "
                        "export-snapshot). The target name must be new and is stored in lowercase."_s;
        c.options = {
            valueOption(u"source-snapshot-name"_s, u"The snapshot to copy."_s, u"NAME"_s),
            valueOption(u"target-snapshot-name"_s, u"The copy's name (or the S3 object prefix)."_s, u"NAME"_s),
            valueOption(u"target-bucket"_s, u"Export to this S3 bucket."_s, u"BUCKET"_s),
            valueOption(u"kms-key-id"_s, u"Encrypt the copy with this KMS key."_s, u"KEY"_s),
            flagOption(u"check"_s,
                       u"With --target-bucket: run the export check (see check-export-bucket) first, and "
                       "do not call CopySnapshot when an item will fail (exit status 1, the failing items "
                       "on stderr). Items the check can't tell only warn."_s),
            flagOption(u"wait"_s,
                       u"With --target-bucket: follow the export until every object is in the bucket "
                       "(exit 0) or the export failed (exit 255)."_s),
            valueOption(u"timeout"_s, u"With --wait: give up after this many seconds (default 3600)."_s, u"SECONDS"_s),
            valueOption(u"tags"_s,
                        u"Tags for the copy, one or more: Key=owner,Value=ops Key=keep,Value=true (the AWS CLI's "
                        "shorthand) or JSON, '[{\"Key\":\"owner\",\"Value\":\"ops\"}]'."_s,
                        u"TAGS"_s),
        };
        c.ranges.insert(u"timeout"_s, {1, 7 * 24 * 3600});
        c.required = {u"source-snapshot-name"_s, u"target-snapshot-name"_s};
        RequestOptions::bind<CopySnapshotRequest>(c, {u"check"_s, u"wait"_s, u"timeout"_s});
        c.needs.insert(u"check"_s, u"target-bucket"_s);
        c.examples
            = {u"cachesnap-cli copy-snapshot --source-snapshot-name nightly --target-snapshot-name keep-nightly"_s};
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"delete-snapshot"_s;
        c.operations = u"DeleteSnapshot"_s;
        c.summary = u"Delete a snapshot."_s;
        c.description = u"Deletes a node-based snapshot. Deletion starts at once and cannot be undone; the snapshot "
                        "shows as \"deleting\" until it is gone."_s;
        c.options = {valueOption(u"snapshot-name"_s, u"The snapshot to delete."_s, u"NAME"_s)};
        c.required = {u"snapshot-name"_s};
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"export-snapshot"_s;
        c.operations = u"DescribeSnapshots, DescribeServerlessCacheSnapshots, then CopySnapshot or "
                       "ExportServerlessCacheSnapshot"_s;
        c.summary = u"Export a snapshot (node-based or serverless) to an S3 bucket."_s;
        c.description = u"Looks the snapshot up (node-based first, then serverless) and exports it: a node-based "
                        "snapshot through CopySnapshot with TargetBucket, a serverless one through "
                        "ExportServerlessCacheSnapshot. ElastiCache writes one object per shard, named "
                        "<target>-0001.rdb, <target>-0002.rdb, and so on; the command prints them. Without "
                        "--target-snapshot-name a readable unique name is derived from the source and the time. "
                        "The bucket must be in the snapshot's region and grant ElastiCache access; customer-managed "
                        "KMS keys and data-tiering snapshots cannot be exported."_s;
        c.options = {
            valueOption(u"snapshot-name"_s, u"The snapshot to export."_s, u"NAME"_s),
            valueOption(u"bucket"_s, u"The S3 bucket to export to."_s, u"BUCKET"_s),
            valueOption(u"target-snapshot-name"_s, u"The object name prefix (node-based snapshots only)."_s, u"NAME"_s),
            flagOption(u"check"_s,
                       u"Run the export check (see check-export-bucket) first, and do not export when an "
                       "item will fail (exit status 1, the failing items on stderr). Items the check "
                       "can't tell only warn."_s),
            flagOption(u"wait"_s,
                       u"Follow the export until every object is in the bucket (exit 0) or the export "
                       "failed (exit 255): progress on standard error, the result on standard output."_s),
            valueOption(u"timeout"_s, u"With --wait: give up after this many seconds (default 3600)."_s, u"SECONDS"_s),
        };
        c.ranges.insert(u"timeout"_s, {1, 7 * 24 * 3600});
        c.required = {u"snapshot-name"_s, u"bucket"_s};
        c.examples = {u"cachesnap-cli export-snapshot --snapshot-name nightly --bucket my-backups"_s,
                      u"cachesnap-cli export-snapshot --snapshot-name nightly --bucket my-backups --check"_s,
                      u"cachesnap-cli export-snapshot --snapshot-name nightly --bucket my-backups --wait"_s};
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"check-export-bucket"_s;
        c.operations = u"DescribeSnapshots or DescribeServerlessCacheSnapshots; ListBuckets, HeadBucket, "
                       "GetBucketLocation, GetBucketAcl, GetBucketPolicy, GetBucketOwnershipControls, "
                       "GetBucketEncryption, ListObjectsV2 (all at once); with --fix GetBucketAcl, PutBucketAcl, "
                       "GetBucketPolicy, PutBucketPolicy, GetBucketOwnershipControls, PutBucketOwnershipControls"_s;
        c.summary = u"Check whether an export to an S3 bucket will work, and fix the bucket's grant."_s;
        c.description
            = u"Checks, before anything is exported, each reason an export fails: the bucket's name, that it exists, "
              "its region (the snapshot's), its owner (your account), ElastiCache's access (an ACL grant to "
              "ElastiCache's canonical ID, or a bucket-policy statement for the regional service principal, as the "
              "region takes it), whether ACLs are enabled, whether the export's objects already exist, whether the "
              "snapshot can be exported, the bucket's default encryption (a note) and your own permissions. Each "
              "item passes, will fail, or can't be told (S3 refused a call the check needs: the item names the "
              "missing permission and never shows as passed). Exit status 0 when nothing will fail (with a warning "
              "on stderr when some items can't be told), 1 when an item will fail. Without --target-snapshot-name "
              "the objects checked are the ones export-snapshot would name by default now. With --fix, each fix is "
              "shown with the exact document before and after and asked for (\"Apply? [y/N]\" on the terminal; "
              "--yes applies without asking; without a terminal and without --yes nothing is changed and the exit "
              "status is 1); a fix only adds (ACL grants and existing policy statements are all kept), is refused "
              "when the document changed since the check, and the check runs again afterwards: the exit status is "
              "that of the second check. S3 requests go to AWS_ENDPOINT_URL_S3 or the profile's S3 endpoint "
              "(--endpoint-url is ElastiCache's only)."_s;
        c.options = {
            valueOption(u"bucket"_s, u"The S3 bucket to check."_s, u"BUCKET"_s),
            valueOption(u"snapshot-name"_s, u"The node-based snapshot to export."_s, u"NAME"_s),
            valueOption(u"serverless-cache-snapshot-name"_s, u"The serverless cache snapshot to export."_s, u"NAME"_s),
            valueOption(u"target-snapshot-name"_s,
                        u"The export's object name prefix (node-based snapshots only), as export-snapshot takes it."_s,
                        u"NAME"_s),
            flagOption(u"fix"_s, u"Offer the fixes of the items that fail, and apply those you confirm."_s),
            flagOption(u"yes"_s, u"With --fix: apply without asking."_s),
            valueOption(u"fix-method"_s,
                        u"With --fix, where two fixes are offered (ACLs disabled: a bucket policy statement, or "
                        "re-enabling ACLs and an ACL grant): which to apply. By default the first one offered."_s,
                        u"METHOD"_s),
        };
        c.required = {u"bucket"_s};
        c.exactlyOneOf = {{u"snapshot-name"_s, u"serverless-cache-snapshot-name"_s}};
        c.choices.insert(u"fix-method"_s, {u"acl"_s, u"policy"_s});
        c.needs.insert(u"yes"_s, u"fix"_s);
        c.needs.insert(u"fix-method"_s, u"fix"_s);
        c.examples = {u"cachesnap-cli check-export-bucket --bucket my-backups --snapshot-name nightly"_s,
                      u"cachesnap-cli --output json check-export-bucket --bucket my-backups "
                      "--serverless-cache-snapshot-name daily"_s,
                      u"cachesnap-cli check-export-bucket --bucket my-backups --snapshot-name nightly --fix"_s};
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"wait snapshot-available"_s;
        c.operations = u"DescribeSnapshots or DescribeServerlessCacheSnapshots, repeatedly"_s;
        c.summary = u"Wait until a snapshot is available."_s;
        c.description = u"Polls the snapshot (node-based or serverless), waiting longer between polls each time, "
                        "until its status is \"available\". Fails with exit status 255 if the snapshot does not "
                        "exist, disappears, starts deleting, or the timeout passes."_s;
        c.options = {
            valueOption(u"snapshot-name"_s, u"The snapshot to wait for."_s, u"NAME"_s),
            valueOption(u"timeout"_s, u"Give up after this many seconds (default 600)."_s, u"SECONDS"_s),
        };
        c.required = {u"snapshot-name"_s};
        c.ranges.insert(u"timeout"_s, {1, 7 * 24 * 3600});
        c.examples = {u"cachesnap-cli wait snapshot-available --snapshot-name before-upgrade --timeout 900"_s};
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"create-serverless-cache-snapshot"_s;
        c.operations = u"CreateServerlessCacheSnapshot"_s;
        c.summary = u"Take a snapshot of a serverless cache."_s;
        c.description = u"Starts a manual snapshot of a serverless cache. Names have 1 to 255 letters, digits or "
                        "hyphens and are stored in lowercase."_s;
        c.options = {
            valueOption(u"serverless-cache-snapshot-name"_s, u"The new snapshot's name."_s, u"NAME"_s),
            valueOption(u"serverless-cache-name"_s, u"The serverless cache to snapshot."_s, u"NAME"_s),
            valueOption(u"kms-key-id"_s, u"Encrypt the snapshot with this KMS key."_s, u"KEY"_s),
            valueOption(u"tags"_s,
                        u"Tags for the snapshot, one or more: Key=owner,Value=ops Key=keep,Value=true (the AWS CLI's "
                        "shorthand) or JSON, '[{\"Key\":\"owner\",\"Value\":\"ops\"}]'."_s,
                        u"TAGS"_s),
        };
        c.required = {u"serverless-cache-snapshot-name"_s, u"serverless-cache-name"_s};
        RequestOptions::bind<CreateServerlessCacheSnapshotRequest>(c);
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"copy-serverless-cache-snapshot"_s;
        c.operations = u"CopyServerlessCacheSnapshot"_s;
        c.summary = u"Copy a serverless cache snapshot."_s;
        c.description = u"Makes a manual copy of a serverless cache snapshot."_s;
        c.options = {
            valueOption(u"source-serverless-cache-snapshot-name"_s, u"The snapshot to copy."_s, u"NAME"_s),
            valueOption(u"target-serverless-cache-snapshot-name"_s, u"The copy's name."_s, u"NAME"_s),
            valueOption(u"kms-key-id"_s, u"Encrypt the copy with this KMS key."_s, u"KEY"_s),
            valueOption(u"tags"_s,
                        u"Tags for the copy, one or more: Key=owner,Value=ops Key=keep,Value=true (the AWS CLI's "
                        "shorthand) or JSON, '[{\"Key\":\"owner\",\"Value\":\"ops\"}]'."_s,
                        u"TAGS"_s),
        };
        c.required = {u"source-serverless-cache-snapshot-name"_s, u"target-serverless-cache-snapshot-name"_s};
        RequestOptions::bind<CopyServerlessCacheSnapshotRequest>(c);
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"delete-serverless-cache-snapshot"_s;
        c.operations = u"DeleteServerlessCacheSnapshot"_s;
        c.summary = u"Delete a serverless cache snapshot."_s;
        c.description = u"Deletes a serverless cache snapshot. This cannot be undone."_s;
        c.options = {valueOption(u"serverless-cache-snapshot-name"_s, u"The snapshot to delete."_s, u"NAME"_s)};
        c.required = {u"serverless-cache-snapshot-name"_s};
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"describe-cache-clusters"_s;
        c.operations = u"DescribeCacheClusters"_s;
        c.summary = u"List cache clusters (all pages)."_s;
        c.description = u"Lists node-based cache clusters, the sources of node-based snapshots."_s;
        c.options = {
            valueOption(u"cache-cluster-id"_s, u"Only this cluster."_s, u"ID"_s),
            flagOption(u"show-cache-node-info"_s, u"Include the clusters' nodes."_s),
            flagOption(u"show-cache-clusters-not-in-replication-groups"_s,
                       u"Only clusters that are not part of a replication group."_s),
        };
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"describe-replication-groups"_s;
        c.operations = u"DescribeReplicationGroups"_s;
        c.summary = u"List replication groups (all pages)."_s;
        c.description = u"Lists replication groups, the sources of node-based snapshots."_s;
        c.options = {valueOption(u"replication-group-id"_s, u"Only this replication group."_s, u"ID"_s)};
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"describe-serverless-caches"_s;
        c.operations = u"DescribeServerlessCaches"_s;
        c.summary = u"List serverless caches (all pages)."_s;
        c.description = u"Lists serverless caches, the sources of serverless snapshots."_s;
        c.options = {valueOption(u"serverless-cache-name"_s, u"Only this serverless cache."_s, u"NAME"_s)};
        list.append(c);
    }

    {
        CommandSpec c;
        c.name = u"describe-events"_s;
        c.operations = u"DescribeEvents"_s;
        c.summary = u"List the service's events (all pages)."_s;
        c.description
            = u"Lists ElastiCache events (a snapshot finished, an export failed, a cluster changed), following "
              "every page (Marker). Without --start-time or --duration the service returns the last hour; it "
              "keeps 14 days. Times are ISO 8601 (2024-03-01T10:00:00Z) or seconds since the epoch."_s;
        c.options = {
            valueOption(u"source-identifier"_s, u"Only events of this source (a cluster, a snapshot…)."_s, u"ID"_s),
            valueOption(u"source-type"_s,
                        u"Only events of this kind of source: cache-cluster, replication-group, serverless-cache, "
                        "serverless-cache-snapshot, … (passed on as given)."_s,
                        u"TYPE"_s),
            valueOption(u"start-time"_s, u"Only events at or after this time."_s, u"TIME"_s),
            valueOption(u"end-time"_s, u"Only events at or before this time."_s, u"TIME"_s),
            valueOption(u"duration"_s, u"Only events of the last this many minutes."_s, u"MINUTES"_s),
            valueOption(u"page-size"_s, u"Events per request, 20 to 100 (default 100)."_s, u"N"_s),
        };
        c.ranges.insert(u"duration"_s, {1, 14 * 24 * 60});
        c.ranges.insert(u"page-size"_s, {20, 100});
        c.examples = {u"cachesnap-cli describe-events --source-type serverless-cache-snapshot --duration 1440"_s,
                      u"cachesnap-cli --output json describe-events --start-time 2024-03-01T10:00:00Z"_s};
        list.append(c);
    }

    // Restore, backup settings, tags and the account's groups (issue 12).
    LifecycleCommands::addSpecs(list);

    {
        CommandSpec c;
        c.name = u"keychain store"_s;
        c.operations = u"none (the OS keychain)"_s;
        c.summary = u"Keep a key pair for --profile NAME in the OS keychain."_s;
        c.description = u"Reads the access key id and the secret access key from standard input, one a line, and "
                        "an optional third line with a session token, and keeps them in the OS keychain (the "
                        "Secret Service) as an app-kept profile, used when ~/.aws does not define that profile. "
                        "Never from arguments; never in a file. Fails when no Secret Service is running."_s;
        c.examples = {u"printf '%s\\n%s\\n' \"$KEY_ID\" \"$SECRET\" | cachesnap-cli keychain store --profile ops"_s};
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"keychain delete"_s;
        c.operations = u"none (the OS keychain)"_s;
        c.summary = u"Delete the app-kept profile --profile NAME from the OS keychain."_s;
        c.description = u"Removes the keys of an app-kept profile from the OS keychain and its name from the list."_s;
        list.append(c);
    }
    {
        CommandSpec c;
        c.name = u"keychain list"_s;
        c.operations = u"none"_s;
        c.summary = u"List the app-kept profiles (names and regions only)."_s;
        c.description = u"Prints the names of the app-kept profiles, one a line, with their region when one is set. "
                        "Reads no secret."_s;
        list.append(c);
    }

    for (CommandSpec &c : list)
        c.options.append(helpOption());
    return list;
}

struct GlobalSpec
{
    QLatin1StringView name;
    bool takesValue;
};

constexpr GlobalSpec kGlobalOptions[] = {
    {QLatin1StringView("profile"), true},
    {QLatin1StringView("region"), true},
    {QLatin1StringView("endpoint-url"), true},
    {QLatin1StringView("output"), true},
    {QLatin1StringView("debug"), false},
    {QLatin1StringView("cli-read-timeout"), true},
    {QLatin1StringView("cli-request-timeout"), true},
};

constexpr int kMaxTimeoutSeconds = 24 * 3600;

const GlobalSpec *findGlobal(QStringView name)
{
    for (const GlobalSpec &g : kGlobalOptions) {
        if (name == g.name)
            return &g;
    }
    return nullptr;
}

QString wrap(const QString &text, int indent, int width = 100)
{
    const QString pad(indent, u' ');
    QString out;
    QString line = pad;
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    for (const QString &word : words) {
        if (line.size() > indent && line.size() + 1 + word.size() > width) {
            out += line + u'\n';
            line = pad;
        }
        if (line.size() > indent)
            line += u' ';
        line += word;
    }
    if (line.size() > indent)
        out += line + u'\n';
    return out;
}

// Whether a word after a multi-valued option starts the next option (as argparse tells): a negative number or a
// word with a blank is a value.
bool looksLikeOption(const QString &word)
{
    if (!word.startsWith(u'-') || word.size() == 1 || word.contains(u' '))
        return false;
    bool number = false;
    word.toDouble(&number);
    return !number;
}

bool hasFlag(const CommandSpec &spec, const QString &name)
{
    for (const QCommandLineOption &option : spec.options) {
        if (option.names().constFirst() == name && option.valueName().isEmpty())
            return true;
    }
    return false;
}

QString optionSynopsis(const QCommandLineOption &option, bool required)
{
    QString text = u"--"_s + option.names().constFirst();
    if (!option.valueName().isEmpty())
        text += u' ' + option.valueName();
    return required ? text : u'[' + text + u']';
}

constexpr auto kGlobalHelp = R"(Global options (before or after the command):
  --profile PROFILE      Use this profile of ~/.aws/credentials and ~/.aws/config.
  --region REGION        The AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile).
  --endpoint-url URL     Send requests to this endpoint instead of the region's (e.g. the sandbox,
                         http://127.0.0.1:PORT; plain http is only allowed on loopback).
  --output json|table|csv
                         json prints the same document as "aws elasticache ..."; table (the default)
                         aligned columns for people; csv (inventory, plan-cleanup) a header line and
                         a line per row.
  --debug                Log every request and response to stderr, secrets and signatures redacted.
  --cli-read-timeout SECONDS
                         Fail a request that receives nothing for this long (default 30; 1 to 86400).
  --cli-request-timeout SECONDS
                         Fail a request whose answer is not complete this long after it was sent, however
                         steadily it arrives (default 120; 1 to 86400). Both are retried as timeouts are.
  --version              Print the version and exit.
  --help                 Show help (also "COMMAND --help" and "help COMMAND").
)";

constexpr auto kEnvironmentHelp = R"(Environment:
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN   credentials (before any profile)
  AWS_PROFILE, AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE     profile and shared files
  AWS_REGION, AWS_DEFAULT_REGION                                region
  AWS_MAX_ATTEMPTS, AWS_RETRY_MODE                              retries (standard mode by default)

Exit status:
  0    success
  1    check-export-bucket, export-snapshot --check, copy-snapshot --check: the export would fail
  2    usage error (unknown command or option, missing or invalid value)
  253  configuration error (no credentials, unknown profile, bad endpoint)
  254  the service answered with an error: "An error occurred (Code) when calling the Op operation: Message"
  255  any other failure (network, timeout, "Unable to parse response", a waiter that failed)
)";

} // namespace

bool ParsedCommandLine::isSet(const QString &option) const
{
    return values.contains(option);
}

QString ParsedCommandLine::value(const QString &option) const
{
    return values.value(option);
}

QStringList ParsedCommandLine::list(const QString &option) const
{
    const auto it = lists.constFind(option);
    if (it != lists.cend())
        return *it;
    return values.contains(option) ? QStringList {values.value(option)} : QStringList {};
}

namespace CommandLine {

const QList<CommandSpec> &commands()
{
    static const QList<CommandSpec> list = buildCommands();
    return list;
}

const CommandSpec *findCommand(const QString &name)
{
    for (const CommandSpec &c : commands()) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

std::variant<ParsedCommandLine, UsageError> parse(const QStringList &arguments)
{
    ParsedCommandLine result;
    QStringList commandWords;
    QStringList commandArgs;
    bool helpRequested = false;

    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (arg == u"--version") {
            result.action = ParsedCommandLine::Action::Version;
            return result;
        }
        if (arg == u"--help" || arg == u"-h" || (arg == u"help" && commandArgs.isEmpty())) {
            helpRequested = true;
            continue;
        }
        if (arg.startsWith(u"--")) {
            const qsizetype eq = arg.indexOf(u'=');
            const QStringView name = QStringView(arg).mid(2, eq < 0 ? -1 : eq - 2);
            if (const GlobalSpec *g = findGlobal(name)) {
                QString value;
                if (g->takesValue) {
                    if (eq >= 0) {
                        value = arg.mid(eq + 1);
                    } else if (i + 1 < arguments.size()) {
                        value = arguments.at(++i);
                    } else {
                        return UsageError {u"the option --%1 needs a value."_s.arg(name), nullptr};
                    }
                } else if (eq >= 0) {
                    return UsageError {u"the option --%1 takes no value."_s.arg(name), nullptr};
                }
                if (name == u"profile")
                    result.global.profile = value;
                else if (name == u"region")
                    result.global.region = value;
                else if (name == u"endpoint-url")
                    result.global.endpointUrl = value;
                else if (name == u"debug")
                    result.global.debug = true;
                else if (name == u"cli-read-timeout" || name == u"cli-request-timeout") {
                    bool ok = false;
                    const int seconds = value.toInt(&ok);
                    if (!ok || seconds < 1 || seconds > kMaxTimeoutSeconds)
                        return UsageError {u"--%1 takes a whole number of seconds from 1 to %2, not \"%3\"."_s.arg(name)
                                               .arg(kMaxTimeoutSeconds)
                                               .arg(value),
                                           nullptr};
                    (name == u"cli-read-timeout" ? result.global.readTimeoutSeconds
                                                 : result.global.requestTimeoutSeconds)
                        = seconds;
                } else if (name == u"output") {
                    if (value == u"json")
                        result.global.output = OutputFormat::Json;
                    else if (value == u"table")
                        result.global.output = OutputFormat::Table;
                    else if (value == u"csv")
                        result.global.output = OutputFormat::Csv;
                    else
                        return UsageError {
                            u"--output takes \"json\" or \"table\" (or \"csv\" where a command says so), not \"%1\"."_s
                                .arg(value),
                            nullptr};
                }
                continue;
            }
        }
        const bool commandComplete = !commandWords.isEmpty() && commandWords.constFirst() != u"wait"
            && commandWords.constFirst() != u"keychain";
        const bool waiterComplete = commandWords.size() == 2;
        if (!arg.startsWith(u'-') && !commandComplete && !waiterComplete) {
            commandWords.append(arg);
            continue;
        }
        if (commandWords.isEmpty())
            return UsageError {u"unknown option \"%1\" before the command."_s.arg(arg), nullptr};
        commandArgs.append(arg);
    }

    if (commandWords.isEmpty()) {
        if (helpRequested) {
            result.action = ParsedCommandLine::Action::Help;
            return result;
        }
        return UsageError {u"no command given."_s, nullptr};
    }
    const QString commandName = commandWords.join(u' ');
    const CommandSpec *spec = findCommand(commandName);
    if (!spec) {
        if (commandName == u"wait")
            return UsageError {u"\"wait\" needs a waiter name: wait snapshot-available."_s, nullptr};
        if (commandName == u"keychain")
            return UsageError {u"\"keychain\" needs an action: keychain store, keychain delete or keychain list."_s,
                               nullptr};
        return UsageError {u"unknown command \"%1\"."_s.arg(commandName), nullptr};
    }
    result.command = spec;
    if (helpRequested) {
        result.action = ParsedCommandLine::Action::Help;
        return result;
    }
    if (result.global.output == OutputFormat::Csv && !spec->csvOutput)
        return UsageError {u"%1 does not print CSV: --output takes \"json\" or \"table\" for it."_s.arg(spec->name),
                           spec};

    // A multi-valued option takes the words after it up to the next option (QCommandLineParser, one value per
    // option, reads the rest). Of a flag pair (--x / --no-x) the one given last counts, as in the AWS CLI.
    QStringList singleArgs;
    QHash<QString, QString> lastOfPair; // "x" -> "x" or "no-x"
    for (qsizetype i = 0; i < commandArgs.size(); ++i) {
        const QString &arg = commandArgs.at(i);
        if (arg.startsWith(u"--")) {
            const qsizetype eq = arg.indexOf(u'=');
            const QString name = arg.mid(2, eq < 0 ? -1 : eq - 2);
            if (spec->multiValued.contains(name)) {
                // "--tags=X" is one value, as argparse reads it; "--tags X Y" every word up to the next option.
                QStringList words;
                if (eq >= 0)
                    words.append(arg.mid(eq + 1));
                while (eq < 0 && i + 1 < commandArgs.size() && !looksLikeOption(commandArgs.at(i + 1)))
                    words.append(commandArgs.at(++i));
                if (words.isEmpty())
                    return UsageError {u"--%1 needs at least one value."_s.arg(name), spec};
                if (words.contains(QString()))
                    return UsageError {u"--%1 needs non-empty values."_s.arg(name), spec};
                result.lists.insert(name, words);
                result.values.insert(name, words.join(u' '));
                continue;
            }
            const QString base = name.startsWith(u"no-") ? name.mid(3) : name;
            if (hasFlag(*spec, base) && hasFlag(*spec, u"no-"_s + base))
                lastOfPair.insert(base, name);
        }
        singleArgs.append(arg);
    }

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(spec->options);
    if (!parser.parse(QStringList {arguments.value(0)} + singleArgs))
        return UsageError {parser.errorText(), spec};
    if (parser.isSet(u"help"_s)) {
        result.action = ParsedCommandLine::Action::Help;
        return result;
    }
    if (!parser.positionalArguments().isEmpty())
        return UsageError {u"unexpected argument \"%1\"."_s.arg(parser.positionalArguments().constFirst()), spec};

    for (const QCommandLineOption &option : spec->options) {
        const QString &name = option.names().constFirst();
        if (!parser.isSet(name))
            continue;
        const QString value = option.valueName().isEmpty() ? QString() : parser.value(name);
        if (!option.valueName().isEmpty() && value.isEmpty())
            return UsageError {u"--%1 needs a non-empty value."_s.arg(name), spec};
        result.values.insert(name, value);
        if (spec->repeatable.contains(name)) {
            const QStringList values = parser.values(name);
            if (values.contains(QString()))
                return UsageError {u"--%1 needs a non-empty value."_s.arg(name), spec};
            result.lists.insert(name, values);
        }
    }
    for (auto it = lastOfPair.cbegin(); it != lastOfPair.cend(); ++it)
        result.values.remove(it.value() == it.key() ? u"no-"_s + it.key() : it.key());
    for (const QString &name : spec->required) {
        if (!result.isSet(name))
            return UsageError {u"the option --%1 is required."_s.arg(name), spec};
    }
    for (const QStringList &group : spec->exactlyOneOf) {
        qsizetype given = 0;
        for (const QString &name : group)
            given += result.isSet(name) ? 1 : 0;
        if (given != 1) {
            QStringList dashed;
            for (const QString &name : group)
                dashed.append(u"--"_s + name);
            return UsageError {u"give exactly one of %1."_s.arg(dashed.join(u", "_s)), spec};
        }
    }
    for (auto it = spec->needs.cbegin(); it != spec->needs.cend(); ++it) {
        if (result.isSet(it.key()) && !result.isSet(it.value()))
            return UsageError {u"--%1 only goes with --%2."_s.arg(it.key(), it.value()), spec};
    }
    for (auto it = spec->choices.cbegin(); it != spec->choices.cend(); ++it) {
        if (result.isSet(it.key()) && !it.value().contains(result.value(it.key())))
            return UsageError {
                u"--%1 takes %2, not \"%3\"."_s.arg(it.key(), it.value().join(u" or "_s), result.value(it.key())),
                spec};
    }
    for (auto it = spec->ranges.cbegin(); it != spec->ranges.cend(); ++it) {
        if (!result.isSet(it.key()))
            continue;
        bool ok = false;
        const int number = result.value(it.key()).toInt(&ok);
        if (!ok || number < it.value().first || number > it.value().second)
            return UsageError {u"--%1 takes a whole number from %2 to %3, not \"%4\"."_s.arg(it.key())
                                   .arg(it.value().first)
                                   .arg(it.value().second)
                                   .arg(result.value(it.key())),
                               spec};
    }
    if (spec->checkValues) {
        if (const std::optional<QString> error = spec->checkValues(result))
            return UsageError {*error, spec};
    }
    return result;
}

QString generalHelp()
{
    QString text = u"cachesnap-cli - browse, create, copy, delete and export AWS ElastiCache snapshots\n\n"
                   "Usage: cachesnap-cli [--profile P] [--region R] [--endpoint-url URL] "
                   "[--output json|table|csv] [--debug] COMMAND [OPTIONS]\n\n"_s;
    text += wrap(u"Command and option names follow \"aws elasticache\", so scripts can switch between the two; "
                 "--output json prints the same document. Every describe command follows all pages."_s,
                 0);
    text += u"\nCommands:\n"_s;
    qsizetype width = 0;
    for (const CommandSpec &c : commands())
        width = std::max(width, c.name.size());
    for (const CommandSpec &c : commands())
        text += u"  "_s + c.name.leftJustified(width + 2) + c.summary + u'\n';
    text += u'\n' + QString::fromUtf8(kGlobalHelp) + u'\n' + QString::fromUtf8(kEnvironmentHelp);
    text += u"\nRun \"cachesnap-cli COMMAND --help\" for a command's options.\n"_s;
    return text;
}

QString commandHelp(const CommandSpec &spec)
{
    QString text = u"NAME\n    cachesnap-cli "_s + spec.name + u" - "_s + spec.summary + u"\n\nSYNOPSIS\n"_s;
    QStringList parts;
    for (const QCommandLineOption &option : spec.options) {
        const QString &name = option.names().constFirst();
        if (name == u"help")
            continue;
        bool inGroup = false;
        for (const QStringList &group : spec.exactlyOneOf)
            inGroup = inGroup || group.contains(name);
        if (inGroup)
            continue;
        // A flag pair reads as one choice: [--multi-az-enabled | --no-multi-az-enabled].
        if (name.startsWith(u"no-") && hasFlag(spec, name.mid(3)) && option.valueName().isEmpty())
            continue;
        if (option.valueName().isEmpty() && hasFlag(spec, u"no-"_s + name)) {
            parts.append(u"[--%1 | --no-%1]"_s.arg(name));
            continue;
        }
        parts.append(optionSynopsis(option, spec.required.contains(name)));
    }
    for (const QStringList &group : spec.exactlyOneOf) {
        QStringList alternatives;
        for (const QCommandLineOption &option : spec.options) {
            if (group.contains(option.names().constFirst()))
                alternatives.append(optionSynopsis(option, true));
        }
        parts.append(u'(' + alternatives.join(u" | "_s) + u')');
    }
    text += wrap(u"cachesnap-cli [global options] "_s + spec.name + u' ' + parts.join(u' '), 4);
    text += u"\nDESCRIPTION\n"_s + wrap(spec.description, 4);
    text += u"\n    API operations: "_s + spec.operations + u"\n\nOPTIONS\n"_s;
    for (const QCommandLineOption &option : spec.options) {
        QString head = u"    --"_s + option.names().constFirst();
        if (!option.valueName().isEmpty())
            head += u' ' + option.valueName();
        text += head + u'\n' + wrap(option.description(), 8);
        const auto choices = spec.choices.constFind(option.names().constFirst());
        if (choices != spec.choices.cend())
            text += u"        One of: "_s + choices->join(u", "_s) + u'\n';
        const auto range = spec.ranges.constFind(option.names().constFirst());
        if (range != spec.ranges.cend())
            text += u"        From %1 to %2.\n"_s.arg(range->first).arg(range->second);
    }
    if (!spec.examples.isEmpty()) {
        text += u"\nEXAMPLES\n"_s;
        for (const QString &example : spec.examples)
            text += u"    "_s + example + u'\n';
    }
    text += u'\n' + QString::fromUtf8(kGlobalHelp) + u'\n' + QString::fromUtf8(kEnvironmentHelp);
    return text;
}

QString versionText()
{
    return u"cachesnap-cli %1 (Qt %2)\n"_s.arg(QLatin1StringView(CACHESNAP_VERSION), QLatin1StringView(qVersion()));
}

QString usageErrorText(const UsageError &error)
{
    QString text = u"cachesnap-cli: error: "_s + error.message + u'\n';
    if (error.command)
        text += u"Usage: cachesnap-cli "_s + error.command->name + u" [OPTIONS]; see \"cachesnap-cli "_s
            + error.command->name + u" --help\".\n"_s;
    else
        text += u"See \"cachesnap-cli --help\".\n"_s;
    return text;
}

} // namespace CommandLine
