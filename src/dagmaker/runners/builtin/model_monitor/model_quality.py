"""Model quality in the analyzer, for a dataset that holds predictions and labels.

This is what a model-quality baselining job (``ModelQualityMonitor.suggest_baseline``)
and a ``MODEL_QUALITY`` QualityCheck step run: the metrics of the table (statistics),
the constraints they suggest, and — given ``baseline_constraints`` — the violations of
those constraints. Captured inferences need their ground truth merged in first, which is
a monitoring schedule's job, not this one's.
"""

from __future__ import annotations

from typing import Any

from dagmaker.errors import JobFailure
from dagmaker.quality import jackson
from dagmaker.quality.dq_analysis import (
    CONSTRAINTS_FILE,
    STATISTICS_FILE,
    VIOLATIONS_FILE,
    load_json,
    open_dataset,
)
from dagmaker.quality.model_quality_analysis import ModelQualitySettings, baseline
from dagmaker.quality.model_quality_constraints import check
from dagmaker.quality.sources import DataSource
from dagmaker.runners.builtin.model_monitor.config import AnalyzerConfig, CaptureFormat
from dagmaker.runners.check_inputs import SUGGEST_CONSTRAINTS


def model_quality_files(config: AnalyzerConfig) -> tuple[dict[str, str], int]:
    """Statistics and suggested constraints of the table; violations against a baseline.

    Returns:
        File name → text, and the number of violations.

    Raises:
        JobFailure: for captured data (it needs the ground truth merge of a schedule).
    """
    if isinstance(config.dataset, CaptureFormat):
        raise JobFailure(
            "ClientError: a MODEL_QUALITY analysis here reads a dataset that holds the "
            "predictions and the labels (dataset_format csv, json or parquet); captured "
            "inferences need their ground truth merged by a monitoring schedule",
            field="dataset_format",
        )
    settings = ModelQualitySettings.from_environment(config.environment or {})
    header, rows = _table(open_dataset(config.dataset_source, config.dataset))
    found, suggested = baseline(settings, header, rows)
    files = {STATISTICS_FILE: jackson.dumps(found)}
    environment = config.environment or {}
    if config.baseline_constraints is None or environment.get(SUGGEST_CONSTRAINTS) == "Enabled":
        files[CONSTRAINTS_FILE] = jackson.dumps(suggested)
    if config.baseline_constraints is None:
        return files, 0
    report = check(found, load_json(config.baseline_constraints, "baseline_constraints"))
    files[VIOLATIONS_FILE] = jackson.dumps(report)
    return files, len(report["violations"])


def _table(source: DataSource) -> tuple[list[str], list[list[Any]]]:
    """The column names and the rows of a dataset."""
    header: list[str] = []
    rows: list[list[Any]] = []
    for batch in source.batches():
        header = header or list(batch.names)
        columns = [array.to_pylist() for array in batch.arrays]
        rows.extend([list(row) for row in zip(*columns, strict=True)])
    return header, rows
