// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The table output of cachesnap-cli against hostile listings: the real binary, a scripted server over loopback HTTP.
#include "sandboxprocess.h"
#include "scriptedserver.h"
#include "tableformatter.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// Whether this build runs under AddressSanitizer, which reserves terabytes of address space: no address-space limit
// can be put on its programs.
constexpr bool kAddressSanitizer =
#if defined(__SANITIZE_ADDRESS__)
    true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    true;
#else
    false;
#endif
#else
    false;
#endif

QByteArray xmlEscaped(const QString &text)
{
    QByteArray out;
    for (const QChar c : text) {
        if (c == u'&')
            out += "&amp;";
        else if (c == u'<')
            out += "&lt;";
        else if (c.unicode() < 0x20)
            out += "&#" + QByteArray::number(c.unicode()) + ';';
        else
            out += QString(c).toUtf8();
    }
    return out;
}

// One DescribeSnapshots page holding every given name, all available manual Redis snapshots of cluster c1.
QByteArray describeSnapshotsPage(const QStringList &names)
{
    QByteArray body = "<DescribeSnapshotsResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\">"
                      "<DescribeSnapshotsResult><Snapshots>";
    for (const QString &name : names) {
        body += "<Snapshot><SnapshotName>" + xmlEscaped(name)
            + "</SnapshotName><SnapshotStatus>available</SnapshotStatus><SnapshotSource>manual</SnapshotSource>"
              "<CacheClusterId>c1</CacheClusterId><Engine>redis</Engine></Snapshot>";
    }
    body += "</Snapshots></DescribeSnapshotsResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
            "</DescribeSnapshotsResponse>";
    return body;
}

} // namespace

class TestTableFormatter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cell_data();
    void cell();
    void hugeNameAndManyRows();
    void controlCharactersCannotForgeRows();

private:
    ProgramRun listSnapshots(const QStringList &names, qint64 addressSpaceLimitKiB = 0);

    QString m_cli;
    QTemporaryDir m_home;
};

void TestTableFormatter::initTestCase()
{
    m_cli = findBuiltBinary(u"cachesnap-cli"_s);
    QVERIFY2(!m_cli.isEmpty(), "cachesnap-cli is not built");
    QVERIFY(m_home.isValid());
}

void TestTableFormatter::cell_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<qsizetype>("width");
    QTest::addColumn<QString>("shown");

    QTest::newRow("plain") << u"my-snapshot"_s << qsizetype(80) << u"my-snapshot"_s;
    QTest::newRow("empty") << QString() << qsizetype(80) << QString();
    QTest::newRow("exactly the width") << u"abcde"_s << qsizetype(5) << u"abcde"_s;
    QTest::newRow("one more than the width") << u"abcdef"_s << qsizetype(5) << u"abcd\u2026"_s;
    QTest::newRow("newline, CR, tab") << u"a\nb\rc\td"_s << qsizetype(80) << u"a\\nb\\rc\\td"_s;
    QTest::newRow("escape and NUL") << u"\x1b[2Jx"_s + QChar(0) << qsizetype(80) << u"\\x1b[2Jx\\x00"_s;
    QTest::newRow("DEL and C1 NEL") << u"a\x7f\u0085"_s << qsizetype(80) << u"a\\x7f\\u0085"_s;
    QTest::newRow("line and paragraph separators") << u"a\u2028b\u2029"_s << qsizetype(80) << u"a\\u2028b\\u2029"_s;
    QTest::newRow("bidirectional override") << u"abc\u202edcba"_s << qsizetype(80) << u"abc\\u202edcba"_s;
    QTest::newRow("a backslash is doubled") << u"a\\nb"_s << qsizetype(80) << u"a\\\\nb"_s;
    QTest::newRow("an escape is never cut in half") << u"ab\ncd"_s << qsizetype(4) << u"ab\u2026"_s;
    QTest::newRow("a surrogate pair is never cut in half")
        << u"abc\U0001F600\U0001F600"_s << qsizetype(5) << u"abc\u2026"_s;
    QTest::newRow("a pair that fits") << u"ab\U0001F600"_s << qsizetype(5) << u"ab\U0001F600"_s;
    QTest::newRow("a lone surrogate") << QString(u"a"_s + QChar(0xd800) + u"b"_s) << qsizetype(80) << u"a\\ud800b"_s;
    QTest::newRow("non-ASCII text is kept") << u"\u00fc\u4e2d-\u00e9"_s << qsizetype(80) << u"\u00fc\u4e2d-\u00e9"_s;
}

void TestTableFormatter::cell()
{
    QFETCH(QString, value);
    QFETCH(qsizetype, width);
    QFETCH(QString, shown);
    QCOMPARE(TableFormatter::cell(value, width), shown);
    QVERIFY(TableFormatter::cell(value, width).size() <= width);
}

ProgramRun TestTableFormatter::listSnapshots(const QStringList &names, qint64 addressSpaceLimitKiB)
{
    ScriptedServer server;
    if (!server.listen())
        return {};
    const QByteArray page = describeSnapshotsPage(names);
    server.setHandler([&page](const RecordedRequest &, int) { return ScriptedResponse::xml(200, page); });
    QProcessEnvironment env = isolatedAwsEnvironment(m_home.path(), u"AKIDTABLE"_s, u"table-secret"_s, u"us-east-1"_s);
    const QStringList arguments {u"--endpoint-url"_s, server.url().toString(), u"describe-snapshots"_s};
    if (addressSpaceLimitKiB <= 0)
        return runProgramInEventLoop(m_cli, arguments, env);
    // A shell sets the limit and then becomes the program.
    return runProgramInEventLoop(
        u"/bin/sh"_s,
        QStringList {u"-c"_s, u"ulimit -v %1 && exec \"$0\" \"$@\""_s.arg(addressSpaceLimitKiB), m_cli} + arguments,
        env);
}

void TestTableFormatter::hugeNameAndManyRows()
{
    // A 1 MiB name among 20,000 rows: once cost about 39 GiB (every row padded to the widest name).
    constexpr qsizetype rows = 20000;
    QStringList names;
    names.reserve(rows);
    const QString huge = u"huge-"_s + QString(1024 * 1024, u'x');
    names.append(huge);
    for (qsizetype i = 1; i < rows; ++i)
        names.append(u"snap-%1"_s.arg(i, 5, 10, QChar(u'0')));

    // Memory proportional to the output: the whole run fits in 2 GiB of address space (not under ASan).
    const ProgramRun run = listSnapshots(names, kAddressSanitizer ? 0 : 2 * 1024 * 1024);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QStringList lines = QString::fromUtf8(run.out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), rows + 2); // header, one line per snapshot, the count
    QCOMPARE(lines.constLast(), u"%1 snapshots"_s.arg(rows));
    const QString cut = u"huge-"_s + QString(TableFormatter::maxCellWidth - 6, u'x') + u'\u2026';
    QVERIFY2(lines.at(1).startsWith(cut + u"  available"), qPrintable(lines.at(1).left(200)));
    // Every line is bounded by the columns' bounded widths, and the output by its rows.
    for (const QString &line : lines)
        QVERIFY2(line.size() <= 8 * (TableFormatter::maxCellWidth + 2), qPrintable(line.left(200)));
    QVERIFY2(run.out.size() < rows * 200, qPrintable(QString::number(run.out.size())));
    QVERIFY2(lines.at(2).startsWith(u"snap-00001" + QString(TableFormatter::maxCellWidth - 10, u' ') + u"  available"),
             qPrintable(lines.at(2)));
}

void TestTableFormatter::controlCharactersCannotForgeRows()
{
    // A name with a newline once printed as two lines, the second looking like a snapshot of its own.
    const QString forged = u"innocent\nforged-backup  available  manual"_s;
    // XML 1.0 has no escape (the C0 controls but tab, LF and CR cannot travel in it), but NEL and LS can.
    const QString others = u"tab\there\rcr\u0085nel\u2028ls\u202eevil"_s;
    const ProgramRun run = listSnapshots({forged, others, u"plain"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QStringList lines = QString::fromUtf8(run.out).split(u'\n');
    // The header, three rows, the count, and nothing after the last newline.
    QCOMPARE(lines.size(), 6);
    QVERIFY(lines.constFirst().startsWith(u"NAME"));
    const qsizetype statusColumn = lines.constFirst().indexOf(u"STATUS");
    const QStringList shown {u"innocent\\nforged-backup  available  manual"_s,
                             u"tab\\there\\rcr\\u0085nel\\u2028ls\\u202eevil"_s, u"plain"_s};
    for (qsizetype i = 0; i < shown.size(); ++i) {
        const QString &line = lines.at(i + 1);
        QVERIFY2(line.startsWith(shown.at(i) + u' '), qPrintable(line));
        QVERIFY2(line.mid(statusColumn).startsWith(u"available  manual  c1"), qPrintable(line));
    }
    QCOMPARE(lines.at(4), u"3 snapshots"_s);
    QCOMPARE(lines.at(5), QString());
    for (const char16_t c : {u'\r', u'\t', u'\u0085', u'\u2028', u'\u202e'})
        QVERIFY2(!QString::fromUtf8(run.out).contains(QChar(c)), qPrintable(QString::number(c, 16)));
}

QTEST_GUILESS_MAIN(TestTableFormatter)

#include "tst_tableformatter.moc"
