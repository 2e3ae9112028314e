// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionproblems.h"

using namespace Qt::StringLiterals;

void ConnectionProblems::notEnabled(const QString &accountId, const QString &profile, const QString &region)
{
    m_notEnabled[{accountId, profile}].append(region);
}

void ConnectionProblems::failed(const QString &profile, const QString &region, const QString &reason)
{
    m_failures.add(profile, region, reason);
}

QString ConnectionProblems::text(const QString &command, const QString &failedNote) const
{
    QString text;
    for (const ConnectionFailures::Group &g : m_failures.groups()) {
        const QString where = g.regions.size() > 1 ? u"regions "_s + g.regions.join(u", "_s)
            : g.regions.first().isEmpty()          ? u"its default region"_s
                                                   : u"region "_s + g.regions.first();
        text += u"cachesnap-cli: %1: profile %2, %3%4: %5\n"_s.arg(command, g.profile, where, failedNote, g.reason);
    }
    for (auto it = m_notEnabled.cbegin(); it != m_notEnabled.cend(); ++it)
        text += u"cachesnap-cli: %1: not enabled for account %2 (profile %3), skipped: %4\n"_s.arg(
            command, it.key().first, it.key().second, it.value().join(u", "_s));
    return text;
}
