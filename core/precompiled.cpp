// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The one source of cachesnap_precompiled, the target whose precompiled header every GCC-built target reuses
// (core/CMakeLists.txt). It has nothing of its own: the headers come from CACHESNAP_PCH_HEADERS.
