#pragma once

#include "core/pipeline/pipeline.h"

#include <QList>
#include <QPair>
#include <QString>

namespace pw::core {

// Resolves a pipeline's secret references to values: from environment variables of this
// process, or from the user's secrets file (KEY=VALUE lines, outside any repository) whose
// mode must be 0600 or stricter. Values live only in memory: never in the store or logs.
class SecretLoader
{
public:
    struct Result
    {
        QList<QPair<QString, QString>> values; // variable name → value
        QString error;                         // empty on success
    };

    static constexpr int MinimumLength = 4;

    // $PIPEWRIGHT_SECRETS_FILE, else "secrets" in the app's config directory.
    static QString defaultSecretsFile();
    static Result load(const QList<SecretRef> &refs, const QString &secretsFile);
};

} // namespace pw::core
