// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportsnapshotdialog.h"

#include "exportplan.h"

#include "dialogutil.h"
#include "snapshotnames.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// ElastiCache's canonical user for S3 grants in the Regions enabled by default.
constexpr QLatin1StringView kCanonicalId {"540804c33a284a299d2547575ce1010f2312ef3da9b3a053c8bc45bf233e4353"};
constexpr QLatin1StringView kGovCloudCanonicalId {"40fa568277ad703bd160f66ae4f83fc9dfdfd06c2f1b5060ca22442ac3ef8be6"};

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

QString policyActionFor(const QString &permission)
{
    if (permission == u"READ")
        return u"s3:ListBucket"_s;
    if (permission == u"WRITE")
        return u"s3:PutObject"_s;
    return u"s3:GetBucketAcl"_s;
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

    auto *requirements = new QLabel(bucketRequirements(m_region, m_source.kind()), this);
    requirements->setObjectName(u"requirements"_s);
    requirements->setWordWrap(true);
    // See CreateSnapshotDialog: a floor for the wrapped text, so the dialog opens at the height the text needs.
    requirements->setMinimumWidth(560);
    requirements->setTextInteractionFlags(Qt::TextSelectableByMouse);

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
        if (isValid() && !m_request.submit(this, m_buttons, requestKey()))
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addSpacing(4);
    layout->addWidget(requirements);
    layout->addWidget(m_validation);
    layout->addWidget(m_buttons);

    connect(m_bucket, &QLineEdit::textChanged, this, &ExportSnapshotDialog::validate);
    connect(m_target, &QLineEdit::textChanged, this, &ExportSnapshotDialog::validate);
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
    if (const Snapshot *node = m_source.nodeSnapshot())
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
    static const QSet<QString> optIn = {
        u"af-south-1"_s,     u"ap-east-1"_s,      u"ap-east-2"_s,      u"ap-southeast-6"_s, u"ap-south-2"_s,
        u"ap-southeast-3"_s, u"ap-southeast-4"_s, u"ap-southeast-5"_s, u"ap-southeast-7"_s, u"ca-west-1"_s,
        u"eu-central-2"_s,   u"eu-south-1"_s,     u"eu-south-2"_s,     u"il-central-1"_s,   u"me-central-1"_s,
        u"me-south-1"_s,     u"mx-central-1"_s,
    };
    return optIn.contains(region);
}

QString ExportSnapshotDialog::grantRequirement(const QString &region)
{
    // Identifiers on lines of their own: word wrap would break them at their hyphens, and they get copied.
    if (region.startsWith(u"us-gov-"))
        return tr("in the bucket's ACL, grant \"List objects\", \"Write objects\" and \"Read bucket permissions\" "
                  "to ElastiCache's GovCloud canonical ID\n      %1\n   (the bucket must be in GovCloud too)")
            .arg(kGovCloudCanonicalId);
    if (isOptInRegion(region))
        return tr("a bucket policy (%1 is an opt-in region, where the canonical-ID grant does not work) that allows "
                  "the service principal\n      %1.elasticache-snapshot.amazonaws.com\n   s3:PutObject, s3:GetObject, "
                  "s3:ListBucket, s3:GetBucketAcl, s3:ListMultipartUploadParts and s3:ListBucketMultipartUploads on "
                  "the bucket and on its objects")
            .arg(region);
    return tr("in the bucket's ACL, grant \"List objects\", \"Write objects\" and \"Read bucket permissions\" to "
              "ElastiCache's canonical ID\n      %1\n   (new buckets have ACLs disabled: set Object Ownership to "
              "\"Bucket owner preferred\" first)")
        .arg(kCanonicalId);
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
    if (region.startsWith(u"cn-"))
        lines << tr("\u2022 (China regions use their own grantee, which CacheSnap does not know: check the "
                    "ElastiCache documentation for %1);")
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
        if (isOptInRegion(region))
            return tr("ElastiCache may not use the bucket: the bucket policy does not allow %1 to the service "
                      "principal. Fix: %2.")
                .arg(policyActionFor(permission), grantRequirement(region));
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
    ok->setEnabled(message.isEmpty() && !m_request.isRunning());
    ok->setText(name.isEmpty() ? tr("Export") : tr("Export to s3://%1").arg(name));
    DialogUtil::growToFit(this);
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
