#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 CacheSnap authors
# SPDX-License-Identifier: GPL-3.0-or-later
# Refreshes the test data copied from the shared reference folder (by default ../shared/reference beside the
# repository) into tests/data, so that a clone with nothing beside it runs every test. Run it after the reference
# changes, review `git diff --stat tests/data`, and commit. Usage: scripts/sync-reference.sh [REFERENCE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
reference="${1:-../shared/reference}"
target=tests/data

# What the tests read, with the licence notes of the suites (see tests/data/README.md).
suites=(sigv4-suite sigv4-suite-classic)
files=(wire-captures.md snapshot-rules.md)

for entry in "${suites[@]}" "${files[@]}"; do
    if [ ! -e "$reference/$entry" ]; then
        echo "sync-reference: $reference/$entry not found" >&2
        exit 1
    fi
done
for suite in "${suites[@]}"; do
    for notice in LICENSE README.md; do
        if [ ! -f "$reference/$suite/$notice" ]; then
            echo "sync-reference: $reference/$suite has no $notice; not copying a suite without its licence" >&2
            exit 1
        fi
    done
done

for suite in "${suites[@]}"; do
    rm -rf "${target:?}/$suite"
    cp -R "$reference/$suite" "$target/$suite"
done
for file in "${files[@]}"; do
    cp "$reference/$file" "$target/$file"
done
# The reference folder is read-only; the copies are ordinary files of the repository.
chmod -R u+w,go-w "$target"
echo "tests/data refreshed from $reference:"
du -sh --apparent-size "${suites[@]/#/$target/}" "${files[@]/#/$target/}"
