// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "backupsettings.h"
#include "dialogutil.h"

#include <QDialog>

#include <functional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

// Changes a source's automatic backups: retention, the backup window (node-based) or daily snapshot time
// (serverless), and a cluster-mode-disabled group's snapshotting cluster. The rules of BackupRules are applied as
// the operator types: what the service would refuse is shown with its reason and OK stays off; what will change
// is listed, and OK names it (the dialog is the one confirmation). With a submit handler the dialog stays open
// while the request runs and after a failure (shown in plain words, the input kept).
class BackupSettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackupSettingsDialog)

public:
    explicit BackupSettingsDialog(CacheSource source, QWidget *parent = nullptr);
    ~BackupSettingsDialog() override;

    const CacheSource &source() const;
    BackupSettings wanted() const;
    QList<BackupRules::Problem> problems() const;
    QString validationMessage() const;
    bool isValid() const; // no problem and something to change

    void setSubmitHandler(std::function<void()> submit);
    void requestFailed(const ApiError &error);

private:
    void validate();
    QString requestKey() const;
    QWidget *fieldFor(BackupRules::Field field) const;

    CacheSource m_source;
    QSpinBox *m_retention = nullptr;
    QLineEdit *m_window = nullptr; // node-based
    QLineEdit *m_dailyTime = nullptr; // serverless
    QComboBox *m_snapshotting = nullptr; // replication groups
    QLabel *m_validation = nullptr;
    QLabel *m_changes = nullptr;
    QLabel *m_warning = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QList<BackupRules::Problem> m_problems;
    DialogUtil::PendingRequest m_request;
};
