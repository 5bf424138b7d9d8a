"""The JSONPath subset of batch transform filters."""

from __future__ import annotations

from typing import Any

import pytest

from dagmaker.errors import InvalidRequest, JobFailure
from dagmaker.runners.jsonpath_filter import Names, Positions, Wildcard, parse

ROW = ["id-7", "1.5", "2.5", "3.5", "4.5", "5.5", "6.5"]
DOC = {"id": 7, "features": [1, 2, 3], "meta": {"source": "web"}}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("$", ROW),
        ("", ROW),
        ("$[1:]", ROW[1:]),
        ("$[0,3]", ["id-7", "3.5"]),
        ("$[-1]", "6.5"),
        ("$[0,5:]", ["id-7", "5.5", "6.5"]),
        ("$[:2]", ROW[:2]),
        ("$[1:-1]", ROW[1:-1]),
        ("$[ 0 , -2 ]", ["id-7", "5.5"]),
        ("$[*]", ROW),
    ],
)
def test_csv_rows_are_arrays(expression: str, expected: Any) -> None:
    assert parse(expression).apply(list(ROW)) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("$.features", [1, 2, 3]),
        ("$['features']", [1, 2, 3]),
        ("$['id','features']", {"id": 7, "features": [1, 2, 3]}),
        ('$["id", "meta"]', {"id": 7, "meta": {"source": "web"}}),
        ("$.meta.source", "web"),
        ("$.features[1:]", [2, 3]),
        ("$.features[-1]", 3),
        ("$.*", [7, [1, 2, 3], {"source": "web"}]),
    ],
)
def test_json_records(expression: str, expected: Any) -> None:
    assert parse(expression).apply(DOC) == expected


def test_identity_and_segments() -> None:
    assert parse("$").is_identity
    assert parse(None).is_identity
    assert parse("$.a['b','c'][0,2:][*]").segments == (
        Names(("a",)),
        Names(("b", "c")),
        Positions((0, slice(2, None))),
        Wildcard(),
    )


@pytest.mark.parametrize(
    ("expression", "why"),
    [
        ("features", "must start with '$'"),
        ("$[1", "'[' is not closed"),
        ("$[1::2]", "steps are not supported"),
        ("$[a]", "neither an index nor a start:end slice"),
        ("$[]", "empty brackets"),
        ("$['a]", "is not a quoted name"),
        ("$.", "a name must follow '.'"),
        ("$x", "unexpected 'x'"),
        ("$[?(@.a > 1)]", "neither an index"),
    ],
)
def test_syntax_outside_the_subset_is_rejected(expression: str, why: str) -> None:
    with pytest.raises(InvalidRequest) as caught:
        parse(expression, "DataProcessing.OutputFilter")
    assert why in caught.value.message
    assert caught.value.field == "DataProcessing.OutputFilter"


def test_too_long_filters_are_rejected() -> None:
    with pytest.raises(InvalidRequest, match="longer than 63"):
        parse("$[" + ",".join(str(i) for i in range(40)) + "]")


@pytest.mark.parametrize(
    ("expression", "record", "why"),
    [
        ("$[9]", ROW, "index 9 is out of range for a record of 7 values"),
        ("$[0,-8]", ROW, "index -8 is out of range"),
        ("$.missing", DOC, "the record has no key 'missing'"),
        ("$['id','nope']", DOC, "no key 'nope'"),
        ("$.id", ROW, "a name selects from an object, not from an array"),
        ("$[0]", DOC, "an index selects from an array, not from an object"),
        ("$.id.x", DOC, "not from the value 7"),
    ],
)
def test_records_that_do_not_fit_fail_clearly(expression: str, record: Any, why: str) -> None:
    with pytest.raises(JobFailure) as caught:
        parse(expression).apply(record)
    assert why in caught.value.message
    assert expression in caught.value.message
