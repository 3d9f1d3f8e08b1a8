// The demo project end to end through the pipewright executable, against the real dockerd
// and local registry (scripts/docker-env.sh up) and the base image made locally
// (scripts/base-image.sh, run on demand here: a cache miss runs debootstrap for minutes).
// `pipewright demo create` → `pipewright run` up to and including image build, push and the
// pipeline's own smoke test; then the pushed image is pulled back from the registry and run
// here, and must answer /predict and /version for the commit. The blue/green stage is skipped
// with --set DEPLOY=0: it needs the cluster's real node (other tests cover blue/green).

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString Registry = QStringLiteral("127.0.0.1:5000");
const QString Repository = QStringLiteral("pipewright-demo/digits");

struct Result
{
    int exitCode = -1;
    QString out;
};

Result run(const QString &program, const QStringList &args, const QString &dir = QString(),
           const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
           int timeoutMs = 120000)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::MergedChannels);
    if (!dir.isEmpty())
        p.setWorkingDirectory(dir);
    p.start(program, args);
    Result r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.out = QStringLiteral("%1 timed out\n").arg(program);
    }
    r.out += QString::fromUtf8(p.readAll());
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return r;
}

quint16 freePort()
{
    QTcpServer s;
    return s.listen(QHostAddress::LocalHost, 0) ? s.serverPort() : 0;
}

const char *BetterParams = "model_version: 2\nclassifier: svc\nhyperparameters:\n"
                           "  C: 10.0\n  gamma: 0.01\n";
// gamma 0.5 on 64 standardised features: each training point its own island, accuracy ~0.35.
const char *WorseParams = "model_version: 3\nclassifier: svc\nhyperparameters:\n"
                          "  C: 10.0\n  gamma: 0.5\n";

} // namespace

class tst_DemoPipeline : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_project;
    QProcessEnvironment m_env;
    QStringList m_containers;

    QString git(const QStringList &args)
    {
        const Result r = run(QStringLiteral("git"), args, m_project, m_env);
        if (r.exitCode != 0)
            qWarning("git %s: %s", qPrintable(args.join(u' ')), qPrintable(r.out));
        return r.out.trimmed();
    }

    void commitParams(const char *params, const QString &message)
    {
        QFile f(m_project + QStringLiteral("/params.yaml"));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(params);
        f.close();
        git({QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-am"), message});
    }

    Result runPipeline()
    {
        const quint16 port = freePort();
        return run(QStringLiteral(PW_CLI_PATH),
                   {QStringLiteral("run"), QStringLiteral(".pipewright.yml"),
                    QStringLiteral("--set"), QStringLiteral("DEPLOY=0"), QStringLiteral("--set"),
                    QStringLiteral("SMOKE_PORT=%1").arg(port)},
                   m_project, m_env, 900000);
    }

    static bool stageIs(const QString &out, const QString &stage, const QString &status)
    {
        return QRegularExpression(QStringLiteral("^%1\\s+%2\\s").arg(stage, status),
                                  QRegularExpression::MultilineOption)
            .match(out)
            .hasMatch();
    }

    // The HTTP status of the registry's manifest for tag: 200 pushed, 404 not.
    static QString manifestStatus(const QString &tag)
    {
        return run(QStringLiteral("curl"),
                   {QStringLiteral("-s"), QStringLiteral("-o"), QStringLiteral("/dev/null"),
                    QStringLiteral("-w"), QStringLiteral("%{http_code}"), QStringLiteral("-H"),
                    QStringLiteral("Accept: application/vnd.docker.distribution.manifest.v2+json"),
                    QStringLiteral("http://%1/v2/%2/manifests/%3").arg(Registry, Repository, tag)})
            .out;
    }

    static QString curl(const QStringList &args)
    {
        const Result r = run(QStringLiteral("curl"), QStringList{QStringLiteral("-fsS")} + args);
        return r.exitCode == 0 ? r.out : QString();
    }

    // Pulls the commit's image back from the registry (the local tag removed first, so what
    // runs is what was pushed), runs it and checks /predict and /version.
    void imageAnswers(const QString &commit, int version)
    {
        const QString image = QStringLiteral("%1/%2:%3").arg(Registry, Repository, commit);
        run(QStringLiteral("docker"), {QStringLiteral("rmi"), image});
        const Result pulled = run(QStringLiteral("docker"), {QStringLiteral("pull"), image});
        QVERIFY2(pulled.exitCode == 0, qPrintable(pulled.out));
        const quint16 port = freePort();
        const Result started = run(QStringLiteral("docker"),
                                   {QStringLiteral("run"), QStringLiteral("-d"),
                                    QStringLiteral("--label"), QStringLiteral("pipewright.test=demo"),
                                    QStringLiteral("-p"),
                                    QStringLiteral("127.0.0.1:%1:8080").arg(port), image});
        QVERIFY2(started.exitCode == 0, qPrintable(started.out));
        m_containers << started.out.trimmed();
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port);
        QTRY_VERIFY_WITH_TIMEOUT(!curl({url + QStringLiteral("/healthz")}).isEmpty(), 60000);

        const QString answer = curl({QStringLiteral("-H"), QStringLiteral("Content-Type: application/json"),
                                     QStringLiteral("--data-binary"),
                                     QStringLiteral("@%1/samples/smoke-request.json").arg(m_project),
                                     url + QStringLiteral("/predict")});
        const QJsonObject predicted = QJsonDocument::fromJson(answer.toUtf8()).object();
        QCOMPARE(predicted.value(u"predictions").toVariant().toList(),
                 (QVariantList{0, 3, 6, 7}));
        QCOMPARE(predicted.value(u"model_version").toInt(), version);

        const QJsonObject v =
            QJsonDocument::fromJson(curl({url + QStringLiteral("/version")}).toUtf8()).object();
        QCOMPARE(v.value(u"model_version").toInt(), version);
        QCOMPARE(v.value(u"commit").toString(), commit);
        QVERIFY(curl({url + QStringLiteral("/metrics")})
                    .contains(QStringLiteral("model_version %1\n").arg(version)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        const Result docker = run(QStringLiteral("docker"), {QStringLiteral("info")});
        QVERIFY2(docker.exitCode == 0,
                 qPrintable(QStringLiteral("dockerd is not reachable (run scripts/docker-env.sh "
                                           "up): %1").arg(docker.out.right(500))));
        QVERIFY2(manifestStatus(QStringLiteral("none")) != QStringLiteral("000"),
                 "no registry on 127.0.0.1:5000 (run scripts/docker-env.sh up)");
        const Result base = run(QStringLiteral("bash"),
                                {QStringLiteral(PW_SOURCE_DIR "/scripts/base-image.sh"),
                                 QStringLiteral("ensure")},
                                QString(), QProcessEnvironment::systemEnvironment(), 1800000);
        QVERIFY2(base.exitCode == 0, qPrintable(base.out.right(2000)));

        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("PIPEWRIGHT_DATA_DIR"), m_tmp.filePath(QStringLiteral("data")));
        // The commits below must not depend on the user's git configuration.
        m_env.insert(QStringLiteral("HOME"), m_tmp.path());
        m_env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
        for (const char *k : {"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"})
            m_env.insert(QString::fromLatin1(k), QStringLiteral("Demo Tester"));
        for (const char *k : {"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"})
            m_env.insert(QString::fromLatin1(k), QStringLiteral("demo@example.org"));

        m_project = m_tmp.filePath(QStringLiteral("project"));
        const Result created = run(QStringLiteral(PW_CLI_PATH),
                                   {QStringLiteral("demo"), QStringLiteral("create"), m_project},
                                   QString(), m_env);
        QVERIFY2(created.exitCode == 0, qPrintable(created.out));
        QVERIFY(created.out.contains(m_project + QStringLiteral("/.pipewright.yml\n")));
    }

    void cleanupTestCase()
    {
        if (!m_containers.isEmpty())
            run(QStringLiteral("docker"), QStringList{QStringLiteral("rm"), QStringLiteral("-f")}
                                              + m_containers);
    }

    void firstRunShipsVersion1()
    {
        const QString commit = git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
        const Result r = runPipeline();
        QVERIFY2(r.exitCode == 0, qPrintable(r.out.right(6000)));
        for (const char *stage : {"lint", "unit-tests", "train", "quality-gate", "image", "smoke"})
            QVERIFY2(stageIs(r.out, QString::fromLatin1(stage), QStringLiteral("succeeded")), stage);
        QVERIFY(stageIs(r.out, QStringLiteral("deploy"), QStringLiteral("skipped")));
        // The unit tests ran inside the base image, and the gate read real numbers.
        QVERIFY(r.out.contains(QRegularExpression(QStringLiteral("\\[unit-tests\\s*\\] Ran \\d+ tests"))));
        QVERIFY(r.out.contains(QRegularExpression(
            QStringLiteral("\\[quality-gate\\]\\s+accuracy\\s+0\\.9\\d+\\s+>= 0.95\\s+ok"))));
        QVERIFY(r.out.contains(QStringLiteral("smoke: passed (model 1)")));
        QCOMPARE(manifestStatus(commit), QStringLiteral("200"));
        imageAnswers(commit, 1);
    }

    void betterCommitShipsVersion2()
    {
        commitParams(BetterParams, QStringLiteral("model 2: SVC"));
        const QString commit = git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
        const Result r = runPipeline();
        QVERIFY2(r.exitCode == 0, qPrintable(r.out.right(6000)));
        QVERIFY(stageIs(r.out, QStringLiteral("smoke"), QStringLiteral("succeeded")));
        QCOMPARE(manifestStatus(commit), QStringLiteral("200"));
        imageAnswers(commit, 2);
    }

    void worseCommitStopsAtTheGate()
    {
        commitParams(WorseParams, QStringLiteral("model 3: gamma 0.5"));
        const QString commit = git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
        const Result r = runPipeline();
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(stageIs(r.out, QStringLiteral("train"), QStringLiteral("succeeded")),
                 qPrintable(r.out.right(4000)));
        QVERIFY(stageIs(r.out, QStringLiteral("quality-gate"), QStringLiteral("failed")));
        // The gate names the metric that missed, with the number the model really got.
        QVERIFY2(r.out.contains(QRegularExpression(
                     QStringLiteral("\\[quality-gate\\]\\s+accuracy\\s+0\\.[0-8]\\d*\\s+>= 0.95\\s+MISSED"))),
                 qPrintable(r.out.right(4000)));
        QVERIFY(stageIs(r.out, QStringLiteral("image"), QStringLiteral("skipped")));
        // Nothing was built or pushed for the refused commit.
        QCOMPARE(manifestStatus(commit), QStringLiteral("404"));
    }
};

QTEST_GUILESS_MAIN(tst_DemoPipeline)
#include "tst_demopipeline.moc"
