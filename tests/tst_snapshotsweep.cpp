// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// SnapshotSweep against the in-process sandbox over loopback HTTP: the same set as the plain sequential listing,
// the fallback when a source appears or vanishes mid-sweep or an answer holds a snapshot its filter should not
// have let through (a scripted server), the sandbox's rate limit, and cancel().
#include "credentialproviders.h"
#include "elasticacheclient.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "sandboxxml.h"
#include "scriptedserver.h"
#include "snapshotsweep.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

struct Listed
{
    QSet<QString> node;
    QSet<QString> serverless;
    bool operator==(const Listed &) const = default;
};

// For QCOMPARE's message.
char *toString(const Listed &listed)
{
    const QByteArray text = QByteArray::number(listed.node.size()) + " node-based, "
        + QByteArray::number(listed.serverless.size()) + " serverless";
    return qstrdup(text.constData());
}

// What a sweep emitted, from its last restarted() on, and how it ended.
struct SweepRun
{
    Listed listed;
    SweepResult result;
    QStringList restarts;
    int pages = 0;
    int pagesAtFinish = -1;
    int repeated = 0; // names emitted again since the (re)start: the sweep emits each once
    bool finished = false;
};

} // namespace

class TestSnapshotSweep final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void sameSetAsThePlainListing();
    void aNameSeenMidPageIsLeftOut();
    void plainOnlyWhenAsked();
    void fallsBackWhenASourceAppears();
    void fallsBackWhenASourceVanishes();
    void fallsBackOnAnUnexpectedAnswer();
    void completesUnderTheRateLimitAndLowersItsConcurrency();
    void switchesToThePlainListingWhenThrottlingMakesItQuicker();
    void cancelStopsIt();

private:
    void startServer(int seedSnapshots);
    std::unique_ptr<ElastiCacheClient> makeClient(const QUrl &endpoint, const QString &region) const;
    // The plain sequential listing through the plain jobs (every page).
    Listed plainListing(ElastiCacheClient *client);
    // Runs a sweep to its end; onPage (if set) runs at each node-based page with the page.
    SweepRun runSweep(ElastiCacheClient *client, SnapshotSweep::Options options,
                      const std::function<void(SnapshotSweep *, const QList<Snapshot> &)> &onPage = {});
    // Pages of 20 (many pages per listing), or of 50 where paging is not the point (the plain fallbacks are quicker).
    static SnapshotSweep::Options smallPages(int snapshotPageSize = 20);

    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<ElastiCacheClient> m_client;
};

void TestSnapshotSweep::init()
{
    startServer(200);
}

void TestSnapshotSweep::cleanup()
{
    m_client.reset();
    m_server.reset();
}

void TestSnapshotSweep::startServer(int seedSnapshots)
{
    m_client.reset();
    SandboxConfig config;
    config.seed = 13;
    config.seedSnapshots = seedSnapshots;
    config.seedAnchor = QDateTime(QDate(2026, 11, 1), QTime(12, 0), Qt::UTC);
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_client = makeClient(m_server->url(), m_server->region());
}

std::unique_ptr<ElastiCacheClient> TestSnapshotSweep::makeClient(const QUrl &endpoint, const QString &region) const
{
    ClientConfig config;
    config.region = region;
    config.endpoint = endpoint;
    AwsCredentials credentials;
    credentials.accessKeyId = QString(SandboxDefaults::accessKeyId);
    credentials.secretAccessKey = QString(SandboxDefaults::secretAccessKey);
    config.credentials = std::make_shared<StaticCredentialsProvider>(credentials);
    return std::make_unique<ElastiCacheClient>(config);
}

SnapshotSweep::Options TestSnapshotSweep::smallPages(int snapshotPageSize)
{
    SnapshotSweep::Options options;
    options.snapshotPageSize = snapshotPageSize;
    options.sourcePageSize = 20;
    options.maxConcurrency = 8;
    options.initialConcurrency = 2;
    return options;
}

Listed TestSnapshotSweep::plainListing(ElastiCacheClient *client)
{
    Listed listed;
    int running = 2;
    bool ok = true;
    DescribeSnapshotsRequest request;
    request.maxRecords = 50;
    client->describeSnapshots(request)->onFinished(this, [&](const ApiResult<QList<Snapshot>> &result) {
        --running;
        ok = ok && bool(result);
        if (result) {
            for (const Snapshot &s : result.value())
                listed.node.insert(s.snapshotName);
        }
    });
    DescribeServerlessCacheSnapshotsRequest serverlessRequest;
    serverlessRequest.maxResults = 50;
    client->describeServerlessCacheSnapshots(serverlessRequest)
        ->onFinished(this, [&](const ApiResult<QList<ServerlessCacheSnapshot>> &result) {
            --running;
            ok = ok && bool(result);
            if (result) {
                for (const ServerlessCacheSnapshot &s : result.value())
                    listed.serverless.insert(s.serverlessCacheSnapshotName);
            }
        });
    if (!QTest::qWaitFor([&] { return running == 0; }, 30000) || !ok)
        qWarning() << "the plain listing failed";
    return listed;
}

SweepRun TestSnapshotSweep::runSweep(ElastiCacheClient *client, SnapshotSweep::Options options,
                                     const std::function<void(SnapshotSweep *, const QList<Snapshot> &)> &onPage)
{
    SweepRun run;
    SnapshotSweep sweep(client, options);
    connect(&sweep, &SnapshotSweep::nodePage, this, [&](const QList<Snapshot> &page) {
        QVERIFY(!run.finished);
        ++run.pages;
        for (const Snapshot &s : page) {
            run.repeated += run.listed.node.contains(s.snapshotName);
            run.listed.node.insert(s.snapshotName);
        }
        if (onPage)
            onPage(&sweep, page);
    });
    connect(&sweep, &SnapshotSweep::serverlessPage, this, [&](const QList<ServerlessCacheSnapshot> &page) {
        QVERIFY(!run.finished);
        ++run.pages;
        for (const ServerlessCacheSnapshot &s : page) {
            run.repeated += run.listed.serverless.contains(s.serverlessCacheSnapshotName);
            run.listed.serverless.insert(s.serverlessCacheSnapshotName);
        }
    });
    connect(&sweep, &SnapshotSweep::restarted, this, [&](const QString &reason) {
        run.restarts.append(reason);
        run.listed = {};
        run.repeated = 0;
    });
    connect(&sweep, &SnapshotSweep::finished, this, [&](const SweepResult &result) {
        QVERIFY(!run.finished);
        run.finished = true;
        run.pagesAtFinish = run.pages;
        run.result = result;
    });
    sweep.start();
    if (!QTest::qWaitFor([&] { return run.finished; }, 30000))
        qWarning() << "the sweep did not finish";
    // Nothing arrives after the end, even from calls that were in flight (the page slots check).
    QTest::qWait(50);
    return run;
}

void TestSnapshotSweep::sameSetAsThePlainListing()
{
    SandboxState *state = m_server->state();
    // Manual snapshots whose source is gone: only the manual sweeps find them.
    Snapshot orphan = *state->snapshot(u"demo-before-upgrade"_s);
    orphan.snapshotName = u"orphan-of-a-deleted-cluster"_s;
    orphan.cacheClusterId = u"deleted-cluster-001"_s;
    orphan.arn.replace(u"demo-before-upgrade"_s, orphan.snapshotName);
    state->addSnapshot(orphan);
    ServerlessCacheSnapshot serverlessOrphan = *state->serverlessSnapshot(u"demo-serverless-manual"_s);
    serverlessOrphan.serverlessCacheSnapshotName = u"orphan-of-a-deleted-serverless-cache"_s;
    serverlessOrphan.serverlessCacheConfiguration->serverlessCacheName = u"deleted-serverless"_s;
    state->addServerlessSnapshot(serverlessOrphan);

    const Listed plain = plainListing(m_client.get());
    QVERIFY(plain.node.size() > 150);
    QVERIFY(plain.serverless.size() > 25);
    QVERIFY(plain.node.contains(orphan.snapshotName));
    QVERIFY(plain.serverless.contains(serverlessOrphan.serverlessCacheSnapshotName));

    const SweepRun run = runSweep(m_client.get(), smallPages());
    QVERIFY(run.finished);
    QVERIFY2(run.result.complete, qPrintable(run.result.words()));
    QVERIFY2(!run.result.fellBack, qPrintable(run.result.fallbackReason));
    QVERIFY(run.restarts.isEmpty());
    QCOMPARE(run.listed, plain);
    // A serverless cache's manual snapshots come from its own listing and from the manual sweep: passed on once.
    QCOMPARE(run.repeated, 0);
    QCOMPARE(run.result.nodeSnapshots, plain.node.size());
    QCOMPARE(run.result.serverlessSnapshots, plain.serverless.size());
    // Per source, several at once: more sources than sequential chains, and more than one request in flight.
    QVERIFY(run.result.sources > 20);
    QVERIFY(run.result.peakConcurrency > 1);
    QVERIFY(run.result.peakConcurrency <= 8);
    QVERIFY(run.pages > 10);
}

void TestSnapshotSweep::aNameSeenMidPageIsLeftOut()
{
    // One request at a time: the manual sweeps (sequential chains, asked first) are done before any cache is listed
    // on its own, so a cache's page holds its manual snapshot, already passed on, between two automatic ones.
    SandboxState *state = m_server->state();
    const ServerlessCacheSnapshot manual = *state->serverlessSnapshot(u"demo-serverless-manual"_s);
    const auto add = [&](const QString &name, const QString &type) {
        ServerlessCacheSnapshot s = manual;
        s.serverlessCacheSnapshotName = name;
        s.arn.replace(manual.serverlessCacheSnapshotName, name);
        s.snapshotType = type;
        state->addServerlessSnapshot(s);
    };
    add(u"mid-page-a"_s, u"automatic"_s);
    add(u"mid-page-b"_s, u"manual"_s);
    add(u"mid-page-c"_s, u"automatic"_s);
    const Listed plain = plainListing(m_client.get());
    QVERIFY(plain.serverless.contains(u"mid-page-c"_s));

    SnapshotSweep::Options options = smallPages(50);
    options.maxConcurrency = 1;
    options.initialConcurrency = 1;
    const SweepRun run = runSweep(m_client.get(), options);
    QVERIFY2(run.result.complete, qPrintable(run.result.words()));
    QVERIFY(run.restarts.isEmpty());
    QCOMPARE(run.listed, plain);
    QCOMPARE(run.repeated, 0);
}

void TestSnapshotSweep::plainOnlyWhenAsked()
{
    const Listed plain = plainListing(m_client.get());
    SnapshotSweep::Options options = smallPages(50);
    options.allowPerSource = false;
    const SweepRun run = runSweep(m_client.get(), options);
    QVERIFY(run.result.complete);
    QVERIFY(!run.result.fellBack);
    QCOMPARE(run.result.sources, 0);
    QCOMPARE(run.listed, plain);
}

void TestSnapshotSweep::fallsBackWhenASourceAppears()
{
    SandboxState *state = m_server->state();
    bool added = false;
    const SweepRun run = runSweep(m_client.get(), smallPages(50), [&](SnapshotSweep *, const QList<Snapshot> &page) {
        // Once a per-source answer is in, the first page of clusters has been read: a cluster whose id sorts
        // first is missing from the first round of source listings and present in the second.
        if (added || page.isEmpty() || page.first().snapshotSource != u"automated")
            return;
        added = true;
        CacheCluster cluster = *state->cacheCluster(u"demo-redis-001"_s);
        cluster.cacheClusterId = u"aaa-appeared-001"_s;
        cluster.arn.replace(u"demo-redis-001"_s, cluster.cacheClusterId);
        Snapshot templ = page.first();
        templ.cacheClusterId = cluster.cacheClusterId;
        templ.replicationGroupId.clear();
        state->addCacheCluster(cluster, templ);
        Snapshot automatic = templ;
        automatic.snapshotName = u"automatic.aaa-appeared-001-2026-10-31-03-00"_s;
        automatic.arn = u"arn:aws:elasticache:us-east-1:123456789012:snapshot:"_s + automatic.snapshotName;
        state->addSnapshot(automatic);
    });
    QVERIFY(added);
    QVERIFY(run.result.complete);
    QVERIFY(run.result.fellBack);
    QCOMPARE(run.restarts.size(), 1);
    QVERIFY2(run.result.fallbackReason.contains(u"aaa-appeared-001 appeared"), qPrintable(run.result.fallbackReason));
    const Listed plain = plainListing(m_client.get());
    QVERIFY(plain.node.contains(u"automatic.aaa-appeared-001-2026-10-31-03-00"_s));
    QCOMPARE(run.listed, plain);
    QCOMPARE(run.result.nodeSnapshots, plain.node.size());
}

void TestSnapshotSweep::fallsBackWhenASourceVanishes()
{
    SandboxState *state = m_server->state();
    const QString gone = u"demo-redis-001"_s;
    bool removed = false;
    const SweepRun run = runSweep(m_client.get(), smallPages(50), [&](SnapshotSweep *, const QList<Snapshot> &page) {
        if (removed || page.isEmpty() || page.first().snapshotSource != u"automated")
            return;
        removed = true;
        // The cluster is deleted, and its automatic snapshots with it (manual ones stay), as the service does.
        QJsonObject json = state->toJson();
        QJsonArray clusters;
        for (const QJsonValue &cluster : json.value(u"cacheClusters"_s).toArray()) {
            if (cluster.toObject().value(u"CacheClusterId"_s).toString() != gone)
                clusters.append(cluster);
        }
        QVERIFY(clusters.size() < json.value(u"cacheClusters"_s).toArray().size());
        json.insert(u"cacheClusters"_s, clusters);
        QJsonArray snapshots;
        for (const QJsonValue &snapshot : json.value(u"snapshots"_s).toArray()) {
            const QJsonObject o = snapshot.toObject();
            if (o.value(u"CacheClusterId"_s).toString() != gone
                || o.value(u"SnapshotSource"_s).toString() != u"automated")
                snapshots.append(snapshot);
        }
        QVERIFY(snapshots.size() < json.value(u"snapshots"_s).toArray().size());
        json.insert(u"snapshots"_s, snapshots);
        QString error;
        QVERIFY2(state->fromJson(json, &error), qPrintable(error));
    });
    QVERIFY(removed);
    QVERIFY(run.result.complete);
    QVERIFY(run.result.fellBack);
    QVERIFY2(run.result.fallbackReason.contains(gone), qPrintable(run.result.fallbackReason));
    const Listed plain = plainListing(m_client.get());
    QVERIFY(!plain.node.contains(u"demo-before-upgrade"_s) || state->snapshot(u"demo-before-upgrade"_s));
    QCOMPARE(run.listed, plain);
}

void TestSnapshotSweep::fallsBackOnAnUnexpectedAnswer()
{
    // A tiny account on a scripted server: one cluster with an automatic and a manual snapshot. Its
    // SnapshotSource=user answer also holds the automatic one, which a manual sweep must never see.
    ScriptedServer server;
    QVERIFY(server.listen());
    Snapshot automatic;
    automatic.snapshotName = u"automatic.solo-001-2026-10-31-03-00"_s;
    automatic.cacheClusterId = u"solo-001"_s;
    automatic.snapshotSource = u"automated"_s;
    automatic.snapshotStatus = u"available"_s;
    automatic.engine = u"redis"_s;
    Snapshot manual = automatic;
    manual.snapshotName = u"solo-before-upgrade"_s;
    manual.snapshotSource = u"manual"_s;
    CacheCluster cluster;
    cluster.cacheClusterId = u"solo-001"_s;
    cluster.engine = u"redis"_s;
    cluster.cacheClusterStatus = u"available"_s;
    server.setHandler([&](const RecordedRequest &request, int) {
        const QUrlQuery query(QString::fromUtf8(request.body));
        const QString action = query.queryItemValue(u"Action"_s);
        const QString id = u"req-1"_s;
        if (action == u"DescribeCacheClusters")
            return ScriptedResponse::xml(200, SandboxXml::describeCacheClusters({{cluster}, {}}, id));
        if (action == u"DescribeReplicationGroups")
            return ScriptedResponse::xml(200, SandboxXml::describeReplicationGroups({}, id));
        if (action == u"DescribeServerlessCaches")
            return ScriptedResponse::xml(200, SandboxXml::describeServerlessCaches({}, id));
        if (action == u"DescribeServerlessCacheSnapshots")
            return ScriptedResponse::xml(200, SandboxXml::describeServerlessCacheSnapshots({}, id));
        const QString source = query.queryItemValue(u"SnapshotSource"_s);
        if (source == u"system")
            return ScriptedResponse::xml(200, SandboxXml::describeSnapshots({{automatic}, {}}, id));
        return ScriptedResponse::xml(200, SandboxXml::describeSnapshots({{automatic, manual}, {}}, id));
    });
    const auto client = makeClient(server.url(), u"us-east-1"_s);
    const SweepRun run = runSweep(client.get(), smallPages());
    QVERIFY(run.result.complete);
    QVERIFY(run.result.fellBack);
    QVERIFY2(run.result.fallbackReason.contains(u"SnapshotSource=user"), qPrintable(run.result.fallbackReason));
    QVERIFY2(run.result.fallbackReason.contains(automatic.snapshotName), qPrintable(run.result.fallbackReason));
    const Listed expected {{automatic.snapshotName, manual.snapshotName}, {}};
    QCOMPARE(run.listed, expected);
    // The plain listing was asked for: a DescribeSnapshots without SnapshotSource.
    const bool plainAsked
        = std::any_of(server.requests().cbegin(), server.requests().cend(), [](const RecordedRequest &r) {
              const QUrlQuery query(QString::fromUtf8(r.body));
              return query.queryItemValue(u"Action"_s) == u"DescribeSnapshots"
                  && !query.hasQueryItem(u"SnapshotSource"_s);
          });
    QVERIFY(plainAsked);
}

void TestSnapshotSweep::completesUnderTheRateLimitAndLowersItsConcurrency()
{
    const Listed plain = plainListing(m_client.get());
    m_server->setRateLimit(30, 4);
    SnapshotSweep::Options options = smallPages(50);
    options.maxConcurrency = 16;
    options.initialConcurrency = 8;
    options.switchWhenThrottled = false;
    const SweepRun run = runSweep(m_client.get(), options);
    m_server->setRateLimit(0);
    QVERIFY2(run.result.complete, qPrintable(run.result.words()));
    QVERIFY(!run.result.fellBack);
    QVERIFY(!run.result.error);
    QCOMPARE(run.listed, plain);
    QVERIFY2(run.result.throttled > 0, qPrintable(run.result.words()));
    // It halved at the throttling answers: well under where it started.
    QVERIFY2(run.result.finalConcurrency < options.initialConcurrency, qPrintable(run.result.words()));
    // And never a storm: each throttled answer was followed by a pause, not a flood of failed calls.
    QVERIFY2(run.result.throttled < run.result.requests / 2, qPrintable(run.result.words()));
}

void TestSnapshotSweep::switchesToThePlainListingWhenThrottlingMakesItQuicker()
{
    // A request per source against a few plain pages: at 12 requests a second (and the loopback's latency of a
    // few milliseconds) the plain listing is quicker once the rate is known.
    const Listed plain = plainListing(m_client.get());
    m_server->setRateLimit(12, 2);
    const SweepRun run = runSweep(m_client.get(), smallPages(50));
    m_server->setRateLimit(0);
    QVERIFY2(run.result.complete, qPrintable(run.result.words()));
    QVERIFY(run.result.fellBack);
    QVERIFY2(run.result.fallbackReason.startsWith(u"throttled to about"), qPrintable(run.result.fallbackReason));
    QCOMPARE(run.listed, plain);
}

void TestSnapshotSweep::cancelStopsIt()
{
    int pagesAtCancel = -1;
    const SweepRun run = runSweep(m_client.get(), smallPages(), [&](SnapshotSweep *sweep, const QList<Snapshot> &) {
        if (pagesAtCancel < 0) {
            pagesAtCancel = 1;
            sweep->cancel();
            QVERIFY(!sweep->isRunning());
        }
    });
    QVERIFY(run.finished);
    QVERIFY(run.result.cancelled);
    QVERIFY(!run.result.complete);
    QVERIFY(!run.result.error);
    // Cancelled from the first node-based page (a serverless page may come before it); nothing after.
    QCOMPARE(pagesAtCancel, 1);
    QVERIFY(run.pagesAtFinish >= 1);
    QCOMPARE(run.pages, run.pagesAtFinish);
}

QTEST_GUILESS_MAIN(TestSnapshotSweep)
#include "tst_snapshotsweep.moc"
