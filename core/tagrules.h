// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/elasticache.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The service's limits on tags (tests/data/snapshot-rules.md, "Tags"), the text form the app reads and writes
// them in, and what it takes to go from one set of tags to another. Pure functions: the tag editor, the Create
// and Copy dialogs and the tag filter share them.
//
// The text form: items separated by commas or line breaks, each `key=value` (the first '=' ends the key) or
// `key` alone (no value: the service keeps the tag with an empty value). Spaces around a key or value are not
// part of it. A key or value in double quotes keeps everything inside, commas, '=', line breaks and spaces
// included; inside quotes \" is a quote and \\ a backslash.
namespace TagRules {

inline constexpr int kMaxTagsPerResource = 50;
inline constexpr int kMaxKeyLength = 128; // Unicode characters
inline constexpr int kMaxValueLength = 256; // Unicode characters

// Unicode characters (code points): a character outside the Basic Multilingual Plane counts once.
qsizetype characterCount(QStringView text);
// Keys starting with "aws:" (in any case) are AWS's own: they cannot be set, changed or removed.
bool isReserved(QStringView key);
// Only characters every AWS service takes in tags: letters, digits, white space and + - = . _ : / @.
// ElastiCache takes any character; this is for a warning, not a refusal.
bool isPortable(QStringView text);

// Why the service would refuse this key or value, in a sentence; empty when it takes it.
QString keyProblem(QStringView key);
QString valueProblem(QStringView value);

struct ParsedTags
{
    QList<Tag> tags; // in the order given; a key given twice appears twice (and is an error)
    QStringList errors; // what the service would refuse (or what cannot be read), one sentence each
    QStringList warnings; // accepted, but worth knowing (characters other services refuse)
    bool ok() const { return errors.isEmpty(); }
};

// Reads a tag list in the text form and checks it as one resource's tags: each key and value, no key twice, at
// most kMaxTagsPerResource.
ParsedTags parseTagList(QStringView text);
// The text form of tags, which parseTagList reads back as the same tags.
QString formatTagList(const QList<Tag> &tags, QStringView separator = u", ");
QString formatTag(const Tag &tag);
// Tags in a stable order for showing them: by key, case-insensitively.
QList<Tag> sortedForDisplay(QList<Tag> tags);

// A tag filter criterion: a key, and the value it must have (none: any value).
struct TagCriterion
{
    QString key;
    std::optional<QString> value;

    bool operator==(const TagCriterion &) const = default;
};

struct ParsedFilter
{
    QList<TagCriterion> criteria;
    QString error; // empty when the text could be read
};

// `key` or `key=value`, several separated by commas (all must hold), in the text form. Keys and values are
// compared exactly: the service's tags are case-sensitive.
ParsedFilter parseFilter(QStringView text);
QString formatFilter(const QList<TagCriterion> &criteria);
bool matches(const QList<TagCriterion> &criteria, const QList<Tag> &tags);

// The AddTagsToResource and RemoveTagsFromResource that turn current into desired. Reserved (aws:) tags of
// current are left as they are; an absent value and an empty one are the same.
struct Change
{
    QList<Tag> add;
    QStringList remove;
    bool isEmpty() const { return add.isEmpty() && remove.isEmpty(); }
};
Change difference(const QList<Tag> &current, const QList<Tag> &desired);
// The tags a resource has that the operator can change (not aws:).
QList<Tag> editable(const QList<Tag> &tags);
QList<Tag> reserved(const QList<Tag> &tags);

} // namespace TagRules
