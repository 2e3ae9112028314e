// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "credentials.h"
#include "elasticacheclient.h"
#include "stsclient.h"

#include <QDateTime>
#include <QList>
#include <QPointer>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class CredentialStore;

// Asks the user for an MFA code: (mfa_serial, profile name, answer). answer gets the code, or nothing when the
// user cancels; it may be called later (a dialog), but exactly once.
using MfaPrompt = std::function<void(const QString &serialNumber, const QString &profile,
                                     std::function<void(const std::optional<QString> &code)> answer)>;

// Credentials that come from a slow source (a process, STS, the SSO portal, the keychain): kept until
// kRefreshMarginSeconds before they expire, then fetched again. Fetches that arrive while one retrieval runs
// wait for it; each gets exactly one answer, queued to its context.
class RefreshingCredentialsProvider : public CredentialsProvider
{
public:
    static constexpr int kRefreshMarginSeconds = 5 * 60;

    ~RefreshingCredentialsProvider() override;
    void fetch(QObject *context, std::function<void(const ApiResult<AwsCredentials> &)> done) final;
    QString description() const override;

    // Tests move the clock.
    void setClock(std::function<QDateTime()> now);
    int retrievals() const; // how many times the source was asked

protected:
    explicit RefreshingCredentialsProvider(QString description);
    using Completion = std::function<void(const ApiResult<AwsCredentials> &)>;
    // Asks the source once; calls complete exactly once, possibly later. Work objects go under worker().
    virtual void retrieve(Completion complete) = 0;
    QObject *worker() const;
    QDateTime now() const;

private:
    void onRetrieved(const ApiResult<AwsCredentials> &result);
    bool usable(const AwsCredentials &credentials, int marginSeconds) const;

    struct Waiter
    {
        QPointer<QObject> context;
        std::function<void(const ApiResult<AwsCredentials> &)> done;
    };
    QString m_description;
    std::unique_ptr<QObject> m_worker;
    std::optional<AwsCredentials> m_cached;
    QList<Waiter> m_waiters;
    std::function<QDateTime()> m_now;
    bool m_inFlight = false;
    int m_retrievals = 0;
    std::shared_ptr<bool> m_alive;
};

// credential_process: runs the command (split as a POSIX shell would, no shell involved) in a process group of
// its own, reads the JSON version 1 document from its standard output (at most 1 MiB). A non-zero exit reports
// its standard error (the first 4 KiB). On a timeout, or when the provider goes while it runs, the whole process
// group is killed and reaped.
class ProcessCredentialsProvider final : public RefreshingCredentialsProvider
{
public:
    static constexpr int kDefaultTimeoutMs = 60000;
    ProcessCredentialsProvider(QString profile, QString command, int timeoutMs = kDefaultTimeoutMs);
    ~ProcessCredentialsProvider() override;

    // shlex.split (POSIX mode): quotes, backslashes; nothing when the quoting is unbalanced.
    static std::optional<QStringList> splitCommand(const QString &command);
    // The JSON document a credential process prints.
    static ApiResult<AwsCredentials> parseOutput(const QByteArray &json, const QString &source);

private:
    void retrieve(Completion complete) override;
    QString m_profile;
    QString m_command;
    int m_timeoutMs;
};

// role_arn: STS AssumeRole signed with the source credentials (source_profile or credential_source).
class AssumeRoleCredentialsProvider final : public RefreshingCredentialsProvider
{
public:
    // sts: region, endpoint and retry settings of the STS client; its credentials are replaced by source.
    AssumeRoleCredentialsProvider(QString profile, AssumeRoleRequest request, ClientConfig sts,
                                  std::shared_ptr<CredentialsProvider> source, MfaPrompt mfaPrompt);

private:
    void retrieve(Completion complete) override;
    void callSts(AssumeRoleRequest request, Completion complete);
    QString m_profile;
    AssumeRoleRequest m_request;
    ClientConfig m_sts;
    MfaPrompt m_mfaPrompt;
};

// sso_session / legacy sso_*: the access token that "aws sso login" cached in ~/.aws/sso/cache/<sha1>.json,
// exchanged at the SSO portal (GetRoleCredentials) for role credentials.
class SsoCredentialsProvider final : public RefreshingCredentialsProvider
{
public:
    struct Settings
    {
        QString profile;
        QString sessionName; // empty for a legacy profile
        QString startUrl;
        QString ssoRegion;
        QString accountId;
        QString roleName;
        QUrl portalEndpoint; // https://portal.sso.<region>.<suffix>/ unless configured
        int transferTimeoutMs = 30000;
        int totalTimeoutMs = 2 * 60 * 1000; // as ClientConfig's: the deadline of the whole answer
        qint64 maxAnswerBytes = 1024 * 1024; // a GetRoleCredentials answer is well under 2 KiB
    };
    explicit SsoCredentialsProvider(Settings settings);

    // botocore's SSOTokenLoader: sha1 of the session name, or of the start URL for legacy profiles.
    static QString tokenCachePath(const QString &sessionName, const QString &startUrl);

private:
    void retrieve(Completion complete) override;
    Settings m_settings;
};

// An app-kept profile: its keys from the CredentialStore (the OS keychain), read once.
class StoredCredentialsProvider final : public RefreshingCredentialsProvider
{
public:
    StoredCredentialsProvider(QString profile, std::shared_ptr<CredentialStore> store);

private:
    void retrieve(Completion complete) override;
    QString m_profile;
    std::shared_ptr<CredentialStore> m_store;
};
