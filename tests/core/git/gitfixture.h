#pragma once

// Test helper: real repositories in a temporary folder, set up with the git command line
// (what a user does) so the code under test meets files written by git itself.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class GitFixture
{
public:
    GitFixture()
    {
        m_env = QProcessEnvironment::systemEnvironment();
        // No user or system configuration may change what the tests see.
        m_env.insert(QStringLiteral("HOME"), m_dir.path());
        m_env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
        m_env.insert(QStringLiteral("GIT_AUTHOR_NAME"), QStringLiteral("Ada Tester"));
        m_env.insert(QStringLiteral("GIT_AUTHOR_EMAIL"), QStringLiteral("ada@example.org"));
        m_env.insert(QStringLiteral("GIT_COMMITTER_NAME"), QStringLiteral("Ada Tester"));
        m_env.insert(QStringLiteral("GIT_COMMITTER_EMAIL"), QStringLiteral("ada@example.org"));
        m_env.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    }

    QString path(const QString &name = QString()) const
    {
        return name.isEmpty() ? m_dir.path() : m_dir.path() + QLatin1Char('/') + name;
    }

    void setEnv(const QString &key, const QString &value) { m_env.insert(key, value); }
    void unsetEnv(const QString &key) { m_env.remove(key); }

    // Runs git in `dir`; fails the test (returns the output anyway) when git fails.
    QString git(const QString &dir, const QStringList &args, bool mustSucceed = true)
    {
        QProcess p;
        p.setProcessEnvironment(m_env);
        p.setWorkingDirectory(dir);
        p.start(QStringLiteral("git"), args);
        if (!p.waitForFinished(60000))
            qWarning("git %s timed out", qPrintable(args.join(QLatin1Char(' '))));
        const QString out = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
        m_lastExit = p.exitCode();
        if (mustSucceed && (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)) {
            qWarning("git %s failed: %s", qPrintable(args.join(QLatin1Char(' '))),
                     p.readAllStandardError().constData());
        }
        return out;
    }
    int lastExit() const { return m_lastExit; }

    QString init(const QString &name, bool bare = false)
    {
        const QString dir = path(name);
        QDir().mkpath(dir);
        QStringList args{QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"),
                         QStringLiteral("main")};
        if (bare)
            args << QStringLiteral("--bare");
        git(dir, args);
        return dir;
    }

    static void writeFile(const QString &file, const QByteArray &content)
    {
        QDir().mkpath(QFileInfo(file).path());
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content);
    }
    static QByteArray readFile(const QString &file)
    {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    // Writes `file` (relative) with `content`, commits everything, returns the new oid.
    QString commit(const QString &repo, const QString &message,
                   const QString &file = QStringLiteral("file.txt"),
                   const QByteArray &content = QByteArray())
    {
        writeFile(repo + QLatin1Char('/') + file,
                  content.isNull() ? message.toUtf8() + "\n" : content);
        git(repo, {QStringLiteral("add"), QStringLiteral("-A")});
        git(repo, {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), message});
        return git(repo, {QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
    }

    QString head(const QString &repo, const QString &rev = QStringLiteral("HEAD"))
    {
        return git(repo, {QStringLiteral("rev-parse"), rev});
    }

private:
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
    int m_lastExit = 0;
};
