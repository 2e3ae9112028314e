// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "fuzzsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QTemporaryDir>

#include <cstdio>
#include <cstdlib>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

bool verbose()
{
    static const bool on = qEnvironmentVariableIntValue("CACHESNAP_FUZZ_VERBOSE") == 1;
    return on;
}

void messageHandler(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtFatalMsg || verbose())
        std::fprintf(stderr, "%s\n", qPrintable(message));
    if (type == QtFatalMsg)
        std::abort();
}

std::unique_ptr<QTemporaryDir> &scratch()
{
    static std::unique_ptr<QTemporaryDir> dir;
    return dir;
}

} // namespace

namespace FuzzSupport {

void init()
{
    static bool done = false;
    if (done)
        return;
    done = true;
    qInstallMessageHandler(messageHandler);
    // A fixed zone and locale, so that an input behaves the same on every machine.
    qputenv("TZ", "UTC");
    qputenv("LC_ALL", "C.UTF-8");
    static int argc = 1;
    static char name[] = "cachesnap-fuzz";
    static char *argv[] = {name, nullptr};
    new QCoreApplication(argc, argv); // lives until exit: libFuzzer never returns from its loop
    scratch() = std::make_unique<QTemporaryDir>(QDir::tempPath() + u"/cachesnap-fuzz-XXXXXX"_s);
    if (!scratch()->isValid())
        qFatal("cannot create a scratch folder under %s", qPrintable(QDir::tempPath()));
    std::atexit([] { scratch().reset(); });
}

QString scratchDir()
{
    init();
    return scratch()->path();
}

QByteArray bytes(const std::uint8_t *data, std::size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

void fail(const char *property, const QString &detail)
{
    std::fprintf(stderr, "==cachesnap-fuzz== property does not hold: %s\n%s\n", property, qPrintable(detail));
    std::fflush(stderr);
    std::abort();
}

QByteArray TextRequest::header(const QByteArray &lowerName) const
{
    for (const auto &[name, value] : headers) {
        if (name.toLower() == lowerName)
            return value;
    }
    return {};
}

TextRequest parseTextRequest(const QByteArray &text)
{
    TextRequest request;
    qsizetype at = 0;
    const auto nextLine = [&](QByteArray *line) {
        if (at >= text.size())
            return false;
        qsizetype end = text.indexOf('\n', at);
        if (end < 0)
            end = text.size();
        *line = text.mid(at, end - at);
        if (line->endsWith('\r'))
            line->chop(1);
        at = end + 1;
        return true;
    };
    QByteArray line;
    if (!nextLine(&line))
        return request;
    const QList<QByteArray> parts = line.split(' ');
    request.method = parts.value(0);
    const QByteArray target = parts.value(1);
    const qsizetype q = target.indexOf('?');
    request.path = q < 0 ? target : target.left(q);
    request.query = q < 0 ? QByteArray() : target.mid(q + 1);
    while (nextLine(&line)) {
        if (line.isEmpty())
            break;
        if ((line.startsWith(' ') || line.startsWith('\t')) && !request.headers.isEmpty()) {
            request.headers.last().second += '\n' + line;
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            request.headers.append({line, QByteArray()});
        else
            request.headers.append({line.left(colon), line.mid(colon + 1)});
    }
    request.body = at < text.size() ? text.mid(at) : QByteArray();
    return request;
}

} // namespace FuzzSupport
