// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "backupsettingsdialog.h"

#include "dialogutil.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

BackupSettingsDialog::BackupSettingsDialog(CacheSource source, QWidget *parent)
    : QDialog(parent)
    , m_source(std::move(source))
{
    setObjectName(u"backupSettingsDialog"_s);
    setWindowTitle(tr("Backup settings of %1").arg(m_source.id));

    auto *heading = new QLabel(this);
    heading->setObjectName(u"heading"_s);
    heading->setTextFormat(Qt::PlainText);
    heading->setWordWrap(true);
    heading->setText(tr("%1 %2 (%3)")
                         .arg(CacheSource::kindName(m_source.kind), m_source.id,
                              QString(m_source.engine + u' ' + m_source.engineVersion).trimmed()));

    auto *form = new QFormLayout;
    m_retention = new QSpinBox(this);
    m_retention->setObjectName(u"retention"_s);
    m_retention->setRange(0, BackupRules::kMaxRetentionDays);
    m_retention->setSpecialValueText(tr("0 (automatic backups off)"));
    m_retention->setValue(qBound(0, m_source.settings.retentionDays, BackupRules::kMaxRetentionDays));
    DialogUtil::countDays(m_retention);
    m_retention->setToolTip(tr("How many days each automatic backup is kept, 1 to 35; 0 takes none."));
    form->addRow(tr("&Retention:"), m_retention);

    if (m_source.kind == CacheSource::Kind::ServerlessCache) {
        m_dailyTime = new QLineEdit(m_source.settings.dailySnapshotTime, this);
        m_dailyTime->setObjectName(u"dailySnapshotTime"_s);
        m_dailyTime->setPlaceholderText(tr("HH:MM, for example 04:00"));
        m_dailyTime->setToolTip(tr("When the daily automatic snapshot starts, in UTC."));
        form->addRow(tr("Daily snapshot &time (UTC):"), m_dailyTime);
    } else {
        m_window = new QLineEdit(m_source.settings.snapshotWindow, this);
        m_window->setObjectName(u"snapshotWindow"_s);
        m_window->setPlaceholderText(tr("hh24:mi-hh24:mi, for example 05:00-06:00"));
        m_window->setToolTip(tr("The daily range, in UTC, in which the automatic backup starts: at least 60 minutes, "
                                "outside the maintenance window."));
        form->addRow(tr("Backup &window (UTC):"), m_window);
        auto *maintenance = new QLabel(this);
        maintenance->setObjectName(u"maintenanceWindow"_s);
        maintenance->setTextInteractionFlags(Qt::TextSelectableByMouse);
        maintenance->setText(m_source.maintenanceWindow.isEmpty()
                                 ? tr("unknown (the service checks the overlap)")
                                 : tr("%1 (weekly, UTC)").arg(m_source.maintenanceWindow));
        form->addRow(tr("Maintenance window:"), maintenance);
    }

    if (m_source.kind == CacheSource::Kind::ReplicationGroup) {
        m_snapshotting = new QComboBox(this);
        m_snapshotting->setObjectName(u"snapshottingCluster"_s);
        if (m_source.clusterMode) {
            // Shown, with why it cannot be set, rather than left out: the operator looking for it learns the rule.
            m_snapshotting->addItem(tr("every shard (cluster mode enabled)"));
            m_snapshotting->setEnabled(false);
            m_snapshotting->setToolTip(tr("With cluster mode enabled every shard is backed up; the service takes no "
                                          "snapshotting cluster."));
        } else {
            m_snapshotting->setEditable(true);
            m_snapshotting->addItems(m_source.memberClusters);
            m_snapshotting->setEditText(m_source.settings.snapshottingClusterId);
            m_snapshotting->lineEdit()->setPlaceholderText(tr("one of the group's clusters"));
            m_snapshotting->setToolTip(tr("The member the daily backup is taken from (a replica keeps the load off "
                                          "the primary)."));
        }
        form->addRow(tr("&Snapshotting cluster:"), m_snapshotting);
    }

    m_validation = new QLabel(this);
    m_validation->setObjectName(u"validation"_s);
    m_validation->setWordWrap(true);
    m_validation->setTextFormat(Qt::PlainText);
    DialogUtil::styleAsError(m_validation);
    m_warning = new QLabel(this);
    m_warning->setObjectName(u"warning"_s);
    m_warning->setWordWrap(true);
    m_warning->setTextFormat(Qt::PlainText);
    DialogUtil::styleAsWarning(m_warning);
    m_changes = new QLabel(this);
    m_changes->setObjectName(u"changes"_s);
    m_changes->setWordWrap(true);
    m_changes->setTextFormat(Qt::PlainText);
    m_changes->setMinimumWidth(460);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        validate();
        if (!isValid())
            return;
        if (m_request.submit(this, m_buttons, requestKey())) {
            m_retention->setEnabled(false); // PendingRequest locks the line edits and combos
            return;
        }
        accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addLayout(form);
    layout->addWidget(m_validation);
    layout->addWidget(m_warning);
    layout->addWidget(m_changes);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_retention, &QSpinBox::valueChanged, this, &BackupSettingsDialog::validate);
    if (m_window)
        connect(m_window, &QLineEdit::textChanged, this, &BackupSettingsDialog::validate);
    if (m_dailyTime)
        connect(m_dailyTime, &QLineEdit::textChanged, this, &BackupSettingsDialog::validate);
    if (m_snapshotting && m_snapshotting->isEditable())
        connect(m_snapshotting, &QComboBox::editTextChanged, this, &BackupSettingsDialog::validate);
    validate();
}

BackupSettingsDialog::~BackupSettingsDialog() = default;

const CacheSource &BackupSettingsDialog::source() const
{
    return m_source;
}

BackupSettings BackupSettingsDialog::wanted() const
{
    BackupSettings wanted = m_source.settings;
    wanted.retentionDays = m_retention->value();
    if (m_window)
        wanted.snapshotWindow = m_window->text().trimmed();
    if (m_dailyTime)
        wanted.dailySnapshotTime = m_dailyTime->text().trimmed();
    if (m_snapshotting && m_snapshotting->isEditable())
        wanted.snapshottingClusterId = m_snapshotting->currentText().trimmed();
    return wanted;
}

QList<BackupRules::Problem> BackupSettingsDialog::problems() const
{
    return m_problems;
}

QString BackupSettingsDialog::validationMessage() const
{
    return m_validation->isHidden() ? QString() : m_validation->text();
}

bool BackupSettingsDialog::isValid() const
{
    return m_problems.isEmpty() && BackupRules::hasChanges(m_source, wanted());
}

void BackupSettingsDialog::validate()
{
    const BackupSettings wanted = this->wanted();
    m_problems = BackupRules::validate(m_source, wanted);
    QStringList messages;
    for (const BackupRules::Problem &problem : std::as_const(m_problems))
        messages.append(problem.reason);
    const QString key = requestKey();
    if (messages.isEmpty() && m_request.blocks(key))
        messages.append(m_request.failureFor(key));
    DialogUtil::showValidation(m_validation, messages.isEmpty() ? m_request.failureFor(key) : messages.join(u'\n'));

    const QStringList changes = BackupRules::describeChanges(m_source, wanted);
    m_changes->setText(changes.isEmpty() ? tr("Nothing changes yet.")
                                         : tr("What will change:") + u"\n• "_s + changes.join(u"\n• "_s));
    const bool turnsOff = m_source.settings.retentionDays > 0 && wanted.retentionDays == 0;
    DialogUtil::showValidation(m_warning,
                               turnsOff ? tr("%1 will have no automatic backups: none are taken from now on. Take a "
                                             "manual snapshot first if you need one.")
                                              .arg(m_source.id)
                                        : QString());

    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    if (!m_request.isRunning()) {
        ok->setText(turnsOff                 ? tr("Turn off automatic backups")
                        : changes.size() > 1 ? tr("Apply %1 changes").arg(changes.size())
                                             : tr("Apply change"));
        ok->setEnabled(isValid() && !m_request.blocks(key));
    }
}

QString BackupSettingsDialog::requestKey() const
{
    const BackupSettings w = wanted();
    return QString::number(w.retentionDays) + u'\n' + w.snapshotWindow + u'\n' + w.dailySnapshotTime + u'\n'
        + w.snapshottingClusterId;
}

QWidget *BackupSettingsDialog::fieldFor(BackupRules::Field field) const
{
    switch (field) {
    case BackupRules::Field::Retention:
        return m_retention;
    case BackupRules::Field::SnapshotWindow:
        return m_window;
    case BackupRules::Field::DailySnapshotTime:
        return m_dailyTime;
    case BackupRules::Field::SnapshottingCluster:
        return m_snapshotting;
    case BackupRules::Field::Source:
        break;
    }
    return m_retention;
}

void BackupSettingsDialog::setSubmitHandler(std::function<void()> submit)
{
    m_request.setSubmitHandler(std::move(submit));
}

void BackupSettingsDialog::requestFailed(const ApiError &error)
{
    // The field the service's words are about gets the focus.
    const QString words = error.code + u' ' + error.message;
    BackupRules::Field field = BackupRules::Field::Retention;
    if (words.contains(u"snapshotting", Qt::CaseInsensitive))
        field = BackupRules::Field::SnapshottingCluster;
    else if (words.contains(u"window", Qt::CaseInsensitive))
        field = BackupRules::Field::SnapshotWindow;
    else if (words.contains(u"DailySnapshotTime", Qt::CaseInsensitive) || words.contains(u"snapshot time"))
        field = BackupRules::Field::DailySnapshotTime;
    QString advice;
    if (error.code.contains(u"InvalidReplicationGroupState") || error.code.contains(u"InvalidCacheClusterState")
        || error.code.contains(u"InvalidServerlessCacheState"))
        advice = tr("The cache is busy (another change or a backup is running); try again once it is available.");
    m_request.fail(this, m_buttons, error,
                   DialogUtil::PendingRequest::describe(error, advice, tr("Change the settings to try again.")));
    m_retention->setEnabled(true);
    validate();
    QWidget *focus = fieldFor(field);
    (focus && focus->isEnabled() ? focus : m_retention)->setFocus();
}
