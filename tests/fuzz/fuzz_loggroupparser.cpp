// libFuzzer target: group markers in log lines (GitHub, GitLab, Buildkite, Pipewright). The
// group list stays a well-formed tree whatever the lines, and finish() closes everything.
#include "fuzzcheck.h"

#include "core/logs/loggroupparser.h"

using namespace pw::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = pw::fuzz::bytes(data, size);
    LogGroupParser parser;
    qint64 line = 0;
    for (const QByteArray &text : input.split('\n')) {
        // The parser sees at most the head of a long line (LogSource hands it ≥ 512 bytes).
        parser.parseLine(line, QByteArrayView(text).first(qMin<qsizetype>(text.size(), 600)),
                         line * 10);
        ++line;
    }
    parser.finish(line - 1, line * 10, (size & 1) != 0);
    PW_FUZZ_CHECK(parser.openDepth() == 0, QString::number(parser.openDepth()));
    const std::vector<LogGroup> &groups = parser.groups();
    for (size_t i = 0; i < groups.size(); ++i) {
        const LogGroup &g = groups[i];
        const QString where = QStringLiteral("group %1 (%2)").arg(i).arg(g.title);
        PW_FUZZ_CHECK(g.parent < int(i), where);
        if (g.parent >= 0) {
            const LogGroup &p = groups[size_t(g.parent)];
            PW_FUZZ_CHECK(g.depth == p.depth + 1, where);
            PW_FUZZ_CHECK(g.headerLine >= p.headerLine, where);
            PW_FUZZ_CHECK(p.endLine >= g.endLine, where);
        } else {
            PW_FUZZ_CHECK(g.depth == 0, where);
        }
        PW_FUZZ_CHECK(!g.isOpen(), where);
        PW_FUZZ_CHECK(g.endLine >= g.headerLine || (g.endLine == g.headerLine - 1), where);
        PW_FUZZ_CHECK(g.headerLine >= 0 && g.headerLine < line, where);
    }
    return 0;
}
