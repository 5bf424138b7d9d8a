"""Driving executions, here or in the background worker, on one road.

Whoever owns an execution drives it with the same loop: the process that started it
(at once, so the first step starts without waiting for another process), the background
worker (an execution whose owner died or exited), or ``dagmaker server``. Writes are
fenced by ownership, so two drivers can never both act on one execution.
"""

from __future__ import annotations

import atexit
import logging
import threading
import traceback
from datetime import UTC, datetime

from dagmaker.api.job_settling import settle_job
from dagmaker.api.ownership import owner_id
from dagmaker.api.services import Services
from dagmaker.api.worker_process import LOG_NAME, ensure_worker
from dagmaker.engine.scheduler import Outcome
from dagmaker.errors import LeaseLost
from dagmaker.records import events as ev
from dagmaker.records.statuses import ExecutionStatus

# A started execution still running after this long gets a background worker ready to
# carry it on, should this process end abruptly; short ones never need one.
ADOPT_AFTER_SECONDS = 1.0
_log = logging.getLogger("dagmaker.driving")


def drive(services: Services, arn: str, handoff: threading.Event | None = None) -> Outcome | None:
    """Drive an execution this process owns until it ends; None if handed off or taken over.

    An error inside dagmaker ends the execution Failed with a reason that says so and
    where the traceback is; it is never left for a worker to retry in a loop.
    """
    # The engine and the runners load here, when this process first drives: commands
    # that only read never pay for them.
    from dagmaker.api import wiring

    owner = owner_id()
    record = services.executions.get(arn)
    log = services.event_log.for_owner(owner)
    try:
        outcome = wiring.driver(services, log).run(record, handoff)
    except LeaseLost:
        return None
    except Exception as exc:
        return _crashed(services, arn, owner, exc)
    log.release(arn)
    if outcome is not None and record.kind == "job":
        settle_job(services, record, outcome)
    return outcome


def _crashed(services: Services, arn: str, owner: str, exc: Exception) -> Outcome:
    _log.error("driving %s failed:\n%s", arn, traceback.format_exc())
    where = services.settings.home / LOG_NAME
    reason = f"Internal error in dagmaker: {exc!r} (the traceback is in {where})"
    outcome = Outcome(ExecutionStatus.FAILED, reason)
    log = services.event_log.for_owner(owner)
    try:
        log.append(
            arn, [ev.ExecutionFinished(datetime.now(UTC), status=outcome.status, reason=reason)]
        )
    except Exception:
        # The store itself is failing: keep the claim (no heartbeat), so that a worker
        # tries again only once the claim goes stale instead of at once and for ever.
        _log.error("could not record the failure of %s:\n%s", arn, traceback.format_exc())
        return outcome
    log.release(arn)
    return outcome


class LocalDriving:
    """Executions this process drives in background threads.

    When the process exits, running executions are handed to the background worker
    (the loop stops acting, releases its claim, and the worker carries on from the log;
    jobs keep running and are re-attached).
    """

    def __init__(self, services: Services) -> None:
        self.services = services
        self.handoff = threading.Event()
        self.running: dict[str, threading.Event] = {}
        self.threads: dict[str, threading.Thread] = {}
        self.lock = threading.Lock()
        self._adopter: threading.Timer | None = None
        atexit.register(self.hand_over)

    def submit(self, arn: str) -> None:
        """Start driving ``arn`` (owned by this process) in a thread of its own."""
        ended = threading.Event()
        thread = threading.Thread(
            target=self._drive, args=(arn, ended), name=f"drive-{arn[-12:]}", daemon=True
        )
        with self.lock:
            self.running[arn] = ended
            self.threads[arn] = thread
        thread.start()
        self._schedule_adopter()

    def ended_event(self, arn: str) -> threading.Event | None:
        """Set when this process stops driving ``arn``; None if it does not drive it."""
        with self.lock:
            return self.running.get(arn)

    def _drive(self, arn: str, ended: threading.Event) -> None:
        try:
            drive(self.services, arn, self.handoff)
        finally:
            with self.lock:
                self.running.pop(arn, None)
                self.threads.pop(arn, None)
            ended.set()

    def _schedule_adopter(self) -> None:
        with self.lock:
            if self._adopter is not None:
                return
            self._adopter = threading.Timer(ADOPT_AFTER_SECONDS, self._ready_adopter)
            self._adopter.daemon = True
            self._adopter.start()

    def _ready_adopter(self) -> None:
        with self.lock:
            self._adopter = None
            busy = bool(self.running)
        if busy:
            ensure_worker(self.services.settings)

    def hand_over(self, timeout: float = 2.0) -> None:
        """Let every execution go to the background worker (called at exit)."""
        with self.lock:
            threads = list(self.threads.values())
        if not threads:
            return
        self.handoff.set()
        for thread in threads:
            thread.join(timeout)
        ensure_worker(self.services.settings)


_LOCAL: dict[int, LocalDriving] = {}
_LOCAL_LOCK = threading.Lock()


def local_driving(services: Services) -> LocalDriving:
    """The one :class:`LocalDriving` of this process for these services."""
    with _LOCAL_LOCK:
        key = id(services)
        if key not in _LOCAL:
            _LOCAL[key] = LocalDriving(services)
        return _LOCAL[key]
