"""Model quality, model bias and explainability schedules: runs join, convert and analyse.

Model quality runs join the window's captures with the ground truth uploaded for them
and the analyzer checks them; bias and explainability runs make a table of the captures
for the Clarify program (bias: with the labels and the captured predictions;
explainability: calling the endpoint's model for SHAP values).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dagmaker.api.client import LocalSageMakerClient
from dagmaker.quality.model_quality_analysis import ModelQualitySettings, baseline
from tests.e2e.test_clarify import _create_model, _model_data
from tests.runners.monitoring.schedule_support import (
    ENDPOINT,
    REPORTS,
    Drive,
    FakeClock,
    capture_rows,
    ground_truth,
    last_run,
    services,
)

pytestmark = pytest.mark.slow  # real processing jobs

ANALYZER = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
CLARIFY = "205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0"
LABELS = "s3://labels-bucket/ground-truth"
T0 = datetime(2026, 3, 1, 10, 20, tzinfo=UTC)
ELEVEN = T0.replace(hour=11, minute=0)
TWELVE = T0.replace(hour=12, minute=0, second=3)
ROLE = "arn:aws:iam::123456789012:role/monitor"
RESOURCES = {
    "ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 20}
}


def _output() -> dict[str, Any]:
    return {
        "MonitoringOutputs": [
            {"S3Output": {"S3Uri": REPORTS, "LocalPath": "/opt/ml/processing/output"}}
        ]
    }


def _hourly(definition: str, kind: str) -> dict[str, Any]:
    return {
        "MonitoringJobDefinitionName": definition,
        "MonitoringType": kind,
        "ScheduleConfig": {"ScheduleExpression": "cron(0 * ? * * *)"},
    }


def _put(client: LocalSageMakerClient, uri: str, document: Any) -> str:
    client.services.artifacts.write_bytes(uri, json.dumps(document).encode())
    return uri


def test_a_model_quality_run_joins_ground_truth_and_finds_the_accuracy_drop(home: Path) -> None:
    built = services()
    client = LocalSageMakerClient(built)
    settings = ModelQualitySettings.from_environment(
        {
            "problem_type": "BinaryClassification",
            "inference_attribute": "prediction",
            "probability_attribute": "probability",
            "ground_truth_attribute": "label",
        }
    )
    good = [["1", "0.9", "1"], ["0", "0.1", "0"], ["1", "0.8", "1"], ["0", "0.3", "0"]]
    _, constraints = baseline(settings, ["prediction", "probability", "label"], good * 10)
    _put(client, "s3://reports-bucket/mq/constraints.json", constraints)
    client.create_model_quality_job_definition(
        JobDefinitionName="mq-def",
        ModelQualityAppSpecification={"ImageUri": ANALYZER, "ProblemType": "BinaryClassification"},
        ModelQualityBaselineConfig={
            "ConstraintsResource": {"S3Uri": "s3://reports-bucket/mq/constraints.json"}
        },
        ModelQualityJobInput={
            "EndpointInput": {
                "EndpointName": ENDPOINT,
                "LocalPath": "/opt/ml/processing/input_data",
                "InferenceAttribute": "0",
                "ProbabilityAttribute": "1",
                "ProbabilityThresholdAttribute": 0.5,
            },
            "GroundTruthS3Input": {"S3Uri": LABELS},
        },
        ModelQualityJobOutputConfig=_output(),
        JobResources=RESOURCES,
        RoleArn=ROLE,
    )
    events = [f"event-{i}" for i in range(40)]
    rows = [("1,2", "1,0.9\n" if i % 2 else "0,0.2\n") for i in range(40)]
    capture_rows(built, ELEVEN.replace(minute=15), rows, event_ids=events)
    # Every label contradicts its prediction; the last ten inferences get no label.
    labels = {e: "0" if i % 2 else "1" for i, e in enumerate(events[:30])}
    ground_truth(built, LABELS, ELEVEN.replace(minute=50), labels)
    clock = FakeClock(T0)
    drive = Drive(built, clock, _hourly("mq-def", "ModelQuality"))
    clock.set(TWELVE)
    run = last_run(client)
    assert run["MonitoringExecutionStatus"] == "CompletedWithViolations", run
    job = client.describe_processing_job(ProcessingJobName=run["ProcessingJobArn"])
    environment = job["Environment"]
    assert environment["analysis_type"] == "MODEL_QUALITY"
    assert environment["problem_type"] == "BinaryClassification"
    assert (environment["inference_attribute"], environment["probability_attribute"]) == ("0", "1")
    assert environment["dataset_source"] == "/opt/ml/processing/input_data"
    output = f"{REPORTS}/{ENDPOINT}/sched/2026/03/01/12"
    statistics = json.loads(built.artifacts.read_bytes(f"{output}/statistics.json"))
    assert statistics["dataset"]["item_count"] == 30
    violations = json.loads(built.artifacts.read_bytes(f"{output}/constraint_violations.json"))
    assert "accuracy" in {v["metric_name"] for v in violations["violations"]}
    assert statistics["binary_classification_metrics"]["accuracy"]["value"] == 0.0
    metrics = client.list_monitoring_metrics(MonitoringScheduleName="sched", MetricName="accuracy")
    (accuracy,) = metrics["Metrics"]
    assert accuracy["Value"] == statistics["binary_classification_metrics"]["accuracy"]["value"]
    assert accuracy["Namespace"] == "/aws/sagemaker/Endpoints/model-metrics"
    client.delete_monitoring_schedule(MonitoringScheduleName="sched")
    drive.finish()


BIAS_CONFIG = {
    "label_values_or_threshold": [1],
    "facet": [{"name_or_index": "sex", "value_or_threshold": [1]}],
    "headers": ["y", "sex", "x1", "x2"],
    "label": "y",
}


def _bias_baseline() -> dict[str, Any]:
    return {
        "version": "1.0",
        "post_training_bias_metrics": {
            "label": "y",
            "label_value_or_threshold": "1",
            "facets": {
                "sex": [
                    {
                        "value_or_threshold": "1",
                        "metrics": [
                            {"name": "DPPL", "description": "x", "value": 0.01},
                            {"name": "DI", "description": "x", "value": 1.0},
                        ],
                    }
                ]
            },
        },
    }


def test_a_bias_run_gives_clarify_the_labels_and_captured_predictions(home: Path) -> None:
    built = services()
    client = LocalSageMakerClient(built)
    _put(client, "s3://reports-bucket/bias/config.json", BIAS_CONFIG)
    _put(client, "s3://reports-bucket/bias/analysis.json", _bias_baseline())
    client.create_model_bias_job_definition(
        JobDefinitionName="bias-def",
        ModelBiasAppSpecification={
            "ImageUri": CLARIFY,
            "ConfigUri": "s3://reports-bucket/bias/config.json",
            "Environment": {"publish_cloudwatch_metrics": "Enabled"},
        },
        ModelBiasBaselineConfig={
            "ConstraintsResource": {"S3Uri": "s3://reports-bucket/bias/analysis.json"}
        },
        ModelBiasJobInput={
            "EndpointInput": {
                "EndpointName": ENDPOINT,
                "LocalPath": "/opt/ml/processing/input/endpoint",
                "ProbabilityAttribute": "0",
                "ProbabilityThresholdAttribute": 0.5,
            },
            "GroundTruthS3Input": {"S3Uri": LABELS},
        },
        ModelBiasJobOutputConfig=_output(),
        JobResources=RESOURCES,
        RoleArn=ROLE,
    )
    rng = np.random.default_rng(5)
    events, rows, labels = [], [], {}
    for i in range(200):
        sex = int(rng.integers(0, 2))
        # The model favours sex=0 heavily: a large positive DPPL.
        score = 0.8 if sex == 0 else 0.3
        events.append(f"b-{i}")
        rows.append((f"{sex},{rng.normal():.3f},{rng.normal():.3f}", f"{score}\n"))
        labels[f"b-{i}"] = str(int(rng.integers(0, 2)))
    capture_rows(built, ELEVEN.replace(minute=20), rows, event_ids=events)
    ground_truth(built, LABELS, ELEVEN.replace(minute=55), labels)
    clock = FakeClock(T0)
    drive = Drive(built, clock, _hourly("bias-def", "ModelBias"))
    clock.set(TWELVE)
    run = last_run(client)
    assert run["MonitoringExecutionStatus"] == "CompletedWithViolations", run
    output = f"{REPORTS}/{ENDPOINT}/sched/2026/03/01/12"
    analysis = json.loads(built.artifacts.read_bytes(f"{output}/analysis.json"))
    (group,) = analysis["post_training_bias_metrics"]["facets"]["sex"]
    dppl = next(m["value"] for m in group["metrics"] if m["name"] == "DPPL")
    assert dppl > 0.3
    violations = json.loads(built.artifacts.read_bytes(f"{output}/constraint_violations.json"))
    assert ("sex", "DPPL", "bias_drift_check") in {
        (v["facet"], v["metric_name"], v["constraint_check_type"]) for v in violations["violations"]
    }
    metric = client.list_monitoring_metrics(
        MonitoringScheduleName="sched", MetricName="bias_metric_DPPL"
    )
    (point,) = metric["Metrics"]
    assert point["Value"] == dppl
    dimensions = {d["Name"]: d["Value"] for d in point["Dimensions"]}
    assert dimensions["BiasStage"] == "Post-training"
    assert (dimensions["Facet"], dimensions["FacetValue"]) == ("sex", "1")
    client.delete_monitoring_schedule(MonitoringScheduleName="sched")
    drive.finish()


def test_an_explainability_run_calls_the_endpoints_model(home: Path) -> None:
    built = services()
    client = LocalSageMakerClient(built)
    features, label = _model_data(np.random.default_rng(11))
    _create_model(client, features, label)
    config = {
        "methods": {
            "shap": {"baseline": [[0, 0.0, 0.0]], "num_samples": 40, "agg_method": "mean_abs"}
        },
        "predictor": {"endpoint_name": ENDPOINT, "content_type": "text/csv"},
        "headers": ["sex", "x1", "x2"],
    }
    _put(client, "s3://reports-bucket/shap/config.json", config)
    # A baseline that ranked x2 first: the model leans on x1 and sex, so the ranking drifted.
    baseline_values = {"sex": 0.01, "x1": 0.02, "x2": 0.5}
    _put(
        client,
        "s3://reports-bucket/shap/analysis.json",
        {
            "version": "1.0",
            "explanations": {
                "kernel_shap": {
                    "label0": {"global_shap_values": baseline_values, "expected_value": 0.4}
                }
            },
        },
    )
    client.create_model_explainability_job_definition(
        JobDefinitionName="shap-def",
        ModelExplainabilityAppSpecification={
            "ImageUri": CLARIFY,
            "ConfigUri": "s3://reports-bucket/shap/config.json",
            "Environment": {"publish_cloudwatch_metrics": "Enabled"},
        },
        ModelExplainabilityBaselineConfig={
            "ConstraintsResource": {"S3Uri": "s3://reports-bucket/shap/analysis.json"}
        },
        ModelExplainabilityJobInput={
            "EndpointInput": {"EndpointName": ENDPOINT, "LocalPath": "/opt/ml/processing/input/ep"}
        },
        ModelExplainabilityJobOutputConfig=_output(),
        JobResources=RESOURCES,
        RoleArn=ROLE,
    )
    rows = [(f"{int(f[0])},{f[1]},{f[2]}", "0.5\n") for f in features[:30]]
    capture_rows(built, ELEVEN.replace(minute=30), rows)
    clock = FakeClock(T0)
    drive = Drive(built, clock, _hourly("shap-def", "ModelExplainability"), model="clarify-lr")
    clock.set(TWELVE)
    run = last_run(client, timeout=240)
    assert run["MonitoringExecutionStatus"] == "CompletedWithViolations", run
    output = f"{REPORTS}/{ENDPOINT}/sched/2026/03/01/12"
    violations = json.loads(built.artifacts.read_bytes(f"{output}/constraint_violations.json"))
    assert [v["constraint_check_type"] for v in violations["violations"]] == [
        "feature_attribution_drift_check"
    ]
    metrics = client.list_monitoring_metrics(MonitoringScheduleName="sched")["Metrics"]
    names = {m["MetricName"] for m in metrics}
    assert names == {"feature_sex", "feature_x1", "feature_x2", "ExpectedValue"}
    shap = {m["MetricName"]: m["Value"] for m in metrics}
    assert shap["feature_x1"] > shap["feature_x2"]
    client.delete_monitoring_schedule(MonitoringScheduleName="sched")
    drive.finish()
