// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tagprogress.h"

#include "snapshotfilterproxymodel.h"
#include "tagcache.h"

#include <QLabel>
#include <QLocale>
#include <QStatusBar>
#include <QTimer>

using namespace Qt::StringLiterals;

TagProgress::TagProgress(TagCache *cache, SnapshotFilterProxyModel *proxy, QStatusBar *statusBar)
    : QObject(statusBar)
    , m_cache(cache)
    , m_proxy(proxy)
{
    m_label = new QLabel(statusBar);
    m_label->setObjectName(u"tagProgress"_s);
    m_label->hide();
    statusBar->insertPermanentWidget(0, m_label);
    // Reads finish many times a second while a filter is read: the label follows at most every 200 ms.
    m_update = new QTimer(this);
    m_update->setObjectName(u"tagProgressTimer"_s);
    m_update->setSingleShot(true);
    m_update->setInterval(200);
    connect(m_update, &QTimer::timeout, this, &TagProgress::update);
    connect(m_cache, &TagCache::progressChanged, this, &TagProgress::schedule);
    // After the tag demand has followed the new filter (it is told on the same signal).
    connect(m_proxy, &SnapshotFilterProxyModel::filterChanged, this, &TagProgress::schedule);
    update();
}

TagProgress::~TagProgress() = default;

QString TagProgress::text() const
{
    return m_label->isHidden() ? QString() : m_label->text();
}

void TagProgress::schedule()
{
    if (!m_update->isActive())
        m_update->start();
}

void TagProgress::update()
{
    m_update->stop();
    const QLocale locale;
    QStringList parts;
    if (m_proxy->filter().hasTagCriteria()) {
        const TagCache::Progress progress = m_cache->progress(TagCache::Demand::Filter);
        const qsizetype read = progress.done - progress.failed;
        if (progress.done < progress.total)
            parts.append(tr("tags: %1 of %2 read; rows not read yet are greyed")
                             .arg(locale.toString(read), locale.toString(progress.total)));
        else
            parts.append(tr("tags: %1 of %2 read").arg(locale.toString(read), locale.toString(progress.total)));
        if (progress.failed > 0)
            parts.append(tr("%1 could not be read (greyed)").arg(locale.toString(progress.failed)));
    }
    if (const QString notice = m_cache->notice(); !notice.isEmpty())
        parts.append(notice);
    m_label->setText(parts.join(u"; "));
    m_label->setToolTip(tr("The tag filter needs the tags of every snapshot the other filters let through: they are "
                           "read with ListTagsForResource, a few at a time, the rows on screen first. A row whose "
                           "tags are not known yet stays in the list, greyed, and goes once they are known not to "
                           "match."));
    m_label->setVisible(!parts.isEmpty());
}
