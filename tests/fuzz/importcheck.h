#pragma once

// The properties every importer must keep, whatever the input: a successful import's pipeline
// validates, and survives being written and read back (what `pipewright import` then
// `pipewright validate` do); a failed import says why with an error.
#include "fuzzcheck.h"

#include "core/pipeline/importers/pipelineimporter.h"
#include "core/pipeline/pipelineloader.h"
#include "core/pipeline/pipelinevalidator.h"
#include "core/pipeline/pipelinewriter.h"

#include <QStringList>

namespace pw::fuzz {

inline QString describe(const core::Diagnostics &diagnostics)
{
    QStringList lines;
    for (const core::Diagnostic &d : diagnostics)
        lines << d.toString();
    return lines.join(u'\n');
}

inline void checkImport(const QByteArray &input, const QString &fileName, core::ImportFormat format)
{
    using namespace pw::core;
    const ImportResult result = PipelineImporter::importText(input, fileName, format);
    if (!result.ok()) {
        PW_FUZZ_CHECK(hasErrors(result.diagnostics), QStringLiteral("failed without an error"));
        return;
    }
    const Diagnostics problems = PipelineValidator::validate(result.pipeline, fileName);
    PW_FUZZ_CHECK(!hasErrors(problems), describe(problems));
    const QByteArray yaml = PipelineWriter::toYaml(result.pipeline);
    const PipelineLoadResult loaded = PipelineLoader::loadFromText(yaml, QStringLiteral("out.yml"));
    PW_FUZZ_CHECK(loaded.ok(), describe(loaded.diagnostics) + u'\n' + QString::fromUtf8(yaml));
    PW_FUZZ_CHECK(loaded.pipeline == result.pipeline,
                  QStringLiteral("written and read back, the pipeline differs:\n")
                      + QString::fromUtf8(yaml));
    for (const Diagnostic &d : result.diagnostics) {
        // Diagnostics quote a bounded excerpt of the input, never all of it.
        PW_FUZZ_CHECK(d.message.size() <= 2000, d.message.left(200));
    }
}

} // namespace pw::fuzz
