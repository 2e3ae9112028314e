// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "dialogutil.h"

#include "model/elasticache.h"
#include "snapshotentry.h"

#include <QDialog>

#include <QSet>
#include <functional>

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
    // The request's Tags (`key=value, …`); empty: none sent, and the service copies the source snapshot's tags.
    QList<Tag> tags() const;
    bool isValid() const;
    // With a handler, OK sends the request through it and the dialog stays open until accept() (it worked) or
    // requestFailed() (shown here, with the field to change focused).
    void setSubmitHandler(std::function<void()> submit);
    void requestFailed(const ApiError &error, const QString &advice = QString());
    QString validationMessage() const;

private:
    void validate();
    QString requestKey() const;

    SnapshotEntry m_source;
    QSet<QString> m_existingNames;
    QString m_validationMessage;
    QLineEdit *m_target = nullptr;
    QLineEdit *m_kmsKey = nullptr;
    QLineEdit *m_tags = nullptr;
    QLabel *m_validation = nullptr;
    QLabel *m_tagWarning = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    DialogUtil::PendingRequest m_request;
};
