"""Session-wide backend servers and per-test databases, for every suite that needs them.

``DAGMAKER_TEST_REQUIRE_BACKENDS=1`` (set by CI) turns "PostgreSQL / the S3 server cannot
be started here" from a skip into a failure, so a machine that lacks them cannot pass
quietly.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from dagmaker.storage.artifacts import (
    ArtifactStore,
    InMemoryArtifactStore,
    LocalArtifactStore,
    S3ArtifactStore,
    S3Config,
)
from dagmaker.storage.db.connection import Database, open_database
from dagmaker.storage.db.migrations import migrate
from tests.backends import postgres, s3

DATABASES = ["sqlite", "postgresql"]
# The runners' metadata stores also have in-memory implementations (dagmaker.storage.memory).
METADATA_STORES = [*DATABASES, "memory"]
ARTIFACT_STORES = ["local", "memory", "s3"]


def backend_unavailable(reason: str) -> None:
    """Skip the test, or fail it when CI requires every backend (DAGMAKER_TEST_REQUIRE_BACKENDS)."""
    if os.environ.get("DAGMAKER_TEST_REQUIRE_BACKENDS"):
        pytest.fail(f"required test backend unavailable: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres.PostgresServer]:
    """One PostgreSQL cluster for the whole session (skips when it cannot run here)."""
    reason = postgres.unavailable()
    if reason:
        backend_unavailable(reason)
    server = postgres.PostgresServer.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[s3.MotoServer]:
    """One S3-API server for the whole session (skips when moto is missing)."""
    reason = s3.unavailable()
    if reason:
        backend_unavailable(reason)
    server = s3.MotoServer.start(tmp_path_factory.mktemp("moto") / "server.log")
    yield server
    server.stop()


@pytest.fixture
def s3_endpoint(moto_server: s3.MotoServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """The S3 server, emptied, with the standard AWS variables set for clients."""
    moto_server.reset()
    for name, value in s3.CLIENT_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return moto_server.endpoint_url


def postgres_url(request: pytest.FixtureRequest, *, migrated: bool = True) -> str:
    """A fresh PostgreSQL database for the requesting test, dropped when the test ends.

    The test must close its own connections first (``Database.dispose()``); the drop ends
    any session still open on it.
    """
    server: postgres.PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create_database(migrated=migrated)
    request.addfinalizer(lambda: server.drop_database(url))
    return url


def database_url_for(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database of ``kind`` (``sqlite`` or ``postgresql``) for one test."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'meta.db'}"
    return postgres_url(request)


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, migrated metadata database, once per backend."""
    return database_url_for(request.param, request, tmp_path)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """The opened database behind ``database_url``; its connections close afterwards."""
    database = open_database(database_url)
    migrate(database)
    yield database
    database.dispose()


@pytest.fixture(params=METADATA_STORES)
def metadata_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database | None]:
    """A fresh, migrated database per SQL backend, then ``None`` for the in-memory stores.

    A contract suite builds its SQL repository on the database, or the in-memory store
    when given ``None``, so that every backend runs the same tests.
    """
    if request.param == "memory":
        yield None
        return
    database = open_database(database_url_for(request.param, request, tmp_path))
    migrate(database)
    yield database
    database.dispose()


def artifact_store_for(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> ArtifactStore:
    """A fresh, empty store of ``kind`` (``s3``: the session's S3-API server, emptied)."""
    if kind == "local":
        return LocalArtifactStore(tmp_path / "store")
    if kind == "memory":
        return InMemoryArtifactStore()
    endpoint: str = request.getfixturevalue("s3_endpoint")
    return S3ArtifactStore(S3Config(endpoint_url=endpoint))
