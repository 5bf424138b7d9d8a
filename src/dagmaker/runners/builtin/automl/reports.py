"""The AutoML job's last processing job: the best candidate's reports.

Usage, inside a processing job (``$DAGMAKER_OPT_ML``, default ``/opt/ml``)::

    python -m dagmaker.runners.builtin.automl.reports

Inputs under ``processing/input/``: ``candidate`` (the best candidate's
``model.tar.gz`` and ``output.tar.gz``), ``train``, ``validation`` (when rows were held
out) and ``schema`` (the job's split). ``$DAGMAKER_AUTOML_REPORTS`` (JSON) may set
``seed``. Writes ``processing/output/model_insights/statistics.json`` (model quality,
in Model Monitor's layout) and ``processing/output/explainability/analysis.json``
(Clarify's), with Clarify's ``report.html`` and ``report.ipynb`` beside it. See
`insights` for how each is computed.
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

from dagmaker.errors import DagmakerError, JobFailure
from dagmaker.quality import clarify_report, model_quality_json
from dagmaker.runners.builtin.automl import insights
from dagmaker.runners.builtin.automl import model as models
from dagmaker.runners.builtin.automl.candidate import Data
from dagmaker.runners.builtin.automl.schema import Schema
from dagmaker.runners.builtin.automl.split import write_message
from dagmaker.runners.builtin.automl.train import PREDICTIONS, SPLIT_FILE
from dagmaker.runners.packaging import extract_archive

LOG = logging.getLogger("dagmaker.automl")
CONFIG_VARIABLE = "DAGMAKER_AUTOML_REPORTS"
INPUT = "processing/input"
OUTPUT = "processing/output"
STATISTICS = "statistics.json"
ANALYSIS = "analysis.json"


def base_dir() -> Path:
    """The job's ``/opt/ml`` (or the directory standing in for it)."""
    return Path(os.environ.get("DAGMAKER_OPT_ML", "/opt/ml"))


def run(base: Path, settings: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Write both reports; returns (statistics, analysis)."""
    seed = int(settings.get("seed") or 0)
    data = _data(base)
    with tempfile.TemporaryDirectory() as scratch:
        model, scores = _candidate(base / INPUT / "candidate", Path(scratch))
    truth, on = _truth(data, scores)
    LOG.info("Model quality on %d %s rows", len(truth), on)
    found = insights.model_quality(data.schema, truth, scores[on])
    _write(base / OUTPUT / "model_insights" / STATISTICS, model_quality_json.dumps(found))
    explained = data.validation if data.validation is not None else data.train
    LOG.info("Explaining %d rows with kernel SHAP", min(len(explained), insights.EXPLAINED_ROWS))
    analysis = insights.explainability(model, explained, data.train, seed)
    folder = base / OUTPUT / "explainability"
    _write(folder / ANALYSIS, json.dumps(analysis, indent=2))
    for name, text in clarify_report.report_files(analysis, {}).items():
        _write(folder / name, text)
    return found, analysis


def _data(base: Path) -> Data:
    schema = Schema.read(base / INPUT / "schema")
    train = pd.read_parquet(base / INPUT / "train" / SPLIT_FILE)
    held = base / INPUT / "validation" / SPLIT_FILE
    return Data(schema, train, pd.read_parquet(held) if held.is_file() else None)


def _candidate(folder: Path, scratch: Path) -> tuple[models.AnyModel, dict[str, np.ndarray]]:
    extract_archive(folder / "model.tar.gz", scratch / "model", "the best candidate's model")
    extract_archive(folder / "output.tar.gz", scratch / "output", "the best candidate's scores")
    with np.load(scratch / "output" / PREDICTIONS) as saved:
        scores = {key: saved[key] for key in saved.files}
    return models.load(scratch / "model"), scores


def _truth(data: Data, scores: dict[str, np.ndarray]) -> tuple[np.ndarray, str]:
    labels, held = data.truth()
    if held is not None and "held_out" in scores:
        return held, "held_out"
    if "out_of_fold" in scores:
        return labels, "out_of_fold"
    raise JobFailure("the best candidate has no validation scores to report on")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def main() -> int:
    """Entry point; returns the process exit code."""
    logging.basicConfig(
        stream=sys.stdout, level=logging.INFO, format="[%(asctime)s:%(levelname)s] %(message)s"
    )
    base = base_dir()
    # Candidates run side by side, one core each; OpenMP would otherwise take every core.
    threadpool_limits(1)
    try:
        run(base, json.loads(os.environ.get(CONFIG_VARIABLE) or "{}"))
    except DagmakerError as error:
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
