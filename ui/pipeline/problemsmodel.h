#pragma once

#include "core/pipeline/diagnostic.h"

#include <QAbstractTableModel>

namespace pw::ui {

// The loader's problems as a table: severity icon with FILE:LINE:COL, then the message.
// Changes only through setDiagnostics(). The Problems view shows it; the Pipeline area fills it.
class ProblemsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { LocationColumn, MessageColumn, ColumnCount };
    enum Role { LineRole = Qt::UserRole + 1, ColumnRole, SeverityRole };

    using QAbstractTableModel::QAbstractTableModel;

    void setDiagnostics(const core::Diagnostics &diagnostics);
    const core::Diagnostics &diagnostics() const { return m_diagnostics; }
    const core::Diagnostic &diagnostic(int row) const { return m_diagnostics.at(row); }
    int errorCount() const;
    int warningCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString locationText(const core::Diagnostic &diagnostic);

private:
    core::Diagnostics m_diagnostics;
};

} // namespace pw::ui
