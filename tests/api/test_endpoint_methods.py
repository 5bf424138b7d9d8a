"""Endpoint configuration and endpoint methods: shapes, filters, refusals (no processes)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dagmaker.api import connect
from dagmaker.api.client import LocalSageMakerClient
from dagmaker.errors import Conflict, InvalidRequest, NotFound
from dagmaker.records.endpoints import EndpointRecord, EndpointStatus
from dagmaker.records.records import JobRecord
from dagmaker.records.statuses import JobStatus

IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"


@pytest.fixture
def client(home: Path) -> LocalSageMakerClient:
    local = connect()
    for name in ("m1", "m2"):
        local.create_model(
            ModelName=name,
            ExecutionRoleArn="arn:aws:iam::000000000000:role/r",
            PrimaryContainer={"Image": IMAGE, "ModelDataUrl": "s3://b/m.tar.gz"},
        )
    return local


def _config(client: LocalSageMakerClient, name: str, model: str = "m1", **extra: object) -> None:
    client.create_endpoint_config(
        EndpointConfigName=name,
        ProductionVariants=[
            {"VariantName": "AllTraffic", "ModelName": model, "InitialInstanceCount": 1}
        ],
        **extra,
    )


def _endpoint(client: LocalSageMakerClient, name: str, config: str, status: EndpointStatus) -> None:
    # Recorded as the supervisor would leave it, without starting processes.
    repository = client.services.endpoints
    assert repository is not None
    repository.create(
        EndpointRecord(
            name=name,
            arn=f"arn:aws:sagemaker:local:000000000000:endpoint/{name}",
            config_name=config,
            status=status,
            port=4321,
        )
    )


def test_endpoint_config_round_trip(client: LocalSageMakerClient) -> None:
    arn = client.create_endpoint_config(
        EndpointConfigName="c1",
        ProductionVariants=[
            {"VariantName": "A", "ModelName": "m1", "InitialInstanceCount": 1},
            {
                "VariantName": "B",
                "ModelName": "m2",
                "InitialInstanceCount": 2,
                "InitialVariantWeight": 3,
            },
        ],
        Tags=[{"Key": "team", "Value": "ml"}],
    )["EndpointConfigArn"]
    assert arn == "arn:aws:sagemaker:local:000000000000:endpoint-config/c1"
    described = client.describe_endpoint_config(EndpointConfigName="c1")
    assert [v["InitialVariantWeight"] for v in described["ProductionVariants"]] == [1.0, 3.0]
    assert isinstance(described["CreationTime"], datetime)
    assert "Tags" not in described
    assert client.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "ml"}]
    with pytest.raises(Conflict, match="already existing endpoint configuration"):
        _config(client, "c1")
    _config(client, "other")
    listed = client.list_endpoint_configs(NameContains="C", SortBy="Name", SortOrder="Ascending")
    assert [c["EndpointConfigName"] for c in listed["EndpointConfigs"]] == ["c1"]
    client.delete_endpoint_config(EndpointConfigName="c1")
    with pytest.raises(NotFound):
        client.describe_endpoint_config(EndpointConfigName="c1")


def test_unsupported_features_are_refused(client: LocalSageMakerClient) -> None:
    with pytest.raises(InvalidRequest, match="asynchronous inference is not available"):
        _config(client, "c", AsyncInferenceConfig={"OutputConfig": {}})
    with pytest.raises(InvalidRequest, match="used twice"):
        client.create_endpoint_config(
            EndpointConfigName="c",
            ProductionVariants=[
                {"VariantName": "A", "ModelName": "m1", "InitialInstanceCount": 1},
                {"VariantName": "a", "ModelName": "m2", "InitialInstanceCount": 1},
            ],
        )


def test_describe_and_list_endpoints(client: LocalSageMakerClient) -> None:
    _config(
        client,
        "c1",
        DataCaptureConfig={
            "EnableCapture": True,
            "InitialSamplingPercentage": 30,
            "DestinationS3Uri": "s3://b/cap",
            "CaptureOptions": [{"CaptureMode": "InputAndOutput"}],
        },
    )
    _endpoint(client, "alpha", "c1", EndpointStatus.IN_SERVICE)
    _endpoint(client, "beta", "c1", EndpointStatus.FAILED)
    described = client.describe_endpoint(EndpointName="alpha")
    assert described["ProductionVariants"] == [
        {
            "VariantName": "AllTraffic",
            "DeployedImages": [{"SpecifiedImage": IMAGE, "ResolvedImage": IMAGE}],
            "CurrentWeight": 1.0,
            "CurrentInstanceCount": 1,
            "DesiredWeight": 1.0,
            "DesiredInstanceCount": 1,
        }
    ]
    assert described["DataCaptureConfig"] == {
        "EnableCapture": True,
        "CaptureStatus": "Started",
        "CurrentSamplingPercentage": 30,
        "DestinationS3Uri": "s3://b/cap",
    }
    assert "ProductionVariants" not in client.describe_endpoint(EndpointName="beta")
    assert client.describe_endpoint_runtime(EndpointName="alpha")["Url"] == "http://127.0.0.1:4321"
    in_service = client.list_endpoints(StatusEquals="InService")["Endpoints"]
    assert [e["EndpointName"] for e in in_service] == ["alpha"]
    by_name = client.list_endpoints(SortBy="Name", SortOrder="Ascending", MaxResults=1)
    assert [e["EndpointName"] for e in by_name["Endpoints"]] == ["alpha"]
    assert by_name["NextToken"]
    later = datetime.now(UTC) + timedelta(hours=1)
    assert client.list_endpoints(CreationTimeAfter=later)["Endpoints"] == []


def test_update_needs_in_service_and_delete_of_failed_is_immediate(
    client: LocalSageMakerClient,
) -> None:
    _config(client, "c1")
    _config(client, "c2", model="m2")
    _endpoint(client, "creating", "c1", EndpointStatus.CREATING)
    with pytest.raises(Conflict, match="Cannot update in-progress endpoint"):
        client.update_endpoint(EndpointName="creating", EndpointConfigName="c2")
    with pytest.raises(NotFound, match="Could not find endpoint configuration"):
        client.update_endpoint(EndpointName="creating", EndpointConfigName="c9")
    _endpoint(client, "broken", "c1", EndpointStatus.FAILED)
    client.delete_endpoint(EndpointName="broken")
    assert [e["EndpointName"] for e in client.list_endpoints()["Endpoints"]] == ["creating"]


def test_endpoint_names_do_not_collide_with_jobs(client: LocalSageMakerClient) -> None:
    client.services.jobs.put(
        JobRecord(name="shared", kind="Training", arn="arn:x", status=JobStatus.COMPLETED)
    )
    _config(client, "c1")
    with pytest.raises(Conflict, match="endpoints and jobs share one set of names"):
        client.create_endpoint(EndpointName="shared", EndpointConfigName="c1")
    assert client.list_endpoints()["Endpoints"] == []
