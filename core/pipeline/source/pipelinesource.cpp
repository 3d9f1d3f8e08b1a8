#include "pipelinesource.h"

#include "yamlblock.h"

#include "core/pipeline/pipelinewriter.h"
#include "core/pipeline/stepkindregistry.h"

#include <QRegularExpression>

namespace pw::core {

namespace {

using Entry = YamlBlock::Entry;
using Item = YamlBlock::Item;

// Keys are inserted in the canonical order of docs/pipeline-format.md, so a new key lands
// where a person would have written it.
const QStringList stageKeyOrder = {
    QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("needs"),
    QStringLiteral("image"), QStringLiteral("env"), QStringLiteral("timeout"),
    QStringLiteral("retries"), QStringLiteral("retry-backoff"),
    QStringLiteral("continue-on-error"), QStringLiteral("artifacts"), QStringLiteral("when"),
    QStringLiteral("approval"), QStringLiteral("steps")};
const QStringList stepKeyOrder = {QStringLiteral("name"), QStringLiteral("env"),
                                  QStringLiteral("timeout"), QStringLiteral("retries"),
                                  QStringLiteral("continue-on-error")};

QString spaces(int n)
{
    return QString(qMax(0, n), u' ');
}

// Where the lines of a stage live in the text, re-read before every edit.
struct StageRef
{
    Item item;
    QList<Entry> entries;
    QString id;
};

struct StagesRef
{
    bool found = false;     // a `stages:` key exists
    bool flow = false;      // its value is a non-empty flow list: not editable here
    bool emptyFlow = false; // `stages: []`
    Entry key;
    QList<StageRef> stages;
};

StagesRef locateStages(const QStringList &lines)
{
    StagesRef ref;
    int first = 0;
    while (first < lines.size()
           && (YamlBlock::isIgnorable(lines[first]) || lines[first].startsWith(u"---")
               || lines[first].startsWith(u'%')))
        ++first;
    const QList<Entry> top = YamlBlock::mapEntries(lines, first, 0, int(lines.size()));
    const Entry *stages = YamlBlock::find(top, QStringLiteral("stages"));
    if (!stages)
        return ref;
    ref.found = true;
    ref.key = *stages;
    const QString inlineValue =
        lines[stages->line].mid(stages->valueStart, stages->valueEnd - stages->valueStart);
    if (!inlineValue.isEmpty()) {
        ref.emptyFlow = QString(inlineValue).remove(u' ') == u"[]";
        ref.flow = !ref.emptyFlow;
        return ref;
    }
    const QList<Item> items = YamlBlock::seqItems(lines, stages->line + 1, stages->end);
    for (const Item &item : items) {
        StageRef s;
        s.item = item;
        s.entries = YamlBlock::mapEntries(lines, item.line, item.contentColumn, item.end);
        if (const Entry *id = YamlBlock::find(s.entries, QStringLiteral("id")))
            s.id = YamlBlock::unquote(
                lines[id->line].mid(id->valueStart, id->valueEnd - id->valueStart));
        ref.stages.append(s);
    }
    return ref;
}

QString inlineValue(const QStringList &lines, const Entry &e)
{
    return lines[e.line].mid(e.valueStart, e.valueEnd - e.valueStart);
}

// Replaces the value of an entry, dropping the lines of a previous block value.
void replaceValue(QStringList &lines, const Entry &e, const QString &value)
{
    QString &line = lines[e.line];
    const QString comment = line.mid(e.valueEnd);
    QString head = line.left(e.valueStart);
    if (e.valueStart == e.valueEnd) {
        // No inline value yet: "key:" becomes "key: value".
        while (head.endsWith(u' '))
            head.chop(1);
        head += u' ';
    }
    line = head + value + comment;
    lines.remove(e.line + 1, e.end - e.line - 1);
}

// Sets key in the block mapping `entries` (keys at column), inserting it in canonical order.
void setInMap(QStringList &lines, const QList<Entry> &entries, int column, const QString &key,
              const QString &value, const QStringList &order)
{
    if (const Entry *e = YamlBlock::find(entries, key)) {
        replaceValue(lines, *e, value);
        return;
    }
    const int rank = order.indexOf(key);
    const Entry *after = &entries.first();
    for (const Entry &e : entries) {
        const int r = order.indexOf(e.key);
        if (rank >= 0 && r >= 0 && r < rank)
            after = &e;
        else if (rank < 0)
            after = &e; // unknown order: at the end
    }
    lines.insert(after->end, spaces(column) + key + QStringLiteral(": ") + value);
}

// Removes an entry; the first key of a list item shares its line with the dash, so the
// next key moves up onto that line.
bool removeFromMap(QStringList &lines, const QList<Entry> &entries, const QString &key)
{
    const Entry *e = YamlBlock::find(entries, key);
    if (!e)
        return false;
    const bool onDashLine = YamlBlock::indent(lines[e->line]) < e->column;
    if (!onDashLine) {
        lines.remove(e->line, e->end - e->line);
        return true;
    }
    const int index = int(e - entries.data());
    if (index + 1 >= entries.size())
        return false; // the item would be empty
    const Entry &next = entries[index + 1];
    lines[e->line] = lines[e->line].left(e->column) + lines[next.line].mid(next.column);
    lines.remove(e->line + 1, next.line - e->line);
    return true;
}

// The lines of a block taken out of the writer's output, from the line after `key:` on,
// dedented so the first item's dash is at column 0.
QStringList writerBlock(const QByteArray &yaml, const QString &key)
{
    const QStringList lines = QString::fromUtf8(yaml).split(u'\n');
    QStringList block;
    int start = -1;
    for (int i = 0; i < lines.size(); ++i) {
        if (lines[i].trimmed() == key + u':') {
            start = i + 1;
            break;
        }
    }
    if (start < 0)
        return {};
    const int dash = YamlBlock::indent(lines[start]);
    for (int i = start; i < lines.size(); ++i) {
        const int ind = YamlBlock::indent(lines[i]);
        if (ind >= 0 && ind < dash)
            break;
        if (!lines[i].isEmpty())
            block.append(lines[i].mid(dash));
    }
    return block;
}

QStringList indented(const QStringList &block, int column)
{
    QStringList out;
    for (const QString &line : block)
        out.append(line.isEmpty() ? line : spaces(column) + line);
    return out;
}

} // namespace

PipelineSource::PipelineSource(const QString &text)
{
    setText(text);
}

void PipelineSource::setText(const QString &text)
{
    m_eol = text.contains(u"\r\n") ? QStringLiteral("\r\n") : QStringLiteral("\n");
    m_finalEol = text.isEmpty() || text.endsWith(u'\n');
    m_lines = text.split(m_eol);
    if (m_finalEol && !text.isEmpty())
        m_lines.removeLast();
    if (text.isEmpty())
        m_lines.clear();
}

QString PipelineSource::text() const
{
    QString out = m_lines.join(m_eol);
    if (m_finalEol && !m_lines.isEmpty())
        out += m_eol;
    return out;
}

PipelineLoadResult PipelineSource::load(const QString &fileName) const
{
    return PipelineLoader::loadFromText(text().toUtf8(), fileName);
}

bool PipelineSource::fail(const QString &message) const
{
    m_error = message;
    return false;
}

QString PipelineSource::scalar(const QString &value)
{
    // Plain only where YAML cannot read it as anything but this string.
    static const QRegularExpression plain(
        QStringLiteral("^[A-Za-z0-9_./$][A-Za-z0-9_./$ {}()=<>+*@-]*$"));
    static const QRegularExpression special(QStringLiteral(
        "^(true|false|yes|no|on|off|null|~|[-+]?[0-9][0-9_.eE+-]*)$"),
        QRegularExpression::CaseInsensitiveOption);
    if (!value.isEmpty() && plain.match(value).hasMatch() && !special.match(value).hasMatch()
        && !value.endsWith(u' ') && !value.contains(QStringLiteral(": "))
        && !value.contains(u'{') && !value.contains(u'}'))
        return value;
    QString out = QStringLiteral("\"");
    for (QChar c : value) {
        if (c == u'"' || c == u'\\')
            out += u'\\';
        if (c == u'\n')
            out += QStringLiteral("\\n");
        else if (c == u'\t')
            out += QStringLiteral("\\t");
        else
            out += c;
    }
    return out + u'"';
}

QString PipelineSource::flowList(const QStringList &values)
{
    QStringList parts;
    for (const QString &v : values)
        parts.append(scalar(v));
    return u'[' + parts.join(QStringLiteral(", ")) + u']';
}

bool PipelineSource::setStageValue(const QString &stageId, const QString &key,
                                   const QString &yamlValue)
{
    const StagesRef ref = locateStages(m_lines);
    for (const StageRef &s : ref.stages) {
        if (s.id == stageId && !s.entries.isEmpty()) {
            setInMap(m_lines, s.entries, s.item.contentColumn, key, yamlValue, stageKeyOrder);
            return true;
        }
    }
    return fail(QStringLiteral("no stage \"%1\" in block style").arg(stageId));
}

bool PipelineSource::removeStageKey(const QString &stageId, const QString &key)
{
    const StagesRef ref = locateStages(m_lines);
    for (const StageRef &s : ref.stages) {
        if (s.id == stageId) {
            if (!removeFromMap(m_lines, s.entries, key))
                return fail(QStringLiteral("stage \"%1\" has no key %2").arg(stageId, key));
            return true;
        }
    }
    return fail(QStringLiteral("no stage \"%1\"").arg(stageId));
}

bool PipelineSource::addNeed(const QString &stageId, const QString &need)
{
    const StagesRef ref = locateStages(m_lines);
    for (const StageRef &s : ref.stages) {
        if (s.id != stageId)
            continue;
        const Entry *e = YamlBlock::find(s.entries, QStringLiteral("needs"));
        if (!e)
            return setStageValue(stageId, QStringLiteral("needs"), flowList({need}));
        const QString value = inlineValue(m_lines, *e);
        QStringList values;
        if (YamlBlock::parseFlowList(value, &values)) {
            if (values.contains(need))
                return fail(QStringLiteral("\"%1\" already needs \"%2\"").arg(stageId, need));
            values.append(need);
            replaceValue(m_lines, *e, flowList(values));
            return true;
        }
        if (!value.isEmpty()) { // a single name: becomes a list of two
            if (YamlBlock::unquote(value) == need)
                return fail(QStringLiteral("\"%1\" already needs \"%2\"").arg(stageId, need));
            replaceValue(m_lines, *e, flowList({YamlBlock::unquote(value), need}));
            return true;
        }
        const QList<Item> items = YamlBlock::seqItems(m_lines, e->line + 1, e->end);
        if (items.isEmpty()) {
            replaceValue(m_lines, *e, flowList({need}));
            return true;
        }
        for (const Item &item : items) {
            int start = 0, end = 0;
            YamlBlock::valueSpan(m_lines[item.line], item.contentColumn, &start, &end);
            if (YamlBlock::unquote(m_lines[item.line].mid(start, end - start)) == need)
                return fail(QStringLiteral("\"%1\" already needs \"%2\"").arg(stageId, need));
        }
        m_lines.insert(items.last().end,
                       spaces(items.last().dashColumn) + QStringLiteral("- ") + scalar(need));
        return true;
    }
    return fail(QStringLiteral("no stage \"%1\"").arg(stageId));
}

bool PipelineSource::removeNeed(const QString &stageId, const QString &need)
{
    const StagesRef ref = locateStages(m_lines);
    for (const StageRef &s : ref.stages) {
        if (s.id != stageId)
            continue;
        const Entry *e = YamlBlock::find(s.entries, QStringLiteral("needs"));
        if (!e)
            return fail(QStringLiteral("\"%1\" has no needs").arg(stageId));
        const QString value = inlineValue(m_lines, *e);
        QStringList values;
        if (YamlBlock::parseFlowList(value, &values) || !value.isEmpty()) {
            if (values.isEmpty() && !value.startsWith(u'['))
                values = {YamlBlock::unquote(value)};
            if (!values.removeOne(need))
                return fail(QStringLiteral("\"%1\" does not need \"%2\"").arg(stageId, need));
            if (values.isEmpty())
                return removeFromMap(m_lines, s.entries, QStringLiteral("needs"));
            replaceValue(m_lines, *e, flowList(values));
            return true;
        }
        const QList<Item> items = YamlBlock::seqItems(m_lines, e->line + 1, e->end);
        for (const Item &item : items) {
            int start = 0, end = 0;
            YamlBlock::valueSpan(m_lines[item.line], item.contentColumn, &start, &end);
            if (YamlBlock::unquote(m_lines[item.line].mid(start, end - start)) != need)
                continue;
            if (items.size() == 1)
                return removeFromMap(m_lines, s.entries, QStringLiteral("needs"));
            m_lines.remove(item.line, item.end - item.line);
            return true;
        }
        return fail(QStringLiteral("\"%1\" does not need \"%2\"").arg(stageId, need));
    }
    return fail(QStringLiteral("no stage \"%1\"").arg(stageId));
}

bool PipelineSource::renameStage(const QString &oldId, const QString &newId)
{
    if (!setStageValue(oldId, QStringLiteral("id"), scalar(newId)))
        return false;
    // Every stage that needs the old id now needs the new one, at the same place in its list.
    const StagesRef ref = locateStages(m_lines);
    for (int i = int(ref.stages.size()) - 1; i >= 0; --i) {
        const StageRef &s = ref.stages[i];
        const Entry *e = YamlBlock::find(s.entries, QStringLiteral("needs"));
        if (!e)
            continue;
        const QString value = inlineValue(m_lines, *e);
        QStringList values;
        if (YamlBlock::parseFlowList(value, &values)) {
            const qsizetype at = values.indexOf(oldId);
            if (at >= 0) {
                values[at] = newId;
                replaceValue(m_lines, *e, flowList(values));
            }
            continue;
        }
        if (!value.isEmpty()) {
            if (YamlBlock::unquote(value) == oldId)
                replaceValue(m_lines, *e, scalar(newId));
            continue;
        }
        for (const Item &item : YamlBlock::seqItems(m_lines, e->line + 1, e->end)) {
            int start = 0, end = 0;
            YamlBlock::valueSpan(m_lines[item.line], item.contentColumn, &start, &end);
            if (YamlBlock::unquote(m_lines[item.line].mid(start, end - start)) == oldId)
                m_lines[item.line].replace(start, end - start, scalar(newId));
        }
    }
    return true;
}

bool PipelineSource::addStage(const StageSpec &stage)
{
    Pipeline p;
    p.stages = {stage};
    const QStringList block = writerBlock(PipelineWriter::toYaml(p), QStringLiteral("stages"));
    if (block.isEmpty())
        return fail(QStringLiteral("the writer produced no stage"));
    return addStageText(block.join(u'\n'));
}

bool PipelineSource::addStageText(const QString &stageText, const QHash<QString, QString> &idMap)
{
    QString block = stageText;
    while (block.endsWith(u'\n'))
        block.chop(1);
    if (!idMap.isEmpty()) {
        // Rewrite the copy on its own, as a one-stage file, with the same edits.
        PipelineSource copy(QStringLiteral("stages:\n") + block + u'\n');
        const StagesRef ref = locateStages(copy.m_lines);
        if (ref.stages.size() != 1)
            return fail(QStringLiteral("not one stage"));
        const QString oldId = ref.stages.first().id;
        const QStringList needs = copy.load(QString()).pipeline.stages.value(0).needs;
        for (const QString &need : needs) {
            if (idMap.contains(need)) {
                copy.removeNeed(oldId, need);
                copy.addNeed(oldId, idMap.value(need));
            }
        }
        if (idMap.contains(oldId))
            copy.setStageValue(oldId, QStringLiteral("id"), scalar(idMap.value(oldId)));
        block = copy.stageText(idMap.value(oldId, oldId));
        while (block.endsWith(u'\n'))
            block.chop(1);
    }
    const QStringList blockLines = block.split(u'\n');

    const StagesRef ref = locateStages(m_lines);
    if (ref.flow)
        return fail(QStringLiteral("`stages:` is a flow list; edit it as text"));
    if (!ref.found) {
        while (!m_lines.isEmpty() && m_lines.last().trimmed().isEmpty())
            m_lines.removeLast();
        m_lines.append(QStringLiteral("stages:"));
        m_lines.append(indented(blockLines, 2));
        return true;
    }
    if (ref.stages.isEmpty()) {
        // "stages: []  # note" becomes "stages:  # note" with the block below it.
        const Entry &key = ref.key;
        QString &line = m_lines[key.line];
        line = line.left(key.valueStart) + line.mid(key.valueEnd);
        while (line.endsWith(u' '))
            line.chop(1);
        int at = key.line + 1;
        for (const QString &l : indented(blockLines, key.column + 2))
            m_lines.insert(at++, l);
        return true;
    }
    const Item &last = ref.stages.last().item;
    int at = last.end;
    for (const QString &line : indented(blockLines, last.dashColumn))
        m_lines.insert(at++, line);
    return true;
}

bool PipelineSource::removeStage(const QString &stageId)
{
    const StagesRef ref = locateStages(m_lines);
    for (const StageRef &s : ref.stages) {
        if (s.id != stageId)
            continue;
        int start = s.item.line;
        // Comment lines right above the item, at its indentation, describe it: they go too.
        while (start > ref.key.line + 1 && !m_lines[start - 1].trimmed().isEmpty()
               && m_lines[start - 1].trimmed().startsWith(u'#')
               && m_lines[start - 1].indexOf(u'#') == s.item.dashColumn)
            --start;
        m_lines.remove(start, s.item.end - start);
        if (ref.stages.size() == 1)
            m_lines[ref.key.line] = m_lines[ref.key.line].left(ref.key.valueStart).trimmed()
                + QStringLiteral(" []");
        return true;
    }
    return fail(QStringLiteral("no stage \"%1\"").arg(stageId));
}

QString PipelineSource::stageText(const QString &stageId) const
{
    const StagesRef ref = locateStages(m_lines);
    for (const StageRef &s : ref.stages) {
        if (s.id != stageId)
            continue;
        QStringList out;
        for (int i = s.item.line; i < s.item.end; ++i)
            out.append(m_lines[i].mid(s.item.dashColumn));
        return out.join(u'\n') + u'\n';
    }
    return {};
}

bool PipelineSource::addStep(const QString &stageId, const StepSpec &step, int index)
{
    Pipeline p;
    StageSpec stage;
    stage.id = QStringLiteral("x");
    stage.steps = {step};
    p.stages = {stage};
    const QStringList block = writerBlock(PipelineWriter::toYaml(p), QStringLiteral("steps"));
    if (block.isEmpty())
        return fail(QStringLiteral("the writer produced no step"));

    const StagesRef ref = locateStages(m_lines);
    for (const StageRef &s : ref.stages) {
        if (s.id != stageId)
            continue;
        const Entry *e = YamlBlock::find(s.entries, QStringLiteral("steps"));
        if (!e) {
            setInMap(m_lines, s.entries, s.item.contentColumn, QStringLiteral("steps"),
                     QStringLiteral("[]"), stageKeyOrder);
            return addStep(stageId, step, index);
        }
        const QString value = inlineValue(m_lines, *e);
        const QList<Item> items = YamlBlock::seqItems(m_lines, e->line + 1, e->end);
        if (items.isEmpty()) {
            if (!value.isEmpty() && QString(value).remove(u' ') != u"[]")
                return fail(QStringLiteral("the steps of \"%1\" are a flow list").arg(stageId));
            replaceValue(m_lines, *e, QString());
            QString &line = m_lines[e->line];
            while (line.endsWith(u' '))
                line.chop(1);
            int at = e->line + 1;
            for (const QString &l : indented(block, e->column + 2))
                m_lines.insert(at++, l);
            return true;
        }
        int at = (index >= 0 && index < items.size()) ? items[index].line : items.last().end;
        for (const QString &l : indented(block, items.first().dashColumn))
            m_lines.insert(at++, l);
        return true;
    }
    return fail(QStringLiteral("no stage \"%1\"").arg(stageId));
}

bool PipelineSource::removeStep(const QString &stageId, int index)
{
    const StagesRef ref = locateStages(m_lines);
    for (const StageRef &s : ref.stages) {
        if (s.id != stageId)
            continue;
        const Entry *e = YamlBlock::find(s.entries, QStringLiteral("steps"));
        const QList<Item> items =
            e ? YamlBlock::seqItems(m_lines, e->line + 1, e->end) : QList<Item>();
        if (index < 0 || index >= items.size())
            return fail(QStringLiteral("\"%1\" has no step %2").arg(stageId).arg(index + 1));
        if (items.size() == 1) {
            Entry steps = *e;
            replaceValue(m_lines, steps, QStringLiteral("[]"));
            return true;
        }
        m_lines.remove(items[index].line, items[index].end - items[index].line);
        return true;
    }
    return fail(QStringLiteral("no stage \"%1\"").arg(stageId));
}

bool PipelineSource::setStepValue(const QString &stageId, int stepIndex, const QString &field,
                                  const QString &yamlValue)
{
    const StagesRef ref = locateStages(m_lines);
    for (const StageRef &s : ref.stages) {
        if (s.id != stageId)
            continue;
        const Entry *e = YamlBlock::find(s.entries, QStringLiteral("steps"));
        const QList<Item> items =
            e ? YamlBlock::seqItems(m_lines, e->line + 1, e->end) : QList<Item>();
        if (stepIndex < 0 || stepIndex >= items.size())
            return fail(QStringLiteral("\"%1\" has no step %2").arg(stageId).arg(stepIndex + 1));
        const Item &item = items[stepIndex];
        const QList<Entry> entries =
            YamlBlock::mapEntries(m_lines, item.line, item.contentColumn, item.end);
        if (entries.isEmpty())
            return fail(QStringLiteral("step %1 is not a block mapping").arg(stepIndex + 1));
        if (stepKeyOrder.contains(field)) {
            setInMap(m_lines, entries, item.contentColumn, field, yamlValue, stepKeyOrder);
            return true;
        }
        const StepKind *kind = nullptr;
        const Entry *kindEntry = nullptr;
        for (const Entry &entry : entries) {
            if ((kind = StepKindRegistry::instance().find(entry.key))) {
                kindEntry = &entry;
                break;
            }
        }
        if (!kind || !kind->field(field))
            return fail(QStringLiteral("step %1 has no field %2").arg(stepIndex + 1).arg(field));
        const QString value = inlineValue(m_lines, *kindEntry);
        if (value.startsWith(u'{'))
            return fail(QStringLiteral("step %1 is a flow mapping").arg(stepIndex + 1));
        if (!value.isEmpty()) {
            if (field == kind->primaryField) {
                replaceValue(m_lines, *kindEntry, yamlValue);
                return true;
            }
            // `run: make` plus another field becomes `run: {command: make, ...}` as a block.
            const int column = kindEntry->column + 2;
            const int line = kindEntry->line;
            replaceValue(m_lines, *kindEntry, QString());
            while (m_lines[line].endsWith(u' '))
                m_lines[line].chop(1);
            m_lines.insert(line + 1, spaces(column) + kind->primaryField + QStringLiteral(": ")
                                         + value);
            m_lines.insert(line + 2, spaces(column) + field + QStringLiteral(": ") + yamlValue);
            return true;
        }
        int first = kindEntry->line + 1;
        while (first < kindEntry->end && YamlBlock::isIgnorable(m_lines[first]))
            ++first;
        if (first >= kindEntry->end) {
            replaceValue(m_lines, *kindEntry, yamlValue);
            return true;
        }
        const int column = YamlBlock::indent(m_lines[first]);
        const QList<Entry> fields =
            YamlBlock::mapEntries(m_lines, first, column, kindEntry->end);
        if (fields.isEmpty())
            return fail(QStringLiteral("step %1 is not a block mapping").arg(stepIndex + 1));
        setInMap(m_lines, fields, column, field, yamlValue, kind->fieldNames());
        return true;
    }
    return fail(QStringLiteral("no stage \"%1\"").arg(stageId));
}

} // namespace pw::core
