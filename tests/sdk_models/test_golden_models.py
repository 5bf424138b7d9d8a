"""Pipelines built with dagmaker's models, tuners and transformers equal SageMaker's output.

Each ``tests/golden_models/<name>.py`` builds a pipeline; ``<name>.json`` is what the
real SageMaker SDK writes for the same source (``tools/make_model_goldens.py``), with
the clock stopped at ``FROZEN_TIME`` on both sides. Code uploads really happen, into
the test's own artifact store.
"""

from __future__ import annotations

import importlib
import json
import time
from pathlib import Path

import pytest

from dagmaker.definition import validation
from tests.golden_models.golden_session import FROZEN_TIME

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden_models"
NAMES = sorted(p.stem for p in GOLDEN_DIR.glob("*.json"))


def test_there_are_enough_goldens() -> None:
    assert len(NAMES) >= 10
    for name in NAMES:
        assert (GOLDEN_DIR / f"{name}.py").exists(), name


def _build(name: str) -> dict:
    module = importlib.import_module(f"tests.golden_models.{name}")
    return json.loads(module.build().definition())


# Some goldens use the legacy forms on purpose (seed 001 shows them).
@pytest.mark.filterwarnings("ignore:.*is deprecated:DeprecationWarning")
@pytest.mark.parametrize("name", NAMES)
def test_definition_matches_sagemaker(
    name: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(GOLDEN_DIR)
    monkeypatch.setattr(time, "time", lambda: FROZEN_TIME)
    expected = json.loads((GOLDEN_DIR / f"{name}.json").read_text())
    assert _build(name) == expected


# A framework estimator in a tuning job gets a new job name (and code folder) each time
# the definition is built, in SageMaker's SDK too: its StaticHyperParameters carry them.
UNSTABLE = {"tuning_step"}


@pytest.mark.filterwarnings("ignore:.*is deprecated:DeprecationWarning")
@pytest.mark.parametrize("name", sorted(set(NAMES) - UNSTABLE))
def test_definition_is_stable(name: str, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GOLDEN_DIR)
    pipeline = importlib.import_module(f"tests.golden_models.{name}").build()
    first = pipeline.definition()
    monkeypatch.setattr(time, "time", lambda: FROZEN_TIME + 3600)
    assert pipeline.definition() == first


@pytest.mark.parametrize("name", NAMES)
def test_golden_is_a_valid_definition(name: str) -> None:
    # The goldens also feed engine tests, so each must pass dagmaker's own validation.
    _, issues = validation.check(json.loads((GOLDEN_DIR / f"{name}.json").read_text()))
    assert issues == []
