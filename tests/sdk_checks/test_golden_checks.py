"""Check steps, Model Monitor and Clarify objects build what SageMaker's SDK builds.

Each ``tests/golden_checks/<name>.py`` either builds a pipeline (``build()``; the golden
is its definition) or drives monitors against a recording client (``calls()``; the
golden is the list of SageMaker API calls). ``<name>.json`` is what the real SageMaker
SDK produced for the same source (``tools/make_check_goldens.py``), with the clock and
``uuid.uuid4`` stopped at the same values on both sides. Uploads really happen, into
the test's own artifact store.
"""

from __future__ import annotations

import importlib
import json
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from dagmaker.api import connect_s3
from dagmaker.definition import validation
from tests.golden_checks.golden_session import FROZEN_TIME, fixed_uuid4

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden_checks"
NAMES = sorted(p.stem for p in GOLDEN_DIR.glob("*.json") if "." not in p.stem)
PIPELINES = [n for n in NAMES if "def build(" in (GOLDEN_DIR / f"{n}.py").read_text()]


@pytest.fixture
def frozen(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Golden conditions: the golden directory, the stopped clock, the fixed UUID."""
    monkeypatch.chdir(GOLDEN_DIR)
    monkeypatch.setattr(time, "time", lambda: FROZEN_TIME)
    monkeypatch.setattr(uuid, "uuid4", fixed_uuid4)


def _produce(name: str) -> Any:
    module = importlib.import_module(f"tests.golden_checks.{name}")
    if hasattr(module, "build"):
        return json.loads(module.build().definition())
    return json.loads(json.dumps(module.calls()))


def test_every_kind_of_check_has_a_golden() -> None:
    assert {
        "quality_checks",
        "clarify_checks",
        "monitor_batch_transform",
        "register_with_check_baselines",
        "monitor_requests",
    } <= set(NAMES)


# One golden registers with the legacy RegisterModel collection on purpose.
@pytest.mark.filterwarnings("ignore:RegisterModel is deprecated:DeprecationWarning")
@pytest.mark.parametrize("name", NAMES)
def test_matches_sagemaker(name: str, frozen: None) -> None:
    expected = json.loads((GOLDEN_DIR / f"{name}.json").read_text())
    assert _produce(name) == expected


@pytest.mark.filterwarnings("ignore:RegisterModel is deprecated:DeprecationWarning")
@pytest.mark.parametrize("name", NAMES)
def test_uploads_match_sagemaker(name: str, frozen: None) -> None:
    # Generated files (Clarify analysis configs) are compared as JSON, local files by bytes.
    _produce(name)
    s3 = connect_s3()
    expected = json.loads((GOLDEN_DIR / f"{name}.uploads.json").read_text())
    for uri, content in expected.items():
        bucket, _, key = uri[len("s3://") :].partition("/")
        if isinstance(content, str) and content.startswith("file:"):
            key = key if key.endswith(Path(content).name) else f"{key}/{Path(content).name}"
        body = s3.get_object(Bucket=bucket, Key=key)["Body"]
        with body:
            data = body.read()
        if isinstance(content, str) and content.startswith("file:"):
            assert data == (GOLDEN_DIR / content[len("file:") :]).read_bytes(), uri
        else:
            assert json.loads(data) == content, uri


@pytest.mark.parametrize("name", PIPELINES)
def test_golden_is_a_valid_definition(name: str) -> None:
    _, issues = validation.check(json.loads((GOLDEN_DIR / f"{name}.json").read_text()))
    assert issues == []
