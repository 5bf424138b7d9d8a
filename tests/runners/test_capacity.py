"""Job slots: a shared line, first come first served; waiting, not failing."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from dagmaker.engine.ports import StepStopped
from dagmaker.errors import JobFailure
from dagmaker.runners.capacity import SlotPool, release


def test_a_free_slot_is_taken_at_once(tmp_path: Path) -> None:
    pool = SlotPool(tmp_path, 2)
    held = pool.acquire(2, "job")
    assert len(held) == 2
    release(held)


def test_waiters_are_served_in_arrival_order(tmp_path: Path) -> None:
    pool = SlotPool(tmp_path, 1)
    first = pool.acquire(1, "holder")
    served: list[str] = []
    messages: list[str] = []
    lock = threading.Lock()

    def wait(name: str) -> None:
        held = pool.acquire(1, name, on_wait=messages.append)
        with lock:
            served.append(name)
        release(held)

    threads = []
    for name in ("early", "middle", "late"):
        thread = threading.Thread(target=wait, args=(name,))
        thread.start()
        threads.append(thread)
        # Each waiter is in line before the next arrives.
        while len(list((tmp_path / "queue").glob("[0-9]*"))) < len(threads):
            threading.Event().wait(0.01)
    release(first)
    for thread in threads:
        thread.join(10)
    assert served == ["early", "middle", "late"]
    assert len(messages) == 3 and "waiting for 1 free job slot(s)" in messages[0]


def test_a_stopped_job_leaves_the_line(tmp_path: Path) -> None:
    pool = SlotPool(tmp_path, 1)
    held = pool.acquire(1, "holder")
    cancel = threading.Event()
    failures: list[BaseException] = []

    def wait() -> None:
        try:
            pool.acquire(1, "waiter", cancel=cancel)
        except StepStopped as exc:
            failures.append(exc)

    thread = threading.Thread(target=wait)
    thread.start()
    cancel.set()
    thread.join(10)
    assert failures and "stopped while waiting" in str(failures[0])
    assert not list((tmp_path / "queue").iterdir())
    release(held)


def test_an_abandoned_place_in_line_is_skipped(tmp_path: Path) -> None:
    queue = tmp_path / "queue"
    queue.mkdir()
    (queue / "00000000000000000001-1-1").write_text("a waiter that died")
    held = SlotPool(tmp_path, 1).acquire(1, "next")
    assert len(held) == 1
    release(held)


def test_more_slots_than_the_machine_has_fail_at_once(tmp_path: Path) -> None:
    with pytest.raises(JobFailure, match="needs 3 instance slot"):
        SlotPool(tmp_path, 2).acquire(3, "wide")


def test_a_job_wider_than_the_machine_fails_before_making_a_folder_per_host(home: Path) -> None:
    # InstanceCount of a training or transform job has no upper bound in the request
    # shape: 2**31-1 hosts must fail at once, not after making two billion folders.
    from dagmaker.api import connect

    client = connect(inline=True)
    image = "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1"
    step = {
        "Name": "Wide",
        "Type": "Training",
        "Arguments": {
            "AlgorithmSpecification": {"TrainingImage": image, "TrainingInputMode": "File"},
            "OutputDataConfig": {"S3OutputPath": "s3://b/out"},
            "StoppingCondition": {"MaxRuntimeInSeconds": 60},
            "ResourceConfig": {
                "InstanceCount": 2**31 - 1,
                "InstanceType": "ml.m5.large",
                "VolumeSizeInGB": 1,
            },
            "RoleArn": "arn:aws:iam::111122223333:role/R",
        },
    }
    definition = {"Version": "2020-12-01", "Parameters": [], "Steps": [step]}
    client.create_pipeline(PipelineName="wide", PipelineDefinition=json.dumps(definition))
    arn = client.start_pipeline_execution(PipelineName="wide")["PipelineExecutionArn"]
    steps = client.list_pipeline_execution_steps(PipelineExecutionArn=arn)
    reason = steps["PipelineExecutionSteps"][0]["FailureReason"]
    assert "CapacityError" in reason and "needs 2147483647 instance slot(s)" in reason
    assert not list((home / "jobs").glob("*/algo-*"))
