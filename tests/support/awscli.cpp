// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "awscli.h"

#include "sandboxprocess.h"

#include <QFileInfo>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace {

QString resolveShim(const QString &path)
{
    if (!path.contains(u"/shims/"))
        return path;
    const QString pyenv = QFileInfo(QFileInfo(path).absolutePath() + u"/../bin/pyenv"_s).absoluteFilePath();
    const QString program = QFileInfo(pyenv).isExecutable() ? pyenv : QStandardPaths::findExecutable(u"pyenv"_s);
    if (program.isEmpty())
        return path;
    const ProgramRun which
        = runProgram(program, {u"which"_s, QFileInfo(path).fileName()}, QProcessEnvironment::systemEnvironment());
    const QString resolved = QString::fromUtf8(which.out).trimmed();
    return which.exitCode == 0 && QFileInfo(resolved).isExecutable() ? resolved : path;
}

QString cliVersion(const QString &program)
{
    const ProgramRun run = runProgram(program, {u"--version"_s}, QProcessEnvironment::systemEnvironment());
    // awscli v1 printed its version on stderr in older releases.
    return QString::fromUtf8(run.out + run.err).trimmed();
}

} // namespace

AwsClis findAwsClis()
{
    AwsClis clis;
    for (const QString &candidate : {QStandardPaths::findExecutable(u"aws"_s), u"/usr/bin/aws"_s}) {
        if (candidate.isEmpty() || !QFileInfo(candidate).isExecutable())
            continue;
        const QString version = cliVersion(candidate);
        if (version.startsWith(u"aws-cli/1.") && clis.v1.isEmpty())
            clis.v1 = resolveShim(candidate);
        else if (version.startsWith(u"aws-cli/2.") && clis.v2.isEmpty())
            clis.v2 = candidate;
    }
    return clis;
}
