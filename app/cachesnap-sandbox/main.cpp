// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

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
        *error = u"--%1 takes a rate between 0 and 1, not %2"_qs.arg(name, parser.value(name));
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
        *error = u"--listen takes ADDRESS:PORT (for example 127.0.0.1:0), not %1"_qs.arg(text);
        return false;
    }
    config->address = address;
    config->port = quint16(port);
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"cachesnap-sandbox"_qs);
    QCoreApplication::setApplicationVersion(QStringLiteral(CACHESNAP_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A local Amazon ElastiCache endpoint (Query API 2015-02-02, SigV4) with realistic seeded data.\n"
        "Without key flags it accepts the sandbox key pair %1 / %2 in region %3."_qs.arg(
            SandboxDefaults::accessKeyId, SandboxDefaults::secretAccessKey, SandboxDefaults::region));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {u"listen"_qs, u"Address and port to listen on; port 0 picks a free one (default 127.0.0.1:0)."_qs,
         u"ADDRESS:PORT"_qs},
        {u"region"_qs, u"The region the sandbox is in (default us-east-1)."_qs, u"REGION"_qs},
        {u"access-key-id"_qs, u"The only access key id accepted."_qs, u"KEY"_qs},
        {u"secret-access-key"_qs, u"Its secret access key."_qs, u"SECRET"_qs},
        {u"seed"_qs, u"Seed of the generated data (default 1)."_qs, u"N"_qs},
        {u"seed-snapshots"_qs, u"Number of node-based snapshots to generate (default 60)."_qs, u"N"_qs},
        {u"state"_qs, u"Keep the state in this JSON file (loaded if it exists, saved on changes and exit)."_qs,
         u"FILE"_qs},
        {u"s3-root"_qs, u"Folder holding one folder per S3 bucket, for exports."_qs, u"DIR"_qs},
        {u"snapshot-create-seconds"_qs, u"How long creating a snapshot takes (default 4)."_qs, u"S"_qs},
        {u"max-manual-snapshots"_qs, u"Most manual node-based snapshots the account may hold (default 0: no limit)."_qs,
         u"N"_qs},
        {u"manual-snapshots-per-day"_qs,
         u"Most manual snapshots of one cluster or replication group in 24 hours (default 20)."_qs, u"N"_qs},
        {u"serverless-snapshots-per-day"_qs,
         u"Most manual snapshots of one serverless cache in 24 hours (default 24)."_qs, u"N"_qs},
        {u"clock-offset-seconds"_qs,
         u"Run the sandbox's clock this far ahead of the machine's (negative: behind), to show clock skew."_qs,
         u"S"_qs},
        {u"latency-ms"_qs, u"Delay every answer by this many milliseconds."_qs, u"L"_qs},
        {u"throttle-rate"_qs, u"Share of requests answered 400 Throttling."_qs, u"X"_qs},
        {u"error-rate"_qs, u"Share of requests answered 500 InternalFailure or 503 ServiceUnavailable."_qs, u"X"_qs},
        {u"drop-rate"_qs, u"Share of answers whose connection is closed mid-response."_qs, u"X"_qs},
        {u"truncate-rate"_qs, u"Share of answers whose XML is cut short."_qs, u"X"_qs},
    });
    parser.process(app);

    SandboxConfig config;
    QString error;
    const auto fail = [&](const QString &message) {
        std::fprintf(stderr, "cachesnap-sandbox: %s\n", qPrintable(message));
        return 2;
    };
    if (parser.isSet(u"listen"_qs) && !parseListen(parser.value(u"listen"_qs), &config, &error))
        return fail(error);
    if (parser.isSet(u"region"_qs))
        config.region = parser.value(u"region"_qs);
    if (parser.isSet(u"access-key-id"_qs) != parser.isSet(u"secret-access-key"_qs))
        return fail(u"--access-key-id and --secret-access-key go together"_qs);
    if (parser.isSet(u"access-key-id"_qs)) {
        config.accessKeyId = parser.value(u"access-key-id"_qs);
        config.secretAccessKey = parser.value(u"secret-access-key"_qs);
    }
    bool ok = true;
    if (parser.isSet(u"seed"_qs)) {
        config.seed = parser.value(u"seed"_qs).toULongLong(&ok);
        if (!ok)
            return fail(u"--seed takes a non-negative integer"_qs);
    }
    if (parser.isSet(u"seed-snapshots"_qs)) {
        config.seedSnapshots = parser.value(u"seed-snapshots"_qs).toInt(&ok);
        if (!ok || config.seedSnapshots < 0)
            return fail(u"--seed-snapshots takes a non-negative integer"_qs);
    }
    config.statePath = parser.value(u"state"_qs);
    config.s3Root = parser.value(u"s3-root"_qs);
    if (parser.isSet(u"snapshot-create-seconds"_qs)) {
        config.snapshotCreateSeconds = parser.value(u"snapshot-create-seconds"_qs).toDouble(&ok);
        if (!ok || config.snapshotCreateSeconds < 0)
            return fail(u"--snapshot-create-seconds takes a non-negative number"_qs);
    }
    const auto count = [&](const QString &name, int *value) {
        if (!parser.isSet(name))
            return true;
        *value = parser.value(name).toInt(&ok);
        if (!ok || *value < 0) {
            error = u"--%1 takes a non-negative integer"_qs.arg(name);
            return false;
        }
        return true;
    };
    if (!count(u"max-manual-snapshots"_qs, &config.maxManualSnapshots)
        || !count(u"manual-snapshots-per-day"_qs, &config.manualSnapshotsPerSourcePerDay)
        || !count(u"serverless-snapshots-per-day"_qs, &config.manualServerlessSnapshotsPerCachePerDay))
        return fail(error);
    if (parser.isSet(u"clock-offset-seconds"_qs)) {
        config.clockOffsetSeconds = parser.value(u"clock-offset-seconds"_qs).toInt(&ok);
        if (!ok)
            return fail(u"--clock-offset-seconds takes an integer"_qs);
    }
    if (parser.isSet(u"latency-ms"_qs)) {
        config.latencyMs = parser.value(u"latency-ms"_qs).toInt(&ok);
        if (!ok || config.latencyMs < 0)
            return fail(u"--latency-ms takes a non-negative integer"_qs);
    }
    if (!parseRate(parser, u"throttle-rate"_qs, &config.throttleRate, &error)
        || !parseRate(parser, u"error-rate"_qs, &config.errorRate, &error)
        || !parseRate(parser, u"drop-rate"_qs, &config.dropRate, &error)
        || !parseRate(parser, u"truncate-rate"_qs, &config.truncateRate, &error))
        return fail(error);

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return fail(u"cannot create the signal pipe"_qs);
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
    std::printf("listening on http://%s:%u\n", qPrintable(config.address.toString()), unsigned(server.port()));
    std::fflush(stdout);

    const int code = app.exec();
    if (!server.saveState(&error))
        return fail(error);
    return code;
}
