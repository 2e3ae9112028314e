// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "createsnapshotdialog.h"

#include "dialogutil.h"
#include "snapshotnames.h"
#include "tagrules.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

CreateSnapshotDialog::CreateSnapshotDialog(QList<SnapshotSource> sources, QSet<QString> existingNames, QWidget *parent)
    : QDialog(parent)
    , m_sources(std::move(sources))
    , m_existingNames(std::move(existingNames))
    , m_now(QDateTime::currentDateTimeUtc())
{
    setObjectName(u"createSnapshotDialog"_s);
    QSet<QString> clusterModeGroups;
    for (const SnapshotSource &s : std::as_const(m_sources)) {
        if (s.type == SnapshotSource::Type::ReplicationGroup && s.clusterMode)
            clusterModeGroups.insert(s.id);
    }
    for (const SnapshotSource &s : std::as_const(m_sources)) {
        if (s.type == SnapshotSource::Type::CacheCluster && clusterModeGroups.contains(s.replicationGroupId))
            m_groupInstead.insert(s.id, s.replicationGroupId);
    }
    setWindowTitle(tr("Create snapshot"));

    m_type = new QComboBox(this);
    m_type->setObjectName(u"sourceType"_s);
    m_type->addItem(tr("Replication group"), int(SnapshotSource::Type::ReplicationGroup));
    m_type->addItem(tr("Cache cluster"), int(SnapshotSource::Type::CacheCluster));
    m_type->addItem(tr("Serverless cache"), int(SnapshotSource::Type::ServerlessCache));

    m_source = new QComboBox(this);
    m_source->setObjectName(u"source"_s);
    DialogUtil::makeSearchable(m_source);
    m_source->setMinimumContentsLength(44);

    m_name = new QLineEdit(this);
    m_name->setObjectName(u"name"_s);
    m_name->setClearButtonEnabled(true);

    m_kmsKey = new QLineEdit(this);
    m_kmsKey->setObjectName(u"kmsKey"_s);
    m_kmsKey->setPlaceholderText(tr("Optional: the source's key is used by default"));

    m_tags = new QLineEdit(this);
    m_tags->setObjectName(u"tags"_s);
    m_tags->setPlaceholderText(tr("Optional: key=value, …  (none: the source's tags are copied)"));
    m_tags->setToolTip(tr("Tags for the snapshot, key=value separated by commas. With tags, the snapshot gets only "
                          "these; without, the service gives it the source's tags."));

    m_tagWarning = new QLabel(this);
    m_tagWarning->setObjectName(u"tagWarning"_s);
    m_tagWarning->setWordWrap(true);
    DialogUtil::styleAsWarning(m_tagWarning);
    m_tagWarning->setVisible(false);

    m_validation = new QLabel(this);
    m_validation->setObjectName(u"validation"_s);
    m_validation->setWordWrap(true);
    DialogUtil::styleAsError(m_validation);

    m_sourceNote = new QLabel(this);
    m_sourceNote->setObjectName(u"sourceNote"_s);
    m_sourceNote->setWordWrap(true);
    // A word-wrapped label's width hint is small; without a floor the dialog opens taller and narrower than it
    // needs, with the source ids cut off.
    m_sourceNote->setMinimumWidth(520);
    m_sourceNote->setText(tr("While the backup runs, the source shows \"snapshotting\" and cannot run any other "
                             "operation (no scaling, no parameter changes, no other backup). Backups use "
                             "reserved memory; a busy node may fail to back up."));

    m_sourceStatus = new QLabel(this);
    m_sourceStatus->setObjectName(u"sourceStatus"_s);
    m_sourceStatus->setWordWrap(true);
    DialogUtil::styleAsWarning(m_sourceStatus);
    m_sourceStatus->setVisible(false);

    auto *form = new QFormLayout;
    form->addRow(tr("Source &type:"), m_type);
    form->addRow(tr("&Source:"), m_source);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&KMS key:"), m_kmsKey);
    form->addRow(tr("T&ags:"), m_tags);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create snapshot"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (isValid() && !m_request.submit(this, m_buttons, requestKey()))
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_validation);
    layout->addWidget(m_tagWarning);
    layout->addWidget(m_sourceStatus);
    layout->addWidget(m_sourceNote);
    layout->addWidget(m_buttons);

    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        fillSources();
        suggestName();
        validate();
    });
    connect(m_source, &QComboBox::currentTextChanged, this, [this] {
        suggestName();
        validate();
    });
    connect(m_name, &QLineEdit::textEdited, this, [this] { m_nameEdited = !m_name->text().isEmpty(); });
    connect(m_name, &QLineEdit::textChanged, this, &CreateSnapshotDialog::validate);
    connect(m_kmsKey, &QLineEdit::textChanged, this, &CreateSnapshotDialog::validate);
    connect(m_tags, &QLineEdit::textChanged, this, &CreateSnapshotDialog::validate);

    // Start with the first kind of source that exists.
    for (int i = 0; i < m_type->count(); ++i) {
        const auto type = SnapshotSource::Type(m_type->itemData(i).toInt());
        if (std::any_of(m_sources.cbegin(), m_sources.cend(), [type](const auto &s) { return s.type == type; })) {
            m_type->setCurrentIndex(i);
            break;
        }
    }
    fillSources();
    suggestName();
    validate();
}

CreateSnapshotDialog::~CreateSnapshotDialog() = default;

void CreateSnapshotDialog::setClock(const QDateTime &now)
{
    m_now = now;
    suggestName();
    validate();
}

void CreateSnapshotDialog::selectSource(SnapshotSource::Type type, const QString &id)
{
    m_type->setCurrentIndex(m_type->findData(int(type)));
    const int index = m_source->findData(id);
    if (index >= 0)
        m_source->setCurrentIndex(index);
    else
        m_source->setEditText(id);
}

SnapshotSource::Type CreateSnapshotDialog::sourceType() const
{
    return SnapshotSource::Type(m_type->currentData().toInt());
}

QString CreateSnapshotDialog::sourceId() const
{
    // The combo shows "id — detail"; what is typed may be a bare id, in any case (ids are stored lowercase).
    const QString text = m_source->currentText().trimmed();
    int index = m_source->findText(text, Qt::MatchFixedString);
    if (index < 0)
        index = m_source->findData(text, Qt::UserRole, Qt::MatchFixedString);
    if (index >= 0)
        return m_source->itemData(index).toString();
    return text;
}

const SnapshotSource *CreateSnapshotDialog::currentSource() const
{
    const QString id = sourceId();
    const SnapshotSource::Type type = sourceType();
    const auto it = std::find_if(m_sources.cbegin(), m_sources.cend(),
                                 [&](const SnapshotSource &s) { return s.type == type && s.id == id; });
    return it == m_sources.cend() ? nullptr : &*it;
}

QString CreateSnapshotDialog::snapshotName() const
{
    return m_name->text().trimmed();
}

QString CreateSnapshotDialog::kmsKeyId() const
{
    return m_kmsKey->text().trimmed();
}

QList<Tag> CreateSnapshotDialog::tags() const
{
    return TagRules::parseTagList(m_tags->text()).tags;
}

bool CreateSnapshotDialog::isValid() const
{
    return m_validationMessage.isEmpty();
}

QString CreateSnapshotDialog::validationMessage() const
{
    return m_validationMessage;
}

void CreateSnapshotDialog::fillSources()
{
    const QSignalBlocker blocker(m_source);
    m_source->clear();
    for (const SnapshotSource &source : std::as_const(m_sources)) {
        if (source.type != sourceType()
            || (source.type == SnapshotSource::Type::CacheCluster && !groupInstead(source.id).isEmpty()))
            continue;
        QString label = source.id;
        if (!source.detail.isEmpty())
            label += u" — "_s + source.detail;
        if (!source.unsupported.isEmpty())
            label += tr(" (no backups)");
        else if (!source.status.isEmpty() && source.status != u"available")
            label += u" ("_s + source.status + u')';
        m_source->addItem(label, source.id);
    }
    m_source->setCurrentIndex(m_source->count() > 0 ? 0 : -1);
}

void CreateSnapshotDialog::suggestName()
{
    // Only for a listed source: a half-typed search text is not a name to build on.
    const SnapshotSource *source = currentSource();
    if (m_nameEdited || !source)
        return;
    const QString &id = source->id;
    const QString stamp = m_now.toUTC().toString(u"yyyy-MM-dd-HHmm");
    QString name = SnapshotNames::derivedName(id, stamp);
    for (int n = 2; m_existingNames.contains(SnapshotNames::normalized(name)) && n < 1000; ++n)
        name = SnapshotNames::derivedName(id, stamp + u'-' + QString::number(n));
    m_name->setText(name);
}

void CreateSnapshotDialog::validate()
{
    const QString id = sourceId();
    const QString name = snapshotName();
    const SnapshotSource *source = currentSource();
    QString message;
    if (id.isEmpty()) {
        message
            = m_source->count() == 0 ? tr("There is no source of this type in this region.") : tr("Choose a source.");
    } else if (sourceType() == SnapshotSource::Type::CacheCluster && !groupInstead(id).isEmpty()) {
        message = tr("%1 is a node of %2, a replication group with cluster mode enabled: the service takes "
                     "snapshots of the whole group only. Choose Replication group %2 instead.")
                      .arg(id, groupInstead(id));
    } else if (!source) {
        message = tr("There is no %1 named \"%2\" in this region.").arg(m_type->currentText().toLower(), id);
    } else if (!source->unsupported.isEmpty()) {
        message = source->unsupported;
    } else if (name.isEmpty()) {
        message = tr("Enter a name for the snapshot.");
    } else {
        const SnapshotNames::Verdict verdict = sourceType() == SnapshotSource::Type::ServerlessCache
            ? SnapshotNames::checkServerlessName(name)
            : SnapshotNames::checkManualName(name);
        if (!verdict.ok)
            message = verdict.reason;
        else if (m_existingNames.contains(SnapshotNames::normalized(name)))
            message = tr("A snapshot named \"%1\" already exists.").arg(SnapshotNames::normalized(name));
    }
    const TagRules::ParsedTags tags = TagRules::parseTagList(m_tags->text());
    if (message.isEmpty() && !tags.ok())
        message = tr("Tags: %1").arg(tags.errors.join(u' '));
    m_tagWarning->setText(tags.warnings.join(u'\n'));
    m_tagWarning->setVisible(!tags.warnings.isEmpty());
    // A warning, not a refusal: the loaded status may be stale, and the service has the last word.
    const bool busy
        = source && source->unsupported.isEmpty() && !source->status.isEmpty() && source->status != u"available";
    m_sourceStatus->setText(busy ? tr("%1 is \"%2\" at the moment. The service backs up only an available "
                                      "source; wait until it is available, or the request will be refused.")
                                       .arg(source->id, source->status)
                                 : QString());
    m_sourceStatus->setVisible(busy);
    DialogUtil::growToFit(this);

    const QString key = requestKey();
    if (message.isEmpty() && m_request.blocks(key))
        message = m_request.failureFor(key);
    m_validationMessage = message;
    DialogUtil::showValidation(m_validation, message.isEmpty() ? m_request.failureFor(key) : message);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(message.isEmpty() && !m_request.isRunning());
}

QString CreateSnapshotDialog::requestKey() const
{
    return QStringList {QString::number(int(sourceType())), sourceId(), snapshotName(), kmsKeyId(), m_tags->text()}
        .join(u'\n');
}

void CreateSnapshotDialog::setSubmitHandler(std::function<void()> submit)
{
    m_request.setSubmitHandler(std::move(submit));
}

void CreateSnapshotDialog::requestFailed(const ApiError &error, const QString &advice)
{
    QWidget *field = m_source;
    QString change = tr("Choose another source to try again.");
    if (error.code.contains(u"AlreadyExists") || error.message.contains(u"snapshot name", Qt::CaseInsensitive)) {
        field = m_name;
        change = tr("Change the name to try again.");
    } else if (error.code.contains(u"Kms", Qt::CaseInsensitive) || error.message.contains(u"KMS")) {
        field = m_kmsKey;
        change = tr("Change the KMS key to try again.");
    } else if (error.code.startsWith(u"Tag") || error.message.contains(u"tag", Qt::CaseInsensitive)) {
        field = m_tags;
        change = tr("Change the tags to try again.");
    }
    m_request.fail(this, m_buttons, error, DialogUtil::PendingRequest::describe(error, advice, change));
    validate();
    field->setFocus();
}

QString CreateSnapshotDialog::groupInstead(const QString &clusterId) const
{
    return m_groupInstead.value(clusterId);
}
