// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wirecaptures.h"

#include "jsonoutput.h"
#include "responseparser.h"
#include "testsupport.h"

#include <QFile>
#include <QRegularExpression>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {

enum class Block { None, Request, DebugCanonicalRequest, DebugStringToSign, Answer, Stdout, Stderr };

} // namespace

QList<WireCapture> loadWireCaptures(QString *error)
{
    const QString path = testDataPath(u"wire-captures.md"_s);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read "_s + path;
        return {};
    }
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');

    static const QRegularExpression heading(uR"(^### (awscli-v[12]): `([^`]+)`)"_s);
    static const QRegularExpression answered(uR"(^Server answered HTTP (\d+))"_s);
    static const QRegularExpression clipMarker(uR"(^\[\.\.\. (\d+) lines clipped here)"_s);

    QList<WireCapture> captures;
    Block expecting = Block::None;
    Block inBlock = Block::None;
    int pendingStatus = 0;
    QStringList blockLines;

    bool skipping = false; // inside a fenced block we do not use (commands, other logs)
    for (const QString &line : lines) {
        if (skipping) {
            skipping = line != u"```";
            continue;
        }
        if (inBlock != Block::None) {
            if (line != u"```") {
                blockLines << line;
                continue;
            }
            WireCapture &capture = captures.last();
            if (inBlock == Block::Request) {
                capture.requests << blockLines.join(u'\n').toUtf8();
            } else if (inBlock == Block::DebugCanonicalRequest) {
                capture.debugCanonicalRequest = blockLines.join(u'\n').toUtf8();
                expecting = Block::DebugStringToSign;
            } else if (inBlock == Block::DebugStringToSign) {
                capture.debugStringToSign = blockLines.join(u'\n').toUtf8();
            } else if (inBlock == Block::Answer) {
                WireCapture::Answer answer;
                answer.httpStatus = pendingStatus;
                for (const QString &l : std::as_const(blockLines))
                    answer.clipped = answer.clipped || clipMarker.match(l).hasMatch();
                answer.xml = blockLines.join(u'\n').toUtf8();
                capture.answers << answer;
            } else if (inBlock == Block::Stdout) {
                capture.hasStdout = true;
                QStringList *target = &capture.stdoutLines;
                for (const QString &l : std::as_const(blockLines)) {
                    const QRegularExpressionMatch m = clipMarker.match(l);
                    if (m.hasMatch()) {
                        capture.stdoutClippedLines = m.captured(1).toInt();
                        target = &capture.stdoutTailLines;
                        continue;
                    }
                    *target << l;
                }
            } else {
                capture.stderrLines = blockLines;
            }
            inBlock = Block::None;
            blockLines.clear();
            continue;
        }

        if (line.startsWith(u"#")) {
            // Every heading ends the previous scenario; only "### awscli-vN: `id`" starts one.
            const QRegularExpressionMatch h = heading.match(line);
            WireCapture capture;
            if (h.hasMatch()) {
                capture.client = h.captured(1);
                capture.scenario = h.captured(2);
            }
            captures << capture;
            expecting = Block::None;
            continue;
        }
        if (line.startsWith(u"```")) {
            const bool inScenario = !captures.isEmpty() && !captures.last().scenario.isEmpty();
            if (inScenario && line == u"```http")
                inBlock = Block::Request;
            else if (expecting != Block::None && inScenario)
                inBlock = expecting;
            else
                skipping = true;
            expecting = Block::None;
            continue;
        }
        if (captures.isEmpty() || captures.last().scenario.isEmpty())
            continue;
        const QRegularExpressionMatch a = answered.match(line);
        if (a.hasMatch()) {
            captures.last().statuses << a.captured(1).toInt();
            pendingStatus = a.captured(1).toInt();
            expecting = line.contains(u"hand-built XML") ? Block::Answer : Block::None;
            continue;
        }
        if (line.startsWith(u"awscli's own `--debug` log of the first attempt")) {
            expecting = Block::DebugCanonicalRequest;
            continue;
        }
        if (line.startsWith(u"What the CLI printed on stdout")) {
            expecting = Block::Stdout;
            continue;
        }
        if (line.startsWith(u"What the CLI printed on stderr") || line.startsWith(u"Last lines of stderr")) {
            expecting = Block::Stderr;
            continue;
        }
    }
    captures.removeIf([](const WireCapture &c) { return c.scenario.isEmpty(); });
    if (captures.isEmpty())
        *error = u"no scenarios found in "_s + path;
    return captures;
}

const QList<WireCapture> &wireCaptures()
{
    static const QList<WireCapture> all = [] {
        QString error;
        QList<WireCapture> loaded = loadWireCaptures(&error);
        if (loaded.isEmpty())
            qFatal("%s", qPrintable(error));
        return loaded;
    }();
    return all;
}

const WireCapture *findWireCapture(const QString &client, const QString &scenario)
{
    for (const WireCapture &capture : wireCaptures()) {
        if (capture.client == client && capture.scenario == scenario)
            return &capture;
    }
    return nullptr;
}

std::optional<RecordedRequest> capturedRequest(const QString &client, const QString &scenario, int n)
{
    const WireCapture *capture = findWireCapture(client, scenario);
    if (!capture || n < 0 || n >= capture->requests.size())
        return std::nullopt;
    return RecordedRequest::parse(capture->requests.at(n));
}

QString rootElementName(const QByteArray &xml)
{
    QXmlStreamReader reader(xml);
    if (reader.readNextStartElement())
        return reader.name().toString();
    return {};
}

namespace {

template<typename T>
ApiResult<RenderedAnswer> fromPage(const ApiResult<ResponseParser::Page<T>> &page,
                                   QByteArray (*print)(const QList<T> &, const QString &), const QString &itemElement)
{
    if (!page)
        return page.error();
    RenderedAnswer rendered;
    rendered.json = print(page.value().items, page.value().nextToken);
    rendered.isPage = true;
    rendered.items = page.value().items.size();
    rendered.itemElement = itemElement;
    rendered.requestId = page.value().requestId;
    rendered.nextToken = page.value().nextToken;
    return rendered;
}

template<typename T>
ApiResult<RenderedAnswer> fromSingle(const ApiResult<T> &item, QByteArray (*print)(const T &),
                                     const QString &itemElement)
{
    if (!item)
        return item.error();
    RenderedAnswer rendered;
    rendered.json = print(item.value());
    rendered.items = 1;
    rendered.itemElement = itemElement;
    return rendered;
}

} // namespace

ApiResult<RenderedAnswer> renderAnswer(const QByteArray &xml, QString root)
{
    if (root.isEmpty())
        root = rootElementName(xml);
    if (root == u"DescribeSnapshotsResponse")
        return fromPage(ResponseParser::describeSnapshots(xml), &JsonOutput::describeSnapshots, u"Snapshot"_s);
    if (root == u"DescribeServerlessCacheSnapshotsResponse")
        return fromPage(ResponseParser::describeServerlessCacheSnapshots(xml),
                        &JsonOutput::describeServerlessCacheSnapshots, u"ServerlessCacheSnapshot"_s);
    if (root == u"DescribeCacheClustersResponse")
        return fromPage(ResponseParser::describeCacheClusters(xml), &JsonOutput::describeCacheClusters,
                        u"CacheCluster"_s);
    if (root == u"DescribeReplicationGroupsResponse")
        return fromPage(ResponseParser::describeReplicationGroups(xml), &JsonOutput::describeReplicationGroups,
                        u"ReplicationGroup"_s);
    if (root == u"DescribeServerlessCachesResponse")
        return fromPage(ResponseParser::describeServerlessCaches(xml), &JsonOutput::describeServerlessCaches,
                        u"member"_s);
    static const QRegularExpression single(uR"(^(Create|Copy|Delete|Export)(Serverless)?(Cache)?SnapshotResponse$)"_s);
    const QRegularExpressionMatch m = single.match(root);
    if (m.hasMatch()) {
        const QString operation = root.chopped(int(qstrlen("Response")));
        if (m.captured(2).isEmpty())
            return fromSingle(ResponseParser::snapshotResult(xml, operation), &JsonOutput::snapshotResult,
                              u"Snapshot"_s);
        return fromSingle(ResponseParser::serverlessSnapshotResult(xml, operation),
                          &JsonOutput::serverlessSnapshotResult, u"ServerlessCacheSnapshot"_s);
    }
    ApiError error;
    error.kind = ApiError::Kind::Config;
    error.message = u"no parser for <"_s + root + u'>';
    return error;
}

std::optional<qint64> instantOf(const QString &text)
{
    const std::optional<QDateTime> t = ResponseParser::parseTimestamp(text);
    if (!t || text.size() < 19)
        return std::nullopt;
    return t->toMSecsSinceEpoch();
}
