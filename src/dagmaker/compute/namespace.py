"""Whether this machine can give a job its own ``/opt/ml`` through a mount namespace.

The probe runs the real recipe once per process (unshare, tmpfs, overlay on ``/opt``,
bind mounts, a file check inside) because each piece can be refused separately: no
``unshare`` binary, user namespaces disabled by sysctl or AppArmor, overlayfs not
allowed in user namespaces on older kernels, a container without ``CAP_SYS_ADMIN``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from dagmaker.compute.wrapper import EXIT_FILE, prepare_namespace, system_program, wrapper_script

_PROBE_TIMEOUT_SECONDS = 20.0
_PROBE_MARKER = ".dagmaker-probe"
_ENABLE_HINT = (
    "To give jobs the real layout, run on Linux with util-linux `unshare` and unprivileged "
    "user namespaces enabled (sysctl user.max_user_namespaces > 0; on Ubuntu also "
    "kernel.apparmor_restrict_unprivileged_userns=0), or run dagmaker as root."
)


@dataclass(frozen=True)
class NamespaceSupport:
    """The outcome of the probe.

    Attributes:
        unshare: The ``unshare`` argv prefix that worked, or ``None`` when none did.
        reason: Why namespaces are unavailable (empty when they are available).
    """

    unshare: tuple[str, ...] | None
    reason: str


_lock = threading.Lock()
_support: NamespaceSupport | None = None


def namespace_support() -> NamespaceSupport:
    """Probe once per process and return the cached outcome."""
    global _support
    with _lock:
        if _support is None:
            _support = _probe()
        return _support


def namespace_available() -> tuple[bool, str]:
    """Whether jobs can run in their own mount namespace, and the reason when not."""
    support = namespace_support()
    return support.unshare is not None, support.reason


def rewrite_warning(reason: str) -> str:
    """The warning attached to every job that runs in rewrite mode."""
    return (
        f"This job does not see a real /opt/ml ({reason}). /opt/ml in its arguments and "
        "environment was replaced by its workspace path, and DAGMAKER_OPT_ML names that "
        "path, but a script that hard-codes /opt/ml paths will not find its files. " + _ENABLE_HINT
    )


def _probe() -> NamespaceSupport:
    if not sys.platform.startswith("linux"):
        return NamespaceSupport(None, f"mount namespaces need Linux; this is {sys.platform}")
    unshare = system_program("unshare")
    if not Path(unshare).is_absolute():
        return NamespaceSupport(None, "the `unshare` program (util-linux) was not found")
    reasons = []
    for prefix in _candidates(unshare):
        failure = _try(prefix)
        if not failure:
            return NamespaceSupport(tuple(prefix), "")
        reasons.append(failure)
    return NamespaceSupport(None, "; ".join(reasons))


def _candidates(unshare: str) -> list[list[str]]:
    """Root can create a mount namespace directly; anyone else needs a user namespace."""
    user_ns = [unshare, "-rm", "--propagation", "private"]
    if os.geteuid() == 0:
        return [[unshare, "-m", "--propagation", "private"], user_ns]
    return [user_ns]


def _try(prefix: list[str]) -> str:
    """Run the whole recipe once; return "" on success, else what went wrong."""
    with tempfile.TemporaryDirectory(prefix="dagmaker-probe-") as scratch:
        workspace, log_dir = Path(scratch, "ws"), Path(scratch, "log")
        workspace.mkdir()
        log_dir.mkdir()
        (workspace / _PROBE_MARKER).touch()
        check = ["/bin/sh", "-c", f"test -f /opt/ml/{_PROBE_MARKER}"]
        script = wrapper_script(check, "/opt/ml", prepare_namespace(log_dir, workspace))
        try:
            done = subprocess.run(
                [*prefix, "/bin/sh", "-c", script],
                cwd=log_dir,
                env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
                capture_output=True,
                timeout=_PROBE_TIMEOUT_SECONDS,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"`{_flags(prefix)}` could not run: {error}"
        recorded = _read_exit(log_dir / EXIT_FILE)
        if done.returncode == 0 and recorded == "0":
            return ""
        return f"`{_flags(prefix)}` failed: {_cause(done)}"


def _cause(done: subprocess.CompletedProcess[bytes]) -> str:
    """The most specific line of the probe's stderr (not the wrapper's own summary)."""
    lines = done.stderr.decode(errors="replace").strip().splitlines()
    specific = [line for line in lines if not line.startswith("dagmaker:")]
    return specific[-1] if specific else f"exit status {done.returncode}"


def _flags(prefix: list[str]) -> str:
    return " ".join(["unshare", *prefix[1:]])


def _read_exit(path: Path) -> str:
    try:
        return path.read_text().strip()
    except OSError:
        return ""
