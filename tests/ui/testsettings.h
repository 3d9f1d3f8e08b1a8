#pragma once

#include <QCoreApplication>
#include <QSettings>
#include <QTemporaryDir>

// Points QSettings at an INI file in a temporary directory, so GUI tests neither read nor
// overwrite the settings of the person running them.
class TestSettings
{
public:
    TestSettings()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("PipewrightTest"));
        QCoreApplication::setApplicationName(QStringLiteral("PipewrightTest"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
        qputenv("PIPEWRIGHT_DATA_DIR", m_dir.filePath(QStringLiteral("data")).toLocal8Bit());
    }

    void clear() { QSettings().clear(); }
    QString path() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
};
