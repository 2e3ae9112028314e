// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

// One [section] of an AWS shared file. Keys are lower-cased; an indented block under "key =" (as in
// "s3 =\n  addressing_style = path") is kept as "key.subkey" entries as well as the raw text.
struct IniSection
{
    QString name;
    int line = 0; // of the [header], from 1
    QMap<QString, QString> values;
};

// An INI file read the way botocore's configloader reads it (Python's RawConfigParser): full-line comments
// with '#' or ';', "key = value" or "key: value", indented continuation lines, duplicate sections or keys
// are errors.
struct IniFile
{
    QString path;
    bool exists = false;
    QList<IniSection> sections;

    const IniSection *section(const QString &name) const;

    // An error names the path, the line and what is wrong with it, never the line's text (it may hold a secret):
    // "~/.aws/config, line 7: …". Linear in the size of the text.
    static ApiResult<IniFile> parse(const QByteArray &text, const QString &path);
    // A missing file is not an error (exists = false).
    static ApiResult<IniFile> load(const QString &path);

private:
    QHash<QString, qsizetype> m_index; // section name -> position in sections, built by parse()
};

// One named profile, merged from both files as botocore does: the credentials file's [name] section over
// the config file's [profile name] (or [default]).
struct AwsProfile
{
    // How the profile gets its credentials, in botocore's provider order.
    enum class Kind {
        None, // neither keys nor a credential source (settings only)
        Keys, // aws_access_key_id / aws_secret_access_key
        Process, // credential_process
        Role, // role_arn (with source_profile or credential_source), web_identity_token_file
        Sso, // sso_start_url / sso_session
    };

    QString name;
    QMap<QString, QString> configValues; // from the config file
    QMap<QString, QString> credentialsValues; // from the credentials file

    QString value(const QString &key) const; // credentials file first, then config file
    bool hasKeysInCredentialsFile() const;
    bool hasKeysInConfigFile() const;
    Kind kind() const;
    static QString kindName(Kind kind); // "none", "keys", "process", "role", "sso"
};

// ~/.aws/credentials and ~/.aws/config together.
class AwsSharedConfig
{
public:
    static ApiResult<AwsSharedConfig> load(const QString &credentialsPath, const QString &configPath);
    static ApiResult<AwsSharedConfig> fromFiles(IniFile credentials, IniFile config);

    const IniFile &credentialsFile() const;
    const IniFile &configFile() const;
    // Every profile of either file, "default" first, then by name.
    QStringList profileNames() const;
    std::optional<AwsProfile> profile(const QString &name) const;
    // A non-profile section of the config file, e.g. ("services", "dev") for [services dev].
    const IniSection *configSection(const QString &type, const QString &name) const;

private:
    IniFile m_credentials;
    IniFile m_config;
    // Built once by fromFiles(), so that a lookup does not walk every section (files with 50,000 profiles).
    QHash<QString, qsizetype> m_configProfiles; // profile name -> its config-file section
    QHash<QString, qsizetype> m_configTyped; // "type\nname" ("services\ndev") -> section
};
