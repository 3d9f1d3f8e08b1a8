// JenkinsfileImporter, continued: the steps of a stage (sh, echo, error, sleep, dir,
// withEnv, timeout, retry, script, archiveArtifacts, ...). Split from jenkinsfileimporter.cpp
// to keep files short; the class is the same.
#include "jenkinsfileimporter.h"

#include "scripttext.h"

namespace pw::core {

using Type = GroovyToken::Type;

QString JenkinsfileImporter::stringArgument(const GroovyStatement &st, const QString &named,
                                            GroovyToken *token)
{
    std::optional<GroovyArgument> arg;
    if (!named.isEmpty())
        arg = st.namedArgument(named);
    if (!arg)
        arg = st.firstPositional();
    if (!arg || !arg->isString())
        return {};
    // A copy: the argument, and the token inside it, end with this function.
    if (token)
        *token = *arg->stringToken();
    return shellText(*arg->stringToken());
}

void JenkinsfileImporter::addRun(StageSpec &stage, const QString &command, const QString &name,
                                 SourceLocation at, const StepContext &ctx)
{
    StepSpec step;
    step.kind = QStringLiteral("run");
    step.name = name;
    step.params.insert(QStringLiteral("command"), normalizedScript(command));
    if (!ctx.workdir.isEmpty())
        step.params.insert(QStringLiteral("workdir"), ctx.workdir);
    step.env = ctx.env;
    step.timeoutMs = ctx.timeoutMs;
    step.retries = ctx.retries;
    step.location = at;
    stage.steps.append(step);
}

void JenkinsfileImporter::readSteps(const QList<GroovyStatement> &body, StageSpec &stage,
                                    const StepContext &ctx)
{
    for (const GroovyStatement &st : body) {
        if (!readStep(st, stage, ctx)) {
            if (ctx.inScript)
                warn(st.location, QStringLiteral("Groovy code in a script block is not carried "
                                                 "over: `%1`")
                                      .arg(st.headText));
            else
                warn(st.location, QStringLiteral("step `%1` has no Pipewright equivalent; not "
                                                 "carried over")
                                      .arg(st.headText));
        }
    }
}

// Returns false for a statement that is not a known step (the caller reports it).
bool JenkinsfileImporter::readStep(const GroovyStatement &st, StageSpec &stage,
                                   const StepContext &ctx)
{
    const QString &n = st.name;
    if (n == u"sh") {
        const QString script = stringArgument(st, QStringLiteral("script"));
        if (script.isEmpty()) {
            warn(st.location, QStringLiteral("sh with a computed script is not carried over: "
                                             "`%1`")
                                  .arg(st.headText));
            return true;
        }
        QString label;
        if (const auto l = st.namedArgument(QStringLiteral("label")); l && l->isString())
            label = l->stringToken()->text;
        addRun(stage, script, label, st.location, ctx);
        return true;
    }
    if (n == u"echo" || n == u"error") {
        GroovyToken token;
        const QString message = stringArgument(st, QStringLiteral("message"), &token);
        if (token.type != GroovyToken::Type::String) {
            warn(st.location, QStringLiteral("%1 with a computed message is not carried over")
                                  .arg(n));
            return true;
        }
        QString quoted;
        if (token.doubleQuoted && message.contains(u'$')) {
            // Keep ${VAR} references live: double quotes, everything else escaped.
            QString escaped = message;
            escaped.replace(u'\\', QStringLiteral("\\\\"))
                .replace(u'"', QStringLiteral("\\\""))
                .replace(u'`', QStringLiteral("\\`"));
            quoted = u'"' + escaped + u'"';
        } else {
            quoted = shellQuote(message);
        }
        addRun(stage,
               n == u"echo" ? QStringLiteral("echo ") + quoted
                            : QStringLiteral("echo %1 >&2\nexit 1").arg(quoted),
               QString(), st.location, ctx);
        return true;
    }
    if (n == u"sleep") {
        const std::optional<qint64> ms = durationArgument(st, QStringLiteral("SECONDS"));
        if (!ms)
            return false;
        addRun(stage, QStringLiteral("sleep %1").arg(double(*ms) / 1000.0), QString(),
               st.location, ctx);
        return true;
    }
    if (n == u"dir" && st.hasBlock()) {
        const QString path = stringArgument(st, QStringLiteral("path"));
        StepContext inner = ctx;
        if (path.isEmpty())
            warn(st.location, QStringLiteral("dir with a computed path is not carried over"));
        else
            inner.workdir = ctx.workdir.isEmpty() || path.startsWith(u'/')
                                ? path
                                : ctx.workdir + u'/' + path;
        readSteps(st.block(), stage, inner);
        return true;
    }
    if (n == u"withEnv" && st.hasBlock()) {
        StepContext inner = ctx;
        const auto list = st.firstPositional();
        for (const GroovyToken &t : list ? list->tokens : QList<GroovyToken>()) {
            if (t.type != Type::String)
                continue;
            const qsizetype eq = t.text.indexOf(u'=');
            if (eq <= 0) {
                warn(t.location, QStringLiteral("withEnv entry '%1' is not NAME=value")
                    .arg(t.text));
                continue;
            }
            if (!isValidEnvName(t.text.left(eq))) {
                error(t.location, QStringLiteral("withEnv name '%1' cannot be carried over: "
                                                 "Pipewright variable names are letters, "
                                                 "digits and '_'")
                                      .arg(excerpt(t.text.left(eq))));
                continue;
            }
            QString value = shellText(t).mid(eq);
            value.remove(0, 1);
            setEnv(inner.env, t.text.left(eq), value); // the inner withEnv wins
        }
        readSteps(st.block(), stage, inner);
        return true;
    }
    if ((n == u"timeout" || n == u"retry") && st.hasBlock()) {
        StepContext inner = ctx;
        if (n == u"timeout") {
            const std::optional<qint64> ms = durationArgument(st, QStringLiteral("MINUTES"));
            if (ms)
                inner.timeoutMs = *ms;
            else
                warn(st.location, QStringLiteral("timeout `%1` is not a literal; not carried "
                                                 "over")
                                      .arg(st.headText));
        } else {
            const auto count = st.firstPositional();
            bool ok = false;
            const int c = count ? count->literal().toInt(&ok) : 0;
            if (ok)
                inner.retries = std::max(0, c - 1);
            else
                warn(st.location, QStringLiteral("retry count is not a literal; not carried "
                                                 "over"));
        }
        if (st.block().size() > 1)
            warn(st.location, QStringLiteral("`%1` around several steps applies to each of "
                                             "them")
                                  .arg(st.headText));
        readSteps(st.block(), stage, inner);
        return true;
    }
    if ((n == u"withCredentials" || n == u"container" || n == u"withDockerRegistry"
         || n == u"sshagent" || n == u"wrap" || n == u"ansiColor" || n == u"timestamps"
         || n == u"lock")
        && st.hasBlock()) {
        warn(st.location, QStringLiteral("`%1` is not carried over; the steps inside it are")
                              .arg(st.headText));
        readSteps(st.block(), stage, ctx);
        return true;
    }
    if (n == u"script" && st.hasBlock()) {
        StepContext inner = ctx;
        inner.inScript = true;
        readSteps(st.block(), stage, inner);
        return true;
    }
    if (n == u"checkout" && !st.tokens.isEmpty() && st.tokens.first().isIdentifier(u"scm"))
        return true; // the run's workspace is already a checkout of the repository
    if (n == u"input") {
        if (!stage.steps.isEmpty())
            warn(st.location, QStringLiteral("input in the middle of the steps becomes an "
                                             "approval before the stage starts"));
        readInput(st, &stage.approval);
        return true;
    }
    if (n == u"archiveArtifacts") {
        const QString patterns = stringArgument(st, QStringLiteral("artifacts"));
        if (patterns.isEmpty())
            return false;
        for (const QString &p : patterns.split(u',', Qt::SkipEmptyParts))
            stage.artifacts << p.trimmed();
        return true;
    }
    if (n == u"deleteDir" || n == u"cleanWs") {
        warn(st.location, QStringLiteral("%1 is not carried over: each run has a fresh "
                                         "workspace").arg(n));
        return true;
    }
    return false;
}

} // namespace pw::core
