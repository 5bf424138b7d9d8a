"""Batch transform jobs with real models: built-in XGBoost trained in a pipeline, and a
scikit-learn model served by a user inference script (standalone ``create_transform_job``).
"""

from __future__ import annotations

import io
import json
import tarfile
import time
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pytest
import xgboost as xgb
from sklearn.linear_model import LinearRegression

from dagmaker.api import connect
from dagmaker.api.client import LocalSageMakerClient
from dagmaker.errors import InvalidRequest
from dagmaker.records.fold import fold_steps
from tests.e2e.defs import BUCKET, pipeline

XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
SKLEARN = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
ROLE = "arn:aws:iam::000000000000:role/test"
WEIGHTS = np.array([1.5, -2.0, 0.25])
INFERENCE = """
import json
import os

import joblib
import numpy as np


def model_fn(model_dir):
    return joblib.load(os.path.join(model_dir, "regressor.joblib"))


def input_fn(body, content_type):
    if content_type == "application/jsonlines":
        return np.array([json.loads(line)["features"] for line in body.splitlines() if line])
    return np.array([[float(v) for v in line.split(",")] for line in body.splitlines() if line])


def output_fn(prediction, accept):
    if accept == "application/jsonlines":
        return "".join(json.dumps({"value": float(p)}) + "\\n" for p in prediction), accept
    return "".join(f"{p:.6f}\\n" for p in prediction), "text/csv"
"""


def _csv(table: np.ndarray, ids: bool = False) -> bytes:
    lines = []
    for i, row in enumerate(table):
        lines.append(",".join(([f"r{i}"] if ids else []) + [f"{v:.5f}" for v in row]))
    return ("\n".join(lines) + "\n").encode()


def _tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def _transform_request(
    model: str, source: str, output: str, content_type: str = "text/csv", **extra: Any
) -> dict[str, Any]:
    accept = extra.pop("Accept", content_type)
    return {
        "ModelName": model,
        "TransformInput": {
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": source}},
            "ContentType": content_type,
            "SplitType": "Line",
        },
        "TransformOutput": {"S3OutputPath": output, "AssembleWith": "Line", "Accept": accept},
        "TransformResources": {"InstanceCount": 1, "InstanceType": "ml.m5.large"},
        **extra,
    }


def test_built_in_xgboost_model_from_a_training_step(home: Path) -> None:
    client = connect(inline=True)
    store = client.services.artifacts
    rng = np.random.default_rng(5)
    features = np.round(rng.normal(size=(200, 3)), 5)
    store.write_bytes(
        f"s3://{BUCKET}/xgb/train/train.csv", _csv(np.column_stack([features @ WEIGHTS, features]))
    )
    store.write_bytes(f"s3://{BUCKET}/xgb/batch/part-a.csv", _csv(features[:30], ids=True))
    store.write_bytes(f"s3://{BUCKET}/xgb/batch/part-b.csv", _csv(features[30:45], ids=True))
    train = {
        "Name": "Train",
        "Type": "Training",
        "Arguments": {
            "AlgorithmSpecification": {"TrainingImage": XGBOOST, "TrainingInputMode": "File"},
            "HyperParameters": {"num_round": "20", "max_depth": "3"},
            "InputDataConfig": [
                {
                    "ChannelName": "train",
                    "DataSource": {
                        "S3DataSource": {
                            "S3DataType": "S3Prefix",
                            "S3Uri": f"s3://{BUCKET}/xgb/train",
                            "S3DataDistributionType": "FullyReplicated",
                        }
                    },
                    "ContentType": "text/csv",
                }
            ],
            "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/xgb/models"},
            "ResourceConfig": {
                "InstanceCount": 1,
                "InstanceType": "ml.m5.large",
                "VolumeSizeInGB": 5,
            },
            "StoppingCondition": {"MaxRuntimeInSeconds": 600},
            "RoleArn": ROLE,
        },
    }
    model = {
        "Name": "Model",
        "Type": "Model",
        "Arguments": {
            "ExecutionRoleArn": ROLE,
            "PrimaryContainer": {
                "Image": XGBOOST,
                "ModelDataUrl": {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"},
            },
        },
    }
    score = {
        "Name": "Score",
        "Type": "Transform",
        "Arguments": _transform_request(
            {"Get": "Steps.Model.ModelName"},  # type: ignore[arg-type]
            f"s3://{BUCKET}/xgb/batch",
            f"s3://{BUCKET}/xgb/scored",
            BatchStrategy="MultiRecord",
            MaxPayloadInMB=1,
            DataProcessing={
                "InputFilter": "$[1:]",
                "JoinSource": "Input",
                "OutputFilter": "$[0,-1]",
            },
        ),
    }
    client.create_pipeline(
        PipelineName="xgb", PipelineDefinition=json.dumps(pipeline(train, model, score))
    )
    arn = client.start_pipeline_execution(PipelineName="xgb")["PipelineExecutionArn"]
    execution = client.describe_pipeline_execution(PipelineExecutionArn=arn)
    assert execution["PipelineExecutionStatus"] == "Succeeded", execution.get("FailureReason")

    views = fold_steps(client.services.event_log.load(arn))
    properties = views["Score"].properties
    assert properties["TransformJobStatus"] == "Completed"
    assert properties["TransformOutput"]["S3OutputPath"] == f"s3://{BUCKET}/xgb/scored"
    assert properties["ModelName"] == views["Model"].properties["ModelName"]
    described = client.describe_transform_job(TransformJobName=properties["TransformJobName"])
    assert described["TransformJobArn"] == views["Score"].metadata["TransformJob"]["Arn"]
    listed = client.list_transform_jobs()["TransformJobSummaries"]
    assert [s["TransformJobName"] for s in listed] == [properties["TransformJobName"]]

    with tarfile.open(
        fileobj=io.BytesIO(
            store.read_bytes(views["Train"].properties["ModelArtifacts"]["S3ModelArtifacts"])
        )
    ) as archive:
        member = archive.extractfile("xgboost-model")
        assert member is not None
        booster = xgb.Booster()
        booster.load_model(bytearray(member.read()))
    for name, rows, first in (("part-a.csv", features[:30], 0), ("part-b.csv", features[30:45], 0)):
        lines = store.read_bytes(f"s3://{BUCKET}/xgb/scored/{name}.out").decode().splitlines()
        ids = [line.split(",")[0] for line in lines]
        assert ids == [f"r{i}" for i in range(first, first + len(rows))]
        scores = np.array([float(line.split(",")[1]) for line in lines])
        expected = booster.predict(xgb.DMatrix(rows.astype(np.float32)))
        assert np.allclose(scores, expected, atol=1e-5)


def _sklearn_model(client: LocalSageMakerClient) -> LinearRegression:
    rows = np.random.default_rng(8).normal(size=(60, 3))
    regressor = LinearRegression().fit(rows, rows @ WEIGHTS + 2.0)
    buffer = io.BytesIO()
    joblib.dump(regressor, buffer)
    store = client.services.artifacts
    # The script travels two ways SageMaker supports: inside the model (code/) and as a
    # separate sourcedir.tar.gz named by SAGEMAKER_SUBMIT_DIRECTORY.
    store.write_bytes(
        f"s3://{BUCKET}/sk/model.tar.gz",
        _tarball({"regressor.joblib": buffer.getvalue(), "code/inference.py": INFERENCE.encode()}),
    )
    store.write_bytes(
        f"s3://{BUCKET}/sk/sourcedir.tar.gz", _tarball({"serve.py": INFERENCE.encode()})
    )
    client.create_model(
        ModelName="sk-repacked",
        ExecutionRoleArn=ROLE,
        PrimaryContainer={
            "Image": SKLEARN,
            "ModelDataUrl": f"s3://{BUCKET}/sk/model.tar.gz",
            "Environment": {"SAGEMAKER_PROGRAM": "inference.py"},
        },
    )
    client.create_model(
        ModelName="sk-sourcedir",
        ExecutionRoleArn=ROLE,
        PrimaryContainer={
            "Image": SKLEARN,
            "ModelDataUrl": f"s3://{BUCKET}/sk/model.tar.gz",
            "Environment": {
                "SAGEMAKER_PROGRAM": "serve.py",
                "SAGEMAKER_SUBMIT_DIRECTORY": f"s3://{BUCKET}/sk/sourcedir.tar.gz",
            },
        },
    )
    return regressor


def _wait(client: LocalSageMakerClient, names: list[str]) -> dict[str, dict[str, Any]]:
    deadline = time.monotonic() + 60
    while True:
        described = {n: client.describe_transform_job(TransformJobName=n) for n in names}
        if all(
            d["TransformJobStatus"] not in ("InProgress", "Stopping") for d in described.values()
        ):
            return described
        assert time.monotonic() < deadline, "transform jobs did not end"
        time.sleep(0.2)


def test_sklearn_model_with_an_inference_script(home: Path) -> None:
    client = connect()
    store = client.services.artifacts
    regressor = _sklearn_model(client)
    rows = np.round(np.random.default_rng(1).normal(size=(25, 3)), 5)
    store.write_bytes(f"s3://{BUCKET}/sk/in/rows.csv", _csv(rows))
    store.write_bytes(f"s3://{BUCKET}/sk/two/a.csv", _csv(rows[:10]))
    store.write_bytes(f"s3://{BUCKET}/sk/two/b.csv", _csv(rows[10:]))
    jsonl = "".join(
        json.dumps({"id": i, "features": r.tolist()}) + "\n" for i, r in enumerate(rows)
    )
    store.write_bytes(f"s3://{BUCKET}/sk/json/rows.jsonl", jsonl.encode())
    store.write_bytes(f"s3://{BUCKET}/sk/bad/1-good.csv", _csv(rows[:3]))
    store.write_bytes(f"s3://{BUCKET}/sk/bad/2-bad.csv", b"1,2,3\n4,5,6\n7,eight,9\n")
    jobs = {
        "multi": _transform_request(
            "sk-repacked",
            f"s3://{BUCKET}/sk/in",
            f"s3://{BUCKET}/sk/out/multi",
            BatchStrategy="MultiRecord",
            MaxPayloadInMB=1,
        ),
        "single-two-hosts": {
            **_transform_request(
                "sk-sourcedir",
                f"s3://{BUCKET}/sk/two",
                f"s3://{BUCKET}/sk/out/two",
                BatchStrategy="SingleRecord",
            ),
            "TransformResources": {"InstanceCount": 2, "InstanceType": "ml.m5.large"},
        },
        "jsonl": _transform_request(
            "sk-repacked",
            f"s3://{BUCKET}/sk/json",
            f"s3://{BUCKET}/sk/out/jsonl",
            "application/jsonlines",
            BatchStrategy="MultiRecord",
            DataProcessing={"JoinSource": "Input", "OutputFilter": "$['id','SageMakerOutput']"},
        ),
        "bad": _transform_request(
            "sk-repacked",
            f"s3://{BUCKET}/sk/bad",
            f"s3://{BUCKET}/sk/out/bad",
            BatchStrategy="MultiRecord",
        ),
    }
    for name, request in jobs.items():
        client.create_transform_job(TransformJobName=name, **request)
    described = _wait(client, list(jobs))

    expected = regressor.predict(rows)
    multi = described["multi"]
    assert multi["TransformJobStatus"] == "Completed", multi.get("FailureReason")
    out = store.read_bytes(f"s3://{BUCKET}/sk/out/multi/rows.csv.out")
    assert np.allclose(np.loadtxt(io.BytesIO(out)), expected, atol=1e-5)

    # SingleRecord on two instances: they share the files, each scored once by one of them.
    single = described["single-two-hosts"]
    assert single["TransformJobStatus"] == "Completed", single.get("FailureReason")
    root = client.services.settings.jobs_root / "single-two-hosts"
    assert sorted(p.name for p in root.glob("algo-*/ml/output/data/*.out")) == [
        "a.csv.out",
        "b.csv.out",
    ]
    assert len(list(root.glob("algo-1/ml/output/data/*.out"))) == 1
    halves = [store.read_bytes(f"s3://{BUCKET}/sk/out/two/{n}.csv.out") for n in "ab"]
    assert np.allclose(np.loadtxt(io.BytesIO(b"".join(halves))), expected, atol=1e-5)

    assert described["jsonl"]["TransformJobStatus"] == "Completed", described["jsonl"].get(
        "FailureReason"
    )
    joined = [
        json.loads(line)
        for line in store.read_bytes(f"s3://{BUCKET}/sk/out/jsonl/rows.jsonl.out").splitlines()
    ]
    assert [j["id"] for j in joined] == list(range(25))
    assert np.allclose([j["SageMakerOutput"]["value"] for j in joined], expected, atol=1e-5)

    bad = described["bad"]
    assert bad["TransformJobStatus"] == "Failed"
    assert (
        "the model rejected the record at line 3 of input file '2-bad.csv'" in bad["FailureReason"]
    )
    assert "ValueError" in bad["FailureReason"]
    # Nothing is uploaded from a failed job, not even the file that went through.
    assert store.list(f"s3://{BUCKET}/sk/out/bad") == []


def test_transform_requests_are_checked_at_creation(home: Path) -> None:
    client = connect()
    _sklearn_model(client)
    request = _transform_request("sk-repacked", f"s3://{BUCKET}/in", f"s3://{BUCKET}/out")
    request["TransformInput"]["SplitType"] = "RecordIO"
    with pytest.raises(InvalidRequest, match="SplitType 'RecordIO' is not supported"):
        client.create_transform_job(TransformJobName="recordio", **request)
    missing = _transform_request("no-such-model", f"s3://{BUCKET}/in", f"s3://{BUCKET}/out")
    with pytest.raises(InvalidRequest, match='Could not find model "no-such-model"'):
        client.create_transform_job(TransformJobName="nomodel", **missing)
    assert client.list_transform_jobs()["TransformJobSummaries"] == []
