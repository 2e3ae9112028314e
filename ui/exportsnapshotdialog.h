// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "dialogutil.h"

#include "apierror.h"
#include "snapshotentry.h"

#include <QDateTime>
#include <QDialog>

#include <functional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

// Export a snapshot to an S3 bucket (CopySnapshot with TargetBucket, or ExportServerlessCacheSnapshot). The
// dialog is the one confirmation: it says what the bucket needs in this region and which objects will appear.
class ExportSnapshotDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportSnapshotDialog)

public:
    ExportSnapshotDialog(SnapshotEntry source, QString region, const QString &rememberedBucket,
                         QWidget *parent = nullptr);
    ~ExportSnapshotDialog() override;

    const SnapshotEntry &source() const;
    QString bucket() const;
    QString targetName() const; // node-based only: the object prefix
    // The time in the default target name (the current time unless set); an edited name stays.
    void setClock(const QDateTime &now);
    QStringList objectNames() const;
    bool isValid() const;
    // With a handler, OK sends the request through it and the dialog stays open until accept() (it worked) or
    // requestFailed() (shown here, with the field to change focused).
    void setSubmitHandler(std::function<void()> submit);
    void requestFailed(const ApiError &error, const QString &advice = QString());
    QString validationMessage() const;

    static bool isOptInRegion(const QString &region);
    // What the bucket needs for ElastiCache to write into it, in plain words, one requirement a line.
    static QString bucketRequirements(const QString &region);
    // The same for a kind of snapshot: serverless exports have no data-tiering restriction to mention.
    static QString bucketRequirements(const QString &region, SnapshotEntry::Kind kind);
    // The access grant alone: the canonical-ID ACL grant, or the service-principal policy in opt-in regions.
    static QString grantRequirement(const QString &region);
    // Which requirement a refused export missed and how to fix it; empty when the error is not about the bucket.
    // For a serverless snapshot (whose objects are named after it, with no prefix to choose) the advice names
    // what can be changed instead.
    static QString adviceFor(const ApiError &error, const QString &region,
                             SnapshotEntry::Kind kind = SnapshotEntry::Kind::NodeBased);

private:
    void validate();
    QString requestKey() const;

    SnapshotEntry m_source;
    QString m_region;
    QString m_validationMessage;
    QLineEdit *m_bucket = nullptr;
    QLineEdit *m_target = nullptr;
    bool m_targetEdited = false;
    QLabel *m_objects = nullptr;
    QLabel *m_validation = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    DialogUtil::PendingRequest m_request;
};
