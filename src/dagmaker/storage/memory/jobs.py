"""The job store in memory, for tests and dry runs."""

from __future__ import annotations

import builtins
import dataclasses
import itertools
import threading

from dagmaker.records.records import JobRecord
from dagmaker.records.statuses import JobStatus
from dagmaker.storage.memory.rows import document, now, utc
from dagmaker.storage.problems import missing_job


class InMemoryJobStore:
    """Describe* documents of jobs in a dict; thread-safe, behaving like ``JobRepository``."""

    def __init__(self) -> None:
        # name → (insertion number, record); the number orders jobs created at one instant.
        self._jobs: dict[str, tuple[int, JobRecord]] = {}
        self._order = itertools.count()
        self._lock = threading.Lock()

    def put(self, record: JobRecord) -> None:
        """Insert or replace a job's document; a replaced job keeps its ``created_at``."""
        at = now()
        with self._lock:
            earlier = self._jobs.get(record.name)
            number = next(self._order) if earlier is None else earlier[0]
            # What is stored always has created_at; the record put may not.
            created = (earlier[1] if earlier else record).created_at
            created = at if created is None else utc(created)
            self._jobs[record.name] = (
                number,
                dataclasses.replace(
                    _copy(record),
                    status=JobStatus(record.status),
                    created_at=created,
                    last_modified_at=at,
                ),
            )

    def get(self, name: str, kind: str | None = None) -> JobRecord:
        """The job with this name (in any case) or ARN, of ``kind`` when given.

        Raises:
            NotFound: naming the job.
        """
        wanted = name.lower()
        with self._lock:
            for _, record in sorted(self._jobs.values(), key=lambda item: item[0]):
                if (record.name.lower() == wanted or record.arn == name) and (
                    not kind or record.kind == kind
                ):
                    return _copy(record)
        raise missing_job(name, kind)

    def list(self, kind: str | None = None, limit: int = 100) -> builtins.list[JobRecord]:
        """Jobs, newest first, optionally of one kind."""
        with self._lock:
            chosen = [item for item in self._jobs.values() if not kind or item[1].kind == kind]
        chosen.sort(key=lambda item: (item[1].created_at, item[0]), reverse=True)
        return [_copy(record) for _, record in chosen[: max(limit, 0)]]


def _copy(record: JobRecord) -> JobRecord:
    return dataclasses.replace(record, describe=document(record.describe))
