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
    const std::pair<QString, QString> key {profile, reason.trimmed()};
    auto known = m_failureOf.constFind(key);
    if (known == m_failureOf.cend()) {
        known = m_failureOf.insert(key, m_failures.size());
        m_failures.push_back({key.first, key.second, {}});
    }
    m_failures[*known].regions.append(region);
}

QString ConnectionProblems::text(const QString &command, const QString &failedNote) const
{
    QString text;
    for (const Failure &f : m_failures) {
        const QString where = f.regions.size() > 1 ? u"regions "_s + f.regions.join(u", "_s)
            : f.regions.first().isEmpty()          ? u"its default region"_s
                                                   : u"region "_s + f.regions.first();
        text += u"cachesnap-cli: %1: profile %2, %3%4: %5\n"_s.arg(command, f.profile, where, failedNote, f.reason);
    }
    for (auto it = m_notEnabled.cbegin(); it != m_notEnabled.cend(); ++it)
        text += u"cachesnap-cli: %1: not enabled for account %2 (profile %3), skipped: %4\n"_s.arg(
            command, it.key().first, it.key().second, it.value().join(u", "_s));
    return text;
}
