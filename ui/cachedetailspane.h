// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "backupsettings.h"
#include "unprotectedsources.h"

#include <QWidget>

class QFormLayout;
class QLabel;
class QPushButton;
class QScrollArea;
class TagCache;
class TagEditor;

// The selected source in the Caches view: what it is, its automatic-backup settings (with "Edit backup
// settings…", or why they cannot be changed), its newest snapshots and what it was restored from.
class CacheDetailsPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CacheDetailsPane)

public:
    struct Shown
    {
        CacheSource source;
        UnprotectedSources::Latest latest;
        QString restoredFrom;
        QString followNote; // CacheWatch's word on it, when it follows it
        bool unprotected = false;
        int unprotectedDays = 30;
    };

    explicit CacheDetailsPane(QWidget *parent = nullptr);
    ~CacheDetailsPane() override;

    void showSource(const Shown &shown);
    void clear();
    bool hasSource() const;
    const CacheSource &source() const;
    QString valueOf(const QString &field) const; // for tests: the value shown next to a field label
    QPushButton *editButton() const;
    QPushButton *showSnapshotsButton() const;
    // The cache's own tags, read and edited through the connection's tag cache.
    void setTagCache(TagCache *cache);
    TagEditor *tagEditor() const;

    // As wide as the fields and buttons need beside the scroll bar: narrower, the scroll area cut them off.
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void editRequested(const CacheSource &source);
    void showSnapshotsRequested(const CacheSource &source);

private:
    void addRow(QFormLayout *form, const QString &field, const QString &value, const QString &toolTip = QString());

    QScrollArea *m_scroll = nullptr;
    bool m_hasSource = false;
    CacheSource m_source;
    QLabel *m_title = nullptr;
    QFormLayout *m_form = nullptr;
    QLabel *m_whyNot = nullptr;
    QLabel *m_unprotected = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_showSnapshots = nullptr;
    TagEditor *m_tags = nullptr;
    QHash<QString, QWidget *> m_values;
};
