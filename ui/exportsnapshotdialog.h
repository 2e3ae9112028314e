// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "snapshotentry.h"

#include <QDateTime>
#include <QDialog>

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
    QString validationMessage() const;

    static bool isOptInRegion(const QString &region);
    // What the bucket needs for ElastiCache to write into it, in plain words, one requirement a line.
    static QString bucketRequirements(const QString &region);
    // The access grant alone: the canonical-ID ACL grant, or the service-principal policy in opt-in regions.
    static QString grantRequirement(const QString &region);
    // Which requirement a refused export missed and how to fix it; empty when the error is not about the bucket.
    static QString adviceFor(const ApiError &error, const QString &region);

private:
    void validate();

    SnapshotEntry m_source;
    QString m_region;
    QString m_validationMessage;
    QLineEdit *m_bucket = nullptr;
    QLineEdit *m_target = nullptr;
    bool m_targetEdited = false;
    QLabel *m_objects = nullptr;
    QLabel *m_validation = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};
