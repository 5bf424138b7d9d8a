"""A two-node Ray cluster on loopback for the tests: a head and a worker, one CPU each.

Both nodes are started with ``ray start --block`` (through `ray_node`, which keeps them
on loopback) in their own sessions, so the tests end them (and can kill the worker
mid-job) by their own process groups, never by name. Health checks are fast so that a
killed node is declared dead within seconds. This process connects as the driver.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.backends import s3

NODE = [sys.executable, str(Path(__file__).with_name("ray_node.py"))]
# The nodes' workers import test helpers (Blocker) from the repository.
REPOSITORY = Path(__file__).resolve().parents[2]
_FAST_HEALTH = {
    "RAY_health_check_initial_delay_ms": "0",
    "RAY_health_check_period_ms": "500",
    "RAY_health_check_timeout_ms": "500",
    "RAY_health_check_failure_threshold": "3",
}
_OBJECT_STORE = "80000000"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LocalRayCluster:
    """The processes of the test cluster and how to reach it."""

    temp: Path
    port: int
    head: subprocess.Popen[bytes] | None = None
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            **_FAST_HEALTH,
            "RAY_USAGE_STATS_ENABLED": "0",
            "PYTHONPATH": str(REPOSITORY),
            # The nodes' own credentials for the tests' S3-API server (any pair works there).
            **s3.CLIENT_ENV,
        }

    def start(self) -> None:
        self.head = self._popen(
            [
                "--head",
                f"--port={self.port}",
                f"--temp-dir={self.temp}",
                "--include-dashboard=false",
            ],
            "head",
        )
        self._connect()
        self.add_worker()

    def add_worker(self) -> subprocess.Popen[bytes]:
        """Start one more worker node and wait until the cluster counts it."""
        alive = self.alive_nodes()
        worker = self._popen(
            [f"--address={self.address}", "--node-ip-address=127.0.0.1"],
            f"worker-{len(self.workers)}",
        )
        self.workers.append(worker)
        self._wait_for_nodes(alive + 1)
        return worker

    def kill_worker(self, worker: subprocess.Popen[bytes]) -> None:
        """SIGKILL a worker node's whole process group: the node dies as a machine would."""
        _kill_group(worker, signal.SIGKILL)

    def alive_nodes(self) -> int:
        import ray

        return sum(1 for node in ray.nodes() if node.get("Alive"))

    def _connect(self, seconds: float = 120.0) -> None:
        """Connect this process once the head answers (Ray waits for its GCS itself)."""
        import ray
        from ray._private import services

        # As in ray_node: this process reaches the cluster on loopback.
        services.resolve_ip_for_localhost = _keep
        deadline = time.monotonic() + seconds
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(self._failure("the Ray head did not start")) from None
                time.sleep(0.2)
        ray.init(
            address=self.address,
            namespace="dagmaker",
            log_to_driver=False,
            logging_level="warning",
            configure_logging=False,
        )

    def stop(self) -> None:
        import ray

        ray.shutdown()
        for process in [*self.workers, self.head]:
            if process is not None:
                _kill_group(process, signal.SIGTERM)
        for process in [*self.workers, self.head]:
            if process is not None:
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    _kill_group(process, signal.SIGKILL)
                    process.wait(timeout=20)
        shutil.rmtree(self.temp, ignore_errors=True)

    def _popen(self, arguments: list[str], name: str) -> subprocess.Popen[bytes]:
        common = [
            "--block",
            "--num-cpus=1",
            f"--object-store-memory={_OBJECT_STORE}",
            "--disable-usage-stats",
        ]
        if "--head" in arguments:
            arguments = [*arguments, "--node-ip-address=127.0.0.1"]
        with (self.temp / f"{name}.log").open("ab") as log:
            return subprocess.Popen(
                [*NODE, "start", *arguments, *common],
                env=self.env(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )

    def _wait_for_nodes(self, count: int, seconds: float = 120.0) -> None:
        deadline = time.monotonic() + seconds
        while self.alive_nodes() < count:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    self._failure(f"the Ray test cluster did not reach {count} nodes")
                )
            time.sleep(0.5)

    def _failure(self, what: str) -> str:
        logs = "\n".join(p.read_text()[-2000:] for p in self.temp.glob("*.log"))
        return f"{what}:\n{logs}"


class Blocker:
    """An actor that only holds the CPU it was given (the tests pin it to a node)."""

    def ready(self) -> bool:
        return True


def _keep(host: str) -> str:
    return host


def _kill_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        return


def start_cluster() -> LocalRayCluster:
    # Ray's socket paths live under the temp dir and must stay short (AF_UNIX limit).
    temp = Path(tempfile.mkdtemp(prefix="dmray-", dir="/tmp"))
    cluster = LocalRayCluster(temp, _free_port())
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    return cluster
