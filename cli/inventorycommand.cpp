// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventorycommand.h"

#include "connectionproblems.h"
#include "credentialchain.h"
#include "csv.h"
#include "elasticacheclient.h"
#include "endpointresolver.h"
#include "model/jsonwriter.h"
#include "tableformatter.h"

#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QString orDash(const QString &text)
{
    return text.isEmpty() ? u"-"_s : text;
}

// The source a snapshot was taken of: its replication group, else its cluster, else its serverless cache.
QString sourceOf(const SnapshotEntry &entry)
{
    if (!entry.replicationGroup().isEmpty())
        return entry.replicationGroup();
    if (!entry.cluster().isEmpty())
        return entry.cluster();
    return entry.serverlessCache();
}

QString phaseName(FleetConnectionState::Phase phase)
{
    switch (phase) {
    case FleetConnectionState::Phase::Waiting:
        return u"Waiting"_s;
    case FleetConnectionState::Phase::Resolving:
        return u"Resolving"_s;
    case FleetConnectionState::Phase::Listing:
        return u"Listing"_s;
    case FleetConnectionState::Phase::Done:
        return u"Done"_s;
    case FleetConnectionState::Phase::Failed:
        return u"Failed"_s;
    case FleetConnectionState::Phase::NotEnabled:
        return u"NotEnabled"_s;
    }
    return QString();
}

QStringList commaList(const QString &text)
{
    QStringList items;
    for (const QString &item : text.split(u',', Qt::SkipEmptyParts))
        items.append(item.trimmed());
    items.removeDuplicates();
    return items;
}

} // namespace

InventoryCommand::InventoryCommand(ParsedCommandLine command, const QList<ConnectionChoice> &choices,
                                   ConnectionResolver resolver, QObject *parent)
    : QObject(parent)
    , m_command(std::move(command))
{
    m_inventory = new FleetInventory(choices, std::move(resolver), this);
    // Per source, many at once (SnapshotSweep), unless asked to page plainly.
    if (!m_command.isSet(u"sequential"_s))
        m_inventory->setListerFactory(FleetInventory::sweepLister());
    m_rows.resize(choices.size());
    connect(m_inventory, &FleetInventory::nodePage, this, [this](int index, const QList<Snapshot> &page) {
        for (const Snapshot &snapshot : page)
            add(index, SnapshotEntry(snapshot));
    });
    connect(m_inventory, &FleetInventory::serverlessPage, this,
            [this](int index, const QList<ServerlessCacheSnapshot> &page) {
                for (const ServerlessCacheSnapshot &snapshot : page)
                    add(index, SnapshotEntry(snapshot));
            });
    // A lister that starts over lists everything again: what it said before is superseded.
    connect(m_inventory, &FleetInventory::restarted, this, [this](int index) { m_rows[index] = Rows(); });
    connect(m_inventory, &FleetInventory::finished, this, &InventoryCommand::finish);
}

InventoryCommand::~InventoryCommand() = default;

QList<ConnectionChoice> InventoryCommand::connections(const ParsedCommandLine &command)
{
    const GlobalOptions &global = command.global;
    QStringList profiles
        = command.isSet(u"profiles"_s) ? commaList(command.value(u"profiles"_s)) : QStringList {global.profile};
    const QStringList regions
        = command.isSet(u"regions"_s) ? commaList(command.value(u"regions"_s)) : QStringList {global.region};
    QList<ConnectionChoice> choices;
    for (const QString &profile : std::as_const(profiles)) {
        QString partition = u"aws"_s;
        if (regions.contains(u"all"_s)) {
            // The profile's partition, from its region (--region, the environment, the profile), else AWS's.
            CredentialChain::Overrides overrides;
            overrides.profile = profile;
            overrides.region = global.region;
            const auto settings = CredentialChain::resolveSettings(overrides);
            if (settings && !settings.value().region.isEmpty()) {
                const QString of = EndpointResolver::partitionOf(settings.value().region);
                if (!EndpointResolver::regions(of).isEmpty())
                    partition = of;
            }
        }
        choices += ConnectionChoice::expand({profile}, regions, partition, global.endpointUrl);
    }
    return choices;
}

int InventoryCommand::exitCode(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::Service:
    case ApiError::Kind::Http:
        return ExitCode::Service;
    case ApiError::Kind::Credentials:
    case ApiError::Kind::Config:
        return ExitCode::Config;
    default:
        return ExitCode::Failure;
    }
}

void InventoryCommand::run(std::function<void(int, const QByteArray &, const QString &)> done)
{
    m_done = std::move(done);
    m_inventory->start();
}

void InventoryCommand::add(int index, SnapshotEntry entry)
{
    Rows &rows = m_rows[index];
    const QString key = (entry.kind() == SnapshotEntry::Kind::Serverless ? u"s/"_s : u"n/"_s) + entry.name();
    const auto it = rows.byName.constFind(key);
    if (it != rows.byName.cend()) {
        rows.entries[*it] = std::move(entry);
        return;
    }
    rows.byName.insert(key, rows.entries.size());
    rows.entries.append(std::move(entry));
}

QString InventoryCommand::profileText(int index) const
{
    const ConnectionChoice &choice = m_inventory->connections().at(index);
    if (!choice.profile.isEmpty() || choice.environment)
        return choice.profileLabel();
    // The chain's default, as it resolves: the environment's keys first, else AWS_PROFILE or "default".
    if (CredentialChain::environmentHasKeys())
        return u"environment"_s;
    return CredentialChain::profileName(choice.overrides());
}

QString InventoryCommand::regionText(int index) const
{
    const ConnectionChoice &choice = m_inventory->connections().at(index);
    if (!choice.region.isEmpty())
        return choice.region;
    if (const ElastiCacheClient *client = m_inventory->client(index))
        return client->config().region;
    return QString();
}

void InventoryCommand::finish()
{
    using Phase = FleetConnectionState::Phase;
    for (Rows &rows : m_rows) {
        std::sort(rows.entries.begin(), rows.entries.end(), [](const SnapshotEntry &a, const SnapshotEntry &b) {
            if (a.kind() != b.kind())
                return a.kind() == SnapshotEntry::Kind::NodeBased;
            return a.name() < b.name();
        });
    }

    int status = ExitCode::Success;
    ConnectionProblems problems;
    for (int i = 0; i < m_rows.size(); ++i) {
        const FleetConnectionState &state = m_inventory->state(i);
        if (state.phase == Phase::NotEnabled) {
            problems.notEnabled(state.accountId, profileText(i), regionText(i));
        } else if (state.phase == Phase::Failed && state.error) {
            problems.failed(profileText(i), regionText(i), FleetConnectionState::reason(*state.error));
            if (status == ExitCode::Success)
                status = exitCode(*state.error);
        }
    }
    const QString err = problems.text(u"inventory"_s);

    QByteArray out;
    switch (m_command.global.output) {
    case OutputFormat::Json:
        out = json();
        break;
    case OutputFormat::Csv:
        out = csv();
        break;
    case OutputFormat::Table:
        out = table();
        break;
    }
    if (m_done)
        std::exchange(m_done, nullptr)(status, out, err);
}

QByteArray InventoryCommand::table() const
{
    const QList<TableFormatter::Column> columns
        = {{u"PROFILE"_s}, {u"ACCOUNT"_s}, {u"REGION"_s}, {u"NAME"_s},       {u"KIND"_s},   {u"TYPE"_s},
           {u"SOURCE"_s},  {u"STATUS"_s},  {u"ENGINE"_s}, {u"SIZE"_s, true}, {u"CREATED"_s}};
    QList<QStringList> rows;
    int listed = 0;
    int failed = 0;
    int notEnabled = 0;
    for (int i = 0; i < m_rows.size(); ++i) {
        const FleetConnectionState &state = m_inventory->state(i);
        listed += state.phase == FleetConnectionState::Phase::Done ? 1 : 0;
        failed += state.phase == FleetConnectionState::Phase::Failed ? 1 : 0;
        notEnabled += state.phase == FleetConnectionState::Phase::NotEnabled ? 1 : 0;
        const QString profile = profileText(i);
        const QString account = orDash(state.accountId);
        const QString region = orDash(regionText(i));
        for (const SnapshotEntry &entry : m_rows.at(i).entries) {
            rows.append({profile, account, region, entry.name(), SnapshotEntry::kindName(entry.kind()),
                         SnapshotEntry::sourceName(entry.source()), orDash(sourceOf(entry)), orDash(entry.statusText()),
                         orDash(entry.engineAndVersion()), TableFormatter::humanSize(entry.sizeBytes()),
                         TableFormatter::humanTime(entry.created())});
        }
    }
    QString text = rows.isEmpty() ? u"No snapshots.\n"_s : TableFormatter::render(columns, rows);
    text += u"%1 %2 from %3 of %4 %5"_s.arg(rows.size())
                .arg(rows.size() == 1 ? u"snapshot"_s : u"snapshots"_s)
                .arg(listed)
                .arg(m_rows.size())
                .arg(m_rows.size() == 1 ? u"connection"_s : u"connections"_s);
    QStringList notes;
    if (failed > 0)
        notes.append(u"%1 failed"_s.arg(failed));
    if (notEnabled > 0)
        notes.append(u"%1 not enabled"_s.arg(notEnabled));
    if (!notes.isEmpty())
        text += u" ("_s + notes.join(u", "_s) + u')';
    return (text + u'\n').toUtf8();
}

QByteArray InventoryCommand::csv() const
{
    QString text = Csv::line({u"Profile"_s, u"AccountId"_s, u"Region"_s, u"Name"_s, u"Kind"_s, u"Type"_s, u"Source"_s,
                              u"Status"_s, u"Engine"_s, u"EngineVersion"_s, u"NodeType"_s, u"SizeBytes"_s, u"Created"_s,
                              u"ARN"_s});
    for (int i = 0; i < m_rows.size(); ++i) {
        const QString profile = profileText(i);
        const QString account = m_inventory->state(i).accountId;
        const QString region = regionText(i);
        for (const SnapshotEntry &entry : m_rows.at(i).entries) {
            const QDateTime created = entry.created();
            text += Csv::line({profile, account, region, entry.name(), SnapshotEntry::kindName(entry.kind()),
                               SnapshotEntry::sourceName(entry.source()), sourceOf(entry), entry.statusText(),
                               entry.engine(), entry.engineVersion(), entry.nodeType(),
                               entry.sizeBytes() >= 0 ? QString::number(entry.sizeBytes()) : QString(),
                               created.isValid() ? created.toUTC().toString(Qt::ISODate) : QString(), entry.arn()});
        }
    }
    return text.toUtf8();
}

QByteArray InventoryCommand::json() const
{
    AwsCliJsonWriter writer;
    const auto stringMember = [&writer](const char *name, const QString &value) {
        writer.key(QLatin1StringView(name));
        writer.stringValue(value);
    };
    // Profile, AccountId (when known) and Region, before the snapshot's own members.
    const auto where = [&](int i) {
        stringMember("Profile", profileText(i));
        if (!m_inventory->state(i).accountId.isEmpty())
            stringMember("AccountId", m_inventory->state(i).accountId);
        stringMember("Region", regionText(i));
    };
    writer.beginObject();
    for (const SnapshotEntry::Kind kind : {SnapshotEntry::Kind::NodeBased, SnapshotEntry::Kind::Serverless}) {
        writer.key(kind == SnapshotEntry::Kind::NodeBased ? "Snapshots"_L1 : "ServerlessCacheSnapshots"_L1);
        writer.beginArray();
        for (int i = 0; i < m_rows.size(); ++i) {
            for (const SnapshotEntry &entry : m_rows.at(i).entries) {
                if (entry.kind() != kind)
                    continue;
                writer.arrayItem();
                writer.beginObject();
                where(i);
                if (const auto node = entry.nodeSnapshot())
                    writer.members(*node);
                else if (const auto serverless = entry.serverlessSnapshot())
                    writer.members(*serverless);
                writer.endObject();
            }
        }
        writer.endArray();
    }
    writer.key("Connections"_L1);
    writer.beginArray();
    for (int i = 0; i < m_rows.size(); ++i) {
        const FleetConnectionState &state = m_inventory->state(i);
        writer.arrayItem();
        writer.beginObject();
        where(i);
        stringMember("State", phaseName(state.phase));
        writer.key("Snapshots"_L1);
        writer.rawValue(QByteArray::number(m_rows.at(i).entries.size()));
        if (state.error && state.phase == FleetConnectionState::Phase::Failed) {
            writer.key("Error"_L1);
            writer.beginObject();
            stringMember("Code", state.error->code);
            stringMember("Message", FleetConnectionState::reason(*state.error));
            writer.endObject();
        }
        writer.endObject();
    }
    writer.endArray();
    writer.endObject();
    return writer.take();
}
