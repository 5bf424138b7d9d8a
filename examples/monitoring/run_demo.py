"""`make demo-monitor`: Model Monitor on the abalone model, with drift injected.

Trains the demo's model (XGBoost on the abalone measurements), deploys it to a local
endpoint with data capture, computes a data-quality baseline with Model Monitor's
analyzer, creates an hourly monitoring schedule with the seed's pre- and post-processing
scripts, sends traffic whose shells have grown, runs the schedule now and shows the
violations and drift metrics it found. ``--keep`` leaves the endpoint and the schedule
running for ``dagmaker monitoring …``; otherwise both are deleted at the end.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import xgboost as xgb

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "abalone"))

from make_data import generate  # noqa: E402

from dagmaker.api import connect, connect_runtime  # noqa: E402

BUCKET = "dagmaker-default-bucket"
PREFIX = f"s3://{BUCKET}/abalone-monitor"
XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
ANALYZER = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
ROLE = "arn:aws:iam::000000000000:role/dagmaker-local"
ENDPOINT = "abalone-monitored"
SCHEDULE = "abalone-data-quality"
FEATURES = ["length", "diameter", "height", "whole_weight", "shucked_weight"]
FEATURES += ["viscera_weight", "shell_weight"]
# The seed's preprocessor names columns by position: the prediction, then the features.
COLUMNS = {str(i).zfill(20): name for i, name in enumerate(["prediction", *FEATURES])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="leave the endpoint and schedule")
    keep = parser.parse_args().keep
    os.environ.setdefault("DAGMAKER_HOME", str(Path(".dagmaker").resolve()))
    client = connect()
    rows = _abalone()
    booster = _train(rows)
    _deploy(client, booster)
    _baseline(client, booster, rows)
    _schedule(client)
    _traffic(client, rows)
    status = _run_now(client)
    _report(client)
    if not keep:
        _clean_up(client)
    return 0 if status == "CompletedWithViolations" else 1


def _abalone() -> np.ndarray:
    with tempfile.TemporaryDirectory() as scratch:
        path = generate(Path(scratch) / "abalone.csv")
        records = list(csv.reader(path.open()))
    # The seven measurements, then the rings (the sex column is left out).
    return np.array([[float(v) for v in r[1:]] for r in records])


def _train(rows: np.ndarray) -> xgb.Booster:
    data = xgb.DMatrix(rows[:, :7], label=rows[:, 7])
    params = {"max_depth": 4, "eta": 0.2, "objective": "reg:squarederror"}
    booster = xgb.train(params, data, num_boost_round=40)
    print(f"Trained the abalone model on {len(rows)} rows")
    return booster


def _deploy(client: Any, booster: xgb.Booster) -> None:
    archive = io.BytesIO()
    raw = bytes(booster.save_raw(raw_format="ubj"))
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        info = tarfile.TarInfo("xgboost-model")
        info.size = len(raw)
        tar.addfile(info, io.BytesIO(raw))
    client.services.artifacts.write_bytes(f"{PREFIX}/model/model.tar.gz", archive.getvalue())
    client.create_model(
        ModelName="abalone-monitored-model",
        ExecutionRoleArn=ROLE,
        PrimaryContainer={"Image": XGBOOST, "ModelDataUrl": f"{PREFIX}/model/model.tar.gz"},
    )
    client.create_endpoint_config(
        EndpointConfigName="abalone-monitored-config",
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": "abalone-monitored-model",
                "InitialInstanceCount": 1,
                "InstanceType": "ml.m5.large",
            }
        ],
        DataCaptureConfig={
            "EnableCapture": True,
            "InitialSamplingPercentage": 100,
            "DestinationS3Uri": f"{PREFIX}/capture",
            "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}],
            # Without this, payloads are captured base64-encoded (as SageMaker does).
            "CaptureContentTypeHeader": {"CsvContentTypes": ["text/csv"]},
        },
    )
    client.create_endpoint(EndpointName=ENDPOINT, EndpointConfigName="abalone-monitored-config")
    _until(lambda: client.describe_endpoint(EndpointName=ENDPOINT)["EndpointStatus"] != "Creating")
    status = client.describe_endpoint(EndpointName=ENDPOINT)["EndpointStatus"]
    print(f"Endpoint {ENDPOINT}: {status}, capturing to {PREFIX}/capture")


def _baseline(client: Any, booster: xgb.Booster, rows: np.ndarray) -> None:
    predictions = booster.predict(xgb.DMatrix(rows[:, :7]))
    lines = [",".join(COLUMNS)] + [
        ",".join(f"{v:.4f}" for v in [p, *row[:7]])
        for p, row in zip(predictions, rows, strict=True)
    ]
    client.services.artifacts.write_bytes(f"{PREFIX}/baseline/data.csv", "\n".join(lines).encode())
    name = f"abalone-baseline-{int(time.time())}"
    client.create_processing_job(
        ProcessingJobName=name,
        RoleArn=ROLE,
        AppSpecification={"ImageUri": ANALYZER},
        ProcessingResources=_resources(),
        ProcessingInputs=[
            {
                "InputName": "baseline_dataset_input",
                "S3Input": {
                    "S3Uri": f"{PREFIX}/baseline/data.csv",
                    "LocalPath": "/opt/ml/processing/input/baseline_dataset_input",
                    "S3DataType": "S3Prefix",
                },
            }
        ],
        ProcessingOutputConfig={
            "Outputs": [
                {
                    "OutputName": "monitoring_output",
                    "S3Output": {
                        "S3Uri": f"{PREFIX}/baseline/results",
                        "LocalPath": "/opt/ml/processing/output",
                        "S3UploadMode": "EndOfJob",
                    },
                }
            ]
        },
        Environment={
            "dataset_format": json.dumps({"csv": {"header": True}}),
            "dataset_source": "/opt/ml/processing/input/baseline_dataset_input",
            "output_path": "/opt/ml/processing/output",
            "publish_cloudwatch_metrics": "Disabled",
        },
    )
    status = client.wait_for_job(JobName=name)["JobStatus"]
    print(f"Baseline job {name}: {status} ({PREFIX}/baseline/results)")


def _schedule(client: Any) -> None:
    for script in ("preprocessor.py", "postprocessor.py"):
        client.services.artifacts.write_bytes(
            f"{PREFIX}/code/{script}", (HERE / script).read_bytes()
        )
    client.create_data_quality_job_definition(
        JobDefinitionName="abalone-data-quality-definition",
        DataQualityAppSpecification={
            "ImageUri": ANALYZER,
            "RecordPreprocessorSourceUri": f"{PREFIX}/code/preprocessor.py",
            "PostAnalyticsProcessorSourceUri": f"{PREFIX}/code/postprocessor.py",
            "Environment": {"publish_cloudwatch_metrics": "Enabled"},
        },
        DataQualityBaselineConfig={
            "ConstraintsResource": {"S3Uri": f"{PREFIX}/baseline/results/constraints.json"},
            "StatisticsResource": {"S3Uri": f"{PREFIX}/baseline/results/statistics.json"},
        },
        DataQualityJobInput={
            "EndpointInput": {
                "EndpointName": ENDPOINT,
                "LocalPath": "/opt/ml/processing/input/endpoint",
            }
        },
        DataQualityJobOutputConfig={
            "MonitoringOutputs": [
                {
                    "S3Output": {
                        "S3Uri": f"{PREFIX}/reports",
                        "LocalPath": "/opt/ml/processing/output",
                    }
                }
            ]
        },
        JobResources=_resources(),
        RoleArn=ROLE,
        StoppingCondition={"MaxRuntimeInSeconds": 1800},
    )
    client.create_monitoring_schedule(
        MonitoringScheduleName=SCHEDULE,
        MonitoringScheduleConfig={
            "MonitoringJobDefinitionName": "abalone-data-quality-definition",
            "MonitoringType": "DataQuality",
            "ScheduleConfig": {"ScheduleExpression": "cron(0 * ? * * *)"},
        },
    )
    _until(lambda: _schedule_status(client) == "Scheduled")
    print(f"Monitoring schedule {SCHEDULE}: hourly, {_schedule_status(client)}")


def _traffic(client: Any, rows: np.ndarray) -> None:
    runtime = connect_runtime()
    rng = random.Random(3)
    sample = [rows[rng.randrange(len(rows))] for _ in range(400)]
    for index, row in enumerate(sample):
        features = list(row[:7])
        if index >= 100:
            # Drift: the endpoint now sees shells twice as heavy as in training.
            features[6] *= 2.0
        runtime.invoke_endpoint(
            EndpointName=ENDPOINT,
            Body=",".join(f"{v:.4f}" for v in features),
            ContentType="text/csv",
        )
    print(f"Sent {len(sample)} requests (the last {len(sample) - 100} with heavier shells)")
    store = client.services.artifacts
    _until(
        lambda: (
            sum(
                len(store.read_bytes(u).splitlines())
                for u in store.list(f"{PREFIX}/capture/{ENDPOINT}/")
            )
            >= len(sample)
        )
    )


def _run_now(client: Any) -> str:
    client.run_monitoring_schedule_now(MonitoringScheduleName=SCHEDULE)
    print(f"Started a run of {SCHEDULE} now (`dagmaker monitoring run-now {SCHEDULE}`)")

    def ended() -> dict[str, Any] | None:
        summary = client.describe_monitoring_schedule(MonitoringScheduleName=SCHEDULE).get(
            "LastMonitoringExecutionSummary"
        )
        if summary and summary["MonitoringExecutionStatus"] not in ("Pending", "InProgress"):
            return dict(summary)
        return None

    summary = _until(ended, timeout=600)
    print(f"Run finished: {summary['MonitoringExecutionStatus']}")
    if summary.get("FailureReason"):
        print(f"  reason: {summary['FailureReason']}")
    return str(summary["MonitoringExecutionStatus"])


def _report(client: Any) -> None:
    summary = client.describe_monitoring_schedule(MonitoringScheduleName=SCHEDULE)[
        "LastMonitoringExecutionSummary"
    ]
    if "ProcessingJobArn" not in summary:
        return
    job = client.describe_processing_job(ProcessingJobName=summary["ProcessingJobArn"])
    output = job["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"]
    document = json.loads(
        client.services.artifacts.read_bytes(f"{output}/constraint_violations.json")
    )
    print(f"\nViolations ({output}/constraint_violations.json):")
    for violation in document["violations"]:
        feature = COLUMNS.get(violation["feature_name"], violation["feature_name"])
        print(
            f"  {feature:<16} {violation['constraint_check_type']:<22} {violation['description']}"
        )
    metrics = client.list_monitoring_metrics(MonitoringScheduleName=SCHEDULE, Latest=True)[
        "Metrics"
    ]
    drift = [m for m in metrics if m["MetricName"].startswith("feature_baseline_drift_")]
    print("\nDrift by feature (feature_baseline_drift_*):")
    for metric in drift:
        feature = COLUMNS.get(metric["MetricName"].removeprefix("feature_baseline_drift_"), "?")
        print(f"  {feature:<16} {metric['Value']:.3f}")
    log = client.get_job_log(JobName=job["ProcessingJobName"])["Log"].splitlines()
    scripts = [line for line in log if "processing record" in line or "post-proc" in line]
    print(f"\nThe scripts in the run's log (`dagmaker logs {job['ProcessingJobName']}`):")
    for line in scripts[:2] + scripts[-1:]:
        print(f"  {line[:110]}")


def _clean_up(client: Any) -> None:
    client.delete_monitoring_schedule(MonitoringScheduleName=SCHEDULE)
    client.delete_endpoint(EndpointName=ENDPOINT)
    print("\nDeleted the schedule and the endpoint (run with --keep to explore them).")


def _schedule_status(client: Any) -> str:
    return str(
        client.describe_monitoring_schedule(MonitoringScheduleName=SCHEDULE)[
            "MonitoringScheduleStatus"
        ]
    )


def _resources() -> dict[str, Any]:
    return {
        "ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 20}
    }


def _until(check: Any, timeout: float = 180) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError("the demo waited too long; see `dagmaker monitoring describe`")
        time.sleep(0.25)


if __name__ == "__main__":
    raise SystemExit(main())
