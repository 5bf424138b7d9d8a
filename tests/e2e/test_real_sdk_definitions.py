"""Definitions built by the real SageMaker SDK run unchanged, control flow included."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from dagmaker.api import connect

FIXTURES = Path(__file__).parent / "real_sdk"


def _load(name: str) -> dict[str, Any]:
    client = connect(inline=True)
    for uri, filename in json.loads((FIXTURES / f"{name}.uploads.json").read_text()).items():
        client.services.artifacts.write_bytes(uri, (FIXTURES / filename).read_bytes())
    return json.loads((FIXTURES / f"{name}.json").read_text())


def _run(client: Any, **parameters: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    overrides = [{"Name": k, "Value": v} for k, v in parameters.items()]
    arn = client.start_pipeline_execution(
        PipelineName="RealSdkControlFlow", PipelineParameters=overrides
    )["PipelineExecutionArn"]
    described = client.describe_pipeline_execution(PipelineExecutionArn=arn)
    steps = client.list_pipeline_execution_steps(PipelineExecutionArn=arn)
    return described, {s["StepName"]: s for s in steps["PipelineExecutionSteps"]}


@pytest.fixture
def client(home: Path) -> Any:
    client = connect(inline=True)
    definition = _load("control_flow")
    client.create_pipeline(
        PipelineName="RealSdkControlFlow", PipelineDefinition=json.dumps(definition)
    )
    return client


def test_if_branch_with_every_condition_kind(client: Any) -> None:
    described, steps = _run(client)
    assert described["PipelineExecutionStatus"] == "Succeeded", described
    assert steps["Gate"]["Metadata"] == {"Condition": {"Outcome": "True"}}
    assert steps["Consume"]["StepStatus"] == "Succeeded"
    assert steps["AfterConsume"]["StepStatus"] == "Succeeded"
    assert steps["Reject"]["StepStatus"] == "Skipped"
    assert steps["AfterConsume"]["StartTime"] >= steps["Consume"]["EndTime"]


def test_else_branch_fails_with_the_joined_message(client: Any) -> None:
    described, steps = _run(client, Mode="slow", MinRows="2")
    assert described["PipelineExecutionStatus"] == "Failed"
    assert described["FailureReason"] == "score below 0.5 or fewer than 2 rows in mode slow"
    assert steps["Consume"]["StepStatus"] == "Skipped"


def test_boolean_parameter_sent_as_a_string_flips_the_not(client: Any) -> None:
    described, steps = _run(client, Strict="True")
    assert described["PipelineExecutionStatus"] == "Failed"
    assert steps["Gate"]["Metadata"] == {"Condition": {"Outcome": "False"}}


def test_enum_parameter_rejects_other_values(client: Any) -> None:
    with pytest.raises(Exception, match="'medium' is not one of \\['fast', 'slow'\\]"):
        _run(client, Mode="medium")


def _abalone_rows(count: int = 400) -> bytes:
    rng = random.Random(3)
    lines = []
    for _ in range(count):
        features = [rng.uniform(0.1, 0.8) for _ in range(7)]
        rings = 3 + 20 * features[0] + 5 * features[3] + rng.gauss(0, 0.5)
        lines.append(",".join(f"{v:.4f}" for v in [rings, *features]))
    return ("\n".join(lines) + "\n").encode()


def test_sklearn_processing_builtin_xgboost_and_script_mode_training(home: Path) -> None:
    client = connect(inline=True)
    definition = _load("abalone_jobs")
    client.services.artifacts.write_bytes("s3://fixture-bucket/abalone/data.csv", _abalone_rows())
    client.create_pipeline(PipelineName="RealSdkAbalone", PipelineDefinition=json.dumps(definition))
    arn = client.start_pipeline_execution(PipelineName="RealSdkAbalone")["PipelineExecutionArn"]
    described = client.describe_pipeline_execution(PipelineExecutionArn=arn)
    steps = {
        s["StepName"]: s
        for s in client.list_pipeline_execution_steps(PipelineExecutionArn=arn)[
            "PipelineExecutionSteps"
        ]
    }
    assert described["PipelineExecutionStatus"] == "Succeeded", (described, steps)
    assert steps["TooHigh"]["StepStatus"] == "Skipped"
    for name in ("TrainXGBoost", "TrainScript"):
        job = client.describe_training_job(
            TrainingJobName=steps[name]["Metadata"]["TrainingJob"]["Arn"]
        )
        assert client.services.artifacts.exists(job["ModelArtifacts"]["S3ModelArtifacts"])
        metrics = {m["MetricName"]: m["Value"] for m in job["FinalMetricDataList"]}
        assert metrics, name
    script = client.describe_training_job(
        TrainingJobName=steps["TrainScript"]["Metadata"]["TrainingJob"]["Arn"]
    )
    assert 0 <= {m["MetricName"]: m["Value"] for m in script["FinalMetricDataList"]}["val:mse"] < 20


def test_tuning_then_create_register_and_transform(home: Path) -> None:
    client = connect(inline=True)
    definition = _load("tune_register_transform")
    rows = _abalone_rows(300).decode().splitlines()
    store = client.services.artifacts
    store.write_bytes(
        "s3://fixture-bucket/tuning/train/train.csv", ("\n".join(rows[:200]) + "\n").encode()
    )
    store.write_bytes(
        "s3://fixture-bucket/tuning/validation/validation.csv",
        ("\n".join(rows[200:260]) + "\n").encode(),
    )
    batch = "\n".join(r.split(",", 1)[1] for r in rows[260:]) + "\n"
    store.write_bytes("s3://fixture-bucket/tuning/batch/batch.csv", batch.encode())
    store.write_bytes("s3://fixture-bucket/tuning/metrics.json", b'{"rmse": 1.0}')
    client.create_pipeline(PipelineName="RealSdkModels", PipelineDefinition=json.dumps(definition))
    arn = client.start_pipeline_execution(PipelineName="RealSdkModels")["PipelineExecutionArn"]
    steps = {
        s["StepName"]: s
        for s in client.list_pipeline_execution_steps(PipelineExecutionArn=arn)[
            "PipelineExecutionSteps"
        ]
    }
    described = client.describe_pipeline_execution(PipelineExecutionArn=arn)
    assert described["PipelineExecutionStatus"] == "Succeeded", (described, steps)

    tuning = client.describe_hyper_parameter_tuning_job(
        HyperParameterTuningJobName=steps["Tune"]["Metadata"]["TuningJob"]["Arn"]
    )
    best = tuning["BestTrainingJob"]["TrainingJobName"]
    package = client.describe_model_package(
        ModelPackageName=steps["Register-RegisterModel"]["Metadata"]["RegisterModel"]["Arn"]
    )
    assert package["ModelApprovalStatus"] == "Approved"
    assert package["ModelMetrics"]["ModelQuality"]["Statistics"]["S3Uri"].endswith("metrics.json")
    assert package["CustomerMetadataProperties"] == {"source": "tuning"}
    container = package["InferenceSpecification"]["Containers"][0]
    assert container["ModelDataUrl"] == f"s3://fixture-bucket/tuned/{best}/output/model.tar.gz"
    scored = store.read_bytes("s3://fixture-bucket/scored/batch.csv.out").decode().split()
    assert len(scored) == 40 and all(float(v) > 0 for v in scored)
