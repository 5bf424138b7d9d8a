"""Which baseline files a run checks against.

A job definition names its baseline files (``ConstraintsResource``,
``StatisticsResource``), or only the baselining job that suggested them
(``BaseliningJobName``): then the files are that job's, in its first output —
``constraints.json`` and ``statistics.json`` for the Model Monitor analyzer,
``analysis.json`` for Clarify (whose baseline "constraints" are a baseline analysis).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dagmaker.errors import JobFailure, NotFound
from dagmaker.runners.monitoring.job_spec import JobSpec

JSON = Any
ProcessingLookup = Callable[[str], dict[str, JSON]]
"""Processing job name → its DescribeProcessingJob document (raises ``NotFound``)."""


@dataclass(frozen=True)
class Baseline:
    """The baseline files of a run (None: not given)."""

    constraints: str | None = None
    statistics: str | None = None


def baseline_of(spec: JobSpec, describe_processing: ProcessingLookup) -> Baseline:
    """The files the definition names, else those of its baselining job.

    Raises:
        JobFailure: when the baselining job does not exist or has no output.
    """
    if spec.constraints_uri or spec.statistics_uri or not spec.baselining_job:
        return Baseline(spec.constraints_uri, spec.statistics_uri)
    folder = _first_output(spec.baselining_job, describe_processing)
    if spec.uses_clarify:
        return Baseline(f"{folder}/analysis.json")
    return Baseline(f"{folder}/constraints.json", f"{folder}/statistics.json")


def _first_output(job_name: str, describe_processing: ProcessingLookup) -> str:
    try:
        document = describe_processing(job_name)
    except NotFound:
        raise JobFailure(
            f"ClientError: the baselining job {job_name!r} (BaseliningJobName) does not "
            "exist; give ConstraintsResource and StatisticsResource instead"
        ) from None
    outputs = (document.get("ProcessingOutputConfig") or {}).get("Outputs") or []
    for output in outputs:
        uri = (output.get("S3Output") or {}).get("S3Uri")
        if uri:
            return str(uri).rstrip("/")
    raise JobFailure(f"ClientError: the baselining job {job_name!r} has no S3 output")
