"""Local endpoints end to end: real models, real HTTP, real capture files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import xgboost as xgb

from dagmaker.api import connect_runtime
from dagmaker.api.client import LocalSageMakerClient
from dagmaker.errors import InvalidRequest, ModelError, NotFound
from tests.e2e.endpoint_support import (
    BROKEN,
    capture_records,
    client,
    csv_rows,
    endpoint_config,
    sklearn_model,
    wait_gone,
    wait_status,
    xgboost_model,
)

__all__ = ["client"]
pytestmark = pytest.mark.slow


def test_sklearn_endpoint_answers_captures_and_is_deleted(client: LocalSageMakerClient) -> None:
    regressor = sklearn_model(client, "sk")
    endpoint_config(client, "sk-config", "sk")
    client.create_endpoint(EndpointName="sk-endpoint", EndpointConfigName="sk-config")
    assert client.describe_endpoint(EndpointName="sk-endpoint")["EndpointStatus"] == "Creating"
    described = wait_status(client, "sk-endpoint", {"InService", "Failed"})
    assert described["EndpointStatus"] == "InService", described.get("FailureReason")
    assert described["ProductionVariants"][0]["CurrentInstanceCount"] == 1
    assert described["DataCaptureConfig"]["CaptureStatus"] == "Started"

    runtime = connect_runtime()
    rows = np.round(np.random.default_rng(0).normal(size=(4, 3)), 5)
    payloads = [csv_rows(rows[i : i + 2]) for i in (0, 2)]
    answers = []
    for number, payload in enumerate(payloads):
        response = runtime.invoke_endpoint(
            EndpointName="sk-endpoint",
            Body=payload,
            ContentType="text/csv",
            InferenceId=f"request-{number}",
        )
        assert response["ContentType"] == "text/csv"
        assert response["InvokedProductionVariant"] == "AllTraffic"
        answers.append(response["Body"].read().decode())
    predicted = np.loadtxt("".join(answers).splitlines())
    assert np.allclose(predicted, regressor.predict(rows), atol=1e-5)

    # A bad payload is the caller's fault: ModelError (424) with the model's message.
    with pytest.raises(ModelError) as caught:
        runtime.invoke_endpoint(EndpointName="sk-endpoint", Body="1,x,3", ContentType="text/csv")
    assert caught.value.code == "ModelError"
    assert caught.value.original_status_code == 500
    assert "could not convert string to float" in caught.value.original_message
    with pytest.raises(InvalidRequest, match="not found"):
        runtime.invoke_endpoint(EndpointName="nope", Body="1", ContentType="text/csv")

    client.delete_endpoint(EndpointName="sk-endpoint")
    wait_gone(client, "sk-endpoint")
    # Every answered request is captured, with SageMaker's record shape and layout.
    records = capture_records(client, "sk-endpoint")
    assert [r["eventMetadata"]["inferenceId"] for r in records] == ["request-0", "request-1"]
    first = records[0]
    assert first["captureData"]["endpointInput"] == {
        "observedContentType": "text/csv",
        "mode": "INPUT",
        "data": payloads[0],
        "encoding": "CSV",
    }
    assert first["captureData"]["endpointOutput"]["data"] == answers[0]
    assert first["eventVersion"] == "0"
    uris = client.services.artifacts.list("s3://endpoint-bucket/capture/sk-endpoint/")
    assert uris[0].split("/")[5] == "AllTraffic"
    assert len(uris[0].split("/")) == 11  # variant / yyyy / mm / dd / hh / file
    log = client.get_job_log(JobName="sk-endpoint")["Log"]
    assert "Serving sk-endpoint (sk-config)" in log


def test_builtin_xgboost_endpoint(client: LocalSageMakerClient) -> None:
    booster = xgboost_model(client, "xgb")
    endpoint_config(client, "xgb-config", "xgb", capture=False)
    client.create_endpoint(EndpointName="xgb-endpoint", EndpointConfigName="xgb-config")
    described = wait_status(client, "xgb-endpoint", {"InService", "Failed"})
    assert described["EndpointStatus"] == "InService", described.get("FailureReason")
    assert "DataCaptureConfig" not in described
    rows = np.round(np.random.default_rng(9).normal(size=(5, 3)), 5).astype(np.float32)
    response = connect_runtime().invoke_endpoint(
        EndpointName="xgb-endpoint", Body=csv_rows(rows).encode(), ContentType="text/csv"
    )
    scores = np.loadtxt(response["Body"].read().decode().splitlines())
    assert np.allclose(scores, booster.predict(xgb.DMatrix(rows)), atol=1e-5)


def test_model_fn_crash_fails_the_endpoint_with_a_reason(client: LocalSageMakerClient) -> None:
    sklearn_model(client, "broken", script=BROKEN)
    endpoint_config(client, "broken-config", "broken")
    client.create_endpoint(EndpointName="broken-endpoint", EndpointConfigName="broken-config")
    described = wait_status(client, "broken-endpoint", {"InService", "Failed"})
    assert described["EndpointStatus"] == "Failed"
    assert "the weights file is corrupt" in described["FailureReason"]
    assert "ping health check" in described["FailureReason"]
    with pytest.raises(InvalidRequest, match="not in service"):
        connect_runtime().invoke_endpoint(
            EndpointName="broken-endpoint", Body="1,2,3", ContentType="text/csv"
        )
    # A failed endpoint is deleted at once, and its name can be used again.
    client.delete_endpoint(EndpointName="broken-endpoint")
    wait_gone(client, "broken-endpoint")
    sklearn_model(client, "fixed")
    endpoint_config(client, "fixed-config", "fixed")
    client.create_endpoint(EndpointName="broken-endpoint", EndpointConfigName="fixed-config")
    assert wait_status(client, "broken-endpoint", {"InService", "Failed"})["EndpointStatus"] == (
        "InService"
    )


CREATOR = """
from dagmaker.api import connect
client = connect()
client.create_endpoint(EndpointName="detached", EndpointConfigName="detached-config")
print("created and leaving")
"""


def test_endpoint_outlives_the_process_that_created_it(
    client: LocalSageMakerClient, tmp_path: Path
) -> None:
    regressor = sklearn_model(client, "sk")
    endpoint_config(client, "detached-config", "sk", capture=False)
    done = subprocess.run(
        [sys.executable, "-c", CREATOR], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "created and leaving" in done.stdout
    wait_status(client, "detached", {"InService"})
    response = connect_runtime().invoke_endpoint(
        EndpointName="detached", Body="1,2,3", ContentType="text/csv"
    )
    assert float(response["Body"].read()) == pytest.approx(regressor.predict([[1, 2, 3]])[0])


def test_bad_requests_are_refused_before_anything_runs(client: LocalSageMakerClient) -> None:
    sklearn_model(client, "sk")
    with pytest.raises(InvalidRequest, match='Could not find model "missing"'):
        endpoint_config(client, "c", "missing")
    with pytest.raises(InvalidRequest) as caught:
        client.create_endpoint_config(
            EndpointConfigName="bad name",
            ProductionVariants=[{"VariantName": "A", "ModelName": "sk"}],
            DataCaptureConfig={"InitialSamplingPercentage": 200},
        )
    message = caught.value.message
    assert "EndpointConfigName" in message and "InitialInstanceCount" in message
    assert "DestinationS3Uri" in message
    # SageMaker answers these with ValidationException, as the SDK expects.
    with pytest.raises(NotFound, match="Could not find endpoint configuration") as missing:
        client.create_endpoint(EndpointName="e", EndpointConfigName="absent")
    assert missing.value.code == "ValidationException"
    with pytest.raises(NotFound, match='Could not find endpoint "absent"'):
        client.describe_endpoint(EndpointName="absent")
    with pytest.raises(InvalidRequest, match="EndpointName must be"):
        client.create_endpoint(EndpointName="../escape", EndpointConfigName="absent")
