// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The sandbox's S3 and its exports over real loopback HTTP: S3 requests signed here as S3 signs them (the path
// encoded once, x-amz-content-sha256), ElastiCache requests with the core signer.
#include "queryserializer.h"
#include "sandboxbuckets.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "sigv4.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

struct Answer
{
    int status = 0;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[n, v] : headers) {
            if (n.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        }
        return {};
    }
    // The text of every element called name, in document order.
    QStringList all(const QString &name) const
    {
        QStringList found;
        QXmlStreamReader xml(body);
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == name)
                found.append(xml.readElementText(QXmlStreamReader::IncludeChildElements));
        }
        return found;
    }
    QString first(const QString &name) const { return all(name).value(0); }
};

struct S3Options
{
    QString region = u"us-east-1"_s;
    QString accessKeyId = u"AKIDSANDBOX"_s;
    QString secret = u"sandbox-secret-key"_s;
    std::optional<QByteArray> payloadHash; // nullopt: the body's SHA-256
    bool omitPayloadHash = false;
    bool encodeTwice = false; // sign the canonical URI as non-S3 services do (the wire path encoded again)
    qint64 skewSeconds = 0;
    SigV4::HeaderList extraHeaders;
};

const QString kElastiCacheId = u"540804c33a284a299d2547575ce1010f2312ef3da9b3a053c8bc45bf233e4353"_s;

QByteArray aclBody(const QString &ownerId, const QList<QPair<QString, QString>> &grants)
{
    QByteArray xml = "<AccessControlPolicy xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Owner><ID>"
        + ownerId.toLatin1() + "</ID></Owner><AccessControlList>";
    for (const auto &[id, permission] : grants)
        xml += "<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\"><ID>"
            + id.toLatin1() + "</ID></Grantee><Permission>" + permission.toLatin1() + "</Permission></Grant>";
    return xml + "</AccessControlList></AccessControlPolicy>";
}

QByteArray exportPolicy(const QString &bucket, const QString &effect = u"Allow"_s)
{
    return u"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Other\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
           "\"arn:aws:iam::123456789012:root\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::%1/*\"},"
           "{\"Effect\":\"%2\",\"Principal\":{\"Service\":\"us-east-1.elasticache-snapshot.amazonaws.com\"},"
           "\"Action\":[\"s3:PutObject\",\"s3:GetObject\",\"s3:ListBucket\",\"s3:GetBucketAcl\","
           "\"s3:ListMultipartUploadParts\",\"s3:ListBucketMultipartUploads\"],"
           "\"Resource\":[\"arn:aws:s3:::%1\",\"arn:aws:s3:::%1/*\"]}]}"_s.arg(bucket, effect)
               .toUtf8();
}

} // namespace

class TestSandboxS3 final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void signatureChecks_data();
    void signatureChecks();
    void bucketSettings();
    void regions();
    void otherAccount();
    void listObjectsV2();
    void legacySettingsFileIsMigrated();
    void exportFollowsBucketState_data();
    void exportFollowsBucketState();
    void exportWritesObjectsOneAtATime();
    void exportFailureIsAnEvent();
    void describeEvents();
    void stateKeepsBuckets();
    void hostileBucketState_data();
    void hostileBucketState();

private:
    void startServer(const SandboxConfig &config);
    SandboxConfig baseConfig() const;
    Answer s3(const QByteArray &method, const QByteArray &path, const QByteArray &query = {},
              const QByteArray &body = {}, const S3Options &options = {});
    Answer call(const QString &action, const QueryParams &members);
    QString ownerId() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
};

SandboxConfig TestSandboxS3::baseConfig() const
{
    SandboxConfig config;
    config.seed = 3;
    config.seedSnapshots = 30;
    config.snapshotCreateSeconds = 0.2;
    config.exportSeconds = 0;
    config.s3Root = m_dir->filePath(u"s3"_s);
    return config;
}

void TestSandboxS3::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(m_dir->filePath(u"s3"_s)));
    m_nam = std::make_unique<QNetworkAccessManager>();
    startServer(baseConfig());
}

void TestSandboxS3::cleanup()
{
    m_server.reset();
    m_nam.reset();
    m_dir.reset();
}

void TestSandboxS3::startServer(const SandboxConfig &config)
{
    m_server.reset();
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

QString TestSandboxS3::ownerId() const
{
    return SandboxBuckets::canonicalUserId(u"123456789012"_s);
}

Answer TestSandboxS3::s3(const QByteArray &method, const QByteArray &path, const QByteArray &query,
                         const QByteArray &body, const S3Options &options)
{
    const QUrl base = m_server->url();
    const QDateTime time = QDateTime::currentDateTimeUtc().addSecs(options.skewSeconds);
    const QByteArray amzDate = SigV4::amzDate(time);
    const QByteArray payloadHash
        = options.payloadHash.value_or(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
    SigV4::HeaderList headers {{"host", "127.0.0.1:" + QByteArray::number(base.port())}, {"x-amz-date", amzDate}};
    if (!options.omitPayloadHash)
        headers.append({"x-amz-content-sha256", payloadHash});
    headers += options.extraHeaders;
    const QList<QByteArray> signedHeaders = SigV4::headersToSign(headers);
    const QByteArray uri = options.encodeTwice ? SigV4::uriEncode(path, true)
                                               : SigV4::uriEncode(QByteArray::fromPercentEncoding(path), true);
    const QByteArray canonical = method + '\n' + uri + '\n' + SigV4::canonicalQuery(query) + '\n'
        + SigV4::canonicalHeaders(headers, signedHeaders) + '\n' + signedHeaders.join(';') + '\n' + payloadHash;
    const QByteArray date8 = amzDate.left(8);
    const QByteArray scope = SigV4::credentialScope(date8, options.region, u"s3"_s);
    const QByteArray signature = SigV4::signature(SigV4::signingKey(options.secret, date8, options.region, u"s3"_s),
                                                  SigV4::stringToSign(amzDate, scope, canonical));
    const QByteArray authorization = "AWS4-HMAC-SHA256 Credential=" + options.accessKeyId.toLatin1() + '/' + scope
        + ", SignedHeaders=" + signedHeaders.join(';') + ", Signature=" + signature;

    QUrl url = base;
    url.setPath(QString::fromLatin1(path), QUrl::TolerantMode);
    if (!query.isEmpty())
        url.setQuery(QString::fromLatin1(query), QUrl::TolerantMode);
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    for (const auto &[name, value] : headers) {
        if (name != "host")
            request.setRawHeader(name, value);
    }
    request.setRawHeader("Authorization", authorization);
    // QNetworkAccessManager reads no body after HEAD only when it sent a HEAD itself.
    QNetworkReply *reply = method == "HEAD" ? m_nam->head(request) : m_nam->sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    Answer answer;
    if (!finished.wait(20000)) {
        reply->abort();
        reply->deleteLater();
        return answer;
    }
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return answer;
}

Answer TestSandboxS3::call(const QString &action, const QueryParams &members)
{
    const QUrl url = m_server->url();
    SigV4::Request request;
    request.headers = {{"Host", "127.0.0.1:" + QByteArray::number(url.port())},
                       {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    request.body = QuerySerializer::formBody(action, members);
    SigV4::SigningParams signing;
    signing.accessKeyId = m_server->accessKeyId();
    signing.secretAccessKey = m_server->secretAccessKey();
    signing.region = m_server->region();
    signing.time = QDateTime::currentDateTimeUtc();
    SigV4::sign(request, signing);
    QNetworkRequest networkRequest(url);
    for (const auto &[name, value] : request.headers) {
        if (name.compare("host", Qt::CaseInsensitive) != 0)
            networkRequest.setRawHeader(name, value);
    }
    QNetworkReply *reply = m_nam->post(networkRequest, request.body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    Answer answer;
    if (!finished.wait(20000)) {
        reply->abort();
        reply->deleteLater();
        return answer;
    }
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return answer;
}

void TestSandboxS3::signatureChecks_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("variant");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    QTest::newRow("signed payload") << "/sig-bucket/a%20b.rdb"_ba << 0 << 200 << QString();
    QTest::newRow("unsigned payload") << "/sig-bucket/plain.rdb"_ba << 1 << 200 << QString();
    QTest::newRow("no content hash") << "/sig-bucket/x.rdb"_ba << 2 << 400 << u"InvalidRequest"_s;
    QTest::newRow("content hash of another body")
        << "/sig-bucket/x.rdb"_ba << 3 << 400 << u"XAmzContentSHA256Mismatch"_s;
    QTest::newRow("content hash not a hash") << "/sig-bucket/x.rdb"_ba << 4 << 400 << u"InvalidArgument"_s;
    QTest::newRow("path encoded twice") << "/sig-bucket/a%20b.rdb"_ba << 5 << 403 << u"SignatureDoesNotMatch"_s;
    QTest::newRow("wrong secret") << "/sig-bucket/x.rdb"_ba << 6 << 403 << u"SignatureDoesNotMatch"_s;
    QTest::newRow("unknown key") << "/sig-bucket/x.rdb"_ba << 7 << 403 << u"InvalidAccessKeyId"_s;
    QTest::newRow("20 minutes behind") << "/sig-bucket/x.rdb"_ba << 8 << 403 << u"RequestTimeTooSkewed"_s;
    QTest::newRow("10 minutes ahead (S3 allows 15)") << "/sig-bucket/x.rdb"_ba << 9 << 200 << QString();
}

void TestSandboxS3::signatureChecks()
{
    QFETCH(QByteArray, path);
    QFETCH(int, variant);
    QFETCH(int, status);
    QFETCH(QString, code);

    S3Options options;
    const QByteArray body = "REDIS0011\xff";
    switch (variant) {
    case 1:
        options.payloadHash = "UNSIGNED-PAYLOAD";
        break;
    case 2:
        options.omitPayloadHash = true;
        break;
    case 3:
        options.payloadHash = QCryptographicHash::hash("other", QCryptographicHash::Sha256).toHex();
        break;
    case 4:
        options.payloadHash = "STREAMING-SOMETHING";
        break;
    case 5:
        options.encodeTwice = true;
        break;
    case 6:
        options.secret = u"not-the-secret"_s;
        break;
    case 7:
        options.accessKeyId = u"AKIDNOBODY"_s;
        break;
    case 8:
        options.skewSeconds = -20 * 60;
        break;
    case 9:
        options.skewSeconds = 10 * 60;
        break;
    default:
        break;
    }
    QCOMPARE(s3("PUT", "/sig-bucket").status, 200);
    const Answer answer = s3("PUT", path, {}, body, options);
    QCOMPARE(answer.status, status);
    if (!code.isEmpty()) {
        QCOMPARE(answer.first(u"Code"_s), code);
        QVERIFY(!answer.first(u"RequestId"_s).isEmpty());
        if (code == u"SignatureDoesNotMatch")
            QVERIFY(answer.first(u"CanonicalRequest"_s).contains(u"/sig-bucket/"_s));
        if (code == u"InvalidAccessKeyId")
            QCOMPARE(answer.first(u"AWSAccessKeyId"_s), u"AKIDNOBODY"_s);
        if (code == u"XAmzContentSHA256Mismatch")
            QCOMPARE(answer.first(u"S3ComputedContentSHA256"_s),
                     QString::fromLatin1(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex()));
        return;
    }
    const QByteArray key = QByteArray::fromPercentEncoding(path.mid(path.indexOf('/', 1) + 1));
    const Answer head = s3("HEAD", path);
    QCOMPARE(head.status, 200);
    QCOMPARE(head.header("Content-Length").toLongLong(), body.size());
    QVERIFY(QFile::exists(m_dir->filePath(u"s3/sig-bucket/"_s + QString::fromUtf8(key))));
}

void TestSandboxS3::bucketSettings()
{
    // A new bucket: ACLs disabled (BucketOwnerEnforced), the owner alone in its ACL, SSE-S3.
    QCOMPARE(s3("PUT", "/fresh-bucket").status, 200);
    Answer a = s3("GET", "/fresh-bucket", "ownershipControls");
    QCOMPARE(a.status, 200);
    QCOMPARE(a.first(u"ObjectOwnership"_s), u"BucketOwnerEnforced"_s);
    a = s3("GET", "/fresh-bucket", "acl");
    QCOMPARE(a.all(u"ID"_s), QStringList({ownerId(), ownerId()}));
    QCOMPARE(a.all(u"Permission"_s), QStringList {u"FULL_CONTROL"_s});
    QCOMPARE(s3("GET", "/fresh-bucket", "encryption").first(u"SSEAlgorithm"_s), u"AES256"_s);
    a = s3("GET", "/fresh-bucket", "location");
    QCOMPARE(a.status, 200);
    QCOMPARE(a.first(u"LocationConstraint"_s), QString()); // us-east-1 is the empty constraint

    // Granting ElastiCache is refused while ACLs are disabled; the owner-only ACL is not.
    const QByteArray withGrant = aclBody(ownerId(), {{ownerId(), u"FULL_CONTROL"_s}, {kElastiCacheId, u"READ"_s}});
    a = s3("PUT", "/fresh-bucket", "acl", withGrant);
    QCOMPARE(a.status, 400);
    QCOMPARE(a.first(u"Code"_s), u"AccessControlListNotSupported"_s);
    S3Options privateAcl;
    privateAcl.extraHeaders = {{"x-amz-acl", "private"}};
    QCOMPARE(s3("PUT", "/fresh-bucket", "acl", {}, privateAcl).status, 200);

    // Re-enabling ACLs, then the grant: every grant is kept as sent.
    a = s3("PUT", "/fresh-bucket", "ownershipControls",
           "<OwnershipControls xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule><ObjectOwnership>"
           "BucketOwnerPreferred</ObjectOwnership></Rule></OwnershipControls>");
    QCOMPARE(a.status, 200);
    QCOMPARE(s3("PUT", "/fresh-bucket", "acl", withGrant).status, 200);
    a = s3("GET", "/fresh-bucket", "acl");
    QCOMPARE(a.all(u"Permission"_s), QStringList({u"FULL_CONTROL"_s, u"READ"_s}));
    QVERIFY(a.all(u"ID"_s).contains(kElastiCacheId));
    // Back to BucketOwnerEnforced is refused while the ACL grants someone else.
    a = s3(
        "PUT", "/fresh-bucket", "ownershipControls",
        "<OwnershipControls><Rule><ObjectOwnership>BucketOwnerEnforced</ObjectOwnership></Rule></OwnershipControls>");
    QCOMPARE(a.first(u"Code"_s), u"InvalidBucketAclWithObjectOwnership"_s);
    // At most 100 grants.
    QList<QPair<QString, QString>> many;
    for (int i = 0; i < 101; ++i)
        many.append({ownerId(), u"READ"_s});
    QCOMPARE(s3("PUT", "/fresh-bucket", "acl", aclBody(ownerId(), many)).first(u"Code"_s), u"MalformedACLError"_s);

    // Policies are kept verbatim, up to 20 KB.
    a = s3("GET", "/fresh-bucket", "policy");
    QCOMPARE(a.status, 404);
    QCOMPARE(a.first(u"Code"_s), u"NoSuchBucketPolicy"_s);
    const QByteArray policy = "{ \"Version\": \"2012-10-17\",\n  \"Statement\": [] }";
    QCOMPARE(s3("PUT", "/fresh-bucket", "policy", policy).status, 204);
    a = s3("GET", "/fresh-bucket", "policy");
    QCOMPARE(a.status, 200);
    QCOMPARE(a.body, policy);
    QCOMPARE(s3("PUT", "/fresh-bucket", "policy", "not json").first(u"Code"_s), u"MalformedPolicy"_s);
    const QByteArray large = "{\"Statement\":[],\"Pad\":\"" + QByteArray(20 * 1024, 'x') + "\"}";
    QCOMPARE(s3("PUT", "/fresh-bucket", "policy", large).first(u"Code"_s), u"PolicyTooLarge"_s);
    QCOMPARE(s3("GET", "/fresh-bucket", "policy").body, policy);
    QCOMPARE(s3("DELETE", "/fresh-bucket", "policy").status, 204);
    QCOMPARE(s3("GET", "/fresh-bucket", "policy").status, 404);

    QCOMPARE(s3("DELETE", "/fresh-bucket", "ownershipControls").status, 204);
    QCOMPARE(s3("GET", "/fresh-bucket", "ownershipControls").first(u"Code"_s), u"OwnershipControlsNotFoundError"_s);

    a = s3("GET", "/");
    QVERIFY(a.all(u"Name"_s).contains(u"fresh-bucket"_s));
    QVERIFY(!a.all(u"Name"_s).contains(u"demo-exports-other-account"_s)); // not the caller's
    QCOMPARE(s3("PUT", "/Bad_Bucket").first(u"Code"_s), u"InvalidBucketName"_s);
    QCOMPARE(s3("GET", "/no-such-bucket-here", "acl").first(u"Code"_s), u"NoSuchBucket"_s);
}

void TestSandboxS3::regions()
{
    const QByteArray euConfig = "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                                "<LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>";
    Answer a = s3("PUT", "/eu-bucket", {}, euConfig);
    QCOMPARE(a.first(u"Code"_s), u"IllegalLocationConstraintException"_s);
    QVERIFY(a.first(u"Message"_s).startsWith(u"The eu-west-1 location constraint is incompatible"_s));
    S3Options eu;
    eu.region = u"eu-west-1"_s;
    QCOMPARE(s3("PUT", "/eu-bucket", {}, euConfig, eu).status, 200);
    QCOMPARE(s3("PUT", "/use1-bucket", {},
                "<CreateBucketConfiguration><LocationConstraint>us-east-1</LocationConstraint>"
                "</CreateBucketConfiguration>")
                 .first(u"Code"_s),
             u"InvalidLocationConstraint"_s);

    // Signed for the wrong region: HEAD is redirected, the rest is told the region.
    a = s3("HEAD", "/eu-bucket");
    QCOMPARE(a.status, 301);
    QCOMPARE(a.header("x-amz-bucket-region"), "eu-west-1"_ba);
    QVERIFY(a.body.isEmpty());
    a = s3("GET", "/eu-bucket", "acl");
    QCOMPARE(a.status, 400);
    QCOMPARE(a.first(u"Code"_s), u"AuthorizationHeaderMalformed"_s);
    QCOMPARE(a.first(u"Region"_s), u"eu-west-1"_s);
    a = s3("HEAD", "/eu-bucket", {}, {}, eu);
    QCOMPARE(a.status, 200);
    QCOMPARE(a.header("x-amz-bucket-region"), "eu-west-1"_ba);
    // GetBucketLocation answers wherever it was signed.
    QCOMPARE(s3("GET", "/eu-bucket", "location").first(u"LocationConstraint"_s), u"eu-west-1"_s);
}

void TestSandboxS3::otherAccount()
{
    Answer a = s3("GET", "/demo-exports-other-account", "acl");
    QCOMPARE(a.status, 403);
    QCOMPARE(a.first(u"Code"_s), u"AccessDenied"_s);
    QCOMPARE(s3("GET", "/demo-exports-other-account", "location").status, 403);
    QCOMPARE(s3("PUT", "/demo-exports-other-account/k.rdb", {}, "x").status, 403);
    a = s3("HEAD", "/demo-exports-other-account");
    QCOMPARE(a.status, 403);
    QCOMPARE(a.header("x-amz-bucket-region"), "us-east-1"_ba);
    QCOMPARE(s3("PUT", "/demo-exports-other-account").first(u"Code"_s), u"BucketAlreadyExists"_s);
    // ExpectedBucketOwner names another account: 403 even on the caller's own bucket.
    S3Options expected;
    expected.extraHeaders = {{"x-amz-expected-bucket-owner", "210987654321"}};
    QCOMPARE(s3("HEAD", "/demo-exports-ready", {}, {}, expected).status, 403);
    expected.extraHeaders = {{"x-amz-expected-bucket-owner", "123456789012"}};
    QCOMPARE(s3("HEAD", "/demo-exports-ready", {}, {}, expected).status, 200);
}

void TestSandboxS3::listObjectsV2()
{
    QCOMPARE(s3("PUT", "/list-bucket").status, 200);
    const QStringList keys {u"a/1.rdb"_s, u"a/2.rdb"_s, u"a/b/3.rdb"_s, u"a/b/4.rdb"_s,
                            u"c.rdb"_s,   u"d e.rdb"_s, u"z.rdb"_s};
    for (const QString &key : keys)
        QCOMPARE(s3("PUT", "/list-bucket/" + QUrl::toPercentEncoding(key, "/"), {}, key.toUtf8()).status, 200);

    QStringList seen;
    QString token;
    int pages = 0;
    do {
        QByteArray query = "list-type=2&max-keys=3";
        if (!token.isEmpty())
            query += "&continuation-token=" + QUrl::toPercentEncoding(token);
        const Answer a = s3("GET", "/list-bucket", query);
        QCOMPARE(a.status, 200);
        seen += a.all(u"Key"_s);
        QCOMPARE(a.first(u"KeyCount"_s).toInt(), a.all(u"Key"_s).size());
        token = a.first(u"NextContinuationToken"_s);
        QCOMPARE(a.first(u"IsTruncated"_s), token.isEmpty() ? u"false"_s : u"true"_s);
        ++pages;
    } while (!token.isEmpty() && pages < 10);
    QCOMPARE(seen, keys);
    QCOMPARE(pages, 3);

    Answer a = s3("GET", "/list-bucket", "list-type=2&prefix=a%2F&delimiter=%2F");
    QCOMPARE(a.all(u"Key"_s), QStringList({u"a/1.rdb"_s, u"a/2.rdb"_s}));
    QCOMPARE(a.all(u"CommonPrefixes"_s).size(), 1);
    QCOMPARE(a.first(u"KeyCount"_s), u"3"_s);
    a = s3("GET", "/list-bucket", "list-type=2&start-after=c.rdb&encoding-type=url");
    QCOMPARE(a.all(u"Key"_s), QStringList({u"d%20e.rdb"_s, u"z.rdb"_s}));
    QCOMPARE(a.first(u"EncodingType"_s), u"url"_s);
    a = s3("GET", "/list-bucket", "list-type=2&delimiter=%2F");
    QCOMPARE(a.all(u"Key"_s), QStringList({u"c.rdb"_s, u"d e.rdb"_s, u"z.rdb"_s}));
    QCOMPARE(a.all(u"CommonPrefixes"_s).size(), 1);
    QCOMPARE(s3("GET", "/list-bucket", "list-type=2&continuation-token=bm9wZQ%3D%3D").first(u"Code"_s),
             u"InvalidArgument"_s);

    QCOMPARE(s3("DELETE", "/list-bucket/z.rdb").status, 204);
    QCOMPARE(s3("HEAD", "/list-bucket/z.rdb").status, 404);
    QVERIFY(!QFile::exists(m_dir->filePath(u"s3/list-bucket/z.rdb"_s)));
    QCOMPARE(s3("DELETE", "/list-bucket").first(u"Code"_s), u"BucketNotEmpty"_s);
}

void TestSandboxS3::legacySettingsFileIsMigrated()
{
    const QString folder = m_dir->filePath(u"s3/old-style"_s);
    QVERIFY(QDir().mkpath(folder));
    QFile settings(folder + u"/.bucket.json"_s);
    QVERIFY(settings.open(QIODevice::WriteOnly));
    settings.write(R"({"grants": ["READ", "WRITE"]})");
    settings.close();
    QFile object(folder + u"/earlier-0001.rdb"_s);
    QVERIFY(object.open(QIODevice::WriteOnly));
    object.write("REDIS0011");
    object.close();

    Answer a = s3("GET", "/old-style", "acl");
    QCOMPARE(a.status, 200);
    QCOMPARE(a.all(u"Permission"_s), QStringList({u"FULL_CONTROL"_s, u"READ"_s, u"WRITE"_s}));
    QCOMPARE(s3("GET", "/old-style", "ownershipControls").first(u"ObjectOwnership"_s), u"ObjectWriter"_s);
    QCOMPARE(s3("GET", "/old-style", "list-type=2").all(u"Key"_s), QStringList {u"earlier-0001.rdb"_s});
    a = call(u"CopySnapshot"_s,
             queryParams({{u"SourceSnapshotName", u"demo-before-upgrade"_s},
                          {u"TargetSnapshotName", u"x"_s},
                          {u"TargetBucket", u"old-style"_s}}));
    QCOMPARE(a.status, 400);
    QVERIFY(a.first(u"Message"_s).contains(u"READ_ACP permissions old-style"_s));
    // The settings file now holds the migrated settings, in the current form.
    QVERIFY(settings.open(QIODevice::ReadOnly));
    const QJsonObject migrated = QJsonDocument::fromJson(settings.readAll()).object();
    QCOMPARE(migrated.value(u"ownership"_s).toString(), QString()); // untouched until a change
    QCOMPARE(s3("PUT", "/old-style", "acl",
                aclBody(ownerId(), {{ownerId(), u"FULL_CONTROL"_s}, {kElastiCacheId, u"FULL_CONTROL"_s}}))
                 .status,
             200);
    settings.close();
    QVERIFY(settings.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(settings.readAll()).object().value(u"ownership"_s).toString(), u"ObjectWriter"_s);
}

void TestSandboxS3::exportFollowsBucketState_data()
{
    QTest::addColumn<QString>("bucket");
    QTest::addColumn<QByteArray>("policy"); // put before the export when not empty
    QTest::addColumn<QString>("refusal"); // empty: accepted

    QTest::newRow("ready (ACL grant)") << u"demo-exports-ready"_s << QByteArray() << QString();
    QTest::newRow("ready (bucket policy)") << u"demo-exports-policy"_s << QByteArray() << QString();
    QTest::newRow("ACLs enabled, no grant")
        << u"demo-exports-no-grant"_s << QByteArray()
        << u"ElastiCache has not been granted READ permissions demo-exports-no-grant on the S3 Bucket."_s;
    QTest::newRow("new bucket")
        << u"demo-exports-new"_s << QByteArray()
        << u"ElastiCache has not been granted READ permissions demo-exports-new on the S3 Bucket."_s;
    QTest::newRow("new bucket, policy added")
        << u"demo-exports-new"_s << exportPolicy(u"demo-exports-new"_s) << QString();
    QTest::newRow("policy denies")
        << u"demo-exports-ready"_s << exportPolicy(u"demo-exports-ready"_s, u"Deny"_s)
        << u"ElastiCache has not been granted READ permissions demo-exports-ready on the S3 Bucket."_s;
    QTest::newRow("another region") << u"demo-exports-elsewhere"_s << QByteArray()
                                    << u"The S3 bucket demo-exports-elsewhere is outside of the region."_s;
    QTest::newRow("another account")
        << u"demo-exports-other-account"_s << QByteArray()
        << u"The S3 bucket demo-exports-other-account is not owned by the authenticated user."_s;
    QTest::newRow("objects there")
        << u"demo-exports-taken"_s << QByteArray()
        << u"The S3 bucket demo-exports-taken already contains an object with key demo-valkey-rg-manual-0001.rdb."_s;
    QTest::newRow("no bucket") << u"demo-exports-missing"_s << QByteArray()
                               << u"The S3 bucket demo-exports-missing does not exist."_s;
}

void TestSandboxS3::exportFollowsBucketState()
{
    QFETCH(QString, bucket);
    QFETCH(QByteArray, policy);
    QFETCH(QString, refusal);

    if (!policy.isEmpty())
        QCOMPARE(s3("PUT", "/" + bucket.toUtf8(), "policy", policy).status, 204);
    const Answer a = call(u"CopySnapshot"_s,
                          queryParams({{u"SourceSnapshotName", u"demo-valkey-rg-manual"_s},
                                       {u"TargetSnapshotName", u"demo-valkey-rg-manual"_s},
                                       {u"TargetBucket", bucket}}));
    const Answer serverless
        = call(u"ExportServerlessCacheSnapshot"_s,
               queryParams({{u"ServerlessCacheSnapshotName", u"demo-serverless-manual"_s}, {u"S3BucketName", bucket}}));
    if (refusal.isEmpty()) {
        QCOMPARE(a.status, 200);
        QCOMPARE(serverless.status, 200);
        QTRY_COMPARE(s3("GET", "/" + bucket.toUtf8(), "list-type=2").all(u"Key"_s).size(), 4);
        return;
    }
    QCOMPARE(a.status, 400);
    QCOMPARE(a.first(u"Code"_s), u"InvalidParameterValue"_s);
    QCOMPARE(a.first(u"Message"_s), refusal);
    if (refusal.contains(u"already contains"_s)) {
        QCOMPARE(serverless.status, 200); // demo-serverless-manual-0001.rdb is not there
        return;
    }
    QCOMPARE(serverless.status, 400);
    QCOMPARE(serverless.first(u"Message"_s), refusal);
}

void TestSandboxS3::exportWritesObjectsOneAtATime()
{
    SandboxConfig config = baseConfig();
    config.exportSeconds = 2.0;
    startServer(config);
    // A bucket created with ACLs enabled and ElastiCache's grant in the request's headers.
    S3Options granted;
    const QByteArray elastiCache = "id=" + kElastiCacheId.toLatin1();
    granted.extraHeaders = {{"x-amz-object-ownership", "ObjectWriter"},
                            {"x-amz-grant-full-control", "id=\"" + ownerId().toLatin1() + "\""},
                            {"x-amz-grant-read", elastiCache},
                            {"x-amz-grant-write", elastiCache},
                            {"x-amz-grant-read-acp", elastiCache}};
    QCOMPARE(s3("PUT", "/slow-exports", {}, {}, granted).status, 200);
    QElapsedTimer clock;
    clock.start();
    Answer a = call(u"CopySnapshot"_s,
                    queryParams({{u"SourceSnapshotName", u"demo-valkey-rg-manual"_s},
                                 {u"TargetSnapshotName", u"Slow-Export"_s},
                                 {u"TargetBucket", u"slow-exports"_s}}));
    QCOMPARE(a.status, 200);
    QCOMPARE(a.first(u"SnapshotStatus"_s), u"copying"_s);
    // The three objects arrive one at a time (at 0.5, 1 and 1.5 s); the source is available after 2 s.
    QList<qint64> arrivals;
    int seen = 0;
    while (seen < 3 && clock.elapsed() < 10000) {
        const int now = int(s3("GET", "/slow-exports", "list-type=2&prefix=slow-export-").all(u"Key"_s).size());
        for (; seen < now; ++seen)
            arrivals.append(clock.elapsed());
        QTest::qWait(50);
    }
    QCOMPARE(seen, 3);
    QVERIFY2(arrivals.at(2) - arrivals.at(0) >= 700, qPrintable(QString::number(arrivals.at(2) - arrivals.at(0))));
    a = s3("GET", "/slow-exports", "list-type=2&prefix=slow-export-");
    QCOMPARE(a.all(u"Key"_s),
             QStringList({u"slow-export-0001.rdb"_s, u"slow-export-0002.rdb"_s, u"slow-export-0003.rdb"_s}));
    for (const QString &size : a.all(u"Size"_s))
        QVERIFY2(size.toLongLong() > 1024 * 1024, qPrintable(size)); // a plausible shard, not the stand-in's bytes
    const Answer head = s3("HEAD", "/slow-exports/slow-export-0002.rdb");
    QCOMPARE(head.header("Content-Length"), a.all(u"Size"_s).at(1).toLatin1());
    QFile file(m_dir->filePath(u"s3/slow-exports/slow-export-0002.rdb"_s));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().startsWith("REDIS0011"));

    QTRY_COMPARE_WITH_TIMEOUT(call(u"DescribeSnapshots"_s, queryParams({{u"SnapshotName", u"demo-valkey-rg-manual"_s}}))
                                  .first(u"SnapshotStatus"_s),
                              u"available"_s, 5000);
    a = call(u"DescribeEvents"_s,
             queryParams({{u"SourceType", u"snapshot"_s}, {u"SourceIdentifier", u"demo-valkey-rg-manual"_s}}));
    QCOMPARE(a.all(u"Message"_s).value(0),
             u"Export of snapshot 'demo-valkey-rg-manual' to Amazon S3 bucket 'slow-exports' succeeded"_s);
}

void TestSandboxS3::exportFailureIsAnEvent()
{
    SandboxConfig config = baseConfig();
    config.exportSeconds = 0.3;
    config.exportFailAfterObjects = 1;
    startServer(config);
    Answer a = call(u"CopySnapshot"_s,
                    queryParams({{u"SourceSnapshotName", u"demo-valkey-rg-manual"_s},
                                 {u"TargetSnapshotName", u"broken"_s},
                                 {u"TargetBucket", u"demo-exports-ready"_s}}));
    QCOMPARE(a.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(call(u"DescribeSnapshots"_s, queryParams({{u"SnapshotName", u"demo-valkey-rg-manual"_s}}))
                                  .first(u"SnapshotStatus"_s),
                              u"available"_s, 5000);
    QTest::qWait(400);
    QCOMPARE(s3("GET", "/demo-exports-ready", "list-type=2&prefix=broken-").all(u"Key"_s),
             QStringList {u"broken-0001.rdb"_s});
    a = call(u"DescribeEvents"_s,
             queryParams({{u"SourceType", u"snapshot"_s}, {u"SourceIdentifier", u"demo-valkey-rg-manual"_s}}));
    QCOMPARE(a.all(u"Event"_s).size(), 1);
    QVERIFY2(a.all(u"Message"_s)
                 .value(0)
                 .startsWith(
                     u"Export of snapshot 'demo-valkey-rg-manual' to Amazon S3 bucket 'demo-exports-ready' failed: "_s),
             qPrintable(a.all(u"Message"_s).value(0)));
    QVERIFY(a.all(u"Message"_s).value(0).contains(u"broken-0002.rdb"_s));
    // The failed export's objects are no longer promised: the same target can be tried again once removed.
    QCOMPARE(s3("DELETE", "/demo-exports-ready/broken-0001.rdb").status, 204);
    SandboxConfig healthy = m_server->state()->config();
    healthy.exportFailAfterObjects = -1;
    m_server->state()->setConfig(healthy);
    a = call(u"CopySnapshot"_s,
             queryParams({{u"SourceSnapshotName", u"demo-valkey-rg-manual"_s},
                          {u"TargetSnapshotName", u"broken"_s},
                          {u"TargetBucket", u"demo-exports-ready"_s}}));
    QCOMPARE(a.status, 200);
}

void TestSandboxS3::describeEvents()
{
    // The seeded snapshots caught mid-operation finish first; their events are not this test's.
    QTRY_VERIFY(!m_server->state()->nextTransition().isValid());
    m_server->state()->events().clear();
    // Create, copy and delete, node-based and serverless: each finishing is an event, newest first.
    QCOMPARE(call(u"CreateSnapshot"_s,
                  queryParams({{u"CacheClusterId", u"demo-redis-001"_s}, {u"SnapshotName", u"ev-create"_s}}))
                 .status,
             200);
    QCOMPARE(
        call(u"CopySnapshot"_s,
             queryParams({{u"SourceSnapshotName", u"demo-before-upgrade"_s}, {u"TargetSnapshotName", u"ev-copy"_s}}))
            .status,
        200);
    QCOMPARE(call(u"CreateServerlessCacheSnapshot"_s,
                  queryParams(
                      {{u"ServerlessCacheName", u"demo-serverless"_s}, {u"ServerlessCacheSnapshotName", u"ev-sl"_s}}))
                 .status,
             200);
    QTRY_COMPARE(call(u"DescribeEvents"_s, {}).all(u"Event"_s).size(), 3);
    QCOMPARE(call(u"DeleteSnapshot"_s, queryParams({{u"SnapshotName", u"ev-copy"_s}})).status, 200);
    QTRY_COMPARE(call(u"DescribeEvents"_s, {}).all(u"Event"_s).size(), 4);

    Answer a = call(u"DescribeEvents"_s, {});
    QCOMPARE(a.all(u"SourceIdentifier"_s).value(0), u"ev-copy"_s); // the delete, newest
    QCOMPARE(a.all(u"Message"_s).value(0), u"Deleted snapshot with ID 'ev-copy'"_s);
    QVERIFY(
        a.all(u"Message"_s)
            .contains(
                u"Snapshot succeeded for snapshot with ID 'ev-create' of cache cluster with ID 'demo-redis-001'"_s));
    QVERIFY(
        a.all(u"Message"_s)
            .contains(
                u"Snapshot succeeded for serverless cache snapshot with ID 'ev-sl' of serverless cache with ID 'demo-serverless'"_s));
    const QStringList dates = a.all(u"Date"_s);
    QStringList sorted = dates;
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    QCOMPARE(dates, sorted);

    a = call(u"DescribeEvents"_s, queryParams({{u"SourceType", u"serverless-cache-snapshot"_s}}));
    QCOMPARE(a.all(u"SourceIdentifier"_s), QStringList {u"ev-sl"_s});
    a = call(u"DescribeEvents"_s, queryParams({{u"SourceType", u"snapshot"_s}, {u"SourceIdentifier", u"EV-CREATE"_s}}));
    QCOMPARE(a.all(u"Event"_s).size(), 1);
    // Time windows: the last hour by default, StartTime/EndTime/Duration as the API has them.
    const QString future = QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate);
    QCOMPARE(call(u"DescribeEvents"_s, queryParams({{u"StartTime", future}})).all(u"Event"_s).size(), 0);
    const QString past = QDateTime::currentDateTimeUtc().addSecs(-600).toString(Qt::ISODate);
    QCOMPARE(call(u"DescribeEvents"_s, queryParams({{u"EndTime", past}})).all(u"Event"_s).size(), 0);
    QCOMPARE(call(u"DescribeEvents"_s, queryParams({{u"Duration", u"5"_s}})).all(u"Event"_s).size(), 4);
    QCOMPARE(call(u"DescribeEvents"_s, queryParams({{u"MaxRecords", u"19"_s}})).first(u"Code"_s),
             u"InvalidParameterValue"_s);
    QCOMPARE(call(u"DescribeEvents"_s, queryParams({{u"SourceType", u"bucket"_s}})).first(u"Code"_s),
             u"InvalidParameterValue"_s);
    QCOMPARE(call(u"DescribeEvents"_s, queryParams({{u"Marker", u"junk"_s}})).first(u"Code"_s),
             u"InvalidParameterValue"_s);

    // Paging: 25 events, 20 a page.
    for (int i = 0; i < 21; ++i)
        m_server->state()->events().record(u"filler-%1"_s.arg(i), u"snapshot"_s, u"Filler %1"_s.arg(i));
    a = call(u"DescribeEvents"_s, queryParams({{u"MaxRecords", u"20"_s}}));
    QCOMPARE(a.all(u"Event"_s).size(), 20);
    QCOMPARE(a.all(u"SourceIdentifier"_s).value(0), u"filler-20"_s);
    const QString marker = a.first(u"Marker"_s);
    QVERIFY(!marker.isEmpty());
    a = call(u"DescribeEvents"_s, queryParams({{u"MaxRecords", u"20"_s}, {u"Marker", marker}}));
    QCOMPARE(a.all(u"Event"_s).size(), 5);
    QVERIFY(a.first(u"Marker"_s).isEmpty());
}

void TestSandboxS3::stateKeepsBuckets()
{
    SandboxConfig config = baseConfig();
    config.statePath = m_dir->filePath(u"state.json"_s);
    config.s3Root = m_dir->filePath(u"s3-kept"_s);
    startServer(config);
    S3Options aclsEnabled;
    aclsEnabled.extraHeaders = {{"x-amz-object-ownership", "ObjectWriter"}};
    QCOMPARE(s3("PUT", "/kept-bucket", {}, {}, aclsEnabled).status, 200);
    QCOMPARE(s3("PUT", "/kept-bucket", "policy", exportPolicy(u"kept-bucket"_s)).status, 204);
    QCOMPARE(s3("PUT", "/kept-bucket/k.rdb", {}, "data").status, 200);
    QCOMPARE(call(u"CopySnapshot"_s,
                  queryParams({{u"SourceSnapshotName", u"demo-before-upgrade"_s},
                               {u"TargetSnapshotName", u"kept"_s},
                               {u"TargetBucket", u"kept-bucket"_s}}))
                 .status,
             200);
    QTRY_COMPARE(s3("GET", "/kept-bucket", "list-type=2").all(u"Key"_s).size(), 2);
    QTRY_VERIFY(!call(u"DescribeEvents"_s, {}).all(u"Event"_s).isEmpty());
    const QString events = QString::fromUtf8(call(u"DescribeEvents"_s, {}).body);
    const QStringList sizes = s3("GET", "/kept-bucket", "list-type=2").all(u"Size"_s);
    m_server.reset(); // saves

    startServer(config);
    QCOMPARE(s3("GET", "/kept-bucket", "policy").body, exportPolicy(u"kept-bucket"_s));
    QCOMPARE(s3("GET", "/kept-bucket", "ownershipControls").first(u"ObjectOwnership"_s), u"ObjectWriter"_s);
    QCOMPARE(s3("GET", "/kept-bucket", "list-type=2").all(u"Size"_s), sizes);
    const Answer after = call(u"DescribeEvents"_s, {});
    QVERIFY(after.all(u"Message"_s)
                .contains(u"Export of snapshot 'demo-before-upgrade' to Amazon S3 bucket 'kept-bucket' succeeded"_s));
    QVERIFY(s3("GET", "/").all(u"Name"_s).contains(u"demo-exports-taken"_s));
}

void TestSandboxS3::hostileBucketState_data()
{
    QTest::addColumn<QString>("member");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("problem");

    QJsonArray tooMany;
    for (int i = 0; i < 101; ++i)
        tooMany.append(QJsonObject {
            {u"type"_s, u"CanonicalUser"_s}, {u"grantee"_s, kElastiCacheId}, {u"permission"_s, u"READ"_s}});
    QTest::newRow("101 grants") << u"acl"_s << QJsonValue(tooMany) << u"101 grants are more than 100"_s;
    QTest::newRow("grantee not a canonical ID")
        << u"acl"_s
        << QJsonValue(QJsonArray {
               QJsonObject {{u"type"_s, u"CanonicalUser"_s}, {u"grantee"_s, u"../x"_s}, {u"permission"_s, u"READ"_s}}})
        << u"is not 64 lowercase hex digits"_s;
    QTest::newRow("unknown permission") << u"acl"_s
                                        << QJsonValue(QJsonArray {QJsonObject {{u"type"_s, u"CanonicalUser"_s},
                                                                               {u"grantee"_s, kElastiCacheId},
                                                                               {u"permission"_s, u"ALL"_s}}})
                                        << u"is not one of"_s;
    QTest::newRow("policy over 20 KB") << u"policy"_s
                                       << QJsonValue(u"{\"Statement\":[],\"x\":\"%1\"}"_s.arg(QString(21000, u'a')))
                                       << u"more than 20480 bytes"_s;
    QTest::newRow("policy not JSON") << u"policy"_s << QJsonValue(u"Statement"_s) << u"not a JSON object"_s;
    QTest::newRow("region") << u"region"_s << QJsonValue(u"../../etc"_s) << u"is not a region name"_s;
    QTest::newRow("owner") << u"ownerAccountId"_s << QJsonValue(u"12345"_s) << u"is not 12 digits"_s;
    QTest::newRow("ownership") << u"ownership"_s << QJsonValue(u"Everyone"_s) << u"is not one of"_s;
    QTest::newRow("name") << u"name"_s << QJsonValue(u"../outside"_s) << u"bucket \"../outside\""_s;
    QTest::newRow("object key leaves the bucket")
        << u"objects"_s
        << QJsonValue(QJsonArray {QJsonObject {{u"key"_s, u"../../x.rdb"_s},
                                               {u"size"_s, u"1"_s},
                                               {u"etag"_s, QString(32, u'0')},
                                               {u"lastModified"_s, u"2026-01-01T00:00:00Z"_s}}})
        << u"object key \"../../x.rdb\" is not valid"_s;
    QTest::newRow("object size") << u"objects"_s
                                 << QJsonValue(
                                        QJsonArray {QJsonObject {{u"key"_s, u"x.rdb"_s},
                                                                 {u"size"_s, u"99999999999999999"_s},
                                                                 {u"etag"_s, QString(32, u'0')},
                                                                 {u"lastModified"_s, u"2026-01-01T00:00:00Z"_s}}})
                                 << u"is not a byte count of up to 5 TB"_s;
}

void TestSandboxS3::hostileBucketState()
{
    QFETCH(QString, member);
    QFETCH(QJsonValue, value);
    QFETCH(QString, problem);

    SandboxState state(baseConfig());
    const QJsonObject good = state.toJson();
    QJsonObject bucket {{u"name"_s, u"hostile-bucket"_s},
                        {u"region"_s, u"us-east-1"_s},
                        {u"ownerAccountId"_s, u"123456789012"_s},
                        {u"ownership"_s, u"ObjectWriter"_s},
                        {u"acl"_s, QJsonArray()},
                        {u"created"_s, u"2026-01-01T00:00:00.000Z"_s}};
    QString error;
    QJsonObject root = good;
    root.insert(u"buckets"_s, QJsonArray {bucket});
    QVERIFY2(state.fromJson(root, &error), qPrintable(error)); // the same without the hostile member is fine
    bucket.insert(member, value);
    root.insert(u"buckets"_s, QJsonArray {bucket});
    QVERIFY(!state.fromJson(root, &error));
    QVERIFY2(error.contains(problem), qPrintable(error));
    QVERIFY(!QFileInfo::exists(m_dir->filePath(u"outside"_s)));
    QVERIFY(!QFileInfo::exists(m_dir->filePath(u"x.rdb"_s)));
}

QTEST_GUILESS_MAIN(TestSandboxS3)
#include "tst_sandbox_s3.moc"
