// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "debuglog.h"

#include "redaction.h"

#include <QDateTime>
#include <QIODevice>
#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>

using namespace Qt::StringLiterals;

namespace DebugLog {

namespace {
struct State
{
    QMutex mutex;
    QIODevice *device = nullptr;
    QByteArrayList secrets;
};

State &state()
{
    static State s;
    return s;
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    State &s = state();
    QMutexLocker lock(&s.mutex);
    if (!s.device)
        return;
    const char *level = "DEBUG";
    switch (type) {
    case QtDebugMsg:
        break;
    case QtInfoMsg:
        level = "INFO";
        break;
    case QtWarningMsg:
        level = "WARNING";
        break;
    case QtCriticalMsg:
    case QtFatalMsg:
        level = "ERROR";
        break;
    }
    QByteArray line = QDateTime::currentDateTime().toString(u"yyyy-MM-dd HH:mm:ss,zzz"_s).toUtf8() + " - "
        + QByteArray(context.category ? context.category : "default") + " - " + level + " - " + message.toUtf8() + '\n';
    s.device->write(Redaction::knownSecrets(std::move(line), s.secrets));
}
} // namespace

void enable(QIODevice *device)
{
    {
        State &s = state();
        QMutexLocker lock(&s.mutex);
        s.device = device;
    }
    QLoggingCategory::setFilterRules(u"cachesnap.*.debug=true\ncachesnap.*.info=true"_s);
    qInstallMessageHandler(handler);
}

void addSecrets(const QByteArrayList &secrets)
{
    State &s = state();
    QMutexLocker lock(&s.mutex);
    for (const QByteArray &secret : secrets) {
        if (!secret.isEmpty() && !s.secrets.contains(secret))
            s.secrets.append(secret);
    }
}

bool isEnabled()
{
    State &s = state();
    QMutexLocker lock(&s.mutex);
    return s.device != nullptr;
}

} // namespace DebugLog
