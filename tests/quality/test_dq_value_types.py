"""Deequ's value typing, and the fast batch path agreeing with it value by value."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from dagmaker.quality.text_values import classify_batch
from dagmaker.quality.value_types import TypeCounts, classify

CASES = {
    "1": "Integral",
    "-12": "Integral",
    "+7": "Integral",
    "- 7": "Integral",
    " 7": "Integral",
    "007": "Integral",
    "1.0": "Fractional",
    "-0.5": "Fractional",
    "1e5": "Fractional",
    "1.5E-3": "Fractional",
    "+ 2.5": "Fractional",
    ".5": "String",
    "5.": "String",
    "1.e5": "String",
    "NaN": "String",
    "inf": "String",
    "1,000": "String",
    "0x10": "String",
    "١٢": "String",  # Arabic-Indic digits: Java's \\d is ASCII only
    "5\n": "String",
    "": "String",
    "true": "Boolean",
    "false": "Boolean",
    "True": "String",
}


@pytest.mark.parametrize(("text", "expected"), CASES.items())
def test_classify(text: str, expected: str) -> None:
    assert classify(text) == expected


def test_batch_agrees_with_single_values_on_tricky_input() -> None:
    values = list(CASES)
    batch = classify_batch(pa.array(values))
    expected = TypeCounts()
    for value in values:
        expected.add_type(classify(value), 1)
    assert batch.counts == expected
    assert batch.numbers is None


@pytest.mark.parametrize(
    "values",
    [
        ["1", "22", "-3", "004"],
        ["1.5", "-2.25", "3", "1e3", "2.5E-2"],
        ["0.000000", "12.345678", "-0.5"],
        [".5", "1"],
        ["5.", "1.0"],
        ["-.5", "2.0"],
        ["1.", "2"],
        ["inf", "1.0"],
        ["+1.5", "2"],
        ["1.5", "abc"],
    ],
)
def test_batch_counts_and_numbers(values: list[str]) -> None:
    batch = classify_batch(pa.array(values))
    expected = TypeCounts()
    for value in values:
        expected.add_type(classify(value), 1)
    assert batch.counts == expected
    if expected.string or expected.boolean:
        assert batch.numbers is None
    else:
        assert batch.numbers is not None
        assert batch.numbers.tolist() == [float(v.replace(" ", "")) for v in values]


def test_random_formatted_numbers() -> None:
    rng = np.random.default_rng(5)
    floats = [f"{v:.{rng.integers(0, 4)}f}" for v in rng.normal(0, 100, 3000)]
    ints = [str(v) for v in rng.integers(-1000, 1000, 3000)]
    sci = [f"{v:.3e}" for v in rng.normal(0, 1e6, 300)]
    values = floats + ints + sci
    batch = classify_batch(pa.array(values))
    assert batch.counts.fractional == sum(classify(v) == "Fractional" for v in values)
    assert batch.counts.integral == sum(classify(v) == "Integral" for v in values)
    assert batch.numbers is not None
    assert batch.numbers.tolist() == [float(v) for v in values]


def test_a_slice_of_a_larger_array() -> None:
    array = pa.array(["x", "1.5", "2", "y"]).slice(1, 2)
    batch = classify_batch(array)
    assert (batch.counts.fractional, batch.counts.integral) == (1, 1)


@pytest.mark.parametrize(
    ("counts", "column_type"),
    [
        (TypeCounts(unknown=3), "Unknown"),
        (TypeCounts(integral=2, unknown=1), "Integral"),
        (TypeCounts(integral=2, fractional=1), "Fractional"),
        (TypeCounts(integral=2, string=1), "String"),
        (TypeCounts(boolean=2), "Boolean"),
        (TypeCounts(boolean=2, integral=1), "String"),
    ],
)
def test_column_type(counts: TypeCounts, column_type: str) -> None:
    assert counts.column_type() == column_type
