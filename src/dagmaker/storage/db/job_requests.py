"""Jobs started outside pipelines, waiting for (or run by) a driver process."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, select

from dagmaker.storage.db import schema
from dagmaker.storage.db.connection import Database

_R = schema.job_requests


@dataclass(frozen=True)
class JobRequest:
    """A CreateXxxJob request and who runs it."""

    name: str
    kind: str
    request: dict[str, Any]
    owner: str
    handle: dict[str, Any] | None


class JobRequestRepository:
    """SQL for the job_requests table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, name: str, kind: str, request: dict[str, Any]) -> None:
        """Queue a job (replacing a finished one of the same name)."""
        with self.db.writer.begin() as conn:
            conn.execute(_R.delete().where(_R.c.name == name, _R.c.done.is_(True)))
            conn.execute(
                _R.insert().values(
                    name=name, kind=kind, request=request, owner="", created_at=datetime.now(UTC)
                )
            )

    def claim(
        self, owner: str, orphaned: Callable[[str], bool], name: str | None = None
    ) -> list[JobRequest]:
        """Take unfinished jobs nobody runs (no owner, or an owner ``orphaned`` says is gone)."""
        condition = _R.c.done.is_(False)
        if name is not None:
            condition = and_(condition, _R.c.name == name)
        with self.db.writer.begin() as conn:
            rows = conn.execute(select(_R).where(condition)).all()
            taken = [r for r in rows if not r.owner or orphaned(r.owner)]
            for row in taken:
                conn.execute(_R.update().where(_R.c.name == row.name).values(owner=owner))
        return [JobRequest(r.name, r.kind, r.request, owner, r.handle) for r in taken]

    def set_handle(self, name: str, handle: dict[str, Any]) -> None:
        """Remember how to re-attach to the job's processes."""
        with self.db.writer.begin() as conn:
            conn.execute(_R.update().where(_R.c.name == name).values(handle=handle))

    def request_stop(self, name: str) -> None:
        """Ask whoever runs the job to stop it."""
        with self.db.writer.begin() as conn:
            conn.execute(_R.update().where(_R.c.name == name).values(stop_requested=True))

    def stop_requested(self, name: str) -> bool:
        """Whether a stop was asked for."""
        with self.db.reader.connect() as conn:
            value = conn.execute(select(_R.c.stop_requested).where(_R.c.name == name)).scalar()
        return bool(value)

    def finish(self, name: str) -> None:
        """The job ended; nobody needs to run it again."""
        with self.db.writer.begin() as conn:
            conn.execute(_R.update().where(_R.c.name == name).values(done=True))

    def pending(self) -> int:
        """How many jobs have not finished."""
        with self.db.reader.connect() as conn:
            return len(conn.execute(select(_R.c.name).where(_R.c.done.is_(False))).all())
