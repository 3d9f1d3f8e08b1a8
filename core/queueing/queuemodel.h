#pragma once

#include <QString>

#include <optional>

namespace pw::core {

// The queueing models Pipewright knows, named as on the command line (mm1, mmc, ...).
enum class QueueModel { MM1, MMc, MMcK, MG1, MD1, GG1, GGc };

QString queueModelName(QueueModel model);
std::optional<QueueModel> queueModelFromName(const QString &name);
// Models with one server: --servers other than 1 is a mistake for them.
bool isSingleServer(QueueModel model);
// Models whose arrivals are Poisson (ca2 fixed at 1).
bool hasPoissonArrivals(QueueModel model);
// Models whose service is exponential (cs2 fixed at 1).
bool hasExponentialService(QueueModel model);
// Means are exact (true) or a two-moment approximation (Kingman, Allen-Cunneen).
bool isExact(QueueModel model);

} // namespace pw::core
