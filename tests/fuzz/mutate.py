"""Mutations of real definitions, for the fuzz tests and the local fuzz campaign.

Each mutation takes a parsed definition and a ``random.Random`` and returns what a careless
or hostile writer might send instead: a document with a member dropped, duplicated,
retyped or nulled somewhere, a rename, a bogus expression; or text and bytes that are
badly encoded, truncated, huge or deeply nested.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

JSON = Any
Source = str | bytes | dict[str, Any]
TESTS = Path(__file__).resolve().parents[1]
ODD_VALUES: list[JSON] = [
    None,
    0,
    -1,
    10**30,
    -(2**63),
    1e308,
    0.5,
    True,
    "",
    "x",
    "ml.nope",
    "s3://B_AD/key",
    "x" * 5000,
    [],
    [None],
    {},
    {"Get": "Parameters.Missing"},
    {"Get": "Steps.Nowhere.ProcessingJobName"},
    {"Get": "Execution.Nothing"},
    {"Std:Join": {"On": 5, "Values": "x"}},
    {"Std:JsonGet": {"Path": "a[b"}},
    {"Std:Other": 1},
    {"Get": 5},
]


def corpus() -> list[dict[str, JSON]]:
    """Every real-SDK, golden and hand-written valid definition kept under ``tests/``."""
    found = []
    for path in sorted(TESTS.rglob("*.json")):
        if "broken" in path.parts or path.name.endswith(".uploads.json"):
            continue
        text = path.read_text()
        if '"Version"' in text[:2000]:
            found.append(json.loads(text))
    return found


def _paths(value: JSON) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    stack: list[tuple[JSON, tuple[Any, ...]]] = [(value, ())]
    while stack:  # iterative: a nested mutation may go thousands of levels deep
        item, here = stack.pop()
        out.append(here)
        if isinstance(item, dict):
            stack += [(v, (*here, k)) for k, v in item.items()]
        elif isinstance(item, list):
            stack += [(v, (*here, i)) for i, v in enumerate(item)]
    return out


def _parent(doc: JSON, path: tuple[Any, ...]) -> JSON:
    for part in path[:-1]:
        doc = doc[part]
    return doc


def _pick(doc: JSON, rng: random.Random) -> tuple[Any, ...]:
    paths = [p for p in _paths(doc) if p]
    return rng.choice(paths) if paths else ()


def drop(doc: JSON, rng: random.Random) -> Source:
    """Remove one member or list item."""
    path = _pick(doc, rng)
    if path:
        del _parent(doc, path)[path[-1]]
    return doc


def duplicate(doc: JSON, rng: random.Random) -> Source:
    """Repeat a list item (duplicate steps, inputs, parameters…)."""
    lists = [p for p in _paths(doc) if p and isinstance(_parent(doc, p)[p[-1]], list)]
    if lists:
        path = rng.choice(lists)
        items = _parent(doc, path)[path[-1]]
        if items:
            items.append(copy.deepcopy(rng.choice(items)))
    return doc


def retype(doc: JSON, rng: random.Random) -> Source:
    """Replace one value with a value of another type or an odd one."""
    path = _pick(doc, rng)
    if path:
        _parent(doc, path)[path[-1]] = copy.deepcopy(rng.choice(ODD_VALUES))
    return doc


def null(doc: JSON, rng: random.Random) -> Source:
    """Set one value to null."""
    path = _pick(doc, rng)
    if path:
        _parent(doc, path)[path[-1]] = None
    return doc


def rename(doc: JSON, rng: random.Random) -> Source:
    """Misspell one member name."""
    keys = [p for p in _paths(doc) if p and isinstance(p[-1], str)]
    if keys:
        path = rng.choice(keys)
        parent = _parent(doc, path)
        parent[path[-1] + rng.choice(["s", "_", "X"])] = parent.pop(path[-1])
    return doc


def nest(doc: JSON, rng: random.Random) -> Source:
    """Wrap one value in many levels of lists or objects."""
    path = _pick(doc, rng)
    if not path:
        return doc
    depth = rng.choice([5, 150, 3000])
    if depth > 500:  # deeper than json.dumps can write: build the text directly
        marker = "__NESTED__"
        _parent(doc, path)[path[-1]] = marker
        return _text(doc).replace(f'"{marker}"', "[" * depth + "1" + "]" * depth, 1)
    value: JSON = _parent(doc, path)[path[-1]]
    for _ in range(depth):
        value = [value] if rng.random() < 0.5 else {"k": value}
    _parent(doc, path)[path[-1]] = value
    return doc


STEP_TYPES = [
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
]
PROPERTY_PATHS = [
    "ProcessingJobName",
    "ModelArtifacts.S3ModelArtifacts",
    "FinalMetricDataList['x'].Value",
    "Outcome",
    "OutputParameters['x']",
    "BestTrainingJob.TrainingJobName",
    "PropertyFiles.R",
    "TrainingJobSummaries[0]",
    "ProcessingOutputConfig.Outputs",
    "Status.State",
    "BestCandidateProperties.ModelInsightsJsonReportPath",
    "CalculatedBaselineStatistics",
]


def _steps(doc: JSON) -> list[dict[str, JSON]]:
    return [
        doc_value
        for path in _paths(doc)
        if path
        and path[-2:-1] in (("Steps",), ("IfSteps",), ("ElseSteps",))
        and isinstance(doc_value := _parent(doc, path)[path[-1]], dict)
    ]


def swap_type(doc: JSON, rng: random.Random) -> Source:
    """Give one step another step type, keeping its arguments."""
    steps = _steps(doc)
    if steps:
        rng.choice(steps)["Type"] = rng.choice(STEP_TYPES)
    return doc


def reference(doc: JSON, rng: random.Random) -> Source:
    """Put a reference to a real step's property, or a parameter, somewhere."""
    path = _pick(doc, rng)
    names = [s.get("Name") for s in _steps(doc) if isinstance(s.get("Name"), str)]
    declared = doc.get("Parameters")
    params = (
        [p.get("Name") for p in declared if isinstance(p, dict)]
        if isinstance(declared, list)
        else []
    )
    choices = [f"Steps.{n}.{rng.choice(PROPERTY_PATHS)}" for n in names[:5]]
    choices += [f"Parameters.{n}" for n in params if isinstance(n, str)]
    if path and choices:
        _parent(doc, path)[path[-1]] = {"Get": rng.choice(choices)}
    return doc


def _text(doc: JSON) -> str:
    return json.dumps(doc)


def truncate(doc: JSON, rng: random.Random) -> Source:
    """Cut the text short."""
    text = _text(doc)
    return text[: rng.randrange(len(text))]


def encode(doc: JSON, rng: random.Random) -> Source:
    """Send the text in another encoding, or with stray bytes."""
    text = _text(doc).replace('"2020-12-01"', '"2020-12-01é"', 1)
    choice = rng.choice(["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "junk"])
    if choice == "junk":
        data = bytearray(text.encode())
        data[rng.randrange(len(data))] = rng.choice([0x00, 0x80, 0xFF, 0xC3])
        return bytes(data)
    return text.encode(choice)


def numbers(doc: JSON, rng: random.Random) -> Source:
    """Put an out-of-range or non-JSON number into the text."""
    path = _pick(doc, rng)
    if not path:
        return _text(doc)
    marker = "__NUMBER__"
    _parent(doc, path)[path[-1]] = marker
    number = rng.choice(["1e999", "-1e999", "NaN", "Infinity", "9" * 5000, "1" + "0" * 30, "-0"])
    return _text(doc).replace(f'"{marker}"', number, 1)


def pad(doc: JSON, rng: random.Random) -> Source:
    """Make the definition larger than SageMaker accepts."""
    doc["Metadata"] = {"pad": "x" * (1_048_576 + rng.randrange(100))}
    return doc


MUTATIONS: list[Callable[[JSON, random.Random], Source]] = [
    drop,
    duplicate,
    retype,
    null,
    rename,
    nest,
    truncate,
    encode,
    numbers,
    pad,
    swap_type,
    reference,
]
# Structural mutations are the interesting ones; weigh them up.
WEIGHTS = [6, 2, 8, 4, 3, 1, 1, 1, 2, 1, 3, 6]


def mutated(base: dict[str, JSON], rng: random.Random) -> Source:
    """A copy of ``base`` after one to three random mutations."""
    doc: JSON = copy.deepcopy(base)
    for _ in range(rng.choice([1, 1, 2, 3])):
        if not isinstance(doc, dict):
            break
        doc = rng.choices(MUTATIONS, WEIGHTS)[0](doc, rng)
    return doc
