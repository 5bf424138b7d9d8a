"""The analyzer's model-quality analysis (``analysis_type=MODEL_QUALITY``).

A baseline job reads a table that holds predictions and labels (CSV, or JSON Lines
objects) and writes ``statistics.json`` and suggested ``constraints.json``. A monitoring
run reads captured inferences already joined with their ground truth (JSON Lines records
carrying ``groundTruthData``; a schedule's run joins them before the job starts) and
writes ``statistics.json`` and ``constraint_violations.json``. The problem type and the
attributes come from the environment (``problem_type``, ``inference_attribute``,
``probability_attribute``, ``probability_threshold_attribute``,
``ground_truth_attribute``).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from dagmaker.quality.dq_analysis import load_json
from dagmaker.quality.model_quality_analysis import ModelQualitySettings, baseline, monitor
from dagmaker.quality.model_quality_json import dumps
from dagmaker.quality.model_quality_merge import read_json_lines
from dagmaker.quality.model_quality_problem import ModelQualityInputError
from dagmaker.quality.sources import dataset_files
from dagmaker.runners.builtin.model_monitor.config import AnalyzerConfig, CaptureFormat

JSON = Any


def model_quality(config: AnalyzerConfig) -> tuple[dict[str, str], int]:
    """The files of a baseline or a monitoring run, and how many violations it found.

    Raises:
        ModelQualityInputError: for settings or data the analysis cannot use.
    """
    settings = ModelQualitySettings.from_environment(config.environment or {})
    if config.baseline_constraints is None:
        header, rows = _table(config)
        statistics, constraints = baseline(settings, header, rows)
        return {"statistics.json": dumps(statistics), "constraints.json": dumps(constraints)}, 0
    merged = _merged_records(config.dataset_source)
    constraints = load_json(config.baseline_constraints, "baseline_constraints")
    evaluated = config.end_time.strftime("%Y-%m-%dT%H:%M:%S.000Z") if config.end_time else None
    statistics, violations = monitor(settings, merged, constraints, evaluated)
    report = violations or {"violations": []}
    files = {"statistics.json": dumps(statistics), "constraint_violations.json": dumps(report)}
    return files, len(report.get("violations") or [])


def _table(config: AnalyzerConfig) -> tuple[list[str], list[list[object]]]:
    if isinstance(config.dataset, CaptureFormat):
        raise ModelQualityInputError(
            "a model-quality baseline reads a dataset with predictions and labels, not "
            "captured traffic; give dataset_format csv or json",
            field="dataset_format",
        )
    files = dataset_files(config.dataset_source)
    if config.dataset.kind == "json":
        return _json_table(files)
    if config.dataset.kind != "csv":
        raise ModelQualityInputError(
            f"a model-quality baseline reads CSV or JSON Lines, not {config.dataset.kind}",
            field="dataset_format",
        )
    return _csv_table(files, config.dataset.header)


def _csv_table(files: list[Path], header: bool) -> tuple[list[str], list[list[object]]]:
    rows: list[list[object]] = []
    names: list[str] = []
    for path in files:
        with path.open(newline="", encoding="utf-8") as stream:
            lines: list[list[object]] = [list(row) for row in csv.reader(stream) if row]
        if header and lines:
            names = names or [str(name).strip() for name in lines[0]]
            lines = lines[1:]
        rows.extend(lines)
    if not names:
        width = max((len(row) for row in rows), default=0)
        names = [f"_c{i}" for i in range(width)]
    return names, rows


def _json_table(files: list[Path]) -> tuple[list[str], list[list[object]]]:
    records = [
        record
        for path in files
        for record in read_json_lines(path.read_text(encoding="utf-8"), path.name)
    ]
    names = list(records[0]) if records else []
    return names, [[record.get(name) for name in names] for record in records]


def _merged_records(source: Path) -> list[dict[str, JSON]]:
    files = sorted(p for p in source.rglob("*") if p.is_file() and p.suffix in (".jsonl", ".json"))
    records = [
        record
        for path in files
        for record in read_json_lines(path.read_text(encoding="utf-8"), path.name)
    ]
    if not records:
        raise ModelQualityInputError(
            f"no merged records under {source}: a model-quality run needs captured "
            "inferences joined with their ground truth"
        )
    return records
