// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "endpointresolver.h"
#include "sandboxfleet.h"
#include "sandboxserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

int signalPipe[2] = {-1, -1};

// Only async-signal-safe work here: the event loop picks the byte up and shuts down in order.
extern "C" void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

bool parseRate(const QCommandLineParser &parser, const QString &name, double *rate, QString *error)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const double value = parser.value(name).toDouble(&ok);
    if (!ok || value < 0 || value > 1) {
        *error = u"--%1 takes a rate between 0 and 1, not %2"_s.arg(name, parser.value(name));
        return false;
    }
    *rate = value;
    return true;
}

bool parseListen(const QString &text, SandboxConfig *config, QString *error)
{
    const qsizetype colon = text.lastIndexOf(u':');
    QString host = colon < 0 ? text : text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = colon >= 0;
    const uint port = ok ? text.mid(colon + 1).toUInt(&ok) : 0;
    QHostAddress address;
    if (!ok || port > 65535 || !address.setAddress(host)) {
        *error = u"--listen takes ADDRESS:PORT (for example 127.0.0.1:0), not %1"_s.arg(text);
        return false;
    }
    config->address = address;
    config->port = quint16(port);
    return true;
}

// ID:KEY:SECRET[:REGION,REGION…]
bool parseAccount(const QString &text, SandboxAccountKey *key, QString *error)
{
    const QStringList parts = text.split(u':');
    if (parts.size() < 3 || parts.size() > 4 || parts.at(0).isEmpty() || parts.at(1).isEmpty()
        || parts.at(2).isEmpty()) {
        *error = u"--account takes ACCOUNT_ID:ACCESS_KEY_ID:SECRET[:REGION,…], not %1"_s.arg(text);
        return false;
    }
    key->accountId = parts.at(0);
    key->accessKeyId = parts.at(1);
    key->secretAccessKey = parts.at(2);
    if (parts.size() == 4)
        key->regions = parts.at(3).split(u',', Qt::SkipEmptyParts);
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"cachesnap-sandbox"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(CACHESNAP_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A local Amazon ElastiCache endpoint (Query API 2015-02-02, SigV4) with realistic seeded data.\n"
        "Without key flags it accepts the sandbox key pair %1 / %2 in region %3."_s.arg(
            SandboxDefaults::accessKeyId, SandboxDefaults::secretAccessKey, SandboxDefaults::region));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {u"listen"_s,
         u"Address and port to listen on; port 0 picks a free one (default 127.0.0.1:0). Loopback addresses only "
         "(127.0.0.1, [::1]) unless --allow-remote is given."_s,
         u"ADDRESS:PORT"_s},
        {u"allow-remote"_s,
         u"Allow a --listen address other than loopback. Anyone who can reach it can use the sandbox with its "
         "documented keys."_s},
        {u"idle-timeout"_s, u"Close a connection idle for this many seconds (default 60)."_s, u"S"_s},
        {u"region"_s,
         u"The region the sandbox is in (default us-east-1): the home region, where --state and --s3-root apply."_s,
         u"REGION"_s},
        {u"regions"_s,
         u"Also serve these regions (comma-separated), or all: every ElastiCache region of --region's partition. A "
         "request signed for a region its account does not serve is answered as for a region not enabled."_s,
         u"LIST"_s},
        {u"access-key-id"_s, u"The access key id of the home account (123456789012)."_s, u"KEY"_s},
        {u"secret-access-key"_s, u"Its secret access key."_s, u"SECRET"_s},
        {u"account"_s,
         u"Accept this key pair for this account (repeatable; an account is the set of its keys), in the given "
         "regions or else in --region and --regions. Each account's data differs per region."_s,
         u"ID:KEY:SECRET[:REGIONS]"_s},
        {u"seed"_s, u"Seed of the generated data (default 1)."_s, u"N"_s},
        {u"seed-snapshots"_s, u"Number of node-based snapshots to generate (default 60)."_s, u"N"_s},
        {u"seed-all-at-start"_s,
         u"Seed every account in every region it serves before listening, instead of each on its first request."_s},
        {u"state"_s, u"Keep the state in this JSON file (loaded if it exists, saved on changes and exit)."_s,
         u"FILE"_s},
        {u"s3-root"_s, u"Folder holding one folder per S3 bucket, with its objects as files."_s, u"DIR"_s},
        {u"snapshot-create-seconds"_s, u"How long creating a snapshot takes (default 4)."_s, u"S"_s},
        {u"create-seconds"_s,
         u"How long a new cache (CreateReplicationGroup, CreateCacheCluster, CreateServerlessCache: a restore) is "
         "creating before it is available (default 20)."_s,
         u"S"_s},
        {u"export-seconds"_s,
         u"How long an export takes; it writes its objects one at a time over that time (default: as long as "
         "creating a snapshot; 0: at once)."_s,
         u"S"_s},
        {u"export-fail-after-objects"_s,
         u"Make every export fail after writing N objects (a failure event says why)."_s, u"N"_s},
        {u"max-manual-snapshots"_s, u"Most manual node-based snapshots the account may hold (default 0: no limit)."_s,
         u"N"_s},
        {u"manual-snapshots-per-day"_s,
         u"Most manual snapshots of one cluster or replication group in 24 hours (default 20)."_s, u"N"_s},
        {u"serverless-snapshots-per-day"_s,
         u"Most manual snapshots of one serverless cache in 24 hours (default 24)."_s, u"N"_s},
        {u"clock-offset-seconds"_s,
         u"Run the sandbox's clock this far ahead of the machine's (negative: behind), to show clock skew."_s, u"S"_s},
        {u"latency-ms"_s, u"Delay every answer by this many milliseconds."_s, u"L"_s},
        {u"latency-jitter-ms"_s, u"Add a random delay of 0 to J milliseconds to every answer."_s, u"J"_s},
        {u"rate-limit"_s,
         u"Requests per second each account may make in each region to each service (fractions allowed); above it "
         "the answer is the service's throttling error (default 0: no limit)."_s,
         u"N"_s},
        {u"rate-burst"_s, u"Requests the rate limit lets through at once (default: one second's worth)."_s, u"N"_s},
        {u"throttle-rate"_s, u"Share of requests answered 400 Throttling."_s, u"X"_s},
        {u"error-rate"_s, u"Share of requests answered 500 InternalFailure or 503 ServiceUnavailable."_s, u"X"_s},
        {u"drop-rate"_s, u"Share of answers whose connection is closed mid-response."_s, u"X"_s},
        {u"truncate-rate"_s, u"Share of answers whose XML is cut short."_s, u"X"_s},
    });
    parser.process(app);

    SandboxConfig config;
    QString error;
    const auto fail = [&](const QString &message) {
        std::fprintf(stderr, "cachesnap-sandbox: %s\n", qPrintable(message));
        return 2;
    };
    if (parser.isSet(u"listen"_s) && !parseListen(parser.value(u"listen"_s), &config, &error))
        return fail(error);
    config.allowRemote = parser.isSet(u"allow-remote"_s);
    if (!config.address.isLoopback() && !config.allowRemote)
        return fail(u"--listen %1 is not a loopback address; the sandbox accepts its documented keys, so it listens "
                    "on this machine only (127.0.0.1 or [::1]) unless --allow-remote is given"_s.arg(
                        parser.value(u"listen"_s)));
    if (parser.isSet(u"idle-timeout"_s)) {
        bool ok = false;
        config.idleTimeoutSeconds = parser.value(u"idle-timeout"_s).toDouble(&ok);
        if (!ok || !(config.idleTimeoutSeconds > 0) || config.idleTimeoutSeconds > 86400)
            return fail(u"--idle-timeout takes a number of seconds above 0 and at most 86400"_s);
    }
    if (parser.isSet(u"region"_s))
        config.region = parser.value(u"region"_s);
    if (!EndpointResolver::isValidRegionName(config.region))
        return fail(u"--region takes a region name (us-east-1), not %1"_s.arg(config.region));
    if (parser.isSet(u"regions"_s)) {
        const QString list = parser.value(u"regions"_s);
        if (list == u"all") {
            config.regions = EndpointResolver::regions(EndpointResolver::partitionOf(config.region));
            if (config.regions.isEmpty())
                return fail(u"--regions all: no ElastiCache region list is known for %1"_s.arg(config.region));
        } else {
            config.regions = list.split(u',', Qt::SkipEmptyParts);
            for (QString &region : config.regions)
                region = region.trimmed();
            if (config.regions.isEmpty())
                return fail(u"--regions takes region names separated by commas, or all"_s);
        }
    }
    for (const QString &text : parser.values(u"account"_s)) {
        SandboxAccountKey key;
        if (!parseAccount(text, &key, &error))
            return fail(error);
        config.accountKeys.append(key);
    }
    if (parser.isSet(u"access-key-id"_s) != parser.isSet(u"secret-access-key"_s))
        return fail(u"--access-key-id and --secret-access-key go together"_s);
    if (parser.isSet(u"access-key-id"_s)) {
        config.accessKeyId = parser.value(u"access-key-id"_s);
        config.secretAccessKey = parser.value(u"secret-access-key"_s);
    }
    bool ok = true;
    if (const QString problem = SandboxFleet::configProblem(config); !problem.isEmpty())
        return fail(problem);
    if (parser.isSet(u"seed"_s)) {
        config.seed = parser.value(u"seed"_s).toULongLong(&ok);
        if (!ok)
            return fail(u"--seed takes a non-negative integer"_s);
    }
    if (parser.isSet(u"seed-snapshots"_s)) {
        config.seedSnapshots = parser.value(u"seed-snapshots"_s).toInt(&ok);
        if (!ok || config.seedSnapshots < 0)
            return fail(u"--seed-snapshots takes a non-negative integer"_s);
    }
    config.seedAllAtStart = parser.isSet(u"seed-all-at-start"_s);
    config.statePath = parser.value(u"state"_s);
    config.s3Root = parser.value(u"s3-root"_s);
    if (parser.isSet(u"snapshot-create-seconds"_s)) {
        config.snapshotCreateSeconds = parser.value(u"snapshot-create-seconds"_s).toDouble(&ok);
        if (!ok || config.snapshotCreateSeconds < 0)
            return fail(u"--snapshot-create-seconds takes a non-negative number"_s);
    }
    if (parser.isSet(u"create-seconds"_s)) {
        config.createSeconds = parser.value(u"create-seconds"_s).toDouble(&ok);
        if (!ok || config.createSeconds < 0)
            return fail(u"--create-seconds takes a non-negative number"_s);
    }
    if (parser.isSet(u"export-seconds"_s)) {
        config.exportSeconds = parser.value(u"export-seconds"_s).toDouble(&ok);
        if (!ok || config.exportSeconds < 0)
            return fail(u"--export-seconds takes a non-negative number"_s);
    }
    const auto count = [&](const QString &name, int *value) {
        if (!parser.isSet(name))
            return true;
        *value = parser.value(name).toInt(&ok);
        if (!ok || *value < 0) {
            error = u"--%1 takes a non-negative integer"_s.arg(name);
            return false;
        }
        return true;
    };
    if (!count(u"max-manual-snapshots"_s, &config.maxManualSnapshots)
        || !count(u"manual-snapshots-per-day"_s, &config.manualSnapshotsPerSourcePerDay)
        || !count(u"serverless-snapshots-per-day"_s, &config.manualServerlessSnapshotsPerCachePerDay)
        || !count(u"export-fail-after-objects"_s, &config.exportFailAfterObjects))
        return fail(error);
    if (parser.isSet(u"clock-offset-seconds"_s)) {
        config.clockOffsetSeconds = parser.value(u"clock-offset-seconds"_s).toInt(&ok);
        if (!ok)
            return fail(u"--clock-offset-seconds takes an integer"_s);
    }
    if (parser.isSet(u"latency-ms"_s)) {
        config.latencyMs = parser.value(u"latency-ms"_s).toInt(&ok);
        if (!ok || config.latencyMs < 0)
            return fail(u"--latency-ms takes a non-negative integer"_s);
    }
    if (parser.isSet(u"latency-jitter-ms"_s)) {
        config.latencyJitterMs = parser.value(u"latency-jitter-ms"_s).toInt(&ok);
        if (!ok || config.latencyJitterMs < 0 || config.latencyJitterMs > 600000)
            return fail(u"--latency-jitter-ms takes an integer from 0 to 600000"_s);
    }
    if (parser.isSet(u"rate-limit"_s)) {
        config.rateLimit = parser.value(u"rate-limit"_s).toDouble(&ok);
        if (!ok || !(config.rateLimit >= 0) || config.rateLimit > 1e6)
            return fail(u"--rate-limit takes a number of requests per second from 0 to 1000000"_s);
    }
    if (parser.isSet(u"rate-burst"_s)) {
        config.rateBurst = parser.value(u"rate-burst"_s).toInt(&ok);
        if (!ok || config.rateBurst < 1 || config.rateBurst > 1000000)
            return fail(u"--rate-burst takes an integer from 1 to 1000000"_s);
    }
    if (!parseRate(parser, u"throttle-rate"_s, &config.throttleRate, &error)
        || !parseRate(parser, u"error-rate"_s, &config.errorRate, &error)
        || !parseRate(parser, u"drop-rate"_s, &config.dropRate, &error)
        || !parseRate(parser, u"truncate-rate"_s, &config.truncateRate, &error))
        return fail(error);

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return fail(u"cannot create the signal pipe"_s);
    QSocketNotifier notifier(signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        char byte;
        [[maybe_unused]] const auto got = ::read(signalPipe[0], &byte, 1);
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);

    SandboxServer server(config);
    if (!server.start(&error))
        return fail(error);
    if (!config.address.isLoopback())
        std::fprintf(stderr,
                     "cachesnap-sandbox: warning: listening on %s, which is not a loopback address: anyone who can "
                     "reach it can use the sandbox with its documented keys\n",
                     qPrintable(config.address.toString()));
    QUrl url = server.url();
    url.setPath(QString());
    std::printf("listening on %s\n", qPrintable(url.toString()));
    std::fflush(stdout);

    const int code = app.exec();
    if (!server.saveState(&error))
        return fail(error);
    return code;
}
