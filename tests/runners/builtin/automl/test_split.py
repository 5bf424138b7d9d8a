"""The data split program: problem type, features, held-out rows and folds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dagmaker.errors import JobFailure
from dagmaker.runners.builtin.automl import schema as schemas
from dagmaker.runners.builtin.automl import split, tabular
from dagmaker.runners.builtin.automl.frames import FOLD_COLUMN

RNG = np.random.default_rng(3)


def _frame(rows: int = 60, target: object = None) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "age": RNG.integers(18, 80, rows),
            "income": RNG.normal(50, 10, rows).round(2),
            "city": RNG.choice(["paris", "rome", "oslo"], rows),
            "id": [f"row-{i}" for i in range(rows)],
            "constant": 1,
        }
    )
    frame["label"] = target if target is not None else RNG.choice(["no", "yes"], rows)
    return frame


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["no", "yes"], "BinaryClassification"),
        (["0", "1"], "BinaryClassification"),
        (["a", "b", "c"], "MulticlassClassification"),
        (["1", "2", "3", "4"], "MulticlassClassification"),
        ([str(i) for i in range(40)], "Regression"),
        (["0.5", "1.25", "3.0"], "Regression"),
    ],
)
def test_problem_type_inference(values: list[str], expected: str) -> None:
    assert schemas.infer_problem_type(pd.Series(values * 3)) == expected


def test_features_kinds_and_dropped_columns() -> None:
    schema = schemas.infer(_frame(), "label")
    assert [(f.name, f.kind) for f in schema.features] == [
        ("age", "numeric"),
        ("income", "numeric"),
        ("city", "categorical"),
    ]
    assert schema.dropped == {
        "id": "a different value on every row (an identifier)",
        "constant": "a single value",
    }
    assert (schema.labels, schema.positive_label) == (["no", "yes"], "yes")
    assert schema.input_columns == ["age", "income", "city", "id", "constant"]


def test_a_feature_specification_chooses_features_and_kinds() -> None:
    spec = {"FeatureAttributeNames": ["age", "city"], "FeatureDataTypes": {"age": "categorical"}}
    schema = schemas.infer(_frame(), "label", feature_spec=spec)
    assert [(f.name, f.kind) for f in schema.features] == [
        ("age", "categorical"),
        ("city", "categorical"),
    ]
    assert schema.dropped["income"] == "not in FeatureAttributeNames"


def test_labels_in_numeric_order_and_the_positive_class() -> None:
    assert schemas.ordered_labels(["10", "9", "1"]) == ["1", "9", "10"]
    assert schemas.positive_label(["False", "True"]) == "True"
    assert schemas.positive_label(["cat", "dog"]) == "dog"


@pytest.mark.parametrize(
    ("frame", "target", "problem", "message"),
    [
        (_frame(), "price", None, "TargetAttributeName 'price' is not a column of the data"),
        (_frame(target="same"), "label", None, "1 distinct value"),
        (_frame(), "label", "MulticlassClassification", "at least 3 classes"),
        (
            _frame(target=RNG.choice(["a", "b", "c"], 60)),
            "label",
            "BinaryClassification",
            "2 classes",
        ),
    ],
)
def test_unusable_data_is_refused(
    frame: pd.DataFrame, target: str, problem: str | None, message: str
) -> None:
    with pytest.raises(JobFailure, match=message):
        schemas.infer(frame, target, problem)


def _job(base: Path, frame: pd.DataFrame, name: str = "train.csv") -> Path:
    folder = base / split.INPUT / "training"
    folder.mkdir(parents=True)
    frame.to_csv(folder / name, index=False)
    return base


def test_ensembling_assigns_stratified_folds_to_every_row(tmp_path: Path) -> None:
    base = _job(tmp_path, _frame(100))
    schema = split.run(base, {"target": "label", "mode": "ENSEMBLING", "seed": 1})
    train = pd.read_parquet(base / split.OUTPUT / "train" / "data.parquet")
    assert (schema.folds, schema.validation_rows, len(train)) == (5, 0, 100)
    assert sorted(train[FOLD_COLUMN].unique()) == [0, 1, 2, 3, 4]
    written = json.loads((base / split.OUTPUT / "schema" / "schema.json").read_text())
    assert written["problem_type"] == "BinaryClassification"
    assert train["label"].tolist()[:3] == _frame_labels(base)[:3]


def _frame_labels(base: Path) -> list[str]:
    original = pd.read_csv(base / split.INPUT / "training" / "train.csv", dtype={"label": str})
    return original["label"].tolist()


def test_tuning_holds_out_a_fifth(tmp_path: Path) -> None:
    base = _job(tmp_path, _frame(100))
    schema = split.run(base, {"target": "label", "mode": "HYPERPARAMETER_TUNING", "seed": 1})
    held = pd.read_parquet(base / split.OUTPUT / "validation" / "data.parquet")
    assert (schema.folds, schema.validation_rows, len(held), schema.rows) == (1, 20, 20, 80)


def test_rows_without_a_target_are_dropped_and_gzip_and_parquet_are_read(tmp_path: Path) -> None:
    frame = _frame(50)
    frame.loc[[3, 7], "label"] = None
    folder = tmp_path / "in"
    folder.mkdir()
    tabular.write_parquet(frame.iloc[:25], folder / "a.parquet")
    frame.iloc[25:].to_csv(folder / "b.csv.gz", index=False, compression="gzip")
    first = tabular.read_channel(folder, None, None, "label", "training")
    assert len(first) == 50
    assert split.without_missing_targets(first, "label", "training")["label"].notna().all()
    assert len(split.without_missing_targets(first, "label", "training")) == 48


def test_files_must_share_their_columns(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _frame(20).to_csv(folder / "a.csv", index=False)
    _frame(20).drop(columns=["city"]).to_csv(folder / "b.csv", index=False)
    with pytest.raises(JobFailure, match="every file needs the same header"):
        tabular.read_channel(folder, "text/csv", None, "label", "training")


def test_the_program_reports_a_client_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = _job(tmp_path, _frame(5))
    monkeypatch.setenv("DAGMAKER_OPT_ML", str(base))
    monkeypatch.setenv(split.CONFIG_VARIABLE, json.dumps({"target": "label", "mode": "ENSEMBLING"}))
    assert split.main() == 1
    message = (base / "output" / "message").read_text()
    assert message.startswith("ClientError: the data has 5 rows with a target")
