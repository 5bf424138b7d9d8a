"""Tuning jobs over real (small, fast) script-mode training jobs, through the local API.

The training script computes a known loss from its hyperparameters and prints it once per
epoch, so each test can check the objective the tuning job read against the formula.
"""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path
from typing import Any

import pytest

from dagmaker.api import connect
from dagmaker.api.client import LocalSageMakerClient
from dagmaker.errors import InvalidRequest
from tests.runners.tuning.requests import BUCKET, X_RANGE, tuning_request, upload_script

TRAIN = """
import json, os, time
hps = json.loads(os.environ["SM_HPS"])
loss = (float(hps.get("x", 0.0)) - 0.3) ** 2 + 0.1 * abs(int(hps.get("layers", 4)) - 4)
loss += 0.0 if hps.get("kind", "b") == "b" else 0.5
marker = hps.get("marker")
if marker:  # the first trial learns well, later ones do not
    if os.path.exists(marker):
        loss += 10.0
    open(marker, "a").write("x")
epochs = int(hps.get("epochs", 3))
for epoch in range(epochs):
    print(f"epoch {epoch} validation-loss: {loss + 0.01 * (epochs - 1 - epoch):.6f}", flush=True)
    time.sleep(float(hps.get("delay", 0)))
with open(os.path.join(os.environ["SM_MODEL_DIR"], "model.json"), "w") as handle:
    json.dump({"loss": loss}, handle)
"""


def expected_loss(tuned: dict[str, str]) -> float:
    """The loss the script computes (without the marker penalty)."""
    loss = (float(tuned.get("x", "0")) - 0.3) ** 2 + 0.1 * abs(int(tuned.get("layers", "4")) - 4)
    return loss + (0.0 if tuned.get("kind", "b") == "b" else 0.5)


@pytest.fixture
def client(home: Path) -> LocalSageMakerClient:
    """A client for a fresh home with the training script uploaded."""
    sagemaker = connect()
    upload_script(sagemaker, TRAIN)
    return sagemaker


def run(client: LocalSageMakerClient, name: str, request: dict[str, Any]) -> dict[str, Any]:
    """Start a tuning job and wait for it to end; return its description."""
    client.create_hyper_parameter_tuning_job(HyperParameterTuningJobName=name, **request)
    return wait(client, name)


def wait(client: LocalSageMakerClient, name: str, timeout: float = 60.0) -> dict[str, Any]:
    """Poll until the tuning job ends."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        described = client.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName=name)
        if described["HyperParameterTuningJobStatus"] not in ("InProgress", "Stopping"):
            return described
        time.sleep(0.1)
    raise AssertionError(f"tuning job {name} did not end within {timeout}s")


def trials(client: LocalSageMakerClient, name: str, **kwargs: Any) -> list[dict[str, Any]]:
    """ListTrainingJobsForHyperParameterTuningJob."""
    listed = client.list_training_jobs_for_hyper_parameter_tuning_job(
        HyperParameterTuningJobName=name, **kwargs
    )
    return listed["TrainingJobSummaries"]


def objective(summary: dict[str, Any]) -> float:
    """A trial's final objective value."""
    return summary["FinalHyperParameterTuningJobObjectiveMetric"]["Value"]


def test_random_search_reads_each_trials_objective(client: LocalSageMakerClient) -> None:
    ranges = {
        **X_RANGE,
        "IntegerParameterRanges": [{"Name": "layers", "MinValue": "2", "MaxValue": "6"}],
    }
    described = run(client, "random", tuning_request(ranges, jobs=5, parallel=3))
    assert described["HyperParameterTuningJobStatus"] == "Completed"
    assert described["TrainingJobStatusCounters"]["Completed"] == 5
    assert described["ObjectiveStatusCounters"] == {"Succeeded": 5, "Pending": 0, "Failed": 0}
    summaries = trials(client, "random", SortBy="FinalObjectiveMetricValue", SortOrder="Ascending")
    assert len(summaries) == 5
    for summary in summaries:
        assert objective(summary) == pytest.approx(
            expected_loss(summary["TunedHyperParameters"]), abs=1e-5
        )
    assert described["BestTrainingJob"]["TrainingJobName"] == summaries[0]["TrainingJobName"]
    assert objective(described["BestTrainingJob"]) == min(objective(s) for s in summaries)

    trial = client.describe_training_job(TrainingJobName=summaries[0]["TrainingJobName"])
    assert trial["TuningJobArn"] == described["HyperParameterTuningJobArn"]
    assert trial["HyperParameters"]["_tuning_objective_metric"] == "validation:loss"
    model = trial["ModelArtifacts"]["S3ModelArtifacts"]
    assert model == f"s3://{BUCKET}/models/{trial['TrainingJobName']}/output/model.tar.gz"
    assert client.services.artifacts.exists(model)
    listed = client.list_training_jobs()["TrainingJobSummaries"]
    assert {s["TrainingJobName"] for s in summaries} <= {s["TrainingJobName"] for s in listed}


def test_grid_search_covers_every_combination(client: LocalSageMakerClient) -> None:
    ranges = {
        "CategoricalParameterRanges": [{"Name": "kind", "Values": ["a", "b"]}],
        "IntegerParameterRanges": [{"Name": "layers", "MinValue": "3", "MaxValue": "5"}],
    }
    described = run(client, "grid", tuning_request(ranges, strategy="Grid", jobs=None, parallel=3))
    assert described["HyperParameterTuningJobStatus"] == "Completed"
    summaries = trials(client, "grid")
    seen = sorted(
        (s["TunedHyperParameters"]["kind"], s["TunedHyperParameters"]["layers"]) for s in summaries
    )
    assert seen == sorted(itertools.product(["a", "b"], ["3", "4", "5"]))
    assert described["BestTrainingJob"]["TunedHyperParameters"] == {"kind": "b", "layers": "4"}


def test_bayesian_search_completes_with_the_best_trial_first(client: LocalSageMakerClient) -> None:
    described = run(
        client, "bayes", tuning_request(X_RANGE, strategy="Bayesian", jobs=6, parallel=2)
    )
    summaries = trials(client, "bayes", SortBy="FinalObjectiveMetricValue", SortOrder="Ascending")
    assert [s["TrainingJobStatus"] for s in summaries] == ["Completed"] * 6
    best = described["BestTrainingJob"]
    assert best["TrainingJobName"] == summaries[0]["TrainingJobName"]
    assert best["FinalHyperParameterTuningJobObjectiveMetric"]["Type"] == "Minimize"


def test_a_trial_without_the_objective_metric_fails_and_says_why(
    client: LocalSageMakerClient,
) -> None:
    request = tuning_request(
        X_RANGE, jobs=2, metric="validation:loss", regex=r"validation-rmse: ([0-9.]+)"
    )
    described = run(client, "no-metric", request)
    assert described["HyperParameterTuningJobStatus"] == "Failed"
    assert described["FailureReason"].startswith(
        "ClientError: none of the 2 training jobs produced the objective metric validation:loss"
    )
    for summary in trials(client, "no-metric"):
        assert summary["TrainingJobStatus"] == "Failed"
        assert summary["ObjectiveStatus"] == "Failed"
        reason = summary["FailureReason"]
        assert "objective metric validation:loss never appeared in the job's log" in reason
        assert "'validation-rmse: ([0-9.]+)'" in reason
        job = client.describe_training_job(TrainingJobName=summary["TrainingJobName"])
        assert job["TrainingJobStatus"] == "Failed" and job["FailureReason"] == reason
    assert described["TrainingJobStatusCounters"]["NonRetryableError"] == 2


def test_warm_start_seeds_the_search_with_parent_trials(client: LocalSageMakerClient) -> None:
    parent = run(client, "parent", tuning_request(X_RANGE, jobs=4, parallel=2))
    assert parent["HyperParameterTuningJobStatus"] == "Completed"
    warm = {
        "WarmStartType": "IdenticalDataAndAlgorithm",
        "ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": "parent"}],
    }
    narrow = {"ContinuousParameterRanges": [{"Name": "x", "MinValue": "0.9", "MaxValue": "1"}]}
    child_request = {**tuning_request(narrow, jobs=1, parallel=1), "WarmStartConfig": warm}
    child = run(client, "child", child_request)
    assert child["HyperParameterTuningJobStatus"] == "Completed"
    assert child["WarmStartConfig"] == warm
    # The child's only trial (x >= 0.9) is worse than the parent's best (x anywhere in [0, 1]).
    assert objective(child["OverallBestTrainingJob"]) == objective(parent["BestTrainingJob"])
    assert child["BestTrainingJob"]["TuningJobName"] == "child"
    log = (
        client.services.settings.jobs_root / "child" / "algo-1" / "logs" / "stdout.log"
    ).read_text()
    assert "Warm start (IdenticalDataAndAlgorithm) from parent:" in log
    assert "outside the ranges were left out" in log  # parent trials with x < 0.9


def test_warm_start_problems_are_reported(client: LocalSageMakerClient) -> None:
    missing = {
        "WarmStartType": "TransferLearning",
        "ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": "nobody"}],
    }
    described = run(
        client, "orphan", {**tuning_request(X_RANGE, jobs=1), "WarmStartConfig": missing}
    )
    assert described["HyperParameterTuningJobStatus"] == "Failed"
    assert "the warm start parent tuning job 'nobody' does not exist" in described["FailureReason"]


def test_early_stopping_stops_a_trial_doing_worse(
    client: LocalSageMakerClient, tmp_path: Path
) -> None:
    static = {"epochs": "8", "delay": "0.15", "marker": json.dumps(str(tmp_path / "marker"))}
    request = tuning_request(
        X_RANGE, jobs=2, parallel=1, static=static, TrainingJobEarlyStoppingType="Auto"
    )
    described = run(client, "early", request)
    first, second = sorted(trials(client, "early"), key=lambda s: s["TrainingJobName"])
    assert first["TrainingJobStatus"] == "Completed"
    assert second["TrainingJobStatus"] == "Stopped"
    assert objective(second) > 10.0  # its last value before it was stopped
    assert described["TrainingJobStatusCounters"]["Stopped"] == 1
    assert described["BestTrainingJob"]["TrainingJobName"] == first["TrainingJobName"]
    log = (
        client.services.settings.jobs_root / "early" / "algo-1" / "logs" / "stdout.log"
    ).read_text()
    assert "Trial 2" in log and "stopped early at iteration" in log


def test_stopping_a_tuning_job_stops_its_trials(client: LocalSageMakerClient) -> None:
    request = tuning_request(X_RANGE, jobs=4, parallel=2, static={"epochs": "100", "delay": "0.1"})
    client.create_hyper_parameter_tuning_job(HyperParameterTuningJobName="stopped", **request)
    deadline = time.monotonic() + 30
    while not any(s["TrainingJobStatus"] == "InProgress" for s in trials(client, "stopped")):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    client.stop_hyper_parameter_tuning_job(HyperParameterTuningJobName="stopped")
    described = wait(client, "stopped", timeout=30)
    assert described["HyperParameterTuningJobStatus"] == "Stopped"
    summaries = trials(client, "stopped")
    assert summaries and all(s["TrainingJobStatus"] == "Stopped" for s in summaries), [
        (s["TrainingJobStatus"], s.get("FailureReason")) for s in summaries
    ]


def test_invalid_requests_are_refused_at_creation(client: LocalSageMakerClient) -> None:
    request = tuning_request(X_RANGE, strategy="Grid")
    with pytest.raises(InvalidRequest, match="'x' is continuous"):
        client.create_hyper_parameter_tuning_job(HyperParameterTuningJobName="bad", **request)
    names = [
        s["HyperParameterTuningJobName"]
        for s in client.list_hyper_parameter_tuning_jobs()["HyperParameterTuningJobSummaries"]
    ]
    assert "bad" not in names
