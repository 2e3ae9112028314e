// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later

// The desktop app at scale: a real MainWindow, shown, loading from a cachesnap-sandbox process (so the server's
// work stays off this GUI thread) seeded with N snapshots. Prints figures; asserts nothing, except that the
// whole list arrived.
//
//   QT_QPA_PLATFORM=offscreen build/dev/benchmarks/bench_mainwindow [--snapshots 100000] [--sandbox PATH]
//       [--connections N] [--latency-ms MS] [--sandbox-nice N] [--sequential] [--load-only]
//
// Measures: the longest the event loop was blocked while loading (a 5 ms timer's worst lateness), the longest event
// and the events over 50 ms (by wall and by the window's thread's CPU time; BENCH_LONG_EVENTS=1 lists each on
// stderr with its start on the monotonic clock, to find it in a profile), the time to the first row and to the whole
// list, the CPU time of the app, its window's thread, its listing threads (all and the busiest) and the sandbox
// during the load, the heap and RSS growth per snapshot (and the shares of the filter proxy's keys, the Caches tab's
// rows and the rows' Snapshot objects), the GUI-thread time of a full in-place refresh merge and of one in which 1% of
// the rows are gone and 1% changed, a filter keystroke (median and worst of 18, re-filter plus repaint) and sorting
// each shown column both ways. Tags: the ListTagsForResource calls the load made (none), the calls and time to fill the
// Tags column's rows on screen, and a tag filter over the few thousand snapshots another filter lets through (reads per
// second, the longest the event loop was blocked meanwhile).

#include "cachelisting.h"
#include "cachesview.h"
#include "cachetablemodel.h"
#include "endpointresolver.h"
#include "mainwindow.h"
#include "rowtableview.h"
#include "sandboxdefaults.h"
#include "sharedstrings.h"
#include "snapshotfilterproxymodel.h"
#include "snapshotlisting.h"
#include "snapshottablemodel.h"
#include "tagcache.h"
#include "tagrules.h"
#include "turnbudget.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QCompleter>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMap>
#include <QPaintEvent>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

qint64 heapInUse()
{
    const struct mallinfo2 info = mallinfo2();
    return qint64(info.uordblks + info.hblkhd);
}

// The CPU time (user and system) in a /proc stat file (a process's or one of its threads'), in seconds.
double cpuSeconds(const QString &statPath)
{
    QFile stat(statPath);
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    // The command's name is in parentheses and may hold spaces: the fields are counted after its closing one.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return double(fields.at(11).toLongLong() + fields.at(12).toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

double processCpuSeconds(qint64 pid)
{
    return cpuSeconds(u"/proc/%1/stat"_s.arg(pid));
}

// The CPU time (user and system) of each of this process's listing threads (ListingThread::threads(), named
// "cachesnap listing", which Linux keeps as its first 15 bytes), in seconds by thread id.
QHash<QString, double> listingThreadsCpuSeconds()
{
    QHash<QString, double> seconds;
    const QDir tasks(u"/proc/self/task"_s);
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + u"/comm"_s));
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().startsWith("cachesnap listi"))
            seconds.insert(tid, cpuSeconds(tasks.filePath(tid + u"/stat"_s)));
    }
    return seconds;
}

qint64 residentBytes()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QRegularExpression rss(u"VmRSS:\\s+(\\d+) kB"_s);
    const QRegularExpressionMatch match = rss.match(QString::fromLatin1(status.readAll()));
    return match.hasMatch() ? match.captured(1).toLongLong() * 1024 : -1;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

double elapsedMs(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

// Runs the event loop until done() or the timeout; true when done. The loop sleeps between events, as the app's
// does: processEvents() without WaitForMoreEvents returns at once when nothing is pending, so a loop of those spun
// on a core the sandbox needed (at 600,000 snapshots the window's thread spent half its time in poll(), and the
// load took longer the more it waited).
template<typename Done> bool runUntil(Done done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    QTimer wake; // WaitForMoreEvents returns at the latest on this, to look at done() and the time again
    wake.start(20);
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

// A refresh of the model with these pages as the listing: the GUI-thread time of the merge, and of the repaint
// after it.
std::pair<double, double> refreshWith(SnapshotTableModel *model, const QList<QList<SnapshotEntry>> &pages)
{
    QElapsedTimer merge;
    merge.start();
    model->beginRefresh();
    for (const QList<SnapshotEntry> &page : pages)
        model->mergePage(page);
    model->endRefresh(SnapshotEntry::Kind::NodeBased);
    model->endRefresh(SnapshotEntry::Kind::Serverless);
    const double mergeMs = elapsedMs(merge);
    QElapsedTimer settle;
    settle.start();
    QCoreApplication::processEvents();
    return {mergeMs, elapsedMs(settle)};
}

constexpr double kEventBudgetMs = 50; // the longest an event may take (issue 13)

// The longest lateness of a 5 ms repeating timer: how long the event loop could not run.
class StallMeter final : public QObject
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const double gap = elapsedMs(m_clock);
            m_clock.start();
            const double late = gap - 5.0;
            m_over += late > kEventBudgetMs ? 1 : 0;
            m_overHalf += late > kEventBudgetMs / 2 ? 1 : 0;
            const bool worst = late > m_worst;
            if (worst) {
                m_worst = late;
                m_worstAt = elapsedMs(m_started);
            }
            if (m_onLong && (worst || late > kEventBudgetMs))
                m_onLong(late, elapsedMs(m_started));
            if (m_onTick)
                m_onTick();
        });
    }
    // Called at each tick (after onLong), and with a gap and when it ended if it is the longest so far or longer
    // than kEventBudgetMs.
    void setObservers(std::function<void()> onTick, std::function<void(double, double)> onLong)
    {
        m_onTick = std::move(onTick);
        m_onLong = std::move(onLong);
    }
    void start()
    {
        m_worst = 0;
        m_over = 0;
        m_overHalf = 0;
        m_started.start();
        m_clock.start();
        m_timer.start();
    }
    double stop()
    {
        m_timer.stop();
        return m_worst;
    }

    double worstAtMs() const { return m_worstAt; }
    // How often the loop was blocked longer than kEventBudgetMs, and than half of it: how rare the worst is.
    int over() const { return m_over; }
    int overHalf() const { return m_overHalf; }

private:
    std::function<void()> m_onTick;
    std::function<void(double, double)> m_onLong;
    QTimer m_timer;
    QElapsedTimer m_clock;
    QElapsedTimer m_started;
    double m_worst = 0;
    double m_worstAt = 0;
    int m_over = 0;
    int m_overHalf = 0;
};

// The thread's CPU time, by the clock the merge turns are measured with.
double threadCpuMs()
{
    return double(TurnBudget::threadCpuNs()) / 1e6;
}

constexpr double kLongPaintMs = 10; // a paint event listed with BENCH_LONG_EVENTS

// Times every event the application delivers (outermost deliveries only) and keeps the longest while enabled: the
// app's own longest piece of work, where the stall meter also sees the scheduler (the sandbox and Qt's network
// thread share the machine's cores with the window's thread). The longest by the thread's CPU time is kept too:
// on a busy machine the wall time of an event includes the time the thread waited for a core.
class EventTimingApplication final : public QApplication
{
public:
    using QApplication::QApplication;

    struct Longest
    {
        double ms = 0;
        QString what;
    };

    bool notify(QObject *receiver, QEvent *event) override
    {
        // The window's thread only: Qt's network threads deliver events here too, and these members are the GUI
        // thread's.
        if (m_enabled && m_listEvents && event->type() == QEvent::Paint && QThread::currentThread() == thread()) {
            const QString name = receiver->objectName();
            const QObject *named = receiver;
            // A view's viewport, named for all views alike, is listed as its view's (where the rows are painted; the
            // view's own paint events are its frame's).
            const bool viewport = name == u"qt_scrollarea_viewport" && receiver->parent();
            if (viewport)
                named = receiver->parent();
            const QString widget = QString::fromLatin1(named->metaObject()->className()) + u' ' + named->objectName()
                + (viewport ? u" (its viewport)"_s : QString());
            ++m_paints[widget];
            if (m_depth > 0) {
                // Inside an update request: a paint that takes long is listed with its area.
                const QRect area = static_cast<QPaintEvent *>(event)->rect();
                const Delivery paint = deliverTimed(receiver, event);
                if (paint.cpuMs > kLongPaintMs)
                    std::fprintf(stderr, "long paint: %.1f ms, %.1f ms of CPU, %s, %dx%d at %d,%d\n", paint.ms,
                                 paint.cpuMs, qPrintable(widget), area.width(), area.height(), area.x(), area.y());
                return paint.result;
            }
        }
        if (!m_enabled || m_depth > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        // The event may delete its receiver (a deferred delete, a slot that deletes its sender): described from
        // what is known before, and its name only if it is still there.
        const char *className = receiver->metaObject()->className();
        const QEvent::Type type = event->type();
        const QPointer<QObject> alive(receiver);
        const auto [result, startedMs, ms, cpuMs] = deliverTimed(receiver, event);
        m_over += ms > kEventBudgetMs ? 1 : 0;
        m_overCpu += cpuMs > kEventBudgetMs ? 1 : 0;
        if (m_listEvents) {
            m_handled.append({className, int(type), ms, cpuMs});
            auto &kind = m_kinds[{className, int(type)}];
            ++kind.first;
            kind.second += cpuMs;
        }
        const bool listed = ms > kEventBudgetMs && m_listEvents;
        if (listed || ms > m_wall.ms || cpuMs > m_cpu.ms) {
            const QString name = alive ? alive->objectName() : QString();
            const QString what = QString::fromLatin1(className) + (name.isEmpty() ? QString() : u' ' + name)
                + u", event type "_s + QString::number(int(type));
            if (listed)
                std::fprintf(stderr, "long event at %.3f s (monotonic): %.1f ms, %.1f ms of CPU, %s\n",
                             double(startedMs) / 1000, ms, cpuMs, qPrintable(what));
            if (ms > m_wall.ms)
                m_wall = {ms, what};
            if (cpuMs > m_cpu.ms)
                m_cpu = {cpuMs, what};
        }
        return result;
    }
    // The events handled since the stall meter's last tick (BENCH_LONG_EVENTS only): what blocked the loop when the
    // meter sees its longest gap.
    struct Handled
    {
        const char *className;
        int type;
        double wallMs;
        double cpuMs;
    };
    QList<Handled> takeHandled() { return std::exchange(m_handled, {}); }
    // The window's thread's CPU time by kind of event (receiver's class and event type) since enabled, the most first
    // (BENCH_LONG_EVENTS only).
    struct Kind
    {
        QString what;
        int events = 0;
        double cpuMs = 0;
    };
    QList<Kind> kinds() const
    {
        QList<Kind> kinds;
        for (auto it = m_kinds.cbegin(); it != m_kinds.cend(); ++it)
            kinds.append({QString::fromLatin1(it.key().first) + u", event type "_s + QString::number(it.key().second),
                          it.value().first, it.value().second});
        std::sort(kinds.begin(), kinds.end(), [](const Kind &a, const Kind &b) { return a.cpuMs > b.cpuMs; });
        return kinds;
    }

    // Paint events by widget (class and name; a viewport by its view's) since enabled, the most first
    // (BENCH_LONG_EVENTS only; those over kLongPaintMs of CPU are listed on stderr as they happen).
    QList<std::pair<QString, int>> paints() const
    {
        QList<std::pair<QString, int>> paints;
        for (auto it = m_paints.cbegin(); it != m_paints.cend(); ++it)
            paints.append({it.key(), it.value()});
        std::sort(paints.begin(), paints.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
        return paints;
    }

    void setEnabled(bool enabled)
    {
        m_enabled = enabled;
        m_handled.clear();
        m_kinds.clear();
        m_paints.clear();
        m_wall = {};
        m_cpu = {};
        m_over = 0;
        m_overCpu = 0;
    }
    Longest longestWall() const { return m_wall; }
    Longest longestCpu() const { return m_cpu; }
    // The events that took longer than kEventBudgetMs, by wall and by CPU time.
    int eventsOverBudget() const { return m_over; }
    int eventsOverBudgetCpu() const { return m_overCpu; }

private:
    // An event delivered, and how long it took by the wall clock and by the thread's CPU time.
    struct Delivery
    {
        bool result;
        qint64 startedMs; // by the monotonic clock
        double ms;
        double cpuMs;
    };
    Delivery deliverTimed(QObject *receiver, QEvent *event)
    {
        QElapsedTimer timer;
        timer.start();
        const double cpuStart = threadCpuMs();
        ++m_depth;
        const bool result = QApplication::notify(receiver, event);
        --m_depth;
        return {result, timer.msecsSinceReference(), elapsedMs(timer), threadCpuMs() - cpuStart};
    }

    bool m_enabled = false;
    const bool m_listEvents = qEnvironmentVariableIsSet("BENCH_LONG_EVENTS");
    QList<Handled> m_handled;
    QHash<std::pair<const char *, int>, std::pair<int, double>> m_kinds;
    QMap<QString, int> m_paints;
    int m_depth = 0;
    Longest m_wall;
    Longest m_cpu;
    int m_over = 0;
    int m_overCpu = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // figures appear as they are measured
    EventTimingApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // keeps the benchmark's settings away from the user's
    QCoreApplication::setOrganizationName(u"CacheSnapBench"_s);
    QCoreApplication::setApplicationName(u"bench_mainwindow"_s);

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption snapshotsOption(u"snapshots"_s, u"How many snapshots to seed."_s, u"N"_s, u"100000"_s);
    const QCommandLineOption sandboxOption(u"sandbox"_s, u"The cachesnap-sandbox binary."_s, u"PATH"_s,
                                           QCoreApplication::applicationDirPath() + u"/../app/cachesnap-sandbox"_s);
    const QCommandLineOption connectionsOption(
        u"connections"_s,
        u"Spread the snapshots over this many connections (regions of one sandbox account) in one window: the fleet. "
        "The refresh figures are measured with one connection only."_s,
        u"N"_s, u"1"_s);
    const QCommandLineOption latencyOption(
        u"latency-ms"_s, u"The sandbox's latency per request (--latency-ms), as a real service's round trip."_s,
        u"MS"_s, u"0"_s);
    const QCommandLineOption sequentialOption(
        u"sequential"_s, u"List with plain sequential pages instead of per source (SnapshotSweep)."_s);
    const QCommandLineOption loadOnlyOption(
        u"load-only"_s,
        u"Stop right after the load and its memory figures, leaving the window's memory as it is (for a heap "
        "profiler: what is still allocated at the exit is what the loaded window holds)."_s);
    const QCommandLineOption sandboxNiceOption(
        u"sandbox-nice"_s,
        u"Run the sandbox this much nicer than the app (Linux nice values): a real service's work is not on the "
        "desktop's cores, and the sandbox's is, on a core it shares with the window's thread."_s,
        u"N"_s, u"0"_s);
    parser.addOptions({snapshotsOption, sandboxOption, connectionsOption, latencyOption, sequentialOption,
                       loadOnlyOption, sandboxNiceOption});
    parser.process(app);
    const int seeded = parser.value(snapshotsOption).toInt();
    const int connections = std::max(1, parser.value(connectionsOption).toInt());
    // The fleet: one account in the first N regions of the partition, each seeded with its share.
    const QStringList regions = EndpointResolver::regions(u"aws"_s).mid(0, connections);
    if (regions.size() < connections) {
        std::fprintf(stderr, "bench_mainwindow: at most %lld connections\n", static_cast<long long>(regions.size()));
        return 2;
    }
    QStringList sandboxArguments {u"--listen"_s, u"127.0.0.1:0"_s, u"--seed-snapshots"_s,
                                  QString::number(seeded / connections)};
    if (parser.value(latencyOption).toInt() > 0)
        sandboxArguments += {u"--latency-ms"_s, parser.value(latencyOption)};
    // Every region seeded before the load (as a real service's data is there already), so that the first answers
    // do not wait for the sandbox to seed their regions.
    if (connections > 1)
        sandboxArguments
            += {u"--region"_s, regions.first(), u"--regions"_s, regions.mid(1).join(u','), u"--seed-all-at-start"_s};

    QProcess sandbox;
    sandbox.setProcessChannelMode(QProcess::ForwardedErrorChannel);
#ifdef Q_OS_UNIX
    if (const int niceness = parser.value(sandboxNiceOption).toInt(); niceness > 0) {
        sandbox.setChildProcessModifier([niceness] {
            errno = 0;
            if (::nice(niceness) == -1 && errno != 0)
                std::perror("bench_mainwindow: nice");
        });
    }
#endif
    QElapsedTimer seeding;
    seeding.start();
    sandbox.start(parser.value(sandboxOption), sandboxArguments);
    if (!sandbox.waitForStarted(10000) || !sandbox.waitForReadyRead(600000)) {
        std::fprintf(stderr, "bench_mainwindow: cannot start %s\n", qPrintable(parser.value(sandboxOption)));
        return 1;
    }
    const QString line = QString::fromUtf8(sandbox.readLine()).trimmed();
    const QRegularExpressionMatch url = QRegularExpression(u"listening on (http://\\S+)"_s).match(line);
    if (!url.hasMatch()) {
        std::fprintf(stderr, "bench_mainwindow: unexpected sandbox output: %s\n", qPrintable(line));
        return 1;
    }
    const QUrl endpoint(url.captured(1));
    std::printf("sandbox with --seed-snapshots %d ready in %.1f s at %s\n", seeded, double(seeding.elapsed()) / 1000,
                qPrintable(endpoint.toString()));

    MainWindow::Options options;
    options.restoreSettings = false;
    options.sandboxUrl = endpoint.toString();
    const QString home = connections > 1 ? regions.first() : QString(SandboxDefaults::region);
    options.regions = connections > 1 ? regions : QStringList {home};
    options.resolver = Connections::sandboxResolver(
        {endpoint, home, QString(SandboxDefaults::accessKeyId), QString(SandboxDefaults::secretAccessKey), {}},
        options.regions, {});

    malloc_trim(0);
    const qint64 heapBefore = heapInUse();
    const qint64 rssBefore = residentBytes();
    MainWindow window(options);
    window.resize(1500, 900);
    window.show();
    runUntil([] { return false; }, 300); // first paint

    // Load.
    StallMeter stalls;
    bool loaded = false;
    bool ok = false;
    QObject::connect(&window, &MainWindow::loadFinished, &window, [&](bool success) {
        loaded = true;
        ok = success;
    });
    QElapsedTimer load;
    double firstRowMs = -1;
    QObject::connect(window.model(), &QAbstractItemModel::rowsInserted, &window, [&] {
        if (firstRowMs < 0)
            firstRowMs = elapsedMs(load);
    });
    window.listing()->setPerSourceListing(!parser.isSet(sequentialOption));
    std::printf("listing %s%s\n", parser.isSet(sequentialOption) ? "with sequential pages" : "per source",
                parser.value(latencyOption).toInt() > 0
                    ? qPrintable(u" at %1 ms a request"_s.arg(parser.value(latencyOption)))
                    : "");
    if (qEnvironmentVariableIsSet("BENCH_LONG_EVENTS")) {
        // Each new longest gap, and each over kEventBudgetMs: the events the window's thread handled in it, the
        // longest first.
        stalls.setObservers([&app] { app.takeHandled(); },
                            [&app](double gapMs, double atMs) {
                                QList<EventTimingApplication::Handled> handled = app.takeHandled();
                                double wall = 0;
                                double cpu = 0;
                                for (const auto &event : std::as_const(handled)) {
                                    wall += event.wallMs;
                                    cpu += event.cpuMs;
                                }
                                std::fprintf(stderr,
                                             "loop blocked %.1f ms at %.1f s into the load: %lld events, %.1f ms of "
                                             "them, %.1f ms of CPU\n",
                                             gapMs, atMs / 1000, static_cast<long long>(handled.size()), wall, cpu);
                                QHash<std::pair<const char *, int>, std::pair<int, double>> byKind;
                                for (const auto &event : std::as_const(handled)) {
                                    auto &kind = byKind[{event.className, event.type}];
                                    ++kind.first;
                                    kind.second += event.wallMs;
                                }
                                for (auto it = byKind.cbegin(); it != byKind.cend(); ++it) {
                                    if (it.value().second >= 1.0)
                                        std::fprintf(stderr, "    %d events of %s, event type %d: %.1f ms\n",
                                                     it.value().first, it.key().first, it.key().second,
                                                     it.value().second);
                                }
                                std::sort(handled.begin(), handled.end(),
                                          [](const auto &a, const auto &b) { return a.wallMs > b.wallMs; });
                                for (const auto &event : handled.mid(0, 3))
                                    std::fprintf(stderr, "    the longest: %.1f ms (%.1f of CPU) %s, event type %d\n",
                                                 event.wallMs, event.cpuMs, event.className, event.type);
                            });
    }
    stalls.start();
    app.setEnabled(true);
    const double appCpuBefore = processCpuSeconds(QCoreApplication::applicationPid());
    const double windowCpuBefore = threadCpuMs();
    const double sandboxCpuBefore = processCpuSeconds(sandbox.processId());
    const QHash<QString, double> listingCpuBefore = listingThreadsCpuSeconds();
    load.start();
    if (connections > 1)
        window.connectToSet(ConnectionChoice::expand({u"sandbox"_s}, regions, u"aws"_s, endpoint.toString()));
    else
        window.connectTo({u"sandbox"_s, home, endpoint.toString()});
    if (!runUntil([&] { return loaded; }, 900000) || !ok) {
        std::fprintf(stderr, "bench_mainwindow: the listing failed: %s\n", qPrintable(window.statusText()));
        return 1;
    }
    const double loadMs = elapsedMs(load);
    const double appCpu = processCpuSeconds(QCoreApplication::applicationPid()) - appCpuBefore;
    const double windowCpu = (threadCpuMs() - windowCpuBefore) / 1000;
    const double sandboxCpu = processCpuSeconds(sandbox.processId()) - sandboxCpuBefore;
    double listingCpu = 0;
    double busiestListingCpu = 0;
    const QHash<QString, double> listingCpuAfter = listingThreadsCpuSeconds();
    for (auto it = listingCpuAfter.cbegin(); it != listingCpuAfter.cend(); ++it) {
        const double used = it.value() - listingCpuBefore.value(it.key());
        listingCpu += used;
        busiestListingCpu = std::max(busiestListingCpu, used);
    }
    runUntil([] { return false; }, 500); // the throttled combo refill and repaint
    const double worstStall = stalls.stop();
    const auto longestEvent = app.longestWall();
    const auto longestCpuEvent = app.longestCpu();
    const int eventsOver = app.eventsOverBudget();
    const int eventsOverCpu = app.eventsOverBudgetCpu();
    const QList<EventTimingApplication::Kind> kinds = app.kinds();
    const QList<std::pair<QString, int>> paints = app.paints();
    app.setEnabled(false);
    const int rows = window.model()->rowCount();
    malloc_trim(0);
    const qint64 heapGrowth = heapInUse() - heapBefore;
    const qint64 rssGrowth = residentBytes() - rssBefore;
    std::printf("loaded %d rows over %d connection(s): first row after %.0f ms, all after %.1f s; event loop blocked "
                "at most %.1f ms (%.1f s into the load)\n",
                rows, connections, firstRowMs, loadMs / 1000, worstStall, stalls.worstAtMs() / 1000);
    std::printf("        blocked over %.0f ms %d times, over %.0f ms %d times\n", kEventBudgetMs, stalls.over(),
                kEventBudgetMs / 2, stalls.overHalf());
    std::printf("        CPU time during the load: the app %.1f s (its window's thread %.1f s), the sandbox %.1f s, "
                "on %d cores\n",
                appCpu, windowCpu, sandboxCpu, QThread::idealThreadCount());
    std::printf("        the listing threads: %.1f s of CPU over %lld, the busiest %.1f s\n", listingCpu,
                static_cast<long long>(listingCpuAfter.size()), busiestListingCpu);
    std::printf("        the longest single event the app handled while loading: %.1f ms (%s)\n", longestEvent.ms,
                qPrintable(longestEvent.what));
    std::printf("        the longest by the GUI thread's CPU time: %.1f ms (%s)\n", longestCpuEvent.ms,
                qPrintable(longestCpuEvent.what));
    std::printf("        events over %.0f ms: %d (%d by CPU time; BENCH_LONG_EVENTS=1 lists them on stderr)\n",
                kEventBudgetMs, eventsOver, eventsOverCpu);
    for (const auto &[widget, count] : paints.mid(0, 20))
        std::fprintf(stderr, "paint events while loading: %d of %s\n", count, qPrintable(widget));
    for (const EventTimingApplication::Kind &kind : kinds.mid(0, 8))
        std::fprintf(stderr, "the window's thread's CPU by kind of event: %.0f ms in %d events of %s\n", kind.cpuMs,
                     kind.events, qPrintable(kind.what));
    std::printf("memory: heap +%.2f MB (%.0f bytes per snapshot), RSS +%.2f MB (%.0f bytes per snapshot)\n",
                double(heapGrowth) / 1e6, double(heapGrowth) / rows, double(rssGrowth) / 1e6, double(rssGrowth) / rows);
    std::printf("tags: %lld ListTagsForResource calls during the load (the Tags column hidden, nothing selected)\n",
                static_cast<long long>(window.tagCache()->callsStarted()));
    std::printf("strings: %u in the shared table\n", SharedStrings::size());
    if (parser.isSet(loadOnlyOption)) {
        std::fflush(stdout);
        sandbox.kill();
        sandbox.waitForFinished();
        std::_Exit(0);
    }

    {
        // The share of it that is the proxy's sort and search keys: a second proxy over the same rows.
        malloc_trim(0);
        const qint64 before = heapInUse();
        auto second = std::make_unique<SnapshotFilterProxyModel>();
        second->setSourceModel(window.model());
        second->sort(SnapshotTableModel::CreatedColumn, Qt::DescendingOrder);
        malloc_trim(0);
        std::printf("        of which the filter proxy's keys: %.0f bytes per snapshot\n",
                    double(heapInUse() - before) / rows);
    }
    {
        // The Caches tab's rows: a second model over the same sources (their strings shared, as the tab's are).
        malloc_trim(0);
        const qint64 before = heapInUse();
        auto caches = std::make_unique<CacheTableModel>();
        caches->setSources(window.cachesView()->listing()->sourcesByKind());
        runUntil([&] { return !caches->isApplyingSources(); }, 600000);
        malloc_trim(0);
        std::printf("        of which the Caches tab's rows (%d sources): %.0f bytes per snapshot\n",
                    caches->rowCount(), double(heapInUse() - before) / rows);
    }
    {
        // Each row's entry (its body: the name, the shown strings' ids, the packed value), made again from the value
        // it reads back; and that value as parsed (what a row kept before entries were packed).
        malloc_trim(0);
        const qint64 before = heapInUse();
        QList<SnapshotEntry> entries;
        entries.reserve(rows);
        qsizetype nodes = 0;
        for (int row = 0; row < rows; ++row) {
            const SnapshotEntry &entry = window.model()->snapshotAt(row);
            if (const auto node = entry.nodeSnapshot()) {
                nodes += node->nodeSnapshots.size();
                entries.append(SnapshotEntry(*node));
            } else if (const auto serverless = entry.serverlessSnapshot()) {
                entries.append(SnapshotEntry(*serverless));
            }
        }
        malloc_trim(0);
        const qint64 entryBytes = heapInUse() - before;
        QList<Snapshot> parsed;
        parsed.reserve(rows);
        for (int row = 0; row < rows; ++row) {
            if (const auto node = window.model()->snapshotAt(row).nodeSnapshot())
                parsed.append(*node);
        }
        malloc_trim(0);
        std::printf(
            "        of which each row's entry: %.0f bytes per snapshot (as parsed Snapshot objects with their %lld "
            "node snapshots the same rows take %.0f)\n",
            double(entryBytes) / rows, static_cast<long long>(nodes), double(heapInUse() - before - entryBytes) / rows);
    }

    // A full in-place refresh merge: every row of the listing merged again (GUI-thread work only; the
    // network wait and XML parsing of a real refresh are reported by the load above). One connection's model only:
    // the pages are merged as connection 0's.
    if (connections == 1) {
        const QList<SnapshotEntry> all = window.model()->snapshots();
        QList<QList<SnapshotEntry>> pages;
        for (qsizetype i = 0; i < all.size(); i += 50)
            pages.append(all.mid(i, 50));
        const auto [mergeMs, repaintMs] = refreshWith(window.model(), pages);
        std::printf("refresh merge of %lld rows in place: %.1f ms GUI-thread time (+%.1f ms of repaint)\n",
                    static_cast<long long>(all.size()), mergeMs, repaintMs);
    }

    // A day later: a refresh in which 1% of the snapshots are gone (expired automatic snapshots, scattered
    // through the list) and another 1% changed status.
    if (connections == 1) {
        const QList<SnapshotEntry> all = window.model()->snapshots();
        QList<QList<SnapshotEntry>> pages(1);
        for (qsizetype i = 0; i < all.size(); ++i) {
            if (i % 100 == 0)
                continue;
            SnapshotEntry entry = all.at(i);
            if (i % 100 == 50 && entry.nodeSnapshot()) {
                Snapshot changed = *entry.nodeSnapshot();
                changed.snapshotStatus = u"creating"_s;
                entry = SnapshotEntry(std::move(changed));
            }
            if (pages.last().size() == 50)
                pages.append(QList<SnapshotEntry>());
            pages.last().append(entry);
        }
        const auto [mergeMs, repaintMs] = refreshWith(window.model(), pages);
        std::printf("refresh merge with %lld rows gone and %lld changed: %.1f ms GUI-thread time (+%.1f ms of "
                    "repaint)\n",
                    static_cast<long long>(all.size() - window.model()->rowCount()),
                    static_cast<long long>(all.size() / 100), mergeMs, repaintMs);
    }

    // Filter keystrokes: type a word into the search box's filter, one character at a time, then delete it.
    {
        QList<double> times;
        QList<double> filterTimes;
        const QString word = u"ratelimit"_s;
        SnapshotFilter filter = window.proxy()->filter();
        const auto apply = [&](const QString &text) {
            filter.setText(text);
            QElapsedTimer keystroke;
            keystroke.start();
            window.proxy()->setFilter(filter);
            filterTimes.append(elapsedMs(keystroke));
            QCoreApplication::processEvents(); // the view's relayout and repaint
            times.append(elapsedMs(keystroke));
        };
        for (qsizetype i = 1; i <= word.size(); ++i)
            apply(word.left(i));
        for (qsizetype i = word.size() - 1; i >= 0; --i)
            apply(word.left(i));
        std::printf("filter keystroke over %d rows: median %.1f ms, worst %.1f ms (%lld keystrokes; the "
                    "re-filter alone: median %.1f ms)\n",
                    rows, median(times), *std::max_element(times.cbegin(), times.cend()),
                    static_cast<long long>(times.size()), median(filterTimes));
    }

    // The cluster filter: the first keystroke typed into it, with one entry per cluster, group member and
    // serverless cache listed; until its completion popup has been shown and painted.
    {
        auto *cluster = window.findChild<QComboBox *>(u"clusterFilter"_s);
        QLineEdit *edit = cluster ? cluster->lineEdit() : nullptr;
        if (edit) {
            runUntil([] { return false; }, 600); // the combos' throttled refill after the refreshes above
            QApplication::setActiveWindow(&window); // the offscreen platform activates no window by itself
            edit->setFocus(Qt::OtherFocusReason);
            edit->selectAll(); // typing replaces "All clusters"
            QList<double> times;
            for (const QChar c : u"pay"_s) {
                QElapsedTimer keystroke;
                keystroke.start();
                const int key = Qt::Key_A + (c.unicode() - u'a');
                QKeyEvent press(QEvent::KeyPress, key, Qt::NoModifier, QString(c));
                QCoreApplication::sendEvent(edit, &press);
                QKeyEvent release(QEvent::KeyRelease, key, Qt::NoModifier, QString(c));
                QCoreApplication::sendEvent(edit, &release);
                QCoreApplication::processEvents(); // the completion popup's layout and paint
                times.append(elapsedMs(keystroke));
            }
            QCompleter *completer = cluster->completer();
            std::printf("cluster filter with %d entries: first keystroke %.1f ms, then %.1f and %.1f ms (%d "
                        "completions of \"%s\", popup %s)\n",
                        cluster->count(), times.at(0), times.at(1), times.at(2),
                        completer ? completer->completionCount() : -1, qPrintable(edit->text()),
                        completer && completer->popup()->isVisible() ? "visible" : "hidden");
            if (completer)
                completer->popup()->hide();
            edit->clear();
        }
    }

    // Sorting each visible column, each way.
    {
        QList<double> times;
        QList<double> sortOnly;
        QString worstColumn;
        double worst = 0;
        QHeaderView *header = window.view()->header();
        for (int column = 0; column < SnapshotTableModel::ColumnCount; ++column) {
            if (header->isSectionHidden(column))
                continue;
            for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                QElapsedTimer sort;
                sort.start();
                window.view()->sortByColumn(column, order);
                sortOnly.append(elapsedMs(sort));
                QCoreApplication::processEvents();
                const double ms = elapsedMs(sort);
                times.append(ms);
                if (ms > worst) {
                    worst = ms;
                    worstColumn = window.model()->headerData(column, Qt::Horizontal).toString();
                }
            }
        }
        std::printf("sort over %d rows: median %.1f ms, worst %.1f ms (%s; the proxy's sort alone: median %.1f ms)\n",
                    rows, median(times), worst, qPrintable(worstColumn), median(sortOnly));
    }

    // Tags: the column shown (the rows on screen read), then a tag filter over what another filter lets through.
    {
        TagCache *tags = window.tagCache();
        window.view()->sortByColumn(SnapshotTableModel::CreatedColumn, Qt::DescendingOrder);
        window.view()->scrollToTop();
        const qint64 before = tags->callsStarted();
        QElapsedTimer shown;
        shown.start();
        window.view()->header()->setSectionHidden(SnapshotTableModel::TagsColumn, false);
        runUntil([&] { return tags->callsStarted() > before && tags->callsRunning() == 0; }, 60000);
        const double columnMs = elapsedMs(shown);
        runUntil([] { return false; }, 300); // nothing more follows
        std::printf("tags column shown: %lld ListTagsForResource calls for the rows on screen, all read in %.0f ms\n",
                    static_cast<long long>(tags->callsStarted() - before), columnMs);
        window.view()->header()->setSectionHidden(SnapshotTableModel::TagsColumn, true);

        SnapshotFilter filter = window.proxy()->filter();
        filter.setText(u"ratelimit"_s);
        filter.setSource(SnapshotFilter::SourceFilter::Manual);
        filter.setTags(TagRules::parseFilter(u"keep=true"_s).criteria);
        const qint64 calls = tags->callsStarted();
        StallMeter tagStalls;
        tagStalls.start();
        app.setEnabled(true);
        QElapsedTimer reading;
        reading.start();
        window.proxy()->setFilter(filter);
        // The list of snapshots to read follows in an event of its own.
        runUntil([&] { return tags->progress(TagCache::Demand::Filter).total > 0; }, 10000);
        const qsizetype wanted = tags->progress(TagCache::Demand::Filter).total;
        const bool read = runUntil(
            [&] {
                const TagCache::Progress p = tags->progress(TagCache::Demand::Filter);
                return p.done == p.total && tags->callsRunning() == 0;
            },
            600000);
        const double readMs = elapsedMs(reading);
        const double tagStall = tagStalls.stop();
        const auto tagEvent = app.longestCpu();
        app.setEnabled(false);
        const qint64 made = tags->callsStarted() - calls;
        std::printf("tag filter \"keep=true\" with search \"ratelimit\" and manual only: %lld snapshots to read, %s in "
                    "%.1f s (%lld calls, %.0f a second, %d at a time); %d match; event loop blocked at most %.1f ms, "
                    "the longest event %.1f ms of CPU (%s)\n",
                    static_cast<long long>(wanted), read ? "all read" : "NOT all read", readMs / 1000,
                    static_cast<long long>(made), double(made) / (readMs / 1000), tags->maxConcurrent(),
                    window.proxy()->rowCount(), tagStall, tagEvent.ms, qPrintable(tagEvent.what));
        window.proxy()->setFilter(SnapshotFilter());
    }

    std::printf("targets (issue 4): keystroke < 30 ms median, sort < 150 ms, merge < 200 ms, <= 2048 bytes per "
                "snapshot, event loop blocked <= 50 ms\n");
    std::printf("rerun: QT_QPA_PLATFORM=offscreen %s --snapshots %d%s\n",
                qPrintable(QDir::current().relativeFilePath(QCoreApplication::applicationFilePath())), seeded,
                connections > 1 ? qPrintable(u" --connections "_s + QString::number(connections)) : "");
    sandbox.terminate();
    sandbox.waitForFinished(10000);
    return 0;
}
