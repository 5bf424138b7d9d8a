"""A started job: its name, its Describe* response, waiting for it to end.

Waiting polls the Describe* call of the session's SageMaker client until the job
reaches a terminal status, and raises :class:`~dagmaker.errors.JobFailure` with the
job's ``FailureReason`` when it failed. Logs are shown through the session's
``logs_for_job`` / ``logs_for_processing_job`` when the session has them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, ClassVar

from dagmaker.errors import JobFailure

logger = logging.getLogger(__name__)

TERMINAL_STATUSES = ("Completed", "Failed", "Stopped")


class _Job:
    """Base of started jobs; subclasses name their API calls in class attributes.

    Attributes:
        sagemaker_session: The session the job was started through.
        job_name: The job's name.
    """

    KIND: ClassVar[str] = "job"
    NAME_FIELD: ClassVar[str] = ""
    STATUS_FIELD: ClassVar[str] = ""
    DESCRIBE: ClassVar[str] = ""
    STOP: ClassVar[str] = ""
    LOGS: ClassVar[str] = ""
    POLL_SECONDS: ClassVar[float] = 0.5

    def __init__(self, sagemaker_session: Any, job_name: str) -> None:
        self.sagemaker_session = sagemaker_session
        self.job_name = job_name

    @property
    def name(self) -> str:
        """The job's name."""
        return self.job_name

    def describe(self) -> dict[str, Any]:
        """The job's Describe* response."""
        call = getattr(self.sagemaker_session.sagemaker_client, self.DESCRIBE)
        response: dict[str, Any] = call(**{self.NAME_FIELD: self.job_name})
        return response

    def stop(self) -> None:
        """Ask the service to stop the job."""
        call = getattr(self.sagemaker_session.sagemaker_client, self.STOP)
        call(**{self.NAME_FIELD: self.job_name})

    def wait(self, logs: Any = True) -> dict[str, Any]:
        """Wait until the job ends; show its log first when ``logs`` asks for it.

        Returns:
            The final Describe* response.

        Raises:
            JobFailure: when the job ended Failed; the message holds its FailureReason.
        """
        show_logs = getattr(self.sagemaker_session, self.LOGS, None)
        if logs and logs != "None" and callable(show_logs):
            show_logs(self.job_name, wait=True)
        return wait_until_done(self, sleep=time.sleep)


_STILL_RUNNING = frozenset({"InProgress", "Stopping"})


def wait_until_done(job: _Job, sleep: Callable[[float], None]) -> dict[str, Any]:
    """Wait until the job has a terminal status; raise if the job failed.

    A client that can block until the job ends (dagmaker's own) is asked to; any other
    client is polled with ``describe``.
    """
    waiter = getattr(job.sagemaker_session.sagemaker_client, "wait_for_job", None)
    if callable(waiter):
        # In slices short enough for a request to a server.
        while True:
            done = waiter(JobName=job.job_name, MaxWaitSeconds=20)
            # Only a job still running is waited on again; anything else goes to describe.
            if not isinstance(done, dict) or done.get("JobStatus") not in _STILL_RUNNING:
                break
    description = job.describe()
    while description.get(job.STATUS_FIELD) not in TERMINAL_STATUSES:
        sleep(job.POLL_SECONDS)
        description = job.describe()
    status = description[job.STATUS_FIELD]
    if status == "Failed":
        reason = description.get("FailureReason") or "no failure reason was recorded"
        raise JobFailure(
            f"{job.KIND} {job.job_name!r} failed: {reason}",
            value=job.job_name,
            hint=f"{job.DESCRIBE}({job.NAME_FIELD}={job.job_name!r}) shows the job's details",
        )
    if status == "Stopped":
        logger.warning("%s %r was stopped before it completed", job.KIND, job.job_name)
    return description
