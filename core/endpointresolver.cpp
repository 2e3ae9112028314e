// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "endpointresolver.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace EndpointResolver {

namespace {

struct Region
{
    QString name;
    QString description;
};

struct Partition
{
    QString id;
    QString dnsSuffix;
    QString regionPattern;
    QList<Region> regions;
};

// botocore 1.43.11 data/endpoints.json: each partition's dnsSuffix and regionRegex, and the non-deprecated
// endpoints of service "elasticache" with the partition's region descriptions.
const QList<Partition> &table()
{
    static const QList<Partition> partitions = {
        {u"aws"_qs,
         u"amazonaws.com"_qs,
         u"^(us|eu|ap|sa|ca|me|af|il|mx)\\-\\w+\\-\\d+$"_qs,
         {
             {u"af-south-1"_qs, u"Africa (Cape Town)"_qs},
             {u"ap-east-1"_qs, u"Asia Pacific (Hong Kong)"_qs},
             {u"ap-east-2"_qs, u"Asia Pacific (Taipei)"_qs},
             {u"ap-northeast-1"_qs, u"Asia Pacific (Tokyo)"_qs},
             {u"ap-northeast-2"_qs, u"Asia Pacific (Seoul)"_qs},
             {u"ap-northeast-3"_qs, u"Asia Pacific (Osaka)"_qs},
             {u"ap-south-1"_qs, u"Asia Pacific (Mumbai)"_qs},
             {u"ap-south-2"_qs, u"Asia Pacific (Hyderabad)"_qs},
             {u"ap-southeast-1"_qs, u"Asia Pacific (Singapore)"_qs},
             {u"ap-southeast-2"_qs, u"Asia Pacific (Sydney)"_qs},
             {u"ap-southeast-3"_qs, u"Asia Pacific (Jakarta)"_qs},
             {u"ap-southeast-4"_qs, u"Asia Pacific (Melbourne)"_qs},
             {u"ap-southeast-5"_qs, u"Asia Pacific (Malaysia)"_qs},
             {u"ap-southeast-6"_qs, u"Asia Pacific (New Zealand)"_qs},
             {u"ap-southeast-7"_qs, u"Asia Pacific (Thailand)"_qs},
             {u"ca-central-1"_qs, u"Canada (Central)"_qs},
             {u"ca-west-1"_qs, u"Canada West (Calgary)"_qs},
             {u"eu-central-1"_qs, u"Europe (Frankfurt)"_qs},
             {u"eu-central-2"_qs, u"Europe (Zurich)"_qs},
             {u"eu-north-1"_qs, u"Europe (Stockholm)"_qs},
             {u"eu-south-1"_qs, u"Europe (Milan)"_qs},
             {u"eu-south-2"_qs, u"Europe (Spain)"_qs},
             {u"eu-west-1"_qs, u"Europe (Ireland)"_qs},
             {u"eu-west-2"_qs, u"Europe (London)"_qs},
             {u"eu-west-3"_qs, u"Europe (Paris)"_qs},
             {u"il-central-1"_qs, u"Israel (Tel Aviv)"_qs},
             {u"me-central-1"_qs, u"Middle East (UAE)"_qs},
             {u"me-south-1"_qs, u"Middle East (Bahrain)"_qs},
             {u"mx-central-1"_qs, u"Mexico (Central)"_qs},
             {u"sa-east-1"_qs, u"South America (Sao Paulo)"_qs},
             {u"us-east-1"_qs, u"US East (N. Virginia)"_qs},
             {u"us-east-2"_qs, u"US East (Ohio)"_qs},
             {u"us-west-1"_qs, u"US West (N. California)"_qs},
             {u"us-west-2"_qs, u"US West (Oregon)"_qs},
         }},
        {u"aws-cn"_qs,
         u"amazonaws.com.cn"_qs,
         u"^cn\\-\\w+\\-\\d+$"_qs,
         {
             {u"cn-north-1"_qs, u"China (Beijing)"_qs},
             {u"cn-northwest-1"_qs, u"China (Ningxia)"_qs},
         }},
        {u"aws-us-gov"_qs,
         u"amazonaws.com"_qs,
         u"^us\\-gov\\-\\w+\\-\\d+$"_qs,
         {
             {u"us-gov-east-1"_qs, u"AWS GovCloud (US-East)"_qs},
             {u"us-gov-west-1"_qs, u"AWS GovCloud (US-West)"_qs},
         }},
        {u"aws-eusc"_qs,
         u"amazonaws.eu"_qs,
         u"^eusc\\-(de)\\-\\w+\\-\\d+$"_qs,
         {
             {u"eusc-de-east-1"_qs, u"AWS European Sovereign Cloud (Germany)"_qs},
         }},
        {u"aws-iso"_qs,
         u"c2s.ic.gov"_qs,
         u"^us\\-iso\\-\\w+\\-\\d+$"_qs,
         {
             {u"us-iso-east-1"_qs, u"US ISO East"_qs},
             {u"us-iso-west-1"_qs, u"US ISO WEST"_qs},
         }},
        {u"aws-iso-b"_qs,
         u"sc2s.sgov.gov"_qs,
         u"^us\\-isob\\-\\w+\\-\\d+$"_qs,
         {
             {u"us-isob-east-1"_qs, u"US ISOB East (Ohio)"_qs},
             {u"us-isob-west-1"_qs, u"US ISOB West"_qs},
         }},
        {u"aws-iso-e"_qs,
         u"cloud.adc-e.uk"_qs,
         u"^eu\\-isoe\\-\\w+\\-\\d+$"_qs,
         {
             {u"eu-isoe-west-1"_qs, u"EU ISOE West"_qs},
         }},
        {u"aws-iso-f"_qs,
         u"csp.hci.ic.gov"_qs,
         u"^us\\-isof\\-\\w+\\-\\d+$"_qs,
         {
             {u"us-isof-east-1"_qs, u"US ISOF EAST"_qs},
             {u"us-isof-south-1"_qs, u"US ISOF SOUTH"_qs},
         }},
    };
    return partitions;
}

// FIPS variants in endpoints.json: four regions in "aws" (elasticache-fips.<region>.amazonaws.com), and the
// service default for "aws-us-gov", where the regular hostname is the FIPS one. No other partition lists one.
const QStringList &awsFipsRegions()
{
    static const QStringList regions = {u"us-east-1"_qs, u"us-east-2"_qs, u"us-west-1"_qs, u"us-west-2"_qs};
    return regions;
}

const Partition *findPartition(const QString &id)
{
    for (const Partition &p : table()) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}

ApiError configError(const QString &code, const QString &message)
{
    ApiError e;
    e.kind = ApiError::Kind::Config;
    e.code = code;
    e.message = message;
    return e;
}

} // namespace

QStringList partitions()
{
    QStringList ids;
    for (const Partition &p : table())
        ids.append(p.id);
    return ids;
}

QString dnsSuffix(const QString &partition)
{
    const Partition *p = findPartition(partition);
    return p ? p->dnsSuffix : QString();
}

QStringList regions(const QString &partition)
{
    QStringList names;
    if (const Partition *p = findPartition(partition)) {
        for (const Region &r : p->regions)
            names.append(r.name);
    }
    return names;
}

bool isValidRegionName(const QString &region)
{
    static const QRegularExpression pattern(u"^[a-z]{2,}(-[a-z]+)+-[0-9]{1,3}$"_qs);
    return pattern.match(region).hasMatch();
}

QString partitionOf(const QString &region)
{
    if (!isValidRegionName(region))
        return {};
    for (const Partition &p : table()) {
        for (const Region &r : p.regions) {
            if (r.name == region)
                return p.id;
        }
    }
    for (const Partition &p : table()) {
        if (QRegularExpression(p.regionPattern).match(region).hasMatch())
            return p.id;
    }
    return u"aws"_qs;
}

QString regionDescription(const QString &region)
{
    for (const Partition &p : table()) {
        for (const Region &r : p.regions) {
            if (r.name == region)
                return r.description;
        }
    }
    return {};
}

bool offersFips(const QString &region)
{
    const QString partition = partitionOf(region);
    return (partition == u"aws"_qs && awsFipsRegions().contains(region)) || partition == u"aws-us-gov"_qs;
}

bool isLoopbackHost(const QString &host)
{
    QString h = host.toLower();
    if (h.endsWith(u'.'))
        h.chop(1);
    if (h == u"localhost"_qs)
        return true;
    if (h.startsWith(u'[') && h.endsWith(u']'))
        h = h.mid(1, h.size() - 2);
    QHostAddress address;
    if (!address.setAddress(h))
        return false;
    if (address.isLoopback())
        return true;
    // ::ffff:127.0.0.1 is loopback too, but QHostAddress only says so for the IPv4 form.
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    return mapped && (v4 >> 24) == 127;
}

ApiResult<QUrl> checkEndpointUrl(const QUrl &url)
{
    const QString shown = url.toDisplayString(QUrl::RemovePassword);
    if (!url.isValid() || url.host().isEmpty()) {
        return configError(u"InvalidEndpoint"_qs,
                           u"The endpoint URL \"%1\" is not a valid URL with a host name."_qs.arg(shown));
    }
    const QString scheme = url.scheme().toLower();
    if (scheme != u"https"_qs && scheme != u"http"_qs) {
        return configError(
            u"InvalidEndpoint"_qs,
            u"The endpoint URL \"%1\" must start with https:// (or http:// for this computer)."_qs.arg(shown));
    }
    if (scheme == u"http"_qs && !isLoopbackHost(url.host())) {
        return configError(u"InvalidEndpoint"_qs,
                           u"Plain http is only allowed for this computer (127.0.0.1, ::1, localhost); "
                           "use https for \"%1\", credentials would otherwise travel unencrypted."_qs.arg(url.host()));
    }
    if (!url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment()) {
        return configError(u"InvalidEndpoint"_qs,
                           u"The endpoint URL \"%1\" must not contain a user name, query or fragment."_qs.arg(
                               url.toDisplayString(QUrl::RemoveUserInfo)));
    }
    QUrl checked = url;
    checked.setScheme(scheme);
    if (checked.path().isEmpty())
        checked.setPath(u"/"_qs);
    return checked;
}

ApiResult<QUrl> resolve(const QString &region, const Options &options)
{
    if (region.isEmpty()) {
        return configError(u"InvalidRegion"_qs,
                           u"No region given. Use --region, AWS_REGION or a profile's region, e.g. us-east-1."_qs);
    }
    if (!isValidRegionName(region)) {
        return configError(
            u"InvalidRegion"_qs,
            u"\"%1\" is not a region name; region names look like us-east-1 or eu-west-2."_qs.arg(region));
    }
    if (!options.endpointUrl.isEmpty()) {
        if (options.fips) {
            return configError(u"InvalidEndpoint"_qs, u"FIPS and an explicit endpoint URL cannot be combined."_qs);
        }
        return checkEndpointUrl(options.endpointUrl);
    }

    const QString partitionId = partitionOf(region);
    const Partition *partition = findPartition(partitionId);
    QString host;
    if (options.fips) {
        if (!offersFips(region)) {
            return configError(
                u"FipsNotOffered"_qs,
                u"ElastiCache has no FIPS endpoint in %1; FIPS endpoints exist in %2 and GovCloud."_qs.arg(
                    region, awsFipsRegions().join(u", "_qs)));
        }
        host = partitionId == u"aws-us-gov"_qs ? u"elasticache.%1.amazonaws.com"_qs.arg(region)
                                               : u"elasticache-fips.%1.%2"_qs.arg(region, partition->dnsSuffix);
    } else {
        host = u"elasticache.%1.%2"_qs.arg(region, partition->dnsSuffix);
    }
    QUrl url;
    url.setScheme(u"https"_qs);
    url.setHost(host);
    url.setPath(u"/"_qs);
    return url;
}

} // namespace EndpointResolver
