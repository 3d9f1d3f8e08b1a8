#include "kubetestplane.h"

#include "core/kube/kubemanifestloader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace pw::core;

// KubeClient against the real kube-apiserver of scripts/kube-env.sh: apply semantics,
// conflicts, discovery (CRDs too) and every failure the user must understand.
class TestKubeClient : public QObject
{
    Q_OBJECT

    std::optional<KubeClient> m_client;
    QString m_ns;

    QJsonObject configMap(const QString &name, const QString &color) const
    {
        return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                           {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                           {QStringLiteral("metadata"),
                            QJsonObject{{QStringLiteral("name"), name},
                                        {QStringLiteral("labels"),
                                         QJsonObject{{QStringLiteral("suite"),
                                                      QStringLiteral("client")}}}}},
                           {QStringLiteral("data"),
                            QJsonObject{{QStringLiteral("color"), color}}}};
    }

    KubeClient clientFor(const QByteArray &kubeconfig, QTemporaryDir &dir)
    {
        QFile f(dir.filePath(QStringLiteral("config")));
        if (f.open(QIODevice::WriteOnly))
            f.write(kubeconfig);
        f.close();
        KubeConfig config;
        if (!config.load({f.fileName()}))
            qFatal("test kubeconfig does not load: %s", qPrintable(config.errorString()));
        QString error;
        auto c = KubeConnection::resolve(config, {}, &error);
        if (!c)
            qFatal("test kubeconfig does not resolve: %s", qPrintable(error));
        return KubeClient(*c);
    }

    // What an apply that changes nothing leaves alone: the generation where there is one
    // (the Deployment's status keeps moving under the controller), else the whole object.
    static QString version(const QJsonObject &o)
    {
        const QJsonObject meta = o[u"metadata"].toObject();
        return meta.contains(QStringLiteral("generation"))
                   ? QStringLiteral("generation %1").arg(meta[u"generation"].toInteger())
                   : kubetest::rvOf(o);
    }

    QString server() const { return m_client->connection().endpoint().baseUrl; }

private slots:
    void initTestCase()
    {
        QString error;
        if (!kubetest::ensureUp(&error))
            QFAIL(qPrintable(error));
        auto c = kubetest::connection();
        QVERIFY2(c, "the control plane's kubeconfig does not resolve");
        m_client.emplace(*c);
        m_ns = kubetest::createNamespace(*m_client, QStringLiteral("pw-client"));
        QVERIFY(!m_ns.isEmpty());
        auto nc = kubetest::connection({}, m_ns);
        m_client.emplace(*nc);
    }

    void cleanupTestCase()
    {
        if (m_client)
            kubetest::deleteNamespace(*m_client, m_ns);
    }

    void applyTwiceChangesNothing()
    {
        QList<KubeManifest> objects;
        QString error;
        QVERIFY2(KubeManifestLoader::load({QStringLiteral("web")},
                                          QStringLiteral(PW_TEST_DATA_DIR "/kube"), &objects,
                                          &error),
                 qPrintable(error));
        QCOMPARE(objects.size(), 2);
        QStringList first;
        for (const KubeManifest &m : objects) {
            const KubeResult r = m_client->apply(m.object);
            QVERIFY2(r.ok, qPrintable(r.message));
            QCOMPARE(r.object[u"metadata"][u"namespace"].toString(), m_ns);
            first << version(r.object);
        }
        for (qsizetype i = 0; i < objects.size(); ++i) {
            const KubeResult r = m_client->apply(objects[i].object);
            QVERIFY2(r.ok, qPrintable(r.message));
            QCOMPARE(version(r.object), first[i]); // nothing written
        }
        const KubeResult d = m_client->get(QStringLiteral("apps/v1"),
                                           QStringLiteral("Deployment"), QStringLiteral("web"));
        QVERIFY2(d.ok, qPrintable(d.message));
        const QJsonArray managers = d.object[u"metadata"][u"managedFields"].toArray();
        QStringList appliers;
        for (const QJsonValue &m : managers) {
            if (m[u"operation"].toString() == QLatin1String("Apply"))
                appliers << m[u"manager"].toString();
        }
        QCOMPARE(appliers, QStringList{QStringLiteral("pipewright")});
    }

    void conflictReportedThenForced()
    {
        // Another manager owns data.color first.
        const QByteArray other = QJsonDocument(configMap(QStringLiteral("shared"),
                                                         QStringLiteral("blue")))
                                     .toJson(QJsonDocument::Compact);
        const KubeResult owned = m_client->request(
            "PATCH",
            QStringLiteral("/api/v1/namespaces/%1/configmaps/shared?fieldManager=other-team")
                .arg(m_ns),
            other, "application/apply-patch+yaml");
        QVERIFY2(owned.ok, qPrintable(owned.message));

        const KubeResult conflict =
            m_client->apply(configMap(QStringLiteral("shared"), QStringLiteral("green")));
        QVERIFY(!conflict.ok);
        QVERIFY(conflict.isConflict());
        QCOMPARE(conflict.reason, QStringLiteral("Conflict"));
        QVERIFY2(conflict.message.contains(QLatin1String("other-team"))
                     && conflict.message.contains(QLatin1String(".data.color"))
                     && conflict.message.contains(QLatin1String("force")),
                 qPrintable(conflict.message));

        const KubeResult forced =
            m_client->apply(configMap(QStringLiteral("shared"), QStringLiteral("green")), true);
        QVERIFY2(forced.ok, qPrintable(forced.message));
        QCOMPARE(forced.object[u"data"][u"color"].toString(), QStringLiteral("green"));
    }

    void getListPatchDelete()
    {
        QVERIFY(m_client->apply(configMap(QStringLiteral("cm1"), QStringLiteral("red"))).ok);
        const KubeResult list = m_client->list(QStringLiteral("v1"), QStringLiteral("ConfigMap"),
                                               {}, QStringLiteral("labelSelector=suite%3Dclient"));
        QVERIFY2(list.ok, qPrintable(list.message));
        QVERIFY(list.object[u"items"].toArray().size() >= 1);
        const KubeResult p = m_client->patch(QStringLiteral("v1"), QStringLiteral("ConfigMap"),
                                             QStringLiteral("cm1"),
                                             R"({"data":{"size":"xl"}})");
        QVERIFY2(p.ok, qPrintable(p.message));
        QCOMPARE(p.object[u"data"][u"size"].toString(), QStringLiteral("xl"));
        QCOMPARE(p.object[u"data"][u"color"].toString(), QStringLiteral("red"));
        const KubeResult del = m_client->remove(QStringLiteral("v1"), QStringLiteral("ConfigMap"),
                                                QStringLiteral("cm1"));
        QVERIFY2(del.ok, qPrintable(del.message));
        const KubeResult gone = m_client->get(QStringLiteral("v1"), QStringLiteral("ConfigMap"),
                                              QStringLiteral("cm1"));
        QVERIFY(gone.isNotFound());
        QCOMPARE(gone.reason, QStringLiteral("NotFound"));
    }

    void unknownKindAndVersion()
    {
        QJsonObject o = configMap(QStringLiteral("x"), QStringLiteral("y"));
        o.insert(QStringLiteral("kind"), QStringLiteral("Frobnicator"));
        KubeResult r = m_client->apply(o);
        QVERIFY(!r.ok);
        QVERIFY2(r.message.contains(QLatin1String("unknown kind 'Frobnicator'")),
                 qPrintable(r.message));
        o.insert(QStringLiteral("apiVersion"), QStringLiteral("nope.example.com/v1"));
        r = m_client->apply(o);
        QVERIFY2(r.message.contains(QLatin1String("unknown apiVersion 'nope.example.com/v1'")),
                 qPrintable(r.message));
    }

    void customResourceFoundByDiscovery()
    {
        const QByteArray crd = R"({"apiVersion":"apiextensions.k8s.io/v1",
          "kind":"CustomResourceDefinition","metadata":{"name":"widgets.pipewright.test"},
          "spec":{"group":"pipewright.test","scope":"Namespaced",
            "names":{"plural":"widgets","singular":"widget","kind":"Widget"},
            "versions":[{"name":"v1","served":true,"storage":true,
              "schema":{"openAPIV3Schema":{"type":"object",
                "x-kubernetes-preserve-unknown-fields":true}}}]}})";
        const KubeResult c = m_client->apply(QJsonDocument::fromJson(crd).object());
        QVERIFY2(c.ok, qPrintable(c.message));
        const QJsonObject widget{
            {QStringLiteral("apiVersion"), QStringLiteral("pipewright.test/v1")},
            {QStringLiteral("kind"), QStringLiteral("Widget")},
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("w")}}},
            {QStringLiteral("spec"), QJsonObject{{QStringLiteral("size"), 3}}}};
        // The group is served a moment after the CRD is established.
        KubeResult r;
        QTRY_VERIFY2_WITH_TIMEOUT((r = m_client->apply(widget)).ok, qPrintable(r.message),
                                  30000);
        QCOMPARE(r.object[u"spec"][u"size"].toInt(), 3);
        m_client->remove(QStringLiteral("apiextensions.k8s.io/v1"),
                         QStringLiteral("CustomResourceDefinition"),
                         QStringLiteral("widgets.pipewright.test"));
    }

    void forbiddenCarriesRbacMessage()
    {
        auto c = kubetest::connection(QStringLiteral("pipewright-restricted"), m_ns);
        QVERIFY(c);
        const KubeResult r = KubeClient(*c).list(QStringLiteral("v1"), QStringLiteral("Pod"));
        QCOMPARE(r.status, 403);
        QVERIFY2(r.message.startsWith(QLatin1String("forbidden (403)"))
                     && r.message.contains(QLatin1String("pipewright-nobody"))
                     && r.message.contains(QLatin1String("cannot list resource \"pods\"")),
                 qPrintable(r.message));
    }

    void wrongTokenIsUnauthorized()
    {
        QTemporaryDir dir;
        const KubeClient client = clientFor(
            QStringLiteral("clusters:\n- name: c\n  cluster:\n    server: %1\n"
                           "    certificate-authority: %2\nusers:\n- name: u\n  user:\n"
                           "    token: not-a-valid-token\ncontexts:\n- name: x\n"
                           "  context: {cluster: c, user: u}\ncurrent-context: x\n")
                .arg(server(), kubetest::caFile())
                .toUtf8(),
            dir);
        const KubeResult r = client.list(QStringLiteral("v1"), QStringLiteral("Pod"));
        QCOMPARE(r.status, 401);
        QVERIFY2(r.message.contains(QLatin1String("unauthorized (401)")), qPrintable(r.message));
    }

    void serverDown()
    {
        QTemporaryDir dir;
        const KubeClient client = clientFor(
            "clusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:1'}\n"
            "contexts:\n- name: x\n  context: {cluster: c}\ncurrent-context: x\n",
            dir);
        const KubeResult r = client.get(QStringLiteral("v1"), QStringLiteral("Pod"),
                                        QStringLiteral("p"));
        QVERIFY(!r.ok);
        QCOMPARE(r.status, 0);
        QVERIFY2(r.transport == HttpError::NotListening, qPrintable(r.message));
        QVERIFY2(r.message.contains(QLatin1String("cannot reach the Kubernetes API server "
                                                  "https://127.0.0.1:1")),
                 qPrintable(r.message));
    }

    void wrongCertificateAuthority()
    {
        QTemporaryDir dir;
        const KubeClient client = clientFor(
            QStringLiteral("clusters:\n- name: c\n  cluster:\n    server: %1\n"
                           "    certificate-authority: %2\ncontexts:\n- name: x\n"
                           "  context: {cluster: c}\ncurrent-context: x\n")
                .arg(server(), QStringLiteral(PW_TEST_DATA_DIR "/kube/wrong-ca.crt"))
                .toUtf8(),
            dir);
        const KubeResult r = client.list(QStringLiteral("v1"), QStringLiteral("Pod"));
        QVERIFY(!r.ok);
        QVERIFY(r.transport == HttpError::Tls);
        QVERIFY2(r.message.startsWith(QLatin1String("TLS failure"))
                     && r.message.contains(QLatin1String("certificate-authority")),
                 qPrintable(r.message));
    }
};

QTEST_GUILESS_MAIN(TestKubeClient)
#include "tst_kubeclient.moc"
