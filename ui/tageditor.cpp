// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tageditor.h"

#include "dialogutil.h"
#include "elasticacheclient.h"
#include "resourcearn.h"
#include "tagcache.h"
#include "tagrules.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QResizeEvent>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QString oneLine(const ApiError &error)
{
    QString text = error.message.isEmpty() ? error.code : error.message;
    return text.simplified();
}

} // namespace

TagEditor::TagEditor(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"tagEditor"_s);
    auto *heading = new QLabel(tr("Tags"), this);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    m_state = new QLabel(this);
    m_state->setObjectName(u"tagState"_s);
    m_state->setWordWrap(true);

    m_edit = new QPlainTextEdit(this);
    m_edit->setObjectName(u"tagEdit"_s);
    m_edit->setTabChangesFocus(true);
    m_edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_edit->setToolTip(tr("One tag a line, key=value (a key alone: an empty value). Keys 1–128 characters, values up "
                          "to 256, at most 50 tags; keys starting with aws: are AWS's own. Put a key or value in "
                          "double quotes to keep a comma, '=' or spaces at its ends."));
    const int lineHeight = m_edit->fontMetrics().lineSpacing();
    m_edit->setMinimumHeight(3 * lineHeight + 12);

    m_reserved = new QLabel(this);
    m_reserved->setObjectName(u"reservedTags"_s);
    m_reserved->setWordWrap(true);
    m_reserved->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems = new QLabel(this);
    m_problems->setObjectName(u"tagProblems"_s);
    m_problems->setWordWrap(true);
    DialogUtil::styleAsError(m_problems);
    m_warnings = new QLabel(this);
    m_warnings->setObjectName(u"tagWarnings"_s);
    m_warnings->setWordWrap(true);
    DialogUtil::styleAsWarning(m_warnings);
    m_result = new QLabel(this);
    m_result->setObjectName(u"tagResult"_s);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_apply = new QPushButton(tr("&Apply tags"), this);
    m_apply->setObjectName(u"applyTags"_s);
    m_revert = new QPushButton(tr("Re&vert"), this);
    m_revert->setObjectName(u"revertTags"_s);
    m_revert->setToolTip(tr("Forget the changes not applied yet"));
    m_reload = new QPushButton(tr("Read again"), this);
    m_reload->setObjectName(u"reloadTags"_s);

    m_source = new QLabel(this);
    m_source->setObjectName(u"sourceTags"_s);
    m_source->setWordWrap(true);
    m_source->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *top = new QHBoxLayout;
    top->addWidget(heading);
    top->addWidget(m_state, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_apply);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_reload);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_reserved);
    layout->addWidget(m_problems);
    layout->addWidget(m_warnings);
    layout->addWidget(m_result);
    layout->addLayout(buttons);
    layout->addWidget(m_source);

    connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_filling)
            textEdited();
    });
    connect(m_apply, &QPushButton::clicked, this, &TagEditor::apply);
    connect(m_revert, &QPushButton::clicked, this, &TagEditor::revert);
    connect(m_reload, &QPushButton::clicked, this, [this] {
        if (m_cache) {
            m_cache->invalidate(m_arn);
            m_cache->invalidate(m_sourceArn);
        }
    });
    refresh();
}

TagEditor::~TagEditor() = default;

void TagEditor::setTagCache(TagCache *cache)
{
    disconnect(m_cacheConnection);
    m_cache = cache;
    if (m_cache) {
        m_cacheConnection = connect(m_cache, &TagCache::tagsChanged, this, [this](const QString &arn) {
            if (auto it = m_drafts.find(arn);
                it != m_drafts.end() && !it->running && m_cache->peek(arn).state == TagCache::State::Read) {
                // An applied change is shown as typed until its tags are read back; then as read.
                if (it->base.isNull())
                    it->text = QString();
                if (it->rebase) {
                    it->base = readText(arn);
                    it->rebase = false;
                }
            }
            if (arn == m_arn || arn == m_sourceArn)
                refresh();
        });
        // Another connection: the same snapshot, if it is there, is read through the new one.
        connect(m_cache, &TagCache::cleared, this, [this] {
            const SnapshotEntry entry = m_entry;
            const QString arn = m_arn;
            m_arn.clear();
            if (entry.isNull())
                setResource(arn);
            else
                setSnapshot(entry);
        });
    }
    setSnapshot(SnapshotEntry());
}

void TagEditor::setSnapshot(const SnapshotEntry &entry)
{
    if (!entry.isNull() && entry.arn() == m_arn && m_cache)
        return;
    m_entry = entry;
    m_arn = entry.isNull() ? QString() : entry.arn();
    m_sourceArn = entry.isNull() ? QString() : ResourceArn::sourceOf(entry);
    m_sourceDescription = entry.isNull() ? QString() : ResourceArn::sourceDescription(entry);
    demandShown();
    refresh();
}

void TagEditor::setResource(const QString &arn)
{
    if (!arn.isEmpty() && arn == m_arn && m_entry.isNull() && m_cache)
        return;
    m_entry = SnapshotEntry();
    m_arn = arn;
    m_sourceArn.clear();
    m_sourceDescription.clear();
    demandShown();
    refresh();
}

void TagEditor::setDemand(TagCache::Demand demand)
{
    m_demand = demand;
}

void TagEditor::demandShown()
{
    if (!m_cache)
        return;
    QStringList wanted;
    if (!m_arn.isEmpty())
        wanted.append(m_arn);
    if (!m_sourceArn.isEmpty())
        wanted.append(m_sourceArn);
    m_cache->setDemand(m_demand, wanted);
}

const QString &TagEditor::arn() const
{
    return m_arn;
}

QString TagEditor::text() const
{
    return m_edit->toPlainText();
}

bool TagEditor::hasUnappliedChanges() const
{
    const auto it = m_drafts.constFind(m_arn);
    return it != m_drafts.constEnd() && !it->text.isNull() && !it->base.isNull();
}

QStringList TagEditor::problems() const
{
    return m_problems->isHidden() ? QStringList() : m_problems->text().split(u'\n');
}

QString TagEditor::resultText() const
{
    return m_result->isHidden() ? QString() : m_result->text();
}

TagEditor::Draft *TagEditor::draft()
{
    const auto it = m_drafts.find(m_arn);
    return it == m_drafts.end() ? nullptr : &*it;
}

QString TagEditor::readText(const QString &arn) const
{
    if (!m_cache)
        return QString();
    const TagCache::Entry &entry = m_cache->peek(arn);
    if (entry.state != TagCache::State::Read)
        return QString();
    const QString text = TagRules::formatTagList(TagRules::sortedForDisplay(TagRules::editable(entry.tags)), u"\n");
    return text.isNull() ? u""_s : text;
}

void TagEditor::refresh()
{
    const bool shown = m_cache && !m_arn.isEmpty();
    setEnabled(shown);
    const TagCache::Entry none;
    const TagCache::Entry &entry = shown ? m_cache->peek(m_arn) : none;
    const Draft *d = draft();
    const bool running = d && d->running;
    const QString read = readText(m_arn);

    QString state;
    if (!shown)
        state = m_arn.isEmpty() ? QString() : tr("not connected");
    else if (running)
        state = tr("applying…");
    else if (entry.state == TagCache::State::Read)
        state = entry.tags.isEmpty() ? tr("none")
            : entry.tags.size() == 1 ? tr("1 tag")
                                     : tr("%1 tags").arg(entry.tags.size());
    else if (entry.state == TagCache::State::Failed)
        state = tr("could not be read: %1").arg(describe(entry.error));
    else
        state = tr("reading…");
    if (d && !d->text.isNull() && !d->base.isNull() && !running)
        state = tr("%1; changes not applied yet").arg(state);
    m_state->setText(state);
    m_edit->setPlaceholderText(m_arn.isEmpty() ? tr("Select a snapshot or cache to see its tags.")
                                               : tr("No tags. Add one a line: key=value"));

    const QString text = d && !d->text.isNull() ? d->text : read;
    if (m_edit->toPlainText() != text) {
        m_filling = true;
        m_edit->setPlainText(text);
        m_filling = false;
    }
    m_edit->setReadOnly(!shown || running || entry.state != TagCache::State::Read);
    m_reload->setVisible(shown && entry.state == TagCache::State::Failed);

    const QList<Tag> reserved = entry.state == TagCache::State::Read ? TagRules::reserved(entry.tags) : QList<Tag>();
    m_reserved->setText(reserved.isEmpty() ? QString()
                                           : tr("Set by AWS (cannot be changed): %1")
                                                 .arg(TagRules::formatTagList(TagRules::sortedForDisplay(reserved))));
    m_reserved->setVisible(!reserved.isEmpty());
    m_result->setText(d ? d->result : QString());
    m_result->setVisible(d && !d->result.isEmpty());
    if (d && !d->result.isEmpty()) {
        if (d->failed)
            DialogUtil::styleAsError(m_result);
        else
            m_result->setStyleSheet(QString());
    }

    QString source;
    if (shown && !m_sourceArn.isEmpty()) {
        const TagCache::Entry &tags = m_cache->peek(m_sourceArn);
        switch (tags.state) {
        case TagCache::State::Read:
            source = tags.tags.isEmpty()
                ? tr("Source, %1: no tags").arg(m_sourceDescription)
                : tr("Source, %1 (read-only here): %2")
                      .arg(m_sourceDescription, TagRules::formatTagList(TagRules::sortedForDisplay(tags.tags)));
            break;
        case TagCache::State::Failed:
            source = tr("Source, %1: tags could not be read (%2)").arg(m_sourceDescription, describe(tags.error));
            break;
        case TagCache::State::Unknown:
        case TagCache::State::Pending:
            source = tr("Source, %1: reading tags…").arg(m_sourceDescription);
            break;
        }
    }
    m_source->setText(source);
    m_source->setVisible(!source.isEmpty());
    validate();
}

void TagEditor::textEdited()
{
    if (m_arn.isEmpty())
        return;
    const QString read = readText(m_arn);
    Draft &d = m_drafts[m_arn];
    d.text = m_edit->toPlainText();
    if (d.text.isNull())
        d.text = u""_s; // every tag deleted is an edit too
    if (d.base.isNull())
        d.base = read;
    d.result.clear();
    if (!d.running && !read.isNull() && d.text == read) {
        // Back to what the snapshot has: nothing to apply.
        m_drafts.remove(m_arn);
    }
    refresh();
}

void TagEditor::validate()
{
    const Draft *d = draft();
    const bool editing = d && !d->text.isNull() && !d->base.isNull();
    QStringList problems;
    QStringList warnings;
    bool changes = false;
    if (editing && m_cache) {
        const TagRules::ParsedTags parsed = TagRules::parseTagList(d->text);
        problems = parsed.errors;
        warnings = parsed.warnings;
        const TagCache::Entry &entry = m_cache->peek(m_arn);
        if (entry.state == TagCache::State::Read) {
            changes = !TagRules::difference(entry.tags, parsed.tags).isEmpty();
            if (d->base != readText(m_arn))
                warnings.append(tr("The tags changed on the service since you began editing; Apply sends the "
                                   "difference from the tags as they are now."));
        }
    }
    m_problems->setText(problems.join(u'\n'));
    m_problems->setVisible(!problems.isEmpty());
    m_warnings->setText(warnings.join(u'\n'));
    m_warnings->setVisible(!warnings.isEmpty());
    const bool running = d && d->running;
    m_apply->setEnabled(editing && problems.isEmpty() && changes && !running
                        && (d->refused.isNull() || d->text != d->refused));
    m_revert->setEnabled(editing && !running);
    updateMinimumHeight();
}

void TagEditor::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (event->size().width() != event->oldSize().width())
        updateMinimumHeight();
}

void TagEditor::updateMinimumHeight()
{
    if (!layout() || width() <= 0)
        return;
    const int height = layout()->totalHeightForWidth(width()) - (m_edit->sizeHint().height() - m_edit->minimumHeight());
    if (height > 0 && height != minimumHeight())
        setMinimumHeight(height);
}

void TagEditor::revert()
{
    if (Draft *d = draft(); d && !d->running) {
        m_drafts.remove(m_arn);
        refresh();
    }
}

void TagEditor::apply()
{
    Draft *d = draft();
    if (!m_cache || !d || d->running || d->text.isNull())
        return;
    const TagRules::ParsedTags parsed = TagRules::parseTagList(d->text);
    const TagCache::Entry &entry = m_cache->peek(m_arn);
    ElastiCacheClient *client = m_cache->clientFor(m_arn); // the resource's own connection
    if (!parsed.ok() || entry.state != TagCache::State::Read || !client)
        return;
    const TagRules::Change change = TagRules::difference(entry.tags, parsed.tags);
    if (change.isEmpty())
        return;
    d->running = true;
    d->failed = false;
    d->result.clear();
    refresh();

    const QString arn = m_arn;
    const QPointer<ElastiCacheClient> guard(client);
    // Added second, so a resource at 50 tags can swap some for others.
    const auto add = [this, arn, guard, change] {
        if (change.add.isEmpty()) {
            finishApply(arn, true, QString());
            return;
        }
        if (!guard) {
            finishApply(arn, false, tr("Not connected any more; nothing was added."));
            return;
        }
        AddTagsToResourceRequest request;
        request.resourceName = arn;
        request.tags = change.add;
        guard->addTagsToResource(request)->onFinished(
            this, [this, arn, removed = change.remove.size()](const ApiResult<TagListMessage> &result) {
                if (result) {
                    finishApply(arn, true, QString());
                    return;
                }
                const QString why = describe(result.error());
                finishApply(arn, false,
                            removed > 0 ? tr("The tags to remove were removed, but adding failed: %1").arg(why)
                                        : tr("Nothing was changed: %1").arg(why),
                            result.error().isTransient() || result.error().isThrottling());
            });
    };
    if (change.remove.isEmpty()) {
        add();
        return;
    }
    RemoveTagsFromResourceRequest request;
    request.resourceName = arn;
    request.tagKeys = change.remove;
    client->removeTagsFromResource(request)->onFinished(
        this, [this, arn, add](const ApiResult<TagListMessage> &result) {
            if (!result) {
                finishApply(arn, false, tr("Nothing was changed: %1").arg(describe(result.error())),
                            result.error().isTransient() || result.error().isThrottling());
                return;
            }
            add();
        });
}

void TagEditor::finishApply(const QString &arn, bool ok, const QString &message, bool retryable)
{
    Draft &d = m_drafts[arn];
    d.running = false;
    d.failed = !ok;
    d.result = ok ? tr("Applied.") : message;
    if (ok) {
        // Shown as typed until read back (then as the service lists them); no longer an edit to apply.
        d.base = QString();
        d.refused = QString();
    } else {
        d.rebase = true;
        d.refused = retryable ? QString() : d.text;
    }
    const auto parts = ResourceArn::parse(arn);
    const QString name = parts ? parts->id : arn;
    const QString said = ok ? tr("Tags of %1 changed.").arg(name) : tr("Tags of %1: %2").arg(name, message);
    // What the service holds now is read again, whatever happened (a half-done change included).
    if (m_cache)
        m_cache->invalidate(arn);
    if (arn == m_arn)
        refresh();
    Q_EMIT applied(arn, ok, said);
}

QString TagEditor::describe(const ApiError &error)
{
    const QString code = error.code;
    if (code == u"TagQuotaPerResourceExceeded")
        return tr("it would have more than %1 tags (the service's limit).").arg(TagRules::kMaxTagsPerResource);
    if (code == u"InvalidARN" || code.endsWith(u"NotFoundFault") || code.endsWith(u"NotFound"))
        return tr("the service does not know this resource any more (%1).").arg(oneLine(error));
    if (code.startsWith(u"InvalidParameter"))
        return tr("the service refused a key or value: %1").arg(oneLine(error));
    if (code.startsWith(u"AccessDenied") || code == u"UnauthorizedOperation")
        return tr("these credentials may not do this (%1).").arg(oneLine(error));
    if (error.isThrottling())
        return tr("the service is busy (throttling); try again in a moment.");
    if (error.kind == ApiError::Kind::Network || error.kind == ApiError::Kind::Timeout
        || error.kind == ApiError::Kind::Http)
        return tr("no answer from the service (%1); try again.").arg(oneLine(error));
    if (error.kind == ApiError::Kind::Cancelled)
        return tr("the request was cancelled (the connection changed).");
    return oneLine(error);
}
