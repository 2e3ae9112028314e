// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later

// Reading the answers: the pages of a seeded sandbox account (DescribeSnapshots, 50 a page; DescribeCacheClusters,
// 100 a page), written as the sandbox serves them, read over and over on one thread as a listing's reading workers
// read them. Prints, per page and per MB, the cost of the whole read into snapshots and clusters (ResponseParser,
// as the app reads) and of going through the document alone with XmlPullReader (the app's reader) and with
// QXmlStreamReader (Qt's, which the app used until 2026-12-07), for comparison. Asserts no timing; exits non-zero
// if a page does not read back whole.
//
//   build/check/benchmarks/bench_xmlreading [--snapshots 20000] [--seconds 2]

#include "model/xmlpullreader.h"
#include "responseparser.h"
#include "sandboxconfig.h"
#include "sandboxseeder.h"
#include "sandboxstate.h"
#include "sandboxxml.h"
#include "stringpool.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QXmlStreamReader>

#include <cstdio>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

struct Pages
{
    QList<QByteArray> documents;
    qint64 bytes = 0;
    qint64 items = 0;
    std::function<qint64()> writeAll; // writes every page again, as the sandbox serves it; the bytes written
};

template<typename Item, typename Request, typename Describe, typename Write>
Pages pagesOf(SandboxState &state, int pageSize, Describe describe, Write write)
{
    Pages pages;
    auto values = std::make_shared<QList<SandboxPage<Item>>>();
    QString marker;
    do {
        Request request;
        request.maxRecords = pageSize;
        const ApiResult<SandboxPage<Item>> page = (state.*describe)(request, marker);
        if (!page.ok())
            qFatal("the sandbox did not answer: %s", qPrintable(page.error().message));
        pages.documents.append(write(page.value(), u"bench"_s));
        pages.bytes += pages.documents.last().size();
        pages.items += page.value().items.size();
        values->append(page.value());
        marker = page.value().marker;
    } while (!marker.isEmpty());
    pages.writeAll = [values, write] {
        qint64 bytes = 0;
        for (const SandboxPage<Item> &page : std::as_const(*values))
            bytes += write(page, u"bench"_s).size();
        return bytes;
    };
    return pages;
}

// Reads every page with read until seconds have passed (at least once); the time of one page.
double perPage(const Pages &pages, double seconds, const std::function<qint64(const QByteArray &)> &read)
{
    QElapsedTimer timer;
    timer.start();
    qint64 pagesRead = 0;
    do {
        for (const QByteArray &page : pages.documents) {
            if (read(page) < 0)
                qFatal("a page did not read");
            ++pagesRead;
        }
    } while (timer.nsecsElapsed() < qint64(seconds * 1e9));
    return double(timer.nsecsElapsed()) / double(pagesRead);
}

// Goes through the document token by token: the reader's own work, nothing made of it.
template<typename Reader> qint64 tokensOf(const QByteArray &xml)
{
    Reader r(xml);
    qint64 tokens = 0;
    while (!r.atEnd()) {
        r.readNext();
        ++tokens;
    }
    return r.hasError() ? -1 : tokens;
}

void report(const char *what, const Pages &pages, double seconds,
            const std::function<qint64(const QByteArray &)> &parse)
{
    const double pageBytes = double(pages.bytes) / double(pages.documents.size());
    const double parseNs = perPage(pages, seconds, parse);
    const double ownNs = perPage(pages, seconds, tokensOf<XmlPullReader>);
    const double qtNs = perPage(pages, seconds, tokensOf<QXmlStreamReader>);
    QElapsedTimer timer;
    timer.start();
    qint64 pagesWritten = 0;
    do {
        if (pages.writeAll() != pages.bytes)
            qFatal("the pages were not written again as they were");
        pagesWritten += pages.documents.size();
    } while (timer.nsecsElapsed() < qint64(seconds * 1e9));
    const double writeNs = double(timer.nsecsElapsed()) / double(pagesWritten);
    const auto line = [&](const char *how, double ns) {
        std::printf("  %-44s %8.1f us a page %7.1f MB/s\n", how, ns / 1e3, pageBytes / ns * 1e3);
    };
    std::printf("%s: %lld pages of %.1f KB (%lld items)\n", what, static_cast<long long>(pages.documents.size()),
                pageBytes / 1024, static_cast<long long>(pages.items));
    line("read into values (ResponseParser)", parseNs);
    line("through the document, XmlPullReader", ownNs);
    line("through the document, QXmlStreamReader", qtNs);
    line("written by the sandbox (SandboxXml)", writeNs);
    std::printf("  QXmlStreamReader alone takes %.1f times XmlPullReader's time, %.2f times the whole read's\n",
                qtNs / ownNs, qtNs / parseNs);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Reads a seeded account's answers over and over; prints the time a page."_s);
    parser.addHelpOption();
    const QCommandLineOption snapshotsOption(u"snapshots"_s, u"Snapshots to seed (default 20000)."_s, u"n"_s,
                                             u"20000"_s);
    const QCommandLineOption secondsOption(u"seconds"_s, u"Seconds to read each way (default 2)."_s, u"s"_s, u"2"_s);
    parser.addOptions({snapshotsOption, secondsOption});
    parser.process(app);
    const double seconds = parser.value(secondsOption).toDouble();

    SandboxConfig config;
    config.seedSnapshots = parser.value(snapshotsOption).toInt();
    SandboxState state(config);
    SandboxSeeder::seed(state);

    const Pages snapshots = pagesOf<Snapshot, DescribeSnapshotsRequest>(state, 50, &SandboxState::describeSnapshots,
                                                                        &SandboxXml::describeSnapshots);
    StringPool pool(StringPool::Scope::Shared); // as a listing reads: one pool for all its pages
    report("DescribeSnapshots", snapshots, seconds, [&pool](const QByteArray &xml) -> qint64 {
        const auto page = ResponseParser::describeSnapshots(xml, &pool);
        return page.ok() ? page.value().items.size() : -1;
    });
    const Pages clusters = pagesOf<CacheCluster, DescribeCacheClustersRequest>(
        state, 100, &SandboxState::describeCacheClusters, &SandboxXml::describeCacheClusters);
    report("DescribeCacheClusters", clusters, seconds, [](const QByteArray &xml) -> qint64 {
        const auto page = ResponseParser::describeCacheClusters(xml);
        return page.ok() ? page.value().items.size() : -1;
    });
    std::printf("rerun: %s --snapshots %d --seconds %g\n", argv[0], config.seedSnapshots, seconds);
    return 0;
}
