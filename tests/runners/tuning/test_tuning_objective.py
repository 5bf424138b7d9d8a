"""Finding the objective metric's regex and its values in a trial's log."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dagmaker.errors import InvalidRequest
from dagmaker.runners.images import ImageTable
from dagmaker.runners.tuning_objective import LogFollower, objective_for

XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
SKLEARN = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
IMAGES = ImageTable(lambda: {"my/algo:1": "builtin:xgboost"})


def _definition(image: str, metrics: list[dict[str, str]] | None = None, **static: str) -> dict:
    algorithm: dict = {"TrainingImage": image, "TrainingInputMode": "File"}
    if metrics is not None:
        algorithm["MetricDefinitions"] = metrics
    return {"AlgorithmSpecification": algorithm, "StaticHyperParameters": static}


def test_metric_definitions_come_first() -> None:
    definition = _definition(XGBOOST, [{"Name": "validation:rmse", "Regex": "val=([0-9.]+)"}])
    objective = objective_for("validation:rmse", definition, IMAGES)
    assert (objective.regex, objective.source) == ("val=([0-9.]+)", "from MetricDefinitions")
    assert objective.values(["val=1.5", "other", "val=0.75 done"]) == [1.5, 0.75]


def test_built_in_xgboost_reads_its_evaluation_lines() -> None:
    for image in (XGBOOST, "my/algo:1"):
        objective = objective_for("validation:rmse", _definition(image), IMAGES)
        assert objective.source == "the built-in XGBoost metric"
        lines = [
            "[0]\ttrain-rmse:2.5\tvalidation-rmse:3.25",
            "[1]#011train-rmse:2.0#011validation-rmse:2.5",
        ]
        assert objective.values(lines) == [3.25, 2.5]


def test_script_mode_on_the_xgboost_image_needs_its_own_regex() -> None:
    definition = _definition(XGBOOST, sagemaker_program='"train.py"')
    with pytest.raises(InvalidRequest, match="'validation:rmse' has no regex"):
        objective_for("validation:rmse", definition, IMAGES)


def test_unknown_metric_and_bad_regex() -> None:
    with pytest.raises(InvalidRequest, match=re.escape("add {'Name': 'loss', 'Regex': ...}")):
        objective_for("loss", _definition(SKLEARN, []), IMAGES)
    with pytest.raises(InvalidRequest, match="the regex of objective metric 'loss' is invalid"):
        objective_for("loss", _definition(SKLEARN, [{"Name": "loss", "Regex": "(["}]), IMAGES)


def test_missing_message_names_metric_and_regex() -> None:
    objective = objective_for(
        "loss", _definition(SKLEARN, [{"Name": "loss", "Regex": "loss: (.*)"}]), IMAGES
    )
    message = objective.missing_message()
    assert "objective metric loss never appeared in the job's log" in message
    assert "'loss: (.*)'" in message


def test_log_follower_returns_complete_new_lines(tmp_path: Path) -> None:
    follower = LogFollower(tmp_path)
    assert follower.new_lines() == ([], False)
    stdout = tmp_path / "stdout.log"
    stdout.write_text("one\ntw")
    assert follower.new_lines() == (["one"], False)
    with stdout.open("a") as handle:
        handle.write("o\nthree\n")
    (tmp_path / "stderr.log").write_text("warning\n")
    assert follower.new_lines() == (["two", "three", "warning"], False)
    assert follower.new_lines() == ([], False)
    stdout.write_text("again\n")  # the job was launched again: the log started over
    assert follower.new_lines() == (["again"], True)
    assert follower.all_lines() == ["again", "warning"]
