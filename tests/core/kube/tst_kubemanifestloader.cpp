#include "core/kube/kubemanifestloader.h"

#include <QJsonArray>
#include <QTest>

using namespace pw::core;

// Manifest files and folders → objects with positions; images from a structured field.
class TestKubeManifestLoader : public QObject
{
    Q_OBJECT

    const QString m_dir = QStringLiteral(PW_TEST_DATA_DIR "/kube/manifests");

    static QJsonArray containers(const KubeManifest &m, const char *list = "containers")
    {
        return m.object[u"spec"][u"template"][u"spec"][QLatin1String(list)].toArray();
    }

private slots:
    void multiDocument()
    {
        QList<KubeManifest> out;
        QString error;
        QVERIFY2(KubeManifestLoader::load({QStringLiteral("multi.yaml")}, m_dir, &out, &error),
                 qPrintable(error));
        QCOMPARE(out.size(), 2); // the empty trailing document is skipped
        QCOMPARE(out[0].kind(), QStringLiteral("ConfigMap"));
        QCOMPARE(out[0].line, 2);
        QCOMPARE(out[1].name(), QStringLiteral("api"));
        QCOMPARE(out[1].line, 9);
        // YAML types survive: quoted "3" stays a string, plain 2 is a number
        QVERIFY(out[0].object[u"data"][u"replicas"].isString());
        QCOMPARE(out[1].object[u"spec"][u"replicas"].toInt(), 2);
        QCOMPARE(containers(out[1])[0][u"ports"][0][u"containerPort"].toInt(), 8080);
    }

    void listIsExpanded()
    {
        QList<KubeManifest> out;
        QString error;
        QVERIFY(KubeManifestLoader::load({QStringLiteral("list.json")}, m_dir, &out, &error));
        QCOMPARE(out.size(), 2);
        QCOMPARE(out[1].name(), QStringLiteral("two"));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        QTest::newRow("syntax") << QStringLiteral("malformed.yaml")
                                << QStringLiteral("malformed.yaml:9:10: error: illegal map value");
        QTest::newRow("no name") << QStringLiteral("noname.yaml")
                                 << QStringLiteral("noname.yaml:1:1: error: the ConfigMap has "
                                                   "no metadata.name");
        QTest::newRow("missing") << QStringLiteral("absent.yaml")
                                 << QStringLiteral("absent.yaml: error: no such manifest");
    }

    void errors()
    {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        QList<KubeManifest> out;
        QString error;
        QVERIFY(!KubeManifestLoader::load({file}, m_dir, &out, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void setImagesByContainerName()
    {
        QList<KubeManifest> out;
        QString error;
        QVERIFY(KubeManifestLoader::load({QStringLiteral("multi.yaml")}, m_dir, &out, &error));
        const int n = KubeManifestLoader::setImages(
            out, {{QStringLiteral("api"), QStringLiteral("registry.local/api@sha256:abc")},
                  {QStringLiteral("migrate"), QStringLiteral("registry.local/migrate:2")}});
        QCOMPARE(n, 2);
        QCOMPARE(containers(out[1])[0][u"image"].toString(),
                 QStringLiteral("registry.local/api@sha256:abc"));
        QCOMPARE(containers(out[1])[1][u"image"].toString(),
                 QStringLiteral("example.com/sidecar:1"));
        QCOMPARE(containers(out[1], "initContainers")[0][u"image"].toString(),
                 QStringLiteral("registry.local/migrate:2"));
        // "*" covers every container; setting the same image again changes nothing
        QCOMPARE(KubeManifestLoader::setImages(out, {{QStringLiteral("*"),
                                                      QStringLiteral("registry.local/all:1")}}),
                 3);
        QCOMPARE(KubeManifestLoader::setImages(out, {{QStringLiteral("*"),
                                                      QStringLiteral("registry.local/all:1")}}),
                 0);
    }
};

QTEST_GUILESS_MAIN(TestKubeManifestLoader)
#include "tst_kubemanifestloader.moc"
