// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "testsupport.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcessEnvironment>
#include <QTest>

using namespace Qt::StringLiterals;

QString testDataPath(const QString &name)
{
    const QString root = QStringLiteral(CACHESNAP_TESTDATA_DIR);
    return name.isEmpty() ? root : root + u'/' + name;
}

QByteArray testData(const QString &name)
{
    QFile file(testDataPath(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read test data %s", qPrintable(file.fileName()));
    return file.readAll();
}

bool spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!done() && !deadline.hasExpired())
        QTest::qWait(5);
    return done();
}

void unsetAwsVariables()
{
    const QStringList names = QProcessEnvironment::systemEnvironment().keys();
    for (const QString &name : names) {
        if (name.startsWith(u"AWS_"))
            qunsetenv(name.toLocal8Bit().constData());
    }
}

QueryParams queryParams(std::initializer_list<std::pair<const char16_t *, QString>> list)
{
    QueryParams result;
    for (const auto &[name, value] : list)
        result.append({QString::fromUtf16(name), value});
    return result;
}
