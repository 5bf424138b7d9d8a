import json
from types import SimpleNamespace

import pytest

from dagmaker.errors import DefinitionError
from dagmaker.session import Session
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession, current_context
from dagmaker.workflow.pipeline_definition_config import PipelineDefinitionConfig
from dagmaker.workflow.properties import PropertyFile
from dagmaker.workflow.retry import (
    SageMakerJobExceptionTypeEnum,
    SageMakerJobStepRetryPolicy,
    StepExceptionTypeEnum,
    StepRetryPolicy,
)
from dagmaker.workflow.steps import (
    CacheConfig,
    CreateModelStep,
    ProcessingStep,
    TrainingStep,
    TransformStep,
    TuningStep,
)
from tests.sdk.sdk_doubles import RecordingClient, RequestJob


@pytest.fixture
def session() -> PipelineSession:
    return PipelineSession(sagemaker_client=RecordingClient())


def _definition(*steps, **kwargs) -> dict:
    pipeline = Pipeline(name="P", steps=list(steps), sagemaker_session=PipelineSession(), **kwargs)
    return json.loads(pipeline.definition())


def _processing_request() -> dict:
    return {
        "ProcessingJobName": "prep-2024-01-02-03-04-05-678",
        "AppSpecification": {"ImageUri": "img"},
        "ProcessingOutputConfig": {"Outputs": [{"OutputName": "evaluation", "S3Output": {}}]},
        "ExperimentConfig": {"ExperimentName": "e", "TrialName": "t"},
    }


def test_job_name_and_experiment_config_are_removed(session) -> None:
    step = ProcessingStep(
        name="Prep", step_args=RequestJob("process", _processing_request, session).run()
    )
    assert step.arguments == {
        "AppSpecification": {"ImageUri": "img"},
        "ProcessingOutputConfig": {"Outputs": [{"OutputName": "evaluation", "S3Output": {}}]},
    }


def test_training_drops_the_job_name_hyperparameter_and_keeps_display_name(session) -> None:
    def request() -> dict:
        return {
            "TrainingJobName": "t",
            "HyperParameters": {"sagemaker_job_name": '"t"', "eta": "0.1"},
            "ExperimentConfig": {"TrialName": "x", "TrialComponentDisplayName": "Training"},
        }

    step = TrainingStep(name="Train", step_args=RequestJob("train", request, session).fit())
    assert step.arguments == {
        "HyperParameters": {"eta": "0.1"},
        "ExperimentConfig": {"TrialComponentDisplayName": "Training"},
    }


def test_tuning_keeps_experiment_config_and_model_drops_model_name(session) -> None:
    tune = TuningStep(
        name="Tune",
        step_args=RequestJob(
            "create_tuning_job",
            lambda: {"HyperParameterTuningJobName": "h", "ExperimentConfig": {"TrialName": "t"}},
            session,
        ).fit(),
    )
    assert tune.arguments == {"ExperimentConfig": {"TrialName": "t"}}
    model = CreateModelStep(name="Model", step_args={"ModelName": "m", "ExecutionRoleArn": "r"})
    assert model.arguments == {"ExecutionRoleArn": "r"}
    assert model.step_args == {"ModelName": "m", "ExecutionRoleArn": "r"}


def test_the_builder_runs_inside_the_compile_context() -> None:
    seen = []
    session = PipelineSession()
    config = PipelineDefinitionConfig(use_custom_job_prefix=False)

    def request() -> dict:
        seen.append(current_context())
        return {"TrainingJobName": "x"}

    step = TrainingStep(name="Train", step_args=RequestJob("train", request, session).fit())
    Pipeline(
        name="Pipe", steps=[step], sagemaker_session=session, pipeline_definition_config=config
    ).definition()
    (context,) = seen
    assert (context.pipeline_name, context.step_name) == ("Pipe", "Train")
    assert context.sagemaker_session is session
    assert context.pipeline_definition_config is config
    step.arguments  # noqa: B018
    assert seen[-1] is None


def test_custom_job_prefix_needs_a_job_name(session) -> None:
    step = TrainingStep(
        name="Train", step_args=RequestJob("train", lambda: {"RoleArn": "r"}, session).fit()
    )
    with pytest.raises(DefinitionError) as error:
        _definition(step, pipeline_definition_config=PipelineDefinitionConfig(True))
    assert error.value.step == "Train"
    assert error.value.field == "Arguments.TrainingJobName"
    assert "use_custom_job_prefix" in str(error.value)


@pytest.mark.parametrize(
    ("cls", "label"),
    [
        (ProcessingStep, "processor"),
        (TrainingStep, "estimator"),
        (TransformStep, "transformer"),
        (TuningStep, "tuner"),
        (CreateModelStep, "model"),
    ],
)
def test_step_args_and_job_are_exclusive(cls, label, session) -> None:
    with pytest.raises(ValueError, match=f"needs either step_args= or {label}=") as error:
        cls(name="S")
    assert "PipelineSession" in str(error.value)
    with pytest.raises(ValueError, match="both were given"):
        cls(name="S", step_args=object(), **{label: object()})


def test_step_args_must_come_from_the_matching_job_method(session) -> None:
    fit_args = RequestJob("train", dict, session).fit()
    with pytest.raises(ValueError, match=r"processor.run\(\).*estimator.fit\(\)"):
        ProcessingStep(name="P", step_args=fit_args)
    with pytest.raises(TypeError, match=r"must be obtained from estimator.fit\(\)"):
        TrainingStep(name="T", step_args={"TrainingJobName": "x"})  # type: ignore[arg-type]


def test_legacy_processing_form_calls_run_inside_capturing() -> None:
    client = RecordingClient()
    processor = RequestJob("process", _processing_request, Session(sagemaker_client=client))
    with pytest.warns(DeprecationWarning, match="step_args=processor.run"):
        step = ProcessingStep(
            name="Prep",
            processor=processor,
            inputs=["in"],
            outputs=["out"],
            job_arguments=["--x", "1"],
            code="prep.py",
            kms_key="key",
            property_files=[PropertyFile("Report", "evaluation", "report.json")],
        )
    definition = _definition(step)
    assert definition["Steps"][0]["Arguments"]["AppSpecification"] == {"ImageUri": "img"}
    assert definition["Steps"][0]["PropertyFiles"][0]["PropertyFileName"] == "Report"
    assert processor.calls[0] == {
        "inputs": ["in"],
        "outputs": ["out"],
        "arguments": ["--x", "1"],
        "kms_key": "key",
        "code": "prep.py",
    }
    assert client.calls == []


def test_legacy_training_tuning_transform_and_model_forms(session) -> None:
    estimator = RequestJob("train", lambda: {"RoleArn": "r"}, session)
    tuner = RequestJob("create_tuning_job", lambda: {"RoleArn": "t"}, session)
    transformer = RequestJob("transform", lambda: {"ModelName": "m"}, session)
    model = RequestJob("create_model", lambda: {"ExecutionRoleArn": "r"}, session)
    transform_input = SimpleNamespace(data="s3://b/in", content_type="text/csv", split_type=None)
    with pytest.warns(DeprecationWarning):
        steps = [
            TrainingStep(name="Train", estimator=estimator, inputs="s3://b/train"),
            TuningStep(name="Tune", tuner=tuner, inputs={"train": "s3://b/t"}),
            TransformStep(name="Batch", transformer=transformer, inputs=transform_input),
            CreateModelStep(
                name="Model", model=model, inputs=SimpleNamespace(instance_type="ml.m5.large")
            ),
        ]
    definition = _definition(*steps)
    assert [s["Arguments"] for s in definition["Steps"]] == [
        {"RoleArn": "r"},
        {"RoleArn": "t"},
        {"ModelName": "m"},
        {"ExecutionRoleArn": "r"},
    ]
    assert estimator.calls == [{"inputs": "s3://b/train"}]
    assert tuner.calls == [{"inputs": {"train": "s3://b/t"}}]
    assert transformer.calls == [{"data": "s3://b/in", "content_type": "text/csv"}]
    assert model.calls == [{"instance_type": "ml.m5.large"}]


def test_legacy_job_methods_must_follow_the_contract() -> None:
    class OldProcessor:
        def run(self, **kwargs):
            return None

    with pytest.warns(DeprecationWarning):
        step = ProcessingStep(name="Prep", processor=OldProcessor())
    with pytest.raises(TypeError, match="capture_or_run"):
        step.arguments  # noqa: B018


def test_legacy_transform_needs_inputs() -> None:
    with pytest.raises(ValueError, match="inputs= \\(a TransformInput\\) is required"):
        TransformStep(name="Batch", transformer=object())


def test_processing_step_checks_code_and_property_files(session) -> None:
    args = RequestJob("process", _processing_request, session).run()
    with pytest.raises(ValueError, match="code must be an S3 URI or a local file path"):
        ProcessingStep(name="P", processor=object(), code=ParameterString(name="Script"))
    report = PropertyFile("Report", "evaluation", "r.json")
    with pytest.raises(ValueError, match="declares property file 'Report' twice"):
        ProcessingStep(name="P", step_args=args, property_files=[report, report])
    with pytest.raises(TypeError, match="PropertyFile objects"):
        ProcessingStep(name="P", step_args=args, property_files=[{"name": "x"}])


def test_create_model_refuses_job_retry_policies() -> None:
    policy = SageMakerJobStepRetryPolicy(
        exception_types=[SageMakerJobExceptionTypeEnum.CAPACITY_ERROR]
    )
    with pytest.raises(ValueError, match="SageMakerJobStepRetryPolicy is not allowed"):
        CreateModelStep(name="M", step_args={}, retry_policies=[policy])
    allowed = StepRetryPolicy(exception_types=[StepExceptionTypeEnum.THROTTLING])
    assert CreateModelStep(name="M", step_args={}, retry_policies=[allowed]).retry_policies


def test_top_model_uri(session) -> None:
    tune = TuningStep(name="Tune", step_args=RequestJob("create_tuning_job", dict, session).fit())
    uri = tune.get_top_model_s3_uri(top_k=2, s3_bucket="bucket", prefix="models")
    assert uri.expr == {
        "Std:Join": {
            "On": "/",
            "Values": [
                "s3:/",
                "bucket",
                "models",
                {"Get": "Steps.Tune.TrainingJobSummaries[2].TrainingJobName"},
                "output/model.tar.gz",
            ],
        }
    }
    assert len(tune.get_top_model_s3_uri(0, "bucket").values) == 4
    with pytest.raises(ValueError, match="from 0 \\(best\\) to 49"):
        tune.get_top_model_s3_uri(top_k=50, s3_bucket="bucket")


def test_cache_config() -> None:
    assert CacheConfig(enable_caching=True, expire_after="p30d").config == {
        "CacheConfig": {"Enabled": True, "ExpireAfter": "p30d"}
    }
    assert CacheConfig().config == {"CacheConfig": {"Enabled": False}}
    with pytest.raises(ValueError, match="not an ISO-8601 duration"):
        CacheConfig(enable_caching=True, expire_after="30 days")
    with pytest.raises(TypeError, match="ISO-8601 string"):
        CacheConfig(enable_caching=True, expire_after=30)  # type: ignore[arg-type]


def test_properties_are_typed_by_step_type(session) -> None:
    step = TransformStep(name="Batch", step_args=RequestJob("transform", dict, session).transform())
    assert step.properties.TransformOutput.S3OutputPath.expr == {
        "Get": "Steps.Batch.TransformOutput.S3OutputPath"
    }
    with pytest.raises(AttributeError, match="Did you mean 'TransformOutput'"):
        step.properties.TransformOutputs  # noqa: B018
