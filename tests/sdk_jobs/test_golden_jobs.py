"""Pipelines built with dagmaker's job classes equal SageMaker's SDK output for the same code.

Each ``tests/golden_jobs/<name>.py`` builds a pipeline; ``<name>.json`` is what the real
SageMaker SDK writes for the same source (``tools/make_job_goldens.py``). Code uploads
really happen, into the test's own artifact store.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dagmaker.api import connect_s3
from tests.golden_jobs.golden_session import BUCKET

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden_jobs"
NAMES = sorted(p.stem for p in GOLDEN_DIR.glob("*.json"))


def test_there_are_enough_goldens() -> None:
    assert len(NAMES) >= 12
    for name in NAMES:
        assert (GOLDEN_DIR / f"{name}.py").exists(), name


# Some goldens use the legacy step forms on purpose (seed 001 shows them).
@pytest.mark.filterwarnings("ignore:.*is deprecated; pass step_args:DeprecationWarning")
@pytest.mark.parametrize("name", NAMES)
def test_definition_matches_sagemaker(
    name: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(GOLDEN_DIR)
    module = importlib.import_module(f"tests.golden_jobs.{name}")
    actual = json.loads(module.build().definition())
    expected = json.loads((GOLDEN_DIR / f"{name}.json").read_text())
    assert actual == expected
    _assert_uploaded(actual)


def _assert_uploaded(definition: Any) -> None:
    # Every uploaded file the definition points to is really in the artifact store.
    s3 = connect_s3()
    for uri in _uploaded_uris(definition):
        key = uri[len(f"s3://{BUCKET}/") :]
        listed = s3.list_objects_v2(Bucket=BUCKET, Prefix=key)["Contents"]
        assert listed, f"{uri} is in the definition but was not uploaded"


def _uploaded_uris(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        text = value.strip('"')  # framework hyperparameters are JSON-encoded strings
        if text.startswith(f"s3://{BUCKET}/") and ("/code/" in text or "/input/" in text):
            yield text
    elif isinstance(value, dict):
        for item in value.values():
            yield from _uploaded_uris(item)
    elif isinstance(value, list):
        for item in value:
            yield from _uploaded_uris(item)
