// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "backgroundwork.h"

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#endif

namespace {
Q_GLOBAL_STATIC(QThreadPool, workers)
} // namespace

// QThread's priorities other than idle change nothing under Linux's default scheduler; a nice value does, and
// Linux keeps one per thread (setpriority(2)). Idle would starve the reading whenever another program is busy.
void BackgroundWork::lowerCurrentThread()
{
#ifdef Q_OS_LINUX
    thread_local bool lowered = false;
    if (lowered)
        return;
    lowered = true;
    // Below the process's first thread (whose id is the process's), whichever thread started this one.
    errno = 0;
    const int first = getpriority(PRIO_PROCESS, id_t(getpid()));
    if (errno != 0)
        return;
    const int wanted = std::min(first + kNiceness, 19);
    if (currentNiceness() < wanted)
        setpriority(PRIO_PROCESS, id_t(gettid()), wanted);
#endif
}

QThreadPool *BackgroundWork::pool()
{
    return workers();
}

void BackgroundWork::start(std::function<void()> task)
{
    pool()->start([task = std::move(task)] {
        lowerCurrentThread();
        task();
    });
}

int BackgroundWork::currentNiceness()
{
#ifdef Q_OS_LINUX
    errno = 0;
    const int niceness = getpriority(PRIO_PROCESS, id_t(gettid()));
    return errno == 0 ? niceness : 0;
#else
    return 0;
#endif
}
