// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "redaction.h"

#include <QTest>

class TestRedaction final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void headerValue_data();
    void headerValue();
    void formBody_data();
    void formBody();
    void xmlBody_data();
    void xmlBody();
    void knownSecrets_data();
    void knownSecrets();
};

void TestRedaction::headerValue_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("expected");

    // The Authorization header of the wire capture "describe-all".
    QTest::newRow("authorization keeps scope, drops signature")
        << QByteArray("Authorization")
        << QByteArray("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/elasticache/aws4_request, "
                      "SignedHeaders=content-type;host;x-amz-date, "
                      "Signature=63ea071755763affbf072358d9418817642e06239248c4c411f65cd42f41be8f")
        << QByteArray("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/elasticache/aws4_request, "
                      "SignedHeaders=content-type;host;x-amz-date, Signature=<redacted>");
    QTest::newRow("authorization, any case")
        << QByteArray("authorization") << QByteArray("AWS4-HMAC-SHA256 Credential=A/b, signature=abc")
        << QByteArray("AWS4-HMAC-SHA256 Credential=A/b, signature=<redacted>");
    QTest::newRow("basic authorization whole")
        << QByteArray("Authorization") << QByteArray("Basic dXNlcjpwYXNz") << QByteArray("<redacted>");
    QTest::newRow("security token") << QByteArray("X-Amz-Security-Token") << QByteArray("FwoGZXIvYXdzEXAMPLE//+=")
                                    << QByteArray("<redacted>");
    QTest::newRow("security token lower case")
        << QByteArray("x-amz-security-token") << QByteArray("abc") << QByteArray("<redacted>");
    QTest::newRow("cookie") << QByteArray("Cookie") << QByteArray("session=1") << QByteArray("<redacted>");
    QTest::newRow("date untouched") << QByteArray("X-Amz-Date") << QByteArray("20261124T150813Z")
                                    << QByteArray("20261124T150813Z");
    QTest::newRow("content type untouched")
        << QByteArray("Content-Type") << QByteArray("application/x-www-form-urlencoded; charset=utf-8")
        << QByteArray("application/x-www-form-urlencoded; charset=utf-8");
}

void TestRedaction::headerValue()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(Redaction::headerValue(name, value), expected);
}

void TestRedaction::formBody_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("describe untouched") << QByteArray("Action=DescribeSnapshots&Version=2015-02-02&MaxRecords=20&"
                                                      "Marker=page-2-token")
                                        << QByteArray("Action=DescribeSnapshots&Version=2015-02-02&MaxRecords=20&"
                                                      "Marker=page-2-token");
    QTest::newRow("auth token") << QByteArray("Action=CreateReplicationGroup&AuthToken=hunter2%21&Port=6379")
                                << QByteArray("Action=CreateReplicationGroup&AuthToken=<redacted>&Port=6379");
    QTest::newRow("passwords") << QByteArray("Action=CreateUser&Passwords.member.1=p1&Passwords.member.2=p2")
                               << QByteArray("Action=CreateUser&Passwords.member.1=<redacted>&Passwords.member.2=<"
                                             "redacted>");
    QTest::newRow("secret key") << QByteArray("SecretAccessKey=abc&x=1")
                                << QByteArray("SecretAccessKey=<redacted>&x=1");
    QTest::newRow("empty") << QByteArray() << QByteArray();
}

void TestRedaction::formBody()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    QCOMPARE(Redaction::formBody(body), expected);
}

void TestRedaction::xmlBody_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("snapshot answer untouched")
        << QByteArray("<DescribeSnapshotsResponse><DescribeSnapshotsResult><Marker>m</Marker></DescribeSnapshotsResult>"
                      "</DescribeSnapshotsResponse>")
        << QByteArray("<DescribeSnapshotsResponse><DescribeSnapshotsResult><Marker>m</Marker></DescribeSnapshotsResult>"
                      "</DescribeSnapshotsResponse>");
    QTest::newRow("sts credentials") << QByteArray("<Credentials><AccessKeyId>ASIA1</AccessKeyId>"
                                                   "<SecretAccessKey>wJal/K7+x</SecretAccessKey>"
                                                   "<SessionToken>FwoG==</SessionToken></Credentials>")
                                     << QByteArray("<Credentials><AccessKeyId>ASIA1</AccessKeyId>"
                                                   "<SecretAccessKey><redacted></SecretAccessKey>"
                                                   "<SessionToken><redacted></SessionToken></Credentials>");
    QTest::newRow("attributes and namespace") << QByteArray("<a xmlns=\"x\"><AuthToken id=\"1\">t0k</AuthToken></a>")
                                              << QByteArray("<a xmlns=\"x\"><AuthToken id=\"1\"><redacted></AuthToken>"
                                                            "</a>");
    // What an XML reader reads, however it is written.
    QTest::newRow("CDATA") << QByteArray("<C><SecretAccessKey><![CDATA[cdataSecret]]></SecretAccessKey></C>")
                           << QByteArray("<C><SecretAccessKey><redacted></SecretAccessKey></C>");
    QTest::newRow("undeclared prefix") << QByteArray("<C><s:SessionToken>prefixedToken</s:SessionToken></C>")
                                       << QByteArray("<C><s:SessionToken><redacted></s:SessionToken></C>");
    QTest::newRow("split by a comment") << QByteArray(
        "<C><SecretAccessKey>firstHalf<!-- - -->secondHalf</SecretAccessKey></C>")
                                        << QByteArray("<C><SecretAccessKey><redacted></SecretAccessKey></C>");
    QTest::newRow("split by a processing instruction")
        << QByteArray("<C><SessionToken>tokenA<?x y?>tokenB</SessionToken ></C>")
        << QByteArray("<C><SessionToken><redacted></SessionToken ></C>");
    QTest::newRow("value repeated elsewhere")
        << QByteArray("<C><SecretAccessKey><![CDATA[repeatedSecret]]></SecretAccessKey><Note>repeatedSecret</Note></C>")
        << QByteArray("<C><SecretAccessKey><redacted></SecretAccessKey><Note><redacted></Note></C>");
    QTest::newRow("cut short inside a secret")
        << QByteArray("<C><AccessKeyId>ASIA2</AccessKeyId><SecretAccessKey>cutShortSec")
        << QByteArray("<C><AccessKeyId>ASIA2</AccessKeyId><SecretAccessKey><redacted>");
    QTest::newRow("malformed before a secret")
        << QByteArray("junk <x><SecretAccessKey>afterJunkSecret</SecretAccessKey></x>")
        << QByteArray("junk <x><SecretAccessKey><redacted></SecretAccessKey></x>");
    QTest::newRow("html page untouched") << QByteArray("<html><body><h1>502 Bad Gateway</h1></body></html>")
                                         << QByteArray("<html><body><h1>502 Bad Gateway</h1></body></html>");
}

void TestRedaction::xmlBody()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    QCOMPARE(Redaction::xmlBody(body), expected);
}

void TestRedaction::knownSecrets_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArrayList>("secrets");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("secret key anywhere") << QByteArray("oops wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY leaked")
                                         << QByteArrayList {"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
                                         << QByteArray("oops <redacted> leaked");
    QTest::newRow("empty secret ignored")
        << QByteArray("abc") << QByteArrayList {QByteArray(), "zzz"} << QByteArray("abc");
    QTest::newRow("two secrets, twice") << QByteArray("t1 s1 t1") << QByteArrayList {"s1", "t1"}
                                        << QByteArray("<redacted> <redacted> <redacted>");
}

void TestRedaction::knownSecrets()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArrayList, secrets);
    QFETCH(QByteArray, expected);
    QCOMPARE(Redaction::knownSecrets(text, secrets), expected);
}

QTEST_GUILESS_MAIN(TestRedaction)
#include "tst_redaction.moc"
