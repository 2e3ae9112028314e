// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"

#include <QString>
#include <QStringList>
#include <QUrl>

// Where the ElastiCache API lives. The partition, region and FIPS tables come from botocore 1.43.11's
// data/endpoints.json (service "elasticache"); tst_endpointresolver compares them with the installed
// botocore when there is one.
namespace EndpointResolver {

struct Options
{
    bool fips = false;
    QUrl endpointUrl; // an explicit endpoint (--endpoint-url) instead of the regional one
};

// Partition ids, the commercial, China and GovCloud partitions first: "aws", "aws-cn", "aws-us-gov", …
QStringList partitions();
// ElastiCache's regions in a partition, sorted; empty for an unknown partition.
QStringList regions(const QString &partition);
// The partition a region belongs to: by the partitions' region lists, then their name patterns, and
// "aws" for a well-formed name no pattern claims (as botocore does). Empty for a malformed name.
QString partitionOf(const QString &region);
QString regionDescription(const QString &region);
// The partition's DNS suffix ("amazonaws.com", "amazonaws.com.cn"); empty for an unknown partition. For the
// endpoints of the credential services (STS, the SSO portal).
QString dnsSuffix(const QString &partition); // "Europe (Ireland)"; empty when not known
// Lower-case words joined by '-', ending in a number: "us-east-1", "us-gov-west-1". Refuses "us east 1".
bool isValidRegionName(const QString &region);
bool offersFips(const QString &region);

// 127.0.0.0/8, ::1 (also as ::ffff:127.x.y.z) and "localhost".
bool isLoopbackHost(const QString &host);
// An endpoint URL is https, or plain http on a loopback host; it names a host, and carries no user
// info, query or fragment. Returns the URL with an empty path made "/".
ApiResult<QUrl> checkEndpointUrl(const QUrl &url);

// https://elasticache.<region>.<partition suffix>, or the FIPS endpoint, or options.endpointUrl once
// checked. Errors are ApiError::Kind::Config with code "InvalidRegion", "InvalidEndpoint" or
// "FipsNotOffered".
ApiResult<QUrl> resolve(const QString &region, const Options &options = {});

// The regional endpoint of another AWS service whose endpoint rules follow the standard pattern (EC2:
// endpointPrefix "ec2"): https://<prefix>.<region>.<partition suffix>/, with FIPS https://<prefix>-fips.<region>.
// <suffix>/ (in GovCloud, whose endpoints are FIPS ones, https://<prefix>.<region>.amazonaws.com/). No region
// list is checked: the service's rules give every partition's regions an endpoint. Errors are
// ApiError::Kind::Config with code "InvalidRegion".
ApiResult<QUrl> serviceEndpoint(const QString &endpointPrefix, const QString &region, bool fips = false);

} // namespace EndpointResolver
