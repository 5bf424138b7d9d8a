"""Step properties: typed references to what a step produces, and property files.

``step.properties`` mirrors the step's Describe* response shape (``dagmaker.definition.
shapes``): attribute access follows structure members, ``[0]`` indexes lists and
``['key']`` indexes maps (or selects a list element by its name field). Each node renders
to ``{"Get": "Steps.<step>.<path>"}``. A name that the shape does not have raises
``AttributeError`` listing the valid names.
"""

from __future__ import annotations

import difflib
from typing import Any

from dagmaker.definition import shapes
from dagmaker.workflow.entities import Expression, PipelineVariable

_STRUCTURE_KINDS = ("structure",)


def _qualified(shape: str, service_name: str) -> str:
    if service_name == "sagemaker" or shapes.is_scalar(shape) or ":" in shape:
        return shape
    if shape in shapes.MERGED_ROOTS:
        return shape
    return f"{service_name}:{shape}"


def _is_known(shape: str) -> bool:
    return shapes.is_scalar(shape) or shapes.kind(shape) != shape


class Properties(PipelineVariable):
    """A reference to a step property (or to a structure of them).

    Attributes:
        step_name: The step the property belongs to.
        path: The property path below the step, e.g. ``ModelArtifacts.S3ModelArtifacts``;
            ``None`` for the root.
    """

    def __init__(
        self,
        step_name: str,
        path: str | None = None,
        shape_name: str | None = None,
        shape_names: list[str] | None = None,
        service_name: str = "sagemaker",
        step: Any = None,
    ) -> None:
        names = ([shape_name] if shape_name else []) + list(shape_names or [])
        qualified = tuple(_qualified(name, service_name) for name in names)
        unknown = [name for name in qualified if not _is_known(name)]
        if unknown:
            raise ValueError(f"unknown property shape(s) {unknown} for step {step_name!r}")
        self.step_name = step_name
        self.path = path
        self._step = step
        self._shapes = qualified
        self._children: dict[Any, Any] = {}
        self._fixed: dict[str, Any] = {}

    @property
    def expr(self) -> dict[str, str]:
        """``{"Get": "Steps.<step>.<path>"}``."""
        prefix = f"Steps.{self.step_name}"
        return {"Get": prefix if self.path is None else f"{prefix}.{self.path}"}

    @property
    def _referenced_steps(self) -> list[Any]:
        return [self._step] if self._step is not None else [self.step_name]

    def attach(self, name: str, value: Any) -> None:
        """Add a member that is not part of the shape (used by steps such as Lambda or EMR)."""
        self._fixed[name] = value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._fixed:
            return self._fixed[name]
        if name not in self._children:
            members = self._members()
            if name not in members:
                raise AttributeError(self._unknown_member(name, members))
            self._children[name] = _node(self, self._child_path(name), members[name])
        return self._children[name]

    def __getitem__(self, item: Any) -> Any:
        raise TypeError(
            f"{self.expr['Get']} is {self._kind_text()}, not a list or a map; "
            "use attribute access (e.g. .S3Uri) instead of [...]"
        )

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self._members()) | set(self._fixed))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.expr['Get']!r})"

    def _child_path(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def _members(self) -> dict[str, str]:
        merged: dict[str, str] = {}
        for shape in self._shapes:
            merged.update(shapes.members(shape))
        return merged

    def _kind_text(self) -> str:
        kinds = {shapes.kind(shape) for shape in self._shapes}
        if not kinds:
            return "an untyped reference"
        kind = kinds.pop() if len(kinds) == 1 else "structure"
        return f"a {kind}"

    def _unknown_member(self, name: str, members: dict[str, str]) -> str:
        where = self.expr["Get"]
        valid = sorted(set(members) | set(self._fixed))
        if not valid:
            return f"{where} is {self._kind_text()} and has no property {name!r}" + (
                "; index it with [0] or ['name'] first" if self._is_container() else ""
            )
        close = difflib.get_close_matches(name, valid, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        return f"{where} has no property {name!r}.{hint} Valid names: {', '.join(valid)}"

    def _is_container(self) -> bool:
        return any(shapes.kind(shape) in ("list", "map") for shape in self._shapes)


class _IndexedProperties(Properties):
    """A list- or map-typed property; indexing yields the element's properties."""

    _kind = ""

    def __init__(
        self,
        step_name: str,
        path: str,
        shape_name: str | None = None,
        service_name: str = "sagemaker",
        step: Any = None,
    ) -> None:
        super().__init__(step_name, path, shape_name, service_name=service_name, step=step)
        self.shape_name = self._shapes[0] if self._shapes else None
        if self.shape_name is not None and shapes.kind(self.shape_name) != self._kind:
            raise ValueError(f"shape {self.shape_name!r} is not a {self._kind}")

    def __getitem__(self, item: int | str) -> Any:
        if isinstance(item, bool) or not isinstance(item, (int, str)):
            raise TypeError(
                f"{self.expr['Get']}: index with an int ([0]) or a name (['train']), got {item!r}"
            )
        if isinstance(item, str) and "'" in item:
            raise ValueError(f"{self.expr['Get']}: a key cannot contain a single quote: {item!r}")
        if item not in self._children:
            suffix = f"['{item}']" if isinstance(item, str) else f"[{item}]"
            element = shapes.element(self.shape_name) if self.shape_name else ""
            self._children[item] = _node(self, f"{self.path}{suffix}", element)
        return self._children[item]


class PropertiesList(_IndexedProperties):
    """A list-typed property: ``[0]`` selects by position, ``['name']`` by the element's name."""

    _kind = "list"


class PropertiesMap(_IndexedProperties):
    """A map-typed property: ``['key']`` selects a value."""

    _kind = "map"


def _node(parent: Properties, path: str, shape: str) -> Properties:
    step_name, step = parent.step_name, parent._step
    kind = shapes.kind(shape) if shape else ""
    if kind == "list":
        return PropertiesList(step_name, path, shape, step=step)
    if kind == "map":
        return PropertiesMap(step_name, path, shape, step=step)
    return Properties(step_name, path, shape or None, step=step)


class PropertyFile(Expression):
    """A JSON file a Processing step writes to one of its outputs, readable with ``JsonGet``.

    Attributes:
        name: The name ``JsonGet`` refers to.
        output_name: The processing output (``ProcessingOutput.output_name``) holding the file.
        path: The file's path relative to that output, e.g. ``evaluation.json``.
    """

    def __init__(self, name: str, output_name: str, path: str) -> None:
        for field, value in (("name", name), ("output_name", output_name), ("path", path)):
            if not isinstance(value, str) or not value:
                raise ValueError(f"PropertyFile {field} must be a non-empty string, got {value!r}")
        self.name = name
        self.output_name = output_name
        self.path = path

    @property
    def expr(self) -> dict[str, str]:
        """The entry of a Processing step's ``PropertyFiles`` list."""
        return {
            "PropertyFileName": self.name,
            "OutputName": self.output_name,
            "FilePath": self.path,
        }

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PropertyFile):
            return NotImplemented
        return self.expr == other.expr

    def __hash__(self) -> int:
        return hash((self.name, self.output_name, self.path))

    def __repr__(self) -> str:
        return (
            f"PropertyFile(name={self.name!r}, output_name={self.output_name!r}, "
            f"path={self.path!r})"
        )
