// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commandline.h"
#include "connectionchoice.h"
#include "fleetinventory.h"
#include "snapshotentry.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>

#include <functional>

// cachesnap-cli inventory: every snapshot (node-based and serverless) of several profiles × regions, listed by a
// FleetInventory, with each row's profile, account and region, as a table, CSV or JSON. A failed connection is named
// on stderr and sets the exit status (the first failed connection's, as the other commands map errors); the
// others' rows are printed all the same.
class InventoryCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InventoryCommand)

public:
    // choices: connections(command), worked out once by the caller.
    InventoryCommand(ParsedCommandLine command, const QList<ConnectionChoice> &choices, ConnectionResolver resolver,
                     QObject *parent = nullptr);
    ~InventoryCommand() override;

    // Answers through done(exit status, stdout bytes, stderr text) once, never from inside run().
    void run(std::function<void(int exitCode, const QByteArray &out, const QString &err)> done);

    // The connections the options name: --profiles (else --profile, else the chain's default) × --regions (else
    // --region, else each profile's own), "all" being every region of the profile's partition; --endpoint-url for
    // each.
    static QList<ConnectionChoice> connections(const ParsedCommandLine &command);
    // The exit status a connection's error gives (the one a single command would give).
    static int exitCode(const ApiError &error);

private:
    struct Rows
    {
        QList<SnapshotEntry> entries;
        QHash<QString, qsizetype> byName; // "n/<name>" or "s/<name>": pages may repeat snapshots
    };
    void add(int index, SnapshotEntry entry);
    void finish();
    QString profileText(int index) const;
    QString regionText(int index) const;
    QByteArray table() const;
    QByteArray csv() const;
    QByteArray json() const;

    ParsedCommandLine m_command;
    FleetInventory *m_inventory = nullptr;
    QList<Rows> m_rows;
    std::function<void(int, const QByteArray &, const QString &)> m_done;
};
