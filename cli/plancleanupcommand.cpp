// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "plancleanupcommand.h"

#include "accountlookup.h"
#include "cleanuplisting.h"
#include "cleanuprun.h"
#include "cliconfig.h"
#include "connectionproblems.h"
#include "elasticacheclient.h"
#include "inventorycommand.h"
#include "tableformatter.h"

#include <QIODevice>
#include <QTimer>

#include <cstdio>
#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {

bool stdinIsTerminal()
{
#ifdef Q_OS_WIN
    return _isatty(_fileno(stdin)) != 0;
#else
    return isatty(STDIN_FILENO) == 1;
#endif
}

QString sizeText(qint64 bytes)
{
    return bytes < 0 ? u"-"_s : CleanupPlan::formatBytes(bytes);
}

QString dateText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(u"yyyy-MM-dd"_s) : u"-"_s;
}

QString snapshotsWord(qint64 count)
{
    return count == 1 ? u"1 snapshot"_s : u"%1 snapshots"_s.arg(count);
}

QString indent(const QString &text, int spaces)
{
    const QString pad(spaces, u' ');
    QStringList lines = text.split(u'\n');
    for (QString &line : lines) {
        if (!line.isEmpty())
            line.prepend(pad);
    }
    return lines.join(u'\n');
}

} // namespace

PlanCleanupCommand::PlanCleanupCommand(ParsedCommandLine command, QList<ConnectionChoice> choices,
                                       ConnectionResolver resolver, QIODevice *out, QIODevice *err, QObject *parent)
    : QObject(parent)
    , m_command(std::move(command))
    , m_choices(std::move(choices))
    , m_resolver(std::move(resolver))
    , m_out(out)
    , m_err(err)
{
}

PlanCleanupCommand::~PlanCleanupCommand() = default;

std::variant<CleanupRules, QString> PlanCleanupCommand::rules(const ParsedCommandLine &command)
{
    CleanupRules rules;
    if (command.isSet(u"older-than-days"_s))
        rules.olderThanDays = command.value(u"older-than-days"_s).toInt();
    if (command.isSet(u"keep-newest"_s))
        rules.keepNewest = command.value(u"keep-newest"_s).toInt();
    rules.sourceGone = command.isSet(u"source-gone"_s);
    for (const QString &text : command.list(u"skip-tag"_s)) {
        const TagRules::ParsedFilter parsed = TagRules::parseFilter(text);
        if (!parsed.error.isEmpty())
            return u"--skip-tag \"%1\": %2"_s.arg(text, parsed.error);
        rules.skipTags += parsed.criteria;
    }
    if (!rules.selectsAnything())
        return u"give at least one rule that selects snapshots: --older-than-days, --source-gone or --keep-newest."_s;
    return rules;
}

void PlanCleanupCommand::run(std::function<void(int exitCode)> done)
{
    m_done = std::move(done);
    const auto parsedRules = rules(m_command);
    if (const QString *error = std::get_if<QString>(&parsedRules)) {
        const QString message = u"cachesnap-cli: error: %1\n"_s.arg(*error);
        QTimer::singleShot(0, this, [this, message] {
            writeErr(message);
            finish(ExitCode::Usage);
        });
        return;
    }
    m_rules = std::get<CleanupRules>(parsedRules);
    m_input.pricePerGbMonth = m_command.isSet(u"price-per-gb-month"_s)
        ? m_command.value(u"price-per-gb-month"_s).toDouble()
        : kCleanupDefaultPricePerGbMonth;
    m_accounts = new AccountLookup(this);
    m_pending = 1; // released below, so that nothing finishes from inside run()
    for (const ConnectionChoice &choice : std::as_const(m_choices)) {
        Connection connection;
        connection.choice = choice;
        const auto config = m_resolver(choice);
        if (config && connection.choice.region.isEmpty())
            connection.choice.region = config.value().region; // the profile's or the environment's
        if (!config) {
            connection.error = config.error();
            m_connections.append(connection);
            continue;
        }
        connection.client = new ElastiCacheClient(config.value(), this);
        m_connections.append(connection);
        const int index = int(m_connections.size()) - 1;
        m_pending += 2;
        m_accounts->lookup(choice, config.value(), this, [this, index](const ApiResult<QString> &account) {
            if (account)
                m_connections[index].account = account.value();
            if (--m_pending == 0)
                listed();
        });
        auto *listing = new CleanupListing(connection.client, this);
        listing->start([this, index, listing](const ApiResult<CleanupListing::Result> &result) {
            listing->deleteLater();
            Connection &c = m_connections[index];
            if (result) {
                c.snapshots = result.value().snapshots;
                c.sources = result.value().sources;
            } else {
                c.error = result.error();
            }
            if (--m_pending == 0)
                listed();
        });
    }
    QTimer::singleShot(0, this, [this] {
        if (--m_pending == 0)
            listed();
    });
}

void PlanCleanupCommand::listed()
{
    m_input.now = QDateTime::currentDateTimeUtc();
    ConnectionProblems problems;
    for (int i = 0; i < m_connections.size(); ++i) {
        const Connection &c = m_connections.at(i);
        CleanupConnection connection;
        connection.choice = c.choice;
        connection.accountId = c.account;
        if (c.error && !c.account.isEmpty() && FleetConnectionState::isRegionNotEnabled(*c.error)) {
            // STS took the key, so the region does not know it: as inventory, skipped and no failure.
            problems.notEnabled(c.account, connection.choice.profileLabel(), connection.choice.region);
        } else if (c.error) {
            if (m_connectionExit == 0)
                m_connectionExit = InventoryCommand::exitCode(*c.error);
            connection.notWhole = FleetConnectionState::failedWords(*c.error);
            problems.failed(connection.choice.profileLabel(), connection.choice.region,
                            FleetConnectionState::reason(*c.error));
        } else {
            connection.sources = c.sources;
            for (const SnapshotEntry &entry : c.snapshots)
                m_input.rows.append({i, entry});
        }
        m_input.connections.append(connection);
    }
    writeErr(problems.text(u"plan-cleanup"_s, u", not in the plan"_s));
    const CleanupPlan first = CleanupPlan::make(m_input, m_rules);
    if (!first.problem().isEmpty()) {
        writeErr(u"cachesnap-cli: error: %1\n"_s.arg(first.problem()));
        return finish(ExitCode::Usage);
    }
    const QList<int> needing = first.rowsNeedingTags();
    if (needing.isEmpty()) {
        m_plan = first;
        return planned();
    }
    QList<CleanupRow> rows;
    rows.reserve(needing.size());
    for (int row : needing)
        rows.append(m_input.rows.at(row));
    auto *reader = new CleanupTagReader([this](int connection) { return clientFor(connection); }, 4, this);
    reader->read(rows, [this, reader](const CleanupTagReader::Result &result) {
        reader->deleteLater();
        if (result.failed > 0)
            writeErr(u"cachesnap-cli: the tags of %1 could not be read (%2): they are held, not deleted.\n"_s.arg(
                snapshotsWord(result.failed), result.firstError));
        const QHash<QString, QList<Tag>> tags = result.tags;
        m_input.tags = [tags](const CleanupRow &row) -> std::optional<QList<Tag>> {
            const auto it = tags.constFind(row.entry.arn());
            return it == tags.constEnd() ? std::nullopt : std::optional<QList<Tag>>(*it);
        };
        m_plan = CleanupPlan::make(m_input, m_rules);
        planned();
    });
}

void PlanCleanupCommand::planned()
{
    const CleanupPlan &plan = *m_plan;
    const bool executing = m_command.isSet(u"execute"_s);
    switch (m_command.global.output) {
    case OutputFormat::Json:
        if (!executing)
            writeOut(plan.toJson());
        break;
    case OutputFormat::Csv:
        if (!executing)
            writeOut(plan.toCsv());
        break;
    case OutputFormat::Table:
        writeOut(table(plan).toUtf8());
        break;
    }
    if (!executing)
        return finish(m_connectionExit);
    execute();
}

void PlanCleanupCommand::execute()
{
    const CleanupPlan &plan = *m_plan;
    const CleanupTotals totals = plan.totals();
    if (totals.count == 0) {
        writeErr(u"Nothing to delete.\n"_s);
        return finish(m_connectionExit);
    }
    const QString named
        = u"%1 (%2, %3 a month)"_s.arg(snapshotsWord(totals.count), CleanupPlan::formatBytes(totals.bytes),
                                       CleanupPlan::formatCost(totals.monthlyCost));
    if (!m_command.isSet(u"yes"_s)) {
        if (!stdinIsTerminal()) {
            writeErr(u"cachesnap-cli: nothing was deleted: standard input is not a terminal, so deleting %1 cannot be "
                     "confirmed. Run the command on a terminal, or add --yes.\n"_s.arg(named));
            return finish(ExitCode::CheckFailed);
        }
        writeErr(u"Delete %1? This cannot be undone. Type %2 to confirm: "_s.arg(named).arg(totals.count));
        const QString answer = QString::fromUtf8(CliConfig::standardInput()->readLine()).trimmed();
        if (answer != QString::number(totals.count)) {
            writeErr(u"Not confirmed: nothing was deleted.\n"_s);
            return finish(ExitCode::CheckFailed);
        }
    } else if (m_command.global.output == OutputFormat::Table) {
        writeErr(u"Deleting %1 (--yes).\n"_s.arg(named));
    }

    CleanupRun::Options options;
    if (m_command.isSet(u"requests-per-second"_s))
        options.requestsPerSecond = m_command.value(u"requests-per-second"_s).toDouble();
    m_run = new CleanupRun(
        plan, [this](int connection) { return clientFor(connection); }, options, this);
    const int total = int(m_run->results().size());
    auto reported = std::make_shared<int>(0);
    connect(m_run, &CleanupRun::itemFinished, this, [this, total, reported](int index) {
        const CleanupResult &r = m_run->results().at(index);
        writeErr(u"[%1/%2] %3 %4: %5\n"_s.arg(++*reported)
                     .arg(total)
                     .arg(CleanupResult::outcomeName(r.outcome), TableFormatter::cell(r.item.entry.name()),
                          TableFormatter::cell(r.reason, TableFormatter::maxCellWidth * 2)));
    });
    connect(m_run, &CleanupRun::finished, this, [this] {
        switch (m_command.global.output) {
        case OutputFormat::Json:
            writeOut(m_run->resultsJson());
            break;
        case OutputFormat::Csv:
            writeOut(m_run->resultsCsv());
            break;
        case OutputFormat::Table:
            writeOut(u"\n"_s.toUtf8() + resultsTable(*m_run).toUtf8());
            break;
        }
        int exitCode = m_connectionExit;
        for (const CleanupResult &r : m_run->results()) {
            if (r.outcome == CleanupResult::Outcome::Failed) {
                exitCode = r.errorCode.isEmpty() ? ExitCode::Failure : ExitCode::Service;
                break;
            }
        }
        finish(exitCode);
    });
    m_run->start();
}

ElastiCacheClient *PlanCleanupCommand::clientFor(int connection) const
{
    if (connection < 0 || connection >= m_connections.size())
        return nullptr;
    return m_connections.at(connection).client;
}

QString PlanCleanupCommand::table(const CleanupPlan &plan)
{
    QString text = u"Clean-up plan: %1.\n"_s.arg(plan.rules().words());
    const QList<TableFormatter::Column> columns {{u"Source"_s},  {u"Snapshot"_s},   {u"Kind"_s},
                                                 {u"Created"_s}, {u"Size"_s, true}, {u"Why"_s}};
    const QList<CleanupItem> &items = plan.toDelete();
    for (qsizetype i = 0; i < items.size();) {
        const int connection = items.at(i).connection;
        qsizetype end = i;
        qint64 bytes = 0;
        QList<QStringList> rows;
        for (; end < items.size() && items.at(end).connection == connection; ++end) {
            const CleanupItem &item = items.at(end);
            bytes += qMax<qint64>(0, item.entry.sizeBytes());
            rows.append({item.sourceWords(), item.entry.name(), SnapshotEntry::kindName(item.entry.kind()),
                         dateText(item.entry.created()), sizeText(item.entry.sizeBytes()), plan.reasonWords(item)});
        }
        text += u"\n%1: %2 to delete, %3\n"_s.arg(TableFormatter::cell(plan.connections().at(connection).label()),
                                                  snapshotsWord(end - i), CleanupPlan::formatBytes(bytes));
        text += indent(TableFormatter::render(columns, rows), 2);
        if (!text.endsWith(u'\n'))
            text += u'\n';
        i = end;
    }
    const auto others = [&](const QString &title, const QList<CleanupItem> &list) {
        if (list.isEmpty())
            return;
        text += u"\n%1 (%2):\n"_s.arg(title, snapshotsWord(list.size()));
        QList<QStringList> rows;
        for (const CleanupItem &item : list)
            rows.append({plan.connections().at(item.connection).label(), item.entry.name(), item.entry.statusText(),
                         plan.reasonWords(item)});
        text += indent(
            TableFormatter::render(
                QList<TableFormatter::Column> {{u"Connection"_s}, {u"Snapshot"_s}, {u"Status"_s}, {u"Why"_s}}, rows),
            2);
        if (!text.endsWith(u'\n'))
            text += u'\n';
    };
    others(u"Cannot delete now"_s, plan.notAvailable());
    others(u"Held, not deleted"_s, plan.held());
    if (!plan.automatic().isEmpty()) {
        text += u"\nAutomatic snapshots, not deleted:\n"_s;
        for (const CleanupAutomatic &a : plan.automatic())
            text += u"  %1: %2\n"_s.arg(TableFormatter::cell(plan.connections().at(a.connection).label()),
                                        TableFormatter::cell(a.words(), 1 << 16));
    }
    if (plan.keptNewest() > 0 || plan.keptByTag() > 0)
        text += u"\nKept: %1 as the newest of their source, %2 by a skip tag.\n"_s.arg(plan.keptNewest())
                    .arg(plan.keptByTag());
    const CleanupTotals totals = plan.totals();
    text += u"\nTotal: %1 to delete, %2%3, %4 a month at %5 per GB-month (of %6 in scope).\n"_s.arg(
        snapshotsWord(totals.count), CleanupPlan::formatBytes(totals.bytes),
        totals.unknownSize > 0 ? u" (and %1 of unknown size)"_s.arg(totals.unknownSize) : QString(),
        CleanupPlan::formatCost(totals.monthlyCost), u"$"_s + QString::number(plan.pricePerGbMonth()),
        snapshotsWord(plan.rowsInScope()));
    return text;
}

QString PlanCleanupCommand::resultsTable(const CleanupRun &run)
{
    QList<QStringList> rows;
    qint64 bytes = 0;
    for (const CleanupResult &r : run.results()) {
        const QString label = r.item.connection >= 0 && r.item.connection < run.connections().size()
            ? run.connections().at(r.item.connection).label()
            : QString();
        rows.append({CleanupResult::outcomeName(r.outcome), label, r.item.entry.name(), r.reason});
        if (r.outcome == CleanupResult::Outcome::Deleted)
            bytes += qMax<qint64>(0, r.item.entry.sizeBytes());
    }
    QString text = TableFormatter::render(
        QList<TableFormatter::Column> {{u"Result"_s}, {u"Connection"_s}, {u"Snapshot"_s}, {u"Why"_s}}, rows);
    if (!text.endsWith(u'\n'))
        text += u'\n';
    const CleanupRun::Counts n = run.counts();
    text += u"\nDeleted %1 (%2), skipped %3, failed %4, not run %5.\n"_s
                .arg(snapshotsWord(n.deleted), CleanupPlan::formatBytes(bytes))
                .arg(n.skipped)
                .arg(n.failed)
                .arg(n.notRun);
    return text;
}

void PlanCleanupCommand::writeOut(const QByteArray &bytes)
{
    m_out->write(bytes);
}

void PlanCleanupCommand::writeErr(const QString &text)
{
    m_err->write(text.toUtf8());
}

void PlanCleanupCommand::finish(int exitCode)
{
    if (!m_done)
        return;
    const auto done = std::move(m_done);
    m_done = nullptr;
    done(exitCode);
}
