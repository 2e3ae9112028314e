// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "filterchoicemodel.h"

#include <algorithm>

FilterChoiceModel::FilterChoiceModel(QString allText, QObject *parent)
    : QAbstractListModel(parent)
    , m_allText(std::move(allText))
{
}

FilterChoiceModel::~FilterChoiceModel() = default;

int FilterChoiceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_choices.size()) + 1;
}

QVariant FilterChoiceModel::data(const QModelIndex &index, int role) const
{
    // The combo asks for its current item's data even while it has none: no warning for an invalid index.
    if (!index.isValid() || index.row() >= rowCount())
        return QVariant();
    const int row = index.row();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        if (row == 0)
            return m_allText;
        return QStringLiteral("%1 (%2)").arg(m_choices[size_t(row - 1)].first).arg(m_choices[size_t(row - 1)].second);
    case Qt::UserRole:
        return row == 0 ? QString() : m_choices[size_t(row - 1)].first;
    default:
        return QVariant();
    }
}

bool FilterChoiceModel::setChoices(std::vector<std::pair<QString, int>> choices)
{
    // Plain order: ElastiCache stores cluster and group ids in lowercase, and tens of thousands of them are
    // sorted at every refill.
    std::sort(choices.begin(), choices.end());
    if (choices == m_choices)
        return false;
    beginResetModel();
    m_choices = std::move(choices);
    endResetModel();
    return true;
}

int FilterChoiceModel::rowOf(const QString &id) const
{
    if (id.isEmpty())
        return 0;
    const auto it = std::lower_bound(m_choices.begin(), m_choices.end(), id,
                                     [](const auto &choice, const QString &key) { return choice.first < key; });
    return it != m_choices.end() && it->first == id ? int(it - m_choices.begin()) + 1 : -1;
}
