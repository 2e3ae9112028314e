// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleetinventory.h"

#include <vector>

class QThread;

// Threads for listings. A per-source listing (SnapshotSweep) sends hundreds of requests a second; each one's
// signing, its answer's arrival (several of Qt's calls from its network thread), the hand-over of its page from
// the reading worker, its retries and its end were events of the thread that shows the window: over half of that
// thread's time during a large load, and the floods of short events that kept it from painting. On these threads
// the window's handles only what the listing finds: the pages, a restart, the end. There are several: one thread
// alone used 33 s of CPU in a 72 s load of a million snapshots over 20 connections, a bound on such a load however
// many cores the machine has.
namespace ListingThread {

// At most this many threads, however many cores: that load, listed in 32 s, would keep about one core busy with
// this work (see docs/architecture.md).
inline constexpr int kMostThreads = 4;

// The threads, as many as cores, but at least 2 and at most kMostThreads: started on first use (from the
// application's thread), at the reading workers' lower priority, and stopped when the application ends. A new
// listing goes to the one whose listings weigh least (see onListingThread()).
const std::vector<QThread *> &threads();

// A lister factory that runs factory on one of the listing threads, through a client of its own made there from the
// given client's configuration and retry random source. Its credentials are still the given client's provider's, asked
// on the caller's thread (a provider refreshes its credentials and serves many clients on one thread): once, then
// again only when they are within the provider's refresh margin of their expiry or were an error. The sink is called on
// the caller's thread; a sink with an entryPage gets the pages there as rows made on the listing thread. Deleting the
// object returned stops the listing, and the sink hears nothing more. The weight is what a listing counts for while
// the next ones choose their thread. Counted alike, each connection's two (a sweep, then a listing of its sources)
// alternated between two threads, and every sweep went to the first.
enum class Weight {
    Light, // a few dozen requests (a connection's sources): not counted
    Heavy, // thousands of requests (a sweep)
};
FleetInventory::ListerFactory onListingThread(FleetInventory::ListerFactory factory, Weight weight = Weight::Heavy);

} // namespace ListingThread
