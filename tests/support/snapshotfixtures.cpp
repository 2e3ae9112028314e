// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotfixtures.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

Snapshot orphanSnapshot(const QString &name, const QString &group, int ageDays, int cacheSizeMb)
{
    Snapshot s;
    s.snapshotName = name;
    s.replicationGroupId = group;
    s.snapshotSource = u"manual"_s;
    s.snapshotStatus = u"available"_s;
    s.engine = u"redis"_s;
    s.engineVersion = u"7.1"_s;
    s.cacheNodeType = u"cache.r7g.large"_s;
    s.arn = u"arn:aws:elasticache:us-east-1:123456789012:snapshot:"_s + name;
    NodeSnapshot node;
    node.cacheClusterId = group + u"-0001-001"_s;
    node.nodeGroupId = u"0001"_s;
    node.cacheNodeId = u"0001"_s;
    node.cacheSize = u"%1 MB"_s.arg(cacheSizeMb);
    node.snapshotCreateTime = QDateTime::currentDateTimeUtc().addDays(-ageDays);
    s.nodeSnapshots.append(node);
    return s;
}
