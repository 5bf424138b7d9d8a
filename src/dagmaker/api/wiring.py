"""What running work needs on top of the stores: the runners' context and the driver.

Kept apart from :mod:`dagmaker.api.services` so that commands that only read
(listing, describing) never load runner, engine or sandbox code.
"""

from __future__ import annotations

import functools
import threading
from typing import Any, Literal

from dagmaker.api.services import Services
from dagmaker.compute import LocalSandbox
from dagmaker.compute.protocol import Sandbox
from dagmaker.engine.driver import Driver
from dagmaker.engine.ports import EventLog, StepRunner
from dagmaker.engine.units import CompositeRunner
from dagmaker.errors import InvalidRequest
from dagmaker.runners.capacity import SlotPool, default_slots
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.images import ImageTable
from dagmaker.runners.monitoring.endpoint_capture import endpoint_capture
from dagmaker.runners.registry import runner_for
from dagmaker.storage.artifacts.configured import artifact_store

BACKENDS = ("local", "ray")
# Where job workspaces travel between the engine and cluster nodes (removed after each job).
STAGING_KEY = "dagmaker-staging/ray"

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
    local = LocalSandbox(mode=_sandbox_mode(settings.sandbox))
    sandbox = _job_sandbox(services, local)
    cluster = not isinstance(sandbox, LocalSandbox)
    return RunnerContext(
        artifacts=services.artifacts,
        jobs=services.jobs,
        sandbox=sandbox,
        local_sandbox=local,
        jobs_root=settings.jobs_root,
        images=ImageTable(services.images.all),
        # A cluster keeps its own line for capacity (placement groups).
        slots=None
        if cluster
        else SlotPool(settings.home / "slots", default_slots(settings.job_slots)),
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
        emr_clusters=services.emr_clusters,
    )


def _sandbox_mode(value: str) -> Literal["auto", "namespace", "rewrite"]:
    if value == "namespace":
        return "namespace"
    if value == "rewrite":
        return "rewrite"
    return "auto"


def _job_sandbox(services: Services, local: LocalSandbox) -> Sandbox[Any]:
    """The sandbox that ``DAGMAKER_BACKEND`` names."""
    settings = services.settings
    if settings.backend == "local":
        return local
    if settings.backend != "ray":
        raise InvalidRequest(
            f"Unknown job backend; use one of {', '.join(BACKENDS)}.",
            field="DAGMAKER_BACKEND",
            value=settings.backend,
        )
    from dagmaker.compute.ray_backend import RaySandbox

    return RaySandbox(
        store=services.artifacts,
        store_factory=_node_store_factory(services),
        staging_prefix=f"s3://{settings.default_bucket}/{STAGING_KEY}",
    )


def _node_store_factory(services: Services) -> Any:
    """How a cluster node builds the same artifact store (sent to it by pickling).

    The node reads the S3-compatible store's credentials from its own environment (the
    standard AWS variables), never from this process.
    """
    return functools.partial(artifact_store, services.settings)
