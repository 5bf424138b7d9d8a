"""The engine's entry point: drive an execution with the given ports."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from dagmaker.engine.loop import ExecutionLoop, LoopSettings
from dagmaker.engine.ports import CacheIndex, Clock, EventLog, SystemClock
from dagmaker.engine.scheduler import Outcome
from dagmaker.engine.units import RunnerLookup
from dagmaker.records.records import ExecutionRecord

JSON = Any


class Driver:
    """Runs executions to the end over the engine's ports.

    Args:
        log: The event log (storage).
        runners: Step type → runner.
        read_json: Reads JSON at an ``s3://`` URI (for JsonGet).
        clock: Time source.
        cache: The cache index, or None to disable caching.
        poll_interval: Longest wait for a step result before checking for a stop (seconds).
        heartbeat_interval: How often the driver tells the log it is alive (seconds).
    """

    def __init__(
        self,
        *,
        log: EventLog,
        runners: RunnerLookup,
        read_json: Callable[[str], JSON],
        clock: Clock | None = None,
        cache: CacheIndex | None = None,
        poll_interval: float = 0.1,
        heartbeat_interval: float = 2.0,
    ) -> None:
        self.log = log
        self.runners = runners
        self.read_json = read_json
        self.clock = clock or SystemClock()
        self.cache = cache
        self.poll_interval = poll_interval
        self.heartbeat_interval = heartbeat_interval

    def run(
        self, record: ExecutionRecord, handoff: threading.Event | None = None
    ) -> Outcome | None:
        """Drive ``record`` until it ends (or resume it after a crash); return how it ended.

        Returns None when ``handoff`` was set first: the execution was let go for another
        process to carry on.
        """
        settings = LoopSettings(
            log=self.log,
            runners=self.runners,
            read_json=self.read_json,
            clock=self.clock,
            cache=self.cache,
            poll_interval=self.poll_interval,
            heartbeat_interval=self.heartbeat_interval,
            handoff=handoff,
        )
        return ExecutionLoop(settings, record).run()
