"""The training program of dagmaker's AutoML image: one candidate, or the ensemble.

Usage, inside a training job (``$DAGMAKER_OPT_ML``, default ``/opt/ml``)::

    python -m dagmaker.runners.builtin.automl.train

Hyperparameter ``automl_job`` picks the work:

- ``candidate`` (default): fit ``algorithm`` with its hyperparameters on the ``train``
  channel (the job's split: ``data.parquet`` and a ``schema`` channel; or, when a
  candidate is re-run on new data, raw CSV/Parquet with ``target``, ``problem_type`` and
  ``folds`` in the hyperparameters), validate it, save it.
- ``ensemble``: weigh the ``members`` (candidate names, comma-separated, whose jobs'
  ``<name>/output/{model,output}.tar.gz`` are in the ``candidates`` channel) by their
  validation scores, save the weighted model.

Each metric of the problem type is logged as ``validation:<metric>=<value>``. The model
goes to ``model/`` (see `model` and `serving`), the validation scores to
``output/data/predictions.npz``. Failures are written to ``output/failure``:
``ClientError: ...`` for the data's or settings' fault (exit 1), ``AlgorithmError: ...``
otherwise (exit 2).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from dagmaker.errors import JobFailure
from dagmaker.runners.builtin.automl import candidate, ensemble, serving, space, split, tabular
from dagmaker.runners.builtin.automl import model as models
from dagmaker.runners.builtin.automl.objectives import DEFAULT_OBJECTIVE, Objective, log_name
from dagmaker.runners.builtin.automl.schema import Schema
from dagmaker.runners.packaging import extract_archive

LOG = logging.getLogger("dagmaker.automl")
PREDICTIONS = "predictions.npz"
SPLIT_FILE = "data.parquet"


def base_dir() -> Path:
    """The job's ``/opt/ml`` (or the directory standing in for it)."""
    return Path(os.environ.get("DAGMAKER_OPT_ML", "/opt/ml"))


def run(base: Path) -> dict[str, float]:
    """Do the job's work; returns the metrics logged."""
    hyperparameters = _hyperparameters(base)
    data = _data(base, hyperparameters)
    seed = int(hyperparameters.get("seed", "0"))
    model: models.AnyModel
    if hyperparameters.get("automl_job", "candidate") == "ensemble":
        model, checked = _ensemble(base, data, hyperparameters)
    else:
        algorithm = hyperparameters.get("algorithm", "")
        params = space.parse_params(algorithm, hyperparameters)
        LOG.info("Candidate: %s %s", algorithm, json.dumps(params, sort_keys=True))
        model, checked = candidate.fit(data, algorithm, params, seed)
    _save(base, model, checked)
    LOG.info("Validated on %s rows", checked.measured_on)
    for name, value in checked.metrics.items():
        # Bare lines, so the metric definitions' regexes read them.
        sys.stdout.write(f"{log_name(name)}={value!r}\n")
    sys.stdout.flush()
    return checked.metrics


def _hyperparameters(base: Path) -> dict[str, str]:
    path = base / "input" / "config" / "hyperparameters.json"
    if not path.is_file():
        return {}
    return {str(k): str(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}


def _channel(base: Path, name: str) -> Path:
    return base / "input" / "data" / name


def _data(base: Path, hyperparameters: dict[str, str]) -> candidate.Data:
    schema_dir = _channel(base, "schema")
    if schema_dir.is_dir():
        schema = Schema.read(schema_dir)
        train = pd.read_parquet(_channel(base, "train") / SPLIT_FILE)
        held = _channel(base, "validation") / SPLIT_FILE
        return candidate.Data(schema, train, pd.read_parquet(held) if held.is_file() else None)
    return _raw_data(base, hyperparameters)


def _raw_data(base: Path, hyperparameters: dict[str, str]) -> candidate.Data:
    """The data of a re-run: raw rows, analysed and split here as the job's split was."""
    target = hyperparameters.get("target")
    if not target:
        raise JobFailure("a candidate trained on raw data needs the 'target' hyperparameter")
    config = _input_config(base)
    frames_by_channel: dict[str, pd.DataFrame] = {}
    for channel in ("train", "validation"):
        folder = _channel(base, channel)
        if tabular.data_files(folder):
            entry = config.get(channel) or {}
            frame = tabular.read_channel(
                folder, entry.get("ContentType"), entry.get("CompressionType"), target, channel
            )
            frames_by_channel[channel] = split.without_missing_targets(frame, target, channel)
    if "train" not in frames_by_channel:
        raise JobFailure("Missing required channel: train")
    settings = {
        "target": target,
        "problem_type": hyperparameters.get("problem_type") or None,
        "weight": hyperparameters.get("weight") or None,
        "mode": "ENSEMBLING" if int(hyperparameters.get("folds", "5")) > 1 else "",
        "seed": hyperparameters.get("seed", "0"),
    }
    schema, train, held = split.prepare(
        frames_by_channel["train"], frames_by_channel.get("validation"), settings
    )
    return candidate.Data(schema, train, held)


def _input_config(base: Path) -> dict[str, Any]:
    path = base / "input" / "config" / "inputdataconfig.json"
    loaded: dict[str, Any] = json.loads(path.read_text()) if path.is_file() else {}
    return loaded


def _ensemble(
    base: Path, data: candidate.Data, hyperparameters: dict[str, str]
) -> tuple[models.EnsembleModel, candidate.Validated]:
    names = [n for n in hyperparameters.get("members", "").split(",") if n]
    if len(names) < 2:
        raise JobFailure("an ensemble needs at least two members (hyperparameter 'members')")
    schema = data.schema
    objective = Objective(
        hyperparameters.get("objective") or DEFAULT_OBJECTIVE[schema.problem_type],
        schema.problem_type,
    )
    members, out_of_fold = _members(base, names)
    labels, _ = data.truth()
    weights = ensemble.select(schema, objective, labels, out_of_fold)
    LOG.info("Ensemble weights: %s", json.dumps(weights, sort_keys=True))
    chosen = {name: members[name] for name in weights}
    model = models.EnsembleModel(schema, chosen, weights)
    blended = ensemble.blend(weights, out_of_fold)
    return model, candidate.validate(data, model.scores, blended)


def _members(
    base: Path, names: list[str]
) -> tuple[dict[str, models.TabularModel], dict[str, np.ndarray]]:
    folder = _channel(base, "candidates")
    members: dict[str, models.TabularModel] = {}
    scores: dict[str, np.ndarray] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name in names:
            output = folder / name / "output"
            unpacked = Path(scratch) / name
            extract_archive(output / "model.tar.gz", unpacked / "model", f"model of {name}")
            extract_archive(output / "output.tar.gz", unpacked / "output", f"output of {name}")
            loaded = models.load(unpacked / "model")
            if not isinstance(loaded, models.TabularModel):
                raise JobFailure(f"ensemble member {name} is not a single candidate")
            members[name] = loaded
            with np.load(unpacked / "output" / PREDICTIONS) as saved:
                if "out_of_fold" not in saved:
                    raise JobFailure(
                        f"member {name} has no out-of-fold scores; ensembles need folds"
                    )
                scores[name] = saved["out_of_fold"]
    return members, scores


def _save(base: Path, model: models.AnyModel, checked: candidate.Validated) -> None:
    model_dir = base / "model"
    models.save(model, model_dir)
    serving.write_code(model_dir)
    output = base / "output" / "data"
    output.mkdir(parents=True, exist_ok=True)
    arrays = {
        key: value
        for key, value in (("out_of_fold", checked.out_of_fold), ("held_out", checked.held_out))
        if value is not None
    }
    partial = output / f".{PREDICTIONS}.partial.npz"
    np.savez(partial, **arrays)  # type: ignore[arg-type]
    partial.replace(output / PREDICTIONS)


def write_failure(base: Path, reason: str) -> None:
    """Write ``output/failure``, SageMaker's convention for a job's FailureReason."""
    path = base / "output" / "failure"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(" ".join(reason.split()), encoding="utf-8")


def main() -> int:
    """Entry point; returns the process exit code."""
    logging.basicConfig(
        stream=sys.stdout, level=logging.INFO, format="[%(asctime)s:%(levelname)s] %(message)s"
    )
    base = base_dir()
    # Candidates run side by side, one core each; OpenMP would otherwise take every core.
    threadpool_limits(1)
    try:
        run(base)
    except (JobFailure, ValueError) as error:
        message = error.message if isinstance(error, JobFailure) else str(error)
        LOG.error("ClientError: %s", message)
        write_failure(base, f"ClientError: {message}")
        return 1
    except Exception as error:  # anything else is the program's fault, not the data's
        LOG.error("Unexpected error:\n%s", traceback.format_exc())
        write_failure(base, f"AlgorithmError: {type(error).__name__}: {error}")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
