"""Resource names and ParallelismConfiguration, checked by the rules of the service model."""

from __future__ import annotations

import re
from typing import Any

import pytest

from dagmaker.definition.names import NAME_KINDS, check_name, name_problem
from dagmaker.definition.parallelism import check_parallelism
from dagmaker.errors import InvalidRequest


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("pipeline", "abalone-pipeline"),
        ("pipeline", "A" * 256),
        ("training-job", "t" * 63),
        ("tuning-job", "t" * 32),
        ("model-package-group", "abalone"),
        ("endpoint", "abalone-endpoint-1"),
        ("bucket", "sagemaker-us-east-1-123456789012"),
    ],
)
def test_valid_names(kind: str, value: str) -> None:
    check_name(kind, value)


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (
            "pipeline",
            "abc_def",
            "invalid pipeline name: 'abc_def' does not match the pattern "
            "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255} (PipelineName)",
        ),
        ("pipeline", "-lead", "does not match the pattern"),
        ("pipeline", "A" * 257, "has 257 characters; PipelineName allows 1 to 256 characters"),
        ("tuning-job", "t" * 33, "HyperParameterTuningJobName allows 1 to 32 characters"),
        ("model", "", "the model name is empty"),
        ("endpoint", 5, "5 is not a string"),
        ("bucket", "B_AD", "invalid bucket name: 'B_AD' is not a valid bucket name: bucket names"),
        ("bucket", "ab", "'ab' has 2 characters; bucket names are 3 to 63 characters"),
    ],
)
def test_invalid_names_quote_the_rule(kind: str, value: Any, message: str) -> None:
    with pytest.raises(InvalidRequest) as info:
        check_name(kind, value, field="Name")
    assert message in str(info.value)
    assert info.value.field == "Name"


def test_every_kind_resolves_to_a_string_shape() -> None:
    for kind in NAME_KINDS:
        assert name_problem(kind, "valid-name-1") == "", kind


def test_an_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        check_name("pipelin", "x")


@pytest.mark.parametrize(
    ("value", "expected"), [(None, None), ({"MaxParallelExecutionSteps": 1}, 1)]
)
def test_parallelism_accepts(value: Any, expected: int | None) -> None:
    assert check_parallelism(value) == expected
    assert check_parallelism({"MaxParallelExecutionSteps": 2**31 - 1}) == 2**31 - 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "-1 is out of range; MaxParallelExecutionSteps is an integer from 1 to 2147483647"),
        (0, "0 is out of range; MaxParallelExecutionSteps is an integer from 1"),
        ("x", "'x' is not an integer; MaxParallelExecutionSteps is an integer from 1"),
        (10**30, "is out of range; MaxParallelExecutionSteps is an integer from 1 to 2147483647"),
        (True, "True is not an integer"),
        (2.0, "2.0 is not an integer"),
        (None, "missing: ParallelismConfiguration requires MaxParallelExecutionSteps"),
    ],
)
def test_parallelism_rejects_with_the_rule(value: Any, message: str) -> None:
    with pytest.raises(InvalidRequest) as info:
        check_parallelism({"MaxParallelExecutionSteps": value})
    assert message in info.value.message
    assert info.value.field == "ParallelismConfiguration.MaxParallelExecutionSteps"


@pytest.mark.parametrize("config", [5, [], {"MaxParallelSteps": 2}])
def test_parallelism_must_be_the_documented_object(config: Any) -> None:
    with pytest.raises(InvalidRequest, match=re.escape("must be {'MaxParallelExecutionSteps'")):
        check_parallelism(config, field="ParallelismConfiguration")
