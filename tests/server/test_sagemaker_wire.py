"""SageMaker's JSON protocol through boto3: shapes, errors and paging as AWS gives them."""

from __future__ import annotations

import json
import time
import urllib.request
from datetime import datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.server.conftest import RunningServer, boto_client

ROLE = "arn:aws:iam::000000000000:role/test"


def _definition(message: str = "boom") -> str:
    return json.dumps(
        {
            "Version": "2020-12-01",
            "Parameters": [{"Name": "Why", "Type": "String", "DefaultValue": message}],
            "Steps": [
                {
                    "Name": "Stop",
                    "Type": "Fail",
                    "Arguments": {"ErrorMessage": {"Get": "Parameters.Why"}},
                }
            ],
        }
    )


@pytest.fixture(scope="module")
def sm(server: RunningServer) -> Any:
    return boto_client(server, "sagemaker")


def _error(call: Any, **kwargs: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response


def test_create_describe_and_the_errors_upsert_relies_on(sm: Any) -> None:
    arn = sm.create_pipeline(PipelineName="wire-a", PipelineDefinition=_definition(), RoleArn=ROLE)
    assert arn["PipelineArn"] == "arn:aws:sagemaker:local:000000000000:pipeline/wire-a"
    described = sm.describe_pipeline(PipelineName="wire-a")
    assert isinstance(described["CreationTime"], datetime)
    assert json.loads(described["PipelineDefinition"])["Version"] == "2020-12-01"
    again = _error(
        sm.create_pipeline, PipelineName="wire-a", PipelineDefinition=_definition(), RoleArn=ROLE
    )
    assert again["Error"]["Code"] == "ValidationException"
    assert "already exists" in again["Error"]["Message"]
    missing = _error(sm.describe_pipeline, PipelineName="wire-nope")
    assert missing["Error"]["Code"] == "ResourceNotFound"
    assert missing["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_the_input_shape_is_checked_with_aws_wording(sm: Any) -> None:
    # botocore checks lengths and required members client-side, but not patterns: the
    # server does, in the service's words.
    bad = _error(sm.describe_pipeline, PipelineName="no_underscores!")
    assert bad["Error"]["Code"] == "ValidationException"
    assert bad["Error"]["Message"].startswith(
        "1 validation error detected: Value 'no_underscores!'"
    )
    assert (
        "at 'pipelineName' failed to satisfy constraint: Member must satisfy regular"
        in (bad["Error"]["Message"])
    )


def test_an_execution_runs_in_the_server_and_reports_like_sagemaker(sm: Any) -> None:
    sm.create_pipeline(PipelineName="wire-run", PipelineDefinition=_definition(), RoleArn=ROLE)
    arn = sm.start_pipeline_execution(
        PipelineName="wire-run", PipelineParameters=[{"Name": "Why", "Value": "stopped on purpose"}]
    )["PipelineExecutionArn"]
    deadline = time.monotonic() + 60
    while (status := sm.describe_pipeline_execution(PipelineExecutionArn=arn))[
        "PipelineExecutionStatus"
    ] == "Executing":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert status["PipelineExecutionStatus"] == "Failed"
    assert status["FailureReason"] == "stopped on purpose"
    steps = sm.list_pipeline_execution_steps(PipelineExecutionArn=arn)["PipelineExecutionSteps"]
    assert [(s["StepName"], s["StepStatus"]) for s in steps] == [("Stop", "Failed")]
    assert isinstance(steps[0]["StartTime"], datetime)
    params = sm.list_pipeline_parameters_for_execution(PipelineExecutionArn=arn)
    assert params["PipelineParameters"] == [{"Name": "Why", "Value": "stopped on purpose"}]
    done = _error(sm.stop_pipeline_execution, PipelineExecutionArn=arn)
    assert done["Error"]["Code"] == "ConflictException"


def test_pages_with_max_results_and_next_token(sm: Any) -> None:
    for i in range(3):
        sm.create_pipeline(
            PipelineName=f"wire-page-{i}", PipelineDefinition=_definition(), RoleArn=ROLE
        )
    first = sm.list_pipelines(MaxResults=2)
    assert len(first["PipelineSummaries"]) == 2 and first["NextToken"]
    names = [
        p["PipelineName"]
        for page in sm.get_paginator("list_pipelines").paginate(PaginationConfig={"PageSize": 1})
        for p in page["PipelineSummaries"]
    ]
    assert {f"wire-page-{i}" for i in range(3)} <= set(names)
    assert len(names) == len(set(names))
    bad = _error(sm.list_pipelines, NextToken="not-a-token")
    assert bad["Error"]["Code"] == "ValidationException"


def _raw(server: RunningServer, target: str, body: bytes = b"{}") -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        server.url + "/",
        data=body,
        method="POST",
        headers={"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.1"},
    )
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_tags_through_boto3(sm: Any) -> None:
    tags = [{"Key": "team", "Value": "ml"}]
    arn = sm.create_pipeline(
        PipelineName="wire-tags", PipelineDefinition=_definition(), RoleArn=ROLE, Tags=tags
    )["PipelineArn"]
    sm.add_tags(ResourceArn=arn, Tags=[{"Key": "env", "Value": "dev"}])
    assert sm.list_tags(ResourceArn=arn)["Tags"] == [*tags, {"Key": "env", "Value": "dev"}]
    sm.delete_tags(ResourceArn=arn, TagKeys=["team"])
    assert sm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "env", "Value": "dev"}]


def test_unknown_unimplemented_and_malformed_requests(server: RunningServer) -> None:
    assert _raw(server, "SageMaker.NoSuchThing")[1]["__type"] == "UnknownOperationException"
    status, body = _raw(server, "SageMaker.ListDomains")
    assert (status, body["__type"]) == (501, "NotImplemented")
    status, body = _raw(server, "SageMaker.ListPipelines", b"{not json")
    assert (status, body["__type"]) == (400, "SerializationException")
    status, body = _raw(server, "SageMaker.DescribePipeline", b'{"PipelineName": 5}')
    assert (status, body["__type"]) == (400, "SerializationException")
    status, body = _raw(server, "SageMaker.DescribePipeline", b"{}")
    assert body["message"] == (
        "1 validation error detected: Value null at 'pipelineName' failed to satisfy "
        "constraint: Member must not be null"
    )


def test_sts_says_who_the_caller_is(server: RunningServer) -> None:
    identity = boto_client(server, "sts").get_caller_identity()
    assert identity["Account"] == "000000000000"
    assert identity["Arn"].startswith("arn:aws:iam::000000000000:")


def test_cloudwatch_logs_answers_for_jobs(server: RunningServer) -> None:
    logs = boto_client(server, "logs")
    group = "/aws/sagemaker/ProcessingJobs"
    assert (
        logs.describe_log_streams(logGroupName=group, logStreamNamePrefix="no-job/")["logStreams"]
        == []
    )
    missing = _error(logs.get_log_events, logGroupName=group, logStreamName="no-job/algo-1-1")
    assert missing["Error"]["Code"] == "ResourceNotFoundException"
    other = _error(logs.get_log_events, logGroupName="/elsewhere", logStreamName="x/algo-1-1")
    assert other["Error"]["Code"] == "ResourceNotFoundException"
