"""Whatever text arrives, reading it gives a definition or one located DefinitionError."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dagmaker.definition import json_text, validation
from dagmaker.definition.codec import loads
from dagmaker.errors import DefinitionError, Issue

GOOD = {"Version": "2020-12-01", "Parameters": [], "Steps": []}


def _issues(source: Any) -> list[Issue]:
    with pytest.raises(DefinitionError) as info:
        validation.check(source)
    assert info.value.issues, "a reading error must carry located issues"
    for issue in info.value.issues:
        assert issue.step or issue.path
    return info.value.issues


def _nested(depth: int) -> str:
    return '{"Version": "2020-12-01", "Steps": [], "Metadata": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize(
    ("source", "path", "message"),
    [
        (b'{"Version": "\xff"}', "byte 13 (line 1)", "0xff is not UTF-8; save the file as UTF-8"),
        (json.dumps(GOOD).encode("utf-16"), "byte 0", "the file is UTF-16"),
        (json.dumps(GOOD).encode("utf-16-le"), "byte 0", "looks like UTF-16 or UTF-32"),
        (json.dumps(GOOD).encode("utf-32"), "byte 0", "the file is UTF-32"),
        ("[]", "(whole definition)", "must be a JSON object with Version and Steps, not list"),
        ("null", "(whole definition)", "not null"),
        ("5", "(whole definition)", "not int"),
        ('"text"', "(whole definition)", "not str"),
        ("{", "line 1 column 2", "not valid JSON: Expecting property name"),
        (_nested(5000), "(whole definition)", "nests deeper than 100 levels"),
        (_nested(150), "Metadata" + "[0]" * 99, "nests deeper than 100 levels"),
        ('{"Steps": [], "X": 1e999}', "X", "the number 1e999 is too large for a number"),
        ('{"Steps": [], "X": NaN}', "X", "the number NaN is not JSON"),
        ('{"Steps": [], "X": -Infinity}', "X", "the number -Infinity is not JSON"),
        ('{"Steps": [], "X": ' + "9" * 5000 + "}", "X", "has 5000 digits"),
        ('{"Steps": [], "X": "\\ud800"}', "X", "lone surrogate"),
        ({"Steps": [], "X": float("nan")}, "X", "nan is not a finite number"),
        ({"Steps": [], "X": {1, 2}}, "X", "a set is not a JSON value"),
        ({"Steps": [], "X": 10**400}, "X", "too large for any SageMaker number"),
    ],
)
def test_unreadable_input_is_located(source: Any, path: str, message: str) -> None:
    issues = _issues(source)
    assert [(i.path, message in i.message) for i in issues] == [(path, True)], issues


def test_text_over_the_sagemaker_limit_says_so() -> None:
    big = json.dumps({**GOOD, "Metadata": {"pad": "x" * json_text.MAX_CHARS}})
    [issue] = _issues(big)
    assert issue.path == "(whole definition)"
    assert (
        "SageMaker accepts at most 1,048,576 (1 MiB, the PipelineDefinition limit)" in issue.message
    )


def test_a_utf8_byte_order_mark_is_tolerated() -> None:
    assert loads(b"\xef\xbb\xbf" + json.dumps(GOOD).encode()) == GOOD


def test_numbers_in_range_are_kept_exactly() -> None:
    doc = loads('{"Steps": [], "A": 1e308, "B": ' + "9" * 300 + ', "C": -0.5}')
    assert doc["A"] == 1e308 and doc["B"] == int("9" * 300) and doc["C"] == -0.5


def test_overflowing_retry_numbers_are_issues_not_crashes() -> None:
    step = {
        "Name": "F",
        "Type": "Fail",
        "Arguments": {"ErrorMessage": "x"},
        "RetryPolicies": [{"ExceptionType": ["Step.THROTTLING"], "IntervalSeconds": 2**1025}],
    }
    _, issues = validation.check({**GOOD, "Steps": [step]})
    assert Issue("F", "RetryPolicies[0].IntervalSeconds", "is too large for a number") in issues


def test_an_overlong_cache_duration_is_an_issue() -> None:
    step = {
        "Name": "L",
        "Type": "Lambda",
        "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:f",
        "Arguments": {},
        "OutputParameters": [],
        "CacheConfig": {"Enabled": True, "ExpireAfter": "P99999999999999999999D"},
    }
    _, issues = validation.check({**GOOD, "Steps": [step]})
    assert [(i.path, i.message[:60]) for i in issues] == [
        ("CacheConfig.ExpireAfter", "'P99999999999999999999D' is longer than a duration can be (9")
    ]


def test_parallelism_in_a_definition_points_to_the_requests() -> None:
    _, issues = validation.check(
        {**GOOD, "ParallelismConfiguration": {"MaxParallelExecutionSteps": 2}}
    )
    [issue] = issues
    assert issue.path == "ParallelismConfiguration"
    assert "pass ParallelismConfiguration to create_pipeline or start_pipeline_execution" in (
        issue.message
    )
