// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportaccess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ExportAccess {

namespace {

constexpr QLatin1StringView kCommercialCanonicalId {"540804c33a284a299d2547575ce1010f2312ef3da9b3a053c8bc45bf233e4353"};
constexpr QLatin1StringView kGovCloudCanonicalId {"40fa568277ad703bd160f66ae4f83fc9dfdfd06c2f1b5060ca22442ac3ef8be6"};
constexpr QLatin1StringView kStatementSid {"ElastiCacheExport"};

// The "aws" Regions launched before 20 March 2019, enabled by default in every account.
const QSet<QString> &defaultRegions()
{
    static const QSet<QString> regions = {
        u"us-east-1"_s,      u"us-east-2"_s,      u"us-west-1"_s,      u"us-west-2"_s,      u"ca-central-1"_s,
        u"sa-east-1"_s,      u"eu-west-1"_s,      u"eu-west-2"_s,      u"eu-west-3"_s,      u"eu-central-1"_s,
        u"eu-north-1"_s,     u"ap-south-1"_s,     u"ap-northeast-1"_s, u"ap-northeast-2"_s, u"ap-northeast-3"_s,
        u"ap-southeast-1"_s, u"ap-southeast-2"_s,
    };
    return regions;
}

// IAM's wildcards: '*' any run of characters, '?' one character.
bool globMatch(QStringView pattern, QStringView text, Qt::CaseSensitivity cs)
{
    qsizetype p = 0;
    qsizetype t = 0;
    qsizetype star = -1;
    qsizetype mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == u'*') {
            star = p++;
            mark = t;
        } else if (p < pattern.size()
                   && (pattern[p] == u'?' || QStringView(pattern).mid(p, 1).compare(text.mid(t, 1), cs) == 0)) {
            ++p;
            ++t;
        } else if (star >= 0) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == u'*')
        ++p;
    return p == pattern.size();
}

QStringList stringsOf(const QJsonValue &value)
{
    QStringList out;
    if (value.isString())
        out.append(value.toString());
    else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray()) {
            if (item.isString())
                out.append(item.toString());
        }
    }
    return out;
}

QJsonValue listOrString(const QStringList &values)
{
    if (values.size() == 1)
        return values.constFirst();
    return QJsonArray::fromStringList(values);
}

QList<QJsonObject> statementsOf(const QJsonObject &policy)
{
    QList<QJsonObject> out;
    const QJsonValue statement = policy.value(u"Statement"_s);
    if (statement.isObject())
        out.append(statement.toObject());
    for (const QJsonValue &item : statement.toArray()) {
        if (item.isObject())
            out.append(item.toObject());
    }
    return out;
}

// Whether the statement's Principal names the service principal (wildcard: also "*" and {"AWS": "*"}).
bool namesPrincipal(const QJsonObject &statement, const QString &principal, bool wildcardCounts)
{
    const QJsonValue value = statement.value(u"Principal"_s);
    if (value.isString())
        return wildcardCounts && value.toString() == u"*";
    const QJsonObject object = value.toObject();
    if (stringsOf(object.value(u"Service"_s)).contains(principal, Qt::CaseInsensitive))
        return true;
    return wildcardCounts && stringsOf(object.value(u"AWS"_s)).contains(u"*"_s);
}

bool coversAction(const QStringList &patterns, const QString &action)
{
    for (const QString &pattern : patterns) {
        if (globMatch(pattern, action, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool coversResource(const QStringList &patterns, const QString &resource)
{
    for (const QString &pattern : patterns) {
        if (globMatch(pattern, resource, Qt::CaseSensitive))
            return true;
    }
    return false;
}

// A statement the check can read without evaluating conditions or negations.
bool isPlain(const QJsonObject &statement)
{
    for (const QString &key : {u"Condition"_s, u"NotAction"_s, u"NotResource"_s, u"NotPrincipal"_s}) {
        if (statement.contains(key))
            return false;
    }
    return true;
}

QString bucketArn(const GrantRule &rule, const QString &bucket)
{
    return u"arn:%1:s3:::%2"_s.arg(rule.arnPartition, bucket);
}

QString resourceFor(const GrantRule &rule, const QString &bucket, const QString &action)
{
    return rule.objectActions.contains(action) ? bucketArn(rule, bucket) + u"/*"_s : bucketArn(rule, bucket);
}

struct ParsedPolicy
{
    bool ok = true;
    QString problem;
    QJsonObject document;
};

ParsedPolicy parsePolicy(const QString &policyJson)
{
    ParsedPolicy parsed;
    if (policyJson.trimmed().isEmpty())
        return parsed;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(policyJson.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError) {
        parsed.ok = false;
        parsed.problem
            = u"The bucket policy is not valid JSON (%1 at offset %2)."_s.arg(error.errorString()).arg(error.offset);
        return parsed;
    }
    if (!document.isObject()) {
        parsed.ok = false;
        parsed.problem = u"The bucket policy is not a JSON object."_s;
        return parsed;
    }
    parsed.document = document.object();
    const QJsonValue statement = parsed.document.value(u"Statement"_s);
    if (!statement.isUndefined() && !statement.isArray() && !statement.isObject()) {
        parsed.ok = false;
        parsed.problem = u"The bucket policy's Statement is neither a list nor an object."_s;
    }
    return parsed;
}

QString format(const QJsonObject &document)
{
    return QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented));
}

void appendJsonString(QString &out, const QString &value)
{
    // QJsonDocument escapes as JSON requires; strip the array brackets around the one string.
    const QByteArray array = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    out += QString::fromUtf8(array.mid(1, array.size() - 2));
}

} // namespace

bool GrantRule::accepts(Method method) const
{
    return methods.contains(method);
}

QStringList GrantRule::policyActions() const
{
    return bucketActions + objectActions;
}

QString commercialCanonicalId()
{
    return kCommercialCanonicalId;
}

QString govCloudCanonicalId()
{
    return kGovCloudCanonicalId;
}

QString partitionOf(const QString &region)
{
    if (region.startsWith(u"us-gov-"))
        return u"aws-us-gov"_s;
    if (region.startsWith(u"cn-"))
        return u"aws-cn"_s;
    if (region.startsWith(u"us-isob-"))
        return u"aws-iso-b"_s;
    if (region.startsWith(u"us-isof-"))
        return u"aws-iso-f"_s;
    if (region.startsWith(u"us-iso-"))
        return u"aws-iso"_s;
    if (region.startsWith(u"eu-isoe-"))
        return u"aws-iso-e"_s;
    if (region.startsWith(u"eusc-"))
        return u"aws-eusc"_s;
    return u"aws"_s;
}

bool isOptInRegion(const QString &region)
{
    return partitionOf(region) == u"aws" && !defaultRegions().contains(region);
}

GrantRule ruleFor(const QString &region)
{
    GrantRule rule;
    rule.region = region;
    rule.partition = partitionOf(region);
    rule.aclPermissions = {u"READ"_s, u"WRITE"_s, u"READ_ACP"_s};
    rule.bucketActions = {u"s3:ListBucket"_s, u"s3:GetBucketAcl"_s, u"s3:ListBucketMultipartUploads"_s};
    rule.objectActions = {u"s3:PutObject"_s, u"s3:GetObject"_s, u"s3:ListMultipartUploadParts"_s};
    if (rule.partition == u"aws") {
        rule.known = true;
        rule.optIn = isOptInRegion(region);
        rule.arnPartition = u"aws"_s;
        rule.servicePrincipal = region + u".elasticache-snapshot.amazonaws.com"_s;
        if (rule.optIn) {
            rule.methods = {Method::BucketPolicy};
        } else {
            rule.methods = {Method::AclGrant, Method::BucketPolicy};
            rule.canonicalId = kCommercialCanonicalId;
        }
    } else if (rule.partition == u"aws-us-gov") {
        rule.known = true;
        rule.methods = {Method::AclGrant};
        rule.canonicalId = kGovCloudCanonicalId;
        rule.arnPartition = u"aws-us-gov"_s;
    }
    return rule;
}

bool aclsEnabled(const QString &objectOwnership)
{
    return objectOwnership != u"BucketOwnerEnforced";
}

QStringList missingAclPermissions(const GrantRule &rule, const Acl &acl)
{
    if (rule.canonicalId.isEmpty())
        return rule.aclPermissions;
    QSet<QString> given;
    for (const Grant &grant : acl.grants) {
        if (grant.granteeType == u"CanonicalUser" && grant.id.compare(rule.canonicalId, Qt::CaseInsensitive) == 0)
            given.insert(grant.permission);
    }
    if (given.contains(u"FULL_CONTROL"_s))
        return {};
    QStringList missing;
    for (const QString &permission : rule.aclPermissions) {
        if (!given.contains(permission))
            missing.append(permission);
    }
    return missing;
}

AclMerge mergeAcl(const GrantRule &rule, const Acl &acl)
{
    AclMerge merge;
    merge.before = acl;
    merge.after = acl;
    if (rule.canonicalId.isEmpty())
        return merge;
    for (const QString &permission : missingAclPermissions(rule, acl)) {
        Grant grant;
        grant.granteeType = u"CanonicalUser"_s;
        grant.id = rule.canonicalId;
        grant.permission = permission;
        merge.added.append(grant);
        merge.after.grants.append(grant);
    }
    return merge;
}

QString aclDocument(const Acl &acl)
{
    QString out = u"{\n    \"Owner\": {\n"_s;
    QStringList owner;
    if (!acl.ownerDisplayName.isEmpty()) {
        QString line = u"        \"DisplayName\": "_s;
        appendJsonString(line, acl.ownerDisplayName);
        owner.append(line);
    }
    QString idLine = u"        \"ID\": "_s;
    appendJsonString(idLine, acl.ownerId);
    owner.append(idLine);
    out += owner.join(u",\n"_s) + u"\n    },\n    \"Grants\": ["_s;
    QStringList grants;
    for (const Grant &grant : acl.grants) {
        QStringList grantee;
        const auto member = [&grantee](const char *name, const QString &value) {
            if (value.isEmpty())
                return;
            QString line = u"                \"%1\": "_s.arg(QLatin1StringView(name));
            appendJsonString(line, value);
            grantee.append(line);
        };
        member("DisplayName", grant.displayName);
        member("EmailAddress", grant.email);
        member("ID", grant.id);
        member("Type", grant.granteeType);
        member("URI", grant.uri);
        QString text = u"\n        {\n            \"Grantee\": {\n"_s + grantee.join(u",\n"_s)
            + u"\n            },\n            \"Permission\": "_s;
        appendJsonString(text, grant.permission);
        grants.append(text + u"\n        }"_s);
    }
    out += grants.join(u',');
    out += grants.isEmpty() ? u"]\n}\n"_s : u"\n    ]\n}\n"_s;
    return out;
}

PolicyEvaluation evaluatePolicy(const GrantRule &rule, const QString &bucket, const QString &policyJson)
{
    PolicyEvaluation evaluation;
    if (!rule.accepts(Method::BucketPolicy)) {
        evaluation.missingActions = rule.policyActions();
        return evaluation;
    }
    const ParsedPolicy parsed = parsePolicy(policyJson);
    if (!parsed.ok) {
        evaluation.readable = false;
        evaluation.problem = parsed.problem;
        evaluation.missingActions = rule.policyActions();
        return evaluation;
    }
    const QList<QJsonObject> statements = statementsOf(parsed.document);
    for (const QString &action : rule.policyActions()) {
        const QString resource = resourceFor(rule, bucket, action);
        bool allowed = false;
        bool denied = false;
        for (const QJsonObject &statement : statements) {
            const QString effect = statement.value(u"Effect"_s).toString();
            const bool matches = coversAction(stringsOf(statement.value(u"Action"_s)), action)
                && coversResource(stringsOf(statement.value(u"Resource"_s)), resource);
            if (effect == u"Deny" && matches && isPlain(statement)
                && namesPrincipal(statement, rule.servicePrincipal, true))
                denied = true;
            else if (effect == u"Allow" && matches && isPlain(statement)
                     && namesPrincipal(statement, rule.servicePrincipal, false))
                allowed = true;
        }
        if (denied)
            evaluation.deniedActions.append(action);
        else if (!allowed)
            evaluation.missingActions.append(action);
    }
    return evaluation;
}

PolicyMerge mergePolicy(const GrantRule &rule, const QString &bucket, const QString &policyJson)
{
    PolicyMerge merge;
    if (!rule.accepts(Method::BucketPolicy)) {
        merge.problem = u"In %1 ElastiCache is not granted access by a bucket policy."_s.arg(rule.region);
        return merge;
    }
    const ParsedPolicy parsed = parsePolicy(policyJson);
    if (!parsed.ok) {
        merge.problem = parsed.problem;
        return merge;
    }
    merge.ok = true;
    const bool hadPolicy = !policyJson.trimmed().isEmpty();
    merge.before = hadPolicy ? format(parsed.document) : QString();
    const PolicyEvaluation evaluation = evaluatePolicy(rule, bucket, policyJson);
    merge.stillDenied = evaluation.deniedActions;
    if (evaluation.missingActions.isEmpty()) {
        merge.after = merge.before;
        return merge;
    }

    QJsonObject document = parsed.document;
    if (!hadPolicy)
        document.insert(u"Version"_s, u"2012-10-17"_s);
    QJsonArray statements;
    const QJsonValue statementValue = document.value(u"Statement"_s);
    if (statementValue.isObject())
        statements.append(statementValue);
    else if (statementValue.isArray())
        statements = statementValue.toArray();

    const QStringList requiredResources = {bucketArn(rule, bucket), bucketArn(rule, bucket) + u"/*"_s};
    // The statement to extend: ours by Sid first, else the first plain Allow naming only the principal.
    qsizetype target = -1;
    QSet<QString> sids;
    for (qsizetype i = 0; i < statements.size(); ++i) {
        const QJsonObject statement = statements.at(i).toObject();
        sids.insert(statement.value(u"Sid"_s).toString());
        const QJsonObject principal = statement.value(u"Principal"_s).toObject();
        const bool onlyOurs
            = principal.size() == 1 && stringsOf(principal.value(u"Service"_s)) == QStringList {rule.servicePrincipal};
        const bool extendable = statement.value(u"Effect"_s).toString() == u"Allow" && isPlain(statement) && onlyOurs
            && !statement.value(u"Action"_s).isUndefined() && !statement.value(u"Resource"_s).isUndefined();
        if (!extendable)
            continue;
        if (statement.value(u"Sid"_s).toString() == kStatementSid) {
            target = i;
            break;
        }
        if (target < 0)
            target = i;
    }
    if (target >= 0) {
        QJsonObject statement = statements.at(target).toObject();
        QStringList actions = stringsOf(statement.value(u"Action"_s));
        for (const QString &action : rule.policyActions()) {
            if (!coversAction(actions, action))
                actions.append(action);
        }
        QStringList resources = stringsOf(statement.value(u"Resource"_s));
        for (const QString &resource : requiredResources) {
            if (!coversResource(resources, resource))
                resources.append(resource);
        }
        statement.insert(u"Action"_s, listOrString(actions));
        statement.insert(u"Resource"_s, listOrString(resources));
        statements.replace(target, statement);
    } else {
        QString sid = kStatementSid;
        for (int n = 2; sids.contains(sid); ++n)
            sid = kStatementSid + QString::number(n);
        QJsonObject statement;
        statement.insert(u"Sid"_s, sid);
        statement.insert(u"Effect"_s, u"Allow"_s);
        statement.insert(u"Principal"_s, QJsonObject {{u"Service"_s, rule.servicePrincipal}});
        statement.insert(u"Action"_s, QJsonArray::fromStringList(rule.policyActions()));
        statement.insert(u"Resource"_s, QJsonArray::fromStringList(requiredResources));
        statements.append(statement);
    }
    document.insert(u"Statement"_s, statements);
    merge.after = format(document);
    merge.changed = merge.after != merge.before;
    return merge;
}

QString serviceWordFor(const QString &action)
{
    if (action.compare(u"s3:PutObject"_s, Qt::CaseInsensitive) == 0)
        return u"WRITE"_s;
    if (action.compare(u"s3:GetBucketAcl"_s, Qt::CaseInsensitive) == 0)
        return u"READ_ACP"_s;
    return u"READ"_s;
}

Decision decide(const QString &region, const QString &bucket, const Acl &acl, const QString &policyJson,
                const QString &objectOwnership)
{
    Decision decision;
    const GrantRule rule = ruleFor(region);
    if (!rule.known) {
        decision.known = false;
        return decision;
    }
    // An explicit Deny in the bucket policy wins over any grant, an ACL's included (S3's policy evaluation).
    if (!rule.servicePrincipal.isEmpty()) {
        const PolicyEvaluation evaluation = evaluatePolicy(rule, bucket, policyJson);
        for (const QString &action : evaluation.deniedActions) {
            const QString word = serviceWordFor(action);
            if (!decision.missing.contains(word))
                decision.missing.append(word);
        }
        if (!decision.missing.isEmpty()) {
            const QStringList order = {u"READ"_s, u"WRITE"_s, u"READ_ACP"_s};
            std::sort(decision.missing.begin(), decision.missing.end(),
                      [&order](const QString &a, const QString &b) { return order.indexOf(a) < order.indexOf(b); });
            return decision;
        }
    }
    QStringList aclMissing = rule.aclPermissions;
    if (rule.accepts(Method::AclGrant)) {
        // With ACLs disabled, S3 ignores every grant but the owner's.
        if (aclsEnabled(objectOwnership))
            aclMissing = missingAclPermissions(rule, acl);
        if (aclMissing.isEmpty()) {
            decision.granted = true;
            decision.grantedBy = Method::AclGrant;
            return decision;
        }
    }
    QStringList policyMissing;
    if (rule.accepts(Method::BucketPolicy)) {
        const PolicyEvaluation evaluation = evaluatePolicy(rule, bucket, policyJson);
        if (evaluation.granted()) {
            decision.granted = true;
            decision.grantedBy = Method::BucketPolicy;
            return decision;
        }
        for (const QString &action : evaluation.deniedActions + evaluation.missingActions) {
            const QString word = serviceWordFor(action);
            if (!policyMissing.contains(word))
                policyMissing.append(word);
        }
    }
    // The documented method's words: the ACL's where it is one, else the policy's.
    decision.missing = rule.methods.constFirst() == Method::AclGrant ? aclMissing : policyMissing;
    const QStringList order = {u"READ"_s, u"WRITE"_s, u"READ_ACP"_s};
    std::sort(decision.missing.begin(), decision.missing.end(),
              [&order](const QString &a, const QString &b) { return order.indexOf(a) < order.indexOf(b); });
    return decision;
}

} // namespace ExportAccess
