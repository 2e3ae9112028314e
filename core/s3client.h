// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "apijob.h"
#include "model/s3.h"
#include "service/clientconfig.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class S3Client;
class S3Addressing;

// One S3 call (all its pages, retries and at most one redirect to the bucket's region), untyped: the typed
// job below (S3OutputJob<Output>) carries the result. Like every ApiJob it starts on the next event-loop turn,
// ends with exactly one finished() and then deletes itself.
class S3Job : public ApiJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(S3Job)

public:
    ~S3Job() override;

    // The bucket the call is about; empty for ListBuckets.
    QString bucket() const;
    // The region the last request was signed for: the client's, or the bucket's after a redirect.
    QString region() const;

Q_SIGNALS:
    // Exactly once; S3OutputJob::onFinished() delivers the typed result.
    void finished();
    // Each page of a paginated operation (ListObjectsV2, ListBuckets) as it is read; S3OutputJob::onPageReceived().
    void pageReceived();

protected:
    // The operation's reader: one 2xx answer (status, headers, body) into the typed job's output; returns the
    // next page token (empty on the last page) and the page's item count.
    using Reader = std::function<ApiResult<PageRead>(const HttpAnswer &answer)>;
    S3Job(ServiceClient *service, std::shared_ptr<S3Addressing> addressing, OperationCall call, QString bucket,
          QByteArray keyPath, Reader reader);

    // Sets the typed result: the error, or (error null) the output read.
    virtual void complete(const ApiError *error) = 0;

private:
    std::optional<ApiError> inputError() const override;
    ApiResult<PageRead> handleAnswer(const HttpAnswer &answer) override;
    bool retarget(const HttpAnswer &answer, const ApiError &error, OperationCall &call) override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;

    class Private;
    std::unique_ptr<Private> d;
};

// The typed face of one S3 call: its result as ApiResult<Output> (Output is the model's output structure, or
// S3::EmptyOutput for the Put operations). Consume it with onFinished(context, callable), which runs callable
// once unless context is destroyed first. A paginated operation delivers all its pages together (lists
// concatenated, the other members from the last page), or page by page: setAccumulate(false) and
// onPageReceived().
template<typename Output> class S3OutputJob final : public S3Job
{
public:
    QMetaObject::Connection onFinished(const QObject *context,
                                       std::function<void(const ApiResult<Output> &)> callable);
    QMetaObject::Connection onPageReceived(const QObject *context, std::function<void(const Output &page)> callable);
    // The result once finished() has been emitted.
    const ApiResult<Output> &result() const;

private:
    friend class S3Client;
    using Decoder = ApiResult<Output> (*)(const HttpAnswer &answer);
    using TokenReader = QString (*)(const Output &page);
    S3OutputJob(ServiceClient *service, std::shared_ptr<S3Addressing> addressing, OperationCall call, QString bucket,
                QByteArray keyPath, Decoder decode, TokenReader nextToken);
    ApiResult<PageRead> read(const HttpAnswer &answer);
    void complete(const ApiError *error) override;

    Decoder m_decode;
    TokenReader m_nextToken;
    ApiResult<Output> m_result;
    std::optional<Output> m_output; // all pages so far, while accumulating
    Output m_page; // the latest page
};

using ListBucketsJob = S3OutputJob<S3::ListBucketsOutput>;
using HeadBucketJob = S3OutputJob<S3::HeadBucketOutput>;
using GetBucketLocationJob = S3OutputJob<S3::GetBucketLocationOutput>;
using GetBucketAclJob = S3OutputJob<S3::GetBucketAclOutput>;
using GetBucketPolicyJob = S3OutputJob<S3::GetBucketPolicyOutput>;
using GetBucketOwnershipControlsJob = S3OutputJob<S3::GetBucketOwnershipControlsOutput>;
using GetBucketEncryptionJob = S3OutputJob<S3::GetBucketEncryptionOutput>;
using ListObjectsV2Job = S3OutputJob<S3::ListObjectsV2Output>;
using HeadObjectJob = S3OutputJob<S3::HeadObjectOutput>;
using S3EmptyJob = S3OutputJob<S3::EmptyOutput>; // PutBucketAcl, PutBucketPolicy, PutBucketOwnershipControls

extern template class S3OutputJob<S3::ListBucketsOutput>;
extern template class S3OutputJob<S3::HeadBucketOutput>;
extern template class S3OutputJob<S3::GetBucketLocationOutput>;
extern template class S3OutputJob<S3::GetBucketAclOutput>;
extern template class S3OutputJob<S3::GetBucketPolicyOutput>;
extern template class S3OutputJob<S3::GetBucketOwnershipControlsOutput>;
extern template class S3OutputJob<S3::GetBucketEncryptionOutput>;
extern template class S3OutputJob<S3::ListObjectsV2Output>;
extern template class S3OutputJob<S3::HeadObjectOutput>;
extern template class S3OutputJob<S3::EmptyOutput>;

// Amazon S3 (REST-XML, 2006-03-01, signed for "s3" with x-amz-content-sha256): a typed façade over its own
// ServiceClient, one method per operation, each returning a new job.
//
// Where requests go:
//  - config.endpoint empty: AWS's regional endpoints for config.region's partition. A bucket whose name is a
//    valid DNS label (3–63 of a-z, 0-9 and '-', no dots, not an IP address) is addressed virtual-hosted
//    (https://<bucket>.s3.<region>.<suffix>/<key>), any other path-style (https://s3.<region>.<suffix>/<bucket>/<key>).
//  - config.endpoint set (AWS_ENDPOINT_URL_S3, the profile's services section, endpoint_url; see
//    CredentialChain::resolveS3ClientConfig): always path-style on that endpoint (http only to loopback).
// A call answered with the bucket's region (301 PermanentRedirect, 400 AuthorizationHeaderMalformed, a HEAD's
// 301/400 with x-amz-bucket-region, as botocore's S3RegionRedirector reads them) is sent once more, signed for
// that region, to that region's endpoint (a custom endpoint stays the same); the client remembers the bucket's
// region for its later calls. Credentials only ever go to S3's regional endpoints or the configured endpoint.
//
// Errors: ApiError with S3's code (NoSuchBucket, AccessDenied, AccessControlListNotSupported,
// OwnershipControlsNotFoundError, NoSuchBucketPolicy, ServerSideEncryptionConfigurationNotFoundError, …). An
// error without a body (every HEAD error) is named by its status as botocore names it: code "404", message
// "Not Found".
class S3Client final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(S3Client)

public:
    // config.signingName is set to "s3".
    explicit S3Client(ClientConfig config, QObject *parent = nullptr);
    ~S3Client() override;

    // The configuration as used: endpoint is the configured one, or AWS's regional endpoint for the region.
    const ClientConfig &config() const;
    // Whether requests go to a configured endpoint (path-style) rather than AWS's.
    bool usesCustomEndpoint() const;
    qint64 clockOffsetMs() const;
    // Replaces the retry backoff's random source (uniform in [0, 1)); tests pass 0 for immediate retries.
    void setRetryRandomSource(std::function<double()> random);

    // The region the client knows a bucket to be in (from a redirect, or setBucketRegion()); empty if none.
    QString bucketRegion(const QString &bucket) const;
    // Sends later calls about bucket to region (a region the check already read, GetBucketLocation's answer).
    void setBucketRegion(const QString &bucket, const QString &region);
    // The URL a call about bucket (and the percent-encoded key path, "/a%20b") would be sent to.
    QUrl requestUrl(const QString &bucket, const QByteArray &keyPath = {}) const;

    ListBucketsJob *listBuckets(const S3::ListBucketsRequest &request = {});
    HeadBucketJob *headBucket(const S3::HeadBucketRequest &request);
    GetBucketLocationJob *getBucketLocation(const S3::GetBucketLocationRequest &request);
    GetBucketAclJob *getBucketAcl(const S3::GetBucketAclRequest &request);
    S3EmptyJob *putBucketAcl(const S3::PutBucketAclRequest &request);
    GetBucketPolicyJob *getBucketPolicy(const S3::GetBucketPolicyRequest &request);
    S3EmptyJob *putBucketPolicy(const S3::PutBucketPolicyRequest &request);
    GetBucketOwnershipControlsJob *getBucketOwnershipControls(const S3::GetBucketOwnershipControlsRequest &request);
    S3EmptyJob *putBucketOwnershipControls(const S3::PutBucketOwnershipControlsRequest &request);
    GetBucketEncryptionJob *getBucketEncryption(const S3::GetBucketEncryptionRequest &request);
    // Every page (bounded by config().maxPages and maxItems, as the other listings), following
    // NextContinuationToken.
    ListObjectsV2Job *listObjectsV2(const S3::ListObjectsV2Request &request);
    HeadObjectJob *headObject(const S3::HeadObjectRequest &request);

    // Whether bucket can be addressed virtual-hosted on AWS's https endpoints (see above).
    static bool isVirtualHostableBucket(const QString &bucket);
    // The region GetBucketLocation's LocationConstraint names: empty is us-east-1, "EU" is eu-west-1.
    static QString regionOfLocationConstraint(const QString &locationConstraint);

private:
    template<typename Operation>
    S3OutputJob<typename Operation::Output> *start(const typename Operation::Request &request);

    std::unique_ptr<ServiceClient> m_service;
    std::shared_ptr<S3Addressing> m_addressing;
};
