// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later

// SnapshotListing against an in-process sandbox over loopback HTTP: a whole listing, a refresh merged in place,
// errors, slow and failing pages (the sandbox's fault injection), and a listing abandoned by a reconnect.

#include "connections.h"
#include "elasticacheclient.h"
#include "fleetinventory.h"
#include "hashgrowth.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "snapshotlisting.h"
#include "snapshottablemodel.h"
#include "turnbudget.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <memory>
#include <numeric>

using namespace Qt::StringLiterals;

namespace {

// The rows a model inserts, by turn of the event loop (a turn ends when the loop next runs a zero timer): each turn's
// insertions. cost(rows), when set, runs in each insertion, as the window's views would.
class InsertionTurns final : public QObject
{
public:
    explicit InsertionTurns(QAbstractItemModel *model, std::function<void(int rows)> cost = {})
        : m_cost(std::move(cost))
    {
        m_end.setSingleShot(true);
        m_end.setInterval(0);
        connect(&m_end, &QTimer::timeout, this, [this] { m_inTurn = false; });
        connect(model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
            if (m_cost)
                m_cost(last - first + 1);
            if (!m_inTurn) {
                turns.append(QList<int>());
                m_inTurn = true;
                m_end.start();
            }
            turns.last().append(last - first + 1);
        });
    }
    static int rowsOf(const QList<int> &turn) { return std::accumulate(turn.cbegin(), turn.cend(), 0); }

    QList<QList<int>> turns;

private:
    std::function<void(int rows)> m_cost;
    QTimer m_end;
    bool m_inTurn = false;
};

// Available manual snapshots numbered from first, 50 of them; each of a cluster of its own if ownClusters.
QList<Snapshot> manualPage(int first, bool ownClusters = false)
{
    QList<Snapshot> page;
    for (int i = first; i < first + 50; ++i) {
        Snapshot snapshot;
        snapshot.snapshotName = u"manual-%1"_s.arg(i, 6, 10, QChar(u'0'));
        if (ownClusters)
            snapshot.cacheClusterId = u"cluster-%1"_s.arg(i, 6, 10, QChar(u'0'));
        snapshot.snapshotSource = u"manual"_s;
        snapshot.snapshotStatus = u"available"_s;
        page.append(snapshot);
    }
    return page;
}

} // namespace

class TestSnapshotListing final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void listsEverySnapshotAndSource_data();
    void listsEverySnapshotAndSource();
    void aSourceVanishingStartsTheConnectionOver();
    void refreshMergesInPlace();
    void slowMergesTakeFewerRowsATurn();
    void aTurnThatWaitsMidwayStopsAfterItsFirstBlock();
    void aHashTheRowsWouldFillGrowsInATurnOfItsOwn();
    void aGrowthThatDoesNotFitInItsPassOpensTheNext();
    void errorsAreReportedAndRowsKept();
    void slowAndFailingPages();
    void reconnectAbandonsTheListing();
    void refreshIgnoresTheAbandonedListing();

private:
    // lifeCycleSeconds: how long the seeded snapshots being created, copied or deleted take to finish.
    void startServer(int seedSnapshots, double lifeCycleSeconds = SandboxConfig().snapshotCreateSeconds);
    std::unique_ptr<ElastiCacheClient> makeClient(int maxAttempts = 3) const;
    // Starts the listing with a lister the test feeds by hand, through sink (given when the listing starts); returns
    // the client it lists through.
    std::unique_ptr<ElastiCacheClient> startByHand(SnapshotListing &listing, FleetInventory::ListerSink &sink) const;
    int serverTotal() const;
    // Refreshes and waits for finished(); returns its argument.
    static bool refreshAndWait(SnapshotListing &listing);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SandboxServer> m_server;
};

void TestSnapshotListing::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    startServer(60);
}

void TestSnapshotListing::startServer(int seedSnapshots, double lifeCycleSeconds)
{
    m_server.reset();
    SandboxConfig config;
    config.seed = 7;
    config.seedSnapshots = seedSnapshots;
    config.snapshotCreateSeconds = lifeCycleSeconds;
    config.s3Root = m_dir->filePath(u"s3"_s);
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

void TestSnapshotListing::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

std::unique_ptr<ElastiCacheClient> TestSnapshotListing::makeClient(int maxAttempts) const
{
    const ConnectionResolver resolver = Connections::sandboxResolver(
        {m_server->url(), m_server->region(), m_server->accessKeyId(), m_server->secretAccessKey(), {}});
    ApiResult<ClientConfig> config = resolver({u"sandbox"_s, m_server->region(), m_server->url().toString()});
    if (!config)
        return nullptr;
    config.value().retry.mode = RetryConfig::Mode::Legacy; // no retry quota
    config.value().retry.maxAttempts = maxAttempts;
    auto client = std::make_unique<ElastiCacheClient>(config.value());
    client->setRetryRandomSource([] { return 0.0; }); // retries at once
    return client;
}

std::unique_ptr<ElastiCacheClient> TestSnapshotListing::startByHand(SnapshotListing &listing,
                                                                    FleetInventory::ListerSink &sink) const
{
    listing.setListerFactory([&sink](ElastiCacheClient *, const FleetInventory::ListerSink &given) -> QObject * {
        sink = given;
        return new QObject;
    });
    auto client = makeClient();
    listing.setClient(client.get());
    listing.refresh();
    return client;
}

int TestSnapshotListing::serverTotal() const
{
    return m_server->state()->snapshotCount() + m_server->state()->serverlessSnapshotCount();
}

bool TestSnapshotListing::refreshAndWait(SnapshotListing &listing)
{
    QSignalSpy finished(&listing, &SnapshotListing::finished);
    listing.refresh();
    if (!finished.wait(30000) || finished.count() != 1) {
        qWarning("the listing did not finish exactly once");
        return false;
    }
    return finished.first().first().toBool();
}

void TestSnapshotListing::listsEverySnapshotAndSource_data()
{
    QTest::addColumn<bool>("perSource");
    QTest::newRow("per source") << true;
    QTest::newRow("plain pages") << false;
}

void TestSnapshotListing::listsEverySnapshotAndSource()
{
    QFETCH(bool, perSource);
    SnapshotTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    SnapshotListing listing(&model);
    listing.setPerSourceListing(perSource);
    const auto client = makeClient();
    QVERIFY(client);
    listing.setClient(client.get());
    QVERIFY(!listing.isLoading());
    QVERIFY(!listing.lastCompleted().isValid());

    QSignalSpy started(&listing, &SnapshotListing::started);
    QSignalSpy progressed(&listing, &SnapshotListing::progressed);
    QSignalSpy sources(&listing, &SnapshotListing::sourcesChanged);
    QSignalSpy finished(&listing, &SnapshotListing::finished);
    listing.refresh();
    QCOMPARE(started.count(), 1);
    QVERIFY(listing.isLoading());
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY(!listing.isLoading());

    const int expected = serverTotal();
    QVERIFY(expected > 50); // more than one page of each listing
    QCOMPARE(model.rowCount(), expected);
    QCOMPARE(listing.loadedCount(), qint64(expected));
    QVERIFY(listing.lastCompleted().isValid());
    QVERIFY(!progressed.isEmpty());
    QCOMPARE(progressed.last().first().toLongLong(), qint64(expected));
    bool node = false;
    bool serverless = false;
    for (const SnapshotEntry &entry : model.snapshots()) {
        node |= entry.kind() == SnapshotEntry::Kind::NodeBased;
        serverless |= entry.kind() == SnapshotEntry::Kind::Serverless;
    }
    QVERIFY(node && serverless);

    // The sources: clusters, replication groups and serverless caches, each type once.
    QTRY_COMPARE_WITH_TIMEOUT(sources.count(), 3, 15000);
    QSet<SnapshotSource::Type> types;
    for (const SnapshotSource &source : listing.sources())
        types.insert(source.type);
    QCOMPARE(types.size(), 3);
}

void TestSnapshotListing::aSourceVanishingStartsTheConnectionOver()
{
    SnapshotTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    SnapshotListing listing(&model);
    const auto client = makeClient();
    listing.setClient(client.get());
    QVERIFY(refreshAndWait(listing));
    const QString gone = u"demo-redis-001"_s;
    const auto automaticOfGone = [&model, &gone] {
        int n = 0;
        for (const SnapshotEntry &entry : model.snapshots())
            n += entry.cluster() == gone && entry.isAutomatic();
        return n;
    };
    QVERIFY(automaticOfGone() > 0);

    // Slow pages, and the cluster deleted (its automatic snapshots with it, as the service does) once the refresh
    // has merged its first rows: the sweep cannot be sure any more and pages plainly; the rows end as exactly what
    // the service holds, the gone cluster's automatic snapshots removed.
    m_server->setFaults(200, 0, 0, 0, 0); // pages merge 150 ms apart: the sweep is under way at the first
    bool removed = false;
    connect(&listing, &SnapshotListing::progressed, this, [&](qint64 loaded) {
        if (removed || loaded == 0)
            return;
        removed = true;
        QJsonObject json = m_server->state()->toJson();
        QJsonArray clusters;
        for (const QJsonValue &cluster : json.value(u"cacheClusters"_s).toArray()) {
            if (cluster.toObject().value(u"CacheClusterId"_s).toString() != gone)
                clusters.append(cluster);
        }
        json.insert(u"cacheClusters"_s, clusters);
        QJsonArray snapshots;
        for (const QJsonValue &snapshot : json.value(u"snapshots"_s).toArray()) {
            const QJsonObject o = snapshot.toObject();
            if (o.value(u"CacheClusterId"_s).toString() != gone
                || o.value(u"SnapshotSource"_s).toString() != u"automated")
                snapshots.append(snapshot);
        }
        json.insert(u"snapshots"_s, snapshots);
        QString error;
        QVERIFY2(m_server->state()->fromJson(json, &error), qPrintable(error));
    });
    QVERIFY(refreshAndWait(listing));
    QVERIFY(removed);
    QCOMPARE(automaticOfGone(), 0);
    QCOMPARE(model.rowCount(), serverTotal());
    QCOMPARE(listing.loadedCount(), qint64(serverTotal()));
}

void TestSnapshotListing::refreshMergesInPlace()
{
    SnapshotTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    SnapshotListing listing(&model);
    listing.setMaxMergeRows(7);
    const auto client = makeClient();
    listing.setClient(client.get());
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QVERIFY(refreshAndWait(listing));
    const int expected = serverTotal();
    QCOMPARE(model.rowCount(), expected);
    // In slices of at most 7 rows, each on a turn of the event loop of its own.
    QVERIFY2(inserted.count() >= expected / 7, qPrintable(QString::number(inserted.count())));
    for (const QList<QVariant> &insertion : std::as_const(inserted))
        QVERIFY(insertion.at(2).toInt() - insertion.at(1).toInt() + 1 <= 7);

    // The service forgets a snapshot; the refresh removes its row and only it, keeps the others where they
    // were (a persistent index follows its row) and never resets the model.
    const QString gone = u"demo-before-upgrade"_s;
    const int goneRow = model.rowOf(SnapshotEntry::Kind::NodeBased, gone);
    QVERIFY(goneRow >= 0);
    const int keptRow = goneRow == 0 ? 1 : 0;
    const QString keptName = model.snapshotAt(keptRow).name();
    const SnapshotEntry::Kind keptKind = model.snapshotAt(keptRow).kind();
    const QPersistentModelIndex kept(model.index(keptRow, 0));
    DeleteSnapshotRequest request;
    request.snapshotName = gone;
    QVERIFY(m_server->state()->deleteSnapshot(request));
    QTRY_COMPARE_WITH_TIMEOUT(serverTotal(), expected - 1, 15000);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QVERIFY(refreshAndWait(listing));
    QCOMPARE(reset.count(), 0);
    QCOMPARE(model.rowOf(SnapshotEntry::Kind::NodeBased, gone), -1);
    QCOMPARE(model.rowCount(), expected - 1);
    QVERIFY(kept.isValid());
    QCOMPARE(model.snapshotAt(kept.row()).name(), keptName);
    QCOMPARE(model.snapshotAt(kept.row()).kind(), keptKind);
}

// Merging costs more a row as the table grows: once a turn is measured, a turn merges about what fits in
// kMergeTurnMs, so that the window never stops for long, and every row still arrives.
void TestSnapshotListing::slowMergesTakeFewerRowsATurn()
{
    // The seeded snapshots being deleted stay so while the listing runs (on a slow machine it takes longer than a
    // deletion): the list is compared with the server's at the end.
    startServer(3000, 600);
    if (QTest::currentTestFailed())
        return;
    SnapshotTableModel model;
    SnapshotListing listing(&model);
    const auto client = makeClient();
    listing.setClient(client.get());
    // A listener that costs the window 50 µs for each inserted row: 2,000 rows in one turn would be 100 ms. Busy for
    // that much of the thread's CPU time, which the listing measures its turns in (on a busy machine a wall-clock
    // wait gives the thread less).
    constexpr qint64 kRowNs = 50000;
    const InsertionTurns inserted(&model, [](int rows) {
        const qint64 until = TurnBudget::threadCpuNs() + rows * kRowNs;
        volatile quint64 spin = 0;
        while (TurnBudget::threadCpuNs() < until)
            spin = spin + 1;
    });
    QVERIFY(refreshAndWait(listing));
    QCOMPARE(model.rowCount(), serverTotal());
    QVERIFY(model.rowCount() > 3000);
    // The first turns merge up to 2,000 rows; once measured, about 25 ms / 50 µs = 500, twice that at most.
    const int limit = 2 * SnapshotListing::kMergeTurnMs * 1000000 / int(kRowNs);
    const QList<QList<int>> &turns = inserted.turns;
    QVERIFY2(turns.size() > 3, qPrintable(QString::number(turns.size())));
    for (qsizetype i = 2; i < turns.size(); ++i) {
        const int rows = InsertionTurns::rowsOf(turns.at(i));
        QVERIFY2(rows <= limit, qPrintable(u"turn %1: %2 rows"_s.arg(i).arg(rows)));
    }
}

// A turn is sized at its start; when the window's thread begins to wait (for a core, on a busy machine) in the middle
// of a turn, the turn stops after the block it is in, and leaves the rest to the next turns.
void TestSnapshotListing::aTurnThatWaitsMidwayStopsAfterItsFirstBlock()
{
    // A listing whose lister is fed 5,000 rows in pages of 50, with a wall-clock wait (not CPU) of waitMs in each
    // insertion, merging at most maxRows a turn: the model's insertions by turn, once all are in (none when they did
    // not come).
    const auto mergeTurns = [this](int waitMs, int maxRows) -> QList<QList<int>> {
        SnapshotTableModel model;
        SnapshotListing listing(&model);
        listing.setMaxMergeRows(maxRows);
        FleetInventory::ListerSink sink;
        const auto client = startByHand(listing, sink);
        if (!sink.nodePage)
            return {};
        const InsertionTurns inserted(&model, [waitMs](int) { QThread::msleep(ulong(waitMs)); });
        for (int first = 0; first < 5000; first += 50)
            sink.nodePage(manualPage(first));
        const bool all = QTest::qWaitFor([&model] { return model.rowCount() == 5000; }, 10000);
        sink.finished(std::nullopt);
        return all ? inserted.turns : QList<QList<int>>();
    };

    // The first page is merged at once, on its own. The next turn takes 2,000 rows (the most: no turn was measured
    // yet) in two blocks of 1,000, and the first took 40 ms of wall time, beyond the turn's 30: that turn, and every
    // one after it, merges one block.
    const QList<QList<int>> waiting = mergeTurns(40, 2000);
    QVERIFY2(waiting.size() >= 5, qPrintable(QString::number(waiting.size())));
    QCOMPARE(waiting.at(1), QList<int> {1000});
    for (qsizetype i = 2; i < waiting.size(); ++i)
        QCOMPARE(waiting.at(i).size(), 1);

    // Without the wait, a turn goes on to its second block. At most 400 rows a turn, so that each block of 200 takes
    // a few milliseconds even in a sanitizer's build on a busy machine.
    const QList<QList<int>> plain = mergeTurns(0, 400);
    QVERIFY2(plain.size() >= 2, qPrintable(QString::number(plain.size())));
    QVERIFY(std::any_of(plain.cbegin(), plain.cend(), [](const QList<int> &turn) { return turn.size() == 2; }));
}

// The model counts snapshots per cluster in a hash. Filled, a hash doubles in the insertion that fills it (at a
// million rows, tens of milliseconds inside a merge turn); a merge turn grows it first, and merges nothing then.
void TestSnapshotListing::aHashTheRowsWouldFillGrowsInATurnOfItsOwn()
{
    SnapshotTableModel model;
    SnapshotListing listing(&model);
    FleetInventory::ListerSink sink;
    const auto client = startByHand(listing, sink);
    QVERIFY(sink.nodePage);

    // The capacity of the count per cluster before and after each insertion, and whether a growth came between two.
    qsizetype before = 0;
    QList<std::pair<qsizetype, qsizetype>> insertions;
    int grownBetween = 0;
    qsizetype last = 0;
    connect(&model, &QAbstractItemModel::rowsAboutToBeInserted, this, [&] {
        before = model.clusterCounts().capacity();
        grownBetween += before > last && last >= HashGrowth::kFromCapacity ? 1 : 0;
    });
    connect(&model, &QAbstractItemModel::rowsInserted, this, [&] {
        last = model.clusterCounts().capacity();
        insertions.append({before, last});
    });
    // A snapshot of its own cluster each: 40,000 clusters, the hash from 16,384 to 65,536 keys.
    constexpr int kRows = 40000;
    for (int first = 0; first < kRows; first += 50)
        sink.nodePage(manualPage(first, true));
    QVERIFY(QTest::qWaitFor([&model] { return model.rowCount() == kRows; }, 30000));
    sink.finished(std::nullopt);

    QCOMPARE(model.clusterCounts().size(), kRows);
    QCOMPARE(model.clusterCounts().capacity(), HashGrowth::kFromCapacity * 4);
    for (const auto &[capacityBefore, capacityAfter] : std::as_const(insertions)) {
        if (capacityBefore >= HashGrowth::kFromCapacity)
            QCOMPARE(capacityAfter, capacityBefore);
    }
    QCOMPARE(grownBetween, 2); // 16,384 to 32,768 and to 65,536, each between two merges
}

// A growth that does not fit in what its pass has left (another turn of the thread took it) is not left to whichever
// later turn finds room while the rows go on: the next turn grows the hash before any row is merged.
void TestSnapshotListing::aGrowthThatDoesNotFitInItsPassOpensTheNext()
{
    SnapshotTableModel model;
    SnapshotListing listing(&model);
    FleetInventory::ListerSink sink;
    const auto client = startByHand(listing, sink);
    QVERIFY(sink.nodePage);

    // Once the count per cluster is two thirds full, another turn of this thread (36 ms of wall time, more than a
    // pass's 35) runs right before each merge turn: a zero timer started in each insertion, before the merge turn's
    // own timer.
    const auto nearing = [&model] {
        const QHash<QString, int> &counts = model.clusterCounts();
        return counts.capacity() >= HashGrowth::kFromCapacity && counts.size() * 3 >= counts.capacity() * 2;
    };
    TurnBudget other(1);
    QTimer takePass;
    takePass.setSingleShot(true);
    takePass.setInterval(0);
    int passesTaken = 0;
    connect(&takePass, &QTimer::timeout, this, [&other, &passesTaken] {
        other.start();
        QThread::msleep(36);
        other.finish(0);
        ++passesTaken;
    });
    int mergedWhileDue = 0;
    connect(&model, &QAbstractItemModel::rowsAboutToBeInserted, this, [&model, &mergedWhileDue] {
        const QHash<QString, int> &counts = model.clusterCounts();
        mergedWhileDue += HashGrowth::isNearlyFull(counts.size(), counts.capacity()) ? 1 : 0;
    });
    connect(&model, &QAbstractItemModel::rowsInserted, this, [&nearing, &takePass] {
        if (nearing())
            takePass.start();
    });
    constexpr int kRows = 40000;
    for (int first = 0; first < kRows; first += 50)
        sink.nodePage(manualPage(first, true));
    QVERIFY(QTest::qWaitFor([&model] { return model.rowCount() == kRows; }, 60000));
    sink.finished(std::nullopt);

    QVERIFY2(passesTaken >= 2, qPrintable(QString::number(passesTaken)));
    QCOMPARE(model.clusterCounts().capacity(), HashGrowth::kFromCapacity * 4);
    QCOMPARE(mergedWhileDue, 0);
}

void TestSnapshotListing::errorsAreReportedAndRowsKept()
{
    SnapshotTableModel model;
    SnapshotListing listing(&model);
    const auto client = makeClient();
    listing.setClient(client.get());
    QVERIFY(refreshAndWait(listing));
    const int total = model.rowCount();
    const QDateTime completed = listing.lastCompleted();

    // Every request fails with a 500: one failed() (the first part to fail), then finished(false); the rows
    // listed before stay and the last complete listing is still the earlier one.
    m_server->setFaults(0, 0, 1.0, 0, 0);
    QSignalSpy failed(&listing, &SnapshotListing::failed);
    QVERIFY(!refreshAndWait(listing));
    QCOMPARE(failed.count(), 1);
    const auto error = failed.first().at(1).value<ApiError>();
    QVERIFY2(error.code == u"InternalFailure" || error.code == u"ServiceUnavailable", qPrintable(error.toString()));
    QCOMPARE(model.rowCount(), total);
    QCOMPARE(listing.lastCompleted(), completed);
    QVERIFY(!listing.isLoading());

    // A truncated answer is an error too, never a silently short list.
    m_server->setFaults(0, 0, 0, 0, 1.0);
    failed.clear();
    QVERIFY(!refreshAndWait(listing));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(model.rowCount(), total);

    // Healthy again: complete.
    m_server->setFaults(0, 0, 0, 0, 0);
    QVERIFY(refreshAndWait(listing));
    QCOMPARE(model.rowCount(), serverTotal());
    QVERIFY(listing.lastCompleted() > completed || listing.lastCompleted() == completed);
}

void TestSnapshotListing::slowAndFailingPages()
{
    SnapshotTableModel model;
    SnapshotListing listing(&model);
    const auto client = makeClient(10);
    listing.setClient(client.get());

    // Slow pages: the listing is loading meanwhile, the rows arrive a page at a time, and it completes.
    m_server->setFaults(150, 0, 0, 0, 0);
    QSignalSpy finished(&listing, &SnapshotListing::finished);
    const quint64 atStart = m_server->requestCount();
    listing.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() > 0, 15000);
    QVERIFY(listing.isLoading());
    QVERIFY(model.rowCount() < serverTotal());
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().first().toBool(), true);
    QCOMPARE(model.rowCount(), serverTotal());
    QTest::qWait(500); // the sources' answers too
    const quint64 healthyRequests = m_server->requestCount() - atStart;

    // A third of the answers fail (500s and dropped connections); the client's retries still get every page.
    m_server->setFaults(0, 0, 0.2, 0.15, 0);
    const quint64 before = m_server->requestCount();
    QVERIFY(refreshAndWait(listing));
    QCOMPARE(model.rowCount(), serverTotal());
    QCOMPARE(listing.loadedCount(), qint64(serverTotal()));
    // More requests than the healthy listing made: some were retried.
    QVERIFY2(m_server->requestCount() - before > healthyRequests,
             qPrintable(u"%1 requests, %2 when healthy"_s.arg(m_server->requestCount() - before).arg(healthyRequests)));
}

void TestSnapshotListing::reconnectAbandonsTheListing()
{
    SnapshotTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    SnapshotListing listing(&model);
    auto client = makeClient();
    listing.setClient(client.get());
    m_server->setFaults(200, 0, 0, 0, 0);
    QSignalSpy finished(&listing, &SnapshotListing::finished);
    QSignalSpy failed(&listing, &SnapshotListing::failed);
    listing.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() > 0, 15000);
    QVERIFY(listing.isLoading());

    // Another connection while pages are on their way: nothing of the old listing stays or arrives later.
    const auto other = makeClient();
    listing.setClient(other.get());
    client.reset(); // the old client and its jobs go away
    QVERIFY(!listing.isLoading());
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(listing.sources().isEmpty());
    QTest::qWait(800);
    QCOMPARE(finished.count(), 0);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(model.rowCount(), 0);

    m_server->setFaults(0, 0, 0, 0, 0);
    QVERIFY(refreshAndWait(listing));
    QCOMPARE(model.rowCount(), serverTotal());
}

// A per-source listing runs on the listing thread, so its last pages and its end can already be queued for this
// thread when a refresh abandons it. None of it may reach the listing started then: an abandoned listing's end
// would end that one (and delete its lister) with the old listing's rows.
void TestSnapshotListing::refreshIgnoresTheAbandonedListing()
{
    SnapshotTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    SnapshotListing listing(&model);
    QList<FleetInventory::ListerSink> sinks;
    QList<QPointer<QObject>> listers;
    const auto factory = [&](ElastiCacheClient *, const FleetInventory::ListerSink &sink) -> QObject * {
        sinks.append(sink);
        listers.append(new QObject);
        return listers.constLast().data();
    };
    listing.setListerFactory(factory);
    const auto client = makeClient();
    listing.setClient(client.get());
    QSignalSpy finished(&listing, &SnapshotListing::finished);
    const auto page = [](const QString &name) {
        Snapshot snapshot;
        snapshot.snapshotName = name;
        snapshot.snapshotSource = u"manual"_s;
        snapshot.snapshotStatus = u"available"_s;
        return QList<Snapshot> {snapshot};
    };

    listing.refresh();
    listing.refresh(); // the first listing is abandoned, its words still on their way
    QCOMPARE(sinks.size(), 2);
    sinks[0].nodePage(page(u"old-listing"_s));
    sinks[0].restarted(u"the old listing started over"_s);
    sinks[0].finished(std::nullopt);
    QTRY_VERIFY(!listers[0]); // deleted, as an abandoned listing is
    QTest::qWait(300); // two merge intervals
    QCOMPARE(finished.count(), 0);
    QVERIFY(listing.isLoading());
    QVERIFY(listers[1]);
    QCOMPARE(sinks.size(), 2); // nothing started over
    QCOMPARE(model.rowCount(), 0);

    sinks[1].nodePage(page(u"new-listing"_s));
    sinks[1].finished(std::nullopt);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.first().first().toBool(), true);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.snapshotAt(0).name(), u"new-listing"_s);
    QTRY_VERIFY(!listers[1]);

    // A reconnect while a listing runs: its words, still queued, reach nothing of the connection made then.
    listing.refresh();
    QCOMPARE(sinks.size(), 3);
    const auto other = makeClient();
    listing.setClient(other.get());
    sinks[2].nodePage(page(u"reconnected-away"_s));
    sinks[2].finished(std::nullopt);
    QTest::qWait(300);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(finished.count(), 1);
    QVERIFY(!listers[2]);

    // Gone before its abandoned listing's deferred deletion: that listing goes with it, and with it what it queued.
    auto gone = std::make_unique<SnapshotListing>(&model);
    gone->setListerFactory(factory);
    gone->setClient(other.get());
    gone->refresh();
    gone->refresh();
    QCOMPARE(sinks.size(), 5);
    QVERIFY(listers[3]);
    gone.reset();
    QVERIFY(!listers[3]);
    QVERIFY(!listers[4]);
}

QTEST_MAIN(TestSnapshotListing)
#include "tst_snapshotlisting.moc"
