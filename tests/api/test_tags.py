"""AddTags, ListTags and DeleteTags on the local client, and tags given at creation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dagmaker.api import connect
from dagmaker.errors import InvalidRequest
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession

DEFINITION = json.dumps(
    {
        "Version": "2020-12-01",
        "Parameters": [],
        "Steps": [{"Name": "Stop", "Type": "Fail", "Arguments": {"ErrorMessage": "x"}}],
    }
)


def _pipeline(client: object, **extra: object) -> str:
    created = client.create_pipeline(  # type: ignore[attr-defined]
        PipelineName="tagged", PipelineDefinition=DEFINITION, **extra
    )
    return str(created["PipelineArn"])


def test_tags_given_at_creation_are_listed(home: Path) -> None:
    client = connect(inline=True)
    arn = _pipeline(client, Tags=[{"Key": "team", "Value": "ml"}, {"Key": "env", "Value": ""}])
    assert client.list_tags(ResourceArn=arn)["Tags"] == [
        {"Key": "team", "Value": "ml"},
        {"Key": "env", "Value": ""},
    ]


def test_add_replaces_values_keeps_order_and_delete_ignores_unknown_keys(home: Path) -> None:
    client = connect(inline=True)
    arn = _pipeline(client, Tags=[{"Key": "a", "Value": "1"}])
    answer = client.add_tags(
        ResourceArn=arn, Tags=[{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "one"}]
    )
    assert answer == {"Tags": [{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "one"}]}
    assert client.list_tags(ResourceArn=arn)["Tags"] == [
        {"Key": "a", "Value": "one"},
        {"Key": "b", "Value": "2"},
    ]
    assert client.delete_tags(ResourceArn=arn, TagKeys=["a", "never-there"]) == {}
    assert client.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "b", "Value": "2"}]


def test_a_resource_holds_at_most_fifty_tags(home: Path) -> None:
    client = connect(inline=True)
    arn = _pipeline(client)
    client.add_tags(ResourceArn=arn, Tags=[{"Key": f"k{i:02d}", "Value": "v"} for i in range(50)])
    listed = client.list_tags(ResourceArn=arn)
    assert [t["Key"] for t in listed["Tags"]] == [f"k{i:02d}" for i in range(50)]
    assert "NextToken" not in listed
    with pytest.raises(InvalidRequest, match="at most 50 tags; this one would have 51"):
        client.add_tags(ResourceArn=arn, Tags=[{"Key": "one-more", "Value": "v"}])
    # The service's own rule: a page holds at least 50.
    with pytest.raises(InvalidRequest, match="from 50 to"):
        client.list_tags(ResourceArn=arn, MaxResults=20)
    assert len(client.list_tags(ResourceArn=arn, MaxResults=100)["Tags"]) == 50


def test_malformed_tags_are_refused_by_the_services_own_rules(home: Path) -> None:
    client = connect(inline=True)
    arn = _pipeline(client)
    with pytest.raises(InvalidRequest) as caught:
        client.add_tags(ResourceArn=arn, Tags=[{"Key": "x" * 129, "Value": "v"}])
    assert caught.value.field == "Tags[0].Key"
    with pytest.raises(InvalidRequest) as caught:
        client.add_tags(ResourceArn="not-an-arn", Tags=[{"Key": "k", "Value": "v"}])
    assert caught.value.field == "ResourceArn"
    with pytest.raises(InvalidRequest) as caught:
        client.create_pipeline(
            PipelineName="other", PipelineDefinition=DEFINITION, Tags=[{"Value": "no key"}]
        )
    assert caught.value.field == "Tags[0].Key"
    assert client.list_pipelines()["PipelineSummaries"][0]["PipelineName"] == "tagged"


def test_a_deleted_pipeline_takes_its_tags_along(home: Path) -> None:
    client = connect(inline=True)
    arn = _pipeline(client, Tags=[{"Key": "a", "Value": "1"}])
    client.delete_pipeline(PipelineName="tagged")
    assert client.list_tags(ResourceArn=arn)["Tags"] == []


def test_upsert_of_an_existing_pipeline_adds_its_tags(home: Path) -> None:
    session = PipelineSession()
    pipeline = Pipeline(
        name="upserted", steps=[FailStep(name="Stop", error_message="x")], sagemaker_session=session
    )
    arn = pipeline.upsert(tags=[{"Key": "first", "Value": "1"}])["PipelineArn"]
    pipeline.upsert(tags=[{"Key": "second", "Value": "2"}])
    assert session.sagemaker_client.list_tags(ResourceArn=arn)["Tags"] == [
        {"Key": "first", "Value": "1"},
        {"Key": "second", "Value": "2"},
    ]
