"""Local names and ARNs in SageMaker's formats."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from dagmaker._lib import naming

# SageMaker's job-name constraint (CreateTrainingJob / CreateProcessingJob).
JOB_NAME = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")
MOMENT = datetime(2024, 3, 5, 7, 8, 9, 123456, tzinfo=UTC)


def test_random_id_is_lowercase_alphanumeric_of_the_requested_length() -> None:
    assert re.fullmatch(r"[a-z0-9]{12}", naming.random_id())
    assert re.fullmatch(r"[a-z0-9]{4}", naming.random_id(4))


def test_random_ids_differ() -> None:
    assert len({naming.random_id() for _ in range(50)}) == 50


def test_arn_format() -> None:
    assert naming.arn("model/m") == "arn:aws:sagemaker:local:000000000000:model/m"
    assert naming.arn("function:f", service="lambda") == (
        "arn:aws:lambda:local:000000000000:function:f"
    )


def test_pipeline_arn_is_lower_cased() -> None:
    assert naming.pipeline_arn("MyPipeline") == (
        "arn:aws:sagemaker:local:000000000000:pipeline/mypipeline"
    )


def test_execution_arn_keeps_the_execution_id() -> None:
    assert naming.execution_arn("MyPipeline", "abc123") == (
        "arn:aws:sagemaker:local:000000000000:pipeline/mypipeline/execution/abc123"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("arn:aws:sagemaker:local:000000000000:pipeline/p", ("sagemaker", "pipeline/p")),
        (
            "arn:aws:iam::111122223333:role/service-role/Role",
            ("iam", "role/service-role/Role"),
        ),
        (
            "arn:aws-cn:lambda:cn-north-1:1:function:f:live",
            ("lambda", "function:f:live"),
        ),
        ("not-an-arn", None),
        ("arn:gcp:x:y:z:r", None),
    ],
)
def test_resource_from_arn(value: str, expected: tuple[str, str] | None) -> None:
    assert naming.resource_from_arn(value) == expected


def test_resource_from_arn_round_trips_with_arn() -> None:
    assert naming.resource_from_arn(naming.execution_arn("P", "x")) == (
        "sagemaker",
        "pipeline/p/execution/x",
    )


def test_job_name_format() -> None:
    name = naming.job_name("pipelines-abc-Train", MOMENT)
    assert re.fullmatch(r"pipelines-abc-Train-2024-03-05-07-08-09-123-[a-z0-9]{4}", name)
    assert JOB_NAME.match(name)


def test_job_name_is_unique_for_the_same_moment() -> None:
    names = {naming.job_name("base", MOMENT) for _ in range(30)}
    assert len(names) == 30


def test_job_name_replaces_characters_sagemaker_rejects() -> None:
    name = naming.job_name("my_step.v2 (final)", MOMENT)
    assert name.startswith("my-step-v2--final-2024-")
    assert JOB_NAME.match(name)


def test_job_name_never_starts_with_a_hyphen() -> None:
    assert naming.job_name("__x", MOMENT).startswith("x-2024")
    assert naming.job_name("___", MOMENT).startswith("job-2024")


@pytest.mark.parametrize("max_length", [63, 40, 32])
def test_job_name_is_truncated_to_the_limit_keeping_the_suffix(max_length: int) -> None:
    name = naming.job_name("a" * 200, MOMENT, max_length=max_length)
    assert len(name) == max_length
    assert re.fullmatch(r"a+-2024-03-05-07-08-09-123-[a-z0-9]{4}", name)
    assert JOB_NAME.match(name)
