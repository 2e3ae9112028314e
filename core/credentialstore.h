// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "credentials.h"

#include <QMap>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <optional>

// Where app-kept profiles live: the key pair (and optional session token) in a secret store, the list of
// profile names (and each one's region, never a secret) in an index the UI and the CLI can read at once.
// Every operation answers exactly once, never synchronously, queued to its context; dropped when the
// context is gone.
class CredentialStore
{
public:
    using ReadDone = std::function<void(const ApiResult<AwsCredentials> &)>;
    using WriteDone = std::function<void(const std::optional<ApiError> &)>;

    virtual ~CredentialStore();

    virtual QString backendName() const = 0; // for messages: "the keychain (Secret Service)", "memory"
    virtual QStringList profileNames() const = 0; // sorted
    virtual bool contains(const QString &profile) const;
    virtual QString region(const QString &profile) const = 0;
    virtual void setRegion(const QString &profile, const QString &region) = 0;

    virtual void read(const QString &profile, QObject *context, ReadDone done) = 0;
    virtual void write(const QString &profile, const AwsCredentials &credentials, QObject *context, WriteDone done) = 0;
    virtual void remove(const QString &profile, QObject *context, WriteDone done) = 0;

    // A profile name the store accepts: not empty, no '/', '\\' or control characters, at most 64 characters.
    static std::optional<ApiError> checkName(const QString &profile);
};

// Keeps everything in this process's memory: tests and a session that must not touch the keychain.
class MemoryCredentialStore final : public CredentialStore
{
public:
    QString backendName() const override;
    QStringList profileNames() const override;
    QString region(const QString &profile) const override;
    void setRegion(const QString &profile, const QString &region) override;
    void read(const QString &profile, QObject *context, ReadDone done) override;
    void write(const QString &profile, const AwsCredentials &credentials, QObject *context, WriteDone done) override;
    void remove(const QString &profile, QObject *context, WriteDone done) override;

private:
    QMap<QString, AwsCredentials> m_entries;
    QMap<QString, QString> m_regions;
};

namespace CredentialStoreErrors {
ApiError notFound(const QString &profile, const QString &backend);
} // namespace CredentialStoreErrors
