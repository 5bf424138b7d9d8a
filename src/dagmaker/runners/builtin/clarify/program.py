"""What a processing job with SageMaker's Clarify image runs here.

Usage, inside the job's layout (``$DAGMAKER_OPT_ML``, default ``/opt/ml``)::

    python -m dagmaker.runners.builtin.clarify.program

Reads ``processing/input/config/analysis_config.json`` and the dataset files under
``processing/input/data`` (or those of ``dataset_uri``, staged by the runner), calls the
model the runner staged when the analysis needs predictions, and writes to
``processing/output``: ``analysis.json``; ``report.html`` and ``report.ipynb`` when
``methods.report`` is set; ``explanations_shap/out.csv`` (local SHAP values, one row per
record) when ``save_local_shap_values`` is true; and, when the environment names a
``baseline_constraints`` file (a baseline ``analysis.json``, as Model Monitor passes it),
``constraint_violations.json`` with the bias and feature-attribution drift found.

On failure the reason goes to ``output/message`` (the job's FailureReason):
``ClientError: ...`` for problems with the configuration, data or model (exit code 1),
``AlgorithmError: ...`` for anything unexpected (exit code 2).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import sys
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from dagmaker.errors import DagmakerError, JobFailure, UserCodeError
from dagmaker.quality import clarify_config, clarify_table
from dagmaker.quality.bias_drift import check_bias_drift
from dagmaker.quality.clarify_analysis import AnalysisResult, analyse
from dagmaker.quality.clarify_config import ClarifyConfig
from dagmaker.quality.clarify_report import report_files
from dagmaker.quality.clarify_table import DatasetError, Table
from dagmaker.quality.explain_drift import check_explainability_drift
from dagmaker.runners.builtin.clarify.model_client import ModelClient, load_model
from dagmaker.runners.builtin.clarify.model_config import CONFIG, ClarifyJobConfig

DATA = "processing/input/data"
OUTPUT = "processing/output"
FAILURE = "output/message"
LOG = logging.getLogger("dagmaker.clarify")


def base_dir() -> Path:
    """The job's ``/opt/ml`` (or the directory standing in for it)."""
    return Path(os.environ.get("DAGMAKER_OPT_ML", "/opt/ml"))


def run(base: Path, environ: Mapping[str, str]) -> AnalysisResult:
    """Run the analysis and write its files; returns the result.

    Raises:
        DagmakerError: for problems with the configuration, the data or the model.
    """
    config = _config(base)
    job = ClarifyJobConfig.read(base)
    table = read_dataset(base / (job.dataset_uri or DATA), config)
    LOG.info("Read %d records with columns %s", table.size, ", ".join(table.names))
    model = _model(base, config, job)
    baseline = _baseline(base / job.shap_baseline, config) if job.shap_baseline else None
    result = analyse(config, table, model, baseline)
    if model is not None:
        LOG.info("Called the model in %d request(s)", model.requests)
    output = base / OUTPUT
    write_text(output / "analysis.json", json.dumps(result.document, indent=4))
    if "report" in config.methods:
        for name, content in report_files(result.document, config.methods["report"] or {}).items():
            write_text(output / name, content)
    if (config.methods.get("shap") or {}).get("save_local_shap_values"):
        write_text(output / "explanations_shap" / "out.csv", _local_values(result, table, config))
    baseline_file = environ.get("baseline_constraints")
    if baseline_file:
        _check_drift(result.document, Path(baseline_file), output)
    return result


def _config(base: Path) -> ClarifyConfig:
    path = base / CONFIG
    if not path.is_file():
        raise JobFailure(
            "the analysis configuration is missing: give a processing input named "
            "analysis_config at /opt/ml/processing/input/config holding analysis_config.json"
        )
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise JobFailure(f"analysis_config.json is not JSON: {error}") from None
    if not isinstance(document, dict):
        raise JobFailure("analysis_config.json must hold a JSON object")
    return clarify_config.parse(document)


def read_dataset(folder: Path, config: ClarifyConfig) -> Table:
    """Every dataset file under ``folder`` (in name order), as one table.

    Raises:
        DatasetError: for no files, unreadable files, or files with different columns.
    """
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    if not files:
        raise DatasetError(
            "the dataset is missing: give a processing input named dataset at "
            "/opt/ml/processing/input/data (or dataset_uri in the configuration)"
        )
    tables = [_read_file(path, folder, config) for path in files]
    first = tables[0]
    for path, table in zip(files[1:], tables[1:], strict=True):
        if table.names != first.names:
            raise DatasetError(
                f"{path.relative_to(folder)} has columns {', '.join(table.names)} but "
                f"{files[0].relative_to(folder)} has {', '.join(first.names)}"
            )
    if len(tables) == 1:
        return first
    return Table({name: [v for t in tables for v in t.columns[name]] for name in first.names})


def _read_file(path: Path, folder: Path, config: ClarifyConfig) -> Table:
    name = str(path.relative_to(folder))
    if config.dataset_type == "application/x-parquet":
        return _parquet(path, name, config)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DatasetError(
            f"the dataset file {name} is not UTF-8 text (byte {error.start}); Clarify reads "
            f"{config.dataset_type} as UTF-8"
        ) from None
    return clarify_table.read(text, config, name)


def _parquet(path: Path, name: str, config: ClarifyConfig) -> Table:
    try:
        import pyarrow.parquet as parquet  # optional: only Parquet datasets need it
    except ImportError:
        raise DatasetError(
            "reading application/x-parquet needs pyarrow: pip install pyarrow"
        ) from None
    columns = parquet.read_table(path).to_pydict()
    names = list(config.headers) or list(columns)
    rows = list(zip(*columns.values(), strict=True))
    return clarify_table.from_rows(names, rows, name)


def _model(base: Path, config: ClarifyConfig, job: ClarifyJobConfig) -> ModelClient | None:
    predictor = config.predictor
    if not config.needs_predictions or predictor is None:
        return None
    if not predictor.model_name:
        raise JobFailure(
            f"predictor.endpoint_name {predictor.endpoint_name!r}: Clarify jobs here call a "
            "model, not an endpoint; give predictor.model_name (the endpoint's model)"
        )
    LOG.info("Loading model %s", predictor.model_name)
    return load_model(base, job, predictor)


def _baseline(folder: Path, config: ClarifyConfig) -> np.ndarray:
    """Baseline rows staged from an S3 URI: CSV rows of features (or JSON Lines records)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    rows: list[list[Any]] = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        if config.dataset_type == "application/jsonlines":
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
            rows += [r[config.features or "features"] for r in records]
        else:
            rows += [row for row in csv.reader(io.StringIO(text)) if row]
    try:
        return np.asarray(rows, dtype=float)
    except ValueError:
        raise DatasetError(
            "the shap baseline file must hold rows of numeric feature values (no header)"
        ) from None


def _local_values(result: AnalysisResult, table: Table, config: ClarifyConfig) -> str:
    single = len(result.explanations) == 1
    header: list[str] = []
    columns: list[np.ndarray] = []
    if config.joinsource is not None:
        join = table.name_of(config.joinsource, "joinsource_name_or_index")
        header.append(join)
        columns.append(np.asarray([str(v) for v in table.columns[join]], dtype=object))
    for explanation in result.explanations:
        for i, feature in enumerate(result.feature_names):
            header.append(feature if single else f"{explanation.label}_{feature}")
            columns.append(explanation.local_values[:, i])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(zip(*columns, strict=True))
    return buffer.getvalue()


def _check_drift(current: dict[str, Any], path: Path, output: Path) -> None:
    try:
        baseline = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise JobFailure(f"the baseline constraints {path} cannot be read: {error}") from None
    violations = check_bias_drift(current, baseline)["violations"]
    violations += check_explainability_drift(current, baseline)["violations"]
    document = {"version": "1.0", "violations": violations}
    write_text(output / "constraint_violations.json", json.dumps(document, indent=4))
    LOG.info("Checked against the baseline: %d violation(s)", len(violations))


def write_text(path: Path, text: str) -> None:
    """Write ``text`` atomically (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def write_failure(base: Path, reason: str) -> None:
    """Write ``output/message``, which becomes the job's FailureReason."""
    write_text(base / FAILURE, " ".join(line.strip() for line in reason.splitlines()).strip())


def main() -> int:
    """Entry point; returns the process exit code."""
    logging.basicConfig(
        stream=sys.stdout, level=logging.INFO, format="[%(asctime)s:%(levelname)s] %(message)s"
    )
    base = base_dir()
    try:
        run(base, os.environ)
    except UserCodeError as error:
        LOG.error("%s\n%s", error.message, error.log_tail)
        write_failure(base, f"ClientError: {error.message}")
        return 1
    except DagmakerError as error:
        LOG.error("%s", error.details())
        write_failure(base, f"ClientError: {error.message.removeprefix('ClientError: ')}")
        return 1
    except Exception as error:  # a fault of dagmaker's program, not of the user's input
        LOG.error("Unexpected error:\n%s", traceback.format_exc())
        write_failure(base, f"AlgorithmError: {type(error).__name__}: {error}")
        return 2
    LOG.info("Analysis written to %s", base / OUTPUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
