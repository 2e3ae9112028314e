// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QMap>
#include <QString>
#include <QStringList>

#include <utility>
#include <vector>

// What a command over a set of connections (inventory, plan-cleanup) says on stderr about those it could not list.
// A region the account has not enabled is a line per account and profile, with its regions; a failure is a line per
// profile and reason, so that a refused key over 34 regions is one line, not 34. Failures come first, in the order
// the connections were given.
class ConnectionProblems
{
public:
    void notEnabled(const QString &accountId, const QString &profile, const QString &region);
    void failed(const QString &profile, const QString &region, const QString &reason);

    // "cachesnap-cli: <command>: profile P, regions R1, R2<failedNote>: reason" and "cachesnap-cli: <command>: not
    // enabled for account A (profile P), skipped: R1, R2", one a line. An empty region is the profile's default one.
    QString text(const QString &command, const QString &failedNote = QString()) const;

private:
    struct Failure
    {
        QString profile;
        QString reason;
        QStringList regions;
    };
    std::vector<Failure> m_failures;
    QHash<std::pair<QString, QString>, size_t> m_failureOf; // (profile, reason) → its index in m_failures
    QMap<std::pair<QString, QString>, QStringList> m_notEnabled; // (account, profile) → regions
};
