"""The analyzer image as a processing job: every region's URI maps to it, and jobs run it."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from dagmaker.api import connect
from dagmaker.runners.images import ImageTable
from tests.runners.builtin.model_monitor.analyzer_helpers import capture_records, seed_script

FIXTURES = Path(__file__).parents[3] / "quality" / "dq_fixtures"
ACCOUNTS = {  # sagemaker-python-sdk's image_uri_config/model-monitor.json (a sample of regions)
    "us-east-1": "156813124566",
    "us-west-2": "159807026194",
    "eu-west-1": "468650794304",
    "ap-northeast-1": "574779866223",
    "sa-east-1": "539772159869",
    "cn-north-1": "453000072557",
}
BUCKET = "s3://monitor-bucket"
INPUTS = "/opt/ml/processing/input"


def _uri(region: str, tag: str = "") -> str:
    domain = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
    return f"{ACCOUNTS[region]}.dkr.ecr.{region}.{domain}/sagemaker-model-monitor-analyzer{tag}"


@pytest.mark.parametrize("region", sorted(ACCOUNTS))
@pytest.mark.parametrize("tag", ["", ":latest", "@sha256:" + "0" * 64])
def test_every_regions_analyzer_image_is_the_builtin_analyzer(region: str, tag: str) -> None:
    assert ImageTable(dict).runtime(_uri(region, tag)) == "builtin:model-monitor"


def _finished(client: Any, name: str, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        described: dict[str, Any] = client.describe_processing_job(ProcessingJobName=name)
        if described["ProcessingJobStatus"] != "InProgress" or time.monotonic() > deadline:
            return described
        time.sleep(0.1)


def _input(name: str, uri: str) -> dict[str, Any]:
    return {
        "InputName": name,
        "S3Input": {
            "S3Uri": uri,
            "LocalPath": f"/opt/ml/processing/input/{name}",
            "S3DataType": "S3Prefix",
            "S3InputMode": "File",
            "S3DataDistributionType": "FullyReplicated",
        },
    }


def _request(name: str, inputs: list[dict[str, Any]], env: dict[str, str]) -> dict[str, Any]:
    """A CreateProcessingJob request shaped like the SDK's DefaultModelMonitor ones."""
    return {
        "ProcessingJobName": name,
        "ProcessingInputs": inputs,
        "ProcessingOutputConfig": {
            "Outputs": [
                {
                    "OutputName": "monitoring_output",
                    "S3Output": {
                        "S3Uri": f"{BUCKET}/{name}/results",
                        "LocalPath": "/opt/ml/processing/output",
                        "S3UploadMode": "EndOfJob",
                    },
                }
            ]
        },
        "ProcessingResources": {
            "ClusterConfig": {
                "InstanceCount": 1,
                "InstanceType": "ml.m5.xlarge",
                "VolumeSizeInGB": 20,
            }
        },
        "AppSpecification": {"ImageUri": _uri("us-east-1")},
        "Environment": {
            "output_path": "/opt/ml/processing/output",
            "publish_cloudwatch_metrics": "Disabled",
            **env,
        },
        "RoleArn": "arn:aws:iam::111122223333:role/monitor",
    }


def test_baseline_then_monitoring_jobs(home: Path) -> None:
    client = connect(inline=True)
    store = client.services.artifacts
    store.write_bytes(
        f"{BUCKET}/data/baseline.csv", (FIXTURES / "dq_baseline_dataset.csv").read_bytes()
    )
    baseline = _request(
        "baseline-job",
        [_input("baseline_dataset_input", f"{BUCKET}/data/baseline.csv")],
        {
            "dataset_format": json.dumps(
                {"csv": {"header": False, "output_columns_position": "START"}}
            ),
            "dataset_source": "/opt/ml/processing/input/baseline_dataset_input",
        },
    )
    client.create_processing_job(**baseline)
    described = _finished(client, "baseline-job")
    assert described["ProcessingJobStatus"] == "Completed", described.get("FailureReason")
    results = f"{BUCKET}/baseline-job/results"
    assert (
        store.read_bytes(f"{results}/statistics.json")
        == (FIXTURES / "dq_statistics.json").read_bytes()
    )
    assert (
        store.read_bytes(f"{results}/constraints.json")
        == (FIXTURES / "dq_constraints.json").read_bytes()
    )


def test_a_monitoring_job_runs_the_users_scripts(home: Path, tmp_path: Path) -> None:
    client = connect(inline=True)
    store = client.services.artifacts
    lines = "".join(json.dumps(r) + "\n" for r in capture_records(50, 1))
    store.write_bytes(f"{BUCKET}/capture/ep/AllTraffic/2024/05/01/13/a.jsonl", lines.encode())
    pre = seed_script("pre_output_then_input", tmp_path / "preprocessor.py")
    post = seed_script("post_hello", tmp_path / "postprocessor.py")
    store.upload_file(pre, f"{BUCKET}/code/preprocessor.py")
    store.upload_file(post, f"{BUCKET}/code/postprocessor.py")
    request = _request(
        "monitoring-job",
        [
            _input("endpoint_input", f"{BUCKET}/capture/ep"),
            _input("record_preprocessor_script_input", f"{BUCKET}/code/preprocessor.py"),
            _input("post_analytics_processor_script_input", f"{BUCKET}/code/postprocessor.py"),
        ],
        {
            "dataset_format": json.dumps(
                {"sagemakerCaptureJson": {"captureIndexNames": ["endpointInput", "endpointOutput"]}}
            ),
            "dataset_source": "/opt/ml/processing/input/endpoint_input",
            "record_preprocessor_script": (
                f"{INPUTS}/record_preprocessor_script_input/preprocessor.py"
            ),
            "post_analytics_processor_script": (
                f"{INPUTS}/post_analytics_processor_script_input/postprocessor.py"
            ),
            "start_time": "2024-05-01T13:00:00Z",
            "end_time": "2024-05-01T14:00:00Z",
        },
    )
    client.create_processing_job(**request)
    described = _finished(client, "monitoring-job")
    assert described["ProcessingJobStatus"] == "Completed", described.get("FailureReason")
    stats = json.loads(store.read_bytes(f"{BUCKET}/monitoring-job/results/statistics.json"))
    assert stats["dataset"]["item_count"] == 50
    assert stats["features"][0]["name"] == "0" * 20
