"""CloudWatch Logs' DescribeLogStreams and GetLogEvents over dagmaker's job logs.

The SageMaker SDK follows a job's output through CloudWatch Logs (``processor.run()``
and ``estimator.fit()`` with ``logs=True``, their defaults): one stream per host, named
``<job>/algo-<n>-<epoch>`` in ``/aws/sagemaker/{Training,Processing,Transform}Jobs``.
Here each stream is a host's log; every line is an event stamped with the job's creation
time, so the SDK's (timestamp, skip) positions stay valid while lines are appended.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dagmaker.errors import NotFound
from dagmaker.server.wire_output import as_datetime

# Log group -> (describe method, its name argument, the instance-count path).
_GROUPS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "/aws/sagemaker/TrainingJobs": (
        "describe_training_job",
        "TrainingJobName",
        ("ResourceConfig", "InstanceCount"),
    ),
    "/aws/sagemaker/ProcessingJobs": (
        "describe_processing_job",
        "ProcessingJobName",
        ("ProcessingResources", "ClusterConfig", "InstanceCount"),
    ),
    "/aws/sagemaker/TransformJobs": (
        "describe_transform_job",
        "TransformJobName",
        ("TransformResources", "InstanceCount"),
    ),
}
_MAX_EVENTS = 10_000


class JobLogs:
    """The two CloudWatch Logs operations the SageMaker SDK uses, answered from job logs.

    Args:
        client: The SageMaker client (``describe_*_job`` and ``get_job_log``).
    """

    def __init__(self, client: Any) -> None:
        self.client = client

    def describe_log_streams(
        self, logGroupName: str, logStreamNamePrefix: str = "", **_: Any
    ) -> dict[str, Any]:
        """The streams of the job named by the prefix (``<job>/``), one per host."""
        job = logStreamNamePrefix.split("/", 1)[0]
        if not job:
            return {"logStreams": []}
        try:
            described = self._describe(logGroupName, job)
        except NotFound:
            return {"logStreams": []}
        stamp = _millis(described.get("CreationTime"))
        names = [
            _stream(job, host, stamp) for host in range(1, _instances(logGroupName, described) + 1)
        ]
        return {
            "logStreams": [
                {"logStreamName": n, "creationTime": stamp, "firstEventTimestamp": stamp}
                for n in names
                if n.startswith(logStreamNamePrefix)
            ]
        }

    def get_log_events(
        self,
        logGroupName: str,
        logStreamName: str,
        startTime: int | None = None,
        nextToken: str | None = None,
        limit: int | None = None,
        **_: Any,
    ) -> dict[str, Any]:
        """A host's log lines as events, from the start or from ``nextToken`` on.

        Raises:
            NotFound: for a stream that is not ``<job>/algo-<n>-<epoch>`` of a known job.
        """
        job, host, stamp = _parse_stream(logStreamName)
        self._describe(logGroupName, job)
        text = self.client.get_job_log(JobName=job, Host=host, Offset=0)["Log"]
        lines = [line for line in text.splitlines() if line.strip()]
        if startTime is not None and stamp < startTime:
            lines = []
        start = int(nextToken[2:]) if nextToken and nextToken[2:].isdigit() else 0
        end = min(len(lines), start + (limit or _MAX_EVENTS))
        events = [
            {"timestamp": stamp, "message": line, "ingestionTime": stamp}
            for line in lines[start:end]
        ]
        return {"events": events, "nextForwardToken": f"f/{end}", "nextBackwardToken": f"b/{start}"}

    def _describe(self, group: str, job: str) -> dict[str, Any]:
        if group not in _GROUPS:
            raise NotFound(f"The specified log group does not exist: {group}")
        method, argument, _ = _GROUPS[group]
        described: dict[str, Any] = getattr(self.client, method)(**{argument: job})
        return described


def _instances(group: str, described: dict[str, Any]) -> int:
    value: Any = described
    for key in _GROUPS[group][2]:
        value = value.get(key, {}) if isinstance(value, dict) else {}
    return value if isinstance(value, int) and value > 0 else 1


def _stream(job: str, host: int, stamp: int) -> str:
    return f"{job}/algo-{host}-{stamp // 1000}"


def _parse_stream(name: str) -> tuple[str, str, int]:
    job, _, rest = name.partition("/")
    parts = rest.split("-")
    if len(parts) != 3 or parts[0] != "algo" or not parts[1].isdigit() or not parts[2].isdigit():
        raise NotFound(f"The specified log stream does not exist: {name}")
    return job, f"algo-{parts[1]}", int(parts[2]) * 1000


def _millis(value: Any) -> int:
    moment = as_datetime(value) if value is not None else datetime.now(UTC)
    return int(moment.timestamp()) * 1000
