// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "hashgrowth.h"

#include "turnbudget.h"

#include <algorithm>
#include <vector>

struct HashGrowth::Registry
{
    struct Watched
    {
        const Watch *owner = nullptr;
        std::function<std::pair<qsizetype, qsizetype>()> sizeAndCapacity;
        std::function<void()> grow;
        qsizetype stuckAt = -1; // a capacity its growth left as it was: never tried again at it
    };

    static Registry &ofThisThread()
    {
        thread_local Registry registry;
        return registry;
    }

    // The largest nearly full hash, or nullptr.
    Watched *fullest()
    {
        Watched *found = nullptr;
        qsizetype largest = -1;
        for (Watched &w : hashes) {
            const auto [size, capacity] = w.sizeAndCapacity();
            if (isNearlyFull(size, capacity) && capacity != w.stuckAt && capacity > largest) {
                found = &w;
                largest = capacity;
            }
        }
        return found;
    }

    std::vector<Watched> hashes;
    double msPerKey = 0; // the last growth's CPU time a key; 0 before one
};

HashGrowth::Watch::~Watch()
{
    if (!m_registry)
        return;
    Q_ASSERT_X(m_registry == &Registry::ofThisThread(), "HashGrowth::Watch", "destroyed on another thread");
    std::erase_if(m_registry->hashes, [this](const Registry::Watched &w) { return w.owner == this; });
}

void HashGrowth::Watch::add(std::function<std::pair<qsizetype, qsizetype>()> sizeAndCapacity,
                            std::function<void()> grow)
{
    m_registry = &Registry::ofThisThread();
    m_registry->hashes.push_back({this, std::move(sizeAndCapacity), std::move(grow)});
}

bool HashGrowth::growOne()
{
    Registry &registry = Registry::ofThisThread();
    Registry::Watched *w = registry.fullest();
    if (!w)
        return false;
    const auto [keys, capacity] = w->sizeAndCapacity();
    const qint64 started = TurnBudget::threadCpuNs();
    w->grow();
    registry.msPerKey = double(TurnBudget::threadCpuNs() - started) / 1e6 / double(std::max<qsizetype>(1, keys));
    // A hash that could not grow (at its largest) would otherwise take every merge turn from now on.
    if (w->sizeAndCapacity().second == capacity)
        w->stuckAt = capacity;
    return true;
}

bool HashGrowth::anyNearlyFull(double *estimatedMs)
{
    Registry &registry = Registry::ofThisThread();
    const Registry::Watched *w = registry.fullest();
    if (estimatedMs)
        *estimatedMs = w ? registry.msPerKey * double(w->sizeAndCapacity().first) : 0;
    return w != nullptr;
}
