// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "snapshotentry.h"
#include "tagcache.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

// The selected snapshot's tags in the details pane, one `key=value` a line, edited in place: Apply sends only
// the difference (RemoveTagsFromResource, then AddTagsToResource, so a full set of 50 can be swapped), checks the
// service's rules as it is typed, and reads the tags back afterwards. AWS's own tags (aws:) are shown apart and
// left alone. The tags of the snapshot's source (its replication group, cluster or serverless cache) are shown
// read-only below.
//
// What is typed is never lost: an edit not applied yet is kept per snapshot (selecting another snapshot and
// coming back shows it again), a failed Apply leaves it in place with the reason, and a request still running
// when the selection moves finishes and is reported by applied().
class TagEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TagEditor)

public:
    explicit TagEditor(QWidget *parent = nullptr);
    ~TagEditor() override;

    // The connection's tags (and, through its client, the calls that change them); null: nothing is shown.
    void setTagCache(TagCache *cache);
    void setSnapshot(const SnapshotEntry &entry); // a null entry clears the editor
    // Any taggable resource (a cache in the Caches tab): its own tags, without a source line; empty clears.
    void setResource(const QString &arn);
    // Which of the cache's demands this editor's reads count under (the details pane's by default).
    void setDemand(TagCache::Demand demand);
    const QString &arn() const;

    QString text() const;
    bool hasUnappliedChanges() const; // for the shown snapshot
    QStringList problems() const; // the refusals shown now
    QString resultText() const; // the last Apply's outcome for the shown snapshot, in words

    // In words, for an error of AddTagsToResource / RemoveTagsFromResource / ListTagsForResource.
    static QString describe(const ApiError &error);

Q_SIGNALS:
    // An Apply ended; message says what happened, in words.
    void applied(const QString &arn, bool ok, const QString &message);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Draft
    {
        QString text; // what is typed
        QString base; // the tags as read when editing began, in the same form
        QString result; // the last Apply's outcome
        QString refused; // text the service refused as it is: not sent again unchanged
        bool failed = false;
        bool running = false;
        bool rebase = false; // a failed Apply may have changed some tags: the next read is the new base
    };

    void refresh(); // from the cache and the draft of the shown snapshot
    void demandShown(); // asks the cache for the shown resource's (and its source's) tags
    void textEdited();
    void validate();
    void apply();
    void revert();
    void finishApply(const QString &arn, bool ok, const QString &message, bool retryable = true);
    QString readText(const QString &arn) const; // the editable tags as read, one a line; null when not read
    // The height the wrapped labels need at this width, with the text box at its smallest: the details pane's
    // splitter honours minimum heights, not heights for a width.
    void updateMinimumHeight();
    Draft *draft(); // of the shown snapshot, when there is one

    QPointer<TagCache> m_cache;
    QMetaObject::Connection m_cacheConnection;
    SnapshotEntry m_entry;
    TagCache::Demand m_demand = TagCache::Demand::Details;
    QString m_arn;
    QString m_sourceArn;
    QString m_sourceDescription;
    QHash<QString, Draft> m_drafts; // by ARN
    bool m_filling = false; // setting the text, not the operator typing

    QLabel *m_state = nullptr;
    QPlainTextEdit *m_edit = nullptr;
    QLabel *m_reserved = nullptr;
    QLabel *m_problems = nullptr;
    QLabel *m_warnings = nullptr;
    QLabel *m_result = nullptr;
    QPushButton *m_apply = nullptr;
    QPushButton *m_revert = nullptr;
    QPushButton *m_reload = nullptr;
    QLabel *m_source = nullptr;
};
