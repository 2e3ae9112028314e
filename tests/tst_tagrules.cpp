// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later

// The service's tag limits (tests/data/snapshot-rules.md, "Tags"), the text form of tag lists and filters, the
// change between two tag sets, the ARNs the tag calls name, and the filter's tag criterion.

#include "resourcearn.h"
#include "snapshotfilter.h"
#include "tagrules.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// U+1F600, two UTF-16 units, one character.
const QString kEmoji = QString::fromUcs4(U"\U0001F600");

QString repeated(const QString &unit, int times)
{
    QString text;
    for (int i = 0; i < times; ++i)
        text += unit;
    return text;
}

QList<Tag> tags(std::initializer_list<std::pair<QString, QString>> pairs)
{
    QList<Tag> list;
    for (const auto &[key, value] : pairs)
        list.append(Tag {key, value});
    return list;
}

} // namespace

class TestTagRules final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void characterCount_data();
    void characterCount();
    void key_data();
    void key();
    void value_data();
    void value();
    void portable_data();
    void portable();
    void parse_data();
    void parse();
    void parseReasons_data();
    void parseReasons();
    void fiftyTags();
    void unportableIsAWarning();
    void formatReadsBack_data();
    void formatReadsBack();
    void filter_data();
    void filter();
    void filterRefusals_data();
    void filterRefusals();
    void matching_data();
    void matching();
    void difference();
    void reservedTagsAreLeftAlone();
    void arns_data();
    void arns();
    void sourceArn();
    void snapshotFilterTags();
};

void TestTagRules::characterCount_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qsizetype>("count");
    QTest::newRow("empty") << QString() << qsizetype(0);
    QTest::newRow("ascii") << u"owner"_s << qsizetype(5);
    QTest::newRow("accented") << u"caf\u00e9"_s << qsizetype(4);
    QTest::newRow("outside the BMP counts once") << kEmoji + u"x"_s << qsizetype(2);
    QTest::newRow("a lone surrogate counts") << QString(QChar(0xD83D)) << qsizetype(1);
}

void TestTagRules::characterCount()
{
    QFETCH(QString, text);
    QFETCH(qsizetype, count);
    QCOMPARE(TagRules::characterCount(text), count);
}

void TestTagRules::key_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("reason"); // a word the refusal must hold; empty: taken
    QTest::newRow("plain") << u"owner"_s << QString();
    QTest::newRow("cost centre") << u"cost-centre"_s << QString();
    QTest::newRow("one character") << u"k"_s << QString();
    QTest::newRow("128 characters") << QString(128, u'k') << QString();
    QTest::newRow("129 characters") << QString(129, u'k') << u"129"_s;
    QTest::newRow("128 emoji (256 UTF-16 units)") << repeated(kEmoji, 128) << QString();
    QTest::newRow("129 emoji") << repeated(kEmoji, 129) << u"at most 128"_s;
    QTest::newRow("empty") << QString() << u"needs a key"_s;
    QTest::newRow("aws: prefix") << u"aws:cloudformation:stack-name"_s << u"reserved"_s;
    QTest::newRow("AWS: in capitals") << u"AWS:owner"_s << u"reserved"_s;
    QTest::newRow("aws without the colon") << u"aws-owner"_s << QString();
    QTest::newRow("aws: not at the start") << u"team:aws:x"_s << QString();
    QTest::newRow("portable specials") << u"a+b-c=d.e_f:g/h@i j"_s << QString();
    QTest::newRow("any character (ElastiCache)") << u"cost#centre"_s << QString();
    QTest::newRow("control character") << u"a\u0001b"_s << u"control"_s;
}

void TestTagRules::key()
{
    QFETCH(QString, key);
    QFETCH(QString, reason);
    const QString problem = TagRules::keyProblem(key);
    if (reason.isEmpty())
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    else
        QVERIFY2(problem.contains(reason), qPrintable(problem));
}

void TestTagRules::value_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("ok");
    QTest::newRow("empty") << QString() << true;
    QTest::newRow("plain") << u"alice"_s << true;
    QTest::newRow("256 characters") << QString(256, u'v') << true;
    QTest::newRow("257 characters") << QString(257, u'v') << false;
    QTest::newRow("256 emoji") << repeated(kEmoji, 256) << true;
    QTest::newRow("257 emoji") << repeated(kEmoji, 257) << false;
    QTest::newRow("aws: in a value is the value's own") << u"aws:x"_s << true;
    QTest::newRow("U+FFFF") << u"a\uffffb"_s << false;
}

void TestTagRules::value()
{
    QFETCH(QString, value);
    QFETCH(bool, ok);
    QCOMPARE(TagRules::valueProblem(value).isEmpty(), ok);
}

void TestTagRules::portable_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("portable");
    QTest::newRow("letters digits") << u"Owner2"_s << true;
    QTest::newRow("specials") << u"+-=._:/@ "_s << true;
    QTest::newRow("unicode letters") << u"\u00e9quipe \u30c1\u30fc\u30e0"_s << true;
    QTest::newRow("hash") << u"a#b"_s << false;
    QTest::newRow("comma") << u"a,b"_s << false;
    QTest::newRow("emoji") << kEmoji << false;
}

void TestTagRules::portable()
{
    QFETCH(QString, text);
    QFETCH(bool, portable);
    QCOMPARE(TagRules::isPortable(text), portable);
}

void TestTagRules::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<Tag>>("expected");
    QTest::newRow("empty") << QString() << QList<Tag>();
    QTest::newRow("blank lines and commas") << u" \n , \n"_s << QList<Tag>();
    QTest::newRow("one") << u"owner=alice"_s << tags({{u"owner"_s, u"alice"_s}});
    QTest::newRow("comma separated, spaces trimmed")
        << u" owner = alice , cost-centre=1234 "_s << tags({{u"owner"_s, u"alice"_s}, {u"cost-centre"_s, u"1234"_s}});
    QTest::newRow("lines, CRLF") << u"owner=alice\r\nkeep=true\r\n"_s
                                 << tags({{u"owner"_s, u"alice"_s}, {u"keep"_s, u"true"_s}});
    QTest::newRow("key alone: empty value") << u"keep"_s << tags({{u"keep"_s, QString()}});
    QTest::newRow("key=: empty value") << u"keep="_s << tags({{u"keep"_s, QString()}});
    QTest::newRow("the first = ends the key") << u"expr=a=b"_s << tags({{u"expr"_s, u"a=b"_s}});
    QTest::newRow("inner spaces kept") << u"team name=cache team"_s << tags({{u"team name"_s, u"cache team"_s}});
    QTest::newRow("quoted value with comma") << u"note=\"a, b\""_s << tags({{u"note"_s, u"a, b"_s}});
    QTest::newRow("quoted key with =") << u"\"a=b\"=c"_s << tags({{u"a=b"_s, u"c"_s}});
    QTest::newRow("quoted with escapes") << u"q=\"say \\\"hi\\\" \\\\ ok\""_s
                                         << tags({{u"q"_s, u"say \"hi\" \\ ok"_s}});
    QTest::newRow("quoted keeps spaces") << u"\" k \"=\" v \""_s << tags({{u" k "_s, u" v "_s}});
    QTest::newRow("quoted line break") << u"a=\"1\n2\", b=3"_s << tags({{u"a"_s, u"1\n2"_s}, {u"b"_s, u"3"_s}});
    QTest::newRow("bare backslash is literal") << u"path=C:\\x"_s << tags({{u"path"_s, u"C:\\x"_s}});
    QTest::newRow("non-ascii") << u"\u00e9quipe=caf\u00e9"_s << tags({{u"\u00e9quipe"_s, u"caf\u00e9"_s}});
}

void TestTagRules::parse()
{
    QFETCH(QString, text);
    QFETCH(QList<Tag>, expected);
    const TagRules::ParsedTags parsed = TagRules::parseTagList(text);
    QVERIFY2(parsed.ok(), qPrintable(parsed.errors.join(u' ')));
    QCOMPARE(parsed.tags, expected);
}

void TestTagRules::parseReasons_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");
    QTest::newRow("no key") << u"=alice"_s << u"Tag 1: a tag needs a key"_s;
    QTest::newRow("empty quoted key") << u"owner=a, \"\"=b"_s << u"Tag 2: a tag needs a key"_s;
    QTest::newRow("reserved") << u"owner=a\naws:createdBy=me"_s << u"Tag 2 (\"aws:createdBy\"): keys starting with"_s;
    QTest::newRow("long key") << QString(129, u'k') + u"=v"_s << u"the key has 129 characters; at most 128"_s;
    QTest::newRow("long value") << u"k="_s + QString(257, u'v') << u"the value has 257 characters; at most 256"_s;
    QTest::newRow("twice") << u"owner=a, keep=true, owner=b"_s
                           << u"\"owner\" is given twice (tags 1 and 3); a key has only one value."_s;
    QTest::newRow("same key differs in case: two keys") << u"Owner=a, owner=b"_s << QString();
    QTest::newRow("unclosed quote") << u"a=\"open, b=c"_s << u"Tag 1 (\"a\"): a quote is not closed."_s;
    QTest::newRow("text after quote") << u"a=\"x\"y, b=c"_s
                                      << u"Tag 1 (\"a\"): there is text after the closing quote."_s;
    QTest::newRow("long key shortened in the message") << QString(200, u'k') + u"=v"_s << u"…\""_s;
}

void TestTagRules::parseReasons()
{
    QFETCH(QString, text);
    QFETCH(QString, reason);
    const TagRules::ParsedTags parsed = TagRules::parseTagList(text);
    if (reason.isEmpty()) {
        QVERIFY2(parsed.ok(), qPrintable(parsed.errors.join(u' ')));
        return;
    }
    QCOMPARE(parsed.errors.size(), 1);
    QVERIFY2(parsed.errors.first().contains(reason), qPrintable(parsed.errors.first()));
}

void TestTagRules::fiftyTags()
{
    QStringList items;
    for (int i = 1; i <= 50; ++i)
        items.append(u"k%1=v"_s.arg(i));
    const TagRules::ParsedTags fifty = TagRules::parseTagList(items.join(u", "));
    QVERIFY(fifty.ok());
    QCOMPARE(fifty.tags.size(), 50);

    items.append(u"k51=v"_s);
    const TagRules::ParsedTags more = TagRules::parseTagList(items.join(u'\n'));
    QCOMPARE(more.errors, QStringList {u"51 tags; a resource has at most 50."_s});
    QCOMPARE(more.tags.size(), 51);
}

void TestTagRules::unportableIsAWarning()
{
    const TagRules::ParsedTags parsed = TagRules::parseTagList(u"cost#centre=1, owner=alice, note=caf\u00e9"_s);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.tags.size(), 3);
    QCOMPARE(parsed.warnings.size(), 1);
    QVERIFY2(parsed.warnings.first().contains(u"\"#\""), qPrintable(parsed.warnings.first()));
    QVERIFY(parsed.warnings.first().startsWith(u"Tag 1 (\"cost#centre\")"));
}

void TestTagRules::formatReadsBack_data()
{
    QTest::addColumn<QList<Tag>>("tags");
    QTest::addColumn<QString>("text");
    QTest::newRow("plain") << tags({{u"owner"_s, u"alice"_s}, {u"keep"_s, u"true"_s}}) << u"owner=alice, keep=true"_s;
    QTest::newRow("empty value") << tags({{u"keep"_s, QString()}}) << u"keep="_s;
    QTest::newRow("= in a value needs no quotes") << tags({{u"expr"_s, u"a=b"_s}}) << u"expr=a=b"_s;
    QTest::newRow("= in a key is quoted") << tags({{u"a=b"_s, u"c"_s}}) << u"\"a=b\"=c"_s;
    QTest::newRow("comma quoted") << tags({{u"note"_s, u"a, b"_s}}) << u"note=\"a, b\""_s;
    QTest::newRow("quote and backslash") << tags({{u"q"_s, u"\"\\"_s}}) << u"q=\"\\\"\\\\\""_s;
    QTest::newRow("outer spaces quoted") << tags({{u" k"_s, u"v "_s}}) << u"\" k\"=\"v \""_s;
    QTest::newRow("line break quoted") << tags({{u"a"_s, u"1\n2"_s}}) << u"a=\"1\n2\""_s;
    QTest::newRow("leading quote") << tags({{u"a"_s, u"\"x"_s}}) << u"a=\"\\\"x\""_s;
}

void TestTagRules::formatReadsBack()
{
    QFETCH(QList<Tag>, tags);
    QFETCH(QString, text);
    QCOMPARE(TagRules::formatTagList(tags), text);
    const TagRules::ParsedTags parsed = TagRules::parseTagList(text);
    QVERIFY2(parsed.ok(), qPrintable(parsed.errors.join(u' ')));
    QCOMPARE(parsed.tags, tags);
    // One a line, as the editor shows them, reads back the same.
    QCOMPARE(TagRules::parseTagList(TagRules::formatTagList(tags, u"\n")).tags, tags);
}

void TestTagRules::filter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<TagRules::TagCriterion>>("criteria");
    using C = TagRules::TagCriterion;
    QTest::newRow("empty") << u"  "_s << QList<C>();
    QTest::newRow("key") << u"owner"_s << QList<C> {C {u"owner"_s, std::nullopt}};
    QTest::newRow("key=value") << u" owner = alice "_s << QList<C> {C {u"owner"_s, u"alice"_s}};
    QTest::newRow("key=: empty value") << u"keep="_s << QList<C> {C {u"keep"_s, u""_s}};
    QTest::newRow("several") << u"owner=alice, keep"_s
                             << QList<C> {C {u"owner"_s, u"alice"_s}, C {u"keep"_s, std::nullopt}};
    QTest::newRow("quoted") << u"\"a,b\"=\"c=d\""_s << QList<C> {C {u"a,b"_s, u"c=d"_s}};
}

void TestTagRules::filter()
{
    QFETCH(QString, text);
    QFETCH(QList<TagRules::TagCriterion>, criteria);
    const TagRules::ParsedFilter parsed = TagRules::parseFilter(text);
    QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
    QCOMPARE(parsed.criteria.size(), criteria.size());
    for (qsizetype i = 0; i < criteria.size(); ++i) {
        QCOMPARE(parsed.criteria[i].key, criteria[i].key);
        QCOMPARE(parsed.criteria[i].value.has_value(), criteria[i].value.has_value());
        if (criteria[i].value)
            QCOMPARE(*parsed.criteria[i].value, *criteria[i].value);
    }
    QCOMPARE(TagRules::parseFilter(TagRules::formatFilter(parsed.criteria)).criteria, parsed.criteria);
}

void TestTagRules::filterRefusals_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");
    QTest::newRow("no key") << u"=alice"_s << u"needs a key"_s;
    QTest::newRow("unclosed quote") << u"owner=\"al"_s << u"not closed"_s;
}

void TestTagRules::filterRefusals()
{
    QFETCH(QString, text);
    QFETCH(QString, reason);
    const TagRules::ParsedFilter parsed = TagRules::parseFilter(text);
    QVERIFY(parsed.criteria.isEmpty());
    QVERIFY2(parsed.error.contains(reason), qPrintable(parsed.error));
}

void TestTagRules::matching_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<bool>("match");
    // The tags: owner=alice, keep=true, note (empty).
    QTest::newRow("no criteria") << QString() << true;
    QTest::newRow("key") << u"owner"_s << true;
    QTest::newRow("key=value") << u"owner=alice"_s << true;
    QTest::newRow("other value") << u"owner=bob"_s << false;
    QTest::newRow("value is case-sensitive") << u"owner=Alice"_s << false;
    QTest::newRow("key is case-sensitive") << u"Owner"_s << false;
    QTest::newRow("missing key") << u"cost-centre"_s << false;
    QTest::newRow("both hold") << u"owner=alice, keep=true"_s << true;
    QTest::newRow("one of two fails") << u"owner=alice, keep=false"_s << false;
    QTest::newRow("empty value") << u"note="_s << true;
    QTest::newRow("empty value wanted, has one") << u"keep="_s << false;
}

void TestTagRules::matching()
{
    QFETCH(QString, filter);
    QFETCH(bool, match);
    const QList<Tag> have = tags({{u"owner"_s, u"alice"_s}, {u"keep"_s, u"true"_s}, {u"note"_s, QString()}});
    QCOMPARE(TagRules::matches(TagRules::parseFilter(filter).criteria, have), match);
}

void TestTagRules::difference()
{
    const QList<Tag> current = tags({{u"owner"_s, u"alice"_s}, {u"keep"_s, u"true"_s}, {u"note"_s, u""_s}});
    // Unchanged: nothing to send, an absent value and an empty one alike.
    QVERIFY(TagRules::difference(current, tags({{u"keep"_s, u"true"_s}, {u"owner"_s, u"alice"_s}, {u"note"_s, {}}}))
                .isEmpty());
    // A changed value is added again (AddTagsToResource overwrites), a new key added, a missing key removed.
    const TagRules::Change change
        = TagRules::difference(current, tags({{u"owner"_s, u"bob"_s}, {u"note"_s, {}}, {u"cost-centre"_s, u"42"_s}}));
    QCOMPARE(change.add, tags({{u"owner"_s, u"bob"_s}, {u"cost-centre"_s, u"42"_s}}));
    QCOMPARE(change.remove, QStringList {u"keep"_s});
    // Everything removed.
    const TagRules::Change none = TagRules::difference(current, {});
    QVERIFY(none.add.isEmpty());
    QCOMPARE(none.remove, (QStringList {u"owner"_s, u"keep"_s, u"note"_s}));
}

void TestTagRules::reservedTagsAreLeftAlone()
{
    const QList<Tag> current = tags({{u"aws:cloudformation:stack-name"_s, u"s"_s}, {u"owner"_s, u"alice"_s}});
    QCOMPARE(TagRules::editable(current), tags({{u"owner"_s, u"alice"_s}}));
    QCOMPARE(TagRules::reserved(current), tags({{u"aws:cloudformation:stack-name"_s, u"s"_s}}));
    // The editor shows only the editable ones: leaving the reserved tag out of desired does not remove it.
    const TagRules::Change change = TagRules::difference(current, tags({{u"owner"_s, u"bob"_s}}));
    QCOMPARE(change.add, tags({{u"owner"_s, u"bob"_s}}));
    QVERIFY(change.remove.isEmpty());
}

void TestTagRules::arns_data()
{
    QTest::addColumn<QString>("arn");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("kind"); // -1: not a snapshot
    QTest::newRow("snapshot") << u"arn:aws:elasticache:us-east-1:123456789012:snapshot:nightly-1"_s << u"snapshot"_s
                              << u"nightly-1"_s << int(SnapshotEntry::Kind::NodeBased);
    QTest::newRow("automatic snapshot")
        << u"arn:aws:elasticache:eu-west-1:123456789012:snapshot:automatic.my-rg-2026-01-01-03-00"_s << u"snapshot"_s
        << u"automatic.my-rg-2026-01-01-03-00"_s << int(SnapshotEntry::Kind::NodeBased);
    QTest::newRow("serverless snapshot") << u"arn:aws-cn:elasticache:cn-north-1:1:serverlesscachesnapshot:s1"_s
                                         << u"serverlesscachesnapshot"_s << u"s1"_s
                                         << int(SnapshotEntry::Kind::Serverless);
    QTest::newRow("cluster") << u"arn:aws:elasticache:us-east-1:1:cluster:c-001"_s << u"cluster"_s << u"c-001"_s << -1;
    QTest::newRow("not elasticache") << u"arn:aws:s3:::bucket"_s << QString() << QString() << -1;
    QTest::newRow("no id") << u"arn:aws:elasticache:us-east-1:1:snapshot:"_s << QString() << QString() << -1;
    QTest::newRow("not an arn") << u"nightly-1"_s << QString() << QString() << -1;
}

void TestTagRules::arns()
{
    QFETCH(QString, arn);
    QFETCH(QString, type);
    QFETCH(QString, id);
    QFETCH(int, kind);
    const auto parts = ResourceArn::parse(arn);
    QCOMPARE(parts.has_value(), !type.isEmpty());
    if (parts) {
        QCOMPARE(parts->type, type);
        QCOMPARE(parts->id, id);
        QCOMPARE(parts->prefix + type + u':' + id, arn);
    }
    const auto snapshot = ResourceArn::snapshotOf(arn);
    QCOMPARE(snapshot.has_value(), kind >= 0);
    if (snapshot) {
        QCOMPARE(int(snapshot->first), kind);
        QCOMPARE(snapshot->second, id);
    }
}

void TestTagRules::sourceArn()
{
    Snapshot group;
    group.snapshotName = u"nightly"_s;
    group.arn = u"arn:aws:elasticache:us-east-1:123456789012:snapshot:nightly"_s;
    group.replicationGroupId = u"orders"_s;
    group.cacheClusterId = u"orders-0001-001"_s;
    QCOMPARE(ResourceArn::sourceOf(SnapshotEntry(group)),
             u"arn:aws:elasticache:us-east-1:123456789012:replicationgroup:orders"_s);
    QCOMPARE(ResourceArn::sourceDescription(SnapshotEntry(group)), u"replication group orders"_s);

    Snapshot cluster = group;
    cluster.replicationGroupId.clear();
    QCOMPARE(ResourceArn::sourceOf(SnapshotEntry(cluster)),
             u"arn:aws:elasticache:us-east-1:123456789012:cluster:orders-0001-001"_s);

    ServerlessCacheSnapshot serverless;
    serverless.serverlessCacheSnapshotName = u"s1"_s;
    serverless.arn = u"arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:s1"_s;
    serverless.serverlessCacheConfiguration = ServerlessCacheConfiguration {};
    serverless.serverlessCacheConfiguration->serverlessCacheName = u"sessions"_s;
    QCOMPARE(ResourceArn::sourceOf(SnapshotEntry(serverless)),
             u"arn:aws:elasticache:us-east-1:123456789012:serverlesscache:sessions"_s);

    Snapshot orphan = cluster;
    orphan.cacheClusterId.clear();
    QVERIFY(ResourceArn::sourceOf(SnapshotEntry(orphan)).isEmpty());
}

void TestTagRules::snapshotFilterTags()
{
    SnapshotFilter filter;
    QVERIFY(filter.isEmpty());
    QVERIFY(!filter.hasTagCriteria());
    const QList<TagRules::TagCriterion> owner = TagRules::parseFilter(u"owner=alice"_s).criteria;
    QVERIFY(filter.setTags(owner));
    QVERIFY(!filter.setTags(owner)); // unchanged
    QVERIFY(!filter.isEmpty());
    QVERIFY(filter.hasTagCriteria());
    QVERIFY(filter.matchesTags(tags({{u"owner"_s, u"alice"_s}})));
    QVERIFY(!filter.matchesTags(tags({{u"owner"_s, u"bob"_s}})));
    QVERIFY(!filter.matchesTags({}));

    SnapshotFilter other = filter;
    QVERIFY(other == filter);
    other.setTags(TagRules::parseFilter(u"owner"_s).criteria);
    QVERIFY(!(other == filter));

    // The other criteria are matched without the tags, which the entry does not carry.
    Snapshot snapshot;
    snapshot.snapshotName = u"nightly"_s;
    snapshot.snapshotSource = u"manual"_s;
    QVERIFY(filter.matches(SnapshotEntry(snapshot)));
    filter.setSource(SnapshotFilter::SourceFilter::Automatic);
    QVERIFY(!filter.matches(SnapshotEntry(snapshot)));

    QVERIFY(filter.clear());
    QVERIFY(filter.isEmpty());
    QVERIFY(filter.tags().isEmpty());
}

QTEST_GUILESS_MAIN(TestTagRules)
#include "tst_tagrules.moc"
