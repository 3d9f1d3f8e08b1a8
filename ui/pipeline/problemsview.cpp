#include "problemsview.h"

#include "problemsmodel.h"

#include <QHeaderView>

namespace pw::ui {

ProblemsView::ProblemsView(ProblemsModel *model, QWidget *parent)
    : QTreeView(parent)
    , m_model(model)
{
    setModel(model);
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    header()->setStretchLastSection(true);
    header()->setSectionResizeMode(ProblemsModel::LocationColumn,
                                   QHeaderView::ResizeToContents);

    // activated covers both double-click and Enter/Return, as the platform defines them.
    connect(this, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        if (!index.isValid())
            return;
        const core::Diagnostic &d = m_model->diagnostic(index.row());
        if (d.location.isValid())
            emit problemActivated(d.location.line, d.location.column);
    });
}

} // namespace pw::ui
