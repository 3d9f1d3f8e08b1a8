#pragma once

#include "conditionexpr.h"
#include "groovystatement.h"
#include "pipelineimporter.h"
#include "stageidallocator.h"

#include <QByteArray>
#include <QString>

namespace pw::core {

// Maps a declarative Jenkinsfile (`pipeline { agent ... stages { ... } post { ... } }`) onto
// a Pipeline: sequential stages become a chain of needs, `parallel` siblings share their
// needs, post conditions become stages gated on when.status. Scripted pipelines (`node { }`)
// are refused. One instance per import; PipelineImporter drives it.
class JenkinsfileImporter
{
public:
    JenkinsfileImporter(const QByteArray &text, const QString &fileName);
    ImportResult run();

private:
    // What a stage inherits from the pipeline and from the stages around it.
    struct StageContext
    {
        QString image;
        EnvList env;
        qint64 timeoutMs = 0;
        int retries = 0;
        QList<ConditionExpr> conditions; // all must hold
        SourceLocation whenLocation;
    };
    // What a step inherits from the wrapping blocks (dir, withEnv, timeout, retry).
    struct StepContext
    {
        QString workdir;
        EnvList env;
        qint64 timeoutMs = 0;
        int retries = 0;
        bool inScript = false;
    };

    void warn(SourceLocation at, const QString &message);
    void error(SourceLocation at, const QString &message);
    void readPipeline(const GroovyStatement &pipeline);
    void readAgent(const GroovyStatement &agent, QString *image);
    void readEnvironment(const GroovyStatement &environment, EnvList *env);
    void readOptions(const GroovyStatement &options, StageContext *ctx, bool pipelineLevel);
    QStringList readStages(const GroovyStatement &stages, const QStringList &needs,
                           const StageContext &ctx);
    QStringList readStage(const GroovyStatement &stage, const QStringList &needs,
                          StageContext ctx);
    void readWhen(const GroovyStatement &when, StageContext *ctx);
    std::optional<ConditionExpr> condition(const GroovyStatement &c, QString *why);
    void readInput(const GroovyStatement &input, ApprovalSpec *approval);
    void readSteps(const QList<GroovyStatement> &body, StageSpec &stage, const StepContext &ctx);
    bool readStep(const GroovyStatement &st, StageSpec &stage, const StepContext &ctx);
    void readPost(const GroovyStatement &post, const QStringList &needs, const QString &owner,
                  const StageContext &ctx);
    StageSpec makeStage(const QString &name, SourceLocation at, const QStringList &needs,
                        const StageContext &ctx);
    void addRun(StageSpec &stage, const QString &command, const QString &name,
                SourceLocation at, const StepContext &ctx);
    // The text of a Groovy string as the shell should see it: `${env.X}` → `${X}`; Groovy
    // expressions that have no shell meaning are kept and reported.
    QString shellText(const GroovyToken &token);
    // The first string argument named `named` (or the first positional one) as shellText();
    // *token receives a copy of its token (type End when there is none).
    QString stringArgument(const GroovyStatement &st, const QString &named,
                           GroovyToken *token = nullptr);
    std::optional<qint64> durationArgument(const GroovyStatement &st, const QString &defaultUnit);
    QString sourceText(const QList<GroovyToken> &tokens) const;

    QString m_source;
    QString m_fileName;
    ImportResult m_result;
    StageIdAllocator m_ids;
};

} // namespace pw::core
