#include "queuemodel.h"

namespace pw::core {

namespace {

struct ModelName
{
    QueueModel model;
    const char16_t *name;
};

constexpr ModelName names[] = {
    {QueueModel::MM1, u"mm1"}, {QueueModel::MMc, u"mmc"}, {QueueModel::MMcK, u"mmck"},
    {QueueModel::MG1, u"mg1"}, {QueueModel::MD1, u"md1"}, {QueueModel::GG1, u"gg1"},
    {QueueModel::GGc, u"ggc"},
};

} // namespace

QString queueModelName(QueueModel model)
{
    for (const ModelName &n : names) {
        if (n.model == model)
            return QString::fromUtf16(n.name);
    }
    return {};
}

std::optional<QueueModel> queueModelFromName(const QString &name)
{
    const QString lower = name.trimmed().toLower();
    for (const ModelName &n : names) {
        if (lower == QString::fromUtf16(n.name))
            return n.model;
    }
    return std::nullopt;
}

bool isSingleServer(QueueModel model)
{
    return model == QueueModel::MM1 || model == QueueModel::MG1 || model == QueueModel::MD1
           || model == QueueModel::GG1;
}

bool hasPoissonArrivals(QueueModel model)
{
    return model != QueueModel::GG1 && model != QueueModel::GGc;
}

bool hasExponentialService(QueueModel model)
{
    return model == QueueModel::MM1 || model == QueueModel::MMc || model == QueueModel::MMcK;
}

bool isExact(QueueModel model)
{
    return model != QueueModel::GG1 && model != QueueModel::GGc;
}

} // namespace pw::core
