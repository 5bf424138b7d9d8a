"""What an endpoint's supervisor knows, and its snapshot for a restarted worker.

The snapshot (recorded with ``JobLaunched``) holds the state machine, each generation's
launch settings, and each serving process's sandbox handle; `SupervisorState.restore`
rebuilds everything but the handles, which the supervisor re-attaches itself.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from dagmaker.compute import ExitInfo, JobHandle, tail
from dagmaker.serving.lifecycle import EndpointLifecycle
from dagmaker.serving.statuses import ProcessPhase

DEFAULT_START_TIMEOUT = 600.0


@dataclass
class ServingProcess:
    """A launched serving process.

    Attributes:
        id: Its process id in the state machine (``g1-algo-1-r0``).
        number: Its generation.
        index: Its instance (host ``algo-<index>``).
        handle: The sandbox handle.
        log_dir: Its own log directory.
        started: When it was launched (``time.time()``).
        timed_out: It was stopped for not becoming ready in time.
        serving_pid: The server's own pid (from its ready file).
    """

    id: str
    number: int
    index: int
    handle: JobHandle
    log_dir: Path
    started: float
    timed_out: bool = False
    serving_pid: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The snapshot form (the handle as `JobHandle.to_dict`)."""
        return {
            "number": self.number,
            "index": self.index,
            "handle": self.handle.to_dict(),
            "log_dir": str(self.log_dir),
            "started": self.started,
            "serving_pid": self.serving_pid,
        }

    @classmethod
    def from_dict(cls, process: str, document: dict[str, Any], handle: JobHandle) -> ServingProcess:
        """Rebuild from `to_dict` with a re-attached handle."""
        return cls(
            process,
            int(document["number"]),
            int(document["index"]),
            handle,
            Path(document["log_dir"]),
            float(document["started"]),
            serving_pid=document.get("serving_pid"),
        )


@dataclass
class GenerationInfo:
    """How to (re)launch a generation's processes and where its captures go."""

    environment: dict[str, str]
    python: str | None
    start_timeout: float = DEFAULT_START_TIMEOUT
    destination: str = ""


@dataclass
class SupervisorState:
    """The state machine plus the facts needed to act on it."""

    lifecycle: EndpointLifecycle
    uid: str
    port: int | None = None
    generations: dict[int, GenerationInfo] = field(default_factory=dict)
    processes: dict[str, ServingProcess] = field(default_factory=dict)

    def phases(self) -> dict[str, ProcessPhase]:
        """Every known process's phase, by process id."""
        machine = self.lifecycle
        generations = [g for g in (machine.current, machine.next) if g] + machine.retired
        return {i.process: i.phase for g in generations for i in g.instances.values()}

    def start_timeout(self, process: ServingProcess) -> float:
        """How long ``process`` may take to become ready."""
        info = self.generations.get(process.number)
        return info.start_timeout if info else DEFAULT_START_TIMEOUT

    def snapshot(self, arn: str) -> dict[str, Any]:
        """JSON-ready state for ``JobLaunched``."""
        return {
            "Arn": arn,
            "uid": self.uid,
            "port": self.port,
            "lifecycle": self.lifecycle.snapshot(),
            "generations": {str(n): asdict(g) for n, g in self.generations.items()},
            "processes": {p.id: p.to_dict() for p in self.processes.values()},
        }

    def runtime(self) -> dict[str, Any]:
        """What ``describe_endpoint_runtime`` reports."""
        phases = self.phases()
        return {
            "Restarts": self.lifecycle.restarts,
            "Port": self.port,
            "Processes": [
                {
                    "Process": p.id,
                    "Pid": p.handle.pid,
                    "ServingPid": p.serving_pid,
                    "Generation": p.number,
                    "Host": f"algo-{p.index}",
                    "Phase": str(phases.get(p.id, ProcessPhase.DOWN)),
                }
                for p in self.processes.values()
            ],
        }

    @classmethod
    def restore(cls, snapshot: dict[str, Any], uid: str) -> SupervisorState:
        """Everything but the processes, which the caller re-attaches."""
        return cls(
            lifecycle=EndpointLifecycle.restore(snapshot["lifecycle"]),
            uid=str(snapshot.get("uid") or uid),
            port=snapshot.get("port"),
            generations={
                int(n): GenerationInfo(**info)
                for n, info in (snapshot.get("generations") or {}).items()
            },
        )


def start_timeout(document: dict[str, Any]) -> float:
    """The longest ``ContainerStartupHealthCheckTimeoutInSeconds`` of a configuration."""
    values = [
        float(v["ContainerStartupHealthCheckTimeoutInSeconds"])
        for v in document.get("ProductionVariants") or []
        if v.get("ContainerStartupHealthCheckTimeoutInSeconds")
    ]
    return max(values) if values else DEFAULT_START_TIMEOUT


def exit_reason(
    endpoint: str, process: ServingProcess, info: ExitInfo, failure: Path, timeout: float
) -> str:
    """How a serving process ended, for FailureReason and the log."""
    if failure.is_file():
        text = failure.read_text(errors="replace").strip()
        first = text.splitlines()[0] if text else "no reason given"
        return (
            f"The primary container of endpoint {endpoint} did not pass the ping health "
            f"check: {first}. See the endpoint's log: dagmaker logs {endpoint}"
        )
    if process.timed_out:
        return f"the serving process did not become ready within {timeout:g} s"
    if info.stopped:
        return "stopped"
    how = f"signal {info.signal}" if info.exit_code is None else f"exit code {info.exit_code}"
    last = tail(process.log_dir / "stderr.log", 5).strip()
    return f"the serving process ended with {how}" + (f": {last}" if last else "")
