// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "credentialchain.h"

#include "endpointresolver.h"

#include <QDir>

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
    return !overrides.profile.isEmpty() || !env("AWS_PROFILE").isEmpty() || !env("AWS_DEFAULT_PROFILE").isEmpty();
}

QString filesText()
{
    return u"%1 and %2"_qs.arg(credentialsFilePath(), configFilePath());
}

// The profile the settings come from; nothing (and no error) when "default" is absent.
ApiResult<std::optional<AwsProfile>> selectedProfile(const AwsSharedConfig &shared, const Overrides &overrides)
{
    const QString name = profileName(overrides);
    auto profile = shared.profile(name);
    if (!profile && namedExplicitly(overrides)) {
        return makeError(ApiError::Kind::Config, u"ProfileNotFound"_qs,
                         u"The config profile (%1) could not be found in %2."_qs.arg(name, filesText()));
    }
    return profile;
}
} // namespace

QString credentialsFilePath()
{
    const QString fromEnv = env("AWS_SHARED_CREDENTIALS_FILE");
    return expandHome(fromEnv.isEmpty() ? u"~/.aws/credentials"_qs : fromEnv);
}

QString configFilePath()
{
    const QString fromEnv = env("AWS_CONFIG_FILE");
    return expandHome(fromEnv.isEmpty() ? u"~/.aws/config"_qs : fromEnv);
}

ApiResult<AwsSharedConfig> loadSharedConfig()
{
    return AwsSharedConfig::load(credentialsFilePath(), configFilePath());
}

QString profileName(const Overrides &overrides)
{
    if (!overrides.profile.isEmpty())
        return overrides.profile;
    if (const QString p = env("AWS_PROFILE"); !p.isEmpty())
        return p;
    if (const QString p = env("AWS_DEFAULT_PROFILE"); !p.isEmpty())
        return p;
    return u"default"_qs;
}

ApiResult<QList<ProfileInfo>> listProfiles()
{
    const auto shared = loadSharedConfig();
    if (!shared)
        return shared.error();
    QList<ProfileInfo> list;
    for (const QString &name : shared.value().profileNames()) {
        const auto profile = shared.value().profile(name);
        list.append(ProfileInfo {name, profile->kind(), profile->value(u"region"_qs)});
    }
    return list;
}

ApiResult<Settings> resolveSettings(const Overrides &overrides)
{
    const auto shared = loadSharedConfig();
    if (!shared)
        return shared.error();
    const auto selected = selectedProfile(shared.value(), overrides);
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
    const QString profileSource = u"profile %1"_qs.arg(s.profileName);

    if (!overrides.region.isEmpty()) {
        s.region = overrides.region;
        s.regionSource = u"--region"_qs;
    } else if (const QString r = env("AWS_REGION"); !r.isEmpty()) {
        s.region = r;
        s.regionSource = u"AWS_REGION"_qs;
    } else if (const QString r = env("AWS_DEFAULT_REGION"); !r.isEmpty()) {
        s.region = r;
        s.regionSource = u"AWS_DEFAULT_REGION"_qs;
    } else if (const QString r = fromProfile(u"region"_qs); !r.isEmpty()) {
        s.region = r;
        s.regionSource = profileSource;
    }

    QString ignoreText = env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    if (ignoreText.isEmpty())
        ignoreText = fromProfile(u"ignore_configured_endpoint_urls"_qs);
    const bool ignoreConfigured = parseBool(ignoreText).value_or(false);
    QString servicesEndpoint;
    if (const QString services = fromProfile(u"services"_qs); !services.isEmpty()) {
        if (const IniSection *section = shared.value().configSection(u"services"_qs, services))
            servicesEndpoint = section->values.value(u"elasticache.endpoint_url"_qs).trimmed();
    }
    if (!overrides.endpointUrl.isEmpty()) {
        s.endpointUrl = overrides.endpointUrl;
        s.endpointSource = u"--endpoint-url"_qs;
    } else if (!ignoreConfigured) {
        const QList<QPair<QString, QString>> candidates = {
            {env("AWS_ENDPOINT_URL_ELASTICACHE"), u"AWS_ENDPOINT_URL_ELASTICACHE"_qs},
            {servicesEndpoint, profileSource + u" (services section)"_qs},
            {env("AWS_ENDPOINT_URL"), u"AWS_ENDPOINT_URL"_qs},
            {fromProfile(u"endpoint_url"_qs), profileSource},
        };
        for (const auto &[url, source] : candidates) {
            if (!url.isEmpty()) {
                s.endpointUrl = url;
                s.endpointSource = source;
                break;
            }
        }
    }

    QString fipsText = env("AWS_USE_FIPS_ENDPOINT");
    if (fipsText.isEmpty())
        fipsText = fromProfile(u"use_fips_endpoint"_qs);
    if (!fipsText.isEmpty()) {
        const auto fips = parseBool(fipsText);
        if (!fips)
            return makeError(ApiError::Kind::Config, u"InvalidConfiguration"_qs,
                             u"use_fips_endpoint must be true or false, not \"%1\"."_qs.arg(fipsText));
        s.useFipsEndpoint = *fips;
    }

    QString modeText = env("AWS_RETRY_MODE");
    QString modeSource = u"AWS_RETRY_MODE"_qs;
    if (modeText.isEmpty()) {
        modeText = fromProfile(u"retry_mode"_qs);
        modeSource = profileSource + u" retry_mode"_qs;
    }
    RetryConfig::Mode mode = RetryConfig::Mode::Standard;
    if (!modeText.isEmpty()) {
        const auto parsed = RetryConfig::parseMode(modeText);
        if (!parsed)
            return makeError(
                ApiError::Kind::Config, u"InvalidConfiguration"_qs,
                u"Invalid retry mode \"%1\" from %2: use standard, legacy or adaptive."_qs.arg(modeText, modeSource));
        mode = *parsed;
        s.retrySource = modeSource;
    }
    s.retry = RetryConfig::forMode(mode);

    QString attemptsText = env("AWS_MAX_ATTEMPTS");
    QString attemptsSource = u"AWS_MAX_ATTEMPTS"_qs;
    if (attemptsText.isEmpty()) {
        attemptsText = fromProfile(u"max_attempts"_qs);
        attemptsSource = profileSource + u" max_attempts"_qs;
    }
    if (!attemptsText.isEmpty()) {
        bool ok = false;
        const int attempts = attemptsText.toInt(&ok);
        if (!ok || attempts < 1)
            return makeError(ApiError::Kind::Config, u"InvalidConfiguration"_qs,
                             u"Invalid max attempts \"%1\" from %2: a whole number of at least 1 is needed."_qs.arg(
                                 attemptsText, attemptsSource));
        s.retry.maxAttempts = attempts;
        s.retrySource += (s.retrySource.isEmpty() ? QString() : u", "_qs) + attemptsSource;
    }
    return s;
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
    if (overrides.profile.isEmpty()) {
        const QString accessKey = env("AWS_ACCESS_KEY_ID");
        if (!accessKey.isEmpty()) {
            const QString secret = env("AWS_SECRET_ACCESS_KEY");
            if (secret.isEmpty())
                return makeError(ApiError::Kind::Credentials, u"PartialCredentials"_qs,
                                 u"Partial credentials found in the environment: AWS_ACCESS_KEY_ID is set but "
                                 "AWS_SECRET_ACCESS_KEY is missing."_qs);
            AwsCredentials c;
            c.accessKeyId = accessKey;
            c.secretAccessKey = secret;
            c.sessionToken = env("AWS_SESSION_TOKEN");
            c.source = u"environment"_qs;
            return c;
        }
    }

    const QString name = profileName(overrides);
    const std::optional<AwsProfile> &profile = selected.value();
    if (!profile) {
        return makeError(ApiError::Kind::Credentials, u"NoCredentials"_qs,
                         u"Unable to locate credentials: AWS_ACCESS_KEY_ID is not set and there is no profile "
                         "(%1) in %2."_qs.arg(name, filesText()));
    }

    auto unsupported = [&name](const QString &what, AwsProfile::Kind kind) {
        return makeError(ApiError::Kind::Credentials, u"UnsupportedCredentialSource"_qs,
                         u"Profile %1 gets its credentials from %2; not supported yet: %3."_qs.arg(
                             name, what, AwsProfile::kindName(kind)));
    };
    auto keysFrom = [&name](const QMap<QString, QString> &values, const QString &path) -> ApiResult<AwsCredentials> {
        AwsCredentials c;
        c.accessKeyId = values.value(u"aws_access_key_id"_qs).trimmed();
        c.secretAccessKey = values.value(u"aws_secret_access_key"_qs).trimmed();
        c.sessionToken = values.value(u"aws_session_token"_qs).trimmed();
        if (c.sessionToken.isEmpty())
            c.sessionToken = values.value(u"aws_security_token"_qs).trimmed();
        c.source = u"profile %1 (%2)"_qs.arg(name, path);
        if (c.accessKeyId.isEmpty() || c.secretAccessKey.isEmpty()) {
            return makeError(
                ApiError::Kind::Credentials, u"PartialCredentials"_qs,
                u"Partial credentials found for profile %1 in %2: %3 is missing."_qs.arg(
                    name, path, c.accessKeyId.isEmpty() ? u"aws_access_key_id"_qs : u"aws_secret_access_key"_qs));
        }
        return c;
    };

    switch (profile->kind()) {
    case AwsProfile::Kind::Role:
        return unsupported(profile->value(u"role_arn"_qs).isEmpty() ? u"web_identity_token_file"_qs
                                                                    : u"role_arn (assume role)"_qs,
                           AwsProfile::Kind::Role);
    case AwsProfile::Kind::Sso:
        return unsupported(u"IAM Identity Center (sso_*)"_qs, AwsProfile::Kind::Sso);
    case AwsProfile::Kind::Process:
        return unsupported(u"credential_process"_qs, AwsProfile::Kind::Process);
    case AwsProfile::Kind::Keys:
        if (profile->hasKeysInCredentialsFile())
            return keysFrom(profile->credentialsValues, shared.value().credentialsFile().path);
        return keysFrom(profile->configValues, shared.value().configFile().path);
    case AwsProfile::Kind::None:
        break;
    }
    return makeError(ApiError::Kind::Credentials, u"NoCredentials"_qs,
                     u"Unable to locate credentials: AWS_ACCESS_KEY_ID is not set and profile %1 in %2 has no "
                     "aws_access_key_id."_qs.arg(name, filesText()));
}

} // namespace CredentialChain

namespace CredentialChain {

ApiResult<ClientConfig> resolveClientConfig(const Overrides &overrides)
{
    const auto settings = resolveSettings(overrides);
    if (!settings)
        return settings.error();
    const Settings &s = settings.value();
    if (s.region.isEmpty()) {
        ApiError e;
        e.kind = ApiError::Kind::Config;
        e.code = u"NoRegion"_qs;
        e.message = u"You must specify a region: --region, AWS_REGION, AWS_DEFAULT_REGION or the profile's region."_qs;
        return e;
    }
    EndpointResolver::Options options;
    options.fips = s.useFipsEndpoint;
    if (!s.endpointUrl.isEmpty()) {
        options.endpointUrl = QUrl(s.endpointUrl, QUrl::StrictMode);
        if (!options.endpointUrl.isValid()) {
            ApiError e;
            e.kind = ApiError::Kind::Config;
            e.code = u"InvalidEndpoint"_qs;
            e.message = u"The endpoint URL \"%1\" from %2 is not valid."_qs.arg(s.endpointUrl, s.endpointSource);
            return e;
        }
    }
    const auto endpoint = EndpointResolver::resolve(s.region, options);
    if (!endpoint)
        return endpoint.error();
    const auto credentials = resolveCredentials(overrides);
    if (!credentials)
        return credentials.error();

    ClientConfig config;
    config.region = s.region;
    config.endpoint = endpoint.value();
    config.credentials = std::make_shared<StaticCredentialsProvider>(credentials.value());
    config.retry = s.retry;
    return config;
}

} // namespace CredentialChain
