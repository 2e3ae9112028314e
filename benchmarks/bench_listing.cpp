// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later

// One connection's whole snapshot list: the plain sequential listing (the DescribeSnapshots and
// DescribeServerlessCacheSnapshots jobs, one page after another, the two at once as the app runs them) against
// SnapshotSweep (per source, many at once, beside one manual sweep), on a cachesnap-sandbox process with a
// realistic latency and, optionally, a rate limit. Prints the times, their ratio, the requests each made, the
// throttled answers, what the seeded account holds (sources, automatic share), and checks that both listed
// exactly the same snapshots (exit status 1 if not, or if either failed). Asserts no timing.
//
//   build/dev/benchmarks/bench_listing [--snapshots 100000] [--latency-ms 150] [--latency-jitter-ms 0]
//                                      [--rate-limit 0 [--rate-burst N]] [--max-concurrency 32] [--no-sequential]
//                                      [--sandbox PATH]

#include "credentialproviders.h"
#include "elasticacheclient.h"
#include "sandboxdefaults.h"
#include "snapshotsweep.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

struct Listing
{
    QSet<QString> node;
    QSet<QString> serverless;
    QSet<QString> automaticSources; // the sources the automatic snapshots name
    qint64 automatic = 0;
    qint64 manual = 0;
    int requests = 0;
    int throttled = 0;
    double seconds = 0;
    bool ok = true;
    QString error;
};

void countNode(Listing &listing, const QList<Snapshot> &page)
{
    for (const Snapshot &s : page) {
        if (listing.node.contains(s.snapshotName))
            continue;
        listing.node.insert(s.snapshotName);
        if (s.snapshotSource == u"automated") {
            ++listing.automatic;
            listing.automaticSources.insert(s.replicationGroupId.isEmpty() ? u"c:"_s + s.cacheClusterId
                                                                           : u"g:"_s + s.replicationGroupId);
        } else {
            ++listing.manual;
        }
    }
}

void countServerless(Listing &listing, const QList<ServerlessCacheSnapshot> &page)
{
    for (const ServerlessCacheSnapshot &s : page) {
        if (listing.serverless.contains(s.serverlessCacheSnapshotName))
            continue;
        listing.serverless.insert(s.serverlessCacheSnapshotName);
        if (s.snapshotType == u"manual") {
            ++listing.manual;
        } else {
            ++listing.automatic;
            if (s.serverlessCacheConfiguration)
                listing.automaticSources.insert(u"s:"_s + s.serverlessCacheConfiguration->serverlessCacheName);
        }
    }
}

template<typename Job> void watchRetries(Job *job, Listing &listing)
{
    QObject::connect(job, &ApiJob::retrying, job, [&listing](int, int, const ApiError &error) {
        ++listing.requests;
        if (error.isThrottling())
            ++listing.throttled;
    });
}

Listing sequential(ElastiCacheClient *client)
{
    Listing listing;
    QEventLoop loop;
    int running = 2;
    QElapsedTimer timer;
    timer.start();
    const auto done = [&](const std::optional<ApiError> &error) {
        if (error) {
            listing.ok = false;
            listing.error = error->toString();
            if (error->isThrottling())
                ++listing.throttled;
        }
        if (--running == 0)
            loop.quit();
    };
    DescribeSnapshotsRequest request;
    request.maxRecords = 50;
    SnapshotListJob *nodes = client->describeSnapshots(request);
    nodes->setAccumulate(false);
    watchRetries(nodes, listing);
    nodes->onPageReceived(&loop, [&](const QList<Snapshot> &page) {
        ++listing.requests;
        countNode(listing, page);
    });
    nodes->onFinished(&loop, [&](const ApiResult<QList<Snapshot>> &result) {
        done(result ? std::nullopt : std::optional<ApiError>(result.error()));
    });
    DescribeServerlessCacheSnapshotsRequest serverlessRequest;
    serverlessRequest.maxResults = 50;
    ServerlessSnapshotListJob *serverless = client->describeServerlessCacheSnapshots(serverlessRequest);
    serverless->setAccumulate(false);
    watchRetries(serverless, listing);
    serverless->onPageReceived(&loop, [&](const QList<ServerlessCacheSnapshot> &page) {
        ++listing.requests;
        countServerless(listing, page);
    });
    serverless->onFinished(&loop, [&](const ApiResult<QList<ServerlessCacheSnapshot>> &result) {
        done(result ? std::nullopt : std::optional<ApiError>(result.error()));
    });
    loop.exec();
    listing.seconds = double(timer.nsecsElapsed()) / 1e9;
    return listing;
}

Listing sweep(ElastiCacheClient *client, int maxConcurrency, SweepResult &result)
{
    Listing listing;
    QEventLoop loop;
    SnapshotSweep::Options options;
    options.maxConcurrency = maxConcurrency;
    SnapshotSweep sweep(client, options);
    QObject::connect(&sweep, &SnapshotSweep::nodePage, &loop,
                     [&](const QList<Snapshot> &page) { countNode(listing, page); });
    QObject::connect(&sweep, &SnapshotSweep::serverlessPage, &loop,
                     [&](const QList<ServerlessCacheSnapshot> &page) { countServerless(listing, page); });
    QObject::connect(&sweep, &SnapshotSweep::restarted, &loop, [&](const QString &reason) {
        std::printf("  sweep fell back to the plain listing: %s\n", qPrintable(reason));
        listing = Listing();
    });
    QObject::connect(&sweep, &SnapshotSweep::finished, &loop, [&](const SweepResult &r) {
        result = r;
        loop.quit();
    });
    QElapsedTimer timer;
    timer.start();
    sweep.start();
    loop.exec();
    listing.seconds = double(timer.nsecsElapsed()) / 1e9;
    listing.requests = result.requests;
    listing.throttled = result.throttled;
    listing.ok = result.complete;
    if (result.error)
        listing.error = result.error->toString();
    return listing;
}

QString thousands(qint64 n)
{
    return QLocale(QLocale::English).toString(n);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption snapshotsOption(u"snapshots"_s, u"--seed-snapshots of the sandbox."_s, u"N"_s,
                                             u"100000"_s);
    const QCommandLineOption latencyOption(u"latency-ms"_s, u"--latency-ms of the sandbox."_s, u"MS"_s, u"150"_s);
    const QCommandLineOption jitterOption(u"latency-jitter-ms"_s, u"--latency-jitter-ms of the sandbox."_s, u"MS"_s,
                                          u"0"_s);
    const QCommandLineOption rateOption(u"rate-limit"_s, u"--rate-limit of the sandbox (0: none)."_s, u"N"_s, u"0"_s);
    const QCommandLineOption burstOption(u"rate-burst"_s, u"--rate-burst of the sandbox (0: its default)."_s, u"N"_s,
                                         u"0"_s);
    const QCommandLineOption concurrencyOption(u"max-concurrency"_s, u"SnapshotSweep's maxConcurrency."_s, u"N"_s,
                                               u"32"_s);
    const QCommandLineOption noSequentialOption(u"no-sequential"_s, u"Run the sweep only."_s);
    const QCommandLineOption sandboxOption(u"sandbox"_s, u"The cachesnap-sandbox binary."_s, u"PATH"_s,
                                           QCoreApplication::applicationDirPath() + u"/../app/cachesnap-sandbox"_s);
    parser.addOptions({snapshotsOption, latencyOption, jitterOption, rateOption, burstOption, concurrencyOption,
                       noSequentialOption, sandboxOption});
    parser.process(app);

    // A day for every operation under way: the few seeded snapshots caught mid-operation (being deleted, copied)
    // must not change between the two listings, which are compared.
    QStringList arguments {u"--listen"_s,
                           u"127.0.0.1:0"_s,
                           u"--seed-snapshots"_s,
                           parser.value(snapshotsOption),
                           u"--latency-ms"_s,
                           parser.value(latencyOption),
                           u"--latency-jitter-ms"_s,
                           parser.value(jitterOption),
                           u"--snapshot-create-seconds"_s,
                           u"86400"_s};
    if (parser.value(rateOption).toDouble() > 0) {
        arguments << u"--rate-limit"_s << parser.value(rateOption);
        if (parser.value(burstOption).toInt() > 0)
            arguments << u"--rate-burst"_s << parser.value(burstOption);
    }
    QProcess sandbox;
    sandbox.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    sandbox.start(parser.value(sandboxOption), arguments);
    if (!sandbox.waitForStarted(10000) || !sandbox.waitForReadyRead(600000)) {
        std::fprintf(stderr, "bench_listing: cannot start %s\n", qPrintable(parser.value(sandboxOption)));
        return 1;
    }
    const QString line = QString::fromUtf8(sandbox.readLine()).trimmed();
    const QRegularExpressionMatch url = QRegularExpression(u"listening on (http://\\S+)"_s).match(line);
    if (!url.hasMatch()) {
        std::fprintf(stderr, "bench_listing: unexpected sandbox output: %s\n", qPrintable(line));
        return 1;
    }
    std::printf("cachesnap-sandbox %s\n", qPrintable(arguments.mid(2).join(u' ')));

    ClientConfig config;
    config.region = QString(SandboxDefaults::region);
    config.endpoint = QUrl(url.captured(1));
    AwsCredentials credentials;
    credentials.accessKeyId = QString(SandboxDefaults::accessKeyId);
    credentials.secretAccessKey = QString(SandboxDefaults::secretAccessKey);
    config.credentials = std::make_shared<StaticCredentialsProvider>(credentials);

    int status = 0;
    SweepResult sweepResult;
    Listing swept;
    {
        ElastiCacheClient client(config); // a client of its own: its own retry quota
        swept = sweep(&client, parser.value(concurrencyOption).toInt(), sweepResult);
    }
    std::printf("sweep:      %8.1f s  %7s snapshots  %6s requests  %5s throttled  %s\n", swept.seconds,
                qPrintable(thousands(swept.node.size() + swept.serverless.size())),
                qPrintable(thousands(swept.requests)), qPrintable(thousands(swept.throttled)),
                qPrintable(sweepResult.words()));
    std::printf("            %d sources found, concurrency peak %d, at the end %d, %d pages asked again\n",
                sweepResult.sources, sweepResult.peakConcurrency, sweepResult.finalConcurrency,
                sweepResult.pageRetries);
    if (!swept.ok) {
        std::printf("sweep FAILED: %s\n", qPrintable(swept.error));
        status = 1;
    }
    const qint64 total = swept.automatic + swept.manual;
    std::printf("seeded:     %s node-based + %s serverless snapshots; %s automatic (%.1f%%) over %s sources with "
                "automatic snapshots\n",
                qPrintable(thousands(swept.node.size())), qPrintable(thousands(swept.serverless.size())),
                qPrintable(thousands(swept.automatic)),
                total > 0 ? 100.0 * double(swept.automatic) / double(total) : 0.0,
                qPrintable(thousands(swept.automaticSources.size())));

    if (!parser.isSet(noSequentialOption)) {
        Listing plain;
        {
            ElastiCacheClient client(config);
            plain = sequential(&client);
        }
        std::printf("sequential: %8.1f s  %7s snapshots  %6s requests  %5s throttled\n", plain.seconds,
                    qPrintable(thousands(plain.node.size() + plain.serverless.size())),
                    qPrintable(thousands(plain.requests)), qPrintable(thousands(plain.throttled)));
        if (!plain.ok) {
            std::printf("sequential FAILED: %s\n", qPrintable(plain.error));
            status = 1;
        }
        const bool same = plain.node == swept.node && plain.serverless == swept.serverless;
        std::printf("same set:   %s (node-based %s vs %s, serverless %s vs %s)\n", same ? "yes" : "NO",
                    qPrintable(thousands(swept.node.size())), qPrintable(thousands(plain.node.size())),
                    qPrintable(thousands(swept.serverless.size())), qPrintable(thousands(plain.serverless.size())));
        if (!same)
            status = 1;
        if (plain.seconds > 0)
            std::printf("ratio:      sweep / sequential = %.3f (1/%.1f; the target is at most 1/5)\n",
                        swept.seconds / plain.seconds, plain.seconds / std::max(0.001, swept.seconds));
    }
    std::printf("rerun:      %s\n", qPrintable(QCoreApplication::arguments().join(u' ')));
    sandbox.terminate();
    sandbox.waitForFinished(10000);
    return status;
}
