#pragma once

#include <QString>
#include <QStringList>

namespace pw::core {

// The demo project that ships inside Pipewright (resources/demo, compiled in as Qt
// resources): a scikit-learn model trained, gated, served and shipped blue/green. create()
// copies it into a new or empty folder and makes that folder a git repository on branch
// `main` with one commit, so commit triggers and PW_COMMIT work from the first run. Used by
// `pipewright demo create DIR`, scripts/run.sh and File → New Project From Demo.
class DemoProject
{
public:
    struct Result
    {
        bool ok = false;
        QString error;
        QString directory;    // absolute
        QString pipelineFile; // DIR/.pipewright.yml
        QString commit;       // the initial commit's id
    };

    // The demo's files, relative to its root, sorted.
    static QStringList files();
    // The content of one of files().
    static QByteArray fileContent(const QString &relativePath);
    // Refuses a folder that exists and is not empty (nothing is overwritten).
    static Result create(const QString &directory);
};

} // namespace pw::core
