// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "s3client.h"

#include "endpointresolver.h"
#include "service/apilog.h"
#include "service/restxmlprotocol.h"
#include "service/serviceclient.h"

#include <QHostAddress>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

// Where each call goes: the bucket's region (the client's until a redirect says otherwise) and, for AWS's
// endpoints, the bucket's virtual host or the regional endpoint path-style; for a custom endpoint always that
// endpoint, path-style. Shared by the client and its jobs (a job may outlive its client's last call).
class S3Addressing
{
public:
    S3Addressing(QString region, QUrl customEndpoint)
        : m_region(std::move(region))
        , m_custom(std::move(customEndpoint))
    {
    }

    bool isCustom() const { return !m_custom.isEmpty(); }

    QString regionFor(const QString &bucket) const
    {
        return bucket.isEmpty() ? m_region : m_bucketRegions.value(bucket, m_region);
    }

    QString knownRegion(const QString &bucket) const { return m_bucketRegions.value(bucket); }

    void remember(const QString &bucket, const QString &region)
    {
        if (!bucket.isEmpty() && EndpointResolver::isValidRegionName(region))
            m_bucketRegions.insert(bucket, region);
    }

    // https://s3.<region>.<partition's DNS suffix>/, or the custom endpoint; empty for a malformed region.
    QUrl endpoint(const QString &region) const
    {
        if (isCustom())
            return m_custom;
        const QString suffix = EndpointResolver::dnsSuffix(EndpointResolver::partitionOf(region));
        if (suffix.isEmpty())
            return {};
        QUrl url;
        url.setScheme(u"https"_s);
        url.setHost(u"s3.%1.%2"_s.arg(region, suffix));
        url.setPath(u"/"_s);
        return url;
    }

    // Points request at bucket (and the encoded keyPath below it) in region, signed for region.
    void target(HttpRequest &request, const QString &bucket, const QByteArray &keyPath, const QString &region) const
    {
        QUrl base = endpoint(region);
        request.signingRegion = region;
        QByteArray prefix = base.path(QUrl::FullyEncoded).toLatin1();
        if (prefix.endsWith('/'))
            prefix.chop(1);
        if (bucket.isEmpty()) {
            request.endpoint = base;
            request.path = prefix + '/';
            return;
        }
        if (!isCustom() && S3Client::isVirtualHostableBucket(bucket)) {
            base.setHost(bucket + u'.' + base.host());
            request.endpoint = base;
            request.path = keyPath.isEmpty() ? QByteArray("/") : keyPath;
            return;
        }
        request.endpoint = base;
        request.path = prefix + '/' + RestXmlProtocol::percentEncode(bucket) + keyPath;
    }

private:
    QString m_region;
    QUrl m_custom;
    QHash<QString, QString> m_bucketRegions;
};

// ---- S3Job ---------------------------------------------------------------------------------------------------

class S3Job::Private
{
public:
    std::shared_ptr<S3Addressing> addressing;
    QString bucket;
    QByteArray keyPath;
    QString region;
    Reader reader;
    bool needsBucket = false;
};

S3Job::S3Job(ServiceClient *service, std::shared_ptr<S3Addressing> addressing, OperationCall call, QString bucket,
             QByteArray keyPath, Reader reader)
    : ApiJob(service, call)
    , d(std::make_unique<Private>())
{
    d->addressing = std::move(addressing);
    d->bucket = std::move(bucket);
    d->keyPath = std::move(keyPath);
    d->region = call.request.signingRegion;
    d->reader = std::move(reader);
    d->needsBucket = call.operation != u"ListBuckets"_s;
}

S3Job::~S3Job() = default;

QString S3Job::bucket() const
{
    return d->bucket;
}

QString S3Job::region() const
{
    return d->region;
}

std::optional<ApiError> S3Job::inputError() const
{
    if (d->needsBucket && d->bucket.isEmpty())
        return ApiError::make(ApiError::Kind::Config, u"ParamValidation"_s,
                              u"%1 needs a bucket name (Bucket is empty)."_s.arg(operation()));
    return std::nullopt;
}

ApiResult<ApiJob::PageRead> S3Job::handleAnswer(const HttpAnswer &answer)
{
    return d->reader(answer);
}

bool S3Job::retarget(const HttpAnswer &answer, const ApiError &error, OperationCall &call)
{
    if (d->bucket.isEmpty())
        return false;
    const QString region = RestXmlProtocol::redirectRegion(call.operation, answer, error);
    if (region.isEmpty() || region == d->region)
        return false;
    qCInfo(lcApi).noquote() << u"%1: bucket %2 is in %3, not %4; sending the request there."_s.arg(
        call.operation, d->bucket, region, d->region);
    d->addressing->remember(d->bucket, region);
    d->addressing->target(call.request, d->bucket, d->keyPath, region);
    d->region = region;
    return true;
}

void S3Job::finishWithError(const ApiError &error)
{
    complete(&error);
    Q_EMIT finished();
}

void S3Job::finishWithSuccess()
{
    complete(nullptr);
    Q_EMIT finished();
}

// ---- S3OutputJob ---------------------------------------------------------------------------------------------

namespace {
// The page token of a paginated operation's output (its outputToken member).
template<typename Operation> QString nextToken(const typename Operation::Output &page)
{
    QString token;
    if constexpr (requires { Operation::outputToken; }) {
        forEachField<typename Operation::Output>([&](const auto &f) {
            if constexpr (std::is_same_v<typename std::remove_cvref_t<decltype(f)>::Type, QString>) {
                if (f.name == Operation::outputToken)
                    token = page.*(f.member);
            }
        });
    }
    return token;
}

// The query parameter that carries the page token of a paginated operation (its inputToken member's).
template<typename Operation> QString pageTokenParameter()
{
    QString name;
    if constexpr (requires { Operation::inputToken; }) {
        forEachField<typename Operation::Request>([&](const auto &f) {
            if (f.name == Operation::inputToken)
                name = f.onWire();
        });
    }
    return name;
}

template<typename Output> qsizetype itemCount(const Output &page)
{
    qsizetype count = 0;
    forEachField<Output>([&](const auto &f) {
        if constexpr (ShapeListOf<typename std::remove_cvref_t<decltype(f)>::Type>)
            count += (page.*(f.member)).size();
    });
    return count;
}

// All pages as one: the lists concatenated, every other member from the latest page.
template<typename Output> void mergePage(Output &all, Output &&page)
{
    forEachField<Output>([&](const auto &f) {
        auto &target = all.*(f.member);
        auto &source = page.*(f.member);
        if constexpr (ShapeListOf<std::remove_cvref_t<decltype(target)>>) {
            const bool present = target.isPresent() || source.isPresent();
            target.append(std::move(source));
            target.setPresent(present);
        } else {
            target = std::move(source);
        }
    });
}
} // namespace

template<typename Output>
S3OutputJob<Output>::S3OutputJob(ServiceClient *service, std::shared_ptr<S3Addressing> addressing, OperationCall call,
                                 QString bucket, QByteArray keyPath, Decoder decode, TokenReader nextToken)
    : S3Job(service, std::move(addressing), std::move(call), std::move(bucket), std::move(keyPath),
            [this](const HttpAnswer &answer) { return read(answer); })
    , m_decode(decode)
    , m_nextToken(nextToken)
    , m_result(ApiError::make(ApiError::Kind::Cancelled, u"NotFinished"_s, u"The call has not finished."_s))
{
}

template<typename Output>
QMetaObject::Connection S3OutputJob<Output>::onFinished(const QObject *context,
                                                        std::function<void(const ApiResult<Output> &)> callable)
{
    return connect(this, &S3Job::finished, context, [this, callable = std::move(callable)] { callable(m_result); });
}

template<typename Output>
QMetaObject::Connection S3OutputJob<Output>::onPageReceived(const QObject *context,
                                                            std::function<void(const Output &page)> callable)
{
    return connect(this, &S3Job::pageReceived, context, [this, callable = std::move(callable)] { callable(m_page); });
}

template<typename Output> const ApiResult<Output> &S3OutputJob<Output>::result() const
{
    return m_result;
}

template<typename Output> ApiResult<ApiJob::PageRead> S3OutputJob<Output>::read(const HttpAnswer &answer)
{
    ApiResult<Output> page = m_decode(answer);
    if (!page)
        return page.error();
    PageRead read {m_nextToken(page.value()), itemCount(page.value())};
    m_page = std::move(page.value());
    if (accumulates()) {
        if (!m_output)
            m_output = m_page;
        else
            mergePage(*m_output, Output(m_page));
    }
    Q_EMIT pageReceived();
    return read;
}

template<typename Output> void S3OutputJob<Output>::complete(const ApiError *error)
{
    if (error)
        m_result = *error;
    else
        m_result = m_output ? std::move(*m_output) : m_page;
}

template class S3OutputJob<S3::ListBucketsOutput>;
template class S3OutputJob<S3::HeadBucketOutput>;
template class S3OutputJob<S3::GetBucketLocationOutput>;
template class S3OutputJob<S3::GetBucketAclOutput>;
template class S3OutputJob<S3::GetBucketPolicyOutput>;
template class S3OutputJob<S3::GetBucketOwnershipControlsOutput>;
template class S3OutputJob<S3::GetBucketEncryptionOutput>;
template class S3OutputJob<S3::ListObjectsV2Output>;
template class S3OutputJob<S3::HeadObjectOutput>;
template class S3OutputJob<S3::EmptyOutput>;

// ---- S3Client ------------------------------------------------------------------------------------------------

namespace {
ClientConfig s3Config(ClientConfig config, S3Addressing &addressing)
{
    config.signingName = u"s3"_s;
    if (config.endpoint.isEmpty() && EndpointResolver::isValidRegionName(config.region))
        config.endpoint = addressing.endpoint(config.region);
    return config;
}
} // namespace

S3Client::S3Client(ClientConfig config, QObject *parent)
    : QObject(parent)
    , m_addressing(std::make_shared<S3Addressing>(config.region, config.endpoint))
{
    m_service = std::make_unique<ServiceClient>(s3Config(std::move(config), *m_addressing),
                                                std::make_unique<RestXmlProtocol>());
}

S3Client::~S3Client()
{
    m_service->cancelAll(u"The client was destroyed."_s);
}

const ClientConfig &S3Client::config() const
{
    return m_service->config();
}

bool S3Client::usesCustomEndpoint() const
{
    return m_addressing->isCustom();
}

qint64 S3Client::clockOffsetMs() const
{
    return m_service->clockOffsetMs();
}

void S3Client::setRetryRandomSource(std::function<double()> random)
{
    m_service->setRetryRandomSource(std::move(random));
}

QString S3Client::bucketRegion(const QString &bucket) const
{
    return m_addressing->knownRegion(bucket);
}

void S3Client::setBucketRegion(const QString &bucket, const QString &region)
{
    m_addressing->remember(bucket, region);
}

QUrl S3Client::requestUrl(const QString &bucket, const QByteArray &keyPath) const
{
    HttpRequest request;
    m_addressing->target(request, bucket, keyPath, m_addressing->regionFor(bucket));
    QUrl url = request.endpoint;
    url.setPath(QString::fromLatin1(request.path), QUrl::TolerantMode);
    return url;
}

template<typename Operation>
S3OutputJob<typename Operation::Output> *S3Client::start(const typename Operation::Request &request)
{
    using Output = typename Operation::Output;
    RestXmlProtocol::Encoded encoded = RestXmlProtocol::encodeRequest<Operation>(request);
    OperationCall call;
    call.operation = Operation::name;
    call.pageTokenName = pageTokenParameter<Operation>();
    call.request = std::move(encoded.request);
    m_addressing->target(call.request, encoded.bucket, encoded.keyPath, m_addressing->regionFor(encoded.bucket));
    return new S3OutputJob<Output>(m_service.get(), m_addressing, std::move(call), encoded.bucket, encoded.keyPath,
                                   &RestXmlProtocol::decodeOutput<Operation>, &nextToken<Operation>);
}

ListBucketsJob *S3Client::listBuckets(const S3::ListBucketsRequest &request)
{
    return start<S3Operation::ListBuckets>(request);
}

HeadBucketJob *S3Client::headBucket(const S3::HeadBucketRequest &request)
{
    return start<S3Operation::HeadBucket>(request);
}

GetBucketLocationJob *S3Client::getBucketLocation(const S3::GetBucketLocationRequest &request)
{
    return start<S3Operation::GetBucketLocation>(request);
}

GetBucketAclJob *S3Client::getBucketAcl(const S3::GetBucketAclRequest &request)
{
    return start<S3Operation::GetBucketAcl>(request);
}

S3EmptyJob *S3Client::putBucketAcl(const S3::PutBucketAclRequest &request)
{
    return start<S3Operation::PutBucketAcl>(request);
}

GetBucketPolicyJob *S3Client::getBucketPolicy(const S3::GetBucketPolicyRequest &request)
{
    return start<S3Operation::GetBucketPolicy>(request);
}

S3EmptyJob *S3Client::putBucketPolicy(const S3::PutBucketPolicyRequest &request)
{
    return start<S3Operation::PutBucketPolicy>(request);
}

GetBucketOwnershipControlsJob *
S3Client::getBucketOwnershipControls(const S3::GetBucketOwnershipControlsRequest &request)
{
    return start<S3Operation::GetBucketOwnershipControls>(request);
}

S3EmptyJob *S3Client::putBucketOwnershipControls(const S3::PutBucketOwnershipControlsRequest &request)
{
    return start<S3Operation::PutBucketOwnershipControls>(request);
}

GetBucketEncryptionJob *S3Client::getBucketEncryption(const S3::GetBucketEncryptionRequest &request)
{
    return start<S3Operation::GetBucketEncryption>(request);
}

ListObjectsV2Job *S3Client::listObjectsV2(const S3::ListObjectsV2Request &request)
{
    return start<S3Operation::ListObjectsV2>(request);
}

HeadObjectJob *S3Client::headObject(const S3::HeadObjectRequest &request)
{
    return start<S3Operation::HeadObject>(request);
}

bool S3Client::isVirtualHostableBucket(const QString &bucket)
{
    // The endpoint rules' aws.isVirtualHostableS3Bucket(Bucket, false): one DNS label, lower case, 3–63
    // characters, not an IP address. Names with dots would not match the *.s3.<region> certificate.
    static const QRegularExpression label(u"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$"_s);
    if (!label.match(bucket).hasMatch())
        return false;
    return QHostAddress(bucket).isNull();
}

QString S3Client::regionOfLocationConstraint(const QString &locationConstraint)
{
    if (locationConstraint.isEmpty())
        return u"us-east-1"_s;
    if (locationConstraint == u"EU"_s)
        return u"eu-west-1"_s;
    return locationConstraint;
}
