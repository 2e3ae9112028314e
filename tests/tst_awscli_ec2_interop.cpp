// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The sandbox's EC2 through the real AWS CLI (awscli v1 on PATH and Debian's v2): `aws ec2 describe-security-groups
// --endpoint-url` against a cachesnap-sandbox process, so botocore's EC2Serializer and EC2QueryParser read what the
// sandbox writes. A few calls per CLI: every group, filters, names, and the unknown-id error.
#include "awscli.h"
#include "sandboxprocess.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString kDefaultVpc = u"vpc-0e1a5c0de0000d001"_s;
const QString kOtherVpc = u"vpc-0e1a5c0de0000d002"_s;
const QString kDefaultGroup = u"sg-0e1a5c0de00000001"_s;
const QString kRedisGroup = u"sg-0e1a5c0de00000002"_s;
const QString kOtherDefaultGroup = u"sg-0e1a5c0de00000003"_s;

QStringList strings(const QJsonValue &array, const QString &member)
{
    QStringList list;
    for (const QJsonValue &item : array.toArray())
        list.append(item.toObject().value(member).toString());
    return list;
}

} // namespace

class TestAwsCliEc2Interop final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void init();

    void everyGroup();
    void filtersAndNames();
    void unknownGroup();

private:
    ProgramRun aws(const QStringList &arguments);

    QTemporaryDir m_home;
    QString m_cli;
    int m_errorExit = 255;
    std::unique_ptr<SandboxProcess> m_sandbox;
};

void TestAwsCliEc2Interop::initTestCase_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<int>("errorExit");

    const AwsClis clis = findAwsClis();
    QTest::newRow("awscli-v1") << clis.v1 << 255;
    QTest::newRow("awscli-v2") << clis.v2 << 254;
}

void TestAwsCliEc2Interop::initTestCase()
{
    QVERIFY(m_home.isValid());
    m_sandbox = std::make_unique<SandboxProcess>();
    QVERIFY2(m_sandbox->start({u"--seed-snapshots"_s, u"2"_s}), qPrintable(m_sandbox->error()));
}

void TestAwsCliEc2Interop::init()
{
    QFETCH_GLOBAL(QString, program);
    QFETCH_GLOBAL(int, errorExit);
    if (program.isEmpty())
        QSKIP("this AWS CLI is not installed");
    m_cli = program;
    m_errorExit = errorExit;
}

ProgramRun TestAwsCliEc2Interop::aws(const QStringList &arguments)
{
    const QProcessEnvironment environment
        = isolatedAwsEnvironment(m_home.path(), u"AKIDSANDBOX"_s, u"sandbox-secret-key"_s, u"us-east-1"_s);
    return runProgram(m_cli,
                      QStringList {u"ec2"_s, u"describe-security-groups"_s} + arguments
                          + QStringList {u"--endpoint-url"_s, m_sandbox->url(), u"--output"_s, u"json"_s},
                      environment);
}

void TestAwsCliEc2Interop::everyGroup()
{
    const ProgramRun run = aws({});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonArray groups = parseObject(run.out).value(u"SecurityGroups"_s).toArray();
    QCOMPARE(strings(groups, u"GroupId"_s), QStringList({kDefaultGroup, kRedisGroup, kOtherDefaultGroup}));
    QCOMPARE(strings(groups, u"GroupName"_s), QStringList({u"default"_s, u"cachesnap-redis"_s, u"default"_s}));
    QCOMPARE(strings(groups, u"VpcId"_s), QStringList({kDefaultVpc, kDefaultVpc, kOtherVpc}));
    QCOMPARE(strings(groups, u"OwnerId"_s), QStringList(3, u"123456789012"_s));
    // The nested rules and tags survive botocore's parser: the Redis group lets 6379-6380 in from the VPC.
    const QJsonObject redis = groups.at(1).toObject();
    const QJsonObject rule = redis.value(u"IpPermissions"_s).toArray().at(0).toObject();
    QCOMPARE(rule.value(u"IpProtocol"_s).toString(), u"tcp"_s);
    QCOMPARE(rule.value(u"FromPort"_s).toInt(), 6379);
    QCOMPARE(rule.value(u"ToPort"_s).toInt(), 6380);
    QCOMPARE(strings(rule.value(u"IpRanges"_s), u"CidrIp"_s), QStringList {u"10.0.0.0/16"_s});
    QCOMPARE(strings(redis.value(u"Tags"_s), u"Key"_s), QStringList({u"Name"_s, u"owner"_s}));
    // A default group admits its own members.
    const QJsonObject self = groups.at(0)
                                 .toObject()
                                 .value(u"IpPermissions"_s)
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(u"UserIdGroupPairs"_s)
                                 .toArray()
                                 .at(0)
                                 .toObject();
    QCOMPARE(self.value(u"GroupId"_s).toString(), kDefaultGroup);
}

void TestAwsCliEc2Interop::filtersAndNames()
{
    ProgramRun run
        = aws({u"--filters"_s, u"Name=vpc-id,Values="_s + kDefaultVpc, u"Name=group-name,Values=cachesnap-*"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(strings(parseObject(run.out).value(u"SecurityGroups"_s), u"GroupId"_s), QStringList {kRedisGroup});

    // Names are the default VPC's: "default" is that VPC's group, not the other VPC's.
    run = aws({u"--group-names"_s, u"default"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(strings(parseObject(run.out).value(u"SecurityGroups"_s), u"GroupId"_s), QStringList {kDefaultGroup});
}

void TestAwsCliEc2Interop::unknownGroup()
{
    const ProgramRun run = aws({u"--group-ids"_s, kDefaultGroup, u"sg-0e1a5c0de00000099"_s});
    QCOMPARE(run.exitCode, m_errorExit);
    QVERIFY2(run.err.contains("An error occurred (InvalidGroup.NotFound) when calling the DescribeSecurityGroups "
                              "operation: The security group 'sg-0e1a5c0de00000099' does not exist"),
             qPrintable(describe(run)));
}

QTEST_GUILESS_MAIN(TestAwsCliEc2Interop)
#include "tst_awscli_ec2_interop.moc"
