#include "logsearchbar.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QToolButton>

namespace pw::ui {

LogSearchBar::LogSearchBar(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    m_edit = new QLineEdit(this);
    m_edit->setPlaceholderText(tr("Find in log (all groups, folded ones too)"));
    m_edit->setClearButtonEnabled(true);
    auto toggle = [this](const QString &text, const QString &tip) {
        auto *b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        b->setCheckable(true);
        b->setAutoRaise(true);
        return b;
    };
    m_case = toggle(QStringLiteral("Aa"), tr("Match case"));
    m_regex = toggle(QStringLiteral(".*"), tr("Regular expression"));
    auto *prev = new QToolButton(this);
    prev->setText(QStringLiteral("▲"));
    prev->setToolTip(tr("Previous hit (Shift+F3)"));
    prev->setAutoRaise(true);
    auto *next = new QToolButton(this);
    next->setText(QStringLiteral("▼"));
    next->setToolTip(tr("Next hit (F3)"));
    next->setAutoRaise(true);
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setAutoRaise(true);
    m_status = new QLabel(this);
    m_status->setMinimumWidth(m_status->fontMetrics().horizontalAdvance(
        QStringLiteral("000,000 of 0,000,000 …")));
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_case);
    layout->addWidget(m_regex);
    layout->addWidget(m_status);
    layout->addWidget(prev);
    layout->addWidget(next);
    layout->addWidget(close);

    // Typing restarts the search at most every 150 ms, not per key.
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(150);
    connect(&m_debounce, &QTimer::timeout, this, [this] { emit queryChanged(query()); });
    connect(m_edit, &QLineEdit::textChanged, this, [this] { m_debounce.start(); });
    connect(m_edit, &QLineEdit::returnPressed, this, [this] {
        if (m_debounce.isActive()) {
            m_debounce.stop();
            emit queryChanged(query());
        }
        emit nextRequested();
    });
    connect(m_case, &QToolButton::toggled, this, [this] { emit queryChanged(query()); });
    connect(m_regex, &QToolButton::toggled, this, [this] { emit queryChanged(query()); });
    connect(prev, &QToolButton::clicked, this, &LogSearchBar::previousRequested);
    connect(next, &QToolButton::clicked, this, &LogSearchBar::nextRequested);
    connect(close, &QToolButton::clicked, this, [this] {
        hide();
        emit closed();
    });
}

pw::core::LogSearchQuery LogSearchBar::query() const
{
    return {m_edit->text(), m_regex->isChecked(), m_case->isChecked()};
}

void LogSearchBar::activate()
{
    show();
    m_edit->setFocus();
    m_edit->selectAll();
}

void LogSearchBar::setStatus(qint64 current, qint64 total, bool running, const QString &error)
{
    if (!error.isEmpty()) {
        m_status->setText(tr("bad pattern"));
        m_status->setToolTip(error);
        return;
    }
    m_status->setToolTip(QString());
    const QLocale locale;
    QString text = total == 0 && !running
                       ? (m_edit->text().isEmpty() ? QString() : tr("no hits"))
                       : tr("%1 of %2").arg(current >= 0 ? locale.toString(current + 1)
                                                         : QStringLiteral("–"),
                                            locale.toString(total));
    if (running)
        text += QStringLiteral(" …");
    m_status->setText(text);
}

void LogSearchBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        hide();
        emit closed();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace pw::ui
