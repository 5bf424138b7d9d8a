"""Distinct counts: exact while small, a HyperLogLog estimate past the limit."""

from __future__ import annotations

import pyarrow as pa

from dagmaker.quality.categories import CategoryCounter
from dagmaker.quality.hyperloglog import HyperLogLog, hash_strings


def test_hash_is_deterministic_and_spreads_similar_values() -> None:
    values = pa.array(["a", "b", "ab", "ba", "", "a"])
    first = hash_strings(values)
    assert first.tolist() == hash_strings(values).tolist()
    assert len(set(first.tolist())) == 5  # only the repeated "a" collides
    assert hash_strings(values.slice(2, 2)).tolist() == first[2:4].tolist()


def test_estimate_within_a_few_percent() -> None:
    sketch = HyperLogLog()
    for start in range(0, 200_000, 50_000):
        sketch.add_strings(pa.array([f"id-{i}" for i in range(start, start + 50_000)]))
    sketch.add_strings(pa.array([f"id-{i}" for i in range(1000)]))  # repeats change nothing
    assert abs(sketch.estimate() - 200_000) / 200_000 < 0.03


def test_small_sets_are_nearly_exact() -> None:
    sketch = HyperLogLog()
    sketch.add_strings(pa.array([f"v{i}" for i in range(50)]))
    assert round(sketch.estimate()) == 50


def test_counter_switches_to_the_sketch_past_its_limit() -> None:
    counter = CategoryCounter(limit=100)
    counter.add(pa.array(["a", "b", "a"]))
    assert counter.exact
    assert counter.distinct() == 2.0
    assert counter.counts == {"a": 2, "b": 1}
    counts = counter.add(pa.array([f"x{i}" for i in range(500)] + ["12"]))
    assert not counter.exact
    assert counts.string == 500 and counts.integral == 1
    assert abs(counter.distinct() - 503) < 15
