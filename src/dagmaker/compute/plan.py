"""Turning a `ProcessSpec` into the exact process to start, for one sandbox mode."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from dagmaker.compute.environment import interpreter, job_environment, map_python, rewrite_opt_ml
from dagmaker.compute.spec import OPT_ML, ProcessSpec
from dagmaker.compute.wrapper import prepare_namespace, wrapper_script
from dagmaker.errors import InvalidRequest


@dataclass(frozen=True)
class LaunchPlan:
    """The process that runs one job.

    Attributes:
        argv: What to execute: the optional ``unshare`` prefix, then ``/bin/sh -c`` and
            the wrapper script.
        env: The job's complete environment.
        log_dir: Absolute log directory; the wrapper's working directory.
        workspace: Absolute workspace directory.
        held: The wrapper waits for a line on its standard input before running the job.
    """

    argv: list[str]
    env: dict[str, str]
    log_dir: Path
    workspace: Path
    held: bool = False


def plan_launch(
    spec: ProcessSpec, unshare: tuple[str, ...] | None, *, held: bool = False
) -> LaunchPlan:
    """Plan a job: namespace mode when ``unshare`` is given, else rewrite mode.

    ``held`` makes the wrapper wait for a line on its standard input before the job runs.

    Creates the workspace and log directories, and in namespace mode writes the
    job's mount table into the log directory.

    Raises:
        InvalidRequest: when the log directory lies inside the workspace.
    """
    workspace, log_dir = _directories(spec)
    python = interpreter(spec)
    if unshare is None:
        return _rewrite_plan(spec, python, workspace, log_dir, held)
    argv = map_python(spec.command, python)
    script = wrapper_script(argv, spec.cwd, prepare_namespace(log_dir, workspace), held=held)
    env = job_environment(spec, python, OPT_ML)
    return LaunchPlan([*unshare, "/bin/sh", "-c", script], env, log_dir, workspace, held)


def _rewrite_plan(
    spec: ProcessSpec, python: str, workspace: Path, log_dir: Path, held: bool
) -> LaunchPlan:
    """Without a namespace, /opt/ml is spelled as the workspace path wherever we can see it."""
    argv = [rewrite_opt_ml(item, workspace) for item in map_python(spec.command, python)]
    cwd = rewrite_opt_ml(spec.cwd, workspace)
    rewritten = {name: rewrite_opt_ml(value, workspace) for name, value in spec.env.items()}
    env = job_environment(dataclasses.replace(spec, env=rewritten), python, str(workspace))
    script = wrapper_script(argv, cwd, held=held)
    return LaunchPlan(["/bin/sh", "-c", script], env, log_dir, workspace, held)


def _directories(spec: ProcessSpec) -> tuple[Path, Path]:
    workspace, log_dir = spec.workspace.resolve(), spec.log_dir.resolve()
    if log_dir == workspace or log_dir.is_relative_to(workspace):
        raise InvalidRequest(
            "A job's log directory must lie outside its workspace, which the job can "
            "write to; choose a sibling directory.",
            field="ProcessSpec.log_dir",
            value=str(spec.log_dir),
        )
    workspace.mkdir(parents=True, exist_ok=True)
    log_dir.mkdir(parents=True, exist_ok=True)
    return workspace, log_dir
