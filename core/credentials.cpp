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

bool AwsCredentials::usableAt(const QDateTime &now, int marginSeconds) const
{
    return !expiration.isValid() || now.addSecs(marginSeconds) < expiration;
}

namespace {
bool isControl(char16_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

QString characterName(char16_t c)
{
    switch (c) {
    case u'\0':
        return u"NUL"_s;
    case u'\t':
        return u"TAB"_s;
    case u'\n':
        return u"LF"_s;
    case u'\r':
        return u"CR"_s;
    case 0x7f:
        return u"DEL"_s;
    default:
        return u"U+%1"_s.arg(int(c), 4, 16, QChar(u'0')).toUpper();
    }
}
} // namespace

std::optional<ApiError> AwsCredentials::checkSendable() const
{
    const std::pair<const QString *, QString> fields[] = {
        {&accessKeyId, u"access key id"_s},
        {&secretAccessKey, u"secret access key"_s},
        {&sessionToken, u"session token"_s},
    };
    for (const auto &[value, field] : fields) {
        for (qsizetype i = 0; i < value->size(); ++i) {
            const char16_t c = value->at(i).unicode();
            if (!isControl(c))
                continue;
            ApiError error;
            error.kind = ApiError::Kind::Credentials;
            error.code = u"InvalidCredentials"_s;
            error.message = u"The %1 from %2 contains a control character (%3, at position %4); CacheSnap does not "
                            "send such credentials. Check where they are set."_s.arg(
                                field, source.isEmpty() ? u"the credential source"_s : source, characterName(c),
                                QString::number(i + 1));
            return error;
        }
    }
    return std::nullopt;
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
    } else if (auto unsendable = m_credentials.checkSendable()) {
        result = *unsendable;
    }
    // Queued, so that done never runs inside the caller's stack and is dropped when context is gone.
    QMetaObject::invokeMethod(
        context, [done = std::move(done), result] { done(result); }, Qt::QueuedConnection);
}

QString StaticCredentialsProvider::description() const
{
    return m_credentials.source.isEmpty() ? u"static credentials"_s : m_credentials.source;
}
