// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "awsconfigfile.h"

#include <QFile>
#include <QMutex>
#include <QStringDecoder>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
ApiError parseError(const QString &path, int line, const QString &what)
{
    ApiError e;
    e.kind = ApiError::Kind::Config;
    e.code = u"ConfigParseError"_s;
    e.message = u"Unable to parse %1, line %2: %3"_s.arg(path).arg(line).arg(what);
    return e;
}

bool isBlank(QStringView line)
{
    return line.trimmed().isEmpty();
}

bool isComment(QStringView line)
{
    const QStringView t = line.trimmed();
    return t.startsWith(u'#') || t.startsWith(u';');
}

// botocore splits config-file headers with shlex: "profile dev" and "profile 'dev'" name the same profile.
QStringList splitHeader(const QString &header)
{
    QStringList parts = header.split(u' ', Qt::SkipEmptyParts);
    for (QString &part : parts) {
        if (part.size() >= 2
            && ((part.startsWith(u'"') && part.endsWith(u'"')) || (part.startsWith(u'\'') && part.endsWith(u'\''))))
            part = part.mid(1, part.size() - 2);
    }
    return parts;
}

// Splits the raw text of an indented block into "key.subkey" entries. A problem names the key, never the
// line: a line of ~/.aws/credentials may be a secret.
std::optional<QString> addNested(QMap<QString, QString> &values, const QString &key, const QString &block)
{
    const QStringList lines = block.split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const qsizetype eq = line.indexOf(u'=');
        if (eq < 0)
            return u"a line of the indented block under \"%1\" has no '='"_s.arg(key);
        values.insert(key + u'.' + line.left(eq).trimmed().toLower(), line.mid(eq + 1).trimmed());
    }
    return std::nullopt;
}
} // namespace

const IniSection *IniFile::section(const QString &name) const
{
    const auto it = m_index.constFind(name);
    return it == m_index.cend() ? nullptr : &sections.at(*it);
}

ApiResult<IniFile> IniFile::parse(const QByteArray &text, const QString &path)
{
    IniFile file;
    file.path = path;
    file.exists = true;
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString decoded = decoder(text);
    if (decoder.hasError())
        return parseError(path, 1, u"the file is not valid UTF-8"_s);
    const QStringList lines = decoded.split(u'\n');

    IniSection *current = nullptr;
    QString currentKey;
    int currentKeyLine = 0;
    auto finishKey = [&]() -> std::optional<ApiError> {
        if (current && !currentKey.isEmpty()) {
            const QString value = current->values.value(currentKey);
            if (value.startsWith(u'\n')) {
                if (auto problem = addNested(current->values, currentKey, value))
                    return parseError(path, currentKeyLine, *problem);
            }
        }
        currentKey.clear();
        return std::nullopt;
    };

    for (int i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i);
        if (line.endsWith(u'\r'))
            line.chop(1);
        const int lineNo = i + 1;
        if (isBlank(line) || isComment(line))
            continue;
        const bool indented = line.front().isSpace();
        if (indented && current && !currentKey.isEmpty()) {
            QString &value = current->values[currentKey];
            value += u'\n' + line.trimmed();
            continue;
        }
        if (auto error = finishKey())
            return *error;
        const QString trimmed = line.trimmed();
        if (trimmed.startsWith(u'[')) {
            const qsizetype close = trimmed.lastIndexOf(u']');
            const QString name = close > 1 ? trimmed.mid(1, close - 1).trimmed() : QString();
            if (close < 0)
                return parseError(path, lineNo, u"a section header without a closing ']'"_s);
            if (name.isEmpty())
                return parseError(path, lineNo, u"a section header with an empty name"_s);
            if (file.m_index.contains(name))
                return parseError(path, lineNo, u"section [%1] appears more than once"_s.arg(name));
            file.m_index.insert(name, file.sections.size());
            file.sections.append(IniSection {name, lineNo, {}});
            current = &file.sections.last();
            continue;
        }
        if (!current)
            return parseError(path, lineNo, u"a key before any [section] header"_s);
        const qsizetype eq = trimmed.indexOf(u'=');
        const qsizetype colon = trimmed.indexOf(u':');
        qsizetype delimiter = eq;
        if (colon >= 0 && (eq < 0 || colon < eq))
            delimiter = colon;
        if (delimiter < 0)
            return parseError(path, lineNo, u"the line has no '=' or ':' (expected \"key = value\")"_s);
        if (delimiter == 0)
            return parseError(path, lineNo, u"the line has no key before its '=' or ':'"_s);
        const QString key = trimmed.left(delimiter).trimmed().toLower();
        if (current->values.contains(key))
            return parseError(path, lineNo, u"\"%1\" appears more than once in [%2]"_s.arg(key, current->name));
        current->values.insert(key, trimmed.mid(delimiter + 1).trimmed());
        currentKey = key;
        currentKeyLine = lineNo;
    }
    if (auto error = finishKey())
        return *error;
    return file;
}

namespace {
// A file's text as read, or that it does not exist (not an error: nullopt).
ApiResult<std::optional<QByteArray>> readText(const QString &path)
{
    QFile f(path);
    if (!f.exists())
        return std::optional<QByteArray>();
    if (!f.open(QIODevice::ReadOnly)) {
        ApiError e;
        e.kind = ApiError::Kind::Config;
        e.code = u"ConfigReadError"_s;
        e.message = u"Unable to read %1: %2"_s.arg(path, f.errorString());
        return e;
    }
    return std::optional<QByteArray>(f.readAll());
}

ApiResult<IniFile> parseText(const std::optional<QByteArray> &text, const QString &path)
{
    if (!text) {
        IniFile missing;
        missing.path = path;
        return missing;
    }
    return IniFile::parse(*text, path);
}
} // namespace

ApiResult<IniFile> IniFile::load(const QString &path)
{
    const auto text = readText(path);
    if (!text)
        return text.error();
    return parseText(text.value(), path);
}

QString AwsProfile::value(const QString &key) const
{
    const auto it = credentialsValues.constFind(key);
    if (it != credentialsValues.cend())
        return *it;
    return configValues.value(key);
}

bool AwsProfile::hasKeysInCredentialsFile() const
{
    return credentialsValues.contains(u"aws_access_key_id"_s) || credentialsValues.contains(u"aws_secret_access_key"_s);
}

bool AwsProfile::hasKeysInConfigFile() const
{
    return configValues.contains(u"aws_access_key_id"_s) || configValues.contains(u"aws_secret_access_key"_s);
}

AwsProfile::Kind AwsProfile::kind() const
{
    auto has = [this](const QString &key) {
        return !value(key).isEmpty();
    };
    if (has(u"role_arn"_s) || has(u"web_identity_token_file"_s))
        return Kind::Role;
    if (has(u"sso_start_url"_s) || has(u"sso_session"_s) || has(u"sso_account_id"_s))
        return Kind::Sso;
    if (hasKeysInCredentialsFile())
        return Kind::Keys;
    if (has(u"credential_process"_s))
        return Kind::Process;
    if (hasKeysInConfigFile())
        return Kind::Keys;
    return Kind::None;
}

QString AwsProfile::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return u"none"_s;
    case Kind::Keys:
        return u"keys"_s;
    case Kind::Process:
        return u"process"_s;
    case Kind::Role:
        return u"role"_s;
    case Kind::Sso:
        return u"sso"_s;
    }
    return {};
}

ApiResult<AwsSharedConfig> AwsSharedConfig::load(const QString &credentialsPath, const QString &configPath)
{
    // A set of connections resolves each one, thousands over the same two files: they are read every time, so a
    // change is seen at once, and parsed again only when their text changed (the last parse is kept, for any thread;
    // a copy shares its data).
    struct Parsed
    {
        QString credentialsPath;
        QString configPath;
        std::optional<QByteArray> credentialsText;
        std::optional<QByteArray> configText;
        AwsSharedConfig config;
    };
    static QMutex mutex;
    static std::optional<Parsed> last;

    const auto credentialsText = readText(credentialsPath);
    if (!credentialsText)
        return credentialsText.error();
    const auto configText = readText(configPath);
    if (!configText)
        return configText.error();
    {
        const QMutexLocker lock(&mutex);
        if (last && last->credentialsPath == credentialsPath && last->configPath == configPath
            && last->credentialsText == credentialsText.value() && last->configText == configText.value())
            return last->config;
    }
    auto credentials = parseText(credentialsText.value(), credentialsPath);
    if (!credentials)
        return credentials.error();
    auto config = parseText(configText.value(), configPath);
    if (!config)
        return config.error();
    ApiResult<AwsSharedConfig> shared = fromFiles(std::move(credentials.value()), std::move(config.value()));
    if (shared) {
        const QMutexLocker lock(&mutex);
        last = Parsed {credentialsPath, configPath, credentialsText.value(), configText.value(), shared.value()};
    }
    return shared;
}

const IniFile &AwsSharedConfig::credentialsFile() const
{
    return m_credentials;
}

const IniFile &AwsSharedConfig::configFile() const
{
    return m_config;
}

namespace {
// The profile a config-file section defines, if any: [default], [profile name].
std::optional<QString> configProfileName(const QString &sectionName)
{
    if (sectionName == u"default")
        return sectionName;
    const QStringList parts = splitHeader(sectionName);
    if (parts.size() == 2 && parts.at(0) == u"profile")
        return parts.at(1);
    return std::nullopt;
}
} // namespace

ApiResult<AwsSharedConfig> AwsSharedConfig::fromFiles(IniFile credentials, IniFile config)
{
    AwsSharedConfig shared;
    shared.m_credentials = std::move(credentials);
    shared.m_config = std::move(config);
    const QList<IniSection> &sections = shared.m_config.sections;
    shared.m_configProfiles.reserve(sections.size());
    shared.m_configTyped.reserve(sections.size());
    for (qsizetype i = 0; i < sections.size(); ++i) {
        const QString &sectionName = sections.at(i).name;
        if (const auto name = configProfileName(sectionName)) {
            // A later section for the same profile wins, except that [profile default] wins over [default].
            const auto it = shared.m_configProfiles.constFind(*name);
            if (it == shared.m_configProfiles.cend() || sectionName != u"default"
                || sections.at(*it).name == u"default")
                shared.m_configProfiles.insert(*name, i);
        }
        const QStringList parts = splitHeader(sectionName);
        if (QString key = parts.size() == 2 ? parts.at(0) + u'\n' + parts.at(1) : QString();
            !key.isNull() && !shared.m_configTyped.contains(key))
            shared.m_configTyped.insert(key, i); // the first one wins, as before
    }
    return shared;
}

QStringList AwsSharedConfig::profileNames() const
{
    QStringList names;
    names.reserve(m_configProfiles.size() + m_credentials.sections.size());
    for (auto it = m_configProfiles.cbegin(); it != m_configProfiles.cend(); ++it)
        names << it.key();
    for (const IniSection &s : m_credentials.sections) {
        if (!m_configProfiles.contains(s.name))
            names << s.name;
    }
    std::sort(names.begin(), names.end(), [](const QString &a, const QString &b) {
        if ((a == u"default") != (b == u"default"))
            return a == u"default";
        return a < b;
    });
    return names;
}

std::optional<AwsProfile> AwsSharedConfig::profile(const QString &name) const
{
    AwsProfile p;
    p.name = name;
    bool found = false;
    if (const auto it = m_configProfiles.constFind(name); it != m_configProfiles.cend()) {
        p.configValues = m_config.sections.at(*it).values;
        found = true;
    }
    if (const IniSection *s = m_credentials.section(name)) {
        p.credentialsValues = s->values;
        found = true;
    }
    if (!found)
        return std::nullopt;
    return p;
}

const IniSection *AwsSharedConfig::configSection(const QString &type, const QString &name) const
{
    const auto it = m_configTyped.constFind(type + u'\n' + name);
    return it == m_configTyped.cend() ? nullptr : &m_config.sections.at(*it);
}
