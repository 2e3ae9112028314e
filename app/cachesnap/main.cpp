// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "connections.h"
#include "connectionsdialog.h"
#include "keychaincredentialstore.h"
#include "mainwindow.h"
#include "sandboxserver.h"
#include "statusicons.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QMessageBox>
#include <QPointer>
#include <QStandardPaths>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"CacheSnap"_s);
    QApplication::setApplicationName(u"CacheSnap"_s);
    QApplication::setApplicationVersion(QStringLiteral(CACHESNAP_VERSION));
    QApplication::setWindowIcon(StatusIcons::appIcon());
    QGuiApplication::setDesktopFileName(u"io.github.cachesnap.CacheSnap"_s); // matches packaging/'s launcher entry

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Browse, create, copy, delete and export AWS ElastiCache snapshots."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption profile(u"profile"_s, u"Use the named profile of the AWS shared files."_s, u"P"_s);
    const QCommandLineOption region(u"region"_s, u"The AWS region."_s, u"R"_s);
    const QCommandLineOption endpoint(u"endpoint-url"_s, u"Send requests to this endpoint."_s, u"URL"_s);
    const QCommandLineOption sandbox(u"sandbox"_s,
                                     u"Start a local sandbox ElastiCache endpoint in-process and use it."_s);
    const QCommandLineOption sandboxFleet(
        u"sandbox-fleet"_s, u"As --sandbox, showing every profile and region of the sandbox in one table."_s);
    parser.addOptions({profile, region, endpoint, sandbox, sandboxFleet});
    parser.process(app);

    std::unique_ptr<SandboxServer> server;
    MainWindow::Options options;
    ConnectionChoice choice;
    QList<ConnectionChoice> set;
    if (parser.isSet(sandbox) || parser.isSet(sandboxFleet)) {
        // The sandbox keeps its state (and its buckets) in the app's data folder, so experiments survive.
        const QString data = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(data + u"/sandbox-s3/cachesnap-exports"_s);
        SandboxConfig config;
        config.statePath = data + u"/sandbox-state.json"_s;
        config.s3Root = data + u"/sandbox-s3"_s;
        // A small fleet: the home account (profile "sandbox") in three regions, and a second account (profile
        // "staging") that has not enabled the third, so a connection that is not enabled shows too. The keys are
        // the sandbox's, not AWS ones.
        const QStringList regions {u"us-east-1"_s, u"eu-west-1"_s, u"ap-southeast-2"_s};
        config.region = regions.first();
        config.regions = regions.mid(1);
        const Connections::SandboxProfile staging {u"staging"_s, u"AKIDSANDBOXSTAGING"_s, u"staging-sandbox-secret"_s};
        config.accountKeys = {{u"210987654321"_s, staging.accessKeyId, staging.secretAccessKey, regions.first(2)}};
        server = std::make_unique<SandboxServer>(config);
        QString error;
        if (!server->start(&error)) {
            std::fprintf(stderr, "cachesnap: cannot start the sandbox: %s\n", qPrintable(error));
            return 1;
        }
        const QPointer<const SandboxServer> guard(server.get());
        options.resolver = Connections::sandboxResolver({server->url(), server->region(), server->accessKeyId(),
                                                         server->secretAccessKey(),
                                                         [guard] {
                                                             return guard && guard->isListening();
                                                         }},
                                                        regions, {staging});
        options.s3Resolver = options.resolver; // the sandbox's S3 is on the same port
        options.ec2Resolver = options.resolver; // and its EC2
        options.sandboxUrl = server->url().toString();
        options.regions = regions;
        options.profiles = {u"sandbox"_s, staging.name};
        choice = {u"sandbox"_s, server->region(), server->url().toString()};
        if (parser.isSet(sandboxFleet))
            set = ConnectionChoice::expand(options.profiles, regions, u"aws"_s, server->url().toString());
    } else {
        // App-kept profiles live in the OS keychain; CACHESNAP_NO_KEYCHAIN=1 turns them off (and nothing else
        // takes their place: no secret is ever written to a file).
        CredentialChain::Hooks hooks;
        if (qEnvironmentVariable("CACHESNAP_NO_KEYCHAIN") != u"1")
            hooks.store = std::make_shared<KeychainCredentialStore>();
        hooks.mfaPrompt = ConnectionsDialog::inputDialogMfaPrompt(nullptr);
        options.credentialStore = hooks.store;
        options.resolver = Connections::credentialChainResolver(hooks);
        options.s3Resolver = Connections::credentialChainS3Resolver(hooks);
        options.ec2Resolver = Connections::credentialChainEc2Resolver(hooks);
        options.listProfiles = [hooks] {
            return Connections::profileNames(hooks);
        };
        options.profiles = options.listProfiles();
        options.regions = Connections::regionNames();
        options.environmentConnection = CredentialChain::environmentHasKeys();
        const bool explicitChoice = parser.isSet(profile) || parser.isSet(region) || parser.isSet(endpoint);
        if (!parser.isSet(profile))
            choice = Connections::startChoice(explicitChoice ? std::nullopt : Connections::lastConnection());
        if (parser.isSet(profile))
            choice.profile = parser.value(profile);
        if (parser.isSet(region))
            choice.region = parser.value(region);
        if (parser.isSet(endpoint))
            choice.endpointUrl = parser.value(endpoint);
        // A plain start opens the set of connections the last session showed, if it showed several.
        if (!explicitChoice && !CredentialChain::environmentHasKeys())
            set = MainWindow::rememberedSet();
    }

    MainWindow window(options); // sized by itself: the last size, or one that fits the screen
    window.show();
    if (set.size() > 1)
        window.connectToSet(set);
    else
        window.connectTo(choice);
    const int status = app.exec();
    return status;
}
