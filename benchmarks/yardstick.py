"""A fixed amount of pure-Python work to measure against, so that figures from a busy machine
compare: the time of `sum(i * i for i in range(10**6))` in the same process.

A page that renders in 0.15 yardsticks takes 15 % of that time, whatever the machine's load
was while both were measured.
"""

import statistics
import time


def yardstick_ms(runs=7):
    """Return the median time in milliseconds of `sum(i * i for i in range(10**6))`."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        sum(i * i for i in range(10**6))
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)
