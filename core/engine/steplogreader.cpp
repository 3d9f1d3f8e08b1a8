#include "steplogreader.h"

#include "steplogwriter.h"

#include <QFile>
#include <QtEndian>

namespace pw::core {

QByteArray StepLogReader::readAll(const QString &logPath, QString *error)
{
    QFile file(logPath);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return QByteArray();
    }
    return file.readAll();
}

QList<StepLogReader::Line> StepLogReader::readIndex(const QString &logPath, QString *error)
{
    QList<Line> lines;
    QFile file(logPath + QStringLiteral(".idx"));
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return lines;
    }
    const QByteArray data = file.readAll();
    if (data.size() < StepLogWriter::IndexHeaderSize || !data.startsWith("PWLX")) {
        if (error)
            *error = QStringLiteral("%1.idx is not a Pipewright log index").arg(logPath);
        return lines;
    }
    const qint64 start = qFromLittleEndian<qint64>(data.constData() + 8);
    const qsizetype count = (data.size() - StepLogWriter::IndexHeaderSize)
                            / StepLogWriter::IndexRecordSize;
    lines.reserve(count);
    const char *p = data.constData() + StepLogWriter::IndexHeaderSize;
    for (qsizetype i = 0; i < count; ++i, p += StepLogWriter::IndexRecordSize) {
        const quint64 tagged = qFromLittleEndian<quint64>(p);
        Line line;
        line.offset = qint64(tagged & ((quint64(1) << 62) - 1));
        line.stream = OutputStream(int(tagged >> 62));
        line.timestampMs = start + qFromLittleEndian<quint32>(p + 8);
        lines << line;
    }
    return lines;
}

} // namespace pw::core
