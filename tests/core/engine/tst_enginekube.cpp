// The engine with Kubernetes steps against the local control plane (scripts/kube-env.sh, kwok
// making pods Ready): the example pipeline applies a Deployment and a Service and waits for
// the rollout — through `pipewright run`'s code path.
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
        QVERIFY2(cli.exitCode() == 0, qPrintable(out.right(4000)));
        QVERIFY2(out.contains(QStringLiteral("hello")), qPrintable(out.right(4000)));
    }
};

QTEST_GUILESS_MAIN(tst_EngineKube)
#include "tst_enginekube.moc"
