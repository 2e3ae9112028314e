// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportcheckcommand.h"

#include "cliconfig.h"
#include "exportcheckrunner.h"
#include "model/jsonwriter.h"
#include "s3client.h"
#include "tableformatter.h"

#include <QIODevice>
#include <QLoggingCategory>
#include <QTimer>

#include <cstdio>
#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;
using namespace ExportCheck;

Q_DECLARE_LOGGING_CATEGORY(lcCli)

namespace {

constexpr qsizetype kWidth = 100;
constexpr qsizetype kNoCut = 1 << 24;

bool stdinIsTerminal()
{
#ifdef Q_OS_WIN
    return _isatty(_fileno(stdin)) != 0;
#else
    return isatty(STDIN_FILENO) == 1;
#endif
}

// A server's text made safe for a terminal (TableFormatter::cell without the cut), then wrapped.
QString wrapped(const QString &text, qsizetype indent)
{
    const QString pad(indent, u' ');
    QString out;
    QString line = pad;
    const QStringList words = TableFormatter::cell(text, kNoCut).split(u' ', Qt::SkipEmptyParts);
    for (const QString &word : words) {
        if (line.size() > indent && line.size() + 1 + word.size() > kWidth) {
            out += line + u'\n';
            line = pad;
        }
        if (line.size() > indent)
            line += u' ';
        line += word;
    }
    if (line.size() > indent)
        out += line + u'\n';
    return out;
}

// A document (a JSON policy, an ACL) line by line, each line made safe, indented.
QString document(const QString &text, qsizetype indent)
{
    if (text.isEmpty())
        return QString(indent, u' ') + u"(none)\n"_s;
    QString out;
    const QStringList lines = text.split(u'\n');
    for (const QString &line : lines)
        out += QString(indent, u' ') + TableFormatter::cell(line, kNoCut) + u'\n';
    return out;
}

QString verdictWords(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Passes:
        return u"passes"_s;
    case Verdict::WillFail:
        return u"WILL FAIL"_s;
    case Verdict::CantTell:
        return u"can't tell"_s;
    }
    return QString();
}

QString overallWords(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Passes:
        return u"ready"_s;
    case Verdict::WillFail:
        return u"the export would fail"_s;
    case Verdict::CantTell:
        return u"nothing fails, but not everything could be checked"_s;
    }
    return QString();
}

// --fix-method's name for a fix.
QString methodOf(FixKind kind)
{
    return kind == FixKind::AddPolicyStatement ? u"policy"_s : u"acl"_s;
}

void writeFix(AwsCliJsonWriter &w, const Fix &fix)
{
    w.beginObject();
    w.key(QLatin1StringView("Kind"));
    w.stringValue(fixKindName(fix.kind));
    w.key(QLatin1StringView("Title"));
    w.stringValue(fix.title);
    w.key(QLatin1StringView("Detail"));
    w.stringValue(fix.detail);
    w.key(QLatin1StringView("Changes"));
    w.beginArray();
    for (const Change &change : fix.changes) {
        w.arrayItem();
        w.beginObject();
        w.key(QLatin1StringView("What"));
        w.stringValue(change.what);
        w.key(QLatin1StringView("Before"));
        w.stringValue(change.before);
        w.key(QLatin1StringView("After"));
        w.stringValue(change.after);
        w.endObject();
    }
    w.endArray();
    w.endObject();
}

// The fixes of the items that do not pass, one list of alternatives per problem (the access item and the ACLs
// item offer the same ones when ACLs are disabled).
QList<QList<Fix>> fixGroups(const Report &report)
{
    QList<QList<Fix>> groups;
    QList<QList<FixKind>> seen;
    for (const Item &item : report.items) {
        if (item.verdict == Verdict::Passes || item.fixes.isEmpty())
            continue;
        QList<FixKind> kinds;
        for (const Fix &fix : item.fixes)
            kinds.append(fix.kind);
        if (seen.contains(kinds))
            continue;
        seen.append(kinds);
        groups.append(item.fixes);
    }
    return groups;
}

} // namespace

namespace ExportCheckOutput {

QByteArray json(const Report &report, const QList<AppliedFix> *applied)
{
    AwsCliJsonWriter w;
    w.beginObject();
    w.key(QLatin1StringView("Bucket"));
    w.stringValue(report.bucket);
    w.key(QLatin1StringView("Region"));
    w.stringValue(report.region);
    w.key(QLatin1StringView("Overall"));
    w.stringValue(verdictName(report.overall()));
    w.key(QLatin1StringView("Ready"));
    w.rawValue(report.ready() ? "true" : "false");
    w.key(QLatin1StringView("Items"));
    w.beginArray();
    for (const Item &item : report.items) {
        w.arrayItem();
        w.beginObject();
        w.key(QLatin1StringView("Id"));
        w.stringValue(idName(item.id));
        w.key(QLatin1StringView("Verdict"));
        w.stringValue(verdictName(item.verdict));
        w.key(QLatin1StringView("Title"));
        w.stringValue(item.title);
        w.key(QLatin1StringView("Detail"));
        w.stringValue(item.detail);
        w.key(QLatin1StringView("MissingPermissions"));
        w.beginArray();
        for (const QString &permission : item.missingPermissions) {
            w.arrayItem();
            w.stringValue(permission);
        }
        w.endArray();
        w.key(QLatin1StringView("Fixes"));
        w.beginArray();
        for (const Fix &fix : item.fixes) {
            w.arrayItem();
            writeFix(w, fix);
        }
        w.endArray();
        w.endObject();
    }
    w.endArray();
    if (applied) {
        w.key(QLatin1StringView("FixesApplied"));
        w.beginArray();
        for (const AppliedFix &a : *applied) {
            w.arrayItem();
            w.beginObject();
            w.key(QLatin1StringView("Kind"));
            w.stringValue(fixKindName(a.fix.kind));
            w.key(QLatin1StringView("Title"));
            w.stringValue(a.fix.title);
            w.key(QLatin1StringView("Applied"));
            w.rawValue(a.applied ? "true" : "false");
            w.key(QLatin1StringView("Message"));
            w.stringValue(a.message);
            w.endObject();
        }
        w.endArray();
    }
    w.endObject();
    return w.take();
}

QString table(const Report &report)
{
    QString text = wrapped(u"Export check of s3://%1 (the snapshot's region: %2): %3"_s.arg(
                               report.bucket, report.region, overallWords(report.overall())),
                           0)
        + u'\n';
    constexpr qsizetype indent = 14;
    for (const Item &item : report.items) {
        text += u"  "_s + verdictWords(item.verdict).leftJustified(indent - 2) + TableFormatter::cell(item.title)
            + u'\n';
        text += wrapped(item.detail, indent);
        if (!item.missingPermissions.isEmpty())
            text += wrapped(u"Missing permissions: "_s + item.missingPermissions.join(u", "_s), indent);
        for (qsizetype i = 0; i < item.fixes.size(); ++i) {
            const Fix &fix = item.fixes.at(i);
            const QString how = i == 0 ? u"--fix"_s : u"--fix --fix-method "_s + methodOf(fix.kind);
            text += wrapped(u"Fix (%1): %2"_s.arg(how, fix.title), indent);
        }
    }
    return text;
}

QString fixText(const Fix &fix)
{
    QString text = u"Fix: "_s + TableFormatter::cell(fix.title) + u'\n' + wrapped(fix.detail, 2);
    for (const Change &change : fix.changes) {
        text += u"  %1, before:\n"_s.arg(TableFormatter::cell(change.what)) + document(change.before, 4);
        text += u"  %1, after:\n"_s.arg(TableFormatter::cell(change.what)) + document(change.after, 4);
    }
    return text;
}

QString itemLines(const Report &report, Verdict verdict)
{
    QString text;
    for (const Item &item : report.items) {
        if (item.verdict == verdict)
            text += wrapped(u"%1: %2"_s.arg(item.title, item.detail), 2);
    }
    return text;
}

} // namespace ExportCheckOutput

ExportCheckCommand::ExportCheckCommand(S3Client *s3, const ParsedCommandLine &command, QIODevice *out, QIODevice *err,
                                       QObject *parent)
    : QObject(parent)
    , m_s3(s3)
    , m_command(command)
    , m_out(out)
    , m_err(err)
{
}

ExportCheckCommand::~ExportCheckCommand() = default;

void ExportCheckCommand::check(std::function<void(const Report &)> then)
{
    auto *runner = new ExportCheckRunner(m_s3, this);
    connect(runner, &ExportCheckRunner::finished, this, [this, runner, then](const Report &report) {
        qCDebug(lcCli, "export check of s3://%s: every S3 call answered in %lld ms (all sent at once)",
                qPrintable(m_bucket), runner->elapsedMs());
        runner->deleteLater();
        then(report);
    });
    runner->start(m_bucket, m_region, m_source, m_sourceProblem);
}

void ExportCheckCommand::run(const QString &bucket, const QString &region, const std::optional<Source> &source,
                             const QString &sourceProblem, std::function<void(int)> done)
{
    m_bucket = bucket;
    m_region = region;
    m_source = source;
    m_sourceProblem = sourceProblem;
    m_done = std::move(done);
    check([this](const Report &report) { onFirstReport(report); });
}

void ExportCheckCommand::preflight(const QString &bucket, const QString &region, const Source &source,
                                   std::function<void(bool)> proceed)
{
    m_bucket = bucket;
    m_region = region;
    m_source = source;
    check([this, proceed](const Report &report) {
        if (report.overall() == Verdict::WillFail) {
            const QString option = m_source->serverless ? u"--serverless-cache-snapshot-name"_s : u"--snapshot-name"_s;
            QString command
                = u"cachesnap-cli check-export-bucket --bucket %1 %2 %3"_s.arg(m_bucket, option, m_source->name);
            if (!m_source->serverless && !m_source->objectKeys.isEmpty())
                command += u" --target-snapshot-name "_s + m_source->objectKeys.constFirst().chopped(8);
            writeErr(u"cachesnap-cli: error: the export check says the export to s3://%1 would fail; nothing was "
                     "exported:\n"_s.arg(m_bucket)
                     + ExportCheckOutput::itemLines(report, Verdict::WillFail)
                     + wrapped(u"\"%1\" shows the whole report and the fixes (--fix)."_s.arg(command), 0));
            return proceed(false);
        }
        if (report.overall() == Verdict::CantTell)
            writeErr(u"cachesnap-cli: warning: the export check can't tell everything; exporting anyway:\n"_s
                     + ExportCheckOutput::itemLines(report, Verdict::CantTell));
        proceed(true);
    });
}

void ExportCheckCommand::onFirstReport(const Report &report)
{
    if (!m_command.isSet(u"fix"_s))
        return finishWith(report);

    const bool json = m_command.global.output == OutputFormat::Json;
    const QString method = m_command.value(u"fix-method"_s);
    const QList<QList<Fix>> groups = fixGroups(report);
    QList<Fix> chosen;
    for (const QList<Fix> &alternatives : groups) {
        std::optional<Fix> pick;
        for (const Fix &fix : alternatives) {
            if (method.isEmpty() || methodOf(fix.kind) == method) {
                pick = fix;
                break;
            }
        }
        if (pick) {
            chosen.append(*pick);
            continue;
        }
        QStringList offered;
        for (const Fix &fix : alternatives)
            offered.append(u"%1 (%2)"_s.arg(fix.title, methodOf(fix.kind)));
        writeErr(wrapped(u"cachesnap-cli: --fix-method %1: no such fix is offered here, only: %2. Nothing was changed "
                         "for it."_s.arg(method, offered.join(u"; "_s)),
                         0));
    }
    if (!json)
        writeOut(ExportCheckOutput::table(report));
    if (chosen.isEmpty()) {
        if (groups.isEmpty() && !report.ready())
            writeErr(u"cachesnap-cli: nothing to fix: no item that fails has a fix CacheSnap can make.\n"_s);
        if (json)
            writeOut(QString::fromUtf8(ExportCheckOutput::json(report, &m_applied)));
        return m_done(exitCodeFor(report));
    }

    for (const Fix &fix : chosen)
        (json ? m_err : m_out)->write((u'\n' + ExportCheckOutput::fixText(fix)).toUtf8());

    if (!m_command.isSet(u"yes"_s)) {
        if (!stdinIsTerminal()) {
            writeErr(wrapped(u"cachesnap-cli: nothing was changed: standard input is not a terminal, so the change "
                             "above cannot be confirmed. Run the command on a terminal, or add --yes to apply it."_s,
                             0));
            if (json)
                writeOut(QString::fromUtf8(ExportCheckOutput::json(report, &m_applied)));
            return m_done(ExitCode::CheckFailed);
        }
        for (const Fix &fix : chosen) {
            writeErr(u"Apply \"%1\"? [y/N] "_s.arg(fix.title));
            const QString answer = QString::fromUtf8(CliConfig::standardInput()->readLine()).trimmed().toLower();
            if (answer == u"y" || answer == u"yes")
                m_toApply.append(fix);
            else
                m_applied.append({fix, false, u"Not applied: not confirmed."_s});
        }
    } else {
        m_toApply = chosen;
    }
    m_first = report;
    if (m_toApply.isEmpty())
        return finishUnchanged();
    applyNext();
}

void ExportCheckCommand::applyNext()
{
    if (m_toApply.isEmpty()) {
        bool anyApplied = false;
        for (const ExportCheckOutput::AppliedFix &a : std::as_const(m_applied))
            anyApplied = anyApplied || a.applied;
        if (!anyApplied)
            return finishUnchanged();
        if (m_command.global.output == OutputFormat::Table)
            writeOut(u"\nThe check again, after the change:\n\n"_s);
        return check([this](const Report &report) { finishWith(report); });
    }
    const Fix fix = m_toApply.takeFirst();
    auto *fixer = new ExportCheckFixer(m_s3, this);
    connect(fixer, &ExportCheckFixer::finished, this, [this, fixer, fix](bool ok, const QString &message) {
        fixer->deleteLater();
        m_applied.append({fix, ok, message});
        if (ok) {
            if (m_command.global.output == OutputFormat::Table)
                writeOut(u"\n"_s + wrapped(u"Done: "_s + message, 0));
        } else {
            writeErr(wrapped(u"cachesnap-cli: not applied: "_s + message, 0));
        }
        applyNext();
    });
    fixer->apply(m_bucket, m_region, fix);
}

void ExportCheckCommand::finishUnchanged()
{
    if (m_command.global.output == OutputFormat::Json)
        writeOut(QString::fromUtf8(ExportCheckOutput::json(m_first, &m_applied)));
    else
        writeOut(u"\nNothing was changed.\n"_s);
    m_done(exitCodeFor(m_first));
}

void ExportCheckCommand::finishWith(const Report &report)
{
    const bool json = m_command.global.output == OutputFormat::Json;
    if (json)
        writeOut(QString::fromUtf8(ExportCheckOutput::json(report, m_command.isSet(u"fix"_s) ? &m_applied : nullptr)));
    else
        writeOut(ExportCheckOutput::table(report));
    m_done(exitCodeFor(report));
}

int ExportCheckCommand::exitCodeFor(const Report &report)
{
    switch (report.overall()) {
    case Verdict::Passes:
        return ExitCode::Success;
    case Verdict::WillFail:
        return ExitCode::CheckFailed;
    case Verdict::CantTell:
        break;
    }
    writeErr(wrapped(u"cachesnap-cli: warning: nothing will fail as far as the check can tell, but it can't tell "
                     "everything (the items marked \"can't tell\"); the export may still fail."_s,
                     0));
    return ExitCode::Success;
}

void ExportCheckCommand::writeOut(const QString &text)
{
    m_out->write(text.toUtf8());
}

void ExportCheckCommand::writeErr(const QString &text)
{
    m_err->write(text.toUtf8());
}
