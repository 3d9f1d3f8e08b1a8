#include "stageidallocator.h"

namespace pw::core {

QString StageIdAllocator::sanitize(const QString &name)
{
    QString id;
    bool dash = false;
    for (QChar c : name.normalized(QString::NormalizationForm_KD)) {
        const char16_t u = c.toLower().unicode();
        if ((u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'_') {
            if (dash && !id.isEmpty())
                id += u'-';
            dash = false;
            id += QChar(u);
        } else if (c.isMark()) {
            continue; // accents split off by the normalization: "é" → "e"
        } else {
            dash = true;
        }
    }
    if (id.size() > MaxLength)
        id = id.left(MaxLength);
    while (id.endsWith(u'-') || id.endsWith(u'_'))
        id.chop(1);
    if (id.isEmpty())
        return QStringLiteral("stage");
    if (!id.front().isLetter())
        id.prepend(QStringLiteral("s-"));
    return id;
}

QString StageIdAllocator::allocate(const QString &name)
{
    const QString base = sanitize(name);
    QString id = base;
    for (int n = 2; m_used.contains(id); ++n)
        id = base + u'-' + QString::number(n);
    m_used.insert(id);
    return id;
}

} // namespace pw::core
