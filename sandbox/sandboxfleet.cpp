// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxfleet.h"

#include "endpointresolver.h"
#include "sandboxec2.h"
#include "sandboxseeder.h"
#include "sandboxstate.h"
#include "stablehash.h"

#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace {

bool isAccountId(const QString &id)
{
    static const QRegularExpression pattern(u"^[0-9]{12}$"_s);
    return pattern.match(id).hasMatch();
}

bool isAccessKeyId(const QString &id)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9]{1,128}$"_s);
    return pattern.match(id).hasMatch();
}

} // namespace

SandboxFleet::SandboxFleet(const SandboxConfig &config, SandboxState *home, SandboxEc2 *homeEc2)
    : m_config(config)
    , m_home(home)
    , m_homeEc2(homeEc2)
{
    m_secrets.insert(config.accessKeyId, config.secretAccessKey);
    m_accountOfKey.insert(config.accessKeyId, config.accountId);
    for (const SandboxAccountKey &key : config.accountKeys) {
        m_secrets.insert(key.accessKeyId, key.secretAccessKey);
        m_accountOfKey.insert(key.accessKeyId, key.accountId);
    }
    m_regions = servedRegions(config);
}

std::map<QString, QStringList> SandboxFleet::servedRegions(const SandboxConfig &config)
{
    std::map<QString, QStringList> served;
    const auto addRegion = [&served](const QString &account, const QString &region) {
        QStringList &regions = served[account];
        if (!regions.contains(region))
            regions.append(region);
    };
    // The accounts whose keys name their regions serve those; the others serve the configured ones.
    QSet<QString> ownRegions;
    for (const SandboxAccountKey &key : config.accountKeys) {
        if (!key.regions.isEmpty())
            ownRegions.insert(key.accountId);
    }
    QStringList accounts = {config.accountId};
    for (const SandboxAccountKey &key : config.accountKeys) {
        if (!accounts.contains(key.accountId))
            accounts.append(key.accountId);
    }
    for (const QString &account : std::as_const(accounts)) {
        // The home account always serves the configured region, and keeps its buckets there.
        if (account == config.accountId || !ownRegions.contains(account))
            addRegion(account, config.region);
        if (!ownRegions.contains(account)) {
            for (const QString &region : config.regions)
                addRegion(account, region);
        }
    }
    for (const SandboxAccountKey &key : config.accountKeys) {
        for (const QString &region : key.regions)
            addRegion(key.accountId, region);
    }
    return served;
}

SandboxFleet::~SandboxFleet() = default;

QString SandboxFleet::configProblem(const SandboxConfig &config)
{
    if (config.accountKeys.size() > maxKeys)
        return u"at most %1 account keys"_s.arg(maxKeys);
    if (!isAccountId(config.accountId))
        return u"%1 is not an account ID (12 digits)"_s.arg(config.accountId);
    QSet<QString> keys = {config.accessKeyId};
    QSet<QString> accounts = {config.accountId};
    QStringList regions = config.regions;
    regions.append(config.region);
    for (const SandboxAccountKey &key : config.accountKeys) {
        if (!isAccountId(key.accountId))
            return u"%1 is not an account ID (12 digits)"_s.arg(key.accountId);
        if (!isAccessKeyId(key.accessKeyId))
            return u"%1 is not an access key ID (1 to 128 letters and digits)"_s.arg(key.accessKeyId);
        if (key.secretAccessKey.isEmpty() || key.secretAccessKey.size() > 128)
            return u"the secret of %1 must have 1 to 128 characters"_s.arg(key.accessKeyId);
        if (keys.contains(key.accessKeyId))
            return u"access key %1 is given twice (a key belongs to one account)"_s.arg(key.accessKeyId);
        keys.insert(key.accessKeyId);
        accounts.insert(key.accountId);
        regions += key.regions;
    }
    if (accounts.size() > maxAccounts)
        return u"at most %1 accounts"_s.arg(maxAccounts);
    for (const QString &region : std::as_const(regions)) {
        if (!EndpointResolver::isValidRegionName(region))
            return u"%1 is not a region name"_s.arg(region);
    }
    qsizetype pairs = 0;
    for (const auto &[account, served] : servedRegions(config))
        pairs += served.size();
    if (pairs > maxAccountRegions)
        return u"%1 accounts and regions: at most %2"_s.arg(pairs).arg(maxAccountRegions);
    return {};
}

quint64 SandboxFleet::seedFor(const SandboxConfig &config, const QString &accountId, const QString &region)
{
    if (accountId == config.accountId && region == config.region)
        return config.seed;
    const QString name = accountId + u'/' + region;
    const quint32 low = stableHash(name, quint32(config.seed));
    const quint32 high = stableHash(name, quint32(config.seed >> 32) ^ 0x5eed5eedU);
    return config.seed ^ ((quint64(high) << 32) | low);
}

std::optional<QString> SandboxFleet::secretFor(const QString &accessKeyId) const
{
    const auto it = m_secrets.constFind(accessKeyId);
    if (it == m_secrets.cend())
        return std::nullopt;
    return *it;
}

QString SandboxFleet::accountOf(const QString &accessKeyId) const
{
    return m_accountOfKey.value(accessKeyId);
}

QStringList SandboxFleet::accounts() const
{
    QStringList list;
    for (const auto &[account, regions] : m_regions)
        list.append(account);
    return list;
}

QStringList SandboxFleet::regionsOf(const QString &accountId) const
{
    const auto it = m_regions.find(accountId);
    return it == m_regions.end() ? QStringList() : it->second;
}

bool SandboxFleet::serves(const QString &accountId, const QString &region) const
{
    const auto it = m_regions.find(accountId);
    return it != m_regions.end() && it->second.contains(region);
}

QString SandboxFleet::bucketRegion(const QString &accountId) const
{
    const QStringList regions = regionsOf(accountId);
    if (regions.contains(m_config.region))
        return m_config.region;
    return regions.value(0);
}

SandboxConfig SandboxFleet::configFor(const QString &accountId, const QString &region) const
{
    SandboxConfig config = m_config;
    config.accountId = accountId;
    config.region = region;
    config.seed = seedFor(m_config, accountId, region);
    if (accountId != m_config.accountId || region != m_config.region) {
        config.statePath.clear(); // the state file is the home pair's
        if (accountId != m_config.accountId)
            config.s3Root.clear(); // the S3 root's folders are the home account's buckets
    }
    return config;
}

SandboxState *SandboxFleet::state(const QString &accountId, const QString &region)
{
    if (accountId == m_config.accountId && region == m_config.region)
        return m_home;
    if (!serves(accountId, region))
        return nullptr;
    const Pair pair {accountId, region};
    auto it = m_states.find(pair);
    if (it != m_states.end())
        return it->second.get();
    auto state = std::make_unique<SandboxState>(configFor(accountId, region));
    const QString bucketHome = bucketRegion(accountId);
    if (region != bucketHome) {
        if (SandboxState *owner = this->state(accountId, bucketHome))
            state->shareBucketsOf(*owner);
    }
    SandboxSeeder::seed(*state);
    return m_states.emplace(pair, std::move(state)).first->second.get();
}

SandboxEc2 *SandboxFleet::ec2(const QString &accountId, const QString &region)
{
    if (accountId == m_config.accountId && region == m_config.region)
        return m_homeEc2;
    if (!serves(accountId, region))
        return nullptr;
    const Pair pair {accountId, region};
    auto it = m_ec2.find(pair);
    if (it == m_ec2.end())
        it = m_ec2.emplace(pair, std::make_unique<SandboxEc2>(configFor(accountId, region))).first;
    return it->second.get();
}

int SandboxFleet::stateCount() const
{
    return int(m_states.size()) + 1;
}
