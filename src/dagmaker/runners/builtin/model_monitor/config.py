"""The analyzer's settings, read from the container environment Model Monitor defines.

``dataset_format`` is a JSON string: ``{"sagemakerCaptureJson": {"captureIndexNames":
[...]}}`` for an endpoint's captured data, or ``{"csv": {"header": true,
"output_columns_position": "START"}}``, ``{"json": {"lines": true}}`` (``"line"`` too),
``{"parquet": {}}`` for a dataset. Paths (``dataset_source``, ``output_path``, the
baseline files, the scripts) are local paths inside the job. ``start_time`` and
``end_time`` bound the captured records analysed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dagmaker.errors import JobFailure
from dagmaker.quality.dq_analysis import DatasetFormat

DATA_QUALITY = "DATA_QUALITY"
MODEL_QUALITY = "MODEL_QUALITY"
CAPTURE = "sagemakerCaptureJson"
CAPTURE_INDEXES = ("endpointInput", "endpointOutput")
DEFAULT_SOURCE = "/opt/ml/processing/input/baseline_dataset_input"
DEFAULT_OUTPUT = "/opt/ml/processing/output"


@dataclass(frozen=True)
class CaptureFormat:
    """Captured endpoint traffic: which parts of each record become columns."""

    indexes: tuple[str, ...] = CAPTURE_INDEXES


@dataclass(frozen=True)
class AnalyzerConfig:
    """Everything the analyzer reads from its environment."""

    dataset: DatasetFormat | CaptureFormat
    dataset_source: Path
    output_path: Path
    baseline_constraints: Path | None = None
    baseline_statistics: Path | None = None
    record_preprocessor_script: Path | None = None
    post_analytics_processor_script: Path | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    publish_cloudwatch_metrics: bool = False
    analysis_type: str = DATA_QUALITY
    categorical_drift_method: str | None = None
    endpoint_name: str | None = None
    schedule_name: str | None = None
    environment: Mapping[str, str] | None = None

    @property
    def is_monitoring(self) -> bool:
        """A monitoring run (constraints to check) rather than a baseline suggestion."""
        return self.baseline_constraints is not None


def read_config(env: Mapping[str, str]) -> AnalyzerConfig:
    """The settings in ``env``.

    Raises:
        JobFailure: ``ClientError`` naming the variable that cannot be used.
    """
    dataset = _dataset_format(env.get("dataset_format"))
    return AnalyzerConfig(
        dataset=dataset,
        dataset_source=Path(env.get("dataset_source") or DEFAULT_SOURCE),
        output_path=Path(env.get("output_path") or DEFAULT_OUTPUT),
        baseline_constraints=_path(env, "baseline_constraints"),
        baseline_statistics=_path(env, "baseline_statistics"),
        record_preprocessor_script=_path(env, "record_preprocessor_script"),
        post_analytics_processor_script=_path(env, "post_analytics_processor_script"),
        start_time=_time(env, "start_time"),
        end_time=_time(env, "end_time"),
        publish_cloudwatch_metrics=(env.get("publish_cloudwatch_metrics") or "").lower()
        == "enabled",
        analysis_type=(env.get("analysis_type") or DATA_QUALITY).upper(),
        categorical_drift_method=env.get("categorical_drift_method") or None,
        endpoint_name=env.get("sagemaker_endpoint_name") or None,
        schedule_name=env.get("sagemaker_monitoring_schedule_name") or None,
        environment=dict(env),
    )


def _dataset_format(raw: str | None) -> DatasetFormat | CaptureFormat:
    if not raw:
        return DatasetFormat("csv", header=True)
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as error:
        raise _bad("dataset_format", raw, f"not JSON ({error.msg})") from error
    if not isinstance(document, dict) or len(document) != 1:
        raise _bad("dataset_format", raw, "expected one key: csv, json, parquet or " + CAPTURE)
    name, options = next(iter(document.items()))
    options = options if isinstance(options, dict) else {}
    kind = str(name).lower()  # AWS's own pages spell it sagemakerCaptureJson and sageMaker…
    if kind == CAPTURE.lower():
        indexes = options.get("captureIndexNames") or list(CAPTURE_INDEXES)
        unknown = sorted(set(indexes) - set(CAPTURE_INDEXES))
        if unknown:
            raise _bad("dataset_format", raw, f"unknown captureIndexNames {unknown}")
        return CaptureFormat(tuple(indexes))
    if kind == "csv":
        # output_columns_position only says where a model's outputs sit; a data-quality
        # profile treats every column alike.
        return DatasetFormat("csv", header=_flag(options.get("header", True)))
    if kind == "json":
        return DatasetFormat("json", lines=_flag(options.get("lines", options.get("line", True))))
    if kind == "parquet":
        return DatasetFormat("parquet")
    raise _bad("dataset_format", raw, f"unknown format {name!r}")


def _flag(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value).lower() == "true"


def _path(env: Mapping[str, str], name: str) -> Path | None:
    value = env.get(name)
    return Path(value) if value else None


def _time(env: Mapping[str, str], name: str) -> datetime | None:
    value = env.get(name)
    if not value:
        return None
    parsed = parse_time(value)
    if parsed is None:
        raise _bad(name, value, "not an ISO-8601 time such as 2024-05-01T13:00:00Z")
    return parsed


def parse_time(text: str) -> datetime | None:
    """An ISO-8601 UTC time (``Z`` or an offset; stray spaces, as in AWS's docs, ignored)."""
    cleaned = text.replace(" ", "").replace("Z", "+00:00").replace("z", "+00:00")
    try:
        parsed = datetime.fromisoformat(cleaned)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _bad(name: str, value: str, why: str) -> JobFailure:
    return JobFailure(f"ClientError: environment variable {name}={value!r}: {why}", field=name)
