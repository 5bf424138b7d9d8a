"""Endpoints as durable work: a worker restart re-attaches, an update under load drops
nothing, and killing a serving process loses no answered request's capture record."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest

from dagmaker.api import connect_runtime
from dagmaker.api.client import LocalSageMakerClient
from dagmaker.api.worker_process import ensure_worker, worker_running
from tests.e2e.endpoint_support import (
    capture_records,
    client,
    endpoint_config,
    sklearn_model,
    wait_gone,
    wait_status,
)

__all__ = ["client"]
pytestmark = pytest.mark.slow


@dataclass
class Load:
    """Threads sending requests over kept-alive connections until stopped, no retries."""

    url: str
    threads: int = 3
    answers: list[tuple[str, float]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    _workers: list[threading.Thread] = field(default_factory=list)

    def start(self) -> Load:
        for number in range(self.threads):
            worker = threading.Thread(target=self._run, args=(number,), daemon=True)
            worker.start()
            self._workers.append(worker)
        return self

    def finish(self) -> None:
        self.stop.set()
        for worker in self._workers:
            worker.join(30)

    def wait_answers(self, count: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while len(self.answers) < count:
            assert time.monotonic() < deadline, f"only {len(self.answers)} answers"
            time.sleep(0.01)

    def _run(self, number: int) -> None:
        address = urlparse(self.url)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        sent = 0
        while not self.stop.is_set():
            request_id = f"t{number}-{sent}"
            sent += 1
            headers = {"Content-Type": "text/csv", "X-Amzn-SageMaker-Inference-Id": request_id}
            try:
                connection.request("POST", "/invocations", body=b"1,2,3", headers=headers)
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as error:
                self.failures.append(f"{request_id}: {error!r}")
                connection.close()
                time.sleep(0.02)
                continue
            if response.status != 200:
                self.failures.append(f"{request_id}: {response.status} {body!r}")
            else:
                self.answers.append((request_id, float(body)))
        connection.close()


def _url(client: LocalSageMakerClient, name: str) -> str:
    url = client.describe_endpoint_runtime(EndpointName=name)["Url"]
    assert url
    return str(url)


def test_update_under_load_drops_no_request(client: LocalSageMakerClient) -> None:
    before = sklearn_model(client, "model-a", offset=2.0)
    after = sklearn_model(client, "model-b", offset=10.0)
    endpoint_config(client, "config-a", "model-a")
    endpoint_config(client, "config-b", "model-b")
    client.create_endpoint(EndpointName="rolling", EndpointConfigName="config-a")
    wait_status(client, "rolling", {"InService"})
    old_value = float(before.predict([[1, 2, 3]])[0])
    new_value = float(after.predict([[1, 2, 3]])[0])

    load = Load(_url(client, "rolling")).start()
    load.wait_answers(50)
    client.update_endpoint(EndpointName="rolling", EndpointConfigName="config-b")
    updating = client.describe_endpoint(EndpointName="rolling")
    assert updating["EndpointStatus"] == "Updating"
    assert updating["EndpointConfigName"] == "config-a"
    assert updating["PendingDeploymentSummary"]["EndpointConfigName"] == "config-b"
    done = wait_status(client, "rolling", {"InService"})
    count = len(load.answers)
    load.wait_answers(count + 100)
    load.finish()

    assert load.failures == []
    assert done["EndpointConfigName"] == "config-b"
    assert "PendingDeploymentSummary" not in done
    values = [v for _, v in load.answers]
    assert values[0] == pytest.approx(old_value)
    assert values[-1] == pytest.approx(new_value)
    assert set(np.round(values, 6)) == {round(old_value, 6), round(new_value, 6)}
    # The old process ends once its connections have drained.
    deadline = time.monotonic() + 30
    while True:
        runtime = client.describe_endpoint_runtime(EndpointName="rolling")
        if [p["Generation"] for p in runtime["Processes"]] == [2]:
            break
        assert time.monotonic() < deadline, runtime
        time.sleep(0.1)
    log = client.get_job_log(JobName="rolling")["Log"]
    assert "configuration config-b serves; retiring config-a" in log


def test_failed_update_keeps_the_old_model_serving(client: LocalSageMakerClient) -> None:
    from tests.e2e.endpoint_support import BROKEN

    sklearn_model(client, "good")
    sklearn_model(client, "bad", script=BROKEN)
    endpoint_config(client, "good-config", "good")
    endpoint_config(client, "bad-config", "bad")
    client.create_endpoint(EndpointName="steady", EndpointConfigName="good-config")
    wait_status(client, "steady", {"InService"})
    client.update_endpoint(EndpointName="steady", EndpointConfigName="bad-config")
    deadline = time.monotonic() + 60
    while True:
        described = client.describe_endpoint(EndpointName="steady")
        if described["EndpointStatus"] == "InService" and described.get("FailureReason"):
            break
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert described["EndpointConfigName"] == "good-config"
    assert "the weights file is corrupt" in described["FailureReason"]
    response = connect_runtime().invoke_endpoint(
        EndpointName="steady", Body="1,2,3", ContentType="text/csv"
    )
    assert response["Body"].read()


def test_killed_serving_process_restarts_and_loses_no_answered_record(
    client: LocalSageMakerClient,
) -> None:
    sklearn_model(client, "model")
    endpoint_config(client, "config", "model")
    client.create_endpoint(EndpointName="killed", EndpointConfigName="config")
    wait_status(client, "killed", {"InService"})
    [process] = client.describe_endpoint_runtime(EndpointName="killed")["Processes"]

    load = Load(_url(client, "killed")).start()
    load.wait_answers(200)
    os.kill(process["ServingPid"], signal.SIGKILL)
    # The process is restarted on the same port and answers again.
    deadline = time.monotonic() + 60
    while True:
        runtime = client.describe_endpoint_runtime(EndpointName="killed")
        if runtime["Restarts"] == 1 and [p["Phase"] for p in runtime["Processes"]] == ["Ready"]:
            break
        assert time.monotonic() < deadline, runtime
        time.sleep(0.1)
    count = len(load.answers)
    load.wait_answers(count + 50)
    load.finish()
    assert load.failures, "the kill should have interrupted some requests"

    client.delete_endpoint(EndpointName="killed")
    wait_gone(client, "killed")
    captured = {r["eventMetadata"]["inferenceId"] for r in capture_records(client, "killed")}
    answered = {request_id for request_id, _ in load.answers}
    assert answered <= captured
    log = client.get_job_log(JobName="killed")["Log"]
    assert "restarting instance algo-1" in log and "is serving again" in log


def test_restarted_worker_reattaches_to_the_running_endpoint(
    client: LocalSageMakerClient, home: Path
) -> None:
    settings = client.services.settings
    worker = subprocess.Popen(
        [sys.executable, "-m", "dagmaker.api.worker", "--idle-exit", "3"],
        env=dict(os.environ, DAGMAKER_HOME=str(home)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not worker_running(settings):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    sklearn_model(client, "model")
    endpoint_config(client, "config", "model")
    client.create_endpoint(EndpointName="durable", EndpointConfigName="config")
    wait_status(client, "durable", {"InService"})
    [before] = client.describe_endpoint_runtime(EndpointName="durable")["Processes"]

    worker.kill()
    worker.wait()
    assert not worker_running(settings)
    runtime = connect_runtime()
    for number in range(3):
        response = runtime.invoke_endpoint(
            EndpointName="durable", Body="1,2,3", ContentType="text/csv", InferenceId=f"r{number}"
        )
        assert response["Body"].read()
    runtime.close()

    ensure_worker(settings)
    deadline = time.monotonic() + 30
    while "re-attached" not in client.get_job_log(JobName="durable")["Log"]:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    while True:
        [after] = client.describe_endpoint_runtime(EndpointName="durable")["Processes"]
        if after["Phase"] == "Ready" or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert after["ServingPid"] == before["ServingPid"]
    assert after["Phase"] == "Ready"
    assert before["Phase"] == "Ready"
    # The re-attached supervisor still publishes captures and carries out a delete.
    client.delete_endpoint(EndpointName="durable")
    wait_gone(client, "durable")
    captured = [r["eventMetadata"]["inferenceId"] for r in capture_records(client, "durable")]
    assert captured == ["r0", "r1", "r2"]
    with pytest.raises(ProcessLookupError):
        os.kill(before["ServingPid"], 0)
