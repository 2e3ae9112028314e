// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "detailspane.h"

#include "statusicons.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QString instant(const QDateTime &time)
{
    if (!time.isValid())
        return QString();
    return time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss") + u"  ("_s + time.toUTC().toString(Qt::ISODate) + u')';
}

QString optionalInt(const std::optional<int> &value)
{
    return value ? QString::number(*value) : QString();
}

QString optionalBool(const std::optional<bool> &value)
{
    if (!value)
        return QString();
    return *value ? u"yes"_s : u"no"_s;
}

} // namespace

DetailsPane::DetailsPane(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"detailsPane"_s);
    m_title = new QLabel(this);
    m_title->setObjectName(u"detailsTitle"_s);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);

    m_fields = new QTreeWidget(this);
    m_fields->setObjectName(u"detailsFields"_s);
    m_fields->setColumnCount(2);
    m_fields->setHeaderLabels({tr("Field"), tr("Value")});
    m_fields->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_fields->setAlternatingRowColors(true);
    m_fields->setUniformRowHeights(true);
    // ARNs and key ids differ at their ends: keep both ends in sight.
    m_fields->setTextElideMode(Qt::ElideMiddle);
    m_fields->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *copyValue = new QAction(tr("Copy value"), m_fields);
    copyValue->setShortcut(QKeySequence::Copy);
    copyValue->setShortcutContext(Qt::WidgetShortcut);
    connect(copyValue, &QAction::triggered, this, &DetailsPane::copyCurrentValue);
    m_fields->addAction(copyValue);

    m_copyName = new QPushButton(tr("Copy name"), this);
    m_copyName->setObjectName(u"copyNameButton"_s);
    m_copyArn = new QPushButton(tr("Copy ARN"), this);
    m_copyArn->setObjectName(u"copyArnButton"_s);
    connect(m_copyName, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_entry.name()); });
    connect(m_copyArn, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_entry.arn()); });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_copyName);
    buttons->addWidget(m_copyArn);
    buttons->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_fields, 1);
    layout->addLayout(buttons);
    setSnapshot(SnapshotEntry());
}

DetailsPane::~DetailsPane() = default;

const SnapshotEntry &DetailsPane::snapshot() const
{
    return m_entry;
}

void DetailsPane::setSelectionCount(int count)
{
    if (count > 1) {
        setSnapshot(SnapshotEntry());
        m_title->setText(tr("%1 snapshots selected").arg(count));
    }
}

void DetailsPane::setSnapshot(const SnapshotEntry &entry)
{
    // Status polls re-send the same row; rebuilding would lose the scroll position and the current item.
    if (!entry.isNull() && entry == m_entry && m_fields->topLevelItemCount() > 0)
        return;
    m_entry = entry;
    m_fields->clear();
    m_copyName->setEnabled(!entry.isNull());
    m_copyArn->setEnabled(!entry.arn().isEmpty());
    if (entry.isNull()) {
        m_title->setText(tr("No snapshot selected"));
        return;
    }
    m_title->setText(entry.name());

    const auto add = [this](QTreeWidgetItem *parent, const QString &field, const QString &value) {
        if (value.isEmpty())
            return static_cast<QTreeWidgetItem *>(nullptr);
        auto *item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_fields);
        item->setText(0, field);
        item->setText(1, value);
        item->setToolTip(1, value);
        return item;
    };
    add(nullptr, tr("Name"), entry.name());
    QTreeWidgetItem *status = add(nullptr, tr("Status"), entry.statusText());
    if (status)
        status->setIcon(1, StatusIcons::icon(entry.status()));
    add(nullptr, tr("Kind"), SnapshotEntry::kindName(entry.kind()));
    add(nullptr, tr("Source"), SnapshotEntry::sourceName(entry.source()));
    add(nullptr, tr("ARN"), entry.arn());
    add(nullptr, tr("Created"), instant(entry.created()));
    if (entry.sizeBytes() >= 0)
        add(nullptr, tr("Size"),
            QLocale().formattedDataSize(entry.sizeBytes()) + u"  ("_s + QLocale().toString(entry.sizeBytes())
                + u" bytes)"_s);
    add(nullptr, tr("KMS key"), entry.kmsKeyId());
    add(nullptr, tr("Expires"), instant(entry.expiry()));

    if (const ServerlessCacheSnapshot *s = entry.serverlessSnapshot()) {
        add(nullptr, tr("Serverless cache"), entry.serverlessCache());
        add(nullptr, tr("Engine"), entry.engineAndVersion());
        add(nullptr, tr("Snapshot type"), s->snapshotType);
        add(nullptr, tr("Bytes used for cache"), s->bytesUsedForCache);
        return;
    }
    const Snapshot *s = entry.nodeSnapshot();
    add(nullptr, tr("Replication group"), s->replicationGroupId);
    add(nullptr, tr("Group description"), s->replicationGroupDescription);
    add(nullptr, tr("Cache cluster"), s->cacheClusterId);
    add(nullptr, tr("Engine"), entry.engineAndVersion());
    add(nullptr, tr("Node type"), s->cacheNodeType);
    add(nullptr, tr("Cache nodes"), optionalInt(s->numCacheNodes));
    add(nullptr, tr("Shards (node groups)"), optionalInt(s->numNodeGroups));
    add(nullptr, tr("Automatic failover"), s->automaticFailover);
    add(nullptr, tr("Data tiering"), s->dataTiering);
    add(nullptr, tr("VPC"), s->vpcId);
    add(nullptr, tr("Subnet group"), s->cacheSubnetGroupName);
    add(nullptr, tr("Parameter group"), s->cacheParameterGroupName);
    add(nullptr, tr("Port"), optionalInt(s->port));
    add(nullptr, tr("Availability zone"), s->preferredAvailabilityZone);
    add(nullptr, tr("Retention limit (days)"), optionalInt(s->snapshotRetentionLimit));
    add(nullptr, tr("Snapshot window"), s->snapshotWindow);
    add(nullptr, tr("Maintenance window"), s->preferredMaintenanceWindow);
    add(nullptr, tr("Auto minor version upgrade"), optionalBool(s->autoMinorVersionUpgrade));
    add(nullptr, tr("Notification topic"), s->topicArn);
    add(nullptr, tr("Cluster created"), instant(s->cacheClusterCreateTime.toDateTime()));

    if (!s->nodeSnapshots.isEmpty()) {
        auto *nodes = new QTreeWidgetItem(m_fields);
        nodes->setText(0, tr("Node snapshots"));
        nodes->setText(1, QString::number(s->nodeSnapshots.size()));
        for (const NodeSnapshot &node : s->nodeSnapshots) {
            auto *item = new QTreeWidgetItem(nodes);
            const QString shard = node.nodeGroupId.isEmpty() ? tr("Node") : tr("Shard %1").arg(node.nodeGroupId);
            item->setText(0, shard);
            QStringList summary;
            if (!node.cacheClusterId.isEmpty())
                summary.append(node.cacheClusterId
                               + (node.cacheNodeId.isEmpty() ? QString() : u'/' + node.cacheNodeId));
            if (!node.cacheSize.isEmpty())
                summary.append(node.cacheSize);
            if (node.nodeGroupConfiguration && !node.nodeGroupConfiguration->slots.isEmpty())
                summary.append(tr("slots %1").arg(node.nodeGroupConfiguration->slots));
            item->setText(1, summary.join(u"  ·  "));
            add(item, tr("Cache cluster"), node.cacheClusterId);
            add(item, tr("Cache node"), node.cacheNodeId);
            add(item, tr("Size"), node.cacheSize);
            if (node.nodeGroupConfiguration) {
                add(item, tr("Slots"), node.nodeGroupConfiguration->slots);
                add(item, tr("Replicas"), optionalInt(node.nodeGroupConfiguration->replicaCount));
                add(item, tr("Primary zone"), node.nodeGroupConfiguration->primaryAvailabilityZone);
            }
            add(item, tr("Snapshot created"), instant(node.snapshotCreateTime.toDateTime()));
            add(item, tr("Node created"), instant(node.cacheNodeCreateTime.toDateTime()));
        }
        nodes->setExpanded(true);
        // A few shards are opened so their slots and sizes show without a click; dozens would bury the rest.
        if (s->nodeSnapshots.size() <= 4) {
            for (int i = 0; i < nodes->childCount(); ++i)
                nodes->child(i)->setExpanded(true);
        }
    }
}

QString DetailsPane::valueOf(const QString &field) const
{
    const QList<QTreeWidgetItem *> items = m_fields->findItems(field, Qt::MatchExactly, 0);
    return items.isEmpty() ? QString() : items.first()->text(1);
}

void DetailsPane::copyCurrentValue()
{
    if (QTreeWidgetItem *item = m_fields->currentItem())
        QApplication::clipboard()->setText(item->text(1));
}
