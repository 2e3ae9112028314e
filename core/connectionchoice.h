// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "credentialchain.h"
#include "service/clientconfig.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

// Which account and region to talk to: one connection of the window, or one (profile, region) of a fleet. Never
// holds a secret.
struct ConnectionChoice
{
    QString profile; // empty: the chain's default (the environment's keys, AWS_PROFILE, "default")
    QString region;
    QString endpointUrl;
    bool environment = false; // "Environment variables": the environment's keys only; profile is ignored
    bool operator==(const ConnectionChoice &) const = default;

    // The most connections one set holds (the window's, cachesnap-cli inventory's and plan-cleanup's): 294 profiles
    // in each of the commercial partition's 34 ElastiCache regions. A set is listed as a whole, with a row per
    // connection in the window, so a settings file or a command line naming a million must not start a million.
    static constexpr qsizetype kMostInASet = 10000;
    // Why a set of count connections is refused; empty when it is not.
    static QString tooManyInASet(qsizetype count);

    // Stable and unique, for settings and maps: "profile/<name>/<region>", "environment/<region>", or
    // "chain/<region>" for the chain's default, with "/<endpoint URL>" after it when there is one; every part
    // percent-encoded, so no part's "/" can be mistaken for a separator.
    QString key() const;
    // The connection's inverse of key(); nullopt for a string key() never gives.
    static std::optional<ConnectionChoice> fromKey(const QString &key);
    // How a person names the connection's credentials: "Environment variables", the profile, or "default".
    QString profileLabel() const;
    // How a person names the connection: "prod @ eu-west-1" (the connections list, dialogs, error bars).
    QString label() const;
    static QString label(const QString &profileLabel, const QString &region);
    // The credential chain's overrides that select this connection.
    CredentialChain::Overrides overrides() const;

    // Every profile in every region, profiles first (each profile's regions together), each pair once, in the
    // order given. An empty profile name is the chain's default. "all" among the regions stands for every
    // ElastiCache region of partition (EndpointResolver::regions; "aws" is the commercial partition). Every
    // connection gets endpointUrl.
    static QList<ConnectionChoice> expand(const QStringList &profiles, const QStringList &regions,
                                          const QString &partition = QStringLiteral("aws"),
                                          const QString &endpointUrl = QString());
};

// Turns a choice into a client configuration (the credential chain, or the in-process sandbox).
using ConnectionResolver = std::function<ApiResult<ClientConfig>(const ConnectionChoice &)>;

// The credential chain (environment, shared files, app-kept profiles in hooks.store) for the chosen connection:
// what the window, the fleet and cachesnap-cli inventory share.
ConnectionResolver credentialChainConnectionResolver(CredentialChain::Hooks hooks = {});

// Where one connection of a fleet listing is; the CLI and the window show the same words.
struct FleetConnectionState
{
    enum class Phase {
        Waiting, // queued behind the concurrency bounds
        Resolving, // resolving credentials and the account (STS GetCallerIdentity, once per profile)
        Listing,
        Done,
        Failed, // error says why
        NotEnabled, // the region is not enabled for this account (an opt-in region): not a failure of the run
    };

    Phase phase = Phase::Waiting;
    QString accountId; // from GetCallerIdentity, once per profile; empty until known
    qint64 snapshots = 0; // listed so far (node-based and serverless)
    qint64 elapsedMs = 0; // from the start of the listing to Done
    std::optional<ApiError> error; // when Failed or NotEnabled

    bool finished() const; // Done, Failed or NotEnabled
    // "waiting", "resolving the account…", "listing… 1,200", "done: 3,400 in 2.1 s", "failed: <the reason in plain
    // words>", "region not enabled for this account".
    QString words() const;
    // The reason of a failure in plain words (empty when there is no error).
    static QString reason(const ApiError &error);
    // What words() says of a connection that failed with error: "failed: <its reason>".
    static QString failedWords(const ApiError &error);
    // words() for a narrow column: "failed: credentials refused", "failed: AWS not reached", "not enabled"; the
    // others as words() says them.
    QString brief() const;
    // The same cause as reason() in a word or three ("credentials refused", "throttled"; else the error's code).
    static QString briefReason(const ApiError &error);
    // Whether an error to a key that STS accepted (GetCallerIdentity answered) means the region is not enabled for
    // the account: the service's answer to a key the region does not know (InvalidClientTokenId,
    // UnrecognizedClientException; snapshot-rules.md, "Fleet: regions and accounts"). The same answer to a key STS
    // refused is a wrong key.
    static bool isRegionNotEnabled(const ApiError &error);
};
