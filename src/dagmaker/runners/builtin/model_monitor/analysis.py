"""What the analyzer computes, per ``analysis_type``.

``DATA_QUALITY`` (the default): a baseline run profiles the dataset and suggests
constraints; a monitoring run (``baseline_constraints`` given) profiles the data and
checks it — and, for a QualityCheck step (``dagmaker_suggest_constraints=Enabled``),
suggests constraints as well. ``MODEL_QUALITY`` (``model_quality.py``): the metrics of a
table of predictions and labels, the same way, or a check of captured inferences joined
with their ground truth. Other analysis types plug into ``ANALYSES`` with the same
signature.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from dagmaker.errors import JobFailure
from dagmaker.quality import jackson
from dagmaker.quality.dq_analysis import (
    CONSTRAINTS_FILE,
    DatasetFormat,
    load_json,
    open_dataset,
    run_baseline,
    run_check,
)
from dagmaker.quality.dq_constraints import read_constraints, suggest
from dagmaker.quality.dq_metrics import metric_entries
from dagmaker.quality.sources import DataSource, TableSource
from dagmaker.runners.builtin.model_monitor.capture_rows import CaptureRows
from dagmaker.runners.builtin.model_monitor.config import (
    DATA_QUALITY,
    MODEL_QUALITY,
    AnalyzerConfig,
    CaptureFormat,
)
from dagmaker.runners.builtin.model_monitor.dataset_rows import preprocessed_lines
from dagmaker.runners.builtin.model_monitor.model_quality import model_quality_files
from dagmaker.runners.builtin.model_monitor.user_scripts import Preprocessor
from dagmaker.runners.check_inputs import SUGGEST_CONSTRAINTS

LOG = logging.getLogger("dagmaker.model_monitor")


@dataclass
class AnalysisOutput:
    """Files for ``output_path`` (name → text) and CloudWatch metric entries."""

    files: dict[str, str]
    metrics: list[dict[str, Any]] = field(default_factory=list)
    violations: int = 0


def data_quality(config: AnalyzerConfig) -> AnalysisOutput:
    """The data-quality analysis: a baseline suggestion, or a check against a baseline."""
    constraints = None
    if config.baseline_constraints is not None:
        constraints = load_json(config.baseline_constraints, "baseline_constraints")
    statistics = None
    if config.baseline_statistics is not None:
        statistics = load_json(config.baseline_statistics, "baseline_statistics")
    names = _feature_names(constraints)
    source = data_source(config, names)
    stamp = _timestamp(config)
    if constraints is None:
        baseline = run_baseline(source, config.categorical_drift_method)
        metrics = metric_entries(
            baseline.profile, None, stamp, config.schedule_name, config.endpoint_name
        )
        return AnalysisOutput(baseline.files(), metrics)
    outcome = run_check(source, constraints, statistics)
    emit = read_constraints(constraints).config.emit_metrics
    metrics = (
        metric_entries(
            outcome.profile, outcome.result, stamp, config.schedule_name, config.endpoint_name
        )
        if emit
        else []
    )
    files = outcome.files()
    if (config.environment or {}).get(SUGGEST_CONSTRAINTS) == "Enabled":
        suggested = suggest(outcome.profile, config.categorical_drift_method)
        files[CONSTRAINTS_FILE] = jackson.dumps(suggested)
    return AnalysisOutput(files, metrics, len(outcome.result.violations))


def data_source(config: AnalyzerConfig, feature_names: list[str]) -> DataSource:
    """The rows to analyse: captured records, a pre-processed dataset, or a dataset."""
    preprocessor = (
        Preprocessor(config.record_preprocessor_script)
        if config.record_preprocessor_script is not None
        else None
    )
    if isinstance(config.dataset, CaptureFormat):
        capture = CaptureRows(
            config.dataset.indexes, preprocessor, feature_names, config.start_time, config.end_time
        )
        return TableSource(capture.collect(config.dataset_source).table())
    dataset: DatasetFormat = config.dataset
    if preprocessor is not None:
        rows = preprocessed_lines(config.dataset_source, dataset.kind, preprocessor)
        return TableSource(rows.table())
    return open_dataset(config.dataset_source, dataset)


def _feature_names(constraints: Any) -> list[str]:
    features = constraints.get("features") if isinstance(constraints, dict) else None
    if not isinstance(features, list):
        return []
    return [str(f.get("name")) for f in features if isinstance(f, dict)]


def _timestamp(config: AnalyzerConfig) -> str:
    when = config.end_time or datetime.now(UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def model_quality(config: AnalyzerConfig) -> AnalysisOutput:
    """The model-quality analysis of a table of predictions and labels."""
    files, violations = model_quality_files(config)
    return AnalysisOutput(files, violations=violations)


Analysis = Callable[[AnalyzerConfig], AnalysisOutput]
ANALYSES: dict[str, Analysis] = {DATA_QUALITY: data_quality, MODEL_QUALITY: model_quality}


def analysis_for(analysis_type: str) -> Analysis:
    """The analysis to run.

    Raises:
        JobFailure: for an analysis type this analyzer does not provide.
    """
    analysis = ANALYSES.get(analysis_type)
    if analysis is None:
        raise JobFailure(
            f"ClientError: analysis_type {analysis_type!r} is not available in this analyzer "
            f"(it runs {', '.join(sorted(ANALYSES))})",
            field="analysis_type",
        )
    return analysis
