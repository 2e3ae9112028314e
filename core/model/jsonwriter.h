// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "shape.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

// The two JSON forms of a model structure, generic over Shape<S>.
//
// AwsCliJsonWriter prints what `aws … --output json` (awscli v2) prints: Python's json.dumps(indent=4,
// ensure_ascii=False) of what botocore parsed: members in model order, absent ones left out, lists present in
// the answer even when empty, timestamps as datetime.isoformat(), doubles as Python's repr.
//
// toJsonObject()/fromJsonObject() are the compact, lossless form for persisting state (the sandbox):
// the same member names, timestamps in the service's ISO form with their offset, fromJsonObject(toJsonObject(x))
// == x, and a member of the wrong type is an error naming its path.
class AwsCliJsonWriter
{
public:
    AwsCliJsonWriter() { m_out.reserve(4096); }

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }
    void arrayItem() { next(); }
    void key(QLatin1StringView name);
    void stringValue(QStringView text);
    void rawValue(const QByteArray &json) { m_out += json; }

    // The members of value, into the object that is open.
    template<ModelShape S> void members(const S &value);
    template<ModelShape S> void object(const S &value)
    {
        beginObject();
        members(value);
        endObject();
    }

    QByteArray take(); // with the final newline

    static QByteArray pythonFloat(double value); // repr(float)

private:
    template<typename T> void member(QLatin1StringView name, const T &value);
    void open(char bracket);
    void close(char bracket);
    void next();

    QByteArray m_out;
    QList<int> m_counts;
};

template<ModelShape S> void AwsCliJsonWriter::members(const S &value)
{
    forEachField<S>([&](const auto &f) { member(f.name, value.*(f.member)); });
}

template<typename T> void AwsCliJsonWriter::member(QLatin1StringView name, const T &value)
{
    if constexpr (std::is_same_v<T, QString>) {
        if (value.isNull())
            return;
        key(name);
        stringValue(value);
    } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
        if (!value)
            return;
        key(name);
        m_out += *value ? "true" : "false";
    } else if constexpr (std::is_same_v<T, std::optional<double>>) {
        if (!value)
            return;
        key(name);
        m_out += pythonFloat(*value);
    } else if constexpr (ScalarOptional<T>) {
        if (!value)
            return;
        key(name);
        m_out += QByteArray::number(*value);
    } else if constexpr (std::is_same_v<T, Timestamp>) {
        if (!value.isValid())
            return;
        key(name);
        stringValue(value.toPythonIso());
    } else if constexpr (StructureOptional<T>) {
        if (!value)
            return;
        key(name);
        object(*value);
    } else if constexpr (ShapeListOf<T>) {
        if (!value.isPresent())
            return;
        key(name);
        beginArray();
        for (const auto &item : value) {
            arrayItem();
            if constexpr (std::is_same_v<std::remove_cvref_t<decltype(item)>, QString>)
                stringValue(item);
            else
                object(item);
        }
        endArray();
    } else {
        static_assert(sizeof(T) == 0, "a member type Shape<> does not describe");
    }
}

// ---- the state form -------------------------------------------------------------------------------------

namespace ModelJsonDetail {

template<typename T> QJsonValue toValue(const T &value);
template<typename T> bool fromValue(const QJsonValue &v, T &out, const QString &path, QString *error);
bool fail(const QString &path, QStringView expected, QString *error);
std::optional<double> integral(const QJsonValue &v, double min, double max);

} // namespace ModelJsonDetail

template<ModelShape S> QJsonObject toJsonObject(const S &value)
{
    QJsonObject object;
    forEachField<S>([&](const auto &f) {
        const QJsonValue v = ModelJsonDetail::toValue(value.*(f.member));
        if (!v.isUndefined())
            object.insert(f.name, v);
    });
    return object;
}

// Reads the members of S that the object has; unknown keys are ignored. False (and *error) on a wrong type.
template<ModelShape S> bool fromJsonObject(const QJsonObject &object, S &out, QString *error, const QString &path = {})
{
    bool ok = true;
    forEachField<S>([&](const auto &f) {
        if (!ok)
            return;
        const QJsonValue v = object.value(f.name);
        if (v.isUndefined())
            return;
        const QString memberPath = path.isEmpty() ? QString(f.name) : path + u'.' + f.name;
        ok = ModelJsonDetail::fromValue(v, out.*(f.member), memberPath, error);
    });
    return ok;
}

namespace ModelJsonDetail {

template<typename T> QJsonValue toValue(const T &value)
{
    if constexpr (std::is_same_v<T, QString>) {
        return value.isNull() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(value);
    } else if constexpr (std::is_same_v<T, std::optional<qint64>>) {
        return value ? QJsonValue(double(*value)) : QJsonValue(QJsonValue::Undefined);
    } else if constexpr (ScalarOptional<T>) {
        return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Undefined);
    } else if constexpr (std::is_same_v<T, Timestamp>) {
        if (!value.isValid())
            return QJsonValue(QJsonValue::Undefined);
        return QJsonValue(value.offsetSeconds() == 0 ? value.toServiceIso() : value.toPythonIso());
    } else if constexpr (StructureOptional<T>) {
        return value ? QJsonValue(toJsonObject(*value)) : QJsonValue(QJsonValue::Undefined);
    } else if constexpr (ShapeListOf<T>) {
        if (!value.isPresent())
            return QJsonValue(QJsonValue::Undefined);
        QJsonArray array;
        for (const auto &item : value) {
            if constexpr (std::is_same_v<std::remove_cvref_t<decltype(item)>, QString>)
                array.append(item);
            else
                array.append(toJsonObject(item));
        }
        return array;
    } else {
        static_assert(sizeof(T) == 0, "a member type Shape<> does not describe");
    }
}

template<typename T> bool fromValue(const QJsonValue &v, T &out, const QString &path, QString *error)
{
    if constexpr (std::is_same_v<T, QString>) {
        if (!v.isString())
            return fail(path, u"a string", error);
        out = v.toString();
        if (out.isNull())
            out = QStringLiteral("");
        return true;
    } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
        if (!v.isBool())
            return fail(path, u"a boolean", error);
        out = v.toBool();
        return true;
    } else if constexpr (std::is_same_v<T, std::optional<double>>) {
        if (!v.isDouble())
            return fail(path, u"a number", error);
        out = v.toDouble();
        return true;
    } else if constexpr (ScalarOptional<T>) {
        using V = typename IsOptional<T>::Value;
        // 2^53: the integers a double holds exactly.
        const double limit = std::min(double(std::numeric_limits<V>::max()), 9007199254740992.0);
        const auto d = integral(v, std::max(double(std::numeric_limits<V>::min()), -limit), limit);
        if (!d)
            return fail(path, u"an integer", error);
        out = V(*d);
        return true;
    } else if constexpr (std::is_same_v<T, Timestamp>) {
        const std::optional<Timestamp> t = v.isString() ? Timestamp::parse(v.toString()) : std::nullopt;
        if (!t)
            return fail(path, u"an ISO 8601 timestamp", error);
        out = *t;
        return true;
    } else if constexpr (StructureOptional<T>) {
        if (!v.isObject())
            return fail(path, u"an object", error);
        return fromJsonObject(v.toObject(), emplaceValue(out), error, path);
    } else if constexpr (ShapeListOf<T>) {
        using Item = typename IsShapeList<T>::Value;
        if (!v.isArray())
            return fail(path, u"an array", error);
        const QJsonArray array = v.toArray();
        out.clear();
        out.setPresent();
        out.reserve(array.size());
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString itemPath = path + u'[' + QString::number(i) + u']';
            Item item;
            if constexpr (std::is_same_v<Item, QString>) {
                if (!fromValue(array.at(i), item, itemPath, error))
                    return false;
            } else {
                if (!array.at(i).isObject())
                    return fail(itemPath, u"an object", error);
                if (!fromJsonObject(array.at(i).toObject(), item, error, itemPath))
                    return false;
            }
            out.append(std::move(item));
        }
        return true;
    } else {
        static_assert(sizeof(T) == 0, "a member type Shape<> does not describe");
    }
}

} // namespace ModelJsonDetail
