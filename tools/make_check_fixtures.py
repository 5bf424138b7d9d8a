"""Regenerate tests/e2e/real_sdk/checks*.json: check-step pipelines built by the REAL SDK.

Run by hand with an interpreter that has ``sagemaker`` 2.x (tests never run this):

    /tmp/smvenv/bin/python tools/make_check_fixtures.py

Offline: fake credentials, no network. What the SDK uploads while building the steps
(the Clarify analysis configs, the monitoring analysis configs) is written under
``tests/e2e/real_sdk/uploads/checks/`` and ``<name>.uploads.json`` maps each S3 URI onto
its file; the test puts them into dagmaker's artifact store before running. Data comes
in through parameters, so the definitions name no local file.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("SAGEMAKER_SUPPRESS_V2_WARNING", "1")
os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")

import boto3
from sagemaker import image_uris
from sagemaker.clarify import (
    BiasConfig,
    DataConfig,
    ModelConfig,
    ModelPredictedLabelConfig,
    SHAPConfig,
)
from sagemaker.drift_check_baselines import DriftCheckBaselines
from sagemaker.estimator import Estimator
from sagemaker.inputs import TrainingInput
from sagemaker.model import Model
from sagemaker.model_metrics import FileSource, MetricsSource, ModelMetrics
from sagemaker.model_monitor import DatasetFormat
from sagemaker.transformer import Transformer
from sagemaker.workflow.check_job_config import CheckJobConfig
from sagemaker.workflow.clarify_check_step import (
    ClarifyCheckStep,
    DataBiasCheckConfig,
    ModelBiasCheckConfig,
    ModelExplainabilityCheckConfig,
)
from sagemaker.workflow.execution_variables import ExecutionVariables
from sagemaker.workflow.functions import Join
from sagemaker.workflow.model_step import ModelStep
from sagemaker.workflow.monitor_batch_transform_step import MonitorBatchTransformStep
from sagemaker.workflow.parameters import ParameterBoolean, ParameterString
from sagemaker.workflow.pipeline import Pipeline
from sagemaker.workflow.pipeline_context import PipelineSession
from sagemaker.workflow.quality_check_step import (
    DataQualityCheckConfig,
    ModelQualityCheckConfig,
    QualityCheckStep,
)
from sagemaker.workflow.steps import TrainingStep

HERE = Path(__file__).resolve().parents[1] / "tests" / "e2e" / "real_sdk"
UPLOAD_DIR = HERE / "uploads" / "checks"
ROLE = "arn:aws:iam::111122223333:role/SageMakerRole"
BUCKET = "fixture-bucket"
GROUP = "CheckedModels"
HEADERS = ["label", "age", "income", "gender"]
JSON = "application/json"
UPLOADS: dict[str, str] = {}


def _keep(uri: str, data: bytes) -> str:
    name = "-".join(uri[len("s3://") :].split("/")[1:])
    UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    (UPLOAD_DIR / name).write_bytes(data)
    UPLOADS[uri] = f"uploads/checks/{name}"
    return uri


class OfflineSession(PipelineSession):
    """A PipelineSession whose uploads are kept as fixture files, not sent."""

    def default_bucket(self) -> str:
        return BUCKET

    def upload_data(self, path, bucket=None, key_prefix="data", extra_args=None, callback=None):
        return _keep(f"s3://{bucket}/{key_prefix}/{Path(path).name}", Path(path).read_bytes())

    def upload_string_as_file_body(self, body, bucket, key, kms_key=None):
        return _keep(f"s3://{bucket}/{key}", body.encode() if isinstance(body, str) else body)


def session() -> OfflineSession:
    boto = boto3.Session(aws_access_key_id="x", aws_secret_access_key="x", region_name="us-east-1")
    return OfflineSession(boto_session=boto, default_bucket=BUCKET)


def _per_execution(*parts: str) -> Join:
    return Join(on="/", values=["s3:/", BUCKET, ExecutionVariables.PIPELINE_EXECUTION_ID, *parts])


def checks() -> Pipeline:
    """Checks before training and of the model, registered with the model (AWS example)."""
    return _pipeline("RealSdkChecks", data_quality_checks=True)


def clarify_checks() -> Pipeline:
    """The Clarify checks alone: data bias before training, model bias after it."""
    return _pipeline("RealSdkClarifyChecks", data_quality_checks=False)


def _pipeline(name: str, data_quality_checks: bool) -> Pipeline:
    sess = session()
    train_data = ParameterString(name="TrainData", default_value=f"s3://{BUCKET}/data/train.csv")
    test_data = ParameterString(name="TestData", default_value=f"s3://{BUCKET}/data/test.csv")
    explain_data = ParameterString(
        name="ExplainData", default_value=f"s3://{BUCKET}/data/explain.csv"
    )
    features = ParameterString(
        name="TestFeatures", default_value=f"s3://{BUCKET}/data/test-features.csv"
    )
    skip = ParameterBoolean(name="SkipChecks", default_value=False)
    register_new = ParameterBoolean(name="RegisterNewBaselines", default_value=False)
    statistics = ParameterString(name="SuppliedStatistics", default_value="")
    constraints = ParameterString(name="SuppliedConstraints", default_value="")
    bias = ParameterString(name="SuppliedBias", default_value="")
    approval = ParameterString(name="ModelApprovalStatus", default_value="PendingManualApproval")
    job_config = CheckJobConfig(role=ROLE, instance_type="ml.m5.xlarge", sagemaker_session=sess)

    data_quality = QualityCheckStep(
        name="DataQualityCheck",
        quality_check_config=DataQualityCheckConfig(
            baseline_dataset=train_data,
            dataset_format=DatasetFormat.csv(header=False),
            output_s3_uri=_per_execution("dataqualitycheck"),
        ),
        check_job_config=job_config,
        skip_check=skip,
        register_new_baseline=register_new,
        supplied_baseline_statistics=statistics,
        supplied_baseline_constraints=constraints,
        model_package_group_name=GROUP,
    )
    data_bias_config = DataBiasCheckConfig(
        data_config=DataConfig(
            s3_data_input_path=train_data,
            s3_output_path=_per_execution("databiascheck"),
            s3_analysis_config_output_path=f"s3://{BUCKET}/clarify/databias",
            label="label",
            headers=HEADERS,
            dataset_type="text/csv",
        ),
        data_bias_config=BiasConfig(
            label_values_or_threshold=[1], facet_name="gender", facet_values_or_threshold=[1]
        ),
    )
    data_bias = ClarifyCheckStep(
        name="DataBiasCheck",
        clarify_check_config=data_bias_config,
        check_job_config=job_config,
        skip_check=skip,
        register_new_baseline=register_new,
        supplied_baseline_constraints=bias,
        model_package_group_name=GROUP,
    )
    image = image_uris.retrieve("xgboost", "us-east-1", version="1.7-1")
    estimator = Estimator(
        image_uri=image,
        role=ROLE,
        instance_type="ml.m5.xlarge",
        instance_count=1,
        output_path=f"s3://{BUCKET}/models",
        hyperparameters={"objective": "binary:logistic", "num_round": 20, "max_depth": 3},
        sagemaker_session=sess,
    )
    train = TrainingStep(
        name="Train",
        step_args=estimator.fit({"train": TrainingInput(train_data, content_type="text/csv")}),
        depends_on=[data_quality, data_bias] if data_quality_checks else [data_bias],
    )
    model = Model(
        image_uri=image,
        model_data=train.properties.ModelArtifacts.S3ModelArtifacts,
        role=ROLE,
        sagemaker_session=sess,
    )
    create_model = ModelStep(
        name="CreateModel", step_args=model.create(instance_type="ml.m5.large")
    )
    model_config = ModelConfig(
        model_name=create_model.properties.ModelName,
        instance_count=1,
        instance_type="ml.m5.large",
        content_type="text/csv",
        accept_type="text/csv",
    )
    model_bias_config = ModelBiasCheckConfig(
        data_config=DataConfig(
            s3_data_input_path=test_data,
            s3_output_path=_per_execution("modelbiascheck"),
            s3_analysis_config_output_path=f"s3://{BUCKET}/clarify/modelbias",
            label="label",
            headers=HEADERS,
            dataset_type="text/csv",
        ),
        data_bias_config=BiasConfig(
            label_values_or_threshold=[1], facet_name="gender", facet_values_or_threshold=[1]
        ),
        model_config=model_config,
        model_predicted_label_config=ModelPredictedLabelConfig(probability_threshold=0.5),
    )
    model_bias = ClarifyCheckStep(
        name="ModelBiasCheck",
        clarify_check_config=model_bias_config,
        check_job_config=job_config,
        skip_check=skip,
        register_new_baseline=register_new,
        model_package_group_name=GROUP,
    )
    explainability_config = ModelExplainabilityCheckConfig(
        data_config=DataConfig(
            s3_data_input_path=explain_data,
            s3_output_path=_per_execution("explainabilitycheck"),
            s3_analysis_config_output_path=f"s3://{BUCKET}/clarify/explainability",
            label="label",
            headers=HEADERS,
            dataset_type="text/csv",
        ),
        model_config=model_config,
        explainability_config=SHAPConfig(
            baseline=[[45, 55.0, 0]], num_samples=20, agg_method="mean_abs", seed=7
        ),
    )
    explainability = ClarifyCheckStep(
        name="ExplainabilityCheck",
        clarify_check_config=explainability_config,
        check_job_config=job_config,
        skip_check=skip,
        register_new_baseline=register_new,
        model_package_group_name=GROUP,
    )
    transformer = Transformer(
        model_name=create_model.properties.ModelName,
        instance_count=1,
        instance_type="ml.m5.large",
        output_path=_per_execution("transform"),
        accept="text/csv",
        assemble_with="Line",
        sagemaker_session=sess,
    )
    monitored_transform = MonitorBatchTransformStep(
        name="ScoreTest",
        transform_step_args=transformer.transform(
            features, content_type="text/csv", split_type="Line"
        ),
        monitor_configuration=DataQualityCheckConfig(
            baseline_dataset=features,
            dataset_format=DatasetFormat.csv(header=False),
            output_s3_uri=_per_execution("scoretestcheck"),
        ),
        check_job_configuration=job_config,
        monitor_before_transform=True,
        fail_on_violation=False,
        supplied_baseline_statistics=data_quality.properties.CalculatedBaselineStatistics,
        supplied_baseline_constraints=data_quality.properties.CalculatedBaselineConstraints,
    )

    def source(value: Any) -> MetricsSource:
        return MetricsSource(s3_uri=value, content_type=JSON)

    metrics: dict[str, Any] = {
        "bias_pre_training": source(data_bias.properties.CalculatedBaselineConstraints)
    }
    baselines: dict[str, Any] = {
        "bias_pre_training_constraints": source(
            data_bias.properties.BaselineUsedForDriftCheckConstraints
        ),
        "bias_config_file": FileSource(
            s3_uri=data_bias_config.monitoring_analysis_config_uri, content_type=JSON
        ),
    }
    if data_quality_checks:
        quality = data_quality.properties
        metrics["model_data_statistics"] = source(quality.CalculatedBaselineStatistics)
        metrics["model_data_constraints"] = source(quality.CalculatedBaselineConstraints)
        baselines["model_data_statistics"] = source(quality.BaselineUsedForDriftCheckStatistics)
        baselines["model_data_constraints"] = source(quality.BaselineUsedForDriftCheckConstraints)
        steps = [data_quality, data_bias, train, create_model, monitored_transform]
    else:
        metrics["bias_post_training"] = source(model_bias.properties.CalculatedBaselineConstraints)
        metrics["explainability"] = source(explainability.properties.CalculatedBaselineConstraints)
        baselines["bias_post_training_constraints"] = source(
            model_bias.properties.BaselineUsedForDriftCheckConstraints
        )
        baselines["bias_config_file"] = FileSource(
            s3_uri=model_bias_config.monitoring_analysis_config_uri, content_type=JSON
        )
        baselines["explainability_constraints"] = source(
            explainability.properties.BaselineUsedForDriftCheckConstraints
        )
        baselines["explainability_config_file"] = FileSource(
            s3_uri=explainability_config.monitoring_analysis_config_uri, content_type=JSON
        )
        steps = [data_bias, train, create_model, model_bias, explainability]
    register = ModelStep(
        name="Register",
        step_args=model.register(
            content_types=["text/csv"],
            response_types=["text/csv"],
            inference_instances=["ml.m5.large"],
            transform_instances=["ml.m5.large"],
            model_package_group_name=GROUP,
            approval_status=approval,
            model_metrics=ModelMetrics(**metrics),
            drift_check_baselines=DriftCheckBaselines(**baselines),
        ),
        depends_on=[monitored_transform] if data_quality_checks else None,
    )
    parameters = [train_data, skip, register_new, bias, approval]
    if data_quality_checks:
        parameters += [features, statistics, constraints]
    else:
        parameters += [test_data, explain_data]
    return Pipeline(
        name=name,
        parameters=parameters,
        steps=[*steps, register],
        sagemaker_session=sess,
    )


def monitor_batch_transform() -> Pipeline:
    """Batch transforms monitored by Clarify: explainability before, model bias after."""
    sess = session()
    train_data = ParameterString(name="TrainData", default_value=f"s3://{BUCKET}/data/train.csv")
    test_data = ParameterString(name="TestData", default_value=f"s3://{BUCKET}/data/test.csv")
    features = ParameterString(
        name="TestFeatures", default_value=f"s3://{BUCKET}/data/test-features.csv"
    )
    explain_baseline = ParameterString(name="ExplainBaseline", default_value="")
    bias_baseline = ParameterString(name="BiasBaseline", default_value="")
    fail_on_drift = ParameterBoolean(name="FailOnExplainabilityDrift", default_value=True)
    job_config = CheckJobConfig(role=ROLE, instance_type="ml.m5.xlarge", sagemaker_session=sess)
    image = image_uris.retrieve("xgboost", "us-east-1", version="1.7-1")
    estimator = Estimator(
        image_uri=image,
        role=ROLE,
        instance_type="ml.m5.xlarge",
        instance_count=1,
        output_path=f"s3://{BUCKET}/models",
        hyperparameters={"objective": "binary:logistic", "num_round": 20, "max_depth": 3},
        sagemaker_session=sess,
    )
    train = TrainingStep(
        name="Train",
        step_args=estimator.fit({"train": TrainingInput(train_data, content_type="text/csv")}),
    )
    model = Model(
        image_uri=image,
        model_data=train.properties.ModelArtifacts.S3ModelArtifacts,
        role=ROLE,
        sagemaker_session=sess,
    )
    create_model = ModelStep(
        name="CreateModel", step_args=model.create(instance_type="ml.m5.large")
    )
    model_config = ModelConfig(
        model_name=create_model.properties.ModelName,
        instance_count=1,
        instance_type="ml.m5.large",
        content_type="text/csv",
        accept_type="text/csv",
    )

    def transformer(name: str) -> Transformer:
        return Transformer(
            model_name=create_model.properties.ModelName,
            instance_count=1,
            instance_type="ml.m5.large",
            output_path=_per_execution(name),
            accept="text/csv",
            assemble_with="Line",
            sagemaker_session=sess,
        )

    explained = MonitorBatchTransformStep(
        name="ExplainedTransform",
        transform_step_args=transformer("explained").transform(
            features, content_type="text/csv", split_type="Line"
        ),
        monitor_configuration=ModelExplainabilityCheckConfig(
            data_config=DataConfig(
                s3_data_input_path=features,
                s3_output_path=_per_execution("explainedcheck"),
                s3_analysis_config_output_path=f"s3://{BUCKET}/clarify/explained",
                headers=HEADERS[1:],
                dataset_type="text/csv",
            ),
            model_config=model_config,
            explainability_config=SHAPConfig(
                baseline=[[45, 55.0, 0]], num_samples=20, agg_method="mean_abs", seed=7
            ),
        ),
        check_job_configuration=job_config,
        monitor_before_transform=True,
        fail_on_violation=fail_on_drift,
        supplied_baseline_constraints=explain_baseline,
    )
    biased = MonitorBatchTransformStep(
        name="BiasCheckedTransform",
        transform_step_args=transformer("biaschecked").transform(
            features, content_type="text/csv", split_type="Line"
        ),
        monitor_configuration=ModelBiasCheckConfig(
            data_config=DataConfig(
                s3_data_input_path=test_data,
                s3_output_path=_per_execution("biascheck"),
                s3_analysis_config_output_path=f"s3://{BUCKET}/clarify/biaschecked",
                label="label",
                headers=HEADERS,
                dataset_type="text/csv",
            ),
            data_bias_config=BiasConfig(
                label_values_or_threshold=[1], facet_name="gender", facet_values_or_threshold=[1]
            ),
            model_config=model_config,
            model_predicted_label_config=ModelPredictedLabelConfig(probability_threshold=0.5),
        ),
        check_job_configuration=job_config,
        supplied_baseline_constraints=bias_baseline,
    )
    return Pipeline(
        name="RealSdkMonitorBatchTransform",
        parameters=[
            train_data,
            test_data,
            features,
            explain_baseline,
            bias_baseline,
            fail_on_drift,
        ],
        steps=[train, create_model, explained, biased],
        sagemaker_session=sess,
    )


QUALITY_FIXTURES = HERE.parents[1] / "quality"


def sdk_quality_check(kind: str) -> Pipeline:
    """One QualityCheckStep as SageMaker's own integration tests build it (data or model)."""
    sess = session()
    statistics = ParameterString(name="SuppliedBaselineStatisticsUri", default_value="")
    constraints = ParameterString(name="SuppliedBaselineConstraintsUri", default_value="")
    fail_on_violation = ParameterBoolean(name="FailOnViolation", default_value=True)
    if kind == "data":
        config: Any = DataQualityCheckConfig(
            baseline_dataset=str(QUALITY_FIXTURES / "dq_fixtures" / "dq_baseline_dataset.csv"),
            dataset_format=DatasetFormat.csv(header=False),
        )
    else:
        config = ModelQualityCheckConfig(
            baseline_dataset=str(
                QUALITY_FIXTURES / "mq_clarify_fixtures" / "mq_baseline_dataset.csv"
            ),
            dataset_format=DatasetFormat.csv(),
            problem_type="Regression",
            inference_attribute="Label",
            ground_truth_attribute="Prediction",
        )
    step = QualityCheckStep(
        name="DataQualityCheckStep" if kind == "data" else "ModelQualityCheckStep",
        skip_check=False,
        register_new_baseline=False,
        fail_on_violation=fail_on_violation,
        quality_check_config=config,
        check_job_config=CheckJobConfig(
            role=ROLE, instance_count=1, instance_type="ml.c5.xlarge", sagemaker_session=sess
        ),
        supplied_baseline_statistics=statistics,
        supplied_baseline_constraints=constraints,
    )
    return Pipeline(
        name=f"RealSdk{kind.title()}QualityCheck",
        parameters=[statistics, constraints, fail_on_violation],
        steps=[step],
        sagemaker_session=sess,
    )


def sdk_data_bias_check() -> Pipeline:
    """One ClarifyCheckStep as SageMaker's own integration test builds it (data bias)."""
    sess = session()
    constraints = ParameterString(name="SuppliedBaselineConstraintsUri", default_value="")
    fail_on_violation = ParameterBoolean(name="FailOnViolation", default_value=True)
    base = f"s3://{BUCKET}/clarify_check_step"
    step = ClarifyCheckStep(
        name="DataBiasCheckStep",
        clarify_check_config=DataBiasCheckConfig(
            data_config=DataConfig(
                s3_data_input_path=f"{base}/input/dataset/dataset.csv",
                s3_output_path=f"{base}/analysis_result/result",
                s3_analysis_config_output_path=f"{base}/analysis_cfg/analysis_cfg",
                label="Label",
                headers=["Label", "F1", "F2", "F3", "F4"],
                dataset_type="text/csv",
            ),
            data_bias_config=BiasConfig(
                label_values_or_threshold=[1],
                facet_name="F1",
                facet_values_or_threshold=[0.5],
                group_name="F2",
            ),
        ),
        check_job_config=CheckJobConfig(
            role=ROLE,
            instance_count=1,
            instance_type="ml.c5.xlarge",
            volume_size_in_gb=60,
            sagemaker_session=sess,
        ),
        skip_check=False,
        fail_on_violation=fail_on_violation,
        register_new_baseline=False,
        supplied_baseline_constraints=constraints,
    )
    return Pipeline(
        name="RealSdkDataBiasCheck",
        parameters=[constraints, fail_on_violation],
        steps=[step],
        sagemaker_session=sess,
    )


def _write(name: str, build: Callable[[], Pipeline]) -> None:
    UPLOADS.clear()
    definition: Any = json.loads(build().definition())
    (HERE / f"{name}.json").write_text(json.dumps(definition, indent=2) + "\n")
    (HERE / f"{name}.uploads.json").write_text(
        json.dumps(dict(sorted(UPLOADS.items())), indent=2) + "\n"
    )
    print(f"wrote {name}.json with {len(UPLOADS)} uploads")


if __name__ == "__main__":
    import sagemaker.telemetry.telemetry_logging as telemetry

    telemetry._send_telemetry_request = lambda *args, **kwargs: None
    # A fixed clock and ids keep the fixtures stable from one regeneration to the next.
    uuid.uuid4 = lambda: uuid.UUID("00000000-0000-4000-8000-000000000000")
    time.time = lambda: 1700000000.125
    for stale in UPLOAD_DIR.glob("*"):
        if stale.name != "SOURCES.md":
            stale.unlink()
    _write("checks", checks)
    _write("clarify_checks", clarify_checks)
    _write("monitor_batch_transform", monitor_batch_transform)
    _write("sdk_data_quality_check", lambda: sdk_quality_check("data"))
    _write("sdk_model_quality_check", lambda: sdk_quality_check("model"))
    _write("sdk_data_bias_check", sdk_data_bias_check)
