"""SageMaker's built-in XGBoost algorithm (1.x "algorithm mode"), run inside a training job.

Usage, inside the job's layout (``$DAGMAKER_OPT_ML``, default ``/opt/ml``)::

    python -m dagmaker.runners.builtin.xgboost_algorithm train

Reads ``input/config/{hyperparameters,inputdataconfig,resourceconfig}.json`` and the
``train`` (required) and ``validation`` (optional) channels under ``input/data/``, logs
one evaluation line per round, and writes the model to ``model/xgboost-model``.

The model is saved in XGBoost's JSON model format. SageMaker's 1.x containers wrote a
pickle (1.0) and later XGBoost's binary format, which current XGBoost can no longer
write; JSON is what every XGBoost since 1.0 loads with ``Booster.load_model``, whatever
the file is called, so the artifact stays usable by SageMaker's own containers too.

On failure the reason goes to ``output/failure`` (it becomes the job's FailureReason):
``ClientError: ...`` for problems with the job's data or hyperparameters, exit code 1;
``AlgorithmError: ...`` for anything unexpected, exit code 2.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import Any

import xgboost as xgb

from dagmaker.errors import JobFailure
from dagmaker.runners.builtin import xgboost_training
from dagmaker.runners.builtin.xgboost_data import ChannelData, read_channel
from dagmaker.runners.builtin.xgboost_hyperparameters import TrainingConfig, training_config

MODEL_NAME = "xgboost-model"
CHANNELS = ("train", "validation")
LOG = logging.getLogger("dagmaker.xgboost")


def base_dir() -> Path:
    """The job's ``/opt/ml`` (or the directory standing in for it)."""
    return Path(os.environ.get("DAGMAKER_OPT_ML", "/opt/ml"))


def _read_json(path: Path, default: Any) -> Any:
    if not path.exists():
        return default
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise JobFailure(
            f"{path.name} is not valid JSON ({error}); it is written by the training runner"
        ) from error


def _channels(base: Path) -> dict[str, dict[str, Any]]:
    """Channel name → its ``inputdataconfig.json`` entry, checked against what XGBoost reads."""
    declared = _read_json(base / "input" / "config" / "inputdataconfig.json", None)
    if declared is None:  # no config file: use the channel directories present
        declared = {name: {} for name in CHANNELS if (base / "input" / "data" / name).is_dir()}
    extra = sorted(set(declared) - set(CHANNELS))
    if extra:
        raise JobFailure(
            f"Extraneous channel found: {extra[0]}; the built-in XGBoost algorithm reads only "
            "'train' and 'validation'",
            field="InputDataConfig",
        )
    if "train" not in declared:
        raise JobFailure("Missing required channel: train", field="InputDataConfig")
    return dict(declared)


def _hosts(base: Path) -> tuple[list[str], str]:
    config = _read_json(base / "input" / "config" / "resourceconfig.json", {})
    hosts = sorted(config.get("hosts") or ["algo-1"])
    return hosts, str(config.get("current_host") or hosts[0])


def _load(base: Path, config: TrainingConfig) -> tuple[xgb.DMatrix, xgb.DMatrix | None]:
    data: dict[str, ChannelData] = {}
    for name, entry in _channels(base).items():
        data[name] = read_channel(
            name, base / "input" / "data" / name, entry.get("ContentType"), config.csv_weights
        )
    train, validation = data["train"], data.get("validation")
    width = max(d.num_columns for d in data.values())
    if validation is not None and not train.sparse and validation.num_columns != train.num_columns:
        raise JobFailure(
            f"The validation data has {validation.num_columns} feature columns but the train "
            f"data has {train.num_columns}; both channels need the same columns (label first)"
        )
    LOG.info("Train matrix has %d rows and %d columns", train.num_rows, width)
    if validation is not None:
        LOG.info("Validation matrix has %d rows", validation.num_rows)
    return train.dmatrix(width), validation.dmatrix(width) if validation is not None else None


def _save(booster: xgb.Booster, model_dir: Path) -> Path:
    model_dir.mkdir(parents=True, exist_ok=True)
    target = model_dir / MODEL_NAME
    partial = model_dir / f".{MODEL_NAME}.partial"
    partial.write_bytes(bytes(booster.save_raw(raw_format="json")))
    partial.replace(target)
    return target


def train(base: Path) -> None:
    """Train on the job's channels and save the model; raises JobFailure for user errors."""
    hyperparameters = _read_json(base / "input" / "config" / "hyperparameters.json", {})
    config = training_config(hyperparameters)
    for note in config.ignored:
        LOG.info("Hyperparameter %s", note)
    hosts, current = _hosts(base)
    if len(hosts) > 1:
        LOG.warning(
            "Distributed training over %d hosts is not supported by dagmaker's built-in XGBoost: "
            "%s trains on its own shard of the data only",
            len(hosts),
            current,
        )
    else:
        LOG.info("Single node training.")
    dtrain, dvalidation = _load(base, config)
    booster = xgboost_training.train(config, dtrain, dvalidation)
    if current != hosts[0]:
        LOG.info("Host %s is not the first host (%s); its model is not saved", current, hosts[0])
        return
    LOG.info("Stored trained model at %s", _save(booster, base / "model"))


def write_failure(base: Path, reason: str) -> None:
    """Write ``output/failure``, SageMaker's convention for a job's FailureReason.

    The reason is kept to one paragraph: line breaks (from a library's message) become
    spaces.
    """
    output = base / "output"
    output.mkdir(parents=True, exist_ok=True)
    paragraph = " ".join(line.strip() for line in reason.splitlines() if line.strip())
    (output / "failure").write_text(paragraph, encoding="utf-8")


def _configure_logging() -> None:
    # The container's log style: "[2024-05-01:12:00:00:INFO] message" on stdout, and
    # evaluation lines bare so the metric regexes see them as SageMaker's do.
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        logging.Formatter("[%(asctime)s:%(levelname)s] %(message)s", "%Y-%m-%d:%H:%M:%S")
    )
    LOG.handlers[:] = [handler]  # replace, so that running main twice does not double lines
    LOG.setLevel(logging.INFO)
    bare = logging.StreamHandler(sys.stdout)
    bare.setFormatter(logging.Formatter("%(message)s"))
    evaluation = xgboost_training.EVALUATION_LOG
    evaluation.handlers[:] = [bare]
    evaluation.propagate = False


def main(argv: list[str] | None = None) -> int:
    """Entry point: ``train`` runs the algorithm; returns the process exit code."""
    args = sys.argv[1:] if argv is None else argv
    _configure_logging()
    base = base_dir()
    if args != ["train"]:
        reason = f"AlgorithmError: expected the single argument 'train', got {args!r}"
        LOG.error(reason)
        write_failure(base, reason)
        return 2
    try:
        train(base)
    except JobFailure as error:
        reason = f"ClientError: {error.message}"
        LOG.error(reason)
        write_failure(base, reason)
        return 1
    except Exception as error:  # anything else is the algorithm's fault, not the user's
        LOG.error("Unexpected error:\n%s", traceback.format_exc())
        write_failure(base, f"AlgorithmError: {type(error).__name__}: {error}")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
