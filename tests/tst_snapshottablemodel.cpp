// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "filterchoicemodel.h"
#include "sharedstrings.h"
#include "snapshotfilterproxymodel.h"
#include "snapshottablemodel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QMap>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;

namespace {

QDateTime utc(int y, int m, int d)
{
    return QDateTime(QDate(y, m, d), QTime(3, 15), Qt::UTC);
}

Snapshot node(const QString &name, const QString &status, const QString &source, const QString &group,
              const QString &cluster, const QString &engine, const QString &version, const QString &nodeType,
              const QStringList &shardSizes, const QDateTime &created, const QString &kms, const QString &vpc,
              std::optional<int> retention, const QString &tiering)
{
    Snapshot s;
    s.snapshotName = name;
    s.snapshotStatus = status;
    s.snapshotSource = source;
    s.replicationGroupId = group;
    s.cacheClusterId = cluster;
    s.engine = engine;
    s.engineVersion = version;
    s.cacheNodeType = nodeType;
    s.kmsKeyId = kms;
    s.vpcId = vpc;
    s.snapshotRetentionLimit = retention;
    s.dataTiering = tiering;
    s.arn = u"arn:aws:elasticache:us-east-1:123456789012:snapshot:"_s + name;
    for (const QString &size : shardSizes) {
        NodeSnapshot n;
        n.nodeGroupId = QString::number(s.nodeSnapshots.size() + 1).rightJustified(4, u'0');
        n.cacheClusterId = (group.isEmpty() ? cluster : group) + u'-' + n.nodeGroupId;
        n.cacheSize = size;
        n.snapshotCreateTime = created;
        s.nodeSnapshots.append(n);
    }
    return s;
}

ServerlessCacheSnapshot serverless(const QString &name, const QString &status, const QString &type,
                                   const QString &cache, const QString &engine, const QString &version,
                                   const QString &bytes, const QDateTime &created, const QDateTime &expiry,
                                   const QString &kms)
{
    ServerlessCacheSnapshot s;
    s.serverlessCacheSnapshotName = name;
    s.status = status;
    s.snapshotType = type;
    s.bytesUsedForCache = bytes;
    s.createTime = created;
    s.expiryTime = expiry;
    s.kmsKeyId = kms;
    s.arn = u"arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:"_s + name;
    s.serverlessCacheConfiguration = ServerlessCacheConfiguration {cache, engine, version};
    return s;
}

// Four rows whose every column orders them differently from their names.
QList<SnapshotEntry> fixture()
{
    return {
        SnapshotEntry(node(u"snap-10"_s, u"available"_s, u"manual"_s, u"rg-b"_s, QString(), u"redis"_s, u"7.1"_s,
                           u"cache.r6g.large"_s, {u"1 GB"_s, u"1 GB"_s, u"1 GB"_s}, utc(2026, 1, 10), QString(),
                           u"vpc-2"_s, 0, u"disabled"_s)),
        SnapshotEntry(node(u"snap-2"_s, u"creating"_s, u"automated"_s, QString(), u"c-10"_s, u"redis"_s, u"6.2"_s,
                           u"cache.t3.micro"_s, {u"900 KB"_s}, utc(2026, 3, 1), u"key-b"_s, u"vpc-10"_s, 7,
                           u"enabled"_s)),
        SnapshotEntry(serverless(u"Snap-3"_s, u"copying"_s, u"automatic"_s, u"c-9"_s, u"valkey"_s, u"8"_s, u"5242880"_s,
                                 utc(2025, 12, 31), utc(2026, 6, 1), u"key-a"_s)),
        SnapshotEntry(node(u"snap-1"_s, u"deleting"_s, u"manual"_s, u"rg-a"_s, u"c-2"_s, u"valkey"_s, u"7.2"_s,
                           u"cache.m7g.xlarge"_s, {u"1 GB"_s, u"1 GB"_s}, utc(2026, 2, 1), QString(), QString(), 35,
                           QString())),
    };
}

QStringList proxyNames(const QAbstractItemModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names.append(model.index(row, SnapshotTableModel::NameColumn).data(SnapshotTableModel::NameRole).toString());
    return names;
}

// The names a proxy made afresh over the model shows in this order with this filter: what a proxy that got there
// step by step (typing, sorting, rows arriving) must show.
QStringList freshProxyNames(SnapshotTableModel &model, int column, Qt::SortOrder order, const SnapshotFilter &filter)
{
    SnapshotFilterProxyModel whole;
    whole.setSourceModel(&model);
    whole.sort(column, order);
    whole.setFilter(filter);
    return proxyNames(whole);
}

// A manual snapshot named by its number, "snap-007": the names sort as the numbers.
Snapshot numbered(int id)
{
    return node(u"snap-%1"_s.arg(id, 3, 10, QChar(u'0')), u"available"_s, u"manual"_s, u"rg-a"_s, QString(), u"redis"_s,
                u"7.1"_s, u"cache.r6g.large"_s, {u"1 MB"_s}, utc(2026, 1, 1), QString(), QString(), 1, QString());
}

// The proxy, sorted by name, over snap-000 to snap-198, the even numbers: the places between them are free.
struct EvenNumbered
{
    SnapshotTableModel model;
    SnapshotFilterProxyModel proxy;
    std::optional<QAbstractItemModelTester> tester;

    EvenNumbered()
    {
        proxy.setSourceModel(&model);
        tester.emplace(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(SnapshotTableModel::NameColumn, Qt::AscendingOrder);
        QList<Snapshot> even;
        for (int id = 0; id < 200; id += 2)
            even.append(numbered(id));
        model.mergePage(even);
    }
};

Snapshot withStatus(const SnapshotEntry &entry, const QString &status)
{
    Snapshot s = *entry.nodeSnapshot();
    s.snapshotStatus = status;
    return s;
}

} // namespace

class TestSnapshotTableModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pagesInsertOncePerPage();
    void displayAndRawValues();
    void sorting_data();
    void sorting();
    void filtering();
    void searchCoversTheWholeArn();
    void refreshMergesInPlace();
    void refreshKeepsSelection();
    void kindsAreSeparateNamespaces();
    void connectionsAreSeparateNamespaces();
    void pagesOfSeveralConnectionsInsertOnce();
    void upsertAndRemove();
    void clearResets();
    void tenThousandRows();
    void sortOrdersLikeTheComparison();
    void scatteredRemovalIsOneLayoutChange();
    void fewRowsInManyPlacesAreOneLayoutChange();
    void placedRowsNameTheFirstRowMoved();
    void countsPerClusterAndGroup();
    void filterChoicesInOrder();
    void keysSurviveCompaction();
    void proxyStaysConsistentUnderRandomChanges_data();
    void proxyStaysConsistentUnderRandomChanges();
    void otherDirectionIsTheSameSortReversed();
    void typingOnGivesTheFullFiltersRows();
    void sharedFilterGivesTheSameRows();
    void filterShownAgainFollowsTheRows();
    void removedRunsKeepTheIndexRight();
    void refreshEndRemovesExactlyTheUnlisted();
};

void TestSnapshotTableModel::pagesInsertOncePerPage()
{
    SnapshotTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    const QList<SnapshotEntry> rows = fixture();
    model.beginRefresh();
    model.mergePage(rows.mid(0, 3));
    model.mergePage(rows.mid(3));
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 3);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.rowOf(SnapshotEntry::Kind::NodeBased, u"snap-1"_s), 3);
    QCOMPARE(model.rowOf(SnapshotEntry::Kind::Serverless, u"Snap-3"_s), 2);
    QCOMPARE(model.rowOf(SnapshotEntry::Kind::NodeBased, u"Snap-3"_s), -1);
}

void TestSnapshotTableModel::displayAndRawValues()
{
    SnapshotTableModel model;
    model.mergePage(fixture());
    const auto cell = [&](int row, int column, int role) {
        return model.index(row, column).data(role);
    };
    QCOMPARE(cell(0, SnapshotTableModel::SizeColumn, SnapshotTableModel::RawRole).toLongLong(),
             qint64(3) * 1024 * 1024 * 1024);
    // In the service's units (GB of 1,024 bytes³), with the locale's decimal point.
    QCOMPARE(cell(0, SnapshotTableModel::SizeColumn, Qt::DisplayRole).toString(),
             u"3"_s + QLocale().decimalPoint() + u"0 GB"_s);
    QCOMPARE(cell(1, SnapshotTableModel::CreatedColumn, SnapshotTableModel::RawRole).toDateTime(), utc(2026, 3, 1));
    QCOMPARE(cell(1, SnapshotTableModel::StatusColumn, Qt::DisplayRole).toString(), u"creating"_s);
    QCOMPARE(cell(1, SnapshotTableModel::StatusColumn, SnapshotTableModel::RawRole).toInt(),
             int(SnapshotEntry::Status::Creating));
    QVERIFY(!cell(1, SnapshotTableModel::StatusColumn, Qt::DecorationRole).value<QIcon>().isNull());
    QCOMPARE(cell(2, SnapshotTableModel::ClusterColumn, Qt::DisplayRole).toString(), u"c-9"_s);
    QCOMPARE(cell(2, SnapshotTableModel::ShardsColumn, Qt::DisplayRole), QVariant());
    QCOMPARE(cell(3, SnapshotTableModel::ShardsColumn, Qt::DisplayRole).toInt(), 2);
    QCOMPARE(cell(3, SnapshotTableModel::EngineColumn, Qt::DisplayRole).toString(), u"valkey 7.2"_s);
    QVERIFY(cell(3, SnapshotTableModel::SizeColumn, Qt::TextAlignmentRole).value<Qt::Alignment>() & Qt::AlignRight);
    QCOMPARE(cell(1, SnapshotTableModel::ExpiryColumn, SnapshotTableModel::RawRole).toDateTime(), utc(2026, 3, 8));
    for (int column = 0; column < SnapshotTableModel::ColumnCount; ++column)
        QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
}

void TestSnapshotTableModel::sorting_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QStringList>("ascending");
    const auto add = [](const char *name, int column, const QStringList &order) {
        QTest::newRow(name) << column << order;
    };
    add("name, natural and case-insensitive", SnapshotTableModel::NameColumn,
        {u"snap-1"_s, u"snap-2"_s, u"Snap-3"_s, u"snap-10"_s});
    add("kind", SnapshotTableModel::KindColumn, {u"snap-1"_s, u"snap-2"_s, u"snap-10"_s, u"Snap-3"_s});
    add("status, life-cycle order", SnapshotTableModel::StatusColumn,
        {u"snap-2"_s, u"snap-10"_s, u"Snap-3"_s, u"snap-1"_s});
    add("source", SnapshotTableModel::SourceColumn, {u"snap-2"_s, u"Snap-3"_s, u"snap-1"_s, u"snap-10"_s});
    add("replication group", SnapshotTableModel::ReplicationGroupColumn,
        {u"snap-2"_s, u"Snap-3"_s, u"snap-1"_s, u"snap-10"_s});
    add("cluster, natural", SnapshotTableModel::ClusterColumn, {u"snap-10"_s, u"snap-1"_s, u"Snap-3"_s, u"snap-2"_s});
    add("engine then version", SnapshotTableModel::EngineColumn, {u"snap-2"_s, u"snap-10"_s, u"snap-1"_s, u"Snap-3"_s});
    add("node type", SnapshotTableModel::NodeTypeColumn, {u"Snap-3"_s, u"snap-1"_s, u"snap-10"_s, u"snap-2"_s});
    add("shards, numeric", SnapshotTableModel::ShardsColumn, {u"Snap-3"_s, u"snap-2"_s, u"snap-1"_s, u"snap-10"_s});
    add("size in bytes, not as text", SnapshotTableModel::SizeColumn,
        {u"snap-2"_s, u"Snap-3"_s, u"snap-1"_s, u"snap-10"_s});
    add("created, by instant", SnapshotTableModel::CreatedColumn,
        {u"Snap-3"_s, u"snap-10"_s, u"snap-1"_s, u"snap-2"_s});
    add("kms key", SnapshotTableModel::EncryptedColumn, {u"snap-1"_s, u"snap-10"_s, u"Snap-3"_s, u"snap-2"_s});
    add("arn", SnapshotTableModel::ArnColumn, {u"Snap-3"_s, u"snap-1"_s, u"snap-2"_s, u"snap-10"_s});
    add("vpc, natural", SnapshotTableModel::VpcColumn, {u"snap-1"_s, u"Snap-3"_s, u"snap-10"_s, u"snap-2"_s});
    add("retention, numeric", SnapshotTableModel::RetentionColumn,
        {u"Snap-3"_s, u"snap-10"_s, u"snap-2"_s, u"snap-1"_s});
    add("expiry, unknown first", SnapshotTableModel::ExpiryColumn,
        {u"snap-1"_s, u"snap-10"_s, u"snap-2"_s, u"Snap-3"_s});
    add("data tiering", SnapshotTableModel::DataTieringColumn, {u"snap-1"_s, u"Snap-3"_s, u"snap-10"_s, u"snap-2"_s});
}

void TestSnapshotTableModel::sorting()
{
    QFETCH(int, column);
    QFETCH(QStringList, ascending);
    SnapshotTableModel model;
    SnapshotFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.mergePage(fixture());
    proxy.sort(column, Qt::AscendingOrder);
    QCOMPARE(proxyNames(proxy), ascending);
    proxy.sort(column, Qt::DescendingOrder);
    QStringList descending = ascending;
    std::reverse(descending.begin(), descending.end());
    QCOMPARE(proxyNames(proxy), descending);
}

void TestSnapshotTableModel::filtering()
{
    SnapshotTableModel model;
    SnapshotFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(SnapshotTableModel::NameColumn);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.mergePage(fixture());
    QSignalSpy changed(&proxy, &SnapshotFilterProxyModel::filterChanged);

    SnapshotFilter filter = proxy.filter();
    filter.setText(u"SNAP-1"_s);
    proxy.setFilter(filter);
    QCOMPARE(proxyNames(proxy), (QStringList {u"snap-1"_s, u"snap-10"_s}));
    proxy.setFilter(filter);
    QCOMPARE(changed.size(), 1); // the same filter again does not re-filter

    filter.setText(QString());
    filter.setKind(SnapshotEntry::Kind::NodeBased);
    filter.setSource(SnapshotFilter::SourceFilter::Manual);
    proxy.setFilter(filter);
    QCOMPARE(proxyNames(proxy), (QStringList {u"snap-1"_s, u"snap-10"_s}));

    // A row that stops matching after a refresh leaves the view; one that starts matching enters it.
    model.beginRefresh();
    Snapshot promoted = withStatus(fixture().at(1), u"available"_s);
    promoted.snapshotSource = u"manual"_s;
    model.upsert(promoted);
    QCOMPARE(proxyNames(proxy), (QStringList {u"snap-1"_s, u"snap-2"_s, u"snap-10"_s}));

    filter.clear();
    filter.setStatus(SnapshotEntry::Status::Deleting);
    proxy.setFilter(filter);
    QCOMPARE(proxyNames(proxy), QStringList {u"snap-1"_s});
    QCOMPARE(changed.size(), 3);
}

void TestSnapshotTableModel::searchCoversTheWholeArn()
{
    // The proxy keeps an ARN's prefix once for all rows that share it and searches it apart from the name; a
    // needle inside the prefix, or across its end into the name, must still find exactly the rows that
    // SnapshotFilter::matches() finds in the whole ARN.
    SnapshotTableModel model;
    SnapshotFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(SnapshotTableModel::NameColumn);
    model.mergePage(fixture());
    Snapshot elsewhere = *fixture().at(3).nodeSnapshot();
    elsewhere.snapshotName = u"moved"_s;
    elsewhere.arn = u"arn:aws:elasticache:eu-west-1:999988887777:snapshot:moved"_s;
    Snapshot odd = elsewhere;
    odd.snapshotName = u"odd"_s;
    odd.arn = u"arn:aws:elasticache:eu-west-1:999988887777:snapshot:not-its-name"_s; // kept whole
    model.mergePage(QList<Snapshot> {elsewhere, odd});
    QCOMPARE(model.rowCount(), 6);

    const QStringList needles {u"us-east-1"_s,
                               u"EU-WEST"_s,
                               u"snapshot:snap-1"_s,
                               u"t:snap"_s,
                               u":s"_s,
                               u"1:snap"_s,
                               u"napshot:m"_s,
                               u"serverlesscachesnapshot:n"_s,
                               u"arn:aws:elasticache:us-east-1:123456789012:snapshot:snap-10"_s,
                               u"snapshot:not-its"_s,
                               u"snapshot:odd"_s,
                               u"2:"_s,
                               u"snapshot:"_s,
                               u"snap-1"_s,
                               u"s"_s,
                               u"night"_s,
                               u"elasticache:eu-west-1:999988887777:snapshot:moved"_s,
                               u"snapshot:moved-x"_s};
    int found = 0;
    for (const QString &needle : needles) {
        SnapshotFilter filter;
        filter.setText(needle);
        proxy.setFilter(filter);
        QStringList expected;
        for (int row = 0; row < model.rowCount(); ++row) {
            if (filter.matches(model.snapshotAt(row)))
                expected.append(model.snapshotAt(row).name());
        }
        QStringList shown = proxyNames(proxy);
        shown.sort();
        expected.sort();
        QVERIFY2(shown == expected, qPrintable(needle + u": "_s + shown.join(u',') + u" / "_s + expected.join(u',')));
        found += int(shown.size());
    }
    QVERIFY(found > 20); // the needles find rows, not only nothing
}

void TestSnapshotTableModel::refreshMergesInPlace()
{
    SnapshotTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.beginRefresh();
    model.mergePage(fixture());
    model.endRefresh(SnapshotEntry::Kind::NodeBased);
    model.endRefresh(SnapshotEntry::Kind::Serverless);
    const QPersistentModelIndex kept = model.index(3, 0); // snap-1

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    // The next listing: snap-10 is gone, snap-2 became available, snap-1 unchanged, a new snapshot appears.
    const QList<SnapshotEntry> rows = fixture();
    Snapshot fresh = *rows.at(3).nodeSnapshot();
    fresh.snapshotName = u"snap-new"_s;
    model.beginRefresh();
    model.mergePage(QList<Snapshot> {withStatus(rows.at(1), u"available"_s), *rows.at(3).nodeSnapshot(), fresh});
    model.endRefresh(SnapshotEntry::Kind::NodeBased);
    model.mergePage(QList<ServerlessCacheSnapshot> {*rows.at(2).serverlessSnapshot()});
    model.endRefresh(SnapshotEntry::Kind::Serverless);

    QCOMPARE(reset.size(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.rowCount(), 4);
    QVERIFY(kept.isValid());
    QCOMPARE(kept.data(SnapshotTableModel::NameRole).toString(), u"snap-1"_s);
    QCOMPARE(model.rowOf(SnapshotEntry::Kind::NodeBased, u"snap-10"_s), -1);
    const int row = model.rowOf(SnapshotEntry::Kind::NodeBased, u"snap-2"_s);
    QCOMPARE(model.snapshotAt(row).status(), SnapshotEntry::Status::Available);
    QCOMPARE(model.snapshotAt(model.rowOf(SnapshotEntry::Kind::NodeBased, u"snap-new"_s)).name(), u"snap-new"_s);

    // An identical listing changes nothing at all.
    changed.clear();
    inserted.clear();
    removed.clear();
    const QList<SnapshotEntry> now = model.snapshots();
    model.beginRefresh();
    model.mergePage(now);
    model.endRefresh(SnapshotEntry::Kind::NodeBased);
    model.endRefresh(SnapshotEntry::Kind::Serverless);
    QCOMPARE(changed.size() + inserted.size() + removed.size(), 0);
}

void TestSnapshotTableModel::refreshKeepsSelection()
{
    SnapshotTableModel model;
    SnapshotFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(SnapshotTableModel::StatusColumn);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.mergePage(fixture());
    QItemSelectionModel selection(&proxy);
    const auto rowOfName = [&](const QString &name) {
        return proxyNames(proxy).indexOf(name);
    };
    selection.select(proxy.index(rowOfName(u"snap-1"_s), 0),
                     QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    selection.setCurrentIndex(proxy.index(rowOfName(u"snap-1"_s), 0), QItemSelectionModel::NoUpdate);

    // snap-2 leaves "creating", which moves it in the status order; snap-10 disappears.
    const QList<SnapshotEntry> rows = fixture();
    model.beginRefresh();
    model.mergePage(QList<Snapshot> {withStatus(rows.at(1), u"deleting"_s), *rows.at(3).nodeSnapshot()});
    model.endRefresh(SnapshotEntry::Kind::NodeBased);

    QCOMPARE(proxyNames(proxy), (QStringList {u"Snap-3"_s, u"snap-1"_s, u"snap-2"_s}));
    const QModelIndexList selected = selection.selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data(SnapshotTableModel::NameRole).toString(), u"snap-1"_s);
    QCOMPARE(selection.currentIndex().data(SnapshotTableModel::NameRole).toString(), u"snap-1"_s);
}

void TestSnapshotTableModel::kindsAreSeparateNamespaces()
{
    SnapshotTableModel model;
    const QList<SnapshotEntry> rows = fixture();
    ServerlessCacheSnapshot twin = *rows.at(2).serverlessSnapshot();
    twin.serverlessCacheSnapshotName = u"snap-1"_s;
    model.mergePage(QList<SnapshotEntry> {rows.at(3), SnapshotEntry(twin)});
    QCOMPARE(model.rowCount(), 2);
    model.beginRefresh();
    model.mergePage(QList<SnapshotEntry> {rows.at(3)});
    model.endRefresh(SnapshotEntry::Kind::NodeBased);
    QCOMPARE(model.rowCount(), 2); // the serverless listing has not ended, so its rows stay
    model.endRefresh(SnapshotEntry::Kind::Serverless);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.snapshotAt(0).kind(), SnapshotEntry::Kind::NodeBased);
}

// Slices of several connections merged together: one insertion of every new row, each in its own connection (the
// same name in two of them two rows), changes to rows already there announced in place, a page's duplicate kept
// once, and the sorting proxy placing them all.
void TestSnapshotTableModel::pagesOfSeveralConnectionsInsertOnce()
{
    SnapshotTableModel model;
    SnapshotFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(SnapshotTableModel::NameColumn);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setConnections({{u"prod"_s, QString(), u"us-east-1"_s},
                          {u"prod"_s, QString(), u"eu-west-1"_s},
                          {u"dev"_s, QString(), u"us-east-1"_s}});
    const QList<SnapshotEntry> rows = fixture();
    model.mergePage(QList<SnapshotEntry> {rows.at(0)}, 0);
    QCOMPARE(model.rowCount(), 1);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    const SnapshotEntry deleting(node(u"snap-10"_s, u"deleting"_s, u"manual"_s, u"rg-b"_s, QString(), u"redis"_s,
                                      u"7.1"_s, u"cache.r6g.large"_s, {u"1 GB"_s, u"1 GB"_s, u"1 GB"_s},
                                      utc(2026, 1, 10), QString(), u"vpc-2"_s, 0, u"disabled"_s));
    std::vector<std::pair<int, QList<SnapshotEntry>>> pages;
    pages.emplace_back(0, QList<SnapshotEntry> {deleting, rows.at(1)});
    pages.emplace_back(1, QList<SnapshotEntry> {rows.at(0), rows.at(2), rows.at(2)});
    pages.emplace_back(2, QList<SnapshotEntry> {});
    pages.emplace_back(2, QList<SnapshotEntry> {rows.at(3)});
    model.mergePages(std::move(pages));

    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 1);
    QCOMPARE(inserted.at(0).at(2).toInt(), 4);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(changed.size(), 1); // connection 0's first row, in place
    QCOMPARE(model.snapshotAt(0).status(), SnapshotEntry::Status::Deleting);
    const auto connectionOf = [&](int connection, const SnapshotEntry &entry) {
        const int row = model.rowOf(connection, entry.kind(), entry.name());
        return row < 0 ? -1 : model.connectionOf(row);
    };
    QCOMPARE(connectionOf(0, rows.at(1)), 0);
    QCOMPARE(connectionOf(1, rows.at(0)), 1);
    QCOMPARE(connectionOf(1, rows.at(2)), 1);
    QCOMPARE(connectionOf(2, rows.at(3)), 2);
    QCOMPARE(model.rowOf(2, rows.at(0).kind(), rows.at(0).name()), -1);
    QCOMPARE(proxy.rowCount(), 5);
    QCOMPARE(proxyNames(proxy), freshProxyNames(model, SnapshotTableModel::NameColumn, Qt::AscendingOrder, {}));
}

// The same snapshot name in two connections (two regions) is two rows; one connection's refresh removes only its own
// stale rows; the Profile, Account and Region columns and the proxy's connection criteria read the connection.
void TestSnapshotTableModel::connectionsAreSeparateNamespaces()
{
    SnapshotTableModel model;
    SnapshotFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setConnections({{u"prod"_s, QString(), u"us-east-1"_s}, {u"prod"_s, QString(), u"eu-west-1"_s}});
    const QList<SnapshotEntry> rows = fixture();
    model.mergePage(QList<SnapshotEntry> {rows.at(0), rows.at(1)}, 0);
    model.mergePage(QList<SnapshotEntry> {rows.at(0)}, 1);
    QCOMPARE(model.rowCount(), 3);
    const int first = model.rowOf(0, rows.at(0).kind(), rows.at(0).name());
    const int second = model.rowOf(1, rows.at(0).kind(), rows.at(0).name());
    QVERIFY(first >= 0 && second >= 0 && first != second);
    QCOMPARE(model.connectionOf(second), 1);
    QCOMPARE(model.index(second, SnapshotTableModel::RegionColumn).data().toString(), u"eu-west-1"_s);
    QCOMPARE(model.index(first, SnapshotTableModel::ProfileColumn).data().toString(), u"prod"_s);
    // The account, from the first ARN each connection listed.
    QCOMPARE(model.index(second, SnapshotTableModel::AccountColumn).data().toString(), u"123456789012"_s);

    // Connection 1 lists again without the snapshot: only its row goes.
    model.beginRefresh(1);
    model.endRefresh(1, rows.at(0).kind());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(1, rows.at(0).kind(), rows.at(0).name()), -1);
    QVERIFY(model.rowOf(0, rows.at(0).kind(), rows.at(0).name()) >= 0);
    model.mergePage(QList<SnapshotEntry> {rows.at(0)}, 1);

    // Filtering by region, then by profile (both connections).
    SnapshotFilter filter;
    filter.setRegion(u"eu-west-1"_s);
    proxy.setFilter(filter);
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, SnapshotTableModel::RegionColumn).data().toString(), u"eu-west-1"_s);
    filter.setRegion(QString());
    filter.setProfile(u"prod"_s);
    proxy.setFilter(filter);
    QCOMPARE(proxy.rowCount(), 3);
    filter.setAccount(u"999999999999"_s);
    proxy.setFilter(filter);
    QCOMPARE(proxy.rowCount(), 0);

    // Fewer connections: the rows of those gone go with them.
    model.setConnections({{u"prod"_s, QString(), u"us-east-1"_s}});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.connectionCount(), 1);
}

void TestSnapshotTableModel::upsertAndRemove()
{
    SnapshotTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<SnapshotEntry> rows = fixture();
    model.mergePage(rows);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.upsert(withStatus(rows.at(0), u"copying"_s));
    QCOMPARE(changed.size(), 1);
    model.upsert(withStatus(rows.at(0), u"copying"_s));
    QCOMPARE(changed.size(), 1);
    QVERIFY(model.remove(SnapshotEntry::Kind::NodeBased, u"snap-2"_s));
    QVERIFY(!model.remove(SnapshotEntry::Kind::NodeBased, u"snap-2"_s));
    QCOMPARE(model.rowCount(), 3);
    // Row numbers after the removed row moved up by one, and the index follows.
    QCOMPARE(model.rowOf(SnapshotEntry::Kind::NodeBased, u"snap-1"_s), 2);
    QCOMPARE(model.snapshotAt(0).status(), SnapshotEntry::Status::Copying);
}

void TestSnapshotTableModel::clearResets()
{
    SnapshotTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.mergePage(fixture());
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.clear();
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.rowOf(SnapshotEntry::Kind::NodeBased, u"snap-1"_s), -1);
}

void TestSnapshotTableModel::tenThousandRows()
{
    SnapshotTableModel model;
    SnapshotFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(SnapshotTableModel::SizeColumn, Qt::DescendingOrder);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    const Snapshot base = *fixture().at(3).nodeSnapshot();
    const int total = 10000;
    const quint32 sharedBefore = SharedStrings::size();
    model.beginRefresh();
    for (int page = 0; page < total / 50; ++page) {
        QList<Snapshot> rows;
        for (int i = 0; i < 50; ++i) {
            const int n = page * 50 + i;
            Snapshot s = base;
            s.snapshotName = u"bulk-"_s + QString::number(n);
            s.cacheClusterId = u"cluster-"_s + QString::number(n % 37);
            s.snapshotSource = n % 3 == 0 ? u"automated"_s : u"manual"_s;
            s.nodeSnapshots.first().cacheSize = QString::number(n % 500) + u" MB"_s;
            rows.append(s);
        }
        model.mergePage(rows);
    }
    model.endRefresh(SnapshotEntry::Kind::NodeBased);
    QCOMPARE(inserted.size(), total / 50);
    QCOMPARE(proxy.rowCount(), total);
    // The process's table keeps one copy of each repeated string, not one per row.
    QVERIFY(SharedStrings::size() - sharedBefore < 37 + 10);

    qint64 previous = std::numeric_limits<qint64>::max();
    for (int row = 0; row < proxy.rowCount(); ++row) {
        const qint64 bytes
            = proxy.index(row, SnapshotTableModel::SizeColumn).data(SnapshotTableModel::RawRole).toLongLong();
        QVERIFY(bytes <= previous);
        previous = bytes;
    }
    SnapshotFilter filter;
    filter.setCluster(u"cluster-5"_s);
    filter.setSource(SnapshotFilter::SourceFilter::Automatic);
    proxy.setFilter(filter);
    int expected = 0;
    for (int n = 0; n < total; ++n)
        expected += (n % 37 == 5 && n % 3 == 0) ? 1 : 0;
    QCOMPARE(proxy.rowCount(), expected);
}

// The proxy sorts by byte keys 16 bytes at a time; whatever the names (digit runs, leading zeros, case, common
// prefixes longer than 16 bytes), neighbours must stand in the order of the natural comparison, with the name
// breaking ties of the sort column.
void TestSnapshotTableModel::sortOrdersLikeTheComparison()
{
    SnapshotTableModel model;
    SnapshotFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QRandomGenerator random(20261201);
    const QString alphabet = u"aAbz-.0123456789"_s;
    const auto word = [&](int length) {
        QString text;
        for (int i = 0; i < length; ++i)
            text.append(alphabet.at(random.bounded(int(alphabet.size()))));
        return text;
    };
    QSet<QString> names;
    QList<Snapshot> page;
    while (page.size() < 3000) {
        // A long shared prefix for half of them, as automatic snapshots have ("automatic.<cluster>-…").
        const QString name
            = (random.bounded(2) ? u"automatic.prod-redis-cluster-0"_s : QString()) + word(1 + random.bounded(12));
        if (names.contains(name.toLower()))
            continue;
        names.insert(name.toLower());
        page.append(node(name, u"available"_s, u"manual"_s, u"rg-"_s + word(random.bounded(2)), QString(), u"redis"_s,
                         u"7.1"_s, u"cache.r6g.large"_s, QStringList(1 + random.bounded(3), u"1 MB"_s), utc(2026, 1, 1),
                         QString(), QString(), 1, QString()));
    }
    model.mergePage(page);
    for (const int column : {int(SnapshotTableModel::NameColumn), int(SnapshotTableModel::ReplicationGroupColumn),
                             int(SnapshotTableModel::ShardsColumn)}) {
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            proxy.sort(column, order);
            QCOMPARE(proxy.rowCount(), 3000);
            for (int row = 0; row + 1 < proxy.rowCount(); ++row) {
                const QModelIndex a = proxy.index(row, column);
                const QModelIndex b = proxy.index(row + 1, column);
                int compared = column == SnapshotTableModel::ShardsColumn
                    ? (a.data(SnapshotTableModel::RawRole).toInt() > b.data(SnapshotTableModel::RawRole).toInt())
                        - (a.data(SnapshotTableModel::RawRole).toInt() < b.data(SnapshotTableModel::RawRole).toInt())
                    : proxy.compareText(a.data().toString(), b.data().toString());
                if (compared == 0)
                    compared = proxy.compareText(a.data(SnapshotTableModel::NameRole).toString(),
                                                 b.data(SnapshotTableModel::NameRole).toString());
                QVERIFY2(order == Qt::AscendingOrder ? compared <= 0 : compared >= 0,
                         qPrintable(u"column %1, row %2: %3 / %4"_s.arg(column).arg(row).arg(
                             a.data(SnapshotTableModel::NameRole).toString(),
                             b.data(SnapshotTableModel::NameRole).toString())));
            }
        }
    }
}

// A refresh that drops many scattered rows removes them in one layout change of the table model, which the proxy
// follows without a reset: the selection stays on its row, the rows keep their keys and the names their rows.
// A few new rows that land in many places among the shown ones come as one layout change, the selection kept: a
// rowsInserted each costs every view a pass over its rows. Rows that land in a few places still come as inserted
// rows.
void TestSnapshotTableModel::fewRowsInManyPlacesAreOneLayoutChange()
{
    EvenNumbered even;
    SnapshotTableModel &model = even.model;
    SnapshotFilterProxyModel &proxy = even.proxy;
    QItemSelectionModel selection(&proxy);
    selection.select(proxy.index(50, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows); // snap-100
    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);

    // Ten rows, each between two shown ones.
    QList<Snapshot> scattered;
    for (int id = 1; id < 200; id += 20)
        scattered.append(numbered(id));
    model.mergePage(scattered);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(layouts.size(), 1);
    QCOMPARE(proxy.rowCount(), 110);
    QStringList expected;
    for (int id = 0; id < 200; ++id) {
        if (id % 2 == 0 || id % 20 == 1)
            expected.append(u"snap-%1"_s.arg(id, 3, 10, QChar(u'0')));
    }
    QCOMPARE(proxyNames(proxy), expected);
    QCOMPARE(selection.selectedRows().size(), 1);
    QCOMPARE(selection.selectedRows().constFirst().data(SnapshotTableModel::NameRole).toString(), u"snap-100"_s);

    // Three rows in three places: inserted where they land.
    model.mergePage(QList<Snapshot> {numbered(3), numbered(5), numbered(7)});
    QCOMPARE(layouts.size(), 1);
    QCOMPARE(inserted.size(), 3);
    QCOMPARE(proxy.rowCount(), 113);
    QCOMPARE(proxy.index(3, 0).data(SnapshotTableModel::NameRole).toString(), u"snap-003"_s);
}

void TestSnapshotTableModel::scatteredRemovalIsOneLayoutChange()
{
    SnapshotTableModel model;
    QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    SnapshotFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(SnapshotTableModel::NameColumn, Qt::DescendingOrder);
    const auto make = [](int id) {
        return node(u"snap-%1"_s.arg(id), u"available"_s, u"manual"_s, u"rg-%1"_s.arg(id % 4), QString(), u"redis"_s,
                    u"7.1"_s, u"cache.r6g.large"_s, {u"1 MB"_s}, utc(2026, 1, 1 + id % 28), QString(), QString(), 1,
                    QString());
    };
    QList<Snapshot> all;
    for (int id = 0; id < 300; ++id)
        all.append(make(id));
    model.mergePage(all);
    SnapshotFilter filter;
    filter.setText(u"snap-1"_s); // snap-1, snap-10…19, snap-100…199
    proxy.setFilter(filter);
    QItemSelectionModel selection(&proxy);
    const auto proxyRowNamed = [&proxy](const QString &name) {
        for (int row = 0; row < proxy.rowCount(); ++row) {
            if (proxy.index(row, 0).data(SnapshotTableModel::NameRole).toString() == name)
                return row;
        }
        return -1;
    };
    selection.select(proxy.index(proxyRowNamed(u"snap-101"_s), 0),
                     QItemSelectionModel::Select | QItemSelectionModel::Rows);
    selection.select(proxy.index(proxyRowNamed(u"snap-102"_s), 0),
                     QItemSelectionModel::Select | QItemSelectionModel::Rows);

    // Every third snapshot is gone.
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy layouts(&model, &QAbstractItemModel::layoutChanged);
    QSignalSpy resets(&proxy, &QAbstractItemModel::modelReset);
    model.beginRefresh();
    QList<Snapshot> listed;
    for (int id = 0; id < 300; ++id) {
        if (id % 3 != 0)
            listed.append(make(id));
    }
    model.mergePage(listed);
    model.endRefresh(SnapshotEntry::Kind::NodeBased);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(layouts.count(), 1);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(model.rowCount(), 200);

    QStringList expected;
    for (int id = 0; id < 300; ++id) {
        const QString name = u"snap-%1"_s.arg(id);
        if (id % 3 != 0 && name.startsWith(u"snap-1"))
            expected.append(name);
        // The name index follows the renumbered rows.
        const int row = model.rowOf(SnapshotEntry::Kind::NodeBased, name);
        QCOMPARE(row < 0, id % 3 == 0);
        if (row >= 0)
            QCOMPARE(model.snapshotAt(row).name(), name);
    }
    std::sort(expected.begin(), expected.end(),
              [&proxy](const QString &a, const QString &b) { return proxy.compareText(a, b) > 0; });
    QCOMPARE(proxyNames(proxy), expected);
    // snap-102 (id % 3 == 0) went with its row; snap-101 stays selected.
    const QModelIndexList selected = selection.selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data(SnapshotTableModel::NameRole).toString(), u"snap-101"_s);
    QCOMPARE(model.replicationGroupCounts().value(u"rg-1"_s), 50);

    // The keys moved with their rows: a change, a search and a sort still find the right ones.
    Snapshot renamedGroup = make(101);
    renamedGroup.replicationGroupId = u"moved-group"_s;
    model.upsert(renamedGroup);
    filter.setText(u"moved-group"_s);
    proxy.setFilter(filter);
    QCOMPARE(proxyNames(proxy), QStringList {u"snap-101"_s});
    proxy.setFilter(SnapshotFilter());
    proxy.sort(SnapshotTableModel::ReplicationGroupColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data(SnapshotTableModel::NameRole).toString(), u"snap-101"_s); // "moved-…" < "rg-…"
}

// The filter combos' items: sorted by id in QString order (the byte-key sort for ASCII ids, a comparison sort
// otherwise), one per id with the largest count, found again by rowOf(), replaced only when they differ.
void TestSnapshotTableModel::filterChoicesInOrder()
{
    for (const bool withNonAscii : {false, true}) {
        FilterChoiceModel model(u"All clusters"_s);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QRandomGenerator random(withNonAscii ? 7 : 11);
        const QString alphabet = u"ab-z0129"_s;
        std::vector<std::pair<QString, int>> choices;
        QMap<QString, int> expected; // the largest count per id, in QString order
        for (int i = 0; i < 3000; ++i) {
            QString id = u"prod-redis-cluster-"_s.left(random.bounded(20));
            for (int k = random.bounded(1, 6); k > 0; --k)
                id.append(alphabet.at(random.bounded(int(alphabet.size()))));
            const int count = random.bounded(50);
            choices.emplace_back(id, count);
            expected[id] = std::max(expected.value(id, -1), count);
        }
        if (withNonAscii) {
            choices.emplace_back(u"caché-001"_s, 3);
            expected[u"caché-001"_s] = 3;
        }
        QVERIFY(model.setChoices(choices));
        QCOMPARE(model.rowCount(), int(expected.size()) + 1);
        QCOMPARE(model.index(0, 0).data().toString(), u"All clusters"_s);
        int row = 1;
        for (auto it = expected.cbegin(); it != expected.cend(); ++it, ++row) {
            QCOMPARE(model.index(row, 0).data(Qt::UserRole).toString(), it.key());
            QCOMPARE(model.index(row, 0).data().toString(), u"%1 (%2)"_s.arg(it.key()).arg(it.value()));
            QCOMPARE(model.rowOf(it.key()), row);
        }
        QCOMPARE(model.rowOf(u"not-listed"_s), -1);
        QCOMPARE(model.rowOf(QString()), 0);
        std::reverse(choices.begin(), choices.end());
        QVERIFY(!model.setChoices(choices)); // the same choices in another order change nothing
    }
}

void TestSnapshotTableModel::placedRowsNameTheFirstRowMoved()
{
    // A view repaints the rows on screen only when rows were placed at or above them: rowsPlaced() names the first
    // row that moved, after every signal of the change, and aboutToPlaceRows() comes before any.
    EvenNumbered even;
    SnapshotTableModel &model = even.model;
    SnapshotFilterProxyModel &proxy = even.proxy;

    QStringList events;
    connect(&proxy, &SnapshotFilterProxyModel::aboutToPlaceRows, &proxy, [&events] { events.append(u"about"_s); });
    connect(&proxy, &QAbstractItemModel::layoutAboutToBeChanged, &proxy, [&events] { events.append(u"layout"_s); });
    connect(&proxy, &QAbstractItemModel::rowsAboutToBeInserted, &proxy, [&events] { events.append(u"insert"_s); });
    connect(&proxy, &SnapshotFilterProxyModel::rowsPlaced, &proxy,
            [&events](int first) { events.append(u"placed %1"_s.arg(first)); });

    // Scattered: one change of layout; snap-001 lands second.
    QList<Snapshot> scattered;
    for (int id = 1; id < 200; id += 20)
        scattered.append(numbered(id));
    model.mergePage(scattered);
    QCOMPARE(events, (QStringList {u"about"_s, u"layout"_s, u"placed 1"_s}));
    QCOMPARE(proxy.index(1, 0).data(SnapshotTableModel::NameRole).toString(), u"snap-001"_s);

    // Three rows in one place at the end: inserted there, the rows before them unmoved.
    events.clear();
    model.mergePage(QList<Snapshot> {numbered(300), numbered(301), numbered(302)});
    QCOMPARE(events, (QStringList {u"about"_s, u"insert"_s, u"placed 110"_s}));
    QCOMPARE(proxy.index(110, 0).data(SnapshotTableModel::NameRole).toString(), u"snap-300"_s);

    // Filtered: a row the filter hides moves nothing; one it lets through lands among the rows shown.
    SnapshotFilter filter = proxy.filter();
    filter.setText(u"snap-1"_s);
    proxy.setFilter(filter);
    QCOMPARE(proxy.rowCount(), 55); // snap-100 to snap-198 even, and snap-101 to snap-181 every 20
    events.clear();
    model.mergePage(QList<Snapshot> {numbered(250)});
    QCOMPARE(events, (QStringList {u"about"_s, u"placed -1"_s}));
    events.clear();
    model.mergePage(QList<Snapshot> {numbered(103), numbered(199)});
    QCOMPARE(events, (QStringList {u"about"_s, u"insert"_s, u"insert"_s, u"placed 3"_s}));
    QCOMPARE(proxy.index(3, 0).data(SnapshotTableModel::NameRole).toString(), u"snap-103"_s);
    QCOMPARE(proxy.rowCount(), 57);
}

void TestSnapshotTableModel::countsPerClusterAndGroup()
{
    SnapshotTableModel model;
    model.mergePage(fixture());
    // A serverless snapshot counts for its cache; a snapshot of a whole group has no cluster.
    QCOMPARE(model.clusterCounts(), (QHash<QString, int> {{u"c-10"_s, 1}, {u"c-9"_s, 1}, {u"c-2"_s, 1}}));
    QCOMPARE(model.replicationGroupCounts(), (QHash<QString, int> {{u"rg-b"_s, 1}, {u"rg-a"_s, 1}}));

    // A change moves the count; a removal drops an id that has no rows left.
    Snapshot moved = *model.snapshotAt(model.rowOf(SnapshotEntry::Kind::NodeBased, u"snap-1"_s)).nodeSnapshot();
    moved.replicationGroupId = u"rg-b"_s;
    moved.cacheClusterId = u"c-10"_s;
    model.upsert(moved);
    QCOMPARE(model.clusterCounts(), (QHash<QString, int> {{u"c-10"_s, 2}, {u"c-9"_s, 1}}));
    QCOMPARE(model.replicationGroupCounts(), (QHash<QString, int> {{u"rg-b"_s, 2}}));
    QVERIFY(model.remove(SnapshotEntry::Kind::NodeBased, u"snap-10"_s));
    QCOMPARE(model.replicationGroupCounts(), (QHash<QString, int> {{u"rg-b"_s, 1}}));

    // A refresh that no longer lists a snapshot, then a new connection.
    model.beginRefresh();
    model.mergePage(QList<SnapshotEntry> {fixture().at(2)});
    model.endRefresh(SnapshotEntry::Kind::NodeBased);
    QCOMPARE(model.clusterCounts(), (QHash<QString, int> {{u"c-9"_s, 1}}));
    QVERIFY(model.replicationGroupCounts().isEmpty());
    model.clear();
    QVERIFY(model.clusterCounts().isEmpty());
}

// The proxy keeps its rows' keys in arenas that it rewrites once most of their bytes are no longer used: after
// thousands of rows were removed and the rest changed groups again and again, search and order still hold.
void TestSnapshotTableModel::keysSurviveCompaction()
{
    SnapshotTableModel model;
    SnapshotFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(SnapshotTableModel::ReplicationGroupColumn, Qt::AscendingOrder);
    const auto make = [](int id, int round) {
        return node(u"snapshot-with-a-long-name-%1"_s.arg(id), u"available"_s, u"manual"_s,
                    u"group-%1-round-%2"_s.arg(id % 13).arg(round), QString(), u"redis"_s, u"7.1"_s,
                    u"cache.r6g.large"_s, {u"1 MB"_s}, utc(2026, 1, 1 + id % 28), QString(), QString(), 1, QString());
    };
    QList<Snapshot> all;
    for (int id = 0; id < 4000; ++id)
        all.append(make(id, 0));
    model.mergePage(all);
    QCOMPARE(proxy.rowCount(), 4000);

    // Only every fourth snapshot is listed again.
    model.beginRefresh();
    QList<Snapshot> kept;
    for (int id = 0; id < 4000; id += 4)
        kept.append(make(id, 0));
    model.mergePage(kept);
    model.endRefresh(SnapshotEntry::Kind::NodeBased);
    QCOMPARE(model.rowCount(), 1000);

    for (int round = 1; round <= 12; ++round) {
        QList<Snapshot> moved;
        for (int id = 0; id < 4000; id += 4)
            moved.append(make(id, round));
        model.mergePage(moved);

        SnapshotFilter filter;
        filter.setText(u"GROUP-7-ROUND-%1"_s.arg(round));
        proxy.setFilter(filter);
        QStringList expected;
        for (int id = 0; id < 4000; id += 4) {
            if (id % 13 == 7)
                expected.append(u"snapshot-with-a-long-name-%1"_s.arg(id));
        }
        std::sort(expected.begin(), expected.end(),
                  [&proxy](const QString &a, const QString &b) { return proxy.compareText(a, b) < 0; });
        QCOMPARE(proxyNames(proxy), expected);

        proxy.setFilter(SnapshotFilter());
        QCOMPARE(proxy.rowCount(), 1000);
        for (int row = 0; row + 1 < proxy.rowCount(); ++row) {
            const QString a = proxy.index(row, SnapshotTableModel::ReplicationGroupColumn).data().toString();
            const QString b = proxy.index(row + 1, SnapshotTableModel::ReplicationGroupColumn).data().toString();
            QVERIFY2(proxy.compareText(a, b) <= 0, qPrintable(a + u" > "_s + b));
            QVERIFY(a.endsWith(u"-round-%1"_s.arg(round)));
        }
    }
}

void TestSnapshotTableModel::proxyStaysConsistentUnderRandomChanges_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("order");
    QTest::newRow("unsorted") << -1 << int(Qt::AscendingOrder);
    QTest::newRow("status asc") << int(SnapshotTableModel::StatusColumn) << int(Qt::AscendingOrder);
    QTest::newRow("size desc") << int(SnapshotTableModel::SizeColumn) << int(Qt::DescendingOrder);
    QTest::newRow("name asc") << int(SnapshotTableModel::NameColumn) << int(Qt::AscendingOrder);
    QTest::newRow("created desc") << int(SnapshotTableModel::CreatedColumn) << int(Qt::DescendingOrder);
}

// Pages, status changes, removals, filter and sort changes in random order: after each step the proxy shows
// exactly the rows the filter accepts, in the order its comparison says, and a selected row stays selected.
void TestSnapshotTableModel::proxyStaysConsistentUnderRandomChanges()
{
    QFETCH(int, column);
    QFETCH(int, order);
    SnapshotTableModel model;
    SnapshotFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(column, Qt::SortOrder(order));
    QItemSelectionModel selection(&proxy);
    QRandomGenerator random(uint(column + 2) * 7919u + uint(order));
    const QStringList statuses {u"available"_s, u"creating"_s, u"copying"_s, u"deleting"_s};
    const auto make = [&](int id) {
        const QString status = statuses.at(random.bounded(int(statuses.size())));
        return node(u"snap-%1"_s.arg(id), status, random.bounded(2) ? u"manual"_s : u"automated"_s,
                    u"rg-%1"_s.arg(id % 5), QString(), u"redis"_s, u"7.1"_s, u"cache.r6g.large"_s,
                    {u"%1 MB"_s.arg(random.bounded(5) * 100)}, utc(2026, 1 + id % 12, 1 + id % 28), QString(),
                    QString(), 1, QString());
    };
    int nextId = 0;
    QString selectedName;
    for (int step = 0; step < 120; ++step) {
        const int action = random.bounded(10);
        if (action < 3 || model.rowCount() < 10) { // a page of new rows, or several merged (over 64 rows)
            QList<Snapshot> page;
            const int size = random.bounded(4) == 0 ? 65 + random.bounded(100) : 1 + random.bounded(30);
            for (int i = 0; i < size; ++i)
                page.append(make(nextId++));
            model.mergePage(page);
        } else if (action < 6) { // status changes, several at once
            QList<Snapshot> page;
            for (int i = 0; i < 1 + random.bounded(8); ++i) {
                const SnapshotEntry &entry = model.snapshotAt(random.bounded(model.rowCount()));
                Snapshot changed = withStatus(entry, statuses.at(random.bounded(int(statuses.size()))));
                if (random.bounded(4) == 0) // and now and then the group (the searched text changes)
                    changed.replicationGroupId = u"rg-%1"_s.arg(random.bounded(7));
                page.append(changed);
            }
            model.mergePage(page);
        } else if (action < 7 && random.bounded(3) == 0) { // a refresh that no longer lists a third of them
            model.beginRefresh();
            QList<SnapshotEntry> listed;
            for (int row = 0; row < model.rowCount(); ++row) {
                if (random.bounded(3) != 0)
                    listed.append(model.snapshotAt(row));
            }
            model.mergePage(listed);
            model.endRefresh(SnapshotEntry::Kind::NodeBased);
        } else if (action < 7) { // a removal
            model.remove(SnapshotEntry::Kind::NodeBased, model.snapshotAt(random.bounded(model.rowCount())).name());
        } else if (action < 9) { // another filter
            SnapshotFilter filter;
            switch (random.bounded(4)) {
            case 0:
                break;
            case 1:
                filter.setText(u"snap-%1"_s.arg(random.bounded(10)));
                break;
            case 2:
                filter.setStatus(SnapshotEntry::Status(1 + random.bounded(5)));
                break;
            default:
                filter.setSource(SnapshotFilter::SourceFilter::Manual);
                filter.setReplicationGroup(u"rg-%1"_s.arg(random.bounded(5)));
                break;
            }
            proxy.setFilter(filter);
        } else if (proxy.rowCount() > 0) { // select a row and remember it
            const QModelIndex index = proxy.index(random.bounded(proxy.rowCount()), 0);
            selection.select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            selectedName = index.data(SnapshotTableModel::NameRole).toString();
        }

        // Exactly the accepted rows ...
        QStringList expected;
        for (int row = 0; row < model.rowCount(); ++row) {
            if (proxy.filter().matches(model.snapshotAt(row)))
                expected.append(model.snapshotAt(row).name());
        }
        QStringList shown = proxyNames(proxy);
        QStringList sortedShown = shown;
        std::sort(expected.begin(), expected.end());
        std::sort(sortedShown.begin(), sortedShown.end());
        QCOMPARE(sortedShown, expected);
        // ... in order ...
        for (int row = 0; row + 1 < proxy.rowCount(); ++row) {
            const QModelIndex a = proxy.index(row, qMax(0, column));
            const QModelIndex b = proxy.index(row + 1, qMax(0, column));
            if (column < 0) {
                QVERIFY(proxy.mapToSource(a).row() < proxy.mapToSource(b).row());
            } else if (column == SnapshotTableModel::NameColumn) {
                QVERIFY(proxy.compareText(a.data().toString(), b.data().toString()) <= 0);
            } else {
                const auto key = [column](const QModelIndex &index) {
                    const QVariant raw = index.data(SnapshotTableModel::RawRole);
                    return column == SnapshotTableModel::CreatedColumn ? raw.toDateTime().toMSecsSinceEpoch()
                                                                       : raw.toLongLong();
                };
                const qint64 x = key(a);
                const qint64 y = key(b);
                QVERIFY2(order == Qt::AscendingOrder ? x <= y : x >= y,
                         qPrintable(
                             u"step %3 row %1 of %2: %4 %5"_s.arg(row).arg(proxy.rowCount()).arg(step).arg(x).arg(y)));
            }
            QCOMPARE(proxy.mapFromSource(proxy.mapToSource(a)), a);
        }
        // ... every source row maps to its shown row, or to none when it is not shown ...
        int mapped = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex shownIndex = proxy.mapFromSource(model.index(row, 0));
            if (shownIndex.isValid()) {
                QCOMPARE(proxy.mapToSource(shownIndex).row(), row);
                ++mapped;
            }
        }
        QCOMPARE(mapped, proxy.rowCount());
        // ... the model's counts per cluster and group are a tally of its rows ...
        QHash<QString, int> groups;
        for (int row = 0; row < model.rowCount(); ++row)
            ++groups[model.snapshotAt(row).replicationGroup()];
        QCOMPARE(model.replicationGroupCounts(), groups);
        QVERIFY(model.clusterCounts().isEmpty());
        // ... and the selection follows its row while it is shown.
        const QModelIndexList selected = selection.selectedRows();
        const bool selectedShown = !selectedName.isEmpty() && shown.contains(selectedName);
        if (selectedShown && !selected.isEmpty())
            QCOMPARE(selected.first().data(SnapshotTableModel::NameRole).toString(), selectedName);
        if (!selectedName.isEmpty() && !selectedShown)
            QVERIFY(selected.isEmpty());
    }
}

namespace {

// Rows with names, groups and dates drawn at random, many of them equal on the sort columns.
QList<Snapshot> randomPage(QRandomGenerator &random, int count)
{
    QList<Snapshot> page;
    for (int id = 0; id < count; ++id) {
        page.append(node(u"snap-%1-%2"_s.arg(random.bounded(50)).arg(id),
                         random.bounded(2) ? u"available"_s : u"creating"_s,
                         random.bounded(2) ? u"manual"_s : u"automated"_s, u"rg-%1"_s.arg(random.bounded(9)), QString(),
                         u"redis"_s, u"7.1"_s, u"cache.r6g.large"_s, {u"%1 MB"_s.arg(random.bounded(4) * 100)},
                         utc(2026, 1 + random.bounded(3), 1), QString(), QString(), 1, QString()));
    }
    return page;
}

} // namespace

// Sorting a column the other way reverses the order the proxy keeps (no new sort): the rows must be exactly those
// a proxy sorted that way from the start shows, in the same order, and the selection stays on its row.
void TestSnapshotTableModel::otherDirectionIsTheSameSortReversed()
{
    SnapshotTableModel model;
    QRandomGenerator random(13);
    model.mergePage(randomPage(random, 700));
    SnapshotFilter filter;
    filter.setText(u"snap-1"_s);
    for (const int column : {int(SnapshotTableModel::NameColumn), int(SnapshotTableModel::SizeColumn),
                             int(SnapshotTableModel::CreatedColumn), int(SnapshotTableModel::StatusColumn)}) {
        SnapshotFilterProxyModel flipped;
        flipped.setSourceModel(&model);
        QAbstractItemModelTester tester(&flipped, QAbstractItemModelTester::FailureReportingMode::QtTest);
        flipped.setFilter(filter);
        flipped.sort(column, Qt::AscendingOrder);
        QItemSelectionModel selection(&flipped);
        const QModelIndex chosen = flipped.index(flipped.rowCount() / 3, 0);
        const QString chosenName = chosen.data(SnapshotTableModel::NameRole).toString();
        selection.select(chosen, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        flipped.sort(column, Qt::DescendingOrder);

        SnapshotFilterProxyModel direct;
        direct.setSourceModel(&model);
        direct.setFilter(filter);
        direct.sort(column, Qt::DescendingOrder);
        QVERIFY(direct.rowCount() > 10);
        QCOMPARE(proxyNames(flipped), proxyNames(direct));
        QCOMPARE(selection.selectedRows().size(), 1);
        QCOMPARE(selection.selectedRows().first().data(SnapshotTableModel::NameRole).toString(), chosenName);

        // And rows streaming in afterwards land where the direct sort puts them.
        const QList<Snapshot> more = randomPage(random, 90);
        QList<Snapshot> renamed;
        for (Snapshot s : more) {
            s.snapshotName = u"later-"_s + s.snapshotName + u"-%1"_s.arg(column);
            s.arn = u"arn:aws:elasticache:us-east-1:123456789012:snapshot:"_s + s.snapshotName;
            renamed.append(s);
        }
        model.mergePage(renamed);
        QCOMPARE(proxyNames(flipped), proxyNames(direct));
    }
}

// Typing on in the search box tests only the rows shown (the new text contains the old): every step must show what
// a proxy given the whole text at once shows, and so must deleting the characters again.
void TestSnapshotTableModel::typingOnGivesTheFullFiltersRows()
{
    SnapshotTableModel model;
    QRandomGenerator random(17);
    model.mergePage(randomPage(random, 900));
    SnapshotFilterProxyModel typed;
    typed.setSourceModel(&model);
    QAbstractItemModelTester tester(&typed, QAbstractItemModelTester::FailureReportingMode::QtTest);
    typed.sort(SnapshotTableModel::CreatedColumn, Qt::DescendingOrder);
    const QString word = u"snap-12-4"_s;
    QStringList steps;
    for (qsizetype i = 1; i <= word.size(); ++i)
        steps.append(word.left(i));
    for (qsizetype i = word.size() - 1; i >= 0; --i)
        steps.append(word.left(i));
    for (const QString &text : std::as_const(steps)) {
        SnapshotFilter filter = typed.filter();
        filter.setText(text);
        typed.setFilter(filter);
        SnapshotFilter wholeFilter;
        wholeFilter.setText(text);
        QCOMPARE(proxyNames(typed),
                 freshProxyNames(model, SnapshotTableModel::CreatedColumn, Qt::DescendingOrder, wholeFilter));
    }
}

// A re-filter shared among threads (each given a range of the rows) shows exactly the rows one thread finds, in the
// same order, for plain and non-ASCII text and the other criteria.
void TestSnapshotTableModel::sharedFilterGivesTheSameRows()
{
    SnapshotTableModel model;
    QRandomGenerator random(23);
    model.mergePage(randomPage(random, 3000));
    SnapshotFilterProxyModel shared;
    shared.setSourceModel(&model);
    shared.setParallelFilterRows(400);
    shared.sort(SnapshotTableModel::CreatedColumn, Qt::DescendingOrder);
    SnapshotFilterProxyModel single;
    single.setSourceModel(&model);
    single.setParallelFilterRows(1000000);
    single.sort(SnapshotTableModel::CreatedColumn, Qt::DescendingOrder);
    QList<SnapshotFilter> filters;
    // "s", "sn", "sna": typing on narrows, and the rows still shown are tested on several threads too.
    for (const QString &text :
         {u"s"_s, u"sn"_s, u"sna"_s, u"snap-1"_s, u"2"_s, u"redis"_s, u"\u00e9t\u00e9"_s, u"no such text"_s}) {
        SnapshotFilter filter;
        filter.setText(text);
        filters.append(filter);
    }
    SnapshotFilter manual;
    manual.setSource(SnapshotFilter::SourceFilter::Manual);
    filters.append(manual);
    SnapshotFilter manualWithText = manual;
    manualWithText.setText(u"-3"_s);
    filters.append(manualWithText);
    filters.append(SnapshotFilter());
    for (const SnapshotFilter &filter : std::as_const(filters)) {
        shared.setFilter(filter);
        single.setFilter(filter);
        QCOMPARE(proxyNames(shared), proxyNames(single));
    }
    QVERIFY(shared.rowCount() == 3000);
}

// A filter shown again (a character typed, then deleted) shows what a proxy given it afresh shows, also after rows
// were added, changed or removed, or the order changed, in between.
void TestSnapshotTableModel::filterShownAgainFollowsTheRows()
{
    SnapshotTableModel model;
    QRandomGenerator random(31);
    model.mergePage(randomPage(random, 600));
    SnapshotFilterProxyModel typed;
    typed.setSourceModel(&model);
    QAbstractItemModelTester tester(&typed, QAbstractItemModelTester::FailureReportingMode::QtTest);
    typed.sort(SnapshotTableModel::CreatedColumn, Qt::DescendingOrder);
    const auto setText = [](SnapshotFilterProxyModel &proxy, const QString &text) {
        SnapshotFilter filter = proxy.filter();
        filter.setText(text);
        proxy.setFilter(filter);
    };
    int column = SnapshotTableModel::CreatedColumn;
    Qt::SortOrder order = Qt::DescendingOrder;
    const auto fresh = [&model, &typed, &column, &order]() {
        return freshProxyNames(model, column, order, typed.filter());
    };
    setText(typed, u"snap-1"_s);
    setText(typed, u"snap-12"_s);
    setText(typed, u"snap-1"_s); // shown again, nothing changed
    QCOMPARE(proxyNames(typed), fresh());
    const qsizetype before = typed.rowCount();

    // A row that matches arrives while "snap-12" is shown: "snap-1" shows it.
    setText(typed, u"snap-12"_s);
    QList<Snapshot> more;
    for (Snapshot s : randomPage(random, 3)) {
        s.snapshotName = u"snap-1-arrived-"_s + s.snapshotName;
        s.arn = u"arn:aws:elasticache:us-east-1:123456789012:snapshot:"_s + s.snapshotName;
        more.append(s);
    }
    model.mergePage(more);
    setText(typed, u"snap-1"_s);
    QCOMPARE(proxyNames(typed), fresh());
    QCOMPARE(typed.rowCount(), before + 3);

    // Another order, then a filter shown before: in the new order.
    setText(typed, u"snap-12"_s);
    column = SnapshotTableModel::NameColumn;
    order = Qt::AscendingOrder;
    typed.sort(column, order);
    setText(typed, u"snap-1"_s);
    QCOMPARE(proxyNames(typed), fresh());

    // A row removed meanwhile.
    setText(typed, u"snap-12"_s);
    QVERIFY(model.remove(SnapshotEntry::Kind::NodeBased, more.first().snapshotName));
    setText(typed, u"snap-1"_s);
    QCOMPARE(proxyNames(typed), fresh());
    QCOMPARE(typed.rowCount(), before + 2);
}

// A refresh that drops a few runs of rows renumbers the rows after them in the name index: every row is then found
// by its name, and the dropped ones are not.
void TestSnapshotTableModel::removedRunsKeepTheIndexRight()
{
    SnapshotTableModel model;
    QRandomGenerator random(19);
    model.mergePage(randomPage(random, 400));
    const QList<SnapshotEntry> before = model.snapshots();
    QStringList dropped;
    model.beginRefresh();
    QList<SnapshotEntry> listed;
    for (int row = 0; row < before.size(); ++row) {
        // Three runs, at the front, in the middle and at the end.
        if (row < 5 || (row >= 200 && row < 230) || row >= 390)
            dropped.append(before.at(row).name());
        else
            listed.append(before.at(row));
    }
    model.mergePage(listed);
    model.endRefresh(SnapshotEntry::Kind::NodeBased);
    QCOMPARE(model.rowCount(), int(listed.size()));
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.rowOf(SnapshotEntry::Kind::NodeBased, model.snapshotAt(row).name()), row);
    for (const QString &name : std::as_const(dropped))
        QCOMPARE(model.rowOf(SnapshotEntry::Kind::NodeBased, name), -1);
    // One more removal, then a change: still found where they are.
    const QString gone = model.snapshotAt(10).name();
    QVERIFY(model.remove(SnapshotEntry::Kind::NodeBased, gone));
    QCOMPARE(model.rowOf(SnapshotEntry::Kind::NodeBased, gone), -1);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.rowOf(SnapshotEntry::Kind::NodeBased, model.snapshotAt(row).name()), row);
}

// Ending a refresh removes a connection's rows of a kind that the refresh did not list, and no other; the model knows
// whether there are any without a pass over the rows, from a tally kept as rows come, change and go. Random
// operations on two connections and both kinds, refreshes left open across them, against a reference.
void TestSnapshotTableModel::refreshEndRemovesExactlyTheUnlisted()
{
    SnapshotTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setConnections({{u"prod"_s, QString(), u"us-east-1"_s}, {u"prod"_s, QString(), u"eu-west-1"_s}});
    using Kind = SnapshotEntry::Kind;
    // The reference: each row by (connection, kind, name), and whether its connection's refresh listed it.
    QMap<std::tuple<int, int, QString>, bool> rows;
    const auto entry = [](Kind kind, int id) {
        const QString name = u"snap-%1"_s.arg(id);
        return kind == Kind::NodeBased
            ? SnapshotEntry(node(name, u"available"_s, u"manual"_s, u"rg-a"_s, QString(), u"redis"_s, u"7.1"_s,
                                 u"cache.r6g.large"_s, {u"100 MB"_s}, utc(2026, 1, 1 + id % 28), QString(), QString(),
                                 1, QString()))
            : SnapshotEntry(serverless(name, u"available"_s, u"manual"_s, u"c-1"_s, u"valkey"_s, u"8"_s, u"1024"_s,
                                       utc(2026, 1, 1 + id % 28), QDateTime(), QString()));
    };
    QRandomGenerator random(20261205);
    for (int step = 0; step < 2000; ++step) {
        const int connection = random.bounded(2);
        const Kind kind = random.bounded(2) ? Kind::NodeBased : Kind::Serverless;
        const int id = random.bounded(12);
        const auto key = std::make_tuple(connection, int(kind), u"snap-%1"_s.arg(id));
        switch (random.bounded(8)) {
        case 0:
        case 1:
        case 2: // listed: a new row, or one listed again
            model.mergePage(QList<SnapshotEntry> {entry(kind, id)}, connection);
            rows[key] = true;
            break;
        case 3: // an action's own change: an existing row is not listed by it
            model.upsertIn(connection, entry(kind, id));
            rows[key] = rows.value(key, true);
            break;
        case 4: // deleted
            model.removeIn(connection, kind, std::get<2>(key));
            rows.remove(key);
            break;
        case 5: // a refresh of the connection begins
            model.beginRefresh(connection);
            for (auto it = rows.begin(); it != rows.end(); ++it) {
                if (std::get<0>(it.key()) == connection)
                    *it = false;
            }
            break;
        case 6: // one kind of it ends
            model.endRefresh(connection, kind);
            rows.removeIf([&](const auto &row) {
                return std::get<0>(row.key()) == connection && std::get<1>(row.key()) == int(kind) && !row.value();
            });
            break;
        default:
            if (random.bounded(20) == 0) { // everything goes
                model.clear();
                rows.clear();
            }
            break;
        }
        QStringList expected;
        for (auto it = rows.cbegin(); it != rows.cend(); ++it)
            expected.append(
                u"%1/%2/%3"_s.arg(std::get<0>(it.key())).arg(std::get<1>(it.key())).arg(std::get<2>(it.key())));
        QStringList actual;
        for (int row = 0; row < model.rowCount(); ++row) {
            const SnapshotEntry &e = model.snapshotAt(row);
            actual.append(u"%1/%2/%3"_s.arg(model.connectionOf(row)).arg(int(e.kind())).arg(e.name()));
        }
        std::sort(expected.begin(), expected.end());
        std::sort(actual.begin(), actual.end());
        QVERIFY2(actual == expected, qPrintable(u"step %1"_s.arg(step)));
    }
}

QTEST_MAIN(TestSnapshotTableModel)
#include "tst_snapshottablemodel.moc"
