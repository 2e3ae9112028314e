// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "dialogutil.h"
#include "restoreplan.h"
#include "snapshotentry.h"

#include <QDialog>
#include <QHash>
#include <QPointer>
#include <QSet>

#include <functional>
#include <optional>

class Ec2Client;
class ElastiCacheClient;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QWidget;
class S3Client;

// A VPC security group as the Restore dialog offers it.
struct SecurityGroupChoice
{
    QString id; // sg-…
    QString name;
    QString description;

    bool operator==(const SecurityGroupChoice &) const = default;
};

// Lists the security groups of a VPC (EC2 DescribeSecurityGroups) and calls done once with them or the error,
// unless context is destroyed first. The window makes one from the connection's EC2 client.
using SecurityGroupSource = std::function<void(
    const QString &vpcId, QObject *context, std::function<void(const ApiResult<QList<SecurityGroupChoice>> &)> done)>;

// Restore into a new cache: from the selected snapshot (node-based: a replication group or a single-node cluster;
// serverless: a serverless cache) or from .rdb objects in S3 (picked from a bucket listing or pasted as ARNs).
// The fields start from the snapshot (RestorePlan::defaults) and RestorePlan::check() runs on every change: what
// the service refuses is disabled or refused with the reason next to its field, notes are shown beside theirs,
// and Restore is enabled only when nothing is refused. Subnet groups, parameter groups (of the engine version's
// family) and engine versions come from the account; security groups from the subnet group's VPC. Every call is
// asynchronous; a failed listing says so next to its field and leaves the field usable.
class RestoreDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RestoreDialog)

public:
    // snapshot: the selected snapshot (null: only "From exported objects (S3)" is offered).
    explicit RestoreDialog(const SnapshotEntry &snapshot, QWidget *parent = nullptr);
    ~RestoreDialog() override;

    // Lists engine versions, subnet groups and parameter groups through client (the window's; it outlives the
    // dialog).
    void setClient(ElastiCacheClient *client);
    // Lists a bucket's .rdb objects; null: ARNs are pasted only.
    void setS3Client(S3Client *s3);
    // Lists the subnet group's VPC's security groups; null: IDs are typed, with a note saying why.
    void setSecurityGroupSource(SecurityGroupSource source, const QString &unavailableReason = QString());
    // The caches that exist already, per kind (lowercase), so a name is not taken twice.
    void setExistingNames(RestorePlan::Target target, const QSet<QString> &names);

    RestorePlan::Source source() const;
    RestorePlan::Choice choice() const;
    QList<RestorePlan::Issue> issues() const;
    bool isValid() const;
    // The reason shown next to a field (refusals first), empty when there is none.
    QString reasonFor(RestorePlan::Input field) const;
    QWidget *fieldWidget(RestorePlan::Input field) const;

    // With a handler, Restore sends the request through it and the dialog stays open until accept() (it worked)
    // or requestFailed() (shown here, with the field to change focused; the input is kept).
    void setSubmitHandler(std::function<void()> submit);
    void requestFailed(const ApiError &error);
    // The security groups of a VPC from EC2 (DescribeSecurityGroups filtered on vpc-id), by name; null without ec2.
    static SecurityGroupSource securityGroupsFrom(Ec2Client *ec2);
    // The field a service error is about, and what to do, in words.
    static RestorePlan::Input fieldFor(const ApiError &error);
    static QString adviceFor(const ApiError &error);

    // Whether each listing has answered (or failed): engine versions, subnet groups, parameter groups.
    bool isLoading() const;

Q_SIGNALS:
    // The account's listings have answered (or failed), and the fields show them.
    void accountListed();
    void securityGroupsListed(bool ok);
    void objectsListed(bool ok);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void buildSourceBox(QWidget *content);
    void buildForm(QWidget *content);
    QLabel *addReason(RestorePlan::Input field);
    void originChanged();
    enum class FitMode { GrowOrShrink, GrowOnly };
    void fitToContent(FitMode mode);
    void targetChanged();
    void engineChanged();
    void engineVersionChanged();
    void clusterModeToggled(bool on);
    void switchParameterGroup(bool clusterMode);
    void setShards(int shards); // by the dialog, not the operator
    void subnetGroupChanged();
    void applyDefaults();
    void fillTargets();
    void fillEngineVersions();
    void fillParameterGroups();
    void fillSubnetGroups();
    void listEngineVersions(const QString &engine);
    void listSecurityGroups();
    void showSecurityGroupIds(bool typed);
    void listObjects();
    void validate();
    void updateEnabled();
    QString requestKey() const;
    RestorePlan::Origin origin() const;
    QString currentVpc() const;
    QString selectedFamily() const;

    SnapshotEntry m_snapshot;
    RestorePlan::Source m_snapshotSource; // from the snapshot, when there is one
    RestorePlan::Databases m_databases = RestorePlan::Databases::Unknown;
    QHash<int, QSet<QString>> m_existing; // per Target
    QList<RestorePlan::Issue> m_issues;
    bool m_filling = false; // fields being filled by code: no validation per change
    bool m_fitted = false; // sized to its content once, when first shown
    int m_autoShards = -1; // the shard count the dialog set last: it follows the objects until the operator types one

    QPointer<ElastiCacheClient> m_client;
    QPointer<S3Client> m_s3;
    SecurityGroupSource m_securityGroups;
    QString m_securityGroupsUnavailable;
    // The account's listings (empty until answered).
    QHash<QString, QList<CacheEngineVersion>> m_engineVersions; // per engine
    QSet<QString> m_engineVersionsRequested;
    std::optional<QList<CacheSubnetGroup>> m_subnetGroups;
    std::optional<QList<CacheParameterGroup>> m_parameterGroups;
    QString m_subnetGroupsError;
    QString m_parameterGroupsError;
    QString m_securityGroupsVpc; // the VPC whose groups are listed (or being listed)
    int m_pendingListings = 0;

    QRadioButton *m_fromSnapshot = nullptr;
    QRadioButton *m_fromObjects = nullptr;
    QWidget *m_objectsPanel = nullptr;
    QLineEdit *m_bucket = nullptr;
    QPushButton *m_listObjects = nullptr;
    QListWidget *m_objectList = nullptr;
    QLabel *m_objectsStatus = nullptr;
    QPlainTextEdit *m_objectArns = nullptr;

    QFormLayout *m_form = nullptr;
    QComboBox *m_target = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_description = nullptr;
    QComboBox *m_engine = nullptr;
    QComboBox *m_engineVersion = nullptr;
    QComboBox *m_nodeType = nullptr;
    QCheckBox *m_clusterMode = nullptr;
    QSpinBox *m_shards = nullptr;
    QSpinBox *m_replicas = nullptr;
    QSpinBox *m_port = nullptr;
    QComboBox *m_parameterGroup = nullptr;
    QComboBox *m_subnetGroup = nullptr;
    QListWidget *m_securityGroupList = nullptr;
    QLineEdit *m_securityGroupIds = nullptr;
    QLabel *m_securityGroupsStatus = nullptr;
    QHash<int, QLabel *> m_reasons; // per Input
    QHash<int, QWidget *> m_rows; // per Input: the widget its form row is made of

    QLabel *m_validation = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    DialogUtil::PendingRequest m_request;
};
