// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "credentialproviders.h"

#include <QDialog>
#include <QPointer>

#include <memory>

class CredentialStore;
class ElastiCacheClient;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTimer;
class QTreeWidget;

// The connections dialog: the profiles of the shared AWS files with their kind (keys, process, role, SSO) and
// the app-kept ones (keys in the OS keychain); add, edit and remove app-kept ones; pick a region among the
// ElastiCache regions of the profile's partition; "Test connection" makes one signed DescribeSnapshots call
// (MaxRecords 20) and says in plain words how it went. Self-contained: give it the CredentialStore (null when
// the keychain is unavailable or off). Open with open(); widgets have objectNames for tests.
class ConnectionsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionsDialog)

public:
    explicit ConnectionsDialog(std::shared_ptr<CredentialStore> store, QWidget *parent = nullptr);
    ~ConnectionsDialog() override;

    QString selectedProfile() const; // empty for the environment's row
    QString selectedRegion() const;
    void selectProfile(const QString &name);
    // The "Environment variables" row, listed when AWS_ACCESS_KEY_ID is set: the environment's keys as a connection.
    bool selectedIsEnvironment() const;
    void selectEnvironment();
    // Replaces the MFA prompt (a QInputDialog by default); tests pre-answer.
    void setMfaPrompt(MfaPrompt prompt);
    // Re-reads the shared files and the store.
    void reload();

    // The outcome of a test call in plain words (also shown in the dialog).
    static QString describeOutcome(const ApiResult<int> &result, const QString &profile, const QString &region);
    // The default MFA prompt: a small input dialog, answered asynchronously.
    static MfaPrompt inputDialogMfaPrompt(QWidget *parent);

Q_SIGNALS:
    void testFinished(bool ok, const QString &message);
    void storeChanged();

private:
    void onSelectionChanged();
    void fillRegions(const QString &profileRegion);
    void startEditing(bool adding);
    void save();
    void removeSelected();
    void testConnection();
    void setStatus(const QString &text, bool error);
    // A keychain call is under way: progress, and after a moment the hint that the keyring may be asking to be
    // unlocked in a window of its own. An empty text ends it.
    void setKeychainBusy(const QString &text);
    bool selectedIsAppKept() const;

    std::shared_ptr<CredentialStore> m_store;
    MfaPrompt m_mfaPrompt;
    QTreeWidget *m_list;
    QComboBox *m_region;
    QPushButton *m_add;
    QPushButton *m_edit;
    QPushButton *m_remove;
    QPushButton *m_test;
    QLabel *m_status;
    QProgressBar *m_keychainProgress;
    QTimer *m_keychainHint;
    QGroupBox *m_editor;
    QLineEdit *m_name;
    QLineEdit *m_keyId;
    QLineEdit *m_secret;
    QLineEdit *m_token;
    QPushButton *m_save;
    QPushButton *m_cancelEdit;
    QPointer<ElastiCacheClient> m_client;
};
