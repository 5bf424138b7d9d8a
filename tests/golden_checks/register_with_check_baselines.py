"""The check steps' baselines registered with a model: ModelMetrics from Calculated*,
DriftCheckBaselines from BaselineUsedForDriftCheck* and the Clarify monitoring configs."""

from dagmaker.clarify import BiasConfig, DataConfig, ModelConfig, SHAPConfig
from dagmaker.drift_check_baselines import DriftCheckBaselines
from dagmaker.model import Model
from dagmaker.model_metrics import FileSource, MetricsSource, ModelMetrics
from dagmaker.model_monitor.dataset_format import DatasetFormat
from dagmaker.workflow.check_job_config import CheckJobConfig
from dagmaker.workflow.clarify_check_step import (
    ClarifyCheckStep,
    DataBiasCheckConfig,
    ModelExplainabilityCheckConfig,
)
from dagmaker.workflow.model_step import ModelStep
from dagmaker.workflow.parameters import ParameterBoolean, ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.quality_check_step import DataQualityCheckConfig, QualityCheckStep
from dagmaker.workflow.step_collections import RegisterModel
from tests.golden_checks.golden_session import ROLE, session_kwargs

IMAGE = "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1"
GROUP = "CheckedModels"
JSON = "application/json"


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    train_data = ParameterString(name="TrainData", default_value="s3://my-bucket/train.csv")
    model_data = ParameterString(name="ModelData", default_value="s3://my-bucket/model.tar.gz")
    skip = ParameterBoolean(name="SkipChecks", default_value=False)
    register_new = ParameterBoolean(name="RegisterNewBaselines", default_value=False)
    job_config = CheckJobConfig(role=ROLE, instance_type="ml.c5.xlarge", sagemaker_session=session)
    data_quality = QualityCheckStep(
        name="DataQualityCheck",
        quality_check_config=DataQualityCheckConfig(
            baseline_dataset=train_data, dataset_format=DatasetFormat.csv(header=False)
        ),
        check_job_config=job_config,
        skip_check=skip,
        register_new_baseline=register_new,
        model_package_group_name=GROUP,
    )
    data_bias_config = DataBiasCheckConfig(
        data_config=DataConfig(
            s3_data_input_path=train_data,
            s3_output_path="s3://my-bucket/data-bias",
            label=0,
            dataset_type="text/csv",
        ),
        data_bias_config=BiasConfig(
            label_values_or_threshold=[15.0], facet_name=[8], facet_values_or_threshold=[[0.5]]
        ),
    )
    data_bias = ClarifyCheckStep(
        name="DataBiasCheck",
        clarify_check_config=data_bias_config,
        check_job_config=job_config,
        skip_check=skip,
        register_new_baseline=register_new,
        model_package_group_name=GROUP,
    )
    explainability_config = ModelExplainabilityCheckConfig(
        data_config=DataConfig(
            s3_data_input_path=train_data,
            s3_output_path="s3://my-bucket/explainability",
            label=0,
            dataset_type="text/csv",
        ),
        model_config=ModelConfig(
            model_name="abalone-model",
            instance_count=1,
            instance_type="ml.m5.large",
            accept_type="text/csv",
            content_type="text/csv",
        ),
        explainability_config=SHAPConfig(num_clusters=2, num_samples=20),
    )
    explainability = ClarifyCheckStep(
        name="ExplainabilityCheck",
        clarify_check_config=explainability_config,
        check_job_config=job_config,
        skip_check=skip,
        register_new_baseline=register_new,
        model_package_group_name=GROUP,
    )
    model_metrics = ModelMetrics(
        model_data_statistics=MetricsSource(
            s3_uri=data_quality.properties.CalculatedBaselineStatistics, content_type=JSON
        ),
        model_data_constraints=MetricsSource(
            s3_uri=data_quality.properties.CalculatedBaselineConstraints, content_type=JSON
        ),
        bias_pre_training=MetricsSource(
            s3_uri=data_bias.properties.CalculatedBaselineConstraints, content_type=JSON
        ),
        explainability=MetricsSource(
            s3_uri=explainability.properties.CalculatedBaselineConstraints, content_type=JSON
        ),
    )
    drift_check_baselines = DriftCheckBaselines(
        model_data_statistics=MetricsSource(
            s3_uri=data_quality.properties.BaselineUsedForDriftCheckStatistics, content_type=JSON
        ),
        model_data_constraints=MetricsSource(
            s3_uri=data_quality.properties.BaselineUsedForDriftCheckConstraints, content_type=JSON
        ),
        bias_pre_training_constraints=MetricsSource(
            s3_uri=data_bias.properties.BaselineUsedForDriftCheckConstraints, content_type=JSON
        ),
        bias_config_file=FileSource(
            s3_uri=data_bias_config.monitoring_analysis_config_uri, content_type=JSON
        ),
        explainability_constraints=MetricsSource(
            s3_uri=explainability.properties.BaselineUsedForDriftCheckConstraints,
            content_type=JSON,
        ),
        explainability_config_file=FileSource(
            s3_uri=explainability_config.monitoring_analysis_config_uri, content_type=JSON
        ),
    )
    model = Model(image_uri=IMAGE, model_data=model_data, role=ROLE, sagemaker_session=session)
    register = ModelStep(
        name="RegisterModel",
        step_args=model.register(
            content_types=["text/csv"],
            response_types=["text/csv"],
            inference_instances=["ml.m5.large"],
            transform_instances=["ml.m5.large"],
            model_package_group_name=GROUP,
            approval_status="PendingManualApproval",
            model_metrics=model_metrics,
            drift_check_baselines=drift_check_baselines,
        ),
    )
    legacy_register = RegisterModel(
        name="LegacyRegister",
        model=Model(image_uri=IMAGE, model_data=model_data, role=ROLE, sagemaker_session=session),
        content_types=["text/csv"],
        response_types=["text/csv"],
        inference_instances=["ml.m5.large"],
        transform_instances=["ml.m5.large"],
        model_package_group_name=f"{GROUP}Legacy",
        model_metrics=model_metrics,
        drift_check_baselines=drift_check_baselines,
    )
    return Pipeline(
        name="RegisterWithBaselines",
        parameters=[train_data, model_data, skip, register_new],
        steps=[data_quality, data_bias, explainability, register, legacy_register],
        sagemaker_session=session,
    )
