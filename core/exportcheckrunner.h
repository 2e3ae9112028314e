// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exportcheck.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <optional>

class S3Client;

// Collects the facts of an export check with the S3 client, every call at once (ListBuckets, HeadBucket,
// GetBucketLocation, GetBucketAcl, GetBucketPolicy, GetBucketOwnershipControls, GetBucketEncryption, ListObjectsV2
// under the objects' prefix), and emits ExportCheck::evaluate()'s report once they have all answered. Exactly one
// finished() per start(), never from inside start(). The S3 client must outlive the runner.
class ExportCheckRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportCheckRunner)

public:
    explicit ExportCheckRunner(S3Client *s3, QObject *parent = nullptr);
    ~ExportCheckRunner() override;

    // region: the snapshot's. source: the snapshot as ExportCheck::sourceOf() describes it, or nullopt with
    // sourceProblem saying why it is unknown.
    void start(const QString &bucket, const QString &region, const std::optional<ExportCheck::Source> &source,
               const QString &sourceProblem = QString());

    const ExportCheck::Facts &facts() const;
    // From start() to the last answer.
    qint64 elapsedMs() const;

Q_SIGNALS:
    void finished(const ExportCheck::Report &report);

private:
    void done();

    QPointer<S3Client> m_s3;
    ExportCheck::Facts m_facts;
    int m_pending = 0;
    QElapsedTimer m_timer;
    qint64 m_elapsedMs = 0;
};

// Applies one fix of a check's item: re-reads the document it changes, refuses when it is no longer what the
// fix showed as "before" (something changed since the check; nothing is overwritten), then writes the merged
// document: PutBucketAcl (GrantAcl), PutBucketPolicy (AddPolicyStatement), or PutBucketOwnershipControls then
// PutBucketAcl (EnableAclsAndGrant). Exactly one finished() per apply().
class ExportCheckFixer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportCheckFixer)

public:
    explicit ExportCheckFixer(S3Client *s3, QObject *parent = nullptr);
    ~ExportCheckFixer() override;

    void apply(const QString &bucket, const QString &region, const ExportCheck::Fix &fix);

Q_SIGNALS:
    // ok: written. message: what was done, or why not (S3's error, or "changed since the check").
    void finished(bool ok, const QString &message);

private:
    void grantAcl(bool afterOwnership);
    void addPolicyStatement();
    void fail(const QString &message);
    void succeed(const QString &message);

    QPointer<S3Client> m_s3;
    QString m_bucket;
    QString m_region;
    ExportCheck::Fix m_fix;
    bool m_done = false;
};
