#pragma once

#include <QSet>
#include <QString>

namespace pw::core {

// Hands out stage ids for an import: derived from a job or stage name, lowercase, made of
// [a-z0-9_-], starting with a letter, and unique within the pipeline ("build", "build-2").
class StageIdAllocator
{
public:
    static constexpr int MaxLength = 60;

    static QString sanitize(const QString &name);
    QString allocate(const QString &name);
    bool contains(const QString &id) const { return m_used.contains(id); }

private:
    QSet<QString> m_used;
};

} // namespace pw::core
