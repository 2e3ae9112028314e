// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "endpointresolver.h"

#include <QHostAddress>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

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
        {u"aws"_s,
         u"amazonaws.com"_s,
         u"^(us|eu|ap|sa|ca|me|af|il|mx)\\-\\w+\\-\\d+$"_s,
         {
             {u"af-south-1"_s, u"Africa (Cape Town)"_s},
             {u"ap-east-1"_s, u"Asia Pacific (Hong Kong)"_s},
             {u"ap-east-2"_s, u"Asia Pacific (Taipei)"_s},
             {u"ap-northeast-1"_s, u"Asia Pacific (Tokyo)"_s},
             {u"ap-northeast-2"_s, u"Asia Pacific (Seoul)"_s},
             {u"ap-northeast-3"_s, u"Asia Pacific (Osaka)"_s},
             {u"ap-south-1"_s, u"Asia Pacific (Mumbai)"_s},
             {u"ap-south-2"_s, u"Asia Pacific (Hyderabad)"_s},
             {u"ap-southeast-1"_s, u"Asia Pacific (Singapore)"_s},
             {u"ap-southeast-2"_s, u"Asia Pacific (Sydney)"_s},
             {u"ap-southeast-3"_s, u"Asia Pacific (Jakarta)"_s},
             {u"ap-southeast-4"_s, u"Asia Pacific (Melbourne)"_s},
             {u"ap-southeast-5"_s, u"Asia Pacific (Malaysia)"_s},
             {u"ap-southeast-6"_s, u"Asia Pacific (New Zealand)"_s},
             {u"ap-southeast-7"_s, u"Asia Pacific (Thailand)"_s},
             {u"ca-central-1"_s, u"Canada (Central)"_s},
             {u"ca-west-1"_s, u"Canada West (Calgary)"_s},
             {u"eu-central-1"_s, u"Europe (Frankfurt)"_s},
             {u"eu-central-2"_s, u"Europe (Zurich)"_s},
             {u"eu-north-1"_s, u"Europe (Stockholm)"_s},
             {u"eu-south-1"_s, u"Europe (Milan)"_s},
             {u"eu-south-2"_s, u"Europe (Spain)"_s},
             {u"eu-west-1"_s, u"Europe (Ireland)"_s},
             {u"eu-west-2"_s, u"Europe (London)"_s},
             {u"eu-west-3"_s, u"Europe (Paris)"_s},
             {u"il-central-1"_s, u"Israel (Tel Aviv)"_s},
             {u"me-central-1"_s, u"Middle East (UAE)"_s},
             {u"me-south-1"_s, u"Middle East (Bahrain)"_s},
             {u"mx-central-1"_s, u"Mexico (Central)"_s},
             {u"sa-east-1"_s, u"South America (Sao Paulo)"_s},
             {u"us-east-1"_s, u"US East (N. Virginia)"_s},
             {u"us-east-2"_s, u"US East (Ohio)"_s},
             {u"us-west-1"_s, u"US West (N. California)"_s},
             {u"us-west-2"_s, u"US West (Oregon)"_s},
         }},
        {u"aws-cn"_s,
         u"amazonaws.com.cn"_s,
         u"^cn\\-\\w+\\-\\d+$"_s,
         {
             {u"cn-north-1"_s, u"China (Beijing)"_s},
             {u"cn-northwest-1"_s, u"China (Ningxia)"_s},
         }},
        {u"aws-us-gov"_s,
         u"amazonaws.com"_s,
         u"^us\\-gov\\-\\w+\\-\\d+$"_s,
         {
             {u"us-gov-east-1"_s, u"AWS GovCloud (US-East)"_s},
             {u"us-gov-west-1"_s, u"AWS GovCloud (US-West)"_s},
         }},
        {u"aws-eusc"_s,
         u"amazonaws.eu"_s,
         u"^eusc\\-(de)\\-\\w+\\-\\d+$"_s,
         {
             {u"eusc-de-east-1"_s, u"AWS European Sovereign Cloud (Germany)"_s},
         }},
        {u"aws-iso"_s,
         u"c2s.ic.gov"_s,
         u"^us\\-iso\\-\\w+\\-\\d+$"_s,
         {
             {u"us-iso-east-1"_s, u"US ISO East"_s},
             {u"us-iso-west-1"_s, u"US ISO WEST"_s},
         }},
        {u"aws-iso-b"_s,
         u"sc2s.sgov.gov"_s,
         u"^us\\-isob\\-\\w+\\-\\d+$"_s,
         {
             {u"us-isob-east-1"_s, u"US ISOB East (Ohio)"_s},
             {u"us-isob-west-1"_s, u"US ISOB West"_s},
         }},
        {u"aws-iso-e"_s,
         u"cloud.adc-e.uk"_s,
         u"^eu\\-isoe\\-\\w+\\-\\d+$"_s,
         {
             {u"eu-isoe-west-1"_s, u"EU ISOE West"_s},
         }},
        {u"aws-iso-f"_s,
         u"csp.hci.ic.gov"_s,
         u"^us\\-isof\\-\\w+\\-\\d+$"_s,
         {
             {u"us-isof-east-1"_s, u"US ISOF EAST"_s},
             {u"us-isof-south-1"_s, u"US ISOF SOUTH"_s},
         }},
    };
    return partitions;
}

// FIPS variants in endpoints.json: four regions in "aws" (elasticache-fips.<region>.amazonaws.com), and the
// service default for "aws-us-gov", where the regular hostname is the FIPS one. No other partition lists one.
const QStringList &awsFipsRegions()
{
    static const QStringList regions = {u"us-east-1"_s, u"us-east-2"_s, u"us-west-1"_s, u"us-west-2"_s};
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
    static const QRegularExpression pattern(u"^[a-z]{2,}(-[a-z]+)+-[0-9]{1,3}$"_s);
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
    return u"aws"_s;
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
    return (partition == u"aws"_s && awsFipsRegions().contains(region)) || partition == u"aws-us-gov"_s;
}

bool isLoopbackHost(const QString &host)
{
    QString h = host.toLower();
    if (h.endsWith(u'.'))
        h.chop(1);
    if (h == u"localhost"_s)
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
        return configError(u"InvalidEndpoint"_s,
                           u"The endpoint URL \"%1\" is not a valid URL with a host name."_s.arg(shown));
    }
    const QString scheme = url.scheme().toLower();
    if (scheme != u"https"_s && scheme != u"http"_s) {
        return configError(
            u"InvalidEndpoint"_s,
            u"The endpoint URL \"%1\" must start with https:// (or http:// for this computer)."_s.arg(shown));
    }
    if (scheme == u"http"_s && !isLoopbackHost(url.host())) {
        return configError(u"InvalidEndpoint"_s,
                           u"Plain http is only allowed for this computer (127.0.0.1, ::1, localhost); "
                           "use https for \"%1\", credentials would otherwise travel unencrypted."_s.arg(url.host()));
    }
    if (!url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment()) {
        return configError(u"InvalidEndpoint"_s,
                           u"The endpoint URL \"%1\" must not contain a user name, query or fragment."_s.arg(
                               url.toDisplayString(QUrl::RemoveUserInfo)));
    }
    QUrl checked = url;
    checked.setScheme(scheme);
    if (checked.path().isEmpty())
        checked.setPath(u"/"_s);
    return checked;
}

ApiResult<QUrl> resolve(const QString &region, const Options &options)
{
    if (region.isEmpty()) {
        return configError(u"InvalidRegion"_s,
                           u"No region given. Use --region, AWS_REGION or a profile's region, e.g. us-east-1."_s);
    }
    if (!isValidRegionName(region)) {
        return configError(
            u"InvalidRegion"_s,
            u"\"%1\" is not a region name; region names look like us-east-1 or eu-west-2."_s.arg(region));
    }
    if (!options.endpointUrl.isEmpty()) {
        if (options.fips) {
            return configError(u"InvalidEndpoint"_s, u"FIPS and an explicit endpoint URL cannot be combined."_s);
        }
        return checkEndpointUrl(options.endpointUrl);
    }

    if (options.fips && !offersFips(region)) {
        return configError(u"FipsNotOffered"_s,
                           u"ElastiCache has no FIPS endpoint in %1; FIPS endpoints exist in %2 and GovCloud."_s.arg(
                               region, awsFipsRegions().join(u", "_s)));
    }
    return serviceEndpoint(u"elasticache"_s, region, options.fips);
}

ApiResult<QUrl> serviceEndpoint(const QString &endpointPrefix, const QString &region, bool fips)
{
    if (!isValidRegionName(region)) {
        return configError(
            u"InvalidRegion"_s,
            u"\"%1\" is not a region name; region names look like us-east-1 or eu-west-2."_s.arg(region));
    }
    const QString partitionId = partitionOf(region);
    const QString suffix = dnsSuffix(partitionId);
    QString host;
    if (fips) {
        host = partitionId == u"aws-us-gov"_s ? u"%1.%2.amazonaws.com"_s.arg(endpointPrefix, region)
                                              : u"%1-fips.%2.%3"_s.arg(endpointPrefix, region, suffix);
    } else {
        host = u"%1.%2.%3"_s.arg(endpointPrefix, region, suffix);
    }
    QUrl url;
    url.setScheme(u"https"_s);
    url.setHost(host);
    url.setPath(u"/"_s);
    return url;
}

} // namespace EndpointResolver
