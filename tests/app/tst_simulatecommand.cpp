// `pipewright simulate` as scripts see it: JSON keys and exact values, the simulated object,
// reproducibility, and exit 2 with a clear message (never a hang) on bad input.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <cmath>

class TestSimulateCommand : public QObject
{
    Q_OBJECT

private:
    struct Result
    {
        int exitCode = -1;
        QProcess::ExitStatus status = QProcess::CrashExit;
        QByteArray out;
        QString err;
        QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    };

    static Result simulate(const QStringList &args)
    {
        QProcess p;
        p.setProgram(QStringLiteral(PW_CLI_PATH));
        p.setArguments(QStringList{QStringLiteral("simulate")} + args);
        p.start();
        p.closeWriteChannel();
        // Generous: a hang is what this guards against, not speed.
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished();
            return {};
        }
        return {p.exitCode(), p.exitStatus(), p.readAllStandardOutput(),
                QString::fromUtf8(p.readAllStandardError())};
    }

    static QStringList split(const char *args)
    {
        return QString::fromUtf8(args).split(u' ', Qt::SkipEmptyParts);
    }

private slots:
    void analyticJson_data()
    {
        QTest::addColumn<QString>("args");
        QTest::addColumn<QString>("key");
        QTest::addColumn<double>("expected");
        // M/M/1 λ=1 μ=2: ρ = 1/2, L = 1, Lq = 1/2, W = 1, Wq = 1/2.
        const QString mm1 = QStringLiteral("--model mm1 --lambda 1 --mu 2");
        QTest::newRow("mm1 rho") << mm1 << u"rho"_qs << 0.5;
        QTest::newRow("mm1 L") << mm1 << u"L"_qs << 1.0;
        QTest::newRow("mm1 Lq") << mm1 << u"Lq"_qs << 0.5;
        QTest::newRow("mm1 W") << mm1 << u"W"_qs << 1.0;
        QTest::newRow("mm1 Wq") << mm1 << u"Wq"_qs << 0.5;
        QTest::newRow("mm1 P0") << mm1 << u"P0"_qs << 0.5;
        QTest::newRow("mm1 Pwait") << mm1 << u"Pwait"_qs << 0.5;
        QTest::newRow("mm1 Pblock") << mm1 << u"Pblock"_qs << 0.0;
        QTest::newRow("mm1 lambdaEff") << mm1 << u"lambdaEff"_qs << 1.0;
        // M/M/3 λ=2 μ=1: C = 4/9 = Wq; M/M/1/2 λ=1 μ=2: P_K = 1/7.
        QTest::newRow("mmc Wq") << u"--model mmc --lambda 2 --mu 1 --servers 3"_qs << u"Wq"_qs
                                << 4.0 / 9;
        QTest::newRow("mmck Pblock")
            << u"--model=mmck --lambda=1 --mu=2 --servers=1 --capacity=2"_qs << u"Pblock"_qs
            << 1.0 / 7;
        QTest::newRow("md1 Lq") << u"--model md1 --lambda 1 --mu 2"_qs << u"Lq"_qs << 0.25;
        QTest::newRow("mg1 Lq") << u"--model mg1 --lambda 1 --mu 2 --cs2 3"_qs << u"Lq"_qs
                                << 1.0;
        QTest::newRow("gg1 Wq") << u"--model gg1 --lambda 1 --mu 2 --ca2 0.5 --cs2 1.5"_qs
                                << u"Wq"_qs << 0.5;
        QTest::newRow("ggc Wq")
            << u"--model ggc --lambda 2 --mu 1 --servers 3 --ca2 0.5 --cs2 0.5"_qs << u"Wq"_qs
            << 2.0 / 9;
    }

    void analyticJson()
    {
        QFETCH(QString, args);
        QFETCH(QString, key);
        QFETCH(double, expected);
        const Result r = simulate(args.split(u' ') << QStringLiteral("--json"));
        QCOMPARE(r.exitCode, 0);
        const QJsonObject json = r.json();
        QVERIFY(json.value(u"stable").toBool());
        QVERIFY2(json.contains(key), r.out.constData());
        QVERIFY(std::abs(json.value(key).toDouble() - expected) < 1e-12);
        QVERIFY(!json.contains(u"simulated"));
    }

    void simulated()
    {
        const QStringList args =
            split("--model mmc --lambda 2 --mu 1 --servers 3 --customers 400000 --seed 9 --json");
        const Result r = simulate(args);
        QCOMPARE(r.exitCode, 0);
        const QJsonObject sim = r.json().value(u"simulated").toObject();
        QCOMPARE(sim.value(u"customers").toInteger(), 400000);
        for (const char16_t *key : {u"rho", u"L", u"Lq", u"W", u"Wq", u"P0", u"Pwait"}) {
            const QJsonObject e = sim.value(QString::fromUtf16(key)).toObject();
            QVERIFY(e.value(u"halfWidth").toDouble() > 0.0);
            const double analytic = r.json().value(QString::fromUtf16(key)).toDouble();
            QVERIFY2(std::abs(e.value(u"mean").toDouble() - analytic)
                         <= 4 * e.value(u"halfWidth").toDouble(),
                     r.out.constData());
        }
        // The same seed prints the same figures; another seed does not.
        QCOMPARE(simulate(args).out, r.out);
        QStringList other = args;
        other[other.indexOf(u"9"_qs)] = QStringLiteral("10");
        QVERIFY(simulate(other).out != r.out);
    }

    void textOutput()
    {
        const Result r = simulate(split("--model mm1 --lambda 1 --mu 2 --customers 20000"));
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Wq"));
        QVERIFY(r.out.contains("±"));
    }

    void unstableJson()
    {
        const Result r = simulate(split("--model mm1 --lambda 3 --mu 2 --json"));
        QCOMPARE(r.exitCode, 1); // an answer (stable: false), not a usage error
        QVERIFY(r.err.contains(u"unstable"));
        const QJsonObject json = r.json();
        QCOMPARE(json.value(u"stable").toBool(true), false);
        QVERIFY(json.value(u"L").isNull());
        QCOMPARE(json.value(u"rho").toDouble(), 1.5);
    }

    void unstableIsExitOne_data()
    {
        QTest::addColumn<QString>("args");
        QTest::newRow("ρ = 1") << u"--model mm1 --lambda 2 --mu 2"_qs;
        QTest::newRow("mmc ρ > 1") << u"--model mmc --lambda 9 --mu 2 --servers 4"_qs;
    }

    void unstableIsExitOne()
    {
        QFETCH(QString, args);
        const Result r = simulate(args.split(u' '));
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"unstable"), qPrintable(r.err));
    }

    void badInput_data()
    {
        QTest::addColumn<QString>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("negative λ") << u"--model mm1 --lambda -1 --mu 2"_qs << u"lambda"_qs;
        QTest::newRow("zero μ") << u"--model mm1 --lambda 1 --mu 0"_qs << u"mu"_qs;
        QTest::newRow("NaN λ") << u"--model mm1 --lambda nan --mu 2"_qs << u"number"_qs;
        QTest::newRow("inf μ") << u"--model mm1 --lambda 1 --mu inf"_qs << u"mu"_qs;
        QTest::newRow("text λ") << u"--model mm1 --lambda fast --mu 2"_qs << u"lambda"_qs;
        QTest::newRow("c = 0") << u"--model mmc --lambda 1 --mu 2 --servers 0"_qs
                               << u"servers"_qs;
        QTest::newRow("K < c") << u"--model mmck --lambda 1 --mu 2 --servers 3 --capacity 2"_qs
                               << u"capacity"_qs;
        QTest::newRow("mmck no K") << u"--model mmck --lambda 1 --mu 2"_qs << u"capacity"_qs;
        QTest::newRow("absurd customers")
            << u"--model mm1 --lambda 1 --mu 2 --customers 1000000000000000"_qs
            << u"customers"_qs;
        QTest::newRow("too few customers")
            << u"--model mm1 --lambda 1 --mu 2 --customers 5"_qs << u"customers"_qs;
        QTest::newRow("bad model") << u"--model mm9 --lambda 1 --mu 2"_qs << u"mm9"_qs;
        QTest::newRow("missing μ") << u"--model mm1 --lambda 1"_qs << u"required"_qs;
        QTest::newRow("unknown option") << u"--model mm1 --lambda 1 --mu 2 --fast"_qs
                                        << u"--fast"_qs;
        QTest::newRow("missing value") << u"--model mm1 --lambda 1 --mu"_qs << u"--mu"_qs;
    }

    void badInput()
    {
        QFETCH(QString, args);
        QFETCH(QString, message);
        const Result r = simulate(args.split(u' '));
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestSimulateCommand)
#include "tst_simulatecommand.moc"
