// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

#include <functional>
#include <memory>

class CredentialStore;
class QIODevice;

// cachesnap-cli keychain store|delete|list: app-kept profiles in the OS keychain. The key id and secret come
// from standard input (two lines, an optional third with a session token), never from arguments.
class KeychainCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainCommand)

public:
    KeychainCommand(std::shared_ptr<CredentialStore> store, QIODevice *in, QObject *parent = nullptr);
    ~KeychainCommand() override;

    // action: "store", "delete" or "list". Answers through done(exitCode, stdout text, stderr text), once.
    void run(const QString &action, const QString &profile,
             std::function<void(int exitCode, const QString &out, const QString &err)> done);

private:
    std::shared_ptr<CredentialStore> m_store;
    QIODevice *m_in;
};
