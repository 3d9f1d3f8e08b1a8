#pragma once

#include "../diagnostic.h"
#include "../pipeline.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace pw::core {

enum class ImportFormat { Auto, Jenkins, GitHub, GitLab };

struct ImportResult
{
    Pipeline pipeline;
    Diagnostics diagnostics; // warnings for what could not be carried over; errors if failed
    bool ioError = false;    // file unreadable
    bool ok() const { return !ioError && !hasErrors(diagnostics); }
};

// Converts another CI system's file (declarative Jenkinsfile, GitHub Actions workflow,
// .gitlab-ci.yml) into a Pipeline. The entry point of `pipewright import` and the editor's
// import action; the per-format work is done by JenkinsfileImporter, GitHubActionsImporter
// and GitLabCiImporter. Whatever has no equivalent is reported as a warning at its source line.
class PipelineImporter
{
public:
    static constexpr qint64 MaxFileSize = 16 * 1024 * 1024;

    // name: jenkins|github|gitlab
    static std::optional<ImportFormat> formatFromName(const QString &name);
    // From the file name (Jenkinsfile*, *.jenkinsfile, .github/workflows/*.yml, .gitlab-ci.yml)
    // and then the content (`pipeline {`, `jobs:` + `on:`, `stages:`/`script:`).
    static ImportFormat detect(const QString &fileName, const QByteArray &content);
    static ImportResult importFile(const QString &path, ImportFormat format = ImportFormat::Auto);
    static ImportResult importText(const QByteArray &text, const QString &fileName,
                                   ImportFormat format = ImportFormat::Auto);
};

} // namespace pw::core
