"""The record of a job host running as a Ray actor."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagmaker.errors import InvalidRequest

BACKEND = "ray"


@dataclass
class RayHandle:
    """Everything needed to find a host's actor again, from any engine process.

    Attributes:
        actor: The detached actor's name (in the ``dagmaker`` namespace).
        placement_group: Name of the job's placement group (shared by its hosts).
        host: ``algo-N``.
        node_id: Ray id of the node the host runs on.
        node_address: That node's address.
        log_dir: The engine's copy of the host's logs (``stdout.log``, ``stderr.log``).
        workspace: The engine's copy of the workspace, where results are unpacked.
        workspace_uri: Where the prepared workspace was staged for the node.
        result_uri: Where the node stores what the job wrote.
        started_at: Wall-clock launch time.
        timeout_seconds: The job's limit (enforced on the node).
    """

    actor: str
    placement_group: str
    host: str
    node_id: str
    node_address: str
    log_dir: Path
    workspace: Path
    workspace_uri: str
    result_uri: str
    started_at: float
    timeout_seconds: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form that `RaySandbox.attach` accepts in another process."""
        return {
            "backend": BACKEND,
            "actor": self.actor,
            "placement_group": self.placement_group,
            "host": self.host,
            "node_id": self.node_id,
            "node_address": self.node_address,
            "log_dir": str(self.log_dir),
            "workspace": str(self.workspace),
            "workspace_uri": self.workspace_uri,
            "result_uri": self.result_uri,
            "started_at": self.started_at,
            "timeout_seconds": self.timeout_seconds,
        }

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> RayHandle:
        """Rebuild a handle from `to_dict` output.

        Raises:
            InvalidRequest: when the document is not a Ray job handle.
        """
        if doc.get("backend") != BACKEND:
            raise InvalidRequest(
                "This job was launched by another backend than Ray; resume it with the "
                "backend it started on (DAGMAKER_BACKEND).",
                field="handle.backend",
                value=doc.get("backend", "local"),
            )
        texts = {name: _text(doc, name) for name in _TEXT_FIELDS}
        started = doc.get("started_at")
        if not isinstance(started, int | float):
            raise _bad("started_at", started)
        limit = doc.get("timeout_seconds")
        return cls(
            actor=texts["actor"],
            placement_group=texts["placement_group"],
            host=texts["host"],
            node_id=texts["node_id"],
            node_address=texts["node_address"],
            log_dir=Path(texts["log_dir"]),
            workspace=Path(texts["workspace"]),
            workspace_uri=texts["workspace_uri"],
            result_uri=texts["result_uri"],
            started_at=float(started),
            timeout_seconds=None if limit is None else float(limit),
        )


_TEXT_FIELDS = (
    "actor",
    "placement_group",
    "host",
    "node_id",
    "node_address",
    "log_dir",
    "workspace",
    "workspace_uri",
    "result_uri",
)


def _text(doc: dict[str, Any], name: str) -> str:
    value = doc.get(name)
    if not isinstance(value, str):
        raise _bad(name, value)
    return value


def _bad(name: str, value: Any) -> InvalidRequest:
    return InvalidRequest(
        "A Ray job handle document is missing a field or has the wrong type; pass the "
        "dictionary that RayHandle.to_dict() returned.",
        field=f"handle.{name}",
        value=value,
    )
