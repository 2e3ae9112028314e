// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "connectionchoice.h"
#include "service/clientconfig.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>

class StsClient;

// Each profile's AWS account, from STS GetCallerIdentity: a profile's credentials are the same in every region, so
// its account is asked for once and remembered; lookups that come while a profile's answer is awaited get that
// answer. A failed lookup is not remembered (the next one asks again).
class AccountLookup final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountLookup)

public:
    explicit AccountLookup(QObject *parent = nullptr);
    ~AccountLookup() override;

    // Calls done exactly once with the account (12 digits) of choice's profile, never synchronously, and not at all
    // when context (not null) is destroyed first. elastiCache is the connection's configuration: its credentials sign
    // the call (stsConfig()).
    void lookup(const ConnectionChoice &choice, const ClientConfig &elastiCache, const QObject *context,
                std::function<void(const ApiResult<QString> &)> done);
    // The account known for choice's profile; empty when it is not (yet).
    QString known(const ConnectionChoice &choice) const;
    // Forgets a profile's account (its credentials changed): the next lookup asks again.
    void forget(const ConnectionChoice &choice);
    // GetCallerIdentity calls sent so far.
    int calls() const;

    // The profile a connection belongs to: its key without the region (the credentials, and where they are sent).
    static QString profileKey(const ConnectionChoice &choice);
    // STS's configuration for a connection: elastiCache's credentials, retries and limits, signed for the global STS
    // endpoint's region of the connection's partition (us-east-1, cn-north-1, us-gov-west-1: enabled in every
    // account, unlike an opt-in region), and sent to elastiCache's endpoint when it is a loopback one (a sandbox
    // serves every service on its port, as CredentialChain::ec2Endpoint() has it), else where the credential chain
    // sends STS calls (AWS_ENDPOINT_URL_STS, the profile's services section, else sts.<region>.<suffix>).
    static ApiResult<ClientConfig> stsConfig(const ConnectionChoice &choice, const ClientConfig &elastiCache);

private:
    struct Waiter
    {
        QPointer<const QObject> context;
        std::function<void(const ApiResult<QString> &)> done;
    };
    struct Entry
    {
        QString account; // empty until answered
        QList<Waiter> waiters;
        bool asking = false;
        QPointer<StsClient> client; // while asking
    };
    void answer(const QString &key, const ApiResult<QString> &result);

    QHash<QString, Entry> m_entries;
    int m_calls = 0;
};
