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

using namespace Qt::StringLiterals;

namespace {

struct Answer
{
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray requestIdHeader;
    QByteArray dateHeader;
    QByteArray contentType;
    QByteArray contentLength;
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
    void serverlessSnapshotsOfOneCache();
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
    void seededValuesAreWrittenAsTheServiceWritesThem();
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
    config.s3Root = m_dir->filePath(u"s3"_s);
    return config;
}

void TestSandbox::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(m_dir->filePath(u"s3/exports"_s)));
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
    answer.contentLength = reply->rawHeader("Content-Length");
    reply->deleteLater();
    return answer;
}

Answer TestSandbox::call(const QString &action, const QueryParams &members)
{
    return send(QuerySerializer::formBody(action, members), defaultSigner());
}

void TestSandbox::writeBucket(const QString &name, const QJsonObject &settings)
{
    const QString folder = m_dir->filePath(u"s3/"_s + name);
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
        QueryParams members = params({{u"MaxRecords", u"20"_s}});
        if (!marker.isEmpty())
            members.append({u"Marker"_s, marker});
        const Answer answer = call(u"DescribeSnapshots"_s, members);
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
    const auto first = ResponseParser::describeSnapshots(call(u"DescribeSnapshots"_s, {}).body);
    QVERIFY(first.ok());
    QCOMPARE(first.value().items.size(), 50);
    QVERIFY(!first.value().nextToken.isEmpty());
}

// One serverless cache's snapshots (ServerlessCacheName), read from the sandbox's index: page by page, exactly the
// ones of that cache among every serverless snapshot, in the same order.
void TestSandbox::serverlessSnapshotsOfOneCache()
{
    const auto listAll = [this](const QueryParams &filter) {
        QList<ServerlessCacheSnapshot> all;
        QString marker;
        for (int pages = 0; pages < 500; ++pages) {
            QueryParams members = filter;
            members.append({u"MaxResults"_s, u"2"_s});
            if (!marker.isEmpty())
                members.append({u"NextToken"_s, marker});
            const Answer answer = call(u"DescribeServerlessCacheSnapshots"_s, members);
            if (answer.status != 200)
                return QList<ServerlessCacheSnapshot>();
            const auto page = ResponseParser::describeServerlessCacheSnapshots(answer.body);
            if (!page.ok())
                return QList<ServerlessCacheSnapshot>();
            all += page.value().items;
            marker = page.value().nextToken;
            if (marker.isEmpty())
                break;
        }
        return all;
    };
    const QList<ServerlessCacheSnapshot> every = listAll({});
    QMap<QString, QStringList> byCache;
    for (const ServerlessCacheSnapshot &s : every) {
        QVERIFY(s.serverlessCacheConfiguration);
        byCache[s.serverlessCacheConfiguration->serverlessCacheName].append(s.serverlessCacheSnapshotName);
    }
    QVERIFY2(byCache.size() >= 2, qPrintable(QString::number(byCache.size())));
    int paged = 0;
    for (auto it = byCache.cbegin(); it != byCache.cend(); ++it) {
        QStringList names;
        for (const ServerlessCacheSnapshot &s : listAll(params({{u"ServerlessCacheName", it.key()}})))
            names.append(s.serverlessCacheSnapshotName);
        QCOMPARE(names, it.value());
        paged += names.size() > 2 ? 1 : 0;
    }
    QVERIFY(paged > 0); // some cache's snapshots took more than one page
    // A snapshot taken now is listed with its cache's.
    const QString cache = byCache.firstKey();
    QCOMPARE(call(u"CreateServerlessCacheSnapshot"_s,
                  params({{u"ServerlessCacheSnapshotName", u"zz-indexed"_s}, {u"ServerlessCacheName", cache}}))
                 .status,
             200);
    QStringList names;
    for (const ServerlessCacheSnapshot &s : listAll(params({{u"ServerlessCacheName", cache}})))
        names.append(s.serverlessCacheSnapshotName);
    QCOMPARE(names, byCache.value(cache) + QStringList {u"zz-indexed"_s});
}

void TestSandbox::describeFilters_data()
{
    QTest::addColumn<QueryParams>("members");
    QTest::addColumn<QString>("member"); // which field every answer must match
    QTest::addColumn<QString>("expected"); // and the value it must have
    QTest::newRow("cluster") << params({{u"CacheClusterId", u"demo-redis-001"_s}}) << u"cluster"_s
                             << u"demo-redis-001"_s;
    QTest::newRow("cluster, any case") << params({{u"CacheClusterId", u"DEMO-Redis-001"_s}}) << u"cluster"_s
                                       << u"demo-redis-001"_s;
    QTest::newRow("replication group") << params({{u"ReplicationGroupId", u"demo-valkey-rg"_s}}) << u"group"_s
                                       << u"demo-valkey-rg"_s;
    QTest::newRow("system") << params({{u"SnapshotSource", u"system"_s}}) << u"source"_s << u"automated"_s;
    QTest::newRow("user") << params({{u"SnapshotSource", u"user"_s}}) << u"source"_s << u"manual"_s;
    QTest::newRow("name") << params({{u"SnapshotName", u"demo-before-upgrade"_s}}) << u"name"_s
                          << u"demo-before-upgrade"_s;
    QTest::newRow("cluster and user") << params(
        {{u"CacheClusterId", u"demo-redis-001"_s}, {u"SnapshotSource", u"user"_s}})
                                      << u"source"_s << u"manual"_s;
}

void TestSandbox::describeFilters()
{
    QFETCH(QueryParams, members);
    QFETCH(QString, member);
    QFETCH(QString, expected);
    members.append({u"MaxRecords"_s, u"50"_s});
    QList<Snapshot> all;
    QString marker;
    do {
        QueryParams paged = members;
        if (!marker.isEmpty())
            paged.append({u"Marker"_s, marker});
        const Answer answer = call(u"DescribeSnapshots"_s, paged);
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
        call(u"DescribeSnapshots"_s, params({{u"SnapshotName", u"demo-valkey-rg-manual"_s}})).body);
    QVERIFY(without.ok());
    QCOMPARE(without.value().items.size(), 1);
    const Snapshot plain = without.value().items.first();
    QCOMPARE(plain.numNodeGroups, 3);
    QCOMPARE(plain.nodeSnapshots.size(), 3);
    for (const NodeSnapshot &node : plain.nodeSnapshots)
        QVERIFY(!node.nodeGroupConfiguration);

    const auto with = ResponseParser::describeSnapshots(
        call(u"DescribeSnapshots"_s,
             params({{u"SnapshotName", u"demo-valkey-rg-manual"_s}, {u"ShowNodeGroupConfig", u"true"_s}}))
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
    QCOMPARE(slots, QStringList({u"0-5460"_s, u"5461-10921"_s, u"10922-16383"_s}));
}

void TestSandbox::otherListOperations_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("limitName");
    QTest::addColumn<QString>("tokenName");
    QTest::addColumn<int>("limit");
    // Enough data for more than one page at the smallest page the operation accepts; 0 keeps the base config.
    QTest::addColumn<int>("seedSnapshots");
    QTest::newRow("DescribeCacheClusters") << u"DescribeCacheClusters"_s << u"MaxRecords"_s << u"Marker"_s << 20 << 0;
    // About one source in three is a replication group, and a source holds a dozen snapshots on average.
    QTest::newRow("DescribeReplicationGroups")
        << u"DescribeReplicationGroups"_s << u"MaxRecords"_s << u"Marker"_s << 20 << 1500;
    QTest::newRow("DescribeServerlessCaches")
        << u"DescribeServerlessCaches"_s << u"MaxResults"_s << u"NextToken"_s << 1 << 0;
    QTest::newRow("DescribeServerlessCacheSnapshots")
        << u"DescribeServerlessCacheSnapshots"_s << u"MaxResults"_s << u"NextToken"_s << 5 << 0;
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
    QTest::newRow("snapshots 19") << u"DescribeSnapshots"_s << u"MaxRecords"_s << u"19"_s << false;
    QTest::newRow("snapshots 20") << u"DescribeSnapshots"_s << u"MaxRecords"_s << u"20"_s << true;
    QTest::newRow("snapshots 50") << u"DescribeSnapshots"_s << u"MaxRecords"_s << u"50"_s << true;
    QTest::newRow("snapshots 51") << u"DescribeSnapshots"_s << u"MaxRecords"_s << u"51"_s << false;
    QTest::newRow("snapshots abc") << u"DescribeSnapshots"_s << u"MaxRecords"_s << u"abc"_s << false;
    QTest::newRow("clusters 100") << u"DescribeCacheClusters"_s << u"MaxRecords"_s << u"100"_s << true;
    QTest::newRow("clusters 101") << u"DescribeCacheClusters"_s << u"MaxRecords"_s << u"101"_s << false;
    QTest::newRow("groups 19") << u"DescribeReplicationGroups"_s << u"MaxRecords"_s << u"19"_s << false;
    QTest::newRow("serverless caches 0") << u"DescribeServerlessCaches"_s << u"MaxResults"_s << u"0"_s << false;
    QTest::newRow("serverless caches 100") << u"DescribeServerlessCaches"_s << u"MaxResults"_s << u"100"_s << true;
    QTest::newRow("serverless snapshots 50")
        << u"DescribeServerlessCacheSnapshots"_s << u"MaxResults"_s << u"50"_s << true;
    QTest::newRow("serverless snapshots 51")
        << u"DescribeServerlessCacheSnapshots"_s << u"MaxResults"_s << u"51"_s << false;
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
    QCOMPARE(error.code, u"InvalidParameterValue"_s);
    QVERIFY(error.message.contains(member));
}

void TestSandbox::errors_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QueryParams>("members");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    QueryParams manyTags = params({{u"CacheClusterId", u"demo-redis-001"_s}, {u"SnapshotName", u"tagged"_s}});
    for (int i = 1; i <= 51; ++i) {
        manyTags.append({u"Tags.Tag.%1.Key"_s.arg(i), u"k%1"_s.arg(i)});
        manyTags.append({u"Tags.Tag.%1.Value"_s.arg(i), u"v"_s});
    }

    QTest::newRow("describe missing name") << u"DescribeSnapshots"_s << params({{u"SnapshotName", u"missing-snap"_s}})
                                           << 404 << u"SnapshotNotFoundFault"_s;
    QTest::newRow("describe missing cluster")
        << u"DescribeSnapshots"_s << params({{u"CacheClusterId", u"nope"_s}}) << 404 << u"CacheClusterNotFound"_s;
    QTest::newRow("describe cluster and group")
        << u"DescribeSnapshots"_s << params({{u"CacheClusterId", u"demo-redis-001"_s}, {u"ReplicationGroupId", u"x"_s}})
        << 400 << u"InvalidParameterCombination"_s;
    QTest::newRow("describe source automated")
        << u"DescribeSnapshots"_s << params({{u"SnapshotSource", u"automated"_s}}) << 400 << u"InvalidParameterValue"_s;
    QTest::newRow("describe forged marker")
        << u"DescribeSnapshots"_s << params({{u"Marker", u"page-2-token"_s}}) << 400 << u"InvalidParameterValue"_s;
    QTest::newRow("describe bad boolean")
        << u"DescribeSnapshots"_s << params({{u"ShowNodeGroupConfig", u"yes"_s}}) << 400 << u"InvalidParameterValue"_s;
    QTest::newRow("create without name") << u"CreateSnapshot"_s << params({{u"CacheClusterId", u"demo-redis-001"_s}})
                                         << 400 << u"MissingParameter"_s;
    QTest::newRow("create without source")
        << u"CreateSnapshot"_s << params({{u"SnapshotName", u"x1"_s}}) << 400 << u"InvalidParameterValue"_s;
    QTest::newRow("create with both sources") << u"CreateSnapshot"_s
                                              << params({{u"ReplicationGroupId", u"demo-valkey-rg"_s},
                                                         {u"CacheClusterId", u"demo-redis-001"_s},
                                                         {u"SnapshotName", u"x1"_s}})
                                              << 400 << u"InvalidParameterCombination"_s;
    QTest::newRow("create bad name") << u"CreateSnapshot"_s
                                     << params({{u"CacheClusterId", u"demo-redis-001"_s}, {u"SnapshotName", u"1abc"_s}})
                                     << 400 << u"InvalidParameterValue"_s;
    QTest::newRow("create double hyphen")
        << u"CreateSnapshot"_s << params({{u"CacheClusterId", u"demo-redis-001"_s}, {u"SnapshotName", u"a--b"_s}})
        << 400 << u"InvalidParameterValue"_s;
    QTest::newRow("create existing (other case)")
        << u"CreateSnapshot"_s
        << params({{u"CacheClusterId", u"demo-redis-001"_s}, {u"SnapshotName", u"Demo-Before-Upgrade"_s}}) << 400
        << u"SnapshotAlreadyExistsFault"_s;
    QTest::newRow("create missing cluster")
        << u"CreateSnapshot"_s << params({{u"CacheClusterId", u"nope"_s}, {u"SnapshotName", u"x1"_s}}) << 404
        << u"CacheClusterNotFound"_s;
    QTest::newRow("create missing group")
        << u"CreateSnapshot"_s << params({{u"ReplicationGroupId", u"nope"_s}, {u"SnapshotName", u"x1"_s}}) << 404
        << u"ReplicationGroupNotFoundFault"_s;
    QTest::newRow("create busy cluster") << u"CreateSnapshot"_s
                                         << params(
                                                {{u"CacheClusterId", u"demo-busy-001"_s}, {u"SnapshotName", u"x1"_s}})
                                         << 400 << u"InvalidCacheClusterState"_s;
    QTest::newRow("create t1.micro") << u"CreateSnapshot"_s
                                     << params({{u"CacheClusterId", u"demo-legacy-t1"_s}, {u"SnapshotName", u"x1"_s}})
                                     << 400 << u"SnapshotFeatureNotSupportedFault"_s;
    QTest::newRow("create memcached") << u"CreateSnapshot"_s
                                      << params({{u"CacheClusterId", u"demo-memcached"_s}, {u"SnapshotName", u"x1"_s}})
                                      << 400 << u"SnapshotFeatureNotSupportedFault"_s;
    QTest::newRow("create shard of cluster-mode group")
        << u"CreateSnapshot"_s
        << params({{u"CacheClusterId", u"demo-valkey-rg-0001-001"_s}, {u"SnapshotName", u"x1"_s}}) << 400
        << u"InvalidParameterCombination"_s;
    QTest::newRow("create 51 tags") << u"CreateSnapshot"_s << manyTags << 400 << u"TagQuotaPerResourceExceeded"_s;
    QTest::newRow("copy missing source") << u"CopySnapshot"_s
                                         << params(
                                                {{u"SourceSnapshotName", u"nope"_s}, {u"TargetSnapshotName", u"x1"_s}})
                                         << 404 << u"SnapshotNotFoundFault"_s;
    QTest::newRow("copy onto existing") << u"CopySnapshot"_s
                                        << params({{u"SourceSnapshotName", u"demo-before-upgrade"_s},
                                                   {u"TargetSnapshotName", u"demo-valkey-rg-manual"_s}})
                                        << 400 << u"SnapshotAlreadyExistsFault"_s;
    QTest::newRow("copy without target") << u"CopySnapshot"_s
                                         << params({{u"SourceSnapshotName", u"demo-before-upgrade"_s}}) << 400
                                         << u"MissingParameter"_s;
    QTest::newRow("delete missing") << u"DeleteSnapshot"_s << params({{u"SnapshotName", u"missing-snap"_s}}) << 404
                                    << u"SnapshotNotFoundFault"_s;
    QTest::newRow("clusters missing") << u"DescribeCacheClusters"_s << params({{u"CacheClusterId", u"nope"_s}}) << 404
                                      << u"CacheClusterNotFound"_s;
    QTest::newRow("groups missing") << u"DescribeReplicationGroups"_s << params({{u"ReplicationGroupId", u"nope"_s}})
                                    << 404 << u"ReplicationGroupNotFoundFault"_s;
    QTest::newRow("serverless caches missing")
        << u"DescribeServerlessCaches"_s << params({{u"ServerlessCacheName", u"nope"_s}}) << 404
        << u"ServerlessCacheNotFoundFault"_s;
    QTest::newRow("serverless snapshots of missing cache")
        << u"DescribeServerlessCacheSnapshots"_s << params({{u"ServerlessCacheName", u"nope"_s}}) << 404
        << u"ServerlessCacheNotFoundFault"_s;
    QTest::newRow("serverless snapshot missing")
        << u"DescribeServerlessCacheSnapshots"_s << params({{u"ServerlessCacheSnapshotName", u"nope"_s}}) << 404
        << u"ServerlessCacheSnapshotNotFoundFault"_s;
    QTest::newRow("serverless bad type") << u"DescribeServerlessCacheSnapshots"_s
                                         << params({{u"SnapshotType", u"system"_s}}) << 400
                                         << u"InvalidParameterValue"_s;
    QTest::newRow("serverless create missing cache")
        << u"CreateServerlessCacheSnapshot"_s
        << params({{u"ServerlessCacheSnapshotName", u"s1"_s}, {u"ServerlessCacheName", u"nope"_s}}) << 404
        << u"ServerlessCacheNotFoundFault"_s;
    QTest::newRow("serverless create existing")
        << u"CreateServerlessCacheSnapshot"_s
        << params({{u"ServerlessCacheSnapshotName", u"demo-serverless-manual"_s},
                   {u"ServerlessCacheName", u"demo-serverless"_s}})
        << 400 << u"ServerlessCacheSnapshotAlreadyExistsFault"_s;
    QTest::newRow("serverless create busy cache")
        << u"CreateServerlessCacheSnapshot"_s
        << params({{u"ServerlessCacheSnapshotName", u"s1"_s}, {u"ServerlessCacheName", u"demo-serverless-busy"_s}})
        << 400 << u"InvalidServerlessCacheStateFault"_s;
    QTest::newRow("serverless create without cache")
        << u"CreateServerlessCacheSnapshot"_s << params({{u"ServerlessCacheSnapshotName", u"s1"_s}}) << 400
        << u"MissingParameter"_s;
    QTest::newRow("serverless copy missing")
        << u"CopyServerlessCacheSnapshot"_s
        << params({{u"SourceServerlessCacheSnapshotName", u"nope"_s}, {u"TargetServerlessCacheSnapshotName", u"s1"_s}})
        << 404 << u"ServerlessCacheSnapshotNotFoundFault"_s;
    QTest::newRow("serverless copy onto existing")
        << u"CopyServerlessCacheSnapshot"_s
        << params({{u"SourceServerlessCacheSnapshotName", u"demo-serverless-manual"_s},
                   {u"TargetServerlessCacheSnapshotName", u"demo-memcached-serverless-manual"_s}})
        << 400 << u"ServerlessCacheSnapshotAlreadyExistsFault"_s;
    QTest::newRow("serverless delete missing")
        << u"DeleteServerlessCacheSnapshot"_s << params({{u"ServerlessCacheSnapshotName", u"nope"_s}}) << 404
        << u"ServerlessCacheSnapshotNotFoundFault"_s;
    QTest::newRow("serverless export missing")
        << u"ExportServerlessCacheSnapshot"_s
        << params({{u"ServerlessCacheSnapshotName", u"nope"_s}, {u"S3BucketName", u"exports"_s}}) << 404
        << u"ServerlessCacheSnapshotNotFoundFault"_s;
    QTest::newRow("serverless export memcached")
        << u"ExportServerlessCacheSnapshot"_s
        << params({{u"ServerlessCacheSnapshotName", u"demo-memcached-serverless-manual"_s},
                   {u"S3BucketName", u"exports"_s}})
        << 400 << u"InvalidParameterValue"_s;
    QTest::newRow("unknown action") << u"ListSnapshots"_s << QueryParams() << 400 << u"InvalidAction"_s;
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
    QCOMPARE(error.type, u"Sender"_s);
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
    QTest::newRow("good") << key << secret << u"us-east-1"_s << 0 << 200 << QString() << QString();
    QTest::newRow("4 minutes behind") << key << secret << u"us-east-1"_s << -240 << 200 << QString() << QString();
    QTest::newRow("wrong secret") << key << u"not-the-secret"_s << u"us-east-1"_s << 0 << 403
                                  << u"SignatureDoesNotMatch"_s << u"The request signature we calculated"_s;
    QTest::newRow("unknown key") << u"AKIDUNKNOWN"_s << secret << u"us-east-1"_s << 0 << 403
                                 << u"InvalidClientTokenId"_s << u"The security token"_s;
    QTest::newRow("other region") << key << secret << u"eu-west-1"_s << 0 << 403 << u"SignatureDoesNotMatch"_s
                                  << QString();
    QTest::newRow("10 minutes behind") << key << secret << u"us-east-1"_s << -600 << 403 << u"SignatureDoesNotMatch"_s
                                       << u"Signature expired: "_s;
    QTest::newRow("10 minutes ahead") << key << secret << u"us-east-1"_s << 600 << 403 << u"SignatureDoesNotMatch"_s
                                      << u"Signature not yet current: "_s;
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
    const Answer answer = send(QuerySerializer::formBody(u"DescribeSnapshots"_s, {}), signer);
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
    Answer answer
        = call(u"CreateSnapshot"_s, params({{u"CacheClusterId", u"demo-redis-001"_s}, {u"SnapshotName", u"Life-1"_s}}));
    QCOMPARE(answer.status, 200);
    const auto created = ResponseParser::snapshotResult(answer.body, u"CreateSnapshot"_s);
    QVERIFY(created.ok());
    QCOMPARE(created.value().snapshotName, u"life-1"_s);
    QCOMPARE(created.value().snapshotStatus, u"creating"_s);
    QCOMPARE(created.value().snapshotSource, u"manual"_s);
    QCOMPARE(created.value().cacheClusterId, u"demo-redis-001"_s);
    QVERIFY(created.value().arn.endsWith(u":snapshot:life-1"));

    const auto clusters = ResponseParser::describeCacheClusters(
        call(u"DescribeCacheClusters"_s, params({{u"CacheClusterId", u"demo-redis-001"_s}})).body);
    QVERIFY(clusters.ok());
    QCOMPARE(clusters.value().items.value(0).cacheClusterStatus, u"snapshotting"_s);
    answer
        = call(u"CreateSnapshot"_s, params({{u"CacheClusterId", u"demo-redis-001"_s}, {u"SnapshotName", u"life-2"_s}}));
    QCOMPARE(QueryProtocol::errorResponse(answer.body, answer.status).code, u"InvalidCacheClusterState"_s);

    // Copying or deleting a snapshot that is still being created is refused.
    answer = call(u"CopySnapshot"_s,
                  params({{u"SourceSnapshotName", u"life-1"_s}, {u"TargetSnapshotName", u"life-copy"_s}}));
    QCOMPARE(answer.status, 400);
    QCOMPARE(QueryProtocol::errorResponse(answer.body, answer.status).code, u"InvalidSnapshotState"_s);
    answer = call(u"DeleteSnapshot"_s, params({{u"SnapshotName", u"life-1"_s}}));
    QCOMPARE(QueryProtocol::errorResponse(answer.body, answer.status).code, u"InvalidSnapshotState"_s);

    const auto statusOf = [this](const QString &name) {
        const Answer a = call(u"DescribeSnapshots"_s, params({{u"SnapshotName", name}}));
        if (a.status != 200)
            return QueryProtocol::errorResponse(a.body, a.status).code;
        const auto page = ResponseParser::describeSnapshots(a.body);
        return page.ok() && !page.value().items.isEmpty() ? page.value().items.first().snapshotStatus : u"?"_s;
    };
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"life-1"_s), u"available"_s, 10000);

    // Copy: the source is copying while the target is created; both end available, the copy is manual.
    answer = call(u"CopySnapshot"_s,
                  params({{u"SourceSnapshotName", u"LIFE-1"_s}, {u"TargetSnapshotName", u"Life-Copy"_s}}));
    QCOMPARE(answer.status, 200);
    const auto copy = ResponseParser::snapshotResult(answer.body, u"CopySnapshot"_s);
    QVERIFY(copy.ok());
    QCOMPARE(copy.value().snapshotName, u"life-copy"_s);
    QCOMPARE(copy.value().snapshotStatus, u"creating"_s);
    QCOMPARE(statusOf(u"life-1"_s), u"copying"_s);
    answer = call(u"DeleteSnapshot"_s, params({{u"SnapshotName", u"life-1"_s}}));
    QCOMPARE(QueryProtocol::errorResponse(answer.body, answer.status).code, u"InvalidSnapshotState"_s);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"life-1"_s), u"available"_s, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"life-copy"_s), u"available"_s, 10000);

    // A copy of an automatic snapshot is manual.
    const auto automatic = ResponseParser::describeSnapshots(
        call(u"DescribeSnapshots"_s,
             params({{u"CacheClusterId", u"demo-redis-001"_s}, {u"SnapshotSource", u"system"_s}}))
            .body);
    QVERIFY(automatic.ok());
    QVERIFY(!automatic.value().items.isEmpty());
    QVERIFY(automatic.value().items.first().snapshotName.startsWith(u"automatic.demo-redis-001-"));
    answer = call(u"CopySnapshot"_s,
                  params({{u"SourceSnapshotName", automatic.value().items.first().snapshotName},
                          {u"TargetSnapshotName", u"from-automatic"_s}}));
    QCOMPARE(ResponseParser::snapshotResult(answer.body, u"CopySnapshot"_s).value().snapshotSource, u"manual"_s);

    // Delete: deleting, then gone.
    answer = call(u"DeleteSnapshot"_s, params({{u"SnapshotName", u"life-copy"_s}}));
    QCOMPARE(answer.status, 200);
    QCOMPARE(ResponseParser::snapshotResult(answer.body, u"DeleteSnapshot"_s).value().snapshotStatus, u"deleting"_s);
    QCOMPARE(statusOf(u"life-copy"_s), u"deleting"_s);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"life-copy"_s), u"SnapshotNotFoundFault"_s, 10000);

    // A replication group snapshot covers every shard.
    answer = call(u"CreateSnapshot"_s,
                  params({{u"ReplicationGroupId", u"demo-valkey-rg"_s}, {u"SnapshotName", u"group-1"_s}}));
    QCOMPARE(answer.status, 200);
    const auto group = ResponseParser::snapshotResult(answer.body, u"CreateSnapshot"_s);
    QVERIFY(group.ok());
    QCOMPARE(group.value().replicationGroupId, u"demo-valkey-rg"_s);
    QCOMPARE(group.value().nodeSnapshots.size(), 3);
    QCOMPARE(group.value().engine, u"valkey"_s);
}

void TestSandbox::serverlessLifeCycle()
{
    const auto statusOf = [this](const QString &name) {
        const Answer a = call(u"DescribeServerlessCacheSnapshots"_s, params({{u"ServerlessCacheSnapshotName", name}}));
        if (a.status != 200)
            return QueryProtocol::errorResponse(a.body, a.status).code;
        const auto page = ResponseParser::describeServerlessCacheSnapshots(a.body);
        return page.ok() && !page.value().items.isEmpty() ? page.value().items.first().status : u"?"_s;
    };
    Answer answer = call(u"CreateServerlessCacheSnapshot"_s,
                         params({{u"ServerlessCacheSnapshotName", u"SL-One"_s},
                                 {u"ServerlessCacheName", u"demo-serverless"_s},
                                 {u"Tags.Tag.1.Key", u"team"_s},
                                 {u"Tags.Tag.1.Value", u"ops"_s}}));
    QCOMPARE(answer.status, 200);
    const auto created = ResponseParser::serverlessSnapshotResult(answer.body, u"CreateServerlessCacheSnapshot"_s);
    QVERIFY(created.ok());
    QCOMPARE(created.value().serverlessCacheSnapshotName, u"sl-one"_s);
    QCOMPARE(created.value().status, u"creating"_s);
    QCOMPARE(created.value().snapshotType, u"manual"_s);
    QCOMPARE(created.value().serverlessCacheConfiguration->serverlessCacheName, u"demo-serverless"_s);
    QCOMPARE(created.value().serverlessCacheConfiguration->engine, u"valkey"_s);

    answer = call(u"CopyServerlessCacheSnapshot"_s,
                  params({{u"SourceServerlessCacheSnapshotName", u"sl-one"_s},
                          {u"TargetServerlessCacheSnapshotName", u"sl-two"_s}}));
    QCOMPARE(QueryProtocol::errorResponse(answer.body, answer.status).code,
             u"InvalidServerlessCacheSnapshotStateFault"_s);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"sl-one"_s), u"available"_s, 10000);

    answer = call(u"CopyServerlessCacheSnapshot"_s,
                  params({{u"SourceServerlessCacheSnapshotName", u"sl-one"_s},
                          {u"TargetServerlessCacheSnapshotName", u"sl-two"_s}}));
    QCOMPARE(answer.status, 200);
    QCOMPARE(statusOf(u"sl-one"_s), u"copying"_s);
    QCOMPARE(statusOf(u"sl-two"_s), u"creating"_s);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"sl-two"_s), u"available"_s, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"sl-one"_s), u"available"_s, 10000);

    const auto filtered = ResponseParser::describeServerlessCacheSnapshots(
        call(u"DescribeServerlessCacheSnapshots"_s,
             params({{u"ServerlessCacheName", u"demo-serverless"_s}, {u"SnapshotType", u"manual"_s}}))
            .body);
    QVERIFY(filtered.ok());
    QStringList names;
    for (const auto &s : filtered.value().items) {
        names.append(s.serverlessCacheSnapshotName);
        QCOMPARE(s.snapshotType, u"manual"_s);
    }
    QVERIFY(names.contains(u"sl-one"_s));
    QVERIFY(names.contains(u"sl-two"_s));

    answer = call(u"DeleteServerlessCacheSnapshot"_s, params({{u"ServerlessCacheSnapshotName", u"sl-two"_s}}));
    QCOMPARE(answer.status, 200);
    QCOMPARE(ResponseParser::serverlessSnapshotResult(answer.body, u"DeleteServerlessCacheSnapshot"_s).value().status,
             u"deleting"_s);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(u"sl-two"_s), u"ServerlessCacheSnapshotNotFoundFault"_s, 10000);
}

void TestSandbox::namesStoredLowercase()
{
    Answer answer = call(u"CreateSnapshot"_s,
                         params({{u"CacheClusterId", u"DEMO-REDIS-001"_s}, {u"SnapshotName", u"MiXeD-Case"_s}}));
    QCOMPARE(answer.status, 200);
    QCOMPARE(ResponseParser::snapshotResult(answer.body, u"CreateSnapshot"_s).value().snapshotName, u"mixed-case"_s);
    answer = call(u"DescribeSnapshots"_s, params({{u"SnapshotName", u"MIXED-CASE"_s}}));
    QCOMPARE(answer.status, 200);
    QCOMPARE(ResponseParser::describeSnapshots(answer.body).value().items.value(0).snapshotName, u"mixed-case"_s);
}

void TestSandbox::quota()
{
    SandboxConfig config = baseConfig();
    config.manualSnapshotsPerSourcePerDay = 2;
    config.snapshotCreateSeconds = 0;
    startServer(config);
    for (int i = 1; i <= 2; ++i) {
        const Answer answer
            = call(u"CreateSnapshot"_s,
                   params({{u"CacheClusterId", u"demo-redis-001"_s}, {u"SnapshotName", u"q-%1"_s.arg(i)}}));
        QCOMPARE(answer.status, 200);
        QTRY_COMPARE(m_server->state()->snapshot(u"q-%1"_s.arg(i))->snapshotStatus, u"available"_s);
    }
    Answer answer
        = call(u"CreateSnapshot"_s, params({{u"CacheClusterId", u"demo-redis-001"_s}, {u"SnapshotName", u"q-3"_s}}));
    QCOMPARE(answer.status, 400);
    QCOMPARE(QueryProtocol::errorResponse(answer.body, answer.status).code, u"SnapshotQuotaExceededFault"_s);

    // The account-wide limit counts manual snapshots, copies included.
    config.manualSnapshotsPerSourcePerDay = 20;
    int manual = 0;
    QString marker;
    do {
        QueryParams members = params({{u"SnapshotSource", u"user"_s}});
        if (!marker.isEmpty())
            members.append({u"Marker"_s, marker});
        const auto page = ResponseParser::describeSnapshots(call(u"DescribeSnapshots"_s, members).body);
        QVERIFY(page.ok());
        manual += page.value().items.size();
        marker = page.value().nextToken;
    } while (!marker.isEmpty());
    config.maxManualSnapshots = manual;
    m_server->state()->setConfig(config);
    answer = call(u"CopySnapshot"_s, params({{u"SourceSnapshotName", u"q-1"_s}, {u"TargetSnapshotName", u"q-copy"_s}}));
    QCOMPARE(answer.status, 400);
    QCOMPARE(QueryProtocol::errorResponse(answer.body, answer.status).code, u"SnapshotQuotaExceededFault"_s);
    config.maxManualSnapshots = manual + 1;
    m_server->state()->setConfig(config);
    answer = call(u"CopySnapshot"_s, params({{u"SourceSnapshotName", u"q-1"_s}, {u"TargetSnapshotName", u"q-copy"_s}}));
    QCOMPARE(answer.status, 200);

    // Serverless: 24 manual snapshots per cache per day unless configured otherwise.
    config.manualServerlessSnapshotsPerCachePerDay = 1;
    m_server->state()->setConfig(config);
    answer
        = call(u"CreateServerlessCacheSnapshot"_s,
               params({{u"ServerlessCacheSnapshotName", u"sq-1"_s}, {u"ServerlessCacheName", u"demo-serverless"_s}}));
    QCOMPARE(answer.status, 200);
    answer
        = call(u"CreateServerlessCacheSnapshot"_s,
               params({{u"ServerlessCacheSnapshotName", u"sq-2"_s}, {u"ServerlessCacheName", u"demo-serverless"_s}}));
    QCOMPARE(answer.status, 400);
    QCOMPARE(QueryProtocol::errorResponse(answer.body, answer.status).code,
             u"ServerlessCacheSnapshotQuotaExceededFault"_s);
}

void TestSandbox::exportWritesOneObjectPerShard()
{
    const Answer answer = call(u"CopySnapshot"_s,
                               params({{u"SourceSnapshotName", u"demo-valkey-rg-manual"_s},
                                       {u"TargetSnapshotName", u"My-Export"_s},
                                       {u"TargetBucket", u"exports"_s}}));
    QCOMPARE(answer.status, 200);
    const auto result = ResponseParser::snapshotResult(answer.body, u"CopySnapshot"_s);
    QVERIFY(result.ok());
    // An export keeps the source copying and creates no snapshot in ElastiCache.
    QCOMPARE(result.value().snapshotStatus, u"copying"_s);
    QVERIFY(!m_server->state()->snapshot(u"my-export"_s));
    const QDir bucket(m_dir->filePath(u"s3/exports"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->state()->snapshot(u"demo-valkey-rg-manual"_s)->snapshotStatus, u"available"_s,
                              10000);
    QCOMPARE(bucket.entryList(QDir::Files, QDir::Name),
             QStringList({u"my-export-0001.rdb"_s, u"my-export-0002.rdb"_s, u"my-export-0003.rdb"_s}));
    QFile object(bucket.filePath(u"my-export-0002.rdb"_s));
    QVERIFY(object.open(QIODevice::ReadOnly));
    QVERIFY(object.readAll().startsWith("REDIS"));

    // The same key again: the object exists now.
    const Answer again = call(u"CopySnapshot"_s,
                              params({{u"SourceSnapshotName", u"demo-valkey-rg-manual"_s},
                                      {u"TargetSnapshotName", u"my-export"_s},
                                      {u"TargetBucket", u"exports"_s}}));
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

    const QString source = u"demo-before-upgrade"_s;
    QTest::newRow("bucket missing") << u"no-such-bucket"_s << QJsonObject {{u"absent"_s, true}} << source << QString()
                                    << u"The S3 bucket no-such-bucket does not exist."_s;
    QTest::newRow("other region") << u"far-away"_s << QJsonObject {{u"region"_s, u"eu-west-1"_s}} << source << QString()
                                  << u"The S3 bucket far-away is outside of the region."_s;
    QTest::newRow("not owned") << u"someone-else"_s << QJsonObject {{u"ownerAccountId"_s, u"210987654321"_s}} << source
                               << QString() << u"The S3 bucket someone-else is not owned by the authenticated user."_s;
    QTest::newRow("caller not permitted")
        << u"locked"_s << QJsonObject {{u"callerPermitted"_s, false}} << source << QString()
        << u"The authenticated user does not have sufficient permissions"_s;
    QTest::newRow("no READ") << u"no-read"_s << QJsonObject {{u"grants"_s, QJsonArray {u"WRITE"_s, u"READ_ACP"_s}}}
                             << source << QString() << u"ElastiCache has not been granted READ permissions"_s;
    QTest::newRow("no WRITE") << u"no-write"_s << QJsonObject {{u"grants"_s, QJsonArray {u"READ"_s, u"READ_ACP"_s}}}
                              << source << QString() << u"ElastiCache has not been granted WRITE permissions"_s;
    QTest::newRow("no READ_ACP") << u"no-acp"_s << QJsonObject {{u"grants"_s, QJsonArray {u"READ"_s, u"WRITE"_s}}}
                                 << source << QString() << u"ElastiCache has not been granted READ_ACP permissions"_s;
    QTest::newRow("data tiering") << u"exports"_s << QJsonObject() << u"demo-tiered-manual"_s << QString()
                                  << u"data tiering"_s;
    QTest::newRow("customer KMS key") << u"exports"_s << QJsonObject() << source << u"alias/mine"_s << u"KmsKeyId"_s;
    QTest::newRow("bucket name not DNS-compliant")
        << u"Bad_Bucket"_s << QJsonObject {{u"absent"_s, true}} << source << QString() << u"does not exist"_s;
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
        = params({{u"SourceSnapshotName", source}, {u"TargetSnapshotName", u"export-x"_s}, {u"TargetBucket", bucket}});
    if (!kmsKeyId.isEmpty())
        members.append({u"KmsKeyId"_s, kmsKeyId});
    const Answer answer = call(u"CopySnapshot"_s, members);
    QCOMPARE(answer.status, 400);
    const ApiError error = QueryProtocol::errorResponse(answer.body, answer.status);
    QVERIFY(error.code == u"InvalidParameterValue" || error.code == u"InvalidParameterCombination");
    QVERIFY2(error.message.contains(message), qPrintable(error.message));
    QCOMPARE(m_server->state()->snapshot(source)->snapshotStatus, u"available"_s);
}

void TestSandbox::serverlessExport()
{
    const Answer answer = call(
        u"ExportServerlessCacheSnapshot"_s,
        params({{u"ServerlessCacheSnapshotName", u"demo-serverless-manual"_s}, {u"S3BucketName", u"exports"_s}}));
    QCOMPARE(answer.status, 200);
    const auto result = ResponseParser::serverlessSnapshotResult(answer.body, u"ExportServerlessCacheSnapshot"_s);
    QVERIFY(result.ok());
    QCOMPARE(result.value().status, u"copying"_s);
    const QString path = m_dir->filePath(u"s3/exports/demo-serverless-manual-0001.rdb"_s);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->state()->serverlessSnapshot(u"demo-serverless-manual"_s)->status,
                              u"available"_s, 10000);

    writeBucket(u"far-away"_s, QJsonObject {{u"region"_s, u"ap-east-1"_s}});
    const Answer refused = call(
        u"ExportServerlessCacheSnapshot"_s,
        params({{u"ServerlessCacheSnapshotName", u"demo-serverless-manual"_s}, {u"S3BucketName", u"far-away"_s}}));
    QCOMPARE(refused.status, 400);
    QVERIFY(QueryProtocol::errorResponse(refused.body, refused.status).message.contains(u"outside of the region"));
}

void TestSandbox::persistenceRoundTrip()
{
    SandboxConfig config = baseConfig();
    config.statePath = m_dir->filePath(u"state.json"_s);
    config.snapshotCreateSeconds = 1.5;
    startServer(config);
    Answer answer
        = call(u"CreateSnapshot"_s, params({{u"CacheClusterId", u"demo-redis-001"_s}, {u"SnapshotName", u"kept"_s}}));
    QCOMPARE(answer.status, 200);
    answer = call(u"DeleteSnapshot"_s, params({{u"SnapshotName", u"demo-before-upgrade"_s}}));
    QCOMPARE(answer.status, 200);
    QString error;
    QVERIFY(m_server->saveState(&error));
    const QJsonObject before = m_server->state()->toJson();
    QFile saved(config.statePath);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QJsonObject written = QJsonDocument::fromJson(saved.readAll()).object();
    saved.close();
    QJsonObject expected = before;
    written.remove(u"savedAt"_s);
    expected.remove(u"savedAt"_s);
    QCOMPARE(written, expected);
    const int snapshots = m_server->state()->snapshotCount();
    const int serverless = m_server->state()->serverlessSnapshotCount();
    const auto kept = m_server->state()->snapshot(u"kept"_s);
    QVERIFY(kept);
    m_server.reset(); // saves again

    config.seed = 99; // a loaded state wins over seeding
    startServer(config);
    // Everything saved came back; only the deletion under way may have finished in between.
    const int reloadedCount = m_server->state()->snapshotCount();
    QVERIFY2(reloadedCount == snapshots
                 || (reloadedCount == snapshots - 1 && !m_server->state()->snapshot(u"demo-before-upgrade"_s)),
             qPrintable(QString::number(reloadedCount)));
    QCOMPARE(m_server->state()->serverlessSnapshotCount(), serverless);
    QCOMPARE(m_server->state()->cacheClusterCount(), QJsonValue(before.value(u"cacheClusters"_s)).toArray().size());
    const auto reloaded = m_server->state()->snapshot(u"kept"_s);
    QVERIFY(reloaded);
    QCOMPARE(reloaded->arn, kept->arn);
    QCOMPARE(reloaded->nodeSnapshots, kept->nodeSnapshots);
    // The transitions under way were saved too: the new snapshot becomes available, the deleted one goes.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->state()->snapshot(u"kept"_s)->snapshotStatus, u"available"_s, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!m_server->state()->snapshot(u"demo-before-upgrade"_s), 10000);

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
    QTest::newRow("throttle") << u"throttle"_s << 400 << u"Throttling"_s;
    QTest::newRow("error") << u"error"_s << 500 << u"InternalFailure"_s; // or 503 ServiceUnavailable
    QTest::newRow("drop") << u"drop"_s << 0 << QString();
    QTest::newRow("truncate") << u"truncate"_s << 200 << QString();
    QTest::newRow("latency") << u"latency"_s << 200 << QString();
}

void TestSandbox::faults()
{
    QFETCH(QString, fault);
    QFETCH(int, status);
    QFETCH(QString, code);
    m_server->setFaults(fault == u"latency" ? 50 : 0, fault == u"throttle" ? 1.0 : 0.0, fault == u"error" ? 1.0 : 0.0,
                        fault == u"drop" ? 1.0 : 0.0, fault == u"truncate" ? 1.0 : 0.0);
    for (int i = 0; i < 4; ++i) {
        const Answer answer = call(u"DescribeSnapshots"_s, params({{u"MaxRecords", u"20"_s}}));
        if (fault == u"error") {
            QVERIFY(answer.status == 500 || answer.status == 503);
            const ApiError error = QueryProtocol::errorResponse(answer.body, answer.status);
            QCOMPARE(error.code, answer.status == 500 ? u"InternalFailure"_s : u"ServiceUnavailable"_s);
            QCOMPARE(error.type, u"Receiver"_s);
            QVERIFY(error.isTransient());
            continue;
        }
        if (fault == u"drop") {
            // The connection closes half-way through the announced body. Qt mostly reports that as an error, but
            // not when it handles the close after reading the last bytes: then the reply ends short without one
            // (which is why ServiceClient compares the body with Content-Length).
            bool announced = false;
            const qint64 length = answer.contentLength.toLongLong(&announced);
            QVERIFY2(announced, answer.contentLength.constData());
            QVERIFY2(answer.body.size() < length, qPrintable(u"%1 of %2 bytes"_s.arg(answer.body.size()).arg(length)));
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
    QVERIFY(ResponseParser::describeSnapshots(call(u"DescribeSnapshots"_s, {}).body).ok());
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
        request.body
            = QuerySerializer::formBody(u"DescribeSnapshots"_s, params({{u"SnapshotName", u"demo-before-upgrade"_s}}));
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
    // The snapshots seeded mid-operation must still be so when the listing below reads them: at the base config's
    // 0.4 s a create, a slow (sanitized, loaded) run seeded three states and compared them for longer than the
    // longest of those operations takes.
    config.snapshotCreateSeconds = 3600;
    SandboxState first(config);
    SandboxState second(config);
    SandboxSeeder::seed(first);
    SandboxSeeder::seed(second);
    QCOMPARE(first.snapshotCount(), 500);
    QCOMPARE(first.serverlessSnapshotCount(), 100);
    QJsonObject a = first.toJson();
    QJsonObject b = second.toJson();
    a.remove(u"savedAt"_s);
    b.remove(u"savedAt"_s);
    a.remove(u"transitions"_s); // due times are relative to the moment of seeding
    b.remove(u"transitions"_s);
    QVERIFY(a == b);
    config.seed = 8;
    SandboxState other(config);
    SandboxSeeder::seed(other);
    QJsonObject c = other.toJson();
    c.remove(u"savedAt"_s);
    c.remove(u"transitions"_s);
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
                QVERIFY2(QRegularExpression(u"^automatic\\."_s + QRegularExpression::escape(id)
                                            + u"-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}$"_s)
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
    QCOMPARE(engines, QSet<QString>({u"redis"_s, u"valkey"_s}));
    QCOMPARE(sources, QSet<QString>({u"automated"_s, u"manual"_s}));
    QCOMPARE(tiering, QSet<QString>({u"enabled"_s, u"disabled"_s}));
    QVERIFY(statuses.contains(u"available"_s));
    QVERIFY(statuses.contains(u"creating"_s) || statuses.contains(u"copying"_s) || statuses.contains(u"deleting"_s));
    QVERIFY(encrypted > 0 && encrypted < 500);
    QVERIFY(shardedWithSlots > 0);
    QVERIFY(singleNode > 0);
}

// What the service writes, as elasticache-api.md and wire-captures.md show it: maintenance windows as
// "ddd:hh24:mi-ddd:hh24:mi", node snapshots of available snapshots that hold something, and a serverless cache's
// major engine version (7 for Redis OSS, 7 or 8 for Valkey, 1.6 for Memcached), which its snapshots repeat.
void TestSandbox::seededValuesAreWrittenAsTheServiceWritesThem()
{
    SandboxConfig config = baseConfig();
    config.seedSnapshots = 2000;
    SandboxState state(config);
    SandboxSeeder::seed(state);
    const QRegularExpression window(u"^(sun|mon|tue|wed|thu|fri|sat):([01]\\d|2[0-3]):[0-5]\\d-"
                                    u"(sun|mon|tue|wed|thu|fri|sat):([01]\\d|2[0-3]):[0-5]\\d$"_s);
    int snapshots = 0;
    QString marker;
    do {
        DescribeSnapshotsRequest request;
        request.maxRecords = 50;
        const auto page = state.describeSnapshots(request, marker);
        QVERIFY(page.ok());
        for (const Snapshot &s : page.value().items) {
            ++snapshots;
            QVERIFY2(window.match(s.preferredMaintenanceWindow).hasMatch(),
                     qPrintable(s.snapshotName + u": "_s + s.preferredMaintenanceWindow));
            if (s.snapshotStatus != u"available")
                continue;
            QVERIFY(!s.nodeSnapshots.isEmpty());
            for (const NodeSnapshot &node : s.nodeSnapshots)
                QVERIFY2(parseCacheSize(node.cacheSize) > 0, qPrintable(s.snapshotName + u": "_s + node.cacheSize));
        }
        marker = page.value().marker;
    } while (!marker.isEmpty());
    QCOMPARE(snapshots, 2000);

    int clusters = 0;
    marker.clear();
    do {
        DescribeCacheClustersRequest request;
        request.maxRecords = 100;
        const auto page = state.describeCacheClusters(request, marker);
        QVERIFY(page.ok());
        for (const CacheCluster &c : page.value().items) {
            ++clusters;
            QVERIFY2(window.match(c.preferredMaintenanceWindow).hasMatch(),
                     qPrintable(c.cacheClusterId + u": "_s + c.preferredMaintenanceWindow));
        }
        marker = page.value().marker;
    } while (!marker.isEmpty());
    QVERIFY(clusters > 100);

    const QHash<QString, QStringList> majors {
        {u"redis"_s, {u"7"_s}}, {u"valkey"_s, {u"7"_s, u"8"_s}}, {u"memcached"_s, {u"1.6"_s}}};
    QHash<QString, QString> majorOfCache;
    marker.clear();
    do {
        DescribeServerlessCachesRequest request;
        request.maxResults = 50;
        const auto page = state.describeServerlessCaches(request, marker);
        QVERIFY(page.ok());
        for (const ServerlessCache &c : page.value().items) {
            QVERIFY2(majors.value(c.engine).contains(c.majorEngineVersion),
                     qPrintable(c.serverlessCacheName + u": "_s + c.engine + u' ' + c.majorEngineVersion));
            QVERIFY2(c.fullEngineVersion.startsWith(c.majorEngineVersion),
                     qPrintable(c.majorEngineVersion + u" / "_s + c.fullEngineVersion));
            majorOfCache.insert(c.serverlessCacheName, c.majorEngineVersion);
        }
        marker = page.value().marker;
    } while (!marker.isEmpty());
    QVERIFY(majorOfCache.value(u"demo-memcached-serverless"_s) == u"1.6");
    int serverlessSnapshots = 0;
    marker.clear();
    do {
        DescribeServerlessCacheSnapshotsRequest request;
        request.maxResults = 50;
        const auto page = state.describeServerlessCacheSnapshots(request, marker);
        QVERIFY(page.ok());
        for (const ServerlessCacheSnapshot &s : page.value().items) {
            ++serverlessSnapshots;
            QVERIFY(s.serverlessCacheConfiguration);
            QCOMPARE(s.serverlessCacheConfiguration->majorEngineVersion,
                     majorOfCache.value(s.serverlessCacheConfiguration->serverlessCacheName));
        }
        marker = page.value().marker;
    } while (!marker.isEmpty());
    QVERIFY(serverlessSnapshots > 100);
}

void TestSandbox::fixturesAreAvailableAtEverySeed()
{
    // Tests and the README name the fixtures; whatever the seed, none of them may be caught mid-operation.
    const QStringList fixtures {u"demo-before-upgrade"_s, u"demo-valkey-rg-manual"_s, u"demo-tiered-manual"_s};
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
                     qPrintable(u"seed %1: %2 is %3"_s.arg(seed).arg(name, snapshot->snapshotStatus)));
        }
        for (const QString &name : {u"demo-serverless-manual"_s, u"demo-memcached-serverless-manual"_s})
            QCOMPARE(state.serverlessSnapshot(name)->status, u"available"_s);
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
    const QString target = u"Copy <b>&amp; \"q\" 'a' \u00fc\u4e2d \U0001F600 xy"_s;
    Answer answer = call(u"CopySnapshot"_s,
                         params({{u"SourceSnapshotName", u"demo-before-upgrade"_s}, {u"TargetSnapshotName", target}}));
    QCOMPARE(answer.status, 200);
    const auto copy = ResponseParser::snapshotResult(answer.body, u"CopySnapshot"_s);
    QVERIFY(copy.ok());
    QCOMPARE(copy.value().snapshotName, target.toLower());
    answer = call(u"DescribeSnapshots"_s, params({{u"SnapshotName", u"no <such> & snap"_s}}));
    QCOMPARE(QueryProtocol::errorResponse(answer.body, answer.status).message,
             u"Snapshot no <such> & snap not found."_s);

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
             u"2026-03-02T04:05:06.789Z"_s);
}

QTEST_GUILESS_MAIN(TestSandbox)
#include "tst_sandbox.moc"
