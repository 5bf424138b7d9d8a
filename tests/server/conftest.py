"""One ``dagmaker server`` per test session, on loopback, in a subprocess.

Two are started: an open one (no credentials, the default) and one that requires AWS
Signature V4 with its own access key. Clients reach them through ``AWS_ENDPOINT_URL_*``
exactly as a user would.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ACCESS_KEY = "AKIDDAGMAKERTEST"
SECRET_KEY = "dagmaker-test-secret"


@dataclass
class RunningServer:
    """A server subprocess and how to reach it."""

    url: str
    home: Path
    process: subprocess.Popen[str]
    log: Path

    def env(self, **extra: str) -> dict[str, str]:
        """An environment whose AWS SDKs talk to this server."""
        env = dict(os.environ)
        for service in ("SAGEMAKER", "S3", "STS", "CLOUDWATCH_LOGS", "SAGEMAKER_RUNTIME"):
            env[f"AWS_ENDPOINT_URL_{service}"] = self.url
        env.update(
            AWS_ACCESS_KEY_ID="test",
            AWS_SECRET_ACCESS_KEY="test",
            AWS_DEFAULT_REGION="us-east-1",
            AWS_CONFIG_FILE=os.devnull,
            AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        )
        env.update(extra)
        return env


def start_server(home: Path, **env: str) -> RunningServer:
    """Start ``dagmaker server --port 0`` and wait for the line that says where it listens."""
    log = home.parent / f"{home.name}-server.log"
    full_env = dict(os.environ, DAGMAKER_HOME=str(home), DAGMAKER_WORKER_IDLE_SECONDS="3", **env)
    for name in ("DAGMAKER_ACCESS_KEY_ID", "DAGMAKER_SECRET_ACCESS_KEY"):
        if name not in env:
            full_env.pop(name, None)
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "dagmaker", "server", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=log_file,
            text=True,
            env=full_env,
        )
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("export AWS_ENDPOINT_URL_S3="):
            return RunningServer(line.strip().split("=", 1)[1], home, process, log)
        if not line and process.poll() is not None:
            break
    process.kill()
    process.wait()
    process.stdout.close()
    raise RuntimeError(f"server did not start: {log.read_text()}")


def _stop(server: RunningServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    if server.process.stdout is not None:
        server.process.stdout.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """An open server (no credentials) on a free loopback port."""
    running = start_server(tmp_path_factory.mktemp("server") / "home")
    yield running
    _stop(running)


@pytest.fixture(scope="session")
def signed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """A server that requires Signature V4 made with ACCESS_KEY / SECRET_KEY."""
    running = start_server(
        tmp_path_factory.mktemp("signed") / "home",
        DAGMAKER_ACCESS_KEY_ID=ACCESS_KEY,
        DAGMAKER_SECRET_ACCESS_KEY=SECRET_KEY,
    )
    yield running
    _stop(running)


def boto_client(server: RunningServer, service: str, **credentials: str) -> object:
    """A boto3 client of ``service`` pointed at ``server``."""
    import boto3

    return boto3.client(
        service,
        endpoint_url=server.url,
        region_name="us-east-1",
        aws_access_key_id=credentials.get("key", "test"),
        aws_secret_access_key=credentials.get("secret", "test"),
    )
