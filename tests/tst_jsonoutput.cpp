// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsonoutput.h"
#include "responseparser.h"
#include "testsupport.h"
#include "wirecaptures.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// awscli v1 prints timestamps as the server sent them, v2 as Python's isoformat(): the same instant either way.
bool sameScalar(const QJsonValue &ours, const QJsonValue &theirs, bool timestampsAsInstants)
{
    if (ours == theirs)
        return true;
    if (!timestampsAsInstants || !ours.isString() || !theirs.isString())
        return false;
    const std::optional<qint64> a = instantOf(ours.toString());
    const std::optional<qint64> b = instantOf(theirs.toString());
    return a && b && *a == *b;
}

// ours must equal theirs, or (subset) hold a subset of its members in the same relative order.
bool sameJson(const QJsonValue &ours, const QJsonValue &theirs, bool timestampsAsInstants, bool subset,
              const QString &path, QString *why)
{
    if (ours.isObject() && theirs.isObject()) {
        const QJsonObject a = ours.toObject();
        const QJsonObject b = theirs.toObject();
        if (!subset && a.keys() != b.keys()) {
            *why = path + u": members differ: "_s + a.keys().join(u',') + u" vs "_s + b.keys().join(u',');
            return false;
        }
        for (auto it = a.begin(); it != a.end(); ++it) {
            if (!b.contains(it.key())) {
                *why = path + u'.' + it.key() + u" is not in the CLI's output"_s;
                return false;
            }
            if (!sameJson(it.value(), b.value(it.key()), timestampsAsInstants, subset, path + u'.' + it.key(), why))
                return false;
        }
        return true;
    }
    if (ours.isArray() && theirs.isArray()) {
        const QJsonArray a = ours.toArray();
        const QJsonArray b = theirs.toArray();
        if (a.size() != b.size()) {
            *why = path + u": " + QString::number(a.size()) + u" items vs "_s + QString::number(b.size());
            return false;
        }
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!sameJson(a.at(i), b.at(i), timestampsAsInstants, subset, path + u'[' + QString::number(i) + u']', why))
                return false;
        }
        return true;
    }
    if (!sameScalar(ours, theirs, timestampsAsInstants)) {
        *why = path + u": "_s + QString::fromUtf8(QJsonDocument(QJsonArray {ours}).toJson(QJsonDocument::Compact))
            + u" vs "_s + QString::fromUtf8(QJsonDocument(QJsonArray {theirs}).toJson(QJsonDocument::Compact));
        return false;
    }
    return true;
}

// The keys of each object in text order (QJsonObject sorts them), for checking model order.
QStringList keyOrder(const QByteArray &json)
{
    QStringList keys;
    static const QRegularExpression key(u"^\\s*\"(\\w+)\": "_s, QRegularExpression::MultilineOption);
    auto it = key.globalMatch(QString::fromUtf8(json));
    while (it.hasNext())
        keys << it.next().captured(1);
    return keys;
}

bool isSubsequence(const QStringList &needle, const QStringList &haystack)
{
    qsizetype at = 0;
    for (const QString &k : needle) {
        at = haystack.indexOf(k, at);
        if (at < 0)
            return false;
        ++at;
    }
    return true;
}

// One printed line against the CLI's: equal, or (v1) the same member with a timestamp of the same instant.
bool sameLine(const QString &ours, const QString &theirs, bool timestampsAsInstants)
{
    if (ours == theirs)
        return true;
    static const QRegularExpression member(u"^(\\s*\"\\w+\": )\"([^\"]*)\"(,?)$"_s);
    const QRegularExpressionMatch a = member.match(ours);
    const QRegularExpressionMatch b = member.match(theirs);
    if (!timestampsAsInstants || !a.hasMatch() || !b.hasMatch() || a.captured(1) != b.captured(1)
        || a.captured(3) != b.captured(3))
        return false;
    const std::optional<qint64> x = instantOf(a.captured(2));
    const std::optional<qint64> y = instantOf(b.captured(2));
    return x && y && *x == *y;
}

QList<Snapshot> allParsedSnapshots()
{
    QList<Snapshot> all;
    QList<QByteArray> documents {testData(u"describe-snapshots-all-members.xml"_s)};
    for (const WireCapture &capture : wireCaptures()) {
        for (const WireCapture::Answer &answer : capture.answers) {
            if (!answer.clipped && answer.httpStatus == 200)
                documents << answer.xml;
        }
    }
    for (const QByteArray &xml : std::as_const(documents)) {
        const QString root = rootElementName(xml);
        if (root == u"DescribeSnapshotsResponse")
            all << ResponseParser::describeSnapshots(xml).value().items;
        else if (root.endsWith(u"SnapshotResponse") && !root.contains(u"Serverless"))
            all << ResponseParser::snapshotResult(xml, root.chopped(8)).value();
    }
    return all;
}

QList<ServerlessCacheSnapshot> allParsedServerlessSnapshots()
{
    QList<ServerlessCacheSnapshot> all;
    for (const WireCapture &capture : wireCaptures()) {
        for (const WireCapture::Answer &answer : capture.answers) {
            if (answer.clipped || answer.httpStatus != 200)
                continue;
            const QString root = rootElementName(answer.xml);
            if (root == u"DescribeServerlessCacheSnapshotsResponse")
                all << ResponseParser::describeServerlessCacheSnapshots(answer.xml).value().items;
            else if (root.endsWith(u"ServerlessCacheSnapshotResponse"))
                all << ResponseParser::serverlessSnapshotResult(answer.xml, root.chopped(8)).value();
        }
    }
    return all;
}

} // namespace

class TestJsonOutput final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cliCaptures_data();
    void cliCaptures();
    void cliReferenceFiles_data();
    void cliReferenceFiles();
    void timestamps_data();
    void timestamps();
    void strings_data();
    void strings();
    void emptyAndTokens();
    void writtenPageByPage();
    void snapshotRoundTrip_data();
    void snapshotRoundTrip();
    void serverlessRoundTrip_data();
    void serverlessRoundTrip();
    void fromJsonErrors_data();
    void fromJsonErrors();
};

void TestJsonOutput::cliCaptures_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<bool>("v2");
    QTest::addColumn<QStringList>("head");
    QTest::addColumn<int>("clipped");
    QTest::addColumn<QStringList>("tail");
    int complete = 0;
    int rows = 0;
    for (const WireCapture &capture : wireCaptures()) {
        // One request answered with a document shown in full, and the CLI's output for exactly that answer.
        if (!capture.hasStdout || capture.statuses.size() != 1 || capture.answers.size() != 1
            || capture.answers.first().clipped || capture.answers.first().httpStatus != 200)
            continue;
        const ApiResult<RenderedAnswer> probe = renderAnswer(capture.answers.first().xml);
        if (!probe && probe.error().kind == ApiError::Kind::Config)
            continue; // tags operations: not ours
        QTest::addRow("%s", qPrintable(capture.name()))
            << capture.answers.first().xml << capture.isV2() << capture.stdoutLines << capture.stdoutClippedLines
            << capture.stdoutTailLines;
        ++rows;
        complete += capture.stdoutClippedLines < 0 ? 1 : 0;
    }
    QVERIFY2(rows >= 12, "expected at least 12 captures with a complete answer and the CLI's output");
    QVERIFY2(complete >= 5, "expected at least 5 captures whose output is shown in full");
}

void TestJsonOutput::cliCaptures()
{
    QFETCH(QByteArray, xml);
    QFETCH(bool, v2);
    QFETCH(QStringList, head);
    QFETCH(int, clipped);
    QFETCH(QStringList, tail);

    const ApiResult<RenderedAnswer> rendered = renderAnswer(xml);
    QVERIFY2(rendered.ok(), qPrintable(rendered.ok() ? QString() : rendered.error().toString()));
    const QByteArray ours = rendered.value().json;
    QVERIFY(ours.endsWith("}\n"));
    QStringList ourLines = QString::fromUtf8(ours).split(u'\n');
    ourLines.removeLast();

    if (clipped < 0) {
        const QByteArray theirs = head.join(u'\n').toUtf8();
        if (v2)
            QCOMPARE(ours, theirs + '\n'); // byte for byte
        QJsonParseError error;
        const QJsonDocument a = QJsonDocument::fromJson(ours, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonDocument b = QJsonDocument::fromJson(theirs, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QString why;
        QVERIFY2(sameJson(a.object(), b.object(), !v2, false, u"$"_s, &why), qPrintable(why));
        QCOMPARE(keyOrder(ours), keyOrder(theirs));
        if (!v2) {
            for (qsizetype i = 0; i < ourLines.size(); ++i)
                QVERIFY2(sameLine(ourLines.at(i), head.at(i), true), qPrintable(ourLines.at(i)));
        }
        return;
    }

    // The capture shows the first and last lines and how many were left out in between.
    QCOMPARE(ourLines.size(), head.size() + clipped + tail.size());
    for (qsizetype i = 0; i < head.size(); ++i)
        QVERIFY2(
            sameLine(ourLines.at(i), head.at(i), !v2),
            qPrintable(u"line "_s + QString::number(i + 1) + u": "_s + ourLines.at(i) + u" vs "_s + head.at(i)));
    const qsizetype offset = ourLines.size() - tail.size();
    for (qsizetype i = 0; i < tail.size(); ++i)
        QVERIFY2(sameLine(ourLines.at(offset + i), tail.at(i), !v2),
                 qPrintable(u"line "_s + QString::number(offset + i + 1) + u": "_s + ourLines.at(offset + i)
                            + u" vs "_s + tail.at(i)));
}

void TestJsonOutput::cliReferenceFiles_data()
{
    QTest::addColumn<QString>("xmlFile");
    QTest::addColumn<QString>("jsonFile");
    QTest::addColumn<bool>("subset"); // the CLI prints members CacheSnap does not model
    QTest::addColumn<bool>("v2");
    QTest::newRow("snapshots, all members") << u"describe-snapshots-all-members.xml"_s
                                            << u"describe-snapshots-all-members.aws-v2.json"_s << false << true;
    QTest::newRow("cache clusters") << u"describe-cache-clusters-all-members.xml"_s
                                    << u"describe-cache-clusters-all-members.aws-v2.json"_s << true << true;
    QTest::newRow("replication groups") << u"describe-replication-groups-all-members.xml"_s
                                        << u"describe-replication-groups-all-members.aws-v1.json"_s << true << false;
    QTest::newRow("serverless caches") << u"describe-serverless-caches-all-members.xml"_s
                                       << u"describe-serverless-caches-all-members.aws-v1.json"_s << true << false;
}

void TestJsonOutput::cliReferenceFiles()
{
    QFETCH(QString, xmlFile);
    QFETCH(QString, jsonFile);
    QFETCH(bool, subset);
    QFETCH(bool, v2);
    const ApiResult<RenderedAnswer> rendered = renderAnswer(testData(xmlFile));
    QVERIFY(rendered.ok());
    const QByteArray ours = rendered.value().json;
    const QByteArray theirs = testData(jsonFile);
    if (!subset && v2)
        QCOMPARE(ours, theirs);
    QString why;
    QVERIFY2(sameJson(QJsonDocument::fromJson(ours).object(), QJsonDocument::fromJson(theirs).object(), !v2, subset,
                      u"$"_s, &why),
             qPrintable(why));
    QVERIFY(isSubsequence(keyOrder(ours), keyOrder(theirs)));
}

void TestJsonOutput::timestamps_data()
{
    QTest::addColumn<QDateTime>("time");
    QTest::addColumn<QString>("printed");
    const QDateTime base(QDate(2024, 3, 1), QTime(10, 0), Qt::UTC);
    QTest::newRow("whole seconds") << base << u"2024-03-01T10:00:00+00:00"_s;
    QTest::newRow("milliseconds") << base.addMSecs(123) << u"2024-03-01T10:00:00.123000+00:00"_s;
    QTest::newRow("one millisecond") << base.addMSecs(1) << u"2024-03-01T10:00:00.001000+00:00"_s;
    QTest::newRow("offset kept") << QDateTime(QDate(2024, 3, 1), QTime(12, 0), Qt::OffsetFromUTC, 7200)
                                 << u"2024-03-01T12:00:00+02:00"_s;
    QTest::newRow("negative offset") << QDateTime(QDate(2024, 3, 1), QTime(4, 30, 0, 500), Qt::OffsetFromUTC, -19800)
                                     << u"2024-03-01T04:30:00.500000-05:30"_s;
    QTest::newRow("local time printed in UTC") << base.toLocalTime() << u"2024-03-01T10:00:00+00:00"_s;
    QTest::newRow("small year") << QDateTime(QDate(999, 1, 2), QTime(3, 4, 5), Qt::UTC)
                                << u"0999-01-02T03:04:05+00:00"_s;
}

void TestJsonOutput::timestamps()
{
    QFETCH(QDateTime, time);
    QFETCH(QString, printed);
    QCOMPARE(JsonOutput::cliTimestamp(time), printed);
    // What we print reads back as the same instant.
    QCOMPARE(ResponseParser::parseTimestamp(printed)->toMSecsSinceEpoch(), time.toMSecsSinceEpoch());
}

void TestJsonOutput::strings_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("printed"); // as Python's json.dumps(ensure_ascii=False) writes it
    QTest::newRow("plain") << u"snap-1"_s << QByteArray(R"("snap-1")");
    QTest::newRow("quote and backslash") << u"a\"b\\c"_s << QByteArray(R"("a\"b\\c")");
    QTest::newRow("named escapes") << u"\n\r\t\b\f"_s << QByteArray(R"("\n\r\t\b\f")");
    QTest::newRow("other controls") << QString(QChar(1)) + QChar(0x1f) << QByteArray(R"("\u0001\u001f")");
    QTest::newRow("delete is literal") << QString(QChar(0x7f)) << QByteArray("\"\x7f\"");
    QTest::newRow("non-ASCII literal") << u"snap ü/+*~=&é ✓ \u2028"_s
                                       << QByteArray("\"snap \xc3\xbc/+*~=&\xc3\xa9 \xe2\x9c\x93 \xe2\x80\xa8\"");
    QTest::newRow("slash not escaped") << u"</script>"_s << QByteArray(R"("</script>")");
    QTest::newRow("empty") << QStringLiteral("") << QByteArray(R"("")");
}

void TestJsonOutput::strings()
{
    QFETCH(QString, value);
    QFETCH(QByteArray, printed);
    Snapshot snapshot;
    snapshot.snapshotName = value;
    const QByteArray json = JsonOutput::snapshotResult(snapshot);
    QCOMPARE(json, "{\n    \"Snapshot\": {\n        \"SnapshotName\": " + printed + "\n    }\n}\n");
    QCOMPARE(QJsonDocument::fromJson(json).object().value(u"Snapshot").toObject().value(u"SnapshotName").toString(),
             value);
}

void TestJsonOutput::emptyAndTokens()
{
    // What awscli v2 prints for <Snapshots/> and for a page with a marker (--max-records).
    QCOMPARE(JsonOutput::describeSnapshots({}), QByteArray("{\n    \"Snapshots\": []\n}\n"));
    QCOMPARE(JsonOutput::describeServerlessCacheSnapshots({}, u"t"_s),
             QByteArray("{\n    \"NextToken\": \"t\",\n    \"ServerlessCacheSnapshots\": []\n}\n"));
    // Absent members and empty lists are left out; a snapshot with nothing set is an empty object.
    QCOMPARE(JsonOutput::describeSnapshots({Snapshot()}),
             QByteArray("{\n    \"Snapshots\": [\n        {}\n    ]\n}\n"));
}

// The CLI prints each page as it arrives; however the list is split into pages, the document is the same bytes.
void TestJsonOutput::writtenPageByPage()
{
    const QList<Snapshot> all = allParsedSnapshots();
    QVERIFY(all.size() >= 5);
    const QByteArray whole = JsonOutput::describeSnapshots(all);
    for (const qsizetype pageSize : {qsizetype(1), qsizetype(2), qsizetype(3), all.size(), all.size() + 1}) {
        JsonOutput::SnapshotListWriter writer;
        for (qsizetype i = 0; i < all.size(); i += pageSize)
            writer.append(all.mid(i, pageSize));
        QCOMPARE(writer.finish(), whole);
    }
    // Empty pages (a page of a filtered list can be empty) and no pages at all.
    JsonOutput::SnapshotListWriter withEmptyPages;
    withEmptyPages.append({});
    withEmptyPages.append(all.mid(0, 2));
    withEmptyPages.append({});
    withEmptyPages.append(all.mid(2));
    QCOMPARE(withEmptyPages.finish(), whole);
    JsonOutput::SnapshotListWriter none;
    none.append({});
    QCOMPARE(none.finish(), JsonOutput::describeSnapshots({}));
}

void TestJsonOutput::snapshotRoundTrip_data()
{
    QTest::addColumn<Snapshot>("snapshot");
    const QList<Snapshot> all = allParsedSnapshots();
    for (qsizetype i = 0; i < all.size(); ++i)
        QTest::addRow("%s #%d", qPrintable(all.at(i).snapshotName), int(i)) << all.at(i);
    QVERIFY(all.size() >= 8);
    Snapshot empty;
    QTest::newRow("nothing set") << empty;
}

void TestJsonOutput::snapshotRoundTrip()
{
    QFETCH(Snapshot, snapshot);
    const QJsonObject object = JsonOutput::toJson(snapshot);
    const ApiResult<Snapshot> back = JsonOutput::snapshotFromJson(object);
    QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
    QVERIFY(back.value() == snapshot);
    // Through bytes, as the sandbox persists it, and printing the same CLI document again.
    const QByteArray bytes = QJsonDocument(object).toJson(QJsonDocument::Compact);
    const ApiResult<Snapshot> reread = JsonOutput::snapshotFromJson(QJsonDocument::fromJson(bytes).object());
    QVERIFY(reread.ok());
    QVERIFY(reread.value() == snapshot);
    QCOMPARE(JsonOutput::snapshotResult(reread.value()), JsonOutput::snapshotResult(snapshot));
    // Empty strings stay present, absent ones absent.
    QCOMPARE(reread.value().kmsKeyId.isNull(), snapshot.kmsKeyId.isNull());
    QCOMPARE(reread.value().arn.isNull(), snapshot.arn.isNull());
}

void TestJsonOutput::serverlessRoundTrip_data()
{
    QTest::addColumn<ServerlessCacheSnapshot>("snapshot");
    const QList<ServerlessCacheSnapshot> all = allParsedServerlessSnapshots();
    for (qsizetype i = 0; i < all.size(); ++i)
        QTest::addRow("%s #%d", qPrintable(all.at(i).serverlessCacheSnapshotName), int(i)) << all.at(i);
    QVERIFY(all.size() >= 4);
}

void TestJsonOutput::serverlessRoundTrip()
{
    QFETCH(ServerlessCacheSnapshot, snapshot);
    const QByteArray bytes = QJsonDocument(JsonOutput::toJson(snapshot)).toJson(QJsonDocument::Compact);
    const ApiResult<ServerlessCacheSnapshot> back
        = JsonOutput::serverlessSnapshotFromJson(QJsonDocument::fromJson(bytes).object());
    QVERIFY(back.ok());
    QVERIFY(back.value() == snapshot);
    QCOMPARE(JsonOutput::serverlessSnapshotResult(back.value()), JsonOutput::serverlessSnapshotResult(snapshot));
    QVERIFY(back.value().serverlessCacheConfiguration.has_value());
}

void TestJsonOutput::fromJsonErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("port as string") << QByteArray(R"({"Port": "6379"})") << u"Port"_s;
    QTest::newRow("port fractional") << QByteArray(R"({"Port": 1.5})") << u"Port"_s;
    QTest::newRow("port too big") << QByteArray(R"({"Port": 1e12})") << u"Port"_s;
    QTest::newRow("boolean as number") << QByteArray(R"({"AutoMinorVersionUpgrade": 1})")
                                       << u"AutoMinorVersionUpgrade"_s;
    QTest::newRow("name as number") << QByteArray(R"({"SnapshotName": 5})") << u"SnapshotName"_s;
    QTest::newRow("bad timestamp") << QByteArray(R"({"CacheClusterCreateTime": "soon"})")
                                   << u"CacheClusterCreateTime"_s;
    QTest::newRow("nested bad timestamp") << QByteArray(R"({"NodeSnapshots": [{}, {"SnapshotCreateTime": 7}]})")
                                          << u"NodeSnapshots[1].SnapshotCreateTime"_s;
    QTest::newRow("list of numbers") << QByteArray(
        R"({"NodeSnapshots": [{"NodeGroupConfiguration": {"ReplicaAvailabilityZones": [1]}}]})")
                                     << u"NodeSnapshots[0].NodeGroupConfiguration.ReplicaAvailabilityZones"_s;
    QTest::newRow("list not a list") << QByteArray(R"({"NodeSnapshots": {}})") << u"NodeSnapshots"_s;
}

void TestJsonOutput::fromJsonErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, mentions);
    const ApiResult<Snapshot> result = JsonOutput::snapshotFromJson(QJsonDocument::fromJson(json).object());
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ApiError::Kind::Parse);
    QVERIFY2(result.error().message.contains(mentions), qPrintable(result.error().message));
}

QTEST_GUILESS_MAIN(TestJsonOutput)
#include "tst_jsonoutput.moc"
