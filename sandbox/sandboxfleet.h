// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandboxconfig.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>
#include <utility>

class SandboxEc2;
class SandboxState;

// Several accounts in several regions behind one sandbox. Each access key belongs to one account (an account is
// the set of its key pairs); each account serves a set of regions. A request is answered from the state of its
// key's account in the region its signature is scoped to; that state is seeded the first time it is asked for,
// with a seed derived from the configured one, the account and the region (the home pair, the configured key's
// account in the configured region, keeps the configured seed and the state file, so a sandbox without fleet flags
// is what it always was). S3's buckets belong to an account whatever their region: every region of an account
// shares one bucket store, the home account's the S3 root's, any other account's in memory.
class SandboxFleet
{
public:
    static constexpr qsizetype maxAccounts = 1000;
    static constexpr qsizetype maxKeys = 10000;
    // Every (account, region) served holds a seeded state once used: their number is bounded.
    static constexpr qsizetype maxAccountRegions = 2000;

    // home and homeEc2 are the server's own state and EC2 of the home pair; the fleet does not own them.
    SandboxFleet(const SandboxConfig &config, SandboxState *home, SandboxEc2 *homeEc2);
    ~SandboxFleet();
    SandboxFleet(const SandboxFleet &) = delete;
    SandboxFleet &operator=(const SandboxFleet &) = delete;

    // Why the configured accounts and regions cannot be served (a key given twice, an account or region name
    // that is not one, too many); empty when they can.
    static QString configProblem(const SandboxConfig &config);
    // The seed of an account's data in a region: the configured seed for the home pair, a stable mix of it, the
    // account and the region for any other (the same on every machine: no per-process or per-CPU hash).
    static quint64 seedFor(const SandboxConfig &config, const QString &accountId, const QString &region);
    // The regions each account serves, the configured region first where the account serves it.
    static std::map<QString, QStringList> servedRegions(const SandboxConfig &config);

    // The secret of a configured (long-term) key, nothing for an unknown one.
    std::optional<QString> secretFor(const QString &accessKeyId) const;
    // The account of a configured key; empty for an unknown one.
    QString accountOf(const QString &accessKeyId) const;
    QStringList accounts() const;
    QStringList regionsOf(const QString &accountId) const;
    bool serves(const QString &accountId, const QString &region) const;
    // The region whose state keeps the account's buckets (the configured region when the account serves it).
    QString bucketRegion(const QString &accountId) const;

    // The state and EC2 of an account in a region, created and seeded on first use; nullptr when the account does
    // not serve the region.
    SandboxState *state(const QString &accountId, const QString &region);
    SandboxEc2 *ec2(const QString &accountId, const QString &region);
    // How many (account, region) states exist so far (the home one included).
    int stateCount() const;

    SandboxConfig configFor(const QString &accountId, const QString &region) const;

private:
    using Pair = std::pair<QString, QString>; // account, region

    SandboxConfig m_config;
    SandboxState *m_home;
    SandboxEc2 *m_homeEc2;
    QHash<QString, QString> m_secrets; // access key id → secret
    QHash<QString, QString> m_accountOfKey; // access key id → account id
    std::map<QString, QStringList> m_regions; // account id → served regions, the bucket region first
    std::map<Pair, std::unique_ptr<SandboxState>> m_states;
    std::map<Pair, std::unique_ptr<SandboxEc2>> m_ec2;
};
