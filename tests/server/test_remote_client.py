"""dagmaker's own SDK and CLI against a server (DAGMAKER_ENDPOINT_URL / Session(endpoint_url))."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dagmaker import api
from dagmaker.api.remote import RemoteSageMakerClient
from dagmaker.errors import Conflict, InvalidRequest, NotFound
from dagmaker.processing import ProcessingOutput, ScriptProcessor
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import ProcessingStep
from tests.server.conftest import ACCESS_KEY, SECRET_KEY, RunningServer

SCRIPT = """\
import pathlib
pathlib.Path("/opt/ml/processing/out").mkdir(parents=True, exist_ok=True)
pathlib.Path("/opt/ml/processing/out/answer.txt").write_text("42")
print("wrote the answer")
"""
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"


def test_connect_chooses_the_server_when_configured(
    server: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAGMAKER_ENDPOINT_URL", server.url)
    client = api.connect()
    assert isinstance(client, RemoteSageMakerClient)
    with pytest.raises(NotFound):
        client.describe_pipeline(PipelineName="remote-none")
    with pytest.raises(InvalidRequest):
        client.describe_pipeline(PipelineName="bad name!")
    assert client.list_image_mappings()["Mappings"] == []
    client.put_image_mapping(Image="my/image", Runtime="python")
    assert client.list_image_mappings()["Mappings"] == [{"Image": "my/image", "Runtime": "python"}]
    assert client.delete_image_mapping(Image="my/image") == {"Removed": True}
    with pytest.raises(AttributeError):
        client.no_such_method  # noqa: B018
    with pytest.raises(InvalidRequest, match="cannot do yet"):
        client.services  # noqa: B018


def test_our_sdk_runs_a_processing_pipeline_on_the_server(
    server: RunningServer, tmp_path: Path
) -> None:
    session = PipelineSession(endpoint_url=server.url)
    script = tmp_path / "answer.py"
    script.write_text(SCRIPT)
    processor = ScriptProcessor(
        image_uri=IMAGE,
        command=["python3"],
        role="local",
        instance_type="ml.m5.large",
        instance_count=1,
        sagemaker_session=session,
    )
    step_args = processor.run(
        code=str(script),
        outputs=[
            ProcessingOutput(
                output_name="out",
                source="/opt/ml/processing/out",
                destination="s3://remote-results/answer",
            )
        ],
    )
    step = ProcessingStep(name="Answer", step_args=step_args)
    pipeline = Pipeline(name="remote-sdk", steps=[step], sagemaker_session=session)
    pipeline.upsert(role_arn="arn:aws:iam::000000000000:role/x")
    pipeline.upsert(role_arn="arn:aws:iam::000000000000:role/x")
    with pytest.raises(Conflict):
        pipeline.create(role_arn="arn:aws:iam::000000000000:role/x")
    execution = pipeline.start()
    execution.wait(delay=0.5, max_attempts=240)
    steps = execution.list_steps()
    assert [(s["StepName"], s["StepStatus"]) for s in steps] == [("Answer", "Succeeded")]
    job = steps[0]["Metadata"]["ProcessingJob"]["Arn"].rsplit("/", 1)[1]
    log = session.sagemaker_client.get_job_log(JobName=job)
    assert "wrote the answer" in log["Log"]
    answer = session.s3_client.get_object(Bucket="remote-results", Key="answer/answer.txt")
    assert answer["Body"].read() == b"42"
    assert (server.home / "s3" / "remote-results" / "answer" / "answer.txt").read_text() == "42"


def test_the_cli_talks_to_the_server(server: RunningServer, tmp_path: Path) -> None:
    env = dict(os.environ, DAGMAKER_ENDPOINT_URL=server.url, DAGMAKER_HOME=str(tmp_path / "none"))
    done = subprocess.run(
        [sys.executable, "-m", "dagmaker", "pipelines", "list", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "remote-sdk" in done.stdout
    assert not (tmp_path / "none").exists()  # nothing local was created


def test_the_remote_client_signs_with_the_servers_credentials(signed_server: RunningServer) -> None:
    good = {"DAGMAKER_ACCESS_KEY_ID": ACCESS_KEY, "DAGMAKER_SECRET_ACCESS_KEY": SECRET_KEY}
    client = RemoteSageMakerClient(signed_server.url, good)
    assert client.list_pipelines()["PipelineSummaries"] == []
    assert client.list_image_mappings()["Mappings"] == []  # a Dagmaker.<Op> call, signed
    wrong = RemoteSageMakerClient(signed_server.url, {**good, "DAGMAKER_SECRET_ACCESS_KEY": "x"})
    for call in (wrong.list_pipelines, wrong.list_image_mappings):
        with pytest.raises(InvalidRequest) as caught:
            call()
        assert "DAGMAKER_SECRET_ACCESS_KEY" in str(caught.value)
