// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "clirunner.h"

#include "cliconfig.h"
#include "credentialchain.h"
#include "debuglog.h"
#include "elasticacheclient.h"
#include "exportcheck.h"
#include "exportcheckcommand.h"
#include "exportfollower.h"
#include "exportplan.h"
#include "inventorycommand.h"
#include "jsonoutput.h"
#include "keychaincommand.h"
#include "lifecyclecommands.h"
#include "plancleanupcommand.h"
#include "requestoptions.h"
#include "retrypolicy.h"
#include "s3client.h"
#include "service/protocol.h"
#include "tableformatter.h"

#include <QIODevice>
#include <QLoggingCategory>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcCli, "cachesnap.cli", QtWarningMsg)

namespace {
constexpr int kDefaultWaitTimeoutSeconds = 600;
constexpr int kDefaultExportWaitSeconds = 3600;

bool isNotFound(const ApiError &error)
{
    return error.kind == ApiError::Kind::Service
        && (error.code == u"SnapshotNotFoundFault" || error.code == u"ServerlessCacheSnapshotNotFoundFault");
}

std::optional<int> intValue(const ParsedCommandLine &command, const QString &name)
{
    if (!command.isSet(name))
        return std::nullopt;
    return command.value(name).toInt();
}
} // namespace

CliRunner::CliRunner(QIODevice *out, QIODevice *err, QObject *parent)
    : QObject(parent)
    , m_out(out)
    , m_err(err)
{
}

CliRunner::~CliRunner() = default;

void CliRunner::start(const QStringList &arguments)
{
    auto parsed = CommandLine::parse(arguments);
    if (const auto *error = std::get_if<UsageError>(&parsed)) {
        const QString text = CommandLine::usageErrorText(*error);
        QTimer::singleShot(0, this, [this, text] { failWithMessage(text, ExitCode::Usage); });
        return;
    }
    m_command = std::get<ParsedCommandLine>(std::move(parsed));
    switch (m_command.action) {
    case ParsedCommandLine::Action::Version:
        QTimer::singleShot(0, this, [this] { succeed(CommandLine::versionText().toUtf8()); });
        return;
    case ParsedCommandLine::Action::Help: {
        const QString text
            = m_command.command ? CommandLine::commandHelp(*m_command.command) : CommandLine::generalHelp();
        QTimer::singleShot(0, this, [this, text] { succeed(text.toUtf8()); });
        return;
    }
    case ParsedCommandLine::Action::Run:
        break;
    }

    if (m_command.global.debug)
        DebugLog::enable(m_err);

    if (m_command.command->name.startsWith(u"keychain "_s)) {
        runKeychain();
        return;
    }
    if (m_command.command->name == u"inventory") {
        runInventory(); // a configuration per connection, not one for the invocation
        return;
    }
    if (m_command.command->name == u"plan-cleanup") {
        runPlanCleanup(); // likewise
        return;
    }

    auto config = CliConfig::resolve(m_command.global);
    if (!config) {
        const ApiError error = config.error();
        QTimer::singleShot(0, this, [this, error] { failWithApiError(error, QString()); });
        return;
    }
    if (const auto seconds = m_command.global.readTimeoutSeconds)
        config.value().transferTimeoutMs = *seconds * 1000;
    if (const auto seconds = m_command.global.requestTimeoutSeconds)
        config.value().totalTimeoutMs = *seconds * 1000;
    m_client = new ElastiCacheClient(config.value(), this);
    if (!m_command.global.debug) {
        // The client's jobs start on the next event-loop turn; commands only create jobs and connect.
        runCommand();
        return;
    }
    // Under --debug the secrets are learnt first, so the log can mask them wherever they might appear.
    config.value().credentials->fetch(this, [this](const ApiResult<AwsCredentials> &credentials) {
        if (credentials)
            DebugLog::addSecrets(
                {credentials.value().secretAccessKey.toUtf8(), credentials.value().sessionToken.toUtf8()});
        runCommand();
    });
}

void CliRunner::runKeychain()
{
    const auto store = CliConfig::credentialStore();
    if (!store) {
        QTimer::singleShot(0, this, [this] {
            failWithMessage(u"cachesnap-cli: the keychain is turned off (CACHESNAP_NO_KEYCHAIN=1).\n"_s,
                            ExitCode::Config);
        });
        return;
    }
    auto *command = new KeychainCommand(store, CliConfig::standardInput(), this);
    command->run(m_command.command->name.mid(9), m_command.global.profile,
                 [this, command](int exitCode, const QString &out, const QString &err) {
                     command->deleteLater();
                     if (!err.isEmpty())
                         writeErr(err);
                     if (exitCode == ExitCode::Success)
                         return succeed(out.toUtf8());
                     finish(exitCode);
                 });
}

namespace {
// Under --debug, each connection's secrets are masked in the log as soon as they are known (the other commands learn
// their one connection's before the first request).
class DebugMaskedCredentials final : public CredentialsProvider
{
public:
    explicit DebugMaskedCredentials(std::shared_ptr<CredentialsProvider> inner)
        : m_inner(std::move(inner))
    {
    }
    void fetch(QObject *context, std::function<void(const ApiResult<AwsCredentials> &)> done) override
    {
        m_inner->fetch(context, [done = std::move(done)](const ApiResult<AwsCredentials> &credentials) {
            if (credentials)
                DebugLog::addSecrets(
                    {credentials.value().secretAccessKey.toUtf8(), credentials.value().sessionToken.toUtf8()});
            done(credentials);
        });
    }
    QString description() const override { return m_inner->description(); }

private:
    std::shared_ptr<CredentialsProvider> m_inner;
};

// Why the connections --profiles × --regions name are too many for one set; empty when they are not.
QString tooManyConnections(const QList<ConnectionChoice> &choices)
{
    const QString refusal = ConnectionChoice::tooManyInASet(choices.size());
    return refusal.isEmpty() ? refusal : u"--profiles and --regions name %1"_s.arg(refusal);
}
} // namespace

void CliRunner::runInventory()
{
    const QList<ConnectionChoice> choices = InventoryCommand::connections(m_command);
    if (const QString refusal = tooManyConnections(choices); !refusal.isEmpty())
        return failUsageLater(refusal);
    ConnectionResolver resolver = CliConfig::connectionResolver(m_command.global);
    if (m_command.global.debug) {
        resolver = [resolver](const ConnectionChoice &choice) {
            ApiResult<ClientConfig> config = resolver(choice);
            if (config && config.value().credentials)
                config.value().credentials = std::make_shared<DebugMaskedCredentials>(config.value().credentials);
            return config;
        };
    }
    auto *command = new InventoryCommand(m_command, choices, std::move(resolver), this);
    command->run([this, command](int exitCode, const QByteArray &out, const QString &err) {
        command->deleteLater();
        writeOut(out);
        if (!err.isEmpty())
            writeErr(err);
        finish(exitCode);
    });
}

void CliRunner::runPlanCleanup()
{
    QList<ConnectionChoice> choices = InventoryCommand::connections(m_command);
    if (const QString refusal = tooManyConnections(choices); !refusal.isEmpty())
        return failUsageLater(refusal);
    auto *command = new PlanCleanupCommand(m_command, std::move(choices),
                                           CliConfig::connectionResolver(m_command.global), m_out, m_err, this);
    command->run([this, command](int exitCode) {
        command->deleteLater();
        finish(exitCode);
    });
}

void CliRunner::runCommand()
{
    const QString &name = m_command.command->name;
    if (name == u"describe-snapshots")
        describeSnapshots();
    else if (name == u"describe-serverless-cache-snapshots")
        describeServerlessCacheSnapshots();
    else if (name == u"create-snapshot")
        createSnapshot();
    else if (name == u"copy-snapshot")
        copySnapshot();
    else if (name == u"delete-snapshot")
        deleteSnapshot();
    else if (name == u"export-snapshot")
        exportSnapshot();
    else if (name == u"wait snapshot-available")
        waitSnapshotAvailable();
    else if (name == u"create-serverless-cache-snapshot")
        createServerlessCacheSnapshot();
    else if (name == u"copy-serverless-cache-snapshot")
        copyServerlessCacheSnapshot();
    else if (name == u"delete-serverless-cache-snapshot")
        deleteServerlessCacheSnapshot();
    else if (name == u"describe-cache-clusters")
        describeCacheClusters();
    else if (name == u"describe-replication-groups")
        describeReplicationGroups();
    else if (name == u"describe-serverless-caches")
        describeServerlessCaches();
    else if (name == u"check-export-bucket")
        checkExportBucket();
    else if (name == u"describe-events")
        describeEvents();
    else if (LifecycleCommands::handles(name))
        runLifecycleCommand();
    else
        QTimer::singleShot(0, this, [this, name] {
            failWithMessage(u"cachesnap-cli: internal error: no implementation for \"%1\".\n"_s.arg(name),
                            ExitCode::Failure);
        });
}

void CliRunner::describeSnapshots()
{
    DescribeSnapshotsRequest request;
    request.cacheClusterId = m_command.value(u"cache-cluster-id"_s);
    request.replicationGroupId = m_command.value(u"replication-group-id"_s);
    request.snapshotName = m_command.value(u"snapshot-name"_s);
    request.snapshotSource = m_command.value(u"snapshot-source"_s);
    request.maxRecords = intValue(m_command, u"page-size"_s);
    if (m_command.isSet(u"show-node-group-config"_s))
        request.showNodeGroupConfig = true;

    SnapshotListJob *job = m_client->describeSnapshots(request);
    if (m_command.global.output == OutputFormat::Json) {
        // Each page is printed (to memory) as it arrives, while the next one is on its way; stdout gets the
        // document only once every page has been read, so a failure never leaves half a document.
        auto writer = std::make_shared<JsonOutput::SnapshotListWriter>();
        job->setAccumulate(false);
        connect(job, &SnapshotListJob::pageReceived, this,
                [writer](const QList<Snapshot> &page) { writer->append(page); });
        connect(job, &SnapshotListJob::finished, this, [this, writer](const ApiResult<QList<Snapshot>> &result) {
            if (!result)
                return failWithApiError(result.error(), u"DescribeSnapshots"_s);
            succeed(writer->finish());
        });
        return;
    }
    connect(job, &SnapshotListJob::finished, this, [this](const ApiResult<QList<Snapshot>> &result) {
        if (!result)
            return failWithApiError(result.error(), u"DescribeSnapshots"_s);
        succeed(TableFormatter::snapshots(result.value()).toUtf8());
    });
}

void CliRunner::describeServerlessCacheSnapshots()
{
    DescribeServerlessCacheSnapshotsRequest request;
    request.serverlessCacheName = m_command.value(u"serverless-cache-name"_s);
    request.serverlessCacheSnapshotName = m_command.value(u"serverless-cache-snapshot-name"_s);
    request.snapshotType = m_command.value(u"snapshot-type"_s);
    request.maxResults = intValue(m_command, u"page-size"_s);
    ServerlessSnapshotListJob *job = m_client->describeServerlessCacheSnapshots(request);
    connect(job, &ServerlessSnapshotListJob::finished, this,
            [this](const ApiResult<QList<ServerlessCacheSnapshot>> &result) {
                if (!result)
                    return failWithApiError(result.error(), u"DescribeServerlessCacheSnapshots"_s);
                if (m_command.global.output == OutputFormat::Json)
                    succeed(JsonOutput::describeServerlessCacheSnapshots(result.value()));
                else
                    succeed(TableFormatter::serverlessSnapshots(result.value()).toUtf8());
            });
}

void CliRunner::createSnapshot()
{
    CreateSnapshotRequest request;
    if (const auto error = RequestOptions::fill(m_command, request))
        return failUsageLater(*error);
    connect(m_client->createSnapshot(request), &SnapshotJob::finished, this, [this](const ApiResult<Snapshot> &r) {
        if (!r)
            return failWithApiError(r.error(), u"CreateSnapshot"_s);
        if (m_command.global.output == OutputFormat::Json)
            return succeed(JsonOutput::snapshotResult(r.value()));
        succeed((TableFormatter::snapshots({r.value()})
                 + u"Snapshot %1 is being created; \"cachesnap-cli wait snapshot-available --snapshot-name %1\" "
                   "waits for it.\n"_s.arg(TableFormatter::cell(r.value().snapshotName)))
                    .toUtf8());
    });
}

void CliRunner::copySnapshot()
{
    if (m_command.isSet(u"wait"_s) && !m_command.isSet(u"target-bucket"_s)) {
        const QString text = CommandLine::usageErrorText(
            {u"--wait follows an export and needs --target-bucket; \"wait snapshot-available\" waits for a copy."_s,
             m_command.command});
        QTimer::singleShot(0, this, [this, text] { failWithMessage(text, ExitCode::Usage); });
        return;
    }
    CopySnapshotRequest request;
    if (const auto error = RequestOptions::fill(m_command, request))
        return failUsageLater(*error);
    if (!m_command.isSet(u"check"_s))
        return copySnapshotNow();
    const QString sourceName = m_command.value(u"source-snapshot-name"_s);
    DescribeSnapshotsRequest lookup;
    lookup.snapshotName = sourceName;
    connect(m_client->describeSnapshots(lookup), &SnapshotListJob::finished, this,
            [this, sourceName](const ApiResult<QList<Snapshot>> &result) {
                if (!result)
                    return failWithApiError(result.error(), u"DescribeSnapshots"_s);
                if (result.value().isEmpty()) {
                    ApiError error;
                    error.kind = ApiError::Kind::Service;
                    error.code = u"SnapshotNotFoundFault"_s;
                    error.message = u"Snapshot %1 not found."_s.arg(sourceName);
                    return failWithApiError(error, u"DescribeSnapshots"_s);
                }
                checkBeforeExport(
                    m_command.value(u"target-bucket"_s),
                    ExportCheck::sourceOf(result.value().constFirst(), m_command.value(u"target-snapshot-name"_s)),
                    [this] { copySnapshotNow(); });
            });
}

void CliRunner::copySnapshotNow()
{
    CopySnapshotRequest request;
    RequestOptions::fill(m_command, request); // copySnapshot() refused what does not fit
    connect(m_client->copySnapshot(request), &SnapshotJob::finished, this,
            [this, request](const ApiResult<Snapshot> &r) {
                if (!r)
                    return failWithApiError(r.error(), u"CopySnapshot"_s);
                if (!request.targetBucket.isEmpty() && m_command.isSet(u"wait"_s)) {
                    FollowedExport record;
                    record.kind = FollowedExport::Kind::NodeBased;
                    record.snapshotName = r.value().snapshotName;
                    record.bucket = request.targetBucket;
                    record.keys = ExportPlan::nodeBasedObjectKeys(request.targetSnapshotName, r.value());
                    writeErr(u"Exporting snapshot %1 to s3://%2/ (CopySnapshot); following it.\n"_s.arg(
                        r.value().snapshotName, request.targetBucket));
                    return followExport(record,
                                        m_command.global.output == OutputFormat::Json
                                            ? JsonOutput::snapshotResult(r.value())
                                            : QByteArray());
                }
                if (m_command.global.output == OutputFormat::Json)
                    return succeed(JsonOutput::snapshotResult(r.value()));
                QString text = TableFormatter::snapshots({r.value()});
                if (!request.targetBucket.isEmpty()) {
                    text += u"Exporting to s3://%1/ as:\n"_s.arg(request.targetBucket);
                    for (const QString &key : ExportPlan::nodeBasedObjectKeys(request.targetSnapshotName, r.value()))
                        text += u"  s3://%1/%2\n"_s.arg(request.targetBucket, key);
                }
                succeed(text.toUtf8());
            });
}

void CliRunner::deleteSnapshot()
{
    DeleteSnapshotRequest request;
    request.snapshotName = m_command.value(u"snapshot-name"_s);
    connect(m_client->deleteSnapshot(request), &SnapshotJob::finished, this, [this](const ApiResult<Snapshot> &r) {
        if (!r)
            return failWithApiError(r.error(), u"DeleteSnapshot"_s);
        if (m_command.global.output == OutputFormat::Json)
            return succeed(JsonOutput::snapshotResult(r.value()));
        succeed(TableFormatter::snapshots({r.value()}).toUtf8());
    });
}

void CliRunner::exportSnapshot()
{
    const QString name = m_command.value(u"snapshot-name"_s);
    DescribeSnapshotsRequest lookup;
    lookup.snapshotName = name;
    connect(m_client->describeSnapshots(lookup), &SnapshotListJob::finished, this,
            [this, name](const ApiResult<QList<Snapshot>> &result) {
                if (result && !result.value().isEmpty())
                    return exportNodeBased(result.value().constFirst());
                if (!result && !isNotFound(result.error()))
                    return failWithApiError(result.error(), u"DescribeSnapshots"_s);
                exportServerless(name);
            });
}

void CliRunner::exportNodeBased(const Snapshot &source)
{
    const QString bucket = m_command.value(u"bucket"_s);
    CopySnapshotRequest request;
    request.sourceSnapshotName = source.snapshotName;
    request.targetSnapshotName = m_command.isSet(u"target-snapshot-name"_s)
        ? m_command.value(u"target-snapshot-name"_s)
        : ExportPlan::defaultTargetName(source.snapshotName, QDateTime::currentDateTimeUtc());
    request.targetBucket = bucket;
    const QStringList keys = ExportPlan::nodeBasedObjectKeys(request.targetSnapshotName, source);
    checkBeforeExport(
        bucket, ExportCheck::sourceOf(source, request.targetSnapshotName), [this, request, bucket, keys, source] {
            connect(m_client->copySnapshot(request), &SnapshotJob::finished, this,
                    [this, bucket, keys, source](const ApiResult<Snapshot> &r) {
                        if (!r)
                            return failWithApiError(r.error(), u"CopySnapshot"_s);
                        QString objects;
                        for (const QString &key : keys)
                            objects += u"  s3://%1/%2\n"_s.arg(bucket, key);
                        const QString intro
                            = u"Exporting snapshot %1 to s3://%2/ (CopySnapshot); the objects will be:\n"_s.arg(
                                source.snapshotName, bucket);
                        if (m_command.isSet(u"wait"_s)) {
                            writeErr(intro + objects);
                            FollowedExport record;
                            record.kind = FollowedExport::Kind::NodeBased;
                            record.snapshotName = source.snapshotName;
                            record.bucket = bucket;
                            record.keys = keys;
                            return followExport(record,
                                                m_command.global.output == OutputFormat::Json
                                                    ? JsonOutput::snapshotResult(r.value())
                                                    : QByteArray());
                        }
                        if (m_command.global.output == OutputFormat::Json) {
                            // stdout stays the API's document, so scripts can parse it; people read stderr.
                            writeErr(intro + objects);
                            return succeed(JsonOutput::snapshotResult(r.value()));
                        }
                        succeed((intro + objects).toUtf8());
                    });
        });
}

void CliRunner::exportServerless(const QString &name)
{
    DescribeServerlessCacheSnapshotsRequest lookup;
    lookup.serverlessCacheSnapshotName = name;
    connect(m_client->describeServerlessCacheSnapshots(lookup), &ServerlessSnapshotListJob::finished, this,
            [this, name](const ApiResult<QList<ServerlessCacheSnapshot>> &result) {
                if (!result && isNotFound(result.error())) {
                    ApiError error = result.error();
                    error.code = u"SnapshotNotFoundFault"_s;
                    error.message
                        = u"Snapshot %1 not found (neither a node-based nor a serverless snapshot)."_s.arg(name);
                    return failWithApiError(error, u"DescribeSnapshots"_s);
                }
                if (!result)
                    return failWithApiError(result.error(), u"DescribeServerlessCacheSnapshots"_s);
                if (result.value().isEmpty()) {
                    ApiError error;
                    error.code = u"SnapshotNotFoundFault"_s;
                    error.message = u"Snapshot %1 not found."_s.arg(name);
                    return failWithApiError(error, u"DescribeSnapshots"_s);
                }
                if (m_command.isSet(u"target-snapshot-name"_s)) {
                    return failWithMessage(
                        u"cachesnap-cli: error: %1 is a serverless snapshot; ExportServerlessCacheSnapshot names the "
                        "objects after the snapshot, so --target-snapshot-name cannot be used.\n"_s.arg(name),
                        ExitCode::Usage);
                }
                const QString bucket = m_command.value(u"bucket"_s);
                const QString snapshotName = result.value().constFirst().serverlessCacheSnapshotName;
                ExportServerlessCacheSnapshotRequest request;
                request.serverlessCacheSnapshotName = snapshotName;
                request.s3BucketName = bucket;
                checkBeforeExport(
                    bucket, ExportCheck::sourceOf(result.value().constFirst()), [this, request, bucket, snapshotName] {
                        connect(m_client->exportServerlessCacheSnapshot(request), &ServerlessSnapshotJob::finished,
                                this, [this, bucket, snapshotName](const ApiResult<ServerlessCacheSnapshot> &r) {
                                    if (!r)
                                        return failWithApiError(r.error(), u"ExportServerlessCacheSnapshot"_s);
                                    QString text = u"Exporting serverless snapshot %1 to s3://%2/ "
                                                   "(ExportServerlessCacheSnapshot); the objects will be:\n"_s.arg(
                                                       snapshotName, bucket);
                                    for (const QString &key : ExportPlan::serverlessObjectKeys(snapshotName))
                                        text += u"  s3://%1/%2\n"_s.arg(bucket, key);
                                    if (m_command.isSet(u"wait"_s)) {
                                        writeErr(text);
                                        FollowedExport record;
                                        record.kind = FollowedExport::Kind::Serverless;
                                        record.snapshotName = snapshotName;
                                        record.bucket = bucket;
                                        record.keys = ExportPlan::serverlessObjectKeys(snapshotName);
                                        return followExport(record,
                                                            m_command.global.output == OutputFormat::Json
                                                                ? JsonOutput::serverlessSnapshotResult(r.value())
                                                                : QByteArray());
                                    }
                                    if (m_command.global.output == OutputFormat::Json) {
                                        writeErr(text);
                                        return succeed(JsonOutput::serverlessSnapshotResult(r.value()));
                                    }
                                    succeed(text.toUtf8());
                                });
                    });
            });
}

void CliRunner::followExport(FollowedExport record, const QByteArray &document)
{
    // The accepted-at time as the service's clock has it: events are read from then on.
    record.acceptedAt = QDateTime::currentDateTimeUtc().addMSecs(m_client->clockOffsetMs());
    record.region = m_client->config().region;
    // S3's endpoint is not --endpoint-url's (see s3Client()); the keys are the same connection's.
    S3Client *s3 = s3Client();
    if (!s3)
        return;

    const int timeoutSeconds
        = m_command.isSet(u"timeout"_s) ? m_command.value(u"timeout"_s).toInt() : kDefaultExportWaitSeconds;
    m_follower = new ExportFollower(m_client, s3, record, this);
    m_follower->setDeadline(QDateTime::currentDateTimeUtc().addSecs(timeoutSeconds));
    connect(m_follower, &ExportFollower::progressed, this,
            [this](const ExportFollower::Progress &, const QString &text) { writeErr(text + u'\n'); });
    connect(m_follower, &ExportFollower::finished, this, [this, document](bool ok, const QString &text) {
        if (!ok)
            return failWithMessage(u"\n"_s + text + u'\n', ExitCode::Failure);
        if (document.isEmpty())
            return succeed((text + u'\n').toUtf8());
        // stdout stays the API's document, so scripts can parse it; people read stderr.
        writeErr(text + u'\n');
        succeed(document);
    });
    m_follower->start();
}

void CliRunner::waitSnapshotAvailable()
{
    const int timeoutSeconds
        = m_command.isSet(u"timeout"_s) ? m_command.value(u"timeout"_s).toInt() : kDefaultWaitTimeoutSeconds;
    m_waitDeadline = QDeadlineTimer(qint64(timeoutSeconds) * 1000);
    m_waitKind = WaitKind::Unknown;
    m_waitDelayMs = 0;
    pollSnapshot();
}

void CliRunner::pollSnapshot()
{
    if (m_waitKind == WaitKind::Serverless)
        return pollServerlessSnapshot();
    DescribeSnapshotsRequest request;
    request.snapshotName = m_command.value(u"snapshot-name"_s);
    connect(m_client->describeSnapshots(request), &SnapshotListJob::finished, this,
            [this](const ApiResult<QList<Snapshot>> &result) {
                if (result && !result.value().isEmpty()) {
                    m_waitKind = WaitKind::NodeBased;
                    return onWaitStatus(result.value().constFirst().snapshotStatus);
                }
                if (!result && result.error().code == Protocol::unparseableCode())
                    return failWithApiError(result.error(), u"DescribeSnapshots"_s);
                if (!result && !isNotFound(result.error()))
                    return waiterFailed(
                        u"An error occurred (%1) when calling the DescribeSnapshots operation: %2"_s.arg(
                            result.error().code, result.error().message));
                if (m_waitKind == WaitKind::NodeBased)
                    return onWaitMissing();
                // Not a node-based snapshot (yet): it may be a serverless one.
                pollServerlessSnapshot();
            });
}

void CliRunner::pollServerlessSnapshot()
{
    DescribeServerlessCacheSnapshotsRequest request;
    request.serverlessCacheSnapshotName = m_command.value(u"snapshot-name"_s);
    connect(m_client->describeServerlessCacheSnapshots(request), &ServerlessSnapshotListJob::finished, this,
            [this](const ApiResult<QList<ServerlessCacheSnapshot>> &result) {
                if (result && !result.value().isEmpty()) {
                    m_waitKind = WaitKind::Serverless;
                    return onWaitStatus(result.value().constFirst().status);
                }
                if (!result && result.error().code == Protocol::unparseableCode())
                    return failWithApiError(result.error(), u"DescribeServerlessCacheSnapshots"_s);
                if (!result && !isNotFound(result.error()))
                    return waiterFailed(
                        u"An error occurred (%1) when calling the DescribeServerlessCacheSnapshots operation: %2"_s.arg(
                            result.error().code, result.error().message));
                onWaitMissing();
            });
}

void CliRunner::onWaitStatus(const QString &status)
{
    const QString name = m_command.value(u"snapshot-name"_s);
    m_lastStatus = status;
    if (status == u"available") {
        if (m_command.global.output == OutputFormat::Json)
            return succeed({});
        return succeed(u"Snapshot %1 is available.\n"_s.arg(name).toUtf8());
    }
    if (status == u"deleting" || status == u"failed")
        return waiterFailed(u"Waiter encountered a terminal failure state: snapshot %1 is %2."_s.arg(name, status));
    scheduleNextPoll(status);
}

void CliRunner::onWaitMissing()
{
    const QString name = m_command.value(u"snapshot-name"_s);
    if (m_waitKind == WaitKind::Unknown)
        return waiterFailed(u"Waiter encountered a terminal failure state: snapshot %1 not found."_s.arg(name));
    waiterFailed(u"Waiter encountered a terminal failure state: snapshot %1 disappeared (last status: %2)."_s.arg(
        name, m_lastStatus));
}

void CliRunner::waiterFailed(const QString &reason)
{
    failWithMessage(u"\nWaiter SnapshotAvailable failed: "_s + reason + u'\n', ExitCode::Failure);
}

void CliRunner::scheduleNextPoll(const QString &status)
{
    const qint64 remaining = m_waitDeadline.remainingTime();
    if (remaining <= 0) {
        return waiterFailed(
            u"Max attempts exceeded: timed out after %1 s waiting for snapshot %2 (last status: %3)."_s.arg(
                m_command.isSet(u"timeout"_s) ? m_command.value(u"timeout"_s)
                                              : QString::number(kDefaultWaitTimeoutSeconds),
                m_command.value(u"snapshot-name"_s), status));
    }
    m_waitDelayMs = ExportPlan::nextPollDelayMs(m_waitDelayMs, remaining);
    qCDebug(lcCli) << "snapshot is" << status << "- polling again in" << m_waitDelayMs << "ms";
    QTimer::singleShot(m_waitDelayMs, this, &CliRunner::pollSnapshot);
}

void CliRunner::createServerlessCacheSnapshot()
{
    CreateServerlessCacheSnapshotRequest request;
    if (const auto error = RequestOptions::fill(m_command, request))
        return failUsageLater(*error);
    connect(m_client->createServerlessCacheSnapshot(request), &ServerlessSnapshotJob::finished, this,
            [this](const ApiResult<ServerlessCacheSnapshot> &r) {
                if (!r)
                    return failWithApiError(r.error(), u"CreateServerlessCacheSnapshot"_s);
                if (m_command.global.output == OutputFormat::Json)
                    return succeed(JsonOutput::serverlessSnapshotResult(r.value()));
                succeed(TableFormatter::serverlessSnapshots({r.value()}).toUtf8());
            });
}

void CliRunner::copyServerlessCacheSnapshot()
{
    CopyServerlessCacheSnapshotRequest request;
    if (const auto error = RequestOptions::fill(m_command, request))
        return failUsageLater(*error);
    connect(m_client->copyServerlessCacheSnapshot(request), &ServerlessSnapshotJob::finished, this,
            [this](const ApiResult<ServerlessCacheSnapshot> &r) {
                if (!r)
                    return failWithApiError(r.error(), u"CopyServerlessCacheSnapshot"_s);
                if (m_command.global.output == OutputFormat::Json)
                    return succeed(JsonOutput::serverlessSnapshotResult(r.value()));
                succeed(TableFormatter::serverlessSnapshots({r.value()}).toUtf8());
            });
}

void CliRunner::deleteServerlessCacheSnapshot()
{
    DeleteServerlessCacheSnapshotRequest request;
    request.serverlessCacheSnapshotName = m_command.value(u"serverless-cache-snapshot-name"_s);
    connect(m_client->deleteServerlessCacheSnapshot(request), &ServerlessSnapshotJob::finished, this,
            [this](const ApiResult<ServerlessCacheSnapshot> &r) {
                if (!r)
                    return failWithApiError(r.error(), u"DeleteServerlessCacheSnapshot"_s);
                if (m_command.global.output == OutputFormat::Json)
                    return succeed(JsonOutput::serverlessSnapshotResult(r.value()));
                succeed(TableFormatter::serverlessSnapshots({r.value()}).toUtf8());
            });
}

void CliRunner::describeCacheClusters()
{
    DescribeCacheClustersRequest request;
    request.cacheClusterId = m_command.value(u"cache-cluster-id"_s);
    if (m_command.isSet(u"show-cache-node-info"_s))
        request.showCacheNodeInfo = true;
    if (m_command.isSet(u"show-cache-clusters-not-in-replication-groups"_s))
        request.showCacheClustersNotInReplicationGroups = true;
    connect(m_client->describeCacheClusters(request), &CacheClusterListJob::finished, this,
            [this](const ApiResult<QList<CacheCluster>> &r) {
                if (!r)
                    return failWithApiError(r.error(), u"DescribeCacheClusters"_s);
                if (m_command.global.output == OutputFormat::Json)
                    return succeed(JsonOutput::describeCacheClusters(r.value()));
                succeed(TableFormatter::cacheClusters(r.value()).toUtf8());
            });
}

void CliRunner::describeReplicationGroups()
{
    DescribeReplicationGroupsRequest request;
    request.replicationGroupId = m_command.value(u"replication-group-id"_s);
    connect(m_client->describeReplicationGroups(request), &ReplicationGroupListJob::finished, this,
            [this](const ApiResult<QList<ReplicationGroup>> &r) {
                if (!r)
                    return failWithApiError(r.error(), u"DescribeReplicationGroups"_s);
                if (m_command.global.output == OutputFormat::Json)
                    return succeed(JsonOutput::describeReplicationGroups(r.value()));
                succeed(TableFormatter::replicationGroups(r.value()).toUtf8());
            });
}

void CliRunner::describeServerlessCaches()
{
    DescribeServerlessCachesRequest request;
    request.serverlessCacheName = m_command.value(u"serverless-cache-name"_s);
    connect(m_client->describeServerlessCaches(request), &ServerlessCacheListJob::finished, this,
            [this](const ApiResult<QList<ServerlessCache>> &r) {
                if (!r)
                    return failWithApiError(r.error(), u"DescribeServerlessCaches"_s);
                if (m_command.global.output == OutputFormat::Json)
                    return succeed(JsonOutput::describeServerlessCaches(r.value()));
                succeed(TableFormatter::serverlessCaches(r.value()).toUtf8());
            });
}

void CliRunner::checkExportBucket()
{
    if (m_command.isSet(u"serverless-cache-snapshot-name"_s)) {
        const QString name = m_command.value(u"serverless-cache-snapshot-name"_s);
        if (m_command.isSet(u"target-snapshot-name"_s)) {
            QTimer::singleShot(0, this, [this] {
                failWithMessage(
                    CommandLine::usageErrorText(
                        {u"--target-snapshot-name is for node-based snapshots; ExportServerlessCacheSnapshot names "
                         "the objects after the snapshot."_s,
                         m_command.command}),
                    ExitCode::Usage);
            });
            return;
        }
        DescribeServerlessCacheSnapshotsRequest lookup;
        lookup.serverlessCacheSnapshotName = name;
        connect(m_client->describeServerlessCacheSnapshots(lookup), &ServerlessSnapshotListJob::finished, this,
                [this, name](const ApiResult<QList<ServerlessCacheSnapshot>> &result) {
                    if (result && !result.value().isEmpty())
                        return runExportCheck(ExportCheck::sourceOf(result.value().constFirst()), QString());
                    if (result || isNotFound(result.error())) {
                        ApiError error = result ? ApiError() : result.error();
                        error.kind = ApiError::Kind::Service;
                        error.code = u"ServerlessCacheSnapshotNotFoundFault"_s;
                        if (error.message.isEmpty())
                            error.message = u"Serverless cache snapshot %1 not found."_s.arg(name);
                        return failWithApiError(error, u"DescribeServerlessCacheSnapshots"_s);
                    }
                    runExportCheck(std::nullopt,
                                   u"DescribeServerlessCacheSnapshots failed: %1 (%2)."_s.arg(result.error().message,
                                                                                              result.error().code));
                });
        return;
    }
    const QString name = m_command.value(u"snapshot-name"_s);
    DescribeSnapshotsRequest lookup;
    lookup.snapshotName = name;
    connect(m_client->describeSnapshots(lookup), &SnapshotListJob::finished, this,
            [this, name](const ApiResult<QList<Snapshot>> &result) {
                if (result && !result.value().isEmpty()) {
                    const Snapshot &snapshot = result.value().constFirst();
                    const QString target = m_command.isSet(u"target-snapshot-name"_s)
                        ? m_command.value(u"target-snapshot-name"_s)
                        : ExportPlan::defaultTargetName(snapshot.snapshotName, QDateTime::currentDateTimeUtc());
                    return runExportCheck(ExportCheck::sourceOf(snapshot, target), QString());
                }
                if (result || isNotFound(result.error())) {
                    ApiError error = result ? ApiError() : result.error();
                    error.kind = ApiError::Kind::Service;
                    error.code = u"SnapshotNotFoundFault"_s;
                    if (error.message.isEmpty())
                        error.message = u"Snapshot %1 not found."_s.arg(name);
                    return failWithApiError(error, u"DescribeSnapshots"_s);
                }
                runExportCheck(
                    std::nullopt,
                    u"DescribeSnapshots failed: %1 (%2)."_s.arg(result.error().message, result.error().code));
            });
}

void CliRunner::runExportCheck(const std::optional<ExportCheck::Source> &source, const QString &sourceProblem)
{
    S3Client *s3 = s3Client();
    if (!s3)
        return;
    auto *command = new ExportCheckCommand(s3, m_command, m_out, m_err, this);
    command->run(m_command.value(u"bucket"_s), m_client->config().region, source, sourceProblem,
                 [this, command](int exitCode) {
                     command->deleteLater();
                     finish(exitCode);
                 });
}

void CliRunner::checkBeforeExport(const QString &bucket, const ExportCheck::Source &source, std::function<void()> go)
{
    if (!m_command.isSet(u"check"_s))
        return go();
    S3Client *s3 = s3Client();
    if (!s3)
        return;
    auto *command = new ExportCheckCommand(s3, m_command, m_out, m_err, this);
    command->preflight(bucket, m_client->config().region, source, [this, command, go](bool proceed) {
        command->deleteLater();
        if (!proceed)
            return finish(ExitCode::CheckFailed);
        go();
    });
}

S3Client *CliRunner::s3Client()
{
    if (m_s3)
        return m_s3;
    const auto config = CliConfig::resolveS3(m_command.global, m_client->config());
    if (!config) {
        failWithApiError(config.error(), QString());
        return nullptr;
    }
    m_s3 = new S3Client(config.value(), this);
    return m_s3;
}

void CliRunner::describeEvents()
{
    DescribeEventsRequest request;
    request.sourceIdentifier = m_command.value(u"source-identifier"_s);
    request.sourceType = m_command.value(u"source-type"_s);
    for (const auto &[option, member] : {std::pair {u"start-time"_s, &DescribeEventsRequest::startTime},
                                         std::pair {u"end-time"_s, &DescribeEventsRequest::endTime}}) {
        if (!m_command.isSet(option))
            continue;
        const std::optional<Timestamp> time = Timestamp::parse(m_command.value(option));
        if (!time) {
            const QString text = CommandLine::usageErrorText(
                {u"--%1 takes an ISO 8601 time (2024-03-01T10:00:00Z) or seconds since the epoch, not \"%2\"."_s.arg(
                     option, m_command.value(option)),
                 m_command.command});
            QTimer::singleShot(0, this, [this, text] { failWithMessage(text, ExitCode::Usage); });
            return;
        }
        request.*member = *time;
    }
    request.duration = intValue(m_command, u"duration"_s);
    request.maxRecords = intValue(m_command, u"page-size"_s);
    connect(m_client->describeEvents(request), &EventListJob::finished, this, [this](const ApiResult<QList<Event>> &r) {
        if (!r)
            return failWithApiError(r.error(), u"DescribeEvents"_s);
        if (m_command.global.output == OutputFormat::Json)
            return succeed(JsonOutput::describeEvents(r.value()));
        succeed(TableFormatter::events(r.value()).toUtf8());
    });
}

void CliRunner::runLifecycleCommand()
{
    LifecycleCommands::run(m_client, m_command, this, [this](const LifecycleCommands::Outcome &outcome) {
        if (!outcome.usageError.isEmpty())
            return failWithMessage(CommandLine::usageErrorText({outcome.usageError, m_command.command}),
                                   ExitCode::Usage);
        if (outcome.error)
            return failWithApiError(*outcome.error, outcome.operation);
        succeed(outcome.out);
    });
}

void CliRunner::failUsageLater(const QString &message)
{
    const QString text = CommandLine::usageErrorText({message, m_command.command});
    QTimer::singleShot(0, this, [this, text] { failWithMessage(text, ExitCode::Usage); });
}

void CliRunner::writeOut(const QByteArray &bytes)
{
    if (!bytes.isEmpty())
        m_out->write(bytes);
}

void CliRunner::writeErr(const QString &text)
{
    m_err->write(text.toUtf8());
}

void CliRunner::succeed(const QByteArray &stdoutBytes)
{
    writeOut(stdoutBytes);
    finish(ExitCode::Success);
}

void CliRunner::failWithApiError(const ApiError &error, const QString &operation)
{
    const QString op = operation.isEmpty() ? u"the"_s : u"the %1"_s.arg(operation);
    switch (error.kind) {
    case ApiError::Kind::Service:
    case ApiError::Kind::Http: {
        const QString code = error.code.isEmpty() ? QString::number(error.httpStatus) : error.code;
        // botocore prints the note when its retry checker set MaxAttemptsReached, with RetryAttempts (attempts - 1).
        // In standard and adaptive mode (retries/standard.py) the max-attempts check comes first, so the note
        // appears whenever the last attempt was the last one allowed, retryable error or not (with
        // AWS_MAX_ATTEMPTS=1 every service error carries "(reached max retries: 0)"); in legacy mode
        // (retryhandler.py) only a retryable error that used up the attempts sets it.
        const RetryConfig retry = m_client ? m_client->config().retry : RetryConfig();
        const bool maxAttemptsReached = error.attempts >= retry.maxAttempts
            && (retry.mode != RetryConfig::Mode::Legacy || RetryPolicy::isRetryable(error));
        const QString retries
            = m_client && maxAttemptsReached ? u" (reached max retries: %1)"_s.arg(error.attempts - 1) : QString();
        writeErr(u"\nAn error occurred (%1) when calling %2 operation%3: %4\n"_s.arg(code, op, retries, error.message));
        return finish(ExitCode::Service);
    }
    case ApiError::Kind::Credentials:
    case ApiError::Kind::Config:
        writeErr(u"\n"_s + error.message + u'\n');
        return finish(ExitCode::Config);
    case ApiError::Kind::Parse:
        if (error.code == Protocol::unparseableCode()) {
            // botocore's ResponseParserError, printed as the AWS CLI prints it: "Unable to parse response (…)".
            writeErr(u"\n"_s + error.message + u'\n');
            return finish(ExitCode::Failure);
        }
        break;
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Cancelled:
        break;
    }
    const QString retries = error.attempts > 1 ? u" (after %1 attempts)"_s.arg(error.attempts) : QString();
    writeErr(u"\nError when calling %1 operation%2: %3\n"_s.arg(op, retries, error.message));
    finish(ExitCode::Failure);
}

void CliRunner::failWithMessage(const QString &message, int exitCode)
{
    writeErr(message);
    finish(exitCode);
}

void CliRunner::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished(exitCode);
}
