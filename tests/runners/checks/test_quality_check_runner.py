"""QualityCheck steps run a real processing job and apply the baseline truth table.

The job runs Model Monitor's analyzer (dagmaker's program for the analyzer image) on the
SageMaker SDK's own data-quality test data; the supplied baselines are the statistics and
the good or bad constraints SageMaker's container produced for it (``tests/quality/
dq_fixtures``). These tests are about the runner: which baseline the job gets, what the
step reports, when it fails, and how the registry supplies baselines.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from dagmaker.api import connect
from dagmaker.errors import Conflict, DefinitionError
from tests.e2e.defs import BUCKET, pipeline

IMAGE = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
SLEEPY_IMAGE = "localhost/sleepy-analyzer:1"
HERE = Path(__file__).parent
FIXTURES = HERE.parents[1] / "quality" / "dq_fixtures"
DATA = f"s3://{BUCKET}/data/dataset.csv"
GROUP = "checked"


@pytest.fixture
def client(home: Path) -> Any:
    client = connect(inline=True)
    client.services.artifacts.write_bytes(DATA, (FIXTURES / "dq_baseline_dataset.csv").read_bytes())
    return client


def _input(name: str, uri: Any) -> dict[str, Any]:
    return {
        "InputName": name,
        "AppManaged": False,
        "S3Input": {
            "S3Uri": uri,
            "LocalPath": f"/opt/ml/processing/input/{name}",
            "S3DataType": "S3Prefix",
            "S3InputMode": "File",
            "S3DataDistributionType": "FullyReplicated",
            "S3CompressionType": "None",
        },
    }


def quality_step(name: str, output: str, dataset: Any = DATA, **settings: Any) -> dict[str, Any]:
    """A data-quality QualityCheck step as SageMaker's SDK writes it."""
    step = {
        "Name": name,
        "Type": "QualityCheck",
        "Arguments": {
            "ProcessingResources": {
                "ClusterConfig": {
                    "InstanceType": "ml.m5.xlarge",
                    "InstanceCount": 1,
                    "VolumeSizeInGB": 30,
                }
            },
            "AppSpecification": {"ImageUri": IMAGE},
            "RoleArn": "arn:aws:iam::000000000000:role/r",
            "ProcessingInputs": [_input("baseline_dataset_input", dataset)],
            "ProcessingOutputConfig": {
                "Outputs": [
                    {
                        "OutputName": "quality_check_output",
                        "AppManaged": False,
                        "S3Output": {
                            "S3Uri": output,
                            "LocalPath": "/opt/ml/processing/output",
                            "S3UploadMode": "EndOfJob",
                        },
                    }
                ]
            },
            "Environment": {
                "output_path": "/opt/ml/processing/output",
                "publish_cloudwatch_metrics": "Disabled",
                "dataset_format": json.dumps(
                    {"csv": {"header": False, "output_columns_position": "START"}}
                ),
                "dataset_source": "/opt/ml/processing/input/baseline_dataset_input",
            },
        },
        "CheckType": "DATA_QUALITY",
        "ModelPackageGroupName": None,
        "SkipCheck": False,
        "FailOnViolation": True,
        "RegisterNewBaseline": False,
        "SuppliedBaselineStatistics": None,
        "SuppliedBaselineConstraints": None,
    }
    step.update(settings)
    return step


def run(
    client: Any, *steps: dict[str, Any], parameters: Any = None, **start: Any
) -> dict[str, Any]:
    """Run a pipeline of ``steps``; its status and its steps by name."""
    definition = json.dumps(pipeline(*steps, parameters=parameters))
    try:
        client.create_pipeline(PipelineName="checks", PipelineDefinition=definition)
    except Conflict:
        client.update_pipeline(PipelineName="checks", PipelineDefinition=definition)
    arn = client.start_pipeline_execution(PipelineName="checks", **start)["PipelineExecutionArn"]
    listed = client.list_pipeline_execution_steps(PipelineExecutionArn=arn)
    return {
        "status": client.describe_pipeline_execution(PipelineExecutionArn=arn)[
            "PipelineExecutionStatus"
        ],
        "steps": {s["StepName"]: s for s in listed["PipelineExecutionSteps"]},
    }


def baseline(client: Any, name: str, good: bool = True) -> tuple[str, str]:
    """The container's statistics and good (or bad) constraints, stored under ``name``."""
    stats = f"s3://{BUCKET}/baselines/{name}/statistics.json"
    constraints = f"s3://{BUCKET}/baselines/{name}/constraints.json"
    source = FIXTURES / ("dq_constraints.json" if good else "dq_bad_constraints.json")
    artifacts = client.services.artifacts
    artifacts.write_bytes(stats, (FIXTURES / "dq_statistics.json").read_bytes())
    artifacts.write_bytes(constraints, source.read_bytes())
    return stats, constraints


def approve_package(client: Any, stats: str, constraints: str) -> str:
    """An Approved package in GROUP whose drift-check baselines are these files."""
    package = client.create_model_package(
        ModelPackageGroupName=GROUP,
        ModelApprovalStatus="Approved",
        InferenceSpecification={
            "Containers": [{"Image": IMAGE}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
        DriftCheckBaselines={
            "ModelDataQuality": {
                "Statistics": {"ContentType": "application/json", "S3Uri": stats},
                "Constraints": {"ContentType": "application/json", "S3Uri": constraints},
            }
        },
    )
    return str(package["ModelPackageArn"])


OUT = f"s3://{BUCKET}/check"
CALCULATED = (f"{OUT}/statistics.json", f"{OUT}/constraints.json")


@pytest.mark.parametrize(
    ("skip", "register", "used_calculated"),
    [(False, False, False), (False, True, True), (True, False, False), (True, True, True)],
)
def test_truth_table_with_supplied_baselines(
    client: Any, skip: bool, register: bool, used_calculated: bool
) -> None:
    stats, constraints = baseline(client, "supplied")
    step = quality_step(
        "DQ",
        OUT,
        SkipCheck=skip,
        RegisterNewBaseline=register,
        SuppliedBaselineStatistics=stats,
        SuppliedBaselineConstraints=constraints,
    )
    result = run(client, step)
    assert result["status"] == "Succeeded"
    meta = result["steps"]["DQ"]["Metadata"]["QualityCheck"]
    assert (
        meta["CalculatedBaselineStatistics"],
        meta["CalculatedBaselineConstraints"],
    ) == CALCULATED
    used = (
        meta["BaselineUsedForDriftCheckStatistics"],
        meta["BaselineUsedForDriftCheckConstraints"],
    )
    assert used == (CALCULATED if used_calculated else (stats, constraints))
    assert meta["SkipCheck"] is skip and meta["RegisterNewBaseline"] is register
    assert meta["CheckType"] == "DATA_QUALITY"
    assert "ViolationReport" not in meta
    assert ":processing-job/" in meta["CheckJobArn"]
    artifacts = client.services.artifacts
    # The check ran (against the supplied files) only when it was not skipped.
    assert artifacts.exists(f"{OUT}/constraint_violations.json") is (not skip)
    # A check reports this run's own constraints too (CalculatedBaselineConstraints).
    suggested = json.loads(artifacts.read_bytes(CALCULATED[1]))
    expected = json.loads((FIXTURES / "dq_constraints.json").read_text())
    assert [f["name"] for f in suggested["features"]] == [f["name"] for f in expected["features"]]


def test_check_job_is_a_describable_processing_job(client: Any) -> None:
    stats, constraints = baseline(client, "supplied")
    step = quality_step(
        "DQ", OUT, SuppliedBaselineStatistics=stats, SuppliedBaselineConstraints=constraints
    )
    result = run(client, step)
    arn = result["steps"]["DQ"]["Metadata"]["QualityCheck"]["CheckJobArn"]
    job = client.describe_processing_job(ProcessingJobName=arn.rsplit("/", 1)[-1])
    assert job["ProcessingJobStatus"] == "Completed"
    names = [i["InputName"] for i in job["ProcessingInputs"]]
    assert names[-2:] == ["baseline_statistics", "baseline_constraints"]
    assert job["Environment"]["baseline_constraints"] == (
        "/opt/ml/processing/baseline/constraints/constraints.json"
    )
    assert job["Environment"]["baseline_statistics"] == (
        "/opt/ml/processing/baseline/stats/statistics.json"
    )
    log = client.get_job_log(JobName=job["ProcessingJobName"], Offset=0)["Log"]
    assert "Found 0 constraint violation(s)" in log


@pytest.mark.parametrize("fail_on_violation", [None, True, False])
def test_violations_fail_the_step_unless_told_otherwise(
    client: Any, fail_on_violation: bool | None
) -> None:
    stats, constraints = baseline(client, "strict", good=False)
    step = quality_step(
        "DQ",
        OUT,
        FailOnViolation=fail_on_violation,
        SuppliedBaselineStatistics=stats,
        SuppliedBaselineConstraints=constraints,
    )
    result = run(client, step)
    listed = result["steps"]["DQ"]
    report = f"{OUT}/constraint_violations.json"
    assert listed["Metadata"]["QualityCheck"]["ViolationReport"] == report
    if fail_on_violation is False:
        assert (result["status"], listed["StepStatus"]) == ("Succeeded", "Succeeded")
    else:
        assert (result["status"], listed["StepStatus"]) == ("Failed", "Failed")
        assert listed["FailureReason"].startswith(
            "ClientError: Quality check failed. See violation report"
        )
        assert report in listed["FailureReason"]


def test_latest_approved_package_supplies_the_baseline(client: Any) -> None:
    old_stats, old_constraints = baseline(client, "v1")
    new_stats, new_constraints = baseline(client, "v2")
    approve_package(client, old_stats, old_constraints)
    arn = approve_package(client, new_stats, new_constraints)
    client.update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Rejected")
    approve_package(client, new_stats, new_constraints)
    client.create_model_package(
        ModelPackageGroupName=GROUP,
        ModelApprovalStatus="PendingManualApproval",
        InferenceSpecification={
            "Containers": [{"Image": IMAGE}],
            "SupportedContentTypes": [],
            "SupportedResponseMIMETypes": [],
        },
        DriftCheckBaselines={
            "ModelDataQuality": {
                "Constraints": {"ContentType": "application/json", "S3Uri": "s3://x/pending.json"}
            }
        },
    )
    result = run(client, quality_step("DQ", OUT, ModelPackageGroupName=GROUP))
    assert result["status"] == "Succeeded"
    meta = result["steps"]["DQ"]["Metadata"]["QualityCheck"]
    assert meta["BaselineUsedForDriftCheckConstraints"] == new_constraints
    assert meta["BaselineUsedForDriftCheckStatistics"] == new_stats
    assert meta["ModelPackageGroupName"] == GROUP


def test_supplied_baselines_win_over_the_registry(client: Any) -> None:
    registry_stats, registry_constraints = baseline(client, "registry")
    approve_package(client, registry_stats, registry_constraints)
    _, supplied = baseline(client, "supplied")
    step = quality_step(
        "DQ", OUT, ModelPackageGroupName=GROUP, SuppliedBaselineConstraints=supplied
    )
    meta = run(client, step)["steps"]["DQ"]["Metadata"]["QualityCheck"]
    assert meta["BaselineUsedForDriftCheckConstraints"] == supplied
    assert "BaselineUsedForDriftCheckStatistics" not in meta


@pytest.mark.parametrize(("skip", "register"), [(False, False), (False, True), (True, False)])
def test_a_missing_previous_baseline_fails_the_step(
    client: Any, skip: bool, register: bool
) -> None:
    step = quality_step(
        "DQ", OUT, SkipCheck=skip, RegisterNewBaseline=register, ModelPackageGroupName=GROUP
    )
    result = run(client, step)
    listed = result["steps"]["DQ"]
    assert (result["status"], listed["StepStatus"]) == ("Failed", "Failed")
    assert (
        "no Approved package with drift-check baselines for DATA_QUALITY" in listed["FailureReason"]
    )
    assert "'checked'" in listed["FailureReason"]
    assert client.list_processing_jobs()["ProcessingJobSummaries"] == []


def test_first_run_needs_no_baseline_and_its_baseline_can_be_registered(client: Any) -> None:
    check = quality_step(
        "DQ", OUT, SkipCheck=True, RegisterNewBaseline=True, ModelPackageGroupName=GROUP
    )
    register = {
        "Name": "Register",
        "Type": "RegisterModel",
        "Arguments": {
            "ModelPackageGroupName": GROUP,
            "ModelApprovalStatus": "Approved",
            "InferenceSpecification": {
                "Containers": [{"Image": IMAGE}],
                "SupportedContentTypes": ["text/csv"],
                "SupportedResponseMIMETypes": ["text/csv"],
            },
            "ModelMetrics": {
                "ModelDataQuality": {
                    "Statistics": {
                        "ContentType": "application/json",
                        "S3Uri": {"Get": "Steps.DQ.CalculatedBaselineStatistics"},
                    }
                },
                "Bias": {},
                "Explainability": {},
            },
            "DriftCheckBaselines": {
                "ModelDataQuality": {
                    "Statistics": {
                        "ContentType": "application/json",
                        "S3Uri": {"Get": "Steps.DQ.BaselineUsedForDriftCheckStatistics"},
                    },
                    "Constraints": {
                        "ContentType": "application/json",
                        "S3Uri": {"Get": "Steps.DQ.BaselineUsedForDriftCheckConstraints"},
                    },
                }
            },
        },
    }
    result = run(client, check, register)
    assert result["status"] == "Succeeded"
    arn = result["steps"]["Register"]["Metadata"]["RegisterModel"]["Arn"]
    package = client.describe_model_package(ModelPackageName=arn)
    drift = package["DriftCheckBaselines"]["ModelDataQuality"]
    assert (drift["Statistics"]["S3Uri"], drift["Constraints"]["S3Uri"]) == CALCULATED
    assert package["ModelMetrics"]["ModelDataQuality"]["Statistics"]["S3Uri"] == CALCULATED[0]
    # The next run checks against what the first one registered.
    again = run(client, quality_step("DQ", f"{OUT}2", ModelPackageGroupName=GROUP))
    meta = again["steps"]["DQ"]["Metadata"]["QualityCheck"]
    assert meta["BaselineUsedForDriftCheckConstraints"] == CALCULATED[1]
    assert "ViolationReport" not in meta


def test_bad_settings_are_named(client: Any) -> None:
    with pytest.raises(DefinitionError, match="SkipCheck: 'maybe' is not true or false"):
        run(client, quality_step("DQ", OUT, SkipCheck="maybe"))
    # Values that arrive through parameters are checked when the step runs.
    parameters = [{"Name": "Constraints", "Type": "String", "DefaultValue": ""}]
    step = quality_step("DQ", OUT, SuppliedBaselineConstraints={"Get": "Parameters.Constraints"})
    started = {"PipelineParameters": [{"Name": "Constraints", "Value": "/tmp/c.json"}]}
    reason = run(client, step, parameters=parameters, **started)["steps"]["DQ"]["FailureReason"]
    assert "SuppliedBaselineConstraints must be the s3:// URI of a baseline file" in reason
    assert "'/tmp/c.json'" in reason


def test_parameters_choose_the_baseline_at_start(client: Any) -> None:
    stats, constraints = baseline(client, "param")
    parameters = [
        {"Name": "Stats", "Type": "String", "DefaultValue": ""},
        {"Name": "Constraints", "Type": "String", "DefaultValue": ""},
        {"Name": "Skip", "Type": "Boolean", "DefaultValue": True},
    ]
    step = quality_step(
        "DQ",
        OUT,
        SkipCheck={"Get": "Parameters.Skip"},
        RegisterNewBaseline=True,
        SuppliedBaselineStatistics={"Get": "Parameters.Stats"},
        SuppliedBaselineConstraints={"Get": "Parameters.Constraints"},
    )
    first = run(client, step, parameters=parameters)
    assert first["status"] == "Succeeded"
    second = run(
        client,
        step,
        parameters=parameters,
        PipelineParameters=[
            {"Name": "Stats", "Value": stats},
            {"Name": "Constraints", "Value": constraints},
            {"Name": "Skip", "Value": "false"},
        ],
    )
    meta = second["steps"]["DQ"]["Metadata"]["QualityCheck"]
    assert meta["SkipCheck"] is False
    assert client.services.artifacts.exists(f"{OUT}/constraint_violations.json")


def test_stopping_the_execution_stops_the_check_job(home: Path, client: Any) -> None:
    # A check job that outlives the test's patience: a program that only sleeps, behind an
    # image of its own (the analyzer is too quick to be stopped mid-way).
    client.services.images.put(SLEEPY_IMAGE, "python")
    sleeper = f"s3://{BUCKET}/code/sleep.py"
    client.services.artifacts.write_bytes(sleeper, b"import time\ntime.sleep(60)\n")
    step = quality_step("DQ", OUT, SkipCheck=True, RegisterNewBaseline=True)
    step["Arguments"]["AppSpecification"] = {
        "ImageUri": SLEEPY_IMAGE,
        "ContainerEntrypoint": ["python3", "/opt/ml/processing/input/code/sleep.py"],
    }
    step["Arguments"]["ProcessingInputs"].append(_input("code", sleeper))
    background = connect()
    background.create_pipeline(PipelineName="slow", PipelineDefinition=json.dumps(pipeline(step)))
    arn = background.start_pipeline_execution(PipelineName="slow")["PipelineExecutionArn"]
    deadline = time.monotonic() + 60
    while not background.list_processing_jobs()["ProcessingJobSummaries"]:
        assert time.monotonic() < deadline, "the check job never started"
        time.sleep(0.2)
    background.stop_pipeline_execution(PipelineExecutionArn=arn)
    status = background.describe_pipeline_execution(PipelineExecutionArn=arn)
    while status["PipelineExecutionStatus"] in ("Executing", "Stopping"):
        assert time.monotonic() < deadline, status
        time.sleep(0.2)
        status = background.describe_pipeline_execution(PipelineExecutionArn=arn)
    assert status["PipelineExecutionStatus"] == "Stopped"
    [job] = background.list_processing_jobs()["ProcessingJobSummaries"]
    assert job["ProcessingJobStatus"] == "Stopped"
    [listed] = background.list_pipeline_execution_steps(PipelineExecutionArn=arn)[
        "PipelineExecutionSteps"
    ]
    assert listed["StepStatus"] == "Stopped"
