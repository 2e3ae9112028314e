// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The S3 client over loopback HTTP against a scripted server: every operation's request as it arrives (method,
// path, query, headers, body) and its answer as read; S3 errors by code and HEAD errors by status; the redirect to
// the bucket's region (once, never to another origin); virtual-hosted and path-style addressing; where the S3
// endpoint comes from; and the signature compared with botocore's S3SigV4Auth on the very requests we sent.

#include "credentialchain.h"
#include "credentialproviders.h"
#include "s3client.h"
#include "scriptedserver.h"
#include "service/restxmlprotocol.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr char kAccessKey[] = "AKIDEXAMPLE";
constexpr char kSecretKey[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

ClientConfig configFor(const QUrl &endpoint, const QString &region = u"eu-west-1"_s, const QString &token = {})
{
    ClientConfig config;
    config.region = region;
    config.endpoint = endpoint;
    AwsCredentials credentials;
    credentials.accessKeyId = QString::fromLatin1(kAccessKey);
    credentials.secretAccessKey = QString::fromLatin1(kSecretKey);
    credentials.sessionToken = token;
    config.credentials = std::make_shared<StaticCredentialsProvider>(credentials);
    config.retry.maxAttempts = 2;
    config.totalTimeoutMs = 10000;
    return config;
}

template<typename Output, typename Job> ApiResult<Output> resultOf(Job *job)
{
    std::optional<ApiResult<Output>> result;
    QObject context;
    job->onFinished(&context, [&result](const ApiResult<Output> &r) { result = r; });
    const auto value = waitFor(result, 20000);
    if (!value)
        return ApiError::make(ApiError::Kind::Timeout, u"TestTimeout"_s, u"no result"_s);
    return *value;
}

ScriptedResponse answer(int status, QByteArray body, QList<QPair<QByteArray, QByteArray>> headers = {})
{
    ScriptedResponse r = ScriptedResponse::xml(status, std::move(body));
    r.contentType = "application/xml";
    r.headers = std::move(headers);
    return r;
}

// The credential scope's region of a request's Authorization header.
QString signedRegion(const RecordedRequest &request)
{
    const QByteArray auth = request.header("Authorization");
    const qsizetype at = auth.indexOf("Credential=");
    const QList<QByteArray> scope = auth.mid(at + 11, auth.indexOf(',', at) - at - 11).split('/');
    return scope.size() == 5 ? QString::fromLatin1(scope.at(2)) : QString();
}

QString pythonWithBotocore()
{
    const QString python = QStandardPaths::findExecutable(u"python3"_s);
    if (python.isEmpty())
        return {};
    QProcess probe;
    probe.start(python, {u"-c"_s, u"import botocore.auth"_s});
    if (!probe.waitForFinished(30000) || probe.exitCode() != 0)
        return {};
    return python;
}

// botocore's S3SigV4Auth over the request as it arrived: the headers our signature names, the date it carries.
constexpr char kBotocoreSigner[] = R"PY(
import json, sys
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
d = json.load(sys.stdin)
request = AWSRequest(method=d["method"], url=d["url"], data=bytes.fromhex(d["body"]), headers=d["headers"])
request.context["timestamp"] = d["amzdate"]
auth = S3SigV4Auth(Credentials(d["key"], d["secret"], d["token"] or None), "s3", d["region"])
auth._modify_request_before_signing(request)
canonical = auth.canonical_request(request)
sts = auth.string_to_sign(request, canonical)
print(json.dumps({"canonical": canonical, "signature": auth.signature(sts, request)}))
)PY";

} // namespace

Q_DECLARE_METATYPE(ScriptedResponse)

class TestS3Client : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void listBuckets();
    void headBucket();
    void getBucketLocation_data();
    void getBucketLocation();
    void getBucketAcl();
    void putBucketAcl();
    void bucketPolicy();
    void ownershipControls();
    void getBucketEncryption();
    void listObjectsV2AllPages();
    void listObjectsV2PageByPage();
    void listObjectsV2StopsAtPageLimit();
    void headObject();

    void s3Errors_data();
    void s3Errors();
    void headErrorsAreNamedByStatus_data();
    void headErrorsAreNamedByStatus();
    void missingBucketIsRefusedBeforeSending();

    void redirectToBucketRegion_data();
    void redirectToBucketRegion();
    void redirectIsFollowedOnce();
    void redirectNeedsAValidRegion_data();
    void redirectNeedsAValidRegion();
    void redirectOnAwsEndpointsStaysOnS3();

    void addressing_data();
    void addressing();
    void uriEncoding();

    void endpointResolution_data();
    void endpointResolution();
    void endpointResolutionIgnored();

    void signatureMatchesBotocore_data();
    void signatureMatchesBotocore();
};

void TestS3Client::init()
{
    unsetAwsVariables();
}

void TestS3Client::listBuckets()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(answer(200, R"(<?xml version="1.0" encoding="UTF-8"?>
<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>owner-id</ID><DisplayName>me</DisplayName></Owner>
<Buckets><Bucket><Name>exports</Name><CreationDate>2024-03-01T10:00:00.000Z</CreationDate><BucketRegion>eu-west-1</BucketRegion></Bucket>
<Bucket><Name>other.bucket</Name><CreationDate>2023-01-02T03:04:05.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>)"));
    S3Client client(configFor(server.url()));
    const auto result = resultOf<S3::ListBucketsOutput>(client.listBuckets());
    QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
    const S3::ListBucketsOutput &out = result.value();
    QCOMPARE(out.buckets.size(), 2);
    QCOMPARE(out.buckets.at(0).name, u"exports"_s);
    QCOMPARE(out.buckets.at(0).bucketRegion, u"eu-west-1"_s);
    QCOMPARE(out.buckets.at(0).creationDate.toServiceIso(), u"2024-03-01T10:00:00.000Z"_s);
    QCOMPARE(out.buckets.at(1).name, u"other.bucket"_s);
    QVERIFY(out.owner);
    QCOMPARE(out.owner->id, u"owner-id"_s);
    QCOMPARE(out.owner->displayName, u"me"_s);

    QCOMPARE(server.requests().size(), 1);
    const RecordedRequest &request = server.requests().first();
    QCOMPARE(request.method, QByteArray("GET"));
    QCOMPARE(request.target, QByteArray("/"));
    QCOMPARE(request.header("x-amz-content-sha256"),
             QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QVERIFY(request.header("Authorization").contains("/eu-west-1/s3/aws4_request"));
    QVERIFY(request.header("Authorization").contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"));
}

void TestS3Client::headBucket()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(answer(200, {},
                          {{"x-amz-bucket-region", "eu-west-1"},
                           {"x-amz-bucket-location-type", "AvailabilityZone"},
                           {"x-amz-access-point-alias", "false"}}));
    S3Client client(configFor(server.url()));
    S3::HeadBucketRequest request;
    request.bucket = u"exports"_s;
    request.expectedBucketOwner = u"111122223333"_s;
    const auto result = resultOf<S3::HeadBucketOutput>(client.headBucket(request));
    QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
    QCOMPARE(result.value().bucketRegion, u"eu-west-1"_s);
    QCOMPARE(result.value().bucketLocationType, u"AvailabilityZone"_s);
    QCOMPARE(result.value().accessPointAlias, std::optional<bool>(false));
    QVERIFY(result.value().bucketArn.isNull());

    const RecordedRequest &sent = server.requests().first();
    QCOMPARE(sent.method, QByteArray("HEAD"));
    QCOMPARE(sent.target, QByteArray("/exports"));
    QCOMPARE(sent.header("x-amz-expected-bucket-owner"), QByteArray("111122223333"));
    QVERIFY(sent.header("Authorization").contains("x-amz-expected-bucket-owner"));
}

void TestS3Client::getBucketLocation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("constraint");
    QTest::addColumn<QString>("region");
    QTest::newRow("eu-west-2") << QByteArray(R"(<?xml version="1.0" encoding="UTF-8"?>
<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-2</LocationConstraint>)")
                               << u"eu-west-2"_s << u"eu-west-2"_s;
    QTest::newRow("us-east-1 (empty)")
        << QByteArray(R"(<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>)") << u""_s
        << u"us-east-1"_s;
    QTest::newRow("EU") << QByteArray(R"(<LocationConstraint>EU</LocationConstraint>)") << u"EU"_s << u"eu-west-1"_s;
}

void TestS3Client::getBucketLocation()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, constraint);
    QFETCH(QString, region);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(answer(200, body));
    S3Client client(configFor(server.url()));
    S3::GetBucketLocationRequest request;
    request.bucket = u"exports"_s;
    const auto result = resultOf<S3::GetBucketLocationOutput>(client.getBucketLocation(request));
    QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
    QCOMPARE(result.value().locationConstraint, constraint);
    QVERIFY(!result.value().locationConstraint.isNull());
    QCOMPARE(S3Client::regionOfLocationConstraint(result.value().locationConstraint), region);
    QCOMPARE(server.requests().first().target, QByteArray("/exports?location"));
}

void TestS3Client::getBucketAcl()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(answer(200, R"(<?xml version="1.0" encoding="UTF-8"?>
<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>owner-id</ID><DisplayName>me</DisplayName></Owner>
<AccessControlList>
 <Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>owner-id</ID><DisplayName>me</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant>
 <Grant><Grantee xmlns:x="http://www.w3.org/2001/XMLSchema-instance" x:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>
</AccessControlList></AccessControlPolicy>)"));
    S3Client client(configFor(server.url()));
    S3::GetBucketAclRequest request;
    request.bucket = u"exports"_s;
    const auto result = resultOf<S3::GetBucketAclOutput>(client.getBucketAcl(request));
    QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
    const S3::GetBucketAclOutput &acl = result.value();
    QVERIFY(acl.owner);
    QCOMPARE(acl.owner->id, u"owner-id"_s);
    QCOMPARE(acl.grants.size(), 2);
    QVERIFY(acl.grants.at(0).grantee);
    QCOMPARE(acl.grants.at(0).grantee->type, u"CanonicalUser"_s);
    QCOMPARE(acl.grants.at(0).grantee->id, u"owner-id"_s);
    QCOMPARE(acl.grants.at(0).permission, u"FULL_CONTROL"_s);
    QCOMPARE(acl.grants.at(1).grantee->type, u"Group"_s); // any prefix bound to a namespace, as botocore reads it
    QCOMPARE(acl.grants.at(1).grantee->uri, u"http://acs.amazonaws.com/groups/global/AllUsers"_s);
    QCOMPARE(acl.grants.at(1).permission, u"READ"_s);
    QCOMPARE(server.requests().first().target, QByteArray("/exports?acl"));
}

void TestS3Client::putBucketAcl()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(answer(200, {}));
    S3Client client(configFor(server.url()));
    S3::PutBucketAclRequest request;
    request.bucket = u"exports"_s;
    S3::AccessControlPolicy policy;
    S3::Grant grant;
    grant.grantee = S3::Grantee();
    grant.grantee->type = u"CanonicalUser"_s;
    grant.grantee->id = u"abc"_s;
    grant.permission = u"READ"_s;
    policy.grants = {grant};
    policy.owner = S3::Owner();
    policy.owner->id = u"own"_s;
    request.accessControlPolicy = policy;
    const auto result = resultOf<S3::EmptyOutput>(client.putBucketAcl(request));
    QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));

    const RecordedRequest &sent = server.requests().first();
    QCOMPARE(sent.method, QByteArray("PUT"));
    QCOMPARE(sent.target, QByteArray("/exports?acl"));
    // Byte for byte what botocore 1.43 sends for the same input (aws s3api put-bucket-acl --debug), with the
    // same CRC32 checksum.
    QCOMPARE(sent.body,
             QByteArray(R"(<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><AccessControlList>)"
                        R"(<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">)"
                        R"(<ID>abc</ID></Grantee><Permission>READ</Permission></Grant></AccessControlList><Owner><ID>own</ID>)"
                        R"(</Owner></AccessControlPolicy>)"));
    QCOMPARE(sent.header("x-amz-checksum-crc32"), QByteArray("J/O3xg=="));
    QCOMPARE(sent.header("x-amz-sdk-checksum-algorithm"), QByteArray("CRC32"));
    QCOMPARE(sent.header("x-amz-content-sha256"),
             QCryptographicHash::hash(sent.body, QCryptographicHash::Sha256).toHex());

    // The writer's output reads back as the same value.
    HttpAnswer echo;
    echo.status = 200;
    echo.body = sent.body;
    const auto back = RestXmlProtocol::decodeOutput<S3Operation::GetBucketAcl>(echo);
    QVERIFY(back);
    QCOMPARE(back.value().grants, policy.grants);
    QCOMPARE(back.value().owner, policy.owner);
}

void TestS3Client::bucketPolicy()
{
    const QString policy = uR"({"Version":"2012-10-17","Statement":[{"Sid":"ü","Effect":"Allow","Principal":{"Service":"eu-west-1.elasticache-snapshot.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::exports/*"}]})"_s;
    ScriptedServer server;
    QVERIFY(server.listen());
    ScriptedResponse json = answer(200, policy.toUtf8());
    json.contentType = "application/json";
    server.enqueue(json);
    server.enqueue(answer(204, {}));
    S3Client client(configFor(server.url()));

    S3::GetBucketPolicyRequest get;
    get.bucket = u"exports"_s;
    const auto read = resultOf<S3::GetBucketPolicyOutput>(client.getBucketPolicy(get));
    QVERIFY2(read, qPrintable(read ? QString() : read.error().toString()));
    QCOMPARE(read.value().policy, policy);
    QCOMPARE(server.requests().at(0).target, QByteArray("/exports?policy"));

    S3::PutBucketPolicyRequest put;
    put.bucket = u"exports"_s;
    put.policy = policy;
    const auto written = resultOf<S3::EmptyOutput>(client.putBucketPolicy(put));
    QVERIFY2(written, qPrintable(written ? QString() : written.error().toString()));
    const RecordedRequest &sent = server.requests().at(1);
    QCOMPARE(sent.method, QByteArray("PUT"));
    QCOMPARE(sent.target, QByteArray("/exports?policy"));
    QCOMPARE(sent.body, policy.toUtf8()); // the payload member's raw bytes, not a document
    QVERIFY(!sent.header("x-amz-checksum-crc32").isEmpty());
}

void TestS3Client::ownershipControls()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(answer(200, R"(<?xml version="1.0" encoding="UTF-8"?>
<OwnershipControls xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ObjectOwnership>BucketOwnerEnforced</ObjectOwnership></Rule></OwnershipControls>)"));
    server.enqueue(answer(200, {}));
    S3Client client(configFor(server.url()));

    S3::GetBucketOwnershipControlsRequest get;
    get.bucket = u"exports"_s;
    const auto read = resultOf<S3::GetBucketOwnershipControlsOutput>(client.getBucketOwnershipControls(get));
    QVERIFY2(read, qPrintable(read ? QString() : read.error().toString()));
    QVERIFY(read.value().ownershipControls);
    QCOMPARE(read.value().ownershipControls->rules.size(), 1);
    QCOMPARE(read.value().ownershipControls->rules.at(0).objectOwnership, u"BucketOwnerEnforced"_s);
    QCOMPARE(server.requests().at(0).target, QByteArray("/exports?ownershipControls"));

    S3::PutBucketOwnershipControlsRequest put;
    put.bucket = u"exports"_s;
    put.ownershipControls = S3::OwnershipControls();
    S3::OwnershipControlsRule rule;
    rule.objectOwnership = u"BucketOwnerPreferred"_s;
    put.ownershipControls->rules = {rule};
    const auto written = resultOf<S3::EmptyOutput>(client.putBucketOwnershipControls(put));
    QVERIFY2(written, qPrintable(written ? QString() : written.error().toString()));
    const RecordedRequest &sent = server.requests().at(1);
    QCOMPARE(sent.target, QByteArray("/exports?ownershipControls"));
    // A flattened list: <Rule> repeats under the document element, without a wrapper (155 bytes, as botocore).
    QCOMPARE(sent.body, QByteArray(R"(<OwnershipControls xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule>)"
                                   R"(<ObjectOwnership>BucketOwnerPreferred</ObjectOwnership></Rule></OwnershipControls>)"));
    QCOMPARE(sent.body.size(), 155);
    QCOMPARE(sent.header("x-amz-checksum-crc32"), QByteArray("cK9COg=="));
}

void TestS3Client::getBucketEncryption()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(answer(200, R"(<ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>arn:aws:kms:eu-west-1:1:key/k</KMSMasterKeyID></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule>
<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled></Rule>
</ServerSideEncryptionConfiguration>)"));
    S3Client client(configFor(server.url()));
    S3::GetBucketEncryptionRequest request;
    request.bucket = u"exports"_s;
    const auto result = resultOf<S3::GetBucketEncryptionOutput>(client.getBucketEncryption(request));
    QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
    QVERIFY(result.value().serverSideEncryptionConfiguration);
    const auto &rules = result.value().serverSideEncryptionConfiguration->rules;
    QCOMPARE(rules.size(), 2);
    QCOMPARE(rules.at(0).applyServerSideEncryptionByDefault->sseAlgorithm, u"aws:kms"_s);
    QCOMPARE(rules.at(0).applyServerSideEncryptionByDefault->kmsMasterKeyID, u"arn:aws:kms:eu-west-1:1:key/k"_s);
    QCOMPARE(rules.at(0).bucketKeyEnabled, std::optional<bool>(true));
    QCOMPARE(rules.at(1).applyServerSideEncryptionByDefault->sseAlgorithm, u"AES256"_s);
    QCOMPARE(rules.at(1).bucketKeyEnabled, std::optional<bool>(false));
    QCOMPARE(server.requests().first().target, QByteArray("/exports?encryption"));
}

namespace {
QByteArray listPage(const QByteArray &contents, const QByteArray &next)
{
    return R"(<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
           "<Name>exports</Name><Prefix>a b/ü</Prefix>"
        + (next.isEmpty() ? QByteArray("<IsTruncated>false</IsTruncated>")
                          : "<NextContinuationToken>" + next + "</NextContinuationToken><IsTruncated>true</IsTruncated>")
        + "<KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys>" + contents + "</ListBucketResult>";
}

QByteArray object(const QByteArray &key, qint64 size)
{
    return "<Contents><Key>" + key + "</Key><LastModified>2024-03-01T10:00:00.000Z</LastModified><ETag>&quot;e&quot;</ETag>"
           "<ChecksumAlgorithm>CRC32</ChecksumAlgorithm><Size>"
        + QByteArray::number(size) + "</Size><StorageClass>STANDARD</StorageClass></Contents>";
}

void enqueueTwoPages(ScriptedServer &server)
{
    server.enqueue(answer(200, listPage(object("a b/ü/x-0001.rdb", 5000000000) + object("a b/ü/x-0002.rdb", 7)
                                            + "<CommonPrefixes><Prefix>a b/ü/sub/</Prefix></CommonPrefixes>",
                                        "tok/1+=")));
    server.enqueue(answer(200, listPage(object("a b/ü/x-0003.rdb", 9), {})));
}
} // namespace

void TestS3Client::listObjectsV2AllPages()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    enqueueTwoPages(server);
    S3Client client(configFor(server.url()));
    S3::ListObjectsV2Request request;
    request.bucket = u"exports"_s;
    request.prefix = u"a b/ü"_s;
    request.maxKeys = 2;
    const auto result = resultOf<S3::ListObjectsV2Output>(client.listObjectsV2(request));
    QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
    const S3::ListObjectsV2Output &out = result.value();
    QCOMPARE(out.contents.size(), 3);
    QCOMPARE(out.contents.at(0).key, u"a b/ü/x-0001.rdb"_s);
    QCOMPARE(out.contents.at(0).size, std::optional<qint64>(5000000000));
    QCOMPARE(out.contents.at(0).eTag, u"\"e\""_s);
    QCOMPARE(out.contents.at(0).checksumAlgorithm, QList<QString>({u"CRC32"_s}));
    QCOMPARE(out.contents.at(2).key, u"a b/ü/x-0003.rdb"_s);
    QCOMPARE(out.commonPrefixes.size(), 1);
    QCOMPARE(out.commonPrefixes.at(0).prefix, u"a b/ü/sub/"_s);
    QCOMPARE(out.isTruncated, std::optional<bool>(false)); // the last page's
    QVERIFY(out.nextContinuationToken.isNull());

    QCOMPARE(server.requests().size(), 2);
    QCOMPARE(server.requests().at(0).target, QByteArray("/exports?list-type=2&max-keys=2&prefix=a%20b%2F%C3%BC"));
    QCOMPARE(server.requests().at(1).target,
             QByteArray("/exports?list-type=2&max-keys=2&prefix=a%20b%2F%C3%BC&continuation-token=tok%2F1%2B%3D"));
}

void TestS3Client::listObjectsV2PageByPage()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    enqueueTwoPages(server);
    S3Client client(configFor(server.url()));
    S3::ListObjectsV2Request request;
    request.bucket = u"exports"_s;
    request.prefix = u"a b/ü"_s;
    ListObjectsV2Job *job = client.listObjectsV2(request);
    job->setAccumulate(false);
    QList<QStringList> pages;
    QObject context;
    job->onPageReceived(&context, [&pages](const S3::ListObjectsV2Output &page) {
        QStringList keys;
        for (const S3::Object &o : page.contents)
            keys.append(o.key);
        pages.append(keys);
    });
    const auto result = resultOf<S3::ListObjectsV2Output>(job);
    QVERIFY(result);
    QCOMPARE(pages, QList<QStringList>({{u"a b/ü/x-0001.rdb"_s, u"a b/ü/x-0002.rdb"_s}, {u"a b/ü/x-0003.rdb"_s}}));
    QCOMPARE(result.value().contents.size(), 1); // only the last page is kept
}

void TestS3Client::listObjectsV2StopsAtPageLimit()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    int n = 0;
    server.setHandler([&n](const RecordedRequest &, int) {
        ++n;
        return answer(200, listPage(object("k" + QByteArray::number(n), 1), "token-" + QByteArray::number(n)));
    });
    ClientConfig config = configFor(server.url());
    config.maxPages = 5;
    S3Client client(config);
    S3::ListObjectsV2Request request;
    request.bucket = u"exports"_s;
    const auto result = resultOf<S3::ListObjectsV2Output>(client.listObjectsV2(request));
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"PaginationLimit"_s);
    QCOMPARE(server.requests().size(), 5);
}

void TestS3Client::headObject()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(answer(200, {},
                          {{"Content-Length", "1234"},
                           {"ETag", "\"0123\""},
                           {"Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT"},
                           {"x-amz-meta-Source", "cachesnap"},
                           {"x-amz-server-side-encryption", "AES256"},
                           {"x-amz-mp-parts-count", "3"},
                           {"x-amz-object-lock-retain-until-date", "2030-01-02T03:04:05.000Z"}}));
    S3Client client(configFor(server.url()));
    S3::HeadObjectRequest request;
    request.bucket = u"exports"_s;
    request.key = u"a b/c+d~e!f-0001.rdb"_s;
    const auto result = resultOf<S3::HeadObjectOutput>(client.headObject(request));
    QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
    const S3::HeadObjectOutput &out = result.value();
    QCOMPARE(out.contentLength, std::optional<qint64>(1234));
    QCOMPARE(out.eTag, u"\"0123\""_s);
    QCOMPARE(out.lastModified.toServiceIso(), u"2015-10-21T07:28:00.000Z"_s);
    QCOMPARE(out.serverSideEncryption, u"AES256"_s);
    QCOMPARE(out.partsCount, std::optional<int>(3));
    QCOMPARE(out.objectLockRetainUntilDate.toServiceIso(), u"2030-01-02T03:04:05.000Z"_s);
    QCOMPARE(out.metadata, (QMap<QString, QString> {{u"source"_s, u"cachesnap"_s}}));
    QVERIFY(out.versionId.isNull());

    const RecordedRequest &sent = server.requests().first();
    QCOMPARE(sent.method, QByteArray("HEAD"));
    QCOMPARE(sent.target, QByteArray("/exports/a%20b/c%2Bd~e%21f-0001.rdb"));
}

void TestS3Client::s3Errors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("requestId");
    const auto error = [](const char *code, const char *message) -> QByteArray {
        return QByteArray(R"(<?xml version="1.0" encoding="UTF-8"?><Error><Code>)") + code + "</Code><Message>" + message
            + "</Message><BucketName>exports</BucketName><RequestId>REQ123</RequestId><HostId>host</HostId></Error>";
    };
    QTest::newRow("NoSuchBucket") << 404 << error("NoSuchBucket", "The specified bucket does not exist")
                                  << u"NoSuchBucket"_s << u"The specified bucket does not exist"_s << u"REQ123"_s;
    QTest::newRow("AccessDenied") << 403 << error("AccessDenied", "Access Denied") << u"AccessDenied"_s
                                  << u"Access Denied"_s << u"REQ123"_s;
    QTest::newRow("AccessControlListNotSupported")
        << 400 << error("AccessControlListNotSupported", "The bucket does not allow ACLs")
        << u"AccessControlListNotSupported"_s << u"The bucket does not allow ACLs"_s << u"REQ123"_s;
    QTest::newRow("OwnershipControlsNotFoundError")
        << 404 << error("OwnershipControlsNotFoundError", "The bucket ownership controls were not found")
        << u"OwnershipControlsNotFoundError"_s << u"The bucket ownership controls were not found"_s << u"REQ123"_s;
    QTest::newRow("NoSuchBucketPolicy") << 404 << error("NoSuchBucketPolicy", "The bucket policy does not exist")
                                        << u"NoSuchBucketPolicy"_s << u"The bucket policy does not exist"_s
                                        << u"REQ123"_s;
    QTest::newRow("ServerSideEncryptionConfigurationNotFoundError")
        << 404 << error("ServerSideEncryptionConfigurationNotFoundError", "not found")
        << u"ServerSideEncryptionConfigurationNotFoundError"_s << u"not found"_s << u"REQ123"_s;
    // Not XML: botocore gives up on the body and names the status.
    QTest::newRow("html 403") << 403 << QByteArray("<html><body>Forbidden by proxy") << u"403"_s << u"Forbidden"_s
                              << u"scripted-1"_s;
}

void TestS3Client::s3Errors()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(QString, requestId);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(answer(status, body));
    S3Client client(configFor(server.url()));
    S3::GetBucketPolicyRequest request;
    request.bucket = u"exports"_s;
    const auto result = resultOf<S3::GetBucketPolicyOutput>(client.getBucketPolicy(request));
    QVERIFY(!result);
    QCOMPARE(result.error().code, code);
    QCOMPARE(result.error().message, message);
    QCOMPARE(result.error().httpStatus, status);
    QCOMPARE(result.error().requestId, requestId);
    QCOMPARE(result.error().kind, code.at(0).isDigit() ? ApiError::Kind::Http : ApiError::Kind::Service);
    QCOMPARE(server.requests().size(), 1); // client errors are not retried
}

void TestS3Client::headErrorsAreNamedByStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("404") << 404 << u"404"_s << u"Not Found"_s;
    QTest::newRow("403") << 403 << u"403"_s << u"Forbidden"_s;
    QTest::newRow("400") << 400 << u"400"_s << u"Bad Request"_s;
}

void TestS3Client::headErrorsAreNamedByStatus()
{
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, message);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(answer(status, {}));
    server.enqueue(answer(status, {}));
    S3Client client(configFor(server.url()));
    S3::HeadBucketRequest bucket;
    bucket.bucket = u"exports"_s;
    const auto result = resultOf<S3::HeadBucketOutput>(client.headBucket(bucket));
    QVERIFY(!result);
    QCOMPARE(result.error().code, code);
    QCOMPARE(result.error().message, message);
    QCOMPARE(result.error().httpStatus, status);

    S3::HeadObjectRequest object;
    object.bucket = u"exports"_s;
    object.key = u"k"_s;
    const auto objectResult = resultOf<S3::HeadObjectOutput>(client.headObject(object));
    QVERIFY(!objectResult);
    QCOMPARE(objectResult.error().code, code);
    QCOMPARE(server.requests().size(), 2);
}

void TestS3Client::missingBucketIsRefusedBeforeSending()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    S3Client client(configFor(server.url()));
    const auto result = resultOf<S3::GetBucketAclOutput>(client.getBucketAcl(S3::GetBucketAclRequest()));
    QVERIFY(!result);
    QCOMPARE(result.error().kind, ApiError::Kind::Config);
    QCOMPARE(result.error().code, u"ParamValidation"_s);
    QCOMPARE(server.requests().size(), 0);
}

void TestS3Client::redirectToBucketRegion_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<ScriptedResponse>("redirect");
    QTest::newRow("301 PermanentRedirect with x-amz-bucket-region")
        << u"GetBucketAcl"_s
        << answer(301,
                  "<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be "
                  "addressed using the specified endpoint.</Message><Endpoint>exports.s3.eu-west-2.amazonaws.com"
                  "</Endpoint><Bucket>exports</Bucket></Error>",
                  {{"x-amz-bucket-region", "eu-west-2"}, {"Location", "http://203.0.113.9/elsewhere"}});
    QTest::newRow("400 AuthorizationHeaderMalformed with <Region>")
        << u"GetBucketAcl"_s
        << answer(400,
                  "<Error><Code>AuthorizationHeaderMalformed</Code><Message>the region 'eu-west-1' is wrong; "
                  "expecting 'eu-west-2'</Message><Region>eu-west-2</Region></Error>");
    QTest::newRow("HEAD bucket 301 without a body") << u"HeadBucket"_s
                                                    << answer(301, {}, {{"x-amz-bucket-region", "eu-west-2"}});
    QTest::newRow("HEAD bucket 400 without a body") << u"HeadBucket"_s
                                                    << answer(400, {}, {{"x-amz-bucket-region", "eu-west-2"}});
    QTest::newRow("HEAD object 301 without a body") << u"HeadObject"_s
                                                    << answer(301, {}, {{"x-amz-bucket-region", "eu-west-2"}});
}

void TestS3Client::redirectToBucketRegion()
{
    QFETCH(QString, operation);
    QFETCH(ScriptedResponse, redirect);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(redirect);
    server.enqueue(answer(200, R"(<AccessControlPolicy><Owner><ID>o</ID></Owner></AccessControlPolicy>)"));
    server.enqueue(answer(200, R"(<AccessControlPolicy><Owner><ID>o</ID></Owner></AccessControlPolicy>)"));
    S3Client client(configFor(server.url()));

    bool ok = false;
    if (operation == u"GetBucketAcl"_s) {
        S3::GetBucketAclRequest request;
        request.bucket = u"exports"_s;
        ok = bool(resultOf<S3::GetBucketAclOutput>(client.getBucketAcl(request)));
    } else if (operation == u"HeadBucket"_s) {
        S3::HeadBucketRequest request;
        request.bucket = u"exports"_s;
        ok = bool(resultOf<S3::HeadBucketOutput>(client.headBucket(request)));
    } else {
        S3::HeadObjectRequest request;
        request.bucket = u"exports"_s;
        request.key = u"k"_s;
        ok = bool(resultOf<S3::HeadObjectOutput>(client.headObject(request)));
    }
    QVERIFY(ok);
    QCOMPARE(server.requests().size(), 2);
    QCOMPARE(signedRegion(server.requests().at(0)), u"eu-west-1"_s);
    // The same call again, signed for the bucket's region, to the same (configured) endpoint: the Location
    // header is never followed.
    QCOMPARE(signedRegion(server.requests().at(1)), u"eu-west-2"_s);
    QCOMPARE(server.requests().at(1).target, server.requests().at(0).target);
    QCOMPARE(server.requests().at(1).header("Host"), server.requests().at(0).header("Host"));
    QCOMPARE(client.bucketRegion(u"exports"_s), u"eu-west-2"_s);

    // Later calls about the bucket go to its region at once; other buckets stay in the client's.
    S3::GetBucketAclRequest again;
    again.bucket = u"exports"_s;
    QVERIFY(resultOf<S3::GetBucketAclOutput>(client.getBucketAcl(again)));
    QCOMPARE(server.requests().size(), 3);
    QCOMPARE(signedRegion(server.requests().at(2)), u"eu-west-2"_s);
    QVERIFY(client.bucketRegion(u"other"_s).isEmpty());
}

void TestS3Client::redirectIsFollowedOnce()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.setHandler([](const RecordedRequest &, int index) {
        // Each answer names another region: a loop that must end after one redirect.
        return answer(301, "<Error><Code>PermanentRedirect</Code><Message>elsewhere</Message></Error>",
                      {{"x-amz-bucket-region", index == 0 ? "eu-west-2" : "ap-south-1"}});
    });
    S3Client client(configFor(server.url()));
    S3::GetBucketAclRequest request;
    request.bucket = u"exports"_s;
    const auto result = resultOf<S3::GetBucketAclOutput>(client.getBucketAcl(request));
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"PermanentRedirect"_s);
    QCOMPARE(result.error().httpStatus, 301);
    QCOMPARE(server.requests().size(), 2);
    QCOMPARE(signedRegion(server.requests().at(1)), u"eu-west-2"_s);
}

void TestS3Client::redirectNeedsAValidRegion_data()
{
    QTest::addColumn<ScriptedResponse>("redirect");
    QTest::addColumn<QString>("code");
    QTest::newRow("a host name as region")
        << answer(301, "<Error><Code>PermanentRedirect</Code><Message>m</Message></Error>",
                  {{"x-amz-bucket-region", "evil.example.com"}})
        << u"PermanentRedirect"_s;
    QTest::newRow("a path in the region")
        << answer(400, "<Error><Code>AuthorizationHeaderMalformed</Code><Message>m</Message><Region>x/../y</Region></Error>")
        << u"AuthorizationHeaderMalformed"_s;
    QTest::newRow("no region at all")
        << answer(301, "<Error><Code>PermanentRedirect</Code><Message>m</Message></Error>",
                  {{"Location", "https://attacker.example/"}})
        << u"PermanentRedirect"_s;
    QTest::newRow("HEAD bucket 400 without x-amz-bucket-region") << answer(400, {}) << u"400"_s;
    QTest::newRow("another error naming a region")
        << answer(403, "<Error><Code>AccessDenied</Code><Message>m</Message></Error>",
                  {{"x-amz-bucket-region", "eu-west-2"}})
        << u"AccessDenied"_s;
}

void TestS3Client::redirectNeedsAValidRegion()
{
    QFETCH(ScriptedResponse, redirect);
    QFETCH(QString, code);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(redirect);
    S3Client client(configFor(server.url()));
    S3::HeadBucketRequest head;
    head.bucket = u"exports"_s;
    S3::GetBucketAclRequest acl;
    acl.bucket = u"exports"_s;
    const bool isHead = code == u"400"_s;
    const ApiError error = isHead ? resultOf<S3::HeadBucketOutput>(client.headBucket(head)).error()
                                  : resultOf<S3::GetBucketAclOutput>(client.getBucketAcl(acl)).error();
    QCOMPARE(error.code, code);
    QCOMPARE(server.requests().size(), 1);
    QVERIFY(client.bucketRegion(u"exports"_s).isEmpty());
}

void TestS3Client::redirectOnAwsEndpointsStaysOnS3()
{
    // On AWS's endpoints a redirect changes the host to the bucket's region's S3 endpoint, nothing else.
    S3Client client(configFor(QUrl()));
    QCOMPARE(client.requestUrl(u"exports"_s), QUrl(u"https://exports.s3.eu-west-1.amazonaws.com/"_s));
    client.setBucketRegion(u"exports"_s, u"ap-southeast-2"_s);
    QCOMPARE(client.requestUrl(u"exports"_s), QUrl(u"https://exports.s3.ap-southeast-2.amazonaws.com/"_s));
    client.setBucketRegion(u"exports"_s, u"evil.example.com/"_s); // refused: not a region name
    QCOMPARE(client.requestUrl(u"exports"_s), QUrl(u"https://exports.s3.ap-southeast-2.amazonaws.com/"_s));
    client.setBucketRegion(u"cn-bucket"_s, u"cn-north-1"_s);
    QCOMPARE(client.requestUrl(u"cn-bucket"_s), QUrl(u"https://cn-bucket.s3.cn-north-1.amazonaws.com.cn/"_s));
}

void TestS3Client::addressing_data()
{
    QTest::addColumn<QUrl>("endpoint");
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("bucket");
    QTest::addColumn<QByteArray>("keyPath");
    QTest::addColumn<QUrl>("url");
    const QUrl aws;
    QTest::newRow("virtual-hosted") << aws << u"eu-west-1"_s << u"my-bucket"_s << QByteArray("/a%20b")
                                    << QUrl(u"https://my-bucket.s3.eu-west-1.amazonaws.com/a%20b"_s);
    QTest::newRow("no bucket") << aws << u"us-east-1"_s << QString() << QByteArray()
                               << QUrl(u"https://s3.us-east-1.amazonaws.com/"_s);
    QTest::newRow("dots: path-style") << aws << u"eu-west-1"_s << u"my.bucket"_s << QByteArray("/k")
                                      << QUrl(u"https://s3.eu-west-1.amazonaws.com/my.bucket/k"_s);
    QTest::newRow("upper case: path-style") << aws << u"eu-west-1"_s << u"My_Bucket"_s << QByteArray()
                                            << QUrl(u"https://s3.eu-west-1.amazonaws.com/My_Bucket"_s);
    QTest::newRow("IP address: path-style") << aws << u"eu-west-1"_s << u"192.168.1.1"_s << QByteArray()
                                            << QUrl(u"https://s3.eu-west-1.amazonaws.com/192.168.1.1"_s);
    QTest::newRow("too short: path-style") << aws << u"eu-west-1"_s << u"ab"_s << QByteArray()
                                           << QUrl(u"https://s3.eu-west-1.amazonaws.com/ab"_s);
    QTest::newRow("GovCloud") << aws << u"us-gov-west-1"_s << u"gov-bucket"_s << QByteArray()
                              << QUrl(u"https://gov-bucket.s3.us-gov-west-1.amazonaws.com/"_s);
    QTest::newRow("China") << aws << u"cn-northwest-1"_s << u"b-1"_s << QByteArray()
                           << QUrl(u"https://b-1.s3.cn-northwest-1.amazonaws.com.cn/"_s);
    QTest::newRow("custom endpoint: path-style")
        << QUrl(u"http://127.0.0.1:9000/"_s) << u"eu-west-1"_s << u"my-bucket"_s << QByteArray("/k")
        << QUrl(u"http://127.0.0.1:9000/my-bucket/k"_s);
    QTest::newRow("custom endpoint with a path")
        << QUrl(u"https://storage.example.com/s3/"_s) << u"eu-west-1"_s << u"my-bucket"_s << QByteArray()
        << QUrl(u"https://storage.example.com/s3/my-bucket"_s);
}

void TestS3Client::addressing()
{
    QFETCH(QUrl, endpoint);
    QFETCH(QString, region);
    QFETCH(QString, bucket);
    QFETCH(QByteArray, keyPath);
    QFETCH(QUrl, url);
    S3Client client(configFor(endpoint, region));
    QCOMPARE(client.usesCustomEndpoint(), !endpoint.isEmpty());
    QCOMPARE(client.requestUrl(bucket, keyPath), url);
    QCOMPARE(client.config().signingName, u"s3"_s);
}

void TestS3Client::uriEncoding()
{
    // Labels are encoded once, as botocore's serializer does: {Bucket} keeps nothing but the unreserved
    // characters, {Key+} keeps '/' too; query values encode '/' as well.
    S3::HeadObjectRequest object;
    object.bucket = u"b"_s;
    object.key = u"x/ y+z~ü?#%"_s;
    object.versionId = u"v/1 2"_s;
    const auto head = RestXmlProtocol::encodeRequest<S3Operation::HeadObject>(object);
    QCOMPARE(head.request.path, QByteArray("/b/x/%20y%2Bz~%C3%BC%3F%23%25"));
    QCOMPARE(head.keyPath, QByteArray("/x/%20y%2Bz~%C3%BC%3F%23%25"));
    QCOMPARE(head.request.query, QByteArray("versionId=v%2F1%202"));
    QCOMPARE(head.bucket, u"b"_s);
    QVERIFY(head.request.signPathAsSent);
    QVERIFY(head.request.signPayload);

    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(answer(200, {}));
    S3Client client(configFor(server.url()));
    QVERIFY(resultOf<S3::HeadObjectOutput>(client.headObject(object)));
    QCOMPARE(server.requests().first().target, QByteArray("/b/x/%20y%2Bz~%C3%BC%3F%23%25?versionId=v%2F1%202"));

    // Keys an HTTP stack would normalise (dot segments, empty segments) travel with every slash encoded, so that
    // the key S3 reads is the one asked for and the path signed is the path sent.
    const QList<QPair<QString, QByteArray>> unusual = {
        {u"a/./b"_s, "/b/a%2F.%2Fb"},
        {u"a/../b"_s, "/b/a%2F..%2Fb"},
        {u"a//b"_s, "/b/a%2F%2Fb"},
        {u"/lead"_s, "/b/%2Flead"},
        {u"dir/"_s, "/b/dir/"},
        {u"..."_s, "/b/..."},
    };
    for (const auto &[key, target] : unusual) {
        server.enqueue(answer(200, {}));
        object.key = key;
        object.versionId = QString();
        QVERIFY(resultOf<S3::HeadObjectOutput>(client.headObject(object)));
        QCOMPARE(server.requests().last().target, target);
    }
}

void TestS3Client::endpointResolution_data()
{
    QTest::addColumn<QByteArrayList>("environment");
    QTest::addColumn<QString>("config");
    QTest::addColumn<QString>("endpointUrlOption");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("source");
    const QString plain = u"[default]\nregion = eu-west-1\naws_access_key_id = AKID\naws_secret_access_key = s\n"_s;
    QTest::newRow("none: AWS's") << QByteArrayList() << plain << QString() << QString() << QString();
    QTest::newRow("AWS_ENDPOINT_URL_S3") << QByteArrayList {"AWS_ENDPOINT_URL_S3=http://127.0.0.1:9000"} << plain
                                         << QString() << u"http://127.0.0.1:9000/"_s << u"AWS_ENDPOINT_URL_S3"_s;
    QTest::newRow("services section")
        << QByteArrayList() << plain + u"services = local\n[services local]\ns3 =\n  endpoint_url = http://localhost:9001\n"_s
        << QString() << u"http://localhost:9001/"_s << u"profile default (services section)"_s;
    QTest::newRow("services section for elasticache only")
        << QByteArrayList()
        << plain + u"services = local\n[services local]\nelasticache =\n  endpoint_url = http://localhost:9001\n"_s
        << QString() << QString() << QString();
    QTest::newRow("AWS_ENDPOINT_URL applies to all") << QByteArrayList {"AWS_ENDPOINT_URL=http://127.0.0.1:9002"}
                                                     << plain << QString() << u"http://127.0.0.1:9002/"_s
                                                     << u"AWS_ENDPOINT_URL"_s;
    QTest::newRow("profile endpoint_url applies to all")
        << QByteArrayList() << plain + u"endpoint_url = http://127.0.0.1:9003\n"_s << QString()
        << u"http://127.0.0.1:9003/"_s << u"profile default"_s;
    QTest::newRow("the S3 variable wins") << QByteArrayList {"AWS_ENDPOINT_URL=http://127.0.0.1:9002",
                                                            "AWS_ENDPOINT_URL_S3=http://127.0.0.1:9004"}
                                          << plain + u"endpoint_url = http://127.0.0.1:9003\n"_s << QString()
                                          << u"http://127.0.0.1:9004/"_s << u"AWS_ENDPOINT_URL_S3"_s;
    QTest::newRow("--endpoint-url is ElastiCache's")
        << QByteArrayList() << plain << u"http://127.0.0.1:9005"_s << QString() << QString();
    QTest::newRow("ElastiCache's variable is not S3's")
        << QByteArrayList {"AWS_ENDPOINT_URL_ELASTICACHE=http://127.0.0.1:9006"} << plain << QString() << QString()
        << QString();
    QTest::newRow("ignored when asked") << QByteArrayList {"AWS_ENDPOINT_URL_S3=http://127.0.0.1:9000",
                                                          "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true"}
                                        << plain << QString() << QString() << QString();
}

void TestS3Client::endpointResolution()
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
    qputenv("AWS_SHARED_CREDENTIALS_FILE", dir.filePath(u"none"_s).toLocal8Bit());
    for (const QByteArray &assignment : std::as_const(environment)) {
        const qsizetype eq = assignment.indexOf('=');
        qputenv(assignment.left(eq).constData(), assignment.mid(eq + 1));
    }
    CredentialChain::Overrides overrides;
    overrides.endpointUrl = endpointUrlOption;
    QString from;
    const auto url = CredentialChain::s3Endpoint(overrides, &from);
    QVERIFY2(url, qPrintable(url ? QString() : url.error().message));
    QCOMPARE(url.value().toString(), endpoint);
    QCOMPARE(from, source);

    const auto s3 = CredentialChain::resolveS3ClientConfig(overrides);
    QVERIFY2(s3, qPrintable(s3 ? QString() : s3.error().message));
    QCOMPARE(s3.value().endpoint.toString(), endpoint);
    QCOMPARE(s3.value().region, u"eu-west-1"_s);
    QCOMPARE(s3.value().signingName, u"s3"_s);
    QVERIFY(s3.value().credentials);
    S3Client client(s3.value());
    QCOMPARE(client.usesCustomEndpoint(), !endpoint.isEmpty());
    QCOMPARE(client.requestUrl(u"exports"_s).host(),
             endpoint.isEmpty() ? u"exports.s3.eu-west-1.amazonaws.com"_s : QUrl(endpoint).host());
}

void TestS3Client::endpointResolutionIgnored()
{
    // http only for this computer, as for every other endpoint.
    qputenv("AWS_CONFIG_FILE", "/nonexistent/config");
    qputenv("AWS_ENDPOINT_URL_S3", "http://storage.example.com/");
    const auto url = CredentialChain::s3Endpoint({});
    QVERIFY(!url);
    QCOMPARE(url.error().code, u"InvalidEndpoint"_s);
    QVERIFY(url.error().message.contains(u"AWS_ENDPOINT_URL_S3"_s));
}

void TestS3Client::signatureMatchesBotocore_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QString>("token");
    QTest::newRow("ListObjectsV2, a prefix to encode") << u"ListObjectsV2"_s << QString();
    QTest::newRow("HeadObject, a key to encode") << u"HeadObject"_s << QString();
    QTest::newRow("PutBucketAcl, a body and checksum") << u"PutBucketAcl"_s << QString();
    QTest::newRow("PutBucketPolicy, session token") << u"PutBucketPolicy"_s << u"session/token+="_s;
    QTest::newRow("GetBucketAcl, expected owner") << u"GetBucketAcl"_s << QString();
}

void TestS3Client::signatureMatchesBotocore()
{
    QFETCH(QString, operation);
    QFETCH(QString, token);
    const QString python = pythonWithBotocore();
    if (python.isEmpty())
        QSKIP("python3 with botocore is not installed");

    ScriptedServer server;
    QVERIFY(server.listen());
    server.setHandler([](const RecordedRequest &, int) { return answer(200, {}); });
    S3Client client(configFor(server.url(), u"eu-west-1"_s, token));
    if (operation == u"ListObjectsV2"_s) {
        S3::ListObjectsV2Request r;
        r.bucket = u"b"_s;
        r.prefix = u"a b/ü"_s;
        r.startAfter = u"x+y=z&w"_s;
        resultOf<S3::ListObjectsV2Output>(client.listObjectsV2(r));
    } else if (operation == u"HeadObject"_s) {
        S3::HeadObjectRequest r;
        r.bucket = u"my.bucket"_s;
        r.key = u"a b/c+d~e!f/./../ü"_s;
        resultOf<S3::HeadObjectOutput>(client.headObject(r));
    } else if (operation == u"PutBucketAcl"_s) {
        S3::PutBucketAclRequest r;
        r.bucket = u"b"_s;
        r.accessControlPolicy = S3::AccessControlPolicy();
        S3::Grant grant;
        grant.grantee = S3::Grantee {u"n"_s, {}, u"id"_s, u"CanonicalUser"_s, {}};
        grant.permission = u"WRITE"_s;
        r.accessControlPolicy->grants = {grant};
        resultOf<S3::EmptyOutput>(client.putBucketAcl(r));
    } else if (operation == u"PutBucketPolicy"_s) {
        S3::PutBucketPolicyRequest r;
        r.bucket = u"b"_s;
        r.policy = u"{\"Version\": \"2012-10-17\", \"Statement\": []}"_s;
        resultOf<S3::EmptyOutput>(client.putBucketPolicy(r));
    } else {
        S3::GetBucketAclRequest r;
        r.bucket = u"b"_s;
        r.expectedBucketOwner = u"111122223333"_s;
        resultOf<S3::GetBucketAclOutput>(client.getBucketAcl(r));
    }
    QCOMPARE(server.requests().size(), 1);
    const RecordedRequest &sent = server.requests().first();

    const QByteArray auth = sent.header("Authorization");
    const qsizetype signedAt = auth.indexOf("SignedHeaders=") + 14;
    const QList<QByteArray> signedNames = auth.mid(signedAt, auth.indexOf(',', signedAt) - signedAt).split(';');
    QJsonObject headers;
    for (const auto &[name, value] : sent.headers) {
        if (signedNames.contains(name.toLower()) && name.toLower() != "x-amz-date"
            && name.toLower() != "x-amz-content-sha256" && name.toLower() != "x-amz-security-token")
            headers.insert(QString::fromLatin1(name), QString::fromLatin1(value));
    }
    QJsonObject input;
    input.insert(u"method"_s, QString::fromLatin1(sent.method));
    input.insert(u"url"_s, QString(server.url().toString(QUrl::RemovePath) + QString::fromLatin1(sent.target)));
    input.insert(u"body"_s, QString::fromLatin1(sent.body.toHex()));
    input.insert(u"headers"_s, headers);
    input.insert(u"amzdate"_s, QString::fromLatin1(sent.header("X-Amz-Date")));
    input.insert(u"key"_s, QString::fromLatin1(kAccessKey));
    input.insert(u"secret"_s, QString::fromLatin1(kSecretKey));
    input.insert(u"token"_s, token);
    input.insert(u"region"_s, u"eu-west-1"_s);

    QProcess signer;
    signer.start(python, {u"-c"_s, QString::fromLatin1(kBotocoreSigner)});
    QVERIFY(signer.waitForStarted());
    signer.write(QJsonDocument(input).toJson(QJsonDocument::Compact));
    signer.closeWriteChannel();
    QVERIFY(signer.waitForFinished(60000));
    QVERIFY2(signer.exitCode() == 0, signer.readAllStandardError().constData());
    const QJsonObject botocore = QJsonDocument::fromJson(signer.readAllStandardOutput()).object();
    const QByteArray signature = auth.mid(auth.indexOf("Signature=") + 10).trimmed();
    QVERIFY2(signature == botocore.value(u"signature"_s).toString().toLatin1(),
             qPrintable(u"botocore's canonical request:\n"_s + botocore.value(u"canonical"_s).toString()));
    // The path botocore signs is the one on the wire: encoded once, dot segments kept.
    const QString canonicalPath = botocore.value(u"canonical"_s).toString().section(u'\n', 1, 1);
    QCOMPARE(canonicalPath.toLatin1(), sent.target.split('?').first());
    if (!token.isEmpty())
        QCOMPARE(sent.header("X-Amz-Security-Token"), token.toUtf8());
}

QTEST_GUILESS_MAIN(TestS3Client)
#include "tst_s3client.moc"
