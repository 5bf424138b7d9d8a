"""Mutations that mostly keep a definition valid, for campaigns that run what validates.

The structural mutations in :mod:`tests.fuzz.mutate` break most definitions, so few of
them reach the engine. These change values, not shapes: another number, another string
(paths that escape, odd characters, long text), another reference, an optional member
gone, a parameter's default changed, so that many validate and then have to run.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from typing import Any

from tests.fuzz.mutate import PROPERTY_PATHS, Source, _parent, _paths, _steps, drop, reference

JSON = Any
NUMBERS: list[JSON] = [0, 1, 2, 3, 7, 100, 2**31 - 1, 0.0, 0.5, 1e-9, 3600, 86400]
STRINGS: list[str] = [
    "",
    " ",
    "x",
    "../../../etc/passwd",
    "/etc/passwd",
    "s3://bucket/../escape",
    "s3://bucket/a/../../b",
    "s3://bucket/key with space",
    "s3://dagmaker-default-bucket/tweak/data.csv",
    "file:///etc/passwd",
    "é€😀",
    "a\nb",
    "${HOME}",
    "$(touch /tmp/pwned)",
    "--help",
    "x" * 1000,
    "True",
    "1.5",
    "-1",
]


def _leaves(doc: JSON, kind: type | tuple[type, ...]) -> list[tuple[Any, ...]]:
    return [
        p
        for p in _paths(doc)
        if p
        and isinstance(_parent(doc, p)[p[-1]], kind)
        and not isinstance(_parent(doc, p)[p[-1]], bool)
    ]


def number(doc: JSON, rng: random.Random) -> Source:
    """Put another number where there is one."""
    paths = _leaves(doc, (int, float))
    if paths:
        path = rng.choice(paths)
        _parent(doc, path)[path[-1]] = rng.choice(NUMBERS)
    return doc


def string(doc: JSON, rng: random.Random) -> Source:
    """Put another string where there is one (not a step or parameter name, not a type)."""
    paths = [p for p in _leaves(doc, str) if p[-1] not in ("Name", "Type", "Version")]
    if paths:
        path = rng.choice(paths)
        _parent(doc, path)[path[-1]] = rng.choice(STRINGS)
    return doc


def default(doc: JSON, rng: random.Random) -> Source:
    """Change a parameter's default to another value of its type (or an odd one)."""
    params = [p for p in doc.get("Parameters") or [] if isinstance(p, dict)]
    if params:
        param = rng.choice(params)
        kind = param.get("Type")
        choices: list[JSON] = {
            "Integer": [0, -1, 1, 100, 2**31 - 1],
            "Float": [0.0, -1.5, 1e300, 0.5],
            "Boolean": [True, False],
        }.get(kind, STRINGS)
        param["DefaultValue"] = rng.choice(choices)
    return doc


def cross_reference(doc: JSON, rng: random.Random) -> Source:
    """Make one string refer to a property of another step, or to an execution variable."""
    paths = [p for p in _leaves(doc, str) if p[-1] not in ("Name", "Type", "Version")]
    names = [s.get("Name") for s in _steps(doc) if isinstance(s.get("Name"), str)]
    choices = [f"Steps.{n}.{rng.choice(PROPERTY_PATHS)}" for n in names]
    choices += [
        "Execution.PipelineExecutionId",
        "Execution.PipelineExecutionArn",
        "Execution.StartDateTime",
        "Execution.PipelineName",
    ]
    if paths:
        path = rng.choice(paths)
        _parent(doc, path)[path[-1]] = {"Get": rng.choice(choices)}
    return doc


def join(doc: JSON, rng: random.Random) -> Source:
    """Wrap one string in a Std:Join of itself and a parameter or execution variable."""
    paths = [p for p in _leaves(doc, str) if p[-1] not in ("Name", "Type", "Version")]
    if paths:
        path = rng.choice(paths)
        value = _parent(doc, path)[path[-1]]
        extra = {"Get": "Execution.PipelineExecutionId"}
        _parent(doc, path)[path[-1]] = {"Std:Join": {"On": "", "Values": [value, extra]}}
    return doc


def copy_step(doc: JSON, rng: random.Random) -> Source:
    """Add a copy of a top-level step under a new name (two jobs from one request)."""
    steps = [s for s in doc.get("Steps") or [] if isinstance(s, dict)]
    if steps:
        twin = copy.deepcopy(rng.choice(steps))
        twin["Name"] = f"{twin.get('Name', 'Step')}-twin"[:64]
        doc["Steps"].append(twin)
    return doc


TWEAKS: list[Callable[[JSON, random.Random], Source]] = [
    number,
    string,
    default,
    cross_reference,
    join,
    copy_step,
    reference,
    drop,
]
WEIGHTS = [4, 5, 3, 2, 2, 1, 1, 2]


def tweaked(base: dict[str, JSON], rng: random.Random) -> Source:
    """A copy of ``base`` after one to three value-level mutations."""
    doc: JSON = copy.deepcopy(base)
    for _ in range(rng.choice([1, 1, 2, 3])):
        doc = rng.choices(TWEAKS, WEIGHTS)[0](doc, rng)
    return doc
