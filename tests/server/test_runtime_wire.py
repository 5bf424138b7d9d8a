"""SageMaker Runtime's InvokeEndpoint on ``dagmaker server``: boto3 calls a real endpoint."""

from __future__ import annotations

import ast
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from botocore.exceptions import ClientError

from dagmaker.api import connect
from tests.e2e.endpoint_support import endpoint_config, sklearn_model, wait_gone, wait_status
from tests.server.conftest import RunningServer, boto_client

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(server: RunningServer) -> Any:
    """An endpoint of a linear model in the server's home, InService."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DAGMAKER_HOME", str(server.home))
        local = connect()
        regressor = sklearn_model(local, "wire-model")
        endpoint_config(local, "wire-config", "wire-model", capture=False)
        local.create_endpoint(EndpointName="wire-endpoint", EndpointConfigName="wire-config")
        wait_status(local, "wire-endpoint", {"InService"})
    yield regressor
    local.delete_endpoint(EndpointName="wire-endpoint")
    wait_gone(local, "wire-endpoint")


def test_boto3_invokes_an_endpoint_through_the_server(server: RunningServer, served: Any) -> None:
    runtime: Any = boto_client(server, "sagemaker-runtime")
    rows = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 4.0]])
    answer = runtime.invoke_endpoint(
        EndpointName="wire-endpoint",
        Body="\n".join(",".join(str(v) for v in row) for row in rows),
        ContentType="text/csv",
        Accept="text/csv",
    )
    assert answer["ContentType"] == "text/csv"
    assert answer["InvokedProductionVariant"] == "AllTraffic"
    predictions = [float(line) for line in answer["Body"].read().decode().split()]
    assert predictions == pytest.approx(served.predict(rows), abs=1e-5)


def test_a_model_error_comes_back_as_sagemaker_runtime_says_it(
    server: RunningServer, served: Any
) -> None:
    runtime: Any = boto_client(server, "sagemaker-runtime")
    with pytest.raises(ClientError) as caught:
        runtime.invoke_endpoint(
            EndpointName="wire-endpoint", Body=b'{"a": 1}', ContentType="application/json"
        )
    error = caught.value.response
    assert error["Error"]["Code"] == "ModelError"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 424
    assert error["OriginalStatusCode"] >= 400
    assert "text/csv" in error["OriginalMessage"]


def test_an_unknown_endpoint_is_a_validation_error(server: RunningServer) -> None:
    runtime: Any = boto_client(server, "sagemaker-runtime")
    with pytest.raises(ClientError) as caught:
        runtime.invoke_endpoint(EndpointName="nowhere", Body=b"1,2,3", ContentType="text/csv")
    error = caught.value.response
    assert error["Error"]["Code"] == "ValidationError"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "Endpoint nowhere of account 000000000000 not found" in error["Error"]["Message"]


PREDICT = """
import sys
from sagemaker.deserializers import CSVDeserializer
from sagemaker.predictor import Predictor
from sagemaker.serializers import CSVSerializer
predictor = Predictor("wire-endpoint", serializer=CSVSerializer(), deserializer=CSVDeserializer())
print(predictor.predict([[1.0, 2.0, 3.0], [0.5, -1.0, 4.0]]))
"""


def test_the_real_sdks_predictor_finds_the_endpoint_through_the_environment(
    server: RunningServer, served: Any
) -> None:
    # Only the variables `dagmaker server` prints: no endpoint_url in the code.
    env = server.env(SAGEMAKER_VALIDATE_ROLE="false")
    done = subprocess.run(
        [sys.executable, "-c", PREDICT], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    # The SDK prints its config notices first; the answer is the last line.
    rows = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    expected = served.predict(np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 4.0]]))
    assert [float(row[0]) for row in rows] == pytest.approx(expected, abs=1e-5)
