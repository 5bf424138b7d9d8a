"""PySparkProcessor.run under a PipelineSession with dependencies, configuration and event logs."""

from dagmaker.processing import ProcessingOutput
from dagmaker.spark.processing import PySparkProcessor
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import ProcessingStep
from tests.golden_jobs.golden_session import ROLE, session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    processor = PySparkProcessor(
        framework_version="3.3",
        py_version="py39",
        container_version="1",
        role=ROLE,
        instance_type="ml.m5.xlarge",
        instance_count=2,
        base_job_name="spark-prep",
        sagemaker_session=session,
    )
    step = ProcessingStep(
        name="SparkPrep",
        step_args=processor.run(
            submit_app="code/preprocess.py",
            submit_py_files=["libs/helpers/scaling.py", "s3://my-bucket/deps/util.zip"],
            submit_files=["s3://my-bucket/deps/lookup.csv"],
            arguments=["--s3_input_bucket", "my-bucket"],
            outputs=[ProcessingOutput(output_name="out", source="/opt/ml/processing/out")],
            configuration=[
                {
                    "Classification": "spark-defaults",
                    "Properties": {"spark.executor.memory": "2g", "spark.executor.cores": "1"},
                }
            ],
            spark_event_logs_s3_uri="s3://my-bucket/spark-events",
        ),
    )
    return Pipeline(name="SparkStepArgs", steps=[step], sagemaker_session=session)
