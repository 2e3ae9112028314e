// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "heapoptional.h"
#include "timestamp.h"

#include <QLatin1StringView>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

// How a model shape is described to the code that reads and writes it. Each generated structure S (see
// elasticache.h, made by scripts/generate-model.py from botocore's service model) comes with a Shape<S>
// specialisation that lists its members in model order: the member's name (the XML element, the JSON key and
// the Query parameter are all that name), a pointer to the C++ member, and for lists the item element. The
// readers and writers in this folder (XML, awscli JSON, state JSON, Query parameters) are written once against
// that description, so a member the model has is read, printed, stored and sent by all of them.
//
// REST protocols (S3's REST-XML, core/model/s3.h) say more per member, in FieldWire: where it travels (the
// body, the URI, the query string, a header, prefixed headers), its wire name when that differs from the
// member's name (an element, header or query parameter), flattened lists (the items repeat without a wrapper),
// XML attributes (Grantee's xsi:type), the operation's payload member and its XML namespace. Query shapes leave
// all of it at its defaults (the body, the member's own name), so their readers and writers never look at it.
//
// The C++ member types are a closed set:
//   QString                      string and enum members; null = absent, empty = present and empty
//   std::optional<int|qint64|double|bool>
//   Timestamp                    invalid = absent
//   ShapeList<QString>, ShapeList<S>
//   std::optional<S>, HeapOptional<S>   nested structures (HeapOptional where it is usually absent)
//   QMap<QString, QString>       REST only: headers under a prefix (x-amz-meta-*), keyed without it

template<typename S> struct Shape; // specialised by the generated model

template<typename S>
concept ModelShape = requires
{
    Shape<S>::fields;
};

// A list member: a QList that also knows whether the document had the element, so that an empty <Tags/>
// prints as "Tags": [] (as awscli does) and an absent one not at all. Any non-empty list counts as present.
template<typename T> class ShapeList : public QList<T>
{
public:
    using QList<T>::QList;
    ShapeList() = default;
    ShapeList(const QList<T> &list) // NOLINT(google-explicit-constructor)
        : QList<T>(list)
    {
    }
    ShapeList(QList<T> &&list) // NOLINT(google-explicit-constructor)
        : QList<T>(std::move(list))
    {
    }

    bool isPresent() const { return m_present || !this->isEmpty(); }
    void setPresent(bool present = true) { m_present = present; }

    friend bool operator==(const ShapeList &a, const ShapeList &b)
    {
        return a.isPresent() == b.isPresent() && static_cast<const QList<T> &>(a) == static_cast<const QList<T> &>(b);
    }
    // Against a plain list the items count, not the presence.
    friend bool operator==(const ShapeList &a, const QList<T> &b) { return static_cast<const QList<T> &>(a) == b; }

private:
    bool m_present = false;
};

namespace ShapeField {

enum Flag : unsigned char {
    NoFlags = 0,
    Interned = 1, // the value repeats across items (an engine, a node type): readers may share one string
    // REST protocols only:
    Flattened = 2, // a list whose items are repeated elements named wireName, without a wrapper element
    XmlAttribute = 4, // an attribute of the structure's element (wireName may carry a prefix: "xsi:type")
    Payload = 8, // the whole body: a structure's document element, or a string member's raw bytes
    HttpDate = 16, // a timestamp written as an HTTP date (RFC 7231), the default for headers
};

// Where a member travels. Everything but Body exists only in REST protocols.
enum Location : unsigned char {
    Body = 0, // an element of the XML document (the only place in the Query protocol)
    Uri, // a label of the operation's request URI ("/{Bucket}/{Key+}")
    Query, // a query string parameter
    Header, // one HTTP header
    Headers, // every header starting with wireName (a map keyed by the rest)
    StatusCode, // the HTTP status of the answer
};

} // namespace ShapeField

// A structure's own XML namespace (S3's Grantee: xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance").
struct XmlNamespace
{
    const char *prefix;
    const char *uri;
};

// The wire details of one member of a REST protocol's shape; the generated model fills them with designated
// initialisers ({.location = ShapeField::Header, .wireName = "x-amz-expected-bucket-owner"}).
struct FieldWire
{
    ShapeField::Location location = ShapeField::Body;
    const char *wireName = nullptr; // nullptr: the member's name
    const char *itemName = nullptr; // lists that are not flattened: the element of each item
    unsigned char flags = ShapeField::NoFlags;
    const char *xmlNamespace = nullptr; // the payload member's default namespace, when it has one
};

template<typename Class, typename T> struct Field
{
    using Owner = Class;
    using Type = T;
    QLatin1StringView name;
    T Class::*member;
    QLatin1StringView itemName {}; // lists: the element of each item ("member" when the model names none)
    unsigned char flags = ShapeField::NoFlags;
    // REST protocols only (see FieldWire); the Query protocol's shapes keep these defaults.
    ShapeField::Location location = ShapeField::Body;
    QLatin1StringView wireName {}; // empty: name
    QLatin1StringView xmlNamespace {};

    // The element, attribute, header or query parameter that carries the member.
    constexpr QLatin1StringView onWire() const { return wireName.isEmpty() ? name : wireName; }
};

template<typename Class, typename T>
constexpr Field<Class, T> field(const char *name, T Class::*member, unsigned char flags = ShapeField::NoFlags)
{
    return {QLatin1StringView(name), member, {}, flags};
}

template<typename Class, typename T>
constexpr Field<Class, T> listField(const char *name, T Class::*member, const char *itemName,
                                    unsigned char flags = ShapeField::NoFlags)
{
    return {QLatin1StringView(name), member, QLatin1StringView(itemName), flags};
}

template<typename Class, typename T>
constexpr Field<Class, T> wireField(const char *name, T Class::*member, FieldWire wire)
{
    return {QLatin1StringView(name), member,     QLatin1StringView(wire.itemName), wire.flags,
            wire.location,           QLatin1StringView(wire.wireName), QLatin1StringView(wire.xmlNamespace)};
}

// Calls f(field) for each member description of S, in model order.
template<ModelShape S, typename F> constexpr void forEachField(F &&f)
{
    std::apply([&f](const auto &...fields) { (f(fields), ...); }, Shape<S>::fields);
}

template<ModelShape S>
constexpr std::size_t fieldCount = std::tuple_size_v<std::remove_cvref_t<decltype(Shape<S>::fields)>>;

// ---- type tests the readers and writers dispatch on ----------------------------------------------------

template<typename T> struct IsOptional : std::false_type
{
};
template<typename T> struct IsOptional<std::optional<T>> : std::true_type
{
    using Value = T;
};
template<typename T> struct IsOptional<HeapOptional<T>> : std::true_type
{
    using Value = T;
};

template<typename T> struct IsShapeList : std::false_type
{
};
template<typename T> struct IsShapeList<ShapeList<T>> : std::true_type
{
    using Value = T;
};

template<typename T>
concept ScalarOptional = IsOptional<T>::value && std::is_arithmetic_v<typename IsOptional<T>::Value>;
template<typename T>
concept StructureOptional = IsOptional<T>::value && ModelShape<typename IsOptional<T>::Value>;
template<typename T>
concept ShapeListOf = IsShapeList<T>::value;
template<typename T>
concept StringMap = std::is_same_v<T, QMap<QString, QString>>;

// Whether S has a member with flag (XmlAttribute, Payload, …), known at compile time.
template<ModelShape S> constexpr bool hasFieldFlag(unsigned char flag)
{
    bool found = false;
    forEachField<S>([&](const auto &f) { found = found || (f.flags & flag) != 0; });
    return found;
}

// Engages an optional (std::optional or HeapOptional) with a default value and returns it.
template<typename O> auto &emplaceValue(O &optional)
{
    optional = typename IsOptional<O>::Value {};
    return *optional;
}
