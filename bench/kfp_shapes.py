"""Kubeflow Pipelines' local SubprocessRunner on the same two shapes (no-op components)."""

# No `from __future__ import annotations`: kfp reads component annotations at runtime.

import os
import sys
import tempfile
from pathlib import Path


def runner(shape: str):
    """A callable running the shape once with kfp.local."""
    from kfp import dsl, local

    local.init(
        runner=local.SubprocessRunner(use_venv=False),
        pipeline_root=tempfile.mkdtemp(prefix="kfp-bench-"),
    )

    @dsl.component
    def noop(x: int) -> int:
        return x

    @dsl.pipeline
    def chain() -> None:
        task = noop(x=0)
        for _ in range(9):
            task = noop(x=task.output)

    @dsl.pipeline
    def fanout() -> None:
        for i in range(10):
            noop(x=i)

    pipeline = chain if shape == "chain" else fanout
    return lambda: pipeline()


if __name__ == "__main__":
    os.environ.setdefault("KFP_DISABLE_EXECUTION_CACHING_BY_DEFAULT", "true")
    sys.path.insert(0, str(Path(__file__).parent))
    from timing import median_seconds

    for shape in ("chain", "fanout"):
        median, _ = median_seconds(runner(shape), 3)
        print(f"kfp {shape}: {median:.3f}s")
