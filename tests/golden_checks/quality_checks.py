"""QualityCheckStep for data and model quality, settings given as values and as variables."""

from dagmaker.model_monitor.dataset_format import DatasetFormat
from dagmaker.workflow.check_job_config import CheckJobConfig
from dagmaker.workflow.execution_variables import ExecutionVariables
from dagmaker.workflow.functions import Join
from dagmaker.workflow.parameters import ParameterBoolean, ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.quality_check_step import (
    DataQualityCheckConfig,
    ModelQualityCheckConfig,
    QualityCheckStep,
)
from dagmaker.workflow.steps import CacheConfig
from tests.golden_checks.golden_session import ROLE, session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    skip_check = ParameterBoolean(name="SkipDataQualityCheck", default_value=False)
    register_new = ParameterBoolean(name="RegisterNewDataQualityBaseline", default_value=False)
    statistics = ParameterString(name="SuppliedStatistics", default_value="")
    constraints = ParameterString(name="SuppliedConstraints", default_value="")
    predictions = ParameterString(
        name="Predictions", default_value="s3://my-bucket/predictions/predictions.csv"
    )
    job_config = CheckJobConfig(
        role=ROLE,
        instance_count=1,
        instance_type="ml.c5.xlarge",
        volume_size_in_gb=120,
        sagemaker_session=session,
        env={"TEAM": "ml-platform"},
        tags={"stage": "dev"},
    )
    data_quality = QualityCheckStep(
        name="DataQualityCheck",
        skip_check=skip_check,
        register_new_baseline=register_new,
        quality_check_config=DataQualityCheckConfig(
            baseline_dataset="data/baseline.csv",
            dataset_format=DatasetFormat.csv(header=False, output_columns_position="START"),
            record_preprocessor_script="data/preprocessor.py",
            post_analytics_processor_script="data/postprocessor.py",
        ),
        check_job_config=job_config,
        supplied_baseline_statistics=statistics,
        supplied_baseline_constraints=constraints,
        model_package_group_name="CheckedModels",
        cache_config=CacheConfig(enable_caching=True, expire_after="PT1H"),
    )
    model_quality = QualityCheckStep(
        name="ModelQualityCheck",
        quality_check_config=ModelQualityCheckConfig(
            baseline_dataset=predictions,
            dataset_format=DatasetFormat.csv(header=True),
            problem_type="Regression",
            inference_attribute="prediction",
            ground_truth_attribute="label",
            output_s3_uri=Join(
                on="/",
                values=[
                    "s3://my-bucket",
                    ExecutionVariables.PIPELINE_EXECUTION_ID,
                    "model-quality",
                ],
            ),
        ),
        check_job_config=CheckJobConfig(
            role=ROLE,
            instance_type="ml.m5.large",
            base_job_name="model-quality-check",
            max_runtime_in_seconds=1800,
            sagemaker_session=session,
        ),
        skip_check=True,
        register_new_baseline=True,
        fail_on_violation=False,
        display_name="Model quality",
        description="Regression metrics of the predictions",
        depends_on=[data_quality],
    )
    return Pipeline(
        name="QualityChecks",
        parameters=[skip_check, register_new, statistics, constraints, predictions],
        steps=[data_quality, model_quality],
        sagemaker_session=session,
    )
