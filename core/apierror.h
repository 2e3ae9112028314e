// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <utility>
#include <variant>

// What went wrong with one API call. Service errors carry the AWS <Code> (matched by code, which often
// differs from the model's shape name: "CacheClusterNotFound", "InvalidSnapshotState").
struct ApiError
{
    enum class Kind {
        Service, // an <ErrorResponse> from the service: code, message, HTTP status, request id
        Http, // an HTTP error without an AWS error document (a proxy's HTML page, an empty 502)
        Network, // connection refused, reset, DNS, TLS
        Timeout, // nothing received within the idle timeout, or the request's deadline passed
        Parse, // a 2xx answer that is not the document the operation returns (malformed, truncated)
        Credentials, // no usable credentials
        Config, // bad region, endpoint, or arguments caught before sending
        Cancelled,
    };

    Kind kind = Kind::Service;
    QString code; // AWS error code, e.g. "SnapshotNotFoundFault"; for other kinds a short token
    QString message; // human-readable, never contains secrets
    int httpStatus = 0;
    QString requestId;
    QString type; // Sender | Receiver, when the service says
    int attempts = 1;

    // An error of kind with code and message, the rest left at its defaults.
    static ApiError make(Kind kind, QString code, QString message);

    bool isThrottling() const;
    bool isClockSkew() const;
    bool isTransient() const; // 5xx, network and timeouts: what the standard retry mode retries
    // The service refused the request's key or signature (not a permission): every call with it would be refused.
    bool isCredentialRefusal() const;
    QString toString() const; // "SnapshotNotFoundFault: Snapshot x not found. (HTTP 404, request id …)"

    // What a server put in its error document is shown in the window's error bar, the status bar and on a
    // terminal: a hostile one could send megabytes. bound() cuts the message to kMostMessageChars and the code,
    // type and request id to kMostTokenChars, saying how much of the message was cut.
    static constexpr qsizetype kMostMessageChars = 4096;
    static constexpr qsizetype kMostTokenChars = 256;
    void bound();
};

// The outcome of one call: a value or an error, never both.
template<typename T> class ApiResult
{
public:
    ApiResult(T value)
        : m_data(std::move(value))
    {
    }
    ApiResult(ApiError error)
        : m_data(std::move(error))
    {
    }

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return std::get<T>(m_data); }
    T &value() { return std::get<T>(m_data); }
    const ApiError &error() const { return std::get<ApiError>(m_data); }

private:
    std::variant<T, ApiError> m_data;
};
