"""Steps without a job, run again after an engine restart, do their work once.

An engine may die after such a step stored its result (a model, a model package) but
before the step's success was recorded; the resumed engine runs the step again as the
same attempt, and it must find what it stored instead of storing it twice.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dagmaker.api import connect
from dagmaker.api.wiring import runner_context
from dagmaker.definition.model import StepDef
from dagmaker.engine.ports import ExecutionInfo, StepWork
from dagmaker.runners.model import ModelRunner
from dagmaker.runners.register_model import RegisterModelRunner

IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"


def _work(step_type: str, arguments: dict[str, Any], execution: str, attempt: int) -> StepWork:
    info = ExecutionInfo(
        arn=f"arn:aws:sagemaker:local:000000000000:pipeline/p/execution/{execution}",
        execution_id=execution,
        pipeline_name="p",
        pipeline_arn="arn:aws:sagemaker:local:000000000000:pipeline/p",
        started_at=datetime.now(UTC),
    )
    step = StepDef(name="S", type=step_type, arguments=arguments, raw={})
    return StepWork(info, step, arguments, {}, f"job-{execution}", attempt, lambda e: None)


def test_a_register_step_run_again_registers_once(home: Path) -> None:
    client = connect()
    runner = RegisterModelRunner(runner_context(client.services))
    request = {
        "ModelPackageGroupName": "g",
        "InferenceSpecification": {"Containers": [{"Image": IMAGE}]},
    }

    first = runner.run(_work("RegisterModel", request, "e1", 1)).properties
    again = runner.run(_work("RegisterModel", request, "e1", 1)).properties
    other = runner.run(_work("RegisterModel", request, "e2", 1)).properties

    assert again["ModelPackageArn"] == first["ModelPackageArn"]
    assert other["ModelPackageVersion"] == 2
    listed = client.list_model_packages(ModelPackageGroupName="g")["ModelPackageSummaryList"]
    assert len(listed) == 2


def test_a_model_step_run_again_gets_the_model_it_created(home: Path) -> None:
    client = connect()
    runner = ModelRunner(runner_context(client.services))
    request = {"PrimaryContainer": {"Image": IMAGE}}

    first = runner.run(_work("Model", request, "e1", 1)).properties
    again = runner.run(_work("Model", request, "e1", 1)).properties

    assert again == first
    assert [m["ModelName"] for m in client.services.models.list()] == ["job-e1"]
