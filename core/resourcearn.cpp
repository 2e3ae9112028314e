// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "resourcearn.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace ResourceArn {

std::optional<Parts> parse(QStringView arn)
{
    // arn : partition : service : region : account : type : id (the id may hold colons of its own)
    qsizetype at = 0;
    for (int colon = 0; colon < 5; ++colon) {
        at = arn.indexOf(u':', at);
        if (at < 0)
            return std::nullopt;
        ++at;
    }
    if (!arn.startsWith(u"arn:") || arn.sliced(0, at).split(u':').at(2) != u"elasticache")
        return std::nullopt;
    const qsizetype typeEnd = arn.indexOf(u':', at);
    if (typeEnd <= at || typeEnd + 1 >= arn.size())
        return std::nullopt;
    return Parts {arn.sliced(0, at).toString(), arn.sliced(at, typeEnd - at).toString(),
                  arn.sliced(typeEnd + 1).toString()};
}

std::optional<std::pair<SnapshotEntry::Kind, QString>> snapshotOf(QStringView arn)
{
    const std::optional<Parts> parts = parse(arn);
    if (!parts)
        return std::nullopt;
    if (parts->type == u"snapshot")
        return std::pair {SnapshotEntry::Kind::NodeBased, parts->id};
    if (parts->type == u"serverlesscachesnapshot")
        return std::pair {SnapshotEntry::Kind::Serverless, parts->id};
    return std::nullopt;
}

namespace {

std::pair<QString, QString> sourceTypeAndId(const SnapshotEntry &entry)
{
    if (entry.kind() == SnapshotEntry::Kind::Serverless)
        return {u"serverlesscache"_s, entry.serverlessCache()};
    if (!entry.replicationGroup().isEmpty())
        return {u"replicationgroup"_s, entry.replicationGroup()};
    return {u"cluster"_s, entry.cluster()};
}

} // namespace

QString sourceOf(const SnapshotEntry &entry)
{
    const std::optional<Parts> parts = parse(entry.arn());
    const auto [type, id] = sourceTypeAndId(entry);
    if (!parts || id.isEmpty())
        return QString();
    return parts->prefix + type + u':' + id;
}

QString sourceDescription(const SnapshotEntry &entry)
{
    const auto [type, id] = sourceTypeAndId(entry);
    if (id.isEmpty())
        return QString();
    if (type == u"serverlesscache")
        return QCoreApplication::translate("ResourceArn", "serverless cache %1").arg(id);
    if (type == u"replicationgroup")
        return QCoreApplication::translate("ResourceArn", "replication group %1").arg(id);
    return QCoreApplication::translate("ResourceArn", "cluster %1").arg(id);
}

} // namespace ResourceArn
