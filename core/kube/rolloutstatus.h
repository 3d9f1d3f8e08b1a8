#pragma once

#include <QJsonObject>
#include <QString>

namespace pw::core {

// kubectl's rollout status rules for a Deployment (kubectl/pkg/polymorphichelpers/
// rollout_status.go), as a pure function of the object so it can be tested without a server.
class RolloutStatus
{
public:
    enum class State { Waiting, Done, Failed };

    struct Result
    {
        State state = State::Waiting;
        QString message; // kubectl's wording
    };

    static Result evaluate(const QJsonObject &deployment);
};

} // namespace pw::core
