// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionchoice.h"

#include "endpointresolver.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSet>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

QString encoded(const QString &part)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(part));
}

QString decoded(const QString &part)
{
    return QUrl::fromPercentEncoding(part.toLatin1());
}

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("FleetConnectionState", text, nullptr, n);
}

// "1,200": the words are English, and so are their numbers, whatever the locale.
QString count(qint64 value)
{
    return QLocale(QLocale::English, QLocale::UnitedStates).toString(value);
}

} // namespace

QString ConnectionChoice::key() const
{
    QString key;
    if (environment)
        key = u"environment/"_s + encoded(region);
    else if (profile.isEmpty())
        key = u"chain/"_s + encoded(region);
    else
        key = u"profile/"_s + encoded(profile) + u'/' + encoded(region);
    if (!endpointUrl.isEmpty())
        key += u'/' + encoded(endpointUrl);
    return key;
}

std::optional<ConnectionChoice> ConnectionChoice::fromKey(const QString &key)
{
    const QStringList parts = key.split(u'/');
    ConnectionChoice choice;
    qsizetype next = 0;
    if (parts.value(0) == u"profile" && parts.size() >= 3 && parts.size() <= 4 && !parts.at(1).isEmpty()) {
        choice.profile = decoded(parts.at(1));
        next = 2;
    } else if ((parts.value(0) == u"environment" || parts.value(0) == u"chain") && parts.size() >= 2
               && parts.size() <= 3) {
        choice.environment = parts.at(0) == u"environment";
        next = 1;
    } else {
        return std::nullopt;
    }
    choice.region = decoded(parts.at(next));
    if (parts.size() > next + 1) {
        choice.endpointUrl = decoded(parts.at(next + 1));
        if (choice.endpointUrl.isEmpty())
            return std::nullopt;
    }
    if (choice.key() != key) // not in key()'s own spelling
        return std::nullopt;
    return choice;
}

QString ConnectionChoice::profileLabel() const
{
    if (environment)
        return QCoreApplication::translate("Connections", "Environment variables");
    return profile.isEmpty() ? u"default"_s : profile;
}

CredentialChain::Overrides ConnectionChoice::overrides() const
{
    CredentialChain::Overrides overrides;
    overrides.profile = environment ? QString() : profile;
    overrides.region = region;
    overrides.endpointUrl = endpointUrl;
    overrides.environmentOnly = environment;
    return overrides;
}

QString ConnectionChoice::label() const
{
    return label(profileLabel(), region);
}

QString ConnectionChoice::label(const QString &profileLabel, const QString &region)
{
    return QCoreApplication::translate("Connections", "%1 @ %2").arg(profileLabel, region);
}

QString ConnectionChoice::tooManyInASet(qsizetype count)
{
    if (count <= kMostInASet)
        return {};
    return QCoreApplication::translate("Connections", "%1 connections; at most %2 are listed at once.")
        .arg(QLocale().toString(count), QLocale().toString(kMostInASet));
}

QList<ConnectionChoice> ConnectionChoice::expand(const QStringList &profiles, const QStringList &regions,
                                                 const QString &partition, const QString &endpointUrl)
{
    QStringList expanded;
    for (const QString &region : regions) {
        if (region == u"all")
            expanded += EndpointResolver::regions(partition);
        else
            expanded.append(region);
    }
    expanded.removeDuplicates();
    QStringList names = profiles;
    names.removeDuplicates();

    QList<ConnectionChoice> choices;
    choices.reserve(names.size() * expanded.size());
    for (const QString &name : std::as_const(names)) {
        for (const QString &region : std::as_const(expanded))
            choices.append(ConnectionChoice {name, region, endpointUrl, false});
    }
    return choices;
}

ConnectionResolver credentialChainConnectionResolver(CredentialChain::Hooks hooks)
{
    return [hooks = std::move(hooks)](const ConnectionChoice &choice) {
        return CredentialChain::resolveClientConfig(choice.overrides(), hooks);
    };
}

bool FleetConnectionState::finished() const
{
    return phase == Phase::Done || phase == Phase::Failed || phase == Phase::NotEnabled;
}

QString FleetConnectionState::words() const
{
    switch (phase) {
    case Phase::Waiting:
        return tr("waiting");
    case Phase::Resolving:
        return tr("resolving the account…");
    case Phase::Listing:
        return tr("listing… %1").arg(count(snapshots));
    case Phase::Done:
        return tr("done: %1 in %2 s")
            .arg(count(snapshots),
                 QLocale(QLocale::English, QLocale::UnitedStates).toString(double(elapsedMs) / 1000.0, 'f', 1));
    case Phase::Failed:
        return error ? failedWords(*error) : tr("failed: %1").arg(tr("unknown error"));
    case Phase::NotEnabled:
        return tr("region not enabled for this account");
    }
    return {};
}

namespace {

// Why a connection failed, as far as the operator's next step goes: the long and the brief words say the same.
enum class Cause {
    SsoLogin,
    Mfa,
    NotAllowed,
    KeyRefused,
    Throttled,
    Unreachable,
    NoCredentials,
    Settings,
    Stopped,
    Other
};

Cause causeOf(const ApiError &e)
{
    if (e.code == u"SsoTokenExpired" || e.code == u"SsoTokenMissing" || e.code == u"SsoTokenInvalid")
        return Cause::SsoLogin;
    if (e.code == u"MfaCancelled")
        return Cause::Mfa;
    if (e.code == u"AccessDenied" || e.code == u"AccessDeniedException" || e.code == u"UnauthorizedOperation")
        return Cause::NotAllowed;
    if (e.code == u"InvalidClientTokenId" || e.code == u"SignatureDoesNotMatch" || e.code == u"ExpiredToken"
        || e.code == u"UnrecognizedClientException")
        return Cause::KeyRefused;
    if (e.isThrottling())
        return Cause::Throttled;
    switch (e.kind) {
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
        return Cause::Unreachable;
    case ApiError::Kind::Credentials:
        return Cause::NoCredentials;
    case ApiError::Kind::Config:
        return Cause::Settings;
    case ApiError::Kind::Cancelled:
        return Cause::Stopped;
    default:
        return Cause::Other;
    }
}

} // namespace

QString FleetConnectionState::reason(const ApiError &e)
{
    switch (causeOf(e)) {
    case Cause::SsoLogin:
        return tr("the IAM Identity Center (SSO) login has expired or is missing (run \"aws sso login\")");
    case Cause::Mfa:
        return tr("no MFA code was entered, so the role could not be assumed");
    case Cause::NotAllowed:
        return tr("not allowed to list snapshots (%1): %2").arg(e.code, e.message);
    case Cause::KeyRefused:
        return tr("AWS did not accept the credentials (%1): %2").arg(e.code, e.message);
    case Cause::Throttled:
        return tr("AWS kept throttling the requests (%1) after %n attempt(s)", e.attempts).arg(e.code);
    case Cause::Unreachable:
        return tr("could not reach AWS: %1").arg(e.message);
    case Cause::NoCredentials:
        return tr("no usable credentials: %1").arg(e.message);
    case Cause::Settings:
        return tr("the profile's settings are not usable: %1").arg(e.message);
    case Cause::Stopped:
        return tr("stopped");
    case Cause::Other:
        break;
    }
    return e.message.isEmpty() ? e.code : e.code + u": "_s + e.message;
}

QString FleetConnectionState::briefReason(const ApiError &e)
{
    switch (causeOf(e)) {
    case Cause::SsoLogin:
        return tr("SSO login expired");
    case Cause::Mfa:
        return tr("no MFA code");
    case Cause::NotAllowed:
        return tr("not allowed");
    case Cause::KeyRefused:
        return tr("credentials refused");
    case Cause::Throttled:
        return tr("throttled");
    case Cause::Unreachable:
        return tr("AWS not reached");
    case Cause::NoCredentials:
        return tr("no credentials");
    case Cause::Settings:
        return tr("profile settings");
    case Cause::Stopped:
        return tr("stopped");
    case Cause::Other:
        break;
    }
    return e.code.isEmpty() ? tr("error") : e.code;
}

QString FleetConnectionState::brief() const
{
    switch (phase) {
    case Phase::Failed:
        return tr("failed: %1").arg(error ? briefReason(*error) : tr("error"));
    case Phase::NotEnabled:
        return tr("not enabled");
    default:
        return words();
    }
}

QString FleetConnectionState::failedWords(const ApiError &error)
{
    return tr("failed: %1").arg(reason(error));
}

bool FleetConnectionState::isRegionNotEnabled(const ApiError &error)
{
    return error.kind == ApiError::Kind::Service
        && (error.code == u"InvalidClientTokenId" || error.code == u"UnrecognizedClientException");
}
