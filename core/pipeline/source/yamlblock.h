#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace pw::core {

// Reads the shape of block-style YAML from its lines by indentation alone, the way a person
// does: which lines belong to a key, where a list item starts and ends. It never parses
// values, so comments and formatting are seen but left alone; PipelineSource edits with it.
class YamlBlock
{
public:
    struct Entry
    {
        QString key;
        int line = -1;   // the key's line
        int column = 0;  // the key's column
        int end = -1;    // one past the entry's last non-blank, non-comment line
        int valueStart = 0; // inline value [valueStart, valueEnd) on the key line
        int valueEnd = 0;
    };
    struct Item
    {
        int line = -1;
        int dashColumn = 0;
        int contentColumn = 0; // where the item's value starts (after "- ")
        int end = -1;
    };

    // Blank and comment-only lines carry no structure.
    static bool isIgnorable(const QString &line);
    static int indent(const QString &line);
    // The entries of the block mapping whose first key is at (first, column); the mapping
    // ends before the first line under `limit` that is indented less than column.
    static QList<Entry> mapEntries(const QStringList &lines, int first, int column, int limit);
    // The items of the block sequence in lines [from, to); empty when it is not one.
    static QList<Item> seqItems(const QStringList &lines, int from, int to);
    // The key starting at column of line (after an optional "- "), or empty.
    static QString keyAt(const QString &line, int column, int *colonPos = nullptr);
    // The value text after position `from`, without a trailing comment or spaces.
    static void valueSpan(const QString &line, int from, int *start, int *end);
    static QString unquote(const QString &scalar);
    // The strings of a one-line flow list `[a, "b"]`; false when text is not one.
    static bool parseFlowList(const QString &text, QStringList *values);
    static const Entry *find(const QList<Entry> &entries, const QString &key);
};

} // namespace pw::core
