// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "shape.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

// An ordered list of Query-protocol members (name, value), in the model's member order.
using QueryParams = QList<QPair<QString, QString>>;

// The two ways botocore flattens a structure into form parameters:
//  - Query (QuerySerializer: ElastiCache, STS): a member is named by its model name, a list's items are
//    <Member>.<item>.<n> (the model's item name, "member" when it has none) and an empty list is <Member>="";
//  - Ec2 (EC2Serializer): a member is named by its wire name (the model's locationName) capitalised, a list's
//    items are <Name>.<n> without an item name, and an empty list sends nothing.
enum class QueryDialect { Query, Ec2 };

// A model structure as Query-protocol parameters and back, generic over Shape<S>, as botocore's serializer of
// the dialect writes them: members in model order as <Prefix>.<Name>, lists numbered from 1, booleans
// "true"/"false", timestamps in ISO 8601 UTC.
template<ModelShape S>
void appendQueryParams(QueryParams &out, const S &value, const QString &prefix = {},
                       QueryDialect dialect = QueryDialect::Query);
template<ModelShape S> QueryParams toQueryParams(const S &value, QueryDialect dialect = QueryDialect::Query)
{
    QueryParams out;
    appendQueryParams(out, value, {}, dialect);
    return out;
}

// The inverse, for the service's side (the sandbox). The first value of a repeated name counts. A value that
// does not parse, or a list with a gap in its numbering, is an error whose message is the service's
// InvalidParameterValue text.
class QueryParamReader
{
public:
    explicit QueryParamReader(const QueryParams &params, QueryDialect dialect = QueryDialect::Query);

    template<ModelShape S> bool read(S &out, const QString &prefix = {});
    const QString &errorMessage() const { return m_error; }

    bool has(const QString &name) const { return m_values.contains(name); }
    QString value(const QString &name) const; // null when absent, empty (non-null) when empty

private:
    template<typename T> bool readMember(const QString &name, QLatin1StringView itemName, T &out);
    bool fail(const QString &message);
    std::optional<qint64> integer(const QString &name, qint64 min, qint64 max);
    bool hasUnder(const QString &prefix) const;

    QHash<QString, QString> m_values;
    QString m_error;
    QueryDialect m_dialect;
};

namespace ModelQueryDetail {

QString timestampText(const Timestamp &t);
QString doubleText(double value);
// "GroupId" for the wire name "groupId" (EC2Serializer._get_serialized_name).
QString capitalised(QLatin1StringView name);

// A member's parameter name below prefix.
template<typename F> QString memberName(const F &f, const QString &prefix, QueryDialect dialect)
{
    const QString name = dialect == QueryDialect::Ec2 ? capitalised(f.onWire()) : QString(f.name);
    return prefix.isEmpty() ? name : prefix + u'.' + name;
}

// What comes before each list item's number: "Tags.Tag." (Query), "GroupId." (Ec2).
inline QString itemPrefix(const QString &name, QLatin1StringView itemName, QueryDialect dialect)
{
    if (dialect == QueryDialect::Ec2)
        return name + u'.';
    return name + u'.' + itemName + u'.';
}

// A request's own string members are left out when empty (forms leave fields empty, and none of them means
// anything empty); nested ones, such as a tag's Value, are sent whenever they are set.
template<typename T>
void appendMember(QueryParams &out, const QString &name, QLatin1StringView itemName, const T &value, bool topLevel,
                  QueryDialect dialect)
{
    if constexpr (std::is_same_v<T, QString>) {
        if (topLevel ? !value.isEmpty() : !value.isNull())
            out.append({name, value});
    } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
        if (value)
            out.append({name, *value ? QStringLiteral("true") : QStringLiteral("false")});
    } else if constexpr (std::is_same_v<T, std::optional<double>>) {
        if (value)
            out.append({name, doubleText(*value)});
    } else if constexpr (ScalarOptional<T>) {
        if (value)
            out.append({name, QString::number(*value)});
    } else if constexpr (std::is_same_v<T, Timestamp>) {
        if (value.isValid())
            out.append({name, timestampText(value)});
    } else if constexpr (StructureOptional<T>) {
        if (value)
            appendQueryParams(out, *value, name, dialect);
    } else if constexpr (ShapeListOf<T>) {
        if (!value.isPresent())
            return;
        if (value.isEmpty()) {
            if (dialect == QueryDialect::Query)
                out.append({name, QStringLiteral("")});
            return;
        }
        const QString prefix = itemPrefix(name, itemName, dialect);
        for (qsizetype i = 0; i < value.size(); ++i) {
            const QString at = prefix + QString::number(i + 1);
            if constexpr (std::is_same_v<std::remove_cvref_t<decltype(value.at(i))>, QString>)
                out.append({at, value.at(i)});
            else
                appendQueryParams(out, value.at(i), at, dialect);
        }
    } else {
        static_assert(sizeof(T) == 0, "a member type Shape<> does not describe");
    }
}

} // namespace ModelQueryDetail

template<ModelShape S>
void appendQueryParams(QueryParams &out, const S &value, const QString &prefix, QueryDialect dialect)
{
    forEachField<S>([&](const auto &f) {
        ModelQueryDetail::appendMember(out, ModelQueryDetail::memberName(f, prefix, dialect), f.itemName,
                                       value.*(f.member), prefix.isEmpty(), dialect);
    });
}

template<ModelShape S> bool QueryParamReader::read(S &out, const QString &prefix)
{
    bool ok = true;
    forEachField<S>([&](const auto &f) {
        if (ok)
            ok = readMember(ModelQueryDetail::memberName(f, prefix, m_dialect), f.itemName, out.*(f.member));
    });
    return ok;
}

template<typename T> bool QueryParamReader::readMember(const QString &name, QLatin1StringView itemName, T &out)
{
    if constexpr (std::is_same_v<T, QString>) {
        out = value(name);
        return true;
    } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
        if (!has(name))
            return true;
        const QString v = value(name).toLower();
        if (v != u"true" && v != u"false")
            return fail(QStringLiteral("Value (%1) for parameter %2 is invalid. Must be true or false.")
                            .arg(value(name), name));
        out = v == u"true";
        return true;
    } else if constexpr (std::is_same_v<T, std::optional<double>>) {
        if (!has(name))
            return true;
        bool ok = false;
        const double d = value(name).toDouble(&ok);
        if (!ok)
            return fail(
                QStringLiteral("Value (%1) for parameter %2 is invalid. Must be a number.").arg(value(name), name));
        out = d;
        return true;
    } else if constexpr (ScalarOptional<T>) {
        using V = typename IsOptional<T>::Value;
        if (!has(name))
            return true;
        const auto v = integer(name, std::numeric_limits<V>::min(), std::numeric_limits<V>::max());
        if (!v)
            return false;
        out = V(*v);
        return true;
    } else if constexpr (std::is_same_v<T, Timestamp>) {
        if (!has(name))
            return true;
        const auto t = Timestamp::parse(value(name));
        if (!t)
            return fail(
                QStringLiteral("Value (%1) for parameter %2 is invalid. Must be a timestamp.").arg(value(name), name));
        out = *t;
        return true;
    } else if constexpr (StructureOptional<T>) {
        if (!hasUnder(name + u'.'))
            return true;
        return read(emplaceValue(out), name);
    } else if constexpr (ShapeListOf<T>) {
        using Item = typename IsShapeList<T>::Value;
        const QString itemPrefix = ModelQueryDetail::itemPrefix(name, itemName, m_dialect);
        if (m_dialect == QueryDialect::Query && has(name) && value(name).isEmpty() && !hasUnder(itemPrefix)) {
            out.clear();
            out.setPresent();
            return true;
        }
        if (!hasUnder(itemPrefix))
            return true;
        out.clear();
        out.setPresent();
        for (int n = 1;; ++n) {
            const QString at = itemPrefix + QString::number(n);
            Item item;
            if constexpr (std::is_same_v<Item, QString>) {
                if (!has(at))
                    break;
                item = value(at);
            } else {
                if (!hasUnder(at + u'.'))
                    break;
                if (!read(item, at))
                    return false;
            }
            out.append(std::move(item));
        }
        // Every numbered item must have been read: a gap (Tags.Tag.1, Tags.Tag.3) leaves some behind.
        for (auto it = m_values.cbegin(); it != m_values.cend(); ++it) {
            if (!it.key().startsWith(itemPrefix))
                continue;
            const QStringView rest = QStringView(it.key()).mid(itemPrefix.size());
            const qsizetype dot = rest.indexOf(u'.');
            bool ok = false;
            const int n = rest.left(dot < 0 ? rest.size() : dot).toInt(&ok);
            if (!ok || n < 1 || n > out.size())
                return fail(QStringLiteral("The list %1 has a gap or an invalid index: %2").arg(name, it.key()));
        }
        return true;
    } else {
        static_assert(sizeof(T) == 0, "a member type Shape<> does not describe");
    }
}
