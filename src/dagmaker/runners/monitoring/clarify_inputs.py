"""What a bias or explainability run gives the Clarify container: a table and a config.

Clarify analyses a dataset. A monitoring run makes one from the window's captured
records: the request's CSV fields are the features (named by the monitoring
configuration's ``headers``); for bias, each record's ground truth is the label and the
captured response the predicted label (``InferenceAttribute``, or
``ProbabilityAttribute`` above ``ProbabilityThresholdAttribute``, else the response's
first field); for explainability, Clarify calls the endpoint's model on the features.
The run's ``analysis_config.json`` is the monitoring configuration (``ConfigUri``) with
the dataset's layout added.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from dagmaker.errors import JobFailure

JSON = Any
PREDICTED = "predicted_label"


@dataclass(frozen=True)
class ClarifyRun:
    """The run's ``analysis_config.json`` document and its dataset (CSV with a header)."""

    config: dict[str, JSON]
    table: str


def bias_run(
    monitor_config: dict[str, JSON], records: list[dict[str, JSON]], job_input: dict[str, JSON]
) -> ClarifyRun:
    """The bias analysis of joined records (captures with ``groundTruthData``).

    Raises:
        JobFailure: when the configuration has no label or the records do not match it.
    """
    label = monitor_config.get("label")
    if label is None:
        raise JobFailure("ClientError: the bias monitoring configuration has no label")
    names = _feature_names(monitor_config, label)
    rows = [
        [*_features(r, len(names)), _ground_truth(r), _prediction(r, job_input)] for r in records
    ]
    config = {
        **{
            k: v
            for k, v in monitor_config.items()
            if k not in ("predictor", "probability_threshold")
        },
        "dataset_type": "text/csv",
        "headers": [*names, str(label), PREDICTED],
        "label": str(label),
        "predicted_label": PREDICTED,
        "methods": monitor_config.get("methods") or {"post_training_bias": {"methods": "all"}},
    }
    return ClarifyRun(config, _csv([*names, str(label), PREDICTED], rows))


def explainability_run(
    monitor_config: dict[str, JSON], records: list[dict[str, JSON]], model_name: str
) -> ClarifyRun:
    """The explainability analysis of captured records, calling the endpoint's model.

    Raises:
        JobFailure: when the records do not match the configuration's headers.
    """
    names = [str(h) for h in monitor_config.get("headers") or []]
    width = len(names) or len(_features(records[0], None))
    names = names or [f"feature_{i}" for i in range(width)]
    rows = [_features(r, width) for r in records]
    predictor = {
        k: v for k, v in (monitor_config.get("predictor") or {}).items() if k != "endpoint_name"
    }
    config = {
        **monitor_config,
        "dataset_type": "text/csv",
        "headers": names,
        "predictor": {**predictor, "model_name": model_name},
    }
    config.pop("label", None)
    return ClarifyRun(config, _csv(names, rows))


def _feature_names(config: dict[str, JSON], label: JSON) -> list[str]:
    headers = [str(h) for h in config.get("headers") or []]
    if isinstance(label, int) and 0 <= label < len(headers):
        label = headers[label]
    return [h for h in headers if h != str(label)]


def _features(record: dict[str, JSON], width: int | None) -> list[str]:
    data = _payload(record, "endpointInput")
    values = next(csv.reader([data.strip()]), [])
    if width is not None and len(values) != width:
        raise JobFailure(
            f"ClientError: a captured request has {len(values)} features but the monitoring "
            f"configuration's headers name {width}; make them agree"
        )
    return values


def _ground_truth(record: dict[str, JSON]) -> str:
    return str((record.get("groundTruthData") or {}).get("data", "")).strip()


def _prediction(record: dict[str, JSON], job_input: dict[str, JSON]) -> str:
    fields = next(csv.reader([_payload(record, "endpointOutput").strip()]), [""])
    probability = job_input.get("ProbabilityAttribute")
    if probability not in (None, ""):
        threshold = float(job_input.get("ProbabilityThresholdAttribute") or 0.5)
        return "1" if float(_field(fields, probability)) > threshold else "0"
    return _field(fields, job_input.get("InferenceAttribute") or 0)


def _field(fields: list[str], attribute: JSON) -> str:
    try:
        return fields[int(attribute)].strip()
    except (ValueError, IndexError):
        raise JobFailure(
            f"ClientError: attribute {attribute!r} is not a field index of the captured CSV "
            f"response ({len(fields)} fields)"
        ) from None


def _payload(record: dict[str, JSON], part: str) -> str:
    item = (record.get("captureData") or {}).get(part) or {}
    if str(item.get("encoding", "CSV")).upper() != "CSV":
        raise JobFailure(
            f"ClientError: bias and explainability runs read CSV captures; {part} is "
            f"{item.get('encoding')}"
        )
    return str(item.get("data") or "")


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
