// Every step kind the pipeline format defines has a runner in the built-in set: a kind added
// to the schema without one would load, validate and then fail at run time.
#include "core/pipeline/stepkindregistry.h"
#include "core/steps/builtinsteprunners.h"

#include <QTest>

using namespace pw::core;

class tst_BuiltinStepRunners : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everySchemaKindHasARunner()
    {
        const StepRunnerRegistry runners = builtinStepRunners();
        const QStringList kinds = StepKindRegistry::instance().keys();
        QVERIFY(kinds.size() >= 8);
        for (const QString &kind : kinds)
            QVERIFY2(runners.supports(kind), qPrintable(kind));
        for (const QString &kind : runners.kinds())
            QVERIFY2(kinds.contains(kind), qPrintable(kind + u" has a runner but no schema"_qs));
    }
};

QTEST_GUILESS_MAIN(tst_BuiltinStepRunners)
#include "tst_builtinsteprunners.moc"
