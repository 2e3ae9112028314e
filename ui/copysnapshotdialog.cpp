// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "copysnapshotdialog.h"

#include "dialogutil.h"
#include "snapshotnames.h"
#include "tagrules.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

CopySnapshotDialog::CopySnapshotDialog(SnapshotEntry source, QSet<QString> existingNames, QWidget *parent)
    : QDialog(parent)
    , m_source(std::move(source))
    , m_existingNames(std::move(existingNames))
{
    setObjectName(u"copySnapshotDialog"_s);
    setWindowTitle(tr("Copy snapshot"));

    auto *sourceLabel = new QLabel(m_source.name(), this);
    sourceLabel->setObjectName(u"sourceName"_s);
    sourceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_target = new QLineEdit(this);
    m_target->setObjectName(u"targetName"_s);
    m_target->setClearButtonEnabled(true);
    // Automatic snapshot names contain a dot; the copy is a manual snapshot, so the default gets a hyphen instead.
    // The clash check runs on the name as it will be suggested.
    const QString base = QString(m_source.name()).replace(u'.', u'-') + u"-copy"_s;
    QString suggestion = base;
    for (int n = 2; m_existingNames.contains(SnapshotNames::normalized(suggestion)) && n < 1000; ++n)
        suggestion = base + u'-' + QString::number(n);
    m_target->setText(SnapshotNames::normalized(suggestion));

    m_kmsKey = new QLineEdit(this);
    m_kmsKey->setObjectName(u"kmsKey"_s);
    m_kmsKey->setPlaceholderText(m_source.isEncryptedWithKms() ? tr("Optional: %1 by default").arg(m_source.kmsKeyId())
                                                               : tr("Optional"));

    m_tags = new QLineEdit(this);
    m_tags->setObjectName(u"tags"_s);
    m_tags->setPlaceholderText(tr("Optional: key=value, …  (none: the source snapshot's tags are copied)"));
    m_tags->setToolTip(tr("Tags for the copy, key=value separated by commas. With tags, the copy gets only these; "
                          "without, the service gives it the source snapshot's tags."));

    m_tagWarning = new QLabel(this);
    m_tagWarning->setObjectName(u"tagWarning"_s);
    m_tagWarning->setWordWrap(true);
    DialogUtil::styleAsWarning(m_tagWarning);
    m_tagWarning->setVisible(false);

    m_validation = new QLabel(this);
    m_validation->setObjectName(u"validation"_s);
    m_validation->setWordWrap(true);
    DialogUtil::styleAsError(m_validation);

    auto *note = new QLabel(tr("The copy is a manual snapshot in the same region: it never expires and survives "
                               "the deletion of its cache. The source shows \"copying\" while the copy runs."),
                            this);
    note->setWordWrap(true);
    // Wide enough for an automatic snapshot's name plus "-copy" without scrolling the field.
    note->setMinimumWidth(qBound(420, m_target->fontMetrics().horizontalAdvance(m_target->text()) + 160, 720));

    auto *form = new QFormLayout;
    form->addRow(tr("Source:"), sourceLabel);
    form->addRow(tr("&Target name:"), m_target);
    form->addRow(tr("&KMS key:"), m_kmsKey);
    form->addRow(tr("T&ags:"), m_tags);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Copy snapshot"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (isValid() && !m_request.submit(this, m_buttons, requestKey()))
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_validation);
    layout->addWidget(m_tagWarning);
    layout->addWidget(note);
    layout->addWidget(m_buttons);

    connect(m_target, &QLineEdit::textChanged, this, &CopySnapshotDialog::validate);
    connect(m_kmsKey, &QLineEdit::textChanged, this, &CopySnapshotDialog::validate);
    connect(m_tags, &QLineEdit::textChanged, this, &CopySnapshotDialog::validate);
    validate();
}

CopySnapshotDialog::~CopySnapshotDialog() = default;

const SnapshotEntry &CopySnapshotDialog::source() const
{
    return m_source;
}

QString CopySnapshotDialog::targetName() const
{
    return m_target->text().trimmed();
}

QString CopySnapshotDialog::kmsKeyId() const
{
    return m_kmsKey->text().trimmed();
}

QList<Tag> CopySnapshotDialog::tags() const
{
    return TagRules::parseTagList(m_tags->text()).tags;
}

bool CopySnapshotDialog::isValid() const
{
    return m_validationMessage.isEmpty();
}

QString CopySnapshotDialog::validationMessage() const
{
    return m_validationMessage;
}

void CopySnapshotDialog::validate()
{
    const QString name = targetName();
    QString message;
    if (name.isEmpty()) {
        message = tr("Enter a name for the copy.");
    } else {
        const SnapshotNames::Verdict verdict = m_source.kind() == SnapshotEntry::Kind::Serverless
            ? SnapshotNames::checkServerlessName(name)
            : SnapshotNames::checkCopyTargetName(name);
        if (!verdict.ok)
            message = verdict.reason;
        else if (SnapshotNames::normalized(name) == SnapshotNames::normalized(m_source.name()))
            message = tr("The copy needs a name of its own.");
        else if (m_existingNames.contains(SnapshotNames::normalized(name)))
            message = tr("A snapshot named \"%1\" already exists.").arg(SnapshotNames::normalized(name));
    }
    const TagRules::ParsedTags tags = TagRules::parseTagList(m_tags->text());
    if (message.isEmpty() && !tags.ok())
        message = tr("Tags: %1").arg(tags.errors.join(u' '));
    m_tagWarning->setText(tags.warnings.join(u'\n'));
    m_tagWarning->setVisible(!tags.warnings.isEmpty());
    const QString key = requestKey();
    if (message.isEmpty() && m_request.blocks(key))
        message = m_request.failureFor(key);
    m_validationMessage = message;
    DialogUtil::showValidation(m_validation, message.isEmpty() ? m_request.failureFor(key) : message);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(message.isEmpty() && !m_request.isRunning());
}

QString CopySnapshotDialog::requestKey() const
{
    return targetName() + u'\n' + kmsKeyId() + u'\n' + m_tags->text();
}

void CopySnapshotDialog::setSubmitHandler(std::function<void()> submit)
{
    m_request.setSubmitHandler(std::move(submit));
}

void CopySnapshotDialog::requestFailed(const ApiError &error, const QString &advice)
{
    const bool aboutKey = error.code.contains(u"Kms", Qt::CaseInsensitive) || error.message.contains(u"KMS");
    const bool aboutTags
        = !aboutKey && (error.code.startsWith(u"Tag") || error.message.contains(u"tag", Qt::CaseInsensitive));
    QLineEdit *field = aboutKey ? m_kmsKey : aboutTags ? m_tags : m_target;
    const QString change = aboutKey ? tr("Change the KMS key to try again.")
        : aboutTags                 ? tr("Change the tags to try again.")
                                    : tr("Change the target name to try again.");
    m_request.fail(this, m_buttons, error, DialogUtil::PendingRequest::describe(error, advice, change));
    validate();
    field->setFocus();
}
