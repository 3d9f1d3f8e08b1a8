#include "jenkinsfileimporter.h"

#include "ciexpressionparser.h"
#include "groovyparser.h"
#include "scripttext.h"

#include <QRegularExpression>

namespace pw::core {

using Type = GroovyToken::Type;

namespace {

// Triple-quoted scripts are indented like the Jenkinsfile around them; the shell does not
// care, but the imported file should read like a script, so drop the common indentation.
QString dedent(const QString &text)
{
    QString s = text;
    if (s.startsWith(u'\n'))
        s.remove(0, 1);
    else if (s.startsWith(QStringLiteral("\r\n")))
        s.remove(0, 2);
    QStringList lines = s.split(u'\n');
    for (QString &l : lines) {
        if (l.endsWith(u'\r'))
            l.chop(1);
    }
    int common = -1;
    for (const QString &l : std::as_const(lines)) {
        if (l.trimmed().isEmpty())
            continue;
        int n = 0;
        while (n < l.size() && (l.at(n) == u' ' || l.at(n) == u'\t'))
            ++n;
        common = common < 0 ? n : std::min(common, n);
    }
    for (QString &l : lines) {
        if (l.trimmed().isEmpty())
            l.clear();
        else if (common > 0)
            l.remove(0, common);
        while (l.endsWith(u' ') || l.endsWith(u'\t'))
            l.chop(1);
    }
    while (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    while (!lines.isEmpty() && lines.first().isEmpty())
        lines.removeFirst();
    return lines.join(u'\n');
}

qint64 unitToMs(const QString &unit)
{
    const QString u = unit.toUpper();
    if (u == u"NANOSECONDS" || u == u"MICROSECONDS")
        return 0;
    if (u == u"MILLISECONDS")
        return 1;
    if (u == u"SECONDS")
        return 1000;
    if (u == u"HOURS")
        return 3600 * 1000;
    if (u == u"DAYS")
        return 24 * 3600 * 1000;
    return 60 * 1000; // MINUTES
}


} // namespace

JenkinsfileImporter::JenkinsfileImporter(const QByteArray &text, const QString &fileName)
    : m_source(QString::fromUtf8(text))
    , m_fileName(fileName)
{
}

void JenkinsfileImporter::warn(SourceLocation at, const QString &message)
{
    m_result.diagnostics.append(Diagnostic::warning(m_fileName, at, message));
}

void JenkinsfileImporter::error(SourceLocation at, const QString &message)
{
    m_result.diagnostics.append(Diagnostic::error(m_fileName, at, message));
}

QString JenkinsfileImporter::sourceText(const QList<GroovyToken> &tokens) const
{
    if (tokens.isEmpty())
        return {};
    const int from = tokens.first().offset;
    const int to = tokens.last().offset + tokens.last().length;
    QString text = m_source.mid(from, to - from).simplified();
    if (text.size() > 70)
        text = text.left(67) + QStringLiteral("...");
    return text;
}

ImportResult JenkinsfileImporter::run()
{
    GroovyParser parser(m_source);
    if (!parser.parse()) {
        error(parser.errorLocation(), parser.errorMessage());
        return m_result;
    }
    const GroovyStatement *pipeline = nullptr;
    for (const GroovyStatement &st : parser.statements()) {
        if (st.name == u"pipeline" && st.hasBlock() && !pipeline) {
            pipeline = &st;
            continue;
        }
        if (st.name == u"node") {
            error(st.location, QStringLiteral("scripted pipelines (`node { }`) cannot be "
                                              "imported; only declarative `pipeline { }`"));
            return m_result;
        }
        warn(st.location, QStringLiteral("`%1` outside the pipeline block is not carried over")
                              .arg(st.headText));
    }
    if (!pipeline) {
        error({1, 1}, QStringLiteral("no declarative `pipeline { }` block found"));
        return m_result;
    }
    readPipeline(*pipeline);
    return m_result;
}

void JenkinsfileImporter::readPipeline(const GroovyStatement &pipeline)
{
    StageContext ctx;
    const GroovyStatement *stages = nullptr;
    const GroovyStatement *post = nullptr;
    for (const GroovyStatement &st : pipeline.block()) {
        if (st.name == u"agent") {
            readAgent(st, &ctx.image);
        } else if (st.name == u"environment") {
            readEnvironment(st, &m_result.pipeline.env);
        } else if (st.name == u"options") {
            readOptions(st, &ctx, true);
        } else if (st.name == u"stages") {
            stages = &st;
        } else if (st.name == u"post") {
            post = &st;
        } else if (st.name == u"triggers") {
            for (const GroovyStatement &t : st.block()) {
                warn(t.location, QStringLiteral("trigger `%1` is not carried over; set the "
                                                "pipeline's triggers in Pipewright")
                                     .arg(t.headText));
            }
        } else if (st.name == u"parameters") {
            for (const GroovyStatement &p : st.block()) {
                warn(p.location, QStringLiteral("build parameter `%1` is not carried over; use "
                                                "env or `pipewright run --set`")
                                     .arg(p.headText));
            }
        } else if (st.name == u"tools" || st.name == u"libraries") {
            warn(st.location, QStringLiteral("`%1` is not carried over: install the tools on "
                                             "the runner or use a stage image")
                                  .arg(st.name));
        } else {
            warn(st.location, QStringLiteral("pipeline directive `%1` is not carried over")
                                  .arg(st.headText));
        }
    }
    if (!stages) {
        error(pipeline.location, QStringLiteral("the pipeline has no `stages { }` block"));
        return;
    }
    const QStringList exits = readStages(*stages, {}, ctx);
    if (post)
        readPost(*post, exits, QString(), ctx);
    if (m_result.pipeline.stages.isEmpty() && !hasErrors(m_result.diagnostics))
        error(stages->location, QStringLiteral("no stage could be imported"));
}

void JenkinsfileImporter::readAgent(const GroovyStatement &agent, QString *image)
{
    const std::optional<GroovyArgument> arg = agent.firstPositional();
    if (!agent.hasBlock()) {
        const QString kind = arg ? arg->literal() : QString();
        if (kind == u"any" || kind == u"none")
            return;
        warn(agent.location, QStringLiteral("agent `%1` is not carried over; steps run on the "
                                            "local runner")
                                 .arg(agent.headText));
        return;
    }
    for (const GroovyStatement &st : agent.block()) {
        if (st.name == u"docker" && !st.hasBlock() && st.firstPositional()
            && st.firstPositional()->isString()) {
            *image = st.firstPositional()->stringToken()->text;
        } else if (st.name == u"docker") {
            for (const GroovyStatement &d : st.block()) {
                const std::optional<GroovyArgument> v = d.firstPositional();
                if (d.name == u"image" && v && v->isString())
                    *image = shellText(*v->stringToken());
                else if (d.name == u"reuseNode" || d.name == u"alwaysPull")
                    continue; // scheduling hints without effect on what runs
                else
                    warn(d.location, QStringLiteral("docker agent option `%1` is not carried "
                                                    "over")
                                         .arg(d.headText));
            }
            if (image->isEmpty())
                warn(st.location, QStringLiteral("docker agent without a literal image; steps "
                                                 "run on the local runner"));
        } else if (st.name == u"label" || st.name == u"node") {
            warn(st.location, QStringLiteral("agent `%1` is not carried over; steps run on the "
                                             "local runner")
                                  .arg(st.headText));
        } else {
            warn(st.location, QStringLiteral("agent type `%1` is not carried over; steps run "
                                             "on the local runner")
                                  .arg(st.name.isEmpty() ? st.headText : st.name));
        }
    }
}

void JenkinsfileImporter::readEnvironment(const GroovyStatement &environment, EnvList *env)
{
    for (const GroovyStatement &st : environment.block()) {
        const QList<GroovyToken> value = st.assignedValue();
        if (st.name.isEmpty() || st.name.contains(u'.') || value.isEmpty()) {
            warn(st.location, QStringLiteral("`%1` in environment is not an assignment; not "
                                             "carried over")
                                  .arg(st.headText));
            continue;
        }
        if (!isValidEnvName(st.name)) {
            // Groovy names may hold '$' or letters beyond ASCII; no shell could name those.
            error(st.location, QStringLiteral("environment name '%1' cannot be carried over: "
                                              "Pipewright variable names are letters, digits "
                                              "and '_'")
                                   .arg(excerpt(st.name)));
            continue;
        }
        if (value.size() == 1 && value.first().type == Type::String) {
            setEnv(*env, st.name, shellText(value.first()));
        } else if (value.size() == 1) {
            setEnv(*env, st.name, value.first().text);
        } else if (value.size() == 4 && value.at(0).isIdentifier(u"credentials")
                   && value.at(2).type == Type::String) {
            const QString id = value.at(2).text;
            bool known = false;
            for (const SecretRef &s : std::as_const(m_result.pipeline.secrets))
                known = known || s.name == st.name;
            if (!known) {
                SecretRef secret;
                secret.name = st.name;
                secret.fromFile = id;
                secret.location = st.location;
                m_result.pipeline.secrets.append(secret);
            }
            warn(st.location, QStringLiteral("credentials('%1') becomes the secret %2, read "
                                             "from the key '%1' of your secrets file; add it "
                                             "there")
                                  .arg(id, st.name));
        } else {
            setEnv(*env, st.name, sourceText(value));
            warn(st.location, QStringLiteral("environment %1 is a Groovy expression; kept as "
                                             "text: %2")
                                  .arg(st.name, sourceText(value)));
        }
    }
}

std::optional<qint64> JenkinsfileImporter::durationArgument(const GroovyStatement &st,
                                                            const QString &defaultUnit)
{
    QString amount;
    if (const auto time = st.namedArgument(QStringLiteral("time")))
        amount = time->literal();
    else if (const auto first = st.firstPositional())
        amount = first->literal();
    bool ok = false;
    const qint64 n = amount.toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    QString unit = defaultUnit;
    if (const auto u = st.namedArgument(QStringLiteral("unit")))
        unit = u->literal();
    return n * unitToMs(unit);
}

void JenkinsfileImporter::readOptions(const GroovyStatement &options, StageContext *ctx,
                                      bool pipelineLevel)
{
    for (const GroovyStatement &st : options.block()) {
        if (st.name == u"timeout") {
            const std::optional<qint64> ms = durationArgument(st, QStringLiteral("MINUTES"));
            if (!ms) {
                warn(st.location, QStringLiteral("timeout `%1` is not a literal; not carried "
                                                 "over")
                                      .arg(st.headText));
                continue;
            }
            ctx->timeoutMs = *ms;
            if (pipelineLevel)
                warn(st.location, QStringLiteral("the pipeline-wide timeout becomes a timeout "
                                                 "of each stage"));
        } else if (st.name == u"retry") {
            const std::optional<GroovyArgument> n = st.firstPositional();
            bool ok = false;
            const int count = n ? n->literal().toInt(&ok) : 0;
            if (!ok) {
                warn(st.location, QStringLiteral("retry `%1` is not a literal; not carried "
                                                 "over")
                                      .arg(st.headText));
                continue;
            }
            // Jenkins counts attempts, Pipewright counts retries after the first attempt.
            ctx->retries = std::max(0, count - 1);
            if (pipelineLevel)
                warn(st.location, QStringLiteral("retrying the whole pipeline becomes retrying "
                                                 "each stage"));
        } else if (st.name == u"parallelsAlwaysFailFast" && pipelineLevel) {
            m_result.pipeline.failFast = true;
        } else {
            warn(st.location, QStringLiteral("option `%1` is not carried over").arg(st.headText));
        }
    }
}

QStringList JenkinsfileImporter::readStages(const GroovyStatement &stages,
                                            const QStringList &needs, const StageContext &ctx)
{
    QStringList previous = needs;
    for (const GroovyStatement &st : stages.block()) {
        if (st.name != u"stage") {
            warn(st.location, QStringLiteral("`%1` inside stages is not a stage; not carried "
                                             "over")
                                  .arg(st.headText));
            continue;
        }
        previous = readStage(st, previous, ctx);
    }
    return previous;
}

StageSpec JenkinsfileImporter::makeStage(const QString &name, SourceLocation at,
                                         const QStringList &needs, const StageContext &ctx)
{
    StageSpec stage;
    stage.id = m_ids.allocate(name);
    stage.name = name;
    stage.needs = needs;
    for (int i = 0; i < needs.size(); ++i)
        stage.needsLocations.append(at);
    stage.image = ctx.image;
    stage.env = ctx.env;
    stage.timeoutMs = ctx.timeoutMs;
    stage.retries = ctx.retries;
    stage.location = at;
    if (!ctx.conditions.isEmpty()) {
        QString why;
        if (!ConditionExpr::allOf(ctx.conditions).applyTo(stage.when, &why)) {
            warn(ctx.whenLocation, QStringLiteral("the when condition of stage '%1' is not "
                                                  "carried over (%2); the stage runs without it")
                                       .arg(name, why));
        }
    }
    return stage;
}

QStringList JenkinsfileImporter::readStage(const GroovyStatement &stageSt,
                                           const QStringList &needs, StageContext ctx)
{
    QString name;
    if (const auto arg = stageSt.firstPositional(); arg && arg->isString())
        name = arg->stringToken()->text;
    if (name.isEmpty()) {
        warn(stageSt.location, QStringLiteral("stage without a literal name; named 'stage'"));
        name = QStringLiteral("stage");
    }
    const GroovyStatement *steps = nullptr;
    const GroovyStatement *parallel = nullptr;
    const GroovyStatement *nested = nullptr;
    const GroovyStatement *post = nullptr;
    const GroovyStatement *input = nullptr;
    for (const GroovyStatement &st : stageSt.block()) {
        if (st.name == u"steps") {
            steps = &st;
        } else if (st.name == u"parallel") {
            parallel = &st;
        } else if (st.name == u"stages") {
            nested = &st;
        } else if (st.name == u"post") {
            post = &st;
        } else if (st.name == u"input") {
            input = &st;
        } else if (st.name == u"agent") {
            readAgent(st, &ctx.image);
        } else if (st.name == u"environment") {
            readEnvironment(st, &ctx.env);
        } else if (st.name == u"options") {
            readOptions(st, &ctx, false);
        } else if (st.name == u"when") {
            readWhen(st, &ctx);
        } else if (st.name == u"failFast") {
            const auto v = st.firstPositional();
            if (!v || v->literal() != u"false")
                warn(st.location, QStringLiteral("failFast of stage '%1' is not carried over: "
                                                 "parallel branches run to completion")
                                      .arg(name));
        } else if (st.name == u"matrix") {
            warn(st.location, QStringLiteral("matrix in stage '%1' is not supported; the "
                                             "stage is not imported")
                                  .arg(name));
            return needs;
        } else {
            warn(st.location, QStringLiteral("stage directive `%1` is not carried over")
                                  .arg(st.headText));
        }
    }

    QStringList exits;
    if (parallel || nested) {
        if (input)
            warn(input->location, QStringLiteral("input on stage '%1', which only groups "
                                                 "other stages, is not carried over")
                                      .arg(name));
        if (steps)
            warn(steps->location, QStringLiteral("steps next to parallel/stages in '%1' are "
                                                 "not carried over")
                                      .arg(name));
        if (parallel) {
            for (const GroovyStatement &child : parallel->block()) {
                if (child.name != u"stage") {
                    warn(child.location, QStringLiteral("`%1` inside parallel is not a stage; "
                                                        "not carried over")
                                             .arg(child.headText));
                    continue;
                }
                exits += readStage(child, needs, ctx);
            }
        } else {
            exits = readStages(*nested, needs, ctx);
        }
        if (exits.isEmpty())
            exits = needs;
    } else if (!ctx.conditions.isEmpty() && ConditionExpr::allOf(ctx.conditions).isNeverTrue()) {
        warn(ctx.whenLocation, QStringLiteral("stage '%1' only runs for pull requests or tags, "
                                              "which Pipewright does not build; it is left out")
                                   .arg(name));
        exits = needs;
    } else {
        StageSpec stage = makeStage(name, stageSt.location, needs, ctx);
        if (input)
            readInput(*input, &stage.approval);
        if (steps)
            readSteps(steps->block(), stage, StepContext{});
        if (stage.steps.isEmpty() && stage.approval.required) {
            // Only an approval gate: the approval is the stage's whole content.
            addRun(stage, QStringLiteral("echo ") + shellQuote(QStringLiteral("Approved: ")
                                                               + stage.approval.prompt),
                   QString(), stageSt.location, StepContext{});
        }
        if (stage.steps.isEmpty()) {
            // A pipeline file needs steps in every stage; stages after this one wait for
            // this one's needs instead.
            warn(stageSt.location, QStringLiteral("stage '%1' has no steps that could be "
                                                  "carried over; it is left out")
                                       .arg(name));
            exits = needs;
        } else {
            exits = {stage.id};
            m_result.pipeline.stages.append(stage);
        }
    }
    if (post)
        readPost(*post, exits, name, ctx);
    return exits;
}

void JenkinsfileImporter::readWhen(const GroovyStatement &when, StageContext *ctx)
{
    ctx->whenLocation = when.location;
    for (const GroovyStatement &c : when.block()) {
        if (c.name == u"beforeAgent" || c.name == u"beforeInput" || c.name == u"beforeOptions")
            continue; // evaluation-order hints; Pipewright always evaluates `when` first
        QString why;
        const std::optional<ConditionExpr> e = condition(c, &why);
        if (!e) {
            warn(c.location, QStringLiteral("when condition `%1` is not carried over (%2); "
                                            "the stage runs regardless of it")
                                 .arg(c.headText, why));
            continue;
        }
        if (!why.isEmpty())
            warn(c.location, why);
        ctx->conditions.append(*e);
    }
}

// `why` is set to the reason on failure, or to a note worth a warning on success.
std::optional<ConditionExpr> JenkinsfileImporter::condition(const GroovyStatement &c,
                                                            QString *why)
{
    if (c.name == u"branch") {
        QString pattern;
        if (const auto p = c.namedArgument(QStringLiteral("pattern")))
            pattern = p->literal();
        else if (const auto f = c.firstPositional())
            pattern = f->literal();
        if (pattern.isEmpty()) {
            *why = QStringLiteral("the branch is not a literal");
            return std::nullopt;
        }
        const auto comparator = c.namedArgument(QStringLiteral("comparator"));
        if (comparator && comparator->literal() == u"REGEXP") {
            const QString glob = CiExpressionParser::regexToGlob(
                pattern.startsWith(u'^') ? pattern : u'^' + pattern + u'$');
            if (glob.isEmpty()) {
                *why = QStringLiteral("the regular expression is not a plain prefix");
                return std::nullopt;
            }
            pattern = glob;
        }
        return ConditionExpr::branch(pattern);
    }
    if (c.name == u"environment") {
        const auto name = c.namedArgument(QStringLiteral("name"));
        const auto value = c.namedArgument(QStringLiteral("value"));
        if (!name || !value || !name->isLiteral() || !value->isLiteral()) {
            *why = QStringLiteral("name and value must be literals");
            return std::nullopt;
        }
        return ConditionExpr::compare(QStringLiteral("env.") + name->literal(), true,
                                      value->literal());
    }
    if (c.name == u"changeRequest" || c.name == u"buildingTag" || c.name == u"tag") {
        *why = QStringLiteral("`%1`: Pipewright builds branches, not pull requests or tags, so "
                              "this is taken as false")
                   .arg(c.headText);
        return ConditionExpr::never();
    }
    if (c.name == u"not" || c.name == u"anyOf" || c.name == u"allOf") {
        QList<ConditionExpr> parts;
        QStringList notes;
        for (const GroovyStatement &child : c.block()) {
            QString childWhy;
            const std::optional<ConditionExpr> e = condition(child, &childWhy);
            if (!e && c.name == u"allOf") {
                // Like the top level of `when`: the other conditions still apply.
                notes << QStringLiteral("`%1` is not carried over (%2)")
                             .arg(child.headText, childWhy);
                continue;
            }
            if (!e) {
                *why = QStringLiteral("`%1`: %2").arg(child.headText, childWhy);
                return std::nullopt;
            }
            if (!childWhy.isEmpty())
                notes << childWhy;
            parts.append(*e);
        }
        *why = notes.join(QStringLiteral("; "));
        if (c.name == u"not") {
            if (parts.size() != 1) {
                *why = QStringLiteral("`not` needs exactly one condition");
                return std::nullopt;
            }
            return ConditionExpr::negate(parts.first());
        }
        return c.name == u"anyOf" ? ConditionExpr::anyOf(parts) : ConditionExpr::allOf(parts);
    }
    *why = QStringLiteral("`%1` has no Pipewright equivalent").arg(c.name);
    return std::nullopt;
}

void JenkinsfileImporter::readInput(const GroovyStatement &input, ApprovalSpec *approval)
{
    approval->required = true;
    if (input.hasBlock()) {
        for (const GroovyStatement &st : input.block()) {
            const auto v = st.firstPositional();
            const QString text = v && v->isString() ? v->stringToken()->text : QString();
            if (st.name == u"message") {
                approval->prompt = text;
            } else if (st.name == u"submitter") {
                for (const QString &s : text.split(u',', Qt::SkipEmptyParts))
                    approval->approvers << s.trimmed();
            } else if (st.name != u"ok" && st.name != u"id") {
                warn(st.location, QStringLiteral("input option `%1` is not carried over")
                                      .arg(st.headText));
            }
        }
        return;
    }
    if (const auto m = input.namedArgument(QStringLiteral("message")); m && m->isString())
        approval->prompt = m->stringToken()->text;
    else if (const auto f = input.firstPositional(); f && f->isString())
        approval->prompt = f->stringToken()->text;
    if (const auto s = input.namedArgument(QStringLiteral("submitter")); s && s->isString()) {
        for (const QString &a : s->stringToken()->text.split(u',', Qt::SkipEmptyParts))
            approval->approvers << a.trimmed();
    }
    if (input.namedArgument(QStringLiteral("parameters")))
        warn(input.location, QStringLiteral("input parameters are not carried over"));
}

QString JenkinsfileImporter::shellText(const GroovyToken &token)
{
    QString text = token.tripleQuoted ? dedent(token.text) : token.text;
    if (!token.doubleQuoted)
        return text;
    static const QRegularExpression interpolation(QStringLiteral(R"(\$\{([^{}]*)\})"));
    QString out;
    qsizetype last = 0;
    QStringList kept;
    auto it = interpolation.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        const QString expr = m.captured(1).trimmed();
        static const QRegularExpression envRef(QStringLiteral(R"(^(?:env|params)\.(\w+)$)"));
        static const QRegularExpression plain(QStringLiteral(R"(^\w+$)"));
        // Jenkins' own build variables have Pipewright counterparts.
        static const QHash<QString, QString> runVariables = {
            {QStringLiteral("BUILD_NUMBER"), QStringLiteral("PW_RUN_ID")},
            {QStringLiteral("BUILD_ID"), QStringLiteral("PW_RUN_ID")},
            {QStringLiteral("BRANCH_NAME"), QStringLiteral("PW_BRANCH")},
            {QStringLiteral("GIT_BRANCH"), QStringLiteral("PW_BRANCH")},
            {QStringLiteral("GIT_COMMIT"), QStringLiteral("PW_COMMIT")},
            {QStringLiteral("WORKSPACE"), QStringLiteral("PW_WORKSPACE")},
        };
        const QRegularExpressionMatch e = envRef.match(expr);
        if (e.hasMatch() || runVariables.contains(expr)) {
            const QString var = e.hasMatch() ? e.captured(1) : expr;
            out += QStringLiteral("${") + runVariables.value(var, var) + u'}';
            if (expr.startsWith(QStringLiteral("params.")))
                kept << QStringLiteral("parameter %1 becomes the environment variable %1")
                            .arg(e.captured(1));
        } else {
            out += m.captured(0);
            if (!plain.match(expr).hasMatch())
                kept << QStringLiteral("the Groovy expression ${%1} is left in the text")
                    .arg(expr);
        }
        last = m.capturedEnd();
    }
    out += QStringView(text).mid(last);
    for (const QString &k : std::as_const(kept))
        warn(token.location, k);
    return out;
}

void JenkinsfileImporter::readPost(const GroovyStatement &post, const QStringList &needs,
                                   const QString &owner, const StageContext &ctx)
{
    for (const GroovyStatement &cond : post.block()) {
        WhenSpec::Status status;
        if (cond.name == u"always" || cond.name == u"cleanup") {
            status = WhenSpec::Status::Always;
        } else if (cond.name == u"success") {
            status = WhenSpec::Status::Success;
        } else if (cond.name == u"failure" || cond.name == u"unsuccessful") {
            status = WhenSpec::Status::Failure;
        } else {
            warn(cond.location, QStringLiteral("post condition `%1` has no Pipewright "
                                               "equivalent; not carried over")
                                    .arg(cond.name));
            continue;
        }
        const QString name = owner.isEmpty()
                                 ? QStringLiteral("Post: %1").arg(cond.name)
                                 : QStringLiteral("%1 (post: %2)").arg(owner, cond.name);
        StageContext postCtx = ctx;
        postCtx.conditions.clear(); // post runs whenever its stage ran, whatever the when
        StageSpec stage = makeStage(name, cond.location, needs, postCtx);
        stage.when.status = status;
        readSteps(cond.block(), stage, StepContext{});
        if (stage.steps.isEmpty()) {
            warn(cond.location, QStringLiteral("post `%1` has no steps that could be carried "
                                               "over; no stage made for it")
                                    .arg(cond.name));
            continue;
        }
        m_result.pipeline.stages.append(stage);
    }
}

} // namespace pw::core
