// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionsdialog.h"

#include "credentialchain.h"
#include "credentialstore.h"
#include "elasticacheclient.h"
#include "endpointresolver.h"
#include "keychaincredentialstore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
enum Column { NameColumn, KindColumn, RegionColumn, WhereColumn };
constexpr int kAppKeptRole = Qt::UserRole;
constexpr int kEnvironmentRole = Qt::UserRole + 1;
// How long a keychain call runs before the dialog says the keyring may be waiting for its unlock prompt.
constexpr int kKeyringHintMs = 1500;

QString kindText(AwsProfile::Kind kind, bool appKept)
{
    if (appKept)
        return ConnectionsDialog::tr("keys (app-kept)");
    switch (kind) {
    case AwsProfile::Kind::Keys:
        return ConnectionsDialog::tr("keys");
    case AwsProfile::Kind::Process:
        return ConnectionsDialog::tr("process");
    case AwsProfile::Kind::Role:
        return ConnectionsDialog::tr("role");
    case AwsProfile::Kind::Sso:
        return ConnectionsDialog::tr("SSO");
    case AwsProfile::Kind::None:
        break;
    }
    return ConnectionsDialog::tr("settings only");
}
} // namespace

ConnectionsDialog::ConnectionsDialog(std::shared_ptr<CredentialStore> store, QWidget *parent)
    : QDialog(parent)
    , m_store(std::move(store))
    , m_mfaPrompt(inputDialogMfaPrompt(this))
{
    setWindowTitle(tr("Connections"));
    setObjectName(u"connectionsDialog"_s);

    m_list = new QTreeWidget(this);
    m_list->setObjectName(u"profileList"_s);
    m_list->setHeaderLabels({tr("Profile"), tr("Kind"), tr("Region"), tr("Kept in")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_region = new QComboBox(this);
    m_region->setObjectName(u"regionCombo"_s);
    m_add = new QPushButton(tr("&Add app-kept profile…"), this);
    m_add->setObjectName(u"addButton"_s);
    m_edit = new QPushButton(tr("&Edit…"), this);
    m_edit->setObjectName(u"editButton"_s);
    m_remove = new QPushButton(tr("&Remove"), this);
    m_remove->setObjectName(u"removeButton"_s);
    m_test = new QPushButton(tr("&Test connection"), this);
    m_test->setObjectName(u"testButton"_s);
    m_status = new QLabel(this);
    m_status->setObjectName(u"statusLabel"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_keychainProgress = new QProgressBar(this);
    m_keychainProgress->setObjectName(u"keychainProgress"_s);
    m_keychainProgress->setRange(0, 0);
    m_keychainProgress->setTextVisible(false);
    m_keychainProgress->hide();
    m_keychainHint = new QTimer(this);
    m_keychainHint->setSingleShot(true);
    m_keychainHint->setInterval(kKeyringHintMs);

    m_editor = new QGroupBox(tr("App-kept profile (the secret goes to the OS keychain only)"), this);
    m_editor->setObjectName(u"editorBox"_s);
    m_name = new QLineEdit(m_editor);
    m_name->setObjectName(u"nameEdit"_s);
    m_keyId = new QLineEdit(m_editor);
    m_keyId->setObjectName(u"keyIdEdit"_s);
    m_secret = new QLineEdit(m_editor);
    m_secret->setObjectName(u"secretEdit"_s);
    m_secret->setEchoMode(QLineEdit::Password);
    m_token = new QLineEdit(m_editor);
    m_token->setObjectName(u"tokenEdit"_s);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("optional"));
    m_save = new QPushButton(tr("&Save"), m_editor);
    m_save->setObjectName(u"saveButton"_s);
    m_cancelEdit = new QPushButton(tr("Cancel"), m_editor);
    m_cancelEdit->setObjectName(u"cancelEditButton"_s);
    auto *form = new QFormLayout(m_editor);
    form->addRow(tr("Profile name:"), m_name);
    form->addRow(tr("Access key id:"), m_keyId);
    form->addRow(tr("Secret access key:"), m_secret);
    form->addRow(tr("Session token:"), m_token);
    auto *editButtons = new QHBoxLayout;
    editButtons->addStretch();
    editButtons->addWidget(m_cancelEdit);
    editButtons->addWidget(m_save);
    form->addRow(editButtons);
    m_editor->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(u"dialogButtons"_s);

    auto *row = new QHBoxLayout;
    row->addWidget(m_add);
    row->addWidget(m_edit);
    row->addWidget(m_remove);
    row->addStretch();
    auto *regionRow = new QHBoxLayout;
    regionRow->addWidget(new QLabel(tr("Region:"), this));
    regionRow->addWidget(m_region, 1);
    regionRow->addWidget(m_test);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list, 1);
    layout->addLayout(row);
    layout->addWidget(m_editor);
    layout->addLayout(regionRow);
    layout->addWidget(m_keychainProgress);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &ConnectionsDialog::onSelectionChanged);
    connect(m_add, &QPushButton::clicked, this, [this] { startEditing(true); });
    connect(m_edit, &QPushButton::clicked, this, [this] { startEditing(false); });
    connect(m_remove, &QPushButton::clicked, this, &ConnectionsDialog::removeSelected);
    connect(m_test, &QPushButton::clicked, this, &ConnectionsDialog::testConnection);
    connect(m_save, &QPushButton::clicked, this, &ConnectionsDialog::save);
    connect(m_cancelEdit, &QPushButton::clicked, this, [this] { m_editor->hide(); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_keychainHint, &QTimer::timeout, this, [this] {
        setStatus(m_status->text()
                      + tr("\nThe OS keyring has not answered yet: it may be asking for its password in a window of "
                           "its own (look behind this one, or on another screen). This goes on once it is unlocked; "
                           "after %1 s without an answer it is given up.")
                            .arg(KeychainCredentialStore::kTimeoutMs / 1000),
                  false);
    });

    if (!m_store) {
        m_add->setEnabled(false);
        m_add->setToolTip(tr("The OS keychain is unavailable, so the app cannot keep keys of its own."));
    }
    reload();
    resize(640, 440);
}

ConnectionsDialog::~ConnectionsDialog() = default;

void ConnectionsDialog::setMfaPrompt(MfaPrompt prompt)
{
    m_mfaPrompt = std::move(prompt);
}

MfaPrompt ConnectionsDialog::inputDialogMfaPrompt(QWidget *parent)
{
    QPointer<QWidget> guard(parent);
    return [guard](const QString &serial, const QString &profile,
                   std::function<void(const std::optional<QString> &)> answer) {
        auto *dialog = new QInputDialog(guard);
        dialog->setObjectName(u"mfaPrompt"_s);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setWindowTitle(tr("MFA code"));
        dialog->setLabelText(
            tr("Profile %1 assumes a role that needs a code from your MFA device\n%2:").arg(profile, serial));
        dialog->setTextEchoMode(QLineEdit::Normal);
        auto answered = std::make_shared<bool>(false);
        QObject::connect(dialog, &QInputDialog::accepted, dialog, [dialog, answer, answered] {
            *answered = true;
            answer(dialog->textValue());
        });
        QObject::connect(dialog, &QInputDialog::rejected, dialog, [answer, answered] {
            if (*answered)
                return;
            *answered = true;
            answer(std::nullopt);
        });
        dialog->open();
    };
}

void ConnectionsDialog::reload()
{
    const QString previous = selectedProfile();
    const bool wasEnvironment = selectedIsEnvironment();
    m_list->clear();
    CredentialChain::Hooks hooks;
    hooks.store = m_store;
    const auto profiles = CredentialChain::listProfiles(hooks);
    if (!profiles) {
        setStatus(profiles.error().message, true);
        return;
    }
    if (CredentialChain::environmentHasKeys()) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(NameColumn, tr("Environment variables"));
        item->setText(KindColumn,
                      qEnvironmentVariableIsEmpty("AWS_SESSION_TOKEN") ? tr("keys") : tr("keys + session token"));
        QString region = qEnvironmentVariable("AWS_REGION").trimmed();
        if (region.isEmpty())
            region = qEnvironmentVariable("AWS_DEFAULT_REGION").trimmed();
        item->setText(RegionColumn, region);
        item->setText(WhereColumn, tr("environment"));
        item->setToolTip(NameColumn, tr("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of CacheSnap's environment"));
        item->setData(NameColumn, kEnvironmentRole, true);
    }
    for (const CredentialChain::ProfileInfo &p : profiles.value()) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(NameColumn, p.name);
        item->setText(KindColumn, kindText(p.kind, p.appKept));
        item->setText(RegionColumn, p.region);
        item->setText(WhereColumn, p.appKept ? tr("OS keychain") : tr("~/.aws"));
        item->setData(NameColumn, kAppKeptRole, p.appKept);
    }
    if (wasEnvironment)
        selectEnvironment();
    else if (!previous.isEmpty())
        selectProfile(previous);
    if (!m_list->currentItem() && m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    onSelectionChanged();
}

QString ConnectionsDialog::selectedProfile() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item && !item->data(NameColumn, kEnvironmentRole).toBool() ? item->text(NameColumn) : QString();
}

bool ConnectionsDialog::selectedIsEnvironment() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item && item->data(NameColumn, kEnvironmentRole).toBool();
}

void ConnectionsDialog::selectEnvironment()
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        if (m_list->topLevelItem(i)->data(NameColumn, kEnvironmentRole).toBool()) {
            m_list->setCurrentItem(m_list->topLevelItem(i));
            return;
        }
    }
}

QString ConnectionsDialog::selectedRegion() const
{
    return m_region->currentText();
}

void ConnectionsDialog::selectProfile(const QString &name)
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        if (m_list->topLevelItem(i)->text(NameColumn) == name
            && !m_list->topLevelItem(i)->data(NameColumn, kEnvironmentRole).toBool()) {
            m_list->setCurrentItem(m_list->topLevelItem(i));
            return;
        }
    }
}

bool ConnectionsDialog::selectedIsAppKept() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item && item->data(NameColumn, kAppKeptRole).toBool();
}

void ConnectionsDialog::onSelectionChanged()
{
    const QTreeWidgetItem *item = m_list->currentItem();
    m_edit->setEnabled(item && selectedIsAppKept() && m_store);
    m_remove->setEnabled(item && selectedIsAppKept() && m_store);
    m_test->setEnabled(item != nullptr);
    fillRegions(item ? item->text(RegionColumn) : QString());
}

void ConnectionsDialog::fillRegions(const QString &profileRegion)
{
    // The partition of the profile's region (aws-cn for cn-north-1, …); the commercial one otherwise.
    QString partition = profileRegion.isEmpty() ? QString() : EndpointResolver::partitionOf(profileRegion);
    if (partition.isEmpty())
        partition = u"aws"_s;
    const QString keep = m_region->currentText();
    m_region->clear();
    for (const QString &region : EndpointResolver::regions(partition)) {
        const QString description = EndpointResolver::regionDescription(region);
        m_region->addItem(region);
        if (!description.isEmpty())
            m_region->setItemData(m_region->count() - 1, description, Qt::ToolTipRole);
    }
    const QString want = !profileRegion.isEmpty() ? profileRegion : keep;
    const int index = m_region->findText(want);
    m_region->setCurrentIndex(index >= 0 ? index : m_region->findText(u"us-east-1"_s));
}

void ConnectionsDialog::startEditing(bool adding)
{
    m_name->setText(adding ? QString() : selectedProfile());
    m_name->setReadOnly(!adding);
    m_keyId->clear();
    m_secret->clear();
    m_token->clear();
    m_editor->show();
    (adding ? m_name : m_keyId)->setFocus();
}

void ConnectionsDialog::save()
{
    if (!m_store)
        return;
    const QString name = m_name->text().trimmed();
    if (auto bad = CredentialStore::checkName(name)) {
        setStatus(bad->message, true);
        return;
    }
    AwsCredentials c;
    c.accessKeyId = m_keyId->text().trimmed();
    c.secretAccessKey = m_secret->text().trimmed();
    c.sessionToken = m_token->text().trimmed();
    if (!c.isValid()) {
        setStatus(tr("Enter both the access key id and the secret access key."), true);
        return;
    }
    m_save->setEnabled(false);
    setKeychainBusy(tr("Saving %1 to the OS keychain…").arg(name));
    const QString region = m_region->currentText();
    m_store->write(name, c, this, [this, name, region](const std::optional<ApiError> &error) {
        m_save->setEnabled(true);
        setKeychainBusy(QString());
        if (error) {
            setStatus(error->message, true);
            return;
        }
        m_store->setRegion(name, region);
        m_secret->clear();
        m_token->clear();
        m_editor->hide();
        reload();
        selectProfile(name);
        setStatus(tr("Saved %1; its secret is in the OS keychain.").arg(name), false);
        Q_EMIT storeChanged();
    });
}

void ConnectionsDialog::removeSelected()
{
    if (!m_store || !selectedIsAppKept())
        return;
    const QString name = selectedProfile();
    m_remove->setEnabled(false);
    setKeychainBusy(tr("Removing %1 from the OS keychain…").arg(name));
    m_store->remove(name, this, [this, name](const std::optional<ApiError> &error) {
        setKeychainBusy(QString());
        onSelectionChanged();
        if (error) {
            setStatus(error->message, true);
            return;
        }
        reload();
        setStatus(tr("Removed %1 and its keys.").arg(name), false);
        Q_EMIT storeChanged();
    });
}

QString ConnectionsDialog::describeOutcome(const ApiResult<int> &result, const QString &profile, const QString &region)
{
    if (result)
        return tr("Connected: profile %1 can list snapshots in %2 (%n snapshot(s) on the first page).", nullptr,
                  result.value())
            .arg(profile, region);
    const ApiError &e = result.error();
    if (e.code == u"SsoTokenExpired" || e.code == u"SsoTokenMissing" || e.code == u"SsoTokenInvalid")
        return tr("Your IAM Identity Center (SSO) login for profile %1 has expired or is missing. Run \"aws sso "
                  "login --profile %1\" in a terminal, then test again.")
            .arg(profile);
    if (e.code == u"MfaCancelled")
        return tr("No MFA code was entered, so profile %1 could not assume its role.").arg(profile);
    if (e.code == u"AccessDenied" || e.code == u"AccessDeniedException" || e.code == u"UnauthorizedOperation")
        return tr("The credentials of profile %1 were accepted but are not allowed to do this (%2): %3")
            .arg(profile, e.code, e.message);
    if (e.code == u"InvalidClientTokenId" || e.code == u"SignatureDoesNotMatch" || e.code == u"ExpiredToken")
        return tr("AWS did not accept the credentials of profile %1 (%2): check the access key and secret, or "
                  "refresh them.")
            .arg(profile, e.code);
    switch (e.kind) {
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
        return tr("Could not reach ElastiCache in %1: %2").arg(region, e.message);
    case ApiError::Kind::Credentials:
        return tr("No usable credentials for profile %1: %2").arg(profile, e.message);
    case ApiError::Kind::Config:
        return tr("The settings of profile %1 are not usable: %2").arg(profile, e.message);
    default:
        break;
    }
    return tr("The test call failed: %1").arg(e.toString());
}

void ConnectionsDialog::testConnection()
{
    const bool environment = selectedIsEnvironment();
    const QString profile = environment ? tr("Environment variables") : selectedProfile();
    const QString region = selectedRegion();
    if (profile.isEmpty())
        return;
    CredentialChain::Overrides overrides;
    overrides.profile = environment ? QString() : profile;
    overrides.environmentOnly = environment;
    overrides.region = region;
    CredentialChain::Hooks hooks;
    hooks.store = m_store;
    hooks.mfaPrompt = m_mfaPrompt;
    const auto config = CredentialChain::resolveClientConfig(overrides, hooks);
    auto finish = [this, profile, region](const ApiResult<int> &result) {
        m_test->setEnabled(true);
        const QString text = describeOutcome(result, profile, region);
        setStatus(text, !result.ok());
        Q_EMIT testFinished(result.ok(), text);
    };
    if (!config) {
        finish(config.error());
        return;
    }
    if (m_client)
        m_client->deleteLater();
    m_client = new ElastiCacheClient(config.value(), this);
    m_test->setEnabled(false);
    setStatus(tr("Testing profile %1 in %2…").arg(profile, region), false);
    DescribeSnapshotsRequest request;
    request.maxRecords = 20;
    SnapshotListJob *job = m_client->describeSnapshots(request);
    job->setAccumulate(true);
    // One page is enough to prove the connection; stop after it.
    connect(job, &SnapshotListJob::pageReceived, this, [job, finish](const QList<Snapshot> &page) {
        finish(int(page.size()));
        job->disconnect();
        job->abort();
    });
    connect(job, &SnapshotListJob::finished, this, [finish](const ApiResult<QList<Snapshot>> &r) {
        if (!r)
            finish(r.error());
    });
}

void ConnectionsDialog::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setProperty("error", error);
    m_status->setStyleSheet(error ? u"color: palette(highlighted-text); background: #b00020; padding: 4px;"_s
                                  : QString());
}

void ConnectionsDialog::setKeychainBusy(const QString &text)
{
    if (text.isEmpty()) {
        m_keychainHint->stop();
        m_keychainProgress->hide();
        return;
    }
    setStatus(text, false);
    m_keychainProgress->show();
    m_keychainHint->start();
}
