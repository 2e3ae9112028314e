// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "commandline.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

class ElastiCacheClient;
class QObject;

// The commands of the rest of the backup life cycle (restore into a new cache, tags, automatic-backup settings, and
// the account's subnet groups, parameter groups and engine versions): each calls one operation of
// ElastiCacheClient, its request filled from the options by RequestOptions and its whole result printed, as the
// AWS CLI prints it (--output json, written by AwsCliJsonWriter from the result's shape) or as a table.
namespace LifecycleCommands {

// Appends the commands' specs (called once, while CommandLine builds its list).
void addSpecs(QList<CommandSpec> &list);
bool handles(const QString &commandName);

struct Outcome
{
    QByteArray out; // success: standard output
    std::optional<ApiError> error; // the call failed
    QString operation; // the operation called, for the error line
    QString usageError; // the options do not fit the request (nothing was sent)
};

// Runs the command; done is called exactly once, never from inside run(), with context alive.
void run(ElastiCacheClient *client, const ParsedCommandLine &command, QObject *context,
         std::function<void(const Outcome &)> done);

} // namespace LifecycleCommands
