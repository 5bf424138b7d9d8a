"""The seed guide's parameter and condition snippets, with job arguments from a processor."""

from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionGreaterThanOrEqualTo
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join
from dagmaker.workflow.parameters import ParameterBoolean, ParameterInteger
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import CreateModelStep, ProcessingStep, TrainingStep
from tests.golden.golden_fake_jobs import FakeEstimator, FakeProcessor
from tests.golden.golden_requests import processing, training


def build() -> Pipeline:
    session = PipelineSession()
    instance_count = ParameterInteger(name="InstanceCount", default_value=2)
    app_managed = ParameterBoolean(name="AppManaged", default_value=False)

    def request() -> dict:
        body = processing(
            inputs={"input-1": "s3://my-bucket/sourcefile"},
            outputs={"train": "s3://my-bucket/train"},
            instance_count=instance_count,
        )
        body["ProcessingInputs"][0]["AppManaged"] = app_managed
        return body

    step_sklearn = ProcessingStep(
        name="MyProcessingStep",
        step_args=FakeProcessor(request, session).run(code="./my-local/script.py"),
    )
    train_uri = step_sklearn.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri
    step_train = TrainingStep(
        name="MyTrainingStep",
        step_args=FakeEstimator(lambda: training(channels={"train": train_uri}), session).fit(),
        display_name="MyTrainingStepDisplayName",
        description="This is MyTrainingStep",
    )
    step_model_create = CreateModelStep(
        name="MyModelCreationStep",
        step_args={
            "ModelName": "m",
            "ExecutionRoleArn": "arn:aws:iam::123456789012:role/Role",
            "PrimaryContainer": {
                "Image": "my-dummy-image",
                "ModelDataUrl": step_train.properties.ModelArtifacts.S3ModelArtifacts,
            },
        },
    )
    step_condition = ConditionStep(
        name="CheckAccuracy",
        conditions=[
            ConditionGreaterThanOrEqualTo(
                left=step_train.properties.FinalMetricDataList["val:acc"].Value, right=0.95
            )
        ],
        if_steps=[step_model_create],
        else_steps=[
            FailStep(
                name="FailStep",
                error_message=Join(
                    on=" ", values=["accuracy of", step_train.properties.TrainingJobName, "too low"]
                ),
            )
        ],
    )
    return Pipeline(
        name="SeedExamples",
        parameters=[instance_count, app_managed],
        steps=[step_sklearn, step_train, step_condition],
        sagemaker_session=session,
    )
