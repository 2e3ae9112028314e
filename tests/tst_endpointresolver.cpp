// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "endpointresolver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

using namespace EndpointResolver;

class TestEndpointResolver final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resolveRegion_data();
    void resolveRegion();
    void regionNames_data();
    void regionNames();
    void endpointOverride_data();
    void endpointOverride();
    void loopback_data();
    void loopback();
    void regionLists();
    void matchesInstalledBotocore();
};

void TestEndpointResolver::resolveRegion_data()
{
    QTest::addColumn<QString>("region");
    QTest::addColumn<bool>("fips");
    QTest::addColumn<QString>("url"); // expected, or empty for an error
    QTest::addColumn<QString>("code"); // expected error code
    const auto ok = [](const char *name, const char *region, bool fips, const char *url) {
        QTest::newRow(name) << QString::fromLatin1(region) << fips << QString::fromLatin1(url) << QString();
    };
    const auto bad = [](const char *name, const char *region, bool fips, const char *code) {
        QTest::newRow(name) << QString::fromLatin1(region) << fips << QString() << QString::fromLatin1(code);
    };
    ok("us-east-1", "us-east-1", false, "https://elasticache.us-east-1.amazonaws.com/");
    ok("eu-west-1", "eu-west-1", false, "https://elasticache.eu-west-1.amazonaws.com/");
    ok("ap-southeast-7", "ap-southeast-7", false, "https://elasticache.ap-southeast-7.amazonaws.com/");
    ok("china", "cn-north-1", false, "https://elasticache.cn-north-1.amazonaws.com.cn/");
    ok("china ningxia", "cn-northwest-1", false, "https://elasticache.cn-northwest-1.amazonaws.com.cn/");
    ok("govcloud", "us-gov-west-1", false, "https://elasticache.us-gov-west-1.amazonaws.com/");
    ok("sovereign cloud", "eusc-de-east-1", false, "https://elasticache.eusc-de-east-1.amazonaws.eu/");
    ok("future aws region", "eu-west-9", false, "https://elasticache.eu-west-9.amazonaws.com/");
    ok("future china region", "cn-south-7", false, "https://elasticache.cn-south-7.amazonaws.com.cn/");
    ok("unclaimed name falls back to aws", "xx-central-1", false, "https://elasticache.xx-central-1.amazonaws.com/");
    ok("fips us-east-1", "us-east-1", true, "https://elasticache-fips.us-east-1.amazonaws.com/");
    ok("fips us-west-2", "us-west-2", true, "https://elasticache-fips.us-west-2.amazonaws.com/");
    ok("fips govcloud west", "us-gov-west-1", true, "https://elasticache.us-gov-west-1.amazonaws.com/");
    ok("fips govcloud east", "us-gov-east-1", true, "https://elasticache.us-gov-east-1.amazonaws.com/");
    // endpoints.json lists no ElastiCache FIPS endpoint for the Canadian regions.
    bad("no fips in ca-central-1", "ca-central-1", true, "FipsNotOffered");
    bad("no fips in eu-west-1", "eu-west-1", true, "FipsNotOffered");
    bad("no fips in china", "cn-north-1", true, "FipsNotOffered");
    bad("spaces", "us east 1", false, "InvalidRegion");
    bad("upper case", "US-EAST-1", false, "InvalidRegion");
    bad("empty", "", false, "InvalidRegion");
    bad("no number", "us-east", false, "InvalidRegion");
    bad("host injection", "us-east-1.evil.com/x", false, "InvalidRegion");
    bad("trailing dash", "us-east-1-", false, "InvalidRegion");
}

void TestEndpointResolver::resolveRegion()
{
    QFETCH(QString, region);
    QFETCH(bool, fips);
    QFETCH(QString, url);
    QFETCH(QString, code);
    Options options;
    options.fips = fips;
    const ApiResult<QUrl> result = resolve(region, options);
    if (url.isEmpty()) {
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, ApiError::Kind::Config);
        QCOMPARE(result.error().code, code);
        QVERIFY(!result.error().message.isEmpty());
        if (fips)
            QVERIFY(!offersFips(region));
    } else {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QCOMPARE(result.value().toString(), url);
        if (fips)
            QVERIFY(offersFips(region));
    }
}

void TestEndpointResolver::regionNames_data()
{
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("partition");
    QTest::newRow("aws") << u"us-east-1"_s << u"aws"_s;
    QTest::newRow("china") << u"cn-north-1"_s << u"aws-cn"_s;
    QTest::newRow("gov") << u"us-gov-east-1"_s << u"aws-us-gov"_s;
    QTest::newRow("iso") << u"us-iso-east-1"_s << u"aws-iso"_s;
    QTest::newRow("unknown gov by pattern") << u"us-gov-north-4"_s << u"aws-us-gov"_s;
    QTest::newRow("garbage") << u"us east 1"_s << QString();
    QTest::newRow("tab") << u"us-east-1\t"_s << QString();
    QTest::newRow("unicode") << u"us-eäst-1"_s << QString();
}

void TestEndpointResolver::regionNames()
{
    QFETCH(QString, region);
    QFETCH(QString, partition);
    QCOMPARE(partitionOf(region), partition);
    QCOMPARE(isValidRegionName(region), !partition.isEmpty());
}

void TestEndpointResolver::endpointOverride_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<bool>("fips");
    QTest::addColumn<QString>("url"); // expected, or empty for an InvalidEndpoint error
    QTest::newRow("loopback v4") << u"http://127.0.0.1:4566"_s << false << u"http://127.0.0.1:4566/"_s;
    QTest::newRow("loopback v4 range") << u"http://127.9.8.7:80/"_s << false << u"http://127.9.8.7:80/"_s;
    QTest::newRow("loopback v6") << u"http://[::1]:8080"_s << false << u"http://[::1]:8080/"_s;
    QTest::newRow("localhost") << u"http://localhost:1234"_s << false << u"http://localhost:1234/"_s;
    QTest::newRow("LOCALHOST") << u"HTTP://LOCALHOST:1234"_s << false << u"http://localhost:1234/"_s;
    QTest::newRow("https anywhere") << u"https://vpce-1.elasticache.us-east-1.vpce.amazonaws.com"_s << false
                                    << u"https://vpce-1.elasticache.us-east-1.vpce.amazonaws.com/"_s;
    QTest::newRow("https with path") << u"https://proxy.example.com/aws/"_s << false
                                     << u"https://proxy.example.com/aws/"_s;
    QTest::newRow("http to a LAN host") << u"http://192.168.1.5:4566"_s << false << QString();
    QTest::newRow("http to a name") << u"http://example.com"_s << false << QString();
    QTest::newRow("http to 127.0.0.1.nip.io") << u"http://127.0.0.1.nip.io"_s << false << QString();
    QTest::newRow("http to localhost.evil.com") << u"http://localhost.evil.com"_s << false << QString();
    QTest::newRow("http to 0.0.0.0") << u"http://0.0.0.0:80"_s << false << QString();
    QTest::newRow("ftp") << u"ftp://127.0.0.1"_s << false << QString();
    QTest::newRow("no host") << u"https://"_s << false << QString();
    QTest::newRow("not a url") << u"not a url"_s << false << QString();
    QTest::newRow("user info") << u"https://me:secret@example.com"_s << false << QString();
    QTest::newRow("query") << u"https://example.com/?x=1"_s << false << QString();
    QTest::newRow("fips with endpoint") << u"https://example.com"_s << true << QString();
}

void TestEndpointResolver::endpointOverride()
{
    QFETCH(QString, endpoint);
    QFETCH(bool, fips);
    QFETCH(QString, url);
    Options options;
    options.fips = fips;
    options.endpointUrl = QUrl(endpoint);
    const ApiResult<QUrl> result = resolve(u"us-east-1"_s, options);
    if (url.isEmpty()) {
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, u"InvalidEndpoint"_s);
        QVERIFY(!result.error().message.contains(u"secret"_s));
    } else {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QCOMPARE(result.value().toString(), url);
    }
    // The region is still checked: it is part of every signature.
    QVERIFY(!resolve(u"us east 1"_s, options).ok());
}

void TestEndpointResolver::loopback_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("loopback");
    QTest::newRow("127.0.0.1") << u"127.0.0.1"_s << true;
    QTest::newRow("127.255.255.254") << u"127.255.255.254"_s << true;
    QTest::newRow("::1") << u"::1"_s << true;
    QTest::newRow("[::1]") << u"[::1]"_s << true;
    QTest::newRow("v4-mapped") << u"::ffff:127.0.0.1"_s << true;
    QTest::newRow("localhost.") << u"localhost."_s << true;
    QTest::newRow("128.0.0.1") << u"128.0.0.1"_s << false;
    QTest::newRow("10.0.0.1") << u"10.0.0.1"_s << false;
    QTest::newRow("::2") << u"::2"_s << false;
    QTest::newRow("v4-mapped LAN") << u"::ffff:10.0.0.1"_s << false;
    QTest::newRow("localhost.localdomain") << u"localhost.localdomain"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestEndpointResolver::loopback()
{
    QFETCH(QString, host);
    QFETCH(bool, loopback);
    QCOMPARE(isLoopbackHost(host), loopback);
}

void TestEndpointResolver::regionLists()
{
    const QStringList ids = partitions();
    QCOMPARE(ids.mid(0, 3), (QStringList {u"aws"_s, u"aws-cn"_s, u"aws-us-gov"_s}));
    QCOMPARE(regions(u"aws-cn"_s), (QStringList {u"cn-north-1"_s, u"cn-northwest-1"_s}));
    QCOMPARE(regions(u"aws-us-gov"_s), (QStringList {u"us-gov-east-1"_s, u"us-gov-west-1"_s}));
    QVERIFY(regions(u"nope"_s).isEmpty());
    const QStringList aws = regions(u"aws"_s);
    QVERIFY(aws.contains(u"us-east-1"_s));
    QVERIFY(aws.contains(u"eu-central-2"_s));
    QVERIFY(!aws.contains(u"cn-north-1"_s));
    QVERIFY(!aws.contains(u"us-east-1-fips"_s)); // deprecated pseudo-regions are not offered
    QVERIFY(std::is_sorted(aws.cbegin(), aws.cend()));
    for (const QString &id : ids) {
        for (const QString &region : regions(id)) {
            QCOMPARE(partitionOf(region), id);
            QVERIFY2(!regionDescription(region).isEmpty(), qPrintable(region));
            QVERIFY(resolve(region).ok());
        }
    }
    QCOMPARE(regionDescription(u"eu-west-1"_s), u"Europe (Ireland)"_s);
}

// Our tables against the botocore installed with the pip AWS CLI, when python3 can import it: the same
// ElastiCache regions per partition, hostnames, and FIPS variants.
void TestEndpointResolver::matchesInstalledBotocore()
{
    QProcess python;
    python.start(u"python3"_s, {u"-c"_s, u"import botocore,os;print(os.path.dirname(botocore.__file__))"_s});
    if (!python.waitForFinished(30000) || python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0)
        QSKIP("python3 with botocore is not installed");
    const QString path = QString::fromUtf8(python.readAllStandardOutput().trimmed()) + u"/data/endpoints.json"_s;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        QSKIP("botocore has no data/endpoints.json");
    const QJsonArray all = QJsonDocument::fromJson(file.readAll()).object().value(u"partitions").toArray();
    QVERIFY(!all.isEmpty());
    qInfo() << "comparing with" << path;

    int checked = 0;
    for (const QJsonValue &pv : all) {
        const QJsonObject p = pv.toObject();
        const QString id = p.value(u"partition").toString();
        const QString suffix = p.value(u"dnsSuffix").toString();
        const QJsonObject service = p.value(u"services").toObject().value(u"elasticache").toObject();
        const QJsonObject endpoints = service.value(u"endpoints").toObject();
        const QJsonArray defaultVariants = service.value(u"defaults").toObject().value(u"variants").toArray();
        QStringList expected;
        for (auto it = endpoints.begin(); it != endpoints.end(); ++it) {
            const QJsonObject e = it.value().toObject();
            if (e.value(u"deprecated").toBool())
                continue;
            const QString region = it.key();
            expected.append(region);
            QCOMPARE(partitionOf(region), id);
            const QString host = e.value(u"hostname").toString(u"elasticache.%1.%2"_s.arg(region, suffix));
            QCOMPARE(resolve(region).value().host(), host);

            QString fipsHost;
            const QJsonArray variants = e.contains(u"variants") ? e.value(u"variants").toArray() : defaultVariants;
            for (const QJsonValue &v : variants) {
                const QJsonObject variant = v.toObject();
                if (variant.value(u"tags").toArray() == QJsonArray {u"fips"_s}) {
                    fipsHost = variant.value(u"hostname").toString();
                    fipsHost.replace(u"{region}"_s, region).replace(u"{dnsSuffix}"_s, suffix);
                }
            }
            QCOMPARE(offersFips(region), !fipsHost.isEmpty());
            if (!fipsHost.isEmpty()) {
                Options fips;
                fips.fips = true;
                QCOMPARE(resolve(region, fips).value().host(), fipsHost);
            }
            ++checked;
        }
        expected.sort();
        QCOMPARE(regions(id), expected);
    }
    QVERIFY(checked > 30);
}

QTEST_GUILESS_MAIN(TestEndpointResolver)
#include "tst_endpointresolver.moc"
