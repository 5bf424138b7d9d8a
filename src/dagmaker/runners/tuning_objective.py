"""The tuning objective: which regex finds it in a trial's log, and its values there.

The regex is the training definition's ``MetricDefinitions`` entry for the objective's
name, or, for SageMaker's built-in XGBoost algorithm (an xgboost image run without a
script), the algorithm's own metric table — the same rules the training runner uses to
fill ``FinalMetricDataList``. Every match is one iteration's value; the last is final.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dagmaker.errors import InvalidRequest
from dagmaker.runners import metrics, script_mode
from dagmaker.runners.builtin.xgboost_metrics import BUILTIN_XGBOOST_METRICS
from dagmaker.runners.images import ImageTable

LOG_FILES = ("stdout.log", "stderr.log")


@dataclass(frozen=True)
class Objective:
    """The objective metric and how to read it.

    Attributes:
        name: ``validation:rmse`` …
        regex: The pattern whose first group is the value.
        source: Where the regex comes from (for messages).
    """

    name: str
    regex: str
    source: str

    def values(self, lines: list[str]) -> list[float]:
        """Every value of the metric in ``lines``, in order."""
        compiled = [(self.name, re.compile(self.regex))]
        found = []
        for line in lines:
            for metric in metrics.final_metrics(compiled, [line], ""):
                found.append(float(metric["Value"]))
        return found

    def missing_message(self) -> str:
        """The FailureReason of a trial whose log never showed the metric."""
        return (
            f"ClientError: objective metric {self.name} never appeared in the job's log. The "
            f"tuning job reads it with the regex {self.regex!r} ({self.source}); make the "
            "training code print it, or fix the regex"
        )


def objective_for(metric: str, definition: dict[str, Any], images: ImageTable) -> Objective:
    """Find the regex of the objective metric.

    Raises:
        InvalidRequest: when neither MetricDefinitions nor the built-in algorithm define it.
    """
    algorithm = definition.get("AlgorithmSpecification") or {}
    for item in algorithm.get("MetricDefinitions") or []:
        if item.get("Name") == metric and item.get("Regex"):
            regex = str(item["Regex"])
            _check_regex(metric, regex)
            return Objective(metric, regex, "from MetricDefinitions")
    if _is_builtin_xgboost(definition, images) and metric in BUILTIN_XGBOOST_METRICS:
        return Objective(metric, BUILTIN_XGBOOST_METRICS[metric], "the built-in XGBoost metric")
    raise InvalidRequest(
        f"the objective metric {metric!r} has no regex: add {{'Name': '{metric}', 'Regex': ...}} "
        "to AlgorithmSpecification.MetricDefinitions (built-in XGBoost defines "
        "train:<metric> and validation:<metric> itself)",
        field="TrainingJobDefinition.AlgorithmSpecification.MetricDefinitions",
    )


def _check_regex(metric: str, regex: str) -> None:
    try:
        re.compile(regex)
    except re.error as error:
        raise InvalidRequest(
            f"the regex of objective metric {metric!r} is invalid: {error}",
            field="TrainingJobDefinition.AlgorithmSpecification.MetricDefinitions",
            value=regex,
        ) from None


def _is_builtin_xgboost(definition: dict[str, Any], images: ImageTable) -> bool:
    algorithm = definition.get("AlgorithmSpecification") or {}
    image = str(algorithm.get("TrainingImage") or "")
    static = script_mode.decode_hyperparameters(definition.get("StaticHyperParameters") or {})
    if "sagemaker_program" in static.sagemaker:
        return False
    return "xgboost" in image.lower() or images.user_mapping(image) == "builtin:xgboost"


@dataclass
class LogFollower:
    """Reads the lines a job appends to its logs, a little at a time.

    Attributes:
        log_dir: The job host's log directory.
    """

    log_dir: Path
    _offsets: dict[str, int] = field(default_factory=dict)
    _partial: dict[str, str] = field(default_factory=dict)

    def new_lines(self) -> tuple[list[str], bool]:
        """Complete lines added since the last call, and whether the logs started over.

        A log that got shorter was rewritten (the job was launched again under the same
        name), so reading restarts from its beginning.
        """
        lines: list[str] = []
        restarted = False
        for name in LOG_FILES:
            path = self.log_dir / name
            try:
                size = path.stat().st_size
            except FileNotFoundError:
                continue
            offset = self._offsets.get(name, 0)
            if size < offset:
                offset, restarted = 0, True
                self._partial[name] = ""
            if size == offset:
                continue
            with path.open("rb") as handle:
                handle.seek(offset)
                chunk = handle.read(size - offset)
            self._offsets[name] = size
            text = self._partial.get(name, "") + chunk.decode("utf-8", errors="replace")
            *complete, self._partial[name] = text.split("\n")
            lines.extend(complete)
        return lines, restarted

    def all_lines(self) -> list[str]:
        """Every line of both logs (for the final value)."""
        lines: list[str] = []
        for name in LOG_FILES:
            path = self.log_dir / name
            if path.is_file():
                lines += path.read_text(errors="replace").splitlines()
        return lines
