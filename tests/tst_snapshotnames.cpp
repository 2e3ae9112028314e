// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotnames.h"

#include <QTest>

class TestSnapshotNames final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void manualName_data();
    void manualName();
    void bucketName_data();
    void bucketName();
    void copyTargetName();
    void derivedName_data();
    void derivedName();
};

void TestSnapshotNames::manualName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("ok");
    QTest::newRow("simple") << u"nightly-1"_qs << true;
    QTest::newRow("one letter") << u"a"_qs << true;
    QTest::newRow("uppercase kept valid") << u"Before-Upgrade"_qs << true;
    QTest::newRow("40 chars") << QString(40, u'a') << true;
    QTest::newRow("41 chars") << QString(41, u'a') << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("starts with digit") << u"1abc"_qs << false;
    QTest::newRow("starts with hyphen") << u"-abc"_qs << false;
    QTest::newRow("double hyphen") << u"a--b"_qs << false;
    QTest::newRow("trailing hyphen") << u"abc-"_qs << false;
    QTest::newRow("dot") << u"a.b"_qs << false;
    QTest::newRow("underscore") << u"a_b"_qs << false;
    QTest::newRow("space") << u"a b"_qs << false;
    QTest::newRow("non-ascii letter") << u"caf\u00e9"_qs << false;
}

void TestSnapshotNames::manualName()
{
    QFETCH(QString, name);
    QFETCH(bool, ok);
    const auto verdict = SnapshotNames::checkManualName(name);
    QCOMPARE(verdict.ok, ok);
    QCOMPARE(verdict.reason.isEmpty(), ok);
}

void TestSnapshotNames::bucketName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("ok");
    QTest::newRow("simple") << u"my-exports"_qs << true;
    QTest::newRow("dots") << u"exports.example.com"_qs << true;
    QTest::newRow("too short") << u"ab"_qs << false;
    QTest::newRow("too long") << QString(64, u'a') << false;
    QTest::newRow("uppercase") << u"MyBucket"_qs << false;
    QTest::newRow("underscore") << u"my_bucket"_qs << false;
    QTest::newRow("double dot") << u"a..b"_qs << false;
    QTest::newRow("label ends with hyphen") << u"abc-.def"_qs << false;
    QTest::newRow("ip address") << u"192.168.1.10"_qs << false;
    QTest::newRow("digits only") << u"123456"_qs << true; // no IP address to S3: only four dotted numbers are
    QTest::newRow("three dotted numbers") << u"10.20.30"_qs << true;
    QTest::newRow("five dotted numbers") << u"1.2.3.4.5"_qs << true;
}

void TestSnapshotNames::bucketName()
{
    QFETCH(QString, name);
    QFETCH(bool, ok);
    QCOMPARE(SnapshotNames::checkBucketName(name).ok, ok);
}

void TestSnapshotNames::copyTargetName()
{
    QVERIFY(SnapshotNames::checkCopyTargetName(u"Copy of backup \u00fc"_qs).ok);
    QVERIFY(SnapshotNames::checkCopyTargetName(QString(1000, u'x')).ok);
    QVERIFY(!SnapshotNames::checkCopyTargetName(QString(1001, u'x')).ok);
    QVERIFY(!SnapshotNames::checkCopyTargetName(QString()).ok);
    QVERIFY(!SnapshotNames::checkCopyTargetName(u"a\nb"_qs).ok);
}

void TestSnapshotNames::derivedName_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("group") << u"my-redis-rg"_qs << u"2026-11-25-0612"_qs;
    QTest::newRow("automatic source") << u"automatic.my-redis-rg-2024-03-02-04-05"_qs << u"copy"_qs;
    QTest::newRow("long") << QString(80, u'b') << u"2026-11-25-0612"_qs;
    QTest::newRow("digit start") << u"0001-cluster"_qs << u"x"_qs;
    QTest::newRow("symbols only") << u"..."_qs << u"1"_qs;
}

void TestSnapshotNames::derivedName()
{
    QFETCH(QString, base);
    QFETCH(QString, suffix);
    const QString name = SnapshotNames::derivedName(base, suffix);
    const auto verdict = SnapshotNames::checkManualName(name);
    QVERIFY2(verdict.ok, qPrintable(name + u": "_qs + verdict.reason));
    QVERIFY(name.endsWith(suffix));
}

QTEST_GUILESS_MAIN(TestSnapshotNames)
#include "tst_snapshotnames.moc"
