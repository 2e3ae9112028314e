// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The Query serializer/parser pair (model/queryparams.*, queryserializer.*). The first byte picks one of the model's
// structures (ElastiCacheShapes) and, by its top bit, the mode:
//  - build: a value of that structure is built from the rest of the input (FuzzedDataProvider), sent as a form body
//    and read back as the sandbox reads it; it must come back equal (parse(serialize(x)) == x);
//  - read: the rest is an arbitrary form body, read as that structure; what reads (less the empty structures the
//    wire cannot carry, see canonicalize()) must come back equal the same way.
#include "fuzzsupport.h"

#include "model/elasticache.h"
#include "model/queryparams.h"
#include "queryserializer.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <QDate>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr int kMaxDepth = 6;
constexpr int kMaxListItems = 4;

QString text(FuzzedDataProvider &in)
{
    const std::string bytes = in.ConsumeRandomLengthString(64);
    return QString::fromUtf8(bytes.data(), qsizetype(bytes.size()));
}

// The instants the Query form carries: years 0001 to 9999, microseconds, written in UTC.
Timestamp timestamp(FuzzedDataProvider &in)
{
    static const qint64 first = QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() * 1000;
    static const qint64 last
        = QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC).toMSecsSinceEpoch() * 1000 + 999;
    return Timestamp::fromMicroseconds(in.ConsumeIntegralInRange<qint64>(first, last), 0);
}

template<ModelShape S> void fill(FuzzedDataProvider &in, S &out, int depth);

template<ModelShape S> bool sendsSomething(const S &value)
{
    QueryParams params;
    appendQueryParams(params, value, u"x"_s); // as a nested structure is sent
    return !params.isEmpty();
}

template<typename T> void fillMember(FuzzedDataProvider &in, T &out, int depth)
{
    if (!in.ConsumeBool())
        return; // absent
    if constexpr (std::is_same_v<T, QString>) {
        out = text(in);
    } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
        out = in.ConsumeBool();
    } else if constexpr (std::is_same_v<T, std::optional<double>>) {
        const double d = in.ConsumeFloatingPoint<double>();
        if (std::isfinite(d))
            out = d;
    } else if constexpr (ScalarOptional<T>) {
        out = in.ConsumeIntegral<typename IsOptional<T>::Value>();
    } else if constexpr (std::is_same_v<T, Timestamp>) {
        out = timestamp(in);
    } else if constexpr (StructureOptional<T>) {
        if (depth >= kMaxDepth)
            return;
        typename IsOptional<T>::Value value;
        fill(in, value, depth + 1);
        if (sendsSomething(value)) // an engaged structure with nothing in it is not sent at all
            out = std::move(value);
    } else if constexpr (ShapeListOf<T>) {
        using Item = typename IsShapeList<T>::Value;
        out.setPresent();
        const int n = in.ConsumeIntegralInRange<int>(0, kMaxListItems);
        for (int i = 0; i < n; ++i) {
            Item item;
            if constexpr (std::is_same_v<Item, QString>) {
                item = text(in);
            } else {
                if (depth >= kMaxDepth)
                    break;
                fill(in, item, depth + 1);
                if (!sendsSomething(item)) // a list item that sends nothing ends the list on the wire
                    continue;
            }
            out.append(std::move(item));
        }
    } else {
        static_assert(sizeof(T) == 0, "a member type Shape<> does not describe");
    }
}

template<ModelShape S> void fill(FuzzedDataProvider &in, S &out, int depth)
{
    forEachField<S>([&](const auto &f) { fillMember(in, out.*(f.member), depth); });
}

template<ModelShape S> QString describe(const S &value)
{
    QString out;
    for (const auto &[name, v] : toQueryParams(value))
        out += name + u" = [" + v + u"]\n";
    return out;
}

// What the wire form can carry of a value: a nested structure that sends nothing is dropped (an optional one is
// absent, a list item is left out). The reader can produce such structures, from members it does not know
// (Tags.Tag.2.Unknown=x makes an empty second tag).
template<ModelShape S> void canonicalize(S &value)
{
    forEachField<S>([&](const auto &f) {
        auto &member = value.*(f.member);
        using T = std::remove_cvref_t<decltype(member)>;
        if constexpr (StructureOptional<T>) {
            if (member) {
                canonicalize(*member);
                if (!sendsSomething(*member))
                    member = T {};
            }
        } else if constexpr (ShapeListOf<T>) {
            if constexpr (ModelShape<typename IsShapeList<T>::Value>) {
                const bool present = member.isPresent();
                for (auto &item : member)
                    canonicalize(item);
                member.removeIf([](const auto &item) { return !sendsSomething(item); });
                member.setPresent(present);
            }
        }
    });
}

template<ModelShape S> void roundTrip(const S &x, const char *property)
{
    const QByteArray body = QuerySerializer::formBody(u"Fuzz"_s, QuerySerializer::params(x));
    const QueryParams params = QuerySerializer::parseFormBody(body);
    if (params.value(0) != std::pair(u"Action"_s, u"Fuzz"_s)
        || params.value(1) != std::pair(u"Version"_s, u"2015-02-02"_s))
        FuzzSupport::fail("a form body starts with Action and Version", QString::fromLatin1(body));
    QueryParamReader reader(params);
    S y;
    if (!reader.read(y))
        FuzzSupport::fail("what the serializer writes, the reader reads",
                          reader.errorMessage() + u"\n"_s + QString::fromLatin1(body));
    if (!(x == y))
        FuzzSupport::fail(property,
                          u"sent:\n"_s + describe(x) + u"read:\n"_s + describe(y) + QString::fromLatin1(body));
}

template<ModelShape S> void build(FuzzedDataProvider &in)
{
    S x;
    fill(in, x, 0);
    roundTrip(x, "parse(serialize(x)) == x");
}

template<ModelShape S> void read(const QByteArray &body)
{
    QueryParamReader reader(QuerySerializer::parseFormBody(body));
    S y;
    if (!reader.read(y))
        return;
    canonicalize(y);
    roundTrip(y, "parse(serialize(y)) == y for what a form body read as");
}

template<std::size_t... I>
void dispatch(std::size_t index, bool buildMode, const std::uint8_t *data, std::size_t size, std::index_sequence<I...>)
{
    (void)((index == I
            && ([&] {
                   using S = std::tuple_element_t<I, ElastiCacheShapes>;
                   if (buildMode) {
                       FuzzedDataProvider in(data, size);
                       build<S>(in);
                   } else {
                       read<S>(FuzzSupport::bytes(data, size));
                   }
               }(),
               true))
           || ...);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    FuzzSupport::init();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    constexpr std::size_t shapes = std::tuple_size_v<ElastiCacheShapes>;
    const bool buildMode = data[0] & 0x80;
    dispatch(std::size_t(data[0] & 0x7f) % shapes, buildMode, data + 1, size - 1, std::make_index_sequence<shapes> {});
    return 0;
}
