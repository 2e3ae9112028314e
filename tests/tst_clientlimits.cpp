// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "elasticacheclient.h"
#include "hostileserver.h"
#include "testsupport.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QLocale>
#include <QTest>

#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

// The ElastiCache client against hostile servers on loopback: answers that never end, trickle, lie about their
// length, never stop paging, are far too large, carry an error in a 200, or a Date thousands of years away. Each
// runs with small limits (a 300 ms deadline, a 1 MiB cap, 50 pages), so that none takes more than a second or two.

namespace {
constexpr int kWaitMs = 10000; // a ceiling for a hung job; every test here ends well within it once fixed
constexpr qint64 kMiB = 1024 * 1024;

QByteArray snapshotsPage(int first, int count, const QString &marker)
{
    QByteArray xml = "<DescribeSnapshotsResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\">"
                     "<DescribeSnapshotsResult>";
    if (!marker.isEmpty())
        xml += "<Marker>" + marker.toUtf8() + "</Marker>";
    xml += "<Snapshots>";
    for (int i = first; i < first + count; ++i) {
        xml += "<Snapshot><SnapshotName>snap-" + QByteArray::number(i)
            + "</SnapshotName><SnapshotStatus>available</SnapshotStatus><SnapshotSource>manual</SnapshotSource>"
              "</Snapshot>";
    }
    xml += "</Snapshots></DescribeSnapshotsResult><ResponseMetadata><RequestId>rid-1</RequestId>"
           "</ResponseMetadata></DescribeSnapshotsResponse>";
    return xml;
}

QByteArray errorDocument(const QByteArray &code, const QByteArray &message)
{
    return "<ErrorResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\"><Error><Type>Sender</Type>"
           "<Code>"
        + code + "</Code><Message>" + message + "</Message></Error><RequestId>err-rid</RequestId></ErrorResponse>";
}

QByteArray describe(const std::optional<ApiResult<QList<Snapshot>>> &result)
{
    if (!result)
        return "no result";
    return result->ok() ? QByteArray("ok, ") + QByteArray::number(result->value().size()) + " snapshots"
                        : result->error().toString().toUtf8();
}

struct Limits
{
    int totalTimeoutMs = 300;
    int transferTimeoutMs = 5000;
    qint64 maxAnswerBytes = kMiB;
    int maxPages = 50;
    qint64 maxItems = 1000000;
    int maxAttempts = 3;

    static Limits withDeadline(int ms)
    {
        Limits limits;
        limits.totalTimeoutMs = ms;
        return limits;
    }
    static Limits withMaxItems(qint64 items)
    {
        Limits limits;
        limits.maxItems = items;
        return limits;
    }
};

std::unique_ptr<ElastiCacheClient> makeClient(const QUrl &endpoint, const Limits &limits)
{
    AwsCredentials credentials;
    credentials.accessKeyId = u"AKIDEXAMPLE"_s;
    credentials.secretAccessKey = u"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"_s;
    credentials.source = u"test"_s;
    ClientConfig config;
    config.region = u"us-east-1"_s;
    config.endpoint = endpoint;
    config.credentials = std::make_shared<StaticCredentialsProvider>(credentials);
    config.retry = RetryConfig::forMode(RetryConfig::Mode::Standard);
    config.retry.maxAttempts = limits.maxAttempts;
    config.totalTimeoutMs = limits.totalTimeoutMs;
    config.transferTimeoutMs = limits.transferTimeoutMs;
    config.maxAnswerBytes = limits.maxAnswerBytes;
    config.maxPages = limits.maxPages;
    config.maxItems = limits.maxItems;
    auto client = std::make_unique<ElastiCacheClient>(config);
    client->setRetryRandomSource([] { return 0.0; });
    return client;
}

// Lists the snapshots through client and waits for the one result.
std::optional<ApiResult<QList<Snapshot>>> listAll(ElastiCacheClient &client)
{
    std::optional<ApiResult<QList<Snapshot>>> result;
    client.describeSnapshots({})->onFinished(&client, [&result](const ApiResult<QList<Snapshot>> &r) { result = r; });
    return waitFor(result, kWaitMs);
}
} // namespace

class TestClientLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void totalDeadline_data();
    void totalDeadline();
    void answerSizeCap_data();
    void answerSizeCap();
    void endlessPages_data();
    void endlessPages();
    void shortBodyIsNeverAnAnswer();
    void errorDocumentIn200_data();
    void errorDocumentIn200();
    void farAwayDate_data();
    void farAwayDate();
    void hugeValuesInAnAnswer();
    void hugeErrorTexts_data();
    void hugeErrorTexts();
};

void TestClientLimits::initTestCase()
{
    unsetAwsVariables();
}

void TestClientLimits::totalDeadline_data()
{
    QTest::addColumn<int>("kind"); // 0: trickled body, 1: endless chunked answer
    QTest::newRow("body trickled one byte every 20 ms") << 0;
    QTest::newRow("chunked answer that never ends") << 1;
}

// However steadily bytes come, one attempt ends at its deadline, with a timeout that is retried as a timeout is.
void TestClientLimits::totalDeadline()
{
    QFETCH(int, kind);
    HostileServer server([kind](const QByteArray &, int) {
        return kind == 0 ? HostileAnswer::trickle(snapshotsPage(0, 20, QString()), 20)
                         : HostileAnswer::endlessChunked(20);
    });
    QVERIFY(server.listen());
    auto client = makeClient(server.url(), Limits {});
    QElapsedTimer elapsed;
    elapsed.start();
    const auto result = listAll(*client);
    QVERIFY2(result && !result->ok(), describe(result).constData());
    const ApiError &error = result->error();
    QCOMPARE(error.kind, ApiError::Kind::Timeout);
    QCOMPARE(error.code, u"Timeout"_s);
    QVERIFY2(error.message.contains(u"did not complete within 300 ms"_s), qPrintable(error.message));
    QCOMPARE(error.attempts, 3);
    QCOMPARE(server.requests(), 3);
    QVERIFY2(elapsed.elapsed() < 3000, qPrintable(QString::number(elapsed.elapsed())));
}

void TestClientLimits::answerSizeCap_data()
{
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<bool>("announced");
    QTest::newRow("64 MiB announced by Content-Length") << 64 * kMiB << true;
    // Streamed on and on: the client must hang up long before the end, however late its thread runs.
    QTest::newRow("1 GiB chunked, no length") << 1024 * kMiB << false;
    QTest::newRow("cap + 1 byte, chunked") << kMiB + 1 << false;
}

// An answer past the cap is abandoned as soon as it passes it, not read whole, and not retried.
void TestClientLimits::answerSizeCap()
{
    QFETCH(qint64, bytes);
    QFETCH(bool, announced);
    HostileServer server([=](const QByteArray &, int) { return HostileAnswer::huge(bytes, announced); });
    QVERIFY(server.listen());
    auto client = makeClient(server.url(), Limits::withDeadline(20000));
    const auto result = listAll(*client);
    QVERIFY2(result && !result->ok(), describe(result).constData());
    QCOMPARE(result->error().kind, ApiError::Kind::Parse);
    QCOMPARE(result->error().code, u"ResponseTooLarge"_s);
    QVERIFY2(result->error().message.contains(u"larger than 1 MiB"_s), qPrintable(result->error().message));
    QCOMPARE(server.requests(), 1);
    // The client stopped reading before the server ran out of bytes to send. How long before depends on when the
    // client's thread runs: Qt's network thread reads on meanwhile, and what the server wrote includes what the
    // kernel buffers on loopback (several MiB). 64 MiB streamed were all written in one run of five on an idle
    // 2-core machine (some 30 ms of loopback), so the stream is a gibibyte: its end is seconds away.
    if (bytes > 16 * kMiB)
        QVERIFY2(server.bytesWritten() < bytes, qPrintable(QString::number(server.bytesWritten())));

    // An answer just under the cap is read.
    QByteArray page = snapshotsPage(0, 1, QString());
    const QByteArray padding = "<!--" + QByteArray(kMiB - page.size() - 8, 'p') + "-->";
    page.insert(page.indexOf("<DescribeSnapshotsResult>"), padding);
    QVERIFY(page.size() <= kMiB);
    HostileServer fits([page](const QByteArray &, int) { return HostileAnswer::respond(200, page); });
    QVERIFY(fits.listen());
    auto fitsClient = makeClient(fits.url(), Limits::withDeadline(20000));
    const auto read = listAll(*fitsClient);
    QVERIFY2(read && read->ok(), describe(read).constData());
    QCOMPARE(read->value().size(), 1);
}

void TestClientLimits::endlessPages_data()
{
    QTest::addColumn<int>("itemsPerPage");
    QTest::addColumn<int>("lastPage"); // 0: never
    QTest::addColumn<qint64>("maxItems");
    QTest::addColumn<QString>("error"); // empty: the listing succeeds
    QTest::addColumn<int>("maxRequests");

    QTest::newRow("a new Marker on every page") << 1 << 0 << qint64(1000000) << u"50 pages"_s << 50;
    QTest::newRow("exactly the page limit") << 1 << 50 << qint64(1000000) << QString() << 50;
    QTest::newRow("more items than allowed") << 10 << 0 << qint64(125) << u"130 items in 13 pages"_s << 14;
    QTest::newRow("exactly the item limit") << 10 << 13 << qint64(130) << QString() << 13;
}

// A service that never stops paging makes the listing stop with a clear error at a bound.
void TestClientLimits::endlessPages()
{
    QFETCH(int, itemsPerPage);
    QFETCH(int, lastPage);
    QFETCH(qint64, maxItems);
    QFETCH(QString, error);
    QFETCH(int, maxRequests);
    HostileServer server([=](const QByteArray &, int index) {
        const bool last = lastPage > 0 && index + 1 == lastPage;
        return HostileAnswer::respond(
            200, snapshotsPage(index * itemsPerPage, itemsPerPage, last ? QString() : u"m-%1"_s.arg(index)));
    });
    QVERIFY(server.listen());
    auto client = makeClient(server.url(), Limits::withMaxItems(maxItems));
    const auto result = listAll(*client);
    QVERIFY(result);
    if (error.isEmpty()) {
        QVERIFY2(result->ok(), describe(result).constData());
        QCOMPARE(result->value().size(), lastPage * itemsPerPage);
        QCOMPARE(server.requests(), lastPage);
        return;
    }
    QVERIFY2(!result->ok(), describe(result).constData());
    QCOMPARE(result->error().kind, ApiError::Kind::Parse);
    QCOMPARE(result->error().code, u"PaginationLimit"_s);
    QVERIFY2(result->error().message.startsWith(u"DescribeSnapshots stopped after "_s + error + u':'),
             qPrintable(result->error().message));
    QVERIFY2(result->error().message.contains(u"at most 50 pages and %1 items"_s.arg(maxItems)),
             qPrintable(result->error().message));
    QVERIFY2(server.requests() <= maxRequests, qPrintable(QString::number(server.requests())));
}

// A Content-Length longer than the body, then a close: never a whole answer, even when what came is a complete
// document; retried as a dropped connection is.
void TestClientLimits::shortBodyIsNeverAnAnswer()
{
    for (int run = 0; run < 10; ++run) {
        HostileServer server(
            [](const QByteArray &, int) { return HostileAnswer::shortBody(snapshotsPage(0, 3, QString()), 40); });
        QVERIFY(server.listen());
        auto client = makeClient(server.url(), Limits::withDeadline(5000));
        const auto result = listAll(*client);
        QVERIFY2(result && !result->ok(), describe(result).constData());
        QCOMPARE(result->error().kind, ApiError::Kind::Network);
        QCOMPARE(result->error().attempts, 3);
        QCOMPARE(server.requests(), 3);
    }
}

void TestClientLimits::errorDocumentIn200_data()
{
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<int>("requests");
    QTest::addColumn<bool>("succeeds"); // the second answer is a page
    QTest::newRow("not retried") << QByteArray("CacheClusterNotFound") << 1 << false;
    QTest::newRow("throttling, retried") << QByteArray("Throttling") << 2 << true;
}

// An HTTP 200 whose body is an <ErrorResponse> is the service's error, retried as that error is.
void TestClientLimits::errorDocumentIn200()
{
    QFETCH(QByteArray, code);
    QFETCH(int, requests);
    QFETCH(bool, succeeds);
    HostileServer server([code](const QByteArray &, int index) {
        if (index == 0)
            return HostileAnswer::respond(200, errorDocument(code, "Something is wrong."));
        return HostileAnswer::respond(200, snapshotsPage(0, 2, QString()));
    });
    QVERIFY(server.listen());
    auto client = makeClient(server.url(), Limits {});
    const auto result = listAll(*client);
    QVERIFY(result);
    QCOMPARE(server.requests(), requests);
    if (succeeds) {
        QVERIFY2(result->ok(), describe(result).constData());
        QCOMPARE(result->value().size(), 2);
        return;
    }
    QVERIFY2(!result->ok(), describe(result).constData());
    QCOMPARE(result->error().kind, ApiError::Kind::Service);
    QCOMPARE(result->error().code, QString::fromLatin1(code));
    QCOMPARE(result->error().message, u"Something is wrong."_s);
    QCOMPARE(result->error().httpStatus, 200);
    QCOMPARE(result->error().requestId, u"err-rid"_s);
}

void TestClientLimits::farAwayDate_data()
{
    QTest::addColumn<QByteArray>("date");
    QTest::addColumn<bool>("corrected");
    // Java SDK v2's bound: a skew that fits an int of seconds (68 years) is corrected, a larger one is not.
    QTest::newRow("year 9999") << QByteArray("Fri, 31 Dec 9999 23:59:59 GMT") << false;
    QTest::newRow("year 1900") << QByteArray("Mon, 01 Jan 1900 00:00:00 GMT") << false;
    QTest::newRow("a day ahead") << QLocale::c()
                                        .toString(QDateTime::currentDateTimeUtc().addDays(1),
                                                  u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s)
                                        .toLatin1()
                                 << true;
}

// A clock-skew error whose Date is thousands of years away is reported, not taken as a correction of our clock.
void TestClientLimits::farAwayDate()
{
    QFETCH(QByteArray, date);
    QFETCH(bool, corrected);
    HostileServer server([date](const QByteArray &, int index) {
        if (index == 0)
            return HostileAnswer::respond(400, errorDocument("RequestExpired", "Request has expired."), date);
        return HostileAnswer::respond(200, snapshotsPage(0, 1, QString()), date);
    });
    QVERIFY(server.listen());
    auto client = makeClient(server.url(), Limits {});
    const auto result = listAll(*client);
    QVERIFY(result);
    if (corrected) {
        QVERIFY2(result->ok(), describe(result).constData());
        QCOMPARE(server.requests(), 2);
        QVERIFY(std::abs(client->clockOffsetMs() - 24 * 3600 * 1000LL) < 5000);
        return;
    }
    QVERIFY2(!result->ok(), describe(result).constData());
    QCOMPARE(result->error().code, u"RequestExpired"_s);
    QCOMPARE(server.requests(), 1);
    QCOMPARE(client->clockOffsetMs(), 0);
}

// Values that would overflow a 64-bit integer are parse errors or saturate, never undefined behaviour (run under
// UBSan in the dev-asan preset).
void TestClientLimits::hugeValuesInAnAnswer()
{
    const QByteArray start = "<DescribeSnapshotsResponse><DescribeSnapshotsResult><Snapshots><Snapshot>"
                             "<SnapshotName>big</SnapshotName><NodeSnapshots>";
    const QByteArray end = "</NodeSnapshots></Snapshot></Snapshots></DescribeSnapshotsResult>"
                           "</DescribeSnapshotsResponse>";
    const QByteArray shard = "<NodeSnapshot><CacheSize>4000000 TB</CacheSize></NodeSnapshot>";
    const QByteArray epoch = "<NodeSnapshot><SnapshotCreateTime>12345678901234567</SnapshotCreateTime></NodeSnapshot>";
    HostileServer server([&](const QByteArray &, int index) {
        return HostileAnswer::respond(200, start + (index == 0 ? shard + shard + shard : epoch) + end);
    });
    QVERIFY(server.listen());
    auto client = makeClient(server.url(), Limits {});

    const auto sizes = listAll(*client);
    QVERIFY2(sizes && sizes->ok(), describe(sizes).constData());
    QCOMPARE(sizes->value().size(), 1);
    QCOMPARE(sizes->value().constFirst().totalSizeBytes(), std::numeric_limits<qint64>::max());

    const auto time = listAll(*client);
    QVERIFY2(time && !time->ok(), describe(time).constData());
    QCOMPARE(time->error().kind, ApiError::Kind::Parse);
    QVERIFY2(time->error().message.contains(u"<SnapshotCreateTime> is not a timestamp"_s),
             qPrintable(time->error().message));
}

void TestClientLimits::hugeErrorTexts_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("error status") << 400;
    QTest::newRow("error document in 200") << 200;
}

// A server's error message goes to the error bar and the terminal: half a megabyte of it is cut to a size they can
// show, saying how much was cut, and so is a huge request id.
void TestClientLimits::hugeErrorTexts()
{
    QFETCH(int, status);
    const QByteArray message(512 * 1024, 'm'); // within the test client's cap on an answer (1 MiB)
    const QByteArray requestId(100000, 'r');
    HostileServer server([&](const QByteArray &, int) {
        return HostileAnswer::respond(status,
                                      "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameterValue"
                                      "</Code><Message>"
                                          + message + "</Message></Error><RequestId>" + requestId
                                          + "</RequestId></ErrorResponse>");
    });
    QVERIFY(server.listen());
    auto client = makeClient(server.url(), Limits {});
    const auto result = listAll(*client);
    QVERIFY(result && !result->ok());
    const ApiError &error = result->error();
    QCOMPARE(error.code, u"InvalidParameterValue"_s);
    const QString kept(ApiError::kMostMessageChars, u'm');
    QCOMPARE(error.message, kept + u"… (%1 more characters)"_s.arg(message.size() - ApiError::kMostMessageChars));
    QCOMPARE(error.requestId, QString(ApiError::kMostTokenChars, u'r') + u'…');
}

QTEST_GUILESS_MAIN(TestClientLimits)
#include "tst_clientlimits.moc"
