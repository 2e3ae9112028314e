// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportsnapshotdialog.h"

#include "dialogutil.h"
#include "snapshotnames.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QVBoxLayout>

namespace {

// ElastiCache's canonical user for S3 grants in the Regions enabled by default.
constexpr QLatin1StringView kCanonicalId{"540804c33a284a299d2547575ce1010f2312ef3da9b3a053c8bc45bf233e4353"};
constexpr QLatin1StringView kGovCloudCanonicalId{"40fa568277ad703bd160f66ae4f83fc9dfdfd06c2f1b5060ca22442ac3ef8be6"};

int shardCount(const SnapshotEntry &entry)
{
    const Snapshot *node = entry.nodeSnapshot();
    if (!node || node->nodeSnapshots.isEmpty())
        return 1;
    QSet<QString> groups;
    for (const NodeSnapshot &n : node->nodeSnapshots)
        groups.insert(n.nodeGroupId);
    return int(qMax<qsizetype>(1, groups.size()));
}

} // namespace

ExportSnapshotDialog::ExportSnapshotDialog(SnapshotEntry source, QString region, const QString &rememberedBucket,
                                           QWidget *parent)
    : QDialog(parent)
    , m_source(std::move(source))
    , m_region(std::move(region))
{
    setObjectName(u"exportSnapshotDialog"_qs);
    setWindowTitle(tr("Export snapshot to S3"));

    auto *sourceLabel = new QLabel(m_source.name(), this);
    sourceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_bucket = new QLineEdit(rememberedBucket, this);
    m_bucket->setObjectName(u"bucket"_qs);
    m_bucket->setPlaceholderText(tr("A bucket in %1").arg(m_region));

    m_target = new QLineEdit(this);
    m_target->setObjectName(u"targetName"_qs);
    m_target->setText(SnapshotNames::normalized(m_source.name()).replace(u'.', u'-'));
    // ExportServerlessCacheSnapshot takes no target name: the objects are named after the snapshot.
    m_target->setEnabled(m_source.kind() == SnapshotEntry::Kind::NodeBased);

    m_objects = new QLabel(this);
    m_objects->setObjectName(u"objectNames"_qs);
    m_objects->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_objects->setWordWrap(true);

    auto *requirements = new QLabel(bucketRequirements(m_region), this);
    requirements->setObjectName(u"requirements"_qs);
    requirements->setWordWrap(true);
    requirements->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_validation = new QLabel(this);
    m_validation->setObjectName(u"validation"_qs);
    m_validation->setWordWrap(true);
    m_validation->setStyleSheet(u"color: #d64541;"_qs);

    auto *form = new QFormLayout;
    form->addRow(tr("Snapshot:"), sourceLabel);
    form->addRow(tr("&Bucket:"), m_bucket);
    form->addRow(tr("Object &prefix:"), m_target);
    form->addRow(tr("Objects:"), m_objects);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (isValid())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(requirements);
    layout->addWidget(m_validation);
    layout->addWidget(m_buttons);
    setMinimumWidth(560);

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

QStringList ExportSnapshotDialog::objectNames() const
{
    const QString prefix = m_source.kind() == SnapshotEntry::Kind::NodeBased ? SnapshotNames::normalized(targetName())
                                                                             : m_source.name();
    QStringList names;
    const int shards = shardCount(m_source);
    for (int i = 1; i <= shards; ++i)
        names.append(prefix + u'-' + QString::number(i).rightJustified(4, u'0') + u".rdb"_qs);
    return names;
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
        u"af-south-1"_qs,     u"ap-east-1"_qs,      u"ap-south-2"_qs,   u"ap-southeast-3"_qs, u"ap-southeast-4"_qs,
        u"ap-southeast-5"_qs, u"ap-southeast-7"_qs, u"ca-west-1"_qs,    u"eu-central-2"_qs,   u"eu-south-1"_qs,
        u"eu-south-2"_qs,     u"il-central-1"_qs,   u"me-central-1"_qs, u"me-south-1"_qs,     u"mx-central-1"_qs,
    };
    return optIn.contains(region);
}

QString ExportSnapshotDialog::bucketRequirements(const QString &region)
{
    QString grant;
    if (region.startsWith(u"us-gov-"))
        grant = tr("grant ElastiCache's GovCloud canonical ID %1 \"List objects\", \"Write objects\" and \"Read "
                   "bucket permissions\" in the bucket's ACL (the bucket must be in GovCloud too)")
                    .arg(kGovCloudCanonicalId);
    else if (isOptInRegion(region))
        grant = tr("a bucket policy that allows the service principal %1.elasticache-snapshot.amazonaws.com "
                   "s3:PutObject, s3:GetObject, s3:ListBucket, s3:GetBucketAcl, s3:ListMultipartUploadParts and "
                   "s3:ListBucketMultipartUploads on the bucket and its objects")
                    .arg(region);
    else
        grant = tr("grant ElastiCache's canonical ID %1 \"List objects\", \"Write objects\" and \"Read bucket "
                   "permissions\" in the bucket's ACL (new buckets have ACLs disabled: set Object Ownership to "
                   "\"Bucket owner preferred\" first)")
                    .arg(kCanonicalId);
    return tr("The bucket must be in %1 (the snapshot's region), owned by your account, and ElastiCache needs "
              "access: %2. Snapshots of data-tiering clusters cannot be exported. Exported objects are encrypted "
              "with S3 server-side encryption, not with a customer-managed KMS key, and anyone who can read the "
              "bucket can read the data.")
        .arg(region, grant);
}

QString ExportSnapshotDialog::adviceFor(const ApiError &error, const QString &region)
{
    const QString message = error.message;
    const auto has = [&](QStringView text) { return message.contains(text, Qt::CaseInsensitive); };
    if (has(u"outside of the region") || has(u"different region"))
        return tr("The bucket is in another region. Export to a bucket in %1, then copy the object with S3 if "
                  "you need it elsewhere.")
            .arg(region);
    if (has(u"does not exist"))
        return tr("There is no bucket of that name. Create it in %1 first, or check the spelling.").arg(region);
    if (has(u"not owned"))
        return tr("The bucket belongs to another account. ElastiCache exports only to buckets your account owns.");
    if (has(u"has not been granted") || has(u"READ_ACP") || (error.code == u"InvalidParameterValue" && has(u"grant")))
        return tr("ElastiCache may not write into the bucket yet. Fix: %1").arg(bucketRequirements(region));
    if (has(u"already contains an object"))
        return tr("An object of that name is already in the bucket. Choose another object prefix, or remove the "
                  "old object.");
    if (has(u"sufficient permissions") || error.code == u"AccessDenied")
        return tr("Your own credentials lack permissions: exporting needs elasticache:CopySnapshot, "
                  "s3:GetBucketLocation and s3:ListAllMyBuckets.");
    if (has(u"data tiering") || has(u"data-tiering"))
        return tr("Snapshots of data-tiering clusters (r6gd) cannot be exported.");
    return QString();
}

void ExportSnapshotDialog::validate()
{
    QString message;
    const SnapshotNames::Verdict bucketVerdict = SnapshotNames::checkBucketName(bucket());
    if (bucket().isEmpty())
        message = tr("Enter the name of a bucket in %1.").arg(m_region);
    else if (!bucketVerdict.ok)
        message = bucketVerdict.reason;
    else if (m_source.dataTiering() == u"enabled")
        message = tr("This snapshot is of a data-tiering cluster; those cannot be exported.");
    else if (m_source.status() != SnapshotEntry::Status::Available)
        message = tr("The snapshot is \"%1\"; only an available snapshot can be exported.").arg(m_source.statusText());
    else if (m_source.kind() == SnapshotEntry::Kind::NodeBased) {
        const SnapshotNames::Verdict nameVerdict = SnapshotNames::checkCopyTargetName(targetName());
        if (!nameVerdict.ok)
            message = nameVerdict.reason;
    }
    m_validationMessage = message;
    DialogUtil::showValidation(m_validation, message);
    m_objects->setText(objectNames().join(u'\n'));
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(message.isEmpty());
    ok->setText(bucket().isEmpty() ? tr("Export") : tr("Export to s3://%1").arg(bucket()));
}
