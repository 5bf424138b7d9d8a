"""Settings, read once at an entry point (CLI, server, API connect) and passed down.

Importing dagmaker reads nothing; :meth:`Settings.from_env` is called explicitly.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_BUCKET = "dagmaker-default-bucket"


@dataclass(frozen=True)
class Settings:
    """Where dagmaker keeps its state and how it runs jobs.

    Attributes:
        home: ``DAGMAKER_HOME`` (default ``./.dagmaker``): database, artifacts, logs.
        database_url: ``DAGMAKER_DATABASE_URL``; default SQLite at ``home/dagmaker.db``.
        default_bucket: ``DAGMAKER_DEFAULT_BUCKET``.
        sandbox: ``DAGMAKER_SANDBOX``: ``auto``, ``namespace`` or ``rewrite``.
        job_slots: ``DAGMAKER_JOB_SLOTS``: job processes this machine runs at once
            (0: four per CPU).
        stop_grace_seconds: ``DAGMAKER_STOP_GRACE_SECONDS``: how long a stopped job gets
            between SIGTERM and SIGKILL.
        artifact_store: ``DAGMAKER_ARTIFACT_STORE``: ``local`` (files under ``home/s3``) or
            ``s3`` (an S3-compatible service; the default when an endpoint is set).
        s3_endpoint_url: ``DAGMAKER_S3_ENDPOINT_URL``: the S3-compatible service (MinIO, ...);
            empty for AWS S3. Credentials and region come from the standard AWS variables.
        s3_part_size: ``DAGMAKER_S3_PART_SIZE``: bytes per part of large transfers (0: the
            store's default, 8 MiB; at least 5 MiB).
        s3_multipart_threshold: ``DAGMAKER_S3_MULTIPART_THRESHOLD``: objects this large or
            larger travel in parts (0: the store's default, 8 MiB).
        backend: ``DAGMAKER_BACKEND``: ``local`` (processes on this machine) or ``ray``
            (Ray work on the cluster that Ray finds: ``RAY_ADDRESS``).
    """

    home: Path
    database_url: str
    default_bucket: str = DEFAULT_BUCKET
    sandbox: str = "auto"
    job_slots: int = 0
    stop_grace_seconds: float = 10.0
    artifact_store: str = "local"
    s3_endpoint_url: str = ""
    s3_part_size: int = 0
    s3_multipart_threshold: int = 0
    backend: str = "local"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from environment variables (``os.environ`` by default)."""
        source = os.environ if env is None else env
        home = Path(source.get("DAGMAKER_HOME", ".dagmaker")).expanduser().resolve()
        url = source.get("DAGMAKER_DATABASE_URL") or f"sqlite:///{home / 'dagmaker.db'}"
        endpoint = source.get("DAGMAKER_S3_ENDPOINT_URL", "")
        return cls(
            home=home,
            database_url=url,
            default_bucket=source.get("DAGMAKER_DEFAULT_BUCKET", DEFAULT_BUCKET),
            sandbox=source.get("DAGMAKER_SANDBOX", "auto"),
            job_slots=int(source.get("DAGMAKER_JOB_SLOTS", "0")),
            stop_grace_seconds=float(source.get("DAGMAKER_STOP_GRACE_SECONDS", "10")),
            artifact_store=source.get("DAGMAKER_ARTIFACT_STORE") or ("s3" if endpoint else "local"),
            s3_endpoint_url=endpoint,
            s3_part_size=int(source.get("DAGMAKER_S3_PART_SIZE") or "0"),
            s3_multipart_threshold=int(source.get("DAGMAKER_S3_MULTIPART_THRESHOLD") or "0"),
            backend=source.get("DAGMAKER_BACKEND") or "local",
        )

    @property
    def artifacts_root(self) -> Path:
        """Directory holding ``s3://bucket/key`` objects as ``<root>/bucket/key``."""
        return self.home / "s3"

    @property
    def jobs_root(self) -> Path:
        """Directory holding per-job workspaces and logs."""
        return self.home / "jobs"
