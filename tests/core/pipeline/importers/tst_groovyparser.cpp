// The Groovy statement parser under the Jenkinsfile importer: statements, closures, strings.
#include "core/pipeline/importers/groovyparser.h"
#include "core/pipeline/importers/groovytokenizer.h"

#include <QTest>

using namespace pw::core;

class TestGroovyParser : public QObject
{
    Q_OBJECT

private slots:
    void strings_data();
    void strings();
    void statementsAndClosures();
    void continuationLines();
    void positions();
    void namedArgumentWithoutValue();
};

void TestGroovyParser::strings_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("doubleQuoted");
    QTest::newRow("single") << "'a b'" << "a b" << false;
    QTest::newRow("escapes") << R"('it\'s \\ \n')" << "it's \\ \n" << false;
    QTest::newRow("double with interpolation")
        << R"("x ${a ? 'y' : "z"} $b")" << R"(x ${a ? 'y' : "z"} $b)" << true;
    QTest::newRow("escaped dollar") << R"("\$HOME")" << "$HOME" << true;
    QTest::newRow("triple") << "'''\n  a\n  'b'\n'''" << "\n  a\n  'b'\n" << false;
    QTest::newRow("line continuation") << "'''a \\\nb'''" << "a b" << false;
    QTest::newRow("triple double") << "\"\"\"x \"y\" ${z}\"\"\"" << "x \"y\" ${z}" << true;
}

void TestGroovyParser::strings()
{
    QFETCH(QString, source);
    QFETCH(QString, text);
    QFETCH(bool, doubleQuoted);
    GroovyTokenizer tokenizer(source);
    QVERIFY2(tokenizer.tokenize(), qPrintable(tokenizer.errorMessage()));
    QCOMPARE(tokenizer.tokens().size(), 2); // the string and End
    QCOMPARE(tokenizer.tokens().first().type, GroovyToken::Type::String);
    QCOMPARE(tokenizer.tokens().first().text, text);
    QCOMPARE(tokenizer.tokens().first().doubleQuoted, doubleQuoted);
}

void TestGroovyParser::statementsAndClosures()
{
    GroovyParser parser(QStringLiteral(
        "pipeline {\n"
        "  stages { stage('A') { steps { sh label: 'x', script: 'make' } } }\n"
        "  environment { FOO = \"bar\"; BAZ = credentials('id') }\n"
        "  options { timeout(time: 5, unit: 'MINUTES') }\n"
        "  script { if (a) { sh 'x' } else { sh 'y' } }\n"
        "}\n"));
    QVERIFY2(parser.parse(), qPrintable(parser.errorMessage()));
    QCOMPARE(parser.statements().size(), 1);
    const GroovyStatement &pipeline = parser.statements().first();
    QCOMPARE(pipeline.name, QStringLiteral("pipeline"));
    QCOMPARE(pipeline.block().size(), 4);
    const GroovyStatement &stage = pipeline.block().at(0).block().first();
    QCOMPARE(stage.name, QStringLiteral("stage"));
    QCOMPARE(stage.firstPositional()->literal(), QStringLiteral("A"));
    const GroovyStatement &sh = stage.block().first().block().first();
    QCOMPARE(sh.namedArgument(QStringLiteral("script"))->literal(), QStringLiteral("make"));
    QCOMPARE(sh.namedArgument(QStringLiteral("label"))->literal(), QStringLiteral("x"));
    const QList<GroovyStatement> &env = pipeline.block().at(1).block();
    QCOMPARE(env.size(), 2);
    QCOMPARE(env.at(0).name, QStringLiteral("FOO"));
    QCOMPARE(env.at(0).assignedValue().first().text, QStringLiteral("bar"));
    QCOMPARE(env.at(1).assignedValue().size(), 4);
    const GroovyStatement &timeout = pipeline.block().at(2).block().first();
    QCOMPARE(timeout.namedArgument(QStringLiteral("time"))->literal(), QStringLiteral("5"));
    QCOMPARE(timeout.namedArgument(QStringLiteral("unit"))->literal(), QStringLiteral("MINUTES"));
    const GroovyStatement &ifElse = pipeline.block().at(3).block().first();
    QCOMPARE(ifElse.name, QStringLiteral("if"));
    QCOMPARE(ifElse.blocks.size(), 2); // one statement with both branches
}

void TestGroovyParser::continuationLines()
{
    GroovyParser parser(QStringLiteral("a = 1 +\n 2\nb(x,\n  y)\nc.d()\n  .e()\nf\n{\n g\n}\n"));
    QVERIFY2(parser.parse(), qPrintable(parser.errorMessage()));
    QCOMPARE(parser.statements().size(), 4);
    QCOMPARE(parser.statements().at(2).name, QStringLiteral("c.d"));
    QCOMPARE(parser.statements().at(3).name, QStringLiteral("f"));
    QCOMPARE(parser.statements().at(3).block().size(), 1); // Allman-style brace
}

void TestGroovyParser::positions()
{
    GroovyParser parser(QStringLiteral("// c\n/* x\n y */ pipeline {\n\tagent any\n}\n"));
    QVERIFY(parser.parse());
    const GroovyStatement &p = parser.statements().first();
    QCOMPARE(p.location.line, 3);
    QCOMPARE(p.location.column, 7);
    QCOMPARE(p.block().first().location.line, 4);
    QCOMPARE(p.block().first().location.column, 2);
}

// `sh script:` with nothing after the colon: the argument has a name and no tokens, and keeps
// the name's position (reading the position after cutting the name off crashed, issue 16).
void TestGroovyParser::namedArgumentWithoutValue()
{
    GroovyParser parser(QStringLiteral("steps {\n  sh script:\n}\n"));
    QVERIFY2(parser.parse(), qPrintable(parser.errorMessage()));
    const QList<GroovyStatement> &steps = parser.statements().first().block();
    QCOMPARE(steps.size(), 1);
    const QList<GroovyArgument> args = steps.at(0).arguments();
    QCOMPARE(args.size(), 1);
    QCOMPARE(args.first().name, QStringLiteral("script"));
    QVERIFY(args.first().tokens.isEmpty());
    QVERIFY(!args.first().isString());
    QCOMPARE(args.first().location.line, 2);
    QCOMPARE(args.first().location.column, 6);

    GroovyParser second(QStringLiteral("sh label: 'x', script: }"));
    QVERIFY(!second.parse()); // the stray brace
    GroovyParser third(QStringLiteral("sh(label: 'x', script:)\n"));
    QVERIFY2(third.parse(), qPrintable(third.errorMessage()));
    const GroovyStatement &sh = third.statements().first();
    const auto script = sh.namedArgument(QStringLiteral("script"));
    QVERIFY(script);
    QVERIFY(script->tokens.isEmpty());
    QCOMPARE(script->location.column, 16);
    QCOMPARE(sh.namedArgument(QStringLiteral("label"))->literal(), QStringLiteral("x"));
}

QTEST_GUILESS_MAIN(TestGroovyParser)
#include "tst_groovyparser.moc"
