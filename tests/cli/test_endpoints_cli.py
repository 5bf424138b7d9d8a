"""``dagmaker endpoints`` and ``dagmaker logs`` on a real endpoint."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dagmaker.api.client import LocalSageMakerClient
from dagmaker.cli.main import app
from tests.e2e.endpoint_support import client, endpoint_config, sklearn_model, wait_status

__all__ = ["client"]
pytestmark = pytest.mark.slow
runner = CliRunner()


def test_list_describe_logs_delete(client: LocalSageMakerClient) -> None:
    sklearn_model(client, "cli-model")
    endpoint_config(client, "cli-config", "cli-model")
    client.create_endpoint(EndpointName="cli-endpoint", EndpointConfigName="cli-config")
    wait_status(client, "cli-endpoint", {"InService"})
    url = client.describe_endpoint_runtime(EndpointName="cli-endpoint")["Url"]

    listed = runner.invoke(app, ["endpoints", "list"])
    assert listed.exit_code == 0, listed.output
    assert "cli-endpoint" in listed.stdout and "InService" in listed.stdout
    assert url in listed.stdout
    described = runner.invoke(app, ["endpoints", "describe", "cli-endpoint", "--json"])
    document = json.loads(described.stdout)
    assert document["EndpointConfigName"] == "cli-config"
    assert document["Runtime"]["Url"] == url
    human = runner.invoke(app, ["endpoints", "describe", "cli-endpoint"]).stdout
    assert "AllTraffic" in human and "100% to s3://endpoint-bucket/capture" in human
    logs = runner.invoke(app, ["logs", "cli-endpoint"])
    assert "Serving cli-endpoint (cli-config)" in logs.stdout

    missing = runner.invoke(app, ["endpoints", "describe", "nope"])
    assert missing.exit_code == 2
    assert 'Could not find endpoint "nope"' in missing.output
    deleted = runner.invoke(app, ["endpoints", "delete", "cli-endpoint"])
    assert deleted.exit_code == 0, deleted.output
    assert client.list_endpoints()["Endpoints"] == []
