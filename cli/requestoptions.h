// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commandline.h"
#include "model/shape.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <limits>
#include <optional>
#include <type_traits>
#include <utility>

// From command-line options to an operation's request, the AWS CLI's way, written once over the shape description
// (model/shape.h) instead of once per command:
//   - each member of the request is the option botocore names after it (xform_name: "MultiAZEnabled" →
//     --multi-az-enabled, "SnapshotArnsToRestore" → --snapshot-arns-to-restore);
//   - a string takes one value, an integer one whole number, a boolean is the pair --name / --no-name;
//   - a list takes one or more values (argparse's nargs='+'), or one JSON array;
//   - a structure, and each item of a list of structures, is JSON ('{"Key":"k","Value":"v"}') or the AWS CLI's
//     shorthand syntax (Key=k,Value=v, nested {…} and […]), checked against the shape as botocore's parameter
//     validation checks it: an unknown member or a value of the wrong type is refused before anything is sent.
// Only what the AWS CLI checks itself is checked here; the service's own rules come back from the service.
namespace RequestOptions {

// botocore's xform_name with '-': "ReplicationGroupId" → "replication-group-id", "MultiAZEnabled" →
// "multi-az-enabled", "PreferredCacheClusterAZs" → "preferred-cache-cluster-azs".
QString cliName(QLatin1StringView memberName);

// The AWS CLI's shorthand syntax ("Key=owner,Value=ops", "a=b,c" → {"a": ["b", "c"]}, "a=[b,c]", "a={b=c}",
// quoted values, "\," for a comma) as a JSON object whose leaves are strings. On a syntax error, the AWS CLI's
// message (the expected and received character and a caret under the place).
struct ShorthandResult
{
    QJsonObject value;
    QString error; // empty on success
};
ShorthandResult parseShorthand(const QString &text);

namespace Detail {

enum class Origin { Json, Shorthand }; // shorthand leaves are strings, converted by the member's type
enum class OptionKind { None, Scalar, List, Flag };

QString describeValue(const QJsonValue &value);
bool invalidType(const QString &path, const QJsonValue &value, QStringView expected, QString *error);
std::optional<qint64> wholeNumber(QStringView text); // Python's int(): optional sign and blanks
// One value of a list or structure option: JSON when it starts with '[' or '{', else shorthand. error names option.
std::optional<QJsonValue> parseValue(const QString &option, const QString &text, bool allowShorthand, QString *error);

template<typename T>
concept IntegerOptional = ScalarOptional<T> && std::is_integral_v<typename IsOptional<T>::Value>;

template<typename T> constexpr OptionKind kindOf()
{
    if constexpr (std::is_same_v<T, std::optional<bool>>)
        return OptionKind::Flag;
    else if constexpr (ShapeListOf<T>)
        return OptionKind::List;
    else
        return OptionKind::Scalar;
}

template<typename T> bool convert(const QJsonValue &v, T &out, const QString &path, Origin origin, QString *error);

template<ModelShape S>
bool convertObject(const QJsonValue &v, S &out, const QString &path, Origin origin, QString *error)
{
    if (!v.isObject())
        return invalidType(path, v, u"an object", error);
    const QJsonObject object = v.toObject();
    QStringList names;
    forEachField<S>([&](const auto &f) { names.append(QString(f.name)); });
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!names.contains(it.key())) {
            *error = QStringLiteral("Unknown parameter in %1: \"%2\", must be one of: %3")
                         .arg(path, it.key(), names.join(QStringLiteral(", ")));
            return false;
        }
    }
    bool ok = true;
    forEachField<S>([&](const auto &f) {
        const QJsonValue member = object.value(f.name);
        if (!ok || member.isUndefined() || member.isNull())
            return;
        ok = convert(member, out.*(f.member), path + u'.' + f.name, origin, error);
    });
    return ok;
}

template<typename T> bool convert(const QJsonValue &v, T &out, const QString &path, Origin origin, QString *error)
{
    if constexpr (std::is_same_v<T, QString>) {
        if (!v.isString())
            return invalidType(path, v, u"a string", error);
        out = v.toString();
        if (out.isNull())
            out = QStringLiteral("");
        return true;
    } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
        if (v.isBool()) {
            out = v.toBool();
            return true;
        }
        // The AWS CLI turns shorthand "true" / "false" (any case) into booleans and leaves anything else a string.
        if (origin == Origin::Shorthand && v.isString()) {
            const QString text = v.toString().toLower();
            if (text == u"true" || text == u"false") {
                out = text == u"true";
                return true;
            }
        }
        return invalidType(path, v, u"a boolean", error);
    } else if constexpr (ScalarOptional<T>) {
        using V = typename IsOptional<T>::Value;
        std::optional<double> number;
        if (v.isDouble())
            number = v.toDouble();
        else if (origin == Origin::Shorthand && v.isString()) {
            if constexpr (std::is_floating_point_v<V>) {
                bool ok = false;
                const double d = v.toString().trimmed().toDouble(&ok);
                if (ok)
                    number = d;
            } else if (const auto whole = wholeNumber(v.toString())) {
                number = double(*whole);
            }
            if (!number) {
                *error
                    = QStringLiteral("Invalid value for parameter %1: %2 is not a number").arg(path, describeValue(v));
                return false;
            }
        }
        if (!number)
            return invalidType(path, v, u"a number", error);
        if constexpr (std::is_integral_v<V>) {
            if (*number != double(qint64(*number)) || *number < double(std::numeric_limits<V>::min())
                || *number > double(std::numeric_limits<V>::max()))
                return invalidType(path, v, u"a whole number in range", error);
        }
        out = V(*number);
        return true;
    } else if constexpr (StructureOptional<T>) {
        typename IsOptional<T>::Value value {};
        if (!convertObject(v, value, path, origin, error))
            return false;
        out = std::move(value);
        return true;
    } else if constexpr (ShapeListOf<T>) {
        using Item = typename IsShapeList<T>::Value;
        QJsonArray array;
        if (v.isArray())
            array = v.toArray();
        else if (origin == Origin::Shorthand)
            array = QJsonArray {v}; // shorthand "Name=a" where Name is a list means [a], as the AWS CLI reads it
        else
            return invalidType(path, v, u"a list", error);
        T list;
        list.setPresent();
        for (qsizetype i = 0; i < array.size(); ++i) {
            Item item {};
            const QString itemPath = path + u'[' + QString::number(i) + u']';
            if constexpr (ModelShape<Item>) {
                if (!convertObject(array.at(i), item, itemPath, origin, error))
                    return false;
            } else {
                if (!convert(array.at(i), item, itemPath, origin, error))
                    return false;
            }
            list.append(std::move(item));
        }
        out = std::move(list);
        return true;
    } else {
        static_assert(sizeof(T) == 0, "a member type the command line cannot give");
    }
}

// The value(s) of one option into member; false and *error when they do not fit.
template<typename T>
bool fromOption(const ParsedCommandLine &command, const QString &option, const QString &member, T &out, QString *error)
{
    if constexpr (std::is_same_v<T, QString>) {
        out = command.value(option);
        return true;
    } else if constexpr (IntegerOptional<T> && !std::is_same_v<T, std::optional<bool>>) {
        using V = typename IsOptional<T>::Value;
        const auto whole = wholeNumber(command.value(option));
        if (!whole || *whole < std::numeric_limits<V>::min() || *whole > std::numeric_limits<V>::max()) {
            *error = QStringLiteral("--%1 takes a whole number, not \"%2\".").arg(option, command.value(option));
            return false;
        }
        out = V(*whole);
        return true;
    } else if constexpr (ShapeListOf<T>) {
        using Item = typename IsShapeList<T>::Value;
        const QStringList values = command.list(option);
        QJsonArray items;
        Origin origin = Origin::Json;
        if (values.size() == 1 && values.constFirst().trimmed().startsWith(u'[')) {
            const auto parsed = parseValue(option, values.constFirst(), false, error);
            if (!parsed)
                return false;
            if (!parsed->isArray())
                return invalidType(member, *parsed, u"a list", error);
            items = parsed->toArray();
        } else if constexpr (std::is_same_v<Item, QString>) {
            // A list of strings takes the words as they are (the AWS CLI parses no shorthand there).
            for (const QString &value : values)
                items.append(value);
        } else {
            for (const QString &value : values) {
                const bool json = value.trimmed().startsWith(u'{');
                const auto parsed = parseValue(option, value, true, error);
                if (!parsed)
                    return false;
                items.append(*parsed);
                if (!json)
                    origin = Origin::Shorthand;
            }
        }
        return convert(QJsonValue(items), out, member, origin, error);
    } else if constexpr (StructureOptional<T>) {
        const QString value = command.value(option);
        const auto parsed = parseValue(option, value, true, error);
        if (!parsed)
            return false;
        return convert(*parsed, out, member, value.trimmed().startsWith(u'{') ? Origin::Json : Origin::Shorthand,
                       error);
    } else {
        static_assert(sizeof(T) == 0, "a member type the command line cannot give");
    }
}

[[noreturn]] void unboundOption(const QString &command, const QString &option, QLatin1StringView shape);

} // namespace Detail

// Fills request from the command's options (those bind<S>() accepted). Returns the usage error when a value does
// not fit its member (a word for a number, shorthand or JSON that does not parse or does not match the shape).
template<ModelShape S> std::optional<QString> fill(const ParsedCommandLine &command, S &request)
{
    QString error;
    forEachField<S>([&](const auto &f) {
        if (!error.isEmpty())
            return;
        auto &member = request.*(f.member);
        using T = std::remove_cvref_t<decltype(member)>;
        const QString option = cliName(f.name);
        if constexpr (std::is_same_v<T, std::optional<bool>>) {
            if (command.isSet(option))
                member = true;
            else if (command.isSet(u"no-" + option))
                member = false;
        } else if constexpr (std::is_same_v<T,
                                            QString> || ScalarOptional<T> || ShapeListOf<T> || StructureOptional<T>) {
            if (command.isSet(option) && !Detail::fromOption(command, option, QString(f.name), member, &error)) {
                if (error.isEmpty())
                    error = QStringLiteral("--%1: invalid value.").arg(option);
            }
        }
    });
    if (error.isEmpty())
        return std::nullopt;
    return error;
}

// Checks, when the command list is built, that every option of spec (but help and handledElsewhere) is a member
// of S and has the form the member needs, and marks the list members' options as taking several values. A
// mistake here is a programming error: it stops the program at once, so that any test catches it.
template<ModelShape S> void bind(CommandSpec &spec, const QStringList &handledElsewhere = {})
{
    for (const QCommandLineOption &option : std::as_const(spec.options)) {
        const QString name = option.names().constFirst();
        if (name == u"help" || handledElsewhere.contains(name))
            continue;
        Detail::OptionKind kind = Detail::OptionKind::None;
        forEachField<S>([&](const auto &f) {
            using T = typename std::remove_cvref_t<decltype(f)>::Type;
            const QString cli = cliName(f.name);
            constexpr Detail::OptionKind fieldKind = Detail::kindOf<T>();
            if (name == cli || (fieldKind == Detail::OptionKind::Flag && name == u"no-" + cli))
                kind = fieldKind;
        });
        const bool takesValue = !option.valueName().isEmpty();
        if (kind == Detail::OptionKind::None || takesValue != (kind != Detail::OptionKind::Flag))
            Detail::unboundOption(spec.name, name, Shape<S>::name);
        if (kind == Detail::OptionKind::List)
            spec.multiValued.append(name);
    }
    spec.checkValues = [](const ParsedCommandLine &command) {
        S request;
        return fill(command, request);
    };
}

} // namespace RequestOptions
