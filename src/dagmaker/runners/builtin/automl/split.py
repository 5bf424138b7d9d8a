"""The AutoML job's first processing job: analyse the data and split it.

Usage, inside a processing job (``$DAGMAKER_OPT_ML``, default ``/opt/ml``)::

    python -m dagmaker.runners.builtin.automl.split

Reads the job's settings from ``$DAGMAKER_AUTOML_SPLIT`` (JSON: ``target``,
``problem_type``, ``weight``, ``mode``, ``validation_fraction``, ``seed``, and per
channel ``content_type``/``compression``), the ``training`` (and ``validation``) data
and an optional feature specification under ``processing/input/``. Writes
``processing/output/train/data.parquet`` (with each row's cross-validation fold in
ENSEMBLING mode), ``processing/output/validation/data.parquet`` when rows are held out,
and ``processing/output/schema/schema.json``.

Rows are held out when a validation channel is given, when ``validation_fraction`` is
set, and always in HYPERPARAMETER_TUNING mode (0.2 by default); ENSEMBLING mode
otherwise validates every candidate out of fold on all rows.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import Any

import pandas as pd

from dagmaker.errors import JobFailure
from dagmaker.runners.builtin.automl import frames, splitting, tabular
from dagmaker.runners.builtin.automl import schema as schemas

LOG = logging.getLogger("dagmaker.automl")
CONFIG_VARIABLE = "DAGMAKER_AUTOML_SPLIT"
INPUT = "processing/input"
OUTPUT = "processing/output"
ENSEMBLING = "ENSEMBLING"
DEFAULT_VALIDATION_FRACTION = 0.2


def base_dir() -> Path:
    """The job's ``/opt/ml`` (or the directory standing in for it)."""
    return Path(os.environ.get("DAGMAKER_OPT_ML", "/opt/ml"))


def run(base: Path, settings: dict[str, Any]) -> schemas.Schema:
    """Analyse and split; returns the schema written."""
    target = str(settings["target"])
    training = _read(base, settings, "training", target)
    validation = _read(base, settings, "validation", target) if _has(base, "validation") else None
    schema, train, held = prepare(training, validation, settings, _feature_spec(base))
    _write(base, schema, train, held)
    _log_summary(schema)
    return schema


def prepare(
    training: pd.DataFrame,
    validation: pd.DataFrame | None,
    settings: dict[str, Any],
    feature_spec: dict[str, Any] | None = None,
) -> tuple[schemas.Schema, pd.DataFrame, pd.DataFrame | None]:
    """The schema, the training rows (with their folds) and the held-out rows.

    Raises:
        JobFailure: for data that cannot be learned from (see `schema`, `splitting`).
    """
    target = str(settings["target"])
    both = training if validation is None else pd.concat([training, validation], ignore_index=True)
    schema = schemas.infer(
        both, target, settings.get("problem_type"), feature_spec, settings.get("weight")
    )
    train, held = _split(training, validation, schema, settings)
    return schema, train, held


def _has(base: Path, channel: str) -> bool:
    return bool(tabular.data_files(base / INPUT / channel))


def _read(base: Path, settings: dict[str, Any], channel: str, target: str) -> pd.DataFrame:
    options = (settings.get("channels") or {}).get(channel) or {}
    frame = tabular.read_channel(
        base / INPUT / channel,
        options.get("content_type"),
        options.get("compression"),
        target,
        channel,
    )
    return without_missing_targets(frame, target, channel)


def without_missing_targets(frame: pd.DataFrame, target: str, channel: str) -> pd.DataFrame:
    """``frame`` without the rows whose target is missing (logged)."""
    if target in frame.columns:
        missing = int(frame[target].isna().sum())
        if missing:
            LOG.info("Dropped %d %s rows without a target", missing, channel)
            frame = frame[frame[target].notna()].reset_index(drop=True)
    return frame


def _feature_spec(base: Path) -> dict[str, Any] | None:
    files = tabular.data_files(base / INPUT / "features")
    if not files:
        return None
    try:
        spec = json.loads(files[0].read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise JobFailure(
            f"the feature specification {files[0].name} is not JSON: {error}"
        ) from None
    if not isinstance(spec, dict):
        raise JobFailure("the feature specification must be a JSON object")
    return spec


def _split(
    training: pd.DataFrame,
    validation: pd.DataFrame | None,
    schema: schemas.Schema,
    settings: dict[str, Any],
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    seed = int(settings.get("seed") or 0)
    labels = frames.target(training, schema)
    splitting.check_rows(labels, schema.is_classification)
    fraction = settings.get("validation_fraction")
    ensembling = settings.get("mode") == ENSEMBLING
    if validation is None and (fraction or not ensembling):
        kept, held_rows = splitting.holdout(
            labels, float(fraction or DEFAULT_VALIDATION_FRACTION), schema.is_classification, seed
        )
        validation = training.iloc[held_rows].reset_index(drop=True)
        training = training.iloc[kept].reset_index(drop=True)
        labels = labels[kept]
        splitting.check_rows(labels, schema.is_classification)
    training = training.copy()
    schema.folds = splitting.fold_count(labels, schema.is_classification) if ensembling else 1
    training[frames.FOLD_COLUMN] = (
        splitting.assign_folds(labels, schema.folds, schema.is_classification, seed)
        if schema.folds > 1
        else 0
    )
    schema.validation_rows = 0 if validation is None else len(validation)
    schema.rows = len(training)
    return training, validation


def _write(
    base: Path, schema: schemas.Schema, train: pd.DataFrame, held: pd.DataFrame | None
) -> None:
    tabular.write_parquet(train, base / OUTPUT / "train" / "data.parquet")
    if held is not None:
        frames.target(held, schema)  # every held-out class must be known
        tabular.write_parquet(held, base / OUTPUT / "validation" / "data.parquet")
    schema.write(base / OUTPUT / "schema")


def _log_summary(schema: schemas.Schema) -> None:
    LOG.info("Problem type: %s (target %r)", schema.problem_type, schema.target)
    if schema.labels:
        LOG.info("Classes: %s", ", ".join(schema.labels[:20]))
    LOG.info(
        "Features: %s",
        ", ".join(f"{f.name} ({f.kind})" for f in schema.features),
    )
    for column, reason in schema.dropped.items():
        LOG.info("Not a feature: %s (%s)", column, reason)
    LOG.info(
        "Training rows: %d in %d fold(s); held-out validation rows: %d",
        schema.rows,
        schema.folds,
        schema.validation_rows,
    )


def write_message(base: Path, reason: str) -> None:
    """Write ``output/message``, a processing job's failure reason."""
    path = base / "output" / "message"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(reason, encoding="utf-8")


def main() -> int:
    """Entry point; returns the process exit code."""
    logging.basicConfig(
        stream=sys.stdout, level=logging.INFO, format="[%(asctime)s:%(levelname)s] %(message)s"
    )
    base = base_dir()
    try:
        settings = json.loads(os.environ.get(CONFIG_VARIABLE) or "{}")
        if not settings.get("target"):
            raise JobFailure(f"${CONFIG_VARIABLE} names no target column")
        run(base, settings)
    except JobFailure as error:
        LOG.error("ClientError: %s", error.message)
        write_message(base, f"ClientError: {error.message}")
        return 1
    except Exception as error:  # anything else is the program's fault, not the data's
        LOG.error("Unexpected error:\n%s", traceback.format_exc())
        write_message(base, f"AlgorithmError: {type(error).__name__}: {error}")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
