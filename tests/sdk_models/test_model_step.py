"""ModelStep and the legacy RegisterModel collection: expansion, checks, retry policies."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from dagmaker.estimator import Estimator
from dagmaker.model import Model
from dagmaker.transformer import Transformer
from dagmaker.workflow.model_step import ModelStep
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.pipeline_context import capturing
from dagmaker.workflow.retry import (
    SageMakerJobExceptionTypeEnum,
    SageMakerJobStepRetryPolicy,
    StepExceptionTypeEnum,
    StepRetryPolicy,
)
from dagmaker.workflow.step_collections import RegisterModel
from tests.sdk_models.helpers import IMAGE, ROLE

JOB_POLICY = SageMakerJobStepRetryPolicy(
    exception_types=[SageMakerJobExceptionTypeEnum.CAPACITY_ERROR], max_attempts=2
)
STEP_POLICY = StepRetryPolicy(exception_types=[StepExceptionTypeEnum.THROTTLING], max_attempts=2)


def _model(session: object, **kwargs: object) -> Model:
    return Model(IMAGE, ParameterString("ModelData"), ROLE, sagemaker_session=session, **kwargs)


def test_create_and_register_expand_to_one_step_each(pipeline_session: object) -> None:
    model = _model(pipeline_session)
    create = ModelStep(name="M", step_args=model.create())
    register = ModelStep(
        name="R", step_args=model.register(content_types=["a"], response_types=["b"])
    )
    assert [s.name for s in create.steps] == ["M-CreateModel"]
    assert [s.name for s in register.steps] == ["R-RegisterModel"]
    assert create.properties.ModelName.expr == {"Get": "Steps.M-CreateModel.ModelName"}
    assert register.properties.ModelPackageArn.expr == {
        "Get": "Steps.R-RegisterModel.ModelPackageArn"
    }


def test_a_repack_step_comes_first_and_takes_the_dependencies(
    workdir: Path, pipeline_session: object
) -> None:
    model = _model(pipeline_session, entry_point="inference.py", source_dir="code")
    step = ModelStep(name="M", step_args=model.create(), depends_on=["Before"])
    repack, create = step.steps
    assert repack.name == "M-RepackModel-0"
    assert repack.depends_on == ["Before"]
    assert create.depends_on is None
    assert create.arguments["PrimaryContainer"]["ModelDataUrl"].expr == {
        "Get": "Steps.M-RepackModel-0.ModelArtifacts.S3ModelArtifacts"
    }
    hyperparameters = repack.arguments["HyperParameters"]
    assert hyperparameters["inference_script"] == '"inference.py"'
    assert hyperparameters["source_dir"] == '"code"'
    assert hyperparameters["sagemaker_program"] == '"_repack_script_launcher.sh"'


def test_the_users_source_dir_is_left_alone(workdir: Path, pipeline_session: object) -> None:
    model = _model(pipeline_session, entry_point="inference.py", source_dir="code")
    before = sorted(p.name for p in (workdir / "code").iterdir())
    _ = ModelStep(name="M", step_args=model.create()).steps[0].arguments
    assert sorted(p.name for p in (workdir / "code").iterdir()) == before


def test_step_args_must_come_from_a_model(pipeline_session: object) -> None:
    transformer = Transformer("m", 1, "ml.m5.large", sagemaker_session=pipeline_session)
    with pytest.raises(TypeError, match=r"model\.create\(\) or model\.register\(\)"):
        ModelStep(name="M", step_args=transformer.transform("s3://b/in"))


def test_the_model_needs_a_pipeline_session(plain_session: object) -> None:
    with capturing():
        step_args = _model(plain_session).create()
    with pytest.raises(TypeError, match="must be a PipelineSession"):
        ModelStep(name="M", step_args=step_args)


def test_job_retry_policies_are_refused_for_model_steps(pipeline_session: object) -> None:
    model = _model(pipeline_session)
    with pytest.raises(ValueError, match="not allowed for a create/register model step"):
        ModelStep(name="M", step_args=model.create(), retry_policies=[JOB_POLICY])
    with pytest.raises(ValueError, match="unknown keys"):
        ModelStep(name="M", step_args=model.create(), retry_policies={"create_policies": []})


def test_retry_policies_per_sub_step(workdir: Path, pipeline_session: object) -> None:
    model = _model(pipeline_session, entry_point="inference.py", source_dir="code")
    step = ModelStep(
        name="M",
        step_args=model.create(),
        retry_policies={
            "create_model_retry_policies": [STEP_POLICY],
            "repack_model_retry_policies": [JOB_POLICY],
        },
    )
    repack, create = step.steps
    assert repack.retry_policies == [JOB_POLICY]
    assert create.retry_policies == [STEP_POLICY]


def test_repack_settings_without_a_repack_are_ignored_with_a_warning(
    pipeline_session: object, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        step = ModelStep(
            name="M",
            step_args=_model(pipeline_session).create(),
            repack_model_step_settings={"instance_type": "ml.c5.xlarge"},
        )
    assert [s.name for s in step.steps] == ["M-CreateModel"]
    assert "repack_model_step_settings are ignored" in caplog.text


def test_legacy_register_model_warns_and_registers_the_estimators_image(
    pipeline_session: object,
) -> None:
    estimator = Estimator(
        image_uri=IMAGE,
        role=ROLE,
        instance_count=1,
        instance_type="ml.m5.large",
        sagemaker_session=pipeline_session,
    )
    with pytest.warns(DeprecationWarning, match="RegisterModel is deprecated"):
        collection = RegisterModel(
            name="Reg",
            estimator=estimator,
            model_data="s3://b/model.tar.gz",
            content_types=["text/csv"],
            response_types=["text/csv"],
            model_package_group_name="grp",
        )
    (step,) = collection.steps
    containers = step.arguments["InferenceSpecification"]["Containers"]
    assert containers == [{"Image": IMAGE, "ModelDataUrl": "s3://b/model.tar.gz"}]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({}, ValueError, "needs estimator= .* or model="),
        ({"model": "m", "entry_point": "x.py"}, ValueError, "estimator= is required"),
        ({"model": "m", "compile_model_family": "ml_c5"}, ValueError, "Neo"),
        ({"model": "m", "unknown_option": 1}, TypeError, "unknown_option"),
    ],
)
def test_legacy_register_model_argument_checks(
    kwargs: dict, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        RegisterModel(name="Reg", content_types=["a"], response_types=["b"], **kwargs)
