"""Reading a model's responses the way Clarify's ``predictor`` settings say.

A response for one record is a list of fields (CSV) or a JSON value. ``label`` and
``probability`` pick a part of it: a zero-based index into the fields, or a path into
the JSON (``score``, ``predictions[0]``). Without ``probability`` the whole response is
the score(s).

Predicted labels: the ``label`` part; or, from scores, ``1`` when the score is above
``probability_threshold`` (else ``0``), or — for a list of scores — the label header (or
index) of the highest one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from dagmaker._lib import json_path
from dagmaker.quality.clarify_config import Column, PredictorSetting
from dagmaker.quality.clarify_table import DatasetError


class Model(Protocol):
    """Something that answers feature rows with one response per row."""

    def predict(self, features: np.ndarray) -> list[Any]:
        """One parsed response (a list of CSV fields, or a JSON value) per row."""
        ...


def pick(response: Any, selector: Column | None, what: str, record: int) -> Any:
    """The part of ``response`` that ``selector`` names (all of it for None).

    Raises:
        DatasetError: naming the record and the setting when the part is not there.
    """
    if selector is None:
        return response
    if isinstance(response, list) and (isinstance(selector, int) or str(selector).isdigit()):
        index = int(selector)
        if -len(response) <= index < len(response):
            return response[index]
        raise DatasetError(
            f"predictor.{what} is {index}, but the response for record {record} has only "
            f"{len(response)} value(s): {response!r}"
        )
    try:
        return json_path.lookup(response, json_path.parse(str(selector)))
    except (json_path.PathSyntaxError, json_path.PathLookupError) as error:
        raise DatasetError(
            f"predictor.{what} {selector!r} does not fit the response for record {record} "
            f"({response!r}): {error}"
        ) from None


def scores(responses: Sequence[Any], predictor: PredictorSetting) -> np.ndarray:
    """The scores explanations attribute: one row per record, one column per output.

    Raises:
        DatasetError: for a score that is not a number.
    """
    selector = predictor.probability if predictor.probability is not None else predictor.label
    rows = [_floats(pick(r, selector, "probability", i), i) for i, r in enumerate(responses, 1)]
    widths = {len(row) for row in rows}
    if len(widths) != 1:
        raise DatasetError(f"the model's responses have differing numbers of scores: {widths}")
    return np.array(rows, dtype=float)


def labels(responses: Sequence[Any], predictor: PredictorSetting, threshold: float) -> list[Any]:
    """The predicted label of each record."""
    result = []
    for number, response in enumerate(responses, start=1):
        if predictor.label is not None:
            label = pick(response, predictor.label, "label", number)
            if not isinstance(label, list):
                result.append(_plain(label))
                continue
        result.append(_from_scores(response, predictor, threshold, number))
    return result


def _from_scores(
    response: Any, predictor: PredictorSetting, threshold: float, number: int
) -> object:
    values = _floats(pick(response, predictor.probability, "probability", number), number)
    if len(values) == 1:
        return 1 if values[0] > threshold else 0
    best = int(np.argmax(values))
    return predictor.label_headers[best] if predictor.label_headers else best


def _floats(value: Any, record: int) -> list[float]:
    items = value if isinstance(value, list) else [value]
    try:
        return [float(v) for v in items]
    except (TypeError, ValueError):
        raise DatasetError(
            f"the model's score for record {record} is not a number: {value!r}; set "
            "predictor.probability (or label) to the part of the response that is"
        ) from None


def _plain(value: Any) -> object:
    return value.strip() if isinstance(value, str) else value
