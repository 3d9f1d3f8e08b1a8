#include "githubactionsimporter.h"

#include "ciexpressionparser.h"
#include "emptystagepruner.h"
#include "scripttext.h"

#include <QDir>
#include <algorithm>
#include <QRegularExpression>

namespace pw::core {

namespace {

const QRegularExpression &expressionPattern()
{
    static const QRegularExpression re(QStringLiteral(R"(\$\{\{\s*(.*?)\s*\}\})"));
    return re;
}

QString stripWrapper(const QString &text)
{
    const QString t = text.trimmed();
    if (t.startsWith(QStringLiteral("${{")) && t.endsWith(QStringLiteral("}}"))
        && t.count(QStringLiteral("${{")) == 1)
        return t.mid(3, t.size() - 5).trimmed();
    return t;
}

bool isOrdinaryRunner(const QString &label)
{
    const QString l = label.toLower();
    return l.startsWith(QStringLiteral("ubuntu")) || l == u"linux" || l == u"self-hosted"
           || l == u"x64";
}

QString scalarText(const YamlNode &node)
{
    if (node.isScalar())
        return node.scalar;
    if (node.isSequence())
        return node.stringList().join(QStringLiteral(", "));
    return QStringLiteral("{...}");
}

} // namespace

GitHubActionsImporter::GitHubActionsImporter(const QByteArray &text, const QString &fileName)
    : m_doc(text, fileName)
    , m_fileName(fileName)
    , m_warnings(fileName, &m_result.diagnostics)
{
}

void GitHubActionsImporter::warn(SourceLocation at, const QString &message)
{
    m_warnings.warn(at, message);
}

void GitHubActionsImporter::error(SourceLocation at, const QString &message)
{
    m_warnings.error(at, message);
}

ImportResult GitHubActionsImporter::run()
{
    std::optional<YamlNode> root = m_doc.parse(&m_result.diagnostics);
    if (!root)
        return m_result;
    m_root = std::move(*root);
    if (!m_root.isMap()) {
        m_result.diagnostics.append(Diagnostic::error(
            m_fileName, m_root.location.isValid() ? m_root.location : SourceLocation{1, 1},
            QStringLiteral("a workflow must be a mapping with `on:` and `jobs:`")));
        return m_result;
    }
    const YamlNode *jobs = m_root.value(QStringLiteral("jobs"));
    if (!jobs || !jobs->isMap() || jobs->keys.empty()) {
        m_result.diagnostics.append(Diagnostic::error(
            m_fileName, jobs ? jobs->location : SourceLocation{1, 1},
            QStringLiteral("the workflow has no jobs")));
        return m_result;
    }
    Pipeline &p = m_result.pipeline;
    for (size_t i = 0; i < m_root.keys.size(); ++i) {
        const QString &key = m_root.keys[i];
        const YamlNode &value = m_root.values[i];
        const SourceLocation at = m_root.keyLocations[i];
        if (key == u"name")
            p.name = scalarText(value);
        else if (key == u"on" || key == u"true") // YAML 1.1 readers turn `on` into true
            readTriggers(value, at);
        else if (key == u"env")
            p.env = readEnv(value, {});
        else if (key == u"jobs" || key == u"run-name")
            continue;
        else
            warn(at, QStringLiteral("workflow key `%1` is not carried over").arg(excerpt(key)));
    }
    if (!m_root.contains(QStringLiteral("on")))
        p.triggers.manual = true;

    // Ids first: needs and `needs.X.result` may point at jobs further down.
    for (size_t i = 0; i < jobs->keys.size(); ++i) {
        Job job;
        job.key = jobs->keys[i];
        job.node = &jobs->values[i];
        job.location = jobs->keyLocations[i];
        job.combinations = expandMatrix(*job.node);
        const QString base = job.node->string(QStringLiteral("name"), job.key);
        for (int c = 0; c < job.combinations.size(); ++c) {
            QString name = job.key;
            for (const auto &kv : job.combinations.at(c))
                name += u'-' + kv.second;
            // Long values (image names) make unreadable ids; number those combinations.
            if (name.size() > 40)
                name = job.key + u'-' + QString::number(c + 1);
            job.stageIds << m_ids.allocate(name);
        }
        m_jobIndex.insert(job.key, int(m_jobs.size()));
        m_jobs.append(job);
    }
    for (int i = 0; i < m_jobs.size(); ++i)
        readJob(m_jobs.at(i), i);

    EmptyStagePruner::prune(p, [this](const StageSpec &s) {
        warn(s.location, QStringLiteral("job '%1' has no steps that could be carried over; it "
                                        "is left out")
                             .arg(s.displayName()));
    });
    if (p.stages.isEmpty()) {
        m_result.diagnostics.append(Diagnostic::error(
            m_fileName, jobs->location, QStringLiteral("no job could be imported")));
    }
    return m_result;
}

void GitHubActionsImporter::readTriggers(const YamlNode &on, SourceLocation at)
{
    TriggerSpec &t = m_result.pipeline.triggers;
    t.manual = false;
    auto event = [&](const QString &name, const YamlNode *config, SourceLocation loc) {
        if (name == u"workflow_dispatch") {
            t.manual = true;
            if (config && config->isMap() && config->contains(QStringLiteral("inputs")))
                warn(loc, QStringLiteral("workflow_dispatch inputs are not carried over; use "
                                         "`pipewright run --set`"));
        } else if (name == u"push") {
            QStringList branches;
            if (config && config->isMap()) {
                for (size_t i = 0; i < config->keys.size(); ++i) {
                    const QString &k = config->keys[i];
                    if (k == u"branches") {
                        branches = config->values[i].stringList();
                    } else {
                        warn(config->keyLocations[i],
                             QStringLiteral("push filter `%1` is not carried over")
                                 .arg(excerpt(k)));
                    }
                }
                if (!config->contains(QStringLiteral("branches"))
                    && config->contains(QStringLiteral("tags")))
                    return; // a tags-only push trigger: no branch push starts a run
            }
            if (branches.isEmpty())
                branches << QStringLiteral("*");
            for (QString &b : branches) {
                if (b == u"$default-branch") {
                    warn(loc, QStringLiteral("$default-branch is taken to be 'main'"));
                    b = QStringLiteral("main");
                }
            }
            t.pushBranches = branches;
        } else {
            warn(loc, QStringLiteral("the `%1` event has no Pipewright equivalent; not carried "
                                     "over")
                          .arg(name));
        }
    };
    if (on.isScalar()) {
        event(on.scalar, nullptr, on.location);
    } else if (on.isSequence()) {
        for (const YamlNode &e : on.items)
            event(e.scalar, nullptr, e.location);
    } else if (on.isMap()) {
        for (size_t i = 0; i < on.keys.size(); ++i)
            event(on.keys[i], &on.values[i], on.keyLocations[i]);
    } else {
        warn(at, QStringLiteral("`on:` is empty"));
    }
}

EnvList GitHubActionsImporter::readEnv(const YamlNode &env, const Matrix &matrix)
{
    EnvList list;
    if (env.isScalar()) {
        warn(env.location, QStringLiteral("env given as an expression is not carried over"));
        return list;
    }
    for (size_t i = 0; i < env.keys.size(); ++i) {
        const YamlNode &v = env.values[i];
        if (!v.isScalar() && !v.isNull()) {
            warn(env.keyLocations[i], QStringLiteral("env %1 is not a string; not carried over")
                                          .arg(excerpt(env.keys[i])));
            continue;
        }
        if (!isValidEnvName(env.keys[i])) {
            // The variable would reach programs but no shell could name it; Pipewright's env
            // takes shell names only, and dropping it would change what the steps see.
            error(env.keyLocations[i], QStringLiteral("env name '%1' cannot be carried over: "
                                                      "Pipewright variable names are letters, "
                                                      "digits and '_'")
                                           .arg(excerpt(env.keys[i])));
            continue;
        }
        setEnv(list, env.keys[i],
               substitute(v, matrix, QStringLiteral("env ") + env.keys[i]));
    }
    return list;
}

QList<GitHubActionsImporter::Matrix> GitHubActionsImporter::expandMatrix(const YamlNode &job)
{
    const YamlNode *strategy = job.value(QStringLiteral("strategy"));
    if (!strategy || !strategy->isMap())
        return {Matrix{}};
    for (size_t i = 0; i < strategy->keys.size(); ++i) {
        if (strategy->keys[i] != u"matrix")
            warn(strategy->keyLocations[i], QStringLiteral("strategy.%1 is not carried over")
                                                .arg(excerpt(strategy->keys[i])));
    }
    const YamlNode *matrix = strategy->value(QStringLiteral("matrix"));
    if (!matrix)
        return {Matrix{}};
    if (!matrix->isMap()) {
        warn(matrix->location, QStringLiteral("a matrix computed by an expression cannot be "
                                              "expanded; the job is imported once"));
        return {Matrix{}};
    }
    QList<Matrix> combos{Matrix{}};
    QStringList axes;
    auto valueText = [](const YamlNode &n) {
        return n.isScalar() ? n.scalar : QString();
    };
    for (size_t i = 0; i < matrix->keys.size(); ++i) {
        const QString &axis = matrix->keys[i];
        const YamlNode &values = matrix->values[i];
        if (axis == u"include" || axis == u"exclude")
            continue;
        if (!values.isSequence()) {
            warn(matrix->keyLocations[i], QStringLiteral("matrix axis `%1` is not a list; not "
                                                         "expanded")
                                              .arg(axis));
            continue;
        }
        axes << axis;
        QList<Matrix> next;
        for (const Matrix &c : std::as_const(combos)) {
            for (const YamlNode &v : values.items) {
                if (!v.isScalar()) {
                    warn(v.location, QStringLiteral("matrix values that are not strings are "
                                                    "not supported; skipped"));
                    continue;
                }
                Matrix m = c;
                m.append({axis, valueText(v)});
                next.append(m);
                if (next.size() > MaxMatrixCombinations)
                    break;
            }
        }
        combos = next;
        if (combos.size() > MaxMatrixCombinations) {
            warn(matrix->location, QStringLiteral("the matrix has more than %1 combinations; "
                                                  "only the first %1 are imported")
                                       .arg(MaxMatrixCombinations));
            combos = combos.mid(0, MaxMatrixCombinations);
            break;
        }
    }
    auto matches = [](const Matrix &combo, const YamlNode &filter, bool onlyAxes,
                      const QStringList &axesList) {
        for (size_t k = 0; k < filter.keys.size(); ++k) {
            if (onlyAxes && !axesList.contains(filter.keys[k]))
                continue;
            bool found = false;
            for (const auto &kv : combo) {
                if (kv.first == filter.keys[k])
                    found = filter.values[k].isScalar() && kv.second == filter.values[k].scalar;
            }
            if (!found)
                return false;
        }
        return true;
    };
    if (const YamlNode *exclude = matrix->value(QStringLiteral("exclude"))) {
        for (const YamlNode &f : exclude->items) {
            combos.erase(std::remove_if(combos.begin(), combos.end(),
                                        [&](const Matrix &c) {
                                            return f.isMap() && matches(c, f, false, axes);
                                        }),
                         combos.end());
        }
    }
    if (const YamlNode *include = matrix->value(QStringLiteral("include"))) {
        for (const YamlNode &f : include->items) {
            if (!f.isMap())
                continue;
            bool extended = false;
            if (!axes.isEmpty()) {
                for (Matrix &c : combos) {
                    if (!matches(c, f, true, axes))
                        continue;
                    for (size_t k = 0; k < f.keys.size(); ++k) {
                        if (!axes.contains(f.keys[k]))
                            c.append({f.keys[k], valueText(f.values[k])});
                    }
                    extended = true;
                }
            }
            if (!extended) {
                Matrix m;
                for (size_t k = 0; k < f.keys.size(); ++k)
                    m.append({f.keys[k], valueText(f.values[k])});
                if (combos.size() == 1 && combos.first().isEmpty())
                    combos.clear();
                combos.append(m);
            }
        }
    }
    if (combos.isEmpty())
        return {Matrix{}};
    return combos;
}

void GitHubActionsImporter::addSecret(const QString &name, SourceLocation at)
{
    for (const SecretRef &s : std::as_const(m_result.pipeline.secrets)) {
        if (s.name == name)
            return;
    }
    SecretRef secret;
    secret.name = name;
    secret.fromEnv = name;
    secret.location = at;
    m_result.pipeline.secrets.append(secret);
    warn(at, QStringLiteral("secrets.%1 becomes the secret %1, read from the environment "
                            "variable %1 of Pipewright")
                 .arg(name));
}

QString GitHubActionsImporter::substitute(const YamlNode &node, const Matrix &matrix,
                                          const QString &what)
{
    return substituteText(node.scalar, node, matrix, what);
}

QString GitHubActionsImporter::substituteText(const QString &text, const YamlNode &node,
                                              const Matrix &matrix, const QString &what)
{
    if (!text.contains(QStringLiteral("${{")))
        return text;
    static const QHash<QString, QString> runVariables = {
        {QStringLiteral("github.sha"), QStringLiteral("PW_COMMIT")},
        {QStringLiteral("github.ref_name"), QStringLiteral("PW_BRANCH")},
        {QStringLiteral("github.workspace"), QStringLiteral("PW_WORKSPACE")},
        {QStringLiteral("github.run_id"), QStringLiteral("PW_RUN_ID")},
    };
    static const QRegularExpression name(QStringLiteral(R"(^(matrix|env|secrets)\.([\w-]+)$)"));
    QString out;
    qsizetype last = 0;
    auto it = expressionPattern().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        const QString expr = m.captured(1);
        const SourceLocation at = m_doc.locate(node.offset, m.captured(0), node.location);
        const QRegularExpressionMatch n = name.match(expr);
        if (n.hasMatch() && n.captured(1) == u"matrix") {
            bool found = false;
            for (const auto &kv : matrix) {
                if (kv.first == n.captured(2)) {
                    out += kv.second;
                    found = true;
                }
            }
            if (found)
                continue;
            if (!matrix.isEmpty())
                continue; // GitHub evaluates a property the combination lacks to ''
        } else if (n.hasMatch() && n.captured(1) == u"env") {
            out += QStringLiteral("${") + n.captured(2) + u'}';
            continue;
        } else if (n.hasMatch() && n.captured(1) == u"secrets") {
            if (n.captured(2) == u"GITHUB_TOKEN") {
                warn(at, QStringLiteral("secrets.GITHUB_TOKEN does not exist outside GitHub; "
                                        "left in %1")
                             .arg(what));
                out += m.captured(0);
                continue;
            }
            addSecret(n.captured(2), at);
            out += QStringLiteral("${") + n.captured(2) + u'}';
            continue;
        } else if (runVariables.contains(expr)) {
            out += QStringLiteral("${") + runVariables.value(expr) + u'}';
            continue;
        }
        warn(at, QStringLiteral("the expression `%1` has no Pipewright equivalent; left in %2")
                     .arg(m.captured(0), what));
        out += m.captured(0);
    }
    out += QStringView(text).mid(last);
    return out;
}

void GitHubActionsImporter::readJob(const Job &job, int)
{
    const YamlNode &node = *job.node;
    if (!node.isMap()) {
        warn(job.location, QStringLiteral("job '%1' is not a mapping; not carried over")
            .arg(job.key));
        return;
    }
    // Needs: all stages of each needed job (a matrix job counts as all its combinations).
    QStringList needs;
    SourceLocation needsAt = node.keyLocation(QStringLiteral("needs"));
    if (const YamlNode *n = node.value(QStringLiteral("needs"))) {
        for (const QString &dep : n->stringList()) {
            if (!m_jobIndex.contains(dep)) {
                warn(needsAt, QStringLiteral("job '%1' needs '%2', which is not a job of this "
                                             "workflow; dropped")
                                  .arg(job.key, dep));
                continue;
            }
            needs += m_jobs.at(m_jobIndex.value(dep)).stageIds;
        }
    }

    static const QSet<QString> handled = {
        QStringLiteral("name"),    QStringLiteral("needs"),     QStringLiteral("runs-on"),
        QStringLiteral("steps"),   QStringLiteral("env"),       QStringLiteral("if"),
        QStringLiteral("container"), QStringLiteral("services"), QStringLiteral("strategy"),
        QStringLiteral("timeout-minutes"), QStringLiteral("continue-on-error"),
        QStringLiteral("defaults"), QStringLiteral("environment"), QStringLiteral("uses"),
    };
    QStringList ignored;
    for (const QString &k : node.keys) {
        if (!handled.contains(k))
            ignored << k;
    }
    if (!ignored.isEmpty())
        warn(job.location, QStringLiteral("job '%1': %2 not carried over")
                               .arg(job.key, ignored.join(QStringLiteral(", "))));

    QVariantMap runDefaults;
    if (const YamlNode *defaults = node.value(QStringLiteral("defaults"))) {
        const YamlNode *runNode = defaults->value(QStringLiteral("run"));
        for (size_t i = 0; runNode && i < runNode->keys.size(); ++i) {
            if (runNode->keys[i] == u"working-directory")
                runDefaults.insert(QStringLiteral("workdir"), runNode->values[i].scalar);
            else if (runNode->keys[i] == u"shell")
                runDefaults.insert(QStringLiteral("shell"), runNode->values[i].scalar);
        }
    }

    for (int c = 0; c < job.combinations.size(); ++c) {
        const Matrix &matrix = job.combinations.at(c);
        StageSpec stage;
        stage.id = job.stageIds.at(c);
        const YamlNode *nameNode = node.value(QStringLiteral("name"));
        stage.name = nameNode ? substitute(*nameNode, matrix, QStringLiteral("the job name"))
                              : job.key;
        if (!matrix.isEmpty()
            && (!nameNode || !nameNode->scalar.contains(QStringLiteral("matrix.")))) {
            QStringList values;
            for (const auto &kv : matrix)
                values << kv.second;
            stage.name += QStringLiteral(" (") + values.join(QStringLiteral(", ")) + u')';
        }
        if (stage.name == stage.id)
            stage.name.clear();
        stage.location = job.location;
        stage.needs = needs;
        stage.needsLocations = QList<SourceLocation>(needs.size(), needsAt);
        if (const YamlNode *env = node.value(QStringLiteral("env"))) {
            for (const EnvVar &v : readEnv(*env, matrix))
                setEnv(stage.env, v.name, v.value);
        }

        if (const YamlNode *runsOn = node.value(QStringLiteral("runs-on"))) {
            QStringList labels = runsOn->stringList();
            if (runsOn->isMap()) {
                const YamlNode *group = runsOn->value(QStringLiteral("labels"));
                labels = group ? group->stringList() : QStringList();
            }
            for (QString &l : labels)
                l = substituteText(l, *runsOn, matrix, QStringLiteral("runs-on"));
            for (const QString &l : std::as_const(labels)) {
                if (!isOrdinaryRunner(l)) {
                    warn(runsOn->location, QStringLiteral("runs-on `%1`: the job runs on the "
                                                          "local machine")
                                               .arg(l));
                }
            }
        }
        if (const YamlNode *container = node.value(QStringLiteral("container"))) {
            if (container->isScalar()) {
                stage.image = substitute(*container, matrix, QStringLiteral("the image"));
            } else if (container->isMap()) {
                for (size_t i = 0; i < container->keys.size(); ++i) {
                    const QString &k = container->keys[i];
                    if (k == u"image")
                        stage.image = substitute(container->values[i], matrix,
                                                 QStringLiteral("the image"));
                    else if (k == u"env")
                        for (const EnvVar &v : readEnv(container->values[i], matrix)) {
                            // The runner passes the job's env to `docker exec -e`, which
                            // overrides the container's own: the job's value wins.
                            const bool jobSetsIt = std::any_of(
                                stage.env.cbegin(), stage.env.cend(),
                                [&v](const EnvVar &e) { return e.name == v.name; });
                            if (!jobSetsIt)
                                stage.env.append(v);
                        }
                    else
                        warn(container->keyLocations[i],
                             QStringLiteral("container.%1 is not carried over").arg(excerpt(k)));
                }
            }
        }
        if (node.contains(QStringLiteral("services"))) {
            warn(node.keyLocation(QStringLiteral("services")),
                 QStringLiteral("service containers are not carried over; start them in a step "
                                "(docker-run with detach: true)"));
        }
        if (const YamlNode *environment = node.value(QStringLiteral("environment"))) {
            warn(node.keyLocation(QStringLiteral("environment")),
                 QStringLiteral("deployment environment `%1` is not carried over")
                     .arg(environment->isMap() ? environment->string(QStringLiteral("name"))
                                               : environment->scalar));
        }
        if (const YamlNode *t = node.value(QStringLiteral("timeout-minutes"))) {
            bool ok = false;
            const double minutes = t->scalar.toDouble(&ok);
            if (ok)
                stage.timeoutMs = qint64(minutes * 60000);
            else
                warn(t->location,
                     QStringLiteral("timeout-minutes is not a number; not carried over"));
        }
        if (const YamlNode *coe = node.value(QStringLiteral("continue-on-error"))) {
            if (const std::optional<bool> b = coe->toBool())
                stage.continueOnError = *b;
            else
                warn(coe->location, QStringLiteral("continue-on-error `%1` is not true/false; "
                                                   "not carried over")
                                        .arg(coe->scalar));
        }
        if (const YamlNode *cond = node.value(QStringLiteral("if"))) {
            CiExpressionParser parser(CiExpressionParser::Dialect::GitHub,
                                      [this](const QString &jobKey) {
                                          const int i = m_jobIndex.value(jobKey, -1);
                                          return i < 0 || m_jobs.at(i).stageIds.size() != 1
                                                     ? QString()
                                                     : m_jobs.at(i).stageIds.first();
                                      });
            const QString text = substituteText(stripWrapper(cond->scalar), *cond, matrix,
                                                QStringLiteral("the condition"));
            const std::optional<ConditionExpr> e = parser.parse(text);
            QString why;
            if (!e)
                why = parser.error();
            if (e && e->applyTo(stage.when, &why))
                why.clear();
            else if (why.isEmpty())
                why = QStringLiteral("not representable");
            if (!why.isEmpty())
                warn(cond->location, QStringLiteral("job condition `%1` is not carried over (%2); "
                                                    "the job runs without it")
                                         .arg(cond->scalar.simplified(), why));
        }
        if (node.contains(QStringLiteral("uses"))) {
            warn(node.keyLocation(QStringLiteral("uses")),
                 QStringLiteral("reusable workflow `%1` is not carried over")
                     .arg(node.string(QStringLiteral("uses"))));
        }
        if (const YamlNode *steps = node.value(QStringLiteral("steps")))
            readSteps(*steps, stage, matrix, runDefaults);
        m_result.pipeline.stages.append(stage);
    }
}

void GitHubActionsImporter::readSteps(const YamlNode &steps, StageSpec &stage,
                                      const Matrix &matrix, const QVariantMap &runDefaults)
{
    for (const YamlNode &s : steps.items) {
        if (!s.isMap()) {
            warn(s.location, QStringLiteral("a step must be a mapping; not carried over"));
            continue;
        }
        const SourceLocation at = s.location;
        if (const YamlNode *cond = s.value(QStringLiteral("if"))) {
            warn(cond->location, QStringLiteral("step condition `%1` is not carried over; the "
                                                "step always runs")
                                     .arg(cond->scalar.simplified()));
        }
        const int before = int(stage.steps.size());
        if (const YamlNode *run = s.value(QStringLiteral("run"))) {
            StepSpec step;
            step.kind = QStringLiteral("run");
            step.location = at;
            const QString command =
                normalizedScript(substitute(*run, matrix, QStringLiteral("the command")));
            if (command.trimmed().isEmpty()) {
                warn(run->location, QStringLiteral("the step's run is empty: it does nothing; "
                                                   "not carried over"));
                continue;
            }
            step.params.insert(QStringLiteral("command"), command);
            for (auto it = runDefaults.begin(); it != runDefaults.end(); ++it)
                step.params.insert(it.key(), it.value());
            if (const YamlNode *wd = s.value(QStringLiteral("working-directory")))
                step.params.insert(QStringLiteral("workdir"),
                                   substitute(*wd, matrix, QStringLiteral("working-directory")));
            if (const YamlNode *shell = s.value(QStringLiteral("shell")))
                step.params.insert(QStringLiteral("shell"), shell->scalar);
            const QString shell = step.param(QStringLiteral("shell"));
            if (shell == u"bash" || shell.startsWith(QStringLiteral("bash "))) {
                step.params.remove(QStringLiteral("shell"));
            } else if (shell == u"sh" || shell.startsWith(QStringLiteral("sh "))) {
                step.params.insert(QStringLiteral("shell"), QStringLiteral("sh"));
            } else if (!shell.isEmpty()) {
                warn(s.keyLocation(QStringLiteral("shell")),
                     QStringLiteral("shell `%1` is not supported; the step runs with bash")
                         .arg(shell));
                step.params.remove(QStringLiteral("shell"));
            }
            stage.steps.append(step);
        } else if (const YamlNode *uses = s.value(QStringLiteral("uses"))) {
            if (!readAction(s, uses->scalar, stage, matrix))
                warn(uses->location, QStringLiteral("action `%1` is not carried over")
                                         .arg(uses->scalar));
        } else {
            warn(at, QStringLiteral("a step without run or uses; not carried over"));
            continue;
        }
        // Common keys apply to every step the GitHub step became.
        for (int i = before; i < stage.steps.size(); ++i) {
            StepSpec &step = stage.steps[i];
            if (const YamlNode *name = s.value(QStringLiteral("name")))
                step.name = substitute(*name, matrix, QStringLiteral("the step name"));
            if (const YamlNode *env = s.value(QStringLiteral("env"))) {
                for (const EnvVar &v : readEnv(*env, matrix))
                    setEnv(step.env, v.name, v.value);
            }
            if (const YamlNode *t = s.value(QStringLiteral("timeout-minutes"))) {
                bool ok = false;
                const double minutes = t->scalar.toDouble(&ok);
                if (ok)
                    step.timeoutMs = qint64(minutes * 60000);
                else
                    warn(t->location, QStringLiteral("timeout-minutes is not a number; not "
                                                     "carried over"));
            }
            if (const YamlNode *coe = s.value(QStringLiteral("continue-on-error"))) {
                if (const std::optional<bool> b = coe->toBool())
                    step.continueOnError = *b;
                else
                    warn(coe->location, QStringLiteral("continue-on-error `%1` is not "
                                                       "true/false; not carried over")
                                            .arg(coe->scalar));
            }
        }
    }
}

bool GitHubActionsImporter::readAction(const YamlNode &s, const QString &uses, StageSpec &stage,
                                       const Matrix &matrix)
{
    const QString action = uses.section(u'@', 0, 0).toLower();
    const YamlNode *with = s.value(QStringLiteral("with"));
    if (action == u"actions/checkout") {
        // The run's workspace already is a checkout of the repository.
        if (with && with->contains(QStringLiteral("repository")))
            warn(with->location, QStringLiteral("checking out another repository is not "
                                                "carried over"));
        return true;
    }
    if (action != u"docker/build-push-action")
        return false;

    StepSpec build;
    build.kind = QStringLiteral("docker-build");
    build.location = s.location;
    QString context = QStringLiteral(".");
    QString file;
    QStringList tags;
    QVariantMap args;
    QVariantMap labels;
    bool push = false;
    QStringList ignored;
    for (size_t i = 0; with && i < with->keys.size(); ++i) {
        const QString &k = with->keys[i];
        const YamlNode &v = with->values[i];
        const QString what = QStringLiteral("with.") + k;
        if (k == u"context") {
            context = substitute(v, matrix, what);
        } else if (k == u"file") {
            file = substitute(v, matrix, what);
        } else if (k == u"tags") {
            for (const QString &line : substitute(v, matrix, what).split(QRegularExpression(
                     QStringLiteral("[,\\n]")), Qt::SkipEmptyParts)) {
                if (!line.trimmed().isEmpty())
                    tags << line.trimmed();
            }
        } else if (k == u"build-args" || k == u"labels") {
            const QStringList lines = substitute(v, matrix, what).split(u'\n', Qt::SkipEmptyParts);
            for (const QString &line : lines) {
                const qsizetype eq = line.indexOf(u'=');
                if (eq > 0)
                    (k == u"labels" ? labels : args)
                        .insert(line.left(eq).trimmed(), line.mid(eq + 1).trimmed());
            }
        } else if (k == u"target") {
            build.params.insert(QStringLiteral("target"), substitute(v, matrix, what));
        } else if (k == u"no-cache") {
            build.params.insert(QStringLiteral("no-cache"), v.toBool().value_or(false));
        } else if (k == u"push") {
            const std::optional<bool> b = v.toBool();
            if (!b)
                warn(v.location, QStringLiteral("push `%1` is decided by an expression; the "
                                                "image is pushed")
                                     .arg(v.scalar));
            push = b.value_or(true);
        } else if (k == u"load") {
            continue; // images built locally are always loaded into the local engine
        } else {
            ignored << k;
        }
    }
    if (!ignored.isEmpty())
        warn(with->location, QStringLiteral("docker/build-push-action inputs not carried over: %1")
                                 .arg(ignored.join(QStringLiteral(", "))));
    if (tags.isEmpty()) {
        tags << QStringLiteral("%1:latest").arg(stage.id);
        warn(s.location, QStringLiteral("the build has no tags; tagged %1").arg(tags.first()));
    }
    build.params.insert(QStringLiteral("context"), context);
    if (!file.isEmpty()) {
        // GitHub's `file` is relative to the workspace, Pipewright's to the context.
        const QString rel = QDir::cleanPath(QDir(QStringLiteral("/w/") + context)
                                                .relativeFilePath(QStringLiteral("/w/") + file));
        build.params.insert(QStringLiteral("dockerfile"), rel);
    }
    build.params.insert(QStringLiteral("tags"), tags);
    if (!args.isEmpty())
        build.params.insert(QStringLiteral("args"), args);
    if (!labels.isEmpty())
        build.params.insert(QStringLiteral("labels"), labels);
    stage.steps.append(build);
    if (push) {
        for (const QString &tag : std::as_const(tags)) {
            StepSpec p;
            p.kind = QStringLiteral("docker-push");
            p.location = s.location;
            p.params.insert(QStringLiteral("image"), tag);
            stage.steps.append(p);
        }
    }
    return true;
}

} // namespace pw::core
