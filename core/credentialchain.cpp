// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "credentialchain.h"

#include "credentialstore.h"
#include "endpointresolver.h"

#include <QDir>

#include <functional>

using namespace Qt::StringLiterals;

namespace CredentialChain {

namespace {
QString env(const char *name)
{
    return qEnvironmentVariable(name).trimmed();
}

QString expandHome(const QString &path)
{
    if (path == u"~")
        return QDir::homePath();
    if (path.startsWith(u"~/"))
        return QDir::homePath() + path.mid(1);
    return path;
}

ApiError makeError(ApiError::Kind kind, const QString &code, const QString &message)
{
    ApiError e;
    e.kind = kind;
    e.code = code;
    e.message = message;
    return e;
}

std::optional<bool> parseBool(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == u"true")
        return true;
    if (t == u"false")
        return false;
    return std::nullopt;
}

bool namedExplicitly(const Overrides &overrides)
{
    if (overrides.environmentOnly)
        return false;
    return !overrides.profile.isEmpty() || !env("AWS_PROFILE").isEmpty() || !env("AWS_DEFAULT_PROFILE").isEmpty();
}

QString filesText()
{
    return u"%1 and %2"_s.arg(credentialsFilePath(), configFilePath());
}

bool isAppKept(const AwsSharedConfig &shared, const QString &name, const Hooks &hooks)
{
    return hooks.store && !shared.profile(name) && hooks.store->contains(name);
}

// The profile the settings come from; nothing (and no error) when "default" is absent or the name is an
// app-kept profile.
ApiResult<std::optional<AwsProfile>> selectedProfile(const AwsSharedConfig &shared, const Overrides &overrides,
                                                     const Hooks &hooks = {})
{
    const QString name = profileName(overrides);
    auto profile = shared.profile(name);
    if (!profile && namedExplicitly(overrides) && !isAppKept(shared, name, hooks)) {
        QString text = u"The config profile (%1) could not be found in %2"_s.arg(name, filesText());
        if (hooks.store)
            text += u" or among the app-kept profiles (%1)"_s.arg(hooks.store->backendName());
        return makeError(ApiError::Kind::Config, u"ProfileNotFound"_s, text + u'.');
    }
    return profile;
}

// An endpoint URL configured for a service (not --endpoint-url): the service's variable, the services
// section, AWS_ENDPOINT_URL, the profile's endpoint_url; nothing when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS.
QPair<QString, QString> configuredEndpoint(const AwsSharedConfig &shared, const std::optional<AwsProfile> &profile,
                                           const QString &profileSource, const char *serviceVariable,
                                           const QString &servicesKey)
{
    auto fromProfile = [&profile](const QString &key) {
        return profile ? profile->value(key).trimmed() : QString();
    };
    QString ignoreText = env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    if (ignoreText.isEmpty())
        ignoreText = fromProfile(u"ignore_configured_endpoint_urls"_s);
    if (parseBool(ignoreText).value_or(false))
        return {};
    QString servicesEndpoint;
    if (const QString services = fromProfile(u"services"_s); !services.isEmpty()) {
        if (const IniSection *section = shared.configSection(u"services"_s, services))
            servicesEndpoint = section->values.value(servicesKey + u".endpoint_url"_s).trimmed();
    }
    const QList<QPair<QString, QString>> candidates = {
        {env(serviceVariable), QString::fromLatin1(serviceVariable)},
        {servicesEndpoint, profileSource + u" (services section)"_s},
        {env("AWS_ENDPOINT_URL"), u"AWS_ENDPOINT_URL"_s},
        {fromProfile(u"endpoint_url"_s), profileSource},
    };
    for (const auto &candidate : candidates) {
        if (!candidate.first.isEmpty())
            return candidate;
    }
    return {};
}
} // namespace

QString credentialsFilePath()
{
    const QString fromEnv = env("AWS_SHARED_CREDENTIALS_FILE");
    return expandHome(fromEnv.isEmpty() ? u"~/.aws/credentials"_s : fromEnv);
}

QString configFilePath()
{
    const QString fromEnv = env("AWS_CONFIG_FILE");
    return expandHome(fromEnv.isEmpty() ? u"~/.aws/config"_s : fromEnv);
}

ApiResult<AwsSharedConfig> loadSharedConfig()
{
    return AwsSharedConfig::load(credentialsFilePath(), configFilePath());
}

bool environmentHasKeys()
{
    return !env("AWS_ACCESS_KEY_ID").isEmpty();
}

QString profileName(const Overrides &overrides)
{
    if (overrides.environmentOnly)
        return u"default"_s;
    if (!overrides.profile.isEmpty())
        return overrides.profile;
    if (const QString p = env("AWS_PROFILE"); !p.isEmpty())
        return p;
    if (const QString p = env("AWS_DEFAULT_PROFILE"); !p.isEmpty())
        return p;
    return u"default"_s;
}

ApiResult<QList<ProfileInfo>> listProfiles(const Hooks &hooks)
{
    const auto shared = loadSharedConfig();
    if (!shared)
        return shared.error();
    QList<ProfileInfo> list;
    const QStringList names = shared.value().profileNames();
    for (const QString &name : names) {
        const auto profile = shared.value().profile(name);
        list.append(ProfileInfo {name, profile->kind(), profile->value(u"region"_s), false});
    }
    if (hooks.store) {
        for (const QString &name : hooks.store->profileNames()) {
            if (!names.contains(name))
                list.append(ProfileInfo {name, AwsProfile::Kind::Keys, hooks.store->region(name), true});
        }
    }
    return list;
}

namespace {
// The files are read once per public call: each of these takes them already loaded.
ApiResult<Settings> settingsFrom(const AwsSharedConfig &shared, const Overrides &overrides, const Hooks &hooks)
{
    const auto selected = selectedProfile(shared, overrides, hooks);
    if (!selected)
        return selected.error();
    const std::optional<AwsProfile> &profile = selected.value();
    auto fromProfile = [&profile](const QString &key) {
        return profile ? profile->value(key).trimmed() : QString();
    };

    Settings s;
    s.profileName = profileName(overrides);
    s.profileNamed = namedExplicitly(overrides);
    s.profileKind = profile ? profile->kind() : AwsProfile::Kind::None;
    s.profileAppKept = isAppKept(shared, s.profileName, hooks);
    if (s.profileAppKept)
        s.profileKind = AwsProfile::Kind::Keys;
    const QString profileSource = u"profile %1"_s.arg(s.profileName);

    if (!overrides.region.isEmpty()) {
        s.region = overrides.region;
        s.regionSource = u"--region"_s;
    } else if (const QString r = env("AWS_REGION"); !r.isEmpty()) {
        s.region = r;
        s.regionSource = u"AWS_REGION"_s;
    } else if (const QString r = env("AWS_DEFAULT_REGION"); !r.isEmpty()) {
        s.region = r;
        s.regionSource = u"AWS_DEFAULT_REGION"_s;
    } else if (const QString r = fromProfile(u"region"_s); !r.isEmpty()) {
        s.region = r;
        s.regionSource = profileSource;
    } else if (s.profileAppKept && !hooks.store->region(s.profileName).isEmpty()) {
        s.region = hooks.store->region(s.profileName);
        s.regionSource = u"app-kept profile %1"_s.arg(s.profileName);
    }

    if (!overrides.endpointUrl.isEmpty()) {
        s.endpointUrl = overrides.endpointUrl;
        s.endpointSource = u"--endpoint-url"_s;
    } else {
        std::tie(s.endpointUrl, s.endpointSource)
            = configuredEndpoint(shared, profile, profileSource, "AWS_ENDPOINT_URL_ELASTICACHE", u"elasticache"_s);
    }

    QString fipsText = env("AWS_USE_FIPS_ENDPOINT");
    if (fipsText.isEmpty())
        fipsText = fromProfile(u"use_fips_endpoint"_s);
    if (!fipsText.isEmpty()) {
        const auto fips = parseBool(fipsText);
        if (!fips)
            return makeError(ApiError::Kind::Config, u"InvalidConfiguration"_s,
                             u"use_fips_endpoint must be true or false, not \"%1\"."_s.arg(fipsText));
        s.useFipsEndpoint = *fips;
    }

    QString modeText = env("AWS_RETRY_MODE");
    QString modeSource = u"AWS_RETRY_MODE"_s;
    if (modeText.isEmpty()) {
        modeText = fromProfile(u"retry_mode"_s);
        modeSource = profileSource + u" retry_mode"_s;
    }
    RetryConfig::Mode mode = RetryConfig::Mode::Standard;
    if (!modeText.isEmpty()) {
        const auto parsed = RetryConfig::parseMode(modeText);
        if (!parsed)
            return makeError(
                ApiError::Kind::Config, u"InvalidConfiguration"_s,
                u"Invalid retry mode \"%1\" from %2: use standard, legacy or adaptive."_s.arg(modeText, modeSource));
        mode = *parsed;
        s.retrySource = modeSource;
    }
    s.retry = RetryConfig::forMode(mode);

    QString attemptsText = env("AWS_MAX_ATTEMPTS");
    QString attemptsSource = u"AWS_MAX_ATTEMPTS"_s;
    if (attemptsText.isEmpty()) {
        attemptsText = fromProfile(u"max_attempts"_s);
        attemptsSource = profileSource + u" max_attempts"_s;
    }
    if (!attemptsText.isEmpty()) {
        bool ok = false;
        const int attempts = attemptsText.toInt(&ok);
        if (!ok || attempts < 1)
            return makeError(ApiError::Kind::Config, u"InvalidConfiguration"_s,
                             u"Invalid max attempts \"%1\" from %2: a whole number of at least 1 is needed."_s.arg(
                                 attemptsText, attemptsSource));
        s.retry.maxAttempts = attempts;
        s.retrySource += (s.retrySource.isEmpty() ? QString() : u", "_s) + attemptsSource;
    }
    return s;
}
} // namespace

ApiResult<Settings> resolveSettings(const Overrides &overrides, const Hooks &hooks)
{
    const auto shared = loadSharedConfig();
    if (!shared)
        return shared.error();
    return settingsFrom(shared.value(), overrides, hooks);
}

ApiResult<AwsCredentials> resolveCredentials(const Overrides &overrides)
{
    const auto shared = loadSharedConfig();
    if (!shared)
        return shared.error();
    const auto selected = selectedProfile(shared.value(), overrides);
    if (!selected)
        return selected.error();

    // An explicit --profile outranks the environment's keys; AWS_PROFILE does not (as in botocore).
    if (overrides.profile.isEmpty() || overrides.environmentOnly) {
        const QString accessKey = env("AWS_ACCESS_KEY_ID");
        if (accessKey.isEmpty() && overrides.environmentOnly)
            return makeError(ApiError::Kind::Credentials, u"NoCredentials"_s,
                             u"The environment has no credentials: AWS_ACCESS_KEY_ID is not set."_s);
        if (!accessKey.isEmpty()) {
            const QString secret = env("AWS_SECRET_ACCESS_KEY");
            if (secret.isEmpty())
                return makeError(ApiError::Kind::Credentials, u"PartialCredentials"_s,
                                 u"Partial credentials found in the environment: AWS_ACCESS_KEY_ID is set but "
                                 "AWS_SECRET_ACCESS_KEY is missing."_s);
            AwsCredentials c;
            c.accessKeyId = accessKey;
            c.secretAccessKey = secret;
            c.sessionToken = env("AWS_SESSION_TOKEN");
            c.source = u"environment"_s;
            return c;
        }
    }

    const QString name = profileName(overrides);
    const std::optional<AwsProfile> &profile = selected.value();
    if (!profile) {
        return makeError(ApiError::Kind::Credentials, u"NoCredentials"_s,
                         u"Unable to locate credentials: AWS_ACCESS_KEY_ID is not set and there is no profile "
                         "(%1) in %2."_s.arg(name, filesText()));
    }

    auto unsupported = [&name](const QString &what, AwsProfile::Kind kind) {
        return makeError(
            ApiError::Kind::Credentials, u"UnsupportedCredentialSource"_s,
            u"Profile %1 gets its credentials from %2, not static keys (kind: %3); resolveProvider() runs it."_s.arg(
                name, what, AwsProfile::kindName(kind)));
    };
    auto keysFrom = [&name](const QMap<QString, QString> &values, const QString &path) -> ApiResult<AwsCredentials> {
        AwsCredentials c;
        c.accessKeyId = values.value(u"aws_access_key_id"_s).trimmed();
        c.secretAccessKey = values.value(u"aws_secret_access_key"_s).trimmed();
        c.sessionToken = values.value(u"aws_session_token"_s).trimmed();
        if (c.sessionToken.isEmpty())
            c.sessionToken = values.value(u"aws_security_token"_s).trimmed();
        c.source = u"profile %1 (%2)"_s.arg(name, path);
        if (c.accessKeyId.isEmpty() || c.secretAccessKey.isEmpty()) {
            return makeError(
                ApiError::Kind::Credentials, u"PartialCredentials"_s,
                u"Partial credentials found for profile %1 in %2: %3 is missing."_s.arg(
                    name, path, c.accessKeyId.isEmpty() ? u"aws_access_key_id"_s : u"aws_secret_access_key"_s));
        }
        return c;
    };

    switch (profile->kind()) {
    case AwsProfile::Kind::Role:
        return unsupported(profile->value(u"role_arn"_s).isEmpty() ? u"web_identity_token_file"_s
                                                                   : u"role_arn (assume role)"_s,
                           AwsProfile::Kind::Role);
    case AwsProfile::Kind::Sso:
        return unsupported(u"IAM Identity Center (sso_*)"_s, AwsProfile::Kind::Sso);
    case AwsProfile::Kind::Process:
        return unsupported(u"credential_process"_s, AwsProfile::Kind::Process);
    case AwsProfile::Kind::Keys:
        if (profile->hasKeysInCredentialsFile())
            return keysFrom(profile->credentialsValues, shared.value().credentialsFile().path);
        return keysFrom(profile->configValues, shared.value().configFile().path);
    case AwsProfile::Kind::None:
        break;
    }
    return makeError(ApiError::Kind::Credentials, u"NoCredentials"_s,
                     u"Unable to locate credentials: AWS_ACCESS_KEY_ID is not set and profile %1 in %2 has no "
                     "aws_access_key_id."_s.arg(name, filesText()));
}

} // namespace CredentialChain

namespace CredentialChain {

namespace {

using ProviderResult = ApiResult<std::shared_ptr<CredentialsProvider>>;

std::shared_ptr<CredentialsProvider> staticProvider(const AwsCredentials &c)
{
    return std::make_shared<StaticCredentialsProvider>(c);
}

ApiError configError(const QString &code, const QString &message)
{
    return makeError(ApiError::Kind::Config, code, message);
}

// Everything the profile resolution needs.
struct Resolution
{
    const AwsSharedConfig &shared;
    const Overrides &overrides;
    const Hooks &hooks;
    ClientConfig sts; // region, endpoint and retry of the STS client
    QStringList visited;
};

ProviderResult environmentProvider(bool required, const QString &forProfile)
{
    const QString accessKey = env("AWS_ACCESS_KEY_ID");
    if (accessKey.isEmpty()) {
        if (!required)
            return std::shared_ptr<CredentialsProvider>();
        return makeError(ApiError::Kind::Credentials, u"NoCredentials"_s,
                         u"Profile %1 takes its source credentials from the environment (credential_source = "
                         "Environment), but AWS_ACCESS_KEY_ID is not set."_s.arg(forProfile));
    }
    const QString secret = env("AWS_SECRET_ACCESS_KEY");
    if (secret.isEmpty())
        return makeError(ApiError::Kind::Credentials, u"PartialCredentials"_s,
                         u"Partial credentials found in the environment: AWS_ACCESS_KEY_ID is set but "
                         "AWS_SECRET_ACCESS_KEY is missing."_s);
    AwsCredentials c;
    c.accessKeyId = accessKey;
    c.secretAccessKey = secret;
    c.sessionToken = env("AWS_SESSION_TOKEN");
    c.source = u"environment"_s;
    return staticProvider(c);
}

ApiResult<AwsCredentials> staticKeys(const AwsSharedConfig &shared, const AwsProfile &profile)
{
    const bool inCredentials = profile.hasKeysInCredentialsFile();
    const QMap<QString, QString> &values = inCredentials ? profile.credentialsValues : profile.configValues;
    const QString path = inCredentials ? shared.credentialsFile().path : shared.configFile().path;
    AwsCredentials c;
    c.accessKeyId = values.value(u"aws_access_key_id"_s).trimmed();
    c.secretAccessKey = values.value(u"aws_secret_access_key"_s).trimmed();
    c.sessionToken = values.value(u"aws_session_token"_s).trimmed();
    if (c.sessionToken.isEmpty())
        c.sessionToken = values.value(u"aws_security_token"_s).trimmed();
    c.source = u"profile %1 (%2)"_s.arg(profile.name, path);
    if (c.accessKeyId.isEmpty() || c.secretAccessKey.isEmpty()) {
        return makeError(
            ApiError::Kind::Credentials, u"PartialCredentials"_s,
            u"Partial credentials found for profile %1 in %2: %3 is missing."_s.arg(
                profile.name, path, c.accessKeyId.isEmpty() ? u"aws_access_key_id"_s : u"aws_secret_access_key"_s));
    }
    return c;
}

bool hasStaticKeys(const AwsProfile &profile)
{
    return profile.hasKeysInCredentialsFile() || profile.hasKeysInConfigFile();
}

bool hasAssumeRole(const AwsProfile &profile)
{
    return !profile.value(u"role_arn"_s).isEmpty() && profile.value(u"web_identity_token_file"_s).isEmpty();
}

// Where a role profile's source credentials come from: a provider, or (next) the source profile to resolve in
// turn, which is itself a role profile.
struct RoleSource
{
    std::shared_ptr<CredentialsProvider> provider;
    QString next;
};

ApiResult<RoleSource> roleSource(Resolution &r, const AwsProfile &profile)
{
    const QString &name = profile.name;
    const QString sourceProfile = profile.value(u"source_profile"_s).trimmed();
    const QString credentialSource = profile.value(u"credential_source"_s).trimmed();
    if (!sourceProfile.isEmpty() && !credentialSource.isEmpty())
        return configError(u"InvalidConfiguration"_s,
                           u"The profile \"%1\" contains both source_profile and credential_source."_s.arg(name));
    if (sourceProfile.isEmpty() && credentialSource.isEmpty())
        return makeError(ApiError::Kind::Credentials, u"PartialCredentials"_s,
                         u"Profile %1 has a role_arn but neither source_profile nor credential_source."_s.arg(name));

    if (!credentialSource.isEmpty()) {
        if (credentialSource.compare(u"Environment"_s, Qt::CaseInsensitive) == 0) {
            auto e = environmentProvider(true, name);
            if (!e)
                return e.error();
            return RoleSource {e.value(), QString()};
        }
        if (credentialSource.compare(u"Ec2InstanceMetadata"_s, Qt::CaseInsensitive) == 0
            || credentialSource.compare(u"EcsContainer"_s, Qt::CaseInsensitive) == 0) {
            return makeError(
                ApiError::Kind::Credentials, u"UnsupportedCredentialSource"_s,
                u"Profile %1 uses credential_source = %2, which CacheSnap does not support (it runs on "
                "desktops, not on EC2 or ECS); use source_profile or Environment."_s.arg(name, credentialSource));
        }
        return configError(
            u"InvalidConfiguration"_s,
            u"The credential source \"%1\" referenced in profile \"%2\" is not valid."_s.arg(credentialSource, name));
    }

    const auto sp = r.shared.profile(sourceProfile);
    const bool storeHasIt = r.hooks.store && r.hooks.store->contains(sourceProfile);
    if (!sp && !storeHasIt)
        return configError(
            u"InvalidConfiguration"_s,
            u"The source_profile \"%1\" referenced in the profile \"%2\" does not exist."_s.arg(sourceProfile, name));
    if (r.visited.contains(sourceProfile)) {
        // A profile may name itself to take its own static keys; any other revisit is a loop.
        if (sourceProfile != name || !sp || !hasStaticKeys(*sp))
            return configError(
                u"InfiniteLoop"_s,
                u"Infinite loop in profile configuration: %1 -> %2."_s.arg(r.visited.join(u" -> "_s), sourceProfile));
    } else if (!sp || !hasStaticKeys(*sp)) {
        r.visited.append(sourceProfile);
        return RoleSource {nullptr, sourceProfile};
    }
    auto keys = staticKeys(r.shared, *sp);
    if (!keys)
        return keys.error();
    return RoleSource {staticProvider(keys.value()), QString()};
}

// A role profile's AssumeRole provider over the given source credentials.
ProviderResult assumeRoleProvider(Resolution &r, const AwsProfile &profile, std::shared_ptr<CredentialsProvider> source)
{
    const QString &name = profile.name;
    AssumeRoleRequest request;
    request.roleArn = profile.value(u"role_arn"_s).trimmed();
    request.roleSessionName = profile.value(u"role_session_name"_s).trimmed();
    request.externalId = profile.value(u"external_id"_s).trimmed();
    request.serialNumber = profile.value(u"mfa_serial"_s).trimmed();
    if (const QString d = profile.value(u"duration_seconds"_s).trimmed(); !d.isEmpty()) {
        bool ok = false;
        const int seconds = d.toInt(&ok);
        if (!ok || seconds < 900 || seconds > 43200)
            return configError(u"InvalidConfiguration"_s,
                               u"duration_seconds of profile %1 must be a whole number from 900 to 43200, not "
                               "\"%2\"."_s.arg(name, d));
        request.durationSeconds = seconds;
    }
    if (r.sts.endpoint.isEmpty())
        return configError(u"NoRegion"_s,
                           u"Profile %1 assumes a role through STS, which needs a region: --region, AWS_REGION, "
                           "AWS_DEFAULT_REGION or the profile's region."_s.arg(name));
    return std::shared_ptr<CredentialsProvider>(
        std::make_shared<AssumeRoleCredentialsProvider>(name, request, r.sts, std::move(source), r.hooks.mfaPrompt));
}

ProviderResult ssoProvider(Resolution &r, const AwsProfile &profile)
{
    const QString &name = profile.name;
    QMap<QString, QString> values;
    for (const QString &key :
         {u"sso_start_url"_s, u"sso_region"_s, u"sso_account_id"_s, u"sso_role_name"_s, u"sso_session"_s}) {
        if (const QString v = profile.value(key).trimmed(); !v.isEmpty())
            values.insert(key, v);
    }
    QStringList required = {u"sso_role_name"_s, u"sso_account_id"_s, u"sso_start_url"_s, u"sso_region"_s};
    const QString sessionName = values.value(u"sso_session"_s);
    if (!sessionName.isEmpty()) {
        const IniSection *section = r.shared.configSection(u"sso-session"_s, sessionName);
        if (!section)
            return configError(u"InvalidConfiguration"_s,
                               u"The specified sso-session does not exist: \"%1\" (profile %2, %3)."_s.arg(
                                   sessionName, name, r.shared.configFile().path));
        for (auto it = section->values.cbegin(); it != section->values.cend(); ++it) {
            const QString v = it.value().trimmed();
            if (values.contains(it.key()) && values.value(it.key()) != v)
                return configError(u"InvalidConfiguration"_s,
                                   u"The value for %1 is inconsistent between profile (%2) and sso-session (%3)."_s.arg(
                                       it.key(), values.value(it.key()), v));
            values.insert(it.key(), v);
        }
    }
    QStringList missing;
    for (const QString &key : required) {
        if (!values.contains(key))
            missing << key;
    }
    if (!missing.isEmpty())
        return configError(
            u"InvalidConfiguration"_s,
            u"The profile \"%1\" is configured to use SSO but is missing required configuration: %2"_s.arg(
                name, missing.join(u", "_s)));

    SsoCredentialsProvider::Settings s;
    s.profile = name;
    s.sessionName = sessionName;
    s.startUrl = values.value(u"sso_start_url"_s);
    s.ssoRegion = values.value(u"sso_region"_s);
    s.accountId = values.value(u"sso_account_id"_s);
    s.roleName = values.value(u"sso_role_name"_s);
    const auto top = r.shared.profile(profileName(r.overrides));
    const auto configured = configuredEndpoint(r.shared, top, u"profile %1"_s.arg(profileName(r.overrides)),
                                               "AWS_ENDPOINT_URL_SSO", u"sso"_s);
    if (!configured.first.isEmpty()) {
        const auto checked = EndpointResolver::checkEndpointUrl(QUrl(configured.first, QUrl::StrictMode));
        if (!checked)
            return configError(u"InvalidEndpoint"_s,
                               u"The SSO endpoint URL \"%1\" from %2: %3"_s.arg(configured.first, configured.second,
                                                                                checked.error().message));
        s.portalEndpoint = checked.value();
    } else {
        if (!EndpointResolver::isValidRegionName(s.ssoRegion))
            return configError(u"InvalidRegion"_s,
                               u"sso_region \"%1\" of profile %2 is not a region name."_s.arg(s.ssoRegion, name));
        const QString suffix = EndpointResolver::dnsSuffix(EndpointResolver::partitionOf(s.ssoRegion));
        s.portalEndpoint = QUrl(u"https://portal.sso.%1.%2/"_s.arg(s.ssoRegion, suffix));
    }
    return std::shared_ptr<CredentialsProvider>(std::make_shared<SsoCredentialsProvider>(s));
}

// botocore's profile providers other than assume role, in order: (web identity), SSO, credentials-file keys,
// credential_process, config-file keys. A null provider: the profile has no credentials.
ProviderResult nonRoleProvider(Resolution &r, const QString &name, const std::optional<AwsProfile> &profile)
{
    if (!profile) {
        if (r.hooks.store && r.hooks.store->contains(name))
            return std::shared_ptr<CredentialsProvider>(
                std::make_shared<StoredCredentialsProvider>(name, r.hooks.store));
        return std::shared_ptr<CredentialsProvider>();
    }
    if (!profile->value(u"web_identity_token_file"_s).isEmpty())
        return makeError(ApiError::Kind::Credentials, u"UnsupportedCredentialSource"_s,
                         u"Profile %1 uses web_identity_token_file (AssumeRoleWithWebIdentity), which CacheSnap does "
                         "not support."_s.arg(name));
    if (!profile->value(u"sso_account_id"_s).isEmpty() || !profile->value(u"sso_role_name"_s).isEmpty())
        return ssoProvider(r, *profile);
    if (profile->hasKeysInCredentialsFile()) {
        auto keys = staticKeys(r.shared, *profile);
        if (!keys)
            return keys.error();
        return staticProvider(keys.value());
    }
    if (const QString command = profile->value(u"credential_process"_s).trimmed(); !command.isEmpty())
        return std::shared_ptr<CredentialsProvider>(
            std::make_shared<ProcessCredentialsProvider>(name, command, r.hooks.processTimeoutMs));
    if (profile->hasKeysInConfigFile()) {
        auto keys = staticKeys(r.shared, *profile);
        if (!keys)
            return keys.error();
        return staticProvider(keys.value());
    }
    return std::shared_ptr<CredentialsProvider>();
}

ApiError chainTooDeep(const QStringList &visited)
{
    QStringList shown = visited.mid(0, 3);
    if (visited.size() > 4)
        shown << u"…"_s;
    if (visited.size() > 3)
        shown << visited.last();
    return makeError(ApiError::Kind::Config, u"RoleChainTooDeep"_s,
                     u"The role_arn/source_profile chain of profile %1 is more than %2 profiles deep (%3); no real "
                     "chain is that long, so CacheSnap stops there."_s.arg(
                         visited.first(), QString::number(kMaxRoleChainDepth), shown.join(u" -> "_s)));
}

// The profile's provider, role chains included. A chain is walked in a loop (not by recursion, so that no file
// can exhaust the stack) down to the credentials it starts from, then each role's provider is built over the
// next one's, from the innermost out; past kMaxRoleChainDepth roles it is an error.
ProviderResult profileProvider(Resolution &r, const QString &name)
{
    QList<AwsProfile> roles; // outermost first
    std::shared_ptr<CredentialsProvider> source;
    QString current = name;
    for (;;) {
        const auto profile = r.shared.profile(current);
        if (!profile || !hasAssumeRole(*profile)) {
            auto terminal = nonRoleProvider(r, current, profile);
            if (!terminal || roles.isEmpty())
                return terminal;
            if (!terminal.value())
                return configError(u"InvalidConfiguration"_s,
                                   u"The source profile \"%1\" must have credentials."_s.arg(current));
            source = terminal.value();
            break;
        }
        if (roles.size() == kMaxRoleChainDepth)
            return chainTooDeep(r.visited);
        roles.append(*profile);
        auto step = roleSource(r, *profile);
        if (!step)
            return step.error();
        if (step.value().provider) {
            source = step.value().provider;
            break;
        }
        current = step.value().next;
    }
    for (auto it = roles.crbegin(); it != roles.crend(); ++it) {
        auto provider = assumeRoleProvider(r, *it, std::move(source));
        if (!provider)
            return provider.error();
        source = provider.value();
    }
    return source;
}

} // namespace

namespace {
ApiResult<QUrl> stsEndpointFrom(const AwsSharedConfig &shared, const Overrides &overrides, const QString &region)
{
    const QString name = profileName(overrides);
    const auto profile = shared.profile(name);
    const auto configured
        = configuredEndpoint(shared, profile, u"profile %1"_s.arg(name), "AWS_ENDPOINT_URL_STS", u"sts"_s);
    if (!configured.first.isEmpty()) {
        const auto checked = EndpointResolver::checkEndpointUrl(QUrl(configured.first, QUrl::StrictMode));
        if (!checked)
            return configError(u"InvalidEndpoint"_s,
                               u"The STS endpoint URL \"%1\" from %2: %3"_s.arg(configured.first, configured.second,
                                                                                checked.error().message));
        return checked.value();
    }
    if (region.isEmpty() || !EndpointResolver::isValidRegionName(region))
        return QUrl();
    QString fipsText = env("AWS_USE_FIPS_ENDPOINT");
    if (fipsText.isEmpty() && profile)
        fipsText = profile->value(u"use_fips_endpoint"_s);
    const bool fips = parseBool(fipsText).value_or(false);
    const QString suffix = EndpointResolver::dnsSuffix(EndpointResolver::partitionOf(region));
    return QUrl(u"https://%1.%2.%3/"_s.arg(fips ? u"sts-fips"_s : u"sts"_s, region, suffix));
}

ProviderResult providerFrom(const AwsSharedConfig &shared, const Overrides &overrides, const Hooks &hooks)
{
    const auto settings = settingsFrom(shared, overrides, hooks);
    if (!settings)
        return settings.error();

    if (overrides.environmentOnly) {
        auto e = environmentProvider(false, QString());
        if (e && !e.value())
            return makeError(ApiError::Kind::Credentials, u"NoCredentials"_s,
                             u"The environment has no credentials: AWS_ACCESS_KEY_ID is not set. Choose a profile, "
                             "or start CacheSnap with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set."_s);
        return e;
    }
    // An explicit --profile outranks the environment's keys; AWS_PROFILE does not (as in botocore).
    if (overrides.profile.isEmpty()) {
        auto e = environmentProvider(false, QString());
        if (!e || e.value())
            return e;
    }

    const QString name = profileName(overrides);
    const auto sts = stsEndpointFrom(shared, overrides, settings.value().region);
    if (!sts)
        return sts.error();
    Resolution r {shared, overrides, hooks, ClientConfig(), {name}};
    r.sts.region = settings.value().region;
    r.sts.endpoint = sts.value();
    r.sts.retry = settings.value().retry;
    auto provider = profileProvider(r, name);
    if (!provider)
        return provider.error();
    if (provider.value())
        return provider;
    if (!shared.profile(name))
        return makeError(ApiError::Kind::Credentials, u"NoCredentials"_s,
                         u"Unable to locate credentials: AWS_ACCESS_KEY_ID is not set and there is no profile "
                         "(%1) in %2."_s.arg(name, filesText()));
    if (shared.profile(name)->kind() == AwsProfile::Kind::Sso)
        return makeError(ApiError::Kind::Credentials, u"NoCredentials"_s,
                         u"Profile %1 has SSO settings but no sso_account_id and sso_role_name, so it gives no "
                         "credentials."_s.arg(name));
    return makeError(ApiError::Kind::Credentials, u"NoCredentials"_s,
                     u"Unable to locate credentials: AWS_ACCESS_KEY_ID is not set and profile %1 in %2 has no "
                     "aws_access_key_id."_s.arg(name, filesText()));
}

} // namespace

ApiResult<QUrl> stsEndpoint(const Overrides &overrides, const QString &region)
{
    const auto shared = loadSharedConfig();
    if (!shared)
        return shared.error();
    return stsEndpointFrom(shared.value(), overrides, region);
}

ApiResult<std::shared_ptr<CredentialsProvider>> resolveProvider(const Overrides &overrides, const Hooks &hooks)
{
    const auto shared = loadSharedConfig();
    if (!shared)
        return shared.error();
    return providerFrom(shared.value(), overrides, hooks);
}

namespace {
// An endpoint URL a service's configuration names (AWS_ENDPOINT_URL_<SERVICE>, the services section,
// AWS_ENDPOINT_URL, the profile's endpoint_url), checked; empty when none does.
ApiResult<QUrl> configuredServiceEndpoint(const AwsSharedConfig &shared, const Overrides &overrides,
                                          const char *serviceVariable, const QString &servicesKey,
                                          const QString &serviceName, QString *source)
{
    const QString name = profileName(overrides);
    const auto profile = shared.profile(name);
    const auto configured
        = configuredEndpoint(shared, profile, u"profile %1"_s.arg(name), serviceVariable, servicesKey);
    if (source)
        *source = configured.second;
    if (configured.first.isEmpty())
        return QUrl();
    const auto checked = EndpointResolver::checkEndpointUrl(QUrl(configured.first, QUrl::StrictMode));
    if (!checked)
        return configError(u"InvalidEndpoint"_s,
                           u"The %1 endpoint URL \"%2\" from %3: %4"_s.arg(serviceName, configured.first,
                                                                           configured.second, checked.error().message));
    return checked.value();
}

ApiResult<QUrl> s3EndpointFrom(const AwsSharedConfig &shared, const Overrides &overrides, QString *source)
{
    // --endpoint-url is not consulted: in the AWS CLI it belongs to the one command it is given to.
    return configuredServiceEndpoint(shared, overrides, "AWS_ENDPOINT_URL_S3", u"s3"_s, u"S3"_s, source);
}

ApiResult<QUrl> ec2EndpointFrom(const AwsSharedConfig &shared, const Overrides &overrides, QString *source)
{
    // A loopback --endpoint-url is a sandbox (or an emulator) that serves every service on its port: the security
    // groups of the account whose caches are listed are there, and the sandbox's keys have no business at AWS.
    if (!overrides.endpointUrl.isEmpty()) {
        const QUrl url(overrides.endpointUrl, QUrl::StrictMode);
        if (url.isValid() && EndpointResolver::isLoopbackHost(url.host())) {
            if (source)
                *source = u"--endpoint-url (a loopback endpoint serves every service)"_s;
            return EndpointResolver::checkEndpointUrl(url);
        }
    }
    return configuredServiceEndpoint(shared, overrides, "AWS_ENDPOINT_URL_EC2", u"ec2"_s, u"EC2"_s, source);
}

// A client configuration for the connection overrides name: region, credentials provider and retry settings,
// and the endpoint endpointFor gives for the resolved settings (empty: the client's default).
ApiResult<ClientConfig> connectionConfig(const AwsSharedConfig &shared, const Overrides &overrides, const Hooks &hooks,
                                         const std::function<ApiResult<QUrl>(const Settings &)> &endpointFor)
{
    const auto settings = settingsFrom(shared, overrides, hooks);
    if (!settings)
        return settings.error();
    const Settings &s = settings.value();
    if (s.region.isEmpty()) {
        ApiError e;
        e.kind = ApiError::Kind::Config;
        e.code = u"NoRegion"_s;
        e.message = u"You must specify a region: --region, AWS_REGION, AWS_DEFAULT_REGION or the profile's region."_s;
        return e;
    }
    const auto endpoint = endpointFor(s);
    if (!endpoint)
        return endpoint.error();
    const auto provider = providerFrom(shared, overrides, hooks);
    if (!provider)
        return provider.error();

    ClientConfig config;
    config.region = s.region;
    config.endpoint = endpoint.value();
    config.credentials = provider.value();
    config.retry = s.retry;
    return config;
}
} // namespace

ApiResult<QUrl> s3Endpoint(const Overrides &overrides, QString *source)
{
    const auto shared = loadSharedConfig();
    if (!shared)
        return shared.error();
    return s3EndpointFrom(shared.value(), overrides, source);
}

ApiResult<ClientConfig> resolveS3ClientConfig(const Overrides &overrides, const Hooks &hooks)
{
    const auto shared = loadSharedConfig();
    if (!shared)
        return shared.error();
    auto config = connectionConfig(shared.value(), overrides, hooks, [&](const Settings &) {
        return s3EndpointFrom(shared.value(), overrides, nullptr);
    });
    if (config)
        config.value().signingName = u"s3"_s;
    return config;
}

ApiResult<QUrl> ec2Endpoint(const Overrides &overrides, QString *source)
{
    const auto shared = loadSharedConfig();
    if (!shared)
        return shared.error();
    return ec2EndpointFrom(shared.value(), overrides, source);
}

ApiResult<ClientConfig> resolveEc2ClientConfig(const Overrides &overrides, const Hooks &hooks)
{
    const auto shared = loadSharedConfig();
    if (!shared)
        return shared.error();
    auto config = connectionConfig(shared.value(), overrides, hooks, [&](const Settings &s) -> ApiResult<QUrl> {
        const auto configured = ec2EndpointFrom(shared.value(), overrides, nullptr);
        if (!configured || !configured.value().isEmpty()) {
            // EC2's endpoint rules: "FIPS and custom endpoint are not supported".
            if (configured && s.useFipsEndpoint)
                return configError(u"InvalidEndpoint"_s, u"FIPS and an explicit endpoint URL cannot be combined."_s);
            return configured;
        }
        return EndpointResolver::serviceEndpoint(u"ec2"_s, s.region, s.useFipsEndpoint);
    });
    if (config)
        config.value().signingName = u"ec2"_s;
    return config;
}

ApiResult<ClientConfig> resolveClientConfig(const Overrides &overrides, const Hooks &hooks)
{
    const auto shared = loadSharedConfig();
    if (!shared)
        return shared.error();
    return connectionConfig(shared.value(), overrides, hooks, [](const Settings &s) -> ApiResult<QUrl> {
        EndpointResolver::Options options;
        options.fips = s.useFipsEndpoint;
        if (!s.endpointUrl.isEmpty()) {
            options.endpointUrl = QUrl(s.endpointUrl, QUrl::StrictMode);
            if (!options.endpointUrl.isValid()) {
                ApiError e;
                e.kind = ApiError::Kind::Config;
                e.code = u"InvalidEndpoint"_s;
                e.message = u"The endpoint URL \"%1\" from %2 is not valid."_s.arg(s.endpointUrl, s.endpointSource);
                return e;
            }
        }
        return EndpointResolver::resolve(s.region, options);
    });
}

} // namespace CredentialChain
