// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "responseparser.h"
#include "service/queryprotocol.h"
#include "stsclient.h"
#include "testsupport.h"
#include "wirecaptures.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <atomic>
#include <limits>
#include <malloc.h>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;

using namespace ResponseParser;

namespace {

QString firstMatch(const QByteArray &xml, const QString &pattern)
{
    return QRegularExpression(pattern).match(QString::fromUtf8(xml)).captured(1);
}

// The AWS CLI's own rendering of an error: "An error occurred (CODE) when calling the OP operation...: MESSAGE".
struct CliError
{
    QString code;
    QString message;
};

std::optional<CliError> cliError(const QStringList &stderrLines)
{
    static const QRegularExpression re(
        uR"(^An error occurred \(([^)]+)\) when calling the \w+ operation(?: \(reached max retries: \d+\))?: (.*)$)"_s);
    std::optional<CliError> last;
    for (const QString &line : stderrLines) {
        const QRegularExpressionMatch m = re.match(line);
        if (m.hasMatch())
            last = CliError {m.captured(1), m.captured(2)};
    }
    return last;
}

// Every complete success document of the captures, plus our own all-members documents.
void addSuccessDocumentRows()
{
    QTest::addColumn<QByteArray>("xml");
    int rows = 0;
    for (const WireCapture &capture : wireCaptures()) {
        for (qsizetype i = 0; i < capture.answers.size(); ++i) {
            const WireCapture::Answer &answer = capture.answers.at(i);
            if (answer.clipped || answer.httpStatus / 100 != 2)
                continue;
            const ApiResult<RenderedAnswer> rendered = renderAnswer(answer.xml);
            if (!rendered && rendered.error().kind == ApiError::Kind::Config)
                continue; // ListTagsForResource, AddTagsToResource: not ours
            QTest::addRow("%s #%d", qPrintable(capture.name()), int(i + 1)) << answer.xml;
            ++rows;
        }
    }
    for (const char *file :
         {"describe-snapshots-all-members.xml", "describe-cache-clusters-all-members.xml",
          "describe-replication-groups-all-members.xml", "describe-serverless-caches-all-members.xml"})
        QTest::addRow("%s", file) << testData(QString::fromLatin1(file));
    QVERIFY2(rows >= 12, "the wire captures should hold at least 12 complete success documents");
}

// Writes doc again with an unknown element (with nested unknown structure) before every element below the
// document element and at the end of every element that has children.
QByteArray withUnknownElements(const QByteArray &doc)
{
    QByteArray out;
    QXmlStreamReader reader(doc);
    QXmlStreamWriter writer(&out);
    QList<bool> hadChildren;
    auto writeUnknown = [&writer] {
        writer.writeStartElement(u"FutureMember"_s);
        writer.writeAttribute(u"kind"_s, u"x"_s);
        writer.writeStartElement(u"Nested"_s);
        writer.writeTextElement(u"Snapshot"_s, u"not a snapshot"_s);
        writer.writeTextElement(u"Port"_s, u"not a number"_s);
        writer.writeEmptyElement(u"Empty"_s);
        writer.writeEndElement();
        writer.writeCharacters(u"tail & text"_s);
        writer.writeEndElement();
    };
    while (!reader.atEnd()) {
        const QXmlStreamReader::TokenType token = reader.readNext();
        if (token == QXmlStreamReader::StartElement) {
            if (!hadChildren.isEmpty()) {
                hadChildren.last() = true;
                writeUnknown();
            }
            hadChildren.append(false);
        } else if (token == QXmlStreamReader::EndElement) {
            if (hadChildren.takeLast())
                writeUnknown();
        }
        writer.writeCurrentToken(reader);
    }
    if (reader.hasError())
        qFatal("test document does not parse: %s", qPrintable(reader.errorString()));
    return out;
}

ApiResult<RenderedAnswer> renderAs(const QByteArray &xml, const QByteArray &full)
{
    return renderAnswer(xml, rootElementName(full));
}

} // namespace

class TestResponseParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void captureAnswers_data();
    void captureAnswers();
    void captureErrors_data();
    void captureErrors();
    void everyPrefix_data();
    void everyPrefix();
    void unknownElements_data();
    void unknownElements();
    void cutAfterThreeOfFive();
    void allSnapshotMembers();
    void otherShapes();
    void wrongDocument_data();
    void wrongDocument();
    void badValues_data();
    void badValues();
    void malformed_data();
    void malformed();
    void timestamps_data();
    void timestamps();
    void timestampFromFarDateTime();
    void nonAwsErrorBodies_data();
    void nonAwsErrorBodies();
    void errorResponseForms();
    void unparseableAnswerHidesSecrets_data();
    void unparseableAnswerHidesSecrets();
    void stringsArePooled();
    void peekPageToken_data();
    void peekPageToken();
    void parsesOnSeveralThreads();
    void footprint();
};

void TestResponseParser::captureAnswers_data()
{
    addSuccessDocumentRows();
}

void TestResponseParser::captureAnswers()
{
    QFETCH(QByteArray, xml);
    const ApiResult<RenderedAnswer> rendered = renderAnswer(xml);
    QVERIFY2(rendered.ok(), qPrintable(rendered.ok() ? QString() : rendered.error().toString()));
    const QString itemTag = u'<' + rendered.value().itemElement + u'>';
    QCOMPARE(rendered.value().items, xml.count(itemTag.toUtf8()));
    QVERIFY(rendered.value().items > 0);
    if (!rendered.value().isPage)
        return;
    QCOMPARE(rendered.value().requestId, firstMatch(xml, u"<RequestId>([^<]*)</RequestId>"_s));
    QCOMPARE(rendered.value().nextToken, firstMatch(xml, u"<(?:Marker|NextToken)>([^<]*)<"_s));
}

void TestResponseParser::captureErrors_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    int rows = 0;
    for (const WireCapture &capture : wireCaptures()) {
        const std::optional<CliError> printed = cliError(capture.stderrLines);
        for (const WireCapture::Answer &answer : capture.answers) {
            if (answer.httpStatus / 100 == 2 || !printed)
                continue;
            QTest::addRow("%s", qPrintable(capture.name()))
                << answer.xml << answer.httpStatus << printed->code << printed->message;
            ++rows;
        }
    }
    QVERIFY2(rows >= 8, "the wire captures should hold at least 8 error answers with the CLI's message");
}

void TestResponseParser::captureErrors()
{
    QFETCH(QByteArray, xml);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, message);

    const ApiError error = QueryProtocol::errorResponse(xml, status);
    QCOMPARE(error.kind, ApiError::Kind::Service);
    QCOMPARE(error.code, code);
    QCOMPARE(error.message, message);
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.requestId, firstMatch(xml, u"<RequestId>([^<]*)</RequestId>"_s));
    QVERIFY(!error.requestId.isEmpty());
    QCOMPARE(error.type, firstMatch(xml, u"<Type>([^<]*)</Type>"_s));
    QVERIFY(error.toString().contains(code));

    // The same document where a result was expected is still the service's error, not a parse error.
    const ApiResult<Page<Snapshot>> asPage = describeSnapshots(xml);
    QVERIFY(!asPage.ok());
    QCOMPARE(asPage.error().kind, ApiError::Kind::Service);
    QCOMPARE(asPage.error().code, code);
}

void TestResponseParser::everyPrefix_data()
{
    addSuccessDocumentRows();
}

void TestResponseParser::everyPrefix()
{
    QFETCH(QByteArray, xml);
    const ApiResult<RenderedAnswer> full = renderAnswer(xml);
    QVERIFY(full.ok());
    const qsizetype rootEnd = xml.lastIndexOf('>') + 1;
    int complete = 0;
    for (qsizetype length = 0; length < xml.size(); ++length) {
        const QByteArray prefix = xml.left(length);
        const ApiResult<RenderedAnswer> part = renderAs(prefix, xml);
        if (part.ok()) {
            // Only the document itself, less trailing whitespace, may parse, and then completely.
            QVERIFY2(length >= rootEnd, qPrintable(u"prefix of "_s + QString::number(length) + u" bytes parsed"_s));
            QCOMPARE(part.value().json, full.value().json);
            ++complete;
            continue;
        }
        if (part.error().kind != ApiError::Kind::Parse)
            QFAIL(qPrintable(u"prefix of "_s + QString::number(length) + u" bytes: "_s + part.error().toString()));
        if (!part.error().message.contains(u"line "))
            QFAIL(qPrintable(u"error does not say where: "_s + part.error().message));
    }
    QCOMPARE(complete, int(xml.size() - rootEnd));
}

void TestResponseParser::unknownElements_data()
{
    addSuccessDocumentRows();
}

void TestResponseParser::unknownElements()
{
    QFETCH(QByteArray, xml);
    const QByteArray extended = withUnknownElements(xml);
    QVERIFY(extended.count("<FutureMember") > 10);
    const ApiResult<RenderedAnswer> plain = renderAnswer(xml);
    const ApiResult<RenderedAnswer> withUnknown = renderAnswer(extended);
    QVERIFY(plain.ok());
    QVERIFY2(withUnknown.ok(), qPrintable(withUnknown.ok() ? QString() : withUnknown.error().toString()));
    QCOMPARE(withUnknown.value().json, plain.value().json);
    QCOMPARE(withUnknown.value().requestId, plain.value().requestId);
}

void TestResponseParser::cutAfterThreeOfFive()
{
    // Five snapshots made from a captured one; the answer cut right after the third.
    const QByteArray one = testData(u"describe-snapshots-all-members.xml"_s);
    const qsizetype begin = one.indexOf("<Snapshot>");
    const qsizetype end = one.indexOf("</Snapshot>") + qsizetype(qstrlen("</Snapshot>"));
    const QByteArray item = one.mid(begin, end - begin);
    QByteArray items;
    for (int i = 1; i <= 5; ++i)
        items
            += QByteArray(item).replace("all-members", QByteArray(QByteArray("snap-") + QByteArray::number(i))) + '\n';
    QByteArray five = one;
    five.replace(begin, one.indexOf("</Snapshots>") - begin, items);

    const ApiResult<Page<Snapshot>> whole = describeSnapshots(five);
    QVERIFY(whole.ok());
    QCOMPARE(whole.value().items.size(), 5);

    qsizetype cut = 0;
    for (int i = 0; i < 3; ++i)
        cut = five.indexOf("</Snapshot>", cut) + qsizetype(qstrlen("</Snapshot>"));
    const ApiResult<Page<Snapshot>> truncated = describeSnapshots(five.left(cut));
    QVERIFY(!truncated.ok());
    QCOMPARE(truncated.error().kind, ApiError::Kind::Parse);
    QVERIFY2(truncated.error().message.contains(u"line "), qPrintable(truncated.error().message));
}

void TestResponseParser::allSnapshotMembers()
{
    const ApiResult<Page<Snapshot>> page = describeSnapshots(testData(u"describe-snapshots-all-members.xml"_s));
    QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().toString()));
    QCOMPARE(page.value().items.size(), 2);
    QCOMPARE(page.value().nextToken, u"page-7 token/+="_s);
    QCOMPARE(page.value().requestId, u"00000000-1111-2222-3333-444444444444"_s);

    const Snapshot &s = page.value().items.at(0);
    for (const QString *text : {&s.snapshotName,
                                &s.replicationGroupId,
                                &s.replicationGroupDescription,
                                &s.cacheClusterId,
                                &s.snapshotStatus,
                                &s.snapshotSource,
                                &s.cacheNodeType,
                                &s.engine,
                                &s.engineVersion,
                                &s.preferredAvailabilityZone,
                                &s.preferredOutpostArn,
                                &s.preferredMaintenanceWindow,
                                &s.topicArn,
                                &s.cacheParameterGroupName,
                                &s.cacheSubnetGroupName,
                                &s.vpcId,
                                &s.snapshotWindow,
                                &s.automaticFailover,
                                &s.kmsKeyId,
                                &s.arn,
                                &s.dataTiering})
        QVERIFY(!text->isEmpty());
    QCOMPARE(s.snapshotName, u"all-members \"quoted\" \\ back"_s);
    QCOMPARE(s.replicationGroupDescription, u"line one\nline\ttwo & <more> ünïcødé \u2028 ✓"_s);
    QCOMPARE(s.numCacheNodes, std::optional<int>(3));
    QCOMPARE(s.port, std::optional<int>(6380));
    QCOMPARE(s.autoMinorVersionUpgrade, std::optional<bool>(true));
    QCOMPARE(s.snapshotRetentionLimit, std::optional<int>(35));
    QCOMPARE(s.numNodeGroups, std::optional<int>(2));
    QCOMPARE(s.cacheClusterCreateTime, QDateTime(QDate(2022, 12, 31), QTime(23, 59, 59, 999), Qt::UTC));
    QCOMPARE(s.nodeSnapshots.size(), 2);

    const NodeSnapshot &n = s.nodeSnapshots.at(0);
    QCOMPARE(n.cacheClusterId, u"rg-all-0001-001"_s);
    QCOMPARE(n.nodeGroupId, u"0001"_s);
    QCOMPARE(n.cacheNodeId, u"0001"_s);
    QCOMPARE(n.cacheSize, u"1.5 GB"_s);
    QCOMPARE(n.cacheNodeCreateTime.toMSecsSinceEpoch() % 1000, 1);
    QVERIFY(n.nodeGroupConfiguration.has_value());
    const NodeGroupConfiguration &c = *n.nodeGroupConfiguration;
    QCOMPARE(c.nodeGroupId, u"0001"_s);
    QCOMPARE(c.slots, u"0-8191"_s);
    QCOMPARE(c.replicaCount, std::optional<int>(2));
    QCOMPARE(c.primaryAvailabilityZone, u"us-east-1a"_s);
    QCOMPARE(c.replicaAvailabilityZones, QStringList({u"us-east-1b"_s, u"us-east-1c"_s}));
    QVERIFY(c.primaryOutpostArn.endsWith(u"op-1"));
    QCOMPARE(c.replicaOutpostArns.size(), 2);
    QVERIFY(c.replicaOutpostArns.at(1).endsWith(u"op-3"));

    // Offsets other than zero are kept (awscli prints them back), and so is the instant.
    const QDateTime withOffset = s.nodeSnapshots.at(1).snapshotCreateTime.toDateTime();
    QCOMPARE(withOffset.offsetFromUtc(), 7200);
    QCOMPARE(withOffset, QDateTime(QDate(2024, 3, 2), QTime(4, 5, 6, 500), Qt::UTC));
    QCOMPARE(s.nodeSnapshots.at(1).nodeGroupConfiguration->replicaCount, std::optional<int>(0));
    QVERIFY(s.nodeSnapshots.at(1).nodeGroupConfiguration->replicaAvailabilityZones.isEmpty());
    QCOMPARE(s.totalSizeBytes(), qint64(1536) * 1024 * 1024);

    // Absent members stay absent; an empty element is an empty, present value.
    const Snapshot &sparse = page.value().items.at(1);
    QVERIFY(sparse.kmsKeyId.isEmpty());
    QVERIFY(!sparse.kmsKeyId.isNull());
    QVERIFY(sparse.arn.isNull());
    QVERIFY(!sparse.port.has_value());
    QCOMPARE(sparse.autoMinorVersionUpgrade, std::optional<bool>(false));
    QCOMPARE(sparse.snapshotRetentionLimit, std::optional<int>(0));
    QVERIFY(!sparse.cacheClusterCreateTime.isValid());
    QVERIFY(sparse.nodeSnapshots.isEmpty());
}

void TestResponseParser::otherShapes()
{
    const ApiResult<Page<CacheCluster>> clusters
        = describeCacheClusters(testData(u"describe-cache-clusters-all-members.xml"_s));
    QVERIFY(clusters.ok());
    QCOMPARE(clusters.value().items.size(), 2);
    QCOMPARE(clusters.value().nextToken, u"cc-next"_s);
    const CacheCluster &c = clusters.value().items.at(0);
    QCOMPARE(c.replicationGroupId, u"rg-all"_s);
    QCOMPARE(c.autoMinorVersionUpgrade, std::optional<bool>(false));
    QCOMPARE(c.atRestEncryptionEnabled, std::optional<bool>(true));
    QCOMPARE(c.snapshotRetentionLimit, std::optional<int>(5));
    QCOMPARE(c.cacheClusterCreateTime.toDateTime().time().msec(), 678);

    const ApiResult<Page<ReplicationGroup>> groups
        = describeReplicationGroups(testData(u"describe-replication-groups-all-members.xml"_s));
    QVERIFY(groups.ok());
    QCOMPARE(groups.value().items.size(), 1);
    const ReplicationGroup &g = groups.value().items.at(0);
    QCOMPARE(g.memberClusters, QStringList({u"rg-all-0001-001"_s, u"rg-all-0002-001"_s}));
    QCOMPARE(g.nodeGroups.size(), 2);
    QCOMPARE(g.nodeGroups.at(1).status, u"modifying"_s);
    QCOMPARE(g.nodeGroups.at(1).slots, u"8192-16383"_s);
    QCOMPARE(g.clusterEnabled, std::optional<bool>(true));
    QCOMPARE(g.engine, u"redis"_s);

    const ApiResult<Page<ServerlessCache>> caches
        = describeServerlessCaches(testData(u"describe-serverless-caches-all-members.xml"_s));
    QVERIFY(caches.ok());
    QCOMPARE(caches.value().items.size(), 2);
    QCOMPARE(caches.value().nextToken, u"sc-next"_s);
    QCOMPARE(caches.value().items.at(0).dailySnapshotTime, u"04:00"_s);
    QCOMPARE(caches.value().items.at(0).snapshotRetentionLimit, std::optional<int>(3));
    QCOMPARE(caches.value().items.at(1).serverlessCacheName, u"second"_s);
}

void TestResponseParser::wrongDocument_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<QString>("parseAs");
    QTest::addColumn<QString>("mentions");

    const QByteArray describe = testData(u"describe-snapshots-all-members.xml"_s);
    QByteArray create;
    for (const WireCapture &capture : wireCaptures()) {
        if (capture.scenario == u"create-cluster" && !capture.answers.isEmpty())
            create = capture.answers.first().xml;
    }
    QVERIFY(!create.isEmpty());

    QTest::newRow("describe answer for CreateSnapshot")
        << describe << u"CreateSnapshotResponse"_s << u"<CreateSnapshotResponse>"_s;
    QTest::newRow("create answer for DescribeSnapshots")
        << create << u"DescribeSnapshotsResponse"_s << u"<DescribeSnapshotsResponse>"_s;
    QTest::newRow("create answer for CopySnapshot")
        << create << u"CopySnapshotResponse"_s << u"<CopySnapshotResponse>"_s;
    QTest::newRow("snapshot answer for serverless")
        << create << u"CreateServerlessCacheSnapshotResponse"_s << u"<CreateServerlessCacheSnapshotResponse>"_s;
    QTest::newRow("wrong result element")
        << QByteArray(describe).replace("DescribeSnapshotsResult>", "CreateSnapshotResult>")
        << u"DescribeSnapshotsResponse"_s << u"<DescribeSnapshotsResult>"_s;
    QTest::newRow("no result element") << QByteArray(
        "<DescribeSnapshotsResponse><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
        "</DescribeSnapshotsResponse>") << u"DescribeSnapshotsResponse"_s
                                       << u"<DescribeSnapshotsResult>"_s;
    QTest::newRow("two result elements") << QByteArray(
        "<DescribeSnapshotsResponse><DescribeSnapshotsResult/><DescribeSnapshotsResult/>"
        "</DescribeSnapshotsResponse>") << u"DescribeSnapshotsResponse"_s
                                         << u"second"_s;
    QTest::newRow("create result without snapshot")
        << QByteArray("<CreateSnapshotResponse><CreateSnapshotResult><Other/></CreateSnapshotResult>"
                      "</CreateSnapshotResponse>")
        << u"CreateSnapshotResponse"_s << u"<Snapshot>"_s;
}

void TestResponseParser::wrongDocument()
{
    QFETCH(QByteArray, xml);
    QFETCH(QString, parseAs);
    QFETCH(QString, mentions);
    const ApiResult<RenderedAnswer> result = renderAnswer(xml, parseAs);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ApiError::Kind::Parse);
    QVERIFY2(result.error().message.contains(mentions), qPrintable(result.error().message));
    QVERIFY2(result.error().message.contains(u"line "), qPrintable(result.error().message));
}

void TestResponseParser::badValues_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("port not a number") << QByteArray("<Port>6380</Port>") << QByteArray("<Port>63x80</Port>")
                                       << u"Port"_s;
    QTest::newRow("port empty") << QByteArray("<Port>6380</Port>") << QByteArray("<Port/>") << u"Port"_s;
    QTest::newRow("int overflow") << QByteArray("<NumCacheNodes>3<") << QByteArray("<NumCacheNodes>99999999999<")
                                  << u"NumCacheNodes"_s;
    QTest::newRow("fractional int") << QByteArray("<ReplicaCount>2<") << QByteArray("<ReplicaCount>2.5<")
                                    << u"ReplicaCount"_s;
    QTest::newRow("boolean yes") << QByteArray("<AutoMinorVersionUpgrade>true<")
                                 << QByteArray("<AutoMinorVersionUpgrade>yes<") << u"AutoMinorVersionUpgrade"_s;
    QTest::newRow("timestamp words") << QByteArray("<CacheClusterCreateTime>2022-12-31T23:59:59.999Z<")
                                     << QByteArray("<CacheClusterCreateTime>yesterday<") << u"CacheClusterCreateTime"_s;
    QTest::newRow("timestamp month 13") << QByteArray("<CacheNodeCreateTime>2022-12-31T23:59:59.001Z<")
                                        << QByteArray("<CacheNodeCreateTime>2022-13-31T23:59:59.001Z<")
                                        << u"CacheNodeCreateTime"_s;
    QTest::newRow("structure where text belongs")
        << QByteArray("<Engine>valkey</Engine>") << QByteArray("<Engine><Name>valkey</Name></Engine>") << u"line "_s;
}

void TestResponseParser::badValues()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QString, mentions);
    QByteArray xml = testData(u"describe-snapshots-all-members.xml"_s);
    QVERIFY(xml.contains(from));
    xml.replace(xml.indexOf(from), from.size(), to);
    const ApiResult<Page<Snapshot>> result = describeSnapshots(xml);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ApiError::Kind::Parse);
    QVERIFY2(result.error().message.contains(mentions), qPrintable(result.error().message));
    QVERIFY2(QRegularExpression(u"line \\d+, column \\d+"_s).match(result.error().message).hasMatch(),
             qPrintable(result.error().message));
}

void TestResponseParser::malformed_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("whitespace") << QByteArray(" \n ");
    QTest::newRow("garbage") << QByteArray("\x01\x02\xff\xfe garbage");
    QTest::newRow("json") << QByteArray(R"({"Snapshots": []})");
    QTest::newRow("unclosed root") << QByteArray("<DescribeSnapshotsResponse><DescribeSnapshotsResult>");
    QTest::newRow("mismatched tags") << QByteArray(
        "<DescribeSnapshotsResponse><DescribeSnapshotsResult><Snapshots><Snapshot></Snapshots>"
        "</Snapshot></DescribeSnapshotsResult></DescribeSnapshotsResponse>");
    QTest::newRow("trailing garbage") << QByteArray(
        "<DescribeSnapshotsResponse><DescribeSnapshotsResult/></DescribeSnapshotsResponse>junk");
    QTest::newRow("second root") << QByteArray(
        "<DescribeSnapshotsResponse><DescribeSnapshotsResult/></DescribeSnapshotsResponse>"
        "<DescribeSnapshotsResponse/>");
    QTest::newRow("bad entity") << QByteArray(
        "<DescribeSnapshotsResponse><DescribeSnapshotsResult><Marker>&nope;</Marker></DescribeSnapshotsResult>"
        "</DescribeSnapshotsResponse>");
    QByteArray laughs = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\">";
    char previous = 'a';
    for (char name = 'b'; name <= 'j'; ++name) {
        laughs += "<!ENTITY " + QByteArray(1, name) + " \"";
        for (int i = 0; i < 10; ++i)
            laughs += '&' + QByteArray(1, previous) + ';';
        laughs += "\">";
        previous = name;
    }
    laughs += "]><DescribeSnapshotsResponse><DescribeSnapshotsResult><Marker>&j;</Marker></DescribeSnapshotsResult>"
              "</DescribeSnapshotsResponse>";
    QTest::newRow("entity expansion bomb") << laughs;
}

void TestResponseParser::malformed()
{
    QFETCH(QByteArray, xml);
    const ApiResult<Page<Snapshot>> result = describeSnapshots(xml);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ApiError::Kind::Parse);
    QVERIFY2(result.error().message.contains(u"line "), qPrintable(result.error().message));
    QVERIFY(result.error().message.size() < 400);
}

void TestResponseParser::timestamps_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("instant"); // invalid: must not parse
    QTest::addColumn<int>("offset");
    const QDateTime base(QDate(2024, 3, 1), QTime(10, 0), Qt::UTC);
    QTest::newRow("Z with ms") << u"2024-03-01T10:00:00.123Z"_s << base.addMSecs(123) << 0;
    QTest::newRow("Z") << u"2024-03-01T10:00:00Z"_s << base << 0;
    QTest::newRow("+00:00") << u"2024-03-01T10:00:00+00:00"_s << base << 0;
    QTest::newRow("-00:00") << u"2024-03-01T10:00:00-00:00"_s << base << 0;
    QTest::newRow("+02:00") << u"2024-03-01T12:00:00+02:00"_s << base << 7200;
    QTest::newRow("-0530") << u"2024-03-01T04:30:00.5-0530"_s << base.addMSecs(500) << -19800;
    QTest::newRow("microseconds truncate") << u"2024-03-01T10:00:00.123999Z"_s << base.addMSecs(123) << 0;
    QTest::newRow("one digit fraction") << u"2024-03-01T10:00:00.1Z"_s << base.addMSecs(100) << 0;
    QTest::newRow("no zone is UTC") << u"2024-03-01T10:00:00"_s << base << 0;
    QTest::newRow("surrounding space") << u"\n  2024-03-01T10:00:00Z \n"_s << base << 0;
    QTest::newRow("epoch seconds") << QString::number(base.toSecsSinceEpoch()) << base << 0;
    QTest::newRow("epoch with fraction") << QString::number(base.toSecsSinceEpoch()) + u".25"_s << base.addMSecs(250)
                                         << 0;
    QTest::newRow("leap day") << u"2024-02-29T00:00:00Z"_s << QDateTime(QDate(2024, 2, 29), QTime(0, 0), Qt::UTC) << 0;
    QTest::newRow("not a leap day") << u"2023-02-29T00:00:00Z"_s << QDateTime() << 0;
    QTest::newRow("month 13") << u"2024-13-01T10:00:00Z"_s << QDateTime() << 0;
    QTest::newRow("hour 24") << u"2024-03-01T24:00:00Z"_s << QDateTime() << 0;
    QTest::newRow("date only") << u"2024-03-01"_s << QDateTime() << 0;
    QTest::newRow("empty") << QString() << QDateTime() << 0;
    QTest::newRow("words") << u"yesterday"_s << QDateTime() << 0;
    QTest::newRow("empty fraction") << u"2024-03-01T10:00:00.Z"_s << QDateTime() << 0;
    QTest::newRow("junk after zone") << u"2024-03-01T10:00:00Zjunk"_s << QDateTime() << 0;
    QTest::newRow("bad offset") << u"2024-03-01T10:00:00+2"_s << QDateTime() << 0;
    // Out of range: parse errors, never a signed overflow (these run under UBSan in the dev-asan preset).
    QTest::newRow("17-digit epoch") << u"12345678901234567"_s << QDateTime() << 0;
    QTest::newRow("20-digit epoch") << u"99999999999999999999"_s << QDateTime() << 0;
    QTest::newRow("epoch past 9999") << u"253402300800"_s << QDateTime() << 0;
    QTest::newRow("last epoch second of 9999")
        << u"253402300799"_s << QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59), Qt::UTC) << 0;
}

// A QDateTime reaches far beyond what a Timestamp holds: outside 0001–9999 it gives an invalid one, as parsing
// does, instead of overflowing microseconds.
void TestResponseParser::timestampFromFarDateTime()
{
    QVERIFY(!Timestamp(QDateTime(QDate(300000, 1, 1), QTime(0, 0), Qt::UTC)).isValid());
    QVERIFY(!Timestamp(QDateTime(QDate(-300000, 1, 1), QTime(0, 0), Qt::UTC)).isValid());
    QVERIFY(!Timestamp(QDateTime(QDate(10000, 1, 1), QTime(0, 0), Qt::UTC)).isValid());
    const QDateTime last(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC);
    QCOMPARE(Timestamp(last).toDateTime(), last);
    QVERIFY(!Timestamp::fromMicroseconds(0, std::numeric_limits<int>::min()).isValid());
    QVERIFY(!Timestamp::fromMicroseconds(0, 24 * 3600).isValid());
    QCOMPARE(Timestamp::fromMicroseconds(0, -23 * 3600).toPythonIso(), u"1969-12-31T01:00:00-23:00"_s);
}

void TestResponseParser::timestamps()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, instant);
    QFETCH(int, offset);
    const std::optional<QDateTime> parsed = parseTimestamp(text);
    QCOMPARE(parsed.has_value(), instant.isValid());
    if (!parsed)
        return;
    QCOMPARE(parsed->toMSecsSinceEpoch(), instant.toMSecsSinceEpoch());
    QCOMPARE(parsed->offsetFromUtc(), offset);
}

// Answers that are not the Query protocol's error document, read as botocore's QueryParser reads them (checked
// against the AWS CLI v1, botocore 1.43): a 5xx whose body is empty or starts with "<html>" is a generic HTTP
// error named by its status; a body that is not XML is a ResponseParserError ("Unable to parse response");
// other XML is an error with code "Unknown".
void TestResponseParser::nonAwsErrorBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("shows");
    const int http = int(ApiError::Kind::Http);
    const int parse = int(ApiError::Kind::Parse);
    const QString unparseable = Protocol::unparseableCode();
    QTest::newRow("nginx 502") << QByteArray("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                                             "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0"
                                             "</center>\r\n</body>\r\n</html>\r\n")
                               << 502 << http << u"502"_s << u"Bad Gateway"_s;
    QTest::newRow("empty 503") << QByteArray() << 503 << http << u"503"_s << u"Service Unavailable"_s;
    QTest::newRow("plain text 429") << QByteArray("Too Many Requests\n") << 429 << parse << unparseable
                                    << u"Too Many Requests\\n"_s;
    QTest::newRow("binary 500") << QByteArray("\x00\x01\x02\x1b[31mboom\x7f\xff\xfe", 13) << 500 << parse << unparseable
                                << u"boom"_s;
    QTest::newRow("json 400") << QByteArray(R"({"message":"nope"})") << 400 << parse << unparseable << u"nope"_s;
    QTest::newRow("python http.server 500") << QByteArray(
        "<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n"
        "        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n"
        "        <p>Error code: 500</p>\n    </body>\n</html>\n")
                                            << 500 << parse << unparseable << u"<title>Error response</title>"_s;
    QTest::newRow("long text 502") << QByteArray(5000, 'x') << 502 << parse << unparseable << u"xxxxxxxxxx…"_s;
    QTest::newRow("well-formed html 504")
        << "<!DOCTYPE html><html><body><p>" + QByteArray(5000, 'x') + "</p></body></html>" << 504 << http
        << u"Unknown"_s << u"Unknown"_s;
    QTest::newRow("error document without code")
        << QByteArray("<ErrorResponse><Error><Message>m</Message></Error></ErrorResponse>") << 400 << http
        << u"Unknown"_s << u"m"_s;
    QTest::newRow("truncated error document")
        << QByteArray("<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error>") << 400
        << parse << unparseable << u"<Code>Throttling</Code>"_s;
    QTest::newRow("other xml document") << QByteArray("<Response><Errors/></Response>") << 403 << http << u"Unknown"_s
                                        << u"Unknown"_s;
}

void TestResponseParser::nonAwsErrorBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(int, kind);
    QFETCH(QString, code);
    QFETCH(QString, shows);
    const ApiError error = QueryProtocol::errorResponse(body, status);
    QCOMPARE(int(error.kind), kind);
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.code, code);
    const QString &message = error.message;
    QVERIFY2(message.contains(shows), qPrintable(message));
    if (error.kind == ApiError::Kind::Parse) {
        // botocore's wording, with the reader's reason, line and column, and the body on the next line.
        static const QRegularExpression botocore(
            u"^Unable to parse response \\([^\n]+: line \\d+, column \\d+\\), invalid XML received\\. Further "
            "retries may succeed:\n[^\n]*$"_s);
        QVERIFY2(botocore.match(message).hasMatch(), qPrintable(message));
        QVERIFY(!error.isTransient()); // botocore does not retry an answer it cannot parse
    } else {
        QCOMPARE(error.isTransient(), status >= 500);
    }
    QVERIFY2(message.size() < 1200, qPrintable(message)); // a long body is cut
    for (const QChar c : message.sliced(message.indexOf(u'\n') + 1))
        QVERIFY2(c.unicode() >= 0x20 && (c.unicode() < 0x7f || c.unicode() >= 0xa0), qPrintable(message));
}

void TestResponseParser::errorResponseForms()
{
    // RequestId inside ResponseMetadata (as some Query services write it), and unknown members anywhere.
    const QByteArray xml = "<ErrorResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\"><Future/>"
                           "<Error><Type>Receiver</Type><Code>InternalFailure</Code><Detail><X/></Detail>"
                           "<Message>Oops &amp; more</Message></Error><ResponseMetadata><RequestId>rid-9</RequestId>"
                           "</ResponseMetadata></ErrorResponse>";
    const ApiError error = QueryProtocol::errorResponse(xml, 500);
    QCOMPARE(error.kind, ApiError::Kind::Service);
    QCOMPARE(error.code, u"InternalFailure"_s);
    QCOMPARE(error.message, u"Oops & more"_s);
    QCOMPARE(error.type, u"Receiver"_s);
    QCOMPARE(error.requestId, u"rid-9"_s);
    QVERIFY(error.isTransient());

    // Every proper prefix of a real error answer is unparseable (the empty one is a bare 500), never a
    // service error with a wrong code and never a short read.
    for (qsizetype length = 0; length < xml.size(); ++length) {
        const ApiError part = QueryProtocol::errorResponse(xml.left(length), 500);
        if (length == 0) {
            QCOMPARE(part.kind, ApiError::Kind::Http);
            QCOMPARE(part.code, u"500"_s);
            QCOMPARE(part.message, u"Internal Server Error"_s);
            continue;
        }
        QCOMPARE(part.kind, ApiError::Kind::Parse);
        QCOMPARE(part.code, Protocol::unparseableCode());
        QVERIFY2(part.message.startsWith(u"Unable to parse response ("_s), qPrintable(part.message));
    }
}

// The body shown with an unparseable answer goes through the protocol's redaction, also when the answer breaks
// off inside a secret.
void TestResponseParser::unparseableAnswerHidesSecrets_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("secret");
    const QByteArray whole = "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId>"
                             "<SecretAccessKey>wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY</SecretAccessKey>"
                             "<SessionToken>FwoGZXIvYXdzEXAMPLETOKEN</SessionToken>";
    QTest::newRow("cut after the secret") << whole << QByteArray("wJalrXUtnFEMI");
    QTest::newRow("cut inside the secret") << whole.left(whole.indexOf("MDENG")) << QByteArray("wJalrXUtnFEMI");
    QTest::newRow("cut inside its closing tag")
        << whole.left(whole.indexOf("</SecretAccessKey>") + 6) << QByteArray("wJalrXUtnFEMI");
    QTest::newRow("cut inside the token") << whole.left(whole.size() - 20) << QByteArray("FwoGZXIv");
}

void TestResponseParser::unparseableAnswerHidesSecrets()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, secret);
    HttpAnswer answer;
    answer.status = 200;
    answer.body = body;
    const ApiResult<AssumeRoleResult> read = StsXml::assumeRoleResponse(body);
    QVERIFY(!read.ok());
    const ApiError error = QueryProtocol(u"2011-06-15"_s).unreadableAnswer(answer, read.error(), QString());
    QCOMPARE(error.code, Protocol::unparseableCode());
    QVERIFY2(error.message.startsWith(u"Unable to parse response ("_s), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"invalid XML received"_s), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"ASIAEXAMPLE"_s), qPrintable(error.message)); // the body is shown...
    QVERIFY2(!error.message.contains(QString::fromLatin1(secret)), qPrintable(error.message)); // ...but not this
}

void TestResponseParser::stringsArePooled()
{
    const ApiResult<Page<Snapshot>> page = describeSnapshots(testData(u"describe-snapshots-all-members.xml"_s));
    QVERIFY(page.ok());
    const Snapshot &s = page.value().items.at(0);
    // "0001" appears as node group id and node id in both node snapshots: one shared string.
    QCOMPARE(s.nodeSnapshots.at(0).cacheNodeId.constData(), s.nodeSnapshots.at(1).cacheNodeId.constData());
    QCOMPARE(s.nodeSnapshots.at(0).nodeGroupId.constData(),
             s.nodeSnapshots.at(0).nodeGroupConfiguration->nodeGroupId.constData());
    QCOMPARE(s.cacheClusterId.constData(), s.nodeSnapshots.at(0).cacheClusterId.constData());

    // Two answers parse into separate pools; within one answer repeated values share storage.
    QByteArray twice = testData(u"describe-snapshots-all-members.xml"_s);
    const qsizetype begin = twice.indexOf("<Snapshot>");
    const qsizetype end = twice.indexOf("</Snapshot>") + qsizetype(qstrlen("</Snapshot>"));
    twice.insert(end, twice.mid(begin, end - begin).replace("all-members", "other"));
    const ApiResult<Page<Snapshot>> two = describeSnapshots(twice);
    QVERIFY(two.ok());
    QCOMPARE(two.value().items.size(), 3);
    const Snapshot &a = two.value().items.at(0);
    const Snapshot &b = two.value().items.at(1);
    QVERIFY(a.snapshotName != b.snapshotName);
    for (auto member : {&Snapshot::engine, &Snapshot::engineVersion, &Snapshot::cacheNodeType, &Snapshot::vpcId,
                        &Snapshot::snapshotStatus, &Snapshot::kmsKeyId, &Snapshot::snapshotWindow,
                        &Snapshot::cacheParameterGroupName, &Snapshot::preferredMaintenanceWindow})
        QCOMPARE((a.*member).constData(), (b.*member).constData());

    // Shared, not aliased: changing one item's value detaches it and leaves the others (and the text) alone.
    Snapshot changed = a;
    const QString engine = b.engine;
    changed.engine.append(u"-changed");
    QCOMPARE(b.engine, engine);
    QCOMPARE(a.engine, engine);
    QVERIFY(changed.engine.constData() != b.engine.constData());
    // Each answer has its own pool: the values outlive it, and nothing is shared between two answers.
    const ApiResult<Page<Snapshot>> again = describeSnapshots(twice);
    QVERIFY(again.ok());
    QCOMPARE(again.value().items, two.value().items);
    QVERIFY(again.value().items.at(0).engine.constData() != a.engine.constData());
}

void TestResponseParser::peekPageToken_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QString>("tokenName");
    QTest::addColumn<QString>("expected");

    const QByteArray head
        = "<?xml version=\"1.0\"?>\n<DescribeSnapshotsResponse "
          "xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\">\n  <DescribeSnapshotsResult>\n";
    const QByteArray list = "<Snapshots><Snapshot><SnapshotName>a</SnapshotName></Snapshot></Snapshots>";
    const QByteArray tail = "</DescribeSnapshotsResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
                            "</DescribeSnapshotsResponse>";
    const auto row = [](const char *name, const QByteArray &xml, const QString &operation, const QString &token,
                        const QString &expected) {
        QTest::newRow(name) << xml << operation << token << expected;
    };
    row("marker first", head + "    <Marker>m-2</Marker>\n" + list + tail, u"DescribeSnapshots"_s, u"Marker"_s,
        u"m-2"_s);
    row("escaped marker", head + "<Marker>a&amp;b+/=</Marker>" + list + tail, u"DescribeSnapshots"_s, u"Marker"_s,
        u"a&b+/="_s);
    // Only the start has to be there: the full read decides whether the page is whole.
    row("rest truncated", head + "<Marker>m-2</Marker><Snapshots><Snap", u"DescribeSnapshots"_s, u"Marker"_s, u"m-2"_s);
    row("last page", head + list + tail, u"DescribeSnapshots"_s, u"Marker"_s, QString());
    // Only the start is read: a long page's token is found, and a token that would not be whole in the start is not
    // peeked (the page is then read before the next one is asked for).
    QByteArray rows;
    while (rows.size() < 500 * 1024)
        rows += "<Snapshot><SnapshotName>a</SnapshotName></Snapshot>";
    row("long page", head + "<Marker>m-2</Marker><Snapshots>" + rows + "</Snapshots>" + tail, u"DescribeSnapshots"_s,
        u"Marker"_s, u"m-2"_s);
    // The reader reads no further than the token, however long the token is.
    row("long token", head + "<Marker>" + QByteArray(20 * 1024, 'm') + "</Marker>" + list + tail,
        u"DescribeSnapshots"_s, u"Marker"_s, QString(20 * 1024, u'm'));
    row("token after a long element",
        head + "<Other>" + QByteArray(20 * 1024, 'o') + "</Other><Marker>m-2</Marker>" + list + tail,
        u"DescribeSnapshots"_s, u"Marker"_s, QString());
    row("marker after the list", head + list + "<Marker>m-2</Marker>" + tail, u"DescribeSnapshots"_s, u"Marker"_s,
        QString());
    row("empty marker", head + "<Marker></Marker>" + list + tail, u"DescribeSnapshots"_s, u"Marker"_s, QString());
    row("marker with markup", head + "<Marker>m<b/>2</Marker>" + list + tail, u"DescribeSnapshots"_s, u"Marker"_s,
        QString());
    row("cut inside the marker", head + "<Marker>m-", u"DescribeSnapshots"_s, u"Marker"_s, QString());
    row("other operation", head + "<Marker>m-2</Marker>" + list + tail, u"DescribeCacheClusters"_s, u"Marker"_s,
        QString());
    row("error document",
        "<ErrorResponse><Error><Code>Throttling</Code><Message>x</Message></Error><RequestId>r</RequestId>"
        "</ErrorResponse>",
        u"DescribeSnapshots"_s, u"Marker"_s, QString());
    row("not XML", "<html><body>502 Bad Gateway</body></html>", u"DescribeSnapshots"_s, u"Marker"_s, QString());
    row("empty", QByteArray(), u"DescribeSnapshots"_s, u"Marker"_s, QString());
    row("serverless NextToken",
        "<DescribeServerlessCacheSnapshotsResponse><DescribeServerlessCacheSnapshotsResult><NextToken>t-9"
        "</NextToken><ServerlessCacheSnapshots/></DescribeServerlessCacheSnapshotsResult>"
        "</DescribeServerlessCacheSnapshotsResponse>",
        u"DescribeServerlessCacheSnapshots"_s, u"NextToken"_s, u"t-9"_s);
}

void TestResponseParser::peekPageToken()
{
    QFETCH(QByteArray, xml);
    QFETCH(QString, operation);
    QFETCH(QString, tokenName);
    QFETCH(QString, expected);
    QCOMPARE(ResponseParser::peekPageToken(xml, operation, tokenName), expected);
}

// Parsing holds no state beyond one call, so answers parse on several threads at once, and the results
// (whose pooled strings are shared within an answer) can be copied and dropped on other threads.
void TestResponseParser::parsesOnSeveralThreads()
{
    const QByteArray xml = testData(u"describe-snapshots-all-members.xml"_s);
    const ApiResult<Page<Snapshot>> expected = describeSnapshots(xml);
    QVERIFY(expected.ok());
    constexpr int kThreads = 4;
    constexpr int kRounds = 200;
    std::atomic<int> mismatches = 0;
    QList<Snapshot> handedOver[kThreads];
    {
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int round = 0; round < kRounds; ++round) {
                    const ApiResult<Page<Snapshot>> page = describeSnapshots(xml);
                    if (!page.ok() || page.value().items != expected.value().items)
                        ++mismatches;
                    handedOver[t] = page.value().items;
                }
            });
        }
        for (std::thread &thread : threads)
            thread.join();
    }
    QCOMPARE(mismatches.load(), 0);
    for (const QList<Snapshot> &items : handedOver)
        QCOMPARE(items, expected.value().items);
}

// Not timed (speed belongs in benchmarks): the heap bytes a parsed list holds are deterministic, and are held to
// the desktop app's budget of 2 KB per snapshot (100,000 snapshots). These snapshots are richer than most: two
// node snapshots, each with its node group configuration. Without the string pool they take ~4.7 KB.
void TestResponseParser::footprint()
{
    const QByteArray one = testData(u"describe-snapshots-all-members.xml"_s);
    const qsizetype begin = one.indexOf("<Snapshot>");
    const qsizetype end = one.indexOf("</Snapshot>") + qsizetype(qstrlen("</Snapshot>"));
    const QByteArray item = one.mid(begin, end - begin);
    constexpr int kPages = 200;
    constexpr int kPerPage = 50;
    QList<QByteArray> pages;
    for (int p = 0; p < kPages; ++p) {
        QByteArray items;
        for (int i = 0; i < kPerPage; ++i)
            items += QByteArray(item).replace("all-members", QByteArray::number(p * kPerPage + i));
        QByteArray page = one;
        page.replace(begin, one.indexOf("</Snapshots>") - begin, items);
        pages << page;
    }
    QList<Snapshot> all;
    all.reserve(kPages * kPerPage);
    const auto heapBefore = mallinfo2().uordblks;
    for (const QByteArray &page : std::as_const(pages)) {
        ApiResult<Page<Snapshot>> result = describeSnapshots(page);
        QVERIFY(result.ok());
        all << std::move(result.value().items);
    }
    const auto heapAfter = mallinfo2().uordblks;
    QCOMPARE(all.size(), kPages * kPerPage);
    if (heapAfter <= heapBefore)
        QSKIP("heap statistics unavailable (sanitizer build?)");
    const double perSnapshot = double(heapAfter - heapBefore) / double(all.size());
    qInfo("parsed %lld snapshots (%lld KB of XML); %.0f heap bytes per snapshot", static_cast<long long>(all.size()),
          static_cast<long long>(pages.first().size() * kPages / 1024), perSnapshot);
    QVERIFY2(perSnapshot < 2048, qPrintable(QString::number(perSnapshot)));
}

QTEST_GUILESS_MAIN(TestResponseParser)
#include "tst_responseparser.moc"
