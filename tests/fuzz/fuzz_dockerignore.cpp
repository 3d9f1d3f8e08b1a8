// libFuzzer target: .dockerignore parsing and matching. The input's own lines double as the
// paths to match, so the patterns meet paths that look like them. Cleaning is idempotent:
// the cleaned patterns, parsed again, are the same patterns.
#include "fuzzcheck.h"

#include "core/docker/dockerignore.h"

#include <QStringList>

using namespace pw::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = pw::fuzz::bytes(data, size);
    QString error;
    const DockerIgnore ignore = DockerIgnore::parse(input, &error);
    QStringList paths{QStringLiteral("Dockerfile"), QStringLiteral("a/b/c.txt"),
                      QStringLiteral(".git"), QStringLiteral("src/__pycache__/m.pyc")};
    for (const QByteArray &line : input.split('\n').mid(0, 32)) {
        QString p = QString::fromUtf8(line).trimmed();
        while (p.startsWith(u'/') || p.startsWith(u'!'))
            p.remove(0, 1);
        if (!p.isEmpty())
            paths << p;
    }
    for (const QString &p : std::as_const(paths)) {
        (void)ignore.isExcluded(p);
        (void)ignore.mayReincludeInside(p);
    }
    if (!error.isEmpty())
        return 0;
    const QStringList cleaned = ignore.patterns();
    QString again;
    const DockerIgnore reparsed = DockerIgnore::parse(cleaned.join(u'\n').toUtf8(), &again);
    PW_FUZZ_CHECK(again.isEmpty(), again);
    PW_FUZZ_CHECK(reparsed.patterns() == cleaned,
                  cleaned.join(u'\n') + QStringLiteral("\n---\n")
                      + reparsed.patterns().join(u'\n'));
    for (const QString &p : std::as_const(paths))
        PW_FUZZ_CHECK(reparsed.isExcluded(p) == ignore.isExcluded(p), p);
    return 0;
}
