// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "awsconfigfile.h"
#include "credentials.h"
#include "elasticacheclient.h"
#include "retrypolicy.h"

#include <QList>
#include <QString>

// The first part of the AWS credential and configuration chain, as botocore resolves it: the environment,
// then the shared files (~/.aws/credentials and ~/.aws/config, or AWS_SHARED_CREDENTIALS_FILE /
// AWS_CONFIG_FILE), static keys per profile. Everything is read from the process environment at call time.
namespace CredentialChain {

// What the command line (or the UI) says explicitly; empty means "not given".
struct Overrides
{
    QString profile; // --profile: also turns off the environment's keys, as in the AWS CLI
    QString region; // --region
    QString endpointUrl; // --endpoint-url
};

struct ProfileInfo
{
    QString name;
    AwsProfile::Kind kind = AwsProfile::Kind::None;
    QString region;
};

// Everything resolved, with where each value came from (for --debug and the UI).
struct Settings
{
    QString profileName; // the profile the files were read for ("default" unless named)
    bool profileNamed = false;
    AwsProfile::Kind profileKind = AwsProfile::Kind::None;
    QString region;
    QString regionSource;
    QString endpointUrl; // empty: derived from the region
    QString endpointSource;
    bool useFipsEndpoint = false;
    RetryConfig retry;
    QString retrySource;
};

QString credentialsFilePath(); // AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials, with ~ expanded
QString configFilePath(); // AWS_CONFIG_FILE or ~/.aws/config
ApiResult<AwsSharedConfig> loadSharedConfig();

// The profile the files are read for: --profile, AWS_PROFILE, AWS_DEFAULT_PROFILE, "default".
QString profileName(const Overrides &overrides);

// Every profile of both files with its credential kind, for the UI's profile list.
ApiResult<QList<ProfileInfo>> listProfiles();

// Region, endpoint and retry settings. An unknown named profile or a bad value is an error.
ApiResult<Settings> resolveSettings(const Overrides &overrides);

// Environment keys (unless --profile names a profile), then the profile's static keys. Profiles that use
// credential_process, role_arn or sso_* give a "not supported yet: <kind>" error.
ApiResult<AwsCredentials> resolveCredentials(const Overrides &overrides);

// All of it as a ClientConfig: region, endpoint (from EndpointResolver unless given), a static credentials
// provider and the retry configuration.
ApiResult<ClientConfig> resolveClientConfig(const Overrides &overrides);

} // namespace CredentialChain
