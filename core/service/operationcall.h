// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "queryserializer.h"

#include <QString>

// One call of one operation as a façade hands it to a job: which operation, its serialized input, and the
// input member that carries the page token. The protocol turns it into an HttpRequest per page.
struct OperationCall
{
    QString operation; // the model's name: "DescribeSnapshots", "AssumeRole"
    QueryParams params; // the input members, flattened by the service's serializer
    QString pageTokenName; // "Marker", "NextToken"; empty when the call has a single page
};
