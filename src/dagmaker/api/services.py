"""Build the concrete objects behind the API from settings (the only place that does)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any, Literal

from dagmaker.compute import LocalSandbox
from dagmaker.engine.driver import Driver
from dagmaker.runners.capacity import SlotPool, default_slots
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.images import ImageTable
from dagmaker.runners.registry import runner_for
from dagmaker.settings import Settings
from dagmaker.storage.artifacts.local import LocalArtifactStore
from dagmaker.storage.artifacts.protocol import ArtifactStore
from dagmaker.storage.db.cache_index import SqlCacheIndex
from dagmaker.storage.db.callbacks import CallbackRepository
from dagmaker.storage.db.connection import Database, open_database
from dagmaker.storage.db.event_log import SqlEventLog
from dagmaker.storage.db.executions import ExecutionRepository
from dagmaker.storage.db.images import ImageMappingRepository
from dagmaker.storage.db.jobs import JobRepository
from dagmaker.storage.db.lambdas import LambdaRepository
from dagmaker.storage.db.migrations import migrate
from dagmaker.storage.db.models import ModelRepository
from dagmaker.storage.db.pipelines import PipelineRepository
from dagmaker.storage.db.registry import RegistryRepository


@dataclass
class Services:
    """Repositories, stores and factories for one ``DAGMAKER_HOME``."""

    settings: Settings
    db: Database
    artifacts: ArtifactStore
    pipelines: PipelineRepository
    executions: ExecutionRepository
    jobs: JobRepository
    event_log: SqlEventLog
    cache: SqlCacheIndex
    images: ImageMappingRepository
    runner_context: RunnerContext
    callbacks: CallbackRepository
    lambdas: LambdaRepository

    def driver(self, log: SqlEventLog | None = None) -> Driver:
        """An engine driver wired to these services (writing through ``log`` if given)."""
        return Driver(
            log=log or self.event_log,
            runners=lambda step_type: runner_for(step_type, self.runner_context),
            read_json=self.read_json,
            cache=self.cache,
        )

    def read_json(self, uri: str) -> Any:
        """Parse the JSON object stored at ``uri``."""
        return json.loads(self.artifacts.read_bytes(uri))


_CACHE: dict[tuple[str, str], Services] = {}
_LOCK = threading.Lock()


def build_services(settings: Settings) -> Services:
    """Services for ``settings``, created (and the database migrated) once per process."""
    key = (str(settings.home), settings.database_url)
    with _LOCK:
        if key not in _CACHE:
            _CACHE[key] = _create(settings)
        return _CACHE[key]


def _create(settings: Settings) -> Services:
    settings.home.mkdir(parents=True, exist_ok=True)
    db = open_database(settings.database_url)
    migrate(db)
    artifacts = LocalArtifactStore(settings.artifacts_root)
    jobs = JobRepository(db)
    images = ImageMappingRepository(db)
    callbacks = CallbackRepository(db)
    lambdas = LambdaRepository(db, settings.home / "lambdas")
    runner_context = RunnerContext(
        artifacts=artifacts,
        jobs=jobs,
        sandbox=LocalSandbox(mode=_sandbox_mode(settings.sandbox)),
        jobs_root=settings.jobs_root,
        images=ImageTable(images.all),
        slots=SlotPool(settings.home / "slots", default_slots(settings.job_slots)),
        stop_grace_seconds=settings.stop_grace_seconds,
        callbacks=callbacks,
        lambdas=lambdas,
        home=settings.home,
        models=ModelRepository(db),
        registry=RegistryRepository(db),
    )
    return Services(
        settings=settings,
        db=db,
        artifacts=artifacts,
        pipelines=PipelineRepository(db),
        executions=ExecutionRepository(db),
        jobs=jobs,
        event_log=SqlEventLog(db),
        cache=SqlCacheIndex(db),
        images=images,
        runner_context=runner_context,
        callbacks=callbacks,
        lambdas=lambdas,
    )


def _sandbox_mode(value: str) -> Literal["auto", "namespace", "rewrite"]:
    if value == "namespace":
        return "namespace"
    if value == "rewrite":
        return "rewrite"
    return "auto"
