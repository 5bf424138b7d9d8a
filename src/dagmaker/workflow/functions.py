"""Pipeline functions evaluated at run time: ``Join`` and ``JsonGet``.

``JsonGet`` has two forms:

* property file: ``JsonGet(step_name=step.name, property_file=report, json_path="a.b")``
  (or ``step=step``), reading a JSON file a Processing step declared in ``property_files``;
* S3 URI: ``JsonGet(s3_uri=Join(on="/", values=[...]), json_path="Result['k']")``, reading
  any JSON object; the ``Join`` may hold only literals, parameters, execution variables
  and step properties.
"""

from __future__ import annotations

from typing import Any

from dagmaker._lib import json_path as json_path_lang
from dagmaker.workflow.entities import Join, PipelineVariable, is_pipeline_variable
from dagmaker.workflow.execution_variables import ExecutionVariable
from dagmaker.workflow.parameters import Parameter
from dagmaker.workflow.properties import Properties, PropertyFile

__all__ = ["Join", "JsonGet"]

_S3_URI_VALUES = (Parameter, ExecutionVariable, Properties)


class JsonGet(PipelineVariable):
    """Read a value from a JSON file at run time (``Std:JsonGet``).

    Attributes:
        step_name: The Processing step that wrote the property file.
        property_file: The :class:`PropertyFile`, or its name.
        json_path: Where the value sits in the file: ``a.b``, ``a['b']``, ``a[0]``.
        s3_uri: A ``Join`` giving the S3 URI of the JSON file (the other form).
        step: The step object, instead of (or as well as) ``step_name``.
    """

    def __init__(
        self,
        step_name: str | None = None,
        property_file: PropertyFile | str | None = None,
        json_path: str | None = None,
        s3_uri: Join | None = None,
        step: Any = None,
    ) -> None:
        if property_file and s3_uri:
            raise ValueError(
                "JsonGet takes either property_file= (with step_name= or step=) or s3_uri=, "
                "not both"
            )
        if not property_file and not s3_uri:
            raise ValueError(
                "JsonGet needs property_file= (with step_name= or step=) or s3_uri= "
                "(a Join giving the S3 URI of a JSON file)"
            )
        self.step_name = _step_name(step_name, step)
        self.property_file = property_file
        self.json_path = _checked_path(json_path)
        self.s3_uri = s3_uri
        self.step = step
        if property_file:
            _check_property_file_form(self)
        else:
            _check_s3_uri(s3_uri)

    @property
    def property_file_name(self) -> str | None:
        """The name of the property file read, for the property-file form."""
        if isinstance(self.property_file, PropertyFile):
            return self.property_file.name
        return self.property_file

    @property
    def expr(self) -> dict[str, Any]:
        """The ``Std:JsonGet`` expression."""
        if self.property_file:
            source = {"Get": f"Steps.{self.step_name}.PropertyFiles.{self.property_file_name}"}
            return {"Std:JsonGet": {"PropertyFile": source, "Path": self.json_path}}
        assert self.s3_uri is not None
        return {"Std:JsonGet": {"S3Uri": self.s3_uri.expr, "Path": self.json_path}}

    @property
    def _referenced_steps(self) -> list[Any]:
        steps: list[Any] = []
        if self.step is not None:
            steps.append(self.step)
        elif self.step_name:
            steps.append(self.step_name)
        if self.s3_uri is not None:
            steps.extend(self.s3_uri._referenced_steps)
        return steps

    def __repr__(self) -> str:
        source = (
            f"property_file={self.property_file_name!r}, step_name={self.step_name!r}"
            if self.property_file
            else f"s3_uri={self.s3_uri!r}"
        )
        return f"JsonGet({source}, json_path={self.json_path!r})"


def _step_name(step_name: str | None, step: Any) -> str | None:
    if step is None:
        return step_name
    name = getattr(step, "name", None)
    if not isinstance(name, str):
        raise TypeError(f"JsonGet(step=...) must be a pipeline step, got {step!r}")
    if step_name is not None and step_name != name:
        raise ValueError(f"JsonGet got step_name={step_name!r} but step={name!r}; give one of them")
    return name


def _checked_path(json_path: str | None) -> str:
    if not isinstance(json_path, str) or not json_path:
        raise ValueError(
            f"JsonGet needs json_path=, e.g. 'metrics.accuracy.value', got {json_path!r}"
        )
    try:
        json_path_lang.parse(json_path)
    except json_path_lang.PathSyntaxError as exc:
        raise ValueError(
            f"JsonGet json_path {json_path!r} is not supported: {exc}; use dotted keys "
            "with ['key'] or [0] indexes"
        ) from None
    return json_path


def _check_property_file_form(json_get: JsonGet) -> None:
    property_file = json_get.property_file
    if not isinstance(property_file, (PropertyFile, str)):
        raise TypeError(
            f"JsonGet property_file must be a PropertyFile or its name, got {property_file!r}"
        )
    if not isinstance(json_get.step_name, str) or not json_get.step_name:
        raise ValueError(
            f"JsonGet of property file {json_get.property_file_name!r} needs the Processing "
            "step that writes it: pass step_name=step.name or step=step"
        )


def _check_s3_uri(s3_uri: Any) -> None:
    if not isinstance(s3_uri, Join):
        raise ValueError(
            f"JsonGet s3_uri must be a dagmaker.workflow.functions.Join, got {s3_uri!r}; "
            "wrap a fixed URI as Join(on='', values=['s3://bucket/key.json'])"
        )
    for value in s3_uri.values:
        if is_pipeline_variable(value) and not isinstance(value, _S3_URI_VALUES):
            raise ValueError(
                f"JsonGet s3_uri {s3_uri!r}: a Join value of type {type(value).__name__} "
                "is not allowed; the values may only be literals, parameters, execution "
                "variables or step properties"
            )
