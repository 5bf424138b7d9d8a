"""What running work needs on top of the stores: the runners' context and the driver.

Kept apart from :mod:`dagmaker.api.services` so that commands that only read
(listing, describing) never load runner, engine or sandbox code.
"""

from __future__ import annotations

import threading
from typing import Literal

from dagmaker.api.services import Services
from dagmaker.compute import LocalSandbox
from dagmaker.engine.driver import Driver
from dagmaker.engine.ports import EventLog, StepRunner
from dagmaker.engine.units import CompositeRunner
from dagmaker.runners.capacity import SlotPool, default_slots
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.images import ImageTable
from dagmaker.runners.monitoring.endpoint_capture import endpoint_capture
from dagmaker.runners.registry import runner_for

_CONTEXTS: dict[int, RunnerContext] = {}
_LOCK = threading.Lock()


def runner_context(services: Services) -> RunnerContext:
    """The runners' context for these services (built once per process)."""
    with _LOCK:
        key = id(services)
        if key not in _CONTEXTS:
            _CONTEXTS[key] = _build(services)
        return _CONTEXTS[key]


def driver(services: Services, log: EventLog | None = None) -> Driver:
    """An engine driver wired to these services, writing through ``log`` if given."""
    context = runner_context(services)

    def lookup(step_type: str) -> StepRunner | CompositeRunner:
        return runner_for(step_type, context)

    return Driver(
        log=log or services.event_log,
        runners=lookup,
        read_json=services.read_json,
        cache=services.cache,
    )


def _build(services: Services) -> RunnerContext:
    settings = services.settings
    return RunnerContext(
        artifacts=services.artifacts,
        jobs=services.jobs,
        sandbox=LocalSandbox(mode=_sandbox_mode(settings.sandbox)),
        jobs_root=settings.jobs_root,
        images=ImageTable(services.images.all),
        slots=SlotPool(settings.home / "slots", default_slots(settings.job_slots)),
        stop_grace_seconds=settings.stop_grace_seconds,
        callbacks=services.callbacks,
        lambdas=services.lambdas,
        home=settings.home,
        models=services.models,
        registry=services.registry,
        endpoints=services.endpoints,
        endpoint_configs=services.endpoint_configs,
        schedules=services.schedules,
        metrics=services.metrics,
        capture_locator=endpoint_capture(services.endpoints, services.endpoint_configs),
    )


def _sandbox_mode(value: str) -> Literal["auto", "namespace", "rewrite"]:
    if value == "namespace":
        return "namespace"
    if value == "rewrite":
        return "rewrite"
    return "auto"
