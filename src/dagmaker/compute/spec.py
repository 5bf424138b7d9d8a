"""What to run for one job process: argv, workspace, logs, environment, limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dagmaker.errors import InvalidRequest

OPT_ML = "/opt/ml"


@dataclass(frozen=True)
class ProcessSpec:
    """One job process, described as the container would run it.

    Attributes:
        command: argv as the container would run it, e.g.
            ``["python3", "/opt/ml/processing/input/code/pre.py", "--n", "3"]``.
            A leading ``python``, ``python3`` or ``python3.N`` runs ``python``.
        workspace: Host directory that the job sees as ``/opt/ml``.
        log_dir: Host directory, outside the workspace, that receives ``stdout.log``,
            ``stderr.log`` and ``exit_code``.
        env: Extra environment, merged over a clean base environment.
        cwd: Working directory as seen inside the job.
        timeout_seconds: Wall-clock limit counted from launch; ``None`` for none.
        python: Interpreter that a leading ``python*`` maps to (default: the current one).
        hostname: Host name of this process within the job (``algo-1`` …), exported as
            ``DAGMAKER_HOST``.
    """

    command: list[str]
    workspace: Path
    log_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    cwd: str = OPT_ML
    timeout_seconds: float | None = None
    python: str | None = None
    hostname: str = "algo-1"

    def __post_init__(self) -> None:
        if not self.command:
            raise InvalidRequest(
                "A job needs a command to run; got an empty argv.",
                field="ProcessSpec.command",
                value=self.command,
            )
        if not self.cwd.startswith("/"):
            raise InvalidRequest(
                "A job's working directory must be an absolute path as the job sees it, "
                "such as /opt/ml/processing/input/code.",
                field="ProcessSpec.cwd",
                value=self.cwd,
            )
        if self.timeout_seconds is not None and self.timeout_seconds <= 0:
            raise InvalidRequest(
                "A job timeout must be positive; use None for no limit.",
                field="ProcessSpec.timeout_seconds",
                value=self.timeout_seconds,
            )
