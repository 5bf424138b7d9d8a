"""Metrics from a job's log, the way SageMaker fills ``FinalMetricDataList``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from dagmaker.errors import JobFailure


def compile_definitions(
    definitions: Iterable[Mapping[str, Any]],
) -> list[tuple[str, re.Pattern[str]]]:
    """``MetricDefinitions`` as compiled regexes.

    Raises:
        JobFailure: naming the metric whose regex does not compile.
    """
    compiled = []
    for item in definitions:
        name, regex = str(item.get("Name", "")), str(item.get("Regex", ""))
        try:
            compiled.append((name, re.compile(regex)))
        except re.error as exc:
            raise JobFailure(
                f"ClientError: MetricDefinitions regex for {name!r} is invalid: {exc}"
            ) from None
    return compiled


def final_metrics(
    definitions: list[tuple[str, re.Pattern[str]]], lines: Iterable[str], timestamp: str
) -> list[dict[str, Any]]:
    """The last value each metric's regex captured in ``lines`` (first group, as a float)."""
    last: dict[str, float] = {}
    for raw in lines:
        line = _as_cloudwatch_shows(raw)
        for name, pattern in definitions:
            match = pattern.search(line)
            if match is None:
                continue
            value = _number(match.group(1) if match.groups() else match.group(0))
            if value is not None:
                last[name] = value
    return [{"MetricName": n, "Value": v, "Timestamp": timestamp} for n, v in last.items()]


def _as_cloudwatch_shows(line: str) -> str:
    # SageMaker matches metric regexes against CloudWatch log lines, where control
    # characters appear as "#" + three octal digits (a tab is "#011").
    return _CONTROL.sub(lambda m: f"#{ord(m.group()):03o}", line)


_CONTROL = re.compile(r"[\x00-\x08\x09\x0b-\x1f]")


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None
