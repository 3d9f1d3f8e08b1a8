#pragma once

#include <atomic>
#include <functional>

namespace pw::core {

// How a caller on another thread steers a running simulation: a cancel flag polled every few
// thousand customers, and a progress callback (fraction done, 0…1) called as often.
struct SimulationControl
{
    const std::atomic<bool> *cancel = nullptr;
    std::function<void(double)> progress;

    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
};

} // namespace pw::core
