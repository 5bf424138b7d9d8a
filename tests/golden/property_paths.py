"""Typed property references of each job step: members, list and map indexes, top-k."""

from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionGreaterThanOrEqualTo, ConditionIn
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import (
    CreateModelStep,
    ProcessingStep,
    TrainingStep,
    TransformStep,
    TuningStep,
)
from tests.golden.golden_fake_jobs import FakeEstimator, FakeProcessor, FakeTransformer, FakeTuner
from tests.golden.golden_requests import create_model, processing, training, transform, tuning


def build() -> Pipeline:
    session = PipelineSession()
    prep = ProcessingStep(
        name="Prep",
        step_args=FakeProcessor(
            lambda: processing(inputs={"raw": "s3://b/raw"}, outputs={"train": "s3://b/t"}),
            session,
        ).run(),
    )
    train = TrainingStep(
        name="Train",
        step_args=FakeEstimator(lambda: training(channels={"x": "s3://b/x"}), session).fit(),
    )
    tune = TuningStep(name="Tune", step_args=FakeTuner(lambda: tuning("s3://b/t"), session).fit())
    model = CreateModelStep(name="Model", step_args=create_model("s3://b/model.tar.gz"))
    batch = TransformStep(
        name="Batch",
        step_args=FakeTransformer(lambda: transform("m", "s3://b/in"), session).transform(),
    )
    references = [
        prep.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri,
        prep.properties.ProcessingOutputConfig.Outputs[0].OutputName,
        prep.properties.ProcessingInputs["raw"].S3Input.S3Uri,
        prep.properties.ProcessingJobArn,
        prep.properties.Environment["MY_VAR"],
        prep.properties.AppSpecification.ContainerArguments[2],
        train.properties.ModelArtifacts.S3ModelArtifacts,
        train.properties.HyperParameters["eta"],
        train.properties.InputDataConfig[0].ChannelName,
        train.properties.OutputDataConfig.S3OutputPath,
        train.properties.TrainingJobName,
        tune.properties.BestTrainingJob.TrainingJobName,
        tune.properties.TrainingJobSummaries[1].TrainingJobName,
        tune.properties.HyperParameterTuningJobName,
        tune.properties.ObjectiveStatusCounters.Succeeded,
        model.properties.ModelName,
        model.properties.PrimaryContainer.ModelDataUrl,
        batch.properties.TransformOutput.S3OutputPath,
        batch.properties.TransformJobName,
    ]
    check = ConditionStep(
        name="Check",
        conditions=[
            ConditionGreaterThanOrEqualTo(
                left=train.properties.FinalMetricDataList["val:acc"].Value, right=0.95
            ),
            ConditionIn(value=train.properties.TrainingJobStatus, in_values=["Completed"]),
        ],
        if_steps=[FailStep(name="ShowAll", error_message=Join(on=",", values=references))],
    )
    return Pipeline(
        name="PropertyPaths",
        steps=[prep, train, tune, model, batch, check],
        sagemaker_session=session,
    )
