// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The model description (core/model): every generated shape, with every member set, survives each reader and
// writer that is generic over it — XML, the state JSON, Query parameters — and the awscli JSON names every
// member; the checked-in header still matches the service model it was generated from.
#include "model/ec2.h"
#include "model/elasticache.h"
#include "model/jsonwriter.h"
#include "model/packing.h"
#include "model/queryparams.h"
#include "model/s3.h"
#include "model/xmlreader.h"
#include "model/xmlwriter.h"

#include <QJsonDocument>
#include <QProcess>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {

// Sets every member of value to a value of its own (counter makes each one different), structures and lists
// included, so that a reader or writer that drops or swaps a member changes the result.
template<ModelShape S> void fill(S &value, int &counter, int depth = 0);

template<typename T> void fillMember(T &out, int &counter, int depth)
{
    ++counter;
    if constexpr (std::is_same_v<T, QString>) {
        out = u"v%1 <&> é"_s.arg(counter);
    } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
        out = counter % 2 == 0;
    } else if constexpr (std::is_same_v<T, std::optional<double>>) {
        out = counter + 0.25;
    } else if constexpr (ScalarOptional<T>) {
        out = counter;
    } else if constexpr (std::is_same_v<T, Timestamp>) {
        // Microseconds must survive every form (offsets: see timestampsKeepPrecisionAndOffset).
        out = Timestamp::fromMicroseconds(1709287200LL * 1000000 + counter * 1000001LL);
    } else if constexpr (StructureOptional<T>) {
        fill(emplaceValue(out), counter, depth + 1);
    } else if constexpr (ShapeListOf<T>) {
        out.setPresent();
        using Item = typename IsShapeList<T>::Value;
        for (int i = 0; i < 2; ++i) {
            Item item;
            fillMember(item, counter, depth);
            out.append(item);
        }
    } else if constexpr (ModelShape<T>) {
        fill(out, counter, depth + 1);
    }
}

template<ModelShape S> void fill(S &value, int &counter, int depth)
{
    forEachField<S>([&](const auto &f) { fillMember(value.*(f.member), counter, depth); });
}

template<ModelShape S> S filled()
{
    S value;
    int counter = 0;
    fill(value, counter);
    return value;
}

// packShape() and back; every shorter prefix of the bytes is refused (and read without crashing).
template<ModelShape S> std::optional<S> viaPacking(const S &value)
{
    QByteArray packed;
    packShape(value, packed);
    for (qsizetype n = 0; n < packed.size(); ++n) {
        S partial;
        const char *p = packed.constData();
        if (unpackShape(partial, p, p + n))
            return std::nullopt; // a prefix read as a whole value
    }
    S unpacked;
    const char *p = packed.constData();
    if (!unpackShape(unpacked, p, p + packed.size()) || p != packed.constData() + packed.size())
        return std::nullopt;
    return unpacked;
}

// An empty list the answer had is kept as present, and an absent one stays absent.
template<ModelShape S> S withEmptyLists(S value)
{
    forEachField<S>([&](const auto &f) {
        using T = typename std::remove_cvref_t<decltype(f)>::Type;
        if constexpr (ShapeListOf<T>) {
            (value.*(f.member)).clear();
            (value.*(f.member)).setPresent();
        }
    });
    return value;
}

template<ModelShape S> QByteArray toXml(const S &value)
{
    QByteArray xml;
    XmlWriter w(&xml);
    w.writeStartElement(u"Item"_s);
    writeModelXml(w, value);
    w.writeEndElement();
    return xml;
}

template<ModelShape S> S fromXml(const QByteArray &xml, QString *error)
{
    S value;
    ModelXmlReader reader(xml);
    if (reader.reader().readNextStartElement())
        reader.read(value);
    if (reader.failed())
        *error = reader.errorMessage();
    return value;
}

template<ModelShape S> QStringList memberNames()
{
    QStringList names;
    forEachField<S>([&](const auto &f) { names.append(QString(f.name)); });
    return names;
}

} // namespace

class TestModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyShapeRoundTrips();
    void everyEc2ShapeRoundTrips();
    void ec2QueryNames();
    void awsCliJsonNamesEveryMember();
    void timestampsKeepPrecisionAndOffset();
    void queryListsAndEmptyStrings();
    void xmlReaderRejectsBadValues();
    void xmlReaderTextAsWritten();
    void xmlWriterEscapes();
    void generatedHeaderMatchesTheModel();
};

void TestModel::everyShapeRoundTrips()
{
    int shapes = 0;
    std::apply(
        [&](auto... tag) {
            const auto check = [&]<typename S>(S) {
                ++shapes;
                const QByteArray name = QByteArray(Shape<S>::name.data(), Shape<S>::name.size());
                for (const S &value : {filled<S>(), withEmptyLists(filled<S>()), S {}}) {
                    QString error;
                    const S viaXml = fromXml<S>(toXml(value), &error);
                    QVERIFY2(error.isEmpty(), QByteArray(name + ": " + error.toUtf8()).constData());
                    QVERIFY2(viaXml == value, name.constData());

                    S viaJson;
                    QVERIFY2(fromJsonObject(toJsonObject(value), viaJson, &error), qPrintable(error));
                    QVERIFY2(viaJson == value, name.constData());

                    S viaQuery;
                    QueryParamReader reader(toQueryParams(value));
                    QVERIFY2(reader.read(viaQuery), qPrintable(reader.errorMessage()));
                    // Query leaves out a request's empty top-level strings; filled values have none.
                    QVERIFY2(viaQuery == value, name.constData());

                    QVERIFY2(viaPacking(value) == std::optional<S>(value), name.constData());
                }
            };
            (check(tag), ...);
        },
        ElastiCacheShapes {});
    QCOMPARE(shapes, int(std::tuple_size_v<ElastiCacheShapes>));
    QVERIFY(shapes > 50);

    // Packing also keeps REST shapes' members (S3's prefixed headers: a string map).
    int s3Shapes = 0;
    std::apply(
        [&](auto... tag) {
            const auto check = [&]<typename S>(S) {
                ++s3Shapes;
                for (const S &value : {filled<S>(), S {}})
                    QVERIFY2(viaPacking(value) == std::optional<S>(value), Shape<S>::name.data());
            };
            (check(tag), ...);
        },
        S3Shapes {});
    QCOMPARE(s3Shapes, int(std::tuple_size_v<S3Shapes>));
    S3::HeadObjectOutput withMetadata;
    withMetadata.metadata = {{u"owner"_s, u"ops é"_s}, {u"ticket"_s, QString()}};
    QCOMPARE(viaPacking(withMetadata), std::optional<S3::HeadObjectOutput>(withMetadata));
}

void TestModel::everyEc2ShapeRoundTrips()
{
    // EC2's shapes name their members on the wire by locationName (<groupId>, GroupId.1): the XML reader and
    // writer use it, the JSON keeps the model's names, and the Ec2 dialect of the Query parameters reads back.
    int shapes = 0;
    std::apply(
        [&](auto... tag) {
            const auto check = [&]<typename S>(S) {
                ++shapes;
                const QByteArray name = QByteArray(Shape<S>::name.data(), Shape<S>::name.size());
                for (const S &value : {filled<S>(), withEmptyLists(filled<S>()), S {}}) {
                    QString error;
                    const S viaXml = fromXml<S>(toXml(value), &error);
                    QVERIFY2(error.isEmpty(), QByteArray(name + ": " + error.toUtf8()).constData());
                    QVERIFY2(viaXml == value, name.constData());
                    S viaJson;
                    QVERIFY2(fromJsonObject(toJsonObject(value), viaJson, &error), qPrintable(error));
                    QVERIFY2(viaJson == value, name.constData());
                }
                for (const S &value : {filled<S>(), S {}}) {
                    S viaQuery;
                    QueryParamReader reader(toQueryParams(value, QueryDialect::Ec2), QueryDialect::Ec2);
                    QVERIFY2(reader.read(viaQuery), qPrintable(reader.errorMessage()));
                    QVERIFY2(viaQuery == value, name.constData());
                    QVERIFY2(viaPacking(value) == std::optional<S>(value), name.constData());
                }
            };
            (check(tag), ...);
        },
        Ec2Shapes {});
    QCOMPARE(shapes, int(std::tuple_size_v<Ec2Shapes>));
    QVERIFY(toXml(filled<Ec2::SecurityGroup>()).contains("<groupDescription>"));
}

void TestModel::ec2QueryNames()
{
    // botocore's EC2Serializer: the locationName capitalised, lists numbered without an item name, nothing for an
    // empty list (the Query protocol sends <Member>="").
    Ec2::DescribeSecurityGroupsRequest request;
    request.groupIds = {u"sg-1"_s, u"sg-2"_s};
    request.groupNames.setPresent();
    request.dryRun = true;
    request.filters = {Ec2::Filter {u"vpc-id"_s, {u"vpc-1"_s}}};
    const QueryParams expected {{u"GroupId.1"_s, u"sg-1"_s},
                                {u"GroupId.2"_s, u"sg-2"_s},
                                {u"DryRun"_s, u"true"_s},
                                {u"Filter.1.Name"_s, u"vpc-id"_s},
                                {u"Filter.1.Value.1"_s, u"vpc-1"_s}};
    QCOMPARE(toQueryParams(request, QueryDialect::Ec2), expected);
    QCOMPARE(toQueryParams(request).at(2), qMakePair(u"GroupNames"_s, u""_s));

    // The service's side reads them back, and refuses a gap in a list's numbering.
    Ec2::DescribeSecurityGroupsRequest read;
    QueryParamReader reader(expected, QueryDialect::Ec2);
    QVERIFY(reader.read(read));
    QCOMPARE(read.groupIds, request.groupIds);
    QCOMPARE(read.filters, request.filters);
    QueryParamReader gap({{u"GroupId.1"_s, u"sg-1"_s}, {u"GroupId.3"_s, u"sg-3"_s}}, QueryDialect::Ec2);
    QVERIFY(!gap.read(read));
}

void TestModel::awsCliJsonNamesEveryMember()
{
    // CacheCluster and ReplicationGroup had members the hand-written tables left out; every one is printed now.
    const auto keysOf = [](const QByteArray &json) {
        return QJsonDocument::fromJson(json).object().keys();
    };
    AwsCliJsonWriter cluster;
    cluster.object(filled<CacheCluster>());
    QStringList expected = memberNames<CacheCluster>();
    QStringList printed = keysOf(cluster.take());
    expected.sort();
    printed.sort();
    QCOMPARE(printed, expected);
    QVERIFY(printed.contains(u"AuthTokenLastModifiedDate"_s));
    QVERIFY(printed.contains(u"LogDeliveryConfigurations"_s));

    AwsCliJsonWriter group;
    group.object(filled<ReplicationGroup>());
    const QJsonObject g = QJsonDocument::fromJson(group.take()).object();
    for (const QString &member : {u"ClusterMode"_s, u"ConfigurationEndpoint"_s, u"MultiAZ"_s, u"UserGroupIds"_s})
        QVERIFY2(g.contains(member), qPrintable(member));
    const QJsonObject nodeGroup = g.value(u"NodeGroups"_s).toArray().at(0).toObject();
    QVERIFY(nodeGroup.contains(u"NodeGroupMembers"_s));
    QVERIFY(nodeGroup.contains(u"PrimaryEndpoint"_s));

    // Model order, as botocore builds its dict.
    AwsCliJsonWriter ordered;
    ordered.object(filled<Endpoint>());
    const QByteArray text = ordered.take();
    QVERIFY(text.indexOf("\"Address\"") < text.indexOf("\"Port\""));
}

void TestModel::timestampsKeepPrecisionAndOffset()
{
    const auto t = Timestamp::parse(u"2024-03-01T10:00:00.123456Z");
    QVERIFY(t);
    QCOMPARE(t->toPythonIso(), u"2024-03-01T10:00:00.123456+00:00"_s);
    QCOMPARE(t->toServiceIso(), u"2024-03-01T10:00:00.123456Z"_s);
    QCOMPARE(Timestamp::parse(u"2024-03-01T10:00:00.123Z")->toPythonIso(), u"2024-03-01T10:00:00.123000+00:00"_s);
    QCOMPARE(Timestamp::parse(u"2024-03-01T10:00:00Z")->toPythonIso(), u"2024-03-01T10:00:00+00:00"_s);
    const auto offset = Timestamp::parse(u"2024-03-01T12:00:00.5+02:00");
    QCOMPARE(offset->toPythonIso(), u"2024-03-01T12:00:00.500000+02:00"_s);
    QCOMPARE(offset->toDateTime(), QDateTime(QDate(2024, 3, 1), QTime(10, 0, 0, 500), Qt::UTC));
    // Out of range values are refused, never overflowed (17 digits of epoch seconds, year 0).
    QVERIFY(!Timestamp::parse(u"12345678901234567"));
    QVERIFY(!Timestamp::parse(u"0000-01-01T00:00:00Z"));
    QCOMPARE(Timestamp::parse(u"1709287200.5")->toServiceIso(), u"2024-03-01T10:00:00.500Z"_s);

    // The service's XML is in UTC, so the instant survives it; the state JSON keeps the offset too.
    NodeSnapshot node;
    node.snapshotCreateTime = *offset;
    QString error;
    const NodeSnapshot viaXml = fromXml<NodeSnapshot>(toXml(node), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(viaXml.snapshotCreateTime.toMicroseconds(), offset->toMicroseconds());
    NodeSnapshot viaJson;
    QVERIFY(fromJsonObject(toJsonObject(node), viaJson, &error));
    QCOMPARE(viaJson.snapshotCreateTime, *offset);
    QCOMPARE(viaJson.snapshotCreateTime.offsetSeconds(), 7200);
}

void TestModel::queryListsAndEmptyStrings()
{
    CreateSnapshotRequest request;
    request.snapshotName = u"s1"_s;
    request.cacheClusterId = u""_s; // empty form field: not sent
    request.tags = {Tag {u"team"_s, u"ops"_s}, Tag {u"empty"_s, u""_s}};
    const QueryParams params = toQueryParams(request);
    const QueryParams expected {{u"SnapshotName"_s, u"s1"_s},
                                {u"Tags.Tag.1.Key"_s, u"team"_s},
                                {u"Tags.Tag.1.Value"_s, u"ops"_s},
                                {u"Tags.Tag.2.Key"_s, u"empty"_s},
                                {u"Tags.Tag.2.Value"_s, u""_s}};
    QCOMPARE(params, expected);

    // A gap in a list's numbering is the service's error, not a shorter list.
    CreateSnapshotRequest read;
    QueryParamReader gap({{u"Tags.Tag.1.Key"_s, u"a"_s}, {u"Tags.Tag.3.Key"_s, u"c"_s}});
    QVERIFY(!gap.read(read));
    QVERIFY2(gap.errorMessage().contains(u"Tags"_s), qPrintable(gap.errorMessage()));

    DescribeSnapshotsRequest describe;
    QueryParamReader badInteger({{u"MaxRecords"_s, u"lots"_s}});
    QVERIFY(!badInteger.read(describe));
    QCOMPARE(badInteger.errorMessage(), u"Value (lots) for parameter MaxRecords is invalid. Must be an integer."_s);
}

void TestModel::xmlReaderRejectsBadValues()
{
    QString error;
    fromXml<Snapshot>("<Item><Port>6379x</Port></Item>", &error);
    QVERIFY2(error.contains(u"<Port> is not an integer"_s) && error.contains(u"line 1"_s), qPrintable(error));
    error.clear();
    fromXml<Snapshot>("<Item><Port>99999999999</Port></Item>", &error);
    QVERIFY2(error.contains(u"<Port> is not an integer"_s), qPrintable(error));
    error.clear();
    fromXml<NodeSnapshot>("<Item><SnapshotCreateTime>yesterday</SnapshotCreateTime></Item>", &error);
    QVERIFY2(error.contains(u"is not a timestamp"_s), qPrintable(error));
    error.clear();
    // Unknown members are skipped at any depth; a list item of another name is too.
    const Snapshot s = fromXml<Snapshot>("<Item><New><Deep/></New><NodeSnapshots><Other/><NodeSnapshot>"
                                         "<CacheSize>5 MB</CacheSize></NodeSnapshot></NodeSnapshots></Item>",
                                         &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(s.nodeSnapshots.size(), 1);
    QCOMPARE(s.nodeSnapshots.at(0).cacheSize, u"5 MB"_s);
}

// Text as botocore reads it (split by comments, escaped, in CDATA, empty), interned values shared through the pool
// however their text was written, and an element inside a text value refused.
void TestModel::xmlReaderTextAsWritten()
{
    StringPool pool;
    const auto read = [&pool](const QByteArray &xml, QString *error) {
        Snapshot value;
        ModelXmlReader reader(xml, &pool);
        if (reader.reader().readNextStartElement())
            reader.read(value);
        if (reader.failed())
            *error = reader.errorMessage();
        return value;
    };
    QString error;
    const Snapshot first = read("<Item><SnapshotName>a&amp;b<!-- note -->&lt;c<![CDATA[<d>]]></SnapshotName>"
                                "<Engine>redis</Engine><SnapshotStatus/><CacheNodeType>cache.<?pi x?>m5.large"
                                "</CacheNodeType></Item>",
                                &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(first.snapshotName, u"a&b<c<d>"_s);
    QCOMPARE(first.engine, u"redis"_s);
    QVERIFY(!first.snapshotStatus.isNull());
    QCOMPARE(first.snapshotStatus, u""_s);
    QCOMPARE(first.cacheNodeType, u"cache.m5.large"_s);
    QCOMPARE(first.snapshotName.capacity(), first.snapshotName.size()); // no spare room kept

    const Snapshot second = read("<Item><Engine>re<!-- split -->dis</Engine><CacheNodeType>cache.m5.large"
                                 "</CacheNodeType></Item>",
                                 &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(second.engine, u"redis"_s);
    QCOMPARE(second.engine.constData(), first.engine.constData());
    QCOMPARE(second.cacheNodeType.constData(), first.cacheNodeType.constData());
    QCOMPARE(pool.size(), 2);

    read("<Item><SnapshotName>a<Inner/>b</SnapshotName></Item>", &error);
    QVERIFY2(error.contains(u"<Inner> inside a text value"_s) && error.contains(u"line 1"_s), qPrintable(error));
    error.clear();
    read("<Item><SnapshotName>cut", &error);
    QVERIFY(!error.isEmpty());
}

// What the sandbox writes, byte for byte, and what a reader makes of it: markup characters, line breaks in text and
// in attributes, characters XML cannot carry (U+FFFD in their place), text beyond ASCII, and a document long enough
// to outgrow the writer's first room.
void TestModel::xmlWriterEscapes()
{
    const QString text = u"a&b<c>d\"e'f\tg\nh\ri \u00fc\u4e2d \U0001F600 \u0001j\uffffk"_s;
    const QString readable = u"a&b<c>d\"e'f\tg\nh\ri \u00fc\u4e2d \U0001F600 \ufffdj\ufffdk"_s;
    QByteArray xml;
    {
        XmlWriter w(&xml);
        w.writeStartElement(u"Root"_s);
        w.writeDefaultNamespace(QLatin1StringView("http://example.com/ns"));
        w.writeAttribute(QLatin1StringView("note"), text);
        w.writeStartElement(u"Empty"_s);
        w.writeEndElement();
        w.writeTextElement(QLatin1StringView("Text"), text);
        for (int i = 0; i < 2000; ++i)
            w.writeTextElement(u"Item"_s, QString::number(i));
        w.writeEndElement();
    }
    const QByteArray escaped = "a&amp;b&lt;c&gt;d"_ba;
    const QByteArray head = "<Root xmlns=\"http://example.com/ns\" note=\"" + escaped
        + "&quot;e'f&#9;g&#10;h&#13;i \xc3\xbc\xe4\xb8\xad \xf0\x9f\x98\x80 \xef\xbf\xbdj\xef\xbf\xbdk\">"
          "<Empty/><Text>"
        + escaped + "\"e'f\tg\nh&#13;i ";
    QVERIFY2(xml.startsWith(head), xml.left(200).constData());
    QVERIFY(xml.endsWith("<Item>1998</Item><Item>1999</Item></Root>"));

    QXmlStreamReader r(xml);
    QVERIFY(r.readNextStartElement());
    QCOMPARE(r.attributes().value(u"note"_s), readable);
    QVERIFY(r.readNextStartElement());
    QCOMPARE(r.name(), u"Empty");
    r.skipCurrentElement();
    QVERIFY(r.readNextStartElement());
    QCOMPARE(r.readElementText(), readable);
    int items = 0;
    while (r.readNextStartElement()) {
        QCOMPARE(r.readElementText(), QString::number(items));
        ++items;
    }
    QVERIFY2(!r.hasError(), qPrintable(r.errorString()));
    QCOMPARE(items, 2000);
}

void TestModel::generatedHeaderMatchesTheModel()
{
    // Where the botocore the header was made from is installed, regenerating gives the same header.
    QProcess version;
    version.start(u"python3"_s, {u"-c"_s, u"import botocore; print(botocore.__version__)"_s});
    if (!version.waitForFinished(30000) || version.exitCode() != 0)
        QSKIP("botocore is not installed here");
    const QString installed = QString::fromUtf8(version.readAllStandardOutput()).trimmed();
    if (installed != kElastiCacheModelVersion)
        QSKIP(qPrintable(
            u"the header is from botocore %1, this machine has %2"_s.arg(kElastiCacheModelVersion, installed)));
    QProcess check;
    check.start(u"python3"_s, {QStringLiteral(CACHESNAP_SOURCE_DIR "/scripts/generate-model.py"), u"--check"_s});
    QVERIFY(check.waitForFinished(60000));
    QVERIFY2(check.exitCode() == 0, check.readAllStandardOutput().left(4000).constData());
}

QTEST_GUILESS_MAIN(TestModel)
#include "tst_model.moc"
