"""The Jackson-style writer reproduces Model Monitor's files byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dagmaker.quality.jackson import dumps, java_double, quote

FIXTURES = Path(__file__).parent / "dq_fixtures"


@pytest.mark.parametrize(
    "name", ["dq_statistics.json", "dq_constraints.json", "mq_regression_constraints.json"]
)
def test_container_files_render_identically(name: str) -> None:
    text = (FIXTURES / name).read_text()
    assert dumps(json.loads(text)) == text


def test_violations_layout() -> None:
    # The SDK's copy of a violations file ends with a newline the container does not write.
    text = (FIXTURES / "dq_constraint_violations.json").read_text()
    assert dumps(json.loads(text)) == text.rstrip("\n")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (2048.0, "2048.0"),
        (2.31, "2.31"),
        (0.001, "0.001"),
        (0.0001, "1.0E-4"),
        (9999999.0, "9999999.0"),
        (1e7, "1.0E7"),
        (123456789.123, "1.23456789123E8"),
        (-2.5e-7, "-2.5E-7"),
        (0.4994994994994995, "0.4994994994994995"),
        (float("nan"), "NaN"),
        (float("inf"), "Infinity"),
        (float("-inf"), "-Infinity"),
    ],
)
def test_java_double(value: float, text: str) -> None:
    assert java_double(value) == text


def test_scalars_and_empty_containers() -> None:
    doc = {"n": 3, "x": 3.0, "nan": float("nan"), "e": [], "o": {}, "b": True, "z": None}
    assert dumps(doc) == (
        '{\n  "n" : 3,\n  "x" : 3.0,\n  "nan" : "NaN",\n  "e" : [ ],\n  "o" : { },\n'
        '  "b" : true,\n  "z" : null\n}'
    )


def test_nested_arrays_stay_on_one_line() -> None:
    assert dumps({"data": [[1.0, 2.0], [3.0]]}) == '{\n  "data" : [ [ 1.0, 2.0 ], [ 3.0 ] ]\n}'


def test_strings_escaped_like_jackson() -> None:
    assert quote('a"b\\c\nd\u0001é') == '"a\\"b\\\\c\\nd\\u0001é"'
