"""Load a pipeline definition from a Python file or a definition JSON file."""

from __future__ import annotations

import json
import runpy
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagmaker.errors import InvalidRequest, UserCodeError


@dataclass(frozen=True)
class LoadedPipeline:
    """A pipeline ready to create: its name and definition document."""

    name: str
    definition: dict[str, Any]
    source: Path


def load(path: Path, name: str | None = None) -> LoadedPipeline:
    """Read ``path``: a ``.json`` definition, or a ``.py`` file defining ``pipeline``.

    Raises:
        InvalidRequest: when the file is missing or defines no pipeline.
        UserCodeError: when the Python file raises while loading.
    """
    if not path.is_file():
        raise InvalidRequest(f"no such file: {path}", field="FILE")
    if path.suffix == ".json":
        return _from_json(path, name)
    return _from_python(path, name)


def _from_json(path: Path, name: str | None) -> LoadedPipeline:
    try:
        document = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise InvalidRequest(
            f"{path} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
            field="FILE",
        ) from None
    return LoadedPipeline(name or path.stem, document, path)


def _from_python(path: Path, name: str | None) -> LoadedPipeline:
    namespace = _run(path)
    target = namespace.get("pipeline") or namespace.get("get_pipeline")
    if callable(target) and not hasattr(target, "definition"):
        target = target()
    if target is None or not hasattr(target, "definition"):
        raise InvalidRequest(
            f"{path} defines no pipeline",
            field="FILE",
            hint="Define a module-level `pipeline = Pipeline(...)` or a function "
            "`get_pipeline()` that returns one.",
        )
    definition = json.loads(target.definition())
    return LoadedPipeline(name or str(target.name), definition, path)


def _run(path: Path) -> dict[str, Any]:
    folder = str(path.resolve().parent)
    sys.path.insert(0, folder)
    try:
        return runpy.run_path(str(path), run_name="__dagmaker_pipeline__")
    except SystemExit as exc:
        raise UserCodeError(f"{path} called sys.exit({exc.code}) while loading") from None
    except Exception as exc:
        if hasattr(exc, "headline"):
            raise
        raise UserCodeError(
            f"{path} raised {type(exc).__name__}: {exc}", hint="Fix the pipeline file and retry."
        ) from exc
    finally:
        sys.path.remove(folder)
