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

from dagmaker.errors import Conflict, NotFound
from dagmaker.records.monitoring import MonitoringRunRecord, ScheduleRecord
from dagmaker.storage.db.codec import Row, document, encoded, instant, moment
from dagmaker.storage.db.connection import Database, SqlSession

_COLUMNS = (
    "name, arn, execution_arn, monitoring_type, config, config_version, applied_version, "
    "definition, wanted, run_requests, status, endpoint_name, last_execution, tags, "
    "created_at, last_modified_at"
)
# ON CONFLICT ... DO NOTHING lets the primary key settle a race two creators run on
# PostgreSQL, where both can see the name free; RETURNING says who won.
_INSERT = (
    f"INSERT INTO monitoring_schedules ({_COLUMNS}) VALUES (:name, :arn, :execution_arn, "
    ":monitoring_type, :config, :config_version, :applied_version, :definition, :wanted, "
    ":run_requests, :status, :endpoint_name, :last_execution, :tags, :created_at, "
    ":last_modified_at) ON CONFLICT (name) DO NOTHING RETURNING name"
)
_SELECT = f"SELECT {_COLUMNS} FROM monitoring_schedules"
_BY_NAME_OR_ARN = "(name = :name OR arn = :name)"
_RUN_COLUMNS = "schedule_name, execution_arn, job_name, scheduled_time, status, summary, created_at"
# One statement, so concurrent puts of one run never collide; a replaced run keeps its
# creation time (and id).
_PUT_RUN = (
    f"INSERT INTO monitoring_runs ({_RUN_COLUMNS}) VALUES (:schedule_name, :execution_arn, "
    ":job_name, :scheduled_time, :status, :summary, :created_at) "
    "ON CONFLICT (execution_arn, job_name) DO UPDATE SET "
    "schedule_name = excluded.schedule_name, scheduled_time = excluded.scheduled_time, "
    "status = excluded.status, summary = excluded.summary"
)


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
        with self.db.writing() as sql:
            inserted = self._insert(sql, record)
        if not inserted:
            raise Conflict(
                f"a monitoring schedule named {record.name!r} already exists",
                field="MonitoringScheduleName",
                value=record.name,
                hint="Delete it first, or choose another name.",
            )

    def _insert(self, sql: SqlSession, record: ScheduleRecord) -> bool:
        """Insert the schedule unless its name is taken; whether it was inserted."""
        now = record.created_at or datetime.now(UTC)
        values = {
            "name": record.name,
            "arn": record.arn,
            "execution_arn": record.execution_arn,
            "monitoring_type": record.monitoring_type,
            "config": encoded(record.config),
            "config_version": record.config_version,
            "applied_version": record.applied_version,
            "definition": encoded(record.definition),
            "wanted": record.wanted,
            "run_requests": record.run_requests,
            "status": record.status,
            "endpoint_name": record.endpoint_name,
            "last_execution": encoded(record.last_execution),
            "tags": encoded(record.tags),
            "created_at": now,
            "last_modified_at": now,
        }
        return bool(sql.rows(_INSERT, values))

    def get(self, name: str) -> ScheduleRecord:
        """The schedule with this name (or ARN).

        Raises:
            NotFound: naming the schedule.
        """
        with self.db.reading() as sql:
            rows = sql.rows(f"{_SELECT} WHERE {_BY_NAME_OR_ARN}", {"name": name})
        if not rows:
            raise NotFound(
                f"monitoring schedule {name!r} does not exist",
                field="MonitoringScheduleName",
                value=name,
                hint="List schedules with `dagmaker monitoring list`.",
            )
        return _schedule(rows[0])

    def list(self) -> list[ScheduleRecord]:
        """Every schedule, oldest first."""
        with self.db.reading() as sql:
            rows = sql.rows(f"{_SELECT} ORDER BY created_at, name")
        return [_schedule(r) for r in rows]

    def update_config(self, name: str, config: dict[str, Any], definition: dict[str, Any]) -> int:
        """Replace the configuration; returns its new version.

        Raises:
            NotFound: naming the schedule.
        """
        with self.db.writing() as sql:
            version = self._current(sql, name).config_version + 1
            self._change(
                sql,
                name,
                config=encoded(config),
                definition=encoded(definition),
                config_version=version,
            )
        return version

    def set_wanted(self, name: str, wanted: str) -> None:
        """Ask for the schedule to be ``Scheduled`` or ``Stopped``.

        Raises:
            NotFound: naming the schedule.
        """
        with self.db.writing() as sql:
            self._current(sql, name)
            self._change(sql, name, wanted=wanted)

    def request_run(self, name: str) -> int:
        """Ask for one run now; returns how many runs were asked for so far.

        Raises:
            NotFound: naming the schedule.
        """
        with self.db.writing() as sql:
            count = self._current(sql, name).run_requests + 1
            self._change(sql, name, run_requests=count)
        return count

    def delete(self, name: str) -> ScheduleRecord:
        """Remove the schedule (its runs stay, listed under its old execution).

        Raises:
            NotFound: naming the schedule.
        """
        with self.db.writing() as sql:
            record = self._current(sql, name)
            sql.run("DELETE FROM monitoring_schedules WHERE name = :name", {"name": record.name})
        return record

    def _current(self, sql: SqlSession, name: str) -> ScheduleRecord:
        # Locked on PostgreSQL: the caller writes what it derives from this read (a version,
        # a count), which a concurrent request must not overwrite.
        lock = " FOR UPDATE" if sql.dialect == "postgresql" else ""
        rows = sql.rows(f"{_SELECT} WHERE {_BY_NAME_OR_ARN}{lock}", {"name": name})
        if not rows:
            raise NotFound(
                f"monitoring schedule {name!r} does not exist",
                field="MonitoringScheduleName",
                value=name,
            )
        return _schedule(rows[0])

    def _change(self, sql: SqlSession, name: str, **values: Any) -> None:
        # The SET clause is made of the callers' fixed column names only.
        changes = ", ".join(f"{column} = :{column}" for column in values)
        sql.run(
            f"UPDATE monitoring_schedules SET last_modified_at = :last_modified_at, {changes} "
            f"WHERE {_BY_NAME_OR_ARN}",
            values | {"last_modified_at": datetime.now(UTC), "name": name},
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
        with self.db.writing() as sql:
            sql.run(
                "UPDATE monitoring_schedules SET status = :status, "
                "applied_version = :applied_version, last_execution = :last_execution "
                "WHERE execution_arn = :execution_arn",
                {
                    "status": status,
                    "applied_version": applied_version,
                    "last_execution": encoded(last_execution),
                    "execution_arn": execution_arn,
                },
            )

    def put_run(self, run: MonitoringRunRecord) -> None:
        """Insert or replace one run's summary."""
        values = {
            "schedule_name": run.schedule_name,
            "execution_arn": run.execution_arn,
            "job_name": run.job_name,
            "scheduled_time": run.scheduled_time,
            "status": run.status,
            "summary": encoded(run.summary),
            "created_at": run.created_at or datetime.now(UTC),
        }
        with self.db.writing() as sql:
            sql.run(_PUT_RUN, values)

    def runs(self, execution_arn: str | None = None) -> builtins.list[MonitoringRunRecord]:
        """Runs of one schedule execution (or of every schedule), by scheduled time."""
        query = f"SELECT {_RUN_COLUMNS} FROM monitoring_runs"
        if execution_arn is not None:
            query += " WHERE execution_arn = :execution_arn"
        with self.db.reading() as sql:
            rows = sql.rows(
                f"{query} ORDER BY scheduled_time, id", {"execution_arn": execution_arn}
            )
        return [_run(r) for r in rows]


def _schedule(m: Row) -> ScheduleRecord:
    return ScheduleRecord(
        name=m["name"],
        arn=m["arn"],
        execution_arn=m["execution_arn"],
        monitoring_type=m["monitoring_type"],
        config=document(m["config"]),
        definition=document(m["definition"]),
        config_version=m["config_version"],
        applied_version=m["applied_version"],
        wanted=m["wanted"],
        run_requests=m["run_requests"],
        status=m["status"],
        endpoint_name=m["endpoint_name"],
        last_execution=document(m["last_execution"]),
        tags=list(document(m["tags"]) or []),
        created_at=moment(m["created_at"]),
        last_modified_at=moment(m["last_modified_at"]),
    )


def _run(m: Row) -> MonitoringRunRecord:
    return MonitoringRunRecord(
        schedule_name=m["schedule_name"],
        execution_arn=m["execution_arn"],
        job_name=m["job_name"],
        scheduled_time=instant(m["scheduled_time"]),
        status=m["status"],
        summary=document(m["summary"]),
        created_at=moment(m["created_at"]),
    )
