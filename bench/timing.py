"""Repeated timing with a warm-up, summarised as median and 95th percentile."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

# A sample shorter than this is the mean of several calls, so that timer
# resolution and one-off hiccups do not dominate very cheap operations.
MIN_SAMPLE_SECONDS = 0.002


@dataclass(frozen=True)
class Measurement:
    """A median and a 95th percentile in one unit: ``s`` (per call) or ``B`` (bytes)."""

    median: float
    p95: float
    unit: str = "s"

    @classmethod
    def of(cls, samples: list[float], unit: str = "s") -> Measurement:
        return cls(statistics.median(samples), percentile_95(samples), unit)


def percentile_95(samples: list[float]) -> float:
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def time_calls(action: Callable[[], object], calls: int) -> float:
    """Seconds per call of ``action``, averaged over ``calls`` calls."""
    start = time.perf_counter()
    for _ in range(calls):
        action()
    return (time.perf_counter() - start) / calls


def calls_per_sample(action: Callable[[], object]) -> int:
    """Warm ``action`` up, then choose how many calls make one sample long enough."""
    action()
    once = time_calls(action, 1)
    return max(1, math.ceil(MIN_SAMPLE_SECONDS / max(once, 1e-9)))


def measure_against(
    baseline: Callable[[], object], target: Callable[[], object], repeats: int
) -> tuple[Measurement, Measurement]:
    """Time ``baseline`` and ``target`` after a warm-up, seconds per call of each.

    Their samples alternate, so that whatever else the machine is doing slows
    both alike and the ratio between them holds.
    """
    baseline_calls, target_calls = calls_per_sample(baseline), calls_per_sample(target)
    baseline_samples, target_samples = [], []
    for _ in range(repeats):
        baseline_samples.append(time_calls(baseline, baseline_calls))
        target_samples.append(time_calls(target, target_calls))
    return Measurement.of(baseline_samples), Measurement.of(target_samples)
