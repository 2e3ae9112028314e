// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "httpexchange.h"
#include "queryserializer.h"

#include <QString>

// One call of one operation as a façade hands it to a job: which operation, its serialized input, and the
// input member that carries the page token. The protocol turns it into an HttpRequest per page.
struct OperationCall
{
    QString operation; // the model's name: "DescribeSnapshots", "AssumeRole"
    QueryParams params; // Query protocol: the input members, flattened by the service's serializer
    // Query protocol: the input member that carries the page token ("Marker", "NextToken"); REST protocols: its
    // query parameter ("continuation-token"). Empty when the call has a single page.
    QString pageTokenName;
    // REST protocols: the request as the façade encoded it from the input's shape (method, path, query,
    // headers, body, target); the protocol adds the page token to the query.
    HttpRequest request {};
};
