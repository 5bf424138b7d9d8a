"""The requests deploy(), Predictor and Session send, against a recording API client."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from dagmaker.api.s3_client import LocalS3Client
from dagmaker.estimator import Estimator
from dagmaker.model import Model
from dagmaker.predictor import Predictor
from dagmaker.s3 import S3Downloader, S3Uploader, is_s3_url, parse_s3_url, s3_path_join
from dagmaker.serializers import CSVSerializer
from dagmaker.session import Session
from dagmaker.storage.artifacts import InMemoryArtifactStore
from dagmaker.workflow.pipeline_context import PipelineSession
from tests.sdk_models.conftest import RecordingClient

IMAGE = "123456789012.dkr.ecr.us-west-2.amazonaws.com/my-inference:1"
ROLE = "arn:aws:iam::111122223333:role/SageMakerRole"


class Runtime:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def invoke_endpoint(self, **request: Any) -> dict[str, Any]:
        self.calls.append(request)
        return {"Body": io.BytesIO(b"1.5\n"), "ContentType": "text/csv"}


@pytest.fixture
def client() -> RecordingClient:
    recording = RecordingClient()
    recording.responses["describe_endpoint"] = {
        "EndpointStatus": "InService",
        "EndpointConfigName": "current-config",
    }
    recording.responses["describe_endpoint_config"] = {
        "EndpointConfigName": "current-config",
        "ProductionVariants": [{"VariantName": "AllTraffic", "ModelName": "m1"}],
        "DataCaptureConfig": {"EnableCapture": True},
    }
    return recording


@pytest.fixture
def session(client: RecordingClient) -> Session:
    return Session(
        boto_session=SimpleNamespace(region_name="us-west-2"),
        default_bucket="bucket",
        sagemaker_client=client,
        s3_client=LocalS3Client(InMemoryArtifactStore()),
        sagemaker_runtime_client=Runtime(),
    )


class Capture:
    def _to_request_dict(self) -> dict[str, Any]:
        return {"EnableCapture": True, "DestinationS3Uri": "s3://b/c"}


def test_model_deploy_requests(client: RecordingClient, session: Session) -> None:
    model = Model(IMAGE, "s3://bucket/model.tar.gz", ROLE, sagemaker_session=session, name="m1")
    predictor = model.deploy(
        initial_instance_count=2,
        instance_type="ml.c5.xlarge",
        data_capture_config=Capture(),
        container_startup_health_check_timeout=120,
    )
    assert predictor is None  # a plain Model has no predictor class, as in SageMaker
    [create_model] = client.called("create_model")
    assert create_model["ModelName"] == "m1"
    [config] = client.called("create_endpoint_config")
    endpoint = model.endpoint_name
    assert endpoint is not None and endpoint.startswith("m1-")
    assert config == {
        "EndpointConfigName": endpoint,
        "ProductionVariants": [
            {
                "VariantName": "AllTraffic",
                "ModelName": "m1",
                "InitialVariantWeight": 1,
                "InitialInstanceCount": 2,
                "InstanceType": "ml.c5.xlarge",
                "ContainerStartupHealthCheckTimeoutInSeconds": 120,
            }
        ],
        "DataCaptureConfig": {"EnableCapture": True, "DestinationS3Uri": "s3://b/c"},
    }
    assert client.called("create_endpoint") == [
        {"EndpointName": endpoint, "EndpointConfigName": endpoint}
    ]
    assert client.called("describe_endpoint") == [{"EndpointName": endpoint}]


def test_deploy_refuses_what_it_cannot_do(session: Session, client: RecordingClient) -> None:
    model = Model(IMAGE, "s3://bucket/model.tar.gz", ROLE, sagemaker_session=session)
    with pytest.raises(ValueError, match="Must specify instance type and instance count"):
        model.deploy()
    with pytest.raises(ValueError, match="asynchronous inference"):
        model.deploy(1, "ml.m5.large", async_inference_config=object())
    pipeline = Model(IMAGE, "s3://b/m.tar.gz", ROLE, sagemaker_session=PipelineSession())
    with pytest.raises(ValueError, match="PipelineSession"):
        pipeline.deploy(1, "ml.m5.large")
    with pytest.raises(ValueError, match="not associated with a training job"):
        Estimator(IMAGE, ROLE, 1, "ml.m5.large", sagemaker_session=session).deploy(1, "ml.m5.large")
    assert client.calls == []


def test_update_endpoint_flag_serves_a_new_configuration(
    client: RecordingClient, session: Session
) -> None:
    model = Model(IMAGE, "s3://bucket/model.tar.gz", ROLE, sagemaker_session=session, name="m2")
    model.deploy(1, "ml.m5.large", endpoint_name="live", update_endpoint=True)
    [config] = client.called("create_endpoint_config")
    assert client.called("update_endpoint") == [
        {"EndpointName": "live", "EndpointConfigName": config["EndpointConfigName"]}
    ]
    assert not client.called("create_endpoint")


def test_predictor_request_and_capture_update(client: RecordingClient, session: Session) -> None:
    predictor = Predictor("live", session, serializer=CSVSerializer())
    assert predictor.predict([1, 2], inference_id="abc", target_variant="B") == b"1.5\n"
    runtime = session.sagemaker_runtime_client
    assert runtime.calls == [
        {
            "EndpointName": "live",
            "ContentType": "text/csv",
            "Accept": "*/*",
            "InferenceId": "abc",
            "TargetVariant": "B",
            "Body": "1,2",
        }
    ]
    predictor.disable_data_capture()
    [created] = client.called("create_endpoint_config")
    assert created["ProductionVariants"] == [{"VariantName": "AllTraffic", "ModelName": "m1"}]
    assert created["DataCaptureConfig"]["EnableCapture"] is False
    assert created["DataCaptureConfig"]["DestinationS3Uri"] == (
        "s3://bucket/model-monitor/data-capture"
    )
    [update] = client.called("update_endpoint")
    assert update["EndpointConfigName"] == created["EndpointConfigName"]
    with pytest.raises(ValueError, match="Missing initial_instance_count"):
        predictor.update_endpoint(model_name="m3")


def test_s3_helpers(session: Session, tmp_path: Path) -> None:
    assert parse_s3_url("s3://bucket/a/b.csv") == ("bucket", "a/b.csv")
    assert is_s3_url("s3://x") and not is_s3_url("/tmp/x")
    assert s3_path_join("s3://b/", "/p/", "q", with_end_slash=True) == "s3://b/p/q/"
    with pytest.raises(ValueError, match="Expecting 's3' scheme"):
        parse_s3_url("https://b/k")
    (tmp_path / "dir" / "sub").mkdir(parents=True)
    (tmp_path / "dir" / "a.csv").write_text("1,2\n")
    (tmp_path / "dir" / "sub" / "b.csv").write_text("3,4\n")
    uri = S3Uploader.upload(str(tmp_path / "dir"), "s3://bucket/up", sagemaker_session=session)
    assert uri == "s3://bucket/up"
    assert S3Uploader.upload_string_as_file_body("hello", "s3://bucket/t.txt", None, session) == (
        "s3://bucket/t.txt"
    )
    S3Uploader.upload_bytes(io.BytesIO(b"\x00\x01"), "s3://bucket/b.bin", sagemaker_session=session)
    assert S3Downloader.list("s3://bucket/up", session) == [
        "s3://bucket/up/a.csv",
        "s3://bucket/up/sub/b.csv",
    ]
    assert S3Downloader.read_file("s3://bucket/t.txt", session) == "hello"
    assert S3Downloader.read_bytes("s3://bucket/b.bin", session) == b"\x00\x01"
    written = S3Downloader.download(
        "s3://bucket/up", str(tmp_path / "down"), sagemaker_session=session
    )
    assert sorted(Path(p).relative_to(tmp_path / "down").as_posix() for p in written) == [
        "a.csv",
        "sub/b.csv",
    ]


def test_framework_estimator_deploys_its_training_code(
    client: RecordingClient, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dagmaker.sklearn import SKLearn, SKLearnPredictor

    monkeypatch.chdir(tmp_path)
    (tmp_path / "train.py").write_text("def model_fn(model_dir):\n    return None\n")
    client.responses["describe_training_job"] = {
        "TrainingJobStatus": "Completed",
        "ModelArtifacts": {"S3ModelArtifacts": "s3://bucket/job/output/model.tar.gz"},
    }
    estimator = SKLearn(
        entry_point="train.py",
        framework_version="1.2-1",
        role=ROLE,
        instance_type="ml.m5.large",
        base_job_name="skl",
        sagemaker_session=session,
    )
    estimator.fit(wait=False)
    predictor = estimator.deploy(1, "ml.m5.large")
    assert isinstance(predictor, SKLearnPredictor)
    [model] = client.called("create_model")
    container = model["PrimaryContainer"]
    assert container["ModelDataUrl"] == "s3://bucket/job/output/model.tar.gz"
    assert container["Environment"]["SAGEMAKER_PROGRAM"] == "train.py"
    training = client.called("create_training_job")[0]
    code = training["HyperParameters"]["sagemaker_submit_directory"].strip('"')
    assert container["Environment"]["SAGEMAKER_SUBMIT_DIRECTORY"] == code
    assert "sagemaker-scikit-learn" in container["Image"]
    [endpoint] = client.called("create_endpoint")
    assert model["ModelName"] == endpoint["EndpointName"]
    assert endpoint["EndpointName"].startswith("skl-")
