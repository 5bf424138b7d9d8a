"""A PipelineExperimentConfig of plain strings, and the default one written explicitly."""

from dagmaker.workflow.execution_variables import ExecutionVariables
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.pipeline_experiment_config import PipelineExperimentConfig


def build() -> Pipeline:
    literal = PipelineExperimentConfig("MyExperiment", ExecutionVariables.PIPELINE_EXECUTION_ID)
    return Pipeline(
        name="LiteralExperiment",
        pipeline_experiment_config=literal,
        steps=[FailStep(name="Stop")],
        sagemaker_session=PipelineSession(),
    )
