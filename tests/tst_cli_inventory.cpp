// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// cachesnap-cli inventory against the in-process sandbox serving several accounts and regions, with profiles in a
// temporary AWS config: the table, CSV and JSON outputs, a failed connection and a region not enabled (stderr and
// exit status), and the defaults.
#include "commandline.h"
#include "csv.h"
#include "endpointresolver.h"
#include "inventorycommand.h"
#include "sandboxprocess.h"
#include "sandboxserver.h"
#include "sandboxstate.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr auto kHomeAccount = "123456789012"_L1;
constexpr auto kOtherAccount = "210987654321"_L1;
constexpr auto kOtherKey = "AKIDINVOTHER"_L1;
constexpr auto kOtherSecret = "inventory-other-secret"_L1;

// "profile|account|region|snapshot name": one row of the inventory.
using Row = QString;

Row makeRow(const QString &profile, const QString &account, const QString &region, const QString &name)
{
    return QStringList {profile, account, region, name}.join(u'|');
}

} // namespace

class TestCliInventory final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void table();
    void sequentialPrintsTheSameRows();
    void csv();
    void jsonHasTheSnapshotsOwnMembers();
    void failedConnectionAndRegionNotEnabled();
    void defaults();
    void usageErrors_data();
    void usageErrors();
    void csvField_data();
    void csvField();
    void connectionsFromTheOptions();

private:
    ProgramRun cli(const QStringList &arguments, const QMap<QString, QString> &environment = {});
    // Every snapshot the sandbox holds for account in region, as rows of profile.
    QSet<Row> expectedRows(const QString &profile, const QString &account, const QString &region) const;

    std::unique_ptr<SandboxServer> m_server;
    QTemporaryDir m_home;
    QString m_cli;
};

void TestCliInventory::initTestCase()
{
    m_cli = findBuiltBinary(u"cachesnap-cli"_s);
    QVERIFY2(!m_cli.isEmpty(), "cachesnap-cli is not built");
    SandboxConfig config;
    config.seed = 31;
    config.seedSnapshots = 25;
    config.seedAnchor = QDateTime(QDate(2026, 11, 1), QTime(12, 0), Qt::UTC);
    config.regions = {u"eu-west-1"_s};
    config.accountKeys = {{QString(kOtherAccount), QString(kOtherKey), QString(kOtherSecret), {}}};
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));

    QVERIFY(m_home.isValid());
    QFile configFile(m_home.filePath(u"config"_s));
    QVERIFY(configFile.open(QIODevice::WriteOnly));
    configFile.write("[default]\nregion = us-east-1\n[profile other]\nregion = eu-west-1\n");
    QFile credentials(m_home.filePath(u"credentials"_s));
    QVERIFY(credentials.open(QIODevice::WriteOnly));
    credentials.write(u"[default]\naws_access_key_id = %1\naws_secret_access_key = %2\n"
                      "[other]\naws_access_key_id = %3\naws_secret_access_key = %4\n"
                      "[wrong]\naws_access_key_id = AKIDNOSUCHKEY\naws_secret_access_key = nothing\n"_s
                          .arg(SandboxDefaults::accessKeyId, SandboxDefaults::secretAccessKey, kOtherKey, kOtherSecret)
                          .toUtf8());
}

void TestCliInventory::cleanupTestCase()
{
    m_server.reset();
}

ProgramRun TestCliInventory::cli(const QStringList &arguments, const QMap<QString, QString> &environment)
{
    QProcessEnvironment env = isolatedAwsEnvironment(m_home.path(), {}, {}, {});
    for (const QString &name : {u"AWS_ACCESS_KEY_ID"_s, u"AWS_SECRET_ACCESS_KEY"_s, u"AWS_DEFAULT_REGION"_s})
        env.remove(name);
    env.insert(u"AWS_CONFIG_FILE"_s, m_home.filePath(u"config"_s));
    env.insert(u"AWS_SHARED_CREDENTIALS_FILE"_s, m_home.filePath(u"credentials"_s));
    env.insert(u"AWS_MAX_ATTEMPTS"_s, u"1"_s);
    env.insert(u"CACHESNAP_NO_KEYCHAIN"_s, u"1"_s);
    for (auto it = environment.cbegin(); it != environment.cend(); ++it)
        env.insert(it.key(), it.value());
    return runProgramInEventLoop(m_cli, arguments + QStringList {u"--endpoint-url"_s, m_server->url().toString()}, env);
}

QSet<Row> TestCliInventory::expectedRows(const QString &profile, const QString &account, const QString &region) const
{
    SandboxState *state = m_server->state(account, region);
    if (!state)
        return {};
    QSet<Row> rows;
    const QJsonObject json = state->toJson();
    for (const QString &list : {u"snapshots"_s, u"serverlessSnapshots"_s}) {
        for (const QJsonValue &item : json.value(list).toArray()) {
            const QJsonObject object = item.toObject();
            const QString name
                = object.value(u"SnapshotName"_s).toString(object.value(u"ServerlessCacheSnapshotName"_s).toString());
            rows.insert(makeRow(profile, account, region, name));
        }
    }
    return rows;
}

void TestCliInventory::table()
{
    const ProgramRun run
        = cli({u"inventory"_s, u"--profiles"_s, u"default,other"_s, u"--regions"_s, u"us-east-1,eu-west-1"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY2(run.err.isEmpty(), run.err.constData());

    QSet<Row> expected;
    for (const QString &region : {u"us-east-1"_s, u"eu-west-1"_s}) {
        expected += expectedRows(u"default"_s, QString(kHomeAccount), region);
        expected += expectedRows(u"other"_s, QString(kOtherAccount), region);
    }
    const QStringList lines = QString::fromUtf8(run.out).split(u'\n', Qt::SkipEmptyParts);
    QVERIFY(lines.size() > 3);
    QVERIFY2(lines.first().startsWith(u"PROFILE  ACCOUNT       REGION     NAME"_s), qPrintable(lines.first()));
    QSet<Row> rows;
    for (const QString &line : lines.mid(1, lines.size() - 2)) {
        const QStringList cells = line.split(u' ', Qt::SkipEmptyParts);
        rows.insert(makeRow(cells.at(0), cells.at(1), cells.at(2), cells.at(3)));
    }
    QCOMPARE(rows, expected);
    QCOMPARE(lines.size() - 2, expected.size()); // each snapshot once
    QCOMPARE(lines.last(), u"%1 snapshots from 4 of 4 connections"_s.arg(expected.size()));
}

void TestCliInventory::sequentialPrintsTheSameRows()
{
    // Per source (the default) and plain sequential pages: the same rows, byte for byte (rows are printed by
    // connection and name, so the order the pages came in does not show).
    const QStringList arguments {u"--output"_s,      u"csv"_s,       u"inventory"_s,          u"--profiles"_s,
                                 u"default,other"_s, u"--regions"_s, u"us-east-1,eu-west-1"_s};
    const ProgramRun perSource = cli(arguments);
    QVERIFY2(perSource.exitCode == 0, qPrintable(describe(perSource)));
    const ProgramRun sequential = cli(arguments + QStringList {u"--sequential"_s});
    QVERIFY2(sequential.exitCode == 0, qPrintable(describe(sequential)));
    QVERIFY(perSource.out.count('\n') > 40);
    QCOMPARE(perSource.out, sequential.out);
    QVERIFY2(sequential.err.isEmpty(), sequential.err.constData());
}

void TestCliInventory::csv()
{
    const ProgramRun run = cli({u"--output"_s, u"csv"_s, u"inventory"_s, u"--profiles"_s, u"other"_s, u"--regions"_s,
                                u"eu-west-1,us-east-1"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY(run.out.endsWith("\r\n"));
    const QStringList lines = QString::fromUtf8(run.out).split(u"\r\n"_s, Qt::SkipEmptyParts);
    QCOMPARE(lines.first(),
             u"Profile,AccountId,Region,Name,Kind,Type,Source,Status,Engine,EngineVersion,NodeType,"
             "SizeBytes,Created,ARN"_s);
    QSet<Row> rows;
    QStringList regionsInOrder;
    for (const QString &line : lines.mid(1)) {
        const QStringList fields = line.split(u','); // nothing the sandbox seeds needs quoting
        QCOMPARE(fields.size(), 14);
        rows.insert(makeRow(fields.at(0), fields.at(1), fields.at(2), fields.at(3)));
        QVERIFY2(fields.at(13).startsWith(u"arn:aws:elasticache:%1:%2:"_s.arg(fields.at(2), fields.at(1))),
                 qPrintable(line));
        QVERIFY(fields.at(4) == u"node-based" || fields.at(4) == u"serverless");
        bool number = false;
        fields.at(11).toLongLong(&number);
        QVERIFY2(number || fields.at(11).isEmpty(), qPrintable(line));
        if (regionsInOrder.isEmpty() || regionsInOrder.last() != fields.at(2))
            regionsInOrder.append(fields.at(2));
    }
    QCOMPARE(rows,
             expectedRows(u"other"_s, QString(kOtherAccount), u"eu-west-1"_s)
                 + expectedRows(u"other"_s, QString(kOtherAccount), u"us-east-1"_s));
    // Connections in the order given.
    QCOMPARE(regionsInOrder, (QStringList {u"eu-west-1"_s, u"us-east-1"_s}));
}

void TestCliInventory::jsonHasTheSnapshotsOwnMembers()
{
    const ProgramRun run = cli({u"--output"_s, u"json"_s, u"inventory"_s, u"--profiles"_s, u"other,default"_s,
                                u"--regions"_s, u"eu-west-1"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonObject document = parseObject(run.out);

    // Each snapshot is what describe-snapshots prints for its connection, after Profile, AccountId and Region.
    for (const auto &[profile, account] :
         {std::pair {u"other"_s, QString(kOtherAccount)}, std::pair {u"default"_s, QString(kHomeAccount)}}) {
        for (const auto &[command, list] :
             {std::pair {u"describe-snapshots"_s, u"Snapshots"_s},
              std::pair {u"describe-serverless-cache-snapshots"_s, u"ServerlessCacheSnapshots"_s}}) {
            const ProgramRun single
                = cli({u"--output"_s, u"json"_s, u"--profile"_s, profile, u"--region"_s, u"eu-west-1"_s, command});
            QVERIFY2(single.exitCode == 0, qPrintable(describe(single)));
            QJsonArray expected = parseObject(single.out).value(list).toArray();
            QVERIFY(!expected.isEmpty());
            QJsonArray listed;
            for (const QJsonValue &value : document.value(list).toArray()) {
                QJsonObject object = value.toObject();
                if (object.value(u"Profile"_s).toString() != profile)
                    continue;
                QCOMPARE(object.value(u"AccountId"_s).toString(), account);
                QCOMPARE(object.value(u"Region"_s).toString(), u"eu-west-1"_s);
                for (const QString &added : {u"Profile"_s, u"AccountId"_s, u"Region"_s})
                    object.remove(added);
                listed.append(object);
            }
            const auto byName = [](const QJsonArray &array) {
                QMap<QString, QJsonObject> map;
                for (const QJsonValue &value : array) {
                    const QJsonObject object = value.toObject();
                    map.insert(object.value(u"SnapshotName"_s)
                                   .toString(object.value(u"ServerlessCacheSnapshotName"_s).toString()),
                               object);
                }
                return map;
            };
            QCOMPARE(byName(listed), byName(expected));
        }
    }
    // The members come first in the text (QJsonObject sorts its keys, so look at the bytes).
    const qsizetype profileAt = run.out.indexOf("\"Profile\"");
    QVERIFY(profileAt > 0);
    QVERIFY(profileAt < run.out.indexOf("\"SnapshotName\""));

    const QJsonArray connections = document.value(u"Connections"_s).toArray();
    QCOMPARE(connections.size(), 2);
    QCOMPARE(connections.at(0).toObject().value(u"Profile"_s).toString(), u"other"_s);
    QCOMPARE(connections.at(0).toObject().value(u"State"_s).toString(), u"Done"_s);
    QCOMPARE(connections.at(1).toObject().value(u"AccountId"_s).toString(), QString(kHomeAccount));
}

void TestCliInventory::failedConnectionAndRegionNotEnabled()
{
    const QStringList arguments
        = {u"inventory"_s, u"--profiles"_s, u"default,wrong"_s, u"--regions"_s, u"us-east-1,ap-east-1"_s};
    const ProgramRun run = cli(arguments);
    // The service refused the wrong key: the first failed connection's status, 254.
    QCOMPARE(run.exitCode, 254);
    const QString err = QString::fromUtf8(run.err);
    // The profile's regions refused for the same reason are one line.
    QVERIFY2(err.startsWith(u"cachesnap-cli: inventory: profile wrong, regions us-east-1, ap-east-1: AWS did not "
                            "accept the credentials (InvalidClientTokenId)"_s),
             qPrintable(err));
    QVERIFY2(err.contains(u"cachesnap-cli: inventory: not enabled for account 123456789012 (profile default), "
                          "skipped: ap-east-1\n"_s),
             qPrintable(err));
    QCOMPARE(err.count(u'\n'), 2);
    // The good connection's rows are all there.
    const QString out = QString::fromUtf8(run.out);
    for (const Row &row : expectedRows(u"default"_s, QString(kHomeAccount), u"us-east-1"_s))
        QVERIFY2(out.contains(row.section(u'|', 3)), qPrintable(row));
    QVERIFY2(out.contains(u"from 1 of 4 connections (2 failed, 1 not enabled)"_s), qPrintable(out));

    const ProgramRun json = cli(QStringList {u"--output"_s, u"json"_s} + arguments);
    QCOMPARE(json.exitCode, 254);
    const QJsonArray connections = parseObject(json.out).value(u"Connections"_s).toArray();
    QStringList states;
    for (const QJsonValue &connection : connections)
        states.append(connection.toObject().value(u"State"_s).toString());
    QCOMPARE(states, (QStringList {u"Done"_s, u"NotEnabled"_s, u"Failed"_s, u"Failed"_s}));
    const QJsonObject failed = connections.at(2).toObject().value(u"Error"_s).toObject();
    QCOMPARE(failed.value(u"Code"_s).toString(), u"InvalidClientTokenId"_s);
    QVERIFY(!parseObject(json.out).value(u"Snapshots"_s).toArray().isEmpty());

    // A profile that is not configured: a configuration error, 253, and the others still listed.
    const ProgramRun missing
        = cli({u"inventory"_s, u"--profiles"_s, u"nosuch,other"_s, u"--regions"_s, u"eu-west-1"_s});
    QCOMPARE(missing.exitCode, 253);
    QVERIFY2(missing.err.startsWith("cachesnap-cli: inventory: profile nosuch, region eu-west-1: "), missing.err);
    QVERIFY(missing.out.contains("from 1 of 2 connections (1 failed)"));
}

void TestCliInventory::defaults()
{
    // --profile and --region stand for --profiles and --regions.
    ProgramRun run = cli({u"--profile"_s, u"other"_s, u"--region"_s, u"eu-west-1"_s, u"inventory"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY(run.out.contains("other    210987654321  eu-west-1"));
    QVERIFY(run.out.contains(" from 1 of 1 connection\n"));
    // Nothing given: the chain's default profile (AWS_PROFILE here) in its own region.
    run = cli({u"inventory"_s}, {{u"AWS_PROFILE"_s, u"other"_s}});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QStringList lines = QString::fromUtf8(run.out).split(u'\n', Qt::SkipEmptyParts);
    QSet<Row> rows;
    for (const QString &line : lines.mid(1, lines.size() - 2)) {
        const QStringList cells = line.split(u' ', Qt::SkipEmptyParts);
        rows.insert(makeRow(cells.at(0), cells.at(1), cells.at(2), cells.at(3)));
    }
    QCOMPARE(rows, expectedRows(u"other"_s, QString(kOtherAccount), u"eu-west-1"_s));
}

void TestCliInventory::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    QTest::newRow("region") << QStringList {u"inventory"_s, u"--regions"_s, u"eu-west-1,moon-1"_s}
                            << u"--regions: \"moon-1\" is not a region name (or \"all\")."_s;
    QTest::newRow("empty profile") << QStringList {u"inventory"_s, u"--profiles"_s, u"a,,b"_s}
                                   << u"--profiles takes names separated by commas"_s;
    QTest::newRow("csv elsewhere") << QStringList {u"--output"_s, u"csv"_s, u"describe-snapshots"_s}
                                   << u"describe-snapshots does not print CSV"_s;
    QTest::newRow("output") << QStringList {u"--output"_s, u"xml"_s, u"inventory"_s}
                            << u"--output takes \"json\" or \"table\" (or \"csv\" where a command says so)"_s;
    // A set is listed whole: 1,001 profiles in 10 regions are 10 connections too many.
    QStringList profiles;
    for (int i = 0; i <= 1000; ++i)
        profiles.append(u"p%1"_s.arg(i));
    const QString regions = u"us-east-1,us-east-2,us-west-1,us-west-2,eu-west-1,eu-west-2,eu-west-3,eu-central-1,"
                            "ap-southeast-1,ap-southeast-2"_s;
    const QString tooMany = u"--profiles and --regions name %1 connections; at most %2 are listed at once."_s.arg(
        QLocale().toString(10010), QLocale().toString(10000));
    const QStringList where {u"--profiles"_s, profiles.join(u','), u"--regions"_s, regions};
    QTest::newRow("too many connections, inventory") << QStringList {u"inventory"_s} + where << tooMany;
    QTest::newRow("too many connections, plan-cleanup")
        << QStringList {u"plan-cleanup"_s, u"--source-gone"_s} + where << tooMany;
}

void TestCliInventory::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    const ProgramRun run = cli(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(error.toUtf8()), run.err.constData());
    QVERIFY(run.out.isEmpty());
}

void TestCliInventory::csvField_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("field");
    QTest::newRow("plain") << u"demo-before-upgrade"_s << u"demo-before-upgrade"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("comma") << u"a,b"_s << u"\"a,b\""_s;
    QTest::newRow("quote") << u"say \"hi\""_s << u"\"say \"\"hi\"\"\""_s;
    QTest::newRow("line break") << u"a\nb"_s << u"\"a\nb\""_s;
    QTest::newRow("blank ends") << u" a"_s << u"\" a\""_s;
    QTest::newRow("formula") << u"=HYPERLINK(1)"_s << u"'=HYPERLINK(1)"_s;
    QTest::newRow("formula with comma") << u"@SUM(1,2)"_s << u"\"'@SUM(1,2)\""_s;
    QTest::newRow("negative number") << u"-12"_s << u"-12"_s;
    QTest::newRow("minus word") << u"-x"_s << u"'-x"_s;
    QTest::newRow("unicode") << u"snapshot-é"_s << u"snapshot-é"_s;
}

void TestCliInventory::csvField()
{
    QFETCH(QString, text);
    QFETCH(QString, field);
    QCOMPARE(Csv::field(text), field);
    QCOMPARE(Csv::line({text, u"x"_s}), field + u",x\r\n"_s);
}

void TestCliInventory::connectionsFromTheOptions()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QFile configFile(home.filePath(u"config"_s));
    QVERIFY(configFile.open(QIODevice::WriteOnly));
    configFile.write("[default]\nregion = eu-west-1\n[profile china]\nregion = cn-north-1\n");
    configFile.close();
    for (const char *name : {"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"})
        qunsetenv(name); // the files alone decide
    qputenv("AWS_CONFIG_FILE", home.filePath(u"config"_s).toUtf8());
    qputenv("AWS_SHARED_CREDENTIALS_FILE", home.filePath(u"credentials"_s).toUtf8());
    const auto connections = [](const QStringList &arguments) {
        const auto parsed = CommandLine::parse(QStringList {u"cachesnap-cli"_s} + arguments);
        const auto *command = std::get_if<ParsedCommandLine>(&parsed);
        return command ? InventoryCommand::connections(*command) : QList<ConnectionChoice>();
    };

    // "all" is every region of each profile's own partition.
    const QList<ConnectionChoice> all
        = connections({u"inventory"_s, u"--profiles"_s, u"china,default"_s, u"--regions"_s, u"all"_s,
                       u"--endpoint-url"_s, u"http://127.0.0.1:9"_s});
    const QStringList china = EndpointResolver::regions(u"aws-cn"_s);
    const QStringList commercial = EndpointResolver::regions(u"aws"_s);
    QCOMPARE(all.size(), china.size() + commercial.size());
    for (qsizetype i = 0; i < all.size(); ++i) {
        const bool first = i < china.size();
        QCOMPARE(all.at(i).profile, first ? u"china"_s : u"default"_s);
        QCOMPARE(all.at(i).region, first ? china.at(i) : commercial.at(i - china.size()));
        QCOMPARE(all.at(i).endpointUrl, u"http://127.0.0.1:9"_s);
    }
    // Profiles first, each pair once.
    QCOMPARE(connections({u"inventory"_s, u"--profiles"_s, u"a,b,a"_s, u"--regions"_s, u"us-east-1,eu-west-1"_s}),
             (QList<ConnectionChoice> {{u"a"_s, u"us-east-1"_s, {}, false},
                                       {u"a"_s, u"eu-west-1"_s, {}, false},
                                       {u"b"_s, u"us-east-1"_s, {}, false},
                                       {u"b"_s, u"eu-west-1"_s, {}, false}}));
    // The global options stand in; without them, the chain's default profile in its own region.
    QCOMPARE(connections({u"--profile"_s, u"p"_s, u"inventory"_s, u"--region"_s, u"us-west-2"_s}),
             (QList<ConnectionChoice> {{u"p"_s, u"us-west-2"_s, {}, false}}));
    QCOMPARE(connections({u"inventory"_s}), (QList<ConnectionChoice> {{QString(), QString(), {}, false}}));
    qunsetenv("AWS_CONFIG_FILE");
    qunsetenv("AWS_SHARED_CREDENTIALS_FILE");
}

QTEST_GUILESS_MAIN(TestCliInventory)
#include "tst_cli_inventory.moc"
