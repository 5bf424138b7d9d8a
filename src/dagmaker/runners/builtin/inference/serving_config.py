"""A model generation's serving configuration, written by the endpoint runner.

It sits at ``/opt/ml/input/config/endpoint.json`` of the generation's workspace; model
and code paths in it are relative to ``/opt/ml``, like the transform job's file.
Per-process settings (which process this is, where to get the listening socket) come
in the environment, since every process of a generation shares the file.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from dagmaker.runners.builtin.inference.job_config import ContainerConfig
from dagmaker.serving.capture_config import CaptureSettings

CONFIG_FILE = "input/config/endpoint.json"
RUN_DIR = "run"
CAPTURE_DIR = "capture"
READY_SUFFIX = ".ready"
FAILURE_SUFFIX = ".failure"

# The environment of one serving process.
PROCESS_ENV = "DAGMAKER_ENDPOINT_PROCESS"
DONORS_ENV = "DAGMAKER_ENDPOINT_DONORS"
PORT_ENV = "DAGMAKER_ENDPOINT_PORT"
CONTROL_ENV = "DAGMAKER_ENDPOINT_CONTROL"


@dataclass(frozen=True)
class VariantConfig:
    """One production variant: its name, weight and model containers (applied in order)."""

    name: str
    weight: float
    containers: tuple[ContainerConfig, ...]


@dataclass(frozen=True)
class ServingConfig:
    """What every serving process of one generation needs.

    Attributes:
        endpoint: ``EndpointName``.
        config: ``EndpointConfigName`` of this generation.
        variants: The production variants.
        capture: Data capture settings (None: capture off).
        host: The address to listen on.
        roll_seconds: How long a capture file stays open.
    """

    endpoint: str
    config: str
    variants: tuple[VariantConfig, ...]
    capture: CaptureSettings | None = None
    host: str = "127.0.0.1"
    roll_seconds: float = 5.0

    def write(self, base: Path) -> Path:
        """Write the file under ``base`` (the generation's ``/opt/ml`` on the host)."""
        path = base / CONFIG_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        document = asdict(self)
        document["capture"] = self.capture.to_dict() if self.capture else None
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(json.dumps(document, indent=2))
        temporary.replace(path)
        return path

    @classmethod
    def read(cls, base: Path) -> ServingConfig:
        """Read the file the runner wrote."""
        document: dict[str, Any] = json.loads((base / CONFIG_FILE).read_text())
        variants = tuple(
            VariantConfig(
                v["name"],
                float(v["weight"]),
                tuple(ContainerConfig(**c) for c in v["containers"]),
            )
            for v in document.pop("variants")
        )
        capture = document.pop("capture", None)
        return cls(
            **document,
            variants=variants,
            capture=CaptureSettings.from_dict(capture) if capture else None,
        )


@dataclass(frozen=True)
class ProcessSettings:
    """The environment of one serving process.

    Attributes:
        process: Its id (``g1-algo-1-r0``): names its spool, ready and failure files.
        control: The name of its control socket (offers the listening socket).
        donors: Control names of siblings to take the listening socket from.
        port: The port to bind when no sibling gives a socket (0: any).
    """

    process: str
    control: str
    donors: tuple[str, ...] = field(default_factory=tuple)
    port: int = 0

    def environment(self) -> dict[str, str]:
        """As environment variables."""
        return {
            PROCESS_ENV: self.process,
            CONTROL_ENV: self.control,
            DONORS_ENV: ",".join(self.donors),
            PORT_ENV: str(self.port),
        }

    @classmethod
    def from_environment(cls) -> ProcessSettings:
        """Read them in the serving process."""
        donors = tuple(d for d in os.environ.get(DONORS_ENV, "").split(",") if d)
        return cls(
            process=os.environ[PROCESS_ENV],
            control=os.environ[CONTROL_ENV],
            donors=donors,
            port=int(os.environ.get(PORT_ENV) or 0),
        )


def ready_file(base: Path, process: str) -> Path:
    """Where a process says it serves (``{"port": n, "pid": n}``)."""
    return base / RUN_DIR / f"{process}{READY_SUFFIX}"


def failure_file(base: Path, process: str) -> Path:
    """Where a process explains why it could not start."""
    return base / RUN_DIR / f"{process}{FAILURE_SUFFIX}"
