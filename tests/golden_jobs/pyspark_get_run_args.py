"""Seed 001, "runtime parameters": PySparkProcessor.get_run_args into a legacy ProcessingStep."""

from dagmaker.processing import ProcessingInput, ProcessingOutput
from dagmaker.session import Session
from dagmaker.spark.processing import PySparkProcessor
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.steps import ProcessingStep
from tests.golden_jobs.golden_session import ROLE, session_kwargs


def build() -> Pipeline:
    session = Session(**session_kwargs())
    pyspark_processor = PySparkProcessor(
        framework_version="2.4",
        role=ROLE,
        instance_type="ml.m5.xlarge",
        instance_count=1,
        sagemaker_session=session,
    )
    run_args = pyspark_processor.get_run_args(
        "code/preprocess.py",
        inputs=[
            ProcessingInput(
                source="s3://my-bucket/abalone", destination="/opt/ml/processing/input"
            ),
        ],
        outputs=[
            ProcessingOutput(output_name="train", source="/opt/ml/processing/train"),
            ProcessingOutput(output_name="validation", source="/opt/ml/processing/validation"),
            ProcessingOutput(output_name="test", source="/opt/ml/processing/test"),
        ],
        arguments=None,
    )
    step_process = ProcessingStep(
        name="AbaloneProcess",
        processor=pyspark_processor,
        inputs=run_args.inputs,
        outputs=run_args.outputs,
        job_arguments=run_args.arguments,
        code=run_args.code,
    )
    return Pipeline(name="SparkAbalone", steps=[step_process], sagemaker_session=session)
