#pragma once

#include "core/queueing/distribution.h"
#include "core/queueing/queueparameters.h"

#include <QString>

namespace pw::core {

// What to simulate and how to measure it. The engine is picked from the shape: Lindley's
// recursion for one server with unlimited room, a heap of server-free times for c servers,
// and the event-driven engine for a finite capacity K (or when eventDriven asks for it).
struct SimulationConfig
{
    Distribution interArrival;
    Distribution service;
    int servers = 1;
    int capacity = 0;          // K; 0 = unlimited
    qint64 customers = 100000; // arrivals simulated, warm-up included
    qint64 warmup = -1;        // arrivals discarded first; −1 = a tenth of customers
    int batches = 20;          // batch means for the confidence intervals
    quint64 seed = 1;
    int seriesPoints = 2000;   // queue-length samples kept for charts (0 = none)
    int waitSamples = 20000;   // waits kept for histograms and percentiles (0 = none)
    bool eventDriven = false;

    static constexpr qint64 minCustomers = 1000;
    static constexpr qint64 maxCustomers = 1000000000;

    // Poisson/exponential where the model says so, else the simplest shape with ca², cs².
    static SimulationConfig fromParameters(const QueueParameters &parameters, qint64 customers,
                                           quint64 seed);

    qint64 effectiveWarmup() const { return warmup >= 0 ? warmup : customers / 10; }
    QString validate() const; // empty when runnable
};

} // namespace pw::core
