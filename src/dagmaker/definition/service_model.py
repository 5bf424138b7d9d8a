"""The SageMaker and EMR API request shapes, read from botocore's service models.

botocore ships each AWS API as ``botocore/data/<service>/<version>/service-2.json(.gz)``:
every request member with its type, whether it is required, its enum, range, length and
name pattern. Validation checks step arguments against these shapes, so the rules are the
service's own rather than a hand-kept copy, read without importing botocore itself.

Parsing a whole model takes about 45 ms, more than a short command may spend, while a
process asks for a handful of shapes. So the first process to read a model also writes
an index of it, one row per shape, to the user's cache directory (keyed by the model
file's path, size and modification time, so a botocore upgrade makes a new one); later
processes read only the shapes they ask for. Without a writable cache the model is
parsed whole, as before.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from dagmaker._lib.java_regex import Matcher, PatternError, compile_pattern
from dagmaker.errors import InternalError

SCALARS = ("string", "integer", "long", "float", "double", "boolean", "timestamp", "blob")
# Smithy's integer is 32-bit and long is 64-bit; a model range narrows these further.
TYPE_RANGES = {"integer": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}


@dataclass(frozen=True)
class Shape:
    """One shape of a service model.

    Attributes:
        name: The shape's name in the model, e.g. ``ProcessingInstanceCount``.
        type: ``structure``, ``list``, ``map`` or a scalar type from :data:`SCALARS`.
        members: For structures, member name → shape name.
        required: For structures, the members the service requires.
        element: For lists the element shape, for maps the value shape.
        key: For maps, the key shape.
        enum: Allowed string values, when the model lists them.
        min: Smallest value (numbers) or length (strings, lists, maps).
        max: Largest value or length.
        pattern: The Java regular expression a string must match whole.
        union: Whether exactly one member must be set.
    """

    name: str
    type: str
    members: dict[str, str] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    element: str = ""
    key: str = ""
    enum: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    pattern: str = ""
    union: bool = False

    def matches(self, value: str) -> bool:
        """Whether ``value`` matches the whole pattern (True when there is none)."""
        matcher = _matcher(self.pattern) if self.pattern else None
        return matcher is None or matcher(value)


class ServiceModel:
    """The shapes of one service, built on demand from the model's JSON."""

    def __init__(self, service: str, raw: Mapping[str, Any]) -> None:
        self.service = service
        self._raw = raw
        self._shapes: dict[str, Shape] = {}

    def __contains__(self, name: str) -> bool:
        return name in self._raw

    def shape(self, name: str) -> Shape:
        """The named shape.

        Raises:
            KeyError: when the model has no such shape.
        """
        found = self._shapes.get(name)
        if found is None:
            found = self._shapes[name] = _build(name, self._raw[name])
        return found


@cache
def model(service: str) -> ServiceModel:
    """The newest API version of ``service`` (``sagemaker``, ``emr``) that botocore ships.

    Raises:
        InternalError: when botocore or its model for ``service`` is not installed.
    """
    path = _model_path(service)
    index = _cache_dir() / f"{service}-{_fingerprint(path)}.sqlite3"
    if index.exists():
        try:
            return ServiceModel(service, _ShapeIndex(index))
        except sqlite3.Error:
            pass  # unreadable: parse the model and write the index again
    shapes: dict[str, Any] = _parse(path)["shapes"]
    _write_index(index, shapes)
    return ServiceModel(service, shapes)


class _ShapeIndex(Mapping[str, Any]):
    """A model's shapes read one at a time from the cached index."""

    def __init__(self, file: Path) -> None:
        self._connection = sqlite3.connect(
            f"file:{file}?mode=ro", uri=True, check_same_thread=False
        )
        self._count = int(self._connection.execute("SELECT count(*) FROM shapes").fetchone()[0])
        self._lock = threading.Lock()

    def __getitem__(self, name: str) -> Any:
        with self._lock:
            row = self._connection.execute(
                "SELECT body FROM shapes WHERE name = ?", (name,)
            ).fetchone()
        if row is None:
            raise KeyError(name)
        return json.loads(row[0])

    def __iter__(self) -> Any:
        with self._lock:
            names = [row[0] for row in self._connection.execute("SELECT name FROM shapes")]
        return iter(names)

    def __len__(self) -> int:
        return self._count


def _parse(path: Path) -> dict[str, Any]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        document: dict[str, Any] = json.load(handle)
    return document


def _cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")  # noqa: PTH111
    return Path(root) / "dagmaker" / "service-models"


def _fingerprint(path: Path) -> str:
    info = path.stat()
    key = f"{path.resolve()}|{info.st_size}|{info.st_mtime_ns}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _write_index(index: Path, shapes: dict[str, Any]) -> None:
    try:
        index.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=index.parent, suffix=".partial")
    except OSError:
        return  # no cache (read-only or full disk): every process parses the model instead
    os.close(handle)
    temporary = Path(name)
    # Written whole under a temporary name, then renamed: readers see all of it or none.
    try:
        with sqlite3.connect(temporary) as connection:
            connection.execute("CREATE TABLE shapes (name TEXT PRIMARY KEY, body TEXT NOT NULL)")
            connection.executemany(
                "INSERT INTO shapes VALUES (?, ?)",
                ((shape, json.dumps(body)) for shape, body in shapes.items()),
            )
        connection.close()
        temporary.replace(index)
    except (OSError, sqlite3.Error):
        temporary.unlink(missing_ok=True)


def _model_path(service: str) -> Path:
    spec = find_spec("botocore")
    roots = list(spec.submodule_search_locations or []) if spec else []
    for root in roots:
        versions = sorted((Path(root) / "data" / service).glob("*/service-2.json*"))
        if versions:
            return versions[-1]
    raise InternalError(
        f"botocore's {service} service model is missing; validation reads request shapes "
        "from it: reinstall dagmaker's dependencies (pip install botocore)"
    )


def _build(name: str, raw: dict[str, Any]) -> Shape:
    kind = raw["type"]
    members = {m: spec["shape"] for m, spec in raw.get("members", {}).items()}
    element = raw.get("member", raw.get("value", {})).get("shape", "")
    return Shape(
        name=name,
        type=kind,
        members=members,
        required=frozenset(raw.get("required", ())),
        element=element,
        key=raw.get("key", {}).get("shape", ""),
        enum=tuple(raw.get("enum", ())),
        min=raw.get("min"),
        max=raw.get("max"),
        pattern=raw.get("pattern", ""),
        union=bool(raw.get("union")),
    )


@cache
def _matcher(pattern: str) -> Matcher | None:
    try:
        return compile_pattern(pattern)
    except PatternError:
        return None  # a pattern Python cannot express is not checked rather than misread
