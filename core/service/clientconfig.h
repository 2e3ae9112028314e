// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "credentials.h"
#include "retrypolicy.h"

#include <QString>
#include <QUrl>

#include <memory>

// Where and how one service client talks: the same for every service and protocol.
struct ClientConfig
{
    static constexpr int kDefaultTransferTimeoutMs = 30 * 1000;
    static constexpr int kDefaultTotalTimeoutMs = 2 * 60 * 1000;
    static constexpr qint64 kDefaultMaxAnswerBytes = qint64(64) * 1024 * 1024;
    static constexpr int kDefaultMaxPages = 20000;
    static constexpr qint64 kDefaultMaxItems = 1000000;

    QString region;
    QUrl endpoint; // from EndpointResolver; http only for loopback hosts
    std::shared_ptr<CredentialsProvider> credentials;
    RetryConfig retry;
    // How long one attempt may go without receiving anything (connecting included); 0 or less: the default.
    int transferTimeoutMs = kDefaultTransferTimeoutMs;
    // How long one attempt may take from sending to the last byte of its answer, however steadily the bytes
    // come; then it fails with Kind::Timeout (and is retried as a timeout is). 0 or less: the default.
    int totalTimeoutMs = kDefaultTotalTimeoutMs;
    // The largest answer read (64 MiB, far above any real page); a longer one is aborted as soon as it passes
    // this (Kind::Parse, ResponseTooLarge). 0 or less: the default.
    qint64 maxAnswerBytes = kDefaultMaxAnswerBytes;
    // The most pages and items one listing reads before it stops with Kind::Parse, PaginationLimit: bounds no
    // real account reaches, against a service that returns a new page token forever. 0 or less: the default.
    int maxPages = kDefaultMaxPages;
    qint64 maxItems = kDefaultMaxItems;
    QString userAgent; // defaults to "cachesnap/<version> Qt/<version>"
    // The service name requests are signed for; each façade sets its own (StsClient: "sts").
    QString signingName = QStringLiteral("elasticache");
};
