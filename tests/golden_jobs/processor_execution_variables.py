"""Seed 000, "Execution Variable": a Processor output under a Join of run-time values."""

from dagmaker.network import NetworkConfig
from dagmaker.processing import ProcessingInput, ProcessingOutput, Processor
from dagmaker.workflow.execution_variables import ExecutionVariables
from dagmaker.workflow.functions import Join
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import ProcessingStep
from tests.golden_jobs.golden_session import ROLE, session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    bucket = ParameterString("bucket", default_value="my-bucket")
    processing_input_url = ParameterString(name="ProcessingInputUrl")
    output_path = Join(
        on="/", values=["s3:/", bucket, "my-train-output-", ExecutionVariables.START_DATETIME]
    )
    processor = Processor(
        role=ROLE,
        image_uri="123456789012.dkr.ecr.us-west-2.amazonaws.com/my-processor:latest",
        entrypoint=["python3", "/opt/program/process.py"],
        instance_count=1,
        instance_type="ml.c5.2xlarge",
        volume_size_in_gb=100,
        volume_kms_key="alias/volume",
        output_kms_key="alias/output",
        max_runtime_in_seconds=3600,
        env={"MODE": "full", "BUCKET": bucket},
        network_config=NetworkConfig(
            enable_network_isolation=True,
            security_group_ids=["sg-1234"],
            subnets=["subnet-1", "subnet-2"],
            encrypt_inter_container_traffic=True,
        ),
        tags=[{"Key": "project", "Value": "golden"}],
        sagemaker_session=session,
    )
    step = ProcessingStep(
        name="MyProcessingStep",
        step_args=processor.run(
            inputs=[
                ProcessingInput(source="s3://my-input", destination="/opt/ml/processing/input"),
                ProcessingInput(
                    source=processing_input_url,
                    destination="/opt/ml/processing/extra",
                    s3_data_type="ManifestFile",
                    s3_input_mode="Pipe",
                    s3_data_distribution_type="ShardedByS3Key",
                    s3_compression_type="Gzip",
                ),
            ],
            outputs=[
                ProcessingOutput(
                    output_name="train",
                    source="/opt/ml/processing/train",
                    destination=output_path,
                ),
                ProcessingOutput(source="/opt/ml/processing/logs", s3_upload_mode="Continuous"),
            ],
            arguments=["--mode", bucket, "--date", ExecutionVariables.START_DATETIME],
        ),
    )
    return Pipeline(
        name="ExecutionVariables",
        parameters=[bucket, processing_input_url],
        steps=[step],
        sagemaker_session=session,
    )
