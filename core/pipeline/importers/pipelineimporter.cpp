#include "pipelineimporter.h"

#include "githubactionsimporter.h"
#include "gitlabciimporter.h"
#include "jenkinsfileimporter.h"

#include "../pipelineloader.h"
#include "../pipelinevalidator.h"
#include "../pipelinewriter.h"

#include <QFile>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStringDecoder>

namespace pw::core {

namespace {

// The position of the first byte that makes the text not UTF-8 text (a NUL or an invalid
// sequence), or an invalid location when the text is fine.
SourceLocation firstBinaryByte(const QByteArray &text)
{
    int line = 1;
    int column = 1;
    qsizetype i = 0;
    const auto *data = reinterpret_cast<const unsigned char *>(text.constData());
    const qsizetype n = text.size();
    while (i < n) {
        const unsigned char c = data[i];
        int extra = 0;
        if (c == 0)
            return {line, column};
        if (c < 0x80) {
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
                return {line, column};
        } else if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
            extra = 1;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
        } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
            extra = 3;
        } else {
            return {line, column};
        }
        if (i + extra >= n && extra > 0)
            return {line, column};
        for (int k = 1; k <= extra; ++k) {
            if ((data[i + k] & 0xC0) != 0x80)
                return {line, column};
        }
        if (c == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
        i += 1 + extra;
    }
    return {};
}

// An importer's pipeline must be one `pipewright validate` accepts once written: whatever the
// importer let through is an error here, at the place in the input it came from. For what
// only the loader checks (it reads the written text), the place is the stage whose lines the
// loader complained about.
ImportResult checkedImport(ImportResult result, const QString &fileName)
{
    if (!result.ok())
        return result;
    const QString prefix = QStringLiteral("the converted pipeline would not be valid: ");
    bool invalid = false;
    for (const Diagnostic &d : PipelineValidator::validate(result.pipeline, fileName)) {
        if (d.severity != Diagnostic::Severity::Error)
            continue;
        result.diagnostics.append(Diagnostic::error(fileName, d.location, prefix + d.message));
        invalid = true;
    }
    if (invalid)
        return result;
    const QByteArray yaml = PipelineWriter::toYaml(result.pipeline);
    const PipelineLoadResult loaded =
        PipelineLoader::loadFromText(yaml, QStringLiteral("converted.yml"));
    if (loaded.ok())
        return result;
    // Line (1-based) of each stage's `  - id:` in the written text, in stage order.
    QList<int> stageLines;
    const QList<QByteArray> lines = yaml.split('\n');
    for (int i = 0; i < lines.size() && stageLines.size() < result.pipeline.stages.size(); ++i) {
        if (lines.at(i).startsWith("  - id:"))
            stageLines.append(i + 1);
    }
    for (const Diagnostic &d : loaded.diagnostics) {
        if (d.severity != Diagnostic::Severity::Error)
            continue;
        SourceLocation at{1, 1};
        for (int s = 0; s < stageLines.size(); ++s) {
            if (stageLines.at(s) <= d.location.line)
                at = result.pipeline.stages.at(s).location;
        }
        result.diagnostics.append(Diagnostic::error(fileName, at, prefix + d.message));
    }
    return result;
}

} // namespace

std::optional<ImportFormat> PipelineImporter::formatFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == u"jenkins" || n == u"jenkinsfile")
        return ImportFormat::Jenkins;
    if (n == u"github" || n == u"github-actions" || n == u"actions")
        return ImportFormat::GitHub;
    if (n == u"gitlab" || n == u"gitlab-ci")
        return ImportFormat::GitLab;
    if (n == u"auto")
        return ImportFormat::Auto;
    return std::nullopt;
}

ImportFormat PipelineImporter::detect(const QString &fileName, const QByteArray &content)
{
    const QString path = QDir::fromNativeSeparators(fileName);
    const QString base = QFileInfo(path).fileName();
    const QString lower = base.toLower();
    if (lower.startsWith(QStringLiteral("jenkinsfile"))
        || lower.endsWith(QStringLiteral(".jenkinsfile"))
        || lower.endsWith(QStringLiteral(".groovy")))
        return ImportFormat::Jenkins;
    if (lower == u".gitlab-ci.yml" || lower == u".gitlab-ci.yaml"
        || lower.endsWith(QStringLiteral(".gitlab-ci.yml")))
        return ImportFormat::GitLab;
    const bool yaml =
        lower.endsWith(QStringLiteral(".yml")) || lower.endsWith(QStringLiteral(".yaml"));
    if (yaml && path.contains(QStringLiteral(".github/workflows/")))
        return ImportFormat::GitHub;

    // The content decides. Comments and blank lines first are common in all three.
    static const QRegularExpression jenkins(QStringLiteral(R"(^\s*pipeline\s*\{)"),
                                            QRegularExpression::MultilineOption);
    static const QRegularExpression onKey(QStringLiteral(R"(^["']?on["']?\s*:)"),
                                          QRegularExpression::MultilineOption);
    static const QRegularExpression jobsKey(QStringLiteral(R"(^jobs\s*:)"),
                                            QRegularExpression::MultilineOption);
    static const QRegularExpression gitlabKey(
        QStringLiteral(R"(^(stages\s*:|\s+script\s*:))"), QRegularExpression::MultilineOption);
    const QString text = QString::fromUtf8(content.left(1024 * 1024));
    if (jenkins.match(text).hasMatch())
        return ImportFormat::Jenkins;
    if (jobsKey.match(text).hasMatch() && onKey.match(text).hasMatch())
        return ImportFormat::GitHub;
    if (gitlabKey.match(text).hasMatch())
        return ImportFormat::GitLab;
    if (jobsKey.match(text).hasMatch() && text.contains(QStringLiteral("runs-on")))
        return ImportFormat::GitHub;
    return ImportFormat::Auto;
}

ImportResult PipelineImporter::importFile(const QString &path, ImportFormat format)
{
    ImportResult result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.ioError = true;
        result.diagnostics.append(Diagnostic::error(
            path, {}, QStringLiteral("cannot read the file: %1").arg(file.errorString())));
        return result;
    }
    if (file.size() > MaxFileSize) {
        result.ioError = true;
        result.diagnostics.append(Diagnostic::error(
            path, {}, QStringLiteral("the file is larger than %1 MB").arg(MaxFileSize >> 20)));
        return result;
    }
    const QByteArray text = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        result.ioError = true;
        result.diagnostics.append(Diagnostic::error(
            path, {}, QStringLiteral("cannot read the file: %1").arg(file.errorString())));
        return result;
    }
    return importText(text, path, format);
}

ImportResult PipelineImporter::importText(const QByteArray &text, const QString &fileName,
                                          ImportFormat format)
{
    ImportResult result;
    auto error = [&](SourceLocation loc, const QString &message) {
        result.diagnostics.append(Diagnostic::error(fileName, loc, message));
        return result;
    };
    if (text.size() > MaxFileSize)
        return error({1, 1}, QStringLiteral("the file is larger than %1 MB")
            .arg(MaxFileSize >> 20));
    if (text.trimmed().isEmpty())
        return error({1, 1}, QStringLiteral("the file is empty: there is no pipeline to import"));
    const SourceLocation binary = firstBinaryByte(text);
    if (binary.isValid())
        return error(binary, QStringLiteral("the file is not text (binary or non-UTF-8 data "
                                            "here); nothing imported"));

    if (format == ImportFormat::Auto)
        format = detect(fileName, text);
    switch (format) {
    case ImportFormat::Jenkins:
        return checkedImport(JenkinsfileImporter(text, fileName).run(), fileName);
    case ImportFormat::GitHub:
        return checkedImport(GitHubActionsImporter(text, fileName).run(), fileName);
    case ImportFormat::GitLab:
        return checkedImport(GitLabCiImporter(text, fileName).run(), fileName);
    case ImportFormat::Auto:
        break;
    }
    return error({1, 1}, QStringLiteral("cannot tell which CI system this file is for; name it "
                                        "Jenkinsfile, .gitlab-ci.yml or .github/workflows/*.yml, "
                                        "or pass --from jenkins|github|gitlab"));
}

} // namespace pw::core
