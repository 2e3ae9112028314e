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
    QString region;
    QUrl endpoint; // from EndpointResolver; http only for loopback hosts
    std::shared_ptr<CredentialsProvider> credentials;
    RetryConfig retry;
    int transferTimeoutMs = 30000;
    QString userAgent; // defaults to "cachesnap/<version> Qt/<version>"
    // The service name requests are signed for; each façade sets its own (StsClient: "sts").
    QString signingName = QStringLiteral("elasticache");
};
