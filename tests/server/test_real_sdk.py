"""The real SageMaker SDK (2.x), boto3 and the AWS CLI against ``dagmaker server``.

Each client runs in its own process with only AWS_ENDPOINT_URL_* pointing at the
server, as a user would run it. The SDK's telemetry is switched off through its
documented config file (SAGEMAKER_USER_CONFIG_OVERRIDE), and passing
``default_bucket`` keeps it from looking up the account through STS's fixed address.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.server.conftest import ACCESS_KEY, SECRET_KEY, RunningServer

HERE = Path(__file__).parent / "real_sdk"
SDK_CONFIG = """\
SchemaVersion: '1.0'
SageMaker:
  PythonSDK:
    Modules:
      TelemetryOptOut: true
"""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sdk_env(server: RunningServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    config = tmp_path_factory.mktemp("sdk-config") / "config.yaml"
    config.write_text(SDK_CONFIG)
    return server.env(SAGEMAKER_USER_CONFIG_OVERRIDE=str(config), SAGEMAKER_SUPPRESS_V2_WARNING="1")


def _run(
    args: list[str], env: dict[str, str], cwd: Path = HERE
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=cwd, timeout=280)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _sdk(script: str, *args: str, env: dict[str, str]) -> Any:
    done = _run([sys.executable, str(HERE / script), *args], env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_real_sdk_pipeline_upsert_start_wait_steps_and_a_failing_branch(
    sdk_env: dict[str, str], server: RunningServer
) -> None:
    seen = _sdk("pipeline_script.py", "preprocess.py", "real-sdk-bucket", env=sdk_env)
    assert seen["arns"] == ["arn:aws:sagemaker:local:000000000000:pipeline/real-sdk-pipeline"] * 2
    assert {"Key": "team", "Value": "ml"} in seen["tags"]
    assert seen["failing"] == "Failed"
    assert seen["failing_reason"] == "only 3 rows"
    assert dict(seen["failing_steps"]) == {
        "Prep": "Succeeded",
        "Enough": "Succeeded",
        "TooFew": "Failed",
    }
    assert 'matched expected path: "Failed"' in seen["waited"]
    assert seen["passing"] == "Succeeded"
    # dagmaker also lists the branch not taken, as Skipped (docs/concepts.md).
    assert dict(seen["passing_steps"]) == {
        "Prep": "Succeeded",
        "Enough": "Succeeded",
        "TooFew": "Skipped",
    }
    assert seen["executions"] == 2
    # The SDK uploaded the script through S3; the job wrote its output to the default bucket.
    bucket = server.home / "s3" / "real-sdk-bucket" / "real-sdk-pipeline"
    assert list(bucket.glob("code/*/preprocess.py"))
    outputs = sorted(p.read_text() for p in bucket.glob("*/Prep/output/train/train.csv"))
    assert outputs == ["0,0\n1,1\n2,4\n", "0,0\n1,1\n2,4\n3,9\n4,16\n5,25\n"]


def test_real_sdk_registers_a_model_and_boto3_approves_it(sdk_env: dict[str, str]) -> None:
    seen = _sdk("register_script.py", "real-sdk-bucket", env=sdk_env)
    assert seen["arn"].startswith(
        "arn:aws:sagemaker:local:000000000000:model-package/real-sdk-group/"
    )
    assert seen["before"] == "PendingManualApproval"
    assert seen["after"] == ["Approved"]
    assert seen["model_data"] == "s3://real-sdk-bucket/models/model.tar.gz"


def test_real_sdk_standalone_job_follows_its_log_through_cloudwatch_logs(
    sdk_env: dict[str, str],
) -> None:
    done = _run(
        [sys.executable, str(HERE / "job_script.py"), "preprocess.py", "real-sdk-bucket"], sdk_env
    )
    assert "preprocessed 4 rows" in done.stdout  # the job's own line, read via GetLogEvents
    assert "STATUS Completed" in done.stdout


def _aws(*args: str, env: dict[str, str], cwd: Path) -> str:
    aws = Path(sys.executable).parent / "aws"
    return _run([str(aws), *args], env, cwd).stdout


def test_aws_cli_s3_and_sagemaker(server: RunningServer, tmp_path: Path) -> None:
    env = server.env()
    (tmp_path / "hello.txt").write_text("hello from the aws cli")
    _aws("s3", "mb", "s3://cli-bucket", env=env, cwd=tmp_path)
    _aws("s3", "cp", "hello.txt", "s3://cli-bucket/docs/hello.txt", env=env, cwd=tmp_path)
    listing = _aws("s3", "ls", "s3://cli-bucket/docs/", env=env, cwd=tmp_path)
    assert "hello.txt" in listing and " 22 " in listing
    _aws("s3", "cp", "s3://cli-bucket/docs/hello.txt", "back.txt", env=env, cwd=tmp_path)
    assert (tmp_path / "back.txt").read_text() == "hello from the aws cli"
    pipelines = json.loads(
        _aws("sagemaker", "list-pipelines", "--output", "json", env=env, cwd=tmp_path)
    )
    assert "PipelineSummaries" in pipelines


def test_aws_cli_against_a_server_that_requires_signatures(
    signed_server: RunningServer, tmp_path: Path
) -> None:
    good = signed_server.env(AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY)
    _aws("s3", "mb", "s3://cli-signed", env=good, cwd=tmp_path)
    (tmp_path / "big.bin").write_bytes(b"x" * (9 * 1024 * 1024))  # above the CLI's 8 MiB multipart
    _aws("s3", "cp", "big.bin", "s3://cli-signed/big.bin", env=good, cwd=tmp_path)
    assert (signed_server.home / "s3" / "cli-signed" / "big.bin").stat().st_size == 9 * 1024 * 1024
    aws = Path(sys.executable).parent / "aws"
    refused = subprocess.run(
        [str(aws), "sagemaker", "list-pipelines"],
        capture_output=True,
        text=True,
        env=signed_server.env(),
        timeout=120,
    )
    assert refused.returncode != 0
    assert "UnrecognizedClientException" in refused.stderr
