// Figures for the editor's budgets (design.md): a 300-stage pipeline opens and lays out in
// under 150 ms; pan and zoom of a 500-node graph stay smooth. Run offscreen:
//   QT_QPA_PLATFORM=offscreen ./bench_editor
#include "ui/pipeline/pipelinedocument.h"
#include "ui/pipeline/pipelinegraphview.h"
#include "ui/pipeline/pipelinescene.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>

#include <algorithm>
#include <cstdio>

namespace {

QString pipelineText(int stages)
{
    QString text = QStringLiteral("version: 1\nname: bench\nstages:\n");
    for (int i = 0; i < stages; ++i) {
        text += QStringLiteral("  # stage %1\n  - id: s%1\n    name: Stage %1\n").arg(i);
        if (i > 0) {
            // Each stage needs one or two earlier ones: a wide, deep DAG.
            QStringList needs{QStringLiteral("s%1").arg((i * 7) % i)};
            if (i > 3)
                needs.append(QStringLiteral("s%1").arg(i - 1 - (i % 3)));
            needs.removeDuplicates();
            text += QStringLiteral("    needs: [%1]\n").arg(needs.join(QStringLiteral(", ")));
        }
        text += QStringLiteral("    steps:\n      - run: make step-%1\n"
                               "      - docker-push: registry/app:%1\n").arg(i);
    }
    return text;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    using namespace pw::ui;

    {
        const QString text = pipelineText(300);
        QList<double> runs;
        for (int r = 0; r < 5; ++r) {
            PipelineDocument document;
            QElapsedTimer timer;
            timer.start();
            document.reset(text, QString()); // parse + validate + Sugiyama layout
            PipelineScene scene(&document);  // one item per stage and per need
            scene.finishAnimation();
            runs.append(timer.nsecsElapsed() / 1e6);
        }
        std::printf("open+layout 300 stages: median %.1f ms (budget 150 ms), runs:",
                    median(runs));
        for (double r : runs)
            std::printf(" %.1f", r);
        std::printf("\n");
    }

    {
        PipelineDocument document;
        document.reset(pipelineText(500), QString());
        PipelineScene scene(&document);
        scene.finishAnimation();
        PipelineGraphView view(&scene);
        view.resize(1600, 1000);
        view.show();
        view.setZoom(0.6);
        QList<double> pan, zoom;
        QScrollBar *h = view.horizontalScrollBar();
        for (int i = 0; i < 60; ++i) {
            QElapsedTimer t;
            t.start();
            h->setValue(h->value() + 40);
            // grab() renders the frame for real; repaint() paints nothing offscreen.
            (void)view.viewport()->grab();
            pan.append(t.nsecsElapsed() / 1e6);
        }
        for (int i = 0; i < 40; ++i) {
            QElapsedTimer t;
            t.start();
            view.setZoom(i % 2 ? view.zoom() * 1.1 : view.zoom() / 1.1);
            // grab() renders the frame for real; repaint() paints nothing offscreen.
            (void)view.viewport()->grab();
            zoom.append(t.nsecsElapsed() / 1e6);
        }
        std::printf("500 nodes, %d edges: pan frame median %.2f ms, max %.2f ms; "
                    "zoom frame median %.2f ms, max %.2f ms\n",
                    int(scene.edges().size()), median(pan),
                    *std::max_element(pan.begin(), pan.end()), median(zoom),
                    *std::max_element(zoom.begin(), zoom.end()));
    }
    return 0;
}
