"""Finding the ground truth, predictions and probabilities in the analyzer's inputs.

Two sources, as in Model Monitor:

- a baseline dataset (a table): ``ground_truth_attribute``, ``inference_attribute`` and
  ``probability_attribute`` are column names, or zero-based column indexes;
- merged capture records (see `model_quality_merge`): the attributes locate values in
  the captured *output* payload — a zero-based index into a CSV response, or a JSON path
  (``predictions[0].score``, ``$.label``) into a JSON one — and the label is the merged
  ``groundTruthData``.
"""

from __future__ import annotations

import base64
import binascii
import csv
import json
from collections.abc import Mapping, Sequence
from typing import Any

from dagmaker._lib import json_path
from dagmaker.quality.model_quality_problem import ModelQualityInputError, ProblemType
from dagmaker.quality.model_quality_statistics import ModelQualityInput


def from_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    problem: ProblemType,
    ground_truth_attribute: str,
    inference_attribute: str | None = None,
    probability_attribute: str | None = None,
    probability_threshold: float = 0.5,
) -> ModelQualityInput:
    """The analysis input of a baseline table.

    Raises:
        ModelQualityInputError: for an attribute that names no column.
    """

    def column(attribute: str | None, setting: str) -> list[object] | None:
        if attribute is None or attribute == "":
            return None
        index = column_index(header, attribute, setting)
        return [_cell(row, index, number) for number, row in enumerate(rows, start=1)]

    truth = column(ground_truth_attribute, "ground_truth_attribute")
    assert truth is not None  # a required attribute is never empty here
    return ModelQualityInput(
        problem=problem,
        ground_truth=truth,
        predictions=column(inference_attribute, "inference_attribute"),
        probabilities=column(probability_attribute, "probability_attribute"),
        probability_threshold=probability_threshold,
    )


def column_index(header: Sequence[str], attribute: str, setting: str) -> int:
    """The column ``attribute`` names: a header name first, else a zero-based index.

    Raises:
        ModelQualityInputError: naming the setting, the value and the columns there are.
    """
    if attribute in header:
        return list(header).index(attribute)
    if attribute.isdigit() and int(attribute) < len(header):
        return int(attribute)
    raise ModelQualityInputError(
        f"{setting} {attribute!r} is neither a column name nor a column index of the dataset; "
        f"its columns are {', '.join(header) or '(none)'}",
        field=setting,
    )


def _cell(row: Sequence[object], index: int, number: int) -> object:
    if index >= len(row):
        raise ModelQualityInputError(
            f"record {number} has {len(row)} columns, too few for column {index}"
        )
    return row[index]


def from_merged(
    records: Sequence[Mapping[str, Any]],
    *,
    problem: ProblemType,
    inference_attribute: str | None = None,
    probability_attribute: str | None = None,
    probability_threshold: float = 0.5,
) -> ModelQualityInput:
    """The analysis input of merged capture records.

    Raises:
        ModelQualityInputError: naming the record whose payload lacks an attribute.
    """
    truth, predictions, probabilities = [], [], []
    for number, record in enumerate(records, start=1):
        output = _payload(_output_of(record, number), number)
        truth.append(_ground_truth(record, number))
        if inference_attribute or probability_attribute is None:
            predictions.append(_locate(output, inference_attribute, number))
        if probability_attribute:
            probabilities.append(_locate(output, probability_attribute, number))
    return ModelQualityInput(
        problem=problem,
        ground_truth=truth,
        predictions=predictions if predictions else None,
        probabilities=probabilities if probabilities else None,
        probability_threshold=probability_threshold,
    )


def _output_of(record: Mapping[str, Any], number: int) -> Mapping[str, Any]:
    capture = record.get("captureData") or {}
    output = capture.get("endpointOutput") or capture.get("batchTransformOutput")
    if not isinstance(output, dict):
        raise ModelQualityInputError(
            f"merged record {number} has no captureData.endpointOutput; model quality needs "
            "captured responses (CaptureOptions must include Output)"
        )
    return output


def _payload(part: Mapping[str, Any], number: int) -> Any:
    """A captured body: a list of fields (CSV) or a JSON value."""
    data = str(part.get("data", ""))
    encoding = str(part.get("encoding", "CSV")).upper()
    if encoding == "BASE64":
        try:
            data = base64.b64decode(data).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise ModelQualityInputError(
                f"record {number}: the BASE64 payload is not UTF-8 text"
            ) from None
        kind = str(part.get("observedContentType", "")).lower()
        encoding = "JSON" if "json" in kind else "CSV"
    if encoding == "JSON":
        try:
            return json.loads(data)
        except json.JSONDecodeError as error:
            raise ModelQualityInputError(
                f"record {number}: the JSON payload does not parse ({error.msg})"
            ) from None
    lines = [line for line in data.splitlines() if line.strip()]
    if len(lines) != 1:
        raise ModelQualityInputError(
            f"record {number}: a CSV payload with {len(lines)} lines cannot be matched to one "
            "ground-truth label; capture one record per request"
        )
    return next(csv.reader(lines))


def _locate(payload: Any, attribute: str | None, number: int) -> object:
    if isinstance(payload, list) and all(isinstance(v, str) for v in payload):
        index = int(attribute) if attribute and attribute.lstrip("-").isdigit() else None
        if attribute and index is None:
            raise ModelQualityInputError(
                f"attribute {attribute!r} must be a column index for CSV payloads (record {number})"
            )
        index = index or 0
        if not -len(payload) <= index < len(payload):
            raise ModelQualityInputError(
                f"record {number}: the CSV payload has {len(payload)} values, no index {index}"
            )
        return payload[index].strip()
    if not attribute:
        return payload
    try:
        return json_path.lookup(payload, json_path.parse(attribute))
    except (json_path.PathSyntaxError, json_path.PathLookupError) as error:
        raise ModelQualityInputError(f"record {number}: attribute {attribute!r}: {error}") from None


def _ground_truth(record: Mapping[str, Any], number: int) -> object:
    label = record.get("groundTruthData") or {}
    value = _payload(label, number)
    if isinstance(value, list):
        if len(value) != 1:
            raise ModelQualityInputError(
                f"record {number}: groundTruthData.data must hold one label, got {value!r}"
            )
        return str(value[0]).strip()
    if isinstance(value, (dict, type(None))):
        raise ModelQualityInputError(
            f"record {number}: groundTruthData.data must hold one label, got {value!r}"
        )
    return value
