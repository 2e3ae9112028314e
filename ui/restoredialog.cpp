// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "restoredialog.h"

#include "ec2client.h"
#include "elasticacheclient.h"
#include "s3client.h"
#include "snapshotnames.h"

#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;
using RestorePlan::Input;
using RestorePlan::Origin;
using RestorePlan::Target;

namespace {

constexpr int kFamilyRole = Qt::UserRole + 1;
constexpr int kArnRole = Qt::UserRole + 2;
constexpr int kVpcRole = Qt::UserRole + 3;
// A bucket listing shows at most this many .rdb objects; a prefix narrows it.
constexpr int kMaxListedObjects = 1000;

QString targetName(Target target)
{
    switch (target) {
    case Target::ReplicationGroup:
        return RestoreDialog::tr("Replication group");
    case Target::CacheCluster:
        return RestoreDialog::tr("Single-node cluster");
    case Target::ServerlessCache:
        return RestoreDialog::tr("Serverless cache");
    }
    return QString();
}

// The partition of a region, for the ARNs of the objects picked from a listing.
QString partitionOf(const QString &region)
{
    if (region.startsWith(u"cn-"_s))
        return u"aws-cn"_s;
    if (region.startsWith(u"us-gov-"_s))
        return u"aws-us-gov"_s;
    return u"aws"_s;
}

void setItemEnabled(QComboBox *combo, int index, bool enabled, const QString &toolTip)
{
    auto *model = qobject_cast<QStandardItemModel *>(combo->model());
    if (!model)
        return;
    QStandardItem *item = model->item(index);
    item->setEnabled(enabled);
    item->setToolTip(toolTip);
}

// Selects the item whose data is value; adds it (shown as text) when the list does not have it.
void selectData(QComboBox *combo, const QString &value, const QString &text = QString())
{
    int index = combo->findData(value);
    if (index < 0) {
        combo->addItem(text.isEmpty() ? value : text, value);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(index);
}

} // namespace

RestoreDialog::RestoreDialog(const SnapshotEntry &snapshot, QWidget *parent)
    : QDialog(parent)
    , m_snapshot(snapshot)
{
    setObjectName(u"restoreDialog"_s);
    setWindowTitle(tr("Restore into a new cache"));
    if (const auto node = m_snapshot.nodeSnapshot())
        m_snapshotSource = RestorePlan::fromSnapshot(*node);
    else if (const auto serverless = m_snapshot.serverlessSnapshot())
        m_snapshotSource = RestorePlan::fromServerlessSnapshot(*serverless);

    // Everything but the buttons scrolls: the dialog fits a small screen whatever the reasons shown take.
    auto *content = new QWidget(this);
    content->setObjectName(u"restoreContent"_s);
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 6, 0);
    buildSourceBox(content);
    buildForm(content);
    contentLayout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(u"restoreScroll"_s);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_validation = new QLabel(this);
    m_validation->setObjectName(u"validation"_s);
    m_validation->setWordWrap(true);
    m_validation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    DialogUtil::styleAsError(m_validation);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton *restore = m_buttons->button(QDialogButtonBox::Ok);
    restore->setText(tr("&Restore"));
    restore->setObjectName(u"restoreButton"_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        validate();
        if (isValid() && !m_request.submit(this, m_buttons, requestKey()))
            accept();
        else
            updateEnabled();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_validation);
    layout->addWidget(m_buttons);

    // Keyboard order: the source, then the form top to bottom, then the buttons.
    QWidget *previous = m_fromSnapshot;
    for (QWidget *next : std::initializer_list<QWidget *> {m_fromObjects,
                                                           m_bucket,
                                                           m_listObjects,
                                                           m_objectList,
                                                           m_objectArns,
                                                           m_target,
                                                           m_name,
                                                           m_description,
                                                           m_engine,
                                                           m_engineVersion,
                                                           m_nodeType,
                                                           m_clusterMode,
                                                           m_shards,
                                                           m_replicas,
                                                           m_port,
                                                           m_parameterGroup,
                                                           m_subnetGroup,
                                                           m_securityGroupList,
                                                           m_securityGroupIds,
                                                           restore,
                                                           m_buttons->button(QDialogButtonBox::Cancel)}) {
        setTabOrder(previous, next);
        previous = next;
    }

    const bool haveSnapshot = !m_snapshot.isNull();
    m_fromSnapshot->setVisible(haveSnapshot);
    {
        const QSignalBlocker blocker(m_fromSnapshot);
        (haveSnapshot ? m_fromSnapshot : m_fromObjects)->setChecked(true);
    }
    originChanged();

    // A field reached by its mnemonic (or clicked) below the fold scrolls into view, as Tab does.
    connect(qApp, &QApplication::focusChanged, scroll, [scroll, content](QWidget *, QWidget *now) {
        if (now && content->isAncestorOf(now))
            scroll->ensureWidgetVisible(now, 10, 10);
    });

    // Wide enough for the reasons to wrap in few lines; as tall as the content, within the screen.
    DialogUtil::resizeWithinScreen(this, QSize(720, 760));
}

RestoreDialog::~RestoreDialog() = default;

void RestoreDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    // As tall as the content at this width (the reasons wrap), within the screen; measured once laid out.
    if (!m_fitted) {
        m_fitted = true;
        QTimer::singleShot(0, this, [this] { fitToContent(FitMode::GrowOrShrink); });
    }
    // The name for a snapshot; for objects the bucket to list, or the ARNs to paste without an S3 client.
    QWidget *first = !m_snapshot.isNull() ? static_cast<QWidget *>(m_name)
        : m_bucket->isEnabled()           ? static_cast<QWidget *>(m_bucket)
                                          : m_objectArns;
    first->setFocus();
}

void RestoreDialog::buildSourceBox(QWidget *content)
{
    auto *box = new QGroupBox(tr("Restore from"), content);
    box->setObjectName(u"sourceBox"_s);
    auto *layout = new QVBoxLayout(box);

    QString snapshotText;
    if (!m_snapshot.isNull()) {
        QStringList facts {RestorePlan::engineName(m_snapshot.engine()) + u' ' + m_snapshot.engineVersion()};
        if (!m_snapshot.nodeType().isEmpty())
            facts << m_snapshot.nodeType();
        if (m_snapshot.kind() == SnapshotEntry::Kind::NodeBased) {
            facts << (m_snapshotSource.clusterMode
                          ? (m_snapshotSource.shards == 1
                                 ? tr("cluster mode enabled, 1 shard")
                                 : tr("cluster mode enabled, %1 shards").arg(m_snapshotSource.shards))
                          : tr("cluster mode disabled"));
            if (m_snapshotSource.dataTiering)
                facts << tr("data tiering");
        } else {
            facts << tr("serverless");
        }
        snapshotText = tr("&Snapshot %1 (%2)").arg(m_snapshot.name(), facts.join(u", "_s));
    }
    m_fromSnapshot = new QRadioButton(snapshotText, box);
    m_fromSnapshot->setObjectName(u"fromSnapshot"_s);
    m_fromObjects = new QRadioButton(tr("Exported .rdb objects in S&3 (an export, or objects copied from another "
                                        "region)"),
                                     box);
    m_fromObjects->setObjectName(u"fromObjects"_s);
    auto *origins = new QButtonGroup(box);
    origins->addButton(m_fromSnapshot);
    origins->addButton(m_fromObjects);
    layout->addWidget(m_fromSnapshot);
    layout->addWidget(m_fromObjects);

    m_objectsPanel = new QWidget(box);
    m_objectsPanel->setObjectName(u"objectsPanel"_s);
    auto *panel = new QVBoxLayout(m_objectsPanel);
    panel->setContentsMargins(20, 0, 0, 0);
    auto *bucketRow = new QHBoxLayout;
    auto *bucketLabel = new QLabel(tr("&Bucket:"), m_objectsPanel);
    m_bucket = new QLineEdit(m_objectsPanel);
    m_bucket->setObjectName(u"bucket"_s);
    m_bucket->setPlaceholderText(tr("bucket, or bucket/prefix"));
    bucketLabel->setBuddy(m_bucket);
    m_listObjects = new QPushButton(tr("&List .rdb objects"), m_objectsPanel);
    m_listObjects->setObjectName(u"listObjects"_s);
    m_listObjects->setAutoDefault(false);
    bucketRow->addWidget(bucketLabel);
    bucketRow->addWidget(m_bucket, 1);
    bucketRow->addWidget(m_listObjects);
    panel->addLayout(bucketRow);
    m_objectList = new QListWidget(m_objectsPanel);
    m_objectList->setObjectName(u"objectList"_s);
    m_objectList->setAccessibleName(tr("The bucket's .rdb objects; tick the ones to restore"));
    m_objectList->setUniformItemSizes(true);
    m_objectList->setMaximumHeight(m_objectList->fontMetrics().height() * 6 + 8);
    m_objectList->setVisible(false);
    panel->addWidget(m_objectList);
    m_objectsStatus = new QLabel(m_objectsPanel);
    m_objectsStatus->setObjectName(u"objectsStatus"_s);
    m_objectsStatus->setWordWrap(true);
    m_objectsStatus->setVisible(false);
    panel->addWidget(m_objectsStatus);
    auto *pasteLabel
        = new QLabel(tr("Or paste object &ARNs, one a line (arn:aws:s3:::bucket/key.rdb):"), m_objectsPanel);
    m_objectArns = new QPlainTextEdit(m_objectsPanel);
    m_objectArns->setObjectName(u"objectArns"_s);
    m_objectArns->setTabChangesFocus(true);
    m_objectArns->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_objectArns->setFixedHeight(m_objectArns->fontMetrics().height() * 3 + 12);
    pasteLabel->setBuddy(m_objectArns);
    panel->addWidget(pasteLabel);
    panel->addWidget(m_objectArns);
    m_rows.insert(int(Input::Objects), m_objectsPanel);
    QLabel *reason = addReason(Input::Objects);
    reason->setParent(m_objectsPanel);
    panel->addWidget(reason);
    layout->addWidget(m_objectsPanel);
    qobject_cast<QVBoxLayout *>(content->layout())->addWidget(box);

    connect(m_fromSnapshot, &QRadioButton::toggled, this, [this] { originChanged(); });
    connect(m_listObjects, &QPushButton::clicked, this, &RestoreDialog::listObjects);
    connect(m_bucket, &QLineEdit::returnPressed, this, &RestoreDialog::listObjects);
    connect(m_objectList, &QListWidget::itemChanged, this, [this] {
        if (!m_filling)
            targetChanged();
    });
    connect(m_objectArns, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_filling)
            targetChanged();
    });
}

QLabel *RestoreDialog::addReason(Input field)
{
    auto *label = new QLabel(this);
    label->setObjectName(u"reason%1"_s.arg(int(field)));
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setVisible(false);
    m_reasons.insert(int(field), label);
    return label;
}

void RestoreDialog::buildForm(QWidget *content)
{
    auto *box = new QGroupBox(tr("New cache"), content);
    box->setObjectName(u"targetBox"_s);
    m_form = new QFormLayout(box);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    // One row per field: the input, and under it the reason the service would refuse it (or a note).
    const auto row = [this, box](Input field, const QString &label, QWidget *input, const QString &name) {
        input->setObjectName(name);
        auto *cell = new QWidget(box);
        cell->setObjectName(name + u"Row"_s);
        auto *v = new QVBoxLayout(cell);
        v->setContentsMargins(0, 0, 0, 0);
        v->setSpacing(2);
        v->addWidget(input);
        QLabel *reason = addReason(field);
        reason->setParent(cell);
        reason->setObjectName(name + u"Reason"_s);
        v->addWidget(reason);
        cell->setFocusProxy(input);
        m_form->addRow(label, cell);
        // The mnemonic focuses the input itself (a label gives focus only to a buddy that takes it).
        qobject_cast<QLabel *>(m_form->labelForField(cell))->setBuddy(input);
        m_rows.insert(int(field), cell);
    };

    m_target = new QComboBox(box);
    row(Input::Target, tr("Restore &into:"), m_target, u"target"_s);
    m_name = new QLineEdit(box);
    row(Input::Name, tr("&Name:"), m_name, u"name"_s);
    m_description = new QLineEdit(box);
    row(Input::Description, tr("D&escription:"), m_description, u"description"_s);
    m_engine = new QComboBox(box);
    for (const QString &engine : {u"valkey"_s, u"redis"_s, u"memcached"_s})
        m_engine->addItem(RestorePlan::engineName(engine), engine);
    row(Input::Engine, tr("En&gine:"), m_engine, u"engine"_s);
    m_engineVersion = new QComboBox(box);
    row(Input::EngineVersion, tr("Engine &version:"), m_engineVersion, u"engineVersion"_s);
    m_nodeType = new QComboBox(box);
    m_nodeType->setEditable(true);
    m_nodeType->setInsertPolicy(QComboBox::NoInsert);
    row(Input::NodeType, tr("Node &type:"), m_nodeType, u"nodeType"_s);
    m_clusterMode = new QCheckBox(tr("Cluster mode enabled (sharded)"), box);
    row(Input::ClusterMode, tr("&Cluster mode:"), m_clusterMode, u"clusterMode"_s);
    m_shards = new QSpinBox(box);
    m_shards->setRange(1, 500);
    row(Input::Shards, tr("S&hards:"), m_shards, u"shards"_s);
    m_replicas = new QSpinBox(box);
    m_replicas->setRange(0, 5);
    m_replicas->setSuffix(tr(" per shard"));
    row(Input::Replicas, tr("Re&plicas:"), m_replicas, u"replicas"_s);
    m_port = new QSpinBox(box);
    m_port->setRange(1, 65535);
    m_port->setGroupSeparatorShown(false);
    row(Input::Port, tr("P&ort:"), m_port, u"port"_s);
    m_parameterGroup = new QComboBox(box);
    row(Input::ParameterGroup, tr("Para&meter group:"), m_parameterGroup, u"parameterGroup"_s);
    m_subnetGroup = new QComboBox(box);
    row(Input::SubnetGroup, tr("S&ubnet group:"), m_subnetGroup, u"subnetGroup"_s);

    auto *securityCell = new QWidget(box);
    securityCell->setObjectName(u"securityGroupsCell"_s);
    auto *security = new QVBoxLayout(securityCell);
    security->setContentsMargins(0, 0, 0, 0);
    security->setSpacing(2);
    m_securityGroupList = new QListWidget(securityCell);
    m_securityGroupList->setObjectName(u"securityGroupList"_s);
    m_securityGroupList->setAccessibleName(tr("Security groups of the subnet group's VPC; tick the ones to use"));
    m_securityGroupList->setMaximumHeight(m_securityGroupList->fontMetrics().height() * 4 + 8);
    m_securityGroupList->setVisible(false);
    m_securityGroupIds = new QLineEdit(securityCell);
    m_securityGroupIds->setObjectName(u"securityGroupIds"_s);
    m_securityGroupIds->setPlaceholderText(tr("sg-…, sg-… (empty: the VPC's default group)"));
    m_securityGroupsStatus = new QLabel(securityCell);
    m_securityGroupsStatus->setObjectName(u"securityGroupsStatus"_s);
    m_securityGroupsStatus->setWordWrap(true);
    security->addWidget(m_securityGroupList);
    security->addWidget(m_securityGroupIds);
    security->addWidget(m_securityGroupsStatus);
    row(Input::SecurityGroups, tr("Securit&y groups:"), securityCell, u"securityGroups"_s);
    showSecurityGroupIds(true);
    qobject_cast<QVBoxLayout *>(content->layout())->addWidget(box);

    for (const QString &type : RestorePlan::knownNodeTypes())
        m_nodeType->addItem(type);

    const auto changed = [this] {
        if (!m_filling)
            validate();
    };
    connect(m_target, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling)
            targetChanged();
    });
    connect(m_name, &QLineEdit::textEdited, this, [this] { m_name->setProperty("edited", true); });
    connect(m_description, &QLineEdit::textEdited, this, [this] { m_description->setProperty("edited", true); });
    connect(m_name, &QLineEdit::textChanged, this, changed);
    connect(m_description, &QLineEdit::textChanged, this, changed);
    connect(m_engine, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling)
            engineChanged();
    });
    connect(m_engineVersion, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling)
            engineVersionChanged();
    });
    connect(m_nodeType, &QComboBox::currentTextChanged, this, changed);
    connect(m_clusterMode, &QCheckBox::toggled, this, [this](bool on) {
        if (!m_filling)
            clusterModeToggled(on);
    });
    connect(m_shards, &QSpinBox::valueChanged, this, changed);
    connect(m_replicas, &QSpinBox::valueChanged, this, changed);
    connect(m_port, &QSpinBox::valueChanged, this, changed);
    connect(m_parameterGroup, &QComboBox::currentIndexChanged, this, changed);
    connect(m_subnetGroup, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling)
            subnetGroupChanged();
    });
    connect(m_securityGroupList, &QListWidget::itemChanged, this, changed);
    connect(m_securityGroupIds, &QLineEdit::textChanged, this, changed);
}

Origin RestoreDialog::origin() const
{
    if (m_fromSnapshot->isChecked() && !m_snapshot.isNull())
        return m_snapshotSource.origin;
    return Origin::S3Objects;
}

RestorePlan::Source RestoreDialog::source() const
{
    RestorePlan::Source s;
    if (origin() != Origin::S3Objects) {
        s = m_snapshotSource;
    } else {
        QStringList arns;
        for (int i = 0; i < m_objectList->count(); ++i) {
            const QListWidgetItem *item = m_objectList->item(i);
            if (item->checkState() == Qt::Checked)
                arns << item->data(kArnRole).toString();
        }
        const QStringList pasted = m_objectArns->toPlainText().split(u'\n');
        for (const QString &line : pasted) {
            if (!line.trimmed().isEmpty())
                arns << line.trimmed();
        }
        s = RestorePlan::fromObjects(arns, m_engine->currentData().toString());
    }
    s.databases = m_databases;
    return s;
}

RestorePlan::Choice RestoreDialog::choice() const
{
    RestorePlan::Choice c;
    c.target = Target(m_target->currentData().toInt());
    c.name = m_name->text().trimmed();
    c.description = m_description->text();
    c.engine = m_engine->currentData().toString();
    c.engineVersion = m_engineVersion->currentData().toString();
    c.engineFamily = m_engineVersion->currentData(kFamilyRole).toString();
    if (c.engineFamily.isEmpty() && !c.engineVersion.isEmpty() && c.target != Target::ServerlessCache)
        c.engineFamily = RestorePlan::parameterGroupFamily(c.engine, c.engineVersion);
    if (c.target == Target::ServerlessCache) {
        if (m_subnetGroups) {
            const QString name = m_subnetGroup->currentData().toString();
            for (const CacheSubnetGroup &group : *m_subnetGroups) {
                if (group.cacheSubnetGroupName == name) {
                    for (const Subnet &subnet : group.subnets)
                        c.subnetIds << subnet.subnetIdentifier;
                }
            }
        }
    } else {
        c.nodeType = m_nodeType->currentText().trimmed();
        c.clusterMode = c.target == Target::ReplicationGroup && m_clusterMode->isChecked();
        c.shards = c.clusterMode ? m_shards->value() : 1;
        c.replicas = c.target == Target::ReplicationGroup ? m_replicas->value() : 0;
        c.port = m_port->value();
        c.parameterGroup = m_parameterGroup->currentData().toString();
        c.parameterGroupFamily = m_parameterGroup->currentData(kFamilyRole).toString();
        c.subnetGroup = m_subnetGroup->currentData().toString();
    }
    if (m_securityGroupIds->isHidden()) {
        for (int i = 0; i < m_securityGroupList->count(); ++i) {
            const QListWidgetItem *item = m_securityGroupList->item(i);
            if (item->checkState() == Qt::Checked)
                c.securityGroupIds << item->data(Qt::UserRole).toString();
        }
    } else {
        const QStringList typed = m_securityGroupIds->text().split(u',', Qt::SkipEmptyParts);
        for (const QString &id : typed) {
            if (!id.trimmed().isEmpty())
                c.securityGroupIds << id.trimmed();
        }
    }
    return c;
}

QList<RestorePlan::Issue> RestoreDialog::issues() const
{
    return m_issues;
}

bool RestoreDialog::isValid() const
{
    return RestorePlan::allows(m_issues);
}

QString RestoreDialog::reasonFor(Input field) const
{
    const QLabel *label = m_reasons.value(int(field));
    return label && !label->isHidden() ? label->text() : QString();
}

QWidget *RestoreDialog::fieldWidget(Input field) const
{
    switch (field) {
    case Input::Target:
        return m_target;
    case Input::Objects:
        return m_objectArns;
    case Input::Name:
        return m_name;
    case Input::Description:
        return m_description;
    case Input::Engine:
        return m_engine;
    case Input::EngineVersion:
        return m_engineVersion;
    case Input::NodeType:
        return m_nodeType;
    case Input::ClusterMode:
        return m_clusterMode;
    case Input::Shards:
        return m_shards;
    case Input::Replicas:
        return m_replicas;
    case Input::Port:
        return m_port;
    case Input::ParameterGroup:
        return m_parameterGroup;
    case Input::SubnetGroup:
        return m_subnetGroup;
    case Input::SecurityGroups:
        return m_securityGroupIds->isHidden() ? static_cast<QWidget *>(m_securityGroupList) : m_securityGroupIds;
    }
    return nullptr;
}

void RestoreDialog::setExistingNames(Target target, const QSet<QString> &names)
{
    m_existing.insert(int(target), names);
    if (!m_name->property("edited").toBool()
        && m_existing.value(int(choice().target)).contains(m_name->text().toLower())) {
        const QString name
            = RestorePlan::defaults(source(), choice().target, m_existing.value(int(choice().target))).name;
        const QSignalBlocker blocker(m_name);
        m_name->setText(name);
    }
    validate();
}

void RestoreDialog::originChanged()
{
    m_objectsPanel->setVisible(origin() == Origin::S3Objects);
    applyDefaults();
    // The objects panel needs room: grow (never shrink under the operator's hands) once it is laid out.
    if (isVisible())
        QTimer::singleShot(0, this, [this] { fitToContent(FitMode::GrowOnly); });
}

void RestoreDialog::fitToContent(FitMode mode)
{
    auto *scroll = findChild<QScrollArea *>(u"restoreScroll"_s);
    QWidget *content = scroll->widget();
    const int contentHeight = content->layout()->totalHeightForWidth(scroll->viewport()->width());
    const int wanted = this->height() - scroll->viewport()->height() + contentHeight;
    const int height = DialogUtil::boundedToScreen(this, QSize(width(), wanted)).height();
    if (height > this->height() || (mode == FitMode::GrowOrShrink && height < this->height()))
        resize(width(), height);
}

// The fields from the source's defaults for the target chosen; a name or description the operator typed stays.
void RestoreDialog::applyDefaults()
{
    m_filling = true;
    const RestorePlan::Source s = source();
    fillTargets();
    const Target target = Target(m_target->currentData().toInt());
    const RestorePlan::Choice d = RestorePlan::defaults(s, target, m_existing.value(int(target)));
    if (!m_name->property("edited").toBool())
        m_name->setText(d.name);
    if (!m_description->property("edited").toBool())
        m_description->setText(d.description);
    m_engine->setCurrentIndex(std::max(0, m_engine->findData(d.engine)));
    // A snapshot restores into its own engine; objects into the one the operator names.
    m_engine->setEnabled(s.origin == Origin::S3Objects);
    m_engine->setToolTip(s.origin == Origin::S3Objects ? tr("The engine that wrote the .rdb objects, or a newer one")
                                                       : tr("A snapshot restores into its own engine"));
    m_nodeType->clear();
    for (const QString &type : RestorePlan::knownNodeTypes()) {
        if (!s.dataTiering || RestorePlan::isDataTieringNodeType(type))
            m_nodeType->addItem(type);
    }
    m_nodeType->setCurrentText(d.nodeType.isEmpty() ? u"cache.r7g.large"_s : d.nodeType);
    m_clusterMode->setChecked(d.clusterMode);
    setShards(d.shards);
    m_replicas->setValue(d.replicas);
    m_port->setValue(d.port.value_or(6379));
    m_filling = false;
    if (s.origin == Origin::S3Objects || !m_engineVersions.contains(d.engine))
        listEngineVersions(d.engine);
    fillEngineVersions();
    fillParameterGroups();
    // The group kept from the previous origin may have the other cluster mode (a cluster-mode snapshot's group when
    // objects start without cluster mode): the family's default for the mode shown takes its place.
    switchParameterGroup(m_clusterMode->isChecked());
    fillSubnetGroups();
    targetChanged();
}

void RestoreDialog::fillTargets()
{
    const RestorePlan::Source s = source();
    const Target current = m_target->count() ? Target(m_target->currentData().toInt()) : RestorePlan::defaultTarget(s);
    const bool filling = m_filling;
    m_filling = true;
    m_target->clear();
    QStringList unavailable;
    int select = -1;
    int firstEnabled = -1;
    for (const Target target : RestorePlan::targetsFor(s.origin)) {
        m_target->addItem(targetName(target), int(target));
        const QString why = RestorePlan::targetRefusal(s, target);
        setItemEnabled(m_target, m_target->count() - 1, why.isEmpty(), why);
        if (!why.isEmpty()) {
            unavailable << tr("%1: %2").arg(targetName(target), why);
            continue;
        }
        if (firstEnabled < 0)
            firstEnabled = m_target->count() - 1;
        if (target == current)
            select = m_target->count() - 1;
    }
    m_target->setCurrentIndex(select >= 0 ? select : std::max(0, firstEnabled));
    m_target->setProperty("unavailable", unavailable.join(u'\n'));
    m_filling = filling;
}

void RestoreDialog::targetChanged()
{
    const RestorePlan::Source s = source();
    // Objects added or removed may change what can be created (one object only for a single-node cluster).
    fillTargets();
    const Target target = Target(m_target->currentData().toInt());
    const bool nodeBased = target != Target::ServerlessCache;
    m_form->setRowVisible(m_rows.value(int(Input::Description)), target != Target::CacheCluster);
    for (const Input field :
         {Input::NodeType, Input::ClusterMode, Input::Shards, Input::Replicas, Input::Port, Input::ParameterGroup})
        m_form->setRowVisible(m_rows.value(int(field)), nodeBased);
    if (QLabel *label = qobject_cast<QLabel *>(m_form->labelForField(m_rows.value(int(Input::SubnetGroup)))))
        label->setText(nodeBased ? tr("S&ubnet group:") : tr("S&ubnets from:"));

    m_filling = true;
    const RestorePlan::Choice d = RestorePlan::defaults(s, target, m_existing.value(int(target)));
    if (!m_name->property("edited").toBool())
        m_name->setText(d.name);
    if (!m_description->property("edited").toBool())
        m_description->setText(d.description);
    if (target == Target::CacheCluster) {
        m_clusterMode->setChecked(false);
        setShards(1);
        m_replicas->setValue(0);
    } else if (target == Target::ReplicationGroup) {
        const RestorePlan::Choice c = choice();
        // Cluster mode on where it cannot be off (a cluster-mode snapshot, several objects).
        if (!c.clusterMode && !RestorePlan::clusterModeRefusal(s, c, false).isEmpty()) {
            m_clusterMode->setChecked(true);
            switchParameterGroup(true);
        }
        // One shard per object, until the operator sets a number of their own.
        if (m_clusterMode->isChecked() && m_shards->value() == m_autoShards)
            setShards(std::max(1, d.shards));
    }
    m_filling = false;
    fillEngineVersions();
    fillParameterGroups();
    validate();
}

void RestoreDialog::engineChanged()
{
    listEngineVersions(m_engine->currentData().toString());
    fillEngineVersions();
    fillParameterGroups();
    validate();
}

void RestoreDialog::engineVersionChanged()
{
    fillParameterGroups();
    validate();
}

void RestoreDialog::clusterModeToggled(bool on)
{
    m_filling = true;
    // A group known to have the other cluster mode (a default one, or the snapshot's own) gives way to the family's
    // default for the new mode: default.redis7 ↔ default.redis7.cluster.on. Every family has both, listed or not.
    switchParameterGroup(on);
    if (!on)
        setShards(1);
    else if (m_shards->value() < 2 && m_snapshotSource.shards > 1 && origin() != Origin::S3Objects)
        setShards(m_snapshotSource.shards);
    m_filling = false;
    validate();
}

void RestoreDialog::switchParameterGroup(bool clusterMode)
{
    const RestorePlan::Source s = source();
    const QString group = m_parameterGroup->currentData().toString();
    const QString family = selectedFamily();
    const std::optional<bool> groupMode = RestorePlan::groupClusterMode(s, group);
    if (!groupMode || *groupMode == clusterMode || family.isEmpty())
        return;
    // Back to the snapshot's own group where it fits, else the family's default for the mode.
    const bool snapshotGroupFits = s.origin == Origin::NodeSnapshot && !s.parameterGroup.isEmpty()
        && RestorePlan::groupClusterMode(s, s.parameterGroup) == std::optional<bool>(clusterMode)
        && RestorePlan::parameterGroupFamily(s.engine, s.engineVersion) == family;
    selectData(m_parameterGroup,
               snapshotGroupFits ? s.parameterGroup : RestorePlan::defaultParameterGroup(family, clusterMode));
}

void RestoreDialog::setShards(int shards)
{
    const bool filling = m_filling;
    m_filling = true;
    m_shards->setValue(shards);
    m_autoShards = m_shards->value();
    m_filling = filling;
}

void RestoreDialog::subnetGroupChanged()
{
    listSecurityGroups();
    validate();
}

QString RestoreDialog::selectedFamily() const
{
    const QString family = m_engineVersion->currentData(kFamilyRole).toString();
    if (!family.isEmpty())
        return family;
    return RestorePlan::parameterGroupFamily(m_engine->currentData().toString(),
                                             m_engineVersion->currentData().toString());
}

void RestoreDialog::fillEngineVersions()
{
    const RestorePlan::Source s = source();
    const Target target = Target(m_target->currentData().toInt());
    const QString engine = m_engine->currentData().toString();
    const QString current = m_engineVersion->currentData().toString();
    const bool filling = m_filling;
    m_filling = true;
    m_engineVersion->clear();
    // The snapshot's version, or a newer one; serverless caches take a major version.
    const bool majors = target == Target::ServerlessCache;
    const QString floor = s.engine == engine ? s.engineVersion : QString();
    if (s.origin == Origin::S3Objects)
        m_engineVersion->addItem(tr("(the service's default)"), QString());
    QStringList seen;
    QList<CacheEngineVersion> versions = m_engineVersions.value(engine);
    std::sort(versions.begin(), versions.end(), [](const CacheEngineVersion &a, const CacheEngineVersion &b) {
        return RestorePlan::compareVersions(a.engineVersion, b.engineVersion) > 0;
    });
    for (const CacheEngineVersion &v : std::as_const(versions)) {
        const QString version = majors ? v.engineVersion.section(u'.', 0, 0) : v.engineVersion;
        if (seen.contains(version) || (!floor.isEmpty() && RestorePlan::compareVersions(version, floor) < 0))
            continue;
        seen << version;
        m_engineVersion->addItem(majors ? tr("%1 %2 (major version)").arg(RestorePlan::engineName(engine), version)
                                        : tr("%1 %2").arg(RestorePlan::engineName(engine), version),
                                 version);
        if (!majors)
            m_engineVersion->setItemData(m_engineVersion->count() - 1, v.cacheParameterGroupFamily, kFamilyRole);
    }
    const QString wanted = !current.isEmpty() && m_engineVersion->findData(current) >= 0 ? current
        : majors                                                                         ? floor.section(u'.', 0, 0)
                                                                                         : floor;
    if (!wanted.isEmpty())
        selectData(m_engineVersion, wanted, tr("%1 %2").arg(RestorePlan::engineName(engine), wanted));
    else
        m_engineVersion->setCurrentIndex(0);
    m_filling = filling;
}

void RestoreDialog::fillParameterGroups()
{
    const QString family = selectedFamily();
    const RestorePlan::Choice c = choice();
    const QString current = m_parameterGroup->currentData().toString();
    const bool filling = m_filling;
    m_filling = true;
    m_parameterGroup->clear();
    m_parameterGroup->addItem(family.isEmpty() ? tr("(the engine's default group)")
                                               : tr("(the default group for %1)").arg(family),
                              QString());
    if (m_parameterGroups) {
        QList<CacheParameterGroup> groups = *m_parameterGroups;
        std::sort(groups.begin(), groups.end(), [](const CacheParameterGroup &a, const CacheParameterGroup &b) {
            return a.cacheParameterGroupName < b.cacheParameterGroupName;
        });
        for (const CacheParameterGroup &group : std::as_const(groups)) {
            // Only the engine version's family: another family's group is refused by the service.
            if (!family.isEmpty() && group.cacheParameterGroupFamily != family)
                continue;
            m_parameterGroup->addItem(group.cacheParameterGroupName, group.cacheParameterGroupName);
            m_parameterGroup->setItemData(m_parameterGroup->count() - 1, group.cacheParameterGroupFamily, kFamilyRole);
            m_parameterGroup->setItemData(m_parameterGroup->count() - 1, group.description, Qt::ToolTipRole);
        }
    }
    // What was chosen, else the snapshot's group if it fits, else the default group that fits cluster mode.
    QString wanted = current;
    if (wanted.isEmpty() || m_parameterGroup->findData(wanted) < 0) {
        const QString snapshotGroup = origin() != Origin::S3Objects ? m_snapshotSource.parameterGroup : QString();
        const QString fitting = RestorePlan::defaultParameterGroup(family, c.clusterMode);
        if (!snapshotGroup.isEmpty() && m_parameterGroup->findData(snapshotGroup) >= 0
            && RestorePlan::groupClusterMode(source(), snapshotGroup).value_or(c.clusterMode) == c.clusterMode)
            wanted = snapshotGroup;
        else if (!m_parameterGroups && !snapshotGroup.isEmpty()
                 && RestorePlan::parameterGroupFamily(m_snapshotSource.engine, m_snapshotSource.engineVersion) == family
                 && RestorePlan::groupClusterMode(source(), snapshotGroup).value_or(c.clusterMode) == c.clusterMode)
            wanted = snapshotGroup; // not listed (yet): the snapshot's group, as it was
        else if (m_parameterGroup->findData(fitting) >= 0)
            wanted = fitting;
        else
            wanted = QString();
    }
    selectData(m_parameterGroup, wanted);
    m_filling = filling;
}

void RestoreDialog::fillSubnetGroups()
{
    const QString current = m_subnetGroup->count() ? m_subnetGroup->currentData().toString()
        : origin() != Origin::S3Objects            ? m_snapshotSource.subnetGroup
                                                   : QString();
    const bool filling = m_filling;
    m_filling = true;
    m_subnetGroup->clear();
    m_subnetGroup->addItem(tr("(the default subnet group)"), QString());
    if (m_subnetGroups) {
        for (const CacheSubnetGroup &group : *m_subnetGroups) {
            const QString subnets
                = group.subnets.size() == 1 ? tr("1 subnet") : tr("%1 subnets").arg(group.subnets.size());
            m_subnetGroup->addItem(tr("%1 (%2, %3)").arg(group.cacheSubnetGroupName, group.vpcId, subnets),
                                   group.cacheSubnetGroupName);
            m_subnetGroup->setItemData(m_subnetGroup->count() - 1, group.vpcId, kVpcRole);
            if (!group.cacheSubnetGroupDescription.isEmpty())
                m_subnetGroup->setItemData(m_subnetGroup->count() - 1, group.cacheSubnetGroupDescription,
                                           Qt::ToolTipRole);
        }
    }
    if (!current.isEmpty())
        selectData(m_subnetGroup, current);
    else
        m_subnetGroup->setCurrentIndex(0);
    m_filling = filling;
    listSecurityGroups();
}

QString RestoreDialog::currentVpc() const
{
    const QString vpc = m_subnetGroup->currentData(kVpcRole).toString();
    if (!vpc.isEmpty())
        return vpc;
    // A group not listed (yet) that the snapshot named: the snapshot's VPC.
    if (origin() != Origin::S3Objects && !m_subnetGroup->currentData().toString().isEmpty()
        && m_subnetGroup->currentData().toString() == m_snapshotSource.subnetGroup)
        return m_snapshotSource.vpcId;
    return QString();
}

void RestoreDialog::setClient(ElastiCacheClient *client)
{
    m_client = client;
    if (!client)
        return;
    listEngineVersions(m_engine->currentData().toString());
    ++m_pendingListings;
    client->describeCacheSubnetGroups({})->onFinished(this, [this](const ApiResult<CacheSubnetGroupMessage> &result) {
        --m_pendingListings;
        if (result) {
            m_subnetGroups = result.value().cacheSubnetGroups;
            m_subnetGroupsError.clear();
        } else {
            m_subnetGroupsError = tr("Subnet groups could not be listed: %1").arg(result.error().toString());
        }
        fillSubnetGroups();
        validate();
        if (m_pendingListings == 0)
            Q_EMIT accountListed();
    });
    ++m_pendingListings;
    client->describeCacheParameterGroups({})->onFinished(
        this, [this](const ApiResult<CacheParameterGroupsMessage> &result) {
            --m_pendingListings;
            if (result) {
                m_parameterGroups = result.value().cacheParameterGroups;
                m_parameterGroupsError.clear();
            } else {
                m_parameterGroupsError = tr("Parameter groups could not be listed: %1").arg(result.error().toString());
            }
            fillParameterGroups();
            validate();
            if (m_pendingListings == 0)
                Q_EMIT accountListed();
        });
}

void RestoreDialog::listEngineVersions(const QString &engine)
{
    if (!m_client || engine.isEmpty() || m_engineVersionsRequested.contains(engine))
        return;
    m_engineVersionsRequested.insert(engine);
    ++m_pendingListings;
    DescribeCacheEngineVersionsRequest request;
    request.engine = engine;
    m_client->describeCacheEngineVersions(request)->onFinished(
        this, [this, engine](const ApiResult<CacheEngineVersionMessage> &result) {
            --m_pendingListings;
            if (result) {
                m_engineVersions.insert(engine, result.value().cacheEngineVersions);
            } else {
                m_engineVersionsRequested.remove(engine); // asked again when the engine is chosen again
                m_engineVersion->setToolTip(
                    tr("Engine versions could not be listed: %1").arg(result.error().toString()));
            }
            if (m_engine->currentData().toString() == engine) {
                fillEngineVersions();
                fillParameterGroups();
                validate();
            }
            if (m_pendingListings == 0)
                Q_EMIT accountListed();
        });
}

bool RestoreDialog::isLoading() const
{
    return m_pendingListings > 0;
}

void RestoreDialog::setS3Client(S3Client *s3)
{
    m_s3 = s3;
    updateEnabled();
}

void RestoreDialog::setSecurityGroupSource(SecurityGroupSource source, const QString &unavailableReason)
{
    m_securityGroups = std::move(source);
    m_securityGroupsUnavailable = unavailableReason;
    m_securityGroupsVpc.clear();
    listSecurityGroups();
}

// Either the VPC's groups to tick, or (no listing) a field for their IDs; the label's mnemonic goes to the one shown.
void RestoreDialog::showSecurityGroupIds(bool typed)
{
    m_securityGroupIds->setVisible(typed);
    m_securityGroupList->setVisible(!typed);
    QWidget *input = typed ? static_cast<QWidget *>(m_securityGroupIds) : m_securityGroupList;
    QWidget *cell = m_rows.value(int(Input::SecurityGroups));
    cell->setFocusProxy(input);
    if (auto *label = qobject_cast<QLabel *>(m_form->labelForField(cell)))
        label->setBuddy(input);
}

void RestoreDialog::listSecurityGroups()
{
    const QString vpc = currentVpc();
    if (!m_securityGroups) {
        showSecurityGroupIds(true);
        m_securityGroupsStatus->setText(
            m_securityGroupsUnavailable.isEmpty()
                ? tr("Security groups are typed as IDs here: this connection does not list them (no EC2 client).")
                : tr("Security groups are typed as IDs: %1").arg(m_securityGroupsUnavailable));
        return;
    }
    if (vpc == m_securityGroupsVpc && !vpc.isEmpty())
        return;
    m_securityGroupsVpc = vpc;
    // Ticks survive a new listing for the groups still offered.
    QSet<QString> ticked;
    for (int i = 0; i < m_securityGroupList->count(); ++i) {
        if (m_securityGroupList->item(i)->checkState() == Qt::Checked)
            ticked.insert(m_securityGroupList->item(i)->data(Qt::UserRole).toString());
    }
    m_securityGroupList->clear();
    if (vpc.isEmpty()) {
        showSecurityGroupIds(true);
        m_securityGroupsStatus->setText(tr("Choose a subnet group to pick from its VPC's security groups, or type "
                                           "their IDs; none: the default VPC's default security group."));
        validate();
        return;
    }
    m_securityGroupIds->clear();
    showSecurityGroupIds(false);
    m_securityGroupsStatus->setText(tr("Listing the security groups of %1…").arg(vpc));
    m_securityGroups(vpc, this, [this, vpc, ticked](const ApiResult<QList<SecurityGroupChoice>> &result) {
        if (vpc != m_securityGroupsVpc)
            return; // another subnet group was chosen meanwhile
        if (!result) {
            // The IDs can still be typed.
            showSecurityGroupIds(true);
            m_securityGroupsStatus->setText(tr("The security groups of %1 could not be listed (%2); type their IDs, or "
                                               "leave it empty for the VPC's default group.")
                                                .arg(vpc, result.error().toString()));
            m_securityGroupsVpc.clear();
            validate();
            Q_EMIT securityGroupsListed(false);
            return;
        }
        m_filling = true;
        for (const SecurityGroupChoice &group : result.value()) {
            auto *item = new QListWidgetItem(group.name.isEmpty() ? group.id : tr("%1 (%2)").arg(group.id, group.name),
                                             m_securityGroupList);
            item->setData(Qt::UserRole, group.id);
            item->setToolTip(group.description);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(ticked.contains(group.id) ? Qt::Checked : Qt::Unchecked);
        }
        m_filling = false;
        m_securityGroupsStatus->setText(
            result.value().isEmpty() ? tr("%1 has no security groups to pick; the service uses its default.").arg(vpc)
                                     : tr("None ticked: the VPC's default security group is used."));
        validate();
        Q_EMIT securityGroupsListed(true);
    });
}

void RestoreDialog::listObjects()
{
    if (!m_s3)
        return;
    const QString text = m_bucket->text().trimmed();
    const QString bucket = text.section(u'/', 0, 0);
    const QString prefix = text.section(u'/', 1);
    m_objectsStatus->setVisible(true);
    if (const SnapshotNames::Verdict v = SnapshotNames::checkBucketName(bucket); !v.ok) {
        DialogUtil::styleAsError(m_objectsStatus);
        m_objectsStatus->setText(v.reason);
        return;
    }
    m_objectsStatus->setStyleSheet(QString());
    m_objectsStatus->setText(tr("Listing the .rdb objects in %1…").arg(text));
    m_listObjects->setEnabled(false);
    // The ticked objects of another bucket stay chosen (they are in the source's list of ARNs until unticked).
    QStringList keep;
    for (int i = 0; i < m_objectList->count(); ++i) {
        if (m_objectList->item(i)->checkState() == Qt::Checked)
            keep << m_objectList->item(i)->data(kArnRole).toString();
    }
    m_filling = true;
    m_objectList->clear();
    for (const QString &arn : std::as_const(keep)) {
        auto *item = new QListWidgetItem(arn, m_objectList);
        item->setData(kArnRole, arn);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
    m_filling = false;
    m_objectList->setVisible(true);

    S3::ListObjectsV2Request request;
    request.bucket = bucket;
    request.prefix = prefix;
    ListObjectsV2Job *job = m_s3->listObjectsV2(request);
    job->setAccumulate(false);
    const QString partition = partitionOf(m_client ? m_client->config().region : m_s3->config().region);
    auto listed = std::make_shared<int>(0);
    auto truncated = std::make_shared<bool>(false);
    job->onPageReceived(
        this, [this, job, bucket, partition, keep, listed, truncated](const S3::ListObjectsV2Output &page) {
            m_filling = true;
            for (const S3::Object &object : page.contents) {
                if (!object.key.endsWith(u".rdb"_s, Qt::CaseInsensitive))
                    continue;
                const QString arn = RestorePlan::objectArn(bucket, object.key, partition);
                if (keep.contains(arn))
                    continue;
                if (*listed >= kMaxListedObjects) {
                    *truncated = true;
                    break;
                }
                ++*listed;
                auto *item = new QListWidgetItem(
                    object.size ? tr("%1   (%2)").arg(object.key, cacheSizeText(*object.size, QLocale())) : object.key,
                    m_objectList);
                item->setData(kArnRole, arn);
                item->setToolTip(arn);
                item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
                item->setCheckState(Qt::Unchecked);
            }
            m_filling = false;
            if (*truncated) // not from within the job's own signal
                QMetaObject::invokeMethod(
                    job, [job] { job->abort(); }, Qt::QueuedConnection);
        });
    job->onFinished(this, [this, text, listed, truncated](const ApiResult<S3::ListObjectsV2Output> &result) {
        m_listObjects->setEnabled(true);
        if (!result && !*truncated) {
            DialogUtil::styleAsError(m_objectsStatus);
            m_objectsStatus->setText(tr("%1 could not be listed: %2").arg(text, result.error().toString()));
            Q_EMIT objectsListed(false);
            return;
        }
        m_objectsStatus->setText(*truncated ? tr("The first %1 .rdb objects in %2; a prefix (bucket/prefix) narrows "
                                                 "the listing.")
                                                  .arg(kMaxListedObjects)
                                                  .arg(text)
                                     : *listed == 0
                                     ? tr("%1 holds no .rdb objects.").arg(text)
                                     : (*listed == 1 ? tr("1 .rdb object in %1: tick it to restore it.").arg(text)
                                                     : tr("%1 .rdb objects in %2: tick the ones to restore (several: "
                                                          "into one cluster-mode-enabled group).")
                                                           .arg(*listed)
                                                           .arg(text)));
        Q_EMIT objectsListed(true);
    });
}

void RestoreDialog::validate()
{
    if (m_filling)
        return;
    const RestorePlan::Source s = source();
    const RestorePlan::Choice c = choice();
    m_issues = RestorePlan::check(s, c, m_existing.value(int(c.target)));

    // Per field: refusals (red), else notes and why an input is locked (amber).
    QHash<int, QStringList> refusals;
    QHash<int, QStringList> notes;
    for (const RestorePlan::Issue &issue : std::as_const(m_issues))
        (issue.refusal ? refusals : notes)[int(issue.field)] << issue.text;
    const QString unavailable = m_target->property("unavailable").toString();
    if (!unavailable.isEmpty())
        notes[int(Input::Target)] << unavailable;
    if (c.target == Target::ReplicationGroup) {
        const QString locked = RestorePlan::clusterModeRefusal(s, c, !c.clusterMode);
        if (!locked.isEmpty() && !refusals.contains(int(Input::ClusterMode)))
            notes[int(Input::ClusterMode)].prepend(locked);
    } else if (c.target == Target::CacheCluster) {
        notes[int(Input::ClusterMode)] << RestorePlan::clusterModeRefusal(s, c, true);
    }
    if (!m_subnetGroupsError.isEmpty())
        notes[int(Input::SubnetGroup)] << m_subnetGroupsError;
    if (!m_parameterGroupsError.isEmpty())
        notes[int(Input::ParameterGroup)] << m_parameterGroupsError;
    for (auto it = m_reasons.cbegin(); it != m_reasons.cend(); ++it) {
        QLabel *label = it.value();
        const bool refused = refusals.contains(it.key());
        const QStringList texts = refused ? refusals.value(it.key()) : notes.value(it.key());
        if (refused)
            DialogUtil::styleAsError(label);
        else
            DialogUtil::styleAsWarning(label);
        label->setText(texts.join(u'\n'));
        label->setVisible(!texts.isEmpty());
        if (QWidget *field = fieldWidget(Input(it.key())))
            field->setAccessibleDescription(texts.join(u' '));
    }

    const QString failure = m_request.failureFor(requestKey());
    QString message = failure;
    if (message.isEmpty() && !isValid()) {
        const int count = int(refusals.size());
        message = count == 1 ? tr("Restore is off until the field marked in red changes.")
                             : tr("Restore is off until the %1 fields marked in red change.").arg(count);
    }
    m_validation->setText(message);
    m_validation->setVisible(!message.isEmpty());
    updateEnabled();
}

void RestoreDialog::updateEnabled()
{
    const RestorePlan::Choice c = choice();
    const RestorePlan::Source s = source();
    const bool running = m_request.isRunning();
    const bool group = c.target == Target::ReplicationGroup;
    // Cluster mode can be changed only where the service allows the other state, or where the current one is refused.
    const bool canToggle = group
        && (RestorePlan::clusterModeRefusal(s, c, !c.clusterMode).isEmpty()
            || !RestorePlan::clusterModeRefusal(s, c, c.clusterMode).isEmpty());
    m_clusterMode->setEnabled(!running && canToggle);
    m_shards->setEnabled(!running && group && c.clusterMode);
    m_replicas->setEnabled(!running && group);
    m_listObjects->setEnabled(!running && m_s3 != nullptr);
    m_listObjects->setToolTip(m_s3 ? QString() : tr("This connection has no S3 client: paste the objects' ARNs."));
    m_bucket->setEnabled(!running && m_s3 != nullptr);
    // What PendingRequest does not lock (it locks line edits and combo boxes): nothing changes under a request.
    for (QWidget *input : std::initializer_list<QWidget *> {m_fromSnapshot, m_fromObjects, m_objectList, m_objectArns,
                                                            m_port, m_securityGroupList})
        input->setEnabled(!running);
    if (QPushButton *restore = m_buttons->button(QDialogButtonBox::Ok))
        restore->setEnabled(!running && isValid() && !m_request.blocks(requestKey()));
}

QString RestoreDialog::requestKey() const
{
    const RestorePlan::Source s = source();
    const RestorePlan::Choice c = choice();
    return QStringList {QString::number(int(s.origin)),
                        s.snapshotName,
                        s.objectArns.join(u','),
                        QString::number(int(c.target)),
                        c.name.toLower(),
                        c.description,
                        c.engine,
                        c.engineVersion,
                        c.nodeType,
                        QString::number(c.clusterMode),
                        QString::number(c.shards),
                        QString::number(c.replicas),
                        QString::number(c.port.value_or(0)),
                        c.parameterGroup,
                        c.subnetGroup,
                        c.securityGroupIds.join(u',')}
        .join(u'\n');
}

void RestoreDialog::setSubmitHandler(std::function<void()> submit)
{
    m_request.setSubmitHandler(std::move(submit));
}

SecurityGroupSource RestoreDialog::securityGroupsFrom(Ec2Client *ec2)
{
    if (!ec2)
        return nullptr;
    return [client
            = QPointer<Ec2Client>(ec2)](const QString &vpcId, QObject *context,
                                        std::function<void(const ApiResult<QList<SecurityGroupChoice>> &)> done) {
        if (!client) {
            // Not synchronously: the dialog expects its answer on a later turn, as from a job.
            QTimer::singleShot(0, context, [done] {
                done(ApiError::make(ApiError::Kind::Cancelled, u"Cancelled"_s,
                                    tr("The connection's EC2 client is gone (the connection changed).")));
            });
            return;
        }
        Ec2::DescribeSecurityGroupsRequest request;
        Ec2::Filter vpc;
        vpc.name = u"vpc-id"_s;
        vpc.values = QStringList {vpcId};
        request.filters = QList<Ec2::Filter> {vpc};
        client->describeSecurityGroups(request)->onFinished(
            context, [done](const ApiResult<Ec2::DescribeSecurityGroupsResult> &result) {
                if (!result)
                    return done(result.error());
                QList<SecurityGroupChoice> groups;
                for (const Ec2::SecurityGroup &group : result.value().securityGroups)
                    groups.append({group.groupId, group.groupName, group.description});
                std::sort(groups.begin(), groups.end(), [](const SecurityGroupChoice &a, const SecurityGroupChoice &b) {
                    return std::tie(a.name, a.id) < std::tie(b.name, b.id);
                });
                done(groups);
            });
    };
}

RestorePlan::Input RestoreDialog::fieldFor(const ApiError &error)
{
    const QString code = error.code;
    const QString message = error.message.toLower();
    if (code.contains(u"AlreadyExists"_s))
        return Input::Name;
    if (code.startsWith(u"InsufficientCacheClusterCapacity"_s))
        return Input::NodeType;
    if (code.startsWith(u"CacheParameterGroupNotFound"_s))
        return Input::ParameterGroup;
    if (code.startsWith(u"CacheSubnetGroupNotFound"_s) || code.startsWith(u"InvalidVPCNetworkState"_s)
        || code.startsWith(u"InvalidSubnet"_s))
        return Input::SubnetGroup;
    if (code.startsWith(u"NodeQuota"_s) || code.startsWith(u"NodeGroupsPerReplicationGroupQuota"_s))
        return Input::Shards;
    if (code.startsWith(u"SnapshotNotFound"_s) || code.startsWith(u"InvalidSnapshotState"_s))
        return Input::Target;
    if (message.contains(u"database"_s))
        return Input::ClusterMode;
    if (message.contains(u"parameter group"_s))
        return Input::ParameterGroup;
    if (message.contains(u"cluster mode"_s) || message.contains(u"clustermode"_s))
        return Input::ClusterMode;
    if (message.contains(u"s3"_s) || message.contains(u".rdb"_s) || message.contains(u"snapshotarn"_s))
        return Input::Objects;
    if (message.contains(u"node type"_s) || message.contains(u"nodetype"_s) || message.contains(u"tiering"_s))
        return Input::NodeType;
    if (message.contains(u"engine version"_s) || message.contains(u"engineversion"_s))
        return Input::EngineVersion;
    if (message.contains(u"parameter group"_s))
        return Input::ParameterGroup;
    if (message.contains(u"security group"_s))
        return Input::SecurityGroups;
    if (message.contains(u"subnet"_s))
        return Input::SubnetGroup;
    if (message.contains(u"replica"_s))
        return Input::Replicas;
    if (message.contains(u"shard"_s) || message.contains(u"node group"_s) || message.contains(u"numnodegroups"_s))
        return Input::Shards;
    if (message.contains(u"port"_s))
        return Input::Port;
    return Input::Name;
}

QString RestoreDialog::adviceFor(const ApiError &error)
{
    const QString code = error.code;
    if (code.contains(u"AlreadyExists"_s))
        return tr("A cache with this name exists already: choose another name.");
    if (code.startsWith(u"InsufficientCacheClusterCapacity"_s))
        return tr("ElastiCache has no room for this node type in the subnet group's zones now: choose another node "
                  "type, or try again later.");
    if (code.contains(u"QuotaForCustomerExceeded"_s) || code.startsWith(u"NodeQuota"_s)
        || code.startsWith(u"NodeGroupsPerReplicationGroupQuota"_s))
        return tr("The account's quota does not allow this: use fewer shards or replicas, delete an unused cache, or "
                  "ask for a higher quota in Service Quotas.");
    if (code.startsWith(u"CacheParameterGroupNotFound"_s))
        return tr("Choose a parameter group that exists for this engine version.");
    if (code.startsWith(u"CacheSubnetGroupNotFound"_s) || code.startsWith(u"InvalidVPCNetworkState"_s))
        return tr("Choose another subnet group.");
    if (code.startsWith(u"SnapshotNotFound"_s))
        return tr("The snapshot no longer exists.");
    if (code.startsWith(u"InvalidSnapshotState"_s))
        return tr("The snapshot is busy (being created, copied or deleted): try again when it is available.");
    if (error.message.contains(u"database"_s, Qt::CaseInsensitive))
        return tr("The data uses databases other than 0: restore it without cluster mode.");
    return QString();
}

void RestoreDialog::requestFailed(const ApiError &error)
{
    const Input field = fieldFor(error);
    // The service said the data uses several databases: cluster mode is refused from now on, with its reason.
    if (field == Input::ClusterMode && error.message.contains(u"database"_s, Qt::CaseInsensitive))
        m_databases = RestorePlan::Databases::Several;
    const QString change = field == Input::Target ? QString() : tr("Change a field to try again (the one marked).");
    m_request.fail(this, m_buttons, error, DialogUtil::PendingRequest::describe(error, adviceFor(error), change));
    validate();
    if (QWidget *widget = fieldWidget(field); widget && widget->isEnabled()) {
        widget->setFocus();
        if (auto *line = qobject_cast<QLineEdit *>(widget))
            line->selectAll();
    }
}
