"""Seed 000 AutoMLStep: the best model registered with its reports, created and served."""

from dagmaker.automl.automl import AutoML, AutoMLInput
from dagmaker.model_metrics import MetricsSource, ModelMetrics
from dagmaker.transformer import Transformer
from dagmaker.workflow.automl_step import AutoMLStep
from dagmaker.workflow.model_step import ModelStep
from dagmaker.workflow.parameters import ParameterInteger, ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import CacheConfig, TransformStep
from tests.golden_models.golden_session import ROLE, session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    train = ParameterString(name="TrainData", default_value="s3://my-bucket/automl/train/")
    max_candidates = ParameterInteger(name="MaxCandidates", default_value=4)
    auto_ml = AutoML(
        role=ROLE,
        target_attribute_name="label",
        sagemaker_session=session,
        mode="ENSEMBLING",
        max_candidates=max_candidates,
        max_runtime_per_training_job_in_seconds=600,
        total_job_runtime_in_seconds=1800,
        problem_type="BinaryClassification",
        job_objective={"MetricName": "F1"},
        base_job_name="churn",
        generate_candidate_definitions_only=True,
        auto_generate_endpoint_name=True,
        tags={"team": "ml"},
    )
    step = AutoMLStep(
        name="AutoML",
        step_args=auto_ml.fit(
            inputs=[
                AutoMLInput(
                    inputs=train,
                    target_attribute_name="label",
                    channel_type="training",
                    content_type="text/csv;header=present",
                ),
                AutoMLInput(
                    inputs="s3://my-bucket/automl/validation/",
                    target_attribute_name="label",
                    channel_type="validation",
                    content_type="text/csv;header=present",
                    compression="Gzip",
                    sample_weight_attribute_name="weight",
                ),
            ]
        ),
        cache_config=CacheConfig(enable_caching=True, expire_after="P1D"),
    )
    model = step.get_best_auto_ml_model(ROLE, sagemaker_session=session)
    metrics = ModelMetrics(
        model_statistics=MetricsSource(
            s3_uri=step.properties.BestCandidateProperties.ModelInsightsJsonReportPath,
            content_type="application/json",
        ),
        explainability=MetricsSource(
            s3_uri=step.properties.BestCandidateProperties.ExplainabilityJsonReportPath,
            content_type="application/json",
        ),
    )
    register = ModelStep(
        name="RegisterBest",
        step_args=model.register(
            content_types=["text/csv"],
            response_types=["text/csv"],
            inference_instances=["ml.t2.medium", "ml.m5.large"],
            transform_instances=["ml.m5.large"],
            model_package_group_name="AutoMLModels",
            approval_status="PendingManualApproval",
            model_metrics=metrics,
        ),
    )
    create = ModelStep(name="CreateBest", step_args=model.create(instance_type="ml.m5.large"))
    transformer = Transformer(
        model_name=create.properties.ModelName,
        instance_count=1,
        instance_type="ml.m5.large",
        output_path="s3://my-bucket/automl/predictions",
        accept="text/csv",
        sagemaker_session=session,
    )
    transform = TransformStep(
        name="Predict",
        step_args=transformer.transform(
            data="s3://my-bucket/automl/test/", content_type="text/csv", split_type="Line"
        ),
    )
    regression = AutoML(
        role=ROLE,
        target_attribute_name="price",
        sagemaker_session=session,
        mode="ENSEMBLING",
        output_path="s3://my-bucket/automl-output",
        output_kms_key="alias/output",
        volume_kms_key="alias/volume",
        encrypt_inter_container_traffic=True,
        vpc_config={"Subnets": ["subnet-1"], "SecurityGroupIds": ["sg-1"]},
        compression_type="Gzip",
        content_type="x-application/vnd.amazon+parquet",
        s3_data_type="S3Prefix",
        feature_specification_s3_uri="s3://my-bucket/features.json",
        validation_fraction=0.25,
        sample_weight_attribute_name="w",
    )
    second = AutoMLStep(
        name="AutoMLRegression",
        step_args=regression.fit(inputs="s3://my-bucket/houses/"),
        depends_on=[step],
    )
    return Pipeline(
        name="AutoMLPipeline",
        parameters=[train, max_candidates],
        steps=[step, register, create, transform, second],
        sagemaker_session=session,
    )
