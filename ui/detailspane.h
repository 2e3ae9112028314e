// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "snapshotentry.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSplitter;
class QTreeWidget;
class TagEditor;

// Every field of the selected snapshot, with its node snapshots per shard; values can be copied. Below them, the
// snapshot's tags, edited in place (TagEditor), and its source's.
class DetailsPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailsPane)

public:
    explicit DetailsPane(QWidget *parent = nullptr);
    ~DetailsPane() override;

    void setSnapshot(const SnapshotEntry &entry); // a null entry clears the pane
    // With several connections: where the snapshot is ("staging @ eu-west-1 (210987654321)"), shown as a field.
    void setSnapshot(const SnapshotEntry &entry, const QString &connection);
    void setSelectionCount(int count);
    const SnapshotEntry &snapshot() const;
    QString valueOf(const QString &field) const; // for tests: the value shown next to a field label
    TagEditor *tagEditor() const;

    // The most of the list's width the labels take; longer ones wrap.
    static constexpr double kLabelShare = 0.4;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void copyCurrentValue();
    void fitFieldColumn();

    SnapshotEntry m_entry;
    QString m_connection;
    QLabel *m_title = nullptr;
    QTreeWidget *m_fields = nullptr;
    QSplitter *m_split = nullptr;
    TagEditor *m_tags = nullptr;
    QPushButton *m_copyName = nullptr;
    QPushButton *m_copyArn = nullptr;
    QMetaObject::Connection m_relayoutOnResize;
};
