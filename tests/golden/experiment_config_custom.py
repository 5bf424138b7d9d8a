"""A custom PipelineExperimentConfig, and references to the resolved names."""

from dagmaker.workflow.execution_variables import ExecutionVariables
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.pipeline_experiment_config import (
    PipelineExperimentConfig,
    PipelineExperimentConfigProperties,
)


def build() -> Pipeline:
    experiment = ParameterString(name="Experiment", default_value="MyExperiment")
    config = PipelineExperimentConfig(
        experiment, Join(on="-", values=["trial", ExecutionVariables.PIPELINE_EXECUTION_ID])
    )
    message = Join(
        on="/",
        values=[
            PipelineExperimentConfigProperties.EXPERIMENT_NAME,
            PipelineExperimentConfigProperties.TRIAL_NAME,
        ],
    )
    return Pipeline(
        name="CustomExperiment",
        parameters=[experiment],
        pipeline_experiment_config=config,
        steps=[FailStep(name="ShowNames", error_message=message)],
        sagemaker_session=PipelineSession(),
    )
