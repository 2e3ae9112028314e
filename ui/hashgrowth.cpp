// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "hashgrowth.h"

#include "turnbudget.h"

#include <algorithm>
#include <vector>

namespace {

struct Watched
{
    const HashGrowth::Watch *owner = nullptr;
    std::function<std::pair<qsizetype, qsizetype>()> sizeAndCapacity;
    std::function<void()> grow;
};

std::vector<Watched> &watched()
{
    thread_local std::vector<Watched> hashes;
    return hashes;
}

// The last growth's CPU time a key, in ms; 0 before one.
double &msPerKey()
{
    thread_local double ms = 0;
    return ms;
}

// The largest nearly full hash of this thread, or nullptr.
const Watched *fullest()
{
    const Watched *found = nullptr;
    qsizetype largest = -1;
    for (const Watched &w : watched()) {
        const auto [size, capacity] = w.sizeAndCapacity();
        if (HashGrowth::isNearlyFull(size, capacity) && capacity > largest) {
            found = &w;
            largest = capacity;
        }
    }
    return found;
}

} // namespace

HashGrowth::Watch::~Watch()
{
    std::erase_if(watched(), [this](const Watched &w) { return w.owner == this; });
}

void HashGrowth::Watch::add(std::function<std::pair<qsizetype, qsizetype>()> sizeAndCapacity,
                            std::function<void()> grow)
{
    watched().push_back({this, std::move(sizeAndCapacity), std::move(grow)});
}

bool HashGrowth::growOne()
{
    const Watched *w = fullest();
    if (!w)
        return false;
    const qsizetype keys = w->sizeAndCapacity().first;
    const qint64 started = TurnBudget::threadCpuNs();
    w->grow();
    msPerKey() = double(TurnBudget::threadCpuNs() - started) / 1e6 / double(std::max<qsizetype>(1, keys));
    return true;
}

bool HashGrowth::anyNearlyFull(double *estimatedMs)
{
    const Watched *w = fullest();
    if (estimatedMs)
        *estimatedMs = w ? msPerKey() * double(w->sizeAndCapacity().first) : 0;
    return w != nullptr;
}
