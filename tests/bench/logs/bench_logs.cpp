// Log benchmarks against the budgets in design.md, printed, never asserted:
//   index a generated log (colours, groups) — GB/s and bytes of index per line;
//   first paint of the viewer on it, and scrolling to its end;
//   search for a rare word and for a word on every line;
//   the longest event-loop stall while a step appends 1 M lines per second.
// Usage: bench_logs FILE   (run-log-bench.sh generates FILE and times `wc -l` beside it)
#include "core/logs/logbuffer.h"
#include "core/logs/logfilesource.h"
#include "core/logs/logsearch.h"
#include "core/logs/logsearchquery.h"
#include "ui/logview/logview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QScrollBar>
#include <QTimer>

#include <cstdio>

using namespace pw::core;

static double seconds(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

static void searchOnce(const LogSource &source, const char *word)
{
    LogSearch search;
    QEventLoop loop;
    QObject::connect(&search, &LogSearch::finished, &loop, &QEventLoop::quit);
    QElapsedTimer t;
    t.start();
    search.start(&source, LogSearchQuery{QString::fromLatin1(word), false, false});
    loop.exec();
    std::printf("search %-12s %10lld hits  %7.3f s\n", word,
                static_cast<long long>(search.hitCount()), seconds(t));
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_logs FILE\n");
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);

    LogFileSource source;
    QElapsedTimer t;
    t.start();
    if (!source.open(path)) {
        std::fprintf(stderr, "%s\n", qPrintable(source.errorString()));
        return 1;
    }
    source.indexAll();
    const double indexS = seconds(t);
    const double gb = double(source.byteSize()) / 1e9;
    std::printf("index          %lld lines, %.2f GB in %.3f s = %.2f GB/s\n",
                static_cast<long long>(source.lineCount()), gb, indexS, gb / indexS);
    std::printf("index memory   %.2f bytes per line (budget <= 16)\n",
                double(source.index().memoryBytes()) / double(std::max<qint64>(1, source.lineCount())));

    pw::ui::LogView view;
    view.resize(1200, 800);
    t.restart();
    view.setSource(&source);
    view.show();
    QImage first = view.grab().toImage();
    std::printf("first paint    %.1f ms (budget < 100)\n", seconds(t) * 1000);
    t.restart();
    view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum());
    first = view.grab().toImage();
    std::printf("scroll to end  %.1f ms\n", seconds(t) * 1000);

    searchOnce(source, "needle-7f3a"); // one line in the file
    searchOnce(source, "INFO");         // on every line

    // Live: a step printing 1 M lines per second into a buffer shown by the view, while a
    // 1 ms timer measures how late the event loop runs it (the GUI's worst stall).
    LogBuffer buffer;
    view.setSource(&buffer);
    QByteArray batch;
    for (int i = 0; i < 40000; ++i)
        batch += "2026-11-26 INFO \x1b[32mstep\x1b[0m line of live output number " + QByteArray::number(i) + '\n';
    qint64 worst = 0;
    QElapsedTimer tick;
    tick.start();
    QTimer probe;
    QObject::connect(&probe, &QTimer::timeout, [&] {
        worst = std::max(worst, tick.restart());
    });
    probe.start(1);
    int batches = 0;
    QTimer feeder; // 25 batches of 40,000 lines a second = 1 M lines/s
    QObject::connect(&feeder, &QTimer::timeout, [&] {
        buffer.append(batch);
        if (++batches == 125) // 5 seconds
            app.quit();
    });
    feeder.start(40);
    tick.restart();
    app.exec();
    std::printf("live 1M lines/s for 5 s: %lld lines, longest event-loop stall %lld ms "
                "(budget 50)\n",
                static_cast<long long>(buffer.lineCount()), static_cast<long long>(worst));
    return 0;
}
