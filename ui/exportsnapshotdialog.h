// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "dialogutil.h"
#include "exportcheck.h"
#include "snapshotentry.h"

#include <QDateTime>
#include <QDialog>
#include <QPointer>

#include <functional>

class ExportCheckFixer;
class ExportCheckRunner;
class ExportCheckView;
class QCheckBox;
class QCompleter;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QStandardItemModel;
class QTimer;
class S3Client;

// Export a snapshot to an S3 bucket (CopySnapshot with TargetBucket, or ExportServerlessCacheSnapshot). The
// dialog is the one confirmation: it says which objects will appear and, with an S3 client, checks the bucket as
// it is typed (ExportCheck, debounced; a newer check replaces the older), shows each item with its verdict and a
// Fix where CacheSnap can fix it (confirmed in ExportFixDialog before anything is written), completes bucket
// names from ListBuckets, and enables Export once nothing will fail, or after an explicit "Export anyway".
// Without an S3 client (setS3Client() never called) it checks nothing and says what the bucket needs in words.
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

    // Checks the bucket with s3 (which outlives the dialog: it is the window's) and completes bucket names from it.
    void setS3Client(S3Client *s3);
    // The connection has no S3 client (reason says why): nothing is checked, and Export needs "Export anyway".
    void setCheckUnavailable(const QString &reason);
    // The pause after the last keystroke before a check starts (400 ms; tests shorten it).
    void setCheckDelay(int ms);
    bool isChecking() const;
    // The report shown for the bucket and objects as they are now; null while none is.
    const ExportCheck::Report *currentReport() const;
    ExportCheckView *checkView() const;
    QCheckBox *exportAnywayBox() const;
    // The bucket names offered, as shown (in the snapshot's region first, the others marked with theirs).
    QStringList offeredBuckets() const;

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

Q_SIGNALS:
    // A check's report is shown (or it could not run: the view says why).
    void checkFinished();
    // A confirmed fix was written (ok) or refused (the view shows why); the check runs again either way.
    void fixFinished(bool ok);
    // ListBuckets answered (the completer has its names) or failed.
    void bucketsListed(bool ok);

private:
    enum class CheckMode { None, Active, Unavailable };

    void validate();
    QString requestKey() const;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void enableCheckView();
    void inputChanged();
    void startCheck();
    void cancelCheck();
    void showCheckState();
    void listBuckets();
    void confirmFix(ExportCheck::ItemId id);
    void applyFix(const ExportCheck::Fix &fix);
    bool checkAllowsExport() const;

    SnapshotEntry m_source;
    QString m_region;
    QString m_validationMessage;
    QLineEdit *m_bucket = nullptr;
    QLineEdit *m_target = nullptr;
    bool m_targetEdited = false;
    QLabel *m_objects = nullptr;
    QLabel *m_validation = nullptr;
    QLabel *m_requirements = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    DialogUtil::PendingRequest m_request;

    CheckMode m_checkMode = CheckMode::None;
    QPointer<S3Client> m_s3;
    QString m_unavailableReason;
    ExportCheckView *m_checkView = nullptr;
    QCheckBox *m_exportAnyway = nullptr;
    QTimer *m_checkTimer = nullptr;
    ExportCheckRunner *m_runner = nullptr; // the check running now; an older one is deleted
    ExportCheckFixer *m_fixer = nullptr;
    QString m_checkKey; // the input the running (or shown) check is for
    QString m_reportKey; // the input the shown report is for
    QString m_anywayKey; // the input "Export anyway" was ticked for
    QCompleter *m_completer = nullptr;
    QStandardItemModel *m_bucketNames = nullptr;
    bool m_bucketsRequested = false;
};
