// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The EC2 client (DescribeSecurityGroups, the ec2 protocol) over loopback HTTP: the request as it arrives, byte for
// byte what botocore's EC2Serializer sends (and, where botocore is installed, compared with it live); the answer
// as EC2 writes it; EC2's error documents; every page followed; where the EC2 endpoint comes from. Then the
// in-process sandbox's EC2 through the same client: its seeded groups, filters, errors and pages.

#include "credentialchain.h"
#include "credentialproviders.h"
#include "ec2client.h"
#include "endpointresolver.h"
#include "sandboxec2.h"
#include "sandboxserver.h"
#include "scriptedserver.h"
#include "service/ec2protocol.h"
#include "testsupport.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

ClientConfig configFor(const QUrl &endpoint, const QString &region = u"eu-west-1"_s,
                       const QString &accessKey = u"AKIDEXAMPLE"_s,
                       const QString &secretKey = u"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"_s)
{
    ClientConfig config;
    config.region = region;
    config.endpoint = endpoint;
    AwsCredentials credentials;
    credentials.accessKeyId = accessKey;
    credentials.secretAccessKey = secretKey;
    config.credentials = std::make_shared<StaticCredentialsProvider>(credentials);
    config.retry.maxAttempts = 3;
    config.totalTimeoutMs = 10000;
    return config;
}

ApiResult<Ec2::DescribeSecurityGroupsResult> resultOf(DescribeSecurityGroupsJob *job)
{
    std::optional<ApiResult<Ec2::DescribeSecurityGroupsResult>> result;
    QObject context;
    job->onFinished(&context, [&result](const ApiResult<Ec2::DescribeSecurityGroupsResult> &r) { result = r; });
    const auto value = waitFor(result, 20000);
    if (!value)
        return ApiError::make(ApiError::Kind::Timeout, u"TestTimeout"_s, u"no result"_s);
    return *value;
}

QStringList groupIds(const Ec2::DescribeSecurityGroupsResult &result)
{
    QStringList ids;
    for (const Ec2::SecurityGroup &g : result.securityGroups)
        ids.append(g.groupId);
    return ids;
}

ScriptedResponse ec2Answer(int status, const QByteArray &body)
{
    return ScriptedResponse::xml(status, body);
}

// An answer as EC2 writes one: requestId first, each group's members in EC2's own order, nextToken last.
QByteArray page(const QStringList &ids, const QString &nextToken = {})
{
    QByteArray xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>5f0c1d2e-aaaa-bbbb-cccc-0123456789ab</requestId>
    <securityGroupInfo>)";
    for (const QString &id : ids) {
        xml += "<item><ownerId>123456789012</ownerId><groupId>" + id.toUtf8() + "</groupId><groupName>g-" + id.toUtf8()
            + "</groupName><groupDescription>d</groupDescription><vpcId>vpc-1</vpcId>"
              "<ipPermissions/><ipPermissionsEgress/></item>";
    }
    xml += "</securityGroupInfo>";
    if (!nextToken.isEmpty())
        xml += "<nextToken>" + nextToken.toUtf8() + "</nextToken>";
    xml += "</DescribeSecurityGroupsResponse>";
    return xml;
}

QByteArray ec2Error(const QByteArray &code, const QByteArray &message)
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code + "</Code><Message>"
        + message + "</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>";
}

// botocore's EC2Serializer and AWSRequest over the same input, given as JSON in model order.
constexpr char kBotocoreBody[] = R"(
import json, sys
import botocore.session
from botocore.awsrequest import AWSRequest
from botocore.serialize import create_serializer
model = botocore.session.get_session().get_service_model('ec2')
request = create_serializer('ec2').serialize_to_request(json.loads(sys.argv[1]),
                                                         model.operation_model('DescribeSecurityGroups'))
prepared = AWSRequest(method='POST', url='http://localhost/', data=request['body'],
                      headers=request['headers']).prepare()
sys.stdout.write(prepared.body)
)";

QString pythonWithBotocore()
{
    const QString python = QStandardPaths::findExecutable(u"python3"_s);
    if (python.isEmpty())
        return {};
    QProcess probe;
    probe.start(python, {u"-c"_s, u"import botocore.serialize"_s});
    if (!probe.waitForFinished(30000) || probe.exitCode() != 0)
        return {};
    return python;
}

} // namespace

class TestEc2Client final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void requestIsBotocores();
    void emptyListsSendNothing();
    void readsTheAnswer();
    void followsEveryPage();
    void errors_data();
    void errors();
    void regionalEndpoints_data();
    void regionalEndpoints();
    void endpointResolution_data();
    void endpointResolution();
    void fipsWithAConfiguredEndpointIsRefused();

    void sandboxSeededGroups();
    void sandboxFiltersAndNames();
    void sandboxErrors();
    void sandboxPages();

private:
    void startSandbox();

    QTemporaryDir m_dir;
    std::unique_ptr<SandboxServer> m_sandbox;
};

void TestEc2Client::init()
{
    unsetAwsVariables();
    qputenv("AWS_CONFIG_FILE", m_dir.filePath(u"no-config"_s).toLocal8Bit());
    qputenv("AWS_SHARED_CREDENTIALS_FILE", m_dir.filePath(u"no-credentials"_s).toLocal8Bit());
}

void TestEc2Client::cleanup()
{
    m_sandbox.reset();
}

void TestEc2Client::startSandbox()
{
    SandboxConfig config;
    config.seedSnapshots = 2;
    m_sandbox = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
}

void TestEc2Client::requestIsBotocores()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ec2Answer(200, page({})));
    Ec2Client client(configFor(server.url()));

    Ec2::DescribeSecurityGroupsRequest request;
    request.groupIds = {u"sg-0e1a5c0de00000001"_s, u"sg-0e1a5c0de00000002"_s};
    request.groupNames = {u"default"_s};
    request.nextToken = u"tok+/="_s;
    request.maxResults = 5;
    request.dryRun = false;
    request.filters = {Ec2::Filter {u"vpc-id"_s, {u"vpc-0e1a5c0de0000d001"_s}},
                       Ec2::Filter {u"group-name"_s, {u"cachesnap-*"_s, u"de fault/é"_s}}};
    const auto result = resultOf(client.describeSecurityGroups(request));
    QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));

    QCOMPARE(server.requests().size(), 1);
    const RecordedRequest &sent = server.requests().first();
    QCOMPARE(sent.method, QByteArray("POST"));
    QCOMPARE(sent.target, QByteArray("/"));
    QCOMPARE(sent.header("Content-Type"), QByteArray("application/x-www-form-urlencoded; charset=utf-8"));
    QVERIFY2(sent.header("Authorization").contains("/eu-west-1/ec2/aws4_request"), sent.header("Authorization"));
    // What botocore 1.43's EC2Serializer sends for the same input (captured with aws ec2 describe-security-groups
    // --debug): locationNames capitalised, lists as <Name>.<n> without an item name.
    const QByteArray expected
        = "Action=DescribeSecurityGroups&Version=2016-11-15&GroupId.1=sg-0e1a5c0de00000001&GroupId.2=sg-"
          "0e1a5c0de00000002"
          "&GroupName.1=default&NextToken=tok%2B%2F%3D&MaxResults=5&DryRun=false&Filter.1.Name=vpc-id"
          "&Filter.1.Value.1=vpc-0e1a5c0de0000d001&Filter.2.Name=group-name&Filter.2.Value.1=cachesnap-%2A"
          "&Filter.2.Value.2=de+fault%2F%C3%A9";
    QCOMPARE(sent.body, expected);

    // And what the installed botocore sends, live.
    const QString python = pythonWithBotocore();
    if (python.isEmpty())
        QSKIP("python3 with botocore is not installed");
    // botocore serializes the input's members in the order it is given (the AWS CLI gives the model's order);
    // QJsonObject would sort them, so the JSON is written out.
    const QString input = uR"({"GroupIds": ["sg-0e1a5c0de00000001", "sg-0e1a5c0de00000002"], "GroupNames": ["default"],
        "NextToken": "tok+/=", "MaxResults": 5, "DryRun": false, "Filters": [
        {"Name": "vpc-id", "Values": ["vpc-0e1a5c0de0000d001"]},
        {"Name": "group-name", "Values": ["cachesnap-*", "de fault/\u00e9"]}]})"_s;
    QProcess botocore;
    botocore.start(python, {u"-c"_s, QString::fromLatin1(kBotocoreBody), input});
    QVERIFY(botocore.waitForFinished(60000));
    QVERIFY2(botocore.exitCode() == 0, botocore.readAllStandardError().constData());
    QCOMPARE(sent.body, botocore.readAllStandardOutput());
}

void TestEc2Client::emptyListsSendNothing()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ec2Answer(200, page({})));
    Ec2Client client(configFor(server.url()));
    Ec2::DescribeSecurityGroupsRequest request;
    request.groupIds.setPresent(); // the Query protocol would send GroupIds=""; EC2Serializer sends nothing
    request.filters = {Ec2::Filter {u"tag-key"_s, {}}};
    QVERIFY(resultOf(client.describeSecurityGroups(request)));
    QCOMPARE(server.requests().first().body,
             QByteArray("Action=DescribeSecurityGroups&Version=2016-11-15&Filter.1.Name=tag-key"));
}

void TestEc2Client::readsTheAnswer()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ec2Answer(200, R"(<?xml version="1.0" encoding="UTF-8"?>
<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>1d62eae0-acdd-481d-88c9-example</requestId>
    <securityGroupInfo>
        <item>
            <ownerId>123456789012</ownerId>
            <groupId>sg-0e1a5c0de00000002</groupId>
            <groupName>cachesnap-redis</groupName>
            <groupDescription>Redis &amp; Valkey clients</groupDescription>
            <vpcId>vpc-0e1a5c0de0000d001</vpcId>
            <ipPermissions>
                <item>
                    <ipProtocol>tcp</ipProtocol>
                    <fromPort>6379</fromPort>
                    <toPort>6380</toPort>
                    <groups><item><userId>123456789012</userId><groupId>sg-0e1a5c0de00000001</groupId></item></groups>
                    <ipRanges><item><cidrIp>10.0.0.0/16</cidrIp><description>apps</description></item></ipRanges>
                    <ipv6Ranges/>
                    <prefixListIds/>
                    <somethingNew><deep/></somethingNew>
                </item>
            </ipPermissions>
            <ipPermissionsEgress/>
            <tagSet><item><key>Name</key><value>cachesnap-redis</value></item></tagSet>
            <securityGroupArn>arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0e1a5c0de00000002</securityGroupArn>
        </item>
    </securityGroupInfo>
</DescribeSecurityGroupsResponse>)"));
    Ec2Client client(configFor(server.url()));
    const auto result = resultOf(client.describeSecurityGroups());
    QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
    QCOMPARE(server.requests().first().body, QByteArray("Action=DescribeSecurityGroups&Version=2016-11-15"));
    QCOMPARE(result.value().securityGroups.size(), 1);
    QVERIFY(result.value().nextToken.isEmpty());
    const Ec2::SecurityGroup &g = result.value().securityGroups.first();
    QCOMPARE(g.groupId, u"sg-0e1a5c0de00000002"_s);
    QCOMPARE(g.groupName, u"cachesnap-redis"_s);
    QCOMPARE(g.description, u"Redis & Valkey clients"_s);
    QCOMPARE(g.vpcId, u"vpc-0e1a5c0de0000d001"_s);
    QCOMPARE(g.ownerId, u"123456789012"_s);
    QCOMPARE(g.securityGroupArn, u"arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0e1a5c0de00000002"_s);
    QCOMPARE(g.tags, QList<Ec2::Tag>({Ec2::Tag {u"Name"_s, u"cachesnap-redis"_s}}));
    QVERIFY(g.ipPermissionsEgress.isPresent());
    QVERIFY(g.ipPermissionsEgress.isEmpty());
    QCOMPARE(g.ipPermissions.size(), 1);
    const Ec2::IpPermission &rule = g.ipPermissions.first();
    QCOMPARE(rule.ipProtocol, u"tcp"_s);
    QCOMPARE(rule.fromPort, 6379);
    QCOMPARE(rule.toPort, 6380);
    QCOMPARE(rule.userIdGroupPairs.first().groupId, u"sg-0e1a5c0de00000001"_s);
    QCOMPARE(rule.ipRanges.first().cidrIp, u"10.0.0.0/16"_s);
    QCOMPARE(rule.ipRanges.first().description, u"apps"_s);
    QVERIFY(rule.ipv6Ranges.isPresent());
}

void TestEc2Client::followsEveryPage()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ec2Answer(200, page({u"sg-00000001"_s, u"sg-00000002"_s}, u"page/2+"_s)));
    server.enqueue(ec2Answer(200, page({u"sg-00000003"_s}, u"page3"_s)));
    server.enqueue(ec2Answer(200, page({u"sg-00000004"_s})));
    Ec2Client client(configFor(server.url()));
    Ec2::DescribeSecurityGroupsRequest request;
    request.maxResults = 5;
    request.nextToken = u"start"_s; // where the caller's own listing stopped
    const auto result = resultOf(client.describeSecurityGroups(request));
    QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
    QCOMPARE(groupIds(result.value()),
             QStringList({u"sg-00000001"_s, u"sg-00000002"_s, u"sg-00000003"_s, u"sg-00000004"_s}));
    QVERIFY(result.value().nextToken.isEmpty());

    QCOMPARE(server.requests().size(), 3);
    const QByteArray base = "Action=DescribeSecurityGroups&Version=2016-11-15";
    QCOMPARE(server.requests().at(0).body, base + "&NextToken=start&MaxResults=5");
    // Each later page names its token once, in place of the one the request started with.
    QCOMPARE(server.requests().at(1).body, base + "&MaxResults=5&NextToken=page%2F2%2B");
    QCOMPARE(server.requests().at(2).body, base + "&MaxResults=5&NextToken=page3");
}

void TestEc2Client::errors_data()
{
    QTest::addColumn<QList<ScriptedResponse>>("answers");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("requestId");
    QTest::addColumn<int>("attempts");

    QTest::newRow("InvalidGroup.NotFound")
        << QList<ScriptedResponse> {ec2Answer(
               400, ec2Error("InvalidGroup.NotFound", "The security group 'sg-1234abcd' does not exist"))}
        << int(ApiError::Kind::Service) << u"InvalidGroup.NotFound"_s
        << u"The security group 'sg-1234abcd' does not exist"_s << u"ea966190-f9aa-478e-9ede-example"_s << 1;
    QTest::newRow("RequestLimitExceeded is retried")
        << QList<ScriptedResponse> {ec2Answer(503, ec2Error("RequestLimitExceeded", "Request limit exceeded.")),
                                    ec2Answer(503, ec2Error("RequestLimitExceeded", "Request limit exceeded.")),
                                    ec2Answer(503, ec2Error("RequestLimitExceeded", "Request limit exceeded."))}
        << int(ApiError::Kind::Service) << u"RequestLimitExceeded"_s << u"Request limit exceeded."_s
        << u"ea966190-f9aa-478e-9ede-example"_s << 3;
    QTest::newRow("an error document in a 200")
        << QList<ScriptedResponse> {ec2Answer(200,
                                              ec2Error("AuthFailure",
                                                       "AWS was not able to validate the "
                                                       "provided access credentials"))}
        << int(ApiError::Kind::Service) << u"AuthFailure"_s
        << u"AWS was not able to validate the provided access credentials"_s << u"ea966190-f9aa-478e-9ede-example"_s
        << 1;
    QTest::newRow("a proxy's page") << QList<ScriptedResponse> {ScriptedResponse::html(502, "<html>bad gateway</html>"),
                                                                ScriptedResponse::html(502, "<html>bad gateway</html>"),
                                                                ScriptedResponse::html(502, "<html>bad gateway</html>")}
                                    << int(ApiError::Kind::Http) << u"502"_s << u"Bad Gateway"_s << u"scripted-3"_s
                                    << 3;
    QTest::newRow("another document")
        << QList<ScriptedResponse> {ec2Answer(
               200, "<DescribeSecurityGroupsResult><securityGroupInfo/></DescribeSecurityGroupsResult>")}
        << int(ApiError::Kind::Parse) << u"ResponseParserError"_s
        << u"Unable to parse response (Unreadable DescribeSecurityGroups answer: expected "
           "<DescribeSecurityGroupsResponse> but the document element is "
           "<DescribeSecurityGroupsResult> (line 1, column 30))"_s
        << u"scripted-1"_s << 1;
    QTest::newRow("a page cut short") << QList<ScriptedResponse> {ec2Answer(200, page({u"sg-00000001"_s}).left(200))}
                                      << int(ApiError::Kind::Parse) << u"ResponseParserError"_s << QString()
                                      << u"scripted-1"_s << 1;
    QTest::newRow("a port that is no number")
        << QList<ScriptedResponse> {ec2Answer(200,
                                              "<DescribeSecurityGroupsResponse><securityGroupInfo><item>"
                                              "<ipPermissions><item><fromPort>x</fromPort></item></ipPermissions>"
                                              "</item></securityGroupInfo></DescribeSecurityGroupsResponse>")}
        << int(ApiError::Kind::Parse) << u"ResponseParserError"_s
        << u"Unable to parse response (Unreadable DescribeSecurityGroups answer: <fromPort> is not an integer: \"x\" "
           "(line 1, column 100))"_s
        << u"scripted-1"_s << 1;
}

void TestEc2Client::errors()
{
    QFETCH(QList<ScriptedResponse>, answers);
    QFETCH(int, kind);
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(QString, requestId);
    QFETCH(int, attempts);
    ScriptedServer server;
    QVERIFY(server.listen());
    for (const ScriptedResponse &answer : std::as_const(answers))
        server.enqueue(answer);
    Ec2Client client(configFor(server.url()));
    client.setRetryRandomSource([] { return 0.0; });
    const auto result = resultOf(client.describeSecurityGroups());
    QVERIFY(!result);
    QCOMPARE(int(result.error().kind), kind);
    QCOMPARE(result.error().code, code);
    if (!message.isEmpty())
        QCOMPARE(result.error().message, message);
    QCOMPARE(result.error().requestId, requestId);
    QCOMPARE(server.requests().size(), attempts);
}

void TestEc2Client::regionalEndpoints_data()
{
    QTest::addColumn<QString>("region");
    QTest::addColumn<bool>("fips");
    QTest::addColumn<QString>("endpoint");
    // botocore 1.43's ec2 endpoint rules (endpoint-rule-set-1.json).
    QTest::newRow("commercial") << u"eu-west-1"_s << false << u"https://ec2.eu-west-1.amazonaws.com/"_s;
    QTest::newRow("China") << u"cn-north-1"_s << false << u"https://ec2.cn-north-1.amazonaws.com.cn/"_s;
    QTest::newRow("GovCloud") << u"us-gov-west-1"_s << false << u"https://ec2.us-gov-west-1.amazonaws.com/"_s;
    QTest::newRow("FIPS") << u"us-east-1"_s << true << u"https://ec2-fips.us-east-1.amazonaws.com/"_s;
    QTest::newRow("FIPS in GovCloud") << u"us-gov-east-1"_s << true << u"https://ec2.us-gov-east-1.amazonaws.com/"_s;
    QTest::newRow("a region no list names yet")
        << u"eu-north-9"_s << false << u"https://ec2.eu-north-9.amazonaws.com/"_s;
}

void TestEc2Client::regionalEndpoints()
{
    QFETCH(QString, region);
    QFETCH(bool, fips);
    QFETCH(QString, endpoint);
    const auto url = EndpointResolver::serviceEndpoint(u"ec2"_s, region, fips);
    QVERIFY(url);
    QCOMPARE(url.value().toString(), endpoint);
    if (!fips) {
        Ec2Client client(configFor(QUrl(), region));
        QCOMPARE(client.config().endpoint.toString(), endpoint);
        QCOMPARE(client.config().signingName, u"ec2"_s);
    }
    QCOMPARE(EndpointResolver::serviceEndpoint(u"ec2"_s, u"us east 1"_s).error().code, u"InvalidRegion"_s);
}

void TestEc2Client::endpointResolution_data()
{
    QTest::addColumn<QByteArrayList>("environment");
    QTest::addColumn<QString>("config");
    QTest::addColumn<QString>("endpointUrlOption");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("source");

    const QString plain = u"[default]\nregion = eu-west-1\naws_access_key_id = AKIDEXAMPLE\n"
                          "aws_secret_access_key = secret\n"_s;
    QTest::newRow("EC2's regional endpoint")
        << QByteArrayList() << plain << QString() << u"https://ec2.eu-west-1.amazonaws.com/"_s << QString();
    QTest::newRow("FIPS") << QByteArrayList() << plain + u"use_fips_endpoint = true\n"_s << QString()
                          << u"https://ec2-fips.eu-west-1.amazonaws.com/"_s << QString();
    QTest::newRow("AWS_ENDPOINT_URL_EC2")
        << QByteArrayList {"AWS_ENDPOINT_URL=http://127.0.0.1:9002", "AWS_ENDPOINT_URL_EC2=http://127.0.0.1:9001"}
        << plain << QString() << u"http://127.0.0.1:9001/"_s << u"AWS_ENDPOINT_URL_EC2"_s;
    QTest::newRow("the services section")
        << QByteArrayList {"AWS_ENDPOINT_URL=http://127.0.0.1:9002"}
        << plain + u"services = local\n[services local]\nec2 =\n  endpoint_url = http://localhost:9003\n"_s << QString()
        << u"http://localhost:9003/"_s << u"profile default (services section)"_s;
    QTest::newRow("another service's section is not EC2's")
        << QByteArrayList()
        << plain + u"services = local\n[services local]\ns3 =\n  endpoint_url = http://localhost:9004\n"_s << QString()
        << u"https://ec2.eu-west-1.amazonaws.com/"_s << QString();
    QTest::newRow("AWS_ENDPOINT_URL") << QByteArrayList {"AWS_ENDPOINT_URL=http://127.0.0.1:9002"} << plain << QString()
                                      << u"http://127.0.0.1:9002/"_s << u"AWS_ENDPOINT_URL"_s;
    QTest::newRow("the profile's endpoint_url")
        << QByteArrayList() << plain + u"endpoint_url = http://127.0.0.1:9005\n"_s << QString()
        << u"http://127.0.0.1:9005/"_s << u"profile default"_s;
    QTest::newRow("a sandbox's --endpoint-url serves EC2 too")
        << QByteArrayList {"AWS_ENDPOINT_URL_EC2=http://127.0.0.1:9001"} << plain << u"http://127.0.0.1:9006"_s
        << u"http://127.0.0.1:9006/"_s << u"--endpoint-url (a loopback endpoint serves every service)"_s;
    QTest::newRow("another --endpoint-url is ElastiCache's")
        << QByteArrayList() << plain << u"https://elasticache.example.com"_s
        << u"https://ec2.eu-west-1.amazonaws.com/"_s << QString();
    QTest::newRow("ignored when asked") << QByteArrayList {"AWS_ENDPOINT_URL_EC2=http://127.0.0.1:9001",
                                                           "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true"}
                                        << plain << QString() << u"https://ec2.eu-west-1.amazonaws.com/"_s << QString();
}

void TestEc2Client::endpointResolution()
{
    QFETCH(QByteArrayList, environment);
    QFETCH(QString, config);
    QFETCH(QString, endpointUrlOption);
    QFETCH(QString, endpoint);
    QFETCH(QString, source);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(u"config"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(config.toUtf8());
    file.close();
    qputenv("AWS_CONFIG_FILE", dir.filePath(u"config"_s).toLocal8Bit());
    for (const QByteArray &assignment : std::as_const(environment)) {
        const qsizetype eq = assignment.indexOf('=');
        qputenv(assignment.left(eq).constData(), assignment.mid(eq + 1));
    }
    CredentialChain::Overrides overrides;
    overrides.endpointUrl = endpointUrlOption;
    QString from;
    const auto url = CredentialChain::ec2Endpoint(overrides, &from);
    QVERIFY2(url, qPrintable(url ? QString() : url.error().message));
    QCOMPARE(from, source);

    const auto ec2 = CredentialChain::resolveEc2ClientConfig(overrides);
    QVERIFY2(ec2, qPrintable(ec2 ? QString() : ec2.error().message));
    QCOMPARE(ec2.value().endpoint.toString(), endpoint);
    QCOMPARE(ec2.value().region, u"eu-west-1"_s);
    QCOMPARE(ec2.value().signingName, u"ec2"_s);
    QVERIFY(ec2.value().credentials);
    QCOMPARE(Ec2Client(ec2.value()).config().endpoint.toString(), endpoint);
}

void TestEc2Client::fipsWithAConfiguredEndpointIsRefused()
{
    QFile file(m_dir.filePath(u"fips-config"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[default]\nregion = us-east-1\nuse_fips_endpoint = true\naws_access_key_id = AKID\n"
               "aws_secret_access_key = s\n");
    file.close();
    qputenv("AWS_CONFIG_FILE", file.fileName().toLocal8Bit());
    qputenv("AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:9001");
    const auto ec2 = CredentialChain::resolveEc2ClientConfig({});
    QVERIFY(!ec2);
    QCOMPARE(ec2.error().code, u"InvalidEndpoint"_s);
    // http only for this computer, as for every endpoint.
    qputenv("AWS_ENDPOINT_URL_EC2", "http://ec2.example.com/");
    const auto plain = CredentialChain::ec2Endpoint({});
    QVERIFY(!plain);
    QVERIFY2(plain.error().message.contains(u"AWS_ENDPOINT_URL_EC2"_s), qPrintable(plain.error().message));
}

void TestEc2Client::sandboxSeededGroups()
{
    startSandbox();
    Ec2Client client(
        configFor(m_sandbox->url(), m_sandbox->region(), m_sandbox->accessKeyId(), m_sandbox->secretAccessKey()));
    const auto result = resultOf(client.describeSecurityGroups());
    QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
    QCOMPARE(groupIds(result.value()),
             QStringList({QString(SandboxEc2::kDefaultGroupId), QString(SandboxEc2::kRedisGroupId),
                          QString(SandboxEc2::kOtherDefaultGroupId)}));
    const QList<Ec2::SecurityGroup> &groups = result.value().securityGroups;
    QCOMPARE(groups.at(0).groupName, u"default"_s);
    QCOMPARE(groups.at(0).vpcId, QString(SandboxEc2::kDefaultVpcId));
    QCOMPARE(groups.at(1).groupName, u"cachesnap-redis"_s);
    QCOMPARE(groups.at(1).vpcId, QString(SandboxEc2::kDefaultVpcId));
    QCOMPARE(groups.at(2).groupName, u"default"_s);
    QCOMPARE(groups.at(2).vpcId, QString(SandboxEc2::kOtherVpcId));
    for (const Ec2::SecurityGroup &g : groups)
        QCOMPARE(g.ownerId, m_sandbox->config().accountId);
    // What the sandbox sent is what it holds, read back through the same model.
    QCOMPARE(groups, m_sandbox->ec2()->securityGroups());
}

void TestEc2Client::sandboxFiltersAndNames()
{
    startSandbox();
    Ec2Client client(
        configFor(m_sandbox->url(), m_sandbox->region(), m_sandbox->accessKeyId(), m_sandbox->secretAccessKey()));
    Ec2::DescribeSecurityGroupsRequest inVpc;
    inVpc.filters = {Ec2::Filter {u"vpc-id"_s, {QString(SandboxEc2::kDefaultVpcId)}}};
    auto result = resultOf(client.describeSecurityGroups(inVpc));
    QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
    QCOMPARE(groupIds(result.value()),
             QStringList({QString(SandboxEc2::kDefaultGroupId), QString(SandboxEc2::kRedisGroupId)}));

    // Values of one filter are alternatives (with wildcards), filters all apply.
    Ec2::DescribeSecurityGroupsRequest both;
    both.filters
        = {Ec2::Filter {u"group-name"_s, {u"default"_s, u"cache?nap-*"_s}}, Ec2::Filter {u"tag:owner"_s, {u"plat*"_s}}};
    result = resultOf(client.describeSecurityGroups(both));
    QVERIFY(result);
    QCOMPARE(groupIds(result.value()), QStringList({QString(SandboxEc2::kRedisGroupId)}));

    // Ids from any VPC; names from the default VPC only.
    Ec2::DescribeSecurityGroupsRequest byId;
    byId.groupIds = {QString(SandboxEc2::kOtherDefaultGroupId)};
    result = resultOf(client.describeSecurityGroups(byId));
    QVERIFY(result);
    QCOMPARE(groupIds(result.value()), QStringList({QString(SandboxEc2::kOtherDefaultGroupId)}));
    Ec2::DescribeSecurityGroupsRequest byName;
    byName.groupNames = {u"default"_s};
    result = resultOf(client.describeSecurityGroups(byName));
    QVERIFY(result);
    QCOMPARE(groupIds(result.value()), QStringList({QString(SandboxEc2::kDefaultGroupId)}));
}

void TestEc2Client::sandboxErrors()
{
    startSandbox();
    Ec2Client client(
        configFor(m_sandbox->url(), m_sandbox->region(), m_sandbox->accessKeyId(), m_sandbox->secretAccessKey()));
    const auto errorOf = [&client](const Ec2::DescribeSecurityGroupsRequest &request) {
        const auto result = resultOf(client.describeSecurityGroups(request));
        return result ? ApiError() : result.error();
    };
    Ec2::DescribeSecurityGroupsRequest unknown;
    unknown.groupIds = {QString(SandboxEc2::kDefaultGroupId), u"sg-0e1a5c0de00000099"_s};
    ApiError error = errorOf(unknown);
    QCOMPARE(error.code, u"InvalidGroup.NotFound"_s);
    QCOMPARE(error.message, u"The security group 'sg-0e1a5c0de00000099' does not exist"_s);
    QCOMPARE(error.httpStatus, 400);
    QVERIFY(!error.requestId.isEmpty());

    Ec2::DescribeSecurityGroupsRequest malformed;
    malformed.groupIds = {u"cachesnap-redis"_s};
    QCOMPARE(errorOf(malformed).code, u"InvalidGroupId.Malformed"_s);

    Ec2::DescribeSecurityGroupsRequest otherVpcName;
    otherVpcName.groupNames = {u"nope"_s};
    error = errorOf(otherVpcName);
    QCOMPARE(error.code, u"InvalidGroup.NotFound"_s);
    QCOMPARE(error.message, u"The security group 'nope' does not exist in default VPC 'vpc-0e1a5c0de0000d001'"_s);

    Ec2::DescribeSecurityGroupsRequest badFilter;
    badFilter.filters = {Ec2::Filter {u"colour"_s, {u"red"_s}}};
    QCOMPARE(errorOf(badFilter).code, u"InvalidFilter"_s);

    Ec2::DescribeSecurityGroupsRequest tooFew;
    tooFew.maxResults = 4;
    QCOMPARE(errorOf(tooFew).code, u"InvalidParameterValue"_s);

    Ec2::DescribeSecurityGroupsRequest badToken;
    badToken.nextToken = u"not-a-token"_s;
    QCOMPARE(errorOf(badToken).code, u"InvalidPaginationToken"_s);

    Ec2::DescribeSecurityGroupsRequest dryRun;
    dryRun.dryRun = true;
    error = errorOf(dryRun);
    QCOMPARE(error.code, u"DryRunOperation"_s);
    QCOMPARE(error.httpStatus, 412);

    // The signature is checked as for every other service, and refused in EC2's words.
    Ec2Client wrongKey(configFor(m_sandbox->url(), m_sandbox->region(), m_sandbox->accessKeyId(), u"wrong"_s));
    const auto refused = resultOf(wrongKey.describeSecurityGroups());
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, u"AuthFailure"_s);
    QCOMPARE(refused.error().httpStatus, 401);
}

void TestEc2Client::sandboxPages()
{
    startSandbox();
    for (int i = 0; i < 11; ++i) {
        Ec2::SecurityGroup g;
        g.groupId = u"sg-%1"_s.arg(0x0e1a5c0de00000100 + i, 17, 16, QChar(u'0'));
        g.groupName = u"extra-%1"_s.arg(i);
        g.vpcId = QString(SandboxEc2::kOtherVpcId);
        g.ownerId = m_sandbox->config().accountId;
        m_sandbox->ec2()->addSecurityGroup(g);
    }
    Ec2Client client(
        configFor(m_sandbox->url(), m_sandbox->region(), m_sandbox->accessKeyId(), m_sandbox->secretAccessKey()));
    const quint64 before = m_sandbox->requestCount();
    Ec2::DescribeSecurityGroupsRequest request;
    request.maxResults = 5;
    const auto result = resultOf(client.describeSecurityGroups(request));
    QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
    QCOMPARE(m_sandbox->requestCount() - before, quint64(3)); // 5 + 5 + 4
    QCOMPARE(result.value().securityGroups, m_sandbox->ec2()->securityGroups());

    // Filters and pages together: the page size counts the groups that match.
    request.filters = {Ec2::Filter {u"vpc-id"_s, {QString(SandboxEc2::kOtherVpcId)}}};
    const auto other = resultOf(client.describeSecurityGroups(request));
    QVERIFY(other);
    QCOMPARE(other.value().securityGroups.size(), 12);
    QCOMPARE(m_sandbox->requestCount() - before, quint64(6));
}

QTEST_GUILESS_MAIN(TestEc2Client)
#include "tst_ec2client.moc"
