"""Calling the model as Clarify calls its shadow endpoint, through batch transform's loader.

Rows go out in requests of ``BATCH_ROWS`` records as ``predictor.content_type``: CSV
lines, or JSON Lines built from ``content_template`` (``$features`` becomes the row's
list). Each response is split back into one parsed answer per record: the fields of a
CSV line, the value of a JSON line, or the items of a JSON array (also under a
``predictions`` key).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import numpy as np

from dagmaker.errors import JobFailure
from dagmaker.quality.clarify_config import PredictorSetting
from dagmaker.runners.builtin.clarify.model_config import ClarifyJobConfig
from dagmaker.runners.builtin.inference.batch_transform import ModelChain, load_chain
from dagmaker.runners.builtin.inference.job_config import TransformJobConfig
from dagmaker.runners.transform_records import media_type

BATCH_ROWS = 1000
DEFAULT_TEMPLATE = '{"features":$features}'


class ModelClient:
    """Answers feature rows with one parsed response per row."""

    def __init__(self, chain: ModelChain, predictor: PredictorSetting) -> None:
        self.chain = chain
        self.predictor = predictor
        self.requests = 0

    def predict(self, features: np.ndarray) -> list[Any]:
        """Send ``features`` in batches; one parsed response per row.

        Raises:
            JobFailure: when the model fails or answers with the wrong number of records.
        """
        responses: list[Any] = []
        for start in range(0, len(features), BATCH_ROWS):
            batch = features[start : start + BATCH_ROWS]
            body = self._request(batch)
            try:
                answer, kind = self.chain.transform(
                    body, self.predictor.content_type, self.predictor.accept_type
                )
            except Exception as error:  # the model's own code may raise anything
                raise JobFailure(
                    f"the model failed on records {start + 1}-{start + len(batch)}: "
                    f"{type(error).__name__}: {error}"
                ) from error
            self.requests += 1
            parsed = parse_response(answer, kind or self.predictor.accept_type)
            if len(parsed) != len(batch):
                raise JobFailure(
                    f"the model answered {len(batch)} records with {len(parsed)} predictions; "
                    "it must give one per record"
                )
            responses += parsed
        return responses

    def _request(self, rows: np.ndarray) -> bytes:
        kind = media_type(self.predictor.content_type)
        if kind == "text/csv":
            return "".join(",".join(_number(v) for v in row) + "\n" for row in rows).encode()
        if kind in ("application/jsonlines", "application/x-jsonlines"):
            template = self.predictor.content_template or DEFAULT_TEMPLATE
            lines = [template.replace("$features", json.dumps(row.tolist())) for row in rows]
            return ("\n".join(lines) + "\n").encode()
        raise JobFailure(
            f"predictor.content_type {self.predictor.content_type!r} is not supported; use "
            "text/csv or application/jsonlines"
        )


def parse_response(body: bytes, content_type: str) -> list[Any]:
    """The per-record answers in a response body.

    Raises:
        JobFailure: for a body that is not of its type.
    """
    text = body.decode("utf-8")
    kind = media_type(content_type)
    try:
        if kind in ("application/jsonlines", "application/x-jsonlines"):
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        if kind == "application/json":
            document = json.loads(text)
            if isinstance(document, dict) and isinstance(document.get("predictions"), list):
                return list(document["predictions"])
            return list(document) if isinstance(document, list) else [document]
    except json.JSONDecodeError as error:
        raise JobFailure(f"the model's {kind} response does not parse: {error.msg}") from None
    return [[field.strip() for field in row] for row in csv.reader(io.StringIO(text)) if row]


def load_model(base: Path, job: ClarifyJobConfig, predictor: PredictorSetting) -> ModelClient:
    """Load the staged model's containers (scripts over framework defaults)."""
    if not job.containers:
        raise JobFailure(
            f"ClientError: the model {predictor.model_name!r} was not staged for this job"
        )
    chain = load_chain(TransformJobConfig(containers=job.containers), base)
    return ModelClient(chain, predictor)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
