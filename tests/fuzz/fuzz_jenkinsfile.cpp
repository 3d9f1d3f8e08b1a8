// libFuzzer target: the Jenkinsfile importer, and under it the Groovy tokenizer and the
// statement reader (every statement's arguments are read the way the importer reads them).
#include "importcheck.h"

#include "core/pipeline/importers/groovyparser.h"

using namespace pw::core;

namespace {

void readStatements(const QList<GroovyStatement> &statements, int depth)
{
    if (depth > 200)
        return;
    for (const GroovyStatement &st : statements) {
        for (const GroovyArgument &a : st.arguments()) {
            if (a.isString())
                (void)a.stringToken()->text.size();
            (void)a.literal();
        }
        (void)st.namedArgument(QStringLiteral("script"));
        (void)st.firstPositional();
        (void)st.assignedValue();
        for (const QList<GroovyStatement> &block : st.blocks)
            readStatements(block, depth + 1);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = pw::fuzz::bytes(data, size);
    GroovyParser parser(QString::fromUtf8(input));
    if (parser.parse())
        readStatements(parser.statements(), 0);
    pw::fuzz::checkImport(input, QStringLiteral("Jenkinsfile"), ImportFormat::Jenkins);
    return 0;
}
