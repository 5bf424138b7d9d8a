"""The Ray cluster as the sandbox sees it: connecting, reserving hosts, naming nodes.

Ray is imported only here and in `ray_backend`, and only when a Ray backend is used,
so ``import dagmaker`` stays light. The cluster is found the way Ray finds it
(``RAY_ADDRESS``, else a cluster already running on this machine, else a new local one).
"""

from __future__ import annotations

import contextlib
import re
import threading
from dataclasses import dataclass
from typing import Any

from dagmaker.engine.ports import StepStopped
from dagmaker.errors import InvalidRequest, JobFailure
from dagmaker.records.statuses import FailureKind

NAMESPACE = "dagmaker"
# One job host holds one CPU of the cluster, as one instance holds one machine.
HOST_RESOURCES = {"CPU": 1.0}
_WAIT_STEP_SECONDS = 0.2
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Placement:
    """A job's reserved hosts: the placement group and the node of each bundle."""

    group: Any
    name: str
    nodes: list[tuple[str, str]]  # (node id, node address), one per host


def ray_module() -> Any:
    """Import Ray, or say how to install it.

    Raises:
        InvalidRequest: when the ``ray`` extra is not installed.
    """
    try:
        import ray
    except ImportError as exc:
        raise InvalidRequest(
            "DAGMAKER_BACKEND=ray needs Ray: pip install 'dagmaker[ray]'",
            field="DAGMAKER_BACKEND",
            value="ray",
        ) from exc
    return ray


def connect(address: str | None = None) -> Any:
    """Connect this process to the cluster once; returns the ``ray`` module."""
    ray = ray_module()
    with _LOCK:
        if not ray.is_initialized():
            ray.init(
                address=address or None,
                namespace=NAMESPACE,
                log_to_driver=False,
                logging_level="warning",
                configure_logging=False,
            )
    return ray


def reserve(ray: Any, name: str, hosts: int, cancel: threading.Event | None) -> Placement:
    """Reserve ``hosts`` CPUs at once, each on its own node when the cluster has enough.

    Waits in Ray's line until the cluster has room.

    Raises:
        JobFailure: when the whole cluster has fewer CPUs than the job has hosts.
        StepStopped: when ``cancel`` is set while waiting.
    """
    total = float(ray.cluster_resources().get("CPU", 0.0))
    if hosts > total:
        raise JobFailure(
            f"CapacityError: the job needs {hosts} instance(s), one CPU each, but the Ray "
            f"cluster has {total:g} CPU(s); add nodes or lower InstanceCount",
            kind=FailureKind.CAPACITY_ERROR,
        )
    alive = sum(1 for node in ray.nodes() if node.get("Alive"))
    strategy = "STRICT_SPREAD" if 1 < hosts <= alive else "SPREAD"
    group = ray.util.placement_group(
        [dict(HOST_RESOURCES) for _ in range(hosts)],
        strategy=strategy,
        name=name,
        lifetime="detached",
    )
    ready = group.ready()
    while not ray.wait([ready], timeout=_WAIT_STEP_SECONDS)[0]:
        if cancel is not None and cancel.is_set():
            ray.util.remove_placement_group(group)
            raise StepStopped(f"{name} was stopped while waiting for cluster capacity")
    return Placement(group, name, bundle_nodes(ray, group, hosts))


def bundle_nodes(ray: Any, group: Any, hosts: int) -> list[tuple[str, str]]:
    """(node id, address) of every bundle of a ready placement group."""
    table = ray.util.placement_group_table(group)
    by_bundle = table.get("bundles_to_node_id") or {}
    addresses = {node["NodeID"]: node["NodeManagerAddress"] for node in ray.nodes()}
    nodes = []
    for index in range(hosts):
        node_id = str(by_bundle.get(index, ""))
        nodes.append((node_id, str(addresses.get(node_id, "unknown"))))
    return nodes


def remove_group(ray: Any, name: str) -> None:
    """Remove a detached placement group by name (gone already is fine)."""
    try:
        group = ray.util.get_placement_group(name)
    except ValueError:
        return
    ray.util.remove_placement_group(group)


def clear_job(ray: Any, job: str) -> list[str]:
    """Remove what earlier launches of ``job`` left on the cluster; the groups removed.

    A launcher that dies between a held launch and recording it leaves that launch's
    actors waiting (detached, each holding a CPU) for a `let_run` that never comes. The
    job is launched again only then, so whatever of it is still there is such a launch.
    """
    launch = re.compile(rf"dagmaker-{re.escape(job)}-[0-9a-f]{{8}}")
    for named in ray.util.list_named_actors(all_namespaces=True):
        name = str(named.get("name", ""))
        if named.get("namespace") == NAMESPACE and launch.match(name):
            with contextlib.suppress(Exception):
                ray.kill(ray.get_actor(name, namespace=NAMESPACE), no_restart=True)
    removed = []
    for info in ray.util.placement_group_table().values():
        name = str(info.get("name", ""))
        if info.get("state") != "REMOVED" and launch.fullmatch(name):
            remove_group(ray, name)
            removed.append(name)
    return removed
