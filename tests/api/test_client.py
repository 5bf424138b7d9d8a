"""The boto3-named local client: pipelines, executions, steps, errors."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from dagmaker.api import connect
from dagmaker.errors import Conflict, DefinitionError, InvalidRequest, NotFound

CONDITION_PIPELINE: dict[str, Any] = {
    "Version": "2020-12-01",
    "Metadata": {},
    "Parameters": [
        {"Name": "Threshold", "Type": "Float", "DefaultValue": 6.0},
        {"Name": "Env", "Type": "String", "DefaultValue": "dev", "EnumValues": ["dev", "prod"]},
        {"Name": "Strict", "Type": "Boolean", "DefaultValue": False},
    ],
    "PipelineExperimentConfig": {
        "ExperimentName": {"Get": "Execution.PipelineName"},
        "TrialName": {"Get": "Execution.PipelineExecutionId"},
    },
    "Steps": [
        {
            "Name": "Check",
            "Type": "Condition",
            "Arguments": {
                "Conditions": [
                    {
                        "Type": "Or",
                        "Conditions": [
                            {
                                "Type": "LessThanOrEqualTo",
                                "LeftValue": {"Get": "Parameters.Threshold"},
                                "RightValue": 5.0,
                            },
                            {
                                "Type": "Equals",
                                "LeftValue": {"Get": "Parameters.Strict"},
                                "RightValue": True,
                            },
                        ],
                    }
                ],
                "IfSteps": [],
                "ElseSteps": [
                    {
                        "Name": "TooHigh",
                        "Type": "Fail",
                        "Arguments": {
                            "ErrorMessage": {
                                "Std:Join": {
                                    "On": " ",
                                    "Values": [
                                        "threshold",
                                        {"Get": "Parameters.Threshold"},
                                        "in",
                                        {"Get": "Parameters.Env"},
                                    ],
                                }
                            }
                        },
                    }
                ],
            },
        }
    ],
}


def _create(client: Any, name: str = "cond") -> None:
    client.create_pipeline(
        PipelineName=name,
        PipelineDefinition=json.dumps(CONDITION_PIPELINE),
        RoleArn="arn:aws:iam::000000000000:role/x",
    )


def test_inline_execution_with_string_parameters(home: Path) -> None:
    client = connect(inline=True)
    _create(client)
    arn = client.start_pipeline_execution(
        PipelineName="cond",
        PipelineParameters=[
            {"Name": "Threshold", "Value": "5.5"},
            {"Name": "Env", "Value": "prod"},
        ],
    )["PipelineExecutionArn"]
    described = client.describe_pipeline_execution(PipelineExecutionArn=arn)
    assert described["PipelineExecutionStatus"] == "Failed"
    assert described["FailureReason"] == "threshold 5.5 in prod"
    assert described["PipelineExperimentConfig"] == {
        "ExperimentName": "cond",
        "TrialName": arn.rsplit("/", 1)[-1],
    }
    steps = {
        s["StepName"]: s
        for s in client.list_pipeline_execution_steps(PipelineExecutionArn=arn)[
            "PipelineExecutionSteps"
        ]
    }
    assert steps["Check"]["Metadata"] == {"Condition": {"Outcome": "False"}}
    assert steps["TooHigh"]["StepStatus"] == "Failed"
    assert steps["TooHigh"]["Metadata"] == {"Fail": {"ErrorMessage": "threshold 5.5 in prod"}}
    params = client.list_pipeline_parameters_for_execution(PipelineExecutionArn=arn)
    assert {"Name": "Strict", "Value": "False"} in params["PipelineParameters"]


def test_boolean_override_as_string_takes_the_if_branch(home: Path) -> None:
    client = connect(inline=True)
    _create(client)
    arn = client.start_pipeline_execution(
        PipelineName="cond",
        PipelineParameters=[{"Name": "Strict", "Value": "True"}],
    )["PipelineExecutionArn"]
    assert (
        client.describe_pipeline_execution(PipelineExecutionArn=arn)["PipelineExecutionStatus"]
        == "Succeeded"
    )
    steps = client.list_pipeline_execution_steps(PipelineExecutionArn=arn)
    by_name = {s["StepName"]: s["StepStatus"] for s in steps["PipelineExecutionSteps"]}
    assert by_name == {"Check": "Succeeded", "TooHigh": "Skipped"}


def test_bad_parameters_are_all_reported(home: Path) -> None:
    client = connect(inline=True)
    _create(client)
    with pytest.raises(InvalidRequest) as info:
        client.start_pipeline_execution(
            PipelineName="cond",
            PipelineParameters=[
                {"Name": "Threshold", "Value": "high"},
                {"Name": "Env", "Value": "qa"},
                {"Name": "Nope", "Value": "1"},
            ],
        )
    paths = [i.path for i in info.value.issues]
    assert paths == [
        "PipelineParameters.Env",
        "PipelineParameters.Nope",
        "PipelineParameters.Threshold",
    ]
    assert "'qa' is not one of ['dev', 'prod']" in str(info.value)


def test_pipeline_errors_use_sagemaker_codes(home: Path) -> None:
    client = connect(inline=True)
    _create(client)
    with pytest.raises(Conflict) as conflict:
        _create(client)
    assert conflict.value.code == "ConflictException"
    with pytest.raises(NotFound) as missing:
        client.describe_pipeline(PipelineName="ghost")
    assert missing.value.code == "ResourceNotFound"
    broken = dict(CONDITION_PIPELINE, Steps=[{"Name": "X", "Type": "Nope"}])
    with pytest.raises(DefinitionError, match="unknown step type 'Nope'"):
        client.create_pipeline(PipelineName="b", PipelineDefinition=json.dumps(broken))


def test_update_describe_and_definition_for_execution(home: Path) -> None:
    client = connect(inline=True)
    _create(client)
    changed = json.loads(json.dumps(CONDITION_PIPELINE))
    changed["Parameters"][0]["DefaultValue"] = 1.0
    client.update_pipeline(PipelineName="cond", PipelineDefinition=json.dumps(changed))
    described = client.describe_pipeline(PipelineName="cond")
    assert json.loads(described["PipelineDefinition"]) == changed
    arn = client.start_pipeline_execution(PipelineName="cond")["PipelineExecutionArn"]
    stored = client.describe_pipeline_definition_for_execution(PipelineExecutionArn=arn)
    assert json.loads(stored["PipelineDefinition"]) == changed
    listed = client.list_pipeline_executions(PipelineName="cond")["PipelineExecutionSummaries"]
    assert listed[0]["PipelineExecutionArn"] == arn
    assert listed[0]["PipelineExecutionStatus"] == "Succeeded"


_STARTER = """
import json, sys
from dagmaker.api import connect
client = connect()
client.create_pipeline(PipelineName="bg", PipelineDefinition=sys.argv[1])
print(client.start_pipeline_execution(PipelineName="bg")["PipelineExecutionArn"])
"""


def test_background_execution_outlives_the_starting_process(home: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _STARTER, json.dumps(CONDITION_PIPELINE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    arn = done.stdout.strip()
    client = connect()
    deadline = time.monotonic() + 30
    status = "Executing"
    while time.monotonic() < deadline:
        status = client.describe_pipeline_execution(PipelineExecutionArn=arn)[
            "PipelineExecutionStatus"
        ]
        if status != "Executing":
            break
        time.sleep(0.1)
    assert status == "Failed"
    assert (home / "worker.log").exists()
