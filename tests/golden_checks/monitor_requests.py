"""Baselining jobs and monitoring schedules of every monitor: the SageMaker API calls they make."""

from dagmaker.clarify import (
    BiasConfig,
    DataConfig,
    ModelConfig,
    ModelPredictedLabelConfig,
    SHAPConfig,
)
from dagmaker.model_monitor import (
    BatchTransformInput,
    Constraints,
    CronExpressionGenerator,
    DataQualityDistributionConstraints,
    DataQualityMonitoringConfig,
    DatasetFormat,
    DefaultModelMonitor,
    EndpointInput,
    ModelBiasMonitor,
    ModelExplainabilityMonitor,
    ModelQualityMonitor,
    MonitoringDatasetFormat,
    Statistics,
)
from dagmaker.session import Session
from tests.golden_checks.golden_session import ROLE, RecordingClient, session_kwargs

SCHEDULED = {"MonitoringScheduleStatus": "Scheduled"}


def calls() -> list:
    client = RecordingClient({"describe_monitoring_schedule": SCHEDULED})
    session = Session(**session_kwargs(sagemaker_client=client))
    _data_quality(session)
    _model_quality(session)
    _model_bias(session)
    _explainability(session)
    return client.calls


def _data_quality(session: Session) -> None:
    monitor = DefaultModelMonitor(
        role=ROLE,
        instance_type="ml.m5.large",
        volume_size_in_gb=20,
        max_runtime_in_seconds=3600,
        env={"TEAM": "ml"},
        tags={"stage": "dev"},
        sagemaker_session=session,
    )
    monitor.suggest_baseline(
        baseline_dataset="data/baseline.csv",
        dataset_format=DatasetFormat.csv(header=False),
        record_preprocessor_script="data/preprocessor.py",
        post_analytics_processor_script="s3://my-bucket/scripts/postprocessor.py",
        monitoring_config_override=DataQualityMonitoringConfig(
            distribution_constraints=DataQualityDistributionConstraints(
                categorical_drift_method="ChiSquared"
            )
        ),
        wait=False,
        logs=False,
    )
    monitor.create_monitoring_schedule(
        endpoint_input="my-endpoint",
        record_preprocessor_script="s3://my-bucket/scripts/preprocessor.py",
        statistics=Statistics(
            body_dict={}, statistics_file_s3_uri="s3://my-bucket/baseline/statistics.json"
        ),
        constraints=Constraints(
            body_dict={}, constraints_file_s3_uri="s3://my-bucket/baseline/constraints.json"
        ),
        schedule_cron_expression=CronExpressionGenerator.hourly(),
    )
    monitor.update_monitoring_schedule(schedule_cron_expression=CronExpressionGenerator.daily(3))
    monitor.stop_monitoring_schedule()
    monitor.start_monitoring_schedule()
    monitor.delete_monitoring_schedule()


def _model_quality(session: Session) -> None:
    monitor = ModelQualityMonitor(role=ROLE, instance_count=2, sagemaker_session=session)
    monitor.suggest_baseline(
        baseline_dataset="s3://my-bucket/predictions.csv",
        dataset_format=DatasetFormat.csv(header=True),
        problem_type="BinaryClassification",
        inference_attribute="prediction",
        probability_attribute="probability",
        ground_truth_attribute="label",
        probability_threshold_attribute=0.5,
        job_name="mq-baseline",
        output_s3_uri="s3://my-bucket/mq-baseline",
    )
    monitor.create_monitoring_schedule(
        endpoint_input=EndpointInput(
            endpoint_name="my-endpoint",
            destination="/opt/ml/processing/input_data",
            inference_attribute="0",
            probability_attribute="1",
            probability_threshold_attribute=0.5,
            start_time_offset="-PT2H",
            end_time_offset="-PT1H",
        ),
        ground_truth_input="s3://my-bucket/ground-truth",
        problem_type="BinaryClassification",
        constraints=Constraints(
            body_dict={}, constraints_file_s3_uri="s3://my-bucket/mq-baseline/constraints.json"
        ),
        monitor_schedule_name="mq-schedule",
        schedule_cron_expression=CronExpressionGenerator.now(),
        data_analysis_start_time="-PT1H",
        data_analysis_end_time="-PT0H",
        enable_cloudwatch_metrics=False,
    )


def _model_bias(session: Session) -> None:
    monitor = ModelBiasMonitor(role=ROLE, base_job_name="bias", sagemaker_session=session)
    data_config = DataConfig(
        s3_data_input_path="s3://my-bucket/test.csv",
        s3_output_path="s3://my-bucket/bias-baseline",
        label="label",
        headers=["label", "age", "gender"],
    )
    monitor.suggest_baseline(
        data_config=data_config,
        bias_config=BiasConfig(label_values_or_threshold=[1], facet_name="gender"),
        model_config=ModelConfig(
            model_name="my-model", instance_count=1, instance_type="ml.m5.large"
        ),
        model_predicted_label_config=ModelPredictedLabelConfig(probability_threshold=0.7),
    )
    monitor.create_monitoring_schedule(
        batch_transform_input=BatchTransformInput(
            data_captured_destination_s3_uri="s3://my-bucket/transform-capture",
            destination="/opt/ml/processing/transform",
            dataset_format=MonitoringDatasetFormat.csv(header=False),
        ),
        ground_truth_input="s3://my-bucket/ground-truth",
        output_s3_uri="s3://my-bucket/bias-monitoring",
        schedule_cron_expression=CronExpressionGenerator.daily_every_x_hours(6, 1),
    )


def _explainability(session: Session) -> None:
    monitor = ModelExplainabilityMonitor(role=ROLE, sagemaker_session=session)
    monitor.suggest_baseline(
        data_config=DataConfig(
            s3_data_input_path="s3://my-bucket/test.csv",
            s3_output_path="s3://my-bucket/shap-baseline",
            label="label",
            headers=["label", "age", "gender"],
        ),
        explainability_config=SHAPConfig(baseline=[[30, 1]], num_samples=10, agg_method="median"),
        model_config=ModelConfig(endpoint_name="my-endpoint", content_type="text/csv"),
        model_scores=ModelPredictedLabelConfig(label=0, label_headers=["yes"]),
        job_name="shap-baseline",
    )
    monitor.create_monitoring_schedule(
        endpoint_input="my-endpoint",
        schedule_cron_expression=CronExpressionGenerator.daily(),
    )
