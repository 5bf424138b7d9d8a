"""Run job host processes as Ray work: one detached actor per host, in a placement group.

A job with ``InstanceCount: N`` reserves N CPUs at once (one placement group; each host
on its own node while the cluster has enough nodes). Each host's prepared workspace is
staged in the artifact store; its actor (`HostActor`) fetches it on its node, runs the
job there with the local sandbox, and stores what the job wrote. This side copies the
logs back as they grow, so ``dagmaker logs`` works as for local jobs, unpacks the
results into the engine's workspace once the host ended, and turns a host whose node
died into a lost process that retry policies treat as ``SageMaker.JOB_INTERNAL_ERROR``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dagmaker.compute.handle import ExitInfo
from dagmaker.compute.logs import STDERR_LOG, STDOUT_LOG
from dagmaker.compute.ray_cluster import (
    NAMESPACE,
    Placement,
    clear_job,
    connect,
    remove_group,
    reserve,
)
from dagmaker.compute.ray_handle import RayHandle
from dagmaker.compute.ray_host import MAX_LOG_CHUNK, HostActor, exit_from, spec_document
from dagmaker.compute.ray_transfer import download_tree, upload_tree
from dagmaker.compute.spec import ProcessSpec
from dagmaker.errors import InternalError
from dagmaker.storage.artifacts.protocol import ArtifactStore

# How often one host's actor is asked for news, and how long one ask may wait.
POLL_INTERVAL_SECONDS = 0.25
LONG_POLL_SECONDS = 2.0
_RPC_SLACK_SECONDS = 30.0
_CLEANUP_SECONDS = 10.0


class RaySandbox:
    """Launches, follows, stops and re-attaches to job hosts running on a Ray cluster.

    Args:
        store: The artifact store as this process reaches it.
        store_factory: Builds the same store on a node (picklable: sent to the actors).
        staging_prefix: ``s3://`` prefix under which workspaces travel to and from nodes.
        address: The cluster; ``None`` lets Ray find it (``RAY_ADDRESS`` …).
    """

    def __init__(
        self,
        store: ArtifactStore,
        store_factory: Callable[[], ArtifactStore],
        staging_prefix: str,
        address: str | None = None,
    ) -> None:
        self._store = store
        self._factory = store_factory
        self._staging = staging_prefix.rstrip("/")
        self._address = address
        self._lock = threading.Lock()
        self._actors: dict[str, Any] = {}
        self._ended: dict[str, ExitInfo] = {}
        self._next_poll: dict[str, float] = {}

    @property
    def mode(self) -> str:
        """``"ray"``: jobs see ``/opt/ml`` on their node (namespace or rewrite there)."""
        return "ray"

    def launch_job(
        self,
        specs: list[ProcessSpec],
        cancel: threading.Event | None = None,
        *,
        held: bool = False,
    ) -> list[RayHandle]:
        """Reserve the job's hosts, stage their workspaces and start one actor per host.

        With ``held`` each actor starts its process only on `let_run`.

        Raises:
            JobFailure: when the cluster has fewer CPUs than the job has hosts.
            StepStopped: when ``cancel`` is set while the job waits for the cluster.
            InternalError: when a host cannot be started (nothing is left running).
        """
        ray = connect(self._address)
        job = _job_label(specs[0])
        clear_job(ray, job)
        name = f"dagmaker-{job}-{uuid.uuid4().hex[:8]}"
        placement = reserve(ray, name, len(specs), cancel)
        handles = [self._handle(placement, index, spec) for index, spec in enumerate(specs)]
        try:
            self._start_all(ray, placement, specs, handles, held)
        except Exception as exc:
            self.release(handles)
            raise InternalError(
                f"Could not start job {job} on the Ray cluster: {type(exc).__name__}: {exc}",
                field="DAGMAKER_BACKEND",
                value="ray",
            ) from exc
        return handles

    def wait(self, handle: RayHandle, timeout: float | None = None) -> ExitInfo | None:
        """Copy new log lines while waiting up to ``timeout`` for the host to end."""
        give_up = None if timeout is None else time.monotonic() + timeout
        while True:
            ended = self._ended.get(handle.actor)
            if ended is not None:
                return ended
            remaining = None if give_up is None else give_up - time.monotonic()
            if remaining is not None and remaining <= 0:
                return None
            due = self._next_poll.get(handle.actor, 0.0) - time.monotonic()
            if due > 0:
                time.sleep(due if remaining is None else min(due, remaining))
                continue
            patience = LONG_POLL_SECONDS if remaining is None else min(remaining, LONG_POLL_SECONDS)
            self._poll(handle, patience)

    def stop(self, handle: RayHandle, grace_seconds: float = 10.0) -> None:
        """End the host's process on its node and collect how it ended."""
        if handle.actor in self._ended:
            return
        ray = connect(self._address)
        try:
            ray.get(
                self._actor(handle).stop.remote(grace_seconds),
                timeout=grace_seconds + _RPC_SLACK_SECONDS + 60.0,
            )
        except Exception as exc:
            self._lost(handle, exc)
            return
        while handle.actor not in self._ended:
            self._poll(handle, LONG_POLL_SECONDS)

    def attach(self, handle_doc: dict[str, Any]) -> RayHandle | None:
        """The host recorded as ``handle_doc``; ``None`` when its actor is gone.

        Raises:
            InvalidRequest: when the document is not a Ray job handle.
        """
        handle = RayHandle.from_dict(handle_doc)
        ray = connect(self._address)
        try:
            actor = ray.get_actor(handle.actor, namespace=NAMESPACE)
        except ValueError:
            return None
        with self._lock:
            self._actors[handle.actor] = actor
        return handle

    def let_run(self, handles: list[RayHandle]) -> None:
        """Tell each held host's actor to start its process (a host that cannot is lost)."""
        ray = connect(self._address)
        for handle in handles:
            try:
                ray.get(self._actor(handle).go.remote(), timeout=_RPC_SLACK_SECONDS)
            except Exception as exc:
                self._lost(handle, exc)

    def discard(self, handles: list[RayHandle]) -> None:
        """Remove held hosts that never ran, as `release` does."""
        self.release(handles)

    def release(self, handles: list[RayHandle]) -> None:
        """Remove the job's actors, node directories, staged objects and placement group."""
        ray = connect(self._address)
        for handle in handles:
            actor = self._actors.get(handle.actor)
            if actor is not None:
                with contextlib.suppress(Exception):
                    ray.get(actor.cleanup.remote(), timeout=_CLEANUP_SECONDS)
                with contextlib.suppress(Exception):
                    ray.kill(actor, no_restart=True)
            for uri in (handle.workspace_uri, handle.result_uri):
                with contextlib.suppress(Exception):
                    self._store.delete(uri)
        for group in {handle.placement_group for handle in handles}:
            with contextlib.suppress(Exception):
                remove_group(ray, group)
        with self._lock:
            for handle in handles:
                self._actors.pop(handle.actor, None)
                self._next_poll.pop(handle.actor, None)

    # -- launching ---------------------------------------------------------------------------

    def _handle(self, placement: Placement, index: int, spec: ProcessSpec) -> RayHandle:
        node_id, address = placement.nodes[index]
        base = f"{self._staging}/{placement.name}/{spec.hostname}"
        return RayHandle(
            actor=f"{placement.name}-{spec.hostname}",
            placement_group=placement.name,
            host=spec.hostname,
            node_id=node_id,
            node_address=address,
            log_dir=spec.log_dir.resolve(),
            workspace=spec.workspace.resolve(),
            workspace_uri=f"{base}/workspace.tar",
            result_uri=f"{base}/result.tar",
            started_at=time.time(),
            timeout_seconds=spec.timeout_seconds,
        )

    def _start_all(
        self,
        ray: Any,
        placement: Placement,
        specs: list[ProcessSpec],
        handles: list[RayHandle],
        held: bool,
    ) -> None:
        from ray.util.scheduling_strategies import (
            PlacementGroupSchedulingStrategy,
        )

        remote_class = ray.remote(HostActor)
        cluster_env = _cluster_env(handles)
        starts = []
        for index, (spec, handle) in enumerate(zip(specs, handles, strict=True)):
            handle.log_dir.mkdir(parents=True, exist_ok=True)
            for name in (STDOUT_LOG, STDERR_LOG):
                (handle.log_dir / name).write_bytes(b"")
            upload_tree(self._store, handle.workspace, handle.workspace_uri)
            label = f"{handle.node_address} ({handle.node_id[:12]})"
            actor = remote_class.options(
                name=handle.actor,
                namespace=NAMESPACE,
                lifetime="detached",
                num_cpus=1,
                max_concurrency=4,
                max_restarts=0,
                scheduling_strategy=PlacementGroupSchedulingStrategy(
                    placement_group=placement.group, placement_group_bundle_index=index
                ),
            ).remote(self._factory, _job_label(spec), label)
            with self._lock:
                self._actors[handle.actor] = actor
            document = spec_document(spec)
            document["env"] = {**cluster_env, **document["env"]}
            starts.append(
                actor.start.remote(document, handle.workspace_uri, handle.result_uri, held)
            )
        ray.get(starts)

    # -- following ---------------------------------------------------------------------------

    def _actor(self, handle: RayHandle) -> Any:
        with self._lock:
            actor = self._actors.get(handle.actor)
        if actor is None:
            ray = connect(self._address)
            actor = ray.get_actor(handle.actor, namespace=NAMESPACE)
            with self._lock:
                self._actors[handle.actor] = actor
        return actor

    def _poll(self, handle: RayHandle, patience: float) -> None:
        """Ask the actor once for new log bytes and the end; record what it says."""
        ray = connect(self._address)
        offsets = (_size(handle.log_dir / STDOUT_LOG), _size(handle.log_dir / STDERR_LOG))
        try:
            reply = ray.get(
                self._actor(handle).poll.remote(offsets, patience),
                timeout=patience + _RPC_SLACK_SECONDS,
            )
        except ray.exceptions.GetTimeoutError:
            return
        except Exception as exc:
            self._lost(handle, exc)
            return
        _append(handle.log_dir / STDOUT_LOG, reply["stdout"])
        _append(handle.log_dir / STDERR_LOG, reply["stderr"])
        more = MAX_LOG_CHUNK in (len(reply["stdout"]), len(reply["stderr"]))
        result = reply["result"]
        if result is not None and not more:
            self._collect(handle, result)
        delay = 0.0 if more or result is not None else POLL_INTERVAL_SECONDS
        self._next_poll[handle.actor] = time.monotonic() + delay

    def _collect(self, handle: RayHandle, result: dict[str, Any]) -> None:
        info = exit_from(result)
        if "upload_error" in result:
            info = dataclasses.replace(
                info, lost=f"the node could not store what the job wrote: {result['upload_error']}"
            )
        elif result.get("ran", True):
            try:
                download_tree(self._store, handle.result_uri, handle.workspace)
            except Exception as exc:
                info = dataclasses.replace(
                    info, lost=f"the job's output could not be fetched from its node: {exc}"
                )
        self._ended[handle.actor] = info

    def _lost(self, handle: RayHandle, error: Exception) -> None:
        cause = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        reason = (
            f"the Ray node {handle.node_address} ({handle.node_id[:12]}) running host "
            f"{handle.host} was lost while the job ran ({type(error).__name__}: {cause})"
        )
        self._ended[handle.actor] = ExitInfo(
            exit_code=None,
            signal=None,
            timed_out=False,
            stopped=False,
            duration_seconds=max(0.0, time.time() - handle.started_at),
            lost=reason,
        )


def _cluster_env(handles: list[RayHandle]) -> dict[str, str]:
    """Where each host runs, so distributed jobs can reach their master (``algo-1``)."""
    addresses = {handle.host: handle.node_address for handle in handles}
    master = handles[0].node_address
    return {
        "DAGMAKER_BACKEND": "ray",
        "DAGMAKER_HOST_ADDRESSES": json.dumps(addresses, sort_keys=True),
        "SM_MASTER_ADDR": master,
        "MASTER_ADDR": master,
    }


def _job_label(spec: ProcessSpec) -> str:
    """The job's name, as the runners lay out ``jobs/<job>/<host>/logs``."""
    return spec.log_dir.resolve().parent.parent.name or "job"


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _append(path: Path, data: bytes) -> None:
    if data:
        with path.open("ab") as handle:
            handle.write(data)
