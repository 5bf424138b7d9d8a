"""ProcessingInput with a DatasetDefinition (Athena and Redshift), outputs with destinations."""

from dagmaker.dataset_definition.inputs import (
    AthenaDatasetDefinition,
    DatasetDefinition,
    RedshiftDatasetDefinition,
)
from dagmaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import ProcessingStep
from tests.golden_jobs.golden_session import ROLE, session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    processor = ScriptProcessor(
        role=ROLE,
        image_uri="123456789012.dkr.ecr.us-west-2.amazonaws.com/my-python:3.11",
        command=["python3"],
        instance_count=1,
        instance_type="ml.m5.large",
        sagemaker_session=session,
    )
    athena = DatasetDefinition(
        local_path="/opt/ml/processing/athena",
        data_distribution_type="FullyReplicated",
        input_mode="File",
        athena_dataset_definition=AthenaDatasetDefinition(
            catalog="AwsDataCatalog",
            database="sales",
            query_string="SELECT * FROM orders",
            output_s3_uri="s3://my-bucket/athena/",
            work_group="primary",
            output_format="PARQUET",
        ),
    )
    redshift = DatasetDefinition(
        local_path="/opt/ml/processing/redshift",
        redshift_dataset_definition=RedshiftDatasetDefinition(
            cluster_id="cluster-1",
            database="dev",
            db_user="analyst",
            query_string="SELECT 1",
            cluster_role_arn=ROLE,
            output_s3_uri="s3://my-bucket/redshift/",
            output_format="CSV",
        ),
    )
    step = ProcessingStep(
        name="QueryData",
        step_args=processor.run(
            code="code/preprocess.py",
            inputs=[
                ProcessingInput(input_name="athena", dataset_definition=athena),
                ProcessingInput(dataset_definition=redshift),
            ],
            outputs=[
                ProcessingOutput(
                    output_name="report",
                    source="/opt/ml/processing/report",
                    destination="s3://my-bucket/reports/",
                ),
                ProcessingOutput(source="/opt/ml/processing/other"),
            ],
        ),
    )
    return Pipeline(name="DatasetDefinitions", steps=[step], sagemaker_session=session)
