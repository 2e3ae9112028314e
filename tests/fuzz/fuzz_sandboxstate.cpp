// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The sandbox's state loader (sandboxpersistence.cpp): the input is a state file. What loads must save, and what
// it saves must load again. Loading applies the transitions that are due, and a finished export writes its objects
// under --s3-root, so the file's buckets and object keys must not lead anywhere else.
//
// A loader that does not check them would write wherever they point, and this process must not. So the target
// first works out, with SandboxBuckets::objectPath() itself, where each transition of the file would write. When
// every path stays inside --s3-root the file is loaded as it is (and the scratch folder is checked afterwards for
// anything written outside --s3-root). When one does not, the file is loaded with every transition postponed to
// the year 9999, so nothing is written, and the loader must have refused the file or dropped that transition.
#include "fuzzsupport.h"

#include "sandboxbuckets.h"
#include "sandboxconfig.h"
#include "sandboxseeder.h"
#include "sandboxstate.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace {

SandboxConfig g_config;
QString g_top; // this target's part of the scratch folder; --s3-root is g_top/s3

bool insideS3Root(const QString &path)
{
    return QDir::cleanPath(path).startsWith(g_config.s3Root + u'/');
}

// The first (bucket, key) of the file's transitions whose object would be written outside --s3-root.
std::optional<QString> escapingExport(const QJsonObject &root)
{
    const SandboxBuckets buckets(g_config.s3Root, g_config.region, g_config.accountId);
    for (const QJsonValue &v : root.value(u"transitions"_s).toArray()) {
        const QJsonObject o = v.toObject();
        const QString bucket = o.value(u"bucket"_s).toString();
        if (bucket.isEmpty())
            continue;
        for (const QJsonValue &key : o.value(u"objectKeys"_s).toArray()) {
            const QString path = buckets.objectPath(bucket, key.toString());
            if (!insideS3Root(path))
                return u"bucket \"%1\", key \"%2\" -> %3"_s.arg(bucket, key.toString(), QDir::cleanPath(path));
        }
    }
    return std::nullopt;
}

QJsonObject postponed(QJsonObject root)
{
    QJsonArray transitions = root.value(u"transitions"_s).toArray();
    for (qsizetype i = 0; i < transitions.size(); ++i) {
        QJsonObject o = transitions.at(i).toObject();
        o.insert(u"due"_s, u"9999-12-31T00:00:00.000Z"_s);
        transitions.replace(i, o);
    }
    root.insert(u"transitions"_s, transitions);
    return root;
}

// Anything under g_top that is neither inside --s3-root nor --s3-root itself.
QString strayEntry()
{
    QDirIterator it(g_top, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path != g_config.s3Root && !path.startsWith(g_config.s3Root + u'/'))
            return path;
    }
    return {};
}

void resetS3Root()
{
    QDir(g_config.s3Root).removeRecursively();
    if (!QDir().mkpath(g_config.s3Root + u"/fuzz-bucket"_s))
        qFatal("cannot create %s", qPrintable(g_config.s3Root));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    FuzzSupport::init();
    g_top = FuzzSupport::scratchDir() + u"/state"_s;
    g_config.s3Root = g_top + u"/s3"_s;
    g_config.seedSnapshots = 0;
    resetS3Root();
    // make-seeds: CACHESNAP_FUZZ_DUMP_STATE=<file> writes a seeded account's state file there and exits.
    if (const QString dump = qEnvironmentVariable("CACHESNAP_FUZZ_DUMP_STATE"); !dump.isEmpty()) {
        SandboxConfig config = g_config;
        config.seedSnapshots = 10;
        config.seedAnchor = QDateTime(QDate(2026, 1, 15), QTime(12, 0), Qt::UTC);
        SandboxState state(config);
        SandboxSeeder::seed(state);
        QFile file(dump);
        if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(state.toJson()).toJson()) < 0)
            qFatal("cannot write %s", qPrintable(dump));
        std::exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(FuzzSupport::bytes(data, size), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return 0;
    const QJsonObject root = document.object();
    QString error;

    if (const std::optional<QString> escape = escapingExport(root)) {
        SandboxState state(g_config);
        if (state.fromJson(postponed(root), &error) && escapingExport(state.toJson()))
            FuzzSupport::fail("a state file cannot send an export outside --s3-root", *escape);
        return 0;
    }

    SandboxState state(g_config);
    const bool loaded = state.fromJson(root, &error);
    if (const QString stray = strayEntry(); !stray.isEmpty())
        FuzzSupport::fail("loading a state file writes nothing outside --s3-root", stray);
    if (loaded) {
        const QJsonObject saved = state.toJson();
        SandboxState again(g_config);
        if (!again.fromJson(saved, &error))
            FuzzSupport::fail("a state the sandbox saved loads again",
                              error + u"\n"_s + QString::fromUtf8(QJsonDocument(saved).toJson()));
        if (again.snapshotCount() != state.snapshotCount()
            || again.serverlessSnapshotCount() != state.serverlessSnapshotCount()
            || again.cacheClusterCount() != state.cacheClusterCount()
            || again.replicationGroupCount() != state.replicationGroupCount()
            || again.serverlessCacheCount() != state.serverlessCacheCount())
            FuzzSupport::fail("a state saved and loaded again holds as much",
                              QString::fromUtf8(QJsonDocument(saved).toJson()));
    }
    if (!QDir(g_config.s3Root + u"/fuzz-bucket"_s).isEmpty() || QDir(g_config.s3Root).count() != 3)
        resetS3Root();
    // make-seeds: CACHESNAP_FUZZ_DUMP_STATE=<file> writes a seeded account's state file there and exits.
    if (const QString dump = qEnvironmentVariable("CACHESNAP_FUZZ_DUMP_STATE"); !dump.isEmpty()) {
        SandboxConfig config = g_config;
        config.seedSnapshots = 10;
        config.seedAnchor = QDateTime(QDate(2026, 1, 15), QTime(12, 0), Qt::UTC);
        SandboxState state(config);
        SandboxSeeder::seed(state);
        QFile file(dump);
        if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(state.toJson()).toJson()) < 0)
            qFatal("cannot write %s", qPrintable(dump));
        std::exit(0);
    }
    return 0;
}
