"""The ``/bin/sh`` wrapper that runs a job and records its exit status.

The wrapper, not the engine, writes ``exit_code``: the engine may be killed and
restarted while a job runs, and a later engine must still learn how the job ended.
It runs with ``log_dir`` as its working directory and refers to its files by relative
paths, so it keeps reaching the real ``log_dir`` even where ``/opt`` is overlaid.

In namespace mode the wrapper first builds the job's view of ``/opt`` with a single
``mount -a`` over a small fstab, because every extra program costs one to three
milliseconds:

1. a tmpfs holds the overlay's writable layer, so the job may write anywhere under
   ``/opt`` (say, ``pip install`` into ``/opt/conda``) without touching the host's;
2. the workspace is bind-mounted to ``upper/ml`` in that tmpfs before ``/opt`` is
   overlaid, so a workspace that itself lives under ``/opt`` is still the host's;
   ``X-mount.mkdir`` creates ``upper`` and ``upper/ml`` on the way, saving a ``mkdir``;
3. a 4 KiB tmpfs mounted at ``work/keep`` exists only to have ``X-mount.mkdir`` create
   the overlay's ``work`` directory (overlayfs only needs ``work`` to be on the same
   filesystem as ``upper``; it ignores mounts inside its layers);
4. the overlay of ``/opt``, and finally the workspace bind-mounted onto ``/opt/ml``.
"""

from __future__ import annotations

import functools
import shlex
import shutil
from pathlib import Path

EXIT_FILE = "exit_code"
EXIT_TEMP = "exit_code.tmp"
SANDBOX_DIR = ".sandbox"
SETUP_FAILED = 125
# What a shell reports for a job ended by SIGTERM (128 + 15).
STOPPED_BEFORE_START = 143
_MNT = f"{SANDBOX_DIR}/mnt"
_FSTAB = f"{SANDBOX_DIR}/fstab"
_SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
_FSTAB_ESCAPES = {"\\": "\\134", " ": "\\040", "\t": "\\011", "\n": "\\012"}


@functools.cache
def system_program(name: str) -> str:
    """Absolute path of a system program, so that a job's own ``PATH`` cannot hide it."""
    return shutil.which(name, path=_SYSTEM_PATH) or name


def _tool(name: str) -> str:
    # The C locale skips loading locale data: about half a millisecond per program.
    return f"LC_ALL=C {shlex.quote(system_program(name))}"


def wrapper_script(argv: list[str], cwd: str, setup: str = "", *, held: bool = False) -> str:
    """The ``sh -c`` text that sets up the job, runs it and records its exit status.

    Args:
        argv: The job's command, already mapped for this mode.
        cwd: Working directory of the job, as it sees it.
        setup: Shell commands that must succeed before the job runs (may be empty).
        held: Wait for a line on standard input before running the job; at end of input
            instead (the launcher closed it, or died), leave without running it.
    """
    move = _tool("mv")
    lines = [
        # Survive the SIGTERM sent to the whole group, to record how the job ended;
        # a caught signal is reset to its default in the job itself. A stop that
        # arrives during setup is remembered, so the job is then not started at all.
        "ended=",
        "trap ended=1 HUP INT TERM",
        f"finish() {{ printf '%s\\n' \"$1\" >{EXIT_TEMP} && {move} -f {EXIT_TEMP} {EXIT_FILE}; "
        'exit "$1"; }',
    ]
    if setup:
        message = shlex.quote(
            "dagmaker: could not give the job its /opt/ml mount namespace (see above)"
        )
        lines.append(f"{setup} || {{ echo {message} >&2; finish {SETUP_FAILED}; }}")
    if held:
        # The launcher lets the job run only once it has recorded the job's handle; a
        # launcher that dies first closes the pipe, and the job never runs unrecorded.
        lines.append(f"read -r _ || finish {STOPPED_BEFORE_START}")
        lines.append("exec </dev/null")
    lines.append(f'[ -z "$ended" ] || finish {STOPPED_BEFORE_START}')
    command = " ".join(shlex.quote(item) for item in argv)
    lines.append(f"(cd {shlex.quote(cwd)} && exec {command})")
    lines.append('finish "$?"')
    return "\n".join(lines) + "\n"


def prepare_namespace(log_dir: Path, workspace: Path) -> str:
    """Write the fstab for one job into ``log_dir`` and return the setup commands."""
    sandbox = log_dir / SANDBOX_DIR
    (sandbox / "mnt").mkdir(parents=True, exist_ok=True)
    (sandbox / "fstab").write_text(fstab_text(workspace))
    return f"{_tool('mount')} --fstab {_FSTAB} -a"


def fstab_text(workspace: Path) -> str:
    """The job's mounts, in the order described in this module's docstring."""
    overlay = f"lowerdir=/opt,upperdir={_MNT}/upper,workdir={_MNT}/work"
    rows = [
        ("dagmaker", _MNT, "tmpfs", "mode=0700"),
        (_fstab_field(str(workspace)), f"{_MNT}/upper/ml", "none", "bind,X-mount.mkdir"),
        ("dagmaker", f"{_MNT}/work/keep", "tmpfs", "size=4k,mode=0700,X-mount.mkdir"),
        ("overlay", "/opt", "overlay", overlay),
        (f"{_MNT}/upper/ml", "/opt/ml", "none", "bind"),
    ]
    return "".join(" ".join(row) + " 0 0\n" for row in rows)


def _fstab_field(text: str) -> str:
    """Escape whitespace and backslashes the way fstab(5) expects (octal)."""
    return "".join(_FSTAB_ESCAPES.get(char, char) for char in text)
