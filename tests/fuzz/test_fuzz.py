"""Mutated real definitions: validation reports located issues and never crashes.

Seeded, so a failure reproduces; ``python -m tests.fuzz.campaign`` runs thousands more.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dagmaker.cli.main import app
from tests.fuzz.mutate import MUTATIONS, corpus, mutated
from tests.fuzz.oracle import issues_of

CORPUS = corpus()
runner = CliRunner()


def test_the_corpus_is_the_real_definitions() -> None:
    assert len(CORPUS) >= 50
    for doc in CORPUS:
        assert issues_of(doc) == []


def test_hundreds_of_seeded_mutations_give_located_issues() -> None:
    rng = random.Random(20261205)
    started = time.process_time()  # CPU time: the machine may be shared
    reported = 0
    for _ in range(400):
        reported += bool(issues_of(mutated(rng.choice(CORPUS), rng)))
    assert reported > 250, "most mutations break a definition; the rules must notice"
    assert time.process_time() - started < 20


@settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    base=st.integers(0, len(CORPUS) - 1),
    steps=st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3),
    seed=st.integers(0, 2**32 - 1),
)
def test_any_sequence_of_mutations_is_handled(base: int, steps: list[Any], seed: int) -> None:
    rng = random.Random(seed)
    source: Any = json.loads(json.dumps(CORPUS[base]))
    for mutation in steps:
        if not isinstance(source, dict):
            break
        source = mutation(source, rng)
    issues_of(source)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=15,
)
STEP_KEYS = st.sampled_from(
    ["Name", "Type", "Arguments", "DependsOn", "RetryPolicies", "CacheConfig", "PropertyFiles"]
)
STEP_TYPES = st.sampled_from(
    [
        "Processing",
        "Training",
        "Tuning",
        "Transform",
        "Model",
        "RegisterModel",
        "Condition",
        "Fail",
        "Lambda",
        "Callback",
        "QualityCheck",
        "ClarifyCheck",
        "EMR",
        "AutoML",
        "Nope",
    ]
)


@settings(max_examples=80, derandomize=True, deadline=None)
@given(
    steps=st.lists(
        st.fixed_dictionaries(
            {"Name": st.text(max_size=8), "Type": STEP_TYPES},
            optional={"Arguments": JSON_VALUES, "DependsOn": JSON_VALUES, "X": JSON_VALUES},
        ),
        max_size=4,
    ),
    parameters=JSON_VALUES,
    extra=st.dictionaries(
        st.sampled_from(["Metadata", "PipelineExperimentConfig", "Version"]), JSON_VALUES
    ),
)
def test_arbitrary_json_in_every_place_is_handled(
    steps: list[Any], parameters: Any, extra: dict[str, Any]
) -> None:
    issues_of({"Version": "2020-12-01", "Parameters": parameters, "Steps": steps, **extra})


@pytest.mark.parametrize("seed", range(3))
def test_the_cli_exits_2_without_a_traceback(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    for i in range(8):
        source = mutated(rng.choice(CORPUS), rng)
        data = (
            source
            if isinstance(source, bytes)
            else (source if isinstance(source, str) else json.dumps(source))
        )
        path = tmp_path / f"case{i}.json"
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
        result = runner.invoke(app, ["definition", "validate", str(path), "--json"])
        assert "Traceback" not in result.output and "Internal error" not in result.output
        report = json.loads(result.stdout)
        assert result.exit_code == (0 if report["Valid"] else 2), result.output
