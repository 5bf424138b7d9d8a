"""Regenerate tests/golden_models/<name>.json with SageMaker's own SDK (developer tool).

Each golden pipeline ``tests/golden_models/<name>.py`` is written against dagmaker
(models, tuners, transformers, ``ModelStep``, ``RegisterModel``). This tool runs the
same source with ``dagmaker`` replaced by ``sagemaker`` under a Python that has the real
SDK, and writes the definition it produces. Tests never run it:

    /tmp/smvenv/bin/python tools/make_model_goldens.py            # every golden
    /tmp/smvenv/bin/python tools/make_model_goldens.py name ...   # some

It works offline with the patches of ``tools/make_job_goldens.py`` (uploads recorded,
no bucket creation, no telemetry, legacy training steps get a code hash) and these
adjustments, each mirrored or justified on dagmaker's side:

1. The clock is stopped at ``FROZEN_TIME`` (``golden_session.py``): model code folders,
   repack output paths and tuning job names carry timestamps. The golden tests stop
   dagmaker's clock at the same instant.
2. SageMaker's repack step copies its helper scripts into the user's ``source_dir``
   while compiling, which changes the code hash of every later repack of that directory
   (even in the same pipeline). dagmaker stages a copy and leaves the user's directory
   alone; here the copied scripts are removed again once the step is built, and each
   golden runs in a fresh copy of the golden directory.
3. A repack step without ``source_dir`` hashes the user's entry point, as dagmaker does,
   rather than the launcher's bare file name (which would never change).
4. ``sagemaker_estimator_module`` (a tuning static hyperparameter, or an Autotune
   ``AutoParameters`` entry) names the estimator's Python module; ``sagemaker.x`` is
   written as ``dagmaker.x``, the module dagmaker's estimator really lives in.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import sys
import tempfile
import time
import types
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_DIR = ROOT / "tests" / "golden_models"
MODULE_KEY = "sagemaker_estimator_module"


def _load_job_tool() -> Any:
    spec = importlib.util.spec_from_file_location(
        "make_job_goldens", ROOT / "tools/make_job_goldens.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(names: list[str]) -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    from tests.golden_models.golden_session import FROZEN_TIME

    job_tool = _load_job_tool()
    os.environ["SAGEMAKER_SUPPRESS_V2_WARNING"] = "1"
    job_tool.warnings.filterwarnings("ignore")
    job_tool.logging.disable(job_tool.logging.WARNING)
    job_tool._patch_sdk()
    _patch_repack()
    time.time = lambda: FROZEN_TIME
    for name in names or sorted(p.stem for p in GOLDEN_DIR.glob("*.py") if _is_golden(p)):
        definition = _rename_modules(_definition(name))
        target = GOLDEN_DIR / f"{name}.json"
        target.write_text(json.dumps(definition, indent=2) + "\n")
        print(f"wrote {target.relative_to(ROOT)}")


def _is_golden(path: Path) -> bool:
    return "def build(" in path.read_text()


def _definition(name: str) -> Any:
    source = (GOLDEN_DIR / f"{name}.py").read_text()
    module = types.ModuleType(f"golden_{name}")
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "golden_models"
        shutil.copytree(GOLDEN_DIR, copy, ignore=shutil.ignore_patterns("*.json", "__pycache__"))
        previous = Path.cwd()
        os.chdir(copy)
        try:
            code = compile(re.sub(r"\bdagmaker\b", "sagemaker", source), f"{name}.py", "exec")
            exec(code, vars(module))
            return json.loads(module.build().definition())
        finally:
            os.chdir(previous)


def _patch_repack() -> None:
    import sagemaker.workflow._steps_compiler as steps_compiler
    from sagemaker.workflow import _utils
    from sagemaker.workflow.utilities import hash_files_or_dirs

    repack_class = _utils._RepackModelStep
    original_arguments = repack_class.arguments.fget

    def arguments(step: Any) -> Any:
        source_dir = Path(step._source_dir) if step._source_dir else None
        before = set(source_dir.iterdir()) if source_dir else set()
        try:
            return original_arguments(step)
        finally:
            if source_dir:
                for added in set(source_dir.iterdir()) - before:
                    added.unlink()

    repack_class.arguments = property(arguments)
    original = steps_compiler.get_code_hash

    def code_hash(step: Any) -> Any:
        if isinstance(step, _utils._RepackModelStep) and step._source_dir is None:
            return hash_files_or_dirs([step._entry_point, *(step._dependencies or [])])
        return original(step)

    steps_compiler.get_code_hash = code_hash


def _rename_modules(value: Any) -> Any:
    """Adjustment 4: estimator modules as dagmaker names them."""
    if isinstance(value, dict):
        hint = value.get("Name") == MODULE_KEY
        return {
            key: _dagmaker_module(item)
            if key == MODULE_KEY or (hint and key == "ValueHint")
            else _rename_modules(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_rename_modules(item) for item in value]
    return value


def _dagmaker_module(value: Any) -> Any:
    if isinstance(value, str):
        return re.sub(r'^"sagemaker\.', '"dagmaker.', value)
    return value


if __name__ == "__main__":
    main(sys.argv[1:])
