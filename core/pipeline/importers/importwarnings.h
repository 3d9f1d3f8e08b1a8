#pragma once

#include "core/pipeline/diagnostic.h"

#include <QSet>
#include <QString>

namespace pw::core {

// Collects an importer's warnings and errors, each (place, message) once: YAML anchors and
// `extends` make the same source node reach several jobs, and the user should read its
// message once. Owned by the importer; appends to the result's diagnostics.
class ImportWarnings
{
public:
    ImportWarnings(QString fileName, Diagnostics *out)
        : m_fileName(std::move(fileName))
        , m_out(out)
    {
    }

    void warn(SourceLocation at, const QString &message)
    {
        if (once(at, u'w', message))
            m_out->append(Diagnostic::warning(m_fileName, at, message));
    }
    void error(SourceLocation at, const QString &message)
    {
        if (once(at, u'e', message))
            m_out->append(Diagnostic::error(m_fileName, at, message));
    }

private:
    bool once(SourceLocation at, QChar kind, const QString &message)
    {
        const QString key =
            QStringLiteral("%1:%2:%3:%4").arg(at.line).arg(at.column).arg(kind).arg(message);
        if (m_emitted.contains(key))
            return false;
        m_emitted.insert(key);
        return true;
    }

    QString m_fileName;
    Diagnostics *m_out;
    QSet<QString> m_emitted;
};

} // namespace pw::core
