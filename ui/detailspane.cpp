// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "detailspane.h"

#include "statusicons.h"
#include "tageditor.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPainter>
#include <QPushButton>
#include <QScopeGuard>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTextLayout>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

QString instant(const QDateTime &time)
{
    if (!time.isValid())
        return QString();
    return time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss") + u"  ("_s + time.toUTC().toString(Qt::ISODate) + u')';
}

// One style for every size in the pane, the total's and each shard's: binary units (KiB, MiB, GiB) and the exact
// byte count.
QString dataSize(qint64 bytes)
{
    if (bytes < 0)
        return QString();
    const QLocale locale;
    if (bytes < 1024)
        return cacheSizeText(bytes, locale);
    return cacheSizeText(bytes, locale) + u"  ("_s + locale.toString(bytes) + u" bytes)"_s;
}

// The value column wraps, anywhere if a value has no spaces (ARNs, key ids), so every value shows whole; its rows
// are as tall as their text. A double-click (or F2) on a value opens it read-only for selecting part of it.
class ValueDelegate final : public QStyledItemDelegate
{
public:
    explicit ValueDelegate(QTreeWidget *tree)
        : QStyledItemDelegate(tree)
        , m_tree(tree)
    {
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        // As wide as the text unwrapped (what the label column asks for), as tall as it is wrapped in its column.
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        const int width = textWidth(option, index);
        if (width <= 0)
            return size;
        QTextLayout layout(index.data(Qt::DisplayRole).toString().replace(u'\n', QChar::LineSeparator), option.font);
        QTextOption textOption;
        // The style wraps labels at word boundaries only; the values are wrapped here, anywhere if they must be.
        textOption.setWrapMode(index.column() == 1 ? QTextOption::WrapAtWordBoundaryOrAnywhere : QTextOption::WordWrap);
        layout.setTextOption(textOption);
        qreal height = 0;
        layout.beginLayout();
        for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
            line.setLineWidth(width);
            height += line.height();
        }
        layout.endLayout();
        size.setHeight(std::max(size.height(), int(std::ceil(height)) + 4));
        return size;
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        if (index.column() != 1) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        // The style wraps at word boundaries only, and an ARN has none: the background, selection and icon from
        // the style, the text wrapped here.
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString text = opt.text;
        opt.text.clear();
        QStyle *style = m_tree->style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, m_tree);
        QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, m_tree);
        const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_tree) + 1;
        textRect.adjust(margin, 0, -margin, 0);
        painter->save();
        painter->setFont(opt.font);
        painter->setPen(
            opt.palette.color(opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled,
                              opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
        QTextOption textOption(Qt::AlignLeft | Qt::AlignVCenter);
        textOption.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        painter->drawText(QRectF(textRect), QString(text).replace(u'\n', QChar::LineSeparator), textOption);
        painter->restore();
    }

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &index) const override
    {
        if (index.column() != 1)
            return nullptr;
        auto *editor = new QLineEdit(parent);
        editor->setObjectName(u"detailsValueEditor"_s);
        editor->setReadOnly(true);
        editor->setFrame(false);
        return editor;
    }

    void setModelData(QWidget *, QAbstractItemModel *, const QModelIndex &) const override
    {
        // Read-only: the pane shows what the service said.
    }

private:
    // The width the text has in its column: a label's column less its indentation, a value's less its icon.
    int textWidth(const QStyleOptionViewItem &option, const QModelIndex &index) const
    {
        const int margin = 2 * (m_tree->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, &option, m_tree) + 1);
        int width = m_tree->header()->sectionSize(index.column()) - margin;
        if (index.column() == 0) {
            int depth = m_tree->rootIsDecorated() ? 1 : 0;
            for (QModelIndex parent = index.parent(); parent.isValid(); parent = parent.parent())
                ++depth;
            width -= depth * m_tree->indentation();
        }
        if (index.data(Qt::DecorationRole).isValid())
            width -= option.decorationSize.width() + 2 * margin;
        return width;
    }

    QTreeWidget *m_tree;
};

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
    m_fields->setAlternatingRowColors(true);
    // Whole values, wrapped: an elided number or ARN cannot be read or compared.
    m_fields->setTextElideMode(Qt::ElideNone);
    m_fields->setWordWrap(true);
    m_fields->setItemDelegate(new ValueDelegate(m_fields));
    m_fields->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_fields->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // The labels take what they need, up to a share of the list (fitFieldColumn()); the values the rest.
    m_fields->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_fields->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_fields->viewport()->installEventFilter(this);
    // Rows are as tall as their wrapped labels and values: measured again when a column's width changes.
    m_relayoutOnResize
        = connect(m_fields->header(), &QHeaderView::sectionResized, m_fields, [this] { m_fields->doItemsLayout(); });
    m_fields->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *copyValue = new QAction(tr("Copy value"), m_fields);
    copyValue->setShortcut(QKeySequence::Copy);
    copyValue->setShortcutContext(Qt::WidgetShortcut);
    connect(copyValue, &QAction::triggered, this, &DetailsPane::copyCurrentValue);
    m_fields->addAction(copyValue);

    m_copyName = new QPushButton(tr("Copy Name"), this);
    m_copyName->setObjectName(u"copyNameButton"_s);
    m_copyArn = new QPushButton(tr("Copy ARN"), this);
    m_copyArn->setObjectName(u"copyArnButton"_s);
    connect(m_copyName, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_entry.name()); });
    connect(m_copyArn, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_entry.arn()); });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_copyName);
    buttons->addWidget(m_copyArn);
    buttons->addStretch();

    m_tags = new TagEditor(this);
    // The fields above, the tags below; the operator moves the line between them.
    m_split = new QSplitter(Qt::Vertical, this);
    m_split->setObjectName(u"detailsSplitter"_s);
    m_split->setChildrenCollapsible(false);
    m_split->addWidget(m_fields);
    m_split->addWidget(m_tags);
    m_split->setStretchFactor(0, 3);
    m_split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_split, 1);
    layout->addLayout(buttons);
    setSnapshot(SnapshotEntry());
}

DetailsPane::~DetailsPane()
{
    // The children are destroyed after this pane, and resizing them on the way must not call back into it.
    disconnect(m_relayoutOnResize);
    m_fields->viewport()->removeEventFilter(this);
}

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
    setSnapshot(entry, QString());
}

void DetailsPane::setSnapshot(const SnapshotEntry &entry, const QString &connection)
{
    m_tags->setSnapshot(entry);
    // Status polls re-send the same row; rebuilding would lose the scroll position and the current item.
    if (!entry.isNull() && entry == m_entry && connection == m_connection && m_fields->topLevelItemCount() > 0)
        return;
    m_entry = entry;
    m_connection = connection;
    m_fields->clear();
    const auto fitted = qScopeGuard([this] { fitFieldColumn(); });
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
        item->setFlags(item->flags() | Qt::ItemIsEditable); // for selecting part of the value (read-only)
        return item;
    };
    add(nullptr, tr("Name"), entry.name());
    add(nullptr, tr("Connection"), connection);
    QTreeWidgetItem *status = add(nullptr, tr("Status"), entry.statusText());
    if (status)
        status->setIcon(1, StatusIcons::icon(entry.status()));
    add(nullptr, tr("Kind"), SnapshotEntry::kindName(entry.kind()));
    add(nullptr, tr("Source"), SnapshotEntry::sourceName(entry.source()));
    add(nullptr, tr("ARN"), entry.arn());
    add(nullptr, tr("Created"), instant(entry.created()));
    add(nullptr, tr("Size"), dataSize(entry.sizeBytes()));
    add(nullptr, tr("KMS key"), entry.kmsKeyId());
    add(nullptr, tr("Expires"), instant(entry.expiry()));

    if (const auto s = entry.serverlessSnapshot()) {
        add(nullptr, tr("Serverless cache"), entry.serverlessCache());
        add(nullptr, tr("Engine"), entry.engineAndVersion());
        add(nullptr, tr("Snapshot type"), s->snapshotType);
        add(nullptr, tr("Bytes used for cache"), s->bytesUsedForCache);
        return;
    }
    const auto s = entry.nodeSnapshot();
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
            // The service writes "21248 MB" (binary megabytes); shown in the total's style.
            const qint64 shardBytes = parseCacheSize(node.cacheSize);
            const QString shardSize = shardBytes >= 0 ? dataSize(shardBytes) : node.cacheSize;
            if (!node.cacheSize.isEmpty())
                summary.append(shardBytes >= 0 ? cacheSizeText(shardBytes, QLocale()) : node.cacheSize);
            if (node.nodeGroupConfiguration && !node.nodeGroupConfiguration->slots.isEmpty())
                summary.append(tr("slots %1").arg(node.nodeGroupConfiguration->slots));
            item->setText(1, summary.join(u"  ·  "));
            add(item, tr("Cache cluster"), node.cacheClusterId);
            add(item, tr("Cache node"), node.cacheNodeId);
            add(item, tr("Size"), shardSize);
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

bool DetailsPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_fields->viewport() && event->type() == QEvent::Resize)
        fitFieldColumn();
    return QWidget::eventFilter(watched, event);
}

// A label column as wide as its longest label showed "automatic.prod-…" in four lines of 120 px beside labels
// of 195 px in a pane of 340 px: the labels now wrap past two fifths of the list.
void DetailsPane::fitFieldColumn()
{
    QHeaderView *header = m_fields->header();
    const int share = int(m_fields->viewport()->width() * kLabelShare);
    // At least as wide as its heading ("Field"), also with no snapshot shown.
    const int wanted
        = std::max(static_cast<QAbstractItemView *>(m_fields)->sizeHintForColumn(0), header->sectionSizeHint(0));
    const int width = std::max(std::min(wanted, share), header->minimumSectionSize());
    if (header->sectionSize(0) != width)
        header->resizeSection(0, width);
}

TagEditor *DetailsPane::tagEditor() const
{
    return m_tags;
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
