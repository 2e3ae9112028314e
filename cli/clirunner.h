// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "commandline.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class ElastiCacheClient;
class ExportFollower;
class QIODevice;
class S3Client;
struct FollowedExport;
struct Snapshot;
namespace ExportCheck {
struct Source;
}

// Runs one cachesnap-cli invocation: parses the arguments, resolves the client configuration, calls the API
// asynchronously and prints the result. Emits finished() exactly once, never from inside start().
class CliRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CliRunner)

public:
    // out and err receive the output (stdout and stderr in the binary); they must outlive the runner.
    CliRunner(QIODevice *out, QIODevice *err, QObject *parent = nullptr);
    ~CliRunner() override;

    void start(const QStringList &arguments);

Q_SIGNALS:
    void finished(int exitCode);

private:
    void runCommand();
    void runKeychain();
    void runInventory();
    void describeSnapshots();
    void describeServerlessCacheSnapshots();
    void createSnapshot();
    void copySnapshot();
    void copySnapshotNow();
    void deleteSnapshot();
    void exportSnapshot();
    void exportNodeBased(const Snapshot &source);
    void exportServerless(const QString &name);
    // --wait: follows an accepted export; afterwards stdout gets the final line, or document when it is not empty.
    void followExport(FollowedExport record, const QByteArray &document);
    void waitSnapshotAvailable();
    void pollSnapshot();
    void pollServerlessSnapshot();
    void onWaitStatus(const QString &status);
    void onWaitMissing();
    void waiterFailed(const QString &reason);
    void scheduleNextPoll(const QString &status);
    void createServerlessCacheSnapshot();
    void copyServerlessCacheSnapshot();
    void deleteServerlessCacheSnapshot();
    void checkExportBucket();
    void runExportCheck(const std::optional<ExportCheck::Source> &source, const QString &sourceProblem);
    // --check: the export check first; go() only when no item will fail.
    void checkBeforeExport(const QString &bucket, const ExportCheck::Source &source, std::function<void()> go);
    // The S3 client for this invocation, made on first use; null after failing the command (configuration error).
    S3Client *s3Client();
    void describeCacheClusters();
    void describeReplicationGroups();
    void describeServerlessCaches();
    void describeEvents();
    // Restore, backup settings, tags, the account's groups (LifecycleCommands).
    void runLifecycleCommand();

    void writeOut(const QByteArray &bytes);
    void writeErr(const QString &text);
    void succeed(const QByteArray &stdoutBytes);
    void failWithApiError(const ApiError &error, const QString &operation);
    void failWithMessage(const QString &message, int exitCode);
    // A usage error found after start(): reported on the next event-loop turn (exit status 2).
    void failUsageLater(const QString &message);
    void finish(int exitCode);

    QIODevice *m_out;
    QIODevice *m_err;
    ParsedCommandLine m_command;
    QPointer<ElastiCacheClient> m_client;
    QPointer<S3Client> m_s3; // made on first use (s3Client())
    ExportFollower *m_follower = nullptr;
    bool m_finished = false;

    // wait snapshot-available
    enum class WaitKind { Unknown, NodeBased, Serverless };
    WaitKind m_waitKind = WaitKind::Unknown;
    QDeadlineTimer m_waitDeadline;
    int m_waitDelayMs = 0;
    QString m_lastStatus;
};
