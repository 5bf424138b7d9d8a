"""A tuning step over real built-in XGBoost training, its best model served by batch transform.

The definition is what the SDK emits for ``TuningStep`` followed by a model built from
``BestTrainingJob.TrainingJobName`` (the seed's ``Join`` to ``output/model.tar.gz``) and a
``TransformStep``.
"""

from __future__ import annotations

import io
import json
import tarfile
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import xgboost as xgb

from dagmaker.api import connect
from dagmaker.api.client import LocalSageMakerClient
from dagmaker.records.fold import fold_steps
from tests.e2e.defs import BUCKET, pipeline

XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
ROLE = "arn:aws:iam::000000000000:role/test"


def _csv(table: np.ndarray) -> bytes:
    return "".join(",".join(f"{v:.5f}" for v in row) + "\n" for row in table).encode()


def _upload_data(client: LocalSageMakerClient) -> np.ndarray:
    rng = np.random.default_rng(3)
    features = np.round(rng.normal(size=(300, 4)), 5)
    target = features @ [3.0, -2.0, 1.0, 0.5] + rng.normal(0, 0.1, 300)
    table = np.column_stack([target, features])
    store = client.services.artifacts
    store.write_bytes(f"s3://{BUCKET}/tune/train/train.csv", _csv(table[:220]))
    store.write_bytes(f"s3://{BUCKET}/tune/validation/validation.csv", _csv(table[220:]))
    store.write_bytes(f"s3://{BUCKET}/tune/batch/batch.csv", _csv(features[:40]))
    return features[:40]


def _channel(name: str) -> dict[str, Any]:
    return {
        "ChannelName": name,
        "DataSource": {
            "S3DataSource": {
                "S3DataType": "S3Prefix",
                "S3Uri": f"s3://{BUCKET}/tune/{name}",
                "S3DataDistributionType": "FullyReplicated",
            }
        },
        "ContentType": "text/csv",
    }


def _tuning_step() -> dict[str, Any]:
    return {
        "Name": "Tune",
        "Type": "Tuning",
        "Arguments": {
            "HyperParameterTuningJobConfig": {
                "Strategy": "Bayesian",
                "ResourceLimits": {"MaxNumberOfTrainingJobs": 4, "MaxParallelTrainingJobs": 2},
                "TrainingJobEarlyStoppingType": "Off",
                "HyperParameterTuningJobObjective": {
                    "Type": "Minimize",
                    "MetricName": "validation:rmse",
                },
                "ParameterRanges": {
                    "ContinuousParameterRanges": [
                        {
                            "Name": "eta",
                            "MinValue": "0.05",
                            "MaxValue": "0.5",
                            "ScalingType": "Auto",
                        }
                    ],
                    "IntegerParameterRanges": [
                        {
                            "Name": "max_depth",
                            "MinValue": "2",
                            "MaxValue": "6",
                            "ScalingType": "Auto",
                        }
                    ],
                    "CategoricalParameterRanges": [],
                },
            },
            "TrainingJobDefinition": {
                "StaticHyperParameters": {"num_round": "10", "objective": "reg:squarederror"},
                "RoleArn": ROLE,
                "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/tune/models"},
                "StoppingCondition": {"MaxRuntimeInSeconds": 600},
                "HyperParameterTuningResourceConfig": {
                    "InstanceCount": 1,
                    "InstanceType": "ml.m5.xlarge",
                    "VolumeSizeInGB": 30,
                },
                "AlgorithmSpecification": {"TrainingInputMode": "File", "TrainingImage": XGBOOST},
                "InputDataConfig": [_channel("train"), _channel("validation")],
            },
        },
    }


def _model_step() -> dict[str, Any]:
    model_data = {
        "Std:Join": {
            "On": "/",
            "Values": [
                f"s3://{BUCKET}/tune/models",
                {"Get": "Steps.Tune.BestTrainingJob.TrainingJobName"},
                "output/model.tar.gz",
            ],
        }
    }
    return {
        "Name": "BestModel",
        "Type": "Model",
        "Arguments": {
            "ExecutionRoleArn": ROLE,
            "PrimaryContainer": {"Image": XGBOOST, "Environment": {}, "ModelDataUrl": model_data},
        },
    }


def _transform_step() -> dict[str, Any]:
    return {
        "Name": "Score",
        "Type": "Transform",
        "Arguments": {
            "ModelName": {"Get": "Steps.BestModel.ModelName"},
            "TransformInput": {
                "DataSource": {
                    "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/tune/batch"}
                },
                "ContentType": "text/csv",
                "SplitType": "Line",
            },
            "TransformOutput": {
                "S3OutputPath": f"s3://{BUCKET}/tune/scored",
                "AssembleWith": "Line",
            },
            "TransformResources": {"InstanceCount": 1, "InstanceType": "ml.m5.large"},
        },
    }


def _booster(client: LocalSageMakerClient, uri: str) -> xgb.Booster:
    with tarfile.open(fileobj=io.BytesIO(client.services.artifacts.read_bytes(uri))) as archive:
        member = archive.extractfile("xgboost-model")
        assert member is not None
        raw = member.read()
    booster = xgb.Booster()
    booster.load_model(bytearray(raw))
    return booster


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    start = max(a["TrainingStartTime"], b["TrainingStartTime"])
    return start < min(a["TrainingEndTime"], b["TrainingEndTime"])


def test_tuning_step_picks_the_best_model_and_serves_it(home: Path) -> None:
    client = connect(inline=True)
    batch = _upload_data(client)
    definition = pipeline(_tuning_step(), _model_step(), _transform_step())
    client.create_pipeline(PipelineName="tune", PipelineDefinition=json.dumps(definition))
    arn = client.start_pipeline_execution(PipelineName="tune")["PipelineExecutionArn"]
    execution = client.describe_pipeline_execution(PipelineExecutionArn=arn)
    assert execution["PipelineExecutionStatus"] == "Succeeded", execution.get("FailureReason")

    steps = {
        s["StepName"]: s
        for s in client.list_pipeline_execution_steps(PipelineExecutionArn=arn)[
            "PipelineExecutionSteps"
        ]
    }
    tuning_arn = steps["Tune"]["Metadata"]["TuningJob"]["Arn"]
    properties = fold_steps(client.services.event_log.load(arn))["Tune"].properties
    name = properties["HyperParameterTuningJobName"]
    assert tuning_arn == properties["HyperParameterTuningJobArn"]
    assert properties["HyperParameterTuningJobStatus"] == "Completed"
    assert properties["ObjectiveStatusCounters"]["Succeeded"] == 4

    # Summaries are sorted best first, and the best is the BestTrainingJob.
    summaries = properties["TrainingJobSummaries"]
    values = [s["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] for s in summaries]
    assert len(values) == 4 and values == sorted(values)
    assert properties["BestTrainingJob"]["TrainingJobName"] == summaries[0]["TrainingJobName"]

    # Every trial is a real training job, described like any other.
    trials = [client.describe_training_job(TrainingJobName=s["TrainingJobName"]) for s in summaries]
    for trial, summary in zip(trials, summaries, strict=True):
        assert trial["TrainingJobStatus"] == "Completed"
        assert trial["TuningJobArn"] == tuning_arn
        assert trial["TrainingJobName"].startswith(f"{name[:32].rstrip('-')}-")
        final = {m["MetricName"]: m["Value"] for m in trial["FinalMetricDataList"]}
        assert final["validation:rmse"] == pytest.approx(
            summary["FinalHyperParameterTuningJobObjectiveMetric"]["Value"]
        )
        for key, value in summary["TunedHyperParameters"].items():
            assert trial["HyperParameters"][key] == value
    # Two trials at a time really ran at the same time.
    assert any(_overlap(a, b) for a, b in combinations(trials, 2))

    # The Join of BestTrainingJob.TrainingJobName found the best trial's model ...
    best_uri = f"s3://{BUCKET}/tune/models/{summaries[0]['TrainingJobName']}/output/model.tar.gz"
    model = client.describe_model(
        ModelName=fold_steps(client.services.event_log.load(arn))["BestModel"].properties[
            "ModelName"
        ]
    )
    assert model["PrimaryContainer"]["ModelDataUrl"] == best_uri
    # ... and the transform step scored the batch with it.
    scored = client.services.artifacts.read_bytes(f"s3://{BUCKET}/tune/scored/batch.csv.out")
    expected = _booster(client, best_uri).predict(xgb.DMatrix(batch.astype(np.float32)))
    assert np.allclose(np.loadtxt(io.BytesIO(scored)), expected, atol=1e-5)
    transform = client.describe_transform_job(
        TransformJobName=steps["Score"]["Metadata"]["TransformJob"]["Arn"]
    )
    assert transform["TransformJobStatus"] == "Completed"


def test_a_tuning_step_whose_metric_never_appears_fails_the_execution(home: Path) -> None:
    client = connect(inline=True)
    _upload_data(client)
    step = _tuning_step()
    arguments = step["Arguments"]
    arguments["HyperParameterTuningJobConfig"]["ResourceLimits"] = {
        "MaxNumberOfTrainingJobs": 1,
        "MaxParallelTrainingJobs": 1,
    }
    # Without a validation channel, built-in XGBoost never reports validation:rmse.
    arguments["TrainingJobDefinition"]["InputDataConfig"] = [_channel("train")]
    client.create_pipeline(PipelineName="no-metric", PipelineDefinition=json.dumps(pipeline(step)))
    arn = client.start_pipeline_execution(PipelineName="no-metric")["PipelineExecutionArn"]
    execution = client.describe_pipeline_execution(PipelineExecutionArn=arn)
    assert execution["PipelineExecutionStatus"] == "Failed"
    (listed,) = client.list_pipeline_execution_steps(PipelineExecutionArn=arn)[
        "PipelineExecutionSteps"
    ]
    assert listed["StepStatus"] == "Failed"
    reason = listed["FailureReason"]
    assert "none of the 1 training jobs produced the objective metric validation:rmse" in reason
    assert "objective metric validation:rmse never appeared in the job's log" in reason
    assert "validation-rmse" in reason  # the built-in regex is shown
