// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/xmlreader.h"
#include "queryprotocol.h"

#include <QByteArray>
#include <QString>

// The EC2 protocol (botocore's "ec2": EC2Serializer and EC2QueryParser), a variant of the Query protocol:
//  - the request is the Query protocol's form (Action, Version, the members), with the input's members flattened
//    in the Ec2 dialect (model/queryparams.h): GroupId.1, Filter.1.Name, Filter.1.Value.1;
//  - the answer has no result wrapper: the result's members are the document element's children, under their
//    lower-camel wire names (<DescribeSecurityGroupsResponse><requestId/><securityGroupInfo><item>…);
//  - errors are <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>; everything
//    else about them (HTML 5xx pages, unparseable bodies) is the Query protocol's.
class Ec2Protocol final : public QueryProtocol
{
public:
    explicit Ec2Protocol(QString apiVersion);

    // EC2 names the next page's token after the page's items: the job reads it with the page.
    QString peekPageToken(const OperationCall &call, const QByteArray &body) const override;

    // A 2xx answer of Op (model/ec2.h) as its result, read to the end of the document: a document is only
    // accepted when it is complete, so a list is never silently short. An error document is the service's error
    // (Kind::Service); anything else that is not Op's answer is Kind::Parse, code MalformedResponse.
    template<typename Op> static ApiResult<typename Op::Result> decodeResult(const QByteArray &body);
    // An EC2 error document as the service's error; httpStatus as it came.
    static ApiError errorResponse(const QByteArray &body, int httpStatus);

private:
    // Moves to Op's document element and checks it; false (and the reader failed, or isError set) otherwise.
    static bool openDocument(ModelXmlReader &reader, QLatin1StringView operation, bool *isError);
    // The rest of the document must be well-formed too.
    static void readToEnd(ModelXmlReader &reader);
    static ApiError readerError(const ModelXmlReader &reader, QLatin1StringView operation);
};

template<typename Op> ApiResult<typename Op::Result> Ec2Protocol::decodeResult(const QByteArray &body)
{
    ModelXmlReader reader(body);
    bool isError = false;
    typename Op::Result result;
    if (openDocument(reader, Op::name, &isError)) {
        reader.read(result); // requestId is not a member: skipped as unknown
        readToEnd(reader);
    }
    if (isError)
        return errorResponse(body, 0);
    if (reader.failed())
        return readerError(reader, Op::name);
    return result;
}
