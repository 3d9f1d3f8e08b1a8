// Untrusted values never reach text that a shell parses, on every step kind that runs
// commands: a host `run` step, a `run` step of an `image:` stage, a `docker-run` step and a
// `docker-run` service container (detach). The three vectors of issue 16 — a commit message
// with backticks, a branch named with $(…) and a --set value with $(…) — go through
// `pipewright run`'s real path (a real git repository, the real dockerd). Each vector would
// create a file in the workspace if a shell parsed it; none may exist afterwards, and every
// step must have printed the values literally.
#include "../git/gitfixture.h"

#include <QDir>
#include <QProcess>
#include <QTest>

namespace {

const char kPipeline[] = R"(version: 1
name: injection
stages:
  - id: host
    steps:
      - run: echo "host msg=[$PW_COMMIT_MESSAGE] branch=[${PW_BRANCH}] set=[${EVIL}]"
  - id: in-image
    image: pipewright/busybox:latest
    steps:
      - run:
          shell: sh
          command: echo "image msg=[$PW_COMMIT_MESSAGE] branch=[${PW_BRANCH}] set=[${EVIL}]"
  - id: docker-run
    steps:
      - docker-run:
          image: pipewright/busybox:latest
          command: echo "docker msg=[${PW_COMMIT_MESSAGE}] branch=[${PW_BRANCH}] set=[${EVIL}]"
  - id: service
    steps:
      - docker-run:
          image: pipewright/busybox:latest
          detach: true
          command: echo ${PW_COMMIT_MESSAGE} ${PW_BRANCH} ${EVIL} > service-saw.txt; sleep 60
      - run: |
          for i in $(seq 1 100); do test -s service-saw.txt && break; sleep 0.1; done
          cat service-saw.txt
)";

} // namespace

class tst_Injection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noVectorReachesAShell()
    {
        QProcess docker;
        docker.start(QStringLiteral("docker"), {QStringLiteral("image"),
                                                QStringLiteral("inspect"),
                                                QStringLiteral("pipewright/busybox:latest")});
        QVERIFY2(docker.waitForFinished(30000) && docker.exitCode() == 0,
                 "dockerd or the image pipewright/busybox:latest is missing "
                 "(run scripts/docker-env.sh up)");

        GitFixture git;
        const QString repo = git.init(QStringLiteral("project"));
        GitFixture::writeFile(repo + QStringLiteral("/.pipewright.yml"), kPipeline);
        const QString message = QStringLiteral("fix `touch pwned-msg` now");
        git.commit(repo, message, QStringLiteral("README"), "readme\n");
        const QString branch = QStringLiteral("inj$(touch${IFS}pwned-branch)");
        git.git(repo, {QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                       branch});
        QCOMPARE(git.lastExit(), 0);
        const QString evil = QStringLiteral("$(touch pwned-set)`touch pwned-set2`");

        QTemporaryDir data;
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PIPEWRIGHT_DATA_DIR"), data.path());
        cli.setProcessEnvironment(env);
        cli.setProcessChannelMode(QProcess::MergedChannels);
        cli.start(QStringLiteral(PW_ENGINE_CLI),
                  {QStringLiteral("run"), repo + QStringLiteral("/.pipewright.yml"),
                   QStringLiteral("--workspace"), repo, QStringLiteral("--set"),
                   QStringLiteral("EVIL=") + evil, QStringLiteral("--jobs"),
                   QStringLiteral("1")});
        QVERIFY(cli.waitForFinished(300000));
        const QString out = QString::fromUtf8(cli.readAll());
        QVERIFY2(cli.exitCode() == 0, qPrintable(out.right(4000)));

        const QStringList created =
            QDir(repo).entryList({QStringLiteral("pwned*")}, QDir::Files | QDir::Hidden);
        QVERIFY2(created.isEmpty(),
                 qPrintable(QStringLiteral("a shell ran injected text, it made: %1\n%2")
                                .arg(created.join(u' '), out.right(4000))));
        const QString values =
            QStringLiteral("msg=[%1] branch=[%2] set=[%3]").arg(message, branch, evil);
        for (const char *kind : {"host", "image", "docker"}) {
            const QString line = QString::fromLatin1(kind) + u' ' + values;
            QVERIFY2(out.contains(line), qPrintable(QStringLiteral("no line '%1' in:\n%2")
                                                        .arg(line, out.right(4000))));
        }
        const QString saw = QString::fromUtf8(
            GitFixture::readFile(repo + QStringLiteral("/service-saw.txt"))).trimmed();
        QCOMPARE(saw, QStringList({message, branch, evil}).join(u' '));
    }
};

QTEST_GUILESS_MAIN(tst_Injection)
#include "tst_injection.moc"
