// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Listings on the listing threads (ListingThread::onListingThread, what FleetInventory::sweepLister() uses) against
// the in-process sandbox over loopback HTTP: the lister and its client live on that thread, the pages and the end
// come on the caller's, the credentials are the caller's provider's, asked on the caller's thread (again only near
// their expiry), and deleting the listing stops its requests.
#include "backgroundwork.h"
#include "credentialproviders.h"
#include "credentials.h"
#include "elasticacheclient.h"
#include "fleetinventory.h"
#include "listingthread.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "snapshotentry.h"
#include "snapshotsource.h"
#include "snapshotsweep.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>
#include <QPointer>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

// The sandbox's key, counting its fetches and the threads they came from.
class CountingCredentials final : public CredentialsProvider
{
public:
    explicit CountingCredentials(AwsCredentials credentials)
        : m_credentials(credentials)
        , m_static(std::move(credentials))
    {
    }
    void fetch(QObject *context, std::function<void(const ApiResult<AwsCredentials> &)> done) override
    {
        ++fetches;
        threads.insert(QThread::currentThread());
        if (!secondsLeft) {
            m_static.fetch(context, std::move(done));
            return;
        }
        // Renewed at every fetch, as a provider's refreshed credentials are: always secondsLeft from now.
        AwsCredentials renewed = m_credentials;
        renewed.expiration = QDateTime::currentDateTimeUtc().addSecs(*secondsLeft);
        QMetaObject::invokeMethod(
            context, [done = std::move(done), renewed] { done(renewed); }, Qt::QueuedConnection);
    }
    QString description() const override { return u"counted"_s; }

    int fetches = 0;
    QSet<QThread *> threads;
    std::optional<int> secondsLeft; // long-term keys when unset

private:
    AwsCredentials m_credentials;
    StaticCredentialsProvider m_static;
};

} // namespace

class TestListingThread final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void listsOnItsOwnThread();
    void givesRowsWhenAskedFor();
    void asksForCredentialsAgainNearTheirExpiry_data();
    void asksForCredentialsAgainNearTheirExpiry();
    void deletingStopsTheRequests();
    void listsSourcesOnItsOwnThread();
    void runsBelowTheWindowsPriority();
    void spreadsListingsOverItsThreads();

private:
    std::unique_ptr<ElastiCacheClient> makeClient();
    static std::optional<ApiError> sweepToTheEnd(ElastiCacheClient *client, FleetInventory::ListerSink sink);

    std::unique_ptr<SandboxServer> m_server;
    std::shared_ptr<CountingCredentials> m_credentials;
};

void TestListingThread::init()
{
    SandboxConfig config;
    config.seed = 5;
    config.seedSnapshots = 300;
    config.latencyMs = 20;
    config.snapshotCreateSeconds = 600; // the seeded snapshots caught mid-operation stay so while a test compares lists
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_credentials = std::make_shared<CountingCredentials>(
        AwsCredentials {m_server->accessKeyId(), m_server->secretAccessKey(), {}, {}, u"sandbox"_s});
}

void TestListingThread::cleanup()
{
    m_server.reset();
}

std::unique_ptr<ElastiCacheClient> TestListingThread::makeClient()
{
    ClientConfig config;
    config.region = m_server->region();
    config.endpoint = m_server->url();
    config.credentials = m_credentials;
    config.retry.maxAttempts = 2;
    auto client = std::make_unique<ElastiCacheClient>(config);
    client->setRetryRandomSource([] { return 0.0; });
    return client;
}

// Lists client's account with a sweep on the listing threads until it ends (its sink's restarted and finished set
// here). The error it ended with, if any.
std::optional<ApiError> TestListingThread::sweepToTheEnd(ElastiCacheClient *client, FleetInventory::ListerSink sink)
{
    std::optional<ApiError> error;
    int finishedCalls = 0;
    sink.restarted = [](const QString &) {
    };
    sink.finished = [&](const std::optional<ApiError> &e) {
        ++finishedCalls;
        error = e;
    };
    const std::unique_ptr<QObject> listing(FleetInventory::sweepLister()(client, sink));
    if (!QTest::qWaitFor([&] { return finishedCalls > 0; }, 20000))
        return ApiError::make(ApiError::Kind::Timeout, u"Timeout"_s, u"The sweep did not end within 20 s."_s);
    QTest::qWait(50);
    if (finishedCalls != 1)
        return ApiError::make(ApiError::Kind::Parse, u"FinishedTwice"_s, u"The sweep said it ended twice."_s);
    return error;
}

void TestListingThread::listsOnItsOwnThread()
{
    const std::unique_ptr<ElastiCacheClient> client = makeClient();
    // What the lister got, on the thread it ran on (read once the listing is done).
    std::atomic<QThread *> listerThread = nullptr;
    std::atomic<ElastiCacheClient *> listerClient = nullptr;
    std::atomic<bool> sameConfig = false;
    std::atomic<bool> randomCarried = false;
    const FleetInventory::ListerFactory factory = ListingThread::onListingThread(
        [&](ElastiCacheClient *own, const FleetInventory::ListerSink &sink) -> QObject * {
            listerThread = QThread::currentThread();
            listerClient = own;
            sameConfig = own->thread() == QThread::currentThread() && own->config().region == client->config().region
                && own->config().endpoint == client->config().endpoint;
            const auto random = own->retryRandomSource();
            randomCarried = random && random() == 0.0;
            auto *sweep = new SnapshotSweep(own);
            connect(sweep, &SnapshotSweep::nodePage, sweep, sink.nodePage);
            connect(sweep, &SnapshotSweep::serverlessPage, sweep, sink.serverlessPage);
            connect(sweep, &SnapshotSweep::restarted, sweep, sink.restarted);
            connect(sweep, &SnapshotSweep::finished, sweep, [finished = sink.finished](const SweepResult &result) {
                finished(result.complete ? std::nullopt : result.error);
            });
            sweep->start();
            return sweep;
        });

    QSet<QThread *> sinkThreads;
    QSet<QString> names;
    int finishedCalls = 0;
    std::optional<ApiError> error;
    FleetInventory::ListerSink sink;
    sink.nodePage = [&](const QList<Snapshot> &page) {
        sinkThreads.insert(QThread::currentThread());
        for (const Snapshot &s : page)
            names.insert(s.snapshotName);
    };
    sink.serverlessPage = [&](const QList<ServerlessCacheSnapshot> &page) {
        sinkThreads.insert(QThread::currentThread());
        for (const ServerlessCacheSnapshot &s : page)
            names.insert(s.serverlessCacheSnapshotName);
    };
    sink.restarted = [](const QString &) {
    };
    sink.finished = [&](const std::optional<ApiError> &e) {
        sinkThreads.insert(QThread::currentThread());
        ++finishedCalls;
        error = e;
    };
    std::unique_ptr<QObject> listing(factory(client.get(), sink));
    QVERIFY(listing);
    QCOMPARE(listing->thread(), QThread::currentThread());
    QTRY_COMPARE_WITH_TIMEOUT(finishedCalls, 1, 20000);
    QVERIFY2(!error, qPrintable(error ? error->toString() : QString()));

    // The lister ran on a listing thread through a client of its own, made from the given one's settings.
    const std::vector<QThread *> &threads = ListingThread::threads();
    QVERIFY(std::find(threads.cbegin(), threads.cend(), listerThread.load()) != threads.cend());
    QVERIFY(listerThread.load() != QThread::currentThread());
    QVERIFY(listerClient.load() != client.get());
    QVERIFY(sameConfig);
    QVERIFY(randomCarried);
    // What it found came here, and is the sandbox's whole list.
    QCOMPARE(sinkThreads, QSet<QThread *> {QThread::currentThread()});
    QSet<QString> expected;
    const QJsonObject state = m_server->state()->toJson();
    for (const QJsonValue &item : state.value(u"snapshots"_s).toArray())
        expected.insert(item.toObject().value(u"SnapshotName"_s).toString());
    for (const QJsonValue &item : state.value(u"serverlessSnapshots"_s).toArray())
        expected.insert(item.toObject().value(u"ServerlessCacheSnapshotName"_s).toString());
    QVERIFY(expected.size() > 300);
    QCOMPARE(names, expected);
    // The credentials came from the given client's provider, asked on this thread: long-term keys once, though the
    // sweep's first requests all start at once.
    QCOMPARE(m_credentials->fetches, 1);
    QCOMPARE(m_credentials->threads, QSet<QThread *> {QThread::currentThread()});
    QTest::qWait(100);
    QCOMPARE(finishedCalls, 1); // exactly once
}

void TestListingThread::givesRowsWhenAskedFor()
{
    const std::unique_ptr<ElastiCacheClient> client = makeClient();
    int parsedPages = 0;
    QList<SnapshotEntry> rows;
    FleetInventory::ListerSink sink;
    sink.nodePage = [&](const QList<Snapshot> &) {
        ++parsedPages;
    };
    sink.serverlessPage = [&](const QList<ServerlessCacheSnapshot> &) {
        ++parsedPages;
    };
    sink.entryPage = [&](const QList<SnapshotEntry> &page) {
        rows += page;
    };
    const std::optional<ApiError> error = sweepToTheEnd(client.get(), sink);
    QVERIFY2(!error, qPrintable(error ? error->toString() : QString()));
    QCOMPARE(parsedPages, 0); // every page came as rows

    // The rows are those the plain listing's snapshots make here, each once.
    QHash<std::pair<int, QString>, SnapshotEntry> expected;
    bool nodeDone = false;
    bool serverlessDone = false;
    SnapshotListJob *node = client->describeSnapshots(DescribeSnapshotsRequest {});
    node->onFinished(this, [&](const ApiResult<QList<Snapshot>> &result) {
        QVERIFY(result);
        for (const SnapshotEntry &entry : SnapshotEntry::fromPage(result.value()))
            expected.insert({int(entry.kind()), entry.name()}, entry);
        nodeDone = true;
    });
    ServerlessSnapshotListJob *serverless
        = client->describeServerlessCacheSnapshots(DescribeServerlessCacheSnapshotsRequest {});
    serverless->onFinished(this, [&](const ApiResult<QList<ServerlessCacheSnapshot>> &result) {
        QVERIFY(result);
        for (const SnapshotEntry &entry : SnapshotEntry::fromPage(result.value()))
            expected.insert({int(entry.kind()), entry.name()}, entry);
        serverlessDone = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(nodeDone && serverlessDone, 20000);
    QVERIFY(expected.size() > 300);
    QCOMPARE(rows.size(), expected.size());
    for (const SnapshotEntry &row : std::as_const(rows)) {
        const auto it = expected.constFind({int(row.kind()), row.name()});
        QVERIFY2(it != expected.cend(), qPrintable(row.name()));
        QVERIFY2(*it == row, qPrintable(row.name()));
        QCOMPARE(row.sizeBytes(), it->sizeBytes());
        QCOMPARE(row.created(), it->created());
        QCOMPARE(row.status(), it->status());
    }
}

void TestListingThread::asksForCredentialsAgainNearTheirExpiry_data()
{
    QTest::addColumn<std::optional<int>>("secondsLeft");
    QTest::addColumn<bool>("askedAgain");
    QTest::newRow("long-term keys") << std::optional<int>() << false;
    QTest::newRow("an hour left") << std::optional<int>(3600) << false;
    QTest::newRow("within the refresh margin")
        << std::optional<int>(RefreshingCredentialsProvider::kRefreshMarginSeconds - 60) << true;
}

// The listing keeps the credentials it was answered, and asks the caller's thread again only for those the
// connection's provider would refresh.
void TestListingThread::asksForCredentialsAgainNearTheirExpiry()
{
    QFETCH(std::optional<int>, secondsLeft);
    QFETCH(bool, askedAgain);
    m_credentials->secondsLeft = secondsLeft;
    const std::unique_ptr<ElastiCacheClient> client = makeClient();
    const quint64 requestsBefore = m_server->requestCount();
    FleetInventory::ListerSink sink;
    sink.nodePage = [](const QList<Snapshot> &) {
    };
    sink.serverlessPage = [](const QList<ServerlessCacheSnapshot> &) {
    };
    const std::optional<ApiError> error = sweepToTheEnd(client.get(), sink);
    QVERIFY2(!error, qPrintable(error ? error->toString() : QString()));

    const auto requests = qsizetype(m_server->requestCount() - requestsBefore);
    QVERIFY2(requests > 20, qPrintable(QString::number(requests)));
    // Near their expiry the credentials are asked again for the requests that come after an answer, so that the
    // provider refreshes them in time; the requests that wait for one answer share it.
    if (askedAgain) {
        QVERIFY2(m_credentials->fetches > 1 && m_credentials->fetches <= requests,
                 qPrintable(u"%1 fetches for %2 requests"_s.arg(m_credentials->fetches).arg(requests)));
    } else {
        QCOMPARE(m_credentials->fetches, 1);
    }
    QCOMPARE(m_credentials->threads, QSet<QThread *> {QThread::currentThread()});
}

void TestListingThread::deletingStopsTheRequests()
{
    m_server->setFaults(150, 0, 0, 0, 0); // a listing of many round trips
    const std::unique_ptr<ElastiCacheClient> client = makeClient();
    QSignalSpy handled(m_server.get(), &SandboxServer::requestHandled);
    int calls = 0;
    FleetInventory::ListerSink sink;
    sink.nodePage = [&](const QList<Snapshot> &) {
        ++calls;
    };
    sink.serverlessPage = [&](const QList<ServerlessCacheSnapshot> &) {
        ++calls;
    };
    sink.restarted = [&](const QString &) {
        ++calls;
    };
    sink.finished = [&](const std::optional<ApiError> &) {
        ++calls;
    };
    QPointer<QObject> listing = FleetInventory::sweepLister()(client.get(), sink);
    QVERIFY(listing);
    QTRY_VERIFY_WITH_TIMEOUT(handled.size() >= 3, 10000); // under way
    delete listing.data();
    calls = 0;
    QTest::qWait(400); // what was in flight is answered, or aborted
    const qsizetype after = handled.size();
    QTest::qWait(600); // a few round trips: nothing new is asked
    QCOMPARE(handled.size(), after);
    QCOMPARE(calls, 0); // and the sink hears nothing
}

void TestListingThread::listsSourcesOnItsOwnThread()
{
    // FleetInventory::sourceLister(): the three kinds of sources listed on the listing thread, each kind's whole list
    // handed over on this thread, once; its credentials asked here.
    const std::unique_ptr<ElastiCacheClient> client = makeClient();
    QSignalSpy handled(m_server.get(), &SandboxServer::requestHandled);
    QSet<QThread *> sinkThreads;
    QHash<SnapshotSource::Type, QStringList> listed;
    QHash<QString, QString> clusterGroups;
    int finishedCalls = 0;
    std::optional<ApiError> error;
    FleetInventory::ListerSink sink;
    sink.sources = [&](SnapshotSource::Type type, const QList<SnapshotSource> &sources) {
        sinkThreads.insert(QThread::currentThread());
        QVERIFY2(!listed.contains(type), "a kind handed over twice");
        QStringList &ids = listed[type];
        for (const SnapshotSource &source : sources) {
            QCOMPARE(source.type, type);
            ids.append(source.id);
            if (type == SnapshotSource::Type::CacheCluster)
                clusterGroups.insert(source.id, source.replicationGroupId);
        }
    };
    sink.finished = [&](const std::optional<ApiError> &e) {
        sinkThreads.insert(QThread::currentThread());
        ++finishedCalls;
        error = e;
    };
    std::unique_ptr<QObject> listing(FleetInventory::sourceLister()(client.get(), sink));
    QVERIFY(listing);
    QCOMPARE(listing->thread(), QThread::currentThread());
    QTRY_COMPARE_WITH_TIMEOUT(finishedCalls, 1, 20000);
    QVERIFY2(!error, qPrintable(error ? error->toString() : QString()));
    QCOMPARE(sinkThreads, QSet<QThread *> {QThread::currentThread()});

    // The sandbox's sources: every cluster, a group's nodes too (they carry their group), every group and serverless
    // cache.
    QHash<SnapshotSource::Type, QStringList> expected;
    QHash<QString, QString> groupOf;
    const QJsonObject state = m_server->state()->toJson();
    for (const QJsonValue &item : state.value(u"cacheClusters"_s).toArray()) {
        const QString id = item.toObject().value(u"CacheClusterId"_s).toString();
        expected[SnapshotSource::Type::CacheCluster].append(id);
        groupOf.insert(id, item.toObject().value(u"ReplicationGroupId"_s).toString());
    }
    for (const QJsonValue &item : state.value(u"replicationGroups"_s).toArray())
        expected[SnapshotSource::Type::ReplicationGroup].append(
            item.toObject().value(u"ReplicationGroupId"_s).toString());
    for (const QJsonValue &item : state.value(u"serverlessCaches"_s).toArray())
        expected[SnapshotSource::Type::ServerlessCache].append(
            item.toObject().value(u"ServerlessCacheName"_s).toString());
    QCOMPARE(listed.size(), 3);
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        QVERIFY(!it.value().isEmpty());
        QStringList ids = listed.value(it.key());
        ids.sort();
        it.value().sort();
        QCOMPARE(ids, it.value());
    }
    QCOMPARE(clusterGroups, groupOf);
    QVERIFY(std::count_if(groupOf.cbegin(), groupOf.cend(), [](const QString &group) { return !group.isEmpty(); }) > 0);
    QSet<QString> actions;
    for (const QList<QVariant> &request : std::as_const(handled))
        actions.insert(request.at(0).toString());
    QCOMPARE(
        actions,
        (QSet<QString> {u"DescribeCacheClusters"_s, u"DescribeReplicationGroups"_s, u"DescribeServerlessCaches"_s}));
    QCOMPARE(m_credentials->fetches, 1); // the three calls start at once: one answer serves them
    QCOMPARE(m_credentials->threads, QSet<QThread *> {QThread::currentThread()});
    QTest::qWait(100);
    QCOMPARE(finishedCalls, 1); // exactly once

    // Deleted while it lists: it asks nothing more, and the sink hears nothing.
    m_server->setFaults(300, 0, 0, 0, 0);
    int calls = 0;
    sink.sources = [&](SnapshotSource::Type, const QList<SnapshotSource> &) {
        ++calls;
    };
    sink.finished = [&](const std::optional<ApiError> &) {
        ++calls;
    };
    const qsizetype before = handled.size();
    listing.reset(FleetInventory::sourceLister()(client.get(), sink));
    QTest::qWait(50); // sent, not answered
    listing.reset();
    QTest::qWait(600); // what was in flight is answered, or aborted
    const qsizetype after = handled.size();
    QVERIFY(after - before <= 3);
    QTest::qWait(400);
    QCOMPARE(handled.size(), after);
    QCOMPARE(calls, 0);
}

void TestListingThread::runsBelowTheWindowsPriority()
{
#ifdef Q_OS_LINUX
    for (QThread *thread : ListingThread::threads()) {
        int niceness = -100;
        auto *probe = new QObject;
        probe->moveToThread(thread);
        QMetaObject::invokeMethod(
            probe,
            [probe, &niceness] {
                niceness = BackgroundWork::currentNiceness();
                delete probe;
            },
            Qt::BlockingQueuedConnection);
        QCOMPARE(niceness, std::min(BackgroundWork::currentNiceness() + BackgroundWork::kNiceness, 19));
    }
#else
    QSKIP("Thread priorities are Linux's nice values here");
#endif
}

// Each new listing goes to the thread whose listings weigh least, so that twenty connections' sweeps share the
// cores; a connection's listing of its sources, made after its sweep, is not counted.
void TestListingThread::spreadsListingsOverItsThreads()
{
    const std::vector<QThread *> &threads = ListingThread::threads();
    QVERIFY(threads.size() >= 2);
    QVERIFY(threads.size() <= size_t(ListingThread::kMostThreads));
    QVERIFY(std::find(threads.cbegin(), threads.cend(), QThread::currentThread()) == threads.cend());
    QMutex mutex;
    QList<QThread *> heavy; // the thread of each lister made, as they are made
    QList<QThread *> light;
    const auto onThread = [&](QList<QThread *> *made, ListingThread::Weight weight) {
        return ListingThread::onListingThread(
            [&mutex, made](ElastiCacheClient *, const FleetInventory::ListerSink &) -> QObject * {
                const QMutexLocker lock(&mutex);
                made->append(QThread::currentThread());
                return new QObject; // lists nothing until it is deleted
            },
            weight);
    };
    const FleetInventory::ListerFactory sweep = onThread(&heavy, ListingThread::Weight::Heavy);
    const FleetInventory::ListerFactory sources = onThread(&light, ListingThread::Weight::Light);
    const auto made = [&](const QList<QThread *> &list) {
        const QMutexLocker lock(&mutex);
        return list;
    };
    const std::unique_ptr<ElastiCacheClient> client = makeClient();
    const FleetInventory::ListerSink sink;
    std::vector<std::unique_ptr<QObject>> sweeps;
    std::vector<std::unique_ptr<QObject>> sourceListings;
    for (size_t i = 0; i < threads.size(); ++i) { // as a fleet starts its connections
        sweeps.emplace_back(sweep(client.get(), sink));
        sourceListings.emplace_back(sources(client.get(), sink));
    }
    const auto size = qsizetype(threads.size());
    QTRY_COMPARE(made(heavy).size() + made(light).size(), 2 * size);
    const QList<QThread *> sweepThreads = made(heavy);
    QCOMPARE(QSet<QThread *>(sweepThreads.cbegin(), sweepThreads.cend()),
             QSet<QThread *>(threads.cbegin(), threads.cend()));

    // The second sweep gone (the second thread's: each sweep went to the next thread), the next one goes there: the
    // others have one each.
    sweeps.erase(sweeps.begin() + 1);
    sweeps.emplace_back(sweep(client.get(), sink));
    QTRY_COMPARE(made(heavy).size(), size + 1);
    QCOMPARE(made(heavy).last(), threads[1]);
}

QTEST_GUILESS_MAIN(TestListingThread)
#include "tst_listingthread.moc"
