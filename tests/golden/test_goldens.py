"""Our Pipeline.definition() must equal the real SageMaker SDK's output (tools/make_goldens.py).

Each <name>.py beside this file builds a pipeline in ``build()``; <name>.json holds what
sagemaker 2.257.7 emitted for the same code with the package renamed.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from types import ModuleType

import pytest

from dagmaker.definition import validation

HERE = Path(__file__).resolve().parent
HELPERS = {"__init__", "golden_fake_jobs", "golden_requests"}
NAMES = sorted(
    p.stem for p in HERE.glob("*.py") if p.stem not in HELPERS and not p.stem.startswith("test_")
)


def _load(name: str) -> ModuleType:
    return importlib.import_module(f"tests.golden.{name}")


def test_there_are_enough_goldens() -> None:
    assert len(NAMES) >= 15
    for name in NAMES:
        assert (HERE / f"{name}.json").exists(), f"run tools/make_goldens.py {name}"


@pytest.mark.parametrize("name", NAMES)
def test_definition_matches_sagemaker(name: str) -> None:
    expected = json.loads((HERE / f"{name}.json").read_text())
    pipeline = _load(name).build()
    actual = json.loads(pipeline.definition())
    assert actual == expected


@pytest.mark.parametrize("name", NAMES)
def test_definition_is_stable(name: str) -> None:
    pipeline = _load(name).build()
    assert pipeline.definition() == pipeline.definition()


@pytest.mark.parametrize("name", NAMES)
def test_golden_is_a_valid_definition(name: str) -> None:
    # The goldens also feed engine tests, so each must pass dagmaker's own validation.
    _, issues = validation.check(json.loads((HERE / f"{name}.json").read_text()))
    assert issues == []
