// The engine with Docker steps against the real dockerd and local registry (started by
// scripts/docker-env.sh): the example pipeline builds an image, pushes it, runs a stage inside
// it and smoke-tests it as a service container — through `pipewright run`'s code path.
#include "core/run/stepcontext.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class tst_EngineDocker : public QObject
{
    Q_OBJECT

private:
    static bool dockerReachable(QString *why)
    {
        QProcess docker;
        docker.start(QStringLiteral("docker"), {QStringLiteral("version"),
                                                QStringLiteral("--format"),
                                                QStringLiteral("{{.Server.Version}}")});
        if (!docker.waitForFinished(30000) || docker.exitCode() != 0) {
            *why = QStringLiteral("dockerd is not reachable (run scripts/docker-env.sh up): %1")
                       .arg(QString::fromLocal8Bit(docker.readAllStandardError()).trimmed());
            return false;
        }
        return true;
    }

private slots:
    void examplePipelineRunsEndToEnd()
    {
        QString why;
        QVERIFY2(dockerReachable(&why), qPrintable(why));
        QTemporaryDir data;
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PIPEWRIGHT_DATA_DIR"), data.path());
        cli.setProcessEnvironment(env);
        cli.setProcessChannelMode(QProcess::MergedChannels);
        // The project directory is copied into the run's own workspace.
        cli.start(QStringLiteral(PW_ENGINE_CLI),
                  {QStringLiteral("run"),
                   QStringLiteral(PW_SOURCE_DIR "/examples/docker/.pipewright.yml")});
        QVERIFY(cli.waitForFinished(600000));
        const QString out = QString::fromUtf8(cli.readAll());
        QVERIFY2(cli.exitCode() == 0, qPrintable(out.right(4000)));
        // The stage with `image:` ran inside the built image and saw its file.
        QVERIFY2(out.contains(QStringLiteral("model 1")), qPrintable(out.right(4000)));
        // No container of the run is left behind (service containers end with the run).
        QProcess ps;
        ps.start(QStringLiteral("docker"), {QStringLiteral("ps"), QStringLiteral("-aq"),
                                            QStringLiteral("--filter"),
                                            QStringLiteral("label=pipewright.run=")
                                                + pw::core::runKey(data.path(), 1)});
        QVERIFY(ps.waitForFinished(30000));
        QVERIFY2(ps.readAllStandardOutput().trimmed().isEmpty(), "containers left behind");
    }
};

QTEST_GUILESS_MAIN(tst_EngineDocker)
#include "tst_enginedocker.moc"
