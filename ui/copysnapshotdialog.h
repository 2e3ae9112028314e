// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "snapshotentry.h"

#include <QDialog>
#include <QSet>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

// Copy a snapshot to a new name in the same region; the copy is always a manual snapshot.
class CopySnapshotDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CopySnapshotDialog)

public:
    CopySnapshotDialog(SnapshotEntry source, QSet<QString> existingNames, QWidget *parent = nullptr);
    ~CopySnapshotDialog() override;

    const SnapshotEntry &source() const;
    QString targetName() const;
    QString kmsKeyId() const;
    bool isValid() const;
    QString validationMessage() const;

private:
    void validate();

    SnapshotEntry m_source;
    QSet<QString> m_existingNames;
    QString m_validationMessage;
    QLineEdit *m_target = nullptr;
    QLineEdit *m_kmsKey = nullptr;
    QLabel *m_validation = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};
