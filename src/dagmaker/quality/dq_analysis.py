"""Data-quality analyses end to end: a baseline job and a monitoring (check) job.

A baseline profiles a dataset and returns ``statistics.json`` and the suggested
``constraints.json``; a check profiles a dataset and returns its ``statistics.json`` and
``constraint_violations.json`` against baseline constraints (and statistics, for drift).
Documents come back as JSON text in the container's own style, ready to write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagmaker.quality import jackson
from dagmaker.quality.csv_source import CsvSource
from dagmaker.quality.dq_check import CheckResult, check
from dagmaker.quality.dq_constraints import read_constraints, suggest
from dagmaker.quality.dq_errors import DataQualityError
from dagmaker.quality.dq_statistics import read_statistics, statistics_document
from dagmaker.quality.json_source import JsonSource
from dagmaker.quality.profiler import DatasetProfile, profile
from dagmaker.quality.sources import DataSource, ParquetSource, dataset_files

FORMATS = ("csv", "json", "parquet")
STATISTICS_FILE = "statistics.json"
CONSTRAINTS_FILE = "constraints.json"
VIOLATIONS_FILE = "constraint_violations.json"


@dataclass(frozen=True)
class DatasetFormat:
    """How a dataset's files are laid out (the analyzer's ``dataset_format``)."""

    kind: str = "csv"
    header: bool = True
    lines: bool = True


def open_dataset(location: Path, dataset_format: DatasetFormat) -> DataSource:
    """A source over the file or directory at ``location``.

    Raises:
        DataQualityError: for an unknown format or a location without files.
    """
    files = dataset_files(location)
    if dataset_format.kind == "csv":
        return CsvSource(files, header=dataset_format.header)
    if dataset_format.kind == "json":
        return JsonSource(files, lines=dataset_format.lines)
    if dataset_format.kind == "parquet":
        return ParquetSource(files)
    raise DataQualityError(
        f"unknown dataset format {dataset_format.kind!r}",
        field="dataset_format",
        hint=f"Use one of {', '.join(FORMATS)}.",
    )


@dataclass(frozen=True)
class BaselineResult:
    """A baseline's profile and its two documents."""

    profile: DatasetProfile
    statistics: dict[str, Any]
    constraints: dict[str, Any]

    def files(self) -> dict[str, str]:
        """File name → text, as the container writes them."""
        return {
            STATISTICS_FILE: jackson.dumps(self.statistics),
            CONSTRAINTS_FILE: jackson.dumps(self.constraints),
        }


@dataclass(frozen=True)
class CheckOutcome:
    """A monitoring run's profile, statistics and violations."""

    profile: DatasetProfile
    statistics: dict[str, Any]
    result: CheckResult

    def files(self) -> dict[str, str]:
        """File name → text, as the container writes them."""
        return {
            STATISTICS_FILE: jackson.dumps(self.statistics),
            VIOLATIONS_FILE: jackson.dumps(self.result.document()),
        }


def run_baseline(source: DataSource, categorical_drift_method: str | None = None) -> BaselineResult:
    """Profile ``source`` and suggest constraints."""
    data = profile(source)
    return BaselineResult(data, statistics_document(data), suggest(data, categorical_drift_method))


def run_check(
    source: DataSource,
    constraints: Any,
    baseline_statistics: Any | None = None,
) -> CheckOutcome:
    """Profile ``source`` and check it against parsed constraints/statistics documents."""
    normalised = read_constraints(constraints)
    baseline = read_statistics(baseline_statistics) if baseline_statistics is not None else None
    data = profile(source)
    return CheckOutcome(data, statistics_document(data), check(data, normalised, baseline))


def load_json(path: Path, what: str) -> Any:
    """A JSON document from a file, with a clear error when it is not one.

    Raises:
        DataQualityError: naming the file.
    """
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise DataQualityError(f"no {what} file at {path}", field=what) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataQualityError(f"{path} is not a JSON {what} file ({error})", field=what) from error
