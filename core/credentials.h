// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"

#include <QDateTime>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

struct AwsCredentials
{
    QString accessKeyId;
    QString secretAccessKey;
    QString sessionToken; // empty for long-term keys
    QDateTime expiration; // invalid for long-term keys
    QString source; // where they came from, for messages: "environment", "profile dev (~/.aws/credentials)"

    bool isValid() const;
    // Whether they may still be used at now, marginSeconds before they expire: long-term keys always.
    bool usableAt(const QDateTime &now, int marginSeconds) const;
    // Why these cannot be sent: a control character (CR, LF, NUL, DEL, …) in the access key id, the secret or the
    // session token would go raw into a request header (a CR LF in a token injects headers). The error names the
    // field, the character and the source, never the value. Nothing when they are fine.
    std::optional<ApiError> checkSendable() const;
};

// Supplies credentials for signing. Asynchronous, because later sources (credential_process, STS, SSO)
// are network or process calls. Credentials that fail checkSendable() are answered as that error.
class CredentialsProvider
{
public:
    virtual ~CredentialsProvider();
    // Calls done exactly once, never synchronously, in context's thread; not at all if context is gone.
    virtual void fetch(QObject *context, std::function<void(const ApiResult<AwsCredentials> &)> done) = 0;
    // "environment", "profile dev", …: for error messages and the UI.
    virtual QString description() const = 0;
};

// A fixed key pair (tests, the sandbox, and whatever the chain resolved).
class StaticCredentialsProvider final : public CredentialsProvider
{
public:
    explicit StaticCredentialsProvider(AwsCredentials credentials);
    void fetch(QObject *context, std::function<void(const ApiResult<AwsCredentials> &)> done) override;
    QString description() const override;

private:
    AwsCredentials m_credentials;
};
