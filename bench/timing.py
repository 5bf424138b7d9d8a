"""Shared timing helpers: medians of repeated wall-clock runs."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable


def median_seconds(run: Callable[[], object], repeats: int) -> tuple[float, list[float]]:
    """Run ``run`` ``repeats`` times; return the median and every sample."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), samples


def bare_python_start(repeats: int = 15) -> float:
    """Median cost of starting and ending a bare Python process."""
    median, _ = median_seconds(
        lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), repeats
    )
    return median
