#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace pw::core {

// YAML → JSON for kubeconfigs and manifests (the API server speaks JSON). Scalars follow the
// YAML 1.2 core schema the API machinery uses: plain `2` is a number, `"2"` a string.
class KubeYaml
{
public:
    struct Document
    {
        QJsonValue value;
        int line = 0; // 1-based position of the document's first node
        int column = 0;
    };

    // Parses every document of a multi-document stream. On a syntax error returns false with
    // *error as "NAME:LINE:COL: message".
    static bool parseAll(const QByteArray &text, const QString &name, QList<Document> *docs,
                         QString *error);
};

} // namespace pw::core
