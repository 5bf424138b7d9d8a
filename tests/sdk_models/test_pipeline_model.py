"""PipelineModel: containers in order, create and register, checks."""

from __future__ import annotations

import time

import pytest

from dagmaker.model import Model
from dagmaker.pipeline import PipelineModel
from dagmaker.workflow.parameters import ParameterString
from tests.sdk_models.conftest import RecordingClient
from tests.sdk_models.helpers import IMAGE, ROLE

SECOND = "123456789012.dkr.ecr.us-west-2.amazonaws.com/second:2"


def test_create_sends_one_container_per_model(
    plain_session: object, client: RecordingClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "time", lambda: 1700000000.125)
    models = [
        Model(IMAGE, "s3://b/one.tar.gz", ROLE, env={"A": "1"}),
        Model(SECOND, "s3://b/two.tar.gz", ROLE),
    ]
    pipeline_model = PipelineModel(models, role=ROLE, sagemaker_session=plain_session)
    pipeline_model.create(instance_type="ml.m5.large")
    (request,) = client.called("create_model")
    assert request["ModelName"] == "my-inference-2023-11-14-22-13-20-125"
    assert request["Containers"] == [
        {"Image": IMAGE, "Environment": {"A": "1"}, "ModelDataUrl": "s3://b/one.tar.gz"},
        {"Image": SECOND, "Environment": {}, "ModelDataUrl": "s3://b/two.tar.gz"},
    ]


def test_unversioned_registration_lists_images_and_data(pipeline_session: object) -> None:
    models = [Model(IMAGE, ParameterString("One"), ROLE), Model(SECOND, "s3://b/two", ROLE)]
    pipeline_model = PipelineModel(models, role=ROLE, sagemaker_session=pipeline_session)
    step_args = pipeline_model.register(
        content_types=["text/csv"],
        response_types=["text/csv"],
        inference_instances=["ml.m5.large"],
        transform_instances=["ml.m5.large"],
        model_package_name="serial",
    )
    containers = step_args.create_model_package_request["InferenceSpecification"]["Containers"]
    assert [c["Image"] for c in containers] == [IMAGE, SECOND]
    assert containers[1]["ModelDataUrl"] == "s3://b/two"


def test_a_role_and_models_are_required() -> None:
    with pytest.raises(ValueError, match="IAM role is required"):
        PipelineModel([Model(IMAGE, "s3://b/m", ROLE)])
    with pytest.raises(TypeError, match="non-empty list of Model objects"):
        PipelineModel(["not a model"], role=ROLE)


def test_every_model_needs_model_data_to_register(pipeline_session: object) -> None:
    pipeline_model = PipelineModel(
        [Model(IMAGE, None, ROLE)], role=ROLE, sagemaker_session=pipeline_session
    )
    with pytest.raises(ValueError, match=r"model 0 of the PipelineModel .* has no model_data"):
        pipeline_model.register(content_types=["a"], response_types=["b"])
