// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "model/ec2.h"
#include "queryserializer.h"
#include "sandboxconfig.h"
#include "sandboxhandler.h"

#include <QByteArray>
#include <QList>
#include <QString>

// The sandbox's EC2 on the same port as its ElastiCache: DescribeSecurityGroups (API version 2016-11-15, the ec2
// protocol, signed for service "ec2") over the account's security groups. It seeds the plan's groups, one VPC's
// "default" group each and "cachesnap-redis" in the default VPC, owned by the sandbox's account; tests may add
// more (addSecurityGroup). They are not kept in the state file: the seed is the same at every start.
//
// As EC2 does: GroupIds (InvalidGroupId.Malformed for an id that is not sg-…, InvalidGroup.NotFound for an unknown
// one), GroupNames (the default VPC's groups only), Filters (vpc-id, group-id, group-name, description, owner-id,
// tag-key, tag:<key>; a filter's values OR-ed, with the wildcards * and ? and backslash escapes; filters AND-ed;
// InvalidFilter for other names), DryRun (DryRunOperation), NextToken/MaxResults paging (5–1000; without
// MaxResults one page holds every group).
// Answers are <DescribeSecurityGroupsResponse> without a result wrapper, errors <Response><Errors><Error>.
class SandboxEc2
{
public:
    static constexpr QLatin1StringView kDefaultVpcId {"vpc-0e1a5c0de0000d001"}; // the account's default VPC
    static constexpr QLatin1StringView kOtherVpcId {"vpc-0e1a5c0de0000d002"};
    static constexpr QLatin1StringView kDefaultGroupId {"sg-0e1a5c0de00000001"}; // "default" in kDefaultVpcId
    static constexpr QLatin1StringView kRedisGroupId {"sg-0e1a5c0de00000002"}; // "cachesnap-redis" in kDefaultVpcId
    static constexpr QLatin1StringView kOtherDefaultGroupId {"sg-0e1a5c0de00000003"}; // "default" in kOtherVpcId

    explicit SandboxEc2(const SandboxConfig &config);

    // The request is for EC2: its signature's scope names service "ec2", or, unsigned, its Version is EC2's.
    static bool isEc2Request(const QByteArray &authorization, const QueryParams &params);

    SandboxResponse handle(const QueryParams &params, const QString &requestId) const;
    // An error as EC2 writes it (<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/>), with the
    // front end's errors in EC2's words: an expired signature is RequestExpired, another signature that does not
    // match AuthFailure (401), throttling RequestLimitExceeded (503), injected failures InternalError (500) and
    // Unavailable (503).
    static SandboxResponse errorResponse(const ApiError &error, const QString &action, const QString &requestId);

    const QList<Ec2::SecurityGroup> &securityGroups() const;
    // Another group after the seeded ones (tests of paging and filters).
    void addSecurityGroup(Ec2::SecurityGroup group);

private:
    ApiResult<Ec2::DescribeSecurityGroupsResult>
    describeSecurityGroups(const Ec2::DescribeSecurityGroupsRequest &request) const;

    QString m_accountId;
    QList<Ec2::SecurityGroup> m_groups;
};
