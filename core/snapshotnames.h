// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// The naming rules of tests/data/snapshot-rules.md, shared by the sandbox (which enforces them as the
// service does), the dialogs (which validate live) and the CLI (which derives default names).
namespace SnapshotNames {

struct Verdict
{
    bool ok = true;
    QString reason; // a sentence for the operator when !ok
};

// CreateSnapshot names: 1-40 letters, digits or hyphens, starting with a letter, no "--", no trailing hyphen.
Verdict checkManualName(const QString &name);
// CopySnapshot target names (also the S3 object prefix on export): 1-1000 characters.
Verdict checkCopyTargetName(const QString &name);
// Serverless snapshot names: 1-255 characters; the same character rules as manual names.
Verdict checkServerlessName(const QString &name);
// S3 bucket names ElastiCache can reach: 3-63 characters, lowercase letters, digits, dots and hyphens, labels
// starting and ending with a letter or digit, not an IP address.
Verdict checkBucketName(const QString &name);

// The service stores names in lowercase.
QString normalized(const QString &name);

// "<base>-<suffix>" trimmed so the whole passes checkManualName, where base is derived from the source
// (e.g. "my-redis-rg" + "2026-11-25-0612" → "my-redis-rg-2026-11-25-0612").
QString derivedName(const QString &base, const QString &suffix, int maxLength = 40);

} // namespace SnapshotNames
