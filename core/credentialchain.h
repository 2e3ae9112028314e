// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "awsconfigfile.h"
#include "credentialproviders.h"
#include "credentials.h"
#include "elasticacheclient.h"
#include "retrypolicy.h"

#include <QList>
#include <QString>

#include <memory>

class CredentialStore;

// The AWS credential and configuration chain, as botocore resolves it: the environment, then the named or
// default profile of the shared files (~/.aws/credentials and ~/.aws/config, or AWS_SHARED_CREDENTIALS_FILE /
// AWS_CONFIG_FILE) in botocore's provider order: role_arn (STS AssumeRole from source_profile or
// credential_source), IAM Identity Center (sso_session or legacy sso_*), keys in the credentials file,
// credential_process, keys in the config file; then app-kept profiles (CredentialStore) for names the files
// do not define. Everything is read from the process environment at call time; the slow sources run
// asynchronously inside the returned CredentialsProvider.
namespace CredentialChain {

// How many role_arn profiles one source_profile chain may hold. botocore has no explicit bound: it recurses
// once per hop and stops with a RecursionError at about 320 hops (Python's default limit of 1,000 frames);
// real chains are two or three hops long. Past this the chain is a "RoleChainTooDeep" configuration error.
inline constexpr int kMaxRoleChainDepth = 256;

// What the command line (or the UI) says explicitly; empty means "not given".
struct Overrides
{
    QString profile; // --profile: also turns off the environment's keys, as in the AWS CLI
    QString region; // --region
    QString endpointUrl; // --endpoint-url
    // The environment's keys as a connection of their own (the window's "Environment variables"): only
    // AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, never a profile's keys; profile is ignored.
    // The region still comes from region, AWS_REGION, AWS_DEFAULT_REGION or the default profile.
    bool environmentOnly = false;
};

// What the caller brings for the sources that need more than files: the app's keychain and a way to ask for
// an MFA code. All optional.
struct Hooks
{
    std::shared_ptr<CredentialStore> store; // app-kept profiles
    MfaPrompt mfaPrompt;
    int processTimeoutMs = ProcessCredentialsProvider::kDefaultTimeoutMs;
};

struct ProfileInfo
{
    QString name;
    AwsProfile::Kind kind = AwsProfile::Kind::None;
    QString region;
    bool appKept = false; // from the CredentialStore, not the shared files
};

// Everything resolved, with where each value came from (for --debug and the UI).
struct Settings
{
    QString profileName; // the profile the files were read for ("default" unless named)
    bool profileNamed = false;
    bool profileAppKept = false; // the name is an app-kept profile (the files do not define it)
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

// Whether AWS_ACCESS_KEY_ID is set, so the environment offers credentials of its own.
bool environmentHasKeys();

// The profile the files are read for: --profile, AWS_PROFILE, AWS_DEFAULT_PROFILE, "default".
QString profileName(const Overrides &overrides);

// Every profile of both files with its credential kind, then the app-kept ones the files do not define.
ApiResult<QList<ProfileInfo>> listProfiles(const Hooks &hooks = {});

// Region, endpoint and retry settings. An unknown named profile or a bad value is an error.
ApiResult<Settings> resolveSettings(const Overrides &overrides, const Hooks &hooks = {});

// The static sources only: environment keys (unless --profile names a profile), then the profile's keys.
// Profiles that use credential_process, role_arn or sso_* are an "UnsupportedCredentialSource" error here:
// resolveProvider() handles them.
ApiResult<AwsCredentials> resolveCredentials(const Overrides &overrides);

// The whole chain as a provider. Configuration errors (unknown profile, source_profile loops, missing
// sso settings) come back at once; process, STS, SSO and keychain failures come from fetch().
ApiResult<std::shared_ptr<CredentialsProvider>> resolveProvider(const Overrides &overrides, const Hooks &hooks = {});

// Where STS lives for this profile: AWS_ENDPOINT_URL_STS, the services section's sts endpoint_url,
// AWS_ENDPOINT_URL, the profile's endpoint_url, else https://sts[-fips].<region>.<partition suffix>/.
ApiResult<QUrl> stsEndpoint(const Overrides &overrides, const QString &region);

// All of it as a ClientConfig: region, endpoint (from EndpointResolver unless given), the credentials
// provider and the retry configuration.
ApiResult<ClientConfig> resolveClientConfig(const Overrides &overrides, const Hooks &hooks = {});

// Where S3 lives for this profile, as the SDKs resolve it: AWS_ENDPOINT_URL_S3, the services section's
// s3 endpoint_url, AWS_ENDPOINT_URL, the profile's endpoint_url; empty (AWS's regional endpoints) otherwise.
// --endpoint-url (overrides.endpointUrl) is ElastiCache's and does not apply, as in the AWS CLI, where it is
// per command. source says where the URL came from (empty when there is none).
ApiResult<QUrl> s3Endpoint(const Overrides &overrides, QString *source = nullptr);

// The configuration of an S3Client for the same connection as resolveClientConfig(): region, credentials
// provider and retry settings, and the endpoint from s3Endpoint() (empty: AWS's, see S3Client).
ApiResult<ClientConfig> resolveS3ClientConfig(const Overrides &overrides, const Hooks &hooks = {});

// Where EC2 lives for this profile: a loopback --endpoint-url (overrides.endpointUrl; a sandbox serves every service
// on its port, so the security groups come from the account whose caches are listed), else as the SDKs resolve it:
// AWS_ENDPOINT_URL_EC2, the services section's ec2 endpoint_url, AWS_ENDPOINT_URL, the profile's endpoint_url; empty
// (EC2's regional endpoint) otherwise. A --endpoint-url elsewhere is ElastiCache's and does not apply, as in the
// AWS CLI. source says where the URL came from (empty when there is none).
ApiResult<QUrl> ec2Endpoint(const Overrides &overrides, QString *source = nullptr);

// The configuration of an Ec2Client for the same connection as resolveClientConfig(): region, credentials provider,
// retry settings, signing name "ec2", and the endpoint from ec2Endpoint(), else EC2's regional (or, with
// use_fips_endpoint, FIPS) endpoint for the region. FIPS with a configured endpoint is an InvalidEndpoint error, as
// EC2's endpoint rules have it.
ApiResult<ClientConfig> resolveEc2ClientConfig(const Overrides &overrides, const Hooks &hooks = {});

} // namespace CredentialChain
