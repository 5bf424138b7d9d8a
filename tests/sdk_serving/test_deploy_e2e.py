"""estimator.deploy(), model.deploy() and ModelPackage.deploy() with a plain Session: real
training, real local endpoints, predictions through Predictor and its serializers."""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pytest
import xgboost as xgb
from sklearn.linear_model import LinearRegression

from dagmaker.deserializers import CSVDeserializer, JSONDeserializer
from dagmaker.errors import NotFound
from dagmaker.estimator import Estimator
from dagmaker.inputs import TrainingInput
from dagmaker.model import Model, ModelPackage
from dagmaker.predictor import Predictor
from dagmaker.s3 import S3Downloader
from dagmaker.serializers import CSVSerializer
from dagmaker.session import Session
from dagmaker.sklearn import SKLearnModel, SKLearnPredictor
from tests.e2e.endpoint_support import wait_gone

pytestmark = pytest.mark.slow

BUCKET = "dagmaker-default-bucket"
XGBOOST = "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1"
ROLE = "arn:aws:iam::000000000000:role/test"


class CaptureConfig:
    """What DataCaptureConfig(enable_capture=True, sampling_percentage=100, ...) sends."""

    def __init__(self, destination: str) -> None:
        self.destination = destination

    def _to_request_dict(self) -> dict[str, Any]:
        return {
            "EnableCapture": True,
            "InitialSamplingPercentage": 100,
            "DestinationS3Uri": self.destination,
            "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}],
            "CaptureContentTypeHeader": {
                "CsvContentTypes": ["text/csv"],
                "JsonContentTypes": ["application/json"],
            },
        }


def _csv(table: np.ndarray) -> bytes:
    return "".join(",".join(f"{v:.5f}" for v in row) + "\n" for row in table).encode()


@pytest.fixture
def session(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    monkeypatch.chdir(tmp_path)
    session = Session()
    yield session
    client = session.sagemaker_client
    for summary in client.list_endpoints()["Endpoints"]:
        if summary["EndpointStatus"] != "Deleting":
            client.delete_endpoint(EndpointName=summary["EndpointName"])
        wait_gone(client, summary["EndpointName"])


def test_estimator_deploy_predict_capture_delete(session: Session) -> None:
    features = np.round(np.random.default_rng(7).normal(size=(150, 3)), 5)
    table = np.column_stack([features @ [2.0, -1.0, 0.5], features])
    session.s3_client.put_object(Bucket=BUCKET, Key="data/train/train.csv", Body=_csv(table))
    estimator = Estimator(
        image_uri=XGBOOST,
        role=ROLE,
        instance_count=1,
        instance_type="ml.m5.large",
        base_job_name="xgb-deploy",
        hyperparameters={"objective": "reg:squarederror", "num_round": 10},
        sagemaker_session=session,
    )
    estimator.fit({"train": TrainingInput(f"s3://{BUCKET}/data/train", content_type="text/csv")})
    predictor = estimator.deploy(
        initial_instance_count=1,
        instance_type="ml.m5.large",
        serializer=CSVSerializer(),
        deserializer=CSVDeserializer(),
        data_capture_config=CaptureConfig(f"s3://{BUCKET}/capture"),
    )
    assert isinstance(predictor, Predictor)
    assert predictor.endpoint_name.startswith("xgb-deploy-")
    described = session.describe_endpoint(predictor.endpoint_name)
    assert described["EndpointStatus"] == "InService"
    assert described["DataCaptureConfig"]["DestinationS3Uri"] == f"s3://{BUCKET}/capture"

    rows = features[:4]
    answer = predictor.predict(rows, inference_id="first")
    with tarfile.open(fileobj=io.BytesIO(S3Downloader.read_bytes(estimator.model_data))) as tar:
        member = tar.extractfile("xgboost-model")
        assert member is not None
        booster = xgb.Booster()
        booster.load_model(bytearray(member.read()))
    expected = booster.predict(xgb.DMatrix(rows.astype(np.float32)))
    assert np.allclose([float(row[0]) for row in answer], expected, atol=1e-5)

    config = predictor._get_endpoint_config_name()
    # As in SageMaker, the model may go first; the endpoint keeps serving what it loaded.
    predictor.delete_model()
    assert predictor.predict(rows, inference_id="second")
    predictor.delete_endpoint()
    wait_gone(session.sagemaker_client, predictor.endpoint_name)
    with pytest.raises(NotFound):
        session.sagemaker_client.describe_endpoint_config(EndpointConfigName=config)
    captured = S3Downloader.list(f"s3://{BUCKET}/capture/{predictor.endpoint_name}/AllTraffic/")
    records = [
        json.loads(line)
        for uri in captured
        for line in S3Downloader.read_file(uri).splitlines()
        if line
    ]
    assert [r["eventMetadata"]["inferenceId"] for r in records] == ["first", "second"]
    assert records[0]["captureData"]["endpointInput"]["data"] == CSVSerializer().serialize(rows)


INFERENCE = """
import os
import joblib

def model_fn(model_dir):
    return joblib.load(os.path.join(model_dir, "model.joblib"))
"""


def _sklearn_artifact(session: Session, key: str, offset: float) -> tuple[str, LinearRegression]:
    rows = np.random.default_rng(2).normal(size=(40, 3))
    regressor = LinearRegression().fit(rows, rows @ [1.0, 2.0, 3.0] + offset)
    buffer = io.BytesIO()
    joblib.dump(regressor, buffer)
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        info = tarfile.TarInfo("model.joblib")
        info.size = len(buffer.getvalue())
        tar.addfile(info, io.BytesIO(buffer.getvalue()))
    session.s3_client.put_object(Bucket=BUCKET, Key=key, Body=archive.getvalue())
    return f"s3://{BUCKET}/{key}", regressor


def test_sklearn_model_deploy_and_update(session: Session, tmp_path: Path) -> None:
    (tmp_path / "inference.py").write_text(INFERENCE)
    first_uri, first = _sklearn_artifact(session, "sk/first/model.tar.gz", 1.0)
    second_uri, second = _sklearn_artifact(session, "sk/second/model.tar.gz", 50.0)
    model = SKLearnModel(
        first_uri,
        role=ROLE,
        entry_point="inference.py",
        framework_version="1.2-1",
        sagemaker_session=session,
    )
    predictor = model.deploy(
        initial_instance_count=1, instance_type="ml.m5.large", endpoint_name="sk-endpoint"
    )
    # The scikit-learn predictor sends and reads NumPy arrays by default.
    assert isinstance(predictor, SKLearnPredictor)
    rows = np.array([[1.0, 2.0, 3.0], [0.0, 0.5, -1.0]])
    assert np.allclose(predictor.predict(rows), first.predict(rows))

    other = SKLearnModel(
        second_uri,
        role=ROLE,
        entry_point="inference.py",
        framework_version="1.2-1",
        sagemaker_session=session,
    )
    other.create(instance_type="ml.m5.large")
    predictor.update_endpoint(
        initial_instance_count=1, instance_type="ml.m5.large", model_name=other.name
    )
    assert np.allclose(predictor.predict(rows), second.predict(rows))
    assert session.describe_endpoint("sk-endpoint")["EndpointConfigName"].startswith("sk-endpoint-")


def test_model_package_deploy(session: Session) -> None:
    uri, regressor = _sklearn_artifact(session, "pkg/model.tar.gz", 5.0)
    image = "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
    package = Model(image, uri, ROLE, sagemaker_session=session).register(
        content_types=["text/csv"],
        response_types=["application/json"],
        model_package_group_name="served",
        approval_status="Approved",
    )
    deployed = ModelPackage(
        role=ROLE, model_package_arn=package.model_package_arn, sagemaker_session=session
    )
    deployed.deploy(initial_instance_count=1, instance_type="ml.m5.large", endpoint_name="pkg")
    assert str(deployed.name).startswith("served-")
    described_model = session.describe_model(str(deployed.name))
    assert described_model["Containers"] == [{"ModelPackageName": package.model_package_arn}]
    predictor = Predictor(
        "pkg", session, serializer=CSVSerializer(), deserializer=JSONDeserializer()
    )
    assert predictor.predict([1.0, 2.0, 3.0]) == pytest.approx(
        regressor.predict([[1.0, 2.0, 3.0]]).tolist()
    )
