"""Waiting for an execution to end: woken by this process's own driver, or by polling.

``wait()`` returns as soon as the execution ends, without spinning: when this process
drives the execution it sleeps on the driver's end; otherwise it reads one indexed
status column every 50 ms. A waiter also makes sure someone drives what it waits for:
an execution whose driver died gets a background worker.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from dagmaker.api.driving import local_driving
from dagmaker.api.ownership import STALE_AFTER, orphaned
from dagmaker.api.services import Services
from dagmaker.api.worker_process import ensure_worker
from dagmaker.records.records import JobRecord
from dagmaker.records.statuses import ExecutionStatus

POLL_SECONDS = 0.05
_CHECK_DRIVER_EVERY = 2.0


def wait_for_execution(
    services: Services, arn: str, max_wait: float | None = None
) -> ExecutionStatus:
    """Block until the execution ends or ``max_wait`` seconds pass; return its status."""
    deadline = None if max_wait is None else time.monotonic() + max_wait
    next_check = time.monotonic() + _CHECK_DRIVER_EVERY
    while True:
        status = services.executions.status(arn)
        remaining = None if deadline is None else deadline - time.monotonic()
        if status.terminal or (remaining is not None and remaining <= 0):
            return status
        ended = local_driving(services).ended_event(arn)
        pause = POLL_SECONDS if ended is None else 0.5
        pause = pause if remaining is None else min(pause, remaining)
        if ended is not None:
            ended.wait(pause)
            continue
        time.sleep(pause)
        if time.monotonic() >= next_check:
            next_check = time.monotonic() + _CHECK_DRIVER_EVERY
            _see_it_driven(services, arn)


def _see_it_driven(services: Services, arn: str) -> None:
    record = services.executions.get(arn)
    stale = record.heartbeat_at is None or datetime.now(UTC) - record.heartbeat_at > STALE_AFTER
    if not record.owner or orphaned(record.owner) or stale:
        ensure_worker(services.settings)


def wait_for_job(services: Services, name: str, max_wait: float | None = None) -> JobRecord:
    """Block until the job ends or ``max_wait`` seconds pass; return its record."""
    record = services.jobs.get(name)
    if record.execution_arn.startswith(record.arn):
        # A job started on its own ends with its one-step execution.
        wait_for_execution(services, record.execution_arn, max_wait)
        return services.jobs.get(record.name)
    deadline = None if max_wait is None else time.monotonic() + max_wait
    while not record.status.terminal:
        if deadline is not None and time.monotonic() >= deadline:
            break
        time.sleep(POLL_SECONDS)
        record = services.jobs.get(record.name)
    return record
