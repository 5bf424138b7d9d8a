"""The argv and environment a job process gets.

SageMaker framework images run ``python3 script.py`` with their own interpreter; here a
leading ``python``/``python3``/``python3.N`` becomes a local interpreter. The
environment starts clean (a job must not inherit the engine's virtualenv or
``PYTHONPATH``) and keeps only what a process needs to behave normally.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from dagmaker.compute.spec import ProcessSpec

_PYTHON_NAMES = re.compile(r"python(?:3(?:\.\d+)?)?")
_INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER", "LOGNAME")
_DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin"
# /opt/ml as a whole path or path prefix: at the start of a value or after a separator
# (``--train=/opt/ml/…``, ``PYTHONPATH=a:/opt/ml/code``, JSON strings), and followed by
# the end, a slash or a separator, so ``/opt/mlflow`` is left alone.
_OPT_ML_PREFIX = re.compile(r"""(?:^|(?<=[=:,;"'\s]))/opt/ml(?=$|[/:,;"'\s])""")


def interpreter(spec: ProcessSpec) -> str:
    """The interpreter that a leading ``python*`` in the command maps to."""
    chosen = spec.python or sys.executable
    return str(Path(chosen).absolute()) if "/" in chosen else chosen


def map_python(command: list[str], python: str) -> list[str]:
    """Replace a bare ``python``/``python3``/``python3.N`` argv[0] with ``python``."""
    if _PYTHON_NAMES.fullmatch(command[0]):
        return [python, *command[1:]]
    return list(command)


def rewrite_opt_ml(text: str, workspace: Path) -> str:
    """Replace every ``/opt/ml`` path prefix in ``text`` with the workspace path."""
    return _OPT_ML_PREFIX.sub(lambda _: str(workspace), text)


def job_environment(spec: ProcessSpec, python: str, opt_ml: str) -> dict[str, str]:
    """The complete environment of a job process.

    Args:
        spec: The job; its ``env`` is merged over the base environment.
        python: The interpreter; its directory goes first on ``PATH`` so that a job
            calling ``python`` in a subprocess gets the same one.
        opt_ml: Where the workspace appears inside the job, exported as
            ``DAGMAKER_OPT_ML``.
    """
    env = {name: os.environ[name] for name in _INHERITED if name in os.environ}
    host_path = env.get("PATH", _DEFAULT_PATH)
    env["PATH"] = f"{Path(python).parent}:{host_path}" if "/" in python else host_path
    env.setdefault("LANG", "C.UTF-8")
    env["PYTHONUNBUFFERED"] = "1"
    # As in SageMaker's framework images: no __pycache__ written into the job's code dir.
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(spec.env)
    env["DAGMAKER_OPT_ML"] = opt_ml
    env["DAGMAKER_HOST"] = spec.hostname
    return env
