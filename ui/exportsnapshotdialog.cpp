// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportsnapshotdialog.h"

#include "exportaccess.h"
#include "exportcheckrunner.h"
#include "exportcheckview.h"
#include "exportfixdialog.h"
#include "exportplan.h"
#include "s3client.h"

#include "dialogutil.h"
#include "snapshotnames.h"

#include <QCheckBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardItemModel>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

constexpr int kDefaultCheckDelayMs = 400;
// The completer's role for the bucket name itself (the shown text may carry the bucket's region).
constexpr int kBucketNameRole = Qt::UserRole + 1;

// "a, b and c"
QString listInWords(const QStringList &items)
{
    if (items.size() < 2)
        return items.join(QString());
    return ExportSnapshotDialog::tr("%1 and %2").arg(items.mid(0, items.size() - 1).join(u", "_s), items.last());
}

// S3's rules beyond the characters and length that SnapshotNames::checkBucketName covers.
QString reservedBucketNameReason(const QString &name)
{
    for (const QLatin1StringView prefix :
         {QLatin1StringView("xn--"), QLatin1StringView("sthree-"), QLatin1StringView("amzn-s3-demo-")}) {
        if (name.startsWith(prefix))
            return ExportSnapshotDialog::tr("A bucket name cannot start with \"%1\".").arg(prefix);
    }
    for (const QLatin1StringView suffix :
         {QLatin1StringView("-s3alias"), QLatin1StringView("--ol-s3"), QLatin1StringView(".mrap"),
          QLatin1StringView("--x-s3"), QLatin1StringView("--table-s3")}) {
        if (name.endsWith(suffix))
            return ExportSnapshotDialog::tr("A bucket name cannot end with \"%1\".").arg(suffix);
    }
    return QString();
}

// What the grant must give, in the console's words, for the permission the API names.
QString consoleWordsFor(const QString &permission)
{
    if (permission == u"READ")
        return ExportSnapshotDialog::tr("\"List objects\" (READ)");
    if (permission == u"WRITE")
        return ExportSnapshotDialog::tr("\"Write objects\" (WRITE)");
    return ExportSnapshotDialog::tr("\"Read bucket permissions\" (READ_ACP)");
}

// The policy action that gives what the service calls permission ("READ", "WRITE", "READ_ACP").
QString policyActionFor(const ExportAccess::GrantRule &rule, const QString &permission)
{
    for (const QString &action : rule.policyActions()) {
        if (ExportAccess::serviceWordFor(action) == permission)
            return action;
    }
    return permission;
}

bool takesPolicy(const ExportAccess::GrantRule &rule)
{
    return rule.known && rule.methods.constFirst() == ExportAccess::Method::BucketPolicy;
}

} // namespace

ExportSnapshotDialog::ExportSnapshotDialog(SnapshotEntry source, QString region, const QString &rememberedBucket,
                                           QWidget *parent)
    : QDialog(parent)
    , m_source(std::move(source))
    , m_region(std::move(region))
{
    setObjectName(u"exportSnapshotDialog"_s);
    setWindowTitle(tr("Export snapshot to S3"));

    auto *sourceLabel = new QLabel(m_source.name(), this);
    sourceLabel->setObjectName(u"sourceName"_s);
    sourceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_bucket = new QLineEdit(rememberedBucket, this);
    m_bucket->setObjectName(u"bucket"_s);
    m_bucket->setPlaceholderText(tr("A bucket in %1").arg(m_region));

    m_target = new QLineEdit(this);
    m_target->setObjectName(u"targetName"_s);
    // "<snapshot>-export-<time>", as cachesnap-cli export-snapshot names it: a bucket must not hold the objects
    // already, so exporting the same snapshot again works with the default too.
    m_target->setText(ExportPlan::defaultTargetName(m_source.name(), QDateTime::currentDateTimeUtc()));
    connect(m_target, &QLineEdit::textEdited, this, [this] { m_targetEdited = true; });
    // ExportServerlessCacheSnapshot takes no target name: the objects are named after the snapshot.
    m_target->setEnabled(m_source.kind() == SnapshotEntry::Kind::NodeBased);

    m_objects = new QLabel(this);
    m_objects->setObjectName(u"objectNames"_s);
    m_objects->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // One key a line, never wrapped (a wrapped label in a form row makes the form overestimate its height); a very
    // long prefix is clipped rather than widening the dialog, and stays selectable.
    m_objects->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    m_requirements = new QLabel(bucketRequirements(m_region, m_source.kind()), this);
    m_requirements->setObjectName(u"requirements"_s);
    m_requirements->setWordWrap(true);
    // See CreateSnapshotDialog: a floor for the wrapped text, so the dialog opens at the height the text needs.
    m_requirements->setMinimumWidth(560);
    m_requirements->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_validation = new QLabel(this);
    m_validation->setObjectName(u"validation"_s);
    m_validation->setWordWrap(true);
    DialogUtil::styleAsError(m_validation);

    auto *form = new QFormLayout;
    form->addRow(tr("Snapshot:"), sourceLabel);
    form->addRow(tr("&Bucket:"), m_bucket);
    form->addRow(tr("Object &prefix:"), m_target);
    form->addRow(tr("Objects:"), m_objects);
    // ExportServerlessCacheSnapshot has no prefix: the row would show a name that is not used.
    form->setRowVisible(m_target, m_source.kind() == SnapshotEntry::Kind::NodeBased);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (isValid() && checkAllowsExport() && !m_request.submit(this, m_buttons, requestKey()))
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addSpacing(4);
    layout->addWidget(m_requirements);
    layout->addWidget(m_validation);
    layout->addWidget(m_buttons);

    m_checkTimer = new QTimer(this);
    m_checkTimer->setSingleShot(true);
    m_checkTimer->setInterval(kDefaultCheckDelayMs);
    connect(m_checkTimer, &QTimer::timeout, this, &ExportSnapshotDialog::startCheck);

    connect(m_bucket, &QLineEdit::textChanged, this, &ExportSnapshotDialog::inputChanged);
    connect(m_target, &QLineEdit::textChanged, this, &ExportSnapshotDialog::inputChanged);
    validate();
}

ExportSnapshotDialog::~ExportSnapshotDialog() = default;

const SnapshotEntry &ExportSnapshotDialog::source() const
{
    return m_source;
}

QString ExportSnapshotDialog::bucket() const
{
    return m_bucket->text().trimmed();
}

QString ExportSnapshotDialog::targetName() const
{
    return m_target->text().trimmed();
}

void ExportSnapshotDialog::setClock(const QDateTime &now)
{
    if (!m_targetEdited)
        m_target->setText(ExportPlan::defaultTargetName(m_source.name(), now));
}

QStringList ExportSnapshotDialog::objectNames() const
{
    // One object per node snapshot (one per shard: a backup reads one node of each shard).
    if (const auto node = m_source.nodeSnapshot())
        return ExportPlan::nodeBasedObjectKeys(targetName(), *node);
    return ExportPlan::serverlessObjectKeys(m_source.name());
}

bool ExportSnapshotDialog::isValid() const
{
    return m_validationMessage.isEmpty();
}

QString ExportSnapshotDialog::validationMessage() const
{
    return m_validationMessage;
}

bool ExportSnapshotDialog::isOptInRegion(const QString &region)
{
    return ExportAccess::isOptInRegion(region);
}

QString ExportSnapshotDialog::grantRequirement(const QString &region)
{
    // The grant as ExportAccess knows it (the check, its fixes and the sandbox apply the same rule). Identifiers
    // on lines of their own: word wrap would break them at their hyphens, and they get copied.
    const ExportAccess::GrantRule rule = ExportAccess::ruleFor(region);
    if (!rule.known)
        return tr("the grant the ElastiCache documentation names for %1 (CacheSnap does not know ElastiCache's "
                  "grantee in the %2 partition)")
            .arg(region, rule.partition);
    if (takesPolicy(rule))
        return tr("a bucket policy (%1 is an opt-in region, where the canonical-ID grant does not work) that allows "
                  "the service principal\n      %2\n   %3 on the bucket and on its objects")
            .arg(region, rule.servicePrincipal, listInWords(rule.policyActions()));
    if (rule.partition == u"aws-us-gov")
        return tr("in the bucket's ACL, grant \"List objects\", \"Write objects\" and \"Read bucket permissions\" "
                  "to ElastiCache's GovCloud canonical ID\n      %1\n   (the bucket must be in GovCloud too)")
            .arg(rule.canonicalId);
    return tr("in the bucket's ACL, grant \"List objects\", \"Write objects\" and \"Read bucket permissions\" to "
              "ElastiCache's canonical ID\n      %1\n   (new buckets have ACLs disabled: set Object Ownership to "
              "\"Bucket owner preferred\" first)")
        .arg(rule.canonicalId);
}

QString ExportSnapshotDialog::bucketRequirements(const QString &region)
{
    return bucketRequirements(region, SnapshotEntry::Kind::NodeBased);
}

QString ExportSnapshotDialog::bucketRequirements(const QString &region, SnapshotEntry::Kind kind)
{
    QStringList lines;
    lines << tr("The bucket must:");
    lines << tr("\u2022 be in %1, the snapshot's region, and be owned by your account;").arg(region);
    lines << tr("\u2022 let ElastiCache in: %1;").arg(grantRequirement(region));
    if (!ExportAccess::ruleFor(region).known)
        lines << tr("\u2022 (%1 uses its own grantee, which CacheSnap does not know: check the ElastiCache "
                    "documentation for %1);")
                     .arg(region);
    lines << tr("\u2022 not hold any of the objects listed above yet.");
    lines << QString();
    if (kind == SnapshotEntry::Kind::NodeBased)
        lines << tr("Snapshots of data-tiering clusters cannot be exported. Exported objects are encrypted with S3 "
                    "server-side encryption, not with a customer-managed KMS key, and anyone who can read the bucket "
                    "can read the data.");
    else
        lines << tr("The object is named after the snapshot. Exported objects are encrypted with S3 server-side "
                    "encryption, not with a customer-managed KMS key, and anyone who can read the bucket can read "
                    "the data.");
    return lines.join(u'\n');
}

QString ExportSnapshotDialog::adviceFor(const ApiError &error, const QString &region, SnapshotEntry::Kind kind)
{
    const QString message = error.message;
    const auto has = [&](QStringView text) {
        return message.contains(text, Qt::CaseInsensitive);
    };
    const bool aboutBucket = has(u"bucket");
    if (aboutBucket && (has(u"outside of the region") || has(u"different region")))
        return tr("The bucket is in another region. Export to a bucket in %1, then copy the object with S3 if "
                  "you need it elsewhere.")
            .arg(region);
    if (aboutBucket && has(u"does not exist"))
        return tr("There is no bucket of that name. Create it in %1 first, or check the spelling.").arg(region);
    if (aboutBucket && has(u"not owned"))
        return tr("The bucket belongs to another account. ElastiCache exports only to buckets your account owns.");
    static const QRegularExpression granted(u"has not been granted (READ_ACP|READ|WRITE) permission"_s,
                                            QRegularExpression::CaseInsensitiveOption);
    if (const QRegularExpressionMatch match = granted.match(message); match.hasMatch()) {
        const QString permission = match.captured(1).toUpper();
        if (const ExportAccess::GrantRule rule = ExportAccess::ruleFor(region); takesPolicy(rule))
            return tr("ElastiCache may not use the bucket: the bucket policy does not allow %1 to the service "
                      "principal. Fix: %2.")
                .arg(policyActionFor(rule, permission), grantRequirement(region));
        return tr("ElastiCache may not use the bucket: its grant lacks %1. Fix: %2.")
            .arg(consoleWordsFor(permission), grantRequirement(region));
    }
    if (aboutBucket && has(u"already contains an object")) {
        if (kind == SnapshotEntry::Kind::Serverless)
            return tr("An object of that name is already in the bucket (a serverless snapshot's export is named "
                      "after the snapshot, perhaps by an earlier export). Choose another bucket, or remove the old "
                      "object.");
        return tr("An object of that name is already in the bucket. Choose another object prefix, or remove the "
                  "old object.");
    }
    if (has(u"sufficient permissions") || error.code == u"AccessDenied")
        return tr("Your own credentials lack permissions: exporting needs elasticache:CopySnapshot, "
                  "s3:GetBucketLocation and s3:ListAllMyBuckets.");
    if (has(u"data tiering") || has(u"data-tiering"))
        return tr("Snapshots of data-tiering clusters (r6gd) cannot be exported: the bucket is not the problem.");
    if (has(u"KmsKeyId"))
        return tr("An export cannot use a KMS key: the objects get S3 server-side encryption. Copy the objects "
                  "with S3 afterwards to re-encrypt them.");
    return QString();
}

void ExportSnapshotDialog::validate()
{
    // What the operator cannot fix in this dialog comes first.
    QString message;
    const QString name = bucket();
    if (m_source.dataTiering() == u"enabled")
        message = tr("This snapshot is of a data-tiering cluster; those cannot be exported.");
    else if (m_source.status() != SnapshotEntry::Status::Available)
        message = tr("The snapshot is \"%1\"; only an available snapshot can be exported.").arg(m_source.statusText());
    else if (name.isEmpty())
        message = tr("Enter the name of a bucket in %1.").arg(m_region);
    else if (const SnapshotNames::Verdict verdict = SnapshotNames::checkBucketName(name); !verdict.ok)
        message = verdict.reason;
    else if (const QString reserved = reservedBucketNameReason(name); !reserved.isEmpty())
        message = reserved;
    else if (m_source.kind() == SnapshotEntry::Kind::NodeBased) {
        if (const SnapshotNames::Verdict verdict = SnapshotNames::checkCopyTargetName(targetName()); !verdict.ok)
            message = verdict.reason;
    }
    const QString key = requestKey();
    if (message.isEmpty() && m_request.blocks(key))
        message = m_request.failureFor(key);
    m_validationMessage = message;
    DialogUtil::showValidation(m_validation, message.isEmpty() ? m_request.failureFor(key) : message);
    m_objects->setText(objectNames().join(u'\n'));
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(message.isEmpty() && !m_request.isRunning() && checkAllowsExport());
    ok->setText(name.isEmpty() ? tr("Export") : tr("Export to s3://%1").arg(name));
    if (m_exportAnyway) {
        // Offered while the check does not say "ready" for what is typed: it failed, can't tell, or has not
        // answered yet. A report that says ready takes the tick away (it is not needed).
        const bool ready = m_reportKey == key && currentReport() && currentReport()->ready();
        if (ready && m_exportAnyway->isChecked()) {
            const QSignalBlocker blocker(m_exportAnyway);
            m_exportAnyway->setChecked(false);
        }
        m_exportAnyway->setEnabled(message.isEmpty() && !ready && !m_request.isRunning());
    }
    if (m_checkView)
        m_checkView->setEnabled(!m_request.isRunning());
    DialogUtil::growToFit(this);
}

bool ExportSnapshotDialog::checkAllowsExport() const
{
    if (m_checkMode == CheckMode::None)
        return true;
    if (m_exportAnyway && m_exportAnyway->isChecked() && m_anywayKey == requestKey())
        return true;
    const ExportCheck::Report *report = currentReport();
    return report && report->ready();
}

const ExportCheck::Report *ExportSnapshotDialog::currentReport() const
{
    if (!m_checkView || !m_checkView->hasReport() || m_reportKey != requestKey() || m_checkTimer->isActive())
        return nullptr;
    return &m_checkView->report();
}

ExportCheckView *ExportSnapshotDialog::checkView() const
{
    return m_checkView;
}

QCheckBox *ExportSnapshotDialog::exportAnywayBox() const
{
    return m_exportAnyway;
}

bool ExportSnapshotDialog::isChecking() const
{
    return m_checkTimer->isActive() || m_runner || m_fixer;
}

void ExportSnapshotDialog::setCheckDelay(int ms)
{
    m_checkTimer->setInterval(ms);
}

void ExportSnapshotDialog::setS3Client(S3Client *s3)
{
    m_s3 = s3;
    m_checkMode = s3 ? CheckMode::Active : CheckMode::Unavailable;
    enableCheckView();
    // Names are fetched when the bucket field is first used, not for a dialog that is only glanced at.
    m_bucket->installEventFilter(this);
    if (m_bucket->hasFocus())
        listBuckets();
    inputChanged();
}

void ExportSnapshotDialog::setCheckUnavailable(const QString &reason)
{
    m_s3 = nullptr;
    m_checkMode = CheckMode::Unavailable;
    m_unavailableReason = reason;
    enableCheckView();
    inputChanged();
}

void ExportSnapshotDialog::enableCheckView()
{
    if (m_checkView)
        return;
    // The check's items take the place of the requirements text, which stays as the view's placeholder.
    auto *layout = qobject_cast<QVBoxLayout *>(this->layout());
    const int index = layout->indexOf(m_requirements);
    layout->removeWidget(m_requirements);
    delete m_requirements;
    m_checkView = new ExportCheckView(this);
    m_requirements = m_checkView->findChild<QLabel *>(u"requirements"_s);
    layout->insertWidget(index, m_checkView, 1);
    connect(m_checkView, &ExportCheckView::fixRequested, this, &ExportSnapshotDialog::confirmFix);

    // A check box rather than a second button: Export stays the one button that sends, named after the bucket,
    // and the override is a visible, deliberate state (read out as checked or not) that the next bucket clears.
    m_exportAnyway = new QCheckBox(tr("Export &anyway (the check found a problem or could not tell)"), this);
    m_exportAnyway->setObjectName(u"exportAnyway"_s);
    m_exportAnyway->setAccessibleDescription(
        tr("Allows the export although an item will fail or cannot be checked; ElastiCache then decides."));
    layout->insertWidget(index + 1, m_exportAnyway);
    connect(m_exportAnyway, &QCheckBox::toggled, this, [this](bool checked) {
        m_anywayKey = checked ? requestKey() : QString();
        validate();
    });
    setTabOrder(m_target, m_exportAnyway);
    setTabOrder(m_exportAnyway, m_buttons);
    // Tall enough for several of the check's items to be read without scrolling where the screen allows (the list
    // takes the height; it does not grow or jump as the check's answers arrive), and within an 800×600 screen.
    resize(std::max(width(), 640), height());
    DialogUtil::setOpeningHeight(this, std::max(height(), 720));
}

bool ExportSnapshotDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_bucket && event->type() == QEvent::FocusIn)
        listBuckets();
    return QDialog::eventFilter(watched, event);
}

void ExportSnapshotDialog::inputChanged()
{
    if (m_exportAnyway && m_exportAnyway->isChecked() && m_anywayKey != requestKey()) {
        // The tick was for another bucket or prefix: the operator decides again for this one.
        const QSignalBlocker blocker(m_exportAnyway);
        m_exportAnyway->setChecked(false);
        m_anywayKey.clear();
    }
    if (m_checkMode != CheckMode::None) {
        if (m_checkView)
            m_checkView->showProblem(QString());
        showCheckState();
    }
    validate();
}

void ExportSnapshotDialog::showCheckState()
{
    const QString name = bucket();
    const bool checkable = !name.isEmpty() && SnapshotNames::checkBucketName(name).ok
        && reservedBucketNameReason(name).isEmpty()
        && (m_source.kind() != SnapshotEntry::Kind::NodeBased || SnapshotNames::checkCopyTargetName(targetName()).ok);
    const QString requirements = bucketRequirements(m_region, m_source.kind());
    if (m_checkMode == CheckMode::Unavailable) {
        cancelCheck();
        m_checkView->showPlaceholder(m_unavailableReason.isEmpty()
                                         ? tr("The bucket cannot be checked: this connection has no S3 client.")
                                         : tr("The bucket cannot be checked: %1").arg(m_unavailableReason),
                                     requirements);
        return;
    }
    if (!checkable) {
        cancelCheck();
        m_reportKey.clear();
        m_checkView->showPlaceholder(tr("Enter a bucket name to check the bucket."), requirements);
        return;
    }
    const QString key = requestKey();
    if (key == m_reportKey && !m_runner) {
        m_checkTimer->stop(); // nothing changed since the report shown (the text was retyped as it was)
        return;
    }
    m_checkView->showChecking(name);
    m_checkTimer->start();
}

void ExportSnapshotDialog::cancelCheck()
{
    m_checkTimer->stop();
    if (m_runner) {
        // Its answers go nowhere: the runner is the context of its jobs' callbacks.
        m_runner->disconnect(this);
        m_runner->deleteLater();
        m_runner = nullptr;
    }
}

void ExportSnapshotDialog::startCheck()
{
    cancelCheck();
    if (!m_s3)
        return;
    std::optional<ExportCheck::Source> source;
    if (const auto node = m_source.nodeSnapshot())
        source = ExportCheck::sourceOf(*node, targetName());
    else if (const auto serverless = m_source.serverlessSnapshot())
        source = ExportCheck::sourceOf(*serverless);
    const QString key = requestKey();
    m_checkKey = key;
    m_runner = new ExportCheckRunner(m_s3, this);
    connect(m_runner, &ExportCheckRunner::finished, this, [this, key](const ExportCheck::Report &report) {
        m_runner->deleteLater();
        m_runner = nullptr;
        if (key != requestKey())
            return; // typed on since; a newer check is on its way
        m_reportKey = key;
        m_checkView->showReport(report);
        validate();
        Q_EMIT checkFinished();
    });
    m_checkView->showChecking(bucket());
    m_runner->start(bucket(), m_region, source, source ? QString() : tr("The snapshot's details were not read."));
    validate();
}

void ExportSnapshotDialog::listBuckets()
{
    if (m_bucketsRequested || !m_s3)
        return;
    m_bucketsRequested = true;
    m_bucketNames = new QStandardItemModel(this);
    m_completer = new QCompleter(m_bucketNames, this);
    m_completer->setObjectName(u"bucketCompleter"_s);
    m_completer->setCompletionRole(kBucketNameRole);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setModelSorting(QCompleter::UnsortedModel); // the model's order: the snapshot's region first
    m_bucket->setCompleter(m_completer);
    ListBucketsJob *job = m_s3->listBuckets();
    job->onFinished(this, [this](const ApiResult<S3::ListBucketsOutput> &result) {
        if (!result) {
            m_bucket->setToolTip(tr("Bucket names are not offered: %1").arg(result.error().toString()));
            Q_EMIT bucketsListed(false);
            return;
        }
        QList<S3::Bucket> here;
        QList<S3::Bucket> unknown;
        QList<S3::Bucket> elsewhere;
        for (const S3::Bucket &b : result.value().buckets) {
            if (b.bucketRegion == m_region)
                here.append(b);
            else if (b.bucketRegion.isEmpty())
                unknown.append(b);
            else
                elsewhere.append(b);
        }
        const auto byName = [](const S3::Bucket &a, const S3::Bucket &b) {
            return a.name < b.name;
        };
        std::sort(here.begin(), here.end(), byName);
        std::sort(unknown.begin(), unknown.end(), byName);
        // Elsewhere: by region, then name, so each region's buckets stand together.
        std::sort(elsewhere.begin(), elsewhere.end(), [](const S3::Bucket &a, const S3::Bucket &b) {
            return std::tie(a.bucketRegion, a.name) < std::tie(b.bucketRegion, b.name);
        });
        for (const S3::Bucket &b : std::as_const(here) + unknown + elsewhere) {
            auto *item
                = new QStandardItem(b.bucketRegion.isEmpty() || b.bucketRegion == m_region
                                        ? b.name
                                        : tr("%1   (in %2, not the snapshot's region)").arg(b.name, b.bucketRegion));
            item->setData(b.name, kBucketNameRole);
            item->setToolTip(b.bucketRegion.isEmpty() ? b.name : tr("%1, in %2").arg(b.name, b.bucketRegion));
            m_bucketNames->appendRow(item);
        }
        Q_EMIT bucketsListed(true);
    });
}

QStringList ExportSnapshotDialog::offeredBuckets() const
{
    QStringList names;
    for (int row = 0; m_bucketNames && row < m_bucketNames->rowCount(); ++row)
        names << m_bucketNames->item(row)->text();
    return names;
}

void ExportSnapshotDialog::confirmFix(ExportCheck::ItemId id)
{
    const ExportCheck::Report *report = currentReport();
    const ExportCheck::Item *item = report ? report->item(id) : nullptr;
    if (!item || item->fixes.isEmpty() || m_fixer)
        return;
    auto *confirm = new ExportFixDialog(report->bucket, *item, this);
    confirm->setAttribute(Qt::WA_DeleteOnClose);
    const QString key = requestKey();
    connect(confirm, &QDialog::accepted, this, [this, confirm, key] {
        if (key != requestKey())
            return; // the bucket changed under the confirmation; its fix is for another bucket
        applyFix(confirm->chosenFix());
    });
    confirm->open();
}

void ExportSnapshotDialog::applyFix(const ExportCheck::Fix &fix)
{
    if (!m_s3 || m_fixer)
        return;
    cancelCheck();
    m_checkView->showProblem(QString());
    m_checkView->showChecking(bucket());
    m_fixer = new ExportCheckFixer(m_s3, this);
    const QString title = fix.title;
    connect(m_fixer, &ExportCheckFixer::finished, this, [this, title](bool ok, const QString &message) {
        m_fixer->deleteLater();
        m_fixer = nullptr;
        if (!ok)
            m_checkView->showProblem(tr("Not fixed (%1): %2").arg(title, message));
        // Either way the bucket is read again: what is shown is what is there now.
        m_reportKey.clear();
        startCheck();
        Q_EMIT fixFinished(ok);
    });
    m_fixer->apply(bucket(), m_region, fix);
    validate();
}

QString ExportSnapshotDialog::requestKey() const
{
    return bucket() + u'\n' + (m_source.kind() == SnapshotEntry::Kind::NodeBased ? targetName() : QString());
}

void ExportSnapshotDialog::setSubmitHandler(std::function<void()> submit)
{
    m_request.setSubmitHandler(std::move(submit));
}

void ExportSnapshotDialog::requestFailed(const ApiError &error, const QString &advice)
{
    // An object that exists already: a new prefix fixes it for a node-based snapshot; a serverless export has no
    // prefix, so another bucket (or removing the object) does.
    const bool objectExists = error.message.contains(u"already contains an object", Qt::CaseInsensitive);
    const bool prefix = objectExists && m_source.kind() == SnapshotEntry::Kind::NodeBased;
    QLineEdit *field = prefix ? m_target : m_bucket;
    m_request.fail(this, m_buttons, error,
                   DialogUtil::PendingRequest::describe(error, advice,
                                                        prefix ? tr("Change the object prefix to try again.")
                                                               : tr("Change the bucket to try again.")));
    validate();
    field->setFocus();
    field->selectAll();
}
