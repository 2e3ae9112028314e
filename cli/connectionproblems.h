// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "connectionfailures.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <utility>

// What a command over a set of connections (inventory, plan-cleanup) says on stderr about those it could not list:
// a line per profile and reason for the failures (ConnectionFailures), in the order given, then a line per account
// and profile for the regions the account has not enabled.
class ConnectionProblems
{
public:
    void notEnabled(const QString &accountId, const QString &profile, const QString &region);
    void failed(const QString &profile, const QString &region, const QString &reason);

    // "cachesnap-cli: <command>: profile P, regions R1, R2<failedNote>: reason" and "cachesnap-cli: <command>: not
    // enabled for account A (profile P), skipped: R1, R2", one a line. An empty region is the profile's default one.
    QString text(const QString &command, const QString &failedNote = QString()) const;

private:
    ConnectionFailures m_failures;
    QMap<std::pair<QString, QString>, QStringList> m_notEnabled; // (account, profile) → regions
};
