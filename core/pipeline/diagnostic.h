#pragma once

#include <QList>
#include <QString>

namespace pw::core {

// A position in a source file, 1-based. Line 0 means "unknown". Locations say where a value
// came from; they are not part of a model's meaning, so they always compare equal.
struct SourceLocation
{
    int line = 0;
    int column = 0;

    bool isValid() const { return line > 0; }
    bool operator==(const SourceLocation &) const { return true; }
};

// One problem found while reading a file: what, where, how bad. Printed as
// FILE:LINE:COL: error: MESSAGE, the form compilers use, so editors and CI can jump to it.
struct Diagnostic
{
    enum class Severity { Error, Warning, Note };

    Severity severity = Severity::Error;
    QString file;
    SourceLocation location;
    QString message;

    // Longer messages are cut here, whatever they quote.
    static constexpr qsizetype MaxMessageLength = 1000;

    static Diagnostic error(const QString &file, SourceLocation loc, const QString &message);
    static Diagnostic warning(const QString &file, SourceLocation loc, const QString &message);

    QString toString() const;
};

using Diagnostics = QList<Diagnostic>;

bool hasErrors(const Diagnostics &diagnostics);

// A value from the input as a message quotes it: at most `max` characters, "…" after a cut.
// Keys and values can be megabytes long; messages must stay readable.
QString excerpt(const QString &text, qsizetype max = 60);

// "Did you mean" helper: the candidate closest to word by edit distance, or an empty string
// when none is close enough to be a plausible typo.
QString closestMatch(const QString &word, const QStringList &candidates);

} // namespace pw::core
