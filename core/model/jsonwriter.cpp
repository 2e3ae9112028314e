// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsonwriter.h"

#include <cmath>

using namespace Qt::StringLiterals;

void AwsCliJsonWriter::key(QLatin1StringView name)
{
    next();
    m_out += '"';
    m_out.append(name.data(), name.size());
    m_out += "\": ";
}

void AwsCliJsonWriter::stringValue(QStringView text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    m_out += '"';
    for (const char c : utf8) {
        switch (c) {
        case '"':
            m_out += "\\\"";
            break;
        case '\\':
            m_out += "\\\\";
            break;
        case '\n':
            m_out += "\\n";
            break;
        case '\r':
            m_out += "\\r";
            break;
        case '\t':
            m_out += "\\t";
            break;
        case '\b':
            m_out += "\\b";
            break;
        case '\f':
            m_out += "\\f";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                m_out += "\\u00";
                m_out += kHex[(c >> 4) & 0xf];
                m_out += kHex[c & 0xf];
            } else {
                m_out += c;
            }
        }
    }
    m_out += '"';
}

QByteArray AwsCliJsonWriter::take()
{
    m_out += '\n';
    return std::move(m_out);
}

void AwsCliJsonWriter::open(char bracket)
{
    m_out += bracket;
    m_counts.append(0);
}

void AwsCliJsonWriter::close(char bracket)
{
    const int count = m_counts.takeLast();
    if (count > 0) {
        m_out += '\n';
        m_out.append(m_counts.size() * 4, ' ');
    }
    m_out += bracket;
}

void AwsCliJsonWriter::next()
{
    if (!m_counts.isEmpty() && m_counts.last()++ > 0)
        m_out += ',';
    if (m_counts.isEmpty())
        return;
    m_out += '\n';
    m_out.append(m_counts.size() * 4, ' ');
}

QByteArray AwsCliJsonWriter::pythonFloat(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value < 0 ? "-Infinity" : "Infinity";
    // The shortest digits that read back as the same double, then Python's layout: positional for exponents
    // -4..15 (with ".0" when whole), "1.5e-05" / "1e+16" otherwise.
    const QByteArray e = QByteArray::number(value, 'e', QLocale::FloatingPointShortest);
    const qsizetype at = e.indexOf('e');
    QByteArray mantissa = e.left(at);
    const int exponent = e.mid(at + 1).toInt();
    const bool negative = mantissa.startsWith('-');
    if (negative)
        mantissa.remove(0, 1);
    const QByteArray digits = QByteArray(mantissa).replace(".", "");
    QByteArray out;
    if (exponent < -4 || exponent >= 16) {
        out = digits.left(1);
        if (digits.size() > 1)
            out += '.' + digits.mid(1);
        out += 'e';
        out += exponent < 0 ? '-' : '+';
        out += QByteArray::number(std::abs(exponent)).rightJustified(2, '0');
    } else if (exponent < 0) {
        out = "0." + QByteArray(-exponent - 1, '0') + digits;
    } else if (digits.size() <= exponent + 1) {
        out = digits + QByteArray(exponent + 1 - digits.size(), '0') + ".0";
    } else {
        out = digits.left(exponent + 1) + '.' + digits.mid(exponent + 1);
    }
    return negative ? '-' + out : out;
}

namespace ModelJsonDetail {

bool fail(const QString &path, QStringView expected, QString *error)
{
    if (error)
        *error = path + u" is not "_s + expected;
    return false;
}

std::optional<double> integral(const QJsonValue &v, double min, double max)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (d != std::trunc(d) || d < min || d > max)
        return std::nullopt;
    return d;
}

} // namespace ModelJsonDetail
