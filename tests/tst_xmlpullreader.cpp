// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The XML reader of the answers (core/model/xmlpullreader.*) against QXmlStreamReader, which it replaces: the same
// elements, attributes and text for every document QXmlStreamReader reads, an error for every document it refuses
// (the AWS answers of tests/data, documents written to use what XML allows, and thousands of their mutations), and
// its own refusals, limits and error positions.
#include "model/xmlpullreader.h"
#include "testsupport.h"
#include "xmltrace.h"

#include <QDir>
#include <QRandomGenerator>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {

// Documents that use what XML allows and AWS's answers hold: namespaces and prefixes (S3's xsi:type), attributes in
// both quotes, references of every kind, CDATA, comments and processing instructions in text, line ends of every
// kind, empty elements, text outside ASCII.
QList<QByteArray> writtenDocuments()
{
    return {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult "
        "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        "<Name>bucket</Name><Contents><Key>a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos;</Key><Size>12</Size>"
        "</Contents></ListBucketResult>",
        "<AccessControlPolicy xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><AccessControlList><Grant>"
        "<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type='CanonicalUser'><ID>id</ID>"
        "</Grantee><Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>",
        "<a>\r\n  <b x=\"1\r\n2\tthree\" y='&#x41;&#66;'>one\rtwo\r\nthree</b>\n  <c/>\n  <d></d>\n</a>\n",
        "<a>before<!-- a comment -->after<?pi some data?>end<![CDATA[ <not markup> & ]]>tail</a>",
        "\xEF\xBB\xBF<a>caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 &#xE9;&#x1F600;<b c='\xEF\xBB\xBF!'>\xEF\xBB\xBFzero "
        "width</b></a>",
        "<?xml version='1.0' standalone='yes'?><!-- before --><?before?><p:a xmlns:p=\"urn:p\" p:x=\"1\" x=\"2\">"
        "<p:b/><c xmlns=\"urn:c\" xmlns:q=\"urn:q\"><q:d q:y=\"3\"/></c></p:a><!-- after -->\n<?after?>\n",
        "<a>]] ] > &gt;&#93;&#93;&#62;</a>",
        "<a b = \"1\" c\n=\n'2' ></a >",
    };
}

// A document with one change: a byte replaced, dropped, doubled, or a piece of markup put in, or the document cut.
QByteArray mutated(const QByteArray &xml, QRandomGenerator &random)
{
    static const QByteArray bytes = "<>&;/!?-[]=\"' \r\n\t:ax#0123456789xX";
    static const QList<QByteArray> pieces {
        "<!--c-->",     "<![CDATA[x]]>", "&amp;",    "&#x41;", "&#0;", "&#xD800;",   "\r\n",
        "<?p d?>",      "<b/>",          "</b>",     "<b>",    "]]>",  "&lt",        "<?xml version=\"1.0\"?>",
        "xmlns:q=\"\"", " q:x=\"1\"",    "<q:b/>",   "\x01",   "\x7f", "&#x110000;", " x=\"1\"",
        " x='1' x='2'", "<!DOC",         "<![CDATA["};
    QByteArray out = xml;
    if (out.isEmpty())
        return out;
    const qsizetype at = random.bounded(out.size());
    switch (random.bounded(5)) {
    case 0:
        out[at] = bytes[random.bounded(bytes.size())];
        break;
    case 1:
        out.remove(at, 1 + random.bounded(3));
        break;
    case 2:
        out.insert(at, out.mid(at, 1 + random.bounded(8)));
        break;
    case 3:
        out.insert(at, pieces[random.bounded(pieces.size())]);
        break;
    default:
        out.truncate(at);
        break;
    }
    return out;
}

// Where this reader refuses on purpose what QXmlStreamReader reads (see xmlpullreader.h).
bool refusedOnPurpose(const QByteArray &xml)
{
    if (xml.contains("<!DOCTYPE"))
        return true;
    // An encoding QXmlStreamReader knows, or one it does not and reads as UTF-8.
    static const QRegularExpression encoding(u"^(\\xEF\\xBB\\xBF)?<\\?xml[^>]*encoding\\s*=\\s*[\"']([^\"']*)"_s);
    if (const QRegularExpressionMatch m = encoding.match(QString::fromLatin1(xml));
        m.hasMatch() && m.captured(2).compare(u"UTF-8"_s, Qt::CaseInsensitive) != 0)
        return true;
    // A character reference padded past twelve bytes ("&#0000000065;"), which AWS never sends.
    static const QRegularExpression longReference(u"&#[0-9a-fA-FxX]{10,}"_s);
    return longReference.match(QString::fromLatin1(xml)).hasMatch();
}

} // namespace

class TestXmlPullReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsAsQtDoes_data();
    void readsAsQtDoes();
    void mutationsReadAsQtDoes();
    void refusals_data();
    void refusals();
    void errorPositions();
    void limits();
    void skipsAndSeeks();
};

void TestXmlPullReader::readsAsQtDoes_data()
{
    QTest::addColumn<QByteArray>("xml");
    for (const QString &file : QDir(testDataPath(QString())).entryList({u"*.xml"_s}))
        QTest::newRow(qPrintable(file)) << testData(file);
    int i = 0;
    for (const QByteArray &xml : writtenDocuments())
        QTest::addRow("written %d", i++) << xml;
}

void TestXmlPullReader::readsAsQtDoes()
{
    QFETCH(QByteArray, xml);
    const XmlTrace qt = XmlTrace::ofQt(xml);
    QVERIFY2(qt.ok, qPrintable(qt.error)); // the documents are well-formed
    const XmlTrace own = XmlTrace::ofOwn(xml);
    QVERIFY2(own.ok, qPrintable(own.error));
    QCOMPARE(own.events, qt.events);
    QVERIFY(!own.events.isEmpty());
}

// Each document mutated a thousand times over. What this reader reads, QXmlStreamReader reads the same; what
// QXmlStreamReader refuses, this reader refuses. QXmlStreamReader reads some documents that are not XML
// ("<a xmln?s='1'/>", a '?' in a name; "<a p:4='1'/>", a local name that starts with a digit); this reader refuses
// them, and the test lists them.
void TestXmlPullReader::mutationsReadAsQtDoes()
{
    QList<QByteArray> documents = writtenDocuments();
    for (const QString &file : QDir(testDataPath(QString())).entryList({u"*.xml"_s}))
        documents.append(testData(file));
    QRandomGenerator random(20261207);
    int readByBoth = 0;
    int refusedByBoth = 0;
    QStringList readByQtOnly;
    for (const QByteArray &document : std::as_const(documents)) {
        for (int i = 0; i < 1000; ++i) {
            QByteArray xml = mutated(document, random);
            if (random.bounded(3) == 0)
                xml = mutated(xml, random);
            if (refusedOnPurpose(xml))
                continue;
            const XmlTrace qt = XmlTrace::ofQt(xml);
            const XmlTrace own = XmlTrace::ofOwn(xml);
            if (own.ok) {
                QVERIFY2(qt.ok, qPrintable(u"read what Qt refuses (%1): %2"_s.arg(qt.error, QString::fromUtf8(xml))));
                QVERIFY2(own.events == qt.events,
                         qPrintable(u"read differently: %1\nown: %2\nQt: %3"_s.arg(
                             QString::fromUtf8(xml), own.events.join(u" | "_s), qt.events.join(u" | "_s))));
                ++readByBoth;
            } else if (qt.ok) {
                readByQtOnly.append(own.error + u": "_s + QString::fromUtf8(xml));
            } else {
                ++refusedByBoth;
            }
        }
    }
    qInfo("%d mutations read alike, %d refused by both, %lld read by QXmlStreamReader only", readByBoth, refusedByBoth,
          static_cast<long long>(readByQtOnly.size()));
    for (const QString &line : std::as_const(readByQtOnly))
        qInfo("  refused: %s", qPrintable(line.left(300)));
    QVERIFY(readByBoth > 1000);
    QVERIFY(refusedByBoth > 1000);
    QVERIFY(readByQtOnly.size() * 100 < readByBoth); // rare: names that are none
}

void TestXmlPullReader::refusals_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<QString>("error");
    QTest::newRow("DOCTYPE") << QByteArray("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>") << u"no DTD"_s;
    QTest::newRow("other encoding") << QByteArray("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xE9</a>")
                                    << u"ISO-8859-1"_s;
    QTest::newRow("UTF-16") << QByteArray("\xFF\xFE<\0a\0/\0>\0", 10) << u"UTF-16"_s;
    QTest::newRow("not UTF-8") << QByteArray("<a>caf\xE9</a>") << u"not UTF-8"_s;
    QTest::newRow("overlong UTF-8") << QByteArray("<a>\xC0\xAF</a>") << u"not UTF-8"_s;
    QTest::newRow("surrogate in UTF-8") << QByteArray("<a>\xED\xA0\x80</a>") << u"U+d800"_s;
    QTest::newRow("name outside ASCII") << QByteArray("<caf\xC3\xA9/>") << u"outside ASCII"_s;
    QTest::newRow("undeclared entity") << QByteArray("<a>&nope;</a>") << u"&nope;"_s;
    QTest::newRow("reference to NUL") << QByteArray("<a>&#0;</a>") << u"&#0;"_s;
    QTest::newRow("control character") << QByteArray("<a>\x01</a>") << u"U+0001"_s;
    QTest::newRow("unclosed") << QByteArray("<a><b></b>") << u"before <a> is closed"_s;
    QTest::newRow("mismatched") << QByteArray("<a><b></a></b>") << u"</a> where <b> should close"_s;
    QTest::newRow("second root") << QByteArray("<a/><b/>") << u"second document element"_s;
    QTest::newRow("text after root") << QByteArray("<a/>x") << u"text after"_s;
    QTest::newRow("empty") << QByteArray() << u"no element"_s;
    QTest::newRow("local name starting with a digit")
        << QByteArray("<p:4a xmlns:p='urn:p'/>") << u"not a qualified name"_s;
    QTest::newRow("undeclared prefix") << QByteArray("<p:a/>") << u"prefix p is not declared"_s;
    QTest::newRow("duplicate attribute") << QByteArray("<a x='1' x='2'/>") << u"attribute x twice"_s;
    QTest::newRow("one attribute by two prefixes")
        << QByteArray("<a xmlns:p='urn:u' xmlns:q='urn:u' p:x='1' q:x='2'/>") << u"twice in one namespace"_s;
    QTest::newRow("]]> in text") << QByteArray("<a>]]></a>") << u"']]>'"_s;
    QTest::newRow("-- in a comment") << QByteArray("<a><!-- a -- b --></a>") << u"'--'"_s;
    QTest::newRow("late declaration") << QByteArray(" <?xml version=\"1.0\"?><a/>") << u"not at the start"_s;
}

void TestXmlPullReader::refusals()
{
    QFETCH(QByteArray, xml);
    QFETCH(QString, error);
    XmlPullReader r(xml);
    while (!r.atEnd())
        r.readNext();
    QCOMPARE(r.tokenType(), XmlPullReader::Invalid);
    QVERIFY2(r.errorString().contains(error, Qt::CaseInsensitive), qPrintable(r.errorString()));
    QCOMPARE(r.readNext(), XmlPullReader::Invalid); // and from then on
}

// Lines from 1, columns from 0 in UTF-16 units, where the error was found or after the last token read, as
// QXmlStreamReader counts them (the messages of tst_ec2client rely on it).
void TestXmlPullReader::errorPositions()
{
    {
        const QByteArray xml = "<a>\n  <b>\r\n  x</c></a>";
        XmlPullReader r(xml);
        while (!r.atEnd())
            r.readNext();
        QCOMPARE(r.lineNumber(), 3);
        QCOMPARE(r.columnNumber(), 3); // at "</c>"
    }
    {
        const QByteArray xml = "<a>\xC3\xA9\xF0\x9F\x98\x80<b>";
        XmlPullReader r(xml);
        QVERIFY(r.readNextStartElement());
        QVERIFY(r.readNextStartElement());
        QCOMPARE(r.name(), u"b");
        QCOMPARE(r.lineNumber(), 1);
        QCOMPARE(r.columnNumber(), 3 + 1 + 2 + 3);
        QXmlStreamReader qt(xml);
        qt.readNextStartElement();
        qt.readNextStartElement();
        QCOMPARE(r.columnNumber(), qt.columnNumber());
    }
    {
        XmlPullReader r(QByteArrayView("<a><b/></a>"));
        QVERIFY(r.readNextStartElement());
        r.raiseError(u"mine"_s);
        r.raiseError(u"not this"_s);
        QCOMPARE(r.errorString(), u"mine"_s);
        QCOMPARE(r.columnNumber(), 3);
        QVERIFY(r.atEnd());
    }
}

void TestXmlPullReader::limits()
{
    const auto nested = [](int depth) -> QByteArray {
        return QByteArray("<a>").repeated(depth) + QByteArray("</a>").repeated(depth);
    };
    const auto readAll = [](const QByteArray &xml) {
        XmlPullReader r(xml);
        while (!r.atEnd())
            r.readNext();
        return r.hasError() ? r.errorString() : QString();
    };
    QCOMPARE(readAll(nested(XmlPullReader::kMaxDepth)), QString());
    QVERIFY(readAll(nested(XmlPullReader::kMaxDepth + 1)).contains(u"nested more than"_s));
    QByteArray attributes = "<a";
    for (int i = 0; i < XmlPullReader::kMaxAttributes; ++i)
        attributes += " a" + QByteArray::number(i) + "='1'";
    QCOMPARE(readAll(attributes + "/>"), QString());
    QVERIFY(readAll(attributes + " z='1'/>").contains(u"more than"_s));
    QByteArray prefixes;
    for (int i = 0; i < XmlPullReader::kMaxNamespaces; ++i)
        prefixes += "<a xmlns:p" + QByteArray::number(i) + "='urn:" + QByteArray::number(i) + "'>";
    QCOMPARE(readAll(prefixes + "<p0:b/>" + QByteArray("</a>").repeated(XmlPullReader::kMaxNamespaces)), QString());
    QVERIFY(readAll(prefixes + "<b xmlns:q='urn:q'/>").contains(u"namespace prefixes declared at once"_s));
    // A million elements deep is refused at the limit, not read into a million-entry stack.
    QVERIFY(readAll(QByteArray("<a>").repeated(1000000)).contains(u"nested more than"_s));
}

void TestXmlPullReader::skipsAndSeeks()
{
    const QByteArray xml = "<r><skip><x><y/></x>text</skip><want a=\"1\">v</want><last/></r>";
    XmlPullReader r(xml);
    QVERIFY(r.readNextStartElement());
    QCOMPARE(r.name(), u"r");
    QVERIFY(r.readNextStartElement());
    QCOMPARE(r.name(), u"skip");
    r.skipCurrentElement();
    QVERIFY(r.isEndElement());
    QCOMPARE(r.name(), u"skip");
    QVERIFY(r.readNextStartElement());
    QCOMPARE(r.name(), u"want");
    QCOMPARE(r.attribute(QLatin1StringView("a"), false), u"1"_s);
    QCOMPARE(r.attribute(QLatin1StringView("a"), true), std::nullopt);
    QCOMPARE(r.readNext(), XmlPullReader::Characters);
    QCOMPARE(r.text(), u"v");
    QCOMPARE(r.readNext(), XmlPullReader::EndElement);
    QVERIFY(r.readNextStartElement());
    QCOMPARE(r.name(), u"last");
    QVERIFY(!r.readNextStartElement()); // its end
    QVERIFY(!r.readNextStartElement()); // </r>
    QCOMPARE(r.readNext(), XmlPullReader::EndDocument);
    QVERIFY(!r.hasError());
}

QTEST_GUILESS_MAIN(TestXmlPullReader)
#include "tst_xmlpullreader.moc"
