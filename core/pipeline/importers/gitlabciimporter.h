#pragma once

#include "importwarnings.h"

#include "pipelineimporter.h"
#include "stageidallocator.h"
#include "yamldocument.h"

#include <QHash>
#include <QSet>

namespace pw::core {

// Maps a .gitlab-ci.yml onto a Pipeline: each job becomes a stage (one per parallel:matrix
// entry); GitLab's stage order becomes needs on every job of the previous stage unless the job
// lists its own `needs`. Resolves `extends`, `default:`, `!reference` and `<<` merges first;
// hidden jobs (`.name`) are only templates. One instance per import.
class GitLabCiImporter
{
public:
    static constexpr int MaxExtendsDepth = 11; // GitLab's own limit

    GitLabCiImporter(const QByteArray &text, const QString &fileName);
    ImportResult run();

private:
    struct Job
    {
        QString name;
        YamlNode node; // with extends, default and !reference applied
        SourceLocation location;
        QString stage;
        int stageIndex = -1; // -1: a stage not in the stage list
        QList<QList<std::pair<QString, QString>>> matrix;
        QStringList stageIds;
        bool skipped = false;
        WhenSpec when;         // from when/rules/only/except, decided before needs are built
        ApprovalSpec approval;
    };

    void warn(SourceLocation at, const QString &message);
    void error(SourceLocation at, const QString &message);
    YamlNode resolveExtends(const QString &name, const YamlNode &node, int depth);
    void resolveReferences(YamlNode &node, int depth);
    std::optional<YamlNode> lookupReference(const YamlNode &ref);
    EnvList readVariables(const YamlNode &variables);
    QStringList scriptLines(const YamlNode &node, int depth = 0);
    void prepareJob(Job &job);
    void buildJob(const Job &job);
    bool readRules(const Job &job, WhenSpec &when, ApprovalSpec &approval);
    void readOnlyExcept(const Job &job, WhenSpec &when);
    std::optional<qint64> parseTimeout(const QString &text);

    YamlDocument m_doc;
    QString m_fileName;
    ImportResult m_result;
    StageIdAllocator m_ids;
    YamlNode m_root;
    QHash<QString, const YamlNode *> m_definitions; // every top-level key, for extends/!reference
    QHash<QString, SourceLocation> m_definitionLocations;
    QStringList m_stages;
    QList<Job> m_jobs;
    QHash<QString, int> m_jobIndex;
    ImportWarnings m_warnings; // after m_result, whose diagnostics it fills
};

} // namespace pw::core
