// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <utility>
#include <vector>

// The connections of a set that failed, grouped by profile and reason in the order they are added: a key refused in
// 34 regions is one group naming 34 regions, not 34 lines. What cachesnap-cli inventory and plan-cleanup print and
// the window's error bar shows.
class ConnectionFailures
{
public:
    struct Group
    {
        QString profile;
        QString reason; // trimmed
        QStringList regions; // in the order added; an empty one is the profile's default region
    };

    void add(const QString &profile, const QString &region, const QString &reason);
    const std::vector<Group> &groups() const { return m_groups; }

private:
    std::vector<Group> m_groups;
    QHash<std::pair<QString, QString>, size_t> m_groupOf; // (profile, reason) → its index in m_groups
};
