"""Tuner, model, registry and transformer with a plain Session: real local jobs, now.

Built-in XGBoost is tuned on generated regression data; the best job's model is created,
registered and approved, and a transform job scores a batch with it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dagmaker.estimator import Estimator
from dagmaker.inputs import TrainingInput
from dagmaker.model import Model, ModelPackage
from dagmaker.session import Session
from dagmaker.transformer import Transformer
from dagmaker.tuner import ContinuousParameter, HyperparameterTuner, IntegerParameter

pytestmark = pytest.mark.slow

BUCKET = "dagmaker-default-bucket"
XGBOOST = "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1"
ROLE = "arn:aws:iam::000000000000:role/test"


def _csv(table: np.ndarray) -> bytes:
    return "".join(",".join(f"{v:.5f}" for v in row) + "\n" for row in table).encode()


@pytest.fixture
def session(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Session:
    monkeypatch.chdir(tmp_path)
    session = Session()
    rng = np.random.default_rng(7)
    features = np.round(rng.normal(size=(200, 3)), 5)
    table = np.column_stack([features @ [2.0, -1.0, 0.5], features])
    s3 = session.s3_client
    s3.put_object(Bucket=BUCKET, Key="data/train/train.csv", Body=_csv(table[:150]))
    s3.put_object(Bucket=BUCKET, Key="data/validation/v.csv", Body=_csv(table[150:]))
    s3.put_object(Bucket=BUCKET, Key="data/batch/batch.csv", Body=_csv(features[:20]))
    return session


def test_tune_create_register_and_transform(session: Session) -> None:
    estimator = Estimator(
        image_uri=XGBOOST,
        role=ROLE,
        instance_count=1,
        instance_type="ml.m5.large",
        output_path=f"s3://{BUCKET}/tuning",
        hyperparameters={"objective": "reg:squarederror", "num_round": 20},
        sagemaker_session=session,
    )
    tuner = HyperparameterTuner(
        estimator,
        "validation:rmse",
        {"eta": ContinuousParameter(0.1, 0.5), "max_depth": IntegerParameter(2, 4)},
        objective_type="Minimize",
        max_jobs=2,
        max_parallel_jobs=2,
    )
    tuner.fit(
        {
            "train": TrainingInput(f"s3://{BUCKET}/data/train", content_type="text/csv"),
            "validation": TrainingInput(f"s3://{BUCKET}/data/validation", content_type="text/csv"),
        }
    )
    assert tuner.describe()["HyperParameterTuningJobStatus"] == "Completed"
    best = tuner.best_training_job()
    model_data = session.describe_training_job(best)["ModelArtifacts"]["S3ModelArtifacts"]

    model = Model(XGBOOST, model_data, ROLE, sagemaker_session=session)
    model.create(instance_type="ml.m5.large")
    assert session.describe_model(str(model.name))["PrimaryContainer"]["ModelDataUrl"] == model_data

    package = model.register(
        content_types=["text/csv"],
        response_types=["text/csv"],
        model_package_group_name="TunedXgboost",
    )
    assert isinstance(package, ModelPackage)
    package.update_approval_status("Approved")
    assert package.describe()["ModelApprovalStatus"] == "Approved"

    transformer = Transformer(
        model_name=model.name,
        instance_count=1,
        instance_type="ml.m5.large",
        accept="text/csv",
        assemble_with="Line",
        sagemaker_session=session,
    )
    transformer.transform(f"s3://{BUCKET}/data/batch", content_type="text/csv", split_type="Line")
    description = transformer.latest_transform_job.describe()  # type: ignore[union-attr]
    assert description["TransformJobStatus"] == "Completed"
    output = str(transformer.output_path).removeprefix(f"s3://{BUCKET}/")
    body = session.s3_client.get_object(Bucket=BUCKET, Key=f"{output}/batch.csv.out")["Body"]
    assert len(body.read().decode().split()) == 20
