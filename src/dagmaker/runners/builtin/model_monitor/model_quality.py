"""The analyzer's model-quality analysis (``analysis_type=MODEL_QUALITY``).

Two kinds of input, told apart by ``dataset_format``:

- a dataset holding predictions and labels (CSV, JSON Lines, Parquet): its metrics
  (``statistics.json``), the constraints they suggest, and — given
  ``baseline_constraints`` — its violations. A baselining job and a QualityCheck step
  run this;
- captured inferences already joined with their ground truth
  (``sagemakerCaptureJson``: JSON Lines records carrying ``groundTruthData``, joined by a
  monitoring schedule's run before the job starts): their metrics and violations.

The problem type and the attributes come from the environment (``problem_type``,
``inference_attribute``, ``probability_attribute``, ``probability_threshold_attribute``,
``ground_truth_attribute``); for joined records the attributes locate values in the
captured response.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dagmaker.quality import jackson
from dagmaker.quality.dq_analysis import (
    CONSTRAINTS_FILE,
    STATISTICS_FILE,
    VIOLATIONS_FILE,
    load_json,
    open_dataset,
)
from dagmaker.quality.model_quality_analysis import ModelQualitySettings, baseline, monitor
from dagmaker.quality.model_quality_constraints import check
from dagmaker.quality.model_quality_json import dumps
from dagmaker.quality.model_quality_merge import read_json_lines
from dagmaker.quality.model_quality_problem import ModelQualityInputError
from dagmaker.runners.builtin.model_monitor.config import AnalyzerConfig, CaptureFormat
from dagmaker.runners.check_inputs import SUGGEST_CONSTRAINTS

JSON = Any


def model_quality_files(config: AnalyzerConfig) -> tuple[dict[str, str], int]:
    """The run's files (name → text) and how many violations it found.

    Raises:
        ModelQualityInputError: for settings or data the analysis cannot use.
    """
    settings = ModelQualitySettings.from_environment(config.environment or {})
    if isinstance(config.dataset, CaptureFormat):
        return _joined_records(config, settings)
    header, rows = _table(config)
    statistics, suggested = baseline(settings, header, rows)
    files = {STATISTICS_FILE: jackson.dumps(statistics)}
    environment = config.environment or {}
    # A QualityCheck step asks for suggested constraints beside the check of its baseline.
    if config.baseline_constraints is None or environment.get(SUGGEST_CONSTRAINTS) == "Enabled":
        files[CONSTRAINTS_FILE] = jackson.dumps(suggested)
    if config.baseline_constraints is None:
        return files, 0
    report = check(statistics, load_json(config.baseline_constraints, "baseline_constraints"))
    files[VIOLATIONS_FILE] = jackson.dumps(report)
    return files, len(report["violations"])


def _joined_records(
    config: AnalyzerConfig, settings: ModelQualitySettings
) -> tuple[dict[str, str], int]:
    if config.baseline_constraints is None:
        raise ModelQualityInputError(
            "a model-quality baseline reads a dataset with predictions and labels, not "
            "captured traffic; give dataset_format csv, json or parquet",
            field="dataset_format",
        )
    merged = _merged_records(config.dataset_source)
    constraints = load_json(config.baseline_constraints, "baseline_constraints")
    evaluated = config.end_time.strftime("%Y-%m-%dT%H:%M:%S.000Z") if config.end_time else None
    statistics, violations = monitor(settings, merged, constraints, evaluated)
    report = violations or {"violations": []}
    files = {STATISTICS_FILE: dumps(statistics), VIOLATIONS_FILE: dumps(report)}
    return files, len(report.get("violations") or [])


def _table(config: AnalyzerConfig) -> tuple[list[str], list[list[object]]]:
    assert not isinstance(config.dataset, CaptureFormat)
    source = open_dataset(config.dataset_source, config.dataset)
    header: list[str] = []
    rows: list[list[object]] = []
    for batch in source.batches():
        header = header or list(batch.names)
        columns = [array.to_pylist() for array in batch.arrays]
        rows.extend(list(row) for row in zip(*columns, strict=True))
    return header, rows


def _merged_records(source: Path) -> list[dict[str, JSON]]:
    files = sorted(p for p in source.rglob("*") if p.is_file() and p.suffix in (".jsonl", ".json"))
    records = [
        record
        for path in files
        for record in read_json_lines(path.read_text(encoding="utf-8"), path.name)
    ]
    if not records:
        raise ModelQualityInputError(
            f"no joined records under {source}: a model-quality run over captured data "
            "needs the captured inferences joined with their ground truth"
        )
    return records
