// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "queryserializer.h"
#include "wirecaptures.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

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
        r.replicationGroupId = u"my-redis-rg"_qs;
        r.snapshotSource = u"system"_qs;
        r.showNodeGroupConfig = true;
        row(v2, "describe-filtered", "DescribeSnapshots", params(r));
    }
    {
        DescribeSnapshotsRequest r;
        r.showNodeGroupConfig = false; // set first: the body must still follow model order
        r.snapshotName = u"manual-single"_qs;
        r.cacheClusterId = u"my-redis-001"_qs;
        row(v2, "describe-cluster-name", "DescribeSnapshots", params(r));
    }
    {
        DescribeSnapshotsRequest r;
        r.snapshotName = u"snap ü/+*~=&é"_qs;
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
        r.snapshotName = u"missing-snap"_qs;
        row(v2, "describe-missing", "DescribeSnapshots", params(r));
        r.snapshotName = u"manual-single"_qs;
        row(v2, "session-token", "DescribeSnapshots", params(r));
    }
    {
        CreateSnapshotRequest r;
        r.replicationGroupId = u"my-redis-rg"_qs;
        r.snapshotName = u"manual-2024-03-02"_qs;
        r.kmsKeyId = u"alias/my-key"_qs;
        r.tags = {tag(u"team"_qs, u"ops"_qs), tag(u"cost center"_qs, u"a b&c"_qs), tag(u"empty"_qs, u""_qs)}; // present and empty, as `--tags Key=empty,Value=` gives
        row(v2, "create-rg-tags", "CreateSnapshot", params(r));
    }
    {
        CreateSnapshotRequest r;
        r.cacheClusterId = u"my-redis-001"_qs;
        r.snapshotName = u"snap1"_qs;
        row(v2, "create-cluster", "CreateSnapshot", params(r));
    }
    {
        CopySnapshotRequest r;
        r.sourceSnapshotName = u"manual-single"_qs;
        r.targetSnapshotName = u"export-1"_qs;
        r.targetBucket = u"my-export-bucket"_qs;
        row(v2, "copy-export-s3", "CopySnapshot", params(r));
    }
    {
        CopySnapshotRequest r;
        r.sourceSnapshotName = u"manual-single"_qs;
        r.targetSnapshotName = u"copy-1"_qs;
        r.kmsKeyId = u"arn:aws:kms:us-east-1:123456789012:key/abcd"_qs;
        r.tags = {tag(u"k1"_qs, u"v1"_qs)};
        row(v2, "copy-kms-tags", "CopySnapshot", params(r));
        r = CopySnapshotRequest {};
        r.sourceSnapshotName = u"manual-single"_qs;
        r.targetSnapshotName = u"exists-1"_qs;
        row(v2, "copy-exists", "CopySnapshot", params(r));
    }
    row(v2, "delete", "DeleteSnapshot", params(DeleteSnapshotRequest {u"manual-single"_qs}));
    row(v2, "delete-missing", "DeleteSnapshot", params(DeleteSnapshotRequest {u"missing-snap"_qs}));
    {
        DescribeCacheClustersRequest r;
        r.showCacheNodeInfo = true;
        r.cacheClusterId = u"my-redis-001"_qs;
        row(v2, "describe-cache-clusters", "DescribeCacheClusters", params(r));
    }
    {
        DescribeReplicationGroupsRequest r;
        r.replicationGroupId = u"my-redis-rg"_qs;
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
        r.snapshotType = u"manual"_qs;
        r.serverlessCacheName = u"my-serverless"_qs;
        row(v1, "sl-describe-filtered", "DescribeServerlessCacheSnapshots", params(r));
    }
    {
        CreateServerlessCacheSnapshotRequest r;
        r.serverlessCacheName = u"my-serverless"_qs;
        r.serverlessCacheSnapshotName = u"sl-manual-2"_qs;
        r.tags = {tag(u"team"_qs, u"ops"_qs)};
        row(v1, "sl-create", "CreateServerlessCacheSnapshot", params(r));
    }
    {
        CopyServerlessCacheSnapshotRequest r;
        r.sourceServerlessCacheSnapshotName = u"sl-manual-1"_qs;
        r.targetServerlessCacheSnapshotName = u"sl-copy-1"_qs;
        row(v1, "sl-copy", "CopyServerlessCacheSnapshot", params(r));
    }
    {
        ExportServerlessCacheSnapshotRequest r;
        r.s3BucketName = u"my-export-bucket"_qs;
        r.serverlessCacheSnapshotName = u"sl-manual-1"_qs;
        row(v1, "sl-export", "ExportServerlessCacheSnapshot", params(r));
    }
    row(v1, "sl-delete-missing", "DeleteServerlessCacheSnapshot",
        params(DeleteServerlessCacheSnapshotRequest {u"missing-sl"_qs}));
}

void TestQuerySerializer::matchesCapturedBodies()
{
    QFETCH(QString, client);
    QFETCH(QString, scenario);
    QFETCH(QString, action);
    QFETCH(QueryParams, params);
    const QByteArray expected = capturedBody(client, scenario);
    QVERIFY2(!expected.isEmpty(), qPrintable(u"no captured body for "_qs + scenario));
    QCOMPARE(QuerySerializer::formBody(action, params), expected);

    // Reading the captured body back gives the same typed members.
    QueryParams parsed = QuerySerializer::parseFormBody(expected);
    QVERIFY(parsed.size() >= 2);
    QCOMPARE(parsed.takeFirst(), qMakePair(u"Action"_qs, action));
    QCOMPARE(parsed.takeFirst(), qMakePair(u"Version"_qs, u"2015-02-02"_qs));
    QCOMPARE(parsed, params);
}

void TestQuerySerializer::encodeComponent_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("encoded");
    QTest::newRow("unreserved") << u"AZaz09_.-~"_qs << QByteArray("AZaz09_.-~");
    QTest::newRow("space is plus") << u"a b"_qs << QByteArray("a+b");
    QTest::newRow("plus") << u"a+b"_qs << QByteArray("a%2Bb");
    QTest::newRow("reserved") << u"/?#[]@!$&'()*,;="_qs
                              << QByteArray("%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2C%3B%3D");
    QTest::newRow("percent") << u"100%"_qs << QByteArray("100%25");
    QTest::newRow("controls") << u"\t\n"_qs << QByteArray("%09%0A");
    QTest::newRow("latin-1") << u"ü"_qs << QByteArray("%C3%BC");
    QTest::newRow("cjk") << u"快照"_qs << QByteArray("%E5%BF%AB%E7%85%A7");
    QTest::newRow("emoji") << u"📸"_qs << QByteArray("%F0%9F%93%B8");
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
    QTest::newRow("plain") << QueryParams {{u"SnapshotName"_qs, u"snap-1"_qs}};
    QTest::newRow("non-ascii") << QueryParams {{u"SnapshotName"_qs, u"Überweisung é ß ø"_qs}};
    QTest::newRow("reserved") << QueryParams {{u"A"_qs, u"&=+%/?#;:@ ,"_qs}, {u"B"_qs, u"%2B%zz%"_qs}};
    QTest::newRow("emoji") << QueryParams {{u"Tags.Tag.1.Key"_qs, u"📸 🚀"_qs},
                                           {u"Tags.Tag.1.Value"_qs, u"👍🏽"_qs}};
    QTest::newRow("empty value") << QueryParams {{u"Tags.Tag.1.Key"_qs, u"k"_qs}, {u"Tags.Tag.1.Value"_qs, QString()}};
    QTest::newRow("repeated names keep order") << QueryParams {{u"X"_qs, u"2"_qs}, {u"X"_qs, u"1"_qs}};
}

void TestQuerySerializer::roundTrip()
{
    QFETCH(QueryParams, params);
    const QByteArray body = QuerySerializer::formBody(u"DescribeSnapshots"_qs, params);
    for (const char c : body)
        QVERIFY2(c > ' ' && c < 0x7f, body.constData()); // nothing that needs further escaping on the wire
    QueryParams expected {{u"Action"_qs, u"DescribeSnapshots"_qs}, {u"Version"_qs, u"2015-02-02"_qs}};
    expected += params;
    QCOMPARE(QuerySerializer::parseFormBody(body), expected);
}

void TestQuerySerializer::parseFormBody_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QueryParams>("params");
    QTest::newRow("empty") << QByteArray() << QueryParams {};
    QTest::newRow("no equals") << QByteArray("Tags") << QueryParams {{u"Tags"_qs, QString()}};
    QTest::newRow("empty value") << QByteArray("Tags=") << QueryParams {{u"Tags"_qs, QString()}};
    QTest::newRow("equals in value") << QByteArray("a=b=c") << QueryParams {{u"a"_qs, u"b=c"_qs}};
    QTest::newRow("lower-case hex") << QByteArray("a=%c3%bc") << QueryParams {{u"a"_qs, u"ü"_qs}};
    QTest::newRow("stray percent") << QByteArray("a=%zz%4") << QueryParams {{u"a"_qs, u"%zz%4"_qs}};
    QTest::newRow("empty parts") << QByteArray("&a=1&&b=2&") << QueryParams {{u"a"_qs, u"1"_qs}, {u"b"_qs, u"2"_qs}};
    QTest::newRow("plus and %20") << QByteArray("a=x+y%20z") << QueryParams {{u"a"_qs, u"x y z"_qs}};
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
    clusters.cacheClusterId = u"c"_qs;
    QCOMPARE(formBody(u"DescribeCacheClusters"_qs, params(clusters)),
             QByteArray("Action=DescribeCacheClusters&Version=2015-02-02&CacheClusterId=c&MaxRecords=100"
                        "&ShowCacheNodeInfo=true&ShowCacheClustersNotInReplicationGroups=false"));
    DescribeServerlessCachesRequest caches;
    caches.maxResults = 50;
    caches.serverlessCacheName = u"s"_qs;
    QCOMPARE(params(caches), (QueryParams {{u"ServerlessCacheName"_qs, u"s"_qs}, {u"MaxResults"_qs, u"50"_qs}}));
    DescribeServerlessCacheSnapshotsRequest slSnaps;
    slSnaps.maxResults = 50;
    slSnaps.snapshotType = u"system"_qs;
    slSnaps.serverlessCacheSnapshotName = u"n"_qs;
    slSnaps.serverlessCacheName = u"s"_qs;
    QCOMPARE(formBody(u"DescribeServerlessCacheSnapshots"_qs, params(slSnaps)),
             QByteArray("Action=DescribeServerlessCacheSnapshots&Version=2015-02-02&ServerlessCacheName=s"
                        "&ServerlessCacheSnapshotName=n&SnapshotType=system&MaxResults=50"));
    CopyServerlessCacheSnapshotRequest slCopy;
    slCopy.tags = {tag(u"a"_qs, u"1"_qs), tag(u"b"_qs, u"2"_qs)};
    slCopy.kmsKeyId = u"k"_qs;
    slCopy.targetServerlessCacheSnapshotName = u"t"_qs;
    slCopy.sourceServerlessCacheSnapshotName = u"s"_qs;
    QCOMPARE(formBody(u"CopyServerlessCacheSnapshot"_qs, params(slCopy)),
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
    QTest::newRow("Marker page 2") << u"awscli-v2"_qs << u"describe-page-size-20"_qs << 1 << u"DescribeSnapshots"_qs
                                   << (p + QueryParams {{u"Marker"_qs, u"page-2-token"_qs}});
    QTest::newRow("Marker page 3") << u"awscli-v2"_qs << u"describe-page-size-20"_qs << 2 << u"DescribeSnapshots"_qs
                                   << (p + QueryParams {{u"Marker"_qs, u"page-3-token"_qs}});
    DescribeServerlessCacheSnapshotsRequest serverless;
    serverless.maxResults = 20;
    p = QuerySerializer::params(serverless);
    QTest::newRow("NextToken page 2") << u"awscli-v1"_qs << u"sl-describe-page-size"_qs << 1
                                      << u"DescribeServerlessCacheSnapshots"_qs
                                      << (p + QueryParams {{u"NextToken"_qs, u"sl-page-2"_qs}});
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
