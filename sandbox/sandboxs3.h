// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "sandboxhandler.h"
#include "sigv4.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <optional>

class SandboxState;

// The sandbox's S3, on the same port as its ElastiCache: requests signed for service "s3", path-style
// (/, /<bucket>, /<bucket>/<key>), checked as S3 checks SigV4 (x-amz-content-sha256 present and equal to the body's
// SHA-256 or UNSIGNED-PAYLOAD, the path encoded once and not normalised, 15 minutes of clock skew) and answered with
// S3's REST-XML documents and error codes. Operations: ListBuckets, CreateBucket, DeleteBucket, HeadBucket,
// GetBucketLocation, Get/PutBucketAcl, Get/Put/DeleteBucketPolicy, Get/Put/DeleteBucketOwnershipControls,
// Get/PutBucketEncryption, ListObjectsV2, HeadObject, PutObject, DeleteObject.
namespace SandboxS3 {

struct Request
{
    QByteArray method;
    QByteArray path; // as sent, percent-encoded
    QByteArray query; // raw, without '?'
    SigV4::HeaderList headers;
    QByteArray body;
};

struct Caller
{
    // The secret of an access key the sandbox accepts, nothing for an unknown one.
    SigV4::SecretLookup secretFor;
    // For temporary keys: whether the session token is the one issued and unexpired (an ElastiCache-style error).
    std::function<std::optional<ApiError>(const QString &accessKeyId, const QString &sessionToken)> checkToken;
    QString accountId;
    QDateTime now;
};

// The request's Authorization header names service "s3" in its credential scope.
bool isS3Request(const QByteArray &authorization);

SandboxResponse handle(SandboxState &state, const Request &request, const Caller &caller, const QString &requestId);
// An S3 error document (<Error><Code/><Message/>…<RequestId/></Error>) with the given extra members.
SandboxResponse errorResponse(const ApiError &error, const QString &requestId,
                              const QList<QPair<QString, QString>> &members = {}, bool head = false);

} // namespace SandboxS3
