#include "secretmasker.h"

#include <algorithm>

namespace pw::core {

SecretMasker::SecretMasker(const QList<QByteArray> &secrets)
{
    for (const QByteArray &s : secrets) {
        if (!s.isEmpty() && !m_secrets.contains(s))
            m_secrets << s;
    }
    std::sort(m_secrets.begin(), m_secrets.end(),
              [](const QByteArray &a, const QByteArray &b) { return a.size() > b.size(); });
    m_maxLength = m_secrets.isEmpty() ? 0 : m_secrets.first().size();
}

QByteArray SecretMasker::maskComplete(const QByteArray &data, qsizetype *lastMatchEnd) const
{
    // Collect the intervals of all matches, then copy the text around them: one pass per
    // secret with indexOf, which is fast for the handful of secrets a pipeline has.
    struct Interval { qsizetype begin, end; };
    QList<Interval> matches;
    for (const QByteArray &secret : m_secrets) {
        qsizetype from = 0;
        while ((from = data.indexOf(secret, from)) >= 0) {
            matches.append({from, from + secret.size()});
            from += secret.size();
        }
    }
    if (lastMatchEnd)
        *lastMatchEnd = 0;
    if (matches.isEmpty())
        return data;
    std::sort(matches.begin(), matches.end(),
              [](const Interval &a, const Interval &b) { return a.begin < b.begin; });
    QByteArray out;
    out.reserve(data.size());
    qsizetype pos = 0;
    for (const Interval &m : std::as_const(matches)) {
        if (m.end <= pos)
            continue; // inside a match already masked
        if (m.begin >= pos) {
            out.append(data.constData() + pos, m.begin - pos);
            out.append(Mask);
        }
        pos = m.end; // overlapping matches are merged into one mask
    }
    out.append(data.constData() + pos, data.size() - pos);
    if (lastMatchEnd)
        *lastMatchEnd = pos;
    return out;
}

QByteArray SecretMasker::process(const QByteArray &data)
{
    if (m_secrets.isEmpty())
        return data;
    QByteArray buffer = m_pending.isEmpty() ? data : m_pending + data;
    m_pending.clear();

    qsizetype lastMatchEnd = 0;
    QByteArray out = maskComplete(buffer, &lastMatchEnd);

    // The longest tail after the last match that is a proper prefix of some secret may be
    // the first half of a secret split across reads: hold it back for the next chunk.
    qsizetype hold = 0;
    const qsizetype maxHold = std::min(m_maxLength - 1, buffer.size() - lastMatchEnd);
    for (qsizetype len = maxHold; len > 0 && hold == 0; --len) {
        const char *tail = buffer.constData() + buffer.size() - len;
        for (const QByteArray &secret : std::as_const(m_secrets)) {
            if (secret.size() > len && std::equal(tail, tail + len, secret.constData())) {
                hold = len;
                break;
            }
        }
    }
    if (hold > 0) {
        // The held bytes lie after every match, so they end the masked text unchanged.
        m_pending = buffer.right(hold);
        out.chop(hold);
    }
    return out;
}

QByteArray SecretMasker::finish()
{
    QByteArray rest = maskComplete(m_pending, nullptr);
    m_pending.clear();
    return rest;
}

QByteArray SecretMasker::mask(const QByteArray &data) const
{
    return maskComplete(data, nullptr);
}

QString SecretMasker::mask(const QString &text) const
{
    if (m_secrets.isEmpty())
        return text;
    return QString::fromUtf8(maskComplete(text.toUtf8(), nullptr));
}

} // namespace pw::core
