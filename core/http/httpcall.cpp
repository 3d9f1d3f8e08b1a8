#include "httpcall.h"

namespace pw::core {

HttpCall::HttpCall(QObject *parent) : QObject(parent), m_state(std::make_shared<State>())
{
    m_state->receiver = this;
}

HttpCall::~HttpCall()
{
    {
        std::lock_guard lock(m_state->mutex);
        m_state->receiver = nullptr;
    }
    cancel();
}

void HttpCall::cancel()
{
    if (m_finished || m_state->cancelled.exchange(true))
        return;
    if (m_state->wake)
        m_state->wake();
}

void HttpCall::deliverFinished(const HttpResponse &response)
{
    m_response = response;
    m_finished = true;
    emit finished(m_response);
}

} // namespace pw::core
