// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The sandbox over real loopback HTTP: requests signed with the core signer, answers read with the core parser.
#include "queryserializer.h"
#include "responseparser.h"
#include "sandboxbuckets.h"
#include "sandboxseeder.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "sandboxxml.h"
#include "service/queryprotocol.h"
#include "sigv4.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

namespace {

struct Answer
{
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray requestIdHeader;
    QByteArray dateHeader;
    QByteArray contentType;
};

struct Signer
{
    QString accessKeyId;
    QString secretAccessKey;
    QString region;
    QDateTime time; // invalid: now
};

constexpr auto &params = queryParams; // the short name these tests use (tests/support/testsupport.h)

} // namespace

class TestSandbox final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void describeSnapshotsPaging();
    void describeFilters_data();
    void describeFilters();
    void showNodeGroupConfig();
    void otherListOperations_data();
    void otherListOperations();
    void pageLimits_data();
    void pageLimits();
    void errors_data();
    void errors();
    void signatures_data();
    void signatures();
    void lifeCycle();
    void serverlessLifeCycle();
    void namesStoredLowercase();
    void quota();
    void exportWritesOneObjectPerShard();
    void exportErrors_data();
    void exportErrors();
    void serverlessExport();
    void persistenceRoundTrip();
    void faults_data();
    void faults();
    void keepAliveAndHeaders();
    void seedingIsDeterministicAndRealistic();
    void fixturesAreAvailableAtEverySeed();
    void xmlEscapesAndTimestamps();

private:
    SandboxConfig baseConfig() const;
    void startServer(const SandboxConfig &config);
    Answer send(const QByteArray &body, const Signer &signer);
    Answer call(const QString &action, const QueryParams &members);
    Signer defaultSigner() const;
    void writeBucket(const QString &name, const QJsonObject &settings);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
};

SandboxConfig TestSandbox::baseConfig() const
{
    SandboxConfig config;
    config.seed = 7;
    config.seedSnapshots = 120;
    config.seedAnchor = QDateTime(QDate(2026, 11, 1), QTime(12, 0), Qt::UTC);
    config.snapshotCreateSeconds = 0.4;
    config.s3Root = m_dir->filePath(u"s3"_qs);
    return config;
}

void TestSandbox::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(m_dir->filePath(u"s3/exports"_qs)));
    m_nam = std::make_unique<QNetworkAccessManager>();
    startServer(baseConfig());
}

void TestSandbox::cleanup()
{
    m_server.reset();
    m_nam.reset();
    m_dir.reset();
}

void TestSandbox::startServer(const SandboxConfig &config)
{
    m_server.reset();
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    QVERIFY(m_server->port() != 0);
}

Signer TestSandbox::defaultSigner() const
{
    return Signer {m_server->accessKeyId(), m_server->secretAccessKey(), m_server->region(), QDateTime()};
}

Answer TestSandbox::send(const QByteArray &body, const Signer &signer)
{
    const QUrl url = m_server->url();
    SigV4::Request request;
    request.method = "POST";
    request.path = "/";
    request.headers = {{"Host", "127.0.0.1:" + QByteArray::number(url.port())},
                       {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    request.body = body;
    SigV4::SigningParams signing;
    signing.accessKeyId = signer.accessKeyId;
    signing.secretAccessKey = signer.secretAccessKey;
    signing.region = signer.region;
    signing.time = signer.time.isValid() ? signer.time : QDateTime::currentDateTimeUtc();
    SigV4::sign(request, signing);

    QNetworkRequest networkRequest(url);
    for (const auto &[name, value] : request.headers) {
        if (name.compare("host", Qt::CaseInsensitive) != 0)
            networkRequest.setRawHeader(name, value);
    }
    QNetworkReply *reply = m_nam->post(networkRequest, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    Answer answer;
    if (!finished.wait(20000)) {
        reply->abort();
        reply->deleteLater();
        answer.error = QNetworkReply::TimeoutError;
        return answer;
    }
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.error = reply->error();
    answer.requestIdHeader = reply->rawHeader("x-amzn-RequestId");
    answer.dateHeader = reply->rawHeader("Date");
    answer.contentType = reply->rawHeader("Content-Type");
    reply->deleteLater();
    return answer;
}

Answer TestSandbox::call(const QString &action, const QueryParams &members)
{
    return send(QuerySerializer::formBody(action, members), defaultSigner());
}

void TestSandbox::writeBucket(const QString &name, const QJsonObject &settings)
{
    const QString folder = m_dir->filePath(u"s3/"_qs + name);
    QVERIFY(QDir().mkpath(folder));
    if (settings.isEmpty())
        return;
    QFile file(QDir(folder).filePath(QString(SandboxBuckets::settingsFileName)));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(settings).toJson());
}

void TestSandbox::describeSnapshotsPaging()
{
    QStringList names;
    QString marker;
    int pages = 0;
    do {
        QueryParams members = params({{u"MaxRecords", u"20"_qs}});
        if (!marker.isEmpty())
            members.append({u"Marker"_qs, marker});
        const Answer answer = call(u"DescribeSnapshots"_qs, members);
        QCOMPARE(answer.status, 200);
        const auto page = ResponseParser::describeSnapshots(answer.body);
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().message));
        QVERIFY(page.value().items.size() <= 20);
        QCOMPARE(page.value().requestId.toLatin1(), answer.requestIdHeader);
        for (const Snapshot &s : page.value().items)
            names.append(s.snapshotName);
        marker = page.value().nextToken;
        if (!marker.isEmpty())
            QCOMPARE(page.value().items.size(), 20);
        ++pages;
        QVERIFY(pages < 100);
    } while (!marker.isEmpty());
    QCOMPARE(names.size(), 120);
    QCOMPARE(names.size(), m_server->state()->snapshotCount());
    QCOMPARE(QSet<QString>(names.cbegin(), names.cend()).size(), names.size());
    QCOMPARE(pages, 6);

    // The default page is 50.
    const auto first = ResponseParser::describeSnapshots(call(u"DescribeSnapshots"_qs, {}).body);
    QVERIFY(first.ok());
    QCOMPARE(first.value().items.size(), 50);
    QVERIFY(!first.value().nextToken.isEmpty());
}

void TestSandbox::describeFilters_data()
{
    QTest::addColumn<QueryParams>("members");
    QTest::addColumn<QString>("member"); // which field every answer must match
    QTest::addColumn<QString>("expected"); // and the value it must have
    QTest::newRow("cluster") << params({{u"CacheClusterId", u"demo-redis-001"_qs}}) << u"cluster"_qs
                             << u"demo-redis-001"_qs;
    QTest::newRow("cluster, any case") << params({{u"CacheClusterId", u"DEMO-Redis-001"_qs}}) << u"cluster"_qs
                                       << u"demo-redis-001"_qs;
    QTest::newRow("replication group") << params({{u"ReplicationGroupId", u"demo-valkey-rg"_qs}}) << u"group"_qs
                                       << u"demo-valkey-rg"_qs;
    QTest::newRow("system") << params({{u"SnapshotSource", u"system"_qs}}) << u"source"_qs << u"automated"_qs;
    QTest::newRow("user") << params({{u"SnapshotSource", u"user"_qs}}) << u"source"_qs << u"manual"_qs;
    QTest::newRow("name") << params({{u"SnapshotName", u"demo-before-upgrade"_qs}}) << u"name"_qs
                          << u"demo-before-upgrade"_qs;
    QTest::newRow("cluster and user") << params(
        {{u"CacheClusterId", u"demo-redis-001"_qs}, {u"SnapshotSource", u"user"_qs}})
                                      << u"source"_qs << u"manual"_qs;
}

void TestSandbox::describeFilters()
{
    QFETCH(QueryParams, members);
    QFETCH(QString, member);
    QFETCH(QString, expected);
    members.append({u"MaxRecords"_qs, u"50"_qs});
    QList<Snapshot> all;
    QString marker;
    do {
        QueryParams paged = members;
        if (!marker.isEmpty())
            paged.append({u"Marker"_qs, marker});
        const Answer answer = call(u"DescribeSnapshots"_qs, paged);
        QCOMPARE(answer.status, 200);
        const auto page = ResponseParser::describeSnapshots(answer.body);
        QVERIFY(page.ok());
        all += page.value().items;
        marker = page.value().nextToken;
    } while (!marker.isEmpty());
    QVERIFY(!all.isEmpty());
    for (const Snapshot &s : all) {
        const QString actual = member == u"cluster" ? s.cacheClusterId
            : member == u"group"                    ? s.replicationGroupId
            : member == u"source"                   ? s.snapshotSource
                                                    : s.snapshotName;
        QCOMPARE(actual, expected);
    }
}

void TestSandbox::showNodeGroupConfig()
{
    const auto without = ResponseParser::describeSnapshots(
        call(u"DescribeSnapshots"_qs, params({{u"SnapshotName", u"demo-valkey-rg-manual"_qs}})).body);
    QVERIFY(without.ok());
    QCOMPARE(without.value().items.size(), 1);
    const Snapshot plain = without.value().items.first();
    QCOMPARE(plain.numNodeGroups, 3);
    QCOMPARE(plain.nodeSnapshots.size(), 3);
    for (const NodeSnapshot &node : plain.nodeSnapshots)
        QVERIFY(!node.nodeGroupConfiguration);

    const auto with = ResponseParser::describeSnapshots(
        call(u"DescribeSnapshots"_qs,
             params({{u"SnapshotName", u"demo-valkey-rg-manual"_qs}, {u"ShowNodeGroupConfig", u"true"_qs}}))
            .body);
    QVERIFY(with.ok());
    const Snapshot detailed = with.value().items.first();
    QStringList slots;
    for (const NodeSnapshot &node : detailed.nodeSnapshots) {
        QVERIFY(node.nodeGroupConfiguration);
        QCOMPARE(node.nodeGroupConfiguration->nodeGroupId, node.nodeGroupId);
        QVERIFY(node.nodeGroupConfiguration->replicaCount.value_or(0) >= 1);
        slots.append(node.nodeGroupConfiguration->slots);
    }
    QCOMPARE(slots, QStringList({u"0-5460"_qs, u"5461-10921"_qs, u"10922-16383"_qs}));
}

void TestSandbox::otherListOperations_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("limitName");
    QTest::addColumn<QString>("tokenName");
    QTest::addColumn<int>("limit");
    // Enough data for more than one page at the smallest page the operation accepts; 0 keeps the base config.
    QTest::addColumn<int>("seedSnapshots");
    QTest::newRow("DescribeCacheClusters")
        << u"DescribeCacheClusters"_qs << u"MaxRecords"_qs << u"Marker"_qs << 20 << 0;
    // About one source in three is a replication group, and a source holds a dozen snapshots on average.
    QTest::newRow("DescribeReplicationGroups")
        << u"DescribeReplicationGroups"_qs << u"MaxRecords"_qs << u"Marker"_qs << 20 << 1500;
    QTest::newRow("DescribeServerlessCaches")
        << u"DescribeServerlessCaches"_qs << u"MaxResults"_qs << u"NextToken"_qs << 1 << 0;
    QTest::newRow("DescribeServerlessCacheSnapshots")
        << u"DescribeServerlessCacheSnapshots"_qs << u"MaxResults"_qs << u"NextToken"_qs << 5 << 0;
}

void TestSandbox::otherListOperations()
{
    QFETCH(QString, action);
    QFETCH(QString, limitName);
    QFETCH(QString, tokenName);
    QFETCH(int, limit);
    QFETCH(int, seedSnapshots);
    if (seedSnapshots > 0) {
        SandboxConfig config = baseConfig();
        config.seedSnapshots = seedSnapshots;
        startServer(config);
    }
    SandboxState *state = m_server->state();
    const int expected = action == u"DescribeCacheClusters" ? state->cacheClusterCount()
        : action == u"DescribeReplicationGroups"            ? state->replicationGroupCount()
        : action == u"DescribeServerlessCaches"             ? state->serverlessCacheCount()
                                                            : state->serverlessSnapshotCount();
    QVERIFY(expected > limit);
    QStringList ids;
    QString token;
    do {
        QueryParams members {{limitName, QString::number(limit)}};
        if (!token.isEmpty())
            members.append({tokenName, token});
        const Answer answer = call(action, members);
        QCOMPARE(answer.status, 200);
        if (action == u"DescribeCacheClusters") {
            const auto page = ResponseParser::describeCacheClusters(answer.body);
            QVERIFY(page.ok());
            for (const auto &item : page.value().items)
                ids.append(item.cacheClusterId);
            token = page.value().nextToken;
        } else if (action == u"DescribeReplicationGroups") {
            const auto page = ResponseParser::describeReplicationGroups(answer.body);
            QVERIFY(page.ok());
            for (const auto &item : page.value().items) {
                ids.append(item.replicationGroupId);
                QVERIFY(!item.nodeGroups.isEmpty());
                QVERIFY(!item.memberClusters.isEmpty());
            }
            token = page.value().nextToken;
        } else if (action == u"DescribeServerlessCaches") {
            const auto page = ResponseParser::describeServerlessCaches(answer.body);
            QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().message));
            for (const auto &item : page.value().items)
                ids.append(item.serverlessCacheName);
            token = page.value().nextToken;
        } else {
            const auto page = ResponseParser::describeServerlessCacheSnapshots(answer.body);
            QVERIFY(page.ok());
            for (const auto &item : page.value().items) {
                ids.append(item.serverlessCacheSnapshotName);
                QVERIFY(item.serverlessCacheConfiguration);
            }
            token = page.value().nextToken;
        }
    } while (!token.isEmpty());
    QCOMPARE(ids.size(), expected);
    QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), expected);
}

void TestSandbox::pageLimits_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("member");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("snapshots 19") << u"DescribeSnapshots"_qs << u"MaxRecords"_qs << u"19"_qs << false;
    QTest::newRow("snapshots 20") << u"DescribeSnapshots"_qs << u"MaxRecords"_qs << u"20"_qs << true;
    QTest::newRow("snapshots 50") << u"DescribeSnapshots"_qs << u"MaxRecords"_qs << u"50"_qs << true;
    QTest::newRow("snapshots 51") << u"DescribeSnapshots"_qs << u"MaxRecords"_qs << u"51"_qs << false;
    QTest::newRow("snapshots abc") << u"DescribeSnapshots"_qs << u"MaxRecords"_qs << u"abc"_qs << false;
    QTest::newRow("clusters 100") << u"DescribeCacheClusters"_qs << u"MaxRecords"_qs << u"100"_qs << true;
    QTest::newRow("clusters 101") << u"DescribeCacheClusters"_qs << u"MaxRecords"_qs << u"101"_qs << false;
    QTest::newRow("groups 19") << u"DescribeReplicationGroups"_qs << u"MaxRecords"_qs << u"19"_qs << false;
    QTest::newRow("serverless caches 0") << u"DescribeServerlessCaches"_qs << u"MaxResults"_qs << u"0"_qs << false;
    QTest::newRow("serverless caches 100") << u"DescribeServerlessCaches"_qs << u"MaxResults"_qs << u"100"_qs << true;
    QTest::newRow("serverless snapshots 50")
        << u"DescribeServerlessCacheSnapshots"_qs << u"MaxResults"_qs << u"50"_qs << true;
    QTest::newRow("serverless snapshots 51")
        << u"DescribeServerlessCacheSnapshots"_qs << u"MaxResults"_qs << u"51"_qs << false;
}

void TestSandbox::pageLimits()
{
    QFETCH(QString, action);
    QFETCH(QString, member);
    QFETCH(QString, value);
    QFETCH(bool, accepted);
    const Answer answer = call(action, {{member, value}});
    if (accepted) {
        QCOMPARE(answer.status, 200);
        return;
    }
    QCOMPARE(answer.status, 400);
    const ApiError error = QueryProtocol::errorResponse(answer.body, answer.status);
    QCOMPARE(error.code, u"InvalidParameterValue"_qs);
    QVERIFY(error.message.contains(member));
}

void TestSandbox::errors_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QueryParams>("members");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    QueryParams manyTags = params({{u"CacheClusterId", u"demo-redis-001"_qs}, {u"SnapshotName", u"tagged"_qs}});
    for (int i = 1; i <= 51; ++i) {
        manyTags.append({u"Tags.Tag.%1.Key"_qs.arg(i), u"k%1"_qs.arg(i)});
        manyTags.append({u"Tags.Tag.%1.Value"_qs.arg(i), u"v"_qs});
    }

    QTest::newRow("describe missing name") << u"DescribeSnapshots"_qs << params({{u"SnapshotName", u"missing-snap"_qs}})
                                           << 404 << u"SnapshotNotFoundFault"_qs;
    QTest::newRow("describe missing cluster")
        << u"DescribeSnapshots"_qs << params({{u"CacheClusterId", u"nope"_qs}}) << 404 << u"CacheClusterNotFound"_qs;
    QTest::newRow("describe cluster and group")
        << u"DescribeSnapshots"_qs
        << params({{u"CacheClusterId", u"demo-redis-001"_qs}, {u"ReplicationGroupId", u"x"_qs}}) << 400
        << u"InvalidParameterCombination"_qs;
    QTest::newRow("describe source automated")
        << u"DescribeSnapshots"_qs << params({{u"SnapshotSource", u"automated"_qs}}) << 400
        << u"InvalidParameterValue"_qs;
    QTest::newRow("describe forged marker")
        << u"DescribeSnapshots"_qs << params({{u"Marker", u"page-2-token"_qs}}) << 400 << u"InvalidParameterValue"_qs;
    QTest::newRow("describe bad boolean") << u"DescribeSnapshots"_qs << params({{u"ShowNodeGroupConfig", u"yes"_qs}})
                                          << 400 << u"InvalidParameterValue"_qs;
    QTest::newRow("create without name") << u"CreateSnapshot"_qs << params({{u"CacheClusterId", u"demo-redis-001"_qs}})
                                         << 400 << u"MissingParameter"_qs;
    QTest::newRow("create without source")
        << u"CreateSnapshot"_qs << params({{u"SnapshotName", u"x1"_qs}}) << 400 << u"InvalidParameterValue"_qs;
    QTest::newRow("create with both sources") << u"CreateSnapshot"_qs
                                              << params({{u"ReplicationGroupId", u"demo-valkey-rg"_qs},
                                                         {u"CacheClusterId", u"demo-redis-001"_qs},
                                                         {u"SnapshotName", u"x1"_qs}})
                                              << 400 << u"InvalidParameterCombination"_qs;
    QTest::newRow("create bad name") << u"CreateSnapshot"_qs
                                     << params(
                                            {{u"CacheClusterId", u"demo-redis-001"_qs}, {u"SnapshotName", u"1abc"_qs}})
                                     << 400 << u"InvalidParameterValue"_qs;
    QTest::newRow("create double hyphen")
        << u"CreateSnapshot"_qs << params({{u"CacheClusterId", u"demo-redis-001"_qs}, {u"SnapshotName", u"a--b"_qs}})
        << 400 << u"InvalidParameterValue"_qs;
    QTest::newRow("create existing (other case)")
        << u"CreateSnapshot"_qs
        << params({{u"CacheClusterId", u"demo-redis-001"_qs}, {u"SnapshotName", u"Demo-Before-Upgrade"_qs}}) << 400
        << u"SnapshotAlreadyExistsFault"_qs;
    QTest::newRow("create missing cluster")
        << u"CreateSnapshot"_qs << params({{u"CacheClusterId", u"nope"_qs}, {u"SnapshotName", u"x1"_qs}}) << 404
        << u"CacheClusterNotFound"_qs;
    QTest::newRow("create missing group")
        << u"CreateSnapshot"_qs << params({{u"ReplicationGroupId", u"nope"_qs}, {u"SnapshotName", u"x1"_qs}}) << 404
        << u"ReplicationGroupNotFoundFault"_qs;
    QTest::newRow("create busy cluster") << u"CreateSnapshot"_qs
                                         << params(
                                                {{u"CacheClusterId", u"demo-busy-001"_qs}, {u"SnapshotName", u"x1"_qs}})
                                         << 400 << u"InvalidCacheClusterState"_qs;
    QTest::newRow("create t1.micro") << u"CreateSnapshot"_qs
                                     << params({{u"CacheClusterId", u"demo-legacy-t1"_qs}, {u"SnapshotName", u"x1"_qs}})
                                     << 400 << u"SnapshotFeatureNotSupportedFault"_qs;
    QTest::newRow("create memcached") << u"CreateSnapshot"_qs
                                      << params(
                                             {{u"CacheClusterId", u"demo-memcached"_qs}, {u"SnapshotName", u"x1"_qs}})
                                      << 400 << u"SnapshotFeatureNotSupportedFault"_qs;
    QTest::newRow("create shard of cluster-mode group")
        << u"CreateSnapshot"_qs
        << params({{u"CacheClusterId", u"demo-valkey-rg-0001-001"_qs}, {u"SnapshotName", u"x1"_qs}}) << 400
        << u"InvalidParameterCombination"_qs;
    QTest::newRow("create 51 tags") << u"CreateSnapshot"_qs << manyTags << 400 << u"TagQuotaPerResourceExceeded"_qs;
    QTest::newRow("copy missing source") << u"CopySnapshot"_qs
                                         << params({{u"SourceSnapshotName", u"nope"_qs},
                                                    {u"TargetSnapshotName", u"x1"_qs}})
                                         << 404 << u"SnapshotNotFoundFault"_qs;
    QTest::newRow("copy onto existing") << u"CopySnapshot"_qs
                                        << params({{u"SourceSnapshotName", u"demo-before-upgrade"_qs},
                                                   {u"TargetSnapshotName", u"demo-valkey-rg-manual"_qs}})
                                        << 400 << u"SnapshotAlreadyExistsFault"_qs;
    QTest::newRow("copy without target") << u"CopySnapshot"_qs
                                         << params({{u"SourceSnapshotName", u"demo-before-upgrade"_qs}}) << 400
                                         << u"MissingParameter"_qs;
    QTest::newRow("delete missing") << u"DeleteSnapshot"_qs << params({{u"SnapshotName", u"missing-snap"_qs}}) << 404
                                    << u"SnapshotNotFoundFault"_qs;
    QTest::newRow("clusters missing") << u"DescribeCacheClusters"_qs << params({{u"CacheClusterId", u"nope"_qs}}) << 404
                                      << u"CacheClusterNotFound"_qs;
    QTest::newRow("groups missing") << u"DescribeReplicationGroups"_qs << params({{u"ReplicationGroupId", u"nope"_qs}})
                                    << 404 << u"ReplicationGroupNotFoundFault"_qs;
    QTest::newRow("serverless caches missing")
        << u"DescribeServerlessCaches"_qs << params({{u"ServerlessCacheName", u"nope"_qs}}) << 404
        << u"ServerlessCacheNotFoundFault"_qs;
    QTest::newRow("serverless snapshots of missing cache")
        << u"DescribeServerlessCacheSnapshots"_qs << params({{u"ServerlessCacheName", u"nope"_qs}}) << 404
        << u"ServerlessCacheNotFoundFault"_qs;
    QTest::newRow("serverless snapshot missing")
        << u"DescribeServerlessCacheSnapshots"_qs << params({{u"ServerlessCacheSnapshotName", u"nope"_qs}}) << 404
        << u"ServerlessCacheSnapshotNotFoundFault"_qs;
    QTest::newRow("serverless bad type") << u"DescribeServerlessCacheSnapshots"_qs
                                         << params({{u"SnapshotType", u"system"_qs}}) << 400
                                         << u"InvalidParameterValue"_qs;
    QTest::newRow("serverless create missing cache")
        << u"CreateServerlessCacheSnapshot"_qs
        << params({{u"ServerlessCacheSnapshotName", u"s1"_qs}, {u"ServerlessCacheName", u"nope"_qs}}) << 404
        << u"ServerlessCacheNotFoundFault"_qs;
    QTest::newRow("serverless create existing")
        << u"CreateServerlessCacheSnapshot"_qs
        << params({{u"ServerlessCacheSnapshotName", u"demo-serverless-manual"_qs},
                   {u"ServerlessCacheName", u"demo-serverless"_qs}})
        << 400 << u"ServerlessCacheSnapshotAlreadyExistsFault"_qs;
    QTest::newRow("serverless create busy cache")
        << u"CreateServerlessCacheSnapshot"_qs
        << params({{u"ServerlessCacheSnapshotName", u"s1"_qs}, {u"ServerlessCacheName", u"demo-serverless-busy"_qs}})
        << 400 << u"InvalidServerlessCacheStateFault"_qs;
    QTest::newRow("serverless create without cache")
        << u"CreateServerlessCacheSnapshot"_qs << params({{u"ServerlessCacheSnapshotName", u"s1"_qs}}) << 400
        << u"MissingParameter"_qs;
    QTest::newRow("serverless copy missing") << u"CopyServerlessCacheSnapshot"_qs
                                             << params({{u"SourceServerlessCacheSnapshotName", u"nope"_qs},
                                                        {u"TargetServerlessCacheSnapshotName", u"s1"_qs}})
                                             << 404 << u"ServerlessCacheSnapshotNotFoundFault"_qs;
    QTest::newRow("serverless copy onto existing")
        << u"CopyServerlessCacheSnapshot"_qs
        << params({{u"SourceServerlessCacheSnapshotName", u"demo-serverless-manual"_qs},
                   {u"TargetServerlessCacheSnapshotName", u"demo-memcached-serverless-manual"_qs}})
        << 400 << u"ServerlessCacheSnapshotAlreadyExistsFault"_qs;
    QTest::newRow("serverless delete missing")
        << u"DeleteServerlessCacheSnapshot"_qs << params({{u"ServerlessCacheSnapshotName", u"nope"_qs}}) << 404
        << u"ServerlessCacheSnapshotNotFoundFault"_qs;
    QTest::newRow("serverless export missing")
        << u"ExportServerlessCacheSnapshot"_qs
        << params({{u"ServerlessCacheSnapshotName", u"nope"_qs}, {u"S3BucketName", u"exports"_qs}}) << 404
        << u"ServerlessCacheSnapshotNotFoundFault"_qs;
    QTest::newRow("serverless export memcached")
        << u"ExportServerlessCacheSnapshot"_qs
        << params({{u"ServerlessCacheSnapshotName", u"demo-memcached-serverless-manual"_qs},
                   {u"S3BucketName", u"exports"_qs}})
        << 400 << u"InvalidParameterValue"_qs;
    QTest::newRow("unknown action") << u"ListSnapshots"_qs << QueryParams() << 400 << u"InvalidAction"_qs;
}

void TestSandbox::errors()
{
    QFETCH(QString, action);
    QFETCH(QueryParams, members);
    QFETCH(int, status);
    QFETCH(QString, code);
    const int before = m_server->state()->snapshotCount();
    const Answer answer = call(action, members);
    QCOMPARE(answer.status, status);
    QCOMPARE(answer.contentType, QByteArray("text/xml"));
    QVERIFY(!answer.dateHeader.isEmpty());
    const ApiError error = QueryProtocol::errorResponse(answer.body, answer.status);
    QCOMPARE(error.kind, ApiError::Kind::Service);
    QCOMPARE(error.code, code);
    QCOMPARE(error.type, u"Sender"_qs);
    QVERIFY(!error.message.isEmpty());
    QCOMPARE(error.requestId.toLatin1(), answer.requestIdHeader);
    QCOMPARE(m_server->state()->snapshotCount(), before);
}

void TestSandbox::signatures_data()
{
    QTest::addColumn<QString>("accessKeyId");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("region");
    QTest::addColumn<int>("skewSeconds");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("messageStart");
    const QString key = QString(SandboxDefaults::accessKeyId);
    const QString secret = QString(SandboxDefaults::secretAccessKey);
    QTest::newRow("good") << key << secret << u"us-east-1"_qs << 0 << 200 << QString() << QString();
    QTest::newRow("4 minutes behind") << key << secret << u"us-east-1"_qs << -240 << 200 << QString() << QString();
    QTest::newRow("wrong secret") << key << u"not-the-secret"_qs << u"us-east-1"_qs << 0 << 403
                                  << u"SignatureDoesNotMatch"_qs << u"The request signature we calculated"_qs;
    QTest::newRow("unknown key") << u"AKIDUNKNOWN"_qs << secret << u"us-east-1"_qs << 0 << 403
                                 << u"InvalidClientTokenId"_qs << u"The security token"_qs;
    QTest::newRow("other region") << key << secret << u"eu-west-1"_qs << 0 << 403 << u"SignatureDoesNotMatch"_qs
                                  << QString();
    QTest::newRow("10 minutes behind") << key << secret << u"us-east-1"_qs << -600 << 403 << u"SignatureDoesNotMatch"_qs
                                       << u"Signature expired: "_qs;
    QTest::newRow("10 minutes ahead") << key << secret << u"us-east-1"_qs << 600 << 403 << u"SignatureDoesNotMatch"_qs
                                      << u"Signature not yet current: "_qs;
}

void TestSandbox::signatures()
{
    QFETCH(QString, accessKeyId);
    QFETCH(QString, secret);
    QFETCH(QString, region);
    QFETCH(int, skewSeconds);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, messageStart);
    const Signer signer {accessKeyId, secret, region, QDateTime::currentDateTimeUtc().addSecs(skewSeconds)};
    const Answer answer = send(QuerySerializer::formBody(u"DescribeSnapshots"_qs, {}), signer);
    QCOMPARE(answer.status, status);
    QVERIFY(!answer.requestIdHeader.isEmpty());
    if (status == 200)
        return;
    const ApiError error = QueryProtocol::errorResponse(answer.body, answer.status);
    QCOMPARE(error.code, code);
    QVERIFY2(error.message.startsWith(messageStart), qPrintable(error.message));
    if (skewSeconds != 0)
        QVERIFY(error.isClockSkew());
}

void TestSandbox::lifeCycle()
{
    // Create: creating, the cluster is snapshotting meanwhile, then available.
    Answer answer = call(u"CreateSnapshot"_qs,
                         params({{u"CacheClusterId", u"demo-redis-001"_qs}, {u"SnapshotName", u"Life-1"_qs}}));
    QCOMPARE(answer.status, 200);
    const auto created = ResponseParser::snapshotResult(answer.body, u"CreateSnapshot"_qs);
    QVERIFY(created.ok());
    QCOMPARE(created.value().snapshotName, u"life-1"_qs);
    QCOMPARE(created.value().snapshotStatus, u"creating"_qs);
    QCOMPARE(created.value().snapshotSource, u"manual"_qs);
    QCOMPARE(created.value().cacheClusterId, u"demo-redis-001"_qs);
    QVERIFY(created.value().arn.endsWith(u":snapshot:life-1"));

    const auto clusters = ResponseParser::describeCacheClusters(
        call(u"DescribeCacheClusters"_qs, params({{u"CacheClusterId", u"demo-redis-001"_qs}})).body);
    QVERIFY(clusters.ok());
    QCOMPARE(clusters.value().items.value(0).cacheClusterStatus, u"snapshotting"_qs);
    answer = call(u"CreateSnapshot"_qs,
                  params({{u"CacheClusterId", u"demo-redis-001"_qs}, {u"SnapshotName", u"life-2"_qs}}));
    QCOMPARE(QueryProtocol::errorResponse(answer.body, answer.status).code, u"InvalidCacheClusterState"_qs);

    // Copying or deleting a snapshot that is still being created is refused.
    answer = call(u"CopySnapshot"_qs,
                  params({{u"SourceSnapshotName", u"life-1"_qs}, {u"TargetSnapshotName", u"life-copy"_qs}}));
    QCOMPARE(answer.status, 400);
    QCOMPARE(QueryProtocol::errorResponse(answer.body, answer.status).code, u"InvalidSnapshotState"_qs);
    answer = call(u"DeleteSnapshot"_qs, params({{u"SnapshotName", u"life-1"_qs}}));
    QCOMPARE(QueryProtocol::errorResponse(answer.body, answer.status).code, u"InvalidSnapshotState"_qs);

    const auto statusOf = [this](const QString &name) {
        const Answer a = call(u"DescribeSnapshots"_qs, params({{u"SnapshotName", name}}));
        if (a.status != 200)
            return QueryProtocol::errorResponse(a.body, a.status).code;
        const auto page = ResponseParser::describeSnapshots(a.body);
        return page.ok() && !page.value().items.isEmpty() ? page.value().items.first().snapshotStatus : u"?"_qs;
    };
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"life-1"_qs), u"available"_qs, 10000);

    // Copy: the source is copying while the target is created; both end available, the copy is manual.
    answer = call(u"CopySnapshot"_qs,
                  params({{u"SourceSnapshotName", u"LIFE-1"_qs}, {u"TargetSnapshotName", u"Life-Copy"_qs}}));
    QCOMPARE(answer.status, 200);
    const auto copy = ResponseParser::snapshotResult(answer.body, u"CopySnapshot"_qs);
    QVERIFY(copy.ok());
    QCOMPARE(copy.value().snapshotName, u"life-copy"_qs);
    QCOMPARE(copy.value().snapshotStatus, u"creating"_qs);
    QCOMPARE(statusOf(u"life-1"_qs), u"copying"_qs);
    answer = call(u"DeleteSnapshot"_qs, params({{u"SnapshotName", u"life-1"_qs}}));
    QCOMPARE(QueryProtocol::errorResponse(answer.body, answer.status).code, u"InvalidSnapshotState"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"life-1"_qs), u"available"_qs, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"life-copy"_qs), u"available"_qs, 10000);

    // A copy of an automatic snapshot is manual.
    const auto automatic = ResponseParser::describeSnapshots(
        call(u"DescribeSnapshots"_qs,
             params({{u"CacheClusterId", u"demo-redis-001"_qs}, {u"SnapshotSource", u"system"_qs}}))
            .body);
    QVERIFY(automatic.ok());
    QVERIFY(!automatic.value().items.isEmpty());
    QVERIFY(automatic.value().items.first().snapshotName.startsWith(u"automatic.demo-redis-001-"));
    answer = call(u"CopySnapshot"_qs,
                  params({{u"SourceSnapshotName", automatic.value().items.first().snapshotName},
                          {u"TargetSnapshotName", u"from-automatic"_qs}}));
    QCOMPARE(ResponseParser::snapshotResult(answer.body, u"CopySnapshot"_qs).value().snapshotSource, u"manual"_qs);

    // Delete: deleting, then gone.
    answer = call(u"DeleteSnapshot"_qs, params({{u"SnapshotName", u"life-copy"_qs}}));
    QCOMPARE(answer.status, 200);
    QCOMPARE(ResponseParser::snapshotResult(answer.body, u"DeleteSnapshot"_qs).value().snapshotStatus, u"deleting"_qs);
    QCOMPARE(statusOf(u"life-copy"_qs), u"deleting"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"life-copy"_qs), u"SnapshotNotFoundFault"_qs, 10000);

    // A replication group snapshot covers every shard.
    answer = call(u"CreateSnapshot"_qs,
                  params({{u"ReplicationGroupId", u"demo-valkey-rg"_qs}, {u"SnapshotName", u"group-1"_qs}}));
    QCOMPARE(answer.status, 200);
    const auto group = ResponseParser::snapshotResult(answer.body, u"CreateSnapshot"_qs);
    QVERIFY(group.ok());
    QCOMPARE(group.value().replicationGroupId, u"demo-valkey-rg"_qs);
    QCOMPARE(group.value().nodeSnapshots.size(), 3);
    QCOMPARE(group.value().engine, u"valkey"_qs);
}

void TestSandbox::serverlessLifeCycle()
{
    const auto statusOf = [this](const QString &name) {
        const Answer a = call(u"DescribeServerlessCacheSnapshots"_qs, params({{u"ServerlessCacheSnapshotName", name}}));
        if (a.status != 200)
            return QueryProtocol::errorResponse(a.body, a.status).code;
        const auto page = ResponseParser::describeServerlessCacheSnapshots(a.body);
        return page.ok() && !page.value().items.isEmpty() ? page.value().items.first().status : u"?"_qs;
    };
    Answer answer = call(u"CreateServerlessCacheSnapshot"_qs,
                         params({{u"ServerlessCacheSnapshotName", u"SL-One"_qs},
                                 {u"ServerlessCacheName", u"demo-serverless"_qs},
                                 {u"Tags.Tag.1.Key", u"team"_qs},
                                 {u"Tags.Tag.1.Value", u"ops"_qs}}));
    QCOMPARE(answer.status, 200);
    const auto created = ResponseParser::serverlessSnapshotResult(answer.body, u"CreateServerlessCacheSnapshot"_qs);
    QVERIFY(created.ok());
    QCOMPARE(created.value().serverlessCacheSnapshotName, u"sl-one"_qs);
    QCOMPARE(created.value().status, u"creating"_qs);
    QCOMPARE(created.value().snapshotType, u"manual"_qs);
    QCOMPARE(created.value().serverlessCacheConfiguration->serverlessCacheName, u"demo-serverless"_qs);
    QCOMPARE(created.value().serverlessCacheConfiguration->engine, u"valkey"_qs);

    answer = call(u"CopyServerlessCacheSnapshot"_qs,
                  params({{u"SourceServerlessCacheSnapshotName", u"sl-one"_qs},
                          {u"TargetServerlessCacheSnapshotName", u"sl-two"_qs}}));
    QCOMPARE(QueryProtocol::errorResponse(answer.body, answer.status).code,
             u"InvalidServerlessCacheSnapshotStateFault"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"sl-one"_qs), u"available"_qs, 10000);

    answer = call(u"CopyServerlessCacheSnapshot"_qs,
                  params({{u"SourceServerlessCacheSnapshotName", u"sl-one"_qs},
                          {u"TargetServerlessCacheSnapshotName", u"sl-two"_qs}}));
    QCOMPARE(answer.status, 200);
    QCOMPARE(statusOf(u"sl-one"_qs), u"copying"_qs);
    QCOMPARE(statusOf(u"sl-two"_qs), u"creating"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"sl-two"_qs), u"available"_qs, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"sl-one"_qs), u"available"_qs, 10000);

    const auto filtered = ResponseParser::describeServerlessCacheSnapshots(
        call(u"DescribeServerlessCacheSnapshots"_qs,
             params({{u"ServerlessCacheName", u"demo-serverless"_qs}, {u"SnapshotType", u"manual"_qs}}))
            .body);
    QVERIFY(filtered.ok());
    QStringList names;
    for (const auto &s : filtered.value().items) {
        names.append(s.serverlessCacheSnapshotName);
        QCOMPARE(s.snapshotType, u"manual"_qs);
    }
    QVERIFY(names.contains(u"sl-one"_qs));
    QVERIFY(names.contains(u"sl-two"_qs));

    answer = call(u"DeleteServerlessCacheSnapshot"_qs, params({{u"ServerlessCacheSnapshotName", u"sl-two"_qs}}));
    QCOMPARE(answer.status, 200);
    QCOMPARE(ResponseParser::serverlessSnapshotResult(answer.body, u"DeleteServerlessCacheSnapshot"_qs).value().status,
             u"deleting"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"sl-two"_qs), u"ServerlessCacheSnapshotNotFoundFault"_qs, 10000);
}

void TestSandbox::namesStoredLowercase()
{
    Answer answer = call(u"CreateSnapshot"_qs,
                         params({{u"CacheClusterId", u"DEMO-REDIS-001"_qs}, {u"SnapshotName", u"MiXeD-Case"_qs}}));
    QCOMPARE(answer.status, 200);
    QCOMPARE(ResponseParser::snapshotResult(answer.body, u"CreateSnapshot"_qs).value().snapshotName, u"mixed-case"_qs);
    answer = call(u"DescribeSnapshots"_qs, params({{u"SnapshotName", u"MIXED-CASE"_qs}}));
    QCOMPARE(answer.status, 200);
    QCOMPARE(ResponseParser::describeSnapshots(answer.body).value().items.value(0).snapshotName, u"mixed-case"_qs);
}

void TestSandbox::quota()
{
    SandboxConfig config = baseConfig();
    config.manualSnapshotsPerSourcePerDay = 2;
    config.snapshotCreateSeconds = 0;
    startServer(config);
    for (int i = 1; i <= 2; ++i) {
        const Answer answer
            = call(u"CreateSnapshot"_qs,
                   params({{u"CacheClusterId", u"demo-redis-001"_qs}, {u"SnapshotName", u"q-%1"_qs.arg(i)}}));
        QCOMPARE(answer.status, 200);
        QTRY_COMPARE(m_server->state()->snapshot(u"q-%1"_qs.arg(i))->snapshotStatus, u"available"_qs);
    }
    Answer answer
        = call(u"CreateSnapshot"_qs, params({{u"CacheClusterId", u"demo-redis-001"_qs}, {u"SnapshotName", u"q-3"_qs}}));
    QCOMPARE(answer.status, 400);
    QCOMPARE(QueryProtocol::errorResponse(answer.body, answer.status).code, u"SnapshotQuotaExceededFault"_qs);

    // The account-wide limit counts manual snapshots, copies included.
    config.manualSnapshotsPerSourcePerDay = 20;
    int manual = 0;
    QString marker;
    do {
        QueryParams members = params({{u"SnapshotSource", u"user"_qs}});
        if (!marker.isEmpty())
            members.append({u"Marker"_qs, marker});
        const auto page = ResponseParser::describeSnapshots(call(u"DescribeSnapshots"_qs, members).body);
        QVERIFY(page.ok());
        manual += page.value().items.size();
        marker = page.value().nextToken;
    } while (!marker.isEmpty());
    config.maxManualSnapshots = manual;
    m_server->state()->setConfig(config);
    answer
        = call(u"CopySnapshot"_qs, params({{u"SourceSnapshotName", u"q-1"_qs}, {u"TargetSnapshotName", u"q-copy"_qs}}));
    QCOMPARE(answer.status, 400);
    QCOMPARE(QueryProtocol::errorResponse(answer.body, answer.status).code, u"SnapshotQuotaExceededFault"_qs);
    config.maxManualSnapshots = manual + 1;
    m_server->state()->setConfig(config);
    answer
        = call(u"CopySnapshot"_qs, params({{u"SourceSnapshotName", u"q-1"_qs}, {u"TargetSnapshotName", u"q-copy"_qs}}));
    QCOMPARE(answer.status, 200);

    // Serverless: 24 manual snapshots per cache per day unless configured otherwise.
    config.manualServerlessSnapshotsPerCachePerDay = 1;
    m_server->state()->setConfig(config);
    answer
        = call(u"CreateServerlessCacheSnapshot"_qs,
               params({{u"ServerlessCacheSnapshotName", u"sq-1"_qs}, {u"ServerlessCacheName", u"demo-serverless"_qs}}));
    QCOMPARE(answer.status, 200);
    answer
        = call(u"CreateServerlessCacheSnapshot"_qs,
               params({{u"ServerlessCacheSnapshotName", u"sq-2"_qs}, {u"ServerlessCacheName", u"demo-serverless"_qs}}));
    QCOMPARE(answer.status, 400);
    QCOMPARE(QueryProtocol::errorResponse(answer.body, answer.status).code,
             u"ServerlessCacheSnapshotQuotaExceededFault"_qs);
}

void TestSandbox::exportWritesOneObjectPerShard()
{
    const Answer answer = call(u"CopySnapshot"_qs,
                               params({{u"SourceSnapshotName", u"demo-valkey-rg-manual"_qs},
                                       {u"TargetSnapshotName", u"My-Export"_qs},
                                       {u"TargetBucket", u"exports"_qs}}));
    QCOMPARE(answer.status, 200);
    const auto result = ResponseParser::snapshotResult(answer.body, u"CopySnapshot"_qs);
    QVERIFY(result.ok());
    // An export keeps the source copying and creates no snapshot in ElastiCache.
    QCOMPARE(result.value().snapshotStatus, u"copying"_qs);
    QVERIFY(!m_server->state()->snapshot(u"my-export"_qs));
    const QDir bucket(m_dir->filePath(u"s3/exports"_qs));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->state()->snapshot(u"demo-valkey-rg-manual"_qs)->snapshotStatus, u"available"_qs,
                              10000);
    QCOMPARE(bucket.entryList(QDir::Files, QDir::Name),
             QStringList({u"my-export-0001.rdb"_qs, u"my-export-0002.rdb"_qs, u"my-export-0003.rdb"_qs}));
    QFile object(bucket.filePath(u"my-export-0002.rdb"_qs));
    QVERIFY(object.open(QIODevice::ReadOnly));
    QVERIFY(object.readAll().startsWith("REDIS"));

    // The same key again: the object exists now.
    const Answer again = call(u"CopySnapshot"_qs,
                              params({{u"SourceSnapshotName", u"demo-valkey-rg-manual"_qs},
                                      {u"TargetSnapshotName", u"my-export"_qs},
                                      {u"TargetBucket", u"exports"_qs}}));
    QCOMPARE(again.status, 400);
    QVERIFY(QueryProtocol::errorResponse(again.body, again.status)
                .message.contains(u"already contains an object with key my-export-0001.rdb"));
}

void TestSandbox::exportErrors_data()
{
    QTest::addColumn<QString>("bucket");
    QTest::addColumn<QJsonObject>("settings"); // written as the bucket's settings file; absent bucket when "absent"
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("kmsKeyId");
    QTest::addColumn<QString>("message");

    const QString source = u"demo-before-upgrade"_qs;
    QTest::newRow("bucket missing") << u"no-such-bucket"_qs << QJsonObject {{u"absent"_qs, true}} << source << QString()
                                    << u"The S3 bucket no-such-bucket does not exist."_qs;
    QTest::newRow("other region") << u"far-away"_qs << QJsonObject {{u"region"_qs, u"eu-west-1"_qs}} << source
                                  << QString() << u"The S3 bucket far-away is outside of the region."_qs;
    QTest::newRow("not owned") << u"someone-else"_qs << QJsonObject {{u"ownerAccountId"_qs, u"210987654321"_qs}}
                               << source << QString()
                               << u"The S3 bucket someone-else is not owned by the authenticated user."_qs;
    QTest::newRow("caller not permitted")
        << u"locked"_qs << QJsonObject {{u"callerPermitted"_qs, false}} << source << QString()
        << u"The authenticated user does not have sufficient permissions"_qs;
    QTest::newRow("no READ") << u"no-read"_qs << QJsonObject {{u"grants"_qs, QJsonArray {u"WRITE"_qs, u"READ_ACP"_qs}}}
                             << source << QString() << u"ElastiCache has not been granted READ permissions"_qs;
    QTest::newRow("no WRITE") << u"no-write"_qs << QJsonObject {{u"grants"_qs, QJsonArray {u"READ"_qs, u"READ_ACP"_qs}}}
                              << source << QString() << u"ElastiCache has not been granted WRITE permissions"_qs;
    QTest::newRow("no READ_ACP") << u"no-acp"_qs << QJsonObject {{u"grants"_qs, QJsonArray {u"READ"_qs, u"WRITE"_qs}}}
                                 << source << QString() << u"ElastiCache has not been granted READ_ACP permissions"_qs;
    QTest::newRow("data tiering") << u"exports"_qs << QJsonObject() << u"demo-tiered-manual"_qs << QString()
                                  << u"data tiering"_qs;
    QTest::newRow("customer KMS key") << u"exports"_qs << QJsonObject() << source << u"alias/mine"_qs << u"KmsKeyId"_qs;
    QTest::newRow("bucket name not DNS-compliant")
        << u"Bad_Bucket"_qs << QJsonObject {{u"absent"_qs, true}} << source << QString() << u"does not exist"_qs;
}

void TestSandbox::exportErrors()
{
    QFETCH(QString, bucket);
    QFETCH(QJsonObject, settings);
    QFETCH(QString, source);
    QFETCH(QString, kmsKeyId);
    QFETCH(QString, message);
    if (!settings.contains(u"absent"))
        writeBucket(bucket, settings);
    QueryParams members
        = params({{u"SourceSnapshotName", source}, {u"TargetSnapshotName", u"export-x"_qs}, {u"TargetBucket", bucket}});
    if (!kmsKeyId.isEmpty())
        members.append({u"KmsKeyId"_qs, kmsKeyId});
    const Answer answer = call(u"CopySnapshot"_qs, members);
    QCOMPARE(answer.status, 400);
    const ApiError error = QueryProtocol::errorResponse(answer.body, answer.status);
    QVERIFY(error.code == u"InvalidParameterValue" || error.code == u"InvalidParameterCombination");
    QVERIFY2(error.message.contains(message), qPrintable(error.message));
    QCOMPARE(m_server->state()->snapshot(source)->snapshotStatus, u"available"_qs);
}

void TestSandbox::serverlessExport()
{
    const Answer answer = call(
        u"ExportServerlessCacheSnapshot"_qs,
        params({{u"ServerlessCacheSnapshotName", u"demo-serverless-manual"_qs}, {u"S3BucketName", u"exports"_qs}}));
    QCOMPARE(answer.status, 200);
    const auto result = ResponseParser::serverlessSnapshotResult(answer.body, u"ExportServerlessCacheSnapshot"_qs);
    QVERIFY(result.ok());
    QCOMPARE(result.value().status, u"copying"_qs);
    const QString path = m_dir->filePath(u"s3/exports/demo-serverless-manual-0001.rdb"_qs);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->state()->serverlessSnapshot(u"demo-serverless-manual"_qs)->status,
                              u"available"_qs, 10000);

    writeBucket(u"far-away"_qs, QJsonObject {{u"region"_qs, u"ap-east-1"_qs}});
    const Answer refused = call(
        u"ExportServerlessCacheSnapshot"_qs,
        params({{u"ServerlessCacheSnapshotName", u"demo-serverless-manual"_qs}, {u"S3BucketName", u"far-away"_qs}}));
    QCOMPARE(refused.status, 400);
    QVERIFY(QueryProtocol::errorResponse(refused.body, refused.status).message.contains(u"outside of the region"));
}

void TestSandbox::persistenceRoundTrip()
{
    SandboxConfig config = baseConfig();
    config.statePath = m_dir->filePath(u"state.json"_qs);
    config.snapshotCreateSeconds = 1.5;
    startServer(config);
    Answer answer = call(u"CreateSnapshot"_qs,
                         params({{u"CacheClusterId", u"demo-redis-001"_qs}, {u"SnapshotName", u"kept"_qs}}));
    QCOMPARE(answer.status, 200);
    answer = call(u"DeleteSnapshot"_qs, params({{u"SnapshotName", u"demo-before-upgrade"_qs}}));
    QCOMPARE(answer.status, 200);
    QString error;
    QVERIFY(m_server->saveState(&error));
    const QJsonObject before = m_server->state()->toJson();
    QFile saved(config.statePath);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QJsonObject written = QJsonDocument::fromJson(saved.readAll()).object();
    saved.close();
    QJsonObject expected = before;
    written.remove(u"savedAt"_qs);
    expected.remove(u"savedAt"_qs);
    QCOMPARE(written, expected);
    const int snapshots = m_server->state()->snapshotCount();
    const int serverless = m_server->state()->serverlessSnapshotCount();
    const auto kept = m_server->state()->snapshot(u"kept"_qs);
    QVERIFY(kept);
    m_server.reset(); // saves again

    config.seed = 99; // a loaded state wins over seeding
    startServer(config);
    // Everything saved came back; only the deletion under way may have finished in between.
    const int reloadedCount = m_server->state()->snapshotCount();
    QVERIFY2(reloadedCount == snapshots
                 || (reloadedCount == snapshots - 1 && !m_server->state()->snapshot(u"demo-before-upgrade"_qs)),
             qPrintable(QString::number(reloadedCount)));
    QCOMPARE(m_server->state()->serverlessSnapshotCount(), serverless);
    QCOMPARE(m_server->state()->cacheClusterCount(), QJsonValue(before.value(u"cacheClusters"_qs)).toArray().size());
    const auto reloaded = m_server->state()->snapshot(u"kept"_qs);
    QVERIFY(reloaded);
    QCOMPARE(reloaded->arn, kept->arn);
    QCOMPARE(reloaded->nodeSnapshots, kept->nodeSnapshots);
    // The transitions under way were saved too: the new snapshot becomes available, the deleted one goes.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->state()->snapshot(u"kept"_qs)->snapshotStatus, u"available"_qs, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!m_server->state()->snapshot(u"demo-before-upgrade"_qs), 10000);

    // A broken state file is an error, not a silent reseed.
    m_server.reset();
    QFile file(config.statePath);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("{ not json");
    file.close();
    SandboxServer broken(config);
    QVERIFY(!broken.start(&error));
    QVERIFY(error.contains(u"state.json"));
}

void TestSandbox::faults_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("throttle") << u"throttle"_qs << 400 << u"Throttling"_qs;
    QTest::newRow("error") << u"error"_qs << 500 << u"InternalFailure"_qs; // or 503 ServiceUnavailable
    QTest::newRow("drop") << u"drop"_qs << 0 << QString();
    QTest::newRow("truncate") << u"truncate"_qs << 200 << QString();
    QTest::newRow("latency") << u"latency"_qs << 200 << QString();
}

void TestSandbox::faults()
{
    QFETCH(QString, fault);
    QFETCH(int, status);
    QFETCH(QString, code);
    m_server->setFaults(fault == u"latency" ? 50 : 0, fault == u"throttle" ? 1.0 : 0.0, fault == u"error" ? 1.0 : 0.0,
                        fault == u"drop" ? 1.0 : 0.0, fault == u"truncate" ? 1.0 : 0.0);
    for (int i = 0; i < 4; ++i) {
        const Answer answer = call(u"DescribeSnapshots"_qs, params({{u"MaxRecords", u"20"_qs}}));
        if (fault == u"error") {
            QVERIFY(answer.status == 500 || answer.status == 503);
            const ApiError error = QueryProtocol::errorResponse(answer.body, answer.status);
            QCOMPARE(error.code, answer.status == 500 ? u"InternalFailure"_qs : u"ServiceUnavailable"_qs);
            QCOMPARE(error.type, u"Receiver"_qs);
            QVERIFY(error.isTransient());
            continue;
        }
        if (fault == u"drop") {
            // The connection closes half-way through the announced body.
            QVERIFY(answer.error != QNetworkReply::NoError);
            const auto page = ResponseParser::describeSnapshots(answer.body);
            QVERIFY(!page.ok());
            continue;
        }
        QCOMPARE(answer.status, status);
        if (fault == u"throttle") {
            const ApiError error = QueryProtocol::errorResponse(answer.body, answer.status);
            QCOMPARE(error.code, code);
            QVERIFY(error.isThrottling());
        } else if (fault == u"truncate") {
            QCOMPARE(answer.error, QNetworkReply::NoError);
            const auto page = ResponseParser::describeSnapshots(answer.body);
            QVERIFY(!page.ok());
            QCOMPARE(page.error().kind, ApiError::Kind::Parse);
        } else {
            QVERIFY(ResponseParser::describeSnapshots(answer.body).ok());
        }
    }
    // Turning the faults off heals the sandbox.
    m_server->setFaults(0, 0, 0, 0, 0);
    QVERIFY(ResponseParser::describeSnapshots(call(u"DescribeSnapshots"_qs, {}).body).ok());
}

void TestSandbox::keepAliveAndHeaders()
{
    // Two signed requests on one connection, as the AWS CLI sends them.
    // The server runs in this thread: wait with an event loop (QSignalSpy), never with the blocking waitFor*().
    QTcpSocket socket;
    QSignalSpy connected(&socket, &QAbstractSocket::connected);
    QSignalSpy readyRead(&socket, &QIODevice::readyRead);
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(socket.state() == QAbstractSocket::ConnectedState || connected.wait(5000));
    QList<QByteArray> requestIds;
    for (int i = 0; i < 2; ++i) {
        SigV4::Request request;
        request.headers = {{"Host", "127.0.0.1:" + QByteArray::number(m_server->port())},
                           {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
        request.body = QuerySerializer::formBody(u"DescribeSnapshots"_qs,
                                                 params({{u"SnapshotName", u"demo-before-upgrade"_qs}}));
        SigV4::SigningParams signing;
        signing.accessKeyId = m_server->accessKeyId();
        signing.secretAccessKey = m_server->secretAccessKey();
        signing.region = m_server->region();
        signing.time = QDateTime::currentDateTimeUtc();
        SigV4::sign(request, signing);
        QByteArray raw = "POST / HTTP/1.1\r\n";
        for (const auto &[name, value] : request.headers)
            raw += name + ": " + value + "\r\n";
        raw += "Content-Length: " + QByteArray::number(request.body.size()) + "\r\n\r\n" + request.body;
        socket.write(raw);

        QByteArray received;
        qsizetype headerEnd = -1;
        qint64 contentLength = -1;
        while (contentLength < 0 || received.size() < headerEnd + 4 + contentLength) {
            if (socket.bytesAvailable() == 0)
                QVERIFY(readyRead.wait(5000));
            received += socket.readAll();
            headerEnd = received.indexOf("\r\n\r\n");
            if (headerEnd >= 0 && contentLength < 0) {
                const auto lines = received.left(headerEnd).split('\n');
                for (const QByteArray &line : lines) {
                    if (line.toLower().startsWith("content-length:"))
                        contentLength = line.mid(15).trimmed().toLongLong();
                }
                QVERIFY(contentLength >= 0);
            }
        }
        const QByteArray head = received.left(headerEnd);
        QVERIFY2(head.startsWith("HTTP/1.1 200 OK\r\n"), head.constData());
        QVERIFY(head.contains("\r\nDate: "));
        QVERIFY(head.contains("\r\nContent-Type: text/xml"));
        const qsizetype idAt = head.indexOf("x-amzn-RequestId: ");
        QVERIFY(idAt > 0);
        const QByteArray requestId = head.mid(idAt + 18, 36);
        const QByteArray body = received.mid(headerEnd + 4, contentLength);
        QVERIFY(
            body.startsWith("<DescribeSnapshotsResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\">"));
        const auto page = ResponseParser::describeSnapshots(body);
        QVERIFY(page.ok());
        QCOMPARE(page.value().requestId.toLatin1(), requestId);
        requestIds.append(requestId);
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }
    QVERIFY(requestIds.at(0) != requestIds.at(1));
}

void TestSandbox::seedingIsDeterministicAndRealistic()
{
    SandboxConfig config = baseConfig();
    config.seedSnapshots = 500;
    SandboxState first(config);
    SandboxState second(config);
    SandboxSeeder::seed(first);
    SandboxSeeder::seed(second);
    QCOMPARE(first.snapshotCount(), 500);
    QCOMPARE(first.serverlessSnapshotCount(), 100);
    QJsonObject a = first.toJson();
    QJsonObject b = second.toJson();
    a.remove(u"savedAt"_qs);
    b.remove(u"savedAt"_qs);
    a.remove(u"transitions"_qs); // due times are relative to the moment of seeding
    b.remove(u"transitions"_qs);
    QVERIFY(a == b);
    config.seed = 8;
    SandboxState other(config);
    SandboxSeeder::seed(other);
    QJsonObject c = other.toJson();
    c.remove(u"savedAt"_qs);
    c.remove(u"transitions"_qs);
    QVERIFY(a != c);

    DescribeSnapshotsRequest request;
    request.maxRecords = 50;
    request.showNodeGroupConfig = true;
    QSet<QString> engines, sources, statuses, tiering;
    int encrypted = 0, shardedWithSlots = 0, singleNode = 0;
    QString marker;
    do {
        const auto page = first.describeSnapshots(request, marker);
        QVERIFY(page.ok());
        for (const Snapshot &s : page.value().items) {
            engines.insert(s.engine);
            sources.insert(s.snapshotSource);
            statuses.insert(s.snapshotStatus);
            tiering.insert(s.dataTiering);
            encrypted += s.kmsKeyId.isEmpty() ? 0 : 1;
            if (s.snapshotSource == u"automated") {
                const QString id = s.replicationGroupId.isEmpty() ? s.cacheClusterId : s.replicationGroupId;
                QVERIFY2(QRegularExpression(u"^automatic\\."_qs + QRegularExpression::escape(id)
                                            + u"-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}$"_qs)
                             .match(s.snapshotName)
                             .hasMatch(),
                         qPrintable(s.snapshotName));
            }
            if (s.numNodeGroups.value_or(0) > 1) {
                QCOMPARE(s.nodeSnapshots.size(), *s.numNodeGroups);
                QVERIFY(s.nodeSnapshots.first().nodeGroupConfiguration);
                QVERIFY(s.nodeSnapshots.first().nodeGroupConfiguration->slots.startsWith(u"0-"));
                ++shardedWithSlots;
            }
            if (s.numCacheNodes == 1) {
                QCOMPARE(s.nodeSnapshots.size(), 1);
                ++singleNode;
            }
        }
        marker = page.value().marker;
    } while (!marker.isEmpty());
    QCOMPARE(engines, QSet<QString>({u"redis"_qs, u"valkey"_qs}));
    QCOMPARE(sources, QSet<QString>({u"automated"_qs, u"manual"_qs}));
    QCOMPARE(tiering, QSet<QString>({u"enabled"_qs, u"disabled"_qs}));
    QVERIFY(statuses.contains(u"available"_qs));
    QVERIFY(statuses.contains(u"creating"_qs) || statuses.contains(u"copying"_qs) || statuses.contains(u"deleting"_qs));
    QVERIFY(encrypted > 0 && encrypted < 500);
    QVERIFY(shardedWithSlots > 0);
    QVERIFY(singleNode > 0);
}

void TestSandbox::fixturesAreAvailableAtEverySeed()
{
    // Tests and the README name the fixtures; whatever the seed, none of them may be caught mid-operation.
    const QStringList fixtures {u"demo-before-upgrade"_qs, u"demo-valkey-rg-manual"_qs, u"demo-tiered-manual"_qs};
    SandboxConfig config = baseConfig();
    int midOperation = 0;
    for (quint64 seed = 1; seed <= 40; ++seed) {
        config.seed = seed;
        SandboxState state(config);
        SandboxSeeder::seed(state);
        for (const QString &name : fixtures) {
            const auto snapshot = state.snapshot(name);
            QVERIFY2(snapshot, qPrintable(name));
            QVERIFY2(snapshot->snapshotStatus == u"available",
                     qPrintable(u"seed %1: %2 is %3"_qs.arg(seed).arg(name, snapshot->snapshotStatus)));
        }
        for (const QString &name : {u"demo-serverless-manual"_qs, u"demo-memcached-serverless-manual"_qs})
            QCOMPARE(state.serverlessSnapshot(name)->status, u"available"_qs);
        DescribeSnapshotsRequest request;
        const auto page = state.describeSnapshots(request, QString());
        QVERIFY(page.ok());
        QString marker = page.value().marker;
        QList<Snapshot> all = page.value().items;
        while (!marker.isEmpty()) {
            const auto next = state.describeSnapshots(request, marker);
            QVERIFY(next.ok());
            all += next.value().items;
            marker = next.value().marker;
        }
        midOperation += int(std::count_if(all.cbegin(), all.cend(),
                                          [](const Snapshot &s) { return s.snapshotStatus != u"available"; }));
    }
    // Generated snapshots still are.
    QVERIFY(midOperation > 0);
}

void TestSandbox::xmlEscapesAndTimestamps()
{
    // Copy target names are free UTF-8 text: markup characters must come back exactly, lowercased; so must CR LF in
    // an error message.
    const QString target = u"Copy <b>&amp; \"q\" 'a' \u00fc\u4e2d \U0001F600 xy"_qs;
    Answer answer = call(u"CopySnapshot"_qs,
                         params({{u"SourceSnapshotName", u"demo-before-upgrade"_qs}, {u"TargetSnapshotName", target}}));
    QCOMPARE(answer.status, 200);
    const auto copy = ResponseParser::snapshotResult(answer.body, u"CopySnapshot"_qs);
    QVERIFY(copy.ok());
    QCOMPARE(copy.value().snapshotName, target.toLower());
    answer = call(u"DescribeSnapshots"_qs, params({{u"SnapshotName", u"no <such> & snap"_qs}}));
    QCOMPARE(QueryProtocol::errorResponse(answer.body, answer.status).message,
             u"Snapshot no <such> & snap not found."_qs);

    // The hand-written timestamp is Qt's ISO form with milliseconds, in UTC whatever the input's zone.
    const QList<QDateTime> times {
        QDateTime(QDate(2026, 11, 1), QTime(12, 0), Qt::UTC),
        QDateTime(QDate(1999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC),
        QDateTime(QDate(2024, 2, 29), QTime(0, 0, 0, 7), Qt::OffsetFromUTC, 5 * 3600 + 1800),
        QDateTime(QDate(1970, 1, 1), QTime(0, 0), Qt::OffsetFromUTC, -3600),
        QDateTime::fromMSecsSinceEpoch(1764591234567, Qt::UTC),
    };
    for (const QDateTime &time : times)
        QCOMPARE(SandboxXml::timestamp(time), time.toUTC().toString(Qt::ISODateWithMs));
    QCOMPARE(SandboxXml::timestamp(QDateTime(QDate(2026, 3, 2), QTime(4, 5, 6, 789), Qt::UTC)),
             u"2026-03-02T04:05:06.789Z"_qs);
}

QTEST_GUILESS_MAIN(TestSandbox)
#include "tst_sandbox.moc"
