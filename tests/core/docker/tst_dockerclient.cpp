// Integration tests against the real dockerd and the local registries started by
// scripts/docker-env.sh (open registry on 127.0.0.1:5000, htpasswd one on 127.0.0.1:5001).
// Everything created is named or labelled pipewright-test and removed again.
#include "core/docker/containersteprunner.h"
#include "core/docker/dockerbuildsteprunner.h"
#include "core/docker/dockerclient.h"
#include "core/docker/dockerhost.h"
#include "core/docker/dockerpushsteprunner.h"
#include "core/docker/dockerrunsteprunner.h"
#include "core/http/httpclient.h"
#include "core/pipeline/pipelineloader.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace pw::core;

namespace {
const QString kBase = QStringLiteral("pipewright/busybox:latest");

void writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

struct Finished
{
    bool ok = false;
    int exitCode = -2;
    QString message;
    QByteArray out, err, system;
};

Finished runToEnd(StepRunner *runner, int timeoutMs = 120000)
{
    Finished f;
    QObject::connect(runner, &StepRunner::output, runner,
                     [&f](OutputStream s, const QByteArray &d) {
                         (s == OutputStream::Stderr ? f.err
                          : s == OutputStream::System ? f.system
                                                      : f.out)
                             .append(d);
                     });
    QSignalSpy spy(runner, &StepRunner::finished);
    runner->start();
    if (spy.wait(timeoutMs)) {
        f.ok = spy.at(0).at(0).toBool();
        f.exitCode = spy.at(0).at(1).toInt();
        f.message = spy.at(0).at(2).toString();
    }
    return f;
}
} // namespace

class TstDockerClient : public QObject
{
    Q_OBJECT

    QString m_label; // unique to this test process: pipewright-test=<uuid>
    DockerStepContext context(const QString &workspace) const
    {
        DockerStepContext c;
        c.workspaceDir = workspace;
        c.namePrefix = QStringLiteral("pipewright-test");
        c.labels.insert(QStringLiteral("pipewright-test"), m_label.section(u'=', 1));
        return c;
    }
    int leftoverContainers()
    {
        DockerClient client;
        QJsonArray list;
        if (!client.listContainers(&list, m_label))
            return -1;
        return int(list.size());
    }

private slots:
    void initTestCase()
    {
        m_label = QStringLiteral("pipewright-test=")
            + QUuid::createUuid().toString(QUuid::Id128).left(12);
        DockerClient client;
        QVERIFY2(client.ping(), qPrintable(QStringLiteral("dockerd is needed (run "
                                                          "scripts/docker-env.sh up): ")
                                           + client.errorMessage()));
        QVERIFY2(client.inspectImage(kBase, nullptr),
                 "the base image pipewright/busybox:latest is missing: run "
                 "scripts/docker-env.sh up");
        HttpRequest req;
        req.path = QStringLiteral("/v2/");
        req.timeoutMs = 5000;
        HttpEndpoint reg;
        reg.baseUrl = QStringLiteral("http://127.0.0.1:5000");
        QVERIFY2(HttpClient::perform(reg, req).ok(),
                 "the registry on 127.0.0.1:5000 is not running: run scripts/docker-env.sh up");
        reg.baseUrl = QStringLiteral("http://127.0.0.1:5001");
        QVERIFY2(HttpClient::perform(reg, req).status == 401,
                 "the htpasswd registry on 127.0.0.1:5001 is not running: run "
                 "scripts/docker-env.sh up");
    }

    void cleanupTestCase()
    {
        DockerClient client;
        client.removeContainersWithLabel(m_label);
        QJsonArray images;
        if (client.listImages(&images)) {
            for (const QJsonValue &img : std::as_const(images)) {
                for (const QJsonValue &tag : img.toObject().value(QStringLiteral("RepoTags"))
                                                 .toArray()) {
                    if (tag.toString().contains(QStringLiteral("pipewright-test")))
                        client.removeImage(tag.toString(), true);
                }
            }
        }
    }

    void versionAndInfo()
    {
        DockerClient client;
        QVERIFY(client.negotiate());
        QVERIFY(!client.apiVersion().isEmpty());
        QJsonObject v, i;
        QVERIFY2(client.version(&v), qPrintable(client.errorMessage()));
        QVERIFY(!v.value(QStringLiteral("ApiVersion")).toString().isEmpty());
        QVERIFY2(client.info(&i), qPrintable(client.errorMessage()));
        QVERIFY(i.contains(QStringLiteral("ServerVersion")));
    }

    void buildWithOptions()
    {
        QTemporaryDir ws;
        writeFile(ws.filePath(QStringLiteral("app/docker/Custom.Dockerfile")),
                  "FROM " + kBase.toUtf8() + " AS base\n"
                  "ARG GREETING=unset\n"
                  "RUN echo \"greeting=$GREETING\" > /greeting\n"
                  "FROM base AS final\n"
                  "RUN echo never-reached-with-target-base\n");
        writeFile(ws.filePath(QStringLiteral("app/data.txt")), "x");
        DockerBuildOptions o;
        o.contextDir = ws.filePath(QStringLiteral("app"));
        o.dockerfile = QStringLiteral("docker/Custom.Dockerfile");
        o.tags = {QStringLiteral("pipewright-test/opts:a"),
                  QStringLiteral("pipewright-test/opts:b")};
        o.buildArgs.insert(QStringLiteral("GREETING"), QStringLiteral("hello world"));
        o.labels.insert(QStringLiteral("org.example.test"), QStringLiteral("yes"));
        o.target = QStringLiteral("base");
        o.noCache = true;
        DockerClient client;
        QStringList log;
        QString id;
        QVERIFY2(client.build(o, [&](const QString &l) { log.append(l); }, &id),
                 qPrintable(client.errorMessage()));
        QVERIFY(id.startsWith(QStringLiteral("sha256:")));
        QVERIFY(!log.join(u'\n').contains(QStringLiteral("never-reached")));
        QJsonObject img;
        QVERIFY(client.inspectImage(QStringLiteral("pipewright-test/opts:b"), &img));
        QCOMPARE(img.value(QStringLiteral("Id")).toString(), id);
        QCOMPARE(img.value(QStringLiteral("Config")).toObject().value(QStringLiteral("Labels"))
                     .toObject().value(QStringLiteral("org.example.test")).toString(),
                 QStringLiteral("yes"));
        // The build argument reached the RUN: check it inside a container of the image.
        QTemporaryDir ws2;
        ContainerStepRunner runner(QStringLiteral("pipewright-test/opts:a"),
                                   QStringLiteral("cat /greeting"), {}, {}, context(ws2.path()));
        const Finished f = runToEnd(&runner);
        QVERIFY2(f.ok, qPrintable(f.message));
        QCOMPARE(f.out, QByteArray("greeting=hello world\n"));
        QVERIFY(client.removeImage(QStringLiteral("pipewright-test/opts:a")));
        QVERIFY(client.removeImage(QStringLiteral("pipewright-test/opts:b")));
    }

    // The same contexts as tst_dockerignore, built through our client: what COPY sees must
    // be exactly what it saw when the docker CLI sent the context.
    void dockerignoreLiveAgainstCli_data()
    {
        QTest::addColumn<QString>("dir");
        const QDir root(QStringLiteral(PW_TEST_DATA_DIR "/docker/dockerignore"));
        for (const QString &c : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            QTest::newRow(qPrintable(c)) << root.filePath(c);
    }
    void dockerignoreLiveAgainstCli()
    {
        QFETCH(QString, dir);
        DockerBuildOptions o;
        o.contextDir = dir + QStringLiteral("/context");
        o.noCache = true;
        DockerClient client;
        QStringList log;
        QString id;
        QVERIFY2(client.build(o, [&](const QString &l) { log.append(l); }, &id),
                 qPrintable(client.errorMessage()));
        client.removeImage(id, true);
        // The listing is what RUN printed: between "Step 3/3" and " ---> <id>".
        const qsizetype from = log.indexOf(QRegularExpression(QStringLiteral("Step 3/3.*")));
        QVERIFY(from >= 0);
        QStringList listing;
        for (qsizetype i = from + 1; i < log.size(); ++i) {
            const QString &l = log.at(i);
            if (l.startsWith(QStringLiteral(" ---> Running in")))
                continue;
            if (l.startsWith(QStringLiteral(" ---> ")) || l.startsWith(QStringLiteral("Removing")))
                break;
            listing.append(l);
        }
        QFile expected(dir + QStringLiteral("/expected.txt"));
        QVERIFY(expected.open(QIODevice::ReadOnly));
        QCOMPARE(listing.join(u'\n') + u'\n', QString::fromUtf8(expected.readAll()));
    }

    void dockerfileErrorFailsWithDockersMessage()
    {
        QTemporaryDir ws;
        writeFile(ws.filePath(QStringLiteral("Dockerfile")), "FROM " + kBase.toUtf8()
                  + "\nRUN echo before && exit 3\n");
        DockerClient client;
        DockerBuildOptions o;
        o.contextDir = ws.path();
        QVERIFY(!client.build(o, {}, nullptr));
        QVERIFY2(client.errorMessage().contains(QStringLiteral("returned a non-zero code: 3")),
                 qPrintable(client.errorMessage()));
        QCOMPARE(leftoverContainers(), 0);

        writeFile(ws.filePath(QStringLiteral("Dockerfile")), "FROBNICATE everything\n");
        QVERIFY(!client.build(o, {}, nullptr));
        QVERIFY2(client.errorMessage().contains(QStringLiteral("unknown instruction")),
                 qPrintable(client.errorMessage()));
    }

    void missingContextOrDockerfile()
    {
        DockerClient client;
        DockerBuildOptions o;
        o.contextDir = QStringLiteral("/nonexistent/pipewright-test-ctx");
        QVERIFY(!client.build(o, {}, nullptr));
        QVERIFY(client.errorMessage().contains(o.contextDir));
        QTemporaryDir ws;
        o.contextDir = ws.path();
        QVERIFY(!client.build(o, {}, nullptr));
        QVERIFY2(client.errorMessage().contains(QStringLiteral("Dockerfile")),
                 qPrintable(client.errorMessage()));
    }

    void buildCancelledMidwayLeavesNoContainer()
    {
        QTemporaryDir ws;
        const QString marker = QStringLiteral("pipewright-test-cancel-")
            + QUuid::createUuid().toString(QUuid::Id128).left(8);
        writeFile(ws.filePath(QStringLiteral("Dockerfile")),
                  "FROM " + kBase.toUtf8() + "\nRUN echo " + marker.toUtf8()
                      + " && sleep 60\n");
        QVariantMap params{{QStringLiteral("context"), QStringLiteral(".")},
                           {QStringLiteral("tags"),
                            QStringList{QStringLiteral("pipewright-test/cancel:1")}},
                           {QStringLiteral("no-cache"), true}};
        DockerBuildStepRunner runner(params, context(ws.path()));
        QSignalSpy done(&runner, &StepRunner::finished);
        QByteArray out;
        connect(&runner, &StepRunner::output, this,
                [&](OutputStream, const QByteArray &d) { out.append(d); });
        runner.start();
        QTRY_VERIFY_WITH_TIMEOUT(out.contains(marker.toUtf8() + '\n'), 60000);
        runner.cancel();
        QVERIFY(done.wait(30000));
        QCOMPARE(done.at(0).at(0).toBool(), false);
        QCOMPARE(done.at(0).at(2).toString(), QStringLiteral("cancelled"));
        // The daemon stops the build when the connection drops; forcerm removes its container.
        const auto buildContainers = [&marker] {
            DockerClient c;
            QJsonArray list;
            c.listContainers(&list);
            int n = 0;
            for (const QJsonValue &v : std::as_const(list))
                n += v.toObject().value(QStringLiteral("Command")).toString().contains(marker);
            return n;
        };
        QTRY_COMPARE_WITH_TIMEOUT(buildContainers(), 0, 30000);
    }

    void pushToLocalRegistryReportsDigest()
    {
        QTemporaryDir ws;
        writeFile(ws.filePath(QStringLiteral("Dockerfile")),
                  "FROM " + kBase.toUtf8() + "\nRUN echo " + m_label.toUtf8() + " > /id\n");
        DockerBuildStepRunner build({{QStringLiteral("context"), QStringLiteral(".")},
                                     {QStringLiteral("tags"),
                                      QStringList{QStringLiteral("pipewright-test/app:1")}}},
                                    context(ws.path()));
        Finished f = runToEnd(&build);
        QVERIFY2(f.ok, qPrintable(f.message + QString::fromUtf8(f.out)));
        QVERIFY(build.imageId().startsWith(QStringLiteral("sha256:")));
        DockerPushStepRunner push({{QStringLiteral("image"),
                                    QStringLiteral("pipewright-test/app:1")},
                                   {QStringLiteral("registry"), QStringLiteral("127.0.0.1:5000")}},
                                  context(ws.path()));
        f = runToEnd(&push);
        QVERIFY2(f.ok, qPrintable(f.message + QString::fromUtf8(f.out)));
        QCOMPARE(push.pushedReference(), QStringLiteral("127.0.0.1:5000/pipewright-test/app:1"));
        QVERIFY(push.digest().startsWith(QStringLiteral("sha256:")));
        QVERIFY(f.out.contains("digest: " + push.digest().toUtf8()));
        // The registry has it under that digest.
        HttpEndpoint reg;
        reg.baseUrl = QStringLiteral("http://127.0.0.1:5000");
        HttpRequest req;
        req.method = "HEAD";
        req.path = QStringLiteral("/v2/pipewright-test/app/manifests/") + push.digest();
        req.setHeader("Accept", "application/vnd.docker.distribution.manifest.v2+json");
        QCOMPARE(HttpClient::perform(reg, req).status, 200);
    }

    void pushWithCredentials()
    {
        DockerClient client;
        QVERIFY(client.tag(kBase, QStringLiteral("127.0.0.1:5001/pipewright-test/auth:1")));
        QTemporaryDir config;
        qputenv("DOCKER_CONFIG", config.path().toUtf8());
        const auto writeAuth = [&](const QByteArray &userPass) {
            writeFile(config.filePath(QStringLiteral("config.json")),
                      "{\"auths\":{\"127.0.0.1:5001\":{\"auth\":\"" + userPass.toBase64()
                          + "\"}}}");
        };
        writeAuth("pipewright:wrong-password");
        QString digest;
        const QString authImage = QStringLiteral("127.0.0.1:5001/pipewright-test/auth:1");
        QVERIFY(!client.push(authImage, {}, &digest));
        const QString wrong = client.errorMessage();
        QVERIFY2(wrong.contains(QStringLiteral("unauthorized"), Qt::CaseInsensitive)
                     || wrong.contains(QStringLiteral("authentication required")),
                 qPrintable(wrong));
        writeAuth("pipewright:pipewright-secret");
        const bool ok = client.push(QStringLiteral("127.0.0.1:5001/pipewright-test/auth:1"), {},
                                    &digest);
        qunsetenv("DOCKER_CONFIG");
        QVERIFY2(ok, qPrintable(client.errorMessage()));
        QVERIFY(digest.startsWith(QStringLiteral("sha256:")));
        client.removeImage(QStringLiteral("127.0.0.1:5001/pipewright-test/auth:1"));
    }

    void pushToUnreachableRegistry()
    {
        DockerClient client;
        QVERIFY(client.tag(kBase, QStringLiteral("127.0.0.1:5999/pipewright-test/none:1")));
        const QString image = QStringLiteral("127.0.0.1:5999/pipewright-test/none:1");
        QVERIFY(!client.push(image, {}, nullptr));
        QVERIFY2(client.errorMessage().contains(QStringLiteral("connection refused")),
                 qPrintable(client.errorMessage()));
        client.removeImage(QStringLiteral("127.0.0.1:5999/pipewright-test/none:1"));
    }

    void daemonUnreachable()
    {
        QTemporaryDir dir;
        const QString dead = dir.filePath(QStringLiteral("docker.sock"));
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        strncpy(addr.sun_path, QFile::encodeName(dead).constData(), sizeof addr.sun_path - 1);
        QVERIFY(::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0);
        ::close(fd);
        DockerClient client(DockerHost::parse(QStringLiteral("unix://") + dead).endpoint());
        QVERIFY(!client.ping());
        QVERIFY2(client.errorMessage().contains(dead)
                     && client.errorMessage().contains(QStringLiteral("dockerd")),
                 qPrintable(client.errorMessage()));
        // And through a step: it fails, it does not hang.
        DockerStepContext ctx = context(dir.path());
        ctx.endpoint = client.endpoint();
        ContainerStepRunner runner(kBase, QStringLiteral("true"), {}, {}, ctx);
        const Finished f = runToEnd(&runner, 30000);
        QVERIFY(!f.ok);
        QVERIFY(f.message.contains(dead));
    }

    void socketWithoutPermission()
    {
        // A socket the user may not open (mode 000). Root ignores modes, so the client runs
        // in a child that gave up root first.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("docker.sock"));
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        strncpy(addr.sun_path, QFile::encodeName(path).constData(), sizeof addr.sun_path - 1);
        QVERIFY(::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0);
        QVERIFY(::listen(fd, 1) == 0);
        QVERIFY(QFile::setPermissions(path, {}));
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner
                                              | QFile::ExeOther | QFile::ExeGroup);
        int fds[2];
        QVERIFY(::pipe(fds) == 0);
        const pid_t pid = ::fork();
        if (pid == 0) {
            if (::getuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0))
                ::_exit(3);
            DockerClient c(DockerHost::parse(QStringLiteral("unix://") + path).endpoint());
            c.ping();
            const QByteArray msg = c.errorMessage().toUtf8();
            (void)!::write(fds[1], msg.constData(), size_t(msg.size()));
            ::_exit(0);
        }
        ::close(fds[1]);
        QByteArray msg;
        char buf[1024];
        for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
            msg.append(buf, n);
        ::close(fds[0]);
        ::close(fd);
        int status = 0;
        ::waitpid(pid, &status, 0);
        QVERIFY2(msg.contains("permission denied on unix socket " + QFile::encodeName(path))
                     && msg.contains("docker group"),
                 msg.constData());
    }

    void stageInContainer()
    {
        QTemporaryDir ws;
        writeFile(ws.filePath(QStringLiteral("sub/input.txt")), "from the host\n");
        DockerStepContext ctx = context(ws.path());
        ctx.env = {QStringLiteral("GREETING=hi there"), QStringLiteral("EVIL=$(touch /x); `id`")};
        ContainerStepRunner runner(
            kBase,
            QStringLiteral("pwd; cat input.txt; echo \"$GREETING\" >&2; echo \"$EVIL\"; "
                           "echo made > out.txt; exit 3"),
            {}, QStringLiteral("sub"), ctx);
        const Finished f = runToEnd(&runner);
        QVERIFY(!f.ok);
        QCOMPARE(f.exitCode, 3);
        QCOMPARE(f.out, QByteArray("/workspace/sub\nfrom the host\n$(touch /x); `id`\n"));
        QCOMPARE(f.err, QByteArray("hi there\n"));
        QFile out(ws.filePath(QStringLiteral("sub/out.txt")));
        QVERIFY(out.open(QIODevice::ReadOnly));
        QCOMPARE(out.readAll(), QByteArray("made\n"));
        QCOMPARE(QFileInfo(out).ownerId(), ::getuid());
        QCOMPARE(leftoverContainers(), 0);
    }

    void failingCommandStopsAtFirstError()
    {
        QTemporaryDir ws;
        ContainerStepRunner runner(kBase, QStringLiteral("false\necho not-reached"), {}, {},
                                   context(ws.path()));
        const Finished f = runToEnd(&runner);
        QCOMPARE(f.exitCode, 1);
        QVERIFY(!f.out.contains("not-reached"));
    }

    void cancelKillsAndRemovesTheContainer()
    {
        QTemporaryDir ws;
        ContainerStepRunner runner(kBase, QStringLiteral("echo started; sleep 60"), {}, {},
                                   context(ws.path()));
        QSignalSpy done(&runner, &StepRunner::finished);
        QByteArray out;
        connect(&runner, &StepRunner::output, this,
                [&](OutputStream, const QByteArray &d) { out.append(d); });
        runner.start();
        QTRY_VERIFY_WITH_TIMEOUT(out.contains("started"), 30000);
        QCOMPARE(leftoverContainers(), 1);
        runner.cancel();
        QVERIFY(done.wait(30000));
        QCOMPARE(done.at(0).at(0).toBool(), false);
        QCOMPARE(done.at(0).at(2).toString(), QStringLiteral("cancelled"));
        QCOMPARE(leftoverContainers(), 0);
    }

    void missingImageFailsClearly()
    {
        QTemporaryDir ws;
        ContainerStepRunner runner(QStringLiteral("pipewright-test/no-such-image:1"),
                                   QStringLiteral("true"), {}, {}, context(ws.path()));
        const Finished f = runToEnd(&runner);
        QVERIFY(!f.ok);
        QVERIFY2(f.message.contains(QStringLiteral("No such image"), Qt::CaseInsensitive),
                 qPrintable(f.message));
        QCOMPARE(leftoverContainers(), 0);
    }

    void serviceContainerWaitsForItsPort()
    {
        QTemporaryDir ws;
        writeFile(ws.filePath(QStringLiteral("www/index.html")), "model server says hi\n");
        // A free host port: bind, note, release.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const int port = probe.serverPort();
        probe.close();
        DockerRunStepRunner runner(
            {{QStringLiteral("image"), kBase},
             {QStringLiteral("command"),
              QStringLiteral("sleep 1; exec httpd -f -p 8080 -h /workspace/www")},
             {QStringLiteral("ports"), QStringList{QStringLiteral("%1:8080").arg(port)}},
             {QStringLiteral("detach"), true}},
            context(ws.path()));
        const Finished f = runToEnd(&runner);
        QVERIFY2(f.ok, qPrintable(f.message));
        // Ready means it answers now, without any retry on our side.
        HttpEndpoint ep;
        ep.baseUrl = QStringLiteral("http://127.0.0.1:%1").arg(port);
        HttpRequest req;
        req.path = QStringLiteral("/index.html");
        req.timeoutMs = 10000;
        const HttpResponse r = HttpClient::perform(ep, req);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.body, QByteArray("model server says hi\n"));
        DockerClient client;
        QCOMPARE(client.removeContainersWithLabel(m_label), 1);
        QCOMPARE(leftoverContainers(), 0);
    }

    void runStepWithoutDetachReturnsExitCode()
    {
        QTemporaryDir ws;
        DockerRunStepRunner runner({{QStringLiteral("image"), kBase},
                                    {QStringLiteral("command"),
                                     QStringLiteral("echo ran; exit 4")}},
                                   context(ws.path()));
        const Finished f = runToEnd(&runner);
        QCOMPARE(f.exitCode, 4);
        QCOMPARE(f.out, QByteArray("ran\n"));
        QCOMPARE(leftoverContainers(), 0);
    }

    // examples/docker: every stage through the runners the engine will use, in DAG order.
    void examplePipelineRunsThroughTheRunners()
    {
        const QString dir = QStringLiteral(PW_SOURCE_DIR "/examples/docker");
        const PipelineLoadResult loaded
            = PipelineLoader::loadFile(dir + QStringLiteral("/.pipewright.yml"));
        QVERIFY(loaded.ok());
        const Pipeline &p = loaded.pipeline;
        QByteArray smokeOutput;
        for (const int index : p.topologicalOrder()) {
            const StageSpec &stage = p.stages.at(index);
            for (const StepSpec &step : stage.steps) {
                const DockerStepContext ctx = context(dir);
                std::unique_ptr<StepRunner> runner;
                if (step.kind == QStringLiteral("docker-build"))
                    runner = std::make_unique<DockerBuildStepRunner>(step.params, ctx);
                else if (step.kind == QStringLiteral("docker-push"))
                    runner = std::make_unique<DockerPushStepRunner>(step.params, ctx);
                else if (step.kind == QStringLiteral("docker-run"))
                    runner = std::make_unique<DockerRunStepRunner>(step.params, ctx);
                else if (step.kind == QStringLiteral("run") && !stage.image.isEmpty())
                    runner = std::make_unique<ContainerStepRunner>(
                        stage.image, step.param(QStringLiteral("command")),
                        step.param(QStringLiteral("shell")), step.param(QStringLiteral("workdir")),
                        ctx);
                if (!runner) { // a host step: the smoke test's request
                    QProcess sh;
                    sh.start(QStringLiteral("sh"),
                             {QStringLiteral("-c"), step.param(QStringLiteral("command"))});
                    QVERIFY(sh.waitForFinished(30000));
                    QCOMPARE(sh.exitCode(), 0);
                    smokeOutput = sh.readAllStandardOutput();
                    continue;
                }
                const Finished f = runToEnd(runner.get());
                QVERIFY2(f.ok, qPrintable(stage.id + QStringLiteral(": ") + f.message
                                          + QString::fromUtf8(f.out + f.err)));
                if (stage.id == QStringLiteral("test-in-image"))
                    QCOMPARE(f.out, QByteArray("model 1\n"));
            }
        }
        QCOMPARE(smokeOutput, QByteArray("model 1\n"));
        DockerClient client;
        QCOMPARE(client.removeContainersWithLabel(m_label), 1); // the service
        client.removeImage(
            QStringLiteral("127.0.0.1:5000/pipewright-example/model-server:latest"));
        client.removeImage(QStringLiteral("pipewright-example/model-server:latest"));
    }
};

QTEST_GUILESS_MAIN(TstDockerClient)
#include "tst_dockerclient.moc"
