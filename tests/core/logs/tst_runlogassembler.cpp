#include "core/engine/runengine.h"
#include "core/steps/builtinsteprunners.h"
#include "core/logs/logbuffer.h"
#include "core/logs/runlogassembler.h"
#include "core/pipeline/pipelineloader.h"
#include "core/store/runstore.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace pw::core;

// A run's combined log, put together from the step log files on disk (off the GUI thread
// for a finished run) and from live output, against the real engine and run store.
class TstRunLogAssembler : public QObject
{
    Q_OBJECT

    QTemporaryDir m_data;
    QTemporaryDir m_workspace;
    RunStore m_store;
    std::unique_ptr<RunEngine> m_engine;

    Pipeline load(const QByteArray &yaml)
    {
        const PipelineLoadResult r = PipelineLoader::loadFromText(yaml, u"test.yml"_qs);
        for (const Diagnostic &d : r.diagnostics)
            qWarning("%s", qPrintable(d.toString()));
        return r.pipeline;
    }

    qint64 start(const QByteArray &yaml)
    {
        RunRequest request;
        request.pipeline = load(yaml);
        request.workspaceDir = m_workspace.path();
        return m_engine->enqueue(request);
    }

    bool waitFinished(qint64 runId)
    {
        if (isFinished(m_engine->runStatus(runId)))
            return true;
        QSignalSpy finished(m_engine.get(), &RunEngine::runFinished);
        while (finished.wait(60000)) {
            for (const QList<QVariant> &args : std::as_const(finished)) {
                if (args.at(0).toLongLong() == runId)
                    return true;
            }
        }
        return false;
    }

    static QByteArray text(const LogBuffer *buffer)
    {
        QByteArray all;
        for (qint64 line = 0; buffer && line < buffer->lineCount(); ++line)
            all += buffer->lineBytes(line) + '\n';
        return all;
    }

    // Two stages; the second fails, writes to stderr and ends without a newline.
    static QByteArray twoStages(const QByteArray &name, int lines)
    {
        return "name: " + name + "\n"
               "stages:\n"
               "  - id: build\n"
               "    steps:\n"
               "      - name: compile\n"
               "        run: for i in $(seq " + QByteArray::number(lines) + "); do "
               "echo " + name + "-$i; done\n"
               "  - id: test\n"
               "    needs: [build]\n"
               "    steps:\n"
               "      - run: printf 'broken' >&2; exit 3\n";
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_data.isValid() && m_workspace.isValid());
        QVERIFY2(m_store.open(m_data.path()), qPrintable(m_store.errorString()));
        m_engine = std::make_unique<RunEngine>(&m_store, builtinStepRunners());
        m_engine->setOutputBatchMs(10);
    }

    void cleanupTestCase() { m_engine.reset(); }

    // Opening a finished run returns at once; its log arrives from the worker and is the
    // same, byte for byte, as the one put together live while the run went.
    void finishedRunIsReadOffTheGuiThread()
    {
        RunLogAssembler live(m_engine.get());
        const qint64 runId = start(twoStages("alpha", 3000));
        QVERIFY(runId > 0);
        live.setRun(runId); // queued or just started: read at once, then followed live
        QVERIFY(!live.isLoading());
        QVERIFY(live.buffer());
        QVERIFY(waitFinished(runId));
        const QByteArray seenLive = text(live.buffer());
        QVERIFY(seenLive.contains("alpha-3000\n"));
        QVERIFY(seenLive.contains("##pw[stage test]\n##pw[step "));
        QVERIFY2(seenLive.contains("broken") && seenLive.endsWith("##pw[end failed]\n"),
                 seenLive.right(200).constData());

        RunLogAssembler later(m_engine.get());
        QSignalSpy changed(&later, &RunLogAssembler::bufferChanged);
        later.setRun(runId);
        QVERIFY(later.isLoading());
        QVERIFY(!later.buffer());
        QCOMPARE(changed.count(), 0); // nothing read on this thread
        QVERIFY(changed.wait(30000));
        QCOMPARE(changed.count(), 1);
        QVERIFY(!later.isLoading());
        QVERIFY(later.buffer());
        QCOMPARE(later.buffer()->thread(), thread());
        QCOMPARE(later.buffer()->parent(), &later);
        QVERIFY(later.buffer()->isFinished());
        QCOMPARE(text(later.buffer()), seenLive);
    }

    // A run asked for while another is still being read replaces it: only its log is
    // handed out, and the assembler goes on to read others.
    void newerRunSupersedesALoadUnderWay()
    {
        const qint64 big = start(twoStages("big", 200000));
        const qint64 small = start(twoStages("small", 5));
        QVERIFY(waitFinished(big) && waitFinished(small));

        RunLogAssembler assembler(m_engine.get());
        QSignalSpy changed(&assembler, &RunLogAssembler::bufferChanged);
        assembler.setRun(big);
        assembler.setRun(small);
        QVERIFY(changed.wait(30000));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(assembler.runId(), small);
        QVERIFY(text(assembler.buffer()).contains("small-5\n"));
        QVERIFY(!text(assembler.buffer()).contains("big-"));

        assembler.setRun(big);
        QTRY_VERIFY_WITH_TIMEOUT(!assembler.isLoading(), 60000);
        QVERIFY(text(assembler.buffer()).contains("big-200000\n"));

        // Run 0 is no run: an empty log, at once.
        assembler.setRun(0);
        QVERIFY(!assembler.isLoading());
        QVERIFY(assembler.buffer());
        QCOMPARE(assembler.buffer()->lineCount(), 0);
    }

    // Destroying the assembler while it reads leaves the worker to finish on its own and
    // throw its result away; the next assembler reads the run afresh.
    void destroyedWhileLoading()
    {
        const qint64 runId = start(twoStages("gone", 200000));
        QVERIFY(waitFinished(runId));
        auto doomed = std::make_unique<RunLogAssembler>(m_engine.get());
        doomed->setRun(runId);
        QVERIFY(doomed->isLoading());
        doomed.reset();

        RunLogAssembler again(m_engine.get());
        QSignalSpy changed(&again, &RunLogAssembler::bufferChanged);
        again.setRun(runId);
        QVERIFY(changed.wait(60000));
        QVERIFY(text(again.buffer()).contains("gone-200000\n"));
    }
};

QTEST_GUILESS_MAIN(TstRunLogAssembler)
#include "tst_runlogassembler.moc"
