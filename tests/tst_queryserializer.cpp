// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "queryserializer.h"
#include "wirecaptures.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// The body of the n-th (from 0) request of "### <client>: `<scenario>`" in wire-captures.md.
QByteArray capturedBody(const QString &client, const QString &scenario, int n = 0)
{
    const std::optional<RecordedRequest> request = capturedRequest(client, scenario, n);
    return request ? request->body : QByteArray();
}

Tag tag(const QString &key, const QString &value)
{
    return Tag {key, value};
}

} // namespace

class TestQuerySerializer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesCapturedBodies_data();
    void matchesCapturedBodies();
    void encodeComponent_data();
    void encodeComponent();
    void roundTrip_data();
    void roundTrip();
    void parseFormBody_data();
    void parseFormBody();
    void unsetMembersAreOmitted();
    void pageTokenAppended_data();
    void pageTokenAppended();
};

// Each row rebuilds one AWS CLI scenario from typed values; the expected bytes are the body the CLI sent,
// read from wire-captures.md at test time.
void TestQuerySerializer::matchesCapturedBodies_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QueryParams>("params");
    const QString v2 = QStringLiteral("awscli-v2");
    const QString v1 = QStringLiteral("awscli-v1");
    using namespace QuerySerializer;
    const auto row = [](const QString &client, const char *scenario, const char *action, const QueryParams &p) {
        QTest::addRow("%s %s", qPrintable(client), scenario)
            << client << QString::fromLatin1(scenario) << QString::fromLatin1(action) << p;
    };

    row(v2, "describe-all", "DescribeSnapshots", params(DescribeSnapshotsRequest {}));
    {
        DescribeSnapshotsRequest r;
        r.replicationGroupId = u"my-redis-rg"_s;
        r.snapshotSource = u"system"_s;
        r.showNodeGroupConfig = true;
        row(v2, "describe-filtered", "DescribeSnapshots", params(r));
    }
    {
        DescribeSnapshotsRequest r;
        r.showNodeGroupConfig = false; // set first: the body must still follow model order
        r.snapshotName = u"manual-single"_s;
        r.cacheClusterId = u"my-redis-001"_s;
        row(v2, "describe-cluster-name", "DescribeSnapshots", params(r));
    }
    {
        DescribeSnapshotsRequest r;
        r.snapshotName = u"snap ü/+*~=&é"_s;
        row(v2, "describe-unicode-name", "DescribeSnapshots", params(r));
    }
    {
        DescribeSnapshotsRequest r;
        r.maxRecords = 20;
        row(v2, "describe-max-records-20", "DescribeSnapshots", params(r));
        row(v2, "describe-page-size-20", "DescribeSnapshots", params(r));
    }
    {
        DescribeSnapshotsRequest r;
        r.snapshotName = u"missing-snap"_s;
        row(v2, "describe-missing", "DescribeSnapshots", params(r));
        r.snapshotName = u"manual-single"_s;
        row(v2, "session-token", "DescribeSnapshots", params(r));
    }
    {
        CreateSnapshotRequest r;
        r.replicationGroupId = u"my-redis-rg"_s;
        r.snapshotName = u"manual-2024-03-02"_s;
        r.kmsKeyId = u"alias/my-key"_s;
        r.tags = {tag(u"team"_s, u"ops"_s), tag(u"cost center"_s, u"a b&c"_s), tag(u"empty"_s, u""_s)}; // present and empty, as `--tags Key=empty,Value=` gives
        row(v2, "create-rg-tags", "CreateSnapshot", params(r));
    }
    {
        CreateSnapshotRequest r;
        r.cacheClusterId = u"my-redis-001"_s;
        r.snapshotName = u"snap1"_s;
        row(v2, "create-cluster", "CreateSnapshot", params(r));
    }
    {
        CopySnapshotRequest r;
        r.sourceSnapshotName = u"manual-single"_s;
        r.targetSnapshotName = u"export-1"_s;
        r.targetBucket = u"my-export-bucket"_s;
        row(v2, "copy-export-s3", "CopySnapshot", params(r));
    }
    {
        CopySnapshotRequest r;
        r.sourceSnapshotName = u"manual-single"_s;
        r.targetSnapshotName = u"copy-1"_s;
        r.kmsKeyId = u"arn:aws:kms:us-east-1:123456789012:key/abcd"_s;
        r.tags = {tag(u"k1"_s, u"v1"_s)};
        row(v2, "copy-kms-tags", "CopySnapshot", params(r));
        r = CopySnapshotRequest {};
        r.sourceSnapshotName = u"manual-single"_s;
        r.targetSnapshotName = u"exists-1"_s;
        row(v2, "copy-exists", "CopySnapshot", params(r));
    }
    row(v2, "delete", "DeleteSnapshot", params(DeleteSnapshotRequest {u"manual-single"_s}));
    row(v2, "delete-missing", "DeleteSnapshot", params(DeleteSnapshotRequest {u"missing-snap"_s}));
    {
        DescribeCacheClustersRequest r;
        r.showCacheNodeInfo = true;
        r.cacheClusterId = u"my-redis-001"_s;
        row(v2, "describe-cache-clusters", "DescribeCacheClusters", params(r));
    }
    {
        DescribeReplicationGroupsRequest r;
        r.replicationGroupId = u"my-redis-rg"_s;
        row(v2, "describe-replication-groups", "DescribeReplicationGroups", params(r));
    }
    row(v1, "sl-describe-all", "DescribeServerlessCacheSnapshots", params(DescribeServerlessCacheSnapshotsRequest {}));
    {
        DescribeServerlessCacheSnapshotsRequest r;
        r.maxResults = 20;
        row(v1, "sl-describe-page-size", "DescribeServerlessCacheSnapshots", params(r));
    }
    {
        DescribeServerlessCacheSnapshotsRequest r;
        r.snapshotType = u"manual"_s;
        r.serverlessCacheName = u"my-serverless"_s;
        row(v1, "sl-describe-filtered", "DescribeServerlessCacheSnapshots", params(r));
    }
    {
        CreateServerlessCacheSnapshotRequest r;
        r.serverlessCacheName = u"my-serverless"_s;
        r.serverlessCacheSnapshotName = u"sl-manual-2"_s;
        r.tags = {tag(u"team"_s, u"ops"_s)};
        row(v1, "sl-create", "CreateServerlessCacheSnapshot", params(r));
    }
    {
        CopyServerlessCacheSnapshotRequest r;
        r.sourceServerlessCacheSnapshotName = u"sl-manual-1"_s;
        r.targetServerlessCacheSnapshotName = u"sl-copy-1"_s;
        row(v1, "sl-copy", "CopyServerlessCacheSnapshot", params(r));
    }
    {
        ExportServerlessCacheSnapshotRequest r;
        r.s3BucketName = u"my-export-bucket"_s;
        r.serverlessCacheSnapshotName = u"sl-manual-1"_s;
        row(v1, "sl-export", "ExportServerlessCacheSnapshot", params(r));
    }
    row(v1, "sl-delete-missing", "DeleteServerlessCacheSnapshot",
        params(DeleteServerlessCacheSnapshotRequest {u"missing-sl"_s}));
}

void TestQuerySerializer::matchesCapturedBodies()
{
    QFETCH(QString, client);
    QFETCH(QString, scenario);
    QFETCH(QString, action);
    QFETCH(QueryParams, params);
    const QByteArray expected = capturedBody(client, scenario);
    QVERIFY2(!expected.isEmpty(), qPrintable(u"no captured body for "_s + scenario));
    QCOMPARE(QuerySerializer::formBody(action, params), expected);

    // Reading the captured body back gives the same typed members.
    QueryParams parsed = QuerySerializer::parseFormBody(expected);
    QVERIFY(parsed.size() >= 2);
    QCOMPARE(parsed.takeFirst(), qMakePair(u"Action"_s, action));
    QCOMPARE(parsed.takeFirst(), qMakePair(u"Version"_s, u"2015-02-02"_s));
    QCOMPARE(parsed, params);
}

void TestQuerySerializer::encodeComponent_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("encoded");
    QTest::newRow("unreserved") << u"AZaz09_.-~"_s << QByteArray("AZaz09_.-~");
    QTest::newRow("space is plus") << u"a b"_s << QByteArray("a+b");
    QTest::newRow("plus") << u"a+b"_s << QByteArray("a%2Bb");
    QTest::newRow("reserved") << u"/?#[]@!$&'()*,;="_s
                              << QByteArray("%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2C%3B%3D");
    QTest::newRow("percent") << u"100%"_s << QByteArray("100%25");
    QTest::newRow("controls") << u"\t\n"_s << QByteArray("%09%0A");
    QTest::newRow("latin-1") << u"ü"_s << QByteArray("%C3%BC");
    QTest::newRow("cjk") << u"快照"_s << QByteArray("%E5%BF%AB%E7%85%A7");
    QTest::newRow("emoji") << u"📸"_s << QByteArray("%F0%9F%93%B8");
    QTest::newRow("empty") << QString() << QByteArray();
}

void TestQuerySerializer::encodeComponent()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, encoded);
    QCOMPARE(QuerySerializer::encodeComponent(text), encoded);
}

void TestQuerySerializer::roundTrip_data()
{
    QTest::addColumn<QueryParams>("params");
    QTest::newRow("none") << QueryParams {};
    QTest::newRow("plain") << QueryParams {{u"SnapshotName"_s, u"snap-1"_s}};
    QTest::newRow("non-ascii") << QueryParams {{u"SnapshotName"_s, u"Überweisung é ß ø"_s}};
    QTest::newRow("reserved") << QueryParams {{u"A"_s, u"&=+%/?#;:@ ,"_s}, {u"B"_s, u"%2B%zz%"_s}};
    QTest::newRow("emoji") << QueryParams {{u"Tags.Tag.1.Key"_s, u"📸 🚀"_s},
                                           {u"Tags.Tag.1.Value"_s, u"👍🏽"_s}};
    QTest::newRow("empty value") << QueryParams {{u"Tags.Tag.1.Key"_s, u"k"_s}, {u"Tags.Tag.1.Value"_s, QString()}};
    QTest::newRow("repeated names keep order") << QueryParams {{u"X"_s, u"2"_s}, {u"X"_s, u"1"_s}};
}

void TestQuerySerializer::roundTrip()
{
    QFETCH(QueryParams, params);
    const QByteArray body = QuerySerializer::formBody(u"DescribeSnapshots"_s, params);
    for (const char c : body)
        QVERIFY2(c > ' ' && c < 0x7f, body.constData()); // nothing that needs further escaping on the wire
    QueryParams expected {{u"Action"_s, u"DescribeSnapshots"_s}, {u"Version"_s, u"2015-02-02"_s}};
    expected += params;
    QCOMPARE(QuerySerializer::parseFormBody(body), expected);
}

void TestQuerySerializer::parseFormBody_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QueryParams>("params");
    QTest::newRow("empty") << QByteArray() << QueryParams {};
    QTest::newRow("no equals") << QByteArray("Tags") << QueryParams {{u"Tags"_s, QString()}};
    QTest::newRow("empty value") << QByteArray("Tags=") << QueryParams {{u"Tags"_s, QString()}};
    QTest::newRow("equals in value") << QByteArray("a=b=c") << QueryParams {{u"a"_s, u"b=c"_s}};
    QTest::newRow("lower-case hex") << QByteArray("a=%c3%bc") << QueryParams {{u"a"_s, u"ü"_s}};
    QTest::newRow("stray percent") << QByteArray("a=%zz%4") << QueryParams {{u"a"_s, u"%zz%4"_s}};
    QTest::newRow("empty parts") << QByteArray("&a=1&&b=2&") << QueryParams {{u"a"_s, u"1"_s}, {u"b"_s, u"2"_s}};
    QTest::newRow("plus and %20") << QByteArray("a=x+y%20z") << QueryParams {{u"a"_s, u"x y z"_s}};
}

void TestQuerySerializer::parseFormBody()
{
    QFETCH(QByteArray, body);
    QFETCH(QueryParams, params);
    QCOMPARE(QuerySerializer::parseFormBody(body), params);
}

void TestQuerySerializer::unsetMembersAreOmitted()
{
    using namespace QuerySerializer;
    QVERIFY(params(DescribeSnapshotsRequest {}).isEmpty());
    QVERIFY(params(CreateSnapshotRequest {}).isEmpty());
    QVERIFY(params(CopySnapshotRequest {}).isEmpty());
    QVERIFY(params(DescribeCacheClustersRequest {}).isEmpty());
    QVERIFY(params(DescribeReplicationGroupsRequest {}).isEmpty());
    QVERIFY(params(DescribeServerlessCachesRequest {}).isEmpty());
    QVERIFY(params(DescribeServerlessCacheSnapshotsRequest {}).isEmpty());
    QVERIFY(params(CreateServerlessCacheSnapshotRequest {}).isEmpty());
    QVERIFY(params(CopyServerlessCacheSnapshotRequest {}).isEmpty());
    QVERIFY(params(ExportServerlessCacheSnapshotRequest {}).isEmpty());

    // Every member set, in model order (elasticache-api.md).
    DescribeCacheClustersRequest clusters;
    clusters.showCacheClustersNotInReplicationGroups = false;
    clusters.showCacheNodeInfo = true;
    clusters.maxRecords = 100;
    clusters.cacheClusterId = u"c"_s;
    QCOMPARE(formBody(u"DescribeCacheClusters"_s, params(clusters)),
             QByteArray("Action=DescribeCacheClusters&Version=2015-02-02&CacheClusterId=c&MaxRecords=100"
                        "&ShowCacheNodeInfo=true&ShowCacheClustersNotInReplicationGroups=false"));
    DescribeServerlessCachesRequest caches;
    caches.maxResults = 50;
    caches.serverlessCacheName = u"s"_s;
    QCOMPARE(params(caches), (QueryParams {{u"ServerlessCacheName"_s, u"s"_s}, {u"MaxResults"_s, u"50"_s}}));
    DescribeServerlessCacheSnapshotsRequest slSnaps;
    slSnaps.maxResults = 50;
    slSnaps.snapshotType = u"system"_s;
    slSnaps.serverlessCacheSnapshotName = u"n"_s;
    slSnaps.serverlessCacheName = u"s"_s;
    QCOMPARE(formBody(u"DescribeServerlessCacheSnapshots"_s, params(slSnaps)),
             QByteArray("Action=DescribeServerlessCacheSnapshots&Version=2015-02-02&ServerlessCacheName=s"
                        "&ServerlessCacheSnapshotName=n&SnapshotType=system&MaxResults=50"));
    CopyServerlessCacheSnapshotRequest slCopy;
    slCopy.tags = {tag(u"a"_s, u"1"_s), tag(u"b"_s, u"2"_s)};
    slCopy.kmsKeyId = u"k"_s;
    slCopy.targetServerlessCacheSnapshotName = u"t"_s;
    slCopy.sourceServerlessCacheSnapshotName = u"s"_s;
    QCOMPARE(formBody(u"CopyServerlessCacheSnapshot"_s, params(slCopy)),
             QByteArray("Action=CopyServerlessCacheSnapshot&Version=2015-02-02&SourceServerlessCacheSnapshotName=s"
                        "&TargetServerlessCacheSnapshotName=t&KmsKeyId=k&Tags.Tag.1.Key=a&Tags.Tag.1.Value=1"
                        "&Tags.Tag.2.Key=b&Tags.Tag.2.Value=2"));
}

// params() never carries Marker/NextToken: the paging job appends the token after the members, which is
// exactly what the AWS CLI's own paginator sends for pages 2 and 3.
void TestQuerySerializer::pageTokenAppended_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("request");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QueryParams>("params");
    DescribeSnapshotsRequest snapshots;
    snapshots.maxRecords = 20;
    QueryParams p = QuerySerializer::params(snapshots);
    QTest::newRow("Marker page 2") << u"awscli-v2"_s << u"describe-page-size-20"_s << 1 << u"DescribeSnapshots"_s
                                   << (p + QueryParams {{u"Marker"_s, u"page-2-token"_s}});
    QTest::newRow("Marker page 3") << u"awscli-v2"_s << u"describe-page-size-20"_s << 2 << u"DescribeSnapshots"_s
                                   << (p + QueryParams {{u"Marker"_s, u"page-3-token"_s}});
    DescribeServerlessCacheSnapshotsRequest serverless;
    serverless.maxResults = 20;
    p = QuerySerializer::params(serverless);
    QTest::newRow("NextToken page 2") << u"awscli-v1"_s << u"sl-describe-page-size"_s << 1
                                      << u"DescribeServerlessCacheSnapshots"_s
                                      << (p + QueryParams {{u"NextToken"_s, u"sl-page-2"_s}});
}

void TestQuerySerializer::pageTokenAppended()
{
    QFETCH(QString, client);
    QFETCH(QString, scenario);
    QFETCH(int, request);
    QFETCH(QString, action);
    QFETCH(QueryParams, params);
    const QByteArray expected = capturedBody(client, scenario, request);
    QVERIFY(!expected.isEmpty());
    QCOMPARE(QuerySerializer::formBody(action, params), expected);
}

QTEST_GUILESS_MAIN(TestQuerySerializer)
#include "tst_queryserializer.moc"
