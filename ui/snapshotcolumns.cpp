// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotcolumns.h"

#include "snapshottablemodel.h"
#include "statusicons.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QLocale>
#include <QMenu>

#include <array>
#include <limits>

using namespace Qt::StringLiterals;

namespace SnapshotColumns {

namespace {

constexpr Qt::Alignment kRight = Qt::AlignRight | Qt::AlignVCenter;

QString tr(const char *text)
{
    return QCoreApplication::translate("SnapshotTableModel", text);
}

QString formatInstant(const QDateTime &instant)
{
    if (!instant.isValid())
        return QString();
    return instant.toLocalTime().toString(u"yyyy-MM-dd HH:mm");
}

qint64 instantKey(const QDateTime &instant)
{
    return instant.isValid() ? instant.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min();
}

QString shortKmsKey(const QString &kmsKeyId)
{
    // "arn:aws:kms:…:key/1234abcd-…" is too wide for a column; the key id's first block identifies it.
    QStringView key = kmsKeyId;
    const qsizetype slash = key.lastIndexOf(u'/');
    if (slash >= 0)
        key = key.mid(slash + 1);
    if (key.size() > 13)
        return key.left(8).toString() + u'…';
    return key.toString();
}

const QString &clusterOf(const SnapshotEntry &e)
{
    return e.kind() == SnapshotEntry::Kind::Serverless ? e.serverlessCache() : e.cluster();
}

SortKey number(qint64 value)
{
    return SortKey {value, {}, {}, false, {}};
}

SortKey text(QStringView value)
{
    return SortKey {0, value, {}, false, {}};
}

// Text the entry makes when asked (its ARN): the key keeps it, and a copy or move of the key keeps the buffer.
SortKey madeText(QString value)
{
    SortKey key;
    key.made = std::move(value);
    key.text = key.made;
    return key;
}

// In SnapshotTableModel::Column order; a member left out keeps Info's default. The columns shown by default fit
// the default window (1500 px) with the details pane open: the kind is the name's icon, and shards and the KMS key
// are one click away in the header's menu.
const std::array<Info, SnapshotTableModel::ColumnCount> kColumns = {{
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "Name"),
        .width = 290,
        .hideable = false,
        .display = [](const SnapshotEntry &e) -> QVariant { return e.name(); },
        .raw = [](const SnapshotEntry &e) -> QVariant { return e.name(); },
        .decoration = [](const SnapshotEntry &e) { return StatusIcons::kindIcon(e.kind()); },
        // The name is every column's tie-break.
        .sortKey = [](const SnapshotEntry &) { return SortKey(); },
    },
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "Kind"),
        .width = 95,
        .shownByDefault = false,
        .display = [](const SnapshotEntry &e) -> QVariant {
            return e.kind() == SnapshotEntry::Kind::Serverless ? tr("Serverless") : tr("Node-based");
        },
        .raw = [](const SnapshotEntry &e) -> QVariant { return int(e.kind()); },
        .sortKey = [](const SnapshotEntry &e) { return number(int(e.kind())); },
    },
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "Status"),
        .width = 95,
        .display = [](const SnapshotEntry &e) -> QVariant { return e.statusText(); },
        .raw = [](const SnapshotEntry &e) -> QVariant { return int(e.status()); },
        .toolTip = [](const SnapshotEntry &e) -> QVariant {
            if (!e.isSettled())
                return tr("%1 — the row updates by itself when the operation ends").arg(e.statusText());
            return QVariant();
        },
        .decoration = [](const SnapshotEntry &e) { return StatusIcons::icon(e.status()); },
        .sortKey = [](const SnapshotEntry &e) { return number(int(e.status())); },
    },
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "Source"),
        .width = 80,
        .display = [](const SnapshotEntry &e) -> QVariant { return e.isAutomatic() ? tr("automatic") : tr("manual"); },
        .raw = [](const SnapshotEntry &e) -> QVariant { return int(e.source()); },
        .sortKey = [](const SnapshotEntry &e) { return number(int(e.source())); },
    },
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "Replication group"),
        .width = 130,
        .display = [](const SnapshotEntry &e) -> QVariant { return e.replicationGroup(); },
        .raw = [](const SnapshotEntry &e) -> QVariant { return e.replicationGroup(); },
        .sortKey = [](const SnapshotEntry &e) { return text(e.replicationGroup()); },
    },
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "Cluster"),
        .headerToolTip = QT_TRANSLATE_NOOP("SnapshotTableModel", "Cache cluster, or the serverless cache"),
        .width = 130,
        .display = [](const SnapshotEntry &e) -> QVariant { return clusterOf(e); },
        .raw = [](const SnapshotEntry &e) -> QVariant { return clusterOf(e); },
        .sortKey = [](const SnapshotEntry &e) { return text(clusterOf(e)); },
    },
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "Engine"),
        .width = 85,
        .display = [](const SnapshotEntry &e) -> QVariant { return e.engineAndVersion(); },
        .raw = [](const SnapshotEntry &e) -> QVariant { return e.engineAndVersion(); },
        .sortKey =
            [](const SnapshotEntry &e) {
                return SortKey {0, e.engine(), e.engineVersion(), true, {}};
            },
    },
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "Node type"),
        .width = 110,
        .display = [](const SnapshotEntry &e) -> QVariant {
            return e.kind() == SnapshotEntry::Kind::Serverless ? tr("serverless") : e.nodeType();
        },
        .raw = [](const SnapshotEntry &e) -> QVariant { return e.nodeType(); },
        .sortKey = [](const SnapshotEntry &e) { return text(e.nodeType()); },
    },
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "Shards"),
        .width = 60,
        .shownByDefault = false,
        .alignment = kRight,
        .display = [](const SnapshotEntry &e) { return e.shards() >= 0 ? QVariant(e.shards()) : QVariant(); },
        .raw = [](const SnapshotEntry &e) -> QVariant { return e.shards(); },
        .sortKey = [](const SnapshotEntry &e) { return number(e.shards()); },
    },
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "Size"),
        .headerToolTip
        = QT_TRANSLATE_NOOP("SnapshotTableModel", "Sum of the node snapshots, or bytes used (serverless)"),
        .width = 75,
        .alignment = kRight,
        .display = [](const SnapshotEntry &e) -> QVariant {
            return e.sizeBytes() >= 0 ? cacheSizeText(e.sizeBytes(), QLocale()) : QString();
        },
        .raw = [](const SnapshotEntry &e) -> QVariant { return e.sizeBytes(); },
        .toolTip = [](const SnapshotEntry &e) -> QVariant {
            if (e.sizeBytes() < 0)
                return QVariant();
            return tr("%1 bytes").arg(QLocale().toString(e.sizeBytes()));
        },
        .sortKey = [](const SnapshotEntry &e) { return number(e.sizeBytes()); },
    },
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "Created"),
        .headerToolTip = QT_TRANSLATE_NOOP("SnapshotTableModel", "Local time"),
        .width = 120,
        .display = [](const SnapshotEntry &e) -> QVariant { return formatInstant(e.created()); },
        .raw = [](const SnapshotEntry &e) -> QVariant { return e.created(); },
        .toolTip = [](const SnapshotEntry &e) -> QVariant {
            if (!e.created().isValid())
                return QVariant();
            return e.created().toUTC().toString(Qt::ISODate);
        },
        .sortKey = [](const SnapshotEntry &e) { return number(instantKey(e.created())); },
    },
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "KMS key"),
        .headerToolTip = QT_TRANSLATE_NOOP("SnapshotTableModel", "Customer-managed KMS key"),
        .shownByDefault = false,
        .display = [](const SnapshotEntry &e) -> QVariant {
            return e.isEncryptedWithKms() ? shortKmsKey(e.kmsKeyId()) : QString();
        },
        .raw = [](const SnapshotEntry &e) -> QVariant { return e.kmsKeyId(); },
        .toolTip = [](const SnapshotEntry &e) -> QVariant {
            return e.isEncryptedWithKms() ? e.kmsKeyId() : tr("No customer-managed KMS key");
        },
        .sortKey = [](const SnapshotEntry &e) { return text(e.kmsKeyId()); },
    },
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "ARN"),
        .width = 320,
        .shownByDefault = false,
        .display = [](const SnapshotEntry &e) -> QVariant { return e.arn(); },
        .raw = [](const SnapshotEntry &e) -> QVariant { return e.arn(); },
        .sortKey = [](const SnapshotEntry &e) { return madeText(e.arn()); },
    },
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "VPC"),
        .shownByDefault = false,
        .display = [](const SnapshotEntry &e) -> QVariant { return e.vpcId(); },
        .raw = [](const SnapshotEntry &e) -> QVariant { return e.vpcId(); },
        .sortKey = [](const SnapshotEntry &e) { return text(e.vpcId()); },
    },
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "Retention"),
        .shownByDefault = false,
        .alignment = kRight,
        .display = [](const SnapshotEntry &e) -> QVariant {
            if (const auto days = e.retentionLimitDays())
                return *days == 0 ? tr("off") : *days == 1 ? tr("1 day") : tr("%1 days").arg(*days);
            return QString();
        },
        .raw = [](const SnapshotEntry &e) -> QVariant { return e.retentionLimitDays().value_or(-1); },
        .sortKey = [](const SnapshotEntry &e) { return number(e.retentionLimitDays().value_or(-1)); },
    },
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "Expires"),
        .shownByDefault = false,
        .display = [](const SnapshotEntry &e) -> QVariant { return formatInstant(e.expiry()); },
        .raw = [](const SnapshotEntry &e) -> QVariant { return e.expiry(); },
        .toolTip = [](const SnapshotEntry &e) -> QVariant {
            if (e.kind() == SnapshotEntry::Kind::NodeBased && e.expiry().isValid())
                return tr("Creation time plus the retention limit");
            return QVariant();
        },
        .sortKey = [](const SnapshotEntry &e) { return number(instantKey(e.expiry())); },
    },
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "Data tiering"),
        .shownByDefault = false,
        .display = [](const SnapshotEntry &e) -> QVariant { return e.dataTiering(); },
        .raw = [](const SnapshotEntry &e) -> QVariant { return e.dataTiering(); },
        .sortKey = [](const SnapshotEntry &e) { return text(e.dataTiering()); },
    },
    {
        // The cells come from the connection's tag cache (SnapshotTableModel::tagsText()), and so does the sort
        // key (SnapshotFilterProxyModel): a snapshot does not carry its tags.
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "Tags"),
        .headerToolTip = QT_TRANSLATE_NOOP("SnapshotTableModel",
                                           "key=value, read for the rows on screen while this column is shown; "
                                           "\"…\" until read"),
        .width = 220,
        .shownByDefault = false,
        .display = [](const SnapshotEntry &) -> QVariant { return QVariant(); },
        .raw = [](const SnapshotEntry &) -> QVariant { return QVariant(); },
        .sortKey = [](const SnapshotEntry &) { return SortKey(); },
    },
    // The row's connection: the model shows these (SnapshotTableModel::connectionLabel()), and the proxy sorts on
    // them; a snapshot does not carry its connection. Shown when the window lists more than one connection.
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "Profile"),
        .headerToolTip = QT_TRANSLATE_NOOP("SnapshotTableModel", "The profile the snapshot was listed with"),
        .width = 100,
        .shownByDefault = false,
        .display = [](const SnapshotEntry &) -> QVariant { return QVariant(); },
        .raw = [](const SnapshotEntry &) -> QVariant { return QVariant(); },
        .sortKey = [](const SnapshotEntry &) { return SortKey(); },
    },
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "Account"),
        .headerToolTip = QT_TRANSLATE_NOOP("SnapshotTableModel", "The AWS account the snapshot belongs to"),
        .width = 110,
        .shownByDefault = false,
        .display = [](const SnapshotEntry &) -> QVariant { return QVariant(); },
        .raw = [](const SnapshotEntry &) -> QVariant { return QVariant(); },
        .sortKey = [](const SnapshotEntry &) { return SortKey(); },
    },
    {
        .header = QT_TRANSLATE_NOOP("SnapshotTableModel", "Region"),
        .width = 110,
        .shownByDefault = false,
        .display = [](const SnapshotEntry &) -> QVariant { return QVariant(); },
        .raw = [](const SnapshotEntry &) -> QVariant { return QVariant(); },
        .sortKey = [](const SnapshotEntry &) { return SortKey(); },
    },
}};

} // namespace

const Info &info(int column)
{
    Q_ASSERT(column >= 0 && column < SnapshotTableModel::ColumnCount);
    return kColumns[size_t(column)];
}

QString headerText(int column)
{
    return tr(info(column).header);
}

QString headerToolTip(int column)
{
    const Info &i = info(column);
    return tr(i.headerToolTip ? i.headerToolTip : i.header);
}

void applyDefaults(QHeaderView *header)
{
    for (int column = 0; column < SnapshotTableModel::ColumnCount; ++column)
        applyDefault(header, column);
}

void applyDefault(QHeaderView *header, int column)
{
    header->resizeSection(column, info(column).width);
    header->setSectionHidden(column, !info(column).shownByDefault);
    // The Tags column is the model's last (a saved header state keeps its columns' places), but once shown it
    // belongs beside what the snapshot is, not past the table's right edge.
    if (column == SnapshotTableModel::TagsColumn)
        header->moveSection(header->visualIndex(column), header->visualIndex(SnapshotTableModel::SourceColumn) + 1);
    // Where a snapshot is comes right after what it is.
    if (column >= SnapshotTableModel::ProfileColumn && column <= SnapshotTableModel::RegionColumn) {
        header->moveSection(header->visualIndex(column),
                            header->visualIndex(SnapshotTableModel::NameColumn) + 1
                                + (column - SnapshotTableModel::ProfileColumn));
    }
}

void fillMenu(QMenu *menu, QHeaderView *header)
{
    menu->clear();
    for (int column = 0; column < SnapshotTableModel::ColumnCount; ++column) {
        QAction *action = menu->addAction(headerText(column));
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        action->setEnabled(info(column).hideable);
        QObject::connect(action, &QAction::toggled, header,
                         [header, column](bool on) { header->setSectionHidden(column, !on); });
    }
}

} // namespace SnapshotColumns
