#include "ui/kube/kubeclusterpanel.h"

#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>

using pw::ui::KubeClusterPanel;

class tst_KubeClusterPanel : public QObject
{
    Q_OBJECT

private slots:
    void brokenKubeconfigSaysWhere()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("apiVersion: v1\nclusters: [\n");
        f.close();
        qputenv("KUBECONFIG", path.toLocal8Bit());
        KubeClusterPanel panel;
        QSignalSpy changed(&panel, &KubeClusterPanel::deploymentsChanged);
        panel.reload();
        QVERIFY(changed.wait(30000));
        QVERIFY2(panel.statusLabel()->text().startsWith(u"Not connected"_qs),
                 qPrintable(panel.statusLabel()->text()));
        QVERIFY2(panel.statusLabel()->text().contains(path), qPrintable(panel.statusLabel()->text()));
        QCOMPARE(panel.deploymentsModel()->rowCount(), 0);
    }

    // Against the local control plane: the contexts of its kubeconfig, connected, and a
    // deployment applied with the API shows up live with its replicas.
    void liveDeploymentsFromTheControlPlane()
    {
        QProcess env;
        env.start(QStringLiteral("bash"), {QStringLiteral(PW_SOURCE_DIR "/scripts/kube-env.sh"),
                                           QStringLiteral("up")});
        QVERIFY(env.waitForFinished(1800000));
        QVERIFY2(env.exitCode() == 0,
                 qPrintable(u"the local control plane did not start (scripts/kube-env.sh up): "_qs
                            + QString::fromLocal8Bit(env.readAllStandardError())));
        env.start(QStringLiteral("bash"), {QStringLiteral(PW_SOURCE_DIR "/scripts/kube-env.sh"),
                                           QStringLiteral("kubeconfig")});
        QVERIFY(env.waitForFinished(60000));
        const QString config = QString::fromLocal8Bit(env.readAllStandardOutput()).trimmed();
        qputenv("KUBECONFIG", config.toLocal8Bit());

        KubeClusterPanel panel;
        panel.resize(900, 400);
        panel.show();
        panel.reload();
        QTRY_VERIFY_WITH_TIMEOUT(panel.statusLabel()->text().startsWith(u"Connected"_qs), 30000);
        QVERIFY(panel.contextBox()->count() >= 1);
        QCOMPARE(panel.contextBox()->currentText(), u"pipewright"_qs);

        // A deployment created now appears through the watch, not a reload.
        const QString name = QStringLiteral("pw-panel-%1").arg(QCoreApplication::applicationPid());
        QTemporaryDir dir;
        QFile manifest(dir.filePath(QStringLiteral("d.yaml")));
        QVERIFY(manifest.open(QIODevice::WriteOnly));
        manifest.write(QStringLiteral(
                           "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: %1, namespace: "
                           "default}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: %1}}\n"
                           "  template:\n    metadata: {labels: {app: %1}}\n    spec:\n"
                           "      containers: [{name: c, image: example/app:1}]\n")
                           .arg(name)
                           .toUtf8());
        manifest.close();
        QProcess apply;
        apply.start(QStringLiteral("bash"),
                    {QStringLiteral("-c"),
                     QStringLiteral("server=$(grep -m1 'server:' \"$3\" | awk '{print $2}'); "
                                    "curl -sS --cacert \"$1/pki/ca.crt\" --cert \"$1/pki/admin.crt\" "
                                    "--key \"$1/pki/admin.key\" -X PATCH -H 'Content-Type: "
                                    "application/apply-patch+yaml' --data-binary @\"$2\" "
                                    "\"$server/apis/apps/v1/namespaces/default/deployments/$4?fieldManager=test\""),
                     QStringLiteral("apply"), QFileInfo(config).absolutePath(), manifest.fileName(),
                     config, name});
        QVERIFY(apply.waitForFinished(60000));
        auto rowOf = [&]() -> int {
            const auto found = panel.deploymentsModel()->findItems(name);
            return found.isEmpty() ? -1 : found.first()->row();
        };
        QTRY_VERIFY_WITH_TIMEOUT(rowOf() >= 0, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(panel.deploymentsModel()->item(rowOf(), 1)->text(), u"2/2"_qs,
                                  60000);
        const QString shots = QStringLiteral(PW_BINARY_DIR "/screenshots");
        QVERIFY(QDir().mkpath(shots));
        QVERIFY(panel.grab().save(shots + QStringLiteral("/kubepanel.png")));
    }
};

QTEST_MAIN(tst_KubeClusterPanel)
#include "tst_kubeclusterpanel.moc"
