#include "httptransfer.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <curl/curl.h>

#include <cerrno>
#include <cstring>

namespace pw::core {

namespace {

// The server's own words for an error: Docker and Kubernetes both answer with a JSON object
// carrying "message"; anything else is shown as text, shortened.
QString errorText(const QByteArray &body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject()) {
        const QString message = doc.object().value(QStringLiteral("message")).toString();
        if (!message.isEmpty())
            return message;
    }
    return QString::fromUtf8(body.left(2000)).trimmed();
}

} // namespace

HttpTransfer::HttpTransfer(const HttpEndpoint &endpoint, HttpRequest request)
    : m_endpoint(endpoint), m_request(std::move(request))
{
    m_curl = curl_easy_init();
    CURL *c = m_curl;
    const QByteArray url = (m_endpoint.baseUrl + m_request.path).toUtf8();
    curl_easy_setopt(c, CURLOPT_URL, url.constData()); // curl copies string options
    if (!m_endpoint.unixSocket.isEmpty()) {
        curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH,
                         m_endpoint.unixSocket.toLocal8Bit().constData());
    }
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, m_errorBuffer);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, m_request.method.constData());
    if (m_request.method == "HEAD")
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &HttpTransfer::onWrite);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &HttpTransfer::onHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &HttpTransfer::onProgress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, this);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, long(m_request.connectTimeoutMs));
    if (m_request.timeoutMs > 0)
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, long(m_request.timeoutMs));

    // TLS: verification stays on unless the endpoint says otherwise explicitly.
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, m_endpoint.verifyPeer ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, m_endpoint.verifyPeer ? 2L : 0L);
    if (!m_endpoint.caFile.isEmpty())
        curl_easy_setopt(c, CURLOPT_CAINFO, m_endpoint.caFile.toLocal8Bit().constData());
    if (!m_endpoint.certFile.isEmpty())
        curl_easy_setopt(c, CURLOPT_SSLCERT, m_endpoint.certFile.toLocal8Bit().constData());
    if (!m_endpoint.keyFile.isEmpty())
        curl_easy_setopt(c, CURLOPT_SSLKEY, m_endpoint.keyFile.toLocal8Bit().constData());

    for (const auto &h : std::as_const(m_request.headers))
        m_headerList = curl_slist_append(m_headerList, (h.first + ": " + h.second).constData());
    // curl would otherwise wait up to a second for "100 Continue" before sending a body.
    m_headerList = curl_slist_append(m_headerList, "Expect:");

    const bool hasBody = m_request.bodySource || !m_request.body.isEmpty()
        || m_request.method == "POST" || m_request.method == "PUT"
        || m_request.method == "PATCH";
    if (hasBody) {
        curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(c, CURLOPT_READFUNCTION, &HttpTransfer::onRead);
        curl_easy_setopt(c, CURLOPT_READDATA, this);
        if (m_request.bodySource) {
            m_headerList = curl_slist_append(m_headerList, "Transfer-Encoding: chunked");
            // Bigger pieces than curl's 64 KiB default: fewer callbacks and chunk headers
            // for gigabyte build contexts.
            curl_easy_setopt(c, CURLOPT_UPLOAD_BUFFERSIZE, 1024L * 1024L);
        } else {
            curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, curl_off_t(m_request.body.size()));
        }
        // CURLOPT_UPLOAD means PUT; the custom request line restores the method.
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, m_request.method.constData());
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, m_headerList);
}

HttpTransfer::~HttpTransfer()
{
    curl_easy_cleanup(m_curl);
    curl_slist_free_all(m_headerList);
}

size_t HttpTransfer::onWrite(char *data, size_t size, size_t count, void *self)
{
    auto *t = static_cast<HttpTransfer *>(self);
    const size_t n = size * count;
    // Errors are collected whole so that their message can be read, whatever the delivery.
    const bool isError = t->m_response.status >= 400;
    if (t->m_request.delivery == HttpRequest::Delivery::Raw && !isError) {
        if (t->m_sink)
            t->m_sink(QByteArray(data, qsizetype(n)));
        return n;
    }
    t->m_pending.append(data, qsizetype(n));
    if (t->m_request.delivery == HttpRequest::Delivery::Lines && !isError)
        t->flushLines(false);
    return n;
}

void HttpTransfer::flushLines(bool atEnd)
{
    qsizetype start = 0;
    for (;;) {
        const qsizetype nl = m_pending.indexOf('\n', start);
        if (nl < 0)
            break;
        qsizetype end = nl;
        if (end > start && m_pending.at(end - 1) == '\r')
            --end;
        if (m_sink)
            m_sink(m_pending.mid(start, end - start));
        start = nl + 1;
    }
    m_pending.remove(0, start);
    if (atEnd && !m_pending.isEmpty()) {
        if (m_sink)
            m_sink(m_pending);
        m_pending.clear();
    }
}

size_t HttpTransfer::onHeader(char *data, size_t size, size_t count, void *self)
{
    auto *t = static_cast<HttpTransfer *>(self);
    const size_t n = size * count;
    const QByteArray line = QByteArray(data, qsizetype(n)).trimmed();
    if (line.startsWith("HTTP/")) {
        // A new response (after "100 Continue" or a redirect) replaces the previous one.
        t->m_response.headers.clear();
        const QList<QByteArray> parts = line.split(' ');
        t->m_response.status = parts.size() > 1 ? parts.at(1).toInt() : 0;
    } else if (const qsizetype colon = line.indexOf(':'); colon > 0) {
        t->m_response.headers.append(
            {line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    }
    return n;
}

size_t HttpTransfer::onRead(char *buffer, size_t size, size_t count, void *self)
{
    auto *t = static_cast<HttpTransfer *>(self);
    const qint64 max = qint64(size * count);
    if (t->m_cancel && t->m_cancel->load())
        return CURL_READFUNC_ABORT;
    if (t->m_request.bodySource) {
        const qint64 n = t->m_request.bodySource(buffer, max, &t->m_bodyError);
        if (n < 0) {
            if (t->m_bodyError.isEmpty())
                t->m_bodyError = QStringLiteral("the request body could not be read");
            return CURL_READFUNC_ABORT;
        }
        return size_t(n);
    }
    const qint64 n = qMin(max, t->m_request.body.size() - t->m_bodyOffset);
    memcpy(buffer, t->m_request.body.constData() + t->m_bodyOffset, size_t(n));
    t->m_bodyOffset += n;
    return size_t(n);
}

int HttpTransfer::onProgress(void *self, qint64, qint64, qint64, qint64)
{
    auto *t = static_cast<HttpTransfer *>(self);
    return t->m_cancel && t->m_cancel->load() ? 1 : 0;
}

HttpResponse HttpTransfer::finish(int code)
{
    HttpResponse r = m_response;
    const auto c = CURLcode(code);
    const QString where = m_endpoint.describe();
    const QString curlText = m_errorBuffer[0] ? QString::fromUtf8(m_errorBuffer)
                                              : QString::fromUtf8(curl_easy_strerror(c));
    if (c == CURLE_OK) {
        if (r.status >= 400) {
            r.error = HttpError::Http;
            r.body = m_pending;
            r.message = errorText(m_pending);
            if (r.message.isEmpty())
                r.message = QStringLiteral("HTTP %1").arg(r.status);
        } else if (m_request.delivery == HttpRequest::Delivery::Lines) {
            flushLines(true);
        } else if (m_request.delivery == HttpRequest::Delivery::Collect) {
            r.body = m_pending;
        }
        m_pending.clear();
        return r;
    }
    long osErrno = 0;
    curl_easy_getinfo(m_curl, CURLINFO_OS_ERRNO, &osErrno);
    switch (c) {
    case CURLE_COULDNT_CONNECT:
        if (osErrno == EACCES || osErrno == EPERM) {
            r.error = HttpError::PermissionDenied;
            r.message = QStringLiteral("permission denied on %1").arg(where);
        } else if (osErrno == ENOENT) {
            r.error = HttpError::NoSuchSocket;
            r.message = QStringLiteral("%1 does not exist").arg(where);
        } else if (osErrno == ECONNREFUSED) {
            r.error = HttpError::NotListening;
            r.message = QStringLiteral("nothing is listening on %1").arg(where);
        } else {
            r.error = HttpError::Transport;
            r.message = QStringLiteral("cannot connect to %1: %2").arg(where, curlText);
        }
        break;
    case CURLE_COULDNT_RESOLVE_HOST:
        r.error = HttpError::HostNotFound;
        r.message = QStringLiteral("cannot resolve the host of %1").arg(where);
        break;
    case CURLE_OPERATION_TIMEDOUT:
        r.error = HttpError::Timeout;
        r.message = QStringLiteral("timed out talking to %1").arg(where);
        break;
    case CURLE_ABORTED_BY_CALLBACK:
        r.error = HttpError::Cancelled;
        r.message = QStringLiteral("cancelled");
        break;
    case CURLE_READ_ERROR:
    case CURLE_SEND_ERROR:
        if (!m_bodyError.isEmpty()) {
            r.error = HttpError::BodySource;
            r.message = m_bodyError;
        } else if (m_cancel && m_cancel->load()) {
            r.error = HttpError::Cancelled;
            r.message = QStringLiteral("cancelled");
        } else {
            r.error = HttpError::Transport;
            r.message = QStringLiteral("sending to %1 failed: %2").arg(where, curlText);
        }
        break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
        r.error = HttpError::Tls;
        r.message = QStringLiteral("TLS with %1 failed: %2").arg(where, curlText);
        break;
    default:
        r.error = HttpError::Transport;
        r.message = QStringLiteral("talking to %1 failed: %2").arg(where, curlText);
        break;
    }
    if (!m_bodyError.isEmpty() && r.error != HttpError::BodySource) {
        r.error = HttpError::BodySource;
        r.message = m_bodyError;
    }
    return r;
}

QString toString(HttpError error)
{
    switch (error) {
    case HttpError::None: return QStringLiteral("none");
    case HttpError::NoSuchSocket: return QStringLiteral("no-such-socket");
    case HttpError::NotListening: return QStringLiteral("not-listening");
    case HttpError::PermissionDenied: return QStringLiteral("permission-denied");
    case HttpError::HostNotFound: return QStringLiteral("host-not-found");
    case HttpError::Tls: return QStringLiteral("tls");
    case HttpError::Timeout: return QStringLiteral("timeout");
    case HttpError::Cancelled: return QStringLiteral("cancelled");
    case HttpError::BodySource: return QStringLiteral("body-source");
    case HttpError::Transport: return QStringLiteral("transport");
    case HttpError::Http: return QStringLiteral("http");
    }
    return {};
}

} // namespace pw::core
