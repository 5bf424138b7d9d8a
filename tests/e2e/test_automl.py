"""The real SDK's AutoML pipeline, end to end: search, reports, registry, batch transform.

``real_sdk/automl_pipeline.json`` was built by SageMaker's own SDK
(``tools/make_automl_sdk_fixture.py``): an AutoMLStep, the best candidate's model
registered with the step's report paths as ModelMetrics, created, and used by a batch
transform of held-out rows. The data are generated here; the held-out predictions must
score at least as well as a plain XGBoost with default settings trained on the same rows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification
from sklearn.metrics import f1_score
from xgboost import XGBClassifier

from dagmaker.api import connect

FIXTURE = Path(__file__).parent / "real_sdk" / "automl_pipeline.json"
BUCKET = "s3://fixture-bucket"
FEATURES = [f"x{i}" for i in range(8)]

pytestmark = pytest.mark.slow


def _data() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Noisy binary data: 400 training rows (labels ``yes``/``no``), 400 held out."""
    features, labels = make_classification(
        n_samples=800,
        n_features=len(FEATURES),
        n_informative=4,
        n_redundant=2,
        flip_y=0.08,
        class_sep=0.8,
        random_state=7,
    )
    frame = pd.DataFrame(features.round(5), columns=FEATURES)
    frame["label"] = np.where(labels == 1, "yes", "no")
    return frame.iloc[:400].reset_index(drop=True), frame.iloc[400:].reset_index(drop=True)


def _steps(client: Any, arn: str) -> dict[str, dict[str, Any]]:
    listed = client.list_pipeline_execution_steps(PipelineExecutionArn=arn)
    return {s["StepName"]: s for s in listed["PipelineExecutionSteps"]}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    monkeypatch = pytest.MonkeyPatch()
    home = tmp_path_factory.mktemp("automl") / "home"
    monkeypatch.setenv("DAGMAKER_HOME", str(home))
    monkeypatch.setenv("DAGMAKER_WORKER_IDLE_SECONDS", "3")
    try:
        client = connect(inline=True)
        train, test = _data()
        store = client.services.artifacts
        store.write_bytes(f"{BUCKET}/automl/train/train.csv", train.to_csv(index=False).encode())
        features_only = test[FEATURES].to_csv(index=False, header=False).encode()
        store.write_bytes(f"{BUCKET}/automl/test/test.csv", features_only)
        client.create_pipeline(PipelineName="RealSdkAutoML", PipelineDefinition=FIXTURE.read_text())
        arn = client.start_pipeline_execution(PipelineName="RealSdkAutoML")["PipelineExecutionArn"]
        yield {
            "client": client,
            "arn": arn,
            "train": train,
            "test": test,
            "execution": client.describe_pipeline_execution(PipelineExecutionArn=arn),
            "steps": _steps(client, arn),
        }
    finally:
        monkeypatch.undo()


def test_every_step_succeeds(run: dict[str, Any]) -> None:
    steps = run["steps"].items()
    failures = {n: s["FailureReason"] for n, s in steps if s.get("FailureReason")}
    assert run["execution"]["PipelineExecutionStatus"] == "Succeeded", failures
    assert {name: s["StepStatus"] for name, s in run["steps"].items()} == {
        "AutoMLTraining": "Succeeded",
        "RegisterBest-RegisterModel": "Succeeded",
        "CreateBest-CreateModel": "Succeeded",
        "BatchTransform": "Succeeded",
    }


def _automl(run: dict[str, Any]) -> dict[str, Any]:
    arn = run["steps"]["AutoMLTraining"]["Metadata"]["AutoMLJob"]["Arn"]
    described: dict[str, Any] = run["client"].describe_auto_ml_job(AutoMLJobName=arn)
    return described


def test_the_job_searched_candidates_and_ranked_them(run: dict[str, Any]) -> None:
    job = _automl(run)
    assert job["AutoMLJobStatus"] == "Completed"
    assert job["ResolvedAttributes"]["ProblemType"] == "BinaryClassification"
    assert job["ResolvedAttributes"]["AutoMLJobObjective"] == {"MetricName": "F1"}
    listed = run["client"].list_candidates_for_auto_ml_job(
        AutoMLJobName=job["AutoMLJobName"],
        SortBy="FinalObjectiveMetricValue",
        SortOrder="Descending",
    )["Candidates"]
    # Three searched candidates and the ensemble of them, every one a real training job.
    assert len(listed) == 4
    assert all(c["CandidateStatus"] == "Completed" for c in listed)
    best = job["BestCandidate"]
    assert listed[0]["FinalAutoMLJobObjectiveMetric"]["Value"] == pytest.approx(
        best["FinalAutoMLJobObjectiveMetric"]["Value"]
    )
    for candidate in listed:
        training = candidate["CandidateSteps"][-1]["CandidateStepName"]
        described = run["client"].describe_training_job(TrainingJobName=training)
        assert described["TrainingJobStatus"] == "Completed"


def test_the_reports_are_where_the_properties_say(run: dict[str, Any]) -> None:
    store = run["client"].services.artifacts
    job = _automl(run)
    locations = job["BestCandidate"]["CandidateProperties"]["CandidateArtifactLocations"]
    statistics = json.loads(store.read_bytes(f"{locations['ModelInsights']}/statistics.json"))
    metrics = statistics["binary_classification_metrics"]
    assert statistics["dataset"]["item_count"] == 400  # every training row, out of fold
    assert metrics["f1"]["value"] == pytest.approx(
        job["BestCandidate"]["FinalAutoMLJobObjectiveMetric"]["Value"]
    )
    analysis = json.loads(store.read_bytes(f"{locations['Explainability']}/analysis.json"))
    shap = analysis["explanations"]["kernel_shap"]["label0"]
    assert set(shap["global_shap_values"]) == set(FEATURES)
    assert 0.0 < shap["expected_value"] < 1.0


def test_the_model_is_registered_with_both_reports(run: dict[str, Any]) -> None:
    client = run["client"]
    job = _automl(run)
    locations = job["BestCandidate"]["CandidateProperties"]["CandidateArtifactLocations"]
    package_arn = run["steps"]["RegisterBest-RegisterModel"]["Metadata"]["RegisterModel"]["Arn"]
    package = client.describe_model_package(ModelPackageName=package_arn)
    metrics = package["ModelMetrics"]
    assert metrics["ModelQuality"]["Statistics"]["S3Uri"] == (
        f"{locations['ModelInsights']}/statistics.json"
    )
    assert metrics["Explainability"]["Report"]["S3Uri"] == (
        f"{locations['Explainability']}/analysis.json"
    )
    (container,) = package["InferenceSpecification"]["Containers"]
    (best,) = job["BestCandidate"]["InferenceContainers"]
    assert container["ModelDataUrl"] == best["ModelDataUrl"]


def test_the_batch_transform_beats_a_default_xgboost(run: dict[str, Any]) -> None:
    client = run["client"]
    store = client.services.artifacts
    output = store.read_bytes(f"{BUCKET}/automl/predictions/test.csv.out").decode()
    predicted = [line.strip() for line in output.splitlines()]
    test, train = run["test"], run["train"]
    assert len(predicted) == len(test)
    assert set(predicted) <= {"yes", "no"}
    truth = (test["label"] == "yes").astype(int)
    ours = f1_score(truth, [int(p == "yes") for p in predicted])
    baseline = XGBClassifier(n_jobs=1).fit(train[FEATURES], (train["label"] == "yes").astype(int))
    theirs = f1_score(truth, baseline.predict(test[FEATURES]))
    assert ours >= theirs, (ours, theirs)
