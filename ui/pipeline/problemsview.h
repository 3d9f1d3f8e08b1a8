#pragma once

#include "core/pipeline/diagnostic.h"

#include <QTreeView>

namespace pw::ui {

class ProblemsModel;

// The Problems list under the YAML view. Double-click or Enter on a problem asks for a jump
// to its position; the view itself knows nothing about the text it points into.
class ProblemsView : public QTreeView
{
    Q_OBJECT

public:
    explicit ProblemsView(ProblemsModel *model, QWidget *parent = nullptr);

signals:
    void problemActivated(int line, int column);

private:
    ProblemsModel *m_model;
};

} // namespace pw::ui
