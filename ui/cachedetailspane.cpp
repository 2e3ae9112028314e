// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cachedetailspane.h"

#include "cachetablemodel.h"
#include "dialogutil.h"
#include "tagcache.h"
#include "tageditor.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QString when(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(u"yyyy-MM-dd HH:mm") : QString();
}

void clearForm(QFormLayout *form)
{
    while (form->rowCount() > 0)
        form->removeRow(0);
}

} // namespace

CacheDetailsPane::CacheDetailsPane(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"cacheDetailsPane"_s);
    m_title = new QLabel(this);
    m_title->setObjectName(u"cacheDetailsTitle"_s);
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_title->setFont(bold);

    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_unprotected = new QLabel(this);
    m_unprotected->setObjectName(u"unprotectedNote"_s);
    m_unprotected->setWordWrap(true);
    DialogUtil::styleAsWarning(m_unprotected);
    m_whyNot = new QLabel(this);
    m_whyNot->setObjectName(u"notEditableReason"_s);
    m_whyNot->setWordWrap(true);

    m_edit = new QPushButton(tr("&Edit backup settings…"), this);
    m_edit->setObjectName(u"editBackupSettings"_s);
    connect(m_edit, &QPushButton::clicked, this, [this] {
        if (m_hasSource)
            Q_EMIT editRequested(m_source);
    });
    m_showSnapshots = new QPushButton(tr("Show its s&napshots"), this);
    m_showSnapshots->setObjectName(u"showSnapshots"_s);
    m_showSnapshots->setToolTip(tr("The snapshot table, searched for this cache"));
    connect(m_showSnapshots, &QPushButton::clicked, this, [this] {
        if (m_hasSource)
            Q_EMIT showSnapshotsRequested(m_source);
    });

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->addWidget(m_title);
    layout->addLayout(m_form);
    layout->addWidget(m_unprotected);
    layout->addWidget(m_whyNot);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_edit);
    buttons->addWidget(m_showSnapshots);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    layout->addSpacing(6);
    m_tags = new TagEditor(content); // with its own "Tags" heading
    m_tags->setObjectName(u"cacheTags"_s);
    m_tags->setDemand(TagCache::Demand::CacheDetails);
    layout->addWidget(m_tags);
    layout->addStretch(1);

    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidget(content);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_scroll);
    clear();
}

CacheDetailsPane::~CacheDetailsPane() = default;

QSize CacheDetailsPane::minimumSizeHint() const
{
    const int scrollBar = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_scroll);
    return {m_scroll->widget()->minimumSizeHint().width() + scrollBar, QWidget::minimumSizeHint().height()};
}

void CacheDetailsPane::addRow(QFormLayout *form, const QString &field, const QString &value, const QString &toolTip)
{
    QWidget *widget = nullptr;
    if (!value.contains(u' ') && value.size() > 24) {
        // An ARN has nowhere to wrap: a read-only field scrolls it and copies it whole.
        auto *edit = new QLineEdit(value);
        edit->setReadOnly(true);
        edit->setFrame(false);
        edit->setCursorPosition(0);
        edit->setStyleSheet(u"QLineEdit { background: transparent; }"_s);
        widget = edit;
    } else {
        auto *label = new QLabel(value.isEmpty() ? tr("—") : value);
        label->setTextFormat(Qt::PlainText);
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        widget = label;
    }
    widget->setToolTip(toolTip);
    widget->setObjectName(u"value:"_s + field);
    m_values.insert(field, widget);
    form->addRow(field + u':', widget);
}

void CacheDetailsPane::showSource(const Shown &shown)
{
    const CacheSource &s = shown.source;
    m_hasSource = true;
    m_source = s;
    m_values.clear();
    clearForm(m_form);
    m_title->setText(s.id);
    addRow(m_form, tr("Kind"), CacheTableModel::kindText(s));
    addRow(m_form, tr("Status"), shown.followNote.isEmpty() ? s.status : tr("%1 (%2)").arg(s.status, shown.followNote));
    addRow(m_form, tr("Engine"), QString(s.engine + u' ' + s.engineVersion).trimmed());
    if (!s.nodeType.isEmpty())
        addRow(m_form, tr("Node type"), s.nodeType);
    if (!s.memberClusters.isEmpty())
        addRow(m_form, tr("Clusters"), s.memberClusters.join(u", "_s));
    if (s.kind != CacheSource::Kind::ServerlessCache)
        addRow(m_form, tr("Maintenance window"),
               s.maintenanceWindow.isEmpty() ? QString() : tr("%1 UTC").arg(s.maintenanceWindow));
    addRow(m_form, tr("ARN"), s.arn);
    addRow(m_form, tr("Restored from"), shown.restoredFrom);

    // One form, so the labels of both parts line up; the second part under its own heading.
    auto *backups = new QLabel(tr("Automatic backups"));
    QFont bold = backups->font();
    bold.setBold(true);
    backups->setFont(bold);
    backups->setContentsMargins(0, 8, 0, 0);
    m_form->addRow(backups);
    addRow(m_form, tr("Retention"), CacheTableModel::retentionText(s), s.unsupported);
    if (s.kind == CacheSource::Kind::ServerlessCache)
        addRow(m_form, tr("Daily snapshot time"), CacheTableModel::windowText(s));
    else
        addRow(m_form, tr("Backup window"), CacheTableModel::windowText(s));
    if (s.kind == CacheSource::Kind::ReplicationGroup)
        addRow(m_form, tr("Snapshotting cluster"), CacheTableModel::snapshottingText(s));
    addRow(m_form, tr("Latest snapshot"),
           shown.latest.any.isValid() ? tr("%1 (%2)").arg(shown.latest.anyName, when(shown.latest.any)) : QString());
    addRow(m_form, tr("Latest manual snapshot"), when(shown.latest.manual));

    // Not DialogUtil::showValidation(): that fits the window to its layout, and this is the main window.
    m_unprotected->setText(shown.unprotected
                               ? tr("Without backups: automatic backups are off and no manual snapshot of it was "
                                    "taken in the last %1.")
                                     .arg(CacheTableModel::dayCount(shown.unprotectedDays))
                               : QString());
    m_unprotected->setVisible(shown.unprotected);
    const QString why = BackupRules::whyNotEditable(s);
    m_whyNot->setText(why);
    m_whyNot->setVisible(!why.isEmpty());
    m_edit->setEnabled(why.isEmpty());
    m_edit->setToolTip(why.isEmpty() ? tr("Change retention, backup window and snapshotting cluster") : why);
    m_showSnapshots->setEnabled(true);
    m_tags->setResource(s.arn);
}

void CacheDetailsPane::clear()
{
    m_hasSource = false;
    m_source = CacheSource();
    m_values.clear();
    clearForm(m_form);
    m_title->setText(tr("Select a cache to see its backup settings."));
    m_unprotected->hide();
    m_whyNot->hide();
    m_edit->setEnabled(false);
    m_showSnapshots->setEnabled(false);
    m_tags->setResource(QString());
}

void CacheDetailsPane::setTagCache(TagCache *cache)
{
    m_tags->setTagCache(cache);
    m_tags->setResource(m_hasSource ? m_source.arn : QString());
}

TagEditor *CacheDetailsPane::tagEditor() const
{
    return m_tags;
}

bool CacheDetailsPane::hasSource() const
{
    return m_hasSource;
}

const CacheSource &CacheDetailsPane::source() const
{
    return m_source;
}

QString CacheDetailsPane::valueOf(const QString &field) const
{
    const QWidget *widget = m_values.value(field);
    if (const auto *label = qobject_cast<const QLabel *>(widget))
        return label->text();
    if (const auto *edit = qobject_cast<const QLineEdit *>(widget))
        return edit->text();
    return QString();
}

QPushButton *CacheDetailsPane::editButton() const
{
    return m_edit;
}

QPushButton *CacheDetailsPane::showSnapshotsButton() const
{
    return m_showSnapshots;
}
