"""AutoML jobs started on their own: V1 and V2 requests, both modes, serving, stopping."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from dagmaker.api import connect
from dagmaker.automl.automl import AutoML, AutoMLInput
from dagmaker.errors import Conflict, InvalidRequest
from dagmaker.session import Session
from dagmaker.transformer import Transformer

pytestmark = pytest.mark.slow
ROLE = "arn:aws:iam::111122223333:role/SageMakerRole"
RNG = np.random.default_rng(21)


def _houses(rows: int) -> pd.DataFrame:
    size = RNG.uniform(30, 200, rows)
    rooms = RNG.integers(1, 6, rows)
    district = RNG.choice(["north", "south"], rows)
    price = 3 * size + 20 * rooms + np.where(district == "north", 100, 0) + RNG.normal(0, 10, rows)
    return pd.DataFrame(
        {"size": size.round(1), "rooms": rooms, "district": district, "price": price.round(2)}
    )


def _parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _channel(uri: str, kind: str) -> dict[str, Any]:
    return {
        "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": uri}},
        "ChannelType": kind,
        "ContentType": "x-application/vnd.amazon+parquet",
    }


def test_v2_tuning_mode_regression_served_by_its_three_part_model(home: Path) -> None:
    client = connect(inline=True)
    store = client.services.artifacts
    train, validation, test = _houses(160), _houses(40), _houses(30)
    store.write_bytes("s3://b/houses/train/part-0.parquet", _parquet(train))
    store.write_bytes("s3://b/houses/validation/part-0.parquet", _parquet(validation))
    client.create_auto_ml_job_v2(
        AutoMLJobName="houses",
        AutoMLJobInputDataConfig=[
            _channel("s3://b/houses/train/", "training"),
            _channel("s3://b/houses/validation/", "validation"),
        ],
        OutputDataConfig={"S3OutputPath": "s3://b/out"},
        AutoMLProblemTypeConfig={
            "TabularJobConfig": {
                "TargetAttributeName": "price",
                "Mode": "HYPERPARAMETER_TUNING",
                "CompletionCriteria": {"MaxCandidates": 2},
                "CandidateGenerationConfig": {
                    "AlgorithmsConfig": [{"AutoMLAlgorithms": ["linear-learner", "xgboost"]}]
                },
            }
        },
        RoleArn=ROLE,
    )
    job = client.describe_auto_ml_job_v2(AutoMLJobName="houses")
    assert job["AutoMLJobStatus"] == "Completed", job.get("FailureReason")
    assert job["AutoMLProblemTypeConfigName"] == "Tabular"
    resolved = job["ResolvedAttributes"]
    assert resolved["AutoMLProblemTypeResolvedAttributes"] == {
        "TabularResolvedAttributes": {"ProblemType": "Regression"}
    }
    assert resolved["AutoMLJobObjective"] == {"MetricName": "MSE"}
    best = job["BestCandidate"]
    assert best["FinalAutoMLJobObjectiveMetric"]["Type"] == "Minimize"
    containers = best["InferenceContainers"]
    assert len(containers) == 2  # feature engineering, then the algorithm
    client.create_model(ModelName="houses-best", Containers=containers, ExecutionRoleArn=ROLE)
    rows = test.drop(columns=["price"]).to_csv(index=False, header=False)
    store.write_bytes("s3://b/houses/test/test.csv", rows.encode())
    client.create_transform_job(
        TransformJobName="houses-batch",
        ModelName="houses-best",
        TransformInput={
            "DataSource": {
                "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/houses/test/"}
            },
            "ContentType": "text/csv",
            "SplitType": "Line",
        },
        TransformOutput={"S3OutputPath": "s3://b/houses/predictions", "Accept": "text/csv"},
        TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1},
    )
    output = store.read_bytes("s3://b/houses/predictions/test.csv.out").decode()
    predicted = np.array([float(line) for line in output.splitlines()])
    truth = test["price"].to_numpy()
    assert 1 - np.sum((truth - predicted) ** 2) / np.sum((truth - truth.mean()) ** 2) > 0.9
    listed = client.list_auto_ml_jobs(NameContains="hous", StatusEquals="Completed")
    assert [s["AutoMLJobName"] for s in listed["AutoMLJobSummaries"]] == ["houses"]
    assert (
        client.describe_auto_ml_job(AutoMLJobName="houses")["InputDataConfig"][0][
            "TargetAttributeName"
        ]
        == "price"
    )


def _flowers(rows: int) -> pd.DataFrame:
    petal = RNG.uniform(0, 3, rows)
    colour = RNG.choice(["white", "blue", "red"], rows)
    kind = np.where(petal < 1, "iris", np.where(petal < 2, "lily", "rose"))
    frame = pd.DataFrame({"petal": petal.round(2), "colour": colour, "kind": kind})
    frame.loc[RNG.choice(rows, 8, replace=False), "petal"] = np.nan
    return frame


def test_the_sdk_runs_a_multiclass_job_and_serves_the_chosen_keys(home: Path) -> None:
    client = connect(inline=True)
    session = Session(sagemaker_client=client)
    frame = _flowers(150)
    client.services.artifacts.write_bytes(
        "s3://b/flowers/train.csv", frame.to_csv(index=False).encode()
    )
    auto_ml = AutoML(
        role=ROLE,
        target_attribute_name="kind",
        sagemaker_session=session,
        max_candidates=2,
        output_path="s3://b/flowers-out",
    )
    auto_ml.fit(AutoMLInput("s3://b/flowers/", "kind"), job_name="flowers", logs=False)
    best = auto_ml.best_candidate()
    assert auto_ml.describe_auto_ml_job()["ResolvedAttributes"]["ProblemType"] == (
        "MulticlassClassification"
    )
    assert best["FinalAutoMLJobObjectiveMetric"]["StandardMetricName"] == "Accuracy"
    assert len(auto_ml.list_candidates()) == 3  # two candidates and their ensemble
    model = auto_ml.create_model(
        "flowers-model", inference_response_keys=["predicted_label", "probability"]
    )
    model.create()
    test = _flowers(20)
    client.services.artifacts.write_bytes(
        "s3://b/flowers/test/rows.csv",
        test.drop(columns=["kind"]).to_csv(index=False, header=False).encode(),
    )
    Transformer(
        model_name="flowers-model",
        instance_count=1,
        instance_type="ml.m5.large",
        output_path="s3://b/flowers/predictions",
        sagemaker_session=session,
    ).transform("s3://b/flowers/test/", content_type="text/csv", split_type="Line", logs=False)
    output = client.services.artifacts.read_bytes("s3://b/flowers/predictions/rows.csv.out")
    answers = [line.split(",") for line in output.decode().splitlines()]
    assert len(answers) == 20
    assert {label for label, _ in answers} <= {"iris", "lily", "rose"}
    assert all(0.0 < float(probability) <= 1.0 for _, probability in answers)
    accuracy = np.mean([a[0] == k for a, k in zip(answers, test["kind"], strict=True)])
    assert accuracy > 0.7


def test_a_missing_target_column_fails_the_job_naming_the_columns(home: Path) -> None:
    client = connect(inline=True)
    client.services.artifacts.write_bytes("s3://b/bad/train.csv", b"a,b\n1,2\n3,4\n")
    client.create_auto_ml_job(
        AutoMLJobName="bad",
        InputDataConfig=[
            {
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/bad/"}},
                "TargetAttributeName": "label",
            }
        ],
        OutputDataConfig={"S3OutputPath": "s3://b/out"},
        RoleArn=ROLE,
    )
    job = client.describe_auto_ml_job(AutoMLJobName="bad")
    assert (job["AutoMLJobStatus"], job["AutoMLJobSecondaryStatus"]) == ("Failed", "Failed")
    assert (
        "TargetAttributeName 'label' is not a column of the data; its columns are a, b"
        in (job["FailureReason"])
    )
    assert "BestCandidate" not in job
    with pytest.raises(Conflict):
        client.create_auto_ml_job(
            AutoMLJobName="bad",
            InputDataConfig=[
                {
                    "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/"}},
                    "TargetAttributeName": "label",
                }
            ],
            OutputDataConfig={"S3OutputPath": "s3://b/out"},
            RoleArn=ROLE,
        )


def test_requests_are_checked_before_anything_runs(home: Path) -> None:
    client = connect(inline=True)
    with pytest.raises(InvalidRequest, match="at most 32 characters"):
        client.create_auto_ml_job(AutoMLJobName="x" * 40)
    with pytest.raises(InvalidRequest, match="AutoMLProblemTypeConfig is required"):
        client.create_auto_ml_job_v2(AutoMLJobName="v2")
    assert client.list_auto_ml_jobs()["AutoMLJobSummaries"] == []


def test_stopping_a_running_job_stops_its_candidates(home: Path) -> None:
    client = connect()
    frame = _houses(3000)
    client.services.artifacts.write_bytes(
        "s3://b/big/train.csv", frame.to_csv(index=False).encode()
    )
    client.create_auto_ml_job(
        AutoMLJobName="stopped",
        InputDataConfig=[
            {
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/big/"}},
                "TargetAttributeName": "price",
            }
        ],
        OutputDataConfig={"S3OutputPath": "s3://b/out"},
        RoleArn=ROLE,
    )
    deadline = time.monotonic() + 120
    while not client.list_candidates_for_auto_ml_job(AutoMLJobName="stopped")["Candidates"]:
        assert time.monotonic() < deadline, "no candidate started"
        time.sleep(0.2)
    client.stop_auto_ml_job(AutoMLJobName="stopped")
    client.wait_for_job(JobName="stopped", MaxWaitSeconds=120)
    job = client.describe_auto_ml_job(AutoMLJobName="stopped")
    assert (job["AutoMLJobStatus"], job["AutoMLJobSecondaryStatus"]) == ("Stopped", "Stopped")
    candidates = client.list_candidates_for_auto_ml_job(AutoMLJobName="stopped")["Candidates"]
    assert candidates and all(c["CandidateStatus"] == "Stopped" for c in candidates)
    for candidate in candidates:
        training = client.describe_training_job(TrainingJobName=candidate["CandidateName"])
        assert training["TrainingJobStatus"] == "Stopped"
