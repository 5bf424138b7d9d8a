"""Failed built-in XGBoost jobs say why in output/failure and exit non-zero."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from dagmaker.runners.builtin import xgboost_algorithm
from dagmaker.runners.builtin.xgboost_metrics import BUILTIN_XGBOOST_METRICS
from tests.runners.builtin.xgboost_job_helpers import (
    abalone_like,
    load_model,
    metric_values,
    run_algorithm,
    to_csv,
)

TRAIN = to_csv(abalone_like(120, seed=7))
VALIDATION = to_csv(abalone_like(40, seed=8))


def failure(base) -> str:
    return (base / "output" / "failure").read_text()


def run_in_process(base, monkeypatch) -> int:
    monkeypatch.setenv("DAGMAKER_OPT_ML", str(base))
    return xgboost_algorithm.main(["train"])


def test_bad_hyperparameter_fails_the_process_with_a_client_error(job):
    base = job(
        {"num_round": "10", "max_depth": "deep"}, {"train": ("text/csv", {"train.csv": TRAIN})}
    )

    result = run_algorithm(base)

    assert result.returncode == 1
    assert failure(base) == "ClientError: Hyperparameter max_depth: expected an integer, got 'deep'"
    assert not (base / "model" / "xgboost-model").exists()
    assert "ClientError: Hyperparameter max_depth" in result.stdout


def test_non_numeric_cell_names_file_line_and_column(job):
    lines = TRAIN.splitlines(keepends=True)
    cells = lines[4].split(",")
    cells[2] = "abc"
    lines[4] = ",".join(cells)
    base = job({"num_round": "5"}, {"train": ("text/csv", {"train.csv": "".join(lines)})})

    result = run_algorithm(base)

    assert result.returncode == 1
    assert failure(base) == (
        "ClientError: Invalid data in channel 'train': file 'train.csv', line 5: column 3: 'abc' "
        "is not a number. The built-in XGBoost algorithm expects numeric CSV without a header row, "
        "label in the first column."
    )


@pytest.mark.parametrize(
    ("hyperparameters", "expected"),
    [
        ({"max_depth": "3"}, "Hyperparameter num_round: missing required hyperparameter"),
        ({"num_round": "5", "colour": "red"}, "Hyperparameter colour: not a hyperparameter"),
        ({"num_round": "5", "eta": "1.5"}, "Hyperparameter eta: 1.5 is not in [0, 1]"),
        ({"num_round": "5", "objective": "multi:softmax"}, "Hyperparameter num_class: required"),
        ({"num_round": "5", "eval_metric": "rmse,wrong"}, "unknown metric 'wrong'"),
        ({"num_round": "5", "tree_method": "gpu_hist"}, "needs a GPU"),
    ],
)
def test_hyperparameter_problems_become_client_errors(job, monkeypatch, hyperparameters, expected):
    base = job(hyperparameters, {"train": ("text/csv", {"train.csv": TRAIN})})

    assert run_in_process(base, monkeypatch) == 1
    assert failure(base).startswith("ClientError: ")
    assert expected in failure(base)


@pytest.mark.parametrize(
    ("channels", "expected"),
    [
        (
            {"train": ("text/csv", {"train.csv": "", ".hidden.csv": TRAIN})},
            "No data in train channel path",
        ),
        (
            {"train": ("text/csv", {"train.csv": TRAIN}), "validation": ("text/csv", {})},
            "No data in validation channel path",
        ),
        (
            {"train": ("text/csv", {"train.csv": "Rings,Length\n10,0.5\n"})},
            "file 'train.csv', line 1: label 'Rings' is not a number",
        ),
        (
            {"train": ("text/csv", {"a.csv": "1,2,3\n", "b/c.csv": "1,2,3\n,4,5\n"})},
            "file 'b/c.csv', line 2: the label (first column) is missing",
        ),
        (
            {"train": ("text/csv", {"a.csv": "1,2,3\n", "b.csv": "1,2\n"})},
            "file 'b.csv', line 1: 2 columns, but file 'a.csv', line 1 has 3",
        ),
        (
            {"train": ("text/libsvm", {"t.libsvm": "1 1:0.5 2:x\n"})},
            "file 't.libsvm', line 1: in '2:x', the value 'x' is not a number. LibSVM lines are",
        ),
        (
            {"train": ("text/csv", {"train.csv": TRAIN}), "test": ("text/csv", {"t.csv": TRAIN})},
            "Extraneous channel found: test",
        ),
        ({"validation": ("text/csv", {"v.csv": VALIDATION})}, "Missing required channel: train"),
        (
            {"train": ("application/x-parquet", {"t.parquet": "x"})},
            "ContentType 'application/x-parquet' is not supported",
        ),
        ({"train": ("text/csv;label_size=2", {"t.csv": TRAIN})}, "label_size parameter must be 1"),
        (
            {
                "train": ("text/csv", {"t.csv": TRAIN}),
                "validation": ("text/csv", {"v.csv": "1,2\n"}),
            },
            "validation data has 1 feature columns but the train data has 8",
        ),
    ],
)
def test_data_problems_name_the_channel_file_and_line(job, monkeypatch, channels, expected):
    base = job({"num_round": "5"}, channels)

    assert run_in_process(base, monkeypatch) == 1
    assert failure(base).startswith("ClientError: ")
    assert expected in failure(base)


def test_labels_xgboost_rejects_are_client_errors(job, monkeypatch):
    base = job(
        {"num_round": "5", "objective": "binary:logistic"},
        {"train": ("text/csv", {"train.csv": "2,0.1\n0,0.2\n1,0.3\n"})},
    )

    assert run_in_process(base, monkeypatch) == 1
    assert failure(base).startswith("ClientError: XGBoost rejected the training job: ")
    assert "label must be in" in failure(base)


def test_unexpected_arguments_are_an_algorithm_error(job, monkeypatch):
    base = job({"num_round": "5"}, {"train": ("text/csv", {"train.csv": TRAIN})})
    monkeypatch.setenv("DAGMAKER_OPT_ML", str(base))

    assert xgboost_algorithm.main(["serve"]) == 2
    assert failure(base) == "AlgorithmError: expected the single argument 'train', got ['serve']"


def test_early_stopping_and_tuning_objective_metric(job, monkeypatch, capsys):
    base = job(
        {
            "num_round": "200",
            "eta": "0.5",
            "max_depth": "6",
            "early_stopping_rounds": "3",
            "eval_metric": "mae",
            "_tuning_objective_metric": "validation:rmse",
        },
        {
            "train": ("text/csv", {"train.csv": TRAIN}),
            "validation": ("text/csv", {"validation.csv": VALIDATION}),
        },
    )

    assert run_in_process(base, monkeypatch) == 0
    out = capsys.readouterr().out
    rounds = load_model(base).num_boosted_rounds()
    assert rounds < 200
    evaluation = [line for line in out.splitlines() if re.match(r"\[\d+\]#011", line)]
    assert len(evaluation) == rounds
    # The tuning objective is evaluated next to the requested metric and drives stopping:
    # training ends three rounds after the best validation RMSE.
    assert "#011validation-mae:" in evaluation[-1]
    rmse = metric_values(out, BUILTIN_XGBOOST_METRICS["validation:rmse"])
    assert len(rmse) == rounds
    assert rounds - 1 == int(np.argmin(rmse)) + 3
    assert "Stopped after round" in out


def test_a_second_host_trains_on_its_shard_and_saves_no_model(job, monkeypatch, capsys):
    base = job(
        {"num_round": "3"},
        {"train": ("text/csv", {"train.csv": TRAIN})},
        hosts=(["algo-1", "algo-2"], "algo-2"),
    )

    assert run_in_process(base, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "algo-2 trains on its own shard of the data only" in out
    assert "[2]#011train-rmse:" in out
    assert not (base / "model" / "xgboost-model").exists()


def test_weights_in_second_csv_column(job, monkeypatch):
    table = abalone_like(100, seed=9)
    weights = np.where(np.arange(100) % 2 == 0, 1.0, 0.0)
    weighted = np.column_stack([table[:, 0], weights, table[:, 1:]])
    base = job(
        {"num_round": "3", "csv_weights": "1"}, {"train": ("text/csv", {"t.csv": to_csv(weighted)})}
    )

    assert run_in_process(base, monkeypatch) == 0
    model = load_model(base)
    assert model.num_features() == 8
    config = json.loads(model.save_config())
    assert config["learner"]["objective"]["name"] == "reg:squarederror"


def test_unexpected_errors_are_algorithm_errors_in_one_paragraph(job, monkeypatch, capsys):
    base = job({"num_round": "2"}, {"train": ("text/csv", {"train.csv": TRAIN})})
    (base / "model").write_text("a file where the model directory should be")

    assert run_in_process(base, monkeypatch) == 2
    reason = failure(base)
    assert reason.startswith("AlgorithmError: FileExistsError: ")
    assert "\n" not in reason
    assert "Traceback" in capsys.readouterr().out
