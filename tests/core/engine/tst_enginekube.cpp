// The engine with Kubernetes steps against the local control plane (scripts/kube-env.sh, kwok
// making pods Ready): the example pipeline applies a Deployment and a Service and waits for
// the rollout — through `pipewright run`'s code path.
#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class tst_EngineKube : public QObject
{
    Q_OBJECT

private:
    static QString kubeconfig(QString *why)
    {
        QProcess env;
        env.start(QStringLiteral("bash"), {QStringLiteral(PW_SOURCE_DIR "/scripts/kube-env.sh"),
                                           QStringLiteral("up")});
        if (!env.waitForFinished(1800000) || env.exitCode() != 0) {
            *why = QStringLiteral("the local Kubernetes control plane did not start "
                                  "(scripts/kube-env.sh up): %1")
                       .arg(QString::fromLocal8Bit(env.readAllStandardError()).trimmed());
            return {};
        }
        env.start(QStringLiteral("bash"), {QStringLiteral(PW_SOURCE_DIR "/scripts/kube-env.sh"),
                                           QStringLiteral("kubeconfig")});
        env.waitForFinished(60000);
        return QString::fromLocal8Bit(env.readAllStandardOutput()).trimmed();
    }

private slots:
    void examplePipelineRollsOut()
    {
        QString why;
        const QString config = kubeconfig(&why);
        QVERIFY2(!config.isEmpty(), qPrintable(why));
        QTemporaryDir data;
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PIPEWRIGHT_DATA_DIR"), data.path());
        env.insert(QStringLiteral("KUBECONFIG"), config);
        cli.setProcessEnvironment(env);
        cli.setProcessChannelMode(QProcess::MergedChannels);
        cli.start(QStringLiteral(PW_ENGINE_CLI),
                  {QStringLiteral("run"),
                   QStringLiteral(PW_SOURCE_DIR "/examples/kube/.pipewright.yml")});
        QVERIFY(cli.waitForFinished(300000));
        const QString out = QString::fromUtf8(cli.readAll());
        // Exit status and code named: a crash after the summary is not an ordinary failure.
        QVERIFY2(cli.exitStatus() == QProcess::NormalExit && cli.exitCode() == 0,
                 qPrintable(QStringLiteral("exit status %1, code %2:\n%3")
                                .arg(int(cli.exitStatus()))
                                .arg(cli.exitCode())
                                .arg(out.right(4000))));
        QVERIFY2(out.contains(QStringLiteral("hello")), qPrintable(out.right(4000)));
    }

    // A bluegreen step through the engine: the first run deploys and promotes one colour,
    // the second deploys the other colour and switches traffic to it.
    void blueGreenStepSwitchesColours()
    {
        QString why;
        const QString config = kubeconfig(&why);
        QVERIFY2(!config.isEmpty(), qPrintable(why));
        QTemporaryDir project;
        const QString app = QStringLiteral("pw-engine-bg-%1").arg(QDateTime::currentMSecsSinceEpoch() % 1000000);
        QFile file(project.filePath(QStringLiteral(".pipewright.yml")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("name: bg\n"
                                  "environments:\n"
                                  "  prod: {namespace: default, app: %1, service: %1, port: 8080,"
                                  " replicas: 1, smoke: none, scale-down-delay: 1s}\n"
                                  "stages:\n"
                                  "  - id: ship\n"
                                  "    steps:\n"
                                  "      - bluegreen: {environment: prod, image: \"${IMAGE}\"}\n")
                       .arg(app)
                       .toUtf8());
        file.close();
        QTemporaryDir data;
        QStringList outputs;
        for (const char *image : {"example/model:1", "example/model:2"}) {
            QProcess cli;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("PIPEWRIGHT_DATA_DIR"), data.path());
            env.insert(QStringLiteral("KUBECONFIG"), config);
            cli.setProcessEnvironment(env);
            cli.setProcessChannelMode(QProcess::MergedChannels);
            cli.start(QStringLiteral(PW_ENGINE_CLI),
                      {QStringLiteral("run"), file.fileName(), QStringLiteral("--set"),
                       QStringLiteral("IMAGE=") + QLatin1String(image)});
            QVERIFY(cli.waitForFinished(600000));
            const QString out = QString::fromUtf8(cli.readAll());
            QVERIFY2(cli.exitCode() == 0, qPrintable(out.right(4000)));
            QVERIFY2(out.contains(QLatin1String(image)), qPrintable(out.right(4000)));
            outputs << out;
        }
        // The two runs went to different colours.
        const bool firstBlue = outputs[0].contains(QStringLiteral("blue"));
        const bool secondGreen = outputs[1].contains(QStringLiteral("green"));
        QVERIFY2(firstBlue || secondGreen, qPrintable(outputs.join(u'\n').right(4000)));
    }
};

QTEST_GUILESS_MAIN(tst_EngineKube)
#include "tst_enginekube.moc"
