#include "gitlabciimporter.h"

#include "ciexpressionparser.h"
#include "emptystagepruner.h"
#include "scripttext.h"

#include <QRegularExpression>

namespace pw::core {

namespace {

const QSet<QString> &globalKeywords()
{
    static const QSet<QString> keys = {
        QStringLiteral("stages"),        QStringLiteral("variables"),
        QStringLiteral("default"),       QStringLiteral("include"),
        QStringLiteral("workflow"),      QStringLiteral("image"),
        QStringLiteral("services"),      QStringLiteral("before_script"),
        QStringLiteral("after_script"),  QStringLiteral("cache"),
    };
    return keys;
}

// Keys `default:` may set for every job (GitLab's list).
const QStringList &defaultableKeys()
{
    static const QStringList keys = {
        QStringLiteral("image"),       QStringLiteral("before_script"),
        QStringLiteral("after_script"), QStringLiteral("retry"),
        QStringLiteral("timeout"),     QStringLiteral("interruptible"),
        QStringLiteral("tags"),        QStringLiteral("services"),
        QStringLiteral("cache"),       QStringLiteral("artifacts"),
        QStringLiteral("hooks"),       QStringLiteral("id_tokens"),
    };
    return keys;
}

// GitLab merges hashes key by key, recursively; any other value replaces the old one.
void deepMerge(YamlNode &base, const YamlNode &over)
{
    if (!base.isMap() || !over.isMap()) {
        base = over;
        return;
    }
    for (size_t i = 0; i < over.keys.size(); ++i) {
        const QString &k = over.keys[i];
        YamlNode *existing = nullptr;
        for (size_t j = 0; j < base.keys.size(); ++j) {
            if (base.keys[j] == k)
                existing = &base.values[j];
        }
        if (existing && existing->isMap() && over.values[i].isMap())
            deepMerge(*existing, over.values[i]);
        else
            base.set(k, over.values[i], over.keyLocations[i]);
    }
}

} // namespace

GitLabCiImporter::GitLabCiImporter(const QByteArray &text, const QString &fileName)
    : m_doc(text, fileName)
    , m_fileName(fileName)
    , m_warnings(fileName, &m_result.diagnostics)
{
}

void GitLabCiImporter::warn(SourceLocation at, const QString &message)
{
    m_warnings.warn(at, message);
}

void GitLabCiImporter::error(SourceLocation at, const QString &message)
{
    m_warnings.error(at, message);
}

ImportResult GitLabCiImporter::run()
{
    std::optional<YamlNode> root = m_doc.parse(&m_result.diagnostics);
    if (!root)
        return m_result;
    m_root = std::move(*root);
    if (!m_root.isMap()) {
        m_result.diagnostics.append(Diagnostic::error(
            m_fileName, m_root.location.isValid() ? m_root.location : SourceLocation{1, 1},
            QStringLiteral("a .gitlab-ci.yml must be a mapping of jobs")));
        return m_result;
    }
    Pipeline &p = m_result.pipeline;
    // A GitLab pipeline runs for every push; web/API runs are the manual trigger.
    p.triggers.pushBranches = {QStringLiteral("*")};
    p.triggers.manual = true;

    YamlNode defaults;
    defaults.type = YamlNode::Type::Map;
    bool stagesDeclared = false;
    for (size_t i = 0; i < m_root.keys.size(); ++i) {
        const QString &key = m_root.keys[i];
        const YamlNode &value = m_root.values[i];
        const SourceLocation at = m_root.keyLocations[i];
        m_definitions.insert(key, &value);
        m_definitionLocations.insert(key, at);
        if (key == u"stages") {
            m_stages = value.stringList();
            stagesDeclared = true;
        } else if (key == u"variables") {
            p.env = readVariables(value);
        } else if (key == u"default") {
            if (value.isMap())
                deepMerge(defaults, value);
        } else if (key == u"include") {
            const QList<YamlNode> items = value.isSequence()
                                              ? QList<YamlNode>(value.items.begin(),
                                                                value.items.end())
                                              : QList<YamlNode>{value};
            for (const YamlNode &inc : items) {
                const QString what = inc.isScalar()
                                         ? inc.scalar
                                         : (inc.isMap() && !inc.keys.empty()
                                                ? inc.keys.front() + QStringLiteral(": ")
                                                      + inc.string(inc.keys.front())
                                                : QStringLiteral("?"));
                warn(inc.location, QStringLiteral("include `%1` is not followed; jobs and "
                                                  "templates from it are missing")
                                       .arg(what));
            }
        } else if (key == u"workflow") {
            warn(at, QStringLiteral("workflow rules are not carried over; set the pipeline's "
                                    "triggers in Pipewright"));
        } else if (key == u"image" || key == u"before_script" || key == u"after_script") {
            if (!defaults.contains(key))
                defaults.set(key, value, at); // the old global form of `default:`
        } else if (key == u"services" || key == u"cache") {
            warn(at, QStringLiteral("global `%1` is not carried over").arg(excerpt(key)));
        }
    }
    if (!stagesDeclared)
        m_stages = {QStringLiteral("build"), QStringLiteral("test"), QStringLiteral("deploy")};
    m_stages.removeAll(QStringLiteral(".pre"));
    m_stages.removeAll(QStringLiteral(".post"));
    m_stages.prepend(QStringLiteral(".pre"));
    m_stages.append(QStringLiteral(".post"));

    for (size_t i = 0; i < m_root.keys.size(); ++i) {
        const QString &key = m_root.keys[i];
        if (globalKeywords().contains(key) || key.startsWith(u'.'))
            continue;
        if (!m_root.values[i].isMap()) {
            warn(m_root.keyLocations[i],
                 QStringLiteral("`%1` is not a job (not a mapping); not carried over")
                     .arg(excerpt(key)));
            continue;
        }
        Job job;
        job.name = key;
        job.location = m_root.keyLocations[i];
        job.node = resolveExtends(key, m_root.values[i], 0);
        for (const QString &k : defaultableKeys()) {
            if (const YamlNode *d = defaults.value(k); d && !job.node.contains(k))
                job.node.set(k, *d, defaults.keyLocation(k));
        }
        resolveReferences(job.node, 0);
        prepareJob(job);
        m_jobIndex.insert(job.name, int(m_jobs.size()));
        m_jobs.append(job);
    }
    if (m_jobs.isEmpty()) {
        m_result.diagnostics.append(Diagnostic::error(
            m_fileName, m_root.location.isValid() ? m_root.location : SourceLocation{1, 1},
            QStringLiteral("the file defines no jobs")));
        return m_result;
    }
    for (const Job &job : std::as_const(m_jobs)) {
        if (!job.skipped)
            buildJob(job);
    }
    EmptyStagePruner::prune(p, [this](const StageSpec &s) {
        warn(s.location, QStringLiteral("job '%1' has no script that could be carried over; it "
                                        "is left out")
                             .arg(s.displayName()));
    });
    if (p.stages.isEmpty()) {
        m_result.diagnostics.append(Diagnostic::error(
            m_fileName, m_root.location.isValid() ? m_root.location : SourceLocation{1, 1},
            QStringLiteral("no job could be imported")));
    }
    return m_result;
}

YamlNode GitLabCiImporter::resolveExtends(const QString &name, const YamlNode &node, int depth)
{
    YamlNode result;
    result.type = YamlNode::Type::Map;
    result.location = node.location;
    result.offset = node.offset;
    if (const YamlNode *ext = node.value(QStringLiteral("extends"))) {
        for (const QString &parent : ext->stringList()) {
            const YamlNode *def = m_definitions.value(parent);
            if (!def || !def->isMap()) {
                warn(ext->location, QStringLiteral("`%1` extends `%2`, which is not defined in "
                                                   "this file (an include?); its keys are "
                                                   "missing")
                                        .arg(name, parent));
                continue;
            }
            if (depth + 1 >= MaxExtendsDepth || parent == name) {
                warn(ext->location, QStringLiteral("`extends` of `%1` nests too deep or loops; "
                                                   "`%2` is not applied")
                                        .arg(name, parent));
                continue;
            }
            deepMerge(result, resolveExtends(parent, *def, depth + 1));
        }
    }
    YamlNode own = node;
    own.remove(QStringLiteral("extends"));
    deepMerge(result, own);
    result.location = node.location;
    result.offset = node.offset;
    return result;
}

std::optional<YamlNode> GitLabCiImporter::lookupReference(const YamlNode &ref)
{
    const QStringList path = ref.stringList();
    if (path.isEmpty() || !m_definitions.contains(path.first()))
        return std::nullopt;
    YamlNode current = resolveExtends(path.first(), *m_definitions.value(path.first()), 0);
    for (int i = 1; i < path.size(); ++i) {
        const YamlNode *next = current.value(path.at(i));
        if (!next)
            return std::nullopt;
        const YamlNode copy = *next;
        current = copy;
    }
    return current;
}

void GitLabCiImporter::resolveReferences(YamlNode &node, int depth)
{
    if (depth > YamlDocument::MaxDepth)
        return;
    if (node.isMap()) {
        for (YamlNode &v : node.values) {
            if (v.tag == u"!reference") {
                if (std::optional<YamlNode> r = lookupReference(v); r && depth < 10) {
                    v = *r;
                } else {
                    warn(v.location, QStringLiteral("!reference [%1] cannot be resolved in this "
                                                    "file")
                                         .arg(v.stringList().join(QStringLiteral(", "))));
                    v = YamlNode{};
                    continue;
                }
            }
            resolveReferences(v, depth + 1);
        }
    } else if (node.isSequence()) {
        std::vector<YamlNode> items;
        for (YamlNode &item : node.items) {
            if (item.tag == u"!reference") {
                std::optional<YamlNode> r = lookupReference(item);
                if (!r || depth >= 10) {
                    warn(item.location, QStringLiteral("!reference [%1] cannot be resolved in "
                                                       "this file")
                                            .arg(item.stringList().join(QStringLiteral(", "))));
                    continue;
                }
                resolveReferences(*r, depth + 1);
                // Script lists splice a referenced list in place.
                if (r->isSequence()) {
                    for (YamlNode &x : r->items)
                        items.push_back(std::move(x));
                } else {
                    items.push_back(std::move(*r));
                }
                continue;
            }
            resolveReferences(item, depth + 1);
            items.push_back(std::move(item));
        }
        node.items = std::move(items);
    }
}

EnvList GitLabCiImporter::readVariables(const YamlNode &variables)
{
    EnvList env;
    for (size_t i = 0; i < variables.keys.size(); ++i) {
        const YamlNode &v = variables.values[i];
        if (!isValidEnvName(variables.keys[i])) {
            // GitLab passes such a variable to the job's processes; Pipewright's env takes
            // shell names only, and dropping it would change what the script sees.
            error(variables.keyLocations[i],
                  QStringLiteral("variable name '%1' cannot be carried over: Pipewright "
                                 "variable names are letters, digits and '_'")
                      .arg(excerpt(variables.keys[i])));
            continue;
        }
        if (v.isScalar() || v.isNull()) {
            setEnv(env, variables.keys[i], v.scalar);
        } else if (v.isMap() && v.contains(QStringLiteral("value"))) {
            setEnv(env, variables.keys[i], v.string(QStringLiteral("value")));
            if (v.contains(QStringLiteral("options")))
                warn(variables.keyLocations[i],
                     QStringLiteral("the choices of variable %1 are not carried over; its "
                                    "default '%2' is")
                         .arg(excerpt(variables.keys[i]), v.string(QStringLiteral("value"))));
        } else {
            warn(variables.keyLocations[i],
                 QStringLiteral("variable %1 has no value; not carried over")
                     .arg(excerpt(variables.keys[i])));
        }
    }
    return env;
}

QStringList GitLabCiImporter::scriptLines(const YamlNode &node, int depth)
{
    if (node.isScalar())
        return {node.scalar};
    QStringList lines;
    if (node.isSequence() && depth < 10) {
        for (const YamlNode &item : node.items)
            lines += scriptLines(item, depth + 1); // GitLab flattens nested lists
    }
    return lines;
}

std::optional<qint64> GitLabCiImporter::parseTimeout(const QString &text)
{
    static const QRegularExpression part(
        QStringLiteral(R"((\d+)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b)"),
        QRegularExpression::CaseInsensitiveOption);
    qint64 total = 0;
    QString rest = text;
    auto it = part.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const qint64 n = m.captured(1).toLongLong();
        const QChar unit = m.captured(2).at(0).toLower();
        const qint64 ms = unit == u'd' ? 86400000 : unit == u'h' ? 3600000
                          : unit == u'm'                         ? 60000
                                                                 : 1000;
        total += n * ms;
        rest.replace(m.captured(0), QString());
    }
    if (total == 0 || !rest.trimmed().isEmpty())
        return std::nullopt;
    return total;
}

void GitLabCiImporter::prepareJob(Job &job)
{
    const YamlNode &n = job.node;
    job.stage = n.string(QStringLiteral("stage"), QStringLiteral("test"));
    job.stageIndex = int(m_stages.indexOf(job.stage));
    if (job.stageIndex < 0) {
        warn(n.keyLocation(QStringLiteral("stage")),
             QStringLiteral("stage `%1` of job '%2' is not in `stages:` (defined in an include?); "
                            "the job only waits for its own needs")
                 .arg(job.stage, job.name));
    }
    if (n.string(QStringLiteral("when")) == u"never") {
        warn(job.location, QStringLiteral("job '%1' has `when: never`; not carried over")
            .arg(job.name));
        job.skipped = true;
    }
    job.matrix = {{}};
    if (const YamlNode *parallel = n.value(QStringLiteral("parallel"))) {
        const YamlNode *matrix = parallel->value(QStringLiteral("matrix"));
        if (!matrix || !matrix->isSequence()) {
            warn(parallel->location, QStringLiteral("`parallel: %1` is not carried over; the "
                                                    "job runs once")
                                         .arg(parallel->scalar));
        } else {
            job.matrix.clear();
            for (const YamlNode &entry : matrix->items) {
                QList<QList<std::pair<QString, QString>>> combos{{}};
                for (size_t k = 0; k < entry.keys.size(); ++k) {
                    QList<QList<std::pair<QString, QString>>> next;
                    const QStringList values = entry.values[k].stringList();
                    for (const auto &c : std::as_const(combos)) {
                        for (const QString &v : values) {
                            auto copy = c;
                            copy.append({entry.keys[k], v});
                            next.append(copy);
                        }
                    }
                    combos = next;
                }
                job.matrix += combos;
                if (job.matrix.size() > 200) {
                    warn(matrix->location, QStringLiteral("the matrix is too large; only the "
                                                          "first 200 combinations are "
                                                          "imported"));
                    job.matrix = job.matrix.mid(0, 200);
                    break;
                }
            }
            if (job.matrix.isEmpty())
                job.matrix = {{}};
        }
    }
    for (int c = 0; c < job.matrix.size(); ++c) {
        QString id = job.name;
        for (const auto &kv : job.matrix.at(c))
            id += u'-' + kv.second;
        // Long values (image names) make unreadable ids; number those combinations.
        if (id.size() > 40)
            id = job.name + u'-' + QString::number(c + 1);
        job.stageIds << m_ids.allocate(id);
    }
    if (job.skipped)
        return;
    WhenSpec when;
    ApprovalSpec approval;
    const QString jobWhen = job.node.string(QStringLiteral("when"), QStringLiteral("on_success"));
    if (jobWhen == u"manual")
        approval.required = true;
    else if (jobWhen == u"always")
        when.status = WhenSpec::Status::Always;
    else if (jobWhen == u"on_failure")
        when.status = WhenSpec::Status::Failure;
    else if (jobWhen == u"delayed")
        warn(job.node.keyLocation(QStringLiteral("when")),
             QStringLiteral("`when: delayed` runs without delay"));
    if (!readRules(job, when, approval)) {
        job.skipped = true;
        return;
    }
    readOnlyExcept(job, when);

    job.when = when;
    job.approval = approval;
}

bool GitLabCiImporter::readRules(const Job &job, WhenSpec &when, ApprovalSpec &approval)
{
    const YamlNode *rules = job.node.value(QStringLiteral("rules"));
    if (!rules)
        return true;
    // First matching rule wins: the job runs when some rule i with when != never matches
    // and no earlier rule matched.
    QList<ConditionExpr> runWhen;
    QList<ConditionExpr> earlier;
    QSet<QString> kinds;
    CiExpressionParser parser(CiExpressionParser::Dialect::GitLab);
    for (const YamlNode &rule : rules->items) {
        if (!rule.isMap())
            continue;
        for (const QString &k : rule.keys) {
            if (k != u"if" && k != u"when" && k != u"allow_failure")
                warn(rule.keyLocation(k),
                     QStringLiteral("rules:%1 is not carried over").arg(excerpt(k)));
        }
        ConditionExpr cond = ConditionExpr::always();
        if (const YamlNode *ifNode = rule.value(QStringLiteral("if"))) {
            const std::optional<ConditionExpr> e = parser.parse(ifNode->scalar);
            if (!e) {
                warn(ifNode->location, QStringLiteral("rules of job '%1' are not carried over "
                                                      "(%2); the job runs on every pipeline")
                                           .arg(job.name, parser.error()));
                return true;
            }
            cond = *e;
        }
        const QString ruleWhen = rule.string(QStringLiteral("when"), QStringLiteral("on_success"));
        QList<ConditionExpr> term = earlier;
        for (ConditionExpr &t : term)
            t = ConditionExpr::negate(t);
        term.append(cond);
        if (ruleWhen != u"never") {
            runWhen.append(ConditionExpr::allOf(term));
            kinds.insert(ruleWhen);
        }
        earlier.append(cond);
        if (!rule.contains(QStringLiteral("if")))
            break; // later rules are unreachable
    }
    if (runWhen.isEmpty()) {
        warn(rules->location, QStringLiteral("job '%1' never runs by its rules; not carried over")
                                  .arg(job.name));
        return false;
    }
    QString why;
    WhenSpec candidate = when;
    if (!ConditionExpr::anyOf(runWhen).applyTo(candidate, &why)) {
        if (why.contains(QStringLiteral("never true"))) {
            warn(rules->location, QStringLiteral("job '%1' never runs in Pipewright (%2); not "
                                                 "carried over")
                                      .arg(job.name, QStringLiteral("only for merge requests or "
                                                                    "other events Pipewright "
                                                                    "does not have")));
            return false;
        }
        warn(rules->location, QStringLiteral("rules of job '%1' are not carried over (%2); the "
                                             "job runs on every pipeline")
                                  .arg(job.name, why));
    } else {
        when = candidate;
    }
    if (kinds.contains(QStringLiteral("manual"))) {
        approval.required = true;
        if (kinds.size() > 1)
            warn(rules->location, QStringLiteral("some rules of job '%1' are manual: the job "
                                                 "always asks for approval")
                                      .arg(job.name));
    }
    if (kinds.contains(QStringLiteral("always")))
        when.status = WhenSpec::Status::Always;
    else if (kinds.contains(QStringLiteral("on_failure")))
        when.status = WhenSpec::Status::Failure;
    if (kinds.contains(QStringLiteral("delayed")))
        warn(rules->location, QStringLiteral("`when: delayed` runs without delay"));
    return true;
}

void GitLabCiImporter::readOnlyExcept(const Job &job, WhenSpec &when)
{
    auto refs = [&](const YamlNode &node) -> QStringList {
        if (node.isMap()) {
            for (size_t i = 0; i < node.keys.size(); ++i) {
                if (node.keys[i] != u"refs")
                    warn(node.keyLocations[i], QStringLiteral("only/except:%1 is not carried over")
                                                   .arg(excerpt(node.keys[i])));
            }
            const YamlNode *r = node.value(QStringLiteral("refs"));
            return r ? r->stringList() : QStringList();
        }
        return node.stringList();
    };
    static const QSet<QString> keywords = {
        QStringLiteral("api"),      QStringLiteral("chat"),   QStringLiteral("external"),
        QStringLiteral("external_pull_requests"), QStringLiteral("merge_requests"),
        QStringLiteral("pipelines"), QStringLiteral("pushes"), QStringLiteral("schedules"),
        QStringLiteral("tags"),     QStringLiteral("triggers"), QStringLiteral("web"),
    };
    auto toGlob = [&](const QString &ref, SourceLocation at) -> QString {
        if (ref.startsWith(u'/')) {
            const QString glob = CiExpressionParser::regexToGlob(
                ref.mid(1, ref.lastIndexOf(u'/') - 1));
            if (glob.isEmpty())
                warn(at, QStringLiteral("branch pattern %1 is not a plain prefix; not carried "
                                        "over")
                             .arg(ref));
            return glob;
        }
        if (keywords.contains(ref)) {
            warn(at, QStringLiteral("`%1` has no Pipewright equivalent; not carried over")
                .arg(ref));
            return {};
        }
        return ref;
    };
    if (const YamlNode *only = job.node.value(QStringLiteral("only"))) {
        QStringList globs;
        bool all = false;
        for (const QString &ref : refs(*only)) {
            if (ref == u"branches") {
                all = true;
                continue;
            }
            const QString g = toGlob(ref, only->location);
            if (!g.isEmpty())
                globs << g;
        }
        if (!all && !globs.isEmpty())
            when.branches = globs;
    }
    if (const YamlNode *except = job.node.value(QStringLiteral("except"))) {
        QList<ConditionExpr> parts;
        for (const QString &ref : refs(*except)) {
            const QString g = toGlob(ref, except->location);
            if (g.isEmpty())
                continue;
            parts.append(ConditionExpr::negate(ConditionExpr::branch(g)));
        }
        QString why;
        if (!parts.isEmpty() && !ConditionExpr::allOf(parts).applyTo(when, &why))
            warn(except->location, QStringLiteral("except of job '%1' is not carried over (%2)")
                                       .arg(job.name, why));
    }
}

void GitLabCiImporter::buildJob(const Job &job)
{
    const YamlNode &n = job.node;
    static const QSet<QString> handled = {
        QStringLiteral("stage"),     QStringLiteral("script"),
        QStringLiteral("before_script"),
        QStringLiteral("after_script"), QStringLiteral("image"),      QStringLiteral("variables"),
        QStringLiteral("needs"),     QStringLiteral("rules"),         QStringLiteral("only"),
        QStringLiteral("except"),    QStringLiteral("when"),          QStringLiteral("retry"),
        QStringLiteral("timeout"),   QStringLiteral("allow_failure"),
        QStringLiteral("environment"),
        QStringLiteral("artifacts"), QStringLiteral("parallel"),      QStringLiteral("trigger"),
    };
    QStringList ignored;
    for (const QString &k : n.keys) {
        if (!handled.contains(k))
            ignored << k;
    }
    if (!ignored.isEmpty())
        warn(job.location, QStringLiteral("job '%1': %2 not carried over")
                               .arg(job.name, ignored.join(QStringLiteral(", "))));

    // Needs: explicit, or every job of the previous stage that has jobs.
    QStringList needs;
    const SourceLocation needsAt = n.keyLocation(QStringLiteral("needs"));
    if (const YamlNode *explicitNeeds = n.value(QStringLiteral("needs"))) {
        const QList<YamlNode> items = explicitNeeds->isSequence()
                                          ? QList<YamlNode>(explicitNeeds->items.begin(),
                                                            explicitNeeds->items.end())
                                          : QList<YamlNode>{*explicitNeeds};
        for (const YamlNode &item : items) {
            QString dep = item.isScalar() ? item.scalar : item.string(QStringLiteral("job"));
            const bool optional = item.isMap()
                                  && item.value(QStringLiteral("optional"))
                                  && item.value(QStringLiteral("optional"))
                                         ->toBool()
                                         .value_or(false);
            if (dep.isEmpty()) {
                warn(item.location, QStringLiteral("needs on another pipeline or project are "
                                                   "not carried over"));
                continue;
            }
            const int i = m_jobIndex.value(dep, -1);
            if (i < 0 || m_jobs.at(i).skipped) {
                if (!optional)
                    warn(item.location, QStringLiteral("job '%1' needs '%2', which is not "
                                                       "imported; dropped")
                                            .arg(job.name, dep));
                continue;
            }
            needs += m_jobs.at(i).stageIds;
        }
    } else if (job.stageIndex > 0) {
        for (int s = job.stageIndex - 1; s >= 0 && needs.isEmpty(); --s) {
            for (const Job &other : std::as_const(m_jobs)) {
                if (other.stageIndex == s && !other.skipped)
                    needs += other.stageIds;
            }
        }
    }

    for (int c = 0; c < job.matrix.size(); ++c) {
        const auto &combo = job.matrix.at(c);
        StageSpec stage;
        stage.id = job.stageIds.at(c);
        stage.name = job.name;
        if (!combo.isEmpty()) {
            QStringList values;
            for (const auto &kv : combo)
                values << kv.second;
            stage.name += QStringLiteral(" (") + values.join(QStringLiteral(", ")) + u')';
        }
        if (stage.name == stage.id)
            stage.name.clear();
        stage.location = job.location;
        stage.needs = needs;
        stage.needsLocations = QList<SourceLocation>(needs.size(), needsAt);
        stage.when = job.when;
        stage.approval = job.approval;
        if (const YamlNode *image = n.value(QStringLiteral("image"))) {
            stage.image = image->isMap() ? image->string(QStringLiteral("name")) : image->scalar;
            if (image->isMap() && image->keys.size() > 1)
                warn(image->location, QStringLiteral("image options other than name are not "
                                                     "carried over"));
        }
        if (const YamlNode *vars = n.value(QStringLiteral("variables")))
            stage.env = readVariables(*vars);
        for (const auto &kv : combo)
            setEnv(stage.env, kv.first, kv.second); // a matrix value overrides the job's
        if (const YamlNode *retry = n.value(QStringLiteral("retry"))) {
            const YamlNode *max = retry->isMap() ? retry->value(QStringLiteral("max")) : retry;
            if (max && max->toInt())
                stage.retries = int(*max->toInt());
            if (retry->isMap() && retry->contains(QStringLiteral("when")))
                warn(retry->location, QStringLiteral("retry:when is not carried over: every "
                                                     "failure is retried"));
        }
        if (const YamlNode *timeout = n.value(QStringLiteral("timeout"))) {
            if (const std::optional<qint64> ms = parseTimeout(timeout->scalar))
                stage.timeoutMs = *ms;
            else
                warn(timeout->location, QStringLiteral("timeout `%1` is not understood; not "
                                                       "carried over")
                                            .arg(timeout->scalar));
        }
        if (const YamlNode *af = n.value(QStringLiteral("allow_failure"))) {
            if (const std::optional<bool> b = af->toBool())
                stage.continueOnError = *b;
            else
                warn(af->location, QStringLiteral("allow_failure with exit codes is not carried "
                                                  "over"));
        }
        if (const YamlNode *env = n.value(QStringLiteral("environment"))) {
            warn(n.keyLocation(QStringLiteral("environment")),
                 QStringLiteral("environment `%1` is not carried over; define a Pipewright "
                                "environment for blue/green deploys")
                     .arg(env->isMap() ? env->string(QStringLiteral("name")) : env->scalar));
        }
        if (const YamlNode *artifacts = n.value(QStringLiteral("artifacts"))) {
            for (size_t i = 0; i < artifacts->keys.size(); ++i) {
                if (artifacts->keys[i] == u"paths")
                    stage.artifacts = artifacts->values[i].stringList();
                else if (artifacts->keys[i] != u"name" && artifacts->keys[i] != u"expire_in")
                    warn(artifacts->keyLocations[i],
                         QStringLiteral("artifacts:%1 is not carried over")
                             .arg(excerpt(artifacts->keys[i])));
            }
        }
        if (n.contains(QStringLiteral("trigger"))) {
            warn(n.keyLocation(QStringLiteral("trigger")),
                 QStringLiteral("downstream pipeline triggers are not carried over"));
        }
        QStringList lines;
        if (const YamlNode *before = n.value(QStringLiteral("before_script")))
            lines += scriptLines(*before);
        if (const YamlNode *script = n.value(QStringLiteral("script")))
            lines += scriptLines(*script);
        // GitLab runs before_script and script in one shell, so they are one step.
        const QString command = normalizedScript(lines.join(u'\n'));
        if (!command.trimmed().isEmpty() && n.contains(QStringLiteral("script"))) {
            StepSpec step;
            step.kind = QStringLiteral("run");
            step.location = n.keyLocation(QStringLiteral("script"));
            step.params.insert(QStringLiteral("command"), command);
            stage.steps.append(step);
        }
        if (const YamlNode *after = n.value(QStringLiteral("after_script"))) {
            const QStringList afterLines = scriptLines(*after);
            if (!normalizedScript(afterLines.join(u'\n')).trimmed().isEmpty()
                && !stage.steps.isEmpty()) {
                StepSpec step;
                step.kind = QStringLiteral("run");
                step.name = QStringLiteral("after_script");
                step.location = n.keyLocation(QStringLiteral("after_script"));
                QString command = afterLines.join(u'\n');
                step.params.insert(QStringLiteral("command"), normalizedScript(command));
                step.continueOnError = true;
                stage.steps.append(step);
                warn(step.location, QStringLiteral("after_script becomes a last step that runs "
                                                   "only when the script succeeded"));
            }
        }
        m_result.pipeline.stages.append(stage);
    }
}

} // namespace pw::core
