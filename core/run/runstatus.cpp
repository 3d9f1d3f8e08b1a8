#include "runstatus.h"

#include <array>

namespace pw::core {

namespace {

template<typename Enum, std::size_t N>
QString nameOf(Enum value, const std::array<const char16_t *, N> &names)
{
    const auto i = static_cast<std::size_t>(value);
    return i < N ? QString::fromUtf16(names[i]) : QString();
}

template<typename Enum, std::size_t N>
Enum valueOf(const QString &text, const std::array<const char16_t *, N> &names, Enum fallback)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (text == QString::fromUtf16(names[i]))
            return static_cast<Enum>(i);
    }
    return fallback;
}

// Stored in the database: never reorder or rename.
constexpr std::array<const char16_t *, 7> RunNames = {
    u"queued", u"running", u"awaiting-approval", u"succeeded", u"failed", u"cancelled",
    u"interrupted"};
constexpr std::array<const char16_t *, 7> StageNames = {
    u"pending", u"awaiting-approval", u"running", u"succeeded", u"failed", u"skipped",
    u"cancelled"};
constexpr std::array<const char16_t *, 6> StepNames = {
    u"pending", u"running", u"succeeded", u"failed", u"skipped", u"cancelled"};

} // namespace

QString toString(RunStatus status) { return nameOf(status, RunNames); }
QString toString(StageStatus status) { return nameOf(status, StageNames); }
QString toString(StepStatus status) { return nameOf(status, StepNames); }

RunStatus runStatusFromString(const QString &text)
{
    return valueOf(text, RunNames, RunStatus::Interrupted);
}

StageStatus stageStatusFromString(const QString &text)
{
    return valueOf(text, StageNames, StageStatus::Pending);
}

StepStatus stepStatusFromString(const QString &text)
{
    return valueOf(text, StepNames, StepStatus::Pending);
}

bool isFinished(RunStatus status)
{
    return status != RunStatus::Queued && status != RunStatus::Running
        && status != RunStatus::AwaitingApproval;
}

bool isFinished(StageStatus status)
{
    return status != StageStatus::Pending && status != StageStatus::Running
        && status != StageStatus::AwaitingApproval;
}

bool isFinished(StepStatus status)
{
    return status != StepStatus::Pending && status != StepStatus::Running;
}

} // namespace pw::core
