// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionfailures.h"

void ConnectionFailures::add(const QString &profile, const QString &region, const QString &reason)
{
    const std::pair<QString, QString> key {profile, reason.trimmed()};
    auto known = m_groupOf.constFind(key);
    if (known == m_groupOf.cend()) {
        known = m_groupOf.insert(key, m_groups.size());
        m_groups.push_back({key.first, key.second, {}});
    }
    m_groups[*known].regions.append(region);
}
