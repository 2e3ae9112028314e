// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineOption>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <utility>
#include <variant>

// Exit statuses, as awscli v2 uses them (usage errors keep the conventional 2).
namespace ExitCode {
constexpr int Success = 0;
constexpr int CheckFailed = 1; // check-export-bucket, --check: an item of the export check will fail
constexpr int Usage = 2;
constexpr int Config = 253; // no credentials, bad profile, bad endpoint
constexpr int Service = 254; // the service answered with an error
constexpr int Failure = 255; // network failures, waiter failures, anything else
} // namespace ExitCode

enum class OutputFormat { Table, Json, Csv };

struct GlobalOptions
{
    QString profile;
    QString region;
    QString endpointUrl;
    OutputFormat output = OutputFormat::Table;
    bool debug = false;
    // --cli-read-timeout: the longest wait for data within one request (the client's idle timeout), seconds.
    std::optional<int> readTimeoutSeconds;
    // --cli-request-timeout: the deadline of one request from sending to the last byte of its answer, seconds.
    std::optional<int> requestTimeoutSeconds;
};

struct ParsedCommandLine;

// One command as typed ("describe-snapshots", "wait snapshot-available"), with the text of its --help.
struct CommandSpec
{
    QString name;
    QString operations; // the API operations it calls, for the manual page
    QString summary; // one line, for the command list
    QString description;
    QList<QCommandLineOption> options;
    QStringList required; // option names that must be given
    QList<QStringList> exactlyOneOf; // groups of which exactly one must be given
    QHash<QString, QStringList> choices; // option name -> accepted values
    QHash<QString, std::pair<int, int>> ranges; // option name -> accepted whole numbers, inclusive
    QHash<QString, QString> needs; // option name -> the option it only makes sense with
    // Options of the AWS CLI's list type: they take every following word up to the next option (argparse's
    // nargs='+'), "--security-group-ids sg-1 sg-2". RequestOptions::bind() fills it from the request's shape.
    QStringList multiValued;
    // The values' form, checked as the AWS CLI checks it before sending (whole numbers, shorthand, JSON, the
    // members of a structure): the usage error, or nothing. RequestOptions::bind() sets it.
    std::function<std::optional<QString>(const ParsedCommandLine &)> checkValues;
    QStringList examples;
    // --output csv is accepted (commands that print rows: inventory); the others refuse it.
    bool csvOutput = false;
};

struct ParsedCommandLine
{
    enum class Action { Run, Help, Version };
    Action action = Action::Run;
    GlobalOptions global;
    const CommandSpec *command = nullptr; // null with Action::Help means the general help
    QHash<QString, QString> values; // every option given; flags map to an empty string
    QHash<QString, QStringList> lists; // the words of each multi-valued option given (values has them joined)

    bool isSet(const QString &option) const;
    QString value(const QString &option) const;
    QStringList list(const QString &option) const;
};

struct UsageError
{
    QString message;
    const CommandSpec *command = nullptr; // for the "see --help" hint
};

namespace CommandLine {

const QList<CommandSpec> &commands();
const CommandSpec *findCommand(const QString &name);

// Splits global options (accepted before and after the command, as the AWS CLI does) from the command's own
// options, then parses those with a QCommandLineParser built from the command's spec. arguments[0] is the
// program name.
std::variant<ParsedCommandLine, UsageError> parse(const QStringList &arguments);

QString generalHelp();
QString commandHelp(const CommandSpec &spec);
QString versionText();
// "cachesnap-cli: error: …" plus a hint where to find help.
QString usageErrorText(const UsageError &error);

} // namespace CommandLine
