#include "core/deploy/bluegreenmanifests.h"
#include "core/deploy/bluegreenschema.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace pw::core;

// The objects of a blue/green environment, built without a cluster: what the controller
// applies for one colour must read back (BlueGreenSchema) as that colour, and an
// environment's own manifest keeps its shape while the controller owns name, labels,
// selector, replicas and image.
class TestBlueGreenManifests : public QObject
{
    Q_OBJECT

    static EnvironmentSpec env()
    {
        EnvironmentSpec e;
        e.name = QStringLiteral("production");
        e.kubeNamespace = QStringLiteral("shop");
        e.app = QStringLiteral("web");
        e.service = QStringLiteral("web");
        e.port = 8080;
        e.healthPath = QStringLiteral("/healthz");
        e.replicas = 3;
        return e;
    }

private slots:
    void generatedDeploymentReadsBackAsItsColour()
    {
        const QDateTime at(QDate(2025, 3, 1), QTime(9, 30), Qt::UTC);
        const QJsonObject d = BlueGreenManifests::deployment(
            env(), QStringLiteral("green"),
            BlueGreenManifests::defaultDeployment(env(), QStringLiteral("web:2")),
            QStringLiteral("feature/x"), at);
        QCOMPARE(d[u"metadata"][u"name"].toString(), QStringLiteral("web-green"));
        QCOMPARE(d[u"metadata"][u"namespace"].toString(), QStringLiteral("shop"));
        QJsonObject labels = BlueGreenSchema::colourLabels(env(), QStringLiteral("green"));
        labels.insert(QStringLiteral("commit"), QStringLiteral("featurex")); // a label value
        QCOMPARE(d[u"metadata"][u"labels"].toObject(), labels);
        QCOMPARE(d[u"spec"][u"template"][u"metadata"][u"labels"].toObject(), labels);
        QCOMPARE(d[u"spec"][u"replicas"].toInt(), 3);
        const QJsonObject container = d[u"spec"][u"template"][u"spec"][u"containers"][0].toObject();
        QCOMPARE(container[u"image"].toString(), QStringLiteral("web:2"));
        QCOMPARE(container[u"ports"][0][u"containerPort"].toInt(), 8080);
        QCOMPARE(container[u"readinessProbe"][u"httpGet"][u"path"].toString(),
                 QStringLiteral("/healthz"));

        BlueGreenStatus::Colour c;
        QString error;
        QVERIFY2(BlueGreenSchema::readDeployment(d, env(), QStringLiteral("green"), &c, &error),
                 qPrintable(error));
        QCOMPARE(c.image, QStringLiteral("web:2"));
        QCOMPARE(c.commit, QStringLiteral("featurex"));
        QCOMPARE(c.desired, 3);
        QCOMPARE(c.deployedAt, at);
        QVERIFY(!c.canTakeTraffic()); // nothing rolled out yet
    }

    void environmentManifestKeepsItsShape()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("app.yaml")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n---\n"
                "apiVersion: apps/v1\nkind: Deployment\n"
                "metadata:\n  name: anything\n  labels: {team: shop, colour: red}\n"
                "spec:\n  replicas: 9\n  selector: {matchLabels: {x: y}}\n"
                "  template:\n    metadata: {labels: {x: y}}\n"
                "    spec:\n      nodeSelector: {disk: ssd}\n"
                "      containers:\n        - {name: web, image: old:1}\n"
                "        - {name: sidecar, image: proxy:1}\n");
        f.close();
        EnvironmentSpec e = env();
        e.manifests = {QStringLiteral("app.yaml")};
        QJsonObject shape;
        QString error;
        QVERIFY2(BlueGreenManifests::deploymentShape(e, QStringLiteral("web:3"), dir.path(), &shape,
                                                     &error),
                 qPrintable(error));
        const QJsonObject d
            = BlueGreenManifests::deployment(e, QStringLiteral("blue"), shape, QStringLiteral("c3"),
                                             QDateTime::currentDateTimeUtc());
        QCOMPARE(d[u"metadata"][u"name"].toString(), QStringLiteral("web-blue"));
        QCOMPARE(d[u"metadata"][u"labels"][u"team"].toString(), QStringLiteral("shop"));
        QCOMPARE(d[u"metadata"][u"labels"][u"colour"].toString(), QStringLiteral("blue"));
        QCOMPARE(d[u"spec"][u"replicas"].toInt(), 3);
        QCOMPARE(d[u"spec"][u"selector"][u"matchLabels"].toObject(),
                 BlueGreenSchema::colourLabels(e, QStringLiteral("blue")));
        QCOMPARE(d[u"spec"][u"template"][u"metadata"][u"labels"][u"x"].toString(),
                 QStringLiteral("y"));
        QCOMPARE(d[u"spec"][u"template"][u"spec"][u"nodeSelector"][u"disk"].toString(),
                 QStringLiteral("ssd"));
        const QJsonArray containers = d[u"spec"][u"template"][u"spec"][u"containers"].toArray();
        QCOMPARE(containers.size(), 2);
        for (const QJsonValue &c : containers)
            QCOMPARE(c[u"image"].toString(), QStringLiteral("web:3"));
        BlueGreenStatus::Colour c;
        QVERIFY2(BlueGreenSchema::readDeployment(d, e, QStringLiteral("blue"), &c, &error),
                 qPrintable(error));

        e.manifests = {QStringLiteral("missing.yaml")};
        QVERIFY(!BlueGreenManifests::deploymentShape(e, QStringLiteral("web:3"), dir.path(), &shape,
                                                     &error));
        QVERIFY2(error.contains(u"missing.yaml"), qPrintable(error));
    }

    void manifestWithoutADeploymentIsAnError()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("cfg.yaml")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n");
        f.close();
        EnvironmentSpec e = env();
        e.manifests = {QStringLiteral("cfg.yaml")};
        QJsonObject shape;
        QString error;
        QVERIFY(!BlueGreenManifests::deploymentShape(e, QStringLiteral("web:3"), dir.path(), &shape,
                                                     &error));
        QCOMPARE(error, QStringLiteral("environment production: its manifests hold no Deployment"));
    }

    void serviceSelectsOneColour()
    {
        const QJsonObject svc = BlueGreenManifests::service(env(), QStringLiteral("web-preview"),
                                                            QStringLiteral("blue"));
        QCOMPARE(svc[u"metadata"][u"name"].toString(), QStringLiteral("web-preview"));
        QCOMPARE(svc[u"spec"][u"selector"].toObject(),
                 BlueGreenSchema::colourLabels(env(), QStringLiteral("blue")));
        QCOMPARE(svc[u"spec"][u"ports"][0][u"port"].toInt(), 8080);
        QCOMPARE(svc[u"spec"][u"ports"][0][u"targetPort"].toInt(), 8080);

        // The first switch creates the Service with its annotations; nulls are not values.
        const QJsonObject created = BlueGreenManifests::serviceWithAnnotations(
            env(), QStringLiteral("green"),
            QJsonObject{{QStringLiteral("a"), QStringLiteral("1")},
                        {QStringLiteral("b"), QJsonValue::Null}});
        QCOMPARE(created[u"metadata"][u"name"].toString(), QStringLiteral("web"));
        QCOMPARE(created[u"metadata"][u"annotations"].toObject(),
                 (QJsonObject{{QStringLiteral("a"), QStringLiteral("1")}}));
        QCOMPARE(created[u"spec"][u"selector"][u"colour"].toString(), QStringLiteral("green"));
    }

    void scalePatch()
    {
        QCOMPARE(QJsonDocument::fromJson(BlueGreenManifests::scalePatch(0)).object(),
                 QJsonDocument::fromJson(R"({"spec":{"replicas":0}})").object());
    }
};

QTEST_GUILESS_MAIN(TestBlueGreenManifests)
#include "tst_bluegreenmanifests.moc"
