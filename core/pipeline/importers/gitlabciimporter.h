#pragma once

#include "pipelineimporter.h"

namespace pw::core {

class GitLabCiImporter
{
public:
    GitLabCiImporter(const QByteArray &text, const QString &fileName);
    ImportResult run();

private:
    QByteArray m_text;
    QString m_fileName;
};

} // namespace pw::core
