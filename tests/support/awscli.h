// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// The AWS CLIs the interoperability tests run against the sandbox: `aws` on PATH is the pip-installed v1 (a pyenv
// shim is resolved to the real program, since the shim re-execs through bash and pyenv on every call), and
// /usr/bin/aws is Debian's v2. Either is empty when that CLI is not installed.
struct AwsClis
{
    QString v1;
    QString v2;
};

AwsClis findAwsClis();
