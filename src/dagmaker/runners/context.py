"""What runners get from the API layer: stores, the job sandbox, the image table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagmaker.compute import LocalSandbox
from dagmaker.compute.protocol import Sandbox
from dagmaker.runners.capacity import SlotPool
from dagmaker.runners.images import ImageTable
from dagmaker.storage.artifacts.protocol import ArtifactStore
from dagmaker.storage.metrics import MetricsStore
from dagmaker.storage.ports import (
    CallbackStore,
    EmrClusterStore,
    EndpointConfigStore,
    EndpointStore,
    JobStore,
    LambdaStore,
    ModelStore,
    RegistryStore,
    ScheduleStore,
)


@dataclass
class RunnerContext:
    """Services a step runner needs.

    Attributes:
        artifacts: The artifact store behind ``s3://`` URIs.
        jobs: Where Describe* documents of jobs are kept.
        sandbox: Launches job processes with the ``/opt/ml`` layout (on this machine or
            on a Ray cluster).
        jobs_root: Host directory holding one folder per job (workspaces and logs).
        images: Image URI → runtime.
        slots: How many job processes may run at once on this machine; ``None`` when the
            sandbox keeps its own line (a cluster).
        stop_grace_seconds: Time between SIGTERM and SIGKILL when a job is stopped.
        callbacks: Callback queues and tokens (Callback steps).
        lambdas: Local Lambda functions and their code (Lambda steps).
        home: ``DAGMAKER_HOME``, passed on to Lambda functions so that they can call the
            local API.
        models: CreateModel documents (Model steps; transform jobs look models up here).
        registry: Model package groups and packages (RegisterModel steps).
        endpoints: Endpoints (the endpoint supervisor reads requests, reports status).
        endpoint_configs: Endpoint configurations (what an endpoint serves).
        schedules: Monitoring schedules (their runner reads requests, reports status).
        metrics: Where monitoring runs' metrics are kept.
        capture_locator: Endpoint name → where its captured data is (a
            ``monitoring.capture_inputs.CaptureSource``); None without endpoints.
        emr_clusters: EMR cluster id → Spark master (EMR steps).
        local_sandbox: Runs Lambda functions, which read their code from this machine's
            ``DAGMAKER_HOME``; ``None`` when ``sandbox`` is itself local.
    """

    artifacts: ArtifactStore
    jobs: JobStore
    sandbox: Sandbox[Any]
    jobs_root: Path
    images: ImageTable
    slots: SlotPool | None
    stop_grace_seconds: float = 10.0
    callbacks: CallbackStore | None = None
    lambdas: LambdaStore | None = None
    home: Path | None = None
    models: ModelStore | None = None
    registry: RegistryStore | None = None
    endpoints: EndpointStore | None = None
    endpoint_configs: EndpointConfigStore | None = None
    schedules: ScheduleStore | None = None
    metrics: MetricsStore | None = None
    capture_locator: Callable[[str], Any] | None = None
    emr_clusters: EmrClusterStore | None = None
    local_sandbox: LocalSandbox | None = None

    def function_sandbox(self) -> LocalSandbox:
        """The sandbox that runs processes on this machine (Lambda functions, Spark drivers)."""
        if self.local_sandbox is not None:
            return self.local_sandbox
        if isinstance(self.sandbox, LocalSandbox):
            return self.sandbox
        self.local_sandbox = LocalSandbox()
        return self.local_sandbox
