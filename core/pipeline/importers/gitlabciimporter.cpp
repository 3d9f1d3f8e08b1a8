#include "gitlabciimporter.h"

namespace pw::core {

GitLabCiImporter::GitLabCiImporter(const QByteArray &text, const QString &fileName)
    : m_text(text)
    , m_fileName(fileName)
{
}

ImportResult GitLabCiImporter::run()
{
    ImportResult r;
    r.diagnostics.append(Diagnostic::error(m_fileName, {1, 1}, QStringLiteral("not yet")));
    return r;
}

} // namespace pw::core
