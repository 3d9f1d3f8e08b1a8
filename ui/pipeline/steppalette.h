#pragma once

#include <QListWidget>

namespace pw::ui {

// The step kinds of StepKindRegistry as a list to drag onto a stage node.
class StepPalette : public QListWidget
{
    Q_OBJECT

public:
    explicit StepPalette(QWidget *parent = nullptr);

protected:
    QMimeData *mimeData(const QList<QListWidgetItem *> &items) const override;
    QStringList mimeTypes() const override;
};

} // namespace pw::ui
