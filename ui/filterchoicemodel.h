// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractListModel>
#include <QHash>
#include <QSet>

#include <utility>
#include <vector>

// The items of a filter combo: "All …" first (an empty id), then one "id (count)" per cluster or group, and
// "id (count, serverless)" with the serverless icon for a serverless cache.
// Replaced whole with one reset: a combo filled item by item costs a relayout per item, and a large account has
// tens of thousands of clusters.
class FilterChoiceModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilterChoiceModel)

public:
    FilterChoiceModel(QString allText, QObject *parent = nullptr);
    ~FilterChoiceModel() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // What setChoices() shows: ids and counts sorted by id, one per id (of duplicates, the largest count), and the
    // ids that are serverless caches. Made by prepare(), which touches no model: a window with tens of thousands of
    // clusters prepares its choices on a worker thread.
    struct Choices
    {
        std::vector<std::pair<QString, int>> items;
        QSet<QString> serverless;
    };
    // From counts by id: the ids whose count in serverlessCounts is their whole count are marked serverless (an id
    // that also names a node-based cluster is not).
    static Choices prepare(const QHash<QString, int> &counts, const QHash<QString, int> &serverlessCounts = {});
    // Returns false (and changes nothing) when the choices are the same. keep is listed, with a count of 0, when
    // the choices do not have it (the combo's current choice).
    bool setChoices(Choices choices, const QString &keep = QString());
    // Sorted by id; the ids in serverless are marked as serverless caches.
    bool setChoices(std::vector<std::pair<QString, int>> choices, QSet<QString> serverless = {});
    int rowOf(const QString &id) const; // 0 for the empty id, -1 when not listed

private:
    QString m_allText;
    std::vector<std::pair<QString, int>> m_choices;
    QSet<QString> m_serverless;
};
