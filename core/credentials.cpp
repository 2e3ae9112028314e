// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "credentials.h"

#include <QMetaObject>
#include <QPointer>

using namespace Qt::StringLiterals;

bool AwsCredentials::isValid() const
{
    return !accessKeyId.isEmpty() && !secretAccessKey.isEmpty();
}

CredentialsProvider::~CredentialsProvider() = default;

StaticCredentialsProvider::StaticCredentialsProvider(AwsCredentials credentials)
    : m_credentials(std::move(credentials))
{
}

void StaticCredentialsProvider::fetch(QObject *context, std::function<void(const ApiResult<AwsCredentials> &)> done)
{
    ApiResult<AwsCredentials> result = m_credentials;
    if (!m_credentials.isValid()) {
        ApiError error;
        error.kind = ApiError::Kind::Credentials;
        error.code = u"NoCredentials"_s;
        error.message
            = u"The credentials from %1 are incomplete: an access key id and a secret access key are needed."_s.arg(
                description());
        result = error;
    }
    // Queued, so that done never runs inside the caller's stack and is dropped when context is gone.
    QMetaObject::invokeMethod(
        context, [done = std::move(done), result] { done(result); }, Qt::QueuedConnection);
}

QString StaticCredentialsProvider::description() const
{
    return m_credentials.source.isEmpty() ? u"static credentials"_s : m_credentials.source;
}
