// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commandline.h"
#include "exportcheck.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

class QIODevice;
class S3Client;

// The printed forms of an export check (cachesnap-cli check-export-bucket and the export commands' --check).
namespace ExportCheckOutput {

// What --fix did with one fix.
struct AppliedFix
{
    ExportCheck::Fix fix;
    bool applied = false;
    QString message;
};

// {"Bucket", "Region", "Overall", "Ready", "Items": [{"Id", "Verdict", "Title", "Detail", "MissingPermissions",
// "Fixes": [{"Kind", "Title", "Detail", "Changes": [{"What", "Before", "After"}]}]}]}, plus "FixesApplied" when
// applied is given. Four-space indented, members in that order, as the AWS CLI prints.
QByteArray json(const ExportCheck::Report &report, const QList<AppliedFix> *applied = nullptr);
// For people: one block per item (its verdict, title, wrapped detail, missing permissions and fixes), every server
// value made safe as TableFormatter::cell() does.
QString table(const ExportCheck::Report &report);
// A fix with the exact before and after of every document it writes.
QString fixText(const ExportCheck::Fix &fix);
// "  WILL FAIL  <title>: <detail>" for the items with the given verdict.
QString itemLines(const ExportCheck::Report &report, ExportCheck::Verdict verdict);

} // namespace ExportCheckOutput

// The export check from the command line. run() is check-export-bucket: the check, then with --fix each fix shown
// and confirmed (or --yes), applied, and the check again; preflight() is an export command's --check. The S3
// client must outlive the command; each call ends in exactly one callback, never from inside the call.
class ExportCheckCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportCheckCommand)

public:
    ExportCheckCommand(S3Client *s3, const ParsedCommandLine &command, QIODevice *out, QIODevice *err,
                       QObject *parent = nullptr);
    ~ExportCheckCommand() override;

    void run(const QString &bucket, const QString &region, const std::optional<ExportCheck::Source> &source,
             const QString &sourceProblem, std::function<void(int exitCode)> done);
    // proceed(true) when no item will fail (items that can't be told are warned about on err); otherwise the
    // failing items go to err and proceed(false).
    void preflight(const QString &bucket, const QString &region, const ExportCheck::Source &source,
                   std::function<void(bool proceed)> proceed);

private:
    void check(std::function<void(const ExportCheck::Report &)> then);
    void onFirstReport(const ExportCheck::Report &report);
    void applyNext();
    void finishUnchanged();
    void finishWith(const ExportCheck::Report &report);
    int exitCodeFor(const ExportCheck::Report &report);
    void writeOut(const QString &text);
    void writeErr(const QString &text);

    QPointer<S3Client> m_s3;
    ParsedCommandLine m_command;
    QIODevice *m_out;
    QIODevice *m_err;
    QString m_bucket;
    QString m_region;
    std::optional<ExportCheck::Source> m_source;
    QString m_sourceProblem;
    std::function<void(int)> m_done;
    ExportCheck::Report m_first;
    QList<ExportCheck::Fix> m_toApply;
    QList<ExportCheckOutput::AppliedFix> m_applied;
};
