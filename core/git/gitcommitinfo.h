#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace pw::core {

// One commit as plain values, for the run record, the trigger and the commits view. Every
// text field comes from the repository and is untrusted: it goes into RunRequest fields and
// environment variables, never into a command line.
struct GitCommitInfo
{
    QString oid; // 40 hex digits
    QStringList parents;
    QString authorName;
    QString authorEmail;
    QDateTime authorTime; // with the author's UTC offset
    QString committerName;
    QDateTime committerTime; // with the committer's UTC offset
    QString message;         // the whole message

    QString shortOid() const { return oid.left(10); }
    QString summary() const { return message.section(QLatin1Char('\n'), 0, 0).trimmed(); }
    // "[skip ci]" or "[ci skip]" anywhere in the message, in any case (the convention of
    // GitHub Actions and GitLab CI).
    bool requestsSkipCi() const
    {
        return message.contains(QLatin1String("[skip ci]"), Qt::CaseInsensitive)
            || message.contains(QLatin1String("[ci skip]"), Qt::CaseInsensitive);
    }
    bool isValid() const { return !oid.isEmpty(); }
    bool operator==(const GitCommitInfo &) const = default;
};

} // namespace pw::core
