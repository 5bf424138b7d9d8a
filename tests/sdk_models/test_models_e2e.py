"""Models, repacking, registration and batch transform, run end to end on local jobs.

A scikit-learn model archive without inference code is uploaded; a pipeline built with
``ModelStep`` repacks it with ``inference.py`` (dagmaker's repack program, in a real
training job), creates the model, registers it, and a ``TransformStep`` scores a CSV
file with it.
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import joblib
import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

from dagmaker.model import Model
from dagmaker.model_metrics import MetricsSource, ModelMetrics
from dagmaker.session import Session
from dagmaker.transformer import Transformer
from dagmaker.workflow.model_step import ModelStep
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import LocalPipelineSession
from dagmaker.workflow.steps import TransformStep

pytestmark = pytest.mark.slow

BUCKET = "dagmaker-default-bucket"
SKLEARN = "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
ROLE = "arn:aws:iam::000000000000:role/test"
INFERENCE = """
import os

import joblib
import numpy as np


def model_fn(model_dir):
    return joblib.load(os.path.join(model_dir, "model.joblib"))


def input_fn(body, content_type):
    text = body.decode() if isinstance(body, bytes) else body
    return np.array([[float(v) for v in line.split(",")] for line in text.splitlines() if line])


def predict_fn(data, model):
    return model.predict(data)


def output_fn(prediction, accept):
    return "".join(f"{value:.4f}\\n" for value in prediction), accept
"""


def _model_archive(tmp_path: Path) -> tuple[bytes, LinearRegression, np.ndarray]:
    rng = np.random.default_rng(0)
    features = rng.normal(size=(50, 3))
    model = LinearRegression().fit(features, features @ [1.5, -2.0, 0.5] + 3.0)
    joblib.dump(model, tmp_path / "model.joblib")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        archive.add(tmp_path / "model.joblib", arcname="model.joblib")
    return buffer.getvalue(), model, features[:10]


def _members(data: bytes) -> set[str]:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        return {m.name.removeprefix("./") for m in archive.getmembers() if m.isfile()}


def test_repack_create_register_and_transform(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "inference.py").write_text(INFERENCE)
    archive, fitted, batch = _model_archive(tmp_path)
    s3 = Session().s3_client
    s3.put_object(Bucket=BUCKET, Key="models/model.tar.gz", Body=archive)
    batch_csv = "".join(",".join(f"{v:.6f}" for v in row) + "\n" for row in batch)
    s3.put_object(Bucket=BUCKET, Key="batch/input.csv", Body=batch_csv.encode())

    session = LocalPipelineSession()
    model_data = ParameterString(
        name="ModelData", default_value=f"s3://{BUCKET}/models/model.tar.gz"
    )
    model = Model(
        image_uri=SKLEARN,
        model_data=model_data,
        role=ROLE,
        entry_point="inference.py",
        source_dir="code",
        sagemaker_session=session,
    )
    step_create = ModelStep(name="Serve", step_args=model.create(instance_type="ml.m5.large"))
    step_register = ModelStep(
        name="Publish",
        step_args=model.register(
            content_types=["text/csv"],
            response_types=["text/csv"],
            inference_instances=["ml.m5.large"],
            transform_instances=["ml.m5.large"],
            model_package_group_name="LinearModels",
            approval_status="Approved",
            model_metrics=ModelMetrics(
                model_statistics=MetricsSource(
                    content_type="application/json", s3_uri=f"s3://{BUCKET}/eval/stats.json"
                )
            ),
        ),
    )
    transformer = Transformer(
        model_name=step_create.properties.ModelName,
        instance_count=1,
        instance_type="ml.m5.large",
        accept="text/csv",
        assemble_with="Line",
        output_path=f"s3://{BUCKET}/batch-output",
        sagemaker_session=session,
    )
    step_transform = TransformStep(
        name="Score",
        step_args=transformer.transform(
            f"s3://{BUCKET}/batch/input.csv", content_type="text/csv", split_type="Line"
        ),
    )
    pipeline = Pipeline(
        name="ModelsEndToEnd",
        parameters=[model_data],
        steps=[step_create, step_register, step_transform],
        sagemaker_session=session,
    )
    pipeline.upsert(role_arn=ROLE)
    execution = pipeline.start()

    steps = {s["StepName"]: s for s in execution.list_steps()["PipelineExecutionSteps"]}
    statuses = {name: step["StepStatus"] for name, step in steps.items()}
    assert statuses == dict.fromkeys(
        [
            "Serve-RepackModel-0",
            "Serve-CreateModel",
            "Publish-RepackModel-0",
            "Publish-RegisterModel",
            "Score",
        ],
        "Succeeded",
    ), steps
    repacked = [
        key
        for key in (o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET, Prefix="")["Contents"])
        if key.endswith("output/model.tar.gz")
    ]
    assert repacked, "the repack jobs wrote no model archive"
    for key in repacked:
        body = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        assert _members(body) == {"model.joblib", "code/inference.py"}
    output = s3.get_object(Bucket=BUCKET, Key="batch-output/input.csv.out")["Body"].read()
    predictions = [float(line) for line in output.decode().split()]
    assert predictions == pytest.approx(fitted.predict(batch), abs=1e-3)
