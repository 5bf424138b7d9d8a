"""The metadata stores' ports: what runners, the registry and serving use of each store.

Each Protocol holds exactly the calls made above storage, so that a second backend (an
in-memory one for tests and dry runs, PostgreSQL, a server's) is a new implementation of
these methods rather than a rewrite of its callers. The SQL repositories in
``dagmaker.storage.db`` and the stores in ``dagmaker.storage.memory`` satisfy them, and the
suites in ``tests/contracts`` hold every backend to the same behaviour. Only
``dagmaker.api`` chooses and builds the concrete stores.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from dagmaker.records.callbacks import CallbackToken
from dagmaker.records.emr import EmrCluster
from dagmaker.records.endpoints import EndpointRecord, EndpointStatus
from dagmaker.records.lambdas import LambdaFunction
from dagmaker.records.monitoring import MonitoringRunRecord, ScheduleRecord
from dagmaker.records.records import JobRecord
from dagmaker.records.registry import PackageBuild, PackageEdit


@runtime_checkable
class JobStore(Protocol):
    """Describe* documents of jobs (processing, training, transform, tuning, Lambda)."""

    def put(self, record: JobRecord) -> None:
        """Insert or replace the job's document; a replaced job keeps its ``created_at``.

        ``last_modified_at`` becomes the time of the call; a record without
        ``created_at`` gets that time too.
        """
        ...

    def get(self, name: str, kind: str | None = None) -> JobRecord:
        """The job with this name (in any case) or ARN, of ``kind`` when given.

        Raises:
            NotFound: naming the job (and its kind).
        """
        ...


@runtime_checkable
class CallbackStore(Protocol):
    """The tokens Callback steps wait on, and the queue their messages go to."""

    def open(
        self, token: str, execution_arn: str, step_name: str, queue_url: str, body: dict[str, Any]
    ) -> bool:
        """Issue ``token`` and post ``body`` to the queue, both or neither.

        Returns:
            False when the token was issued before (nothing is posted again).

        Raises:
            InvalidRequest: when ``queue_url`` names no queue.
        """
        ...

    def post_stopping(self, token: str) -> bool:
        """Post the token's body with ``"status": "Stopping"`` once; False if posted before."""
        ...

    def get(self, token: str) -> CallbackToken:
        """The token's current state.

        Raises:
            NotFound: for a token that was never issued.
        """
        ...


@runtime_checkable
class LambdaStore(Protocol):
    """Local Lambda functions: their configuration and their unpacked code."""

    def get(self, reference: str) -> LambdaFunction:
        """The function named by ``reference`` (a name, or a full or partial ARN).

        Raises:
            NotFound: naming the function and how to create it.
        """
        ...

    def code_dir(self, name: str) -> Path:
        """The folder on this machine holding the function's unpacked code."""
        ...


@runtime_checkable
class ModelStore(Protocol):
    """CreateModel documents (DescribeModel-shaped)."""

    def create(
        self, name: str, arn: str, describe: dict[str, Any], execution_arn: str = ""
    ) -> dict[str, Any]:
        """Store a new model; return its document.

        A model that the same ``execution_arn`` stored already under this name (its step
        ran again after an engine restart) is returned as it is.

        Raises:
            Conflict: when a model with that name exists.
        """
        ...

    def describe(self, name: str) -> dict[str, Any]:
        """The DescribeModel document of the model with this name (in any case) or ARN.

        Raises:
            NotFound: naming the model.
        """
        ...


@runtime_checkable
class RegistryStore(Protocol):
    """Model package groups and their versioned packages, with approval history."""

    def create_group(
        self, name: str, arn: str, description: str = "", *, exist_ok: bool = False
    ) -> dict[str, Any]:
        """Create a group; with ``exist_ok`` an existing group is returned as it is.

        Returns:
            The group as ``{"name", "arn", "description", "created_at"}``.

        Raises:
            Conflict: when the group exists and ``exist_ok`` is false.
        """
        ...

    def add_package(
        self, group: str, build: PackageBuild, approval: str, by: str, client_token: str = ""
    ) -> dict[str, Any]:
        """Insert the next version of ``group``, whose document ``build(version)`` makes.

        Concurrent additions to one group get distinct, consecutive versions. The
        registration is the first entry of the package's approval history. A package of
        the group added earlier with the same non-empty ``client_token`` is returned
        instead of a new one.

        Raises:
            NotFound: when the group does not exist.
        """
        ...

    def package(self, ref: str) -> dict[str, Any]:
        """A package's DescribeModelPackage document, by ARN or ``group/version``.

        Raises:
            NotFound: naming the reference.
        """
        ...

    def modify_package(self, ref: str, edit: PackageEdit) -> dict[str, Any]:
        """Replace a package's document (by ARN or ``group/version``) with ``edit``'s.

        ``edit`` gets a copy of the stored document; concurrent edits of one package apply
        one after the other, none lost. The approval change it returns, if any, is added
        to the history.

        Raises:
            NotFound: naming the reference.
        """
        ...

    def packages(
        self, group: str | None = None, status: str | None = None, newest_first: bool = True
    ) -> list[dict[str, Any]]:
        """Package documents, optionally of one group and one approval status."""
        ...


@runtime_checkable
class ImageMappings(Protocol):
    """The user's image → runtime mappings (``dagmaker images map``)."""

    def all(self) -> dict[str, str]:
        """Image (or repository) → runtime."""
        ...


@runtime_checkable
class EndpointConfigStore(Protocol):
    """Endpoint configurations (DescribeEndpointConfig-shaped documents)."""

    def describe(self, name: str) -> dict[str, Any]:
        """The document of the configuration with this name (in any case) or ARN.

        Raises:
            EndpointNotFound: naming it.
        """
        ...


@runtime_checkable
class EndpointStore(Protocol):
    """Endpoints, as their supervisor reads and reports them."""

    def get(self, name: str) -> EndpointRecord:
        """The endpoint with this name (in any case) or ARN.

        Raises:
            EndpointNotFound: naming it.
        """
        ...

    def report(
        self, name: str, status: EndpointStatus, config: str, reason: str, resolved: str = ""
    ) -> None:
        """Record the supervisor's report; nothing happens for an endpoint that is gone.

        ``config`` is the configuration served ("" leaves it as it is); ``resolved`` a
        requested configuration that is now served or has failed, so it stops being
        pending (a newer request stays pending and an InService endpoint stays
        Updating). Deleting is never replaced by another status.
        """
        ...

    def set_port(self, name: str, port: int) -> None:
        """Remember the port the endpoint listens on."""
        ...

    def set_runtime(self, name: str, runtime: dict[str, Any]) -> None:
        """Store the supervisor's view of the serving processes."""
        ...

    def delete(self, name: str) -> None:
        """Forget the endpoint (its deletion is complete); nothing happens if it is gone."""
        ...


@runtime_checkable
class ScheduleStore(Protocol):
    """Monitoring schedules as their runner sees them: requests in, what happened out."""

    def get(self, name: str) -> ScheduleRecord:
        """The schedule with this name (or ARN).

        Raises:
            NotFound: naming the schedule.
        """
        ...

    def report(
        self,
        execution_arn: str,
        status: str,
        applied_version: int,
        last_execution: dict[str, Any] | None,
    ) -> None:
        """Record the schedule's state (ignored once the schedule is gone or replaced)."""
        ...

    def put_run(self, run: MonitoringRunRecord) -> None:
        """Insert or replace one run's summary."""
        ...


@runtime_checkable
class EmrClusterStore(Protocol):
    """EMR cluster id → Spark master (EMR steps read it; ``dagmaker emr clusters`` edits it)."""

    def get(self, cluster_id: str) -> EmrCluster | None:
        """The mapping of ``cluster_id``, if there is one."""
        ...
