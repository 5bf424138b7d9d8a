"""Regenerate tests/golden_checks/<name>.json with SageMaker's own SDK (developer tool).

Each ``tests/golden_checks/<name>.py`` is written against dagmaker: ``build()`` returns
a pipeline with check steps (the golden is its definition), ``calls()`` drives Model
Monitor / Clarify objects against a recording SageMaker client (the golden is the list
of API calls). This tool runs the same source with ``dagmaker`` replaced by
``sagemaker`` under a Python that has the real SDK. Tests never run it:

    /tmp/smvenv/bin/python tools/make_check_goldens.py            # every golden
    /tmp/smvenv/bin/python tools/make_check_goldens.py name ...   # some

It works offline with the patches of ``tools/make_job_goldens.py`` (uploads recorded,
no bucket creation, no telemetry) and stops the clock at ``FROZEN_TIME`` and
``uuid.uuid4`` at ``FIXED_UUID`` (``golden_session.py``): check steps put a timestamped
job name and a random id in S3 keys. The golden tests stop dagmaker's at the same values.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import time
import types
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_DIR = ROOT / "tests" / "golden_checks"
# What each golden uploaded: URI -> parsed JSON (generated files) or "file:<local path>".
UPLOADED: dict[str, Any] = {}


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
    from tests.golden_checks.golden_session import FROZEN_TIME, fixed_uuid4

    job_tool = _load_job_tool()
    os.environ["SAGEMAKER_SUPPRESS_V2_WARNING"] = "1"
    job_tool.warnings.filterwarnings("ignore")
    job_tool.logging.disable(job_tool.logging.WARNING)
    job_tool._patch_sdk()
    _capture_uploads()
    time.time = lambda: FROZEN_TIME
    uuid.uuid4 = fixed_uuid4
    os.chdir(GOLDEN_DIR)
    for name in names or sorted(p.stem for p in GOLDEN_DIR.glob("*.py") if _is_golden(p)):
        UPLOADED.clear()
        target = GOLDEN_DIR / f"{name}.json"
        target.write_text(json.dumps(_golden(name), indent=2) + "\n")
        uploads = GOLDEN_DIR / f"{name}.uploads.json"
        uploads.write_text(json.dumps(dict(sorted(UPLOADED.items())), indent=2) + "\n")
        print(f"wrote {target.relative_to(ROOT)} and its uploads")


def _capture_uploads() -> None:
    """Keep what is uploaded: generated JSON (analysis configs) and local file names."""
    from sagemaker.session import Session

    record_file, record_text = Session.upload_data, Session.upload_string_as_file_body

    def upload_data(self: Any, path: str, *args: Any, **kwargs: Any) -> str:
        uri: str = record_file(self, path, *args, **kwargs)
        local = Path(path)
        if local.suffix == ".json" and not local.resolve().is_relative_to(GOLDEN_DIR):
            UPLOADED[uri] = json.loads(local.read_text())
        else:
            UPLOADED[uri] = f"file:{os.path.relpath(local, GOLDEN_DIR)}"
        return uri

    def upload_text(self: Any, body: Any, bucket: str, key: str, kms_key: Any = None) -> str:
        uri: str = record_text(self, body, bucket, key, kms_key)
        UPLOADED[uri] = json.loads(body)
        return uri

    Session.upload_data = upload_data
    Session.upload_string_as_file_body = upload_text


def _is_golden(path: Path) -> bool:
    text = path.read_text()
    return "def build(" in text or "def calls(" in text


def _golden(name: str) -> Any:
    source = (GOLDEN_DIR / f"{name}.py").read_text()
    module = types.ModuleType(f"golden_{name}")
    exec(compile(re.sub(r"\bdagmaker\b", "sagemaker", source), f"{name}.py", "exec"), vars(module))
    if hasattr(module, "build"):
        return json.loads(module.build().definition())
    return module.calls()


if __name__ == "__main__":
    main(sys.argv[1:])
