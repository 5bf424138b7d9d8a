"""Execution lifecycle with real jobs: caching, retries, stop, retry, selective execution."""

from __future__ import annotations

import errno
import json
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from dagmaker.api import connect
from dagmaker.storage.artifacts.local import LocalArtifactStore
from tests.e2e.defs import BUCKET, out, pipeline, processing, upload_code

WRITE = """
import os, sys
marker, label = sys.argv[1], sys.argv[2]
with open(marker, "a") as handle:
    handle.write(label + "\\n")
os.makedirs("/opt/ml/processing/output/o", exist_ok=True)
open("/opt/ml/processing/output/o/value.txt", "w").write(os.environ.get("HP", ""))
"""


def _run(client: Any, name: str, definition: dict[str, Any], **kwargs: Any) -> str:
    body = json.dumps(definition)
    if client.services.pipelines.exists(name):
        client.update_pipeline(PipelineName=name, PipelineDefinition=body)
    else:
        client.create_pipeline(PipelineName=name, PipelineDefinition=body)
    return client.start_pipeline_execution(PipelineName=name, **kwargs)["PipelineExecutionArn"]


def _steps(client: Any, arn: str) -> dict[str, dict[str, Any]]:
    listed = client.list_pipeline_execution_steps(PipelineExecutionArn=arn)
    return {s["StepName"]: s for s in listed["PipelineExecutionSteps"]}


def _status(client: Any, arn: str) -> str:
    return client.describe_pipeline_execution(PipelineExecutionArn=arn)["PipelineExecutionStatus"]


def _cached_pipeline(code: str, marker: Path, hp: str) -> dict[str, Any]:
    cache = {"Enabled": True, "ExpireAfter": "P30D"}
    per_execution = {
        "Std:Join": {
            "On": "/",
            "Values": ["s3:/", BUCKET, "runs", {"Get": "Execution.PipelineExecutionId"}, "first"],
        }
    }
    return pipeline(
        processing(
            "First",
            code,
            env={"HP": hp},
            arguments=[str(marker), "First"],
            outputs={"o": per_execution},
            CacheConfig=cache,
        ),
        processing(
            "Second",
            code,
            inputs={"data": out("First", "o")},
            arguments=[str(marker), "Second"],
            outputs={"o": f"s3://{BUCKET}/second"},
            CacheConfig=cache,
        ),
        processing("Uncached", code, arguments=[str(marker), "Uncached"]),
    )


def test_caching_reuses_unchanged_steps_and_explains_misses(home: Path, tmp_path: Path) -> None:
    client = connect(inline=True)
    marker = tmp_path / "runs.txt"
    code = upload_code("write.py", WRITE)
    first = _run(client, "cached", _cached_pipeline(code, marker, "1"))
    assert sorted(marker.read_text().split()) == ["First", "Second", "Uncached"]

    again = _run(client, "cached", _cached_pipeline(code, marker, "1"))
    assert sorted(marker.read_text().split()) == ["First", "Second", "Uncached", "Uncached"]
    steps = _steps(client, again)
    for name in ("First", "Second"):
        assert steps[name]["StepStatus"] == "Succeeded"
        assert steps[name]["CacheHitResult"] == {"SourcePipelineExecutionArn": first}
    # A hit reuses the earlier run's properties, including its outputs.
    first_props = client.services.event_log.load(first)
    assert _status(client, again) == "Succeeded"
    assert any(e.kind == "StepSucceeded" and e.step == "First" for e in first_props)

    changed = _run(client, "cached", _cached_pipeline(code, marker, "2"))
    assert sorted(marker.read_text().split()[-3:]) == ["First", "Second", "Uncached"]
    steps = _steps(client, changed)
    assert "CacheHitResult" not in steps["First"]
    explanation = steps["First"]["CacheMissExplanation"]
    assert 'Arguments.Environment.HP changed from "1" to "2"' in explanation
    assert "S3Uri" in steps["Second"]["CacheMissExplanation"]


def test_retry_policy_retries_a_job_killed_for_memory(home: Path, tmp_path: Path) -> None:
    script = upload_code(
        "oom.py",
        """
import os, signal, sys
marker = sys.argv[1]
attempts = open(marker).read().count("x") if os.path.exists(marker) else 0
open(marker, "a").write("x")
if attempts == 0:
    os.kill(os.getpid(), signal.SIGKILL)
print("second attempt fine")
""",
    )
    policy = {
        "ExceptionType": ["SageMaker.RESOURCE_LIMIT"],
        "IntervalSeconds": 0,
        "BackoffRate": 1.0,
        "MaxAttempts": 2,
    }
    client = connect(inline=True)
    arn = _run(
        client,
        "oom",
        pipeline(
            processing("Hungry", script, arguments=[str(tmp_path / "m")], RetryPolicies=[policy])
        ),
    )
    assert _status(client, arn) == "Succeeded"
    step = _steps(client, arn)["Hungry"]
    assert step["AttemptCount"] == 2
    events = client.services.event_log.load(arn)
    failure = next(e for e in events if e.kind == "StepFailed")
    assert failure.failure_kind == "SageMaker.RESOURCE_LIMIT"
    assert "killed: out of memory?" in failure.reason


def test_disk_error_while_uploading_is_an_internal_error_that_retries(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = upload_code("write.py", WRITE)
    policy = {
        "ExceptionType": ["SageMaker.JOB_INTERNAL_ERROR"],
        "IntervalSeconds": 0,
        "BackoffRate": 1.0,
        "MaxAttempts": 1,
    }
    real_upload = LocalArtifactStore.upload_file
    failures = []

    def flaky_disk(self: LocalArtifactStore, path: Path, uri: str) -> None:
        if not failures:
            failures.append(uri)
            raise OSError(errno.EIO, "Input/output error")
        real_upload(self, path, uri)

    monkeypatch.setattr(LocalArtifactStore, "upload_file", flaky_disk)
    client = connect(inline=True)
    arn = _run(
        client,
        "disk",
        pipeline(
            processing(
                "Writes",
                code,
                arguments=[str(tmp_path / "m"), "Writes"],
                outputs={"o": f"s3://{BUCKET}/disk"},
                RetryPolicies=[policy],
            )
        ),
    )
    assert _status(client, arn) == "Succeeded"
    failure = next(e for e in client.services.event_log.load(arn) if e.kind == "StepFailed")
    assert failure.failure_kind == "SageMaker.JOB_INTERNAL_ERROR"
    assert "Input/output error" in failure.reason
    assert _steps(client, arn)["Writes"]["AttemptCount"] == 2


def test_jobs_beyond_the_machines_slots_wait_their_turn(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAGMAKER_JOB_SLOTS", "1")
    script = upload_code("sleep.py", "import time\ntime.sleep(0.6)\n")
    client = connect(inline=True)
    arn = _run(client, "busy", pipeline(processing("A", script), processing("B", script)))
    assert _status(client, arn) == "Succeeded"
    steps = _steps(client, arn)
    assert steps["A"]["AttemptCount"] == 1 and steps["B"]["AttemptCount"] == 1
    assert not [e for e in client.services.event_log.load(arn) if e.kind == "StepFailed"]
    first, second = sorted((steps["A"], steps["B"]), key=lambda s: s["EndTime"])
    assert second["EndTime"] - first["EndTime"] >= timedelta(seconds=0.5)


def test_a_job_larger_than_the_machine_fails_at_once(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAGMAKER_JOB_SLOTS", "1")
    script = upload_code("noop.py", "pass\n")
    step = processing("Wide", script)
    step["Arguments"]["ProcessingResources"]["ClusterConfig"]["InstanceCount"] = 2
    client = connect(inline=True)
    arn = _run(client, "wide", pipeline(step))
    assert _status(client, arn) == "Failed"
    reason = _steps(client, arn)["Wide"]["FailureReason"]
    assert "needs 2 instance slot(s)" in reason and "DAGMAKER_JOB_SLOTS" in reason


def test_user_script_error_is_not_retried_and_quotes_stderr(home: Path) -> None:
    script = upload_code("bad.py", "raise ValueError('column rings is missing')\n")
    policy = {
        "ExceptionType": [
            "SageMaker.JOB_INTERNAL_ERROR",
            "SageMaker.CAPACITY_ERROR",
            "SageMaker.RESOURCE_LIMIT",
        ],
        "IntervalSeconds": 0,
        "BackoffRate": 1.0,
        "MaxAttempts": 3,
    }
    client = connect(inline=True)
    arn = _run(client, "bad", pipeline(processing("Broken", script, RetryPolicies=[policy])))
    assert _status(client, arn) == "Failed"
    step = _steps(client, arn)["Broken"]
    assert step["AttemptCount"] == 1
    assert "ValueError: column rings is missing" in step["FailureReason"]
    assert "exit code 1" in step["FailureReason"]
    job = client.describe_processing_job(ProcessingJobName=step["Metadata"]["ProcessingJob"]["Arn"])
    assert job["ProcessingJobStatus"] == "Failed"


def test_hanging_job_hits_max_runtime(home: Path) -> None:
    script = upload_code("hang.py", "import time\ntime.sleep(60)\n")
    step = processing("Hang", script)
    step["Arguments"]["StoppingCondition"] = {"MaxRuntimeInSeconds": 1}
    client = connect(inline=True)
    arn = _run(client, "hang", pipeline(step))
    assert _status(client, arn) == "Failed"
    assert "MaxRuntimeExceeded" in _steps(client, arn)["Hang"]["FailureReason"]


def test_missing_input_uri_fails_with_client_error_and_writes_nothing(home: Path) -> None:
    script = upload_code("noop.py", "print('never')\n")
    client = connect(inline=True)
    arn = _run(
        client,
        "missing",
        pipeline(
            processing(
                "NeedsData",
                script,
                inputs={"data": f"s3://{BUCKET}/does-not-exist"},
                outputs={"o": f"s3://{BUCKET}/should-stay-empty"},
            )
        ),
    )
    reason = _steps(client, arn)["NeedsData"]["FailureReason"]
    assert "No S3 objects found under S3 URL" in reason and "does-not-exist" in reason
    assert client.services.artifacts.list(f"s3://{BUCKET}/should-stay-empty") == []


def test_stop_sends_sigterm_and_marks_stopped(home: Path, tmp_path: Path) -> None:
    script = upload_code(
        "graceful.py",
        """
import signal, sys, time
def bye(*_):
    open(sys.argv[1], "w").write("got SIGTERM")
    sys.exit(0)
signal.signal(signal.SIGTERM, bye)
time.sleep(60)
""",
    )
    marker = tmp_path / "term.txt"
    client = connect()
    arn = _run(
        client,
        "stoppable",
        pipeline(
            processing("Long", script, arguments=[str(marker)]),
            processing("Never", script, arguments=[str(marker)], DependsOn=["Long"]),
        ),
    )
    deadline = time.monotonic() + 30
    while "Long" not in _steps(client, arn):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    time.sleep(0.5)
    client.stop_pipeline_execution(PipelineExecutionArn=arn)
    assert _status(client, arn) in ("Stopping", "Stopped")
    while _status(client, arn) == "Stopping":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert _status(client, arn) == "Stopped"
    assert marker.read_text() == "got SIGTERM"
    steps = _steps(client, arn)
    assert steps["Long"]["StepStatus"] == "Stopped"
    assert "Never" not in steps


def test_retry_execution_reruns_failed_step_only(home: Path, tmp_path: Path) -> None:
    marker = tmp_path / "runs.txt"
    flaky = upload_code(
        "flaky.py",
        """
import os, sys
marker, label = sys.argv[1], sys.argv[2]
open(marker, "a").write(label + "\\n")
if label == "Flaky" and open(marker).read().count("Flaky") == 1:
    sys.exit("first run fails")
""",
    )
    client = connect(inline=True)
    arn = _run(
        client,
        "retry",
        pipeline(
            processing("Good", flaky, arguments=[str(marker), "Good"]),
            processing("Flaky", flaky, arguments=[str(marker), "Flaky"], DependsOn=["Good"]),
            processing("Last", flaky, arguments=[str(marker), "Last"], DependsOn=["Flaky"]),
        ),
    )
    assert _status(client, arn) == "Failed"
    client.retry_pipeline_execution(PipelineExecutionArn=arn)
    assert _status(client, arn) == "Succeeded"
    assert marker.read_text().split() == ["Good", "Flaky", "Flaky", "Last"]
    assert _steps(client, arn)["Flaky"]["AttemptCount"] == 2


def test_selective_execution_runs_only_selected_steps(home: Path, tmp_path: Path) -> None:
    marker = tmp_path / "runs.txt"
    code = upload_code("write.py", WRITE)
    definition = pipeline(
        processing("A", code, arguments=[str(marker), "A"], outputs={"o": f"s3://{BUCKET}/a"}),
        processing(
            "B",
            code,
            arguments=[str(marker), "B"],
            inputs={"d": out("A", "o")},
            outputs={"o": f"s3://{BUCKET}/b"},
        ),
        processing("C", code, arguments=[str(marker), "C"], inputs={"d": out("B", "o")}),
    )
    client = connect(inline=True)
    source = _run(client, "selective", definition)
    selective = {"SourcePipelineExecutionArn": source, "SelectedSteps": [{"StepName": "C"}]}
    arn = client.start_pipeline_execution(
        PipelineName="selective", SelectiveExecutionConfig=selective
    )["PipelineExecutionArn"]
    assert _status(client, arn) == "Succeeded"
    assert marker.read_text().split() == ["A", "B", "C", "C"]
    steps = _steps(client, arn)
    assert steps["B"]["Metadata"]["SelectiveExecutionResult"] == {
        "SourcePipelineExecutionArn": source
    }
    with pytest.raises(Exception, match="select them too"):
        failed_source = _run(
            client,
            "selective",
            pipeline(
                processing(
                    "A", code, arguments=[str(marker), "A"], inputs={"d": f"s3://{BUCKET}/nothing"}
                ),
                processing("C", code, arguments=[str(marker), "C"], DependsOn=["A"]),
            ),
        )
        client.start_pipeline_execution(
            PipelineName="selective",
            SelectiveExecutionConfig={
                "SourcePipelineExecutionArn": failed_source,
                "SelectedSteps": [{"StepName": "C"}],
            },
        )


def test_an_output_linking_to_a_host_file_fails_the_step_and_publishes_nothing(
    home: Path,
) -> None:
    script = upload_code(
        "leak.py",
        "import os\n"
        "os.makedirs('/opt/ml/processing/output/out', exist_ok=True)\n"
        "open('/opt/ml/processing/output/out/ok.txt', 'w').write('fine')\n"
        "os.symlink('/etc/passwd', '/opt/ml/processing/output/out/passwd')\n",
    )
    step = processing("Leak", script, outputs={"out": "s3://leaks/out"})
    client = connect(inline=True)
    arn = _run(client, "leak", pipeline(step))
    assert _status(client, arn) == "Failed"
    reason = _steps(client, arn)["Leak"]["FailureReason"]
    assert "'passwd' is a symbolic link to /etc/passwd" in reason
    assert client.services.artifacts.list("s3://leaks/") == []
