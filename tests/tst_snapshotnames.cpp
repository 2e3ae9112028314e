// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotnames.h"

#include <QTest>

using namespace Qt::StringLiterals;

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
    QTest::newRow("simple") << u"nightly-1"_s << true;
    QTest::newRow("one letter") << u"a"_s << true;
    QTest::newRow("uppercase kept valid") << u"Before-Upgrade"_s << true;
    QTest::newRow("40 chars") << QString(40, u'a') << true;
    QTest::newRow("41 chars") << QString(41, u'a') << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("starts with digit") << u"1abc"_s << false;
    QTest::newRow("starts with hyphen") << u"-abc"_s << false;
    QTest::newRow("double hyphen") << u"a--b"_s << false;
    QTest::newRow("trailing hyphen") << u"abc-"_s << false;
    QTest::newRow("dot") << u"a.b"_s << false;
    QTest::newRow("underscore") << u"a_b"_s << false;
    QTest::newRow("space") << u"a b"_s << false;
    QTest::newRow("non-ascii letter") << u"caf\u00e9"_s << false;
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
    QTest::newRow("simple") << u"my-exports"_s << true;
    QTest::newRow("dots") << u"exports.example.com"_s << true;
    QTest::newRow("too short") << u"ab"_s << false;
    QTest::newRow("too long") << QString(64, u'a') << false;
    QTest::newRow("uppercase") << u"MyBucket"_s << false;
    QTest::newRow("underscore") << u"my_bucket"_s << false;
    QTest::newRow("double dot") << u"a..b"_s << false;
    QTest::newRow("label ends with hyphen") << u"abc-.def"_s << false;
    QTest::newRow("ip address") << u"192.168.1.10"_s << false;
    QTest::newRow("digits only") << u"123456"_s << true; // no IP address to S3: only four dotted numbers are
    QTest::newRow("three dotted numbers") << u"10.20.30"_s << true;
    QTest::newRow("five dotted numbers") << u"1.2.3.4.5"_s << true;
}

void TestSnapshotNames::bucketName()
{
    QFETCH(QString, name);
    QFETCH(bool, ok);
    QCOMPARE(SnapshotNames::checkBucketName(name).ok, ok);
}

void TestSnapshotNames::copyTargetName()
{
    QVERIFY(SnapshotNames::checkCopyTargetName(u"Copy of backup \u00fc"_s).ok);
    QVERIFY(SnapshotNames::checkCopyTargetName(QString(1000, u'x')).ok);
    QVERIFY(!SnapshotNames::checkCopyTargetName(QString(1001, u'x')).ok);
    QVERIFY(!SnapshotNames::checkCopyTargetName(QString()).ok);
    QVERIFY(!SnapshotNames::checkCopyTargetName(u"a\nb"_s).ok);
}

void TestSnapshotNames::derivedName_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("group") << u"my-redis-rg"_s << u"2026-11-25-0612"_s;
    QTest::newRow("automatic source") << u"automatic.my-redis-rg-2024-03-02-04-05"_s << u"copy"_s;
    QTest::newRow("long") << QString(80, u'b') << u"2026-11-25-0612"_s;
    QTest::newRow("digit start") << u"0001-cluster"_s << u"x"_s;
    QTest::newRow("symbols only") << u"..."_s << u"1"_s;
}

void TestSnapshotNames::derivedName()
{
    QFETCH(QString, base);
    QFETCH(QString, suffix);
    const QString name = SnapshotNames::derivedName(base, suffix);
    const auto verdict = SnapshotNames::checkManualName(name);
    QVERIFY2(verdict.ok, qPrintable(name + u": "_s + verdict.reason));
    QVERIFY(name.endsWith(suffix));
}

QTEST_GUILESS_MAIN(TestSnapshotNames)
#include "tst_snapshotnames.moc"
