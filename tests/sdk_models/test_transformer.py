"""Transformer.transform(): requests, default output locations, running jobs, errors."""

from __future__ import annotations

import time

import pytest

from dagmaker.errors import JobFailure, NotFound
from dagmaker.transformer import Transformer
from dagmaker.workflow.parameters import ParameterString
from tests.sdk_models.conftest import RecordingClient
from tests.sdk_models.helpers import BUCKET, IMAGE, compile_request

STAMP = "2023-11-14-22-13-20-125"


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: 1700000000.125)


def test_a_plain_session_starts_the_job_and_waits(
    plain_session: object, client: RecordingClient
) -> None:
    client.responses["describe_model"] = {"PrimaryContainer": {"Image": IMAGE}}
    client.responses["describe_transform_job"] = {"TransformJobStatus": "Completed"}
    transformer = Transformer("my-model", 1, "ml.m5.large", sagemaker_session=plain_session)
    transformer.transform("s3://b/input", content_type="text/csv", split_type="Line")
    (request,) = client.called("create_transform_job")
    job = f"my-inference-{STAMP}"
    assert request == {
        "TransformJobName": job,
        "ModelName": "my-model",
        "TransformInput": {
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/input"}},
            "ContentType": "text/csv",
            "SplitType": "Line",
        },
        "TransformOutput": {"S3OutputPath": f"s3://{BUCKET}/{job}"},
        "TransformResources": {"InstanceCount": 1, "InstanceType": "ml.m5.large"},
    }
    assert client.called("describe_transform_job") == [{"TransformJobName": job}]
    assert transformer.latest_transform_job is not None


def test_a_failed_job_raises_with_its_reason(
    plain_session: object, client: RecordingClient
) -> None:
    client.responses["describe_transform_job"] = {
        "TransformJobStatus": "Failed",
        "FailureReason": "ClientError: bad record",
    }
    transformer = Transformer(
        "m", 1, "ml.m5.large", base_transform_job_name="batch", sagemaker_session=plain_session
    )
    with pytest.raises(JobFailure, match="bad record"):
        transformer.transform("s3://b/input")


def test_inside_a_pipeline_the_output_goes_under_the_execution(pipeline_session: object) -> None:
    transformer = Transformer(
        ParameterString("ModelName"), 1, "ml.m5.large", sagemaker_session=pipeline_session
    )
    request = compile_request(transformer.transform("s3://b/input"), pipeline_session, "P", "Step")
    assert request["TransformOutput"]["S3OutputPath"] == {
        "Std:Join": {
            "On": "/",
            "Values": ["s3:/", BUCKET, "P", {"Get": "Execution.PipelineExecutionId"}, "Step"],
        }
    }
    assert request["TransformJobName"] == f"transform-job-{STAMP}"


def test_data_must_be_in_s3(pipeline_session: object) -> None:
    transformer = Transformer("m", 1, "ml.m5.large", sagemaker_session=pipeline_session)
    with pytest.raises(ValueError, match=r"Invalid S3 URI: data/input\.csv"):
        transformer.transform("data/input.csv")


def test_waiting_needs_a_job(pipeline_session: object) -> None:
    transformer = Transformer("m", 1, "ml.m5.large", sagemaker_session=pipeline_session)
    with pytest.raises(ValueError, match="No transform job available"):
        transformer.wait()


def test_an_unknown_model_is_reported(plain_session: object, client: RecordingClient) -> None:
    def missing(**kwargs: object) -> None:
        raise NotFound("model 'nope' does not exist")

    client.describe_model = missing  # type: ignore[method-assign]
    transformer = Transformer("nope", 1, "ml.m5.large", sagemaker_session=plain_session)
    with pytest.raises(ValueError, match="Failed to fetch model information for 'nope'"):
        transformer.transform("s3://b/input")
