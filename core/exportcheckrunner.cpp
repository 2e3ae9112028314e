// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportcheckrunner.h"

#include "s3client.h"
#include "snapshotnames.h"

#include <QSet>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace ExportCheck;

namespace {

// How the check reads an S3 error; the documented "nothing configured" answers are answers.
Outcome outcomeOf(const ApiError &error, const QStringList &absentCodes = {})
{
    Outcome o;
    o.code = error.code;
    o.message = error.message;
    if (absentCodes.contains(error.code))
        o.state = Outcome::State::Ok;
    else if (error.code == u"AccessDenied" || error.code == u"403" || error.code == u"AllAccessDisabled")
        o.state = Outcome::State::Denied;
    else if (error.code == u"NoSuchBucket" || error.code == u"404" || error.code == u"NotFound")
        o.state = Outcome::State::NoBucket;
    else
        o.state = Outcome::State::Failed;
    return o;
}

ExportAccess::Acl aclOf(const S3::GetBucketAclOutput &output)
{
    ExportAccess::Acl acl;
    if (output.owner) {
        acl.ownerId = output.owner->id;
        acl.ownerDisplayName = output.owner->displayName;
    }
    for (const S3::Grant &grant : output.grants) {
        ExportAccess::Grant g;
        if (grant.grantee) {
            g.granteeType = grant.grantee->type;
            g.id = grant.grantee->id;
            g.displayName = grant.grantee->displayName;
            g.uri = grant.grantee->uri;
            g.email = grant.grantee->emailAddress;
        }
        g.permission = grant.permission;
        acl.grants.append(g);
    }
    return acl;
}

S3::AccessControlPolicy policyOf(const ExportAccess::Acl &acl)
{
    S3::AccessControlPolicy policy;
    policy.owner = S3::Owner {acl.ownerDisplayName, acl.ownerId};
    for (const ExportAccess::Grant &g : acl.grants) {
        S3::Grant grant;
        grant.grantee = S3::Grantee {g.displayName, g.email, g.id, g.granteeType, g.uri};
        grant.permission = g.permission;
        policy.grants.append(grant);
    }
    return policy;
}

QString ownershipOf(const S3::GetBucketOwnershipControlsOutput &output)
{
    if (output.ownershipControls && !output.ownershipControls->rules.isEmpty())
        return output.ownershipControls->rules.constFirst().objectOwnership;
    return QString();
}

QString errorWords(const QString &operation, const ApiError &error)
{
    return u"%1 failed: %2 (%3)"_s.arg(operation, error.message, error.code);
}

} // namespace

ExportCheckRunner::ExportCheckRunner(S3Client *s3, QObject *parent)
    : QObject(parent)
    , m_s3(s3)
{
}

ExportCheckRunner::~ExportCheckRunner() = default;

const Facts &ExportCheckRunner::facts() const
{
    return m_facts;
}

qint64 ExportCheckRunner::elapsedMs() const
{
    return m_elapsedMs;
}

void ExportCheckRunner::start(const QString &bucket, const QString &region, const std::optional<Source> &source,
                              const QString &sourceProblem)
{
    m_facts = Facts();
    m_facts.bucket = bucket;
    m_facts.region = region;
    m_facts.source = source;
    m_facts.sourceProblem = sourceProblem;
    m_timer.start();
    if (!m_s3 || !SnapshotNames::checkBucketName(bucket).ok) {
        m_pending = 0;
        QTimer::singleShot(0, this, &ExportCheckRunner::done);
        return;
    }
    m_pending = 8;
    const auto answered = [this] {
        if (--m_pending == 0)
            done();
    };

    m_s3->listBuckets()->onFinished(this, [this, answered](const ApiResult<S3::ListBucketsOutput> &r) {
        if (r) {
            m_facts.listBuckets = Outcome::ok();
            if (r.value().owner)
                m_facts.callerCanonicalId = r.value().owner->id;
            for (const S3::Bucket &b : r.value().buckets) {
                if (b.name == m_facts.bucket) {
                    m_facts.bucketListed = true;
                    m_facts.listedRegion = b.bucketRegion;
                }
            }
        } else {
            m_facts.listBuckets = outcomeOf(r.error());
        }
        answered();
    });
    m_s3->headBucket({bucket, {}})->onFinished(this, [this, answered](const ApiResult<S3::HeadBucketOutput> &r) {
        if (r) {
            m_facts.headBucket = Outcome::ok();
            m_facts.headRegion = r.value().bucketRegion;
        } else {
            m_facts.headBucket = outcomeOf(r.error());
        }
        answered();
    });
    m_s3->getBucketLocation({bucket, {}})
        ->onFinished(this, [this, answered](const ApiResult<S3::GetBucketLocationOutput> &r) {
            if (r) {
                m_facts.location = Outcome::ok();
                m_facts.bucketRegion = S3Client::regionOfLocationConstraint(r.value().locationConstraint);
            } else {
                m_facts.location = outcomeOf(r.error());
            }
            answered();
        });
    m_s3->getBucketAcl({bucket, {}})->onFinished(this, [this, answered](const ApiResult<S3::GetBucketAclOutput> &r) {
        if (r) {
            m_facts.acl = Outcome::ok();
            m_facts.aclValue = aclOf(r.value());
        } else {
            m_facts.acl = outcomeOf(r.error());
        }
        answered();
    });
    m_s3->getBucketPolicy({bucket, {}})
        ->onFinished(this, [this, answered](const ApiResult<S3::GetBucketPolicyOutput> &r) {
            m_facts.policy = r ? Outcome::ok() : outcomeOf(r.error(), {u"NoSuchBucketPolicy"_s});
            if (r)
                m_facts.policyText = r.value().policy;
            answered();
        });
    m_s3->getBucketOwnershipControls({bucket, {}})
        ->onFinished(this, [this, answered](const ApiResult<S3::GetBucketOwnershipControlsOutput> &r) {
            m_facts.ownership = r ? Outcome::ok() : outcomeOf(r.error(), {u"OwnershipControlsNotFoundError"_s});
            if (r)
                m_facts.objectOwnership = ownershipOf(r.value());
            answered();
        });
    m_s3->getBucketEncryption({bucket, {}})
        ->onFinished(this, [this, answered](const ApiResult<S3::GetBucketEncryptionOutput> &r) {
            m_facts.encryption
                = r ? Outcome::ok() : outcomeOf(r.error(), {u"ServerSideEncryptionConfigurationNotFoundError"_s});
            if (r && r.value().serverSideEncryptionConfiguration) {
                for (const S3::ServerSideEncryptionRule &rule : r.value().serverSideEncryptionConfiguration->rules) {
                    if (rule.applyServerSideEncryptionByDefault) {
                        m_facts.sseAlgorithm = rule.applyServerSideEncryptionByDefault->sseAlgorithm;
                        m_facts.kmsKeyId = rule.applyServerSideEncryptionByDefault->kmsMasterKeyID;
                    }
                }
            }
            answered();
        });
    // Every key is "<prefix>NNNN.rdb"; one listing under the common prefix answers for all of them.
    S3::ListObjectsV2Request list;
    list.bucket = bucket;
    if (source && !source->objectKeys.isEmpty())
        list.prefix = source->objectKeys.constFirst().chopped(8);
    m_s3->listObjectsV2(list)->onFinished(this, [this, answered](const ApiResult<S3::ListObjectsV2Output> &r) {
        if (r) {
            m_facts.objects = Outcome::ok();
            const QSet<QString> expected = m_facts.source
                ? QSet<QString>(m_facts.source->objectKeys.cbegin(), m_facts.source->objectKeys.cend())
                : QSet<QString>();
            for (const S3::Object &object : r.value().contents) {
                if (expected.contains(object.key))
                    m_facts.existingKeys.append(object.key);
            }
        } else {
            m_facts.objects = outcomeOf(r.error());
        }
        answered();
    });
}

void ExportCheckRunner::done()
{
    m_elapsedMs = m_timer.elapsed();
    Q_EMIT finished(evaluate(m_facts));
}

ExportCheckFixer::ExportCheckFixer(S3Client *s3, QObject *parent)
    : QObject(parent)
    , m_s3(s3)
{
}

ExportCheckFixer::~ExportCheckFixer() = default;

void ExportCheckFixer::apply(const QString &bucket, const QString &region, const Fix &fix)
{
    m_bucket = bucket;
    m_region = region;
    m_fix = fix;
    m_done = false;
    if (!m_s3) {
        QTimer::singleShot(0, this, [this] { fail(u"No S3 client."_s); });
        return;
    }
    switch (fix.kind) {
    case FixKind::GrantAcl:
        return grantAcl(false);
    case FixKind::AddPolicyStatement:
        return addPolicyStatement();
    case FixKind::EnableAclsAndGrant:
        break;
    }
    // Re-read the ownership first: only "BucketOwnerEnforced" (as shown) is changed.
    m_s3->getBucketOwnershipControls({bucket, {}})
        ->onFinished(this, [this](const ApiResult<S3::GetBucketOwnershipControlsOutput> &r) {
            if (!r && r.error().code != u"OwnershipControlsNotFoundError")
                return fail(errorWords(u"GetBucketOwnershipControls"_s, r.error()));
            const QString now = r ? ownershipOf(r.value()) : QString();
            const QString shown = m_fix.changes.value(0).before;
            if (now != shown)
                return fail(u"Object Ownership is now \"%1\", not \"%2\" as the check showed; nothing was changed. "
                            "Run the check again."_s.arg(now, shown));
            S3::PutBucketOwnershipControlsRequest put;
            put.bucket = m_bucket;
            S3::OwnershipControls controls;
            controls.rules.append(S3::OwnershipControlsRule {u"BucketOwnerPreferred"_s});
            put.ownershipControls = controls;
            m_s3->putBucketOwnershipControls(put)->onFinished(this, [this](const ApiResult<S3::EmptyOutput> &w) {
                if (!w)
                    return fail(errorWords(u"PutBucketOwnershipControls"_s, w.error()));
                grantAcl(true);
            });
        });
}

void ExportCheckFixer::grantAcl(bool afterOwnership)
{
    m_s3->getBucketAcl({m_bucket, {}})
        ->onFinished(this, [this, afterOwnership](const ApiResult<S3::GetBucketAclOutput> &r) {
            if (!r)
                return fail(errorWords(u"GetBucketAcl"_s, r.error()));
            const ExportAccess::Acl acl = aclOf(r.value());
            const Change shown = m_fix.changes.value(afterOwnership ? 1 : 0);
            if (ExportAccess::aclDocument(acl) != shown.before)
                return fail(
                    u"The bucket ACL changed since the check; nothing was written%1. Run the check again."_s.arg(
                        afterOwnership ? u" to the ACL (ACLs are now enabled)"_s : QString()));
            const ExportAccess::AclMerge merge = ExportAccess::mergeAcl(ExportAccess::ruleFor(m_region), acl);
            if (!merge.changed())
                return succeed(u"The bucket ACL already grants ElastiCache what it needs."_s);
            S3::PutBucketAclRequest put;
            put.bucket = m_bucket;
            put.accessControlPolicy = policyOf(merge.after);
            m_s3->putBucketAcl(put)->onFinished(this, [this, merge](const ApiResult<S3::EmptyOutput> &w) {
                if (!w)
                    return fail(errorWords(u"PutBucketAcl"_s, w.error()));
                QStringList added;
                for (const ExportAccess::Grant &g : merge.added)
                    added.append(g.permission);
                succeed(u"Granted ElastiCache %1 in the ACL of s3://%2."_s.arg(added.join(u", "_s), m_bucket));
            });
        });
}

void ExportCheckFixer::addPolicyStatement()
{
    m_s3->getBucketPolicy({m_bucket, {}})->onFinished(this, [this](const ApiResult<S3::GetBucketPolicyOutput> &r) {
        if (!r && r.error().code != u"NoSuchBucketPolicy")
            return fail(errorWords(u"GetBucketPolicy"_s, r.error()));
        const QString text = r ? r.value().policy : QString();
        const ExportAccess::PolicyMerge merge
            = ExportAccess::mergePolicy(ExportAccess::ruleFor(m_region), m_bucket, text);
        if (!merge.ok)
            return fail(merge.problem);
        if (merge.before != m_fix.changes.value(0).before)
            return fail(u"The bucket policy changed since the check; nothing was written. Run the check again."_s);
        if (!merge.changed)
            return succeed(u"The bucket policy already allows ElastiCache what it needs."_s);
        S3::PutBucketPolicyRequest put;
        put.bucket = m_bucket;
        put.policy = merge.after;
        m_s3->putBucketPolicy(put)->onFinished(this, [this](const ApiResult<S3::EmptyOutput> &w) {
            if (!w)
                return fail(errorWords(u"PutBucketPolicy"_s, w.error()));
            succeed(u"Allowed ElastiCache in the policy of s3://%1."_s.arg(m_bucket));
        });
    });
}

void ExportCheckFixer::fail(const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    Q_EMIT finished(false, message);
}

void ExportCheckFixer::succeed(const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    Q_EMIT finished(true, message);
}
