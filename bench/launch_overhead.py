"""Launch-to-exit overhead of LocalSandbox over running the same command directly.

Not a test (pytest does not collect it). Run:
    .venv/bin/python tests/compute/bench_launch_overhead.py [rounds]

Each round runs ``python -c pass`` three ways, interleaved so that machine noise hits
all of them alike: directly with ``subprocess.run``, through the sandbox in rewrite
mode, and through the sandbox in namespace mode (when available). The overhead is the
median difference to the direct run.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dagmaker.compute import LocalSandbox, ProcessSpec, namespace_available


def direct() -> None:
    subprocess.run([sys.executable, "-c", "pass"], check=True)


def through(sandbox: LocalSandbox, root: Path) -> Callable[[], None]:
    def run() -> None:
        spec = ProcessSpec(["python3", "-c", "pass"], root / "ws", root / f"log-{sandbox.mode}")
        info = sandbox.wait(sandbox.launch(spec))
        assert info is not None and info.exit_code == 0, info

    return run


def main(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        runs: dict[str, Callable[[], None]] = {"direct": direct}
        runs["rewrite"] = through(LocalSandbox("rewrite"), root)
        available, reason = namespace_available()
        if available:
            runs["namespace"] = through(LocalSandbox("namespace"), root)
        else:
            print(f"namespace mode unavailable: {reason}")
        timings: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(rounds):
            for name, run in runs.items():
                start = time.perf_counter()
                run()
                timings[name].append(time.perf_counter() - start)
        base = statistics.median(timings["direct"])
        print(f"direct python -c pass: median {base * 1000:.1f} ms over {rounds} rounds")
        for name in runs:
            if name != "direct":
                median = statistics.median(timings[name])
                extra = (median - base) * 1000
                print(f"{name:>9}: median {median * 1000:.1f} ms, overhead {extra:+.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
