// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxprocess.h"

#include "testsupport.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

// What a started program left: its exit code and output when it finished in time; otherwise it is killed, and the
// run says -1 with what it wrote on stderr.
ProgramRun collect(QProcess &process, bool finished, const QElapsedTimer &clock)
{
    ProgramRun run;
    if (!finished) {
        process.kill();
        process.waitForFinished(2000);
        run.err = process.readAllStandardError();
        return run;
    }
    run.elapsedMs = clock.elapsed();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace

QString findBuiltBinary(const QString &name)
{
    const QString root = QStringLiteral(CACHESNAP_BINARY_DIR);
    for (const QString &dir : {u"/app/"_s, u"/sandbox/"_s, u"/bin/"_s, u"/"_s}) {
        const QFileInfo info(root + dir + name);
        if (info.isExecutable())
            return info.absoluteFilePath();
    }
    return {};
}

ProgramRun runProgram(const QString &program, const QStringList &arguments, const QProcessEnvironment &env,
                      int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(env);
    QElapsedTimer clock;
    clock.start();
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return {}; // exit code -1
    process.closeWriteChannel();
    return collect(process, process.waitForFinished(timeoutMs), clock);
}

ProgramRun runProgramInEventLoop(const QString &program, const QStringList &arguments, const QProcessEnvironment &env,
                                 const QByteArray &input, int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(env);
    QElapsedTimer clock;
    clock.start();
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return {}; // exit code -1
    process.write(input);
    process.closeWriteChannel();
    return collect(process, spinUntil([&process] { return process.state() == QProcess::NotRunning; }, timeoutMs),
                   clock);
}

QString describe(const ProgramRun &run)
{
    return u"exit %1 after %2 ms\nstdout: %3\nstderr: %4"_s.arg(run.exitCode)
        .arg(run.elapsedMs)
        .arg(QString::fromUtf8(run.out.left(2000)), QString::fromUtf8(run.err.left(2000)));
}

QJsonObject parseObject(const QByteArray &bytes)
{
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning().noquote() << "not JSON:" << error.errorString() << QString::fromUtf8(bytes.left(400));
    return document.object();
}

QProcessEnvironment isolatedAwsEnvironment(const QString &home, const QString &accessKeyId,
                                           const QString &secretAccessKey, const QString &region)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(u"AWS_"))
            env.remove(key);
    }
    env.insert(u"HOME"_s, home);
    env.insert(u"AWS_CONFIG_FILE"_s, home + u"/no-config"_s);
    env.insert(u"AWS_SHARED_CREDENTIALS_FILE"_s, home + u"/no-credentials"_s);
    env.insert(u"AWS_ACCESS_KEY_ID"_s, accessKeyId);
    env.insert(u"AWS_SECRET_ACCESS_KEY"_s, secretAccessKey);
    env.insert(u"AWS_DEFAULT_REGION"_s, region);
    env.insert(u"AWS_PAGER"_s, QString());
    env.insert(u"AWS_CLI_AUTO_PROMPT"_s, u"off"_s);
    return env;
}

SandboxProcess::SandboxProcess() = default;

SandboxProcess::~SandboxProcess()
{
    stop();
}

bool SandboxProcess::start(const QStringList &arguments)
{
    const QString binary = findBuiltBinary(u"cachesnap-sandbox"_s);
    if (binary.isEmpty()) {
        m_error = u"cachesnap-sandbox not found under "_s + QStringLiteral(CACHESNAP_BINARY_DIR);
        return false;
    }
    if (!m_s3Root.isValid()) {
        m_error = u"cannot create a temporary S3 root: "_s + m_s3Root.errorString();
        return false;
    }
    m_process.setProgram(binary);
    m_process.setArguments(QStringList {u"--listen"_s, u"127.0.0.1:0"_s, u"--s3-root"_s, m_s3Root.path()}
                           + arguments);
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start();
    if (!m_process.waitForStarted(10000)) {
        m_error = m_process.errorString();
        return false;
    }
    while (!m_process.canReadLine()) {
        if (!m_process.waitForReadyRead(60000)) {
            m_error = u"the sandbox printed no address: "_s + QString::fromUtf8(m_process.readAllStandardError());
            return false;
        }
    }
    const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
    static const QRegularExpression pattern(u"^listening on (http://127\\.0\\.0\\.1:(\\d+))$"_s);
    const auto match = pattern.match(line);
    if (!match.hasMatch()) {
        m_error = u"unexpected first line: "_s + line;
        return false;
    }
    m_url = match.captured(1);
    m_port = quint16(match.captured(2).toUInt());
    return true;
}

bool SandboxProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(2000);
        return false;
    }
    return m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
}

QString SandboxProcess::url() const
{
    return m_url;
}

quint16 SandboxProcess::port() const
{
    return m_port;
}

QString SandboxProcess::s3Root() const
{
    return m_s3Root.path();
}

QString SandboxProcess::error() const
{
    return m_error;
}
