// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The one source of each donor of a precompiled header (cachesnap_add_precompiled() in the top-level CMakeLists.txt),
// the targets whose precompiled headers the GCC-built targets reuse. It has nothing of its own: the headers come from
// the donor's list (CACHESNAP_PCH_HEADERS and the lists added to it).
