"""Seed 000 "Model Step": register a model with metrics, drift baselines and metadata."""

from dagmaker.drift_check_baselines import DriftCheckBaselines
from dagmaker.model import Model
from dagmaker.model_metrics import FileSource, MetricsSource, ModelMetrics
from dagmaker.workflow.model_step import ModelStep
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.retry import StepExceptionTypeEnum, StepRetryPolicy
from tests.golden_models.golden_session import ROLE, session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    model_data = ParameterString(name="ModelData", default_value="s3://my-bucket/model.tar.gz")
    approval = ParameterString(name="ModelApprovalStatus", default_value="PendingManualApproval")
    report = ParameterString(name="EvaluationUri", default_value="s3://my-bucket/eval")
    model = Model(
        image_uri="123456789012.dkr.ecr.us-west-2.amazonaws.com/my-inference:1.0",
        model_data=model_data,
        role=ROLE,
        env={"MODEL_SERVER_TIMEOUT": "120"},
        sagemaker_session=session,
    )
    metrics = ModelMetrics(
        model_statistics=MetricsSource(
            content_type="application/json", s3_uri="s3://my-bucket/eval/statistics.json"
        ),
        model_constraints=MetricsSource(
            content_type="application/json", s3_uri="s3://my-bucket/eval/constraints.json"
        ),
        bias_pre_training=MetricsSource(
            content_type="application/json", s3_uri="s3://my-bucket/bias/pre.json"
        ),
        explainability=MetricsSource(
            content_type="application/json",
            s3_uri="s3://my-bucket/explain/analysis.json",
            content_digest="sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ),
    )
    baselines = DriftCheckBaselines(
        model_data_statistics=MetricsSource(
            content_type="application/json", s3_uri="s3://my-bucket/baseline/statistics.json"
        ),
        model_data_constraints=MetricsSource(
            content_type="application/json", s3_uri="s3://my-bucket/baseline/constraints.json"
        ),
        bias_config_file=FileSource(s3_uri="s3://my-bucket/bias/analysis_config.json"),
        bias_post_training_constraints=MetricsSource(
            content_type="application/json", s3_uri="s3://my-bucket/bias/post.json"
        ),
        explainability_config_file=FileSource(
            s3_uri="s3://my-bucket/explain/config.json", content_type="application/json"
        ),
    )
    register_args = model.register(
        content_types=["text/csv"],
        response_types=["text/csv"],
        inference_instances=["ml.t2.medium", "ml.m5.xlarge"],
        transform_instances=["ml.m5.xlarge"],
        model_package_group_name="AbaloneModelPackageGroup",
        approval_status=approval,
        model_metrics=metrics,
        drift_check_baselines=baselines,
        customer_metadata_properties={"team": "ml-platform", "report": report},
        description="Abalone regression model",
        domain="MACHINE_LEARNING",
        task="REGRESSION",
        sample_payload_url="s3://my-bucket/payload/sample.csv",
        framework="XGBOOST",
        framework_version="1.7",
        nearest_model_name="xgboost-regression",
        skip_model_validation="All",
    )
    step_register = ModelStep(
        name="RegisterAbalone",
        step_args=register_args,
        display_name="Register abalone model",
        description="Register the abalone model version",
        retry_policies=[
            StepRetryPolicy(exception_types=[StepExceptionTypeEnum.SERVICE_FAULT], max_attempts=3)
        ],
    )
    return Pipeline(
        name="ModelRegistry",
        parameters=[model_data, approval, report],
        steps=[step_register],
        sagemaker_session=session,
    )
