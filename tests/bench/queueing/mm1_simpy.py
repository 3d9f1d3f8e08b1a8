#!/usr/bin/env python3
"""The same M/M/1 (λ=0.8, μ=1) in SimPy, for the side-by-side ratio. Prints customers/s.

Debian bookworm's python3-simpy is SimPy 2.3 (module SimPy.Simulation); SimPy 3+ (module
simpy) is used when present instead.
"""
import random
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
rng = random.Random(1)
waits = []


def run_simpy3():
    import simpy
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)

    def customer(arrival):
        with server.request() as req:
            yield req
            waits.append(env.now - arrival)
            yield env.timeout(rng.expovariate(1.0))

    def source():
        for _ in range(N):
            env.process(customer(env.now))
            yield env.timeout(rng.expovariate(0.8))

    env.process(source())
    env.run()
    return "simpy " + simpy.__version__


def run_simpy2():
    from SimPy import Simulation as sim

    class Customer(sim.Process):
        def visit(self, server):
            arrival = sim.now()
            yield sim.request, self, server
            waits.append(sim.now() - arrival)
            yield sim.hold, self, rng.expovariate(1.0)
            yield sim.release, self, server

    class Source(sim.Process):
        def generate(self, server):
            for _ in range(N):
                c = Customer()
                sim.activate(c, c.visit(server))
                yield sim.hold, self, rng.expovariate(0.8)

    sim.initialize()
    server = sim.Resource(capacity=1)
    source = Source()
    sim.activate(source, source.generate(server))
    sim.simulate(until=1e15)
    return "SimPy 2"


def main():
    start = time.perf_counter()
    try:
        version = run_simpy3()
    except ImportError:
        version = run_simpy2()
    elapsed = time.perf_counter() - start
    print("simpy_mm1_customers_per_s %.3f M (Wq %.4f, exact 4.0; %s)"
          % (N / elapsed / 1e6, sum(waits) / len(waits), version))


if __name__ == "__main__":
    main()
