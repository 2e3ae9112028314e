// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// A clean-up plan carried out (core/cleanuprun.h) against the in-process sandbox over loopback HTTP: the listing
// and tags a plan is made from (core/cleanuplisting.h), the preview equal to what the run deletes, snapshots that
// changed between the preview and the run skipped (a copy started, a delete elsewhere), stop in the middle, a run
// through the sandbox's rate limit, and the results as CSV and JSON.
#include "cleanuplisting.h"
#include "cleanuprun.h"
#include "credentials.h"
#include "elasticacheclient.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "snapshotfixtures.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QDateTime kOld = QDateTime::currentDateTimeUtc().addDays(-200);

// A manual snapshot of a replication group that does not exist (any more), created 200 days ago.
Snapshot orphan(const QString &name, const QString &group)
{
    return orphanSnapshot(name, group, 200, 2048);
}

ServerlessCacheSnapshot serverlessOrphan(const QString &name, const QString &cache)
{
    ServerlessCacheSnapshot s;
    s.serverlessCacheSnapshotName = name;
    s.snapshotType = u"manual"_s;
    s.status = u"available"_s;
    s.createTime = kOld;
    s.bytesUsedForCache = u"1073741824"_s;
    s.arn = u"arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:"_s + name;
    ServerlessCacheConfiguration config;
    config.serverlessCacheName = cache;
    config.engine = u"valkey"_s;
    config.majorEngineVersion = u"8"_s;
    s.serverlessCacheConfiguration = config;
    return s;
}

QSet<QString> namesOf(const QList<CleanupItem> &items)
{
    QSet<QString> names;
    for (const CleanupItem &item : items)
        names.insert(item.entry.name());
    return names;
}

} // namespace

class TestCleanupRun final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void listingGivesSnapshotsAndSources();
    void sandboxDeletesAsTheServiceDoes();
    void previewEqualsWhatTheRunDeletes();
    void skipTagsReadOnlyForCandidates();
    void changedSinceThePreviewIsSkipped();
    void stopInTheMiddle();
    void throttledRunCompletes();

private:
    void addOrphans(int count, const QString &group);
    CleanupPlan plan(const CleanupRules &rules, const QHash<QString, QList<Tag>> *tags = nullptr);
    void run(CleanupRun &run);

    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<ElastiCacheClient> m_client;
};

void TestCleanupRun::init()
{
    SandboxConfig config;
    config.seed = 13;
    config.seedSnapshots = 40;
    config.snapshotCreateSeconds = 30; // a copy keeps its source "copying" for the whole test
    config.snapshotDeleteSeconds = 0.2;
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    ClientConfig client;
    client.region = m_server->region();
    client.endpoint = m_server->url();
    AwsCredentials credentials;
    credentials.accessKeyId = m_server->accessKeyId();
    credentials.secretAccessKey = m_server->secretAccessKey();
    client.credentials = std::make_shared<StaticCredentialsProvider>(credentials);
    m_client = std::make_unique<ElastiCacheClient>(client);
}

void TestCleanupRun::cleanup()
{
    m_client.reset();
    m_server.reset();
}

void TestCleanupRun::addOrphans(int count, const QString &group)
{
    for (int i = 0; i < count; ++i)
        m_server->state()->addSnapshot(orphan(u"%1-old-%2"_s.arg(group).arg(i + 1), group));
}

CleanupPlan TestCleanupRun::plan(const CleanupRules &rules, const QHash<QString, QList<Tag>> *tags)
{
    CleanupListing listing(m_client.get());
    std::optional<ApiResult<CleanupListing::Result>> listed;
    listing.start([&listed](const ApiResult<CleanupListing::Result> &result) { listed = result; });
    if (!waitFor(listed, 10000) || !*listed)
        qFatal("the listing failed");
    CleanupInput input;
    CleanupConnection connection;
    connection.choice.region = m_server->region();
    connection.sources = listed->value().sources;
    input.connections = {connection};
    for (const SnapshotEntry &entry : listed->value().snapshots)
        input.rows.append({0, entry});
    input.now = QDateTime::currentDateTimeUtc();
    if (tags) {
        input.tags = [tags](const CleanupRow &row) -> std::optional<QList<Tag>> {
            const auto it = tags->constFind(row.entry.arn());
            return it == tags->constEnd() ? std::nullopt : std::optional<QList<Tag>>(*it);
        };
    }
    return CleanupPlan::make(input, rules);
}

void TestCleanupRun::run(CleanupRun &run)
{
    QSignalSpy finished(&run, &CleanupRun::finished);
    run.start();
    QVERIFY(finished.isEmpty()); // never from inside start()
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.size(), 1);
    QVERIFY(run.isFinished());
}

void TestCleanupRun::listingGivesSnapshotsAndSources()
{
    CleanupListing listing(m_client.get());
    std::optional<ApiResult<CleanupListing::Result>> listed;
    listing.start([&listed](const ApiResult<CleanupListing::Result> &result) { listed = result; });
    QVERIFY(!listed); // never from inside start()
    QVERIFY(waitFor(listed, 10000));
    QVERIFY(*listed);
    const CleanupListing::Result &result = listed->value();
    QCOMPARE(result.snapshots.size(),
             m_server->state()->snapshotCount() + m_server->state()->serverlessSnapshotCount());
    QVERIFY(result.sources.known);
    QCOMPARE(result.sources.clusters.size(), m_server->state()->cacheClusterCount());
    QCOMPARE(result.sources.replicationGroups.size(), m_server->state()->replicationGroupCount());
    QCOMPARE(result.sources.serverlessCaches.size(), m_server->state()->serverlessCacheCount());
}

// snapshot-rules.md, "Clean-up": an automatic snapshot can be deleted through the API; a snapshot that is not
// available is refused with InvalidSnapshotState.
void TestCleanupRun::sandboxDeletesAsTheServiceDoes()
{
    Snapshot automatic = orphan(u"automatic.cu-rg-2026-01-01-03-00"_s, u"cu-rg"_s);
    automatic.snapshotSource = u"automated"_s;
    m_server->state()->addSnapshot(automatic);
    Snapshot creating = orphan(u"cu-creating"_s, u"cu-rg"_s);
    creating.snapshotStatus = u"creating"_s;
    m_server->state()->addSnapshot(creating);

    DeleteSnapshotRequest request;
    request.snapshotName = automatic.snapshotName;
    std::optional<ApiResult<Snapshot>> deleted;
    m_client->deleteSnapshot(request)->onFinished(this, [&deleted](const ApiResult<Snapshot> &r) { deleted = r; });
    QVERIFY(waitFor(deleted, 10000));
    QVERIFY(*deleted);
    QCOMPARE(deleted->value().snapshotStatus, u"deleting"_s);

    request.snapshotName = creating.snapshotName;
    std::optional<ApiResult<Snapshot>> refused;
    m_client->deleteSnapshot(request)->onFinished(this, [&refused](const ApiResult<Snapshot> &r) { refused = r; });
    QVERIFY(waitFor(refused, 10000));
    QVERIFY(!*refused);
    QCOMPARE(refused->error().code, u"InvalidSnapshotState"_s);
    QCOMPARE(refused->error().httpStatus, 400);
}

void TestCleanupRun::previewEqualsWhatTheRunDeletes()
{
    addOrphans(3, u"cu-gone-rg"_s);
    m_server->state()->addServerlessSnapshot(serverlessOrphan(u"cu-gone-serverless"_s, u"cu-gone-cache"_s));
    const int before = m_server->state()->snapshotCount() + m_server->state()->serverlessSnapshotCount();

    CleanupRules rules;
    rules.sourceGone = true;
    rules.olderThanDays = 30;
    const CleanupPlan preview = plan(rules);
    QVERIFY(preview.problem().isEmpty());
    const QSet<QString> planned = namesOf(preview.toDelete());
    for (const QString &name :
         {u"cu-gone-rg-old-1"_s, u"cu-gone-rg-old-2"_s, u"cu-gone-rg-old-3"_s, u"cu-gone-serverless"_s})
        QVERIFY2(planned.contains(name), qPrintable(name));
    // Every planned snapshot's source is absent from the sandbox, and each is manual.
    for (const CleanupItem &item : preview.toDelete()) {
        QVERIFY(!item.entry.isAutomatic());
        QVERIFY(!m_server->state()->replicationGroup(item.entry.replicationGroup())
                || item.entry.replicationGroup().isEmpty());
    }

    CleanupRun execution(preview, [this](int connection) { return connection == 0 ? m_client.get() : nullptr; });
    QSignalSpy progressed(&execution, &CleanupRun::progressed);
    run(execution);
    QCOMPARE(progressed.size(), preview.toDelete().size());
    QCOMPARE(progressed.last().at(0).toInt(), preview.toDelete().size());
    QSet<QString> deleted;
    for (const CleanupResult &result : execution.results()) {
        QCOMPARE(result.outcome, CleanupResult::Outcome::Deleted);
        deleted.insert(result.item.entry.name());
    }
    QCOMPARE(deleted, planned);
    QCOMPARE(execution.counts().deleted, planned.size());

    // In the service: exactly those are deleting (or gone), every other snapshot is untouched.
    QVERIFY(spinUntil(
        [&] {
            return m_server->state()->snapshotCount() + m_server->state()->serverlessSnapshotCount()
                == before - planned.size();
        },
        5000));
    for (const QString &name : planned) {
        QVERIFY(!m_server->state()->snapshot(name));
        QVERIFY(!m_server->state()->serverlessSnapshot(name));
    }
    // Planning again finds nothing more to delete.
    QVERIFY(plan(rules).toDelete().isEmpty());

    // The results as CSV (a header and a line each) and JSON.
    QCOMPARE(execution.resultsCsv().trimmed().split('\n').size(), 1 + planned.size());
    QVERIFY(execution.resultsCsv().contains(",cu-gone-rg-old-1,2147483648,deleted,"));
    const QJsonObject json = QJsonDocument::fromJson(execution.resultsJson()).object();
    QCOMPARE(json.value(u"Counts"_s).toObject().value(u"Deleted"_s).toInt(), planned.size());
    QCOMPARE(json.value(u"Results"_s).toArray().size(), planned.size());
}

void TestCleanupRun::skipTagsReadOnlyForCandidates()
{
    addOrphans(3, u"cu-tagged-rg"_s);
    m_server->state()->setTags(u"arn:aws:elasticache:us-east-1:123456789012:snapshot:cu-tagged-rg-old-2"_s,
                               {{u"keep"_s, u"true"_s}});
    CleanupRules rules;
    rules.sourceGone = true;
    rules.skipTags = {{u"keep"_s, u"true"_s}};
    // Without tags every candidate is held; the held rows are what to read.
    const CleanupPlan first = plan(rules);
    QVERIFY(first.toDelete().isEmpty());
    QVERIFY(first.held().size() >= 3);
    QList<CleanupRow> toRead;
    for (const CleanupItem &item : first.held())
        toRead.append({item.connection, item.entry});
    CleanupTagReader reader([this](int) { return m_client.get(); });
    std::optional<CleanupTagReader::Result> read;
    reader.read(toRead, [&read](const CleanupTagReader::Result &result) { read = result; });
    QVERIFY(waitFor(read, 10000));
    QCOMPARE(read->failed, 0);
    QCOMPARE(read->tags.size(), toRead.size()); // only the candidates' tags were read

    const CleanupPlan second = plan(rules, &read->tags);
    QVERIFY(second.held().isEmpty());
    const QSet<QString> planned = namesOf(second.toDelete());
    QVERIFY(planned.contains(u"cu-tagged-rg-old-1"_s));
    QVERIFY(!planned.contains(u"cu-tagged-rg-old-2"_s));
    QVERIFY(planned.contains(u"cu-tagged-rg-old-3"_s));
    QVERIFY(second.keptByTag() >= 1);
}

void TestCleanupRun::changedSinceThePreviewIsSkipped()
{
    addOrphans(4, u"cu-changing-rg"_s);
    m_server->state()->addServerlessSnapshot(serverlessOrphan(u"cu-changing-serverless"_s, u"cu-gone-cache"_s));
    CleanupRules rules;
    rules.sourceGone = true;
    const CleanupPlan preview = plan(rules);
    QVERIFY(namesOf(preview.toDelete()).contains(u"cu-changing-rg-old-1"_s));

    // Between the preview and the run: a copy of one starts (it is "copying"), another is deleted elsewhere, and
    // the serverless one is being copied too.
    CopySnapshotRequest copy;
    copy.sourceSnapshotName = u"cu-changing-rg-old-1"_s;
    copy.targetSnapshotName = u"cu-kept-copy"_s;
    std::optional<ApiResult<Snapshot>> copied;
    m_client->copySnapshot(copy)->onFinished(this, [&copied](const ApiResult<Snapshot> &r) { copied = r; });
    QVERIFY(waitFor(copied, 10000) && *copied);
    DeleteSnapshotRequest remove;
    remove.snapshotName = u"cu-changing-rg-old-2"_s;
    std::optional<ApiResult<Snapshot>> removed;
    m_client->deleteSnapshot(remove)->onFinished(this, [&removed](const ApiResult<Snapshot> &r) { removed = r; });
    QVERIFY(waitFor(removed, 10000) && *removed);
    CopyServerlessCacheSnapshotRequest serverlessCopy;
    serverlessCopy.sourceServerlessCacheSnapshotName = u"cu-changing-serverless"_s;
    serverlessCopy.targetServerlessCacheSnapshotName = u"cu-kept-serverless-copy"_s;
    std::optional<ApiResult<ServerlessCacheSnapshot>> serverlessCopied;
    m_client->copyServerlessCacheSnapshot(serverlessCopy)
        ->onFinished(this, [&serverlessCopied](const ApiResult<ServerlessCacheSnapshot> &r) { serverlessCopied = r; });
    QVERIFY(waitFor(serverlessCopied, 10000) && *serverlessCopied);

    CleanupRun execution(preview, [this](int) { return m_client.get(); });
    run(execution);
    QHash<QString, CleanupResult> byName;
    for (const CleanupResult &result : execution.results())
        byName.insert(result.item.entry.name(), result);
    const CleanupResult copying = byName.value(u"cu-changing-rg-old-1"_s);
    QCOMPARE(copying.outcome, CleanupResult::Outcome::Skipped);
    QVERIFY2(copying.reason.contains(u"copying"_s), qPrintable(copying.reason));
    const CleanupResult gone = byName.value(u"cu-changing-rg-old-2"_s);
    QCOMPARE(gone.outcome, CleanupResult::Outcome::Skipped);
    QVERIFY2(gone.reason.contains(u"deleting"_s) || gone.reason.contains(u"gone"_s), qPrintable(gone.reason));
    const CleanupResult serverless = byName.value(u"cu-changing-serverless"_s);
    QCOMPARE(serverless.outcome, CleanupResult::Outcome::Skipped);
    QVERIFY2(serverless.reason.contains(u"copying"_s), qPrintable(serverless.reason));
    QCOMPARE(byName.value(u"cu-changing-rg-old-3"_s).outcome, CleanupResult::Outcome::Deleted);
    QCOMPARE(byName.value(u"cu-changing-rg-old-4"_s).outcome, CleanupResult::Outcome::Deleted);
    // Never forced: the snapshot in use is still there, still copying.
    const auto stillThere = m_server->state()->snapshot(u"cu-changing-rg-old-1"_s);
    QVERIFY(stillThere);
    QCOMPARE(stillThere->snapshotStatus, u"copying"_s);
    QVERIFY(execution.resultsCsv().contains(",skipped,"));
}

void TestCleanupRun::stopInTheMiddle()
{
    addOrphans(8, u"cu-stop-rg"_s);
    CleanupRules rules;
    rules.sourceGone = true;
    const CleanupPlan preview = plan(rules);
    const int total = int(preview.toDelete().size());
    QVERIFY(total >= 8);

    CleanupRun::Options slow;
    slow.requestsPerSecond = 4; // two snapshots a second
    slow.concurrency = 1;
    CleanupRun execution(
        preview, [this](int) { return m_client.get(); }, slow);
    connect(&execution, &CleanupRun::itemFinished, &execution, [&execution] { execution.stop(); });
    QSignalSpy finished(&execution, &CleanupRun::finished);
    execution.start();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.size(), 1);
    const CleanupRun::Counts counts = execution.counts();
    QCOMPARE(counts.deleted + counts.skipped + counts.failed + counts.notRun, total);
    QVERIFY(counts.deleted >= 1);
    QVERIFY(counts.deleted <= 2); // the one finished, and at most one under way when stop() came
    QVERIFY(counts.notRun >= total - 2);
    // What was not run is untouched in the service.
    for (const CleanupResult &result : execution.results()) {
        if (result.outcome != CleanupResult::Outcome::NotRun)
            continue;
        QVERIFY(!result.reason.isEmpty());
        const auto snapshot = m_server->state()->snapshot(result.item.entry.name());
        QVERIFY(snapshot);
        QCOMPARE(snapshot->snapshotStatus, u"available"_s);
    }
    QVERIFY(execution.resultsCsv().contains(",not run,"));
}

void TestCleanupRun::throttledRunCompletes()
{
    addOrphans(10, u"cu-throttle-rg"_s);
    CleanupRules rules;
    rules.sourceGone = true;
    const CleanupPlan preview = plan(rules);
    const int total = int(preview.toDelete().size());
    QVERIFY(total >= 10);

    int throttledAnswers = 0;
    connect(m_server.get(), &SandboxServer::requestHandled, this,
            [&throttledAnswers](const QString &, int, const QString &code) {
                if (code == u"Throttling")
                    ++throttledAnswers;
            });
    m_server->setRateLimit(20, 2);
    m_client->setRetryRandomSource([] { return 0.2; });
    CleanupRun::Options eager;
    eager.requestsPerSecond = 100; // far above what the sandbox takes
    eager.concurrency = 6;
    eager.firstPauseMs = 200;
    eager.maxPauseMs = 800;
    CleanupRun execution(
        preview, [this](int) { return m_client.get(); }, eager);
    run(execution);
    QVERIFY(throttledAnswers > 0); // the sandbox did throttle
    QCOMPARE(execution.counts().deleted, total); // and every snapshot was deleted all the same
    QCOMPARE(execution.counts().failed, 0);
}

QTEST_GUILESS_MAIN(TestCleanupRun)
#include "tst_cleanuprun.moc"
