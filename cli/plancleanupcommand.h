// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cleanupplan.h"
#include "commandline.h"
#include "connectionchoice.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

class AccountLookup;
class CleanupRun;
class ElastiCacheClient;
class QIODevice;

// cachesnap-cli plan-cleanup: lists every connection of --profiles × --regions (snapshots and live sources), reads
// the tags of the candidates only when a skip-tag rule needs them, and prints the plan (table, CSV or JSON) with its
// totals. With --execute it asks for the number of snapshots on the terminal (or takes --yes), then carries the
// plan out (CleanupRun) and prints each snapshot's result. Reports through done() once, never from inside run().
class PlanCleanupCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlanCleanupCommand)

public:
    // choices: InventoryCommand::connections(command), worked out once by the caller.
    PlanCleanupCommand(ParsedCommandLine command, QList<ConnectionChoice> choices, ConnectionResolver resolver,
                       QIODevice *out, QIODevice *err, QObject *parent = nullptr);
    ~PlanCleanupCommand() override;

    void run(std::function<void(int exitCode)> done);

    // The rules the options give, or the usage error.
    static std::variant<CleanupRules, QString> rules(const ParsedCommandLine &command);
    // The plan for people: grouped by connection and source, then what cannot go now, what is held, the automatic
    // snapshots not deleted, what was kept, and the totals.
    static QString table(const CleanupPlan &plan);
    static QString resultsTable(const CleanupRun &run);

private:
    struct Connection
    {
        ConnectionChoice choice;
        QPointer<ElastiCacheClient> client;
        QString account;
        std::optional<ApiError> error;
        QList<SnapshotEntry> snapshots;
        CleanupSources sources;
    };
    void listed();
    void planned();
    void execute();
    void writeOut(const QByteArray &bytes);
    void writeErr(const QString &text);
    void finish(int exitCode);
    ElastiCacheClient *clientFor(int connection) const;

    ParsedCommandLine m_command;
    QList<ConnectionChoice> m_choices;
    ConnectionResolver m_resolver;
    QIODevice *m_out;
    QIODevice *m_err;
    CleanupRules m_rules;
    QList<Connection> m_connections;
    AccountLookup *m_accounts = nullptr;
    int m_pending = 0;
    int m_connectionExit = 0; // the first failed connection's exit status
    CleanupInput m_input;
    std::optional<CleanupPlan> m_plan;
    CleanupRun *m_run = nullptr;
    std::function<void(int)> m_done;
};
