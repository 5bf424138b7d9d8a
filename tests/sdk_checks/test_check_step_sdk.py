"""Check steps, Clarify configs and MonitorBatchTransformStep: properties and bad input."""

from __future__ import annotations

import pytest

from dagmaker.clarify import (
    BiasConfig,
    DataConfig,
    ModelConfig,
    ModelPredictedLabelConfig,
    PDPConfig,
    SageMakerClarifyProcessor,
    SHAPConfig,
)
from dagmaker.model_monitor import DatasetFormat
from dagmaker.transformer import Transformer
from dagmaker.workflow.check_job_config import CheckJobConfig
from dagmaker.workflow.clarify_check_step import ClarifyCheckStep, DataBiasCheckConfig
from dagmaker.workflow.monitor_batch_transform_step import MonitorBatchTransformStep
from dagmaker.workflow.parameters import ParameterInteger, ParameterString
from dagmaker.workflow.quality_check_step import (
    DataQualityCheckConfig,
    ModelQualityCheckConfig,
    QualityCheckStep,
)
from tests.sdk_checks.conftest import ROLE


def _data_quality(pipeline_session, **kwargs) -> QualityCheckStep:
    return QualityCheckStep(
        name="DQ",
        quality_check_config=DataQualityCheckConfig(
            baseline_dataset="s3://bkt/data.csv", dataset_format=DatasetFormat.csv()
        ),
        check_job_config=CheckJobConfig(role=ROLE, sagemaker_session=pipeline_session),
        **kwargs,
    )


def test_quality_check_properties(pipeline_session) -> None:
    step = _data_quality(pipeline_session)
    for name in (
        "CalculatedBaselineStatistics",
        "CalculatedBaselineConstraints",
        "BaselineUsedForDriftCheckStatistics",
        "BaselineUsedForDriftCheckConstraints",
    ):
        assert getattr(step.properties, name).expr == {"Get": f"Steps.DQ.{name}"}
    with pytest.raises(AttributeError, match="no property 'ViolationReport'"):
        _ = step.properties.ViolationReport


def test_clarify_check_has_only_constraint_properties(pipeline_session) -> None:
    step = ClarifyCheckStep(
        name="Bias",
        clarify_check_config=DataBiasCheckConfig(
            data_config=DataConfig("s3://bkt/d.csv", "s3://bkt/out", label="y"),
            data_bias_config=BiasConfig([1], "gender"),
        ),
        check_job_config=CheckJobConfig(role=ROLE, sagemaker_session=pipeline_session),
    )
    assert step.properties.BaselineUsedForDriftCheckConstraints.expr == {
        "Get": "Steps.Bias.BaselineUsedForDriftCheckConstraints"
    }
    with pytest.raises(AttributeError):
        _ = step.properties.CalculatedBaselineStatistics
    uri = step.clarify_check_config.monitoring_analysis_config_uri
    assert uri.startswith("s3://check-bucket/model-monitor/bias-monitoring-configuration/")
    assert uri.endswith("/analysis_config.json")


def test_defaults_are_in_the_step_request(pipeline_session) -> None:
    request = _data_quality(pipeline_session).to_request()
    assert request["SkipCheck"] is False
    assert request["FailOnViolation"] is True
    assert request["RegisterNewBaseline"] is False
    for key in (
        "ModelPackageGroupName",
        "SuppliedBaselineStatistics",
        "SuppliedBaselineConstraints",
    ):
        assert key in request and request[key] is None


def test_quality_check_config_type_is_checked(pipeline_session) -> None:
    with pytest.raises(TypeError, match="DataQualityCheckConfig or ModelQualityCheckConfig"):
        QualityCheckStep(
            name="Q",
            quality_check_config={"baseline_dataset": "s3://bkt/d"},
            check_job_config=CheckJobConfig(role=ROLE, sagemaker_session=pipeline_session),
        )


def test_model_quality_attributes_must_be_text(pipeline_session) -> None:
    config = ModelQualityCheckConfig(
        baseline_dataset="s3://bkt/d.csv",
        dataset_format=DatasetFormat.csv(),
        problem_type="Regression",
        inference_attribute=ParameterInteger(name="Column", default_value=1),
    )
    job_config = CheckJobConfig(role=ROLE, sagemaker_session=pipeline_session)
    with pytest.raises(ValueError, match="inference_attribute cannot be Parameter types"):
        QualityCheckStep(name="MQ", quality_check_config=config, check_job_config=job_config)


def test_clarify_results_need_a_known_location(pipeline_session) -> None:
    output = ParameterString(name="Out", default_value="s3://bkt/out")
    config = DataBiasCheckConfig(
        data_config=DataConfig("s3://bkt/d.csv", output, label="y"),
        data_bias_config=BiasConfig([1], "gender"),
    )
    with pytest.raises(ValueError, match="`s3_output_path` cannot be a pipeline variable"):
        ClarifyCheckStep(
            name="Bias",
            clarify_check_config=config,
            check_job_config=CheckJobConfig(role=ROLE, sagemaker_session=pipeline_session),
        )


def test_monitor_batch_transform_rules(pipeline_session) -> None:
    transformer = Transformer(
        model_name="m",
        instance_count=1,
        instance_type="ml.m5.large",
        base_transform_job_name="t",
        sagemaker_session=pipeline_session,
    )
    job_config = CheckJobConfig(role=ROLE, sagemaker_session=pipeline_session)
    model_quality = ModelQualityCheckConfig(
        baseline_dataset="s3://bkt/out",
        dataset_format=DatasetFormat.csv(),
        problem_type="Regression",
    )
    with pytest.raises(ValueError, match="monitor_before_transform only take effect"):
        MonitorBatchTransformStep(
            name="M",
            transform_step_args=transformer.transform("s3://bkt/in"),
            monitor_configuration=model_quality,
            check_job_configuration=job_config,
            monitor_before_transform=True,
        )
    with pytest.raises(TypeError, match=r"must be obtained from transformer\.transform"):
        MonitorBatchTransformStep(
            name="M",
            transform_step_args={"TransformJobName": "x"},
            monitor_configuration=model_quality,
            check_job_configuration=job_config,
        )
    step = MonitorBatchTransformStep(
        name="M",
        transform_step_args=transformer.transform("s3://bkt/in"),
        monitor_configuration=model_quality,
        check_job_configuration=job_config,
    )
    transform, check = step.steps
    assert (transform.name, check.name) == ("M-transform", "M-monitoring")
    assert check.depends_on == [transform]
    assert check.skip_check is False


def test_clarify_config_validation() -> None:
    with pytest.raises(ValueError, match="either model_name, instance_count and instance_type"):
        ModelConfig(model_name="m")
    with pytest.raises(ValueError, match="content_template field is required"):
        ModelConfig(endpoint_name="e", content_type="application/jsonlines")
    with pytest.raises(ValueError, match="Invalid agg_method 'max'"):
        SHAPConfig(agg_method="max")
    with pytest.raises(ValueError, match="cannot be provided together"):
        SHAPConfig(baseline=[[1]], num_clusters=2)
    with pytest.raises(ValueError, match="number of facet names"):
        BiasConfig([1], facet_name=["a", "b"], facet_values_or_threshold=[[1]])
    with pytest.raises(ValueError, match="Invalid dataset_type"):
        DataConfig("s3://bkt/d", "s3://bkt/o", dataset_type="text/tsv")
    with pytest.raises(TypeError, match="probability_threshold"):
        ModelPredictedLabelConfig(probability_threshold="high")


def test_clarify_processor_methods(session) -> None:
    processor = SageMakerClarifyProcessor(
        role=ROLE, instance_count=1, instance_type="ml.m5.large", sagemaker_session=session
    )
    assert processor.image_uri.endswith("/sagemaker-clarify-processing:1.0")
    with pytest.raises(TypeError, match="run_pre_training_bias"):
        processor.run()
    data_config = DataConfig("s3://bkt/d.csv", "s3://bkt/out", label="y", headers=["y", "x"])
    with pytest.raises(ValueError, match="model_config must be provided"):
        processor.run_post_training_bias(data_config, BiasConfig([1], "x"))
    with pytest.raises(ValueError, match="PDP features must be provided"):
        processor.run_explainability(
            data_config, ModelConfig(endpoint_name="e"), PDPConfig(), wait=False, logs=False
        )
