// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "credentialstore.h"

#include <QMetaObject>

using namespace Qt::StringLiterals;

namespace {
template<typename Done, typename Result> void deliver(QObject *context, Done done, Result result)
{
    QMetaObject::invokeMethod(
        context, [done = std::move(done), result = std::move(result)] { done(result); }, Qt::QueuedConnection);
}
} // namespace

CredentialStore::~CredentialStore() = default;

bool CredentialStore::contains(const QString &profile) const
{
    return profileNames().contains(profile);
}

std::optional<ApiError> CredentialStore::checkName(const QString &profile)
{
    bool bad = profile.trimmed().isEmpty() || profile != profile.trimmed() || profile.size() > 64;
    for (const QChar c : profile) {
        if (c == u'/' || c == u'\\' || c.category() == QChar::Other_Control)
            bad = true;
    }
    if (!bad)
        return std::nullopt;
    ApiError e;
    e.kind = ApiError::Kind::Config;
    e.code = u"InvalidProfileName"_s;
    e.message = u"\"%1\" cannot be a profile name: use up to 64 characters without '/', '\\\\', control "
                "characters or surrounding spaces."_s.arg(profile);
    return e;
}

namespace CredentialStoreErrors {
ApiError notFound(const QString &profile, const QString &backend)
{
    ApiError e;
    e.kind = ApiError::Kind::Credentials;
    e.code = u"StoredProfileNotFound"_s;
    e.message = u"No keys for profile %1 are kept in %2."_s.arg(profile, backend);
    return e;
}
} // namespace CredentialStoreErrors

QString MemoryCredentialStore::backendName() const
{
    return u"memory (this session only)"_s;
}

QStringList MemoryCredentialStore::profileNames() const
{
    return m_entries.keys();
}

QString MemoryCredentialStore::region(const QString &profile) const
{
    return m_regions.value(profile);
}

void MemoryCredentialStore::setRegion(const QString &profile, const QString &region)
{
    if (region.isEmpty())
        m_regions.remove(profile);
    else
        m_regions.insert(profile, region);
}

void MemoryCredentialStore::read(const QString &profile, QObject *context, ReadDone done)
{
    const auto it = m_entries.constFind(profile);
    ApiResult<AwsCredentials> result = it == m_entries.cend()
        ? ApiResult<AwsCredentials>(CredentialStoreErrors::notFound(profile, backendName()))
        : ApiResult<AwsCredentials>(*it);
    deliver(context, std::move(done), result);
}

void MemoryCredentialStore::write(const QString &profile, const AwsCredentials &credentials, QObject *context,
                                  WriteDone done)
{
    std::optional<ApiError> error = checkName(profile);
    if (!error) {
        AwsCredentials kept = credentials;
        kept.source = u"app-kept profile %1 (%2)"_s.arg(profile, backendName());
        m_entries.insert(profile, kept);
    }
    deliver(context, std::move(done), error);
}

void MemoryCredentialStore::remove(const QString &profile, QObject *context, WriteDone done)
{
    std::optional<ApiError> error;
    if (m_entries.remove(profile) == 0)
        error = CredentialStoreErrors::notFound(profile, backendName());
    m_regions.remove(profile);
    deliver(context, std::move(done), error);
}
