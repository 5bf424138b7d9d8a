"""pipeline_experiment_config=None writes a null PipelineExperimentConfig."""

from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession


def build() -> Pipeline:
    return Pipeline(
        name="NoExperiment",
        pipeline_experiment_config=None,
        steps=[FailStep(name="Stop", error_message="stop")],
        sagemaker_session=PipelineSession(),
    )
