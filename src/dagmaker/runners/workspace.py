"""Per-job folders on the host: one workspace (seen as /opt/ml) and one log dir per host."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from dagmaker.errors import JobFailure

OPT_ML = "/opt/ml/"


@dataclass(frozen=True)
class HostDirs:
    """Directories of one host (``algo-N``) of a job."""

    name: str
    workspace: Path
    logs: Path


def host_dirs(jobs_root: Path, job_name: str, count: int, fresh: bool) -> list[HostDirs]:
    """Create (or, for a re-attach, reuse) the job's host directories."""
    base = jobs_root / job_name
    if fresh and base.exists():
        shutil.rmtree(base)
    hosts = []
    for i in range(1, count + 1):
        name = f"algo-{i}"
        dirs = HostDirs(name, base / name / "ml", base / name / "logs")
        dirs.workspace.mkdir(parents=True, exist_ok=True)
        dirs.logs.mkdir(parents=True, exist_ok=True)
        hosts.append(dirs)
    return hosts


def log_dir(jobs_root: Path, job_name: str, host: str = "algo-1") -> Path:
    """Where a job host's stdout.log/stderr.log live."""
    return jobs_root / job_name / host / "logs"


def relative_to_opt_ml(path: str, field: str, required_prefix: str = OPT_ML) -> str:
    """``/opt/ml/processing/input`` → ``processing/input``.

    Raises:
        JobFailure: when the container path is not under the required prefix.
    """
    clean = path.rstrip("/")
    if not (clean + "/").startswith(required_prefix) or ".." in clean.split("/"):
        raise JobFailure(
            f"ClientError: {field} {path!r} must be a path under {required_prefix}",
        )
    return clean[len(OPT_ML) :]
