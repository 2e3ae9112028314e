// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "filterchoicemodel.h"

#include <algorithm>
#include <string_view>

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
    // Plain order of the UTF-16 code units: ElastiCache stores cluster and group ids in lowercase, and tens of
    // thousands of them are sorted at every refill, where an inlined comparison is about twice as fast as
    // QString's.
    const auto units = [](const QString &text) {
        return std::u16string_view(reinterpret_cast<const char16_t *>(text.utf16()), size_t(text.size()));
    };
    std::sort(choices.begin(), choices.end(), [&units](const auto &a, const auto &b) {
        const int order = units(a.first).compare(units(b.first));
        return order != 0 ? order < 0 : a.second < b.second;
    });
    // One item per id: of duplicates (a cluster and a serverless cache of the same name), the largest count.
    const auto duplicate = [](const auto &a, const auto &b) {
        return a.first == b.first;
    };
    std::reverse(choices.begin(), choices.end());
    choices.erase(std::unique(choices.begin(), choices.end(), duplicate), choices.end());
    std::reverse(choices.begin(), choices.end());
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
