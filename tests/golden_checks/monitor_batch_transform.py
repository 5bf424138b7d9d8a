"""Seed 000 MonitorBatchTransformStep: data quality before a transform, model quality after."""

from dagmaker.model_monitor.dataset_format import DatasetFormat
from dagmaker.transformer import Transformer
from dagmaker.workflow.check_job_config import CheckJobConfig
from dagmaker.workflow.monitor_batch_transform_step import MonitorBatchTransformStep
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.quality_check_step import DataQualityCheckConfig, ModelQualityCheckConfig
from tests.golden_checks.golden_session import ROLE, session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    transform_input = ParameterString(
        name="transform_input", default_value="s3://my-bucket/my-prefix/my-transform-input"
    )
    job_config = CheckJobConfig(
        role=ROLE, instance_count=1, instance_type="ml.m5.xlarge", sagemaker_session=session
    )
    transformer = Transformer(
        model_name="my-model",
        instance_count=1,
        instance_type="ml.m5.xlarge",
        output_path="s3://my-bucket/transform-output",
        base_transform_job_name="monitored-transform",
        sagemaker_session=session,
    )
    data_quality = MonitorBatchTransformStep(
        name="MyMonitorBatchTransformStep",
        transform_step_args=transformer.transform(
            transform_input, content_type="text/csv", split_type="Line"
        ),
        monitor_configuration=DataQualityCheckConfig(
            baseline_dataset=transform_input,
            dataset_format=DatasetFormat.csv(header=False),
            output_s3_uri="s3://my-report-path",
        ),
        check_job_configuration=job_config,
        monitor_before_transform=True,
        fail_on_violation=False,
        supplied_baseline_statistics="s3://my-baseline-statistics.json",
        supplied_baseline_constraints="s3://my-baseline-constraints.json",
    )
    joined = Transformer(
        model_name="my-model",
        instance_count=1,
        instance_type="ml.m5.xlarge",
        output_path="s3://my-bucket/joined-output",
        base_transform_job_name="joined-transform",
        accept="text/csv",
        assemble_with="Line",
        sagemaker_session=session,
    )
    model_quality = MonitorBatchTransformStep(
        name="ModelQualityTransform",
        transform_step_args=joined.transform(
            transform_input,
            content_type="text/csv",
            split_type="Line",
            join_source="Input",
            input_filter="$[1:]",
        ),
        monitor_configuration=ModelQualityCheckConfig(
            baseline_dataset=joined.output_path,
            problem_type="BinaryClassification",
            dataset_format=DatasetFormat.csv(header=False),
            output_s3_uri="s3://my-output",
            inference_attribute="_c10",
            ground_truth_attribute="_c0",
        ),
        check_job_configuration=job_config,
        display_name="Monitored transform",
        description="Model quality of the joined transform output",
        supplied_baseline_statistics="s3://my-baseline-statistics.json",
        supplied_baseline_constraints="s3://my-baseline-constraints.json",
    )
    return Pipeline(
        name="MonitorBatchTransform",
        parameters=[transform_input],
        steps=[data_quality, model_quality],
        sagemaker_session=session,
    )
