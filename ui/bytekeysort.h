// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <string>
#include <string_view>
#include <vector>

// Sorting many items by byte-string keys, fast: the snapshot table's columns and the filter combos' ids.
namespace ByteKeySort {

// Sorts rows (indexes into at) by their byte strings, bytes[at[row]] up to bytes[at[row + 1]], in plain unsigned
// byte order, ties by row; descending reverses both.
void sort(std::vector<int> &rows, std::string_view bytes, const std::vector<quint32> &at, bool descending);

// Writes key and a terminator at out, returning the end, so that in plain byte order a concatenation of such keys
// orders like the tuple of keys (compared as std::string_view does); terminatedSize() bytes.
char *writeTerminated(std::string_view key, char *out);
size_t terminatedSize(std::string_view key);

} // namespace ByteKeySort
