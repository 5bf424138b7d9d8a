"""Which runtime an image URI gets: built-in rules, plus the user's own mappings.

Runtimes:
- ``python``: a SageMaker framework image (scikit-learn, XGBoost, PyTorch, …) runs the
  job's commands with dagmaker's own interpreter;
- ``python:/path/to/python``: the same with another interpreter (a private image whose
  dependencies live in that environment);
- ``builtin:xgboost``: SageMaker's XGBoost algorithm (an xgboost image without an entry
  point), implemented in ``dagmaker.runners.builtin``;
- ``builtin:clarify``: SageMaker Clarify's processing container, implemented in
  ``dagmaker.runners.builtin.clarify``;
- ``builtin:model-monitor``: Model Monitor's analyzer (``sagemaker-model-monitor-analyzer``
  in every region), implemented in ``dagmaker.runners.builtin.model_monitor``;
- ``builtin:automl``: dagmaker's AutoML image (the jobs of an AutoML job and the models
  they make), implemented in ``dagmaker.runners.builtin.automl``;
- ``builtin:spark``: SageMaker's Spark processing container (``smspark-submit``), run by
  ``dagmaker.runners.builtin.smspark_submit`` on the Spark of the ``dagmaker[spark]`` extra;
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dagmaker.errors import DagmakerError, InvalidRequest

RUNTIMES = (
    "python",
    "builtin:xgboost",
    "builtin:clarify",
    "builtin:model-monitor",
    "builtin:automl",
    "builtin:spark",
)
MODEL_MONITOR = "builtin:model-monitor"


@dataclass(frozen=True)
class ImageRule:
    """A built-in rule: images whose URI matches ``pattern`` get ``runtime``."""

    pattern: str
    runtime: str
    description: str


BUILTIN_RULES: tuple[ImageRule, ...] = (
    ImageRule(r"sagemaker-clarify-processing", "builtin:clarify", "SageMaker Clarify images"),
    ImageRule(r"sagemaker-spark-processing", "builtin:spark", "SageMaker Spark processing images"),
    ImageRule(
        r"/sagemaker-model-monitor-analyzer(?:[:@]|$)",
        MODEL_MONITOR,
        "SageMaker Model Monitor's analyzer (every region's registry)",
    ),
    ImageRule(r"/dagmaker-automl[:@]", "builtin:automl", "dagmaker's AutoML image"),
    ImageRule(r"sagemaker-scikit-learn|sklearn", "python", "SageMaker scikit-learn images"),
    ImageRule(
        r"sagemaker-xgboost|/xgboost[:@]|xgboost",
        "python",
        "SageMaker XGBoost images (algorithm mode without an entry point)",
    ),
    ImageRule(r"pytorch", "python", "SageMaker PyTorch images"),
    ImageRule(r"tensorflow|mxnet|huggingface", "python", "other SageMaker framework images"),
    ImageRule(r"sagemaker-base-python|sagemaker-distribution", "python", "SageMaker base images"),
)


class UnmappedImage(DagmakerError):
    """An image dagmaker does not know how to run."""

    headline = "Unknown image"


def validate_runtime(runtime: str) -> str:
    """Check a runtime name given by a user.

    Raises:
        DagmakerError: naming the valid runtimes.
    """
    if runtime in RUNTIMES:
        return runtime
    if runtime.startswith("python:"):
        interpreter = Path(runtime.removeprefix("python:"))
        if interpreter.is_absolute() and interpreter.is_file() and os.access(interpreter, os.X_OK):
            return runtime
        raise InvalidRequest(
            f"{interpreter} is not an executable Python interpreter",
            field="Runtime",
            value=runtime,
            hint="Give the absolute path of a python executable, e.g. python:/usr/bin/python3.",
        )
    raise InvalidRequest(
        f"unknown runtime {runtime!r}",
        field="Runtime",
        hint="Use builtin:xgboost, builtin:clarify, builtin:model-monitor, builtin:automl, "
        "builtin:spark, "
        "python or python:/path/to/python.",
    )


class ImageTable:
    """Resolves image URIs, user mappings first (exact URI, then repository without tag)."""

    def __init__(self, mappings: Callable[[], dict[str, str]]) -> None:
        self._mappings = mappings

    def runtime(self, image: str) -> str:
        """The runtime for ``image``.

        Raises:
            UnmappedImage: with the ``dagmaker images map`` command to fix it.
        """
        mapped = self.user_mapping(image)
        if mapped:
            return mapped
        for rule in BUILTIN_RULES:
            if re.search(rule.pattern, image, re.IGNORECASE):
                return rule.runtime
        raise UnmappedImage(
            f"dagmaker does not know how to run image {image!r}",
            field="ImageUri",
            value=image,
            hint=f"Map it to a runtime, e.g.: dagmaker images map '{image}' --to python "
            "(or --to python:/path/to/venv/bin/python, or --to builtin:xgboost).",
        )

    def user_mapping(self, image: str) -> str | None:
        """The user's mapping for this image or its repository, if any."""
        mappings = self._mappings()
        return mappings.get(image) or mappings.get(repository_of(image))


def repository_of(image: str) -> str:
    """The image URI without its ``:tag`` or ``@digest``."""
    name = image.split("@", 1)[0]
    head, sep, tag = name.rpartition(":")
    return head if sep and "/" not in tag else name
