"""Model Monitor's API on the local client: job definitions, schedules, runs, metrics.

Requests are the ones SageMaker's SDK sends (``monitoring_fixtures``); schedules here run
once (``NOW``) over batch transform capture with a stand-in container, driven by this
process as any created schedule is.
"""

from __future__ import annotations

import copy
import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from dagmaker.api import connect
from dagmaker.errors import Conflict, InvalidRequest, NotFound
from dagmaker.records.statuses import ExecutionStatus

FIXTURES = Path(__file__).parent / "monitoring_fixtures"
STAND_IN = Path(__file__).parents[1] / "runners" / "monitoring" / "stand_in_monitor.py"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/stand-in-monitor:1"
CAPTURED = "s3://batch-bucket/capture"


def _sdk(method: str, index: int = 0) -> dict[str, Any]:
    calls = json.loads((FIXTURES / "sdk_requests.json").read_text())
    found = [c["Request"] for c in calls if c["Method"] == method]
    return copy.deepcopy(found[index])


def _wait(check: Any, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def _delete_and_wait(client: Any, name: str) -> None:
    arn = client.services.schedules.get(name).execution_arn
    client.delete_monitoring_schedule(MonitoringScheduleName=name)
    _wait(lambda: client.services.executions.status(arn).terminal)
    assert client.services.executions.status(arn) == ExecutionStatus.STOPPED


@pytest.mark.parametrize(
    "method", ["data_quality", "model_quality", "model_bias", "model_explainability"]
)
def test_job_definitions_of_every_kind_round_trip(home: Path, method: str) -> None:
    client = connect()
    request = _sdk(f"create_{method}_job_definition")
    name = request["JobDefinitionName"]
    arn = getattr(client, f"create_{method}_job_definition")(**request)["JobDefinitionArn"]
    resource = method.replace("_", "-")
    assert arn == f"arn:aws:sagemaker:local:000000000000:{resource}-job-definition/{name}"
    described = getattr(client, f"describe_{method}_job_definition")(JobDefinitionName=name)
    assert described["JobDefinitionArn"] == arn
    assert isinstance(described["CreationTime"], datetime)
    for key, value in request.items():
        if key != "Tags":
            assert described[key] == value
    listed = getattr(client, f"list_{method}_job_definitions")()["JobDefinitionSummaries"]
    assert [s["MonitoringJobDefinitionName"] for s in listed] == [name]
    with pytest.raises(Conflict, match="already exists"):
        getattr(client, f"create_{method}_job_definition")(**request)
    getattr(client, f"delete_{method}_job_definition")(JobDefinitionName=name)
    with pytest.raises(NotFound, match="job definition"):
        getattr(client, f"describe_{method}_job_definition")(JobDefinitionName=name)


def test_definition_requests_are_checked_against_the_service_shapes(home: Path) -> None:
    client = connect()
    request = _sdk("create_data_quality_job_definition")
    request["DataQualityAppSpecification"]["ImageUrl"] = "x"
    del request["RoleArn"]
    with pytest.raises(InvalidRequest) as caught:
        client.create_data_quality_job_definition(**request)
    assert "2 problems" in caught.value.message
    assert "RoleArn: missing" in caught.value.message
    assert "did you mean ImageUri?" in caught.value.message
    both = _sdk("create_data_quality_job_definition")
    both["DataQualityJobInput"]["BatchTransformInput"] = {
        "DataCapturedDestinationS3Uri": CAPTURED,
        "DatasetFormat": {"Csv": {"Header": False}},
        "LocalPath": "/opt/ml/processing/input/batch",
    }
    with pytest.raises(InvalidRequest, match="exactly one endpoint or batch transform"):
        client.create_data_quality_job_definition(**both)


def test_definitions_list_filtered_sorted_and_paged(home: Path) -> None:
    client = connect()
    for name, endpoint in (("b-def", "ep-1"), ("a-def", "ep-2"), ("c-def", "ep-1")):
        request = _sdk("create_data_quality_job_definition")
        request["JobDefinitionName"] = name
        request["DataQualityJobInput"]["EndpointInput"]["EndpointName"] = endpoint
        client.create_data_quality_job_definition(**request)
        time.sleep(0.01)
    listed = client.list_data_quality_job_definitions(SortBy="Name", SortOrder="Ascending")
    assert [s["MonitoringJobDefinitionName"] for s in listed["JobDefinitionSummaries"]] == [
        "a-def",
        "b-def",
        "c-def",
    ]
    newest = client.list_data_quality_job_definitions(EndpointName="ep-1", MaxResults=1)
    assert [s["MonitoringJobDefinitionName"] for s in newest["JobDefinitionSummaries"]] == ["c-def"]
    rest = client.list_data_quality_job_definitions(
        EndpointName="ep-1", MaxResults=1, NextToken=newest["NextToken"]
    )
    assert [s["MonitoringJobDefinitionName"] for s in rest["JobDefinitionSummaries"]] == ["b-def"]
    assert "NextToken" not in rest
    named = client.list_data_quality_job_definitions(NameContains="A-D")
    assert [s["EndpointName"] for s in named["JobDefinitionSummaries"]] == ["ep-2"]
    assert client.list_model_bias_job_definitions()["JobDefinitionSummaries"] == []


@pytest.mark.parametrize(
    ("change", "field", "why"),
    [
        ({"ScheduleExpression": "cron(0/15 * ? * * *)"}, "ScheduleExpression", "use cron"),
        ({"ScheduleExpression": "NOW"}, "DataAnalysisStartTime", "give both"),
        (
            {
                "ScheduleExpression": "NOW",
                "DataAnalysisStartTime": "-P2D",
                "DataAnalysisEndTime": "-PT0H",
            },
            "DataAnalysisStartTime",
            "longer than 24 hours",
        ),
    ],
)
def test_schedules_refuse_expressions_and_windows_model_monitor_refuses(
    home: Path, change: dict[str, str], field: str, why: str
) -> None:
    client = connect()
    client.create_data_quality_job_definition(**_sdk("create_data_quality_job_definition"))
    request = _sdk("create_monitoring_schedule")
    request["MonitoringScheduleConfig"]["ScheduleConfig"] = change
    with pytest.raises(InvalidRequest, match=why) as caught:
        client.create_monitoring_schedule(**request)
    assert field in (caught.value.field or "")
    with pytest.raises(NotFound):
        client.describe_monitoring_schedule(
            MonitoringScheduleName=request["MonitoringScheduleName"]
        )


def test_schedules_need_exactly_one_existing_definition(home: Path) -> None:
    client = connect()
    request = _sdk("create_monitoring_schedule")
    with pytest.raises(NotFound, match="data quality job definition"):
        client.create_monitoring_schedule(**request)
    request["MonitoringScheduleConfig"]["MonitoringJobDefinition"] = {}
    with pytest.raises(InvalidRequest, match="exactly one of MonitoringJobDefinition"):
        client.create_monitoring_schedule(**request)


def _batch_definition(client: Any, name: str = "batch-def") -> None:
    client.services.images.put(IMAGE, "python")
    client.services.artifacts.write_bytes(
        "s3://batch-bucket/baseline/constraints.json", json.dumps({"max_mean": 3.0}).encode()
    )
    client.create_data_quality_job_definition(
        JobDefinitionName=name,
        DataQualityAppSpecification={
            "ImageUri": IMAGE,
            "ContainerEntrypoint": ["python3", str(STAND_IN)],
            "Environment": {"publish_cloudwatch_metrics": "Enabled"},
        },
        DataQualityBaselineConfig={
            "ConstraintsResource": {"S3Uri": "s3://batch-bucket/baseline/constraints.json"}
        },
        DataQualityJobInput={
            "BatchTransformInput": {
                "DataCapturedDestinationS3Uri": CAPTURED,
                "DatasetFormat": {"Json": {"Line": True}},
                "LocalPath": "/opt/ml/processing/input/batch",
            }
        },
        DataQualityJobOutputConfig={
            "MonitoringOutputs": [
                {
                    "S3Output": {
                        "S3Uri": "s3://batch-bucket/reports",
                        "LocalPath": "/opt/ml/processing/output",
                    }
                }
            ]
        },
        JobResources={
            "ClusterConfig": {
                "InstanceCount": 1,
                "InstanceType": "ml.m5.large",
                "VolumeSizeInGB": 20,
            }
        },
        RoleArn="arn:aws:iam::123456789012:role/monitor",
    )


def _batch_capture(client: Any, values: list[float]) -> None:
    now = datetime.now(UTC)
    records = [
        {
            "captureData": {"endpointInput": {"data": f"{v},1"}},
            "eventMetadata": {"inferenceTime": now.strftime("%Y-%m-%dT%H:%M:%SZ")},
        }
        for v in values
    ]
    store = client.services.artifacts
    store.write_bytes(
        "s3://batch-bucket/transform-in/part.jsonl",
        "".join(json.dumps(r) + "\n" for r in records).encode(),
    )
    manifest = [{"prefix": "s3://batch-bucket/transform-in/"}, "part.jsonl"]
    store.write_bytes(
        f"{CAPTURED}/input/{now:%Y/%m/%d/%H}/manifest.jsonl", json.dumps(manifest).encode()
    )


@pytest.mark.slow  # a real processing job
def test_a_now_schedule_runs_once_and_reports_through_every_method(home: Path) -> None:
    client = connect()
    _batch_definition(client)
    _batch_capture(client, [2.0, 6.0])
    arn = client.create_monitoring_schedule(
        MonitoringScheduleName="once",
        MonitoringScheduleConfig={
            "MonitoringJobDefinitionName": "batch-def",
            "MonitoringType": "DataQuality",
            "ScheduleConfig": {
                "ScheduleExpression": "NOW",
                "DataAnalysisStartTime": "-PT1H",
                "DataAnalysisEndTime": "PT1H",
            },
        },
        Tags=[{"Key": "team", "Value": "ml"}],
    )["MonitoringScheduleArn"]
    assert arn.endswith(":monitoring-schedule/once")
    assert client.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "ml"}]

    def last() -> dict[str, Any] | None:
        described = client.describe_monitoring_schedule(MonitoringScheduleName="once")
        summary = described.get("LastMonitoringExecutionSummary")
        if summary and summary["MonitoringExecutionStatus"] not in ("InProgress", "Pending"):
            return described
        return None

    described = _wait(last)
    assert described["MonitoringScheduleStatus"] == "Scheduled"
    assert described["MonitoringType"] == "DataQuality"
    assert "EndpointName" not in described
    summary = described["LastMonitoringExecutionSummary"]
    assert summary["MonitoringExecutionStatus"] == "CompletedWithViolations"
    listed = client.list_monitoring_executions(MonitoringScheduleName="once")
    assert listed["MonitoringExecutionSummaries"] == [summary]
    assert (
        client.list_monitoring_executions(StatusEquals="Completed")["MonitoringExecutionSummaries"]
        == []
    )
    job = client.describe_processing_job(ProcessingJobName=summary["ProcessingJobArn"])
    assert json.loads(job["Environment"]["dataset_format"]) == {"json": {"lines": True}}
    metric = client.list_monitoring_metrics(MonitoringScheduleName="once", Latest=True)
    assert [(m["MetricName"], m["Value"]) for m in metric["Metrics"] if "Value" in m] == [
        ("feature_baseline_drift_f0", 4.0)
    ]
    schedules = client.list_monitoring_schedules(NameContains="ONC")["MonitoringScheduleSummaries"]
    assert [(s["MonitoringScheduleName"], s["MonitoringJobDefinitionName"]) for s in schedules] == [
        ("once", "batch-def")
    ]
    with pytest.raises(Conflict, match="used by monitoring schedule"):
        client.delete_data_quality_job_definition(JobDefinitionName="batch-def")
    _delete_and_wait(client, "once")
    with pytest.raises(NotFound):
        client.describe_monitoring_schedule(MonitoringScheduleName="once")
    with pytest.raises(NotFound):
        client.list_monitoring_executions(MonitoringScheduleName="once")
    client.delete_data_quality_job_definition(JobDefinitionName="batch-def")


def test_schedule_changes_show_pending_until_the_schedule_has_them(home: Path) -> None:
    client = connect()
    _batch_definition(client)
    config = {
        "MonitoringJobDefinitionName": "batch-def",
        "MonitoringType": "DataQuality",
        "ScheduleConfig": {"ScheduleExpression": "cron(0 3 ? * * *)"},
    }
    client.create_monitoring_schedule(
        MonitoringScheduleName="daily", MonitoringScheduleConfig=config
    )

    def status() -> str:
        described = client.describe_monitoring_schedule(MonitoringScheduleName="daily")
        return str(described["MonitoringScheduleStatus"])

    _wait(lambda: status() == "Scheduled")
    client.stop_monitoring_schedule(MonitoringScheduleName="daily")
    _wait(lambda: status() == "Stopped")
    hourly = dict(config, ScheduleConfig={"ScheduleExpression": "cron(0 * ? * * *)"})
    client.update_monitoring_schedule(
        MonitoringScheduleName="daily", MonitoringScheduleConfig=hourly
    )
    assert status() == "Pending"
    _wait(lambda: status() == "Stopped")
    client.start_monitoring_schedule(MonitoringScheduleName="daily")
    _wait(lambda: status() == "Scheduled")
    described = client.describe_monitoring_schedule(MonitoringScheduleName="daily")
    assert described["MonitoringScheduleConfig"]["ScheduleConfig"] == {
        "ScheduleExpression": "cron(0 * ? * * *)"
    }
    assert (
        client.list_monitoring_schedules(StatusEquals="Stopped")["MonitoringScheduleSummaries"]
        == []
    )
    with pytest.raises(Conflict):
        client.create_monitoring_schedule(
            MonitoringScheduleName="daily", MonitoringScheduleConfig=config
        )
    _delete_and_wait(client, "daily")
    with pytest.raises(NotFound):
        client.run_monitoring_schedule_now(MonitoringScheduleName="daily")
