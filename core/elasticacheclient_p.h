// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to cachesnap_core: what ElastiCacheClient shares with its jobs.

#include "elasticacheclient.h"

#include <QList>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcApi)

class ElastiCacheClient::Private
{
public:
    explicit Private(ClientConfig config);

    // Why this endpoint cannot be used (empty when it can): plain http only to loopback hosts.
    QString endpointProblem() const;
    QDateTime now() const; // the local clock corrected by the learned offset, UTC

    template<typename Job> Job *launch(Job *job);

    ClientConfig config;
    QNetworkAccessManager nam;
    RetryPolicy retry;
    qint64 clockOffsetMs = 0;
    QList<QPointer<ApiJob>> jobs;
};

// In the header so that StsClient's jobs go through the same path.
template<typename Job> Job *ElastiCacheClient::Private::launch(Job *job)
{
    jobs.removeAll(nullptr);
    jobs.append(job);
    // Started on the next event-loop turn so the caller can connect first.
    QTimer::singleShot(0, job, [job] { job->start(); });
    return job;
}
