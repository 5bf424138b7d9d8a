"""Metaflow's local runtime on the same two shapes (steps that do nothing)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

CHAIN = """
from metaflow import FlowSpec, step

class Chain(FlowSpec):
    @step
    def start(self):
        self.next(self.s1)
{middle}
    @step
    def end(self):
        pass

if __name__ == "__main__":
    Chain()
"""

FANOUT = """
from metaflow import FlowSpec, step

class Fanout(FlowSpec):
    @step
    def start(self):
        self.items = list(range(10))
        self.next(self.work, foreach="items")

    @step
    def work(self):
        self.next(self.join)

    @step
    def join(self, inputs):
        self.next(self.end)

    @step
    def end(self):
        pass

if __name__ == "__main__":
    Fanout()
"""


def _chain_source() -> str:
    # start + 8 middle steps + end = 10 steps.
    middle = []
    for i in range(1, 9):
        target = f"s{i + 1}" if i < 8 else "end"
        middle.append(f"    @step\n    def s{i}(self):\n        self.next(self.{target})\n")
    return CHAIN.format(middle="".join(middle))


def runner(shape: str):
    """A callable running the flow once in a subprocess (`python flow.py run`)."""
    folder = Path(tempfile.mkdtemp(prefix="metaflow-bench-"))
    flow = folder / f"{shape}_flow.py"
    flow.write_text(_chain_source() if shape == "chain" else FANOUT)
    env = dict(
        os.environ,
        USERNAME="bench",
        METAFLOW_DEFAULT_DATASTORE="local",
        METAFLOW_DATASTORE_SYSROOT_LOCAL=str(folder),
    )
    command = [sys.executable, str(flow), "--quiet", "--no-pylint", "run"]
    return lambda: subprocess.run(
        command,
        cwd=folder,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    from timing import median_seconds

    for shape in ("chain", "fanout"):
        median, _ = median_seconds(runner(shape), 3)
        print(f"metaflow {shape}: {median:.3f}s")
