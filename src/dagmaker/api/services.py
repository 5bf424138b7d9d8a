"""Build the concrete objects behind the API from settings (the only place that does)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import DBAPIError

from dagmaker.errors import StorageProblem
from dagmaker.settings import Settings
from dagmaker.storage.artifacts.configured import artifact_store
from dagmaker.storage.artifacts.protocol import ArtifactStore
from dagmaker.storage.db.cache_index import SqlCacheIndex
from dagmaker.storage.db.callbacks import CallbackRepository
from dagmaker.storage.db.connection import Database, open_database
from dagmaker.storage.db.emr_clusters import EmrClusterRepository
from dagmaker.storage.db.endpoints import EndpointConfigRepository, EndpointRepository
from dagmaker.storage.db.event_log import SqlEventLog
from dagmaker.storage.db.executions import ExecutionRepository
from dagmaker.storage.db.images import ImageMappingRepository
from dagmaker.storage.db.jobs import JobRepository
from dagmaker.storage.db.lambdas import LambdaRepository
from dagmaker.storage.db.metrics import SqlMetricsStore
from dagmaker.storage.db.migrations import migrate
from dagmaker.storage.db.models import ModelRepository
from dagmaker.storage.db.monitoring_definitions import JobDefinitionRepository
from dagmaker.storage.db.monitoring_schedules import ScheduleRepository
from dagmaker.storage.db.pipelines import PipelineRepository
from dagmaker.storage.db.registry import RegistryRepository
from dagmaker.storage.db.tags import TagRepository
from dagmaker.storage.home import disk_full, prepare_home


@dataclass
class Services:
    """Repositories and stores for one ``DAGMAKER_HOME``.

    Building these reads no runner, engine or sandbox code: listing and describing stay
    cheap. What running work needs on top (the runners' context, the engine driver) is
    wired in :mod:`dagmaker.api.wiring`.
    """

    settings: Settings
    db: Database
    artifacts: ArtifactStore
    pipelines: PipelineRepository
    executions: ExecutionRepository
    jobs: JobRepository
    event_log: SqlEventLog
    cache: SqlCacheIndex
    images: ImageMappingRepository
    callbacks: CallbackRepository
    lambdas: LambdaRepository
    models: ModelRepository
    registry: RegistryRepository
    endpoints: EndpointRepository
    endpoint_configs: EndpointConfigRepository
    job_definitions: JobDefinitionRepository
    schedules: ScheduleRepository
    metrics: SqlMetricsStore
    emr_clusters: EmrClusterRepository
    tags: TagRepository

    def read_json(self, uri: str) -> Any:
        """Parse the JSON object stored at ``uri``."""
        return json.loads(self.artifacts.read_bytes(uri))


def _database_problem(settings: Settings, exc: DBAPIError) -> StorageProblem:
    where = settings.database_url
    detail = str(exc.orig) if exc.orig is not None else str(exc)
    if disk_full(exc):
        return StorageProblem(
            f"the disk holding {where} is full", hint="Free some space, then run again."
        )
    return StorageProblem(
        f"the metadata database {where} cannot be used: {detail}",
        hint="If the file is damaged, move it aside (dagmaker starts a new, empty one) "
        "or restore it from a backup; check that you may read and write it.",
    )


_CACHE: dict[tuple[str, str, str], Services] = {}
_LOCK = threading.Lock()


def build_services(settings: Settings) -> Services:
    """Services for ``settings``, created (and the database migrated) once per process."""
    key = (str(settings.home), settings.database_url, settings.artifact_store)
    with _LOCK:
        if key not in _CACHE:
            _CACHE[key] = _create(settings)
        return _CACHE[key]


def _create(settings: Settings) -> Services:
    prepare_home(settings.home)
    db = open_database(settings.database_url)
    try:
        migrate(db)
    except DBAPIError as exc:
        raise _database_problem(settings, exc) from None
    return Services(
        settings=settings,
        db=db,
        artifacts=artifact_store(settings),
        pipelines=PipelineRepository(db),
        executions=ExecutionRepository(db),
        jobs=JobRepository(db),
        event_log=SqlEventLog(db),
        cache=SqlCacheIndex(db),
        images=ImageMappingRepository(db),
        callbacks=CallbackRepository(db),
        lambdas=LambdaRepository(db, settings.home / "lambdas"),
        models=ModelRepository(db),
        registry=RegistryRepository(db),
        endpoints=EndpointRepository(db),
        endpoint_configs=EndpointConfigRepository(db),
        job_definitions=JobDefinitionRepository(db),
        schedules=ScheduleRepository(db),
        metrics=SqlMetricsStore(db),
        emr_clusters=EmrClusterRepository(db),
        tags=TagRepository(db),
    )
