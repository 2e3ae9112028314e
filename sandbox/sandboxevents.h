// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QString>

struct SandboxEvent
{
    QString sourceIdentifier;
    QString sourceType;
    QString message;
    QDateTime date;
    qint64 sequence = 0; // increases with every event, for paging markers
};

struct SandboxEventQuery
{
    QString sourceIdentifier;
    QString sourceType;
    QString startTime; // as sent (ISO 8601); empty when absent
    QString endTime;
    QString duration; // minutes, as sent
    QString maxRecords;
    QString marker;
};

struct SandboxEventPage
{
    QList<SandboxEvent> events;
    QString marker; // empty on the last page
};

// What DescribeEvents reports: the events the sandbox recorded (snapshot operations finishing or failing), newest
// first, kept for 14 days as the service keeps them.
class SandboxEvents
{
public:
    // Node-based snapshots have no source type of their own in the API's enum; the sandbox files their events under
    // this one (the export check and the export follower look for it), serverless ones under
    // "serverless-cache-snapshot".
    static constexpr QLatin1StringView snapshotSourceType {"snapshot"};
    static constexpr QLatin1StringView serverlessSnapshotSourceType {"serverless-cache-snapshot"};
    static constexpr int keptDays = 14;
    static constexpr qsizetype maxEvents = 100000;
    static constexpr qsizetype maxMessageLength = 2048;

    void record(const QString &sourceIdentifier, const QString &sourceType, const QString &message,
                const QDateTime &at = QDateTime::currentDateTimeUtc());
    ApiResult<SandboxEventPage> describe(const SandboxEventQuery &query,
                                         const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    QList<SandboxEvent> all() const;
    void clear();

    QJsonArray toJson() const;
    bool fromJson(const QJsonArray &json, QString *errorMessage);

private:
    void forget(const QDateTime &now);

    QList<SandboxEvent> m_events; // oldest first
    qint64 m_nextSequence = 1;
};
