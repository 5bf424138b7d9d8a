"""Regenerate tests/golden/<name>.json with the real SageMaker SDK (the oracle).

Each tests/golden/<name>.py builds a pipeline with dagmaker in ``build()``. This tool
rewrites its source ``dagmaker`` -> ``sagemaker``, runs it with the SageMaker SDK's
interpreter, and stores ``json.loads(pipeline.definition())`` as <name>.json. The test
suite never runs this; it only compares dagmaker's output with the stored JSON.

    python tools/make_goldens.py [--python /tmp/smvenv/bin/python] [name ...]

Offline setup: the SDK gets fake credentials and a region from the environment, so
sessions and clients are created without network access (the golden pipelines never
call AWS). The region matters: ``Pipeline`` applies its default
``PipelineExperimentConfig`` (pipeline name / execution id) only in regions where
SageMaker Experiments is available, and writes ``null`` elsewhere. dagmaker always
applies it, so the oracle runs in us-west-2, where the SDK emits it too.

The golden modules import their job classes from ``tests.golden.golden_fake_jobs`` and
their request bodies from ``tests.golden.golden_requests``. The oracle run sees a copy
of the ``tests.golden`` package in a temporary directory, where ``golden_fake_jobs`` is
SDK_FAKE_JOBS below: it hands the same request builders to the SDK through the SDK's
own capture mechanism (``_StepArguments`` and
``PipelineSession._intercept_create_request``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_DIR = ROOT / "tests" / "golden"
DEFAULT_PYTHON = "/tmp/smvenv/bin/python"
HELPERS = {"__init__.py", "golden_fake_jobs.py", "golden_requests.py"}

SDK_FAKE_JOBS = """
from sagemaker.workflow.pipeline_context import _StepArguments


class _FakeJob:
    CALLER = ""
    # Read by the SDK's code hashing of training steps; there is no code to hash.
    source_dir = None
    entry_point = None
    dependencies = []

    def __init__(self, build_request, sagemaker_session):
        self.build_request = build_request
        self.sagemaker_session = sagemaker_session

    def _intercepted(self):
        # Like the SDK's job methods: store the request in the session's context and
        # return nothing (a returned _StepArguments would be executed again).
        session = self.sagemaker_session
        session._intercept_create_request(self.build_request(), None, self.CALLER)

    def _capture(self, **kwargs):
        return _StepArguments(self.CALLER, _FakeJob._intercepted, self)


class FakeProcessor(_FakeJob):
    CALLER = "process"

    def run(self, **kwargs):
        return self._capture(**kwargs)


class FakeEstimator(_FakeJob):
    CALLER = "train"

    def fit(self, inputs=None, **kwargs):
        return self._capture(inputs=inputs, **kwargs)


class FakeTransformer(_FakeJob):
    CALLER = "transform"

    def transform(self, data=None, **kwargs):
        return self._capture(data=data, **kwargs)


class FakeTuner(_FakeJob):
    CALLER = "create_tuning_job"

    def fit(self, inputs=None, **kwargs):
        return self._capture(inputs=inputs, **kwargs)
"""

RUNNER = """
import json, sys, types, warnings
warnings.simplefilter("ignore")
source = open(sys.argv[1]).read().replace("dagmaker", "sagemaker")
module = types.ModuleType("golden_module")
exec(compile(source, sys.argv[1], "exec"), module.__dict__)
print(module.build().definition())
"""


def write_shim(shim_dir: Path) -> None:
    package = shim_dir / "tests" / "golden"
    package.mkdir(parents=True)
    (shim_dir / "tests" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "golden_requests.py").write_text((GOLDEN_DIR / "golden_requests.py").read_text())
    (package / "golden_fake_jobs.py").write_text(SDK_FAKE_JOBS)


def oracle_environment(shim_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        AWS_DEFAULT_REGION="us-west-2",
        AWS_ACCESS_KEY_ID="golden-fake-key",
        AWS_SECRET_ACCESS_KEY="golden-fake-secret",
        AWS_EC2_METADATA_DISABLED="true",
        SAGEMAKER_SUPPRESS_V2_WARNING="1",
        PYTHONPATH=shim_dir,
    )
    return env


def golden_sources(names: list[str]) -> list[Path]:
    sources = sorted(
        p
        for p in GOLDEN_DIR.glob("*.py")
        if p.name not in HELPERS and not p.name.startswith("test_")
    )
    if names:
        sources = [p for p in sources if p.stem in names]
    return sources


def regenerate(python: str, source: Path, env: dict[str, str]) -> None:
    # Run from the shim directory: "python -c" puts the working directory first on
    # sys.path, and the repository's own tests package must not shadow the shim.
    result = subprocess.run(
        [python, "-c", RUNNER, str(source)],
        env=env,
        cwd=env["PYTHONPATH"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-15:])
        sys.exit(f"{source.name}: the SageMaker SDK failed:\n{tail}")
    definition = json.loads(result.stdout.strip().splitlines()[-1])
    target = source.with_suffix(".json")
    target.write_text(json.dumps(definition, indent=2) + "\n")
    print(f"wrote {target.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=DEFAULT_PYTHON, help="interpreter with sagemaker")
    parser.add_argument("names", nargs="*", help="golden names (default: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as shim_dir:
        write_shim(Path(shim_dir))
        env = oracle_environment(shim_dir)
        for source in golden_sources(args.names):
            regenerate(args.python, source, env)


if __name__ == "__main__":
    main()
