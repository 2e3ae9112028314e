// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The XML reader (model/xmlreader.*) on every answer shape, through ResponseParser as the client calls it. The
// first byte picks the operation (its value modulo kOperations), the rest is the answer. What reads as a result is
// then used as the client uses it: sizes summed, times compared, printed as awscli JSON, and stored in and read
// back from the lossless JSON form of the sandbox's state file, which must give the same value.
#include "fuzzsupport.h"

#include "jsonoutput.h"
#include "responseparser.h"
#include "service/queryprotocol.h"
#include "stringpool.h"

using namespace Qt::StringLiterals;

namespace {

constexpr int kOperations = 14;

void use(const Snapshot &s)
{
    (void)s.totalSizeBytes();
    (void)s.createTime();
    (void)s.isAutomatic();
    const ApiResult<Snapshot> back = JsonOutput::snapshotFromJson(JsonOutput::toJson(s));
    if (!back.ok())
        FuzzSupport::fail("a snapshot read from XML is stored and read back", back.error().message);
    if (!(back.value() == s))
        FuzzSupport::fail("a snapshot read from XML is stored and read back unchanged",
                          QString::fromUtf8(JsonOutput::snapshotResult(s)));
}

void use(const ServerlessCacheSnapshot &s)
{
    const ApiResult<ServerlessCacheSnapshot> back = JsonOutput::serverlessSnapshotFromJson(JsonOutput::toJson(s));
    if (!back.ok())
        FuzzSupport::fail("a serverless snapshot read from XML is stored and read back", back.error().message);
    if (!(back.value() == s))
        FuzzSupport::fail("a serverless snapshot read from XML is stored and read back unchanged",
                          QString::fromUtf8(JsonOutput::serverlessSnapshotResult(s)));
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
    const int operation = data[0] % kOperations;
    const QByteArray xml = FuzzSupport::bytes(data + 1, size - 1);
    namespace R = ResponseParser;
    switch (operation) {
    case 0: {
        StringPool pool;
        if (const auto page = R::describeSnapshots(xml, &pool); page.ok()) {
            for (const Snapshot &s : page.value().items)
                use(s);
            (void)JsonOutput::describeSnapshots(page.value().items, page.value().nextToken);
        }
        break;
    }
    case 1:
    case 2:
    case 3: {
        static const QString names[] = {u"CreateSnapshot"_s, u"CopySnapshot"_s, u"DeleteSnapshot"_s};
        if (const auto s = R::snapshotResult(xml, names[operation - 1]); s.ok()) {
            use(s.value());
            (void)JsonOutput::snapshotResult(s.value());
        }
        break;
    }
    case 4: {
        StringPool pool;
        if (const auto page = R::describeServerlessCacheSnapshots(xml, &pool); page.ok()) {
            for (const ServerlessCacheSnapshot &s : page.value().items)
                use(s);
            (void)JsonOutput::describeServerlessCacheSnapshots(page.value().items, page.value().nextToken);
        }
        break;
    }
    case 5:
    case 6:
    case 7:
    case 8: {
        static const QString names[] = {u"CreateServerlessCacheSnapshot"_s, u"CopyServerlessCacheSnapshot"_s,
                                        u"ExportServerlessCacheSnapshot"_s, u"DeleteServerlessCacheSnapshot"_s};
        if (const auto s = R::serverlessSnapshotResult(xml, names[operation - 5]); s.ok()) {
            use(s.value());
            (void)JsonOutput::serverlessSnapshotResult(s.value());
        }
        break;
    }
    case 9:
        if (const auto page = R::describeCacheClusters(xml); page.ok())
            (void)JsonOutput::describeCacheClusters(page.value().items, page.value().nextToken);
        break;
    case 10:
        if (const auto page = R::describeReplicationGroups(xml); page.ok())
            (void)JsonOutput::describeReplicationGroups(page.value().items, page.value().nextToken);
        break;
    case 11:
        if (const auto page = R::describeServerlessCaches(xml); page.ok())
            (void)JsonOutput::describeServerlessCaches(page.value().items, page.value().nextToken);
        break;
    case 12:
        (void)R::peekPageToken(xml, u"DescribeSnapshots", u"Marker");
        (void)R::peekPageToken(xml, u"DescribeServerlessCacheSnapshots", u"NextToken");
        break;
    case 13:
        // An error document, as a non-2xx answer is read (botocore's QueryParser).
        for (const int status : {400, 503})
            (void)QueryProtocol::errorResponse(xml, status);
        break;
    }
    return 0;
}
