#pragma once

#include "importwarnings.h"

#include "pipelineimporter.h"
#include "stageidallocator.h"
#include "yamldocument.h"

#include <QHash>
#include <QSet>

namespace pw::core {

// Maps a GitHub Actions workflow onto a Pipeline: each job becomes a stage (one per matrix
// combination), `needs` become needs, `run` steps become run steps, docker/build-push-action
// becomes docker-build/docker-push. Marketplace actions, services and runner labels have no
// local equivalent and are reported. One instance per import.
class GitHubActionsImporter
{
public:
    static constexpr int MaxMatrixCombinations = 256;

    GitHubActionsImporter(const QByteArray &text, const QString &fileName);
    ImportResult run();

private:
    using Matrix = QList<std::pair<QString, QString>>; // one combination, in key order

    struct Job
    {
        QString key;
        const YamlNode *node = nullptr;
        SourceLocation location;
        QList<Matrix> combinations;
        QStringList stageIds;
    };

    void warn(SourceLocation at, const QString &message);
    void error(SourceLocation at, const QString &message);
    void readTriggers(const YamlNode &on, SourceLocation at);
    EnvList readEnv(const YamlNode &env, const Matrix &matrix);
    QList<Matrix> expandMatrix(const YamlNode &job);
    void readJob(const Job &job, int index);
    void readSteps(const YamlNode &steps, StageSpec &stage, const Matrix &matrix,
                   const QVariantMap &runDefaults);
    bool readAction(const YamlNode &step, const QString &uses, StageSpec &stage,
                    const Matrix &matrix);
    // Replaces `${{ ... }}`: matrix values, env/secrets as shell variables, a few github.*
    // values as Pipewright's run variables. What is left is reported at its source position.
    QString substitute(const YamlNode &node, const Matrix &matrix, const QString &what);
    QString substituteText(const QString &text, const YamlNode &node, const Matrix &matrix,
                           const QString &what);
    void addSecret(const QString &name, SourceLocation at);

    YamlDocument m_doc;
    YamlNode m_root;
    QString m_fileName;
    ImportResult m_result;
    StageIdAllocator m_ids;
    QList<Job> m_jobs;
    QHash<QString, int> m_jobIndex;
    ImportWarnings m_warnings; // after m_result, whose diagnostics it fills
};

} // namespace pw::core
