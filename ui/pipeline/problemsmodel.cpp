#include "problemsmodel.h"

#include "ui/app/iconset.h"

#include <QFileInfo>

#include <algorithm>

namespace pw::ui {

using core::Diagnostic;

void ProblemsModel::setDiagnostics(const core::Diagnostics &diagnostics)
{
    beginResetModel();
    m_diagnostics = diagnostics;
    endResetModel();
}

int ProblemsModel::errorCount() const
{
    return int(std::count_if(m_diagnostics.cbegin(), m_diagnostics.cend(),
                             [](const Diagnostic &d) {
                                 return d.severity == Diagnostic::Severity::Error;
                             }));
}

int ProblemsModel::warningCount() const
{
    return int(std::count_if(m_diagnostics.cbegin(), m_diagnostics.cend(),
                             [](const Diagnostic &d) {
                                 return d.severity == Diagnostic::Severity::Warning;
                             }));
}

int ProblemsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_diagnostics.size());
}

int ProblemsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ProblemsModel::locationText(const Diagnostic &diagnostic)
{
    // The file's name, not its full path: every problem in the list comes from the open file,
    // and the path would push the position out of sight. The tooltip has the full path.
    QString text = QFileInfo(diagnostic.file).fileName();
    if (diagnostic.location.isValid()) {
        text += QLatin1Char(':') + QString::number(diagnostic.location.line);
        if (diagnostic.location.column > 0)
            text += QLatin1Char(':') + QString::number(diagnostic.location.column);
    }
    return text;
}

QVariant ProblemsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_diagnostics.size())
        return {};
    const Diagnostic &d = m_diagnostics.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == LocationColumn ? locationText(d) : d.message;
    case Qt::DecorationRole:
        if (index.column() == LocationColumn)
            return IconSet::severity(d.severity);
        return {};
    case Qt::ToolTipRole:
        return d.toString();
    case LineRole:
        return d.location.line;
    case ColumnRole:
        return d.location.column;
    case SeverityRole:
        return int(d.severity);
    default:
        return {};
    }
}

QVariant ProblemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == LocationColumn ? tr("Location") : tr("Message");
}

} // namespace pw::ui
