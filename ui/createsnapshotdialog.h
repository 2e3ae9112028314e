// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "dialogutil.h"

#include "model/elasticache.h"
#include "snapshotsource.h"

#include <QDateTime>
#include <QDialog>

#include <QHash>
#include <QList>
#include <QSet>
#include <functional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

// Create a manual snapshot of a replication group, cache cluster or serverless cache. The name is prefilled
// with a unique default and checked as it is typed, against the naming rules and the names already loaded.
class CreateSnapshotDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CreateSnapshotDialog)

public:
    // existingNames: the loaded snapshot names, lowercase (the service stores names in lowercase).
    CreateSnapshotDialog(QList<SnapshotSource> sources, QSet<QString> existingNames, QWidget *parent = nullptr);
    ~CreateSnapshotDialog() override;

    void setClock(const QDateTime &now); // for the default name; the current time unless set
    void selectSource(SnapshotSource::Type type, const QString &id);

    SnapshotSource::Type sourceType() const;
    QString sourceId() const;
    QString snapshotName() const;
    QString kmsKeyId() const;
    // The request's Tags (`key=value, …`); empty: none sent, and the service copies the source's tags.
    QList<Tag> tags() const;
    bool isValid() const;
    // With a handler, OK sends the request through it and the dialog stays open until accept() (it worked) or
    // requestFailed() (shown here, with the field to change focused).
    void setSubmitHandler(std::function<void()> submit);
    void requestFailed(const ApiError &error, const QString &advice = QString());
    QString validationMessage() const; // empty when valid

private:
    void fillSources();
    // A cluster that is a node of a cluster-mode-enabled replication group: its group (snapshots are taken of
    // the whole group); empty otherwise.
    QString groupInstead(const QString &clusterId) const;
    void suggestName();
    void validate();
    QString requestKey() const;
    const SnapshotSource *currentSource() const; // the listed source the combo names, if any

    QList<SnapshotSource> m_sources;
    QHash<QString, QString> m_groupInstead; // node of a cluster-mode group → the group
    QSet<QString> m_existingNames;
    QDateTime m_now;
    bool m_nameEdited = false;
    bool m_suggesting = false;
    QString m_validationMessage;

    QComboBox *m_type = nullptr;
    QComboBox *m_source = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_kmsKey = nullptr;
    QLineEdit *m_tags = nullptr;
    QLabel *m_validation = nullptr;
    QLabel *m_tagWarning = nullptr;
    QLabel *m_sourceNote = nullptr;
    QLabel *m_sourceStatus = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    DialogUtil::PendingRequest m_request;
};
