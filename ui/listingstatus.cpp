// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "listingstatus.h"

#include "busyindicator.h"
#include "snapshotfilterproxymodel.h"
#include "snapshotlisting.h"
#include "snapshottablemodel.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace {

// A label given new text asks for its geometry again, and in the status bar that lays the whole window out again
// (its layout, then the main window's: 25-60 ms at a million rows, once per merge while a list loads). A label of
// fixed size asks nothing: its size is fixed to what its text needs and set again only when that changes, which
// for a count is when it gains a digit.
void setSteadyText(QLabel *label, const QString &text)
{
    if (label->text() == text)
        return;
    label->setText(text);
    const QSize needed = label->sizeHint();
    if (label->minimumSize() != needed || label->maximumSize() != needed)
        label->setFixedSize(needed);
}

} // namespace

ListingStatus::ListingStatus(SnapshotListing *listing, SnapshotFilterProxyModel *proxy, QStatusBar *statusBar)
    : QObject(statusBar)
    , m_listing(listing)
    , m_proxy(proxy)
{
    // Permanent widgets, so transient messages do not hide them.
    m_countLabel = new QLabel(statusBar);
    m_countLabel->setObjectName(u"countLabel"_s);
    m_refreshedLabel = new QLabel(statusBar);
    m_refreshedLabel->setObjectName(u"refreshedLabel"_s);
    // While a listing loads: a busy indicator and how many snapshots came so far. The label is as wide as a count
    // of nine digits from the start, so a count growing a digit does not lay the window out again.
    m_loading = new QWidget(statusBar);
    m_loading->setObjectName(u"loadProgress"_s);
    auto *busy = new BusyIndicator(m_loading);
    busy->setObjectName(u"busyIndicator"_s);
    m_loadLabel = new QLabel(tr("Loading… %1").arg(QLocale().toString(999'999'999)), m_loading);
    m_loadLabel->setObjectName(u"loadLabel"_s);
    m_loadLabel->setFixedSize(m_loadLabel->sizeHint());
    auto *loadingLayout = new QHBoxLayout(m_loading);
    loadingLayout->setContentsMargins(0, 0, 0, 0);
    loadingLayout->addWidget(busy);
    loadingLayout->addWidget(m_loadLabel);
    m_loading->hide();
    // The counts change with every page merged: painting their own background, they are repainted alone, without
    // the window beneath them.
    for (QWidget *changing : std::initializer_list<QWidget *> {m_loadLabel, m_countLabel, m_refreshedLabel})
        changing->setAutoFillBackground(true);
    // A rule between the count and the time, so they do not read as one sentence.
    auto *separator = new QFrame(statusBar);
    separator->setObjectName(u"countSeparator"_s);
    separator->setFrameShape(QFrame::VLine);
    separator->setFrameShadow(QFrame::Sunken);
    statusBar->addPermanentWidget(m_loading);
    statusBar->addPermanentWidget(m_countLabel);
    statusBar->addPermanentWidget(separator);
    statusBar->addPermanentWidget(m_refreshedLabel);

    connect(m_listing, &SnapshotListing::started, this, [this] {
        m_loadLabel->setText(tr("Loading…"));
        m_loading->show();
        update();
    });
    connect(m_listing, &SnapshotListing::progressed, this,
            [this](qint64 loaded) { m_loadLabel->setText(tr("Loading… %1").arg(QLocale().toString(loaded))); });
    connect(m_listing, &SnapshotListing::finished, this, [this](bool complete) {
        m_lastFailed = !complete;
        m_loading->hide();
        update();
    });
    // The counts, and "not connected" once the listing's client changed (the rows are dropped then).
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &ListingStatus::update);
    // The proxy drops a row while the model still counts it (on rowsAboutToBeRemoved): count again once the
    // model has removed it too.
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy->snapshotModel(), signal, this, &ListingStatus::update);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ListingStatus::update);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &ListingStatus::update);
    connect(m_listing, &SnapshotListing::connectionStateChanged, this, &ListingStatus::update);
    update();
}

ListingStatus::~ListingStatus() = default;

void ListingStatus::update()
{
    const QLocale locale;
    const int total = m_proxy->snapshotModel()->rowCount();
    const int shown = m_proxy->rowCount();
    QString count;
    if (shown == total)
        count = total == 1 ? tr("1 snapshot") : tr("%1 snapshots").arg(locale.toString(total));
    else
        count = total == 1 ? tr("Showing 0 of 1 snapshot")
                           : tr("Showing %1 of %2 snapshots").arg(locale.toString(shown), locale.toString(total));
    setSteadyText(m_countLabel, count);
    const QDateTime completed = m_listing->lastCompleted();
    const QString at = completed.isValid() ? locale.toString(completed.time(), QLocale::ShortFormat) : QString();
    const int connections = m_listing->connectionCount();
    const int done = m_listing->finishedCount();
    const int failed = m_listing->phaseCount(FleetConnectionState::Phase::Failed);
    const int notEnabled = m_listing->notEnabledCount();
    if (!m_listing->hasClient())
        setSteadyText(m_refreshedLabel, tr("not connected"));
    else if (m_listing->isLoading() && connections > 1)
        setSteadyText(m_refreshedLabel, tr("loading… (%1 of %2 connections listed)").arg(done).arg(connections));
    else if (m_listing->isLoading())
        setSteadyText(m_refreshedLabel, tr("loading…"));
    else if (connections > 1 && (m_lastFailed || failed > 0))
        // Never "refreshed": what is shown lacks the failed connections' snapshots.
        setSteadyText(m_refreshedLabel,
                      tr("list incomplete (%1 of %2 connections failed)").arg(failed).arg(connections));
    else if (m_lastFailed)
        // What is shown is what the failed listing got so far: say so, and when the list was last whole.
        setSteadyText(m_refreshedLabel,
                      completed.isValid() ? tr("list incomplete (listing failed; complete at %1)").arg(at)
                                          : tr("list incomplete (listing failed)"));
    else if (completed.isValid() && notEnabled > 0)
        setSteadyText(m_refreshedLabel, tr("refreshed at %1 (%2 not enabled)").arg(at).arg(notEnabled));
    else if (completed.isValid())
        setSteadyText(m_refreshedLabel, tr("refreshed at %1").arg(at));
    else
        setSteadyText(m_refreshedLabel, tr("not loaded yet"));
}

QString ListingStatus::text() const
{
    return m_countLabel->text() + u" · "_s + m_refreshedLabel->text();
}
