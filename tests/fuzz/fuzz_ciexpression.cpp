// libFuzzer target: the GitHub `if:` / GitLab `rules: if:` expression parser. The first byte
// picks the dialect. What parses and applies must be a when.expression the engine accepts.
#include "fuzzcheck.h"

#include "core/pipeline/importers/ciexpressionparser.h"
#include "core/pipeline/whenexpression.h"

using namespace pw::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const auto dialect
        = (data[0] & 1) ? CiExpressionParser::Dialect::GitLab : CiExpressionParser::Dialect::GitHub;
    const QString text = QString::fromUtf8(pw::fuzz::bytes(data + 1, size - 1));
    (void)CiExpressionParser::regexToGlob(text);
    CiExpressionParser parser(dialect, [](const QString &job) {
        return job.startsWith(u'x') ? QString() : QStringLiteral("stage-") + job;
    });
    const std::optional<ConditionExpr> expr = parser.parse(text);
    if (!expr) {
        PW_FUZZ_CHECK(!parser.error().isEmpty(), text);
        return 0;
    }
    WhenSpec when;
    QString why;
    if (!expr->applyTo(when, &why))
        return 0;
    if (!when.expression.isEmpty()) {
        QString error;
        int column = 0;
        PW_FUZZ_CHECK(WhenExpression::parse(when.expression, &error, &column),
                      text + QStringLiteral(" → ") + when.expression + QStringLiteral(": ")
                          + error);
    }
    return 0;
}
