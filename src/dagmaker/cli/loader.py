"""Load a pipeline definition from a Python file or a definition JSON file."""

from __future__ import annotations

import json
import runpy
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagmaker.definition.json_text import MAX_CHARS, WHOLE, read_document
from dagmaker.errors import DefinitionError, InvalidRequest, Issue, UserCodeError


@dataclass(frozen=True)
class LoadedPipeline:
    """A pipeline ready to create: its name and definition document."""

    name: str
    definition: dict[str, Any]
    source: Path


def load(path: Path, name: str | None = None) -> LoadedPipeline:
    """Read ``path``: a ``.json`` definition, or a ``.py`` file defining ``pipeline``.

    Raises:
        InvalidRequest: when the file is missing, not a regular file, unreadable, or
            defines no pipeline.
        DefinitionError: when a ``.json`` file is not a definition (encoding, JSON, size).
        UserCodeError: when the Python file raises while loading.
    """
    _check_file(path)
    if path.suffix == ".json":
        return LoadedPipeline(
            path.stem if name is None else name, read_document(read_json_bytes(path)), path
        )
    return _from_python(path, name)


def read_json_bytes(path: Path) -> bytes:
    """The bytes of a definition file, refusing one far larger than any definition can be.

    Raises:
        InvalidRequest: when the file cannot be read.
        DefinitionError: when it is larger than a definition can be.
    """
    _check_file(path)
    size = path.stat().st_size
    if size > 4 * MAX_CHARS:  # not worth reading: even 4-byte characters would be too many
        too_big = f"{size:,} bytes; SageMaker accepts at most {MAX_CHARS:,} characters"
        raise DefinitionError.from_issues([Issue("", WHOLE, too_big)])
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidRequest(f"cannot read {path}: {exc.strerror or exc}", field="FILE") from None


def _check_file(path: Path) -> None:
    if not str(path):
        raise InvalidRequest("no file given", field="FILE")
    if path.is_dir():
        raise InvalidRequest(f"{path} is a directory, not a file", field="FILE")
    if not path.exists():
        raise InvalidRequest(f"no such file: {path}", field="FILE")
    if not path.is_file():
        raise InvalidRequest(
            f"{path} is not a regular file (a device, a pipe or a socket)", field="FILE"
        )


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
    return LoadedPipeline(str(target.name) if name is None else name, definition, path)


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
