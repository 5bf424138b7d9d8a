"""Every job step from step_args: processing, training, model, transform, tuning."""

from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionGreaterThanOrEqualTo
from dagmaker.workflow.parameters import ParameterInteger, ParameterString
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
    input_data = ParameterString(name="InputData", default_value="s3://my-bucket/raw")
    max_jobs = ParameterInteger(name="MaxJobs", default_value=6)
    processor = FakeProcessor(
        lambda: processing(
            inputs={"raw": input_data},
            outputs={"train": "s3://my-bucket/train", "test": "s3://my-bucket/test"},
            experiment_config={"ExperimentName": "e", "TrialName": "t"},
        ),
        session,
    )
    process = ProcessingStep(
        name="Prepare",
        display_name="Prepare data",
        description="Split the data",
        step_args=processor.run(inputs=[], outputs=[]),
    )
    train_uri = process.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri
    estimator = FakeEstimator(
        lambda: training(
            channels={"train": train_uri},
            hyperparameters={"sagemaker_job_name": '"train-2024"', "max_depth": "5"},
            experiment_config={"ExperimentName": "e", "TrialComponentDisplayName": "training"},
        ),
        session,
    )
    train = TrainingStep(name="Train", step_args=estimator.fit(), description="Fit the model")
    model = CreateModelStep(
        name="CreateModel",
        step_args=create_model(train.properties.ModelArtifacts.S3ModelArtifacts),
        display_name="Create the model",
    )
    test_uri = process.properties.ProcessingOutputConfig.Outputs["test"].S3Output.S3Uri
    transformer = FakeTransformer(
        lambda: transform(
            model.properties.ModelName,
            test_uri,
            experiment_config={"ExperimentName": "e", "TrialName": "t"},
        ),
        session,
    )
    batch = TransformStep(name="Batch", step_args=transformer.transform(data=test_uri))
    tuner = FakeTuner(lambda: tuning(train_uri, max_jobs=max_jobs), session)
    tune = TuningStep(name="Tune", step_args=tuner.fit(), display_name="Tune")
    best = CreateModelStep(
        name="BestModel",
        step_args=create_model(
            tune.get_top_model_s3_uri(top_k=0, s3_bucket="my-bucket", prefix="tuning")
        ),
    )
    second = CreateModelStep(
        name="SecondModel",
        step_args=create_model(tune.get_top_model_s3_uri(top_k=1, s3_bucket="my-bucket")),
    )
    objective = tune.properties.BestTrainingJob.FinalHyperParameterTuningJobObjectiveMetric.Value
    check = ConditionStep(
        name="GoodEnough",
        conditions=[ConditionGreaterThanOrEqualTo(left=objective, right=0.8)],
        if_steps=[best, second],
    )
    return Pipeline(
        name="JobStepsPipeline",
        parameters=[input_data, max_jobs],
        steps=[process, train, model, batch, tune, check],
        sagemaker_session=session,
    )
