"""Build the concrete objects behind the API from settings (the only place that does)."""

from __future__ import annotations

import json
import sqlite3
import threading
from functools import cached_property
from typing import TYPE_CHECKING, Any

from dagmaker.errors import StorageProblem
from dagmaker.settings import Settings
from dagmaker.storage.artifacts.configured import artifact_store
from dagmaker.storage.db.connection import Database, open_database
from dagmaker.storage.db.migrations import migrate
from dagmaker.storage.home import disk_full, prepare_home

if TYPE_CHECKING:
    from dagmaker.storage.artifacts.protocol import ArtifactStore
    from dagmaker.storage.db.cache_index import SqlCacheIndex
    from dagmaker.storage.db.callbacks import CallbackRepository
    from dagmaker.storage.db.emr_clusters import EmrClusterRepository
    from dagmaker.storage.db.endpoints import EndpointConfigRepository, EndpointRepository
    from dagmaker.storage.db.event_log import SqlEventLog
    from dagmaker.storage.db.executions import ExecutionRepository
    from dagmaker.storage.db.images import ImageMappingRepository
    from dagmaker.storage.db.jobs import JobRepository
    from dagmaker.storage.db.lambdas import LambdaRepository
    from dagmaker.storage.db.metrics import SqlMetricsStore
    from dagmaker.storage.db.models import ModelRepository
    from dagmaker.storage.db.monitoring_definitions import JobDefinitionRepository
    from dagmaker.storage.db.monitoring_schedules import ScheduleRepository
    from dagmaker.storage.db.pipelines import PipelineRepository
    from dagmaker.storage.db.registry import RegistryRepository
    from dagmaker.storage.db.tags import TagRepository


class Services:
    """Repositories and stores for one ``DAGMAKER_HOME``.

    Building these reads no runner, engine or sandbox code: listing and describing stay
    cheap. Each repository (and its module) is made when first used, so a command that
    lists pipelines loads the pipelines' SQL and nothing else. What running work needs on
    top (the runners' context, the engine driver) is wired in :mod:`dagmaker.api.wiring`.
    """

    def __init__(self, settings: Settings, db: Database, artifacts: ArtifactStore) -> None:
        self.settings = settings
        self.db = db
        self.artifacts = artifacts

    @cached_property
    def pipelines(self) -> PipelineRepository:
        """Pipelines."""
        from dagmaker.storage.db.pipelines import PipelineRepository

        return PipelineRepository(self.db)

    @cached_property
    def executions(self) -> ExecutionRepository:
        """Executions (pipelines' and jobs started on their own)."""
        from dagmaker.storage.db.executions import ExecutionRepository

        return ExecutionRepository(self.db)

    @cached_property
    def jobs(self) -> JobRepository:
        """Jobs' Describe* documents."""
        from dagmaker.storage.db.jobs import JobRepository

        return JobRepository(self.db)

    @cached_property
    def event_log(self) -> SqlEventLog:
        """Executions' event log."""
        from dagmaker.storage.db.event_log import SqlEventLog

        return SqlEventLog(self.db)

    @cached_property
    def cache(self) -> SqlCacheIndex:
        """The step cache's index."""
        from dagmaker.storage.db.cache_index import SqlCacheIndex

        return SqlCacheIndex(self.db)

    @cached_property
    def images(self) -> ImageMappingRepository:
        """Image URI → runtime mappings."""
        from dagmaker.storage.db.images import ImageMappingRepository

        return ImageMappingRepository(self.db)

    @cached_property
    def callbacks(self) -> CallbackRepository:
        """Callback steps' messages and tokens."""
        from dagmaker.storage.db.callbacks import CallbackRepository

        return CallbackRepository(self.db)

    @cached_property
    def lambdas(self) -> LambdaRepository:
        """Local Lambda functions."""
        from dagmaker.storage.db.lambdas import LambdaRepository

        return LambdaRepository(self.db, self.settings.home / "lambdas")

    @cached_property
    def models(self) -> ModelRepository:
        """Models (CreateModel)."""
        from dagmaker.storage.db.models import ModelRepository

        return ModelRepository(self.db)

    @cached_property
    def registry(self) -> RegistryRepository:
        """Model package groups and packages."""
        from dagmaker.storage.db.registry import RegistryRepository

        return RegistryRepository(self.db)

    @cached_property
    def endpoints(self) -> EndpointRepository:
        """Endpoints."""
        from dagmaker.storage.db.endpoints import EndpointRepository

        return EndpointRepository(self.db)

    @cached_property
    def endpoint_configs(self) -> EndpointConfigRepository:
        """Endpoint configurations."""
        from dagmaker.storage.db.endpoints import EndpointConfigRepository

        return EndpointConfigRepository(self.db)

    @cached_property
    def job_definitions(self) -> JobDefinitionRepository:
        """Monitoring job definitions."""
        from dagmaker.storage.db.monitoring_definitions import JobDefinitionRepository

        return JobDefinitionRepository(self.db)

    @cached_property
    def schedules(self) -> ScheduleRepository:
        """Monitoring schedules and their runs."""
        from dagmaker.storage.db.monitoring_schedules import ScheduleRepository

        return ScheduleRepository(self.db)

    @cached_property
    def metrics(self) -> SqlMetricsStore:
        """Monitoring metrics."""
        from dagmaker.storage.db.metrics import SqlMetricsStore

        return SqlMetricsStore(self.db)

    @cached_property
    def emr_clusters(self) -> EmrClusterRepository:
        """EMR cluster id → Spark master."""
        from dagmaker.storage.db.emr_clusters import EmrClusterRepository

        return EmrClusterRepository(self.db)

    @cached_property
    def tags(self) -> TagRepository:
        """Resource tags."""
        from dagmaker.storage.db.tags import TagRepository

        return TagRepository(self.db)

    def read_json(self, uri: str) -> Any:
        """Parse the JSON object stored at ``uri``."""
        return json.loads(self.artifacts.read_bytes(uri))


def _database_problem(settings: Settings, exc: Exception) -> StorageProblem:
    where = settings.database_url
    cause = getattr(exc, "orig", None)
    detail = str(cause) if cause is not None else str(exc)
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
    except sqlite3.DatabaseError as exc:
        raise _database_problem(settings, exc) from None
    except Exception as exc:
        if not _driver_error(exc):
            raise
        raise _database_problem(settings, exc) from None
    return Services(settings, db, artifact_store(settings))


def _driver_error(exc: Exception) -> bool:
    # SQLAlchemy's wrapper of a driver's error; imported only once an error needs it.
    from sqlalchemy.exc import DBAPIError

    return isinstance(exc, DBAPIError)
