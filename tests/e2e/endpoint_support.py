"""Real models and endpoints for the endpoint tests: scikit-learn with an inference script,
SageMaker's built-in XGBoost, and helpers to wait for statuses and read capture files."""

from __future__ import annotations

import io
import json
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pytest
import xgboost as xgb
from sklearn.linear_model import LinearRegression

from dagmaker.api import connect
from dagmaker.api.client import LocalSageMakerClient
from dagmaker.api.worker_process import worker_running

SKLEARN = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
ROLE = "arn:aws:iam::000000000000:role/test"
BUCKET = "endpoint-bucket"
WEIGHTS = np.array([1.5, -2.0, 0.25])
CAPTURE = {
    "EnableCapture": True,
    "InitialSamplingPercentage": 100,
    "DestinationS3Uri": f"s3://{BUCKET}/capture",
    "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}],
    "CaptureContentTypeHeader": {
        "CsvContentTypes": ["text/csv"],
        "JsonContentTypes": ["application/json"],
    },
}
INFERENCE = """
import os

import joblib
import numpy as np


def model_fn(model_dir):
    return joblib.load(os.path.join(model_dir, "regressor.joblib"))


def input_fn(body, content_type):
    if content_type != "text/csv":
        raise ValueError(f"this model reads text/csv, not {content_type}")
    return np.array([[float(v) for v in line.split(",")] for line in body.splitlines() if line])


def output_fn(prediction, accept):
    return "".join(f"{p:.6f}\\n" for p in prediction), "text/csv"
"""
BROKEN = """
def model_fn(model_dir):
    raise ValueError("the weights file is corrupt")
"""


def tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def sklearn_model(
    client: LocalSageMakerClient, name: str, offset: float = 2.0, script: str = INFERENCE
) -> LinearRegression:
    """A linear regression served by the scikit-learn image with an inference script."""
    rows = np.random.default_rng(8).normal(size=(60, 3))
    regressor = LinearRegression().fit(rows, rows @ WEIGHTS + offset)
    buffer = io.BytesIO()
    joblib.dump(regressor, buffer)
    uri = f"s3://{BUCKET}/models/{name}/model.tar.gz"
    archive = {"regressor.joblib": buffer.getvalue(), "code/inference.py": script.encode()}
    client.services.artifacts.write_bytes(uri, tarball(archive))
    client.create_model(
        ModelName=name,
        ExecutionRoleArn=ROLE,
        PrimaryContainer={
            "Image": SKLEARN,
            "ModelDataUrl": uri,
            "Environment": {
                "SAGEMAKER_PROGRAM": "inference.py",
                "SAGEMAKER_SUBMIT_DIRECTORY": "/opt/ml/model/code",
            },
        },
    )
    return regressor


def xgboost_model(client: LocalSageMakerClient, name: str) -> xgb.Booster:
    """A booster in the built-in algorithm's format (``xgboost-model``), no script."""
    rows = np.random.default_rng(3).normal(size=(200, 3)).astype(np.float32)
    booster = xgb.train(
        {"max_depth": 3, "objective": "reg:squarederror"},
        xgb.DMatrix(rows, label=rows @ WEIGHTS),
        num_boost_round=15,
    )
    raw = booster.save_raw(raw_format="ubj")
    uri = f"s3://{BUCKET}/models/{name}/model.tar.gz"
    client.services.artifacts.write_bytes(uri, tarball({"xgboost-model": bytes(raw)}))
    client.create_model(
        ModelName=name,
        ExecutionRoleArn=ROLE,
        PrimaryContainer={"Image": XGBOOST, "ModelDataUrl": uri},
    )
    return booster


def endpoint_config(
    client: LocalSageMakerClient, name: str, model: str, capture: bool = True, **variant: Any
) -> None:
    request: dict[str, Any] = {
        "EndpointConfigName": name,
        "ProductionVariants": [
            {
                "VariantName": "AllTraffic",
                "ModelName": model,
                "InitialInstanceCount": 1,
                "InstanceType": "ml.m5.large",
                **variant,
            }
        ],
    }
    if capture:
        request["DataCaptureConfig"] = CAPTURE
    client.create_endpoint_config(**request)


def wait_status(
    client: LocalSageMakerClient, name: str, wanted: set[str], timeout: float = 90
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        described = client.describe_endpoint(EndpointName=name)
        if described["EndpointStatus"] in wanted:
            return described
        assert time.monotonic() < deadline, f"{name} stayed {described['EndpointStatus']}"
        time.sleep(0.1)


def wait_gone(client: LocalSageMakerClient, name: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while any(e["EndpointName"] == name for e in client.list_endpoints()["Endpoints"]):
        assert time.monotonic() < deadline, f"{name} was not deleted"
        time.sleep(0.1)


def capture_records(client: LocalSageMakerClient, endpoint: str) -> list[dict[str, Any]]:
    store = client.services.artifacts
    return [
        json.loads(line)
        for uri in store.list(f"s3://{BUCKET}/capture/{endpoint}/")
        for line in store.read_bytes(uri).decode().splitlines()
    ]


def csv_rows(rows: np.ndarray) -> str:
    return "\n".join(",".join(f"{v:.5f}" for v in row) for row in rows)


@pytest.fixture
def client(home: Path) -> Iterator[LocalSageMakerClient]:
    """A client for a fresh home; every endpoint left at the end is deleted and waited for."""
    local = connect()
    yield local
    for summary in local.list_endpoints()["Endpoints"]:
        name = summary["EndpointName"]
        if summary["EndpointStatus"] != "Deleting":
            local.delete_endpoint(EndpointName=name)
        wait_gone(local, name)
    deadline = time.monotonic() + 30
    while worker_running(local.services.settings) and time.monotonic() < deadline:
        time.sleep(0.2)
