// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "queryserializer.h"
#include "sandboxconfig.h"
#include "sandboxhandler.h"

#include <QDateTime>
#include <QHash>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

// The sandbox's STS (AssumeRole and GetCallerIdentity, Query protocol 2011-06-15, signed for service "sts") and IAM
// Identity Center
// portal (GetRoleCredentials, GET /federation/credentials with x-amz-sso_bearer_token). The temporary
// credentials both issue are then accepted by the ElastiCache front, with their X-Amz-Security-Token
// checked and their expiry enforced.
class SandboxSts
{
public:
    explicit SandboxSts(const SandboxConfig &config);

    // The accounts whose roles can be assumed (default: the configured account); a temporary key belongs to the
    // account of the role it was issued for.
    void setAccounts(const QStringList &accountIds);
    // Every role of the sandbox's accounts can be assumed by any accepted key; these tighten one role.
    void requireMfa(const QString &roleArn, const QString &serialNumber, const QString &tokenCode);
    void requireExternalId(const QString &roleArn, const QString &externalId);
    // An access token "aws sso login" would have cached, good for this account and role until expiresAt.
    void addSsoToken(const QString &accessToken, const QString &accountId, const QString &roleName,
                     const QDateTime &expiresAt);
    // > 0: issued credentials expire after this many seconds whatever was asked (tests of expiry).
    void setLifetimeOverride(int seconds);
    void setClock(std::function<QDateTime()> now);

    // The request is for STS: its signature scope names "sts" (or, unsigned, its Action is an STS one).
    static bool isStsRequest(const QByteArray &authorization, const QueryParams &params);
    static bool isSsoPortalRequest(const QByteArray &method, const QString &path);

    // callerAccountId: the account of the long-term key that signed (ignored for a temporary key, which knows its own).
    SandboxResponse handleSts(const QueryParams &params, const QString &callerKeyId, const QString &callerAccountId,
                              const QString &requestId);
    SandboxResponse handleSsoPortal(const QByteArray &bearerToken, const QueryParams &query);

    // The secret of a temporary key this sandbox issued.
    std::optional<QString> secretFor(const QString &accessKeyId) const;
    bool isTemporaryKey(const QString &accessKeyId) const;
    // The account of a temporary key this sandbox issued; empty for any other key.
    QString accountOf(const QString &accessKeyId) const;
    // For a temporary key: the token must be the one issued with it and the key must not have expired.
    std::optional<ApiError> checkSessionToken(const QString &accessKeyId, const QString &sessionToken) const;
    int issuedCount() const;

private:
    struct Issued
    {
        QString secret;
        QString token;
        QDateTime expiration;
        QString accountId;
        QString arn; // arn:aws:sts::<account>:assumed-role/<role>/<session>
        QString userId; // <role id>:<session>
    };
    struct SsoToken
    {
        QString accountId;
        QString roleName;
        QDateTime expiresAt;
    };
    Issued issue(int seconds, const QString &accountId, const QString &roleName, const QString &sessionName,
                 QString *accessKeyId);

    SandboxConfig m_config;
    QStringList m_accounts;
    QHash<QString, Issued> m_issued;
    QHash<QString, QPair<QString, QString>> m_mfa; // role → (serial, code)
    QHash<QString, QString> m_externalIds;
    QHash<QString, SsoToken> m_ssoTokens;
    int m_lifetimeOverride = 0;
    std::function<QDateTime()> m_now;
};
