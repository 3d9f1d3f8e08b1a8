#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace pw::core {

// Replaces every occurrence of a secret value in one output stream with ***, also when the
// value arrives split across two reads: a tail that could be the start of a secret is held
// back until the next chunk (or finish()) decides. One per stream of a step; not shared.
class SecretMasker
{
public:
    static inline const QByteArray Mask = QByteArrayLiteral("***");

    explicit SecretMasker(const QList<QByteArray> &secrets = {});

    bool isEmpty() const { return m_secrets.isEmpty(); }
    // Returns the bytes that are safe to show now; may hold back a partial secret.
    QByteArray process(const QByteArray &data);
    // End of stream: returns what was held back (it is not a whole secret).
    QByteArray finish();
    // One-shot masking of a complete text (messages stored in the database).
    QByteArray mask(const QByteArray &data) const;
    QString mask(const QString &text) const;

private:
    QByteArray maskComplete(const QByteArray &data, qsizetype *lastMatchEnd) const;

    QList<QByteArray> m_secrets; // longest first, so a longer secret wins over its prefix
    qsizetype m_maxLength = 0;
    QByteArray m_pending;
};

} // namespace pw::core
