"""Who drives an execution: one owner at a time, identified as ``host:pid``.

An owner keeps its claim alive with heartbeats; a worker takes over an execution whose
owner died (same host: at once) or stopped beating (``STALE_AFTER``).
"""

from __future__ import annotations

import os
import socket
from datetime import timedelta

from dagmaker.api.services import Services

STALE_AFTER = timedelta(seconds=15)


def owner_id() -> str:
    """This process, as an owner: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def orphaned(owner: str) -> bool:
    """Whether ``owner`` (``host:pid``) is a process of this host that has died."""
    owner_host, _, pid = owner.partition(":")
    return owner_host == socket.gethostname() and pid.isdigit() and not _alive(int(pid))


def release_dead_owners(services: Services) -> list[str]:
    """Free executions whose driving process on this host has died; return their ARNs."""
    freed = []
    for record in services.executions.active():
        if record.owner and orphaned(record.owner):
            services.executions.release(record.arn)
            freed.append(record.arn)
    return freed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
