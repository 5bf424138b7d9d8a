"""Definitions from the real SageMaker SDK (2.257.7) validate cleanly and give the right graph.

The JSON files under ``real_sdk/`` come from ``tools/make_real_sdk_fixtures.py``; tests never
run that script (it needs the ``sagemaker`` package), they only read its output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dagmaker.definition import graph, validation
from dagmaker.definition.model import PipelineDefinition

REAL = Path(__file__).parent / "real_sdk"

# Step → every step it waits for (custom, data and branch edges).
UPSTREAM: dict[str, dict[str, set[str]]] = {
    "abalone": {
        "Preprocess": set(),
        "Train": {"Preprocess"},
        "Evaluate": {"Preprocess", "Train"},
        "CheckMse": {"Evaluate"},
        "CreateModel-CreateModel": {"CheckMse", "Train"},
        "MseTooHigh": {"CheckMse", "Evaluate"},
    },
    "every_condition": {
        "Produce": set(),
        "SideTask": {"Produce"},
        "Gate": {"Produce", "SideTask"},
        "Publish": {"Gate", "Produce"},
        "Stop": {"Gate", "Produce"},
    },
    "lambda_callback": {
        "Probe": set(),
        "Review": {"Probe"},
        "Approved": {"Review"},
        "Work": {"Approved", "Probe"},
    },
    "nested_condition": {
        "Outer": set(),
        "Inner": {"Outer"},
        "High": {"Inner"},
        "Low": {"Inner"},
        "Report": {"Outer"},
    },
    "train_tune_register": {
        "Fit": set(),
        "Tune": {"Fit"},
        "RmseOk": {"Fit"},
        "Best-CreateModel": {"RmseOk", "Tune"},
        "Score": {"Best-CreateModel", "RmseOk"},
        "Register-RegisterModel": {"RmseOk", "Score", "Tune"},
    },
}
# Step → the steps whose properties it reads (a subset of UPSTREAM).
DATA: dict[str, dict[str, set[str]]] = {
    "abalone": {
        "Train": {"Preprocess"},
        "Evaluate": {"Preprocess", "Train"},
        "CheckMse": {"Evaluate"},
        "CreateModel-CreateModel": {"Train"},
        "MseTooHigh": {"Evaluate"},
    },
    "every_condition": {"Gate": {"Produce"}, "Publish": {"Produce"}, "Stop": {"Produce"}},
    "lambda_callback": {"Review": {"Probe"}, "Approved": {"Review"}, "Work": {"Probe"}},
    "nested_condition": {"Report": {"Outer"}},
    "train_tune_register": {
        "RmseOk": {"Fit"},
        "Best-CreateModel": {"Tune"},
        "Score": {"Best-CreateModel"},
        "Register-RegisterModel": {"Tune"},
    },
}
BRANCHES: dict[str, dict[str, tuple[str, str]]] = {
    "abalone": {
        "CreateModel-CreateModel": ("CheckMse", "IfSteps"),
        "MseTooHigh": ("CheckMse", "ElseSteps"),
    },
    "every_condition": {"Publish": ("Gate", "IfSteps"), "Stop": ("Gate", "ElseSteps")},
    "lambda_callback": {"Work": ("Approved", "IfSteps")},
    "nested_condition": {
        "Inner": ("Outer", "IfSteps"),
        "High": ("Inner", "IfSteps"),
        "Low": ("Inner", "ElseSteps"),
    },
    "train_tune_register": {
        "Best-CreateModel": ("RmseOk", "IfSteps"),
        "Score": ("RmseOk", "IfSteps"),
        "Register-RegisterModel": ("RmseOk", "IfSteps"),
    },
}
NAMES = sorted(UPSTREAM)


def _definition(name: str) -> PipelineDefinition:
    return validation.validate((REAL / f"{name}.json").read_text())


def test_every_fixture_has_expectations() -> None:
    assert sorted(p.stem for p in REAL.glob("*.json")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_real_sdk_definition_has_zero_issues(name: str) -> None:
    _, issues = validation.check(json.loads((REAL / f"{name}.json").read_text()))
    assert issues == []


@pytest.mark.parametrize("name", NAMES)
def test_graph_edges(name: str) -> None:
    built = graph.build(_definition(name))
    assert {k: set(v) for k, v in built.upstream.items()} == UPSTREAM[name]
    data = {k: set(v) for k, v in built.data_upstream.items() if v}
    assert data == DATA[name]
    assert built.branch_of == BRANCHES[name]


@pytest.mark.parametrize("name", NAMES)
def test_graph_is_acyclic_and_orders_every_step_after_its_upstream(name: str) -> None:
    built = graph.build(_definition(name))
    assert graph.find_cycle(built) is None
    order = graph.topological(built)
    assert sorted(order) == sorted(UPSTREAM[name])
    for step, ups in UPSTREAM[name].items():
        assert all(order.index(up) < order.index(step) for up in ups)


def test_downstream_is_the_inverse_of_upstream() -> None:
    built = graph.build(_definition("abalone"))
    assert built.downstream["Preprocess"] == {"Train", "Evaluate"}
    assert built.downstream["CheckMse"] == {"CreateModel-CreateModel", "MseTooHigh"}
    assert graph.descendants(built, ["Train"]) == {
        "Evaluate",
        "CheckMse",
        "CreateModel-CreateModel",
        "MseTooHigh",
    }


def test_branch_steps_are_not_top_level() -> None:
    definition = _definition("nested_condition")
    assert definition.top_level == ("Outer", "Report")
    assert definition.steps["High"].parent == "Inner"
    assert definition.steps["High"].json_path == (
        "Steps[0].Arguments.IfSteps[0].Arguments.IfSteps[0]"
    )


def test_sdk_envelope_is_decoded() -> None:
    definition = _definition("abalone")
    train = definition.steps["Train"]
    assert [p.exception_types for p in train.retry_policies] == [
        ("Step.SERVICE_FAULT",),
        ("SageMaker.CAPACITY_ERROR",),
    ]
    assert train.retry_policies[0].expire_after_min == 60
    assert train.retry_policies[1].max_attempts == 5
    assert train.retry_policies[1].interval_seconds == 30.0
    preprocess = definition.steps["Preprocess"]
    assert preprocess.cache_config is not None and preprocess.cache_config.expire_after == "P30D"
    evaluate = definition.steps["Evaluate"]
    assert [(f.name, f.output_name, f.file_path) for f in evaluate.property_files] == [
        ("EvaluationReport", "evaluation", "evaluation.json")
    ]
    env = definition.parameter("Env")
    assert env is not None and env.enum_values == ("dev", "prod")
    use_gpu = definition.parameter("UseGpu")
    assert use_gpu is not None and use_gpu.has_default and use_gpu.default is False
