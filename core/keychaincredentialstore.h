// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "credentialstore.h"

#include <QString>

#include <functional>
#include <memory>

class QSettings;
namespace QKeychain {
class Job;
}

// App-kept profiles in the OS keychain through QtKeychain 0.13 (the Secret Service on Linux): one entry per
// profile under the app's service name, never the insecure plain-file fallback. Each job has a timeout and
// one retry when the backend is missing or fails; every path answers exactly once. The profile names (and
// regions) are kept in QSettings, the secrets only in the keychain.
class KeychainCredentialStore final : public CredentialStore
{
public:
    static constexpr int kTimeoutMs = 20000;

    // settingsPath empty: the app's own settings (QSettings("CacheSnap", "CacheSnap")), shared by the app and
    // cachesnap-cli.
    explicit KeychainCredentialStore(QString service = QStringLiteral("CacheSnap"), QString settingsPath = QString());
    ~KeychainCredentialStore() override;

    QString backendName() const override;
    QStringList profileNames() const override;
    QString region(const QString &profile) const override;
    void setRegion(const QString &profile, const QString &region) override;
    void read(const QString &profile, QObject *context, ReadDone done) override;
    void write(const QString &profile, const AwsCredentials &credentials, QObject *context, WriteDone done) override;
    void remove(const QString &profile, QObject *context, WriteDone done) override;

private:
    using JobDone = std::function<void(const std::optional<ApiError> &, QKeychain::Job *)>;
    void run(std::function<QKeychain::Job *()> make, const QString &what, JobDone done, int attempt = 1);
    void addToIndex(const QString &profile);
    void removeFromIndex(const QString &profile);

    QString m_service;
    std::unique_ptr<QSettings> m_index;
    std::unique_ptr<QObject> m_jobs; // parent of the jobs still running
};
