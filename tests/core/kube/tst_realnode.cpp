// The real node of scripts/kube-env.sh (PW_KUBE_NODE=real) end to end: the host's routes,
// interfaces, iptables, nft tables, mounts, sysctls, folders and cgroups are recorded with
// the cluster down; `up` starts it from the cached binaries; `pipewright run` builds two
// images with docker-build steps (busybox httpd answering "a" or "b"), pushes them to the
// local registry and applies two Deployments and a Service with a kube-apply step; the pods
// run on the real node; the Service answers through the apiserver's service proxy and on
// its ClusterIP through kube-proxy's rules (checked first to be routed onto the node's
// bridge, never off the machine); a selector switch changes which container answers;
// `down` leaves the host exactly as recorded. The cluster instance is the one the
// environment names (PW_KUBE_STATE and the PW_KUBE_*_PORT variables): the test takes it down
// first and brings it back up at the end if it was running.
#include "kubetestplane.h"

#include "core/http/httpclient.h"
#include "core/kube/kubeclient.h"
#include "core/kube/rolloutdiagnostics.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace pw::core;

namespace {

struct Shell
{
    int code = -1;
    QString out;
};

QProcessEnvironment nodeEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PW_KUBE_NODE"), QStringLiteral("real"));
    return env;
}

Shell bash(const QString &script, int timeoutMs = 120000, bool realNode = true)
{
    QProcess p;
    p.setProcessEnvironment(realNode ? nodeEnvironment() : QProcessEnvironment::systemEnvironment());
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("bash"), {QStringLiteral("-c"), script});
    Shell r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.out = QStringLiteral("did not finish: ") + script;
        return r;
    }
    r.out = QString::fromUtf8(p.readAll()).trimmed();
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return r;
}

// `realNode` false: the node kind the environment asks for (to restore the instance).
Shell kubeEnv(const QString &command, bool realNode = true)
{
    return bash(QStringLiteral("bash '%1' %2").arg(kubetest::script(), command), 60 * 60 * 1000,
                realNode);
}

// What a node may change on the host, each part filtered of what dockerd changes meanwhile
// (other tests run containers beside this one): its veths, its chains, its mounts.
QMap<QString, QString> hostState(const QString &stateDir)
{
    // A pattern that does not match the shell running it: "[/]x" matches "/x" only.
    const QString processes = QStringLiteral("[") + stateDir.left(1) + QStringLiteral("]")
                              + stateDir.mid(1);
    const QMap<QString, QString> scripts{
        {QStringLiteral("routes"),
         QStringLiteral("{ ip -4 route show table all; ip -6 route show table all; } | "
                        "grep -v -e docker0 -e veth | sort")},
        {QStringLiteral("interfaces"),
         QStringLiteral("ip -o link show | grep -v 'master docker0' | "
                        "awk -F': ' '{print $2}' | sed 's/@.*//' | sort")},
        {QStringLiteral("iptables"),
         QStringLiteral("iptables-save | grep -v -e '^#' -e DOCKER -e docker0 -e 172.17. | "
                        "sed -E 's/ \\[[0-9]+:[0-9]+\\]//'")},
        {QStringLiteral("ip6tables"),
         QStringLiteral("ip6tables-save | grep -v -e '^#' -e DOCKER -e docker0 -e 172.17. | "
                        "sed -E 's/ \\[[0-9]+:[0-9]+\\]//'")},
        {QStringLiteral("nft tables"), QStringLiteral("nft list tables | sort")},
        {QStringLiteral("mounts"),
         QStringLiteral("awk '{print $2, $3}' /proc/self/mounts | grep -v -e docker -e moby | "
                        "sort")},
        {QStringLiteral("sysctls"),
         QStringLiteral("sysctl vm.overcommit_memory kernel.panic kernel.panic_on_oops "
                        "net.ipv4.ip_forward net.ipv4.conf.all.route_localnet "
                        "net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables "
                        "net.netfilter.nf_conntrack_max "
                        "net.netfilter.nf_conntrack_tcp_timeout_established "
                        "net.netfilter.nf_conntrack_tcp_timeout_close_wait 2>&1")},
        {QStringLiteral("folders"),
         QStringLiteral("for d in /var/lib/kubelet /var/lib/cni /var/log/containers "
                        "/var/log/pods /run/containerd /run/netns /opt/cni /etc/cni; do "
                        "[ -e $d ] && echo $d; done; ls -d /sys/fs/cgroup/*/kubepods 2>/dev/null; "
                        "true")},
        {QStringLiteral("processes"),
         QStringLiteral("pgrep -af -- '%1' || true").arg(processes)},
    };
    QMap<QString, QString> state;
    for (auto it = scripts.begin(); it != scripts.end(); ++it)
        state.insert(it.key(), bash(it.value()).out);
    return state;
}

// Lines only before / only after, per part that differs.
QString difference(const QMap<QString, QString> &before, const QMap<QString, QString> &after)
{
    QString report;
    for (auto it = before.begin(); it != before.end(); ++it) {
        const QStringList a = it.value().split(QLatin1Char('\n'));
        const QStringList b = after.value(it.key()).split(QLatin1Char('\n'));
        if (a == b)
            continue;
        const QSet<QString> sa(a.begin(), a.end()), sb(b.begin(), b.end());
        report += QStringLiteral("\n%1 differ:").arg(it.key());
        for (const QString &l : a)
            if (!sb.contains(l))
                report += QStringLiteral("\n  - ") + l;
        for (const QString &l : b)
            if (!sa.contains(l))
                report += QStringLiteral("\n  + ") + l;
        if (sa == sb)
            report += QStringLiteral("\n  (same lines, other order)");
    }
    return report;
}

void writeFile(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

} // namespace

class TestRealNode : public QObject
{
    Q_OBJECT

    QString m_stateDir;
    bool m_wasRunning = false;
    QMap<QString, QString> m_before;
    std::optional<KubeConnection> m_connection;
    std::optional<KubeClient> m_client;
    QString m_ns;
    QString m_tag;
    QTemporaryDir m_dir;

    // GET through the apiserver's service proxy: the raw body (the container's answer).
    QString viaServiceProxy(const QString &path = QStringLiteral("/")) const
    {
        HttpRequest r;
        r.path = QStringLiteral("/api/v1/namespaces/%1/services/web:80/proxy%2").arg(m_ns, path);
        r.timeoutMs = 5000;
        const HttpResponse resp = HttpClient::perform(m_connection->endpoint(), r);
        return resp.status == 200 ? QString::fromUtf8(resp.body).trimmed()
                                  : QStringLiteral("HTTP %1 %2").arg(resp.status).arg(resp.message);
    }

    QString clusterIp() const
    {
        return m_client->get(QStringLiteral("v1"), QStringLiteral("Service"), QStringLiteral("web"),
                             m_ns)
            .object[u"spec"][u"clusterIP"].toString();
    }

    // GET on the ClusterIP from this host: only kube-proxy's DNAT can answer it.
    QString viaClusterIp(const QString &ip) const
    {
        HttpEndpoint e;
        e.baseUrl = QStringLiteral("http://%1:80").arg(ip);
        HttpRequest r;
        r.path = QStringLiteral("/");
        r.timeoutMs = 5000;
        r.connectTimeoutMs = 2000;
        const HttpResponse resp = HttpClient::perform(e, r);
        return resp.status == 200 ? QString::fromUtf8(resp.body).trimmed()
                                  : QStringLiteral("HTTP %1 %2").arg(resp.status).arg(resp.message);
    }

    QJsonArray pods(const QString &app) const
    {
        return m_client->list(QStringLiteral("v1"), QStringLiteral("Pod"), m_ns,
                              QStringLiteral("labelSelector=app%3D") + app)
            .object[u"items"].toArray();
    }

    static bool runningAndReady(const QJsonObject &pod)
    {
        if (pod[u"status"][u"phase"].toString() != u"Running")
            return false;
        for (const QJsonValue &c : pod[u"status"][u"containerStatuses"].toArray())
            if (!c[u"ready"].toBool())
                return false;
        return !pod[u"status"][u"containerStatuses"].toArray().isEmpty();
    }

    int readyPods(const QString &app) const
    {
        int n = 0;
        for (const QJsonValue &p : pods(app))
            n += runningAndReady(p.toObject());
        return n;
    }

    QString podSummary() const
    {
        QString s;
        for (const QJsonValue &p : m_client->list(QStringLiteral("v1"), QStringLiteral("Pod"), m_ns)
                                       .object[u"items"]
                                       .toArray()) {
            s += QStringLiteral("\n  %1 on %2: %3")
                     .arg(p[u"metadata"][u"name"].toString(), p[u"spec"][u"nodeName"].toString(),
                          p[u"status"][u"phase"].toString());
            for (const QJsonValue &c : p[u"status"][u"containerStatuses"].toArray()) {
                const QJsonObject waiting = c[u"state"][u"waiting"].toObject();
                if (!waiting.isEmpty())
                    s += QStringLiteral(" (%1: %2)").arg(waiting[u"reason"].toString(),
                                                         waiting[u"message"].toString());
            }
        }
        return s;
    }

private slots:
    void initTestCase()
    {
        const QString kubeconfig = kubeEnv(QStringLiteral("kubeconfig")).out;
        QVERIFY2(!kubeconfig.isEmpty(), "scripts/kube-env.sh kubeconfig printed nothing");
        m_stateDir = QFileInfo(kubeconfig).absolutePath();
        m_wasRunning = kubeEnv(QStringLiteral("status"), false).code == 0;
        const Shell down = kubeEnv(QStringLiteral("down"));
        QVERIFY2(down.code == 0, qPrintable(down.out));
        m_before = hostState(m_stateDir);
        QVERIFY2(m_before.value(QStringLiteral("processes")).isEmpty(),
                 qPrintable(QStringLiteral("processes of the cluster left after down:\n")
                            + m_before.value(QStringLiteral("processes"))));
    }

    void upStartsTheRealNode()
    {
        QElapsedTimer t;
        t.start();
        const Shell up = kubeEnv(QStringLiteral("up"));
        QVERIFY2(up.code == 0,
                 qPrintable(QStringLiteral("the real node (PW_KUBE_NODE=real scripts/kube-env.sh "
                                           "up) did not start: ")
                            + up.out));
        qInfo("up (PW_KUBE_NODE=real) took %lld ms", qint64(t.elapsed()));
        m_connection = kubetest::connection();
        QVERIFY(m_connection);
        m_client.emplace(*m_connection);
        const QJsonObject node = m_client->get(QStringLiteral("v1"), QStringLiteral("Node"),
                                               QStringLiteral("pipewright-node"))
                                     .object;
        QCOMPARE(node[u"metadata"][u"labels"][u"type"].toString(), QStringLiteral("real"));
        bool ready = false;
        for (const QJsonValue &c : node[u"status"][u"conditions"].toArray())
            ready |= c[u"type"].toString() == u"Ready" && c[u"status"].toString() == u"True";
        QVERIFY2(ready, "the real node is not Ready after up");
        m_ns = kubetest::createNamespace(*m_client, QStringLiteral("realnode"));
        QVERIFY(!m_ns.isEmpty());
        // The kwok node set beside it is tainted, so ordinary pods never land there.
        const QJsonObject kwok = m_client->get(QStringLiteral("v1"), QStringLiteral("Node"),
                                               QStringLiteral("pipewright-kwok-0"))
                                     .object;
        QCOMPARE(kwok[u"spec"][u"taints"][0][u"key"].toString(),
                 QStringLiteral("kwok.x-k8s.io/node"));
    }

    void pipelineBuildsPushesAndDeploys()
    {
        QVERIFY(m_client);
        m_tag = QStringLiteral("t%1").arg(QRandomGenerator::global()->generate() % 1000000);
        const QString repo = QStringLiteral("pipewright-test/node-web");
        writeFile(m_dir.filePath(QStringLiteral("app/Dockerfile")),
                  "FROM pipewright/busybox:latest\n"
                  "ARG ANSWER\n"
                  "RUN mkdir -p /www && echo \"$ANSWER\" > /www/index.html\n"
                  "CMD [\"busybox\", \"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n");
        QByteArray manifests;
        for (const char *v : {"a", "b"}) {
            manifests += QStringLiteral(R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web-%1}
spec:
  replicas: 1
  selector: {matchLabels: {app: web, version: "%1"}}
  template:
    metadata: {labels: {app: web, version: "%1"}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
        - name: web
          image: 127.0.0.1:5000/%2:%3-%1
          imagePullPolicy: Always
          ports: [{containerPort: 8080}]
          readinessProbe: {httpGet: {path: /, port: 8080}, periodSeconds: 1}
---
)")
                             .arg(QLatin1String(v), repo, m_tag)
                             .toUtf8();
        }
        manifests += R"(apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web, version: "a"}
  ports: [{port: 80, targetPort: 8080}]
)";
        writeFile(m_dir.filePath(QStringLiteral("k8s/web.yaml")), manifests);
        writeFile(m_dir.filePath(QStringLiteral(".pipewright.yml")), QStringLiteral(R"(version: 1
name: real-node
stages:
  - id: build
    steps:
      - docker-build: {context: app, tags: ["%1:%2-a"], args: {ANSWER: a}}
      - docker-build: {context: app, tags: ["%1:%2-b"], args: {ANSWER: b}}
      - docker-push: {image: "%1:%2-a", registry: "127.0.0.1:5000"}
      - docker-push: {image: "%1:%2-b", registry: "127.0.0.1:5000"}
  - id: deploy
    needs: [build]
    steps:
      - kube-apply: {manifests: [k8s], namespace: "%3"}
)")
                                                                        .arg(repo, m_tag, m_ns)
                                                                        .toUtf8());
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KUBECONFIG"), kubetest::kubeconfigPath());
        env.insert(QStringLiteral("PIPEWRIGHT_DATA_DIR"), m_dir.filePath(QStringLiteral("data")));
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(m_dir.path());
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral(PW_CLI_PATH),
                {QStringLiteral("run"), m_dir.filePath(QStringLiteral(".pipewright.yml")),
                 QStringLiteral("--workspace"), m_dir.path()});
        QVERIFY(p.waitForFinished(300000));
        QVERIFY2(p.exitCode() == 0, p.readAll().constData());

        // Both pods run on the real node, their containers started from the pushed images.
        QElapsedTimer t;
        t.start();
        QTRY_VERIFY2_WITH_TIMEOUT(readyPods(QStringLiteral("web")) == 2,
                                  qPrintable(QStringLiteral("pods not ready:") + podSummary()),
                                  120000);
        qInfo("apply -> both pods Ready: %lld ms", qint64(t.elapsed()));
        for (const QJsonValue &p : pods(QStringLiteral("web"))) {
            QCOMPARE(p[u"spec"][u"nodeName"].toString(), QStringLiteral("pipewright-node"));
            const QString podIp = p[u"status"][u"podIP"].toString();
            QVERIFY2(!podIp.isEmpty(), "a running pod without an address");
            QVERIFY(p[u"status"][u"containerStatuses"][0][u"imageID"].toString().contains(
                QStringLiteral("127.0.0.1:5000/") + repo + QStringLiteral("@sha256:")));
        }
    }

    void serviceAnswersThroughTheApiserverProxy()
    {
        QVERIFY(m_client);
        QTRY_COMPARE_WITH_TIMEOUT(viaServiceProxy(), QStringLiteral("a"), 30000);
    }

    void serviceAnswersOnItsClusterIp()
    {
        QVERIFY(m_client);
        const QString ip = clusterIp();
        QVERIFY(!ip.isEmpty());
        // Never send a packet off the machine: the ClusterIP must be routed onto the node.
        const Shell route = bash(QStringLiteral("ip route get %1").arg(ip));
        QVERIFY2(route.code == 0 && route.out.contains(QStringLiteral(" dev pw-")),
                 qPrintable(QStringLiteral("the Service range is not routed onto the node's "
                                           "bridge, refusing to send: ")
                            + route.out));
        QTRY_COMPARE_WITH_TIMEOUT(viaClusterIp(ip), QStringLiteral("a"), 30000);
    }

    void selectorSwitchChangesWhichContainerAnswers()
    {
        QVERIFY(m_client);
        QElapsedTimer t;
        t.start();
        const KubeResult r = m_client->patch(QStringLiteral("v1"), QStringLiteral("Service"),
                                             QStringLiteral("web"),
                                             R"({"spec":{"selector":{"version":"b"}}})",
                                             "application/merge-patch+json", m_ns);
        QVERIFY2(r.ok, qPrintable(r.message));
        QTRY_COMPARE_WITH_TIMEOUT(viaServiceProxy(), QStringLiteral("b"), 30000);
        qInfo("selector switch -> b answers via the service proxy: %lld ms", qint64(t.elapsed()));
        QTRY_COMPARE_WITH_TIMEOUT(viaClusterIp(clusterIp()), QStringLiteral("b"), 30000);
        qInfo("selector switch -> b answers on the ClusterIP: %lld ms", qint64(t.elapsed()));
        // and stays switched: a's container is no longer reached
        for (int i = 0; i < 5; ++i)
            QCOMPARE(viaServiceProxy(), QStringLiteral("b"));
    }

    // A container that exits, an image the registry does not have, a container over its
    // memory limit: each reported in one line by the rollout diagnostics, from what the
    // kubelet wrote.
    void failuresAreReportedInOneLine_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("image");
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("memory");
        QTest::addColumn<QString>("expected");
        const QString web = QStringLiteral("127.0.0.1:5000/pipewright-test/node-web:%1-a");
        QTest::newRow("crash loop") << QStringLiteral("crash") << web
                                    << QStringLiteral("echo starting; exit 3") << QString()
                                    << QStringLiteral("CrashLoopBackOff: exits with code 3, ");
        QTest::newRow("image missing")
            << QStringLiteral("pull")
            << QStringLiteral("127.0.0.1:5000/pipewright-test/missing:%1") << QString()
            << QString()
            << QStringLiteral("cannot pull image 127.0.0.1:5000/pipewright-test/missing:");
        QTest::newRow("out of memory")
            << QStringLiteral("oom") << web
            << QStringLiteral("x=0123456789abcdef; while true; do x=$x$x; done")
            << QStringLiteral("16Mi")
            << QStringLiteral("OOMKilled: killed for using more than its memory limit 16Mi "
                              "(exit code 137, ");
    }

    void failuresAreReportedInOneLine()
    {
        QFETCH(QString, name);
        QFETCH(QString, image);
        QFETCH(QString, script);
        QFETCH(QString, memory);
        QFETCH(QString, expected);
        QVERIFY(m_client);
        QJsonObject container{{QStringLiteral("name"), QStringLiteral("main")},
                              {QStringLiteral("image"), image.arg(m_tag)}};
        if (!script.isEmpty())
            container.insert(QStringLiteral("command"),
                             QJsonArray{QStringLiteral("busybox"), QStringLiteral("sh"),
                                        QStringLiteral("-c"), script});
        if (!memory.isEmpty())
            container.insert(QStringLiteral("resources"),
                             QJsonObject{{QStringLiteral("limits"),
                                          QJsonObject{{QStringLiteral("memory"), memory}}}});
        const QJsonObject labels{{QStringLiteral("app"), name}};
        const KubeResult r = m_client->apply(QJsonObject{
            {QStringLiteral("apiVersion"), QStringLiteral("apps/v1")},
            {QStringLiteral("kind"), QStringLiteral("Deployment")},
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), m_ns}}},
            {QStringLiteral("spec"),
             QJsonObject{
                 {QStringLiteral("replicas"), 1},
                 {QStringLiteral("selector"), QJsonObject{{QStringLiteral("matchLabels"), labels}}},
                 {QStringLiteral("template"),
                  QJsonObject{{QStringLiteral("metadata"),
                               QJsonObject{{QStringLiteral("labels"), labels}}},
                              {QStringLiteral("spec"),
                               QJsonObject{{QStringLiteral("terminationGracePeriodSeconds"), 1},
                                           {QStringLiteral("containers"),
                                            QJsonArray{container}}}}}}}}});
        QVERIFY2(r.ok, qPrintable(r.message));
        const auto report = [&] {
            const QStringList lines = RolloutDiagnostics::collect(*m_client, name, m_ns);
            for (const QString &l : lines)
                if (l.startsWith(QStringLiteral("pod/") + name + u'-') && l.contains(expected))
                    return l;
            return lines.join(QStringLiteral("\n"));
        };
        QTRY_VERIFY2_WITH_TIMEOUT(report().contains(expected), qPrintable(report()), 120000);
        qInfo("%s", qPrintable(report()));
        // the line the rollout step quotes is this one
        QVERIFY(RolloutDiagnostics::collect(*m_client, name, m_ns)
                    .filter(QStringLiteral("pod/"))
                    .value(0)
                    .contains(expected));
        m_client->remove(QStringLiteral("apps/v1"), QStringLiteral("Deployment"), name, m_ns);
    }

    void nodeMemory()
    {
        // Figures for the report, not assertions: RSS of the node's own processes.
        const Shell rss = bash(QStringLiteral(
            "for p in $(pgrep -f -- '[%1]%2'); do ps -o rss=,comm= -p $p; done | "
            "awk '{kb[$2] += $1} END {for (c in kb) printf \"%s %d MB\\n\", c, kb[c] / 1024}'")
                                   .arg(m_stateDir.left(1), m_stateDir.mid(1)));
        qInfo("RSS by process name:\n%s", qPrintable(rss.out));
    }

    void downLeavesTheHostAsItWas()
    {
        QVERIFY(!m_before.isEmpty());
        const Shell down = kubeEnv(QStringLiteral("down"));
        QVERIFY2(down.code == 0, qPrintable(down.out));
        const QString diff = difference(m_before, hostState(m_stateDir));
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("down left the host changed:") + diff));
    }

    void cleanupTestCase()
    {
        // Whatever failed above, leave no node behind; then the instance as it was found.
        kubeEnv(QStringLiteral("down"));
        if (m_wasRunning)
            kubeEnv(QStringLiteral("up"), false);
    }
};

QTEST_GUILESS_MAIN(TestRealNode)
#include "tst_realnode.moc"
