"""Seed 000, caching: a local input given as S3Input, outputs, code and a cache config."""

from dagmaker.dataset_definition.inputs import S3Input
from dagmaker.processing import ProcessingInput, ProcessingOutput
from dagmaker.sklearn.processing import SKLearnProcessor
from dagmaker.workflow.parameters import ParameterInteger
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import CacheConfig, ProcessingStep
from tests.golden_jobs.golden_session import ROLE, session_kwargs


def build() -> Pipeline:
    pipeline_session = PipelineSession(**session_kwargs())
    processing_instance_count = ParameterInteger(name="ProcessingInstanceCount", default_value=1)
    cache_config = CacheConfig(enable_caching=True, expire_after="P30d")
    sklearn_processor = SKLearnProcessor(
        framework_version="0.23-1",
        instance_type="ml.m5.xlarge",
        instance_count=processing_instance_count,
        role=ROLE,
        sagemaker_session=pipeline_session,
    )
    processor_args = sklearn_processor.run(
        inputs=[
            ProcessingInput(
                source="artifacts/data/abalone-dataset.csv",
                input_name="abalone-dataset",
                s3_input=S3Input(
                    local_path="/opt/ml/processing/input",
                    s3_uri="artifacts/data/abalone-dataset.csv",
                    s3_data_type="S3Prefix",
                    s3_input_mode="File",
                    s3_data_distribution_type="FullyReplicated",
                    s3_compression_type="None",
                ),
            )
        ],
        outputs=[
            ProcessingOutput(output_name="train", source="/opt/ml/processing/train"),
            ProcessingOutput(output_name="validation", source="/opt/ml/processing/validation"),
            ProcessingOutput(output_name="test", source="/opt/ml/processing/test"),
        ],
        code="artifacts/code/process/preprocessing.py",
    )
    processing_step = ProcessingStep(
        name="Process", step_args=processor_args, cache_config=cache_config
    )
    return Pipeline(
        name="CachedProcessing",
        parameters=[processing_instance_count],
        steps=[processing_step],
        sagemaker_session=pipeline_session,
    )
