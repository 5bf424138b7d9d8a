"""Seed 000, "Property Reference": a condition on FinalMetricDataList and a Join input."""

from dagmaker import image_uris
from dagmaker.estimator import Estimator
from dagmaker.inputs import TrainingInput
from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionGreaterThanOrEqualTo
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join
from dagmaker.workflow.parameters import ParameterInteger, ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import TrainingStep
from tests.golden_jobs.golden_session import REGION, ROLE, session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    bucket = ParameterString("bucket", default_value="my-bucket")
    instance_count = ParameterInteger(name="TrainingInstanceCount", default_value=1)
    instance_type = ParameterString(name="TrainingInstanceType", default_value="ml.m5.xlarge")
    input_uri = Join(on="/", values=["s3:/", bucket, "my-input"])
    estimator = Estimator(
        image_uri=image_uris.retrieve("xgboost", REGION, version="1.5-1"),
        role=ROLE,
        instance_count=instance_count,
        instance_type=instance_type,
        volume_size=50,
        max_run=7200,
        sagemaker_session=session,
        metric_definitions=[{"Name": "val:acc", "Regex": "val_acc=([0-9\\.]+)"}],
        hyperparameters={"objective": "binary:logistic", "num_round": 20, "verbose": True},
        environment={"LOG_LEVEL": "debug"},
        tags={"team": "ml"},
    )
    step_train = TrainingStep(
        name="MyTrainingStep",
        step_args=estimator.fit(
            inputs=TrainingInput(s3_data=input_uri, content_type="text/csv", input_mode="Pipe")
        ),
    )
    step_fail = FailStep(
        name="TooInaccurate",
        error_message=Join(
            on=" ",
            values=["accuracy was", step_train.properties.FinalMetricDataList["val:acc"].Value],
        ),
    )
    step_condition = ConditionStep(
        name="CheckAccuracy",
        conditions=[
            ConditionGreaterThanOrEqualTo(
                left=step_train.properties.FinalMetricDataList["val:acc"].Value, right=0.95
            )
        ],
        if_steps=[],
        else_steps=[step_fail],
    )
    return Pipeline(
        name="MetricCondition",
        parameters=[bucket, instance_count, instance_type],
        steps=[step_train, step_condition],
        sagemaker_session=session,
    )
