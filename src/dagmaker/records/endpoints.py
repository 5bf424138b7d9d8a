"""Endpoint records: the status names SageMaker uses and one endpoint's stored state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from dagmaker.errors import NotFound


class EndpointStatus(StrEnum):
    """``EndpointStatus`` of DescribeEndpoint."""

    CREATING = "Creating"
    UPDATING = "Updating"
    SYSTEM_UPDATING = "SystemUpdating"
    ROLLING_BACK = "RollingBack"
    IN_SERVICE = "InService"
    OUT_OF_SERVICE = "OutOfService"
    DELETING = "Deleting"
    FAILED = "Failed"
    UPDATE_ROLLBACK_FAILED = "UpdateRollbackFailed"

    @property
    def settled(self) -> bool:
        """Whether nothing is in progress (``wait_for_endpoint`` stops waiting here)."""
        return self not in (EndpointStatus.CREATING, EndpointStatus.UPDATING)


class EndpointNotFound(NotFound):
    """An endpoint or endpoint configuration does not exist.

    SageMaker answers these with ``ValidationException`` ("Could not find endpoint ...").
    """

    code = "ValidationException"


@dataclass
class EndpointRecord:
    """One endpoint (CreateEndpoint) as stored.

    Attributes:
        name: ``EndpointName``.
        arn: ``EndpointArn``.
        config_name: The configuration it serves (or is being created with).
        status: ``EndpointStatus``.
        failure_reason: Why creation or the last update failed ("" when none did).
        pending_config: The configuration an UpdateEndpoint asked for, until it is served
            or has failed.
        port: The local port its serving processes listen on (None until known).
        runtime: What the supervisor reports about its processes (restarts, pids).
        tags: ``Tags`` of the request.
        created_at: CreationTime.
        last_modified_at: LastModifiedTime.
    """

    name: str
    arn: str
    config_name: str
    status: EndpointStatus = EndpointStatus.CREATING
    failure_reason: str = ""
    pending_config: str = ""
    port: int | None = None
    runtime: dict[str, Any] = field(default_factory=dict)
    tags: list[dict[str, str]] = field(default_factory=list)
    created_at: datetime | None = None
    last_modified_at: datetime | None = None
