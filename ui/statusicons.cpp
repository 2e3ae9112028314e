// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "statusicons.h"

#include <QHash>

#include <array>

using namespace Qt::StringLiterals;

// Outside any namespace, as Q_INIT_RESOURCE requires.
static void initCacheSnapResources()
{
    Q_INIT_RESOURCE(cachesnap);
}

namespace StatusIcons {

QIcon action(const QString &name)
{
    static const bool initialised = [] {
        initCacheSnapResources();
        return true;
    }();
    Q_UNUSED(initialised);
    static QHash<QString, QIcon> cache;
    auto it = cache.find(name);
    if (it == cache.end())
        it = cache.insert(name, QIcon(u":/icons/"_s + name + u".svg"_s));
    return *it;
}

QIcon icon(SnapshotEntry::Status status)
{
    static const std::array<QIcon, 6> icons = {
        action(u"status-unknown"_s),   action(u"status-creating"_s), action(u"status-available"_s),
        action(u"status-restoring"_s), action(u"status-copying"_s),  action(u"status-deleting"_s),
    };
    return icons[size_t(status)];
}

QIcon kindIcon(SnapshotEntry::Kind kind)
{
    static const QIcon node = action(u"kind-node"_s);
    static const QIcon serverless = action(u"kind-serverless"_s);
    return kind == SnapshotEntry::Kind::Serverless ? serverless : node;
}

QIcon appIcon()
{
    return action(u"cachesnap"_s);
}

} // namespace StatusIcons
