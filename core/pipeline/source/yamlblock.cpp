#include "yamlblock.h"

namespace pw::core {

bool YamlBlock::isIgnorable(const QString &line)
{
    for (QChar c : line) {
        if (c == u' ' || c == u'\t' || c == u'\r')
            continue;
        return c == u'#';
    }
    return true;
}

int YamlBlock::indent(const QString &line)
{
    if (isIgnorable(line))
        return -1;
    int i = 0;
    while (i < line.size() && line[i] == u' ')
        ++i;
    return i;
}

QString YamlBlock::keyAt(const QString &line, int column, int *colonPos)
{
    if (column >= line.size())
        return {};
    const QChar first = line[column];
    if (first == u'#' || first == u' ' || first == u'[' || first == u'{')
        return {};
    if (first == u'-' && (column + 1 >= line.size() || line[column + 1] == u' '))
        return {};
    int i = column;
    QString key;
    if (first == u'"' || first == u'\'') {
        const int close = int(line.indexOf(first, column + 1));
        if (close < 0)
            return {};
        key = line.mid(column + 1, close - column - 1);
        i = close + 1;
        if (i >= line.size() || line[i] != u':')
            return {};
    } else {
        // A plain key ends at the first ": " (or ':' at the end of the line).
        while (i < line.size()) {
            if (line[i] == u':'
                && (i + 1 >= line.size() || line[i + 1] == u' ' || line[i + 1] == u'\r'))
                break;
            if (line[i] == u'#' && i > column && line[i - 1] == u' ')
                return {};
            ++i;
        }
        if (i >= line.size())
            return {};
        key = line.mid(column, i - column).trimmed();
    }
    if (colonPos)
        *colonPos = i;
    return key;
}

void YamlBlock::valueSpan(const QString &line, int from, int *start, int *end)
{
    int i = from;
    while (i < line.size() && line[i] == u' ')
        ++i;
    *start = i;
    QChar quote;
    int stop = int(line.size());
    for (int j = i; j < line.size(); ++j) {
        const QChar c = line[j];
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            continue;
        }
        if ((c == u'"' || c == u'\'') && (j == i || line[j - 1] == u' ' || line[j - 1] == u'['
                                          || line[j - 1] == u',' || line[j - 1] == u'{')) {
            quote = c;
            continue;
        }
        if (c == u'#' && (j == i || line[j - 1] == u' ')) {
            stop = j;
            break;
        }
    }
    while (stop > i && (line[stop - 1] == u' ' || line[stop - 1] == u'\r'))
        --stop;
    *end = stop;
}

QList<YamlBlock::Entry> YamlBlock::mapEntries(const QStringList &lines, int first, int column,
                                              int limit)
{
    QList<Entry> entries;
    auto open = [&](int line) {
        int colon = 0;
        const QString key = keyAt(lines[line], column, &colon);
        if (key.isEmpty())
            return false;
        Entry e;
        e.key = key;
        e.line = line;
        e.column = column;
        e.end = line + 1;
        valueSpan(lines[line], colon + 1, &e.valueStart, &e.valueEnd);
        entries.append(e);
        return true;
    };
    if (first < 0 || first >= limit || !open(first))
        return entries;
    for (int i = first + 1; i < limit; ++i) {
        const int ind = indent(lines[i]);
        if (ind < 0)
            continue;
        if (ind < column)
            break;
        if (ind == column) {
            const bool dash = lines[i].mid(column, 2) == u"- " || lines[i].size() == column + 1;
            if (!dash) {
                if (!open(i))
                    break;
                continue;
            }
        }
        entries.last().end = i + 1;
    }
    return entries;
}

QList<YamlBlock::Item> YamlBlock::seqItems(const QStringList &lines, int from, int to)
{
    QList<Item> items;
    int dash = -1;
    for (int i = from; i < to; ++i) {
        const int ind = indent(lines[i]);
        if (ind < 0)
            continue;
        const bool isDash = lines[i][ind] == u'-'
            && (ind + 1 >= lines[i].size() || lines[i][ind + 1] == u' ');
        if (dash < 0) {
            if (!isDash)
                return {};
            dash = ind;
        }
        if (ind == dash && isDash) {
            Item item;
            item.line = i;
            item.dashColumn = dash;
            int c = ind + 1;
            while (c < lines[i].size() && lines[i][c] == u' ')
                ++c;
            item.contentColumn = c;
            item.end = i + 1;
            items.append(item);
        } else if (ind > dash) {
            items.last().end = i + 1;
        } else {
            break;
        }
    }
    return items;
}

QString YamlBlock::unquote(const QString &scalar)
{
    const QString s = scalar.trimmed();
    if (s.size() >= 2 && s.front() == u'\'' && s.back() == u'\'')
        return s.mid(1, s.size() - 2).replace(QStringLiteral("''"), QStringLiteral("'"));
    if (s.size() >= 2 && s.front() == u'"' && s.back() == u'"') {
        QString out;
        for (int i = 1; i < s.size() - 1; ++i) {
            if (s[i] == u'\\' && i + 1 < s.size() - 1) {
                ++i;
                out += s[i] == u'n' ? QChar(u'\n') : s[i] == u't' ? QChar(u'\t') : s[i];
            } else {
                out += s[i];
            }
        }
        return out;
    }
    return s;
}

bool YamlBlock::parseFlowList(const QString &text, QStringList *values)
{
    const QString t = text.trimmed();
    if (!t.startsWith(u'[') || !t.endsWith(u']'))
        return false;
    values->clear();
    const QString inner = t.mid(1, t.size() - 2);
    QString current;
    QChar quote;
    for (QChar c : inner) {
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == u'"' || c == u'\'') {
            quote = c;
        } else if (c == u',') {
            values->append(unquote(current));
            current.clear();
            continue;
        } else if (c == u'[' || c == u'{') {
            return false; // nested flow collections are not a list of names
        }
        current += c;
    }
    if (!current.trimmed().isEmpty() || !values->isEmpty())
        values->append(unquote(current));
    return true;
}

const YamlBlock::Entry *YamlBlock::find(const QList<Entry> &entries, const QString &key)
{
    for (const Entry &e : entries) {
        if (e.key == key)
            return &e;
    }
    return nullptr;
}

} // namespace pw::core
