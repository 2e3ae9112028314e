// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "clirunner.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"cachesnap-cli"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(CACHESNAP_VERSION));

    QFile out;
    QFile err;
    if (!out.open(stdout, QIODevice::WriteOnly) || !err.open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered))
        return 255;

    CliRunner runner(&out, &err);
    QObject::connect(&runner, &CliRunner::finished, &app, [&out](int exitCode) {
        out.flush();
        QCoreApplication::exit(exitCode);
    });
    runner.start(QCoreApplication::arguments());
    return QCoreApplication::exec();
}
