// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "accountlookup.h"

#include "credentialchain.h"
#include "endpointresolver.h"
#include "stsclient.h"

#include <QTimer>

using namespace Qt::StringLiterals;

AccountLookup::AccountLookup(QObject *parent)
    : QObject(parent)
{
}

AccountLookup::~AccountLookup() = default;

QString AccountLookup::profileKey(const ConnectionChoice &choice)
{
    ConnectionChoice profile = choice;
    profile.region.clear();
    return profile.key();
}

ApiResult<ClientConfig> AccountLookup::stsConfig(const ConnectionChoice &choice, const ClientConfig &elastiCache)
{
    ClientConfig config = elastiCache;
    const QString partition = EndpointResolver::partitionOf(elastiCache.region);
    // The partitions' global STS endpoints sign for these regions (botocore's endpoints.json, "sts" partitionEndpoint).
    if (partition == u"aws")
        config.region = u"us-east-1"_s;
    else if (partition == u"aws-cn")
        config.region = u"cn-north-1"_s;
    else if (partition == u"aws-us-gov")
        config.region = u"us-gov-west-1"_s;
    if (elastiCache.endpoint.isValid() && EndpointResolver::isLoopbackHost(elastiCache.endpoint.host())) {
        config.endpoint = elastiCache.endpoint;
        return config;
    }
    const ApiResult<QUrl> endpoint = CredentialChain::stsEndpoint(choice.overrides(), config.region);
    if (!endpoint)
        return endpoint.error();
    config.endpoint = endpoint.value();
    if (config.endpoint.isEmpty())
        return ApiError::make(ApiError::Kind::Config, u"NoStsEndpoint"_s,
                              u"No STS endpoint for region \"%1\"."_s.arg(config.region));
    return config;
}

void AccountLookup::lookup(const ConnectionChoice &choice, const ClientConfig &elastiCache, const QObject *context,
                           std::function<void(const ApiResult<QString> &)> done)
{
    Q_ASSERT(context);
    const QString key = profileKey(choice);
    Entry &entry = m_entries[key];
    if (!entry.account.isEmpty()) {
        const QString account = entry.account;
        QTimer::singleShot(0, context, [done = std::move(done), account] { done(account); });
        return;
    }
    entry.waiters.append({context, std::move(done)});
    if (entry.asking)
        return;
    entry.asking = true;

    const ApiResult<ClientConfig> config = stsConfig(choice, elastiCache);
    if (!config) {
        QTimer::singleShot(0, this, [this, key, error = config.error()] { answer(key, error); });
        return;
    }
    ++m_calls;
    entry.client = new StsClient(config.value(), this);
    entry.client->getCallerIdentity()->onFinished(this, [this, key](const ApiResult<CallerIdentity> &result) {
        if (result)
            answer(key, result.value().account);
        else
            answer(key, result.error());
    });
}

void AccountLookup::answer(const QString &key, const ApiResult<QString> &result)
{
    auto it = m_entries.find(key);
    if (it == m_entries.end())
        return;
    const QList<Waiter> waiters = std::exchange(it->waiters, {});
    if (it->client)
        it->client->deleteLater(); // it is inside its job's finished() here
    if (result) {
        it->account = result.value();
        it->asking = false;
        it->client = nullptr;
    } else {
        m_entries.erase(it);
    }
    for (const Waiter &waiter : waiters) {
        if (waiter.context)
            waiter.done(result);
    }
}

QString AccountLookup::known(const ConnectionChoice &choice) const
{
    return m_entries.value(profileKey(choice)).account;
}

void AccountLookup::forget(const ConnectionChoice &choice)
{
    auto it = m_entries.find(profileKey(choice));
    if (it != m_entries.end() && !it->account.isEmpty())
        m_entries.erase(it);
}

int AccountLookup::calls() const
{
    return m_calls;
}
