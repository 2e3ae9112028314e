// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later

// Following an export (core/exportfollower.h): the record and its strict reading, the words, and the follower
// itself against an in-process sandbox over loopback HTTP (ElastiCache and S3 on the same port): an export followed
// to completion, one that fails by the service's event, one that passes its deadline. And DescribeEvents itself.

#include "elasticacheclient.h"
#include "exportfollower.h"
#include "exportplan.h"
#include "s3client.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

class TestExportFollower final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void recordRoundTrip();
    void hostileRecordRefused_data();
    void hostileRecordRefused();
    void hostileDocumentRefused();
    void words();
    void failureEvents_data();
    void failureEvents();

    void describeEventsPages();
    void followedToCompletion();
    void serverlessFollowedToCompletion();
    void failsByEvent();
    void deadline();

private:
    FollowedExport startNodeExport(const QString &bucket, const QString &target);
    std::unique_ptr<ExportFollower> follower(const FollowedExport &record);
    void makeServer(double exportSeconds, int failAfterObjects = -1);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<ElastiCacheClient> m_client;
    std::unique_ptr<S3Client> m_s3;
};

namespace {

// The result of a job, once it has finished (nullopt after 10 s).
template<typename R, typename Job> std::optional<R> result(Job *job)
{
    std::optional<R> slot;
    QObject context;
    job->onFinished(&context, [&slot](const R &r) { slot = r; });
    return waitFor(slot, 10000);
}

FollowedExport sampleRecord()
{
    FollowedExport r;
    r.profile = u"prod"_s;
    r.region = u"eu-west-1"_s;
    r.endpoint = u"http://127.0.0.1:4566"_s;
    r.kind = FollowedExport::Kind::NodeBased;
    r.snapshotName = u"nightly"_s;
    r.bucket = u"my-backups"_s;
    r.keys = {u"nightly-export-0001.rdb"_s, u"nightly-export-0002.rdb"_s};
    r.acceptedAt = QDateTime(QDate(2026, 3, 1), QTime(10, 0, 0, 123), Qt::UTC);
    return r;
}

} // namespace

void TestExportFollower::makeServer(double exportSeconds, int failAfterObjects)
{
    m_s3.reset();
    m_client.reset();
    m_server.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(m_dir->filePath(u"s3/follow-bucket"_s)));
    SandboxConfig config;
    config.seed = 5;
    config.seedSnapshots = 20;
    config.s3Root = m_dir->filePath(u"s3"_s);
    config.snapshotCreateSeconds = 0.3;
    config.exportSeconds = exportSeconds;
    config.exportFailAfterObjects = failAfterObjects;
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
    m_s3 = std::make_unique<S3Client>(client);
}

void TestExportFollower::init()
{
    makeServer(1.5);
}

void TestExportFollower::cleanup()
{
    m_s3.reset();
    m_client.reset();
    m_server.reset();
    m_dir.reset();
}

void TestExportFollower::recordRoundTrip()
{
    const FollowedExport r = sampleRecord();
    const QByteArray document = FollowedExport::listToJson({r, r});
    QVERIFY(!document.contains("secret"));
    const ApiResult<QList<FollowedExport>> back = FollowedExport::listFromJson(document);
    QVERIFY2(back, qPrintable(back ? QString() : back.error().message));
    QCOMPARE(back.value().size(), 2);
    QCOMPARE(back.value().first(), r);
    QCOMPARE(r.location(), u"s3://my-backups/nightly-export"_s);
    FollowedExport one = r;
    one.keys = {u"nightly-export-0001.rdb"_s};
    QCOMPARE(one.location(), u"s3://my-backups/nightly-export-0001.rdb"_s);
    QVERIFY(r.belongsTo(u"prod"_s, u"eu-west-1"_s, u"http://127.0.0.1:4566"_s));
    QVERIFY(!r.belongsTo(u"prod"_s, u"eu-west-2"_s, u"http://127.0.0.1:4566"_s));
    QVERIFY(!r.belongsTo(u"dev"_s, u"eu-west-1"_s, u"http://127.0.0.1:4566"_s));
    // Every member is written, and nothing else.
    QCOMPARE(r.toJson().keys().size(), 9);
}

void TestExportFollower::hostileRecordRefused_data()
{
    QTest::addColumn<QString>("member");
    QTest::addColumn<QJsonValue>("value");

    QTest::newRow("unknown member") << u"secretAccessKey"_s << QJsonValue(u"x"_s);
    QTest::newRow("version 2") << u"version"_s << QJsonValue(2);
    QTest::newRow("version as text") << u"version"_s << QJsonValue(u"1"_s);
    QTest::newRow("empty profile") << u"profile"_s << QJsonValue(u""_s);
    QTest::newRow("profile with a newline") << u"profile"_s << QJsonValue(u"prod\nx"_s);
    QTest::newRow("long profile") << u"profile"_s << QJsonValue(QString(300, u'p'));
    QTest::newRow("region with a slash") << u"region"_s << QJsonValue(u"eu-west-1/../x"_s);
    QTest::newRow("endpoint with a user") << u"endpoint"_s << QJsonValue(u"https://user:pw@example.com"_s);
    QTest::newRow("endpoint not http") << u"endpoint"_s << QJsonValue(u"file:///etc/passwd"_s);
    QTest::newRow("kind") << u"kind"_s << QJsonValue(u"memcached"_s);
    QTest::newRow("snapshot with a slash") << u"snapshot"_s << QJsonValue(u"../nightly"_s);
    QTest::newRow("long snapshot") << u"snapshot"_s << QJsonValue(QString(256, u'a'));
    QTest::newRow("bucket with capitals") << u"bucket"_s << QJsonValue(u"My-Backups"_s);
    QTest::newRow("bucket with a slash") << u"bucket"_s << QJsonValue(u"a/b"_s);
    QTest::newRow("bucket too short") << u"bucket"_s << QJsonValue(u"ab"_s);
    QTest::newRow("no keys") << u"keys"_s << QJsonValue(QJsonArray());
    QTest::newRow("key not a string") << u"keys"_s << QJsonValue(QJsonArray {1});
    QTest::newRow("key with a control character") << u"keys"_s << QJsonValue(QJsonArray {u"a\u001b[2Jb.rdb"_s});
    QTest::newRow("key too long") << u"keys"_s << QJsonValue(QJsonArray {QString(1025, u'k')});
    QJsonArray many;
    for (int i = 0; i < 501; ++i)
        many.append(u"k-%1.rdb"_s.arg(i));
    QTest::newRow("too many keys") << u"keys"_s << QJsonValue(many);
    QTest::newRow("time not a time") << u"acceptedAt"_s << QJsonValue(u"yesterday"_s);
    QTest::newRow("time far ahead") << u"acceptedAt"_s
                                    << QJsonValue(QDateTime::currentDateTimeUtc().addDays(30).toString(Qt::ISODate));
    QTest::newRow("time long ago") << u"acceptedAt"_s << QJsonValue(u"1970-01-01T00:00:00Z"_s);
    QTest::newRow("missing member") << u"bucket"_s << QJsonValue(QJsonValue::Undefined);
}

void TestExportFollower::hostileRecordRefused()
{
    QFETCH(QString, member);
    QFETCH(QJsonValue, value);
    QJsonObject object = sampleRecord().toJson();
    QVERIFY(FollowedExport::fromJson(object).ok());
    if (value.isUndefined())
        object.remove(member);
    else
        object.insert(member, value);
    const ApiResult<FollowedExport> read = FollowedExport::fromJson(object);
    QVERIFY(!read.ok());
    QCOMPARE(read.error().code, u"MalformedState"_s);
    // The list holding it is refused whole.
    const QByteArray document = QJsonDocument(QJsonObject {{u"exports"_s, QJsonArray {object}}}).toJson();
    QVERIFY(!FollowedExport::listFromJson(document).ok());
}

void TestExportFollower::hostileDocumentRefused()
{
    QVERIFY(!FollowedExport::listFromJson("not json").ok());
    QVERIFY(!FollowedExport::listFromJson("[]").ok());
    QVERIFY(!FollowedExport::listFromJson(R"({"exports": {}})").ok());
    QVERIFY(!FollowedExport::listFromJson(R"({"exports": [], "more": 1})").ok());
    QVERIFY(!FollowedExport::listFromJson(R"({"exports": [1]})").ok());
    QVERIFY(FollowedExport::listFromJson(R"({"exports": []})").ok());
    // More records than may be kept.
    QList<FollowedExport> many(FollowedExport::kMaxRecords + 1, sampleRecord());
    QVERIFY(!FollowedExport::listFromJson(FollowedExport::listToJson(many)).ok());
    many.removeLast();
    QVERIFY(FollowedExport::listFromJson(FollowedExport::listToJson(many)).ok());
    // A document larger than any the app writes is not even parsed.
    QByteArray huge = R"({"exports": [], "pad": ")" + QByteArray(FollowedExport::kMaxDocumentBytes, 'x') + "\"}";
    const ApiResult<QList<FollowedExport>> read = FollowedExport::listFromJson(huge);
    QVERIFY(!read.ok());
    QVERIFY2(read.error().message.contains(u"bytes"), qPrintable(read.error().message));
    // Deeply nested JSON is refused without trouble.
    QVERIFY(!FollowedExport::listFromJson(QByteArray(100000, '[')).ok());
}

void TestExportFollower::words()
{
    ExportFollower::Progress p;
    p.objectsExpected = 3;
    p.objectsPresent = 2;
    p.bytes = qint64(1.4 * 1024 * 1024 * 1024);
    QCOMPARE(ExportFollower::progressText(p), u"exporting: 2 of 3 objects, 1.4 GB so far"_s);
    p.objectsPresent = 0;
    p.bytes = 0;
    QCOMPARE(ExportFollower::progressText(p), u"exporting: 0 of 3 objects so far"_s);
    FollowedExport r = sampleRecord();
    r.keys.append(u"nightly-export-0003.rdb"_s);
    p.objectsPresent = 3;
    p.bytes = qint64(4.2 * 1024 * 1024 * 1024);
    QCOMPARE(ExportFollower::doneText(r, p), u"exported to s3://my-backups/nightly-export (3 objects, 4.2 GB)"_s);
    p.bytes = 812;
    QCOMPARE(ExportFollower::doneText(r, p), u"exported to s3://my-backups/nightly-export (3 objects, 812 bytes)"_s);
}

void TestExportFollower::failureEvents_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("failure");

    QTest::newRow("export failed, by source") << u"nightly"_s << u"Snapshot export failed: access denied."_s << true;
    QTest::newRow("failure named in the message")
        << u"my-cluster"_s << u"Failed to export snapshot nightly to S3 bucket my-backups."_s << true;
    QTest::newRow("error in the message") << u"nightly"_s << u"Error exporting the snapshot to Amazon S3."_s << true;
    QTest::newRow("success") << u"nightly"_s << u"Snapshot export succeeded for snapshot nightly."_s << false;
    QTest::newRow("another snapshot") << u"nightly-2"_s << u"Snapshot export failed for nightly-2."_s << false;
    QTest::newRow("a longer name in the message")
        << u"my-cluster"_s << u"Snapshot export failed for nightly-2."_s << false;
    QTest::newRow("unrelated failure") << u"my-cluster"_s << u"Failed to apply parameter group."_s << false;
}

void TestExportFollower::failureEvents()
{
    QFETCH(QString, source);
    QFETCH(QString, message);
    QFETCH(bool, failure);
    Event event;
    event.sourceIdentifier = source;
    event.message = message;
    QCOMPARE(ExportFollower::isFailureEvent(event, sampleRecord()), failure);
}

// The sandbox records events as snapshot operations finish; DescribeEvents reads them back, every page.
void TestExportFollower::describeEventsPages()
{
    const FollowedExport record = startNodeExport(u"follow-bucket"_s, u"events-export"_s);
    QVERIFY(!record.keys.isEmpty());
    DescribeEventsRequest request;
    request.startTime = Timestamp(record.acceptedAt.addSecs(-60));
    request.maxRecords = 20; // the service's least: more events than that come in pages
    // The export's event is recorded when it ends.
    bool found = false;
    qsizetype listed = 0;
    spinUntil(
        [&] {
            const auto events = result<ApiResult<QList<Event>>>(m_client->describeEvents(request));
            if (!events || !*events)
                return false;
            listed = events->value().size();
            for (const Event &event : events->value())
                found = found || event.sourceIdentifier == record.snapshotName;
            return found;
        },
        15000);
    qInfo("%lld events", qlonglong(listed));
    QVERIFY2(found, "no event names the exported snapshot");
}

FollowedExport TestExportFollower::startNodeExport(const QString &bucket, const QString &target)
{
    DescribeSnapshotsRequest lookup;
    const auto snapshots = result<ApiResult<QList<Snapshot>>>(m_client->describeSnapshots(lookup));
    if (!snapshots || !*snapshots)
        return {};
    Snapshot source;
    for (const Snapshot &s : snapshots->value()) {
        if (s.snapshotStatus == u"available" && s.dataTiering != u"enabled" && s.nodeSnapshots.size() > 1) {
            source = s;
            break;
        }
    }
    if (source.snapshotName.isEmpty())
        return {};
    CopySnapshotRequest request;
    request.sourceSnapshotName = source.snapshotName;
    request.targetSnapshotName = target;
    request.targetBucket = bucket;
    FollowedExport record;
    record.profile = u"sandbox"_s;
    record.region = m_server->region();
    record.kind = FollowedExport::Kind::NodeBased;
    record.snapshotName = source.snapshotName;
    record.bucket = bucket;
    record.keys = ExportPlan::nodeBasedObjectKeys(target, source);
    record.acceptedAt = QDateTime::currentDateTimeUtc();
    const auto copied = result<ApiResult<Snapshot>>(m_client->copySnapshot(request));
    if (!copied || !*copied)
        return {};
    return record;
}

std::unique_ptr<ExportFollower> TestExportFollower::follower(const FollowedExport &record)
{
    auto f = std::make_unique<ExportFollower>(m_client.get(), m_s3.get(), record);
    f->setFirstDelayMs(100);
    return f;
}

void TestExportFollower::followedToCompletion()
{
    const FollowedExport record = startNodeExport(u"follow-bucket"_s, u"Followed-Export"_s);
    QVERIFY(!record.keys.isEmpty());
    QVERIFY(record.keys.size() > 1);
    auto f = follower(record);
    QSignalSpy progressed(f.get(), &ExportFollower::progressed);
    QSignalSpy finished(f.get(), &ExportFollower::finished);
    f->start();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.size(), 1);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    const QString text = finished.first().at(1).toString();
    QVERIFY2(text.startsWith(u"exported to s3://follow-bucket/followed-export (%1 objects, "_s.arg(record.keys.size())),
             qPrintable(text));
    QVERIFY(!progressed.isEmpty());
    QVERIFY2(progressed.first().at(1).toString().startsWith(u"exporting: "_s),
             qPrintable(progressed.first().at(1).toString()));
    for (const QString &key : record.keys)
        QVERIFY(QFile::exists(m_dir->filePath(u"s3/follow-bucket/"_s + key)));
    QCOMPARE(f->progress().objectsPresent, record.keys.size());
    QVERIFY(f->progress().bytes > 0);
    QVERIFY(!f->isRunning());
}

void TestExportFollower::serverlessFollowedToCompletion()
{
    DescribeServerlessCacheSnapshotsRequest lookup;
    const auto snapshots
        = result<ApiResult<QList<ServerlessCacheSnapshot>>>(m_client->describeServerlessCacheSnapshots(lookup));
    QVERIFY(snapshots && *snapshots);
    QString name;
    for (const ServerlessCacheSnapshot &s : snapshots->value()) {
        if (s.status == u"available"
            && !(s.serverlessCacheConfiguration && s.serverlessCacheConfiguration->engine == u"memcached"))
            name = s.serverlessCacheSnapshotName;
    }
    QVERIFY(!name.isEmpty());
    ExportServerlessCacheSnapshotRequest request;
    request.serverlessCacheSnapshotName = name;
    request.s3BucketName = u"follow-bucket"_s;
    FollowedExport record;
    record.profile = u"sandbox"_s;
    record.kind = FollowedExport::Kind::Serverless;
    record.snapshotName = name;
    record.bucket = u"follow-bucket"_s;
    record.keys = ExportPlan::serverlessObjectKeys(name);
    record.acceptedAt = QDateTime::currentDateTimeUtc();
    const auto exported = result<ApiResult<ServerlessCacheSnapshot>>(m_client->exportServerlessCacheSnapshot(request));
    QVERIFY(exported && *exported);
    auto f = follower(record);
    QSignalSpy finished(f.get(), &ExportFollower::finished);
    f->start();
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QVERIFY(finished.first().at(1).toString().startsWith(u"exported to s3://follow-bucket/"_s + record.keys.first()
                                                         + u" (1 object, "_s));
}

void TestExportFollower::failsByEvent()
{
    makeServer(1.5, 1);
    const FollowedExport record = startNodeExport(u"follow-bucket"_s, u"failing-export"_s);
    QVERIFY(record.keys.size() > 1);
    auto f = follower(record);
    QSignalSpy finished(f.get(), &ExportFollower::finished);
    f->start();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().at(0).toBool(), false);
    // The service's own words, after what failed.
    const QString text = finished.first().at(1).toString();
    QVERIFY2(text.startsWith(u"export of %1 to s3://follow-bucket/failing-export failed: "_s.arg(record.snapshotName)),
             qPrintable(text));
    QVERIFY2(text.contains(u"Access Denied"_s), qPrintable(text));
    QCOMPARE(f->progress().objectsPresent, 1);
}

void TestExportFollower::deadline()
{
    makeServer(60);
    const FollowedExport record = startNodeExport(u"follow-bucket"_s, u"slow-export"_s);
    QVERIFY(!record.keys.isEmpty());
    auto f = follower(record);
    f->setDeadline(QDateTime::currentDateTimeUtc().addMSecs(1500));
    QSignalSpy progressed(f.get(), &ExportFollower::progressed);
    QSignalSpy finished(f.get(), &ExportFollower::finished);
    QElapsedTimer timer;
    timer.start();
    f->start();
    QVERIFY(finished.wait(15000));
    QCOMPARE(finished.size(), 1);
    QVERIFY(timer.elapsed() >= 1400);
    QVERIFY(timer.elapsed() < 10000);
    QCOMPARE(finished.first().at(0).toBool(), false);
    const QString text = finished.first().at(1).toString();
    QVERIFY2(text.contains(u"deadline") && text.contains(u"0 of %1 objects"_s.arg(record.keys.size())),
             qPrintable(text));
    QVERIFY(progressed.size() >= 2); // several rounds before the deadline
}

QTEST_GUILESS_MAIN(TestExportFollower)
#include "tst_exportfollower.moc"
