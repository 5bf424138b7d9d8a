"""Monitoring schedules repository: schedules, what clients ask of them, and their runs.

Clients write the requested side of a schedule (its configuration, started or stopped,
runs asked for now); the schedule's runner writes what happened (status, last run, the
runs' summaries). Each write touches only its own side, so the two never overwrite each
other.
"""

from __future__ import annotations

import builtins
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, select

from dagmaker.errors import Conflict, NotFound
from dagmaker.records.monitoring import MonitoringRunRecord, ScheduleRecord
from dagmaker.storage.db import schema
from dagmaker.storage.db.connection import Database

_S = schema.monitoring_schedules
_R = schema.monitoring_runs


class ScheduleRepository:
    """SQL for the monitoring schedules and monitoring runs tables."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- the requested side ---------------------------------------------------------------

    def create(self, record: ScheduleRecord) -> None:
        """Store a new schedule.

        Raises:
            Conflict: when a schedule with that name exists.
        """
        with self.db.writer.begin() as conn:
            if conn.execute(select(_S.c.name).where(_S.c.name == record.name)).first():
                raise Conflict(
                    f"a monitoring schedule named {record.name!r} already exists",
                    field="MonitoringScheduleName",
                    value=record.name,
                    hint="Delete it first, or choose another name.",
                )
            self._insert(conn, record)

    def _insert(self, conn: Connection, record: ScheduleRecord) -> None:
        now = record.created_at or datetime.now(UTC)
        conn.execute(
            _S.insert().values(
                name=record.name,
                arn=record.arn,
                execution_arn=record.execution_arn,
                monitoring_type=record.monitoring_type,
                config=record.config,
                config_version=record.config_version,
                applied_version=record.applied_version,
                definition=record.definition,
                wanted=record.wanted,
                run_requests=record.run_requests,
                status=record.status,
                endpoint_name=record.endpoint_name,
                last_execution=record.last_execution,
                tags=record.tags,
                created_at=now,
                last_modified_at=now,
            )
        )

    def get(self, name: str) -> ScheduleRecord:
        """The schedule with this name (or ARN).

        Raises:
            NotFound: naming the schedule.
        """
        with self.db.reader.connect() as conn:
            row = conn.execute(select(_S).where((_S.c.name == name) | (_S.c.arn == name))).first()
        if row is None:
            raise NotFound(
                f"monitoring schedule {name!r} does not exist",
                field="MonitoringScheduleName",
                value=name,
                hint="List schedules with `dagmaker monitoring list`.",
            )
        return _schedule(row)

    def list(self) -> list[ScheduleRecord]:
        """Every schedule, oldest first."""
        with self.db.reader.connect() as conn:
            rows = conn.execute(select(_S).order_by(_S.c.created_at, _S.c.name)).all()
        return [_schedule(r) for r in rows]

    def update_config(self, name: str, config: dict[str, Any], definition: dict[str, Any]) -> int:
        """Replace the configuration; returns its new version.

        Raises:
            NotFound: naming the schedule.
        """
        with self.db.writer.begin() as conn:
            version = self._current(conn, name).config_version + 1
            self._change(conn, name, config=config, definition=definition, config_version=version)
        return version

    def set_wanted(self, name: str, wanted: str) -> None:
        """Ask for the schedule to be ``Scheduled`` or ``Stopped``.

        Raises:
            NotFound: naming the schedule.
        """
        with self.db.writer.begin() as conn:
            self._current(conn, name)
            self._change(conn, name, wanted=wanted)

    def request_run(self, name: str) -> int:
        """Ask for one run now; returns how many runs were asked for so far.

        Raises:
            NotFound: naming the schedule.
        """
        with self.db.writer.begin() as conn:
            count = self._current(conn, name).run_requests + 1
            self._change(conn, name, run_requests=count)
        return count

    def delete(self, name: str) -> ScheduleRecord:
        """Remove the schedule (its runs stay, listed under its old execution).

        Raises:
            NotFound: naming the schedule.
        """
        with self.db.writer.begin() as conn:
            record = self._current(conn, name)
            conn.execute(_S.delete().where(_S.c.name == record.name))
        return record

    def _current(self, conn: Connection, name: str) -> ScheduleRecord:
        row = conn.execute(select(_S).where((_S.c.name == name) | (_S.c.arn == name))).first()
        if row is None:
            raise NotFound(
                f"monitoring schedule {name!r} does not exist",
                field="MonitoringScheduleName",
                value=name,
            )
        return _schedule(row)

    def _change(self, conn: Connection, name: str, **values: Any) -> None:
        conn.execute(
            _S.update()
            .where((_S.c.name == name) | (_S.c.arn == name))
            .values(last_modified_at=datetime.now(UTC), **values)
        )

    # -- what happened --------------------------------------------------------------------

    def report(
        self,
        execution_arn: str,
        status: str,
        applied_version: int,
        last_execution: dict[str, Any] | None,
    ) -> None:
        """Record the schedule's state as its runner sees it (ignored once it is gone)."""
        with self.db.writer.begin() as conn:
            conn.execute(
                _S.update()
                .where(_S.c.execution_arn == execution_arn)
                .values(
                    status=status,
                    applied_version=applied_version,
                    last_execution=last_execution,
                )
            )

    def put_run(self, run: MonitoringRunRecord) -> None:
        """Insert or replace one run's summary."""
        values = {
            "schedule_name": run.schedule_name,
            "scheduled_time": run.scheduled_time,
            "status": run.status,
            "summary": run.summary,
        }
        key = (_R.c.execution_arn == run.execution_arn) & (_R.c.job_name == run.job_name)
        with self.db.writer.begin() as conn:
            if not conn.execute(_R.update().where(key).values(**values)).rowcount:
                conn.execute(
                    _R.insert().values(
                        execution_arn=run.execution_arn,
                        job_name=run.job_name,
                        created_at=run.created_at or datetime.now(UTC),
                        **values,
                    )
                )

    def runs(self, execution_arn: str | None = None) -> builtins.list[MonitoringRunRecord]:
        """Runs of one schedule execution (or of every schedule), by scheduled time."""
        query = select(_R)
        if execution_arn is not None:
            query = query.where(_R.c.execution_arn == execution_arn)
        with self.db.reader.connect() as conn:
            rows = conn.execute(query.order_by(_R.c.scheduled_time, _R.c.id)).all()
        return [_run(r) for r in rows]


def _schedule(row: Row[Any]) -> ScheduleRecord:
    m = row._mapping
    return ScheduleRecord(
        name=m["name"],
        arn=m["arn"],
        execution_arn=m["execution_arn"],
        monitoring_type=m["monitoring_type"],
        config=m["config"],
        definition=m["definition"],
        config_version=m["config_version"],
        applied_version=m["applied_version"],
        wanted=m["wanted"],
        run_requests=m["run_requests"],
        status=m["status"],
        endpoint_name=m["endpoint_name"],
        last_execution=m["last_execution"],
        tags=list(m["tags"] or []),
        created_at=m["created_at"],
        last_modified_at=m["last_modified_at"],
    )


def _run(row: Row[Any]) -> MonitoringRunRecord:
    m = row._mapping
    return MonitoringRunRecord(
        schedule_name=m["schedule_name"],
        execution_arn=m["execution_arn"],
        job_name=m["job_name"],
        scheduled_time=m["scheduled_time"],
        status=m["status"],
        summary=m["summary"],
        created_at=m["created_at"],
    )
