// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apijob.h"
#include "credentials.h"
#include "service/clientconfig.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

class ServiceClient;

// AWS STS AssumeRole (Query protocol, version 2011-06-15, signed for service "sts"), members in the model's order.
struct AssumeRoleRequest
{
    QString roleArn;
    QString roleSessionName;
    std::optional<int> durationSeconds;
    QString externalId;
    QString serialNumber; // mfa_serial
    QString tokenCode; // the MFA code
};

struct AssumeRoleResult
{
    AwsCredentials credentials; // with sessionToken and expiration
    QString assumedRoleArn;
    QString assumedRoleId;
};

// AWS STS GetCallerIdentity: whose key signed the request. It needs no permission ("No permissions are required to
// perform this operation"), so it works for any valid key.
struct CallerIdentity
{
    QString account; // 12 digits
    QString arn;
    QString userId;
};

namespace StsXml {
// Reads an <AssumeRoleResponse>; a document without complete credentials is an error.
ApiResult<AssumeRoleResult> assumeRoleResponse(const QByteArray &xml);
// Reads a <GetCallerIdentityResponse>; a document without an Account is an error.
ApiResult<CallerIdentity> callerIdentityResponse(const QByteArray &xml);
} // namespace StsXml

class AssumeRoleJob final : public ApiJob
{
    Q_OBJECT
public:
    AssumeRoleJob(ServiceClient *client, QueryParams params);
    QMetaObject::Connection onFinished(const QObject *context,
                                       std::function<void(const ApiResult<AssumeRoleResult> &)> callable);
Q_SIGNALS:
    void finished(const ApiResult<AssumeRoleResult> &result);

private:
    ApiResult<PageRead> handlePage(const QByteArray &xml) override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;
    std::optional<AssumeRoleResult> m_result;
};

class GetCallerIdentityJob final : public ApiJob
{
    Q_OBJECT
public:
    explicit GetCallerIdentityJob(ServiceClient *client);
    QMetaObject::Connection onFinished(const QObject *context,
                                       std::function<void(const ApiResult<CallerIdentity> &)> callable);
Q_SIGNALS:
    void finished(const ApiResult<CallerIdentity> &result);

private:
    ApiResult<PageRead> handlePage(const QByteArray &xml) override;
    void finishWithError(const ApiError &error) override;
    void finishWithSuccess() override;
    std::optional<CallerIdentity> m_result;
};

// AWS STS (Query protocol, 2011-06-15, signed for "sts"): a typed façade over its own ServiceClient, so it
// shares the signing, retries, clock-skew handling and redacted debug log of every other service.
class StsClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StsClient)

public:
    // config.endpoint is the STS endpoint; config.credentials the source credentials.
    explicit StsClient(ClientConfig config, QObject *parent = nullptr);
    ~StsClient() override;

    AssumeRoleJob *assumeRole(const AssumeRoleRequest &request);
    GetCallerIdentityJob *getCallerIdentity();

    static QueryParams params(const AssumeRoleRequest &request);

private:
    std::unique_ptr<ServiceClient> m_service;
};
