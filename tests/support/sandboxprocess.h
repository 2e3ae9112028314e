// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

// Helpers for tests that drive real programs (cachesnap-cli, the AWS CLI) against a real cachesnap-sandbox process.

// A program built by this build tree (CACHESNAP_BINARY_DIR), or empty when it is not there.
QString findBuiltBinary(const QString &name);

struct ProgramRun
{
    int exitCode = -1; // -1: did not start, crashed or timed out
    QByteArray out;
    QByteArray err;
    qint64 elapsedMs = 0;
};

ProgramRun runProgram(const QString &program, const QStringList &arguments, const QProcessEnvironment &env,
                      int timeoutMs = 120000);
// The same, but spinning this thread's event loop while the program runs, for a program that talks to a server
// living in this thread (SandboxServer). input is written to its stdin. A program still running after timeoutMs is
// killed (exit code -1).
ProgramRun runProgramInEventLoop(const QString &program, const QStringList &arguments, const QProcessEnvironment &env,
                                 const QByteArray &input = {}, int timeoutMs = 60000);

// What a run did (exit code, time, the start of stdout and stderr), for a failure message.
QString describe(const ProgramRun &run);

// A program's JSON output as an object; an empty object (and a warning) when it is not one.
QJsonObject parseObject(const QByteArray &bytes);

// The machine's environment without any AWS_* variable, with HOME and the AWS config and credentials files pointing
// into home (which holds neither), the given key pair and region, and no pager or auto-prompt: nothing from the
// user's own AWS set-up leaks into a test.
QProcessEnvironment isolatedAwsEnvironment(const QString &home, const QString &accessKeyId,
                                           const QString &secretAccessKey, const QString &region);

// One cachesnap-sandbox process on a free loopback port with its own S3 root folder; stopped (SIGTERM) when this
// goes away.
class SandboxProcess
{
public:
    SandboxProcess();
    ~SandboxProcess();
    SandboxProcess(const SandboxProcess &) = delete;
    SandboxProcess &operator=(const SandboxProcess &) = delete;

    // Starts cachesnap-sandbox --listen 127.0.0.1:0 --s3-root <own folder> <arguments> and reads the address from
    // its first line. On failure returns false and error() says why.
    bool start(const QStringList &arguments);
    // SIGTERM, then waits; true when it exited cleanly with code 0.
    bool stop();

    QString url() const; // http://127.0.0.1:PORT
    quint16 port() const;
    QString s3Root() const;
    QString error() const;

private:
    QProcess m_process;
    QTemporaryDir m_s3Root;
    QString m_url;
    quint16 m_port = 0;
    QString m_error;
};
